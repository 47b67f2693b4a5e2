"""The compiled batched step against the plain scalar reference integrator (reference.py)."""

from __future__ import annotations

import numpy as np
import pytest

from dronedojo.physics import (
    Environment,
    MotorCommand,
    Params,
    State,
    World,
    airframes,
    initial_state,
    inject_gust,
    step,
)
from dronedojo.physics import layout as L

from .conftest import make_quad
from .reference import reference_step

# Every field is compared; the compiled step reassociates sums (fast-math) and uses Taylor
# series for small-angle sines, so agreement is to rounding, not bit for bit.
RTOL, ATOL = 1e-9, 1e-9


def airframe_mix(n: int) -> Params:
    presets = [airframes.get(name) for name in airframes.names()] + [make_quad()]
    return Params.from_airframes([presets[i % len(presets)] for i in range(n)])


def start_state(params: Params, rng: np.random.Generator) -> State:
    n = params.n
    heights = np.where(np.arange(n) % 3 == 0, params.column(L.P_GEAR), rng.uniform(0.3, 20, n))
    position = np.column_stack([rng.uniform(-5, 5, n), rng.uniform(-5, 5, n), heights])
    state = initial_state(params, position=position, yaw=rng.uniform(-3, 3, n),
                          state_of_charge=rng.uniform(0.2, 1.0, n))  # fmt: skip
    x = state.x.copy()
    x[:, L.S_RATE : L.S_RATE + 3] = rng.normal(0, 1.0, (n, 3))
    x[:, L.S_VEL : L.S_VEL + 3] = rng.normal(0, 2.0, (n, 3))
    return State(x)


def random_command(rng: np.random.Generator, n: int, kind: str) -> MotorCommand:
    if kind == "esc":
        return MotorCommand.esc(rng.uniform(0.0, 0.8, (n, 4)))
    if kind == "speed":
        return MotorCommand.rotor_speed(rng.uniform(0.0, 2500.0, (n, 4)))
    half = n // 2
    return MotorCommand.combine(
        [MotorCommand.esc(rng.uniform(0.2, 0.7, (half, 4))), MotorCommand.stopped(n - half)]
    )


def compare(params: Params, env: Environment, kind: str, n: int, steps: int, dt: float,
            seed: int, rtol: float = RTOL) -> int:  # fmt: skip
    """Step the batch; at every step, the reference from the same start must agree. Returns
    the number of drone-steps with a ground or obstacle contact (so tests can say what they
    covered)."""
    rng = np.random.default_rng(seed)
    state = start_state(params, rng)
    state = inject_gust(state, np.arange(0, n, 2), start=0.05, duration=0.2, peak=(3, -2, 1))
    kernel_rng = np.random.default_rng(seed + 1)
    noise_rng = np.random.default_rng(seed + 1)  # the same draws, in the same order
    touching = 0
    for k in range(steps):
        if k % 20 == 0:
            command = random_command(rng, n, kind)
        after = step(params, state, command, env, dt, kernel_rng)
        noise = noise_rng.random((n, L.NOISE_SIZE)) if env.random else None
        for i in range(n):
            expected = reference_step(params.x[i], state.x[i], command.x[i], env.x,
                                      None if noise is None else noise[i], dt)  # fmt: skip
            np.testing.assert_allclose(after.x[i], expected, rtol=rtol, atol=rtol,
                                       err_msg=f"drone {i}, step {k}")  # fmt: skip
        touching += int(np.sum(after.contacts > 0))
        state = after
    return touching


WINDY = Environment(wind=(4.0, -2.0, 0.0), turbulence="light", gust_rate=2.0, gust_speed=4.0)


@pytest.mark.parametrize("n", [1, 64, 70])
def test_matches_the_reference_with_esc_commands_in_wind(n: int) -> None:
    touching = compare(airframe_mix(n), WINDY, "esc", n, steps=150, dt=0.001, seed=n)
    if n > 1:
        assert touching > 0  # the drones that start on the ground exercise the contacts


@pytest.mark.parametrize("kind", ["speed", "mixed"])
def test_matches_the_reference_with_rotor_speeds_and_stopped_motors(kind: str) -> None:
    compare(airframe_mix(64), WINDY, kind, 64, steps=100, dt=0.001, seed=5)


@pytest.mark.parametrize(("dt", "rtol"), [(0.0005, RTOL), (0.002, RTOL), (0.004, 1e-8)])
def test_matches_the_reference_at_other_step_sizes(dt: float, rtol: float) -> None:
    # at 4 ms a drone tumbling at 130 rad/s turns 0.52 rad per step, where the kernel's
    # Taylor series for sine and cosine are good to 4e-10 (README): hence 1e-8 there
    compare(airframe_mix(16), WINDY, "esc", 16, steps=100, dt=dt, seed=9, rtol=rtol)


def test_matches_the_reference_with_effects_switched_off() -> None:
    for env in (Environment.vacuum(), WINDY.without("battery", "motor_dynamics", "gusts")):
        compare(airframe_mix(16), env, "esc", 16, steps=100, dt=0.001, seed=13)


def test_matches_the_reference_among_obstacles() -> None:
    world = World.from_description({"obstacles": [
        {"type": "box", "center": [2, 0, 2], "size": [1, 8, 4], "yaw_deg": 20},
        {"type": "cylinder", "center": [-2, 1], "radius": 1.0, "height": 6},
        {"type": "gate", "center": [0, 3, 1.5], "width": 1.2, "height": 1.0},
    ]})  # fmt: skip
    env = Environment(world=world)
    params = Params.from_airframes([make_quad()] * 3)
    x = initial_state(params, position=[(0, 0, 2), (0, 1, 3), (0, 3, 2.2)]).x.copy()
    x[:, L.S_VEL : L.S_VEL + 3] = [(6, 0, 0), (-5, 0, 0), (0, 1, 0)]
    state = State(x)
    command = MotorCommand.esc(np.full((3, 4), 0.45))
    crashed_in_reference = False
    for k in range(600):
        after = step(params, state, command, env)
        for i in range(3):
            expected = reference_step(params.x[i], state.x[i], command.x[i], env.x, None, 0.001)
            np.testing.assert_allclose(after.x[i], expected, rtol=RTOL, atol=ATOL,
                                       err_msg=f"drone {i}, step {k}")  # fmt: skip
            crashed_in_reference |= expected[L.S_CRASH_KIND] == 2
        state = after
    assert crashed_in_reference
    assert state.crash_kind[0] == 2
    assert 5.0 < state.impact_speed[0] < 6.0  # launched at 6 m/s, slowed by drag on the way


def test_free_running_trajectories_agree_for_a_second() -> None:
    """Not only one step at a time: 1000 steps run separately stay together."""
    params = airframe_mix(8)
    rng = np.random.default_rng(21)
    state = start_state(params, rng)
    reference = state.x.copy()
    command = MotorCommand.esc(rng.uniform(0.3, 0.6, (8, 4)))
    env = WINDY.without("turbulence", "gusts")
    for _ in range(1000):
        state = step(params, state, command, env)
        reference = np.stack([
            reference_step(params.x[i], reference[i], command.x[i], env.x, None, 0.001)
            for i in range(8)
        ])  # fmt: skip
    np.testing.assert_allclose(state.x, reference, rtol=1e-6, atol=1e-6)
