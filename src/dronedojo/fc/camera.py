"""One step of a GPS camera drone: navigation -> attitude control -> rate PID -> mixer.

The navigation runs every ``layout.NAV_DIVIDER`` steps (100 Hz) with its outputs held in
between; attitude and rate control run every step (1 kHz).

The navigation (navigation.py: POSITION, ATTI, return to home, failsafes, landing detection)
gives roll and pitch targets, a yaw rate about world up and a collective thrust. The attitude
controller here is PX4's structure (``mc_att_control``): a proportional law from the
attitude error to body-rate setpoints, limited, with the world yaw rate projected onto the
body axes; the rate loop and mixer are the same as the FPV quads' (betaflight.py), tuned
per airframe (config.py).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as L
from dronedojo.fc.betaflight import euler_roll_pitch, loop_gains, mix, pid_axis_with
from dronedojo.fc.navigation import navigate
from dronedojo.fc.supervisor import disarm
from dronedojo.physics._jit import clip, jit_inline

Row = NDArray[np.float64]
DEG = 57.29577951308232
IDLE_THRUST = 0.02
"""Below this collective thrust (on the ground, spooled down) the I-terms are held at zero."""


@jit_inline
def _navigation(q: Row, s: Row, nq: Row, ns: Row, inp: Row, rd: Row, sticks: Row, dt: float) -> int:
    """Run the navigation when its phase comes round (every NAV_DIVIDER steps), holding its
    outputs in F_NAV_OUT; returns the events raised."""
    nav_in = sticks  # effective sticks; mode and RTH switches come from the pilot's input
    nav_in[4] = inp[L.I_ARM]
    nav_in[5] = inp[L.I_MODE]
    nav_in[6] = inp[L.I_RTH]
    nav_in[7] = inp[L.I_LINK]
    if rd[L.R_GPS_NEW] > 0.5:
        s[L.F_GPS_LATCH] = 1.0
    events = 0
    mode = s[L.F_MODE]
    s[L.F_TICK] -= 1.0
    if s[L.F_TICK] <= 0.0:
        s[L.F_TICK] = L.NAV_DIVIDER
        fresh = rd[L.R_GPS_NEW]
        rd[L.R_GPS_NEW] = s[L.F_GPS_LATCH]  # a sample that arrived between the runs is new
        s[L.F_GPS_LATCH] = 0.0
        mode, roll_t, pitch_t, yaw_rate, thrust, want_disarm, events = navigate(
            nq, ns, nav_in, rd, s[L.F_ARMED], s[L.F_LINK_LOST_T], dt * L.NAV_DIVIDER
        )
        rd[L.R_GPS_NEW] = fresh
        s[L.F_NAV_OUT] = roll_t
        s[L.F_NAV_OUT + 1] = pitch_t
        s[L.F_NAV_OUT + 2] = yaw_rate
        s[L.F_NAV_OUT + 3] = thrust
        if want_disarm > 0.5:
            events |= disarm(s, L.DISARM_LANDED)
    if mode != s[L.F_MODE]:
        events |= L.EV_MODE_CHANGED
        s[L.F_MODE] = mode
    return int(events)


@jit_inline
def camera_step(
    q: Row, s: Row, nq: Row, ns: Row, inp: Row, rd: Row, sticks: Row, dt: float, motors: Row
) -> int:
    """Navigation, attitude and rate control for one camera drone; motor outputs 0-1 to
    ``motors[0:4]``; returns the events raised."""
    events = _navigation(q, s, nq, ns, inp, rd, sticks, dt)
    roll_t = s[L.F_NAV_OUT]
    pitch_t = s[L.F_NAV_OUT + 1]
    yaw_rate = s[L.F_NAV_OUT + 2]
    thrust = s[L.F_NAV_OUT + 3]

    roll, pitch = euler_roll_pitch(rd, L.R_QUAT)
    qw = rd[L.R_QUAT]
    qx = rd[L.R_QUAT + 1]
    qy = rd[L.R_QUAT + 2]
    qz = rd[L.R_QUAT + 3]
    # World up expressed in body axes: the body rates that make up a yaw rate about world z.
    up_x = 2.0 * (qx * qz - qw * qy)
    up_y = 2.0 * (qy * qz + qw * qx)
    up_z = 1.0 - 2.0 * (qx * qx + qy * qy)
    limit = q[L.Q_TILT_RATE_MAX]
    yaw_deg = yaw_rate * DEG
    sp0 = clip(q[L.Q_ATT_P] * (roll_t * DEG - roll), -limit, limit) + yaw_deg * up_x
    sp1 = clip(q[L.Q_ATT_P] * (pitch_t * DEG - pitch), -limit, limit) + yaw_deg * up_y
    sp2 = yaw_deg * up_z
    s[L.F_SETPOINT] = sp0
    s[L.F_SETPOINT + 1] = sp1
    s[L.F_SETPOINT + 2] = sp2
    gains = loop_gains(q, dt)
    reset = thrust < IDLE_THRUST
    r = pid_axis_with(q, s, 0, sp0, rd[L.R_GYRO] * DEG, 0.0, 1.0, reset, dt, gains)
    p = pid_axis_with(q, s, 1, sp1, rd[L.R_GYRO + 1] * DEG, 0.0, 1.0, reset, dt, gains)
    y = pid_axis_with(q, s, 2, sp2, rd[L.R_GYRO + 2] * DEG, 0.0, 1.0, reset, dt, gains)
    s[L.F_THROTTLE] = mix(motors, r, p, y, thrust, q[L.Q_AIRMODE] > 0.5)
    return int(events)
