"""Exercises and results for people on the command line (tables, texts, JSON), translated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from dronedojo.demo import MODE_TEXT
from dronedojo.exercises import registry
from dronedojo.exercises.pilot import Pilot
from dronedojo.exercises.runner import Attempt, Flight, fly
from dronedojo.exercises.spec import Exercise, objective_id
from dronedojo.i18n import translator
from dronedojo.units import Units


def catalogue_json(lang: str) -> dict[str, Any]:
    """Every course and exercise (ids, titles in ``lang``, airframe, modes, objectives)."""
    return {
        "courses": [
            {
                "id": c.id,
                "title": c.title.get(lang),
                "exercises": [
                    {
                        "id": e.id,
                        "title": e.title.get(lang),
                        "airframe": e.airframe,
                        "modes": list(e.modes),
                        "objectives": [o.kind for o in e.objectives],
                        "time_limit_s": e.limits.time_s,
                        "pass_score": e.scoring.pass_score,
                    }
                    for e in registry.exercises()
                    if e.course == c.id
                ],
            }
            for c in registry.courses()
        ]
    }


def catalogue_table(lang: str) -> Table:
    _ = translator(lang).gettext
    widest = max(len(i) for i in registry.ids())
    table = Table(
        Column(_("id"), no_wrap=True, min_width=widest),
        _("title"),
        _("airframe"),
        _("modes"),
        title=_("Built-in exercises"),
    )
    for c in registry.courses():
        table.add_section()
        table.add_row(f"[bold]{c.title.get(lang)}[/bold]", "", "", "")
        for e in registry.exercises():
            if e.course == c.id:
                table.add_row(e.id, e.title.get(lang), e.airframe, _modes(e, _))
    return table


def _modes(e: Exercise, _: Callable[[str], str]) -> str:
    return ", ".join(_(MODE_TEXT[m]) for m in e.modes)


def show_exercise(console: Console, e: Exercise, lang: str, system: str) -> None:
    """The briefing a trainee reads before flying, and the rules that will judge them."""
    t = translator(lang)
    _ = t.gettext
    u = Units(system, lang)
    console.print(f"[bold]{e.title.get(lang)}[/bold]  ({e.id})", highlight=False)
    console.print(e.briefing.get(lang), highlight=False)
    if e.tips is not None:
        console.print(f"[italic]{e.tips.get(lang)}[/italic]", highlight=False)
    w = e.weather
    console.print(
        _("Airframe {airframe}; modes {modes}; wind {speed} from {bearing}°; time limit {time} s.")
        .format(airframe=e.airframe, modes=_modes(e, _), speed=u.speed(w.wind_speed),
                bearing=u.number(w.wind_from_deg % 360.0, 0), time=u.number(e.limits.time_s, 0)),
        highlight=False,
    )  # fmt: skip
    table = Table(_("objective"), _("kind"), _("points"), _("required"))
    for i, o in enumerate(e.objectives):
        title = o.title.get(lang) if o.title is not None else ""
        table.add_row(
            f"{objective_id(o, i)} {title}".strip(), o.kind, u.number(o.points, 0),
            _("yes") if o.required else _("no"),
        )  # fmt: skip
    console.print(table)
    s = e.scoring
    console.print(
        _("Pass mark {score}; fails on {minor} minor errors, {major} major errors or any safety "
          "error.").format(score=u.number(s.pass_score, 0), minor=s.minor_limit,
                           major=s.major_limit),
        highlight=False,
    )  # fmt: skip


def fly_with_progress(console: Console, e: Exercise, pilot: Pilot, seed: int, lang: str) -> Attempt:
    """Fly with a progress bar over the exercise's time limit."""
    _ = translator(lang).gettext
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task(_("flying {id}").format(id=e.id), total=e.limits.time_s)

        def tick(flight: Flight) -> None:
            if len(flight.frames) % 50 == 0:
                progress.update(task, completed=flight.time)

        return fly(e, pilot, seed, on_frame=tick)


def result_json(attempt: Attempt, lang: str, system: str) -> dict[str, Any]:
    out = attempt.result.to_json(translator(lang), Units(system, lang))
    out.update({"pilot": attempt.pilot, "seed": attempt.seed})
    return out


def show_result(console: Console, attempt: Attempt, lang: str, system: str) -> None:
    for line in attempt.result.describe(translator(lang), Units(system, lang)):
        console.print(line, highlight=False)
