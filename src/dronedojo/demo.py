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
from dronedojo.physics import Environment, State, airframes
from dronedojo.physics.figures import hover_throttle
from dronedojo.physics.params import STANDARD_GRAVITY
from dronedojo.sim.faults import Fault
from dronedojo.sim.simulator import Simulator

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

    def __init__(self, airframe: str, seed: int) -> None:
        env = Environment(wind=WIND, turbulence="light")
        self.sim = Simulator([airframe], env=env, seed=seed)
        self.start = self.sim.physics.position[0].copy()
        self.log = Table(
            Column("time s", justify="right"),
            "what happened",
            "mode",
            Column("height m", justify="right"),
            Column("from start m", justify="right"),
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
        mode = self.sim.controller.mode[0]
        self.log.add_row(
            f"{self.sim.time:.1f}", what, mode, f"{p[2]:.1f}", f"{self.distance(p):.1f}"
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
                self.note(", ".join(name.replace("_", " ") for name in event_names(bits)))
            if bits & until:
                break
        return Track(rows[:k, 0], rows[:k, 1], rows[:k, 2], k * steps * self.sim.dt)


def camera_flight(console: Console, airframe: str, seed: int) -> Flight:
    """Flight 1: the GPS camera drone in POSITION mode, through a GPS outage and home."""
    f = Flight(airframe, seed)
    centred = sticks(throttle=0.5)  # the throttle stick centred holds the height
    f.fly(0.5, sticks(arm=0.0))  # the controller must see the arm switch off first
    f.note("pilot: arm switch on, throttle down")
    f.fly(1.0, sticks())
    f.note("pilot: throttle full up")
    f.fly(4.0, sticks(throttle=1.0))  # above 62.5 % it takes off
    f.note("pilot: sticks centred")
    f.fly(SETTLE, centred)
    hold = f.fly(10.0, centred)
    f.note("pilot: pitch stick full forward")
    forward = f.fly(10.0, sticks(throttle=0.5, pitch=1.0))
    f.note("pilot: sticks centred")
    brake = f.fly(5.0, centred)
    f.note(f"fault: the GPS receiver loses its fix for {GPS_OUTAGE:.0f} s")
    f.sim.inject(Fault("gps_loss", at=f.sim.time, duration=GPS_OUTAGE))
    lost = f.fly(WAIT_LIMIT, centred, until=FL.EV_GPS_LOST)
    atti = f.fly(WAIT_LIMIT, centred, until=FL.EV_GPS_RECOVERED)
    f.fly(2.0, centred)
    f.note("pilot: return-to-home switch on")
    home = f.fly(WAIT_LIMIT, sticks(throttle=0.5, rth=1.0), until=FL.EV_DISARMED)

    wind = math.hypot(*WIND)
    title = airframes.get(airframe).title
    console.print(f"\n[bold]1. {title}[/bold], POSITION mode, wind {wind:.0f} m/s from the west")
    console.print(f.log)
    spot = hold.position[0, :2]  # where it stopped
    off = np.hypot(*(hold.position[:, :2] - spot).T)
    console.print(
        f"Hover with the sticks centred ({hold.seconds:.0f} s, after {SETTLE:.0f} s to settle): "
        f"within {np.percentile(off, 95):.2f} m of where it stopped 95 % of the time, at most "
        f"{off.max():.2f} m ({f.distance(spot):.1f} m from the take-off spot)."
    )
    top = np.hypot(*forward.velocity[:, :2].T).max()
    stop = np.hypot(*(brake.position[-1, :2] - forward.position[-1, :2]))
    console.print(
        f"Forward: {f.distance(forward.position[-1]):.0f} m out at up to {top:.1f} m/s; "
        f"stopped {stop:.1f} m after the sticks were centred."
    )
    drift = atti.position[-1] - lost.position[-1]
    console.print(
        f"GPS lost: {lost.seconds:.1f} s later it fell back to ATTI ('altitude'); in "
        f"{atti.seconds:.1f} s without position hold it drifted {drift[0]:.1f} m downwind "
        f"and {abs(drift[1]):.1f} m sideways."
    )
    armed = bool(f.sim.controller.armed[0])
    console.print(
        f"Return to home: climbed to {home.position[:, 2].max():.1f} m, flew back, landed "
        f"{f.distance(home.position[-1]):.2f} m from the take-off spot and "
        + ("is still armed." if armed else "disarmed.")
        + f" Flight time {f.sim.controller.armed_time[0]:.0f} s, battery used "
        f"{100 * (1 - f.state.state_of_charge[0]):.0f} %."
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


def fpv_flight(console: Console, seed: int) -> Flight:
    """Flight 2: the FPV quad: ANGLE, an ACRO flip, then link loss and failsafe."""
    f = Flight(FPV_AIRFRAME, seed)
    max_rate = float(for_airframe(airframes.get(FPV_AIRFRAME)).betaflight.rates.max_rate_deg()[0])
    pilot = HoverPilot(FPV_AIRFRAME)
    f.fly(0.5, sticks(arm=0.0, mode="angle"))
    f.note("pilot: arm switch on, throttle down")
    f.fly(0.5, sticks(mode="angle"))
    f.note(f"pilot: climb to {FPV_HEIGHT:.0f} m and hover")
    f.fly(10.0, pilot)
    flip_time = 360.0 / max_rate  # a full turn at the full-stick rate
    f.note(f"pilot: ACRO, roll stick full right for {flip_time:.2f} s")
    flip_sticks = sticks(throttle=pilot.throttle, roll=1.0, mode="acro")
    flip = f.fly(flip_time, flip_sticks, frame=f.sim.dt)  # every step: the peak rate is brief
    f.note("pilot: stick centred, back to ANGLE")
    recovery = f.fly(5.0, pilot)
    f.note("fault: RC link lost")
    f.sim.inject(Fault("link_loss", at=f.sim.time))
    lost = f.fly(WAIT_LIMIT, pilot, until=FL.EV_DISARMED)
    f.fly(10.0, pilot)  # the fall

    console.print(f"\n[bold]2. {airframes.get(FPV_AIRFRAME).title}[/bold], Betaflight, same wind")
    console.print(f.log)
    roll_rate = np.degrees(np.concatenate([flip.rate[:, 0], recovery.rate[:, 0]]))
    lowest = np.concatenate([flip.position[:, 2], recovery.position[:, 2]]).min()
    console.print(
        f"Flip: peak roll rate {roll_rate.max():.0f} deg/s (setpoint {max_rate:.0f}); lost "
        f"{flip.position[0, 2] - lowest:.1f} m of height."
    )
    state = f.state
    crash = f"crashed at {state.impact_speed[0]:.1f} m/s." if state.crashed[0] else "did not crash."
    console.print(
        "Link loss: failsafe stage 1 (sticks centred, throttle low), then stage 2 'drop' "
        f"disarmed it {lost.seconds:.1f} s later at {lost.position[-1, 2]:.1f} m; it fell and "
        + crash
    )
    return f


def run_demo(console: Console, airframe: str, seed: int) -> None:
    """Fly the two demo flights and print their logs."""
    console.print(
        f"[bold]Drone Dojo demo[/bold], seed {seed}: a scripted pilot flies two drones through "
        "their flight controllers in the simulator, in wind with light turbulence."
    )
    console.print("Compiling the simulator (first run only)…")
    started = time.perf_counter()
    Simulator([airframe, FPV_AIRFRAME]).step()
    console.print(f"Ready in {time.perf_counter() - started:.1f} s.")
    started = time.perf_counter()
    flights = camera_flight(console, airframe, seed), fpv_flight(console, seed)
    wall = time.perf_counter() - started
    simulated = sum(f.sim.time for f in flights)
    rate = 1.0 / flights[0].sim.dt
    console.print(f"\n{simulated:.0f} s of flight simulated at {rate:.0f} Hz in {wall:.1f} s.")
