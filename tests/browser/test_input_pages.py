"""The controller wizard and the latency self-test, in the browser against the server."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import shot
from tests.browser.test_fly import FAKE_PAD


def test_the_wizard_picks_the_wiggled_pad_and_moves_on(page: Page, server: str) -> None:
    page.add_init_script(FAKE_PAD)
    page.goto(f"{server}/calibrate?test=1")
    page.wait_for_function("window.__dojo.calibration().step === 'pad'")
    for k in range(30):  # wiggle a stick until the wizard takes the pad
        page.evaluate(f"window.__pad.axes[2] = {0.9 if k % 2 else -0.9}")
        page.wait_for_timeout(60)
        if page.evaluate("window.__dojo.calibration().step") != "pad":
            break
    page.evaluate("window.__pad.axes[2] = 0")
    assert page.evaluate("window.__dojo.calibration().step") == "center"
    assert page.evaluate("window.__dojo.pads()") == ["Test pad (STANDARD GAMEPAD)"]
    shot(page, "calibrate")


def test_latency_self_test_measures_the_round_trip(page: Page, server: str) -> None:
    page.goto(f"{server}/latency?test=1")
    page.wait_for_function("window.__dojo.latency().samples >= 60", timeout=30_000)
    figures = page.evaluate("window.__dojo.latency()")
    assert 0 < figures["p50"] <= figures["p99"] < 1000  # ms, measured on loopback
    shot(page, "latency")
