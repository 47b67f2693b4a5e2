"""Return-to-home, failsafe and battery logic of the camera-drone navigation.

Rules (reference section 3):

- Straight-line RTH as the DJI Mavic 3 manual states it: closer than 5 m to home -> land at
  once; 5-50 m -> fly home at the current height, climbing to at least 2 m; farther -> climb
  to the RTH height unless already higher, fly straight home, land. Without GPS (or without a
  recorded home) it cannot return: it lands where it is instead (mode LAND).
- Landing descent as PX4: MPC_Z_V_AUTO_DN above MPC_LAND_ALT1, MPC_LAND_SPEED below
  MPC_LAND_ALT2, linear in between (``land_speed``).
- RC link lost for the delay -> the configured action (RETURN, LAND or HOLD), once; link back
  -> the pilot's mode (a return the pilot or the battery started carries on).
- Low battery (coulomb counting from a pack taken as charged at NQ_SOC_AT_ARM): when the charge
  left no longer covers the flight home (climb at MPC_Z_V_AUTO_UP, cruise at the RTH speed,
  land with the profile above) at the larger of the hover current and the averaged measured
  current, plus a reserve, RETURN starts once (EV_LOW_BATTERY). Critical: when it no longer
  covers landing from here plus a smaller reserve, a forced landing (LAND, EV_FORCED_LANDING)
  that nothing else overrides; the horizontal sticks still move the drone.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as FL
from dronedojo.fc import nav_layout as N
from dronedojo.fc.nav_sticks import elapsed
from dronedojo.physics._jit import fmax, jit_inline

Array = NDArray[np.float64]


@jit_inline
def land_speed(q: Array, h: float) -> float:
    """Descent rate when landing from height ``h`` above home, m/s (positive)."""
    ls: float = q[N.NQ_LAND_SPEED]
    dn: float = q[N.NQ_AUTO_VEL_DN]
    a1: float = q[N.NQ_LAND_ALT1]
    a2: float = q[N.NQ_LAND_ALT2]
    if h <= a2:
        return ls
    if h >= a1:
        return dn
    return ls + (dn - ls) * (h - a2) / (a1 - a2)


@jit_inline
def land_time(q: Array, h: float) -> float:
    """Time to descend from height ``h`` (m above home) to the ground with ``land_speed``, s."""
    ls: float = q[N.NQ_LAND_SPEED]
    dn: float = q[N.NQ_AUTO_VEL_DN]
    a1: float = q[N.NQ_LAND_ALT1]
    a2: float = q[N.NQ_LAND_ALT2]
    if h <= 0.0:
        return 0.0
    if h <= a2:
        return h / ls
    t = a2 / ls
    k = (dn - ls) / (a1 - a2)  # speed gradient, 1/s
    hm = h if h < a1 else a1
    if k > 1e-9 or k < -1e-9:
        t += math.log((ls + k * (hm - a2)) / ls) / k
    else:
        t += (hm - a2) / ls
    if h > a1:
        t += (h - a1) / dn
    return t


@jit_inline
def return_height(q: Array, d: float, h: float) -> float:
    """Height above home the return flies at, from distance ``d`` and height ``h``, m.

    Closer than NQ_RTH_LAND_R it does not fly (returns ``h``: it lands where it is)."""
    if d < q[N.NQ_RTH_LAND_R]:
        return h
    if d <= q[N.NQ_RTH_NEAR_R]:
        return fmax(h, q[N.NQ_RTH_MIN_ALT])
    return fmax(h, q[N.NQ_RTH_ALT])


@jit_inline
def return_time(q: Array, d: float, h: float) -> float:
    """Time a return from distance ``d`` (m) and height ``h`` (m above home) takes, s."""
    if d < q[N.NQ_RTH_LAND_R]:
        return land_time(q, h)
    hr = return_height(q, d, h)
    climb: float = (hr - h) / q[N.NQ_AUTO_VEL_UP]
    cruise: float = d / q[N.NQ_RTH_SPEED]
    return climb + cruise + land_time(q, hr)


@jit_inline
def home_offset(s: Array) -> tuple[float, float, float]:
    """(distance to home horizontally m, east offset to home m, north offset to home m)."""
    dx = s[N.NS_HOME] - s[N.NS_POS]
    dy = s[N.NS_HOME + 1] - s[N.NS_POS + 1]
    return math.sqrt(dx * dx + dy * dy), dx, dy


@jit_inline
def plan_return(q: Array, s: Array) -> None:
    """Choose the return phase and height at the start of a return (DJI rules above)."""
    d = home_offset(s)[0]
    hz = s[N.NS_HOME + 2]
    h = s[N.NS_POS + 2] - hz
    if d < q[N.NQ_RTH_LAND_R]:
        s[N.NS_RTH_PHASE] = N.PHASE_LAND
    else:
        s[N.NS_RTH_PHASE] = N.PHASE_CLIMB
    s[N.NS_RTH_ALT] = hz + return_height(q, d, h)


@jit_inline
def battery_state(q: Array, s: Array) -> tuple[float, float]:
    """(charge left A s, current used for planning A) from the coulomb count."""
    left = q[N.NQ_CAPACITY] - s[N.NS_CHARGE_USED]
    return left, fmax(q[N.NQ_HOVER_CURRENT], s[N.NS_CURRENT_F])


@jit_inline
def battery_low(q: Array, s: Array, can_return: bool) -> bool:
    """True when the charge left no longer covers the return (or landing) plus the reserve."""
    if q[N.NQ_CAPACITY] <= 0.0:
        return False
    left, current = battery_state(q, s)
    h = s[N.NS_POS + 2] - s[N.NS_HOME + 2]
    t = return_time(q, home_offset(s)[0], h) if can_return else land_time(q, h)
    reserve: float = q[N.NQ_BAT_RESERVE] * q[N.NQ_CAPACITY]
    return left <= current * t + reserve


@jit_inline
def battery_critical(q: Array, s: Array) -> bool:
    """True when the charge left no longer covers landing from here plus the critical reserve."""
    if q[N.NQ_CAPACITY] <= 0.0:
        return False
    left, current = battery_state(q, s)
    h = s[N.NS_POS + 2] - s[N.NS_HOME + 2]
    reserve: float = q[N.NQ_BAT_CRITICAL] * q[N.NQ_CAPACITY]
    return left <= current * land_time(q, h) + reserve


@jit_inline
def start(proc: int, can_return: bool, gps_ok: bool) -> int:
    """The procedure that actually runs for ``proc`` given the navigation available."""
    if proc == N.PROC_RETURN and not can_return:
        return N.PROC_LAND
    if proc == N.PROC_HOLD and not gps_ok:
        return N.PROC_LAND
    return proc


@jit_inline
def proc_of_action(action: float) -> int:
    """PROC_* code of a failsafe action given as a MODE_* code."""
    if action == FL.MODE_LAND:
        return N.PROC_LAND
    if action == FL.MODE_HOLD:
        return N.PROC_HOLD
    return N.PROC_RETURN


@jit_inline
def _link_failsafe(
    q: Array,
    s: Array,
    link_lost_t: float,
    proc: int,
    owner: int,
    can_return: bool,
    gps_ok: bool,
    dt: float,
) -> tuple[int, int, int]:
    """Link-loss failsafe start (after NQ_LINK_DELAY, once) and end (link back): returns
    (procedure, owner, events). A return or landing already running carries on."""
    if elapsed(link_lost_t, q[N.NQ_LINK_DELAY], dt) and s[N.NS_FAILSAFE] < 0.5:
        s[N.NS_FAILSAFE] = 1.0
        if proc not in (N.PROC_RETURN, N.PROC_LAND):
            proc = start(proc_of_action(q[N.NQ_LINK_ACTION]), can_return, gps_ok)
            owner = N.OWNER_FAILSAFE
        return proc, owner, FL.EV_FAILSAFE
    if link_lost_t <= 0.0 and s[N.NS_FAILSAFE] > 0.5:
        s[N.NS_FAILSAFE] = 0.0
        if owner == N.OWNER_FAILSAFE:
            return N.PROC_NONE, N.OWNER_NONE, 0
    return proc, owner, 0


@jit_inline
def update_procedure(
    q: Array,
    s: Array,
    rth_sw: bool,
    req: float,
    link_lost_t: float,
    gps_ok: bool,
    dt: float,
) -> int:
    """Airborne procedure state machine; updates NS_PROC / NS_OWNER / flags, returns events.

    Priority: critical battery (sticky), link-loss failsafe, low battery, RTH switch (its
    rising edge starts or takes over a return, its falling edge cancels the pilot's return;
    moving the mode switch cancels a low-battery return). A return that starts plans its
    phase and height and raises EV_RETURN.
    """
    ev = 0
    proc = int(s[N.NS_PROC])
    owner = int(s[N.NS_OWNER])
    prev_proc = proc
    link_up = link_lost_t <= 0.0
    can_return = gps_ok and s[N.NS_HOME_OK] > 0.5
    prev_sw = s[N.NS_RTH_SW] > 0.5
    if owner != N.OWNER_CRITICAL and battery_critical(q, s):
        proc = N.PROC_LAND
        owner = N.OWNER_CRITICAL
        ev |= FL.EV_FORCED_LANDING
    if owner != N.OWNER_CRITICAL:
        proc, owner, fs_ev = _link_failsafe(q, s, link_lost_t, proc, owner, can_return, gps_ok, dt)
        ev |= fs_ev
        if s[N.NS_LOWBAT_DONE] < 0.5 and battery_low(q, s, can_return):
            s[N.NS_LOWBAT_DONE] = 1.0
            ev |= FL.EV_LOW_BATTERY
            if proc in (N.PROC_NONE, N.PROC_HOLD):
                proc = start(N.PROC_RETURN, can_return, gps_ok)
                owner = N.OWNER_LOW_BATTERY
        if rth_sw and not prev_sw and link_up:
            if proc != N.PROC_RETURN:
                proc = start(N.PROC_RETURN, can_return, gps_ok)
            owner = N.OWNER_PILOT
        elif (prev_sw and not rth_sw and link_up and owner == N.OWNER_PILOT) or (
            req != s[N.NS_MODE_SW] and link_up and owner == N.OWNER_LOW_BATTERY
        ):
            proc = N.PROC_NONE
            owner = N.OWNER_NONE
    # navigation lost during a procedure that needs it
    proc = start(proc, can_return, gps_ok)
    if proc == N.PROC_RETURN and prev_proc != N.PROC_RETURN:
        plan_return(q, s)
        ev |= FL.EV_RETURN
    s[N.NS_PROC] = proc
    s[N.NS_OWNER] = owner
    return ev
