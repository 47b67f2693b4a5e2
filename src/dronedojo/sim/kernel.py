"""One compiled call per simulation step: sensors -> flight controller -> physics, N drones.

Fusing the three passes into one call keeps a one-drone session at one Python-to-machine-code
crossing per millisecond of flight; each pass is its own compiled function (sim/sensors.py,
fc/kernel.py, physics/kernel.py) and keeps its own layout.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc.kernel import control_batch
from dronedojo.physics._jit import jit
from dronedojo.physics.kernel import step_batch
from dronedojo.sim.sensors import read_batch

Array = NDArray[np.float64]


@jit
def sim_step(
    physics_table: Array, physics_plan: NDArray[np.int64], physics: Array, physics_out: Array,
    command: Array, env: Array, noise: Array, dt: float, sensor_params: Array, sensor_state: Array,
    sensor_rng: NDArray[np.uint64], readings: Array, fc_params: Array, fc_state: Array,
    nav_params: Array, nav_state: Array, inputs: Array, events: NDArray[np.int64],
) -> None:  # fmt: skip
    """Read the sensors of ``physics`` (state at t), run the controllers, advance the physics
    into ``physics_out`` (state at t + dt). Sensor, controller and navigation states, the
    readings, motor commands and event bits are updated in place."""
    read_batch(sensor_params, sensor_state, sensor_rng, physics, readings)
    control_batch(fc_params, fc_state, nav_params, nav_state, inputs, readings, dt, command, events)
    step_batch(physics_table, physics_plan, physics, command, env, noise, dt, physics_out)
