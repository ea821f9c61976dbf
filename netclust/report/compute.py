"""Report stage 1: compute every result the report shows (no HTML here).

:func:`collect` calls the public functions of netclust (centrality, multiplex,
communities, resilience, symbiosis, scenarios, map) with one seed and returns a
:class:`ReportData` of plain pandas objects; :mod:`netclust.report.context` turns
it into template data and :mod:`netclust.report.render` into HTML.
"""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass, field
from importlib import metadata

import numpy as np
import pandas as pd

from netclust._progress import report
from netclust.errors import InputError, NetclustError
from netclust.schema import AGGREGATE

__all__ = ["ReportData", "collect", "package_versions", "REMOVAL_STRATEGIES",
           "CHANNEL_STRATEGIES"]

#: Removal strategies drawn in the resilience section.
REMOVAL_STRATEGIES = ("random", "degree", "adaptive-degree", "betweenness", "role")
#: Strategies of the channel-access curves.
CHANNEL_STRATEGIES = ("random", "degree", "role")
_PACKAGES = ("netclust", "numpy", "pandas", "scipy", "python-igraph", "igraph", "leidenalg",
             "networkx", "matplotlib", "jinja2", "pyvis")


@dataclass
class ReportData:
    """Everything a report shows, as plain pandas objects (see :func:`collect`).

    Attributes
    ----------
    net : MultilayerNetwork
    title : str
    params : dict
        Seed, runs, samples, strategies: the parameters of every computation.
    results : dict
        Section results by name (``summary``, ``degree``, ``strength``, ``firm_table``,
        ``multiplex``, ``communities``, ``community_table``, ``layer_metrics``,
        ``curves``, ``channel_curves``, ``resilience``, ``channel_summary``,
        ``symbiosis``, ``scenarios``, ``map``). A section whose computation is not
        available is absent and explained in ``missing``.
    missing : dict
        Section name → why it is absent (a module or data the section needs).
    timings : dict
        Seconds spent per step.
    versions : dict
        Python and package versions.
    """

    net: object
    title: str
    params: dict
    results: dict = field(default_factory=dict)
    missing: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)


def package_versions() -> dict:
    """Versions of Python and of the packages behind the numbers.

    Examples
    --------
    >>> from netclust.report.compute import package_versions
    >>> "python" in package_versions()
    True
    """
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    if "netclust" not in out:
        import netclust

        out["netclust"] = netclust.__version__
    return out


def _defaults(n: int, runs, samples, symbiosis_runs):
    """Monte Carlo sizes: 50 runs up to 5,000 firms, 10 above (keeps 25k firms under 30 s)."""
    large = n > 5_000
    return (runs if runs is not None else (10 if large else 50),
            samples,
            symbiosis_runs if symbiosis_runs is not None else (10 if large else 50))


def collect(net, *, seed=0, title: str | None = None, runs: int | None = None,
            samples: int | None = None, symbiosis_runs: int | None = None,
            communities=None, include_map: bool = True, scenarios: bool = True,
            map_options: dict | None = None, progress=None) -> ReportData:
    """Compute the results of a cluster report.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    seed : int, default 0
        One seed for every stochastic step (betweenness pivots, Leiden, random
        removals, null models, layout). Same seed, same report.
    title : str, optional
        Report title (default: derived from the input folder or "Cluster report").
    runs : int, optional
        Random-removal runs (default 50, or 10 above 5,000 firms).
    samples : int, optional
        Betweenness pivots (default: exact up to 5,000 firms, else 256).
    symbiosis_runs : int, optional
        Null-model webs per bipartite web (default 50, or 10 above 5,000 firms).
    communities : pandas.Series or CommunityResult, optional
        Use this partition instead of running multiplex Leiden.
    include_map : bool, default True
        Build the interactive map.
    scenarios : bool, default True
        Run the default what-if scenarios (largest anchor exits, five largest
        anchors exit, main logistics hub fails).
    map_options : dict, optional
        Extra arguments of :func:`netclust.viz.interactive.network_map`.
    progress : callable, optional
        ``progress(done, total)`` over the steps.

    Returns
    -------
    ReportData

    Raises
    ------
    InputError
        For bad parameters (or an empty network).

    See Also
    --------
    netclust.report.context.report_context, netclust.report.report_html

    Examples
    --------
    >>> from netclust.report.compute import collect
    >>> data = collect(nc.datasets.toy(), runs=2, symbiosis_runs=2, include_map=False)
    >>> "symbiosis" in data.results, data.results["communities"].n_communities, data.params["seed"]
    (True, 3, 0)
    """
    if net.n_firms == 0:
        raise InputError("the network has no firms: nothing to report")
    runs, samples, symbiosis_runs = _defaults(net.n_firms, runs, samples, symbiosis_runs)
    for name, value in (("runs", runs), ("symbiosis_runs", symbiosis_runs)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise InputError(f"{name} must be a positive integer, not {value!r}")
    if title is None:
        title = _default_title(net)
    data = ReportData(net=net, title=str(title), versions=package_versions(), params={
        "seed": seed, "removal_runs": int(runs), "betweenness_samples": samples,
        "symbiosis_runs": int(symbiosis_runs), "removal_strategies": list(REMOVAL_STRATEGIES),
        "channel_strategies": list(CHANNEL_STRATEGIES), "map": bool(include_map),
        "scenarios": bool(scenarios)})
    steps = [
        ("summary", lambda: {"summary": net.summary()}),
        ("centrality", lambda: _centrality(net, samples, seed)),
        ("multiplex", lambda: _multiplex(net)),
        ("communities", lambda: _communities(net, communities, seed)),
        ("layers", lambda: _layers(net, data.results.get("communities"), samples)),
        ("resilience", lambda: _resilience(net, runs, seed)),
        ("symbiosis", lambda: _symbiosis(net, symbiosis_runs, seed)),
    ]
    if scenarios:
        steps.append(("scenarios", lambda: _scenarios(net, min(runs, 10 if net.n_firms <= 5_000 else 5),
                                                      seed)))
    if include_map:
        steps.append(("map", lambda: _map(net, data.results.get("communities"), seed, map_options)))
    for i, (name, func) in enumerate(steps):
        t0 = time.perf_counter()
        try:
            out = func()
        except ImportError as exc:  # a module of a later milestone is not installed
            data.missing[name] = f"not available in this installation ({exc})"
            out = {}
        data.results.update(out)
        data.timings[name] = round(time.perf_counter() - t0, 3)
        report(progress, i + 1, len(steps))
    firm_table = _firm_table(net, data.results)
    data.results["firm_table"] = firm_table
    return data


def _default_title(net) -> str:
    sources = net.provenance.get("sources") or []
    if sources:
        from pathlib import Path

        folder = Path(str(sources[0].get("path", ""))).parent.name
        if folder:
            return f"Cluster report: {folder}"
    return "Cluster report"


def _centrality(net, samples, seed) -> dict:
    from netclust.metrics import centrality as C

    agg = {"layers": [AGGREGATE], "aggregate": False}
    out = {
        "degree": C.degree(net),
        "strength": C.strength(net),
        "pagerank": C.pagerank(net, **agg)[AGGREGATE],
    }
    btw = C.betweenness(net, samples=samples, seed=seed, **agg)
    out["betweenness"] = btw[AGGREGATE]
    out["betweenness_samples"] = btw.attrs.get("samples")
    return out


def _multiplex(net) -> dict:
    from netclust.metrics.multiplex import multiplex

    return {"multiplex": multiplex(net)}


def _communities(net, given, seed) -> dict:
    from netclust.metrics.community import CommunityResult, communities, community_table

    if given is None:
        result = communities(net, seed=seed)
    elif isinstance(given, CommunityResult):
        result = given
    else:
        from netclust.metrics.community import modularity, multislice_modularity

        membership = pd.Series(given).reindex(net.firm_ids)
        if membership.isna().any():
            raise InputError("communities must give a label to every firm")
        result = CommunityResult(membership=membership.rename("community"),
                                 layer_modularity=modularity(net, membership),
                                 multislice_modularity=multislice_modularity(net, membership),
                                 quality=float("nan"), method="given", params={})
    return {"communities": result, "community_table": community_table(net, result.membership)}


def _layers(net, communities, samples) -> dict:
    from netclust.metrics.tidy import layer_metrics

    return {"layer_metrics": layer_metrics(net, communities=communities,
                                           betweenness_samples=samples)}


def _resilience(net, runs, seed) -> dict:
    from netclust.metrics import resilience as R

    out = {}
    strategies = list(REMOVAL_STRATEGIES)
    channel = list(CHANNEL_STRATEGIES)
    roles = set(net.firms["role"].astype(str))
    if "anchor" not in roles:
        strategies.remove("role")
        channel.remove("role")
    curves = R.removal_curves(net, strategies, runs=runs, seed=seed)
    out["curves"] = curves
    out["resilience"] = R.resilience_summary(curves)
    if {"anchor", "sme"} <= roles:
        ch = R.channel_access_curves(net, channel, runs=runs, seed=seed)
        out["channel_curves"] = ch
        out["channel_summary"] = _channel_summary(ch)
        out["channel_access"] = R.channel_access(net)
    return out


def _channel_summary(ch: pd.DataFrame) -> pd.DataFrame:
    """Area under each channel-access curve (mean over runs) and the initial share."""
    rows = []
    for (strategy, layer), grp in ch.groupby(["strategy", "layer"], sort=False):
        per_run = grp.groupby("run")["access_fraction"]
        n = int(grp["removed"].max())
        area = per_run.apply(lambda s, n=n: float(s.iloc[1:].sum()) / max(n, 1))
        rows.append({"strategy": strategy, "layer": layer, "runs": int(per_run.ngroups),
                     "initial_access": float(grp.loc[grp["removed"] == 0, "access_fraction"].mean()),
                     "area": float(area.mean()), "area_p05": float(np.percentile(area, 5)),
                     "area_p95": float(np.percentile(area, 95))})
    return pd.DataFrame(rows)


def _symbiosis(net, runs, seed) -> dict:
    from netclust.metrics.symbiosis import symbiosis

    try:
        result = symbiosis(net, runs=runs, seed=seed)
    except InputError as exc:  # e.g. the cluster lacks the roles of every default web
        return {"symbiosis_error": str(exc)}
    return {"symbiosis": result}


def _scenarios(net, runs, seed) -> dict:
    from netclust import scenario as S

    roles = net.firms["role"].astype(str)
    n_anchor = int((roles == "anchor").sum())
    plans = []
    if n_anchor:
        plans.append(("Largest anchor exits", lambda: S.exit_firms(
            net, roles=["anchor"], top=1, metric="degree", runs=runs, seed=seed)))
    if n_anchor >= 5:
        plans.append(("Five largest anchors exit", lambda: S.exit_firms(
            net, roles=["anchor"], top=5, metric="degree", runs=runs, seed=seed)))
    if int((roles == "logistics").sum()):
        plans.append(("Main logistics hub fails", lambda: S.hub_failure(
            net, role="logistics", top=1, runs=runs, seed=seed)))
    out, errors = [], {}
    for label, plan in plans:
        try:
            out.append((label, plan()))
        except NetclustError as exc:
            errors[label] = str(exc)
    return {"scenarios": out, "scenario_errors": errors}


def _map(net, communities, seed, options) -> dict:
    from netclust.viz.interactive import network_map

    kw = dict(options or {})
    if communities is not None and "communities" not in kw:
        kw["communities"] = communities.membership
    kw.setdefault("seed", seed)
    return {"map": network_map(net, **kw)}


def _firm_table(net, results: dict) -> pd.DataFrame:
    """One row per firm: name, role, community and the measures shown in the report."""
    firms = net.firms
    table = pd.DataFrame({"name": firms["name"].astype(str), "role": firms["role"].astype(str)},
                         index=net.firm_ids)
    if "communities" in results:
        table["community"] = results["communities"].membership.reindex(net.firm_ids)
    if "degree" in results:
        table["degree"] = results["degree"][AGGREGATE]
        table["strength"] = results["strength"][AGGREGATE]
        table["pagerank"] = results["pagerank"]
        table["betweenness"] = results["betweenness"]
    if "multiplex" in results:
        mx = results["multiplex"]
        for col in ("overlapping_degree", "participation_coefficient", "node_activity",
                    "versatility", "role"):
            if col in mx.columns:
                table["multiplex_role" if col == "role" else col] = mx[col]
    return table
