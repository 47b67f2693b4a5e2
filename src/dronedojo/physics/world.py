"""Static obstacles and the world description they are loaded from.

A world description is a mapping (from YAML, JSON or Python) with a list ``obstacles``; each
obstacle has a ``type`` and its own fields, lengths in metres and angles in degrees:

    obstacles:
      - {type: box, center: [0, 5, 1], size: [2, 1, 2], yaw_deg: 30}
      - {type: cylinder, center: [4, 0], radius: 0.5, height: 10}      # base at z = 0
      - {type: post, center: [-3, 2], height: 1.5}                      # radius 0.05
      - {type: gate, center: [0, 10, 1.5], width: 1.5, height: 1.5, yaw_deg: 90}

A gate is the frame of a racing gate: two posts and two bars of square section ``bar``
(default 0.1 m), its opening ``width`` x ``height`` centred on ``center``; ``yaw_deg`` turns it
about the vertical (0 = the opening faces east-west, flown through along x).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import yaml
from numpy.typing import NDArray

from dronedojo.physics import layout as L


class WorldError(ValueError):
    """A world description that cannot be loaded; the message names the field."""


@dataclass(frozen=True)
class Box:
    """A solid box turned by ``yaw`` (rad) about the vertical through its centre."""

    center: tuple[float, float, float]
    """World ENU, m."""
    half: tuple[float, float, float]
    """Half extents along the box's own x, y, z, m."""
    yaw: float = 0.0


@dataclass(frozen=True)
class Cylinder:
    """A solid vertical cylinder."""

    x: float
    y: float
    bottom: float
    top: float
    radius: float


@dataclass(frozen=True)
class World:
    """The static obstacles of an exercise world (the ground plane z = 0 is always there)."""

    boxes: tuple[Box, ...] = ()
    cylinders: tuple[Cylinder, ...] = ()

    @classmethod
    def from_description(cls, description: Mapping[str, Any]) -> World:
        """Build a world from a description mapping; raises :class:`WorldError`."""
        if not isinstance(description, Mapping):
            raise WorldError("world description must be a mapping with a list 'obstacles'")
        unknown = set(description) - {"obstacles"}
        if unknown:
            raise WorldError(f"world: unknown field(s) {sorted(unknown)}; expected 'obstacles'")
        items = description.get("obstacles", [])
        if not isinstance(items, list):
            raise WorldError("obstacles: expected a list")
        boxes: list[Box] = []
        cylinders: list[Cylinder] = []
        for i, item in enumerate(items):
            where = f"obstacles[{i}]"
            if not isinstance(item, Mapping) or "type" not in item:
                raise WorldError(f"{where}: expected a mapping with a 'type'")
            kind = item["type"]
            builder = _BUILDERS.get(kind) if isinstance(kind, str) else None
            if builder is None:
                raise WorldError(
                    f"{where}.type: unknown {kind!r}; expected one of {sorted(_BUILDERS)}"
                )
            b, c = builder(_Fields(item, where))
            boxes += b
            cylinders += c
        return cls(tuple(boxes), tuple(cylinders))

    @classmethod
    def from_yaml(cls, text: str, source: str = "world") -> World:
        """Build a world from YAML text; a syntax error names ``source`` and the line."""
        try:
            description = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{source}:{mark.line + 1}" if mark is not None else source
            raise WorldError(f"{where}: not valid YAML ({error})") from None
        try:
            return cls.from_description(description if description is not None else {})
        except WorldError as error:
            raise WorldError(f"{source}: {error}") from None

    @classmethod
    def builtin(cls, name: str) -> World:
        """One of the worlds shipped in ``dronedojo/physics/worlds`` (``practice-field``)."""
        folder = resources.files("dronedojo.physics") / "worlds"
        path = folder / f"{name}.yaml"
        if not path.is_file():
            known = sorted(p.name.removesuffix(".yaml") for p in folder.iterdir())
            raise WorldError(f"unknown world {name!r}; known: {', '.join(known)}")
        return cls.from_yaml(path.read_text(encoding="utf-8"), source=f"{name}.yaml")

    def packed(self) -> NDArray[np.float64]:
        """Boxes then cylinders in the layout the kernel reads."""
        data = [(*b.center, *b.half, math.cos(b.yaw), math.sin(b.yaw)) for b in self.boxes] + [
            (c.x, c.y, c.bottom, c.top, c.radius) for c in self.cylinders
        ]
        flat = [v for row in data for v in row]
        assert len(flat) == L.BOX_SIZE * len(self.boxes) + L.CYLINDER_SIZE * len(self.cylinders)
        return np.array(flat, dtype=float)


class _Fields:
    """Typed access to one obstacle's fields with messages that name the field."""

    def __init__(self, item: Mapping[str, Any], where: str) -> None:
        self.item, self.where, self.used = item, where, {"type"}

    def number(self, key: str, default: float | None = None, positive: bool = False) -> float:
        self.used.add(key)
        if key not in self.item:
            if default is None:
                raise WorldError(f"{self.where}.{key}: missing (a number)")
            return default
        v = self.item[key]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise WorldError(f"{self.where}.{key}: expected a number, got {v!r}")
        if positive and v <= 0:
            raise WorldError(f"{self.where}.{key}: must be positive, got {v!r}")
        return float(v)

    def vector(self, key: str, size: int, positive: bool = False) -> tuple[float, ...]:
        self.used.add(key)
        v = self.item.get(key)
        if (
            not isinstance(v, Sequence)
            or isinstance(v, str)
            or len(v) != size
            or not all(
                isinstance(e, (int, float)) and not isinstance(e, bool) and math.isfinite(e)
                for e in v
            )
        ):
            raise WorldError(f"{self.where}.{key}: expected {size} finite numbers, got {v!r}")
        if positive and any(e <= 0 for e in v):
            raise WorldError(f"{self.where}.{key}: all must be positive, got {v!r}")
        return tuple(float(e) for e in v)

    def done(self) -> None:
        extra = set(self.item) - self.used
        if extra:
            raise WorldError(f"{self.where}: unknown field(s) {sorted(extra)}")


Built = tuple[list[Box], list[Cylinder]]


def _box(f: _Fields) -> Built:
    center = f.vector("center", 3)
    size = f.vector("size", 3, positive=True)
    yaw = math.radians(f.number("yaw_deg", 0.0))
    f.done()
    return [Box(center, (size[0] / 2, size[1] / 2, size[2] / 2), yaw)], []  # type: ignore[arg-type]


def _cylinder(f: _Fields, default_radius: float | None = None) -> Built:
    x, y = f.vector("center", 2)
    radius = f.number("radius", default_radius, positive=True)
    height = f.number("height", positive=True)
    base = f.number("base", 0.0)
    f.done()
    return [], [Cylinder(x, y, base, base + height, radius)]


def _post(f: _Fields) -> Built:
    return _cylinder(f, default_radius=0.05)


def _gate(f: _Fields) -> Built:
    cx, cy, cz = f.vector("center", 3)
    width = f.number("width", positive=True)
    height = f.number("height", positive=True)
    bar = f.number("bar", 0.1, positive=True)
    yaw = math.radians(f.number("yaw_deg", 0.0))
    f.done()
    c, s = math.cos(yaw), math.sin(yaw)
    side = 0.5 * (width + bar)  # post centres, along the gate's own y axis
    outer = 0.5 * (height + bar)  # bar centres, above and below the centre
    half_span = 0.5 * (width + 2 * bar)
    half_post = 0.5 * (height + 2 * bar)
    parts = [
        ((0.0, side, 0.0), (bar / 2, bar / 2, half_post)),
        ((0.0, -side, 0.0), (bar / 2, bar / 2, half_post)),
        ((0.0, 0.0, outer), (bar / 2, half_span, bar / 2)),
        ((0.0, 0.0, -outer), (bar / 2, half_span, bar / 2)),
    ]
    boxes = [
        Box((cx + c * ox - s * oy, cy + s * ox + c * oy, cz + oz), half, yaw)
        for (ox, oy, oz), half in parts
    ]
    return boxes, []


_BUILDERS = {"box": _box, "cylinder": _cylinder, "post": _post, "gate": _gate}
