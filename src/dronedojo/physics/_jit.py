"""The numba decorators every compiled physics function uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])

FAST_MATH = frozenset({"nsz", "arcp", "contract", "afn", "reassoc"})
"""LLVM fast-math flags: reassociation and fused multiply-add, but NaN and infinity keep their
IEEE meaning (the state uses NaN as a 'not started' marker). Results are deterministic on one
machine; they may differ in the last bits between processors."""


def jit(fn: F) -> F:
    """Compile ``fn`` in nopython mode, cached on disk.

    ``error_model="numpy"`` makes a division by zero give inf/nan instead of raising, which
    removes a branch from every division; inputs are validated before they reach a kernel.
    """
    return cast("F", numba.njit(cache=True, error_model="numpy", fastmath=set(FAST_MATH))(fn))


def jit_inline(fn: F) -> F:
    """As :func:`jit`, inlined into its caller by numba (for helpers that take arrays)."""
    compiled = numba.njit(
        cache=True, error_model="numpy", fastmath=set(FAST_MATH), inline="always"
    )(fn)
    return cast("F", compiled)


@jit_inline
def fmax(a: float, b: float) -> float:
    """max(a, b) as a plain select (the builtin is a call the vectoriser cannot see into)."""
    return a if a > b else b


@jit_inline
def fmin(a: float, b: float) -> float:
    """min(a, b) as a plain select."""
    return a if a < b else b


@jit_inline
def clip(x: float, lo: float, hi: float) -> float:
    """x limited to [lo, hi]."""
    return lo if x < lo else (hi if x > hi else x)


def jit_vector(fn: F) -> F:
    """As :func:`jit`, without reference counting (numba's private ``_nrt=False`` option):
    the function allocates nothing, and without the reference-count calls around its inlined
    helpers the loop vectoriser can turn its loop into SIMD code."""
    njit: Any = numba.njit  # ``_nrt`` is not in numba's type stubs
    return cast("F", njit(cache=True, error_model="numpy", fastmath=set(FAST_MATH), _nrt=False)(fn))


def entry_point(dispatcher: Any, *args: Any) -> Callable[..., None]:
    """Call a numba dispatcher with ``args`` (compiling it on first use) and return the
    compiled entry point for exactly these argument types.

    Calling the entry point skips the dispatcher's type checks of every argument on each
    call; the caller must always pass arguments of the same types.
    """
    dispatcher(*args)
    signature = tuple(dispatcher.typeof_pyval(a) for a in args)
    return cast("Callable[..., None]", dispatcher.overloads[signature].entry_point)
