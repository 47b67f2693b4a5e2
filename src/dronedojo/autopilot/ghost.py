"""The reference pilot ("ghost"): flies any exercise through the sticks, as a person would.

It reads the exercise as a trainee reads the briefing, turns each objective into *legs*
(arm and climb, fly to a point, hold, follow a circle, pass gates, line up on a target and
press the shutter, land and disarm) and flies them with :class:`~dronedojo.autopilot.hands.Hands`,
watching the objective display to know when an objective is done. Faults are answered as the
exercise expects (hold, land, return, stop), after the pilot's reaction time.

Skill (0-1) makes it a weaker pilot, each effect growing with 1 - skill: it judges the
drone's position less well (a slowly wandering error of up to 1.2 m across and 0.4 m in
height, as distance is misjudged from the ground), reacts later (sees the drone up to 0.25 s
late), its hands shake (stick noise up to 0.2, low-passed), it overshoots (position gain up
to x1.4 with less damping) and presses the shutter before the drone has settled. Same seed,
same flight.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from dronedojo.autopilot.hands import Hands, Reference
from dronedojo.exercises import spec as S
from dronedojo.exercises.frame import FRAME_DT, Frame
from dronedojo.exercises.objectives.base import wrap
from dronedojo.exercises.pilot import Command, Observation
from dronedojo.exercises.targets import targets, viewpoint

Array = NDArray[np.float64]


def _v(*xs: float) -> Array:
    return np.array(xs, dtype=float)


class Want:
    """What a leg asks for in one frame."""

    __slots__ = ("arm", "capture", "gimbal", "ref", "rth", "throttle")

    def __init__(
        self,
        ref: Reference | None,
        *,
        arm: bool = True,
        throttle: float | None = None,
        gimbal: float = 0.0,
        capture: bool = False,
        rth: bool = False,
    ) -> None:
        self.ref, self.arm, self.throttle = ref, arm, throttle
        self.gimbal, self.capture, self.rth = gimbal, capture, rth


Leg = Iterator[Want]
"""A leg yields one Want per frame until it is over."""
Until = Callable[[], bool]
"""A condition a leg waits for, checked every frame."""


class Ghost:
    """The reference pilot (see the module text)."""

    name = "ghost"

    def __init__(self, skill: float = 1.0) -> None:
        if not 0.0 <= skill <= 1.0:
            raise ValueError(f"skill must be within [0, 1], got {skill}")
        self.skill = skill

    # --- Pilot protocol --------------------------------------------------------------------
    def reset(self, exercise: S.Exercise, seed: int) -> None:
        self.ex = exercise
        lack = 1.0 - self.skill
        self.rng = np.random.default_rng([seed, 7919])
        self.hands = Hands(exercise.airframe, gain=1.0 + 0.4 * lack, damping=1.0 - 0.25 * lack)
        self.delay = round(0.25 * lack / FRAME_DT)
        self.noise_sd = 0.2 * lack
        self.noise = np.zeros(4)
        self.misjudge_sd = lack * np.array([1.2, 1.2, 0.4])  # m, stationary spread
        self.misjudge = self.rng.normal(0.0, 1.0, 3) * self.misjudge_sd
        self.settle = 1.0 + 4.0 * lack  # looser before pressing the shutter
        self.seen: deque[Frame] = deque(maxlen=self.delay + 1)
        self.obs: Observation | None = None
        self.frame: Frame | None = None
        self.mode = exercise.modes[0]
        self.targets = targets(exercise)
        self.band = self._altitude_band()
        self.legs = self._plan()
        self.leg: Leg | None = None
        self.interrupt: Leg | None = None
        self.responded: set[int] = set()

    def act(self, observation: Observation) -> Command:
        self.obs = observation
        self.seen.append(observation.frame)
        taken_in = self.seen[0]  # what the pilot has taken in: up to `delay` frames old
        if self.noise_sd > 0.0:  # the misjudged position wanders (first order, 4 s)
            b = FRAME_DT / 4.0
            shock = self.misjudge_sd * self.rng.normal(0.0, 1.0, 3) * math.sqrt(2.0 / b)
            self.misjudge += b * (shock - self.misjudge)
        if taken_in.position[2] > 1.0:  # judged against the sky; on the ground it is plain
            taken_in = replace(taken_in, position=taken_in.position + self.misjudge)
        self.frame = taken_in
        return self._command(self._next_want())

    # --- flying the plan ---------------------------------------------------------------------
    def _next_want(self) -> Want:
        self._check_faults()
        while True:
            leg = self.interrupt or self.leg
            if leg is None:
                if not self.legs:
                    return self._hover_here()
                self.leg = self.legs.pop(0)
                continue
            want = next(leg, None)
            if want is not None:
                return want
            if self.interrupt is not None:
                self.interrupt = None
            else:
                self.leg = None

    def _command(self, want: Want) -> Command:
        f = self.frame
        assert f is not None and self.obs is not None
        if want.ref is None:
            roll = pitch = yaw = 0.0
            throttle = want.throttle if want.throttle is not None else 0.0
        else:
            s = self.hands.sticks(
                self.obs.mode, want.ref, f.position, f.velocity, f.euler, FRAME_DT
            )
            roll, pitch, yaw, throttle = s.roll, s.pitch, s.yaw, s.throttle
            if want.throttle is not None:
                throttle = want.throttle
            if self.noise_sd > 0.0:  # the hands shake (low-passed, 0.3 s)
                a = FRAME_DT / 0.3
                self.noise += a * (self.rng.normal(0.0, self.noise_sd, 4) - self.noise)
                roll += self.noise[0]
                pitch += self.noise[1]
                yaw += self.noise[2]
                throttle += 0.3 * self.noise[3]
        return Command(roll, pitch, yaw, throttle, want.arm, self.mode, want.rth, want.gimbal,
                       want.capture)  # fmt: skip

    def _hover_here(self) -> Want:
        f = self._frame()
        if not f.armed:
            return Want(None, arm=False, throttle=0.0)
        return Want(Reference(f.position.copy(), _v(0, 0, 0), f.yaw, 0.0))

    def _frame(self) -> Frame:
        assert self.frame is not None
        return self.frame

    def _done(self, objective_id: str) -> bool:
        assert self.obs is not None
        return objective_id in self.obs.progress.done or (
            self.obs.progress.objective != objective_id
            and self.obs.progress.index > self._index(objective_id)
        )

    def _fraction(self, objective_id: str) -> float:
        """The progress the display shows for ``objective_id`` (0 unless it is current)."""
        assert self.obs is not None
        p = self.obs.progress
        return p.fraction if p.objective == objective_id else 0.0

    def _index(self, objective_id: str) -> int:
        for i, o in enumerate(self.ex.objectives):
            if S.objective_id(o, i) == objective_id:
                return i
        return -1

    # --- faults --------------------------------------------------------------------------------
    def _check_faults(self) -> None:
        f = self._frame()
        for i, o in enumerate(self.ex.objectives):
            if not isinstance(o, S.FaultResponse) or o.fault in self.responded:
                continue
            fault = self.ex.faults[o.fault]
            if f.t >= fault.at:
                self.responded.add(o.fault)
                self.interrupt = self._respond(o, S.objective_id(o, i), fault)

    def _respond(self, o: S.FaultResponse, oid: str, fault: S.FaultEvent) -> Leg:
        f = self._frame()
        here = f.position.copy()
        if fault.kind == "link_loss":
            yield from self._wait_link(fault)
            here = self._frame().position.copy()
        if o.expect in {"hold", "stop"}:
            until = self._frame().t + o.within_s + 1.0
            yield from self._hold_at(here, self._frame().yaw, lambda: self._frame().t >= until)
        elif o.expect == "land":
            pad = self.ex.world.pad(o.pad or "home")
            yield from self._land(pad, None)
        else:  # return
            pad = self.ex.world.pad(o.pad or "home")
            target = _v(*pad.center, max(3.0, here[2]))
            yield from self._goto(target, None, 4.0, 1.0)

    def _wait_link(self, fault: S.FaultEvent) -> Leg:
        """The link is lost: nothing the sticks do arrives; once it is back, take control
        again (the return-to-home switch on, then off, cancels the failsafe return)."""
        end = fault.at + (fault.duration or 0.0)
        while self._frame().t < end + 0.5:
            yield self._hold_want()
        for rth in (True, True, False):
            yield Want(None, throttle=0.5, rth=rth)

    def _hold_want(self) -> Want:
        f = self._frame()
        return Want(Reference(f.position.copy(), _v(0, 0, 0), f.yaw, 0.0), throttle=None)

    def _turn_to(self, yaw: float) -> Leg:
        """Turn on the spot to ``yaw``."""
        here = self._frame().position.copy()

        def facing() -> bool:
            return abs(wrap(yaw - self._frame().yaw)) < 0.1

        yield from self._hold_at(here, yaw, facing)

    def _wait(self, until: Until) -> Leg:
        """Hover where the drone is now until ``until()``."""
        f = self._frame()
        yield from self._hold_at(f.position.copy(), f.yaw, until)

    # --- the plan ------------------------------------------------------------------------------
    def _altitude_band(self) -> tuple[float, float]:
        lo, hi = 0.0, math.inf
        for o in self.ex.objectives:
            if isinstance(o, S.AltitudeBand):
                lo, hi = max(lo, o.min), min(hi, o.max)
        return lo, hi

    def _height(self, z: float) -> float:
        lo, hi = self.band
        margin = min(1.0, 0.25 * (hi - lo)) if math.isfinite(hi) else 1.0
        return min(max(z, lo + margin if lo > 0 else z), hi - margin)

    def _plan(self) -> list[Leg]:
        legs: list[Leg] = []
        for i, o in enumerate(self.ex.objectives):
            oid = S.objective_id(o, i)
            leg = self._leg(o, oid)
            if leg is not None:
                legs.append(leg)
        return legs

    def _leg(self, o: S.Objective, oid: str) -> Leg | None:  # noqa: PLR0911 - one per kind
        if isinstance(o, S.TakeOff):
            return self._take_off(o, oid)
        if isinstance(o, S.Hold):
            return self._hold(o, oid)
        if isinstance(o, S.Waypoints):
            return self._waypoints(o, oid)
        if isinstance(o, S.Gates):
            return self._gates(o, oid)
        if isinstance(o, S.Orbit):
            return self._orbit(o, oid)
        if isinstance(o, S.FigureEight):
            return self._figure_eight(o, oid)
        if isinstance(o, S.Lane):
            return self._lane(o, oid)
        if isinstance(o, S.Land):
            return self._land(self.ex.world.pad(o.pad), oid)
        if isinstance(o, S.Capture):
            return self._capture(o, oid)
        return None  # watchers: flown by the plan itself or by the fault response

    # --- legs ------------------------------------------------------------------------------------
    def _take_off(self, o: S.TakeOff, oid: str) -> Leg:
        for _ in range(10):
            yield Want(None, arm=False, throttle=0.0)
        for _ in range(10):
            yield Want(None, arm=True, throttle=0.0)
        f = self._frame()
        target = _v(f.position[0], f.position[1], self._height(o.height + 0.8))
        yaw = f.yaw
        while not self._done(oid):
            yield Want(Reference(target, _v(0, 0, 0), yaw, 2.0))

    def _goto(self, p: Array, yaw: float | None, speed: float, tolerance: float,
              settle: bool = False, until: Until | None = None) -> Leg:  # fmt: skip
        """Fly the straight line to ``p`` (nose along the way when ``yaw`` is None) until
        within ``tolerance`` (and slow, with ``settle``) or ``until()``: the reference is a
        point running ahead on the line, so the climb and the distance end together."""
        start = self._frame().position.copy()
        line = p - start
        length = float(np.linalg.norm(line))
        direction = line / length if length > 1e-6 else np.zeros(3)
        lookahead = 1.5
        while True:
            f = self._frame()
            d = p - f.position
            dist = float(np.linalg.norm(d))
            if dist < tolerance and (not settle or f.speed < 0.3):
                return
            if until is not None and until():
                return
            heading = (
                yaw
                if yaw is not None
                else (math.atan2(d[1], d[0]) if math.hypot(d[0], d[1]) > 1.0 else f.yaw)
            )
            along = float(np.dot(f.position - start, direction))
            if length - along > lookahead:
                carrot = start + direction * max(0.0, along + lookahead)
                yield Want(Reference(carrot, direction * speed, heading, speed))
            else:
                yield Want(Reference(p, _v(0, 0, 0), heading, speed))

    def _hold_at(self, p: Array, yaw: float, until: Until) -> Leg:
        stop = until  # a callable
        while not stop():
            yield Want(Reference(p, _v(0, 0, 0), yaw, 1.5))

    def _heading(self, rule: str, p: Array, fixed: float | None) -> float:
        pilot = np.asarray(self.ex.view.pilot, dtype=float)
        away = math.atan2(p[1] - pilot[1], p[0] - pilot[0])
        if rule == "tail_in":
            return away
        if rule == "nose_in":
            return away + math.pi
        if rule == "side_on":
            return away + math.pi / 2.0
        if rule == "fixed":
            assert fixed is not None
            return math.radians(fixed)
        return self._frame().yaw

    def _hold(self, o: S.Hold, oid: str) -> Leg:
        p = np.asarray(o.zone.center, dtype=float).copy()
        p[2] = self._height(p[2])
        yaw = self._heading(o.heading, p, o.yaw_deg)
        yield from self._goto(p, yaw if o.heading != "any" else None, 3.0, 0.5)
        yaw = self._heading(o.heading, p, o.yaw_deg) if o.heading != "any" else self._frame().yaw
        yield from self._hold_at(p, yaw, lambda: self._done(oid))

    def _waypoints(self, o: S.Waypoints, oid: str) -> Leg:
        speed = 2.5 if self.hands.camera else 3.0
        n = len(o.waypoints)
        for k, point in enumerate(o.waypoints):
            p = np.asarray(point, dtype=float)
            p[2] = self._height(p[2])
            fixed = self._heading(o.heading, p, o.yaw_deg) if o.heading != "any" else None
            if fixed is not None:  # turn on the spot first
                yield from self._turn_to(fixed)

            def reached(k: int = k, p: Array = p) -> bool:
                """Shown reached on the display, and close enough to turn for the next."""
                shown = self._done(oid) or self._fraction(oid) >= (k + 1) / n - 1e-9
                near = float(np.linalg.norm(p - self._frame().position)) < 0.4 * o.radius
                return shown and (near or k == n - 1)

            yield from self._goto(p, fixed, speed, 0.0, until=reached)
        yield from self._wait(lambda: self._done(oid))

    def _path(self, points: list[Array], speed: float, lookahead: float, until: Until) -> Leg:
        """Follow the polyline ``points`` at ``speed``: a carrot ``lookahead`` ahead."""
        i = 0
        while not until():
            f = self._frame()
            p = f.position
            while i < len(points) - 1:
                a, b = points[i], points[i + 1]
                ab = b - a
                s = float(np.dot(p - a, ab) / max(1e-9, float(np.dot(ab, ab))))
                if s < 1.0:
                    break
                i += 1
            if i >= len(points) - 1:
                yield Want(Reference(points[-1], _v(0, 0, 0), f.yaw, speed))
                if float(np.linalg.norm(points[-1] - p)) < 0.5:
                    return
                continue
            a, b = points[i], points[i + 1]
            ab = b - a
            length = float(np.linalg.norm(ab))
            s = float(np.clip(np.dot(p - a, ab) / (length * length), 0.0, 1.0))
            carrot = a + ab * min(1.0, s + lookahead / length)
            direction = ab / length
            heading = math.atan2(direction[1], direction[0])
            yield Want(Reference(carrot, direction * speed, heading, speed))

    def _gates(self, o: S.Gates, oid: str) -> Leg:
        """Through the gate the display calls next, lined up on it; a missed gate is flown
        again from its front, round the side."""
        # m/s: HORIZON turns into rate mode at large sticks, so it is flown gently there
        speed = 2.5 if self.hands.camera else 3.0 if self.mode == "horizon" else 4.5
        sequence = list(o.gates) * o.laps

        def next_gate() -> int:
            return min(len(sequence) - 1, round(self._fraction(oid) * len(sequence)))

        while not self._done(oid):
            k = next_gate()
            g = self.ex.world.gate(sequence[k])
            c = np.asarray(g.center, dtype=float)
            yaw = math.radians(g.yaw_deg)
            h = _v(math.cos(yaw), math.sin(yaw), 0.0)
            side = _v(-h[1], h[0], 0.0)
            p = self._frame().position.copy()
            s0 = float(np.dot(p - c, h))
            points = [p]
            if s0 > -0.5:  # beyond the gate (missed): round its side to the front
                points += [c + 3.0 * h + 3.0 * side, c - 6.0 * h + 3.0 * side]
            if s0 < -6.0 or s0 > -0.5:
                points.append(c - 6.0 * h)
            if s0 < -2.5 or s0 > -0.5:
                points.append(c - 2.5 * h)
            points += [c, c + 2.5 * h]

            def passed(k: int = k) -> bool:
                return self._done(oid) or next_gate() != k

            yield from self._path(points, speed, 1.5, passed)

    def _circle(self, center: Array, radius: float, height: float, sense: float,
                face_center: bool, until: Until) -> Leg:  # fmt: skip
        """Fly round ``center`` (counter-clockwise for sense +1) until ``until()``."""
        speed = min(3.0, 0.9 * math.sqrt(radius * 2.5))
        omega = sense * speed / radius
        lead = 0.1
        while not until():
            f = self._frame()
            phase = math.atan2(f.position[1] - center[1], f.position[0] - center[0])
            ahead = phase + omega * lead
            p = _v(center[0] + radius * math.cos(ahead), center[1] + radius * math.sin(ahead),
                   height)  # fmt: skip
            tangent = _v(-math.sin(ahead), math.cos(ahead), 0.0) * sense * speed
            inward = _v(-math.cos(phase), -math.sin(phase), 0.0) * (speed * speed / radius)
            yaw = phase + math.pi if face_center else math.atan2(tangent[1], tangent[0])
            yield Want(Reference(p, tangent, yaw, speed + 1.0, inward))

    def _orbit(self, o: S.Orbit, oid: str) -> Leg:
        c = _v(*o.center, 0.0)
        h = self._height(o.height)
        start = _v(c[0], c[1] - o.radius, h)
        f = self._frame()
        phase = math.atan2(f.position[1] - c[1], f.position[0] - c[0])
        if math.hypot(f.position[0] - c[0], f.position[1] - c[1]) > 0.5:
            start = _v(c[0] + o.radius * math.cos(phase), c[1] + o.radius * math.sin(phase), h)
        yaw = math.atan2(c[1] - start[1], c[0] - start[0]) if o.camera_on_center else None
        yield from self._goto(start, yaw, 3.0, 0.6, settle=True)
        sense = -1.0 if o.direction == "cw" else 1.0
        yield from self._circle(c, o.radius, h, sense, o.camera_on_center, lambda: self._done(oid))

    def _figure_eight(self, o: S.FigureEight, oid: str) -> Leg:
        axis = math.radians(o.axis_deg)
        u = _v(math.cos(axis), math.sin(axis), 0.0)
        c = _v(*o.center, 0.0)
        c1, c2 = c + u * o.radius, c - u * o.radius
        h = self._height(o.height)
        yield from self._goto(_v(c[0], c[1], h), None, 3.0, 0.5, settle=True)
        swept = [0.0]

        def lobe_done(center: Array, sense: float) -> Until:
            last: list[float | None] = [None]

            def check() -> bool:
                if self._done(oid):
                    return True
                p = self._frame().position
                a = math.atan2(p[1] - center[1], p[0] - center[0])
                previous = last[0]
                if previous is not None:
                    swept[0] += sense * wrap(a - previous)
                last[0] = a
                return swept[0] > 2.0 * math.pi + 0.3

            return check

        swept[0] = 0.0
        yield from self._circle(c1, o.radius, h, 1.0, False, lobe_done(c1, 1.0))
        swept[0] = 0.0
        yield from self._circle(c2, o.radius, h, -1.0, False, lambda: self._done(oid))

    def _lane(self, o: S.Lane, oid: str) -> Leg:
        lo, hi = o.height_band
        h = self._height(0.5 * (lo + hi))
        a, b = _v(*o.start, h), _v(*o.end, h)
        speed = min(4.0, 0.7 * o.max_speed) if o.max_speed else 4.0
        d = (b - a) / max(1e-9, float(np.linalg.norm(b - a)))
        yield from self._goto(a - 1.0 * d, math.atan2(d[1], d[0]), 3.0, 0.8, settle=False)
        yield from self._path([a - 1.0 * d, b + 3.0 * d], speed, 3.0, lambda: self._done(oid))
        yield from self._wait(lambda: self._done(oid))

    def _land(self, pad: S.Pad, oid: str | None) -> Leg:
        f = self._frame()
        above = _v(pad.center[0], pad.center[1], max(2.0, min(f.position[2], 6.0)))
        yield from self._goto(above, None, 3.0, 0.3, settle=True)
        yaw = self._frame().yaw
        while True:
            f = self._frame()
            # on the ground; a quad resting on its thrust may not press on it yet
            resting = f.position[2] < 0.15 and abs(float(f.velocity[2])) < 0.1
            if resting or (f.contact and f.position[2] < 0.5):
                break
            z = f.position[2]
            vz = -0.8 if z > 2.5 else -0.4 if z > 1.0 else -0.25
            target = _v(pad.center[0], pad.center[1], z + vz * 0.5)
            yield Want(Reference(target, _v(0, 0, vz), yaw, 1.0))
        for _ in range(round(2.0 / FRAME_DT)):
            yield Want(None, arm=True, throttle=0.0)
            if not self._frame().armed:
                break
        while oid is None or not self._done(oid):
            yield Want(None, arm=False, throttle=0.0)
            if oid is None:
                return

    def _capture(self, o: S.Capture, oid: str) -> Leg:
        lo, hi = o.altitude if o.altitude is not None else (1.5, 8.0)
        wanted_height = 0.5 * (lo + hi)
        for name in o.targets:
            bucket = self.targets[name]
            distance = _distance_for_height(bucket, wanted_height)
            position, yaw, pitch = viewpoint(bucket, distance, self.ex.camera,
                                             yaw_for_up=self._frame().yaw)  # fmt: skip
            yield from self._goto(position, yaw, 3.0, 0.6, settle=False)
            calm = 0
            waited = 0
            while True:
                f = self._frame()
                err = float(np.linalg.norm(position - f.position))
                yaw_err = abs(wrap(yaw - f.yaw))
                ok = (
                    err < 0.12 * self.settle
                    and f.speed < 0.15 * self.settle
                    and yaw_err < 0.03 * self.settle
                )
                calm = calm + 1 if ok else 0
                waited += 1
                if calm >= 5 or waited > round(8.0 / FRAME_DT):
                    break
                yield Want(Reference(position, _v(0, 0, 0), yaw, 1.0), gimbal=pitch)
            yield Want(Reference(position, _v(0, 0, 0), yaw, 1.0), gimbal=pitch, capture=True)
        yield from self._wait(lambda: self._done(oid))


def _distance_for_height(bucket: object, height: float) -> float:
    """Distance along the bucket's axis from its ring at which the camera is at ``height``."""
    axis = bucket.axis  # type: ignore[attr-defined]
    bottom = bucket.bottom  # type: ignore[attr-defined]
    if axis[2] <= 0.05:
        return 2.0
    return max(1.0, (height - float(bottom[2])) / float(axis[2]))
