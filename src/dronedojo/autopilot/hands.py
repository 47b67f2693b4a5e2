"""A pilot's hands: from where the pilot wants the drone to be to stick positions, per mode.

The reference pilot decides on a *reference*: a position, a velocity to follow and a heading.
How the sticks get the drone there depends on the flight mode shown on the display, as it does
for a person: in POSITION the sticks ask for a velocity, in ALTITUDE (ATTI) and ANGLE for a
tilt, in ACRO for a rotation rate, and the throttle asks for a climb rate on camera drones and
for thrust on FPV quads. Each map below is the inverse of the flight controller's own stick
law (fc/nav_sticks.py, fc/betaflight.py, fc/rates.py), so a reference is met without guessing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dronedojo.exercises.objectives.base import wrap
from dronedojo.fc.config import for_airframe
from dronedojo.fc.controller import hover_point
from dronedojo.fc.rates import apply_rates
from dronedojo.physics import airframes
from dronedojo.physics.params import STANDARD_GRAVITY

Array = NDArray[np.float64]
G = STANDARD_GRAVITY


def inverse_expo(y: float, e: float) -> float:
    """x in [-1, 1] with (1 - e) x + e x^3 = y (PX4's expo), by Newton's method."""
    y = max(-1.0, min(1.0, y))
    if e >= 1.0:
        return math.copysign(abs(y) ** (1.0 / 3.0), y)
    x = y
    for _ in range(8):
        f = (1.0 - e) * x + e * x * x * x - y
        x -= f / ((1.0 - e) + 3.0 * e * x * x)
    return max(-1.0, min(1.0, x))


def inverse_expo_deadzone(y: float, e: float, dz: float) -> float:
    """The stick that PX4's expo-with-deadzone maps to ``y`` (0 -> centred)."""
    if y == 0.0:
        return 0.0
    x = inverse_expo(y, e)
    return math.copysign(dz + (1.0 - dz) * abs(x), x)


@dataclass(frozen=True)
class Reference:
    """Where the pilot wants the drone: world ENU position, m; velocity to follow, m/s;
    heading, rad; the speed not to exceed, m/s."""

    position: Array
    velocity: Array
    yaw: float
    speed: float = 3.0
    acceleration: Array | None = None
    """Feed-forward horizontal acceleration, m/s^2 (the centripetal one on a circle)."""


@dataclass
class Sticks:
    roll: float = 0.0
    pitch: float = 0.0
    yaw: float = 0.0
    throttle: float = 0.0


class Hands:
    """Stick positions for a reference, in the mode displayed (see the module text)."""

    def __init__(self, airframe: str, gain: float = 1.0, damping: float = 1.0) -> None:
        a = airframes.get(airframe)
        config = for_airframe(a)
        self.camera = config.kind == "camera"
        nav = config.camera.nav
        self.nav = nav
        self.gain, self.damping = gain, damping
        bf = config.betaflight
        self.angle_limit = math.radians(bf.angle_limit_deg)
        r = bf.rates
        grid = np.linspace(0.0, 1.0, 401)
        self._rate_grid = grid
        self._rate_curve = [
            np.asarray(apply_rates(r.kind, grid, r.rc_rate[i], r.rate[i], r.expo[i]), dtype=float)
            for i in range(3)
        ]  # deg/s for stick 0..1, roll, pitch, yaw
        esc, _ = hover_point(a)
        idle = a.idle_fraction
        self.hover = max(0.05, (esc - idle) / (1.0 - idle))
        """Throttle stick that hovers (FPV), learned further by the height integral."""
        self.i_xy = np.zeros(2)
        self.i_z = 0.0

    # --- inverses of the controller's stick laws -------------------------------------------
    def _rate_stick(self, axis: int, deg_s: float) -> float:
        curve = self._rate_curve[axis]
        s = float(np.interp(min(abs(deg_s), curve[-1]), curve, self._rate_grid))
        return math.copysign(s, deg_s)

    def _velocity_stick(self, v: float) -> float:
        """POSITION mode: the stick whose steady speed (PX4's virtual drag) is ``v``."""
        u = abs(v) if abs(v) >= 1.0 else math.sqrt(abs(v))
        shaped = min(1.0, u / self.nav.vel_manual)
        return math.copysign(inverse_expo_deadzone(shaped, self.nav.xy_expo, self.nav.hold_dz), v)

    def _climb_throttle(self, vz: float) -> float:
        n = self.nav
        shaped = vz / n.z_vel_up if vz > 0.0 else vz / n.z_vel_dn
        return 0.5 + 0.5 * inverse_expo_deadzone(max(-1.0, min(1.0, shaped)), n.z_expo, n.hold_dz)

    # --- the sticks ---------------------------------------------------------------------------
    def sticks(self, mode: str, ref: Reference, pos: Array, vel: Array,
               euler: tuple[float, float, float],
               dt: float) -> Sticks:  # fmt: skip
        """Sticks that bring the drone (position ``pos``, velocity ``vel``, attitude ``euler``
        = roll, pitch, yaw) towards ``ref`` in ``mode``."""
        yaw = float(euler[2])
        cy, sy = math.cos(yaw), math.sin(yaw)
        err = ref.position - pos
        out = Sticks()
        k, d = self.gain, self.damping
        if mode == "position":
            out.pitch, out.roll = self._position_sticks(ref, err, vel, cy, sy, k, d)
        else:
            acc = self._horizontal_acceleration(mode, ref, err, vel, dt, k, d)
            fwd = acc[0] * cy + acc[1] * sy
            left = -acc[0] * sy + acc[1] * cy
            if mode == "altitude":
                scale = math.tan(math.radians(self.nav.man_tilt_max_deg)) * G
                out.pitch, out.roll = fwd / scale, -left / scale
            else:
                pitch_sp = math.atan2(fwd, G)
                roll_sp = math.atan2(-left, G)
                if mode == "acro":
                    kr = 7.0 * k
                    out.roll = self._rate_stick(0, math.degrees(kr * (roll_sp - euler[0])))
                    out.pitch = self._rate_stick(1, math.degrees(kr * (pitch_sp - euler[1])))
                else:  # angle, horizon: the stick is the angle over the angle limit
                    out.roll = roll_sp / self.angle_limit
                    out.pitch = pitch_sp / self.angle_limit
        yaw_err = wrap(ref.yaw - yaw)
        if self.camera:
            rate = max(-1.5, min(1.5, 2.0 * yaw_err))
            limit = math.radians(self.nav.yaw_rate_max_deg)
            out.yaw = (
                0.0
                if abs(yaw_err) < 0.02
                else -inverse_expo_deadzone(
                    max(-1.0, min(1.0, rate / limit)), self.nav.yaw_expo, self.nav.hold_dz
                )
            )
            vz = ref.velocity[2] + 1.0 * k * err[2]
            vz = max(-self.nav.z_vel_dn, min(self.nav.z_vel_up, vz))
            out.throttle = 0.5 if abs(vz) < 0.06 and abs(err[2]) < 0.1 else self._climb_throttle(vz)
        else:
            out.yaw = -self._rate_stick(2, math.degrees(max(-3.0, min(3.0, 3.0 * yaw_err))))
            if abs(ref.velocity[2]) < 0.05:  # learn the hover throttle while holding a height
                self.i_z = max(-0.3, min(0.3, self.i_z + 0.15 * err[2] * dt))
            vz_err = ref.velocity[2] + 1.2 * k * err[2] - vel[2]
            tilt = math.cos(euler[0]) * math.cos(euler[1])
            thrust = (self.hover + self.i_z + 0.2 * d * vz_err) / max(0.5, tilt)
            out.throttle = max(0.0, min(1.0, thrust))
        out.roll = max(-1.0, min(1.0, out.roll))
        out.pitch = max(-1.0, min(1.0, out.pitch))
        return out

    def _position_sticks(self, ref: Reference, err: Array, vel: Array, cy: float, sy: float,
                         k: float, d: float) -> tuple[float, float]:  # fmt: skip
        """(pitch, roll) sticks in POSITION mode. PX4's acceleration-based law takes the
        stick as an acceleration, 2 MPC_ACC_HOR at full stick, against a virtual drag that
        caps the speed: the pilot asks for the acceleration that brings the velocity to the
        one wanted, plus the drag at the present speed."""
        n = self.nav
        v_sp = ref.velocity[:2] + 0.9 * k * err[:2]
        norm = math.hypot(v_sp[0], v_sp[1])
        if norm > ref.speed:
            v_sp *= ref.speed / norm
        if norm < 0.06 and math.hypot(err[0], err[1]) < 0.08 and ref.acceleration is None:
            return 0.0, 0.0  # centred: the controller locks the position
        acc = 1.8 * d * (v_sp - vel[:2])
        if ref.acceleration is not None:
            acc = acc + ref.acceleration[:2]
        speed = math.hypot(vel[0], vel[1])
        if speed > 1e-3:
            root = speed if speed >= 1.0 else math.sqrt(speed)
            drag = (2.0 * n.acc_hor / n.vel_manual) * root
            acc = acc + vel[:2] / speed * drag
        stick = acc / (2.0 * n.acc_hor)
        fwd = stick[0] * cy + stick[1] * sy
        left = -stick[0] * sy + stick[1] * cy
        pitch = inverse_expo_deadzone(max(-1.0, min(1.0, fwd)), n.xy_expo, n.hold_dz)
        roll = -inverse_expo_deadzone(max(-1.0, min(1.0, left)), n.xy_expo, n.hold_dz)
        return pitch, roll

    def _horizontal_acceleration(
        self, mode: str, ref: Reference, err: Array, vel: Array, dt: float, k: float, d: float
    ) -> Array:
        """World horizontal acceleration to ask for (tilt modes): a PID on the position with
        the speed limited, the integral learning the wind as a pilot's hands do."""
        v_sp = ref.velocity[:2] + (1.0 if mode == "altitude" else 1.5) * k * err[:2]
        n = math.hypot(v_sp[0], v_sp[1])
        if n > ref.speed:
            v_sp *= ref.speed / n
        gain_v = {"altitude": 1.3, "angle": 2.4}.get(mode, 1.6) * d
        acc = gain_v * (v_sp - vel[:2])
        if ref.acceleration is not None:
            acc = acc + ref.acceleration[:2]
        ki, near = (0.35, 4.0) if mode == "altitude" else (0.4, 2.0)
        holding = math.hypot(ref.velocity[0], ref.velocity[1]) < 0.1
        if holding and math.hypot(err[0], err[1]) < near:  # no wind-up in transit
            self.i_xy += ki * err[:2] * dt
        limit = 4.0
        norm = math.hypot(self.i_xy[0], self.i_xy[1])
        if norm > limit:
            self.i_xy *= limit / norm
        acc = acc + self.i_xy
        amax = G * math.tan(math.radians(35.0 if mode == "altitude" else 40.0))
        n = math.hypot(acc[0], acc[1])
        if n > amax:
            acc *= amax / n
        return acc
