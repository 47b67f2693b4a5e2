"""The airframe registry: five presets, every value with the source it comes from.

Each preset is a module-level :class:`Airframe` constant. :func:`names` lists the registry ids
in a stable order and :func:`get` returns one preset by id. Every preset is checked when this
module is imported (:func:`_check`): each physical field has an entry in ``sources``, and the
values make physical sense (positive mass, symmetric positive-definite inertia, ...).

Where the maker publishes a figure it is quoted (Bitcraze's measurements for the Crazyflie, DJI's
specifications for the camera drones). Where nobody does (motor Kv and inertia of consumer
drones, everything of a generic FPV build), the value is an estimate, and its source says how it
was estimated: from momentum theory and typical propeller coefficients, from the published
flight times, or from point-mass and box models of the parts. A few values are derived here from
others by the helpers below rather than typed (rotor drag from momentum theory); their sources
say so.

Units as in :mod:`dronedojo.physics.airframe`: SI, rotor speed in rad/s.
"""

from __future__ import annotations

import dataclasses
import math
from types import MappingProxyType

from dronedojo.physics.airframe import Airframe, Published

GRAVITY = 9.80665
"""Standard gravity, m/s^2."""
AIR_DENSITY = 1.225
"""ISA sea-level air density, kg/m^3."""
RPM = 2.0 * math.pi / 60.0
"""One rpm in rad/s."""
GRAM_FORCE = GRAVITY / 1000.0
"""One gram-force in N."""
INCH = 0.0254
"""m."""


# --- helpers: unit conversions and momentum theory -------------------------------------------


def per_rad_s(c0: float, c1: float, c2: float, scale: float = 1.0) -> tuple[float, float, float]:
    """A polynomial ``c0 + c1 rpm + c2 rpm^2`` rewritten in rad/s, every term times ``scale``."""
    return (c0 * scale, c1 * scale / RPM, c2 * scale / RPM**2)


def propeller(ct: float, cp: float, diameter: float) -> tuple[float, float]:
    """Thrust and torque coefficients (N/(rad/s)^2, N m/(rad/s)^2) of a propeller.

    ``ct`` and ``cp`` are the usual propeller coefficients, ``T = ct rho n^2 D^4`` and
    ``P = cp rho n^3 D^5`` with n in rev/s, so ``T = ct rho D^4 / (2 pi)^2 * w^2`` and
    ``Q = P / w = cp rho D^5 / (2 pi)^3 * w^2``.
    """
    two_pi = 2.0 * math.pi
    return (
        ct * AIR_DENSITY * diameter**4 / two_pi**2,
        cp * AIR_DENSITY * diameter**5 / two_pi**3,
    )


def hover_speed(mass: float, thrust: tuple[float, float, float]) -> float:
    """Rotor speed (rad/s) at which four rotors with the ``thrust`` polynomial carry ``mass``."""
    c0, c1, c2 = thrust
    per_rotor = mass * GRAVITY / 4.0
    if c2 == 0.0:
        return (per_rotor - c0) / c1
    return (-c1 + math.sqrt(c1 * c1 - 4.0 * c2 * (c0 - per_rotor))) / (2.0 * c2)


def momentum_drag(
    mass: float, radius: float, thrust: tuple[float, float, float], fraction: float = 1.0
) -> float:
    """Rotor drag coefficient k of ``F = -k w v`` from momentum theory, N/((rad/s)(m/s)).

    A rotor turns the air it draws through its disc, so moving edgewise at v it feels a drag
    of about mass flow times v: ``rho A v_i v``, with ``v_i`` the hover induced velocity. That
    is the full momentum drag of a ducted rotor; an open propeller feels only ``fraction`` of
    it. Dividing by the hover rotor speed gives k at hover.
    """
    area = math.pi * radius**2
    induced = math.sqrt(mass * GRAVITY / (4.0 * 2.0 * AIR_DENSITY * area))
    return fraction * AIR_DENSITY * area * induced / hover_speed(mass, thrust)


def _sources(**entries: str) -> MappingProxyType[str, str]:
    return MappingProxyType(entries)


VRS_LOSS = 0.2
"""Peak vortex-ring thrust loss used for every preset."""
VRS_SOURCE = (
    "CFD of a quadcopter in vertical descent ('Numerical simulation of the quadcopter flow "
    "field in the vertical descent state'): an isolated rotor loses up to 19.6 % of its lift "
    "in vortex ring state, a rotor of the quadcopter up to 10.6 %; 0.2 keeps the larger "
    "figure because the model has no thrust fluctuations, which make the real state worse"
)
OPEN_ROTOR_DRAG_SOURCE = (
    "momentum theory: the share of full (ducted) momentum drag that Foerster's identified "
    "Crazyflie rotor drag amounts to (about 0.19; ArduPilot SITL takes 0.10 for its 5-inch "
    "model), at this airframe's hover induced velocity and hover rotor speed"
)


# --- Bitcraze Crazyflie 2.x ------------------------------------------------------------------

CF_MASS = 0.027
CF_RADIUS = 0.02355
CF_THRUST = per_rad_s(0.15417, -2.1059e-04, 1.0942e-07, GRAM_FORCE / 4.0)
"""Bitcraze's rpm-to-thrust fit for the whole Crazyflie (grams), shared by four rotors."""
CF_TORQUE_PER_THRUST = 0.005964552
"""Foerster 2015: drag torque = 0.005964552 m * thrust + 1.563383e-5 N m."""
CF_ROTOR_DRAG = 9.1785e-7
"""Foerster 2015: in-plane aerodynamic force = -9.1785e-7 * (sum of rotor speeds) * v."""

OPEN_ROTOR_DRAG_FRACTION = CF_ROTOR_DRAG / momentum_drag(CF_MASS, CF_RADIUS, CF_THRUST)
"""Share of full (ducted) momentum drag an open propeller feels, from the Crazyflie."""

CRAZYFLIE_2 = Airframe(
    name="crazyflie-2",
    title="Bitcraze Crazyflie 2.x (27 g research nano quad)",
    # rigid body
    mass=CF_MASS,
    inertia=(
        (16.571710e-6, 0.830806e-6, 0.718277e-6),
        (0.830806e-6, 16.655602e-6, 1.800197e-6),
        (0.718277e-6, 1.800197e-6, 29.261652e-6),
    ),
    # geometry
    arm_x=0.0325,
    arm_y=0.0325,
    rotor_radius=CF_RADIUS,
    gear_height=0.020,
    top_height=0.009,
    # rotors and motors
    thrust_coeffs=CF_THRUST,
    torque_coeffs=(
        CF_TORQUE_PER_THRUST * CF_THRUST[0] + 1.563383e-5,
        CF_TORQUE_PER_THRUST * CF_THRUST[1],
        CF_TORQUE_PER_THRUST * CF_THRUST[2],
    ),
    rotor_inertia=34.52e-9,
    tau_up=0.072,
    tau_down=0.072,
    kv_rpm_per_volt=14000.0,
    loaded_speed_ratio=0.5,
    idle_fraction=0.0,
    # aerodynamics
    rotor_drag_coeff=CF_ROTOR_DRAG,
    drag_area=(4.0e-3, 4.0e-3, 8.0e-3),
    vrs_loss=VRS_LOSS,
    # battery
    cells=1,
    capacity_mah=250.0,
    internal_resistance=0.1,
    power_efficiency=0.45,
    avionics_current=0.24,
    # contact
    friction=0.5,
    crash_speed=3.0,
    sources=_sources(
        mass="Bitcraze Crazyflie 2.1 datasheet: take-off weight 27 g",
        inertia="Foerster 2015, 'System Identification of the Crazyflie 2.0 Nano "
        "Quadrocopter' (ETH Zurich bachelor thesis): identified inertia tensor with products "
        "of inertia (Landry 2015's diagonal 1.395e-5, 1.436e-5, 2.173e-5 is the other "
        "common set)",
        arm_x="Bitcraze datasheet: 92 mm motor-to-motor diagonal, quad-X: 46 mm / sqrt 2 "
        "(drone-models cf2x: L = 0.03253 m)",
        arm_y="as arm_x",
        rotor_radius="drone-models (utiasDSL) cf2x params.toml: prop_radius 23.55 mm",
        gear_height="Bitcraze datasheet: 29 mm tall with the motor-mount feet; estimated: "
        "the rotor plane about 20 mm above the feet",
        top_height="estimated: the remaining 9 mm (battery, headers, antenna)",
        thrust_coeffs="Bitcraze 'PWM to thrust' measurements (optical rpm sensor, precision "
        "scale): total thrust in g = 1.0942e-7 rpm^2 - 2.1059e-4 rpm + 0.15417, divided by "
        "four rotors and converted to N and rad/s (hover at about 16,700 rpm; the small "
        "constant term is the fit's)",
        torque_coeffs="Foerster 2015: drag torque = 0.005964552 m x thrust + 1.563383e-5 N m, "
        "applied to the thrust polynomial",
        rotor_inertia="drone-models (utiasDSL) cf2x params.toml: prop_inertia 34.52e-9 kg m^2 "
        "(flagged there as unverified; a 0.25 g, 47 mm propeller as a rod gives 4.6e-8)",
        tau_up="Eschmann et al. 2024 (arXiv 2404.07837): identified motor time constant "
        "72 ms (RotorPy crazyflie tau_m)",
        tau_down="as tau_up: brushed motors coast down on aerodynamic torque alone, "
        "J w / (2 Q) = 73 ms at hover, the same as the identified constant",
        kv_rpm_per_volt="14,000 rpm/V (no-load), the figure commonly quoted for the "
        "Crazyflie's 7 x 16 mm coreless motors (not a Bitcraze specification)",
        loaded_speed_ratio="extrapolated from Bitcraze's measurements: the loaded speed per "
        "volt falls with load, 61 % of 14,000 rpm/V at half throttle (15,924 rpm at 50 % of "
        "3.71 V), 55 % at 93.75 % (23,882 rpm at 3.30 V); 50 % at full throttle on a full "
        "cell gives about 63 g of thrust after sag (Bitcraze measured 58 g at 93.75 %)",
        idle_fraction="Crazyflie firmware: the motors stop at zero thrust (idle thrust 0)",
        rotor_drag_coeff="Foerster 2015: aerodynamic drag -9.1785e-7 (sum of rotor speeds) "
        "v in the rotor plane, i.e. the same k per rotor (RotorPy's later fit: 1.03e-6)",
        drag_area="effective, estimated: the frame shows about 1.2e-3 m^2 from the side and "
        "3e-3 m^2 from above (Cd about 1); raised to stand in for the thrust the props lose "
        "as the inflow nears their pitch speed (about 10 m/s at full speed), which the model "
        "lacks, so the model's top speed is about 10 m/s (RotorPy's earlier Crazyflie set "
        "used c_D = 0.005 N/(m/s)^2, i.e. Cd A = 8.2e-3 m^2)",
        vrs_loss=VRS_SOURCE,
        cells="Bitcraze: 1S LiPo",
        capacity_mah="Bitcraze: 250 mAh LiPo battery",
        internal_resistance="estimated: a 250 mAh 1S LiPo with its connector, about 0.1 ohm "
        "(Bitcraze's bench supply and leads sagged 0.17 ohm: 4.01 V at 0.24 A, 3.30 V at "
        "4.44 A)",
        power_efficiency="derived: Foerster's torque map gives 2.9 W of shaft power at "
        "hover, Bitcraze measured about 6.4 W into the motors (2.0 A at 3.69 V less the 0.24 A "
        "idle current) for the same 27 g of thrust",
        avionics_current="Bitcraze's thrust test: 0.24 A at zero thrust",
        friction="estimated: plastic motor mounts on a floor",
        crash_speed="estimated: the plastic motor mounts survive drops of about 3 m/s",
    ),
    published=Published(
        hover_throttle=0.54,
        top_speed_m_s=None,
        hover_endurance_min=7.0,
        source="Bitcraze: flight time with the stock battery 7 min (Crazyflie 2.1 datasheet); "
        "hover throttle 54 % PWM interpolated from Bitcraze's thrust table (24.4 g at 50 %, "
        "28.6 g at 56.25 %) for 27 g",
    ),
)


# --- 5-inch FPV freestyle quad --------------------------------------------------------------

FPV5_MASS = 0.65
FPV5_RADIUS = 5.1 * INCH / 2.0
FPV5_THRUST = (0.0, 0.0, 1.562522e-6)

FPV_5INCH = Airframe(
    name="fpv-5inch",
    title="5-inch FPV freestyle quad (6S, 2207 1950 KV, 5.1-inch tri-blades)",
    # rigid body
    mass=FPV5_MASS,
    inertia=((1.5e-3, 0.0, 0.0), (0.0, 1.8e-3, 0.0), (0.0, 0.0, 2.8e-3)),
    # geometry
    arm_x=0.0799,
    arm_y=0.0799,
    rotor_radius=FPV5_RADIUS,
    gear_height=0.020,
    top_height=0.040,
    # rotors and motors
    thrust_coeffs=FPV5_THRUST,
    torque_coeffs=(0.0, 0.0, 1.908873e-8),
    rotor_inertia=8.0e-6,
    tau_up=0.033,
    tau_down=0.033,
    kv_rpm_per_volt=1950.0,
    loaded_speed_ratio=0.62,
    idle_fraction=0.055,
    # aerodynamics
    rotor_drag_coeff=momentum_drag(FPV5_MASS, FPV5_RADIUS, FPV5_THRUST, OPEN_ROTOR_DRAG_FRACTION),
    drag_area=(0.025, 0.030, 0.060),
    vrs_loss=VRS_LOSS,
    # battery
    cells=6,
    capacity_mah=1300.0,
    internal_resistance=0.025,
    power_efficiency=0.7,
    avionics_current=0.3,
    # contact
    friction=0.6,
    crash_speed=5.0,
    sources=_sources(
        mass="estimated: typical 5-inch freestyle build, 440 g dry plus a 210 g 6S pack",
        inertia="estimated: motors, propellers and arms as point masses at the hubs, the "
        "stack and the top-mounted pack as boxes (UZH RPG's 0.75 kg 5-inch quads: 2.4e-3, "
        "1.8e-3, 3.8e-3 kg m^2 with wider arms)",
        arm_x="typical 226 mm true-X 5-inch frame (226 mm / 2 / sqrt 2)",
        arm_y="as arm_x",
        rotor_radius="5.1-inch propellers",
        gear_height="estimated: bottom plate and pack strap about 2 cm below the props",
        top_height="estimated: pack, camera and antenna about 4 cm above the props",
        thrust_coeffs="UZH RPG quadrotor model (agilib / Flightmare default, used for their "
        "5-inch agile quads; Foehn et al. 2022): thrust map 1.562522e-6 N/(rad/s)^2; on a "
        "full 6S pack it gives about 1.6 kgf per motor at 30,000 rpm, the range 2207 "
        "thrust-stand tables show for 5-inch tri-blades",
        torque_coeffs="UZH RPG quadrotor model: torque map 1.908873e-8 N m/(rad/s)^2 (figure "
        "of merit about 0.57 at hover)",
        rotor_inertia="estimated: 4.3 g tri-blade as three rods (m R^2 / 3) plus a 12 g bell "
        "at 13 mm (UZH RPG models use 5.6e-6 to 9.4e-6 kg m^2 for 5-inch rotors)",
        tau_up="UZH RPG quadrotor model: motor time constant 33 ms",
        tau_down="as tau_up: Betaflight's ESCs brake actively (complementary PWM), so "
        "spin-down is about as fast as spin-up",
        kv_rpm_per_volt="2207 1950 KV motors, a common 6S freestyle choice",
        loaded_speed_ratio="estimated: a 5.1-inch tri-blade holds a 1950 KV motor to about "
        "30,000 rpm on a full 6S pack, 62 % of no-load speed",
        idle_fraction="Betaflight default dshot_idle_value 550 (5.5 %)",
        rotor_drag_coeff=OPEN_ROTOR_DRAG_SOURCE,
        drag_area="effective, estimated: frame, pack, camera and props show about 0.013 m^2 "
        "from the front, 0.016 m^2 from the side and 0.035 m^2 from above (Cd about 1); "
        "raised by about 1.8 to stand in for the thrust loss at high inflow speed, which the "
        "model lacks, so that its top speed is about 38 m/s, typical of 5-inch freestyle "
        "quads (50 m/s with the geometric areas)",
        vrs_loss=VRS_SOURCE,
        cells="6S LiPo",
        capacity_mah="typical 6S 1300 mAh freestyle pack",
        internal_resistance="ArduPilot SITL 5-inch freestyle model: BAT.Res 0.0226 ohm from "
        "a flight log, plus connector and leads",
        power_efficiency="estimated: 2207 motor about 75 % at hover load times ESC 95 %",
        avionics_current="estimated: flight controller, FPV camera and analog VTX, about 7 W",
        friction="estimated: carbon plate and pack on grass or a floor",
        crash_speed="estimated: carbon freestyle frames take about 5 m/s impacts",
    ),
    published=Published(
        source="no maker's figure: a generic build, not one product (freestyle packs last "
        "3-5 min of hard flying; a steady hover draws far less power)",
    ),
)


# --- 3-inch ducted cinewhoop -----------------------------------------------------------------

WHOOP_MASS = 0.35
WHOOP_RADIUS = 3.0 * INCH / 2.0
WHOOP_THRUST, WHOOP_TORQUE = propeller(0.20, 0.14, 2.0 * WHOOP_RADIUS)

CINEWHOOP_3INCH = Airframe(
    name="cinewhoop-3inch",
    title="3-inch ducted cinewhoop (4S, 1404 4600 KV, 5-blade props in ducts)",
    # rigid body
    mass=WHOOP_MASS,
    inertia=((4.6e-4, 0.0, 0.0), (0.0, 5.4e-4, 0.0), (0.0, 0.0, 7.5e-4)),
    # geometry
    arm_x=0.0495,
    arm_y=0.0495,
    rotor_radius=WHOOP_RADIUS,
    gear_height=0.015,
    top_height=0.035,
    # rotors and motors
    thrust_coeffs=(0.0, 0.0, WHOOP_THRUST),
    torque_coeffs=(0.0, 0.0, WHOOP_TORQUE),
    rotor_inertia=1.7e-6,
    tau_up=0.025,
    tau_down=0.025,
    kv_rpm_per_volt=4600.0,
    loaded_speed_ratio=0.55,
    idle_fraction=0.055,
    # aerodynamics
    rotor_drag_coeff=momentum_drag(WHOOP_MASS, WHOOP_RADIUS, (0.0, 0.0, WHOOP_THRUST)),
    drag_area=(0.022, 0.022, 0.05),
    vrs_loss=VRS_LOSS,
    # battery
    cells=4,
    capacity_mah=850.0,
    internal_resistance=0.04,
    power_efficiency=0.65,
    avionics_current=0.7,
    # contact
    friction=0.5,
    crash_speed=4.0,
    sources=_sources(
        mass="estimated: typical 3-inch cinewhoop with an HD air unit, 250 g dry plus a 100 g "
        "4S 850 mAh pack",
        inertia="estimated: motors and duct segments as point masses at the hubs, the body, "
        "air unit and pack as boxes",
        arm_x="typical 140 mm wheelbase (140 mm / 2 / sqrt 2)",
        arm_y="as arm_x",
        rotor_radius="3-inch propellers",
        gear_height="estimated: the duct bottoms about 1.5 cm below the props",
        top_height="estimated: pack and camera about 3.5 cm above the props",
        thrust_coeffs="estimated: propeller thrust coefficient Ct = 0.20 (5-blade props of "
        "high solidity in ducts); gives about 430 g per motor at 42,000 rpm, the range makers' "
        "thrust tables give for 1404 motors with 3-inch props on 4S",
        torque_coeffs="estimated: power coefficient Cp = 0.14 (figure of merit about 0.5)",
        rotor_inertia="estimated: 2.5 g 5-blade prop as rods (m R^2 / 3) plus a 6 g bell",
        tau_up="estimated: smaller rotors than a 5-inch, about 25 ms",
        tau_down="as tau_up: Betaflight's ESCs brake actively",
        kv_rpm_per_volt="1404 4600 KV motors, a common 4S cinewhoop choice",
        loaded_speed_ratio="estimated: heavily loaded 5-blade ducted props hold the motor to "
        "about 55 % of no-load speed",
        idle_fraction="Betaflight default dshot_idle_value 550 (5.5 %)",
        rotor_drag_coeff="momentum theory for a ducted rotor: mass flow through the disc at "
        "hover times the edgewise speed (the ducted reference of ArduPilot SITL's "
        "mdrag_coef), at this airframe's hover rotor speed",
        drag_area="estimated: the ducts make the airframe bluff, about 0.02 m^2 from the "
        "front and side with Cd 1.1, 0.05 m^2 from above",
        vrs_loss=VRS_SOURCE,
        cells="4S LiPo",
        capacity_mah="typical 4S 850 mAh cinewhoop pack",
        internal_resistance="estimated: four cells of about 8 mohm plus leads",
        power_efficiency="estimated: small motors at high speed about 70 % times ESC 95 %",
        avionics_current="estimated: flight controller and HD air unit, about 10 W",
        friction="estimated: plastic ducts on a floor",
        crash_speed="estimated: the ducts absorb bumps up to about 4 m/s",
    ),
    published=Published(
        source="no maker's figure: a generic build, not one product",
    ),
)


# --- sub-250 g GPS camera drone (DJI Mini 3 class) -------------------------------------------

MINI_MASS = 0.249
MINI_RADIUS = 6.0 * INCH / 2.0
MINI_THRUST, MINI_TORQUE = propeller(0.09, 0.05, 2.0 * MINI_RADIUS)

CAMERA_SUB250 = Airframe(
    name="camera-sub250",
    title="Sub-250 g GPS camera drone (DJI Mini 3 class)",
    # rigid body
    mass=MINI_MASS,
    inertia=((5.2e-4, 0.0, 0.0), (0.0, 5.7e-4, 0.0), (0.0, 0.0, 9.9e-4)),
    # geometry
    arm_x=0.070,
    arm_y=0.100,
    rotor_radius=MINI_RADIUS,
    gear_height=0.025,
    top_height=0.035,
    # rotors and motors
    thrust_coeffs=(0.0, 0.0, MINI_THRUST),
    torque_coeffs=(0.0, 0.0, MINI_TORQUE),
    rotor_inertia=3.0e-6,
    tau_up=0.03,
    tau_down=0.04,
    kv_rpm_per_volt=1400.0,
    loaded_speed_ratio=0.8,
    idle_fraction=0.1,
    # aerodynamics
    rotor_drag_coeff=momentum_drag(
        MINI_MASS, MINI_RADIUS, (0.0, 0.0, MINI_THRUST), OPEN_ROTOR_DRAG_FRACTION
    ),
    drag_area=(0.010, 0.014, 0.030),
    vrs_loss=VRS_LOSS,
    # battery
    cells=2,
    capacity_mah=2453.0,
    internal_resistance=0.06,
    power_efficiency=0.78,
    avionics_current=0.6,
    # contact
    friction=0.5,
    crash_speed=2.5,
    sources=_sources(
        mass="DJI Mini 3 specifications: take-off weight under 249 g",
        inertia="estimated: motors, propellers and arms as point masses at the hubs, body "
        "with battery and gimbal as a 140 x 60 x 55 mm box (no published figure)",
        arm_x="estimated from the published 247 mm diagonal (Mini 3 Pro), folding arms wider "
        "than long: hypot(70, 100) mm = 122 mm",
        arm_y="as arm_x",
        rotor_radius="DJI 6030F propellers, 6.0-inch diameter",
        gear_height="estimated: the body rests on its belly about 2.5 cm below the props",
        top_height="estimated: body top about 3.5 cm above the props",
        thrust_coeffs="estimated: propeller thrust coefficient Ct = 0.09, typical of low-pitch "
        "(P/D 0.5) two-blade props; hover at about 6,100 rpm",
        torque_coeffs="estimated: power coefficient Cp = 0.05 (figure of merit about 0.43), "
        "so that with the efficiency and avionics load below a full pack hovers a few "
        "minutes less than the published 38-minute maximum flight time",
        rotor_inertia="estimated: 1.5 g, 6-inch two-blade prop as a rod (m L^2 / 12) plus a "
        "small bell",
        tau_up="estimated: FOC ESCs on 6-inch props, about 30 ms",
        tau_down="estimated: about 40 ms (no hard braking on a camera drone)",
        kv_rpm_per_volt="estimated (DJI publishes none): gives thrust-to-weight about 2.4 on "
        "a full 2S pack, enough for the published 5 m/s climb and 16 m/s",
        loaded_speed_ratio="estimated: FOC drive of a prop sized for efficiency reaches about "
        "80 % of no-load speed",
        idle_fraction="estimated: DJI motors idle at roughly a tenth of full speed once started",
        rotor_drag_coeff=OPEN_ROTOR_DRAG_SOURCE,
        drag_area="estimated: folded-arm body, gimbal and props, Cd about 1: 0.010 m^2 from "
        "the front, 0.014 m^2 from the side, 0.03 m^2 from above",
        vrs_loss=VRS_SOURCE,
        cells="DJI Mini 3 Intelligent Flight Battery: 2S Li-ion, 7.38 V nominal (modelled as "
        "a standard LiPo, 4.20 V per cell full)",
        capacity_mah="DJI Mini 3 Intelligent Flight Battery: 2453 mAh",
        internal_resistance="estimated: two cells of about 25 mohm plus leads",
        power_efficiency="estimated: FOC ESC and motor about 78 % at hover",
        avionics_current="estimated: camera, gimbal, video link, GPS and flight controller, "
        "about 4.5 W",
        friction="estimated: plastic body on grass or a floor",
        crash_speed="estimated: light folding arms and the gimbal break above about 2.5 m/s",
    ),
    published=Published(
        hover_throttle=None,
        top_speed_m_s=16.0,
        hover_endurance_min=38.0,
        source="DJI Mini 3 specifications: max horizontal speed 16 m/s (a firmware limit); "
        "max flight time 38 min, measured in forward flight at 21.6 km/h without wind, so an "
        "upper bound for hover",
    ),
)


# --- 900 g GPS camera drone (DJI Mavic 3 class) ----------------------------------------------

MAVIC_MASS = 0.895
MAVIC_RADIUS = 9.4 * INCH / 2.0
MAVIC_THRUST, MAVIC_TORQUE = propeller(0.10, 0.052, 2.0 * MAVIC_RADIUS)

CAMERA_900G = Airframe(
    name="camera-900g",
    title="900 g GPS camera drone (DJI Mavic 3 Classic class)",
    # rigid body
    mass=MAVIC_MASS,
    inertia=((4.4e-3, 0.0, 0.0), (0.0, 5.6e-3, 0.0), (0.0, 0.0, 9.0e-3)),
    # geometry
    arm_x=0.120,
    arm_y=0.147,
    rotor_radius=MAVIC_RADIUS,
    gear_height=0.050,
    top_height=0.060,
    # rotors and motors
    thrust_coeffs=(0.0, 0.0, MAVIC_THRUST),
    torque_coeffs=(0.0, 0.0, MAVIC_TORQUE),
    rotor_inertia=3.3e-5,
    tau_up=0.045,
    tau_down=0.06,
    kv_rpm_per_volt=500.0,
    loaded_speed_ratio=0.8,
    idle_fraction=0.1,
    # aerodynamics
    rotor_drag_coeff=momentum_drag(
        MAVIC_MASS, MAVIC_RADIUS, (0.0, 0.0, MAVIC_THRUST), OPEN_ROTOR_DRAG_FRACTION
    ),
    drag_area=(0.022, 0.030, 0.070),
    vrs_loss=VRS_LOSS,
    # battery
    cells=4,
    capacity_mah=5000.0,
    internal_resistance=0.04,
    power_efficiency=0.82,
    avionics_current=1.0,
    # contact
    friction=0.6,
    crash_speed=2.0,
    sources=_sources(
        mass="DJI Mavic 3 Classic specifications: take-off weight 895 g",
        inertia="estimated: motors, propellers and arms as point masses at the hubs, body "
        "with battery and gimbal as a 220 x 90 x 90 mm box (no published figure)",
        arm_x="estimated from the published 380.1 mm diagonal, arms wider than long: "
        "hypot(120, 147) mm = 190 mm",
        arm_y="as arm_x",
        rotor_radius="DJI 9453F propellers, 9.4-inch diameter",
        gear_height="estimated: the front legs hold the props about 5 cm above the ground",
        top_height="estimated: body top about 6 cm above the props",
        thrust_coeffs="estimated: propeller thrust coefficient Ct = 0.10, typical of low-pitch "
        "(P/D 0.56) two-blade props; hover at about 4,500 rpm",
        torque_coeffs="estimated: power coefficient Cp = 0.052 (figure of merit about 0.48), "
        "so that with the efficiency and avionics load below a full pack hovers about the "
        "published 40 minutes",
        rotor_inertia="estimated: 6.5 g, 9.4-inch two-blade prop as a rod (m L^2 / 12) plus "
        "the bell",
        tau_up="estimated: larger props than the Mini, about 45 ms",
        tau_down="estimated: about 60 ms (no hard braking on a camera drone)",
        kv_rpm_per_volt="estimated (DJI publishes none): gives thrust-to-weight about 2.3 on "
        "a full 4S pack",
        loaded_speed_ratio="estimated: FOC drive of a prop sized for efficiency reaches about "
        "80 % of no-load speed",
        idle_fraction="estimated: DJI motors idle at roughly a tenth of full speed once started",
        rotor_drag_coeff=OPEN_ROTOR_DRAG_SOURCE,
        drag_area="estimated: streamlined body, arms and props, Cd about 0.8: 0.022 m^2 from "
        "the front, 0.03 m^2 from the side, 0.07 m^2 from above",
        vrs_loss=VRS_SOURCE,
        cells="DJI Mavic 3 Intelligent Flight Battery: 4S LiPo, 15.4 V nominal (modelled as "
        "a standard LiPo, 4.20 V per cell full, not the 4.40 V high-voltage cells it uses)",
        capacity_mah="DJI Mavic 3 Intelligent Flight Battery: 5000 mAh",
        internal_resistance="estimated: four cells of about 8 mohm plus leads",
        power_efficiency="estimated: FOC ESC and motor about 82 % at hover",
        avionics_current="estimated: Hasselblad camera, gimbal, video link, vision sensors "
        "and flight computer, about 15 W",
        friction="estimated: plastic legs on grass or a floor",
        crash_speed="estimated: the legs and the gimbal break above about 2 m/s",
    ),
    published=Published(
        hover_throttle=None,
        top_speed_m_s=21.0,
        hover_endurance_min=40.0,
        source="DJI Mavic 3 Classic specifications: max horizontal speed 21 m/s in Sport mode "
        "(a firmware limit); max hovering time 40 min (max flight time 46 min)",
    ),
)


# --- the registry ----------------------------------------------------------------------------

_PRESETS: dict[str, Airframe] = {
    a.name: a for a in (CRAZYFLIE_2, FPV_5INCH, CINEWHOOP_3INCH, CAMERA_SUB250, CAMERA_900G)
}

UNSOURCED = frozenset({"name", "title", "sources", "published"})
"""Fields that need no source."""


def _numbers(values: object) -> list[float]:
    """Every number in ``values``, nested tuples and lists flattened."""
    if isinstance(values, tuple | list):
        return [x for v in values for x in _numbers(v)]
    return [float(values)]  # type: ignore[arg-type]


def _positive_definite(m: tuple[tuple[float, float, float], ...]) -> bool:
    """Sylvester's criterion: every leading principal minor of ``m`` is positive."""
    m1 = m[0][0]
    m2 = m[0][0] * m[1][1] - m[0][1] * m[1][0]
    m3 = (
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    )
    return m1 > 0.0 and m2 > 0.0 and m3 > 0.0


def _check(a: Airframe) -> None:
    """Raise :class:`ValueError` if ``a`` has an unsourced value or one that makes no sense."""
    missing = [
        f.name
        for f in dataclasses.fields(a)
        if f.name not in UNSOURCED and not a.sources.get(f.name, "").strip()
    ]
    if missing:
        raise ValueError(f"airframe {a.name!r}: no source for {missing}")
    inertia = a.inertia
    shaped = len(inertia) == 3 and all(len(row) == 3 for row in inertia)
    symmetric = shaped and all(inertia[i][j] == inertia[j][i] for i in range(3) for j in range(3))
    values = [getattr(a, f.name) for f in dataclasses.fields(a) if f.name not in UNSOURCED]
    _, c1, c2 = a.thrust_coeffs
    _, d1, d2 = a.torque_coeffs
    checks = {
        "all values finite": all(math.isfinite(x) for x in _numbers(values)),
        "mass > 0": a.mass > 0.0,
        "inertia symmetric positive-definite": symmetric and _positive_definite(inertia),
        "arms and rotor radius > 0": min(a.arm_x, a.arm_y, a.rotor_radius) > 0.0,
        "gear and top heights >= 0": min(a.gear_height, a.top_height) >= 0.0,
        "thrust grows with rotor speed": c2 > 0.0 or (c2 == 0.0 and c1 > 0.0),
        "drag torque grows with rotor speed": d2 > 0.0 or (d2 == 0.0 and d1 > 0.0),
        "rotor inertia > 0": a.rotor_inertia > 0.0,
        "tau_up, tau_down > 0": min(a.tau_up, a.tau_down) > 0.0,
        "kv > 0": a.kv_rpm_per_volt > 0.0,
        "0 < loaded_speed_ratio <= 1": 0.0 < a.loaded_speed_ratio <= 1.0,
        "0 <= idle_fraction < 0.3": 0.0 <= a.idle_fraction < 0.3,
        "drag coefficients >= 0": min(a.rotor_drag_coeff, *a.drag_area) >= 0.0,
        "0 <= vrs_loss < 1": 0.0 <= a.vrs_loss < 1.0,
        "cells >= 1": a.cells >= 1,
        "capacity > 0": a.capacity_mah > 0.0,
        "internal resistance > 0": a.internal_resistance > 0.0,
        "0 < power_efficiency <= 1": 0.0 < a.power_efficiency <= 1.0,
        "avionics current >= 0": a.avionics_current >= 0.0,
        "friction > 0": a.friction > 0.0,
        "crash speed > 0": a.crash_speed > 0.0,
    }
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise ValueError(f"airframe {a.name!r}: fails {failed}")


for _airframe in _PRESETS.values():
    _check(_airframe)


def names() -> list[str]:
    """Registry ids of the presets, in a stable order (the order of this module)."""
    return list(_PRESETS)


def get(name: str) -> Airframe:
    """The preset called ``name``; :class:`KeyError` names the known ones."""
    try:
        return _PRESETS[name]
    except KeyError:
        raise KeyError(f"unknown airframe {name!r}; known: {', '.join(_PRESETS)}") from None
