"""The built-in curriculum: exercises by versioned id, and the courses they belong to.

The files live in ``exercises/curriculum/``: ``courses.yaml`` and one ``<id>.yaml`` per
exercise. They are read once, on first use, and must all be valid (tests check every one).
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml
from pydantic import TypeAdapter, ValidationError

from dronedojo.exercises.loader import ExerciseError, Problem, parse
from dronedojo.exercises.spec import Course, Exercise

_COURSES = TypeAdapter(list[Course])


def _folder() -> resources.abc.Traversable:
    return resources.files("dronedojo.exercises") / "curriculum"


@functools.cache
def courses() -> tuple[Course, ...]:
    """The courses, in their order."""
    text = (_folder() / "courses.yaml").read_text(encoding="utf-8")
    try:
        loaded = _COURSES.validate_python(yaml.safe_load(text))
    except ValidationError as error:
        raise ExerciseError([Problem("courses.yaml", None, "", str(error))]) from None
    return tuple(sorted(loaded, key=lambda c: c.order))


@functools.cache
def _exercises() -> dict[str, Exercise]:
    found: dict[str, Exercise] = {}
    for path in sorted(_folder().iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml") or path.name == "courses.yaml":
            continue
        exercise = parse(path.read_text(encoding="utf-8"), source=path.name)
        if f"{exercise.id}.yaml" != path.name:
            raise ExerciseError(
                [Problem(path.name, 1, "id", f"{exercise.id!r} is not the file name")]
            )
        found[exercise.id] = exercise
    known = {c.id for c in courses()}
    for exercise in found.values():
        if exercise.course not in known:
            raise ExerciseError(
                [
                    Problem(
                        f"{exercise.id}.yaml", None, "course", f"unknown course {exercise.course!r}"
                    )
                ]
            )
    return found


def exercises() -> list[Exercise]:
    """Every built-in exercise, by course then order."""
    order = {c.id: c.order for c in courses()}
    return sorted(_exercises().values(), key=lambda e: (order[e.course], e.order, e.id))


def ids() -> list[str]:
    return [e.id for e in exercises()]


def get(exercise_id: str) -> Exercise:
    """The built-in exercise ``exercise_id``; a KeyError naming close ids when unknown."""
    found = _exercises()
    if exercise_id in found:
        return found[exercise_id]
    close = [i for i in found if exercise_id.split("-v", maxsplit=1)[0] in i][:5]
    hint = (
        f"; did you mean {', '.join(close)}?"
        if close
        else "; `dronedojo exercises list` lists them"
    )
    raise KeyError(f"unknown exercise {exercise_id!r}{hint}")
