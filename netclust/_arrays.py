"""Array helpers shared by the model and the metrics.

``numpy.unique`` of an integer array without ``return_*`` flags uses a hash table in
numpy 2.x, which is slow on wide integer keys such as ``row * n + col`` (about 12 s for
3 million keys, against 0.1 s by sorting). :func:`unique` gives the same result by
sorting.
"""

from __future__ import annotations

import numpy as np

__all__ = ["unique"]


def unique(values) -> np.ndarray:
    """Sorted distinct values of a 1-d array (``numpy.unique``), computed by sorting.

    Examples
    --------
    >>> from netclust._arrays import unique
    >>> unique([3, 1, 3, 2]).tolist()
    [1, 2, 3]
    """
    s = np.sort(np.asarray(values).ravel(), kind="stable")
    if len(s) < 2:
        return s
    return s[np.r_[True, s[1:] != s[:-1]]]
