"""Figures of merit the model gives for an airframe: hover throttle, top speed, endurance.

They are measured on the physics itself (not re-derived), so they move when the model does:
- hover throttle: the ESC command at which a level drone at 50 m, full pack, neither climbs
  nor sinks (bisection on the command, rotor lag switched off so the rotors sit on target);
- top speed: the fastest level flight over all pitch angles with the rotors at their full
  speed: for each angle, the airspeed where the horizontal acceleration vanishes (bisection),
  kept if the drone can still hold its height there;
- hover endurance: a full pack hovered at 20 m by a vertical-speed hold until the pack is
  empty or the rotors can no longer hold the drone up (2 ms steps).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.table import Table

from dronedojo.physics import layout as L
from dronedojo.physics.airframe import Airframe
from dronedojo.physics.batch import step
from dronedojo.physics.command import MotorCommand
from dronedojo.physics.environment import Environment
from dronedojo.physics.params import Params
from dronedojo.physics.state import State, initial_state

STILL_AIR = Environment().without("motor_dynamics")


def _settled(params: Params, x: np.ndarray, command: MotorCommand, env: Environment) -> State:
    """The state ``x`` with its loaded battery voltage and rotor speeds settled for ``command``.

    The speed limit uses the previous step's voltage and the voltage depends on the rotor
    speeds: iterate that fixed point, damped (half of each update) so that a pack that sags
    hard under full throttle converges instead of oscillating.
    """
    x = x.copy()
    for _ in range(200):
        after = step(params, State(x), command, env, 0.001)
        change = float(np.max(np.abs(after.voltage - x[:, L.S_VOLT])))
        x[:, L.S_VOLT] = 0.5 * (x[:, L.S_VOLT] + after.voltage)
        x[:, L.S_ROTOR : L.S_ROTOR + 4] = after.rotor_speed
        if change < 1e-9:
            break
    return State(x)


def _vertical_accel(params: Params, throttle: float) -> float:
    """Vertical acceleration of a level hovering drone at ``throttle``, rotors on target."""
    command = MotorCommand.esc(np.full((params.n, 4), throttle))
    state = _settled(params, initial_state(params, position=(0.0, 0.0, 50.0)).x, command,
                     STILL_AIR)  # fmt: skip
    after = step(params, state, command, STILL_AIR, 0.001)
    return float((after.velocity[0, 2] - state.velocity[0, 2]) / 0.001)


def hover_throttle(airframe: Airframe) -> float:
    """ESC command (0-1) that holds a level drone in hover on a full pack."""
    params = Params.from_airframes([airframe])
    lo, hi = 0.0, 1.0
    if _vertical_accel(params, hi) < 0.0:
        return math.nan
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        if _vertical_accel(params, mid) < 0.0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _level_flight_accel(params: Params, pitch: float, speed: float) -> tuple[float, float]:
    """Horizontal and vertical acceleration at ``pitch`` (rad, nose down) and ``speed`` east."""
    q = (math.cos(pitch / 2), 0.0, math.sin(pitch / 2), 0.0)
    x = initial_state(params, position=(0.0, 0.0, 100.0), velocity=(speed, 0.0, 0.0)).x.copy()
    x[:, L.S_QUAT : L.S_QUAT + 4] = q
    env = STILL_AIR.without("vortex_ring")
    full = MotorCommand.esc(np.ones((1, 4)))
    state = _settled(params, x, full, env)
    nxt = step(params, state, full, env, 0.001)
    a = (nxt.velocity[0] - state.velocity[0]) / 0.001
    return float(a[0]), float(a[2])


def top_speed(airframe: Airframe) -> float:
    """Fastest level airspeed (m/s) the model reaches at full power, over pitch angles."""
    params = Params.from_airframes([airframe])
    best = 0.0
    for pitch_deg in range(2, 86):
        pitch = math.radians(pitch_deg)
        lo, hi = 0.0, 150.0
        if _level_flight_accel(params, pitch, hi)[0] > 0.0:
            continue
        for _ in range(30):
            mid = 0.5 * (lo + hi)
            if _level_flight_accel(params, pitch, mid)[0] > 0.0:
                lo = mid
            else:
                hi = mid
        if _level_flight_accel(params, pitch, lo)[1] >= 0.0:
            best = max(best, lo)
    return best


def hover_endurance(airframes: Sequence[Airframe], dt: float = 0.002) -> list[float]:
    """Minutes each airframe hovers on a full pack (all flown together in one batch)."""
    params = Params.from_airframes(list(airframes))
    n = params.n
    throttle = np.array([hover_throttle(a) for a in airframes])
    state = initial_state(params, position=(0.0, 0.0, 20.0))
    env = Environment()
    integral = np.zeros(n)
    flying = np.ones(n, dtype=bool)
    endurance = np.zeros(n)
    t = 0.0
    while flying.any() and t < 3 * 3600:
        vz = state.velocity[:, 2]
        z_err = 20.0 - state.position[:, 2]
        integral += 0.05 * (z_err + 0.5 * (0.0 - vz)) * dt
        u = np.clip(throttle + integral + 0.05 * z_err - 0.1 * vz, 0.0, 1.0)
        state = step(params, state, MotorCommand.esc(np.repeat(u[:, None], 4, axis=1)), env, dt)
        t += dt
        empty = (state.state_of_charge <= 0.0) | (state.position[:, 2] < 19.0)
        ended = flying & empty
        endurance[ended] = t / 60.0
        flying &= ~empty
    endurance[flying] = t / 60.0
    return [float(e) for e in endurance]


@dataclass(frozen=True)
class Figures:
    """The model's figures for one airframe."""

    hover_throttle: float
    top_speed: float
    hover_endurance_min: float


def model_figures(airframes: Sequence[Airframe]) -> list[Figures]:
    """Hover throttle, top speed and hover endurance for each airframe."""
    endurance = hover_endurance(airframes)
    return [
        Figures(hover_throttle(a), top_speed(a), e)
        for a, e in zip(airframes, endurance, strict=True)
    ]


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None or math.isnan(value) else format(value, spec)


def figures_rows(airframes: Sequence[Airframe]) -> list[list[str]]:
    """One row per airframe: name, then each figure as model / published."""
    rows = []
    for a, f in zip(airframes, model_figures(airframes), strict=True):
        p = a.published
        published_throttle = None if p.hover_throttle is None else p.hover_throttle * 100
        rows.append([
            a.name,
            f"{a.mass * 1000:.0f} g",
            f"{_fmt(f.hover_throttle * 100, '.0f')} % / {_fmt(published_throttle, '.0f')}",
            f"{_fmt(f.top_speed, '.1f')} / {_fmt(p.top_speed_m_s, '.1f')}",
            f"{_fmt(f.hover_endurance_min, '.1f')} / {_fmt(p.hover_endurance_min, '.1f')}",
        ])  # fmt: skip
    return rows


HEADERS = [
    "airframe",
    "mass",
    "hover throttle (model / published)",
    "top speed m/s (model / published)",
    "hover endurance min (model / published)",
]


def figures_table(airframes: Sequence[Airframe]) -> Table:
    """A Rich table of :func:`figures_rows`."""
    table = Table(*HEADERS, title="Airframe presets: the model beside the published figures")
    for row in figures_rows(airframes):
        table.add_row(*row)
    return table
