"""The controller's public API: parameters, state, pilot input and one pure step.

    fc_params = FcParams.for_airframes(airframe_list)         # or FcParams.from_configs(...)
    fc_state = fc_params.initial_state()
    fc_state, command, events = step(fc_params, fc_state, PilotInput.of(...), readings, dt)

``command`` is a :class:`dronedojo.physics.MotorCommand` for the physics step; ``events`` is an
(N,) int64 of ``layout.EV_*`` bits (:func:`event_names` spells them). The simulator
(dronedojo.sim) calls the compiled kernel in place instead, for speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dronedojo.fc import layout as L
from dronedojo.fc.config import FcConfig, for_airframe, params_row
from dronedojo.fc.kernel import control_batch
from dronedojo.fc.nav_layout import NAV_PARAMS_SIZE, NAV_STATE_SIZE
from dronedojo.fc.navigation import nav_reset
from dronedojo.physics import MotorCommand, Params, State, initial_state
from dronedojo.physics import layout as PL
from dronedojo.physics import step as physics_step
from dronedojo.physics.airframe import Airframe
from dronedojo.physics.environment import Environment
from dronedojo.physics.figures import hover_throttle
from dronedojo.physics.packing import packed_rows

Array = NDArray[np.float64]


_HOVER_POINTS: dict[str, tuple[float, float]] = {}


def _hover_point(airframe: Airframe) -> tuple[float, float]:
    throttle = hover_throttle(airframe)
    params = Params.from_airframes([airframe])
    state = initial_state(params, position=(0.0, 0.0, 50.0))
    command = MotorCommand.esc(np.full((1, 4), throttle))
    env = Environment().without("gravity")
    for _ in range(500):
        state = physics_step(params, state, command, env)
    return throttle, float(state.current[0])


def hover_point(airframe: Airframe) -> tuple[float, float]:
    """ESC command (0-1) that hovers the airframe on a full pack, and the current it draws, A.
    The camera-drone navigation uses them as PX4 uses ``MPC_THR_HOVER`` and its battery
    estimate."""
    key = repr(airframe)
    if key not in _HOVER_POINTS:
        _HOVER_POINTS[key] = _hover_point(airframe)
    return _HOVER_POINTS[key]


@dataclass(frozen=True, slots=True)
class FcParams:
    """Controller parameters of N drones (packed; build with the class methods)."""

    x: Array
    """(N, PARAMS_SIZE), layout Q_*."""
    nav: Array
    """(N, NAV_PARAMS_SIZE): the camera-drone navigation's parameters (zeros for FPV)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", packed_rows(self.x, L.PARAMS_SIZE, "controller params"))
        object.__setattr__(self, "nav", packed_rows(self.nav, NAV_PARAMS_SIZE, "nav params"))
        if self.x.shape[0] != self.nav.shape[0]:
            raise ValueError("controller and navigation parameters must have the same N")

    @classmethod
    def from_configs(cls, configs: Sequence[FcConfig], airframes: Sequence[Airframe]) -> FcParams:
        """One controller configuration and airframe per drone."""
        if len(configs) != len(airframes):
            raise ValueError(f"{len(configs)} configurations for {len(airframes)} airframes")
        rows = np.zeros((len(configs), L.PARAMS_SIZE))
        nav = np.zeros((len(configs), NAV_PARAMS_SIZE))
        for i, (c, a) in enumerate(zip(configs, airframes, strict=True)):
            rows[i] = params_row(c)
            if c.kind == "camera":
                throttle, current = hover_point(a)
                capacity = a.capacity_mah * 3.6
                nav[i] = c.camera.nav.to_row(throttle, capacity, current, a.idle_fraction)
        return cls(rows, nav)

    @classmethod
    def for_airframes(cls, airframes: Sequence[Airframe]) -> FcParams:
        """Each airframe with the controller its preset flies with (config.for_airframe)."""
        return cls.from_configs([for_airframe(a) for a in airframes], airframes)

    @property
    def n(self) -> int:
        """Number of drones."""
        return int(self.x.shape[0])

    def initial_state(self) -> FcState:
        """Disarmed, in each drone's default mode, filters and integrators at zero."""
        x = np.zeros((self.n, L.STATE_SIZE))
        x[:, L.F_ARM_SWITCH] = -1.0
        camera = self.x[:, L.Q_KIND] == L.KIND_CAMERA
        x[:, L.F_MODE] = np.where(camera, L.MODE_POSITION, L.MODE_ANGLE)
        x[:, L.F_RC_IN : L.F_RC_IN + 4] = np.nan  # no RC frame processed yet
        x[:, L.F_TICK] = 1 + np.arange(self.n) % L.NAV_DIVIDER  # staggered navigation phases
        nav = np.zeros((self.n, NAV_STATE_SIZE))
        for i in range(self.n):
            nav_reset(self.nav[i], nav[i])
        return FcState(x, nav)


@dataclass(frozen=True, slots=True)
class FcState:
    """Controller memory of N drones: ``x`` (N, STATE_SIZE, layout F_*) and ``nav``
    (N, NAV_STATE_SIZE, the camera-drone navigation's estimator and setpoints)."""

    x: Array
    nav: Array

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", packed_rows(self.x, L.STATE_SIZE, "controller state"))
        object.__setattr__(self, "nav", packed_rows(self.nav, NAV_STATE_SIZE, "nav state"))

    @property
    def armed(self) -> NDArray[np.bool_]:
        """(N,) True while the motors are armed."""
        return self.x[:, L.F_ARMED] > 0.5

    @property
    def mode(self) -> list[str]:
        """Active flight mode of each drone (layout.MODES names)."""
        return [L.MODES[int(m)] for m in self.x[:, L.F_MODE]]

    @property
    def refusal(self) -> list[str]:
        """Reason the last arming attempt was refused, per drone ("none" if it was not)."""
        return [L.REFUSALS[int(r)] for r in self.x[:, L.F_REFUSAL]]

    @property
    def failsafe_stage(self) -> NDArray[np.int64]:
        """(N,) 0 none, 1 link lost (sticks held centred), 2 the failsafe procedure runs."""
        return self.x[:, L.F_FAILSAFE].astype(np.int64)

    @property
    def motors(self) -> Array:
        """Motor outputs of the last step, 0-1 before the ESC idle mapping, (N, 4)."""
        return self.x[:, L.F_MOTOR : L.F_MOTOR + 4]

    @property
    def setpoint_deg_s(self) -> Array:
        """Body-rate setpoints of the last step (roll, pitch, yaw), deg/s, body FLU, (N, 3)."""
        return self.x[:, L.F_SETPOINT : L.F_SETPOINT + 3]

    @property
    def armed_time(self) -> Array:
        """Time armed, s (the flight timer), (N,)."""
        return self.x[:, L.F_ARMED_TIME]


_INPUT_NAMES = ("roll", "pitch", "yaw", "throttle", "arm", "mode", "rth", "link")
_INPUT_LOW = np.array([-1.0, -1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0])
_INPUT_HIGH = np.array([1.0, 1.0, 1.0, 1.0, 1.0, len(L.MODES) - 1.0, 1.0, 1.0])


@dataclass(frozen=True, slots=True)
class PilotInput:
    """What the pilot's transmitter says in one step, N rows (layout I_*)."""

    x: Array

    def __post_init__(self) -> None:
        object.__setattr__(self, "x", packed_rows(self.x, L.INPUT_SIZE, "pilot input"))

    @classmethod
    def of(
        cls,
        n: int,
        roll: ArrayLike = 0.0,
        pitch: ArrayLike = 0.0,
        yaw: ArrayLike = 0.0,
        throttle: ArrayLike = 0.0,
        arm: ArrayLike = 0.0,
        mode: str | int = "angle",
        rth: ArrayLike = 0.0,
        link: ArrayLike = 1.0,
    ) -> PilotInput:
        """Inputs for ``n`` drones; sticks in [-1, 1] (throttle [0, 1]), switches 0/1.

        ``mode`` is a flight-mode name (acro, angle, horizon for FPV; position, altitude for
        camera drones) or its code.
        """
        if isinstance(mode, str) and mode not in L.MODES:
            raise ValueError(f"unknown flight mode {mode!r}; known: {', '.join(L.MODES)}")
        code = L.MODES.index(mode) if isinstance(mode, str) else int(mode)
        x = np.empty((n, L.INPUT_SIZE))
        x[:, L.I_ROLL] = roll
        x[:, L.I_PITCH] = pitch
        x[:, L.I_YAW] = yaw
        x[:, L.I_THROTTLE] = throttle
        x[:, L.I_ARM] = arm
        x[:, L.I_MODE] = code
        x[:, L.I_RTH] = rth
        x[:, L.I_LINK] = link
        bad = (x < _INPUT_LOW) | (x > _INPUT_HIGH) | np.isnan(x)
        if bad.any():
            column = int(np.argmax(bad.any(axis=0)))
            raise ValueError(
                f"pilot input {_INPUT_NAMES[column]} must be within "
                f"[{_INPUT_LOW[column]}, {_INPUT_HIGH[column]}]"
            )
        return cls(x)


def readings_from_truth(state: State) -> Array:
    """Perfect sensor readings (N, READINGS_SIZE) of a physics state: the truth, a GPS
    sample every step and no noise. For tests and teaching; dronedojo.sim models sensors."""
    s = state.x
    n = s.shape[0]
    r = np.zeros((n, L.READINGS_SIZE))
    r[:, L.R_GYRO : L.R_GYRO + 3] = s[:, PL.S_RATE : PL.S_RATE + 3]
    r[:, L.R_QUAT : L.R_QUAT + 4] = s[:, PL.S_QUAT : PL.S_QUAT + 4]
    r[:, L.R_BARO] = s[:, PL.S_POS + 2]
    r[:, L.R_GPS_POS : L.R_GPS_POS + 3] = s[:, PL.S_POS : PL.S_POS + 3]
    r[:, L.R_GPS_VEL : L.R_GPS_VEL + 3] = s[:, PL.S_VEL : PL.S_VEL + 3]
    r[:, L.R_GPS_FIX] = 1.0
    r[:, L.R_GPS_NEW] = 1.0
    r[:, L.R_VOLT] = s[:, PL.S_VOLT]
    r[:, L.R_CURRENT] = s[:, PL.S_CURRENT]
    r[:, L.R_CRASH] = s[:, PL.S_CRASHED]
    r[:, L.R_TIME] = s[:, PL.S_TIME]
    return r


def step(
    params: FcParams, state: FcState, inputs: PilotInput, readings: ArrayLike, dt: float
) -> tuple[FcState, MotorCommand, NDArray[np.int64]]:
    """One controller step for N drones; pure (the inputs are not changed).

    Returns the new state, the motor commands for the physics and the (N,) event bits.
    """
    rd = packed_rows(readings, L.READINGS_SIZE, "sensor readings")
    n = params.n
    for what, rows in (("state", state.x), ("input", inputs.x), ("readings", rd)):
        if rows.shape[0] != n:
            raise ValueError(f"controller {what} has {rows.shape[0]} rows for {n} drones")
    if not 0.0 < dt <= 0.004:
        raise ValueError(f"dt must be in (0, 0.004] s, got {dt}")
    x = state.x.copy()
    nav = state.nav.copy()
    command = np.zeros((n, PL.COMMAND_SIZE))
    events = np.zeros(n, dtype=np.int64)
    control_batch(params.x, x, params.nav, nav, inputs.x, rd, float(dt), command, events)
    return FcState(x, nav), MotorCommand(command), events


def event_names(bits: int) -> list[str]:
    """The names (layout.EVENTS) of the events set in ``bits``."""
    return [name for i, name in enumerate(L.EVENTS) if bits & (1 << i)]
