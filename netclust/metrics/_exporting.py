"""The exporting-firm mask with the metrics' fallback for networks without exporter data.

:func:`netclust.metrics.exporters.exporters` is the one definition of which firms
export; it refuses to guess when the firms table has no ``exporter`` column. The
older indicators (channel reach, the SME/anchor split of the resilience curves, the
cascade's default dependencies) keep their documented behaviour there: without
exporter data, every anchor counts as exporting / no exporter condition applies.
"""

from __future__ import annotations

import numpy as np

from netclust.metrics.exporters import known_exporters

__all__ = ["exporting_mask"]


def exporting_mask(net) -> np.ndarray | None:
    """Exporting firms (bool per firm, firm order) or None without exporter data.

    Examples
    --------
    >>> from netclust.metrics._exporting import exporting_mask
    >>> int(exporting_mask(nc.datasets.toy()).sum())
    3
    """
    found = known_exporters(net)
    return None if found is None else found.mask
