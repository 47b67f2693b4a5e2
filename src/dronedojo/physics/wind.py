"""Wind stage: steady wind, Dryden turbulence (low-altitude form) and 1-cosine gusts.

Dryden turbulence, low altitude (below 1000 ft), as MIL-F-8785C / MIL-HDBK-1797 give it, with
h the height in feet (clipped to 10-1000 ft) and W20 the wind speed at 20 ft (light 15 kt,
moderate 30 kt, severe 45 kt):

    sigma_w = 0.1 W20,     sigma_u = sigma_v = sigma_w / (0.177 + 0.000823 h)^0.4
    L_w     = h,           L_u = L_v = h / (0.177 + 0.000823 h)^1.2            (feet)

u is along the steady wind's horizontal direction (world x when there is none), v across it,
w vertical. Each component is a first-order Gauss-Markov process with the Dryden intensity and
length scale, sampled exactly for the step (so its variance is sigma^2 at any dt):

    a = exp(-V dt / L),   x <- a x + sigma sqrt(1 - a^2) n,   n ~ N(0, 1)

where V = max(|v - wind|, 1 m/s) is the speed through the frozen turbulence field (Taylor's
hypothesis; the floor keeps a hovering drone's turbulence moving). This is the Dryden
longitudinal spectrum's shape on all three axes; the exact lateral/vertical Dryden shaping
filter (1 + sqrt(3) L s / V) / (1 + L s / V)^2 is not used (documented approximation). The
process starts from its stationary distribution. Normal draws come from the caller's
``numpy.random.Generator`` as uniforms, turned into normals by the Box-Muller transform.

Discrete gusts (the 1-cosine shape of MIL-F-8785C), one starting with probability rate x dt in
each step while none is blowing or scheduled (so long gusts arrive less often than the rate),
with a random heading, a peak between half and all of the gust speed, and a
duration between half and one and a half times the mean duration:

    v_gust(t) = peak * (1 - cos(2 pi (t - t0) / T)) / 2    for t0 <= t < t0 + T
"""

from __future__ import annotations

import math

from dronedojo.physics._jit import jit_inline

FOOT = 0.3048
"""One foot in metres."""


@jit_inline
def dryden_scales(height: float, w20: float) -> tuple[float, float, float, float]:
    """Horizontal and vertical intensity (m/s) and length scale (m) at ``height`` (m)."""
    h = min(max(height / FOOT, 10.0), 1000.0)
    d5 = (0.177 + 0.000823 * h) ** 0.2  # one power: d^0.4 = d5^2, d^1.2 = d5^6
    d2 = d5 * d5
    sigma_w = 0.1 * w20
    return sigma_w / d2, sigma_w, h / (d2 * d2 * d2) * FOOT, h * FOOT


@jit_inline
def box_muller(u1: float, u2: float) -> tuple[float, float]:
    """Two independent standard normals from two uniforms in [0, 1)."""
    r = math.sqrt(-2.0 * math.log(1.0 - u1))
    a = 2.0 * math.pi * u2
    return r * math.cos(a), r * math.sin(a)


@jit_inline
def box_muller_first(u1: float, u2: float) -> float:
    """The first normal of :func:`box_muller` alone (no sine)."""
    return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


@jit_inline
def gauss_markov(x: float, decay: float, sigma: float, n: float) -> float:
    """One exact step of a first-order Gauss-Markov process with stationary deviation sigma."""
    return decay * x + sigma * math.sqrt(1.0 - decay * decay) * n


@jit_inline
def gust_shape(t: float, start: float, length: float) -> float:
    """The 1-cosine gust profile in [0, 1] at time ``t``; 0 outside the gust."""
    if t < start or t >= start + length:
        return 0.0
    return 0.5 * (1.0 - math.cos(2.0 * math.pi * (t - start) / length))
