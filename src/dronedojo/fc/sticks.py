"""Betaflight RC processing: stick positions in, normalised deflections and throttle out.

Facts from the Betaflight firmware (betaflight/betaflight ``src/main/fc/rc.c``:
``updateRcCommands``, ``processRcCommand``, ``initRcProcessing``, ``rcLookupThrottle``;
``fapplyDeadband`` and ``scaleRange`` of ``src/main/common/maths.c``; setting ranges of
``src/main/cli/settings.c``). Written from the formulas, not from the firmware's code.

Sticks (DESIGN.md: roll, pitch, yaw in [-1, 1], throttle in [0, 1]) reach the firmware as
``rcData`` pulse widths: ``1500 + 500·v`` µs, throttle ``1000 + 1000·t`` µs.

Roll, pitch, yaw (``updateRcCommands``, ``processRcCommand``), deadbands ``db`` in µs::

    rc = clamp(rcData - 1500, -500, 500)           # = 500·v
    rc = -rc  (yaw only, unless yaw_control_reversed)
    rcCommand = 0 if |rc| < db else rc - sign(rc)·db           # fapplyDeadband
    x = rcCommand / (500 - db)                     # in [-1, 1], the input of the rates

Throttle, all integer arithmetic (C division truncates toward zero)::

    tmp = (clamp(int(rcData), mincheck, 2000) - mincheck)·1000 / (2000 - mincheck)   # 0..1000
    rcCommand = linear interpolation in a 12-entry table L (µs)
    throttle = (rcCommand - 1000) / 1000           # what the mixer uses, in [0, 1]

2025.12 and later: ``L[i] = lrintf(1000 + 1000·y(i/11))`` (round half to even), ``y(x)`` two
quadratic Bézier segments (0, 0) → (mid, hover) → (1, 1) with control points
``(mid/2, hover·(1 + expo)/2)`` and ``((1 + mid)/2, 1 + (hover - 1)·(1 + expo)/2)``, each solved
for ``Bézier_x(t) = x`` in closed form (single precision); ``j = 11·tmp``,
``rcCommand = L[j/1000] + (L[j/1000 + 1] - L[j/1000])·(j mod 1000)/1000``.

4.5: ``d = 10·i - mid``, ``y = mid`` if d < 0, ``100 - mid`` if d > 0, else 1;
``L[i] = 1000 + 10·mid + d·(100 - expo + expo·d²/y²)/10``; ``j = tmp/100``,
``rcCommand = L[j] + (tmp - 100·j)·(L[j + 1] - L[j])/100``. (``thr_hover`` does not exist.)

The firmware builds the table once; the kernel helper :func:`throttle_firmware` instead
computes the two table entries it interpolates between, from the settings, on each call (same
numbers, no table to carry per drone). The public functions take Configurator units (thr_mid,
thr_expo, thr_hover as 0.00–1.00); the kernel helpers take firmware units (percent, µs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

import numba
import numpy as np
from numpy.typing import ArrayLike, NDArray

from dronedojo.physics._jit import jit_inline

__all__ = [
    "DEADBAND_MAX",
    "MIDRC",
    "MINCHECK",
    "THROTTLE_BEZIER",
    "THROTTLE_CURVES",
    "THROTTLE_LEGACY",
    "YAW_DEADBAND_MAX",
    "RcSettings",
    "apply_deadband",
    "deflection_firmware",
    "stick_deflection",
    "stick_to_us",
    "throttle_curve",
    "throttle_firmware",
    "throttle_table",
    "throttle_to_us",
]

MIDRC: Final = 1500.0
"""Centre stick pulse width, µs (``mid_rc`` default)."""
MINCHECK: Final = 1050.0
"""Default ``min_check``, µs: throttle pulses at or below it count as zero throttle."""
DEADBAND_MAX: Final = 32.0
"""Largest roll/pitch ``deadband`` the CLI accepts, µs."""
YAW_DEADBAND_MAX: Final = 100.0
"""Largest ``yaw_deadband`` the CLI accepts, µs."""

THROTTLE_BEZIER: Final = 0
"""Throttle curve of Betaflight 2025.12 and later (thr_mid, thr_expo, thr_hover; Bézier)."""
THROTTLE_LEGACY: Final = 1
"""Throttle curve of Betaflight 4.5 and earlier (thr_mid, thr_expo; integer table)."""
THROTTLE_CURVES: Final = ("bezier", "legacy")
"""Throttle curve names, indexed by their integer code."""

_HALF_RANGE = 500.0  # µs from centre to full stick
_PWM_MIN = 1000  # µs
_PWM_MAX = 2000  # µs
_PWM_RANGE = 1000  # µs
_MINCHECK_LOWEST = 750.0  # PWM_PULSE_MIN, the lowest min_check the CLI accepts
_STEPS = 11  # THROTTLE_LOOKUP_LENGTH - 1
_US_GUARD = 1e-6  # 1299.9999999999998 µs is 1300 µs, not 1299

_0 = np.float32(0.0)
_1 = np.float32(1.0)
_2 = np.float32(2.0)
_4 = np.float32(4.0)
_HALF = np.float32(0.5)
_100 = np.float32(100.0)
_1000 = np.float32(1000.0)
_STEPS_F = np.float32(_STEPS)
_TINY = np.float32(1e-6)


# --- conversions -----------------------------------------------------------------------------


def stick_to_us(v: ArrayLike) -> Any:
    """Roll / pitch / yaw stick in [-1, 1] as the firmware's ``rcData`` pulse width, µs."""
    return MIDRC + _HALF_RANGE * np.asarray(v, dtype=np.float64)


def throttle_to_us(t: ArrayLike) -> Any:
    """Throttle stick in [0, 1] as the firmware's ``rcData`` pulse width, µs."""
    return _PWM_MIN + _PWM_RANGE * np.asarray(t, dtype=np.float64)


def apply_deadband(v: ArrayLike, deadband: ArrayLike) -> Any:
    """The firmware's ``fapplyDeadband``: 0 where |v| < deadband, else v moved toward 0 by it."""
    value = np.asarray(v, dtype=np.float64)
    return np.where(np.abs(value) < deadband, 0.0, value - np.copysign(deadband, value))


# --- compiled helpers for the kernel (firmware units) ------------------------------------------


@jit_inline
def deflection_firmware(stick: float, deadband: float, sign: float) -> float:
    """Normalised deflection ``x`` in [-1, 1] of one stick axis, as the rates take it.

    ``stick`` in [-1, 1] (beyond is clamped, as rcData beyond 1000–2000 µs is), ``deadband``
    in µs, ``sign`` +1 for roll / pitch, -1 for yaw (the firmware negates yaw unless
    ``yaw_control_reversed``, then +1).
    """
    rc = _HALF_RANGE * stick
    rc = -_HALF_RANGE if rc < -_HALF_RANGE else (_HALF_RANGE if rc > _HALF_RANGE else rc)
    rc = sign * rc
    if rc < deadband and rc > -deadband:
        cmd = 0.0
    elif rc >= 0.0:
        cmd = rc - deadband
    else:
        cmd = rc + deadband
    return cmd / (_HALF_RANGE - deadband)


@jit_inline
def _cdiv(a: int, b: int) -> int:
    """C integer division ``a / b`` (truncates toward zero), for ``b > 0``."""
    q = (a if a >= 0 else -a) // b
    return q if a >= 0 else -q


@jit_inline
def _bezier_y(
    x: np.float32,
    p0x: np.float32,
    p1x: np.float32,
    p2x: np.float32,
    p0y: np.float32,
    p1y: np.float32,
    p2y: np.float32,
) -> np.float32:
    """y of a quadratic Bézier at the t solving Bézier_x(t) = x (closed form, single precision).

    Bézier_x(t) = a·t² + b·t + p0x with a = p0x - 2·p1x + p2x, b = 2·p1x - 2·p0x. Nearly
    linear (|a| < 1e-6): t = (x - p0x)/b (0 if |b| < 1e-6 too). Else the root
    (-b + √disc)/(2a) if it lies in [0, 1], otherwise (-b - √disc)/(2a); t = 0 if disc < 0.
    t is then clamped to [0, 1].
    """
    a = p0x - _2 * p1x + p2x
    b = _2 * p1x - _2 * p0x
    c = p0x - x
    t = _0
    if (a if a >= _0 else -a) < _TINY:
        if (b if b >= _0 else -b) > _TINY:
            t = -c / b
    else:
        disc = b * b - _4 * a * c
        if disc >= _0:
            root = np.sqrt(disc)
            t1 = (-b + root) / (_2 * a)
            t2 = (-b - root) / (_2 * a)
            t = t1 if (t1 >= _0 and t1 <= _1) else t2
    t = _0 if t < _0 else (_1 if t > _1 else t)
    u = _1 - t
    return u * u * p0y + _2 * u * t * p1y + t * t * p2y


@jit_inline
def _bezier_entry(i: int, thr_mid: float, thr_expo: float, thr_hover: float) -> int:
    """Entry ``i`` (0–11) of the 2025.12+ throttle table, µs; settings in percent."""
    mid = np.float32(thr_mid) / _100
    expo = np.float32(thr_expo) / _100
    hover = np.float32(thr_hover) / _100
    x = np.float32(i) / _STEPS_F
    if x <= mid:
        y = _bezier_y(x, _0, mid * _HALF, mid, _0, hover * _HALF * (_1 + expo), hover)
    else:
        cp2y = _1 + (hover - _1) * _HALF * (_1 + expo)
        y = _bezier_y(x, mid, (_1 + mid) * _HALF, _1, hover, cp2y, _1)
    return int(np.rint(_1000 * y + _1000))


@jit_inline
def _legacy_entry(i: int, thr_mid: float, thr_expo: float) -> int:
    """Entry ``i`` (0–11) of the 4.5 throttle table, µs; settings in percent (integers).

    Entry 11 is never interpolated toward; with thr_mid = 100 its divisor is zero, taken as
    contributing 0 (what the Cortex-M divide instruction returns)."""
    mid = int(thr_mid)
    expo = int(thr_expo)
    d = 10 * i - mid
    y = 1
    if d > 0:
        y = 100 - mid
    if d < 0:
        y = mid
    bend = expo * d * d // (y * y) if y != 0 else 0
    n = 10 * mid + _cdiv(d * (100 - expo + bend), 10)
    return _PWM_MIN + _cdiv(_PWM_RANGE * n, 1000)


@jit_inline
def _table_entry(curve_code: int, i: int, thr_mid: float, thr_expo: float, thr_hover: float) -> int:
    """Entry ``i`` of the throttle table of either firmware, µs."""
    if curve_code == THROTTLE_BEZIER:
        return _bezier_entry(i, thr_mid, thr_expo, thr_hover)
    return _legacy_entry(i, thr_mid, thr_expo)


@jit_inline
def throttle_firmware(
    curve_code: int,
    throttle: float,
    mincheck: float,
    thr_mid: float,
    thr_expo: float,
    thr_hover: float,
) -> float:
    """Mixer throttle in [0, 1] for one throttle stick position, as the firmware computes it.

    ``curve_code`` THROTTLE_BEZIER (2025.12+) or THROTTLE_LEGACY (4.5); ``throttle`` the stick
    in [0, 1]; ``mincheck`` in µs (whole, 750 ≤ mincheck < 2000); ``thr_mid``, ``thr_expo``,
    ``thr_hover`` the stored percentages (whole numbers 0–100; hover unused by 4.5).
    """
    mc = int(mincheck)
    raw = math.floor(_PWM_MIN + _PWM_RANGE * throttle + _US_GUARD)
    raw = mc if raw < mc else (_PWM_MAX if raw > _PWM_MAX else raw)
    tmp = (raw - mc) * _PWM_RANGE // (_PWM_MAX - mc)
    if curve_code == THROTTLE_BEZIER:
        scaled = tmp * _STEPS
        j = scaled // _PWM_RANGE
        rem = scaled - j * _PWM_RANGE
        span = _PWM_RANGE
    else:
        j = tmp // 100
        rem = tmp - j * 100
        span = 100
    if j >= _STEPS:
        j = _STEPS
        rem = 0
    low = _table_entry(curve_code, j, thr_mid, thr_expo, thr_hover)
    command = low
    if rem != 0:
        high = _table_entry(curve_code, j + 1, thr_mid, thr_expo, thr_hover)
        command = low + _cdiv((high - low) * rem, span)
    return (command - _PWM_MIN) / _PWM_RANGE


@numba.njit(cache=True, error_model="numpy")
def _throttle_loop(
    curve_code: int, t: NDArray[np.float64], fw: NDArray[np.float64], out: NDArray[np.float64]
) -> None:
    """``out[i] = throttle_firmware(curve_code, t[i], *fw)``, fw = mincheck, mid, expo, hover.

    Compiled without fast-math: single-precision steps round exactly as written."""
    for i in range(t.size):
        out[i] = throttle_firmware(curve_code, t[i], fw[0], fw[1], fw[2], fw[3])


@numba.njit(cache=True, error_model="numpy")
def _table(curve_code: int, fw: NDArray[np.float64], out: NDArray[np.int64]) -> None:
    """The 12 throttle table entries, µs, into ``out``; fw = mincheck, mid, expo, hover."""
    for i in range(_STEPS + 1):
        out[i] = _table_entry(curve_code, i, fw[1], fw[2], fw[3])


# --- validation ----------------------------------------------------------------------------


def _whole(name: str, value: object, lowest: float, highest: float, unit: str = " µs") -> float:
    """``value`` if it is a whole number in [lowest, highest], else ValueError."""
    v = _as_float(name, value)
    if not (lowest <= v <= highest and v == round(v)):
        raise ValueError(
            f"{name} = {value}{unit} is not a firmware value: it must be a whole number of "
            f"{unit.strip()} from {lowest:g} to {highest:g}"
        )
    return v


def _percent(name: str, value: object) -> float:
    """The stored percentage for a Configurator value in [0, 1] in steps of 0.01."""
    v = _as_float(name, value)
    n = round(v * 100) if math.isfinite(v) else -1
    if not (0 <= n <= 100 and abs(v - n / 100) <= 1e-6):
        raise ValueError(
            f"{name} = {value} is not a firmware value: it must be a multiple of 0.01 from 0 to 1"
        )
    return float(n)


def _as_float(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def _curve_code(curve: str) -> int:
    if curve not in THROTTLE_CURVES:
        raise ValueError(f"unknown throttle curve {curve!r}; expected one of {THROTTLE_CURVES}")
    return THROTTLE_CURVES.index(curve)


def _finite(name: str, values: NDArray[np.float64]) -> None:
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be finite numbers, got {values[~np.isfinite(values)][0]}")


# --- numpy API (Configurator units, batched over drones) ---------------------------------------


def stick_deflection(
    sticks: ArrayLike,
    deadband: float = 0.0,
    yaw_deadband: float = 0.0,
    *,
    yaw_reversed: bool = False,
) -> NDArray[np.float64]:
    """Normalised (roll, pitch, yaw) deflections ``x`` in [-1, 1], (N, 3), for the rates.

    ``sticks`` (N, 3) (or (3,)) roll, pitch, yaw in [-1, 1] (values beyond are clamped, as the
    firmware clamps rcData); ``deadband`` (roll, pitch) and ``yaw_deadband`` in µs, whole
    numbers 0–32 and 0–100; ``yaw_reversed`` is ``yaw_control_reversed`` (off: yaw is negated,
    so yaw stick right gives a negative x).
    """
    s = np.asarray(sticks, dtype=np.float64)
    if s.ndim == 0 or s.shape[-1] != 3:
        raise ValueError(f"sticks must have shape (..., 3) (roll, pitch, yaw), got {s.shape}")
    _finite("sticks", s)
    roll_pitch = _whole("deadband", deadband, 0.0, DEADBAND_MAX)
    db = np.array(
        [roll_pitch, roll_pitch, _whole("yaw_deadband", yaw_deadband, 0.0, YAW_DEADBAND_MAX)]
    )
    sign = np.array([1.0, 1.0, 1.0 if yaw_reversed else -1.0])
    rc = sign * np.clip(_HALF_RANGE * s, -_HALF_RANGE, _HALF_RANGE)
    out: NDArray[np.float64] = apply_deadband(rc, db) / (_HALF_RANGE - db)
    return out


def _throttle_settings(
    thr_mid: float, thr_expo: float, thr_hover: float, mincheck: float
) -> NDArray[np.float64]:
    """(4,) firmware units: mincheck µs, thr_mid, thr_expo, thr_hover percent."""
    return np.array(
        [
            _whole("mincheck", mincheck, _MINCHECK_LOWEST, _PWM_MAX - 1.0),
            _percent("thr_mid", thr_mid),
            _percent("thr_expo", thr_expo),
            _percent("thr_hover", thr_hover),
        ]
    )


def throttle_curve(
    throttle: ArrayLike,
    *,
    thr_mid: float = 0.5,
    thr_expo: float = 0.0,
    thr_hover: float = 0.5,
    mincheck: float = MINCHECK,
    curve: str = "bezier",
) -> Any:
    """Mixer throttle in [0, 1], ``(rcCommand[THROTTLE] - 1000)/1000``, for throttle sticks.

    ``throttle`` in [0, 1] (a float or an array; beyond is clamped as the firmware clamps
    rcData); ``thr_mid``, ``thr_expo``, ``thr_hover`` as the Configurator shows them (0–1 in
    steps of 0.01; ``thr_hover`` only exists in 2025.12+); ``mincheck`` in µs;
    ``curve`` ``"bezier"`` (2025.12+) or ``"legacy"`` (4.5). Returns a float for a scalar.
    """
    code = _curve_code(curve)
    fw = _throttle_settings(thr_mid, thr_expo, thr_hover, mincheck)
    t = np.asarray(throttle, dtype=np.float64)
    _finite("throttle", t)
    out = np.empty(t.size)
    _throttle_loop(code, np.ascontiguousarray(t).reshape(-1), fw, out)
    if t.ndim == 0:
        return float(out[0])
    return out.reshape(t.shape)


def throttle_table(
    thr_mid: float = 0.5, thr_expo: float = 0.0, thr_hover: float = 0.5, curve: str = "bezier"
) -> NDArray[np.int64]:
    """The firmware's 12-entry throttle table, µs (``lookupThrottleRC``), Configurator units."""
    fw = _throttle_settings(thr_mid, thr_expo, thr_hover, MINCHECK)
    out = np.empty(_STEPS + 1, dtype=np.int64)
    _table(_curve_code(curve), fw, out)
    return out


@dataclass(frozen=True)
class RcSettings:
    """The firmware's RC-processing settings, as the Configurator / CLI show them.

    Defaults are the firmware's. Validated on construction.
    """

    deadband: float = 0.0
    """Roll / pitch deadband, µs (``deadband``, 0–32)."""
    yaw_deadband: float = 0.0
    """Yaw deadband, µs (``yaw_deadband``, 0–100)."""
    yaw_reversed: bool = False
    """``yaw_control_reversed``."""
    mincheck: float = MINCHECK
    """``min_check``, µs: throttle at or below it is zero."""
    thr_mid: float = 0.5
    """Throttle MID, 0–1."""
    thr_expo: float = 0.0
    """Throttle EXPO, 0–1."""
    thr_hover: float = 0.5
    """Throttle HOVER, 0–1 (2025.12+)."""
    throttle_curve: str = "bezier"
    """``"bezier"`` (2025.12+) or ``"legacy"`` (4.5)."""

    def __post_init__(self) -> None:
        self.firmware()

    def firmware(self) -> NDArray[np.float64]:
        """(8,) for the kernel: deadband µs, yaw_deadband µs, yaw sign (±1), mincheck µs,
        throttle curve code, thr_mid %, thr_expo %, thr_hover %."""
        db = _whole("deadband", self.deadband, 0.0, DEADBAND_MAX)
        yaw_db = _whole("yaw_deadband", self.yaw_deadband, 0.0, YAW_DEADBAND_MAX)
        sign = 1.0 if self.yaw_reversed else -1.0
        thr = _throttle_settings(self.thr_mid, self.thr_expo, self.thr_hover, self.mincheck)
        return np.array([db, yaw_db, sign, thr[0], _curve_code(self.throttle_curve), *thr[1:]])

    def deflection(self, sticks: ArrayLike) -> NDArray[np.float64]:
        """:func:`stick_deflection` with these settings."""
        return stick_deflection(
            sticks, self.deadband, self.yaw_deadband, yaw_reversed=self.yaw_reversed
        )

    def throttle(self, throttle: ArrayLike) -> Any:
        """:func:`throttle_curve` with these settings."""
        return throttle_curve(
            throttle,
            thr_mid=self.thr_mid,
            thr_expo=self.thr_expo,
            thr_hover=self.thr_hover,
            mincheck=self.mincheck,
            curve=self.throttle_curve,
        )
