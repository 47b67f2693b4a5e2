"""The compiled controller step: N drones, one call, in place.

Per drone: the supervisor (link watch, arming) gives the effective sticks; an FPV quad runs
Betaflight's modes, PID and mixer (fpv.py), a camera drone its navigation, attitude control,
PID and mixer (camera.py); the motor outputs go out as physics motor commands (ESC values
0-1, or stopped when disarmed). The physics' ESC model applies the airframe's idle floor,
which is Betaflight's ``motor_idle`` (DShot ``outputLow``), so the controller does not.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as L
from dronedojo.fc.camera import camera_step
from dronedojo.fc.fpv import fpv_step
from dronedojo.fc.supervisor import supervise
from dronedojo.physics._jit import jit_vector as jit_no_refcount
from dronedojo.physics.layout import C_KIND, CMD_ESC, CMD_STOPPED

Array = NDArray[np.float64]


@jit_no_refcount
def control_batch(
    q: Array, s: Array, nq: Array, ns: Array, inp: Array, rd: Array, dt: float,
    command: Array, events: NDArray[np.int64],
) -> None:  # fmt: skip
    """Advance the controller state ``s`` (and navigation state ``ns``) of N drones by one
    step in place; write motor commands (N, COMMAND_SIZE) and event bits (N,)."""
    for i in range(s.shape[0]):
        si = s[i]
        sticks = si[L.F_STICKS : L.F_STICKS + L.INPUT_SIZE]
        ev = supervise(q[i], si, inp[i], rd[i], dt, sticks)
        out = command[i]
        if q[i, L.Q_KIND] == L.KIND_CAMERA:
            ev |= camera_step(q[i], si, nq[i], ns[i], inp[i], rd[i], sticks, dt, out)
        else:
            ev |= fpv_step(q[i], si, inp[i], rd[i], sticks, dt, out)
        if si[L.F_ARMED] > 0.5:
            out[C_KIND] = CMD_ESC
            for m in range(4):
                si[L.F_MOTOR + m] = out[m]
        else:
            out[C_KIND] = CMD_STOPPED
            for m in range(4):
                out[m] = 0.0
                si[L.F_MOTOR + m] = 0.0
        events[i] = ev
