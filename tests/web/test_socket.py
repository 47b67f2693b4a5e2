"""A flying session over its WebSocket, as a browser drives it."""

from __future__ import annotations

import time

import msgspec
import pytest
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import TestClient

from dronedojo.web.protocol import CLOSE, STATE_FIELDS

enc = msgspec.msgpack.encode
dec = msgspec.msgpack.decode


def open_session(client: TestClient, exercise: str = "ff-hover-v1", seed: int = 4) -> dict:  # type: ignore[type-arg]
    r = client.post("/api/sessions", json={"exercise": exercise, "seed": seed})
    assert r.status_code == 201, r.text
    return r.json()


def state_of(frame: list) -> dict:  # type: ignore[type-arg]
    return dict(zip(STATE_FIELDS, frame, strict=True))


def test_take_off_over_the_socket(client: TestClient) -> None:  # type: ignore[type-arg]
    s = open_session(client)
    with client.websocket_connect(f"{s['ws']}?token={s['token']}") as ws:
        hello = dec(ws.receive_bytes())
        assert hello["type"] == "hello" and hello["session"] == s["session"]
        assert hello["state_fields"] == list(STATE_FIELDS)
        assert hello["allowed_modes"] == ["position"]
        seq = 0
        top = 0.0
        armed_event = False
        for _ in range(400):
            seq += 1
            arm = seq > 5
            throttle = 0.0 if seq < 30 else 0.9
            ws.send_bytes(
                enc(
                    {
                        "type": "input",
                        "seq": seq,
                        "t": float(seq),
                        "sticks": [0, 0, 0, throttle],
                        "arm": arm,
                        "mode": "position",
                    }
                )
            )
            msg = dec(ws.receive_bytes())
            while isinstance(msg, dict):
                armed_event |= msg.get("kind") == "armed"
                msg = dec(ws.receive_bytes())
            st = state_of(msg)
            top = max(top, st["z"])
            if top > 2.0:
                break
        assert armed_event
        assert st["armed"] == 1.0 and st["ack"] <= seq and st["ack"] > 0
        assert top > 2.0  # climbed: the server's physics answered the sticks


@pytest.mark.parametrize(
    ("payload", "code", "reason"),
    [
        (b"\xc1", CLOSE["bad_message"], "not a MessagePack message"),
        (
            enc({"type": "input", "seq": 1, "t": 0, "sticks": [2, 0, 0, 0]}),
            CLOSE["bad_message"],
            "invalid message: Expected `float` <= 1.0 - at `$.sticks[0]`",
        ),
        (
            enc({"type": "launch"}),
            CLOSE["bad_message"],
            "invalid message: Invalid value 'launch' - at `$.type`",
        ),
        (
            enc({"type": "input", "seq": 1, "t": 0, "sticks": [0, 0, 0, 0], "mode": "acro"}),
            CLOSE["bad_message"],
            "mode 'acro' is not allowed here",
        ),
        (b"\x00" * 2000, CLOSE["too_large"], "message of 2000 bytes; at most 1024"),
    ],
)
def test_a_bad_message_closes_only_its_session(
    client: TestClient,
    payload: bytes,
    code: int,
    reason: str,  # type: ignore[type-arg]
) -> None:
    bad = open_session(client, seed=1)
    good = open_session(client, seed=2)
    with client.websocket_connect(f"{good['ws']}?token={good['token']}") as ok:
        assert dec(ok.receive_bytes())["type"] == "hello"
        with client.websocket_connect(f"{bad['ws']}?token={bad['token']}") as ws:
            assert dec(ws.receive_bytes())["type"] == "hello"
            ws.send_bytes(payload)
            with pytest.raises(WebSocketDisconnect) as closed:
                while True:
                    ws.receive_bytes()
            assert (closed.value.code, closed.value.detail) == (code, reason)
        ok.send_bytes(enc({"type": "ping", "t": 5.0}))
        msg = dec(ok.receive_bytes())
        while not (isinstance(msg, dict) and msg["type"] == "pong"):
            msg = dec(ok.receive_bytes())
        assert msg["t"] == 5.0


def test_wrong_token_and_unknown_session(client: TestClient) -> None:  # type: ignore[type-arg]
    s = open_session(client)
    for url, code in (
        (f"{s['ws']}?token=nope", CLOSE["bad_token"]),
        ("/ws/sessions/nosuchsession?token=x", CLOSE["unknown_session"]),
    ):
        with client.websocket_connect(url) as ws, pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_bytes()
        assert closed.value.code == code


def test_resume_within_the_grace_period_then_abandoned(client: TestClient) -> None:  # type: ignore[type-arg]
    """A dropped pilot comes back to the same flight; one who does not is scored as flown."""
    s = open_session(client)
    url = f"{s['ws']}?token={s['token']}"
    with client.websocket_connect(url) as ws:
        assert dec(ws.receive_bytes())["resumed"] is False
    with client.websocket_connect(url) as ws:
        hello = dec(ws.receive_bytes())
        assert hello["resumed"] is True
        msg = dec(ws.receive_bytes())
        while not isinstance(msg, list):
            msg = dec(ws.receive_bytes())
        assert state_of(msg)["t"] > 0.0  # the same flight, going on
    time.sleep(1.0)  # the test server's grace period is 0.5 s
    with client.websocket_connect(url) as ws, pytest.raises(WebSocketDisconnect) as closed:
        while True:
            ws.receive_bytes()
    assert (closed.value.code, closed.value.detail) == (
        CLOSE["ended"],
        "the attempt has ended (abandoned)",
    )
    status = client.get(f"/api/attempts/{s['attempt']}").json()
    assert status["status"] == "abandoned" and status["result"]["passed"] is False


def test_a_flood_closes_its_session(client: TestClient) -> None:  # type: ignore[type-arg]
    s = open_session(client)
    with client.websocket_connect(f"{s['ws']}?token={s['token']}") as ws:
        assert dec(ws.receive_bytes())["type"] == "hello"
        for seq in range(2100):  # more than MAX_INPUT_HZ * FLOOD_FACTOR = 2000 in a second
            ws.send_bytes(enc({"type": "input", "seq": seq, "t": 0.0, "sticks": [0, 0, 0, 0]}))
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                ws.receive_bytes()
    assert (closed.value.code, closed.value.detail) == (
        CLOSE["flood"],
        "more than 2000 messages a second",
    )
