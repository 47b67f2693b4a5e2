"""Fault fields of the state: per-rotor thrust factor and battery resistance factor."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dronedojo.physics import (
    Airframe,
    Environment,
    MotorCommand,
    Params,
    State,
    initial_state,
    step,
)
from dronedojo.physics import layout as L
from dronedojo.physics.battery import cell_voltage

from .conftest import make_quad

G = 9.80665
THRUST, TORQUE = 2.0e-6, 3.0e-8  # the test quad's c2 and d2 (purely quadratic rotors)
ARM_X, ARM_Y = 0.12, 0.15
HOVER = math.sqrt(1.0 * G / (4 * THRUST))  # rotor speed at which four rotors carry 1 kg


def hovering(params: Params, factors: list[list[float]], resistance: float = 1.0) -> State:
    """The test quads at 50 m, rotors at the hover speed, with the given fault fields."""
    x = initial_state(params, position=(0.0, 0.0, 50.0), state_of_charge=0.8).x.copy()
    x[:, L.S_ROTOR : L.S_ROTOR + 4] = HOVER
    x[:, L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4] = factors
    x[:, L.S_RESISTANCE_FACTOR] = resistance
    return State(x)


def test_initial_state_is_healthy(quad: Airframe) -> None:
    state = initial_state(Params.from_airframes([quad, quad]))
    np.testing.assert_array_equal(state.thrust_factor, np.ones((2, 4)))
    np.testing.assert_array_equal(state.resistance_factor, [1.0, 1.0])
    assert L.STATE_SIZE == L.S_RESISTANCE_FACTOR + 1  # appended at the end of the layout


def test_one_weak_rotor_in_a_hover_rolls_and_pitches_towards_it(quad: Airframe) -> None:
    """Motor 1 (rear-right, CW) at half thrust: the hover loses half a rotor's lift, and the
    missing thrust at its hub (-a, -b) leaves the moment (b T/2, -a T/2): roll right (+x),
    nose up (-y); the missing half of its CW drag torque leaves a yaw moment -Q/2 (clockwise).
    """
    params = Params.from_airframes([quad])
    state = hovering(params, [[0.5, 1.0, 1.0, 1.0]])
    after = step(params, state, MotorCommand.rotor_speed(np.full(4, HOVER)), Environment())
    thrust, torque = THRUST * HOVER**2, TORQUE * HOVER**2
    assert thrust == pytest.approx(G / 4, rel=1e-15)
    # vertical: 3.5 rotors' thrust against the weight of 4
    np.testing.assert_allclose(
        after.velocity[0], [0.0, 0.0, (3.5 * thrust - G) * 0.001], atol=1e-15
    )
    moment = np.array([ARM_Y * thrust / 2, -ARM_X * thrust / 2, -torque / 2])
    alpha = after.angular_velocity[0] / 0.001
    np.testing.assert_allclose(alpha, moment / np.diag(quad.inertia), rtol=1e-12)
    assert alpha[0] > 0.0 and alpha[1] < 0.0 and alpha[2] < 0.0


def test_a_half_thrust_factor_gives_exactly_half_the_thrust_and_drag_torque(
    quad: Airframe,
) -> None:
    """In vacuum without gravity, rotors at 1000 rad/s: a drone with every rotor at 0.5
    accelerates exactly half as fast as a healthy one, and one rotor at 0.5 turns the body with
    exactly half the moment it gives when healthy."""
    params = Params.from_airframes([quad] * 3)
    x = initial_state(params, position=(0.0, 0.0, 50.0)).x.copy()
    x[:, L.S_ROTOR : L.S_ROTOR + 4] = [[1000.0] * 4, [1000.0] * 4, [0.0, 1000.0, 0.0, 0.0]]
    x[:, L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4] = [[1.0] * 4, [0.5] * 4, [1.0, 0.5, 1.0, 1.0]]
    omega = x[:, L.S_ROTOR : L.S_ROTOR + 4].copy()
    env = Environment.vacuum().without("gravity")
    after = step(params, State(x), MotorCommand.rotor_speed(omega), env, 0.001)
    healthy, weak, single = after.velocity[:, 2] / 0.001
    assert healthy == pytest.approx(4 * THRUST * 1e6 / quad.mass, rel=1e-14)
    assert weak == 0.5 * healthy
    assert single == pytest.approx(healthy / 8, rel=1e-14)  # half of one rotor of four
    # motor 2, front-right CCW at hub (a, -b): moment (-b T, -a T, -Q), halved
    half = 0.5 * np.array([-ARM_Y * THRUST * 1e6, -ARM_X * THRUST * 1e6, -TORQUE * 1e6])
    alpha = after.angular_velocity[2] / 0.001
    np.testing.assert_allclose(alpha, half / np.diag(quad.inertia), rtol=1e-12)


def test_a_dead_rotor_gives_no_thrust_and_draws_no_power(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = hovering(params, [[0.0, 0.0, 0.0, 0.0]])
    env = Environment().without("gravity")
    after = step(params, state, MotorCommand.rotor_speed(np.full(4, HOVER)), env)
    np.testing.assert_array_equal(after.velocity, 0.0)
    np.testing.assert_array_equal(after.angular_velocity, 0.0)
    assert after.current[0] == quad.avionics_current  # no shaft power, only the avionics


@pytest.mark.parametrize("factor", [1.0, 2.0, 3.5])
def test_resistance_factor_scales_the_sag(quad: Airframe, factor: float) -> None:
    """The pack behaves as one with ``factor`` times the resistance: V = E - (factor R) I
    with I = P / (eta V) + I_a, the exact closed form of the battery model."""
    params = Params.from_airframes([quad])
    state = hovering(params, [[1.0] * 4], resistance=factor)
    after = step(params, state, MotorCommand.rotor_speed(np.full(4, HOVER)), Environment())
    resistance = 0.04 * factor
    ocv = 4 * cell_voltage(0.8)
    power = 4 * TORQUE * HOVER**3 / 0.75
    e = ocv - resistance * 0.5
    volt = (e + math.sqrt(e * e - 4 * resistance * power)) / 2
    assert after.voltage[0] == pytest.approx(volt, rel=1e-14)
    assert after.current[0] == pytest.approx(power / volt + 0.5, rel=1e-14)
    assert ocv - after.voltage[0] == pytest.approx(resistance * after.current[0], rel=1e-12)


def test_a_doubled_resistance_doubles_the_sag_per_amp(quad: Airframe) -> None:
    """Factor 2 against factor 1 on the same load: the sag per amp drawn, (E - V) / I, is
    exactly twice as large (and, since the lower voltage draws a little more current, the
    sag itself slightly more than twice)."""
    params = Params.from_airframes([quad, quad])
    x = hovering(params, [[1.0] * 4] * 2).x.copy()
    x[:, L.S_RESISTANCE_FACTOR] = [1.0, 2.0]
    command = MotorCommand.rotor_speed(np.full((2, 4), HOVER))
    after = step(params, State(x), command, Environment())
    sag = 4 * cell_voltage(0.8) - after.voltage
    per_amp = sag / after.current
    assert per_amp[1] == pytest.approx(2.0 * per_amp[0], rel=1e-12)
    assert per_amp[0] == pytest.approx(0.04, rel=1e-12)
    assert 2.0 * sag[0] < sag[1] < 2.1 * sag[0]


def test_fault_fields_survive_steps_unchanged() -> None:
    """Copied through bit for bit by every path: full blocks and the scalar tail, in wind,
    turbulence and on the ground."""
    rng = np.random.default_rng(3)
    params = Params.from_airframes([make_quad(), make_quad(mass=0.7)] * 35)  # 64 + 6
    x = initial_state(params).x.copy()  # standing on the ground
    x[::2, L.S_POS + 2] = 5.0  # every other drone in the air
    thrust = rng.uniform(0.0, 1.0, (70, 4))
    resistance = rng.uniform(1.0, 4.0, 70)
    x[:, L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4] = thrust
    x[:, L.S_RESISTANCE_FACTOR] = resistance
    state = State(x)
    env = Environment(wind=(3.0, 1.0, 0.0), turbulence="moderate", gust_rate=2.0)
    command = MotorCommand.esc(rng.uniform(0.0, 1.0, (70, 4)))
    for _ in range(50):
        state = step(params, state, command, env, 0.001, rng)
    np.testing.assert_array_equal(state.thrust_factor, thrust)
    np.testing.assert_array_equal(state.resistance_factor, resistance)
    assert state.contacts[1::2].all() and not state.contacts[::2].any()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (L.S_THRUST_FACTOR, 1.5, "thrust_factor must be within"),
        (L.S_THRUST_FACTOR + 3, -0.1, "thrust_factor must be within"),
        (L.S_THRUST_FACTOR + 1, math.nan, "thrust_factor must be within"),
        (L.S_RESISTANCE_FACTOR, 0.0, "resistance_factor must be finite and > 0"),
        (L.S_RESISTANCE_FACTOR, math.inf, "resistance_factor must be finite and > 0"),
        (L.S_RESISTANCE_FACTOR, math.nan, "resistance_factor must be finite and > 0"),
    ],
)
def test_state_refuses_fault_fields_outside_their_range(
    quad: Airframe, field: int, value: float, message: str
) -> None:
    x = initial_state(Params.from_airframes([quad, quad])).x.copy()
    x[1, field] = value
    with pytest.raises(ValueError, match=message):
        State(x)
