"""A slow, plain reference integrator for one drone, written from the README's model.

It shares no code with the compiled kernel: vectors are numpy 3-vectors, rotations are 3x3
matrices, sines and cosines come from the math library. It reads the same packed parameters
(data, not logic) so that both run the same airframe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dronedojo.physics import layout as L
from dronedojo.physics.battery import OCV_TABLE

Vec = np.ndarray


@dataclass
class Drone:
    """The state of one drone, as plain values."""

    p: Vec
    v: Vec
    q: Vec  # w, x, y, z
    w: Vec  # body rates
    rotors: Vec
    soc: float
    volt: float
    amps: float
    t: float
    turb: Vec
    gust_t0: float
    gust_len: float
    gust_peak: Vec
    wind: Vec
    contacts: float
    crashed: float
    impact: float
    crash_kind: float

    @classmethod
    def from_row(cls, x: Vec) -> Drone:
        return cls(
            x[L.S_POS : L.S_POS + 3].copy(), x[L.S_VEL : L.S_VEL + 3].copy(),
            x[L.S_QUAT : L.S_QUAT + 4].copy(), x[L.S_RATE : L.S_RATE + 3].copy(),
            x[L.S_ROTOR : L.S_ROTOR + 4].copy(), x[L.S_SOC], x[L.S_VOLT], x[L.S_CURRENT],
            x[L.S_TIME], x[L.S_TURB : L.S_TURB + 3].copy(), x[L.S_GUST_T0], x[L.S_GUST_LEN],
            x[L.S_GUST_PEAK : L.S_GUST_PEAK + 3].copy(), x[L.S_WIND : L.S_WIND + 3].copy(),
            x[L.S_CONTACTS], x[L.S_CRASHED], x[L.S_IMPACT], x[L.S_CRASH_KIND],
        )  # fmt: skip

    def to_row(self) -> Vec:
        x = np.zeros(L.STATE_SIZE)
        x[L.S_POS : L.S_POS + 3] = self.p
        x[L.S_VEL : L.S_VEL + 3] = self.v
        x[L.S_QUAT : L.S_QUAT + 4] = self.q
        x[L.S_RATE : L.S_RATE + 3] = self.w
        x[L.S_ROTOR : L.S_ROTOR + 4] = self.rotors
        x[L.S_SOC], x[L.S_VOLT], x[L.S_CURRENT], x[L.S_TIME] = (
            self.soc, self.volt, self.amps, self.t)  # fmt: skip
        x[L.S_TURB : L.S_TURB + 3] = self.turb
        x[L.S_GUST_T0], x[L.S_GUST_LEN] = self.gust_t0, self.gust_len
        x[L.S_GUST_PEAK : L.S_GUST_PEAK + 3] = self.gust_peak
        x[L.S_WIND : L.S_WIND + 3] = self.wind
        x[L.S_CONTACTS], x[L.S_CRASHED] = self.contacts, self.crashed
        x[L.S_IMPACT], x[L.S_CRASH_KIND] = self.impact, self.crash_kind
        return x


def rotation(q: Vec) -> Vec:
    """Body-to-world rotation matrix of the unit quaternion (w, x, y, z)."""
    w, x, y, z = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])  # fmt: skip


def quat_mul(a: Vec, b: Vec) -> Vec:
    """Hamilton product a * b, scalar first."""
    aw, av = a[0], a[1:]
    bw, bv = b[0], b[1:]
    return np.concatenate([[aw * bw - av @ bv], aw * bv + bw * av + np.cross(av, bv)])


def rodrigues(vector: Vec, axis_rate: Vec, dt: float) -> Vec:
    """``vector`` turned about ``axis_rate`` by the angle -|axis_rate| dt (L' = L x w flow)."""
    rate = float(np.linalg.norm(axis_rate))
    if rate == 0.0:
        return vector.copy()
    k = -axis_rate / rate
    a = rate * dt
    return (
        vector * math.cos(a)
        + np.cross(k, vector) * math.sin(a)
        + k * (k @ vector) * (1 - math.cos(a))
    )


def cell_voltage(soc: float) -> float:
    """LiPo resting voltage, linear between the 21 table points."""
    return float(np.interp(min(max(soc, 0.0), 1.0), np.linspace(0.0, 1.0, 21), OCV_TABLE))


def poly(c: Vec, w: float) -> float:
    return max(c[0] + c[1] * w + c[2] * w * w, 0.0)


def box_muller(u1: float, u2: float) -> tuple[float, float]:
    r = math.sqrt(-2 * math.log(1 - u1))
    return r * math.cos(2 * math.pi * u2), r * math.sin(2 * math.pi * u2)


def wind_at(d: Drone, env: Vec, noise: Vec | None, dt: float) -> Vec:
    """Steady wind + Dryden turbulence + 1-cosine gust; advances d's turbulence and gust."""
    on = env[L.E_FLAGS :]
    steady = env[L.E_WIND : L.E_WIND + 3].copy() if on[8] else np.zeros(3)
    wind = steady.copy()
    w20 = env[L.E_TURB_W20]
    if noise is not None and on[9] and w20 > 0:
        h = min(max(d.p[2] / 0.3048, 10.0), 1000.0)
        sigma_w = 0.1 * w20
        sigma_u = sigma_w / (0.177 + 0.000823 * h) ** 0.4
        length_u = h / (0.177 + 0.000823 * h) ** 1.2 * 0.3048
        length_w = h * 0.3048
        n0, n1 = box_muller(noise[0], noise[1])
        n2, _ = box_muller(noise[2], noise[3])
        if math.isnan(d.turb[0]):
            d.turb = np.array([sigma_u * n0, sigma_u * n1, sigma_w * n2])
        else:
            speed = max(float(np.linalg.norm(d.v - steady)), 1.0)
            au, aw = math.exp(-speed * dt / length_u), math.exp(-speed * dt / length_w)
            d.turb = np.array([
                au * d.turb[0] + sigma_u * math.sqrt(1 - au * au) * n0,
                au * d.turb[1] + sigma_u * math.sqrt(1 - au * au) * n1,
                aw * d.turb[2] + sigma_w * math.sqrt(1 - aw * aw) * n2,
            ])  # fmt: skip
        horizontal = math.hypot(steady[0], steady[1])
        c, s = (steady[0] / horizontal, steady[1] / horizontal) if horizontal > 1e-9 else (1, 0)
        wind += [d.turb[0] * c - d.turb[1] * s, d.turb[0] * s + d.turb[1] * c, d.turb[2]]
    if on[10]:
        if (
            noise is not None
            and d.t >= d.gust_t0 + d.gust_len
            and noise[4] < (env[L.E_GUST_RATE] * dt)
        ):
            d.gust_t0 = d.t
            d.gust_len = env[L.E_GUST_DURATION] * (0.5 + noise[5])
            size = env[L.E_GUST_SPEED] * (0.5 + 0.5 * noise[6])
            heading = 2 * math.pi * noise[7]
            d.gust_peak = np.array([size * math.cos(heading), size * math.sin(heading), 0.0])
        if d.gust_t0 <= d.t < d.gust_t0 + d.gust_len:
            shape = 0.5 * (1 - math.cos(2 * math.pi * (d.t - d.gust_t0) / d.gust_len))
            wind += shape * d.gust_peak
    return wind


def spring(depth: float, approach: float, k: float, c: float) -> float:
    return max(k * depth + c * approach, 0.0)


def friction(v_t: Vec, normal: float, mu: float, cap: float) -> Vec:
    speed = float(np.linalg.norm(v_t))
    coefficient = cap if cap * speed <= mu * normal else mu * normal / speed
    return -coefficient * v_t


def contacts(d: Drone, par: Vec, env: Vec, rot: Vec) -> tuple[Vec, Vec, int, float, float]:
    """Contact force (world), moment (body), count, crash kind and impact speed."""
    on = env[L.E_FLAGS :]
    force, moment = np.zeros(3), np.zeros(3)
    count, kind, impact = 0, 0.0, 0.0
    hubs = par[L.P_ROTOR_POS : L.P_ROTOR_POS + 12].reshape(4, 3)
    gear, top = par[L.P_GEAR], par[L.P_TOP]
    if on[11] and d.p[2] < par[L.P_RADIUS] + gear + top:
        feet = [(h - np.array([0.0, 0.0, gear]), False) for h in hubs]
        tops = [(h + np.array([0.0, 0.0, top]), True) for h in hubs]
        points = feet + tops
        for r, is_top in points:
            z = d.p[2] + rot[2] @ r
            if z >= 0:
                continue
            vel = d.v + rot @ np.cross(d.w, r)
            fn = spring(-z, -vel[2], par[L.P_STIFFNESS], par[L.P_DAMPING])
            ft = friction(np.array([vel[0], vel[1], 0.0]), fn, par[L.P_FRICTION],
                          par[L.P_SLIP_DAMPING])  # fmt: skip
            f = np.array([ft[0], ft[1], fn])
            force += f
            moment += np.cross(r, rot.T @ f)
            count += 1
            if is_top or -vel[2] > par[L.P_CRASH_SPEED]:
                kind, impact = 1.0, max(impact, -vel[2])
    n_boxes, n_cyl = int(env[L.E_N_BOXES]), int(env[L.E_N_CYLINDERS])
    if on[12]:
        radius = par[L.P_RADIUS]
        for j in range(n_boxes + n_cyl):
            if j < n_boxes:
                depth, normal = box_depth(d.p, radius, env[L.ENV_HEADER + L.BOX_SIZE * j :])
            else:
                base = L.ENV_HEADER + L.BOX_SIZE * n_boxes + L.CYLINDER_SIZE * (j - n_boxes)
                depth, normal = cylinder_depth(d.p, radius, env[base:])
            if depth <= 0:
                continue
            vn = d.v @ normal
            fn = spring(depth, -vn, 4 * par[L.P_STIFFNESS], 4 * par[L.P_DAMPING])
            ft = friction(d.v - vn * normal, fn, par[L.P_FRICTION], 4 * par[L.P_SLIP_DAMPING])
            force += fn * normal + ft
            count += 1
            if -vn > par[L.P_CRASH_SPEED]:
                kind, impact = 2.0, max(impact, -vn)
    return force, moment, count, kind, impact


def box_depth(p: Vec, radius: float, box: Vec) -> tuple[float, Vec]:
    centre, half, c, s = box[0:3], box[3:6], box[6], box[7]
    to_world = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    local = to_world.T @ (p - centre)
    outside = local - np.clip(local, -half, half)
    distance = float(np.linalg.norm(outside))
    if distance >= radius:
        return 0.0, np.zeros(3)
    if distance > 0:
        return radius - distance, to_world @ (outside / distance)
    gaps = half - np.abs(local)
    axis = int(np.argmin(gaps))
    normal = np.zeros(3)
    normal[axis] = math.copysign(1.0, local[axis])
    return radius + gaps[axis], to_world @ normal


def cylinder_depth(p: Vec, radius: float, cyl: Vec) -> tuple[float, Vec]:
    x, y, bottom, top, rc = cyl[0:5]
    radial = np.array([p[0] - x, p[1] - y])
    rho = float(np.linalg.norm(radial))
    u = radial / rho if rho > 0 else np.array([1.0, 0.0])
    out_r = rho - min(rho, rc)
    out_z = p[2] - min(max(p[2], bottom), top)
    distance = math.hypot(out_r, out_z)
    if distance >= radius:
        return 0.0, np.zeros(3)
    if distance > 0:
        return radius - distance, np.array([u[0] * out_r, u[1] * out_r, out_z]) / distance
    side, above, below = rc - rho, top - p[2], p[2] - bottom
    if side <= above and side <= below:
        return radius + side, np.array([u[0], u[1], 0.0])
    return (radius + above, np.array([0, 0, 1.0])) if above <= below else (
        radius + below, np.array([0, 0, -1.0]))  # fmt: skip


def reference_step(par: Vec, x: Vec, cmd: Vec, env: Vec, noise: Vec | None, dt: float) -> Vec:
    """One step of one drone: packed params row, state row, command row, env vector."""
    on = env[L.E_FLAGS :]
    d = Drone.from_row(x)
    rot = rotation(d.q)
    mass = par[L.P_MASS]
    inertia = par[L.P_INERTIA : L.P_INERTIA + 9].reshape(3, 3)
    inv_inertia = par[L.P_INERTIA_INV : L.P_INERTIA_INV + 9].reshape(3, 3)
    hubs = par[L.P_ROTOR_POS : L.P_ROTOR_POS + 12].reshape(4, 3)
    spin = par[L.P_SPIN : L.P_SPIN + 4]
    kt, kq = par[L.P_THRUST : L.P_THRUST + 3], par[L.P_TORQUE : L.P_TORQUE + 3]

    # 1. wind; 2. contacts (both from the start-of-step state)
    wind = wind_at(d, env, noise, dt)
    contact_force, contact_moment, count, kind, impact = contacts(d, par, env, rot)
    air = rot.T @ (d.v - wind)

    # 3. battery, from the start-of-step rotor speeds
    shaft = sum(poly(kq, w) * w for w in d.rotors)
    eff, res, avionics = par[L.P_EFFICIENCY], par[L.P_RESISTANCE], par[L.P_AVIONICS]
    if on[2]:
        ocv = par[L.P_CELLS] * cell_voltage(d.soc)
        e = ocv - res * avionics
        volt = 0.5 * (e + math.sqrt(max(e * e - 4 * res * shaft / eff, 0.0)))
        amps = shaft / (eff * volt) + avionics
        soc = max(d.soc - amps * dt / par[L.P_CAPACITY], 0.0)
    else:
        volt = par[L.P_CELLS] * 4.20
        e = volt - res * avionics
        amps = shaft / (eff * 0.5 * (e + math.sqrt(max(e * e - 4 * res * shaft / eff, 0))))
        amps += avionics
        soc = d.soc

    # 4. rotors: target from the command, limited by the previous step's voltage; lag
    w_max = par[L.P_KV] * d.volt
    if not on[1]:
        gain_up = gain_down = 1.0
    else:
        gain_up = 1 - math.exp(-dt / par[L.P_TAU_UP])
        gain_down = 1 - math.exp(-dt / par[L.P_TAU_DOWN])
    kind_cmd = cmd[L.C_KIND]
    new_rotors = np.zeros(4)
    for j in range(4):
        if kind_cmd == L.CMD_ESC:
            u = min(max(cmd[j], 0.0), 1.0)
            target = w_max * (par[L.P_IDLE] + (1 - par[L.P_IDLE]) * u)
        elif kind_cmd == L.CMD_ROTOR_SPEED:
            target = min(max(cmd[j], 0.0), w_max)
        else:
            target = 0.0
        gain = gain_up if target > d.rotors[j] else gain_down
        new_rotors[j] = d.rotors[j] + (target - d.rotors[j]) * gain

    # 5. forces and moments, body frame
    vh = par[L.P_HOVER_INDUCED]
    s = (-air[2] / vh - 0.3) / 1.6
    edge = math.hypot(air[0], air[1]) / vh
    loss = par[L.P_VRS_LOSS] * (4 * s * (1 - s)) ** 2 * max(1 - edge**2, 0) if 0 < s < 1 else 0
    scale = 1 - loss if on[6] else 1.0
    radius = par[L.P_ROTOR_RADIUS]
    force, moment = np.zeros(3), np.zeros(3)
    for j in range(4):
        w, r = new_rotors[j], hubs[j]
        thrust = poly(kt, w) * scale
        height = d.p[2] + rot[2] @ r
        if on[5] and height < 10 * radius:
            thrust /= 1 - (radius / (4 * max(height, radius / 2))) ** 2
        hub_air = air + np.cross(d.w, r)
        h_force = -par[L.P_ROTOR_DRAG] * w * np.array([hub_air[0], hub_air[1], 0.0])
        f = (h_force if on[3] else np.zeros(3)) + [0, 0, thrust]
        force += f
        moment += np.cross(r, f) - [0, 0, spin[j] * poly(kq, w)]
    if on[7]:
        jr = par[L.P_ROTOR_INERTIA]
        moment -= np.cross(d.w, [0, 0, jr * spin @ new_rotors])
        moment[2] -= jr * (spin @ (new_rotors - d.rotors)) / dt
    if on[4]:
        force -= 0.5 * env[L.E_AIR_DENSITY] * par[L.P_DRAG_AREA : L.P_DRAG_AREA + 3] * (
            np.abs(air) * air)  # fmt: skip
    moment += contact_moment
    gravity = env[L.E_GRAVITY] if on[0] else 0.0
    accel = (rot @ force + contact_force) / mass - [0, 0, gravity]

    # 6. integrate
    v = d.v + accel * dt
    momentum = inertia @ d.w
    predicted = rodrigues(momentum, d.w, dt)
    mid_rate = inv_inertia @ (0.5 * (momentum + predicted))
    momentum = rodrigues(momentum, mid_rate, dt) + moment * dt
    w = inv_inertia @ momentum
    rate = float(np.linalg.norm(w))
    half = 0.5 * rate * dt
    turn = np.concatenate([[math.cos(half)], w / rate * math.sin(half)]) if rate > 0 else (
        np.array([1.0, 0, 0, 0]))  # fmt: skip
    q = quat_mul(d.q, turn)

    d.p, d.v, d.q, d.w = d.p + v * dt, v, q / np.linalg.norm(q), w
    d.rotors, d.soc, d.volt, d.amps, d.t = new_rotors, soc, volt, amps, d.t + dt
    d.wind, d.contacts = wind, float(count)
    if kind > 0:
        d.crashed = 1.0
    if impact > d.impact:
        d.impact, d.crash_kind = impact, kind
    return d.to_row()
