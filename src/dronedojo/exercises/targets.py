"""Target stands of the open test lane and the geometry of a capture.

A stand (spec.Stand) is a post of ``height`` m with five buckets, each holding a target in its
bottom with a ring of ``ring_radius``. The four angled buckets A, B, C, D open outwards, tilted
``tilt_deg`` from vertical, A towards ``facing_deg`` then clockwise seen from above; their
mouths sit round the top of the post, ``bucket_radius`` + 5 cm out from its axis. The fifth
bucket (``up``) stands on the post's top and opens straight up.

A capture sees the ring whole when every sample point of the ring is in front of the camera,
inside the picture, seen through the bucket's mouth (the straight line from the point to the
camera leaves the bucket through its opening, so the wall hides nothing: the bucket is a
cylinder), and the ring is at least ``camera.min_ring_px`` across in the picture. This is the
open test lane's rule that the ring must be continuous all round, decided by ray geometry.
The camera is the drone's, on a stabilised gimbal: level in roll, pitched by the pilot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises.spec import Camera, Exercise, Stand

Array = NDArray[np.float64]

MOUNT_GAP = 0.05
"""m between the post's axis and an angled bucket's mouth, beyond the bucket's radius."""
ANGLED = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Bucket:
    """One bucket: where its mouth is, which way it opens, and its target ring."""

    name: str
    stand: str
    mouth: Array
    """Centre of the opening, world ENU, m, (3,)."""
    axis: Array
    """Unit vector out of the mouth, (3,)."""
    radius: float
    depth: float
    ring_radius: float

    @property
    def bottom(self) -> Array:
        """Centre of the target (the bucket's bottom), world ENU, m."""
        return self.mouth - self.axis * self.depth

    def ring_points(self, k: int = 16) -> Array:
        """(k, 3) points evenly spaced on the ring."""
        a = self.axis
        helper = np.array([1.0, 0.0, 0.0]) if abs(a[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
        e1 = np.cross(a, helper)
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(a, e1)
        th = np.linspace(0.0, 2.0 * math.pi, k, endpoint=False)
        ring: Array = self.bottom + self.ring_radius * (
            np.cos(th)[:, None] * e1 + np.sin(th)[:, None] * e2
        )
        return ring


def buckets(stand: Stand) -> tuple[Bucket, ...]:
    """The five buckets of ``stand``: A, B, C, D, up."""
    top = np.array([stand.center[0], stand.center[1], stand.height])
    tilt = math.radians(stand.tilt_deg)
    out = []
    for k, letter in enumerate(ANGLED):
        yaw = math.radians(stand.facing_deg - 90.0 * k)
        h = np.array([math.cos(yaw), math.sin(yaw), 0.0])
        axis = np.array([math.sin(tilt) * h[0], math.sin(tilt) * h[1], math.cos(tilt)])
        mouth = top + h * (stand.bucket_radius + MOUNT_GAP)
        out.append(Bucket(f"{stand.name}{letter}", stand.name, mouth, axis, stand.bucket_radius,
                          stand.bucket_depth, stand.ring_radius))  # fmt: skip
    up = top + np.array([0.0, 0.0, stand.bucket_depth])
    out.append(Bucket(f"{stand.name}up", stand.name, up, np.array([0.0, 0.0, 1.0]),
                      stand.bucket_radius, stand.bucket_depth, stand.ring_radius))  # fmt: skip
    return tuple(out)


def targets(exercise: Exercise) -> dict[str, Bucket]:
    """Every bucket of the exercise's stands, by target name (``1A`` ... ``4up``)."""
    return {b.name: b for s in exercise.world.stands for b in buckets(s)}


@dataclass(frozen=True)
class CaptureCheck:
    """The verdict on one picture of one target."""

    whole: bool
    reason: str
    """ok, behind, out_of_frame, rim_blocks or too_small."""
    ring_px: float
    """The ring's diameter in the picture, pixels (0 when not in front of the camera)."""


def focal_px(camera: Camera) -> float:
    """Focal length in pixels of the pinhole camera."""
    return (camera.width_px / 2.0) / math.tan(math.radians(camera.fov_deg) / 2.0)


def camera_axes(yaw: float, pitch: float) -> tuple[Array, Array, Array]:
    """(forward, right, up) unit vectors of a camera at ``yaw`` and gimbal ``pitch``."""
    cp, sp = math.cos(pitch), math.sin(pitch)
    cy, sy = math.cos(yaw), math.sin(yaw)
    forward = np.array([cp * cy, cp * sy, sp])
    right = np.array([sy, -cy, 0.0])
    up = np.cross(right, forward)
    return forward, right, up


def judge_capture(position: Array, yaw: float, gimbal_pitch: float, bucket: Bucket,
                  camera: Camera, samples: int = 16) -> CaptureCheck:  # fmt: skip
    """Is the ring of ``bucket`` whole in a picture taken from ``position`` (see the module
    text)? Reasons are checked in the order behind, out_of_frame, rim_blocks, too_small."""
    c = np.asarray(position, dtype=float)
    forward, right, up = camera_axes(yaw, gimbal_pitch)
    points = bucket.ring_points(samples)
    v = points - c
    depth = v @ forward
    if np.any(depth <= 1e-6):
        return CaptureCheck(False, "behind", 0.0)
    f = focal_px(camera)
    x = f * (v @ right) / depth + camera.width_px / 2.0
    y = -f * (v @ up) / depth + camera.height_px / 2.0
    half = samples // 2
    ring_px = float(np.max(np.hypot(x[:half] - x[half:], y[:half] - y[half:])))
    if np.any((x < 0.0) | (x > camera.width_px) | (y < 0.0) | (y > camera.height_px)):
        return CaptureCheck(False, "out_of_frame", ring_px)
    n = bucket.axis
    s_points = (points - bucket.mouth) @ n  # all -depth
    s_camera = float((c - bucket.mouth) @ n)
    if s_camera <= 0.0:
        return CaptureCheck(False, "rim_blocks", ring_px)
    k = (-s_points / (s_camera - s_points))[:, None]
    crossing = points + (c - points) * k - bucket.mouth
    radial = crossing - np.outer(crossing @ n, n)
    if np.any(np.linalg.norm(radial, axis=1) > bucket.radius):
        return CaptureCheck(False, "rim_blocks", ring_px)
    if ring_px < camera.min_ring_px:
        return CaptureCheck(False, "too_small", ring_px)
    return CaptureCheck(True, "ok", ring_px)


def viewpoint(bucket: Bucket, distance: float, camera: Camera,
              yaw_for_up: float = 0.0) -> tuple[Array, float, float]:  # fmt: skip
    """A camera pose (position, yaw, gimbal pitch) on the bucket's axis ``distance`` m from
    its ring, looking at the ring: from there the ring is whole (up to ``max_range``)."""
    del camera  # the pose does not depend on it; kept for a uniform signature
    position = bucket.bottom + bucket.axis * distance
    d = -bucket.axis
    if math.hypot(d[0], d[1]) < 1e-9:
        return position, yaw_for_up, -math.pi / 2.0
    return position, math.atan2(d[1], d[0]), math.asin(max(-1.0, min(1.0, float(d[2]))))


def max_range(bucket: Bucket, camera: Camera) -> float:
    """The farthest distance on the axis at which the ring is still big enough, m."""
    return 2.0 * bucket.ring_radius * focal_px(camera) / camera.min_ring_px
