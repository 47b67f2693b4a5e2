"""The description of one airframe, in the units its sources use, with a source per figure.

An :class:`Airframe` is what a person reads and edits; :class:`dronedojo.physics.Params`
packs many of them into the arrays the compiled step reads. Geometry follows DESIGN.md: body
frame FLU (x forward, y left, z up), quad-X with Betaflight's motor order (1 rear-right CW,
2 front-right CCW, 3 rear-left CCW, 4 front-left CW). The rotor hubs lie in the body x-y
plane through the centre of mass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

RPM_PER_VOLT_TO_RAD_S = 2.0 * 3.141592653589793 / 60.0


@dataclass(frozen=True)
class Published:
    """A figure the manufacturer or a paper states, shown beside the model's own figure."""

    hover_throttle: float | None = None
    """Fraction of full throttle needed to hover, 0-1 (None when not published)."""
    top_speed_m_s: float | None = None
    """Maximum level speed, m/s."""
    hover_endurance_min: float | None = None
    """Hover (or maximum) flight time on one full pack, minutes."""
    source: str = ""
    """Where these three figures come from."""


@dataclass(frozen=True)
class Airframe:
    """One quadrotor airframe. Every field is SI unless its name says otherwise.

    ``sources`` maps a field name to the publication, datasheet or measurement it comes from,
    or to the reasoning that estimated it; :func:`dronedojo.physics.airframes.get` refuses an
    airframe with a field that has no entry.
    """

    name: str
    """Registry id, lower-case with dashes (``crazyflie-2``)."""
    title: str
    """Human name shown in the school."""

    # --- rigid body -------------------------------------------------------------------------
    mass: float
    """Take-off mass including battery, kg."""
    inertia: tuple[tuple[float, float, float], ...]
    """Inertia tensor about the centre of mass in the body frame (FLU), kg m^2, symmetric 3x3."""

    # --- geometry ---------------------------------------------------------------------------
    arm_x: float
    """Forward distance of the front rotor hubs from the centre of mass, m (rear hubs at -arm_x)."""
    arm_y: float
    """Sideways distance of the rotor hubs from the centre of mass, m (left +, right -)."""
    rotor_radius: float
    """Propeller radius, m."""
    gear_height: float
    """How far the landing feet sit below the rotor plane, m (feet are under each hub)."""
    top_height: float
    """How far the top of the airframe (props, canopy) stands above the rotor plane, m."""

    # --- rotors and motors ------------------------------------------------------------------
    thrust_coeffs: tuple[float, float, float]
    """Thrust of one rotor T = c0 + c1*w + c2*w^2, N, w in rad/s."""
    torque_coeffs: tuple[float, float, float]
    """Drag torque of one rotor Q = c0 + c1*w + c2*w^2, N m, w in rad/s."""
    rotor_inertia: float
    """Moment of inertia of one propeller with the motor bell about its axis, kg m^2."""
    tau_up: float
    """First-order motor time constant when speeding up, s."""
    tau_down: float
    """First-order motor time constant when slowing down, s."""
    kv_rpm_per_volt: float
    """Motor velocity constant as sold, rpm per volt (no-load)."""
    loaded_speed_ratio: float
    """Rotor speed at full command with the propeller on, as a fraction of no-load Kv * V."""
    idle_fraction: float
    """Rotor speed at ESC command 0 while armed, as a fraction of the maximum speed."""

    # --- aerodynamics -----------------------------------------------------------------------
    rotor_drag_coeff: float
    """Rotor induced drag (H-force) per rotor: F = -k * w * v_inplane, N / ((rad/s) (m/s))."""
    drag_area: tuple[float, float, float]
    """Body drag coefficient times reference area along body x, y, z, m^2 (Cd * A)."""
    vrs_loss: float
    """Peak fraction of thrust lost in vortex ring state (0 disables it for this airframe)."""

    # --- battery ----------------------------------------------------------------------------
    cells: int
    """LiPo cells in series."""
    capacity_mah: float
    """Rated pack capacity, mAh."""
    internal_resistance: float
    """Pack internal resistance (all cells and wiring), ohm."""
    power_efficiency: float
    """Fraction of battery power that reaches the rotor shafts (ESC times motor efficiency)."""
    avionics_current: float
    """Current drawn by everything but the motors (FC, radio, camera, VTX, GPS), A."""

    # --- contact ----------------------------------------------------------------------------
    friction: float
    """Coulomb friction coefficient of the feet on the ground."""
    crash_speed: float
    """Impact speed above which a contact counts as a crash, m/s."""

    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Field name -> the source of its value."""
    published: Published = Published()
    """The manufacturer's or paper's own figures, for comparison with the model."""

    @property
    def kv_rad_s_per_volt(self) -> float:
        """Loaded speed constant, rad/s per volt: the maximum rotor speed is this times V."""
        return self.kv_rpm_per_volt * RPM_PER_VOLT_TO_RAD_S * self.loaded_speed_ratio
