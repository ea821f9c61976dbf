"""Ecological-symbiosis indicators of a cluster and the symbiosis scorecard.

The cluster is read as a set of mutualistic bipartite webs, one per pair of roles
(DESIGN.md §6): SMEs x anchors (subcontracting orders, overseas channels), SMEs x
suppliers (procurement), SMEs x designers (shared design resources), SMEs x
logistics providers. Each web is scored with ecology's indicators (nestedness,
connectance, specialisation, niche overlap, generality/vulnerability, dependence
asymmetry, modularity) against seeded null models, and the multilayer network with
cluster indicators (supplier redundancy, channel reach, "one need, many
responders", pair multiplexity, reciprocity). :func:`symbiosis` returns everything as
tables; there is no composite index.

Web extraction rule: a web's cell (i, j) is the sum of the weights of all links
between row firm i and column firm j, in either direction, over the web's layers
(undirected views of directed layers). Firms of the two roles without any link in
the web are left out (ecological convention: a web lists the species observed
interacting); the share of row-role firms that are in the web is reported as
``coverage``. Layers a default web names but the network lacks are skipped (e.g.
``channel``); a web with none of its layers is omitted.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from netclust._progress import report
from netclust._random import make_rng
from netclust.errors import InputError
from netclust.metrics import bipartite as bp
from netclust.metrics.overlap import multiplex_pair_share
from netclust.metrics.nestedness import nestedness_contribution
from netclust.metrics.nullmodels import NULL_MODELS
from netclust.metrics.webs import (DEFAULT_WEBS, BipartiteWeb, WebSpec, bipartite_web,
                                   extract_webs)
from netclust.metrics._exporting import exporting_mask
from netclust.metrics.cluster_indicators import (channel_reach, reciprocity,
                                                 responders_per_demand, supplier_redundancy)
from netclust.metrics.scorecard import (SCORECARD_COLUMNS, check_jobs, null_executor,
                                        scorecard_and_modules, web_scorecard)

__all__ = [
    "WebSpec",
    "DEFAULT_WEBS",
    "BipartiteWeb",
    "bipartite_web",
    "extract_webs",
    "supplier_redundancy",
    "channel_reach",
    "responders_per_demand",
    "reciprocity",
    "symbiosis",
    "SymbiosisResult",
    "SCORECARD_COLUMNS",
    "web_scorecard",
]


def _firm_rows(web: BipartiteWeb, contribution_runs: int, contribution_max_nodes: int, rng,
               modules) -> list:
    mat = web.matrix
    frames = []
    for side, labels in (("rows", web.rows), ("columns", web.columns)):
        oriented = mat if side == "rows" else mat.T.tocsr()
        metrics = {
            "degree": np.diff(oriented.indptr).astype(float),
            "strength": np.asarray(oriented.sum(axis=1)).ravel(),
            "normalised_degree": bp.normalised_degree(mat, side=side).to_numpy(),
            "d_prime": bp.d_prime(mat, side=side).to_numpy(),
            "effective_partners": bp.effective_partners(mat, side=side).to_numpy(),
            "largest_partner_share": bp.largest_partner_share(mat, side=side).to_numpy(),
            "partner_concentration": bp.partner_concentration(mat, side=side).to_numpy(),
        }
        if modules is not None:
            metrics["module"] = (modules[0] if side == "rows" else modules[1]).astype(float)
        for metric, values in metrics.items():
            frames.append(pd.DataFrame({"firm_id": labels.astype(str), "web": web.name,
                                        "metric": metric, "value": values}))
    n_nodes = mat.shape[0] + mat.shape[1]
    if contribution_runs and n_nodes <= contribution_max_nodes:
        c = nestedness_contribution(mat, runs=contribution_runs, seed=rng)
        ids = np.concatenate([web.rows.astype(str), web.columns.astype(str)])
        frames.append(pd.DataFrame({"firm_id": ids, "web": web.name,
                                    "metric": "nestedness_contribution",
                                    "value": c["c"].to_numpy()}))
    return frames


_CLUSTER_SOURCES = {
    "coverage": "netclust (share of the row-role firms present in the web)",
    "supplier_redundancy": ("netclust; redundancy logic of Memmott et al. 2004 "
                            "Proc R Soc B 271:2605"),
    "responders_per_demand": "netclust; 'one need, many responders'",
    "channel_reach": "netclust; multi-source BFS from exporting anchors",
    "pair_multiplexity": "Verbrugge 1979 Social Forces 57:1286",  # multiplex ties, not Q_ab
    "reciprocity": "Wasserman & Faust 1994 (ratio of mutual pairs)",
}


def _band(value, low, high, low_text, mid_text, high_text) -> str:
    if not np.isfinite(value):
        return "not defined (no such firms or links)"
    if value < low:
        return low_text
    if value >= high:
        return high_text
    return mid_text


def _cluster_rows(net, webs: dict, k: int, channel_paths, category: str | None,
                  firm_frames: list) -> list:
    rows = []

    def add(web, indicator, value, reading, source_key):
        rows.append({"web": web, "indicator": indicator, "value": float(value),
                     "null_mean": np.nan, "null_sd": np.nan, "z": np.nan, "p": np.nan,
                     "reading": reading, "source": _CLUSTER_SOURCES[source_key]})

    for name, web in webs.items():
        role = "/".join(web.spec.rows)
        add(name, "coverage", web.coverage,
            _band(web.coverage, 0.25, 0.75, f"few {role} firms take part in this web",
                  f"part of the {role} firms take part in this web",
                  f"most {role} firms take part in this web"), "coverage")
    roles = set(net.firms["role"].astype(str))
    if {"sme", "supplier"} <= roles and "procurement" in net.layer_names:
        share, per_firm = supplier_redundancy(net, category=category)
        add("cluster", "supplier_redundancy", share,
            _band(share, 0.3, 0.7, "most SMEs depend on a single supplier for some input",
                  "many SMEs lack a second supplier for some input",
                  "most SMEs can switch supplier for every input they buy"), "supplier_redundancy")
        firm_frames.append(pd.DataFrame({"firm_id": per_firm.index.astype(str), "web": "cluster",
                                         "metric": "redundant_category_share",
                                         "value": per_firm.to_numpy()}))
        mean, per_firm = responders_per_demand(net, category=category)
        add("cluster", "responders_per_demand", mean,
            _band(mean, 1.0, 3.0, "needs are met by one provider with few alternatives nearby",
                  "needs have one or two alternative providers within one step",
                  "one need, many responders: several alternative providers within one step"),
            "responders_per_demand")
        firm_frames.append(pd.DataFrame({"firm_id": per_firm.index.astype(str), "web": "cluster",
                                         "metric": "responders", "value": per_firm.to_numpy()}))
    if {"sme", "anchor"} <= roles:
        shares, hops = channel_reach(net, k=k, paths=channel_paths)
        # never a silent default: without exporter data every anchor counts, and it is said
        who = ("an exporting anchor" if exporting_mask(net) is not None
               else "an anchor (no exporter data: every anchor taken as exporting)")
        for path, value in shares.items():
            add("cluster", f"channel_reach[{path}]", value,
                _band(value, 0.3, 0.7, f"few SMEs reach {who} within {k} hops",
                      f"part of the SMEs reach {who} within {k} hops",
                      f"most SMEs reach {who} within {k} hops"), "channel_reach")
        firm_frames.append(pd.DataFrame({"firm_id": hops.index.astype(str), "web": "cluster",
                                         "metric": "channel_hops", "value": hops.to_numpy()}))
    mult = multiplex_pair_share(net)
    add("cluster", "pair_multiplexity", mult,
        _band(mult, 0.1, 0.3, "relations are single-stranded (one layer per pair)",
              "some relations are multi-stranded", "many relations run on several layers at once"),
        "pair_multiplexity")
    for layer, value in reciprocity(net).items():
        add("cluster", f"reciprocity[{layer}]", value,
            _band(value, 0.05, 0.25, "flows run one way (little give-and-take)",
                  "some pairs exchange in both directions",
                  "much give-and-take: many pairs exchange in both directions"), "reciprocity")
    return rows


class SymbiosisResult(NamedTuple):
    """Result of :func:`symbiosis` (unpack as ``scorecard, firms, webs``).

    Attributes
    ----------
    scorecard : pandas.DataFrame
        Columns :data:`SCORECARD_COLUMNS`.
    firms : pandas.DataFrame
        Long table ``firm_id, web, metric, value`` (the first three categorical, in first-seen order).
    webs : dict of str to BipartiteWeb
        The web matrices.
    """

    scorecard: pd.DataFrame
    firms: pd.DataFrame
    webs: dict


def symbiosis(net, *, webs=None, weighted: bool = True, null: str = "curveball",
              runs: int = 100, seed=0, k: int = 2, channel_paths=None,
              category: str | None = "sector", contribution_runs: int = 20,
              contribution_max_nodes: int = 300, modularity: bool = True,
              progress=None, n_jobs: int = 1, timings: dict | None = None) -> SymbiosisResult:
    """Ecological-symbiosis scorecard of a cluster, firm indicators and webs.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    webs : list of WebSpec or tuples, dict, or None
        Role-pair webs (default :data:`DEFAULT_WEBS`); see :func:`extract_webs`.
    weighted : bool, default True
        Web cells are summed link weights (else 0/1; weighted indicators then
        equal their binary versions).
    null : {"curveball", "swap", "probabilistic", "equiprobable"}
        Null model for the z-scores and p-values of network-level indicators.
    runs : int, default 100
        Null webs per web (0 = no null model).
    seed : int, numpy.random.Generator or None, default 0
        Same seed, same table.
    k : int, default 2
        Hops for channel reach.
    channel_paths : dict, optional
        Named layer paths for channel reach (see :func:`channel_reach`).
    category : str or None, default "sector"
        Firms column giving a supplier's input category.
    contribution_runs : int, default 20
        Randomisations per firm for the contribution to nestedness c_i (0 = skip).
    contribution_max_nodes : int, default 300
        c_i costs ``contribution_runs`` NODF evaluations per firm: it is computed
        only for webs with at most this many firms (rows + columns); call
        :func:`netclust.metrics.nestedness.nestedness_contribution` on a larger web
        directly if needed.
    modularity : bool, default True
        Score Barber modularity (and report firms' modules); it dominates the run
        time on large webs because each null web needs a community search.
    progress : callable or None
        ``progress(done, total)`` over webs x null runs.
    n_jobs : int, default 1
        Worker processes for the null webs of each web (see :func:`web_scorecard`);
        the tables do not depend on ``n_jobs``.
    timings : dict or None
        Profiling: seconds per indicator over all webs, as :func:`web_scorecard`.

    Returns
    -------
    SymbiosisResult
        ``scorecard`` (one row per web and indicator, then the cluster indicators
        with ``web = "cluster"``), ``firms`` (firm_id, web, metric, value) and
        ``webs``.

    Raises
    ------
    InputError
        Bad parameters or web specifications.

    See Also
    --------
    web_scorecard, extract_webs, channel_reach, supplier_redundancy,
    responders_per_demand, reciprocity,
    netclust.metrics.overlap.multiplex_pair_share

    Notes
    -----
    Network-level web indicators get ``null_mean``, ``null_sd``, ``z`` and ``p``
    from ``runs`` null webs of the chosen model; cluster indicators (coverage,
    supplier redundancy, responders per demand, channel reach, pair multiplexity,
    reciprocity) are descriptive: their null columns are NaN and the reading uses
    fixed bands stated in each function's docstring. No composite index is formed.
    ``pair_multiplexity`` is the share of linked firm pairs tied in two or more
    layers (Verbrugge 1979's multiplex ties; the same number as the Layers table's
    ``pair_multiplexity`` of :func:`netclust.metrics.tidy.layer_metrics`), not
    Battiston et al.'s :math:`Q_{\\alpha\\beta}`
    (:func:`netclust.metrics.overlap.pairwise_multiplexity`).

    Firm metrics per web and side: ``degree``, ``strength``, ``normalised_degree``,
    ``d_prime``, ``effective_partners``, ``largest_partner_share``,
    ``partner_concentration`` (HHI; on ``sme_anchor`` it is the anchor-dependence
    concentration), ``module`` (in the partition whose Q_B the scorecard reports)
    and, for small webs, ``nestedness_contribution``;
    cluster-wide (``web = "cluster"``): ``redundant_category_share``,
    ``responders`` and ``channel_hops``.

    References
    ----------
    .. [1] Saavedra, S., Reed-Tsochas, F. & Uzzi, B. (2009). A simple model of
       bipartite cooperation for ecological and organizational networks. Nature
       457, 463-466.
    .. [2] Bustos, S., Gomez, C., Hausmann, R. & Hidalgo, C. A. (2012). PLoS ONE 7,
       e49393.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import symbiosis
    >>> card, firms, webs = symbiosis(nc.datasets.toy(), runs=10, seed=0)
    >>> list(webs)
    ['sme_anchor', 'sme_supplier', 'sme_designer', 'sme_logistics']
    >>> card.set_index(["web", "indicator"]).loc[("sme_anchor", "connectance"), "value"]
    np.float64(0.666...)
    >>> firms.query("web == 'sme_anchor' and metric == 'largest_partner_share'").value.tolist()
    [1.0, 0.666..., 1.0, 0.666..., 0.75]
    """
    if null not in NULL_MODELS:
        raise InputError(f"unknown null model {null!r}; choose one of {', '.join(NULL_MODELS)}")
    if int(runs) < 0 or int(contribution_runs) < 0:
        raise InputError("runs and contribution_runs must be >= 0")
    n_jobs = check_jobs(n_jobs)
    rng = make_rng(seed)
    extracted = extract_webs(net, webs, weighted=weighted)
    total = max(1, len(extracted) * max(int(runs), 1))
    cards, firm_frames = [], []
    pool = null_executor(n_jobs) if n_jobs > 1 and int(runs) > 1 else None
    try:
        _score_webs(extracted, null, int(runs), rng, modularity, n_jobs, pool, progress, total,
                    int(contribution_runs), int(contribution_max_nodes), cards, firm_frames,
                    timings)
    finally:
        if pool is not None:
            pool.shutdown()
    cluster = pd.DataFrame(_cluster_rows(net, extracted, k, channel_paths, category, firm_frames),
                           columns=SCORECARD_COLUMNS)
    scorecard = pd.concat(cards + [cluster], ignore_index=True)
    firms = (pd.concat(firm_frames, ignore_index=True) if firm_frames
             else pd.DataFrame(columns=["firm_id", "web", "metric", "value"]))
    for col in ("firm_id", "web", "metric"):  # categorical, like every tidy table (0.7 GB at 1M firms)
        firms[col] = firms[col].astype(pd.CategoricalDtype(pd.Index(pd.unique(firms[col]), dtype="str")))
    report(progress, total, total)
    return SymbiosisResult(scorecard, firms, extracted)


def _score_webs(extracted, null, runs, rng, modularity, n_jobs, pool, progress, total,
                contribution_runs, contribution_max_nodes, cards, firm_frames, timings=None):
    for w_i, (name, web) in enumerate(extracted.items()):
        offset = w_i * max(int(runs), 1)

        def sub_progress(done, _total, offset=offset):
            report(progress, offset + done, total)

        card, modules = scorecard_and_modules(web, null=null, runs=int(runs), seed=rng,
                                              modularity=modularity, progress=sub_progress,
                                              n_jobs=n_jobs, executor=pool, timings=timings)
        cards.append(card)
        firm_frames.extend(_firm_rows(web, contribution_runs, contribution_max_nodes, rng,
                                      modules))
