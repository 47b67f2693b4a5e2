"""Camera-drone navigation (fc/navigation.py and its nav_* modules), called directly.

Most tests feed ``navigate`` synthetic readings of a drone at rest (the ``Bench``); two fly a
toy closed loop (point mass, first-order attitude, thrust ~ throttle^2, noisy GPS and baro)
to check that the pieces hold position in wind and bring the drone home.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from dronedojo.fc import layout as FL
from dronedojo.fc import nav_layout as N
from dronedojo.fc.nav_config import NavConfig
from dronedojo.fc.nav_control import attitude_for, throttle_for
from dronedojo.fc.nav_return import land_time, return_time
from dronedojo.fc.nav_sticks import deadzone, expo_deadzone, sqrt_linear
from dronedojo.fc.navigation import nav_reset, navigate

G = 9.80665
DT = 0.001
HOVER = 0.45  # hover throttle of the test airframe
IDLE = 0.1
CAPACITY = 3000 * 3.6  # 3000 mAh, A s
I_HOVER = 8.0  # A
CFG = NavConfig()


def quat_zyx(roll: float, pitch: float, yaw: float) -> tuple[float, float, float, float]:
    """Body -> world quaternion (w, x, y, z) of ZYX Euler angles, rad."""
    cr, sr = math.cos(roll / 2), math.sin(roll / 2)
    cp, sp = math.cos(pitch / 2), math.sin(pitch / 2)
    cy, sy = math.cos(yaw / 2), math.sin(yaw / 2)
    return (
        cy * cp * cr + sy * sp * sr,
        cy * cp * sr - sy * sp * cr,
        cy * sp * cr + sy * cp * sr,
        sy * cp * cr - cy * sp * sr,
    )


class Bench:
    """``navigate`` on readings of a drone at rest: level, heading ``yaw``, at ``pos`` (x, y
    GPS, z baro), a GPS sample every 0.1 s; armed from the first step unless told."""

    def __init__(
        self,
        pos: tuple[float, float, float] = (0.0, 0.0, 10.0),
        yaw: float = 0.0,
        cfg: NavConfig = CFG,
        armed: bool = True,
    ) -> None:
        self.q = cfg.to_row(HOVER, CAPACITY, I_HOVER, IDLE)
        self.s = np.full(N.NAV_STATE_SIZE, np.nan)
        nav_reset(self.q, self.s)
        self.inp = np.zeros(FL.INPUT_SIZE)
        self.inp[FL.I_THROTTLE] = 0.5
        self.inp[FL.I_MODE] = FL.MODE_POSITION
        self.inp[FL.I_LINK] = 1.0
        self.rd = np.zeros(FL.READINGS_SIZE)
        self.rd[FL.R_QUAT : FL.R_QUAT + 4] = quat_zyx(0.0, 0.0, yaw)
        self.rd[FL.R_ACCEL + 2] = G
        self.rd[FL.R_GPS_FIX] = 1.0
        self.armed = 1.0 if armed else 0.0
        self.link_lost_t = 0.0
        self.link_up = True
        self.k = 0
        self.place(pos)

    def place(self, pos: tuple[float, float, float]) -> None:
        self.rd[FL.R_GPS_POS : FL.R_GPS_POS + 2] = pos[:2]
        self.rd[FL.R_BARO] = pos[2]

    def step(self) -> tuple[float, float, float, float, float, float, int]:
        self.rd[FL.R_GPS_NEW] = 1.0 if self.k % 100 == 0 and self.rd[FL.R_GPS_FIX] else 0.0
        self.rd[FL.R_TIME] = self.k * DT
        if not self.link_up:
            self.link_lost_t += DT
        out = navigate(self.q, self.s, self.inp, self.rd, self.armed, self.link_lost_t, DT)
        self.k += 1
        return out

    def run(self, steps: int) -> list[tuple[float, float, float, float, float, float, int]]:
        return [self.step() for _ in range(steps)]

    def lose_link(self) -> None:
        """As the lead's kernel does: centred sticks, last mode and RTH switch."""
        self.link_up = False
        self.inp[FL.I_ROLL] = self.inp[FL.I_PITCH] = self.inp[FL.I_YAW] = 0.0
        self.inp[FL.I_THROTTLE] = 0.5

    def regain_link(self) -> None:
        self.link_up = True
        self.link_lost_t = 0.0

    def converge(self, seconds: float = 10.0) -> None:
        """Let the estimate settle on the readings."""
        self.run(round(seconds / DT))


def events(outs: list[tuple[float, float, float, float, float, float, int]], bit: int) -> int:
    """How many steps raised ``bit``."""
    return sum(1 for o in outs if o[6] & bit)


# --- stick shaping -----------------------------------------------------------------------------


def test_stick_curve_is_px4_expo_deadzone() -> None:
    # deadzone 0.1 cut out and the rest rescaled; expo 0.6: 0.4 v + 0.6 v^3
    assert deadzone(0.1, 0.1) == 0.0
    assert deadzone(0.55, 0.1) == pytest.approx(0.5)
    assert expo_deadzone(0.05, 0.6, 0.1) == 0.0
    assert expo_deadzone(0.55, 0.6, 0.1) == pytest.approx(0.4 * 0.5 + 0.6 * 0.125)  # 0.275
    assert expo_deadzone(-0.55, 0.6, 0.1) == pytest.approx(-0.275)
    assert expo_deadzone(1.0, 0.6, 0.1) == pytest.approx(1.0)
    assert expo_deadzone(1.7, 0.6, 0.1) == pytest.approx(1.0)
    assert sqrt_linear(0.25) == 0.5 and sqrt_linear(4.0) == 4.0 and sqrt_linear(-1.0) == 0.0


def test_throttle_stick_commands_climb_rate() -> None:
    b = Bench()
    b.inp[FL.I_THROTTLE] = 0.5 + 0.55 / 2  # zero-centred 0.55 -> shaped 0.275
    b.run(2000)
    assert b.s[N.NS_VZ_SP] == pytest.approx(0.275 * 3.0)  # MPC_Z_VEL_MAX_UP 3 m/s
    b.inp[FL.I_THROTTLE] = 0.5 - 0.55 / 2
    b.run(2000)
    assert b.s[N.NS_VZ_SP] == pytest.approx(-0.275 * 1.5)  # MPC_Z_VEL_MAX_DN 1.5 m/s
    b.inp[FL.I_THROTTLE] = 0.5
    b.run(1000)
    assert b.s[N.NS_VZ_SP] == 0.0 and b.s[N.NS_Z_LOCK] == 1.0
    assert b.s[N.NS_POS_SP + 2] == pytest.approx(10.0, abs=1e-6)


def test_yaw_stick_rate_sign_and_heading_hold() -> None:
    b = Bench(yaw=0.3)
    b.inp[FL.I_YAW] = 1.0  # right
    out = b.run(2000)[-1]
    assert out[3] == pytest.approx(-math.radians(150.0))  # MPC_MAN_Y_MAX, nose right = -
    b.inp[FL.I_YAW] = 0.0
    b.run(2000)  # the 0.08 s filter decays below float32 epsilon in about 1.4 s
    assert b.s[N.NS_YAW_LOCK] == 1.0 and b.s[N.NS_YAW_SP] == pytest.approx(0.3)
    b.rd[FL.R_QUAT : FL.R_QUAT + 4] = quat_zyx(0.0, 0.0, 0.2)  # turned 0.1 rad right
    assert b.step()[3] == pytest.approx(2.8 * 0.1)  # MC_YAW_P back to the held heading


def test_attitude_targets_follow_heading_and_sign_conventions() -> None:
    a = G * math.tan(math.radians(10.0))
    # nose north (yaw 90 deg): accelerate north = forward = nose down = + pitch
    roll, pitch = attitude_for(0.0, a, 0.0, 1.0)
    assert pitch == pytest.approx(math.radians(10.0)) and roll == pytest.approx(0.0)
    # nose north, accelerate east = to the right = right wing down = + roll
    roll, pitch = attitude_for(a, 0.0, 0.0, 1.0)
    assert roll == pytest.approx(math.radians(10.0)) and pitch == pytest.approx(0.0)


def test_throttle_inverts_the_quadratic_thrust_curve() -> None:
    q = CFG.to_row(HOVER, CAPACITY, I_HOVER, IDLE)
    i = IDLE / (1 - IDLE)
    u = throttle_for(q, 1.44)
    assert ((i + u) / (i + HOVER)) ** 2 == pytest.approx(1.44)
    assert throttle_for(q, 1.0) == pytest.approx(HOVER)
    assert throttle_for(q, 0.0) == CFG.thr_min and throttle_for(q, 100.0) == 1.0


# --- POSITION: PX4's acceleration-based stick law ---------------------------------------------


def px4_release(v: float, acc: float, dt: float) -> tuple[int, int, float]:
    """Oracle: PX4 StickAccelerationXY with default parameters along one axis from speed v
    (m/s) and stick acceleration acc (m/s^2), sticks released. Returns (step on which the
    position locks: |v|^2 below float32 epsilon, step on which v reaches 0, distance m)."""
    eps = 1.1920929e-07
    boost, steps, lock, dist = 1.0, 0, 0, 0.0
    while v > 0.0:
        acc = max(0.0, acc - 8.0 * dt)  # MPC_JERK_MAX
        boost += dt / (0.8 + dt) * (max(2.0, math.sqrt(10.0)) - boost)
        drag = 2 * 3.0 / 10.0 * boost * (math.sqrt(v) if v < 1.0 else v)
        if acc * acc < eps and v * v < drag * drag * dt * dt:
            v, drag = 0.0, 0.0
        v += max(acc - drag, -G) * dt  # tan(45 deg) g tilt limit
        steps += 1
        dist += v * dt
        if lock == 0 and v * v <= eps:
            lock = steps
    return lock, steps, dist


def test_release_from_full_speed_stops_in_2_927_s_over_9_73_m() -> None:
    """Full stick holds the setpoint at MPC_VEL_MANUAL 10 m/s (2 MPC_ACC_HOR = 6 m/s^2 against
    the drag 0.6 v); releasing the sticks ramps the stick acceleration down at 8 m/s^3 while
    the brake boost rises towards sqrt(10) with 0.8 s: the setpoint reaches zero after
    2.927 s and 9.73 m (at 1 kHz); the position locks 17 ms earlier, where PX4 locks it."""
    b = Bench()
    b.run(100)
    b.s[N.NS_VEL_SP : N.NS_VEL_SP + 2] = (10.0, 0.0)
    b.s[N.NS_STICK_ACC : N.NS_STICK_ACC + 2] = (6.0, 0.0)
    b.s[N.NS_BRAKE] = 1.0
    b.s[N.NS_XY_LOCK] = 0.0
    b.inp[FL.I_PITCH] = 1.0
    b.run(10)
    assert b.s[N.NS_VEL_SP] == pytest.approx(10.0, abs=1e-9)  # steady state
    b.inp[FL.I_PITCH] = 0.0
    steps, lock, dist = 0, 0, 0.0
    while b.s[N.NS_VEL_SP] != 0.0:
        b.step()
        steps += 1
        dist += b.s[N.NS_VEL_SP] * DT
        if lock == 0 and b.s[N.NS_XY_LOCK] == 1.0:
            lock = steps
            assert b.s[N.NS_POS_SP : N.NS_POS_SP + 2] == pytest.approx(b.s[N.NS_POS : N.NS_POS + 2])
        assert steps < 5000
    ref_lock, ref_steps, ref_dist = px4_release(10.0, 6.0, DT)
    assert steps == ref_steps == 2927
    assert lock == ref_lock == 2910  # |v| below 3.45e-4 m/s
    assert dist == pytest.approx(ref_dist, rel=1e-9)
    assert dist == pytest.approx(9.7265, abs=1e-4)
    assert b.s[N.NS_VEL_SP + 1] == 0.0
    assert b.s[N.NS_XY_LOCK] == 1.0


def test_full_stick_is_jerk_limited_and_capped_at_vel_manual() -> None:
    b = Bench(yaw=math.pi / 2)  # nose north: forward stick accelerates north
    b.run(100)
    b.inp[FL.I_PITCH] = 1.0
    b.run(100)
    assert b.s[N.NS_STICK_ACC + 1] == pytest.approx(8.0 * 0.1)  # MPC_JERK_MAX x 0.1 s
    assert b.s[N.NS_STICK_ACC] == pytest.approx(0.0, abs=1e-12)
    b.run(30000)
    assert b.s[N.NS_VEL_SP + 1] == pytest.approx(10.0, abs=1e-3)
    assert b.s[N.NS_VEL_SP + 1] <= 10.0
    assert b.s[N.NS_XY_LOCK] == 0.0


def test_stick_opens_the_position_lock_and_centring_relocks() -> None:
    b = Bench()
    b.run(500)
    assert b.s[N.NS_XY_LOCK] == 1.0
    b.inp[FL.I_ROLL] = 0.5
    locked = [b.s[N.NS_XY_LOCK] for _ in range(50) if b.step()]
    # the jerk-limited setpoint takes some steps to pass 3.45e-4 m/s, then the lock opens
    assert locked[0] == 1.0 and locked[-1] == 0.0
    assert b.s[N.NS_VEL_SP + 1] < 0.0  # right stick with the nose east: south
    b.inp[FL.I_ROLL] = 0.0
    b.run(3000)
    assert b.s[N.NS_XY_LOCK] == 1.0 and b.s[N.NS_VEL_SP] == 0.0


# --- GPS loss: POSITION -> ATTI -> POSITION ------------------------------------------------------


def test_gps_loss_falls_back_to_atti_after_1_s_and_recovers_after_3_s() -> None:
    b = Bench()
    b.run(1000)
    b.rd[FL.R_GPS_FIX] = 0.0
    outs = b.run(999)
    assert all(o[0] == FL.MODE_POSITION for o in outs) and events(outs, FL.EV_GPS_LOST) == 0
    out = b.step()  # 1 s without a fix (COM_POS_FS_DELAY)
    assert out[0] == FL.MODE_ALTITUDE
    assert out[6] & FL.EV_GPS_LOST and out[6] & FL.EV_MODE_CHANGED
    outs = b.run(5000)
    assert events(outs, FL.EV_GPS_LOST) == 0
    # ATTI: full stick = MPC_MAN_TILT_MAX (35 deg), no position or velocity hold
    b.inp[FL.I_PITCH] = 1.0
    out = b.step()
    assert out[2] == pytest.approx(math.radians(35.0)) and out[1] == pytest.approx(0.0)
    b.inp[FL.I_PITCH] = 0.0
    b.inp[FL.I_ROLL] = 1.0
    out = b.step()
    assert out[1] == pytest.approx(math.radians(35.0)) and out[2] == pytest.approx(0.0)
    b.inp[FL.I_ROLL] = 0.0
    out = b.step()
    assert out[1] == 0.0 and out[2] == 0.0
    b.rd[FL.R_GPS_FIX] = 1.0
    outs = b.run(2999)
    assert all(o[0] == FL.MODE_ALTITUDE for o in outs)
    out = b.step()
    assert out[0] == FL.MODE_POSITION and out[6] & FL.EV_GPS_RECOVERED
    assert events(b.run(2000), FL.EV_GPS_RECOVERED) == 0


# --- return to home --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("distance", "height", "phase", "rth_height"),
    [
        (3.0, 10.0, N.PHASE_LAND, 10.0),  # < 5 m: land at once
        (30.0, 10.0, N.PHASE_CRUISE, 10.0),  # 5-50 m: home at the current height
        (30.0, 1.2, N.PHASE_CLIMB, 2.0),  # ... but at least 2 m
        (200.0, 10.0, N.PHASE_CLIMB, 30.0),  # > 50 m: climb to the RTH height
        (200.0, 40.0, N.PHASE_CRUISE, 40.0),  # ... unless already higher
    ],
)
def test_rth_rules_follow_dji_straight_line_return(
    distance: float, height: float, phase: int, rth_height: float
) -> None:
    b = Bench(pos=(0.0, 0.0, height))  # armed in the air: home (0, 0), take-off ground 0
    b.step()
    b.place((distance, 0.0, height))
    b.converge()
    assert b.s[N.NS_POS] == pytest.approx(distance, abs=0.02)
    b.inp[FL.I_RTH] = 1.0
    out = b.step()
    assert out[0] == FL.MODE_RETURN and out[6] & FL.EV_RETURN
    assert b.s[N.NS_RTH_PHASE] == phase
    assert b.s[N.NS_RTH_ALT] == pytest.approx(rth_height, abs=1e-6)
    b.inp[FL.I_RTH] = 0.0  # the pilot's switch back cancels
    out = b.step()
    assert out[0] == FL.MODE_POSITION


def test_rth_without_gps_lands_instead() -> None:
    b = Bench()
    b.run(100)
    b.rd[FL.R_GPS_FIX] = 0.0
    b.run(1500)
    b.inp[FL.I_RTH] = 1.0
    out = b.step()
    assert out[0] == FL.MODE_LAND and not out[6] & FL.EV_RETURN


def test_gps_lost_during_return_lands() -> None:
    b = Bench()
    b.run(100)
    b.inp[FL.I_RTH] = 1.0
    assert b.step()[0] == FL.MODE_RETURN
    b.rd[FL.R_GPS_FIX] = 0.0
    outs = b.run(1000)
    assert outs[-2][0] == FL.MODE_RETURN
    assert outs[-1][0] == FL.MODE_LAND and outs[-1][6] & FL.EV_GPS_LOST


def test_return_and_land_times() -> None:
    q = CFG.to_row(HOVER, CAPACITY, I_HOVER, IDLE)
    # MPC_LAND_SPEED 0.7 below 5 m, linear to MPC_Z_V_AUTO_DN 1.5 at 10 m, 1.5 above
    below = 5.0 / 0.7
    ramp = math.log(1.5 / 0.7) / 0.16  # integral of dh / (0.7 + 0.16 (h - 5)) over 5..10 m
    assert land_time(q, 3.0) == pytest.approx(3.0 / 0.7)
    assert land_time(q, 10.0) == pytest.approx(below + ramp)
    assert land_time(q, 30.0) == pytest.approx(below + ramp + 20.0 / 1.5)
    # 200 m at 10 m: climb 20 m at 3 m/s, 200 m at 5 m/s, land from 30 m
    assert return_time(q, 200.0, 10.0) == pytest.approx(
        20.0 / 3.0 + 40.0 + below + ramp + 20.0 / 1.5
    )
    assert return_time(q, 3.0, 10.0) == pytest.approx(below + ramp)


# --- failsafes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "mode"),
    [(FL.MODE_RETURN, FL.MODE_RETURN), (FL.MODE_LAND, FL.MODE_LAND), (FL.MODE_HOLD, FL.MODE_HOLD)],
)
def test_link_loss_failsafe_after_exactly_the_delay(action: int, mode: int) -> None:
    b = Bench(cfg=replace(CFG, link_loss_action=action))
    b.run(100)
    b.lose_link()
    outs = b.run(2999)  # link lost for 2.999 s
    assert b.link_lost_t == pytest.approx(2.999)
    assert all(o[0] == FL.MODE_POSITION for o in outs) and events(outs, FL.EV_FAILSAFE) == 0
    out = b.step()  # 3.000 s
    assert out[0] == mode and out[6] & FL.EV_FAILSAFE and out[6] & FL.EV_MODE_CHANGED
    assert bool(out[6] & FL.EV_RETURN) == (action == FL.MODE_RETURN)
    outs = b.run(500)
    assert events(outs, FL.EV_FAILSAFE) == 0 and all(o[0] == mode for o in outs)
    b.regain_link()
    out = b.step()
    assert out[0] == FL.MODE_POSITION and out[6] & FL.EV_MODE_CHANGED


def test_link_loss_on_the_ground_disarms() -> None:
    b = Bench(pos=(0.0, 0.0, 0.0))
    b.run(100)
    b.lose_link()
    outs = b.run(3000)
    assert outs[-2][5] == 0.0 and outs[-1][5] == 1.0


def test_pilot_return_survives_link_loss_and_link_back() -> None:
    b = Bench()
    b.step()
    b.place((100.0, 0.0, 10.0))
    b.converge()
    b.inp[FL.I_RTH] = 1.0
    b.step()
    b.lose_link()  # the kernel keeps passing the last RTH switch value (1)
    outs = b.run(4000)
    assert all(o[0] == FL.MODE_RETURN for o in outs) and events(outs, FL.EV_FAILSAFE) == 1
    assert events(outs, FL.EV_RETURN) == 0  # no second start
    b.regain_link()
    assert b.step()[0] == FL.MODE_RETURN
    b.inp[FL.I_RTH] = 0.0
    assert b.step()[0] == FL.MODE_POSITION


def test_low_battery_return_triggers_when_charge_left_no_longer_covers_the_way_home() -> None:
    """At 200 m and 10 m: climb 20 m at 3 m/s, 200 m at 5 m/s, land from 30 m, at the hover
    current 8 A, plus 10 % of 10800 A s: needed = 8 * 71.906 s + 1080 = 1655.25 A s."""
    t = 20.0 / 3.0 + 200.0 / 5.0 + 5.0 / 0.7 + math.log(1.5 / 0.7) / 0.16 + 20.0 / 1.5
    needed = I_HOVER * t + 0.10 * CAPACITY
    assert needed == pytest.approx(1655.25, abs=0.01)
    soc = (needed + 1.5) / CAPACITY  # the pack holds 1.5 A s more than needed at arming
    b = Bench(pos=(0.0, 0.0, 10.0), cfg=replace(CFG, soc_at_arming=soc))
    b.step()
    b.place((200.0, 0.0, 10.0))
    b.converge()
    outs = b.run(10)
    assert events(outs, FL.EV_LOW_BATTERY) == 0 and outs[-1][0] == FL.MODE_POSITION
    b.rd[FL.R_CURRENT] = 1000.0  # 1 A s per step
    out = b.step()  # 0.5 A s above the need
    assert out[0] == FL.MODE_POSITION
    out = b.step()  # 0.5 A s below
    assert out[0] == FL.MODE_RETURN
    assert out[6] & FL.EV_LOW_BATTERY and out[6] & FL.EV_RETURN
    b.rd[FL.R_CURRENT] = 0.0
    assert events(b.run(100), FL.EV_LOW_BATTERY) == 0


def test_critical_battery_forces_a_landing_the_sticks_can_steer() -> None:
    """Critical: landing from 10 m takes 11.906 s at 8 A, plus 5 % of 10800 A s = 635.25 A s."""
    needed = I_HOVER * land_time(CFG.to_row(HOVER, CAPACITY, I_HOVER, IDLE), 10.0)
    needed += 0.05 * CAPACITY
    assert needed == pytest.approx(635.25, abs=0.01)
    b = Bench(cfg=replace(CFG, soc_at_arming=(needed + 1.5) / CAPACITY))
    out = b.step()
    assert out[0] == FL.MODE_RETURN and out[6] & FL.EV_LOW_BATTERY  # low already at take-off
    b.rd[FL.R_CURRENT] = 1000.0
    assert b.step()[0] == FL.MODE_RETURN
    out = b.step()
    assert out[0] == FL.MODE_LAND and out[6] & FL.EV_FORCED_LANDING
    b.rd[FL.R_CURRENT] = 0.0
    b.inp[FL.I_PITCH] = 1.0  # horizontal sticks still move the drone (DJI)
    b.inp[FL.I_RTH] = 1.0  # nothing else takes over
    outs = []
    b.s[N.NS_VEL + 2] = -0.7  # descending at 0.7 m/s (at rest it would be a ground contact)
    for _ in range(300):
        b.rd[FL.R_BARO] -= 0.7 * DT
        outs.append(b.step())
    assert all(o[0] == FL.MODE_LAND for o in outs)
    assert outs[-1][2] > math.radians(5.0)


# --- ground: take-off, touchdown, disarm -----------------------------------------------------


def test_on_the_ground_idle_without_windup_until_throttle_passes_62_5_percent() -> None:
    b = Bench(pos=(0.0, 0.0, 0.0))
    b.run(100)
    b.place((3.0, -2.0, 0.0))  # the estimate moves: nothing must wind up
    outs = b.run(3000)
    assert all(o[4] == 0.0 and o[1] == 0.0 and o[2] == 0.0 and o[3] == 0.0 for o in outs)
    assert np.all(b.s[N.NS_VEL_INT : N.NS_VEL_INT + 3] == 0.0)
    b.inp[FL.I_THROTTLE] = 0.62
    assert b.step()[4] == 0.0
    b.inp[FL.I_THROTTLE] = 0.63
    out = b.step()
    assert out[6] & FL.EV_TAKEOFF and out[4] > HOVER  # flies from this step on


def test_armed_on_the_ground_without_take_off_disarms_after_10_s() -> None:
    b = Bench(pos=(0.0, 0.0, 0.0))
    b.inp[FL.I_THROTTLE] = 0.0  # armed with the stick down: no stick disarm yet
    outs = b.run(10000)
    assert all(o[5] == 0.0 for o in outs[:-1]) and outs[-1][5] == 1.0  # COM_DISARM_PRFLT


def test_automatic_landing_touches_down_and_disarms() -> None:
    b = Bench(cfg=replace(CFG, link_loss_action=FL.MODE_LAND))
    b.run(100)
    b.lose_link()
    b.run(3000)
    assert b.s[N.NS_PROC] == N.PROC_LAND
    outs = b.run(1100)  # at rest: vertical speed ~0 while descending is commanded
    landed = [i for i, o in enumerate(outs) if o[6] & FL.EV_LANDED]
    assert len(landed) == 1 and 1000 <= landed[0] < 1100
    i = landed[0]
    assert outs[i][5] == 1.0 and outs[i][4] == 0.0
    assert all(o[5] == 1.0 and o[4] == 0.0 for o in outs[i:])
    assert all(o[5] == 0.0 for o in outs[:i])


def test_manual_landing_then_throttle_held_down_disarms() -> None:
    b = Bench()
    b.run(100)
    b.s[N.NS_VEL_INT : N.NS_VEL_INT + 2] = (1.5, 0.0)  # holding against wind from the west
    assert b.step()[1:3] != (0.0, 0.0)
    b.inp[FL.I_THROTTLE] = 0.0
    outs = b.run(1200)
    # at rest while descending is commanded: ground contact after 0.3 s, level, no integral
    assert outs[250][1:3] != (0.0, 0.0) and outs[350][1:3] == (0.0, 0.0)
    assert b.s[N.NS_VEL_INT] == 0.0
    landed = [i for i, o in enumerate(outs) if o[6] & FL.EV_LANDED]
    assert len(landed) == 1 and outs[landed[0]][5] == 0.0
    outs = outs[landed[0] + 1 :] + b.run(1500)
    disarm = [i for i, o in enumerate(outs) if o[5] == 1.0]
    assert disarm[0] == 1499  # 1.5 s with the stick fully down on the ground
    assert all(o[4] == 0.0 for o in outs)


# --- robustness and the estimator ----------------------------------------------------------


def test_first_step_and_bad_readings_give_finite_outputs() -> None:
    q = CFG.to_row(HOVER, CAPACITY, I_HOVER, IDLE)
    s = np.full(N.NAV_STATE_SIZE, np.nan)
    nav_reset(q, s)
    inp = np.zeros(FL.INPUT_SIZE)
    rd = np.zeros(FL.READINGS_SIZE)  # not even a quaternion
    for armed in (1.0, 1.0, 0.0, 1.0):
        out = navigate(q, s, inp, rd, armed, 0.0, DT)
        assert all(math.isfinite(v) for v in out[:6])
    rd[FL.R_BARO] = 12.0
    s2 = np.zeros(N.NAV_STATE_SIZE)
    nav_reset(q, s2)
    navigate(q, s2, inp, rd, 1.0, 0.0, DT)  # armed in the air
    rd[FL.R_BARO] = rd[FL.R_CURRENT] = rd[FL.R_ACCEL] = np.nan
    for _ in range(100):
        out = navigate(q, s2, inp, rd, 1.0, 0.0, DT)
    assert all(math.isfinite(v) for v in out[:6])
    assert np.all(np.isfinite(s2))


def test_estimator_holds_gps_noise_to_centimetres_and_learns_accelerometer_bias() -> None:
    rng = np.random.default_rng(7)
    b = Bench(pos=(3.0, -2.0, 5.0), yaw=0.0, armed=False)
    errors = []
    for k in range(40000):
        b.rd[FL.R_ACCEL] = 0.2  # a 0.2 m/s^2 bias on body x (= east)
        if k % 100 == 0:
            b.rd[FL.R_GPS_POS : FL.R_GPS_POS + 2] = np.array([3.0, -2.0]) + rng.normal(0, 0.4, 2)
            b.rd[FL.R_GPS_VEL : FL.R_GPS_VEL + 2] = rng.normal(0, 0.1, 2)
        b.rd[FL.R_BARO] = 5.0 + rng.normal(0, 0.1)
        b.step()
        if k >= 20000:
            errors.append(math.hypot(b.s[N.NS_POS] - 3.0, b.s[N.NS_POS + 1] + 2.0))
    assert max(errors) < 0.3  # single GPS samples scatter with 0.4 m per axis
    assert float(np.sqrt(np.mean(np.square(errors)))) < 0.15
    assert b.s[N.NS_ACC_BIAS] == pytest.approx(-0.2, abs=0.03)
    assert b.s[N.NS_POS + 2] == pytest.approx(5.0, abs=0.05)


# --- closed loop on a toy airframe -------------------------------------------------------


class Toy:
    """Point mass with first-order attitude (80 ms) and throttle (30 ms) response, thrust
    proportional to (idle + u)^2, linear air drag 0.3 /s, a hard floor; noisy readings."""

    def __init__(self, wind: tuple[float, float, float], seed: int) -> None:
        self.bench = Bench(pos=(0.0, 0.0, 0.0))
        self.rng = np.random.default_rng(seed)
        self.p = np.zeros(3)
        self.v = np.zeros(3)
        self.att = np.zeros(3)  # roll, pitch, yaw
        self.u = 0.0
        self.wind = np.array(wind)
        self.lost = False

    def step(self) -> tuple[float, float, float, float, float, float, int]:
        b = self.bench
        i = IDLE / (1 - IDLE)
        ratio = ((i + self.u) / (i + HOVER)) ** 2 if b.armed else 0.0
        w, x, y, z = quat_zyx(*self.att)
        up = np.array([2 * (x * z + w * y), 2 * (y * z - w * x), 1 - 2 * (x * x + y * y)])
        a = up * G * ratio - np.array([0.0, 0.0, G]) - 0.3 * (self.v - self.wind)
        if self.p[2] <= 0.0 and a[2] <= 0.0:
            a = -self.v / DT  # the floor stops it within the step
        f = a + np.array([0.0, 0.0, G])
        rot = np.array(
            [
                [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
                [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
                [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
            ]
        )
        b.rd[FL.R_ACCEL : FL.R_ACCEL + 3] = rot.T @ f + self.rng.normal(0, 0.05, 3)
        b.rd[FL.R_QUAT : FL.R_QUAT + 4] = (w, x, y, z)
        b.rd[FL.R_BARO] = self.p[2] + self.rng.normal(0, 0.1)
        if b.k % 100 == 0:
            b.rd[FL.R_GPS_POS : FL.R_GPS_POS + 3] = self.p + self.rng.normal(0, 0.4, 3)
            b.rd[FL.R_GPS_VEL : FL.R_GPS_VEL + 3] = self.v + self.rng.normal(0, 0.1, 3)
        b.rd[FL.R_CURRENT] = I_HOVER if b.armed else 0.0
        out = b.step()
        if out[5] > 0.5:
            b.armed = 0.0
        self.att[0] += DT / 0.08 * (out[1] - self.att[0])
        self.att[1] += DT / 0.08 * (out[2] - self.att[1])
        self.att[2] += out[3] * DT
        self.u += DT / 0.03 * (out[4] - self.u)
        self.v += a * DT
        self.p += self.v * DT
        self.p[2] = max(self.p[2], 0.0)
        return out

    def run(self, seconds: float) -> list[tuple[float, float, float, float, float, float, int]]:
        return [self.step() for _ in range(round(seconds / DT))]


def test_toy_holds_position_within_half_a_metre_in_5_m_s_wind() -> None:
    t = Toy(wind=(5.0, 0.0, 0.0), seed=3)
    t.bench.inp[FL.I_THROTTLE] = 0.9
    outs = t.run(3.0)
    assert events(outs, FL.EV_TAKEOFF) == 1
    t.bench.inp[FL.I_THROTTLE] = 0.5
    t.run(10.0)
    s = t.bench.s
    assert s[N.NS_XY_LOCK] == 1.0 and s[N.NS_Z_LOCK] == 1.0
    lock = s[N.NS_POS_SP : N.NS_POS_SP + 3].copy()
    err = []
    for _ in range(20000):
        t.step()
        err.append(np.hypot(*(t.p[:2] - lock[:2])))
    assert max(err) < 0.5
    assert abs(t.p[2] - lock[2]) < 0.2
    assert s[N.NS_VEL_INT] == pytest.approx(-0.3 * 5.0, abs=0.3)  # integral against the wind


def test_toy_returns_from_200_m_lands_at_home_and_disarms() -> None:
    t = Toy(wind=(2.0, 1.0, 0.0), seed=5)
    t.bench.inp[FL.I_THROTTLE] = 0.9
    t.run(3.0)
    t.bench.inp[FL.I_THROTTLE] = 0.5
    t.bench.inp[FL.I_PITCH] = 1.0  # nose east
    t.run(23.0)
    t.bench.inp[FL.I_PITCH] = 0.0
    t.run(5.0)
    assert 195.0 < t.p[0] < 235.0
    t.bench.inp[FL.I_RTH] = 1.0
    heights = []
    outs = []
    for _ in range(120000):
        outs.append(t.step())
        heights.append(t.p[2])
        if t.bench.armed == 0.0:
            break
    assert t.bench.armed == 0.0
    assert events(outs, FL.EV_RETURN) == 1 and events(outs, FL.EV_LANDED) == 1
    assert max(heights) == pytest.approx(30.0, abs=0.6)  # climbed to the RTH height
    assert np.hypot(*t.p[:2]) < 1.0
    assert t.p[2] == 0.0
    assert len(outs) < 100000  # about 90 s: 8 s climb, 45 s cruise, 27 s descent


# --- configuration -------------------------------------------------------------------------


def test_nav_config_row_and_validation() -> None:
    row = CFG.to_row(HOVER, CAPACITY, I_HOVER, IDLE)
    assert row.shape == (N.NAV_PARAMS_SIZE,) and np.all(np.isfinite(row))
    assert row[N.NQ_ACC_TILT_MAX] == pytest.approx(G)  # tan(45 deg) g
    assert row[N.NQ_ACC_MAN_TILT] == pytest.approx(math.tan(math.radians(35.0)) * G)
    assert row[N.NQ_YAW_RATE_MAX] == pytest.approx(math.radians(150.0))
    assert row[N.NQ_THR_HOVER] == HOVER and row[N.NQ_IDLE] == IDLE
    assert row[N.NQ_CAPACITY] == CAPACITY and row[N.NQ_HOVER_CURRENT] == I_HOVER
    assert row[N.NQ_LINK_ACTION] == FL.MODE_RETURN and row[N.NQ_LINK_DELAY] == 3.0
    assert CFG.to_row(HOVER, CAPACITY, I_HOVER)[N.NQ_IDLE] == 0.0
    with pytest.raises(ValueError, match="link_loss_action"):
        NavConfig(link_loss_action=FL.MODE_ACRO)
    with pytest.raises(ValueError, match="hover_throttle"):
        CFG.to_row(1.2, CAPACITY, I_HOVER)
    with pytest.raises(ValueError, match="land_alt2"):
        NavConfig(land_alt1=4.0)
