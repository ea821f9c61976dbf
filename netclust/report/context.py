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

from netclust.schema import AGGREGATE, ROLES
from netclust.html import fmt_delta, fmt_number, fmt_percent, sort_key

__all__ = ["report_context", "table", "SECTIONS", "top_firms_by_role", "data_warnings",
           "thin_curves"]

#: Report sections in order: (id, title).
SECTIONS = (
    ("overview", "Overview"),
    ("map", "Network map"),
    ("layers", "Layers"),
    ("top-firms", "Key firms by role"),
    ("communities", "Communities"),
    ("multiplex", "Multiplex roles"),
    ("resilience", "Resilience"),
    ("symbiosis", "Symbiosis scorecard"),
    ("scenarios", "Scenarios"),
    ("methods", "Method notes"),
    ("provenance", "Provenance"),
)

_FORMATS = {
    "text": lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v),
    "wide": lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v),
    "int": lambda v: fmt_number(None if v is None or (isinstance(v, float) and v != v) else int(v)),
    "num": fmt_number,
    "pct": fmt_percent,
    "delta": fmt_delta,
    "bool": lambda v: "yes" if bool(v) else "no",
}


def table(df: pd.DataFrame, columns, *, table_id: str = "", caption: str = "",
          limit: int | None = None) -> dict:
    """A DataFrame as template data: formatted text and sort keys.

    Parameters
    ----------
    df : pandas.DataFrame
    columns : list of (key, label, kind)
        ``key`` a column of ``df`` (or ``"index"``), ``kind`` one of ``text``, ``int``,
        ``num``, ``pct``, ``delta``, ``bool`` or ``wide`` (long text that may wrap).
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
    >>> t = table(pd.DataFrame({"a": ["<x>"], "b": [0.5]}), [("a", "A", "text"), ("b", "B", "pct")])
    >>> t["rows"], t["columns"][1]
    ([[{'t': '<x>', 's': '<x>'}, {'t': '50.0%', 's': '0.5'}]], {'label': 'B', 'num': True, 'wide': False})
    """
    frame = df.head(limit) if limit is not None else df
    cols = [{"label": label, "num": kind not in ("text", "bool", "wide"),
             "wide": kind == "wide"} for _, label, kind in columns]
    data = []
    for key, _, kind in columns:
        values = frame.index.tolist() if key == "index" else frame[key].tolist()
        fmt = _FORMATS[kind]
        data.append([{"t": fmt(_py(v)), "s": sort_key(_py(v)) if kind not in ("text", "wide") else fmt(_py(v))}
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
    out = []
    if net.validation is not None:
        out += [p.format() for p in net.validation.warnings]
    n = net.n_firms
    deg = net.adjacency(AGGREGATE, weighted=False).getnnz(axis=1)
    isolated = int((deg == 0).sum())
    if isolated:
        out.append(f"{isolated:,} firm(s) ({isolated / n:.1%}) have no link in any layer "
                   "(isolated firms are kept: they count in every share).")
    for name in net.layer_names:
        if not int((net.links["layer"] == name).sum()):
            out.append(f"Layer {name!r} has no links.")
    roles = set(net.firms["role"].astype(str))
    unknown = sorted(roles - set(ROLES))
    if unknown:
        out.append(f"Roles outside the default vocabulary: {', '.join(unknown)}.")
    if "anchor" not in roles:
        out.append("No firm has the role 'anchor': channel access and anchor scenarios are skipped.")
    if "anchor" in roles and not _anchor_exports(net):
        out.append("No anchor is marked as exporter: no SME can reach an overseas channel.")
    if {"lon", "lat"} <= set(net.firms.columns):
        lon = pd.to_numeric(net.firms["lon"], errors="coerce")
        lat = pd.to_numeric(net.firms["lat"], errors="coerce")
        miss = int((lon.isna() | lat.isna()).sum())
        if miss:
            out.append(f"{miss:,} firm(s) lack coordinates (lon/lat).")
    if "summary" in results:
        agg = results["summary"].layers.loc[AGGREGATE]
        if int(agg["components"]) > 1:
            out.append(f"The aggregate network has {int(agg['components']):,} components; the "
                       f"largest holds {int(agg['largest_component']):,} firms "
                       f"({int(agg['largest_component']) / n:.1%}).")
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
    cards = [{"label": "firms", "value": fmt_number(net.n_firms)},
             {"label": "links (all layers)", "value": fmt_number(len(net.links))},
             {"label": "layers", "value": fmt_number(len(net.layer_names))}]
    if s is not None:
        agg = s.layers.loc[AGGREGATE]
        cards.append({"label": "in the largest connected group",
                      "value": fmt_percent(int(agg["largest_component"]) / max(net.n_firms, 1))})
    if "communities" in results:
        cards.append({"label": "communities", "value": fmt_number(results["communities"].n_communities)})
    if "channel_access" in results:
        acc = results["channel_access"]
        cards.append({"label": "SMEs reaching an exporting anchor",
                      "value": fmt_percent(float(acc.mean()) if len(acc) else float("nan"))})
    if "resilience" in results:
        r = results["resilience"].set_index("strategy")
        for strategy, label in (("random", "robustness R, random failures"),
                                ("degree", "robustness R, attack on hubs")):
            if strategy in r.index:
                cards.append({"label": label, "value": fmt_number(float(r.loc[strategy, "R"]))})
    return cards


def _overview(data) -> dict:
    net, res = data.net, data.results
    s = res.get("summary")
    roles = s.roles.to_frame("firms") if s is not None else net.firms["role"].value_counts().to_frame("firms")
    roles["share"] = roles["firms"] / max(net.n_firms, 1)
    return {
        "cards": _cards(net, res),
        "roles": table(roles, [("index", "role", "text"), ("firms", "firms", "int"),
                               ("share", "share", "pct")], table_id="table-roles"),
        "warnings": data_warnings(net, res),
    }


def _layers_section(data) -> dict:
    net, res = data.net, data.results
    out = {"table": None, "similarity": None, "figures": [], "multiplex_values": [],
           "descriptions": []}
    s = res.get("summary")
    if s is not None:
        t = s.layers.copy()
        t["kind"] = np.where(t["directed"], "directed", "undirected")
        desc = {spec.name: spec.description for spec in net.layers}
        t["description"] = [desc.get(i, "union of all layers" if i == AGGREGATE else "") for i in t.index]
        t["active_share"] = t["active_firms"] / max(net.n_firms, 1)
        out["table"] = table(t, [
            ("index", "layer", "text"), ("kind", "kind", "text"), ("links", "links", "int"),
            ("active_firms", "firms with links", "int"), ("active_share", "share of firms", "pct"),
            ("density", "density", "num"), ("components", "components", "int"),
            ("largest_component", "largest component", "int"), ("reciprocity_pairs", "reciprocity (pairs)", "num"),
            ("total_weight", "total weight", "num")],
            table_id="table-layers")
        out["descriptions"] = [{"name": spec.name, "kind": "directed" if spec.directed else "undirected",
                                "description": spec.description} for spec in net.layers]
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
                ("a", "layer", "text"), ("b", "other layer", "text"),
                ("jaccard", "shared links (edge Jaccard)", "num"),
                ("corr", "degree rank correlation", "num")], table_id="table-layer-similarity")
        mx = lm[lm["layer"] == "multiplex"]
        labels = {"global_overlap": "links present in every layer (global overlap)",
                  "pair_multiplexity": "linked pairs tied in 2+ layers (pair multiplexity)",
                  "multislice_modularity": "multislice modularity of the communities",
                  "n_communities": "communities"}
        out["multiplex_values"] = [{"label": labels.get(m, m), "value": fmt_number(v)}
                                   for m, v in zip(mx["metric"], mx["value"])]
    if "degree" in res:
        from netclust.viz.figures import distribution_figure, svg

        out["figures"] = [
            {"svg": svg(distribution_figure(res["degree"], what="degree")),
             "caption": "Share of firms with at least x partners, per layer (log-log). A long, "
                        "straight tail means a few hubs hold many links."},
            {"svg": svg(distribution_figure(res["strength"], what="strength")),
             "caption": "The same for strength (summed link weight: orders, shipments, shared designs)."},
        ]
    return out


def _top_firms(data, per_role: int = 10) -> dict:
    ft = data.results.get("firm_table")
    if ft is None or not len(ft):
        return {"groups": [], "by": ""}
    by = "versatility" if "versatility" in ft.columns else ("strength" if "strength" in ft.columns else None)
    if by is None:
        return {"groups": [], "by": ""}
    cols = [("index", "firm id", "text"), ("name", "name", "text")]
    for key, label, kind in (("community", "community", "int"), ("degree", "partners", "int"),
                             ("strength", "strength", "num"), ("pagerank", "PageRank", "num"),
                             ("betweenness", "betweenness", "num"),
                             ("participation_coefficient", "participation", "num"),
                             ("versatility", "versatility", "num"),
                             ("multiplex_role", "multiplex role", "text")):
        if key in ft.columns:
            cols.append((key, label, kind))
    groups = []
    for role, sub in top_firms_by_role(ft, by=by, per_role=per_role):
        groups.append({"role": role, "count": int((ft["role"] == role).sum()),
                       "table": table(sub, cols, table_id=f"table-top-{role}")})
    return {"groups": groups, "by": by}


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
    cols = [("index", "community", "int"), ("size", "firms", "int"), ("share", "share", "pct")]
    for key, label, kind in (("anchor_names", "main anchors", "wide"),
                             ("dominant_sector", "main sector", "text"),
                             ("dominant_sector_share", "sector share", "pct"),
                             ("internal_link_share", "links kept inside", "pct")):
        if key in ct.columns:
            cols.append((key, label, kind))
    cohesion = [c for c in ct.columns if c.startswith("cohesion_")]
    for c in cohesion:
        cols.append((c, f"inside, {c[len('cohesion_'):]}", "pct"))
    present = {c[2:] for c in ct.columns if c.startswith("n_")}
    role_cols = [f"n_{r}" for r in ROLES if r in present] + sorted(f"n_{r}" for r in present - set(ROLES))
    for c in role_cols:
        cols.append((c, c[2:], "int"))
    big = ct[ct["size"] > 1]
    from netclust.viz.figures import community_sizes_figure, svg

    roles = ct[role_cols].rename(columns=lambda c: c[2:]) if role_cols else None
    fig = svg(community_sizes_figure(ct["size"], roles=roles))
    modularity = [{"layer": k, "value": fmt_number(v)} for k, v in cr.layer_modularity.items()]
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
    ct["all firms"] = ct.sum(axis=1)
    cols = [("index", "multiplex role", "text")] + [(c, c, "int") for c in ct.columns]
    hubs = res["firm_table"]
    hubs = hubs[mx["hub"].reindex(hubs.index).fillna(False).astype(bool).to_numpy()] if "hub" in mx.columns \
        else hubs.iloc[:0]
    hub_cols = [("index", "firm id", "text"), ("name", "name", "text"), ("role", "role", "text"),
                ("multiplex_role", "multiplex role", "text"),
                ("participation_coefficient", "participation", "num"),
                ("overlapping_degree", "overlapping degree", "int"),
                ("node_activity", "active layers", "int")]
    hub_cols = [c for c in hub_cols if c[0] == "index" or c[0] in hubs.columns]
    if "overlapping_degree" in hubs.columns:
        hubs = hubs.sort_values("overlapping_degree", ascending=False, kind="stable")
    return {"roles": table(ct, cols, table_id="table-multiplex-roles"),
            "hubs": table(hubs, hub_cols, table_id="table-multiplex-hubs", limit=40),
            "n_hubs": int(len(hubs))}


#: Web indicators shown first in the scorecard (the full table follows, folded).
KEY_INDICATORS = ("connectance", "nodf", "wnodf", "h2_prime", "dependence_asymmetry", "modularity")

_STRATEGY_TEXT = {
    "random": "random failures (firms close at random; mean of runs, 5–95% band)",
    "degree": "targeted: most-connected firms first",
    "adaptive-degree": "targeted, recomputed after each removal",
    "betweenness": "targeted: brokers (highest betweenness) first",
    "role": "anchors first (largest first), then the rest by degree",
    "strength": "targeted: highest strength first",
    "pagerank": "targeted: highest PageRank first",
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
    from netclust.viz.figures import svg

    s = res["resilience"].copy()
    s["meaning"] = s["strategy"].map(lambda x: _STRATEGY_TEXT.get(x, x))
    cols = [("strategy", "removal order", "text"), ("meaning", "meaning", "wide"),
            ("runs", "runs", "int"), ("R", "robustness R", "num"), ("R_p05", "R 5%", "num"),
            ("R_p95", "R 95%", "num"), ("critical_fraction", "share removed until collapse", "pct")]
    figures = []
    try:
        from netclust.viz.curves import plot_removal_curves
    except ImportError:
        plot_removal_curves = None
    if plot_removal_curves is not None:
        figures.append({"svg": svg(plot_removal_curves(thin_curves(res["curves"]), title="Largest connected group as firms are removed")),
                        "caption": "Share of firms still in the largest connected group after removing a "
                                   "share of firms, per removal order. Random failures: mean and 5–95% band."})
        if "channel_curves" in res:
            figures.append({"svg": svg(plot_removal_curves(thin_curves(res["channel_curves"]),
                                                           value="access_fraction",
                                                           title="SMEs still reaching an exporting anchor")),
                            "caption": "Channel access: share of SMEs with a path to an exporting anchor as "
                                       "firms are removed."})
    channel = None
    if "channel_summary" in res:
        ch = res["channel_summary"].copy()
        ch["meaning"] = ch["strategy"].map(lambda x: _STRATEGY_TEXT.get(x, x))
        channel = table(ch, [("strategy", "removal order", "text"), ("meaning", "meaning", "wide"),
                             ("initial_access", "SMEs with access at start", "pct"),
                             ("area", "mean access over the removal", "num")],
                        table_id="table-channel")
    return {"table": table(s, cols, table_id="table-resilience"), "figures": figures,
            "channel": channel, "threshold": fmt_percent(float(s["threshold"].iloc[0])) if len(s) else ""}


def _symbiosis_section(data) -> dict | None:
    res = data.results
    if "symbiosis" not in res:
        if "symbiosis_error" in res:
            return {"error": res["symbiosis_error"]}
        return None
    from netclust.viz.figures import scorecard_figure, svg

    sc = res["symbiosis"].scorecard.copy()
    web = sc[sc["web"] != "cluster"]
    cluster = sc[sc["web"] == "cluster"]
    cols = [("web", "web", "text"), ("indicator", "indicator", "text"), ("value", "value", "num"),
            ("null_mean", "null mean", "num"), ("z", "z", "num"), ("p", "p", "num"),
            ("reading", "reading", "wide"), ("source", "source", "wide")]
    ccols = [("indicator", "indicator", "text"), ("value", "value", "num"),
             ("reading", "reading", "wide"), ("source", "source", "wide")]
    key_web = web[web["indicator"].isin(KEY_INDICATORS)]
    figure = svg(scorecard_figure(key_web)) if len(key_web) and key_web["z"].notna().any() else None
    webs = []
    for name, w in res["symbiosis"].webs.items():
        shape = getattr(w, "matrix", None)
        shape = shape.shape if shape is not None else (None, None)
        webs.append({"name": str(name), "rows": shape[0], "cols": shape[1]})
    key = web[web["indicator"].isin(KEY_INDICATORS)]
    return {"key_table": table(key, cols, table_id="table-scorecard-key"),
            "web_table": table(web, cols, table_id="table-scorecard"),
            "cluster_table": table(cluster, ccols, table_id="table-cluster-indicators"),
            "figure": figure, "webs": webs, "runs": data.params["null_runs"]}


def _scenario_section(data) -> dict | None:
    res = data.results
    if "scenarios" not in res:
        return None
    from netclust.viz.figures import scenario_figure, svg

    items = []
    tables = {}
    for label, r in res["scenarios"]:
        t = r.table.copy()
        tables[label] = t
        effects = r.affected["effect"].value_counts() if len(r.affected) else pd.Series(dtype=int)
        aff_cols = [(c, c.replace("_", " "), "text") for c in ("firm_id", "name", "role", "effect")
                    if c in r.affected.columns]
        items.append({
            "label": label, "description": r.description,
            "table": table(t, [("indicator", "indicator", "text"), ("before", "before", "num"),
                               ("after", "after", "num"), ("delta", "change", "delta")],
                           table_id=""),
            "effects": [{"effect": str(k).replace("_", " "), "firms": fmt_number(int(v))}
                        for k, v in effects.items()],
            "affected": table(r.affected, aff_cols, limit=25),
        })
    figure = svg(scenario_figure(tables)) if tables else None
    return {"items": items, "errors": [{"label": k, "error": v}
                                       for k, v in res.get("scenario_errors", {}).items()],
            "figure": figure}


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
        "timings": [{"key": k, "value": f"{v:.2f} s"} for k, v in data.timings.items()],
        "layers": [{"name": s.name, "directed": s.directed, "weighted": s.weighted,
                    "description": s.description} for s in net.layers],
    }


def _plain_text(v) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v)) if v else "–"
    if isinstance(v, dict):
        return ", ".join(f"{k}={w}" for k, w in v.items()) if v else "–"
    return "–" if v is None else str(v)


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
    (['overview', 'map', 'layers'], 6)
    """
    net = data.net
    missing = {}
    name_map = {"centrality": "top-firms", "multiplex": "multiplex", "communities": "communities",
                "layers": "layers", "resilience": "resilience", "symbiosis": "symbiosis",
                "scenarios": "scenarios", "map": "map"}
    for step, reason in data.missing.items():
        missing[name_map.get(step, step)] = reason
    ctx = {
        "title": data.title,
        "subtitle": (f"{net.n_firms:,} firms · {len(net.links):,} links · "
                     f"{len(net.layer_names)} layers ({', '.join(net.layer_names)})"),
        "generated": generated or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "overview": _overview(data),
        "map": data.results["map"].context("nc-map") if "map" in data.results else None,
        "layers": _layers_section(data),
        "top_firms": _top_firms(data),
        "communities": _communities_section(data),
        "multiplex": _multiplex_section(data),
        "resilience": _resilience_section(data),
        "symbiosis": _symbiosis_section(data),
        "scenarios": _scenario_section(data),
        "provenance": _provenance(data),
        "params": data.params,
        "missing": missing,
    }
    ctx["sections"] = [{"id": sid, "title": title} for sid, title in SECTIONS]
    return ctx
