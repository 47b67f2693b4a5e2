"""Rotor stage: ESC command to rotor speed, first-order motor lag, thrust and drag torque.

w_max   = Kv_loaded * V                                    speed limit from the battery
target  = w_max * (idle + (1 - idle) * u)                  ESC command u in [0, 1]
        = clip(w_cmd, 0, w_max)                            direct rotor-speed command
        = 0                                                motors stopped (disarmed)
w(t+dt) = target + (w - target) * exp(-dt / tau)           exact for a constant target,
                                      tau = tau_up if target > w, else tau_down
T       = max(c0 + c1 w + c2 w^2, 0)                       thrust along body +z
Q       = max(d0 + d1 w + d2 w^2, 0)                       drag torque, opposite the spin
"""

from __future__ import annotations

from dronedojo.physics._jit import jit
from dronedojo.physics.layout import CMD_ESC, CMD_ROTOR_SPEED


@jit
def target_speed(kind: int, value: float, idle: float, w_max: float) -> float:
    """Rotor speed the ESC drives towards, rad/s."""
    if kind == CMD_ESC:
        u = min(max(value, 0.0), 1.0)
        return w_max * (idle + (1.0 - idle) * u)
    if kind == CMD_ROTOR_SPEED:
        return min(max(value, 0.0), w_max)
    return 0.0


@jit
def lag(w: float, target: float, gain_up: float, gain_down: float) -> float:
    """One step of the first-order lag; ``gain = 1 - exp(-dt / tau)`` for each direction."""
    if target > w:
        return w + (target - w) * gain_up
    return w + (target - w) * gain_down


@jit
def polynomial(c0: float, c1: float, c2: float, w: float) -> float:
    """``max(c0 + c1 w + c2 w^2, 0)``: thrust (N) or drag torque (N m) of one rotor."""
    y = c0 + w * (c1 + w * c2)
    return y if y > 0.0 else 0.0
