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

__version__ = "0.1.0"

from netclust import datasets
from netclust.errors import (InputError, NetclustError, SchemaError, UnknownFirmError,
                             ValidationError)
from netclust.io.reader import read, validate
from netclust.schema import DEFAULT_LAYERS, LayerSpec
from netclust.model import MultilayerNetwork
from netclust import scenario, viz
from netclust.analysis import Analysis
from netclust.metrics.centrality import centrality
from netclust.metrics.community import communities
from netclust.metrics.multiplex import multiplex
from netclust.metrics.cascade import Dependency, cascade, systemic_importance
from netclust.metrics.nestedness import nodf
from netclust.report import report_html
from netclust.viz import network_map
from netclust.metrics.resilience import (attack_tolerance, removal_curves, resilience_summary,
                                         robustness)
from netclust.metrics.channels import channel_access, export_channels
from netclust.recommend import recommend, recommend_baselines
from netclust.temporal import evolve, read_periods
from netclust.report.compare import compare
from netclust.metrics.symbiosis import symbiosis


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
