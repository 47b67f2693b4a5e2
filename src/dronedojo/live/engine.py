"""The engine: every live session of the process stepped together at the physics rate.

Sessions flying the same exercise share one batch (a :class:`~dronedojo.sim.simulator.
Simulator` whose rows are slots), so one compiled call steps all of them; a batch exists per
exercise in flight, because the exercise fixes the world, the weather and the airframe. The
engine runs on a thread of its own against the wall clock: step k of the engine is due at
``start + k * dt``; it runs every step that is due, measures how late each one started, and
never depends on any frame rate. Inputs, connections and departures reach it through a queue
of actions it runs between steps, so the simulation is only ever touched by its thread.

Each session takes a scoring frame every ``steps_per_frame`` of its own steps, and sends a
state frame at ``frame_hz``; an applied input is answered by a state frame at the next step
(at most one per half frame period), which is what keeps the input-to-state latency short.
"""

from __future__ import annotations

import collections
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises import registry
from dronedojo.exercises.pilot import Command
from dronedojo.exercises.runner import Flight
from dronedojo.live.journal import Writer
from dronedojo.live.session import ENDED, Session
from dronedojo.physics import airframes
from dronedojo.physics import layout as PL
from dronedojo.sim.simulator import Simulator

log = logging.getLogger(__name__)
Action = Callable[[], None]
Deliver = Callable[[list[tuple[Session, bytes, bool]]], None]

WARM_UP_EXERCISE = "ff-hover-v1"
NOISE_BLOCK = 1000
"""Steps of random numbers drawn at a time from a session's stream."""
MAX_CATCH_UP_S = 0.1
"""s: an engine further behind than this skips ahead (counted in ``skipped``)."""


class Pool:
    """One batch of slots for the sessions flying one exercise."""

    def __init__(self, flight: Flight, capacity: int) -> None:
        e = flight.exercise
        self.exercise_id = e.id
        self.sim = Simulator(
            [airframes.get(e.airframe)] * capacity,
            env=flight.sim.env,
            seed=0,
            positions=(0.0, 0.0, airframes.get(e.airframe).gear_height),
        )
        self.slots: list[Session | None] = [None] * capacity
        self.seen = np.zeros(capacity, dtype=np.int64)
        """Controller event bits per slot since its last scoring frame."""
        self.phase: list[list[Session]] = [[] for _ in range(flight.steps_per_frame)]
        self.count = 0
        self.streams: list[np.random.Generator | None] = [None] * capacity
        """Each slot's own random stream (its session's seed), for turbulence and gusts."""
        self.noise = np.zeros((capacity, NOISE_BLOCK, PL.NOISE_SIZE))
        self.start = np.zeros(capacity, dtype=np.int64)
        self.sim.noise_source = self._noise

    def admit(self, session: Session) -> None:
        if self.count == len(self.slots):
            self._grow()
        row = self.slots.index(None)
        self.slots[row] = session
        self.count += 1
        self.streams[row] = session.flight.sim.rng
        self.start[row] = self.sim.steps
        session.flight.move(self.sim, row)
        self.phase[self._phase(session)].append(session)

    def remove(self, session: Session) -> None:
        row = session.flight.row
        self.slots[row] = None
        self.count -= 1
        self.phase[self._phase(session)].remove(session)
        self.sim.release(row)
        self.seen[row] = 0
        self.streams[row] = None
        self.noise[row] = 0.0

    def _phase(self, session: Session) -> int:
        return session.flight.offset % len(self.phase)

    def _grow(self) -> None:
        """Twice the slots: a new batch with every drone moved over exactly."""
        old = self.sim
        new = Simulator(
            old.airframes * 2, env=old.env, seed=0,
            positions=(0.0, 0.0, old.airframes[0].gear_height),
        )  # fmt: skip
        new.steps = old.steps
        new.noise_source = self._noise
        for s in self.slots:
            if s is not None:
                row = s.flight.row
                s.flight.move(new, row)  # offsets unchanged: same step count
        self.sim = new
        n = len(self.slots)
        self.slots += [None] * n
        self.streams += [None] * n
        self.seen = np.concatenate([self.seen, np.zeros_like(self.seen)])
        self.start = np.concatenate([self.start, np.zeros_like(self.start)])
        self.noise = np.concatenate([self.noise, np.zeros_like(self.noise)])

    def _noise(self) -> NDArray[np.float64]:
        """This step's uniform numbers, one row per slot, each from its session's stream in
        blocks of NOISE_BLOCK steps (the same numbers as one row a step from that stream)."""
        cursor = (self.sim.steps - self.start) % NOISE_BLOCK
        for row in np.flatnonzero(cursor == 0):
            stream = self.streams[row]
            if stream is not None:
                self.noise[row] = stream.random((NOISE_BLOCK, PL.NOISE_SIZE))
        return self.noise[np.arange(len(self.slots)), cursor]

    def step(self) -> list[Session]:
        """One physics step of every slot, then the scoring frames due; returns the sessions
        that ended."""
        self.seen |= self.sim.step()
        ended = []
        for s in self.phase[self.sim.steps % len(self.phase)]:
            row = s.flight.row
            bits = int(self.seen[row])
            self.seen[row] = 0
            try:
                s.frame(bits)
            except Exception:  # a fault in one session's scoring must not stop the others
                log.exception("session %s failed; ending it", s.id)
                s.fail()
            if s.state in ENDED:
                ended.append(s)
        return ended


def warm_up() -> None:
    """Compile (or load from numba's cache) everything a session runs, so the first pilot
    does not wait for it and the engine's first steps are not late."""
    flight = Flight(registry.get(WARM_UP_EXERCISE), 0)
    flight.advance(Command(throttle=0.0))


@dataclass
class Stats:
    """What the engine measured (the load benchmark reads it)."""

    steps: int = 0
    skipped: int = 0
    lateness: collections.deque[float] = field(
        default_factory=lambda: collections.deque(maxlen=200_000)
    )
    """s each step started after its due time (the most recent steps)."""
    latency: collections.deque[float] = field(
        default_factory=lambda: collections.deque(maxlen=200_000)
    )
    """s from an input's arrival to the state frame that answers it being handed over."""
    frames_out: int = 0


class Engine:
    """Steps all live sessions (see the module text)."""

    def __init__(
        self,
        deliver: Deliver,
        journal_writer: Writer | None = None,
        physics_hz: float = 1000.0,
        frame_hz: float = 60.0,
        pool_capacity: int = 8,
    ) -> None:
        self.dt = 1.0 / physics_hz
        self.frame_hz = frame_hz
        self.deliver = deliver
        self.writer = journal_writer
        self.capacity = pool_capacity
        self.pools: dict[str, Pool] = {}
        self.sessions: dict[str, Session] = {}
        self.stats = Stats()
        self._actions: collections.deque[Action] = collections.deque()
        self._out: list[tuple[Session, bytes, bool]] = []
        self._answer: dict[Session, float] = {}
        """Sessions with an input applied since their last state frame -> its arrival time."""
        self._period = physics_hz / frame_hz
        """Engine steps between state frames (fractional)."""
        self._due: collections.defaultdict[int, list[Session]] = collections.defaultdict(list)
        self._next: dict[Session, float] = {}
        """Tick each session's next state frame is due (fractional)."""
        self._last: dict[Session, int] = {}
        self._tick = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._t0 = 0.0

    # --- from any thread -----------------------------------------------------------------------
    def call(self, action: Action) -> None:
        """Run ``action`` on the engine's thread before its next step."""
        self._actions.append(action)

    def start(self) -> None:
        self._t0 = time.perf_counter()
        self._thread = threading.Thread(target=self._run, name="engine", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        """True while the engine's thread steps."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    # --- on the engine's thread ------------------------------------------------------------------
    def admit(self, session: Session) -> None:
        """Start stepping ``session`` (its first connection)."""
        key = session.exercise.id
        pool = self.pools.get(key)
        if pool is None:
            pool = self.pools[key] = Pool(session.flight, self.capacity)
        session.emit = self._emitter(session)
        if self.writer is not None:
            session.open_journal(self.writer)
        pool.admit(session)
        session.state = "flying"
        self.sessions[session.id] = session
        self._schedule(session, float(self._tick + 1))

    def depart(self, session: Session) -> None:
        """Stop stepping ``session`` (ended)."""
        pool = self.pools.get(session.exercise.id)
        if pool is not None and session in pool.slots:
            pool.remove(session)
        self.sessions.pop(session.id, None)
        self._answer.pop(session, None)
        self._next.pop(session, None)
        self._last.pop(session, None)

    def end(self, session: Session, state: str = "abandoned") -> None:
        """End ``session`` now (given up or gone): scored as flown, then stepped no more."""
        session.finish(state)
        self.depart(session)

    def answered(self, session: Session, arrived: float) -> None:
        """An input of ``session`` (arrived at perf_counter ``arrived``) was applied."""
        self._answer.setdefault(session, arrived)

    def _emitter(self, session: Session) -> Callable[[bytes, bool], None]:
        def emit(data: bytes, droppable: bool) -> None:
            self._out.append((session, data, droppable))

        return emit

    def _run(self) -> None:
        dt = self.dt
        while not self._stop.is_set():
            now = time.perf_counter()
            due = self._t0 + self._tick * dt
            if now < due:
                time.sleep(min(due - now, 0.002))
                continue
            if now - due > MAX_CATCH_UP_S:
                behind = int((now - due) / dt)
                self._tick += behind
                self.stats.skipped += behind
                continue
            self.stats.lateness.append(now - due)
            self.step()

    def step(self) -> None:
        """One engine step: the queued actions, one physics step of every pool with sessions,
        then the state frames due (and the messages handed to ``deliver``)."""
        actions = self._actions
        while actions:
            action = actions.popleft()
            try:
                action()
            except Exception:  # one session's input or departure, never the engine
                log.exception("engine action failed")
        ended: list[Session] = []
        for pool in self.pools.values():
            if pool.count:
                ended += pool.step()
        self._tick += 1
        self.stats.steps += 1
        self._frames()
        for s in ended:
            self.depart(s)
        if self._out:
            out, self._out = self._out, []
            self.deliver(out)

    def _schedule(self, session: Session, tick: float) -> None:
        self._next[session] = tick
        self._due[math.ceil(tick)].append(session)

    def _frames(self) -> None:
        """Send the state frames due at this tick and those answering an input."""
        tick = self._tick
        sent: list[Session] = []
        for s in self._due.pop(tick, ()):
            if s in self._next and math.ceil(self._next[s]) == tick:
                sent.append(s)
        half = self._period / 2
        for s in self._answer:
            if tick - self._last.get(s, -(10**9)) >= half and s not in sent:
                sent.append(s)
        if not sent:
            return
        now = time.perf_counter()
        for s in sent:
            s.emit(s.state_frame(tick), True)
            self._last[s] = tick
            arrived = self._answer.pop(s, None)
            if arrived is not None:
                self.stats.latency.append(now - arrived)
            self._schedule(s, tick + self._period)  # a frame a period, answers included
        self.stats.frames_out += len(sent)
