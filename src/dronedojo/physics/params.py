"""Per-drone parameters packed for the compiled step."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics import layout as L
from dronedojo.physics.airframe import Airframe

CONTACT_FREQUENCY = 25.0
"""Natural frequency of the drone bouncing on its feet, Hz: stiff enough that a resting drone
sinks under a millimetre, soft enough for the explicit step at 2 ms (w dt = 0.31)."""
CONTACT_DAMPING_RATIO = 1.0
"""Critical damping: a landing does not bounce."""
SLIP_TIME = 0.01
"""Time constant of the viscous cap on friction, s (keeps friction stable at 2 ms)."""
STANDARD_AIR_DENSITY = 1.225
"""ISA sea-level air density, kg/m^3, used for the hover induced velocity."""
STANDARD_GRAVITY = 9.80665
"""m/s^2."""

SPIN = (-1.0, 1.0, 1.0, -1.0)
"""Rotor spin about body +z for motors 1-4 (Betaflight quad-X: 1 CW, 2 CCW, 3 CCW, 4 CW)."""


def rotor_positions(arm_x: float, arm_y: float) -> NDArray[np.float64]:
    """Hub positions of motors 1-4 in Betaflight's quad-X order, body FLU, m, shape (4, 3).

    1 rear-right, 2 front-right, 3 rear-left, 4 front-left.
    """
    return np.array(
        [[-arm_x, -arm_y, 0.0], [arm_x, -arm_y, 0.0], [-arm_x, arm_y, 0.0], [arm_x, arm_y, 0.0]]
    )


def _row(a: Airframe) -> NDArray[np.float64]:
    row = np.zeros(L.PARAMS_SIZE)
    inertia = np.asarray(a.inertia, dtype=float)
    positions = rotor_positions(a.arm_x, a.arm_y)
    row[L.P_MASS] = a.mass
    row[L.P_INERTIA : L.P_INERTIA + 9] = inertia.ravel()
    row[L.P_INERTIA_INV : L.P_INERTIA_INV + 9] = np.linalg.inv(inertia).ravel()
    row[L.P_ROTOR_POS : L.P_ROTOR_POS + 12] = positions.ravel()
    row[L.P_SPIN : L.P_SPIN + 4] = SPIN
    row[L.P_THRUST : L.P_THRUST + 3] = a.thrust_coeffs
    row[L.P_TORQUE : L.P_TORQUE + 3] = a.torque_coeffs
    row[L.P_ROTOR_INERTIA] = a.rotor_inertia
    row[L.P_TAU_UP] = a.tau_up
    row[L.P_TAU_DOWN] = a.tau_down
    row[L.P_KV] = a.kv_rad_s_per_volt
    row[L.P_IDLE] = a.idle_fraction
    row[L.P_ROTOR_RADIUS] = a.rotor_radius
    row[L.P_ROTOR_DRAG] = a.rotor_drag_coeff
    row[L.P_DRAG_AREA : L.P_DRAG_AREA + 3] = a.drag_area
    row[L.P_VRS_LOSS] = a.vrs_loss
    disc_area = 4.0 * math.pi * a.rotor_radius**2
    row[L.P_HOVER_INDUCED] = math.sqrt(
        a.mass * STANDARD_GRAVITY / (2.0 * STANDARD_AIR_DENSITY * disc_area)
    )
    row[L.P_CELLS] = a.cells
    row[L.P_CAPACITY] = a.capacity_mah * 3.6  # mAh -> A s
    row[L.P_RESISTANCE] = a.internal_resistance
    row[L.P_EFFICIENCY] = a.power_efficiency
    row[L.P_AVIONICS] = a.avionics_current
    row[L.P_GEAR] = a.gear_height
    row[L.P_TOP] = a.top_height
    omega = 2.0 * math.pi * CONTACT_FREQUENCY
    point_mass = a.mass / 4.0  # four feet share the weight
    row[L.P_STIFFNESS] = point_mass * omega**2
    row[L.P_DAMPING] = 2.0 * CONTACT_DAMPING_RATIO * point_mass * omega
    row[L.P_FRICTION] = a.friction
    row[L.P_SLIP_DAMPING] = point_mass / SLIP_TIME
    row[L.P_CRASH_SPEED] = a.crash_speed
    row[L.P_RADIUS] = math.hypot(a.arm_x, a.arm_y) + a.rotor_radius
    row[L.P_GAIN_UP] = -math.expm1(-L.DEFAULT_DT / a.tau_up)
    row[L.P_GAIN_DOWN] = -math.expm1(-L.DEFAULT_DT / a.tau_down)
    return row


def _plan(kinds: NDArray[np.int64]) -> NDArray[np.int64]:
    """The order and blocks the compiled step goes through (see :attr:`Params.plan`)."""
    order = np.argsort(kinds, kind="stable")
    blocks = []
    start = 0
    for kind, count in enumerate(np.bincount(kinds)):
        for first in range(start, start + int(count), L.LANES):
            blocks.append((first, min(L.LANES, start + int(count) - first), kind))
        start += int(count)
    return np.concatenate([order, np.array(blocks, dtype=np.int64).reshape(-1)])


@dataclass(frozen=True, slots=True)
class Params:
    """Parameters of N drones, one row each, in the layout of :mod:`dronedojo.physics.layout`.

    Build it with :meth:`from_airframes`; drones of different airframes share one batch.
    Derived values (inverse inertia, hover induced velocity, contact constants, bounding
    radius) are computed here, never typed by hand.
    """

    x: NDArray[np.float64]
    """Packed parameters, shape (N, PARAMS_SIZE), float64, one row per drone."""
    airframes: tuple[Airframe, ...]
    """The airframe of each drone, in row order."""
    table: NDArray[np.float64]
    """The distinct rows of ``x`` (one per distinct airframe), shape (A, PARAMS_SIZE): the
    compiled step reads the parameters from here, once per block of drones."""
    plan: NDArray[np.int64]
    """How the compiled step goes through the batch, shape (N + 3 B,): the N row indices
    grouped by airframe (stable), then B blocks of at most ``LANES`` drones of one airframe,
    three values each: the block's first position in that order, its number of drones and
    its airframe's row of ``table``."""

    @classmethod
    def from_airframes(cls, airframes: Sequence[Airframe]) -> Params:
        """Pack ``airframes`` (one per drone, repeats allowed) into a batch."""
        if len(airframes) == 0:
            raise ValueError("Params.from_airframes needs at least one airframe")
        rows = {id(a): _row(a) for a in airframes}  # each airframe computed once
        x = np.stack([rows[id(a)] for a in airframes])
        table, kinds = np.unique(x, axis=0, return_inverse=True)  # equal airframes share a row
        plan = _plan(kinds.reshape(-1).astype(np.int64))
        for a in (x, table, plan):
            a.setflags(write=False)
        return cls(x, tuple(airframes), table, plan)

    @property
    def n(self) -> int:
        """Number of drones."""
        return int(self.x.shape[0])

    @property
    def mass(self) -> NDArray[np.float64]:
        """Mass, kg, shape (N,)."""
        return self.x[:, L.P_MASS]

    @property
    def inertia(self) -> NDArray[np.float64]:
        """Inertia tensor, body frame, kg m^2, shape (N, 3, 3)."""
        return self.x[:, L.P_INERTIA : L.P_INERTIA + 9].reshape(-1, 3, 3)

    @property
    def rotor_positions(self) -> NDArray[np.float64]:
        """Hub positions, body FLU, m, shape (N, 4, 3), motors 1-4."""
        return self.x[:, L.P_ROTOR_POS : L.P_ROTOR_POS + 12].reshape(-1, 4, 3)

    @property
    def spin(self) -> NDArray[np.float64]:
        """Rotor spin about body +z, +1 CCW / -1 CW, shape (N, 4)."""
        return self.x[:, L.P_SPIN : L.P_SPIN + 4]

    @property
    def hover_induced_velocity(self) -> NDArray[np.float64]:
        """Momentum-theory induced velocity at hover, m/s, shape (N,)."""
        return self.x[:, L.P_HOVER_INDUCED]

    def column(self, index: int) -> NDArray[np.float64]:
        """One packed column by its :mod:`layout` index, shape (N,)."""
        return self.x[:, index]
