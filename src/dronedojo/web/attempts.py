"""Attempts as stored: their journals in the data folder, read for listing and replay."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from dronedojo.autopilot import make
from dronedojo.exercises import registry
from dronedojo.exercises.runner import fly
from dronedojo.i18n import N_
from dronedojo.live import journal

STATUS_TEXT = {
    "finished": N_("finished"), "abandoned": N_("abandoned"),
    "interrupted": N_("interrupted"), "unreadable": N_("unreadable"),
}  # fmt: skip
"""An attempt's status as the attempts page shows it."""

_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class MissingAttemptError(LookupError):
    pass


def path_of(folder: Path, attempt_id: str) -> Path:
    if not _ID.match(attempt_id):
        raise MissingAttemptError(f"no attempt {attempt_id!r}")
    path = folder / f"{attempt_id}.journal"
    if not path.is_file():
        raise MissingAttemptError(f"no attempt {attempt_id!r}")
    return path


def summary(j: journal.Journal) -> dict[str, Any]:
    h = j.header
    result = j.end["result"] if j.end is not None else None
    return {
        "attempt": h["attempt"], "exercise": h["exercise"], "seed": h["seed"],
        "pilot": h["pilot"], "started": h["started"], "status": j.status,
        "duration_s": float(j.frames[-1, 0]) if len(j.frames) else 0.0,
        "score": result["score"] if result else None,
        "passed": result["passed"] if result else None,
        "result": result, "problem": j.problem,
    }  # fmt: skip


def listing(folder: Path, limit: int = 200) -> list[dict[str, Any]]:
    """The most recent attempts first; unreadable files are listed with their problem."""
    files = sorted(folder.glob("*.journal"), key=lambda p: p.stat().st_mtime, reverse=True)
    out = []
    for path in files[:limit]:
        try:
            s = summary(journal.read(path))
        except (journal.JournalError, OSError) as e:
            s = {"attempt": path.stem, "status": "unreadable", "problem": str(e)}
        s.pop("result", None)
        out.append(s)
    return out


@lru_cache(maxsize=64)
def ghost_frames(exercise_id: str, seed: int, skill: float) -> np.ndarray:
    """The reference pilot's flight of the same exercise and seed (the replay's ghost line)."""
    return fly(registry.get(exercise_id), make("ghost", skill), seed).frames


def replay_data(path: Path, ghost_skill: float) -> dict[str, Any]:
    j = journal.read(path)
    h = j.header
    try:
        ghost = ghost_frames(h["exercise"], int(h["seed"]), ghost_skill)
        ghost_part = {"columns": list(journal.FRAME_COLUMNS), "rows": ghost.tolist()}
    except KeyError:
        ghost_part = None  # an exercise no longer in the curriculum
    return {
        "columns": list(journal.FRAME_COLUMNS),
        "rate_hz": round(1.0 / (h["dt"] * h["steps_per_frame"])),
        "rows": j.frames.tolist(),
        "ghost": ghost_part,
        "events": [{k: e[k] for k in ("t", "kind", "text", "severity") if k in e}
                   for e in j.events],
        "status": j.status,
    }  # fmt: skip
