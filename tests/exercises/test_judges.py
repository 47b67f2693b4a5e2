"""Each objective judged on synthetic frames: exact completion times, errors and metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dronedojo.exercises import frame as F
from dronedojo.exercises.scoring import Scorer
from dronedojo.i18n import translator
from dronedojo.units import Units
from tests.exercises.frames import DT, exercise, row, still, track

AIR = (0.0, 0.0, 3.0)


def fly(ex, rows):  # type: ignore[no-untyped-def]
    scorer = Scorer(ex)
    for r in rows:
        scorer.update(r)
    return scorer


def test_takeoff_is_done_on_the_first_frame_above_the_height() -> None:
    ex = exercise([{"kind": "takeoff", "height": 1.5}])
    heights = np.concatenate([np.zeros(10), np.linspace(0.1, 2.0, 20)])
    rows = track(0.0, np.stack([np.zeros(30), np.zeros(30), heights], axis=1))
    s = fly(ex, rows)
    first_above = next(r[0] for r in rows if r[3] >= 1.5)
    result = s.result()
    assert result.objectives[0].status == "done"
    assert [e.t for e in result.timeline if e.kind == "objective_done"] == [first_above]


def test_a_hold_completes_after_its_duration_in_a_row_and_a_break_restarts_it() -> None:
    ex = exercise([{"kind": "hold", "zone": {"center": [0, 0, 3], "size": [2, 2, 1]},
                    "duration_s": 5}])  # fmt: skip
    rows = still(0.0, 3.0, AIR)  # 3 s inside (start frame + 149 judged)
    rows += still(3.0, 0.5, (2.0, 0.0, 3.0))  # out: the clock restarts, one minor error
    rows += still(3.5, 6.0, (0.5, 0.0, 3.0))  # back in for 6 s
    s = fly(ex, rows)
    r = s.result()
    assert r.objectives[0].status == "done"
    done = next(e.t for e in r.timeline if e.kind == "objective_done")
    assert done == pytest.approx(3.5 + 5.0)  # 5 s after re-entering, to the frame
    assert [(e.kind, e.severity, e.t) for e in r.errors] == [("zone_exit", "minor", 3.0)]


def test_passing_through_a_zone_is_not_leaving_it() -> None:
    ex = exercise([{"kind": "hold", "zone": {"center": [0, 0, 3], "size": [2, 2, 1]},
                    "duration_s": 5}])  # fmt: skip
    rows = still(0.0, 1.0, AIR) + still(1.0, 1.0, (5.0, 0.0, 3.0))
    assert fly(ex, rows).result().errors == []


@pytest.mark.parametrize(
    ("rule", "yaw", "ok"),
    [("tail_in", 90, True), ("tail_in", 270, False), ("nose_in", 270, True),
     ("side_on", 0, True), ("side_on", 180, True), ("side_on", 90, False)],
)  # fmt: skip
def test_heading_rules_relative_to_the_pilot(rule: str, yaw: float, ok: bool) -> None:
    # the pilot stands south of the zone (view.pilot default (0, -5, 1.7))
    ex = exercise([{"kind": "hold", "zone": {"center": [0, 0, 3], "size": [2, 2, 1]},
                    "duration_s": 1, "heading": rule}])  # fmt: skip
    rows = still(0.0, 1.5, AIR, yaw=math.radians(yaw))
    assert (fly(ex, rows).result().objectives[0].status == "done") is ok


def test_hold_feedback_names_the_downwind_drift() -> None:
    ex = exercise([{"kind": "hold", "zone": {"center": [0, 0, 3], "size": [6, 6, 1]},
                    "duration_s": 2}], weather={"wind_speed": 5, "wind_from_deg": 270})  # fmt: skip
    result = fly(ex, still(0.0, 3.0, (2.0, 0.0, 3.0))).result()
    feedback = result.objectives[0].feedback
    assert feedback[0].text.startswith("you drifted {distance} downwind")
    assert feedback[0].params["distance"].value == pytest.approx(2.0)  # type: ignore[union-attr]


def test_waypoints_in_order_with_the_mean_deviation() -> None:
    ex = exercise([{"kind": "waypoints", "waypoints": [[0, 4, 3], [4, 4, 3]], "radius": 1.0,
                    "corridor": 2.0}])  # fmt: skip
    leg1 = np.stack([np.full(41, 1.0), np.linspace(0, 4, 41), np.full(41, 3.0)], axis=1)
    leg2 = np.stack([np.linspace(1, 4, 31), np.full(31, 4.0), np.full(31, 3.0)], axis=1)
    rows = track(0.0, np.concatenate([[(0.0, 0.0, 3.0)], leg1, leg2]))
    r = fly(ex, rows).result()
    o = r.objectives[0]
    assert o.status == "done"
    assert o.metrics["reached"].value == 2  # type: ignore[union-attr]
    # the first leg runs 1 m beside the line from (0,0,3) to (0,4,3)
    assert o.metrics["max_deviation"].value == pytest.approx(1.0, abs=1e-9)  # type: ignore[union-attr]


def _gate_exercise(laps: int = 1) -> object:
    return exercise(
        [{"kind": "gates", "gates": ["a"], "laps": laps}],
        world={"gates": [{"name": "a", "center": [0, 10, 2], "width": 2, "height": 2,
                          "yaw_deg": 90}]},
    )  # fmt: skip


def test_a_gate_passed_forwards_counts_and_backwards_is_an_error() -> None:
    north = np.stack([np.zeros(21), np.linspace(5, 15, 21), np.full(21, 2.0)], axis=1)
    r = fly(_gate_exercise(), track(0.0, north[::-1])).result()
    assert r.objectives[0].status == "active" or r.objectives[0].status == "failed"
    assert [e.kind for e in r.errors] == ["gate_backwards"]
    r = fly(_gate_exercise(), track(0.0, north)).result()
    assert r.objectives[0].status == "done"
    assert r.errors == []


def test_a_gate_missed_beside_the_opening_does_not_count() -> None:
    beside = np.stack([np.full(21, 1.5), np.linspace(5, 15, 21), np.full(21, 2.0)], axis=1)
    r = fly(_gate_exercise(), track(0.0, beside)).result()
    assert r.objectives[0].status == "failed"


def test_laps_are_timed_from_first_gate_to_first_gate() -> None:
    lap = np.stack([np.zeros(11), np.linspace(8, 12, 11), np.full(11, 2.0)], axis=1)
    rows = track(0.0, lap) + track(1.0, lap) + track(3.0, lap)  # through y = 10 at 0.1, 1.1, 3.1
    r = fly(_gate_exercise(laps=3), rows).result()
    laps = [e for e in r.timeline if e.kind == "lap"]
    # one gate: the third pass ends the second lap and nothing is left to time a third by
    assert [e.params["time"].value for e in laps] == pytest.approx([1.0, 2.0])  # type: ignore[union-attr]
    assert r.objectives[0].status == "done"
    assert r.objectives[0].metrics["best_lap"].value == pytest.approx(1.0)  # type: ignore[union-attr]


def _circle(center: tuple[float, float], radius: float, height: float, turns: float,
            ccw: bool = True, n: int = 400) -> np.ndarray:  # fmt: skip
    a = np.linspace(0.0, 2 * math.pi * turns, n) * (1 if ccw else -1) - math.pi / 2
    return np.stack([center[0] + radius * np.cos(a), center[1] + radius * np.sin(a),
                     np.full(n, height)], axis=1)  # fmt: skip


def test_an_exact_orbit_completes_one_turn_with_quality_one() -> None:
    ex = exercise([{"kind": "orbit", "center": [0, 10], "radius": 5, "height": 4,
                    "direction": "ccw", "camera_on_center": False, "points": 10}])  # fmt: skip
    r = fly(ex, track(0.0, _circle((0, 10), 5, 4, 1.05))).result()
    o = r.objectives[0]
    assert o.status == "done"
    assert o.metrics["rms_radius_error"].value == pytest.approx(0.0, abs=1e-9)  # type: ignore[union-attr]
    assert o.earned == pytest.approx(10.0)


def test_an_orbit_the_wrong_way_does_not_count() -> None:
    ex = exercise([{"kind": "orbit", "center": [0, 10], "radius": 5, "height": 4,
                    "direction": "ccw", "camera_on_center": False}])  # fmt: skip
    r = fly(ex, track(0.0, _circle((0, 10), 5, 4, 1.05, ccw=False))).result()
    assert r.objectives[0].status == "failed"


def test_a_figure_eight_needs_both_circles_in_opposite_senses() -> None:
    ex = exercise([{"kind": "figure_eight", "center": [0, 10], "radius": 4, "height": 3,
                    "axis_deg": 0}])  # fmt: skip
    a = np.linspace(math.pi, 3 * math.pi, 300)  # ccw round (4, 10) from the centre point
    first = np.stack([4 + 4 * np.cos(a), 10 + 4 * np.sin(a), np.full(300, 3.0)], axis=1)
    b = np.linspace(0.0, -2 * math.pi, 300)  # cw round (-4, 10)
    second = np.stack([-4 + 4 * np.cos(b), 10 + 4 * np.sin(b), np.full(300, 3.0)], axis=1)
    r = fly(ex, track(0.0, first)).result()
    assert r.objectives[0].status == "failed"
    r = fly(ex, track(0.0, np.concatenate([first, second]))).result()
    assert r.objectives[0].status == "done"


def test_a_lane_costs_an_error_when_left_and_one_when_too_fast() -> None:
    ex = exercise([{"kind": "lane", "start": [0, 0], "end": [0, 20], "width": 4,
                    "height_band": [2, 6], "max_speed": 3}])  # fmt: skip
    y = np.linspace(0, 21, 211)
    x = np.where((y > 8) & (y < 10), 3.0, 0.0)  # out of the lane for 2 m
    rows = track(0.0, np.stack([x, y, np.full_like(y, 4.0)], axis=1))  # 5 m/s
    r = fly(ex, rows).result()
    assert r.objectives[0].status == "done"
    assert sorted(e.kind for e in r.errors) == ["corridor_exit", "too_fast"]


def test_landing_touchdown_speed_and_pad() -> None:
    ex = exercise([{"kind": "land", "max_touchdown_speed": 1.0}])
    z = np.linspace(2.0, 0.1, 20)  # 1.9 m in 0.38 s: 5 m/s
    rows = still(0.0, 0.2, (0, 0, 2.0), armed=True)
    rows += track(0.2, np.stack([np.zeros(20), np.zeros(20), z], axis=1))
    rows += still(0.6, 0.5, (0, 0, 0.1), contact=True, armed=False)
    r = fly(ex, rows).result()
    assert r.objectives[0].status == "done"
    assert [e.kind for e in r.errors] == ["hard_landing"]
    off = still(0.0, 0.2, (3, 0, 2.0)) + still(0.2, 0.5, (3, 0, 0.1), contact=True, armed=False)
    r = fly(ex, off).result()
    assert [e.kind for e in r.errors] == ["off_pad_landing"]
    assert r.objectives[0].status == "failed"


def test_fault_response_starts_at_the_fault() -> None:
    ex = exercise(
        [{"kind": "fault_response", "fault": 0, "expect": "hold", "radius": 2, "within_s": 3}],
        faults=[{"kind": "gps_loss", "at": 2.0, "duration": 10}],
    )
    rows = still(0.0, 2.0, (10, 0, 3)) + still(2.0, 3.5, (0, 0, 3))  # moved before: fine
    r = fly(ex, rows).result()
    assert r.objectives[0].status == "done"
    assert next(e.t for e in r.timeline if e.kind == "objective_done") == pytest.approx(5.0)
    drift = np.stack([np.linspace(0, 4, 150), np.zeros(150), np.full(150, 3.0)], axis=1)
    r = fly(ex, still(0.0, 2.0, (0, 0, 3)) + track(2.0, drift)).result()
    assert r.objectives[0].status == "failed"
    assert [e.kind for e in r.errors] == ["fault_response_missed"]


def test_altitude_band_counts_excursions_after_first_entering() -> None:
    ex = exercise([{"kind": "hold", "zone": {"center": [0, 0, 5], "size": [50, 50, 20]},
                    "duration_s": 20},
                   {"kind": "altitude_band", "min": 4, "max": 8, "margin": 2}])  # fmt: skip
    rows = still(0.0, 1.0, (0, 0, 1.0))  # climbing out: not judged
    rows += still(1.0, 2.0, (0, 0, 6.0))
    rows += still(3.0, 1.0, (0, 0, 9.0))  # a minor excursion
    rows += still(4.0, 1.0, (0, 0, 6.0))
    rows += still(5.0, 1.0, (0, 0, 11.0))  # beyond the margin: major
    r = fly(ex, rows).result()
    assert [(e.kind, e.severity) for e in r.errors] == [
        ("altitude_band", "minor"), ("altitude_band_far", "major")]  # fmt: skip
    assert r.objectives[1].metrics["time_in_band"].value == pytest.approx(60.0)  # type: ignore[union-attr]


def test_frames_are_fifty_per_second() -> None:
    assert DT == 0.02
    assert row(1.0, AIR)[0] == 1.0


# --- exact completion, errors and feedback of each kind -----------------------------------------
EN = translator("en")
METRIC = Units()


def test_a_ten_second_hold_completes_on_the_frame_ten_seconds_after_the_first_judged() -> None:
    ex = exercise([{"kind": "hold", "zone": {"center": [0, 0, 3], "size": [2, 2, 1]},
                    "duration_s": 10}])  # fmt: skip
    rows = still(0.0, 12.0, AIR)
    s = Scorer(ex)
    for r in rows[:501]:  # the start frame (t = 0) and 500 judged frames: 9.98 s held
        s.update(r)
    assert s.progress().fraction == pytest.approx(0.998)
    assert s.judges[0].status == "active"
    s.update(rows[501])  # t = 10.02: 10 s after the first judged frame
    assert s.judges[0].status == "done"
    assert s.finished
    r = s.result()
    assert [e.t for e in r.timeline if e.kind == "objective_done"] == [rows[501][0]]
    assert r.objectives[0].earned == 10.0  # at the centre: full points
    assert r.objectives[0].feedback == []


def test_leaving_a_settled_hold_costs_exactly_one_zone_exit() -> None:
    ex = exercise([{"kind": "hold", "zone": {"center": [0, 0, 3], "size": [2, 2, 1]},
                    "duration_s": 4}])  # fmt: skip
    rows = still(0.0, 2.5, AIR) + still(2.5, 1.0, (0, 0, 5.0)) + still(3.5, 0.5, AIR)
    r = fly(ex, rows).result(truncated=True)
    assert [(e.kind, e.severity, e.t, e.objective) for e in r.errors] == [
        ("zone_exit", "minor", 2.5, "hold-1")]  # fmt: skip
    assert r.objectives[0].status == "failed"
    assert r.outcome == "truncated"


def _descent(speed: float) -> list[np.ndarray]:
    """From 2 m down at ``speed`` m/s, touching down at 0.05 m, then disarmed on the pad."""
    n = round((2.0 - 0.05) / speed / DT)
    rows = [row(i * DT, (0, 0, 2.0 - speed * i * DT), (0, 0, -speed)) for i in range(n)]
    t = n * DT
    rows.append(row(t, (0, 0, 0.05), contact=True))
    rows += still(t + DT, 0.2, (0, 0, 0.05), contact=True, armed=False)
    return rows


def test_touching_down_at_one_and_a_half_metres_a_second_is_a_hard_landing() -> None:
    ex = exercise([{"kind": "land", "max_touchdown_speed": 1.0}])
    r = fly(ex, _descent(1.5)).result()
    o = r.objectives[0]
    assert o.status == "done"  # on the pad and disarmed: done, with a major error
    assert [(e.kind, e.severity) for e in r.errors] == [("hard_landing", "major")]
    assert r.errors[0].params["speed"].value == pytest.approx(1.5)  # type: ignore[union-attr]
    assert o.metrics["touchdown_speed"].value == pytest.approx(1.5)  # type: ignore[union-attr]
    assert o.metrics["distance_from_centre"].value == 0.0  # type: ignore[union-attr]
    assert [f.render(EN, METRIC) for f in o.feedback] == [
        "you touched down at 1.5 m/s: slow the descent to well under 1.0 m/s in the last metre"
    ]
    assert (r.score, r.passed) == (90.0, True)  # 100 % of the points, one major error: 10
    r = fly(ex, _descent(0.5)).result()
    assert (r.errors, r.objectives[0].feedback, r.score) == ([], [], 100.0)


def test_a_takeoff_not_made_in_time_fails_on_the_first_frame_after_the_time() -> None:
    ex = exercise([{"kind": "takeoff", "within_s": 2}])
    r = fly(ex, still(0.0, 3.0, (0, 0, 0), contact=True)).result()
    assert r.objectives[0].status == "failed"
    assert [e.t for e in r.timeline if e.kind == "objective_failed"] == [pytest.approx(2.02)]


def test_a_heading_lost_after_it_was_held_costs_a_minor_error() -> None:
    ex = exercise([{"kind": "waypoints", "waypoints": [[0, 10, 3]], "heading": "fixed",
                    "yaw_deg": 90}])  # fmt: skip
    path = np.stack([np.zeros(51), np.linspace(0, 10, 51), np.full(51, 3.0)], axis=1)
    rows = track(0.0, path)
    for r in rows[20:25]:  # turned 60 degrees for 0.1 s
        r[F.C_QUAT : F.C_QUAT + 4] = (math.cos(math.pi / 12), 0, 0, math.sin(math.pi / 12))
    r = fly(ex, rows).result()
    assert r.objectives[0].status == "done"
    assert [(e.kind, e.t) for e in r.errors] == [("heading_lost", pytest.approx(0.4))]


def _two_gates() -> object:
    return exercise(
        [{"kind": "gates", "gates": ["b", "a"]}],
        world={"gates": [{"name": "a", "center": [0, 10, 2], "yaw_deg": 90},
                         {"name": "b", "center": [0, 20, 2], "yaw_deg": 90},
                         {"name": "c", "center": [0, 30, 2], "yaw_deg": 90}]},
    )  # fmt: skip


def test_a_gate_out_of_order_is_a_missed_gate_and_other_gates_are_ignored() -> None:
    north = np.stack([np.zeros(41), np.linspace(5, 25, 41), np.full(41, 2.0)], axis=1)
    r = fly(_two_gates(), track(0.0, north)).result()
    # through a (expected b): gate b missed; then b, and a is never passed again
    assert [(e.kind, e.params) for e in r.errors] == [("gate_missed", {"gate": "b"})]
    assert r.objectives[0].status == "failed"
    assert r.objectives[0].metrics["gates_passed"].value == 1  # type: ignore[union-attr]
    south = np.stack([np.zeros(21), np.linspace(35, 25, 21), np.full(21, 2.0)], axis=1)
    r = fly(_two_gates(), track(0.0, south)).result()  # gate c, not in the objective
    assert r.errors == []


def test_a_gate_passed_backwards_is_named_in_the_feedback() -> None:
    south = np.stack([np.zeros(21), np.linspace(15, 5, 21), np.full(21, 2.0)], axis=1)
    r = fly(_gate_exercise(), track(0.0, south)).result()
    # y = 10 at t = 0.2 is on the gate's plane; the frame after is past it
    assert [(e.kind, e.t) for e in r.errors] == [("gate_backwards", pytest.approx(0.22))]
    assert [f.render(EN, METRIC) for f in r.objectives[0].feedback] == [
        "gates passed the wrong way: a. Line up on each gate from the side the course comes "
        "from before you go through"
    ]


def _orbit_rows(points: np.ndarray, yaw: np.ndarray) -> list[np.ndarray]:
    rows = track(0.0, points)
    for r, psi in zip(rows, yaw, strict=True):
        r[F.C_QUAT : F.C_QUAT + 4] = (math.cos(psi / 2), 0, 0, math.sin(psi / 2))
    return rows


@pytest.mark.parametrize(
    ("direction", "ccw", "done"),
    [("cw", False, True), ("any", False, True), ("any", True, True), ("cw", True, False)],
)
def test_orbit_directions(direction: str, ccw: bool, done: bool) -> None:
    ex = exercise([{"kind": "orbit", "center": [0, 10], "radius": 5, "height": 4,
                    "direction": direction, "camera_on_center": False}])  # fmt: skip
    r = fly(ex, track(0.0, _circle((0, 10), 5, 4, 1.05, ccw=ccw))).result()
    assert (r.objectives[0].status == "done") is done
    if not done:
        assert [f.render(EN, METRIC) for f in r.objectives[0].feedback] == [
            "you circled the wrong way: fly this orbit clockwise, seen from above"
        ]


def test_an_orbit_with_the_camera_on_the_centre() -> None:
    ex = exercise([{"kind": "orbit", "center": [0, 10], "radius": 5, "height": 4,
                    "direction": "ccw"}])  # fmt: skip
    points = _circle((0, 10), 5, 4, 1.05)
    facing = np.arctan2(10 - points[:, 1], -points[:, 0])  # the nose on the centre
    r = fly(ex, _orbit_rows(points, facing)).result()
    o = r.objectives[0]
    assert o.status == "done"
    assert o.metrics["rms_camera_error"].value == pytest.approx(0.0, abs=1e-9)  # type: ignore[union-attr]
    assert (o.earned, o.feedback) == (pytest.approx(10.0), [])
    # the nose kept north: only the quarter of the circle facing north-ish counts
    r = fly(ex, _orbit_rows(points, np.full(len(points), math.pi / 2))).result()
    assert r.objectives[0].status == "failed"
    assert r.objectives[0].metrics["turns"].value < 0.25  # type: ignore[union-attr]


def test_leaving_an_orbits_track_costs_one_minor_error() -> None:
    ex = exercise([{"kind": "orbit", "center": [0, 10], "radius": 5, "height": 4,
                    "camera_on_center": False}])  # fmt: skip
    points = _circle((0, 10), 5, 4, 1.05)
    points[100:110, 2] = 6.0  # 2 m too high for 0.2 s
    r = fly(ex, track(0.0, points)).result()
    assert [(e.kind, e.t) for e in r.errors] == [("track_exit", pytest.approx(2.0))]
    assert r.objectives[0].status == "done"  # the turn counted again once back on it


def test_an_exact_figure_eight_has_no_error_and_full_points() -> None:
    ex = exercise([{"kind": "figure_eight", "center": [0, 10], "radius": 4, "height": 3}])
    a = np.linspace(math.pi, 3 * math.pi, 300)
    first = np.stack([4 + 4 * np.cos(a), 10 + 4 * np.sin(a), np.full(300, 3.0)], axis=1)
    b = np.linspace(0.0, -2 * math.pi, 300)
    second = np.stack([-4 + 4 * np.cos(b), 10 + 4 * np.sin(b), np.full(300, 3.0)], axis=1)
    r = fly(ex, track(0.0, np.concatenate([first, second]))).result()
    o = r.objectives[0]
    assert (o.status, r.errors, o.feedback) == ("done", [], [])
    assert o.metrics["rms_error"].value == pytest.approx(0.0, abs=1e-9)  # type: ignore[union-attr]
    assert o.earned == pytest.approx(10.0)
    o = fly(ex, track(0.0, first)).result().objectives[0]
    # the start frame is the previous objective's: the sweep is counted from the next one
    assert o.metrics["first_circle"].value == pytest.approx(298 / 299)  # type: ignore[union-attr]
    assert o.metrics["second_circle"].value == 0.0  # type: ignore[union-attr]
    # the first circle eight times over: where it meets the second counts for the first only
    o = fly(ex, track(0.0, np.concatenate([first] * 8))).result().objectives[0]
    assert (o.status, o.metrics["second_circle"].value) == ("failed", 0.0)  # type: ignore[union-attr]
    assert [f.render(EN, METRIC) for f in o.feedback] == [
        "you flew only one circle of the eight: at the middle, reverse your turn and circle "
        "the other way"
    ]


def test_a_lane_flown_off_its_centre_line() -> None:
    ex = exercise([{"kind": "lane", "start": [0, 0], "end": [0, 20], "width": 4,
                    "height_band": [2, 6]}])  # fmt: skip
    y = np.linspace(0, 20, 101)
    r = fly(ex, track(0.0, np.stack([np.full_like(y, 1.5), y, np.full_like(y, 4.0)], 1))).result()
    o = r.objectives[0]
    assert (o.status, r.errors) == ("done", [])
    assert o.metrics["mean_lateral_offset"].value == pytest.approx(1.5)  # type: ignore[union-attr]
    assert o.earned == pytest.approx(10.0 * (1.0 - 0.5 * 1.5 / 2.0))
    assert [f.render(EN, Units("imperial", "en")) for f in o.feedback] == [
        "you flew 4.9 ft from the lane's centre line on average: line the drone up with the lane "
        "before you fly along it"
    ]


@pytest.mark.parametrize(
    ("expect", "rows", "done_at"),
    [
        # landed and disarmed 2 s after the fault
        ("land", still(0.0, 3.0, AIR) + still(3.0, 1.0, (0, 0, 0.1), contact=True, armed=False),
         3.0),
        # back within 3 m of home 1 s after the fault
        ("return", still(0.0, 2.0, (10, 0, 3)) + still(2.0, 1.0, (2, 0, 3)), 2.0),
        # stopped 0.5 s after the fault
        ("stop", still(0.0, 1.5, AIR, velocity=(3, 0, 0)) + still(1.5, 1.0, AIR), 1.5),
    ],
)  # fmt: skip
def test_fault_responses(expect: str, rows: list[np.ndarray], done_at: float) -> None:
    ex = exercise(
        [{"kind": "fault_response", "expect": expect, "within_s": 5}],
        faults=[{"kind": "link_loss", "at": 1.0, "duration": 10}],
    )
    r = fly(ex, rows).result()
    o = r.objectives[0]
    assert (o.status, r.errors) == ("done", [])
    assert o.metrics["response_time"].value == pytest.approx(done_at - 1.0)  # type: ignore[union-attr]
    assert [e.t for e in r.timeline if e.kind == "fault"] == [1.0]


def test_a_fault_response_missed_fails_at_the_deadline() -> None:
    ex = exercise(
        [{"kind": "fault_response", "expect": "stop", "within_s": 2}],
        faults=[{"kind": "link_loss", "at": 1.0, "duration": 10}],
    )
    r = fly(ex, still(0.0, 4.0, AIR, velocity=(3, 0, 0))).result()
    assert r.objectives[0].status == "failed"
    assert [(e.kind, e.severity, e.t) for e in r.errors] == [
        ("fault_response_missed", "major", pytest.approx(3.0))]  # fmt: skip
    assert [f.render(EN, METRIC) for f in r.objectives[0].feedback] == [
        "after the fault you did not stop the drone in time"
    ]
