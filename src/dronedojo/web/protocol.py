"""The live flying protocol between the browser and the server (one WebSocket per session).

Every WebSocket message is one MessagePack value. The server never trusts the client with
anything but the pilot's hands: the physics, the flight controller and the scoring run here.

Opening a session (JSON API)::

    POST /api/sessions {"exercise": "ff-hover-v1", "seed": 3}   (seed optional)
    -> 201 {"session": "<id>", "token": "<resume token>", "ws": "/ws/sessions/<id>"}

then connect ``ws://host/ws/sessions/<id>?token=<token>``. The same URL resumes the session
within ``grace_s`` of a dropped connection (the drone keeps flying meanwhile, and its
receiver has lost the link, so the flight controller's failsafe takes over, as outdoors).

Server to client
----------------
``hello`` (a map, first message on every connection)::

    {"type": "hello", "session": id, "attempt": id, "exercise": exercise id,
     "physics_hz": 1000, "frame_hz": 60, "state_fields": [...names, see STATE_FIELDS],
     "modes": [...mode names, index = the mode code in a state frame],
     "allowed_modes": [...the exercise's modes, switch position order],
     "objectives": [{"id", "kind", "label"}], "time_limit_s": float,
     "resumed": bool, "server_time": float (s, monotonic)}

state frame (an array, not a map: the compact 60 Hz message)::

    [0, tick, t, ack, x, y, z, vx, vy, vz, qw, qx, qy, qz, p, q, r, armed, mode, soc,
     voltage, current, wind_x, wind_y, wind_z, crashed, roll, pitch, yaw, throttle, gimbal,
     objective, fraction, link]

    0 marks a state frame; names and order are STATE_FIELDS (also sent in ``hello``).
    tick: physics steps since the session's clock started; t: exercise time, s;
    ack: seq of the last input applied (-1 before any); position world ENU m; velocity
    world ENU m/s; attitude quaternion w x y z body (FLU) to world; body rates rad/s;
    armed 0/1; mode: index into hello.modes; soc 0-1; voltage V; current A; wind at the
    drone world ENU m/s; crashed 0/1; sticks as applied; gimbal rad; objective: index of
    the current objective (len(objectives) when done); fraction: its progress 0-1;
    link: 1 while the server hears the pilot, 0 in a dropped connection's grace period.

``event`` (a map, as it happens)::

    {"type": "event", "kind": k, "t": s, "text": "...in the session's language...",
     "severity": "info" | "minor" | "major" | "safety", ...}

    kinds: the flight controller's events (EVENTS in fc/layout.py: "armed", "landed",
    "failsafe", ...), "objective" (+ "objective": id, "status": "done" | "failed"),
    "error" (a scoring error: + "error": kind), "fault" (+ "fault": kind), "crash",
    "finish".

``result`` (a map, once, then the server closes with 1000)::

    {"type": "result", "attempt": id, "result": Result.to_json(...)}

``pong``: ``{"type": "pong", "t": client t echoed, "server_time": s}``.

Client to server
----------------
``input`` (send on change, at most ``MAX_INPUT_HZ``, with a heartbeat every 100 ms)::

    {"type": "input", "seq": int (increasing), "t": client ms (performance.now()),
     "sticks": [roll, pitch, yaw, throttle], "arm": bool, "mode": "angle" (one of
     allowed_modes), "rth": bool, "gimbal": rad, "capture": bool}

``ping``: ``{"type": "ping", "t": client ms}``. ``end``: ``{"type": "end"}`` gives up the
attempt (it is scored as flown so far).

Close codes: see CLOSE below. Excess inputs above MAX_INPUT_HZ are dropped (the latest one
wins at the next physics step); a flood well above it closes only that session.
"""

from __future__ import annotations

from typing import Final

from dronedojo.live.session import STATE_FIELDS

__all__ = ["CLOSE", "FLOOD_FACTOR", "MAX_INPUT_HZ", "MAX_MESSAGE_BYTES", "STATE_FIELDS"]


MAX_MESSAGE_BYTES: Final = 1024
"""A client message larger than this closes the session (4413)."""
MAX_INPUT_HZ: Final = 250.0
"""Inputs per second applied at most (the receiver's rate); more are coalesced."""
FLOOD_FACTOR: Final = 8.0
"""A client sending more than this times MAX_INPUT_HZ over a second is closed (4429)."""

CLOSE: Final = {
    "finished": 1000,
    "bad_message": 4400,
    "bad_token": 4401,
    "unknown_session": 4404,
    "replaced": 4409,
    "ended": 4410,
    "too_large": 4413,
    "flood": 4429,
    "shutdown": 4503,
}
"""WebSocket close codes by name (the close reason says what was wrong)."""
