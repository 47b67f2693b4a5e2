"""Motor commands for a batch: ESC commands, rotor speeds, or stopped motors, per drone."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dronedojo.physics import layout as L
from dronedojo.physics.packing import packed_rows


@dataclass(frozen=True, slots=True)
class MotorCommand:
    """What each drone's four motors are told in one step, motors 1-4 in Betaflight order.

    Build it with :meth:`esc`, :meth:`rotor_speed` or :meth:`stopped`; drones of one batch
    may mix kinds with :meth:`combine`.
    """

    x: NDArray[np.float64]
    """Packed, shape (N, COMMAND_SIZE): four values and the kind (layout.CMD_*)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", packed_rows(self.x, L.COMMAND_SIZE, "command"))

    @staticmethod
    def _pack(values: ArrayLike, kind: int, what: str) -> MotorCommand:
        v = np.asarray(values, dtype=float)
        if v.ndim == 1:
            v = v[None, :]
        if v.ndim != 2 or v.shape[1] != 4:
            raise ValueError(f"{what} must have shape (4,) or (N, 4), got {v.shape}")
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{what} must be finite")
        x = np.empty((v.shape[0], L.COMMAND_SIZE))
        x[:, :4] = v
        x[:, L.C_KIND] = kind
        return MotorCommand(x)

    @classmethod
    def esc(cls, throttle: ArrayLike) -> MotorCommand:
        """ESC commands in [0, 1] (clipped), armed: 0 spins the rotors at the idle speed."""
        return cls._pack(throttle, L.CMD_ESC, "ESC command")

    @classmethod
    def rotor_speed(cls, omega: ArrayLike) -> MotorCommand:
        """Rotor speeds in rad/s (clipped to [0, the battery-limited maximum])."""
        return cls._pack(omega, L.CMD_ROTOR_SPEED, "rotor speed command")

    @classmethod
    def stopped(cls, n: int) -> MotorCommand:
        """Motors unpowered (disarmed) for ``n`` drones: rotors coast down."""
        return cls._pack(np.zeros((n, 4)), L.CMD_STOPPED, "stopped command")

    @staticmethod
    def combine(parts: list[MotorCommand]) -> MotorCommand:
        """Stack commands of several groups of drones, in order."""
        return MotorCommand(np.concatenate([p.x for p in parts]))

    @property
    def n(self) -> int:
        """Number of drones."""
        return int(self.x.shape[0])
