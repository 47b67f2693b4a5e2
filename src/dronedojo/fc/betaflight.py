"""Betaflight's flight modes and PID loop, one drone per call (inlined into the kernel).

Facts from the firmware source (betaflight/betaflight ``src/main/flight/pid.c``,
``pid_init.c``, ``mixer.c``; see shared/reference/flight-controller.md section 2); units are
the firmware's: rates in deg/s, PID terms in thousandths of the motor range.

Rate loop, per axis, every step of length dt:

    gyro_f   = PT1(gyro, gyro_lpf)                       (deg/s)
    error    = setpoint - gyro_f
    P        = 0.032029 P_gain * error
    I        = clamp(I + 0.244381 I_gain (x2.5 on yaw) * dt * error * relax,
                     +-windup * pidsum_limit),
               relax = max(0, 1 - |sp - PT1(sp, 15 Hz)| / 40 deg/s) on roll and pitch
    D        = 0.000529 D_gain * -(d[k] - d[k-1]) / dt * TPA,   d = PT1(PT1(gyro_f))
    F        = 0.013754 F_gain / 100 * feedforward           (setpoint speed, deg/s^2)
    out      = clamp(P + I + D + F, +-pidsum_limit) / 1000

ANGLE (roll and pitch; pidLevel):
    target   = clamp(angle_limit * setpoint / max_rate, +-angle_limit)          (deg)
    rate     = (target - attitude) * level_P / 10 + PT3(angle_limit * ff * level_F/100 / max_rate)
               + yaw_sp * sin(other axis' target) * earth_ref   (negative for roll)
    setpoint = PT3(rate, 50 Hz)        (replaces the stick setpoint; PID F is 0 on these axes)
    yaw_sp  *= cos(earth_ref * max(|roll target|, |pitch target|))

HORIZON: setpoint = acro * (1 - h) + angle * h,
    h = max((limit_deg - inclination) / limit_deg, 0) * max((limit_sticks - max_stick)
        / limit_sticks, 0) * horizon_gain, rises no faster than its delay PT1 allows.

Not modelled (documented in the README): dynamic filters and notches (there is no motor
noise to remove), D-max boost, anti-gravity, feedforward jitter reduction and
boost, throttle boost, dynamic idle, crash-flip.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as L
from dronedojo.fc.filters import pt1_gain, pt3_gain
from dronedojo.physics._jit import clip, fmax, fmin, jit_inline

P_SCALE = 0.032029
I_SCALE = 0.244381
D_SCALE = 0.000529
F_SCALE = 0.013754
YAW_I_FACTOR = 2.5
DEG = 180.0 / math.pi

Row = NDArray[np.float64]


@jit_inline
def pt3_step(s: Row, at: int, x: float, k: float) -> float:
    """Advance the three PT1 stages stored at ``s[at:at+3]`` by input ``x``; return output."""
    s[at] += k * (x - s[at])
    s[at + 1] += k * (s[at] - s[at + 1])
    s[at + 2] += k * (s[at + 1] - s[at + 2])
    return float(s[at + 2])


@jit_inline
def euler_roll_pitch(q: Row, at: int) -> tuple[float, float]:
    """Roll (+ right wing down) and pitch (+ nose down) of a body-FLU quaternion, deg."""
    w = q[at]
    x = q[at + 1]
    y = q[at + 2]
    z = q[at + 3]
    roll = math.atan2(2.0 * (w * x + y * z), 1.0 - 2.0 * (x * x + y * y))
    pitch = math.asin(clip(2.0 * (w * y - z * x), -1.0, 1.0))
    return roll * DEG, pitch * DEG


@jit_inline
def level(
    q: Row, s: Row, axis: int, setpoint: float, max_rate: float, angle_rate_ff: float,
    attitude: float, other_target: float, dt: float,
) -> tuple[float, float]:  # fmt: skip
    """ANGLE-mode rate for roll (axis 0) or pitch (axis 1), deg/s, and this axis' target, deg."""
    limit = q[L.Q_ANGLE_LIMIT]
    target = clip(limit * setpoint / max_rate, -limit, limit)
    ff = pt3_step(s, L.F_ANGLE_FF + 3 * axis, angle_rate_ff, pt3_gain(q[L.Q_ANGLE_FF_HZ], dt))
    rate = (target - attitude) * q[L.Q_LEVEL_P] / 10.0 + ff
    sign = -1.0 if axis == 0 else 1.0
    rate += s[L.F_YAW_SP] * sign * math.sin(other_target / DEG) * q[L.Q_EARTH_REF]
    return pt3_step(s, L.F_ATT_FILT + 3 * axis, rate, pt3_gain(q[L.Q_ATT_FILT_HZ], dt)), target


@jit_inline
def horizon_strength(q: Row, s: Row, inclination: float, max_stick: float, dt: float) -> float:
    """HORIZON blend factor h in [0, 1]; increases are delayed by a PT1 (horizon_delay_ms)."""
    limit_deg = q[L.Q_HORIZON_LIMIT]
    limit_sticks = q[L.Q_LEVEL_D] / 100.0
    by_angle = fmax((limit_deg - inclination) / limit_deg, 0.0)
    by_stick = fmax((limit_sticks - max_stick) / limit_sticks, 0.0) if limit_sticks > 0 else 1.0
    h = by_angle * by_stick * fmin(q[L.Q_LEVEL_I] / 100.0, 1.0)
    delay = q[L.Q_HORIZON_DELAY]
    k = pt1_gain(1.0 / (2.0 * math.pi * delay), dt) if delay > 0.0 else 1.0
    s[L.F_HORIZON] += k * (h - s[L.F_HORIZON])
    return fmin(h, s[L.F_HORIZON])


@jit_inline
def _relax(q: Row, s: Row, axis: int, setpoint: float, k: float) -> float:
    """I-term relax (``applyItermRelax``, type SETPOINT, roll and pitch): the I-term error is
    scaled by max(0, 1 - |setpoint - PT1(setpoint)| / threshold), so the integrator does not
    wind up while the setpoint moves fast (flips, rolls). ``k`` is the PT1's gain (0: off)."""
    if axis == 2 or k <= 0.0:
        return 1.0
    low = s[L.F_RELAX + axis] + k * (setpoint - s[L.F_RELAX + axis])
    s[L.F_RELAX + axis] = low
    return fmax(0.0, 1.0 - abs(setpoint - low) / q[L.Q_RELAX_THRESHOLD])


@jit_inline
def loop_gains(q: Row, dt: float) -> tuple[float, float, float, float]:
    """Gains of the rate loop's filters for step ``dt``: gyro, D-term 1 and 2, I-term relax
    (computed once per drone and step, shared by the three axes)."""
    relax = q[L.Q_RELAX_HZ]
    return (
        pt1_gain(q[L.Q_GYRO_LPF_HZ], dt),
        pt1_gain(q[L.Q_DTERM_LPF1_HZ], dt),
        pt1_gain(q[L.Q_DTERM_LPF2_HZ], dt),
        pt1_gain(relax, dt) if relax > 0.0 else 0.0,
    )


@jit_inline
def pid_axis(
    q: Row, s: Row, axis: int, setpoint: float, gyro_deg: float, ff: float, tpa: float,
    iterm_reset: bool, dt: float,
) -> float:  # fmt: skip
    """One axis of the PID loop; returns the mixer input in motor-range units (sum / 1000)."""
    return pid_axis_with(q, s, axis, setpoint, gyro_deg, ff, tpa, iterm_reset, dt,
                         loop_gains(q, dt))  # fmt: skip


@jit_inline
def pid_axis_with(
    q: Row, s: Row, axis: int, setpoint: float, gyro_deg: float, ff: float, tpa: float,
    iterm_reset: bool, dt: float, gains: tuple[float, float, float, float],
) -> float:  # fmt: skip
    """:func:`pid_axis` with the filter gains of :func:`loop_gains` given."""
    k_gyro, k_d1, k_d2, k_relax = gains
    p_gain = q[L.Q_PID + 4 * axis]
    i_gain = q[L.Q_PID + 4 * axis + 1] * (YAW_I_FACTOR if axis == 2 else 1.0)
    d_gain = q[L.Q_PID + 4 * axis + 2]
    f_gain = q[L.Q_PID + 4 * axis + 3]
    limit = q[L.Q_PIDSUM_LIMIT_YAW] if axis == 2 else q[L.Q_PIDSUM_LIMIT]
    g = s[L.F_GYRO_F + axis]
    g += k_gyro * (gyro_deg - g)
    s[L.F_GYRO_F + axis] = g
    d1 = L.F_DTERM + axis
    d2 = L.F_DTERM + 3 + axis
    previous = s[d2]
    s[d1] += k_d1 * (g - s[d1])
    s[d2] += k_d2 * (s[d1] - s[d2])
    error = setpoint - g
    p_term = P_SCALE * p_gain * error
    windup = q[L.Q_ITERM_WINDUP] * limit
    i_error = error * _relax(q, s, axis, setpoint, k_relax)
    i_term = 0.0 if iterm_reset else s[L.F_ITERM + axis] + I_SCALE * i_gain * dt * i_error
    i_term = clip(i_term, -windup, windup)
    s[L.F_ITERM + axis] = i_term
    d_term = D_SCALE * d_gain * -(s[d2] - previous) / dt * tpa
    f_term = F_SCALE * f_gain / 100.0 * ff
    return float(clip(p_term + i_term + d_term + f_term, -limit, limit) / 1000.0)


@jit_inline
def tpa_factor(q: Row, throttle: float) -> float:
    """Throttle PID attenuation of D (Betaflight's default tpa_mode D): 1 below the breakpoint,
    falling linearly to 1 - tpa_rate at full throttle."""
    bp = q[L.Q_TPA_BREAKPOINT]
    over = fmax(throttle - bp, 0.0) / fmax(1.0 - bp, 1e-6)
    return float(1.0 - q[L.Q_TPA_RATE] * fmin(over, 1.0))


# Quad-X mixer rows (roll, pitch, yaw) of motors 1-4 (mixer_init.c); the yaw PID is negated
# before mixing (props-in), which with these rows gives + yaw = nose left in body FLU.
MIX_ROLL = (-1.0, -1.0, 1.0, 1.0)
MIX_PITCH = (1.0, -1.0, 1.0, -1.0)
MIX_YAW = (-1.0, 1.0, 1.0, -1.0)


@jit_inline
def mix(out: Row, roll: float, pitch: float, yaw: float, throttle: float, airmode: bool) -> float:
    """Betaflight's LEGACY mixer with airmode: writes motor outputs 0-1 to ``out[0:4]`` and
    returns the throttle it used (airmode moves it to make room for the attitude mix)."""
    m0 = MIX_ROLL[0] * roll + MIX_PITCH[0] * pitch - MIX_YAW[0] * yaw
    m1 = MIX_ROLL[1] * roll + MIX_PITCH[1] * pitch - MIX_YAW[1] * yaw
    m2 = MIX_ROLL[2] * roll + MIX_PITCH[2] * pitch - MIX_YAW[2] * yaw
    m3 = MIX_ROLL[3] * roll + MIX_PITCH[3] * pitch - MIX_YAW[3] * yaw
    hi = fmax(fmax(m0, m1), fmax(m2, m3))
    lo = fmin(fmin(m0, m1), fmin(m2, m3))
    spread = hi - lo
    transition = 1.0 if (airmode or throttle >= 0.5) else 0.5 + throttle
    norm = transition / spread if spread > 1.0 else transition
    m0 *= norm
    m1 *= norm
    m2 *= norm
    m3 *= norm
    thr = clip(throttle, -lo * norm, 1.0 - hi * norm)
    out[0] = clip(m0 + thr, 0.0, 1.0)
    out[1] = clip(m1 + thr, 0.0, 1.0)
    out[2] = clip(m2 + thr, 0.0, 1.0)
    out[3] = clip(m3 + thr, 0.0, 1.0)
    return thr
