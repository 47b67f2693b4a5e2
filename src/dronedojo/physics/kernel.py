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

How it is laid out for speed. Drones go through in blocks of at most ``LANES`` drones of one
airframe (:attr:`Params.plan` groups the rows by airframe, so a batch of a few presets gives
full blocks however its rows are ordered): the airframe's constants, and what this step and
environment derive from them (inverse mass, weight, drag factors, motor gains ...), are then
plain numbers shared by the block (:class:`Vehicle`), not per-drone data streamed from memory.
Per block, on a scratch vector of field-major rows (``LANES`` values each, row f = state
field f of the block's drones):

- :func:`_gather` moves the block's state and command rows into the scratch by 4 x 4
  transposes (:mod:`simd`: vector loads, shuffles and vector stores);
- :func:`_stages_1_2` runs stages 1-2 drone by drone (they branch: turbulence, gusts,
  contacts); a vectorised fill first writes the common case (steady wind, no contact), so
  that most drones need only a few compares;
- :func:`_core` runs stages 3-6 as one straight-line loop over the lanes with no branches or
  library calls, which LLVM turns into SIMD code (four drones per instruction with AVX2),
  compiled without reference counting, whose calls would stop the vectoriser;
- :func:`_scatter` moves the new state back into the output rows by transposes.

A partial block is padded to a multiple of four lanes with copies of its last drone (computed,
never written back), so every drone goes through the same vector code and a drone's result
does not depend on the batch it is in.
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
from dronedojo.physics.simd import stack_array, transpose4

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]

GROUND = 1.0
OBSTACLE = 2.0
VECTOR = 4
"""Lanes per SIMD instruction (AVX2, float64): partial blocks are padded to a multiple."""

# Rows of the per-block scratch vector, each LANES values long: first the whole state, row f
# holding state field f (the stages read the start-of-step values and write the new ones over
# them), then the motor commands and the contact force and moment.
Z_STATE = 0
Z_COMMAND = Z_STATE + STATE_SIZE  # motor command values and kind (COMMAND_SIZE rows)
Z_CONTACT = Z_COMMAND + COMMAND_SIZE  # contact force, world (3 rows), moment, body (3 rows)
Z_ROWS = Z_CONTACT + 6
_scratch = stack_array(Z_ROWS * LANES)  # 26 kB on the stack of step_batch


class Vehicle(NamedTuple):
    """What the vectorised stages need of one airframe in this step and environment: numbers
    shared by a block (effects switched off appear as zero factors)."""

    inv_mass: float
    weight: float  # m g (0 without gravity), N
    j00: float
    j01: float
    j02: float
    j10: float
    j11: float
    j12: float
    j20: float
    j21: float
    j22: float
    i00: float
    i01: float
    i02: float
    i10: float
    i11: float
    i12: float
    i20: float
    i21: float
    i22: float
    arm_x: float  # hubs at (+-arm_x, +-arm_y, 0), quad-X (see rotors.wrench)
    arm_y: float
    kt0: float
    kt1: float
    kt2: float
    kq0: float
    kq1: float
    kq2: float
    rotor_radius: float
    ground_effect: float  # 1 on, 0 off
    rotor_drag: float  # H-force coefficient, 0 when off
    drag_x: float  # rho/2 Cd A per body axis, 0 when off
    drag_y: float
    drag_z: float
    vrs_peak: float  # peak vortex-ring loss, 0 when off
    inv_induced: float  # 1 / hover induced velocity
    rotor_momentum: float  # rotor inertia, 0 without gyroscopic effects
    rotor_reaction: float  # rotor inertia / dt, 0 without gyroscopic effects
    kv: float
    idle: float
    gain_up: float
    gain_down: float
    cells: float
    resistance: float
    avionics: float
    inv_efficiency: float
    battery: float  # 1 on, 0 off (an ideal pack)
    drain: float  # dt / capacity, 0 with the battery off
    dt: float


@jit_inline
def _vehicle(p: Array, env: Array, dt: float) -> Vehicle:
    """The block constants of the airframe row ``p`` (layout P_*)."""
    motors = env[F_MOTOR_DYNAMICS] > 0.5
    if not motors:
        up = down = 1.0
    elif dt == DEFAULT_DT:
        up, down = p[P_GAIN_UP], p[P_GAIN_DOWN]
    else:
        up = -math.expm1(-dt / p[P_TAU_UP])
        down = -math.expm1(-dt / p[P_TAU_DOWN])
    half_rho = 0.5 * env[E_AIR_DENSITY] * env[F_BODY_DRAG]
    gyro = p[P_ROTOR_INERTIA] * env[F_GYROSCOPIC]
    on = env[F_BATTERY]
    return Vehicle(
        1.0 / p[P_MASS],
        p[P_MASS] * env[E_GRAVITY] * env[F_GRAVITY],
        p[P_INERTIA],
        p[P_INERTIA + 1],
        p[P_INERTIA + 2],
        p[P_INERTIA + 3],
        p[P_INERTIA + 4],
        p[P_INERTIA + 5],
        p[P_INERTIA + 6],
        p[P_INERTIA + 7],
        p[P_INERTIA + 8],
        p[P_INERTIA_INV],
        p[P_INERTIA_INV + 1],
        p[P_INERTIA_INV + 2],
        p[P_INERTIA_INV + 3],
        p[P_INERTIA_INV + 4],
        p[P_INERTIA_INV + 5],
        p[P_INERTIA_INV + 6],
        p[P_INERTIA_INV + 7],
        p[P_INERTIA_INV + 8],
        p[P_ROTOR_POS + 3],  # motor 2, front right: (arm_x, -arm_y, 0)
        p[P_ROTOR_POS + 10],  # motor 4, front left: (arm_x, arm_y, 0)
        p[P_THRUST],
        p[P_THRUST + 1],
        p[P_THRUST + 2],
        p[P_TORQUE],
        p[P_TORQUE + 1],
        p[P_TORQUE + 2],
        p[P_ROTOR_RADIUS],
        env[F_GROUND_EFFECT],
        p[P_ROTOR_DRAG] * env[F_ROTOR_DRAG],
        half_rho * p[P_DRAG_AREA],
        half_rho * p[P_DRAG_AREA + 1],
        half_rho * p[P_DRAG_AREA + 2],
        p[P_VRS_LOSS] * env[F_VORTEX_RING],
        1.0 / p[P_HOVER_INDUCED],
        gyro,
        gyro / dt,
        p[P_KV],
        p[P_IDLE],
        up,
        down,
        p[P_CELLS],
        p[P_RESISTANCE],
        p[P_AVIONICS],
        1.0 / p[P_EFFICIENCY],
        on,
        on * dt / p[P_CAPACITY],
        dt,
    )


class Weather(NamedTuple):
    """The environment's wind settings as the wind stage reads them."""

    sx: float  # steady wind, world, m/s (0 with wind switched off)
    sy: float
    sz: float
    cx: float  # along-wind direction (east when there is no horizontal wind)
    cy: float
    w20: float  # Dryden intensity setting, m/s
    turbulence: bool  # turbulence on and noise drawn
    gusts: bool  # gusts switched on
    random: bool  # noise drawn this step
    new_gusts: bool  # a random gust may start this step (gusts on, a rate, noise drawn)
    rate: float  # random gusts per second
    speed: float  # random gust peak, m/s
    duration: float  # mean random gust duration, s


@jit_inline
def _weather(env: Array, random: bool) -> Weather:
    sx = sy = sz = 0.0
    if env[F_WIND] > 0.5:
        sx, sy, sz = env[E_WIND], env[E_WIND + 1], env[E_WIND + 2]
    hn = math.sqrt(sx * sx + sy * sy)
    cx, cy = (sx / hn, sy / hn) if hn > 1e-9 else (1.0, 0.0)
    w20 = env[E_TURB_W20]
    return Weather(
        sx,
        sy,
        sz,
        cx,
        cy,
        w20,
        random and env[F_TURBULENCE] > 0.5 and w20 > 0.0,
        env[F_GUSTS] > 0.5,
        random,
        env[F_GUSTS] > 0.5 and random and env[E_GUST_RATE] > 0.0,
        env[E_GUST_RATE],
        env[E_GUST_SPEED],
        env[E_GUST_DURATION],
    )


@jit
def step_batch(
    table: Array,
    plan: IntArray,
    state: Array,
    command: Array,
    env: Array,
    noise: Array,
    dt: float,
    out: Array,
) -> None:
    """Advance the N rows of ``state`` by ``dt`` seconds into ``out``.

    Args:
        table: one row of parameters per airframe of the batch, (A, PARAMS_SIZE).
        plan: the rows grouped by airframe, then the blocks: N row indices, then three
            values per block (first position in that order, drones, airframe row of
            ``table``); see :attr:`Params.plan`.
        state: (N, STATE_SIZE). command: (N, COMMAND_SIZE). env: the environment vector.
        noise: (N, NOISE_SIZE) uniforms in [0, 1) when the environment has random effects,
            otherwise (0, NOISE_SIZE): then no random effect starts.
        out: (N, STATE_SIZE), written.
    """
    n = state.shape[0]
    blocks = (plan.shape[0] - n) // 3
    if (
        plan.shape[0] != n + 3 * blocks
        or table.shape[1] != PARAMS_SIZE
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
    weather = _weather(env, random)
    z = _scratch()
    flat_state, flat_out = state.reshape(-1), out.reshape(-1)  # C-contiguous: views
    flat_command, flat_noise = command.reshape(-1), noise.reshape(-1)
    for k in range(blocks):
        first, m, a = plan[n + 3 * k], plan[n + 3 * k + 1], plan[n + 3 * k + 2]
        p = table[a]
        rows = plan[first : first + m]
        lanes = (m + VECTOR - 1) // VECTOR * VECTOR
        _gather(z, rows, flat_state, flat_command)
        _stages_1_2(p, z, rows, lanes, flat_noise, env, weather, dt)
        _core(_vehicle(p, env, dt), z, lanes)
        _scatter(z, rows, flat_out)


@jit_vector
def _gather(z: Array, rows: IntArray, xs: Array, cs: Array) -> None:
    """The block's state and command rows (``xs``, ``cs``: the drone-major arrays, flattened)
    into the scratch, four drones at a time by 4 x 4 transposes; a partial last group repeats
    its last drone. Fields 37-40 overlap 36-39 (rewriting the same values), so that every move
    is a whole transpose."""
    m = rows.shape[0]
    for i in range(0, m, VECTOR):
        r0 = rows[i]
        r1 = rows[min(i + 1, m - 1)]
        r2 = rows[min(i + 2, m - 1)]
        r3 = rows[min(i + 3, m - 1)]
        b0, b1, b2, b3 = r0 * STATE_SIZE, r1 * STATE_SIZE, r2 * STATE_SIZE, r3 * STATE_SIZE
        for f in range(0, STATE_SIZE - VECTOR + 1, VECTOR):
            o = (Z_STATE + f) * LANES + i
            transpose4(xs, b0 + f, b1 + f, b2 + f, b3 + f,
                       z, o, o + LANES, o + 2 * LANES, o + 3 * LANES)  # fmt: skip
        f = STATE_SIZE - VECTOR
        o = (Z_STATE + f) * LANES + i
        transpose4(xs, b0 + f, b1 + f, b2 + f, b3 + f,
                   z, o, o + LANES, o + 2 * LANES, o + 3 * LANES)  # fmt: skip
        c0, c1, c2, c3 = r0 * COMMAND_SIZE, r1 * COMMAND_SIZE, r2 * COMMAND_SIZE, r3 * COMMAND_SIZE
        for f in (0, COMMAND_SIZE - VECTOR):
            o = (Z_COMMAND + f) * LANES + i
            transpose4(cs, c0 + f, c1 + f, c2 + f, c3 + f,
                       z, o, o + LANES, o + 2 * LANES, o + 3 * LANES)  # fmt: skip


@jit_vector
def _scatter(z: Array, rows: IntArray, ys: Array) -> None:
    """The block's new state from the scratch into its rows of ``ys`` (the output array,
    flattened): 4 x 4 transposes, drone by drone for a partial last group."""
    m = rows.shape[0]
    for i in range(0, m - VECTOR + 1, VECTOR):
        b0, b1 = rows[i] * STATE_SIZE, rows[i + 1] * STATE_SIZE
        b2, b3 = rows[i + 2] * STATE_SIZE, rows[i + 3] * STATE_SIZE
        for f in range(0, STATE_SIZE - VECTOR + 1, VECTOR):
            o = (Z_STATE + f) * LANES + i
            transpose4(z, o, o + LANES, o + 2 * LANES, o + 3 * LANES,
                       ys, b0 + f, b1 + f, b2 + f, b3 + f)  # fmt: skip
        f = STATE_SIZE - VECTOR
        o = (Z_STATE + f) * LANES + i
        transpose4(z, o, o + LANES, o + 2 * LANES, o + 3 * LANES,
                   ys, b0 + f, b1 + f, b2 + f, b3 + f)  # fmt: skip
    for i in range(m - m % VECTOR, m):
        b = rows[i] * STATE_SIZE
        for f in range(STATE_SIZE):
            ys[b + f] = z[(Z_STATE + f) * LANES + (i & (LANES - 1))]


@jit_vector
def _stages_1_2(
    p: Array,
    z: Array,
    rows: IntArray,
    lanes: int,
    us: Array,
    env: Array,
    w: Weather,
    dt: float,
) -> None:
    """Stages 1-2 for the block in the scratch. First, for every lane at once (a vectorised
    fill), the common case: the steady wind and no contact; then, drone by drone (they
    branch), what differs: turbulence, a gust blowing or starting, contact with the ground
    or an obstacle. The padding lanes m..lanes-1 keep the common case."""
    reach = p[P_RADIUS] + p[P_GEAR] + p[P_TOP] if env[F_GROUND] > 0.5 else -math.inf
    nb = int(env[E_N_BOXES]) if env[F_OBSTACLES] > 0.5 else 0
    nc = int(env[E_N_CYLINDERS]) if env[F_OBSTACLES] > 0.5 else 0
    for lane in range(lanes):
        i = lane & (LANES - 1)  # the same number, and visibly not negative
        z[(Z_STATE + S_WIND) * LANES + i] = w.sx
        z[(Z_STATE + S_WIND + 1) * LANES + i] = w.sy
        z[(Z_STATE + S_WIND + 2) * LANES + i] = w.sz
        z[(Z_STATE + S_CONTACTS) * LANES + i] = 0.0
        for f in range(Z_CONTACT, Z_CONTACT + 6):
            z[f * LANES + i] = 0.0
    m = rows.shape[0]
    for j in range(m):
        i = j & (LANES - 1)
        if w.turbulence or w.gusts:
            _wind(z, i, us, rows[j] * NOISE_SIZE, w, dt)
        if z[(Z_STATE + S_POS + 2) * LANES + i] < reach or nb + nc > 0:
            z[(Z_STATE + S_CONTACTS) * LANES + i] = _contacts(p, z, i, env, reach, nb, nc)


@jit_inline
def _wind(z: Array, i: int, us: Array, ubase: int, w: Weather, dt: float) -> None:
    """Stage 1 for the drone in scratch lane ``i`` beyond the steady wind (already in its
    wind rows): turbulence and gusts, advancing their state (in their rows)."""
    ax, ay, az = w.sx, w.sy, w.sz
    changed = False
    if w.turbulence:
        tu, tv, tw = _turbulence(z, i, us, ubase, w, dt)
        z[(Z_STATE + S_TURB) * LANES + i] = tu
        z[(Z_STATE + S_TURB + 1) * LANES + i] = tv
        z[(Z_STATE + S_TURB + 2) * LANES + i] = tw
        ax += tu * w.cx - tv * w.cy
        ay += tu * w.cy + tv * w.cx
        az += tw
        changed = True
    t = z[(Z_STATE + S_TIME) * LANES + i]
    g0 = z[(Z_STATE + S_GUST_T0) * LANES + i]
    glen = z[(Z_STATE + S_GUST_LEN) * LANES + i]
    if w.new_gusts and t >= g0 + glen and us[ubase + 4] < w.rate * dt:
        g0 = t
        glen = w.duration * (0.5 + us[ubase + 5])
        mag = w.speed * (0.5 + 0.5 * us[ubase + 6])
        heading = 2.0 * math.pi * us[ubase + 7]
        z[(Z_STATE + S_GUST_T0) * LANES + i] = g0
        z[(Z_STATE + S_GUST_LEN) * LANES + i] = glen
        z[(Z_STATE + S_GUST_PEAK) * LANES + i] = mag * math.cos(heading)
        z[(Z_STATE + S_GUST_PEAK + 1) * LANES + i] = mag * math.sin(heading)
        z[(Z_STATE + S_GUST_PEAK + 2) * LANES + i] = 0.0
    if w.gusts and t >= g0 and t < g0 + glen:  # a gust is blowing
        f = wind.gust_shape(t, g0, glen)
        ax += f * z[(Z_STATE + S_GUST_PEAK) * LANES + i]
        ay += f * z[(Z_STATE + S_GUST_PEAK + 1) * LANES + i]
        az += f * z[(Z_STATE + S_GUST_PEAK + 2) * LANES + i]
        changed = True
    if changed:
        z[(Z_STATE + S_WIND) * LANES + i] = ax
        z[(Z_STATE + S_WIND + 1) * LANES + i] = ay
        z[(Z_STATE + S_WIND + 2) * LANES + i] = az


@jit_inline
def _at(z: Array, field: int, i: int) -> float:
    """State field ``field`` of the drone in scratch lane ``i``."""
    return float(z[(Z_STATE + field) * LANES + i])


@jit_inline
def _turbulence(
    z: Array, i: int, us: Array, ubase: int, w: Weather, dt: float
) -> tuple[float, float, float]:
    """The Dryden velocities (along-wind, cross-wind, vertical) after this step of the drone
    in scratch lane ``i``, from the uniforms ``us[ubase:ubase + 4]``."""
    tu, tv, tw = _at(z, S_TURB, i), _at(z, S_TURB + 1, i), _at(z, S_TURB + 2, i)
    su, sw, lu, lw = wind.dryden_scales(_at(z, S_POS + 2, i), w.w20)
    n0, n1 = wind.box_muller(us[ubase], us[ubase + 1])
    n2 = wind.box_muller_first(us[ubase + 2], us[ubase + 3])
    if math.isnan(tu):
        return su * n0, su * n1, sw * n2
    rvx = _at(z, S_VEL, i) - w.sx
    rvy = _at(z, S_VEL + 1, i) - w.sy
    rvz = _at(z, S_VEL + 2, i) - w.sz
    airspeed = max(math.sqrt(rvx * rvx + rvy * rvy + rvz * rvz), 1.0)
    du = math.exp(-airspeed * dt / lu)
    dw = math.exp(-airspeed * dt / lw)
    return (
        wind.gauss_markov(tu, du, su, n0),
        wind.gauss_markov(tv, du, su, n1),
        wind.gauss_markov(tw, dw, sw, n2),
    )


@jit_inline
def _contacts(  # noqa: PLR0915
    p: Array, z: Array, i: int, env: Array, reach: float, nb: int, nc: int
) -> int:
    """Stage 2 for the drone in scratch lane ``i``, which may touch something: ground and
    obstacle contact forces (into its rows) and crash events; returns the number of contacts.
    ``reach``: the height below which a point of the drone may touch the ground (-inf with
    ground contact off); ``nb``, ``nc``: boxes and cylinders to test (0 with obstacles off).
    """
    px, py, pz = _at(z, S_POS, i), _at(z, S_POS + 1, i), _at(z, S_POS + 2, i)
    vx, vy, vz = _at(z, S_VEL, i), _at(z, S_VEL + 1, i), _at(z, S_VEL + 2, i)
    fwx = fwy = fwz = 0.0
    mx = my = mz = 0.0
    contacts = 0
    crash_kind = 0.0
    impact = 0.0
    if pz < reach:
        qw, qx = _at(z, S_QUAT, i), _at(z, S_QUAT + 1, i)
        qy, qz = _at(z, S_QUAT + 2, i), _at(z, S_QUAT + 3, i)
        wx, wy, wz = _at(z, S_RATE, i), _at(z, S_RATE + 1, i), _at(z, S_RATE + 2, i)
        r00, r01, r02, r10, r11, r12, r20, r21, r22 = rigid_body.rotation(qw, qx, qy, qz)
        k, c = p[P_STIFFNESS], p[P_DAMPING]
        mu, cs = p[P_FRICTION], p[P_SLIP_DAMPING]
        for j in range(8):
            rx = p[P_ROTOR_POS + 3 * (j % 4)]
            ry = p[P_ROTOR_POS + 3 * (j % 4) + 1]
            rz = p[P_ROTOR_POS + 3 * (j % 4) + 2] + (p[P_TOP] if j >= 4 else -p[P_GEAR])
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
            if (j >= 4 or -pvz > p[P_CRASH_SPEED]) and (
                crash_kind == 0.0 or -pvz > impact
            ):  # the fastest crash contact of this step sets its speed and kind
                crash_kind, impact = GROUND, max(-pvz, 0.0)
    if nb + nc > 0:
        cyl_base = ENV_HEADER + BOX_SIZE * int(env[E_N_BOXES])
        k, c = 4.0 * p[P_STIFFNESS], 4.0 * p[P_DAMPING]
        mu, cs = p[P_FRICTION], 4.0 * p[P_SLIP_DAMPING]
        radius = p[P_RADIUS]
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
            if -vn > p[P_CRASH_SPEED] and (crash_kind == 0.0 or -vn > impact):
                crash_kind, impact = OBSTACLE, -vn
    # the force and moment rows (zero without contact)
    z[Z_CONTACT * LANES + i] = fwx
    z[(Z_CONTACT + 1) * LANES + i] = fwy
    z[(Z_CONTACT + 2) * LANES + i] = fwz
    z[(Z_CONTACT + 3) * LANES + i] = mx
    z[(Z_CONTACT + 4) * LANES + i] = my
    z[(Z_CONTACT + 5) * LANES + i] = mz
    # keep the worst impact so far and its kind (copied through unless a crash changes them);
    # a first crash is kept even at speed 0 (props touching the ground as the drone rolls over)
    if crash_kind > 0.0 and (_at(z, S_CRASH_KIND, i) == 0.0 or impact > _at(z, S_IMPACT, i)):
        z[(Z_STATE + S_CRASHED) * LANES + i] = 1.0
        z[(Z_STATE + S_IMPACT) * LANES + i] = impact
        z[(Z_STATE + S_CRASH_KIND) * LANES + i] = crash_kind
    elif crash_kind > 0.0:
        z[(Z_STATE + S_CRASHED) * LANES + i] = 1.0
    return contacts


@jit_vector
def _core(v: Vehicle, z: Array, lanes: int) -> None:
    """Stages 3-6 for lanes 0..lanes-1 of the scratch (a multiple of ``VECTOR``), in chunks of
    ``VECTOR`` lanes: a loop of constant trip count over a view, whose indices the compiler
    can see are never negative (a negative index would need a wrap-around select, which
    stops the vectoriser)."""
    for c in range(0, lanes, VECTOR):
        chunk = z[c:]
        for i in range(VECTOR):
            _lane(v, chunk, i)


@jit_inline
def _lane(v: Vehicle, z: Array, i: int) -> None:  # noqa: PLR0915
    """Stages 3-6 for lane ``i``: straight-line code, effects switched by factors 0 or 1.
    Reads every input before it writes the results over the same scratch rows."""
    px = z[(Z_STATE + S_POS) * LANES + i]
    py = z[(Z_STATE + S_POS + 1) * LANES + i]
    pz = z[(Z_STATE + S_POS + 2) * LANES + i]
    vx = z[(Z_STATE + S_VEL) * LANES + i]
    vy = z[(Z_STATE + S_VEL + 1) * LANES + i]
    vz = z[(Z_STATE + S_VEL + 2) * LANES + i]
    qw = z[(Z_STATE + S_QUAT) * LANES + i]
    qx = z[(Z_STATE + S_QUAT + 1) * LANES + i]
    qy = z[(Z_STATE + S_QUAT + 2) * LANES + i]
    qz = z[(Z_STATE + S_QUAT + 3) * LANES + i]
    wx = z[(Z_STATE + S_RATE) * LANES + i]
    wy = z[(Z_STATE + S_RATE + 1) * LANES + i]
    wz = z[(Z_STATE + S_RATE + 2) * LANES + i]
    o1 = z[(Z_STATE + S_ROTOR) * LANES + i]
    o2 = z[(Z_STATE + S_ROTOR + 1) * LANES + i]
    o3 = z[(Z_STATE + S_ROTOR + 2) * LANES + i]
    o4 = z[(Z_STATE + S_ROTOR + 3) * LANES + i]
    soc = z[(Z_STATE + S_SOC) * LANES + i]
    last_volt = z[(Z_STATE + S_VOLT) * LANES + i]
    k1 = z[(Z_STATE + S_THRUST_FACTOR) * LANES + i]
    k2 = z[(Z_STATE + S_THRUST_FACTOR + 1) * LANES + i]
    k3 = z[(Z_STATE + S_THRUST_FACTOR + 2) * LANES + i]
    k4 = z[(Z_STATE + S_THRUST_FACTOR + 3) * LANES + i]
    resistance = v.resistance * z[(Z_STATE + S_RESISTANCE_FACTOR) * LANES + i]
    kind = z[(Z_COMMAND + C_KIND) * LANES + i]
    dt = v.dt

    # rotation matrix body -> world
    r00, r01, r02, r10, r11, r12, r20, r21, r22 = rigid_body.rotation(qw, qx, qy, qz)

    # airspeed in the body frame: R^T (v - wind)
    ex = vx - z[(Z_STATE + S_WIND) * LANES + i]
    ey = vy - z[(Z_STATE + S_WIND + 1) * LANES + i]
    ez = vz - z[(Z_STATE + S_WIND + 2) * LANES + i]
    bx = r00 * ex + r10 * ey + r20 * ez
    by = r01 * ex + r11 * ey + r21 * ez
    bz = r02 * ex + r12 * ey + r22 * ez

    # ---- 3. battery ------------------------------------------------------------------------
    kq0, kq1, kq2 = v.kq0, v.kq1, v.kq2
    shaft = (
        k1 * rotors.polynomial(kq0, kq1, kq2, o1) * o1
        + k2 * rotors.polynomial(kq0, kq1, kq2, o2) * o2
        + k3 * rotors.polynomial(kq0, kq1, kq2, o3) * o3
        + k4 * rotors.polynomial(kq0, kq1, kq2, o4) * o4
    )
    on = v.battery
    ocv = v.cells * (on * battery.cell_voltage(soc) + (1.0 - on) * battery.CELL_FULL)
    # battery switched off: an ideal pack at full voltage, the current it would then draw
    volt = on * battery.terminal_voltage(ocv, resistance, v.avionics, shaft * v.inv_efficiency)
    volt += (1.0 - on) * ocv
    amps = shaft * v.inv_efficiency / volt + v.avionics
    z[(Z_STATE + S_SOC) * LANES + i] = fmax(soc - amps * v.drain, 0.0)
    z[(Z_STATE + S_VOLT) * LANES + i] = volt
    z[(Z_STATE + S_CURRENT) * LANES + i] = amps

    # ---- 4. rotor speeds -------------------------------------------------------------------
    # The speed limit follows the voltage the ESCs saw during the previous step (a 1 ms lag).
    w_max = v.kv * last_volt
    up, down = v.gain_up, v.gain_down
    target = rotors.target_map(kind, v.idle, w_max)
    w1 = rotors.lag(o1, rotors.target_speed(target, z[Z_COMMAND * LANES + i]), up, down)
    w2 = rotors.lag(o2, rotors.target_speed(target, z[(Z_COMMAND + 1) * LANES + i]), up, down)
    w3 = rotors.lag(o3, rotors.target_speed(target, z[(Z_COMMAND + 2) * LANES + i]), up, down)
    w4 = rotors.lag(o4, rotors.target_speed(target, z[(Z_COMMAND + 3) * LANES + i]), up, down)
    z[(Z_STATE + S_ROTOR) * LANES + i] = w1
    z[(Z_STATE + S_ROTOR + 1) * LANES + i] = w2
    z[(Z_STATE + S_ROTOR + 2) * LANES + i] = w3
    z[(Z_STATE + S_ROTOR + 3) * LANES + i] = w4

    # ---- 5. forces (body frame fb) and moments (body frame m) ------------------------------
    edgewise_sq = (bx * bx + by * by) * (v.inv_induced * v.inv_induced)
    loss = aero.vortex_ring_fraction(-bz * v.inv_induced, edgewise_sq)
    rotor = rotors.Rotors(
        v.kt0,
        v.kt1,
        v.kt2,
        kq0,
        kq1,
        kq2,
        v.rotor_radius,
        v.rotor_drag,
        1.0 - v.vrs_peak * loss,
        v.ground_effect,
    )
    body = rotors.Motion(pz, r20, r21, bx, by, wz)
    fbx, fby, fbz, mx, my, mz = rotors.wrench(
        rotor, body, v.arm_x, v.arm_y, rotors.Quad(w1, w2, w3, w4, k1, k2, k3, k4)
    )
    spin_sum = w2 + w3 - w1 - w4  # spins -1, +1, +1, -1
    spin_change = (w2 - o2) + (w3 - o3) - (w1 - o1) - (w4 - o4)
    h = v.rotor_momentum * spin_sum  # rotor angular momentum along body z
    mx -= wy * h
    my += wx * h
    mz -= v.rotor_reaction * spin_change
    fbx += aero.quadratic_drag(v.drag_x, bx)
    fby += aero.quadratic_drag(v.drag_y, by)
    fbz += aero.quadratic_drag(v.drag_z, bz)
    mx += z[(Z_CONTACT + 3) * LANES + i]
    my += z[(Z_CONTACT + 4) * LANES + i]
    mz += z[(Z_CONTACT + 5) * LANES + i]

    fwx = r00 * fbx + r01 * fby + r02 * fbz + z[Z_CONTACT * LANES + i]
    fwy = r10 * fbx + r11 * fby + r12 * fbz + z[(Z_CONTACT + 1) * LANES + i]
    fwz = r20 * fbx + r21 * fby + r22 * fbz + z[(Z_CONTACT + 2) * LANES + i] - v.weight

    # ---- 6. integrate (semi-implicit Euler) ------------------------------------------------
    step = v.inv_mass * dt
    vx += fwx * step
    vy += fwy * step
    vz += fwz * step
    # Euler's equation dL/dt = M - w x L, L = J w: the torque-free part as an exact rotation of
    # L about the mid-step rate (predictor: turned about the start rate), then the moments
    lx = v.j00 * wx + v.j01 * wy + v.j02 * wz
    ly = v.j10 * wx + v.j11 * wy + v.j12 * wz
    lz = v.j20 * wx + v.j21 * wy + v.j22 * wz
    plx, ply, plz = rigid_body.rotate_momentum(lx, ly, lz, wx, wy, wz, dt)
    hx, hy, hz = 0.5 * (lx + plx), 0.5 * (ly + ply), 0.5 * (lz + plz)
    hwx = v.i00 * hx + v.i01 * hy + v.i02 * hz
    hwy = v.i10 * hx + v.i11 * hy + v.i12 * hz
    hwz = v.i20 * hx + v.i21 * hy + v.i22 * hz
    lx, ly, lz = rigid_body.rotate_momentum(lx, ly, lz, hwx, hwy, hwz, dt)
    lx += mx * dt
    ly += my * dt
    lz += mz * dt
    wx = v.i00 * lx + v.i01 * ly + v.i02 * lz
    wy = v.i10 * lx + v.i11 * ly + v.i12 * lz
    wz = v.i20 * lx + v.i21 * ly + v.i22 * lz
    # q <- q * exp(omega dt / 2): exact for a rate constant over the step
    dw, sk = rigid_body.half_turn(wx, wy, wz, dt)
    dx, dy, dz = wx * sk, wy * sk, wz * sk
    nw = qw * dw - qx * dx - qy * dy - qz * dz
    nx = qw * dx + qx * dw + qy * dz - qz * dy
    ny = qw * dy - qx * dz + qy * dw + qz * dx
    nz = qw * dz + qx * dy - qy * dx + qz * dw
    norm = 1.0 / np.sqrt(nw * nw + nx * nx + ny * ny + nz * nz)
    z[(Z_STATE + S_POS) * LANES + i] = px + vx * dt
    z[(Z_STATE + S_POS + 1) * LANES + i] = py + vy * dt
    z[(Z_STATE + S_POS + 2) * LANES + i] = pz + vz * dt
    z[(Z_STATE + S_VEL) * LANES + i] = vx
    z[(Z_STATE + S_VEL + 1) * LANES + i] = vy
    z[(Z_STATE + S_VEL + 2) * LANES + i] = vz
    z[(Z_STATE + S_QUAT) * LANES + i] = nw * norm
    z[(Z_STATE + S_QUAT + 1) * LANES + i] = nx * norm
    z[(Z_STATE + S_QUAT + 2) * LANES + i] = ny * norm
    z[(Z_STATE + S_QUAT + 3) * LANES + i] = nz * norm
    z[(Z_STATE + S_RATE) * LANES + i] = wx
    z[(Z_STATE + S_RATE + 1) * LANES + i] = wy
    z[(Z_STATE + S_RATE + 2) * LANES + i] = wz
    z[(Z_STATE + S_TIME) * LANES + i] += dt
