"""Pilots that fly exercises without a person: the reference pilot and the hands-off pilot."""

from __future__ import annotations

from dronedojo.autopilot.ghost import Ghost
from dronedojo.exercises.pilot import HandsOff, Pilot

PILOTS = ("ghost", "hands-off")


def make(name: str, skill: float = 1.0) -> Pilot:
    """The pilot called ``name`` (one of PILOTS); ``skill`` applies to the ghost."""
    if name == "ghost":
        return Ghost(skill)
    if name == "hands-off":
        return HandsOff()
    raise ValueError(f"unknown pilot {name!r}; pilots: {', '.join(PILOTS)}")


__all__ = ["PILOTS", "Ghost", "HandsOff", "make"]
