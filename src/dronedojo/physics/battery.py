"""Battery stage: LiPo open-circuit voltage, sag under load, depletion.

Model (equivalent circuit with one series resistance, no RC branch):

    E      = cells * ocv(soc)                      open-circuit voltage of the pack
    P      = sum_i Q_i * w_i / efficiency           electrical power into the ESCs
    R      = R_pack * resistance factor            the factor (State.resistance_factor) is 1
                                                   for a healthy pack, more for a weak cell
    V      = E - R * I,   I = P / V + I_avionics    terminal voltage and current
  =>  V    = (E' + sqrt(E'^2 - 4 R P / efficiency)) / 2,   E' = E - R * I_avionics
    dsoc/dt = -I / capacity

When the load asks for more power than the pack can give (negative discriminant) the pack
sits at its maximum-power point V = E'/2: a brown-out, as real packs show at the very end.
The rotor speed limit follows the terminal voltage (see motors.py), so thrust falls as the
voltage falls.

Per-cell open-circuit voltage against state of charge is a 21-point table (every 5 %) of the
resting voltage of a LiPo cell, as published in common LiPo voltage charts (100 % = 4.20 V,
50 % = 3.84 V, 0 % = 3.27 V), linearly interpolated.
"""

from __future__ import annotations

import math

import numpy as np

from dronedojo.physics._jit import clip, fmax, fmin, jit_inline

OCV_TABLE = np.array(
    [
        3.27, 3.61, 3.69, 3.71, 3.73, 3.75, 3.77, 3.79, 3.80, 3.82, 3.84,
        3.85, 3.87, 3.91, 3.95, 3.98, 4.02, 4.08, 4.11, 4.15, 4.20,
    ]
)  # fmt: skip
"""Resting voltage of one LiPo cell at state of charge 0, 0.05, ..., 1.0, V."""

CELL_FULL = float(OCV_TABLE[-1])
"""Resting voltage of a full cell, V."""


@jit_inline
def cell_voltage(soc: float) -> float:
    """Open-circuit voltage of one cell at state of charge ``soc`` (clipped to [0, 1]), V."""
    s = clip(soc, 0.0, 1.0) * 20.0
    i = int(fmin(s, 19.0))
    f = s - i
    return float(OCV_TABLE[i] + f * (OCV_TABLE[i + 1] - OCV_TABLE[i]))


@jit_inline
def terminal_voltage(ocv: float, resistance: float, avionics: float, power: float) -> float:
    """Terminal voltage (V) of a pack with open-circuit voltage ``ocv`` delivering electrical
    ``power`` (W, shaft power / efficiency) besides the avionics current; the current is then
    ``power / V + avionics``."""
    e = ocv - resistance * avionics
    disc = fmax(e * e - 4.0 * resistance * power, 0.0)
    return 0.5 * (e + math.sqrt(disc))
