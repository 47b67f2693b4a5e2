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
    airframe: str = typer.Option("camera-sub250", help="Airframe preset to fly."),
    seed: int = typer.Option(1, help="Seed of the session's random generator."),
) -> None:
    """Fly a short headless demo flight and report what happened."""
    from dronedojo.demo import run_demo
    from dronedojo.physics import airframes as registry

    if airframe not in registry.names():
        raise typer.BadParameter(
            f"unknown airframe {airframe!r}; known: {', '.join(registry.names())}",
            param_hint="--airframe",
        )
    run_demo(console, airframe, seed)


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
