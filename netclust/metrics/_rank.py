"""Firm scores and rankings shared by centrality, resilience and scenarios.

Conventions stated once here:

* **Ties** go to the earlier firm (lower code = earlier row of the firms table);
  scores are compared after scaling by the largest one and rounding to 10
  significant digits, so floating-point noise never decides an order.
* **Betweenness pivots**: exact up to :data:`EXACT_MAX` firms, above it
  :func:`default_samples` source pivots (:data:`DEFAULT_SAMPLES` up to
  :data:`PIVOT_WORK_MAX` firms, fewer above so the cost stops growing) drawn without
  replacement from the seeded generator (Brandes & Pich 2007); a sample ``>= N`` is exact.
* **Ordering scores** (:data:`ORDER_SCORES`) are computed on the undirected binary
  view of a layer (strength on its weighted undirected view): the scores that decide
  which firm a removal strategy or a scenario picks first.
"""

from __future__ import annotations

import numpy as np

from netclust._check import positive_int
from netclust._random import make_rng
from netclust.errors import InputError

__all__ = ["EXACT_MAX", "DEFAULT_SAMPLES", "PIVOT_WORK_MAX", "MIN_SAMPLES", "ORDER_SCORES",
           "default_samples", "ranked", "pivots",
           "sampled_betweenness", "undirected_pagerank", "order_scores"]

#: Largest number of firms for which betweenness and harmonic closeness are exact by
#: default. Above it, ``DEFAULT_SAMPLES`` source pivots are sampled (both exact
#: computations are O(N·L): igraph's exact betweenness takes about 75 s at 25,600
#: firms / 100k links).
EXACT_MAX = 5_000
#: Pivots used by betweenness and harmonic closeness above ``EXACT_MAX``.
DEFAULT_SAMPLES = 256
#: Above this many firms the default pivots shrink as ``DEFAULT_SAMPLES * PIVOT_WORK_MAX / N``
#: (at least ``MIN_SAMPLES``), so a sampled path measure costs about what it costs at this
#: size (the work is pivots x links): 85 pivots at 300,000 firms, 32 at 1,000,000.
PIVOT_WORK_MAX = 100_000
#: Fewest default pivots on very large networks.
MIN_SAMPLES = 32
#: Scores usable to order firms (``by=`` of the removal strategies, ``metric=`` of scenarios).
ORDER_SCORES = ("degree", "strength", "betweenness", "pagerank")


def ranked(scores, candidates=None) -> np.ndarray:
    """Candidates sorted by decreasing score, ties to the earlier firm.

    Parameters
    ----------
    scores : array of float
        One score per firm (code order).
    candidates : array of int, optional
        Firm codes to rank (default: all, in code order). Ties keep the order given.

    Examples
    --------
    >>> from netclust.metrics._rank import ranked
    >>> ranked([1.0, 3.0, 3.0, 2.0]).tolist()
    [1, 2, 3, 0]
    """
    scores = np.asarray(scores, dtype=float)
    if candidates is None:
        candidates = np.arange(len(scores))
    candidates = np.asarray(candidates)
    s = scores[candidates]
    scale = np.max(np.abs(s)) if len(s) else 0.0
    if scale > 0:
        s = np.round(s / scale, 10)   # ties up to 10 significant digits
    return candidates[np.argsort(-s, kind="stable")]


def default_samples(n: int) -> int:
    """Default pivots of the sampled path measures for ``n`` firms (above ``EXACT_MAX``).

    :data:`DEFAULT_SAMPLES` up to :data:`PIVOT_WORK_MAX` firms, then
    ``DEFAULT_SAMPLES * PIVOT_WORK_MAX // n`` but at least :data:`MIN_SAMPLES`: the
    estimate's cost (pivots x links) stops growing with the network, its relative error
    grows as ``1 / sqrt(pivots)``. Pass ``samples=`` for more.

    Examples
    --------
    >>> from netclust.metrics._rank import default_samples
    >>> default_samples(25_600), default_samples(300_000), default_samples(1_000_000)
    (256, 85, 32)
    """
    if n <= PIVOT_WORK_MAX:
        return DEFAULT_SAMPLES
    return max(min(MIN_SAMPLES, DEFAULT_SAMPLES), DEFAULT_SAMPLES * PIVOT_WORK_MAX // int(n))


def pivots(n: int, samples, exact_max: int, seed):
    """Source pivots of a sampled path measure: ``(sorted codes or None, samples or None)``.

    ``None`` means exact (``samples`` is None and ``n <= exact_max``, or ``samples >= n``).

    Examples
    --------
    >>> from netclust.metrics._rank import pivots
    >>> pivots(10, None, 5_000, 0)
    (None, None)
    >>> len(pivots(10, 4, 5_000, 0)[0])
    4
    """
    if samples is None:
        if n <= exact_max:
            return None, None
        samples = default_samples(n)
    samples = positive_int(samples, "samples", allow_none=True)
    if samples >= n:
        return None, None
    rng = make_rng(seed)
    return np.sort(rng.choice(n, size=int(samples), replace=False)), int(samples)


def sampled_betweenness(graph, rng, samples=None) -> np.ndarray:
    """Undirected, unweighted betweenness with the pivot rule above (``rng`` draws pivots).

    Examples
    --------
    >>> import igraph as ig, numpy as np
    >>> from netclust.metrics._rank import sampled_betweenness
    >>> sampled_betweenness(ig.Graph.Star(4), np.random.default_rng(0)).tolist()
    [3.0, 0.0, 0.0, 0.0]
    """
    n = graph.vcount()
    if graph.ecount() == 0:
        return np.zeros(n)
    if samples is None and n <= EXACT_MAX:
        return np.asarray(graph.betweenness(directed=False), dtype=float)
    k = default_samples(n) if samples is None else int(samples)
    if k >= n:
        return np.asarray(graph.betweenness(directed=False), dtype=float)
    chosen = np.sort(rng.choice(n, size=k, replace=False)).tolist()
    return np.asarray(graph.betweenness(directed=False, sources=chosen), dtype=float)


def undirected_pagerank(graph) -> np.ndarray:
    """Unweighted undirected PageRank (damping 0.85, igraph PRPACK).

    Examples
    --------
    >>> import igraph as ig
    >>> from netclust.metrics._rank import undirected_pagerank
    >>> float(undirected_pagerank(ig.Graph.Ring(4)).sum().round(6))
    1.0
    """
    if graph.vcount() == 0:
        return np.zeros(0)
    return np.asarray(graph.pagerank(damping=0.85, directed=False, implementation="prpack"),
                      dtype=float)


def order_scores(view, by: str, rng, samples=None, graph=None) -> np.ndarray:
    """One of :data:`ORDER_SCORES` for every firm of an undirected :class:`LayerView`.

    Parameters
    ----------
    view : netclust.metrics._views.LayerView
        An undirected view (``LayerView.of(net, layer, directed=False)``).
    by : {'degree', 'strength', 'betweenness', 'pagerank'}
    rng : numpy.random.Generator
        Draws the betweenness pivots above :data:`EXACT_MAX`.
    samples : int, optional
        Betweenness pivots (default: the rule above).
    graph : igraph.Graph, optional
        An unweighted undirected graph of the same view (default: ``view.graph``).

    Examples
    --------
    >>> import netclust as nc, numpy as np
    >>> from netclust.metrics._views import LayerView
    >>> from netclust.metrics._rank import order_scores
    >>> v = LayerView.of(nc.datasets.toy(), "procurement", directed=False)
    >>> order_scores(v, "degree", np.random.default_rng(0)).tolist()
    [2.0, 2.0, 2.0, 3.0, 1.0, 2.0, 0.0, 0.0, 0.0]
    """
    if by == "degree":
        return np.diff(view.matrix(weighted=False).indptr).astype(float)
    if by == "strength":
        return np.asarray(view.matrix(weighted=True).sum(axis=1)).ravel()
    graph = view.graph if graph is None else graph
    if by == "betweenness":
        return sampled_betweenness(graph, rng, samples)
    if by == "pagerank":
        return undirected_pagerank(graph)
    raise InputError(f"unknown score {by!r}; use one of {', '.join(ORDER_SCORES)}")
