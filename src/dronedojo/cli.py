"""The ``dronedojo`` command line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from dronedojo.exercises.spec import Exercise

app = typer.Typer(help="Drone Dojo: an open-source school for civilian drone pilots.",
                  no_args_is_help=True, add_completion=False)  # fmt: skip
console = Console()


LANG_HELP = "Language of the output: en or fr (default: $DRONEDOJO_LANG, else en)."
UNITS_HELP = "Units of the output: metric or imperial (default: $DRONEDOJO_UNITS, else metric)."


def _language(lang: str | None) -> str:
    from dronedojo import i18n

    try:
        return i18n.check_language(lang) if lang else i18n.default_language()
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--lang") from None


def _unit_system(units: str | None) -> str:
    from dronedojo import units as unit_systems

    try:
        return unit_systems.check_system(units) if units else unit_systems.default_system()
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--units") from None


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: the network)."),
    port: int = typer.Option(8000, help="Port to listen on."),
    data_dir: str | None = typer.Option(
        None, help="Folder for attempts and profiles (default: $DRONEDOJO_DATA_DIR, else ./var)."
    ),
    physics_hz: float | None = typer.Option(None, help="Physics and controller rate, Hz."),
    frame_hz: float | None = typer.Option(None, help="State frames sent to each pilot, Hz."),
) -> None:
    """Serve the school: pages, the JSON API and the live flying sessions."""
    from pathlib import Path

    import uvicorn

    from dronedojo.web.app import STATIC, create_app
    from dronedojo.web.settings import Settings

    if not (STATIC / "app" / "main.js").is_file():
        console.print("The browser client is not built: run `make run` (it builds it with npm).")
        raise typer.Exit(2)
    settings = Settings.from_env(
        data_dir=Path(data_dir) if data_dir else None, physics_hz=physics_hz, frame_hz=frame_hz
    )
    console.print(f"Drone Dojo at http://{host}:{port}/  (data in {settings.data_dir})")
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="warning",
        ws_max_size=64 * 1024, ws_ping_interval=10.0, ws_ping_timeout=10.0,
    )  # fmt: skip


@app.command()
def demo(
    airframe: str = typer.Option("camera-sub250", help="GPS camera drone of the first flight."),
    seed: int = typer.Option(1, help="Seed of the flights' random generators."),
    lang: str | None = typer.Option(
        None, help="Language of the output: en or fr (default: $DRONEDOJO_LANG, else en)."
    ),
    units: str | None = typer.Option(
        None,
        help="Units of the output: metric or imperial (default: $DRONEDOJO_UNITS, else metric).",
    ),
) -> None:
    """Fly two short headless demo flights through the flight controllers and log them."""
    from dronedojo import i18n

    lang, units = _language(lang), _unit_system(units)
    _ = i18n.translator(lang).gettext

    from dronedojo.demo import run_demo
    from dronedojo.fc.config import uses_gps
    from dronedojo.physics import airframes as registry

    cameras = [name for name in registry.names() if uses_gps(registry.get(name))]
    if airframe not in cameras:
        raise typer.BadParameter(
            _("{airframe} is not a GPS camera drone; known: {known}").format(
                airframe=repr(airframe), known=", ".join(cameras)
            ),
            param_hint="--airframe",
        )
    run_demo(console, airframe, seed, lang, units)


@app.command()
def airframes() -> None:
    """List the airframe presets with the model's figures beside the published ones."""
    from dronedojo.physics import airframes as registry
    from dronedojo.physics.figures import figures_table

    console.print(figures_table([registry.get(name) for name in registry.names()]))


@app.command()
def bench(
    quick: bool = typer.Option(False, help="Fewer repetitions (a smoke run, noisier figures)."),
) -> None:
    """Print the speed figures, one JSON object per line."""
    from dronedojo.benchmarks import run_all

    for record in run_all(quick=quick):
        typer.echo(json.dumps(record))


exercises_app = typer.Typer(help="The built-in exercises: list, show, validate a file.",
                            no_args_is_help=True)  # fmt: skip
app.add_typer(exercises_app, name="exercises")


def _exercise(exercise_id: str) -> Exercise:
    """The built-in exercise ``exercise_id``, or exit 2 with the registry's message."""
    from dronedojo.exercises import registry

    try:
        return registry.get(exercise_id)
    except KeyError as error:
        console.print(error.args[0], style="red", markup=False, soft_wrap=True)
        raise typer.Exit(2) from None


@exercises_app.command("list")
def exercises_list(
    as_json: bool = typer.Option(False, "--json", help="One JSON document instead of a table."),
    lang: str | None = typer.Option(None, help=LANG_HELP),
) -> None:
    """List the built-in exercises by course."""
    from dronedojo.exercises import report

    lang = _language(lang)
    if as_json:
        typer.echo(json.dumps(report.catalogue_json(lang), ensure_ascii=False, indent=2))
    else:
        console.print(report.catalogue_table(lang))


@exercises_app.command("show")
def exercises_show(
    exercise_id: str = typer.Argument(..., metavar="ID", help="A versioned exercise id."),
    lang: str | None = typer.Option(None, help=LANG_HELP),
    units: str | None = typer.Option(None, help=UNITS_HELP),
) -> None:
    """Show an exercise: briefing, objectives, limits and scoring rules."""
    from dronedojo.exercises import report

    lang, system = _language(lang), _unit_system(units)
    exercise = _exercise(exercise_id)
    report.show_exercise(console, exercise, lang, system)


@exercises_app.command("validate")
def exercises_validate(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Exercise YAML files.")],
) -> None:
    """Check exercise files; every problem is reported with its file, line and field."""
    from dronedojo.exercises.loader import ExerciseError, load

    bad = 0
    for path in files:
        try:
            exercise = load(path)
        except ExerciseError as error:
            bad += 1
            for problem in error.problems:
                console.print(
                    str(problem), style="red", markup=False, highlight=False, soft_wrap=True
                )
        else:
            console.print(f"{path}: ok ({exercise.id})", highlight=False, soft_wrap=True)
    if bad:
        raise typer.Exit(1)


@app.command()
def fly(
    exercise_id: str = typer.Argument(..., metavar="ID", help="A versioned exercise id."),
    pilot: str = typer.Option("ghost", help="Who flies: ghost (reference pilot) or hands-off."),
    skill: float = typer.Option(1.0, min=0.0, max=1.0, help="The ghost's skill, 0-1."),
    seed: int = typer.Option(0, help="Seed of the attempt (weather, sensors, the ghost)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON object."),
    record: str | None = typer.Option(None, help="Save the attempt to this file (.npz)."),
    lang: str | None = typer.Option(None, help=LANG_HELP),
    units: str | None = typer.Option(None, help=UNITS_HELP),
) -> None:
    """Fly an exercise headless with a scripted pilot and print the scored result."""
    from dronedojo import autopilot
    from dronedojo.exercises import report
    from dronedojo.exercises.runner import fly as fly_exercise

    lang, system = _language(lang), _unit_system(units)
    exercise = _exercise(exercise_id)
    try:
        who = autopilot.make(pilot, skill)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--pilot") from None
    if as_json:
        attempt = fly_exercise(exercise, who, seed)
    else:
        attempt = report.fly_with_progress(console, exercise, who, seed, lang)
    if record is not None:
        from dronedojo.exercises import recording

        saved = recording.save(attempt, record)
        if not as_json:
            console.print(str(saved), markup=False, highlight=False, soft_wrap=True)
    if as_json:
        typer.echo(json.dumps(report.result_json(attempt, lang, system), ensure_ascii=False))
    else:
        report.show_result(console, attempt, lang, system)


@exercises_app.command("rescore")
def exercises_rescore(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A recording (fly --record).")],
    replay: bool = typer.Option(False, help="Also fly the recorded inputs again and compare."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON object."),
    lang: str | None = typer.Option(None, help=LANG_HELP),
    units: str | None = typer.Option(None, help=UNITS_HELP),
) -> None:
    """Score a recorded attempt again from its frames (and, with --replay, fly it again)."""
    import numpy as np

    from dronedojo.exercises import recording, registry
    from dronedojo.exercises.runner import replay as replay_attempt
    from dronedojo.exercises.scoring import score
    from dronedojo.i18n import translator
    from dronedojo.units import Units

    lang, system = _language(lang), _unit_system(units)
    _ = translator(lang).gettext
    try:
        rec = recording.load(file)
        exercise = registry.get(rec.exercise)
    except (recording.RecordingError, KeyError) as error:
        console.print(str(error.args[0]), style="red", markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
    result = score(exercise, rec.frames)
    same = result.score == rec.header.get("score") and result.passed == rec.header.get("passed")
    if replay:
        flown = replay_attempt(exercise, rec.inputs, rec.seed)
        same = same and np.array_equal(flown.frames, rec.frames) and flown.result == result
    if as_json:
        data = result.to_json(translator(lang), Units(system, lang))
        data["reproduced"] = bool(same)
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        for line in result.describe(translator(lang), Units(system, lang)):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.print(_("Same result as recorded.") if same else _("NOT the recorded result."))
    if not same:
        raise typer.Exit(1)
