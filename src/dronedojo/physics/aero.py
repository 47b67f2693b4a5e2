"""Aerodynamic stage: ground effect, vortex ring state, rotor H-force, body drag.

Ground effect (Cheeseman & Bennett 1955, "The effect of the ground on a helicopter rotor in
forward flight", ARC R&M 3021), per rotor, with z the hub height above the ground:

    T_IGE / T_OGE = 1 / (1 - (R / (4 z))^2),   z clipped to z >= R / 2 (ratio <= 4/3)

computed while the drone is within 10 rotor radii (plus its own size) of the ground.

Vortex ring state (an approximation, documented as such; no open quadrotor simulator models
it): when the rotors descend into their own wake the thrust drops. With v_h the induced
velocity at hover (momentum theory, v_h = sqrt(m g / (2 rho A_total))), v_d the descent
speed along the rotor axis and v_e the edgewise airspeed,

    loss = k_vrs * sin^2(pi (v_d / v_h - 0.3) / 1.6)   for 0.3 < v_d / v_h < 1.9, else 0
         * max(0, 1 - (v_e / v_h)^2)                     edgewise flight blows the ring away
    T   *= 1 - loss

The band 0.3-1.9 v_h with the worst case near 1.1 v_h follows the vortex-ring boundaries of
Johnson 2005 (NASA/TM-2005-213477, "Model for Vortex Ring State Influence on Rotorcraft Flight
Dynamics"); the peak loss k_vrs is per airframe.

Rotor drag ("H-force", induced drag of a rotor moving edgewise; Kai, Hamel et al. 2017,
RotorPy's k_d): F_i = -k_d * w_i * (v_hub,i)_xy in the body frame, v_hub = v_air + omega x r_i.

Body drag: F_k = -1/2 rho (Cd A)_k |v_k| v_k along each body axis k, v = airspeed.
"""

from __future__ import annotations

import math

from dronedojo.physics._jit import jit

GROUND_EFFECT_HEIGHT = 10.0
"""Rotor radii above the ground beyond which ground effect is not computed: there the ratio is
below 1 + 1/1600 (0.06 %), and skipping it saves four divisions per step in flight."""
VRS_LOW = 0.3
"""Descent speed / hover induced velocity where the vortex ring starts."""
VRS_HIGH = 1.9
"""... and where the rotor is through it (windmill brake state)."""


@jit
def ground_effect(height: float, radius: float) -> float:
    """Cheeseman-Bennett thrust ratio for a rotor of ``radius`` at hub ``height`` (m)."""
    z = max(height, 0.5 * radius)
    k = radius / (4.0 * z)
    return 1.0 / (1.0 - k * k)


@jit
def vortex_ring_loss(descent: float, edgewise: float, induced: float, peak: float) -> float:
    """Fraction of thrust lost at ``descent`` and ``edgewise`` airspeeds (m/s)."""
    r = descent / induced
    if r <= VRS_LOW or r >= VRS_HIGH or peak == 0.0:
        return 0.0
    e = edgewise / induced
    if e >= 1.0:
        return 0.0
    s = math.sin(math.pi * (r - VRS_LOW) / (VRS_HIGH - VRS_LOW))
    return peak * s * s * (1.0 - e * e)


@jit
def quadratic_drag(rho: float, area: float, v: float) -> float:
    """Drag force along one axis, N: ``-rho/2 * area * |v| * v``."""
    return -0.5 * rho * area * abs(v) * v
