"""The live engine: sessions stepped together in one batch fly exactly as they would alone."""

from __future__ import annotations

import numpy as np
import pytest

from dronedojo.autopilot import make
from dronedojo.exercises import registry
from dronedojo.exercises.runner import replay_steps
from dronedojo.live.engine import Engine
from dronedojo.live.session import Pilot, Session


def fly_live(engine: Engine, sessions: list[Session], pilots: list, stop_after: float) -> None:
    """Drive each session's scripted pilot through the engine, as a browser would: an input
    at each of its frames, applied before the next step; plus a dropped link on session 1."""
    for s, p in zip(sessions, pilots, strict=True):
        p.reset(s.exercise, s.seed)
        engine.admit(s)
        for _ in range(7):
            engine.step()  # the next one joins 7 steps later: its frames fall elsewhere
    seq = 0
    frames = [0] * len(sessions)
    while any(s.state == "flying" for s in sessions):
        for i, (s, p) in enumerate(zip(sessions, pilots, strict=True)):
            if s.state == "flying" and len(s.flight.frames) != frames[i]:
                frames[i] = len(s.flight.frames)
                command = p.act(s.flight.observation())
                seq += 1
                engine.call(lambda s=s, c=command, q=seq: s.apply(c, q))
                if i == 1 and frames[i] in (400, 700):
                    engine.call(lambda s=s, up=frames[i] == 700: s.set_link(up))
            if s.state == "flying" and s.flight.time > stop_after:
                engine.call(lambda s=s: engine.end(s))
        engine.step()


@pytest.mark.parametrize("exercise_id", ["em-gps-loss-v1", "ff-hover-v1"])
def test_sessions_in_one_batch_fly_as_alone(exercise_id: str) -> None:
    """Three sessions of one exercise share a batch (joining at different steps, so their
    frames fall on different engine steps); each one's recorded input schedule, flown again
    headless with its seed, gives the same frames bit for bit (turbulence included)."""
    exercise = registry.get(exercise_id)
    out: list = []
    engine = Engine(out.extend, pool_capacity=2)  # the pool grows to 4 on the third session
    sessions = [Session(exercise, seed, Pilot(), None) for seed in (1, 2, 3)]
    fly_live(engine, sessions, [make("ghost", 0.8) for _ in sessions], stop_after=20.0)
    pool = engine.pools[exercise_id]
    assert len(pool.slots) == 4
    assert len({s.flight.offset % 20 for s in sessions}) > 1
    for s in sessions:
        again = replay_steps(exercise, s.seed, np.array(s.schedule))
        live = np.array(s.flight.frames)
        assert len(live) == 1000  # abandoned after 20 s
        assert np.array_equal(again.frames[: len(live)], live)
    assert {s.state for s in sessions} == {"abandoned"}


def test_a_failing_session_is_ended_and_the_others_fly_on(caplog: pytest.LogCaptureFixture) -> None:
    exercise = registry.get("ff-hover-v1")
    engine = Engine(lambda batch: None)
    good, bad = (Session(exercise, seed, Pilot(), None) for seed in (1, 2))
    engine.admit(good)
    engine.admit(bad)

    def broken(events: int) -> None:
        raise ZeroDivisionError("a bug in one session")

    bad.flight.take_frame = broken  # type: ignore[method-assign]
    for _ in range(200):
        engine.step()
    assert bad.state == "abandoned" and bad.id not in engine.sessions
    assert good.state == "flying" and len(good.flight.frames) == 10
    assert "session " + bad.id + " failed; ending it" in caplog.text
