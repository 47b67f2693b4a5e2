"""The exercise commands: list, show, validate, fly (exit codes, JSON, messages)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from dronedojo.cli import app
from dronedojo.exercises import registry

runner = CliRunner()

GOOD = """\
id: hover-box-v1
course: first-flights
title: {en: Hover in a box, fr: Stationnaire dans une boîte}
briefing: {en: Take off and hold., fr: Décollez et tenez.}
airframe: camera-sub250
modes: [position]
objectives:
  - kind: takeoff
  - kind: hold
    zone: {center: [0, 0, 2], size: [2, 2, 1]}
    duration_s: 5
  - kind: land
"""


def test_list_json_has_every_exercise_by_course() -> None:
    out = runner.invoke(app, ["exercises", "list", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    listed = [e["id"] for c in data["courses"] for e in c["exercises"]]
    assert listed == registry.ids()
    assert data["courses"][0]["id"] == "first-flights"


def test_list_in_french_shows_french_titles() -> None:
    out = runner.invoke(app, ["exercises", "list", "--json", "--lang", "fr"])
    data = json.loads(out.output)
    first = registry.exercises()[0]
    assert data["courses"][0]["exercises"][0]["title"] == first.title.fr


def test_show_prints_the_briefing_and_rules() -> None:
    exercise = registry.exercises()[0]
    out = runner.invoke(app, ["exercises", "show", exercise.id])
    assert out.exit_code == 0, out.output
    assert exercise.title.en in out.output
    assert "fails on 7 minor errors, 3 major errors or any safety error" in out.output


def test_show_unknown_id_is_a_clear_error() -> None:
    out = runner.invoke(app, ["exercises", "show", "no-such-thing-v1"])
    assert out.exit_code == 2
    assert "unknown exercise 'no-such-thing-v1'" in out.output


def test_validate_good_and_bad_files(tmp_path: Path) -> None:
    good = tmp_path / "hover-box-v1.yaml"
    good.write_text(GOOD, encoding="utf-8")
    out = runner.invoke(app, ["exercises", "validate", str(good)])
    assert out.exit_code == 0
    assert "ok (hover-box-v1)" in out.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("duration_s: 5", "duration_s: -5"), encoding="utf-8")
    out = runner.invoke(app, ["exercises", "validate", str(bad)])
    assert out.exit_code == 1
    assert "bad.yaml:11: objectives[1].duration_s: Input should be greater than 0 (got -5)" in (
        out.output.replace("\n", "")
    )


def test_validate_reports_yaml_syntax_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(GOOD.replace("modes: [position]", "modes: [position"), encoding="utf-8")
    out = runner.invoke(app, ["exercises", "validate", str(bad)])
    assert out.exit_code == 1
    assert "broken.yaml:7: not valid YAML" in out.output


def test_fly_json_has_the_result_fields() -> None:
    out = runner.invoke(app, ["fly", "ff-takeoff-land-v1", "--pilot", "ghost", "--seed", "3",
                              "--json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    for key in ("exercise", "passed", "score", "objectives", "errors", "duration_s"):
        assert key in data
    assert data["exercise"] == "ff-takeoff-land-v1"
    assert data["passed"] is True
    assert data["seed"] == 3


def test_fly_hands_off_runs_and_fails_with_exit_code_0() -> None:
    out = runner.invoke(app, ["fly", "ff-takeoff-land-v1", "--pilot", "hands-off", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["passed"] is False


def test_fly_bad_input_is_refused() -> None:
    out = runner.invoke(app, ["fly", "nope-v1"])
    assert out.exit_code == 2
    assert "unknown exercise 'nope-v1'" in out.output
    out = runner.invoke(app, ["fly", "ff-takeoff-land-v1", "--pilot", "robot"])
    assert out.exit_code == 2
    assert "unknown pilot 'robot'" in out.output
    out = runner.invoke(app, ["fly", "ff-takeoff-land-v1", "--skill", "1.5"])
    assert out.exit_code == 2


def test_a_recorded_attempt_scores_and_flies_the_same_again(tmp_path: Path) -> None:
    out = runner.invoke(app, ["fly", "ff-takeoff-land-v1", "--skill", "0.4", "--seed", "5",
                              "--json", "--record", str(tmp_path / "attempt")])  # fmt: skip
    assert out.exit_code == 0, out.output
    flown = json.loads(out.output)
    out = runner.invoke(app, ["exercises", "rescore", str(tmp_path / "attempt.npz"), "--replay",
                              "--json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    again = json.loads(out.output)
    assert again["reproduced"] is True
    assert (again["score"], again["passed"]) == (flown["score"], flown["passed"])
    assert again["errors"] == flown["errors"]


def test_a_broken_recording_is_refused_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    np.savez(bad, frames=np.zeros((3, 31)))
    out = runner.invoke(app, ["exercises", "rescore", str(bad)])
    assert out.exit_code == 2
    assert "bad.npz: not an attempt recording (missing ['header', 'inputs'])" in (
        out.output.replace("\n", "")
    )
    text = tmp_path / "text.npz"
    text.write_text("hello", encoding="utf-8")
    out = runner.invoke(app, ["exercises", "rescore", str(text)])
    assert out.exit_code == 2
    assert "not an attempt recording (not a .npz archive)" in out.output.replace("\n", "")
