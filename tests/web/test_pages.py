"""The server-rendered pages, in the pilot's language and units."""

from __future__ import annotations

from litestar.testing import TestClient

from dronedojo.web.pages import when
from tests.web.test_input_profile import RADIO


def test_pages_follow_the_profile(client: TestClient) -> None:  # type: ignore[type-arg]
    r = client.get("/exercises", headers={"accept-language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert r.status_code == 200
    assert "<h1>Exercices</h1>" in r.text  # a visitor gets the browser's language
    r = client.get("/exercises/ff-hover-v1", headers={"accept-language": "en-GB"})
    assert "<dt>Wind</dt><dd>7.2 km/h · 270°" in r.text
    r = client.post("/settings", data={"lang": "fr", "units": "imperial", "speed": "mph",
                                       "next": "/exercises/pl-position-v1"},
                    follow_redirects=False)  # fmt: skip
    assert (r.status_code, r.headers["location"]) == (303, "/exercises/pl-position-v1")
    r = client.get("/exercises/ff-hover-v1")
    assert "<dt>Vent</dt><dd>4,5 mph · 270°" in r.text
    assert client.get("/api/profile").json() == {"lang": "fr", "units": "imperial", "speed": "mph"}


def test_bad_settings_are_refused_and_nothing_is_lost(client: TestClient) -> None:  # type: ignore[type-arg]
    client.put("/api/profile", json={"lang": "fr"})
    r = client.put("/api/profile", json={"units": "cubits"})
    assert r.status_code == 400
    assert "unknown units 'cubits'; choose one of metric, imperial" in r.text
    assert client.get("/api/profile").json()["lang"] == "fr"


def test_api_exercises_and_unknowns(client: TestClient) -> None:  # type: ignore[type-arg]
    r = client.get("/api/exercises/ff-hover-v1")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "ff-hover-v1" and body["texts"]["title"]
    assert client.get("/api/exercises/no-such-v1").status_code == 404
    assert client.post("/api/sessions", json={"exercise": "no-such-v1"}).status_code == 404
    assert client.post("/api/sessions", json={"exercise": "ff-hover-v1", "x": 1}).status_code == 400
    assert client.get("/api/attempts/not-an-attempt").status_code == 404
    assert client.get("/replay/..%2F..%2Fetc").status_code == 404
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/schema/openapi.json").json()["info"]["title"] == "Drone Dojo"


def test_the_calibration_is_saved_per_pilot(client: TestClient) -> None:  # type: ignore[type-arg]
    assert client.get("/api/profile/input").json() is None
    r = client.put("/api/profile/input", json=RADIO)
    assert r.status_code == 200, r.text
    assert client.get("/api/profile/input").json()["pad"] == RADIO["pad"]
    bad = {**RADIO, "roll": {**RADIO["roll"], "deadband": 0.9}}
    r = client.put("/api/profile/input", json=bad)
    assert r.status_code == 400
    assert "roll.deadband: Input should be less than or equal to 0.25" in r.text
    assert client.get("/api/profile/input").json()["roll"] == RADIO["roll"]  # nothing lost


def test_attempt_times_are_written_for_the_language() -> None:
    assert when("2026-11-25T10:48:22+00:00", "fr") == "25 nov. 2026, 10:48:22"
    assert when("2026-11-25T10:48:22+00:00", "en") == "Nov 25, 2026, 10:48:22\u202fAM"
