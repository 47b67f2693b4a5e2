"""Ground contact, obstacles, crashes, and the world description."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dronedojo.physics import (
    Airframe,
    Environment,
    MotorCommand,
    Params,
    State,
    World,
    WorldError,
    initial_state,
    step,
)
from dronedojo.physics import layout as L

G = 9.80665


def run(params: Params, state: State, command: MotorCommand, env: Environment, seconds: float,
        dt: float = 0.001) -> State:  # fmt: skip
    for _ in range(round(seconds / dt)):
        state = step(params, state, command, env, dt)
    return state


@pytest.mark.parametrize("dt", [0.0005, 0.001, 0.002])
def test_a_drone_left_on_the_ground_stays_at_rest_without_jitter(quad: Airframe, dt: float) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params, yaw=0.7)
    env = Environment()
    settled = run(params, state, MotorCommand.stopped(1), env, 2.0, dt)
    later = run(params, settled, MotorCommand.stopped(1), env, 3.0, dt)
    # it sinks onto its springs by m g / (4 k) and stays there, to rounding
    k = params.column(L.P_STIFFNESS)[0]
    assert later.position[0, 2] == pytest.approx(0.08 - quad.mass * G / (4 * k), abs=1e-9)
    np.testing.assert_allclose(later.position, settled.position, atol=1e-12)
    np.testing.assert_allclose(later.velocity, 0.0, atol=1e-12)
    np.testing.assert_allclose(later.angular_velocity, 0.0, atol=1e-12)
    assert later.contacts[0] == 4
    assert not later.crashed[0]


def test_idle_rotors_keep_it_on_the_ground_and_full_throttle_lifts_off(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params)
    idle = run(params, state, MotorCommand.esc(np.zeros(4)), Environment(), 1.0)
    assert idle.contacts[0] == 4 and idle.position[0, 2] < 0.08
    climb = run(params, idle, MotorCommand.esc(np.full(4, 0.9)), Environment(), 1.0)
    assert climb.contacts[0] == 0 and climb.position[0, 2] > 1.0
    assert not climb.crashed[0]


def test_a_dropped_drone_crashes_with_its_impact_speed(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params, position=(0.0, 0.0, 5.08))  # feet 5 m above the ground
    env = Environment(disabled=frozenset({"body_drag", "rotor_drag"}))
    landed = run(params, state, MotorCommand.stopped(1), env, 1.5)
    assert landed.crashed[0]
    assert landed.crash_kind[0] == 1
    # v = sqrt(2 g h) at touchdown, within one step of gravity
    assert landed.impact_speed[0] == pytest.approx(math.sqrt(2 * G * 5.0), abs=G * 0.001)


def test_a_gentle_landing_is_not_a_crash(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params, position=(0.0, 0.0, 0.2), velocity=(0.0, 0.0, -1.0))
    landed = run(params, state, MotorCommand.stopped(1), Environment(), 1.0)
    assert landed.contacts[0] == 4
    assert not landed.crashed[0]


def test_upside_down_on_the_ground_is_a_prop_strike(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params, position=(0.0, 0.0, 0.3))
    x = state.x.copy()
    x[0, L.S_QUAT : L.S_QUAT + 4] = (0.0, 1.0, 0.0, 0.0)  # rolled 180 degrees
    landed = run(params, State(x), MotorCommand.stopped(1), Environment(), 1.0)
    assert landed.crashed[0] and landed.crash_kind[0] == 1
    assert landed.position[0, 2] == pytest.approx(0.05, abs=0.002)  # resting on its top


def test_friction_stops_a_sliding_drone(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params, velocity=(2.0, 0.0, 0.0))
    slid = run(params, state, MotorCommand.stopped(1), Environment(), 1.5)
    # Coulomb: decelerates at mu g, so it slides v^2 / (2 mu g) (the slip cap adds a little)
    assert slid.position[0, 0] == pytest.approx(4.0 / (2 * 0.6 * G), rel=0.05)
    np.testing.assert_allclose(slid.velocity, 0.0, atol=1e-9)


def test_flying_into_a_wall_is_an_obstacle_crash(quad: Airframe) -> None:
    world = World.from_description(
        {"obstacles": [{"type": "box", "center": [3, 0, 5], "size": [1, 10, 10]}]}
    )
    params = Params.from_airframes([quad, quad])
    state = initial_state(
        params, position=[(0, 0, 5), (1.9, 3, 5)], velocity=[(6, 0, 0), (0.5, 0, 0)]
    )
    env = Environment(world=world, disabled=frozenset({"gravity", "body_drag", "rotor_drag"}))
    state = run(params, state, MotorCommand.stopped(2), env, 1.0)
    radius = math.hypot(0.12, 0.15) + 0.12
    assert state.crashed[0] and state.crash_kind[0] == 2
    assert state.impact_speed[0] == pytest.approx(6.0, abs=1e-9)
    assert state.position[0, 0] < 2.5 - radius + 0.1  # pushed back out of the wall
    # the slow one touches the wall and is pushed back, without a crash
    assert not state.crashed[1]
    assert state.velocity[1, 0] <= 0.0


def test_posts_cylinders_and_gates_are_solid() -> None:
    world = World.from_description({"obstacles": [
        {"type": "post", "center": [0, 0], "height": 2},
        {"type": "cylinder", "center": [5, 5], "radius": 1.5, "height": 30, "base": 1},
        {"type": "gate", "center": [0, 10, 1.5], "width": 1.5, "height": 1.0, "yaw_deg": 90},
    ]})  # fmt: skip
    assert len(world.cylinders) == 2 and len(world.boxes) == 4
    assert world.cylinders[0].radius == 0.05 and world.cylinders[1].bottom == 1.0
    # gate turned 90 degrees: posts stand east and west of the centre, 0.8 m out
    xs = sorted(round(b.center[0], 9) for b in world.boxes)
    assert xs == [-0.8, 0.0, 0.0, 0.8]
    top = max(world.boxes, key=lambda b: b.center[2])
    assert top.center[2] == pytest.approx(1.5 + 0.55)


@pytest.mark.parametrize(
    ("description", "message"),
    [
        ({"obstacles": [{"type": "pyramid"}]}, r"obstacles\[0\].type: unknown 'pyramid'"),
        ({"obstacles": [{"type": "box", "center": [0, 0], "size": [1, 1, 1]}]},
         r"obstacles\[0\].center: expected 3 finite numbers"),
        ({"obstacles": [{"type": "box", "center": [0, 0, 0], "size": [1, -1, 1]}]},
         r"obstacles\[0\].size: all must be positive"),
        ({"obstacles": [{"type": "post", "center": [0, 0]}]}, r"obstacles\[0\].height: missing"),
        ({"obstacles": [{"type": "post", "center": [0, 0], "height": 1, "colour": "red"}]},
         r"obstacles\[0\]: unknown field\(s\) \['colour'\]"),
        ({"obstacles": {}}, "obstacles: expected a list"),
        ({"walls": []}, r"unknown field\(s\) \['walls'\]"),
        ({"obstacles": [{"type": "gate", "center": [0, 0, 1], "width": "wide", "height": 1}]},
         r"obstacles\[0\].width: expected a number, got 'wide'"),
    ],
)  # fmt: skip
def test_a_bad_world_description_names_the_field(description: dict, message: str) -> None:
    with pytest.raises(WorldError, match=message):
        World.from_description(description)


def test_the_builtin_practice_field_loads_and_is_solid(quad: Airframe) -> None:
    world = World.builtin("practice-field")
    assert (len(world.boxes), len(world.cylinders)) == (5, 3)  # gate = 4 boxes, + the shed
    params = Params.from_airframes([quad])
    state = initial_state(params, position=(16.0, 0.0, 10.0), velocity=(5.0, 0.0, 0.0))
    env = Environment(world=world, disabled=frozenset({"gravity"}))
    state = run(params, state, MotorCommand.stopped(1), env, 1.0)
    assert state.crash_kind[0] == 2  # flew into the mast
    with pytest.raises(WorldError, match="unknown world 'moon'; known: practice-field"):
        World.builtin("moon")


def test_a_yaml_world_names_the_line_of_a_syntax_error() -> None:
    with pytest.raises(WorldError, match=r"field\.yaml:3: not valid YAML"):
        World.from_yaml(
            "obstacles:\n  - {type: post, center: [0, 0], height: 1}\n  - {oops", "field.yaml"
        )
    with pytest.raises(WorldError, match=r"field.yaml: obstacles\[0\].height: missing"):
        World.from_yaml("obstacles:\n  - {type: post, center: [0, 0]}\n", "field.yaml")


def test_environment_validates_its_arguments() -> None:
    with pytest.raises(ValueError, match=r"unknown effect\(s\) \['magic'\]"):
        Environment(disabled=frozenset({"magic"}))
    with pytest.raises(ValueError, match="turbulence must be one of"):
        Environment(turbulence="stormy")
    with pytest.raises(ValueError, match="wind must be three finite numbers"):
        Environment(wind=(1.0, float("nan"), 0.0))
    with pytest.raises(ValueError, match="gust_duration must be positive"):
        Environment(gust_duration=0.0)
    assert not Environment().random
    assert Environment(turbulence="light").random
    assert not Environment(turbulence="light").without("turbulence").random


values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=4),
    st.lists(st.one_of(st.floats(-10, 10), st.floats()), max_size=4),
)  # fmt: skip
obstacle = st.dictionaries(
    st.sampled_from(["type", "center", "size", "radius", "height", "width", "yaw_deg", "base"]),
    st.one_of(values, st.sampled_from(["box", "cylinder", "post", "gate", "cone"])),
)


@given(st.one_of(values, st.dictionaries(st.just("obstacles"), st.lists(obstacle, max_size=3))))
@settings(max_examples=300, deadline=None)
def test_any_world_description_loads_or_names_its_fault(description: object) -> None:
    """Whatever a description holds, loading it gives a World or a WorldError, nothing else."""
    try:
        world = World.from_description(description)  # type: ignore[arg-type]
    except WorldError as error:
        assert str(error)
    else:
        assert np.all(np.isfinite(world.packed()))
