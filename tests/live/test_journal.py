"""An attempt's journal: written while flying, read back after a crash."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dronedojo.autopilot import make
from dronedojo.exercises import registry
from dronedojo.exercises.runner import replay_steps
from dronedojo.live import journal
from dronedojo.live.engine import Engine
from dronedojo.live.session import Pilot, Session


def fly(tmp_path: Path, seconds: float, finish: bool) -> tuple[Session, journal.Writer]:
    writer = journal.Writer()
    engine = Engine(lambda batch: None, writer)
    s = Session(registry.get("ff-hover-v1"), 5, Pilot(), tmp_path)
    ghost = make("ghost", 0.9)
    ghost.reset(s.exercise, s.seed)
    engine.admit(s)
    seq, frames = 0, 0
    while s.flight.time < seconds:
        if len(s.flight.frames) != frames:
            frames = len(s.flight.frames)
            seq += 1
            command = ghost.act(s.flight.observation())
            engine.call(lambda c=command, q=seq: s.apply(c, q))
        engine.step()
    if finish:
        engine.end(s)
    writer.flush()
    return s, writer


def test_a_finished_attempt_reads_back_whole(tmp_path: Path) -> None:
    s, writer = fly(tmp_path, 3.0, finish=True)
    writer.close()
    j = journal.read(tmp_path / f"{s.id}.journal")
    assert (j.status, j.problem, j.header["exercise"], j.header["seed"]) == (
        "abandoned",
        None,
        "ff-hover-v1",
        5,
    )
    assert np.array_equal(j.frames, np.array(s.flight.frames))
    assert j.end is not None and j.end["result"] == s.result_json
    again = replay_steps(s.exercise, 5, j.inputs)  # the journal alone replays the flight
    assert np.array_equal(again.frames[: len(j.frames)], j.frames)
    assert [e["kind"] for e in j.events][:1] == ["armed"]


def test_a_crash_keeps_all_but_the_last_second(tmp_path: Path) -> None:
    """The server dies mid-flight, in the middle of writing a chunk: what was written before
    is kept, the attempt reads as interrupted, and the torn record is named, not raised."""
    s, writer = fly(tmp_path, 4.5, finish=False)
    writer.close()
    path = tmp_path / f"{s.id}.journal"
    whole = path.read_bytes()
    path.write_bytes(whole + journal.chunk(np.ones((50, 31)), np.zeros((0, 11)), [])[:100])
    j = journal.read(path)
    assert j.status == "interrupted" and j.end is None
    assert j.chunks == 4  # one a second: 4 whole seconds of the 4.5 flown
    assert len(j.frames) == 200
    assert np.array_equal(j.frames, np.array(s.flight.frames[:200]))
    assert j.problem is not None and j.problem.startswith("torn or corrupt record at byte")


def test_not_a_journal(tmp_path: Path) -> None:
    path = tmp_path / "x.journal"
    path.write_bytes(b"hello")
    with pytest.raises(journal.JournalError, match=r"x\.journal is not a dronedojo-journal file"):
        journal.read(path)
