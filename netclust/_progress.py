"""Progress reporting protocol shared by long-running library functions.

Library functions accept ``progress=None`` or a callable ``progress(done, total)``;
they never draw anything themselves. The CLI passes a callable that updates a
progress bar on stderr (:func:`netclust.cli._options.progress_bar`).
"""

from __future__ import annotations

from typing import Callable, Optional

__all__ = ["Progress", "report"]

Progress = Optional[Callable[[int, int], None]]


def report(progress: Progress, done: int, total: int) -> None:
    """Call ``progress(done, total)`` if a callback was given.

    Examples
    --------
    >>> from netclust._progress import report
    >>> seen = []
    >>> report(lambda d, t: seen.append((d, t)), 3, 10)
    >>> seen
    [(3, 10)]
    >>> report(None, 3, 10)
    """
    if progress is not None:
        progress(int(done), int(total))
