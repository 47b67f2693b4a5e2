"""Faults an instructor or an exercise injects: what breaks, when, for how long, on which drones.

A fault acts where it would act on a real aircraft:

- ``gps_loss``: the GPS receiver loses its fix (sensors); camera drones fall back to ATTI.
- ``link_loss``: RC frames stop reaching the controller (its input); failsafe after the delay.
- ``battery_sag``: a weak cell: the pack's internal resistance is multiplied (physics).
- ``motor_failure``: one motor (Betaflight numbering 1-4) loses part of its thrust (physics:
  the rotor's thrust and drag torque are scaled, as a damaged propeller does).
- ``compass_error``: the heading estimate is off by an angle (sensors); a GPS drone's
  position hold then circles ("toilet-bowling").
- ``gust``: a 1-cosine gust of a given peak velocity and duration (physics wind).

Faults start at ``at`` (s of simulated time) or at once when injected on command, and end
after ``duration`` s (``None``: until the end of the flight; a gust always has its duration).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

KINDS = ("gps_loss", "link_loss", "battery_sag", "motor_failure", "compass_error", "gust")


@dataclass(frozen=True)
class Fault:
    """One fault (see the module docstring for the kinds)."""

    kind: str
    at: float = 0.0
    """Start, s of simulated time."""
    duration: float | None = None
    """How long it lasts, s; None = until the end (not allowed for a gust)."""
    drones: tuple[int, ...] | None = None
    """Indices of the drones it hits; None = all."""
    motor: int = 1
    """motor_failure: the motor, Betaflight numbering 1 (rear right) to 4 (front left)."""
    thrust_loss: float = 0.5
    """motor_failure: fraction of the motor's thrust lost, 0-1 (1 = the motor stops)."""
    resistance_factor: float = 3.0
    """battery_sag: multiplier on the internal resistance, >= 1."""
    heading_error_deg: float = 30.0
    """compass_error: heading estimate minus the true heading, deg."""
    gust_peak: tuple[float, float, float] = (8.0, 0.0, 0.0)
    """gust: peak gust velocity, world ENU, m/s."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                f"unknown fault kind {self.kind!r}: expected one of {', '.join(KINDS)}"
            )
        if not self.at >= 0.0:
            raise ValueError(f"fault 'at' must be a time >= 0 s, got {self.at}")
        if self.duration is not None and not self.duration > 0.0:
            raise ValueError(f"fault duration must be > 0 s or None, got {self.duration}")
        if self.kind == "gust" and self.duration is None:
            raise ValueError("a gust needs a duration (s)")
        if self.motor not in (1, 2, 3, 4):
            raise ValueError(f"motor must be 1-4 (Betaflight numbering), got {self.motor}")
        if not 0.0 <= self.thrust_loss <= 1.0:
            raise ValueError(f"thrust_loss must be within [0, 1], got {self.thrust_loss}")
        if not self.resistance_factor >= 1.0:
            raise ValueError(f"resistance_factor must be >= 1, got {self.resistance_factor}")
        if self.drones is not None:
            object.__setattr__(self, "drones", tuple(int(d) for d in self.drones))

    @property
    def end(self) -> float:
        """When it ends, s (inf if it never does)."""
        return float("inf") if self.duration is None else self.at + self.duration

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Fault:
        """A fault from a plain mapping (an exercise file's fault timeline entry)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown fault field(s) {', '.join(unknown)}")
        if "kind" not in data:
            raise ValueError("a fault needs a 'kind'")
        values = dict(data)
        for name in ("drones", "gust_peak"):
            if name in values and values[name] is not None:
                values[name] = tuple(values[name])
        return cls(**values)
