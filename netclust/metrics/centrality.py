"""Single-layer centrality measures, lifted to every layer and the aggregate.

Every public measure is one pure function ``f(net, *, layers=None, aggregate=True, ...)``
returning a :class:`pandas.DataFrame` indexed by ``firm_id`` (all firms, in
``net.firms`` order) with one column per layer plus ``aggregate``. The lifting
over layers is done once, by :func:`netclust.metrics._views.per_layer`; the
functions here only say what to compute on one :class:`igraph.Graph`.

Conventions (DESIGN.md §12), repeated in each docstring:

- every firm is in every layer; isolated firms are kept (0, or NaN where the
  measure is undefined, as stated per measure); ``N`` counts all firms;
- directed layers keep direction for in/out degree and strength, PageRank,
  betweenness and harmonic closeness; the *undirected view* of a directed layer
  links two firms when either direction is present (its weight is the sum of
  both directions);
- ``aggregate`` is the undirected simple union of the layers, weight = sum of
  the weights over layers and directions.

The measures live in :mod:`netclust.metrics.degrees` (degree, strength),
:mod:`netclust.metrics.spectral` (PageRank, eigenvector, HITS),
:mod:`netclust.metrics.paths` (betweenness, harmonic closeness) and
:mod:`netclust.metrics.local` (clustering, coreness, Burt's measures); this module
re-exports them. :func:`centrality` assembles any set of these measures (and the multiplex ones
from :mod:`netclust.metrics.multiplex`) into one tidy table.
"""

from __future__ import annotations

import pandas as pd

from netclust.metrics._rank import DEFAULT_SAMPLES, EXACT_MAX
from netclust.metrics.degrees import (degree, in_degree, in_strength, out_degree, out_strength,
                                      strength)
from netclust.metrics.local import clustering, constraint, coreness, effective_size
from netclust.metrics.paths import betweenness, harmonic_closeness
from netclust.metrics.spectral import authority, eigenvector, hub, pagerank

__all__ = [
    "DEFAULT_SAMPLES",
    "EXACT_MAX",
    "authority",
    "betweenness",
    "centrality",
    "clustering",
    "constraint",
    "coreness",
    "degree",
    "effective_size",
    "eigenvector",
    "harmonic_closeness",
    "hub",
    "in_degree",
    "in_strength",
    "out_degree",
    "out_strength",
    "pagerank",
    "strength",
]


def centrality(
    net, metrics=None, *, layers=None, aggregate=True, multiplex=True, form="long",
    samples=None, seed=0, omega=1.0, progress=None,
) -> pd.DataFrame:
    """All (or some) firm measures in one table: per layer, aggregate and multiplex.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    metrics : list of str, optional
        Metric names (see Notes); default: every per-layer measure and, when
        ``multiplex`` is true, every multiplex measure.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Include the ``aggregate`` layer for per-layer measures.
    multiplex : bool, default True
        Include the multiplex measures when ``metrics`` is not given.
    form : {'long', 'wide'}, default 'long'
        ``'long'``: tidy table with columns ``firm_id, layer, metric, value``;
        ``'wide'``: index ``firm_id``, columns a (metric, layer) MultiIndex.
    samples : int, optional
        Betweenness pivots (see :func:`betweenness`).
    seed : int, numpy.random.Generator or None, default 0
        Seed for sampled betweenness.
    omega : float, default 1.0
        Inter-layer coupling for ``multiplex_pagerank`` and ``versatility``.
    progress : callable, optional
        ``progress(done, total)``, called after each metric.

    Returns
    -------
    pandas.DataFrame
        The tidy (or wide) table. ``attrs["betweenness_samples"]`` records the pivots
        used (``None``: exact).

    Raises
    ------
    InputError
        For an unknown metric or layer name.

    See Also
    --------
    netclust.metrics.tidy.layer_metrics, netclust.metrics.multiplex.multiplex

    Notes
    -----
    Metric names: ``in_degree, out_degree, degree, in_strength, out_strength, strength,
    pagerank, betweenness, harmonic_closeness, eigenvector, hub, authority, clustering,
    coreness, constraint, effective_size`` (``layer`` = a layer name or ``aggregate``);
    ``overlapping_degree, overlapping_strength, overlapping_degree_z,
    participation_coefficient, node_activity, versatility`` (per firm, ``layer`` =
    ``multiplex``); ``multiplex_pagerank`` (per firm-layer: ``layer`` = the layer of
    the node-layer). See each function for formula and conventions.

    References
    ----------
    .. [1] Wickham, H. (2014). Tidy data. J. Stat. Softw. 59(10) (the long table layout).
    See each measure's function for its own references.

    Examples
    --------
    >>> from netclust.metrics.centrality import centrality
    >>> net = nc.datasets.toy()
    >>> t = centrality(net, ["degree", "pagerank"])
    >>> list(t.columns)
    ['firm_id', 'layer', 'metric', 'value']
    >>> sorted(t["metric"].unique())
    ['degree', 'pagerank']
    """
    from netclust.metrics.tidy import assemble

    return assemble(
        net, metrics, layers=layers, aggregate=aggregate, multiplex=multiplex, form=form,
        samples=samples, seed=seed, omega=omega, progress=progress,
    )
