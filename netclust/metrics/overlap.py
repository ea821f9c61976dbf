"""How layers overlap: shared links, shared firms and correlated degrees (layer pairs).

Per layer pair: edge Jaccard similarity and degree rank correlation; network-wide:
global edge overlap and pair multiplexity. Every measure uses the layers'
*undirected views* (a firm pair is linked in a layer whatever the direction).

References
----------
.. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Structural measures for
   multiplex networks. Phys. Rev. E 89, 032804.
.. [2] Nicosia, V., & Latora, V. (2015). Measuring and modeling correlations in
   multiplex networks. Phys. Rev. E 92, 032805.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust.metrics._layers import layer_columns
from netclust.metrics.multiplex import layer_degrees

__all__ = [
    "degree_rank_correlation",
    "edge_jaccard",
    "global_overlap",
    "pair_multiplexity",
]


def _pair_layer_matrix(net, cols):
    """Sparse binary (linked pair x layer) incidence on the undirected views."""
    links = net.links
    names = list(cols)
    lay = links["layer"].astype(str).to_numpy()
    keep = np.isin(lay, names)
    s = links["src"].to_numpy()[keep]
    d = links["dst"].to_numpy()[keep]
    li = pd.Index(names).get_indexer(lay[keep])
    n = net.n_firms
    pair = np.minimum(s, d).astype(np.int64) * n + np.maximum(s, d)
    uniq, row = np.unique(pair, return_inverse=True)
    e = sp.csr_matrix((np.ones(len(row)), (row, li)), shape=(len(uniq), len(names)))
    e.data[:] = 1.0  # duplicates (periods, both directions) count once
    return e


def edge_jaccard(net, *, layers=None) -> pd.DataFrame:
    """Jaccard similarity of the layers' link sets (layer × layer).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to compare (default: all).

    Returns
    -------
    pandas.DataFrame
        Square, index and columns the layer names; 1 on the diagonal (NaN for an
        empty layer).

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    global_overlap, pair_multiplexity, degree_rank_correlation

    Notes
    -----
    :math:`J_{\\alpha\\beta} = |E_\\alpha \\cap E_\\beta| / |E_\\alpha \\cup E_\\beta|`
    on unordered firm pairs (undirected views). Computed at once as
    :math:`E^T E` of the sparse pair × layer incidence matrix.

    References
    ----------
    .. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804
       (edge overlap).

    Examples
    --------
    >>> from netclust.metrics.overlap import edge_jaccard
    >>> net = nc.datasets.toy()
    >>> edge_jaccard(net).loc["procurement", "logistics"]  # no shared pair
    np.float64(0.0)
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> edge_jaccard(net.add(links=extra)).round(3).loc["procurement", "design_sharing"]
    np.float64(0.111)
    """
    cols = layer_columns(net, layers, aggregate=False)
    e = _pair_layer_matrix(net, cols)
    inter = (e.T @ e).toarray()
    size = np.diag(inter)
    union = size[:, None] + size[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        j = np.where(union > 0, inter / np.where(union > 0, union, 1), np.nan)
    out = pd.DataFrame(j, index=pd.Index(cols, name="layer"), columns=pd.Index(cols, name="other_layer"))
    return out


def global_overlap(net, *, layers=None) -> float:
    """Average edge overlap: mean share of layers in which a linked pair is linked.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers to use (default: all).

    Returns
    -------
    float
        In [1/M, 1]: 1/M when no pair is linked in two layers, 1 when all layers are
        identical; NaN if there is no link.

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    pair_multiplexity, edge_jaccard

    Notes
    -----
    :math:`\\omega = \\sum_{i<j} o_{ij} / (M \\sum_{i<j} [o_{ij} > 0])` with
    :math:`o_{ij} = \\sum_\\alpha a_{ij}^\\alpha` the edge overlap of the pair
    (Battiston et al. 2014, average edge overlap), on undirected views.

    References
    ----------
    .. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804.

    Examples
    --------
    >>> from netclust.metrics.overlap import global_overlap
    >>> net = nc.datasets.toy()
    >>> round(global_overlap(net), 3)  # no pair linked in two layers: 1/M
    0.333
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> round(global_overlap(net.add(links=extra)), 3)  # 14 pair-layers over 3 x 13 pairs
    0.359
    """
    cols = layer_columns(net, layers, aggregate=False)
    e = _pair_layer_matrix(net, cols)
    if e.shape[0] == 0:
        return float("nan")
    return float(e.sum() / (len(cols) * e.shape[0]))


def pair_multiplexity(net, *, layers=None) -> float:
    """Share of linked firm pairs that are linked in at least two layers.

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
    global_overlap

    Notes
    -----
    :math:`\\#\\{i<j : o_{ij} \\ge 2\\} / \\#\\{i<j : o_{ij} \\ge 1\\}` on undirected
    views: how often a business tie is backed by a second kind of tie.

    References
    ----------
    .. [1] Battiston, F., Nicosia, V., & Latora, V. (2014). Phys. Rev. E 89, 032804.

    Examples
    --------
    >>> from netclust.metrics.overlap import pair_multiplexity
    >>> net = nc.datasets.toy()
    >>> pair_multiplexity(net)
    0.0
    >>> extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    >>> round(pair_multiplexity(net.add(links=extra)), 3)  # 1 of 13 pairs
    0.077
    """
    e = _pair_layer_matrix(net, layer_columns(net, layers, aggregate=False))
    if e.shape[0] == 0:
        return float("nan")
    return float((np.asarray(e.sum(axis=1)).ravel() >= 2).mean())


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
    edge_jaccard

    Notes
    -----
    :math:`\\rho_{\\alpha\\beta}` = Pearson correlation of the ranks (average ranks for
    ties) of :math:`k_i^\\alpha` and :math:`k_i^\\beta` over all N firms, isolated
    ones included (Nicosia & Latora 2015, inter-layer degree correlation). Positive:
    firms busy in one layer are busy in the other.

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
    r = k.rank(method="average")
    out = r.corr(method="pearson")
    out.index.name, out.columns.name = "layer", "other_layer"
    return out
