"""How layers overlap: shared links, shared firms and correlated degrees.

Per firm pair: the edge overlap :math:`o_{ij}` (:func:`edge_overlap`). Per layer pair:
edge Jaccard similarity, the edge-overlap count :math:`O_{\\alpha\\beta}` and its
normalised shares (:func:`layer_edge_overlap`), Battiston's pairwise multiplexity
:math:`Q_{\\alpha\\beta}` (:func:`pairwise_multiplexity`) and interlayer degree
correlations (:func:`degree_correlations`, :func:`degree_rank_correlation`).
Network-wide: the average edge overlap (:func:`global_overlap`) and the share of
linked pairs tied in two or more layers (:func:`multiplex_pair_share`). Per firm:
uunet's degree deviation and relevance (:func:`degree_deviation`, :func:`relevance`).

Every link-based measure uses the layers' *undirected views* (a firm pair is linked in a
layer whatever the direction, each pair counted once), unless a function says otherwise.

References
----------
.. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Structural measures for
   multiplex networks. Phys. Rev. E 89, 032804.
.. [2] Nicosia, V., & Latora, V. (2015). Measuring and modeling correlations in
   multiplex networks. Phys. Rev. E 92, 032805.
.. [3] Verbrugge, L. M. (1979). Multiplexity in adult friendships. Social Forces 57(4),
   1286-1309.
.. [4] Magnani, M., Rossi, L., & Vega, D. (2021). Analysis of multiplex social networks
   with R. J. Stat. Softw. 98(8) (R package ``multinet``, documentation of
   ``degree_deviation_ml`` and ``relevance_ml``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._check import choice
from netclust.metrics._views import layer_columns
from netclust.metrics.multiplex import layer_degrees

__all__ = [
    "degree_correlations",
    "degree_deviation",
    "degree_rank_correlation",
    "edge_jaccard",
    "edge_overlap",
    "global_overlap",
    "layer_edge_overlap",
    "multiplex_pair_share",
    "pairwise_multiplexity",
    "relevance",
]

_NEIGHBOUR_MODES = ("all", "in", "out")


def _layers(net, layers):
    return layer_columns(net, layers, aggregate=False)


def _layer_frame(values, cols, index_name="layer", columns_name="other_layer"):
    return pd.DataFrame(values, index=pd.Index(cols, name=index_name),
                        columns=pd.Index(cols, name=columns_name))


def _pair_layer_matrix(net, cols):
    """Sparse binary (linked pair x layer) incidence on the undirected views, and the pairs."""
    links = net.links
    names = list(cols)
    col_of = np.array([names.index(x) if x in names else -1 for x in net.layer_names], dtype=np.int64)
    li = col_of[net.layer_codes] if len(col_of) else np.zeros(0, dtype=np.int64)
    keep = li >= 0
    s = links["src"].to_numpy()[keep]
    d = links["dst"].to_numpy()[keep]
    li = li[keep]
    n = net.n_firms
    pair = np.minimum(s, d).astype(np.int64) * n + np.maximum(s, d)
    uniq, row = np.unique(pair, return_inverse=True)
    e = sp.csr_matrix((np.ones(len(row)), (row, li)), shape=(len(uniq), len(names)))
    e.data[:] = 1.0  # duplicates (periods, both directions) count once
    return e, uniq


def _jaccard(inter, size_a, size_b):
    """|A ∩ B| / |A ∪ B| from the intersection and the two sizes (NaN when both are empty)."""
    inter = np.asarray(inter, dtype=float)
    union = np.asarray(size_a, dtype=float) + np.asarray(size_b, dtype=float) - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, inter / np.where(union > 0, union, 1), np.nan)


def _link_keys(net, directed):
    """Distinct (layer, u, v) firm-id triples; unordered unless ``directed`` and the layer is."""
    lk = net.links
    s = lk["source"].astype(str).to_numpy()
    t = lk["target"].astype(str).to_numpy()
    lay = lk["layer"].astype(str).to_numpy()
    dirs = {name: bool(directed) and net.layer_spec(name).directed for name in net.layer_names}
    ordered = pd.Series(lay).map(dirs).fillna(False).to_numpy(dtype=bool)
    swap = ~ordered & (s > t)
    u, v = np.where(swap, t, s), np.where(swap, s, t)
    return pd.DataFrame({"layer": lay, "u": u, "v": v}).drop_duplicates()


def _cross_jaccard(net, other, directed, layers):
    ka, kb = _link_keys(net, directed), _link_keys(other, directed)
    names = layers or list(dict.fromkeys(net.layer_names + other.layer_names))
    inter = ka.merge(kb, on=["layer", "u", "v"]).groupby("layer").size()
    size_a, size_b = ka.groupby("layer").size(), kb.groupby("layer").size()
    get = lambda s: s.reindex(names, fill_value=0).to_numpy()  # noqa: E731
    return pd.Series(_jaccard(get(inter), get(size_a), get(size_b)),
                     index=pd.Index(names, name="layer"), name="edge_jaccard")


def edge_jaccard(net, *, layers=None, other=None, directed=False):
    """Jaccard similarity of link sets: between layers, or between two networks layer by layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compare (default: all; with ``other``, the layers of either network).
    other : MultilayerNetwork, optional
        A second network (e.g. another year): compare each layer of ``net`` with the
        same layer of ``other``, firms matched by ``firm_id``.
    directed : bool, default False
        With ``other`` only: on directed layers, ``i → j`` and ``j → i`` are different
        links (``False``: undirected views, a pair counted once).

    Returns
    -------
    pandas.DataFrame or pandas.Series
        Without ``other``: square layer × layer table, 1 on the diagonal (NaN for an
        empty layer). With ``other``: a Series indexed by layer (NaN when the layer has
        no link in either network).

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    layer_edge_overlap, global_overlap, multiplex_pair_share

    Notes
    -----
    :math:`J_{\\alpha\\beta} = |E_\\alpha \\cap E_\\beta| / |E_\\alpha \\cup E_\\beta|` on
    unordered firm pairs (undirected views; periods merged). Between layers it is computed
    at once as :math:`E^T E` of the sparse pair × layer incidence matrix. 0: no shared
    link; 1: identical link sets. Unlike :math:`O_{\\alpha\\beta}` it is symmetric and
    penalises a small layer nested in a large one.

    References
    ----------
    .. [1] Jaccard, P. (1901). Bull. Soc. Vaudoise Sci. Nat. 37, 547-579.
    .. [2] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804
       (edge overlap).

    Examples
    --------
    >>> from netclust.metrics.overlap import edge_jaccard
    >>> from netclust.io.reader import extend
    >>> net = nc.datasets.toy()
    >>> edge_jaccard(net).loc["procurement", "logistics"]  # no shared pair
    np.float64(0.0)
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> edge_jaccard(extend(net, links=extra)).round(3).loc["procurement", "design_sharing"]
    np.float64(0.111)
    >>> edge_jaccard(net, other=net.remove_firms(["L1"]))["logistics"]
    np.float64(0.0)
    """
    if other is not None:
        return _cross_jaccard(net, other, directed, None if layers is None else list(layers))
    cols = _layers(net, layers)
    e, _ = _pair_layer_matrix(net, cols)
    inter = (e.T @ e).toarray()
    size = np.diag(inter)
    return _layer_frame(_jaccard(inter, size[:, None], size[None, :]), cols)


def edge_overlap(net, *, layers=None) -> pd.DataFrame:
    """Edge overlap of every linked firm pair: in how many layers the two firms are linked.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to count (default: all).

    Returns
    -------
    pandas.DataFrame
        One row per firm pair linked in at least one layer: ``firm_a``, ``firm_b``
        (``firm_a`` first in firm order), ``edge_overlap`` (integer 1..M) and
        ``edge_overlap_share`` (:math:`o_{ij} / M`).

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    global_overlap, multiplex_pair_share

    Notes
    -----
    :math:`o_{ij} = \\sum_\\alpha a_{ij}^{[\\alpha]}` (Battiston et al. 2014, local edge
    overlap), :math:`a_{ij}^{[\\alpha]} = 1` when i and j are linked in layer α in either
    direction. Pairs never linked (:math:`o_{ij} = 0`) are not listed. A pair with
    :math:`o_{ij} \\ge 2` is a *multiplex tie*: the firms deal with each other in
    several ways.

    References
    ----------
    .. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804.

    Examples
    --------
    >>> from netclust.metrics.overlap import edge_overlap
    >>> from netclust.io.reader import extend
    >>> net = nc.datasets.toy()
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> o = edge_overlap(extend(net, links=extra))
    >>> o[o["edge_overlap"] > 1][["firm_a", "firm_b", "edge_overlap"]].values.tolist()
    [['S1', 'U1', 2]]
    """
    cols = _layers(net, layers)
    e, pairs = _pair_layer_matrix(net, cols)
    n = net.n_firms
    ids = net.firm_ids.to_numpy()
    o = np.asarray(e.sum(axis=1)).ravel().astype(int)
    return pd.DataFrame({"firm_a": ids[pairs // n] if n else [], "firm_b": ids[pairs % n] if n else [],
                         "edge_overlap": o, "edge_overlap_share": o / max(len(cols), 1)})


def layer_edge_overlap(net, *, layers=None, normalise=None) -> pd.DataFrame:
    """Links shared by two layers: the count :math:`O_{\\alpha\\beta}` or its shares (layer × layer).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compare (default: all).
    normalise : {None, 'row', 'column'}, default None
        ``None``: the number of firm pairs linked in both layers. ``'row'``: divided by
        the row layer's number of linked pairs :math:`K_\\alpha` (the share of α's links
        that are also links of β); ``'column'``: divided by :math:`K_\\beta`.

    Returns
    -------
    pandas.DataFrame
        Square layer × layer table; the diagonal holds :math:`K_\\alpha` (or 1). Shares
        are NaN for an empty layer.

    Raises
    ------
    InputError
        For a bad ``normalise`` or layer.

    See Also
    --------
    edge_jaccard, global_overlap

    Notes
    -----
    :math:`O_{\\alpha\\beta} = \\sum_{i<j} a_{ij}^{[\\alpha]} a_{ij}^{[\\beta]}` on undirected
    views (Battiston et al. 2014, global overlap between two layers; the paper also
    normalises it by a layer's number of links). The row-normalised share is asymmetric:
    a small layer whose links all sit inside a big one has share 1 towards it, while the
    big layer's share back is small.

    References
    ----------
    .. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804.

    Examples
    --------
    >>> from netclust.metrics.overlap import layer_edge_overlap
    >>> from netclust.io.reader import extend
    >>> net = nc.datasets.toy()
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> o = layer_edge_overlap(extend(net, links=extra), normalise="row")
    >>> float(o.loc["design_sharing", "procurement"]), float(o.loc["procurement", "design_sharing"])
    (0.25, 0.16666666666666666)
    """
    choice(normalise, "normalise", (None, "row", "column"))
    cols = _layers(net, layers)
    e, _ = _pair_layer_matrix(net, cols)
    o = (e.T @ e).toarray()
    if normalise is not None:
        k = np.diag(o).astype(float)
        k = k[:, None] if normalise == "row" else k[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            o = np.where(k > 0, o / np.where(k > 0, k, 1), np.nan)
    return _layer_frame(o, cols)


def global_overlap(net, *, layers=None) -> float:
    """Average edge overlap ω: the mean share of layers in which a linked pair is linked.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to use (default: all; M of them).

    Returns
    -------
    float
        In [1/M, 1]; NaN if there is no link.

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    edge_overlap, multiplex_pair_share, edge_jaccard

    Notes
    -----
    :math:`\\omega = \\sum_{i<j} o_{ij} / (M \\sum_{i<j} [o_{ij} > 0])` with
    :math:`o_{ij}` the edge overlap of the pair (Battiston et al. 2014, average edge
    overlap, normalised form; :math:`M\\omega` is the expected number of layers a link
    appears in), on undirected views.

    How to read it: **the floor is 1/M, not 0.** Every linked pair is linked in at least
    one layer, so with no pair linked in two layers ω = 1/M (0.333 for three layers,
    0.5 for two); ω = 1 when all layers are identical. Compare ω with 1/M, or read
    :func:`multiplex_pair_share`, whose floor is 0.

    References
    ----------
    .. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804.

    Examples
    --------
    >>> from netclust.metrics.overlap import global_overlap
    >>> from netclust.io.reader import extend
    >>> net = nc.datasets.toy()
    >>> round(global_overlap(net), 3)  # no pair linked in two layers: the floor 1/M
    0.333
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> round(global_overlap(extend(net, links=extra)), 3)  # 14 pair-layers over 3 x 13 pairs
    0.359
    """
    cols = _layers(net, layers)
    e, _ = _pair_layer_matrix(net, cols)
    if e.shape[0] == 0:
        return float("nan")
    return float(e.sum() / (len(cols) * e.shape[0]))


def multiplex_pair_share(net, *, layers=None) -> float:
    """Share of linked firm pairs that are linked in at least two layers (multiplex ties).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to use (default: all).

    Returns
    -------
    float
        In [0, 1]; NaN if there is no link.

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    global_overlap, edge_overlap, pairwise_multiplexity

    Notes
    -----
    :math:`\\#\\{i<j : o_{ij} \\ge 2\\} / \\#\\{i<j : o_{ij} \\ge 1\\}` on undirected
    views: how often a business tie is backed by a second kind of tie. This is the
    sociological *multiplexity* of ties (a tie is multiplex when two actors are linked
    by more than one kind of relation; Verbrugge 1979), here as a share of ties. It is
    **not** Battiston et al.'s pairwise multiplexity :math:`Q_{\\alpha\\beta}`, which
    counts firms active in two layers (:func:`pairwise_multiplexity`).

    References
    ----------
    .. [1] Verbrugge, L. M. (1979). Multiplexity in adult friendships. Social Forces 57(4),
       1286-1309.

    Examples
    --------
    >>> from netclust.metrics.overlap import multiplex_pair_share
    >>> from netclust.io.reader import extend
    >>> net = nc.datasets.toy()
    >>> multiplex_pair_share(net)
    0.0
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> round(multiplex_pair_share(extend(net, links=extra)), 3)  # 1 of 13 pairs
    0.077
    """
    e, _ = _pair_layer_matrix(net, _layers(net, layers))
    if e.shape[0] == 0:
        return float("nan")
    return float((np.asarray(e.sum(axis=1)).ravel() >= 2).mean())


def pairwise_multiplexity(net, *, layers=None) -> pd.DataFrame:
    """Battiston's pairwise multiplexity :math:`Q_{\\alpha\\beta}`: share of firms active in both layers.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compare (default: all).

    Returns
    -------
    pandas.DataFrame
        Square layer × layer table in [0, 1]; the diagonal is the share of firms active
        in the layer.

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    multiplex_pair_share, netclust.metrics.multiplex.node_activity

    Notes
    -----
    :math:`Q_{\\alpha\\beta} = \\frac{1}{N} \\sum_i a_i^{[\\alpha]} a_i^{[\\beta]}` with
    :math:`a_i^{[\\alpha]} = 1` when firm i has at least one link in layer α (either
    direction) and N all firms of the network, isolated ones included (Battiston et al.
    2014; Nicosia & Latora 2015 use the same node activity). It measures how far the
    *firms* of two layers coincide, not their links: two layers over the same firms with
    no common link have Q = 1 and edge Jaccard 0.

    References
    ----------
    .. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804.
    .. [2] Nicosia, V., & Latora, V. (2015). Phys. Rev. E 92, 032805.

    Examples
    --------
    >>> from netclust.metrics.overlap import pairwise_multiplexity
    >>> q = pairwise_multiplexity(nc.datasets.toy())
    >>> round(float(q.loc["procurement", "logistics"]), 3)  # A1, A2, S1, S2 of 9 firms
    0.444
    """
    cols = _layers(net, layers)
    active = (layer_degrees(net, layers=cols).to_numpy() > 0).astype(float)
    n = max(net.n_firms, 1)
    return _layer_frame(active.T @ active / n, cols)


_CORR_METHODS = ("pearson", "spearman", "kendall")


def degree_correlations(net, *, layers=None, mode="undirected", methods=_CORR_METHODS) -> pd.DataFrame:
    """Interlayer degree correlations (Pearson, Spearman, Kendall tau-b) as a tidy table.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compare (default: all).
    mode : {'undirected', 'in', 'out', 'total'}, default 'undirected'
        Degree used (see :func:`netclust.metrics.multiplex.layer_degrees`).
    methods : sequence of {'pearson', 'spearman', 'kendall'}, default all three

    Returns
    -------
    pandas.DataFrame
        One row per unordered layer pair and method: ``layer_a``, ``layer_b``,
        ``method``, ``value`` in [-1, 1] (NaN when a layer's degrees are all equal).

    Raises
    ------
    InputError
        For a bad ``mode``, method or layer.

    See Also
    --------
    degree_rank_correlation

    Notes
    -----
    Over all N firms, isolated ones included, of the degree sequences
    :math:`k_i^{[\\alpha]}` and :math:`k_i^{[\\beta]}`. Pearson: linear correlation of the
    degrees; Spearman: Pearson of the average ranks; Kendall: tau-b, corrected for ties
    (as ``scipy.stats.kendalltau``'s default), which matter here because many firms share
    small degrees. Positive: firms busy in one layer are busy in the other (Nicosia &
    Latora 2015). The measures are symmetric, so each pair appears once.

    References
    ----------
    .. [1] Nicosia, V., & Latora, V. (2015). Phys. Rev. E 92, 032805.
    .. [2] Kendall, M. G. (1945). The treatment of ties in ranking problems.
       Biometrika 33(3), 239-251.

    Examples
    --------
    >>> from netclust.metrics.overlap import degree_correlations
    >>> t = degree_correlations(nc.datasets.toy(), methods=["spearman"])
    >>> t.columns.tolist(), len(t)
    (['layer_a', 'layer_b', 'method', 'value'], 3)
    """
    methods = [choice(m, "method", _CORR_METHODS) for m in methods]
    k = layer_degrees(net, layers=layers, mode=mode)
    cols = list(k.columns)
    ia, ib = np.triu_indices(len(cols), k=1)
    rows = [pd.DataFrame({"layer_a": np.array(cols, dtype=object)[ia],
                          "layer_b": np.array(cols, dtype=object)[ib], "method": m,
                          "value": k.corr(method=m).to_numpy()[ia, ib]}) for m in methods]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["layer_a", "layer_b", "method", "value"])


def degree_rank_correlation(net, *, layers=None, mode="undirected") -> pd.DataFrame:
    """Spearman rank correlation of firm degrees between layers (layer × layer).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compare (default: all).
    mode : {'undirected', 'in', 'out', 'total'}, default 'undirected'
        Degree used.

    Returns
    -------
    pandas.DataFrame
        Square, index and columns the layer names, values in [-1, 1] (NaN when a
        layer's degrees are all equal).

    Raises
    ------
    InputError
        For a bad ``mode`` or layer.

    See Also
    --------
    degree_correlations, edge_jaccard

    Notes
    -----
    :math:`\\rho_{\\alpha\\beta}` = Pearson correlation of the ranks (average ranks for
    ties) of :math:`k_i^\\alpha` and :math:`k_i^\\beta` over all N firms, isolated
    ones included (Nicosia & Latora 2015, inter-layer degree correlation). Positive:
    firms busy in one layer are busy in the other. The matrix form of the Spearman rows
    of :func:`degree_correlations`.

    References
    ----------
    .. [1] Nicosia, V., & Latora, V. (2015). Phys. Rev. E 92, 032805.

    Examples
    --------
    >>> from netclust.metrics.overlap import degree_rank_correlation
    >>> net = nc.datasets.toy()
    >>> r = degree_rank_correlation(net)
    >>> float(r.loc["procurement", "procurement"])
    1.0
    """
    k = layer_degrees(net, layers=layers, mode=mode)
    out = k.corr(method="spearman")
    out.index.name, out.columns.name = "layer", "other_layer"
    return out


_DEGREE_MODES = {"all": "total", "in": "in", "out": "out"}


def degree_deviation(net, *, layers=None, mode="all") -> pd.Series:
    """Degree deviation of each firm: the standard deviation of its degrees across layers.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to use (default: all).
    mode : {'all', 'in', 'out'}, default 'all'
        Links counted on directed layers: incoming + outgoing (``'all'``), incoming or
        outgoing (R ``multinet``'s ``mode``).

    Returns
    -------
    pandas.Series
        Index ``firm_id``, name ``degree_deviation``, ≥ 0.

    Raises
    ------
    InputError
        For a bad ``mode`` or layer.

    See Also
    --------
    relevance, netclust.metrics.multiplex.participation_coefficient

    Notes
    -----
    :math:`\\sigma_i = \\sqrt{\\frac{1}{L} \\sum_\\alpha (k_i^{[\\alpha]} - \\bar k_i)^2}`
    over the L selected layers: the *population* standard deviation, as R ``multinet``'s
    ``degree_deviation_ml`` (its unit test: degrees 3 and 2 give 0.5). Degrees count
    links as ``degree_ml`` does: on a directed layer with ``mode='all'`` a reciprocated
    pair counts twice. 0: the firm uses every layer equally (or none); high: links
    concentrated in some layers, or layers of very different density (the value is in
    links, not relative, so compare it with the firm's mean degree). Every firm is
    present in every layer here, so an isolated firm has 0 (``multinet`` gives NaN for an
    actor absent from all layers).

    References
    ----------
    .. [1] Magnani, M., Rossi, L., & Vega, D. (2021). J. Stat. Softw. 98(8); R package
       ``multinet``, ``degree_deviation_ml``.

    Examples
    --------
    >>> from netclust.metrics.overlap import degree_deviation
    >>> d = degree_deviation(nc.datasets.toy())
    >>> round(float(d["S2"]), 4)  # degrees 3, 2, 1 in the three layers
    0.8165
    """
    k = layer_degrees(net, layers=layers, mode=_DEGREE_MODES[choice(mode, "mode", _DEGREE_MODES)])
    values = k.to_numpy().std(axis=1) if k.shape[1] else np.full(net.n_firms, np.nan)
    return pd.Series(values, index=net.firm_ids, name="degree_deviation")


def _neighbours(net, layer, mode):
    a = net.adjacency(layer, weighted=False)
    a = {"out": a, "in": a.T, "all": a + a.T}[mode]
    return (a != 0).astype(np.int8).tocsr()


def relevance(net, *, layers=None, layer_set=None, mode="all", exclusive=False):
    """Relevance of layers for each firm: the share of its partners it meets there.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to report one column each (default: all).
    layer_set : list of str, optional
        Instead of one column per layer, the relevance of this set of layers taken
        together (a Series).
    mode : {'all', 'in', 'out'}, default 'all'
        Partners on directed layers: linked either way, senders to the firm, or
        receivers from it.
    exclusive : bool, default False
        Count only partners met in the layer (set) and in none of the other layers
        (``multinet``'s ``xrelevance_ml``).

    Returns
    -------
    pandas.DataFrame or pandas.Series
        Index ``firm_id``; one column per layer (or a Series for ``layer_set``), in
        [0, 1]; NaN for a firm without partners.

    Raises
    ------
    InputError
        For a bad ``mode`` or layer.

    See Also
    --------
    degree_deviation, netclust.metrics.multiplex.participation_coefficient

    Notes
    -----
    :math:`R_i(S) = |N_i(S)| / |N_i(\\mathcal{L})|` with :math:`N_i(S)` the distinct
    partners of firm i in the layers of S and :math:`\\mathcal{L}` all layers of the
    network (Berlingerio et al. 2011; ``relevance_ml``). Exclusive relevance counts
    :math:`N_i(S) \\setminus N_i(\\mathcal{L} \\setminus S)`: the partners the firm would
    lose if the layers of S disappeared. Relevances of single layers sum to ≥ 1 (a
    partner met in two layers counts in both); exclusive ones sum to ≤ 1.

    References
    ----------
    .. [1] Berlingerio, M., Coscia, M., Giannotti, F., Monreale, A., & Pedreschi, D.
       (2011). Foundations of multidimensional network analysis. ASONAM 2011, 485-489.
    .. [2] R package ``multinet`` (Magnani, Rossi & Vega 2021), ``relevance_ml`` and
       ``xrelevance_ml``.

    Examples
    --------
    >>> from netclust.metrics.overlap import relevance
    >>> r = relevance(nc.datasets.toy())
    >>> r.loc["S1"].round(3).tolist()  # partners A1, U1 | D1 | L1
    [0.5, 0.25, 0.25]
    >>> float(relevance(nc.datasets.toy(), layer_set=["procurement", "logistics"])["S1"])
    0.75
    """
    choice(mode, "mode", _NEIGHBOUR_MODES)
    every = net.layer_names
    mats = {name: _neighbours(net, name, mode) for name in every}
    total = (sum(mats.values()) != 0).sum(axis=1).A.ravel().astype(float)

    def share(group):
        inside = sum(mats[g] for g in group) != 0
        if exclusive:
            rest = [mats[g] for g in every if g not in group]
            if rest:
                inside = inside.astype(np.int8)
                inside = inside - inside.multiply(sum(rest) != 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, inside.sum(axis=1).A.ravel() / np.where(total > 0, total, 1),
                            np.nan)

    if layer_set is not None:
        group = _layers(net, layer_set)
        return pd.Series(share(group), index=net.firm_ids, name="relevance")
    cols = _layers(net, layers)
    out = pd.DataFrame({c: share([c]) for c in cols}, index=net.firm_ids)
    out.columns.name = "exclusive_relevance" if exclusive else "relevance"
    return out
