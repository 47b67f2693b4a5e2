"""Flying an exercise headless: the simulator, a pilot and the scorer, frame by frame.

    attempt = fly(registry.get("ff-hover-v1"), Ghost(skill=0.8), seed=3)
    attempt.result.passed, attempt.result.score

Every frame (50 per second) the pilot sees the drone and the objective display and gives a
:class:`~dronedojo.exercises.pilot.Command`; the simulator runs the physics and the flight
controller for the frame's 20 physics steps (1 kHz) with those inputs; the scorer judges the
resulting frame. The attempt keeps every frame and every input row: :func:`replay` flies the
inputs again and gives the same frames (same seed), and ``scoring.score`` re-judges the frames
and gives the same result.

A drone that starts in the air (``spawn.flying``) is armed at the spawn point and left to
settle in its first mode for ``SETTLE_S`` before the exercise clock starts (the controller
learns the wind as a pilot's hover would), and exercise times (faults, time limit) count from
there.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises import frame as F
from dronedojo.exercises.pilot import INPUT_SIZE, Command, Observation, Pilot, Progress
from dronedojo.exercises.scoring import Result, Scorer
from dronedojo.exercises.spec import Exercise
from dronedojo.fc import layout as FL
from dronedojo.physics import Environment, airframes
from dronedojo.physics import layout as PL
from dronedojo.physics.world import World
from dronedojo.sim.faults import Fault
from dronedojo.sim.simulator import Simulator

Array = NDArray[np.float64]

SETTLE_S = 8.0
"""s a drone spawned in the air hovers before the exercise clock starts."""
STAND_POST_RADIUS = 0.05
"""m: the post of a target stand (solid; its buckets are not, targets.py)."""


@dataclass
class Attempt:
    """One flown attempt: what the pilot did, what the drone did, and the result."""

    exercise: Exercise
    pilot: str
    seed: int
    frames: Array
    """(K, frame.FRAME_SIZE): what the scorer saw."""
    inputs: Array
    """(K, pilot.INPUT_SIZE): the pilot's command for each frame (applied before it)."""
    result: Result

    @property
    def duration_s(self) -> float:
        return float(self.frames[-1, F.C_TIME]) if len(self.frames) else 0.0


def world_description(exercise: Exercise) -> dict[str, list[dict[str, object]]]:
    """The exercise's solid objects in physics/world.py's description format."""
    out: list[dict[str, object]] = []
    for o in exercise.world.obstacles:
        if o.type in ("box", "building"):
            assert o.size is not None
            center = list(o.center) if o.type == "box" else [*o.center, o.base + o.size[2] / 2]
            out.append(
                {"type": "box", "center": center, "size": list(o.size), "yaw_deg": o.yaw_deg}
            )
        elif o.type == "post":
            out.append(
                {"type": "post", "center": list(o.center), "height": o.height, "base": o.base}
            )
        else:  # cylinder, mast, tree
            out.append(
                {"type": "cylinder", "center": list(o.center), "radius": o.radius,
                 "height": o.height, "base": o.base}
            )  # fmt: skip
    for g in exercise.world.gates:
        out.append(
            {"type": "gate", "center": list(g.center), "width": g.width, "height": g.height,
             "yaw_deg": g.yaw_deg}
        )  # fmt: skip  # both conventions: yaw 0 is flown through along x (east)
    for s in exercise.world.stands:
        out.append({"type": "post", "center": list(s.center), "height": s.height,
                    "radius": STAND_POST_RADIUS})  # fmt: skip
    return {"obstacles": out}


def environment(exercise: Exercise) -> Environment:
    w = exercise.weather
    return Environment(
        wind=w.wind,
        turbulence=w.turbulence,
        gust_rate=w.gusts.rate,
        gust_speed=w.gusts.speed,
        gust_duration=w.gusts.duration,
        world=World.from_description(world_description(exercise)),
    )


class Flight:
    """One attempt being flown: the simulator, the scorer and the records, advanced one frame
    at a time.

    Headless, the flight owns a one-drone simulator and :meth:`advance` runs it. A live
    session (dronedojo.live) moves the drone into a shared batch with :meth:`move` and lets the
    engine step it: it then calls :meth:`apply` for each input and :meth:`take_frame` every
    ``steps_per_frame`` steps of the drone.
    """

    def __init__(self, exercise: Exercise, seed: int = 0) -> None:
        self.exercise = exercise
        self.seed = seed
        spawn = exercise.spawn
        airframe = airframes.get(exercise.airframe)
        z = spawn.position[2] if spawn.flying else max(spawn.position[2], airframe.gear_height)
        self.sim = Simulator(
            [airframe],
            env=environment(exercise),
            seed=seed,
            positions=(spawn.position[0], spawn.position[1], z),
            yaws=math.radians(spawn.yaw_deg),
            state_of_charge=spawn.charge,
            baro_zero=airframe.gear_height,  # powered on on the ground, wherever it starts
        )
        self.row = 0
        """The drone's row in ``self.sim``."""
        self.offset = 0
        """``sim.steps`` minus the drone's own steps (0 in its own simulator)."""
        self.steps_per_frame = max(1, round(F.FRAME_DT / self.sim.dt))
        self.modes: dict[str, int] = {m: FL.MODES.index(m) for m in exercise.modes}
        self.mode = self.modes[exercise.modes[0]]
        self._mode_names = {code: name for name, code in self.modes.items()}
        self.t0 = 0.0
        if spawn.flying:
            self._settle_in_the_air()
        for f in exercise.faults:
            self.sim.inject(Fault.from_mapping({**f.model_dump(), "at": self.t0 + f.at}))
        self.scorer = Scorer(exercise)
        self.frames: list[Array] = []
        self.inputs: list[Array] = []
        self._command = Command().row(self.mode)
        self._row = self._frame_row(events=0, command=None)

    def _settle_in_the_air(self) -> None:
        inputs = self.sim.inputs
        inputs[0, FL.I_MODE] = self.mode
        inputs[0, FL.I_THROTTLE] = 0.0
        inputs[0, FL.I_ARM] = 0.0
        self.sim.run(10)
        inputs[0, FL.I_ARM] = 1.0
        self.sim.run(10)
        inputs[0, FL.I_THROTTLE] = 0.5
        self.sim.run(round(SETTLE_S / self.sim.dt))
        self.t0 = self.sim.time

    def move(self, sim: Simulator, row: int) -> None:
        """Continue in row ``row`` of ``sim`` (a batch stepped by someone else), exactly where
        the drone is: same state, random streams and faults (Simulator.transplant)."""
        sim.transplant(row, self.sim, self.row)
        self.offset = sim.steps - self.steps
        self.sim, self.row = sim, row

    # --- one frame ---------------------------------------------------------------------------
    @property
    def steps(self) -> int:
        """Physics steps the drone has flown (the settling included)."""
        return self.sim.steps - self.offset

    @property
    def time(self) -> float:
        """Exercise time, s."""
        return self.steps * self.sim.dt - self.t0

    @property
    def finished(self) -> bool:
        return self.scorer.finished or self.time >= self.exercise.limits.time_s - 1e-9

    def observation(self) -> Observation:
        p = self.scorer.progress()
        progress = Progress(p.index, p.objective, p.fraction, p.done)
        return Observation(F.Frame.of(self._row), FL.MODES[int(self._row[F.C_MODE])], progress)

    def advance(self, command: Command) -> Array:
        """Apply ``command`` for one frame; returns the new frame row (already scored)."""
        self.apply(command)
        events = int(self.sim.run(self.steps_per_frame)[self.row])
        return self.take_frame(events)

    def command_of(self, row: Array) -> Command:
        """The Command a recorded input row (pilot.INPUT_SIZE values) stands for."""
        names = self._mode_names
        return Command(
            roll=row[0], pitch=row[1], yaw=row[2], throttle=row[3], arm=row[4] > 0.5,
            mode=names.get(int(row[5]), ""), rth=row[6] > 0.5, gimbal=row[7],
            capture=row[8] > 0.5,
        )  # fmt: skip

    def apply(self, command: Command) -> Array:
        """Hold ``command`` from the next physics step on; returns its input row."""
        if command.mode:
            self.mode = self.modes.get(command.mode, self.mode)  # only the allowed positions
        row = command.row(self.mode)
        self._command = row
        self.sim.inputs[self.row, : FL.I_LINK] = row[: FL.I_LINK]
        return row

    def take_frame(self, events: int) -> Array:
        """Record and score the frame now (``events``: the controller's event bits raised
        since the last frame); returns the frame row."""
        self.inputs.append(self._command)
        self._row = self._frame_row(events, self._command)
        self.frames.append(self._row)
        self.scorer.update(self._row)
        return self._row

    def _frame_row(self, events: int, command: Array | None) -> Array:
        x = self.sim._x[self.row]
        fc = self.sim._fc[self.row]
        r = np.empty(F.FRAME_SIZE)
        r[F.C_TIME] = self.time
        r[F.C_POS : F.C_POS + 3] = x[PL.S_POS : PL.S_POS + 3]
        r[F.C_VEL : F.C_VEL + 3] = x[PL.S_VEL : PL.S_VEL + 3]
        r[F.C_QUAT : F.C_QUAT + 4] = x[PL.S_QUAT : PL.S_QUAT + 4]
        r[F.C_RATE : F.C_RATE + 3] = x[PL.S_RATE : PL.S_RATE + 3]
        r[F.C_ARMED] = fc[FL.F_ARMED]
        r[F.C_MODE] = fc[FL.F_MODE]
        r[F.C_CRASHED] = x[PL.S_CRASHED]
        r[F.C_CRASH_KIND] = x[PL.S_CRASH_KIND]
        r[F.C_CONTACT] = x[PL.S_CONTACTS]
        r[F.C_SOC] = x[PL.S_SOC]
        r[F.C_VOLTAGE] = x[PL.S_VOLT]
        r[F.C_EVENTS] = events
        if command is None:
            r[F.C_STICKS : F.C_STICKS + 4] = (0.0, 0.0, 0.0, 0.0)
            r[F.C_GIMBAL] = 0.0
            r[F.C_CAPTURE] = 0.0
        else:
            r[F.C_STICKS : F.C_STICKS + 4] = command[:4]
            r[F.C_GIMBAL] = command[7]
            r[F.C_CAPTURE] = command[8]
        r[F.C_WIND : F.C_WIND + 3] = x[PL.S_WIND : PL.S_WIND + 3]
        return r

    def result(self) -> Result:
        truncated = not self.scorer.finished
        return self.scorer.result(truncated=truncated)


def fly(
    exercise: Exercise,
    pilot: Pilot,
    seed: int = 0,
    on_frame: Callable[[Flight], None] | None = None,
) -> Attempt:
    """Fly ``exercise`` with ``pilot`` until it ends (objectives resolved, crash, or the time
    limit); ``on_frame`` is called after every frame (progress bars, live views)."""
    flight = Flight(exercise, seed)
    pilot.reset(exercise, seed)
    while not flight.finished:
        flight.advance(pilot.act(flight.observation()))
        if on_frame is not None:
            on_frame(flight)
    return _attempt(flight, pilot.name)


def replay(exercise: Exercise, inputs: Array, seed: int) -> Attempt:
    """Fly recorded ``inputs`` (one row per frame) again: the same frames and result."""
    inputs = np.asarray(inputs, dtype=float)
    if inputs.ndim != 2 or inputs.shape[1] != INPUT_SIZE:
        raise ValueError(f"recorded inputs must be (K, {INPUT_SIZE}), got {inputs.shape}")
    flight = Flight(exercise, seed)
    for row in inputs:
        if flight.finished:
            break
        flight.advance(flight.command_of(row))
    return _attempt(flight, "replay")


def replay_steps(exercise: Exercise, seed: int, schedule: Array) -> Attempt:
    """Fly a live attempt's input schedule again: rows of (the drone's physics step at which
    the input took effect, the INPUT_SIZE input values, the radio link 0/1), as
    live/journal.py records them. Gives the frames the live attempt had, bit for bit."""
    schedule = np.asarray(schedule, dtype=float).reshape(-1, INPUT_SIZE + 2)
    flight = Flight(exercise, seed)
    sim, k, events = flight.sim, 0, 0
    while not flight.finished:
        while k < len(schedule) and schedule[k, 0] <= flight.steps:
            flight.apply(flight.command_of(schedule[k, 1 : 1 + INPUT_SIZE]))
            sim.inputs[0, FL.I_LINK] = schedule[k, 1 + INPUT_SIZE]
            k += 1
        events |= int(sim.step()[0])
        if flight.steps % flight.steps_per_frame == 0:
            flight.take_frame(events)
            events = 0
    return _attempt(flight, "replay")


def _attempt(flight: Flight, pilot: str) -> Attempt:
    frames = np.array(flight.frames) if flight.frames else np.zeros((0, F.FRAME_SIZE))
    inputs = np.array(flight.inputs) if flight.inputs else np.zeros((0, INPUT_SIZE))
    return Attempt(flight.exercise, pilot, flight.seed, frames, inputs, flight.result())
