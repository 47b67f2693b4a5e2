"""The judge of one objective, and the context every judge shares during one attempt.

A :class:`Judge` is created per objective of the exercise when an attempt starts. The scorer
(exercises/scoring.py) calls ``start`` when the objective becomes current (watchers: on the
first frame), ``update`` on every frame while it is active, and ``finish`` once at the end of
the flight. A judge only ever looks at the frames it is given, in order, so scoring a
recorded attempt again gives the same result, and live progress costs one update per frame.

Judges report errors and timeline events through the :class:`Context`; they never print.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Message, Param, Quantity
from dronedojo.exercises.spec import Exercise, Objective, objective_id

Array = NDArray[np.float64]
Status = Literal["pending", "active", "done", "failed"]


@dataclass(frozen=True)
class ErrorRecord:
    """One error the pilot made: ``kind`` (exercises/errors.py), its severity after the
    exercise's overrides, when, which objective (None: a limit or the whole flight), and the
    parameters of its text."""

    kind: str
    severity: str
    t: float
    objective: str | None
    params: dict[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened, for the attempt's time line (``kind`` names it)."""

    t: float
    kind: str
    objective: str | None = None
    params: dict[str, Param] = field(default_factory=dict)


class Context:
    """Shared by the judges of one attempt: the exercise, where things are, and the sinks for
    errors and events."""

    def __init__(self, exercise: Exercise) -> None:
        from dronedojo.exercises.errors import severity_of  # noqa: PLC0415 - no import cycle

        self.exercise = exercise
        self._severity_of = severity_of
        self.errors: list[ErrorRecord] = []
        self.events: list[TimelineEvent] = []
        self.home = (
            np.array([*exercise.world.pad("home").center, 0.0])
            if any(p.name == "home" for p in exercise.world.pads)
            else np.array([*exercise.spawn.position[:2], 0.0])
        )
        self.pilot = np.array(exercise.view.pilot, dtype=float)
        self.wind = np.array(exercise.weather.wind, dtype=float)
        self.fault_times = [f.at for f in exercise.faults]
        self.airborne = False
        """True from the first frame off the ground until a landing (kept by the scorer)."""
        self.takeoff_time: float | None = None
        self.last_t = 0.0
        """Time of the latest frame, s."""
        self.current_kind: str | None = None
        """Kind of the objective flown now (None before the first and after the last)."""

    def error(self, kind: str, t: float, objective: str | None = None, **params: Param) -> None:
        """Record an error of ``kind`` at ``t``."""
        severity = self._severity_of(kind, self.exercise)
        self.errors.append(ErrorRecord(kind, severity, t, objective, dict(params)))
        self.event(t, f"error:{kind}", objective, **params)

    def event(self, t: float, kind: str, objective: str | None = None, **params: Param) -> None:
        self.events.append(TimelineEvent(t, kind, objective, dict(params)))


class Judge(ABC):
    """Judges one objective (see the module text). Subclasses set ``kind`` and implement
    ``update``, ``quality`` and ``metrics``; the rest has sensible defaults."""

    kind: str = ""

    def __init__(self, spec: Objective, index: int, ctx: Context) -> None:
        self.spec = spec
        self.index = index
        self.id = objective_id(spec, index)
        self.ctx = ctx
        self.status: Status = "pending"
        self.started_at: float | None = None
        self.ended_at: float | None = None

    # --- life cycle -----------------------------------------------------------------------
    def start(self, frame: Frame) -> None:
        """This objective becomes the current one (watchers: on the first frame)."""
        self.status = "active"
        self.started_at = frame.t
        self.ctx.event(frame.t, "objective_started", self.id)

    @abstractmethod
    def update(self, frame: Frame) -> None:
        """Judge one more frame (only called while active)."""

    def finish(self, frame: Frame | None) -> None:
        """The flight is over: an objective still active or pending has failed (override to
        resolve otherwise, as watchers do). ``frame`` is the last frame (None: no frames)."""
        if self.status in ("pending", "active"):
            self.status = "failed"
            self.ended_at = frame.t if frame is not None else None

    def complete(self, t: float) -> None:
        """Mark the objective done at ``t``."""
        self.status = "done"
        self.ended_at = t
        self.ctx.event(t, "objective_done", self.id)

    def fail(self, t: float) -> None:
        self.status = "failed"
        self.ended_at = t
        self.ctx.event(t, "objective_failed", self.id)

    def error(self, kind: str, t: float, **params: Param) -> None:
        self.ctx.error(kind, t, self.id, **params)

    # --- what it reports --------------------------------------------------------------------
    @property
    def resolved(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def fraction(self) -> float:
        """How far along, 0-1, for live progress."""
        return 1.0 if self.status == "done" else 0.0

    @abstractmethod
    def quality(self) -> float:
        """0-1: how well it was flown (applied to the points when done)."""

    @abstractmethod
    def metrics(self) -> dict[str, Quantity | str]:
        """Named figures of how it was flown (SI quantities)."""

    def feedback(self) -> list[Message]:
        """Advice the pilot can act on (empty when there is nothing to say)."""
        return []

    @property
    def earned(self) -> float:
        """Points earned: the objective's points times its quality when done, else 0."""
        return float(self.spec.points) * self.quality() if self.status == "done" else 0.0

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "status": self.status}


# --- geometry the judges share ---------------------------------------------------------------
def wrap(angle: float) -> float:
    """``angle`` wrapped to [-pi, pi)."""
    return (angle + math.pi) % (2.0 * math.pi) - math.pi


def clamp01(v: float) -> float:
    return 0.0 if v < 0.0 else 1.0 if v > 1.0 else v


def heading_error(rule: str, frame: Frame, pilot: Array, yaw_deg: float | None = None) -> float:
    """Absolute heading error, rad, for a heading rule of exercises/spec.py: ``tail_in`` (the
    nose points away from the pilot), ``nose_in`` (towards the pilot), ``side_on`` (either
    side towards the pilot), ``fixed`` (``yaw_deg``); 0 for ``any``."""
    if rule == "any":
        return 0.0
    if rule == "fixed":
        assert yaw_deg is not None
        return abs(wrap(frame.yaw - math.radians(yaw_deg)))
    away = math.atan2(frame.position[1] - pilot[1], frame.position[0] - pilot[0])
    if rule == "tail_in":
        return abs(wrap(frame.yaw - away))
    if rule == "nose_in":
        return abs(wrap(frame.yaw - away - math.pi))
    side = abs(wrap(frame.yaw - away))  # side_on: 90 deg either way
    return abs(side - math.pi / 2.0)
