"""Reading exercise files: YAML in, a validated :class:`~dronedojo.exercises.spec.Exercise` out.

A file that cannot be an exercise raises :class:`ExerciseError`, whose message names the file,
the line, the field (as a path such as ``objectives[2].zone.size``) and what was expected:

    hover-box.yaml:14: objectives[1].duration_s: Input should be greater than 0 (got -5)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from dronedojo.exercises.spec import OBJECTIVE_KINDS, Exercise


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an exercise file."""

    source: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class ExerciseError(ValueError):
    """An exercise file that is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _field_path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the deepest node of ``root`` that ``loc`` reaches."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is None:  # an unknown field: point at its key
                key = next((k for k, _ in node.value if k.value == part), None)
                return key.start_mark.line + 1 if key is not None else line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        if child is None:
            return line
        node, line = child, child.start_mark.line + 1
    return line


def _clean_loc(loc: Sequence[int | str], data: Any) -> list[int | str]:
    """Pydantic's location without the union branch names it inserts (``kind`` tags and
    type names such as ``tuple[float, float]``) that are not keys of the data."""
    out: list[int | str] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            out.append(part)
            node = node[part]  # type: ignore[index]
        elif isinstance(node, list) and isinstance(part, int):
            out.append(part)  # a missing item of a fixed-length list
            node = None
        elif isinstance(node, dict) and isinstance(part, str) and not _is_branch(part):
            out.append(part)  # a missing or unknown field
            node = None
        # else: a union tag, skipped
    return out


def _is_branch(part: str) -> bool:
    """A name pydantic puts in a location for the branch of a union, not a field."""
    return part in OBJECTIVE_KINDS or "[" in part


_PATH_IN_MESSAGE = re.compile(r"^([a-z_]+(?:\[\d+\])*(?:\.[a-z_]+(?:\[\d+\])*)*): (.+)$", re.S)


def _parse_path(path: str) -> list[int | str]:
    """``objectives[2].pad`` -> ["objectives", 2, "pad"]."""
    out: list[int | str] = []
    for name, index in re.findall(r"([a-z_]+)|\[(\d+)\]", path):
        out.append(name if name else int(index))
    return out


def _message(error: Any) -> str:
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "missing":
        loc = error["loc"]
        if loc and isinstance(loc[-1], int):
            return f"missing item {loc[-1]} (a number)"
        return "missing (required)"
    value = error.get("input")
    if error["type"] not in ("value_error", "assertion_error") and not isinstance(
        value, (dict, list)
    ):
        msg += f" (got {value!r})"
    return msg


def parse(text: str, source: str = "<exercise>") -> Exercise:
    """The exercise in YAML ``text``; ``source`` names it in error messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise ExerciseError([Problem(source, line, "", f"not valid YAML: {problem}")]) from None
    if not isinstance(data, dict):
        raise ExerciseError([Problem(source, 1, "", "expected a mapping of exercise fields")])
    try:
        return Exercise.model_validate(data)
    except ValidationError as error:
        problems = []
        for e in error.errors():
            loc = _clean_loc(e["loc"], data)
            message = _message(e)
            inner = _PATH_IN_MESSAGE.match(message)
            if inner:  # a check across fields names the field at the start of its message
                loc += _parse_path(inner.group(1))
                message = inner.group(2)
            problems.append(Problem(source, _line(root, loc), _field_path(loc), message))
        unique = list(dict.fromkeys(problems))
        # a list that failed because an item failed says so too: keep the item's problem
        fields = [p.field for p in unique]
        deepest = [p for p in unique if not any(f.startswith(p.field + "[") for f in fields)]
        raise ExerciseError(deepest) from None


def load(path: str | Path) -> Exercise:
    """The exercise in the YAML file at ``path``."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ExerciseError([Problem(str(p), None, "", f"cannot read: {error}")]) from None
    return parse(text, source=str(p))
