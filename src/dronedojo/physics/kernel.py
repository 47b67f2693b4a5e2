"""The compiled step: all stages for N drones in one call.

Order within one step of length dt (semi-implicit Euler; the choice is argued in the README):

1. wind at the drone (steady + turbulence + gust), updated from this step's noise;
2. battery from the rotor speeds at the start of the step: terminal voltage, current, charge;
3. rotor speeds: command -> target (limited by the terminal voltage of the previous step, a
   1 ms lag that keeps the battery off the critical path) -> first-order lag;
4. forces and moments in the body frame from the new rotor speeds and the start-of-step
   pose and velocities: thrust (with ground effect and vortex-ring loss), rotor H-force, rotor
   drag torque, rotor gyroscopic and reaction torques, body drag; contact forces;
5. v += a dt; L = J omega turned exactly by the free tumble, plus M dt, omega = J^-1 L;
   then p += v dt and q <- q * exp(omega dt / 2), renormalised.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics import aero, battery, contact, rigid_body, rotors, wind
from dronedojo.physics._jit import jit
from dronedojo.physics.layout import (
    BOX_SIZE,
    C_KIND,
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
    S_ROTOR,
    S_SOC,
    S_TIME,
    S_TURB,
    S_VEL,
    S_VOLT,
    S_WIND,
)

Array = NDArray[np.float64]

GROUND = 1.0
OBSTACLE = 2.0


@jit
def step_batch(  # noqa: PLR0912, PLR0915 - one straight pass over each drone is the point
    params: Array, state: Array, command: Array, env: Array, noise: Array, dt: float, out: Array
) -> None:
    """Advance every row of ``state`` by ``dt`` seconds into ``out`` (same shape).

    ``noise`` is (N, NOISE_SIZE) uniforms in [0, 1) when the environment has random effects,
    otherwise it has zero rows and no random effect starts. The loop body is one straight
    pass; the stage modules supply scalar functions that the compiler inlines.
    """
    n = state.shape[0]
    if params.shape[0] != n or command.shape[0] != n or out.shape[0] != n:
        raise ValueError("params, state, command and out must have one row per drone")
    if not (dt > 0.0 and dt <= 0.004):
        raise ValueError("dt must be in (0, 0.004] s; the integrator is validated at 0.5-2 ms")
    random = noise.shape[0] == n
    rho = env[E_AIR_DENSITY]
    gravity = env[E_GRAVITY] if env[F_GRAVITY] > 0.5 else 0.0
    sx = sy = sz = 0.0
    if env[F_WIND] > 0.5:
        sx, sy, sz = env[E_WIND], env[E_WIND + 1], env[E_WIND + 2]
    hn = math.sqrt(sx * sx + sy * sy)
    cx, cy = (sx / hn, sy / hn) if hn > 1e-9 else (1.0, 0.0)  # along-wind direction
    w20 = env[E_TURB_W20]
    turbulence = random and env[F_TURBULENCE] > 0.5 and w20 > 0.0
    gusts = env[F_GUSTS] > 0.5
    battery_on = env[F_BATTERY] > 0.5
    motor_dynamics = env[F_MOTOR_DYNAMICS] > 0.5
    vortex_ring = env[F_VORTEX_RING] > 0.5
    ground_effect = env[F_GROUND_EFFECT] > 0.5
    rotor_drag = env[F_ROTOR_DRAG] > 0.5
    gyroscopic = env[F_GYROSCOPIC] > 0.5
    body_drag = env[F_BODY_DRAG] > 0.5
    ground = env[F_GROUND] > 0.5
    nb = int(env[E_N_BOXES]) if env[F_OBSTACLES] > 0.5 else 0
    nc = int(env[E_N_CYLINDERS]) if env[F_OBSTACLES] > 0.5 else 0
    cyl_base = ENV_HEADER + BOX_SIZE * int(env[E_N_BOXES])
    default_dt = dt == DEFAULT_DT

    for i in range(n):
        p = params[i]
        x = state[i]
        y = out[i]
        px, py, pz = x[S_POS], x[S_POS + 1], x[S_POS + 2]
        vx, vy, vz = x[S_VEL], x[S_VEL + 1], x[S_VEL + 2]
        qw, qx, qy, qz = x[S_QUAT], x[S_QUAT + 1], x[S_QUAT + 2], x[S_QUAT + 3]
        wx, wy, wz = x[S_RATE], x[S_RATE + 1], x[S_RATE + 2]
        t = x[S_TIME]
        inv_mass = 1.0 / p[P_MASS]

        # rotation matrix body -> world
        r00 = 1.0 - 2.0 * (qy * qy + qz * qz)
        r01 = 2.0 * (qx * qy - qw * qz)
        r02 = 2.0 * (qx * qz + qw * qy)
        r10 = 2.0 * (qx * qy + qw * qz)
        r11 = 1.0 - 2.0 * (qx * qx + qz * qz)
        r12 = 2.0 * (qy * qz - qw * qx)
        r20 = 2.0 * (qx * qz - qw * qy)
        r21 = 2.0 * (qy * qz + qw * qx)
        r22 = 1.0 - 2.0 * (qx * qx + qy * qy)

        # ---- 1. wind -----------------------------------------------------------------------
        ax_, ay_, az_ = sx, sy, sz
        tu, tv, tw = x[S_TURB], x[S_TURB + 1], x[S_TURB + 2]
        if turbulence:
            su, sw, lu, lw = wind.dryden_scales(pz, w20)
            n0, n1 = wind.box_muller(noise[i, 0], noise[i, 1])
            n2, _ = wind.box_muller(noise[i, 2], noise[i, 3])
            if math.isnan(tu):
                tu, tv, tw = su * n0, su * n1, sw * n2
            else:
                rvx, rvy, rvz = vx - sx, vy - sy, vz - sz
                speed = max(math.sqrt(rvx * rvx + rvy * rvy + rvz * rvz), 1.0)
                du = math.exp(-speed * dt / lu)
                dw = math.exp(-speed * dt / lw)
                tu = wind.gauss_markov(tu, du, su, n0)
                tv = wind.gauss_markov(tv, du, su, n1)
                tw = wind.gauss_markov(tw, dw, sw, n2)
            ax_ += tu * cx - tv * cy
            ay_ += tu * cy + tv * cx
            az_ += tw
        y[S_TURB], y[S_TURB + 1], y[S_TURB + 2] = tu, tv, tw
        g0, glen = x[S_GUST_T0], x[S_GUST_LEN]
        gx, gy, gz = x[S_GUST_PEAK], x[S_GUST_PEAK + 1], x[S_GUST_PEAK + 2]
        if gusts:
            if random and t >= g0 + glen and noise[i, 4] < env[E_GUST_RATE] * dt:
                g0 = t
                glen = env[E_GUST_DURATION] * (0.5 + noise[i, 5])
                mag = env[E_GUST_SPEED] * (0.5 + 0.5 * noise[i, 6])
                heading = 2.0 * math.pi * noise[i, 7]
                gx, gy, gz = mag * math.cos(heading), mag * math.sin(heading), 0.0
            f = wind.gust_shape(t, g0, glen)
            ax_ += f * gx
            ay_ += f * gy
            az_ += f * gz
        y[S_GUST_T0], y[S_GUST_LEN] = g0, glen
        y[S_GUST_PEAK], y[S_GUST_PEAK + 1], y[S_GUST_PEAK + 2] = gx, gy, gz
        y[S_WIND], y[S_WIND + 1], y[S_WIND + 2] = ax_, ay_, az_

        # airspeed in the body frame: R^T (v - wind)
        ex, ey, ez = vx - ax_, vy - ay_, vz - az_
        bx = r00 * ex + r10 * ey + r20 * ez
        by = r01 * ex + r11 * ey + r21 * ez
        bz = r02 * ex + r12 * ey + r22 * ez

        # ---- 2. battery --------------------------------------------------------------------
        kq0, kq1, kq2 = p[P_TORQUE], p[P_TORQUE + 1], p[P_TORQUE + 2]
        w1, w2, w3, w4 = x[S_ROTOR], x[S_ROTOR + 1], x[S_ROTOR + 2], x[S_ROTOR + 3]
        shaft = (
            rotors.polynomial(kq0, kq1, kq2, w1) * w1
            + rotors.polynomial(kq0, kq1, kq2, w2) * w2
            + rotors.polynomial(kq0, kq1, kq2, w3) * w3
            + rotors.polynomial(kq0, kq1, kq2, w4) * w4
        )
        soc = x[S_SOC]
        if battery_on:
            ocv = p[P_CELLS] * battery.cell_voltage(soc)
        else:
            ocv = p[P_CELLS] * battery.CELL_FULL
        volt, amps = battery.terminal(ocv, p[P_RESISTANCE], p[P_AVIONICS], shaft, p[P_EFFICIENCY])
        if battery_on:
            soc = max(soc - amps * dt / p[P_CAPACITY], 0.0)
        else:
            volt = ocv
        y[S_SOC], y[S_VOLT], y[S_CURRENT] = soc, volt, amps

        # ---- 3. rotor speeds ---------------------------------------------------------------
        # The speed limit follows the voltage the ESCs saw during the previous step (a 1 ms
        # lag), which keeps the battery off the critical path of the rotor and force chain.
        w_max = p[P_KV] * x[S_VOLT]
        kind = int(command[i, C_KIND])
        if not motor_dynamics:
            gain_up = gain_down = 1.0
        elif default_dt:
            gain_up, gain_down = p[P_GAIN_UP], p[P_GAIN_DOWN]
        else:
            gain_up = -math.expm1(-dt / p[P_TAU_UP])
            gain_down = -math.expm1(-dt / p[P_TAU_DOWN])

        # ---- 4. forces (body frame fb, world frame fw) and moments (body frame) -------------
        fbx = fby = fbz = 0.0
        mx = my = mz = 0.0
        thrust_scale = 1.0
        if vortex_ring:
            thrust_scale -= aero.vortex_ring_loss(
                -bz, math.sqrt(bx * bx + by * by), p[P_HOVER_INDUCED], p[P_VRS_LOSS]
            )
        kt0, kt1, kt2 = p[P_THRUST], p[P_THRUST + 1], p[P_THRUST + 2]
        radius = p[P_ROTOR_RADIUS]
        near_ground = ground_effect and pz < aero.GROUND_EFFECT_HEIGHT * radius + p[P_RADIUS]
        kd = p[P_ROTOR_DRAG]
        spin_sum = 0.0  # sum of s_j w_j
        spin_change = 0.0  # sum of s_j (w_j(t+dt) - w_j(t))
        for j in range(4):
            w_old = x[S_ROTOR + j]
            target = rotors.target_speed(kind, command[i, j], p[P_IDLE], w_max)
            w = rotors.lag(w_old, target, gain_up, gain_down)
            y[S_ROTOR + j] = w
            rx, ry = p[P_ROTOR_POS + 3 * j], p[P_ROTOR_POS + 3 * j + 1]
            rz = p[P_ROTOR_POS + 3 * j + 2]
            s = p[P_SPIN + j]
            thrust = rotors.polynomial(kt0, kt1, kt2, w) * thrust_scale
            if near_ground:
                thrust *= aero.ground_effect(pz + r20 * rx + r21 * ry + r22 * rz, radius)
            hx = hy = 0.0
            if rotor_drag:
                hx = -kd * w * (bx + wy * rz - wz * ry)
                hy = -kd * w * (by + wz * rx - wx * rz)
            fbx += hx
            fby += hy
            fbz += thrust
            mx += ry * thrust - rz * hy
            my += rz * hx - rx * thrust
            mz += rx * hy - ry * hx - s * rotors.polynomial(kq0, kq1, kq2, w)
            spin_sum += s * w
            spin_change += s * (w - w_old)
        if gyroscopic:
            h = p[P_ROTOR_INERTIA] * spin_sum  # rotor angular momentum along body z
            mx -= wy * h
            my += wx * h
            mz -= p[P_ROTOR_INERTIA] * spin_change / dt
        if body_drag:
            fbx += aero.quadratic_drag(rho, p[P_DRAG_AREA], bx)
            fby += aero.quadratic_drag(rho, p[P_DRAG_AREA + 1], by)
            fbz += aero.quadratic_drag(rho, p[P_DRAG_AREA + 2], bz)

        fwx = r00 * fbx + r01 * fby + r02 * fbz
        fwy = r10 * fbx + r11 * fby + r12 * fbz
        fwz = r20 * fbx + r21 * fby + r22 * fbz - gravity / inv_mass

        contacts = 0
        crash_kind = 0.0
        impact = 0.0
        if ground and pz < p[P_RADIUS] + p[P_GEAR] + p[P_TOP]:
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
                if j >= 4 or -pvz > p[P_CRASH_SPEED]:
                    crash_kind = GROUND
                    impact = max(impact, -pvz)
        if nb + nc > 0:
            k, c = 4.0 * p[P_STIFFNESS], 4.0 * p[P_DAMPING]
            mu, cs = p[P_FRICTION], 4.0 * p[P_SLIP_DAMPING]
            for j in range(nb + nc):
                if j < nb:
                    depth, nx, ny, nz = contact.box_penetration(
                        px, py, pz, p[P_RADIUS], env, ENV_HEADER + BOX_SIZE * j
                    )
                else:
                    depth, nx, ny, nz = contact.cylinder_penetration(
                        px, py, pz, p[P_RADIUS], env, cyl_base + CYLINDER_SIZE * (j - nb)
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
                if -vn > p[P_CRASH_SPEED]:
                    crash_kind = OBSTACLE
                    impact = max(impact, -vn)
        crashed = 1.0 if crash_kind > 0.0 else x[S_CRASHED]
        if impact <= x[S_IMPACT]:  # keep the worst impact so far and its kind
            impact, crash_kind = x[S_IMPACT], x[S_CRASH_KIND]

        # ---- 5. integrate (semi-implicit Euler) --------------------------------------------
        vx += fwx * inv_mass * dt
        vy += fwy * inv_mass * dt
        vz += fwz * inv_mass * dt
        # Euler's equation dL/dt = M - w x L, L = J w: the torque-free part as the exact
        # rotation of L, then the moments; w = J^-1 L
        lx = p[P_INERTIA] * wx + p[P_INERTIA + 1] * wy + p[P_INERTIA + 2] * wz
        ly = p[P_INERTIA + 3] * wx + p[P_INERTIA + 4] * wy + p[P_INERTIA + 5] * wz
        lz = p[P_INERTIA + 6] * wx + p[P_INERTIA + 7] * wy + p[P_INERTIA + 8] * wz
        # predictor: turn about the start rate; corrector: turn about the mid-step rate
        px_, py_, pz_ = rigid_body.rotate_momentum(lx, ly, lz, wx, wy, wz, dt)
        mlx, mly, mlz = 0.5 * (lx + px_), 0.5 * (ly + py_), 0.5 * (lz + pz_)
        ji = P_INERTIA_INV
        mwx = p[ji] * mlx + p[ji + 1] * mly + p[ji + 2] * mlz
        mwy = p[ji + 3] * mlx + p[ji + 4] * mly + p[ji + 5] * mlz
        mwz = p[ji + 6] * mlx + p[ji + 7] * mly + p[ji + 8] * mlz
        lx, ly, lz = rigid_body.rotate_momentum(lx, ly, lz, mwx, mwy, mwz, dt)
        lx += mx * dt
        ly += my * dt
        lz += mz * dt
        wx = p[ji] * lx + p[ji + 1] * ly + p[ji + 2] * lz
        wy = p[ji + 3] * lx + p[ji + 4] * ly + p[ji + 5] * lz
        wz = p[ji + 6] * lx + p[ji + 7] * ly + p[ji + 8] * lz
        y[S_POS], y[S_POS + 1], y[S_POS + 2] = px + vx * dt, py + vy * dt, pz + vz * dt
        y[S_VEL], y[S_VEL + 1], y[S_VEL + 2] = vx, vy, vz
        y[S_RATE], y[S_RATE + 1], y[S_RATE + 2] = wx, wy, wz
        # q <- q * exp(omega dt / 2): exact for a rate constant over the step
        dw, sk = rigid_body.half_turn(wx, wy, wz, dt)
        dx, dy, dz = wx * sk, wy * sk, wz * sk
        nw = qw * dw - qx * dx - qy * dy - qz * dz
        nx_ = qw * dx + qx * dw + qy * dz - qz * dy
        ny_ = qw * dy - qx * dz + qy * dw + qz * dx
        nz_ = qw * dz + qx * dy - qy * dx + qz * dw
        norm = 1.0 / math.sqrt(nw * nw + nx_ * nx_ + ny_ * ny_ + nz_ * nz_)
        y[S_QUAT], y[S_QUAT + 1] = nw * norm, nx_ * norm
        y[S_QUAT + 2], y[S_QUAT + 3] = ny_ * norm, nz_ * norm
        y[S_TIME] = t + dt
        y[S_CONTACTS] = contacts
        y[S_CRASHED], y[S_IMPACT], y[S_CRASH_KIND] = crashed, impact, crash_kind
