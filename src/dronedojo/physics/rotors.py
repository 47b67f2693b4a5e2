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


class Target(NamedTuple):
    """One drone's command kind turned into ``target = scale * clip(value, 0, top) + floor``:
    the same map for its four motors."""

    scale: float
    top: float
    floor: float


@jit_inline
def target_map(kind: float, idle: float, w_max: float) -> Target:
    """The rotor-speed target map for command ``kind`` (a layout.CMD_* code): ESC commands
    ``w_max (idle + (1 - idle) u)`` for u in [0, 1], rotor speeds ``clip(w, 0, w_max)``,
    stopped 0."""
    esc = kind == CMD_ESC
    direct = 1.0 if kind == CMD_ROTOR_SPEED else 0.0
    return Target(
        w_max * (1.0 - idle) if esc else direct,
        1.0 if esc else w_max,
        w_max * idle if esc else 0.0,
    )


@jit_inline
def target_speed(target: Target, value: float) -> float:
    """Rotor speed the ESC drives towards for the command ``value``, rad/s."""
    return target.scale * clip(value, 0.0, target.top) + target.floor


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
    """Last row of the body-to-world rotation, x and y (the hubs lie in the body x-y plane:
    hub heights)."""
    airspeed_x: float
    airspeed_y: float
    """Airspeed along body x and y, m/s."""
    wz: float
    """Yaw rate, rad/s (the rates about x and y move the hubs only vertically)."""


class Quad(NamedTuple):
    """The four rotors' speeds (rad/s) and thrust factors, motors 1-4."""

    w1: float
    w2: float
    w3: float
    w4: float
    k1: float
    k2: float
    k3: float
    k4: float


@jit_inline
def thrust(rotor: Rotors, height: float, w: float, factor: float) -> float:
    """Thrust of one rotor at speed ``w`` with its hub at ``height`` above the ground, N."""
    ratio = aero.ground_effect(height, rotor.radius)
    return (
        polynomial(rotor.kt0, rotor.kt1, rotor.kt2, w)
        * factor
        * rotor.thrust_scale
        * (1.0 + rotor.ground_effect * (ratio - 1.0))
    )


@jit_inline
def wrench(
    rotor: Rotors, body: Motion, arm_x: float, arm_y: float, q: Quad
) -> tuple[float, float, float, float, float, float]:
    """Force and moment (body frame) of the four rotors of a quad-X.

    The hubs are at (-a, -b, 0), (a, -b, 0), (-a, b, 0), (a, b, 0) (a = ``arm_x``, b =
    ``arm_y``) with spins -1, +1, +1, -1, as :func:`dronedojo.physics.params.rotor_positions`
    and ``SPIN`` make them; the sums over rotors of r_i x F_i are written out with those
    signs. Per rotor, the H-force is ``-k_d w_i (v_air + w x r_i)_xy``.
    """
    a, b = arm_x, arm_y
    ha, hb = body.r20 * a, body.r21 * b
    t1 = thrust(rotor, body.height - ha - hb, q.w1, q.k1)
    t2 = thrust(rotor, body.height + ha - hb, q.w2, q.k2)
    t3 = thrust(rotor, body.height - ha + hb, q.w3, q.k3)
    t4 = thrust(rotor, body.height + ha + hb, q.w4, q.k4)
    q1 = q.k1 * polynomial(rotor.kq0, rotor.kq1, rotor.kq2, q.w1)
    q2 = q.k2 * polynomial(rotor.kq0, rotor.kq1, rotor.kq2, q.w2)
    q3 = q.k3 * polynomial(rotor.kq0, rotor.kq1, rotor.kq2, q.w3)
    q4 = q.k4 * polynomial(rotor.kq0, rotor.kq1, rotor.kq2, q.w4)
    total = q.w1 + q.w2 + q.w3 + q.w4  # sum w_i, then sum x_i w_i / a and y_i w_i / b
    along_x = q.w2 + q.w4 - q.w1 - q.w3
    along_y = q.w3 + q.w4 - q.w1 - q.w2
    wz, d = body.wz, rotor.drag
    return (
        -d * (body.airspeed_x * total - wz * b * along_y),  # sum of -d w_i (v_x - wz y_i)
        -d * (body.airspeed_y * total + wz * a * along_x),  # sum of -d w_i (v_y + wz x_i)
        t1 + t2 + t3 + t4,
        b * (t3 + t4 - t1 - t2),  # sum y_i T_i
        a * (t1 + t3 - t2 - t4),  # sum -x_i T_i
        # sum (x_i H_y,i - y_i H_x,i) - s_i Q_i
        -d * (a * body.airspeed_y * along_x - b * body.airspeed_x * along_y
              + (a * a + b * b) * wz * total)
        + q1 + q4 - q2 - q3,
    )  # fmt: skip
