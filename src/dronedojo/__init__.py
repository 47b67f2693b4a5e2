"""Drone Dojo: an open-source school for civilian drone pilots."""

__version__ = "0.1.0"
