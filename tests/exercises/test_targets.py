"""Target stands and the capture rule: exact bucket geometry, the ring seen through the bucket's
mouth by a pinhole camera, and the capture judge over synthetic frames."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from dronedojo.exercises import frame as F
from dronedojo.exercises.frame import Frame
from dronedojo.exercises.messages import Quantity
from dronedojo.exercises.objectives.base import Context
from dronedojo.exercises.objectives.capture import ADVICE, CaptureJudge
from dronedojo.exercises.spec import Camera, Exercise, Stand
from dronedojo.exercises.targets import (
    Bucket,
    buckets,
    judge_capture,
    max_range,
    targets,
    viewpoint,
)
from tests.exercises.frames import exercise

STAND = Stand(name="1", center=(10.0, 0.0), height=1.0, facing_deg=180.0, tilt_deg=45.0)
CAMERA = Camera()
F_PX = (CAMERA.width_px / 2.0) / math.tan(math.radians(CAMERA.fov_deg) / 2.0)
"""The camera's focal length in pixels, worked out here independently of targets.py."""
S45 = math.sin(math.radians(45.0))


def _bucket(letter: str) -> Bucket:
    return {b.name: b for b in buckets(STAND)}[f"1{letter}"]


def _look_at(position: np.ndarray, point: np.ndarray) -> tuple[float, float]:
    """(yaw, pitch) of a camera at ``position`` looking at ``point``."""
    d = point - position
    return math.atan2(d[1], d[0]), math.atan2(d[2], math.hypot(d[0], d[1]))


# --- the stand's buckets ------------------------------------------------------------------------
def test_buckets_of_a_stand_facing_west_tilted_45_degrees() -> None:
    a, b, c, d, up = buckets(STAND)
    assert [x.name for x in (a, b, c, d, up)] == ["1A", "1B", "1C", "1D", "1up"]
    assert {x.stand for x in (a, b, c, d, up)} == {"1"}
    # A opens towards facing_deg (west), then B, C, D clockwise seen from above: N, E, S
    np.testing.assert_allclose(a.axis, (-S45, 0.0, S45), atol=1e-12)
    np.testing.assert_allclose(b.axis, (0.0, S45, S45), atol=1e-12)
    np.testing.assert_allclose(c.axis, (S45, 0.0, S45), atol=1e-12)
    np.testing.assert_allclose(d.axis, (0.0, -S45, S45), atol=1e-12)
    np.testing.assert_allclose(up.axis, (0.0, 0.0, 1.0), atol=1e-12)
    # mouths at the post's top height, out until the bottom edge reaches the post's axis:
    # depth sin 45 + radius cos 45; the up one a bucket's depth above the top
    out = (STAND.bucket_depth + STAND.bucket_radius) * S45
    np.testing.assert_allclose(a.mouth, (10.0 - out, 0.0, 1.0), atol=1e-12)
    np.testing.assert_allclose(b.mouth, (10.0, out, 1.0), atol=1e-12)
    np.testing.assert_allclose(c.mouth, (10.0 + out, 0.0, 1.0), atol=1e-12)
    np.testing.assert_allclose(d.mouth, (10.0, -out, 1.0), atol=1e-12)
    np.testing.assert_allclose(up.mouth, (10.0, 0.0, 1.35), atol=1e-12)
    depth = STAND.bucket_depth
    bottom_a = (10.0 - out + depth * S45, 0.0, 1.0 - depth * S45)
    np.testing.assert_allclose(a.bottom, bottom_a, atol=1e-12)
    np.testing.assert_allclose(up.bottom, (10.0, 0.0, 1.0), atol=1e-12)
    # the bottom edge of A's bucket just reaches the post's axis
    np.testing.assert_allclose(a.bottom[0] + STAND.bucket_radius * S45, 10.0, atol=1e-12)
    for x in (a, b, c, d, up):
        assert np.linalg.norm(x.axis) == pytest.approx(1.0, abs=1e-12)
        assert (x.radius, x.depth, x.ring_radius) == (0.15, 0.35, 0.12)


@pytest.mark.parametrize("letter", ["A", "B", "C", "D", "up"])
def test_ring_points_lie_on_the_ring_in_the_bottom(letter: str) -> None:
    bucket = _bucket(letter)
    points = bucket.ring_points(12)
    assert points.shape == (12, 3)
    rel = points - bucket.bottom
    np.testing.assert_allclose(rel @ bucket.axis, 0.0, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(rel, axis=1), bucket.ring_radius, atol=1e-12)
    # evenly spaced: neighbouring points are all the same chord apart
    chords = np.linalg.norm(np.roll(points, 1, axis=0) - points, axis=1)
    np.testing.assert_allclose(chords, 2 * bucket.ring_radius * math.sin(math.pi / 12))


def test_targets_names_every_bucket_of_every_stand() -> None:
    ex = _exercise(
        ["1A"], stands=[{"name": "1", "center": [10, 0]}, {"name": "2", "center": [20, 0]}]
    )
    assert sorted(targets(ex)) == sorted(
        f"{s}{b}" for s in "12" for b in ("A", "B", "C", "D", "up")
    )


# --- the camera's view ------------------------------------------------------------------------
@pytest.mark.parametrize("letter", ["A", "C", "up"])
@pytest.mark.parametrize("distance", [1.0, 3.0, 7.5])
def test_on_the_axis_the_ring_is_whole_and_its_size_is_the_pinhole_value(
    letter: str, distance: float
) -> None:
    bucket = _bucket(letter)
    position = bucket.bottom + distance * bucket.axis
    yaw, pitch = _look_at(position, bucket.bottom)
    if letter == "up":
        yaw, pitch = 0.3, -math.pi / 2
    check = judge_capture(position, yaw, pitch, bucket, CAMERA)
    assert check.whole and check.reason == "ok"
    assert check.ring_px == pytest.approx(2 * bucket.ring_radius * F_PX / distance, abs=1e-9)


def test_seventy_degrees_off_the_axis_the_rim_hides_the_ring() -> None:
    bucket = _bucket("A")
    side = np.cross(bucket.axis, (0.0, 0.0, 1.0))
    side /= np.linalg.norm(side)
    off = math.radians(70.0)
    position = bucket.bottom + 3.0 * (math.cos(off) * bucket.axis + math.sin(off) * side)
    yaw, pitch = _look_at(position, bucket.bottom)
    check = judge_capture(position, yaw, pitch, bucket, CAMERA)
    assert (check.whole, check.reason) == (False, "rim_blocks")
    assert check.ring_px > CAMERA.min_ring_px  # in the picture and big enough: only the rim


def test_below_the_mouth_the_rim_hides_the_ring() -> None:
    bucket = _bucket("up")
    position = bucket.bottom + np.array([2.0, 0.0, 0.1])  # beside the bucket, under its rim
    yaw, pitch = _look_at(position, bucket.bottom)
    assert judge_capture(position, yaw, pitch, bucket, CAMERA).reason == "rim_blocks"


def test_looking_away_the_ring_is_behind() -> None:
    bucket = _bucket("A")
    position = bucket.bottom + 3.0 * bucket.axis
    yaw, pitch = _look_at(position, bucket.bottom)
    check = judge_capture(position, yaw + math.pi, -pitch, bucket, CAMERA)
    assert (check.whole, check.reason, check.ring_px) == (False, "behind", 0.0)
    # level and turned a right angle away: the ring is beside the camera, partly behind
    beside = judge_capture(bucket.bottom + np.array([0.0, 3.0, 0.0]), 0.0, 0.0, bucket, CAMERA)
    assert beside.reason == "behind"


def test_at_the_edge_of_the_picture_the_ring_is_out_of_frame() -> None:
    bucket = _bucket("A")
    distance = 3.0
    position = bucket.bottom + distance * bucket.axis
    yaw, pitch = _look_at(position, bucket.bottom)
    # pitching up by delta puts the ring's lowest point (alpha below the view) at the bottom
    # edge of the picture when tan(alpha + delta) f = height_px / 2
    alpha = math.atan(bucket.ring_radius / distance)
    delta = math.atan(CAMERA.height_px / 2 / F_PX) - alpha
    inside = judge_capture(position, yaw, pitch + delta - 1e-4, bucket, CAMERA)
    assert inside.reason == "ok"
    outside = judge_capture(position, yaw, pitch + delta + 1e-4, bucket, CAMERA)
    assert (outside.whole, outside.reason) == (False, "out_of_frame")


def test_out_of_frame_takes_precedence_over_the_rim() -> None:
    bucket = _bucket("C")
    position = bucket.bottom + 3.0 * bucket.axis
    yaw, pitch = _look_at(position, bucket.bottom)
    # the same view moved sideways until the ring's centre is on the picture's right edge
    right = np.array([math.sin(yaw), -math.cos(yaw), 0.0])  # the camera's right, level
    shifted = position - right * 3.0 * (CAMERA.width_px / 2) / F_PX
    assert judge_capture(shifted, yaw, pitch, bucket, CAMERA).reason == "out_of_frame"
    nearer = position - right * 3.0 * 0.5 * (CAMERA.width_px / 2) / F_PX
    assert judge_capture(nearer, yaw, pitch, bucket, CAMERA).reason == "rim_blocks"


def test_beyond_max_range_the_ring_is_too_small() -> None:
    for bucket in buckets(STAND):
        limit = max_range(bucket, CAMERA)
        assert limit == pytest.approx(2 * bucket.ring_radius * F_PX / CAMERA.min_ring_px)
        position, yaw, pitch = viewpoint(bucket, limit * 1.001, CAMERA)
        far = judge_capture(position, yaw, pitch, bucket, CAMERA)
        assert (far.whole, far.reason) == (False, "too_small")
        assert far.ring_px < CAMERA.min_ring_px
        position, yaw, pitch = viewpoint(bucket, limit * 0.999, CAMERA)
        near = judge_capture(position, yaw, pitch, bucket, CAMERA)
        assert (near.whole, near.reason) == (True, "ok")
    assert max_range(_bucket("A"), CAMERA) == pytest.approx(13.2523, abs=1e-4)


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize("distance", [1.5, 3.0, 5.0])
def test_from_the_viewpoint_the_ring_is_whole(index: int, distance: float) -> None:
    bucket = buckets(STAND)[index]
    position, yaw, pitch = viewpoint(bucket, distance, CAMERA, yaw_for_up=1.0)
    np.testing.assert_allclose(position, bucket.bottom + distance * bucket.axis, atol=1e-12)
    assert -math.pi / 2 <= pitch <= 0.0
    if bucket.name == "1up":
        assert (yaw, pitch) == (1.0, -math.pi / 2)
    else:
        assert pitch == pytest.approx(-math.radians(45.0), abs=1e-12)
    check = judge_capture(position, yaw, pitch, bucket, CAMERA)
    assert (check.whole, check.reason) == (True, "ok")
    assert check.ring_px == pytest.approx(2 * bucket.ring_radius * F_PX / distance, abs=1e-9)


# --- the capture judge ----------------------------------------------------------------------
def _exercise(called: list[str], altitude: list[float] | None = None,
              stands: list[dict[str, Any]] | None = None) -> Exercise:  # fmt: skip
    capture: dict[str, Any] = {"kind": "capture", "targets": called}
    if altitude is not None:
        capture["altitude"] = altitude
    default = [{"name": "1", "center": [10, 0], "facing_deg": 180}]
    return exercise([capture], world={"stands": stands or default})


def _row(t: float, position: np.ndarray | tuple[float, float, float], yaw: float = 0.0,
         gimbal: float = 0.0, capture: bool = False) -> np.ndarray:  # fmt: skip
    r = np.zeros(F.FRAME_SIZE)
    r[F.C_TIME] = t
    r[F.C_POS : F.C_POS + 3] = position
    r[F.C_QUAT : F.C_QUAT + 4] = (math.cos(yaw / 2), 0.0, 0.0, math.sin(yaw / 2))
    r[F.C_ARMED] = 1.0
    r[F.C_SOC] = 1.0
    r[F.C_GIMBAL] = gimbal
    r[F.C_CAPTURE] = 1.0 if capture else 0.0
    return r


def _shot(t: float, letter: str, distance: float = 3.0) -> Frame:
    """The button pressed from the viewpoint of bucket ``letter`` of stand 1."""
    position, yaw, pitch = viewpoint(_bucket(letter), distance, CAMERA)
    return Frame.of(_row(t, position, yaw, pitch, capture=True))


def _judge(ex: Exercise) -> CaptureJudge:
    judge = CaptureJudge(ex.objectives[0], 0, Context(ex))
    judge.start(Frame.of(_row(0.0, (0.0, 0.0, 3.0))))
    return judge


def test_capture_judge_counts_captures_and_advances_on_a_miss() -> None:
    judge = _judge(_exercise(["1A", "1up", "1C"]))
    ctx = judge.ctx
    assert judge.current_target == "1A"
    for i in range(1, 10):  # no button: nothing is judged
        judge.update(Frame.of(_row(0.1 * i, (4.0, 0.0, 3.0), capture=False)))
    assert (judge.current_target, judge.fraction, judge.status) == ("1A", 0.0, "active")
    judge.update(_shot(1.0, "A"))
    assert (judge.current_target, judge.captured) == ("1up", 1)
    assert judge.fraction == pytest.approx(1 / 3)
    judge.update(_shot(2.0, "A"))  # 1up is called: a picture of 1A misses it, 1C is next
    assert (judge.current_target, judge.captured) == ("1C", 1)
    assert ctx.errors == []  # a miss costs its point, not an error
    judge.update(Frame.of(_row(2.5, (0.0, 0.0, 3.0))))
    judge.update(_shot(3.0, "C", 5.0))
    assert judge.status == "done"
    assert judge.current_target is None
    assert judge.fraction == 1.0
    judge.update(_shot(4.0, "C"))  # every target has had its attempt: ignored
    captures = [e for e in ctx.events if e.kind == "capture"]
    assert [(e.t, e.params["target"], e.params["whole"]) for e in captures] == [
        (1.0, "1A", True), (2.0, "1up", False), (3.0, "1C", True),
    ]  # fmt: skip
    assert captures[0].params["reason"] == "ok"
    assert [e.params["target"] for e in ctx.events if e.kind == "target_called"] == [
        "1A", "1up", "1C",
    ]  # fmt: skip
    assert ctx.errors == []
    assert judge.quality() == pytest.approx(2 / 3)
    assert judge.earned == pytest.approx(10.0 * 2 / 3)
    m = judge.metrics()
    assert isinstance(m["accuracy"], Quantity)
    assert (m["captured"], m["called"]) == (Quantity(2, "count", 0), Quantity(3, "count", 0))
    assert m["accuracy"].kind == "percent"
    assert m["accuracy"].value == pytest.approx(200 / 3)
    assert m["time_per_capture"] == Quantity(1.0, "duration", 1)


def _off_axis(t: float, letter: str, angle: float = 1.2) -> Frame:
    """The button pressed 3 m from the ring of ``letter``, ``angle`` rad off its axis."""
    bucket = _bucket(letter)
    side = np.cross(bucket.axis, (0.0, 0.0, 1.0))
    side /= np.linalg.norm(side)
    position = bucket.bottom + 3.0 * (math.cos(angle) * bucket.axis + math.sin(angle) * side)
    yaw, pitch = _look_at(position, bucket.bottom)
    return Frame.of(_row(t, position, yaw, pitch, capture=True))


def test_capture_judge_feedback_names_the_commonest_miss_first() -> None:
    judge = _judge(_exercise(["1A", "1B", "1C", "1D"]))
    judge.update(_shot(1.0, "A", 20.0))  # too far
    judge.update(_off_axis(2.0, "B"))
    judge.update(_off_axis(3.0, "C"))
    judge.update(_shot(4.0, "D"))
    reasons = [e.params["reason"] for e in judge.ctx.events if e.kind == "capture"]
    assert reasons == ["too_small", "rim_blocks", "rim_blocks", "ok"]
    assert [(m.text, m.params) for m in judge.feedback()] == [
        (ADVICE["rim_blocks"], {"count": Quantity(2, "count", 0)}),
        (ADVICE["too_small"], {"count": Quantity(1, "count", 0)}),
    ]
    assert judge.ctx.errors == []
    assert judge.quality() == pytest.approx(1 / 4)


def test_capture_outside_the_altitude_band_does_not_score() -> None:
    judge = _judge(_exercise(["1A", "1A", "1up"], altitude=[2.0, 4.0]))
    high = _shot(1.0, "A", 5.0)  # a whole picture, but 4.3 m above the ground
    assert high.height > 4.0
    assert judge_capture(high.position, high.yaw, high.gimbal, _bucket("A"), CAMERA).whole
    judge.update(high)
    in_band = _shot(2.0, "A", 3.0)
    assert 2.0 <= in_band.height <= 4.0
    judge.update(in_band)
    low = _shot(3.0, "up", 0.8)  # whole from 1.55 m: below the band
    assert low.height < 2.0
    assert judge_capture(low.position, low.yaw, low.gimbal, _bucket("up"), CAMERA).whole
    judge.update(low)
    captures = [e.params for e in judge.ctx.events if e.kind == "capture"]
    assert [(c["whole"], c["reason"]) for c in captures] == [
        (False, "altitude"), (True, "ok"), (False, "altitude"),
    ]  # fmt: skip
    assert judge.ctx.errors == []
    assert (judge.captured, judge.status) == (1, "done")
    assert [m.text for m in judge.feedback()] == [ADVICE["altitude"]]
