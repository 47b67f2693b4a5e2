"""The journal of an attempt: written while it is flown, readable after a crash.

A journal is one file of records, each a 4-byte little-endian length and a MessagePack map:

- ``header`` (first): format name and version, attempt id, exercise id, seed, pilot, start
  time (UTC, ISO 8601), the frame and input column names, physics step ``dt`` and
  ``steps_per_frame``;
- ``chunk`` (about one a second): ``frames`` (float64 little-endian rows of the 50 Hz scoring
  frame, exercises/frame.py columns), ``inputs`` (float64 rows, INPUT_COLUMNS: the drone's
  physics step at which the input took effect, the pilot.INPUT_SIZE values, the radio link
  0/1; runner.replay_steps flies them again), ``events`` (maps as sent live);
- ``end`` (last): ``status`` (``finished`` or ``abandoned``), the result as JSON, end time.

Chunks are appended and flushed as they are made, so a server that dies keeps everything up
to the last chunk; a journal without an ``end`` record reads as ``interrupted``, and a torn
last record (a crash mid-write) is ignored and reported, never an error.
"""

from __future__ import annotations

import queue
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises import frame as F
from dronedojo.exercises.pilot import INPUT_SIZE

Array = NDArray[np.float64]

FORMAT = "dronedojo-journal"
VERSION = 1
FRAME_COLUMNS = (
    "time", "x", "y", "z", "vx", "vy", "vz", "qw", "qx", "qy", "qz", "p", "q", "r",
    "armed", "mode", "crashed", "crash_kind", "contact", "soc", "voltage", "events",
    "roll", "pitch", "yaw", "throttle", "gimbal", "capture", "wind_x", "wind_y", "wind_z",
)  # fmt: skip
"""Names of the exercises/frame.py columns, in order."""
INPUT_COLUMNS = (
    "step", "roll", "pitch", "yaw", "throttle", "arm", "mode", "rth", "gimbal", "capture",
    "link",
)  # fmt: skip
MAX_RECORD = 64 * 1024 * 1024
"""Bytes: a record claiming more is corrupt."""

assert len(FRAME_COLUMNS) == F.FRAME_SIZE
assert len(INPUT_COLUMNS) == 2 + INPUT_SIZE

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(dict[str, Any])


def record(kind: str, **fields: Any) -> bytes:
    """One record, length-prefixed, ready to append."""
    body = _encoder.encode({"kind": kind, **fields})
    return struct.pack("<I", len(body)) + body


def chunk(frames: Array, inputs: Array, events: list[dict[str, Any]]) -> bytes:
    return record(
        "chunk",
        frames=np.ascontiguousarray(frames, dtype="<f8").tobytes(),
        inputs=np.ascontiguousarray(inputs, dtype="<f8").tobytes(),
        events=events,
    )


@dataclass
class Journal:
    """A journal as read back."""

    header: dict[str, Any]
    frames: Array
    inputs: Array
    events: list[dict[str, Any]]
    end: dict[str, Any] | None
    problem: str | None = None
    """What was wrong with the file's tail (a torn or corrupt record), if anything."""
    chunks: int = field(default=0)

    @property
    def status(self) -> str:
        """``finished``, ``abandoned`` or ``interrupted`` (no end record: the server stopped)."""
        return str(self.end["status"]) if self.end is not None else "interrupted"


class JournalError(ValueError):
    """A file that is not a readable journal at all (its header is missing or wrong)."""


def read(path: Path) -> Journal:
    """Read a journal, keeping every whole record before a torn or corrupt one."""
    data = path.read_bytes()
    records: list[dict[str, Any]] = []
    problem = None
    pos = 0
    while pos < len(data):
        if pos + 4 > len(data):
            problem = f"torn record length at byte {pos}"
            break
        (size,) = struct.unpack_from("<I", data, pos)
        if size > MAX_RECORD or pos + 4 + size > len(data):
            problem = f"torn or corrupt record at byte {pos} ({size} bytes announced)"
            break
        try:
            records.append(_decoder.decode(data[pos + 4 : pos + 4 + size]))
        except msgspec.DecodeError as e:
            problem = f"corrupt record at byte {pos}: {e}"
            break
        pos += 4 + size
    if not records or records[0].get("kind") != "header" or records[0].get("format") != FORMAT:
        raise JournalError(f"{path.name} is not a {FORMAT} file")
    if records[0].get("version") != VERSION:
        raise JournalError(f"{path.name}: unsupported journal version {records[0].get('version')}")
    frames, inputs, events, end, n = [], [], [], None, 0
    for r in records[1:]:
        if r.get("kind") == "chunk":
            n += 1
            frames.append(np.frombuffer(r["frames"], dtype="<f8").reshape(-1, F.FRAME_SIZE))
            inputs.append(np.frombuffer(r["inputs"], dtype="<f8").reshape(-1, 2 + INPUT_SIZE))
            events.extend(r["events"])
        elif r.get("kind") == "end":
            end = r
    return Journal(
        header=records[0],
        frames=np.concatenate(frames) if frames else np.zeros((0, F.FRAME_SIZE)),
        inputs=np.concatenate(inputs) if inputs else np.zeros((0, 2 + INPUT_SIZE)),
        events=events,
        end=end,
        problem=problem,
        chunks=n,
    )


class Writer:
    """Appends records to journals from a thread of its own, so the engine never waits on a
    disk. ``append`` may be called from any thread; each record is flushed once written."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Path, bytes, bool] | None] = queue.Queue()
        self._files: dict[Path, Any] = {}
        self.errors: list[str] = []
        """Write failures (the journal named), for the server's log and status."""
        self._thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
        self._thread.start()

    def append(self, path: Path, data: bytes, last: bool = False) -> None:
        self._queue.put((path, data, last))

    def close(self) -> None:
        """Write what is queued, then stop."""
        self._queue.put(None)
        self._thread.join()

    def flush(self) -> None:
        """Wait until everything queued so far is written (tests, shutdown)."""
        self._queue.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                self._queue.task_done()
                break
            try:
                self._write(*item)
            except OSError as e:  # a full or failing disk: the flight goes on, unrecorded
                self.errors.append(f"{item[0].name}: {e}")
            self._queue.task_done()
        for f in self._files.values():
            f.close()
        self._files.clear()

    def _write(self, path: Path, data: bytes, last: bool) -> None:
        f = self._files.get(path)
        if f is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            f = self._files[path] = path.open("ab")
        f.write(data)
        f.flush()
        if last:
            f.close()
            del self._files[path]
