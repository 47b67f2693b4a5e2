"""The airframe presets: complete sources, sane physics, figures beside the published ones."""

from __future__ import annotations

import dataclasses
import math

import pytest

from dronedojo.physics import Airframe, airframes
from dronedojo.physics.figures import hover_throttle, top_speed

G = 9.80665
PRESETS = ["crazyflie-2", "fpv-5inch", "cinewhoop-3inch", "camera-sub250", "camera-900g"]
NOT_SOURCED = {"name", "title", "sources", "published"}


def test_the_five_presets_are_registered() -> None:
    assert set(PRESETS) <= set(airframes.names())
    for name in airframes.names():
        assert airframes.get(name).name == name


def test_an_unknown_airframe_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown airframe 'x-wing'; known: crazyflie-2, "):
        airframes.get("x-wing")


@pytest.mark.parametrize("name", PRESETS)
def test_every_parameter_has_a_source(name: str) -> None:
    a = airframes.get(name)
    for f in dataclasses.fields(Airframe):
        if f.name not in NOT_SOURCED:
            assert a.sources.get(f.name, "").strip(), f"{name}.{f.name} has no source"


@pytest.mark.parametrize("name", PRESETS)
def test_the_airframe_can_fly(name: str) -> None:
    a = airframes.get(name)
    w_max = a.kv_rad_s_per_volt * a.cells * 4.2
    c0, c1, c2 = a.thrust_coeffs
    thrust_to_weight = 4 * (c0 + c1 * w_max + c2 * w_max**2) / (a.mass * G)
    assert 1.5 < thrust_to_weight < 15.0
    assert 0.05 < hover_throttle(a) < 0.75


def test_the_crazyflie_uses_the_identified_thrust_map() -> None:
    """Hover speed from the identified thrust coefficient: 4 k_f w^2 = m g."""
    cf = airframes.get("crazyflie-2")
    assert cf.mass == pytest.approx(0.027, abs=0.003)
    c0, c1, c2 = cf.thrust_coeffs
    hover = (-c1 + math.sqrt(c1 * c1 - 4 * c2 * (c0 - cf.mass * G / 4))) / (2 * c2)
    # about 14,000-16,000 rpm at hover for the 27-30 g Crazyflie
    assert 14000 < hover * 60 / (2 * math.pi) < 17500


@pytest.mark.parametrize("name", PRESETS)
def test_model_figures_are_close_to_the_published_ones(name: str) -> None:
    a = airframes.get(name)
    p = a.published
    if p.hover_throttle is not None:
        assert hover_throttle(a) == pytest.approx(p.hover_throttle, abs=0.1)
    if p.top_speed_m_s is not None:
        # camera drones are limited by their firmware: the airframe can fly at least as fast
        speed = top_speed(a)
        assert speed >= 0.8 * p.top_speed_m_s
        if name.startswith(("fpv", "cinewhoop", "crazyflie")):
            assert speed == pytest.approx(p.top_speed_m_s, rel=0.35)


def test_figures_converge_for_a_pack_that_sags_hard_at_full_throttle() -> None:
    """The voltage/rotor-speed fixed point is damped: a weak pack still gets a top speed."""
    weak = dataclasses.replace(
        airframes.get("crazyflie-2"), internal_resistance=0.17, loaded_speed_ratio=0.55
    )
    assert 8.0 < top_speed(weak) < 14.0
    assert 0.4 < hover_throttle(weak) < 0.7
