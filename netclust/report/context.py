"""Report stage 2: results → a plain dict for the templates (pure, testable).

:func:`report_context` reads a :class:`~netclust.report.compute.ReportData` and
returns only strings, numbers, lists and dicts (plus figure SVG text made by
:mod:`netclust.viz.figures` from the same data). Values are formatted here, once;
the templates only place them, and jinja2 escapes every one of them.

A table is ``{"id", "caption", "columns": [{"label", "num"}], "rows": [[{"t", "s"}]],
"total"}`` where ``t`` is the displayed text and ``s`` the sort key.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from netclust.metrics.channels import REACHED_ALL_MAX
from netclust.metrics.community import AGGREGATE_SEARCH_FIRMS
from netclust.metrics.exporters import EXPORTER_COLUMN
from netclust.findings import SEVERITY_LABELS, THRESHOLDS, reading_text
from netclust.recommendation import BASELINE_LABELS
from netclust.scenario import effect_label
from netclust.metrics.scorecard import beyond_chance, p_text
from netclust.schema import AGGREGATE, ROLES
from netclust.html import fmt_delta, fmt_number, fmt_percent, sort_key
from netclust.i18n import N_, current_language, gettext as _
from netclust.viz.curves import strategy_label
from netclust.viz.figures import SHARE_INDICATORS, indicator_label, layer_label, role_label

__all__ = ["report_context", "table", "SECTIONS", "top_firms_by_role", "data_warnings",
           "thin_curves"]

#: Report sections in order: (id, title).
SECTIONS = (
    ("findings", N_("Key findings")),
    ("overview", N_("Overview")),
    ("map", N_("Network map")),
    ("layers", N_("Layers")),
    ("top-firms", N_("Key firms by role")),
    ("communities", N_("Communities")),
    ("multiplex", N_("Multiplex roles")),
    ("channels", N_("Export channels")),
    ("recommendations", N_("What to fund")),
    ("resilience", N_("Resilience")),
    ("symbiosis", N_("Symbiosis scorecard")),
    ("scenarios", N_("Scenarios")),
    ("evolution", N_("Evolution")),
    ("methods", N_("Method notes")),
    ("provenance", N_("Provenance")),
)

_FORMATS = {
    "text": lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v),
    "wide": lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v),
    "int": lambda v: fmt_number(None if v is None or (isinstance(v, float) and v != v) else int(v)),
    "num": fmt_number,
    "pct": fmt_percent,
    "delta": fmt_delta,
    "bool": lambda v: _("yes") if bool(v) else _("no"),
    "role": lambda v: "" if v is None or (isinstance(v, float) and v != v) else role_label(v),
    "code": lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v),
}
#: Column kinds shown as text (left-aligned, sorted as text).
_TEXT_KINDS = ("text", "bool", "wide", "role", "code")

#: Multiplex role classes (:func:`netclust.metrics.multiplex.multiplex_roles`), translated where shown.
MULTIPLEX_ROLE_LABELS = {"multiplex_hub": N_("multiplex_hub"), "mixed_hub": N_("mixed_hub"),
                         "focused_hub": N_("focused_hub"), "multiplex_non_hub": N_("multiplex_non_hub"),
                         "mixed_non_hub": N_("mixed_non_hub"), "focused_non_hub": N_("focused_non_hub"),
                         "isolated": N_("isolated")}
_FORMATS["mxrole"] = lambda v: _(MULTIPLEX_ROLE_LABELS[v]) if v in MULTIPLEX_ROLE_LABELS else _FORMATS["text"](v)
_FORMATS["strategy"] = lambda v: strategy_label(v) if v is not None else ""
_TEXT_KINDS += ("mxrole", "strategy")


def table(df: pd.DataFrame, columns, *, table_id: str = "", caption: str = "",
          limit: int | None = None) -> dict:
    """A DataFrame as template data: formatted text and sort keys.

    Parameters
    ----------
    df : pandas.DataFrame
    columns : list of (key, label, kind)
        ``key`` a column of ``df`` (or ``"index"``), ``kind`` one of ``text``, ``int``,
        ``num``, ``pct``, ``delta``, ``bool``, ``wide`` (long text that may wrap),
        ``role`` (netclust's roles translated), ``mxrole`` (multiplex classes), ``strategy``
        (removal orders) or ``code`` (an identifier, shown as code).
    table_id : str
        HTML id of the table (for tests and links).
    caption : str
    limit : int, optional
        Keep the first rows only (``total`` still counts all).

    Returns
    -------
    dict

    Examples
    --------
    >>> from netclust.report.context import table
    >>> t = table(pd.DataFrame({"a": ["<x>"], "b": [0.5]}), [("a", _("A"), "text"), ("b", _("B"), "pct")])
    >>> t["rows"], t["columns"][1]
    ([[{'t': '<x>', 's': '<x>'}, {'t': '50.0%', 's': '0.5'}]], {'label': 'B', 'num': True, 'wide': False, 'code': False})
    """
    frame = df.head(limit) if limit is not None else df
    cols = [{"label": label, "num": kind not in _TEXT_KINDS,
             "wide": kind == "wide", "code": kind == "code"} for _key, label, kind in columns]
    data = []
    for key, _label, kind in columns:
        values = frame.index.tolist() if key == "index" else frame[key].tolist()
        fmt = _FORMATS[kind]
        data.append([{"t": fmt(_py(v)), "s": sort_key(_py(v)) if kind not in _TEXT_KINDS else fmt(_py(v))}
                     for v in values])
    rows = [list(r) for r in zip(*data)] if data else []
    return {"id": table_id, "caption": caption, "columns": cols, "rows": rows, "total": len(df)}


def _py(v):
    if isinstance(v, np.generic):
        return v.item()
    if v is pd.NA or v is pd.NaT:
        return None
    return v


def data_warnings(net, results: dict) -> list:
    """Readable data-quality warnings: the reader's warnings plus structural ones.

    Examples
    --------
    >>> from netclust.report.context import data_warnings
    >>> any("isolated" in w for w in data_warnings(nc.datasets.toy(), {}))
    True
    """
    from netclust.io.checks import MIN_FIRMS, consequences

    out = []
    if net.validation is not None:
        out += [p.format() for p in net.validation.warnings]
    if net.n_firms < MIN_FIRMS:  # the sentence `netclust validate` gives: too few firms
        shown = "\n".join(out)
        out += [text for code, text in consequences(net.firms, net.links, net.layers)
                if code == "few_firms" and text not in shown]
    n = net.n_firms
    deg = net.adjacency(AGGREGATE, weighted=False).getnnz(axis=1)
    isolated = int((deg == 0).sum())
    if isolated:
        out.append(_("{n} firm(s) ({share}) have no link in any layer (isolated firms are kept: "
                     "they count in every share).").format(n=fmt_number(isolated),
                                                          share=fmt_percent(isolated / n)))
    for name in net.layer_names:
        if not int((net.links["layer"] == name).sum()):
            out.append(_("Layer {name!r} has no links.").format(name=name))
    roles = set(net.firms["role"].astype(str))
    unknown = sorted(roles - set(ROLES))
    if unknown:
        out.append(_("Roles outside the default vocabulary: {roles}.").format(roles=", ".join(unknown)))
    if "anchor" not in roles:
        out.append(_("No firm has the role 'anchor': channel access and anchor scenarios are skipped."))
    if "anchor" in roles and not _anchor_exports(net):
        out.append(_("No anchor is marked as exporter: no SME can reach an overseas channel."))
    if {"lon", "lat"} <= set(net.firms.columns):
        lon = pd.to_numeric(net.firms["lon"], errors="coerce")
        lat = pd.to_numeric(net.firms["lat"], errors="coerce")
        miss = int((lon.isna() | lat.isna()).sum())
        if miss:
            out.append(_("{n} firm(s) lack coordinates (lon/lat).").format(n=fmt_number(miss)))
    if "summary" in results:
        agg = results["summary"].layers.loc[AGGREGATE]
        if int(agg["components"]) > 1:
            big = int(agg["largest_component"])
            out.append(_("The aggregate network has {n} components; the largest holds {k} firms "
                         "({share}).").format(n=fmt_number(int(agg["components"])),
                                              k=fmt_number(big), share=fmt_percent(big / n)))
    return out


def _anchor_exports(net) -> bool:
    """Does some anchor export (the one exporter definition, :func:`~netclust.metrics.exporters.exporters`)?"""
    from netclust.errors import InputError
    from netclust.metrics.exporters import exporters

    try:
        mask = exporters(net).mask
    except InputError:  # no exporter column: nothing to warn about here
        return True
    return bool((mask & (net.firms["role"].astype(str) == "anchor").to_numpy()).any())


def top_firms_by_role(firm_table: pd.DataFrame, *, by: str, per_role: int = 10) -> list:
    """The ``per_role`` highest firms by ``by`` within each role (default roles first).

    Examples
    --------
    >>> from netclust.report.context import top_firms_by_role
    >>> t = pd.DataFrame({"role": ["sme", "sme", "anchor"], "x": [1, 3, 2]}, index=["a", "b", "c"])
    >>> [(r, f.index.tolist()) for r, f in top_firms_by_role(t, by="x", per_role=1)]
    [('anchor', ['c']), ('sme', ['b'])]
    """
    roles = firm_table["role"].astype(str)
    present = [r for r in ROLES if (roles == r).any()] + sorted(set(roles) - set(ROLES))
    out = []
    for role in present:
        sub = firm_table[roles == role]
        order = np.lexsort((np.arange(len(sub)), -sub[by].fillna(-np.inf).to_numpy(dtype=float)))
        out.append((role, sub.iloc[order[:per_role]]))
    return out


def _cards(net, results) -> list:
    s = results.get("summary")
    cards = [{"label": _("firms"), "value": fmt_number(net.n_firms)},
             {"label": _("links (all layers)"), "value": fmt_number(len(net.links))},
             {"label": _("layers"), "value": fmt_number(len(net.layer_names))}]
    if s is not None:
        agg = s.layers.loc[AGGREGATE]
        cards.append({"label": _("in the largest connected group"),
                      "value": fmt_percent(int(agg["largest_component"]) / max(net.n_firms, 1))})
    if "communities" in results:
        cards.append({"label": _("communities"), "value": fmt_number(results["communities"].n_communities)})
    if "channel_access" in results:
        acc = results["channel_access"]
        cards.append({"label": _("SMEs with export access (declared channels)"),
                      "value": fmt_percent(float(acc.mean()) if len(acc) else float("nan"))})
    if "resilience" in results:
        r = results["resilience"].set_index("strategy")
        for strategy, label in (("random", N_("robustness R, random failures")),
                                ("degree", N_("robustness R, attack on hubs"))):
            if strategy in r.index:
                cards.append({"label": _(label), "value": fmt_number(float(r.loc[strategy, "R"]))})
    return cards


def _overview(data) -> dict:
    net, res = data.net, data.results
    s = res.get("summary")
    roles = s.roles.to_frame("firms") if s is not None else net.firms["role"].value_counts().to_frame("firms")
    roles["share"] = roles["firms"] / max(net.n_firms, 1)
    return {
        "cards": _cards(net, res),
        "roles": table(roles, [("index", _("role"), "role"), ("firms", _("firms"), "int"),
                               ("share", _("share"), "pct")], table_id="table-roles"),
        "warnings": data_warnings(net, res),
    }


def _layers_section(data) -> dict:
    net, res = data.net, data.results
    out = {"table": None, "similarity": None, "figures": [], "multiplex_values": [],
           "descriptions": []}
    s = res.get("summary")
    if s is not None:
        t = s.layers.copy()
        t["kind"] = np.where(t["directed"], _("directed"), _("undirected"))
        desc = {spec.name: _(spec.description) if spec.description else "" for spec in net.layers}
        t["description"] = [desc.get(i, _("union of all layers") if i == AGGREGATE else "") for i in t.index]
        t["active_share"] = t["active_firms"] / max(net.n_firms, 1)
        out["table"] = table(t.rename(index=layer_label), [
            ("index", _("layer"), "text"), ("kind", _("kind"), "text"), ("links", _("links"), "int"),
            ("active_firms", _("firms with links"), "int"), ("active_share", _("share of firms"), "pct"),
            ("density", _("density"), "num"), ("components", _("components"), "int"),
            ("largest_component", _("largest component"), "int"), ("reciprocity_pairs", _("reciprocity (pairs)"), "num"),
            ("total_weight", _("total weight"), "num")],
            table_id="table-layers")
        out["descriptions"] = [{"name": spec.name, "kind": _("directed") if spec.directed else _("undirected"),
                                "description": desc[spec.name]} for spec in net.layers]
    lm = res.get("layer_metrics")
    if lm is not None and len(lm):
        pair = lm[lm["other_layer"].astype(str).ne("None") & lm["other_layer"].notna()
                  & lm["other_layer"].astype(str).ne("")]
        jac = pair[pair["metric"] == "edge_jaccard"]
        cor = pair[pair["metric"] == "degree_rank_correlation"]
        if len(jac):
            j = jac.pivot(index="layer", columns="other_layer", values="value")
            c = cor.pivot(index="layer", columns="other_layer", values="value") if len(cor) else None
            rows = []
            names = [n for n in net.layer_names if n in j.index]
            for a_i, a in enumerate(names):
                for b in names[a_i + 1:]:
                    rows.append({"a": a, "b": b, "jaccard": j.loc[a, b] if b in j.columns else np.nan,
                                 "corr": c.loc[a, b] if c is not None and b in c.columns else np.nan})
            out["similarity"] = table(pd.DataFrame(rows, columns=["a", "b", "jaccard", "corr"]), [
                ("a", _("layer"), "text"), ("b", _("other layer"), "text"),
                ("jaccard", _("shared links (edge Jaccard)"), "num"),
                ("corr", _("degree rank correlation"), "num")], table_id="table-layer-similarity")
        mx = lm[lm["layer"] == "multiplex"]
        labels = {"global_overlap": _("average edge overlap: mean share of the layers in which "
                                      "a linked pair is linked"),
                  "pair_multiplexity": _("linked pairs tied in 2+ layers (pair multiplexity)"),
                  "multislice_modularity": _("multislice modularity of the communities"),
                  "n_communities": _("communities")}
        n_layers = len([x for x in (data.params.get("layers") or net.layer_names) if x != AGGREGATE])
        out["multiplex_values"] = [{"label": labels.get(m, m), "value": fmt_number(v)
                                    + (_overlap_floor(v, n_layers) if m == "global_overlap" else "")}
                                   for m, v in zip(mx["metric"], mx["value"])]
    if "degree" in res:
        from netclust.viz.figures import distribution_figure, svg

        out["figures"] = [
            {"svg": svg(distribution_figure(res["degree"], what="degree")),
             "caption": _("Share of firms with at least x partners, per layer (log-log). A long, "
                          "straight tail means a few hubs hold many links.")},
            {"svg": svg(distribution_figure(res["strength"], what="strength")),
             "caption": _("The same for strength (summed link weight: orders, shipments, shared "
                          "designs).")},
        ]
    return out


def _overlap_floor(value, n_layers: int) -> str:
    """How to read the average edge overlap: its floor 1/M (no pair shares a layer) and top 1."""
    if n_layers < 1:
        return ""
    floor = 1 / n_layers
    return _(" (floor 1/{m} = {floor}: no linked pair shares a second layer; 1: every link in every "
             "layer; {above} above the floor)").format(m=n_layers, floor=f"{floor:.3f}",
                                                       above=fmt_number(float(value) - floor))


def _top_firms(data, per_role: int = 10) -> dict:
    ft = data.results.get("firm_table")
    if ft is None or not len(ft):
        return {"groups": [], "by": "", "by_label": ""}
    by = "versatility" if "versatility" in ft.columns else ("strength" if "strength" in ft.columns else None)
    if by is None:
        return {"groups": [], "by": "", "by_label": ""}
    cols = [("index", _("firm id"), "text"), ("name", _("name"), "text")]
    for key, label, kind in (("community", _("community"), "int"), ("degree", _("partners"), "int"),
                             ("strength", _("strength"), "num"), ("pagerank", _("PageRank"), "num"),
                             ("betweenness", _("betweenness"), "num"),
                             ("participation_coefficient", _("participation"), "num"),
                             ("versatility", _("versatility"), "num"),
                             ("multiplex_role", _("multiplex role"), "mxrole")):
        if key in ft.columns:
            cols.append((key, label, kind))
    groups = []
    for role, sub in top_firms_by_role(ft, by=by, per_role=per_role):
        groups.append({"role": role_label(role), "count": int((ft["role"] == role).sum()),
                       "table": table(sub, cols, table_id=f"table-top-{role}")})
    return {"groups": groups, "by": by, "by_label": _(_BY_LABEL.get(by, by))}


#: Names of the ranking measures of the key-firms section (translated where shown).
_BY_LABEL = {"versatility": N_("versatility"), "strength": N_("strength")}


def _sampling(data) -> list:
    """What this report estimated instead of computing exactly, at this network's size."""
    res, n = data.results, data.net.n_firms
    out = []
    if "betweenness_samples" in res:
        k = res["betweenness_samples"]
        out.append(_("Betweenness: exact (every firm a source).") if k is None else
                   _("Betweenness: estimated from {k} randomly chosen source firms of {n} (seed "
                     "{seed}; relative error about 1/√{k}; --samples for more).").format(
                       k=fmt_number(k), n=fmt_number(n), seed=data.params.get("seed")))
    ch = res.get("channels")
    counted = getattr(ch, "indicators", {}).get("exporters_reached_counted") if ch is not None else None
    if counted is not None and len(ch.sme) and counted < len(ch.sme):
        out.append(_("Exporters reached: counted for the {k} vulnerable SMEs listed, not for "
                     "all {n} SMEs (above {limit} firms counting every SME grows faster than "
                     "the network; Python: export_channels(reached=\"all\")).").format(
                       k=fmt_number(counted), n=fmt_number(len(ch.sme)),
                       limit=fmt_number(REACHED_ALL_MAX)))
    cr = res.get("communities")
    if cr is not None and cr.method == "leiden-aggregate":
        out.append(_("Communities: one Leiden search on the aggregate network (igraph) instead "
                     "of the multiplex search, above {limit} firms; per-layer modularities are "
                     "those of this partition.").format(limit=fmt_number(AGGREGATE_SEARCH_FIRMS)))
    return out


def _communities_section(data) -> dict | None:
    res = data.results
    if "communities" not in res:
        return None
    cr = res["communities"]
    ct = res["community_table"].copy()
    net = data.net
    names = net.firms["name"].astype(str)
    if "anchors" in ct.columns:
        ct["anchor_names"] = [
            "; ".join(names.get(a, a) for a in str(v).split(";") if a) if isinstance(v, str) else ""
            for v in ct["anchors"]]
    cols = [("index", _("community"), "int"), ("size", _("firms"), "int"), ("share", _("share"), "pct")]
    for key, label, kind in (("anchor_names", _("main anchors"), "wide"),
                             ("dominant_sector", _("main sector"), "text"),
                             ("dominant_sector_share", _("sector share"), "pct"),
                             ("internal_link_share", _("links kept inside"), "pct")):
        if key in ct.columns:
            cols.append((key, label, kind))
    cohesion = [c for c in ct.columns if c.startswith("cohesion_")]
    for c in cohesion:
        cols.append((c, _("inside, {layer}").format(layer=layer_label(c[len("cohesion_"):])), "pct"))
    present = {c[2:] for c in ct.columns if c.startswith("n_")}
    role_cols = [f"n_{r}" for r in ROLES if r in present] + sorted(f"n_{r}" for r in present - set(ROLES))
    for c in role_cols:
        cols.append((c, role_label(c[2:]), "int"))
    big = ct[ct["size"] > 1]
    from netclust.viz.figures import community_sizes_figure, svg

    roles = ct[role_cols].rename(columns=lambda c: c[2:]) if role_cols else None
    fig = svg(community_sizes_figure(ct["size"], roles=roles))
    modularity = [{"layer": layer_label(k), "value": fmt_number(v)} for k, v in cr.layer_modularity.items()]
    return {
        "method": cr.method,
        "n": cr.n_communities,
        "n_singletons": int((ct["size"] == 1).sum()),
        "multislice": fmt_number(cr.multislice_modularity),
        "modularity": modularity,
        "table": table(big, cols, table_id="table-communities", limit=60),
        "figure": fig,
    }


def _multiplex_section(data) -> dict | None:
    res = data.results
    mx = res.get("multiplex")
    if mx is None:
        return None
    net = data.net
    roles = net.firms["role"].astype(str)
    ct = pd.crosstab(mx["role"].astype(str), roles)
    order = [c for c in ROLES if c in ct.columns] + sorted(set(ct.columns) - set(ROLES))
    ct = ct[order]
    role_order = ["multiplex_hub", "mixed_hub", "focused_hub", "multiplex_non_hub",
                  "mixed_non_hub", "focused_non_hub", "isolated"]
    ct = ct.reindex([r for r in role_order if r in ct.index] + sorted(set(ct.index) - set(role_order)))
    ct[_("all firms")] = ct.sum(axis=1)
    cols = [("index", _("multiplex role"), "mxrole")] + [(c, role_label(c), "int") for c in ct.columns]
    hubs = res["firm_table"]
    hubs = hubs[mx["hub"].reindex(hubs.index).fillna(False).astype(bool).to_numpy()] if "hub" in mx.columns \
        else hubs.iloc[:0]
    hub_cols = [("index", _("firm id"), "text"), ("name", _("name"), "text"), ("role", _("role"), "role"),
                ("multiplex_role", _("multiplex role"), "mxrole"),
                ("participation_coefficient", _("participation"), "num"),
                ("overlapping_degree", _("overlapping degree"), "int"),
                ("node_activity", _("active layers"), "int")]
    hub_cols = [c for c in hub_cols if c[0] == "index" or c[0] in hubs.columns]
    if "overlapping_degree" in hubs.columns:
        hubs = hubs.sort_values("overlapping_degree", ascending=False, kind="stable")
    return {"roles": table(ct, cols, table_id="table-multiplex-roles"),
            "hubs": table(hubs, hub_cols, table_id="table-multiplex-hubs", limit=40),
            "n_hubs": int(len(hubs))}


#: Web indicators shown first in the scorecard (the full table follows, folded).
KEY_INDICATORS = ("connectance", "nodf", "wnodf", "h2_prime", "dependence_asymmetry", "modularity")

_STRATEGY_TEXT = {
    "random": N_("random failures (firms close at random; mean of runs, 5–95% band)"),
    "degree": N_("targeted: most-connected firms first"),
    "adaptive-degree": N_("targeted, recomputed after each removal"),
    "betweenness": N_("targeted: brokers (highest betweenness) first"),
    "role": N_("anchors first (largest first), then the rest by degree"),
    "strength": N_("targeted: highest strength first"),
    "pagerank": N_("targeted: highest PageRank first"),
}


def thin_curves(curves: pd.DataFrame, points: int = 500) -> pd.DataFrame:
    """Keep about ``points`` values of Q per curve (for drawing; ends always kept).

    Examples
    --------
    >>> from netclust.report.context import thin_curves
    >>> c = pd.DataFrame({"removed": range(10_001), "x": 0.0})
    >>> len(thin_curves(c, points=100)), int(thin_curves(c, points=100)["removed"].max())
    (101, 10000)
    """
    n = int(curves["removed"].max()) if len(curves) else 0
    step = max(1, n // points)
    removed = curves["removed"].to_numpy()
    return curves[(removed % step == 0) | (removed == n)]


def _resilience_section(data) -> dict | None:
    res = data.results
    if "resilience" not in res:
        return None
    from netclust.viz.curves import plot_removal_curves
    from netclust.viz.figures import svg

    s = res["resilience"].copy()
    s["meaning"] = s["strategy"].map(lambda x: _(_STRATEGY_TEXT[x]) if x in _STRATEGY_TEXT else x)
    cols = [("strategy", _("removal order"), "strategy"), ("meaning", _("meaning"), "wide"),
            ("runs", _("runs"), "int"), ("R", _("robustness R"), "num"), ("R_p05", _("R 5%"), "num"),
            ("R_p95", _("R 95%"), "num"), ("critical_fraction", _("share removed until collapse"), "pct")]
    curves = plot_removal_curves(thin_curves(res["curves"]), summary=s,  # the table's R in the legend
                                 title=_("Largest connected group as firms are removed"))
    figures = [{"svg": svg(curves),
                "caption": _("Share of firms still in the largest connected group after removing "
                             "a share of firms, per removal order. Random failures: mean and "
                             "5–95% band.")}]
    return {"table": table(s, cols, table_id="table-resilience"), "figures": figures,
            "systemic": _systemic_table(data), "systemic_error": res.get("systemic_error"),
            "threshold": fmt_percent(float(s["threshold"].iloc[0])) if len(s) else ""}


def _symbiosis_section(data) -> dict | None:
    res = data.results
    if "symbiosis" not in res:
        if "symbiosis_error" in res:
            return {"error": res["symbiosis_error"]}
        return None
    from netclust.viz.figures import scorecard_figure, svg, web_label

    runs = data.params["null_runs"]
    sc = res["symbiosis"].scorecard.copy()
    web = _read_scorecard(sc[sc["web"] != "cluster"], runs)
    cluster = sc[sc["web"] == "cluster"].copy()
    cluster["reading"] = [reading_text(r, runs) for r in cluster.to_dict("records")]
    for frame in (web, cluster):
        frame["source"] = frame["source"].map(_source_text)
    cols = [("web", _("web"), "code"), ("indicator", _("indicator"), "code"), ("value", _("value"), "num"),
            ("null_mean", _("null mean"), "num"), ("z", _("z"), "num"), ("p_shown", _("p"), "text"),
            ("reading", _("reading"), "wide"), ("source", _("source"), "wide")]
    ccols = [("indicator", _("indicator"), "code"), ("value", _("value"), "num"),
             ("reading", _("reading"), "wide"), ("source", _("source"), "wide")]
    key_web = web[web["indicator"].isin(KEY_INDICATORS)]
    figure = (svg(scorecard_figure(key_web, beyond=key_web["beyond"].to_numpy(dtype=bool)))
              if len(key_web) and key_web["z"].notna().any() else None)
    webs = []
    for name, w in res["symbiosis"].webs.items():
        shape = getattr(w, "matrix", None)
        shape = shape.shape if shape is not None else (None, None)
        webs.append({"name": web_label(name), "rows": shape[0], "cols": shape[1]})
    key = web[web["indicator"].isin(KEY_INDICATORS)]
    return {"key_table": table(key, cols, table_id="table-scorecard-key"),
            "web_table": table(web, cols, table_id="table-scorecard"),
            "cluster_table": table(cluster, ccols, table_id="table-cluster-indicators"),
            "figure": figure, "webs": webs, "runs": runs,
            "p_floor": f"{2 / (runs + 1):.3f}" if runs else "", "p_side": f"{1 / (runs + 1):.4f}" if runs else ""}


#: Explanations inside the scorecard's source column (the references stay as written).
_SOURCE_NOTES = (N_("share of the row-role firms present in the web"), N_("mean pairwise"),
                 N_("ratio of mutual pairs"), N_("multi-source BFS from exporting anchors"),
                 N_("redundancy logic of"), N_("'one need, many responders'"))


def _source_text(source) -> str:
    """A scorecard source with its explanations translated and its references as written."""
    text = "" if source is None or (isinstance(source, float) and source != source) else str(source)
    for note in _SOURCE_NOTES:
        text = text.replace(note, _(note))
    return text


def _read_scorecard(web: pd.DataFrame, runs) -> pd.DataFrame:
    """The scorecard rows with p as it may honestly be stated and the beyond-chance verdict.

    One rule for the table, the chart and the findings
    (:func:`netclust.metrics.scorecard.beyond_chance`, the rule the scorecard's readings use);
    a p at its Monte Carlo floor 2/(runs+1) is shown "≤ floor", never as a plain number.
    """
    web = web.copy()
    z = pd.to_numeric(web["z"], errors="coerce").to_numpy(dtype=float)
    p = pd.to_numeric(web["p"], errors="coerce").to_numpy(dtype=float)
    web["beyond"] = [beyond_chance(zi, pi, runs) for zi, pi in zip(z, p)]
    web["reading"] = [reading_text(r, runs) for r in web.to_dict("records")]
    web["p_shown"] = [p_text(pi, runs).removeprefix("p = ").removeprefix("p ").split(" (")[0]
                      if np.isfinite(zi) else "" for zi, pi in zip(z, p)]
    return web


#: Labels of the report's default scenarios (:attr:`Analysis.default_scenarios`), for the catalogue.
SCENARIO_LABELS = (N_("Largest anchor exits"), N_("Five largest anchors exit"),
                   N_("Main logistics hub fails"))


def _scenario_description(r) -> str:
    """The scenario's own description in English; else built from its affected firms."""
    if current_language() == "en":
        return f"{r.description}."
    aff = r.affected
    gone = aff[aff["effect"] == "removed"] if len(aff) and "effect" in aff.columns else aff.iloc[:0]
    names = "; ".join(f"{i} {n}".strip() for i, n in zip(gone.get("firm_id", []), gone.get("name", [])))
    return _("Firms removed at the start: {firms}; the failure then spreads along the declared "
             "dependencies.").format(firms=names or "–")


#: Columns of a scenario's affected-firms table: (column, label, kind).
_AFFECTED_COLUMNS = (("firm_id", N_("firm id"), "text"), ("name", N_("name"), "text"),
                     ("role", N_("role"), "role"), ("effect", N_("effect"), "text"))


def _scenario_table(t: pd.DataFrame) -> dict:
    """Before/after table of a scenario: readable indicator names, shares in percent.

    A share's change is in percentage points; counts print without decimals.
    """
    shown = t.assign(label=t["indicator"].map(indicator_label))
    out = table(shown, [("label", _("indicator"), "text"), ("before", _("before"), "num"),
                        ("after", _("after"), "num"), ("delta", _("change"), "delta")])
    rows = zip(out["rows"], t["indicator"], t["before"], t["after"], t["delta"])
    for row, name, before, after, delta in rows:
        if name in SHARE_INDICATORS:
            row[1]["t"], row[2]["t"] = fmt_percent(_py(before)), fmt_percent(_py(after))
            row[3]["t"] = _("{delta} pp").format(delta=fmt_delta(100 * float(delta)))
    return out


def _scenario_section(data) -> dict | None:
    res = data.results
    if "scenarios" not in res:
        return None
    from netclust.viz.figures import scenario_figure, svg

    items = []
    tables = {}
    why = _channels_why(res)
    dropped = False
    for label, r in res["scenarios"]:
        t = r.table.copy()
        if why:  # export access not measured: its rows (all NaN) would be empty, said once instead
            empty = t["before"].isna() & t["after"].isna()
            dropped |= bool(empty.any())
            t = t[~empty]
        tables[_(label)] = t
        effects = r.affected["effect"].value_counts() if len(r.affected) else pd.Series(dtype=int)
        affected = r.affected.copy()
        if "effect" in affected.columns:
            affected["effect"] = affected["effect"].map(effect_label)
        aff_cols = [(c, label, kind) for c, label, kind in _AFFECTED_COLUMNS if c in affected.columns]
        items.append({
            "label": _(label), "description": _scenario_description(r),
            "table": _scenario_table(t),
            "effects": [{"effect": effect_label(k), "firms": fmt_number(int(v))}
                        for k, v in effects.items()],
            "affected": table(affected, [(c, _(label), kind) for c, label, kind in aff_cols], limit=25),
            "notes": _scenario_notes(t),
        })
    figure = svg(scenario_figure(tables)) if tables else None
    return {"items": items, "errors": [{"label": k, "error": v}
                                       for k, v in res.get("scenario_errors", {}).items()],
            "figure": figure,
            "channels_why": _("Export access is not shown in these tables: {why}").format(why=why)
            if dropped else "",
            "runs_note": _scenario_runs_note(data, tables)}


def _scenario_runs_note(data, tables: dict) -> str:
    """Where the scenarios' R for random failures comes from (not the Resilience section's runs)."""
    if not any("R_random" in set(t["indicator"]) for t in tables.values()):
        return ""
    return _("R for random failures in these tables comes from {n} random runs of each network, the "
             "same runs before and after the event; the Resilience section averages {m} runs, so its "
             "R can differ slightly.").format(n=fmt_number(data.params.get("scenario_runs")),
                                              m=fmt_number(data.params.get("runs")))


_SECTION_TITLES = dict(SECTIONS)


def _evolution_section(data) -> dict | None:
    """The Evolution section (:mod:`netclust.report.evolution`); None for one period or none."""
    from netclust.report.evolution import evolution_context

    ev = data.results.get("evolution")
    return None if ev is None else evolution_context(ev)


def _findings_section(data) -> dict | None:
    """Ranked findings (:attr:`Analysis.findings`) with their thresholds and section links."""
    f = data.results.get("findings")
    if f is None:
        return None
    items = [{"rank": int(r.rank), "severity": str(r.severity), "text": str(r.text),
              "severity_label": _(SEVERITY_LABELS.get(str(r.severity), str(r.severity))),
              "value": str(r.value), "threshold": str(r.threshold), "section": str(r.section),
              "section_title": _(_SECTION_TITLES.get(str(r.section), str(r.section)))}
             for r in f.itertuples(index=False)]
    rules = [{"key": k, "value": f"{v:g}", "meaning": _(m)} for k, (v, m) in THRESHOLDS.items()]
    return {"items": items, "rules": rules}


def _names(net) -> pd.Series:
    return pd.Series(net.firms["name"].astype(str).to_numpy(), index=net.firm_ids)


def _named(ids, names: pd.Series) -> str:
    """``"id name; id name"`` for a list of firm ids (display only)."""
    return "; ".join(f"{i} {names.get(i, '')}".strip() for i in ids)


def _result(res: dict, name: str) -> tuple:
    """``(result, None)``, or ``(None, {"error": why})`` when it could not be computed, or ``(None, None)``."""
    if f"{name}_error" in res:
        return None, {"error": res[f"{name}_error"]}
    return res.get(name), None


def _channels_why(res: dict) -> str | None:
    """Why export-channel access is not measured (the channels section's sentence), or None."""
    ch, error = _result(res, "channels")
    if error:
        return error["error"]
    if ch is not None and not len(ch.sme):
        return _("no firm has the role 'sme', so there is no small firm whose export "
                 "access could be measured: give small firms the role 'sme' in the firms "
                 "table.")
    return None


def _channel_cards(ind) -> list:
    ref = int(ind["smes_reference"])
    return [
        {"label": _("SMEs with export access ({k} of {n})").format(k=fmt_number(int(ind["smes_with_access"])),
                                                                  n=fmt_number(ref)),
         "value": fmt_percent(float(ind["access_share"]))},
        {"label": _("SMEs N-1 secure ({k} of {n})").format(k=fmt_number(int(ind["smes_secure"])),
                                                           n=fmt_number(ref)),
         "value": fmt_percent(float(ind["secure_share"]))},
        {"label": _("gatekeepers (single point of 1+ SME)"), "value": fmt_number(int(ind["gatekeepers"]))},
        {"label": _("share of the SMEs with a single point that depend on one of the 3 largest "
                    "gatekeepers"),
         "value": fmt_percent(float(ind["top3_gatekeeper_share"]))},
        {"label": _("gatekeeper concentration (HHI, 0–1)"), "value": fmt_number(float(ind["gatekeeper_hhi"]))},
    ]


def _channel_tables(ch, names: pd.Series, limit: int = 100) -> dict:
    sme = ch.sme
    gk = ch.gatekeepers.sort_values("smes_dependent", ascending=False, kind="stable").copy()
    total = max(int((sme["single_points"].map(len) > 0).sum()), 1)   # as top3_gatekeeper_share
    gk["share"] = gk["smes_dependent"] / total
    vul = sme[sme["access"].astype(bool) & ~sme["secure"].astype(bool)].copy()
    vul["n_points"] = vul["single_points"].map(len)
    vul = vul.sort_values(["n_points", "firm_id"], ascending=[False, True], kind="stable")
    shown = vul.head(limit).copy()
    shown["points"] = [_named(ids, names) for ids in shown["single_points"]]
    none = sme[~sme["access"].astype(bool)]
    return {
        "gatekeepers": table(gk, [("firm_id", _("firm id"), "text"), ("name", _("name"), "text"),
                                  ("role", _("role"), "role"),
                                  ("smes_dependent", _("SMEs depending on it alone"), "int"),
                                  ("share", _("share of the SMEs with a single point"), "pct")],
                             table_id="table-gatekeepers", limit=30),
        "vulnerable": dict(table(shown, [("firm_id", _("firm id"), "text"), ("name", _("name"), "text"),
                                         ("exporters_reached", _("exporters reached"), "int"),
                                         ("points", _("single points of failure"), "wide")],
                                 table_id="table-vulnerable-smes"), total=len(vul)),
        "no_access": table(none, [("firm_id", _("firm id"), "text"), ("name", _("name"), "text")],
                           table_id="table-smes-without-access", limit=limit),
    }


def _channels_section(data) -> dict | None:
    """Export channels: access, N-1 security, gatekeepers, vulnerable SMEs, access curves."""
    res = data.results
    ch, error = _result(res, "channels")
    if ch is None:
        return error
    why = _channels_why(res)
    if why:
        return {"error": why}
    out = {"cards": _channel_cards(ch.indicators), "assumption": str(ch.assumption),
           "declaration": str(ch.indicators.get("channels", ch.declaration_text)),
           **_channel_tables(ch, _names(data.net)), "figure": None, "curves": None}
    if "channel_curves" in res:
        from netclust.viz.curves import plot_removal_curves
        from netclust.viz.figures import svg

        out["figure"] = svg(plot_removal_curves(thin_curves(res["channel_curves"]),
                                                value="access_fraction", summary=res["channel_summary"],
                                                title=_("SMEs keeping export access as firms are removed")))
        summ = res["channel_summary"].copy()
        summ["meaning"] = summ["strategy"].map(lambda x: _(_STRATEGY_TEXT[x]) if x in _STRATEGY_TEXT else x)
        out["curves"] = table(summ, [("strategy", _("removal order"), "strategy"), ("meaning", _("meaning"), "wide"),
                                     ("initial_access", _("SMEs with access at start"), "pct"),
                                     ("area", _("mean access over the removal"), "num")],
                              table_id="table-channel")
    return out


_ACTION_TEXT = {EXPORTER_COLUMN: N_("export support for {f}: it exports directly and becomes a "
                                   "channel for the SMEs that ship through it"),
                "link": N_("new channel link: {f} ships through {p}"),
                "platform": N_("enrol {f} in a new shared export platform")}
#: Kinds of intervention (``--actions``), named where listed.
_ACTION_NAMES = {"link": N_("new channel links"), "platform": N_("shared platforms"),
                 EXPORTER_COLUMN: N_("export support")}
_OBJECTIVE_TEXT = {
    "secure_smes": (N_("SMEs N-1 secure"), N_("the number of SMEs that keep export access when any "
                                              "one other firm exits (N-1 secure)")),
    "expected_access": (N_("expected SMEs with access"), N_("the expected number of SMEs that keep "
                                                            "export access when one exporter, chosen "
                                                            "at random, exits")),
}


def _caveat(objective: str, actions) -> str:
    if objective == "expected_access" and list(actions) == ["link"]:
        return _("With new links only this objective has diminishing returns (it is submodular), so "
                 "the step-by-step choice is guaranteed to reach at least 63% (1 − 1/e) of the best "
                 "possible set of the same size.")
    return _("Each pick is the best single step given the picks before it, and no pick lowers the "
             "objective. But some steps only pay off together — an SME needs two separate routes to "
             "be secure, and one new link alone may leave it with a single point — so the set as a "
             "whole is not guaranteed to be the best possible set of this size (the objective is "
             "not submodular). Treat the list as a strong starting point, not a proven optimum.")


def _recommendations_section(data) -> dict | None:
    """What to fund: the picks with gain and before/after, the baselines, the objective."""
    res = data.results
    rec, error = _result(res, "recommendations")
    if rec is None:
        return error
    names = _names(data.net)
    t = rec.table.copy()
    roles = pd.Series(data.net.firms["role"].astype(str).to_numpy(), index=data.net.firm_ids)
    t["what"] = [_(_ACTION_TEXT[a] if a in _ACTION_TEXT else a).format(
        f=_named([f], names) + f" ({role_label(roles[f]) if f in roles.index else _('new')})",
        p=_named([q], names) if q else "")
        for a, f, q in zip(t["action"], t["firm_id"], t["partner_id"])]
    label, meaning = (_(x) for x in _OBJECTIVE_TEXT.get(rec.objective, (rec.objective, rec.objective)))
    layer = [("layer", _("layer"), "text")] if t["layer"].astype(str).str.len().gt(0).any() else []
    picks = table(t, [("rank", _("rank"), "int"), ("what", _("intervention"), "wide"), *layer,
                      ("gain", _("gain ({label})").format(label=label), "num"),
                      ("objective_before", _("before"), "num"), ("objective_after", _("after"), "num")],
                  table_id="table-recommendations")
    base = res.get("recommendation_baselines")
    rows = [{"strategy": _("netclust's greedy choice, any action ({actions}) — the list above").format(
        actions=", ".join(_(_ACTION_NAMES[a]) if a in _ACTION_NAMES else str(a)
                          for a in data.params.get("actions", []))),
             "before": rec.before, "after": rec.after, "gain": rec.after - rec.before}]
    if base is not None:
        rows += [{"strategy": _(BASELINE_LABELS[b.strategy]) if b.strategy in BASELINE_LABELS else b.strategy,
                  "before": b.objective_before, "after": b.objective_after, "gain": b.gain} for b in base.itertuples(index=False)]
    comparison = table(pd.DataFrame(rows), [("strategy", _("how the budget is spent"), "wide"),
                                            ("before", _("before"), "num"), ("after", _("after"), "num"),
                                            ("gain", _("gain"), "num")],
                       table_id="table-recommendation-baselines")
    return {"picks": picks, "comparison": comparison, "objective": meaning, "label": label,
            "before": fmt_number(rec.before), "after": fmt_number(rec.after),
            "gain": fmt_number(rec.after - rec.before), "budget": len(t), "note": rec.note,
            "assumption": rec.assumption, "caveat": _caveat(rec.objective, data.params.get("actions", [])),
            "candidates": data.params.get("recommend_candidates"), "evaluations": rec.evaluations}


def _systemic_table(data):
    si = data.results.get("systemic_importance")
    if si is None or not len(si):
        return None
    names = _names(data.net)
    roles = pd.Series(data.net.firms["role"].astype(str).to_numpy(), index=data.net.firm_ids)
    top = si.sort_values(["cascade_size", "lost_export"], ascending=False, kind="stable")
    top = top[top["cascade_size"] > 0].head(15).copy()
    top["name"] = names.reindex(top.index).to_numpy()
    top["role"] = roles.reindex(top.index).to_numpy()
    ch = data.results.get("channels")   # export loss: the SMEs whose only route runs through it
    dep = [("smes_dependent", _("SMEs depending on it alone"), "int")] if hasattr(ch, "gatekeepers") else []
    if dep:
        top["smes_dependent"] = ch.gatekeepers.set_index("firm_id")["smes_dependent"].reindex(top.index).fillna(0).to_numpy()
    return table(top, [("index", _("firm id"), "text"), ("name", _("name"), "text"), ("role", _("role"), "role"),
                       ("cascade_size", _("firms failing after it alone fails"), "int"),
                       ("cascade_fraction", _("share of all firms"), "pct"),
                       ("lost_export", _("firms left without any logistics provider (still trading)"), "int"),
                       *dep, ("rounds", _("rounds of the cascade"), "int")], table_id="table-systemic")


def _scenario_notes(t: pd.DataFrame) -> list:
    """Plain sentences for scenario rows that look paradoxical (R_degree rising after an exit)."""
    row = t.set_index("indicator")
    notes = []
    if {"R_degree", "firms"} <= set(row.index):
        if float(row.loc["R_degree", "delta"]) > 0 and float(row.loc["firms", "delta"]) < 0:
            notes.append(_(
                "R_degree rises although firms left: R is recomputed on the network after the event, "
                "relative to its own, smaller number of firms, and the hubs that made the original "
                "network fragile under a targeted attack are gone, so the remaining network is less "
                "centralised and a hub attack on it does proportionally less harm. It is not a gain "
                "for the cluster: read the firms lost, the largest connected group and the SMEs' "
                "export access, which count against the firms before the event."))
    return notes


def _provenance(data) -> dict:
    net = data.net
    prov = dict(net.provenance)
    sources = []
    for src in prov.get("sources", []) or []:
        sources.append({"table": _plain_text(src.get("table")), "path": _plain_text(src.get("path")),
                        "sha256": _plain_text(src.get("sha256")),
                        "encoding": _plain_text(src.get("encoding")),
                        "records": fmt_number(src.get("records"))})
    options = prov.get("options", {}) or {}
    params = {**{f"read.{k}": v for k, v in options.items()}, **data.params}
    if prov.get("derived"):
        params["derived"] = prov["derived"]
    return {
        "sources": sources,
        "params": [{"key": k, "value": _plain_text(v)} for k, v in params.items()],
        "versions": [{"key": k, "value": v} for k, v in data.versions.items()],
        # volatile: left out under SOURCE_DATE_EPOCH (reproducible-builds convention)
        "timings": [] if _reproducible() else [{"key": k, "value": f"{v:.2f} s"}
                                                for k, v in data.timings.items()],
        "layers": [{"name": s.name, "directed": s.directed, "weighted": s.weighted,
                    "description": _(s.description) if s.description else ""} for s in net.layers],
    }


def _plain_text(v) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v)) if v else "–"
    if isinstance(v, dict):
        return ", ".join(f"{k}={w}" for k, w in v.items()) if v else "–"
    return "–" if v is None else str(v)


def data_notes(net) -> dict:
    """Sentences saying where the data makes a section trivial: ``{section id: [sentence]}``.

    A section that cannot say much with this data says why and what to add, instead of
    showing zeros, dashes or a single class without comment.

    Examples
    --------
    >>> net = nc.datasets.toy().subset(layers="procurement")
    >>> sorted(data_notes(net))
    ['communities', 'layers', 'multiplex']
    >>> data_notes(nc.datasets.toy())
    {}
    """
    counts = net.links.groupby("layer", sort=False).size()
    active = [name for name in net.layer_names if counts.get(name, 0) > 0]
    empty = [name for name in net.layer_names if counts.get(name, 0) == 0]
    notes: dict = {}
    if empty:
        notes.setdefault("layers", []).append(_(
            "Declared layers without any link: {names} (shown as 0 or –). Add their links, "
            "or declare only the layers your data has.").format(names=", ".join(empty)))
    if len(active) < 2:
        only = active[0] if active else "–"
        notes.setdefault("layers", []).append(_(
            "Only one layer ({layer}) has links: comparing layers (edge Jaccard, rank "
            "correlation, multiplexity) needs links in at least two kinds of relation — add "
            "design-sharing or logistics links, for example.").format(layer=only))
        notes["multiplex"] = [_(
            "Only one layer has links, so every firm is 'focused' (participation 0) by "
            "construction: multiplex roles need links in two or more layers.")]
        notes["communities"] = [_(
            "Only one layer has links: the communities are those of that layer, and the "
            "per-layer modularity of the other layers is not defined (–).")]
    return notes


def _reproducible() -> bool:
    """``SOURCE_DATE_EPOCH`` is set: the report leaves out what changes from run to run."""
    import os

    return bool(os.environ.get("SOURCE_DATE_EPOCH"))


def generation_time() -> str:
    """The report's generation time (UTC): now, or ``SOURCE_DATE_EPOCH`` when set.

    This line and the computation times in the provenance section are the only parts
    of a report that differ between two runs of the same command; set
    ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) to fix
    the time and leave the computation times out: the report is then byte-identical.

    Examples
    --------
    >>> import os
    >>> from netclust.report.context import generation_time
    >>> os.environ["SOURCE_DATE_EPOCH"] = "0"
    >>> generation_time()
    '1970-01-01 00:00 UTC'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch and epoch.isdigit()
            else _dt.datetime.now(_dt.timezone.utc))
    return when.strftime("%Y-%m-%d %H:%M UTC")


#: What the map's colours and sizes may show (measure names translated in its legend).
_MAP_MEASURES = {"role": N_("role"), "community": N_("community"), "strength": N_("strength"),
                 "degree": N_("degree"), "versatility": N_("versatility"), "pagerank": N_("PageRank"),
                 "betweenness": N_("betweenness")}


def _map_context(network_map) -> dict:
    """The map partial's context with its legend in the report's language (roles translated)."""
    ctx = network_map.context("nc-map")
    legend = dict(ctx["legend"])
    by = legend.get("colorBy")
    if by in ("role", _("role")):  # the map may give its legend's title translated already
        legend["groups"] = [{**g, "label": role_label(g["label"])} for g in legend["groups"]]
    for key in ("colorBy", "sizeBy"):
        if legend.get(key) in _MAP_MEASURES:
            legend[key] = _(_MAP_MEASURES[legend[key]])
    return {**ctx, "legend": legend}


def _font_note() -> str:
    """One sentence when Chinese figure text has no font to draw it (zh reports only)."""
    if current_language() != "zh":
        return ""
    from netclust.viz.figures import cjk_font

    if cjk_font() is not None:
        return ""
    return _("No Chinese (CJK) font is installed on the computer that made this report, so "
             "Chinese text in the figures may show as empty boxes (install fonts-noto-cjk).")


def report_context(data, *, generated: str | None = None) -> dict:
    """Template data of the report (plain dict: strings, numbers, lists, SVG text).

    Parameters
    ----------
    data : ReportData
        From :func:`netclust.report.compute.collect`.
    generated : str, optional
        Timestamp printed in the report (default: now, UTC, to the minute).

    Returns
    -------
    dict
        Keys ``title``, ``subtitle``, ``generated``, ``sections`` (id, title, present),
        ``overview``, ``map``, ``layers``, ``top_firms``, ``communities``,
        ``multiplex``, ``resilience``, ``symbiosis``, ``scenarios``, ``provenance``,
        ``missing`` (section id → reason).

    See Also
    --------
    netclust.report.render.render_report

    Examples
    --------
    >>> from netclust.report.compute import collect
    >>> from netclust.report.context import report_context
    >>> ctx = report_context(collect(nc.datasets.toy(), runs=2, null_runs=2, include_map=False))
    >>> [s["id"] for s in ctx["sections"]][:3], ctx["overview"]["roles"]["total"]
    (['findings', 'overview', 'map'], 6)
    """
    net = data.net
    missing = {}
    name_map = {"centrality": "top-firms", "systemic": "resilience", "multiplex": "multiplex", "communities": "communities",
                "layers": "layers", "resilience": "resilience", "symbiosis": "symbiosis",
                "scenarios": "scenarios", "map": "map"}
    for step, reason in data.missing.items():
        missing[name_map.get(step, step)] = reason
    ctx = {
        "title": data.title,
        "subtitle": _("{firms} firms · {links} links · {n} layers ({layers})").format(
            firms=fmt_number(net.n_firms), links=fmt_number(len(net.links)),
            n=fmt_number(len(net.layer_names)), layers=", ".join(net.layer_names)),
        "generated": generated or generation_time(),
        "findings": _findings_section(data),
        "overview": _overview(data),
        "map": _map_context(data.results["map"]) if "map" in data.results else None,
        "layers": _layers_section(data),
        "top_firms": _top_firms(data),
        "communities": _communities_section(data),
        "multiplex": _multiplex_section(data),
        "channels": _channels_section(data),
        "recommendations": _recommendations_section(data),
        "resilience": _resilience_section(data),
        "symbiosis": _symbiosis_section(data),
        "scenarios": _scenario_section(data),
        "evolution": _evolution_section(data),
        "provenance": _provenance(data),
        "sampling": _sampling(data),
        "params": data.params,
        "missing": missing,
        "data_notes": data_notes(data.net),
        "font_note": _font_note(),
    }
    shown = [(sid, title) for sid, title in SECTIONS if sid != "evolution" or ctx["evolution"]]
    ctx["sections"] = [{"id": sid, "title": _(title)} for sid, title in shown]
    ctx["number"] = {sid: i + 1 for i, (sid, _title) in enumerate(shown)}
    return ctx
