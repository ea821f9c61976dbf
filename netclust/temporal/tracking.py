"""Community tracking across periods: Jaccard matching into timelines, and multislice Leiden.

Two approaches, and how much they agree:

* :func:`track_communities` — Greene, Doyle & Cunningham (2010): the communities found
  in each period ("step communities") are matched to those of the previous period by
  Jaccard similarity of their members; matches at or above a threshold continue a
  timeline ("dynamic community", here *track*), with events birth, death, growth,
  contraction, continuation, merge and split.
* :func:`temporal_partition` — Mucha et al. (2010) multislice modularity with
  interslice coupling omega, optimised by leidenalg (``time_slices_to_layers`` and
  the multiplex optimiser, as ``find_partition_temporal``): one partition of all
  (firm, period) pairs, so labels are comparable across periods by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from netclust.errors import InputError
from netclust.schema import AGGREGATE, FIRM_ID

__all__ = ["CommunityTracks", "match_communities", "track_communities", "temporal_partition",
           "EVENTS"]

#: Events of a track in a period.
EVENTS = ("birth", "death", "growth", "contraction", "continuation", "merge", "split")


@dataclass(frozen=True, eq=False)
class CommunityTracks:
    """Timelines of communities across periods.

    Attributes
    ----------
    tracks : pandas.DataFrame
        ``period, community, track, size, event, jaccard``: one row per (period, step
        community, track) — a community in which tracks merged has one row per track —
        plus a ``death`` row (``community`` missing, ``size`` 0) in the first period a
        track is no longer matched. ``jaccard`` is the similarity to the community it
        continues (missing for births and deaths).
    labels : pandas.DataFrame
        ``period, firm_id, community, track``: firms of tracked communities; a firm in
        a community shared by several tracks gets the oldest (smallest) track id.
    params : dict
        ``threshold``, ``min_size``, ``growth``.
    """

    tracks: pd.DataFrame
    labels: pd.DataFrame
    params: dict


def match_communities(previous: pd.Series, current: pd.Series) -> pd.DataFrame:
    """Jaccard similarity of every overlapping pair of communities of two periods.

    Parameters
    ----------
    previous, current : pandas.Series
        Community of each firm (index ``firm_id``) in two periods; firms may differ.

    Returns
    -------
    pandas.DataFrame
        ``previous, current, intersection, jaccard`` for pairs sharing at least one
        firm, with :math:`J(A, B) = |A \\cap B| / |A \\cup B|` over the member sets.

    Examples
    --------
    >>> from netclust.temporal import match_communities
    >>> a = pd.Series([0, 0, 0, 1], index=list("wxyz"))
    >>> b = pd.Series([5, 5, 6, 6], index=list("wxyv"))
    >>> match_communities(a, b).round(3).to_dict("records")
    [{'previous': 0, 'current': 5, 'intersection': 2, 'jaccard': 0.667}, {'previous': 0, 'current': 6, 'intersection': 1, 'jaccard': 0.25}]
    """
    common = previous.index.intersection(current.index)
    pairs = pd.DataFrame({"previous": previous.loc[common].to_numpy(),
                          "current": current.loc[common].to_numpy()})
    inter = pairs.groupby(["previous", "current"], sort=True).size().rename("intersection")
    out = inter.reset_index()
    size_a = previous.value_counts()
    size_b = current.value_counts()
    union = (size_a.reindex(out["previous"]).to_numpy() + size_b.reindex(out["current"]).to_numpy()
             - out["intersection"].to_numpy())
    out["jaccard"] = out["intersection"].to_numpy() / union
    return out


def _size_event(size: int, before: int, growth: float) -> str:
    if size > before * (1 + growth):
        return "growth"
    if size < before * (1 - growth):
        return "contraction"
    return "continuation"


def _step(prev_rows: pd.DataFrame, prev: pd.Series, curr: pd.Series, threshold: float,
          growth: float, next_track: int):
    """Rows of one period given the previous period's rows; returns (rows, next_track)."""
    m = match_communities(prev, curr) if len(prev) and len(curr) else pd.DataFrame(
        columns=["previous", "current", "intersection", "jaccard"])
    m = m[m["jaccard"] >= threshold]
    sizes_prev, sizes = prev.value_counts(), curr.value_counts()
    tracks_of = prev_rows.dropna(subset=["community"]).groupby("community")["track"].apply(list)
    best = m.sort_values(["jaccard", "current"], ascending=[False, True]).drop_duplicates("previous")
    best_of = dict(zip(best["previous"], best["current"]))
    n_next = m.groupby("previous").size()
    rows = []
    for c in sorted(sizes.index):  # loop over communities of one period
        mc = m[m["current"] == c]
        if mc.empty:
            rows.append((c, next_track, int(sizes[c]), "birth", np.nan))
            next_track += 1
            continue
        merged = len(mc) > 1
        for f, jac in zip(mc["previous"], mc["jaccard"]):
            split = n_next.get(f, 0) > 1
            event = ("merge" if merged else "split" if split
                     else _size_event(int(sizes[c]), int(sizes_prev[f]), growth))
            if best_of.get(f) == c:
                for t in tracks_of.get(f, []):
                    rows.append((c, t, int(sizes[c]), event, float(jac)))
            else:  # a split-off part starts a new track
                rows.append((c, next_track, int(sizes[c]), event, float(jac)))
                next_track += 1
    out = pd.DataFrame(rows, columns=["community", "track", "size", "event", "jaccard"])
    alive = set(out["track"])
    dead = sorted(set(prev_rows.dropna(subset=["community"])["track"]) - alive)
    deaths = pd.DataFrame({"community": np.nan, "track": dead, "size": 0, "event": "death",
                           "jaccard": np.nan})
    return pd.concat([out, deaths], ignore_index=True) if dead else out, next_track


def _tracked(membership: pd.Series, min_size: int) -> pd.Series:
    sizes = membership.map(membership.value_counts())
    return membership[sizes.to_numpy() >= min_size]


def track_communities(memberships, *, threshold: float = 0.3, min_size: int = 3,
                      growth: float = 0.1) -> CommunityTracks:
    """Match the communities of consecutive periods into tracks with events.

    Parameters
    ----------
    memberships : dict
        ``{period: Series}`` in time order; each Series gives the community of each
        firm present (index ``firm_id``).
    threshold : float, default 0.3
        Minimum Jaccard similarity for a community to continue one of the previous
        period (Greene et al. use 0.3 as a robust default).
    min_size : int, default 3
        Communities with fewer firms (isolates, pairs) are not tracked.
    growth : float, default 0.1
        A continued community whose size changes by more than this fraction is
        ``growth`` / ``contraction``, else ``continuation``.

    Returns
    -------
    CommunityTracks

    Notes
    -----
    Events of a step community C in period t against the previous period's
    communities F (matched when :math:`J(C, F) \\ge` threshold):

    * ``birth`` — C matches none: a new track;
    * ``merge`` — C matches several F: every track of those F continues in C;
    * ``split`` — one F is matched by several C: the best-matching C (highest
      Jaccard) continues F's tracks, the others start new tracks, all marked split;
    * ``growth`` / ``contraction`` / ``continuation`` — one-to-one match, by size;
    * ``death`` — a track of period t-1 is continued by no C in t (no dormancy:
      Greene et al.'s tolerance of missed steps is 0 here).

    References
    ----------
    .. [1] Greene, D., Doyle, D., & Cunningham, P. (2010). Tracking the evolution of
       communities in dynamic social networks. ASONAM 2010, 176-183.

    Examples
    --------
    >>> from netclust.temporal import track_communities
    >>> y1 = pd.Series([0, 0, 0, 0, 0, 0], index=list("abcdef"))
    >>> y2 = pd.Series([0, 0, 0, 1, 1, 1], index=list("abcdef"))
    >>> t = track_communities({"2021": y1, "2022": y2})
    >>> t.tracks[["period", "community", "track", "event"]].to_string(index=False)
    'period  community  track event\\n  2021          0      0 birth\\n  2022          0      0 split\\n  2022          1      1 split'
    """
    if not 0 < float(threshold) <= 1:
        raise InputError(f"threshold must be in (0, 1], not {threshold!r}")
    rows, labels, next_track = [], [], 0
    prev_rows = pd.DataFrame(columns=["community", "track"])
    prev = pd.Series(dtype=object)
    for period, membership in memberships.items():  # loop over periods only
        curr = _tracked(pd.Series(membership), int(min_size))
        step, next_track = _step(prev_rows, prev, curr, float(threshold), float(growth), next_track)
        step.insert(0, "period", period)
        rows.append(step)
        live = step.dropna(subset=["community"])
        first_track = live.groupby("community")["track"].min()
        labels.append(pd.DataFrame({"period": period, FIRM_ID: curr.index,
                                    "community": curr.to_numpy(),
                                    "track": first_track.reindex(curr.to_numpy()).to_numpy()}))
        prev_rows, prev = live, curr
    tracks = pd.concat(rows, ignore_index=True)
    tracks["community"] = tracks["community"].astype("Int64")
    tracks = tracks.astype({"track": np.int64, "size": np.int64})
    return CommunityTracks(tracks, pd.concat(labels, ignore_index=True),
                           {"threshold": float(threshold), "min_size": int(min_size),
                            "growth": float(growth)})


def _initial(initial, interslice, periods) -> list | None:
    """Start membership of every (firm, slice) node: ``initial`` labels, a singleton elsewhere."""
    if initial is None:
        return None
    ids = np.asarray(interslice.vs["id"], dtype=object)
    per = np.asarray(periods, dtype=object)[np.asarray(interslice.vs["slice"])]
    key = pd.MultiIndex.from_arrays([per, ids])
    lab = initial.set_index(["period", FIRM_ID])["label"]
    lab = lab[~lab.index.duplicated()]
    start = lab.reindex(key).to_numpy(dtype=float)
    codes = pd.factorize(start)[0]  # -1 for missing
    free = codes < 0
    codes[free] = codes.max(initial=-1) + 1 + np.arange(int(free.sum()))
    return codes.tolist()


def temporal_partition(networks, *, omega: float = 1.0, resolution: float = 1.0,
                       seed: int = 0, initial=None) -> pd.DataFrame:
    """Multislice (temporal) Leiden partition of the periods' aggregate networks.

    Parameters
    ----------
    networks : dict
        ``{period: MultilayerNetwork}`` in time order.
    omega : float, default 1.0
        Interslice coupling: the weight joining a firm to itself in consecutive
        periods, in units of the period's mean link weight (each period's aggregate
        weights are divided by their mean, so omega = 1 ties a firm to its next-period
        self as strongly as an average link).
    resolution : float, default 1.0
        Resolution gamma of each slice's (unnormalised) modularity.
    seed : int, default 0
        leidenalg's random seed.
    initial : pandas.DataFrame, optional
        ``period, firm_id, label``: a starting partition (e.g. the community tracks,
        labels comparable across periods); firms without a label start alone. A good
        start makes the optimisation cheaper; the result is still optimised.

    Returns
    -------
    pandas.DataFrame
        ``period, firm_id, community``; a community label means the same group in
        every period.

    Notes
    -----
    Maximises Mucha et al.'s multislice modularity with ordinal coupling
    :math:`\\sum_s \\sum_{ij}(A_{ijs} - \\gamma k_{is}k_{js}/2m_s)\\delta(g_{is}, g_{js})
    + \\omega \\sum_{i,s} \\delta(g_{is}, g_{i,s+1})` with leidenalg's
    ``time_slices_to_layers`` and ``Optimiser.optimise_partition_multiplex``
    (``RBConfigurationVertexPartition`` per slice), as ``find_partition_temporal``.

    References
    ----------
    .. [1] Mucha, P. J., Richardson, T., Macon, K., Porter, M. A., & Onnela, J.-P.
       (2010). Community structure in time-dependent, multiscale, and multiplex
       networks. Science 328, 876-878.

    Examples
    --------
    >>> from netclust.temporal import temporal_partition
    >>> net = nc.datasets.toy()
    >>> p = temporal_partition({"2021": net, "2022": net}, seed=1)
    >>> int(p.groupby("firm_id")["community"].nunique().max())
    1
    """
    import leidenalg as la

    graphs = []
    for period, net in networks.items():  # loop over periods only
        g = net.to_igraph(AGGREGATE).copy()
        w = np.asarray(g.es["weight"], dtype=float) if g.ecount() else np.zeros(0)
        g.es["weight"] = (w / w.mean()).tolist() if len(w) else []
        g.vs["id"] = list(net.firm_ids)
        graphs.append(g)
    layers, interslice, _ = la.time_slices_to_layers(graphs, interslice_weight=float(omega),
                                                     vertex_id_attr="id", weight_attr="weight")
    start = _initial(initial, interslice, list(networks))
    parts = [la.RBConfigurationVertexPartition(h, weights="weight", initial_membership=start,
                                               resolution_parameter=float(resolution))
             for h in layers]
    inter = la.CPMVertexPartition(interslice, resolution_parameter=0, node_sizes="node_size",
                                  weights="weight", initial_membership=start)
    opt = la.Optimiser()
    opt.set_rng_seed(int(seed))
    opt.optimise_partition_multiplex(parts + [inter], n_iterations=2)
    member = np.asarray(parts[0].membership)
    slice_of = np.asarray(interslice.vs["slice"])
    ids = np.asarray(interslice.vs["id"], dtype=object)
    periods = list(networks)
    frame = pd.DataFrame({"period": np.asarray(periods, dtype=object)[slice_of],
                          FIRM_ID: ids, "community": member})
    order = {p: i for i, p in enumerate(periods)}
    frame["_o"] = frame["period"].map(order)
    return frame.sort_values(["_o", FIRM_ID], kind="stable").drop(columns="_o").reset_index(drop=True)
