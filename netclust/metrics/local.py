"""Local structure per layer: clustering, k-core number, Burt's constraint and effective size."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netclust.metrics._views import per_layer, per_view
from netclust.metrics._measure import as_frame, edge_weights, nan_where

__all__ = ["clustering", "coreness", "constraint", "effective_size"]


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

    return as_frame(per_layer(net, func, layers=layers, aggregate=aggregate, directed=False), "clustering")


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

    return as_frame(per_layer(net, func, layers=layers, aggregate=aggregate, directed=False), "coreness")


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
        directions of a reciprocated pair count: mutual weight 2, see Notes).

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
    directed layer count). Convention: on a directed layer without weights (declared
    unweighted, or ``weighted=False``) the mutual weight is :math:`a_{ij} + a_{ji}`, so a
    reciprocated pair weighs 2 — networkx's ``constraint`` on the DiGraph, not the binary
    undirected view of the other measures (where it would weigh 1, as in igraph's
    ``constraint``); stated in README's Conventions. Low constraint = a broker whose partners are not tied to
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
    def func(view):
        # mutual weight z_ij = w_ij + w_ji (unweighted: links counted, 2 if reciprocated)
        use_weights = weighted and view.weighted
        return _constraint(view.graph, view.matrix(True) if use_weights else view.mutual())

    return as_frame(per_view(net, func, layers=layers, aggregate=aggregate, directed=False),
                    "constraint")


def _constraint(graph, a):
    """Burt's constraint from the undirected view ``graph`` and its symmetric matrix ``a`` of
    mutual weights: the indirect terms come only from triangles (igraph's ``constraint``
    visits every pair of partners instead: 10x slower at 1,000,000 firms, same values)."""
    n = graph.vcount()
    out = np.full(n, np.nan)
    a = a.tocsr()
    if a.nnz == 0:
        return out
    if a.diagonal().any():  # self-loops: igraph's conventions, exact but slow
        g = graph.copy()
        g.es["weight"] = np.asarray(a[graph.get_edgelist()]).ravel()
        return nan_where(g.constraint(weights="weight"), np.asarray(g.degree(loops=False)) == 0)
    a = a.copy()
    a.sort_indices()
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(a.indptr))
    keys = rows * n + a.indices  # sorted: CSR with sorted indices
    s = np.asarray(a.sum(axis=1)).ravel()
    p = a.data / s[rows]  # p_ij = z_ij / sum_k z_ik
    indirect = np.zeros(a.nnz)
    tri = np.asarray(graph.list_triangles(), dtype=np.int64).reshape(-1, 3)
    orders = ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0))
    # CSR position of each ordered pair of triangle corners (found once, used three times)
    pos = {(x, y): np.searchsorted(keys, tri[:, x] * n + tri[:, y]) for x, y, _ in orders}
    for i, q, j in orders:  # ego i, partner j, third q: indirect_ij += p_iq p_qj
        indirect += np.bincount(pos[i, j], p[pos[i, q]] * p[pos[q, j]], minlength=a.nnz)
    values = np.bincount(rows, (p + indirect) ** 2, minlength=n)
    has = np.diff(a.indptr) > 0
    out[has] = values[has]
    return out


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

    return as_frame(
        per_view(net, func, layers=layers, aggregate=aggregate, directed=False), "effective_size"
    )
