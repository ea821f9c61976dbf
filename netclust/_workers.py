"""Independent computations on several cores (forked worker processes).

:func:`parallel_map` runs tasks (the layers of one measure, the costly measures, the
report's scenarios) on a pool; :func:`background` runs one function beside the caller
(:meth:`netclust.analysis.Analysis.prefetch`: a step computed while others go on).

igraph's C core is not thread-safe and holds the GIL, so threads cannot run two
layers' betweenness at once; forked processes can. A forked worker sees the parent's
network, its igraph graphs and sparse matrices without copying them (copy-on-write
pages that are only read), computes one layer and sends back one array of ``N``
floats. The results are those of the serial loop, in the same order: each layer is
computed by the same code from the same data, so reruns stay byte-identical.

When
    Only above :data:`PARALLEL_MIN` firms (below it a fork costs more than it saves),
    with at least two tasks, where ``fork`` exists (Linux, macOS) and
    :func:`workers` is above 1. The cheapest task (by the ``cost`` the caller gives,
    e.g. a layer's links) runs first in this process, as a probe; the others go to
    the workers only when it took :data:`MIN_TASK_SECONDS` or more (a degree count is
    not worth a fork of a process holding a million-firm network), largest first so
    that the last task to finish is a small one (the aggregate, the largest view,
    does not start last and leave one core idle).
How many
    ``NETCLUST_WORKERS`` (environment), else the usable cores, at most
    :data:`MAX_WORKERS`. ``NETCLUST_WORKERS=1`` turns it off.
Memory
    Each worker adds its own working memory (for betweenness at 1,000,000 firms, a
    few arrays of ``N`` numbers); the shared network is not copied.
    ``netclust --max-memory`` watches the main process only.
Errors
    If any worker fails, the whole map is redone in this process, so the error a user
    sees is the ordinary one (with its message and type).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import Callable, Sequence

from netclust._memory import keep_freed, release

__all__ = ["workers", "parallel_map", "background", "Background", "PARALLEL_MIN", "MAX_WORKERS", "MIN_TASK_SECONDS"]

#: Networks with fewer firms run serially.
PARALLEL_MIN = 100_000
#: Upper bound on the worker count (the per-layer loops have 3-5 tasks).
MAX_WORKERS = 4
#: The first task runs here; the others go to workers only if it took this long.
MIN_TASK_SECONDS = 0.5

#: The task of the current map, inherited by the forked workers (never pickled).
_TASK: dict = {}


def workers() -> int:
    """Worker processes a parallel map may use (1: serial).

    Examples
    --------
    >>> import os
    >>> from netclust._workers import workers
    >>> os.environ["NETCLUST_WORKERS"] = "1"
    >>> workers()
    1
    >>> del os.environ["NETCLUST_WORKERS"]
    """
    text = os.environ.get("NETCLUST_WORKERS", "").strip()
    if text.isdigit() and int(text) >= 1:
        return min(int(text), MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _run(i: int):
    return i, _TASK["func"](_TASK["items"][i])


def _serial(func, items, order, out, on_result):
    for i in order:
        out[i] = func(items[i])
        if on_result is not None:
            on_result(i)
    return out


def _pooled(func, items, order, out, on_result, prepare):
    """The tasks ``order`` on forked workers, largest first; ``None`` when a worker failed."""
    rest = [items[i] for i in order]
    for x in rest if prepare is not None else ():
        prepare(x)
    _TASK.update(func=func, items=rest)
    release()  # what this process freed is not inherited by every worker
    try:
        with multiprocessing.get_context("fork").Pool(min(workers(), len(rest)), initializer=keep_freed) as pool:
            for j, result in pool.imap_unordered(_run, range(len(rest)), chunksize=1):
                out[order[j]] = result
                if on_result is not None:
                    on_result(order[j])
        return out
    except MemoryError:  # netclust --max-memory: the step is named by the caller
        raise
    except Exception:  # noqa: BLE001 - the caller redoes it serially: the user sees the ordinary error
        return None
    finally:
        _TASK.clear()


def parallel_map(func: Callable, items: Sequence, *, size: int,
                 prepare: Callable | None = None, cost: Sequence | None = None,
                 probe: bool = True, on_result: Callable | None = None) -> list:
    """``[func(x) for x in items]``, on forked workers when ``size`` is large.

    Parameters
    ----------
    func : callable
        Pure function of one item (closures and lambdas are fine: nothing is pickled
        but the results).
    items : sequence
        The tasks (e.g. layer views).
    size : int
        Problem size (firms), compared with :data:`PARALLEL_MIN`.
    prepare : callable, optional
        ``prepare(item)`` runs here on each item about to go to a worker, just before
        the fork: caches it fills (a view's graph and matrix) are then shared with the
        workers and kept for later work instead of being built and lost in a worker.
    cost : sequence of float, optional
        Relative cost of each task (default: equal). Only the order of the work
        depends on it: the cheapest task is the probe run here, the rest are sent to
        the workers largest first. Results are always in the order of ``items``.
    probe : bool, default True
        Run the cheapest task here first and fork only if it took
        :data:`MIN_TASK_SECONDS`; ``False`` (tasks known to be heavy) sends every task
        to the workers.
    on_result : callable, optional
        ``on_result(i)`` is called here as each task ``i`` finishes (progress).

    Returns
    -------
    list
        The results in the order of ``items``.

    Examples
    --------
    >>> from netclust._workers import parallel_map
    >>> parallel_map(lambda x: x * x, [1, 2, 3], size=10)
    [1, 4, 9]
    >>> parallel_map(lambda x: -x, [5, 6], size=10, cost=[2.0, 1.0])
    [-5, -6]
    """
    items = list(items)
    out = [None] * len(items)
    if size < PARALLEL_MIN or workers() < 2 or len(items) < 2 \
            or "fork" not in multiprocessing.get_all_start_methods() \
            or _TASK:  # never nested: a worker runs its task serially
        return _serial(func, items, range(len(items)), out, on_result)
    weights = [0.0] * len(items) if cost is None else [float(c) for c in cost]
    order = sorted(range(len(items)), key=lambda i: (-weights[i], i))  # largest first
    if probe:  # the cheapest task, here: a degree count is not worth a fork
        first = min(order, key=lambda i: (weights[i], i))
        order.remove(first)
        t0 = time.perf_counter()
        try:
            _TASK.update(func=func, items=())  # the probe's own maps stay serial
            out[first] = func(items[first])
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - the serial loop raises the first failing item's error
            return _serial(func, items, range(len(items)), out, None)
        finally:
            _TASK.clear()
        if on_result is not None:
            on_result(first)
        if time.perf_counter() - t0 < MIN_TASK_SECONDS:
            return _serial(func, items, order, out, on_result)
    done = _pooled(func, items, order, out, on_result, prepare)
    return done if done is not None else _serial(func, items, range(len(items)), out, None)


def _run_background(_=None):
    _TASK["background"] = True  # the task's own maps run serially in the worker
    return _BACKGROUND["func"]()


#: The function of the background task being started (inherited by the fork).
_BACKGROUND: dict = {}


class Background:
    """A function running in a forked worker; :meth:`result` waits for its value.

    Made by :func:`background`. If the worker fails (or was not started), the
    function runs here when the result is asked for, so the caller sees the
    ordinary value or error.
    """

    def __init__(self, func: Callable, pool=None, pending=None):
        self._func, self._pool, self._pending = func, pool, pending
        self._done = False
        self._value = None

    def result(self, fallback: Callable | None = None):
        """The function's value (``fallback()``, default the function, computed here if
        the worker could not give it). Asked again, the same value."""
        if self._done:
            return self._value
        pool, pending = self._pool, self._pending
        self._pool = self._pending = None
        here = fallback or self._func
        try:
            self._value = here() if pool is None else pending.get()
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - redo here: the user sees the ordinary error
            if pool is None:
                raise
            self._value = here()
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        self._done = True
        return self._value


def background(func: Callable, *, size: int) -> Background:
    """Start ``func()`` on a forked worker while this process goes on.

    Above :data:`PARALLEL_MIN` firms, with fork and more than one usable core;
    otherwise (and inside a worker) ``func`` runs when its result is asked for. The
    value is the one ``func()`` gives here (the worker sees this process's memory as
    it was at the start).

    Examples
    --------
    >>> from netclust._workers import background
    >>> background(lambda: 6 * 7, size=10).result()
    42
    """
    if size < PARALLEL_MIN or workers() < 2 or _TASK \
            or "fork" not in multiprocessing.get_all_start_methods():
        return Background(func)
    _BACKGROUND["func"] = func
    release()
    try:
        pool = multiprocessing.get_context("fork").Pool(1, initializer=keep_freed)
        pending = pool.apply_async(_run_background)
    finally:
        _BACKGROUND.clear()
    return Background(func, pool, pending)
