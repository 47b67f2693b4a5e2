"""Field layout of the packed arrays the compiled flight controller reads and writes.

As in :mod:`dronedojo.physics.layout`, the public API is frozen dataclasses with named views;
underneath, each is one float64 array, one row per drone. The camera-drone navigation keeps
its own arrays (:mod:`dronedojo.fc.nav_layout`). After changing a number here, clear numba's
caches (``find src -name '*.nbi' -delete``): they are keyed on source files, not constants.

Sign conventions are the physics' (DESIGN.md): body FLU, so + roll is right wing down, + pitch
is nose down, + yaw is nose left; the controller works in deg/s internally where Betaflight
does (its gains are in the firmware's units) and converts at the edges.
"""

from __future__ import annotations

# --- Pilot input: one row per drone, shape (N, INPUT_SIZE) ------------------------------------
I_ROLL = 0  # roll stick, -1 (left) to 1 (right)
I_PITCH = 1  # pitch stick, -1 (back) to 1 (forward)
I_YAW = 2  # yaw stick, -1 (left) to 1 (right)
I_THROTTLE = 3  # throttle stick, 0 (down) to 1 (up)
I_ARM = 4  # arm switch, 0 or 1
I_MODE = 5  # flight-mode switch: one of the pilot-selectable MODE_* codes
I_RTH = 6  # return-to-home switch / button held, 0 or 1 (camera drones)
I_LINK = 7  # 1 when RC frames arrive, 0 while the link is lost (a fault or a dropped client)
INPUT_SIZE = 8

# --- Flight modes (active mode in the state; pilot-selectable ones in the input) -------------
MODE_ACRO = 0  # Betaflight rate mode
MODE_ANGLE = 1  # Betaflight self-level
MODE_HORIZON = 2  # Betaflight self-level blended with rate by stick and inclination
MODE_POSITION = 3  # camera drone: GPS position hold, sticks command acceleration/velocity
MODE_ALTITUDE = 4  # camera drone ATTI: attitude and altitude held, drifts with the wind
MODE_RETURN = 5  # return to home and land
MODE_LAND = 6  # land where it is
MODE_HOLD = 7  # failsafe hover in place (camera drone, link lost, action "hover")
MODE_FAILSAFE_LAND = 8  # Betaflight failsafe stage 2 "LAND": level, fixed throttle, disarm
MODES = (
    "acro",
    "angle",
    "horizon",
    "position",
    "altitude",
    "return",
    "land",
    "hold",
    "failsafe_land",
)

# --- Arming refusal reasons (Betaflight's arming-disable flags that apply here) --------------
REFUSE_NONE = 0
REFUSE_THROTTLE = 1  # throttle not low
REFUSE_ANGLE = 2  # tilted beyond small_angle
REFUSE_CRASH = 3  # a crash was detected: the pilot must reset
REFUSE_ARM_SWITCH = 4  # the arm switch was on when the controller started: toggle it
REFUSE_FAILSAFE = 5  # failsafe active
REFUSALS = ("none", "throttle", "angle", "crash", "arm_switch", "failsafe")

# --- Events raised in one step: bits of an int64 per drone -----------------------------------
EV_ARMED = 1 << 0
EV_DISARMED = 1 << 1
EV_ARM_REFUSED = 1 << 2
EV_MODE_CHANGED = 1 << 3
EV_GPS_LOST = 1 << 4  # GPS fix lost: POSITION fell back to ATTI (altitude mode)
EV_GPS_RECOVERED = 1 << 5
EV_LINK_LOST = 1 << 6
EV_LINK_RECOVERED = 1 << 7
EV_FAILSAFE = 1 << 8  # the link-loss failsafe action started
EV_RETURN = 1 << 9  # return to home started (switch, failsafe or low battery)
EV_LOW_BATTERY = 1 << 10  # low-battery return started
EV_FORCED_LANDING = 1 << 11  # critical battery: landing where it is
EV_LANDED = 1 << 12  # touchdown detected
EV_CRASH_DISARM = 1 << 13  # disarmed because a crash was detected
EV_TAKEOFF = 1 << 14
EVENTS = (
    "armed",
    "disarmed",
    "arm_refused",
    "mode_changed",
    "gps_lost",
    "gps_recovered",
    "link_lost",
    "link_recovered",
    "failsafe",
    "return",
    "low_battery",
    "forced_landing",
    "landed",
    "crash_disarm",
    "takeoff",
)

# --- Sensor readings: what the controller sees, one row per drone, (N, READINGS_SIZE) --------
R_GYRO = 0  # body rates from the gyro, body FLU, rad/s (3)
R_ACCEL = 3  # specific force from the accelerometer, body FLU, m/s^2 (3) (level at rest: +g z)
R_QUAT = 6  # attitude estimate (w, x, y, z), body FLU -> world ENU; yaw carries compass error (4)
R_BARO = 10  # barometric altitude above the take-off ground, m
R_GPS_POS = 11  # GPS position, world ENU relative to the origin, m (3); held between fixes
R_GPS_VEL = 14  # GPS velocity, world ENU, m/s (3)
R_GPS_FIX = 17  # 1 with a 3D fix, 0 without
R_GPS_NEW = 18  # 1 on the step a new GPS sample arrives, else 0
R_VOLT = 19  # battery voltage, V
R_CURRENT = 20  # battery current, A
R_CRASH = 21  # 1 once an impact has been detected (accelerometer), else 0
R_TIME = 22  # time of the reading, s
READINGS_SIZE = 23

# --- Controller state: one row per drone, shape (N, STATE_SIZE) ------------------------------
F_ARMED = 0  # 1 armed, 0 disarmed
F_MODE = 1  # active MODE_* code
F_ARM_SWITCH = 2  # arm switch seen in the previous step (edge detection); -1 before the first
F_REFUSAL = 3  # REFUSE_* code of the last refused arming (kept until the next attempt)
F_LINK_LOST_T = 4  # time the RC link has been lost, s (0 while it is up)
F_FAILSAFE = 5  # 0 none, 1 stage 1 (sticks held centred), 2 stage 2 (procedure running)
F_ITERM = 6  # PID I-term per axis roll, pitch, yaw, firmware units (3)
F_GYRO_F = 9  # gyro after the gyro low-pass, deg/s (3)
F_DTERM = 12  # D-term input after low-pass 1 (3) and low-pass 2 (3), deg/s (6)
F_SP_SMOOTH = 18  # RC-smoothing PT3 stages of the rate setpoint, deg/s (3 axes x 3 stages)
F_SP_PREV = 27  # smoothed setpoint of the previous step, deg/s (3) (feedforward)
F_ATT_FILT = 30  # PT3 stages of the ANGLE-mode rate output, roll and pitch, deg/s (2 x 3)
F_HORIZON = 36  # HORIZON-mode strength after its delay filter, 0-1
F_THROTTLE = 37  # throttle the mixer used in the last step, 0-1
F_MOTOR = 38  # motor outputs of the last step, 0-1 before the ESC's idle mapping (4)
F_SETPOINT = 42  # rate setpoint of the last step, deg/s, body FLU (3)
F_TIME = 45  # controller time, s
F_ARMED_TIME = 46  # time armed, s (the flight timer)
F_CRASH = 47  # 1 after a crash disarm, until the crash reading clears
F_DISARM_REASON = 48  # why the last disarm happened: 0 switch, 1 crash, 2 failsafe, 3 landed
F_ANGLE_FF = 49  # PT3 stages of the ANGLE-mode feedforward, roll and pitch, deg/s (2 x 3)
F_FF = 55  # feedforward input: smoothed setpoint speed per axis, deg/s^2 (3)
F_YAW_SP = 58  # yaw rate setpoint the earth-reference coupling uses, deg/s
F_ANGLE_TARGET = 59  # ANGLE-mode target angles of the previous step, roll and pitch, deg (2)
F_STICKS = 61  # input as the controller used it after the link watch (layout I_*) (8)
F_RC_IN = 69  # roll, pitch, yaw, throttle sticks of the last RC processing (4); NaN = none yet
F_RC_OUT = 73  # its results: raw rate setpoints, deg/s (3), mixer throttle 0-1 (1)
F_TICK = 77  # navigation phase: the camera-drone navigation runs when it reaches 0
F_NAV_OUT = 78  # navigation outputs held between its runs: roll, pitch, yaw rate, thrust (4)
F_GPS_LATCH = 82  # 1 when a GPS sample arrived since the navigation last ran
F_RELAX = 83  # I-term relax: low-passed rate setpoint per axis, deg/s (3)
STATE_SIZE = 86

NAV_DIVIDER = 10
"""The camera-drone navigation (estimator, position and altitude control, return to home) runs
every NAV_DIVIDER controller steps, 100 Hz at the default 1 kHz, as PX4's position controller
runs at the rate of its position estimate; attitude and rate control run every step. Drones
are staggered over the phases so every step does a tenth of the work."""

DISARM_SWITCH = 0
DISARM_CRASH = 1
DISARM_FAILSAFE = 2
DISARM_LANDED = 3

# --- Controller parameters: one row per drone, shape (N, PARAMS_SIZE) ------------------------
Q_KIND = 0  # KIND_FPV (Betaflight) or KIND_CAMERA (GPS camera drone)
Q_RATES_KIND = 1  # dronedojo.fc.rates kind code
Q_RATES = 2  # per axis roll, pitch, yaw: R, S, E, rate_limit in firmware units (3 x 4)
Q_QUICK_EXPO = 14  # quickrates_rc_expo, 0 or 1
Q_DEADBAND = 15  # roll/pitch deadband, us
Q_YAW_DEADBAND = 16  # yaw deadband, us
Q_THR_MID = 17  # thr_mid, percent
Q_THR_EXPO = 18  # thr_expo, percent
Q_THR_HOVER = 19  # thr_hover, percent (2025.12 curve)
Q_THR_CURVE = 20  # sticks.THROTTLE_BEZIER (2025.12) or sticks.THROTTLE_LEGACY (4.5)
Q_PID = 21  # P, I, D, F per axis roll, pitch, yaw, Betaflight units (3 x 4)
Q_PIDSUM_LIMIT = 33  # roll/pitch PID-sum limit, firmware units (500 = 50 % of the motor range)
Q_PIDSUM_LIMIT_YAW = 34
Q_ITERM_WINDUP = 35  # I-term limit as a fraction of the PID-sum limit
Q_GYRO_LPF_HZ = 36  # gyro low-pass cutoff, Hz (PT1)
Q_DTERM_LPF1_HZ = 37  # D-term low-pass 1 cutoff, Hz (PT1)
Q_DTERM_LPF2_HZ = 38  # D-term low-pass 2 cutoff, Hz (PT1)
Q_RC_SMOOTH_HZ = 39  # RC smoothing cutoff of the setpoint, Hz (PT3)
Q_ANGLE_LIMIT = 40  # ANGLE-mode maximum inclination, deg
Q_LEVEL_P = 41  # PID_LEVEL P: angle gain = P/10 deg/s per deg
Q_LEVEL_I = 42  # PID_LEVEL I: horizon gain = min(I/100, 1)
Q_LEVEL_D = 43  # PID_LEVEL D: horizon stick limit = D/100
Q_HORIZON_LIMIT = 44  # horizon_limit_degrees
Q_HORIZON_DELAY = 45  # horizon_delay_ms, s here
Q_EARTH_REF = 46  # angle_earth_ref, 0-1
Q_ATT_FILT_HZ = 47  # ANGLE-mode output PT3 cutoff, Hz
Q_AIRMODE = 48  # 1 airmode on
Q_SMALL_ANGLE = 49  # arming refused above this inclination, deg
Q_FAILSAFE_DELAY = 50  # link lost this long (s) -> stage 2
Q_FAILSAFE_PROC = 51  # stage 2 procedure for FPV: 0 drop (disarm), 1 land
Q_FAILSAFE_THROTTLE = 52  # throttle of the LAND procedure, 0-1
Q_FAILSAFE_LAND_TIME = 53  # the LAND procedure disarms after this long, s
Q_ATT_P = 54  # camera drones: attitude P gain, 1/s (rate setpoint per rad of error)
Q_TILT_RATE_MAX = 55  # camera drones: roll/pitch rate setpoint limit, deg/s
Q_MIN_THROTTLE = 56  # min_check as a 0-1 throttle: below it the throttle is low (arming, I-term)
Q_LEVEL_F = 57  # PID_LEVEL F: angle feedforward gain = F/100
Q_ANGLE_FF_HZ = 58  # ANGLE-mode feedforward PT3 cutoff, Hz
Q_FF_SMOOTH_HZ = 59  # feedforward smoothing PT1 cutoff, Hz
Q_TPA_RATE = 60  # TPA: D attenuation at full throttle, 0-1
Q_TPA_BREAKPOINT = 61  # TPA breakpoint, throttle 0-1
Q_MAX_RATE = 62  # full-stick rate per axis, not limited by rate_limit (maxRcRate), deg/s (3)
Q_RELAX_HZ = 65  # I-term relax cutoff on roll and pitch, Hz; 0 = off
Q_RELAX_THRESHOLD = 66  # setpoint change (high-passed) that stops I accumulating, deg/s
PARAMS_SIZE = 67

KIND_FPV = 0
KIND_CAMERA = 1
