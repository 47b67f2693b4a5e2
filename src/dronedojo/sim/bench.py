"""Benchmarks of the whole simulation step (sensors + flight controller + physics).

Each figure flies armed drones (FPV quads in ANGLE mode at hover throttle, or GPS camera
drones holding position) so that every stage does its real work, and reports drone-steps per
second of CPU time of the measuring process (best of several repeats: the machines are
shared and noisy).
"""

from __future__ import annotations

import time

from dronedojo.fc.controller import PilotInput
from dronedojo.sim.simulator import Simulator

_FLYING = {"fpv-5inch": ("angle", 0.28), "camera-sub250": ("position", 0.5)}
"""Mode and throttle stick that keep each preset flying."""


def _flying(airframe: str, n: int) -> Simulator:
    mode, throttle = _FLYING[airframe]
    sim = Simulator([airframe] * n, seed=0)
    sim.run(2, PilotInput.of(n, mode=mode, arm=0.0))
    sim.run(2, PilotInput.of(n, mode=mode, arm=1.0))
    takeoff = 0.9 if airframe.startswith("camera") else throttle
    sim.run(500, PilotInput.of(n, mode=mode, arm=1.0, throttle=takeoff))
    sim.set_inputs(PilotInput.of(n, mode=mode, arm=1.0, throttle=throttle))
    return sim


def simulation_steps_per_s(airframe: str, n: int, steps: int, repeats: int = 5) -> float:
    """Drone-steps per CPU second of :meth:`Simulator.step` for ``n`` drones, one Python call
    per step (best of ``repeats``)."""
    sim = _flying(airframe, n)
    best = 0.0
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(steps):
            sim.step()
        elapsed = time.process_time() - start
        best = max(best, n * steps / elapsed)
    return best
