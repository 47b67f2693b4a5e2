"""The score, the pass and fail rules, the reason in words, re-scoring, and the loader."""

from __future__ import annotations

import numpy as np
import pytest

from dronedojo.exercises import frame as F
from dronedojo.exercises.loader import ExerciseError, parse
from dronedojo.exercises.scoring import Scorer, error_message, score
from dronedojo.fc import layout as FL
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


def _live(ex, rows):  # type: ignore[no-untyped-def]
    """Score frames as a live attempt does: stop at the first frame that finishes it."""
    s = Scorer(ex)
    for r in rows:
        s.update(r)
        if s.finished:
            break
    return s.result()


def test_a_crash_is_a_safety_error_that_ends_the_attempt() -> None:
    ex = exercise([HOLD])
    rows = [*still(0.0, 0.5, (0, 0, 3)), row(0.5, (0, 0, 0.1), crashed=True)]
    rows += still(0.52, 2.0, (0, 0, 3))  # ignored after the crash
    r = _live(ex, rows)
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
    live = _live(ex, rows)
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


# --- limits, modes, the reason in words, live progress, JSON and text -------------------------
EN = translator("en")
METRIC = Units()


def test_each_excursion_out_of_the_limits_is_one_error() -> None:
    ex = exercise([{**HOLD, "duration_s": 100}],
                  limits={"geofence": {"polygon": [[-10, -10], [10, -10], [10, 10], [-10, 10]]},
                          "line_of_sight": {"distance": 20}})  # fmt: skip
    rows = still(0.0, 1.0, (0, 0, 3)) + still(1.0, 1.0, (12, 0, 3))  # out for 1 s: one error
    rows += still(2.0, 1.0, (0, 0, 3)) + still(3.0, 0.5, (0, 12, 3))  # out again
    rows += still(3.5, 0.5, (0, 16, 3))  # also 21 m from the pilot at (0, -5, 1.7)
    r = _result(ex, rows, truncated=True)
    assert [(e.kind, e.severity, e.t, e.objective) for e in r.errors] == [
        ("geofence", "major", 1.0, None), ("geofence", "major", 3.0, None),
        ("line_of_sight", "major", 3.5, None),
    ]  # fmt: skip
    assert [error_message(e).render(EN, Units("imperial", "en")) for e in r.errors][2] == (
        "flew farther than 66 ft from the pilot"
    )
    assert r.reason.render(EN, METRIC) == "Failed: 3 major errors (the limit is 3)."


def _in_mode(rows: list[np.ndarray], mode: int, events: int = 0) -> list[np.ndarray]:
    for r in rows:
        r[F.C_MODE] = mode
    rows[0][F.C_EVENTS] = events
    return rows


def test_switching_to_a_mode_the_exercise_does_not_allow_is_a_major_error() -> None:
    ex = exercise([{**HOLD, "duration_s": 100}])  # modes: position only
    changed = FL.EV_MODE_CHANGED
    rows = _in_mode(still(0.0, 1.0, (0, 0, 3)), FL.MODE_POSITION)
    rows += _in_mode(still(1.0, 1.0, (0, 0, 3)), FL.MODE_ALTITUDE, changed)
    rows += _in_mode(still(2.0, 1.0, (0, 0, 3)), FL.MODE_POSITION, changed)
    rows += _in_mode(still(3.0, 1.0, (0, 0, 3)), FL.MODE_ALTITUDE, changed)
    r = _result(ex, rows, truncated=True)
    assert [(e.kind, e.severity, e.t) for e in r.errors] == [
        ("mode_not_allowed", "major", 1.0), ("mode_not_allowed", "major", 3.0)]  # fmt: skip
    assert error_message(r.errors[0]).render(EN, METRIC) == (
        "flew in altitude mode, which this exercise does not allow"
    )
    # the controller's own fallback to altitude mode when the GPS is lost is no error
    rows = _in_mode(still(0.0, 1.0, (0, 0, 3)), FL.MODE_POSITION)
    rows += _in_mode(still(1.0, 1.0, (0, 0, 3)), FL.MODE_ALTITUDE, changed | FL.EV_GPS_LOST)
    rows += _in_mode(still(2.0, 1.0, (0, 0, 3)), FL.MODE_POSITION, changed | FL.EV_GPS_RECOVERED)
    assert _result(ex, rows, truncated=True).errors == []


@pytest.mark.parametrize(
    ("objectives", "rows", "reason"),
    [
        ([HOLD], still(0.0, 1.5, (0, 0, 3)), "Passed with 100.0 points (pass mark 70.0)."),
        # the take-off never made (on the ground for 1.5 s), then the hold
        ([{"kind": "takeoff", "within_s": 1}, HOLD],
         still(0.0, 1.5, (0, 0, 0), contact=True) + still(1.5, 1.5, (0, 0, 3)),
         "Failed: objective takeoff-1 was not completed."),
        ([{"kind": "takeoff", "within_s": 1, "required": False, "points": 30}, HOLD],
         still(0.0, 1.5, (0, 0, 0), contact=True) + still(1.5, 1.5, (0, 0, 3)),
         "Failed: 25.0 points, below the pass mark of 70.0."),
    ],
)  # fmt: skip
def test_the_reason_in_plain_words(objectives, rows, reason) -> None:  # type: ignore[no-untyped-def]
    r = _result(exercise(objectives), rows)
    assert r.outcome == "completed"
    assert r.passed is reason.startswith("Passed")
    assert r.reason.render(EN, METRIC) == reason


def test_progress_for_the_display_during_a_hold() -> None:
    ex = exercise([{**HOLD, "duration_s": 5}, {"kind": "land"},
                   {"kind": "altitude_band", "min": 1, "max": 10}],
                  limits={"ceiling": {"height": 3.2, "severity": "minor"}})  # fmt: skip
    s = Scorer(ex)
    for r in still(0.0, 2.0, (0, 0, 3)) + still(2.0, 0.54, (0, 0, 3.4)):
        s.update(r)
    p = s.progress()
    assert (p.index, p.objective, p.kind) == (0, "hold-1", "hold")
    assert p.fraction == pytest.approx(0.5)  # 2.5 s of 5 inside (0.02 to 2.52)
    assert p.statuses == {"hold-1": "active", "land-2": "pending", "altitude_band-3": "active"}
    assert p.errors == {"minor": 1, "major": 0, "safety": 0}
    assert p.t == pytest.approx(2.52)
    assert not s.finished


def test_watchers_start_on_the_first_frame() -> None:
    ex = exercise([{**HOLD, "duration_s": 2}, {"kind": "altitude_band", "min": 1, "max": 10}])
    r = _result(ex, still(0.0, 3.0, (0, 0, 3)))
    started = [(e.objective, e.t) for e in r.timeline if e.kind == "objective_started"]
    assert started == [("altitude_band-2", 0.0), ("hold-1", 0.0)]
    assert [o.status for o in r.objectives] == ["done", "done"]


def test_the_result_is_given_once_and_frames_after_it_are_refused() -> None:
    s = Scorer(exercise([HOLD]))
    for r in still(0.0, 1.5, (0, 0, 3)):
        s.update(r)
    assert s.result() is s.result()
    with pytest.raises(RuntimeError, match="scored already"):
        s.update(row(1.5, (0, 0, 3)))


def test_rescoring_a_crash_and_an_attempt_out_of_time() -> None:
    ex = exercise([{**HOLD, "duration_s": 10}], limits={"ceiling": {"height": 4}})
    rows = still(0.0, 1.0, (0, 0, 3)) + still(1.0, 1.0, (0, 0, 5))
    crash = [*rows, row(2.0, (0, 0, 0.1), crashed=True), row(2.02, (0, 0, 0.1), crashed=True)]
    r = score(ex, np.array(crash))
    assert (r.outcome, r.duration_s, r.passed) == ("terminated", 2.0, False)
    assert [e.kind for e in r.errors] == ["ceiling", "crash"]
    assert score(ex, np.array(crash)) == r
    r = score(ex, np.array(rows))
    assert r.outcome == "truncated"
    assert r.reason.render(EN, METRIC) == "Failed: time ran out before objective hold-1 was done."


def test_the_result_as_json_and_as_text() -> None:
    ex = exercise([{**HOLD, "zone": {"center": [0, 0, 3], "size": [8, 8, 1]}, "duration_s": 2}],
                  limits={"ceiling": {"height": 3.2, "severity": "minor"}})  # fmt: skip
    rows = still(0.0, 2.5, (1.0, 0, 3)) + still(2.5, 0.1, (1.0, 0, 3.5))
    r = _result(ex, rows)
    # quality 1 - 0.5 * 1 / 4 = 0.875; the climb through the ceiling came after the hold
    assert r.score == 87.5 - 2.0
    data = r.to_json(EN, METRIC)
    assert {"exercise", "passed", "score", "outcome", "reason", "objectives", "errors",
            "duration_s", "timeline"} <= set(data)  # fmt: skip
    assert data["reason"] == {
        "text": "Passed with {score} points (pass mark {mark}).",
        "params": {"score": 85.5, "mark": 70.0},
        "message": "Passed with 85.5 points (pass mark 70.0).",
    }
    assert data["errors"] == [{
        "kind": "ceiling", "severity": "minor", "t": 2.5, "objective": None,
        "params": {"limit": {"value": 3.2, "kind": "length"}},
        "message": "climbed above the height limit of 3.2 m",
    }]  # fmt: skip
    assert "message" not in r.to_json()["reason"]
    assert data["objectives"][0]["metrics"]["mean_offset"] == {"value": 1.0, "kind": "length"}
    lines = r.describe(EN, METRIC)
    assert lines[:3] == [
        "test-exercise-v1: PASSED, score 85.5 / 100",
        "Passed with 85.5 points (pass mark 70.0).",
        "Flight time: 2.6 s",
    ]
    assert lines[3] == "  ✓ hold-1: 8.8 / 10  (mean offset 1.00 m, max offset 1.00 m)"
    assert lines[-2:] == ["Errors:", "  2.5 s  minor: climbed above the height limit of 3.2 m"]
