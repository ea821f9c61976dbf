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

:func:`centrality` assembles any set of these measures (and the multiplex ones
from :mod:`netclust.metrics.multiplex`) into one tidy table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._random import make_rng
from netclust._check import positive_int
from netclust.errors import InputError, NetclustError
from netclust.metrics._rank import DEFAULT_SAMPLES, EXACT_MAX, pivots
from netclust.metrics._views import per_layer, per_view

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

# EXACT_MAX and DEFAULT_SAMPLES (the betweenness pivot rule) are defined in _rank.

_DISTANCES = (None, "inverse_weight", "weight")


# ----------------------------------------------------------------------------
# helpers on one graph
# ----------------------------------------------------------------------------
def _weights(graph, weighted: bool):
    return graph.es["weight"] if (weighted and graph.ecount()) else None


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


def _component_leading(a, idx, kind, tol):
    """Leading eigenpair of one connected block of the symmetric operator (Perron vector)."""
    from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

    if kind == "sym":
        block = a[idx][:, idx]
        matvec = block.__matmul__
    elif kind == "hub":
        rows = a[idx]
        rows_t = rows.T.tocsr()
        matvec = lambda x: rows @ (rows_t @ x)
    else:
        cols = a[:, idx].tocsr()
        cols_t = cols.T.tocsr()
        matvec = lambda x: cols_t @ (cols @ x)
    m = len(idx)
    if m <= 64:
        dense = np.column_stack([matvec(col) for col in np.eye(m)])
        vals, vecs = np.linalg.eigh((dense + dense.T) / 2)
        return vals[-1], np.abs(vecs[:, -1])
    op = block if kind == "sym" else LinearOperator((m, m), matvec=matvec, dtype=float)
    try:
        vals, vecs = eigsh(op, k=1, which="LA", v0=np.full(m, 1.0 / np.sqrt(m)), tol=tol)
    except ArpackNoConvergence as exc:
        raise NetclustError(f"leading eigenvector did not converge (ARPACK: {exc}); "
                            "try tol=1e-8") from None
    return vals[0], np.abs(vecs[:, 0])


def _spectral_scores(a, kind, *, tol, rtol=1e-9):
    """Leading eigenvector of A (``kind='sym'``, A symmetric), A A^T ('hub') or A^T A
    ('authority'), scaled to max 1.

    The operator is block-diagonal over its connected components, and only the
    component(s) with the largest leading eigenvalue carry the leading eigenvector. Each
    candidate component (row-sum bound >= the best eigenvalue found) gets its Perron
    vector from ARPACK (dense ``eigh`` when small); components tied for the largest
    eigenvalue are combined as the projection of the uniform vector onto their span,
    which is what power iteration from the uniform vector converges to (networkx).
    The answer is therefore unique, and relabelling firms permutes it.
    """
    from scipy.sparse.csgraph import connected_components

    n = a.shape[0]
    out = np.zeros(n)
    if n == 0 or a.nnz == 0:
        return out
    ones = np.ones(n)
    if kind == "sym":
        _, lab = connected_components(a, directed=False)
        bound_rows = a @ ones
    else:
        both = sp.bmat([[None, a], [a.T, None]], format="csr")
        _, lab2 = connected_components(both, directed=False)
        lab = lab2[:n] if kind == "hub" else lab2[n:]
        bound_rows = a @ (a.T @ ones) if kind == "hub" else a.T @ (a @ ones)
    k = lab.max() + 1
    bound = np.zeros(k)
    np.maximum.at(bound, lab, bound_rows)  # max row sum >= spectral radius of the block
    order = np.argsort(lab, kind="stable")
    start = np.r_[0, np.cumsum(np.bincount(lab, minlength=k))]
    best, tied = 0.0, []
    for c in np.argsort(-bound, kind="stable"):
        if bound[c] <= 0 or bound[c] < best * (1 - rtol):
            break
        idx = order[start[c]:start[c + 1]]
        lam, vec = _component_leading(a, idx, kind, tol)
        if lam > best * (1 + rtol):
            best, tied = lam, [(idx, vec)]
        elif lam >= best * (1 - rtol):
            tied.append((idx, vec))
    for idx, vec in tied:
        vec = vec / np.linalg.norm(vec)
        out[idx] += vec.sum() * vec  # projection of the all-ones vector
    top = out.max()
    if top <= 0:
        return out
    out /= top
    out[out < 1e-12] = 0.0
    return np.minimum(out, 1.0)


def _nan_where(values, mask):
    out = np.asarray(values, dtype=float)
    out[mask] = np.nan
    return out


def _frame(df: pd.DataFrame, name: str) -> pd.DataFrame:
    df = df.astype(float)
    df.columns.name = name
    return df


# ----------------------------------------------------------------------------
# degree and strength
# ----------------------------------------------------------------------------
def _degree_func(mode, weighted):
    def func(graph, spec):
        m = mode if graph.is_directed() else "all"
        if weighted:
            return graph.strength(mode=m, weights=_weights(graph, True), loops=False)
        return graph.degree(mode=m, loops=False)

    return func


def in_degree(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Number of incoming links of each firm, per layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all, in ``net.layer_names`` order).
    aggregate : bool, default True
        Add the ``aggregate`` column (undirected union of the layers).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id`` (every firm), one float column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    out_degree, degree, in_strength

    Notes
    -----
    :math:`k_i^{in} = \\sum_j a_{ji}` on directed layers. On undirected layers and on
    ``aggregate`` (which is undirected) there is no direction, so
    ``in_degree == out_degree == degree`` there. Isolated firms: 0. Periods are summed.

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). Social Network Analysis. Cambridge
       University Press, ch. 4 (degree).

    Examples
    --------
    >>> from netclust.metrics.centrality import in_degree
    >>> net = nc.datasets.toy()
    >>> in_degree(net).loc[["A1", "S2", "L1"]]
    in_degree  procurement  design_sharing  logistics  aggregate
    firm_id
    A1                 2.0             0.0        0.0        3.0
    S2                 1.0             2.0        0.0        6.0
    L1                 0.0             0.0        4.0        4.0
    """
    return _frame(per_layer(net, _degree_func("in", False), layers=layers, aggregate=aggregate), "in_degree")


def out_degree(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Number of outgoing links of each firm, per layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one float column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    in_degree, degree

    Notes
    -----
    :math:`k_i^{out} = \\sum_j a_{ij}`. Undirected layers and ``aggregate``:
    equal to :func:`degree`. Isolated firms: 0.

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). Social Network Analysis. Cambridge
       University Press, ch. 4 (degree).

    Examples
    --------
    >>> from netclust.metrics.centrality import out_degree
    >>> net = nc.datasets.toy()
    >>> out_degree(net).loc[["A1", "S2", "L1"]]
    out_degree  procurement  design_sharing  logistics  aggregate
    firm_id
    A1                  0.0             0.0        1.0        3.0
    S2                  2.0             2.0        1.0        6.0
    L1                  0.0             0.0        0.0        4.0
    """
    return _frame(per_layer(net, _degree_func("out", False), layers=layers, aggregate=aggregate), "out_degree")


def degree(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Number of distinct partners of each firm, per layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one float column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    in_degree, out_degree, strength, netclust.metrics.multiplex.overlapping_degree

    Notes
    -----
    Degree is counted on each layer's *undirected view*: a firm linked to ``j`` in both
    directions has one partner, not two (so ``degree <= in_degree + out_degree``).
    On ``aggregate`` it is the number of distinct partners over all layers, and the sum
    of the layer columns is the multiplex overlapping degree. Isolated firms: 0.

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). Social Network Analysis. Cambridge
       University Press, ch. 4 (degree).

    Examples
    --------
    >>> from netclust.metrics.centrality import degree
    >>> net = nc.datasets.toy()
    >>> degree(net).loc[["A1", "S2", "T1"]]
    degree   procurement  design_sharing  logistics  aggregate
    firm_id
    A1               2.0             0.0        1.0        3.0
    S2               3.0             2.0        1.0        6.0
    T1               0.0             0.0        0.0        0.0
    """
    return _frame(
        per_layer(net, _degree_func("all", False), layers=layers, aggregate=aggregate, directed=False),
        "degree",
    )


def in_strength(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Total weight of incoming links of each firm, per layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one float column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    out_strength, strength, in_degree

    Notes
    -----
    :math:`s_i^{in} = \\sum_j w_{ji}` (weights summed over aggregated records and periods;
    1 per link on layers declared ``weighted=False``). Undirected layers and ``aggregate``:
    equal to :func:`strength`. Isolated firms: 0.

    References
    ----------
    .. [1] Barrat, A., Barthélemy, M., Pastor-Satorras, R., & Vespignani, A. (2004). The
       architecture of complex weighted networks. PNAS 101, 3747-3752 (strength).

    Examples
    --------
    >>> from netclust.metrics.centrality import in_strength
    >>> net = nc.datasets.toy()
    >>> in_strength(net).loc["A1"].tolist()
    [12.0, 0.0, 0.0, 17.0]
    """
    return _frame(per_layer(net, _degree_func("in", True), layers=layers, aggregate=aggregate), "in_strength")


def out_strength(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Total weight of outgoing links of each firm, per layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one float column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    in_strength, strength

    Notes
    -----
    :math:`s_i^{out} = \\sum_j w_{ij}`. Undirected layers and ``aggregate``: equal to
    :func:`strength`. Isolated firms: 0.

    References
    ----------
    .. [1] Barrat, A., Barthélemy, M., Pastor-Satorras, R., & Vespignani, A. (2004). The
       architecture of complex weighted networks. PNAS 101, 3747-3752 (strength).

    Examples
    --------
    >>> from netclust.metrics.centrality import out_strength
    >>> net = nc.datasets.toy()
    >>> out_strength(net).loc["A1"].tolist()
    [0.0, 0.0, 5.0, 17.0]
    """
    return _frame(per_layer(net, _degree_func("out", True), layers=layers, aggregate=aggregate), "out_strength")


def strength(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Total weight of all links of each firm, per layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one float column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    degree, in_strength, out_strength

    Notes
    -----
    :math:`s_i = s_i^{in} + s_i^{out}` on directed layers, :math:`\\sum_j w_{ij}` on
    undirected ones; on ``aggregate`` the sum over all layers. Isolated firms: 0.

    References
    ----------
    .. [1] Barrat, A., Barthélemy, M., Pastor-Satorras, R., & Vespignani, A. (2004). The
       architecture of complex weighted networks. PNAS 101, 3747-3752 (strength).

    Examples
    --------
    >>> from netclust.metrics.centrality import strength
    >>> net = nc.datasets.toy()
    >>> strength(net).loc["A1"].tolist()
    [12.0, 0.0, 5.0, 17.0]
    """
    return _frame(per_layer(net, _degree_func("all", True), layers=layers, aggregate=aggregate), "strength")


# ----------------------------------------------------------------------------
# PageRank
# ----------------------------------------------------------------------------
def pagerank(net, *, layers=None, aggregate=True, damping=0.85, weighted=True) -> pd.DataFrame:
    """PageRank of each firm, per layer (igraph's PRPACK solver).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    damping : float, default 0.85
        Probability of following a link (``1 - damping``: teleport to a uniformly
        random firm).
    weighted : bool, default True
        Use link weights as transition weights.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``); each column sums to 1.

    Raises
    ------
    InputError
        If ``damping`` is not in [0, 1) or a layer name is unknown.

    See Also
    --------
    netclust.metrics.multiplex.multiplex_pagerank

    Notes
    -----
    Stationary distribution of :math:`p_i = (1-d)/N + d \\sum_j p_j w_{ji}/s^{out}_j
    + d/N \\sum_{j: s^{out}_j = 0} p_j` with :math:`d` = ``damping``: directed layers follow
    link direction (a procurement link seller -> buyer passes score to the buyer), a
    dangling firm (no outgoing link, including isolated firms) teleports uniformly to
    all N firms. PRPACK solves the linear system directly, accurate to ~1e-12 (networkx's
    default tolerance leaves errors near 1e-4 on large graphs).

    References
    ----------
    .. [1] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual web
       search engine. Computer Networks and ISDN Systems 30, 107-117.

    Examples
    --------
    >>> from netclust.metrics.centrality import pagerank
    >>> net = nc.datasets.toy()
    >>> pr = pagerank(net)
    >>> pr.sum().round(6).tolist() == [1.0] * pr.shape[1]
    True
    """
    if not 0 <= damping < 1:
        raise InputError(f"damping must be in [0, 1), not {damping!r}")

    def func(graph, spec):
        return graph.pagerank(
            damping=damping, weights=_weights(graph, weighted), directed=graph.is_directed(),
            implementation="prpack",
        )

    return _frame(per_layer(net, func, layers=layers, aggregate=aggregate), "pagerank")


# ----------------------------------------------------------------------------
# betweenness
# ----------------------------------------------------------------------------
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
        ``exact_max`` firms, else :data:`DEFAULT_SAMPLES` (256) pivots. A value ``>= N``
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

    df = _frame(per_layer(net, func, layers=layers, aggregate=aggregate), "betweenness")
    df.attrs.update({"samples": used, "exact": sources is None})
    return df


# ----------------------------------------------------------------------------
# harmonic closeness
# ----------------------------------------------------------------------------
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


def _harmonic_hops(a, sources, chunk=64):
    """Sum of 1/hops from each source to every firm: breadth-first search from a block of
    sources at once, one sparse (active rows) x dense (sources) product per level.

    About 3x faster than scipy's per-source search here; memory N x ``chunk`` booleans.
    """
    n = a.shape[0]
    pattern = sp.csr_matrix((np.ones(a.nnz, np.float32), a.indices, a.indptr), shape=a.shape)
    total = np.zeros(n)
    for start in range(0, len(sources), chunk):
        block = sources[start:start + chunk]
        k = len(block)
        visited = np.zeros((n, k), dtype=bool)
        visited[block, np.arange(k)] = True
        active, frontier = block, np.eye(k, dtype=np.float32)
        level = 0
        while len(active):
            level += 1
            reached = (pattern[active].T @ frontier) > 0  # one step along the arcs
            reached &= ~visited
            rows = np.flatnonzero(reached.any(axis=1))
            if not len(rows):
                break
            new = reached[rows]
            visited[rows] |= new
            total[rows] += new.sum(axis=1) / level
            active, frontier = rows, new.astype(np.float32)
    return total


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
    if distance is None:
        return _harmonic_hops(a, np.asarray(sources)) * scale
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
        default), or ignoring direction ('all'). Ignored on undirected layers.
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

    df = _frame(per_view(net, func, layers=layers, aggregate=aggregate), "harmonic_closeness")
    df.attrs.update({"samples": used, "exact": sources is None})
    return df


# ----------------------------------------------------------------------------
# spectral: eigenvector, hub, authority
# ----------------------------------------------------------------------------
def eigenvector(net, *, layers=None, aggregate=True, weighted=True, tol=0.0) -> pd.DataFrame:
    """Eigenvector centrality of each firm, per layer (on each layer's undirected view).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    weighted : bool, default True
        Use link weights; ``False`` counts every link 1 (as on a layer declared
        unweighted), so a reciprocated pair of a directed layer weighs 2 in the
        undirected view.
    tol : float, default 0
        Relative accuracy of the eigenvalue for ARPACK (0: machine precision).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``), values in [0, 1]
        (the top firm of each layer has 1).

    Raises
    ------
    NetclustError
        If ARPACK does not converge.

    See Also
    --------
    hub, authority, pagerank

    Notes
    -----
    Leading eigenvector :math:`\\lambda x = A x` of the symmetric (undirected-view)
    adjacency, whose weight for a pair is the sum of both directions' weights (the
    mutual weight), scaled to max 1. Directed layers use their undirected view: on the
    near-acyclic supply chains of a cluster the directed version is zero almost
    everywhere; use :func:`hub` / :func:`authority` for direction. Computed per
    connected component with ARPACK (Lanczos), which makes it well defined on
    disconnected layers: firms outside the component(s) with the largest eigenvalue
    score 0, and components tied for it get the projection of the uniform vector (the
    limit of networkx's power iteration from the uniform vector), so equivalent firms
    score the same. Isolated firms: 0.

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures.
       Am. J. Sociol. 92, 1170-1182.

    Examples
    --------
    >>> from netclust.metrics.centrality import eigenvector
    >>> net = nc.datasets.toy()
    >>> e = eigenvector(net)
    >>> e.max().round(6).tolist() == [1.0] * e.shape[1]
    True
    """
    def func(view):
        return _spectral_scores(view.matrix(weighted), "sym", tol=tol)

    return _frame(per_view(net, func, layers=layers, aggregate=aggregate, directed=False), "eigenvector")


def _hits(kind, weighted, tol):
    def func(view):
        return _spectral_scores(view.matrix(weighted), kind, tol=tol)

    return func


def hub(net, *, layers=None, aggregate=True, weighted=True, tol=0.0) -> pd.DataFrame:
    """Kleinberg hub score of each firm, per layer (HITS).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    weighted : bool, default True
        Use link weights.
    tol : float, default 0
        Relative accuracy of the eigenvalue for ARPACK (0: machine precision).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``), in [0, 1], max 1.

    Raises
    ------
    NetclustError
        If ARPACK does not converge.

    See Also
    --------
    authority, eigenvector

    Notes
    -----
    Leading eigenvector of :math:`A A^T` (:math:`h \\propto A a`): a good hub points
    to good authorities. In procurement (seller -> buyer) hubs are suppliers of the
    important buyers. On undirected layers and ``aggregate`` :math:`A A^T = A^2`, so hub
    and authority coincide. Computed per component with ARPACK (unique answer on
    disconnected layers, see :func:`eigenvector`), scaled to max 1. Isolated firms: 0.

    References
    ----------
    .. [1] Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked environment.
       J. ACM 46, 604-632.

    Examples
    --------
    >>> from netclust.metrics.centrality import hub
    >>> net = nc.datasets.toy()
    >>> bool((hub(net) <= 1).all().all())
    True
    """
    return _frame(per_view(net, _hits("hub", weighted, tol), layers=layers, aggregate=aggregate), "hub")


def authority(net, *, layers=None, aggregate=True, weighted=True, tol=0.0) -> pd.DataFrame:
    """Kleinberg authority score of each firm, per layer (HITS).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    weighted : bool, default True
        Use link weights.
    tol : float, default 0
        Relative accuracy of the eigenvalue for ARPACK (0: machine precision).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``), in [0, 1], max 1.

    Raises
    ------
    NetclustError
        If ARPACK does not converge.

    See Also
    --------
    hub, eigenvector

    Notes
    -----
    Leading eigenvector of :math:`A^T A` (:math:`a \\propto A^T h`): a good authority is
    pointed to by good hubs (in procurement: buyers of the important suppliers).
    Computed per component with ARPACK (see :func:`eigenvector`), scaled to max 1.
    Isolated firms: 0.

    References
    ----------
    .. [1] Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked environment.
       J. ACM 46, 604-632.

    Examples
    --------
    >>> from netclust.metrics.centrality import authority
    >>> net = nc.datasets.toy()
    >>> bool((authority(net) >= 0).all().all())
    True
    """
    return _frame(
        per_view(net, _hits("authority", weighted, tol), layers=layers, aggregate=aggregate),
        "authority",
    )


# ----------------------------------------------------------------------------
# local structure: clustering, coreness, constraint, effective size
# ----------------------------------------------------------------------------
def clustering(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Local clustering coefficient of each firm, per layer (undirected view, unweighted).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``), values in [0, 1].

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    constraint, effective_size

    Notes
    -----
    :math:`C_i = 2 t_i / (k_i (k_i - 1))`, with :math:`t_i` the links among the
    :math:`k_i` partners of ``i`` in the layer's undirected view (Watts & Strogatz).
    Firms with fewer than two partners: 0 (networkx's convention).

    References
    ----------
    .. [1] Watts, D. J., & Strogatz, S. H. (1998). Collective dynamics of 'small-world'
       networks. Nature 393, 440-442.

    Examples
    --------
    >>> from netclust.metrics.centrality import clustering
    >>> net = nc.datasets.toy()
    >>> c = clustering(net)
    >>> bool(((c >= 0) & (c <= 1)).all().all())
    True
    """
    def func(graph, spec):
        return graph.transitivity_local_undirected(mode="zero")

    return _frame(per_layer(net, func, layers=layers, aggregate=aggregate, directed=False), "clustering")


def coreness(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """k-core number of each firm, per layer (undirected view).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    degree

    Notes
    -----
    The largest ``k`` such that the firm belongs to the k-core (maximal subgraph where
    every firm has at least ``k`` partners) of the layer's undirected view
    (Batagelj-Zaversnik, O(L)). Isolated firms: 0.

    References
    ----------
    .. [1] Seidman, S. B. (1983). Network structure and minimum degree. Social Networks
       5, 269-287.
    .. [2] Batagelj, V., & Zaversnik, M. (2003). An O(m) algorithm for cores
       decomposition of networks. arXiv:cs/0310049.

    Examples
    --------
    >>> from netclust.metrics.centrality import coreness
    >>> net = nc.datasets.toy()
    >>> bool((coreness(net) >= 0).all().all())
    True
    """
    def func(graph, spec):
        return graph.coreness(mode="all")

    return _frame(per_layer(net, func, layers=layers, aggregate=aggregate, directed=False), "coreness")


def constraint(net, *, layers=None, aggregate=True, weighted=True) -> pd.DataFrame:
    """Burt's constraint of each firm, per layer (igraph).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    weighted : bool, default True
        Use link weights for the tie proportions; ``False`` counts every link 1 (both
        directions of a reciprocated pair count).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``); NaN for firms
        without partners in the layer.

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    effective_size, betweenness

    Notes
    -----
    :math:`c_i = \\sum_{j \\in N(i)} (p_{ij} + \\sum_{q \\ne i,j} p_{iq} p_{qj})^2`, with
    :math:`p_{ij} = (w_{ij} + w_{ji}) / \\sum_k (w_{ik} + w_{ki})` (both directions of a
    directed layer count). Low constraint = a broker whose partners are not tied to
    each other (e.g. a trade agent linking small makers to distinct overseas channels).
    Undefined (NaN) for isolated firms.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition.
       Harvard University Press.

    Examples
    --------
    >>> from netclust.metrics.centrality import constraint
    >>> net = nc.datasets.toy()
    >>> c = constraint(net)
    >>> bool((c.dropna(how="all") > 0).any().any())
    True
    """
    def func(graph, spec):
        if graph.ecount() == 0:
            return np.full(graph.vcount(), np.nan)
        values = graph.constraint(weights=_weights(graph, weighted))
        isolated = np.asarray(graph.degree(loops=False)) == 0
        return _nan_where(values, isolated)

    return _frame(per_layer(net, func, layers=layers, aggregate=aggregate), "constraint")


def _effective_size(graph, a):
    """Burt's effective size from the undirected view ``graph`` and its symmetric matrix ``a``
    of mutual weights (only triangles add redundancy)."""
    n = graph.vcount()
    out = np.full(n, np.nan)
    if a.nnz == 0:
        return out
    deg = np.diff(a.indptr).astype(float)
    s = np.asarray(a.sum(axis=1)).ravel()
    top = a.max(axis=1).toarray().ravel()
    redundancy = np.zeros(n)
    tri = np.asarray(graph.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(tri):
        w_of = lambda x, y: np.asarray(a[x, y]).ravel()
        t0, t1, t2 = tri[:, 0], tri[:, 1], tri[:, 2]
        w01, w12, w02 = w_of(t0, t1), w_of(t1, t2), w_of(t0, t2)
        # ego u, alter v, third t: redundancy[u] += p_ut * m_vt, p_ut = z_ut/s_u, m_vt = z_vt/max_v
        for u, v, w_ut, w_vt in (
            (t0, t1, w02, w12), (t0, t2, w01, w12),
            (t1, t0, w12, w02), (t1, t2, w01, w02),
            (t2, t0, w12, w01), (t2, t1, w02, w01),
        ):
            np.add.at(redundancy, u, (w_ut / s[u]) * (w_vt / top[v]))
    has = deg > 0
    out[has] = deg[has] - redundancy[has]
    return out


def effective_size(net, *, layers=None, aggregate=True, weighted=True) -> pd.DataFrame:
    """Burt's effective size of each firm's network, per layer (vectorised over triangles).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compute (default: all).
    aggregate : bool, default True
        Add the ``aggregate`` column.
    weighted : bool, default True
        Use link weights (mutual weight of a pair = sum of both directions); ``False``
        counts every link 1, so a reciprocated pair of a directed layer has mutual
        weight 2 (as on a layer declared unweighted, and as networkx's ``weight=None``).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``); NaN for firms
        without partners in the layer.

    Raises
    ------
    InputError
        If a layer name is unknown.

    See Also
    --------
    constraint

    Notes
    -----
    :math:`E_i = \\sum_{j \\in N(i)} \\left(1 - \\sum_{q \\in N(i), q \\ne j} p_{iq} m_{jq}\\right)`
    with :math:`p_{iq} = z_{iq} / \\sum_k z_{ik}`, :math:`m_{jq} = z_{jq} / \\max_k z_{jk}`
    and :math:`z_{ij} = w_{ij} + w_{ji}` the mutual weight (networkx's general formula).
    With all mutual weights equal (unweighted undirected layers, and directed ones
    without reciprocated pairs) it reduces to Borgatti's :math:`k_i - 2 t_i / k_i`.
    Only triangles contribute to redundancy, so the sum runs over igraph's triangle
    list with numpy, with no loop over firms or links. Undefined (NaN) for isolated firms.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes. Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
       measures. Connections 20, 35-38.

    Examples
    --------
    >>> from netclust.metrics.centrality import degree, effective_size
    >>> net = nc.datasets.toy()
    >>> e = effective_size(net)
    >>> bool((e.fillna(0) <= degree(net)).all().all())
    True
    """
    def func(view):
        # unweighted: networkx's mutual weight a_ij + a_ji on a directed layer (2 if reciprocated)
        use_weights = weighted and view.weighted
        return _effective_size(view.graph, view.matrix(True) if use_weights else view.mutual())

    return _frame(
        per_view(net, func, layers=layers, aggregate=aggregate, directed=False), "effective_size"
    )


# ----------------------------------------------------------------------------
# assembled table
# ----------------------------------------------------------------------------
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

