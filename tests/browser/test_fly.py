"""Flying in the browser: the simulator page, keyboard and gamepad input, the debrief, the
replay, and the languages and units, checked from the server's state and the visible text."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.conftest import shot

FAKE_PAD = """
window.__pad = { axes: [0, 1, 0, 0], buttons: Array.from({ length: 17 }, () => false) };
navigator.getGamepads = () => [{
  id: "Test pad (STANDARD GAMEPAD)", index: 0, connected: true, mapping: "standard",
  timestamp: performance.now(), axes: window.__pad.axes.slice(),
  buttons: window.__pad.buttons.map((p) => ({ pressed: p, touched: p, value: p ? 1 : 0 })),
  vibrationActuator: null, hapticActuators: [],
}];
"""


def start(page: Page, url: str) -> None:
    page.goto(url)
    button = page.locator(".briefing button.primary")
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    page.wait_for_function("window.__dojo.hello !== null && window.__dojo.state !== null")


def server_state(page: Page) -> dict:  # type: ignore[type-arg]
    return page.evaluate("window.__dojo.state")  # the last state frame the server sent


def test_keyboard_flight_osd_debrief_and_replay(page: Page, server: str) -> None:
    start(page, f"{server}/fly/ff-hover-v1?test=1")
    assert server_state(page)["armed"] == 0
    height_before = page.locator(".osd-left .osd-value").first.inner_text()
    page.keyboard.press("t")  # arm
    page.wait_for_function("window.__dojo.state.armed === 1", timeout=10_000)
    page.keyboard.down("e")  # throttle up: it stays where it is left
    page.wait_for_timeout(1500)
    page.keyboard.up("e")
    page.wait_for_function("window.__dojo.state.z > 2.0", timeout=20_000)
    state = server_state(page)
    assert state["armed"] == 1 and state["crashed"] == 0 and state["ack"] > 0
    expect(page.locator(".osd-left .osd-value").first).not_to_have_text(height_before)
    assert page.evaluate("window.__dojo.canvasNonBlank()")
    views = []
    for _ in range(3):
        view = page.evaluate("window.__dojo.view")
        views.append(view)
        shot(page, f"fly-{view}")
        page.keyboard.press("v")
        page.wait_for_function(f"window.__dojo.view !== {json.dumps(view)}")
    assert sorted(views) == ["chase", "fpv", "line_of_sight"]
    page.on("dialog", lambda d: d.accept())
    page.locator(".end-button").click()
    page.wait_for_function("window.__dojo.result !== null", timeout=15_000)
    result = page.evaluate("window.__dojo.result")
    assert result["result"]["passed"] is False  # given up after a climb: not a hover
    expect(page.locator(".debrief")).to_be_visible()
    shot(page, "debrief")
    attempt = result["attempt"]
    status = page.request.get(f"{server}/api/attempts/{attempt}").json()
    assert status["status"] == "abandoned" and status["exercise"] == "ff-hover-v1"
    page.goto(f"{server}/replay/{attempt}?test=1")
    page.wait_for_function(
        "window.__dojo.replay && window.__dojo.replay.duration > 2", timeout=30_000
    )
    page.keyboard.press("Space")
    page.wait_for_function("window.__dojo.replay.t > 0.5", timeout=10_000)
    assert page.evaluate("window.__dojo.canvasNonBlank()")
    expect(page.locator(".uplot").first).to_be_visible()
    shot(page, "replay")


def test_gamepad_flight(page: Page, server: str) -> None:
    page.add_init_script(FAKE_PAD)
    start(page, f"{server}/fly/ff-hover-v1?test=1")
    page.evaluate("window.__pad.buttons[9] = true")  # Start toggles the arm switch
    page.wait_for_timeout(200)
    page.evaluate("window.__pad.buttons[9] = false")
    page.wait_for_function("window.__dojo.state.armed === 1", timeout=10_000)
    page.evaluate("window.__pad.axes[1] = -0.8")  # left stick up: climb
    page.wait_for_function("window.__dojo.state.z > 2.0", timeout=20_000)
    assert server_state(page)["throttle"] > 0.8
    shot(page, "fly-gamepad")


def test_french_and_imperial(page: Page, server: str) -> None:
    page.goto(f"{server}/settings")
    page.select_option("select[name=lang]", "fr")
    page.select_option("select[name=units]", "imperial")
    page.select_option("select[name=speed]", "mph")
    page.locator("form.settings button").click()
    expect(page.locator("h1")).to_have_text("Exercices")
    start(page, f"{server}/fly/ff-hover-v1?test=1")
    osd = page.locator(".osd")
    expect(osd).to_contain_text("Hauteur")
    expect(osd).to_contain_text(" ft")
    expect(osd).to_contain_text(" mph")
    shot(page, "fly-fr-imperial")
