"""The airframe registry: five presets, each value with the source it comes from.

Where a manufacturer publishes no figure (motor Kv of DJI drones, inertia of any consumer
drone, rotor drag), the value is an estimate and its source says how it was estimated.
"""

from __future__ import annotations

import dataclasses
import math
from types import MappingProxyType

from dronedojo.physics.airframe import Airframe, Published

RPM = 2.0 * math.pi / 60.0
"""One rpm in rad/s."""
PER_RPM2 = 1.0 / RPM**2
"""Converts a coefficient per rpm^2 into one per (rad/s)^2."""
ROTOR_DRAG_CF = 1.19e-7
"""RotorPy's Crazyflie rotor-drag coefficient k_d, N / ((rad/s) (m/s))."""
CF_RADIUS = 0.0235
"""Crazyflie propeller radius, m."""


def scaled_rotor_drag(radius: float) -> float:
    """Rotor drag coefficient scaled from the Crazyflie's by rotor size: k_d ~ rho A R ~ R^3."""
    return ROTOR_DRAG_CF * (radius / CF_RADIUS) ** 3


def _sources(**entries: str) -> MappingProxyType[str, str]:
    return MappingProxyType(entries)


CRAZYFLIE_2 = Airframe(
    name="crazyflie-2",
    title="Bitcraze Crazyflie 2.x (27 g research nano quad)",
    mass=0.027,
    inertia=(
        (16.571710e-6, 0.830806e-6, 0.718277e-6),
        (0.830806e-6, 16.655602e-6, 1.800197e-6),
        (0.718277e-6, 1.800197e-6, 29.261652e-6),
    ),
    arm_x=0.0325,
    arm_y=0.0325,
    rotor_radius=CF_RADIUS,
    gear_height=0.008,
    top_height=0.015,
    thrust_coeffs=(0.0, 0.0, 3.16e-10 * PER_RPM2),
    torque_coeffs=(0.0, 0.0, 0.005964552 * 3.16e-10 * PER_RPM2),
    rotor_inertia=3.4e-8,
    tau_up=0.072,
    tau_down=0.072,
    kv_rpm_per_volt=14000.0,
    loaded_speed_ratio=21702.0 / (14000.0 * 4.2),
    idle_fraction=0.0,
    rotor_drag_coeff=ROTOR_DRAG_CF,
    drag_area=(2 * 0.5e-2 / 1.225, 2 * 0.5e-2 / 1.225, 2 * 1e-2 / 1.225),
    vrs_loss=0.25,
    cells=1,
    capacity_mah=250.0,
    internal_resistance=0.15,
    power_efficiency=0.35,
    avionics_current=0.1,
    friction=0.5,
    crash_speed=3.0,
    sources=_sources(
        mass="Bitcraze Crazyflie 2.1 datasheet: take-off weight 27 g",
        inertia="Foerster 2015, 'System Identification of the Crazyflie 2.0 Nano "
        "Quadrocopter' (ETH Zurich), identified inertia matrix",
        arm_x="Bitcraze datasheet: 92 mm motor-to-motor diagonal, quad-X (46 mm / sqrt 2)",
        arm_y="as arm_x",
        rotor_radius="Bitcraze 47 mm propellers",
        gear_height="estimated: the motor mounts stand about 8 mm below the rotor plane",
        top_height="estimated: battery and deck about 15 mm above the rotor plane",
        thrust_coeffs="k_f = 3.16e-10 N/rpm^2 (gym-pybullet-drones cf2x model, after "
        "Foerster 2015), converted to rad/s",
        torque_coeffs="Foerster 2015: drag torque = 0.005964552 m x thrust",
        rotor_inertia="estimated: 0.2 g, 47 mm propeller as a thin rod (m L^2 / 12)",
        tau_up="Eschmann et al. 2024 (arXiv 2404.07837): identified motor time constant 72 ms",
        tau_down="as tau_up (one identified constant)",
        kv_rpm_per_volt="estimated: 7x16 mm coreless motors are sold as about 14,000 rpm/V",
        loaded_speed_ratio="chosen so that full command gives 21,702 rpm at 4.2 V, the "
        "maximum of the identified model (thrust-to-weight 2.25, gym-pybullet-drones cf2x)",
        idle_fraction="Crazyflie firmware: motors do not spin at zero thrust",
        rotor_drag_coeff="RotorPy crazyflie parameters, k_d = 1.19e-7",
        drag_area="RotorPy crazyflie parameters c_Dx = c_Dy = 0.5e-2, c_Dz = 1e-2 "
        "(F = -c |v| v), converted to Cd A = 2 c / rho",
        vrs_loss="estimated: about a quarter of thrust lost at the worst descent rate, the "
        "order of the thrust fluctuations in vortex ring state (Johnson 2005)",
        cells="Bitcraze: 1S LiPo",
        capacity_mah="Bitcraze: 250 mAh battery",
        internal_resistance="estimated: small 1S pouch cell with connector",
        power_efficiency="estimated: brushed coreless motors and MOSFET drivers; chosen so "
        "that the hover power matches the published 7-minute flight time",
        avionics_current="estimated: STM32 + nRF51 + sensors, about 100 mA",
        friction="estimated: plastic motor mounts on a floor",
        crash_speed="estimated: the frame survives drops of about 3 m/s",
    ),
    published=Published(
        hover_throttle=None,
        top_speed_m_s=None,
        hover_endurance_min=7.0,
        source="Bitcraze Crazyflie 2.1 datasheet: flight time with the stock battery 7 min",
    ),
)

FPV_5INCH = Airframe(
    name="fpv-5inch",
    title="5-inch FPV freestyle quad (6S, 2207 motors)",
    mass=0.65,
    inertia=((1.0e-3, 0.0, 0.0), (0.0, 1.1e-3, 0.0), (0.0, 0.0, 1.9e-3)),
    arm_x=0.08,
    arm_y=0.08,
    rotor_radius=0.0648,
    gear_height=0.02,
    top_height=0.035,
    thrust_coeffs=(0.0, 0.0, 1.594e-6),
    torque_coeffs=(0.0, 0.0, 0.016 * 1.594e-6),
    rotor_inertia=8.0e-6,
    tau_up=0.02,
    tau_down=0.025,
    kv_rpm_per_volt=1950.0,
    loaded_speed_ratio=0.65,
    idle_fraction=0.055,
    rotor_drag_coeff=scaled_rotor_drag(0.0648),
    drag_area=(0.014, 0.018, 0.035),
    vrs_loss=0.25,
    cells=6,
    capacity_mah=1300.0,
    internal_resistance=0.06,
    power_efficiency=0.75,
    avionics_current=0.3,
    friction=0.6,
    crash_speed=4.0,
    sources=_sources(
        mass="estimated: typical 5-inch freestyle build, 470 g dry plus a 180 g 6S pack",
        inertia="estimated: motors as point masses at the hubs plus the body and pack as boxes",
        arm_x="typical 226 mm true-X 5-inch frame (226 / 2 / sqrt 2)",
        arm_y="as arm_x",
        rotor_radius="5.1-inch propellers",
        gear_height="estimated: frame bottom plate and pack strap about 2 cm below the props",
        top_height="estimated: camera and top plate about 3.5 cm above the props",
        thrust_coeffs="estimated from typical thrust-stand results of 2207 motors on 6S with "
        "5.1-inch tri-blades: about 1.5 kgf at 29,000 rpm",
        torque_coeffs="estimated: Q / T = 0.016 m, which with 75 % motor and ESC efficiency "
        "gives about 4.8 g/W at hover, typical of 5-inch tri-blade thrust-stand data",
        rotor_inertia="estimated: 4.5 g propeller (m L^2 / 12) plus a 12 g bell (m r^2)",
        tau_up="estimated: 2207 motors spin up in about 20 ms (PX4 Gazebo models use "
        "12.5 ms up / 25 ms down for larger motors)",
        tau_down="estimated: ESC active braking (damped light) makes spin-down nearly as fast",
        kv_rpm_per_volt="2207 1950 KV motors, a common 6S freestyle choice",
        loaded_speed_ratio="estimated: a loaded 5-inch prop reaches about 65 % of no-load "
        "speed at full throttle (about 32,000 rpm on a full 6S pack)",
        idle_fraction="Betaflight default dshot_idle_value 5.5 %",
        rotor_drag_coeff="RotorPy's Crazyflie k_d scaled by rotor size (k_d ~ R^3)",
        drag_area="estimated: frame, pack and props seen from the front, side and top, Cd "
        "about 1 (frontal 0.014 m^2)",
        vrs_loss="estimated, as for the Crazyflie (Johnson 2005)",
        cells="6S LiPo",
        capacity_mah="typical 6S 1300 mAh freestyle pack",
        internal_resistance="estimated: six cells of about 8 mOhm plus wiring",
        power_efficiency="estimated: brushless motor about 80 % times ESC about 95 %",
        avionics_current="estimated: flight controller, camera and analog VTX, about 7 W",
        friction="estimated: carbon plate and pack on grass or a floor",
        crash_speed="estimated: carbon frames take about 4 m/s",
    ),
    published=Published(
        source="no manufacturer figure: a generic build, not one product",
    ),
)

CINEWHOOP_3INCH = Airframe(
    name="cinewhoop-3inch",
    title="3-inch ducted cinewhoop (4S, 1404 motors)",
    mass=0.35,
    inertia=((4.0e-4, 0.0, 0.0), (0.0, 4.2e-4, 0.0), (0.0, 0.0, 7.0e-4)),
    arm_x=0.0495,
    arm_y=0.0495,
    rotor_radius=0.038,
    gear_height=0.015,
    top_height=0.03,
    thrust_coeffs=(0.0, 0.0, 3.8e-7),
    torque_coeffs=(0.0, 0.0, 0.012 * 3.8e-7),
    rotor_inertia=1.5e-6,
    tau_up=0.015,
    tau_down=0.02,
    kv_rpm_per_volt=3800.0,
    loaded_speed_ratio=0.52,
    idle_fraction=0.055,
    rotor_drag_coeff=scaled_rotor_drag(0.038),
    drag_area=(0.02, 0.02, 0.045),
    vrs_loss=0.25,
    cells=4,
    capacity_mah=850.0,
    internal_resistance=0.08,
    power_efficiency=0.7,
    avionics_current=0.5,
    friction=0.5,
    crash_speed=3.0,
    sources=_sources(
        mass="estimated: typical 3-inch cinewhoop with an HD air unit and a 4S 850 mAh pack",
        inertia="estimated: motors and ducts as point masses at the hubs plus the body",
        arm_x="typical 140 mm wheelbase (140 / 2 / sqrt 2)",
        arm_y="as arm_x",
        rotor_radius="3-inch propellers",
        gear_height="estimated: duct bottoms about 1.5 cm below the props",
        top_height="estimated: camera and air unit about 3 cm above the props",
        thrust_coeffs="estimated from typical thrust-stand results of 1404 motors with "
        "3-inch multi-blade props on 4S (about 450 g per motor at 33,000 rpm)",
        torque_coeffs="estimated: Q / T = 0.012 m for small multi-blade props",
        rotor_inertia="estimated: 3 g propeller and a small bell",
        tau_up="estimated: small motors, about 15 ms",
        tau_down="estimated: with ESC active braking, about 20 ms",
        kv_rpm_per_volt="1404 3800 KV motors, a common 4S cinewhoop choice",
        loaded_speed_ratio="estimated: about 52 % of no-load speed at full throttle with "
        "5-blade props in ducts",
        idle_fraction="Betaflight default dshot_idle_value 5.5 %",
        rotor_drag_coeff="RotorPy's Crazyflie k_d scaled by rotor size (k_d ~ R^3)",
        drag_area="estimated: ducts make the airframe bluff, Cd about 1.2 on 0.017 m^2",
        vrs_loss="estimated, as for the Crazyflie (Johnson 2005)",
        cells="4S LiPo",
        capacity_mah="typical 4S 850 mAh cinewhoop pack",
        internal_resistance="estimated: four cells of about 15 mOhm plus wiring",
        power_efficiency="estimated: small brushless motors about 75 % times ESC 95 %",
        avionics_current="estimated: flight controller and HD air unit, about 8 W at 16 V",
        friction="estimated: plastic ducts on a floor",
        crash_speed="estimated: ducts absorb bumps up to about 3 m/s",
    ),
    published=Published(
        source="no manufacturer figure: a generic build, not one product",
    ),
)

CAMERA_SUB250 = Airframe(
    name="camera-sub250",
    title="Sub-250 g GPS camera drone (DJI Mini 3 class)",
    mass=0.249,
    inertia=((5.0e-4, 0.0, 0.0), (0.0, 5.7e-4, 0.0), (0.0, 0.0, 9.5e-4)),
    arm_x=0.075,
    arm_y=0.098,
    rotor_radius=0.0762,
    gear_height=0.02,
    top_height=0.04,
    thrust_coeffs=(0.0, 0.0, 9.53e-7),
    torque_coeffs=(0.0, 0.0, 1.12e-8),
    rotor_inertia=5.0e-6,
    tau_up=0.03,
    tau_down=0.04,
    kv_rpm_per_volt=1724.0,
    loaded_speed_ratio=0.8,
    idle_fraction=0.08,
    rotor_drag_coeff=scaled_rotor_drag(0.0762),
    drag_area=(0.012, 0.018, 0.035),
    vrs_loss=0.25,
    cells=2,
    capacity_mah=2453.0,
    internal_resistance=0.05,
    power_efficiency=0.8,
    avionics_current=0.35,
    friction=0.5,
    crash_speed=2.5,
    sources=_sources(
        mass="DJI Mini 3 specifications: take-off weight under 249 g",
        inertia="estimated: motors as point masses at the hubs, body and battery as boxes "
        "(no published figure)",
        arm_x="estimated from the published 247 mm diagonal, arms wider than long",
        arm_y="as arm_x: hypot(arm_x, arm_y) = 123.5 mm",
        rotor_radius="DJI 6030F propellers (6.0-inch)",
        gear_height="estimated: the body rests on its belly about 2 cm below the props",
        top_height="estimated: body top about 4 cm above the props",
        thrust_coeffs="estimated: hover at about 7,600 rpm (800 rad/s) for 0.61 N per rotor",
        torque_coeffs="estimated: hover shaft power 23 W (figure of merit about 0.4 for "
        "small props), so that the pack gives about half an hour of hover",
        rotor_inertia="estimated: 2 g, 6-inch propeller (m L^2 / 12) plus the bell",
        tau_up="estimated: FOC ESCs on 6-inch props, about 30 ms",
        tau_down="estimated: about 40 ms",
        kv_rpm_per_volt="estimated (DJI publishes none): gives thrust-to-weight 2.3 on a full "
        "2S pack",
        loaded_speed_ratio="estimated: efficient FOC drive reaches about 80 % of no-load speed",
        idle_fraction="estimated: camera drones idle their motors at about 8 % when armed",
        rotor_drag_coeff="RotorPy's Crazyflie k_d scaled by rotor size (k_d ~ R^3)",
        drag_area="estimated: folded-arm body and props, Cd about 1",
        vrs_loss="estimated, as for the Crazyflie (Johnson 2005)",
        cells="DJI Mini 3 Intelligent Flight Battery: 2S Li-ion polymer, 7.38 V",
        capacity_mah="DJI Mini 3 Intelligent Flight Battery: 2453 mAh",
        internal_resistance="estimated: two cells of about 20 mOhm plus wiring",
        power_efficiency="estimated: FOC ESC and motor about 80 %",
        avionics_current="estimated: camera, gimbal, radio and flight controller, about 2.5 W",
        friction="estimated: plastic body on grass or a floor",
        crash_speed="estimated: light folding arms break above about 2.5 m/s",
    ),
    published=Published(
        hover_throttle=None,
        top_speed_m_s=16.0,
        hover_endurance_min=38.0,
        source="DJI Mini 3 specifications: max horizontal speed 16 m/s; max flight time 38 "
        "min (in forward flight at about 6 m/s, so an upper bound for hover)",
    ),
)

CAMERA_900G = Airframe(
    name="camera-900g",
    title="900 g GPS camera drone (DJI Mavic 3 Classic class)",
    mass=0.895,
    inertia=((3.1e-3, 0.0, 0.0), (0.0, 4.2e-3, 0.0), (0.0, 0.0, 6.5e-3)),
    arm_x=0.12,
    arm_y=0.147,
    rotor_radius=0.12,
    gear_height=0.05,
    top_height=0.06,
    thrust_coeffs=(0.0, 0.0, 8.78e-6),
    torque_coeffs=(0.0, 0.0, 1.66e-7),
    rotor_inertia=3.4e-5,
    tau_up=0.04,
    tau_down=0.05,
    kv_rpm_per_volt=527.0,
    loaded_speed_ratio=0.8,
    idle_fraction=0.08,
    rotor_drag_coeff=scaled_rotor_drag(0.12),
    drag_area=(0.03, 0.04, 0.08),
    vrs_loss=0.25,
    cells=4,
    capacity_mah=5000.0,
    internal_resistance=0.03,
    power_efficiency=0.85,
    avionics_current=1.0,
    friction=0.6,
    crash_speed=2.5,
    sources=_sources(
        mass="DJI Mavic 3 Classic specifications: take-off weight 895 g",
        inertia="estimated: motors as point masses at the hubs, body and battery as boxes "
        "(no published figure)",
        arm_x="estimated from the published 380.1 mm diagonal, arms wider than long",
        arm_y="as arm_x: hypot(arm_x, arm_y) = 190 mm",
        rotor_radius="DJI 9453F propellers (9.4-inch)",
        gear_height="estimated: the front legs hold the body about 5 cm below the props",
        top_height="estimated: body top about 6 cm above the props",
        thrust_coeffs="estimated: hover at about 4,800 rpm (500 rad/s) for 2.19 N per rotor",
        torque_coeffs="estimated: hover shaft power 83 W (figure of merit about 0.47), which "
        "with the avionics load matches the published 40-minute hover",
        rotor_inertia="estimated: 5 g, 9.4-inch propeller (m L^2 / 12) plus the bell",
        tau_up="estimated: larger props, about 40 ms",
        tau_down="estimated: about 50 ms",
        kv_rpm_per_volt="estimated (DJI publishes none): gives thrust-to-weight 2.2 on a full pack",
        loaded_speed_ratio="estimated: efficient FOC drive reaches about 80 % of no-load speed",
        idle_fraction="estimated: camera drones idle their motors at about 8 % when armed",
        rotor_drag_coeff="RotorPy's Crazyflie k_d scaled by rotor size (k_d ~ R^3)",
        drag_area="estimated: streamlined body with arms and props, Cd about 0.8",
        vrs_loss="estimated, as for the Crazyflie (Johnson 2005)",
        cells="DJI Mavic 3 Intelligent Flight Battery: 4S (modelled as a standard LiPo, "
        "4.20 V per cell, not the 4.40 V high-voltage cells it uses)",
        capacity_mah="DJI Mavic 3 Intelligent Flight Battery: 5000 mAh",
        internal_resistance="estimated: four cells of about 6 mOhm plus wiring",
        power_efficiency="estimated: FOC ESC and motor about 85 %",
        avionics_current="estimated: Hasselblad camera, gimbal, O3+ link, vision sensors, "
        "about 15 W",
        friction="estimated: plastic legs on grass or a floor",
        crash_speed="estimated: the legs and gimbal break above about 2.5 m/s",
    ),
    published=Published(
        hover_throttle=None,
        top_speed_m_s=21.0,
        hover_endurance_min=40.0,
        source="DJI Mavic 3 Classic specifications: max horizontal speed 21 m/s (Sport), "
        "max hovering time 40 min",
    ),
)

_PRESETS: dict[str, Airframe] = {
    a.name: a for a in (CRAZYFLIE_2, FPV_5INCH, CINEWHOOP_3INCH, CAMERA_SUB250, CAMERA_900G)
}

UNSOURCED = frozenset({"name", "title", "sources", "published"})
"""Fields that need no source."""


def _check(a: Airframe) -> None:
    """Refuse an airframe with a value that has no source or makes no physical sense."""
    missing = [
        f.name
        for f in dataclasses.fields(a)
        if f.name not in UNSOURCED and not a.sources.get(f.name, "").strip()
    ]
    if missing:
        raise ValueError(f"airframe {a.name!r}: no source for {missing}")
    inertia = [list(row) for row in a.inertia]
    symmetric = all(inertia[i][j] == inertia[j][i] for i in range(3) for j in range(3))
    # Sylvester: the leading minors of a positive-definite matrix are positive
    m1 = inertia[0][0]
    m2 = inertia[0][0] * inertia[1][1] - inertia[0][1] * inertia[1][0]
    m3 = (
        inertia[0][0] * (inertia[1][1] * inertia[2][2] - inertia[1][2] * inertia[2][1])
        - inertia[0][1] * (inertia[1][0] * inertia[2][2] - inertia[1][2] * inertia[2][0])
        + inertia[0][2] * (inertia[1][0] * inertia[2][1] - inertia[1][1] * inertia[2][0])
    )
    checks = {
        "mass > 0": a.mass > 0,
        "inertia symmetric positive-definite": symmetric and m1 > 0 and m2 > 0 and m3 > 0,
        "arms and rotor radius > 0": min(a.arm_x, a.arm_y, a.rotor_radius) > 0,
        "gear and top heights >= 0": min(a.gear_height, a.top_height) >= 0,
        "thrust grows with rotor speed": a.thrust_coeffs[2] > 0 or a.thrust_coeffs[1] > 0,
        "rotor inertia > 0": a.rotor_inertia > 0,
        "time constants > 0": min(a.tau_up, a.tau_down) > 0,
        "0 < loaded_speed_ratio <= 1": 0 < a.loaded_speed_ratio <= 1,
        "0 <= idle_fraction < 0.3": 0 <= a.idle_fraction < 0.3,
        "drag coefficients >= 0": min(a.rotor_drag_coeff, *a.drag_area) >= 0,
        "0 <= vrs_loss < 1": 0 <= a.vrs_loss < 1,
        "cells >= 1": a.cells >= 1,
        "capacity, resistance > 0": a.capacity_mah > 0 and a.internal_resistance > 0,
        "0 < power_efficiency <= 1": 0 < a.power_efficiency <= 1,
        "avionics current >= 0": a.avionics_current >= 0,
        "friction and crash speed > 0": a.friction > 0 and a.crash_speed > 0,
    }
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise ValueError(f"airframe {a.name!r}: fails {failed}")


for _airframe in _PRESETS.values():
    _check(_airframe)


def names() -> list[str]:
    """Registry ids of the presets, in a stable order."""
    return list(_PRESETS)


def get(name: str) -> Airframe:
    """The preset called ``name``; :class:`KeyError` names the known ones."""
    try:
        return _PRESETS[name]
    except KeyError:
        raise KeyError(f"unknown airframe {name!r}; known: {', '.join(_PRESETS)}") from None
