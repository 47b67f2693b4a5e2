"""What every request needs from the server: the hub, the profiles, the pilot's profile."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State

from dronedojo.i18n import Translator, translator
from dronedojo.units import Units
from dronedojo.web.profile import COOKIE, Profile, Profiles

AnyRequest = Request[Any, Any, Any]


def pilot_profile(request: AnyRequest, state: State) -> Profile:
    profiles: Profiles = state.profiles
    profile = profiles.get(request.cookies.get(COOKIE), request.headers.get("accept-language"))
    query_lang = request.query_params.get("lang")
    if query_lang in ("en", "fr"):
        profile.lang = query_lang
    return profile


def words(profile: Profile) -> Translator:
    return translator(profile.lang)


def units_of(profile: Profile) -> Units:
    return Units(profile.units, profile.lang, profile.speed)
