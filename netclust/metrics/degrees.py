"""Degree and strength of every firm, per layer and on the aggregate (in, out, total)."""

from __future__ import annotations

import pandas as pd

from netclust.metrics._views import per_layer
from netclust.metrics._measure import as_frame, edge_weights

__all__ = ["in_degree", "out_degree", "degree", "in_strength", "out_strength", "strength"]


def _degree_func(mode, weighted):
    def func(graph, spec):
        m = mode if graph.is_directed() else "all"
        if weighted:
            return graph.strength(mode=m, weights=edge_weights(graph, True), loops=False)
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
    return as_frame(per_layer(net, _degree_func("in", False), layers=layers, aggregate=aggregate), "in_degree")


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
    return as_frame(per_layer(net, _degree_func("out", False), layers=layers, aggregate=aggregate), "out_degree")


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
    return as_frame(
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
    return as_frame(per_layer(net, _degree_func("in", True), layers=layers, aggregate=aggregate), "in_strength")


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
    return as_frame(per_layer(net, _degree_func("out", True), layers=layers, aggregate=aggregate), "out_strength")


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
    return as_frame(per_layer(net, _degree_func("all", True), layers=layers, aggregate=aggregate), "strength")
