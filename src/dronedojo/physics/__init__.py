"""Quadrotor physics: pure, batched, compiled.

    params = Params.from_airframes([airframes.get("fpv-5inch")] * 64)
    state = initial_state(params, position=(0, 0, 10))
    state = step(params, state, MotorCommand.esc(np.full((64, 4), 0.3)), Environment(), 0.001, rng)

Conventions (DESIGN.md): SI units, world ENU, body FLU, quaternions (w, x, y, z) body-to-world,
Betaflight quad-X motor order, drone axis first in every array.
"""

from dronedojo.physics import airframes
from dronedojo.physics.airframe import Airframe, Published
from dronedojo.physics.batch import DEFAULT_DT, step
from dronedojo.physics.command import MotorCommand
from dronedojo.physics.environment import EFFECTS, Environment
from dronedojo.physics.params import Params
from dronedojo.physics.state import State, initial_state, inject_gust
from dronedojo.physics.world import Box, Cylinder, World, WorldError

__all__ = [
    "DEFAULT_DT",
    "EFFECTS",
    "Airframe",
    "Box",
    "Cylinder",
    "Environment",
    "MotorCommand",
    "Params",
    "Published",
    "State",
    "World",
    "WorldError",
    "airframes",
    "initial_state",
    "inject_gust",
    "step",
]
