"""Deterministic arithmetic: BLAS and OpenMP pinned to one thread while netclust computes.

Multithreaded BLAS (OpenBLAS) splits dot products differently from run to run, and so
does OpenMP in igraph's C core (the wheel bundles its own ``libgomp``, used by
PageRank's PRPACK solver), so the last digits of iterative results (PageRank, multiplex
PageRank, spectral scores) can differ between two runs with the same seed: on
``data/shiling`` (3,000 firms) two runs of ``metrics`` differed by up to 1.7e-12 in
PageRank. netclust pins both to one thread around its computations (``threadpoolctl``,
the well-kept library for this) so the same command with the same seed writes the same
bytes. The cost is nil here: ``metrics data/shiling`` takes 4.0 s either way.
"""

from __future__ import annotations

import contextlib
import os

from threadpoolctl import threadpool_limits

__all__ = ["deterministic_blas"]

#: Environment variables the BLAS and OpenMP libraries read when they are loaded.
_BLAS_ENV = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "OMP_NUM_THREADS")


@contextlib.contextmanager
def deterministic_blas():
    """Context in which BLAS and OpenMP libraries use one thread.

    Libraries already loaded are limited through ``threadpoolctl`` (restored
    afterwards). A library loaded *inside* the context (scipy ships its own OpenBLAS,
    loaded with ``scipy.linalg`` or ``scipy.sparse.linalg`` after the command line has
    started; igraph's ``libgomp`` loads with ``import igraph``) reads its thread count
    from the environment when it loads, and ``threadpoolctl`` cannot see it yet, so the
    context also sets ``OPENBLAS_NUM_THREADS`` (and MKL's, BLIS's, and
    ``OMP_NUM_THREADS``) to 1 while it is entered; such a library keeps one thread
    afterwards. Both are needed: with only the limit, igraph imported by a command
    still ran two OpenMP threads; with only the variable, an igraph imported before
    the context would. Before this, scipy's BLAS ran
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
        with threadpool_limits(limits=1, user_api=None):
            yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
