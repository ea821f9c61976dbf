"""Standard structural measures of each layer, as igraph computes them.

Per firm (index ``firm_id``, one column per layer plus ``AGGREGATE``):
:func:`closeness`, :func:`barrat_clustering`, :func:`strong_components`. Per layer
(index ``layer``): :func:`layer_structure` — global transitivity, degree
assortativity, strongly connected components and, given a partition, directed
(Leicht–Newman) modularity.

Conventions follow python-igraph unless a docstring says otherwise; every firm of the
network is a vertex of every layer (isolated firms included). The aggregate view is
undirected.

References
----------
.. [1] Csárdi, G., & Nepusz, T. (2006). The igraph software package for complex network
   research. InterJournal Complex Systems 1695.
.. [2] Barrat, A., Barthélemy, M., Pastor-Satorras, R., & Vespignani, A. (2004). The
   architecture of complex weighted networks. PNAS 101(11), 3747-3752.
.. [3] Newman, M. E. J. (2002). Assortative mixing in networks. Phys. Rev. Lett. 89, 208701.
.. [4] Leicht, E. A., & Newman, M. E. J. (2008). Community structure in directed networks.
   Phys. Rev. Lett. 100, 118703.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._check import boolean, choice
from netclust.errors import InputError
from netclust.metrics._bfs import hop_sums, search_matrix, shared_hop_sums
from netclust.metrics._rank import EXACT_MAX, pivots
from netclust.metrics._views import LayerView, per_layer, per_view, views

__all__ = ["barrat_clustering", "closeness", "layer_structure", "strong_components"]

_MODES = ("all", "in", "out")


def closeness(net, *, layers=None, mode="all", aggregate=True, samples=None,
              exact_max=EXACT_MAX, seed=0) -> pd.DataFrame:
    """Closeness centrality of each firm in each layer, over the firms it can reach.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers (default: all, plus the aggregate).
    mode : {'all', 'in', 'out'}, default 'all'
        Paths on directed layers, as igraph's ``mode``: ``'out'`` follows links from the
        firm, ``'in'`` towards it, ``'all'`` ignores direction. Undirected layers and the
        aggregate ignore it. The default ignores direction: it equals igraph's
        ``closeness(mode="all")``, not igraph's default ``mode="out"`` nor networkx's
        (incoming distances), and differs from :func:`harmonic_closeness`, whose default
        ``'in'`` uses incoming paths; pass ``mode=`` to choose.
    aggregate : bool, default True
        Include the aggregate column when ``layers`` is None.
    samples : int, optional
        Pivot firms for the estimate (default: exact up to ``exact_max`` firms, else
        ``default_samples(N)`` seeded pivots — 256 up to 100,000 firms, fewer above —
        as betweenness and harmonic closeness).
    exact_max : int, default 5,000
    seed : int, default 0
        Seed of the pivot sample (the same pivots in every layer).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer, values in (0, 1]; NaN for a firm that
        reaches no other firm (no pivot, when sampled). ``attrs["samples"]`` is the
        number of pivots (None when exact).

    Raises
    ------
    InputError
        For a bad ``mode`` or layer.

    See Also
    --------
    netclust.metrics.centrality.centrality

    Notes
    -----
    igraph's convention (``Graph.closeness(normalized=True)``):
    :math:`C_i = (r_i - 1) / \\sum_{j \\in R_i} d_{ij}` with :math:`R_i` the
    :math:`r_i` firms reachable from i (i included) and :math:`d_{ij}` hop distances
    (link weights are flows, not lengths, so they are not used). **Computed over reachable
    firms only**: a firm in a small tight component can score as high as a firm at the
    centre of the whole web, so read closeness together with the component size
    (:func:`strong_components`). networkx's ``closeness_centrality(wf_improved=False)``
    is the same quantity (on the reversed graph for ``'out'``; networkx gives 0 where
    igraph gives NaN).

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
       Social Networks 1(3), 215-239.

    Examples
    --------
    >>> from netclust.metrics.structure import closeness
    >>> c = closeness(nc.datasets.toy(), layers=["logistics"])
    >>> float(c.loc["L1", "logistics"]), float(c.loc["A1", "logistics"])
    (1.0, 0.5714285714285714)
    """
    choice(mode, "mode", _MODES)
    sources, used = pivots(net.n_firms, samples, exact_max, seed)
    if sources is None:
        func = lambda view: view.graph.closeness(mode=mode, normalized=True)   # noqa: E731
    else:
        func = lambda view: _pivot_closeness(view.matrix(weighted=False), view.directed,  # noqa: E731
                                             sources, mode)
    out = per_view(net, func, layers, aggregate, name="closeness")
    out.attrs["samples"] = used
    return out


def _sampled_closeness(g, sources, mode: str) -> np.ndarray:
    """:func:`_pivot_closeness` of an igraph graph."""
    edges = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    n = g.vcount()
    a = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    return _pivot_closeness(a if g.is_directed() else a + a.T, g.is_directed(), sources, mode)


def _pivot_closeness(a, directed: bool, sources, mode: str) -> np.ndarray:
    """1 / mean hop distance to the reachable pivots (search from the pivots, reversed mode).

    The estimate of igraph's closeness from ``k`` pivots: the mean distance from a firm
    to the firms it reaches is estimated by the mean over the pivots it reaches. One
    multi-source breadth-first search (:func:`netclust.metrics._bfs.hop_sums`), O(L·k).
    """
    if directed:
        back = {"out": "in", "in": "out", "all": "all"}[mode]
        count, total, _ = hop_sums(search_matrix(a, back), sources)
    else:  # symmetric: the search harmonic closeness runs too (shared)
        count, total, _ = shared_hop_sums(a, sources)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(count > 0, count / total, np.nan)


def barrat_clustering(net, *, layers=None, weighted=True, aggregate=True) -> pd.DataFrame:
    """Barrat's weighted local clustering of each firm in each layer (undirected views).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers (default: all, plus the aggregate).
    weighted : bool, default True
        Barrat's weighted coefficient; ``False`` gives the plain local clustering.
    aggregate : bool, default True
        Include the aggregate column when ``layers`` is None.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer, in [0, 1]; NaN for firms with fewer
        than two partners.

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    layer_structure

    Notes
    -----
    :math:`C^w_i = \\frac{1}{s_i (k_i - 1)} \\sum_{j,h} \\frac{w_{ij} + w_{ih}}{2}
    a_{ij} a_{ih} a_{jh}` (Barrat et al. 2004; igraph
    ``transitivity_local_undirected(weights="weight")``), on the undirected view (the
    flows of both directions summed on a directed weighted layer). Unweighted layers are
    binary whatever the view's weights (a reciprocated pair is one link of weight 1), so
    there it is the plain local clustering. A triangle counts in
    proportion to the weight of the firm's two links in it: high when the firm's
    *heavy* partners trade with each other. Equal weights give the plain clustering.
    networkx's ``clustering(weight=)`` is a different (geometric-mean) coefficient.

    References
    ----------
    .. [1] Barrat, A. et al. (2004). PNAS 101(11), 3747-3752.

    Examples
    --------
    >>> from netclust.metrics.structure import barrat_clustering
    >>> c = barrat_clustering(nc.datasets.toy(), layers=["design_sharing"])
    >>> c.loc[["S2", "D1"], "design_sharing"].tolist()
    [0.0, 0.0]
    """
    weighted = boolean(weighted, "weighted")

    def local(g, spec):
        w = "weight" if _uses_weights(spec, weighted) else None
        return g.transitivity_local_undirected(mode="nan", weights=w)

    return per_layer(net, local, layers, aggregate, directed=False, name="barrat_clustering")


def _uses_weights(spec, weighted: bool) -> bool:
    """Weights count on weighted layers and the aggregate; an unweighted layer stays binary."""
    return weighted and (spec is None or spec.weighted)


def _component_labels(g) -> np.ndarray:
    """Strong components as labels 0.. by decreasing size (ties: first firm first)."""
    memb = np.asarray(g.connected_components(mode="strong").membership)
    sizes = np.bincount(memb)
    first = np.full(len(sizes), len(memb))
    np.minimum.at(first, memb, np.arange(len(memb)))
    order = np.lexsort((first, -sizes))
    rank = np.empty(len(sizes), dtype=int)
    rank[order] = np.arange(len(sizes))
    return rank[memb]


def strong_components(net, *, layers=None, aggregate=True) -> pd.DataFrame:
    """Strongly connected component of each firm in each layer (a label per firm).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers (default: all, plus the aggregate).
    aggregate : bool, default True
        Include the aggregate column when ``layers`` is None.

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer: component label 0, 1, ... with 0 the
        largest component (equal sizes: the one holding the earliest firm first).

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    layer_structure, closeness

    Notes
    -----
    On a directed layer two firms share a strong component when each reaches the other
    along links (igraph ``connected_components(mode="strong")``, networkx
    ``strongly_connected_components``); on undirected layers and the aggregate these are
    the connected components. An isolated firm is a component of its own. In a supply
    web, a strong component is a set of firms whose goods can circulate back to each
    other; most directed supply layers are made of many singletons.

    Examples
    --------
    >>> from netclust.metrics.structure import strong_components
    >>> s = strong_components(nc.datasets.toy(), layers=["logistics", "design_sharing"])
    >>> s.loc["S1"].tolist(), s.loc["T1"].tolist()  # logistics has no cycle: 9 singletons
    ([2.0, 0.0], [8.0, 5.0])
    """
    return per_layer(net, lambda g, spec: _component_labels(g), layers, aggregate,
                     name="strong_component")


def _membership(net, membership):
    """Integer community codes aligned to firms (firm_id-indexed Series or firm-ordered array)."""
    if isinstance(membership, pd.Series) and not isinstance(membership.index, pd.RangeIndex):
        missing = net.firm_ids.difference(membership.index)
        if len(missing):
            raise InputError(f"membership lacks {len(missing)} firm(s), e.g. {missing[0]!r}")
        membership = membership.reindex(net.firm_ids)
    values = np.asarray(membership)
    if values.shape != (net.n_firms,):
        raise InputError(f"membership must give one community per firm ({net.n_firms}), "
                         f"not shape {values.shape}")
    if pd.isna(values).any():
        raise InputError("membership has missing values")
    return pd.factorize(values)[0].tolist()


def _layer_row(view, codes, weighted) -> dict:
    g = view.graph
    flat = LayerView.of(view.net, view.name, directed=False).graph if view.directed else g
    memb = np.asarray(g.connected_components(mode="strong").membership)
    row = {"directed": bool(view.directed), "n_links": g.ecount(),
           "transitivity": flat.transitivity_undirected(mode="nan"),
           "assortativity": g.assortativity_degree(directed=view.directed),
           "n_scc": int(memb.max()) + 1 if len(memb) else 0,
           "largest_scc": int(np.bincount(memb).max()) if len(memb) else 0}
    if codes is not None:
        w = "weight" if _uses_weights(view.spec, weighted) else None
        row["directed_modularity"] = g.modularity(codes, weights=w, directed=True)
    return row


def layer_structure(net, membership=None, *, layers=None, aggregate=True, weighted=True) -> pd.DataFrame:
    """One row per layer: transitivity, assortativity, strong components, directed modularity.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    membership : pandas.Series or array-like, optional
        A partition of the firms (Series indexed by ``firm_id``, or one label per firm in
        firm order), e.g. ``nc.communities(net).membership``. Adds
        ``directed_modularity``.
    layers : list of str, optional
        Layers (default: all, plus the aggregate).
    aggregate : bool, default True
        Include the aggregate row when ``layers`` is None.
    weighted : bool, default True
        Weighted modularity on weighted layers and the aggregate (unweighted layers are
        always binary).

    Returns
    -------
    pandas.DataFrame
        Index ``layer``; columns ``directed``, ``n_links``, ``transitivity``,
        ``assortativity``, ``n_scc``, ``largest_scc`` (+ ``directed_modularity``).

    Raises
    ------
    InputError
        For a bad membership or layer.

    See Also
    --------
    strong_components, barrat_clustering, netclust.metrics.community.modularity

    Notes
    -----
    * ``transitivity``: global clustering, 3 × triangles / connected triples, on the
      undirected view (igraph ``transitivity_undirected``, networkx ``transitivity``);
      NaN without any triple.
    * ``assortativity``: Newman's degree assortativity (igraph ``assortativity_degree``):
      on a directed layer the Pearson correlation of the *out*-degree of a link's source
      with the *in*-degree of its target (networkx ``degree_assortativity_coefficient``
      defaults), on undirected layers of the two ends' degrees. Negative: hubs trade with
      small firms (typical of supply webs); NaN when all degrees are equal.
    * ``n_scc`` / ``largest_scc``: number of strongly connected components (isolated
      firms count, one each) and firms in the largest (:func:`strong_components`).
    * ``directed_modularity``: Leicht & Newman (2008)
      :math:`Q = \\frac{1}{m} \\sum_{ij} [A_{ij} - k_i^{out} k_j^{in} / m]
      \\delta(c_i, c_j)` on directed layers (igraph ``modularity(directed=True)``),
      Newman's modularity on undirected layers and the aggregate; the same partition is
      scored on every layer. NaN on a layer without links.

    References
    ----------
    .. [1] Newman, M. E. J. (2002). Phys. Rev. Lett. 89, 208701.
    .. [2] Leicht, E. A., & Newman, M. E. J. (2008). Phys. Rev. Lett. 100, 118703.

    Examples
    --------
    >>> from netclust.metrics.structure import layer_structure
    >>> t = layer_structure(nc.datasets.toy())
    >>> t.loc[["logistics", "design_sharing"], ["n_scc", "largest_scc"]].values.tolist()
    [[9, 1], [6, 4]]
    """
    codes = None if membership is None else _membership(net, membership)
    weighted = boolean(weighted, "weighted")
    rows = {v.name: _layer_row(v, codes, weighted) for v in views(net, layers, aggregate)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "layer"
    return out
