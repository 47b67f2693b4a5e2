"""An attempt saved to a file, to score again or fly again (``dronedojo fly --record``).

A compressed numpy archive (``.npz``) holding the frames the scorer saw, the pilot's input
rows, and a small JSON header (format version, exercise id, seed, pilot, score). It is the
interim record of an attempt, until the flight-record format of the flight-log work replaces
it; re-scoring it gives the same result, and replaying its inputs with its seed gives the same
frames.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises.frame import FRAME_SIZE
from dronedojo.exercises.pilot import INPUT_SIZE
from dronedojo.exercises.runner import Attempt

FORMAT = "dronedojo-attempt"
VERSION = 1


class RecordingError(ValueError):
    """A file that is not a readable attempt recording; the message says why."""


@dataclass(frozen=True)
class Recording:
    exercise: str
    seed: int
    pilot: str
    frames: NDArray[np.float64]
    inputs: NDArray[np.float64]
    header: dict[str, Any]


def save(attempt: Attempt, path: str | Path) -> Path:
    """Write ``attempt`` to ``path`` (``.npz`` is added when missing); returns the path."""
    p = Path(path)
    if p.suffix != ".npz":
        p = p.with_name(p.name + ".npz")
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exercise": attempt.exercise.id,
        "seed": attempt.seed,
        "pilot": attempt.pilot,
        "score": attempt.result.score,
        "passed": attempt.result.passed,
    }
    np.savez_compressed(p, frames=attempt.frames, inputs=attempt.inputs,
                        header=np.array(json.dumps(header)))  # fmt: skip
    return p


def load(path: str | Path) -> Recording:
    """Read a recording; a RecordingError names what is wrong with a bad file."""
    p = Path(path)
    if p.is_file() and not zipfile.is_zipfile(p):
        raise RecordingError(f"{p}: not an attempt recording (not a .npz archive)")
    try:
        with np.load(p, allow_pickle=False) as data:
            names = set(data.files)
            missing = {"frames", "inputs", "header"} - names
            if missing:
                raise RecordingError(f"{p}: not an attempt recording (missing {sorted(missing)})")
            header = json.loads(str(data["header"]))
            frames = np.asarray(data["frames"], dtype=float)
            inputs = np.asarray(data["inputs"], dtype=float)
    except RecordingError:
        raise
    except FileNotFoundError:
        raise RecordingError(f"{p}: no such file") from None
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as error:
        raise RecordingError(f"{p}: not a readable attempt recording ({error})") from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise RecordingError(f"{p}: not a version-{VERSION} attempt recording")
    if frames.ndim != 2 or frames.shape[1] != FRAME_SIZE:
        raise RecordingError(f"{p}: frames must be (K, {FRAME_SIZE}), got {frames.shape}")
    if inputs.shape != (len(frames), INPUT_SIZE):
        raise RecordingError(f"{p}: inputs must be ({len(frames)}, {INPUT_SIZE}), got "
                             f"{inputs.shape}")  # fmt: skip
    return Recording(str(header["exercise"]), int(header["seed"]), str(header["pilot"]),
                     frames, inputs, header)  # fmt: skip
