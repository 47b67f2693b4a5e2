"""The headless demo behind ``make run``: two short flights through the flight controllers.

1. A GPS camera drone in a 5 m/s wind with light turbulence: arm, take off, hold position,
   fly forward, lose the GPS (it falls back to ATTI and drifts with the wind), get it back,
   return to home, land and disarm.
2. A 5-inch FPV quad in the same wind: hover in ANGLE mode, a roll flip in ACRO, recovery;
   then the RC link is lost and Betaflight's failsafe disarms it in the air.

A scripted pilot moves the sticks; the simulator (dronedojo.sim) runs sensors, flight
controller and physics at 1 kHz. Every number printed is measured on the simulated flight.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rich.console import Console
from rich.table import Column, Table

from dronedojo.fc import layout as FL
from dronedojo.fc.config import for_airframe
from dronedojo.fc.controller import PilotInput, event_names
from dronedojo.i18n import N_, Translator, translator
from dronedojo.physics import Environment, State, airframes
from dronedojo.physics.figures import hover_throttle
from dronedojo.physics.params import STANDARD_GRAVITY
from dronedojo.sim.faults import Fault
from dronedojo.sim.simulator import Simulator
from dronedojo.units import Units

Array = NDArray[np.float64]

WIND = (5.0, 0.0, 0.0)
"""Steady wind, m/s, blowing towards the east (world +x): a breeze from the west."""
FRAME = 0.01
"""s: the pilot moves the sticks and watches the drone 100 times a second (RC links send
50-500 frames a second)."""
WAIT_LIMIT = 300.0
"""Give up waiting for an event after this long, s (the return takes about a minute)."""
SETTLE = 5.0
"""s: after the climb the camera drone stops and settles before its hover is measured."""
GPS_OUTAGE = 10.0
"""How long the camera drone's GPS receiver has no fix, s."""
FPV_AIRFRAME = "fpv-5inch"
FPV_HEIGHT = 20.0
"""m: high enough that the failsafe's 1.5 s of low throttle ends above the ground."""

EVENT_TEXT = {
    "armed": N_("armed"),
    "disarmed": N_("disarmed"),
    "arm_refused": N_("arm refused"),
    "mode_changed": N_("mode changed"),
    "gps_lost": N_("gps lost"),
    "gps_recovered": N_("gps recovered"),
    "link_lost": N_("link lost"),
    "link_recovered": N_("link recovered"),
    "failsafe": N_("failsafe"),
    "return": N_("return"),
    "low_battery": N_("low battery"),
    "forced_landing": N_("forced landing"),
    "landed": N_("landed"),
    "crash_disarm": N_("crash disarm"),
    "takeoff": N_("takeoff"),
}
"""The log's words for the controller's events (layout.EVENTS), to translate."""
MODE_TEXT = {
    "acro": N_("acro"),
    "angle": N_("angle"),
    "horizon": N_("horizon"),
    "position": N_("position"),
    "altitude": N_("altitude"),
    "return": N_("return"),
    "land": N_("land"),
    "hold": N_("hold"),
    "failsafe_land": N_("failsafe land"),
}
"""The log's words for the flight modes (layout.MODES), to translate."""

Pilot = Callable[[State], PilotInput]
"""The sticks for the next frame, from the state the pilot sees."""


def sticks(
    throttle: float = 0.0,
    pitch: float = 0.0,
    roll: float = 0.0,
    arm: float = 1.0,
    rth: float = 0.0,
    mode: str = "position",
) -> Pilot:
    """A pilot holding the sticks and switches still."""
    inputs = PilotInput.of(1, roll, pitch, 0.0, throttle, arm, mode, rth)
    return lambda _state: inputs


@dataclass
class Track:
    """What one stretch of a flight did, one row per frame."""

    position: Array
    """m, world ENU, (k, 3)."""
    velocity: Array
    """m/s, world ENU, (k, 3)."""
    rate: Array
    """Body rates, rad/s, body FLU, (k, 3)."""
    seconds: float
    """How long it lasted, s."""


class Flight:
    """One drone in its own simulator, and the log of what happened to it."""

    def __init__(self, airframe: str, seed: int, t: Translator, units: Units) -> None:
        _ = t.gettext
        self.t, self.units = t, units
        env = Environment(wind=WIND, turbulence="light")
        self.sim = Simulator([airframe], env=env, seed=seed)
        self.start = self.sim.physics.position[0].copy()
        unit = units.length_unit
        self.log = Table(
            Column(_("time s"), justify="right"),
            _("what happened"),
            _("mode"),
            Column(_("height {unit}").format(unit=unit), justify="right"),
            Column(_("from start {unit}").format(unit=unit), justify="right"),
        )

    @property
    def state(self) -> State:
        return self.sim.physics

    def distance(self, position: Array) -> float:
        """Horizontal distance from the start, m."""
        return float(np.hypot(*(position[:2] - self.start[:2])))

    def note(self, what: str) -> None:
        """A row of the log: what happened now, with the mode, height and distance."""
        p = self.state.position[0]
        mode = self.t.gettext(MODE_TEXT[self.sim.controller.mode[0]])
        u = self.units
        self.log.add_row(
            u.number(self.sim.time, 1),
            what,
            mode,
            u.length_number(p[2], 1),
            u.length_number(self.distance(p), 1),
        )

    def fly(self, seconds: float, pilot: Pilot, until: int = 0, frame: float = FRAME) -> Track:
        """Fly ``seconds``, or until an event of the ``until`` bits; log the events."""
        steps = max(1, round(frame / self.sim.dt))
        frames = round(seconds / (steps * self.sim.dt))
        rows = np.empty((frames, 3, 3))
        state = self.state
        k = 0
        while k < frames:
            bits = int(self.sim.run(steps, pilot(state))[0])
            state = self.state
            rows[k] = state.position[0], state.velocity[0], state.angular_velocity[0]
            k += 1
            if bits:
                names = event_names(bits)
                self.note(", ".join(self.t.gettext(EVENT_TEXT[name]) for name in names))
            if bits & until:
                break
        return Track(rows[:k, 0], rows[:k, 1], rows[:k, 2], k * steps * self.sim.dt)


def camera_flight(console: Console, airframe: str, seed: int, t: Translator, u: Units) -> Flight:
    """Flight 1: the GPS camera drone in POSITION mode, through a GPS outage and home."""
    _ = t.gettext
    f = Flight(airframe, seed, t, u)
    centred = sticks(throttle=0.5)  # the throttle stick centred holds the height
    f.fly(0.5, sticks(arm=0.0))  # the controller must see the arm switch off first
    f.note(_("pilot: arm switch on, throttle down"))
    f.fly(1.0, sticks())
    f.note(_("pilot: throttle full up"))
    f.fly(4.0, sticks(throttle=1.0))  # above 62.5 % it takes off
    f.note(_("pilot: sticks centred"))
    f.fly(SETTLE, centred)
    hold = f.fly(10.0, centred)
    f.note(_("pilot: pitch stick full forward"))
    forward = f.fly(10.0, sticks(throttle=0.5, pitch=1.0))
    f.note(_("pilot: sticks centred"))
    brake = f.fly(5.0, centred)
    f.note(
        _("fault: the GPS receiver loses its fix for {seconds} s").format(
            seconds=u.number(GPS_OUTAGE, 0)
        )
    )
    f.sim.inject(Fault("gps_loss", at=f.sim.time, duration=GPS_OUTAGE))
    lost = f.fly(WAIT_LIMIT, centred, until=FL.EV_GPS_LOST)
    atti = f.fly(WAIT_LIMIT, centred, until=FL.EV_GPS_RECOVERED)
    f.fly(2.0, centred)
    f.note(_("pilot: return-to-home switch on"))
    home = f.fly(WAIT_LIMIT, sticks(throttle=0.5, rth=1.0), until=FL.EV_DISARMED)

    wind = math.hypot(*WIND)
    title = airframes.get(airframe).title
    console.print(
        "\n"
        + _("[bold]1. {title}[/bold], POSITION mode, wind {wind} from the west").format(
            title=title, wind=u.speed(wind, 0)
        )
    )
    console.print(f.log)
    spot = hold.position[0, :2]  # where it stopped
    off = np.hypot(*(hold.position[:, :2] - spot).T)
    console.print(
        _(
            "Hover with the sticks centred ({seconds} s, after {settle} s to settle): within "
            "{typical} of where it stopped 95 % of the time, at most {most} ({distance} from "
            "the take-off spot)."
        ).format(
            seconds=u.number(hold.seconds, 0),
            settle=u.number(SETTLE, 0),
            typical=u.length(float(np.percentile(off, 95)), 2),
            most=u.length(off.max(), 2),
            distance=u.length(f.distance(spot), 1),
        )
    )
    top = np.hypot(*forward.velocity[:, :2].T).max()
    stop = np.hypot(*(brake.position[-1, :2] - forward.position[-1, :2]))
    console.print(
        _(
            "Forward: {distance} out at up to {speed}; stopped {stop} after the sticks were "
            "centred."
        ).format(
            distance=u.length(f.distance(forward.position[-1]), 0),
            speed=u.speed(top, 1),
            stop=u.length(stop, 1),
        )
    )
    drift = atti.position[-1] - lost.position[-1]
    console.print(
        _(
            "GPS lost: {lost} s later it fell back to ATTI ('altitude'); in {atti} s without "
            "position hold it drifted {downwind} downwind and {sideways} sideways."
        ).format(
            lost=u.number(lost.seconds, 1),
            atti=u.number(atti.seconds, 1),
            downwind=u.length(drift[0], 1),
            sideways=u.length(abs(drift[1]), 1),
        )
    )
    returned = (
        _(
            "Return to home: climbed to {height}, flew back, landed {distance} from the "
            "take-off spot and is still armed."
        )
        if f.sim.controller.armed[0]
        else _(
            "Return to home: climbed to {height}, flew back, landed {distance} from the "
            "take-off spot and disarmed."
        )
    )
    console.print(
        returned.format(
            height=u.height(home.position[:, 2].max(), 1),
            distance=u.length(f.distance(home.position[-1]), 2),
        )
        + " "
        + _("Flight time {seconds} s, battery used {used} %.").format(
            seconds=u.number(f.sim.controller.armed_time[0], 0),
            used=u.number(100 * (1 - f.state.state_of_charge[0]), 0),
        )
    )
    return f


class HoverPilot:
    """A scripted FPV pilot in ANGLE mode: throttle for the height, tilt to stay over the start.

    A PID per axis on the position error gives the throttle (vertical) and an acceleration
    (horizontal); the acceleration becomes a tilt and the tilt a stick deflection through the
    quad's own ANGLE curve (Betaflight maps the stick to the angle through its rates curve).
    """

    KP = np.array([0.5, 0.5, 0.05])
    """Proportional gains, (m/s^2)/m horizontally, throttle/m vertically (horizontally a
    0.7 rad/s loop, damped by KD)."""
    KD = np.array([1.2, 1.2, 0.08])
    """Gains on the velocity, (m/s^2)/(m/s) and throttle/(m/s)."""
    KI = np.array([0.05, 0.05, 0.05])
    """Integral gains: they trim out the wind's push and find the hover throttle."""

    def __init__(self, airframe: str) -> None:
        a = airframes.get(airframe)
        bf = for_airframe(a).betaflight
        stick = np.linspace(0.0, 1.0, 201)
        rate = bf.rates.setpoint_deg(np.repeat(stick[:, None], 3, axis=1))[:, 0]
        self.curve = (bf.angle_limit_deg * rate / bf.rates.max_rate_deg()[0], stick)
        """ANGLE mode's (angle deg, stick) pairs."""
        self.integral = np.array([0.0, 0.0, hover_throttle(a) / self.KI[2]])  # a first guess
        self.throttle = 0.0

    def stick(self, acceleration: float) -> float:
        """The stick deflection that tilts the quad for a horizontal ``acceleration``, m/s^2."""
        tilt = math.degrees(math.atan(abs(acceleration) / STANDARD_GRAVITY))
        return math.copysign(float(np.interp(tilt, *self.curve)), acceleration)

    def __call__(self, state: State) -> PilotInput:
        """The sticks for the next frame (FRAME s)."""
        p, v, q = state.position[0], state.velocity[0], state.quaternion[0]
        error = np.array([0.0, 0.0, FPV_HEIGHT]) - p
        self.integral += error * FRAME
        east, north, self.throttle = self.KP * error - self.KD * v + self.KI * self.integral
        self.throttle = min(max(self.throttle, 0.0), 1.0)
        yaw = math.atan2(2 * (q[0] * q[3] + q[1] * q[2]), 1 - 2 * (q[2] ** 2 + q[3] ** 2))
        forward = east * math.cos(yaw) + north * math.sin(yaw)  # body frame
        right = east * math.sin(yaw) - north * math.cos(yaw)
        return PilotInput.of(
            1, roll=self.stick(right), pitch=self.stick(forward), throttle=self.throttle,
            arm=1.0, mode="angle",
        )  # fmt: skip


def fpv_flight(console: Console, seed: int, t: Translator, u: Units) -> Flight:
    """Flight 2: the FPV quad: ANGLE, an ACRO flip, then link loss and failsafe."""
    _ = t.gettext
    f = Flight(FPV_AIRFRAME, seed, t, u)
    max_rate = float(for_airframe(airframes.get(FPV_AIRFRAME)).betaflight.rates.max_rate_deg()[0])
    pilot = HoverPilot(FPV_AIRFRAME)
    f.fly(0.5, sticks(arm=0.0, mode="angle"))
    f.note(_("pilot: arm switch on, throttle down"))
    f.fly(0.5, sticks(mode="angle"))
    f.note(_("pilot: climb to {height} and hover").format(height=u.height(FPV_HEIGHT, 0)))
    f.fly(10.0, pilot)
    flip_time = 360.0 / max_rate  # a full turn at the full-stick rate
    f.note(
        _("pilot: ACRO, roll stick full right for {seconds} s").format(
            seconds=u.number(flip_time, 2)
        )
    )
    flip_sticks = sticks(throttle=pilot.throttle, roll=1.0, mode="acro")
    flip = f.fly(flip_time, flip_sticks, frame=f.sim.dt)  # every step: the peak rate is brief
    f.note(_("pilot: stick centred, back to ANGLE"))
    recovery = f.fly(5.0, pilot)
    f.note(_("fault: RC link lost"))
    f.sim.inject(Fault("link_loss", at=f.sim.time))
    lost = f.fly(WAIT_LIMIT, pilot, until=FL.EV_DISARMED)
    f.fly(10.0, pilot)  # the fall

    title = airframes.get(FPV_AIRFRAME).title
    console.print("\n" + _("[bold]2. {title}[/bold], Betaflight, same wind").format(title=title))
    console.print(f.log)
    roll_rate = np.degrees(np.concatenate([flip.rate[:, 0], recovery.rate[:, 0]]))
    lowest = np.concatenate([flip.position[:, 2], recovery.position[:, 2]]).min()
    console.print(
        _(
            "Flip: peak roll rate {peak} deg/s (setpoint {setpoint}); lost {height} of height."
        ).format(
            peak=u.number(roll_rate.max(), 0),
            setpoint=u.number(max_rate, 0),
            height=u.length(flip.position[0, 2] - lowest, 1),
        )
    )
    state = f.state
    failsafe = (
        _(
            "Link loss: failsafe stage 1 (sticks centred, throttle low), then stage 2 'drop' "
            "disarmed it {seconds} s later at {height}; it fell and crashed at {speed}."
        )
        if state.crashed[0]
        else _(
            "Link loss: failsafe stage 1 (sticks centred, throttle low), then stage 2 'drop' "
            "disarmed it {seconds} s later at {height}; it fell and did not crash."
        )
    )
    console.print(
        failsafe.format(
            seconds=u.number(lost.seconds, 1),
            height=u.height(lost.position[-1, 2], 1),
            speed=u.speed(state.impact_speed[0], 1),
        )
    )
    return f


def run_demo(
    console: Console, airframe: str, seed: int, lang: str = "en", units: str = "metric"
) -> None:
    """Fly the two demo flights and print their logs, in ``lang`` and ``units``."""
    t = translator(lang)
    _ = t.gettext
    u = Units(units, lang)
    console.print(
        _(
            "[bold]Drone Dojo demo[/bold], seed {seed}: a scripted pilot flies two drones "
            "through their flight controllers in the simulator, in wind with light turbulence."
        ).format(seed=seed)
    )
    console.print(_("Compiling the simulator (first run only)…"))
    started = time.perf_counter()
    Simulator([airframe, FPV_AIRFRAME]).step()
    console.print(
        _("Ready in {seconds} s.").format(seconds=u.number(time.perf_counter() - started, 1))
    )
    started = time.perf_counter()
    flights = camera_flight(console, airframe, seed, t, u), fpv_flight(console, seed, t, u)
    wall = time.perf_counter() - started
    simulated = sum(f.sim.time for f in flights)
    rate = 1.0 / flights[0].sim.dt
    console.print(
        "\n"
        + _("{simulated} s of flight simulated at {rate} Hz in {wall} s.").format(
            simulated=u.number(simulated, 0), rate=u.number(rate, 0), wall=u.number(wall, 1)
        )
    )
