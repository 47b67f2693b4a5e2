"""Registry-wide: every built-in exercise is valid, possible (the ghost passes it), needs the
pilot (hands-off fails it) and is scored the same way every time."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from dronedojo.autopilot import Ghost
from dronedojo.exercises import registry
from dronedojo.exercises.pilot import HandsOff
from dronedojo.exercises.runner import Attempt, fly, replay
from dronedojo.exercises.scoring import score

IDS = registry.ids()


@functools.cache
def ghost_attempt(exercise_id: str, seed: int = 1, skill: float = 1.0) -> Attempt:
    return fly(registry.get(exercise_id), Ghost(skill), seed=seed)


def test_the_curriculum_has_at_least_24_exercises_in_6_courses() -> None:
    courses = {e.course for e in registry.exercises()}
    assert len(IDS) >= 24
    assert len(courses) >= 6
    assert [c.id for c in registry.courses()] == [
        "first-flights", "manual-control", "camera-operations", "proficiency-lane",
        "emergency-procedures", "fpv",
    ]  # fmt: skip
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_ghost_passes(exercise_id: str) -> None:
    attempt = ghost_attempt(exercise_id)
    r = attempt.result
    failed = [o for o in r.objectives if o.status != "done"]
    assert r.passed, (r.reason, [(o.id, o.status) for o in failed], [e.kind for e in r.errors])
    assert r.outcome == "completed"
    assert not [e for e in r.errors if e.severity != "minor"]


@pytest.mark.parametrize("exercise_id", IDS)
def test_hands_off_fails(exercise_id: str) -> None:
    exercise = registry.get(exercise_id)
    assert exercise.needs_movement
    r = fly(exercise, HandsOff(), seed=1).result
    assert not r.passed
    assert r.score < exercise.scoring.pass_score or any(o.status != "done" for o in r.objectives)


@pytest.mark.parametrize("exercise_id", IDS)
def test_same_seed_same_attempt_and_rescoring_gives_the_same_result(exercise_id: str) -> None:
    first = ghost_attempt(exercise_id)
    exercise = registry.get(exercise_id)
    again = replay(exercise, first.inputs, seed=1)
    np.testing.assert_array_equal(again.frames, first.frames)
    assert score(exercise, first.frames) == first.result
    assert again.result == first.result


def test_the_score_falls_as_the_ghosts_skill_falls() -> None:
    for exercise_id in ("ff-box-v1", "pl-position-v1"):
        scores = [
            np.mean([ghost_attempt(exercise_id, seed, skill).result.score for seed in (1, 2)])
            for skill in (1.0, 0.5, 0.0)
        ]
        assert scores[0] > scores[1] > scores[2], (exercise_id, scores)
