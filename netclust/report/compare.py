"""Two networks side by side: two snapshots (years) or a cluster before and after a scenario.

:func:`compare_data` computes the comparison (pandas), :func:`compare_context` turns
it into template data and :func:`compare_html` renders the page; firms are matched
by ``firm_id``.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from netclust.errors import InputError
from netclust.metrics.overlap import edge_jaccard
from netclust.report.context import table
from netclust.html import fmt_number, render_compare

__all__ = ["compare_data", "compare_context", "compare_html", "link_changes"]


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


def compare_data(a, b, *, labels=("A", "B"), seed=0, runs: int = 20, communities: bool = True) -> dict:
    """Compute the comparison of two networks.

    Parameters
    ----------
    a, b : MultilayerNetwork
        Before and after (two years, or a cluster and its scenario).
    labels : tuple of str, default ("A", "B")
    seed : int, default 0
    runs : int, default 20
        Random-removal runs for ``R_random``.
    communities : bool, default True
        Compare multiplex Leiden partitions on the firms present in both.

    Returns
    -------
    dict
        ``indicators`` (indicator, a, b, delta), ``entered`` / ``exited`` (firms
        tables), ``links`` (:func:`link_changes`), ``roles`` (firms by role in each),
        ``agreement`` (NMI/ARI of the communities of common firms, or None).

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
    from netclust.scenario import indicators

    if len(labels) != 2:
        raise InputError("labels must be two strings (before, after)")
    ia = indicators(a, runs=runs, seed=seed)
    ib = indicators(b, runs=runs, seed=seed)
    ind = pd.DataFrame({"a": ia, "b": ib.reindex(ia.index)})
    ind["delta"] = ind["b"] - ind["a"]
    ind.index.name = "indicator"
    ids_a, ids_b = a.firm_ids, b.firm_ids
    cols = [c for c in ("name", "role", "sector", "area") if c in a.firms.columns or c in b.firms.columns]
    entered = b.firms.loc[ids_b.difference(ids_a, sort=False), [c for c in cols if c in b.firms.columns]]
    exited = a.firms.loc[ids_a.difference(ids_b, sort=False), [c for c in cols if c in a.firms.columns]]
    roles = pd.DataFrame({"a": a.firms["role"].value_counts(), "b": b.firms["role"].value_counts()}).fillna(0)
    roles["delta"] = roles["b"] - roles["a"]
    agreement = None
    if communities:
        from netclust.metrics.community import communities as find, partition_agreement

        common = ids_a.intersection(ids_b, sort=False)
        if len(common) >= 2:
            ca = find(a, seed=seed).membership.reindex(common)
            cb = find(b, seed=seed).membership.reindex(common)
            agreement = partition_agreement(ca, cb)
    return {"labels": tuple(map(str, labels)), "indicators": ind, "entered": entered,
            "exited": exited, "links": link_changes(a, b), "roles": roles,
            "agreement": agreement, "n_common": int(len(ids_a.intersection(ids_b)))}


def compare_context(data: dict, *, title: str | None = None, generated: str | None = None) -> dict:
    """Template data of a comparison (plain dict).

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
    ind_t = table(ind, [("index", "indicator", "text"), ("a", la, "num"), ("b", lb, "num"),
                        ("delta", "change", "delta")], table_id="table-compare-indicators")
    links = table(data["links"], [("index", "layer", "text"), ("links_a", f"links {la}", "int"),
                                  ("links_b", f"links {lb}", "int"), ("kept", "kept", "int"),
                                  ("added", "added", "int"), ("dropped", "dropped", "int"),
                                  ("jaccard", "persistence (Jaccard)", "pct")],
                  table_id="table-compare-links")
    roles = table(data["roles"], [("index", "role", "text"), ("a", la, "int"), ("b", lb, "int"),
                                  ("delta", "change", "delta")], table_id="table-compare-roles")
    fcols = [("index", "firm id", "text")] + [(c, c, "text") for c in data["entered"].columns]
    ecols = [("index", "firm id", "text")] + [(c, c, "text") for c in data["exited"].columns]
    agreement = None
    if data["agreement"] is not None:
        agreement = [{"key": k, "value": fmt_number(v)} for k, v in data["agreement"].items()]

    def val(name, col):
        return float(ind.loc[name, col]) if name in ind.index else float("nan")

    cards = [
        {"label": f"firms in {la} → {lb}", "value": f"{fmt_number(val('firms', 'a'))} → {fmt_number(val('firms', 'b'))}"},
        {"label": "firms entering", "value": fmt_number(len(data["entered"]))},
        {"label": "firms exiting", "value": fmt_number(len(data["exited"]))},
        {"label": "SMEs reaching an exporting anchor",
         "value": f"{fmt_number(val('smes_with_access', 'a'))} → {fmt_number(val('smes_with_access', 'b'))}"},
        {"label": "robustness R (random)",
         "value": f"{fmt_number(val('R_random', 'a'))} → {fmt_number(val('R_random', 'b'))}"},
    ]
    return {
        "title": title or f"Comparison: {la} vs {lb}",
        "labels": [la, lb],
        "generated": generated or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cards": cards, "indicators": ind_t, "links": links, "roles": roles,
        "entered": table(data["entered"], fcols, table_id="table-entered", limit=200),
        "exited": table(data["exited"], ecols, table_id="table-exited", limit=200),
        "agreement": agreement, "n_common": data["n_common"],
    }


def compare_html(a, b, *, labels=("A", "B"), seed=0, runs: int = 20, title: str | None = None,
                 generated: str | None = None) -> str:
    """The comparison page of two networks (self-contained HTML).

    Parameters
    ----------
    a, b : MultilayerNetwork
    labels : tuple of str
    seed, runs
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
    return render_compare(compare_context(compare_data(a, b, labels=labels, seed=seed, runs=runs),
                                          title=title, generated=generated))
