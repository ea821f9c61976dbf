"""Single-layer centrality measures, lifted to every layer and the aggregate.

Every public measure is one pure function ``f(net, *, layers=None, aggregate=True, ...)``
returning a :class:`pandas.DataFrame` indexed by ``firm_id`` (all firms, in
``net.firms`` order) with one column per layer plus ``aggregate``. The lifting
over layers is done once, by :func:`netclust.metrics._layers.per_layer`; the
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
from netclust.errors import InputError, NetclustError
from netclust.metrics._layers import per_layer

__all__ = [
    "in_degree",
    "out_degree",
    "degree",
    "in_strength",
    "out_strength",
    "strength",
    "pagerank",
    "betweenness",
    "harmonic_closeness",
    "eigenvector",
    "hub",
    "authority",
    "clustering",
    "coreness",
    "constraint",
    "effective_size",
    "centrality",
    "EXACT_BETWEENNESS_MAX",
    "DEFAULT_SAMPLES",
]

#: Largest number of firms for which :func:`betweenness` is exact by default.
#: Above it, ``DEFAULT_SAMPLES`` source pivots are sampled (igraph's exact
#: Brandes algorithm is O(N·L): about 75 s at 25,600 firms / 100k links here).
EXACT_BETWEENNESS_MAX = 5_000
#: Pivots used by :func:`betweenness` when the network is above ``EXACT_BETWEENNESS_MAX``.
DEFAULT_SAMPLES = 256

_DISTANCES = (None, "inverse_weight", "weight")


# ----------------------------------------------------------------------------
# helpers on one graph
# ----------------------------------------------------------------------------
def _weights(graph, weighted: bool):
    return graph.es["weight"] if (weighted and graph.ecount()) else None


def _edge_lengths(graph, distance):
    """Edge lengths for shortest paths: hops (None), 1/weight or weight."""
    if distance not in _DISTANCES:
        raise InputError(
            f"distance must be None (hop counts), 'inverse_weight' or 'weight', not {distance!r}"
        )
    if distance is None or graph.ecount() == 0:
        return None
    w = np.asarray(graph.es["weight"], dtype=float)
    return (1.0 / w if distance == "inverse_weight" else w).tolist()


def _csr(graph, weighted=True) -> sp.csr_matrix:
    """Adjacency of an igraph graph as CSR (A[i, j] = weight of i -> j; symmetric if undirected)."""
    n = graph.vcount()
    if graph.ecount() == 0:
        return sp.csr_matrix((n, n))
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64)
    w = np.asarray(graph.es["weight"], dtype=float) if weighted else np.ones(len(edges))
    src, dst = edges[:, 0], edges[:, 1]
    if not graph.is_directed():
        src, dst, w = np.r_[src, dst], np.r_[dst, src], np.r_[w, w]
    return sp.csr_matrix((w, (src, dst)), shape=(n, n))


def _principal_vector(step, n, *, tol, max_iter, what):
    """Power iteration from the uniform vector; result scaled to max 1 (0 if all zero).

    Starting from the uniform vector makes the answer unique even when the
    leading eigenvalue is degenerate (several components): it is the projection of
    the uniform vector on the leading eigenspace, so relabelling firms only
    permutes the scores (as networkx's power iteration).
    """
    x = np.full(n, 1.0 / max(n, 1))
    for _ in range(max_iter):
        y = step(x)
        top = np.abs(y).max() if n else 0.0
        if top == 0:
            return np.zeros(n)
        y = y / top
        if np.abs(y - x).max() < tol:
            y[np.abs(y) < tol] = 0.0
            return y
        x = y
    raise NetclustError(
        f"{what} did not converge in {max_iter} power iterations (tolerance {tol}); "
        "pass a larger max_iter"
    )


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

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> nc.metrics.centrality.in_degree(net).iloc[:3]  # doctest: +SKIP
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

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> nc.metrics.centrality.out_degree(net).iloc[:3]  # doctest: +SKIP
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

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> nc.metrics.centrality.degree(net).iloc[:3]  # doctest: +SKIP
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

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> nc.metrics.centrality.in_strength(net).iloc[:3]  # doctest: +SKIP
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

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> nc.metrics.centrality.out_strength(net).iloc[:3]  # doctest: +SKIP
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

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> nc.metrics.centrality.strength(net).iloc[:3]  # doctest: +SKIP
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
    >>> net = nc.datasets.toy()
    >>> pr = nc.metrics.centrality.pagerank(net)
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
def _pivots(n, samples, exact_max, seed):
    """Return (sources or None, samples used or None)."""
    if samples is None:
        if n <= exact_max:
            return None, None
        samples = DEFAULT_SAMPLES
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise InputError(f"samples must be a positive integer or None, not {samples!r}")
    if samples >= n:
        return None, None
    rng = make_rng(seed)
    return np.sort(rng.choice(n, size=int(samples), replace=False)), int(samples)


def betweenness(
    net, *, layers=None, aggregate=True, samples=None, exact_max=EXACT_BETWEENNESS_MAX,
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
    >>> net = nc.datasets.toy()
    >>> b = nc.metrics.centrality.betweenness(net)
    >>> b.attrs["exact"], bool((b >= 0).all().all())
    (True, True)
    """
    n = net.n_firms
    sources, used = _pivots(n, samples, exact_max, seed)
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
def harmonic_closeness(
    net, *, layers=None, aggregate=True, mode="in", distance=None, normalized=True
) -> pd.DataFrame:
    """Harmonic closeness of each firm, per layer (igraph).

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

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``).

    Raises
    ------
    InputError
        For a bad ``mode``/``distance`` or an unknown layer.

    See Also
    --------
    betweenness

    Notes
    -----
    :math:`H_i = \\frac{1}{N-1} \\sum_{j \\ne i} 1/d(j, i)` with :math:`1/\\infty = 0`, so
    disconnected layers are fine and isolated firms score 0. ``N`` counts all firms,
    which makes values comparable across layers.

    References
    ----------
    .. [1] Marchiori, M., & Latora, V. (2000). Harmony in the small-world.
       Physica A 285, 539-546.
    .. [2] Boldi, P., & Vigna, S. (2014). Axioms for centrality. Internet Math. 10, 222-262.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> h = nc.metrics.centrality.harmonic_closeness(net)
    >>> bool(((h >= 0) & (h <= 1)).all().all())
    True
    """
    if mode not in ("in", "out", "all"):
        raise InputError(f"mode must be 'in', 'out' or 'all', not {mode!r}")

    def func(graph, spec):
        n = graph.vcount()
        if graph.ecount() == 0 or n < 2:
            return np.zeros(n)
        return graph.harmonic_centrality(
            mode=mode if graph.is_directed() else "all",
            weights=_edge_lengths(graph, distance), normalized=normalized,
        )

    return _frame(per_layer(net, func, layers=layers, aggregate=aggregate), "harmonic_closeness")


# ----------------------------------------------------------------------------
# spectral: eigenvector, hub, authority
# ----------------------------------------------------------------------------
def eigenvector(net, *, layers=None, aggregate=True, weighted=True, tol=1e-10, max_iter=10_000) -> pd.DataFrame:
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
        Use link weights.
    tol : float, default 1e-10
        Convergence tolerance (max change of the max-scaled vector).
    max_iter : int, default 10,000
        Maximum power iterations.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``), values in [0, 1]
        (the top firm of each layer has 1).

    Raises
    ------
    NetclustError
        If the power iteration does not converge.

    See Also
    --------
    hub, authority, pagerank

    Notes
    -----
    Leading eigenvector :math:`\\lambda x = A x` of the symmetric (undirected-view)
    adjacency, scaled to max 1. Directed layers use their undirected view: on the
    near-acyclic supply chains of a cluster the directed version is zero almost
    everywhere; use :func:`hub` / :func:`authority` for direction. Computed by power
    iteration on :math:`A + I` from the uniform vector (as networkx does), which is
    well defined on disconnected layers: firms outside the component(s) with the
    largest eigenvalue score 0, and tied components share the score symmetrically.
    Isolated firms: 0.

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures.
       Am. J. Sociol. 92, 1170-1182.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> e = nc.metrics.centrality.eigenvector(net)
    >>> e.max().round(6).tolist() == [1.0] * e.shape[1]
    True
    """
    def func(graph, spec):
        a = _csr(graph, weighted)
        return _principal_vector(lambda x: a @ x + x, graph.vcount(), tol=tol, max_iter=max_iter,
                                 what="eigenvector centrality")

    return _frame(per_layer(net, func, layers=layers, aggregate=aggregate, directed=False), "eigenvector")


def _hits(kind, weighted, tol, max_iter):
    def func(graph, spec):
        a = _csr(graph, weighted)
        at = a.T.tocsr()
        n = graph.vcount()
        if kind == "authority":
            return _principal_vector(lambda x: at @ (a @ x), n, tol=tol, max_iter=max_iter,
                                     what="authority score")
        return _principal_vector(lambda x: a @ (at @ x), n, tol=tol, max_iter=max_iter, what="hub score")

    return func


def hub(net, *, layers=None, aggregate=True, weighted=True, tol=1e-10, max_iter=10_000) -> pd.DataFrame:
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
    tol : float, default 1e-10
        Convergence tolerance.
    max_iter : int, default 10,000
        Maximum power iterations.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``), in [0, 1], max 1.

    Raises
    ------
    NetclustError
        If the power iteration does not converge.

    See Also
    --------
    authority, eigenvector

    Notes
    -----
    Leading eigenvector of :math:`A A^T` (:math:`h \\propto A a`): a good hub points
    to good authorities. In procurement (seller -> buyer) hubs are suppliers of the
    important buyers. On undirected layers and ``aggregate`` :math:`A A^T = A^2`, so hub
    and authority coincide. Power iteration from the uniform vector (unique answer on
    disconnected layers), scaled to max 1. Isolated firms: 0.

    References
    ----------
    .. [1] Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked environment.
       J. ACM 46, 604-632.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> bool((nc.metrics.centrality.hub(net) <= 1).all().all())
    True
    """
    return _frame(per_layer(net, _hits("hub", weighted, tol, max_iter), layers=layers, aggregate=aggregate), "hub")


def authority(net, *, layers=None, aggregate=True, weighted=True, tol=1e-10, max_iter=10_000) -> pd.DataFrame:
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
    tol : float, default 1e-10
        Convergence tolerance.
    max_iter : int, default 10,000
        Maximum power iterations.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``), in [0, 1], max 1.

    Raises
    ------
    NetclustError
        If the power iteration does not converge.

    See Also
    --------
    hub, eigenvector

    Notes
    -----
    Leading eigenvector of :math:`A^T A` (:math:`a \\propto A^T h`): a good authority is
    pointed to by good hubs (in procurement: buyers of the important suppliers). Power
    iteration from the uniform vector, scaled to max 1. Isolated firms: 0.

    References
    ----------
    .. [1] Kleinberg, J. M. (1999). Authoritative sources in a hyperlinked environment.
       J. ACM 46, 604-632.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> bool((nc.metrics.centrality.authority(net) >= 0).all().all())
    True
    """
    return _frame(
        per_layer(net, _hits("authority", weighted, tol, max_iter), layers=layers, aggregate=aggregate),
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
    >>> net = nc.datasets.toy()
    >>> c = nc.metrics.centrality.clustering(net)
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
    >>> net = nc.datasets.toy()
    >>> bool((nc.metrics.centrality.coreness(net) >= 0).all().all())
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
        Use link weights for the tie proportions.

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
    >>> net = nc.datasets.toy()
    >>> c = nc.metrics.centrality.constraint(net)
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


def _effective_size(graph, weighted):
    """Burt's effective size on an undirected simple graph with mutual weights (triangles)."""
    n = graph.vcount()
    out = np.full(n, np.nan)
    m = graph.ecount()
    if m == 0:
        return out
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64)
    w = np.asarray(graph.es["weight"], dtype=float) if weighted else np.ones(m)
    x, y = edges[:, 0], edges[:, 1]
    deg = np.bincount(np.r_[x, y], minlength=n).astype(float)
    s = np.bincount(np.r_[x, y], weights=np.r_[w, w], minlength=n)
    top = np.zeros(n)
    np.maximum.at(top, np.r_[x, y], np.r_[w, w])
    redundancy = np.zeros(n)
    tri = np.asarray(graph.list_triangles(), dtype=np.int64).reshape(-1, 3)
    if len(tri):
        # edge weight of each triangle side, via igraph's C lookup of edge ids
        w_of = lambda a, b: w[np.asarray(graph.get_eids(np.c_[a, b]), dtype=np.int64)]  # noqa: E731
        a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
        w_ab, w_bc, w_ac = w_of(a, b), w_of(b, c), w_of(a, c)
        # ego u, alter v, third w: redundancy[u] += p_uw * m_vw, p_uw = w_uw/s_u, m_vw = w_vw/max_v
        for u, v, t, w_ut, w_vt in (
            (a, b, c, w_ac, w_bc), (a, c, b, w_ab, w_bc),
            (b, a, c, w_bc, w_ac), (b, c, a, w_ab, w_ac),
            (c, a, b, w_bc, w_ab), (c, b, a, w_ac, w_ab),
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
        Use link weights (mutual weight of a pair = sum of both directions).

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
    Unweighted, it reduces to Borgatti's :math:`k_i - 2 t_i / k_i`. Only triangles
    contribute to redundancy, so the sum runs over igraph's triangle list with numpy,
    with no loop over firms or links. Undefined (NaN) for isolated firms.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes. Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy
       measures. Connections 20, 35-38.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> e = nc.metrics.centrality.effective_size(net)
    >>> bool((e.fillna(0) <= nc.metrics.centrality.degree(net)).all().all())
    True
    """
    def func(graph, spec):
        return _effective_size(graph, weighted)

    return _frame(
        per_layer(net, func, layers=layers, aggregate=aggregate, directed=False), "effective_size"
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
    netclust.metrics.tidy.firm_metrics, netclust.metrics.multiplex.multiplex

    Notes
    -----
    Metric names: ``in_degree, out_degree, degree, in_strength, out_strength, strength,
    pagerank, betweenness, harmonic_closeness, eigenvector, hub, authority, clustering,
    coreness, constraint, effective_size`` (``layer`` = a layer name or ``aggregate``);
    ``overlapping_degree, overlapping_strength, overlapping_degree_z,
    participation_coefficient, node_activity, versatility`` (per firm, ``layer`` =
    ``multiplex``); ``multiplex_pagerank`` (per firm-layer: ``layer`` = the layer of
    the node-layer). See each function for formula and conventions.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> t = nc.centrality(net, ["degree", "pagerank"])
    >>> list(t.columns)
    ['firm_id', 'layer', 'metric', 'value']
    >>> sorted(t["metric"].unique())
    ['degree', 'pagerank']
    """
    from netclust.metrics.tidy import firm_metrics

    return firm_metrics(
        net, metrics, layers=layers, aggregate=aggregate, multiplex=multiplex, form=form,
        samples=samples, seed=seed, omega=omega, progress=progress,
    )

