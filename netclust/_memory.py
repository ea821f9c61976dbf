"""Resident-memory limit (``netclust --max-memory``): a watchdog thread and the current step.

What is limited
    The resident set size (RSS) of this process: the RAM it actually uses, which is
    what a user means by "8GB". The address space (``ulimit -v``, RLIMIT_AS) is not
    limited: BLAS threads, Arrow's mimalloc arenas, DuckDB and igraph reserve far more
    address space than they touch (a 9-firm ``netclust info`` reserves 1.6 GB of
    address space for 0.18 GB resident), so an address-space limit stops runs that
    fit comfortably in RAM.
How it stops
    A daemon thread reads the RSS every ``interval`` seconds (``/proc/self/statm`` on
    Linux; elsewhere the peak RSS from :func:`resource.getrusage`, which only grows).
    When it exceeds the limit, the thread records the innermost step being computed
    (:func:`step`) and sends ``SIGUSR1`` to the main thread, whose handler raises
    :class:`MemoryError` (with ``netclust_step``) at the next Python bytecode: the
    command unwinds and the CLI prints its one-line message. Ctrl-C (SIGINT,
    :class:`KeyboardInterrupt`) is left alone. If the main thread is inside one long
    C call (igraph, DuckDB, numpy) it cannot raise; the thread then writes the same
    message to stderr itself and ends the process with status 1 (``os._exit``, no
    traceback) once the RSS grows past ``ceiling`` times the limit (or times the RSS
    seen when the limit was crossed, if higher) or ``grace`` seconds have passed.
Child processes
    Forked workers (``n_jobs``) are not counted: each has its own RSS.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

__all__ = ["resident_bytes", "step", "current_step", "Watchdog", "active_limit", "release", "keep_freed",
           "no_huge_pages"]

#: Names of the steps being computed, outermost first (the main thread's).
_STEPS: list = []
#: Watchdogs currently watching (normally none or one: ``netclust --max-memory``).
_WATCHING: list = []
_SIGNAL = getattr(signal, "SIGUSR1", None)


def resident_bytes() -> int | None:
    """Resident set size of this process in bytes (None where it cannot be read).

    Linux: the current RSS (``/proc/self/statm``). Other POSIX systems: the peak RSS
    so far (:func:`resource.getrusage`), which never decreases. Windows: None.

    Examples
    --------
    >>> from netclust._memory import resident_bytes
    >>> rss = resident_bytes()
    >>> rss is None or 2**20 < rss < 2**40
    True
    """
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) * (1 if sys.platform == "darwin" else 1024)   # bytes on macOS, KiB elsewhere


class step:
    """Context manager marking ``name`` as the step being computed (innermost wins).

    Examples
    --------
    >>> from netclust._memory import current_step, step
    >>> with step("reading"):
    ...     with step("communities"):
    ...         inner = current_step()
    ...     outer = current_step()
    >>> inner, outer, current_step()
    ('communities', 'reading', None)
    """

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        _STEPS.append(self.name)
        return self

    def __exit__(self, *exc):
        for i in range(len(_STEPS) - 1, -1, -1):   # the last one pushed under this name
            if _STEPS[i] == self.name:
                del _STEPS[i]
                break
        return False


def release() -> None:
    """Give memory freed by finished work back to the system (resident memory drops).

    Arrow's allocator (mimalloc) and glibc's ``malloc`` keep freed pages for reuse; after
    reading a million-firm network that is about 1 GB held for nothing (2.09 GB resident
    -> 1.03 GB after this call, benchmark machine). Called between the long steps of an
    analysis; it frees nothing that is in use and costs milliseconds. Elsewhere than
    glibc Linux only Arrow's part applies.

    Examples
    --------
    >>> from netclust._memory import release
    >>> release()
    """
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # noqa: BLE001 - best effort: an allocator without the call
        pass
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc (e.g. musl)
        return None


def keep_freed() -> None:
    """In a forked worker: reuse freed memory instead of handing it back to the kernel (glibc).

    glibc serves every block above 32 MB with fresh pages (``mmap``) and unmaps them when
    they are freed; a worker that makes and drops large temporary arrays (sparse matrix
    sums, conversions, results) then faults in and zeroes new pages again and again. At
    1,000,000 firms that was 64 s of system time (30 % of all CPU time) in the firm
    measures; with this call in the workers and :class:`no_huge_pages` it is 31 s, and
    the measures take 105 s instead of 132 s (benchmark machine; 123 s with
    :class:`no_huge_pages` alone). Freed blocks stay with the worker for reuse
    (``M_MMAP_MAX`` 0, no automatic trim); the worker ends with its map and the memory
    returns to the system then. Not used in the main process, whose peak would grow by
    the blocks it holds (0.6 GB at 1,000,000 firms). No-op where glibc is not the
    allocator.

    Examples
    --------
    >>> from netclust._memory import keep_freed
    >>> keep_freed()   # (in a doctest process: harmless, it only changes reuse)
    """
    libc = _glibc()
    if libc is not None:
        libc.mallopt(-4, 0)            # M_MMAP_MAX: no block served by its own mmap
        libc.mallopt(-1, 2**31 - 1)    # M_TRIM_THRESHOLD: no automatic trim


class no_huge_pages:
    """Context manager: numpy does not advise the kernel to back new arrays with huge pages.

    numpy 1.20+ marks every large array ``madvise(MADV_HUGEPAGE)``. Where the kernel
    then compacts memory to find 2 MB pages at the fault (``defrag`` ``madvise``, the
    usual setting), a process that makes and drops large arrays stalls in the kernel:
    gathering 6,000,000 links in key order took 4.1 s instead of 1.5 s (12 s of the
    18 s spent in the kernel), and the firm measures at 1,000,000 firms 132 s instead of
    123 s (benchmark machine). The command line enters it for each command; the
    setting (numpy's ``NUMPY_MADVISE_HUGEPAGE``) is restored on exit, and a value the
    user set in that environment variable is left alone. Forked workers inherit it.

    Examples
    --------
    >>> from netclust._memory import no_huge_pages
    >>> with no_huge_pages():
    ...     pass
    """

    def __enter__(self):
        self._previous = None
        if os.environ.get("NUMPY_MADVISE_HUGEPAGE") is None:
            try:
                from numpy._core.multiarray import _set_madvise_hugepage
            except ImportError:  # numpy < 2
                try:
                    from numpy.core.multiarray import _set_madvise_hugepage
                except ImportError:
                    return self
            self._set = _set_madvise_hugepage
            self._previous = _set_madvise_hugepage(False)
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            self._set(self._previous)
        return False


def current_step() -> str | None:
    """The innermost step being computed, or None.

    Examples
    --------
    >>> from netclust._memory import current_step
    >>> current_step() is None
    True
    """
    try:
        return _STEPS[-1]
    except IndexError:
        return None


def active_limit() -> int | None:
    """The resident-memory limit being watched (bytes), or None.

    Engines with their own memory setting (DuckDB) stay well below it, so that they
    spill to disk before the process is stopped.

    Examples
    --------
    >>> from netclust._memory import Watchdog, active_limit
    >>> with Watchdog(2**40, str):
    ...     inside = active_limit()
    >>> inside == 2**40 or inside is None, active_limit()  # None where RSS is unreadable
    (True, None)
    """
    return min(w.limit for w in _WATCHING) if _WATCHING else None


class Watchdog:
    """Stop this process cleanly when its resident memory exceeds ``limit`` bytes.

    Parameters
    ----------
    limit : int
        Resident-memory limit in bytes.
    message : callable
        ``message(step)``: the one line written to stderr by a hard stop (the command
        cannot unwind), e.g. ``"Error: out of memory in step metrics ..."``.
    base_step : str, optional
        The step named when no :func:`step` is active (the command name).
    interval : float
        Seconds between two readings of the RSS.
    grace : float
        Seconds the main thread has, after the limit was crossed, to unwind through
        the :class:`MemoryError` before the process is ended.
    ceiling : float
        End the process at once when the RSS grows past ``ceiling`` times the limit (or
        times the RSS when the limit was crossed, if higher): the main thread is stuck
        in C code that keeps allocating.

    Attributes
    ----------
    tripped : dict or None
        ``{"step", "rss", "seconds"}`` once the limit was crossed (``seconds``: since
        :meth:`start`), else None.

    Notes
    -----
    Start and stop it from the main thread (it installs a ``SIGUSR1`` handler there);
    started from another thread, or where the RSS cannot be read (Windows), it does
    nothing. Use it as a context manager, or call :meth:`start` and :meth:`stop`.

    Examples
    --------
    >>> from netclust._memory import Watchdog, step
    >>> with Watchdog(2**40, str) as dog, step("toy"):
    ...     total = sum(range(1000))
    >>> dog.tripped is None
    True
    """

    def __init__(self, limit: int, message, *, base_step: str | None = None,
                 interval: float = 0.1, grace: float = 3.0, ceiling: float = 1.15):
        self.limit, self.message, self.base_step = int(limit), message, base_step
        self.interval, self.grace, self.ceiling = interval, grace, ceiling
        self.tripped = None
        self._stop = threading.Event()
        self._thread = None
        self._previous, self._installed = None, False
        self._main = threading.main_thread()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self) -> Watchdog:
        """Install the signal handler and start the watching thread (once); return self."""
        if self._thread is not None or threading.current_thread() is not self._main \
                or resident_bytes() is None:
            return self
        if _SIGNAL is not None:
            self._previous = signal.signal(_SIGNAL, self._raise)
            self._installed = True
        self._t0 = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="netclust-memory", daemon=True)
        self._thread.start()
        _WATCHING.append(self)
        return self

    def stop(self) -> None:
        """Stop watching (idempotent); restore the previous ``SIGUSR1`` handler."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self._thread = None
        if self in _WATCHING:
            _WATCHING.remove(self)
        if self._installed and threading.current_thread() is self._main:
            signal.signal(_SIGNAL, self._previous if self._previous is not None else signal.SIG_DFL)
            self._installed = False

    def _raise(self, signum, frame):
        """SIGUSR1 handler (main thread): raise the MemoryError naming the step."""
        if self.tripped is None or self._stop.is_set():
            return
        exc = MemoryError(f"resident memory {self.tripped['rss'] / 2**20:.0f} MB exceeded "
                          f"the limit {self.limit / 2**20:.0f} MB")
        exc.netclust_step = self.tripped["step"]
        raise exc

    def _run(self) -> None:
        """The watching thread: wait for the limit, interrupt the main thread, then end
        the process if it does not unwind in time."""
        rss = 0
        while rss <= self.limit:
            if self._stop.wait(self.interval):
                return
            rss = resident_bytes() or 0
        self.tripped = {"step": current_step() or self.base_step, "rss": rss,
                        "seconds": round(time.monotonic() - self._t0, 2)}
        self._interrupt()
        deadline = time.monotonic() + self.grace
        hard = self.ceiling * max(self.limit, rss)
        while not self._stop.wait(self.interval):
            if (resident_bytes() or 0) > hard or time.monotonic() > deadline:
                self._exit()

    def _interrupt(self) -> None:
        """Make the main thread raise MemoryError at its next bytecode."""
        if self._installed:
            signal.pthread_kill(self._main.ident, _SIGNAL)

    def _exit(self) -> None:
        """End the process now: the message on stderr, status 1, no traceback."""
        if self._stop.is_set():
            return
        text = str(self.message(self.tripped["step"])).rstrip("\n") + "\n"
        os.write(2, text.encode("utf-8", "replace"))   # not sys.stderr: the main thread may hold it
        os._exit(1)
