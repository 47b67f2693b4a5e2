"""A slow, plain reference integrator for one drone, written from the model's equations.

This is the model of the README ("The physics model") and of the stage docstrings, written out
a second time in the plainest form: one drone at a time, numpy 3-vectors and 3x3 matrices, a
quaternion product as a function, sines and cosines from the math library. It calls no
function of the compiled physics (neither the kernel nor a stage module); it reads data only:
the :class:`Airframe` (from which it derives its own constants), the fields of the
:class:`Environment`, the packed state layout, the LiPo voltage table and the knot as the
physics defines them. ``tests/physics/test_reference.py`` checks the compiled step against it.

One step of length dt, in this order (semi-implicit Euler):

1. wind at the drone: steady + Dryden turbulence + 1-cosine gust (advances their state);
2. contact forces and crash events from the start-of-step pose: ground and obstacles;
3. battery from the start-of-step rotor speeds: terminal voltage, current, state of charge;
4. rotor speeds: command -> target (limited by the previous step's terminal voltage) -> lag;
5. forces and moments from the new rotor speeds and the start-of-step pose and velocities;
6. v += a dt; the body angular momentum turned by the free tumble, plus M dt; p += v dt;
   q <- normalise(q * (cos h, sin h w/|w|)), h = |w| dt / 2.

Frames: world ENU (z up, the ground is z = 0), body FLU, quaternions (w, x, y, z) body to
world; motors in Betaflight quad-X order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics import Airframe, Environment
from dronedojo.physics import layout as L
from dronedojo.physics.battery import OCV_TABLE
from dronedojo.physics.environment import KNOT
from dronedojo.physics.world import Box, Cylinder

Vector = NDArray[np.float64]
"""A 3-vector (or a quaternion, 4 values)."""
Matrix = NDArray[np.float64]
"""A 3x3 matrix."""

# --- constants of the model (README "The physics model") --------------------------------------
STANDARD_GRAVITY = 9.80665
"""m/s^2: the hover induced velocity is computed for sea-level air and standard gravity."""
SEA_LEVEL_AIR_DENSITY = 1.225
"""kg/m^3."""
GROUND_EFFECT_CEILING = 10.0
"""Rotor radii above which ground effect is taken as 1."""
VRS_LOW, VRS_HIGH = 0.3, 1.9
"""The vortex-ring band of descent speed / hover induced velocity (Johnson 2005)."""
CONTACT_FREQUENCY = 25.0
"""Hz: a drone bouncing on its four feet; critically damped."""
SLIP_TIME = 0.01
"""s: time constant of the viscous cap on friction."""
OBSTACLE_SCALE = 4.0
"""The drone's sphere meets an obstacle with four times the per-foot constants."""
FOOT = 0.3048
"""m."""
W20_KNOTS = {"none": 0.0, "light": 15.0, "moderate": 30.0, "severe": 45.0}
"""Wind speed at 20 ft that sets the Dryden intensity (MIL-F-8785C), knots."""
OCV_SOC = np.linspace(0.0, 1.0, len(OCV_TABLE))
"""State of charge at the points of the LiPo table: 0, 0.05, ..., 1."""
NO_CRASH, GROUND, OBSTACLE = 0, 1, 2
"""Crash kinds."""

# Betaflight quad-X: 1 rear-right CW, 2 front-right CCW, 3 rear-left CCW, 4 front-left CW.
HUB_SIGNS = ((-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0))
"""(x, y) signs of the hubs of motors 1-4: (-a, -b), (a, -b), (-a, b), (a, b)."""
SPINS = (-1.0, 1.0, 1.0, -1.0)
"""Spin of motors 1-4 about body +z seen from above: +1 counter-clockwise, -1 clockwise."""
Z = np.array([0.0, 0.0, 1.0])


# --- the drone and its airframe ------------------------------------------------------------------
@dataclass(frozen=True)
class Vehicle:
    """The constants of one airframe in SI units, derived from its :class:`Airframe`."""

    mass: float
    inertia: Matrix
    hubs: tuple[Vector, ...]
    spins: tuple[float, ...]
    thrust: tuple[float, float, float]
    torque: tuple[float, float, float]
    rotor_inertia: float
    tau_up: float
    tau_down: float
    kv: float
    """Loaded speed constant, rad/s per volt."""
    idle: float
    rotor_radius: float
    rotor_drag: float
    drag_area: Vector
    vrs_loss: float
    hover_induced: float
    """Momentum theory: v_h = sqrt(m g / (2 rho 4 pi R^2)), sea-level air."""
    cells: int
    capacity: float
    """A s."""
    resistance: float
    efficiency: float
    avionics: float
    gear: float
    top: float
    friction: float
    crash_speed: float
    radius: float
    """Bounding sphere: hub distance plus rotor radius, m."""
    stiffness: float
    """Per foot: the quarter mass on a 25 Hz spring, k = (m / 4) (2 pi f)^2."""
    damping: float
    """Per foot, critical: c = 2 (m / 4) (2 pi f)."""
    slip_damping: float
    """Per foot: (m / 4) / slip time."""

    @classmethod
    def from_airframe(cls, a: Airframe) -> Vehicle:
        """Derive every constant from the airframe as it is written."""
        omega = 2.0 * math.pi * CONTACT_FREQUENCY
        quarter = a.mass / 4.0
        disc_area = 4.0 * math.pi * a.rotor_radius**2
        hubs = tuple(np.array([sx * a.arm_x, sy * a.arm_y, 0.0]) for sx, sy in HUB_SIGNS)
        return cls(
            mass=a.mass,
            inertia=np.array(a.inertia, dtype=float),
            hubs=hubs,
            spins=SPINS,
            thrust=a.thrust_coeffs,
            torque=a.torque_coeffs,
            rotor_inertia=a.rotor_inertia,
            tau_up=a.tau_up,
            tau_down=a.tau_down,
            kv=a.kv_rpm_per_volt * 2.0 * math.pi / 60.0 * a.loaded_speed_ratio,
            idle=a.idle_fraction,
            rotor_radius=a.rotor_radius,
            rotor_drag=a.rotor_drag_coeff,
            drag_area=np.array(a.drag_area, dtype=float),
            vrs_loss=a.vrs_loss,
            hover_induced=math.sqrt(
                a.mass * STANDARD_GRAVITY / (2.0 * SEA_LEVEL_AIR_DENSITY * disc_area)
            ),
            cells=a.cells,
            capacity=a.capacity_mah * 3600.0 / 1000.0,
            resistance=a.internal_resistance,
            efficiency=a.power_efficiency,
            avionics=a.avionics_current,
            gear=a.gear_height,
            top=a.top_height,
            friction=a.friction,
            crash_speed=a.crash_speed,
            radius=math.hypot(a.arm_x, a.arm_y) + a.rotor_radius,
            stiffness=quarter * omega**2,
            damping=2.0 * quarter * omega,
            slip_damping=quarter / SLIP_TIME,
        )


@dataclass(frozen=True)
class Drone:
    """The state of one drone (the fields of :class:`dronedojo.physics.State`, one row)."""

    position: Vector
    velocity: Vector
    quaternion: Vector
    rates: Vector
    """Body angular velocity, rad/s."""
    rotor_speeds: Vector
    """Motors 1-4, rad/s (4 values)."""
    soc: float
    voltage: float
    current: float
    time: float
    turbulence: Vector
    """Along-wind, cross-wind, vertical, m/s; NaN until the turbulence starts."""
    gust_start: float
    gust_length: float
    gust_peak: Vector
    wind: Vector
    contacts: int
    crashed: bool
    impact_speed: float
    crash_kind: int
    thrust_factor: Vector
    """Fraction of nominal thrust and drag torque of motors 1-4 (fault; 1 healthy)."""
    resistance_factor: float
    """Multiplier on the pack's internal resistance (fault; 1 healthy)."""

    @classmethod
    def from_row(cls, x: NDArray[np.float64]) -> Drone:
        """Read one row of a packed State."""

        def vec(start: int, size: int = 3) -> Vector:
            return np.array(x[start : start + size], dtype=float)

        return cls(
            position=vec(L.S_POS),
            velocity=vec(L.S_VEL),
            quaternion=vec(L.S_QUAT, 4),
            rates=vec(L.S_RATE),
            rotor_speeds=vec(L.S_ROTOR, 4),
            soc=float(x[L.S_SOC]),
            voltage=float(x[L.S_VOLT]),
            current=float(x[L.S_CURRENT]),
            time=float(x[L.S_TIME]),
            turbulence=vec(L.S_TURB),
            gust_start=float(x[L.S_GUST_T0]),
            gust_length=float(x[L.S_GUST_LEN]),
            gust_peak=vec(L.S_GUST_PEAK),
            wind=vec(L.S_WIND),
            contacts=int(x[L.S_CONTACTS]),
            crashed=bool(x[L.S_CRASHED] > 0.5),
            impact_speed=float(x[L.S_IMPACT]),
            crash_kind=int(x[L.S_CRASH_KIND]),
            thrust_factor=vec(L.S_THRUST_FACTOR, 4),
            resistance_factor=float(x[L.S_RESISTANCE_FACTOR]),
        )

    def to_row(self) -> NDArray[np.float64]:
        """This drone as one row of a packed State."""
        x = np.zeros(L.STATE_SIZE)
        x[L.S_POS : L.S_POS + 3] = self.position
        x[L.S_VEL : L.S_VEL + 3] = self.velocity
        x[L.S_QUAT : L.S_QUAT + 4] = self.quaternion
        x[L.S_RATE : L.S_RATE + 3] = self.rates
        x[L.S_ROTOR : L.S_ROTOR + 4] = self.rotor_speeds
        x[L.S_SOC] = self.soc
        x[L.S_VOLT] = self.voltage
        x[L.S_CURRENT] = self.current
        x[L.S_TIME] = self.time
        x[L.S_TURB : L.S_TURB + 3] = self.turbulence
        x[L.S_GUST_T0] = self.gust_start
        x[L.S_GUST_LEN] = self.gust_length
        x[L.S_GUST_PEAK : L.S_GUST_PEAK + 3] = self.gust_peak
        x[L.S_WIND : L.S_WIND + 3] = self.wind
        x[L.S_CONTACTS] = self.contacts
        x[L.S_CRASHED] = 1.0 if self.crashed else 0.0
        x[L.S_IMPACT] = self.impact_speed
        x[L.S_CRASH_KIND] = self.crash_kind
        x[L.S_THRUST_FACTOR : L.S_THRUST_FACTOR + 4] = self.thrust_factor
        x[L.S_RESISTANCE_FACTOR] = self.resistance_factor
        return x


class Command(NamedTuple):
    """One drone's motor command: ``kind`` is ``esc``, ``rotor_speed`` or ``stopped``."""

    kind: str
    values: tuple[float, float, float, float]

    @classmethod
    def from_row(cls, x: NDArray[np.float64]) -> Command:
        """Read one row of a packed MotorCommand."""
        kinds = {L.CMD_ESC: "esc", L.CMD_ROTOR_SPEED: "rotor_speed", L.CMD_STOPPED: "stopped"}
        values = tuple(float(v) for v in x[L.C_VALUE : L.C_VALUE + 4])
        return cls(kinds[int(x[L.C_KIND])], values)  # type: ignore[arg-type]


def on(env: Environment, effect: str) -> bool:
    """True unless ``effect`` is switched off in ``env``."""
    return effect not in env.disabled


# --- rotations -----------------------------------------------------------------------------
def cross(a: Vector, b: Vector) -> Vector:
    """a x b of two 3-vectors (np.cross spends its time on axis handling)."""
    return np.array(
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    )


def rotation_matrix(q: Vector) -> Matrix:
    """R(q), body to world, of the unit quaternion q = (w, x, y, z)."""
    w, x, y, z = q
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
        ]
    )


def quaternion_multiply(a: Vector, b: Vector) -> Vector:
    """Hamilton product a * b, scalar first."""
    aw, av = a[0], a[1:]
    bw, bv = b[0], b[1:]
    return np.concatenate([[aw * bw - av @ bv], aw * bv + bw * av + cross(av, bv)])


def rotate(vector: Vector, axis: Vector, angle: float) -> Vector:
    """Rodrigues: ``vector`` turned by ``angle`` (right hand) about the unit ``axis``."""
    return (
        vector * math.cos(angle)
        + cross(axis, vector) * math.sin(angle)
        + axis * (axis @ vector) * (1.0 - math.cos(angle))
    )


def free_tumble(momentum: Vector, rate: Vector, dt: float) -> Vector:
    """The torque-free Euler equation dL/dt = L x w over dt at a constant rate w: L turns about
    w by the angle -|w| dt (|L| is kept)."""
    speed = float(np.linalg.norm(rate))
    if speed == 0.0:
        return momentum.copy()
    return rotate(momentum, rate / speed, -speed * dt)


def attitude_update(q: Vector, rate: Vector, dt: float) -> Vector:
    """q <- normalise(q * (cos h, sin h w/|w|)), h = |w| dt / 2: exact for a constant body
    rate w."""
    speed = float(np.linalg.norm(rate))
    if speed == 0.0:
        return q / np.linalg.norm(q)
    h = 0.5 * speed * dt
    turn = np.concatenate([[math.cos(h)], math.sin(h) * rate / speed])
    q = quaternion_multiply(q, turn)
    return q / np.linalg.norm(q)


# --- 1. wind -------------------------------------------------------------------------------
class WindUpdate(NamedTuple):
    """What stage 1 gives: the wind this step and the new turbulence and gust state."""

    wind: Vector
    """Total wind at the drone, world, m/s."""
    turbulence: Vector
    gust_start: float
    gust_length: float
    gust_peak: Vector


def steady_wind(env: Environment) -> Vector:
    """The steady wind, world ENU, m/s (zero when ``wind`` is switched off)."""
    return np.array(env.wind, dtype=float) if on(env, "wind") else np.zeros(3)


def dryden_low_altitude(height: float, w20: float) -> tuple[float, float, float, float]:
    """MIL-F-8785C low altitude: sigma_w = 0.1 W20, sigma_u = sigma_v = sigma_w / (0.177 +
    0.000823 h)^0.4, L_w = h, L_u = L_v = h / (0.177 + 0.000823 h)^1.2, h in feet clipped to
    10-1000. Returns sigma_uv, sigma_w (m/s), L_uv, L_w (m)."""
    h = min(max(height / FOOT, 10.0), 1000.0)
    sigma_w = 0.1 * w20
    sigma_uv = sigma_w / (0.177 + 0.000823 * h) ** 0.4
    length_uv = h / (0.177 + 0.000823 * h) ** 1.2
    return sigma_uv, sigma_w, length_uv * FOOT, h * FOOT


def box_muller(u1: float, u2: float) -> tuple[float, float]:
    """Two independent standard normals from two uniforms in [0, 1)."""
    r = math.sqrt(-2.0 * math.log(1.0 - u1))
    return r * math.cos(2.0 * math.pi * u2), r * math.sin(2.0 * math.pi * u2)


def gauss_markov(x: float, decay: float, sigma: float, n: float) -> float:
    """Exact first-order Gauss-Markov step: x <- a x + sigma sqrt(1 - a^2) n."""
    return decay * x + sigma * math.sqrt(1.0 - decay * decay) * n


def advance_turbulence(
    drone: Drone, env: Environment, noise: NDArray[np.float64], dt: float
) -> Vector:
    """The Dryden velocities (along-wind, cross-wind, vertical) after this step.

    Normals: (u, v) from the Box-Muller pair of uniforms 0-1, w from the first normal of the
    pair 2-3. The first step draws them from the stationary law (sigma n); later steps decay
    with a = exp(-V dt / L), V = max(|v - steady wind|, 1 m/s).
    """
    w20 = W20_KNOTS[env.turbulence] * KNOT
    sigma_uv, sigma_w, length_uv, length_w = dryden_low_altitude(drone.position[2], w20)
    n_u, n_v = box_muller(noise[0], noise[1])
    n_w, _ = box_muller(noise[2], noise[3])
    if math.isnan(drone.turbulence[0]):
        return np.array([sigma_uv * n_u, sigma_uv * n_v, sigma_w * n_w])
    through_air = max(float(np.linalg.norm(drone.velocity - steady_wind(env))), 1.0)
    a_uv = math.exp(-through_air * dt / length_uv)
    a_w = math.exp(-through_air * dt / length_w)
    u, v, w = drone.turbulence
    return np.array(
        [
            gauss_markov(u, a_uv, sigma_uv, n_u),
            gauss_markov(v, a_uv, sigma_uv, n_v),
            gauss_markov(w, a_w, sigma_w, n_w),
        ]
    )


def turbulence_in_world(turbulence: Vector, steady: Vector) -> Vector:
    """u along the steady wind's horizontal direction (east when there is none), v 90 degrees
    to its left, w up."""
    horizontal = math.hypot(steady[0], steady[1])
    if horizontal > 1e-9:
        along = np.array([steady[0], steady[1], 0.0]) / horizontal
    else:
        along = np.array([1.0, 0.0, 0.0])
    across = cross(Z, along)
    return turbulence[0] * along + turbulence[1] * across + turbulence[2] * Z


def one_minus_cosine(t: float, start: float, length: float) -> float:
    """The gust profile (1 - cos(2 pi (t - t0) / T)) / 2 for t0 <= t < t0 + T, else 0."""
    if start <= t < start + length:
        return 0.5 * (1.0 - math.cos(2.0 * math.pi * (t - start) / length))
    return 0.0


def wind_stage(
    drone: Drone, env: Environment, noise: NDArray[np.float64] | None, dt: float
) -> WindUpdate:
    """Stage 1: steady wind + turbulence + gust at the start-of-step time and height.

    A random gust may begin when none is running or scheduled, with probability rate * dt in
    this step (uniform 4), lasting the mean duration times 0.5-1.5 (uniform 5), with a peak of
    0.5-1 times the gust speed (uniform 6), horizontal, heading 2 pi u (uniform 7).
    """
    steady = steady_wind(env)
    wind = steady.copy()
    turbulence = drone.turbulence.copy()
    turbulent = noise is not None and on(env, "turbulence") and env.turbulence != "none"
    if turbulent:
        assert noise is not None
        turbulence = advance_turbulence(drone, env, noise, dt)
        wind += turbulence_in_world(turbulence, steady)
    start, length, peak = drone.gust_start, drone.gust_length, drone.gust_peak.copy()
    if on(env, "gusts"):
        idle = drone.time >= start + length
        if noise is not None and idle and noise[4] < env.gust_rate * dt:
            start = drone.time
            length = env.gust_duration * (0.5 + noise[5])
            size = env.gust_speed * (0.5 + 0.5 * noise[6])
            heading = 2.0 * math.pi * noise[7]
            peak = np.array([size * math.cos(heading), size * math.sin(heading), 0.0])
        wind += one_minus_cosine(drone.time, start, length) * peak
    return WindUpdate(wind, turbulence, start, length, peak)


# --- 2. contacts ---------------------------------------------------------------------------
class Contact(NamedTuple):
    """What the ground or the obstacles do to the drone in one step."""

    force: Vector
    """World frame, N, acting at the centre of mass."""
    moment: Vector
    """Body frame, N m."""
    touching: int
    """Points (ground) or obstacles in contact."""
    crashes: list[tuple[float, int]]
    """(approach speed, kind) of every contact that is a crash."""


def normal_force(depth: float, approach: float, stiffness: float, damping: float) -> float:
    """F_n = max(k depth + c approach, 0): a spring-damper that never pulls."""
    return max(stiffness * depth + damping * approach, 0.0)


def friction(slip: Vector, normal: float, mu: float, slip_damping: float) -> Vector:
    """F_t = -v_t min(c_slip, mu F_n / |v_t|): Coulomb friction capped by viscous damping."""
    speed = float(np.linalg.norm(slip))
    if slip_damping * speed <= mu * normal:
        return -slip_damping * slip
    return -mu * normal / speed * slip


def contact_points(vehicle: Vehicle) -> list[tuple[Vector, bool]]:
    """The eight ground points, body frame: a foot ``gear`` below each hub and a top point
    ``top`` above it (True for a top point)."""
    feet = [(hub - vehicle.gear * Z, False) for hub in vehicle.hubs]
    tops = [(hub + vehicle.top * Z, True) for hub in vehicle.hubs]
    return feet + tops


def ground_contact(drone: Drone, vehicle: Vehicle, rotation: Matrix) -> Contact:
    """The ground plane z = 0 pushing on every point below it.

    A point r (body) is at p + R r, moving at v + R (w x r); below the ground it gets the
    normal force from its depth and its downward speed, friction from its horizontal velocity.
    A top point touching, or a point arriving faster than the crash speed, is a crash.
    """
    force, moment = np.zeros(3), np.zeros(3)
    count, crashes = 0, []
    for r, is_top in contact_points(vehicle):
        height = drone.position[2] + rotation[2] @ r
        if height >= 0.0:
            continue
        velocity = drone.velocity + rotation @ cross(drone.rates, r)
        approach = -float(velocity[2])
        fn = normal_force(-height, approach, vehicle.stiffness, vehicle.damping)
        horizontal = np.array([velocity[0], velocity[1], 0.0])
        f = fn * Z + friction(horizontal, fn, vehicle.friction, vehicle.slip_damping)
        force += f
        moment += cross(r, rotation.T @ f)
        count += 1
        if is_top or approach > vehicle.crash_speed:
            crashes.append((approach, GROUND))
    return Contact(force, moment, count, crashes)


def yaw_matrix(yaw: float) -> Matrix:
    """Rotation by ``yaw`` about world z."""
    c, s = math.cos(yaw), math.sin(yaw)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def box_penetration(p: Vector, radius: float, box: Box) -> tuple[float, Vector]:
    """Depth (> 0 when touching) and outward normal (world) of a sphere at p against a box.

    Outside: the normal points from the nearest point of the box to the centre, depth =
    radius - distance. Centre inside: out through the nearest face, depth = radius + the
    distance to that face.
    """
    turn = yaw_matrix(box.yaw)
    half = np.array(box.half, dtype=float)
    local = turn.T @ (p - np.array(box.center, dtype=float))
    outside = local - np.clip(local, -half, half)
    distance = float(np.linalg.norm(outside))
    if distance >= radius:
        return 0.0, np.zeros(3)
    if distance > 0.0:
        return radius - distance, turn @ (outside / distance)
    gaps = half - np.abs(local)
    axis = int(np.argmin(gaps))
    normal = np.zeros(3)
    normal[axis] = math.copysign(1.0, local[axis])
    return radius + float(gaps[axis]), turn @ normal


def cylinder_penetration(p: Vector, radius: float, cylinder: Cylinder) -> tuple[float, Vector]:
    """Depth and outward normal of a sphere at p against a vertical cylinder (as for a box:
    from the nearest point outside, through the nearest face inside)."""
    radial = np.array([p[0] - cylinder.x, p[1] - cylinder.y])
    rho = float(np.linalg.norm(radial))
    out = radial / rho if rho > 0.0 else np.array([1.0, 0.0])
    beyond_side = max(rho - cylinder.radius, 0.0)
    beyond_end = p[2] - min(max(p[2], cylinder.bottom), cylinder.top)
    distance = math.hypot(beyond_side, beyond_end)
    if distance >= radius:
        return 0.0, np.zeros(3)
    if distance > 0.0:
        normal = np.array([out[0] * beyond_side, out[1] * beyond_side, beyond_end]) / distance
        return radius - distance, normal
    faces = [
        (cylinder.radius - rho, np.array([out[0], out[1], 0.0])),
        (cylinder.top - p[2], Z.copy()),
        (p[2] - cylinder.bottom, -Z),
    ]
    gap, normal = min(faces, key=lambda face: face[0])
    return radius + gap, normal


def obstacle_contact(drone: Drone, vehicle: Vehicle, env: Environment) -> Contact:
    """Boxes and cylinders pushing on the drone's bounding sphere at its centre of mass, with
    four times the per-foot stiffness, damping and slip damping; friction against the velocity
    along the surface. Arriving faster than the crash speed is a crash."""
    force = np.zeros(3)
    count, crashes = 0, []
    penetrations = [box_penetration(drone.position, vehicle.radius, b) for b in env.world.boxes]
    penetrations += [
        cylinder_penetration(drone.position, vehicle.radius, c) for c in env.world.cylinders
    ]
    for depth, normal in penetrations:
        if depth <= 0.0:
            continue
        approach = -float(drone.velocity @ normal)
        fn = normal_force(
            depth,
            approach,
            OBSTACLE_SCALE * vehicle.stiffness,
            OBSTACLE_SCALE * vehicle.damping,
        )
        slip = drone.velocity + approach * normal
        force += fn * normal + friction(
            slip, fn, vehicle.friction, OBSTACLE_SCALE * vehicle.slip_damping
        )
        count += 1
        if approach > vehicle.crash_speed:
            crashes.append((approach, OBSTACLE))
    return Contact(force, np.zeros(3), count, crashes)


def crash_record(drone: Drone, crashes: list[tuple[float, int]]) -> tuple[bool, float, int]:
    """``crashed`` is sticky; ``impact_speed`` and ``crash_kind`` describe the worst crash so
    far (the fastest approach, at least 0)."""
    if not crashes:
        return drone.crashed, drone.impact_speed, drone.crash_kind
    speed, kind = max(crashes)
    speed = max(speed, 0.0)
    if drone.crash_kind == NO_CRASH or speed > drone.impact_speed:
        return True, speed, kind
    return True, drone.impact_speed, drone.crash_kind


# --- 3. battery ----------------------------------------------------------------------------
def open_circuit_voltage(vehicle: Vehicle, soc: float) -> float:
    """E = cells * ocv(soc), ocv linear between the 21 points of the LiPo table."""
    return vehicle.cells * float(np.interp(min(max(soc, 0.0), 1.0), OCV_SOC, OCV_TABLE))


def polynomial(c: tuple[float, float, float], w: float) -> float:
    """max(c0 + c1 w + c2 w^2, 0): one rotor's thrust (N) or drag torque (N m)."""
    return max(c[0] + c[1] * w + c[2] * w * w, 0.0)


def battery_stage(
    drone: Drone, vehicle: Vehicle, env: Environment, dt: float
) -> tuple[float, float, float]:
    """Stage 3: (state of charge, terminal voltage, current) after this step.

    Shaft power P = sum k_i Q_i w_i at the start-of-step rotor speeds (k_i the thrust factor,
    which scales the drag torque too); the ESCs draw P / eta. With R the pack's resistance
    times the resistance factor,
    V = (E' + sqrt(E'^2 - 4 R P / eta)) / 2 with E' = E - R I_a (E'/2 at a brown-out),
    I = P / (eta V) + I_a, dsoc/dt = -I / capacity. Switched off, the pack is an ideal source
    at full charge that never runs down.
    """
    power = sum(
        k * polynomial(vehicle.torque, w) * w
        for k, w in zip(drone.thrust_factor, drone.rotor_speeds, strict=True)
    )
    if not on(env, "battery"):
        volt = open_circuit_voltage(vehicle, 1.0)
        return drone.soc, volt, power / (vehicle.efficiency * volt) + vehicle.avionics
    resistance = vehicle.resistance * drone.resistance_factor
    e = open_circuit_voltage(vehicle, drone.soc) - resistance * vehicle.avionics
    discriminant = e * e - 4.0 * resistance * power / vehicle.efficiency
    volt = 0.5 * (e + math.sqrt(max(discriminant, 0.0)))
    current = power / (vehicle.efficiency * volt) + vehicle.avionics
    soc = max(drone.soc - current * dt / vehicle.capacity, 0.0)
    return soc, volt, current


# --- 4. rotor speeds -----------------------------------------------------------------------
def rotor_target(command: Command, motor: int, vehicle: Vehicle, voltage: float) -> float:
    """w_max = Kv_loaded V (V: the previous step's terminal voltage); ESC command u:
    w_max (idle + (1 - idle) clip(u, 0, 1)); rotor speed: clip(w_cmd, 0, w_max); stopped: 0."""
    w_max = vehicle.kv * voltage
    value = command.values[motor]
    if command.kind == "esc":
        return w_max * (vehicle.idle + (1.0 - vehicle.idle) * min(max(value, 0.0), 1.0))
    if command.kind == "rotor_speed":
        return min(max(value, 0.0), w_max)
    return 0.0


def motor_lag(w: float, target: float, vehicle: Vehicle, env: Environment, dt: float) -> float:
    """Exact first-order lag: w + (target - w)(1 - exp(-dt / tau)), tau_up when speeding up,
    tau_down otherwise; the target at once when motor dynamics are switched off."""
    if not on(env, "motor_dynamics"):
        return target
    tau = vehicle.tau_up if target > w else vehicle.tau_down
    return w + (target - w) * (1.0 - math.exp(-dt / tau))


# --- 5. forces and moments -----------------------------------------------------------------
def ground_effect(height: float, radius: float) -> float:
    """Cheeseman & Bennett: 1 / (1 - (R / 4z)^2), z clipped to >= R/2; 1 above 10 radii."""
    if height >= GROUND_EFFECT_CEILING * radius:
        return 1.0
    z = max(height, 0.5 * radius)
    return 1.0 / (1.0 - (radius / (4.0 * z)) ** 2)


def vortex_ring_loss(air: Vector, vehicle: Vehicle) -> float:
    """k_vrs (4 s (1 - s))^2 max(0, 1 - (v_e / v_h)^2) for 0 < s < 1, s = (v_d / v_h - 0.3) /
    1.6, v_d = -air_z (descent along the rotor axis), v_e the edgewise airspeed (body)."""
    s = (-air[2] / vehicle.hover_induced - VRS_LOW) / (VRS_HIGH - VRS_LOW)
    if not 0.0 < s < 1.0:
        return 0.0
    edgewise = math.hypot(air[0], air[1]) / vehicle.hover_induced
    return vehicle.vrs_loss * (4.0 * s * (1.0 - s)) ** 2 * max(0.0, 1.0 - edgewise**2)


def rotor_forces(
    drone: Drone,
    vehicle: Vehicle,
    env: Environment,
    rotation: Matrix,
    speeds: Vector,
    air: Vector,
) -> tuple[Vector, Vector]:
    """Force and moment (body) of the four rotors at ``speeds`` with airspeed ``air`` (body).

    Thrust T_i along +z times the rotor's thrust factor k_i, the vortex-ring factor and the
    ground-effect ratio of the hub height p_z + (R r_i)_z; H-force -k_d w_i ((air + w x r_i)_x,
    (air + w x r_i)_y, 0); both act at the hub r_i. Drag torque k_i Q_i about z opposite the
    spin: M_z -= s_i k_i Q_i.
    """
    scale = 1.0 - vortex_ring_loss(air, vehicle) if on(env, "vortex_ring") else 1.0
    force, moment = np.zeros(3), np.zeros(3)
    rotors = zip(vehicle.hubs, vehicle.spins, speeds, drone.thrust_factor, strict=True)
    for hub, spin, w, factor in rotors:
        thrust = factor * polynomial(vehicle.thrust, w) * scale
        if on(env, "ground_effect"):
            hub_height = drone.position[2] + rotation[2] @ hub
            thrust *= ground_effect(hub_height, vehicle.rotor_radius)
        hx = hy = 0.0
        if on(env, "rotor_drag"):
            hub_air = air + cross(drone.rates, hub)
            hx, hy = -vehicle.rotor_drag * w * hub_air[0], -vehicle.rotor_drag * w * hub_air[1]
        f = np.array([hx, hy, thrust])
        force += f
        moment += cross(hub, f)
        moment[2] -= spin * factor * polynomial(vehicle.torque, w)
    return force, moment


def gyroscopic_moment(drone: Drone, vehicle: Vehicle, speeds: Vector, dt: float) -> Vector:
    """-w x (0, 0, J_r sum s_i w_i) and the reaction -J_r sum s_i dw_i/dt about body z."""
    spins = np.array(vehicle.spins)
    rotor_momentum = vehicle.rotor_inertia * (spins @ speeds) * Z
    reaction = -vehicle.rotor_inertia * (spins @ (speeds - drone.rotor_speeds)) / dt * Z
    return -cross(drone.rates, rotor_momentum) + reaction


def body_drag(air: Vector, vehicle: Vehicle, env: Environment) -> Vector:
    """F_k = -rho/2 (Cd A)_k |v_k| v_k along each body axis, v the airspeed (body)."""
    return -0.5 * env.air_density * vehicle.drag_area * np.abs(air) * air


# --- the step ------------------------------------------------------------------------------
def reference_step(
    vehicle: Vehicle,
    drone: Drone,
    command: Command,
    env: Environment,
    dt: float,
    noise: NDArray[np.float64] | None = None,
) -> Drone:
    """One step of one drone. ``noise`` is this drone's row of the step's uniforms (8 values,
    drawn when ``env.random``), or None when the environment has no random effect."""
    rotation = rotation_matrix(drone.quaternion)

    # 1. wind
    air_motion = wind_stage(drone, env, noise, dt)
    air = rotation.T @ (drone.velocity - air_motion.wind)  # airspeed, body frame

    # 2. contacts, from the start-of-step pose
    contacts: list[Contact] = []
    if on(env, "ground"):
        contacts.append(ground_contact(drone, vehicle, rotation))
    if on(env, "obstacles"):
        contacts.append(obstacle_contact(drone, vehicle, env))
    contact_force = sum((c.force for c in contacts), np.zeros(3))
    contact_moment = sum((c.moment for c in contacts), np.zeros(3))
    crashed, impact, kind = crash_record(drone, [e for c in contacts for e in c.crashes])

    # 3. battery
    soc, voltage, current = battery_stage(drone, vehicle, env, dt)

    # 4. rotor speeds
    speeds = np.array(
        [
            motor_lag(w, rotor_target(command, i, vehicle, drone.voltage), vehicle, env, dt)
            for i, w in enumerate(drone.rotor_speeds)
        ]
    )

    # 5. forces (body) and moments (body)
    force, moment = rotor_forces(drone, vehicle, env, rotation, speeds, air)
    if on(env, "gyroscopic"):
        moment += gyroscopic_moment(drone, vehicle, speeds, dt)
    if on(env, "body_drag"):
        force += body_drag(air, vehicle, env)
    moment += contact_moment
    gravity = env.gravity if on(env, "gravity") else 0.0
    acceleration = (rotation @ force + contact_force) / vehicle.mass - gravity * Z

    # 6. integrate: semi-implicit Euler; the free tumble about the mid-step rate
    velocity = drone.velocity + acceleration * dt
    momentum = vehicle.inertia @ drone.rates
    predicted = free_tumble(momentum, drone.rates, dt)
    mid_rate = np.linalg.solve(vehicle.inertia, 0.5 * (momentum + predicted))
    momentum = free_tumble(momentum, mid_rate, dt) + moment * dt
    rates = np.linalg.solve(vehicle.inertia, momentum)

    return Drone(
        position=drone.position + velocity * dt,
        velocity=velocity,
        quaternion=attitude_update(drone.quaternion, rates, dt),
        rates=rates,
        rotor_speeds=speeds,
        soc=soc,
        voltage=voltage,
        current=current,
        time=drone.time + dt,
        turbulence=air_motion.turbulence,
        gust_start=air_motion.gust_start,
        gust_length=air_motion.gust_length,
        gust_peak=air_motion.gust_peak,
        wind=air_motion.wind,
        contacts=sum(c.touching for c in contacts),
        crashed=crashed,
        impact_speed=impact,
        crash_kind=kind,
        thrust_factor=drone.thrust_factor.copy(),
        resistance_factor=drone.resistance_factor,
    )
