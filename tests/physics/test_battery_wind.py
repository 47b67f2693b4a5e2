"""Battery sag and depletion, wind, turbulence, gusts, determinism and batching."""

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
    inject_gust,
    step,
)
from dronedojo.physics import layout as L
from dronedojo.physics.battery import OCV_TABLE, cell_voltage

from .conftest import make_quad

G = 9.80665
HOVER = math.sqrt(1.0 * G / (4 * 2.0e-6))  # test quad's hover rotor speed, rad/s


def test_cell_voltage_interpolates_the_lipo_table() -> None:
    assert cell_voltage(1.0) == 4.20
    assert cell_voltage(0.5) == pytest.approx(3.84)
    assert cell_voltage(0.0) == 3.27
    assert cell_voltage(0.525) == pytest.approx((3.84 + 3.85) / 2)
    assert cell_voltage(1.5) == 4.20 and cell_voltage(-1.0) == 3.27


def test_voltage_sags_by_current_times_resistance(quad: Airframe) -> None:
    params = Params.from_airframes([quad])
    x = initial_state(params, position=(0.0, 0.0, 50.0), state_of_charge=0.8).x.copy()
    x[0, L.S_ROTOR : L.S_ROTOR + 4] = HOVER
    after = step(params, State(x), MotorCommand.rotor_speed(np.full(4, HOVER)), Environment())
    shaft = 4 * 3.0e-8 * HOVER**3
    ocv = 4 * cell_voltage(0.8)
    assert after.current[0] == pytest.approx(shaft / (0.75 * after.voltage[0]) + 0.5, rel=1e-12)
    assert after.voltage[0] == pytest.approx(ocv - 0.04 * after.current[0], rel=1e-12)
    assert after.current[0] == pytest.approx(14.51, abs=0.01)  # 163 W of shaft power at 15 V


def test_hover_endurance_follows_capacity_and_hover_power() -> None:
    """Hover on a 300 mAh pack until half empty; compare with the battery ODE integrated
    independently: t = C * integral of dsoc / I(soc), I from the shaft power at hover."""
    quad = make_quad(capacity_mah=300.0)
    params = Params.from_airframes([quad])
    x = initial_state(params, position=(0.0, 0.0, 50.0)).x.copy()
    x[0, L.S_ROTOR : L.S_ROTOR + 4] = HOVER
    state = State(x)
    cmd = MotorCommand.rotor_speed(np.full(4, HOVER))
    env = Environment().without("ground_effect")
    dt, t = 0.004, 0.0
    while state.state_of_charge[0] > 0.5:
        state = step(params, state, cmd, env, dt)
        t += dt
    assert abs(state.position[0, 2] - 50.0) < 1e-6  # it hovered all along

    power = 4 * 3.0e-8 * HOVER**3 / 0.75
    soc = np.linspace(0.5, 1.0, 20001)
    ocv = 4 * np.interp(soc, np.linspace(0, 1, 21), OCV_TABLE) - 0.04 * 0.5
    volt = (ocv + np.sqrt(ocv**2 - 4 * 0.04 * power)) / 2
    current = power / volt + 0.5
    inv = 1.0 / current
    expected = 300.0 * 3.6 * float(np.sum((inv[1:] + inv[:-1]) / 2 * np.diff(soc)))
    assert expected == pytest.approx(36.96, abs=0.01)  # seconds: 0.15 Ah at about 14.6 A
    assert t == pytest.approx(expected, rel=2e-3)


def test_thrust_falls_as_the_battery_empties(quad: Airframe) -> None:
    params = Params.from_airframes([quad, quad])
    state = initial_state(params, position=(0.0, 0.0, 50.0), state_of_charge=[1.0, 0.1])
    env = Environment(disabled=frozenset({"motor_dynamics"}))
    for _ in range(3):
        state = step(params, state, MotorCommand.esc(np.ones((2, 4))), env)
    full, low = state.rotor_speed[:, 0]
    assert low / full == pytest.approx(state.voltage[1] / state.voltage[0], rel=1e-2)
    assert low < 0.9 * full


def still_air_probe(n: int) -> tuple[Params, State, Environment]:
    """N drones that feel no force from the wind: the wind process can be read undisturbed."""
    quad = make_quad()
    params = Params.from_airframes([quad] * n)
    state = initial_state(params, position=(0.0, 0.0, 30.0))
    env = Environment(
        wind=(5.0, 0.0, 0.0),
        turbulence="moderate",
        disabled=frozenset({"gravity", "body_drag", "rotor_drag", "vortex_ring"}),
    )
    return params, state, env


def test_dryden_turbulence_has_the_low_altitude_intensities() -> None:
    params, state, env = still_air_probe(256)
    rng = np.random.default_rng(42)
    samples = []
    for k in range(50000):
        state = step(params, state, MotorCommand.stopped(256), env, 0.004, rng)
        if k % 250 == 0:
            samples.append(state.wind.copy())
    wind = np.array(samples)  # (time, drone, axis)
    # MIL-F-8785C at h = 30 m = 98.4 ft, W20 = 30 kt
    h = 30.0 / 0.3048
    sigma_w = 0.1 * 30 * 0.514444
    sigma_u = sigma_w / (0.177 + 0.000823 * h) ** 0.4
    assert sigma_u == pytest.approx(2.6534, abs=1e-4)
    assert np.mean(wind[..., 0]) == pytest.approx(5.0, abs=0.15)
    assert np.std(wind[..., 0]) == pytest.approx(sigma_u, rel=0.05)
    assert np.std(wind[..., 1]) == pytest.approx(sigma_u, rel=0.05)
    assert np.std(wind[..., 2]) == pytest.approx(sigma_w, rel=0.05)


def test_an_injected_gust_follows_the_one_minus_cosine_shape() -> None:
    params, state, env = still_air_probe(1)
    env = Environment(wind=(2.0, 0.0, 0.0), disabled=env.disabled)
    state = inject_gust(state, [0], start=0.5, duration=2.0, peak=(0.0, 6.0, 0.0))
    winds = []
    for _ in range(3000):
        state = step(params, state, MotorCommand.stopped(1), env, 0.001)
        winds.append(state.wind[0].copy())
    w = np.array(winds)  # w[k] is the wind during step k, at t = k ms
    assert w[499, 1] == 0.0 and w[500, 1] == 0.0
    assert w[1500, 1] == pytest.approx(6.0, rel=1e-12)  # the peak, half-way through
    assert w[1000, 1] == pytest.approx(3.0, rel=1e-9)
    assert w[2500, 1] == 0.0
    np.testing.assert_allclose(w[:, 0], 2.0)


def test_random_gusts_arrive_at_their_rate() -> None:
    params, state, env = still_air_probe(64)
    env = Environment(gust_rate=0.1, gust_speed=8.0, gust_duration=2.0, disabled=env.disabled)
    rng = np.random.default_rng(3)
    starts = 0
    previous = state.x[:, L.S_GUST_T0].copy()
    peak = 0.0
    for _ in range(25000):
        state = step(params, state, MotorCommand.stopped(64), env, 0.004, rng)
        starts += int(np.sum(state.x[:, L.S_GUST_T0] != previous))
        previous = state.x[:, L.S_GUST_T0].copy()
        peak = max(peak, float(np.max(np.linalg.norm(state.wind, axis=1))))
    # 64 drones x 100 s at 0.1 gusts/s while no gust is blowing (a gust lasts 2 s on average)
    expected = 64 * 100 * 0.1 / (1 + 0.1 * 2.0)
    assert starts == pytest.approx(expected, rel=0.1)
    assert 4.0 <= peak <= 8.0


def run_seeded(seed: int, params: Params, env: Environment) -> np.ndarray:
    state = initial_state(params, position=(0.0, 0.0, 10.0))
    rng = np.random.default_rng(seed)
    command = MotorCommand.esc(np.full((params.n, 4), 0.45))
    for _ in range(1500):
        state = step(params, state, command, env, 0.001, rng)
    return state.x


def test_the_same_seed_gives_the_identical_trajectory(quad: Airframe) -> None:
    params = Params.from_airframes([quad, make_quad(mass=1.3)])
    env = Environment(wind=(4.0, 1.0, 0.0), turbulence="severe", gust_rate=1.0, gust_speed=5.0)
    first = run_seeded(11, params, env)
    np.testing.assert_array_equal(first, run_seeded(11, params, env))
    assert not np.array_equal(first[:, :3], run_seeded(12, params, env)[:, :3])


def test_drones_of_different_airframes_stepped_together_match_each_alone() -> None:
    a, b = make_quad(), make_quad(mass=0.7, arm_x=0.1, cells=3, inertia=(
        (0.006, 0.0001, 0.0), (0.0001, 0.007, 0.0), (0.0, 0.0, 0.012)))  # fmt: skip
    together = Params.from_airframes([a, b, a])
    env = Environment(wind=(3.0, 0.0, 0.0))
    start = initial_state(together, position=[(0, 0, 5), (2, 0, 0.1), (4, 0, 20)], yaw=[0, 1, 2])
    cmds = np.array([[0.5, 0.52, 0.48, 0.5], [0.7, 0.7, 0.7, 0.7], [0.3, 0.2, 0.25, 0.3]])
    batch = start
    for _ in range(1500):
        batch = step(together, batch, MotorCommand.esc(cmds), env)
    for i, airframe in enumerate([a, b, a]):
        alone_params = Params.from_airframes([airframe])
        alone = State(start.x[i : i + 1].copy())
        for _ in range(1500):
            alone = step(alone_params, alone, MotorCommand.esc(cmds[i]), env)
        np.testing.assert_array_equal(alone.x[0], batch.x[i])
