"""Two things the compiled step needs that numba does not offer, written as LLVM IR: a SIMD
move the loop vectoriser does not find by itself, and a scratch array on the stack.

The compiled step keeps each drone's state in one row of a drone-major array (the public
layout) and computes on field-major scratch rows; moving four drones' values between the two
is a 4 x 4 transpose. Written as scalar loads and stores it costs one store per value; here it
is four vector loads, eight shuffles and four vector stores per 16 values.

:func:`transpose4` addresses the arrays by flat element offsets and does no bounds or
wrap-around checks: the caller guarantees that every 4-value run it names lies inside its
array. :func:`stack_array` gives a function a float64 scratch array that costs nothing to
make (``np.empty`` costs a heap allocation, about 70 ns, per call).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic
from numba.np import arrayobj

_VECTOR = ir.VectorType(ir.DoubleType(), 4)


def _pointer(context: Any, builder: Any, arraytype: Any, array: Any, offset: Any) -> Any:
    data = context.make_array(arraytype)(context, builder, array).data
    return builder.bitcast(builder.gep(data, [offset]), _VECTOR.as_pointer())


def _mask(*lanes: int) -> Any:
    return ir.Constant(ir.VectorType(ir.IntType(32), 4), list(lanes))


def _check(src: Any, dst: Any, *offsets: Any) -> None:
    for a in (src, dst):
        if not (isinstance(a, types.Array) and a.ndim == 1 and a.dtype == types.float64):
            raise TypeError("simd moves need 1-D float64 arrays")
    if not all(isinstance(o, types.Integer) for o in offsets):
        raise TypeError("simd offsets must be integers")


@intrinsic
def _transpose4(
    typingctx: Any,
    src: Any,
    s0: Any,
    s1: Any,
    s2: Any,
    s3: Any,
    dst: Any,
    d0: Any,
    d1: Any,
    d2: Any,
    d3: Any,
) -> Any:
    """``dst[d_k + l] = src[s_l + k]`` for k, l in 0..3: the 4 x 4 block whose rows start at
    ``src[s_0..s_3]`` stored as columns from ``dst[d_0..d_3]``."""
    _check(src, dst, s0, s1, s2, s3, d0, d1, d2, d3)
    signature = types.void(src, s0, s1, s2, s3, dst, d0, d1, d2, d3)

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        rows = [
            builder.load(_pointer(context, builder, sig.args[0], args[0], args[1 + k]), align=8)
            for k in range(4)
        ]
        # rows r_l = (a_l0, a_l1, a_l2, a_l3) -> columns c_k = (a_0k, a_1k, a_2k, a_3k)
        even01 = builder.shuffle_vector(rows[0], rows[1], _mask(0, 4, 2, 6))
        odd01 = builder.shuffle_vector(rows[0], rows[1], _mask(1, 5, 3, 7))
        even23 = builder.shuffle_vector(rows[2], rows[3], _mask(0, 4, 2, 6))
        odd23 = builder.shuffle_vector(rows[2], rows[3], _mask(1, 5, 3, 7))
        low, high = _mask(0, 1, 4, 5), _mask(2, 3, 6, 7)
        columns = (
            builder.shuffle_vector(even01, even23, low),
            builder.shuffle_vector(odd01, odd23, low),
            builder.shuffle_vector(even01, even23, high),
            builder.shuffle_vector(odd01, odd23, high),
        )
        for k in range(4):
            target = _pointer(context, builder, sig.args[5], args[5], args[6 + k])
            builder.store(columns[k], target, align=8)
        return context.get_dummy_value()

    return signature, codegen


def stack_array(size: int) -> Any:
    """A compiled-code function of no arguments returning a 1-D float64 array of ``size``
    uninitialised values in the calling function's stack frame (allocated once, on entry to
    that frame). The array must not outlive the function that makes it: use it for scratch
    only, never return or store it."""

    @intrinsic
    def make(typingctx: Any) -> Any:
        arraytype = types.Array(types.float64, 1, "C")

        def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
            with builder.goto_entry_block():
                data = builder.alloca(ir.DoubleType(), size=ir.Constant(ir.IntType(64), size))
            array = cast(Any, arrayobj).make_array(arraytype)(context, builder)
            intp = context.get_value_type(types.intp)
            cast(Any, arrayobj).populate_array(
                array,
                data=data,
                shape=[ir.Constant(intp, size)],
                strides=[ir.Constant(intp, 8)],
                itemsize=ir.Constant(intp, 8),
                meminfo=None,
            )
            return array._getvalue()

        return arraytype(), codegen

    return make


if TYPE_CHECKING:  # the signatures as compiled code calls them

    def transpose4(
        src: np.ndarray[Any, Any],
        s0: int,
        s1: int,
        s2: int,
        s3: int,
        dst: np.ndarray[Any, Any],
        d0: int,
        d1: int,
        d2: int,
        d3: int,
    ) -> None:
        """See the intrinsic above."""

else:
    transpose4 = _transpose4
