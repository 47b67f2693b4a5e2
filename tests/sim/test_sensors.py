"""Sensor models: what the flight controller reads instead of the physics' truth.

Statistical checks use fixed seeds and tolerances of three standard errors derived from the
sample size and the known kurtosis of the sensor's normal deviates (sums of four uniforms).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from dronedojo.fc import layout as R
from dronedojo.physics import Environment, MotorCommand, Params, State, airframes, step
from dronedojo.physics import initial_state as physics_initial_state
from dronedojo.physics import layout as L
from dronedojo.sim import rng as streams
from dronedojo.sim.sensors import (
    CONFIG_SIZE,
    SC_GPS_RATE,
    SC_GYRO_DENSITY,
    SC_HEADING_TAU,
    SLOW_PERIOD,
    SensorConfig,
    SensorParams,
    SensorState,
    init_sensors,
    read_into,
    read_sensors,
)

DT = 0.001
G = 9.80665
KURT_IMU = 3.0 + streams.excess_kurtosis(16)  # kurtosis of the 1 kHz IMU deviates
KURT_BYTE = 3.0 + streams.excess_kurtosis(256)  # of the deviates drawn at creation


def airframe_params(n: int) -> Params:
    return Params.from_airframes([airframes.get("camera-sub250")] * n)


def hovering(n: int, yaw: float = 0.0) -> State:
    """N drones at 20 m, at rest in the air (the sensors only read the state)."""
    return physics_initial_state(airframe_params(n), position=(1.0, 2.0, 20.0), yaw=yaw)


def later(state: State, dt: float = DT, velocity_change: tuple[float, ...] = (0, 0, 0)) -> State:
    """The same drones ``dt`` later, their velocity changed by ``velocity_change``."""
    x = state.x.copy()
    x[:, L.S_TIME] += dt
    x[:, L.S_VEL : L.S_VEL + 3] += velocity_change
    return State(x)


def sensors(
    configs: list[SensorConfig], physics: State, seed: int = 1, env: Environment | None = None
) -> tuple[SensorParams, SensorState]:
    params = SensorParams.from_configs(configs, DT, env)
    return params, init_sensors(params, physics, np.random.default_rng(seed))


def fly(
    params: SensorParams, state: SensorState, physics: State, steps: int
) -> tuple[np.ndarray, SensorState, State]:
    """``steps`` readings of drones holding still while time runs: (steps, N, READINGS_SIZE)."""
    out = np.empty((steps, physics.n, R.READINGS_SIZE))
    for k in range(steps):
        physics = later(physics)
        out[k], state = read_sensors(params, state, physics)
    return out, state, physics


def yaw_of(q: np.ndarray) -> np.ndarray:
    w, x, y, z = np.moveaxis(q, -1, 0)
    return np.arctan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z))


def roll_pitch_of(q: np.ndarray) -> np.ndarray:
    w, x, y, z = np.moveaxis(q, -1, 0)
    roll = np.arctan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y))
    pitch = np.arcsin(np.clip(2 * (w * y - z * x), -1, 1))
    return np.stack([roll, pitch], axis=-1)


def wrap(a: np.ndarray) -> np.ndarray:
    return (a + math.pi) % (2 * math.pi) - math.pi


def rotation(q: np.ndarray) -> np.ndarray:
    """Body-to-world rotation matrices of quaternions (..., 4) -> (..., 3, 3)."""
    w, x, y, z = np.moveaxis(q, -1, 0)
    return np.stack(
        [
            np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)], -1),
            np.stack([2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)], -1),
            np.stack([2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)], -1),
        ],
        -2,
    )


def sigma_tolerance(sigma: float, n: int, kurtosis: float) -> float:
    """Three standard errors of a root-mean-square estimate of sigma from n zero-mean samples."""
    return 3.0 * sigma * math.sqrt((kurtosis - 1.0) / (4.0 * n))


# --- configuration -----------------------------------------------------------------------------
def test_config_row_follows_the_layout() -> None:
    config = SensorConfig(gyro_noise_density=1e-4, gps_rate_hz=5.0, heading_tau=42.0)
    row = config.to_row()
    assert row.shape == (CONFIG_SIZE,)
    assert row[SC_GYRO_DENSITY] == 1e-4
    assert row[SC_GPS_RATE] == 5.0
    assert row[SC_HEADING_TAU] == 42.0
    assert SensorConfig(*row) == config


def test_presets() -> None:
    assert SensorConfig.camera() == SensorConfig()
    assert SensorConfig.camera().gps_rate_hz == 10.0
    assert SensorConfig.fpv().gps_rate_hz == 0.0
    ideal = SensorConfig.ideal()
    assert ideal.gyro_noise_density == ideal.gps_sigma_h == ideal.volt_sigma == 0.0
    assert ideal.gps_rate_hz == 10.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"gyro_noise_density": -1.0}, "gyro_noise_density"),
        ({"baro_noise_sigma": math.nan}, "baro_noise_sigma"),
        ({"tilt_tau": 0.0}, "tilt_tau"),
        ({"gps_dropout_duration": 0.0}, "gps_dropout_duration"),
        ({"gps_rate_hz": 200.0}, "100 Hz"),
    ],
)
def test_config_refuses_bad_values(change: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SensorConfig(**change)


def test_params_and_state_refuse_mismatches() -> None:
    with pytest.raises(ValueError, match="shape"):
        SensorParams.from_rows(np.zeros((2, CONFIG_SIZE - 1)))
    with pytest.raises(ValueError, match="dt"):
        SensorParams.from_configs([SensorConfig()], dt=0.01)
    params = SensorParams.from_configs([SensorConfig()] * 2)
    with pytest.raises(ValueError, match="2 drones"):
        init_sensors(params, hovering(3), np.random.default_rng(0))
    state = init_sensors(params, hovering(2), np.random.default_rng(0))
    with pytest.raises(ValueError, match="same drones"):
        read_sensors(params, state, hovering(3))


# --- truth without noise -----------------------------------------------------------------------
def test_ideal_sensors_read_the_truth_in_flight() -> None:
    """Zero noise: every reading is the physics' truth, along a real manoeuvring flight."""
    n = 2
    params_phys = airframe_params(n)
    physics = physics_initial_state(params_phys, position=(3.0, -4.0, 10.0), yaw=(0.3, -2.0))
    params, state = sensors([SensorConfig.ideal()] * n, physics)
    command = MotorCommand.esc(np.array([[0.55, 0.45, 0.5, 0.52], [0.6, 0.62, 0.58, 0.4]]))
    env = Environment()
    z0 = physics.position[:, 2].copy()
    for k in range(300):
        before = physics
        physics = step(params_phys, physics, command, env, DT)
        out, state = read_sensors(params, state, physics)
        assert np.array_equal(out[:, R.R_GYRO : R.R_GYRO + 3], physics.angular_velocity)
        accel = (physics.velocity - before.velocity) / DT + np.array([0.0, 0.0, G])
        body = np.einsum("nji,nj->ni", rotation(physics.quaternion), accel)
        np.testing.assert_allclose(out[:, R.R_ACCEL : R.R_ACCEL + 3], body, rtol=0, atol=1e-9)
        np.testing.assert_allclose(
            out[:, R.R_QUAT : R.R_QUAT + 4], physics.quaternion, rtol=0, atol=1e-15
        )
        assert np.array_equal(out[:, R.R_BARO], physics.position[:, 2] - z0)
        assert np.array_equal(out[:, R.R_VOLT], physics.voltage)
        assert np.array_equal(out[:, R.R_CURRENT], physics.current)
        assert np.array_equal(out[:, R.R_TIME], physics.time)
        assert np.array_equal(out[:, R.R_CRASH], physics.x[:, L.S_CRASHED])
        assert np.all(out[:, R.R_GPS_FIX] == 1.0)
        if k == 0 or (k + 1) % 100 == 0:  # GPS samples: the first reading, then t = 0.1 s...
            assert np.all(out[:, R.R_GPS_NEW] == 1.0)
            assert np.array_equal(out[:, R.R_GPS_POS : R.R_GPS_POS + 3], physics.position)
            assert np.array_equal(out[:, R.R_GPS_VEL : R.R_GPS_VEL + 3], physics.velocity)
        else:
            assert np.all(out[:, R.R_GPS_NEW] == 0.0)
    assert np.ptp(physics.angular_velocity) > 0.1  # it did manoeuvre


def test_accelerometer_reads_plus_g_at_rest_on_the_ground() -> None:
    params_phys = airframe_params(2)
    physics = physics_initial_state(params_phys, yaw=(0.0, 1.0))  # standing on its feet
    params, state = sensors([SensorConfig.ideal()] * 2, physics)
    stopped = MotorCommand(np.zeros((2, L.COMMAND_SIZE)))
    for _ in range(2000):  # settle on the contact springs
        physics = step(params_phys, physics, stopped, Environment(), DT)
        out, state = read_sensors(params, state, physics)
    np.testing.assert_allclose(out[:, R.R_ACCEL : R.R_ACCEL + 3], [[0, 0, G]] * 2, atol=1e-6)


def test_accelerometer_reads_zero_in_free_fall() -> None:
    params_phys = airframe_params(1)
    physics = physics_initial_state(params_phys, position=(0.0, 0.0, 50.0))
    env = Environment.vacuum()  # gravity only: no drag
    params, state = sensors([SensorConfig.ideal()], physics, env=env)
    stopped = MotorCommand(np.zeros((1, L.COMMAND_SIZE)))
    for _ in range(500):
        physics = step(params_phys, physics, stopped, env, DT)
        out, state = read_sensors(params, state, physics)
        np.testing.assert_allclose(out[0, R.R_ACCEL : R.R_ACCEL + 3], 0.0, atol=1e-9)
    assert physics.velocity[0, 2] == pytest.approx(-G * 0.5, rel=1e-9)


def test_accelerometer_reads_a_known_acceleration_in_the_body_frame() -> None:
    """Accelerating at (2, -1, 3) m/s^2 while yawed 90 degrees: specific force (2, -1, 3 + g)
    in the world is (-1, -2, 3 + g) in the body (x forward = world north)."""
    physics = hovering(1, yaw=math.pi / 2)
    params, state = sensors([SensorConfig.ideal()], physics)
    a = np.array([2.0, -1.0, 3.0])
    for _ in range(20):
        physics = later(physics, velocity_change=tuple(a * DT))
        out, state = read_sensors(params, state, physics)
        expected = [-1.0, -2.0, 3.0 + G]
        np.testing.assert_allclose(out[0, R.R_ACCEL : R.R_ACCEL + 3], expected, atol=1e-9)


# --- noise statistics --------------------------------------------------------------------------
def test_imu_noise_has_the_configured_sigma_and_a_constant_bias() -> None:
    n, steps = 100, 1000  # 100k samples per axis
    physics = hovering(n)
    x = physics.x.copy()
    x[:, L.S_RATE : L.S_RATE + 3] = (0.1, -0.2, 0.3)
    physics = State(x)
    config = SensorConfig()
    params, state = sensors([config] * n, physics)
    gyro_bias, accel_bias = state.gyro_bias, state.accel_bias
    out, state, _ = fly(params, state, physics, steps)
    assert np.array_equal(state.gyro_bias, gyro_bias)  # constant
    assert np.array_equal(state.accel_bias, accel_bias)

    gyro = out[:, :, R.R_GYRO : R.R_GYRO + 3] - (0.1, -0.2, 0.3) - gyro_bias
    accel = out[:, :, R.R_ACCEL : R.R_ACCEL + 3] - (0.0, 0.0, G) - accel_bias
    for noise, density in ((gyro, config.gyro_noise_density), (accel, config.accel_noise_density)):
        sigma = density / math.sqrt(DT)
        samples = noise.reshape(-1, 3)
        for axis in range(3):
            estimate = math.sqrt(np.mean(samples[:, axis] ** 2))
            assert abs(estimate - sigma) < sigma_tolerance(sigma, len(samples), KURT_IMU)
            assert abs(np.mean(samples[:, axis])) < 3 * sigma / math.sqrt(len(samples))
    # the biases: per drone, the mean error over time is its bias (to 4 standard errors) ...
    sigma = config.gyro_noise_density / math.sqrt(DT)
    assert np.max(np.abs(gyro.mean(axis=0))) < 4 * sigma / math.sqrt(steps)
    # ... and across drones they have the configured spread
    biases = gyro_bias.ravel()
    estimate = math.sqrt(np.mean(biases**2))
    tolerance = sigma_tolerance(config.gyro_bias_sigma, len(biases), KURT_BYTE)
    assert abs(estimate - config.gyro_bias_sigma) < tolerance


def test_attitude_errors_start_from_their_stationary_spread() -> None:
    n = 4000
    config = SensorConfig()
    _, state = sensors([config] * n, hovering(n))
    tilt = state.tilt_error.ravel()
    assert abs(math.sqrt(np.mean(tilt**2)) - config.tilt_sigma) < sigma_tolerance(
        config.tilt_sigma, tilt.size, KURT_BYTE
    )
    heading = state.heading_error
    assert abs(math.sqrt(np.mean(heading**2)) - config.heading_sigma) < sigma_tolerance(
        config.heading_sigma, n, KURT_BYTE
    )


def test_attitude_estimate_stays_unit_norm_and_close_to_the_truth() -> None:
    n = 64
    physics = hovering(n, yaw=np.linspace(-3.0, 3.0, n))
    params, state = sensors([SensorConfig.fpv()] * n, physics)
    state = state.with_faults(heading_offset=np.linspace(-20.0, 20.0, n))
    out, _, _ = fly(params, state, physics, 50)
    q = out[:, :, R.R_QUAT : R.R_QUAT + 4]
    np.testing.assert_allclose(np.linalg.norm(q, axis=-1), 1.0, rtol=0, atol=1e-14)
    tilt = roll_pitch_of(q)  # the truth is level: what shows is the tilt error
    assert np.max(np.abs(tilt)) < 5.0 * SensorConfig.fpv().tilt_sigma


def test_heading_offset_is_added_to_the_yaw_of_the_estimate_exactly() -> None:
    n = 8
    physics = hovering(n, yaw=np.linspace(-3.0, 3.0, n))
    offsets = np.array([0.3, -0.3, 1.0, math.pi, -2.5, 4.0, 10.0, 0.0])
    for config in (SensorConfig.ideal(), SensorConfig.camera()):
        params, state = sensors([config] * n, physics, seed=5)
        plain, _, _ = fly(params, state, physics, 30)
        faulty, _, _ = fly(params, state.with_faults(heading_offset=offsets), physics, 30)
        yaw_plain = yaw_of(plain[:, :, R.R_QUAT : R.R_QUAT + 4])
        yaw_faulty = yaw_of(faulty[:, :, R.R_QUAT : R.R_QUAT + 4])
        np.testing.assert_allclose(wrap(yaw_faulty - yaw_plain - offsets), 0.0, atol=1e-12)
        if config == SensorConfig.ideal():
            np.testing.assert_allclose(
                wrap(yaw_faulty - physics.euler()[:, 2] - offsets), 0.0, atol=1e-12
            )
        # only the heading moved: the rest of the reading is the same
        same = np.r_[R.R_GYRO : R.R_QUAT, R.R_BARO : R.READINGS_SIZE]
        assert np.array_equal(plain[:, :, same], faulty[:, :, same])


def test_with_faults_returns_a_copy() -> None:
    _, state = sensors([SensorConfig()] * 3, hovering(3))
    faulty = state.with_faults(drones=[1], gps_denied=True, heading_offset=0.5)
    assert state.gps_denied.tolist() == [False, False, False]
    assert faulty.gps_denied.tolist() == [False, True, False]
    assert faulty.heading_offset.tolist() == [0.0, 0.5, 0.0]
    assert state.heading_offset.tolist() == [0.0, 0.0, 0.0]


# --- barometer, battery ------------------------------------------------------------------------
def test_barometer_is_height_above_the_start_with_held_noise() -> None:
    n = 200
    physics = hovering(n)
    config = SensorConfig(baro_drift_sigma=0.0)
    params, state = sensors([config] * n, physics)
    assert np.array_equal(state.baro_reference, physics.position[:, 2])
    out, _, _ = fly(params, state, physics, 1000)
    baro = out[:, :, R.R_BARO]  # the truth: 0 above the start height
    # updates: the first reading (t = 1 ms), then every 10 ms from t = 10 ms (reading 9)
    every = round(SLOW_PERIOD / DT)
    held = baro[every - 1 : -1].reshape(-1, every, n)
    assert np.array_equal(held, np.broadcast_to(held[:, :1], held.shape))
    # a new sample with each update: equal to the last only as often as two deviates tie
    pmf = np.ones(1)
    for _ in range(4):
        pmf = np.convolve(pmf, np.full(16, 1 / 16))  # the deviates sum four uniform nibbles
    ties, count = float(np.sum(pmf**2)), held[1:, 0].size
    observed = float(np.mean(held[1:, 0] == held[:-1, 0]))
    assert abs(observed - ties) < 4 * math.sqrt(ties * (1 - ties) / count)
    samples = held[:, 0].ravel()
    estimate = math.sqrt(np.mean(samples**2))
    sigma = config.baro_noise_sigma
    assert abs(estimate - sigma) < sigma_tolerance(sigma, samples.size, KURT_IMU)


def test_battery_readings_are_truth_plus_small_noise() -> None:
    physics = hovering(50)
    config = SensorConfig()
    params, state = sensors([config] * 50, physics)
    out, _, _ = fly(params, state, physics, 100)
    volt_error = out[:, :, R.R_VOLT] - physics.voltage
    assert 0.0 < np.std(volt_error) < 2 * config.volt_sigma
    current_error = out[:, :, R.R_CURRENT] - physics.current
    assert 0.0 < np.std(current_error) < 2 * config.current_sigma


# --- GPS ----------------------------------------------------------------------------------------
def test_gps_samples_at_10_hz_and_holds_them() -> None:
    n = 3
    physics = hovering(n)
    params, state = sensors([SensorConfig()] * n, physics)
    out, _, _ = fly(params, state, physics, 2000)
    new = out[:, :, R.R_GPS_NEW]
    times = out[:, 0, R.R_TIME]
    window = (times > 0.55) & (times <= 1.55)
    assert np.all(new[window].sum(axis=0) == 10)
    for drone in range(n):
        ticks = np.flatnonzero(new[:, drone])
        # the first reading (t = 1 ms) brings a sample; then the 0.1 s grid from t = 0
        assert ticks[0] == 0
        assert np.all(np.diff(ticks[1:]) == 100)
        np.testing.assert_allclose(times[ticks[1:]], 0.1 * np.arange(1, len(ticks)), atol=1e-9)
        gps = out[:, drone, R.R_GPS_POS : R.R_GPS_NEW]
        for a, b in itertools.pairwise(ticks):
            assert np.array_equal(gps[a:b], np.broadcast_to(gps[a], (b - a, gps.shape[1])))
            assert not np.array_equal(gps[b, :6], gps[a, :6])  # new noise with each sample
    assert np.all(out[:, :, R.R_GPS_FIX] == 1.0)


def test_gps_position_error_and_velocity_noise() -> None:
    n = 2000
    physics = hovering(n)
    config = SensorConfig()
    params, state = sensors([config] * n, physics)
    out, _, _ = fly(params, state, physics, 1)  # the first reading brings a sample
    error = out[0, :, R.R_GPS_POS : R.R_GPS_POS + 3] - physics.position
    total_h = math.hypot(config.gps_sigma_h, config.gps_white_sigma)
    total_v = math.hypot(config.gps_sigma_v, config.gps_white_sigma)
    for axis, sigma in ((0, total_h), (1, total_h), (2, total_v)):
        estimate = math.sqrt(np.mean(error[:, axis] ** 2))
        assert abs(estimate - sigma) < sigma_tolerance(sigma, n, 3.0)  # a sum: near Gaussian
    velocity = out[0, :, R.R_GPS_VEL : R.R_GPS_VEL + 3].ravel()
    sigma = config.gps_vel_sigma
    assert abs(math.sqrt(np.mean(velocity**2)) - sigma) < sigma_tolerance(sigma, 3 * n, KURT_BYTE)


def test_gps_denied_holds_the_last_sample_without_fix_then_recovers() -> None:
    physics = hovering(2)
    params, state = sensors([SensorConfig()] * 2, physics)
    before, state, physics = fly(params, state, physics, 150)
    last = before[-1, 0, R.R_GPS_POS : R.R_GPS_FIX].copy()
    state = state.with_faults(drones=[0], gps_denied=True)
    moved = physics.x.copy()  # the drone moves on: the held sample must not
    moved[:, L.S_POS] += 5.0
    physics = State(moved)
    denied, state, physics = fly(params, state, physics, 1000)
    assert np.all(denied[:, 0, R.R_GPS_FIX] == 0.0)
    assert np.all(denied[:, 0, R.R_GPS_NEW] == 0.0)
    assert np.array_equal(denied[:, 0, R.R_GPS_POS : R.R_GPS_FIX], np.broadcast_to(last, (1000, 6)))
    assert np.all(denied[:, 1, R.R_GPS_FIX] == 1.0)  # the other drone is unaffected
    assert denied[:, 1, R.R_GPS_NEW].sum() == 10
    state = state.with_faults(drones=[0], gps_denied=False)
    after, _, _ = fly(params, state, physics, 100)
    first = int(np.flatnonzero(after[:, 0, R.R_GPS_NEW])[0])
    assert np.all(after[:first, 0, R.R_GPS_FIX] == 0.0)
    assert np.all(after[first:, 0, R.R_GPS_FIX] == 1.0)
    assert abs(after[first, 0, R.R_GPS_POS] - physics.position[0, 0]) < 5.0  # a fresh sample


def test_random_gps_dropouts_have_the_configured_rate_and_length() -> None:
    """Fraction of readings without fix against the renewal-process expectation."""
    n, seconds = 100, 60
    rate, duration = 360.0, 1.0  # per hour, s
    physics = hovering(n)
    config = SensorConfig(gps_dropout_per_hour=rate, gps_dropout_duration=duration)
    params = SensorParams.from_configs([config] * n)
    state = init_sensors(params, physics, np.random.default_rng(3))
    out = np.empty((n, R.READINGS_SIZE))
    x = physics.x.copy()
    fix = np.zeros(n)
    for _ in range(seconds * 1000):
        x[:, L.S_TIME] += DT
        read_into(params, state, x, out)
        fix += out[:, R.R_GPS_FIX]
    lost = 1.0 - fix.sum() / (n * seconds * 1000)
    # up: a geometric number of 0.1 s samples with fix; down: D rounded up to the next sample
    p = -math.expm1(-rate / 3600.0 * 0.1)
    up, up_sd = 0.1 * (1.0 - p) / p, 0.1 * math.sqrt(1.0 - p) / p
    down, down_sd = duration + 0.05, math.hypot(duration, 0.1 / math.sqrt(12.0))
    cycle = up + down
    expected = down / cycle
    # alternating renewal process: variance of the fraction of time down over total time T
    total = n * seconds
    error = math.sqrt((up**2 * down_sd**2 + down**2 * up_sd**2) / (cycle**3 * total))
    assert abs(lost - expected) < 4.0 * error
    assert 0.0 < lost < 0.2


def test_fpv_has_no_gps() -> None:
    physics = hovering(2)
    params, state = sensors([SensorConfig.fpv()] * 2, physics)
    out, _, _ = fly(params, state, physics, 300)
    assert np.all(out[:, :, R.R_GPS_FIX] == 0.0)
    assert np.all(out[:, :, R.R_GPS_NEW] == 0.0)
    assert np.all(out[:, :, R.R_GPS_POS : R.R_GPS_FIX] == 0.0)


# --- determinism and independence --------------------------------------------------------------
def test_same_seed_same_readings_other_seed_other_readings() -> None:
    physics = hovering(5)
    a, _, _ = fly(*sensors([SensorConfig()] * 5, physics, seed=11), physics, 200)
    b, _, _ = fly(*sensors([SensorConfig()] * 5, physics, seed=11), physics, 200)
    c, _, _ = fly(*sensors([SensorConfig()] * 5, physics, seed=12), physics, 200)
    assert np.array_equal(a, b)
    assert np.mean(a[:, :, R.R_GYRO] == c[:, :, R.R_GYRO]) < 0.01


def test_a_drones_readings_do_not_depend_on_the_batch() -> None:
    """Drone 0 alone, in a batch of 64 (one full block) and in a batch of 100 (a partial
    second block): identical readings, bit for bit; so are drones 0-63 of 64 and of 100."""
    runs = {}
    for n in (1, 64, 100):
        physics = hovering(n)
        runs[n], _, _ = fly(*sensors([SensorConfig()] * n, physics, seed=21), physics, 250)
    assert np.array_equal(runs[1][:, 0], runs[64][:, 0])
    assert np.array_equal(runs[64], runs[100][:, :64])


def test_drones_get_independent_streams() -> None:
    n, steps = 2, 50_000
    physics = hovering(n)
    params, state = sensors([SensorConfig()] * n, physics)
    out = np.empty((steps, n, R.READINGS_SIZE))
    x = physics.x.copy()
    for k in range(steps):
        x[:, L.S_TIME] += DT
        read_into(params, state, x, out[k])
    noise = out[:, :, R.R_GYRO : R.R_GYRO + 3]
    noise = noise - noise.mean(axis=0)
    for axis in range(3):
        a, b = noise[:, 0, axis], noise[:, 1, axis]
        rho = float(np.mean(a * b) / (a.std() * b.std()))
        assert abs(rho) < 3.0 / math.sqrt(steps)  # across drones
        lag = float(np.mean(a[1:] * a[:-1]) / a.var())
        assert abs(lag) < 3.0 / math.sqrt(steps)  # and from one reading to the next
    assert not np.array_equal(state.gyro_bias[0], state.gyro_bias[1])


def test_read_into_matches_the_pure_form_and_leaves_inputs_alone() -> None:
    physics = later(hovering(3))
    params, state = sensors([SensorConfig()] * 3, physics)
    x0, rng0 = state.x.copy(), state.rng.copy()
    pure, new = read_sensors(params, state, physics)
    assert np.array_equal(state.x, x0)
    assert np.array_equal(state.rng, rng0)
    out = np.empty((3, R.READINGS_SIZE))
    read_into(params, state, physics.x, out)
    assert np.array_equal(out, pure)
    assert np.array_equal(state.x, new.x)
    assert np.array_equal(state.rng, new.rng)
