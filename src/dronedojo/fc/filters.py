"""The low-pass filters of the controller, with Betaflight's gain formulas (``common/filter.c``).

PT1:  y += k (x - y),  k = w dt / (w dt + 1),  w = 2 pi f_c
PT3:  three PT1 stages in series with the cutoff of each stage raised by
      1 / sqrt(2^(1/3) - 1) = 1.9615 so that the cascade is -3 dB at f_c.
"""

from __future__ import annotations

import math

from dronedojo.physics._jit import jit_inline

PT3_CORRECTION = 1.0 / math.sqrt(2.0 ** (1.0 / 3.0) - 1.0)
"""Per-stage cutoff factor of a third-order cascade (Betaflight's ``pt3FilterGain``)."""


@jit_inline
def pt1_gain(cutoff_hz: float, dt: float) -> float:
    """Gain of a first-order low-pass with cutoff ``cutoff_hz`` sampled every ``dt`` s."""
    wdt = 2.0 * math.pi * cutoff_hz * dt
    return wdt / (wdt + 1.0)


@jit_inline
def pt3_gain(cutoff_hz: float, dt: float) -> float:
    """Gain of each stage of a third-order low-pass whose cascade has cutoff ``cutoff_hz``."""
    return pt1_gain(cutoff_hz * PT3_CORRECTION, dt)
