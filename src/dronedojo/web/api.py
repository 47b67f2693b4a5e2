"""The JSON API (its OpenAPI document is at /schema)."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import msgspec
from litestar import Controller, Response, get, post, put
from litestar.datastructures import State
from litestar.exceptions import (
    NotFoundException,
    ServiceUnavailableException,
    ValidationException,
)
from litestar.params import FromPath, FromQuery, JSONBody

from dronedojo.exercises import registry
from dronedojo.exercises.report import catalogue_json
from dronedojo.live import journal
from dronedojo.live.session import Pilot
from dronedojo.web import attempts
from dronedojo.web.context import AnyRequest, pilot_profile
from dronedojo.web.hub import Hub
from dronedojo.web.input_profile import parse_profile
from dronedojo.web.profile import COOKIE, Profile, Profiles


class NewSession(msgspec.Struct, forbid_unknown_fields=True):
    exercise: str
    seed: int | None = None


class ProfileUpdate(msgspec.Struct, forbid_unknown_fields=True):
    lang: str | None = None
    units: str | None = None
    speed: str | None = None


def exercise_or_404(exercise_id: str) -> Any:
    try:
        return registry.get(exercise_id)
    except KeyError as e:
        raise NotFoundException(str(e.args[0])) from None


def with_cookie(response: Response[Any], profile: Profile) -> Response[Any]:
    response.set_cookie(COOKIE, profile.id, httponly=True, samesite="lax", max_age=400 * 86400)
    return response


@get("/healthz", sync_to_thread=False)
def healthz(state: State) -> dict[str, str]:
    hub: Hub = state.hub
    if not hub.engine.running:
        raise ServiceUnavailableException("the simulation engine is not running")
    return {"status": "ok"}


@get("/api/engine", sync_to_thread=False)
def engine_stats(state: State, last_s: FromQuery[float] = 60.0) -> dict[str, Any]:
    """How the simulation engine keeps its schedule: sessions, steps, and how late the
    physics steps of the last ``last_s`` seconds started (ms)."""
    engine = state.hub.engine
    stats = engine.stats
    n = max(1, int(last_s * (1.0 / engine.dt)))
    late = sorted(list(stats.lateness)[-n:])
    lat = sorted(list(stats.latency)[-n:])

    def pct(values: list[float], q: float) -> float | None:
        return (
            round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 3) if values else None
        )

    return {
        "sessions": len(engine.sessions), "steps": stats.steps, "skipped": stats.skipped,
        "frames_out": stats.frames_out, "lateness_p50_ms": pct(late, 0.5),
        "lateness_p99_ms": pct(late, 0.99), "lateness_max_ms": pct(late, 1.0),
        "answer_p99_ms": pct(lat, 0.99),
    }  # fmt: skip


class ExerciseApi(Controller):
    path = "/api/exercises"

    @get("/", sync_to_thread=False)
    def catalogue(self, request: AnyRequest, state: State) -> dict[str, Any]:
        """Courses and their exercises, titles in the pilot's language."""
        return catalogue_json(pilot_profile(request, state).lang)

    @get("/{exercise_id:str}", sync_to_thread=False)
    def exercise(
        self, exercise_id: FromPath[str], request: AnyRequest, state: State
    ) -> dict[str, Any]:
        """One exercise in full (its world, limits, objectives), texts in the pilot's language."""
        e = exercise_or_404(exercise_id)
        lang = pilot_profile(request, state).lang
        out: dict[str, Any] = e.model_dump(mode="json")
        out["texts"] = {
            "title": e.title.get(lang), "briefing": e.briefing.get(lang),
            "tips": e.tips.get(lang) if e.tips is not None else "",
        }  # fmt: skip
        return out


@post("/api/sessions")
async def create_session(
    request: AnyRequest, state: State, data: JSONBody[NewSession]
) -> Response[Any]:
    """Open a flying session on an exercise; connect to ``ws`` with ``token`` to fly it."""
    exercise = exercise_or_404(data.exercise)
    seed = data.seed if data.seed is not None else secrets.randbelow(2**31)
    if not 0 <= seed < 2**63:
        raise ValidationException("seed must be between 0 and 2**63 - 1")
    profile = pilot_profile(request, state)
    pilot = Pilot(name=profile.id[:8], lang=profile.lang, units=profile.units, speed=profile.speed)
    hub: Hub = state.hub
    session = await hub.create(exercise, seed, pilot)
    body = {"session": session.id, "token": session.token, "ws": f"/ws/sessions/{session.id}",
            "seed": seed, "attempt": session.id}  # fmt: skip
    return with_cookie(Response(body, status_code=201), profile)


class AttemptApi(Controller):
    path = "/api/attempts"

    @get("/", sync_to_thread=True)
    def listing(self, state: State) -> list[dict[str, Any]]:
        """Recorded attempts, newest first."""
        return attempts.listing(state.settings.attempts_dir)

    @get("/{attempt_id:str}", sync_to_thread=True)
    def attempt(self, attempt_id: FromPath[str], state: State) -> dict[str, Any]:
        """One attempt: exercise, seed, status (finished, abandoned or interrupted), result."""
        try:
            return attempts.summary(journal.read(attempts.path_of(state.settings.attempts_dir,
                                                                  attempt_id)))  # fmt: skip
        except attempts.MissingAttemptError as e:
            raise NotFoundException(str(e)) from None

    @get("/{attempt_id:str}/frames")
    async def frames(self, attempt_id: FromPath[str], state: State) -> Response[bytes]:
        """The attempt's 50 Hz frames, events and the reference pilot's line (MessagePack)."""
        try:
            path = attempts.path_of(state.settings.attempts_dir, attempt_id)
        except attempts.MissingAttemptError as e:
            raise NotFoundException(str(e)) from None
        data = await asyncio.to_thread(attempts.replay_data, path, state.settings.ghost_skill)
        return Response(msgspec.msgpack.encode(data), media_type="application/msgpack")


class ProfileApi(Controller):
    path = "/api/profile"

    @get("/", sync_to_thread=False)
    def read(self, request: AnyRequest, state: State) -> Response[Any]:
        """The pilot's language and units."""
        p = pilot_profile(request, state)
        return with_cookie(Response({"lang": p.lang, "units": p.units, "speed": p.speed}), p)

    @put("/", sync_to_thread=False)
    def update(
        self, request: AnyRequest, state: State, data: JSONBody[ProfileUpdate]
    ) -> Response[Any]:
        p = pilot_profile(request, state)
        for name in ("lang", "units", "speed"):
            value = getattr(data, name)
            if value is not None:
                setattr(p, name, value)
        try:
            state.profiles.save(p)
        except ValueError as e:
            raise ValidationException(str(e)) from None
        return with_cookie(Response({"lang": p.lang, "units": p.units, "speed": p.speed}), p)

    @get("/input", sync_to_thread=False)
    def input_profile(self, request: AnyRequest, state: State) -> Response[Any]:
        """The pilot's saved controller calibration (null if none)."""
        p = pilot_profile(request, state)
        return with_cookie(Response(p.input), p)

    @put("/input")
    async def save_input_profile(self, request: AnyRequest, state: State) -> Response[Any]:
        raw = await request.body()
        try:
            parsed = parse_profile(raw)
        except ValueError as e:
            raise ValidationException(str(e)) from None
        p = pilot_profile(request, state)
        p.input = parsed.model_dump(mode="json")
        profiles: Profiles = state.profiles
        profiles.save(p)
        return with_cookie(Response(p.input), p)
