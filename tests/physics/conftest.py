"""Shared fixtures: a plain test quad whose numbers are easy to reason about."""

from __future__ import annotations

import pytest

from dronedojo.physics import Airframe

FIELDS_WITH_SOURCES = [
    "mass",
    "inertia",
    "arm_x",
    "arm_y",
    "rotor_radius",
    "gear_height",
    "top_height",
    "thrust_coeffs",
    "torque_coeffs",
    "rotor_inertia",
    "tau_up",
    "tau_down",
    "kv_rpm_per_volt",
    "loaded_speed_ratio",
    "idle_fraction",
    "rotor_drag_coeff",
    "drag_area",
    "vrs_loss",
    "cells",
    "capacity_mah",
    "internal_resistance",
    "power_efficiency",
    "avionics_current",
    "friction",
    "crash_speed",
]


def make_quad(**changes: object) -> Airframe:
    """A 1 kg quad-X, 4S, 10-inch-class rotors, round numbers; ``changes`` override fields."""
    fields: dict[str, object] = {
        "name": "test-quad",
        "title": "Test quad",
        "mass": 1.0,
        "inertia": ((0.01, 0.0, 0.0), (0.0, 0.012, 0.0), (0.0, 0.0, 0.02)),
        "arm_x": 0.12,
        "arm_y": 0.15,
        "rotor_radius": 0.12,
        "gear_height": 0.08,
        "top_height": 0.05,
        "thrust_coeffs": (0.0, 0.0, 2.0e-6),
        "torque_coeffs": (0.0, 0.0, 3.0e-8),
        "rotor_inertia": 2.0e-5,
        "tau_up": 0.03,
        "tau_down": 0.05,
        "kv_rpm_per_volt": 1100.0,
        "loaded_speed_ratio": 0.8,
        "idle_fraction": 0.05,
        "rotor_drag_coeff": 1.0e-5,
        "drag_area": (0.02, 0.02, 0.04),
        "vrs_loss": 0.25,
        "cells": 4,
        "capacity_mah": 3000.0,
        "internal_resistance": 0.04,
        "power_efficiency": 0.75,
        "avionics_current": 0.5,
        "friction": 0.6,
        "crash_speed": 3.0,
        "sources": {f: "test value" for f in FIELDS_WITH_SOURCES},
    }
    fields.update(changes)
    return Airframe(**fields)  # type: ignore[arg-type]


@pytest.fixture
def quad() -> Airframe:
    """The default test quad."""
    return make_quad()
