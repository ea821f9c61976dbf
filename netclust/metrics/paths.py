"""Shortest-path centralities per layer: betweenness and harmonic closeness.

Exact below :data:`netclust.metrics._rank.EXACT_MAX` firms, seeded pivots above
(:func:`netclust.metrics._rank.pivots`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust.errors import InputError
from netclust.metrics._bfs import hop_sums, shared_hop_sums
from netclust.metrics._rank import EXACT_MAX, pivots
from netclust.metrics._views import per_layer, per_view
from netclust.metrics._measure import as_frame

__all__ = ["betweenness", "harmonic_closeness"]


_DISTANCES = (None, "inverse_weight", "weight")


def _edge_lengths_check(distance):
    if distance not in _DISTANCES:
        raise InputError(
            f"distance must be None (hop counts), 'inverse_weight' or 'weight', not {distance!r}"
        )


def _edge_lengths(graph, distance):
    """Edge lengths for shortest paths: hops (None), 1/weight or weight."""
    _edge_lengths_check(distance)
    if distance is None or graph.ecount() == 0:
        return None
    w = np.asarray(graph.es["weight"], dtype=float)
    return (1.0 / w if distance == "inverse_weight" else w).tolist()


def betweenness(
    net, *, layers=None, aggregate=True, samples=None, exact_max=EXACT_MAX,
    normalized=False, distance=None, seed=0,
) -> pd.DataFrame:
    """Shortest-path betweenness of each firm, per layer; exact or pivot-sampled.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    samples : int, optional
        Number of source pivots. ``None`` (default): exact when the network has at most
        ``exact_max`` firms, else :func:`~netclust.metrics._rank.default_samples` pivots
        (256 up to 100,000 firms, fewer above: 32 at 1,000,000). A value ``>= N``
        gives the exact result.
    exact_max : int, default 5,000
        Size limit for the automatic exact computation.
    normalized : bool, default False
        Divide by the number of ordered (directed layers) or unordered (undirected
        layers, aggregate) pairs of other firms: :math:`(N-1)(N-2)` or
        :math:`(N-1)(N-2)/2`, giving values in [0, 1].
    distance : {None, 'inverse_weight', 'weight'}, default None
        Path length: ``None`` counts hops (links are unweighted for paths);
        ``'inverse_weight'`` uses 1/weight (strong ties are short);
        ``'weight'`` uses the weight itself as a length (igraph's convention).
    seed : int, numpy.random.Generator or None, default 0
        Seed for the pivot sample (the same pivots are used in every layer).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``).
        ``df.attrs["samples"]`` is the number of pivots used (``None`` when exact) and
        ``df.attrs["exact"]`` says whether the values are exact.

    Raises
    ------
    InputError
        For a bad ``samples``/``distance`` value or an unknown layer.

    See Also
    --------
    harmonic_closeness, constraint

    Notes
    -----
    :math:`b_i = \\sum_{s \\ne i \\ne t} \\sigma_{st}(i) / \\sigma_{st}`, raw counts (not
    normalised unless asked). Directed layers count directed paths over ordered pairs;
    undirected layers and ``aggregate`` count each unordered pair once. Isolated firms: 0.

    Sampling (Brandes & Pich 2007): ``k`` sources are drawn uniformly without
    replacement; the dependencies accumulated from them are scaled by ``N/k``, an
    unbiased estimate of the exact value that converges to it as ``k -> N``.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       J. Math. Sociol. 25, 163-177.
    .. [2] Brandes, U., & Pich, C. (2007). Centrality estimation in large networks.
       Int. J. Bifurcation Chaos 17, 2303-2318.

    Examples
    --------
    >>> from netclust.metrics.centrality import betweenness
    >>> net = nc.datasets.toy()
    >>> b = betweenness(net)
    >>> b.attrs["exact"], bool((b >= 0).all().all())
    (True, True)
    """
    _edge_lengths_check(distance)
    n = net.n_firms
    sources, used = pivots(n, samples, exact_max, seed)
    scale = 1.0 if sources is None else n / used
    src_list = None if sources is None else sources.tolist()

    def func(graph, spec):
        lengths = _edge_lengths(graph, distance)
        if graph.ecount() == 0:
            return np.zeros(graph.vcount())
        if src_list is None:
            b = graph.betweenness(directed=graph.is_directed(), weights=lengths)
        else:
            b = graph.betweenness(directed=graph.is_directed(), weights=lengths, sources=src_list)
        b = np.asarray(b, dtype=float) * scale
        if normalized:
            pairs = (n - 1) * (n - 2) / (1.0 if graph.is_directed() else 2.0)
            b = b / pairs if pairs > 0 else np.zeros_like(b)
        return b

    df = as_frame(per_layer(net, func, layers=layers, aggregate=aggregate), "betweenness")
    df.attrs.update({"samples": used, "exact": sources is None})
    return df


def _min_symmetric(a):
    """Symmetric lengths: the shorter of the two directions of each linked pair."""
    coo, n = a.tocoo(), a.shape[0]
    rows, cols = np.r_[coo.row, coo.col], np.r_[coo.col, coo.row]
    vals = np.r_[coo.data, coo.data]
    key = rows.astype(np.int64) * n + cols
    order = np.lexsort((vals, key))
    key, vals = key[order], vals[order]
    first = np.r_[True, key[1:] != key[:-1]]
    return sp.csr_matrix((vals[first], (key[first] // n, key[first] % n)), shape=a.shape)


def _harmonic_sampled(view, sources, mode, distance, scale):
    """Sum over sampled sources of 1/d with scipy's C BFS/Dijkstra, scaled by N/k."""
    from scipy.sparse.csgraph import shortest_path

    graph = view.graph
    n = graph.vcount()
    a = view.matrix(weighted=distance is not None)
    if distance == "inverse_weight":
        a = sp.csr_matrix((1.0 / a.data, a.indices, a.indptr), shape=a.shape)
    if graph.is_directed() and mode == "out":
        a = a.T.tocsr()
    elif graph.is_directed() and mode == "all":
        a = _min_symmetric(a)
    if distance is None:  # on an undirected view the search closeness runs too (shared)
        search = hop_sums if graph.is_directed() else shared_hop_sums
        return search(a, np.asarray(sources))[2] * scale
    # the matrix is now oriented (or symmetric): scipy's directed search avoids the
    # costly symmetrisation it applies to directed=False
    total = np.zeros(n)
    for start in range(0, len(sources), 32):  # bounded memory: 32 x N distances at a time
        d = shortest_path(a, directed=True, indices=sources[start:start + 32])
        with np.errstate(divide="ignore"):
            inv = 1.0 / d
        inv[~np.isfinite(inv)] = 0.0  # unreachable (inf) and the source itself (0)
        total += inv.sum(axis=0)
    return total * scale


def harmonic_closeness(
    net, *, layers=None, aggregate=True, mode="in", distance=None, normalized=True,
    samples=None, exact_max=EXACT_MAX, seed=0,
) -> pd.DataFrame:
    """Harmonic closeness of each firm, per layer; exact or pivot-sampled.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    mode : {'in', 'out', 'all'}, default 'in'
        On directed layers: distances *from* the other firms to ``i`` ('in', networkx's
        convention: how easily goods or orders reach ``i``), *from* ``i`` ('out', igraph's
        default), or ignoring direction ('all'). Ignored on undirected layers. Note
        that :func:`netclust.metrics.structure.closeness` defaults to ``'all'`` (direction
        ignored), so on directed layers the two defaults use different paths.
    distance : {None, 'inverse_weight', 'weight'}, default None
        Path length: hops (default), 1/weight or weight.
    normalized : bool, default True
        Divide by ``N - 1`` (mean inverse distance, in [0, 1] with hop counts);
        ``False`` gives networkx's raw sum.
    samples : int, optional
        Number of pivot firms whose distances are summed. ``None`` (default): exact
        when the network has at most ``exact_max`` firms, else :data:`DEFAULT_SAMPLES`.
    exact_max : int, default 5,000
        Size limit for the automatic exact computation.
    seed : int, numpy.random.Generator or None, default 0
        Seed for the pivot sample (same pivots in every layer).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``);
        ``attrs["samples"]`` / ``attrs["exact"]`` as for :func:`betweenness`.

    Raises
    ------
    InputError
        For a bad ``mode``, ``distance`` or ``samples``, or an unknown layer.

    See Also
    --------
    betweenness

    Notes
    -----
    :math:`H_i = \\frac{1}{N-1} \\sum_{j \\ne i} 1/d(j, i)` with :math:`1/\\infty = 0`, so
    disconnected layers are fine and isolated firms score 0. ``N`` counts all firms,
    which makes values comparable across layers. Exact values come from igraph (all
    N breadth-first searches, O(N·L)); above ``exact_max`` firms ``k`` pivots ``j`` are
    drawn uniformly and :math:`\\frac{N}{k} \\sum_{j \\in S} 1/d(j, i)` (an unbiased
    estimate of the sum, Eppstein & Wang 2004) is computed by a breadth-first search
    from blocks of 64 pivots at once (sparse x dense products; scipy's Dijkstra for
    weighted lengths).

    References
    ----------
    .. [1] Marchiori, M., & Latora, V. (2000). Harmony in the small-world.
       Physica A 285, 539-546.
    .. [2] Boldi, P., & Vigna, S. (2014). Axioms for centrality. Internet Math. 10, 222-262.
    .. [3] Eppstein, D., & Wang, J. (2004). Fast approximation of centrality.
       J. Graph Algorithms Appl. 8, 39-45.

    Examples
    --------
    >>> from netclust.metrics.centrality import harmonic_closeness
    >>> net = nc.datasets.toy()
    >>> h = harmonic_closeness(net)
    >>> bool(((h >= 0) & (h <= 1)).all().all())
    True
    """
    if mode not in ("in", "out", "all"):
        raise InputError(f"mode must be 'in', 'out' or 'all', not {mode!r}")
    _edge_lengths_check(distance)
    n = net.n_firms
    sources, used = pivots(n, samples, exact_max, seed)

    def func(view):
        graph = view.graph
        if graph.ecount() == 0 or n < 2:
            return np.zeros(n)
        if sources is not None:
            h = _harmonic_sampled(view, sources, mode, distance, n / used)
            return h / (n - 1) if normalized else h
        return graph.harmonic_centrality(
            mode=mode if graph.is_directed() else "all",
            weights=_edge_lengths(graph, distance), normalized=normalized,
        )

    df = as_frame(per_view(net, func, layers=layers, aggregate=aggregate), "harmonic_closeness")
    df.attrs.update({"samples": used, "exact": sources is None})
    return df
