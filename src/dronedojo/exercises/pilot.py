"""What a pilot does and sees during an exercise, whoever flies it: a person in the browser or
a scripted pilot (dronedojo.autopilot).

Fifty times a second the runner shows the pilot an :class:`Observation` (the drone as the
pilot sees it and the on-screen display) and takes a :class:`Command`: the transmitter's sticks
and switches, the camera gimbal wheel and the capture button.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises.frame import Frame
from dronedojo.exercises.spec import Exercise

Array = NDArray[np.float64]

INPUT_SIZE = 9
"""Columns of a recorded input row: roll, pitch, yaw, throttle, arm, mode, rth, gimbal, capture."""


@dataclass(frozen=True, slots=True)
class Command:
    """The pilot's hands for the next frame. Sticks in [-1, 1], throttle in [0, 1]."""

    roll: float = 0.0
    pitch: float = 0.0
    yaw: float = 0.0
    throttle: float = 0.0
    arm: bool = False
    mode: str = ""
    """A flight mode the exercise allows ("" keeps the current one)."""
    rth: bool = False
    gimbal: float = 0.0
    """Camera gimbal pitch, rad, 0 level to -pi/2 straight down."""
    capture: bool = False
    """The capture (shutter) button pressed for this frame."""

    def row(self, mode_code: int) -> Array:
        g = min(0.0, max(-math.pi / 2.0, self.gimbal))
        return np.array(
            [
                min(1.0, max(-1.0, self.roll)),
                min(1.0, max(-1.0, self.pitch)),
                min(1.0, max(-1.0, self.yaw)),
                min(1.0, max(0.0, self.throttle)),
                1.0 if self.arm else 0.0,
                float(mode_code),
                1.0 if self.rth else 0.0,
                g,
                1.0 if self.capture else 0.0,
            ]
        )


@dataclass(frozen=True, slots=True)
class Progress:
    """The on-screen objective display: the current objective and how far along it is."""

    index: int
    """Index of the current objective in the exercise (len(objectives) when all are done)."""
    objective: str | None
    fraction: float
    done: tuple[str, ...]
    """Ids of the objectives completed so far."""


@dataclass(frozen=True, slots=True)
class Observation:
    """What the pilot sees: the drone (as a pilot on the field or the FPV camera shows it),
    the flight mode and armed state on the display, and the objective display."""

    frame: Frame
    mode: str
    progress: Progress


class Pilot(Protocol):
    """Anything that flies an exercise through a Command per frame."""

    name: str

    def reset(self, exercise: Exercise, seed: int) -> None:
        """Get ready to fly ``exercise``; ``seed`` seeds any randomness of the pilot."""

    def act(self, observation: Observation) -> Command:
        """The command for the next frame."""
        ...


class HandsOff:
    """A pilot who never touches the controls: sticks centred (throttle too), switches off.
    Every exercise that asks for movement must fail with it."""

    name = "hands-off"

    def reset(self, exercise: Exercise, seed: int) -> None:
        self._mode = exercise.modes[0]
        self._flying = exercise.spawn.flying

    def act(self, observation: Observation) -> Command:
        # A drone that starts in the air starts armed: the switch stays where it was found.
        return Command(throttle=0.5, arm=self._flying, mode=self._mode)
