"""Judges that watch alongside the others: the response to a fault, the height band."""

from __future__ import annotations

import math

from dronedojo.exercises import spec as S
from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Duration, Length, Message, Quantity
from dronedojo.exercises.objectives.base import Context, Judge, clamp01
from dronedojo.i18n import N_

STOPPED = 0.5
"""m/s: horizontal speed under which the drone counts as stopped."""


class FaultResponseJudge(Judge):
    """spec.FaultResponse: after the fault starts, the expected response within the time."""

    kind = "fault_response"
    spec: S.FaultResponse

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        self.fault_at = ctx.fault_times[self.spec.fault]
        self.deadline = self.fault_at + self.spec.within_s
        self.anchor: tuple[float, float, float] | None = None
        self.max_distance = 0.0
        self.response_time: float | None = None
        pad = self.spec.pad
        self.pad = ctx.exercise.world.pad(pad) if pad is not None else None

    def update(self, frame: Frame) -> None:
        if frame.t < self.fault_at - 1e-9:
            return
        o = self.spec
        x, y, z = frame.position.tolist()
        if self.anchor is None:
            self.anchor = (x, y, z)
            self.ctx.event(frame.t, "fault", self.id, fault=self.ctx.exercise.faults[o.fault].kind)
        met = False
        if o.expect == "hold":
            d = math.dist((x, y, z), self.anchor)
            self.max_distance = max(self.max_distance, d)
            if d > o.radius:
                self._missed(frame.t)
                return
            met = frame.t >= self.deadline - 1e-9
        elif o.expect == "land":
            met = frame.landed and self._on_pad(x, y)
        elif o.expect == "return":
            home = self.pad.center if self.pad is not None else self.ctx.home[:2]
            met = math.hypot(x - home[0], y - home[1]) <= o.radius
        else:  # stop
            met = frame.horizontal_speed < STOPPED
        if met:
            self.response_time = frame.t - self.fault_at
            self.complete(frame.t)
        elif frame.t >= self.deadline - 1e-9:
            self._missed(frame.t)

    def _on_pad(self, x: float, y: float) -> bool:
        if self.pad is None:
            return True
        return math.hypot(x - self.pad.center[0], y - self.pad.center[1]) <= self.pad.radius

    def _missed(self, t: float) -> None:
        self.error("fault_response_missed", t)
        self.fail(t)

    @property
    def fraction(self) -> float:
        if self.status == "done":
            return 1.0
        if self.anchor is None:
            return 0.0
        if self.spec.expect == "hold" and self.started_at is not None:
            return clamp01((self.ctx.last_t - self.fault_at) / self.spec.within_s)
        return 0.0

    def quality(self) -> float:
        return 1.0

    def metrics(self) -> dict[str, Quantity | str]:
        out: dict[str, Quantity | str] = {}
        if self.response_time is not None:
            out["response_time"] = Duration(self.response_time)
        if self.spec.expect == "hold" and self.anchor is not None:
            out["max_distance"] = Length(self.max_distance)
        return out

    def feedback(self) -> list[Message]:
        if self.status == "done" or self.anchor is None:
            return []
        o = self.spec
        texts = {
            "hold": N_("after the fault the drone moved {distance} away: hold it in place with "
                       "the sticks, it will not hold itself"),
            "land": N_("after the fault you did not land in time: descend at once and land "
                       "where the exercise asks"),
            "return": N_("after the fault you did not bring the drone back in time"),
            "stop": N_("after the fault you did not stop the drone in time"),
        }  # fmt: skip
        return [Message(texts[o.expect], {"distance": Length(self.max_distance)})]


class AltitudeBandJudge(Judge):
    """spec.AltitudeBand: the share of airborne time spent inside the band."""

    kind = "altitude_band"
    spec: S.AltitudeBand

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        self.airborne_frames = 0
        self.inside_frames = 0
        self.out = False
        self.far = False
        self.entered = False

    def update(self, frame: Frame) -> None:
        if not self.ctx.airborne or self.ctx.current_kind in (None, "takeoff", "land"):
            self.out = self.far = False  # judged while working, not climbing out or landing
            return
        o = self.spec
        z = frame.height
        if not self.entered:  # climbing to the working height is not an excursion
            self.entered = o.min <= z <= o.max
            if not self.entered:
                return
        self.airborne_frames += 1
        if o.min <= z <= o.max:
            self.inside_frames += 1
            self.out = self.far = False
            return
        far = z < o.min - o.margin or z > o.max + o.margin
        if far and not self.far:
            self.error("altitude_band_far", frame.t)
        elif not self.out and not far:
            self.error("altitude_band", frame.t)
        self.out, self.far = True, self.far or far

    def finish(self, frame: Frame | None) -> None:
        if self.status in ("pending", "active"):
            self.status = "done"
            self.ended_at = frame.t if frame is not None else None

    @property
    def fraction(self) -> float:
        return self.quality()

    def quality(self) -> float:
        if self.airborne_frames == 0:
            return 1.0
        return self.inside_frames / self.airborne_frames

    def metrics(self) -> dict[str, Quantity | str]:
        return {"time_in_band": Quantity(100.0 * self.quality(), "percent", 0)}

    def feedback(self) -> list[Message]:
        if self.quality() < 0.95:
            return [Message(
                N_("you were outside the {low}-{high} height band for {share} of the flight: "
                   "watch the height on the display"),
                {"low": Length(self.spec.min, 0), "high": Length(self.spec.max, 0),
                 "share": Quantity(100.0 * (1.0 - self.quality()), "percent", 0)},
            )]  # fmt: skip
        return []
