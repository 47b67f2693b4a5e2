"""Judges of the basic flight objectives: take off, hold in a zone, land on a pad."""

from __future__ import annotations

import math
from collections import deque

from dronedojo.exercises import spec as S
from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Angle, Duration, Length, Message, Quantity, Speed
from dronedojo.exercises.objectives.base import Context, Judge, clamp01, heading_error
from dronedojo.i18n import N_

COMPASS = (N_("east"), N_("north-east"), N_("north"), N_("north-west"), N_("west"),
           N_("south-west"), N_("south"), N_("south-east"))  # fmt: skip
"""Directions by 45-degree sector, counter-clockwise from east (the yaw convention)."""


def compass(dx: float, dy: float) -> str:
    """The compass word for the direction (dx, dy) (a marked text, translated when shown)."""
    sector = round(math.atan2(dy, dx) / (math.pi / 4.0)) % 8
    return COMPASS[sector]


class TakeOffJudge(Judge):
    """spec.TakeOff: armed and above ``height`` within ``within_s`` of the start."""

    kind = "takeoff"
    spec: S.TakeOff

    def update(self, frame: Frame) -> None:
        assert self.started_at is not None
        if frame.armed and frame.height >= self.spec.height:
            self.complete(frame.t)
        elif frame.t - self.started_at > self.spec.within_s:
            self.fail(frame.t)

    @property
    def fraction(self) -> float:
        return 1.0 if self.status == "done" else 0.0

    def quality(self) -> float:
        return 1.0

    def metrics(self) -> dict[str, Quantity | str]:
        if self.status != "done" or self.ended_at is None or self.started_at is None:
            return {}
        return {"time": Duration(self.ended_at - self.started_at)}


def inside(zone: S.Zone, x: float, y: float, z: float) -> tuple[bool, float]:
    """(inside the zone, offset from the centre as a fraction of the half size, max over
    the axes: 0 at the centre, 1 on the boundary)."""
    cx, cy, cz = zone.center
    if zone.radius is not None:
        half_h = zone.height / 2.0
        r = math.hypot(x - cx, y - cy) / zone.radius
        v = abs(z - cz) / half_h
    else:
        assert zone.size is not None
        sx, sy, sz = zone.size
        r = max(abs(x - cx) / (sx / 2.0), abs(y - cy) / (sy / 2.0))
        v = abs(z - cz) / (sz / 2.0)
    worst = max(r, v)
    return worst <= 1.0, worst


SETTLED = 2.0
"""s: a hold counts as begun (and leaving it as an error) after this long inside."""


class HoldJudge(Judge):
    """spec.Hold: ``duration_s`` in a row inside the zone with the heading kept."""

    kind = "hold"
    spec: S.Hold

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        self.since: float | None = None
        self.held = 0.0
        self.n = 0
        self.sum_norm = 0.0
        self.sum_dx = 0.0
        self.sum_dy = 0.0
        self.sum_dist = 0.0
        self.max_dist = 0.0
        self.sum_heading = 0.0

    def update(self, frame: Frame) -> None:
        o = self.spec
        x, y, z = frame.position.tolist()
        ok_zone, norm = inside(o.zone, x, y, z)
        herr = heading_error(o.heading, frame, self.ctx.pilot, o.yaw_deg)
        ok_heading = herr <= math.radians(o.heading_tolerance_deg)
        if ok_zone and ok_heading:
            if self.since is None:
                self.since = frame.t
            self.held = frame.t - self.since
            dx, dy = x - o.zone.center[0], y - o.zone.center[1]
            dist = math.hypot(dx, dy)
            self.n += 1
            self.sum_norm += norm
            self.sum_dx += dx
            self.sum_dy += dy
            self.sum_dist += dist
            self.max_dist = max(self.max_dist, dist)
            self.sum_heading += herr
            if self.held >= o.duration_s - 1e-9:
                self.complete(frame.t)
        elif self.since is not None:
            if self.held >= SETTLED:  # passing through the zone is not leaving it
                self.error("zone_exit" if not ok_zone else "heading_lost", frame.t)
            self.since = None
            self.held = 0.0

    @property
    def fraction(self) -> float:
        if self.status == "done":
            return 1.0
        return min(1.0, self.held / self.spec.duration_s)

    def quality(self) -> float:
        if self.n == 0:
            return 0.0
        return clamp01(1.0 - 0.5 * self.sum_norm / self.n)

    def metrics(self) -> dict[str, Quantity | str]:
        if self.n == 0:
            return {}
        out: dict[str, Quantity | str] = {
            "mean_offset": Length(self.sum_dist / self.n, 2),
            "max_offset": Length(self.max_dist, 2),
        }
        if self.spec.heading != "any":
            out["mean_heading_error"] = Angle(self.sum_heading / self.n)
        return out

    def feedback(self) -> list[Message]:
        if self.n == 0:
            return [Message(N_("you never settled inside the zone: fly to its centre first, "
                               "then make small corrections"))]  # fmt: skip
        out = []
        dx, dy = self.sum_dx / self.n, self.sum_dy / self.n
        drift = math.hypot(dx, dy)
        wind = self.ctx.wind
        wind_speed = math.hypot(wind[0], wind[1])
        if drift > 0.5:
            cos = (dx * wind[0] + dy * wind[1]) / (drift * wind_speed) if wind_speed > 1.0 else 0
            if cos > math.cos(math.radians(45.0)):
                out.append(Message(
                    N_("you drifted {distance} downwind while holding: correct earlier with "
                       "small roll and pitch inputs into the wind"),
                    {"distance": Length(drift)},
                ))  # fmt: skip
            else:
                out.append(Message(
                    N_("you sat {distance} {direction} of the zone's centre on average: "
                       "aim for the centre, not the edge"),
                    {"distance": Length(drift), "direction": compass(dx, dy)},
                    translate=("direction",),
                ))  # fmt: skip
        tolerance = math.radians(self.spec.heading_tolerance_deg)
        if self.spec.heading != "any" and self.sum_heading / self.n > 0.5 * tolerance:
            out.append(Message(
                N_("your heading was off by {angle} on average: correct the yaw with small, "
                   "separate inputs"),
                {"angle": Angle(self.sum_heading / self.n)},
            ))  # fmt: skip
        return out


class LandJudge(Judge):
    """spec.Land: touch down on the pad slowly enough, and disarm."""

    kind = "land"
    spec: S.Land

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        pad = ctx.exercise.world.pad(self.spec.pad)
        self.pad = pad
        self.radius = self.spec.radius or pad.radius
        self.recent: deque[float] = deque(maxlen=15)  # vertical speeds of the last 0.3 s
        self.down = False
        self.touchdown_speed: float | None = None
        self.distance: float | None = None
        self.on_pad = False

    def update(self, frame: Frame) -> None:
        x, y, z = frame.position.tolist()
        if not self.down:
            self.recent.append(-float(frame.velocity[2]))
            if frame.contact and z < 0.5 and self.ctx.takeoff_time is not None:
                self.down = True
                self.touchdown_speed = max(self.recent)
                self.distance = math.hypot(x - self.pad.center[0], y - self.pad.center[1])
                self.on_pad = self.distance <= self.radius
                self.ctx.event(frame.t, "touchdown", self.id, speed=Speed(self.touchdown_speed),
                               distance=Length(self.distance))  # fmt: skip
                limit = self.spec.max_touchdown_speed
                if self.touchdown_speed > limit:
                    self.error("hard_landing", frame.t, speed=Speed(self.touchdown_speed),
                               limit=Speed(limit))  # fmt: skip
                if not self.on_pad:
                    self.error("off_pad_landing", frame.t, distance=Length(self.distance))
            return
        if not frame.contact and z > 0.5:  # took off again: a new approach
            self.down = False
            self.recent.clear()
            return
        if self.on_pad and (frame.landed or not self.spec.disarm):
            self.complete(frame.t)

    @property
    def fraction(self) -> float:
        return 1.0 if self.status == "done" else 0.5 if self.down and self.on_pad else 0.0

    def quality(self) -> float:
        if self.distance is None:
            return 0.0
        return clamp01(1.0 - 0.5 * self.distance / self.radius)

    def metrics(self) -> dict[str, Quantity | str]:
        if self.distance is None or self.touchdown_speed is None:
            return {}
        return {
            "distance_from_centre": Length(self.distance, 2),
            "touchdown_speed": Speed(self.touchdown_speed, 2),
        }

    def feedback(self) -> list[Message]:
        out = []
        limit = self.spec.max_touchdown_speed
        if self.touchdown_speed is not None and self.touchdown_speed > 0.8 * limit:
            out.append(Message(
                N_("you touched down at {speed}: slow the descent to well under {limit} in the "
                   "last metre"),
                {"speed": Speed(self.touchdown_speed), "limit": Speed(limit)},
            ))  # fmt: skip
        if self.distance is not None and self.distance > 0.5 * self.radius:
            out.append(Message(
                N_("you landed {distance} from the pad's centre: stop above the pad and "
                   "descend vertically"),
                {"distance": Length(self.distance)},
            ))  # fmt: skip
        if self.status != "done" and self.touchdown_speed is None:
            out.append(Message(N_("you did not land on the pad")))
        return out
