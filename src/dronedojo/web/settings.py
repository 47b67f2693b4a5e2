"""The server's settings, in one object (from the command line or the environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("var")
    """Where attempts' journals and pilots' profiles are kept."""
    physics_hz: float = 1000.0
    frame_hz: float = 60.0
    """State frames per second sent to each pilot."""
    grace_s: float = 15.0
    """s a session waits for a dropped pilot to come back."""
    ghost_skill: float = 0.9
    """Skill of the reference pilot whose line a replay shows."""

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = {
            "data_dir": os.environ.get("DRONEDOJO_DATA_DIR"),
            "physics_hz": os.environ.get("DRONEDOJO_PHYSICS_HZ"),
            "frame_hz": os.environ.get("DRONEDOJO_FRAME_HZ"),
            "grace_s": os.environ.get("DRONEDOJO_GRACE_S"),
        }
        kwargs: dict[str, object] = {}
        for name, value in env.items():
            if value:
                kwargs[name] = Path(value) if name == "data_dir" else float(value)
        kwargs.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kwargs)  # type: ignore[arg-type]

    @property
    def attempts_dir(self) -> Path:
        return self.data_dir / "attempts"

    @property
    def pilots_dir(self) -> Path:
        return self.data_dir / "pilots"
