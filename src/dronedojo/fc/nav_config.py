"""Parameters of the camera-drone navigation, as PX4 and DJI name and default them.

Sources (facts only; see /work/shared/reference/flight-controller.md section 3):
PX4 ``src/modules/mc_pos_control/*_params.yaml`` and ``mc_pos_control_params.c`` for every
``MPC_*`` default, ``StickAccelerationXY.cpp`` for the brake-boost time constant, the commander's
``COM_POS_FS_DELAY`` (1 s) for the GPS-loss timeout, the land detector's ``LNDMC_Z_VEL_MAX``
(0.25 m/s); DJI user manuals for the return-to-home rules (Mavic 3 straight-line RTH: 5 m /
50 m / 2 m) and the link-loss delay (3 s Inspire 2, 6 s Inspire 3, 11 s Mini 2 / Mini 3).
Values marked "choice" are Drone Dojo's own where neither publishes one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dronedojo.fc import layout as FL
from dronedojo.fc import nav_layout as N
from dronedojo.fc.nav_sticks import G


@dataclass(frozen=True)
class NavConfig:
    """Every navigation parameter. Units are SI unless the name ends in ``_deg``."""

    # Sticks (PX4 Sticks.cpp)
    hold_dz: float = 0.1  # MPC_HOLD_DZ, fraction of the stick half range
    xy_expo: float = 0.6  # MPC_XY_MAN_EXPO
    z_expo: float = 0.6  # MPC_Z_MAN_EXPO
    yaw_expo: float = 0.6  # MPC_YAW_EXPO
    # POSITION, acceleration based (MPC_POS_MODE 4)
    acc_hor: float = 3.0  # MPC_ACC_HOR, m/s^2
    vel_manual: float = 10.0  # MPC_VEL_MANUAL, m/s
    jerk_max: float = 8.0  # MPC_JERK_MAX, m/s^3
    brake_tau: float = 0.8  # brake-boost filter time constant, s (StickAccelerationXY)
    tilt_max_deg: float = 45.0  # MPC_TILTMAX_AIR
    xy_vel_max: float = 12.0  # MPC_XY_VEL_MAX, m/s
    # ALTITUDE (DJI ATTI)
    man_tilt_max_deg: float = 35.0  # MPC_MAN_TILT_MAX
    # Vertical
    z_vel_up: float = 3.0  # MPC_Z_VEL_MAX_UP, m/s
    z_vel_dn: float = 1.5  # MPC_Z_VEL_MAX_DN, m/s
    acc_up: float = 4.0  # MPC_ACC_UP_MAX, m/s^2
    acc_dn: float = 3.0  # MPC_ACC_DOWN_MAX, m/s^2
    # Yaw
    yaw_rate_max_deg: float = 150.0  # MPC_MAN_Y_MAX, deg/s
    yaw_tau: float = 0.08  # MPC_MAN_Y_TAU, s
    yaw_p: float = 2.8  # MC_YAW_P, (rad/s)/rad
    yaw_auto_max_deg: float = 60.0  # MPC_YAWRAUTO_MAX, deg/s
    # Cascade gains
    xy_p: float = 0.95  # MPC_XY_P
    xy_vel_p: float = 1.8  # MPC_XY_VEL_P_ACC
    xy_vel_i: float = 0.4  # MPC_XY_VEL_I_ACC
    xy_vel_d: float = 0.2  # MPC_XY_VEL_D_ACC
    z_p: float = 1.0  # MPC_Z_P
    z_vel_p: float = 4.0  # MPC_Z_VEL_P_ACC
    z_vel_i: float = 2.0  # MPC_Z_VEL_I_ACC
    z_vel_d: float = 0.0  # MPC_Z_VEL_D_ACC
    veld_lp_hz: float = 5.0  # MPC_VELD_LP, Hz
    # Thrust
    thr_min: float = 0.12  # MPC_THR_MIN
    thr_max: float = 1.0  # MPC_THR_MAX
    # Estimator (choice: gains of a complementary filter, not PX4's EKF2)
    est_pos_tau: float = 1.0  # GPS position correction, s
    est_vel_tau: float = 0.5  # GPS velocity correction, s
    est_bias_tau: float = 5.0  # horizontal accelerometer bias, s
    est_baro_tau: float = 2.0  # third-order barometer filter, s
    # GPS health
    gps_lost_s: float = 1.0  # COM_POS_FS_DELAY, s
    gps_good_s: float = 3.0  # choice: fix back this long before POSITION returns, s
    # Ground handling
    takeoff_throttle: float = 0.625  # PX4 takes off above 62.5 % throttle stick
    land_vz_max: float = 0.25  # LNDMC_Z_VEL_MAX, m/s
    land_time: float = 1.0  # choice: touchdown conditions held this long, s
    disarm_throttle: float = 0.05  # choice: "fully down", 0-1
    disarm_throttle_s: float = 1.5  # choice within DJI/PX4's 1-3 s, s
    disarm_idle_s: float = 10.0  # COM_DISARM_PRFLT, s
    # Return to home
    rth_land_radius: float = 5.0  # DJI: closer than 5 m lands at once, m
    rth_near_radius: float = 50.0  # DJI: within 50 m returns at the current height, m
    rth_min_alt: float = 2.0  # DJI: climbs to at least 2 m, m
    rth_alt: float = 30.0  # return height beyond 50 m, m (DJI's minimum setting is 20 m)
    rth_speed: float = 5.0  # MPC_XY_CRUISE, m/s (DJI flies faster; raise it for DJI drills)
    rth_arrive_radius: float = 1.0  # choice: start the landing this close to home, m
    auto_vel_up: float = 3.0  # MPC_Z_V_AUTO_UP, m/s
    auto_vel_dn: float = 1.5  # MPC_Z_V_AUTO_DN, m/s
    land_speed: float = 0.7  # MPC_LAND_SPEED, m/s
    land_alt1: float = 10.0  # MPC_LAND_ALT1, m
    land_alt2: float = 5.0  # MPC_LAND_ALT2, m
    # Failsafes
    link_loss_delay: float = 3.0  # DJI Inspire 2 (6 s Inspire 3, 11 s Mini 2/3), s
    link_loss_action: int = FL.MODE_RETURN  # MODE_RETURN, MODE_LAND or MODE_HOLD
    soc_at_arming: float = 1.0  # choice: the pack is taken as full at arming, 0-1
    battery_reserve: float = 0.10  # choice: low-battery RTH arrives with 10 % left, 0-1
    battery_critical: float = 0.05  # choice: forced landing lands with 5 % left, 0-1
    current_tau: float = 5.0  # choice: averaging of the measured current, s

    def __post_init__(self) -> None:
        if self.link_loss_action not in (FL.MODE_RETURN, FL.MODE_LAND, FL.MODE_HOLD):
            raise ValueError(
                f"link_loss_action must be MODE_RETURN, MODE_LAND or MODE_HOLD, "
                f"got {self.link_loss_action}"
            )
        if not 0.0 <= self.hold_dz < 1.0:
            raise ValueError(f"hold_dz must be in [0, 1), got {self.hold_dz}")
        if not self.land_alt2 < self.land_alt1:
            raise ValueError("land_alt2 must be below land_alt1")
        if not self.rth_land_radius <= self.rth_near_radius:
            raise ValueError("rth_land_radius must not exceed rth_near_radius")
        for name in ("tilt_max_deg", "man_tilt_max_deg"):
            if not 0.0 < getattr(self, name) < 90.0:
                raise ValueError(f"{name} must be between 0 and 90 degrees")
        for name in ("acc_hor", "vel_manual", "jerk_max", "brake_tau", "yaw_tau", "rth_speed"):
            if getattr(self, name) <= 0.0:
                raise ValueError(f"{name} must be positive")

    def to_row(
        self,
        hover_throttle: float,
        capacity_as: float,
        hover_current_a: float,
        idle_fraction: float = 0.0,
    ) -> np.ndarray:
        """The NAV_PARAMS row, float64 (NAV_PARAMS_SIZE,).

        hover_throttle: throttle (0-1) that hovers the airframe (MPC_THR_HOVER's role).
        capacity_as: usable pack capacity, A s (0 turns the battery checks off).
        hover_current_a: pack current while hovering, A.
        idle_fraction: the ESC's idle speed as a fraction of full speed (the physics' idle),
            used to invert the throttle-to-thrust curve; 0 if unknown.
        """
        if not 0.0 < hover_throttle < 1.0:
            raise ValueError(f"hover_throttle must be in (0, 1), got {hover_throttle}")
        if capacity_as < 0.0 or hover_current_a < 0.0:
            raise ValueError("capacity_as and hover_current_a must not be negative")
        if not 0.0 <= idle_fraction < 1.0:
            raise ValueError(f"idle_fraction must be in [0, 1), got {idle_fraction}")
        rad = math.radians
        values = {
            N.NQ_HOLD_DZ: self.hold_dz,
            N.NQ_XY_EXPO: self.xy_expo,
            N.NQ_Z_EXPO: self.z_expo,
            N.NQ_YAW_EXPO: self.yaw_expo,
            N.NQ_ACC_HOR: self.acc_hor,
            N.NQ_VEL_MANUAL: self.vel_manual,
            N.NQ_JERK_MAX: self.jerk_max,
            N.NQ_BRAKE_TAU: self.brake_tau,
            N.NQ_ACC_TILT_MAX: math.tan(rad(self.tilt_max_deg)) * G,
            N.NQ_XY_VEL_MAX: self.xy_vel_max,
            N.NQ_ACC_MAN_TILT: math.tan(rad(self.man_tilt_max_deg)) * G,
            N.NQ_Z_VEL_UP: self.z_vel_up,
            N.NQ_Z_VEL_DN: self.z_vel_dn,
            N.NQ_ACC_UP: self.acc_up,
            N.NQ_ACC_DN: self.acc_dn,
            N.NQ_YAW_RATE_MAX: rad(self.yaw_rate_max_deg),
            N.NQ_YAW_TAU: self.yaw_tau,
            N.NQ_YAW_P: self.yaw_p,
            N.NQ_YAW_AUTO_MAX: rad(self.yaw_auto_max_deg),
            N.NQ_XY_P: self.xy_p,
            N.NQ_XY_VEL_P: self.xy_vel_p,
            N.NQ_XY_VEL_I: self.xy_vel_i,
            N.NQ_XY_VEL_D: self.xy_vel_d,
            N.NQ_Z_P: self.z_p,
            N.NQ_Z_VEL_P: self.z_vel_p,
            N.NQ_Z_VEL_I: self.z_vel_i,
            N.NQ_Z_VEL_D: self.z_vel_d,
            N.NQ_VELD_LP: self.veld_lp_hz,
            N.NQ_THR_HOVER: hover_throttle,
            N.NQ_IDLE: idle_fraction,
            N.NQ_THR_MIN: self.thr_min,
            N.NQ_THR_MAX: self.thr_max,
            N.NQ_EST_POS_TAU: self.est_pos_tau,
            N.NQ_EST_VEL_TAU: self.est_vel_tau,
            N.NQ_EST_BIAS_TAU: self.est_bias_tau,
            N.NQ_EST_BARO_TAU: self.est_baro_tau,
            N.NQ_GPS_LOST_T: self.gps_lost_s,
            N.NQ_GPS_GOOD_T: self.gps_good_s,
            N.NQ_TAKEOFF_THR: self.takeoff_throttle,
            N.NQ_LAND_VZ_MAX: self.land_vz_max,
            N.NQ_LAND_TIME: self.land_time,
            N.NQ_DISARM_THR: self.disarm_throttle,
            N.NQ_DISARM_THR_T: self.disarm_throttle_s,
            N.NQ_DISARM_IDLE_T: self.disarm_idle_s,
            N.NQ_RTH_LAND_R: self.rth_land_radius,
            N.NQ_RTH_NEAR_R: self.rth_near_radius,
            N.NQ_RTH_MIN_ALT: self.rth_min_alt,
            N.NQ_RTH_ALT: self.rth_alt,
            N.NQ_RTH_SPEED: self.rth_speed,
            N.NQ_RTH_ARRIVE_R: self.rth_arrive_radius,
            N.NQ_AUTO_VEL_UP: self.auto_vel_up,
            N.NQ_AUTO_VEL_DN: self.auto_vel_dn,
            N.NQ_LAND_SPEED: self.land_speed,
            N.NQ_LAND_ALT1: self.land_alt1,
            N.NQ_LAND_ALT2: self.land_alt2,
            N.NQ_LINK_DELAY: self.link_loss_delay,
            N.NQ_LINK_ACTION: float(self.link_loss_action),
            N.NQ_CAPACITY: capacity_as,
            N.NQ_SOC_AT_ARM: self.soc_at_arming,
            N.NQ_HOVER_CURRENT: hover_current_a,
            N.NQ_BAT_RESERVE: self.battery_reserve,
            N.NQ_BAT_CRITICAL: self.battery_critical,
            N.NQ_CURRENT_TAU: self.current_tau,
        }
        if sorted(values) != list(range(N.NAV_PARAMS_SIZE)):
            raise AssertionError("NavConfig.to_row does not fill every NQ_* field once")
        row = np.empty(N.NAV_PARAMS_SIZE)
        for index, value in values.items():
            row[index] = value
        return row
