"""Arming, disarming and the RC-link watch: the part of the controller above the flight modes.

Arming follows Betaflight's rules (``fc/core.c`` and the arming-disable flags): the arm switch
must go from off to on (a switch already on when the controller starts is refused until it is
toggled), with the throttle low, the drone within ``small_angle`` of level, no crash pending,
no failsafe. A refusal is recorded with its reason. Disarm: the switch, a
detected crash (the accelerometer's impact reading), a failsafe "drop", or the landing
detector of the camera-drone modes.

RC link loss: the pilot's sticks are replaced the moment frames stop (Betaflight's rxfail
"auto" values for FPV: sticks centred and throttle low; camera drones: sticks centred and the
throttle at its centre, which holds altitude); switches keep their last value. What happens
after the failsafe delay is the flight mode's business (fpv.py, camera navigation).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as L
from dronedojo.physics._jit import clip, jit_inline

Row = NDArray[np.float64]


@jit_inline
def _tilt_deg(rd: Row) -> float:
    """Inclination of body z from world up, deg (from the attitude estimate)."""
    x = rd[L.R_QUAT + 1]
    y = rd[L.R_QUAT + 2]
    cos_tilt = 1.0 - 2.0 * (x * x + y * y)
    cos_tilt = clip(cos_tilt, -1.0, 1.0)
    return math.degrees(math.acos(cos_tilt))


@jit_inline
def refusal(q: Row, s: Row, rd: Row, throttle: float) -> int:
    """Why arming is refused now (REFUSE_*), or REFUSE_NONE. (Without a link the switch
    change never arrives, so there is no RX-loss case to check.)"""
    if s[L.F_CRASH] > 0.5 or rd[L.R_CRASH] > 0.5:
        return L.REFUSE_CRASH
    if s[L.F_FAILSAFE] > 0.5:
        return L.REFUSE_FAILSAFE
    if throttle > q[L.Q_MIN_THROTTLE]:
        return L.REFUSE_THROTTLE
    if _tilt_deg(rd) > q[L.Q_SMALL_ANGLE]:
        return L.REFUSE_ANGLE
    return L.REFUSE_NONE


@jit_inline
def reset_flight_memory(s: Row) -> None:
    """Clear integrators and filters when the motors start (a fresh PID state each arming)."""
    for i in range(L.F_ITERM, L.F_THROTTLE):
        s[i] = 0.0
    for i in range(L.F_ANGLE_FF, L.F_STICKS):
        s[i] = 0.0
    for i in range(L.F_RELAX, L.F_RELAX + 3):
        s[i] = 0.0
    s[L.F_ARMED_TIME] = 0.0


@jit_inline
def disarm(s: Row, reason: int) -> int:
    """Disarm with ``reason`` (DISARM_*); returns the events raised."""
    if s[L.F_ARMED] < 0.5:
        return 0
    s[L.F_ARMED] = 0.0
    s[L.F_DISARM_REASON] = reason
    return L.EV_DISARMED | (L.EV_CRASH_DISARM if reason == L.DISARM_CRASH else 0)


@jit_inline
def _link_watch(q: Row, s: Row, inp: Row, sticks: Row, dt: float) -> tuple[int, float]:
    """Track the RC link; write the effective sticks; return (events, arm switch seen)."""
    events = 0
    link = inp[L.I_LINK] > 0.5
    camera = q[L.Q_KIND] == L.KIND_CAMERA
    if link:
        if s[L.F_LINK_LOST_T] > 0.0:
            events |= L.EV_LINK_RECOVERED
        s[L.F_LINK_LOST_T] = 0.0
        if camera or s[L.F_FAILSAFE] < 1.5 or s[L.F_ARMED] < 0.5:
            s[L.F_FAILSAFE] = 0.0  # a running stage-2 procedure ends only with the disarm
        sticks[0] = inp[L.I_ROLL]
        sticks[1] = inp[L.I_PITCH]
        sticks[2] = inp[L.I_YAW]
        sticks[3] = inp[L.I_THROTTLE]
        switch = 1.0 if inp[L.I_ARM] > 0.5 else 0.0
    else:
        if s[L.F_LINK_LOST_T] == 0.0:
            events |= L.EV_LINK_LOST
        s[L.F_LINK_LOST_T] += dt
        if s[L.F_FAILSAFE] < 0.5 and s[L.F_ARMED] > 0.5:
            s[L.F_FAILSAFE] = 1.0  # stage 1: sticks held centred
        sticks[0] = 0.0
        sticks[1] = 0.0
        sticks[2] = 0.0
        sticks[3] = 0.5 if camera else 0.0
        switch = s[L.F_ARM_SWITCH] if s[L.F_ARM_SWITCH] >= 0.0 else 0.0

    return events, switch


@jit_inline
def supervise(q: Row, s: Row, inp: Row, rd: Row, dt: float, sticks: Row) -> int:
    """Link watch and arming for one step; writes the effective sticks (roll, pitch, yaw,
    throttle) to ``sticks[0:4]`` and returns the events raised."""
    s[L.F_TIME] += dt
    events, switch = _link_watch(q, s, inp, sticks, dt)
    previous = s[L.F_ARM_SWITCH]
    if s[L.F_CRASH] > 0.5 and rd[L.R_CRASH] < 0.5:
        s[L.F_CRASH] = 0.0  # the crash has been cleared (the drone was reset)
    if s[L.F_ARMED] > 0.5:
        if rd[L.R_CRASH] > 0.5:
            s[L.F_CRASH] = 1.0
            events |= disarm(s, L.DISARM_CRASH)
        elif switch < 0.5:
            events |= disarm(s, L.DISARM_SWITCH)
        else:
            s[L.F_ARMED_TIME] += dt
    elif switch > 0.5 and previous != 1.0:
        reason = L.REFUSE_ARM_SWITCH if previous < 0.0 else refusal(q, s, rd, sticks[3])
        if reason == L.REFUSE_NONE:
            reset_flight_memory(s)
            s[L.F_ARMED] = 1.0
            s[L.F_REFUSAL] = L.REFUSE_NONE
            events |= L.EV_ARMED
        else:
            s[L.F_REFUSAL] = reason
            events |= L.EV_ARM_REFUSED
    s[L.F_ARM_SWITCH] = switch
    return events
