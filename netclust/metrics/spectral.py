"""Spectral centralities per layer: PageRank, eigenvector, hub and authority (HITS)."""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust.errors import InputError, NetclustError
from netclust.metrics._views import per_layer, per_view
from netclust.metrics._measure import as_frame, edge_weights, unit_scale

__all__ = ["pagerank", "eigenvector", "hub", "authority"]


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
    # eigenvectors are scale-invariant: bring the largest weight into [0.5, 1) by a power of
    # two (exact in floating point, so results are unchanged) before A A^T and ARPACK, which
    # overflow for weights such as 1e160 (their square is beyond the float range)
    a = sp.csr_matrix(a * unit_scale(a.data))
    ones = np.ones(n)
    if kind == "sym":
        _, lab = connected_components(a, directed=False)
        bound_rows = a @ ones
    else:
        # firms i ~ j when they share a target (hub) or a source (authority): the weak
        # components of the bipartite graph rows -> n + columns (no symmetric copy built)
        ends = sp.csr_matrix((np.ones(a.nnz, np.int8), a.indices + n,
                              np.r_[a.indptr, np.full(n, a.nnz, dtype=a.indptr.dtype)]),
                             shape=(2 * n, 2 * n))
        _, lab2 = connected_components(ends, directed=True, connection="weak")
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
            damping=damping, weights=edge_weights(graph, weighted), directed=graph.is_directed(),
            implementation="prpack",
        )

    return as_frame(per_layer(net, func, layers=layers, aggregate=aggregate), "pagerank")


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
        Use link weights; ``False`` uses the binary view (as on a layer declared
        unweighted): a linked pair weighs 1, a reciprocated pair of a directed layer
        included (one edge of weight 1 in the undirected view, as in igraph and networkx).
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
    mutual weight) on a weighted layer and 1 on the binary view (unweighted layer or
    ``weighted=False``), scaled to max 1. Directed layers use their undirected view: on the
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

    return as_frame(per_view(net, func, layers=layers, aggregate=aggregate, directed=False), "eigenvector")


#: HITS scores already computed, per view matrix (the network caches its matrices, so
#: ``hub`` then ``authority`` on the same view find each other's work).
_HITS_DONE: dict = {}


def _hits(kind, weighted, tol):
    """Per-view HITS scores. On an undirected view (``A = A^T``) hub and authority are
    the same vector (``A A^T = A^T A``), computed once and shared."""
    def func(view):
        a = view.matrix(weighted)
        if view.directed:
            return _spectral_scores(a, kind, tol=tol)
        if id(a) not in _HITS_DONE:  # forgotten with the matrix (sparse matrices are unhashable)
            _HITS_DONE[id(a)] = {}
            weakref.finalize(a, _HITS_DONE.pop, id(a), None)
        done = _HITS_DONE[id(a)]
        if tol not in done:
            done[tol] = _spectral_scores(a, "hub", tol=tol)
        return done[tol]

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
    return as_frame(per_view(net, _hits("hub", weighted, tol), layers=layers, aggregate=aggregate), "hub")


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
    return as_frame(
        per_view(net, _hits("authority", weighted, tol), layers=layers, aggregate=aggregate),
        "authority",
    )
