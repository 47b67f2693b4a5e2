"""Position and velocity estimate of the camera-drone navigation: a complementary filter.

The controller sees sensor readings, not the truth. Prediction every step: the accelerometer's
specific force rotated into world ENU by the attitude estimate, minus gravity, plus a bias
estimate, integrated into velocity and position. Corrections:

- horizontal, on each new GPS sample (R_GPS_NEW with a fix), with T the time since the
  previous sample: position += (T / tau_pos) (gps_pos - pos); velocity += (T / tau_vel)
  (gps_vel - vel); bias += T / (tau_vel tau_bias) (gps_vel - vel). The velocity and bias loop
  has the characteristic polynomial s^2 + s / tau_vel + 1 / (tau_vel tau_bias): two real
  poles near -1/tau_vel and -1/tau_bias. Until the GPS is declared usable (first fix, or
  recovery after a loss) every sample resets horizontal position and velocity to the GPS.
- vertical, every step from the barometer, a third-order complementary filter (time constant
  tau): height += 3/tau e dt, velocity += 3/tau^2 e dt, bias += 1/tau^3 e dt, e = baro - height
  (the characteristic polynomial (s + 1/tau)^3).

Heights are in the barometer's frame (above the take-off ground); GPS height is not used.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as FL
from dronedojo.fc import nav_layout as N
from dronedojo.fc.nav_sticks import G, elapsed
from dronedojo.physics._jit import clip, fmin, jit_inline

Array = NDArray[np.float64]

BIAS_MAX = 3.0
"""Limit of each accelerometer-bias component, m/s^2."""

VEL_MAX = 60.0
"""Limit of each estimated velocity component (dead reckoning without GPS), m/s."""


@jit_inline
def attitude(rd: Array) -> tuple[float, float, float, float]:
    """The attitude estimate (w, x, y, z) from the readings, normalised; identity if unusable."""
    w = rd[FL.R_QUAT]
    x = rd[FL.R_QUAT + 1]
    y = rd[FL.R_QUAT + 2]
    z = rd[FL.R_QUAT + 3]
    n2 = w * w + x * x + y * y + z * z
    if not n2 > 0.25:  # also catches NaN
        return 1.0, 0.0, 0.0, 0.0
    inv = 1.0 / math.sqrt(n2)
    return w * inv, x * inv, y * inv, z * inv


@jit_inline
def heading(w: float, x: float, y: float, z: float) -> tuple[float, float, float]:
    """(yaw rad, cos yaw, sin yaw) of a unit quaternion: the body x axis projected on the
    horizontal, from east, counter-clockwise (east if the nose points straight up or down)."""
    hx = 1.0 - 2.0 * (y * y + z * z)
    hy = 2.0 * (w * z + x * y)
    hn = math.sqrt(hx * hx + hy * hy)
    if hn < 1e-9:
        return 0.0, 1.0, 0.0
    return math.atan2(hy, hx), hx / hn, hy / hn


@jit_inline
def est_seed(s: Array, rd: Array) -> None:
    """First estimate from one reading: GPS position/velocity if fixed, baro height, at rest."""
    fix = rd[FL.R_GPS_FIX] > 0.5
    for i in range(2):
        s[N.NS_POS + i] = rd[FL.R_GPS_POS + i] if fix else 0.0
        s[N.NS_VEL + i] = rd[FL.R_GPS_VEL + i] if fix else 0.0
    s[N.NS_POS + 2] = rd[FL.R_BARO]
    s[N.NS_VEL + 2] = 0.0
    for i in range(3):
        s[N.NS_ACC_BIAS + i] = 0.0
        s[N.NS_ACC_F + i] = 0.0
    s[N.NS_GPS_DT] = 0.0
    s[N.NS_INIT] = 1.0


@jit_inline
def world_accel(rd: Array, w: float, x: float, y: float, z: float) -> tuple[float, float, float]:
    """Specific force from the accelerometer rotated body -> world ENU, m/s^2 (no gravity
    removed); zeros if the reading is not finite."""
    fx = rd[FL.R_ACCEL]
    fy = rd[FL.R_ACCEL + 1]
    fz = rd[FL.R_ACCEL + 2]
    xx = x * x
    yy = y * y
    zz = z * z
    ax = (1.0 - 2.0 * (yy + zz)) * fx + 2.0 * (x * y - w * z) * fy + 2.0 * (x * z + w * y) * fz
    ay = 2.0 * (x * y + w * z) * fx + (1.0 - 2.0 * (xx + zz)) * fy + 2.0 * (y * z - w * x) * fz
    az = 2.0 * (x * z - w * y) * fx + 2.0 * (y * z + w * x) * fy + (1.0 - 2.0 * (xx + yy)) * fz
    if math.isnan(ax) or math.isnan(ay) or math.isnan(az):
        return 0.0, 0.0, G
    return ax, ay, az


@jit_inline
def _fuse_baro(q: Array, s: Array, baro: float, dt: float) -> None:
    """Third-order complementary correction of height, vertical velocity and bias."""
    if math.isnan(baro):
        return
    tau = q[N.NQ_EST_BARO_TAU]
    e = (baro - s[N.NS_POS + 2]) * dt
    s[N.NS_POS + 2] += 3.0 / tau * e
    s[N.NS_VEL + 2] += 3.0 / (tau * tau) * e
    b = s[N.NS_ACC_BIAS + 2] + e / (tau * tau * tau)
    s[N.NS_ACC_BIAS + 2] = clip(b, -BIAS_MAX, BIAS_MAX)


@jit_inline
def _fuse_gps(q: Array, s: Array, rd: Array, dt: float) -> None:
    """Horizontal correction on a new GPS sample (a reset while the GPS is not yet usable)."""
    if s[N.NS_GPS_OK] < 0.5:
        for i in range(2):
            s[N.NS_POS + i] = rd[FL.R_GPS_POS + i]
            s[N.NS_VEL + i] = rd[FL.R_GPS_VEL + i]
        return
    t = clip(s[N.NS_GPS_DT], dt, 0.5)
    kp = fmin(t / q[N.NQ_EST_POS_TAU], 1.0)
    kv = fmin(t / q[N.NQ_EST_VEL_TAU], 1.0)
    kb = t / (q[N.NQ_EST_VEL_TAU] * q[N.NQ_EST_BIAS_TAU])
    for i in range(2):
        ev = rd[FL.R_GPS_VEL + i] - s[N.NS_VEL + i]
        s[N.NS_POS + i] += kp * (rd[FL.R_GPS_POS + i] - s[N.NS_POS + i])
        s[N.NS_VEL + i] += kv * ev
        s[N.NS_ACC_BIAS + i] = clip(s[N.NS_ACC_BIAS + i] + kb * ev, -BIAS_MAX, BIAS_MAX)


@jit_inline
def est_update(
    q: Array, s: Array, rd: Array, w: float, x: float, y: float, z: float, dt: float
) -> None:
    """One estimator step (see the module docstring); (w, x, y, z) is the attitude estimate."""
    fx, fy, fz = world_accel(rd, w, x, y, z)
    k = dt / (dt + 1.0 / (2.0 * math.pi * q[N.NQ_VELD_LP]))
    acc = (fx, fy, fz - G)
    for i in range(3):
        a = acc[i] + s[N.NS_ACC_BIAS + i]
        s[N.NS_ACC_F + i] += k * (a - s[N.NS_ACC_F + i])
        # prediction, semi-implicit Euler
        s[N.NS_VEL + i] = clip(s[N.NS_VEL + i] + a * dt, -VEL_MAX, VEL_MAX)
        s[N.NS_POS + i] += s[N.NS_VEL + i] * dt
    _fuse_baro(q, s, rd[FL.R_BARO], dt)
    s[N.NS_GPS_DT] += dt
    if rd[FL.R_GPS_NEW] > 0.5 and rd[FL.R_GPS_FIX] > 0.5:
        _fuse_gps(q, s, rd, dt)
        s[N.NS_GPS_DT] = 0.0


@jit_inline
def gps_health(q: Array, s: Array, fix: bool, dt: float, armed: bool) -> int:
    """Update NS_GPS_OK from the fix flag; returns EV_GPS_LOST / EV_GPS_RECOVERED (when armed).

    The first fix after a reset makes the GPS usable at once; afterwards no fix for
    NQ_GPS_LOST_T (PX4 COM_POS_FS_DELAY, 1 s) declares it lost, and a fix held for
    NQ_GPS_GOOD_T declares it recovered.
    """
    ev = 0
    if fix:
        s[N.NS_GPS_GOOD_T] += dt
        s[N.NS_GPS_BAD_T] = 0.0
    else:
        s[N.NS_GPS_BAD_T] += dt
        s[N.NS_GPS_GOOD_T] = 0.0
    ok = s[N.NS_GPS_OK]
    if ok < -0.5:
        if fix:
            s[N.NS_GPS_OK] = 1.0
    elif ok > 0.5:
        if elapsed(s[N.NS_GPS_BAD_T], q[N.NQ_GPS_LOST_T], dt):
            s[N.NS_GPS_OK] = 0.0
            if armed:
                ev |= FL.EV_GPS_LOST
    elif elapsed(s[N.NS_GPS_GOOD_T], q[N.NQ_GPS_GOOD_T], dt):
        s[N.NS_GPS_OK] = 1.0
        if armed:
            ev |= FL.EV_GPS_RECOVERED
    return ev
