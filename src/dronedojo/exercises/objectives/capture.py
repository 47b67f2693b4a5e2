"""Judge of the capture objective: the called targets photographed whole, one attempt each.

The targets are called in the order the objective lists them. Each press of the capture
button (a frame with ``capture`` set) is the attempt at the target called then, judged by ray
geometry (exercises/targets.py); whole or not, the next target is called. A missed attempt
costs its share of the points and is no error: on the test lane a miss is a lost point, and
the pass mark (80 % of 40 allows 8 misses) would clash with the 7-minor-error rule.
"""

from __future__ import annotations

from collections import Counter

from dronedojo.exercises import spec as S
from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Count, Duration, Message, Quantity
from dronedojo.exercises.objectives.base import Context, Judge
from dronedojo.exercises.targets import Bucket, judge_capture, targets
from dronedojo.i18n import N_

ADVICE = {
    "rim_blocks": N_("the bucket's rim hid part of the ring on {count} captures: line up "
                     "with the bucket's opening before you press"),
    "too_small": N_("the ring was too small in the picture on {count} captures: fly closer"),
    "out_of_frame": N_("the target was outside the picture on {count} captures: centre it "
                       "before you press"),
    "behind": N_("the target was behind the camera on {count} captures: turn to face it and "
                 "tilt the camera towards it"),
    "altitude": N_("you were outside the height band on {count} captures: climb or descend "
                   "to the called height first"),
}  # fmt: skip
"""Advice by reason of a missed attempt (targets.judge_capture's reasons and ``altitude``)."""


class CaptureJudge(Judge):
    """spec.Capture: one attempt per called target; quality captured / called."""

    kind = "capture"
    spec: S.Capture

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        every = targets(ctx.exercise)
        self.called: tuple[str, ...] = self.spec.targets
        self.buckets: dict[str, Bucket] = {name: every[name] for name in self.called}
        self.call = 0
        """Index in ``called`` of the target called now (= attempts made)."""
        self.captured = 0
        self.misses: Counter[str] = Counter()
        """Missed attempts by reason."""
        self.last_attempt: float | None = None
        """s: time of the latest attempt."""

    @property
    def current_target(self) -> str | None:
        """The target called now (None once every target has had its attempt)."""
        return self.called[self.call] if self.call < len(self.called) else None

    def start(self, frame: Frame) -> None:
        super().start(frame)
        self.ctx.event(frame.t, "target_called", self.id, target=self.called[0])

    def update(self, frame: Frame) -> None:
        name = self.current_target
        if not frame.capture or name is None:
            return
        band = self.spec.altitude
        if band is not None and not band[0] <= frame.height <= band[1]:
            whole, reason = False, "altitude"
        else:
            check = judge_capture(frame.position, frame.yaw, frame.gimbal, self.buckets[name],
                                  self.ctx.exercise.camera)  # fmt: skip
            whole, reason = check.whole, check.reason
        self.ctx.event(frame.t, "capture", self.id, target=name, whole=whole, reason=reason)
        if whole:
            self.captured += 1
        else:
            self.misses[reason] += 1
        self.call += 1
        self.last_attempt = frame.t
        following = self.current_target
        if following is None:
            self.complete(frame.t)
        else:
            self.ctx.event(frame.t, "target_called", self.id, target=following)

    @property
    def fraction(self) -> float:
        """Attempts made / targets called."""
        return self.call / len(self.called)

    def quality(self) -> float:
        """Targets captured whole / targets called."""
        return self.captured / len(self.called)

    def metrics(self) -> dict[str, Quantity | str]:
        called = len(self.called)
        out: dict[str, Quantity | str] = {
            "captured": Count(self.captured),
            "called": Count(called),
            "accuracy": Quantity(100.0 * self.captured / called, "percent", 0),
        }
        if self.call and self.started_at is not None and self.last_attempt is not None:
            out["time_per_capture"] = Duration((self.last_attempt - self.started_at) / self.call)
        return out

    def feedback(self) -> list[Message]:
        """One piece of advice per reason of missed attempts, the most frequent first."""
        order = list(ADVICE)
        reasons = sorted(self.misses, key=lambda r: (-self.misses[r], order.index(r)))
        return [Message(ADVICE[r], {"count": Count(self.misses[r])}) for r in reasons]
