"""The headless demo flight behind ``make run`` (until the web school exists).

A vertical hop flown by a simple climb-rate hold on the collective throttle (the flight
controller proper arrives with its own issue): take off, climb to 5 m, hover in a 2 m/s wind
with light turbulence, descend, land and disarm; beside it a second drone with its motors
stopped falls from 10 m and crashes. The report says what happened in numbers.
"""

from __future__ import annotations

import time

import numpy as np
from rich.console import Console
from rich.table import Table

from dronedojo.physics import Environment, MotorCommand, Params, airframes, initial_state, step
from dronedojo.physics.figures import hover_throttle

DT = 0.001


def run_demo(console: Console, airframe_name: str, seed: int) -> None:
    """Fly the demo and print the report."""
    airframe = airframes.get(airframe_name)
    console.print(f"[bold]Drone Dojo demo[/bold]: {airframe.title}, seed {seed}")
    hover = hover_throttle(airframe)
    params = Params.from_airframes([airframe, airframe])
    state = initial_state(params, position=[(0.0, 0.0, airframe.gear_height), (3.0, 0.0, 10.0)])
    env = Environment(wind=(2.0, 0.0, 0.0), turbulence="light")
    rng = np.random.default_rng(seed)
    phases = [("take off and climb to 5 m", 4.0, 5.0), ("hover at 5 m", 6.0, 5.0),
              ("descend and land", 9.0, -1.0)]  # fmt: skip
    table = Table("phase", "end time s", "height m", "climb m/s", "drift m", "battery V", "A")
    integral = 0.0
    landed = False
    t = 0.0
    max_height = 0.0
    started = time.perf_counter()
    steps = 0
    for name, duration, target in phases:
        for _ in range(round(duration / DT)):
            z, vz = state.position[0, 2], state.velocity[0, 2]
            climb = float(np.clip(0.8 * (target - z), -1.0, 1.5))
            error = climb - vz
            integral += 0.2 * error * DT
            u = float(np.clip(hover + integral + 0.15 * error, 0.0, 1.0))
            # on the ground after the descent: disarm, as a pilot would
            landed = landed or (target < 0.0 and state.contacts[0] >= 3)
            hop = MotorCommand.stopped(1) if landed else MotorCommand.esc(np.full(4, u))
            command = MotorCommand.combine([hop, MotorCommand.stopped(1)])
            state = step(params, state, command, env, DT, rng)
            t += DT
            steps += 1
            max_height = max(max_height, float(state.position[0, 2]))
        drift = float(np.hypot(*state.position[0, :2]))
        table.add_row(name, f"{t:.1f}", f"{state.position[0, 2]:.2f}",
                      f"{state.velocity[0, 2]:+.2f}", f"{drift:.2f}",
                      f"{state.voltage[0]:.2f}", f"{state.current[0]:.1f}")  # fmt: skip
    wall = time.perf_counter() - started
    console.print(table)
    soft = landed and not state.crashed[0]
    console.print(
        f"Hop: highest point {max_height:.2f} m; "
        + ("landed softly and disarmed." if soft else f"did not land (crashed={state.crashed[0]}).")
        + " With no attitude or position hold yet (the flight controller comes next), wind"
        + f" and turbulence moved it {float(np.hypot(*state.position[0, :2])):.1f} m sideways."
    )
    console.print(
        f"Dropped drone: crashed={bool(state.crashed[1])}, "
        f"impact speed {state.impact_speed[1]:.2f} m/s "
        f"(an object falling 10 m reaches {np.sqrt(2 * 9.80665 * 10):.2f} m/s without drag)."
    )
    console.print(
        f"{steps} steps of 2 drones at {1 / DT:.0f} Hz in {wall:.2f} s of wall time "
        f"({steps * DT / wall:.0f}x real time, including Python control)."
    )
