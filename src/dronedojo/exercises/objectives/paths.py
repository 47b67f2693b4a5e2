"""Judges of objectives that follow a path: waypoints, gates, orbit, figure eight, lane."""

from __future__ import annotations

import math

from dronedojo.exercises import spec as S
from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Angle, Count, Duration, Length, Message, Quantity, Speed
from dronedojo.exercises.objectives.base import Context, Judge, clamp01, heading_error, wrap
from dronedojo.i18n import N_

TURN = 2.0 * math.pi


def _segment_distance(p: tuple[float, float, float], a: tuple[float, ...],
                      b: tuple[float, ...]) -> float:  # fmt: skip
    """Distance from point p to the segment a-b (3D)."""
    ab = [b[i] - a[i] for i in range(3)]
    ap = [p[i] - a[i] for i in range(3)]
    n2 = sum(v * v for v in ab)
    s = 0.0 if n2 == 0.0 else max(0.0, min(1.0, sum(ab[i] * ap[i] for i in range(3)) / n2))
    return math.sqrt(sum((ap[i] - s * ab[i]) ** 2 for i in range(3)))


class WaypointsJudge(Judge):
    """spec.Waypoints: each point reached in order; the path's distance from the lines."""

    kind = "waypoints"
    spec: S.Waypoints

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        self.next = 0
        self.previous: tuple[float, ...] | None = None
        self.n = 0
        self.sum_dev = 0.0
        self.max_dev = 0.0
        self.heading_ok = False  # the pilot turns to the heading first: a loss counts after

    def start(self, frame: Frame) -> None:
        super().start(frame)
        self.previous = tuple(float(v) for v in frame.position)

    def update(self, frame: Frame) -> None:
        o = self.spec
        x, y, z = frame.position.tolist()
        p = (x, y, z)
        assert self.previous is not None
        target = o.waypoints[self.next]
        dev = _segment_distance(p, self.previous, target)
        self.n += 1
        self.sum_dev += dev
        self.max_dev = max(self.max_dev, dev)
        ok = heading_error(o.heading, frame, self.ctx.pilot, o.yaw_deg) <= math.radians(
            o.heading_tolerance_deg
        )
        if self.heading_ok and not ok:
            self.error("heading_lost", frame.t)
        self.heading_ok = ok
        if math.dist(p, target) <= o.radius:
            self.ctx.event(frame.t, "waypoint", self.id, number=self.next + 1)
            self.previous = target
            self.next += 1
            if self.next == len(o.waypoints):
                self.complete(frame.t)

    @property
    def fraction(self) -> float:
        return self.next / len(self.spec.waypoints)

    def quality(self) -> float:
        return clamp01(1.0 - self.sum_dev / max(1, self.n) / self.spec.corridor)

    def metrics(self) -> dict[str, Quantity | str]:
        return {
            "reached": Count(self.next),
            "mean_deviation": Length(self.sum_dev / max(1, self.n), 2),
            "max_deviation": Length(self.max_dev, 2),
        }

    def feedback(self) -> list[Message]:
        mean = self.sum_dev / max(1, self.n)
        if mean > 0.5 * self.spec.corridor:
            return [Message(
                N_("your path wandered {distance} from the straight lines on average: pick a "
                   "landmark beyond the next point and fly towards it"),
                {"distance": Length(mean)},
            )]  # fmt: skip
        return []


class GatesJudge(Judge):
    """spec.Gates: gates passed forwards in order, ``laps`` times. A lap is timed from
    passing the first gate to passing it again, the last lap to the last gate (a course of
    one gate has one lap time fewer than laps: there is nothing to time the last lap to)."""

    kind = "gates"
    spec: S.Gates

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        world = ctx.exercise.world
        self.gates = {g.name: g for g in world.gates if g.name in self.spec.gates}
        self.sequence = list(self.spec.gates) * self.spec.laps
        self.next = 0
        self.last: tuple[float, float, float] | None = None
        self.lap_start: float | None = None
        self.laps: list[float] = []
        self.backwards: list[str] = []
        """Gates passed the wrong way, in order (repeats kept)."""

    def _crossing(self, gate: S.Gate, a: tuple[float, float, float],
                  b: tuple[float, float, float]) -> int:  # fmt: skip
        """+1 passed forwards, -1 backwards, 0 not through the opening."""
        hx, hy = math.cos(math.radians(gate.yaw_deg)), math.sin(math.radians(gate.yaw_deg))
        cx, cy, cz = gate.center
        s0 = (a[0] - cx) * hx + (a[1] - cy) * hy
        s1 = (b[0] - cx) * hx + (b[1] - cy) * hy
        if (s0 < 0.0) == (s1 < 0.0):
            return 0
        k = s0 / (s0 - s1)
        x, y, z = (a[i] + k * (b[i] - a[i]) for i in range(3))
        lateral = -(x - cx) * hy + (y - cy) * hx
        if abs(lateral) > gate.width / 2.0 or abs(z - cz) > gate.height / 2.0:
            return 0
        return 1 if s0 < 0.0 else -1

    def update(self, frame: Frame) -> None:
        x, y, z = frame.position.tolist()
        p = (x, y, z)
        a, self.last = self.last, p
        if a is None:
            return
        expected = self.sequence[self.next]
        for name, gate in self.gates.items():
            way = self._crossing(gate, a, p)
            if way == 0:
                continue
            if way < 0:
                self.backwards.append(name)
                self.error("gate_backwards", frame.t, gate=name)
            elif name == expected:
                self._passed(frame.t, name)
                if self.status == "done":
                    return
                expected = self.sequence[self.next]
            elif name in self.spec.gates:
                self.error("gate_missed", frame.t, gate=expected)

    def _passed(self, t: float, name: str) -> None:
        first = self.next % len(self.spec.gates) == 0
        if first:  # the first gate of a lap: a lap ends and one starts
            if self.lap_start is not None:
                self._lap(t)
            self.lap_start = t
        self.ctx.event(t, "gate", self.id, gate=name)
        self.next += 1
        if self.next == len(self.sequence):
            if not first:  # the last lap ends at the last gate
                self._lap(t)
            self.complete(t)

    def _lap(self, t: float) -> None:
        assert self.lap_start is not None
        self.laps.append(t - self.lap_start)
        self.ctx.event(t, "lap", self.id, number=len(self.laps), time=Duration(self.laps[-1], 2))

    @property
    def fraction(self) -> float:
        return self.next / len(self.sequence)

    def quality(self) -> float:
        par = self.spec.par_s
        if par is None or not self.laps:
            return 1.0
        scores = [1.0 if t <= par else max(0.5, 1.0 - 0.5 * (t - par) / par) for t in self.laps]
        return sum(scores) / len(scores)

    def metrics(self) -> dict[str, Quantity | str]:
        out: dict[str, Quantity | str] = {"gates_passed": Count(self.next)}
        if self.laps:
            out["best_lap"] = Duration(min(self.laps), 2)
            out["total_time"] = Duration(sum(self.laps), 2)
        return out

    def feedback(self) -> list[Message]:
        out = []
        if self.backwards:
            out.append(Message(
                N_("gates passed the wrong way: {gates}. Line up on each gate from the side "
                   "the course comes from before you go through"),
                {"gates": ", ".join(dict.fromkeys(self.backwards))},
            ))  # fmt: skip
        par = self.spec.par_s
        if par is not None and self.laps and min(self.laps) > par:
            out.append(Message(
                N_("your best lap was {time}, over the par of {par}: carry speed through the "
                   "turns instead of stopping at each gate"),
                {"time": Duration(min(self.laps)), "par": Duration(par)},
            ))  # fmt: skip
        return out


class _Circling(Judge):
    """Shared bookkeeping of judges that count turns round a centre."""

    def _swept(self, key: int, cx: float, cy: float, x: float, y: float) -> float:
        """The signed angle (rad, + counter-clockwise) swept round (cx, cy) since the last
        call with ``key``."""
        a = math.atan2(y - cy, x - cx)
        prev = self._angles.get(key)
        self._angles[key] = a
        return 0.0 if prev is None else wrap(a - prev)

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        self._angles: dict[int, float] = {}
        self.n = 0
        self.sum_sq = 0.0
        self.sum_sq_h = 0.0
        self.sum_sq_cam = 0.0
        self.on_track = False


class OrbitJudge(_Circling):
    """spec.Orbit: turns round the centre counted only within the tolerances."""

    kind = "orbit"
    spec: S.Orbit

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        self.ccw = 0.0
        """rad swept counter-clockwise (negative: clockwise) while on the track."""

    def update(self, frame: Frame) -> None:
        o = self.spec
        x, y, z = frame.position.tolist()
        cx, cy = o.center
        r = math.hypot(x - cx, y - cy)
        dr, dz = r - o.radius, z - o.height
        to_centre = math.atan2(cy - y, cx - x)
        cam = abs(wrap(frame.yaw - to_centre)) if o.camera_on_center else 0.0
        ok = (abs(dr) <= o.radius_tolerance and abs(dz) <= o.height_tolerance
              and cam <= math.radians(o.camera_tolerance_deg))  # fmt: skip
        swept = self._swept(0, cx, cy, x, y)
        if ok:
            self.ccw += swept
            self.n += 1
            self.sum_sq += dr * dr
            self.sum_sq_h += dz * dz
            self.sum_sq_cam += cam * cam
        elif self.on_track:
            self.error("track_exit", frame.t)
        self.on_track = ok
        if self._turns() >= o.turns - 1e-9:
            self.complete(frame.t)

    def _turns(self) -> float:
        d = self.spec.direction
        signed = self.ccw if d == "ccw" else -self.ccw if d == "cw" else abs(self.ccw)
        return max(0.0, signed) / TURN

    @property
    def fraction(self) -> float:
        return 1.0 if self.status == "done" else min(1.0, self._turns() / self.spec.turns)

    def _rms(self, total: float) -> float:
        return math.sqrt(total / self.n) if self.n else 0.0

    def quality(self) -> float:
        o = self.spec
        worst = max(self._rms(self.sum_sq) / o.radius_tolerance,
                    self._rms(self.sum_sq_h) / o.height_tolerance)  # fmt: skip
        return clamp01(1.0 - 0.5 * worst) if self.n else 0.0

    def metrics(self) -> dict[str, Quantity | str]:
        out: dict[str, Quantity | str] = {
            "turns": Quantity(self._turns(), "number", 2),
            "rms_radius_error": Length(self._rms(self.sum_sq), 2),
            "rms_height_error": Length(self._rms(self.sum_sq_h), 2),
        }
        if self.spec.camera_on_center:
            out["rms_camera_error"] = Quantity(self._rms(self.sum_sq_cam), "angle", 0)
        return out

    def feedback(self) -> list[Message]:
        o = self.spec
        rms = self._rms(self.sum_sq)
        out = []
        wrong_way = {"ccw": self.ccw < -0.25 * TURN, "cw": self.ccw > 0.25 * TURN}
        if self.status != "done" and wrong_way.get(o.direction, False):
            out.append(Message(
                N_("you circled the wrong way: fly this orbit counter-clockwise, seen from above")
                if o.direction == "ccw" else
                N_("you circled the wrong way: fly this orbit clockwise, seen from above")
            ))  # fmt: skip
        if self.n and rms > 0.4 * o.radius_tolerance:
            out.append(Message(
                N_("your radius varied by {distance} (RMS): hold a steady roll while yawing "
                   "smoothly, and adjust the pitch only a little"),
                {"distance": Length(rms)},
            ))  # fmt: skip
        if self.n and self._rms(self.sum_sq_h) > 0.4 * o.height_tolerance:
            out.append(Message(N_("your height varied by {distance} (RMS): keep the throttle "
                                  "still while circling"),
                               {"distance": Length(self._rms(self.sum_sq_h))}))  # fmt: skip
        cam = self._rms(self.sum_sq_cam)
        if self.n and o.camera_on_center and cam > 0.5 * math.radians(o.camera_tolerance_deg):
            out.append(Message(
                N_("the camera was {angle} off the centre (RMS): yaw as steadily as you turn, "
                   "so the nose stays on the centre"),
                {"angle": Angle(cam)},
            ))  # fmt: skip
        return out


class FigureEightJudge(_Circling):
    """spec.FigureEight: one circle counter-clockwise and the other clockwise. A frame
    counts towards the circle it is nearer (where they meet, near both), so circling one of
    them again and again never adds up to the other."""

    kind = "figure_eight"
    spec: S.FigureEight
    SLACK = 0.2
    """rad of a turn that may be missing where the two circles meet."""

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        o = self.spec
        a = math.radians(o.axis_deg)
        ux, uy = math.cos(a) * o.radius, math.sin(a) * o.radius
        self.centres = ((o.center[0] + ux, o.center[1] + uy), (o.center[0] - ux, o.center[1] - uy))
        self.sweeps = [0.0, 0.0]

    def update(self, frame: Frame) -> None:
        o = self.spec
        x, y, z = frame.position.tolist()
        (c0x, c0y), (c1x, c1y) = self.centres
        swept = (self._swept(0, c0x, c0y, x, y), -self._swept(1, c1x, c1y, x, y))
        errs = (abs(math.hypot(x - c0x, y - c0y) - o.radius),
                abs(math.hypot(x - c1x, y - c1y) - o.radius))  # fmt: skip
        k = 0 if errs[0] <= errs[1] else 1  # the nearer circle is the one flown
        err = errs[k]
        ok = err <= o.tolerance and abs(z - o.height) <= o.tolerance
        if ok:
            self.sweeps[k] += swept[k]
            self.n += 1
            self.sum_sq += err * err
        elif self.on_track:
            self.error("track_exit", frame.t)
        self.on_track = ok
        if min(self.sweeps) >= TURN - self.SLACK:
            self.complete(frame.t)

    @property
    def fraction(self) -> float:
        if self.status == "done":
            return 1.0
        return sum(min(1.0, max(0.0, s) / (TURN - self.SLACK)) for s in self.sweeps) / 2.0

    def quality(self) -> float:
        rms = math.sqrt(self.sum_sq / self.n) if self.n else self.spec.tolerance
        return clamp01(1.0 - 0.5 * rms / self.spec.tolerance)

    def metrics(self) -> dict[str, Quantity | str]:
        rms = math.sqrt(self.sum_sq / self.n) if self.n else 0.0
        return {
            "first_circle": Quantity(max(0.0, self.sweeps[0]) / TURN, "number", 2),
            "second_circle": Quantity(max(0.0, self.sweeps[1]) / TURN, "number", 2),
            "rms_error": Length(rms, 2),
        }

    def feedback(self) -> list[Message]:
        o = self.spec
        out = []
        if self.n and math.sqrt(self.sum_sq / self.n) > 0.4 * o.tolerance:
            out.append(Message(
                N_("you flew {distance} off the two circles (RMS): keep both circles the same "
                   "size and cross exactly at the middle"),
                {"distance": Length(math.sqrt(self.sum_sq / self.n))},
            ))  # fmt: skip
        if self.status != "done" and max(self.sweeps) >= TURN - self.SLACK:
            out.append(Message(
                N_("you flew only one circle of the eight: at the middle, reverse your turn and "
                   "circle the other way")
            ))  # fmt: skip
        return out


class LaneJudge(Judge):
    """spec.Lane: from start to end within the lane's width, height band and speed."""

    kind = "lane"
    spec: S.Lane

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        o = self.spec
        dx, dy = o.end[0] - o.start[0], o.end[1] - o.start[1]
        self.length = math.hypot(dx, dy)
        self.u = (dx / self.length, dy / self.length)
        self.entered = False
        self.inside = False
        self.fast = False
        self.along = 0.0
        self.n = 0
        self.sum_lat = 0.0
        self.max_speed = 0.0

    def update(self, frame: Frame) -> None:
        o = self.spec
        x, y, z = frame.position.tolist()
        rx, ry = x - o.start[0], y - o.start[1]
        along = rx * self.u[0] + ry * self.u[1]
        lateral = -rx * self.u[1] + ry * self.u[0]
        in_band = o.height_band[0] <= z <= o.height_band[1]
        inside = 0.0 <= along <= self.length and abs(lateral) <= o.width / 2.0 and in_band
        if inside:
            self.entered = True
            self.along = max(self.along, along)
            self.n += 1
            self.sum_lat += abs(lateral)
            speed = frame.velocity[0] * self.u[0] + frame.velocity[1] * self.u[1]
            self.max_speed = max(self.max_speed, float(speed))
            fast = o.max_speed is not None and speed > o.max_speed
            if fast and not self.fast:
                assert o.max_speed is not None
                self.error("too_fast", frame.t, limit=Speed(o.max_speed))
            self.fast = fast
        elif self.entered and self.inside and along < self.length:
            self.error("corridor_exit", frame.t)
        if self.entered and along >= self.length and abs(lateral) <= o.width / 2.0 and in_band:
            self.along = self.length
            self.complete(frame.t)
        self.inside = inside

    @property
    def fraction(self) -> float:
        return 1.0 if self.status == "done" else self.along / self.length

    def quality(self) -> float:
        if not self.n:
            return 0.0
        return clamp01(1.0 - 0.5 * (self.sum_lat / self.n) / (self.spec.width / 2.0))

    def metrics(self) -> dict[str, Quantity | str]:
        return {
            "mean_lateral_offset": Length(self.sum_lat / max(1, self.n), 2),
            "max_speed": Speed(self.max_speed),
        }

    def feedback(self) -> list[Message]:
        o = self.spec
        out = []
        mean = self.sum_lat / self.n if self.n else 0.0
        if mean > 0.25 * o.width:
            out.append(Message(
                N_("you flew {distance} from the lane's centre line on average: line the drone "
                   "up with the lane before you fly along it"),
                {"distance": Length(mean)},
            ))  # fmt: skip
        if o.max_speed is not None and self.max_speed > o.max_speed:
            out.append(Message(
                N_("you reached {speed} along the lane, over the {limit} the survey needs: "
                   "use less pitch"),
                {"speed": Speed(self.max_speed), "limit": Speed(o.max_speed)},
            ))  # fmt: skip
        return out
