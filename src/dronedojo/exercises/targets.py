"""Target stands of the open test lane and the geometry of a capture.

A stand (spec.Stand) is a post standing at ``center`` (x, y) up to ``height`` m, carrying five
buckets; each bucket holds a target in its bottom, a ring of ``ring_radius`` m centred on the
bucket's axis. All positions are world ENU (x east, y north, z up), metres.

Dimensions chosen here (the others come from the stand):

* The four angled buckets A, B, C, D open outwards, their axes tilted ``tilt_deg`` from
  vertical, A towards ``facing_deg`` (yaw convention: 0 east, counter-clockwise) and B, C, D
  clockwise from it seen from above (``facing_deg`` - 90, - 180, - 270). The centre of each
  mouth is at the post's top height, far enough out from the post's axis towards the bucket's
  heading that the bucket's bottom edge just reaches the axis (depth sin(tilt) + radius
  cos(tilt): 0.35 m with the default stand), so the buckets sit round the post without
  overlapping.
* The ``up`` bucket stands on the post's top and opens straight up, its mouth ``bucket_depth``
  above the top (1.35 m high with the default stand).
* Every bucket is a cylinder of ``bucket_radius`` and ``bucket_depth``; its bottom (the
  target's centre) is ``bucket_depth`` m down the axis from the mouth. Buckets do not hide one
  another (only a bucket's own wall is modelled), and the wall is infinitely thin.

A capture sees the ring whole when every sample point of the ring is in front of the camera,
projects inside the picture, is seen through the bucket's mouth (the straight segment from the
point to the camera crosses the plane of the mouth within the bucket's radius: as the bucket
is a cylinder, this is exact for its wall), and the ring is at least ``camera.min_ring_px``
across in the picture. The camera is a pinhole on the drone's stabilised gimbal: at the
drone's heading (yaw), pitched by the pilot, level in roll.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises.spec import Camera, Exercise, Stand

Array = NDArray[np.float64]

ANGLED = ("A", "B", "C", "D")
"""Letters of the angled buckets, clockwise seen from above from the one facing the pad."""

_UP = np.array([0.0, 0.0, 1.0])


@dataclass(frozen=True)
class Bucket:
    """One bucket of a stand: its opening, the way it opens and the ring in its bottom."""

    name: str
    """Target name: the stand's name then A, B, C, D or ``up`` (``1A``, ``1up``)."""
    stand: str
    mouth: Array
    """Centre of the opening, world ENU, m, (3,)."""
    axis: Array
    """Unit vector along the bucket's axis pointing out of the mouth, world ENU, (3,)."""
    radius: float
    """m, of the bucket (its wall and mouth)."""
    depth: float
    """m, from the mouth to the bottom along the axis."""
    ring_radius: float
    """m, of the ring on the target."""

    @property
    def bottom(self) -> Array:
        """Centre of the bottom, where the target's ring is centred, world ENU, m, (3,)."""
        bottom: Array = self.mouth - self.axis * self.depth
        return bottom

    def ring_points(self, k: int = 16) -> Array:
        """(k, 3) points evenly spaced on the ring, in the bottom's plane, world ENU, m.

        Point 0 is on the horizontal line across the axis (for the up bucket: east of the
        centre); on an angled bucket point k/4 (k a multiple of 4) is the ring's highest.
        """
        e1 = np.cross(_UP, self.axis)
        n = float(np.linalg.norm(e1))
        e1 = e1 / n if n > 1e-9 else np.array([1.0, 0.0, 0.0])
        e2 = np.cross(self.axis, e1)
        th = np.arange(k) * (2.0 * math.pi / k)
        points: Array = self.bottom + self.ring_radius * (
            np.cos(th)[:, None] * e1 + np.sin(th)[:, None] * e2
        )
        return points


def buckets(stand: Stand) -> tuple[Bucket, ...]:
    """The five buckets of ``stand`` in the order A, B, C, D, up (see the module text)."""
    top = np.array([stand.center[0], stand.center[1], stand.height], dtype=float)
    tilt = math.radians(stand.tilt_deg)
    size = (stand.bucket_radius, stand.bucket_depth, stand.ring_radius)
    out = []
    for k, letter in enumerate(ANGLED):
        heading = math.radians(stand.facing_deg - 90.0 * k)
        out_h = np.array([math.cos(heading), math.sin(heading), 0.0])
        axis = math.sin(tilt) * out_h + math.cos(tilt) * _UP
        reach = stand.bucket_depth * math.sin(tilt) + stand.bucket_radius * math.cos(tilt)
        mouth = top + reach * out_h
        out.append(Bucket(f"{stand.name}{letter}", stand.name, mouth, axis, *size))
    up_mouth = top + stand.bucket_depth * _UP
    out.append(Bucket(f"{stand.name}up", stand.name, up_mouth, _UP.copy(), *size))
    return tuple(out)


def targets(exercise: Exercise) -> dict[str, Bucket]:
    """Every bucket of the exercise's stands by target name (``1A`` .. ``1D``, ``1up``)."""
    return {b.name: b for s in exercise.world.stands for b in buckets(s)}


@dataclass(frozen=True)
class CaptureCheck:
    """The verdict on one picture of one target."""

    whole: bool
    reason: str
    """``ok``, ``behind``, ``out_of_frame``, ``rim_blocks`` or ``too_small``."""
    ring_px: float
    """The ring's diameter in the picture (the largest distance between two projected sample
    points), pixels; 0 when part of the ring is behind the camera."""


def focal_px(camera: Camera) -> float:
    """Focal length of the pinhole camera, pixels (square pixels)."""
    return (camera.width_px / 2.0) / math.tan(math.radians(camera.fov_deg) / 2.0)


def camera_axes(yaw: float, pitch: float) -> tuple[Array, Array, Array]:
    """(forward, right, up) unit vectors, world ENU, of a camera at heading ``yaw`` and
    gimbal ``pitch`` (rad; 0 level, -pi/2 straight down), level in roll."""
    cp, sp = math.cos(pitch), math.sin(pitch)
    cy, sy = math.cos(yaw), math.sin(yaw)
    forward = np.array([cp * cy, cp * sy, sp])
    right = np.array([sy, -cy, 0.0])
    up = np.cross(right, forward)
    return forward, right, up


def project(points: Array, position: Array, yaw: float, pitch: float,
            camera: Camera) -> tuple[Array, Array]:  # fmt: skip
    """Pixel coordinates (u right, v down from the top-left corner) and depth along the view
    (m) of world ``points`` (n, 3) seen by the camera; u, v are meaningless where the depth is
    not positive."""
    forward, right, up = camera_axes(yaw, pitch)
    rel = np.asarray(points, dtype=float) - np.asarray(position, dtype=float)
    depth: Array = rel @ forward
    f = focal_px(camera)
    safe = np.where(depth > 0.0, depth, 1.0)
    uv: Array = np.stack(
        [camera.width_px / 2.0 + f * (rel @ right) / safe,
         camera.height_px / 2.0 - f * (rel @ up) / safe],
        axis=1,
    )  # fmt: skip
    return uv, depth


def judge_capture(position: Array, yaw: float, gimbal_pitch: float, bucket: Bucket,
                  camera: Camera, samples: int = 16) -> CaptureCheck:  # fmt: skip
    """Is the ring of ``bucket`` whole in a picture taken from ``position`` (world ENU, m) at
    heading ``yaw`` and ``gimbal_pitch`` (rad)? The checks, in this order of precedence, on
    ``samples`` points of the ring: every point in front of the camera (else ``behind``),
    inside the picture (``out_of_frame``), seen through the mouth (``rim_blocks``), and the
    ring at least ``camera.min_ring_px`` across (``too_small``)."""
    c = np.asarray(position, dtype=float)
    points = bucket.ring_points(samples)
    uv, depth = project(points, c, yaw, gimbal_pitch, camera)
    if np.any(depth <= 0.0):
        return CaptureCheck(False, "behind", 0.0)
    gaps = uv[:, None, :] - uv[None, :, :]
    ring_px = float(np.sqrt(np.max(np.sum(gaps * gaps, axis=2))))
    u, v = uv[:, 0], uv[:, 1]
    if np.any((u < 0.0) | (u > camera.width_px) | (v < 0.0) | (v > camera.height_px)):
        return CaptureCheck(False, "out_of_frame", ring_px)
    if not _through_mouth(points, c, bucket):
        return CaptureCheck(False, "rim_blocks", ring_px)
    if ring_px < camera.min_ring_px:
        return CaptureCheck(False, "too_small", ring_px)
    return CaptureCheck(True, "ok", ring_px)


def _through_mouth(points: Array, camera_position: Array, bucket: Bucket) -> bool:
    """True when the segment from each of ``points`` (inside the bucket) to the camera crosses
    the plane of the mouth within the bucket's radius."""
    n = bucket.axis
    s_points = (points - bucket.mouth) @ n  # along the axis from the mouth: negative inside
    s_camera = float((camera_position - bucket.mouth) @ n)
    if s_camera <= 0.0 or np.any(s_points >= s_camera):
        return False  # the camera is not beyond the mouth: the segments never leave by it
    k = (-s_points / (s_camera - s_points))[:, None]
    crossing = points + (camera_position - points) * k - bucket.mouth
    radial = crossing - np.outer(crossing @ n, n)
    return bool(np.all(np.linalg.norm(radial, axis=1) <= bucket.radius))


def viewpoint(bucket: Bucket, distance: float, camera: Camera,
              yaw_for_up: float = 0.0) -> tuple[Array, float, float]:  # fmt: skip
    """A camera pose (position world ENU m, yaw rad, gimbal pitch rad in [-pi/2, 0]) on the
    bucket's axis ``distance`` m from the ring's centre, looking back along the axis at it.
    For a bucket opening straight up: straight above, pitch -pi/2, yaw ``yaw_for_up``.

    The ring is whole from there when ``distance`` is beyond the mouth (more than
    ``bucket.depth``), the ring fits in the picture and ``distance`` <= :func:`max_range`.
    ``camera`` is not needed for the pose; it is taken for a uniform signature.
    """
    del camera
    position: Array = bucket.bottom + bucket.axis * distance
    look = -bucket.axis
    horizontal = math.hypot(float(look[0]), float(look[1]))
    if horizontal < 1e-9:
        return position, yaw_for_up, -math.pi / 2.0
    pitch = math.atan2(float(look[2]), horizontal)
    return position, math.atan2(float(look[1]), float(look[0])), pitch


def max_range(bucket: Bucket, camera: Camera) -> float:
    """The largest distance, m, on the bucket's axis from the ring's centre at which the ring
    is still ``camera.min_ring_px`` across: the pinhole diameter 2 r f / d (exact for an even
    number of samples, which include opposite points)."""
    return 2.0 * bucket.ring_radius * focal_px(camera) / camera.min_ring_px
