"""Analytic checks of the rigid body, rotors, aerodynamics and integrator."""

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
from dronedojo.physics.aero import ground_effect, vortex_ring_loss

from .conftest import make_quad

G = 9.80665


def hover_speed(a: Airframe) -> float:
    """Rotor speed at which four quadratic rotors carry the weight."""
    return math.sqrt(a.mass * G / (4 * a.thrust_coeffs[2]))


def with_rotors(state: State, omega: float) -> State:
    x = state.x.copy()
    x[:, L.S_ROTOR : L.S_ROTOR + 4] = omega
    return State(x)


def test_hover_equilibrium_thrust_equals_weight(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    w_h = hover_speed(quad)
    state = with_rotors(initial_state(params, position=(0.0, 0.0, 50.0)), w_h)
    command = MotorCommand.rotor_speed(np.full(4, w_h))
    for _ in range(2000):
        state = step(params, state, command, Environment(), 0.001)
    # thrust equals weight at the hover speed: nothing moves in two seconds
    np.testing.assert_allclose(state.rotor_speed, w_h, rtol=1e-15)
    np.testing.assert_allclose(state.position, [[0.0, 0.0, 50.0]], atol=1e-9)
    np.testing.assert_allclose(state.velocity, 0.0, atol=1e-9)
    np.testing.assert_allclose(state.angular_velocity, 0.0, atol=1e-12)
    np.testing.assert_allclose(state.quaternion, [[1.0, 0.0, 0.0, 0.0]], atol=1e-12)


def test_free_fall_is_the_exact_symplectic_euler_parabola(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params, position=(0.0, 0.0, 100.0), velocity=(1.0, 0.0, 0.0))
    env = Environment.vacuum()
    dt, n = 0.001, 3000
    for _ in range(n):
        state = step(params, state, MotorCommand.stopped(1), env, dt)
    # v_n = -g n dt; z_n = z0 - g dt^2 n (n + 1) / 2 (semi-implicit Euler)
    assert state.velocity[0, 2] == pytest.approx(-G * n * dt, rel=1e-12)
    assert state.position[0, 2] == pytest.approx(100.0 - G * dt**2 * n * (n + 1) / 2, rel=1e-12)
    assert state.position[0, 0] == pytest.approx(3.0, rel=1e-12)
    # and within g t dt / 2 of the continuous parabola
    assert abs(state.position[0, 2] - (100.0 - G * 9.0 / 2)) <= G * 3.0 * dt / 2 + 1e-9


def test_terminal_velocity_matches_quadratic_drag(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params, position=(0.0, 0.0, 5000.0))
    env = Environment(disabled=frozenset(L.EFFECTS) - {"gravity", "body_drag"})
    for _ in range(30000):
        state = step(params, state, MotorCommand.stopped(1), env, 0.002)
    terminal = math.sqrt(2 * quad.mass * G / (1.225 * quad.drag_area[2]))
    assert terminal == pytest.approx(20.0068, abs=1e-4)
    assert -state.velocity[0, 2] == pytest.approx(terminal, rel=1e-9)


# Expected body angular acceleration signs (roll about +x, pitch about +y = nose down in FLU,
# yaw about +z = counter-clockwise from above) when only one motor spins.
# Motor 1 rear-right CW, 2 front-right CCW, 3 rear-left CCW, 4 front-left CW.
MOTOR_SIGNS = {
    0: (-1, +1, +1),  # rear-right lifts: rolls left, nose down; CW prop yaws the body CCW
    1: (-1, -1, -1),  # front-right: rolls left, nose up; CCW prop yaws the body CW
    2: (+1, +1, -1),  # rear-left: rolls right, nose down; CCW prop yaws CW
    3: (+1, -1, +1),  # front-left: rolls right, nose up; CW prop yaws CCW
}


@pytest.mark.parametrize("motor", [0, 1, 2, 3])
def test_each_motor_turns_the_body_the_conventional_way(quad: Airframe, motor: int) -> None:
    params = Params.from_airframes([quad])
    omega = np.zeros(4)
    omega[motor] = 1000.0
    state = initial_state(params, position=(0.0, 0.0, 50.0))
    state = State(with_rotors(state, 0.0).x)
    x = state.x.copy()
    x[0, L.S_ROTOR + motor] = 1000.0
    env = Environment.vacuum().without("gravity")
    after = step(params, State(x), MotorCommand.rotor_speed(omega), env, 0.001)
    alpha = after.angular_velocity[0] / 0.001
    assert tuple(int(v) for v in np.sign(alpha)) == MOTOR_SIGNS[motor]
    # magnitudes: thrust T = c2 w^2 at the hub lever arms, drag torque d2 w^2
    thrust, torque = 2.0e-6 * 1e6, 3.0e-8 * 1e6
    inertia = np.diag(quad.inertia)
    expected = np.array(MOTOR_SIGNS[motor]) * [thrust * 0.15, thrust * 0.12, torque] / inertia
    np.testing.assert_allclose(alpha, expected, rtol=1e-9)


def test_ground_effect_ratio_at_one_rotor_radius(quad: Airframe) -> None:
    assert ground_effect(0.12, 0.12) == pytest.approx(16.0 / 15.0, rel=1e-15)
    assert ground_effect(0.01, 0.12) == pytest.approx(4.0 / 3.0, rel=1e-15)  # clipped at R/2
    # through the step: hubs at one radius above the ground, the ground's push switched off
    params = Params.from_airframes([quad])
    env = Environment.vacuum().without("gravity")
    ige = Environment(disabled=env.disabled - {"ground_effect"})

    def lift(height: float, environment: Environment) -> float:
        state = with_rotors(initial_state(params, position=(0.0, 0.0, height)), 1000.0)
        after = step(params, state, MotorCommand.rotor_speed(np.full(4, 1000.0)), environment)
        return float(after.velocity[0, 2] / 0.001 * quad.mass)

    assert lift(0.12, ige) / lift(0.12, env) == pytest.approx(16.0 / 15.0, rel=1e-12)
    assert lift(20.0, ige) == pytest.approx(lift(20.0, env), rel=1e-15)  # far: no effect


def test_vortex_ring_loss_peaks_at_the_documented_descent_rate() -> None:
    assert vortex_ring_loss(1.1 * 5.0, 0.0, 5.0, 0.25) == pytest.approx(0.25, rel=1e-12)
    assert vortex_ring_loss(0.3 * 5.0, 0.0, 5.0, 0.25) == 0.0
    assert vortex_ring_loss(1.9 * 5.0, 0.0, 5.0, 0.25) == 0.0
    assert vortex_ring_loss(1.1 * 5.0, 5.0, 5.0, 0.25) == 0.0  # edgewise flight escapes it
    assert vortex_ring_loss(1.1 * 5.0, 2.5, 5.0, 0.25) == pytest.approx(0.1875, rel=1e-12)


def test_descending_into_the_wake_loses_thrust(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    v_h = float(params.hover_induced_velocity[0])
    assert v_h == pytest.approx(math.sqrt(G / (2 * 1.225 * 4 * math.pi * 0.12**2)), rel=1e-12)
    env = Environment.vacuum().without("gravity")
    vrs = Environment(disabled=env.disabled - {"vortex_ring"})
    state = with_rotors(
        initial_state(params, position=(0.0, 0.0, 50.0), velocity=(0.0, 0.0, -1.1 * v_h)), 1000.0
    )
    cmd = MotorCommand.rotor_speed(np.full(4, 1000.0))
    a_clean = step(params, state, cmd, env).velocity[0, 2] + 1.1 * v_h
    a_vrs = step(params, state, cmd, vrs).velocity[0, 2] + 1.1 * v_h
    assert a_vrs / a_clean == pytest.approx(0.75, rel=1e-9)


def test_rotor_drag_opposes_edgewise_airspeed_linearly(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    env = Environment(disabled=frozenset(L.EFFECTS) - {"rotor_drag"})
    cmd = MotorCommand.rotor_speed(np.full(4, 1000.0))
    forces = []
    for speed in (2.0, 4.0):
        state = with_rotors(
            initial_state(params, position=(0.0, 0.0, 50.0), velocity=(speed, 0.0, 0.0)), 1000.0
        )
        after = step(params, state, cmd, env)
        forces.append((after.velocity[0, 0] - speed) / 0.001 * quad.mass)
    # F = -k_d * w * v per rotor, four rotors
    assert forces[0] == pytest.approx(-4 * 1.0e-5 * 1000.0 * 2.0, rel=1e-12)
    assert forces[1] == pytest.approx(2 * forces[0], rel=1e-12)


def test_motor_lag_uses_separate_time_constants(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    env = Environment(disabled=frozenset(L.EFFECTS) - {"motor_dynamics"})
    state = initial_state(params, position=(0.0, 0.0, 50.0))
    up = step(params, state, MotorCommand.rotor_speed(np.full(4, 1000.0)), env, 0.002)
    assert up.rotor_speed[0, 0] == pytest.approx(1000.0 * -math.expm1(-0.002 / 0.03), rel=1e-12)
    high = with_rotors(state, 1000.0)
    down = step(params, high, MotorCommand.stopped(1), env, 0.002)
    assert down.rotor_speed[0, 0] == pytest.approx(1000.0 * math.exp(-0.002 / 0.05), rel=1e-12)


def test_esc_command_maps_to_speed_with_an_idle_floor(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    env = Environment.vacuum()  # no lag, no sag: the rotors sit on their target
    state = initial_state(params, position=(0.0, 0.0, 50.0))
    kv = 1100.0 * 2 * math.pi / 60 * 0.8
    w_max = kv * 4 * 4.20
    idle = step(params, state, MotorCommand.esc(np.zeros(4)), env)
    half = step(params, state, MotorCommand.esc(np.full(4, 0.5)), env)
    capped = step(params, state, MotorCommand.rotor_speed(np.full(4, 1e6)), env)
    np.testing.assert_allclose(idle.rotor_speed, 0.05 * w_max, rtol=1e-12)
    np.testing.assert_allclose(half.rotor_speed, (0.05 + 0.95 * 0.5) * w_max, rtol=1e-12)
    np.testing.assert_allclose(capped.rotor_speed, w_max, rtol=1e-12)


def test_gyroscopic_torque_precesses_a_rolling_drone(quad: Airframe) -> None:
    # unequal spin: net rotor angular momentum h along +z; rolling at p gives -w x h on pitch
    params = Params.from_airframes([quad])
    env = Environment(disabled=frozenset(L.EFFECTS) - {"gyroscopic"})
    x = initial_state(params, position=(0.0, 0.0, 50.0)).x.copy()
    x[0, L.S_RATE] = 2.0
    x[0, L.S_ROTOR : L.S_ROTOR + 4] = (0.0, 1000.0, 1000.0, 0.0)  # the two CCW rotors
    cmd = MotorCommand.rotor_speed([0.0, 1000.0, 1000.0, 0.0])
    after = step(params, State(x), cmd, env)
    h = 2.0e-5 * 2000.0
    assert after.angular_velocity[0, 1] / 0.001 == pytest.approx(2.0 * h / 0.012, rel=1e-12)


def test_integrator_converges_from_half_to_two_milliseconds(quad: Airframe) -> None:
    """A tumbling, drifting flight lands in the same place at 0.5, 1 and 2 ms steps."""
    params = Params.from_airframes([quad])
    env = Environment(wind=(3.0, -1.0, 0.0))
    finals = {}
    for dt in (0.0005, 0.001, 0.002):
        state = initial_state(params, position=(0.0, 0.0, 30.0), yaw=0.3)
        for k in range(round(2.0 / dt)):
            u = [0.55, 0.5, 0.5, 0.45] if k * dt < 1.0 else [0.45, 0.5, 0.52, 0.5]
            state = step(params, state, MotorCommand.esc(u), env, dt)
        assert np.isfinite(state.position).all()
        finals[dt] = state.position[0].copy()
    # first-order method: halving the step halves the error
    err_2 = np.linalg.norm(finals[0.002] - finals[0.0005])
    err_1 = np.linalg.norm(finals[0.001] - finals[0.0005])
    assert err_2 < 0.05
    assert err_1 == pytest.approx(err_2 / 3, rel=0.25)


def test_quaternion_stays_unit_while_spinning_fast(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    x = initial_state(params, position=(0.0, 0.0, 50.0)).x.copy()
    x[0, L.S_RATE : L.S_RATE + 3] = (40.0, -25.0, 60.0)  # beyond any flip rate
    state = State(x)
    for _ in range(5000):
        state = step(params, state, MotorCommand.stopped(1), Environment.vacuum(), 0.002)
    assert np.linalg.norm(state.quaternion[0]) == pytest.approx(1.0, abs=1e-15)


def test_free_tumble_keeps_its_angular_momentum(quad: Airframe) -> None:
    """Torque-free spin of an asymmetric body about an unstable axis: L in the world frame
    stays put (the explicit -w x Jw term would blow up at these rates)."""
    params = Params.from_airframes([quad])
    x = initial_state(params, position=(0.0, 0.0, 50.0)).x.copy()
    x[0, L.S_RATE : L.S_RATE + 3] = (0.5, 60.0, 0.3)  # about the intermediate axis
    state = State(x)
    inertia = np.array(quad.inertia)

    def world_momentum(s: State) -> np.ndarray:
        w, qx, qy, qz = s.quaternion[0]
        rot = np.array([
            [1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - w * qz), 2 * (qx * qz + w * qy)],
            [2 * (qx * qy + w * qz), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - w * qx)],
            [2 * (qx * qz - w * qy), 2 * (qy * qz + w * qx), 1 - 2 * (qx * qx + qy * qy)],
        ])  # fmt: skip
        return rot @ inertia @ s.angular_velocity[0]

    start = world_momentum(state)
    energy0 = state.angular_velocity[0] @ inertia @ state.angular_velocity[0]
    for _ in range(5000):
        state = step(params, state, MotorCommand.stopped(1), Environment.vacuum(), 0.001)
    # the body flips end over end (intermediate-axis instability) ...
    assert np.abs(state.angular_velocity[0, 0]) + np.abs(state.angular_velocity[0, 2]) > 1.0
    # ... while |L| is kept to rounding and its direction and the energy to the step's order
    assert np.linalg.norm(world_momentum(state)) == pytest.approx(np.linalg.norm(start), rel=1e-9)
    np.testing.assert_allclose(world_momentum(state), start, atol=0.01 * np.linalg.norm(start))
    energy = state.angular_velocity[0] @ inertia @ state.angular_velocity[0]
    assert energy == pytest.approx(energy0, rel=1e-3)  # 5e-4 measured; explicit Euler: +20 %


def test_rejects_bad_step_sizes_and_mismatched_batches(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    state = initial_state(params)
    with pytest.raises(ValueError, match=r"dt must be in \(0, 0.004\]"):
        step(params, state, MotorCommand.stopped(1), Environment(), 0.01)
    with pytest.raises(ValueError, match="one row per drone"):
        step(params, state, MotorCommand.stopped(2), Environment())
    with pytest.raises(ValueError, match="pass rng"):
        step(params, state, MotorCommand.stopped(1), Environment(turbulence="light"))
    with pytest.raises(ValueError, match=r"shape \(4,\) or \(N, 4\)"):
        MotorCommand.esc([0.1, 0.2])
    with pytest.raises(ValueError, match="position must be"):
        initial_state(params, position=(1.0, 2.0))


def test_a_strided_or_single_precision_state_is_accepted(quad: Airframe) -> None:
    params = Params.from_airframes([quad, quad])
    state = initial_state(params, position=(0.0, 0.0, 10.0))
    command = MotorCommand.esc(np.full((2, 4), 0.4))
    expected = step(params, state, command, Environment())
    wide = np.zeros((4, L.STATE_SIZE))
    wide[::2] = state.x
    np.testing.assert_array_equal(step(params, State(wide[::2]), command, Environment()).x,
                                  expected.x)  # fmt: skip
    single = State(state.x.astype(np.float32))
    np.testing.assert_allclose(step(params, single, command, Environment()).x, expected.x,
                               rtol=1e-6, atol=1e-6)  # fmt: skip


def test_inputs_are_never_changed(quad: Airframe) -> None:
    params = Params.from_airframes([quad, make_quad(mass=2.0)])
    state = initial_state(params, position=(0.0, 0.0, 10.0))
    before = state.x.copy()
    after = step(params, state, MotorCommand.esc(np.full((2, 4), 0.7)), Environment())
    np.testing.assert_array_equal(state.x, before)
    assert not np.shares_memory(after.x, state.x)
