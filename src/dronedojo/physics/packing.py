"""Packing of the batch arrays the compiled step reads."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def packed_rows(x: ArrayLike, width: int, what: str) -> NDArray[np.float64]:
    """``x`` as an (N, width) writable C-contiguous float64 array (copied only if needed).

    The compiled step is called with one fixed set of argument types (see batch.py), so
    every packed array is normalised once, when its State or MotorCommand is built.
    """
    a = np.asarray(x)
    if a.ndim != 2 or a.shape[1] != width:
        raise ValueError(f"{what} must have shape (N, {width}), got {a.shape}")
    if a.flags.c_contiguous and a.flags.writeable and a.dtype == np.float64:
        return a
    return np.array(a, dtype=np.float64, order="C")
