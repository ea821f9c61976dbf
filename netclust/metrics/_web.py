"""Bipartite incidence ("web") helpers shared by bipartite, nestedness, nullmodels, symbiosis.

A *web* is a rows × columns incidence matrix (e.g. SMEs × anchors) as validated
float64 CSR with no explicit zeros and sorted indices, plus its row and column
labels. Every public bipartite function accepts numpy arrays, DataFrames or scipy
sparse matrices and converts them once with :func:`as_web`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust.errors import InputError

__all__ = ["Web", "as_web", "argsort_int"]


class Web(NamedTuple):
    """A validated web: CSR weights (no explicit zeros) and the two label indexes."""

    matrix: sp.csr_matrix
    rows: pd.Index
    columns: pd.Index


def as_web(matrix, *, name: str = "matrix") -> Web:
    """Validate and convert an incidence matrix.

    Accepts numpy 2-D arrays, DataFrames and scipy sparse matrices; returns float64
    CSR with explicit zeros removed and sorted indices, plus row/column labels.
    """
    if isinstance(matrix, Web):
        return matrix
    rows = columns = None
    if isinstance(matrix, pd.DataFrame):
        rows, columns = matrix.index, matrix.columns
        try:
            values = matrix.to_numpy(dtype=float)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{name}: every cell must be numeric ({exc})") from None
        data = sp.csr_matrix(values)
    elif sp.issparse(matrix):
        if matrix.ndim != 2:
            raise InputError(f"{name} must be 2-dimensional, got shape {matrix.shape}")
        data = sp.csr_matrix(matrix, dtype=float)
    else:
        try:
            values = np.asarray(matrix, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{name}: every cell must be numeric ({exc})") from None
        if values.ndim != 2:
            raise InputError(f"{name} must be 2-dimensional, got shape {values.shape}")
        data = sp.csr_matrix(values)
    data = data.copy()
    if data.data.size and not np.all(np.isfinite(data.data)):
        raise InputError(f"{name} contains NaN or infinite cells; use 0 for 'no link'")
    if data.data.size and data.data.min() < 0:
        raise InputError(f"{name} contains negative cells; weights must be >= 0")
    data.eliminate_zeros()
    data.sort_indices()
    n_rows, n_cols = data.shape
    if rows is None:
        rows = pd.RangeIndex(n_rows)
    if columns is None:
        columns = pd.RangeIndex(n_cols)
    return Web(data, pd.Index(rows), pd.Index(columns))


def argsort_int(key: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative integer keys.

    Packs ``(key, position)`` into one int64 and sorts the values (numpy's SIMD
    sort is several times faster than ``argsort``); falls back to a stable
    ``argsort`` when the packed value would not fit in 63 bits.
    """
    n = key.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    shift = int(n - 1).bit_length()
    top = int(key.max())
    if int(key.min()) < 0 or top.bit_length() + shift > 62:
        return np.argsort(key, kind="stable")
    packed = (key.astype(np.int64) << shift) | np.arange(n, dtype=np.int64)
    packed.sort()
    return packed & ((1 << shift) - 1)
