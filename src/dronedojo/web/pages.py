"""The HTML pages: server-rendered (Jinja, translated) around the TypeScript client's views."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from litestar import Controller, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from dronedojo.demo import MODE_TEXT
from dronedojo.exercises import registry
from dronedojo.exercises.spec import objective_id
from dronedojo.live import texts
from dronedojo.units import SPEED_UNITS
from dronedojo.web import attempts
from dronedojo.web.api import exercise_or_404, with_cookie
from dronedojo.web.client_texts import translated
from dronedojo.web.context import AnyRequest, pilot_profile, units_of, words
from dronedojo.web.profile import Profile


def when(iso: str | None, lang: str) -> str:
    """An ISO 8601 time (UTC) written for the language: "25 nov. 2026, 10:48:22"."""
    if not iso:
        return ""
    try:
        return format_datetime(datetime.fromisoformat(iso), "medium", locale=lang)
    except ValueError:
        return iso


def page(request: AnyRequest, state: State, name: str, **context: Any) -> Response[Any]:
    """Render ``name``.html for the pilot, in their language and units."""
    profile = pilot_profile(request, state)
    t = words(profile)
    ctx = {
        "_": t.gettext, "lang": profile.lang, "profile": profile, "u": units_of(profile),
        "path": request.url.path,
        "modes_text": lambda modes: ", ".join(t.gettext(MODE_TEXT[str(m)]) for m in modes),
        "when": lambda iso: when(iso, profile.lang),
        "kind_text": lambda k: t.gettext(texts.OBJECTIVE_KINDS[str(k)]),
        **context,
    }  # fmt: skip
    return with_cookie(Template(template_name=f"{name}.html", context=ctx), profile)


def app_page(
    request: AnyRequest, state: State, name: str, title: str, **data: Any
) -> Response[Any]:
    """A page whose body is the client's view ``name`` (frontend/src/pages/<name>.ts)."""
    profile = pilot_profile(request, state)
    boot = {
        "page": name, "lang": profile.lang,
        "units": {"system": profile.units, "length": "m" if profile.units == "metric" else "ft",
                  "speed": profile.speed},
        "messages": translated(profile.lang), "test": request.query_params.get("test") == "1",
        "data": data,
    }  # fmt: skip
    # </script> cannot appear inside JSON text once "<" is escaped
    boot_json = json.dumps(boot, ensure_ascii=False).replace("<", "\\u003c")
    return page(request, state, "app", title=title, boot_json=boot_json)


class Pages(Controller):
    include_in_schema = False

    @get("/", sync_to_thread=False)
    def home(self) -> Redirect:
        return Redirect("/exercises")

    @get("/exercises", sync_to_thread=False)
    def exercises(self, request: AnyRequest, state: State) -> Response[Any]:
        courses = [(c, [e for e in registry.exercises() if e.course == c.id])
                   for c in registry.courses()]  # fmt: skip
        return page(request, state, "exercises", courses=courses)

    @get("/exercises/{exercise_id:str}", sync_to_thread=False)
    def briefing(
        self, exercise_id: FromPath[str], request: AnyRequest, state: State
    ) -> Response[Any]:
        e = exercise_or_404(exercise_id)
        objectives = [(objective_id(o, i), o) for i, o in enumerate(e.objectives)]
        return page(request, state, "briefing", e=e, objectives=objectives)

    @get("/fly/{exercise_id:str}", sync_to_thread=False)
    def fly(self, exercise_id: FromPath[str], request: AnyRequest, state: State) -> Response[Any]:
        e = exercise_or_404(exercise_id)
        lang = pilot_profile(request, state).lang
        return app_page(request, state, "fly", e.title.get(lang), exercise=e.id)

    @get("/replay/{attempt_id:str}", sync_to_thread=False)
    def replay(self, attempt_id: FromPath[str], request: AnyRequest, state: State) -> Response[Any]:
        try:
            attempts.path_of(state.settings.attempts_dir, attempt_id)
        except attempts.MissingAttemptError as e:
            raise NotFoundException(str(e)) from None
        return app_page(request, state, "replay", attempt_id, attempt=attempt_id)

    @get("/attempts", sync_to_thread=True)
    def attempts_page(self, request: AnyRequest, state: State) -> Response[Any]:
        rows = attempts.listing(state.settings.attempts_dir)
        return page(request, state, "attempts", rows=rows, status_text=attempts.STATUS_TEXT)

    @get("/calibrate", sync_to_thread=False)
    def calibrate(self, request: AnyRequest, state: State) -> Response[Any]:
        return app_page(request, state, "calibrate", "")

    @get("/latency", sync_to_thread=False)
    def latency(self, request: AnyRequest, state: State) -> Response[Any]:
        return app_page(request, state, "latency", "")

    @get("/settings", sync_to_thread=False)
    def settings_form(self, request: AnyRequest, state: State) -> Response[Any]:
        return page(request, state, "settings", speeds=list(SPEED_UNITS),
                    next=request.query_params.get("next", "/exercises"))  # fmt: skip

    @post("/settings", sync_to_thread=False, status_code=303)
    def settings_save(
        self,
        request: AnyRequest,
        state: State,
        data: URLEncodedBody[dict[str, str]],
    ) -> Response[Any]:
        profile: Profile = pilot_profile(request, state)
        for name in ("lang", "units", "speed"):
            if data.get(name):
                setattr(profile, name, data[name])
        try:
            state.profiles.save(profile)
        except ValueError as e:
            return page(request, state, "settings", speeds=list(SPEED_UNITS), error=str(e),
                        next="/exercises")  # fmt: skip
        target = data.get("next", "/exercises")
        if not target.startswith("/") or target.startswith("//"):
            target = "/exercises"  # never redirect off this server
        return with_cookie(Redirect(target, status_code=303), profile)
