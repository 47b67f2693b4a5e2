"""Judge of the capture objective: called targets photographed whole, one attempt each."""

from __future__ import annotations

from collections import Counter

from dronedojo.exercises import spec as S
from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Count, Duration, Message, Quantity
from dronedojo.exercises.objectives.base import Context, Judge
from dronedojo.exercises.targets import judge_capture, targets
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


class CaptureJudge(Judge):
    """spec.Capture (see its text)."""

    kind = "capture"
    spec: S.Capture

    def __init__(self, spec: S.Objective, index: int, ctx: Context) -> None:
        super().__init__(spec, index, ctx)
        self.buckets = targets(ctx.exercise)
        self.call = 0
        self.captured = 0
        self.reasons: Counter[str] = Counter()

    @property
    def current_target(self) -> str | None:
        """The target called now (None once every target has had its attempt)."""
        return self.spec.targets[self.call] if self.call < len(self.spec.targets) else None

    def start(self, frame: Frame) -> None:
        super().start(frame)
        self.ctx.event(frame.t, "target_called", self.id, target=self.spec.targets[0])

    def update(self, frame: Frame) -> None:
        if not frame.capture or self.current_target is None:
            return
        name = self.current_target
        band = self.spec.altitude
        if band is not None and not band[0] <= frame.height <= band[1]:
            whole, reason = False, "altitude"
        else:
            check = judge_capture(frame.position, frame.yaw, frame.gimbal, self.buckets[name],
                                  self.ctx.exercise.camera)  # fmt: skip
            whole, reason = check.whole, check.reason
        self.ctx.event(frame.t, "capture", self.id, target=name, whole=int(whole), reason=reason)
        if whole:  # a missed capture costs its point, not an error (as on the test lane)
            self.captured += 1
        else:
            self.reasons[reason] += 1
        self.call += 1
        if self.current_target is None:
            self.complete(frame.t)
        else:
            self.ctx.event(frame.t, "target_called", self.id, target=self.current_target)

    @property
    def fraction(self) -> float:
        return self.call / len(self.spec.targets)

    def quality(self) -> float:
        return self.captured / len(self.spec.targets)

    def metrics(self) -> dict[str, Quantity | str]:
        called = len(self.spec.targets)
        out: dict[str, Quantity | str] = {
            "captured": Count(self.captured),
            "called": Count(called),
            "accuracy": Quantity(100.0 * self.captured / called, "percent", 0),
        }
        if self.call and self.started_at is not None and self.ended_at is not None:
            out["time_per_capture"] = Duration((self.ended_at - self.started_at) / self.call)
        return out

    def feedback(self) -> list[Message]:
        return [
            Message(ADVICE[reason], {"count": Count(n)}) for reason, n in self.reasons.most_common()
        ]
