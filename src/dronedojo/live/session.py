"""One person's attempt at an exercise, flown live.

A session is a state machine (names are what the web layer and the tests see)::

    ready --connect--> flying --drop--> grace --resume--> flying
      |                  |                |
      |               finish           expire
      |                  v                v
      +--------------> finished        abandoned

``ready``: prepared (the drone is on its pad or settled in the air) but not yet stepped;
``flying``: in the engine, the pilot connected; ``grace``: the connection dropped, the drone
flies on with its receiver's link lost (the flight controller's failsafe acts) until the
pilot resumes or the grace period ends; ``finished``: scored (objectives resolved, crash or
time up); ``abandoned``: the pilot gave up or never came back (scored as flown so far).

Everything that touches the simulation runs on the engine's thread (engine.py); messages go
out through ``Session.emit`` (set by the engine), which queues them for the connection.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from dronedojo.demo import MODE_TEXT
from dronedojo.exercises import frame as F
from dronedojo.exercises.pilot import INPUT_SIZE, Command
from dronedojo.exercises.runner import Flight
from dronedojo.exercises.scoring import error_message
from dronedojo.exercises.spec import Exercise, objective_id
from dronedojo.fc import layout as FL
from dronedojo.i18n import translator
from dronedojo.live import journal, texts
from dronedojo.physics import layout as PL
from dronedojo.units import Units

STATE_FIELDS: tuple[str, ...] = (
    "kind", "tick", "t", "ack",
    "x", "y", "z", "vx", "vy", "vz", "qw", "qx", "qy", "qz", "p", "q", "r",
    "armed", "mode", "soc", "voltage", "current", "wind_x", "wind_y", "wind_z", "crashed",
    "roll", "pitch", "yaw", "throttle", "gimbal", "objective", "fraction", "link",
)  # fmt: skip
"""Positions in a state frame (an array)."""

STATES = ("ready", "flying", "grace", "finished", "abandoned")
ENDED = frozenset({"finished", "abandoned"})
CHUNK_FRAMES = 50
"""Frames per journal chunk (one second): what a server crash can lose at most."""

_encode = msgspec.msgpack.Encoder().encode
_KINEMATICS = np.r_[PL.S_POS : PL.S_POS + 3, PL.S_VEL : PL.S_VEL + 3, PL.S_QUAT : PL.S_QUAT + 4,
                    PL.S_RATE : PL.S_RATE + 3]  # fmt: skip


@dataclass(frozen=True)
class Pilot:
    """Who flies and how they read numbers."""

    name: str = "visitor"
    lang: str = "en"
    units: str = "metric"
    speed: str | None = None


class Session:
    """A live attempt (see the module text)."""

    def __init__(
        self, exercise: Exercise, seed: int, pilot: Pilot, journal_dir: Path | None
    ) -> None:
        self.id = secrets.token_urlsafe(12)
        self.token = secrets.token_urlsafe(24)
        """Proves the right to connect and to resume."""
        self.exercise = exercise
        self.seed = seed
        self.pilot = pilot
        self.t = translator(pilot.lang)
        self.units = Units(pilot.units, pilot.lang, pilot.speed)
        self.flight = Flight(exercise, seed)  # spawned (and settled in the air): a few ms
        self.state = "ready"
        self.emit: Callable[[bytes, bool], None] = lambda data, droppable: None
        """Sends one message to the pilot (droppable: a state frame a newer one replaces)."""
        self.ack = -1
        """seq of the last input applied."""
        self.link = True
        self.schedule: list[list[float]] = []
        """[step, input row...] each time an input took effect (the exact replay)."""
        self._labels = [self._label(o, i) for i, o in enumerate(exercise.objectives)]
        self._ids = [objective_id(o, i) for i, o in enumerate(exercise.objectives)]
        self._statuses = {i: "pending" for i in self._ids}
        self._errors = 0
        self._faults = sorted(exercise.faults, key=lambda f: f.at)
        self.progress = (0, 0.0)
        self.result_json: dict[str, Any] | None = None
        self._events: list[dict[str, Any]] = []
        self._frames_written = 0
        self._inputs_written = 0
        self.journal = journal_dir / f"{self.id}.journal" if journal_dir is not None else None
        self.header = {
            "format": journal.FORMAT, "version": journal.VERSION, "attempt": self.id,
            "exercise": exercise.id, "seed": seed, "pilot": pilot.name,
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "frame_columns": list(journal.FRAME_COLUMNS),
            "input_columns": list(journal.INPUT_COLUMNS),
            "dt": self.flight.sim.dt, "steps_per_frame": self.flight.steps_per_frame,
        }  # fmt: skip

    # --- what the pilot is told --------------------------------------------------------------
    def _label(self, o: Any, i: int) -> str:
        if o.title is not None:
            return str(o.title.get(self.pilot.lang))
        return self.t.gettext(texts.OBJECTIVE_KINDS[o.kind])

    def hello(self, resumed: bool, server_time: float, frame_hz: float) -> bytes:
        return _encode({
            "type": "hello", "session": self.id, "attempt": self.id,
            "exercise": self.exercise.id, "physics_hz": round(1.0 / self.flight.sim.dt),
            "frame_hz": frame_hz, "state_fields": list(STATE_FIELDS), "modes": list(FL.MODES),
            "allowed_modes": list(self.exercise.modes),
            "objectives": [
                {"id": i, "kind": o.kind, "label": label}
                for i, o, label in zip(self._ids, self.exercise.objectives, self._labels,
                                       strict=True)
            ],
            "time_limit_s": self.exercise.limits.time_s, "resumed": resumed,
            "server_time": server_time, "state": self.state,
        })  # fmt: skip

    def state_frame(self, tick: int) -> bytes:
        """The compact 60 Hz state message (protocol.STATE_FIELDS)."""
        fl = self.flight
        x = fl.sim._x[fl.row]
        fc = fl.sim._fc[fl.row]
        cmd = fl._command
        return _encode([
            0, tick, fl.time, self.ack, *x[_KINEMATICS].tolist(),
            float(fc[FL.F_ARMED]), int(fc[FL.F_MODE]), float(x[PL.S_SOC]),
            float(x[PL.S_VOLT]), float(fl.sim.readings[fl.row, FL.R_CURRENT]),
            *x[PL.S_WIND : PL.S_WIND + 3].tolist(), float(x[PL.S_CRASHED]),
            *cmd[:4].tolist(), float(cmd[7]), self.progress[0], self.progress[1],
            1.0 if self.link else 0.0,
        ])  # fmt: skip

    def _event(self, kind: str, severity: str, text: str, **extra: Any) -> None:
        ev = {"type": "event", "kind": kind, "t": round(self.flight.time, 3),
              "text": text, "severity": severity, **extra}  # fmt: skip
        self._events.append(ev)
        self.emit(_encode(ev), False)

    # --- on the engine's thread --------------------------------------------------------------
    def apply(self, command: Command, seq: int) -> None:
        """The pilot's input, effective from the next physics step."""
        row = self.flight.apply(command)
        self.schedule.append([float(self.flight.steps), *row.tolist(), float(self.link)])
        self.ack = seq

    def set_link(self, up: bool) -> None:
        """The pilot's radio link (the connection) is up or down from the next step."""
        self.link = up
        self.flight.sim.inputs[self.flight.row, FL.I_LINK] = 1.0 if up else 0.0
        self.schedule.append([float(self.flight.steps), *self.flight._command.tolist(),
                              float(up)])  # fmt: skip

    def frame(self, events: int) -> None:
        """Take, score and record the frame due now; emit what changed."""
        fl = self.flight
        if self.state in ENDED:
            return
        fl.take_frame(events)
        self._fc_events(events)
        while self._faults and self._faults[0].at <= fl.time + 1e-9:
            f = self._faults.pop(0)
            self._event("fault", "warning", self.t.gettext(texts.FAULTS[f.kind]), fault=f.kind)
        self._scoring_events()
        if len(fl.frames) - self._frames_written >= CHUNK_FRAMES:
            self.write_chunk()
        if fl.finished and self.state not in ENDED:
            time_up = not fl.scorer.finished
            self.finish("finished", time_up)

    def _fc_events(self, bits: int) -> None:
        if not bits:
            return
        fl = self.flight
        for k, name in enumerate(FL.EVENTS):
            if not bits & (1 << k):
                continue
            severity, text = texts.FC_EVENTS[name]
            params: dict[str, str] = {}
            if name == "arm_refused":
                reason = FL.REFUSALS[int(fl.sim._fc[fl.row, FL.F_REFUSAL])]
                params["reason"] = self.t.gettext(texts.REFUSALS[reason])
            elif name == "mode_changed":
                mode = FL.MODES[int(fl.sim._fc[fl.row, FL.F_MODE])]
                params["mode"] = self.t.gettext(MODE_TEXT.get(mode, mode))
            self._event(name, severity, self.t.gettext(text).format(**params))

    def _scoring_events(self) -> None:
        scorer = self.flight.scorer
        p = scorer.progress()
        self.progress = (p.index, float(p.fraction))
        for oid, status in p.statuses.items():
            if status != self._statuses[oid] and status in ("done", "failed"):
                label = self._labels[self._ids.index(oid)]
                text = texts.OBJECTIVE_DONE if status == "done" else texts.OBJECTIVE_FAILED
                self._event("objective", "info" if status == "done" else "major",
                            self.t.gettext(text).format(objective=label),
                            objective=oid, status=status)  # fmt: skip
            self._statuses[oid] = status
        errors = scorer.ctx.errors
        while self._errors < len(errors):
            e = errors[self._errors]
            self._errors += 1
            text = error_message(e).render(self.t, self.units)
            kind = "crash" if e.kind == "crash" else "error"
            self._event(kind, e.severity, text, error=e.kind)

    def finish(self, state: str, time_up: bool = False) -> None:
        """End the attempt: score it, record the end, tell the pilot."""
        if self.state in ENDED:
            return
        self.state = state
        if time_up:
            self._event("finish", "info", self.t.gettext(texts.TIME_UP))
        else:
            self._event("finish", "info", self.t.gettext(texts.FINISHED))
        result = self.flight.result()
        self.result_json = result.to_json(self.t, self.units)
        self.write_chunk()
        if self.journal is not None and self._writer is not None:
            end = journal.record(
                "end", status=state, result=self.result_json,
                ended=datetime.now(UTC).isoformat(timespec="seconds"),
            )  # fmt: skip
            self._writer.append(self.journal, end, last=True)
        self.emit(_encode({"type": "result", "attempt": self.id, "result": self.result_json}),
                  False)  # fmt: skip

    def fail(self) -> None:
        """End after an internal error: scored if it still can be, recorded as abandoned."""
        try:
            self.finish("abandoned")
        except Exception:
            self.state = "abandoned"

    # --- the journal -----------------------------------------------------------------------
    _writer: journal.Writer | None = None

    def open_journal(self, writer: journal.Writer) -> None:
        self._writer = writer
        if self.journal is not None:
            writer.append(self.journal, journal.record("header", **self.header))

    def write_chunk(self) -> None:
        fl = self.flight
        if self._writer is None or self.journal is None:
            return
        frames = fl.frames[self._frames_written :]
        inputs = self.schedule[self._inputs_written :]
        if not frames and not inputs and not self._events:
            return
        self._frames_written += len(frames)
        self._inputs_written += len(inputs)
        events, self._events = self._events, []
        self._writer.append(
            self.journal,
            journal.chunk(
                np.array(frames).reshape(-1, F.FRAME_SIZE),
                np.array(inputs, dtype=float).reshape(-1, 2 + INPUT_SIZE),
                events,
            ),
        )


def command_of(
    sticks: tuple[float, float, float, float] | list[float],
    arm: bool,
    mode: str,
    rth: bool,
    gimbal: float,
    capture: bool,
) -> Command:
    """A pilot Command from an input message's fields (finite numbers checked by the caller)."""
    r, p, y, thr = (float(v) for v in sticks)
    return Command(roll=r, pitch=p, yaw=y, throttle=thr, arm=arm, mode=mode, rth=rth,
                   gimbal=gimbal if math.isfinite(gimbal) else 0.0, capture=capture)  # fmt: skip
