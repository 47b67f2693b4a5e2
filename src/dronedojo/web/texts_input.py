"""Texts of the input pages and widgets (frontend/src/input/, pages/calibrate.ts, latency.ts).

Keys are what the client passes to ``t()``; the values are English, marked for the
catalogues, with ``{name}`` placeholders the client fills in. French: frontend/texts/fr-input.json.
"""

from __future__ import annotations

from dronedojo.i18n import N_

TEXTS: dict[str, str] = {
    # stick view
    "input.view.left": N_("Left stick"),
    "input.view.right": N_("Right stick"),
    "input.view.armed": N_("ARMED"),
    "input.view.disarmed": N_("Disarmed"),
    "input.view.mode": N_("Mode switch: position {position}"),
    "input.view.rth": N_("Return to home"),
    "input.view.source.gamepad": N_("Controller"),
    "input.view.source.keyboard": N_("Keyboard"),
    "input.view.source.test": N_("Test input"),
    # keyboard key map
    "input.keys.title": N_("Flying with the keyboard"),
    "input.keys.roll": N_("Roll left / right (springs back)"),
    "input.keys.pitch": N_("Pitch forward / back (springs back)"),
    "input.keys.yaw": N_("Yaw left / right (springs back)"),
    "input.keys.throttle": N_("Throttle up / down (stays where you leave it)"),
    "input.keys.gimbal": N_("Camera tilt up / down"),
    "input.keys.arm": N_("Arm / disarm"),
    "input.keys.mode": N_("Flight mode switch positions 1, 2, 3"),
    "input.keys.rth": N_("Return to home on / off"),
    "input.keys.capture": N_("Take a photo"),
    # presets
    "input.preset.aetr": N_("EdgeTX / OpenTX radio, AETR order (RadioMaster, Jumper)"),
    "input.preset.reta": N_("EdgeTX / OpenTX radio, RETA order (firmware default)"),
    "input.preset.taer": N_("EdgeTX / OpenTX radio, TAER order (FrSky)"),
    "input.preset.gamepad": N_("Game controller (standard layout)"),
    # calibration wizard
    "input.cal.title": N_("Set up your controller"),
    "input.cal.preset": N_("Start from:"),
    "input.cal.usePreset": N_("Use this preset as it is"),
    "input.cal.nopad": N_(
        "No controller found. Plug in a radio (USB joystick mode) or a game controller."
    ),
    "input.cal.pads": N_("Controllers seen: {names}"),
    "input.cal.step.pad": N_("Move a stick on the controller you want to fly with."),
    "input.cal.step.center": N_(
        "Centre both sticks, the throttle stick too, let go, then press Next."
    ),
    "input.cal.step.sweep": N_(
        "Move both sticks slowly around their full circles two or three times, then press Next."
    ),
    "input.cal.step.throttle": N_("Move the throttle stick fully up and hold it there."),
    "input.cal.step.roll": N_("Move the roll stick fully right and hold it there."),
    "input.cal.step.pitch": N_(
        "Push the pitch stick fully forward (away from you) and hold it there."
    ),
    "input.cal.step.yaw": N_("Move the yaw stick fully right and hold it there."),
    "input.cal.step.arm": N_(
        "Flip your arm switch to ARMED (or press the arm button). No arm switch? Press Skip."
    ),
    "input.cal.step.mode0": N_("Put the flight mode switch in position 1, then press Next."),
    "input.cal.step.mode1": N_("Put the flight mode switch in position 2, then press Next."),
    "input.cal.step.mode2": N_("Put the flight mode switch in position 3, then press Next."),
    "input.cal.step.rth": N_(
        "Flip your return-to-home switch (or press its button). No such switch? Press Skip."
    ),
    "input.cal.step.settings": N_("Choose the deadband and your stick mode, then press Next."),
    "input.cal.step.check": N_(
        "Check: each stick should move the dot the same way as on your radio. Then save."
    ),
    "input.cal.step.done": N_("Calibration finished. Save it to fly with it."),
    "input.cal.problem.nodata": N_("Nothing received from the controller yet. Move a stick."),
    "input.cal.problem.sweep": N_(
        "The sticks did not reach their ends: move both all the way round, then retry."
    ),
    "input.cal.problem.mode": N_(
        "The three positions could not be told apart. Try again, or press Skip."
    ),
    "input.cal.deadband": N_("Deadband: {value} %"),
    "input.cal.layout2": N_("Mode 2: throttle and yaw on the left stick"),
    "input.cal.layout1": N_("Mode 1: throttle and roll on the right stick"),
    "input.cal.next": N_("Next"),
    "input.cal.skip": N_("Skip"),
    "input.cal.save": N_("Save"),
    "input.cal.saving": N_("Saving…"),
    "input.cal.saved": N_("Saved. This controller setup is used on every flight."),
    "input.cal.saveFailed": N_("Could not save: {error}"),
    "input.cal.restart": N_("Start again"),
    # latency self-test
    "input.lat.title": N_("Latency self-test"),
    "input.lat.connecting": N_("Connecting to the simulator…"),
    "input.lat.running": N_("Measuring. Sticks are neutral and the drone stays disarmed."),
    "input.lat.failed": N_("The test could not start: {error}"),
    "input.lat.closed": N_("Connection closed ({code}) {reason}"),
    "input.lat.input": N_("Stick input to simulator state"),
    "input.lat.ping": N_("Network round trip (ping)"),
    "input.lat.median": N_("median"),
    "input.lat.p95": N_("95th percentile"),
    "input.lat.p99": N_("99th percentile"),
    "input.lat.max": N_("worst"),
    "input.lat.ms": N_("{value} ms"),
    "input.lat.samples": N_("{input} inputs and {ping} pings measured."),
    "input.lat.histogram": N_("Stick input to state, in {width} ms steps up to {max} ms"),
    "input.lat.padHz": N_("The browser refreshes your controller {hz} times a second."),
    "input.lat.nopad": N_("No controller: move a stick to measure how often it is refreshed."),
}
