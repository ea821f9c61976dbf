"""Communities: Leiden per layer and across layers, modularity checks, community tables.

- :func:`communities` finds one partition of the firms shared by all layers
  (multiplex Leiden, leidenalg's ``find_partition_multiplex``), or of a single
  layer / the aggregate (igraph's built-in Leiden, C, fast);
- :func:`layer_communities` partitions every layer separately;
- :func:`modularity` and :func:`multislice_modularity` score any partition with
  our own sparse code (an independent check of the optimisers' reported quality);
- :func:`community_table` describes each community (size, roles, anchors, sector,
  internal vs external links, per-layer cohesion);
- :func:`partition_agreement` compares two partitions (NMI, ARI).

Communities are always found on each layer's *undirected view* (weight = sum of
both directions): direction matters for flows, not for who works with whom.
Community labels are integers ``0, 1, ...`` by decreasing size (ties: the
community of the earlier firm first), so results are stable under relabelling.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._progress import report
from netclust._random import int_seed, make_rng
from netclust.metrics._measure import unit_scale
from netclust.metrics._views import LayerView, layer_columns, per_layer, views
from netclust._check import choice, positive_int
from netclust.errors import InputError
from netclust.schema import AGGREGATE


__all__ = [
    "CommunityResult",
    "communities",
    "community_table",
    "layer_communities",
    "modularity",
    "multislice_modularity",
    "partition_agreement",
]

_METHODS = ("leiden", "louvain", "leiden-aggregate")
#: Above this many firms :class:`netclust.analysis.Settings` defaults the community search to
#: ``method="leiden-aggregate"`` (igraph's C Leiden on the aggregate, about 10x faster than
#: one multiplex Leiden run at 1,000,000 firms); ``method="leiden"`` keeps the multiplex search.
AGGREGATE_SEARCH_FIRMS = 200_000


@contextmanager
def _igraph_seed(seed: int):
    """Seed igraph's RNG for one call, then give igraph back Python's ``random`` module.

    igraph's C core draws from one process-wide generator; this is the only way to make
    its Leiden/Louvain reproducible. The previous generator is igraph's default.
    """
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _relabel(labels) -> np.ndarray:
    """Integer labels 0..K-1 by decreasing size, ties by first appearance."""
    codes, _ = pd.factorize(np.asarray(labels), sort=False)
    sizes = np.bincount(codes)
    order = np.lexsort((np.arange(len(sizes)), -sizes))
    new = np.empty_like(order)
    new[order] = np.arange(len(order))
    return new[codes].astype(np.int64)


def _membership_array(net, membership) -> np.ndarray:
    """Membership aligned with ``net.firms`` as integer codes."""
    if isinstance(membership, pd.Series):
        missing = net.firm_ids.difference(membership.index)
        if len(missing):
            raise InputError(
                f"membership lacks {len(missing)} firm(s), e.g. {list(missing[:3])}"
            )
        membership = membership.reindex(net.firm_ids).to_numpy()
    values = np.asarray(membership)
    if values.shape != (net.n_firms,):
        raise InputError(f"membership needs one label per firm ({net.n_firms}), got shape {values.shape}")
    if pd.isna(values).any():
        raise InputError("membership has missing labels")
    return pd.factorize(values, sort=False)[0].astype(np.int64)


# ----------------------------------------------------------------------------
# quality functions (our own code: independent of igraph/leidenalg)
# ----------------------------------------------------------------------------
def _supra_modularity(supra: sp.csr_matrix, labels: np.ndarray, n: int, resolution):
    """Per-layer intra terms and the multislice total for node-layer labels.

    Returns (q_layer, m_layer, total_weight, intra_coupling_sum) where
    ``q_layer[s] = sum_ij (A_ijs - g k_is k_js / 2m_s) delta`` (unnormalised, over ordered
    pairs) and ``m_layer[s] = 2 m_s``.
    """
    size = supra.shape[0]
    n_layers = size // n
    coo = supra.tocoo()
    same = labels[coo.row] == labels[coo.col]
    layer_row = coo.row // n
    intra = layer_row == (coo.col // n)
    inside = np.bincount(layer_row[intra & same], weights=coo.data[intra & same], minlength=n_layers)
    coupling_inside = coo.data[~intra & same].sum()
    k = np.bincount(coo.row[intra], weights=coo.data[intra], minlength=size)
    two_m = np.bincount(np.arange(size) // n, weights=k, minlength=n_layers)
    layer_of = np.arange(size) // n
    key = layer_of * (labels.max() + 1 if size else 1) + labels
    k_comm = np.bincount(key, weights=k)
    layer_of_key = np.arange(len(k_comm)) // (labels.max() + 1 if size else 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        # k (k / 2m), not k**2 / 2m: the square overflows for weights such as 1e160
        expected = np.where(two_m[layer_of_key] > 0, k_comm * (k_comm / two_m[layer_of_key]), 0.0)
    expected_layer = np.bincount(layer_of_key, weights=expected, minlength=n_layers)
    gamma = np.broadcast_to(np.asarray(resolution, dtype=float), (n_layers,))
    q_layer = inside - gamma * expected_layer
    return q_layer, two_m, float(supra.sum()), float(coupling_inside)


def modularity(net, membership, *, layers=None, aggregate=True, resolution=1.0) -> pd.Series:
    """Newman modularity of one firm partition in each layer (and the aggregate).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    membership : pandas.Series or array-like
        Community label of each firm (Series indexed by ``firm_id``, or in firm order).
    layers : list of str, optional
        Layers to score (default: all).
    aggregate : bool, default True
        Also score the aggregate.
    resolution : float, default 1.0
        Resolution :math:`\\gamma`.

    Returns
    -------
    pandas.Series
        Index = layer names (+ ``aggregate``), name ``modularity``; NaN for a layer
        without links.

    Raises
    ------
    InputError
        If the membership does not cover every firm.

    See Also
    --------
    multislice_modularity, communities

    Notes
    -----
    :math:`Q_\\alpha = \\frac{1}{2m_\\alpha} \\sum_{ij} \\left(A^\\alpha_{ij} -
    \\gamma \\frac{k^\\alpha_i k^\\alpha_j}{2m_\\alpha}\\right) \\delta(g_i, g_j)` on the
    weighted undirected view of each layer. Computed by our own vectorised code from
    the block-diagonal supra-adjacency (an independent check of igraph and leidenalg).

    References
    ----------
    .. [1] Newman, M. E. J., & Girvan, M. (2004). Finding and evaluating community
       structure in networks. Phys. Rev. E 69, 026113.

    Examples
    --------
    >>> from netclust.metrics.community import modularity
    >>> net = nc.datasets.toy()
    >>> one = pd.Series(0, index=net.firm_ids)
    >>> q = modularity(net, one)  # one community holding every firm: Q = 0
    >>> q.round(9).abs().tolist()
    [0.0, 0.0, 0.0, 0.0]
    """
    labels = _membership_array(net, membership)
    cols = layer_columns(net, layers, aggregate)
    order = [c for c in cols if c != AGGREGATE] + ([AGGREGATE] if AGGREGATE in cols else [])
    blocks = [v.matrix() for v in views(net, order, directed=False)]
    supra = sp.block_diag(blocks, format="csr") if blocks else sp.csr_matrix((0, 0))
    node_labels = np.tile(labels, len(blocks))
    q, two_m, _, _ = _supra_modularity(supra, node_labels, net.n_firms, resolution)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(two_m > 0, q / two_m, np.nan)
    out = pd.Series(values, index=pd.Index(order, name="layer"), name="modularity")
    return out.reindex(cols)


def multislice_modularity(net, membership, *, omega=1.0, resolution=1.0) -> float:
    """Multislice modularity (Mucha et al. 2010) of a multiplex partition.

    Parameters
    ----------
    net : MultilayerNetwork
        The network (all its layers are slices; use ``net.subset(layers=...)`` for fewer).
    membership : pandas.Series, pandas.DataFrame or array-like
        One label per firm (the same community in every layer), or a DataFrame indexed
        by ``firm_id`` with one column per layer (a node-layer partition).
    omega : float, default 1.0
        Inter-slice coupling :math:`C_{j s r} = \\omega` between every pair of layers.
    resolution : float, default 1.0
        Resolution :math:`\\gamma` (same in every layer).

    Returns
    -------
    float
        The multislice modularity (NaN for a network without links and ``omega = 0``).

    Raises
    ------
    InputError
        If the membership does not cover every firm (and layer).

    See Also
    --------
    modularity, communities

    Notes
    -----
    .. math::

       Q = \\frac{1}{2\\mu} \\sum_{ijsr} \\left[\\left(A_{ijs} - \\gamma
       \\frac{k_{is} k_{js}}{2 m_s}\\right) \\delta_{sr} + \\delta_{ij} C_{jsr}\\right]
       \\delta(g_{is}, g_{jr}),

    :math:`2\\mu = \\sum_{ijs} A_{ijs} + \\sum_{jsr} C_{jsr}`, on the undirected views,
    computed from ``net.supra_adjacency(omega)`` in a few vectorised passes. With one
    layer it is Newman's modularity. For a partition shared by all layers the coupling
    term is constant, so maximising it weights each layer by its total link weight:
    this is what :func:`communities` optimises with the default ``layer_weights``.

    References
    ----------
    .. [1] Mucha, P. J., Richardson, T., Macon, K., Porter, M. A., & Onnela, J.-P. (2010).
       Community structure in time-dependent, multiscale, and multiplex networks.
       Science 328, 876-878.

    Examples
    --------
    >>> from netclust.metrics.community import communities, multislice_modularity
    >>> net = nc.datasets.toy()
    >>> r = communities(net, seed=1)
    >>> q = multislice_modularity(net, r.membership)
    >>> bool(abs(q - r.multislice_modularity) < 1e-9)
    True
    """
    n, names = net.n_firms, net.layer_names
    if isinstance(membership, pd.DataFrame):
        missing = [c for c in names if c not in membership.columns]
        if missing:
            raise InputError(f"membership lacks layer column(s) {missing}")
        for c in names:
            _membership_array(net, membership[c])  # checks coverage
        node_labels = pd.factorize(
            np.concatenate([np.asarray(membership[c].reindex(net.firm_ids)) for c in names]), sort=False
        )[0]
    else:
        node_labels = np.tile(_membership_array(net, membership), len(names))
    if omega < 0:
        raise InputError(f"omega must be >= 0, not {omega!r}")
    supra = net.supra_adjacency(omega, directed=False)
    q, _, total, coupling = _supra_modularity(supra, node_labels.astype(np.int64), n, resolution)
    if total == 0:
        return float("nan")
    return float((q.sum() + coupling) / total)


# ----------------------------------------------------------------------------
# optimisers
# ----------------------------------------------------------------------------
#: Community search default: runs kept best-of, and firms above which it gets cheaper.
DEFAULT_RUNS = 10
SEARCH_MAX_FIRMS = 10_000
#: Above this many firms the default search is a single run (each multiplex Leiden run
#: takes about 90 s at 1,000,000 firms).
SINGLE_RUN_FIRMS = 200_000


def default_search(n_firms: int, n_runs=None, n_iterations=None) -> tuple:
    """``(n_runs, n_iterations)`` of the default community search for ``n_firms`` firms.

    Up to :data:`SEARCH_MAX_FIRMS` firms: best of :data:`DEFAULT_RUNS` seeded runs,
    each iterated to convergence (``-1``); above: 2 runs of 2 iterations, and one run
    above :data:`SINGLE_RUN_FIRMS`. Explicit values are checked and kept.

    Examples
    --------
    >>> from netclust.metrics.community import default_search
    >>> default_search(100), default_search(50_000), default_search(100, 3, 2)
    ((10, -1), (2, 2), (3, 2))
    >>> default_search(1_000_000)
    (1, 2)
    """
    small = n_firms <= SEARCH_MAX_FIRMS
    runs = DEFAULT_RUNS if small else (2 if n_firms <= SINGLE_RUN_FIRMS else 1)
    n_runs = runs if n_runs is None else positive_int(n_runs, "n_runs")
    n_iterations = (-1 if small else 2) if n_iterations is None else int(n_iterations)
    return n_runs, n_iterations


def _single_graph(graph, method, resolution, seed, n_iterations=2):
    weights = None
    if graph.ecount():
        weights = np.asarray(graph.es["weight"], dtype=float)
        weights = (weights * unit_scale(weights)).tolist()
    with _igraph_seed(seed):
        if method == "leiden":
            c = graph.community_leiden(objective_function="modularity", weights=weights,
                                       resolution=resolution, n_iterations=n_iterations)
        else:
            c = graph.community_multilevel(weights=weights, resolution=resolution)
    return np.asarray(c.membership), graph.modularity(c.membership, weights=weights, resolution=resolution)


def _layer_weights(net, names, layer_weights):
    """leidenalg layer weights for RBConfiguration partitions (unnormalised quality)."""
    two_m = np.array([v.matrix().sum() for v in views(net, names, directed=False)])
    if layer_weights is None or layer_weights == "edges":
        lam = np.ones(len(names))
    elif layer_weights == "equal":
        lam = np.divide(1.0, two_m, out=np.zeros(len(names)), where=two_m > 0)
    elif isinstance(layer_weights, dict):
        unknown = set(layer_weights) - set(names)
        if unknown:
            raise InputError(f"layer_weights names unknown layer(s) {sorted(unknown)}")
        w = np.array([float(layer_weights.get(c, 0.0)) for c in names])
        if (w < 0).any() or not np.isfinite(w).all() or w.sum() == 0:
            raise InputError("layer_weights must be finite, >= 0 and not all 0")
        lam = np.divide(w, two_m, out=np.zeros(len(names)), where=two_m > 0)
    else:
        raise InputError("layer_weights must be None, 'edges', 'equal' or a {layer: weight} mapping")
    return lam


def _multiplex_leiden(net, names, resolution, lam, seed, n_iterations, warm_start):
    import leidenalg as la

    graphs = [v.graph for v in views(net, names, directed=False)]
    initial = None
    if warm_start:  # start from igraph's (fast, C) Leiden partition of the aggregate
        initial = _single_graph(LayerView.of(net, AGGREGATE).graph, "leiden", resolution, seed,
                                n_iterations)[0].tolist()
    unit = unit_scale([max(g.es["weight"], default=0.0) for g in graphs])
    parts = [la.RBConfigurationVertexPartition(
        g, initial_membership=initial, weights=(np.asarray(g.es["weight"], dtype=float) * unit).tolist(),
        resolution_parameter=resolution) for g in graphs]
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(parts, layer_weights=lam.tolist(), n_iterations=n_iterations)
    # leidenalg's own value of each layer's (unnormalised) quality for the final partition
    layer_quality = [float(p.quality()) / unit for p in parts]
    quality = float(np.dot(lam, layer_quality))
    return np.asarray(parts[0].membership), quality, dict(zip(names, layer_quality))


@dataclass(frozen=True)
class CommunityResult:
    """A partition of the firms and how good it is.

    Attributes
    ----------
    membership : pandas.Series
        Community of each firm (index ``firm_id``, name ``community``; 0 = largest).
    layer_modularity : pandas.Series
        Newman modularity of the partition in each layer and the aggregate.
    multislice_modularity : float
        Mucha et al. multislice modularity (our code), with coupling ``params["omega"]``.
    quality : float
        The optimiser's own objective for the best run: leidenalg's
        :math:`\\sum_\\alpha \\lambda_\\alpha q_\\alpha` (layer qualities in
        ``params["leiden_layer_quality"]``), or igraph's modularity for one graph.
    method : str
        ``'leiden-multiplex'``, ``'leiden'`` or ``'louvain'``.
    params : dict
        Layers, resolution, effective leidenalg layer weights, omega, seeds, runs.

    See Also
    --------
    communities : returns it.

    Notes
    -----
    Frozen: results are values. ``membership`` is all that defines the partition; the
    other fields are derived from it and from the parameters in ``params``.

    Examples
    --------
    >>> from netclust.metrics.community import communities
    >>> r = communities(nc.datasets.toy(), seed=1)
    >>> int(r.sizes().sum()), r.n_communities == r.membership.nunique()
    (9, True)
    """

    membership: pd.Series
    layer_modularity: pd.Series
    multislice_modularity: float
    quality: float
    method: str
    params: dict = field(default_factory=dict)

    @property
    def n_communities(self) -> int:
        """Number of communities (isolated firms are singleton communities)."""
        return int(self.membership.nunique())

    def sizes(self) -> pd.Series:
        """Number of firms in each community, largest first."""
        return self.membership.value_counts().sort_index().rename("size")

    def __repr__(self) -> str:
        q = ", ".join(f"{k}={v:.3f}" for k, v in self.layer_modularity.items())
        return (f"<CommunityResult {self.method}: {self.n_communities} communities, "
                f"multislice Q={self.multislice_modularity:.3f}; {q}>")


def communities(
    net, *, layers=None, method="leiden", resolution=1.0, layer_weights=None, omega=1.0,
    seed=0, n_runs=None, n_iterations=None, warm_start=True, progress=None,
) -> CommunityResult:
    """Find communities of firms across layers (multiplex Leiden) or in one layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : str or list of str, optional
        Layers to use (default: all). One layer, or ``'aggregate'``, runs single-graph
        Leiden on it; several layers run multiplex Leiden.
    method : {'leiden', 'louvain', 'leiden-aggregate'}, default 'leiden'
        ``'louvain'`` (igraph multilevel) is the alternative; across several layers it
        runs on the aggregate (sum of the layers), an approximation of the multiplex
        objective. ``'leiden-aggregate'``: igraph's C Leiden (modularity objective,
        seeded) on the aggregate, the same approximation, for very large networks
        (the default of :class:`netclust.analysis.Settings` above
        :data:`AGGREGATE_SEARCH_FIRMS` firms); ``method`` of the result names it.
    resolution : float, default 1.0
        Resolution :math:`\\gamma` (higher: smaller communities).
    layer_weights : None, 'edges', 'equal' or dict, optional
        Weight of each layer in the multiplex objective. ``None``/``'edges'``: each layer
        counts by its total link weight (maximises Mucha's multislice modularity);
        ``'equal'``: each layer's normalised modularity counts the same; a mapping
        ``{layer: w}`` maximises :math:`\\sum_\\alpha w_\\alpha Q_\\alpha`.
    omega : float, default 1.0
        Coupling used to *report* the multislice modularity (a partition shared by all
        layers does not depend on it).
    seed : int, numpy.random.Generator or None, default 0
        Seed; igraph/leidenalg receive integer seeds drawn from it.
    n_runs : int, optional
        Independent runs with different seeds; the best by the optimiser's quality is
        kept. Default (:data:`DEFAULT_RUNS`): 10 runs up to :data:`SEARCH_MAX_FIRMS`
        firms, 2 above, 1 above :data:`SINGLE_RUN_FIRMS` (a single heuristic run falls short of igraph's best modularity
        on a third of the real layers in tests/data; best of 10 reaches it on all).
        Cost: the default is about 10 single runs up to that size (well under a
        second at a few hundred firms), 2 runs above.
    n_iterations : int, optional
        Leiden iterations per run; a negative value iterates until a full pass brings
        no improvement. Default: -1 up to :data:`SEARCH_MAX_FIRMS` firms, 2 above
        (leidenalg's and igraph's default).
    warm_start : bool, default True
        Multiplex Leiden over all layers starts from igraph's Leiden partition of the
        aggregate (same resolution) instead of singletons: same objective, about a third
        faster at 25,600 firms. Ignored for a subset of layers.
    progress : callable, optional
        ``progress(done, total)`` after each run.

    Returns
    -------
    CommunityResult
        Membership (0 = largest community), per-layer modularity, multislice
        modularity, optimiser quality and parameters.

    Raises
    ------
    InputError
        For a bad ``method``, ``layer_weights``, ``n_runs`` or layer.

    See Also
    --------
    layer_communities, community_table, multislice_modularity, partition_agreement

    Notes
    -----
    Multiplex Leiden (leidenalg's ``Optimiser.optimise_partition_multiplex``, the engine of
    ``find_partition_multiplex``) maximises :math:`\\sum_\\alpha \\lambda_\\alpha q_\\alpha`
    with ``RBConfigurationVertexPartition`` layers, whose quality
    :math:`q_\\alpha = \\sum_{ij}(A^\\alpha_{ij} - \\gamma k_i^\\alpha k_j^\\alpha/2m_\\alpha)
    \\delta(g_i, g_j) = 2 m_\\alpha Q_\\alpha` is *not* normalised per layer (leidenalg's
    ``ModularityVertexPartition`` is: its quality is :math:`Q_\\alpha`, so equal layer
    weights there make a 10-link layer count as much as a 10,000-link one). We pass
    explicit ``layer_weights``: :math:`\\lambda_\\alpha = 1` (``'edges'``) or
    :math:`\\lambda_\\alpha = w_\\alpha / 2m_\\alpha` (``'equal'`` / mapping), recorded in
    ``params["leiden_layer_weights"]``. Isolated firms form singleton communities.

    References
    ----------
    .. [1] Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to Leiden:
       guaranteeing well-connected communities. Sci. Rep. 9, 5233.
    .. [2] Mucha, P. J. et al. (2010). Science 328, 876-878.
    .. [3] Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks.
       J. Stat. Mech. P10008.

    Examples
    --------
    >>> from netclust.metrics.community import communities
    >>> net = nc.datasets.toy()
    >>> r = communities(net, seed=1)
    >>> r.method, r.membership.index.equals(net.firm_ids)
    ('leiden-multiplex', True)
    """
    choice(method, "method", _METHODS)
    n_runs, n_iterations = default_search(net.n_firms, n_runs, n_iterations)
    if not np.isfinite(resolution) or resolution < 0:
        raise InputError(f"resolution must be a finite number >= 0, not {resolution!r}")
    cols = layer_columns(net, layers, aggregate=False)
    names = [c for c in cols if c != AGGREGATE]
    single = len(cols) == 1
    rng = make_rng(seed)
    seeds = [int_seed(rng) for _ in range(int(n_runs))]
    one_graph = single or method != "leiden"
    lam = None if one_graph else _layer_weights(net, names, layer_weights)
    best = None
    for run, s in enumerate(seeds):
        if one_graph:
            graph = LayerView.of(net, cols[0] if single else AGGREGATE, directed=False).graph
            labels, quality = _single_graph(graph, "louvain" if method == "louvain" else "leiden",
                                            resolution, s, n_iterations)
            layer_quality = None
        else:
            labels, quality, layer_quality = _multiplex_leiden(
                net, names, resolution, lam, s, n_iterations,
                warm_start and len(names) == len(net.layer_names))
        if best is None or quality > best[1] + 1e-12:
            best = (labels, quality, s, layer_quality)
        report(progress, run + 1, len(seeds))
    labels, quality, used_seed, layer_quality = best
    membership = pd.Series(_relabel(labels), index=net.firm_ids, name="community")
    kind = ("louvain" if method == "louvain" else "leiden") if single else (
        "leiden-multiplex" if method == "leiden" else method)
    return CommunityResult(
        membership=membership,
        layer_modularity=modularity(net, membership, resolution=resolution),
        multislice_modularity=multislice_modularity(net, membership, omega=omega, resolution=resolution),
        quality=float(quality),
        method=kind,
        params={
            "layers": cols, "resolution": float(resolution), "omega": float(omega),
            "layer_weights": layer_weights if not isinstance(layer_weights, dict) else dict(layer_weights),
            "leiden_layer_weights": None if lam is None else dict(zip(names, lam.tolist())),
            "leiden_layer_quality": layer_quality,
            "seed": used_seed, "n_runs": int(n_runs), "n_iterations": int(n_iterations),
            "warm_start": bool(warm_start),
        },
    )


def layer_communities(net, *, layers=None, aggregate=True, method="leiden", resolution=1.0, seed=0) -> pd.DataFrame:
    """Communities of each layer found separately (igraph Leiden or Louvain).

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    layers : list of str, optional
        Layers (default: all).
    aggregate : bool, default True
        Also partition the aggregate.
    method : {'leiden', 'louvain'}, default 'leiden'
        igraph's built-in Leiden (modularity, until stable) or multilevel Louvain.
    resolution : float, default 1.0
        Resolution :math:`\\gamma`.
    seed : int, numpy.random.Generator or None, default 0
        Seed (one integer seed drawn for all layers).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``, one column per layer (+ ``aggregate``) of integer labels
        (stored as float; 0 = largest community in that layer). Firms without links in
        a layer are singletons there.

    Raises
    ------
    InputError
        For a bad ``method`` or layer.

    See Also
    --------
    communities, modularity

    Notes
    -----
    Each layer's undirected view is partitioned by maximising its Newman modularity.
    Comparing the columns (:func:`partition_agreement`) shows whether procurement,
    design and logistics communities coincide.

    References
    ----------
    .. [1] Traag, V. A., Waltman, L., & van Eck, N. J. (2019). Sci. Rep. 9, 5233.

    Examples
    --------
    >>> from netclust.metrics.community import layer_communities
    >>> net = nc.datasets.toy()
    >>> list(layer_communities(net).columns)
    ['procurement', 'design_sharing', 'logistics', 'aggregate']
    """
    choice(method, "method", _METHODS)
    s = int_seed(make_rng(seed))

    def func(graph, spec):
        return _relabel(_single_graph(graph, method, resolution, s)[0])

    out = per_layer(net, func, layers=layers, aggregate=aggregate, directed=False)
    out.columns.name = "community"
    return out


# ----------------------------------------------------------------------------
# description and agreement
# ----------------------------------------------------------------------------
def _add_link_columns(out: pd.DataFrame, net, labels: np.ndarray, k: int) -> None:
    """Internal / external links and weights and per-layer cohesion of ``k`` communities."""
    # links: one per (pair, layer)
    links = net.links
    lay_names = net.layer_names
    li = net.layer_codes
    s, d = links["src"].to_numpy(), links["dst"].to_numpy()
    w = links["weight"].to_numpy(dtype=float)
    n = net.n_firms
    key = (np.minimum(s, d) * n + np.maximum(s, d)) * len(lay_names) + li
    uniq, inv = np.unique(key, return_inverse=True)
    w = np.bincount(inv, weights=w, minlength=len(uniq))
    li = uniq % len(lay_names)
    pair = uniq // len(lay_names)
    a, b = labels[pair // n], labels[pair % n]
    internal = a == b
    L = len(lay_names)
    int_count = np.bincount(a[internal] * L + li[internal], minlength=k * L).reshape(k, L)
    ext_idx = np.r_[a[~internal], b[~internal]]
    ext_li = np.r_[li[~internal], li[~internal]]
    ext_count = np.bincount(ext_idx * L + ext_li, minlength=k * L).reshape(k, L)
    int_w = np.bincount(a[internal], weights=w[internal], minlength=k)
    ext_w = np.bincount(ext_idx, weights=np.r_[w[~internal], w[~internal]], minlength=k)
    out["internal_links"] = int_count.sum(axis=1)
    out["external_links"] = ext_count.sum(axis=1)
    tot = out["internal_links"] + out["external_links"]
    out["internal_link_share"] = (out["internal_links"] / tot.replace(0, np.nan)).astype(float)
    out["internal_weight_share"] = int_w / np.where(int_w + ext_w > 0, int_w + ext_w, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        cohesion = int_count / np.where(int_count + ext_count > 0, int_count + ext_count, np.nan)
    for j, layer in enumerate(lay_names):
        out[f"cohesion_{layer}"] = cohesion[:, j]


def community_table(net, membership, *, top_anchors=5) -> pd.DataFrame:
    """Describe each community: size, roles, anchors, sector, internal links, cohesion.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    membership : pandas.Series, CommunityResult or array-like
        Community label of each firm.
    top_anchors : int, default 5
        How many anchor firms to list per community (by aggregate strength).

    Returns
    -------
    pandas.DataFrame
        One row per community (index ``community``, largest first) with columns
        ``size``, ``share`` (of all firms), ``n_<role>`` for every role present,
        ``anchors`` (``;``-separated firm ids), ``dominant_sector`` and
        ``dominant_sector_share`` (when firms have a ``sector``), ``internal_links``,
        ``external_links``, ``internal_link_share``, ``internal_weight_share`` and
        ``cohesion_<layer>`` per layer.

    Raises
    ------
    InputError
        If the membership does not cover every firm.

    See Also
    --------
    communities

    Notes
    -----
    Links are counted once per firm pair and layer (periods and directions merged).
    ``internal_link_share`` = internal / (internal + external) links touching the
    community; ``internal_weight_share`` the same with weights; ``cohesion_<layer>`` is
    the internal link share restricted to that layer (NaN if the community has no link
    there). High cohesion everywhere = a community that holds in every layer;
    cohesion high in design but low in procurement = firms that share designs but buy
    across the cluster.

    References
    ----------
    .. [1] Fortunato, S. (2010). Community detection in graphs. Phys. Rep. 486, 75-174
       (internal vs external links as a community quality).

    Examples
    --------
    >>> from netclust.metrics.community import community_table
    >>> net = nc.datasets.toy()
    >>> t = community_table(net, pd.Series(0, index=net.firm_ids))
    >>> int(t.loc[0, "size"]), float(t.loc[0, "internal_link_share"])
    (9, 1.0)
    """
    if isinstance(membership, CommunityResult):
        membership = membership.membership
    raw = membership.reindex(net.firm_ids) if isinstance(membership, pd.Series) else pd.Series(
        np.asarray(membership), index=net.firm_ids)
    labels = _membership_array(net, raw)
    # keep user labels when they are integers, else use codes
    uniq_codes, first = np.unique(labels, return_index=True)
    names = raw.to_numpy()[first]
    k = len(uniq_codes)
    firms = net.firms
    out = pd.DataFrame(index=pd.Index(names, name="community"))
    size = np.bincount(labels, minlength=k)
    out["size"] = size
    out["share"] = size / max(net.n_firms, 1)
    roles = firms["role"].astype(str).to_numpy()
    role_names = sorted(set(roles))
    role_codes = pd.Index(role_names).get_indexer(roles)
    counts = np.bincount(labels * len(role_names) + role_codes, minlength=k * len(role_names))
    counts = counts.reshape(k, len(role_names))
    for j, r in enumerate(role_names):
        out[f"n_{r}"] = counts[:, j]
    strength = np.asarray(LayerView.of(net, AGGREGATE).matrix().sum(axis=1)).ravel()
    is_anchor = roles == "anchor"
    anchor_idx = np.flatnonzero(is_anchor)
    order = anchor_idx[np.lexsort((anchor_idx, -strength[anchor_idx]))]
    ids = net.firm_ids.to_numpy()
    anchors = pd.Series(ids[order], index=labels[order]).groupby(level=0).head(top_anchors)
    joined = anchors.groupby(level=0).agg(";".join)
    out["anchors"] = pd.array(joined.reindex(range(k)).fillna("").to_numpy(), dtype="str")
    if "sector" in firms.columns:
        sector = firms["sector"].astype("str").fillna("")
        tab = pd.crosstab(labels, sector.to_numpy())
        tab = tab.reindex(range(k), fill_value=0)
        out["dominant_sector"] = pd.array(tab.idxmax(axis=1).to_numpy(), dtype="str")
        out["dominant_sector_share"] = (tab.max(axis=1) / tab.sum(axis=1).replace(0, np.nan)).to_numpy()
    _add_link_columns(out, net, labels, k)
    return out.sort_values(["size"], ascending=False, kind="stable")


def partition_agreement(membership, reference) -> pd.Series:
    """Agreement between two partitions of the same firms: NMI and adjusted Rand index.

    Parameters
    ----------
    membership : pandas.Series or CommunityResult
        Found communities (indexed by ``firm_id``).
    reference : pandas.Series
        Reference labels, e.g. planted groups (:func:`netclust.datasets.sample_communities`).
        Compared on the firms present in both.

    Returns
    -------
    pandas.Series
        ``nmi`` (normalised mutual information, in [0, 1]), ``ari`` (adjusted Rand
        index, 1 = identical, ~0 = chance) and ``n_firms`` compared.

    Raises
    ------
    InputError
        If the two share no firm.

    See Also
    --------
    communities

    Notes
    -----
    :math:`NMI = 2 I(X;Y) / (H(X) + H(Y))` (Danon et al. 2005) and the ARI of Hubert &
    Arabie (1985), computed by :func:`igraph.compare_communities`.

    References
    ----------
    .. [1] Danon, L., Díaz-Guilera, A., Duch, J., & Arenas, A. (2005). Comparing community
       structure identification. J. Stat. Mech. P09008.
    .. [2] Hubert, L., & Arabie, P. (1985). Comparing partitions. J. Classif. 2, 193-218.

    Examples
    --------
    >>> from netclust.metrics.community import partition_agreement
    >>> a = pd.Series([0, 0, 1, 1], index=list("wxyz"))
    >>> b = pd.Series([5, 5, 7, 7], index=list("wxyz"))
    >>> partition_agreement(a, b).tolist()
    [1.0, 1.0, 4.0]
    """
    import igraph as ig

    if isinstance(membership, CommunityResult):
        membership = membership.membership
    a, b = pd.Series(membership), pd.Series(reference)
    common = a.index.intersection(b.index)
    if len(common) == 0:
        raise InputError("the two partitions share no firm id")
    x = pd.factorize(a.loc[common].to_numpy())[0].tolist()
    y = pd.factorize(b.loc[common].to_numpy())[0].tolist()
    nmi = ig.compare_communities(x, y, method="nmi")
    ari = ig.compare_communities(x, y, method="adjusted_rand")
    return pd.Series({"nmi": float(nmi), "ari": float(ari), "n_firms": float(len(common))}, name="agreement")
