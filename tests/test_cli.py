"""The command line as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from dronedojo.cli import app

runner = CliRunner()


def test_python_dash_m_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dronedojo", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("demo", "airframes", "bench"):
        assert command in result.stdout


def test_demo_flies_lands_and_reports_the_crash() -> None:
    result = runner.invoke(app, ["demo", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "landed softly and disarmed" in result.output
    assert "Dropped drone: crashed=True" in result.output
    assert "hover at 5 m" in result.output


def test_demo_rejects_an_unknown_airframe() -> None:
    result = runner.invoke(app, ["demo", "--airframe", "x-wing"])
    assert result.exit_code == 2
    assert "unknown airframe 'x-wing'; known: crazyflie-2" in result.output


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
    ]
    for record in records:
        assert record["value"] > 0
        assert record["machine"]["cores"] >= 1
