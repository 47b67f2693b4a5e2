"""Target stands and the capture rule: exact geometry of the ring seen through the bucket."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dronedojo.exercises.scoring import Scorer
from dronedojo.exercises.spec import Camera, Stand
from dronedojo.exercises.targets import (
    buckets,
    focal_px,
    judge_capture,
    max_range,
    viewpoint,
)
from tests.exercises.frames import exercise, row

STAND = Stand(name="1", center=(0.0, 3.0), facing_deg=-90.0)
CAMERA = Camera()


def test_buckets_open_outwards_a_towards_the_pad_then_clockwise() -> None:
    a, b, c, d, up = buckets(STAND)
    s = math.sin(math.radians(45.0))
    np.testing.assert_allclose(a.axis, (0.0, -s, s), atol=1e-12)  # towards the pad (south)
    np.testing.assert_allclose(b.axis, (-s, 0.0, s), atol=1e-12)  # west: clockwise from south
    np.testing.assert_allclose(c.axis, (0.0, s, s), atol=1e-12)
    np.testing.assert_allclose(d.axis, (s, 0.0, s), atol=1e-12)
    np.testing.assert_allclose(up.axis, (0.0, 0.0, 1.0))
    assert [x.name for x in (a, b, c, d, up)] == ["1A", "1B", "1C", "1D", "1up"]
    np.testing.assert_allclose(a.mouth, (0.0, 3.0 - 0.2, 1.0), atol=1e-12)
    np.testing.assert_allclose(up.bottom, (0.0, 3.0, 1.0), atol=1e-12)


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize("distance", [1.5, 3.0, 5.0])
def test_from_the_viewpoint_on_the_axis_the_ring_is_whole(index: int, distance: float) -> None:
    bucket = buckets(STAND)[index]
    position, yaw, pitch = viewpoint(bucket, distance, CAMERA)
    check = judge_capture(position, yaw, pitch, bucket, CAMERA)
    assert check.whole and check.reason == "ok"
    # on the axis the ring faces the camera: its diameter is 2 r f / d pixels
    expected = 2 * bucket.ring_radius * focal_px(CAMERA) / distance
    assert check.ring_px == pytest.approx(expected, rel=1e-9)
    assert -math.pi / 2 <= pitch <= 0.0


def test_off_the_axis_the_rim_hides_the_ring() -> None:
    bucket = buckets(STAND)[0]
    position, _, _ = viewpoint(bucket, 3.0, CAMERA)
    # 10 degrees off the axis, still looking at the ring centre
    off = bucket.bottom + 3.0 * (
        math.cos(math.radians(10)) * bucket.axis + math.sin(math.radians(10)) * np.array([1, 0, 0])
    )
    look = bucket.bottom - off
    yaw, pitch = math.atan2(look[1], look[0]), math.asin(look[2] / np.linalg.norm(look))
    assert judge_capture(off, yaw, pitch, bucket, CAMERA).reason == "rim_blocks"
    assert judge_capture(position, 0.0, 0.0, bucket, CAMERA).reason in ("behind", "out_of_frame")


def test_looking_away_is_behind_and_the_edge_of_the_picture_is_out_of_frame() -> None:
    bucket = buckets(STAND)[0]
    position, yaw, pitch = viewpoint(bucket, 3.0, CAMERA)
    assert judge_capture(position, yaw + math.pi, pitch, bucket, CAMERA).reason == "behind"
    turned = yaw + math.radians(60.0)  # beyond the 41-degree half field of view
    assert judge_capture(position, turned, pitch, bucket, CAMERA).reason == "out_of_frame"


def test_too_far_the_ring_is_too_small_to_judge() -> None:
    bucket = buckets(STAND)[4]
    limit = max_range(bucket, CAMERA)
    assert limit == pytest.approx(2 * 0.12 * focal_px(CAMERA) / CAMERA.min_ring_px)
    for distance, reason in ((0.99 * limit, "ok"), (1.01 * limit, "too_small")):
        position, yaw, pitch = viewpoint(bucket, distance, CAMERA)
        assert judge_capture(position, yaw, pitch, bucket, CAMERA).reason == reason


def _lane(**capture: object) -> object:
    return exercise(
        [{"kind": "capture", "targets": ["1A", "1up", "1C"], **capture}],
        world={"stands": [{"name": "1", "center": [0, 3], "facing_deg": -90}]},
    )


def _shot(t: float, name: str, distance: float = 3.0) -> np.ndarray:
    bucket = {b.name: b for b in buckets(STAND)}[name]
    position, yaw, pitch = viewpoint(bucket, distance, CAMERA)
    return row(t, position, yaw=yaw, gimbal=pitch, capture=True)


def test_capture_one_attempt_per_called_target() -> None:
    ex = _lane()
    s = Scorer(ex)  # type: ignore[arg-type]
    s.update(row(0.0, (0, 0, 3)))  # the objective starts
    s.update(row(0.02, (0, 0, 3)))  # no button: nothing happens
    assert s.progress().target == "1A"
    s.update(_shot(0.04, "1A"))
    s.update(_shot(0.06, "1A"))  # the wrong target for call 2 (1up): a miss, next call
    assert s.progress().target == "1C"
    s.update(_shot(0.08, "1C"))
    r = s.result()
    o = r.objectives[0]
    assert o.status == "done"
    assert (o.metrics["captured"].value, o.metrics["called"].value) == (2, 3)  # type: ignore[union-attr]
    assert o.earned == pytest.approx(10.0 * 2 / 3)
    assert r.errors == []  # a miss costs its point, not an error


def test_capture_outside_the_height_band_does_not_score() -> None:
    ex = _lane(altitude=[5.0, 7.0])
    s = Scorer(ex)  # type: ignore[arg-type]
    s.update(row(0.0, (0, 0, 3)))
    s.update(_shot(0.02, "1A", 3.0))  # about 3 m high: below the band
    captures = [e for e in s.ctx.events if e.kind == "capture"]
    assert captures[0].params["reason"] == "altitude"
