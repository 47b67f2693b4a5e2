"""Units at the display edge: the physics stays SI, figures are converted only when shown.

Two systems: "metric" (the default) and "imperial". Lengths and heights are shown in metres
or feet. Speeds in metres per second for metric: drone specifications, EASA class labels and
weather briefings for drone pilots give the wind and the drone's speed in m/s; km/h is an
option. Imperial speeds are in miles per hour; knots (aviation) are an option for either.
Numbers are written for the language through Babel (a decimal comma in French).
"""

from __future__ import annotations

import os
from decimal import Decimal

from babel.numbers import format_decimal

SYSTEMS = ("metric", "imperial")
"""The unit systems, the default first."""
ENV_VAR = "DRONEDOJO_UNITS"

FOOT = 0.3048
"""m, exactly (international foot, 1959)."""
MILE = 1609.344
"""m, exactly (5280 ft)."""
KNOT = 1852.0 / 3600.0
"""m/s, exactly (one nautical mile, 1852 m, per hour)."""
KM_PER_H = 1000.0 / 3600.0
"""m/s."""
MPH = MILE / 3600.0
"""m/s."""

SPEED_UNITS = {"m/s": 1.0, "km/h": KM_PER_H, "mph": MPH, "kn": KNOT}
"""Speed unit symbol -> m/s per unit."""
LENGTH_UNITS = {"m": 1.0, "ft": FOOT}
"""Length unit symbol -> m per unit."""


def check_system(system: str) -> str:
    """``system`` if known; a ValueError naming the known systems if not."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown unit system {system!r}; supported: {', '.join(SYSTEMS)}")
    return system


def default_system() -> str:
    """The unit system from the environment (DRONEDOJO_UNITS), else metric."""
    return check_system(os.environ.get(ENV_VAR) or SYSTEMS[0])


def number(value: float, digits: int, lang: str) -> str:
    """``value`` with ``digits`` decimals, written for ``lang`` (no thousands grouping).

    Rounded as Python's ``f"{value:.{digits}f}"`` rounds, so the English text is the same.
    """
    rounded = Decimal(f"{value:.{digits}f}")
    pattern = "0." + "0" * digits if digits > 0 else "0"
    return format_decimal(rounded, format=pattern, locale=lang)


class Units:
    """Formats SI figures in a unit system and a language."""

    def __init__(self, system: str = "metric", lang: str = "en", speed: str | None = None) -> None:
        self.system = check_system(system)
        self.lang = lang
        self.length_unit = "m" if system == "metric" else "ft"
        """The symbol of lengths and heights."""
        self.speed_unit = speed or ("m/s" if system == "metric" else "mph")
        """The symbol of speeds: m/s or mph, or the ``speed`` asked for (km/h, kn...)."""
        if self.speed_unit not in SPEED_UNITS:
            raise ValueError(f"unknown speed unit {speed!r}; supported: {', '.join(SPEED_UNITS)}")

    def number(self, value: float, digits: int = 1) -> str:
        return number(value, digits, self.lang)

    def to_length(self, metres: float) -> float:
        """``metres`` in the length unit."""
        return metres / LENGTH_UNITS[self.length_unit]

    def to_speed(self, metres_per_second: float) -> float:
        """``metres_per_second`` in the speed unit."""
        return metres_per_second / SPEED_UNITS[self.speed_unit]

    def length_number(self, metres: float, digits: int = 1) -> str:
        """The figure alone, for a column headed with the unit."""
        return self.number(self.to_length(metres), digits)

    def length(self, metres: float, digits: int = 1) -> str:
        """A length with its unit: ``12.3 m`` or ``40.4 ft``."""
        return f"{self.length_number(metres, digits)} {self.length_unit}"

    def height(self, metres: float, digits: int = 1) -> str:
        """A height with its unit (as a length: aviation gives heights in ft too)."""
        return self.length(metres, digits)

    def speed(self, metres_per_second: float, digits: int = 1) -> str:
        """A speed with its unit: ``4.5 m/s``, ``16.2 km/h``, ``10.1 mph`` or ``8.7 kn``."""
        return f"{self.number(self.to_speed(metres_per_second), digits)} {self.speed_unit}"
