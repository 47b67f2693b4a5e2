"""Stick shaping of the camera-drone navigation: sticks to setpoints, PX4's laws.

Facts from PX4 (read, not copied): ``Sticks.cpp`` shapes every axis with
``expo_deadzone`` (``mathlib/math/Functions.hpp``): the deadzone is cut out and the rest
rescaled to [-1, 1], then ``(1 - e) v + e v^3``. ``StickAccelerationXY.cpp``
(``generateSetpoints``, ``applyJerkLimit``, ``calculateDrag``, ``applyTiltLimit``,
``lockPosition``) is the acceleration-based POSITION law implemented in
:func:`stick_acceleration_xy`; ``StickYaw.cpp`` (``generateYawSetpoint``, ``updateYawLock``)
the yaw stick; ``StickTiltXY.cpp`` the ALTITUDE-mode stick-to-tilt map.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import nav_layout as N
from dronedojo.physics._jit import clip, fmax, fmin, jit_inline

Array = NDArray[np.float64]

G = 9.80665
"""Standard gravity, m/s^2 (PX4 CONSTANTS_ONE_G)."""

FLT_EPS = 1.1920929e-07
"""PX4 compares squared norms against the float32 epsilon; kept so the law matches."""


@jit_inline
def elapsed(t: float, limit: float, dt: float) -> bool:
    """Timer ``t`` (s, summed in steps of ``dt``) has reached ``limit``: half a step of
    tolerance, so that summing 0.001 a thousand times reaches 1 s on the thousandth step."""
    return t >= limit - 0.5 * dt


@jit_inline
def deadzone(v: float, dz: float) -> float:
    """Stick ``v`` (clipped to [-1, 1]) with [-dz, dz] cut out and the rest rescaled to [-1, 1]."""
    x = clip(v, -1.0, 1.0)
    d = clip(dz, 0.0, 0.99)
    if x > d:
        return (x - d) / (1.0 - d)
    if x < -d:
        return (x + d) / (1.0 - d)
    return 0.0


@jit_inline
def expo(v: float, e: float) -> float:
    """Blend of linear and cubic: ``(1 - e) v + e v^3``, v clipped to [-1, 1], e to [0, 1]."""
    x = clip(v, -1.0, 1.0)
    k = clip(e, 0.0, 1.0)
    return (1.0 - k) * x + k * x * x * x


@jit_inline
def expo_deadzone(v: float, e: float, dz: float) -> float:
    """PX4's stick curve: :func:`expo` of :func:`deadzone`."""
    return expo(deadzone(v, dz), e)


@jit_inline
def sqrt_linear(x: float) -> float:
    """0 below 0, sqrt(x) on [0, 1), x above: the low-speed boost of the virtual drag."""
    if x < 0.0:
        return 0.0
    if x < 1.0:
        return math.sqrt(x)
    return x


@jit_inline
def wrap_pi(a: float) -> float:
    """Angle ``a`` wrapped to [-pi, pi), rad."""
    return a - 2.0 * math.pi * math.floor((a + math.pi) / (2.0 * math.pi))


@jit_inline
def stick_to_world(fwd: float, left: float, cos_yaw: float, sin_yaw: float) -> tuple[float, float]:
    """Stick vector (forward, left) limited to the unit disc and rotated into world ENU."""
    n2 = fwd * fwd + left * left
    if n2 > 1.0:
        inv = 1.0 / math.sqrt(n2)
        fwd *= inv
        left *= inv
    return fwd * cos_yaw - left * sin_yaw, fwd * sin_yaw + left * cos_yaw


@jit_inline
def _jerk_limit(q: Array, s: Array, tx: float, ty: float, dt: float) -> tuple[float, float]:
    """Move the stick acceleration (NS_STICK_ACC) towards (tx, ty) by at most jerk * dt."""
    ax = s[N.NS_STICK_ACC]
    ay = s[N.NS_STICK_ACC + 1]
    dx = tx - ax
    dy = ty - ay
    dn = math.sqrt(dx * dx + dy * dy)
    step = q[N.NQ_JERK_MAX] * dt
    if dn > step:
        dx *= step / dn
        dy *= step / dn
    ax += dx
    ay += dy
    s[N.NS_STICK_ACC] = ax
    s[N.NS_STICK_ACC + 1] = ay
    return ax, ay


@jit_inline
def _drag(
    q: Array, s: Array, centred: bool, vx: float, vy: float, dt: float
) -> tuple[float, float]:
    """Virtual drag on the velocity setpoint (vx, vy), m/s^2, after the brake-boost update."""
    vman = q[N.NQ_VEL_MANUAL]
    target = fmax(2.0, math.sqrt(vman)) if centred else 1.0
    alpha = dt / (q[N.NQ_BRAKE_TAU] + dt)
    boost = s[N.NS_BRAKE] + alpha * (target - s[N.NS_BRAKE])
    s[N.NS_BRAKE] = boost
    vn = math.sqrt(vx * vx + vy * vy)
    if vn <= 0.0:
        return 0.0, 0.0
    f = 2.0 * q[N.NQ_ACC_HOR] / vman * boost * sqrt_linear(vn) / vn
    return f * vx, f * vy


@jit_inline
def _lock_position(s: Array, vx: float, vy: float, px: float, py: float) -> tuple[float, float]:
    """Lock the position once the velocity setpoint is zero; open the lock when it moves,
    continuing from the last commanded velocity. Returns the velocity setpoint."""
    moving = vx * vx + vy * vy > FLT_EPS
    locked = s[N.NS_XY_LOCK] > 0.5
    if not moving and not locked:
        s[N.NS_POS_SP] = px
        s[N.NS_POS_SP + 1] = py
        s[N.NS_XY_LOCK] = 1.0
    elif moving and locked:
        s[N.NS_XY_LOCK] = 0.0
        return s[N.NS_VEL_CMD], s[N.NS_VEL_CMD + 1]
    return vx, vy


@jit_inline
def stick_acceleration_xy(
    q: Array, s: Array, sx: float, sy: float, px: float, py: float, dt: float
) -> None:
    """One step of the acceleration-based POSITION law (PX4 ``MPC_POS_MODE`` 4).

    sx, sy: shaped stick, already unit-disc limited and rotated into world ENU (-1..1 each).
    px, py: estimated position, m (locked as the position setpoint once stopped).
    Updates NS_STICK_ACC, NS_BRAKE, NS_VEL_SP, NS_ACC_FF, NS_POS_SP, NS_XY_LOCK in ``s``.

    Law: target acceleration = stick * 2 MPC_ACC_HOR, slewed as a vector at MPC_JERK_MAX;
    minus a virtual drag (2 MPC_ACC_HOR / MPC_VEL_MANUAL) * boost * unit(v) * sqrt_linear(|v|)
    that caps the speed at MPC_VEL_MANUAL, where the boost follows a first-order filter
    (time constant 0.8 s) towards max(2, sqrt(MPC_VEL_MANUAL)) with the sticks centred and
    towards 1 otherwise; the sum is tilt limited (NQ_ACC_TILT_MAX = tan(MPC_TILTMAX_AIR) g)
    and integrated into the velocity setpoint. With no stick acceleration left, a velocity
    setpoint that the drag would push through zero within the step is set to zero. Position
    lock: see :func:`_lock_position`.
    """
    acc2 = 2.0 * q[N.NQ_ACC_HOR]
    ax, ay = _jerk_limit(q, s, sx * acc2, sy * acc2, dt)
    vx = s[N.NS_VEL_SP]
    vy = s[N.NS_VEL_SP + 1]
    drag_x, drag_y = _drag(q, s, sx * sx + sy * sy < FLT_EPS, vx, vy, dt)
    if (
        ax * ax + ay * ay < FLT_EPS
        and vx * vx + vy * vy < (drag_x * drag_x + drag_y * drag_y) * dt * dt
    ):
        drag_x = 0.0
        drag_y = 0.0
        vx = 0.0
        vy = 0.0
    cx = ax - drag_x
    cy = ay - drag_y
    cn = math.sqrt(cx * cx + cy * cy)
    cmax = q[N.NQ_ACC_TILT_MAX]
    if cn > cmax:
        cx *= cmax / cn
        cy *= cmax / cn
    s[N.NS_ACC_FF] = cx
    s[N.NS_ACC_FF + 1] = cy
    vx, vy = _lock_position(s, vx + cx * dt, vy + cy * dt, px, py)
    s[N.NS_VEL_SP] = vx
    s[N.NS_VEL_SP + 1] = vy


@jit_inline
def stick_yaw(q: Array, s: Array, stick: float, yaw: float, dt: float) -> float:
    """Yaw-rate setpoint from the yaw stick (+1 = right), rad/s about world up (+ = nose left).

    PX4 StickYaw: the shaped stick times MPC_MAN_Y_MAX through a first-order filter
    (MPC_MAN_Y_TAU); once that rate is zero (below the float32 epsilon) the heading is held
    at the value it has then, with MC_YAW_P on the heading error. Limited to MPC_MAN_Y_MAX.
    """
    rate_max = q[N.NQ_YAW_RATE_MAX]
    target = -expo_deadzone(stick, q[N.NQ_YAW_EXPO], q[N.NQ_HOLD_DZ]) * rate_max
    alpha = dt / (q[N.NQ_YAW_TAU] + dt)
    rate: float = s[N.NS_YAWSPEED] + alpha * (target - s[N.NS_YAWSPEED])
    s[N.NS_YAWSPEED] = rate
    if rate > FLT_EPS or rate < -FLT_EPS:
        s[N.NS_YAW_LOCK] = 0.0
        return rate
    if s[N.NS_YAW_LOCK] < 0.5:
        s[N.NS_YAW_SP] = yaw
        s[N.NS_YAW_LOCK] = 1.0
    err = wrap_pi(s[N.NS_YAW_SP] - yaw)
    return clip(q[N.NQ_YAW_P] * err, -rate_max, rate_max)


@jit_inline
def slew_vertical(q: Array, v: float, target: float, dt: float) -> float:
    """Vertical velocity setpoint ``v`` moved towards ``target`` (m/s, + up) within the
    acceleration limits MPC_ACC_UP_MAX (upwards change) and MPC_ACC_DOWN_MAX (downwards)."""
    up = q[N.NQ_ACC_UP] * dt
    dn = q[N.NQ_ACC_DN] * dt
    return fmin(fmax(target, v - dn), v + up)


@jit_inline
def vertical_manual(
    q: Array, s: Array, throttle: float, z: float, dt: float
) -> tuple[float, float]:
    """Throttle stick (0-1, 0.5 centred) to (vertical velocity command m/s, feed-forward m/s^2).

    Shaped stick (MPC_Z_MAN_EXPO) times MPC_Z_VEL_MAX_UP or _DN, slewed; the height locks
    (NS_Z_LOCK, NS_POS_SP z) once the stick is centred and the setpoint is back at zero, and
    the lock adds MPC_Z_P times the height error. Moving the stick opens the lock and the
    setpoint continues from the last commanded vertical velocity.
    """
    st = expo_deadzone(2.0 * (throttle - 0.5), q[N.NQ_Z_EXPO], q[N.NQ_HOLD_DZ])
    target = st * (q[N.NQ_Z_VEL_UP] if st > 0.0 else q[N.NQ_Z_VEL_DN])
    if st != 0.0 and s[N.NS_Z_LOCK] > 0.5:
        s[N.NS_Z_LOCK] = 0.0
        s[N.NS_VZ_SP] = s[N.NS_VEL_CMD + 2]
    prev = s[N.NS_VZ_SP]
    vz = slew_vertical(q, prev, target, dt)
    s[N.NS_VZ_SP] = vz
    if st == 0.0 and vz == 0.0 and s[N.NS_Z_LOCK] < 0.5:
        s[N.NS_Z_LOCK] = 1.0
        s[N.NS_POS_SP + 2] = z
    cmd = vz
    if s[N.NS_Z_LOCK] > 0.5:
        cmd += q[N.NQ_Z_P] * (s[N.NS_POS_SP + 2] - z)
    return cmd, (vz - prev) / dt
