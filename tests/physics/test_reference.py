"""The compiled batched step against the plain scalar reference integrator (reference.py).

Both fly the same drones from the same start, each on its own (the reference never sees the
kernel's state), and every field of every drone must agree after every step. The kernel is
compiled with fast-math reassociation and takes sines and cosines from Taylor series, so
agreement is to rounding, not to the bit: RTOL and ATOL below.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np
import pytest
from numpy.typing import NDArray

from dronedojo.physics import (
    EFFECTS,
    Airframe,
    Environment,
    MotorCommand,
    Params,
    State,
    World,
    initial_state,
    inject_gust,
    step,
)
from dronedojo.physics import layout as L

from .reference import Command, Drone, Vehicle, reference_step

RTOL = 1e-9
ATOL = 1e-9

SOURCED = [f.name for f in dataclasses.fields(Airframe) if f.name not in {"sources", "published"}]

QUAD_7INCH = Airframe(
    name="test-7inch",
    title="Test 7-inch long-range quad, 4S",
    mass=0.85,
    inertia=((6.0e-3, 0.0, 0.0), (0.0, 6.5e-3, 0.0), (0.0, 0.0, 1.1e-2)),
    arm_x=0.11,
    arm_y=0.11,
    rotor_radius=0.0889,
    gear_height=0.04,
    top_height=0.05,
    thrust_coeffs=(0.0, 0.0, 2.5e-6),
    torque_coeffs=(0.0, 0.0, 4.0e-8),
    rotor_inertia=1.5e-5,
    tau_up=0.025,
    tau_down=0.04,
    kv_rpm_per_volt=1300.0,
    loaded_speed_ratio=0.75,
    idle_fraction=0.05,
    rotor_drag_coeff=8.0e-6,
    drag_area=(0.015, 0.018, 0.04),
    vrs_loss=0.2,
    cells=4,
    capacity_mah=2200.0,
    internal_resistance=0.03,
    power_efficiency=0.75,
    avionics_current=0.6,
    friction=0.5,
    crash_speed=3.0,
    sources={name: "test value" for name in SOURCED},
)
"""A plain quad: diagonal inertia, purely quadratic rotors, a healthy pack."""

QUAD_3INCH = Airframe(
    name="test-3inch-worn",
    title="Test 3-inch stretched-X quad on a worn 3S pack",
    mass=0.45,
    inertia=((1.2e-3, 2.0e-5, -3.0e-5), (2.0e-5, 1.5e-3, 1.0e-5), (-3.0e-5, 1.0e-5, 2.4e-3)),
    arm_x=0.06,
    arm_y=0.075,
    rotor_radius=0.0635,
    gear_height=0.02,
    top_height=0.035,
    thrust_coeffs=(-0.02, 2.0e-5, 1.1e-6),
    torque_coeffs=(1.0e-4, 1.0e-9, 1.4e-8),
    rotor_inertia=6.0e-6,
    tau_up=0.02,
    tau_down=0.012,
    kv_rpm_per_volt=2400.0,
    loaded_speed_ratio=0.7,
    idle_fraction=0.045,
    rotor_drag_coeff=5.0e-6,
    drag_area=(0.01, 0.012, 0.025),
    vrs_loss=0.3,
    cells=3,
    capacity_mah=450.0,
    internal_resistance=0.12,
    power_efficiency=0.7,
    avionics_current=0.4,
    friction=0.8,
    crash_speed=2.5,
    sources={name: "test value" for name in SOURCED},
)
"""A different quad: products of inertia, full thrust and torque polynomials (thrust clipped
to 0 at idle), a faster spin-down than spin-up, and a pack that browns out at full power."""

WINDY = Environment(
    wind=(4.0, -2.5, 0.3),
    turbulence="light",
    gust_rate=3.0,
    gust_speed=5.0,
    gust_duration=0.3,
)
"""Every effect on: steady wind, light Dryden turbulence and frequent short random gusts."""

CommandSource = Callable[[np.random.Generator, int], MotorCommand]


def mixed_batch(n: int) -> Params:
    """n drones, the two test airframes alternating."""
    return Params.from_airframes([(QUAD_7INCH, QUAD_3INCH)[i % 2] for i in range(n)])


def random_attitudes(rng: np.random.Generator, n: int, tilt: float) -> NDArray[np.float64]:
    """Unit quaternions with a random heading and roll/pitch of the order of ``tilt`` rad."""
    q = np.column_stack([np.ones(n), rng.normal(0.0, tilt / 2, (n, 2)), rng.uniform(-1.0, 1.0, n)])
    return q / np.linalg.norm(q, axis=1, keepdims=True)


def start_state(params: Params, rng: np.random.Generator) -> State:
    """Four kinds of drone in turn: standing on the ground; skimming low (ground effect);
    dropping onto the ground at 2-6 m/s (hard landings); in the air, tilted and tumbling."""
    n = params.n
    kind = np.arange(n) % 4
    state = initial_state(
        params,
        position=np.column_stack(
            [rng.uniform(-10, 10, n), rng.uniform(-10, 10, n), rng.uniform(2.0, 40.0, n)]
        ),
        yaw=rng.uniform(-math.pi, math.pi, n),
        state_of_charge=rng.uniform(0.05, 1.0, n),
    )
    x = state.x.copy()
    ground, low, dropping, flying = (kind == k for k in range(4))
    x[ground, L.S_POS + 2] = params.column(L.P_GEAR)[ground]
    x[low, L.S_POS + 2] = rng.uniform(0.05, 0.6, int(low.sum()))
    x[dropping, L.S_POS + 2] = rng.uniform(0.3, 1.0, int(dropping.sum()))
    moving = ~ground
    x[moving, L.S_VEL : L.S_VEL + 3] = rng.normal(0.0, 2.0, (int(moving.sum()), 3))
    x[dropping, L.S_VEL + 2] = -rng.uniform(2.0, 6.0, int(dropping.sum()))
    x[low, L.S_QUAT : L.S_QUAT + 4] = random_attitudes(rng, int(low.sum()), 0.2)
    x[flying, L.S_QUAT : L.S_QUAT + 4] = random_attitudes(rng, int(flying.sum()), 1.0)
    x[flying, L.S_RATE : L.S_RATE + 3] = rng.normal(0.0, 3.0, (int(flying.sum()), 3))
    # up to 2000 rad/s: the worn pack of the 3-inch browns out while such rotors slow down
    x[moving, L.S_ROTOR : L.S_ROTOR + 4] = rng.uniform(0.0, 2000.0, (int(moving.sum()), 4))
    return State(x)


def esc_commands(rng: np.random.Generator, n: int) -> MotorCommand:
    """Random ESC commands: a collective throttle in [0, 1.05] per drone (near full, the worn
    pack browns out) and a differential of up to 0.15 per motor; some fall outside [0, 1]."""
    collective = rng.uniform(0.0, 1.05, (n, 1))
    return MotorCommand.esc(collective + rng.uniform(-0.15, 0.15, (n, 4)))


def rotor_speed_commands(rng: np.random.Generator, n: int) -> MotorCommand:
    """Random rotor speeds, some above what the battery can give (clipped) or negative."""
    return MotorCommand.rotor_speed(rng.uniform(-100.0, 2500.0, (n, 4)))


def stopped(rng: np.random.Generator, n: int) -> MotorCommand:
    """Motors unpowered."""
    return MotorCommand.stopped(n)


def combined_commands(rng: np.random.Generator, n: int) -> MotorCommand:
    """A third of the batch on ESC commands, a third on rotor speeds, the rest stopped."""
    third = n // 3
    return MotorCommand.combine(
        [
            esc_commands(rng, third),
            rotor_speed_commands(rng, third),
            stopped(rng, n - 2 * third),
        ]
    )


def assert_agree(kernel: State, reference: State, where: str) -> None:
    """Every documented field, then the whole packed row (turbulence and gust state too)."""
    if np.allclose(kernel.x, reference.x, rtol=RTOL, atol=ATOL, equal_nan=True):
        return  # the fast path; the assertions below name the field that differs
    for name in ("contacts", "crashed", "crash_kind"):
        np.testing.assert_array_equal(
            getattr(kernel, name), getattr(reference, name), err_msg=f"{name}, {where}"
        )
    for name in (
        "position",
        "velocity",
        "quaternion",
        "angular_velocity",
        "rotor_speed",
        "state_of_charge",
        "voltage",
        "current",
        "time",
        "wind",
        "impact_speed",
    ):
        np.testing.assert_allclose(
            getattr(kernel, name),
            getattr(reference, name),
            rtol=RTOL,
            atol=ATOL,
            err_msg=f"{name}, {where}",
        )
    np.testing.assert_allclose(kernel.x, reference.x, rtol=RTOL, atol=ATOL, err_msg=where)


@dataclasses.dataclass
class Flight:
    """What a compared flight went through (so a test can say what it covered)."""

    final: State
    """The compiled step's state at the end."""
    reference: State
    """The reference's state at the end."""
    contact_steps: int = 0
    """Drone-steps with at least one point on the ground or an obstacle."""
    random_gusts: int = 0
    """Random gusts that began."""
    worst: float = 0.0
    """Largest |kernel - reference| / (ATOL + RTOL |reference|) over every value and step: below
    1 when the flight passed; how much of the tolerance rounding used (for tuning it)."""


def fly(
    params: Params,
    state: State,
    commands: CommandSource,
    env: Environment,
    dt: float,
    steps: int,
    seed: int,
) -> Flight:
    """Fly the batch with the compiled step and every drone with the reference, separately,
    a new random command every 20 steps, and compare them after every step.

    The kernel draws its noise from one Generator; the reference draws the same uniforms,
    (N, 8) per step when ``env.random``, from a second Generator with the same seed.
    """
    command_rng = np.random.default_rng(seed)
    kernel_rng = np.random.default_rng(seed + 1)
    noise_rng = np.random.default_rng(seed + 1)
    vehicles = [Vehicle.from_airframe(a) for a in params.airframes]
    drones = [Drone.from_row(row) for row in state.x]
    flight = Flight(state, state)
    schedule = [commands(command_rng, params.n) for _ in range(0, steps, 20)]
    for k in range(steps):
        command = schedule[k // 20]
        state = step(params, state, command, env, dt, kernel_rng)
        noise = noise_rng.random((params.n, L.NOISE_SIZE)) if env.random else None
        started = [d.gust_start for d in drones]
        drones = [
            reference_step(
                vehicle,
                drone,
                Command.from_row(command.x[i]),
                env,
                dt,
                None if noise is None else noise[i],
            )
            for i, (vehicle, drone) in enumerate(zip(vehicles, drones, strict=True))
        ]
        expected = State(np.stack([d.to_row() for d in drones]))
        assert_agree(state, expected, f"step {k + 1} (t = {(k + 1) * dt:.4f} s)")
        error = np.abs(state.x - expected.x) / (ATOL + RTOL * np.abs(expected.x))
        flight.worst = max(flight.worst, float(np.nanmax(error)))
        flight.contact_steps += int(np.count_nonzero(state.contacts))
        flight.random_gusts += sum(d.gust_start != s for d, s in zip(drones, started, strict=True))
    flight.final = state
    flight.reference = State(np.stack([d.to_row() for d in drones]))
    return flight


@pytest.mark.parametrize("n", [1, 64])
def test_random_esc_commands_in_wind_near_the_ground(n: int) -> None:
    params = mixed_batch(n)
    state = start_state(params, np.random.default_rng(100 + n))
    # a scheduled gust for every third drone, on top of the random ones
    state = inject_gust(state, np.arange(0, n, 3), start=0.1, duration=0.15, peak=(-3, 4, 1))
    flight = fly(params, state, esc_commands, WINDY, 0.001, steps=400, seed=n)

    np.testing.assert_allclose(flight.final.time, 0.4, rtol=1e-12)
    assert not np.isnan(flight.final.x[:, L.S_TURB : L.S_TURB + 3]).any()  # turbulence ran
    if n == 64:  # the batch covers contact, hard landings and random gusts
        assert flight.contact_steps > 1000
        assert np.count_nonzero(flight.final.crash_kind == 1) >= 4
        assert flight.random_gusts > 20


def test_rotor_speed_commands_match_the_reference() -> None:
    params = mixed_batch(64)
    flight = fly(
        params,
        start_state(params, np.random.default_rng(7)),
        rotor_speed_commands,
        WINDY,
        0.001,
        steps=200,
        seed=7,
    )
    assert flight.contact_steps > 1000


def test_stopped_motors_beside_running_ones_match_the_reference() -> None:
    # 70 drones: one full block of 64 (the vectorised path) and a tail of 6 (the scalar one)
    params = mixed_batch(70)
    flight = fly(
        params,
        start_state(params, np.random.default_rng(8)),
        combined_commands,
        WINDY,
        0.001,
        steps=200,
        seed=8,
    )
    stopped = slice(2 * (70 // 3), 70)  # coasted down from up to 2000 rad/s for 0.2 s
    assert np.all(flight.final.rotor_speed[stopped] < 2000.0 * math.exp(-0.2 / QUAD_7INCH.tau_down))


@pytest.mark.parametrize("dt", [0.0005, 0.001, 0.002])
def test_step_sizes_match_the_reference(dt: float) -> None:
    # 0.001 s uses the motor gains precomputed in Params; the others compute them per step
    params = mixed_batch(16)
    steps = round(0.2 / dt)
    state = start_state(params, np.random.default_rng(21))
    flight = fly(params, state, esc_commands, WINDY, dt, steps=steps, seed=21)
    np.testing.assert_allclose(flight.final.time, steps * dt, rtol=1e-12)
    assert flight.contact_steps > 0


def test_without_battery_and_motor_dynamics() -> None:
    env = WINDY.without("battery", "motor_dynamics")
    params = mixed_batch(16)
    state = start_state(params, np.random.default_rng(31))
    flight = fly(params, state, esc_commands, env, 0.001, steps=200, seed=31)
    # an ideal pack: full-charge voltage, no drain
    full = params.column(L.P_CELLS) * 4.2
    np.testing.assert_allclose(flight.final.voltage, full, rtol=1e-15)
    np.testing.assert_array_equal(flight.final.state_of_charge, state.state_of_charge)


def test_in_vacuum() -> None:
    params = mixed_batch(16)
    state = start_state(params, np.random.default_rng(32))
    flight = fly(params, state, esc_commands, Environment.vacuum(), 0.001, steps=200, seed=32)
    assert flight.contact_steps == 0  # no ground: the drones on it fall through
    np.testing.assert_array_equal(flight.final.wind, 0.0)


@pytest.mark.parametrize("effect", EFFECTS)
def test_each_effect_switched_off_alone(effect: str) -> None:
    """Each switch alone (``fly`` asserts the agreement after every step)."""
    params = mixed_batch(8)
    state = start_state(params, np.random.default_rng(33))
    fly(params, state, esc_commands, WINDY.without(effect), 0.001, steps=100, seed=33)


OBSTACLES = World.from_description(
    {
        "obstacles": [
            {"type": "box", "center": [5.0, 0.0, 2.0], "size": [1.0, 6.0, 4.0], "yaw_deg": 20},
            {"type": "cylinder", "center": [-4.0, 0.0], "radius": 0.5, "height": 3.0},
            {"type": "box", "center": [0.0, 8.0, 1.5], "size": [0.4, 3.0, 3.0]},
        ]
    }
)
"""A wall turned by 20 degrees, a pillar 3 m tall, and a thin wall that one drone starts in."""


def test_flight_into_obstacles_matches_the_reference() -> None:
    params = Params.from_airframes([QUAD_7INCH, QUAD_3INCH, QUAD_7INCH, QUAD_3INCH])
    state = initial_state(
        params,
        position=[(2.0, 0.0, 2.0), (-3.0, 0.0, 1.5), (-4.0, 0.1, 3.35), (0.05, 8.3, 1.5)],
        velocity=[(6.0, 0.0, 0.0), (-1.5, 0.0, 0.0), (0.0, 0.0, -0.5), (0.0, 0.0, 0.0)],
    )
    env = Environment(world=OBSTACLES)

    def hover(rng: np.random.Generator, n: int) -> MotorCommand:
        return MotorCommand.esc(np.full((n, 4), 0.5))

    flight = fly(params, state, hover, env, 0.001, steps=600, seed=41)
    final = flight.final

    assert flight.contact_steps > 100
    # the drone launched at the wall at 6 m/s meets it at 20 degrees, a little slowed by drag
    assert final.crashed[0]
    assert final.crash_kind[0] == 2
    assert final.impact_speed[0] == pytest.approx(flight.reference.impact_speed[0], rel=RTOL)
    assert 5.3 < final.impact_speed[0] < 6.0 * math.cos(math.radians(20.0))
    # 1.5 m/s into the pillar and a short drop onto its top are contacts, not crashes; the
    # drone started inside the thin wall leaves it through the nearest face (+x), no crash
    assert not final.crashed[1:].any()
    assert final.position[3, 0] > 0.2 + math.hypot(0.06, 0.075) + 0.0635


def test_a_drone_lying_upside_down_is_a_ground_crash() -> None:
    """Props on the ground are a crash at any speed, also at rest: crash kind 1 (ground)."""
    params = Params.from_airframes([QUAD_7INCH, QUAD_3INCH])
    tops = params.column(L.P_TOP)
    state = initial_state(params, position=np.column_stack([[0.0, 1.0], [0.0, 0.0], tops - 1e-3]))
    x = state.x.copy()
    x[:, L.S_QUAT : L.S_QUAT + 4] = (0.0, 1.0, 0.0, 0.0)  # rolled over by 180 degrees
    flight = fly(params, State(x), stopped, Environment(), 0.001, steps=50, seed=51)
    assert flight.final.crashed.all()
    np.testing.assert_array_equal(flight.final.crash_kind, [1, 1])
    np.testing.assert_array_equal(flight.final.contacts, [4, 4])  # resting on its four tops


def test_faulty_rotors_and_sagging_packs_match_the_reference() -> None:
    """Thrust factors in [0, 1] on random rotors and resistance factors of 1-4, over every kind
    of start state (a full block of 64 and a scalar tail of 6)."""
    params = mixed_batch(70)
    rng = np.random.default_rng(61)
    x = start_state(params, rng).x.copy()
    weak = rng.uniform(0.0, 1.0, (70, 4))
    x[:, L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4] = np.where(weak < 0.5, 2 * weak, 1.0)
    x[:, L.S_RESISTANCE_FACTOR] = rng.uniform(1.0, 4.0, 70)
    flight = fly(params, State(x), esc_commands, WINDY, 0.001, steps=200, seed=61)
    np.testing.assert_array_equal(flight.final.thrust_factor, State(x).thrust_factor)
    assert flight.contact_steps > 1000
