"""Rotor stage: ESC command to rotor speed, first-order motor lag, thrust and drag torque.

w_max   = Kv_loaded * V                                    speed limit from the battery
target  = w_max * (idle + (1 - idle) * u)                  ESC command u in [0, 1]
        = clip(w_cmd, 0, w_max)                            direct rotor-speed command
        = 0                                                motors stopped (disarmed)
w(t+dt) = target + (w - target) * exp(-dt / tau)           exact for a constant target,
                                      tau = tau_up if target > w, else tau_down
T       = k max(c0 + c1 w + c2 w^2, 0)                     thrust along body +z
Q       = k max(d0 + d1 w + d2 w^2, 0)                     drag torque, opposite the spin

k is the rotor's thrust factor (``State.thrust_factor``, 1 healthy, lowered by a damaged
propeller or weak motor fault). It scales the thrust AND the drag torque: a damaged prop moves
less air, so it both lifts less and takes less torque to turn; the shaft power the battery
sees (Q w) falls with it. The rotor speed is not changed by it (the speed model has no load
dependence), nor is the rotor's H-force (edgewise drag) or its gyroscopic inertia.
"""

from __future__ import annotations

from typing import NamedTuple

from dronedojo.physics import aero
from dronedojo.physics._jit import clip, jit_inline
from dronedojo.physics.layout import CMD_ESC, CMD_ROTOR_SPEED


@jit_inline
def target_speed(kind: float, value: float, idle: float, w_max: float) -> float:
    """Rotor speed the ESC drives towards, rad/s (``kind`` is a layout.CMD_* code)."""
    esc = w_max * (idle + (1.0 - idle) * clip(value, 0.0, 1.0))
    direct = clip(value, 0.0, w_max)
    return esc if kind == CMD_ESC else (direct if kind == CMD_ROTOR_SPEED else 0.0)


@jit_inline
def lag(w: float, target: float, gain_up: float, gain_down: float) -> float:
    """One step of the first-order lag; ``gain = 1 - exp(-dt / tau)`` for each direction."""
    return w + (target - w) * (gain_up if target > w else gain_down)


@jit_inline
def polynomial(c0: float, c1: float, c2: float, w: float) -> float:
    """``max(c0 + c1 w + c2 w^2, 0)``: thrust (N) or drag torque (N m) of one rotor."""
    y = c0 + w * (c1 + w * c2)
    return y if y > 0.0 else 0.0


class Rotors(NamedTuple):
    """What the four rotors of one drone share in one step."""

    kt0: float
    kt1: float
    kt2: float
    """Thrust polynomial, N."""
    kq0: float
    kq1: float
    kq2: float
    """Drag-torque polynomial, N m."""
    radius: float
    """Rotor radius, m."""
    drag: float
    """H-force coefficient (0 when rotor drag is switched off)."""
    thrust_scale: float
    """1 minus the vortex-ring loss."""
    ground_effect: float
    """1.0 when ground effect is on, else 0.0."""


class Motion(NamedTuple):
    """The drone's motion as the rotors see it."""

    height: float
    """Centre of mass above the ground, m."""
    r20: float
    r21: float
    r22: float
    """Last row of the body-to-world rotation (gives hub heights)."""
    airspeed_x: float
    airspeed_y: float
    """Airspeed along body x and y, m/s."""
    wx: float
    wy: float
    wz: float
    """Body rates, rad/s."""


@jit_inline
def wrench(
    rotor: Rotors,
    body: Motion,
    hub: tuple[float, float, float],
    spin: float,
    w: float,
    factor: float,
) -> tuple[float, float, float, float, float, float]:
    """Force and moment (body frame) of one rotor at speed ``w`` at hub position ``hub``;
    ``factor`` is its thrust factor (scales thrust and drag torque)."""
    rx, ry, rz = hub
    ratio = aero.ground_effect(body.height + body.r20 * rx + body.r21 * ry + body.r22 * rz,
                               rotor.radius)  # fmt: skip
    thrust = (
        polynomial(rotor.kt0, rotor.kt1, rotor.kt2, w)
        * factor
        * rotor.thrust_scale
        * (1.0 + rotor.ground_effect * (ratio - 1.0))
    )
    hx = -rotor.drag * w * (body.airspeed_x + body.wy * rz - body.wz * ry)
    hy = -rotor.drag * w * (body.airspeed_y + body.wz * rx - body.wx * rz)
    torque = factor * polynomial(rotor.kq0, rotor.kq1, rotor.kq2, w)
    return (
        hx,
        hy,
        thrust,
        ry * thrust - rz * hy,
        rz * hx - rx * thrust,
        rx * hy - ry * hx - spin * torque,
    )
