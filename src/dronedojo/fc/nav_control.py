"""Velocity control and the acceleration-to-attitude/thrust map of the camera-drone navigation.

The cascade follows PX4's ``PositionControl.cpp`` (read for facts, not copied):
position P (``_positionControl``: velocity setpoint += MPC_XY_P / MPC_Z_P times the position
error, then velocity limits) -> velocity PID (``_velocityControl``: acceleration = feed-forward
+ P error + integral - D times the velocity derivative; the vertical integral stops while the
thrust is saturated in the direction of the error and is limited to g; the horizontal one uses
tracking anti-windup with gain 2 / MPC_XY_VEL_P_ACC on the part of the acceleration the tilt
limit cut off) -> ``_accelerationControl``: the thrust direction is (-a_x, -a_y, g) normalised
(tilt decoupled from the vertical acceleration, PX4 MPC_ACC_DECOUPLE) and the collective thrust
is hover thrust times (1 + a_z / g) divided by the cosine of the tilt.

Drone Dojo's throttle is not proportional to thrust: the physics spins the rotors at
w = w_max (idle + (1 - idle) u) and thrust grows with w^2, so the thrust ratio r (thrust over
hover thrust) maps to throttle u = (i + u_hover) sqrt(r) - i with i = idle / (1 - idle).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import nav_layout as N
from dronedojo.fc.nav_sticks import G
from dronedojo.physics._jit import clip, fmax, jit_inline

Array = NDArray[np.float64]


@jit_inline
def throttle_for(q: Array, ratio: float) -> float:
    """Throttle (0-1, within MPC_THR_MIN..MPC_THR_MAX) for thrust ``ratio`` times hover thrust."""
    idle = q[N.NQ_IDLE]
    i = idle / (1.0 - idle)
    u = (i + q[N.NQ_THR_HOVER]) * math.sqrt(fmax(ratio, 0.0)) - i
    return clip(u, q[N.NQ_THR_MIN], q[N.NQ_THR_MAX])


@jit_inline
def thrust_ratio(ax: float, ay: float, az: float) -> float:
    """Thrust over hover thrust for the world acceleration (ax, ay, az), m/s^2, tilt decoupled."""
    return (G + az) * math.sqrt(ax * ax + ay * ay + G * G) / (G * G)


@jit_inline
def attitude_for(ax: float, ay: float, cos_yaw: float, sin_yaw: float) -> tuple[float, float]:
    """(roll, pitch) targets, rad, that tilt the thrust towards the horizontal acceleration.

    The horizontal acceleration (ENU, m/s^2) is rotated into the heading frame (forward a_f,
    left a_l); with the target attitude yaw * pitch(about body y) * roll(about body x) the
    thrust axis is (sin p cos r, -sin r, cos p cos r), so pitch = atan2(a_f, g) (+ nose down
    accelerates forward) and roll = atan2(-a_l, sqrt(a_f^2 + g^2)) (+ right wing down
    accelerates right).
    """
    af = ax * cos_yaw + ay * sin_yaw
    al = -ax * sin_yaw + ay * cos_yaw
    return math.atan2(-al, math.sqrt(af * af + G * G)), math.atan2(af, G)


@jit_inline
def velocity_control(
    q: Array,
    s: Array,
    vx: float,
    vy: float,
    vz: float,
    ff_x: float,
    ff_y: float,
    ff_z: float,
    xy_on: bool,
    dt: float,
) -> tuple[float, float, float, float]:
    """Velocity PID: (ax, ay, az) world acceleration, m/s^2, and throttle (0-1).

    (vx, vy, vz): velocity setpoint, ENU m/s (limited here: MPC_XY_VEL_MAX horizontally);
    (ff_x, ff_y, ff_z): acceleration feed-forward, m/s^2. With ``xy_on`` false the horizontal
    loop is off (ATTI): the feed-forward is the whole horizontal acceleration and the
    horizontal integral is cleared. Stores the limited setpoint in NS_VEL_CMD.
    """
    vmax = q[N.NQ_XY_VEL_MAX]
    vn = math.sqrt(vx * vx + vy * vy)
    if vn > vmax:
        vx *= vmax / vn
        vy *= vmax / vn
    s[N.NS_VEL_CMD] = vx
    s[N.NS_VEL_CMD + 1] = vy
    s[N.NS_VEL_CMD + 2] = vz
    amax = q[N.NQ_ACC_TILT_MAX]

    # horizontal
    if xy_on:
        kp = q[N.NQ_XY_VEL_P]
        kd = q[N.NQ_XY_VEL_D]
        ex = vx - s[N.NS_VEL]
        ey = vy - s[N.NS_VEL + 1]
        ax = ff_x + kp * ex + s[N.NS_VEL_INT] - kd * s[N.NS_ACC_F]
        ay = ff_y + kp * ey + s[N.NS_VEL_INT + 1] - kd * s[N.NS_ACC_F + 1]
    else:
        ex = 0.0
        ey = 0.0
        ax = ff_x
        ay = ff_y
        s[N.NS_VEL_INT] = 0.0
        s[N.NS_VEL_INT + 1] = 0.0
    an = math.sqrt(ax * ax + ay * ay)
    lx = ax
    ly = ay
    if an > amax:
        lx = ax * amax / an
        ly = ay * amax / an
    if xy_on:
        arw = 2.0 / q[N.NQ_XY_VEL_P]
        ki = q[N.NQ_XY_VEL_I]
        ix = s[N.NS_VEL_INT] + ki * (ex - arw * (ax - lx)) * dt
        iy = s[N.NS_VEL_INT + 1] + ki * (ey - arw * (ay - ly)) * dt
        ins = math.sqrt(ix * ix + iy * iy)
        if ins > amax:
            ix *= amax / ins
            iy *= amax / ins
        s[N.NS_VEL_INT] = ix
        s[N.NS_VEL_INT + 1] = iy

    # vertical
    ez = vz - s[N.NS_VEL + 2]
    az = ff_z + q[N.NQ_Z_VEL_P] * ez + s[N.NS_VEL_INT + 2] - q[N.NQ_Z_VEL_D] * s[N.NS_ACC_F + 2]
    az = clip(az, -0.9 * G, 2.0 * G)
    u = throttle_for(q, thrust_ratio(lx, ly, az))
    saturated_low = u <= q[N.NQ_THR_MIN] and ez < 0.0
    saturated_high = u >= q[N.NQ_THR_MAX] and ez > 0.0
    if not (saturated_low or saturated_high):
        s[N.NS_VEL_INT + 2] = clip(s[N.NS_VEL_INT + 2] + q[N.NQ_Z_VEL_I] * ez * dt, -G, G)
    return lx, ly, az, u
