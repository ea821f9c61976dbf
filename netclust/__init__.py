"""netclust: multilayer network analysis of industrial clusters.

Read firm and link tables into a :class:`MultilayerNetwork`, compute centrality,
community, resilience and ecological-symbiosis indicators, run what-if scenarios
and write offline HTML reports.

Examples
--------
>>> import netclust as nc
>>> net = nc.datasets.toy()
>>> net.n_firms, net.layer_names
(9, ['procurement', 'design_sharing', 'logistics'])
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

from netclust.errors import (InputError, NetclustError, SchemaError, UnknownFirmError,
                             ValidationError)
from netclust.schema import DEFAULT_LAYERS, LayerSpec

#: Public names and the module that defines them, imported on first use (PEP 562), so
#: ``import netclust`` and commands that need little (``netclust aggregate``, ``validate``)
#: do not pay for igraph, leidenalg and matplotlib.
_LAZY = {
    "read": "netclust.io.reader", "validate": "netclust.io.reader",
    "MultilayerNetwork": "netclust.model", "Analysis": "netclust.analysis",
    "centrality": "netclust.metrics.centrality", "communities": "netclust.metrics.community",
    "multiplex": "netclust.metrics.multiplex", "Dependency": "netclust.metrics.cascade",
    "cascade": "netclust.metrics.cascade", "systemic_importance": "netclust.metrics.cascade",
    "nodf": "netclust.metrics.nestedness", "report_html": "netclust.report",
    "network_map": "netclust.viz", "attack_tolerance": "netclust.metrics.resilience",
    "removal_curves": "netclust.metrics.resilience",
    "resilience_summary": "netclust.metrics.resilience",
    "robustness": "netclust.metrics.resilience", "channel_access": "netclust.metrics.channels",
    "export_channels": "netclust.metrics.channels", "recommend": "netclust.recommendation",
    "recommend_baselines": "netclust.recommendation", "evolve": "netclust.temporal",
    "read_periods": "netclust.temporal", "compare": "netclust.report.compare",
    "symbiosis": "netclust.metrics.symbiosis",
}


def __getattr__(name: str):
    """Import a public name (or a subpackage such as ``nc.metrics``) on first use."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module 'netclust' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def generate(firms: int = 25_600, *, seed=0, **kwargs) -> MultilayerNetwork:
    """Generate a synthetic Shiling-style cluster as a network.

    Parameters
    ----------
    firms : int, default 25,600
        Number of firms (the default is Shiling's 8,800 makers + 16,800 merchants).
    seed : int
        Same seed, same network.
    **kwargs
        Passed to :func:`netclust.generator.generate_tables`.

    Returns
    -------
    MultilayerNetwork

    Examples
    --------
    >>> import netclust as nc
    >>> nc.generate(firms=500, seed=1).n_firms
    500
    """
    from netclust.generator import generate_tables
    from netclust.io.reader import read

    t = generate_tables(firms, seed=seed, **kwargs)
    return read(firms=t.firms, links=t.links)


__all__ = [
    "__version__", "MultilayerNetwork", "LayerSpec", "DEFAULT_LAYERS", "read", "validate",
    "generate", "datasets", "NetclustError", "InputError", "SchemaError", "ValidationError",
    "UnknownFirmError", "symbiosis", "nodf", "scenario", "removal_curves", "resilience_summary",
    "robustness", "channel_access", "attack_tolerance", "cascade", "systemic_importance",
    "Dependency", "viz", "network_map", "report_html", "Analysis", "centrality", "communities",
    "multiplex", "export_channels", "recommend", "recommend_baselines", "evolve",
    "read_periods", "compare",
]
