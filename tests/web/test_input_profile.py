"""The saved controller calibration: exactly what parse_profile accepts and refuses."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from dronedojo.web.input_profile import MAX_BYTES, InputProfile, parse_profile


def stick(axis: int, **over: Any) -> dict[str, Any]:
    return {
        "axis": axis,
        "center": 0,
        "min": -1,
        "max": 1,
        "invert": False,
        "deadband": 0.02,
        "expo": 0,
        **over,
    }


RADIO: dict[str, Any] = {
    "version": 1,
    "name": "EdgeTX AETR",
    "pad": {"id": "EdgeTX Radiomaster TX16S Joystick", "index": 0},
    "layout": 2,
    "roll": stick(0),
    "pitch": stick(1),
    "yaw": stick(3),
    "throttle": {"axis": 2, "min": -1, "max": 1, "invert": False},
    "gimbal": None,
    "arm": {"kind": "axis", "index": 4, "off": -1, "on": 1},
    "mode": {"kind": "axis", "index": 5, "positions": [-1, 0, 1]},
    "rth": None,
    "capture": None,
}

GAMEPAD: dict[str, Any] = {
    "version": 1,
    "name": "Gamepad",
    "pad": None,
    "layout": 1,
    "roll": stick(2),
    "pitch": stick(1, invert=True),
    "yaw": stick(0),
    "throttle": {"axis": 3, "min": -1, "max": 1, "invert": True},
    "gimbal": {"axis": 4, "min": -0.9, "max": 0.9, "invert": False},
    "arm": {"kind": "button", "index": 9, "toggle": True},
    "mode": {"kind": "buttons", "buttons": [14, 12, 15]},
    "rth": {"kind": "button", "index": 3, "toggle": True},
    "capture": {"kind": "button", "index": 0, "toggle": False},
}


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def changed(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(base)
    *parents, last = path.split(".")
    node: Any = out
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if value is DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return out


DELETE = object()


@pytest.mark.parametrize("profile", [RADIO, GAMEPAD], ids=["radio", "gamepad"])
def test_round_trip(profile: dict[str, Any]) -> None:
    parsed = parse_profile(body(profile))
    assert isinstance(parsed, InputProfile)
    assert parsed.model_dump(mode="json") == json.loads(body(profile))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("roll.center", 0.95),  # an end 0.05 from the centre
        ("roll.deadband", 0.25),
        ("roll.expo", 1),
        ("throttle.min", 0.95),
        ("mode.buttons", [3, -1, 4]),
        ("pad.index", 15),
        ("name", "x" * 80),
        ("arm", {"kind": "axis", "index": 15, "off": 0, "on": 0.05}),
    ],
)
def test_accepts_the_bounds(path: str, value: Any) -> None:
    base = GAMEPAD if path.startswith("mode") else RADIO
    parse_profile(body(changed(base, path, value)))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("extra", 1, "extra: Extra inputs are not permitted"),
        ("version", 2, "version: Input should be 1"),
        ("layout", 3, "layout: Input should be 1 or 2"),
        ("roll.deadband", 0.26, "roll.deadband: Input should be less than or equal to 0.25"),
        ("roll.expo", -0.1, "roll.expo: Input should be greater than or equal to 0"),
        ("roll.axis", 16, "roll.axis: Input should be less than 16"),
        ("roll.axis", 1.0, "roll.axis: Input should be a valid integer"),
        ("roll.invert", 1, "roll.invert: Input should be a valid boolean"),
        ("roll.min", -1.5, "roll.min: Input should be greater than or equal to -1"),
        ("roll.center", 0.96, "roll: Value error, needs min + 0.05 <= center <= max - 0.05"),
        ("roll.gain", 2, "roll.gain: Extra inputs are not permitted"),
        ("pitch", DELETE, "pitch: Field required"),
        (
            "yaw.axis",
            0,
            "body: Value error, roll, pitch, yaw and throttle need four different axes, "
            "got [0, 1, 0, 2]",
        ),
        ("throttle.max", -0.97, "throttle: Value error, needs min + 0.05 <= max"),
        ("arm.index", 16, "arm.index: Input should be less than 16"),
        ("arm.on", -0.98, "arm: Value error, on and off must be at least 0.05 apart"),
        (
            "arm.kind",
            "pot",
            "arm: Input tag 'pot' found using 'kind' does not match any of the expected tags",
        ),
        ("mode.positions", [-1, 0], "mode.positions.2: Field required"),
        (
            "mode.positions",
            [-1, 0, 0.01],
            "mode: Value error, the three positions must be at least 0.05 apart",
        ),
        ("name", "x" * 81, "name: String should have at most 80 characters"),
        ("pad.id", "", "pad.id: String should have at least 1 character"),
        ("pad.index", 16, "pad.index: Input should be less than or equal to 15"),
    ],
)
def test_refuses_radio(path: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        parse_profile(body(changed(RADIO, path, value)))
    assert str(e.value).startswith(f"invalid input profile: {message}")


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "mode.buttons",
            [3, -1, -1],
            "mode: Value error, at most one position may have no button (-1)",
        ),
        ("mode.buttons", [3, 3, 4], "mode: Value error, each position needs its own button"),
        ("mode.buttons.0", 64, "mode.buttons.0: Input should be less than 64"),
        ("mode.buttons.0", -2, "mode.buttons.0: Input should be greater than or equal to -1"),
        ("arm.index", 64, "arm.index: Input should be less than 64"),
        ("arm.toggle", "yes", "arm.toggle: Input should be a valid boolean"),
        ("capture.off", 0, "capture.off: Extra inputs are not permitted"),
    ],
)
def test_refuses_gamepad(path: str, value: Any, message: str) -> None:
    with pytest.raises(ValueError) as e:
        parse_profile(body(changed(GAMEPAD, path, value)))
    assert str(e.value) == f"invalid input profile: {message}"


def test_refuses_what_is_not_a_profile() -> None:
    with pytest.raises(ValueError, match=r"^invalid input profile: body: Invalid JSON"):
        parse_profile(b"{nope")
    with pytest.raises(
        ValueError, match=r"^invalid input profile: body: Input should be an object"
    ):
        parse_profile(b"[1, 2]")
    with pytest.raises(ValueError, match=r"roll.center: Input should be a finite number"):
        parse_profile(body(RADIO).replace(b'"center": 0,', b'"center": NaN,', 1))
    with pytest.raises(ValueError, match=r"\(and \d+ more\)$"):
        parse_profile(b"{}")


def test_refuses_a_huge_body() -> None:
    big = body(changed(RADIO, "name", "x" * 80)) + b" " * MAX_BYTES
    with pytest.raises(
        ValueError, match=rf"^input profile too large: {len(big)} bytes \(at most {MAX_BYTES}\)$"
    ):
        parse_profile(big)
