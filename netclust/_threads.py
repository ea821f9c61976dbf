"""Deterministic arithmetic: BLAS pinned to one thread while netclust computes.

Multithreaded BLAS (OpenBLAS) splits dot products differently from run to run, so the
last digits of iterative results (multiplex PageRank, spectral scores) can differ
between two runs with the same seed. netclust pins BLAS to one thread around its
computations (``threadpoolctl``, the well-kept library for this) so the same command
with the same seed writes the same bytes. The cost is nil here: the heavy work is
sparse (scipy) or in igraph's C core, which BLAS threads do not speed up.
"""

from __future__ import annotations

import contextlib

from threadpoolctl import threadpool_limits

__all__ = ["deterministic_blas"]


@contextlib.contextmanager
def deterministic_blas():
    """Context in which BLAS libraries use one thread (restored afterwards).

    Examples
    --------
    >>> from netclust._threads import deterministic_blas
    >>> with deterministic_blas():
    ...     pass
    """
    with threadpool_limits(limits=1, user_api="blas"):
        yield
