"""Speed benchmarks behind ``make bench``: one JSON record per figure.

Each record: ``{"name", "value", "unit", "machine", ...}``. Figures are the best of several
repetitions (the machines are shared and noisy; the best run is the least disturbed one).
The physics is single-threaded: every figure is for one core.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Iterator
from typing import Any

import numba
import numpy as np

from dronedojo.loadtest import sweep
from dronedojo.physics import Environment, MotorCommand, Params, airframes, initial_state, step
from dronedojo.physics.kernel import step_batch
from dronedojo.physics.layout import NOISE_SIZE
from dronedojo.sim.bench import simulation_steps_per_s


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numba": numba.__version__,
    }


def _batch(n: int) -> tuple[Params, Any, MotorCommand]:
    """N drones of mixed presets in flight at 50 m, a mid-range ESC command."""
    names = airframes.names()
    params = Params.from_airframes([airframes.get(names[i % len(names)]) for i in range(n)])
    state = initial_state(params, position=(0.0, 0.0, 50.0))
    return params, state, MotorCommand.esc(np.full((n, 4), 0.4))


def _best_rate(run: Any, work: int, repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = max(best, work / (time.perf_counter() - start))
    return best


def physics_batched(n: int, steps: int, repeats: int, env: Environment) -> float:
    """Drone-steps per second through the compiled kernel, one call per step (the noise for
    turbulence is drawn from a numpy Generator each step, as ``step`` does)."""
    params, state, command = _batch(n)
    rng = np.random.default_rng(0)
    noise = np.zeros((0, NOISE_SIZE))
    x, out = state.x.copy(), np.empty_like(state.x)

    def run() -> None:
        nonlocal x, out
        for _ in range(steps):
            nz = rng.random((n, NOISE_SIZE)) if env.random else noise
            step_batch(params.table, params.plan, x, command.x, env.x, nz, 0.001, out)
            x, out = out, x

    run()  # compile
    return _best_rate(run, n * steps, repeats)


def physics_single(steps: int, repeats: int) -> float:
    """Steps per second for one drone through the public ``step`` (one Python call each)."""
    params, state, command = _batch(1)
    env = Environment()

    def run() -> None:
        s = state
        for _ in range(steps):
            s = step(params, s, command, env, 0.001)

    run()
    return _best_rate(run, steps, repeats)


def run_all(quick: bool = False) -> Iterator[dict[str, Any]]:
    """Yield every benchmark record."""
    info = machine()
    repeats = 2 if quick else 7
    scale = 10 if quick else 1
    env = Environment()
    turbulent = Environment(wind=(5.0, 0.0, 0.0), turbulence="moderate")
    cases: list[tuple[str, float, str]] = [
        ("physics_n4096_drone_steps_per_s", physics_batched(4096, 200 // scale, repeats, env),
         "drone-steps/s"),
        ("physics_n4096_turbulence_drone_steps_per_s",
         physics_batched(4096, 200 // scale, repeats, turbulent), "drone-steps/s"),
        ("physics_n64_drone_steps_per_s", physics_batched(64, 10000 // scale, repeats, env),
         "drone-steps/s"),
        ("physics_n1_step_calls_per_s", physics_single(100000 // scale, repeats), "steps/s"),
    ]  # fmt: skip
    # Sensors + flight controller + physics (dronedojo.sim), armed drones flying.
    cases += [
        ("sim_fpv_n4096_drone_steps_per_s",
         simulation_steps_per_s("fpv-5inch", 4096, 100 // scale, repeats), "drone-steps/s"),
        ("sim_camera_n4096_drone_steps_per_s",
         simulation_steps_per_s("camera-sub250", 4096, 100 // scale, repeats), "drone-steps/s"),
        ("sim_fpv_n1_step_calls_per_s",
         simulation_steps_per_s("fpv-5inch", 1, 20000 // scale, repeats), "steps/s"),
        ("sim_camera_n1_step_calls_per_s",
         simulation_steps_per_s("camera-sub250", 1, 20000 // scale, repeats), "steps/s"),
    ]  # fmt: skip
    for name, value, unit in cases:
        yield {"name": name, "value": round(value), "unit": unit, "machine": info}
    simulated, wall, passed, total = curriculum_with_the_ghost(quick=quick)
    yield {
        "name": "curriculum_ghost_realtime_factor",
        "value": round(simulated / wall, 1),
        "unit": "simulated s per wall s (one core)",
        "simulated_s": round(simulated, 1),
        "wall_s": round(wall, 2),
        "exercises": total,
        "passed": passed,
        "machine": info,
    }
    yield from live_sessions(quick, info)


def curriculum_with_the_ghost(seed: int = 1, quick: bool = False) -> tuple[float, float, int, int]:
    """Fly every built-in exercise (``quick``: the first of each course) with the reference
    pilot, one after the other in this process (one core): (simulated s, wall s, exercises
    passed, exercises). The simulator is compiled before the clock starts. Simulated time is
    the exercises' time; the 8 s a drone that starts in the air hovers first is not counted,
    but its wall time is."""
    from dronedojo.autopilot import Ghost  # noqa: PLC0415 - the exercises load lazily
    from dronedojo.exercises import registry  # noqa: PLC0415
    from dronedojo.exercises.pilot import Command  # noqa: PLC0415
    from dronedojo.exercises.runner import Flight, fly  # noqa: PLC0415

    exercises = registry.exercises()
    if quick:
        exercises = [e for e in exercises if e.order == 0]
    Flight(exercises[0], seed).advance(Command())  # compile outside the clock
    simulated, passed = 0.0, 0
    start = time.perf_counter()
    for exercise in exercises:
        attempt = fly(exercise, Ghost(), seed)
        simulated += attempt.duration_s
        passed += attempt.result.passed
    return simulated, time.perf_counter() - start, passed, len(exercises)


def live_sessions(quick: bool, info: dict[str, Any]) -> Iterator[dict[str, Any]]:
    # Live sessions against a real server on loopback (dronedojo.loadtest): the bar is
    # 99th-percentile physics tick lateness under 2 ms and input-to-state round trip under
    # 10 ms with no session dropped, held for 60 s; the goal is 500 sessions.
    levels, hold = ([10], 10.0) if quick else ([25, 50, 100, 200, 300, 500], 60.0)
    records, best = sweep(levels, hold)
    for r in records:
        yield {"name": f"live_sessions_{r['sessions']}", **r, "machine": info}
    yield {
        "name": "live_sessions_max_meeting_target",
        "value": best,
        "unit": "sessions (1 kHz physics, 60 Hz inputs and frames each, p99 lateness < 2 ms, "
        "p99 input-to-state < 10 ms, none dropped)",
        "machine": info,
    }
