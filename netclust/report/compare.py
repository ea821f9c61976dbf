"""Two networks side by side: two periods of one data set, two snapshots, or a scenario.

:func:`compare` computes the comparison (pandas) — from one dated data set and two
periods, or from two networks —, :func:`compare_context` turns it into template data
and :func:`compare_html` renders the page; firms are matched by ``firm_id``.
:func:`firm_level_changes` lists what happened to each firm.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from netclust._check import str_list
from netclust.errors import InputError
from netclust.metrics.overlap import edge_jaccard
from netclust.report.context import generation_time, table
from netclust.html import fmt_number, render_compare
from netclust.i18n import N_, current_language, gettext as _

__all__ = ["compare", "compare_data", "compare_context", "compare_html", "link_changes",
           "firm_level_changes", "CHANGES", "PAGE_ROWS_PER_CHANGE"]

#: Firm-level changes listed by :func:`firm_level_changes`, in this order: export
#: access first (the most policy-relevant), then entries and exits, community and partners.
CHANGES = ("lost_export_access", "gained_export_access", "entered", "exited", "changed_community",
           "lost_partners", "gained_partners")
#: Rows of each kind of change shown on the comparison page (the CSV has them all).
PAGE_ROWS_PER_CHANGE = 100
#: How each change is named on the page (translated where shown).
CHANGE_LABELS = {"entered": N_("entered"), "exited": N_("exited"),
                 "changed_community": N_("changed community"),
                 "gained_partners": N_("gained partners"), "lost_partners": N_("lost partners"),
                 "gained_export_access": N_("gained export access"),
                 "lost_export_access": N_("lost export access")}


def link_changes(a, b) -> pd.DataFrame:
    """Links kept, added and dropped per layer between two networks (matched by firm id).

    Parameters
    ----------
    a, b : MultilayerNetwork
        Before and after.

    Returns
    -------
    pandas.DataFrame
        Index ``layer`` (layers of either network); columns ``links_a``, ``links_b``,
        ``kept``, ``added``, ``dropped``, ``jaccard`` (kept / union).

    Notes
    -----
    A link is the (source, target) pair of a layer, unordered on undirected layers
    (periods merged). Jaccard :math:`|E_a \\cap E_b| / |E_a \\cup E_b|` measures how much
    of the web persists.

    Examples
    --------
    >>> from netclust.report.compare import link_changes
    >>> net = nc.datasets.toy()
    >>> t = link_changes(net, net.remove_firms(["L1"]))
    >>> t.loc["logistics", ["kept", "dropped"]].tolist()
    [0, 4]
    """
    def pairs(net):
        lk = net.links
        out = {}
        for layer in net.layer_names:
            sub = lk[lk["layer"] == layer]
            s = sub["source"].astype(str).to_numpy()
            t = sub["target"].astype(str).to_numpy()
            if not net.layer_spec(layer).directed:
                s, t = np.minimum(s, t), np.maximum(s, t)
            out[layer] = pd.Index(pd.unique(pd.Series(s, dtype=object) + "\x1f" + pd.Series(t, dtype=object)))
        return out

    pa, pb = pairs(a), pairs(b)
    jac = edge_jaccard(a, other=b, directed=True)
    rows = []
    for layer in list(dict.fromkeys(list(pa) + list(pb))):
        ea = pa.get(layer, pd.Index([]))
        eb = pb.get(layer, pd.Index([]))
        kept = len(ea.intersection(eb))
        rows.append({"layer": layer, "links_a": len(ea), "links_b": len(eb), "kept": kept,
                     "added": len(eb) - kept, "dropped": len(ea) - kept,
                     "jaccard": jac[layer]})
    return pd.DataFrame(rows).set_index("layer")


def _partner_pairs(net) -> pd.DataFrame:
    lk = net.links
    return pd.DataFrame({"firm": np.concatenate([lk["source"].to_numpy(dtype=object),
                                                 lk["target"].to_numpy(dtype=object)]),
                         "partner": np.concatenate([lk["target"].to_numpy(dtype=object),
                                                    lk["source"].to_numpy(dtype=object)])
                         }).drop_duplicates()


def _partner_rows(a, b, common) -> list:
    pa, pb = _partner_pairs(a), _partner_pairs(b)
    m = pa.merge(pb, how="outer", on=["firm", "partner"], indicator=True)
    m = m[m["firm"].isin(common)]
    n_a = pa.groupby("firm").size().reindex(common, fill_value=0)
    n_b = pb.groupby("firm").size().reindex(common, fill_value=0)
    rows = []
    for change, side in (("gained_partners", "right_only"), ("lost_partners", "left_only")):
        k = m[m["_merge"] == side].groupby("firm").size()
        rows.append(pd.DataFrame({"firm_id": k.index, "change": change,
                                  "before": n_a.reindex(k.index).to_numpy(),
                                  "after": n_b.reindex(k.index).to_numpy(),
                                  "detail": [f"{n} partner{'s' if n != 1 else ''}" for n in k]}))
    return rows


def _community_rows(ma: pd.Series, mb: pd.Series, common) -> list:
    """Firms whose community in ``b`` is not the continuation of their community in ``a``."""
    from netclust.temporal.tracking import match_communities

    ma, mb = ma.reindex(common).dropna(), mb.reindex(common).dropna()
    both = ma.index.intersection(mb.index)
    if not len(both):
        return []
    m = match_communities(ma.loc[both], mb.loc[both])
    best = m.sort_values(["jaccard", "current"], ascending=[False, True]).drop_duplicates("previous")
    cont = pd.Series(best["current"].to_numpy(), index=best["previous"].to_numpy())
    moved = cont.reindex(ma.loc[both].to_numpy()).to_numpy() != mb.loc[both].to_numpy()
    ids = both[moved]
    return [pd.DataFrame({"firm_id": ids, "change": "changed_community",
                          "before": ma.loc[ids].astype(int).to_numpy(),
                          "after": mb.loc[ids].astype(int).to_numpy(), "detail": ""})]


def _access_rows(a, b, common, channels, exporters):
    """Gained/lost export-channel access of the SMEs of both, and a note (or why not computed)."""
    from netclust.errors import NetclustError
    from netclust.metrics.channels import channel_access

    try:
        acc_a = channel_access(a, channels=channels, exporters=exporters)
        acc_b = channel_access(b, channels=channels, exporters=exporters)
    except NetclustError as err:
        return [], _("export access not compared: {error}").format(error=err)
    both = acc_a.index.intersection(acc_b.index).intersection(common)
    xa, xb = acc_a.reindex(both).astype(bool), acc_b.reindex(both).astype(bool)
    rows = [pd.DataFrame({"firm_id": both[mask], "change": change, "before": xa[mask].to_numpy(),
                          "after": xb[mask].to_numpy(), "detail": ""})
            for change, mask in (("gained_export_access", (~xa & xb).to_numpy()),
                                 ("lost_export_access", (xa & ~xb).to_numpy()))]
    return rows, _("export access of the {n} SMEs present in both ({assumption})").format(
        n=len(both), assumption=acc_b.attrs.get("assumption", ""))


def firm_level_changes(a, b, *, membership_a=None, membership_b=None, channels=None,
                       exporters=None) -> pd.DataFrame:
    """What happened to each firm between two networks.

    Parameters
    ----------
    a, b : MultilayerNetwork
        Before and after (e.g. two periods of :func:`netclust.temporal.split_periods`,
        whose firms are those present then: registered or linked).
    membership_a, membership_b : pandas.Series, optional
        Community of each firm (index ``firm_id``); without them no community change
        is listed.
    channels, exporters : optional
        Channel declaration and exporting roles for
        :func:`netclust.metrics.channels.channel_access` (default: the layers' declared
        channels and the ``exporter`` column).

    Returns
    -------
    pandas.DataFrame
        ``firm_id, change, before, after, detail`` (plus ``name`` and ``role`` when
        known), ``change`` one of :data:`CHANGES`, sorted by change in the order of
        :data:`CHANGES` (export access first) then firm. ``attrs
        ["export_access"]`` says how export access was compared, or why it was not (no
        exporter information).

    Notes
    -----
    * ``entered`` / ``exited``: in ``b`` only / in ``a`` only.
    * ``gained_partners`` / ``lost_partners``: distinct partners in any layer and
      direction present only in ``b`` / only in ``a``; ``before``/``after`` are the
      partner counts, ``detail`` how many were gained or lost.
    * ``changed_community``: each community of ``a`` continues as the community of
      ``b`` with the highest Jaccard similarity over the firms of both (ties: the
      smaller label); a firm changed community when its community in ``b`` is not the
      continuation of its community in ``a`` — the split-off part of a split changes,
      a merge does not.
    * ``gained_export_access`` / ``lost_export_access``: SMEs of both whose channel
      access (:func:`~netclust.metrics.channels.channel_access`) switched.

    Examples
    --------
    >>> from netclust.report.compare import firm_level_changes
    >>> net = nc.datasets.toy()
    >>> t = firm_level_changes(net, net.remove_firms(["L1"]))
    >>> t[["firm_id", "change"]].values.tolist()[:2]
    [['L1', 'exited'], ['A1', 'lost_partners']]
    """
    ids_a, ids_b = a.firm_ids, b.firm_ids
    common = ids_a.intersection(ids_b, sort=False)
    rows = [pd.DataFrame({"firm_id": ids_b.difference(ids_a, sort=False), "change": "entered"}),
            pd.DataFrame({"firm_id": ids_a.difference(ids_b, sort=False), "change": "exited"})]
    if membership_a is not None and membership_b is not None:
        rows += _community_rows(membership_a, membership_b, common)
    rows += _partner_rows(a, b, common)
    access, note = _access_rows(a, b, common, channels, exporters)
    out = pd.concat(rows + access, ignore_index=True).reindex(
        columns=["firm_id", "change", "before", "after", "detail"])
    out["detail"] = out["detail"].fillna("")
    info = pd.concat([b.firms, a.firms.loc[a.firm_ids.difference(b.firm_ids, sort=False)]])
    for col in ("role", "name"):
        if col in info.columns:
            out.insert(1, col, info[col].reindex(out["firm_id"]).to_numpy())
    order = {c: i for i, c in enumerate(CHANGES)}
    out = out.sort_values(["change", "firm_id"], key=lambda s: s.map(order) if s.name == "change"
                          else s.astype(str), kind="stable").reset_index(drop=True)
    out.attrs["export_access"] = note
    return out


def compare(a, b=None, *, periods=None, labels=None, undated: str = "always", seed=None,
            runs: int | None = None, communities: bool = True, exporters=None, settings=None,
            **read_options) -> dict:
    """Compare two periods of one data set, or two networks.

    Parameters
    ----------
    a : str, Path or MultilayerNetwork
        With ``periods``: one dated data set (a path, or a network read with
        ``by_period=``). Without: the network before.
    b : MultilayerNetwork, optional
        The network after (not with ``periods``).
    periods : (str, str), optional
        Two windows (``("2022", "2024")``), split from ``a`` by
        :func:`netclust.temporal.read_periods`: each period holds the firms present
        then (registered then or linked then), so entries and exits are real even
        when both periods share one firm register.
    labels : (str, str), optional
        Names of the two sides (default: the periods, or ``("A", "B")``).
    undated : {"always", "exclude"}, default "always"
        Rule for undated records (counted in ``result["undated"]``).
    seed, runs, communities, exporters, settings
        As in :func:`compare_data`.
    **read_options
        Passed to :func:`netclust.read` when ``a`` is a path.

    Returns
    -------
    dict
        As :func:`compare_data`, plus ``undated`` (table, or None) when split from
        periods.

    Raises
    ------
    InputError
        Both or neither of ``b`` and ``periods``; not two periods.

    Examples
    --------
    >>> from netclust.report.compare import compare
    >>> links = pd.DataFrame({"source": ["a", "a", "c"], "target": ["b", "c", "d"],
    ...                       "layer": "procurement", "date": ["2022-01-05", "2024-02-01",
    ...                                                         "2024-03-01"]})
    >>> d = compare(nc.read(links=links, by_period="month"), periods=("2022", "2024"),
    ...             runs=2, communities=False)
    >>> d["labels"], sorted(d["entered"].index), sorted(d["exited"].index)
    (('2022', '2024'), ['c', 'd'], ['b'])
    """
    if (b is None) == (periods is None):
        raise InputError("compare needs either a second network b or two periods (not both)")
    undated_table = None
    if periods is not None:
        periods = [str(p) for p in str_list(periods, "periods")]
        if len(periods) != 2:
            raise InputError(f"compare needs exactly two periods, not {periods!r}")
        split = _two_periods(a, periods, undated, read_options)
        a, b, undated_table = split[periods[0]], split[periods[1]], split.undated
        labels = labels or tuple(periods)
    out = compare_data(a, b, labels=labels or ("A", "B"), seed=seed, runs=runs,
                       communities=communities, exporters=exporters, settings=settings)
    out["undated"] = undated_table
    return out


def _two_periods(data, periods, undated, read_options):
    from netclust.temporal.periods import split_periods

    return split_periods(data, by=None, windows=periods, undated=undated, **read_options)


def compare_data(a, b, *, labels=("A", "B"), seed=None, runs: int | None = None,
                 communities: bool = True, exporters=None, settings=None) -> dict:
    """Compute the comparison of two networks.

    Each side is an :class:`~netclust.analysis.Analysis` with the same settings, so
    its indicators and communities are those the report and ``Analysis`` give for
    that network and seed (one default for everything, :class:`~netclust.analysis.Settings`).

    Parameters
    ----------
    a, b : MultilayerNetwork
        Before and after (two years, or a cluster and its scenario).
    labels : tuple of str, default ("A", "B")
    seed : int, optional
        Overrides ``settings.seed`` (default 0).
    runs : int, optional
        Random-removal runs for ``R_random``; overrides ``settings.scenario_runs``
        (default: 10, or 5 when either network has more than 5,000 firms — the runs of
        the report's scenario tables).
    communities : bool, default True
        Compare the partitions of :attr:`Analysis.communities <netclust.analysis.Analysis.communities>`
        (the settings' method, runs and resolution) on the firms present in both.
    exporters : str or list of str, optional
        Exporting roles for the indicators and the export-access changes; overrides
        ``settings.exporters`` (default: the ``exporter`` column; without either,
        ``changes.attrs["export_access"]`` says so).
    settings : Settings, optional
        Every other parameter (channels, community method and runs...); size-dependent
        defaults are resolved once, for the larger network, and used for both.

    Returns
    -------
    dict
        ``indicators`` (indicator, a, b, delta), ``entered`` / ``exited`` (firms
        tables), ``links`` (:func:`link_changes`), ``roles`` (firms by role in each),
        ``agreement`` (NMI/ARI of the communities of common firms, or None),
        ``changes`` (:func:`firm_level_changes`).

    See Also
    --------
    compare : the same from one dated data set and two periods.

    Raises
    ------
    InputError
        If ``labels`` is not two strings.

    Examples
    --------
    >>> from netclust.report.compare import compare_data
    >>> net = nc.datasets.toy()
    >>> d = compare_data(net, net.remove_firms(["A1"]), runs=2)
    >>> d["exited"].index.tolist(), len(d["entered"])
    (['A1'], 0)
    """
    if len(labels) != 2:
        raise InputError("labels must be two strings (before, after)")
    side_a, side_b = _sides(a, b, settings, seed=seed, scenario_runs=runs, exporters=exporters)
    ia, ib = side_a.indicators, side_b.indicators
    ind = pd.DataFrame({"a": ia, "b": ib.reindex(ia.index)})
    ind["delta"] = ind["b"] - ind["a"]
    ind.index.name = "indicator"
    ids_a, ids_b = a.firm_ids, b.firm_ids
    cols = [c for c in ("name", "role", "sector", "area") if c in a.firms.columns or c in b.firms.columns]
    entered = b.firms.loc[ids_b.difference(ids_a, sort=False), [c for c in cols if c in b.firms.columns]]
    exited = a.firms.loc[ids_a.difference(ids_b, sort=False), [c for c in cols if c in a.firms.columns]]
    roles = pd.DataFrame({"a": a.firms["role"].value_counts(), "b": b.firms["role"].value_counts()}).fillna(0)
    roles["delta"] = roles["b"] - roles["a"]
    agreement = ma = mb = None
    if communities:
        from netclust.metrics.community import partition_agreement

        common = ids_a.intersection(ids_b, sort=False)
        ma, mb = side_a.communities.membership, side_b.communities.membership
        if len(common) >= 2:
            agreement = partition_agreement(ma.reindex(common), mb.reindex(common))
    s = side_a.settings
    changes = firm_level_changes(a, b, membership_a=ma, membership_b=mb,
                                 channels=None if s.channels is None else list(s.channels),
                                 exporters=None if s.exporters is None else list(s.exporters))
    return {"labels": tuple(map(str, labels)), "indicators": ind, "entered": entered,
            "exited": exited, "links": link_changes(a, b), "roles": roles,
            "agreement": agreement, "n_common": int(len(ids_a.intersection(ids_b))),
            "changes": changes}


def _sides(a, b, settings, **overrides) -> tuple:
    """An :class:`~netclust.analysis.Analysis` of each network with the same settings.

    ``overrides`` given (not None) replace the settings' fields; size-dependent
    defaults are resolved once, for the larger network, so both sides use the same
    runs and community method.
    """
    import dataclasses

    from netclust.analysis import Analysis, Settings

    if settings is None:
        settings = Settings()
    elif not isinstance(settings, Settings):
        raise InputError(f"settings must be a netclust.analysis.Settings, not {type(settings).__name__}")
    given = {k: v for k, v in overrides.items() if v is not None}
    if isinstance(given.get("exporters"), str):
        given["exporters"] = [given["exporters"]]
    resolved = dataclasses.replace(settings, **given).resolve(max(a.n_firms, b.n_firms))
    return Analysis(a, resolved), Analysis(b, resolved)


def _kind(column: str) -> str:
    """Table kind of a firm column: netclust's roles translated, everything else as written."""
    return "role" if column == "role" else "text"


def compare_context(data: dict, *, title: str | None = None, generated: str | None = None,
                    changes_csv: str | None = None) -> dict:
    """Template data of a comparison (plain dict).

    The firm-level table shows at most :data:`PAGE_ROWS_PER_CHANGE` rows of each kind of
    change, in the order of :data:`CHANGES` (export access first), and its caption says
    which kinds were cut ("first 100 of 304") and where the full table is
    (``changes_csv``, the file ``netclust compare`` writes beside the page).

    Examples
    --------
    >>> from netclust.report.compare import compare_data, compare_context
    >>> net = nc.datasets.toy()
    >>> ctx = compare_context(compare_data(net, net.remove_firms(["A1"]), runs=2))
    >>> ctx["exited"]["total"], ctx["labels"]
    (1, ['A', 'B'])
    """
    la, lb = data["labels"]
    ind = data["indicators"]
    ind_t = table(ind, [("index", _("indicator"), "text"), ("a", la, "num"), ("b", lb, "num"),
                        ("delta", _("change"), "delta")], table_id="table-compare-indicators")
    links = table(data["links"], [("index", _("layer"), "text"),
                                  ("links_a", _("links {label}").format(label=la), "int"),
                                  ("links_b", _("links {label}").format(label=lb), "int"),
                                  ("kept", _("kept"), "int"), ("added", _("added"), "int"),
                                  ("dropped", _("dropped"), "int"),
                                  ("jaccard", _("persistence (Jaccard)"), "pct")],
                  table_id="table-compare-links")
    roles = table(data["roles"], [("index", _("role"), "role"), ("a", la, "int"), ("b", lb, "int"),
                                  ("delta", _("change"), "delta")], table_id="table-compare-roles")
    fcols = [("index", _("firm id"), "text")] + [(c, _(c), _kind(c)) for c in data["entered"].columns]
    ecols = [("index", _("firm id"), "text")] + [(c, _(c), _kind(c)) for c in data["exited"].columns]
    changes = data.get("changes")
    if changes is None:
        changes = pd.DataFrame(columns=["firm_id", "change", "before", "after", "detail"])
    counts = changes["change"].value_counts()
    change_counts = [{"key": _(CHANGE_LABELS[c]), "value": fmt_number(int(counts.get(c, 0)))}
                     for c in CHANGES]
    export_access = changes.attrs.get("export_access", "")
    agreement = None
    if data["agreement"] is not None:
        agreement = [{"key": k, "value": fmt_number(v)} for k, v in data["agreement"].items()]

    def val(name, col):
        return float(ind.loc[name, col]) if name in ind.index else float("nan")

    cards = [
        {"label": _("firms in {a} → {b}").format(a=la, b=lb),
         "value": f"{fmt_number(val('firms', 'a'))} → {fmt_number(val('firms', 'b'))}"},
        {"label": _("firms entering"), "value": fmt_number(len(data["entered"]))},
        {"label": _("firms exiting"), "value": fmt_number(len(data["exited"]))},
        {"label": _("SMEs with export access"),
         "value": f"{fmt_number(val('smes_with_access', 'a'))} → {fmt_number(val('smes_with_access', 'b'))}"},
        {"label": _("robustness R (random)"),
         "value": f"{fmt_number(val('R_random', 'a'))} → {fmt_number(val('R_random', 'b'))}"},
    ]
    return {
        "title": title or _("Comparison: {a} vs {b}").format(a=la, b=lb),
        "labels": [la, lb],
        "generated": generated or generation_time(),
        "cards": cards, "indicators": ind_t, "links": links, "roles": roles,
        "entered": table(data["entered"], fcols, table_id="table-entered", limit=200),
        "exited": table(data["exited"], ecols, table_id="table-exited", limit=200),
        "agreement": agreement, "n_common": data["n_common"],
        "changes": _changes_table(changes, (la, lb), changes_csv),
        "change_counts": change_counts,
        "export_access": export_access,
        "undated": _undated_note(data.get("undated")),
    }


def _changes_table(changes: pd.DataFrame, labels, csv: str | None) -> dict:
    """The firm-level table of the page: the first rows of each kind, the cut stated."""
    cap = PAGE_ROWS_PER_CHANGE
    cols = [("firm_id", _("firm id"), "text")] + [(c, _(c), _kind(c)) for c in ("name", "role")
                                                  if c in changes.columns]
    cols += [("change", _("change"), "text"), ("before", labels[0], "text"),
             ("after", labels[1], "text"), ("detail", _("detail"), "text")]
    shown = changes.groupby("change", sort=False).head(cap)
    counts = changes["change"].value_counts()
    cut = [_("{kind}: first {shown} of {total}").format(
        kind=_(CHANGE_LABELS.get(c, c)), shown=fmt_number(cap), total=fmt_number(int(counts[c])))
        for c in CHANGES if counts.get(c, 0) > cap]
    caption = ""
    if cut:
        caption = _("At most {cap} rows of each kind of change are shown ({cut}).").format(
            cap=fmt_number(cap), cut="; ".join(cut))
    if csv and len(changes):
        caption = " ".join(filter(None, [caption, _("All {n} rows: {file}.").format(
            n=fmt_number(len(changes)), file=csv)]))
    if current_language() != "en":   # English keeps the change codes (as in the CSV table)
        shown = shown.assign(change=[_(CHANGE_LABELS[c]) if c in CHANGE_LABELS else c
                                     for c in shown["change"]])
    t = table(shown.astype({"before": object, "after": object}), cols,
              table_id="table-firm-changes", caption=caption)
    t["total"] = len(changes)
    return t


def _undated_note(undated) -> str:
    from netclust.temporal.periods import undated_message

    return (undated_message(undated) or "") if undated is not None else ""


def compare_html(a, b, *, labels=("A", "B"), seed=None, runs: int | None = None,
                 title: str | None = None, generated: str | None = None, settings=None) -> str:
    """The comparison page of two networks (self-contained HTML).

    Parameters
    ----------
    a, b : MultilayerNetwork
    labels : tuple of str
    seed, runs, settings
        See :func:`compare_data`.
    title, generated : str, optional

    Returns
    -------
    str

    Examples
    --------
    >>> from netclust.report.compare import compare_html
    >>> net = nc.datasets.toy()
    >>> "firms exiting" in compare_html(net, net.remove_firms(["A1"]), runs=2)
    True
    """
    return render_compare(compare_context(compare_data(a, b, labels=labels, seed=seed, runs=runs,
                                                       settings=settings),
                                          title=title, generated=generated))
