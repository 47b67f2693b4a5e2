"""Field layout of the camera-drone navigation's packed arrays (see navigation.py).

Like :mod:`dronedojo.fc.layout`: one float64 row per drone, the numbers here are the only
place the layout is written and numba reads them as compile-time constants. After changing a
number, clear numba's caches (``find src -name '*.nbi' -delete``).

Frames: world ENU (x east, y north, z up), body FLU. Horizontal positions are in the GPS
frame (ENU relative to the world origin, as ``R_GPS_POS``); heights are in the barometer's
frame (m above the take-off ground, as ``R_BARO``). Heading (yaw) is the angle of the nose
from east, counter-clockwise seen from above, rad.
"""

from __future__ import annotations

# --- Parameters: one row per drone, shape (N, NAV_PARAMS_SIZE); built by NavConfig.to_row --
# Sticks (PX4 Sticks.cpp: expo_deadzone on every axis)
NQ_HOLD_DZ = 0  # stick deadzone, fraction of the half range (MPC_HOLD_DZ)
NQ_XY_EXPO = 1  # roll/pitch stick expo, 0-1 (MPC_XY_MAN_EXPO)
NQ_Z_EXPO = 2  # throttle stick expo, 0-1 (MPC_Z_MAN_EXPO)
NQ_YAW_EXPO = 3  # yaw stick expo, 0-1 (MPC_YAW_EXPO)
# POSITION: acceleration-based sticks (PX4 StickAccelerationXY.cpp)
NQ_ACC_HOR = 4  # horizontal acceleration, m/s^2; full stick asks for twice this (MPC_ACC_HOR)
NQ_VEL_MANUAL = 5  # horizontal speed limit of the stick law, m/s (MPC_VEL_MANUAL)
NQ_JERK_MAX = 6  # jerk limit of the stick acceleration, m/s^3 (MPC_JERK_MAX)
NQ_BRAKE_TAU = 7  # time constant of the brake-boost filter, s (PX4 hard-codes 0.8)
NQ_ACC_TILT_MAX = 8  # tilt limit as horizontal acceleration tan(MPC_TILTMAX_AIR) g, m/s^2
NQ_XY_VEL_MAX = 9  # absolute horizontal velocity-setpoint limit, m/s (MPC_XY_VEL_MAX)
# ALTITUDE (ATTI)
NQ_ACC_MAN_TILT = 10  # full roll/pitch stick as acceleration tan(MPC_MAN_TILT_MAX) g, m/s^2
# Vertical
NQ_Z_VEL_UP = 11  # climb rate at full throttle stick, m/s (MPC_Z_VEL_MAX_UP)
NQ_Z_VEL_DN = 12  # descent rate at zero throttle stick, m/s (MPC_Z_VEL_MAX_DN)
NQ_ACC_UP = 13  # vertical setpoint acceleration limit upwards, m/s^2 (MPC_ACC_UP_MAX)
NQ_ACC_DN = 14  # vertical setpoint acceleration limit downwards, m/s^2 (MPC_ACC_DOWN_MAX)
# Yaw
NQ_YAW_RATE_MAX = 15  # yaw rate at full yaw stick, rad/s (MPC_MAN_Y_MAX)
NQ_YAW_TAU = 16  # yaw-rate setpoint filter time constant, s (MPC_MAN_Y_TAU)
NQ_YAW_P = 17  # heading-hold gain, rad/s per rad (MC_YAW_P)
NQ_YAW_AUTO_MAX = 18  # yaw rate limit when turning towards home, rad/s (MPC_YAWRAUTO_MAX)
# Position / velocity cascade gains (PX4 PositionControl.cpp)
NQ_XY_P = 19  # horizontal position gain, (m/s)/m (MPC_XY_P)
NQ_XY_VEL_P = 20  # horizontal velocity P, (m/s^2)/(m/s) (MPC_XY_VEL_P_ACC)
NQ_XY_VEL_I = 21  # horizontal velocity I, (m/s^2)/m (MPC_XY_VEL_I_ACC)
NQ_XY_VEL_D = 22  # horizontal velocity D, (m/s^2)/(m/s^2) (MPC_XY_VEL_D_ACC)
NQ_Z_P = 23  # vertical position gain, (m/s)/m (MPC_Z_P)
NQ_Z_VEL_P = 24  # vertical velocity P, (m/s^2)/(m/s) (MPC_Z_VEL_P_ACC)
NQ_Z_VEL_I = 25  # vertical velocity I, (m/s^2)/m (MPC_Z_VEL_I_ACC)
NQ_Z_VEL_D = 26  # vertical velocity D, (m/s^2)/(m/s^2) (MPC_Z_VEL_D_ACC)
NQ_VELD_LP = 27  # low-pass cutoff of the acceleration used by the D terms, Hz (MPC_VELD_LP)
# Thrust
NQ_THR_HOVER = 28  # throttle that hovers, 0-1 (MPC_THR_HOVER; from the airframe model)
NQ_IDLE = 29  # ESC idle fraction of full rotor speed at throttle 0, 0-1 (airframe)
NQ_THR_MIN = 30  # minimum throttle in flight, 0-1 (MPC_THR_MIN)
NQ_THR_MAX = 31  # maximum throttle, 0-1 (MPC_THR_MAX)
# Estimator (complementary filter)
NQ_EST_POS_TAU = 32  # time constant of the GPS position correction, s
NQ_EST_VEL_TAU = 33  # time constant of the GPS velocity correction, s
NQ_EST_BIAS_TAU = 34  # time constant of the horizontal accelerometer-bias estimate, s
NQ_EST_BARO_TAU = 35  # time constant of the third-order barometer filter, s
# GPS health
NQ_GPS_LOST_T = 36  # no fix this long -> GPS lost (POSITION -> ATTI), s (COM_POS_FS_DELAY)
NQ_GPS_GOOD_T = 37  # fix back this long -> GPS recovered (ATTI -> POSITION), s
# Ground handling
NQ_TAKEOFF_THR = 38  # throttle stick above this takes off, 0-1
NQ_LAND_VZ_MAX = 39  # touchdown: |vertical speed| below this, m/s (LNDMC_Z_VEL_MAX)
NQ_LAND_TIME = 40  # touchdown: conditions held this long, s
NQ_DISARM_THR = 41  # throttle stick below this counts as fully down, 0-1
NQ_DISARM_THR_T = 42  # throttle held fully down on the ground this long -> disarm, s
NQ_DISARM_IDLE_T = 43  # armed on the ground without taking off this long -> disarm, s
# Return to home (DJI straight-line RTH) and landing (PX4 land speeds)
NQ_RTH_LAND_R = 44  # closer than this to home: land at once, m (DJI 5 m)
NQ_RTH_NEAR_R = 45  # closer than this: return at the current height, m (DJI 50 m)
NQ_RTH_MIN_ALT = 46  # lowest return height above home, m (DJI 2 m)
NQ_RTH_ALT = 47  # return height above home beyond NQ_RTH_NEAR_R, m
NQ_RTH_SPEED = 48  # cruise speed home, m/s (MPC_XY_CRUISE)
NQ_RTH_ARRIVE_R = 49  # above home within this radius: start the landing, m
NQ_AUTO_VEL_UP = 50  # climb rate in automatic flight, m/s (MPC_Z_V_AUTO_UP)
NQ_AUTO_VEL_DN = 51  # descent rate in automatic flight, m/s (MPC_Z_V_AUTO_DN)
NQ_LAND_SPEED = 52  # final descent rate when landing, m/s (MPC_LAND_SPEED)
NQ_LAND_ALT1 = 53  # below this height the descent slows towards NQ_LAND_SPEED, m (MPC_LAND_ALT1)
NQ_LAND_ALT2 = 54  # below this height descend at NQ_LAND_SPEED, m (MPC_LAND_ALT2)
# Failsafes
NQ_LINK_DELAY = 55  # RC link lost this long -> failsafe action, s (DJI 3 / 6 / 11 s)
NQ_LINK_ACTION = 56  # failsafe action: MODE_RETURN, MODE_LAND or MODE_HOLD code
NQ_CAPACITY = 57  # usable pack capacity, A s (0 disables the battery checks)
NQ_SOC_AT_ARM = 58  # charge at arming as a fraction of the capacity, 0-1
NQ_HOVER_CURRENT = 59  # pack current while hovering, A (from the airframe model)
NQ_BAT_RESERVE = 60  # low-battery RTH keeps this fraction of the capacity in reserve, 0-1
NQ_BAT_CRITICAL = 61  # forced landing keeps this fraction of the capacity in reserve, 0-1
NQ_CURRENT_TAU = 62  # time constant of the measured-current average, s
NAV_PARAMS_SIZE = 63

# --- State: one row per drone, shape (N, NAV_STATE_SIZE); nav_reset initialises it --------
# Estimator
NS_INIT = 0  # 0 until the first step has seeded the estimate, then 1
NS_POS = 1  # estimated position: x, y GPS frame ENU, z above take-off ground, m (3)
NS_VEL = 4  # estimated velocity, world ENU, m/s (3)
NS_ACC_BIAS = 7  # accelerometer bias estimate added to the measurement, world ENU, m/s^2 (3)
NS_ACC_F = 10  # low-passed world acceleration (velocity derivative), ENU, m/s^2 (3)
NS_GPS_DT = 13  # time since the last GPS sample, s
NS_GPS_OK = 14  # GPS usable: 1 yes, 0 lost, -1 never had a fix since reset
NS_GPS_GOOD_T = 15  # time the fix has been present continuously, s
NS_GPS_BAD_T = 16  # time the fix has been absent continuously, s
# Home and ground
NS_HOME = 17  # home: x, y GPS frame ENU, z above take-off ground, m (3)
NS_HOME_OK = 20  # 1 once home is recorded (needs a GPS fix), else 0
NS_ARMED = 21  # armed in the previous step, 0 or 1
NS_LANDED = 22  # 1 on the ground (motors idle), 0 flying
NS_GROUND_T = 23  # time on the ground since arming or touchdown, s
NS_TOUCH_T = 24  # time the touchdown conditions have held, s
NS_THR_LOW_T = 25  # time the throttle stick has been fully down on the ground, s
NS_THR_UP = 26  # 1 once the throttle stick has left the bottom since arming
# Modes and procedures
NS_MODE = 27  # active MODE_* code
NS_PROC = 28  # automatic procedure: PROC_* code (PROC_NONE = the pilot's mode)
NS_OWNER = 29  # what started the procedure: OWNER_* code
NS_FAILSAFE = 30  # 1 while the link-loss failsafe is active
NS_RTH_SW = 31  # RTH switch in the previous step, 0 or 1
NS_MODE_SW = 32  # pilot-requested mode in the previous step (MODE_* code)
NS_LOWBAT_DONE = 33  # 1 once the low-battery return has been triggered this flight
NS_RTH_PHASE = 34  # return phase: PHASE_* code
NS_RTH_ALT = 35  # return height, m above take-off ground (same frame as NS_POS z)
# Horizontal setpoints (stick acceleration law and position lock)
NS_XY_KIND = 36  # horizontal controller of the last step: XY_* code
NS_STICK_ACC = 37  # jerk-limited stick acceleration, world ENU, m/s^2 (2)
NS_BRAKE = 39  # brake-boost factor on the virtual drag, >= 1
NS_VEL_SP = 40  # integrated horizontal velocity setpoint, world ENU, m/s (2)
NS_ACC_FF = 42  # horizontal acceleration feed-forward of the last step, ENU, m/s^2 (2)
NS_POS_SP = 44  # position setpoint: x, y locked position, z locked height, m (3)
NS_XY_LOCK = 47  # 1 while the horizontal position is locked
NS_Z_LOCK = 48  # 1 while the height is locked
NS_VEL_CMD = 49  # velocity setpoint given to the velocity controller last step, ENU, m/s (3)
NS_VZ_SP = 52  # smoothed vertical velocity setpoint, m/s (+ up)
NS_VEL_INT = 53  # velocity-controller integrator, world ENU, m/s^2 (3)
# Yaw
NS_YAWSPEED = 56  # filtered yaw-rate setpoint from the stick, rad/s (+ nose left)
NS_YAW_SP = 57  # held heading, rad
NS_YAW_LOCK = 58  # 1 while the heading is held
# Battery
NS_CHARGE_USED = 59  # charge drawn since arming plus the part missing at arming, A s
NS_CURRENT_F = 60  # averaged measured current, A
# Outputs of the last step (telemetry)
NS_THRUST = 61  # throttle, 0-1
NS_ROLL_SP = 62  # roll target, rad
NS_PITCH_SP = 63  # pitch target, rad
NS_YAW_RATE_SP = 64  # yaw-rate target, rad/s
NAV_STATE_SIZE = 65

# --- Codes ------------------------------------------------------------------------------------
PROC_NONE = 0  # the pilot's mode (POSITION, or ALTITUDE without GPS)
PROC_RETURN = 1
PROC_LAND = 2
PROC_HOLD = 3

OWNER_NONE = 0
OWNER_PILOT = 1  # RTH switch
OWNER_FAILSAFE = 2  # RC link loss
OWNER_LOW_BATTERY = 3  # low-battery return
OWNER_CRITICAL = 4  # critical battery: forced landing

PHASE_CLIMB = 0  # climbing (or descending) to the return height, braking to a stop first
PHASE_CRUISE = 1  # flying straight home at the return height
PHASE_LAND = 2  # descending to touchdown

XY_NONE = 0  # on the ground
XY_STICK = 1  # stick acceleration law with position lock (POSITION, HOLD, LAND, RTH climb)
XY_TILT = 2  # sticks to tilt, no position or velocity control (ATTI)
XY_GOTO = 3  # straight to home (RTH cruise)
