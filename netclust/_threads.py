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
import os

from threadpoolctl import threadpool_limits

__all__ = ["deterministic_blas"]

#: Environment variables the BLAS libraries read when they are loaded.
_BLAS_ENV = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


@contextlib.contextmanager
def deterministic_blas():
    """Context in which BLAS libraries use one thread.

    Libraries already loaded are limited through ``threadpoolctl`` (restored
    afterwards). A BLAS loaded *inside* the context (scipy ships its own OpenBLAS,
    loaded with ``scipy.linalg`` or ``scipy.sparse.linalg`` after the command line has
    started) reads its thread count from the environment when it loads, so the
    context also sets ``OPENBLAS_NUM_THREADS`` (and MKL's, BLIS's) to 1 while it is
    entered; such a library keeps one thread afterwards. Before this, scipy's BLAS ran
    two threads under ``netclust`` commands, one of them spinning (4 % of the CPU time
    of ``metrics`` at 1,000,000 firms).

    Examples
    --------
    >>> from netclust._threads import deterministic_blas
    >>> with deterministic_blas():
    ...     pass
    """
    saved = {k: os.environ.get(k) for k in _BLAS_ENV}
    os.environ.update({k: "1" for k in _BLAS_ENV})
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
