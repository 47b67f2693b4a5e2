"""Betaflight RC processing: deadband, yaw sign, normalisation, throttle curves.

The throttle oracle below is written from the formulas of betaflight/betaflight
``src/main/fc/rc.c`` (``initRcProcessing``, ``rcLookupThrottle``, ``updateRcCommands``): the
2025.12+ Bézier table in numpy float32, the 4.5 table and the interpolation in Python integers
with C's truncating division. It shares no code with ``dronedojo.fc.sticks``.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from dronedojo.fc import sticks
from dronedojo.fc.sticks import (
    RcSettings,
    apply_deadband,
    deflection_firmware,
    stick_deflection,
    stick_to_us,
    throttle_curve,
    throttle_firmware,
    throttle_table,
    throttle_to_us,
)
from dronedojo.physics._jit import jit

F = np.float32
ALL_US = np.arange(1000, 2001)  # every whole-µs throttle pulse
ALL_THROTTLE = (ALL_US - 1000) / 1000.0


def cdiv(a: int, b: int) -> int:
    """C integer division (truncates toward zero)."""
    return int(a / b)


def bezier_table(mid: int, expo: int, hover: int) -> list[int]:
    """2025.12+ table, µs, settings in percent, in float32 as the firmware computes it."""
    m, e, h = F(mid) / F(100), F(expo) / F(100), F(hover) / F(100)
    out = []
    for i in range(12):
        x = F(i) / F(11)
        if x <= m:
            p0, p1, p2 = (F(0), F(0)), (m * F(0.5), h * F(0.5) * (F(1) + e)), (m, h)
        else:
            p0, p1 = (m, h), ((F(1) + m) * F(0.5), F(1) + (h - F(1)) * F(0.5) * (F(1) + e))
            p2 = (F(1), F(1))
        a = p0[0] - F(2) * p1[0] + p2[0]
        b = F(2) * p1[0] - F(2) * p0[0]
        c = p0[0] - x
        assert abs(a) < F(1e-6)  # the x control point is always the midpoint: t is linear in x
        t = -c / b if abs(b) > F(1e-6) else F(0)
        t = min(max(t, F(0)), F(1))
        y = (F(1) - t) * (F(1) - t) * p0[1] + F(2) * (F(1) - t) * t * p1[1] + t * t * p2[1]
        value = F(1000) * y + F(1000)
        assert value.dtype == F
        out.append(int(np.rint(value)))
    return out


def legacy_table(mid: int, expo: int) -> list[int]:
    """4.5 table, µs, settings in percent, integer arithmetic (entries 0-10)."""
    out = []
    for i in range(11):
        d = 10 * i - mid
        y = mid if d < 0 else (100 - mid if d > 0 else 1)
        n = 10 * mid + cdiv(d * (100 - expo + cdiv(expo * d * d, y * y)), 10)
        out.append(1000 + cdiv(1000 * n, 1000))
    return out


def firmware_throttle(
    raw_us: NDArray[np.int64], table: list[int], mincheck: int, curve: str
) -> Any:
    """Mixer throttle for whole-µs pulses, through the firmware's table interpolation."""
    raw = np.clip(raw_us, mincheck, 2000)
    tmp = (raw - mincheck) * 1000 // (2000 - mincheck)
    lut = np.array([*table, table[-1]])  # one spare entry, multiplied by rem = 0 at the end
    span, j = (1000, 11 * tmp // 1000) if curve == "bezier" else (100, tmp // 100)
    rem = (11 * tmp if curve == "bezier" else tmp) - span * j
    step = (lut[j + 1] - lut[j]) * rem  # >= 0: the tables rise, so // is C's division here
    assert np.all(step >= 0)
    return (lut[j] + step // span - 1000) / 1000


SETTINGS = [0, 2, 4, 30, 35, 50, 54, 75, 100]  # percent


# --- sticks ------------------------------------------------------------------------------------


def test_sticks_to_pulse_widths() -> None:
    np.testing.assert_array_equal(stick_to_us([-1.0, -0.5, 0.0, 1.0]), [1000, 1250, 1500, 2000])
    np.testing.assert_array_equal(throttle_to_us([0.0, 0.25, 1.0]), [1000, 1250, 2000])
    assert float(stick_to_us(0.3)) == pytest.approx(1650.0, abs=1e-12)


def test_deadband_is_fapplydeadband() -> None:
    v = np.array([-20.0, -10.0, -9.5, 0.0, 5.0, 10.0, 10.5, 500.0])
    np.testing.assert_array_equal(apply_deadband(v, 10.0), [-10, 0, 0, 0, 0, 0, 0.5, 490])
    np.testing.assert_array_equal(apply_deadband(v, 0.0), v)


def test_deflection_without_deadband_is_the_stick_with_yaw_negated() -> None:
    s = np.array([[0.3, -0.7, 0.25], [1.0, -1.0, -1.0], [0.0, 0.0, 0.0]])
    x = stick_deflection(s)
    np.testing.assert_allclose(x, s * [1.0, 1.0, -1.0], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(x[1], [1.0, -1.0, 1.0])
    np.testing.assert_allclose(stick_deflection(s, yaw_reversed=True), s, rtol=0, atol=1e-15)
    assert stick_deflection([0.0, 0.0, 0.5]).tolist() == [0.0, 0.0, -0.5]  # yaw right: x < 0


def test_deadband_rescales_to_full_deflection() -> None:
    # deadband 10 µs: 5 and 10 µs are inside it; 50 µs gives 40/490; full stick stays ±1.
    s = np.array([[0.01, 0.02, 0.0], [0.1, -0.1, 0.0], [1.0, -1.0, 0.0]])
    x = stick_deflection(s, deadband=10)
    want = np.array([[0, 0], [40 / 490, -40 / 490], [1, -1]])
    np.testing.assert_allclose(x[:, :2], want, atol=1e-15)
    # yaw_deadband 100 µs: yaw stick 0.5 (250 µs) gives -(150/400); roll/pitch untouched.
    y = stick_deflection([[0.5, 0.5, 0.5]], deadband=0, yaw_deadband=100)
    np.testing.assert_allclose(y, [[0.5, 0.5, -0.375]], atol=1e-15)


def test_deflection_clamps_like_the_firmware() -> None:
    np.testing.assert_array_equal(stick_deflection([1.2, -3.0, 1.01]), [1.0, -1.0, -1.0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"deadband": 33}, "deadband = 33 µs .* whole number of µs from 0 to 32"),
        ({"deadband": 2.5}, "deadband = 2.5 µs"),
        ({"deadband": -1}, "deadband = -1 µs"),
        ({"yaw_deadband": 101}, "yaw_deadband = 101 µs .* from 0 to 100"),
        ({"deadband": "5"}, "deadband must be a number"),
    ],
)
def test_bad_deadbands_raise(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        stick_deflection([0.0, 0.0, 0.0], **kwargs)  # type: ignore[arg-type]


def test_bad_stick_arrays_raise() -> None:
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 3\)"):
        stick_deflection([[0.0, 0.0]])
    with pytest.raises(ValueError, match="finite"):
        stick_deflection([0.0, math.nan, 0.0])


@jit
def deflection_loop(
    s: NDArray[np.float64], db: float, yaw_db: float, yaw_sign: float, out: NDArray[np.float64]
) -> None:
    """As the kernel calls it: inlined, with the project's fast-math flags."""
    for i in range(s.shape[0]):
        out[i, 0] = deflection_firmware(s[i, 0], db, 1.0)
        out[i, 1] = deflection_firmware(s[i, 1], db, 1.0)
        out[i, 2] = deflection_firmware(s[i, 2], yaw_db, yaw_sign)


def test_kernel_deflection_agrees() -> None:
    s = np.random.default_rng(7).uniform(-1.1, 1.1, (2000, 3))
    s[:3] = [[0.02, -0.02, 0.2], [1.0, -1.0, 0.0], [0.0, 0.5, -0.1]]
    for db, yaw_db, reversed_ in itertools.product((0, 10, 32), (0, 20, 100), (False, True)):
        want = stick_deflection(s, db, yaw_db, yaw_reversed=reversed_)
        got = np.empty_like(s)
        deflection_loop(s, float(db), float(yaw_db), 1.0 if reversed_ else -1.0, got)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-15)


# --- throttle ----------------------------------------------------------------------------------


@pytest.mark.parametrize("curve", ["bezier", "legacy"])
def test_default_curve_is_the_identity_within_rounding(curve: str) -> None:
    out = throttle_curve(ALL_THROTTLE, mincheck=1000, curve=curve)
    if curve == "legacy":
        np.testing.assert_array_equal(out, ALL_THROTTLE)  # entries exactly 1000 + 100·i
    else:
        # Entries rounded to whole µs, interpolation truncated: at most 1 µs low.
        assert np.all((ALL_THROTTLE - out >= -1e-12) & (ALL_THROTTLE - out <= 0.001 + 1e-12))
    np.testing.assert_array_equal(
        throttle_table(curve=curve)[:11],
        [1000 + round(1000 * i / (10 if curve == "legacy" else 11)) for i in range(11)],
    )


def test_bezier_table_hand_computed() -> None:
    # mid 0.5, expo 1, hover 0.25: y = (2t - t²)/4, t = 2x below mid; y = 1/4 + 3t²/4,
    # t = 2x - 1 above. Node 3: t = 6/11, y = 24/121; node 8: t = 5/11, y = 0.25 + 18.75/121.
    table = throttle_table(thr_mid=0.5, thr_expo=1.0, thr_hover=0.25)
    assert table.tolist() == [
        1000,
        1083,
        1149,
        1198,
        1231,
        1248,
        1256,
        1306,
        1405,
        1554,
        1752,
        2000,
    ]
    # Half throttle (mincheck 1000: tmp 500) falls between node 5 (x = 5/11) and 6:
    # 1248 + (1256 - 1248)·500/1000 = 1252, against 0.25 on the curve itself.
    assert throttle_curve(0.5, thr_expo=1.0, thr_hover=0.25, mincheck=1000) == 0.252


def test_legacy_table_hand_computed() -> None:
    # mid 30, expo 40: node 1: d = -20, 100 - 40 + 40·400/900 = 77 → 300 - 154 = 146.
    table = throttle_table(thr_mid=0.3, thr_expo=0.4, curve="legacy")
    assert table[:11].tolist() == [1000, 1146, 1236, 1300, 1360, 1426, 1501, 1592, 1700, 1834, 2000]
    # tmp 250: 1236 + 50·(1300 - 1236)/100 = 1268; tmp 150: 1146 + 50·90/100 = 1191.
    kw = {"thr_mid": 0.3, "thr_expo": 0.4, "mincheck": 1000, "curve": "legacy"}
    assert throttle_curve(0.25, **kw) == 0.268  # type: ignore[arg-type]
    assert throttle_curve(0.15, **kw) == 0.191  # type: ignore[arg-type]
    # C division truncates toward zero: mid 35, expo 30, node 1: -25·85/10 = -212, not -213.
    assert throttle_table(thr_mid=0.35, thr_expo=0.3, curve="legacy")[1] == 1138


def test_bezier_entries_round_half_to_even() -> None:
    # In float32, 1000·y + 1000 lands exactly on .5 here (found by search over all settings).
    assert bezier_table(4, 0, 1)[1] == 1062  # 1062.5
    assert throttle_table(thr_mid=0.04, thr_expo=0.0, thr_hover=0.01)[1] == 1062
    assert bezier_table(2, 54, 46)[1] == 1480  # 1479.5
    assert throttle_table(thr_mid=0.02, thr_expo=0.54, thr_hover=0.46)[1] == 1480


@pytest.mark.parametrize("curve", ["bezier", "legacy"])
def test_matches_the_firmware_for_every_pulse(curve: str) -> None:
    hovers = SETTINGS if curve == "bezier" else [50]
    for mid, expo, hover in itertools.product(SETTINGS, SETTINGS, hovers):
        kw: dict[str, Any] = {
            "thr_mid": mid / 100,
            "thr_expo": expo / 100,
            "thr_hover": hover / 100,
        }
        if curve == "bezier":
            assert throttle_table(**kw).tolist() == bezier_table(mid, expo, hover)
        else:
            assert throttle_table(**kw, curve=curve)[:11].tolist() == legacy_table(mid, expo)
        table = bezier_table(mid, expo, hover) if curve == "bezier" else legacy_table(mid, expo)
        for mincheck in (1000, 1050):
            got = throttle_curve(ALL_THROTTLE, mincheck=mincheck, curve=curve, **kw)
            want = firmware_throttle(ALL_US, table, mincheck, curve)
            np.testing.assert_array_equal(got, want, err_msg=f"{mid} {expo} {hover} {mincheck}")
            # Full stick is full throttle, except that with thr_mid = 1 the (2025.12+) curve
            # ends at the hover point.
            full = hover / 100 if curve == "bezier" and mid == 100 else 1.0
            assert got[0] == 0.0 and got[-1] == full
            assert np.all(np.diff(got) >= 0.0)


def test_mincheck() -> None:
    # Default 1050 µs: everything up to 5 % stick is zero throttle; above it is rescaled.
    out = throttle_curve(np.array([0.0, 0.04, 0.05, 0.06, 0.5, 1.0]))
    np.testing.assert_array_equal(out, [0.0, 0.0, 0.0, 0.010, 0.473, 1.0])
    assert throttle_curve(0.5, curve="legacy") == 0.473  # (1500 - 1050)·1000/950 = 473
    assert throttle_curve(0.1, mincheck=1100) == 0.0
    assert throttle_curve(0.55, mincheck=1100) == throttle_curve(0.5, mincheck=1000) - 0.0
    # Below 1000 µs the zero-stick pulse is already above mincheck.
    assert throttle_curve(0.0, mincheck=750, curve="legacy") == 0.2
    # Pulse widths with float noise count as the whole µs they stand for.
    assert throttle_curve(0.3, mincheck=1000, curve="legacy") == 0.3


def test_throttle_beyond_the_stick_range_clamps() -> None:
    np.testing.assert_array_equal(throttle_curve([-0.2, 1.3]), [0.0, 1.0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mincheck": 2000}, "mincheck = 2000 µs .* from 750 to 1999"),
        ({"mincheck": 700}, "mincheck = 700 µs"),
        ({"mincheck": 1050.5}, "mincheck = 1050.5 µs"),
        ({"thr_mid": 0.505}, "thr_mid = 0.505 .* multiple of 0.01 from 0 to 1"),
        ({"thr_expo": 1.01}, "thr_expo = 1.01"),
        ({"thr_hover": -0.01}, "thr_hover = -0.01"),
        ({"curve": "4.4"}, "unknown throttle curve '4.4'"),
    ],
)
def test_bad_throttle_settings_raise(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        throttle_curve(0.5, **kwargs)  # type: ignore[arg-type]


def test_throttle_nan_raises() -> None:
    with pytest.raises(ValueError, match="throttle must be finite"):
        throttle_curve([0.5, math.nan])


def test_throttle_shapes() -> None:
    assert type(throttle_curve(0.5)) is float
    assert throttle_curve(np.full((2, 2), 1.0)).shape == (2, 2)


@jit
def throttle_loop(
    code: int, t: NDArray[np.float64], fw: NDArray[np.float64], out: NDArray[np.float64]
) -> None:
    """As the kernel calls it: inlined, with the project's fast-math flags."""
    for i in range(t.size):
        out[i] = throttle_firmware(code, t[i], fw[0], fw[1], fw[2], fw[3])


def test_kernel_throttle_agrees() -> None:
    """Fast-math may fuse 1000·y + 1000 into one rounding, which can move a float32 value off
    (or onto) an exact .5 before lrintf: a table entry then differs by 1 µs, as it may between
    firmware builds. Otherwise the same whole µs (the final /1000 may differ in the last bit:
    fast-math multiplies by 0.001 instead)."""
    t = np.concatenate([ALL_THROTTLE, np.random.default_rng(3).uniform(-0.1, 1.1, 500)])
    differing = 0
    for code, mid, expo, hover in itertools.product((0, 1), SETTINGS, SETTINGS, (0, 25, 50, 100)):
        fw = np.array([1050.0, mid, expo, hover])
        got = np.empty_like(t)
        throttle_loop(code, t, fw, got)
        want = throttle_curve(
            t,
            thr_mid=mid / 100,
            thr_expo=expo / 100,
            thr_hover=hover / 100,
            curve=sticks.THROTTLE_CURVES[code],
        )
        got_us, want_us = np.rint(got * 1000), np.rint(want * 1000)
        np.testing.assert_allclose(got, want_us / 1000, rtol=0, atol=1e-15)  # whole µs
        assert np.all(np.abs(got_us - want_us) <= 1)
        differing += int(np.any(got_us != want_us))
    assert differing <= 5


def test_rc_settings() -> None:
    rc = RcSettings()
    np.testing.assert_array_equal(rc.firmware(), [0, 0, -1, 1050, 0, 50, 0, 50])
    custom = RcSettings(deadband=5, yaw_deadband=20, yaw_reversed=True, thr_mid=0.3,
                        thr_expo=0.4, mincheck=1000, throttle_curve="legacy")  # fmt: skip
    np.testing.assert_array_equal(custom.firmware(), [5, 20, 1, 1000, 1, 30, 40, 50])
    assert custom.throttle(0.25) == 0.268
    np.testing.assert_allclose(
        custom.deflection([[0.02, 0.5, 0.5]]), [[5 / 495, 245 / 495, 230 / 480]]
    )
    with pytest.raises(ValueError, match="yaw_deadband = 200 µs"):
        RcSettings(yaw_deadband=200)
    with pytest.raises(ValueError, match="unknown throttle curve"):
        RcSettings(throttle_curve="4.5")
