"""How the compiled step goes through a batch: blocks of one airframe, SIMD transposes."""

from __future__ import annotations

import numpy as np
import pytest

from dronedojo.physics import (
    Environment,
    MotorCommand,
    Params,
    State,
    airframes,
    initial_state,
    step,
)
from dronedojo.physics import layout as L
from dronedojo.physics._jit import jit_vector
from dronedojo.physics.simd import transpose4

from .conftest import make_quad


@jit_vector
def _transpose(src, rows, dst, first):  # type: ignore[no-untyped-def]
    transpose4(
        src, rows[0], rows[1], rows[2], rows[3], dst, first, first + 8, first + 16, first + 24
    )


def test_transpose4_moves_a_4x4_block() -> None:
    src = np.arange(100, dtype=float)
    dst = np.zeros(40)
    _transpose(src, np.array([3, 50, 17, 90]), dst, 2)
    for k in range(4):  # column k of the block: the k-th value of each of the four rows
        np.testing.assert_array_equal(dst[2 + 8 * k : 6 + 8 * k], [3 + k, 50 + k, 17 + k, 90 + k])
    assert np.count_nonzero(dst) == 16


def test_the_plan_groups_drones_by_airframe_in_blocks() -> None:
    a, b = airframes.get("fpv-5inch"), airframes.get("crazyflie-2")
    order = [a if i % 3 else b for i in range(200)]  # 67 b, 133 a, interleaved
    params = Params.from_airframes(order)
    n = params.n
    rows, blocks = params.plan[:n], params.plan[n:].reshape(-1, 3)
    assert sorted(rows.tolist()) == list(range(n))
    assert params.table.shape == (2, L.PARAMS_SIZE)
    covered = []
    for first, count, kind in blocks:
        assert 0 < count <= L.LANES
        members = rows[first : first + count]
        np.testing.assert_array_equal(
            params.x[members], np.broadcast_to(params.table[kind], (count, L.PARAMS_SIZE))
        )
        covered += members.tolist()
    assert sorted(covered) == list(range(n))
    # equal airframes built separately share a row
    twice = Params.from_airframes([make_quad(), make_quad(), make_quad(mass=2.0)])
    assert twice.table.shape[0] == 2


@pytest.mark.parametrize("n", [1, 5, 130])
def test_batch_order_does_not_change_any_drone(n: int) -> None:
    """The same drones in another order (other blocks, other lanes, partial blocks padded)
    give bit for bit the same rows."""
    rng = np.random.default_rng(n)
    kinds = [make_quad(), make_quad(mass=0.7, arm_x=0.1), make_quad(cells=3)]
    chosen = [kinds[k] for k in rng.integers(0, 3, n)]
    params = Params.from_airframes(chosen)
    state = initial_state(
        params, position=np.column_stack([rng.uniform(-5, 5, (n, 2)), rng.uniform(0.05, 3, n)])
    )
    x = state.x.copy()
    x[:, L.S_VEL : L.S_VEL + 3] = rng.normal(0, 2, (n, 3))
    x[:, L.S_THRUST_FACTOR] = rng.uniform(0.5, 1.0, n)
    command = MotorCommand.esc(rng.uniform(0.2, 0.9, (n, 4)))
    env = Environment(wind=(2.0, 1.0, 0.0), turbulence="light", gust_rate=2.0, gust_speed=3.0)
    perm = rng.permutation(n)
    moved = Params.from_airframes([chosen[i] for i in perm])
    first, second = State(x), State(x[perm])
    moved_command = MotorCommand(command.x[perm])
    for k in range(30):  # the same uniforms per drone: drawn from equal generators, permuted
        first = step(params, first, command, env, 0.001, np.random.default_rng(k))
        permuted = _Permuted(np.random.default_rng(k), perm)
        second = step(moved, second, moved_command, env, 0.001, permuted)  # type: ignore[arg-type]
    np.testing.assert_array_equal(second.x, first.x[perm])


class _Permuted:
    """A Generator stand-in that hands out the rows of another's draw in a permuted order."""

    def __init__(self, rng: np.random.Generator, perm: np.ndarray) -> None:
        self.rng, self.perm = rng, perm

    def random(self, shape: tuple[int, int]) -> np.ndarray:
        return self.rng.random(shape)[self.perm]


def test_every_airframe_is_the_quad_x_the_kernel_sums_over() -> None:
    """The compiled step writes the rotor sums out for hubs at (-a, -b, 0), (a, -b, 0),
    (-a, b, 0), (a, b, 0) with spins -1, +1, +1, -1 (rotors.wrench): every packed airframe
    must be that."""
    params = Params.from_airframes([airframes.get(name) for name in airframes.names()])
    for hubs, spin in zip(params.rotor_positions, params.spin, strict=True):
        a, b = hubs[1, 0], hubs[3, 1]
        assert a > 0 and b > 0
        np.testing.assert_array_equal(hubs, [[-a, -b, 0], [a, -b, 0], [-a, b, 0], [a, b, 0]])
        np.testing.assert_array_equal(spin, [-1, 1, 1, -1])


def test_a_drone_alone_matches_it_in_a_full_block() -> None:
    """One drone (a block of one, padded to four lanes) and the same drone among 69 others
    (a full block of 64 and a partial one): the same vector code, bit for bit."""
    rng = np.random.default_rng(9)
    quad = make_quad()
    params = Params.from_airframes([quad] * 70)
    x = initial_state(
        params, position=np.column_stack([rng.uniform(-5, 5, (70, 2)), rng.uniform(0.05, 2, 70)])
    ).x
    x[:, L.S_VEL : L.S_VEL + 3] = rng.normal(0, 2, (70, 3))
    x[:, L.S_ROTOR : L.S_ROTOR + 4] = rng.uniform(0, 1500, (70, 4))
    command = MotorCommand.esc(rng.uniform(0.2, 1.0, (70, 4)))
    env = Environment(wind=(3.0, 1.0, 0.0), turbulence="light", gust_rate=2.0, gust_speed=3.0)
    alone_params = Params.from_airframes([quad])
    for row in (0, 66):
        batch, alone = State(x), State(x[row : row + 1])
        alone_command = MotorCommand(command.x[row : row + 1])
        for k in range(100):
            batch = step(params, batch, command, env, 0.001, np.random.default_rng(k))
            draw = _Permuted(np.random.default_rng(k), np.array([row]))
            alone = step(alone_params, alone, alone_command, env, 0.001, _Rows(draw, 70))  # type: ignore[arg-type]
        np.testing.assert_array_equal(alone.x[0], batch.x[row])


class _Rows:
    """Draws ``n`` rows from ``inner`` whatever shape is asked for (the alone drone's row of
    the batch's draw)."""

    def __init__(self, inner: _Permuted, n: int) -> None:
        self.inner, self.n = inner, n

    def random(self, shape: tuple[int, int]) -> np.ndarray:
        return self.inner.random((self.n, shape[1]))
