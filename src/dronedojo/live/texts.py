"""Words for what happens during a live flight, translated where shown (i18n.N_)."""

from __future__ import annotations

from dronedojo.i18n import N_

FC_EVENTS = {
    "armed": ("info", N_("Motors armed")),
    "disarmed": ("info", N_("Motors disarmed")),
    "arm_refused": ("warning", N_("Arming refused: {reason}")),
    "mode_changed": ("info", N_("Flight mode: {mode}")),
    "gps_lost": ("warning", N_("GPS lost: altitude mode, the drone drifts with the wind")),
    "gps_recovered": ("info", N_("GPS fix recovered")),
    "link_lost": ("warning", N_("Radio link lost")),
    "link_recovered": ("info", N_("Radio link recovered")),
    "failsafe": ("warning", N_("Failsafe: the flight controller has taken over")),
    "return": ("warning", N_("Returning to home")),
    "low_battery": ("warning", N_("Low battery: returning to home")),
    "forced_landing": ("warning", N_("Critical battery: landing now")),
    "landed": ("info", N_("Landed")),
    "crash_disarm": ("safety", N_("Crash detected: motors disarmed")),
    "takeoff": ("info", N_("Take-off")),
}
"""fc.layout.EVENTS name -> (severity, text)."""

REFUSALS = {
    "none": N_("no reason"),
    "throttle": N_("throttle not low"),
    "angle": N_("the drone is tilted"),
    "crash": N_("a crash was detected; disarm and re-arm"),
    "arm_switch": N_("the arm switch was on at power-up; switch it off first"),
    "failsafe": N_("failsafe active"),
}
"""fc.layout.REFUSALS name -> reason."""

FAULTS = {
    "gps_loss": N_("Fault: GPS signal lost"),
    "link_loss": N_("Fault: radio link lost"),
    "battery_sag": N_("Fault: battery voltage sagging"),
    "motor_failure": N_("Fault: a motor is losing thrust"),
    "compass_error": N_("Fault: compass error"),
    "gust": N_("A strong gust"),
}

OBJECTIVE_KINDS = {
    "takeoff": N_("Take off"),
    "hold": N_("Hold position"),
    "waypoints": N_("Fly the waypoints"),
    "gates": N_("Fly the gates"),
    "orbit": N_("Orbit"),
    "figure_eight": N_("Figure eight"),
    "lane": N_("Fly the lane"),
    "land": N_("Land"),
    "capture": N_("Capture the targets"),
    "fault_response": N_("Respond to the fault"),
    "altitude_band": N_("Stay in the height band"),
}

OBJECTIVE_DONE = N_("Done: {objective}")
OBJECTIVE_FAILED = N_("Failed: {objective}")
FINISHED = N_("Exercise finished")
TIME_UP = N_("Time is up")
