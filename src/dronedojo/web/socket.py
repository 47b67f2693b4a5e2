"""The flying session's WebSocket (protocol.py): hello, inputs in, frames and events out.

Any message the protocol does not allow closes this session's socket with a code and a reason
that says what was wrong; the engine and the other sessions carry on.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Annotated, Any

import msgspec
from litestar import WebSocket, websocket
from litestar.params import FromPath

from dronedojo.exercises.pilot import Command
from dronedojo.live.session import ENDED, Session, command_of
from dronedojo.web.hub import Connection, Hub
from dronedojo.web.protocol import CLOSE, FLOOD_FACTOR, MAX_INPUT_HZ, MAX_MESSAGE_BYTES

AnyWebSocket = WebSocket[Any, Any, Any]

Stick = Annotated[float, msgspec.Meta(ge=-1.0, le=1.0)]


class Input(msgspec.Struct, tag="input", tag_field="type", forbid_unknown_fields=True):
    seq: Annotated[int, msgspec.Meta(ge=0)]
    t: float
    sticks: tuple[Stick, Stick, Stick, Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]]
    arm: bool = False
    mode: Annotated[str, msgspec.Meta(max_length=32)] = ""
    rth: bool = False
    gimbal: Annotated[float, msgspec.Meta(ge=-math.pi / 2, le=0.0)] = 0.0
    capture: bool = False


class Ping(msgspec.Struct, tag="ping", tag_field="type", forbid_unknown_fields=True):
    t: float


class End(msgspec.Struct, tag="end", tag_field="type", forbid_unknown_fields=True):
    pass


_decode = msgspec.msgpack.Decoder(Input | Ping | End).decode
_encode = msgspec.msgpack.Encoder().encode


class CloseSessionError(Exception):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.code = CLOSE[name]
        self.reason = reason[:120]  # a close reason must fit in 123 bytes


class Meter:
    """Counts a client's messages per second: excess inputs are coalesced, a flood closes."""

    def __init__(self) -> None:
        self.window = time.monotonic()
        self.count = 0

    def admit(self, now: float) -> None:
        if now - self.window >= 1.0:
            self.window, self.count = now, 0
        self.count += 1
        if self.count > MAX_INPUT_HZ * FLOOD_FACTOR:
            raise CloseSessionError(
                "flood", f"more than {MAX_INPUT_HZ * FLOOD_FACTOR:.0f} messages a second"
            )


def _message(raw: dict[str, object]) -> bytes:
    if raw.get("type") == "websocket.disconnect":
        raise CloseSessionError("ended", "disconnected")
    data = raw.get("bytes")
    if data is None:
        raise CloseSessionError("bad_message", "messages must be binary MessagePack, not text")
    assert isinstance(data, bytes)
    if len(data) > MAX_MESSAGE_BYTES:
        raise CloseSessionError(
            "too_large", f"message of {len(data)} bytes; at most {MAX_MESSAGE_BYTES}"
        )
    return data


@websocket("/ws/sessions/{session_id:str}")
async def session_socket(socket: AnyWebSocket, session_id: FromPath[str]) -> None:
    await socket.accept()
    hub: Hub = socket.app.state.hub
    session = hub.sessions.get(session_id)
    token = socket.query_params.get("token", "")
    if session is None:
        await socket.close(CLOSE["unknown_session"], "no such session (expired or never made)")
        return
    if token != session.token:
        await socket.close(CLOSE["bad_token"], "wrong session token")
        return
    if session.state in ENDED:
        await socket.close(CLOSE["ended"], f"the attempt has ended ({session.state})")
        return

    async def close(code: int, reason: str) -> None:
        await socket.close(code, reason)

    conn = Connection(send=socket.send_bytes, close=close)
    resumed = hub.attach(session, conn)
    conn.push(session.hello(resumed, time.monotonic(), hub.settings.frame_hz), False)
    pump = asyncio.create_task(conn.pump())
    try:
        await _receive(socket, session, hub, conn)
    except CloseSessionError as c:
        conn.end(c.code, c.reason)
    finally:
        hub.detach(session, conn)
    try:
        await asyncio.wait_for(pump, timeout=5.0)
    except (TimeoutError, Exception):
        pump.cancel()


class Throttle:
    """At most MAX_INPUT_HZ inputs a second reach the engine; one arriving sooner waits and
    is replaced by any newer one (the latest sticks win, as a receiver's frame rate does)."""

    def __init__(self, session: Session, hub: Hub) -> None:
        self.session, self.hub = session, hub
        self.pending: tuple[Command, int, float] | None = None
        self.last = -math.inf
        self.waiting = False
        self.coalesced = 0

    def offer(self, command: Command, seq: int, arrived: float) -> None:
        if self.pending is not None:
            self.coalesced += 1
        self.pending = (command, seq, arrived)
        wait = self.last + 1.0 / MAX_INPUT_HZ - time.perf_counter()
        if wait <= 0:
            self._send()
        elif not self.waiting:
            self.waiting = True
            asyncio.get_running_loop().call_later(wait, self._send)

    def _send(self) -> None:
        self.waiting = False
        if self.pending is None:
            return
        (command, seq, arrived), self.pending = self.pending, None
        self.last = time.perf_counter()
        session, engine = self.session, self.hub.engine

        def apply() -> None:
            if session.state in ("flying", "grace"):
                session.apply(command, seq)
                engine.answered(session, arrived)

        self.hub.engine.call(apply)


async def _receive(socket: AnyWebSocket, session: Session, hub: Hub, conn: Connection) -> None:
    meter = Meter()
    throttle = Throttle(session, hub)
    while conn.closing is None:
        raw = await socket.receive()
        now = time.monotonic()
        meter.admit(now)
        try:
            message = _decode(_message(dict(raw)))
        except msgspec.ValidationError as e:
            raise CloseSessionError("bad_message", f"invalid message: {e}") from None
        except msgspec.DecodeError:
            raise CloseSessionError("bad_message", "not a MessagePack message") from None
        if isinstance(message, Input):
            if message.mode and message.mode not in session.exercise.modes:
                raise CloseSessionError("bad_message", f"mode {message.mode!r} is not allowed here")
            command = command_of(message.sticks, message.arm, message.mode, message.rth,
                                 message.gimbal, message.capture)  # fmt: skip
            throttle.offer(command, message.seq, time.perf_counter())
        elif isinstance(message, Ping):
            conn.push(_encode({"type": "pong", "t": message.t, "server_time": now}), False)
        else:
            hub.abandon(session)
