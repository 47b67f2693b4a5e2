"""Texts of the fly and replay pages (frontend/src/pages/fly.ts, replay.ts, hud/, replay/).

Keys are what the client passes to ``t()``; the values are English, marked for the
catalogues, with ``{name}`` placeholders the client fills in.
"""

from __future__ import annotations

from dronedojo.i18n import N_

TEXTS: dict[str, str] = {
    # on-screen display
    "osd.height": N_("Height"),
    "osd.horizontal_speed": N_("Horizontal speed"),
    "osd.vertical_speed": N_("Vertical speed"),
    "osd.distance": N_("Distance from home"),
    "osd.battery": N_("Battery"),
    "osd.battery_value": N_("{voltage} V, {percent} %"),
    "osd.mode": N_("Flight mode"),
    "osd.armed": N_("Armed"),
    "osd.disarmed": N_("Disarmed"),
    "osd.crashed": N_("Crashed"),
    "osd.wind": N_("Wind"),
    "osd.wind_value": N_("{speed} from {bearing}°"),
    "osd.calm": N_("Calm"),
    "osd.time_value": N_("{time} of {limit}"),
    "osd.objective": N_("Objective {index} of {count}: {label}"),
    "osd.objectives_done": N_("Every objective flown"),
    "osd.link_lost": N_("Radio link lost: the drone's failsafe is flying"),
    "osd.reconnecting": N_("Connection to the server lost: reconnecting…"),
    # flight modes (fc/layout.py MODES)
    "mode.acro": N_("Acro"),
    "mode.angle": N_("Angle"),
    "mode.horizon": N_("Horizon"),
    "mode.position": N_("Position"),
    "mode.altitude": N_("Altitude"),
    "mode.return": N_("Return to home"),
    "mode.land": N_("Landing"),
    "mode.hold": N_("Hold"),
    "mode.failsafe_land": N_("Failsafe landing"),
    # views
    "view.line_of_sight": N_("Line of sight"),
    "view.fpv": N_("FPV"),
    "view.chase": N_("Chase"),
    "view.zoom_in": N_("Zoom in (+ key or mouse wheel)"),
    "view.zoom_out": N_("Zoom out (- key or mouse wheel)"),
    "view.keys": N_("V switches the view"),
    # briefing
    "briefing.loading": N_("Loading the exercise…"),
    "briefing.controls": N_(
        "V switches the view (line of sight, FPV, chase); + and - zoom the line-of-sight view."
    ),
    "briefing.full": N_("Full briefing"),
    "briefing.radio": N_("Set up your radio"),
    "briefing.start": N_("Start"),
    "briefing.time_limit": N_("Time limit: {time}"),
    "briefing.connecting": N_("Connecting…"),
    # the flight
    "fly.end": N_("End the attempt"),
    "fly.end_confirm": N_("End the attempt now? It is scored as flown so far."),
    "fly.error_load": N_("The exercise could not be loaded: {reason}"),
    "fly.error_session": N_("The flight could not start: {reason}"),
    # why the connection closed (web/protocol.py CLOSE)
    "close.finished": N_("The flight is over."),
    "close.bad_message": N_(
        "The server could not read a message from this page. The flight has stopped."
    ),
    "close.bad_token": N_("The server refused this flight's access key."),
    "close.unknown_session": N_("This flight no longer exists on the server."),
    "close.replaced": N_("This flight was opened in another tab or window."),
    "close.ended": N_("This flight has ended."),
    "close.too_large": N_("This page sent a message that was too large. The flight has stopped."),
    "close.flood": N_("This page sent too many messages. The flight has stopped."),
    "close.shutdown": N_("The server is shutting down."),
    "close.lost": N_("The connection to the server was lost."),
    "close.protocol": N_("The server sent a message this page cannot read."),
    # debrief
    "debrief.title": N_("Debrief"),
    "debrief.passed": N_("Passed"),
    "debrief.failed": N_("Not passed"),
    "debrief.score": N_("Score: {score} / 100"),
    "debrief.duration": N_("Flight time: {time}"),
    "debrief.objectives": N_("Objectives"),
    "debrief.points": N_("{earned} / {points} points"),
    "debrief.status.pending": N_("Not started"),
    "debrief.status.active": N_("Not finished"),
    "debrief.status.done": N_("Done"),
    "debrief.status.failed": N_("Failed"),
    "debrief.errors": N_("Errors"),
    "debrief.no_errors": N_("No errors."),
    "debrief.severity.minor": N_("Minor"),
    "debrief.severity.major": N_("Major"),
    "debrief.severity.safety": N_("Safety"),
    "debrief.replay": N_("Replay"),
    "debrief.again": N_("Fly again"),
    "debrief.exercises": N_("Exercises"),
    # replay
    "replay.loading": N_("Loading the flight…"),
    "replay.error": N_("The flight could not be loaded: {reason}"),
    "replay.play": N_("Play"),
    "replay.pause": N_("Pause"),
    "replay.position": N_("Position in the flight"),
    "replay.speed": N_("Speed"),
    "replay.ghost": N_("Reference pilot's line"),
    "replay.status.finished": N_("Finished"),
    "replay.status.abandoned": N_("Given up"),
    "replay.status.interrupted": N_("Interrupted"),
    "replay.chart_height": N_("Height ({unit})"),
    "replay.chart_speed": N_("Speed ({unit})"),
    "replay.chart_sticks": N_("Sticks"),
    "replay.chart_battery": N_("Battery voltage (V)"),
    "replay.chart_time": N_("Time (s)"),
    "replay.roll": N_("Roll"),
    "replay.pitch": N_("Pitch"),
    "replay.yaw": N_("Yaw"),
    "replay.throttle": N_("Throttle"),
}
