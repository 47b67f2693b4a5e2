"""Synthetic frames and small exercises for the judge and scorer tests."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from dronedojo.exercises import frame as F
from dronedojo.exercises.spec import Exercise

DT = F.FRAME_DT


def exercise(objectives: list[dict[str, Any]], **fields: Any) -> Exercise:
    """A camera-drone exercise with these objectives (and any other fields)."""
    data: dict[str, Any] = {
        "id": "test-exercise-v1",
        "course": "first-flights",
        "title": {"en": "Test", "fr": "Essai"},
        "briefing": {"en": "Test.", "fr": "Essai."},
        "airframe": "camera-sub250",
        "modes": ["position"],
        "objectives": objectives,
    }
    data.update(fields)
    return Exercise.model_validate(data)


def row(
    t: float,
    position: Sequence[float],
    velocity: Sequence[float] = (0.0, 0.0, 0.0),
    yaw: float = math.pi / 2,
    *,
    armed: bool = True,
    contact: bool = False,
    crashed: bool = False,
    capture: bool = False,
    gimbal: float = 0.0,
) -> np.ndarray:
    """One frame row; the attitude is level at heading ``yaw`` (rad)."""
    r = np.zeros(F.FRAME_SIZE)
    r[F.C_TIME] = t
    r[F.C_POS : F.C_POS + 3] = position
    r[F.C_VEL : F.C_VEL + 3] = velocity
    r[F.C_QUAT : F.C_QUAT + 4] = (math.cos(yaw / 2), 0.0, 0.0, math.sin(yaw / 2))
    r[F.C_ARMED] = armed
    r[F.C_CRASHED] = crashed
    r[F.C_CONTACT] = contact
    r[F.C_CAPTURE] = capture
    r[F.C_GIMBAL] = gimbal
    r[F.C_SOC] = 1.0
    return r


def still(t0: float, seconds: float, position: Sequence[float], **kw: Any) -> list[np.ndarray]:
    """Frames every DT from ``t0`` for ``seconds`` at one place."""
    n = round(seconds / DT)
    return [row(t0 + i * DT, position, **kw) for i in range(n)]


def track(t0: float, points: np.ndarray, **kw: Any) -> list[np.ndarray]:
    """One frame per point, DT apart, velocity from the differences."""
    out = []
    for i, p in enumerate(points):
        v = (points[min(i + 1, len(points) - 1)] - points[max(i - 1, 0)]) / (2 * DT)
        out.append(row(t0 + i * DT, p, v, **kw))
    return out
