"""The score, the pass and fail rules, the reason in words, re-scoring, and the loader."""

from __future__ import annotations

import numpy as np
import pytest

from dronedojo.exercises.loader import ExerciseError, parse
from dronedojo.exercises.scoring import Scorer, score
from dronedojo.i18n import translator
from dronedojo.units import Units
from tests.exercises.frames import exercise, row, still

HOLD = {"kind": "hold", "zone": {"center": [0, 0, 3], "size": [2, 2, 1]}, "duration_s": 1}


def _result(ex, rows, truncated=False):  # type: ignore[no-untyped-def]
    s = Scorer(ex)
    for r in rows:
        s.update(r)
    return s.result(truncated=truncated)


def test_score_is_points_times_quality_minus_penalties() -> None:
    ex = exercise([{**HOLD, "points": 30}, {"kind": "takeoff", "points": 10}],
                  limits={"ceiling": {"height": 3.2, "severity": "minor"}},
                  scoring={"minor_penalty": 2.0})  # fmt: skip
    # at the centre: quality 1 - 0.5 * 0 = 1
    r = _result(ex, still(0.0, 1.5, (0, 0, 3)))
    assert (r.score, r.passed) == (100.0, True)
    # 0.5 m off in x in a 2 m box: normalised offset 0.5, quality 1 - 0.5 * 0.5 = 0.75;
    # one climb through the ceiling: a minor error, 2 points
    rows = still(0.0, 1.5, (0.5, 0, 3)) + still(1.5, 0.1, (0.5, 0, 3.5))
    r = _result(ex, rows)
    assert r.objectives[0].earned == pytest.approx(22.5)
    assert r.score == round(100.0 * (22.5 + 10.0) / 40.0 - 2.0, 1)


def test_seven_minor_errors_fail_and_three_major_errors_fail() -> None:
    ex = exercise([{**HOLD, "duration_s": 100}],
                  limits={"ceiling": {"height": 5, "severity": "major"}})  # fmt: skip
    rows = []
    t = 0.0
    for _ in range(3):  # three climbs through the ceiling: three major errors
        rows += still(t, 0.1, (0, 0, 3))
        rows += still(t + 0.1, 0.1, (0, 0, 6))
        t += 0.2
    r = _result(ex, rows, truncated=True)
    assert r.counts["major"] == 3
    assert not r.passed
    assert r.reason.text == "Failed: {count} major errors (the limit is {limit})."
    ex = exercise(
        [{**HOLD, "duration_s": 100}], limits={"ceiling": {"height": 5, "severity": "minor"}}
    )
    rows = []
    t = 0.0
    for _ in range(7):
        rows += still(t, 0.1, (0, 0, 3)) + still(t + 0.1, 0.1, (0, 0, 6))
        t += 0.2
    r = _result(ex, rows, truncated=True)
    assert r.counts["minor"] == 7
    assert r.reason.params == {"count": 7, "limit": 7}


def test_a_crash_is_a_safety_error_that_ends_the_attempt() -> None:
    ex = exercise([HOLD])
    rows = [*still(0.0, 0.5, (0, 0, 3)), row(0.5, (0, 0, 0.1), crashed=True)]
    rows += still(0.52, 2.0, (0, 0, 3))  # ignored after the crash
    s = Scorer(ex)
    for r in rows:
        s.update(r)
        if s.finished:
            break
    r = s.result()
    assert r.outcome == "terminated"
    assert [(e.kind, e.severity) for e in r.errors] == [("crash", "safety")]
    assert r.reason.render(translator("en"), Units()) == "Failed: the drone crashed at 0.5 s."
    assert r.reason.render(translator("fr"), Units(lang="fr")) == (
        "Échec : le drone s'est écrasé à 0,5 s."
    )


def test_time_up_before_a_required_objective_is_said_so() -> None:
    ex = exercise([{**HOLD, "duration_s": 10}])
    r = _result(ex, still(0.0, 2.0, (0, 0, 3)), truncated=True)
    assert r.outcome == "truncated"
    assert r.reason.params == {"objective": "hold-1"}
    assert "time ran out" in r.reason.text


def test_severity_overrides_apply_and_unknown_kinds_are_refused() -> None:
    ex = exercise([{**HOLD, "duration_s": 100}], limits={"ceiling": {"height": 5}},
                  scoring={"severity": {"ceiling": "safety"}})  # fmt: skip
    r = _result(ex, still(0.0, 0.1, (0, 0, 3)) + still(0.1, 0.1, (0, 0, 6)), truncated=True)
    assert r.errors[0].severity == "safety"
    assert "a safety error" in r.reason.text
    with pytest.raises(ValueError, match="unknown error kind"):
        exercise([HOLD], scoring={"severity": {"smoke": "minor"}})


def test_rescoring_the_frames_gives_the_same_result() -> None:
    ex = exercise([HOLD, {"kind": "land"}])
    rows = still(0.0, 1.5, (0.3, 0, 3)) + still(1.5, 1.0, (0, 0, 0.1), contact=True,
                                                 armed=False)  # fmt: skip
    s = Scorer(ex)
    for r in rows:
        s.update(r)
        if s.finished:
            break
    live = s.result()
    assert score(ex, np.array(rows)) == live


def test_the_result_in_french_and_imperial_units() -> None:
    ex = exercise([{**HOLD, "zone": {"center": [0, 0, 3], "size": [8, 8, 1]}, "duration_s": 2}],
                  weather={"wind_speed": 5, "wind_from_deg": 270})  # fmt: skip
    r = _result(ex, still(0.0, 3.0, (2.3, 0, 3)))
    feedback = r.objectives[0].feedback[0]
    assert feedback.render(translator("en"), Units("imperial", "en")) == (
        "you drifted 7.5 ft downwind while holding: correct earlier with small roll and pitch "
        "inputs into the wind"
    )
    assert feedback.render(translator("fr"), Units("metric", "fr")).startswith(
        "vous avez dérivé de 2,3 m sous le vent"
    )
    data = r.to_json(translator("fr"), Units("metric", "fr"))
    assert data["passed"] is True
    assert data["objectives"][0]["metrics"]["mean_offset"] == {"value": 2.3, "kind": "length"}


def test_the_loader_names_file_line_and_field() -> None:
    text = "\n".join([
        "id: bad-exercise-v1", "course: first-flights", "title: {en: A, fr: A}",
        "briefing: {en: B, fr: B}", "airframe: fpv-5inch", "modes: [position]",
        "objectives:", "  - kind: hold", "    zone: {center: [0, 0, 3], size: [2, 2]}",
        "    duration_s: 5",
    ])  # fmt: skip
    with pytest.raises(ExerciseError) as caught:
        parse(text, "bad.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "bad.yaml:9: objectives[0].zone.size[2]: missing item 2 (a number)",
    ]
    fixed = text.replace("[2, 2]}", "[2, 2, 1]}")
    with pytest.raises(ExerciseError, match=r"bad.yaml:6: modes: \['position'\] do not exist"):
        parse(fixed, "bad.yaml")
    with pytest.raises(ExerciseError, match=r"x.yaml:1: id: String should match pattern"):
        parse(fixed.replace("bad-exercise-v1", "Bad Exercise"), "x.yaml")
