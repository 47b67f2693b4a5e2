"""``step``: the one public entry to the compiled kernel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics import layout as L
from dronedojo.physics._jit import entry_point
from dronedojo.physics.command import MotorCommand
from dronedojo.physics.environment import Environment
from dronedojo.physics.kernel import step_batch
from dronedojo.physics.params import Params
from dronedojo.physics.state import State

_NO_NOISE = np.zeros((0, L.NOISE_SIZE))
_empty = np.empty
_new = object.__new__
_set_x: Callable[[State, NDArray[np.float64]], None] = State.__dict__["x"].__set__
"""The slot of State.x set directly (a frozen dataclass refuses plain assignment)."""
DEFAULT_DT = L.DEFAULT_DT
"""The physics rate is 1 kHz unless a caller chooses otherwise (0.5-2 ms are validated)."""


def step(
    params: Params,
    state: State,
    command: MotorCommand,
    env: Environment,
    dt: float = DEFAULT_DT,
    rng: np.random.Generator | None = None,
) -> State:
    """Advance N drones by ``dt`` seconds; pure: the inputs are not changed.

    Args:
        params: the drones' parameters, N rows (drones of different airframes may mix).
        state: their state, N rows.
        command: their motor commands, N rows.
        env: the environment they share.
        dt: step length, s, in (0, 0.004]; 0.001 (1 kHz) by default.
        rng: the session's random generator. Required when ``env.random`` (turbulence or
            random gusts); the same seed and the same commands give the same trajectory.

    Returns:
        The state after the step. Crash events show as ``crashed`` turning true, with the
        impact speed in ``impact_speed``.
    """
    x = state.x
    if env.random:
        if rng is None:
            raise ValueError("this environment has turbulence or gusts: pass rng")
        noise = rng.random((x.shape[0], L.NOISE_SIZE))
    else:
        noise = _NO_NOISE
    out = _empty(x.shape)  # (N, STATE_SIZE): State made x so
    _kernel(
        params.table,
        params.plan,
        x,
        command.x,
        env.x,
        noise,
        dt if type(dt) is float else float(dt),
        out,
    )
    result: State = _new(State)  # no __post_init__ checks: out is packed as State needs it
    _set_x(result, out)
    return result


def _first_call(*args: Any) -> None:
    """Compile through numba's dispatcher, then call the compiled entry point directly.

    ``step`` always passes the same argument types (read-only parameter table, plan and
    environment, writable C-contiguous float64 arrays otherwise, a float: State and
    MotorCommand make their arrays so when they are built), so there is one compiled
    signature; calling its entry point skips the per-call type dispatch, about a
    third of a microsecond, a sixth of a one-drone step.
    """
    global _kernel  # noqa: PLW0603 - replaced once by the compiled entry point
    _kernel = entry_point(step_batch, *args)


_kernel: Callable[..., None] = _first_call
