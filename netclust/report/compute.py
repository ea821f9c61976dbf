"""Report stage 1: gather the results a report shows from an ``Analysis`` (no HTML here).

:func:`collect` reads the cached results of a :class:`netclust.analysis.Analysis`
(the one orchestrator: it computes every number, once) and returns a
:class:`ReportData` of plain pandas objects; :mod:`netclust.report.context` formats
it into template data and :func:`netclust.html.render_report` into HTML.
"""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass, field
from importlib import metadata

import pandas as pd

from netclust._progress import report
from netclust.i18n import gettext as _
from netclust.errors import InputError
from netclust.findings import findings
from netclust.schema import AGGREGATE

__all__ = ["ReportData", "collect", "package_versions", "REPORT_METRICS"]

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
        The analysis' resolved :class:`~netclust.analysis.Settings` (seed, runs,
        null_runs, samples, strategies...): the parameters of every computation.
    results : dict
        Section results by name (``summary``, ``degree``, ``strength``, ``firm_table``,
        ``multiplex``, ``communities``, ``community_table``, ``layer_metrics``,
        ``curves``, ``channel_curves``, ``resilience``, ``channel_summary``,
        ``channels``, ``recommendations``, ``recommendation_baselines``,
        ``systemic_importance``, ``symbiosis``, ``scenarios``, ``evolution``, ``map``,
        ``findings``).
        A result that cannot be computed from the data gives ``<name>_error`` instead
        (the reason and what to add), shown in place of its section.
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


#: Firm measures the report shows (degree and strength per layer, PageRank and
#: betweenness of the aggregate), computed by :attr:`Analysis.firm_measures`.
REPORT_METRICS = ("degree", "strength", "pagerank", "betweenness")


def _analysis(source, options: dict):
    """The :class:`~netclust.analysis.Analysis` behind a report (built from a network)."""
    from netclust.analysis import Analysis

    if isinstance(source, Analysis):
        if options:
            raise InputError(f"settings {sorted(options)} cannot be changed on an existing "
                             "Analysis; build the Analysis with them")
        return source
    partition = options.pop("communities", None)
    timeline = options.pop("timeline", None)
    options.setdefault("metrics", REPORT_METRICS)
    return Analysis(source, partition=partition, timeline=timeline, **options)


def _steps(a, map_options) -> list:
    """(name, function returning the results dict) for each section, in order."""
    s = a.settings
    # the steps :func:`_prefetch` starts on background workers are collected last, when
    # they are done (the page's sections do not depend on this order)
    steps = [
        ("summary", lambda: {"summary": a.summary}),
        ("centrality", lambda: _centrality(a)),
        ("channels", lambda: _guarded(a, "channels", "channels")),
        ("recommendations", lambda: _guarded(a, "recommendations", "recommendations",
                                             "recommendation_baselines")),
        ("resilience", lambda: _resilience(a)),
        ("systemic", lambda: _guarded(a, "systemic", "systemic_importance")),
        ("multiplex", lambda: {"multiplex": a.multiplex}),
        ("communities", lambda: {"communities": a.communities,
                                 "community_table": a.community_table}),
        ("layers", lambda: {"layer_metrics": a.layer_metrics}),
        ("symbiosis", lambda: _symbiosis(a)),
    ]
    if s.scenarios:
        steps.append(("scenarios", lambda: dict(zip(("scenarios", "scenario_errors"),
                                                     a.default_scenarios))))
    if a.timeline is not None:  # the Evolution section (dated data, 2+ periods)
        steps.append(("evolution", lambda: {"evolution": a.evolution}))
    if s.include_map:
        steps.append(("map", lambda: {"map": a.map(**(map_options or {}))}))
    # findings() re-reads the cached results so its sentences are in the report's language
    steps.append(("findings", lambda: {"findings": findings(a)}))
    return steps


def _prefetch(a) -> None:
    """Start the report's independent long steps beside the others (above 100,000 firms).

    The community search with the tables built on it and the multiplex measures in one
    worker, the symbiosis scorecard (null webs) in another, while this process computes
    the firm measures, channels, removal curves and scenarios: the two cores stay busy.
    The values are those computed in order (:meth:`netclust.analysis.Analysis.prefetch`).
    With ``jobs > 1`` the symbiosis step runs its own pool here instead.
    """
    first = ["multiplex"] + ([] if a.partition is not None else ["communities", "community_table",
                                                               "layer_metrics"])
    a.prefetch(*first)
    if a.settings.jobs <= 1:
        a.prefetch("symbiosis")


def _guarded(a, name: str, *attributes) -> dict:
    """The analysis results ``attributes``; on a user-data error ``{name + "_error": message}``.

    The message of a :class:`~netclust.errors.InputError` says why the result cannot be
    computed and what to add to the data (e.g. an ``exporter`` column); the report shows it
    in place of the section, never an empty section.
    """
    try:
        return {attr: getattr(a, attr) for attr in attributes}
    except InputError as exc:
        return {f"{name}_error": str(exc)}


def collect(source, *, title: str | None = None, map_options: dict | None = None,
            progress=None, **settings) -> ReportData:
    """Gather the results of a cluster report from an :class:`~netclust.analysis.Analysis`.

    Nothing is computed here: every number is a cached result of the analysis (each
    computed once, shared with the CLI, the map and the notebook); this function only
    picks the ones the report shows.

    Parameters
    ----------
    source : Analysis or MultilayerNetwork
        The analysis; a network is wrapped in ``Analysis(net, **settings)`` (firm
        measures restricted to :data:`REPORT_METRICS` unless ``metrics`` is given).
    title : str, optional
        Report title (default: derived from the input folder or "Cluster report").
    map_options : dict, optional
        Extra arguments of :meth:`Analysis.map` (``color_by``, ``layout``...).
    progress : callable, optional
        ``progress(done, total)`` over the sections.
    **settings
        With a network: fields of :class:`~netclust.analysis.Settings` (``seed``,
        ``runs``, ``null_runs``, ``samples``, ``include_map``, ``scenarios``...) and
        ``communities`` (a partition used instead of the community search) and
        ``timeline`` (the data's periods, for the Evolution section; see
        :class:`~netclust.analysis.Analysis`).

    Returns
    -------
    ReportData

    Raises
    ------
    InputError
        For bad settings (or an empty network).

    See Also
    --------
    netclust.analysis.Analysis, netclust.report.context.report_context

    Examples
    --------
    >>> from netclust.report.compute import collect
    >>> data = collect(nc.datasets.toy(), runs=2, null_runs=2, include_map=False)
    >>> "symbiosis" in data.results, data.results["communities"].n_communities, data.params["seed"]
    (True, 3, 0)
    """
    a = _analysis(source, dict(settings))
    if a.net.n_firms == 0:
        raise InputError("the network has no firms: nothing to report")
    params = a.settings.as_dict()
    params.update(strategies=a.strategies, betweenness_samples=a.settings.samples,
                  recommend_candidates=a.recommend_candidates)
    data = ReportData(net=a.net, title=str(title if title is not None else _default_title(a.net)),
                      versions=package_versions(), params=params)
    _prefetch(a)
    steps = _steps(a, map_options)
    for i, (name, func) in enumerate(steps):
        t0 = time.perf_counter()
        data.results.update(func())
        data.timings[name] = round(time.perf_counter() - t0, 3)
        report(progress, i + 1, len(steps))
    data.results["firm_table"] = _firm_table(a.net, data.results)
    return data


def _default_title(net) -> str:
    sources = net.provenance.get("sources") or []
    if sources:
        from pathlib import Path

        folder = Path(str(sources[0].get("path", ""))).parent.name
        if folder:
            return _("Cluster report: {name}").format(name=folder)
    return _("Cluster report")


def _centrality(a) -> dict:
    wide = a.centrality
    return {"degree": wide["degree"], "strength": wide["strength"],
            "pagerank": wide["pagerank"][AGGREGATE], "betweenness": wide["betweenness"][AGGREGATE],
            "betweenness_samples": wide.attrs.get("betweenness_samples")}


def _resilience(a) -> dict:
    out = {"curves": a.curves, "resilience": a.resilience}
    if a.access_curves is not None:   # else the channels section says why
        out.update(channel_curves=a.access_curves, channel_summary=a.channel_summary,
                   channel_access=a.smes_with_access)
    return out


def _symbiosis(a) -> dict:
    try:
        result = a.symbiosis
    except InputError as exc:  # e.g. the cluster lacks the roles of every default web
        return {"symbiosis_error": str(exc)}
    if not any(w.shape[0] and w.shape[1] for w in result.webs.values()):
        return {"symbiosis_error": _("no web has firms on both sides (SMEs and anchors, "
                                     "suppliers, designers or logistics providers): the web "
                                     "indicators need firms with role sme linked to partners "
                                     "of those roles")}
    return {"symbiosis": result}


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
