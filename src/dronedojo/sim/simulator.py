"""A simulation of N drones: physics, sensors and flight controllers at a fixed rate, with faults.

    sim = Simulator(["fpv-5inch", "camera-sub250"], seed=7)
    events = sim.step(PilotInput.of(2, throttle=0.0, arm=1.0, mode="angle"))
    sim.inject(Fault("gps_loss", duration=10.0, drones=(1,)))

A Simulator is the mutable owner of one batch (a live session, a headless exercise run, a
benchmark): it keeps the arrays and advances them in place with one compiled call per step
(sim/kernel.py). Every random number comes from the seed: the physics' turbulence and gusts
from the session's Generator each step, the sensors' noise from per-drone streams seeded from
the same Generator at the start; the same seed and the same inputs give the same flight.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dronedojo.fc import layout as FL
from dronedojo.fc.config import FcConfig, for_airframe, uses_gps
from dronedojo.fc.controller import FcParams, FcState, PilotInput
from dronedojo.physics import DEFAULT_DT, Environment, Params, State, airframes, initial_state
from dronedojo.physics import layout as PL
from dronedojo.physics._jit import entry_point
from dronedojo.physics.airframe import Airframe
from dronedojo.physics.layout import LANES
from dronedojo.sim.faults import Fault
from dronedojo.sim.kernel import sim_step
from dronedojo.sim.sensors import SensorConfig, SensorParams, init_sensors

_NO_NOISE = np.zeros((0, PL.NOISE_SIZE))


def _first_call(*args: Any) -> None:
    """Compile through numba's dispatcher, then call the compiled entry point directly: the
    simulator always passes the same argument types, and skipping the dispatcher's type
    checks of 18 arguments saves a few microseconds per step, a third of a one-drone step."""
    global _kernel  # noqa: PLW0603 - replaced once by the compiled entry point
    _kernel = entry_point(sim_step, *args)


_kernel: Callable[..., None] = _first_call


def _airframe(a: Airframe | str) -> Airframe:
    return airframes.get(a) if isinstance(a, str) else a


class Simulator:
    """N drones flown by their flight controllers in one environment (see the module text)."""

    def __init__(
        self,
        drones: Sequence[Airframe | str],
        *,
        env: Environment | None = None,
        seed: int = 0,
        positions: ArrayLike | None = None,
        yaws: ArrayLike = 0.0,
        controllers: Sequence[FcConfig] | None = None,
        sensors: Sequence[SensorConfig] | None = None,
        faults: Sequence[Fault] = (),
        dt: float = DEFAULT_DT,
        state_of_charge: ArrayLike = 1.0,
        baro_zero: ArrayLike | None = None,
    ) -> None:
        """
        Args:
            drones: airframe presets (names) or airframes, one per drone.
            env: the shared environment (default: still air, ground, gravity).
            seed: the session's seed; every random number derives from it.
            positions: start positions, world ENU, m, (3,) or (N, 3); default on the ground at
                the origin.
            yaws: start headings, rad (0 faces east).
            controllers: one controller configuration per drone (default: the preset's,
                fc.config.for_airframe).
            sensors: one sensor configuration per drone (default: SensorConfig.camera() for
                GPS airframes, SensorConfig.fpv() otherwise).
            faults: faults scheduled from the start (more can be injected later).
            dt: physics and controller step, s.
            state_of_charge: battery charge at the start, 0-1, a number or one per drone.
            baro_zero: world z the barometers read as 0 (default: the start heights, as
                when powered on where they stand; give the ground for drones that start in
                the air).
        """
        self.airframes = [_airframe(a) for a in drones]
        if not self.airframes:
            raise ValueError("a simulation needs at least one drone")
        n = len(self.airframes)
        self.env = env or Environment()
        self.dt = float(dt)
        self.rng = np.random.default_rng(seed)
        self.params = Params.from_airframes(self.airframes)
        self._x = initial_state(
            self.params, position=positions, yaw=yaws, state_of_charge=state_of_charge
        ).x.copy()
        self._out = np.empty_like(self._x)
        if controllers is None:
            controllers = [for_airframe(a) for a in self.airframes]
        configs = list(controllers)
        self.fc_params = FcParams.from_configs(configs, self.airframes)
        fc_state = self.fc_params.initial_state()
        self._fc = fc_state.x
        self._nav = fc_state.nav
        if sensors is None:
            sensors = [
                SensorConfig.camera() if uses_gps(a) else SensorConfig.fpv() for a in self.airframes
            ]
        self.sensor_params = SensorParams.from_configs(list(sensors), self.dt, self.env)
        self.sensors = init_sensors(self.sensor_params, State(self._x), self.rng, baro_zero)
        self.readings = np.zeros((n, FL.READINGS_SIZE))
        self.command = np.zeros((n, PL.COMMAND_SIZE))
        self.events = np.zeros(n, dtype=np.int64)
        self.inputs = PilotInput.of(n, mode="angle").x
        self.inputs[:, FL.I_MODE] = np.where(
            self.fc_params.x[:, FL.Q_KIND] == FL.KIND_CAMERA, FL.MODE_POSITION, FL.MODE_ANGLE
        )
        self._link_cut = np.zeros(n, dtype=bool)
        self._cut_rows = np.zeros(0, dtype=np.intp)  # drones whose RC link a fault cuts
        self._random = self.env.random  # the environment is immutable
        self.noise_source: Callable[[], NDArray[np.float64]] | None = None
        """Gives each step's (N, NOISE_SIZE) uniform numbers instead of ``rng`` (a batch of
        live sessions draws each drone's from its own stream, live/engine.py)."""
        self.steps = 0
        self._faults: list[Fault] = []
        self._active: list[Fault] = []
        for fault in faults:
            self.inject(fault)

    # --- reading the simulation ------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of drones."""
        return len(self.airframes)

    @property
    def time(self) -> float:
        """Simulated time, s."""
        return self.steps * self.dt

    @property
    def physics(self) -> State:
        """The drones' physical state now (a copy)."""
        return State(self._x.copy())

    @property
    def controller(self) -> FcState:
        """The flight controllers' state now (a copy)."""
        return FcState(self._fc.copy(), self._nav.copy())

    @property
    def active_faults(self) -> list[Fault]:
        """Faults acting now."""
        return list(self._active)

    # --- driving it ------------------------------------------------------------------------
    def set_inputs(self, inputs: PilotInput) -> None:
        """The pilots' inputs from now on (kept until changed, as a receiver holds them)."""
        if inputs.x.shape[0] != self.n:
            raise ValueError(f"inputs have {inputs.x.shape[0]} rows for {self.n} drones")
        self.inputs[:] = inputs.x

    def inject(self, fault: Fault) -> None:
        """Schedule ``fault``; one whose start time has passed starts at the next step."""
        if fault.drones is not None and any(not 0 <= d < self.n for d in fault.drones):
            raise ValueError(f"fault drones {fault.drones} outside 0..{self.n - 1}")
        self._faults.append(fault)
        self._faults.sort(key=lambda f: f.at)

    def step(self, inputs: PilotInput | None = None) -> NDArray[np.int64]:
        """Advance every drone by one step; returns the (N,) controller event bits raised."""
        if inputs is not None:
            self.set_inputs(inputs)
        if self._faults or self._active:
            self._update_faults()
        link = None
        if self._cut_rows.size:
            link = self.inputs[:, FL.I_LINK].copy()
            self.inputs[self._cut_rows, FL.I_LINK] = 0.0
        if not self._random:
            noise = _NO_NOISE
        elif self.noise_source is not None:
            noise = self.noise_source()
        else:
            noise = self.rng.random((self.n, PL.NOISE_SIZE))
        _kernel(
            self.params.table, self.params.plan, self._x, self._out, self.command, self.env.x,
            noise, self.dt,
            self.sensor_params.blocked, self.sensors.x, self.sensors.rng, self.readings,
            self.fc_params.x, self._fc, self.fc_params.nav, self._nav, self.inputs, self.events,
        )  # fmt: skip
        if link is not None:
            self.inputs[:, FL.I_LINK] = link
        self._x, self._out = self._out, self._x
        self.steps += 1
        return self.events

    def run(self, steps: int, inputs: PilotInput | None = None) -> NDArray[np.int64]:
        """``steps`` steps with the same inputs; returns the OR of the event bits per drone."""
        seen = np.zeros(self.n, dtype=np.int64)
        if inputs is not None:
            self.set_inputs(inputs)
        for _ in range(steps):
            seen |= self.step()
        return seen

    # --- faults -------------------------------------------------------------------------------
    def _rows(self, fault: Fault) -> NDArray[np.intp]:
        return np.arange(self.n) if fault.drones is None else np.asarray(fault.drones, np.intp)

    def _update_faults(self) -> None:
        t = self.time + 0.5 * self.dt  # a fault at t starts on the step that begins at t
        while self._faults and self._faults[0].at <= t:
            fault = self._faults.pop(0)
            self._apply(fault, True)
            self._active.append(fault)
        for fault in [f for f in self._active if f.end <= t]:
            self._apply(fault, False)
            self._active.remove(fault)

    def _apply(self, fault: Fault, start: bool) -> None:
        rows = self._rows(fault)
        x = self._x
        if fault.kind == "gps_loss":
            self.sensors = self.sensors.with_faults(rows, gps_denied=start)
        elif fault.kind == "compass_error":
            offset = math.radians(fault.heading_error_deg) if start else 0.0
            self.sensors = self.sensors.with_faults(rows, heading_offset=offset)
        elif fault.kind == "link_loss":
            self._link_cut[rows] = start
            self._cut_rows = np.flatnonzero(self._link_cut)
        elif fault.kind == "battery_sag":
            x[rows, PL.S_RESISTANCE_FACTOR] = fault.resistance_factor if start else 1.0
        elif fault.kind == "motor_failure":
            col = PL.S_THRUST_FACTOR + fault.motor - 1
            x[rows, col] = 1.0 - fault.thrust_loss if start else 1.0
        elif fault.kind == "gust" and start:
            assert fault.duration is not None
            x[rows, PL.S_GUST_T0] = x[rows, PL.S_TIME]
            x[rows, PL.S_GUST_LEN] = fault.duration
            x[rows, PL.S_GUST_PEAK : PL.S_GUST_PEAK + 3] = fault.gust_peak

    # --- moving drones between simulations (live sessions, sim/../live/engine.py) ------------
    def transplant(self, row: int, other: Simulator, other_row: int = 0) -> None:
        """Make drone ``row`` an exact copy of drone ``other_row`` of ``other``: physics,
        sensors (with their random streams), controller, inputs and the faults scheduled or
        acting on it (their times shifted to this simulation's clock). Both drones must have
        the same airframe, controller and sensor configuration in the same environment."""
        if not 0 <= row < self.n:
            raise ValueError(f"row {row} outside 0..{self.n - 1}")
        self.release(row)
        self._x[row] = other._x[other_row]
        self.command[row] = other.command[other_row]
        self._fc[row] = other._fc[other_row]
        self._nav[row] = other._nav[other_row]
        self.readings[row] = other.readings[other_row]
        self.events[row] = other.events[other_row]
        self.inputs[row] = other.inputs[other_row]
        _lane(self.sensors.x, row)[:] = _lane(other.sensors.x, other_row)
        _lane(self.sensors.rng, row)[:] = _lane(other.sensors.rng, other_row)
        shift = self.time - other.time
        for fault in other._faults:
            if fault.drones is None or other_row in fault.drones:
                self.inject(replace(fault, at=fault.at + shift, drones=(row,)))
        for fault in other._active:
            if fault.drones is None or other_row in fault.drones:
                moved = replace(fault, at=fault.at + shift, drones=(row,))
                self._apply(moved, True)
                self._active.append(moved)

    def release(self, row: int) -> None:
        """Forget the faults of drone ``row`` (ended now if acting) and cut its throttle and
        arm switch: the slot is free for another drone (:meth:`transplant`)."""
        mine = [f for f in self._active if f.drones == (row,)]
        for fault in mine:
            self._apply(fault, False)
            self._active.remove(fault)
        self._faults = [f for f in self._faults if f.drones != (row,)]
        self.inputs[row, FL.I_ARM] = 0.0
        self.inputs[row, FL.I_THROTTLE] = 0.0


def _lane(blocked: NDArray[Any], drone: int) -> NDArray[Any]:
    """Drone ``drone``'s K values in a (blocks, K * LANES) blocked array (a writable view)."""
    k = blocked.shape[1] // LANES
    return blocked.reshape(blocked.shape[0], k, LANES)[drone // LANES, :, drone % LANES]
