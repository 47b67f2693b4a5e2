"""Betaflight rates: a normalised stick deflection in, a rotation-rate setpoint (deg/s) out.

Facts from the Betaflight firmware (betaflight/betaflight ``src/main/fc/rc.c``:
``applyBetaflightRates``, ``applyRaceFlightRates``, ``applyKissRates``, ``applyActualRates``,
``applyQuickRates``, ``processRcCommand``; defaults and limits from
``src/main/fc/controlrate_profile.c``; identical on 4.5, 2025.12 and 2026.6). Written from the
formulas, not from the firmware's code.

Firmware units, per axis: ``R`` = ``rc_rate`` (uint8), ``S`` = ``srate`` (uint8), ``E`` =
``expo`` (uint8). ``x`` is the normalised stick in [-1, 1] after deadband, ``a = |x|``, and
``sat(d) = clamp(d, 0.01, 1)``:

==========  ===========================================================================
BETAFLIGHT  if E: ``x <- x·a³·E/100 + x·(1 - E/100)``; ``r = R/100``, if r > 2:
            ``r <- r + 14.54·(r - 2)``; ``v = 200·r·x``; if S: ``v <- v / sat(1 - a·S/100)``
            (``a`` is the *uncurved* |x|; no inner clamp)
RACEFLIGHT  ``x <- (1 + 0.01·E·(x² - 1))·x``; ``v = 10·R·x·(1 + a·S·0.01)`` (raw ``a``)
KISS        ``c = E/100``; ``v = clamp(2000·(x³·c + x·(1 - c))·R/1000 / sat(1 - a·S/100),
            ±1998)``
ACTUAL      ``e = E/100``; ``v = x·10·R + max(0, 10·S - 10·R)·a·(x⁵·e + x·(1 - e))``
QUICK       ``Q = 2·R`` (integer), ``M = max(10·S, Q)`` (integer), ``e = E/100``,
            ``k = (M/Q - 1)/(M/Q)``; quickrates_rc_expo OFF (default):
            ``c = a³·e + a·(1 - e)``, ``v = clamp(x·Q / sat(1 - c·k), ±1998)``; ON:
            ``c = x³·e + x·(1 - e)``, ``v = clamp(c·Q / sat(1 - a·k), ±1998)``
==========  ===========================================================================

then ``setpoint = clamp(v, ±rate_limit)`` (``rate_limit`` 200–1998 deg/s).
``maxRcRate = v(x=1)`` without the rate_limit clamp (used by Angle mode and feedforward).

The firmware computes in single precision; so does this module, operation for operation, from
the float32 ``x``. :func:`apply_rates` is compiled without fast-math: every operation rounds as
written (bit-identical to a plain float32 emulation of the formulas). The kernel helper
:func:`rate_firmware` inlined into a fast-math kernel may fuse ``1 - a·S/100`` into one
multiply-subtract (so may the firmware's own ``-ffast-math`` build): the super-rate divisor
``d`` then differs by up to an ulp of 1, which moves the setpoint by up to |v|·1.2e-7/d (under
0.025 deg/s, at d = 0.01). Without such a divisor (ACTUAL, RACEFLIGHT, S = 0) the two agree
within 1e-3 deg/s.

The public API takes the values the Betaflight Configurator shows (table below); the kernel
helper :func:`rate_firmware` takes the stored firmware values.

==========  =========================  =====================  ================
type        rc_rate (shown)            rate (shown)           expo (shown)
==========  =========================  =====================  ================
betaflight  RC Rate = R/100            Rate = S/100           RC Expo = E/100
raceflight  Rate = 10·R deg/s          Acro+ = S              Expo = E
kiss        RC Rate = R/100            Rate = S/100           RC Curve = E/100
actual      Center Sens. = 10·R deg/s  Max Rate = 10·S deg/s  Expo = E/100
quick       RC Rate = R/100            Max Rate = 10·S deg/s  Expo = E/100
==========  =========================  =====================  ================
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numba
import numpy as np
from numpy.typing import ArrayLike, NDArray

from dronedojo.physics._jit import jit_inline

__all__ = [
    "ACTUAL",
    "BETAFLIGHT",
    "KINDS",
    "KISS",
    "QUICK",
    "RACEFLIGHT",
    "RATE_LIMIT_MAX",
    "RATE_LIMIT_MIN",
    "Rates",
    "apply_rates",
    "kind_code",
    "rate_firmware",
    "to_firmware",
]

# The firmware's ratesType_e order.
BETAFLIGHT: Final = 0
RACEFLIGHT: Final = 1
KISS: Final = 2
ACTUAL: Final = 3
QUICK: Final = 4
KINDS: Final = ("betaflight", "raceflight", "kiss", "actual", "quick")
"""Rates type names, indexed by their integer code."""

RATE_LIMIT_MIN: Final = 200.0
"""Lowest ``rate_limit`` the CLI accepts, deg/s."""
RATE_LIMIT_MAX: Final = 1998.0
"""Highest ``rate_limit`` the CLI accepts, and the KISS / QUICK inner clamp, deg/s."""

# Single-precision constants: every operation below stays in float32, as in the firmware.
_0 = np.float32(0.0)
_1 = np.float32(1.0)
_2 = np.float32(2.0)
_10 = np.float32(10.0)
_100 = np.float32(100.0)
_200 = np.float32(200.0)
_1000 = np.float32(1000.0)
_2000 = np.float32(2000.0)
_0_01 = np.float32(0.01)
_SETPOINT_LIMIT = np.float32(RATE_LIMIT_MAX)
_RC_RATE_INCREMENTAL = np.float32(14.54)


# --- the formulas, in firmware units (float32 in, float32 out) ---------------------------------


@jit_inline
def _clamp(v: np.float32, lo: np.float32, hi: np.float32) -> np.float32:
    """``v`` limited to [lo, hi], in single precision (a plain select, as ``_jit.clip``)."""
    return lo if v < lo else (hi if v > hi else v)


@jit_inline
def _max(a: np.float32, b: np.float32) -> np.float32:
    """max(a, b) in single precision (a plain select, as ``_jit.fmax``)."""
    return a if a > b else b


@jit_inline
def _super_factor(d: np.float32) -> np.float32:
    """``1 / clamp(d, 0.01, 1)``: the 'super rate' gain of the BETAFLIGHT, KISS, QUICK types."""
    return _1 / _clamp(d, _0_01, _1)


@jit_inline
def _betaflight(
    x: np.float32, a: np.float32, R: np.float32, S: np.float32, E: np.float32
) -> np.float32:
    """BETAFLIGHT rates, deg/s (no inner clamp)."""
    if E != 0:
        e = E / _100
        x = x * (a * a * a) * e + x * (_1 - e)
    r = R / _100
    if r > _2:
        r = r + _RC_RATE_INCREMENTAL * (r - _2)
    v = _200 * r * x
    if S != 0:
        v = v * _super_factor(_1 - a * (S / _100))
    return v


@jit_inline
def _raceflight(
    x: np.float32, a: np.float32, R: np.float32, S: np.float32, E: np.float32
) -> np.float32:
    """RACEFLIGHT rates, deg/s: the Acro+ gain uses the raw |x|, not the curved one."""
    x = (_1 + _0_01 * E * (x * x - _1)) * x
    v = _10 * R * x
    return v * (_1 + a * S * _0_01)


@jit_inline
def _kiss(x: np.float32, a: np.float32, R: np.float32, S: np.float32, E: np.float32) -> np.float32:
    """KISS rates, deg/s, limited to ±1998."""
    c = E / _100
    f = _super_factor(_1 - a * (S / _100))
    curved = (x * x * x * c + x * (_1 - c)) * (R / _1000)
    return _clamp(_2000 * f * curved, -_SETPOINT_LIMIT, _SETPOINT_LIMIT)


@jit_inline
def _actual(
    x: np.float32, a: np.float32, R: np.float32, S: np.float32, E: np.float32
) -> np.float32:
    """ACTUAL rates, deg/s: centre sensitivity 10·R, maximum 10·S (no inner clamp)."""
    e = E / _100
    g = a * (x * x * x * x * x * e + x * (_1 - e))
    centre = R * _10
    movement = _max(_0, S * _10 - centre)
    return x * centre + movement * g


@jit_inline
def _quick(
    x: np.float32, a: np.float32, R: np.float32, S: np.float32, E: np.float32, rc_expo: bool
) -> np.float32:
    """QUICK rates, deg/s, limited to ±1998. ``R``, ``S`` are whole numbers, so ``2·R`` and
    ``max(10·S, 2·R)`` are the firmware's integers, exactly."""
    q = _2 * R
    m = _max(S * _10, q)
    e = E / _100
    k = (m / q - _1) / (m / q)
    if rc_expo:
        c = x * x * x * e + x * (_1 - e)
        v = c * q * _super_factor(_1 - a * k)
    else:
        c = a * a * a * e + a * (_1 - e)
        v = x * q * _super_factor(_1 - c * k)
    return _clamp(v, -_SETPOINT_LIMIT, _SETPOINT_LIMIT)


@jit_inline
def rate_firmware(
    kind_code: int,
    x: float,
    R: float,
    S: float,
    E: float,
    rate_limit: float,
    quick_rc_expo: float,
) -> float:
    """The rate setpoint, deg/s, for one axis of one drone, as the firmware computes it.

    ``kind_code`` is one of BETAFLIGHT=0, RACEFLIGHT=1, KISS=2, ACTUAL=3, QUICK=4; ``x`` the
    normalised stick in [-1, 1]; ``R``, ``S``, ``E`` the stored firmware values (whole numbers,
    already validated); ``rate_limit`` in deg/s (``inf`` gives the firmware's ``maxRcRate``);
    ``quick_rc_expo`` nonzero for ``quickrates_rc_expo = ON``. Computed in single precision.
    """
    xf = np.float32(x)
    a = xf if xf >= _0 else -xf
    r = np.float32(R)
    s = np.float32(S)
    e = np.float32(E)
    if kind_code == BETAFLIGHT:
        v = _betaflight(xf, a, r, s, e)
    elif kind_code == RACEFLIGHT:
        v = _raceflight(xf, a, r, s, e)
    elif kind_code == KISS:
        v = _kiss(xf, a, r, s, e)
    elif kind_code == ACTUAL:
        v = _actual(xf, a, r, s, e)
    else:
        v = _quick(xf, a, r, s, e, quick_rc_expo != 0.0)
    limit = np.float32(rate_limit)
    return float(_clamp(v, -limit, limit))


@numba.njit(cache=True, error_model="numpy")
def _rates_loop(
    kind_code: int,
    x: NDArray[np.float64],
    fw: NDArray[np.float64],
    quick_rc_expo: float,
    out: NDArray[np.float64],
) -> None:
    """``out[i] = rate_firmware(kind_code, x[i, axis], *fw[axis], quick_rc_expo)``, axis = i % m.

    ``x`` is (n, m), ``fw`` (m, 4) = R, S, E, rate_limit per column. Compiled without fast-math
    (unlike the kernel), so each single-precision operation rounds exactly as written: this is
    the firmware's arithmetic without fused multiply-adds, the reference the kernel is tested
    against.
    """
    n, m = x.shape
    for i in range(n):
        for j in range(m):
            out[i, j] = rate_firmware(
                kind_code, x[i, j], fw[j, 0], fw[j, 1], fw[j, 2], fw[j, 3], quick_rc_expo
            )


# --- Configurator units <-> firmware units ------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    """One rates parameter as the Configurator shows it: ``shown = step · stored``."""

    name: str
    label: str
    step: float
    unit: str
    lowest: int
    highest: int

    def stored(self, kind: str, value: object, where: str = "") -> float:
        """The firmware's stored value for ``value`` (shown units), or ValueError."""
        shown = _as_float(value)
        n = round(shown / self.step) if math.isfinite(shown) else 0
        on_step = math.isfinite(shown) and abs(shown - n * self.step) <= 1e-6
        if not on_step or not self.lowest <= n <= self.highest:
            raise ValueError(
                f"{where}{kind} {self.name} ({self.label}) = {value}{self.unit} is not a "
                f"firmware value: it must be a multiple of {self.step:g}{self.unit} from "
                f"{self.lowest * self.step:g} to {self.highest * self.step:g}{self.unit}"
            )
        return float(n)


def _fields(
    rc_rate: tuple[str, float, str, int],
    rate: tuple[str, float, str, int],
    expo: tuple[str, float, str],
) -> tuple[_Field, _Field, _Field]:
    """The three fields of one rates type: (label, step, unit, highest stored) each."""
    return (
        _Field("rc_rate", rc_rate[0], rc_rate[1], rc_rate[2], 1, rc_rate[3]),
        _Field("rate", rate[0], rate[1], rate[2], 0, rate[3]),
        _Field("expo", expo[0], expo[1], expo[2], 0, 100),
    )


_DEG = " deg/s"
# Labels and steps from the Configurator; stored maxima from the firmware's ratesSettingLimits.
_FIELDS: Final = {
    "betaflight": _fields(
        ("RC Rate", 0.01, "", 255), ("Rate", 0.01, "", 100), ("RC Expo", 0.01, "")
    ),
    "raceflight": _fields(("Rate", 10.0, _DEG, 200), ("Acro+", 1.0, "", 255), ("Expo", 1.0, "")),
    "kiss": _fields(("RC Rate", 0.01, "", 255), ("Rate", 0.01, "", 99), ("RC Curve", 0.01, "")),
    "actual": _fields(
        ("Center Sensitivity", 10.0, _DEG, 200), ("Max Rate", 10.0, _DEG, 200), ("Expo", 0.01, "")
    ),
    "quick": _fields(("RC Rate", 0.01, "", 255), ("Max Rate", 10.0, _DEG, 200), ("Expo", 0.01, "")),
}


def _as_float(value: object) -> float:
    """``value`` as a float, or ValueError for anything that is not a real number."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def kind_code(kind: str) -> int:
    """The firmware's integer code (``ratesType_e``) of a rates type name."""
    if kind not in KINDS:
        raise ValueError(f"unknown rates type {kind!r}; expected one of {', '.join(KINDS)}")
    return KINDS.index(kind)


def to_firmware(
    kind: str, rc_rate: float, rate: float, expo: float, where: str = ""
) -> tuple[float, float, float]:
    """The stored firmware values (R, S, E) for Configurator values, or ValueError naming the
    parameter, the value, the step and the range if they are not a firmware setting."""
    rc, s, e = _FIELDS[KINDS[kind_code(kind)]]
    return rc.stored(kind, rc_rate, where), s.stored(kind, rate, where), e.stored(kind, expo, where)


def _check_rate_limit(rate_limit: object, where: str = "") -> float:
    """``rate_limit`` (deg/s) if the CLI accepts it: a whole number in [200, 1998]."""
    limit = _as_float(rate_limit)
    if not (RATE_LIMIT_MIN <= limit <= RATE_LIMIT_MAX and limit == round(limit)):
        raise ValueError(
            f"{where}rate_limit = {rate_limit} deg/s is not a firmware value: it must be a "
            f"whole number of deg/s from {RATE_LIMIT_MIN:g} to {RATE_LIMIT_MAX:g}"
        )
    return limit


def _check_sticks(x: NDArray[np.float64]) -> None:
    """ValueError unless every normalised stick value is in [-1, 1] (NaN is not)."""
    if not np.all(np.abs(x) <= 1.0):
        bad = x[~(np.abs(x) <= 1.0)].ravel()[0]
        raise ValueError(f"stick deflection {float(bad)} is outside [-1, 1]")


def apply_rates(
    kind: str,
    stick: ArrayLike,
    rc_rate: float,
    rate: float,
    expo: float,
    rate_limit: float = RATE_LIMIT_MAX,
    *,
    quick_rc_expo: bool = False,
) -> Any:
    """The rotation-rate setpoint, deg/s, for normalised stick deflections.

    ``kind``: ``"betaflight"``, ``"actual"``, ``"kiss"``, ``"quick"`` or ``"raceflight"``.
    ``stick``: the firmware's normalised stick ``x`` in [-1, 1] (after deadband), a float or
    an array. ``rc_rate``, ``rate``, ``expo``: the values the Betaflight Configurator shows for
    that rates type (module docstring); each must be a firmware setting. ``rate_limit``: deg/s,
    a whole number in [200, 1998]. ``quick_rc_expo``: the ``quickrates_rc_expo`` setting.

    Returns a float for a scalar ``stick``, else a float64 array of the same shape. Raises
    ValueError for a stick outside [-1, 1] or a parameter the firmware cannot store.
    """
    code = kind_code(kind)
    fw = np.array([[*to_firmware(kind, rc_rate, rate, expo), _check_rate_limit(rate_limit)]])
    x = np.asarray(stick, dtype=np.float64)
    _check_sticks(x)
    out = np.empty(x.size)
    _rates_loop(code, x.reshape(-1, 1), fw, float(quick_rc_expo), out.reshape(-1, 1))
    if x.ndim == 0:
        return float(out[0])
    return out.reshape(x.shape)


# --- a rates profile ---------------------------------------------------------------------------

Triple = tuple[float, float, float]
_AXES: Final = ("roll", "pitch", "yaw")


def _triple(name: str, value: object) -> Triple:
    """``value`` as three floats (roll, pitch, yaw), or ValueError."""
    items = list(value) if isinstance(value, Sequence | np.ndarray) else None
    if items is None or len(items) != 3:
        raise ValueError(f"{name} must have three values (roll, pitch, yaw), got {value!r}")
    return (_as_float(items[0]), _as_float(items[1]), _as_float(items[2]))


@dataclass(frozen=True)
class Rates:
    """A Betaflight rates profile: one rates type, per-axis values in Configurator units.

    The defaults are the firmware's (``controlrate_profile.c``): ACTUAL, centre sensitivity
    70 deg/s, max rate 670 deg/s, expo 0, rate_limit 1998 deg/s on every axis. Axes are
    (roll, pitch, yaw). Validated on construction (ValueError names axis and parameter).
    """

    kind: str = "actual"
    rc_rate: Triple = (70.0, 70.0, 70.0)
    """Column 1 of the Configurator's rates table (RC Rate, Center Sensitivity, Rate)."""
    rate: Triple = (670.0, 670.0, 670.0)
    """Column 2 (Rate, Max Rate, Acro+)."""
    expo: Triple = (0.0, 0.0, 0.0)
    """Column 3 (RC Expo, Expo, RC Curve)."""
    rate_limit: Triple = (RATE_LIMIT_MAX, RATE_LIMIT_MAX, RATE_LIMIT_MAX)
    """Final setpoint clamp per axis, deg/s, whole numbers in [200, 1998]."""
    quick_rc_expo: bool = False
    """``quickrates_rc_expo``: QUICK rates apply expo to the stick instead of the gain."""

    def __post_init__(self) -> None:
        kind_code(self.kind)
        for name in ("rc_rate", "rate", "expo", "rate_limit"):
            object.__setattr__(self, name, _triple(name, getattr(self, name)))
        self.firmware()  # validates every value
        if not isinstance(self.quick_rc_expo, bool | np.bool_):
            raise ValueError(f"quick_rc_expo must be a bool, got {self.quick_rc_expo!r}")
        object.__setattr__(self, "quick_rc_expo", bool(self.quick_rc_expo))

    @classmethod
    def betaflight_default(cls) -> Rates:
        """The firmware default: ACTUAL 70 / 670 deg/s / 0 on all axes."""
        return cls()

    @classmethod
    def betaflight_classic(cls) -> Rates:
        """The classic BETAFLIGHT profile: RC Rate 1.0, Rate 0.7, RC Expo 0 on all axes
        (666.67 deg/s at full stick)."""
        return cls(kind="betaflight", rc_rate=(1.0,) * 3, rate=(0.7,) * 3, expo=(0.0,) * 3)

    @property
    def kind_code(self) -> int:
        """The firmware's integer code of :attr:`kind` (BETAFLIGHT=0 … QUICK=4)."""
        return kind_code(self.kind)

    def firmware(self) -> NDArray[np.float64]:
        """(3 axes, 4): R, S, E (stored firmware values) and rate_limit (deg/s) per axis."""
        rows = []
        for i, axis in enumerate(_AXES):
            where = f"{axis} axis: "
            rse = to_firmware(self.kind, self.rc_rate[i], self.rate[i], self.expo[i], where)
            rows.append([*rse, _check_rate_limit(self.rate_limit[i], where)])
        return np.array(rows, dtype=np.float64)

    def setpoint_deg(self, x: ArrayLike) -> NDArray[np.float64]:
        """Rate setpoints, deg/s, (..., 3), for normalised sticks ``x`` (..., 3) in [-1, 1]."""
        xs = np.asarray(x, dtype=np.float64)
        if xs.ndim == 0 or xs.shape[-1] != 3:
            raise ValueError(f"sticks must have shape (..., 3), got {xs.shape}")
        _check_sticks(xs)
        flat = np.ascontiguousarray(xs.reshape(-1, 3))
        out = np.empty_like(flat)
        _rates_loop(self.kind_code, flat, self.firmware(), float(self.quick_rc_expo), out)
        return out.reshape(xs.shape)

    def max_rate_deg(self) -> NDArray[np.float64]:
        """(3,) per-axis rate at full stick, deg/s, *not* limited by rate_limit: the
        firmware's ``maxRcRate`` (``applyRates(axis, 1, 1)``), which Angle mode uses."""
        fw = self.firmware()
        fw[:, 3] = np.inf
        out = np.empty((1, 3))
        _rates_loop(self.kind_code, np.ones((1, 3)), fw, float(self.quick_rc_expo), out)
        return out.reshape(3)
