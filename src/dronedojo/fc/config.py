"""Controller configuration: Betaflight settings for FPV quads, PX4-style gains for camera drones.

Settings are named and scaled as the firmware names them (``set roll_srate = 67`` ...) and
default to the firmware's defaults (Betaflight 2025.12 ``pid.c``/``controlrate_profile.c``,
PX4 ``mc_att_control`` parameters). :func:`for_airframe` builds the configuration a preset
flies with: Betaflight for FPV airframes, camera-drone navigation for GPS ones, with rate
gains scaled to the airframe (see :func:`scaled_pids`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from dronedojo.fc import layout as L
from dronedojo.fc.nav_config import NavConfig
from dronedojo.fc.rates import Rates
from dronedojo.fc.sticks import THROTTLE_BEZIER, THROTTLE_LEGACY
from dronedojo.physics import airframes
from dronedojo.physics.airframe import Airframe
from dronedojo.physics.params import STANDARD_GRAVITY

PidTriple = tuple[tuple[float, float, float, float], ...]

BETAFLIGHT_PIDS: PidTriple = (
    (45.0, 80.0, 30.0, 120.0),
    (47.0, 84.0, 34.0, 125.0),
    (45.0, 80.0, 0.0, 120.0),
)
"""Betaflight 2025.12 defaults (P, I, D, F) for roll, pitch, yaw (``pid.c`` pidProfile)."""
REFERENCE_AIRFRAME = "fpv-5inch"
"""The airframe the Betaflight defaults are tuned for; other airframes' gains are scaled."""


def uses_gps(a: Airframe) -> bool:
    """Whether a preset is a GPS camera drone (the presets name them ``camera-...``)."""
    return a.name.startswith("camera-")


@dataclass(frozen=True)
class BetaflightConfig:
    """The Betaflight settings the simulator honours (CLI names in the field docs)."""

    rates: Rates = field(default_factory=Rates)
    """``rates_type``, ``roll_rc_rate`` ... in Configurator units (rates.py)."""
    deadband_us: float = 0.0
    """``deadband``, us."""
    yaw_deadband_us: float = 0.0
    """``yaw_deadband``, us."""
    thr_mid: float = 0.5
    """``thr_mid`` / 100."""
    thr_expo: float = 0.0
    """``thr_expo`` / 100."""
    thr_hover: float = 0.5
    """``thr_hover`` / 100 (2025.12 curve)."""
    throttle_curve: str = "2025.12"
    """Which throttle curve: "2025.12" (Bezier) or "4.5" (lookup table)."""
    pids: PidTriple = BETAFLIGHT_PIDS
    """(P, I, D, F) per axis roll, pitch, yaw, firmware units."""
    pidsum_limit: float = 500.0
    """``pidsum_limit``."""
    pidsum_limit_yaw: float = 400.0
    """``pidsum_limit_yaw``."""
    iterm_windup: float = 0.8
    """``iterm_windup`` / 100: I-term limit as a fraction of the PID-sum limit."""
    iterm_relax_cutoff_hz: float = 15.0
    """``iterm_relax_cutoff`` with ``iterm_relax`` RP, type SETPOINT; 0 turns it off."""
    iterm_relax_threshold: float = 40.0
    """``ITERM_RELAX_SETPOINT_THRESHOLD``, deg/s (a firmware constant)."""
    gyro_lpf_hz: float = 250.0
    """Gyro low-pass (``gyro_lpf1_dyn_min_hz`` 250; a static PT1 here)."""
    dterm_lpf1_hz: float = 75.0
    """``dterm_lpf1_dyn_min_hz`` (static PT1 here)."""
    dterm_lpf2_hz: float = 150.0
    """``dterm_lpf2_static_hz``."""
    rc_smoothing_hz: float = 40.0
    """RC-smoothing setpoint cutoff; the firmware picks it from the link rate, 40 Hz is its
    choice for a 250 Hz link."""
    feedforward_smoothing_hz: float = 25.0
    """Low-pass of the feedforward input (``feedforward_smooth_factor`` in spirit)."""
    angle_limit_deg: float = 60.0
    """``angle_limit``."""
    level_pidf: tuple[float, float, float, float] = (50.0, 75.0, 75.0, 50.0)
    """``angle_p``/``horizon_level_strength``/``horizon_limit_sticks``/``angle_feedforward``:
    the firmware's PID_LEVEL P, I, D, F."""
    horizon_limit_deg: float = 135.0
    """``horizon_limit_degrees``."""
    horizon_delay_s: float = 0.5
    """``horizon_delay_ms`` / 1000."""
    angle_earth_ref: float = 1.0
    """``angle_earth_ref`` / 100."""
    attitude_cutoff_hz: float = 50.0
    """Angle-mode output PT3 (``ATTITUDE_CUTOFF_HZ``)."""
    angle_feedforward_smoothing_s: float = 0.08
    """``angle_feedforward_smoothing_ms`` / 1000."""
    airmode: bool = True
    """``feature AIRMODE`` (on by default since Betaflight 4.0)."""
    small_angle_deg: float = 25.0
    """``small_angle``: arming refused above this tilt."""
    min_check: float = 0.05
    """``min_check`` 1050 us as a 0-1 throttle: below it the throttle is 'low'."""
    failsafe_delay_s: float = 1.5
    """``failsafe_delay`` 15 (x 0.1 s)."""
    failsafe_procedure: str = "drop"
    """``failsafe_procedure``: "drop" or "land"."""
    failsafe_throttle: float = 0.0
    """``failsafe_throttle`` (1000 us = 0) for the LAND procedure; set it below hover."""
    failsafe_off_delay_s: float = 1.0
    """``failsafe_off_delay`` 10 (x 0.1 s): LAND runs this long, then disarms."""
    tpa_rate: float = 0.65
    """``tpa_rate`` / 100 (applied to D, ``tpa_mode`` D)."""
    tpa_breakpoint: float = 0.35
    """``tpa_breakpoint`` 1350 us as a 0-1 throttle."""

    def __post_init__(self) -> None:
        if self.throttle_curve not in ("2025.12", "4.5"):
            raise ValueError(
                f"throttle_curve must be '2025.12' or '4.5', got {self.throttle_curve!r}"
            )
        if self.failsafe_procedure not in ("drop", "land"):
            raise ValueError(
                f"failsafe_procedure must be 'drop' or 'land', got {self.failsafe_procedure!r}"
            )
        if not 0.0 < self.angle_limit_deg <= 90.0:
            raise ValueError(f"angle_limit_deg must be in (0, 90], got {self.angle_limit_deg}")


@dataclass(frozen=True)
class CameraConfig:
    """Attitude and rate control of a GPS camera drone (PX4 ``mc_att_control`` names)."""

    pids: PidTriple = ((45.0, 80.0, 30.0, 0.0), (47.0, 84.0, 34.0, 0.0), (45.0, 80.0, 0.0, 0.0))
    """Rate-loop (P, I, D, F) in Betaflight units; scaled to the airframe by for_airframe."""
    attitude_p: float = 6.5
    """``MC_ROLL_P``/``MC_PITCH_P``: rate setpoint per radian of attitude error, 1/s."""
    tilt_rate_max_deg: float = 220.0
    """``MC_ROLLRATE_MAX``, deg/s."""
    airmode: bool = False
    """``MC_AIRMODE`` 0."""
    small_angle_deg: float = 25.0
    """Arming refused above this tilt."""
    min_check: float = 0.05
    """Throttle stick below this is 'low' for arming."""
    nav: NavConfig = field(default_factory=NavConfig)
    """Position, altitude, return-to-home and failsafe settings (nav_config.py)."""


@dataclass(frozen=True)
class FcConfig:
    """What one drone's controller runs: ``kind`` "fpv" (Betaflight) or "camera" (GPS)."""

    kind: str = "fpv"
    betaflight: BetaflightConfig = field(default_factory=BetaflightConfig)
    camera: CameraConfig = field(default_factory=CameraConfig)

    def __post_init__(self) -> None:
        if self.kind not in ("fpv", "camera"):
            raise ValueError(f"controller kind must be 'fpv' or 'camera', got {self.kind!r}")


def control_authority(a: Airframe) -> tuple[float, float]:
    """Roll angular acceleration per unit of roll mix at hover, rad/s^2, and the motor's
    spin-up time constant, s: what the rate loop has to work with."""
    c0, c1, c2 = a.thrust_coeffs
    thrust = a.mass * STANDARD_GRAVITY / 4.0
    w = (-c1 + math.sqrt(c1 * c1 - 4.0 * c2 * (c0 - thrust))) / (2.0 * c2)
    w_max = a.kv_rad_s_per_volt * a.cells * 3.85  # nominal cell voltage under load
    dthrust_du = (c1 + 2.0 * c2 * w) * w_max * (1.0 - a.idle_fraction)
    ixx = float(np.asarray(a.inertia, dtype=float)[0, 0])
    # a roll mix r raises motors 3, 4 and lowers 1, 2 by r: moment 4 * arm_y * dT/du * r
    return 4.0 * a.arm_y * dthrust_du / ixx, a.tau_up


def scaled_pids(pids: PidTriple, a: Airframe, reference: Airframe) -> PidTriple:
    """Rate gains for ``a`` from gains tuned on ``reference``, by frequency scaling.

    The loop crossover is proportional to authority x gain, so gains are divided by the
    authority ratio; an airframe with slower motors gets its crossover lowered in
    proportion to its motor time constant (same phase margin), P and F by the crossover
    ratio s, I by s^2 (the I zero moves with the crossover) and D unchanged.
    """
    auth, tau = control_authority(a)
    ref_auth, ref_tau = control_authority(reference)
    base = ref_auth / auth
    s = min(1.0, ref_tau / tau)
    return tuple((p * base * s, i * base * s * s, d * base, f * base * s) for p, i, d, f in pids)


def _betaflight_row(row: NDArray[np.float64], c: BetaflightConfig) -> None:
    fw = c.rates.firmware()
    row[L.Q_KIND] = L.KIND_FPV
    row[L.Q_RATES_KIND] = c.rates.kind_code
    row[L.Q_RATES : L.Q_RATES + 12] = fw.ravel()
    row[L.Q_QUICK_EXPO] = float(c.rates.quick_rc_expo)
    row[L.Q_MAX_RATE : L.Q_MAX_RATE + 3] = c.rates.max_rate_deg()
    row[L.Q_DEADBAND] = c.deadband_us
    row[L.Q_YAW_DEADBAND] = c.yaw_deadband_us
    row[L.Q_THR_MID] = round(100.0 * c.thr_mid)
    row[L.Q_THR_EXPO] = round(100.0 * c.thr_expo)
    row[L.Q_THR_HOVER] = round(100.0 * c.thr_hover)
    row[L.Q_THR_CURVE] = THROTTLE_BEZIER if c.throttle_curve == "2025.12" else THROTTLE_LEGACY
    row[L.Q_PID : L.Q_PID + 12] = np.asarray(c.pids, dtype=float).ravel()
    row[L.Q_PIDSUM_LIMIT] = c.pidsum_limit
    row[L.Q_PIDSUM_LIMIT_YAW] = c.pidsum_limit_yaw
    row[L.Q_ITERM_WINDUP] = c.iterm_windup
    row[L.Q_RELAX_HZ] = c.iterm_relax_cutoff_hz
    row[L.Q_RELAX_THRESHOLD] = c.iterm_relax_threshold
    row[L.Q_GYRO_LPF_HZ] = c.gyro_lpf_hz
    row[L.Q_DTERM_LPF1_HZ] = c.dterm_lpf1_hz
    row[L.Q_DTERM_LPF2_HZ] = c.dterm_lpf2_hz
    row[L.Q_RC_SMOOTH_HZ] = c.rc_smoothing_hz
    row[L.Q_FF_SMOOTH_HZ] = c.feedforward_smoothing_hz
    row[L.Q_ANGLE_LIMIT] = c.angle_limit_deg
    row[L.Q_LEVEL_P], row[L.Q_LEVEL_I], row[L.Q_LEVEL_D], row[L.Q_LEVEL_F] = c.level_pidf
    row[L.Q_HORIZON_LIMIT] = c.horizon_limit_deg
    row[L.Q_HORIZON_DELAY] = c.horizon_delay_s
    row[L.Q_EARTH_REF] = c.angle_earth_ref
    row[L.Q_ATT_FILT_HZ] = c.attitude_cutoff_hz
    row[L.Q_ANGLE_FF_HZ] = 1.0 / (2.0 * math.pi * c.angle_feedforward_smoothing_s)
    row[L.Q_AIRMODE] = float(c.airmode)
    row[L.Q_SMALL_ANGLE] = c.small_angle_deg
    row[L.Q_MIN_THROTTLE] = c.min_check
    row[L.Q_FAILSAFE_DELAY] = c.failsafe_delay_s
    row[L.Q_FAILSAFE_PROC] = 0.0 if c.failsafe_procedure == "drop" else 1.0
    row[L.Q_FAILSAFE_THROTTLE] = c.failsafe_throttle
    row[L.Q_FAILSAFE_LAND_TIME] = c.failsafe_off_delay_s
    row[L.Q_TPA_RATE] = c.tpa_rate
    row[L.Q_TPA_BREAKPOINT] = c.tpa_breakpoint


def params_row(c: FcConfig) -> NDArray[np.float64]:
    """The packed controller parameters of one drone (layout Q_*)."""
    row = np.zeros(L.PARAMS_SIZE)
    _betaflight_row(row, c.betaflight)  # the filters and rate loop are shared by both kinds
    if c.kind == "camera":
        cam = c.camera
        row[L.Q_KIND] = L.KIND_CAMERA
        row[L.Q_PID : L.Q_PID + 12] = np.asarray(cam.pids, dtype=float).ravel()
        row[L.Q_RELAX_HZ] = 0.0  # PX4's rate controller has no I-term relax
        row[L.Q_ATT_P] = cam.attitude_p
        row[L.Q_TILT_RATE_MAX] = cam.tilt_rate_max_deg
        row[L.Q_AIRMODE] = float(cam.airmode)
        row[L.Q_SMALL_ANGLE] = cam.small_angle_deg
        row[L.Q_MIN_THROTTLE] = cam.min_check
    return row


def for_airframe(a: Airframe, reference: Airframe | None = None) -> FcConfig:
    """The configuration a preset flies with: Betaflight defaults for FPV airframes, the
    camera-drone controller for airframes with GPS; rate gains scaled to the airframe."""
    ref = reference or airframes.get(REFERENCE_AIRFRAME)
    if uses_gps(a):
        cam = CameraConfig()
        tuned = CameraConfig(pids=scaled_pids(cam.pids, a, ref), nav=cam.nav)
        return FcConfig(kind="camera", camera=tuned)
    bf = BetaflightConfig(pids=scaled_pids(BETAFLIGHT_PIDS, a, ref))
    return FcConfig(kind="fpv", betaflight=bf)


def params_rows(configs: Sequence[FcConfig]) -> NDArray[np.float64]:
    """(N, PARAMS_SIZE) for a batch."""
    return np.stack([params_row(c) for c in configs]) if configs else np.zeros((0, L.PARAMS_SIZE))
