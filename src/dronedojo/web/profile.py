"""A pilot's profile on this server: language, units and the saved controller calibration.

Until people sign in (the school), a browser is a pilot: a random id in an HttpOnly cookie
names its profile, kept as a JSON file in the data folder, so a calibration saved at one
station follows the pilot's profile. A visitor without a profile gets the browser's language.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dronedojo.i18n import LANGUAGES
from dronedojo.units import SPEED_UNITS, SYSTEMS

COOKIE = "dojo_pilot"
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass
class Profile:
    id: str
    lang: str = "en"
    units: str = "metric"
    speed: str = "km/h"
    """Speed unit shown: m/s, km/h, mph or kn."""
    input: dict[str, Any] | None = field(default=None)
    """The controller calibration (web/input_profile.py), as saved."""

    def check(self) -> Profile:
        if self.lang not in LANGUAGES:
            raise ValueError(
                f"unknown language {self.lang!r}; choose one of {', '.join(LANGUAGES)}"
            )
        if self.units not in SYSTEMS:
            raise ValueError(f"unknown units {self.units!r}; choose one of {', '.join(SYSTEMS)}")
        if self.speed not in SPEED_UNITS:
            raise ValueError(
                f"unknown speed unit {self.speed!r}; choose one of {', '.join(SPEED_UNITS)}"
            )
        return self


def browser_language(accept_language: str | None) -> str:
    """The first of the browser's languages (Accept-Language) that has a catalogue."""
    best, best_q = LANGUAGES[0], -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.split("-")[0].strip().lower()
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if lang in LANGUAGES and q > best_q:
            best, best_q = lang, q
    return best


class Profiles:
    """Profiles as files: ``<dir>/<id>.json``, written whole and atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def new_id(self) -> str:
        return secrets.token_urlsafe(18)

    def get(self, pilot_id: str | None, accept_language: str | None = None) -> Profile:
        lang = browser_language(accept_language)
        if pilot_id is None or not _ID.match(pilot_id):
            return Profile(id=self.new_id(), lang=lang)
        path = self.folder / f"{pilot_id}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Profile(**data).check()
        except (OSError, ValueError, TypeError):
            return Profile(id=pilot_id, lang=lang)

    def save(self, profile: Profile) -> None:
        profile.check()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{profile.id}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(profile)), encoding="utf-8")
        os.replace(tmp, path)
