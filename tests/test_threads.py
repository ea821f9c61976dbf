"""BLAS and OpenMP pinned to one thread, also for a library loaded after the context was entered."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_a_blas_loaded_inside_the_context_runs_one_thread():
    """scipy loads its own OpenBLAS lazily: the command line's context must cover it too."""
    code = (
        "import os\n"
        "for k in ('OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'BLIS_NUM_THREADS', 'OMP_NUM_THREADS'):\n"
        "    os.environ.pop(k, None)\n"
        "import numpy\n"
        "from threadpoolctl import threadpool_info\n"
        "from netclust._threads import deterministic_blas\n"
        "with deterministic_blas():\n"
        "    import scipy.linalg, scipy.sparse.linalg\n"
        "    inside = [i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas']\n"
        "print(len(inside), max(inside), os.environ.get('OPENBLAS_NUM_THREADS'))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    count, threads, after = out.stdout.split()
    assert int(count) >= 1 and threads == "1" and after == "None"


@pytest.mark.parametrize("before", [False, True])
def test_igraphs_openmp_runs_one_thread_whether_loaded_before_or_inside_the_context(before):
    """igraph bundles its own libgomp (PageRank's solver): two threads varied PageRank's last digits."""
    code = (
        "import os\n"
        "os.environ.pop('OMP_NUM_THREADS', None)\n"
        "from threadpoolctl import threadpool_info\n"
        f"if {before}: import igraph\n"
        "first = [i['num_threads'] for i in threadpool_info() if i['user_api'] == 'openmp'] or [1]\n"
        "from netclust._threads import deterministic_blas\n"
        "with deterministic_blas():\n"
        "    import igraph\n"
        "    inside = [i['num_threads'] for i in threadpool_info() if i['user_api'] == 'openmp']\n"
        "after = [i['num_threads'] for i in threadpool_info() if i['user_api'] == 'openmp']\n"
        "print(len(inside), max(inside), os.environ.get('OMP_NUM_THREADS'), min(after), min(first))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True)
    count, threads, variable, after, first = out.stdout.split()
    assert int(count) >= 1 and threads == "1" and variable == "None"
    # a library loaded inside keeps one thread; one loaded before gets its own count back
    assert after == first


def test_no_huge_pages_switches_numpy_advice_off_and_back_and_leaves_a_user_setting(monkeypatch):
    try:
        from numpy._core.multiarray import _get_madvise_hugepage, _set_madvise_hugepage
    except ImportError:  # numpy < 2
        from numpy.core.multiarray import _get_madvise_hugepage, _set_madvise_hugepage
    from netclust._memory import no_huge_pages

    before = _set_madvise_hugepage(True)
    try:
        monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE", raising=False)
        with no_huge_pages():
            assert _get_madvise_hugepage() is False
        assert _get_madvise_hugepage() is True
        monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")   # the user's choice wins
        with no_huge_pages():
            assert _get_madvise_hugepage() is True
    finally:
        _set_madvise_hugepage(before)
