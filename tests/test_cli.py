"""The command line as a user runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from dronedojo.cli import app, console

runner = CliRunner()


def test_python_dash_m_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dronedojo", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("demo", "airframes", "bench"):
        assert command in result.stdout


def _number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in the demo's output:\n{text}"
    return float(match.group(1))


def test_demo_flies_both_drones_through_their_controllers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 100)  # the log's rows unwrapped, whatever the terminal
    result = runner.invoke(app, ["demo", "--seed", "3"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # Rich wraps the sentences at the console width
    # the camera drone: armed on the ground, took off in POSITION mode
    assert "│ armed │ position │" in text
    assert "│ takeoff │ position │" in text
    # the GPS outage: ATTI ('altitude') after the fix is lost, POSITION again once it is back,
    # and without position hold the wind carried it downwind
    assert "gps lost │ altitude" in text
    assert "gps recovered │ position" in text
    assert _number(r"drifted (\d+\.\d) m downwind", text) > 10.0
    # return to home: landed near the take-off spot and disarmed itself
    assert "return │ return" in text
    assert _number(r"landed (\d+\.\d+) m from the take-off spot and disarmed", text) < 2.0
    # the FPV quad: an ACRO flip faster than half its rate setpoint
    assert "│ acro │" in text
    peak = _number(r"peak roll rate (\d+) deg/s", text)
    assert peak > 0.5 * _number(r"\(setpoint (\d+)\)", text)
    # link loss: Betaflight's stage-2 'drop' disarms it in the air and it crashes
    assert "link lost │ angle" in text
    assert "disarmed, failsafe" in text
    assert _number(r"disarmed it (\d+\.\d) s later", text) == 1.5
    assert _number(r"s later at (\d+\.\d) m", text) > 1.0
    assert _number(r"crashed at (\d+\.\d) m/s", text) > 3.0


def test_demo_rejects_an_airframe_without_gps() -> None:
    result = runner.invoke(app, ["demo", "--airframe", "fpv-5inch"])
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())  # without Rich's error box
    assert "'fpv-5inch' is not a GPS camera drone; known: camera-sub250, camera-900g" in text


def test_bench_prints_one_json_record_per_figure() -> None:
    result = runner.invoke(app, ["bench", "--quick"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.strip().splitlines()]
    names = [r["name"] for r in records]
    assert names == [
        "physics_n4096_drone_steps_per_s",
        "physics_n4096_turbulence_drone_steps_per_s",
        "physics_n64_drone_steps_per_s",
        "physics_n1_step_calls_per_s",
        "sim_fpv_n4096_drone_steps_per_s",
        "sim_camera_n4096_drone_steps_per_s",
        "sim_fpv_n1_step_calls_per_s",
        "sim_camera_n1_step_calls_per_s",
        "curriculum_ghost_realtime_factor",
        "live_sessions_10",
        "live_sessions_max_meeting_target",
    ]
    live = records[-2]
    assert (live["sessions"], live["hold_s"], live["dropped"]) == (10, 10.0, 0)
    assert live["input_to_state_p50_ms"] > 0  # measured, whether or not it meets the bar
    for record in records[:-2]:
        assert record["value"] > 0
    for record in records:
        assert record["machine"]["cores"] >= 1
