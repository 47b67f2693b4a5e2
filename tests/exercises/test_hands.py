"""The reference pilot's hands invert the flight controller's stick laws exactly."""

from __future__ import annotations

import numpy as np
import pytest

from dronedojo.autopilot import make
from dronedojo.autopilot.hands import Hands, inverse_expo, inverse_expo_deadzone
from dronedojo.exercises.pilot import HandsOff
from dronedojo.fc.rates import apply_rates


@pytest.mark.parametrize("e", [0.0, 0.3, 0.6, 1.0])
def test_inverse_expo_undoes_px4_expo(e: float) -> None:
    for x in np.linspace(-1.0, 1.0, 41):
        y = (1 - e) * x + e * x**3
        assert inverse_expo(y, e) == pytest.approx(x, abs=1e-12)


def test_inverse_expo_deadzone_lands_just_outside_the_deadzone() -> None:
    # PX4: the deadzone is cut out and the rest rescaled, then the expo
    dz, e = 0.1, 0.6
    for x in np.linspace(-1.0, 1.0, 41):
        stick = inverse_expo_deadzone((1 - e) * x + e * x**3, e, dz)
        shaped = (abs(stick) - dz) / (1 - dz) if abs(stick) > dz else 0.0
        assert np.copysign(shaped, stick) == pytest.approx(x, abs=1e-12)
    assert inverse_expo_deadzone(0.0, e, dz) == 0.0


def test_the_acro_stick_for_a_rate_is_the_inverse_of_the_rates_curve() -> None:
    hands = Hands("fpv-5inch")
    for deg_s in (10.0, 100.0, 400.0, -250.0):
        stick = hands._rate_stick(0, deg_s)
        assert float(apply_rates("actual", stick, 70.0, 670.0, 0.0)) == pytest.approx(
            deg_s, abs=0.5
        )  # the table is 401 points: within half a degree per second


def test_pilots_by_name() -> None:
    assert make("ghost", 0.6).skill == 0.6  # type: ignore[attr-defined]
    assert isinstance(make("hands-off"), HandsOff)
    with pytest.raises(ValueError, match="unknown pilot 'robot'; pilots: ghost, hands-off"):
        make("robot")
    with pytest.raises(ValueError, match="skill must be within"):
        make("ghost", 1.5)
