"""Tidy tables of firm and layer measures (what the CLI writes and the report shows).

``assemble`` (behind :func:`netclust.centrality`) has one row per (firm, layer, metric): columns
``firm_id, layer, metric, value``. ``layer`` is a layer name or ``aggregate`` for
per-layer measures, ``multiplex`` for per-firm multiplex measures, and the layer of
the node-layer for the per-firm-layer ``multiplex_pagerank``.

``layer_metrics`` has one row per (layer, other_layer, metric): columns
``layer, other_layer, metric, value``; ``other_layer`` is set only for layer-pair
measures (Jaccard matrix, degree rank correlation), ``layer = "multiplex"`` for
network-wide values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netclust._progress import report
from netclust._check import str_list
from netclust.errors import InputError
from netclust.metrics import centrality as _c
from netclust.metrics import multiplex as _m
from netclust.metrics import overlap as _o
from netclust.metrics import structure as _s
from netclust.metrics._views import LayerView, layer_columns
from netclust.schema import AGGREGATE

__all__ = [
    "ALL_METRICS",
    "FIRM_LAYER_METRICS",
    "MULTIPLEX_METRICS",
    "PER_LAYER_METRICS",
    "assemble",
    "layer_metrics",
    "to_long",
    "to_wide",
]

#: Per-layer measures (``layer`` = layer name or ``aggregate``), in table order.
PER_LAYER_METRICS = (
    "in_degree", "out_degree", "degree", "in_strength", "out_strength", "strength",
    "pagerank", "betweenness", "harmonic_closeness", "eigenvector", "hub", "authority",
    "clustering", "coreness", "constraint", "effective_size", "closeness", "barrat_clustering",
)
#: Per-firm multiplex measures (``layer = "multiplex"``).
MULTIPLEX_METRICS = (
    "overlapping_degree", "overlapping_strength", "overlapping_degree_z",
    "participation_coefficient", "node_activity", "versatility", "degree_deviation",
)
#: Per-firm-layer multiplex measures (``layer`` = the node-layer's layer).
FIRM_LAYER_METRICS = ("multiplex_pagerank",)
ALL_METRICS = PER_LAYER_METRICS + MULTIPLEX_METRICS + FIRM_LAYER_METRICS
#: Measures living in :mod:`netclust.metrics.structure` / :mod:`~netclust.metrics.overlap`.
_STRUCTURE = ("closeness", "barrat_clustering")
_OVERLAP = ("degree_deviation",)


def to_long(frames: dict, *, layer: str = "multiplex") -> pd.DataFrame:
    """Stack measure tables into one tidy table ``firm_id, layer, metric, value``.

    Parameters
    ----------
    frames : dict
        ``{metric: DataFrame or Series}``: a DataFrame indexed by ``firm_id`` with one
        column per layer, or a Series indexed by ``firm_id`` (one value per firm).
    layer : str, default "multiplex"
        ``layer`` value given to Series entries.

    Returns
    -------
    pandas.DataFrame
        Columns ``firm_id, layer, metric`` (categorical of str: compact in memory and in
        Parquet) and ``value`` (float); metrics in the order given, then layers in
        column order, then firms in index order.

    Raises
    ------
    InputError
        If an entry is neither a Series nor a DataFrame.

    See Also
    --------
    netclust.metrics.centrality.centrality

    Notes
    -----
    Built from integer codes with numpy repeats (no per-row Python), so millions of
    rows take a fraction of a second.

    References
    ----------
    .. [1] Wickham, H. (2014). Tidy data. J. Stat. Softw. 59(10).

    Examples
    --------
    >>> from netclust.metrics.tidy import to_long
    >>> idx = pd.Index(["a", "b"], name="firm_id")
    >>> f = pd.DataFrame({"x": [1.0, 2.0], AGGREGATE: [3.0, 4.0]}, index=idx)
    >>> to_long({"degree": f}).values.tolist()
    [['a', 'x', 'degree', 1.0], ['b', 'x', 'degree', 2.0], ['a', 'aggregate', 'degree', 3.0], ['b', 'aggregate', 'degree', 4.0]]
    """
    parts = []
    for metric, obj in frames.items():
        if isinstance(obj, pd.Series):
            obj = obj.to_frame(layer)
        if not isinstance(obj, pd.DataFrame):
            raise InputError(f"{metric}: expected a DataFrame or Series, got {type(obj).__name__}")
        parts.append((metric, obj))
    firm_index = pd.Index([], dtype="str")
    as_str = {}  # one conversion and comparison per distinct index object (normally one)
    for _, obj in parts:  # union of the indexes, first-seen order (normally all equal)
        if id(obj.index) in as_str:
            continue
        idx = as_str[id(obj.index)] = pd.Index(obj.index, dtype="str")
        if not len(firm_index):
            firm_index = idx
        elif not idx.equals(firm_index):
            firm_index = firm_index.append(idx.difference(firm_index, sort=False))
    rows_of = {key: (np.arange(len(idx)) if idx.equals(firm_index) else firm_index.get_indexer(idx))
               for key, idx in as_str.items()}
    layer_names = list(dict.fromkeys(str(c) for _, obj in parts for c in obj.columns))
    layer_index = pd.Index(layer_names)
    total = sum(obj.shape[0] * obj.shape[1] for _, obj in parts)
    # preallocated, smallest code dtypes: no per-measure chunks held beside their concatenation
    firm_codes = np.empty(total, dtype=_code_dtype(len(firm_index)))
    layer_codes = np.empty(total, dtype=_code_dtype(len(layer_names)))
    metric_codes = np.empty(total, dtype=_code_dtype(len(parts)))
    values = np.empty(total, dtype=float)
    start = 0
    for m, (metric, obj) in enumerate(parts):
        n, k = obj.shape
        rows = rows_of[id(obj.index)]
        cols = layer_index.get_indexer([str(c) for c in obj.columns])
        for j in range(k):  # one slice per layer column
            block = slice(start + j * n, start + (j + 1) * n)
            firm_codes[block] = rows
            layer_codes[block] = cols[j]
            values[block] = obj.iloc[:, j].to_numpy(dtype=float)
        metric_codes[start:start + n * k] = m
        start += n * k

    def cat(codes, categories):
        return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype="str"))

    return pd.DataFrame({
        "firm_id": cat(firm_codes, firm_index),
        "layer": cat(layer_codes, layer_names),
        "metric": cat(metric_codes, [m for m, _ in parts]),
        "value": values,
    }, copy=False)


def to_wide(long: pd.DataFrame, firm_ids) -> pd.DataFrame:
    """The tidy table of :func:`to_long` as a firm × (metric, layer) table.

    Parameters
    ----------
    long : pandas.DataFrame
        Columns ``firm_id, layer, metric, value``.
    firm_ids : pandas.Index
        Row order of the result (the network's firms).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``; columns a MultiIndex ``(metric, layer)`` in first-seen
        order; NaN where a firm has no row.

    Notes
    -----
    A table made by :func:`to_long` is a run of blocks, one per (metric, layer), each
    with every firm in order: it is reshaped without a pivot (18 s -> 0.1 s for a
    14,000,000-row table). Any other table is pivoted.

    Examples
    --------
    >>> from netclust.metrics.tidy import to_long, to_wide
    >>> idx = pd.Index(["a", "b"], name="firm_id")
    >>> w = to_wide(to_long({"degree": pd.DataFrame({"x": [1.0, 2.0]}, index=idx)}), idx)
    >>> w.columns.tolist(), w["degree"]["x"].tolist()
    ([('degree', 'x')], [1.0, 2.0])
    """
    firm_ids = pd.Index(firm_ids)  # the result's index, as given (dtype kept)
    n, rows = len(firm_ids), len(long)
    wide = None
    if n and rows and rows % n == 0 and isinstance(long["firm_id"].dtype, pd.CategoricalDtype):
        blocks = rows // n
        firm = long["firm_id"].cat.codes.to_numpy().reshape(blocks, n)
        keys = [long[c].astype(str).to_numpy()[::n] for c in ("metric", "layer")]
        same = all((long[c].cat.codes.to_numpy().reshape(blocks, n) == long[c].cat.codes.to_numpy()[::n, None]).all()
                   for c in ("metric", "layer"))
        if same and pd.Index(long["firm_id"].cat.categories, dtype="str").equals(pd.Index(firm_ids, dtype="str")) \
                and (firm == np.arange(n)).all():
            wide = pd.DataFrame(long["value"].to_numpy(dtype=float).reshape(blocks, n).T, index=firm_ids,
                                columns=pd.MultiIndex.from_arrays(keys, names=["metric", "layer"]))
    if wide is None:
        wide = long.set_index(["firm_id", "metric", "layer"])["value"].unstack(["metric", "layer"])
        order = long[["metric", "layer"]].drop_duplicates().astype(str)
        wide.columns = pd.MultiIndex.from_tuples([tuple(map(str, c)) for c in wide.columns],
                                                 names=["metric", "layer"])
        wide = wide.reindex(columns=pd.MultiIndex.from_frame(order), index=firm_ids)
    wide.index.name = "firm_id"
    return wide


def _code_dtype(n_categories: int):
    """The integer dtype pandas keeps for categorical codes of ``n_categories`` (no recast)."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _check_metrics(metrics, multiplex):
    if metrics is None:
        return list(PER_LAYER_METRICS + ((MULTIPLEX_METRICS + FIRM_LAYER_METRICS) if multiplex else ()))
    names = str_list(metrics, "metrics")
    unknown = [m for m in names if m not in ALL_METRICS]
    if unknown:
        raise InputError(f"unknown metric(s) {unknown}; choose from {', '.join(ALL_METRICS)}")
    return list(dict.fromkeys(names))


#: Measures computed in one task: on undirected views the second reuses the first's work
#: (hub and authority are one eigenvector; harmonic closeness and closeness one search;
#: versatility sums multiplex PageRank).
_TOGETHER = (("hub", "authority"), ("harmonic_closeness", "closeness"),
             ("multiplex_pagerank", "versatility"))
#: Seconds of one core per measure at 1,000,000 firms (benchmark machine): only the order
#: of the parallel work depends on them. Measures not listed (degrees, strengths, overlap)
#: are cheap: they run first, here, and build the views the others share.
_COST = {"betweenness": 27.0, "constraint": 27.0, "multiplex_pagerank": 21.0, "versatility": 1.0,
         "hub": 10.0, "authority": 7.0, "closeness": 6.0, "harmonic_closeness": 10.0,
         "eigenvector": 12.0, "barrat_clustering": 10.0, "pagerank": 9.0, "effective_size": 6.0,
         "clustering": 4.0, "coreness": 2.0}


def _one_measure(net, name, kw, *, samples, seed, omega, shared):
    """The table of one measure (``shared`` keeps multiplex PageRank for versatility)."""
    if name in PER_LAYER_METRICS:
        func = getattr(_s if name in _STRUCTURE else _c, name)
        if name in ("betweenness", "harmonic_closeness", "closeness"):
            return func(net, samples=samples, seed=seed, **kw)
        return func(net, **kw)
    if name in ("multiplex_pagerank", "versatility"):
        if "mpr" not in shared:
            shared["mpr"] = _m.multiplex_pagerank(net, omega=omega)
        mpr = shared["mpr"]
        return mpr if name == "multiplex_pagerank" else mpr.sum(axis=1).rename("versatility")
    real = [c for c in kw["layers"] if c != AGGREGATE] or None
    return getattr(_o if name in _OVERLAP else _m, name)(net, layers=real)


def _heavy_groups(names) -> list:
    """The costly measures of ``names`` in tasks (:data:`_TOGETHER` kept together)."""
    heavy = [n for n in names if n in _COST]
    groups = [tuple(n for n in pair if n in heavy) for pair in _TOGETHER]
    paired = {n for pair in _TOGETHER for n in pair}
    return [g for g in groups if g] + [(n,) for n in heavy if n not in paired]


def _measure_frames(net, names, kw, progress, **opts) -> dict:
    """Every measure's table: the cheap ones here, the costly ones as parallel tasks.

    Above :data:`netclust._workers.PARALLEL_MIN` firms the costly measures are spread
    over forked workers *whole* (one task = one measure on every view, largest first),
    so that the two cores stay busy while one of them works on the aggregate, the
    largest view. The values are those of the serial loop.
    """
    from netclust import _workers
    from netclust.metrics._views import build_views

    frames = {}
    for name in names:
        if name not in _COST:
            frames[name] = _one_measure(net, name, kw, shared={}, **opts)
            report(progress, len(frames), len(names))
    groups = _heavy_groups(names)
    if len(groups) > 1 and net.n_firms >= _workers.PARALLEL_MIN:
        build_views(net, kw["layers"])  # shared by the workers, not built by each

    def task(group):
        shared = {}
        return {n: _one_measure(net, n, kw, shared=shared, **opts) for n in group}

    finished = [len(frames)]

    def tick(i):
        finished[0] += len(groups[i])
        report(progress, finished[0], len(names))

    for result in _workers.parallel_map(task, groups, size=net.n_firms, probe=False, on_result=tick,
                                        cost=[sum(_COST[n] for n in g) for g in groups]):
        frames.update(result)
    return {name: frames[name] for name in names}


def assemble(
    net, metrics=None, *, layers=None, aggregate=True, multiplex=True, form="long",
    samples=None, seed=0, omega=1.0, progress=None,
) -> pd.DataFrame:
    """Compute the measures and assemble the table of :func:`netclust.centrality`.

    The public entry point, with the full documentation, is
    :func:`netclust.metrics.centrality.centrality`; this function lives here because
    it combines the centrality and multiplex modules.
    """
    if form not in ("long", "wide"):
        raise InputError(f"form must be 'long' or 'wide', not {form!r}")
    names = _check_metrics(metrics, multiplex)
    kw = dict(layers=layer_columns(net, layers, aggregate), aggregate=False)
    frames = _measure_frames(net, names, kw, progress, samples=samples, seed=seed, omega=omega)
    attrs = {f"{name}_samples": frames[name].attrs.get("samples") if name in frames else None
             for name in ("betweenness", "harmonic_closeness")}
    if "closeness" in frames:
        attrs["closeness_samples"] = frames["closeness"].attrs.get("samples")
    if form == "wide":
        parts = {k: (v.to_frame("multiplex") if isinstance(v, pd.Series) else v) for k, v in frames.items()}
        out = pd.concat(parts, axis=1, names=["metric", "layer"])
        out.index.name = "firm_id"
    else:
        out = to_long(frames)
    out.attrs.update(attrs)
    return out


def density(n_links, n_firms: int, directed):
    """Share of the possible links that exist: the one definition of layer density.

    Parameters
    ----------
    n_links : float or array-like
        Links of the layer's own view: arcs on a directed layer, pairs on an
        undirected layer and on the aggregate (loops not counted).
    n_firms : int
        Firms of the network (N), active or not.
    directed : bool or array-like of bool
        Whether each layer is directed.

    Returns
    -------
    float or numpy.ndarray
        ``n_links / (N (N - 1))`` on directed layers, ``n_links / (N (N - 1) / 2)``
        otherwise; NaN when N < 2 (no possible link).

    Examples
    --------
    >>> from netclust.metrics.tidy import density
    >>> density(6, 9, True), density(3, 9, False)
    (0.083..., 0.083...)
    """
    n = float(n_firms)
    pairs = n * (n - 1) / np.where(directed, 1.0, 2.0)
    out = np.asarray(n_links, dtype=float) / np.where(pairs > 0, pairs, np.nan)
    return float(out) if out.ndim == 0 else out


def _pair_parts(net, real) -> list:
    """Tidy ``layer, other_layer, metric, value`` parts of the layer-pair measures."""
    parts = []
    for metric, mat in (("edge_jaccard", _o.edge_jaccard(net, layers=real)),
                        ("degree_rank_correlation", _o.degree_rank_correlation(net, layers=real)),
                        ("pairwise_multiplexity", _o.pairwise_multiplexity(net, layers=real))):
        long = mat.stack(future_stack=True).rename("value").reset_index()
        parts.append(long.assign(metric=metric))
    if len(real) > 1:
        corr = _o.degree_correlations(net, layers=real)
        parts.append(pd.DataFrame({"layer": corr["layer_a"], "other_layer": corr["layer_b"],
                                   "metric": "degree_" + corr["method"].astype(str),
                                   "value": corr["value"]}))
    return parts


def layer_metrics(net, *, communities=None, betweenness_samples=None, layers=None) -> pd.DataFrame:
    """Layer-level values: size, density, similarity between layers, modularity.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    communities : CommunityResult, optional
        A multiplex partition; adds its ``modularity`` per layer and
        ``multislice_modularity`` / ``n_communities`` for the network.
    betweenness_samples : int, optional
        Pivots used for betweenness, recorded as ``betweenness_sources`` (N when exact).
    layers : list of str, optional
        Layers to describe (default: all).

    Returns
    -------
    pandas.DataFrame
        Columns ``layer, other_layer, metric, value``. Per layer (and ``aggregate``):
        ``n_links, n_active_firms, density, mean_degree, betweenness_sources``,
        ``transitivity, assortativity, n_scc, largest_scc``
        (:func:`~netclust.metrics.structure.layer_structure`) (+ ``modularity`` and
        ``directed_modularity``). Per ordered layer pair (``other_layer`` set):
        ``edge_jaccard, degree_rank_correlation, pairwise_multiplexity`` and, per
        unordered pair, ``degree_pearson, degree_spearman, degree_kendall``
        (:mod:`netclust.metrics.overlap`). Network-wide (``layer =
        "multiplex"``): ``global_overlap, pair_multiplexity`` (+ ``multislice_modularity,
        n_communities``).

    Raises
    ------
    InputError
        For an unknown layer.

    See Also
    --------
    netclust.metrics.centrality.centrality, netclust.metrics.overlap.edge_jaccard

    Notes
    -----
    ``n_links`` counts links of the layer's own view (arcs on directed layers, pairs on
    undirected ones and the aggregate); ``density = n_links / (N (N-1))`` on directed
    layers and ``/ (N (N-1)/2)`` otherwise; ``mean_degree`` is the mean number of
    distinct partners over all N firms; ``n_active_firms`` have at least one link.

    References
    ----------
    .. [1] Wickham, H. (2014). Tidy data. J. Stat. Softw. 59(10).

    Examples
    --------
    >>> from netclust.metrics.tidy import layer_metrics
    >>> net = nc.datasets.toy()
    >>> t = layer_metrics(net)
    >>> t.query("metric == 'n_links'").set_index("layer")["value"].to_dict()
    {'procurement': 6.0, 'design_sharing': 3.0, 'logistics': 4.0, 'aggregate': 13.0}
    """
    cols = layer_columns(net, layers, aggregate=True)
    real = [c for c in cols if c != AGGREGATE]
    n = net.n_firms
    deg = _c.degree(net, layers=cols, aggregate=False)
    links = net.links.drop_duplicates(["src", "dst", "layer"])  # periods merged
    n_links = links.groupby("layer", sort=False).size().reindex(cols, fill_value=0).astype(float)
    if AGGREGATE in cols:
        n_links[AGGREGATE] = LayerView.of(net, AGGREGATE).matrix().nnz / 2
    directed = pd.Series([c != AGGREGATE and net.layer_spec(c).directed for c in cols], index=cols)
    per_layer = pd.DataFrame({
        "n_links": n_links,
        "n_active_firms": (deg > 0).sum().astype(float),
        "density": density(n_links.to_numpy(), n, directed.to_numpy()),
        "mean_degree": deg.mean() if n else np.nan,
        "betweenness_sources": float(n if betweenness_samples is None else betweenness_samples),
    }, index=pd.Index(cols, name="layer"))
    if communities is not None:
        from netclust.metrics.community import modularity as _mod

        per_layer["modularity"] = _mod(net, communities.membership, layers=cols, aggregate=False)
    member = None if communities is None else communities.membership
    struct = _s.layer_structure(net, member, layers=cols, aggregate=False)
    per_layer = per_layer.join(struct.drop(columns=["directed", "n_links"]).astype(float))
    parts = [per_layer.rename_axis(columns="metric").stack(future_stack=True)
             .rename("value").reset_index()]
    if real:
        parts += _pair_parts(net, real)
        glob = {"global_overlap": _o.global_overlap(net, layers=real),
                "pair_multiplexity": _o.multiplex_pair_share(net, layers=real)}
        if communities is not None:
            glob.update(multislice_modularity=communities.multislice_modularity,
                        n_communities=communities.n_communities)
        parts.append(pd.DataFrame({"layer": "multiplex", "metric": list(glob),
                                   "value": np.asarray(list(glob.values()), dtype=float)}))
    out = pd.concat(parts, ignore_index=True).reindex(columns=["layer", "other_layer", "metric", "value"])
    out["value"] = out["value"].astype(float)
    for c in ("layer", "other_layer", "metric"):
        out[c] = pd.array(out[c].to_numpy(dtype=object), dtype="str")
    return out
