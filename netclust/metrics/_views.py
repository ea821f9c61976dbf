"""Views of the layers handed to metrics: the only loop over layers.

A :class:`LayerView` is one layer (or the aggregate) as a metric sees it: its
:class:`~netclust.schema.LayerSpec`, whether this view is directed, the igraph
graph and the scipy CSR matrices of *the same view*. Both come from the
network's cached views (:meth:`MultilayerNetwork.to_igraph`,
:meth:`MultilayerNetwork.adjacency`), so building a view costs nothing after the
first time and a metric never reaches back into the network for the matrix of
the graph it was handed.

Entry points
------------
* :func:`views` — the views of the requested layers (the one loop over layers);
* :func:`per_view` — lift ``func(view) -> array`` to a firm × layer DataFrame;
* :func:`per_layer` — the same for ``func(graph, spec)`` (single-graph measures
  that need no matrix);
* :func:`layer_columns` — resolve a ``layers=`` argument.

Above :data:`netclust._workers.PARALLEL_MIN` firms the views of one call are computed
on forked worker processes (:func:`netclust._workers.parallel_map`: same values, in
the same order; ``NETCLUST_WORKERS=1`` keeps it serial).

Conventions of the views are those of :class:`~netclust.model.MultilayerNetwork`:
the undirected view of a directed *unweighted* layer is binary (a reciprocated
pair is one edge of weight 1), that of a directed *weighted* layer sums the two
directions' flows; the aggregate is undirected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._check import str_list
from netclust._workers import parallel_map
from netclust.errors import InputError
from netclust.schema import AGGREGATE, LayerSpec

__all__ = ["LayerView", "views", "per_view", "per_layer", "layer_columns", "build_views"]


@dataclass(frozen=True)
class LayerView:
    """One layer (or the aggregate) as a metric sees it.

    Attributes
    ----------
    net : MultilayerNetwork
    name : str
        Layer name or ``AGGREGATE``.
    spec : LayerSpec or None
        ``None`` for the aggregate.
    directed : bool
        Whether *this view* is directed (False for undirected views of directed layers).

    Examples
    --------
    >>> import netclust as nc
    >>> from netclust.metrics._views import LayerView
    >>> v = LayerView.of(nc.datasets.toy(), "procurement", directed=False)
    >>> v.directed, v.graph.ecount(), int(v.matrix(weighted=False).nnz)
    (False, 6, 12)
    """

    net: object
    name: str
    spec: LayerSpec | None
    directed: bool

    @classmethod
    def of(cls, net, name: str, directed: bool | None = None) -> "LayerView":
        """The view of layer ``name``: ``directed=None`` follows the spec, False undirects."""
        if name == AGGREGATE:
            return cls(net, name, None, False)
        spec = net.layer_spec(name)
        return cls(net, name, spec, spec.directed if directed is None else
                   bool(directed) and spec.directed)

    @property
    def is_aggregate(self) -> bool:
        """True for the aggregate view."""
        return self.spec is None

    @property
    def weighted(self) -> bool:
        """True if link weights are meaningful (the aggregate sums weights: True)."""
        return True if self.spec is None else bool(self.spec.weighted)

    @property
    def n(self) -> int:
        """Number of firms (vertices)."""
        return self.net.n_firms

    @property
    def graph(self):
        """The cached igraph graph of this view (do not mutate; ``.copy()`` first)."""
        return self.net.to_igraph(self.name, directed=self._dir_arg)

    @property
    def _dir_arg(self):
        if self.spec is None or self.directed == self.spec.directed:
            return None  # the spec's own view (one cache entry per view)
        return self.directed

    def matrix(self, weighted: bool = True) -> sp.csr_matrix:
        """CSR adjacency of this view: ``A[i, j]`` = weight of i → j (symmetric if undirected).

        ``weighted=False`` gives 1 per linked (ordered) pair. Read-only (cached).
        """
        return self.net.adjacency(self.name, directed=self._dir_arg, weighted=weighted)

    def arcs(self) -> sp.csr_matrix:
        """Binary directed matrix of the layer (the symmetric matrix on undirected layers)."""
        directed = None if self.spec is None else self.spec.directed
        return self.net.adjacency(self.name, directed=directed, weighted=False)

    def mutual(self) -> sp.csr_matrix:
        """``arcs + arcs.T`` on a directed layer (2 for a reciprocated pair), else ``arcs``.

        The unweighted "mutual weight" of networkx's Burt measures on a DiGraph.
        """
        a = self.arcs()
        if self.spec is not None and self.spec.directed:
            return (a + a.T).tocsr()
        return a


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
    >>> from netclust.metrics._views import layer_columns
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


def views(net, layers=None, aggregate: bool = True, directed: bool | None = None) -> list:
    """The :class:`LayerView` of each requested layer (the one loop over layers).

    Parameters
    ----------
    net : MultilayerNetwork
    layers, aggregate
        As :func:`layer_columns`.
    directed : bool, optional
        ``None`` follows each layer's spec; ``False`` gives undirected views.

    Examples
    --------
    >>> import netclust as nc
    >>> from netclust.metrics._views import views
    >>> [v.name for v in views(nc.datasets.toy(), aggregate=False)]
    ['procurement', 'design_sharing', 'logistics']
    """
    return [LayerView.of(net, col, directed) for col in layer_columns(net, layers, aggregate)]


def _costs(net, vs) -> list:
    """Links behind each view (the aggregate: all links): the work of a view grows with them."""
    counts = np.bincount(net.layer_codes, minlength=len(net.layer_names))
    index = {name: i for i, name in enumerate(net.layer_names)}
    return [float(counts.sum() if v.is_aggregate else counts[index[v.name]]) for v in vs]


def per_view(net, func: Callable, layers=None, aggregate: bool = True,
             directed: bool | None = None, name: str | None = None) -> pd.DataFrame:
    """Apply ``func(view)`` to each layer's :class:`LayerView` and collect the results.

    Parameters
    ----------
    net : MultilayerNetwork
    func : callable
        ``func(view: LayerView) -> array-like`` of length ``net.n_firms``.
    layers : str, list of str or None
        Layers to compute (default: all, plus ``aggregate``).
    aggregate : bool, default True
        Include the aggregate when ``layers`` is None.
    directed : bool, optional
        ``None`` follows each layer's spec, ``False`` uses undirected views.
    name : str, optional
        Name of the columns' axis (e.g. the metric name).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id`` (all firms, input order), one float column per layer.

    Examples
    --------
    >>> import netclust as nc
    >>> from netclust.metrics._views import per_view
    >>> deg = per_view(nc.datasets.toy(), lambda v: v.matrix(weighted=False).getnnz(axis=1),
    ...                directed=False)
    >>> deg.loc["L1"].tolist()
    [0.0, 0.0, 4.0, 4.0]
    """
    data = {}
    vs = views(net, layers, aggregate, directed)
    results = parallel_map(func, vs, size=net.n_firms, prepare=_build, cost=_costs(net, vs))
    for view, result in zip(vs, results):
        values = np.asarray(result, dtype=float)
        if values.shape != (net.n_firms,):
            raise ValueError(f"{getattr(func, '__name__', func)} returned shape {values.shape} "
                             f"for layer {view.name!r}, expected ({net.n_firms},)")
        data[view.name] = values
    out = pd.DataFrame(data, index=net.firm_ids)
    out.columns.name = name
    return out


def _build(view) -> None:
    """Build a view's graph and matrix in this process (shared with forked workers, kept)."""
    view.graph, view.matrix()


def build_views(net, layers=None) -> None:
    """Build every cached view of ``layers`` here: graphs and both matrices, as declared and undirected.

    Called before work is sent to forked workers (:func:`netclust._workers.parallel_map`),
    so that the workers share these views instead of each building its own copy.

    Examples
    --------
    >>> import netclust as nc
    >>> from netclust.metrics._views import build_views
    >>> build_views(nc.datasets.toy(), ["logistics"])
    """
    for directed in (None, False):
        for view in views(net, layers, directed=directed):
            view.graph, view.matrix(True), view.matrix(False)


def per_layer(net, func: Callable, layers=None, aggregate: bool = True,
              directed: bool | None = None, name: str | None = None) -> pd.DataFrame:
    """Apply ``func(graph, spec)`` to each layer's igraph view and collect the results.

    The single-graph form of :func:`per_view`: ``func`` receives the view's igraph
    graph and its spec (``None`` for the aggregate). Use :func:`per_view` when the
    measure also needs the view's matrix.

    Examples
    --------
    >>> import netclust as nc
    >>> from netclust.metrics._views import per_layer
    >>> deg = per_layer(nc.datasets.toy(), lambda g, spec: g.degree())
    >>> deg.loc["L1"].tolist()
    [0.0, 0.0, 4.0, 4.0]
    """
    def on_view(view):
        return func(view.graph, view.spec)

    on_view.__name__ = getattr(func, "__name__", "func")
    return per_view(net, on_view, layers, aggregate, directed, name)
