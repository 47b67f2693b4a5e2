"""What the flight controller sees instead of the truth: batched, compiled sensor models.

From the physics state of N drones, :func:`read_into` writes the readings the controller
consumes (layout ``R_*`` in :mod:`dronedojo.fc.layout`), once per physics step.

Every reading (1 kHz at the default physics rate):

- gyro: true body rates + a constant bias per drone + white noise;
- accelerometer: specific force in the body frame + a constant bias + white noise. The true
  acceleration is the velocity change since the previous reading over ``dt`` (the previous
  velocity is kept in the sensor state): with the physics' semi-implicit Euler step this is
  exactly the acceleration the step applied, contacts included. So read once per physics
  step, at the ``dt`` the params were built for. Level at rest it reads +g along body z; in
  free fall, 0;
- attitude (R_QUAT): the output of an AHRS, not an AHRS: the true attitude turned by the
  held estimate error (below), so it follows the truth every step; unit norm.

Sample-and-hold parts, updated every ``SLOW_PERIOD`` (10 ms) of each drone's own time:

- attitude-estimate error: a tilt error about world x and y (first-order Gauss-Markov each)
  and a heading error about world z: the compass fault offset (it shows at once) + a
  Gauss-Markov wander;
- barometer: height above the reference (the drone's height when the sensors were created:
  flight controllers zero the baro at power-on) + white noise + a Gauss-Markov drift;
- battery voltage and current: truth + ADC noise (the noise is held, the truth is not);
- GPS: a sample every 1/rate s from the first reading on, on the 10 ms grid (R_GPS_NEW = 1 on
  that reading, the sample held in between): position + Gauss-Markov error (advanced per
  sample) + white noise, velocity + white noise. Random dropouts (Poisson, checked at each
  sample, exponential durations) and the ``gps_denied`` fault give R_GPS_FIX = 0 with the last
  sample held; the fault shows at once, and the fix returns with the first sample after it
  clears.

R_CRASH and R_TIME are the physics' crash flag and time.

Randomness: each drone has its own xoroshiro128++ stream, seeded once from the caller's
Generator by :func:`init_sensors` (see :mod:`dronedojo.sim.rng` for why, and for the normal
deviates, sums of four uniforms: bounded, exact variance). Same seed, same readings; a drone's
readings depend only on its own seed words and physics, never on N or its neighbours.

Layout for speed: the sensor state and parameters are stored in blocks of ``LANES`` drones,
field-major inside a block (row ``block``, column ``field * LANES + lane``; padding lanes of
the last block are inert). Per block, the physics fields are transposed into a scratch
vector, the per-reading work runs as one branch-free loop over all LANES lanes (AVX2 code,
four drones per instruction, the same instructions for every drone whatever N is), and the
readings are transposed out. The 10 ms updates run the same way, only on the readings where a
lane of the block is due; GPS samples run as a scalar loop over the due lanes. Blocks are
independent: a caller may read a range of blocks at a time (rows ``b0 * LANES`` to
``b1 * LANES`` of the physics state and readings with rows ``b0:b1`` of the blocked arrays),
e.g. to keep a cache-sized chunk of drones hot through physics, sensors and controller.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dronedojo.fc.layout import (
    R_ACCEL,
    R_BARO,
    R_CRASH,
    R_CURRENT,
    R_GPS_FIX,
    R_GPS_NEW,
    R_GPS_POS,
    R_GPS_VEL,
    R_GYRO,
    R_QUAT,
    R_TIME,
    R_VOLT,
    READINGS_SIZE,
)
from dronedojo.physics._jit import jit, jit_inline, jit_vector
from dronedojo.physics.environment import Environment
from dronedojo.physics.layout import (
    DEFAULT_DT,
    E_GRAVITY,
    F_GRAVITY,
    LANES,
    S_CRASHED,
    S_CURRENT,
    S_POS,
    S_TIME,
    S_VEL,
    S_VOLT,
    STATE_SIZE,
)
from dronedojo.physics.state import State
from dronedojo.sim.rng import WORDS, next_u64, normal_pair, normal_quad, seed_streams, uniform

Array = NDArray[np.float64]
U64 = NDArray[np.uint64]
G = TypeVar("G", bound=np.generic)

SLOW_PERIOD = 0.01
"""s: the sample-and-hold parts update at 100 Hz. Baro sensors on flight controllers are read
at 25-100 Hz, the battery ADC at about 50 Hz; the attitude-estimate errors change over
seconds. GPS samples fall on this grid (exact for rates dividing 100 Hz)."""

# --- SensorConfig.to_row(): one row per drone, shape (N, CONFIG_SIZE), SI units ----------------
SC_GYRO_DENSITY = 0  # gyro white-noise density, rad/s/sqrt(Hz)
SC_GYRO_BIAS = 1  # sigma of the constant gyro bias per axis, rad/s
SC_ACCEL_DENSITY = 2  # accelerometer white-noise density, m/s^2/sqrt(Hz)
SC_ACCEL_BIAS = 3  # sigma of the constant accelerometer bias per axis, m/s^2
SC_TILT_SIGMA = 4  # tilt error of the attitude estimate per axis, rad
SC_TILT_TAU = 5  # its correlation time, s
SC_HEADING_SIGMA = 6  # heading wander of the attitude estimate, rad
SC_HEADING_TAU = 7  # its correlation time, s
SC_BARO_SIGMA = 8  # baro white noise per sample, m
SC_BARO_DRIFT_SIGMA = 9  # baro drift, m
SC_BARO_DRIFT_TAU = 10  # its correlation time, s
SC_GPS_RATE = 11  # GPS samples per second, Hz; 0 = no receiver
SC_GPS_SIGMA_H = 12  # GPS position error, east and north, m
SC_GPS_SIGMA_V = 13  # GPS position error, up, m
SC_GPS_TAU = 14  # its correlation time, s
SC_GPS_WHITE = 15  # GPS position white noise per sample and axis, m
SC_GPS_VEL_SIGMA = 16  # GPS velocity noise per sample and axis, m/s
SC_DROPOUT_RATE = 17  # random GPS dropouts per hour
SC_DROPOUT_DURATION = 18  # their mean duration, s
SC_VOLT_SIGMA = 19  # battery voltage noise, V
SC_CURRENT_SIGMA = 20  # battery current noise, A
CONFIG_SIZE = 21

# --- SensorParams.blocked: derived per drone, (blocks, SP_SIZE * LANES) -------------------------
SP_GYRO_SIGMA = 0  # gyro noise per reading, rad/s
SP_ACCEL_SIGMA = 1  # accelerometer noise per reading, m/s^2
SP_INV_DT = 2  # 1 / dt, 1/s
SP_GRAVITY = 3  # gravity the specific force is referenced to, m/s^2
SP_HALF_DT = 4  # s: an update is due when t >= its time - dt / 2
SP_TILT_A = 5  # Gauss-Markov factors per SLOW_PERIOD of the tilt error: x <- a x + b n
SP_TILT_B = 6
SP_HEADING_A = 7  # the same for the heading wander
SP_HEADING_B = 8
SP_BARO_A = 9  # the same for the baro drift
SP_BARO_B = 10
SP_BARO_SIGMA = 11  # m
SP_VOLT_SIGMA = 12  # V
SP_CURRENT_SIGMA = 13  # A
SP_GPS_PERIOD = 14  # s; 0 = no receiver
SP_GPS_A = 15  # Gauss-Markov factors of the GPS error, per sample
SP_GPS_B_H = 16
SP_GPS_B_V = 17
SP_GPS_WHITE = 18  # m
SP_GPS_VEL_SIGMA = 19  # m/s
SP_DROPOUT_P = 20  # probability that a dropout starts at a given sample
SP_DROPOUT_MEAN = 21  # mean dropout duration, s
SP_SIZE = 22

# --- SensorState.x: (blocks, SS_SIZE * LANES); SensorState.rng: (blocks, WORDS * LANES) --------
SS_VEL_PREV = 0  # velocity at the previous reading, world ENU, m/s (3)
SS_GYRO_BIAS = 3  # body FLU, rad/s (3)
SS_ACCEL_BIAS = 6  # body FLU, m/s^2 (3)
SS_QERR = 9  # held attitude-estimate error, a unit quaternion (w, x, y, z), world frame (4)
SS_BARO_OFFSET = 13  # held: baro reading = z - this, m
SS_VOLT_NOISE = 14  # held ADC noise, V
SS_CURRENT_NOISE = 15  # held ADC noise, A
SS_GPS_POS = 16  # held GPS position sample, world ENU, m (3)
SS_GPS_VEL = 19  # held GPS velocity sample, world ENU, m/s (3)
SS_GPS_FIX = 22  # 1 with a fix, 0 without
SS_GPS_TIME = 23  # physics time of the last GPS sample, s (R_GPS_NEW on that reading)
SS_SLOW_NEXT = 24  # time of the next 10 ms update, s (inf in padding lanes)
SS_TILT = 25  # tilt error about world x, y, rad (2)
SS_HEADING = 27  # heading wander, rad
SS_BARO_DRIFT = 28  # m
SS_BARO_REF = 29  # world z the baro reads as 0, m
SS_HEADING_OFFSET = 30  # fault: compass heading error added to the estimate's yaw, rad
SS_GPS_DENIED = 31  # fault: 1 forces "no fix", 0 normal
SS_GPS_ERR = 32  # Gauss-Markov GPS position error, world ENU, m (3)
SS_GPS_NEXT = 35  # time the next GPS sample is due, s
SS_GPS_OUTAGE_END = 36  # end of the current random dropout, s
SS_SIZE = 37

_INIT_NORMALS = 14  # deviates drawn per drone at creation (13 used)


# --- configuration ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SensorConfig:
    """Sensor parameters of one drone. Defaults: a GPS camera drone with a current MEMS IMU.

    Noise densities follow the Kalibr / RotorS convention: the standard deviation of one
    reading at rate f is density * sqrt(f) (at 1 kHz the default gyro gives 0.089 deg/s).
    Gauss-Markov errors are first-order: stationary sigma ``*_sigma``, correlation time
    ``*_tau`` (``math.inf`` makes the error a constant drawn at creation).
    """

    gyro_noise_density: float = math.radians(0.0028)
    """rad/s/sqrt(Hz). TDK ICM-42688-P datasheet (DS-000347): 0.0028 dps/sqrt(Hz); the IMU of
    most current Betaflight, ArduPilot and PX4 flight controllers."""
    gyro_bias_sigma: float = math.radians(0.05)
    """rad/s per axis. The gyro is calibrated at power-on; what remains is the drift since:
    ICM-42688-P zero-rate-output drift 0.005 dps/K times a 10 K warm-up."""
    accel_noise_density: float = 70e-6 * 9.80665
    """m/s^2/sqrt(Hz). ICM-42688-P datasheet: 70 ug/sqrt(Hz)."""
    accel_bias_sigma: float = 0.15e-3 * 9.80665 * 10.0
    """m/s^2 per axis. Residual after the level calibration: ICM-42688-P zero-g drift
    0.15 mg/K times a 10 K warm-up (0.015 m/s^2)."""
    tilt_sigma: float = math.radians(0.3)
    """rad per axis. A hobby AHRS holds roll and pitch to a few tenths of a degree in calm
    flight; VectorNav's VN-100 datasheet gives 0.5 deg (static) for an industrial one."""
    tilt_tau: float = 4.0
    """s. Betaflight's Mahony filter pulls tilt toward the accelerometer with gain
    imu_dcm_kp = 2500 (0.25 /s): a time constant of about 4 s."""
    heading_sigma: float = math.radians(2.0)
    """rad. Magnetometer-aided heading: VN-100 datasheet 2 deg RMS (magnetic)."""
    heading_tau: float = 60.0
    """s. Magnetic disturbances change as the drone moves over the site: tens of seconds."""
    baro_noise_sigma: float = 0.15
    """m per sample. The sensors alone are quieter (DPS310/BMP388: a few cm RMS in their
    high-precision modes); prop wash and airflow over the board raise it to 0.1-0.3 m in
    flight."""
    baro_drift_sigma: float = 0.5
    """m. Temperature drift of the offset (BMP388: 0.75 Pa/K, 6 cm/K) and weather (1 hPa, 8 m,
    in a few hours) over a flight."""
    baro_drift_tau: float = 300.0
    """s. Warm-up and weather change over minutes."""
    gps_rate_hz: float = 10.0
    """Hz, at most 100; 0 means no GPS receiver (R_GPS_FIX always 0). u-blox M8/M10 receivers
    run at up to 10 Hz with several constellations; ArduPilot and PX4 configure 5-10 Hz."""
    gps_sigma_h: float = 0.4
    """m, east and north. The u-blox M8 quotes 2.5 m CEP absolute, most of it an offset that
    stays for minutes; what moves during one flight is decimetres."""
    gps_sigma_v: float = 0.8
    """m, up: about twice the horizontal error (VDOP is typically about twice HDOP)."""
    gps_tau: float = 30.0
    """s. Multipath and satellite geometry change over tens of seconds."""
    gps_white_sigma: float = 0.05
    """m per sample and axis: sample-to-sample jitter of a carrier-smoothed solution."""
    gps_vel_sigma: float = 0.05
    """m/s per sample and axis. u-blox NEO-M8 datasheet: velocity accuracy 0.05 m/s."""
    gps_dropout_per_hour: float = 0.0
    """Random losses of fix per hour (Poisson). Default none, so that runs see only the faults
    they inject; flights near trees or buildings might use a few per hour."""
    gps_dropout_duration: float = 10.0
    """s, mean of an exponential duration: a typical shadowing or multipath loss."""
    volt_sigma: float = 0.02
    """V. A 12-bit ADC behind the voltage divider resolves ~9 mV; ripple adds about as much."""
    current_sigma: float = 0.2
    """A. A 100-A-class current sensor: 12-bit steps of ~0.03 A plus ESC switching noise."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name.endswith("_tau"):
                if not value > 0.0:  # inf allowed: a constant error
                    raise ValueError(f"{f.name} must be > 0 s (inf: constant), got {value!r}")
            elif f.name == "gps_dropout_duration":
                if not (math.isfinite(value) and value > 0.0):
                    raise ValueError(f"{f.name} must be a finite number > 0 s, got {value!r}")
            elif not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f"{f.name} must be a finite number >= 0, got {value!r}")
        if self.gps_rate_hz * SLOW_PERIOD > 1.0 + 1e-9:
            raise ValueError(f"gps_rate_hz must be at most 100 Hz, got {self.gps_rate_hz!r}")

    @classmethod
    def camera(cls) -> SensorConfig:
        """A GPS camera drone (the defaults): GPS at 10 Hz, compass-aided heading."""
        return cls()

    @classmethod
    def fpv(cls) -> SensorConfig:
        """An FPV quad: no GPS receiver (fix always 0) and no compass, so the heading is the
        yaw gyro integrated and wanders by degrees over a flight (5 deg over ~5 minutes;
        Betaflight uses no heading in ACRO, ANGLE or HORIZON)."""
        return cls(gps_rate_hz=0.0, heading_sigma=math.radians(5.0), heading_tau=300.0)

    @classmethod
    def ideal(cls, gps_rate_hz: float = 10.0) -> SensorConfig:
        """No noise, bias or error: every reading is the truth (tests, debugging)."""
        keep = ("gps_rate_hz", "gps_dropout_duration")
        zero = {f.name: 0.0 for f in fields(cls) if not f.name.endswith("_tau")}
        return cls(**{k: v for k, v in zero.items() if k not in keep}, gps_rate_hz=gps_rate_hz)

    def to_row(self) -> Array:
        """This configuration packed as one row, layout ``SC_*``, SI units."""
        return np.array([float(getattr(self, f.name)) for f in fields(self)])


# --- packing ------------------------------------------------------------------------------------
def _gauss_markov(sigma: Array, tau: Array, step: Array | float) -> tuple[Array, Array]:
    """Exact discretisation of a first-order Gauss-Markov process over ``step``:
    x <- a x + b n with a = exp(-step / tau), b = sigma sqrt(1 - a^2)."""
    a = np.exp(-np.divide(step, tau))
    return a, sigma * np.sqrt(1.0 - a * a)


def _blocked(cols: NDArray[G]) -> NDArray[G]:
    """Field-major (K, N) columns into blocks (ceil(N / LANES), K * LANES), zero-padded."""
    k, n = cols.shape
    blocks = (n + LANES - 1) // LANES
    padded = np.zeros((k, blocks * LANES), dtype=cols.dtype)
    padded[:, :n] = cols
    out = padded.reshape(k, blocks, LANES).transpose(1, 0, 2).reshape(blocks, k * LANES)
    return np.ascontiguousarray(out)


def _unblocked(blocked: NDArray[G], width: int, n: int) -> NDArray[G]:
    """The inverse of :func:`_blocked`: (K, N) columns (a copy)."""
    cols = blocked.reshape(blocked.shape[0], width, LANES).transpose(1, 0, 2)
    return cols.reshape(width, -1)[:, :n].copy()


def _state_blocked(cols: Array) -> Array:
    """State columns into blocks, with the padding lanes made inert (never due)."""
    n = cols.shape[1]
    blocked = _blocked(cols)
    lanes = blocked.shape[0] * LANES
    if lanes > n:
        view = blocked.reshape(blocked.shape[0], SS_SIZE, LANES)
        pad = np.arange(n, lanes)
        view[pad // LANES, SS_SLOW_NEXT, pad % LANES] = math.inf
    return blocked


def _error_quaternion(tilt: Array, heading: Array) -> Array:
    """(yaw(heading) about world z) (x) (tilt about world x, y), (4, N): the rotation the
    estimate error applies, as the kernel builds it (tilt quaternion (1, tx/2, ty/2, 0)
    normalised: a rotation by 2 atan(|t|/2), |t| to third order)."""
    c, s = np.cos(0.5 * heading), np.sin(0.5 * heading)
    hx, hy = 0.5 * tilt[0], 0.5 * tilt[1]
    norm = 1.0 / np.sqrt(1.0 + hx * hx + hy * hy)
    return np.asarray(np.stack([c, c * hx - s * hy, c * hy + s * hx, s]) * norm, dtype=np.float64)


# --- parameters ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SensorParams:
    """Sensor parameters of N drones for one reading interval ``dt`` (the physics step).

    Build with :meth:`from_configs` or :meth:`from_rows`; drones may differ.
    """

    rows: Array
    """The configurations, (N, CONFIG_SIZE), layout ``SC_*`` (read-only)."""
    dt: float
    """Time between readings, s (one physics step)."""
    gravity: float
    """Gravity the physics applies, m/s^2: the accelerometer's reference."""
    blocked: Array
    """Derived per-drone values for the kernel, (blocks, SP_SIZE * LANES), layout ``SP_*``."""

    @classmethod
    def from_configs(
        cls, configs: Sequence[SensorConfig], dt: float = DEFAULT_DT, env: Environment | None = None
    ) -> SensorParams:
        """One configuration per drone. ``env`` gives the gravity (default ``Environment()``;
        0 when its gravity effect is disabled)."""
        rows = np.array([c.to_row() for c in configs], dtype=np.float64)
        return cls.from_rows(rows.reshape(-1, CONFIG_SIZE), dt, env)

    @classmethod
    def from_rows(
        cls, rows: ArrayLike, dt: float = DEFAULT_DT, env: Environment | None = None
    ) -> SensorParams:
        """From packed rows (N, CONFIG_SIZE) as :meth:`SensorConfig.to_row` makes them."""
        r = np.array(rows, dtype=np.float64, ndmin=2)
        if r.ndim != 2 or r.shape[1] != CONFIG_SIZE or r.shape[0] == 0:
            raise ValueError(f"sensor config rows must have shape (N >= 1, {CONFIG_SIZE})")
        if not (math.isfinite(dt) and 0.0 < dt <= 0.004):
            raise ValueError(f"dt must be in (0, 0.004] s like the physics step, got {dt!r}")
        for row in r:  # validates every value
            SensorConfig(*(float(v) for v in row))
        env = Environment() if env is None else env
        gravity = float(env.x[E_GRAVITY] * env.x[F_GRAVITY])
        n = r.shape[0]
        p = np.zeros((SP_SIZE, n))
        root_rate = math.sqrt(1.0 / dt)
        p[SP_GYRO_SIGMA] = r[:, SC_GYRO_DENSITY] * root_rate
        p[SP_ACCEL_SIGMA] = r[:, SC_ACCEL_DENSITY] * root_rate
        p[SP_INV_DT] = 1.0 / dt
        p[SP_GRAVITY] = gravity
        p[SP_HALF_DT] = 0.5 * dt
        p[SP_TILT_A], p[SP_TILT_B] = _gauss_markov(
            r[:, SC_TILT_SIGMA], r[:, SC_TILT_TAU], SLOW_PERIOD
        )
        p[SP_HEADING_A], p[SP_HEADING_B] = _gauss_markov(
            r[:, SC_HEADING_SIGMA], r[:, SC_HEADING_TAU], SLOW_PERIOD
        )
        p[SP_BARO_A], p[SP_BARO_B] = _gauss_markov(
            r[:, SC_BARO_DRIFT_SIGMA], r[:, SC_BARO_DRIFT_TAU], SLOW_PERIOD
        )
        p[SP_BARO_SIGMA] = r[:, SC_BARO_SIGMA]
        p[SP_VOLT_SIGMA] = r[:, SC_VOLT_SIGMA]
        p[SP_CURRENT_SIGMA] = r[:, SC_CURRENT_SIGMA]
        rate = r[:, SC_GPS_RATE]
        period = np.divide(1.0, rate, out=np.zeros(n), where=rate > 0.0)
        p[SP_GPS_PERIOD] = period
        p[SP_GPS_A], p[SP_GPS_B_H] = _gauss_markov(r[:, SC_GPS_SIGMA_H], r[:, SC_GPS_TAU], period)
        _, p[SP_GPS_B_V] = _gauss_markov(r[:, SC_GPS_SIGMA_V], r[:, SC_GPS_TAU], period)
        p[SP_GPS_WHITE] = r[:, SC_GPS_WHITE]
        p[SP_GPS_VEL_SIGMA] = r[:, SC_GPS_VEL_SIGMA]
        p[SP_DROPOUT_P] = -np.expm1(-r[:, SC_DROPOUT_RATE] / 3600.0 * period)
        p[SP_DROPOUT_MEAN] = r[:, SC_DROPOUT_DURATION]
        blocked = _blocked(p)
        blocked.flags.writeable = False
        r.flags.writeable = False
        return cls(rows=r, dt=float(dt), gravity=gravity, blocked=blocked)

    @property
    def n(self) -> int:
        """Number of drones."""
        return int(self.rows.shape[0])


# --- state --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SensorState:
    """Sensor memory of N drones: biases, slowly varying errors, held samples, faults and each
    drone's random stream. :func:`read_sensors` returns a new one; :func:`read_into` updates
    ``x`` and ``rng`` in place (the simulator that calls it owns them). The properties below
    are (N, ...) copies.
    """

    x: Array
    """(blocks, SS_SIZE * LANES) float64, layout ``SS_*`` (see the module text)."""
    rng: U64
    """xoroshiro128++ state words, (blocks, WORDS * LANES) uint64."""
    n: int
    """Number of drones."""

    def column(self, field: int, width: int = 1) -> Array:
        """Fields ``field .. field + width - 1`` of every drone, (N, width) (a copy)."""
        cols = _unblocked(self.x, SS_SIZE, self.n)[field : field + width]
        return np.ascontiguousarray(cols.T)

    @property
    def gyro_bias(self) -> Array:
        """Constant gyro bias, body FLU, rad/s, (N, 3)."""
        return self.column(SS_GYRO_BIAS, 3)

    @property
    def accel_bias(self) -> Array:
        """Constant accelerometer bias, body FLU, m/s^2, (N, 3)."""
        return self.column(SS_ACCEL_BIAS, 3)

    @property
    def tilt_error(self) -> Array:
        """Current tilt error of the attitude estimate about world x and y, rad, (N, 2)."""
        return self.column(SS_TILT, 2)

    @property
    def heading_error(self) -> Array:
        """Current heading error of the attitude estimate (fault offset + wander), rad, (N,)."""
        cols = self.column(SS_HEADING_OFFSET)[:, 0] + self.column(SS_HEADING)[:, 0]
        return np.asarray(cols)

    @property
    def baro_reference(self) -> Array:
        """World z the barometer reads as 0 (the height at creation), m, (N,)."""
        return self.column(SS_BARO_REF)[:, 0]

    @property
    def gps_denied(self) -> NDArray[np.bool_]:
        """Fault: GPS fix forced off, (N,)."""
        return self.column(SS_GPS_DENIED)[:, 0] > 0.5

    @property
    def heading_offset(self) -> Array:
        """Fault: compass heading error added to the attitude estimate's yaw, rad, (N,)."""
        return self.column(SS_HEADING_OFFSET)[:, 0]

    def with_faults(
        self,
        drones: ArrayLike | None = None,
        gps_denied: ArrayLike | None = None,
        heading_offset: ArrayLike | None = None,
    ) -> SensorState:
        """A copy with faults set for ``drones`` (indices; default all). Both show in the next
        reading.

        Args:
            gps_denied: True forces R_GPS_FIX = 0, the last sample held; False lets the fix
                return with the next GPS sample. A bool or one per selected drone.
            heading_offset: compass heading error, rad, added to the yaw of R_QUAT (+ turns
                the estimate counter-clockwise seen from above). A number or one per drone.
        """
        idx = np.arange(self.n) if drones is None else np.asarray(drones, dtype=np.intp)
        cols = _unblocked(self.x, SS_SIZE, self.n)
        if gps_denied is not None:
            denied = np.broadcast_to(np.asarray(gps_denied, dtype=bool), idx.shape)
            cols[SS_GPS_DENIED, idx] = np.where(denied, 1.0, 0.0)
            cols[SS_GPS_FIX, idx[denied]] = 0.0
        if heading_offset is not None:
            offset = np.broadcast_to(np.asarray(heading_offset, dtype=np.float64), idx.shape)
            if not np.all(np.isfinite(offset)):
                raise ValueError("heading_offset must be finite (rad)")
            cols[SS_HEADING_OFFSET, idx] = offset
            heading = cols[SS_HEADING_OFFSET] + cols[SS_HEADING]
            cols[SS_QERR : SS_QERR + 4] = _error_quaternion(cols[SS_TILT : SS_TILT + 2], heading)
        return SensorState(x=_state_blocked(cols), rng=self.rng.copy(), n=self.n)

    def copy(self) -> SensorState:
        """An independent copy (the streams at the same positions)."""
        return SensorState(x=self.x.copy(), rng=self.rng.copy(), n=self.n)


@jit
def _draw_normals(rng: U64, count: int) -> Array:
    """(N, count) deviates (:func:`normal_pair`) from the streams of field-major (WORDS, N)
    state ``rng``, which is advanced."""
    n = rng.shape[1]
    out = np.empty((n, count))
    for i in range(n):
        s0, s1 = rng[0, i], rng[1, i]
        for k in range(0, count, 2):
            r, s0, s1 = next_u64(s0, s1)
            a, b = normal_pair(r)
            out[i, k] = a
            if k + 1 < count:
                out[i, k + 1] = b
        rng[0, i], rng[1, i] = s0, s1
    return out


def init_sensors(
    params: SensorParams,
    physics: State,
    rng: np.random.Generator,
    baro_zero: ArrayLike | None = None,
) -> SensorState:
    """Sensor state for the drones of ``physics``, as when their flight controllers power on.

    Draws each drone's stream seed from ``rng`` (2 words per drone, in drone order), then from
    that stream its biases and the starting values of its slow errors (from their stationary
    distributions, except the barometer's drift, which starts at zero as a flight controller
    zeroes its barometer at start). The baro reads 0 at ``baro_zero`` (world z, m, a number or
    one per drone; default the current height: powered on where it stands); the first reading
    brings the first 10 ms update and the first GPS sample; no faults.
    """
    n = physics.n
    if params.n != n:
        raise ValueError(f"params are for {params.n} drones, the physics state has {n}")
    words = seed_streams(rng, n)
    z = _draw_normals(words, _INIT_NORMALS)
    c = params.rows
    s = np.zeros((SS_SIZE, n))
    s[SS_VEL_PREV : SS_VEL_PREV + 3] = physics.velocity.T
    s[SS_GYRO_BIAS : SS_GYRO_BIAS + 3] = (c[:, SC_GYRO_BIAS, None] * z[:, 0:3]).T
    s[SS_ACCEL_BIAS : SS_ACCEL_BIAS + 3] = (c[:, SC_ACCEL_BIAS, None] * z[:, 3:6]).T
    s[SS_TILT : SS_TILT + 2] = (c[:, SC_TILT_SIGMA, None] * z[:, 6:8]).T
    s[SS_HEADING] = c[:, SC_HEADING_SIGMA] * z[:, 8]
    # The baro drift starts at zero (z[:, 9] is left unused): flight controllers zero the
    # barometer when they start, and the navigation takes a drone armed above 1 m as airborne.
    s[SS_BARO_DRIFT] = 0.0
    gps_sigma = np.stack([c[:, SC_GPS_SIGMA_H], c[:, SC_GPS_SIGMA_H], c[:, SC_GPS_SIGMA_V]])
    s[SS_GPS_ERR : SS_GPS_ERR + 3] = gps_sigma * z[:, 10:13].T
    s[SS_QERR : SS_QERR + 4] = _error_quaternion(s[SS_TILT : SS_TILT + 2], s[SS_HEADING])
    s[SS_BARO_REF] = physics.position[:, 2] if baro_zero is None else baro_zero
    s[SS_BARO_OFFSET] = s[SS_BARO_REF]
    s[SS_GPS_TIME] = -math.inf
    s[SS_SLOW_NEXT] = physics.time
    s[SS_GPS_NEXT] = physics.time
    s[SS_GPS_OUTAGE_END] = physics.time
    return SensorState(x=_state_blocked(s), rng=_blocked(words), n=n)


# --- the compiled read ---------------------------------------------------------------------------
# Scratch rows, LANES values each: physics fields 2..12 (height, velocity, quaternion, body
# rates) and the time, then the 10 ms update flag, then the readings R_GYRO..R_BARO.
ZX_Z = 0
ZX_VEL = 1  # (3)
ZX_QUAT = 4  # (4)
ZX_RATE = 8  # (3)
ZX_TIME = 11
Z_DUE = 12  # 1.0 where the 10 ms update ran in this reading
ZO = 13  # row ZO + R_* for R_GYRO..R_BARO
_IMU_READINGS = R_BARO + 1 - R_GYRO  # R_GYRO..R_BARO are contiguous
Z_ROWS = ZO + _IMU_READINGS
_FIRST = S_POS + 2  # physics fields ZX_Z..ZX_RATE+2 are contiguous in the state row


@jit
def read_batch(p: Array, s: Array, r: U64, x: Array, out: Array) -> None:
    """One reading for each of the N drones of ``x``; updates ``s`` and ``r`` in place.

    Args:
        p: :attr:`SensorParams.blocked`. s: :attr:`SensorState.x`. r: :attr:`SensorState.rng`.
        x: physics state, (N, STATE_SIZE), C-contiguous.
        out: readings, (N, READINGS_SIZE), C-contiguous, written.
    """
    n = x.shape[0]
    blocks = (n + LANES - 1) // LANES
    if (
        p.shape[0] != blocks
        or s.shape[0] != blocks
        or r.shape[0] != blocks
        or p.shape[1] != SP_SIZE * LANES
        or s.shape[1] != SS_SIZE * LANES
        or r.shape[1] != WORDS * LANES
        or x.shape[1] != STATE_SIZE
        or out.shape[0] != n
        or out.shape[1] != READINGS_SIZE
    ):
        raise ValueError("sensor params, sensor state, physics state and readings disagree")
    z = np.zeros((Z_ROWS, LANES))  # 2-D for the transposes, flat for the SIMD loops
    flat_z = z.reshape(-1)
    for blk in range(blocks):
        b = blk * LANES
        m = min(LANES, n - b)
        pb, sb, rb = p[blk], s[blk], r[blk]
        if _copy_in(pb, sb, z, x, b, m):
            _slow(pb, sb, rb, flat_z)
            _gps(pb, sb, rb, flat_z, x, b, m)
        _fast(pb, sb, rb, flat_z)
        _copy_out(sb, z, x, out, b, m)


@jit_vector
def _copy_in(p: Array, s: Array, z: Array, x: Array, b: int, m: int) -> bool:
    """The physics fields of drones b..b+m into the scratch rows; True if the 10 ms update is
    due for any of them."""
    due = False
    if b < 0:  # never; tells LLVM that no index is negative (no wraparound code)
        return due
    for i in range(m):
        for k in range(ZX_RATE + 3 - ZX_Z):
            z[ZX_Z + k, i] = x[b + i, _FIRST + k]
        t = x[b + i, S_TIME]
        z[ZX_TIME, i] = t
        due |= t >= s[SS_SLOW_NEXT * LANES + i] - p[SP_HALF_DT * LANES + i]
    return due


@jit_vector
def _copy_out(s: Array, z: Array, x: Array, out: Array, b: int, m: int) -> None:
    """The readings of drones b..b+m into ``out`` (drone-major): the IMU and baro ones from the
    scratch rows, the held and passed-through ones from the sensor and physics states."""
    if b < 0:  # never; tells LLVM that no index is negative (no wraparound code)
        return
    for i in range(m):
        d = b + i
        for k in range(_IMU_READINGS):
            out[d, R_GYRO + k] = z[ZO + k, i]
        for k in range(3):
            out[d, R_GPS_POS + k] = s[(SS_GPS_POS + k) * LANES + i]
            out[d, R_GPS_VEL + k] = s[(SS_GPS_VEL + k) * LANES + i]
        out[d, R_GPS_FIX] = s[SS_GPS_FIX * LANES + i]
        t = x[d, S_TIME]
        out[d, R_GPS_NEW] = 1.0 if t == s[SS_GPS_TIME * LANES + i] else 0.0
        out[d, R_VOLT] = x[d, S_VOLT] + s[SS_VOLT_NOISE * LANES + i]
        out[d, R_CURRENT] = x[d, S_CURRENT] + s[SS_CURRENT_NOISE * LANES + i]
        out[d, R_CRASH] = x[d, S_CRASHED]
        out[d, R_TIME] = t


_PI = math.pi
_INV_PI = 1.0 / math.pi
_COS = tuple((-1.0) ** j / math.factorial(2 * j) for j in range(11))
"""Taylor coefficients of cos in r^2, to r^20."""
_SIN = tuple((-1.0) ** j / math.factorial(2 * j + 1) for j in range(10))
"""Taylor coefficients of sin / r in r^2, to r^19 / r."""


@jit_inline
def _cos_sin(h: float) -> tuple[float, float]:
    """cos(h), sin(h) without library calls (they would stop the vectoriser): reduced to
    r = h - k pi in [-pi/2, pi/2], Taylor series (error below 1e-15 there), sign (-1)^k."""
    k = math.floor(h * _INV_PI + 0.5)
    r = h - k * _PI
    sign = 1.0 - 2.0 * (k - 2.0 * math.floor(0.5 * k))
    q = r * r
    c = _COS[10]
    for j in range(9, -1, -1):
        c = c * q + _COS[j]
    sn = _SIN[9]
    for j in range(8, -1, -1):
        sn = sn * q + _SIN[j]
    return sign * c, sign * sn * r


@jit_vector
def _slow(p: Array, s: Array, r: U64, z: Array) -> None:
    """The 10 ms update for the lanes where it is due (branch-free: the others keep their
    values): Gauss-Markov errors, held attitude error, baro and battery noise. 2 draws."""
    for i in range(LANES):
        t = z[ZX_TIME * LANES + i]
        half = p[SP_HALF_DT * LANES + i]
        slow_next = s[SS_SLOW_NEXT * LANES + i]
        due = t >= slow_next - half
        z[Z_DUE * LANES + i] = 1.0 if due else 0.0
        s0, s1 = r[i], r[LANES + i]
        o0, a0, a1 = next_u64(s0, s1)
        o1, a0, a1 = next_u64(a0, a1)
        r[i] = a0 if due else s0
        r[LANES + i] = a1 if due else s1
        n0, n1, n2, n3 = normal_quad(o0)
        n4, n5, n6, _ = normal_quad(o1)

        ta, tb = p[SP_TILT_A * LANES + i], p[SP_TILT_B * LANES + i]
        tx0, ty0 = s[SS_TILT * LANES + i], s[(SS_TILT + 1) * LANES + i]
        tx, ty = ta * tx0 + tb * n0, ta * ty0 + tb * n1
        h0 = s[SS_HEADING * LANES + i]
        h = p[SP_HEADING_A * LANES + i] * h0 + p[SP_HEADING_B * LANES + i] * n2
        d0 = s[SS_BARO_DRIFT * LANES + i]
        d = p[SP_BARO_A * LANES + i] * d0 + p[SP_BARO_B * LANES + i] * n3
        s[SS_TILT * LANES + i] = tx if due else tx0
        s[(SS_TILT + 1) * LANES + i] = ty if due else ty0
        s[SS_HEADING * LANES + i] = h if due else h0
        s[SS_BARO_DRIFT * LANES + i] = d if due else d0

        # (cos, 0, 0, sin)(heading / 2) (x) normalised (1, tx/2, ty/2, 0)
        c, sn = _cos_sin(0.5 * (s[SS_HEADING_OFFSET * LANES + i] + h))
        hx, hy = 0.5 * tx, 0.5 * ty
        norm = 1.0 / math.sqrt(1.0 + hx * hx + hy * hy)
        qw, qx, qy, qz = c * norm, (c * hx - sn * hy) * norm, (c * hy + sn * hx) * norm, sn * norm
        k = SS_QERR * LANES + i
        s[k] = qw if due else s[k]
        s[k + LANES] = qx if due else s[k + LANES]
        s[k + 2 * LANES] = qy if due else s[k + 2 * LANES]
        s[k + 3 * LANES] = qz if due else s[k + 3 * LANES]

        baro = s[SS_BARO_REF * LANES + i] - d - p[SP_BARO_SIGMA * LANES + i] * n4
        volt = p[SP_VOLT_SIGMA * LANES + i] * n5
        current = p[SP_CURRENT_SIGMA * LANES + i] * n6
        k = SS_BARO_OFFSET * LANES + i
        s[k] = baro if due else s[k]
        k = SS_VOLT_NOISE * LANES + i
        s[k] = volt if due else s[k]
        k = SS_CURRENT_NOISE * LANES + i
        s[k] = current if due else s[k]

        following = slow_next + SLOW_PERIOD
        if following < t + half:  # readings were skipped: restart the grid from now
            following = t + SLOW_PERIOD
        s[SS_SLOW_NEXT * LANES + i] = following if due else slow_next


@jit_inline
def _gps(p: Array, s: Array, r: U64, z: Array, x: Array, b: int, m: int) -> None:
    """GPS samples of the lanes whose 10 ms update ran and whose sample is due (scalar)."""
    for i in range(m):
        period = p[SP_GPS_PERIOD * LANES + i]
        t = z[ZX_TIME * LANES + i]
        half = p[SP_HALF_DT * LANES + i]
        if z[Z_DUE * LANES + i] > 0.5 and period > 0.0 and t >= s[SS_GPS_NEXT * LANES + i] - half:
            _gps_sample(p, s, r, x[b + i], i, t)


@jit_inline
def _gps_sample(p: Array, s: Array, r: U64, x: Array, i: int, t: float) -> None:
    """A due GPS sample of lane i: advances the error process, starts a random dropout or not,
    stores the sample if there is a fix."""
    period = p[SP_GPS_PERIOD * LANES + i]
    due = s[SS_GPS_NEXT * LANES + i] + period
    if due < t + p[SP_HALF_DT * LANES + i]:  # readings were skipped: restart from now
        due = t + period
    s[SS_GPS_NEXT * LANES + i] = due
    s0, s1 = r[i], r[LANES + i]
    o0, s0, s1 = next_u64(s0, s1)
    o1, s0, s1 = next_u64(s0, s1)
    o2, s0, s1 = next_u64(s0, s1)
    o3, s0, s1 = next_u64(s0, s1)
    o4, s0, s1 = next_u64(s0, s1)
    o5, s0, s1 = next_u64(s0, s1)
    outage_end = s[SS_GPS_OUTAGE_END * LANES + i]
    if t >= outage_end and uniform(o0) < p[SP_DROPOUT_P * LANES + i]:
        o6, s0, s1 = next_u64(s0, s1)
        outage_end = t - p[SP_DROPOUT_MEAN * LANES + i] * math.log(1.0 - uniform(o6))
        s[SS_GPS_OUTAGE_END * LANES + i] = outage_end
    r[i], r[LANES + i] = s0, s1
    n0, n1 = normal_pair(o1)
    n2, n3 = normal_pair(o2)
    n4, n5 = normal_pair(o3)
    n6, n7 = normal_pair(o4)
    n8, _ = normal_pair(o5)
    a = p[SP_GPS_A * LANES + i]
    bh, bv = p[SP_GPS_B_H * LANES + i], p[SP_GPS_B_V * LANES + i]
    ex = a * s[SS_GPS_ERR * LANES + i] + bh * n0
    ey = a * s[(SS_GPS_ERR + 1) * LANES + i] + bh * n1
    ez = a * s[(SS_GPS_ERR + 2) * LANES + i] + bv * n2
    s[SS_GPS_ERR * LANES + i] = ex
    s[(SS_GPS_ERR + 1) * LANES + i] = ey
    s[(SS_GPS_ERR + 2) * LANES + i] = ez
    if s[SS_GPS_DENIED * LANES + i] > 0.5 or t < outage_end:
        s[SS_GPS_FIX * LANES + i] = 0.0
        return
    white = p[SP_GPS_WHITE * LANES + i]
    sv = p[SP_GPS_VEL_SIGMA * LANES + i]
    s[SS_GPS_POS * LANES + i] = x[S_POS] + ex + white * n3
    s[(SS_GPS_POS + 1) * LANES + i] = x[S_POS + 1] + ey + white * n4
    s[(SS_GPS_POS + 2) * LANES + i] = x[S_POS + 2] + ez + white * n5
    s[SS_GPS_VEL * LANES + i] = x[S_VEL] + sv * n6
    s[(SS_GPS_VEL + 1) * LANES + i] = x[S_VEL + 1] + sv * n7
    s[(SS_GPS_VEL + 2) * LANES + i] = x[S_VEL + 2] + sv * n8
    s[SS_GPS_FIX * LANES + i] = 1.0
    s[SS_GPS_TIME * LANES + i] = t


@jit_vector
def _fast(p: Array, s: Array, r: U64, z: Array) -> None:
    """Every reading of the LANES drones of one block: one straight-line loop (SIMD). Two
    draws: 8 deviates, 6 used (gyro and accelerometer noise)."""
    for i in range(LANES):
        s0, s1 = r[i], r[LANES + i]
        o0, s0, s1 = next_u64(s0, s1)
        o1, s0, s1 = next_u64(s0, s1)
        r[i], r[LANES + i] = s0, s1
        n0, n1, n2, n3 = normal_quad(o0)
        n4, n5, _, _ = normal_quad(o1)

        sg = p[SP_GYRO_SIGMA * LANES + i]
        z[(ZO + R_GYRO) * LANES + i] = (
            z[ZX_RATE * LANES + i] + s[SS_GYRO_BIAS * LANES + i] + sg * n0
        )
        z[(ZO + R_GYRO + 1) * LANES + i] = (
            z[(ZX_RATE + 1) * LANES + i] + s[(SS_GYRO_BIAS + 1) * LANES + i] + sg * n1
        )
        z[(ZO + R_GYRO + 2) * LANES + i] = (
            z[(ZX_RATE + 2) * LANES + i] + s[(SS_GYRO_BIAS + 2) * LANES + i] + sg * n2
        )

        # accelerometer: specific force a - g_world = a + g z_world, turned into the body
        inv_dt = p[SP_INV_DT * LANES + i]
        vx = z[ZX_VEL * LANES + i]
        vy = z[(ZX_VEL + 1) * LANES + i]
        vz = z[(ZX_VEL + 2) * LANES + i]
        fx = (vx - s[SS_VEL_PREV * LANES + i]) * inv_dt
        fy = (vy - s[(SS_VEL_PREV + 1) * LANES + i]) * inv_dt
        fz = (vz - s[(SS_VEL_PREV + 2) * LANES + i]) * inv_dt + p[SP_GRAVITY * LANES + i]
        s[SS_VEL_PREV * LANES + i] = vx
        s[(SS_VEL_PREV + 1) * LANES + i] = vy
        s[(SS_VEL_PREV + 2) * LANES + i] = vz
        qw = z[ZX_QUAT * LANES + i]
        qx = z[(ZX_QUAT + 1) * LANES + i]
        qy = z[(ZX_QUAT + 2) * LANES + i]
        qz = z[(ZX_QUAT + 3) * LANES + i]
        # R(q)^T f: the columns of R dotted with f
        bx = (
            (1.0 - 2.0 * (qy * qy + qz * qz)) * fx
            + 2.0 * (qx * qy + qw * qz) * fy
            + 2.0 * (qx * qz - qw * qy) * fz
        )
        by = (
            2.0 * (qx * qy - qw * qz) * fx
            + (1.0 - 2.0 * (qx * qx + qz * qz)) * fy
            + 2.0 * (qy * qz + qw * qx) * fz
        )
        bz = (
            2.0 * (qx * qz + qw * qy) * fx
            + 2.0 * (qy * qz - qw * qx) * fy
            + (1.0 - 2.0 * (qx * qx + qy * qy)) * fz
        )
        sa = p[SP_ACCEL_SIGMA * LANES + i]
        z[(ZO + R_ACCEL) * LANES + i] = bx + s[SS_ACCEL_BIAS * LANES + i] + sa * n3
        z[(ZO + R_ACCEL + 1) * LANES + i] = by + s[(SS_ACCEL_BIAS + 1) * LANES + i] + sa * n4
        z[(ZO + R_ACCEL + 2) * LANES + i] = bz + s[(SS_ACCEL_BIAS + 2) * LANES + i] + sa * n5

        # attitude estimate: held error (x) truth
        aw = s[SS_QERR * LANES + i]
        ax = s[(SS_QERR + 1) * LANES + i]
        ay = s[(SS_QERR + 2) * LANES + i]
        az = s[(SS_QERR + 3) * LANES + i]
        z[(ZO + R_QUAT) * LANES + i] = aw * qw - ax * qx - ay * qy - az * qz
        z[(ZO + R_QUAT + 1) * LANES + i] = aw * qx + ax * qw + ay * qz - az * qy
        z[(ZO + R_QUAT + 2) * LANES + i] = aw * qy - ax * qz + ay * qw + az * qx
        z[(ZO + R_QUAT + 3) * LANES + i] = aw * qz + ax * qy - ay * qx + az * qw

        z[(ZO + R_BARO) * LANES + i] = z[ZX_Z * LANES + i] - s[SS_BARO_OFFSET * LANES + i]


# --- Python entry points -------------------------------------------------------------------------
def _check(params: SensorParams, state: SensorState, n: int) -> None:
    if params.n != n or state.n != n:
        raise ValueError(
            f"sensor params ({params.n} drones), sensor state ({state.n}) and physics state "
            f"({n}) must be for the same drones"
        )


def read_into(params: SensorParams, state: SensorState, physics_x: Array, out: Array) -> None:
    """The hot path: one reading of N drones into ``out``; advances ``state`` in place (its
    arrays: the caller owns them). Call once per physics step, after the step.

    Args:
        physics_x: :attr:`State.x` of the physics state just computed, (N, STATE_SIZE).
        out: C-contiguous float64 (N, READINGS_SIZE), written.
    """
    _check(params, state, physics_x.shape[0])
    read_batch(params.blocked, state.x, state.rng, physics_x, out)


def read_sensors(
    params: SensorParams, state: SensorState, physics: State
) -> tuple[Array, SensorState]:
    """Pure form of :func:`read_into`: (readings (N, READINGS_SIZE), the next sensor state).
    ``state`` is not changed."""
    _check(params, state, physics.n)
    new = state.copy()
    out = np.empty((physics.n, READINGS_SIZE))
    read_batch(params.blocked, new.x, new.rng, physics.x, out)
    return out, new


def bench_sensors(n: int = 4096, steps: int = 1000, repeats: int = 5) -> float:
    """CPU nanoseconds per drone-step of :func:`read_into` (best of ``repeats``): N camera
    drones in flight, 1 kHz. The physics time advances by dt each step (so the 10 ms updates
    and the GPS samples fall due); that update is timed alone and subtracted."""
    from dronedojo.physics import Params, airframes, initial_state  # noqa: PLC0415

    physics = initial_state(
        Params.from_airframes([airframes.get("camera-sub250")] * n), position=(0.0, 0.0, 30.0)
    )
    params = SensorParams.from_configs([SensorConfig.camera()] * n)
    state = init_sensors(params, physics, np.random.default_rng(0))
    x = physics.x.copy()
    out = np.empty((n, READINGS_SIZE))
    clock = x[:, S_TIME]

    def run(read: bool) -> float:
        start = time.process_time()
        for _ in range(steps):
            np.add(clock, params.dt, out=clock)
            if read:
                read_batch(params.blocked, state.x, state.rng, x, out)
        return time.process_time() - start

    run(True)  # compile
    best = min(run(True) for _ in range(repeats))
    overhead = min(run(False) for _ in range(repeats))
    return max(best - overhead, 0.0) / (n * steps) * 1e9
