"""Scoring an attempt: the judges of every objective, the limits, and the result.

    scorer = Scorer(exercise)
    for row in frames: scorer.update(row)          # live: one call per frame
    scorer.progress()                                # what the on-screen display shows
    result = scorer.result()

The score is the points earned (each objective's points times how well it was flown, see the
judges in exercises/objectives/) over the points available, in percent, minus the penalty of
every minor and major error. The attempt fails on a crash or any safety error, on
``scoring.minor_limit`` minor or ``scoring.major_limit`` major errors, when a required
objective is not done, or below the pass mark. :func:`score` judges recorded frames again and
gives the same result.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises import spec as S
from dronedojo.exercises.errors import ERRORS, LIMITS, TRANSLATED
from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Duration, Length, Message, Param, Quantity
from dronedojo.exercises.objectives.base import Context, ErrorRecord, Judge, TimelineEvent
from dronedojo.exercises.objectives.capture import CaptureJudge
from dronedojo.exercises.objectives.flight import HoldJudge, LandJudge, TakeOffJudge
from dronedojo.exercises.objectives.paths import (
    FigureEightJudge,
    GatesJudge,
    LaneJudge,
    OrbitJudge,
    WaypointsJudge,
)
from dronedojo.exercises.objectives.watchers import AltitudeBandJudge, FaultResponseJudge
from dronedojo.fc import layout as FL
from dronedojo.i18n import N_, Translator
from dronedojo.units import Units

Array = NDArray[np.float64]

JUDGES: dict[str, type[Judge]] = {
    j.kind: j
    for j in (TakeOffJudge, HoldJudge, LandJudge, WaypointsJudge, GatesJudge, OrbitJudge,
              FigureEightJudge, LaneJudge, CaptureJudge, FaultResponseJudge, AltitudeBandJudge)
}  # fmt: skip
AIRBORNE_HEIGHT = 0.3
"""m: an armed drone this high is flying (for take-off time and the height band)."""
PILOT_MODE_CODES = frozenset(FL.MODES.index(m) for m in S.PILOT_MODES)
"""Codes of the modes a pilot selects (the others are the controller's own procedures)."""


@dataclass(frozen=True)
class ObjectiveResult:
    id: str
    kind: str
    status: str
    points: float
    earned: float
    required: bool
    metrics: dict[str, Quantity | str]
    feedback: list[Message]
    title: S.Text | None = None
    advice: S.Text | None = None
    """The exercise's own advice (spec Objective.feedback), when it applies."""


@dataclass(frozen=True)
class Result:
    """The judged attempt (see the module text)."""

    exercise: str
    passed: bool
    score: float
    """0-100."""
    outcome: str
    """completed (every objective resolved), terminated (crash) or truncated (time up)."""
    reason: Message
    objectives: list[ObjectiveResult]
    errors: list[ErrorRecord]
    timeline: list[TimelineEvent]
    duration_s: float
    counts: dict[str, int] = field(default_factory=dict)
    """Errors by severity."""

    def to_json(self, t: Translator | None = None, units: Units | None = None) -> dict[str, Any]:
        """A JSON-ready dict; with a translator and units, every text also rendered."""

        def msg(m: Message) -> dict[str, Any]:
            out = m.to_json()
            if t is not None and units is not None:
                out["message"] = m.render(t, units)
            return out

        def params(p: dict[str, Param]) -> dict[str, Any]:
            return {k: (v.to_json() if isinstance(v, Quantity) else v) for k, v in p.items()}

        return {
            "exercise": self.exercise,
            "passed": self.passed,
            "score": self.score,
            "outcome": self.outcome,
            "reason": msg(self.reason),
            "duration_s": round(self.duration_s, 3),
            "errors_by_severity": dict(self.counts),
            "objectives": [
                {
                    "id": o.id,
                    "title": o.title.get(t.language) if o.title is not None and t else None,
                    "kind": o.kind,
                    "status": o.status,
                    "required": o.required,
                    "points": o.points,
                    "earned": round(o.earned, 2),
                    "metrics": {
                        k: (v.to_json() if isinstance(v, Quantity) else v)
                        for k, v in o.metrics.items()
                    },
                    "feedback": [msg(f) for f in o.feedback]
                    + ([{"text": o.advice.get(t.language if t else "en")}] if o.advice else []),
                }
                for o in self.objectives
            ],
            "errors": [
                {
                    "kind": e.kind,
                    "severity": e.severity,
                    "t": round(e.t, 3),
                    "objective": e.objective,
                    "params": params(e.params),
                    **(
                        {"message": error_message(e).render(t, units)}
                        if t is not None and units is not None
                        else {}
                    ),
                }
                for e in self.errors
            ],
            "timeline": [
                {
                    "t": round(ev.t, 3),
                    "kind": ev.kind,
                    "objective": ev.objective,
                    "params": params(ev.params),
                }
                for ev in self.timeline
            ],
        }

    def describe(self, t: Translator, units: Units) -> list[str]:
        """The result as lines of text for the command line."""
        _ = t.gettext
        verdict = _("PASSED") if self.passed else _("FAILED")
        lang = getattr(t, "language", "en")
        lines = [
            _("{exercise}: {verdict}, score {score} / 100").format(
                exercise=self.exercise, verdict=verdict, score=units.number(self.score, 1)
            ),
            self.reason.render(t, units),
            _("Flight time: {time}").format(time=Duration(self.duration_s).show(units)),
        ]
        for o in self.objectives:
            mark = "✓" if o.status == "done" else "✗"
            figures = ", ".join(
                f"{_(k.replace('_', ' '))} {v.show(units) if isinstance(v, Quantity) else v}"
                for k, v in o.metrics.items()
            )
            name = f"{o.title.get(lang)} ({o.id})" if o.title is not None else o.id
            line = _("{name}: {earned} / {points}").format(
                name=name, earned=units.number(o.earned, 1), points=units.number(o.points, 0)
            )
            lines.append(f"  {mark} {line}" + (f"  ({figures})" if figures else ""))
            lines += [f"      → {f.render(t, units)}" for f in o.feedback]
            if o.advice is not None:
                lines.append(f"      → {o.advice.get(lang)}")
        if self.errors:
            lines.append(_("Errors:"))
            for e in self.errors:
                line = _("{time} s  {severity}: {error}").format(
                    time=units.number(e.t, 1),
                    severity=_(e.severity),
                    error=error_message(e).render(t, units),
                )
                lines.append(f"  {line}")
        return lines


N_("minor")
N_("major")
N_("safety")
METRIC_NAMES = (
    N_("time"), N_("mean offset"), N_("max offset"), N_("mean heading error"),
    N_("distance from centre"), N_("touchdown speed"), N_("reached"), N_("mean deviation"),
    N_("max deviation"), N_("gates passed"), N_("best lap"), N_("total time"), N_("turns"),
    N_("rms radius error"), N_("rms height error"), N_("rms camera error"),
    N_("first circle"), N_("second circle"), N_("rms error"), N_("mean lateral offset"),
    N_("max speed"), N_("response time"), N_("max distance"), N_("time in band"),
    N_("captured"), N_("called"), N_("accuracy"), N_("time per capture"),
)  # fmt: skip
"""The metrics' names as the command line shows them (their keys with spaces), to translate."""


def error_message(e: ErrorRecord) -> Message:
    """The words for error ``e``."""
    return Message(ERRORS[e.kind][1], e.params, tuple(k for k in TRANSLATED if k in e.params))


@dataclass(frozen=True)
class LiveProgress:
    """The on-screen display's view of the scoring, without rescoring anything."""

    index: int
    objective: str | None
    kind: str | None
    fraction: float
    statuses: dict[str, str]
    done: tuple[str, ...]
    errors: dict[str, int]
    t: float
    target: str | None = None
    """The called target of a capture objective."""


class Scorer:
    """Judges one attempt frame by frame (see the module text)."""

    def __init__(self, exercise: S.Exercise) -> None:
        self.exercise = exercise
        self.ctx = Context(exercise)
        self.judges = [JUDGES[o.kind](o, i, self.ctx) for i, o in enumerate(exercise.objectives)]
        self.sequence = [j for j in self.judges if j.kind not in S.WATCHERS]
        self.watchers = [j for j in self.judges if j.kind in S.WATCHERS]
        self.current = 0
        self.terminated = False
        self.last: Frame | None = None
        self._breach = dict.fromkeys((*LIMITS, "mode_not_allowed"), False)
        """Error kinds whose breach is going on (one error per breach)."""
        lim = exercise.limits
        self._fence = lim.geofence.polygon if lim.geofence is not None else None
        self._ceiling = lim.ceiling.height if lim.ceiling is not None else None
        self._sight = lim.line_of_sight.distance if lim.line_of_sight is not None else None
        self._pilot = tuple(float(v) for v in exercise.view.pilot)
        self._limit_params: dict[str, dict[str, Param]] = {
            kind: {"limit": Length(value, 0 if float(value).is_integer() else 1)}
            for kind, value in (("ceiling", self._ceiling), ("line_of_sight", self._sight))
            if value is not None
        }
        self._allowed_modes = frozenset(FL.MODES.index(m) for m in exercise.modes)
        self._gps_lost = False
        self._result: Result | None = None

    # --- live --------------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        """True once nothing is left to judge: a crash, or every objective resolved (the
        height band judges until the end and does not keep an attempt going)."""
        if self.terminated:
            return True
        return all(j.resolved for j in self.judges if j.kind != "altitude_band")

    def update(self, row: Array) -> None:
        """Judge one more frame (a row of exercises/frame.py)."""
        if self._result is not None:
            raise RuntimeError("the attempt has been scored already")
        f = Frame.of(row)
        first = self.last is None
        self.last = f
        self.ctx.last_t = f.t
        if self.terminated:
            return
        ctx = self.ctx
        self._airborne(f)
        if f.crashed:
            ctx.error("crash", f.t)
            self.terminated = True
            return
        self._limits(f)
        self._mode(f)
        current = self.sequence[self.current] if self.current < len(self.sequence) else None
        ctx.current_kind = current.kind if current is not None else None
        if first:
            for w in self.watchers:
                w.start(f)
        for w in self.watchers:
            if w.status == "active":
                w.update(f)
        while self.current < len(self.sequence):
            j = self.sequence[self.current]
            if j.status == "pending":
                j.start(f)  # judged from the next frame: one frame is one objective's
            elif j.status == "active":
                j.update(f)
            if not j.resolved:
                break
            self.current += 1

    def _airborne(self, f: Frame) -> None:
        """Flying from the first frame armed and clear of the ground, until landed."""
        ctx = self.ctx
        if f.armed and f.height > AIRBORNE_HEIGHT and not f.contact:
            if not ctx.airborne and ctx.takeoff_time is None:
                ctx.takeoff_time = f.t
                ctx.event(f.t, "takeoff")
            ctx.airborne = True
        elif f.landed:
            ctx.airborne = False

    def _limits(self, f: Frame) -> None:
        """A breach of a limit is one error when it begins (not one per frame)."""
        x, y, z = f.position.tolist()
        if self._fence is not None:
            self._breached("geofence", not _in_polygon(x, y, self._fence), f.t)
        if self._ceiling is not None:
            self._breached("ceiling", z > self._ceiling, f.t)
        if self._sight is not None:
            self._breached("line_of_sight", math.dist((x, y, z), self._pilot) > self._sight, f.t)

    def _breached(self, kind: str, breached: bool, t: float) -> None:
        if breached and not self._breach[kind]:
            self.ctx.error(kind, t, None, **self._limit_params.get(kind, {}))
        self._breach[kind] = breached

    def _mode(self, f: Frame) -> None:
        """Switching, while armed, to a pilot mode the exercise does not list is an error (once
        until an allowed mode is back); the controller's own fallback to altitude mode on a GPS
        loss is not. Only a frame with a mode change is judged: the runner offers only the
        allowed modes, so this guards frames from elsewhere."""
        events = f.events
        if events & FL.EV_GPS_LOST:
            self._gps_lost = True
        elif events & FL.EV_GPS_RECOVERED:
            self._gps_lost = False
        if f.mode in self._allowed_modes:
            self._breach["mode_not_allowed"] = False
        elif (
            events & FL.EV_MODE_CHANGED
            and f.armed
            and f.mode in PILOT_MODE_CODES
            and not (self._gps_lost and f.mode == FL.MODE_ALTITUDE)
            and not self._breach["mode_not_allowed"]
        ):
            self._breach["mode_not_allowed"] = True
            self.ctx.error("mode_not_allowed", f.t, None, mode=FL.MODES[f.mode])

    def progress(self) -> LiveProgress:
        """Where the attempt stands now (for the on-screen display)."""
        j = self.sequence[self.current] if self.current < len(self.sequence) else None
        index = j.index if j is not None else len(self.exercise.objectives)
        counts = {s: 0 for s in ("minor", "major", "safety")}
        for e in self.ctx.errors:
            counts[e.severity] += 1
        return LiveProgress(
            index=index,
            objective=j.id if j is not None else None,
            kind=j.kind if j is not None else None,
            fraction=j.fraction if j is not None else 1.0,
            statuses={k.id: k.status for k in self.judges},
            done=tuple(k.id for k in self.judges if k.status == "done"),
            errors=counts,
            t=self.last.t if self.last is not None else 0.0,
            target=j.current_target if isinstance(j, CaptureJudge) else None,
        )

    # --- the end -------------------------------------------------------------------------------
    def result(self, truncated: bool = False) -> Result:
        """Finish every judge and give the result (once; later calls return the same)."""
        if self._result is not None:
            return self._result
        last = self.last
        finished = self.finished
        for j in self.judges:
            j.finish(last)
        ex = self.exercise
        total = sum(float(o.points) for o in ex.objectives)
        earned = sum(j.earned for j in self.judges)
        counts = {s: 0 for s in ("minor", "major", "safety")}
        for e in self.ctx.errors:
            counts[e.severity] += 1
        sc = ex.scoring
        score = 100.0 * earned / total if total > 0 else 100.0
        score -= counts["minor"] * sc.minor_penalty + counts["major"] * sc.major_penalty
        score = round(min(100.0, max(0.0, score)), 1)
        outcome = "terminated" if self.terminated else (
            "truncated" if truncated and not finished else "completed"
        )  # fmt: skip
        reason, passed = self._verdict(score, counts, outcome)
        self._result = Result(
            exercise=ex.id,
            passed=passed,
            score=score,
            outcome=outcome,
            reason=reason,
            objectives=[
                ObjectiveResult(
                    j.id,
                    j.kind,
                    j.status,
                    float(j.spec.points),
                    round(j.earned, 6),
                    j.spec.required,
                    j.metrics(),
                    j.feedback(),
                    j.spec.title,
                    j.spec.feedback if _needs_advice(j) else None,
                )
                for j in self.judges
            ],
            errors=list(self.ctx.errors),
            timeline=list(self.ctx.events),
            duration_s=last.t if last is not None else 0.0,
            counts=counts,
        )
        return self._result

    def _verdict(self, score: float, counts: dict[str, int], outcome: str) -> tuple[Message, bool]:
        """The reason in plain words, and passed; the first rule broken, in this order."""
        sc = self.exercise.scoring
        errors = self.ctx.errors
        crash = next((e for e in errors if e.kind == "crash"), None)
        safety = next((e for e in errors if e.severity == "safety"), None)
        missing = [j.id for j in self.judges if j.spec.required and j.status != "done"]
        rules: list[tuple[bool, Callable[[], Message]]] = [
            (crash is not None, lambda: Message(
                N_("Failed: the drone crashed at {time}."),
                {"time": Duration(crash.t if crash else 0.0)})),
            (safety is not None, lambda: Message(
                N_("Failed: a safety error at {time}: {error}."),
                {"time": Duration(safety.t if safety else 0.0),
                 "error": ERRORS[safety.kind if safety else "crash"][1]},
                translate=("error",))),
            (counts["major"] >= sc.major_limit, lambda: Message(
                N_("Failed: {count} major errors (the limit is {limit})."),
                {"count": counts["major"], "limit": sc.major_limit})),
            (counts["minor"] >= sc.minor_limit, lambda: Message(
                N_("Failed: {count} minor errors (the limit is {limit})."),
                {"count": counts["minor"], "limit": sc.minor_limit})),
            (bool(missing) and outcome == "truncated", lambda: Message(
                N_("Failed: time ran out before objective {objective} was done."),
                {"objective": missing[0]})),
            (bool(missing), lambda: Message(
                N_("Failed: objective {objective} was not completed."),
                {"objective": missing[0]})),
            (score < sc.pass_score, lambda: Message(
                N_("Failed: {score} points, below the pass mark of {mark}."),
                {"score": score, "mark": sc.pass_score})),
        ]  # fmt: skip
        for broken, reason in rules:
            if broken:
                return reason(), False
        passed = Message(N_("Passed with {score} points (pass mark {mark})."),
                         {"score": score, "mark": sc.pass_score})  # fmt: skip
        return passed, True


def _needs_advice(j: Judge) -> bool:
    """The author's advice applies to an objective not done or done with under 70 %."""
    return j.status != "done" or j.earned < 0.7 * float(j.spec.points)


def _in_polygon(x: float, y: float, polygon: tuple[tuple[float, float], ...]) -> bool:
    """Even-odd rule."""
    inside = False
    n = len(polygon)
    for i in range(n):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def score(exercise: S.Exercise, frames: Array) -> Result:
    """Judge recorded ``frames`` (K, FRAME_SIZE) again: the same frames give the same result."""
    scorer = Scorer(exercise)
    frames = np.asarray(frames, dtype=float)
    truncated = False
    for row in frames:
        scorer.update(row)
        if scorer.finished:
            break
    else:
        truncated = len(frames) > 0
    return scorer.result(truncated=truncated and not scorer.finished)
