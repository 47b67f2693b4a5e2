"""One step of a Betaflight FPV quad: sticks -> rates -> ACRO / ANGLE / HORIZON -> PID -> mixer.

Order as in the firmware's ``processRcCommand`` / ``pidController`` / ``mixTable``: the sticks
are normalised and turned into rate setpoints by the rates curve (``rates.rate_firmware``),
smoothed (RC smoothing, PT3), the flight mode replaces or blends the roll and pitch setpoints
with the self-levelling rate (betaflight.py), the PID loop turns the setpoint errors into
axis demands and the quad-X mixer into motor outputs.

Failsafe (Betaflight ``failsafe.c``): while the link is lost the supervisor has already put the
sticks to centre and the throttle low (stage 1); after ``failsafe_delay`` stage 2 runs the
procedure: DROP disarms at once, LAND levels the quad at a fixed throttle for
``failsafe_off_delay`` and then disarms.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as L
from dronedojo.fc.betaflight import (
    euler_roll_pitch,
    horizon_strength,
    level,
    loop_gains,
    mix,
    pid_axis_with,
    pt3_step,
    tpa_factor,
)
from dronedojo.fc.filters import pt1_gain, pt3_gain
from dronedojo.fc.rates import rate_firmware
from dronedojo.fc.sticks import deflection_firmware, throttle_firmware
from dronedojo.fc.supervisor import disarm
from dronedojo.physics._jit import fmax, jit_inline

Row = NDArray[np.float64]
DEG = 57.29577951308232


F = TypeVar("F", bound=Callable[..., Any])


def _exact(fn: F) -> F:
    """Compiled without fast-math (and without reference counting: ``_nrt`` is not in
    numba's type stubs)."""
    njit: Any = numba.njit
    return cast("F", njit(cache=True, error_model="numpy", _nrt=False)(fn))


@_exact
def _rate(q: Row, axis: int, x: float, limit: float) -> float:
    """Rate setpoint of one axis for normalised stick ``x``, deg/s (compiled without fast-math,
    so that it is bit-identical to ``rates.apply_rates`` and the firmware's float math)."""
    at = L.Q_RATES + 4 * axis
    return float(
        rate_firmware(
            int(q[L.Q_RATES_KIND]), x, q[at], q[at + 1], q[at + 2], limit, q[L.Q_QUICK_EXPO]
        )
    )


@jit_inline
def _rc_frame(q: Row, s: Row, sticks: Row) -> tuple[float, float, float, float, float, float]:
    """Normalised roll and pitch deflections, their raw rate setpoints (deg/s) and the
    mixer throttle. Like the firmware, which processes RC data when a frame arrives, the
    rates and throttle curve are recomputed only when a stick has moved (F_RC_IN/F_RC_OUT)."""
    x0 = deflection_firmware(sticks[0], q[L.Q_DEADBAND], 1.0)
    x1 = deflection_firmware(sticks[1], q[L.Q_DEADBAND], 1.0)
    x2 = deflection_firmware(sticks[2], q[L.Q_YAW_DEADBAND], -1.0)
    i = L.F_RC_IN
    o = L.F_RC_OUT
    if not (
        s[i] == sticks[0] and s[i + 1] == sticks[1] and s[i + 2] == sticks[2]
        and s[i + 3] == sticks[3]
    ):  # fmt: skip
        s[o] = _rate(q, 0, x0, q[L.Q_RATES + 3])
        s[o + 1] = _rate(q, 1, x1, q[L.Q_RATES + 7])
        s[o + 2] = _rate(q, 2, x2, q[L.Q_RATES + 11])
        mincheck = 1000.0 + 1000.0 * q[L.Q_MIN_THROTTLE]
        s[o + 3] = throttle_firmware(int(q[L.Q_THR_CURVE]), sticks[3], mincheck, q[L.Q_THR_MID],
                                     q[L.Q_THR_EXPO], q[L.Q_THR_HOVER])  # fmt: skip
        for k in range(4):
            s[i + k] = sticks[k]
    return x0, x1, s[o], s[o + 1], s[o + 2], s[o + 3]


@jit_inline
def _failsafe(q: Row, s: Row) -> tuple[int, bool]:
    """Stage-2 failsafe for FPV; returns (events, landing) and disarms on DROP or when the
    LAND procedure has run its time."""
    lost = s[L.F_LINK_LOST_T]
    if s[L.F_ARMED] < 0.5 or lost <= q[L.Q_FAILSAFE_DELAY]:
        return 0, False
    events = 0
    if s[L.F_FAILSAFE] < 1.5:
        s[L.F_FAILSAFE] = 2.0
        events |= L.EV_FAILSAFE
    if q[L.Q_FAILSAFE_PROC] < 0.5 or lost > q[L.Q_FAILSAFE_DELAY] + q[L.Q_FAILSAFE_LAND_TIME]:
        return events | disarm(s, L.DISARM_FAILSAFE), False
    return events, True


@jit_inline
def _self_level(
    q: Row, s: Row, rd: Row, horizon: bool, x0: float, x1: float, sp0: float, sp1: float,
    sp2: float, dt: float,
) -> tuple[float, float, float]:  # fmt: skip
    """ANGLE or HORIZON: the roll, pitch and yaw rate setpoints after self-levelling."""
    # Earth-referenced yaw: attenuated by the larger of last step's target angles.
    biggest = fmax(abs(s[L.F_ANGLE_TARGET]), abs(s[L.F_ANGLE_TARGET + 1]))
    sp2 *= math.cos(q[L.Q_EARTH_REF] * biggest / DEG)
    s[L.F_YAW_SP] = sp2
    roll, pitch = euler_roll_pitch(rd, L.R_QUAT)
    limit = q[L.Q_ANGLE_LIMIT]
    level_f = q[L.Q_LEVEL_F] / 100.0
    max0 = q[L.Q_MAX_RATE]
    max1 = q[L.Q_MAX_RATE + 1]
    ff0 = limit * s[L.F_FF] * level_f / max0
    ff1 = limit * s[L.F_FF + 1] * level_f / max1
    a0, t0 = level(q, s, 0, sp0, max0, ff0, roll, s[L.F_ANGLE_TARGET + 1], dt)
    s[L.F_ANGLE_TARGET] = t0
    a1, t1 = level(q, s, 1, sp1, max1, ff1, pitch, t0, dt)
    s[L.F_ANGLE_TARGET + 1] = t1
    if not horizon:
        return a0, a1, sp2
    h = horizon_strength(q, s, fmax(abs(roll), abs(pitch)), fmax(abs(x0), abs(x1)), dt)
    return sp0 * (1.0 - h) + a0 * h, sp1 * (1.0 - h) + a1 * h, sp2


@jit_inline
def fpv_step(q: Row, s: Row, inp: Row, rd: Row, sticks: Row, dt: float, motors: Row) -> int:
    """Betaflight modes, PID and mixer for one drone; motor outputs 0-1 to ``motors[0:4]``.

    ``sticks`` are the effective (roll, pitch, yaw, throttle) after the link watch. Returns
    the events raised (mode changes, failsafe).
    """
    events, landing = _failsafe(q, s)
    requested = inp[L.I_MODE]
    mode = requested if requested <= L.MODE_HORIZON else L.MODE_ANGLE
    if landing:
        mode = L.MODE_FAILSAFE_LAND
    if mode != s[L.F_MODE]:
        events |= L.EV_MODE_CHANGED
        s[L.F_MODE] = mode

    x0, x1, sp_raw0, sp_raw1, sp_raw2, throttle = _rc_frame(q, s, sticks)
    if landing:
        throttle = q[L.Q_FAILSAFE_THROTTLE]

    k_rc = pt3_gain(q[L.Q_RC_SMOOTH_HZ], dt)
    k_ff = pt1_gain(q[L.Q_FF_SMOOTH_HZ], dt)
    sp0 = pt3_step(s, L.F_SP_SMOOTH, sp_raw0, k_rc)
    sp1 = pt3_step(s, L.F_SP_SMOOTH + 3, sp_raw1, k_rc)
    sp2 = pt3_step(s, L.F_SP_SMOOTH + 6, sp_raw2, k_rc)
    s[L.F_FF] += k_ff * ((sp0 - s[L.F_SP_PREV]) / dt - s[L.F_FF])
    s[L.F_FF + 1] += k_ff * ((sp1 - s[L.F_SP_PREV + 1]) / dt - s[L.F_FF + 1])
    s[L.F_FF + 2] += k_ff * ((sp2 - s[L.F_SP_PREV + 2]) / dt - s[L.F_FF + 2])
    s[L.F_SP_PREV] = sp0
    s[L.F_SP_PREV + 1] = sp1
    s[L.F_SP_PREV + 2] = sp2
    ff0 = s[L.F_FF]
    ff1 = s[L.F_FF + 1]

    if mode != L.MODE_ACRO:
        sp0, sp1, sp2 = _self_level(q, s, rd, mode == L.MODE_HORIZON, x0, x1, sp0, sp1, sp2, dt)
        if mode != L.MODE_HORIZON:
            ff0 = 0.0  # feedforward enters levelled axes only through the angle feedforward
            ff1 = 0.0

    s[L.F_SETPOINT] = sp0
    s[L.F_SETPOINT + 1] = sp1
    s[L.F_SETPOINT + 2] = sp2
    airmode = q[L.Q_AIRMODE] > 0.5
    gains = loop_gains(q, dt)
    reset = not (airmode or sticks[3] >= q[L.Q_MIN_THROTTLE] or landing)
    tpa = tpa_factor(q, throttle)
    r = pid_axis_with(q, s, 0, sp0, rd[L.R_GYRO] * DEG, ff0, tpa, reset, dt, gains)
    p = pid_axis_with(q, s, 1, sp1, rd[L.R_GYRO + 1] * DEG, ff1, tpa, reset, dt, gains)
    y = pid_axis_with(q, s, 2, sp2, rd[L.R_GYRO + 2] * DEG, s[L.F_FF + 2], tpa, reset, dt, gains)
    s[L.F_THROTTLE] = mix(motors, r, p, y, throttle, airmode)
    return events
