"""Contact stage: ground and static obstacles.

Ground (the plane z = 0): eight contact points per drone, a foot ``gear_height`` below each
rotor hub and a top point ``top_height`` above it. A point below the ground gets a
spring-damper normal force and Coulomb friction capped by viscous slip damping, so a resting
drone settles to a fixed point instead of chattering:

    F_n = max(k * depth - c * v_z, 0)
    F_t = -v_t * min(c_slip, mu * F_n / |v_t|)

Obstacles (boxes with a yaw, vertical cylinders; gates and posts are made of these): the drone
is a sphere of its bounding radius; penetration gives the same spring-damper and friction law
at the centre of mass, with four times the per-point constants.

A contact whose approach speed exceeds the airframe's crash speed is a crash; a top point
touching the ground (props or canopy on the ground) is a crash at any speed.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics._jit import jit_inline


@jit_inline
def normal_force(depth: float, approach: float, stiffness: float, damping: float) -> float:
    """Spring-damper normal force, N, never pulling; ``approach`` = speed into the surface."""
    f = stiffness * depth + damping * approach
    return f if f > 0.0 else 0.0


@jit_inline
def friction(
    vx: float, vy: float, vz: float, normal: float, mu: float, slip_damping: float
) -> tuple[float, float, float]:
    """Friction force opposing the tangential velocity (vx, vy, vz), N."""
    speed = math.sqrt(vx * vx + vy * vy + vz * vz)
    c = slip_damping
    if c * speed > mu * normal:
        c = mu * normal / speed
    return -c * vx, -c * vy, -c * vz


@jit_inline
def box_penetration(
    px: float, py: float, pz: float, radius: float, box: NDArray[np.float64], j: int
) -> tuple[float, float, float, float]:
    """Depth (m, > 0 when touching) and outward normal of a sphere against a box.

    The box is the 8 values of ``box`` from index ``j``: centre (world), half extents along
    its own axes, cos(yaw), sin(yaw).
    """
    dx = px - box[j]
    dy = py - box[j + 1]
    dz = pz - box[j + 2]
    hx = box[j + 3]
    hy = box[j + 4]
    hz = box[j + 5]
    c = box[j + 6]
    s = box[j + 7]
    lx = c * dx + s * dy
    ly = -s * dx + c * dy
    ex = lx - min(max(lx, -hx), hx)
    ey = ly - min(max(ly, -hy), hy)
    ez = dz - min(max(dz, -hz), hz)
    d2 = ex * ex + ey * ey + ez * ez
    if d2 >= radius * radius:
        return 0.0, 0.0, 0.0, 0.0
    if d2 > 0.0:
        d = math.sqrt(d2)
        nx, ny, nz = ex / d, ey / d, ez / d
        depth = radius - d
    else:  # centre inside: leave through the nearest face
        fx, fy, fz = hx - abs(lx), hy - abs(ly), hz - abs(dz)
        nx = ny = nz = 0.0
        if fx <= fy and fx <= fz:
            nx, depth = math.copysign(1.0, lx), radius + fx
        elif fy <= fz:
            ny, depth = math.copysign(1.0, ly), radius + fy
        else:
            nz, depth = math.copysign(1.0, dz), radius + fz
    return depth, c * nx - s * ny, s * nx + c * ny, nz


@jit_inline
def cylinder_penetration(
    px: float, py: float, pz: float, radius: float, cyl: NDArray[np.float64], j: int
) -> tuple[float, float, float, float]:
    """Depth and outward normal of a sphere against a vertical cylinder.

    The cylinder is the 5 values of ``cyl`` from index ``j``: axis x, y, bottom z, top z,
    radius.
    """
    dx = px - cyl[j]
    dy = py - cyl[j + 1]
    z0 = cyl[j + 2]
    z1 = cyl[j + 3]
    rc = cyl[j + 4]
    rho = math.sqrt(dx * dx + dy * dy)
    if rho > 0.0:
        ux, uy = dx / rho, dy / rho
    else:
        ux, uy = 1.0, 0.0
    er = rho - min(rho, rc)
    ez = pz - min(max(pz, z0), z1)
    d2 = er * er + ez * ez
    if d2 >= radius * radius:
        return 0.0, 0.0, 0.0, 0.0
    if d2 > 0.0:
        d = math.sqrt(d2)
        return radius - d, ux * er / d, uy * er / d, ez / d
    side, top, bottom = rc - rho, z1 - pz, pz - z0
    if side <= top and side <= bottom:
        return radius + side, ux, uy, 0.0
    if top <= bottom:
        return radius + top, 0.0, 0.0, 1.0
    return radius + bottom, 0.0, 0.0, -1.0
