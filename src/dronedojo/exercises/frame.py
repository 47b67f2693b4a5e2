"""What the scorer sees of a flight: one frame per scoring tick (default 50 per second).

A frame is one float64 row (columns ``C_*`` below); a recorded attempt is an (K, FRAME_SIZE)
array of them, so re-scoring a recording replays exactly what live scoring saw. The pilot's
actions that are not flight-controller inputs (the camera gimbal and the capture button) are
in the frame too: a capture is judged on the frame it was pressed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

FRAME_DT = 0.02
"""s between frames: the scorer (and the reference pilot) run at 50 Hz."""

C_TIME = 0  # s since the start
C_POS = 1  # position, world ENU, m (3)
C_VEL = 4  # velocity, world ENU, m/s (3)
C_QUAT = 7  # attitude, w x y z, body to world (4)
C_RATE = 11  # body rates, FLU, rad/s (3)
C_ARMED = 14  # 1 when the motors are armed
C_MODE = 15  # flight mode, fc.layout MODE_* code
C_CRASHED = 16  # 1 once crashed (sticky)
C_CRASH_KIND = 17  # 0 none, 1 ground, 2 obstacle
C_CONTACT = 18  # contact points touching the ground or an obstacle
C_SOC = 19  # battery state of charge, 0-1
C_VOLTAGE = 20  # battery voltage, V
C_EVENTS = 21  # controller event bits (fc.layout EV_*) raised since the last frame
C_STICKS = 22  # roll, pitch, yaw, throttle as the pilot held them (4)
C_GIMBAL = 26  # camera gimbal pitch, rad (0 level, -pi/2 straight down)
C_CAPTURE = 27  # 1 when the capture button was pressed for this frame
C_WIND = 28  # wind at the drone, world ENU, m/s (3)
FRAME_SIZE = 31


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame, unpacked for the objectives' readable code."""

    t: float
    position: Array
    velocity: Array
    quaternion: Array
    rate: Array
    armed: bool
    mode: int
    crashed: bool
    crash_kind: int
    contact: bool
    soc: float
    voltage: float
    events: int
    sticks: Array
    gimbal: float
    capture: bool
    wind: Array

    @classmethod
    def of(cls, row: Array) -> Frame:
        return cls(
            t=float(row[C_TIME]),
            position=row[C_POS : C_POS + 3],
            velocity=row[C_VEL : C_VEL + 3],
            quaternion=row[C_QUAT : C_QUAT + 4],
            rate=row[C_RATE : C_RATE + 3],
            armed=bool(row[C_ARMED] > 0.5),
            mode=int(row[C_MODE]),
            crashed=bool(row[C_CRASHED] > 0.5),
            crash_kind=int(row[C_CRASH_KIND]),
            contact=bool(row[C_CONTACT] > 0.5),
            soc=float(row[C_SOC]),
            voltage=float(row[C_VOLTAGE]),
            events=int(row[C_EVENTS]),
            sticks=row[C_STICKS : C_STICKS + 4],
            gimbal=float(row[C_GIMBAL]),
            capture=bool(row[C_CAPTURE] > 0.5),
            wind=row[C_WIND : C_WIND + 3],
        )

    @property
    def euler(self) -> tuple[float, float, float]:
        """Roll, pitch, yaw, rad, ZYX in the ENU/FLU frames (as physics State.euler: roll +
        right, pitch + nose down, yaw 0 east counter-clockwise)."""
        w, x, y, z = self.quaternion.tolist()
        roll = math.atan2(2.0 * (w * x + y * z), 1.0 - 2.0 * (x * x + y * y))
        pitch = math.asin(max(-1.0, min(1.0, 2.0 * (w * y - z * x))))
        return roll, pitch, self.yaw

    @property
    def yaw(self) -> float:
        """Heading, rad (0 east, counter-clockwise), from the attitude."""
        w, x, y, z = self.quaternion.tolist()
        return math.atan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z))

    @property
    def height(self) -> float:
        """Height above the ground, m."""
        return float(self.position[2])

    @property
    def speed(self) -> float:
        return float(np.linalg.norm(self.velocity))

    @property
    def horizontal_speed(self) -> float:
        return float(np.hypot(self.velocity[0], self.velocity[1]))

    def event(self, bit: int) -> bool:
        """True when the controller raised event ``bit`` (fc.layout EV_*) since the last frame."""
        return bool(self.events & bit)

    @property
    def landed(self) -> bool:
        """On the ground and disarmed."""
        return self.contact and not self.armed and self.position[2] < 0.5
