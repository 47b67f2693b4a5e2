"""Texts for people, kept as data until shown: a message id (the English text, marked for the
catalogues with ``N_``) and its parameters. A result stores messages, not sentences, so the
same result is shown in any language and unit system; :func:`render` writes one out.

    Message(N_("you drifted {distance} downwind while holding"), {"distance": Length(2.3)})
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dronedojo.i18n import Translator
from dronedojo.units import Units


@dataclass(frozen=True)
class Quantity:
    """A figure in SI units that is converted for display: ``kind`` says how."""

    value: float
    kind: str = "number"
    """``length`` (m), ``height`` (m), ``speed`` (m/s), ``duration`` (s), ``angle`` (rad),
    ``percent`` (0-100), ``count`` or ``number``."""
    digits: int = 1

    def show(self, units: Units) -> str:
        """The figure in ``units`` and their language, with its unit."""
        v, d = self.value, self.digits
        shown = {
            "length": lambda: units.length(v, d),
            "height": lambda: units.height(v, d),
            "speed": lambda: units.speed(v, d),
            "duration": lambda: f"{units.number(v, d)} s",
            "angle": lambda: f"{units.number(math.degrees(v), 0)}°",
            # French sets a (narrow) space before the percent sign, English none
            "percent": lambda: units.number(v, 0) + (" %" if units.lang == "fr" else "%"),
            "count": lambda: str(round(v)),
        }
        return shown.get(self.kind, lambda: units.number(v, d))()

    def to_json(self) -> dict[str, Any]:
        return {"value": round(self.value, 6), "kind": self.kind}


def Length(v: float, digits: int = 1) -> Quantity:  # noqa: N802 - reads as a unit
    return Quantity(float(v), "length", digits)


def Speed(v: float, digits: int = 1) -> Quantity:  # noqa: N802
    return Quantity(float(v), "speed", digits)


def Duration(v: float, digits: int = 1) -> Quantity:  # noqa: N802
    return Quantity(float(v), "duration", digits)


def Angle(v: float) -> Quantity:  # noqa: N802
    return Quantity(float(v), "angle", 0)


def Count(v: float) -> Quantity:  # noqa: N802
    return Quantity(float(v), "count", 0)


Param = Quantity | str | int | float


@dataclass(frozen=True)
class Message:
    """A text to translate (``text`` is the msgid, with ``{name}`` placeholders) and its
    parameters. A ``str`` parameter that is itself a marked text is translated too when
    listed in ``translate``."""

    text: str
    params: Mapping[str, Param] = field(default_factory=dict)
    translate: tuple[str, ...] = ()

    def render(self, t: Translator, units: Units) -> str:
        return render(self, t, units)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "params": {
                k: (v.to_json() if isinstance(v, Quantity) else v) for k, v in self.params.items()
            },
        }


def render(message: Message, t: Translator, units: Units) -> str:
    """``message`` in ``t``'s language with its figures in ``units``."""
    values: dict[str, str] = {}
    for name, value in message.params.items():
        if isinstance(value, Quantity):
            values[name] = value.show(units)
        elif isinstance(value, float):
            values[name] = units.number(value, 1)
        elif isinstance(value, str) and name in message.translate:
            values[name] = t.gettext(value)
        else:
            values[name] = str(value)
    return t.gettext(message.text).format(**values)
