"""``evolve``: a cluster followed period by period.

Per period: headline indicators; between consecutive periods: firm entries and exits
and link churn per layer; over all periods: anchors' trajectories and community
tracks (Jaccard matching and the multislice temporal partition, with their agreement).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netclust import schema as S
from netclust._progress import report
from netclust._random import int_seed, make_rng
from netclust.errors import InputError
from netclust.metrics.exporters import known_exporters
from netclust.schema import AGGREGATE, FIRM_ID
from netclust.temporal.periods import PeriodNetworks, split_periods
from netclust.temporal.tracking import temporal_partition, track_communities

__all__ = ["Evolution", "evolve", "period_indicators", "firm_changes", "link_changes",
           "anchor_trajectories", "firm_positions", "per_period", "WEB_INDICATORS",
           "CHANNEL_INDICATORS", "RECIPROCITY_ALL_DIRECTED"]

#: Web indicators of the symbiosis scorecard followed over time (value and null z-score).
WEB_INDICATORS = ("connectance", "nodf", "wnodf", "dependence_asymmetry")

_LAYER_COLUMNS = ("links", "active_firms", "density", "largest_component_fraction")


@dataclass(frozen=True, eq=False)
class Evolution:
    """Everything :func:`evolve` found, as tables.

    Attributes
    ----------
    periods : pandas.DataFrame
        ``period, indicator, layer, value`` (``layer`` empty for network-wide values).
    firm_changes : pandas.DataFrame
        ``period, firm_id, change`` (``entered`` / ``exited``).
    link_changes : pandas.DataFrame
        ``period, layer, new, lost, persisting, weight_increased, weight_decreased,
        weight_change``.
    community_tracks : pandas.DataFrame
        ``period, community, track, size, event, jaccard``.
    anchors : pandas.DataFrame
        ``period, firm_id, rank, partners, strength, partners_gained, partners_lost``.
    communities : pandas.DataFrame
        ``period, firm_id, community, track, temporal_community``.
    agreement : pandas.DataFrame
        ``period, nmi, ari, n_firms``: step communities vs the multislice partition.
    undated, windows : pandas.DataFrame
        From :func:`~netclust.temporal.split_periods`.
    params : dict
        Every option used (seed, runs, null runs, threshold, omega, ...).
    positions : pandas.DataFrame
        ``period, firm_id, name, role, strength, rank, partners`` of every firm present
        (:func:`firm_positions`).
    """

    periods: pd.DataFrame
    firm_changes: pd.DataFrame
    link_changes: pd.DataFrame
    community_tracks: pd.DataFrame
    anchors: pd.DataFrame
    communities: pd.DataFrame
    agreement: pd.DataFrame
    undated: pd.DataFrame
    windows: pd.DataFrame
    params: dict = field(default_factory=dict)
    positions: pd.DataFrame = field(default_factory=pd.DataFrame)

    def tables(self) -> dict:
        """``{file stem: DataFrame}`` for writing (the four contract files first)."""
        return {"periods": self.periods, "firm_changes": self.firm_changes,
                "link_changes": self.link_changes, "community_tracks": self.community_tracks,
                "anchors": self.anchors, "communities": self.communities,
                "community_agreement": self.agreement, "undated": self.undated,
                "windows": self.windows}

    def __repr__(self) -> str:
        return (f"<Evolution: {len(self.windows)} periods, {len(self.firm_changes)} firm changes, "
                f"{self.community_tracks['track'].nunique()} community tracks>")


def _rows(values: dict, layer="") -> list:
    return [(k, layer, float(v)) for k, v in values.items()]


def _split_name(name: str, layers) -> tuple:
    """``"channel_access[procurement]"`` -> ``("channel_access", "procurement")`` for layers."""
    if name.endswith("]") and "[" in name:
        base, inner = name[:-1].split("[", 1)
        if inner in layers:
            return base, inner
    return name, ""


#: Scorecard names renamed in ``periods``: one name per concept across the package
#: (``reciprocity_pairs`` as in :meth:`MultilayerNetwork.summary`).
_RENAMED = {"reciprocity": "reciprocity_pairs"}
#: The scorecard's key for the union of the directed layers (not a layer).
_ANY_DIRECTED = "any_directed"
#: ``reciprocity_pairs`` over the union of the directed layers: a network-wide value.
RECIPROCITY_ALL_DIRECTED = "reciprocity_pairs_all_directed"


def _symbiosis_rows(net, null_runs: int, seed: int) -> list:
    from netclust.metrics.symbiosis import symbiosis

    sc = symbiosis(net, runs=null_runs, seed=seed, contribution_runs=0, modularity=False).scorecard
    layers = set(net.layer_names) | {AGGREGATE, _ANY_DIRECTED}
    rows = []
    web = sc[(sc["web"] != "cluster") & sc["indicator"].isin(WEB_INDICATORS)]
    for w, ind, v, z in zip(web["web"], web["indicator"], web["value"], web["z"]):
        rows += [(f"{ind}[{w}]", "", float(v)), (f"{ind}_z[{w}]", "", float(z))]
    cl = sc[sc["web"] == "cluster"]
    for ind, v in zip(cl["indicator"], cl["value"]):
        base, layer = _split_name(ind, layers)
        if layer == _ANY_DIRECTED:    # over all directed layers: network-wide, its own name
            base, layer = RECIPROCITY_ALL_DIRECTED, ""
        rows.append((_RENAMED.get(base, base), layer, float(v)))
    return rows


#: Export-channel indicators of :func:`netclust.metrics.channels.export_channels` followed.
CHANNEL_INDICATORS = ("access_share", "secure_share", "smes_with_single_point", "gatekeepers",
                      "top3_gatekeeper_share", "gatekeeper_hhi")


def _channel_rows(net, exporters) -> list:
    from netclust.metrics.channels import export_channels

    if known_exporters(net, exporters) is None:
        return []
    ind = export_channels(net, exporters=exporters).indicators
    return [(k, "", float(ind[k])) for k in CHANNEL_INDICATORS if k in ind.index]


def period_indicators(net, *, runs: int = 10, null_runs: int = 10, seed=0, membership=None,
                      symbiosis: bool = True, channels: bool = True,
                      exporters=None) -> pd.DataFrame:
    """Headline indicators of one period's network, in long form.

    Parameters
    ----------
    net : MultilayerNetwork
    runs : int, default 10
        Monte Carlo runs of random removal for robustness R (its 5-95 % band is
        reported as ``robustness_random_p05`` / ``_p95``).
    null_runs : int, default 10
        Null webs per SME web for the z-scores of the symbiosis indicators (0 = none).
    seed : int, numpy.random.Generator or None
    membership : CommunityResult, optional
        Communities already found (else found here, seeded).
    symbiosis : bool, default True
        Include the SME-web and cluster indicators of :func:`netclust.symbiosis`.
    channels : bool, default True
        Include channel access and N-1 security (:data:`CHANNEL_INDICATORS`) when the
        exporters are known (an ``exporter`` column, or ``exporters``); else left out.
    exporters : str or list of str, optional
        Exporting roles, passed to :func:`netclust.metrics.channels.export_channels`.

    Returns
    -------
    pandas.DataFrame
        ``indicator, layer, value``.

    Notes
    -----
    ``firms``; per layer and ``aggregate`` (from :meth:`MultilayerNetwork.summary`):
    ``links``, ``active_firms``, ``density``, ``largest_component_fraction``;
    ``modularity`` per layer of the multiplex Leiden partition and ``n_communities``
    (:func:`netclust.communities`); ``robustness_random`` / ``robustness_degree``
    (Schneider et al. R of :func:`netclust.removal_curves` on the aggregate; layer
    empty, as for every network-wide value: ``firms``, ``n_communities``, the web and
    channel indicators);
    for each SME web, ``connectance``, ``nodf``, ``wnodf`` and ``dependence_asymmetry``
    with their null z-scores (``*_z``, missing when the null model fixes the value),
    and the cluster rows of the symbiosis scorecard: ``pair_multiplexity`` (share of
    linked firm pairs tied in two or more layers, as in ``layer_metrics``),
    ``supplier_redundancy`` (the concentration of dependence), ``channel_reach`` per
    layer, ``reciprocity_pairs`` per directed layer and
    ``reciprocity_pairs_all_directed`` over their union (layer empty): the share of
    linked pairs that link both ways, the
    ``reciprocity_pairs`` of :meth:`MultilayerNetwork.summary`
    (:func:`netclust.metrics.cluster_indicators.reciprocity`); with ``channels``, the
    SMEs' export-channel access share, N-1
    secure share, SMEs with a single point of failure and gatekeeper concentration of
    :func:`netclust.metrics.channels.export_channels` (each period's own SMEs as the
    denominator).

    Examples
    --------
    >>> from netclust.temporal import period_indicators
    >>> t = period_indicators(nc.datasets.toy(), runs=2, null_runs=0, symbiosis=False)
    >>> t[t["indicator"] == "links"].set_index("layer")["value"].to_dict()
    {'procurement': 6.0, 'design_sharing': 3.0, 'logistics': 4.0, 'aggregate': 13.0}
    """
    from netclust.metrics.community import communities
    from netclust.metrics.resilience import removal_curves, resilience_summary

    rng = make_rng(seed)
    s_comm, s_res, s_sym = int_seed(rng), int_seed(rng), int_seed(rng)
    summary = net.summary().layers.copy()
    summary["largest_component_fraction"] = summary["largest_component"] / max(net.n_firms, 1)
    rows = [("firms", "", float(net.n_firms))]
    for col in _LAYER_COLUMNS:
        rows += [(col, layer, float(v)) for layer, v in summary[col].items()]
    comm = membership if membership is not None else communities(net, seed=s_comm)
    rows += [("modularity", layer, float(v)) for layer, v in comm.layer_modularity.items()]
    rows.append(("n_communities", "", float(comm.n_communities)))
    if net.to_igraph(AGGREGATE).ecount():
        curves = removal_curves(net, ["random", "degree"], runs=runs, seed=s_res)
        res = resilience_summary(curves).set_index("strategy")
        for strat in res.index:   # network-wide values: layer empty (the contract of periods.csv)
            rows.append((f"robustness_{strat}", "", float(res.loc[strat, "R"])))
        rows += [("robustness_random_p05", "", float(res.loc["random", "R_p05"])),
                 ("robustness_random_p95", "", float(res.loc["random", "R_p95"]))]
    if symbiosis:
        rows += _symbiosis_rows(net, null_runs, s_sym)
    if channels:
        rows += _channel_rows(net, exporters)
    return pd.DataFrame(rows, columns=["indicator", "layer", "value"])


def firm_changes(presence: pd.DataFrame) -> pd.DataFrame:
    """Entries and exits between consecutive periods.

    Parameters
    ----------
    presence : pandas.DataFrame
        Boolean firms x periods (columns in time order), e.g. ``split.presence``.

    Returns
    -------
    pandas.DataFrame
        ``period, firm_id, change``: ``entered`` when present in a period and absent
        in the one before, ``exited`` when absent in a period and present before (so
        the first period has no rows), sorted by period, change, firm.

    Examples
    --------
    >>> from netclust.temporal import firm_changes
    >>> p = pd.DataFrame({"2021": [True, False], "2022": [True, True], "2023": [False, True]},
    ...                  index=pd.Index(["a", "b"], name="firm_id"))
    >>> firm_changes(p).values.tolist()
    [['2022', 'b', 'entered'], ['2023', 'a', 'exited']]
    """
    cur = presence.to_numpy(dtype=bool)
    frames = []
    for j in range(1, cur.shape[1]):  # loop over periods only
        for change, mask in (("entered", cur[:, j] & ~cur[:, j - 1]),
                             ("exited", ~cur[:, j] & cur[:, j - 1])):
            ids = presence.index[mask]
            frames.append(pd.DataFrame({"period": presence.columns[j], FIRM_ID: ids,
                                        "change": change}))
    if not frames:
        return pd.DataFrame(columns=["period", FIRM_ID, "change"])
    return pd.concat(frames, ignore_index=True)


def _link_keys(net) -> pd.DataFrame:
    return net.links[[S.LAYER, S.SOURCE, S.TARGET, S.WEIGHT]]


def link_changes(networks) -> pd.DataFrame:
    """Link churn per layer between consecutive periods.

    Parameters
    ----------
    networks : dict
        ``{period: MultilayerNetwork}`` in time order.

    Returns
    -------
    pandas.DataFrame
        ``period, layer, new, lost, persisting, weight_increased, weight_decreased,
        weight_change``: links (a pair in a layer; undirected layers unordered) present
        only in this period, only in the previous one, or in both; among persisting
        links, how many gained or lost weight and the summed change. The first period
        has no row.

    Examples
    --------
    >>> from netclust.temporal import link_changes
    >>> net = nc.datasets.toy()
    >>> t = link_changes({"a": net, "b": net.subset(layers=["procurement"])})
    >>> print(t[["period", "layer", "new", "lost", "persisting"]].to_string(index=False))
    period          layer  new  lost  persisting
         b    procurement    0     0           6
         b design_sharing    0     3           0
         b      logistics    0     4           0
    """
    labels = list(networks)
    frames = []
    for a, b in zip(labels[:-1], labels[1:]):  # loop over periods only
        m = _link_keys(networks[a]).merge(_link_keys(networks[b]), how="outer",
                                          on=[S.LAYER, S.SOURCE, S.TARGET], indicator=True)
        m["new"] = m["_merge"] == "right_only"
        m["lost"] = m["_merge"] == "left_only"
        m["persisting"] = m["_merge"] == "both"
        diff = (m["weight_y"] - m["weight_x"]).where(m["persisting"], 0.0)
        m["weight_increased"] = diff > 1e-12
        m["weight_decreased"] = diff < -1e-12
        m["weight_change"] = diff
        g = m.groupby(S.LAYER, sort=False)[["new", "lost", "persisting", "weight_increased",
                                            "weight_decreased", "weight_change"]].sum()
        layers = list(dict.fromkeys(networks[a].layer_names + networks[b].layer_names))
        g = g.reindex(layers, fill_value=0).reset_index().rename(columns={"index": S.LAYER})
        g.insert(0, "period", b)
        frames.append(g)
    cols = ["period", S.LAYER, "new", "lost", "persisting", "weight_increased",
            "weight_decreased", "weight_change"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)[cols]
    return out.astype({c: np.int64 for c in cols[2:7]})


def _partners(net, ids) -> pd.DataFrame:
    lk = net.links
    pairs = pd.DataFrame({"firm": np.concatenate([lk[S.SOURCE], lk[S.TARGET]]),
                          "partner": np.concatenate([lk[S.TARGET], lk[S.SOURCE]])})
    return pairs[pairs["firm"].isin(ids)].drop_duplicates()


def anchor_trajectories(networks, roles=("anchor",)) -> pd.DataFrame:
    """Rank and partners of the anchors in each period.

    Parameters
    ----------
    networks : dict
        ``{period: MultilayerNetwork}`` in time order.
    roles : tuple of str, default ("anchor",)
        Roles followed.

    Returns
    -------
    pandas.DataFrame
        ``period, firm_id, rank, partners, strength, partners_gained, partners_lost``:
        ``rank`` of the firm's aggregate strength among all firms of the period (1 =
        strongest, ties share the best rank), ``partners`` distinct partners in any
        layer, gained/lost against the previous period (0 in the first one). A firm
        absent from a period has no row.

    Examples
    --------
    >>> from netclust.temporal import anchor_trajectories
    >>> net = nc.datasets.toy()
    >>> anchor_trajectories({"2021": net})[["firm_id", "rank", "partners"]].values.tolist()
    [['A1', 1, 3], ['A2', 4, 3]]
    """
    frames, prev = [], None
    for period, net in networks.items():  # loop over periods only
        g = net.to_igraph(AGGREGATE)
        strength = np.asarray(g.strength(weights="weight"), dtype=float)
        rank = pd.Series(strength).rank(ascending=False, method="min").to_numpy()
        mask = net.firms[S.ROLE].isin(roles).to_numpy()
        ids = net.firm_ids[mask]
        part = _partners(net, ids)
        out = pd.DataFrame({"period": period, FIRM_ID: ids, "rank": rank[mask].astype(np.int64),
                            "partners": part.groupby("firm").size().reindex(ids, fill_value=0)
                            .to_numpy(dtype=np.int64),
                            "strength": strength[mask]})
        gained = lost = np.zeros(len(ids), dtype=np.int64)
        if prev is not None:
            m = part.merge(prev, how="outer", on=["firm", "partner"], indicator=True)
            gained = m[m["_merge"] == "left_only"].groupby("firm").size().reindex(ids, fill_value=0)
            lost = m[m["_merge"] == "right_only"].groupby("firm").size().reindex(ids, fill_value=0)
        out["partners_gained"] = np.asarray(gained, dtype=np.int64)
        out["partners_lost"] = np.asarray(lost, dtype=np.int64)
        frames.append(out)
        prev = part
    return pd.concat(frames, ignore_index=True)


def firm_positions(networks) -> pd.DataFrame:
    """Strength, rank and partners of every firm present in each period.

    Parameters
    ----------
    networks : dict
        ``{period: MultilayerNetwork}`` in time order.

    Returns
    -------
    pandas.DataFrame
        ``period, firm_id, name, role, strength, rank, partners``: aggregate strength
        (summed link weight over layers, both directions), its ``rank`` among the
        period's firms (1 = strongest, ties share the best rank) and distinct
        ``partners`` in any layer (aggregate degree); ``name``/``role`` empty when the
        register has none.

    Examples
    --------
    >>> from netclust.temporal import firm_positions
    >>> t = firm_positions({"2021": nc.datasets.toy()})
    >>> t.set_index("firm_id").loc["A1", ["rank", "partners"]].tolist()
    [1, 3]
    """
    frames = []
    for period, net in networks.items():  # loop over periods only
        g = net.to_igraph(AGGREGATE)
        strength = np.asarray(g.strength(weights="weight"), dtype=float)
        firms = net.firms
        frames.append(pd.DataFrame({
            "period": period, FIRM_ID: net.firm_ids,
            "name": firms[S.NAME].to_numpy() if S.NAME in firms.columns else "",
            "role": firms[S.ROLE].to_numpy() if S.ROLE in firms.columns else "",
            "strength": strength,
            "rank": pd.Series(strength).rank(ascending=False, method="min").to_numpy(np.int64),
            "partners": np.asarray(g.degree(), dtype=np.int64)}))
    return pd.concat(frames, ignore_index=True)


def per_period(func, networks) -> pd.DataFrame:
    """Apply a table-returning function to each period's network; stack with a ``period`` column.

    Parameters
    ----------
    func : callable
        ``func(net)`` returning a DataFrame or a named Series (e.g. a metric keyed by
        ``firm_id``; its index is kept as columns).
    networks : dict or PeriodNetworks
        ``{period: MultilayerNetwork}``.

    Returns
    -------
    pandas.DataFrame
        ``period`` first, then the function's columns.

    Examples
    --------
    >>> from netclust.temporal import per_period
    >>> net = nc.datasets.toy()
    >>> nets = {"2021": net, "2022": net.subset(layers="procurement")}
    >>> t = per_period(lambda n: nc.centrality(n), nets)
    >>> list(t.columns[:3]), sorted(t["period"].unique())
    (['period', 'firm_id', 'layer'], ['2021', '2022'])
    """
    frames = []
    for period, net in networks.items():  # loop over periods only
        out = func(net)
        if isinstance(out, pd.Series):
            out = out.to_frame()
        if not isinstance(out, pd.DataFrame):
            raise InputError(f"per_period needs a function returning a DataFrame or Series, "
                             f"got {type(out).__name__}")
        if out.index.name is not None or isinstance(out.index, pd.MultiIndex):
            out = out.reset_index()
        out = out.copy()
        out.insert(0, "period", period)
        frames.append(out)
    return pd.concat(frames, ignore_index=True)


def _as_periods(data, by, windows, rolling, undated, read_options) -> PeriodNetworks:
    if isinstance(data, PeriodNetworks):
        return data
    if windows is not None or rolling is not None:
        by = None
    return split_periods(data, by=by, windows=windows, rolling=rolling, undated=undated,
                         **read_options)


def _communities(split, seeds, progress, done, total, n_runs=None):
    from netclust.metrics.community import communities

    kw = {} if n_runs is None else {"n_runs": n_runs}
    found = {}
    for (period, net), s in zip(split.items(), seeds):  # loop over periods only
        found[period] = communities(net, seed=s, **kw)
        report(progress, done + len(found), total)
    return found


def _agreement(step: pd.DataFrame, temporal: pd.DataFrame) -> pd.DataFrame:
    from netclust.metrics.community import partition_agreement

    rows = []
    for period, a in step.groupby("period", sort=False):  # loop over periods only
        b = temporal[temporal["period"] == period]
        ag = partition_agreement(a.set_index(FIRM_ID)["community"], b.set_index(FIRM_ID)["community"])
        rows.append((period, ag["nmi"], ag["ari"], int(ag["n_firms"])))
    return pd.DataFrame(rows, columns=["period", "nmi", "ari", "n_firms"])


def evolve(data, *, by: str | None = "year", windows=None, rolling=None,
           undated: str = "always", runs: int = 10, null_runs: int = 10,
           threshold: float = 0.3, min_size: int = 3, omega: float = 1.0, seed=0,
           symbiosis: bool = True, exporters=None, community_runs: int | None = None,
           progress=None, **read_options) -> Evolution:
    """Follow a cluster across periods: indicators, entries/exits, churn, anchors, communities.

    Parameters
    ----------
    data : str, Path, MultilayerNetwork or PeriodNetworks
        A data set (path, or a network read with ``by_period=``) split by
        :func:`~netclust.temporal.split_periods`, or an existing split.
    by, windows, rolling, undated
        Periods, as for :func:`~netclust.temporal.split_periods` (``windows`` or
        ``rolling`` override ``by``).
    runs : int, default 10
        Random-removal runs for robustness R per period.
    null_runs : int, default 10
        Null webs for the z-scores of NODF, connectance... per period (0 = none; the
        null models dominate the run time at scale).
    community_runs : int, optional
        Seeded community searches per period, best kept (default: that of
        :func:`netclust.communities`, best of 10 up to 10,000 firms).
    threshold : float, default 0.3
        Jaccard threshold of community matching (Greene et al. 2010).
    min_size : int, default 3
        Smallest community tracked.
    omega : float, default 1.0
        Interslice coupling of the multislice partition (see
        :func:`~netclust.temporal.temporal_partition`).
    seed : int, numpy.random.Generator or None, default 0
        Same seed, same tables.
    symbiosis : bool, default True
        Include the symbiosis indicators.
    exporters : str or list of str, optional
        Exporting roles for the channel indicators (default: the ``exporter`` column;
        without either, channel indicators are left out and ``params`` says so).
    progress : callable, optional
        ``progress(done, total)``.
    **read_options
        Passed to :func:`netclust.read` when ``data`` is a path.

    Returns
    -------
    Evolution

    See Also
    --------
    split_periods, period_indicators, firm_changes, link_changes, anchor_trajectories,
    track_communities, temporal_partition

    Notes
    -----
    Communities of each period are the multiplex Leiden partition of
    :func:`netclust.communities` (seeded); they are matched into tracks by
    :func:`track_communities` and compared, period by period, with the multislice
    partition (NMI and ARI in ``agreement``). ``periods`` ends with
    ``tracked_communities`` per period: the communities of at least ``min_size``
    firms, each in a track (``n_communities`` counts every Leiden community,
    isolated pairs included).

    Examples
    --------
    >>> from netclust.temporal import evolve
    >>> net = nc.datasets.toy()
    >>> ev = evolve({"2021": net, "2022": net.remove_firms(["S3"])}, runs=2, symbiosis=False)
    >>> ev.firm_changes.values.tolist()
    [['2022', 'S3', 'exited']]
    """
    if isinstance(data, dict):
        data = _periods_from_dict(data, undated)
    split = _as_periods(data, by, windows, rolling, undated, read_options)
    nets = dict(split.items())
    rng = make_rng(seed)
    seeds = [int_seed(rng) for _ in range(2 * len(nets) + 1)]
    total = 2 * len(nets) + 2
    found = _communities(split, seeds[: len(nets)], progress, 0, total, community_runs)
    frames = []
    for i, (period, net) in enumerate(nets.items()):  # loop over periods only
        t = period_indicators(net, runs=runs, null_runs=null_runs, seed=seeds[len(nets) + i],
                              membership=found[period], symbiosis=symbiosis,
                              exporters=exporters)
        t.insert(0, "period", period)
        frames.append(t)
        report(progress, len(nets) + i + 1, total)
    tracks = track_communities({p: c.membership for p, c in found.items()},
                               threshold=threshold, min_size=min_size)
    temporal = temporal_partition(nets, omega=omega, seed=seeds[-1] % (2 ** 31),
                                  initial=tracks.labels.rename(columns={"track": "label"}))
    report(progress, total - 1, total)
    step = pd.concat([pd.DataFrame({"period": p, FIRM_ID: c.membership.index,
                                    "community": c.membership.to_numpy()})
                      for p, c in found.items()], ignore_index=True)
    comm = step.merge(tracks.labels[["period", FIRM_ID, "track"]], how="left",
                      on=["period", FIRM_ID]).merge(
        temporal.rename(columns={"community": "temporal_community"}), how="left",
        on=["period", FIRM_ID])
    comm["track"] = comm["track"].astype("Int64")
    out = Evolution(
        periods=pd.concat(frames + [_tracked_counts(tracks.tracks, list(nets))], ignore_index=True),
        firm_changes=firm_changes(split.presence),
        link_changes=link_changes(nets),
        community_tracks=tracks.tracks,
        anchors=anchor_trajectories(nets), positions=firm_positions(nets),
        communities=comm,
        agreement=_agreement(step, temporal),
        undated=split.undated, windows=split.windows,
        params={"periods": list(nets), "undated": split.rule, "runs": int(runs),
                "null_runs": int(null_runs), "threshold": float(threshold),
                "min_size": int(min_size), "omega": float(omega),
                "seed": seed if isinstance(seed, (int, type(None))) else "generator",
                "channels": ("export_channels indicators, each period's SMEs as denominator"
                             if known_exporters(next(iter(nets.values())), exporters) is not None else
                             "left out: no exporter column and no exporters given")})
    report(progress, total, total)
    return out


def _tracked_counts(tracks: pd.DataFrame, labels) -> pd.DataFrame:
    """``tracked_communities`` rows: step communities of each period that belong to a track."""
    alive = tracks[tracks["event"] != "death"]
    n = alive.groupby("period")["community"].nunique().reindex(labels, fill_value=0)
    return pd.DataFrame({"period": labels, "indicator": "tracked_communities", "layer": "",
                         "value": n.to_numpy(dtype=float)})


def _periods_from_dict(networks: dict, undated: str) -> PeriodNetworks:
    """Wrap ``{period: network}`` given by the caller (presence = firms of each network)."""
    labels = list(networks)
    ids = pd.Index(pd.unique(np.concatenate([np.asarray(n.firm_ids, dtype=object)
                                             for n in networks.values()])), name=FIRM_ID)
    presence = pd.DataFrame({p: ids.isin(n.firm_ids) for p, n in networks.items()}, index=ids)
    windows = pd.DataFrame({"period": labels, "start": pd.NaT, "end": pd.NaT})
    undated_rep = pd.DataFrame(columns=["layer", "links", "records", "rule"])
    return PeriodNetworks(dict(networks), windows, undated_rep, presence, undated)
