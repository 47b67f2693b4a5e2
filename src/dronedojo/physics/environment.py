"""The environment shared by a batch: gravity, air, wind, obstacles and effect switches."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics import layout as L
from dronedojo.physics.world import World

KNOT = 1852.0 / 3600.0
"""One knot in m/s."""

TURBULENCE_W20 = {"none": 0.0, "light": 15 * KNOT, "moderate": 30 * KNOT, "severe": 45 * KNOT}
"""Wind speed at 20 ft that sets the Dryden low-altitude intensity (MIL-F-8785C), m/s."""

EFFECTS = L.EFFECTS
"""Names of the effects that can be switched off, for :attr:`Environment.disabled`."""


@dataclass(frozen=True)
class Environment:
    """Everything outside the drones. All effects are on unless named in ``disabled``.

    Args:
        gravity: m/s^2, acting along world -z.
        air_density: kg/m^3.
        wind: steady wind the air moves with, world ENU, m/s (blowing *towards*, so
            (5, 0, 0) is a westerly pushing drones east).
        turbulence: Dryden intensity, one of ``none``, ``light``, ``moderate``, ``severe``.
        gust_rate: mean number of random 1-cosine gusts per second (0: none).
        gust_speed: peak speed of a random gust, m/s.
        gust_duration: mean duration of a random gust, s.
        world: static obstacles.
        disabled: effects switched off, names from :data:`EFFECTS`.
    """

    gravity: float = 9.80665
    air_density: float = 1.225
    wind: tuple[float, float, float] = (0.0, 0.0, 0.0)
    turbulence: str = "none"
    gust_rate: float = 0.0
    gust_speed: float = 0.0
    gust_duration: float = 2.0
    world: World = field(default_factory=World)
    disabled: frozenset[str] = frozenset()
    x: NDArray[np.float64] = field(init=False, repr=False, compare=False)
    """Packed vector for the kernel (derived)."""
    random: bool = field(init=False, repr=False, compare=False)
    """True when a step needs random numbers (turbulence or random gusts)."""

    def __post_init__(self) -> None:
        unknown = set(self.disabled) - set(EFFECTS)
        if unknown:
            raise ValueError(f"unknown effect(s) {sorted(unknown)}; known: {list(EFFECTS)}")
        if self.turbulence not in TURBULENCE_W20:
            raise ValueError(
                f"turbulence must be one of {list(TURBULENCE_W20)}, got {self.turbulence!r}"
            )
        numbers = {
            "gravity": self.gravity,
            "air_density": self.air_density,
            "gust_rate": self.gust_rate,
            "gust_speed": self.gust_speed,
        }
        for name, value in numbers.items():
            if not (math.isfinite(value) and value >= 0.0):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
        if not (math.isfinite(self.gust_duration) and self.gust_duration > 0.0):
            raise ValueError(f"gust_duration must be positive, got {self.gust_duration!r}")
        wind = tuple(float(w) for w in self.wind)
        if len(wind) != 3 or not all(math.isfinite(w) for w in wind):
            raise ValueError(f"wind must be three finite numbers (m/s), got {self.wind!r}")
        header = np.zeros(L.ENV_HEADER)
        header[L.E_GRAVITY] = self.gravity
        header[L.E_AIR_DENSITY] = self.air_density
        header[L.E_WIND : L.E_WIND + 3] = wind
        header[L.E_TURB_W20] = TURBULENCE_W20[self.turbulence]
        header[L.E_GUST_RATE] = self.gust_rate
        header[L.E_GUST_SPEED] = self.gust_speed
        header[L.E_GUST_DURATION] = self.gust_duration
        for k, name in enumerate(EFFECTS):
            header[L.E_FLAGS + k] = 0.0 if name in self.disabled else 1.0
        header[L.E_N_BOXES] = len(self.world.boxes)
        header[L.E_N_CYLINDERS] = len(self.world.cylinders)
        x = np.concatenate([header, self.world.packed()])
        x.setflags(write=False)
        object.__setattr__(self, "x", x)
        turbulent = "turbulence" not in self.disabled and self.turbulence != "none"
        gusty = "gusts" not in self.disabled and self.gust_rate > 0.0
        object.__setattr__(self, "random", turbulent or gusty)

    def without(self, *effects: str) -> Environment:
        """The same environment with ``effects`` switched off as well."""
        return Environment(
            gravity=self.gravity,
            air_density=self.air_density,
            wind=self.wind,
            turbulence=self.turbulence,
            gust_rate=self.gust_rate,
            gust_speed=self.gust_speed,
            gust_duration=self.gust_duration,
            world=self.world,
            disabled=self.disabled | frozenset(effects),
        )

    @classmethod
    def vacuum(cls) -> Environment:
        """Gravity and the rigid body only: every other effect switched off."""
        return cls(disabled=frozenset(EFFECTS) - {"gravity"})
