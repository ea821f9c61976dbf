"""Lifting a single-graph measure to every layer: the only loop over layers.

Every per-layer metric is written once for one ``igraph.Graph`` and lifted with
:func:`per_layer`, which returns a DataFrame indexed by ``firm_id`` with one
column per layer plus ``aggregate``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from netclust._check import str_list
from netclust.errors import InputError
from netclust.schema import AGGREGATE

__all__ = ["per_layer", "layer_columns"]


def layer_columns(net, layers=None, aggregate: bool = True) -> list:
    """Resolve a ``layers=`` argument into the list of columns to compute.

    Parameters
    ----------
    net : MultilayerNetwork
    layers : str, list of str or None
        ``None`` means every declared layer; ``"aggregate"`` may be named explicitly.
    aggregate : bool, default True
        Append ``"aggregate"`` when ``layers`` is None.

    Examples
    --------
    >>> import netclust as nc
    >>> from netclust.metrics._layers import layer_columns
    >>> layer_columns(nc.datasets.toy(), ["logistics", "aggregate"])
    ['logistics', 'aggregate']
    """
    if layers is None:
        return net.layer_names + ([AGGREGATE] if aggregate else [])
    names = str_list(layers, "layers")
    for name in names:
        if name != AGGREGATE:
            net.layer_spec(name)  # raises InputError for unknown layers
    if len(set(names)) != len(names):
        raise InputError(f"layer listed twice in {names}")
    return names


def per_layer(net, func: Callable, layers=None, aggregate: bool = True,
              directed: bool | None = None, name: str | None = None) -> pd.DataFrame:
    """Apply ``func(graph, spec)`` to each layer's igraph view and collect the results.

    Parameters
    ----------
    net : MultilayerNetwork
    func : callable
        ``func(graph: igraph.Graph, spec: LayerSpec | None) -> array-like`` of length
        ``net.n_firms``; ``spec`` is ``None`` for the aggregate.
    layers : str, list of str or None
        Layers to compute (default: all, plus ``aggregate``).
    aggregate : bool, default True
        Include the aggregate when ``layers`` is None.
    directed : bool, optional
        Passed to :meth:`MultilayerNetwork.to_igraph`: ``None`` follows each layer's
        spec, ``False`` uses undirected views.
    name : str, optional
        Name of the columns' axis (e.g. the metric name).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id`` (all firms, input order), one float column per layer.

    Examples
    --------
    >>> import netclust as nc
    >>> from netclust.metrics._layers import per_layer
    >>> deg = per_layer(nc.datasets.toy(), lambda g, spec: g.degree())
    >>> deg.loc["L1"].tolist()
    [0.0, 0.0, 4.0, 4.0]
    """
    cols = layer_columns(net, layers, aggregate)
    data = {}
    for col in cols:
        spec = None if col == AGGREGATE else net.layer_spec(col)
        view_dir = None if col == AGGREGATE else (
            directed if (directed is None or spec.directed) else None)
        g = net.to_igraph(col, directed=view_dir)
        values = np.asarray(func(g, spec), dtype=float)
        if values.shape != (net.n_firms,):
            raise ValueError(f"{getattr(func, '__name__', func)} returned shape {values.shape} "
                             f"for layer {col!r}, expected ({net.n_firms},)")
        data[col] = values
    out = pd.DataFrame(data, index=net.firm_ids)
    out.columns.name = name
    return out
