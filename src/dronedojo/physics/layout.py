"""Field layout of the packed arrays the compiled step reads and writes.

The public API is frozen dataclasses with named, documented views (``State.position`` ...);
underneath, each is one contiguous float64 array, one row per drone, so that one call of the
compiled kernel steps N drones with a handful of arguments (the kernel transposes blocks of
drones into field-major scratch rows itself, see kernel.py). The numbers here are the only
place the layout is written; numba reads them as compile-time constants.

Numba's on-disk cache is keyed on the source file of each compiled function, not on the
constants it imports: after changing a number here, clear the caches
(``find src -name '*.nbi' -delete``) or the old layout stays compiled in.
"""

from __future__ import annotations

# --- State: one row per drone, shape (N, STATE_SIZE) ------------------------------------------
S_POS = 0  # position, world ENU, m (3)
S_VEL = 3  # velocity, world ENU, m/s (3)
S_QUAT = 6  # attitude quaternion w, x, y, z, body FLU -> world ENU (4)
S_RATE = 10  # angular velocity, body FLU, rad/s (3)
S_ROTOR = 13  # rotor speeds, motors 1-4 in Betaflight order, rad/s (4)
S_SOC = 17  # battery state of charge, 0-1
S_VOLT = 18  # battery terminal voltage during the last step, V
S_CURRENT = 19  # battery current during the last step, A
S_TIME = 20  # simulated time, s
S_TURB = 21  # Dryden turbulence along-wind, cross-wind, vertical, m/s (3); NaN = not started
S_GUST_T0 = 24  # start of the current or next discrete gust, s
S_GUST_LEN = 25  # duration of that gust, s
S_GUST_PEAK = 26  # peak gust velocity, world ENU, m/s (3)
S_WIND = 29  # total wind at the drone during the last step, world ENU, m/s (3)
S_CONTACTS = 32  # number of contact points touching the ground or an obstacle
S_CRASHED = 33  # 1 once the drone has crashed (sticky), else 0
S_IMPACT = 34  # approach speed of the worst crash so far, m/s
S_CRASH_KIND = 35  # kind of that crash: 0 none, 1 ground (hard landing or prop strike), 2 obstacle
S_THRUST_FACTOR = 36  # fraction of nominal thrust and drag torque per rotor, motors 1-4, 0-1 (4)
S_RESISTANCE_FACTOR = 40  # multiplier on the pack's internal resistance, 1 = healthy, > 0
STATE_SIZE = 41

# --- Params: one row per drone, shape (N, PARAMS_SIZE); the kernel reads them in blocks ------
P_MASS = 0  # kg
P_INERTIA = 1  # 3x3 row-major, body, kg m^2 (9)
P_INERTIA_INV = 10  # its inverse (9)
P_ROTOR_POS = 19  # hub positions r_i, body FLU, m (4 x 3)
P_SPIN = 31  # spin direction of each rotor about body +z: +1 CCW, -1 CW (4)
P_THRUST = 35  # thrust polynomial c0, c1, c2 (3)
P_TORQUE = 38  # drag-torque polynomial d0, d1, d2 (3)
P_ROTOR_INERTIA = 41  # kg m^2
P_TAU_UP = 42  # s
P_TAU_DOWN = 43  # s
P_KV = 44  # loaded speed constant, rad/s per V
P_IDLE = 45  # idle speed fraction
P_ROTOR_RADIUS = 46  # m
P_ROTOR_DRAG = 47  # N / ((rad/s) (m/s))
P_DRAG_AREA = 48  # Cd*A along body x, y, z, m^2 (3)
P_VRS_LOSS = 51  # peak thrust loss fraction in vortex ring state
P_HOVER_INDUCED = 52  # induced velocity at hover (momentum theory), m/s
P_CELLS = 53  # series cells
P_CAPACITY = 54  # A s (coulombs)
P_RESISTANCE = 55  # ohm
P_EFFICIENCY = 56  # battery power -> shaft power
P_AVIONICS = 57  # A
P_GEAR = 58  # feet below the rotor plane, m
P_TOP = 59  # top of the airframe above the rotor plane, m
P_STIFFNESS = 60  # ground contact stiffness per point, N/m
P_DAMPING = 61  # ground contact damping per point, N s/m
P_FRICTION = 62  # Coulomb friction coefficient
P_SLIP_DAMPING = 63  # viscous cap of friction per point, N s/m
P_CRASH_SPEED = 64  # m/s
P_RADIUS = 65  # bounding-sphere radius for obstacles, m
P_GAIN_UP = 66  # motor lag gain 1 - exp(-DEFAULT_DT / tau_up), precomputed for the default rate
P_GAIN_DOWN = 67  # the same for tau_down
PARAMS_SIZE = 68

DEFAULT_DT = 0.001  # s: the physics runs at 1 kHz unless a caller chooses otherwise
LANES = 64  # drones per block in the compiled step (see kernel.py)

# --- Environment: one shared vector, shape (ENV_HEADER + 8*boxes + 5*cylinders,) --------------
E_GRAVITY = 0  # m/s^2
E_AIR_DENSITY = 1  # kg/m^3
E_WIND = 2  # steady wind, world ENU, m/s (3)
E_TURB_W20 = 5  # Dryden wind speed at 20 ft setting the intensity, m/s
E_GUST_RATE = 6  # mean random gusts per second
E_GUST_SPEED = 7  # peak speed of a random gust, m/s
E_GUST_DURATION = 8  # mean duration of a random gust, s
E_FLAGS = 9  # first of the effect switches, 1.0 on / 0.0 off
EFFECTS = (
    "gravity",
    "motor_dynamics",
    "battery",
    "rotor_drag",
    "body_drag",
    "ground_effect",
    "vortex_ring",
    "gyroscopic",
    "wind",
    "turbulence",
    "gusts",
    "ground",
    "obstacles",
)
F_GRAVITY = E_FLAGS + 0
F_MOTOR_DYNAMICS = E_FLAGS + 1
F_BATTERY = E_FLAGS + 2
F_ROTOR_DRAG = E_FLAGS + 3
F_BODY_DRAG = E_FLAGS + 4
F_GROUND_EFFECT = E_FLAGS + 5
F_VORTEX_RING = E_FLAGS + 6
F_GYROSCOPIC = E_FLAGS + 7
F_WIND = E_FLAGS + 8
F_TURBULENCE = E_FLAGS + 9
F_GUSTS = E_FLAGS + 10
F_GROUND = E_FLAGS + 11
F_OBSTACLES = E_FLAGS + 12
E_N_BOXES = E_FLAGS + len(EFFECTS)
E_N_CYLINDERS = E_N_BOXES + 1
ENV_HEADER = E_N_CYLINDERS + 1
BOX_SIZE = 8  # centre x, y, z; half extents along its own x, y, z; cos(yaw), sin(yaw)
CYLINDER_SIZE = 5  # axis x, y; bottom z; top z; radius

# --- Command: one row per drone, shape (N, COMMAND_SIZE) ---------------------------------------
C_VALUE = 0  # four values, motors 1-4 (4)
C_KIND = 4  # what they mean, see CMD_*
CMD_STOPPED = 0  # motors unpowered (disarmed): rotors coast down
CMD_ESC = 1  # ESC command in [0, 1], idle floor applied
CMD_ROTOR_SPEED = 2  # rotor speed in rad/s, limited by the battery
COMMAND_SIZE = 5

# --- Noise drawn from the caller's Generator for one step: (N, NOISE_SIZE) uniforms in [0, 1) ---
NOISE_SIZE = 8  # 0-3 Box-Muller pairs for turbulence, 4-7 gust arrival, length, size, heading
