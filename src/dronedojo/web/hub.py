"""Live sessions as the web sees them: created, connected, dropped, resumed, ended.

The engine (live/engine.py) owns the simulation on its own thread; the hub lives on the
server's event loop and owns the connections. Messages the engine makes are handed over in
batches with ``call_soon_threadsafe`` and queued per connection; a pilot who cannot keep up
loses stale state frames (never events or the result), and nobody else notices.
"""

from __future__ import annotations

import asyncio
import sys
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from dronedojo.exercises.spec import Exercise
from dronedojo.live.engine import Engine
from dronedojo.live.journal import Writer
from dronedojo.live.session import ENDED, Pilot, Session
from dronedojo.web.settings import Settings

SWITCH_INTERVAL_S = 0.0002
UNCLAIMED_S = 600.0
"""s a session waits for its pilot's first connection."""
ENDED_KEPT_S = 300.0
"""s an ended session still answers a reconnection (with 4410 ended)."""
MAX_QUEUED_FRAMES = 4
"""State frames kept for a slow connection (older ones are dropped)."""


@dataclass
class Connection:
    """One open WebSocket of a session: its outbox and how to close it."""

    send: Callable[[bytes], Awaitable[None]]
    close: Callable[[int, str], Awaitable[None]]
    outbox: deque[tuple[bytes, bool]] = field(default_factory=deque)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    closing: tuple[int, str] | None = None
    dropped_frames: int = 0

    def push(self, data: bytes, droppable: bool) -> None:
        if droppable and sum(1 for _, d in self.outbox if d) >= MAX_QUEUED_FRAMES:
            for i, (_, d) in enumerate(self.outbox):
                if d:
                    del self.outbox[i]
                    self.dropped_frames += 1
                    break
        self.outbox.append((data, droppable))
        self.wake.set()

    def end(self, code: int, reason: str) -> None:
        """Close after what is queued has been sent."""
        self.closing = (code, reason)
        self.wake.set()

    async def pump(self) -> None:
        """Send queued messages until the connection is to be closed."""
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.outbox:
                data, _ = self.outbox.popleft()
                await self.send(data)
            if self.closing is not None:
                await self.close(*self.closing)
                return


class Hub:
    """The live sessions of this server (see the module text)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.writer = Writer()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.engine = Engine(
            self._deliver, self.writer, physics_hz=settings.physics_hz,
            frame_hz=settings.frame_hz,
        )  # fmt: skip
        self.sessions: dict[str, Session] = {}
        self.connections: dict[str, Connection] = {}
        self._grace: dict[str, asyncio.TimerHandle] = {}
        self._admitted: set[str] = set()
        """Sessions handed to the engine (their state changes on its thread, later)."""

    def start(self) -> None:
        # The engine's thread must get the interpreter within a fraction of a physics step
        # when a step falls due, not after the default 5 ms switch interval.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.loop = asyncio.get_running_loop()
        self.settings.attempts_dir.mkdir(parents=True, exist_ok=True)
        self.engine.start()

    def stop(self) -> None:
        """Stop stepping; open attempts stay as journals without an end: interrupted."""
        self.engine.stop()
        self.writer.close()

    async def create(self, exercise: Exercise, seed: int, pilot: Pilot) -> Session:
        """A new session, prepared off the event loop (a drone spawned in the air settles
        for a few simulated seconds first)."""
        session = await asyncio.to_thread(
            Session, exercise, seed, pilot, self.settings.attempts_dir
        )
        self.sessions[session.id] = session
        assert self.loop is not None  # a session nobody connects to is forgotten
        self.loop.call_later(UNCLAIMED_S, self._unclaimed, session)
        return session

    def _forget(self, session: Session) -> None:
        self.sessions.pop(session.id, None)
        self._admitted.discard(session.id)

    def _unclaimed(self, session: Session) -> None:
        if session.state == "ready" and session.id not in self.connections:
            self.sessions.pop(session.id, None)

    # --- connections --------------------------------------------------------------------------
    def attach(self, session: Session, conn: Connection) -> bool:
        """Connect ``conn`` to ``session`` (first time or resumed); returns True when resumed.
        A connection already open for the session is closed as replaced."""
        old = self.connections.get(session.id)
        if old is not None:
            old.end(4409, "replaced by a newer connection")
        self.connections[session.id] = conn
        timer = self._grace.pop(session.id, None)
        if timer is not None:
            timer.cancel()
        resumed = session.id in self._admitted
        if not resumed:  # the engine admits it at its next step
            self._admitted.add(session.id)
            self.engine.call(lambda: self.engine.admit(session))
        else:

            def relink() -> None:
                if session.state == "grace":
                    session.state = "flying"
                    session.set_link(True)

            self.engine.call(relink)
        return resumed

    def detach(self, session: Session, conn: Connection) -> None:
        """The connection closed: keep the drone flying, link lost, for the grace period."""
        if self.connections.get(session.id) is not conn:
            return
        del self.connections[session.id]
        if session.state in ENDED:
            return

        def drop() -> None:
            if session.state == "flying":
                session.state = "grace"
                session.set_link(False)

        self.engine.call(drop)
        assert self.loop is not None
        self._grace[session.id] = self.loop.call_later(self.settings.grace_s, self.abandon, session)

    def abandon(self, session: Session) -> None:
        """Give the attempt up (the pilot asked, or did not come back in time)."""
        self._grace.pop(session.id, None)
        self.engine.call(lambda: self.engine.end(session))

    # --- from the engine's thread -------------------------------------------------------------
    def _deliver(self, batch: list[tuple[Session, bytes, bool]]) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._dispatch, batch)

    def _dispatch(self, batch: list[tuple[Session, bytes, bool]]) -> None:
        for session, data, droppable in batch:
            conn = self.connections.get(session.id)
            if conn is not None:
                conn.push(data, droppable)
        for session in {s for s, _, _ in batch if s.state in ENDED}:
            conn = self.connections.get(session.id)
            if conn is not None and conn.closing is None and session.result_json is not None:
                conn.end(1000, "finished")
            assert self.loop is not None  # forget it once a late reconnection is unlikely
            self.loop.call_later(ENDED_KEPT_S, self._forget, session)
