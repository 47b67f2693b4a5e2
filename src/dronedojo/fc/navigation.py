"""GPS camera-drone navigation: sticks and readings in, attitude and thrust targets out.

The flight-controller kernel calls :func:`navigate` once per step for each camera drone
(KIND_CAMERA) and turns its attitude targets into body rates. One step:

1. estimate (nav_estimator): position/velocity from accelerometer, GPS and barometer; GPS
   health (lost after 1 s without a fix, recovered after a fix held for NQ_GPS_GOOD_T);
2. arming bookkeeping: home (estimated position at arming; later, when the GPS first becomes
   usable, as DJI records it), coulomb count, ground handling (idle until the throttle stick
   passes NQ_TAKEOFF_THR, disarm by throttle held down or idle timeout);
3. procedure (nav_return): RETURN / LAND / HOLD from the RTH switch, the link-loss failsafe
   and the battery; otherwise the pilot's POSITION or ALTITUDE (ALTITUDE while GPS is lost);
4. setpoints (nav_sticks): POSITION = PX4's acceleration-based stick law with position lock;
   ALTITUDE (ATTI) = sticks to tilt, no position or velocity hold; throttle = climb rate with
   height lock; yaw stick = yaw rate with heading lock; RETURN = climb, straight cruise home
   at NQ_RTH_SPEED while turning to face home, land; LAND = land-speed profile descent;
5. control (nav_control): position P -> velocity PID -> acceleration -> (roll, pitch, thrust);
6. touchdown detection: descent commanded, |vertical speed| < NQ_LAND_VZ_MAX and throttle
   below hover for NQ_LAND_TIME -> EV_LANDED (and disarm after an automatic landing); once
   they have held for GROUND_CONTACT the attitude targets are level and the horizontal
   integral is cleared, so that a wind correction cannot tip the drone over on the ground.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as FL
from dronedojo.fc import nav_layout as N
from dronedojo.fc.nav_control import attitude_for, velocity_control
from dronedojo.fc.nav_estimator import attitude, est_seed, est_update, gps_health, heading
from dronedojo.fc.nav_return import home_offset, land_speed, update_procedure
from dronedojo.fc.nav_sticks import (
    elapsed,
    expo_deadzone,
    slew_vertical,
    stick_acceleration_xy,
    stick_to_world,
    stick_yaw,
    vertical_manual,
    wrap_pi,
)
from dronedojo.physics._jit import clip, fmin, jit_inline
from dronedojo.physics._jit import jit_vector as jit_no_refcount

Array = NDArray[np.float64]

G = 9.80665

AIRBORNE_AT_ARM = 1.0
"""Armed with the estimated height above this (m): already flying (a scenario that starts in
the air), so no take-off is awaited and home height is the take-off ground (0)."""

CLIMB_DONE = 0.5
"""The return's climb is done within this many metres of the return height."""

DESCENDING = -0.1
"""Touchdown needs a vertical velocity command below this, m/s."""

GROUND_CONTACT = 0.3
"""Touchdown conditions held this long (s): ground contact, the attitude targets go level.
Long enough that the lag between commanding a descent and descending does not trigger it."""

THR_UP_MARGIN = 0.1
"""The throttle stick has left the bottom once it is this far above the disarm level."""

GOTO_FF_TAU = 0.2
"""Time constant of the low-pass on the return cruise's acceleration feed-forward, s."""

V_STICK = 0
V_RETURN_HEIGHT = 1
V_LAND = 2
"""What the vertical axis follows: the throttle stick, the return height, the landing descent."""


@jit_inline
def nav_reset(q: Array, s: Array) -> None:
    """Initialise a navigation state row ``s`` (NAV_STATE_SIZE,): disarmed, on the ground,
    estimate seeded from the first readings ``navigate`` sees. ``q`` is not read."""
    for i in range(N.NAV_STATE_SIZE):
        s[i] = 0.0
    s[N.NS_GPS_OK] = -1.0
    s[N.NS_LANDED] = 1.0
    s[N.NS_BRAKE] = 1.0
    s[N.NS_MODE] = FL.MODE_POSITION
    s[N.NS_MODE_SW] = FL.MODE_POSITION


@jit_inline
def _hold_ground(s: Array, yaw: float) -> None:
    """Setpoints at the current estimate, integrators and filters cleared (on the ground)."""
    for i in range(3):
        s[N.NS_VEL_INT + i] = 0.0
        s[N.NS_VEL_CMD + i] = 0.0
        s[N.NS_POS_SP + i] = s[N.NS_POS + i]
    for i in range(2):
        s[N.NS_VEL_SP + i] = 0.0
        s[N.NS_STICK_ACC + i] = 0.0
        s[N.NS_ACC_FF + i] = 0.0
    s[N.NS_BRAKE] = 1.0
    s[N.NS_VZ_SP] = 0.0
    s[N.NS_XY_KIND] = N.XY_NONE
    s[N.NS_XY_LOCK] = 0.0
    s[N.NS_Z_LOCK] = 0.0
    s[N.NS_YAWSPEED] = 0.0
    s[N.NS_YAW_SP] = yaw
    s[N.NS_YAW_LOCK] = 1.0
    s[N.NS_TOUCH_T] = 0.0


@jit_inline
def _on_arm(q: Array, s: Array, yaw: float) -> None:
    """Arming: record home, reset the flight's counters and procedures."""
    airborne = s[N.NS_POS + 2] > AIRBORNE_AT_ARM
    s[N.NS_HOME] = s[N.NS_POS]
    s[N.NS_HOME + 1] = s[N.NS_POS + 1]
    s[N.NS_HOME + 2] = 0.0 if airborne else s[N.NS_POS + 2]
    s[N.NS_HOME_OK] = 1.0 if s[N.NS_GPS_OK] > 0.5 else 0.0
    s[N.NS_CHARGE_USED] = (1.0 - q[N.NQ_SOC_AT_ARM]) * q[N.NQ_CAPACITY]
    s[N.NS_CURRENT_F] = 0.0
    s[N.NS_PROC] = N.PROC_NONE
    s[N.NS_OWNER] = N.OWNER_NONE
    s[N.NS_FAILSAFE] = 0.0
    s[N.NS_LOWBAT_DONE] = 0.0
    s[N.NS_RTH_PHASE] = N.PHASE_CLIMB
    s[N.NS_THR_UP] = 0.0
    s[N.NS_GROUND_T] = 0.0
    s[N.NS_THR_LOW_T] = 0.0
    _hold_ground(s, yaw)
    s[N.NS_LANDED] = 0.0 if airborne else 1.0


@jit_inline
def _enter_xy(s: Array, kind: int) -> None:
    """Initialise the horizontal setpoints when the horizontal controller changes."""
    prev = int(s[N.NS_XY_KIND])
    if kind == N.XY_STICK:
        if prev != N.XY_GOTO:  # from the ground or ATTI: start from the estimated velocity
            s[N.NS_VEL_SP] = s[N.NS_VEL]
            s[N.NS_VEL_SP + 1] = s[N.NS_VEL + 1]
        s[N.NS_STICK_ACC] = 0.0
        s[N.NS_STICK_ACC + 1] = 0.0
        s[N.NS_BRAKE] = 1.0
        s[N.NS_XY_LOCK] = 0.0
    elif kind == N.XY_GOTO:
        s[N.NS_VEL_SP] = s[N.NS_VEL_CMD]
        s[N.NS_VEL_SP + 1] = s[N.NS_VEL_CMD + 1]
        s[N.NS_XY_LOCK] = 0.0
    s[N.NS_XY_KIND] = kind


@jit_inline
def _mode_of(proc: int, req: float, gps_ok: bool) -> float:
    """Active MODE_* code for a procedure and the pilot's requested mode."""
    if proc == N.PROC_RETURN:
        return float(FL.MODE_RETURN)
    if proc == N.PROC_LAND:
        return float(FL.MODE_LAND)
    if proc == N.PROC_HOLD:
        return float(FL.MODE_HOLD)
    if req == FL.MODE_POSITION and gps_ok:
        return float(FL.MODE_POSITION)
    return float(FL.MODE_ALTITUDE)


@jit_inline
def _ground(
    q: Array, s: Array, inp: Array, link_lost_t: float, yaw: float, dt: float
) -> tuple[bool, bool]:
    """On the ground, armed: motors idle, setpoints held; returns (take off, ask to disarm).

    Disarm: throttle held fully down for NQ_DISARM_THR_T once it has left the bottom since
    arming (so arming with the stick down does not disarm at once), NQ_DISARM_IDLE_T on the
    ground, the link-loss failsafe, or a finished automatic landing (procedure still set).
    Take off: throttle stick above NQ_TAKEOFF_THR with the link up and no procedure.
    """
    thr = inp[FL.I_THROTTLE]
    _hold_ground(s, yaw)
    s[N.NS_GROUND_T] += dt
    if thr < q[N.NQ_DISARM_THR] and s[N.NS_THR_UP] > 0.5:
        s[N.NS_THR_LOW_T] += dt
    else:
        s[N.NS_THR_LOW_T] = 0.0
    disarm = (
        elapsed(s[N.NS_THR_LOW_T], q[N.NQ_DISARM_THR_T], dt)
        or elapsed(s[N.NS_GROUND_T], q[N.NQ_DISARM_IDLE_T], dt)
        or elapsed(link_lost_t, q[N.NQ_LINK_DELAY], dt)
        or s[N.NS_PROC] != N.PROC_NONE
    )
    takeoff = not disarm and link_lost_t <= 0.0 and thr > q[N.NQ_TAKEOFF_THR]
    return takeoff, disarm


@jit_inline
def _return_phase(q: Array, s: Array, pz: float, d: float) -> int:
    """Advance the return: climb (braked to a stop, at the return height) -> cruise -> land
    (at home, position locked on home). Returns the phase."""
    phase = int(s[N.NS_RTH_PHASE])
    if (
        phase == N.PHASE_CLIMB
        and pz >= s[N.NS_RTH_ALT] - CLIMB_DONE
        and s[N.NS_XY_LOCK] > 0.5
        and s[N.NS_XY_KIND] == N.XY_STICK
    ):
        phase = N.PHASE_CRUISE
    if phase == N.PHASE_CRUISE and d < q[N.NQ_RTH_ARRIVE_R]:
        phase = N.PHASE_LAND
        _enter_xy(s, N.XY_STICK)
        s[N.NS_POS_SP] = s[N.NS_HOME]
        s[N.NS_POS_SP + 1] = s[N.NS_HOME + 1]
        s[N.NS_XY_LOCK] = 1.0
        s[N.NS_VEL_SP] = 0.0
        s[N.NS_VEL_SP + 1] = 0.0
    s[N.NS_RTH_PHASE] = phase
    return phase


@jit_inline
def _vertical_sp(
    q: Array, s: Array, vertical: int, throttle: float, pz: float, dt: float
) -> tuple[float, float]:
    """(vertical velocity command m/s, feed-forward m/s^2): ``vertical`` 0 the throttle
    stick, 1 to the return height (MPC_Z_P, automatic rate limits), 2 landing descent; the
    automatic setpoints are slewed and fed forward only while the slew limits."""
    if vertical == V_STICK:
        return vertical_manual(q, s, throttle, pz, dt)
    s[N.NS_Z_LOCK] = 0.0
    if vertical == V_RETURN_HEIGHT:
        target = clip(
            q[N.NQ_Z_P] * (s[N.NS_RTH_ALT] - pz), -q[N.NQ_AUTO_VEL_DN], q[N.NQ_AUTO_VEL_UP]
        )
    else:
        target = -land_speed(q, pz - s[N.NS_HOME + 2])
    prev = s[N.NS_VZ_SP]
    vz = slew_vertical(q, prev, target, dt)
    s[N.NS_VZ_SP] = vz
    return vz, 0.0 if vz == target else (vz - prev) / dt


@jit_inline
def _goto_home(q: Array, s: Array, d: float, dx: float, dy: float, dt: float) -> None:
    """Velocity setpoint straight at home: min(cruise, sqrt(2 (MPC_ACC_HOR / 2) d), MPC_XY_P d)
    (stops with half the horizontal acceleration, ends as position control on home), slewed
    at MPC_ACC_HOR. The slew is fed forward through a GOTO_FF_TAU low-pass: the acceleration
    phases last seconds, the steps a GPS correction makes in the target one step."""
    spd = fmin(fmin(q[N.NQ_RTH_SPEED], math.sqrt(q[N.NQ_ACC_HOR] * d)), q[N.NQ_XY_P] * d)
    tx = 0.0
    ty = 0.0
    if d > 1e-6:
        tx = dx / d * spd
        ty = dy / d * spd
    ex = tx - s[N.NS_VEL_SP]
    ey = ty - s[N.NS_VEL_SP + 1]
    en = math.sqrt(ex * ex + ey * ey)
    step = q[N.NQ_ACC_HOR] * dt
    if en > step:
        ex *= step / en
        ey *= step / en
    s[N.NS_VEL_SP] += ex
    s[N.NS_VEL_SP + 1] += ey
    k = dt / (GOTO_FF_TAU + dt)
    s[N.NS_ACC_FF] += k * (ex / dt - s[N.NS_ACC_FF])
    s[N.NS_ACC_FF + 1] += k * (ey / dt - s[N.NS_ACC_FF + 1])


@jit_inline
def _horizontal_sp(
    q: Array, s: Array, kind: int, inp: Array, sticks: bool, cy: float, sy: float, dt: float
) -> tuple[float, float, float, float]:
    """(velocity command x, y m/s; acceleration feed-forward x, y m/s^2) for ``kind``."""
    fwd = 0.0
    left = 0.0
    if kind == N.XY_TILT:  # PX4 StickTiltXY: unshaped stick, unit disc, tan(tilt) g
        if sticks:
            fwd = clip(inp[FL.I_PITCH], -1.0, 1.0)
            left = -clip(inp[FL.I_ROLL], -1.0, 1.0)
        wx, wy = stick_to_world(fwd, left, cy, sy)
        k = q[N.NQ_ACC_MAN_TILT]
        return 0.0, 0.0, wx * k, wy * k
    if kind == N.XY_GOTO:
        d, dx, dy = home_offset(s)
        _goto_home(q, s, d, dx, dy, dt)
        return s[N.NS_VEL_SP], s[N.NS_VEL_SP + 1], s[N.NS_ACC_FF], s[N.NS_ACC_FF + 1]
    if sticks:
        fwd = expo_deadzone(inp[FL.I_PITCH], q[N.NQ_XY_EXPO], q[N.NQ_HOLD_DZ])
        left = -expo_deadzone(inp[FL.I_ROLL], q[N.NQ_XY_EXPO], q[N.NQ_HOLD_DZ])
    wx, wy = stick_to_world(fwd, left, cy, sy)
    px = s[N.NS_POS]
    py = s[N.NS_POS + 1]
    stick_acceleration_xy(q, s, wx, wy, px, py, dt)
    vcx = s[N.NS_VEL_SP]
    vcy = s[N.NS_VEL_SP + 1]
    if s[N.NS_XY_LOCK] > 0.5:
        vcx += q[N.NQ_XY_P] * (s[N.NS_POS_SP] - px)
        vcy += q[N.NQ_XY_P] * (s[N.NS_POS_SP + 1] - py)
    return vcx, vcy, s[N.NS_ACC_FF], s[N.NS_ACC_FF + 1]


@jit_inline
def _fly(
    q: Array,
    s: Array,
    inp: Array,
    proc: int,
    mode: float,
    head: tuple[float, float, float],
    gps_ok: bool,
    dt: float,
) -> tuple[float, float, float, float]:
    """Airborne setpoints and control: (roll rad, pitch rad, yaw rate rad/s, throttle 0-1);
    ``head`` is (yaw rad, cos yaw, sin yaw) of the attitude estimate."""
    yaw, cy, sy = head
    pz = s[N.NS_POS + 2]
    d, dx, dy = home_offset(s)
    sticks = mode in (FL.MODE_POSITION, FL.MODE_ALTITUDE, FL.MODE_LAND)
    vertical = V_STICK
    kind = N.XY_STICK
    if proc == N.PROC_RETURN:
        phase = _return_phase(q, s, pz, d)
        vertical = V_LAND if phase == N.PHASE_LAND else V_RETURN_HEIGHT
        if phase == N.PHASE_CRUISE:
            kind = N.XY_GOTO
    elif proc == N.PROC_LAND:
        vertical = V_LAND
    if not gps_ok or mode == FL.MODE_ALTITUDE:
        kind = N.XY_TILT
    if kind != int(s[N.NS_XY_KIND]):
        _enter_xy(s, kind)

    vcz, ffz = _vertical_sp(q, s, vertical, inp[FL.I_THROTTLE] if sticks else 0.5, pz, dt)
    vcx, vcy, ffx, ffy = _horizontal_sp(q, s, kind, inp, sticks, cy, sy, dt)
    ax, ay, _az, u = velocity_control(q, s, vcx, vcy, vcz, ffx, ffy, ffz, kind != N.XY_TILT, dt)
    roll, pitch = attitude_for(ax, ay, cy, sy)
    if s[N.NS_TOUCH_T] >= GROUND_CONTACT:  # level, no wind integral (as PX4 on ground contact)
        roll = 0.0
        pitch = 0.0
        s[N.NS_VEL_INT] = 0.0
        s[N.NS_VEL_INT + 1] = 0.0

    if kind == N.XY_GOTO and d > q[N.NQ_RTH_LAND_R]:  # turn to face home (DJI RTH)
        lim = q[N.NQ_YAW_AUTO_MAX]
        yaw_rate = clip(q[N.NQ_YAW_P] * wrap_pi(math.atan2(dy, dx) - yaw), -lim, lim)
        s[N.NS_YAW_LOCK] = 0.0
        s[N.NS_YAWSPEED] = 0.0
    else:
        yaw_rate = stick_yaw(q, s, inp[FL.I_YAW] if sticks else 0.0, yaw, dt)
    return roll, pitch, yaw_rate, u


@jit_inline
def _land_now(s: Array, yaw: float) -> tuple[float, float, float, float]:
    """Touchdown: on the ground from now on; returns the idle outputs."""
    s[N.NS_LANDED] = 1.0
    s[N.NS_GROUND_T] = 0.0
    s[N.NS_THR_LOW_T] = 0.0
    _hold_ground(s, yaw)
    return 0.0, 0.0, 0.0, 0.0


@jit_inline
def _store_outputs(s: Array, roll: float, pitch: float, yaw_rate: float, u: float) -> None:
    """Keep the step's outputs in the state for telemetry."""
    s[N.NS_ROLL_SP] = roll
    s[N.NS_PITCH_SP] = pitch
    s[N.NS_YAW_RATE_SP] = yaw_rate
    s[N.NS_THRUST] = u


@jit_inline
def _disarmed(s: Array, yaw: float, req: float, rth_sw: bool, gps_ok: bool) -> float:
    """Disarmed: everything held at rest, procedures cleared; returns the mode shown."""
    _hold_ground(s, yaw)
    s[N.NS_LANDED] = 1.0
    s[N.NS_ARMED] = 0.0
    s[N.NS_PROC] = N.PROC_NONE
    s[N.NS_OWNER] = N.OWNER_NONE
    s[N.NS_FAILSAFE] = 0.0
    mode = _mode_of(N.PROC_NONE, req, gps_ok)
    s[N.NS_MODE] = mode
    s[N.NS_MODE_SW] = req
    s[N.NS_RTH_SW] = 1.0 if rth_sw else 0.0
    _store_outputs(s, 0.0, 0.0, 0.0, 0.0)
    return mode


@jit_inline
def _bookkeeping(
    q: Array, s: Array, inp: Array, rd: Array, yaw: float, gps_ok: bool, dt: float
) -> None:
    """Armed: arming edge, home recorded once the GPS is usable, throttle seen off the
    bottom, coulomb count."""
    if s[N.NS_ARMED] < 0.5:
        _on_arm(q, s, yaw)
        s[N.NS_ARMED] = 1.0
    if s[N.NS_HOME_OK] < 0.5 and gps_ok:
        s[N.NS_HOME] = s[N.NS_POS]
        s[N.NS_HOME + 1] = s[N.NS_POS + 1]
        s[N.NS_HOME_OK] = 1.0
    if inp[FL.I_THROTTLE] > q[N.NQ_DISARM_THR] + THR_UP_MARGIN:
        s[N.NS_THR_UP] = 1.0
    current = rd[FL.R_CURRENT]
    if not math.isnan(current):
        s[N.NS_CHARGE_USED] += current * dt
        s[N.NS_CURRENT_F] += dt / (q[N.NQ_CURRENT_TAU] + dt) * (current - s[N.NS_CURRENT_F])


@jit_inline
def _touchdown(q: Array, s: Array, u: float, dt: float) -> bool:
    """Touchdown detector: a descent commanded by the stick or a landing (not the small
    corrections of an altitude hold, which would trip it in a steady hover), |vertical speed|
    below NQ_LAND_VZ_MAX and throttle below hover, all for NQ_LAND_TIME. True on the step it
    triggers."""
    vz = s[N.NS_VEL + 2]
    vmax = q[N.NQ_LAND_VZ_MAX]
    descending = s[N.NS_Z_LOCK] < 0.5 and s[N.NS_VZ_SP] < DESCENDING
    if descending and vz * vz < vmax * vmax and u < q[N.NQ_THR_HOVER]:
        s[N.NS_TOUCH_T] += dt
    else:
        s[N.NS_TOUCH_T] = 0.0
    return elapsed(s[N.NS_TOUCH_T], q[N.NQ_LAND_TIME], dt)


@jit_no_refcount
def navigate(
    q: Array,
    s: Array,
    inp: Array,
    rd: Array,
    armed: float,
    link_lost_t: float,
    dt: float,
) -> tuple[float, float, float, float, float, float, int]:
    """One navigation step for one camera drone.

    q: nav params row (NAV_PARAMS_SIZE,), read only. s: nav state row (NAV_STATE_SIZE,),
    updated in place. inp: pilot input row (layout.INPUT_SIZE,). rd: readings row
    (layout.READINGS_SIZE,). armed: 1.0 when the motors are armed. link_lost_t: s since the
    RC link was lost (0 while up). dt: step, s.

    Returns (mode, roll_sp rad, pitch_sp rad, yaw_rate_sp rad/s, thrust 0-1, disarm 0/1,
    events): roll + = right wing down, pitch + = nose down, both relative to level in the
    heading frame (target attitude = yaw * pitch about y * roll about x, i.e. ZYX Euler
    angles); yaw rate about world up, + = nose left; thrust is the collective throttle.
    """
    ev = 0
    if s[N.NS_INIT] < 0.5:
        est_seed(s, rd)
    w, x, y, z = attitude(rd)
    head = heading(w, x, y, z)
    yaw = head[0]
    est_update(q, s, rd, w, x, y, z, dt)
    ev |= gps_health(q, s, rd[FL.R_GPS_FIX] > 0.5, dt, armed > 0.5)
    gps_ok = s[N.NS_GPS_OK] > 0.5
    req = float(FL.MODE_POSITION)
    if inp[FL.I_MODE] == FL.MODE_ALTITUDE:
        req = float(FL.MODE_ALTITUDE)
    rth_sw = inp[FL.I_RTH] > 0.5
    if armed < 0.5:
        return _disarmed(s, yaw, req, rth_sw, gps_ok), 0.0, 0.0, 0.0, 0.0, 0.0, ev

    prev_mode = s[N.NS_MODE]
    _bookkeeping(q, s, inp, rd, yaw, gps_ok, dt)
    disarm = False
    roll = 0.0
    pitch = 0.0
    yaw_rate = 0.0
    u = 0.0
    mode = _mode_of(int(s[N.NS_PROC]), req, gps_ok)
    if s[N.NS_LANDED] > 0.5:
        takeoff, disarm = _ground(q, s, inp, link_lost_t, yaw, dt)
        if takeoff:
            s[N.NS_LANDED] = 0.0
            ev |= FL.EV_TAKEOFF
    if s[N.NS_LANDED] < 0.5:
        ev |= update_procedure(q, s, rth_sw, req, link_lost_t, gps_ok, dt)
        proc = int(s[N.NS_PROC])
        mode = _mode_of(proc, req, gps_ok)
        roll, pitch, yaw_rate, u = _fly(q, s, inp, proc, mode, head, gps_ok, dt)
        if _touchdown(q, s, u, dt):
            ev |= FL.EV_LANDED
            disarm = proc != N.PROC_NONE  # an automatic landing ends the flight
            roll, pitch, yaw_rate, u = _land_now(s, yaw)

    s[N.NS_RTH_SW] = 1.0 if rth_sw else 0.0
    if link_lost_t <= 0.0:
        s[N.NS_MODE_SW] = req
    s[N.NS_MODE] = mode
    if mode != prev_mode:
        ev |= FL.EV_MODE_CHANGED
    _store_outputs(s, roll, pitch, yaw_rate, u)
    return mode, roll, pitch, yaw_rate, u, 1.0 if disarm else 0.0, ev
