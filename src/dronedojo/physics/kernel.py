"""The compiled step: all stages for N drones in one call.

Order within one step of length dt (semi-implicit Euler; the choice is argued in the README):

1. wind at the drone (steady + turbulence + gust), updated from this step's noise;
2. contact forces and crash events from the start-of-step pose (ground and obstacles);
3. battery from the rotor speeds at the start of the step: terminal voltage, current, charge;
4. rotor speeds: command -> target (limited by the terminal voltage of the previous step, a
   1 ms lag) -> first-order lag;
5. forces and moments in the body frame from the new rotor speeds and the start-of-step
   pose and velocities: thrust (with ground effect and vortex-ring loss), rotor H-force, rotor
   drag torque, rotor gyroscopic and reaction torques, body drag; plus the contact forces;
6. v += a dt; L = J omega turned by the free tumble, plus M dt, omega = J^-1 L;
   then p += v dt and q <- q * exp(omega dt / 2), renormalised.

How it is laid out for speed: drones are processed in blocks of ``LANES``. Stages 1-2 run as
scalar loops (they branch: turbulence, gusts, contacts) that read and write the drone-major
arrays and leave wind, contact forces and motor gains in a flat scratch vector (rows of
``LANES`` values, one row per field). The fields stages 3-6 need are copied into the same
scratch, field-major, and stages 3-6 run as one straight-line loop over the lanes with no
branches or library calls, which LLVM turns into SIMD code (four drones per instruction with
AVX2); it is compiled without reference counting, whose calls would stop the vectoriser. The
last, partial block runs the same code as a scalar loop. Parameters come pre-arranged in the
same blocked layout (:attr:`Params.blocked`).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics import aero, battery, contact, rigid_body, rotors, wind
from dronedojo.physics._jit import fmax, jit, jit_inline, jit_vector
from dronedojo.physics.layout import (
    BOX_SIZE,
    C_KIND,
    COMMAND_SIZE,
    CYLINDER_SIZE,
    DEFAULT_DT,
    E_AIR_DENSITY,
    E_GRAVITY,
    E_GUST_DURATION,
    E_GUST_RATE,
    E_GUST_SPEED,
    E_N_BOXES,
    E_N_CYLINDERS,
    E_TURB_W20,
    E_WIND,
    ENV_HEADER,
    F_BATTERY,
    F_BODY_DRAG,
    F_GRAVITY,
    F_GROUND,
    F_GROUND_EFFECT,
    F_GUSTS,
    F_GYROSCOPIC,
    F_MOTOR_DYNAMICS,
    F_OBSTACLES,
    F_ROTOR_DRAG,
    F_TURBULENCE,
    F_VORTEX_RING,
    F_WIND,
    LANES,
    NOISE_SIZE,
    P_AVIONICS,
    P_CAPACITY,
    P_CELLS,
    P_CRASH_SPEED,
    P_DAMPING,
    P_DRAG_AREA,
    P_EFFICIENCY,
    P_FRICTION,
    P_GAIN_DOWN,
    P_GAIN_UP,
    P_GEAR,
    P_HOVER_INDUCED,
    P_IDLE,
    P_INERTIA,
    P_INERTIA_INV,
    P_KV,
    P_MASS,
    P_RADIUS,
    P_RESISTANCE,
    P_ROTOR_DRAG,
    P_ROTOR_INERTIA,
    P_ROTOR_POS,
    P_ROTOR_RADIUS,
    P_SLIP_DAMPING,
    P_SPIN,
    P_STIFFNESS,
    P_TAU_DOWN,
    P_TAU_UP,
    P_THRUST,
    P_TOP,
    P_TORQUE,
    P_VRS_LOSS,
    PARAMS_SIZE,
    S_CONTACTS,
    S_CRASH_KIND,
    S_CRASHED,
    S_CURRENT,
    S_GUST_LEN,
    S_GUST_PEAK,
    S_GUST_T0,
    S_IMPACT,
    S_POS,
    S_QUAT,
    S_RATE,
    S_RESISTANCE_FACTOR,
    S_ROTOR,
    S_SOC,
    S_THRUST_FACTOR,
    S_TIME,
    S_TURB,
    S_VEL,
    S_VOLT,
    S_WIND,
    STATE_SIZE,
)

Array = NDArray[np.float64]

GROUND = 1.0
OBSTACLE = 2.0


class Switches(NamedTuple):
    """Environment values the vectorised stages read, passed by value (not as an array, so
    that the compiler knows no store can change them). Effects are factors 1.0 on, 0.0 off."""

    air_density: float
    gravity: float
    battery: float
    rotor_drag: float
    vortex_ring: float
    ground_effect: float
    gyroscopic: float
    body_drag: float


# Rows of the per-block scratch vector, each LANES values long.
CORE_FIELDS = S_TIME + 1
"""State fields 0..S_TIME (pose, rates, rotors, battery, time) go through the scratch rows;
the wind and contact passes read and write the others in the drone-major arrays."""
FAULT_FIELDS = STATE_SIZE - S_THRUST_FACTOR
"""The fault fields (thrust factors, resistance factor, the last fields of the state) also go
through the scratch rows; the core reads them and copies them to the output unchanged."""
ZX = 0  # the block's state at the start of the step (STATE_SIZE rows, CORE_FIELDS used)
ZC = ZX + STATE_SIZE  # motor commands (COMMAND_SIZE rows)
ZW = ZC + COMMAND_SIZE  # wind at the drone, world (3 rows)
ZF = ZW + 3  # contact force, world (3 rows), then contact moment, body (3 rows)
ZG = ZF + 6  # motor lag gains up, down (2 rows)
ZY = ZG + 2  # the block's state after the step (STATE_SIZE rows)
Z_ROWS = ZY + STATE_SIZE


@jit
def step_batch(
    blocked: Array,
    state: Array,
    command: Array,
    env: Array,
    noise: Array,
    dt: float,
    out: Array,
) -> None:
    """Advance the N rows of ``state`` by ``dt`` seconds into ``out``.

    Args:
        blocked: parameters in blocks, (ceil(N / LANES), PARAMS_SIZE * LANES).
        state: (N, STATE_SIZE). command: (N, COMMAND_SIZE). env: the environment vector.
        noise: (N, NOISE_SIZE) uniforms in [0, 1) when the environment has random effects,
            otherwise (0, NOISE_SIZE): then no random effect starts.
        out: (N, STATE_SIZE), written.
    """
    n = state.shape[0]
    if (
        blocked.shape[0] != (n + LANES - 1) // LANES
        or blocked.shape[1] != PARAMS_SIZE * LANES
        or command.shape[0] != n
        or out.shape[0] != n
        or state.shape[1] != STATE_SIZE
        or out.shape[1] != STATE_SIZE
        or command.shape[1] != COMMAND_SIZE
    ):
        raise ValueError("params, state and command must have one row per drone")
    if not (dt > 0.0 and dt <= 0.004):
        raise ValueError("dt must be in (0, 0.004] s; the integrator is validated at 0.5-2 ms")
    random = noise.shape[0] == n and noise.shape[1] == NOISE_SIZE
    switches = Switches(
        env[E_AIR_DENSITY],
        env[E_GRAVITY] * env[F_GRAVITY],
        env[F_BATTERY],
        env[F_ROTOR_DRAG],
        env[F_VORTEX_RING],
        env[F_GROUND_EFFECT],
        env[F_GYROSCOPIC],
        env[F_BODY_DRAG],
    )
    z = np.empty(Z_ROWS * LANES)
    flat_state = state.reshape(-1)  # all four are C-contiguous (numba checks): views
    flat_command = command.reshape(-1)
    flat_noise = noise.reshape(-1)
    flat_out = out.reshape(-1)
    for b in range(0, n, LANES):
        m = min(LANES, n - b)
        p = blocked[b // LANES]
        _copy_in(z, ZX, flat_state, STATE_SIZE, 0, CORE_FIELDS, b, m)
        _copy_in(z, ZX, flat_state, STATE_SIZE, S_THRUST_FACTOR, FAULT_FIELDS, b, m)
        _copy_in(z, ZC, flat_command, COMMAND_SIZE, 0, COMMAND_SIZE, b, m)
        _wind(p, z, flat_state, flat_out, flat_noise, b, env, m, dt, random)
        _contacts(p, z, flat_state, flat_out, b, env, m)
        _gains(p, z, env, m, dt)
        if m == LANES:
            _core_block(p, z, switches, dt)
        else:
            _core_tail(p, z, switches, dt, m)
        _copy_out(z, ZY, flat_out, STATE_SIZE, 0, CORE_FIELDS, b, m)
        _copy_out(z, ZY, flat_out, STATE_SIZE, S_THRUST_FACTOR, FAULT_FIELDS, b, m)


@jit_vector
def _copy_in(
    z: Array, row: int, source: Array, stride: int, first: int, fields: int, b: int, m: int
) -> None:
    """Fields first..first+fields-1 of drones b..b+m of ``source`` (flattened (N, stride), one
    drone per row) into the scratch rows ``row + field`` (one field per row): a transpose."""
    for i in range(m):
        base = (b + i) * stride
        for k in range(first, first + fields):
            z[(row + k) * LANES + i] = source[base + k]


@jit_vector
def _copy_out(
    z: Array, row: int, target: Array, stride: int, first: int, fields: int, b: int, m: int
) -> None:
    """The scratch rows ``row + field`` into fields first..first+fields-1 of drones b..b+m of
    ``target`` (flattened (N, stride))."""
    for i in range(m):
        base = (b + i) * stride
        for k in range(first, first + fields):
            target[base + k] = z[(row + k) * LANES + i]


@jit_inline
def _wind(  # noqa: PLR0915
    p: Array,
    z: Array,
    xs: Array,
    ys: Array,
    us: Array,
    b: int,
    env: Array,
    m: int,
    dt: float,
    random: bool,
) -> None:
    """Stage 1: wind at each drone (into the scratch rows); advances the turbulence and gust
    state. Reads and writes the drone-major arrays ``xs`` / ``ys`` directly."""
    sx = sy = sz = 0.0
    if env[F_WIND] > 0.5:
        sx, sy, sz = env[E_WIND], env[E_WIND + 1], env[E_WIND + 2]
    hn = math.sqrt(sx * sx + sy * sy)
    cx, cy = (sx / hn, sy / hn) if hn > 1e-9 else (1.0, 0.0)  # along-wind direction
    w20 = env[E_TURB_W20]
    turbulence = random and env[F_TURBULENCE] > 0.5 and w20 > 0.0
    gusts = env[F_GUSTS] > 0.5
    rate, speed, duration = env[E_GUST_RATE], env[E_GUST_SPEED], env[E_GUST_DURATION]
    for i in range(m):
        base = (b + i) * STATE_SIZE
        ubase = (b + i) * NOISE_SIZE
        ax, ay, az = sx, sy, sz
        tu, tv, tw = (
            xs[base + S_TURB],
            xs[base + S_TURB + 1],
            xs[base + S_TURB + 2],
        )
        if turbulence:
            u0, u1 = us[ubase], us[ubase + 1]
            u2, u3 = us[ubase + 2], us[ubase + 3]
            su, sw, lu, lw = wind.dryden_scales(xs[base + S_POS + 2], w20)
            n0, n1 = wind.box_muller(u0, u1)
            n2, _ = wind.box_muller(u2, u3)
            if math.isnan(tu):
                tu, tv, tw = su * n0, su * n1, sw * n2
            else:
                rvx = xs[base + S_VEL] - sx
                rvy = xs[base + S_VEL + 1] - sy
                rvz = xs[base + S_VEL + 2] - sz
                airspeed = max(math.sqrt(rvx * rvx + rvy * rvy + rvz * rvz), 1.0)
                du = math.exp(-airspeed * dt / lu)
                dw = math.exp(-airspeed * dt / lw)
                tu = wind.gauss_markov(tu, du, su, n0)
                tv = wind.gauss_markov(tv, du, su, n1)
                tw = wind.gauss_markov(tw, dw, sw, n2)
            ax += tu * cx - tv * cy
            ay += tu * cy + tv * cx
            az += tw
        t = xs[base + S_TIME]
        g0, glen = xs[base + S_GUST_T0], xs[base + S_GUST_LEN]
        gx, gy, gz = (
            xs[base + S_GUST_PEAK],
            xs[base + S_GUST_PEAK + 1],
            xs[base + S_GUST_PEAK + 2],
        )
        if gusts:
            if random and t >= g0 + glen and us[ubase + 4] < rate * dt:
                g0 = t
                glen = duration * (0.5 + us[ubase + 5])
                mag = speed * (0.5 + 0.5 * us[ubase + 6])
                heading = 2.0 * math.pi * us[ubase + 7]
                gx, gy, gz = mag * math.cos(heading), mag * math.sin(heading), 0.0
            f = wind.gust_shape(t, g0, glen)
            ax += f * gx
            ay += f * gy
            az += f * gz
        z[ZW * LANES + i] = ax
        z[(ZW + 1) * LANES + i] = ay
        z[(ZW + 2) * LANES + i] = az
        ys[base + S_TURB] = tu
        ys[base + S_TURB + 1] = tv
        ys[base + S_TURB + 2] = tw
        ys[base + S_GUST_T0] = g0
        ys[base + S_GUST_LEN] = glen
        ys[base + S_GUST_PEAK] = gx
        ys[base + S_GUST_PEAK + 1] = gy
        ys[base + S_GUST_PEAK + 2] = gz
        ys[base + S_WIND] = ax
        ys[base + S_WIND + 1] = ay
        ys[base + S_WIND + 2] = az


@jit_inline
def _contacts(  # noqa: PLR0915
    p: Array, z: Array, xs: Array, ys: Array, b: int, env: Array, m: int
) -> None:
    """Stage 2: ground and obstacle contact forces (into the scratch rows) and crash events
    (into ``ys``)."""
    ground = env[F_GROUND] > 0.5
    nb = int(env[E_N_BOXES]) if env[F_OBSTACLES] > 0.5 else 0
    nc = int(env[E_N_CYLINDERS]) if env[F_OBSTACLES] > 0.5 else 0
    cyl_base = ENV_HEADER + BOX_SIZE * int(env[E_N_BOXES])
    for i in range(m):
        base = (b + i) * STATE_SIZE
        px, py, pz = (
            xs[base + S_POS],
            xs[base + S_POS + 1],
            xs[base + S_POS + 2],
        )
        vx, vy, vz = (
            xs[base + S_VEL],
            xs[base + S_VEL + 1],
            xs[base + S_VEL + 2],
        )
        fwx = fwy = fwz = 0.0
        mx = my = mz = 0.0
        contacts = 0
        crash_kind = 0.0
        impact = 0.0
        reach = p[P_RADIUS * LANES + i] + p[P_GEAR * LANES + i] + p[P_TOP * LANES + i]
        if ground and pz < reach:
            qw, qx = xs[base + S_QUAT], xs[base + S_QUAT + 1]
            qy, qz = xs[base + S_QUAT + 2], xs[base + S_QUAT + 3]
            wx, wy, wz = (
                xs[base + S_RATE],
                xs[base + S_RATE + 1],
                xs[base + S_RATE + 2],
            )
            r00, r01, r02, r10, r11, r12, r20, r21, r22 = rigid_body.rotation(qw, qx, qy, qz)
            k, c = p[P_STIFFNESS * LANES + i], p[P_DAMPING * LANES + i]
            mu, cs = p[P_FRICTION * LANES + i], p[P_SLIP_DAMPING * LANES + i]
            for j in range(8):
                rx = p[(P_ROTOR_POS + 3 * (j % 4)) * LANES + i]
                ry = p[(P_ROTOR_POS + 3 * (j % 4) + 1) * LANES + i]
                rz = p[(P_ROTOR_POS + 3 * (j % 4) + 2) * LANES + i] + (
                    p[P_TOP * LANES + i] if j >= 4 else -p[P_GEAR * LANES + i]
                )
                zw = pz + r20 * rx + r21 * ry + r22 * rz
                if zw >= 0.0:
                    continue
                # velocity of the point, world frame: v + R (omega x r)
                ox, oy, oz = wy * rz - wz * ry, wz * rx - wx * rz, wx * ry - wy * rx
                pvx = vx + r00 * ox + r01 * oy + r02 * oz
                pvy = vy + r10 * ox + r11 * oy + r12 * oz
                pvz = vz + r20 * ox + r21 * oy + r22 * oz
                fn = contact.normal_force(-zw, -pvz, k, c)
                tx, ty, _ = contact.friction(pvx, pvy, 0.0, fn, mu, cs)
                fwx += tx
                fwy += ty
                fwz += fn
                # moment of the contact force about the centre of mass, body frame
                cbx = r00 * tx + r10 * ty + r20 * fn
                cby = r01 * tx + r11 * ty + r21 * fn
                cbz = r02 * tx + r12 * ty + r22 * fn
                mx += ry * cbz - rz * cby
                my += rz * cbx - rx * cbz
                mz += rx * cby - ry * cbx
                contacts += 1
                if (j >= 4 or -pvz > p[P_CRASH_SPEED * LANES + i]) and (
                    crash_kind == 0.0 or -pvz > impact
                ):  # the fastest crash contact of this step sets its speed and kind
                    crash_kind, impact = GROUND, max(-pvz, 0.0)
        if nb + nc > 0:
            k, c = 4.0 * p[P_STIFFNESS * LANES + i], 4.0 * p[P_DAMPING * LANES + i]
            mu, cs = p[P_FRICTION * LANES + i], 4.0 * p[P_SLIP_DAMPING * LANES + i]
            radius = p[P_RADIUS * LANES + i]
            for j in range(nb + nc):
                if j < nb:
                    depth, nx, ny, nz = contact.box_penetration(
                        px, py, pz, radius, env, ENV_HEADER + BOX_SIZE * j
                    )
                else:
                    depth, nx, ny, nz = contact.cylinder_penetration(
                        px, py, pz, radius, env, cyl_base + CYLINDER_SIZE * (j - nb)
                    )
                if depth <= 0.0:
                    continue
                vn = vx * nx + vy * ny + vz * nz
                fn = contact.normal_force(depth, -vn, k, c)
                tx, ty, tz = contact.friction(vx - vn * nx, vy - vn * ny, vz - vn * nz, fn, mu, cs)
                fwx += fn * nx + tx
                fwy += fn * ny + ty
                fwz += fn * nz + tz
                contacts += 1
                if -vn > p[P_CRASH_SPEED * LANES + i] and (crash_kind == 0.0 or -vn > impact):
                    crash_kind, impact = OBSTACLE, -vn
        z[ZF * LANES + i] = fwx
        z[(ZF + 1) * LANES + i] = fwy
        z[(ZF + 2) * LANES + i] = fwz
        z[(ZF + 3) * LANES + i] = mx
        z[(ZF + 4) * LANES + i] = my
        z[(ZF + 5) * LANES + i] = mz
        crashed = 1.0 if crash_kind > 0.0 else xs[base + S_CRASHED]
        # keep the worst impact so far and its kind; a first crash is kept even at speed 0
        # (props touching the ground as the drone rolls over)
        if crash_kind == 0.0 or (xs[base + S_CRASH_KIND] > 0.0 and impact <= xs[base + S_IMPACT]):
            impact, crash_kind = xs[base + S_IMPACT], xs[base + S_CRASH_KIND]
        ys[base + S_CONTACTS] = contacts
        ys[base + S_CRASHED] = crashed
        ys[base + S_IMPACT] = impact
        ys[base + S_CRASH_KIND] = crash_kind


@jit_inline
def _gains(p: Array, z: Array, env: Array, m: int, dt: float) -> None:
    """Motor lag gains ``1 - exp(-dt / tau)``: precomputed at the default step, else now."""
    for i in range(m):
        if env[F_MOTOR_DYNAMICS] < 0.5:
            up = down = 1.0
        elif dt == DEFAULT_DT:
            up, down = p[P_GAIN_UP * LANES + i], p[P_GAIN_DOWN * LANES + i]
        else:
            up = -math.expm1(-dt / p[P_TAU_UP * LANES + i])
            down = -math.expm1(-dt / p[P_TAU_DOWN * LANES + i])
        z[ZG * LANES + i] = up
        z[(ZG + 1) * LANES + i] = down


@jit_inline
def _hub(p: Array, j: int, i: int) -> tuple[float, float, float]:
    """Hub position of rotor ``j`` of lane ``i``, body frame, m."""
    base = (P_ROTOR_POS + 3 * j) * LANES + i
    return p[base], p[base + LANES], p[base + 2 * LANES]


@jit_inline
def _times_matrix(
    p: Array, field: int, i: int, x: float, y: float, z: float
) -> tuple[float, float, float]:
    """The 3x3 parameter matrix stored row-major from ``field`` (lane ``i``) times (x, y, z)."""
    a = field * LANES + i
    return (
        p[a] * x + p[a + LANES] * y + p[a + 2 * LANES] * z,
        p[a + 3 * LANES] * x + p[a + 4 * LANES] * y + p[a + 5 * LANES] * z,
        p[a + 6 * LANES] * x + p[a + 7 * LANES] * y + p[a + 8 * LANES] * z,
    )


@jit_vector
def _core_block(p: Array, z: Array, sw: Switches, dt: float) -> None:
    """Stages 3-6 for a full block: a constant trip count, so it vectorises."""
    for i in range(LANES):
        _lane(p, z, sw, dt, i)


@jit_inline
def _core_tail(p: Array, z: Array, sw: Switches, dt: float, m: int) -> None:
    """Stages 3-6 for the first ``m`` lanes of a partial block."""
    for i in range(m):
        _lane(p, z, sw, dt, i)


@jit_inline
def _lane(p: Array, z: Array, sw: Switches, dt: float, i: int) -> None:  # noqa: PLR0915
    """Stages 3-6 for lane ``i``: straight-line code, effects switched by factors 0 or 1."""
    px, py, pz = (
        z[(ZX + S_POS) * LANES + i],
        z[(ZX + S_POS + 1) * LANES + i],
        z[(ZX + S_POS + 2) * LANES + i],
    )
    vx, vy, vz = (
        z[(ZX + S_VEL) * LANES + i],
        z[(ZX + S_VEL + 1) * LANES + i],
        z[(ZX + S_VEL + 2) * LANES + i],
    )
    qw, qx = z[(ZX + S_QUAT) * LANES + i], z[(ZX + S_QUAT + 1) * LANES + i]
    qy, qz = z[(ZX + S_QUAT + 2) * LANES + i], z[(ZX + S_QUAT + 3) * LANES + i]
    wx, wy, wz = (
        z[(ZX + S_RATE) * LANES + i],
        z[(ZX + S_RATE + 1) * LANES + i],
        z[(ZX + S_RATE + 2) * LANES + i],
    )
    inv_mass = 1.0 / p[P_MASS * LANES + i]
    rho = sw.air_density

    # rotation matrix body -> world
    r00, r01, r02, r10, r11, r12, r20, r21, r22 = rigid_body.rotation(qw, qx, qy, qz)

    # airspeed in the body frame: R^T (v - wind)
    ex = vx - z[ZW * LANES + i]
    ey = vy - z[(ZW + 1) * LANES + i]
    ez = vz - z[(ZW + 2) * LANES + i]
    bx = r00 * ex + r10 * ey + r20 * ez
    by = r01 * ex + r11 * ey + r21 * ez
    bz = r02 * ex + r12 * ey + r22 * ez

    # ---- 3. battery ------------------------------------------------------------------------
    kq0 = p[P_TORQUE * LANES + i]
    kq1 = p[(P_TORQUE + 1) * LANES + i]
    kq2 = p[(P_TORQUE + 2) * LANES + i]
    o1 = z[(ZX + S_ROTOR) * LANES + i]
    o2 = z[(ZX + S_ROTOR + 1) * LANES + i]
    o3 = z[(ZX + S_ROTOR + 2) * LANES + i]
    o4 = z[(ZX + S_ROTOR + 3) * LANES + i]
    k1 = z[(ZX + S_THRUST_FACTOR) * LANES + i]
    k2 = z[(ZX + S_THRUST_FACTOR + 1) * LANES + i]
    k3 = z[(ZX + S_THRUST_FACTOR + 2) * LANES + i]
    k4 = z[(ZX + S_THRUST_FACTOR + 3) * LANES + i]
    resistance_factor = z[(ZX + S_RESISTANCE_FACTOR) * LANES + i]
    shaft = (
        k1 * rotors.polynomial(kq0, kq1, kq2, o1) * o1
        + k2 * rotors.polynomial(kq0, kq1, kq2, o2) * o2
        + k3 * rotors.polynomial(kq0, kq1, kq2, o3) * o3
        + k4 * rotors.polynomial(kq0, kq1, kq2, o4) * o4
    )
    soc = z[(ZX + S_SOC) * LANES + i]
    on = sw.battery
    ocv = p[P_CELLS * LANES + i] * (on * battery.cell_voltage(soc) + (1.0 - on) * battery.CELL_FULL)
    volt, amps = battery.terminal(
        ocv,
        p[P_RESISTANCE * LANES + i] * resistance_factor,
        p[P_AVIONICS * LANES + i],
        shaft,
        p[P_EFFICIENCY * LANES + i],
    )
    # battery switched off: an ideal pack at full voltage, the current it would then draw
    amps = on * amps + (1.0 - on) * (
        shaft / (p[P_EFFICIENCY * LANES + i] * ocv) + p[P_AVIONICS * LANES + i]
    )
    volt = on * volt + (1.0 - on) * ocv
    z[(ZY + S_SOC) * LANES + i] = fmax(soc - on * amps * dt / p[P_CAPACITY * LANES + i], 0.0)
    z[(ZY + S_VOLT) * LANES + i] = volt
    z[(ZY + S_CURRENT) * LANES + i] = amps

    # ---- 4. rotor speeds -------------------------------------------------------------------
    # The speed limit follows the voltage the ESCs saw during the previous step (a 1 ms lag).
    w_max = p[P_KV * LANES + i] * z[(ZX + S_VOLT) * LANES + i]
    up, down = z[ZG * LANES + i], z[(ZG + 1) * LANES + i]
    kind, idle = z[(ZC + C_KIND) * LANES + i], p[P_IDLE * LANES + i]
    w1 = rotors.lag(o1, rotors.target_speed(kind, z[ZC * LANES + i], idle, w_max), up, down)
    w2 = rotors.lag(o2, rotors.target_speed(kind, z[(ZC + 1) * LANES + i], idle, w_max), up, down)
    w3 = rotors.lag(o3, rotors.target_speed(kind, z[(ZC + 2) * LANES + i], idle, w_max), up, down)
    w4 = rotors.lag(o4, rotors.target_speed(kind, z[(ZC + 3) * LANES + i], idle, w_max), up, down)
    z[(ZY + S_ROTOR) * LANES + i] = w1
    z[(ZY + S_ROTOR + 1) * LANES + i] = w2
    z[(ZY + S_ROTOR + 2) * LANES + i] = w3
    z[(ZY + S_ROTOR + 3) * LANES + i] = w4

    # ---- 5. forces (body frame fb) and moments (body frame m) ------------------------------
    loss = aero.vortex_ring_loss(
        -bz,
        np.sqrt(bx * bx + by * by),
        p[P_HOVER_INDUCED * LANES + i],
        p[P_VRS_LOSS * LANES + i],
    )
    rotor = rotors.Rotors(
        p[P_THRUST * LANES + i],
        p[(P_THRUST + 1) * LANES + i],
        p[(P_THRUST + 2) * LANES + i],
        kq0,
        kq1,
        kq2,
        p[P_ROTOR_RADIUS * LANES + i],
        p[P_ROTOR_DRAG * LANES + i] * sw.rotor_drag,
        1.0 - sw.vortex_ring * loss,
        sw.ground_effect,
    )
    body = rotors.Motion(pz, r20, r21, r22, bx, by, wx, wy, wz)
    s1, s2 = p[P_SPIN * LANES + i], p[(P_SPIN + 1) * LANES + i]
    s3, s4 = p[(P_SPIN + 2) * LANES + i], p[(P_SPIN + 3) * LANES + i]
    f1 = rotors.wrench(rotor, body, _hub(p, 0, i), s1, w1, k1)
    f2 = rotors.wrench(rotor, body, _hub(p, 1, i), s2, w2, k2)
    f3 = rotors.wrench(rotor, body, _hub(p, 2, i), s3, w3, k3)
    f4 = rotors.wrench(rotor, body, _hub(p, 3, i), s4, w4, k4)
    fbx = f1[0] + f2[0] + f3[0] + f4[0]
    fby = f1[1] + f2[1] + f3[1] + f4[1]
    fbz = f1[2] + f2[2] + f3[2] + f4[2]
    mx = f1[3] + f2[3] + f3[3] + f4[3]
    my = f1[4] + f2[4] + f3[4] + f4[4]
    mz = f1[5] + f2[5] + f3[5] + f4[5]
    spin_sum = s1 * w1 + s2 * w2 + s3 * w3 + s4 * w4
    spin_change = s1 * (w1 - o1) + s2 * (w2 - o2) + s3 * (w3 - o3) + s4 * (w4 - o4)
    jr = p[P_ROTOR_INERTIA * LANES + i] * sw.gyroscopic
    h = jr * spin_sum  # rotor angular momentum along body z
    mx -= wy * h
    my += wx * h
    mz -= jr * spin_change / dt
    drag = sw.body_drag
    fbx += drag * aero.quadratic_drag(rho, p[P_DRAG_AREA * LANES + i], bx)
    fby += drag * aero.quadratic_drag(rho, p[(P_DRAG_AREA + 1) * LANES + i], by)
    fbz += drag * aero.quadratic_drag(rho, p[(P_DRAG_AREA + 2) * LANES + i], bz)
    mx += z[(ZF + 3) * LANES + i]
    my += z[(ZF + 4) * LANES + i]
    mz += z[(ZF + 5) * LANES + i]

    gravity = sw.gravity
    fwx = r00 * fbx + r01 * fby + r02 * fbz + z[ZF * LANES + i]
    fwy = r10 * fbx + r11 * fby + r12 * fbz + z[(ZF + 1) * LANES + i]
    fwz = r20 * fbx + r21 * fby + r22 * fbz + z[(ZF + 2) * LANES + i] - gravity / inv_mass

    # ---- 6. integrate (semi-implicit Euler) ------------------------------------------------
    vx += fwx * inv_mass * dt
    vy += fwy * inv_mass * dt
    vz += fwz * inv_mass * dt
    # Euler's equation dL/dt = M - w x L, L = J w: the torque-free part as an exact rotation of
    # L about the mid-step rate (predictor: turned about the start rate), then the moments
    lx, ly, lz = _times_matrix(p, P_INERTIA, i, wx, wy, wz)
    plx, ply, plz = rigid_body.rotate_momentum(lx, ly, lz, wx, wy, wz, dt)
    hwx, hwy, hwz = _times_matrix(
        p, P_INERTIA_INV, i, 0.5 * (lx + plx), 0.5 * (ly + ply), 0.5 * (lz + plz)
    )
    lx, ly, lz = rigid_body.rotate_momentum(lx, ly, lz, hwx, hwy, hwz, dt)
    wx, wy, wz = _times_matrix(p, P_INERTIA_INV, i, lx + mx * dt, ly + my * dt, lz + mz * dt)
    # q <- q * exp(omega dt / 2): exact for a rate constant over the step
    dw, sk = rigid_body.half_turn(wx, wy, wz, dt)
    dx, dy, dz = wx * sk, wy * sk, wz * sk
    nw = qw * dw - qx * dx - qy * dy - qz * dz
    nx = qw * dx + qx * dw + qy * dz - qz * dy
    ny = qw * dy - qx * dz + qy * dw + qz * dx
    nz = qw * dz + qx * dy - qy * dx + qz * dw
    norm = 1.0 / np.sqrt(nw * nw + nx * nx + ny * ny + nz * nz)
    z[(ZY + S_POS) * LANES + i] = px + vx * dt
    z[(ZY + S_POS + 1) * LANES + i] = py + vy * dt
    z[(ZY + S_POS + 2) * LANES + i] = pz + vz * dt
    z[(ZY + S_VEL) * LANES + i] = vx
    z[(ZY + S_VEL + 1) * LANES + i] = vy
    z[(ZY + S_VEL + 2) * LANES + i] = vz
    z[(ZY + S_QUAT) * LANES + i] = nw * norm
    z[(ZY + S_QUAT + 1) * LANES + i] = nx * norm
    z[(ZY + S_QUAT + 2) * LANES + i] = ny * norm
    z[(ZY + S_QUAT + 3) * LANES + i] = nz * norm
    z[(ZY + S_RATE) * LANES + i] = wx
    z[(ZY + S_RATE + 1) * LANES + i] = wy
    z[(ZY + S_RATE + 2) * LANES + i] = wz
    z[(ZY + S_TIME) * LANES + i] = z[(ZX + S_TIME) * LANES + i] + dt
    z[(ZY + S_THRUST_FACTOR) * LANES + i] = k1
    z[(ZY + S_THRUST_FACTOR + 1) * LANES + i] = k2
    z[(ZY + S_THRUST_FACTOR + 2) * LANES + i] = k3
    z[(ZY + S_THRUST_FACTOR + 3) * LANES + i] = k4
    z[(ZY + S_RESISTANCE_FACTOR) * LANES + i] = resistance_factor
