"""The saved controller calibration (``GET/PUT /api/profile/input``): its schema and parser.

Mirrors ``frontend/src/input/profile.ts`` exactly (same field names and bounds; keep the two
in step). Raw axis values are the browser Gamepad API's, in [-1, 1]; axis and button indices
are the browser's for the device (``pad``). Sign conventions of what the profile produces are
the server's (``fc/layout.py``): roll/yaw +1 stick right, pitch +1 stick forward, throttle 0..1.

A stick channel maps raw ``center`` to 0 and raw ``min``/``max`` to the two ends (piecewise
linear, then ``invert``, ``deadband`` and ``expo``); a range channel (throttle, gimbal) maps
raw ``min`` to 0 and ``max`` to 1. A switch is an axis (on when nearer ``on`` than ``off``) or
a button (momentary, or ``toggle``); the mode selector is an axis with three recorded
``positions`` or three ``buttons`` (-1: the position held while no other button is pressed).
No web framework here: the HTTP layer calls :func:`parse_profile`.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

__all__ = [
    "MAX_BYTES",
    "AxisSelector",
    "AxisSwitch",
    "ButtonSelector",
    "ButtonSwitch",
    "InputProfile",
    "PadRef",
    "RangeAxis",
    "StickAxis",
    "parse_profile",
]

AXES: Final = 16
"""Axis indices 0..AXES-1 (the Gamepad API lists at most a few; an EdgeTX radio 8)."""
BUTTONS: Final = 64
"""Button indices 0..BUTTONS-1 (an EdgeTX radio sends 24, a standard gamepad 17)."""
DEADBAND_MAX: Final = 0.25
NAME_MAX: Final = 80
PAD_ID_MAX: Final = 200
PAD_INDEX_MAX: Final = 15
MIN_SPAN: Final = 0.05
"""Smallest raw distance between a stick's centre and an end, min and max, or two switch values."""
MAX_BYTES: Final = 8192
"""A profile body larger than this is refused (a real one is under 2 kB)."""

Raw = Annotated[float, Field(ge=-1.0, le=1.0)]
AxisIndex = Annotated[int, Field(ge=0, lt=AXES)]
ButtonIndex = Annotated[int, Field(ge=0, lt=BUTTONS)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class StickAxis(_Model):
    axis: AxisIndex
    center: Raw
    min: Raw
    max: Raw
    invert: bool
    deadband: Annotated[float, Field(ge=0.0, le=DEADBAND_MAX)]
    expo: Annotated[float, Field(ge=0.0, le=1.0)]

    @model_validator(mode="after")
    def _ends(self) -> StickAxis:
        if not (self.min + MIN_SPAN <= self.center <= self.max - MIN_SPAN):
            raise ValueError(f"needs min + {MIN_SPAN} <= center <= max - {MIN_SPAN}")
        return self


class RangeAxis(_Model):
    axis: AxisIndex
    min: Raw
    max: Raw
    invert: bool

    @model_validator(mode="after")
    def _ends(self) -> RangeAxis:
        if self.max - self.min < MIN_SPAN:
            raise ValueError(f"needs min + {MIN_SPAN} <= max")
        return self


class AxisSwitch(_Model):
    kind: Literal["axis"]
    index: AxisIndex
    off: Raw
    on: Raw

    @model_validator(mode="after")
    def _apart(self) -> AxisSwitch:
        if abs(self.on - self.off) < MIN_SPAN:
            raise ValueError(f"on and off must be at least {MIN_SPAN} apart")
        return self


class ButtonSwitch(_Model):
    kind: Literal["button"]
    index: ButtonIndex
    toggle: bool


Switch = Annotated[AxisSwitch | ButtonSwitch, Field(discriminator="kind")]


class AxisSelector(_Model):
    kind: Literal["axis"]
    index: AxisIndex
    positions: tuple[Raw, Raw, Raw]

    @model_validator(mode="after")
    def _apart(self) -> AxisSelector:
        if any(abs(a - b) < MIN_SPAN for a, b in itertools.combinations(self.positions, 2)):
            raise ValueError(f"the three positions must be at least {MIN_SPAN} apart")
        return self


class ButtonSelector(_Model):
    kind: Literal["buttons"]
    buttons: tuple[
        Annotated[int, Field(ge=-1, lt=BUTTONS)],
        Annotated[int, Field(ge=-1, lt=BUTTONS)],
        Annotated[int, Field(ge=-1, lt=BUTTONS)],
    ]

    @model_validator(mode="after")
    def _distinct(self) -> ButtonSelector:
        used = [b for b in self.buttons if b >= 0]
        if len(used) < 2:
            raise ValueError("at most one position may have no button (-1)")
        if len(set(used)) != len(used):
            raise ValueError("each position needs its own button")
        return self


Selector = Annotated[AxisSelector | ButtonSelector, Field(discriminator="kind")]


class PadRef(_Model):
    id: Annotated[str, Field(min_length=1, max_length=PAD_ID_MAX)]
    index: Annotated[int, Field(ge=0, le=PAD_INDEX_MAX)]


class InputProfile(_Model):
    """One pilot's controller calibration."""

    version: Literal[1]
    name: Annotated[str, Field(max_length=NAME_MAX)]
    pad: PadRef | None
    layout: Literal[1, 2]
    """Stick mode: 2 = throttle and yaw on the left stick, 1 = throttle and roll on the right."""
    roll: StickAxis
    pitch: StickAxis
    yaw: StickAxis
    throttle: RangeAxis
    gimbal: RangeAxis | None
    arm: Switch | None
    mode: Selector | None
    rth: Switch | None
    capture: Switch | None

    @model_validator(mode="after")
    def _distinct_sticks(self) -> InputProfile:
        axes = [self.roll.axis, self.pitch.axis, self.yaw.axis, self.throttle.axis]
        if len(set(axes)) != len(axes):
            raise ValueError(f"roll, pitch, yaw and throttle need four different axes, got {axes}")
        return self


_UNIONS: Final = frozenset({"arm", "mode", "rth", "capture"})
_TAGS: Final = frozenset({"axis", "button", "buttons"})


def _where(loc: tuple[int | str, ...]) -> str:
    """A field path as the body spells it ("arm.index"), without pydantic's union tags."""
    parts = list(loc)
    if len(parts) >= 2 and parts[0] in _UNIONS and parts[1] in _TAGS:
        del parts[1]
    return ".".join(str(p) for p in parts) or "body"


def parse_profile(raw: bytes) -> InputProfile:
    """The profile in a JSON body; ValueError naming the first wrong fields otherwise."""
    if len(raw) > MAX_BYTES:
        raise ValueError(f"input profile too large: {len(raw)} bytes (at most {MAX_BYTES})")
    try:
        return InputProfile.model_validate_json(raw)
    except ValidationError as e:
        errors = e.errors(include_url=False)
        shown = "; ".join(f"{_where(err['loc'])}: {err['msg']}" for err in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ValueError(f"invalid input profile: {shown}{more}") from None
