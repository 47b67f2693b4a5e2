"""The state of N drones: one packed float64 array with named, documented views."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dronedojo.physics import layout as L
from dronedojo.physics.battery import cell_voltage
from dronedojo.physics.packing import packed_rows
from dronedojo.physics.params import Params

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class State:
    """State of N drones. ``step`` never changes a State; it returns a new one.

    Every view below is a slice of ``x`` with the drone axis first.
    """

    x: Array
    """Packed state, shape (N, STATE_SIZE), float64, layout in :mod:`layout`."""

    def __post_init__(self) -> None:
        x = packed_rows(self.x, L.STATE_SIZE, "state")
        _check_faults(x)
        object.__setattr__(self, "x", x)

    @property
    def n(self) -> int:
        """Number of drones."""
        return int(self.x.shape[0])

    @property
    def position(self) -> Array:
        """Centre of mass, world ENU (x east, y north, z up above the ground), m, (N, 3)."""
        return self.x[:, L.S_POS : L.S_POS + 3]

    @property
    def velocity(self) -> Array:
        """Velocity of the centre of mass, world ENU, m/s, (N, 3)."""
        return self.x[:, L.S_VEL : L.S_VEL + 3]

    @property
    def quaternion(self) -> Array:
        """Attitude, unit quaternion (w, x, y, z) rotating body FLU into world ENU, (N, 4)."""
        return self.x[:, L.S_QUAT : L.S_QUAT + 4]

    @property
    def angular_velocity(self) -> Array:
        """Body rates about body x (roll), y (pitch, + is nose down), z (yaw, + is left), rad/s,
        (N, 3)."""
        return self.x[:, L.S_RATE : L.S_RATE + 3]

    @property
    def rotor_speed(self) -> Array:
        """Rotor speeds of motors 1-4 (Betaflight order), rad/s, >= 0, (N, 4)."""
        return self.x[:, L.S_ROTOR : L.S_ROTOR + 4]

    @property
    def state_of_charge(self) -> Array:
        """Battery state of charge, 0-1, (N,)."""
        return self.x[:, L.S_SOC]

    @property
    def voltage(self) -> Array:
        """Battery terminal voltage under the last step's load, V, (N,)."""
        return self.x[:, L.S_VOLT]

    @property
    def current(self) -> Array:
        """Battery current in the last step, A, (N,)."""
        return self.x[:, L.S_CURRENT]

    @property
    def time(self) -> Array:
        """Simulated time since the initial state, s, (N,)."""
        return self.x[:, L.S_TIME]

    @property
    def wind(self) -> Array:
        """Total wind at the drone in the last step (steady + turbulence + gust), world ENU,
        m/s, (N, 3)."""
        return self.x[:, L.S_WIND : L.S_WIND + 3]

    @property
    def contacts(self) -> Array:
        """Contact points touching the ground or an obstacle in the last step, (N,)."""
        return self.x[:, L.S_CONTACTS]

    @property
    def crashed(self) -> NDArray[np.bool_]:
        """True once a drone has crashed (sticky), (N,)."""
        return self.x[:, L.S_CRASHED] > 0.5

    @property
    def impact_speed(self) -> Array:
        """Approach speed of the worst crash so far, m/s (0 before any), (N,)."""
        return self.x[:, L.S_IMPACT]

    @property
    def crash_kind(self) -> NDArray[np.int64]:
        """Kind of the worst crash: 0 none, 1 ground (hard landing or props on the ground),
        2 obstacle, (N,)."""
        return self.x[:, L.S_CRASH_KIND].astype(np.int64)

    @property
    def thrust_factor(self) -> Array:
        """Fraction of its nominal thrust each rotor delivers, motors 1-4, in [0, 1], (N, 4).

        1.0 is a healthy rotor; a damaged propeller or a weak motor (a fault) lowers it. The
        rotor's thrust and its drag torque (hence also the shaft power it draws) are both
        multiplied by it; its speed is not. ``step`` carries it through unchanged.
        """
        return self.x[:, L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4]

    @property
    def resistance_factor(self) -> Array:
        """Multiplier on the pack's internal resistance, finite and > 0, (N,).

        1.0 is a healthy pack; a battery-sag fault (a weak cell) raises it, so the voltage
        sags more under load. ``step`` carries it through unchanged.
        """
        return self.x[:, L.S_RESISTANCE_FACTOR]

    def euler(self) -> Array:
        """Roll, pitch, yaw (rad), ZYX convention in the ENU/FLU frames, (N, 3).

        Roll is about body x (+ rolls right), pitch about body y (+ is nose down in FLU),
        yaw about world z (+ is counter-clockwise seen from above, 0 = facing east).
        """
        w, x, y, z = self.quaternion.T
        roll = np.arctan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y))
        pitch = np.arcsin(np.clip(2 * (w * y - z * x), -1.0, 1.0))
        yaw = np.arctan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z))
        return np.stack([roll, pitch, yaw], axis=1)


def _check_faults(x: Array) -> None:
    """Refuse fault fields outside their meaning (NaN fails both tests)."""
    thrust = x[:, L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4]
    if not np.all((thrust >= 0.0) & (thrust <= 1.0)):
        raise ValueError("state thrust_factor must be within [0, 1] (1.0 = a healthy rotor)")
    resistance = x[:, L.S_RESISTANCE_FACTOR]
    if not np.all(np.isfinite(resistance) & (resistance > 0.0)):
        raise ValueError("state resistance_factor must be finite and > 0 (1.0 = a healthy pack)")


def _broadcast(value: ArrayLike, n: int, width: int, name: str) -> Array:
    a = np.asarray(value, dtype=float)
    try:
        return np.broadcast_to(a, (n, width)) if width > 1 else np.broadcast_to(a, (n,))
    except ValueError:
        shape = f"({width},) or ({n}, {width})" if width > 1 else f"a number or ({n},)"
        raise ValueError(f"{name} must be {shape}, got shape {a.shape}") from None


def initial_state(
    params: Params,
    position: ArrayLike | None = None,
    yaw: ArrayLike = 0.0,
    velocity: ArrayLike = (0.0, 0.0, 0.0),
    state_of_charge: ArrayLike = 1.0,
) -> State:
    """Drones at rest, level, rotors stopped, no wind history, not crashed, no faults
    (thrust and resistance factors 1.0).

    Args:
        params: the batch the state belongs to (gives N and each drone's landing-gear height).
        position: centre of mass, world ENU, m, (3,) or (N, 3). Default: at the origin,
            standing on its feet on the ground.
        yaw: heading, rad, about world z (0 faces east, pi/2 north), a number or (N,).
        velocity: world ENU, m/s, (3,) or (N, 3).
        state_of_charge: battery charge 0-1, a number or (N,).
    """
    n = params.n
    x = np.zeros((n, L.STATE_SIZE))
    if position is None:
        x[:, L.S_POS + 2] = params.column(L.P_GEAR)
    else:
        x[:, L.S_POS : L.S_POS + 3] = _broadcast(position, n, 3, "position")
    x[:, L.S_VEL : L.S_VEL + 3] = _broadcast(velocity, n, 3, "velocity")
    half_yaw = 0.5 * _broadcast(yaw, n, 1, "yaw")
    x[:, L.S_QUAT] = np.cos(half_yaw)
    x[:, L.S_QUAT + 3] = np.sin(half_yaw)
    soc = _broadcast(state_of_charge, n, 1, "state_of_charge")
    if np.any((soc < 0.0) | (soc > 1.0)):
        raise ValueError("state_of_charge must be within [0, 1]")
    x[:, L.S_SOC] = soc
    cells = params.column(L.P_CELLS)
    x[:, L.S_VOLT] = cells * np.array([cell_voltage(float(s)) for s in soc])
    x[:, L.S_CURRENT] = params.column(L.P_AVIONICS)
    x[:, L.S_TURB : L.S_TURB + 3] = math.nan  # started from the stationary law on first use
    x[:, L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4] = 1.0
    x[:, L.S_RESISTANCE_FACTOR] = 1.0
    return State(x)


def inject_gust(
    state: State, rows: ArrayLike, start: float, duration: float, peak: ArrayLike
) -> State:
    """A new State with a 1-cosine gust scheduled for ``rows`` (a fault on command).

    Args:
        rows: drone indices.
        start: simulated time the gust begins, s.
        duration: s, > 0.
        peak: peak gust velocity, world ENU, m/s, (3,).
    """
    if not duration > 0.0:
        raise ValueError("gust duration must be positive")
    x = state.x.copy()
    idx = np.asarray(rows, dtype=np.intp)
    x[idx, L.S_GUST_T0] = start
    x[idx, L.S_GUST_LEN] = duration
    x[idx, L.S_GUST_PEAK : L.S_GUST_PEAK + 3] = _broadcast(peak, 1, 3, "peak")[0]
    return State(x)
