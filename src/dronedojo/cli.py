"""The ``dronedojo`` command line."""

from __future__ import annotations

import json

import typer
from rich.console import Console

app = typer.Typer(help="Drone Dojo: an open-source school for civilian drone pilots.",
                  no_args_is_help=True, add_completion=False)  # fmt: skip
console = Console()


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
    from dronedojo import units as unit_systems

    try:
        lang = i18n.check_language(lang) if lang else i18n.default_language()
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--lang") from None
    try:
        units = unit_systems.check_system(units) if units else unit_systems.default_system()
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--units") from None
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
