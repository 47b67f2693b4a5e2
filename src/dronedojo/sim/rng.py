"""Per-drone random streams drawn inside compiled kernels: xoroshiro128++ and cheap normals.

Why not the session's ``numpy.random.Generator`` every step (DESIGN.md): the sensor pass
needs several normal deviates per drone at 1 kHz, and drawing them from a Generator (then
passing them in) costs more than the whole pass may. So each drone carries its own generator
state, seeded once from the caller's Generator when the sensor state is created
(:func:`seed_streams`). Determinism is kept: the same Generator seed gives the same streams,
hence the same readings; and a drone's stream depends only on its own two seed words (drone i
takes the Generator's draws 2i and 2i + 1), never on N or on its neighbours.

Generator: xoroshiro128++ (Blackman and Vigna, "Scrambled linear pseudorandom number
generators", ACM TOMS 2021; reference code at prng.di.unimi.it): 128 bits of state per drone,
period 2^128 - 1, passes BigCrush, and uses only 64-bit adds, xors, shifts and rotations, so a
loop over drones compiles to SIMD code on AVX2 (which has no 64-bit multiply: splitmix64 and
PCG would need one).

Normal deviates are sums of uniforms (Irwin-Hall of order 4), centred and scaled to exactly
mean 0 and variance 1; bell-shaped (a piecewise cubic), excess kurtosis -0.3, no tails:

- :func:`normal_quad`: four deviates from one 64-bit output, each the sum of four 4-bit
  nibbles: 61 levels 0.108 sigma apart, bounded at +-3.25 sigma. Used in every reading (IMU
  noise) and every 10 ms update. The steps are finer than the sensor's own: a 16-bit gyro at
  +-2000 deg/s has a least significant bit of 0.061 deg/s, 0.7 sigma of its 1 kHz noise.
- :func:`normal_pair`: two deviates from one output, each the sum of four bytes: 1021 levels
  0.0068 sigma apart, bounded at +-3.45 sigma. Used where draws are rare (GPS samples, the
  biases and starting errors drawn at creation).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from dronedojo.physics._jit import jit_inline

U64 = NDArray[np.uint64]

WORDS = 2
"""State words per drone."""

_4 = np.uint64(4)
_8 = np.uint64(8)
_11 = np.uint64(11)
_15 = np.uint64(15)
_16 = np.uint64(16)
_17 = np.uint64(17)
_21 = np.uint64(21)
_28 = np.uint64(28)
_32 = np.uint64(32)
_36 = np.uint64(36)
_47 = np.uint64(47)
_48 = np.uint64(48)
_49 = np.uint64(49)
_NIBBLES = np.uint64(0x0F0F0F0F0F0F0F0F)
_BYTES = np.uint64(0x00FF00FF00FF00FF)
_HALVES = np.uint64(0x0000FFFF0000FFFF)
_LOW16 = np.uint64(0xFFFF)
_LOW32 = np.uint64(0xFFFFFFFF)


def _unit(levels: int) -> tuple[float, float]:
    """Mean and 1/standard deviation of the sum of four uniform integers in [0, levels)."""
    return 4.0 * (levels - 1) / 2.0, 1.0 / math.sqrt(4.0 * (levels * levels - 1.0) / 12.0)


NIBBLE_MEAN, NIBBLE_SCALE = _unit(16)
BYTE_MEAN, BYTE_SCALE = _unit(256)


def excess_kurtosis(levels: int) -> float:
    """Excess kurtosis of a deviate summing four uniform integers in [0, levels) (for test
    tolerances): a discrete uniform's, -6 (m^2 + 1) / (5 (m^2 - 1)), over four."""
    m2 = float(levels * levels)
    return -6.0 * (m2 + 1.0) / (5.0 * (m2 - 1.0)) / 4.0


@jit_inline
def next_u64(s0: np.uint64, s1: np.uint64) -> tuple[np.uint64, np.uint64, np.uint64]:
    """One xoroshiro128++ step: (output, new s0, new s1)."""
    a = s0 + s1
    out = ((a << _17) | (a >> _47)) + s0
    s1 ^= s0
    s0 = ((s0 << _49) | (s0 >> _15)) ^ s1 ^ (s1 << _21)
    s1 = (s1 << _28) | (s1 >> _36)
    return out, s0, s1


@jit_inline
def normal_quad(r: np.uint64) -> tuple[float, float, float, float]:
    """Four unit-variance deviates from one output: sums of four nibbles each."""
    a = (r & _NIBBLES) + ((r >> _4) & _NIBBLES)  # eight byte lanes: sums of two nibbles
    b = (a & _BYTES) + ((a >> _8) & _BYTES)  # four 16-bit lanes: sums of four nibbles
    # < 2^6: through int32, which AVX2 converts to double in one instruction (int64 it cannot)
    n0 = (float(np.int32(b & _LOW16)) - NIBBLE_MEAN) * NIBBLE_SCALE
    n1 = (float(np.int32((b >> _16) & _LOW16)) - NIBBLE_MEAN) * NIBBLE_SCALE
    n2 = (float(np.int32((b >> _32) & _LOW16)) - NIBBLE_MEAN) * NIBBLE_SCALE
    n3 = (float(np.int32(b >> _48)) - NIBBLE_MEAN) * NIBBLE_SCALE
    return n0, n1, n2, n3


@jit_inline
def normal_pair(r: np.uint64) -> tuple[float, float]:
    """Two unit-variance deviates from one output: sums of four bytes each."""
    a = (r & _BYTES) + ((r >> _8) & _BYTES)  # four 16-bit lanes: sums of two bytes
    b = (a & _HALVES) + ((a >> _16) & _HALVES)  # two 32-bit lanes: sums of four bytes
    lo = (float(np.int32(b & _LOW32)) - BYTE_MEAN) * BYTE_SCALE
    hi = (float(np.int32(b >> _32)) - BYTE_MEAN) * BYTE_SCALE
    return lo, hi


@jit_inline
def uniform(r: np.uint64) -> float:
    """A uniform deviate in [0, 1) from the top 53 bits of one output."""
    return float(r >> _11) * (1.0 / 9007199254740992.0)


def seed_streams(rng: np.random.Generator, n: int) -> U64:
    """Generator states for ``n`` drones, field-major (WORDS, n) uint64, drawn from ``rng``.

    Drone i takes the Generator's draws 2i and 2i + 1, so its stream does not depend on n.
    An all-zero state (the one xoroshiro cannot leave; probability 2^-128) is replaced.
    """
    words = rng.integers(0, 2**64, size=(n, WORDS), dtype=np.uint64)
    dead = ~words.any(axis=1)
    words[dead, 0] = np.uint64(0x9E3779B97F4A7C15)
    return np.ascontiguousarray(words.T)
