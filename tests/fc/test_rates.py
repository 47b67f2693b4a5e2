"""Betaflight rates against a plain single-precision emulation of the firmware formulas.

The oracle below is written from the formulas of betaflight/betaflight ``src/main/fc/rc.c``
(``applyBetaflightRates`` … ``applyQuickRates``) in numpy float32, one operation at a time in
the firmware's order; it shares no code with ``dronedojo.fc.rates``.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from dronedojo.fc import rates
from dronedojo.fc.rates import KINDS, Rates, apply_rates, rate_firmware
from dronedojo.physics._jit import jit

F = np.float32
STICK = np.linspace(-1.0, 1.0, 2001)


def oracle(
    kind: str, x: NDArray[np.float64], R: int, S: int, E: int, limit: float, rc_expo: bool = False
) -> NDArray[np.float64]:
    """The firmware's setpoint (deg/s) in float32 arithmetic, from stored values R, S, E."""
    stick: Any = np.asarray(x, dtype=F)
    x = stick
    a = np.abs(x)
    r, s, e = F(R), F(S), F(E)
    one = F(1.0)
    rc: Any
    c: Any
    v: Any

    def sat(d: Any) -> Any:
        return np.clip(d, F(0.01), one)

    if kind == "betaflight":
        if E != 0:
            ef = e / F(100.0)
            x = x * (a * a * a) * ef + x * (one - ef)
        rc = r / F(100.0)
        if rc > F(2.0):
            rc = rc + F(14.54) * (rc - F(2.0))
        v = F(200.0) * rc * x
        if S != 0:
            v = v * (one / sat(one - a * (s / F(100.0))))
    elif kind == "raceflight":
        x = (one + F(0.01) * e * (x * x - one)) * x
        v = F(10.0) * r * x
        v = v * (one + a * s * F(0.01))
    elif kind == "kiss":
        c = e / F(100.0)
        gain = one / sat(one - a * (s / F(100.0)))
        curved = (x * x * x * c + x * (one - c)) * (r / F(1000.0))
        v = np.clip(F(2000.0) * gain * curved, F(-1998.0), F(1998.0))
    elif kind == "actual":
        ef = e / F(100.0)
        g = a * (x * x * x * x * x * ef + x * (one - ef))
        centre = r * F(10.0)
        movement = max(F(0.0), s * F(10.0) - centre)
        v = x * centre + movement * g
    else:
        q = 2 * R  # uint16 in the firmware
        m = max(S * 10, q)  # integer MAX
        ef = e / F(100.0)
        k = (F(m) / F(q) - one) / (F(m) / F(q))
        if rc_expo:
            c = x * x * x * ef + x * (one - ef)
            v = c * F(q) * (one / sat(one - a * k))
        else:
            c = a * a * a * ef + a * (one - ef)
            v = x * F(q) * (one / sat(one - c * k))
        v = np.clip(v, F(-1998.0), F(1998.0))
    assert v.dtype == F
    out: NDArray[np.float64] = np.clip(v, -F(limit), F(limit)).astype(np.float64)
    return out


# Configurator units per stored unit, per rates type: (rc_rate, rate, expo).
SHOWN = {
    "betaflight": (0.01, 0.01, 0.01),
    "raceflight": (10.0, 1.0, 1.0),
    "kiss": (0.01, 0.01, 0.01),
    "actual": (10.0, 10.0, 0.01),
    "quick": (0.01, 10.0, 0.01),
}
# Stored values covering each type's extremes: R = 1 and its maximum, S = 0 and its maximum,
# BETAFLIGHT RC rate above 2.0 (the 14.54 boost), S next to the 0.01 clamp, E = 0 / 50 / 100.
GRID = {
    "betaflight": ([1, 10, 100, 200, 201, 255], [0, 50, 70, 99, 100], [0, 50, 100]),
    "raceflight": ([1, 37, 200], [0, 80, 255], [0, 50, 100]),
    "kiss": ([1, 10, 100, 255], [0, 70, 98, 99], [0, 50, 100]),
    "actual": ([1, 7, 100, 200], [0, 5, 67, 200], [0, 50, 100]),
    "quick": ([1, 9, 100, 255], [0, 67, 200], [0, 50, 100]),
}


def shown(kind: str, R: int, S: int, E: int) -> tuple[float, float, float]:
    """Configurator values for stored values."""
    k = SHOWN[kind]
    return R * k[0], S * k[1], E * k[2]


def cases() -> list[tuple[str, int, int, int, float, bool]]:
    out = []
    for kind, (rs, ss, es) in GRID.items():
        for R, S, E, limit in itertools.product(rs, ss, es, (200.0, 1998.0)):
            out.append((kind, R, S, E, limit, False))
            if kind == "quick":
                out.append((kind, R, S, E, limit, True))
    return out


CASES = cases()


@pytest.mark.parametrize("kind", KINDS)
def test_matches_the_single_precision_firmware_over_the_whole_stick_range(kind: str) -> None:
    worst = 0.0
    for k, R, S, E, limit, rc_expo in CASES:
        if k != kind:
            continue
        got = apply_rates(kind, STICK, *shown(kind, R, S, E), limit, quick_rc_expo=rc_expo)
        want = oracle(kind, STICK, R, S, E, limit, rc_expo)
        err = float(np.max(np.abs(got - want)))
        assert err <= 1e-3, (kind, R, S, E, limit, rc_expo, err)
        worst = max(worst, err)
    assert worst <= 1e-3


def test_grid_reaches_the_clamps_and_the_boost() -> None:
    # The grid is only worth something if it visits the regions the formulas branch on.
    assert oracle("betaflight", np.array([1.0]), 255, 0, 0, 1998.0)[0] == 1998.0
    # 1 - 0.995·1.0 = 0.005 is clamped to 0.01: v = 200·0.1·0.995 / 0.01.
    assert apply_rates("betaflight", 0.995, 0.1, 1.0, 0.0) == pytest.approx(1990.0, abs=1e-3)
    assert oracle("kiss", np.array([1.0]), 100, 99, 0, 1998.0)[0] == 1998.0
    assert oracle("quick", np.array([0.5]), 255, 200, 100, 200.0)[0] == 200.0


def test_hand_computed_values() -> None:
    # ACTUAL, firmware default 70 / 670 / 0: v = 70·x + 600·x·|x|.
    assert apply_rates("actual", 1.0, 70, 670, 0) == 670.0
    assert apply_rates("actual", 0.5, 70, 670, 0) == 185.0
    assert apply_rates("actual", 0.25, 70, 670, 0) == 55.0
    # ACTUAL with expo 0.5 at half stick: 35 + 600·0.5·(0.5⁵·0.5 + 0.5·0.5).
    assert apply_rates("actual", 0.5, 70, 670, 0.5) == 114.6875
    # BETAFLIGHT 1.0 / 0.7 / 0: 200·x / (1 - 0.7·|x|).
    assert apply_rates("betaflight", 1.0, 1.0, 0.7, 0.0) == pytest.approx(200 / 0.3, abs=1e-3)
    assert apply_rates("betaflight", 0.5, 1.0, 0.7, 0.0) == pytest.approx(100 / 0.65, abs=1e-3)
    # BETAFLIGHT RC rate 2.55: 2.55 + 14.54·0.55 = 10.547, times 200 = 2109.4 deg/s at full
    # stick, which rate_limit cuts to 1998; half stick gives half of it.
    assert apply_rates("betaflight", 0.5, 2.55, 0.0, 0.0) == pytest.approx(1054.7, abs=1e-3)
    assert apply_rates("betaflight", 1.0, 2.55, 0.0, 0.0) == 1998.0
    # RACEFLIGHT 370 / 80 / 50 at half stick: 370·(1 - 0.5·0.75)·0.5·(1 + 0.5·0.8). The
    # Configurator's preview (Acro+ on the curved stick) would show about 144.5 instead.
    assert apply_rates("raceflight", 0.5, 370, 80, 50) == pytest.approx(161.875, abs=1e-3)
    # KISS 1.0 / 0.7 / 0 is BETAFLIGHT 1.0 / 0.7 / 0 below the ±1998 clamp.
    assert apply_rates("kiss", 1.0, 1.0, 0.7, 0.0) == pytest.approx(200 / 0.3, abs=1e-3)
    # QUICK 1.0 / 670 / 0: centre 200 deg/s, max 670 deg/s, k = 1 - 200/670.
    assert apply_rates("quick", 1.0, 1.0, 670, 0.0) == pytest.approx(670.0, abs=1e-3)
    k = 1 - 200 / 670
    assert apply_rates("quick", 0.5, 1.0, 670, 0.0) == pytest.approx(100 / (1 - 0.5 * k), abs=1e-3)
    # rate_limit cuts the setpoint, in every rates type.
    assert apply_rates("actual", -1.0, 70, 670, 0, rate_limit=200) == -200.0


def test_quick_rc_expo_moves_the_expo_onto_the_stick() -> None:
    # quickrates_rc_expo ON at half stick: c = 0.5³·0.5 + 0.5·0.5 = 0.3125, v = c·Q/(1 - 0.5·k).
    k = 1 - 200 / 670
    got = apply_rates("quick", 0.5, 1.0, 670, 0.5, quick_rc_expo=True)
    assert got == pytest.approx(0.3125 * 200 / (1 - 0.5 * k), abs=1e-3)
    # OFF: c = 0.3125 goes into the gain instead: v = 0.5·200/(1 - 0.3125·k).
    off = apply_rates("quick", 0.5, 1.0, 670, 0.5)
    assert off == pytest.approx(100 / (1 - 0.3125 * k), abs=1e-3)


def test_quick_centre_rate_is_an_integer_and_max_never_below_it() -> None:
    # Max Rate below 2·R: the firmware takes M = max(10·S, 2·R), so the curve is linear.
    assert apply_rates("quick", 1.0, 2.55, 100, 0.0) == pytest.approx(510.0, abs=1e-3)
    assert apply_rates("quick", 0.3, 2.55, 100, 0.0) == pytest.approx(153.0, abs=1e-3)


@pytest.mark.parametrize("kind", KINDS)
def test_odd_and_monotone(kind: str) -> None:
    for k, R, S, E, limit, rc_expo in CASES:
        if k != kind or limit != 1998.0:
            continue
        v = apply_rates(kind, STICK, *shown(kind, R, S, E), limit, quick_rc_expo=rc_expo)
        np.testing.assert_array_equal(v, -v[::-1])
        assert np.all(np.diff(v) >= 0.0), (kind, R, S, E, rc_expo)
        assert v[1000] == 0.0


def test_scalar_and_array_shapes() -> None:
    one = apply_rates("actual", 0.5, 70, 670, 0)
    assert type(one) is float
    assert type(apply_rates("actual", np.float32(0.5), 70, 670, 0)) is float
    grid = np.full((2, 3), 0.5)
    out = apply_rates("actual", grid, 70, 670, 0)
    assert out.shape == (2, 3) and out.dtype == np.float64
    np.testing.assert_array_equal(out, np.full((2, 3), 185.0))
    assert apply_rates("actual", [0.5, -0.5], 70, 670, 0).tolist() == [185.0, -185.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("betaflight", 1.0001, 1.0, 0.7, 0.0), "outside \\[-1, 1\\]"),
        (("betaflight", math.nan, 1.0, 0.7, 0.0), "outside \\[-1, 1\\]"),
        (("betaflight", [0.0, -1.5], 1.0, 0.7, 0.0), "-1.5 is outside"),
        (
            ("betaflight", 0.5, 1.005, 0.7, 0.0),
            "rc_rate \\(RC Rate\\) = 1.005 .* 0.01 from 0.01 to 2.55",
        ),
        (("betaflight", 0.5, 0.0, 0.7, 0.0), "rc_rate .* from 0.01 to 2.55"),
        (("betaflight", 0.5, 2.56, 0.7, 0.0), "rc_rate .* from 0.01 to 2.55"),
        (("betaflight", 0.5, 1.0, 1.01, 0.0), "rate \\(Rate\\) = 1.01 .* from 0 to 1$"),
        (("betaflight", 0.5, 1.0, 0.7, -0.01), "expo \\(RC Expo\\) = -0.01 .* from 0 to 1$"),
        (("kiss", 0.5, 1.0, 1.0, 0.0), "kiss rate \\(Rate\\) = 1.0 .* from 0 to 0.99"),
        (("kiss", 0.5, 1.0, 0.5, 0.333), "RC Curve"),
        (
            ("actual", 0.5, 75, 670, 0.0),
            "Center Sensitivity\\) = 75 deg/s .* multiple of 10 deg/s from 10 to 2000 deg/s",
        ),
        (("actual", 0.5, 70, 2010, 0.0), "Max Rate\\) = 2010 deg/s"),
        (("quick", 0.5, 1.0, 2010, 0.0), "Max Rate\\) = 2010 deg/s .* from 0 to 2000 deg/s"),
        (("raceflight", 0.5, 2010, 80, 50), "Rate\\) = 2010 deg/s .* from 10 to 2000 deg/s"),
        (("raceflight", 0.5, 370, 80.5, 50), "Acro\\+\\) = 80.5 .* multiple of 1 from 0 to 255"),
        (("raceflight", 0.5, 370, 80, 101), "Expo\\) = 101 .* from 0 to 100"),
        (("actual", 0.5, math.inf, 670, 0.0), "Center Sensitivity\\) = inf"),
        (("actual", 0.5, "70", 670, 0.0), "expected a number"),
        (("betaflite", 0.5, 1.0, 0.7, 0.0), "unknown rates type 'betaflite'"),
    ],
)
def test_invalid_input_raises_a_clear_error(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        apply_rates(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [199.0, 1999.0, 500.5, math.nan])
def test_rate_limit_outside_the_cli_range_raises(limit: float) -> None:
    with pytest.raises(ValueError, match=r"rate_limit = .* whole number of deg/s from 200 to 1998"):
        apply_rates("actual", 0.5, 70, 670, 0, rate_limit=limit)


def test_values_within_a_millionth_of_a_step_are_accepted() -> None:
    assert apply_rates("betaflight", 1.0, 1.0 + 5e-7, 0.7, 0.0) == pytest.approx(666.667, abs=1e-3)
    assert rates.to_firmware("actual", 700.0000004, 0.0, 0.5) == (70.0, 0.0, 50.0)
    assert rates.to_firmware("betaflight", 0.01, 1.0, 1.0) == (1.0, 100.0, 100.0)
    assert rates.to_firmware("raceflight", 2000, 255, 100) == (200.0, 255.0, 100.0)


# --- the compiled kernel helper ----------------------------------------------------------------


@jit
def kernel_loop(
    code: int, x: NDArray[np.float64], fw: NDArray[np.float64], q: float, out: NDArray[np.float64]
) -> None:
    """As a flight-controller kernel calls it: inlined, with the project's fast-math flags."""
    for i in range(x.size):
        out[i] = rate_firmware(code, x[i], fw[0], fw[1], fw[2], fw[3], q)


def super_rate_divisor(kind: str, R: int, S: int, E: int, rc_expo: bool) -> NDArray[np.float64]:
    """The divisor d of the 'super rate' gain 1/clamp(d, 0.01, 1) along STICK (1 if none)."""
    a = np.abs(STICK)
    if kind in ("betaflight", "kiss"):
        return np.maximum(1 - a * S / 100, 0.01)
    if kind == "quick":
        m = max(10 * S, 2 * R)
        k = 1 - 2 * R / m if m else 0.0
        e = E / 100
        c = a if rc_expo else a**3 * e + a * (1 - e)
        return np.maximum(1 - c * k, 0.01)
    return np.ones_like(a)


def test_kernel_helper_agrees_with_apply_rates() -> None:
    """With fast-math the kernel may fuse ``1 - a·S/100`` into one multiply-subtract (as the
    firmware's compiler may): one rounding less in the super-rate divisor d moves the result by
    up to an ulp of 1 relative to d, |v|·1.2e-7/d (0.024 deg/s at d = 0.01, v = 1998). Without
    a divisor the two agree within 1e-3 deg/s."""
    assert (rates.BETAFLIGHT, rates.RACEFLIGHT, rates.KISS, rates.ACTUAL, rates.QUICK) == (
        0,
        1,
        2,
        3,
        4,
    )
    for kind, R, S, E, limit, rc_expo in CASES:
        want = apply_rates(kind, STICK, *shown(kind, R, S, E), limit, quick_rc_expo=rc_expo)
        got = np.empty_like(STICK)
        fw = np.array([R, S, E, limit], dtype=np.float64)
        kernel_loop(KINDS.index(kind), STICK, fw, float(rc_expo), got)
        d = super_rate_divisor(kind, R, S, E, rc_expo)
        tolerance = np.where(d == 1.0, 1e-3, 1e-3 + 2.4e-7 * np.abs(want) / d)
        assert np.all(np.abs(got - want) <= tolerance), (kind, R, S, E, limit, rc_expo)


def test_kernel_helper_called_directly() -> None:
    assert rate_firmware(rates.ACTUAL, 0.5, 7.0, 67.0, 0.0, 1998.0, 0.0) == 185.0
    assert rate_firmware(rates.RACEFLIGHT, 0.5, 37.0, 80.0, 50.0, 1998.0, 0.0) == pytest.approx(
        161.875, abs=1e-3
    )
    assert rate_firmware(rates.BETAFLIGHT, 1.0, 255.0, 0.0, 0.0, math.inf, 0.0) == pytest.approx(
        2109.4, abs=1e-3
    )


# --- the profile ---------------------------------------------------------------------------


def test_rates_profile_defaults_are_the_firmware_defaults() -> None:
    profile = Rates()
    assert profile == Rates.betaflight_default()
    assert profile.kind == "actual" and profile.kind_code == rates.ACTUAL
    assert not profile.quick_rc_expo
    fw = profile.firmware()
    assert fw.shape == (3, 4) and fw.dtype == np.float64
    np.testing.assert_array_equal(fw, [[7, 67, 0, 1998]] * 3)
    np.testing.assert_array_equal(profile.max_rate_deg(), [670.0] * 3)


def test_classic_betaflight_profile() -> None:
    profile = Rates.betaflight_classic()
    assert profile.kind_code == rates.BETAFLIGHT
    np.testing.assert_array_equal(profile.firmware(), [[100, 70, 0, 1998]] * 3)
    np.testing.assert_allclose(profile.max_rate_deg(), [200 / 0.3] * 3, atol=1e-3)


def test_max_rate_is_not_limited_by_rate_limit() -> None:
    profile = Rates(kind="betaflight", rc_rate=(2.55, 1.0, 1.0), rate=(0.0, 0.7, 0.7),
                    expo=(0.0, 0.0, 0.0), rate_limit=(1998.0, 200.0, 1998.0))  # fmt: skip
    np.testing.assert_allclose(profile.max_rate_deg(), [2109.4, 200 / 0.3, 200 / 0.3], atol=1e-3)
    np.testing.assert_allclose(
        profile.setpoint_deg([[1.0, 1.0, -1.0]]), [[1998.0, 200.0, -200 / 0.3]], atol=1e-3
    )


def test_setpoint_per_axis() -> None:
    profile = Rates(rc_rate=(70.0, 100.0, 50.0), rate=(670.0, 500.0, 400.0), expo=(0.0, 0.5, 0.0))
    x = np.array([[0.5, -0.25, 1.0], [0.0, 1.0, -0.5]])
    want = np.stack(
        [
            apply_rates("actual", x[:, 0], 70, 670, 0.0),
            apply_rates("actual", x[:, 1], 100, 500, 0.5),
            apply_rates("actual", x[:, 2], 50, 400, 0.0),
        ],
        axis=1,
    )
    np.testing.assert_array_equal(profile.setpoint_deg(x), want)
    assert want[0, 0] == 185.0 and want[0, 2] == 400.0


def test_rates_profile_validates_on_construction() -> None:
    with pytest.raises(ValueError, match=r"yaw axis: actual rate \(Max Rate\) = 2100\.0 deg/s"):
        Rates(rate=(670.0, 670.0, 2100.0))
    with pytest.raises(ValueError, match=r"pitch axis: rate_limit = 100\.0 deg/s"):
        Rates(rate_limit=(1998.0, 100.0, 1998.0))
    with pytest.raises(ValueError, match="rc_rate must have three values"):
        Rates(rc_rate=(70.0, 70.0))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown rates type 'acro'"):
        Rates(kind="acro")
    with pytest.raises(ValueError, match="quick_rc_expo must be a bool"):
        Rates(quick_rc_expo=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"outside \[-1, 1\]"):
        Rates().setpoint_deg([[0.0, 0.0, 1.1]])
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 3\)"):
        Rates().setpoint_deg([0.0, 0.0])


def test_rates_profile_is_frozen_and_normalises_sequences() -> None:
    profile = Rates(rc_rate=[70, 80, 90])  # type: ignore[arg-type]
    assert profile.rc_rate == (70.0, 80.0, 90.0)
    with pytest.raises(AttributeError):
        profile.kind = "quick"  # type: ignore[misc]
