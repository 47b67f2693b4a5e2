"""Aerodynamic stage: ground effect, vortex ring state, rotor H-force, body drag.

Ground effect (Cheeseman & Bennett 1955, "The effect of the ground on a helicopter rotor in
forward flight", ARC R&M 3021), per rotor, with z the hub height above the ground:

    T_IGE / T_OGE = 1 / (1 - (R / (4 z))^2),   z clipped to z >= R / 2 (ratio <= 4/3)

taken as 1 above 10 rotor radii, where it is below 1 + 1/1600.

Vortex ring state (an approximation, documented as such; no open quadrotor simulator models
it): when the rotors descend into their own wake the thrust drops. With v_h the induced
velocity at hover (momentum theory, v_h = sqrt(m g / (2 rho A_total))), v_d the descent
speed along the rotor axis and v_e the edgewise airspeed,

    s    = (v_d / v_h - 0.3) / 1.6
    loss = k_vrs * (4 s (1 - s))^2                       for 0 < s < 1 (0.3 < v_d / v_h < 1.9)
         * max(0, 1 - (v_e / v_h)^2)                     edgewise flight blows the ring away
    T   *= 1 - loss

(a smooth quartic bump, 0 at the band's edges and 1 at its middle, v_d = 1.1 v_h).

The band 0.3-1.9 v_h with the worst case near 1.1 v_h follows the vortex-ring boundaries of
Johnson 2005 (NASA/TM-2005-213477, "Model for Vortex Ring State Influence on Rotorcraft Flight
Dynamics"); the peak loss k_vrs is per airframe.

Rotor drag ("H-force", induced drag of a rotor moving edgewise; Kai, Hamel et al. 2017,
RotorPy's k_d): F_i = -k_d * w_i * (v_hub,i)_xy in the body frame, v_hub = v_air + omega x r_i.

Body drag: F_k = -1/2 rho (Cd A)_k |v_k| v_k along each body axis k, v = airspeed.
"""

from __future__ import annotations

from dronedojo.physics._jit import fmax, jit_inline

GROUND_EFFECT_HEIGHT = 10.0
"""Rotor radii above the ground beyond which ground effect is not computed: there the ratio is
below 1 + 1/1600 (0.06 %), and skipping it saves four divisions per step in flight."""
VRS_LOW = 0.3
"""Descent speed / hover induced velocity where the vortex ring starts."""
VRS_HIGH = 1.9
"""... and where the rotor is through it (windmill brake state)."""


@jit_inline
def ground_effect(height: float, radius: float) -> float:
    """Cheeseman-Bennett thrust ratio for a rotor of ``radius`` at hub ``height`` (m); 1 above
    ``GROUND_EFFECT_HEIGHT`` radii. Written as (4z)^2 / ((4z)^2 - R^2): one division."""
    z4 = 4.0 * fmax(height, 0.5 * radius)
    ratio = z4 * z4 / (z4 * z4 - radius * radius)
    return ratio if height < GROUND_EFFECT_HEIGHT * radius else 1.0


@jit_inline
def vortex_ring_fraction(descent_ratio: float, edgewise_ratio_sq: float) -> float:
    """The vortex-ring loss as a fraction of its peak: ``(4 s (1 - s))^2 max(0, 1 - e^2)`` for
    descent speed / induced velocity ``descent_ratio`` and (edgewise speed / induced
    velocity)^2 ``edgewise_ratio_sq``; 0 outside the band."""
    s = (descent_ratio - VRS_LOW) / (VRS_HIGH - VRS_LOW)
    bump = 4.0 * s * (1.0 - s)
    fraction = bump * bump * fmax(1.0 - edgewise_ratio_sq, 0.0)
    return fraction if s > 0.0 and s < 1.0 else 0.0


@jit_inline
def vortex_ring_loss(descent: float, edgewise: float, induced: float, peak: float) -> float:
    """Fraction of thrust lost at ``descent`` and ``edgewise`` airspeeds (m/s)."""
    e = edgewise / induced
    return peak * vortex_ring_fraction(descent / induced, e * e)


@jit_inline
def quadratic_drag(half_rho_area: float, v: float) -> float:
    """Drag force along one axis, N: ``-(rho/2 Cd A) |v| v``."""
    return -half_rho_area * abs(v) * v
