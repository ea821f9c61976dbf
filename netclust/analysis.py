"""``Analysis``: the one orchestrator — settings, every result computed once and cached.

The CLI commands, the HTML report, the map and the notebook all read their numbers
from an :class:`Analysis` (as ydata-profiling's ``ProfileReport`` feeds its report,
widgets and JSON from one cached description). Every member is one call to a public
function with the analysis' :class:`Settings`, so anything it shows can be reproduced
with the API. Each computation logs its start and duration to the ``netclust.analysis``
logger (``netclust -v``) and records its seconds in :attr:`Analysis.timings`.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from functools import cached_property, partial, wraps

import pandas as pd

from netclust._memory import release, step as memory_step
from netclust._threads import deterministic_blas
from netclust._check import boolean, non_negative_int, positive_int, str_list
from netclust.errors import InputError, NetclustError
from netclust.recommendation import ACTIONS
from netclust.schema import AGGREGATE

__all__ = ["Analysis", "Settings", "LARGE", "REMOVAL_STRATEGIES", "REPORT_SCENARIOS"]

log = logging.getLogger(__name__)

#: Networks above this many firms get the smaller Monte Carlo defaults.
LARGE = 5_000
#: Default removal strategies ("role" is dropped when no firm has a removed role).
REMOVAL_STRATEGIES = ("random", "degree", "adaptive-degree", "betweenness", "role")
#: The report's scenarios, ``key -> (label, kind, options)`` (:meth:`Analysis.default_scenarios`;
#: ``netclust compare --scenario KEY`` runs the same one): the largest anchor exits (degree in
#: the aggregate), the five largest anchors exit (with 5+ anchors), the main logistics hub fails.
REPORT_SCENARIOS = {
    "anchor-exit": ("Largest anchor exits", "exit", dict(roles=["anchor"], top=1, metric="degree")),
    "anchors-exit": ("Five largest anchors exit", "exit", dict(roles=["anchor"], top=5, metric="degree")),
    "hub-failure": ("Main logistics hub fails", "hub-failure", dict(role="logistics", top=1)),
}


@dataclass(frozen=True)
class Settings:
    """Every parameter of an analysis, with its documented default.

    ``None`` means "the size-dependent default", resolved once by :meth:`resolve`.

    Parameters
    ----------
    seed : int, default 0
        One seed for every stochastic step (pivots, Leiden, random removals, null webs,
        scenarios, layout). Same seed, same numbers.
    samples : int, optional
        Pivots for betweenness, closeness and harmonic closeness (default: exact up to
        5,000 firms, 256 up to 100,000, then fewer so the cost stops growing: 85 at
        300,000 firms, 32 at 1,000,000; the report states the number used).
    runs : int, optional
        Monte Carlo runs of the random removal curves (default 50 up to 5,000 firms,
        10 above: keeps the 25,600-firm report under 30 s).
    null_runs : int, optional
        Null webs per bipartite web of the symbiosis scorecard (default 50 / 10 above
        5,000 firms / 5 above 300,000, where each null web's community search takes
        seconds: 10 per web were 219 s of the 1,000,000-firm report; 0: no null model;
        the report states the number used).
    scenario_runs : int, optional
        Random runs of each what-if scenario's R_random (default 10 / 5 above 5,000 firms).
    strategies : tuple of str
        Removal strategies of the resilience curves (default random, degree,
        adaptive-degree, betweenness and role; role is dropped when no firm has one of
        ``roles``).
    layers : tuple of str, optional
        Selected layers (``"aggregate"`` allowed); ``None``: every layer for firm
        measures and communities, the aggregate view for removal curves.
    metrics : tuple of str, optional
        Firm measures to compute (default: all of :func:`netclust.centrality`).
    omega : float, default 1.0
        Inter-layer coupling (multiplex PageRank, versatility, multislice modularity).
    resolution : float, default 1.0
        Resolution of the community search.
    community_method : {"leiden", "louvain", "leiden-aggregate"}, optional
        Community optimiser (default: multiplex ``"leiden"`` up to 200,000 firms,
        ``"leiden-aggregate"`` above: see :func:`netclust.communities`).
    community_runs : int, optional
        Independent community searches, best kept (default: that of
        :func:`netclust.communities`).
    layer_weights : {"edges", "equal"}, optional
        How layers weigh in the multiplex search (default: that of ``communities``).
    roles, by, firms, step, strong, threshold
        Removal options of :func:`netclust.metrics.resilience.removal_curves` and
        :func:`~netclust.metrics.resilience.resilience_summary` (roles removed first,
        ranking score, firm list, adaptive step, strong components, critical level).
    track_threshold : float, default 0.3
    track_omega : float, default 1.0
        Community tracking of :attr:`Analysis.evolution` (:func:`netclust.evolve`'s
        ``threshold`` and ``omega``): Jaccard threshold of matching, interslice
        coupling of the multislice partition.
    null_model : str, default "curveball"
    hops : int, default 2
    weighted : bool, default True
    web_modularity : bool, default True
    jobs : int, default 1
        Symbiosis options (:func:`netclust.symbiosis`: null model, channel hops,
        weighted webs, Barber modularity, worker processes).
    channels : tuple of str, optional
        Export-channel declaration, ``"LAYER"`` or ``"LAYER:forward|reverse"`` entries
        (default: each layer's declared ``channel``; procurement and logistics forward,
        design sharing none — see :mod:`netclust.metrics.channels`).
    exporters : tuple of str, optional
        Exporting roles (default: the firms table's ``exporter`` column; without one,
        channel results are not computed and say why).
    reached : "all" or int, optional
        Whose ``exporters_reached`` :attr:`Analysis.channels` counts (``reached=`` of
        :func:`netclust.export_channels`; default: every SME up to 200,000 firms, the
        100 most vulnerable above).
    budget : int, default 5
        Interventions chosen by :attr:`Analysis.recommendations`.
    objective : {"secure_smes", "expected_access"}, default "secure_smes"
    actions : tuple of str, default ("link", "platform", "exporter")
        Objective and action kinds of :func:`netclust.recommend`.
    candidates : int, optional
        Candidate SMEs / firms per action kind scored by :attr:`Analysis.recommendations`
        and its baselines (``candidates=`` of :func:`netclust.recommend`; default 200 up
        to 5,000 firms, 25 above: each exact score is one dominator tree, ~40 ms at
        25,600 firms, so 25 keeps the step near 6 s).
    scenarios : bool, default True
        Run the default what-if scenarios in the report.
    include_map : bool, default True
        Put the interactive map in the report.

    Examples
    --------
    >>> from netclust.analysis import Settings
    >>> s = Settings(seed=3).resolve(25_600)
    >>> s.runs, s.null_runs, s.samples, s.scenario_runs, s.candidates
    (10, 10, 256, 5, 25)
    >>> Settings().resolve(9).runs
    50
    >>> Settings().resolve(300_000).null_runs, Settings().resolve(1_000_000).null_runs
    (10, 5)
    """

    seed: int = 0
    samples: int | None = None
    runs: int | None = None
    null_runs: int | None = None
    scenario_runs: int | None = None
    strategies: tuple = REMOVAL_STRATEGIES
    layers: tuple | None = None
    metrics: tuple | None = None
    omega: float = 1.0
    resolution: float = 1.0
    community_method: str | None = None
    community_runs: int | None = None
    layer_weights: str | None = None
    roles: tuple = ("anchor",)
    by: str = "degree"
    firms: tuple | None = None
    step: int | None = None
    strong: bool = False
    threshold: float = 0.05
    track_threshold: float = 0.3
    track_omega: float = 1.0
    null_model: str = "curveball"
    hops: int = 2
    weighted: bool = True
    web_modularity: bool = True
    jobs: int = 1
    channels: tuple | None = None
    exporters: tuple | None = None
    reached: str | int | None = None
    budget: int = 5
    objective: str = "secure_smes"
    actions: tuple = ACTIONS
    candidates: int | None = None
    scenarios: bool = True
    include_map: bool = True

    def __post_init__(self):
        for name in ("samples", "runs", "scenario_runs", "community_runs", "step", "candidates"):
            positive_int(getattr(self, name), name, allow_none=True)
        if self.null_runs is not None:
            non_negative_int(self.null_runs, "null_runs")
        if self.reached is not None and self.reached != "all":
            non_negative_int(self.reached, "reached")
        for name in ("hops", "jobs"):
            positive_int(getattr(self, name), name)
        non_negative_int(self.budget, "budget")
        for name in ("strong", "weighted", "web_modularity", "scenarios", "include_map"):
            boolean(getattr(self, name), name)
        for name in ("strategies", "roles", "actions"):
            object.__setattr__(self, name, tuple(str_list(getattr(self, name), name)))
        for name in ("layers", "metrics", "firms", "channels", "exporters"):
            value = str_list(getattr(self, name), name, allow_none=True)
            object.__setattr__(self, name, None if value is None else tuple(value))

    def resolve(self, n_firms: int) -> Settings:
        """These settings with every size-dependent default made concrete for ``n_firms``.

        The one place where defaults depend on the network: 50 removal runs, 50 null
        webs, 10 scenario runs and 200 recommendation candidates up to 5,000 firms (10,
        10, 5 and 25 above; 5 null webs above 300,000 firms); betweenness
        exact up to 5,000 firms, else 256 pivots up to 100,000 firms and fewer above
        (:func:`netclust.metrics._rank.default_samples`: 85 at 300,000, 32 at 1,000,000);
        the community search multiplex Leiden up to 200,000 firms, igraph's Leiden on the
        aggregate above (``community_method="leiden-aggregate"``).
        """
        from netclust.metrics._rank import EXACT_MAX, default_samples
        from netclust.metrics.community import AGGREGATE_SEARCH_FIRMS

        large = n_firms > LARGE
        return dataclasses.replace(
            self,
            runs=self.runs if self.runs is not None else (10 if large else 50),
            null_runs=self.null_runs if self.null_runs is not None
            else (5 if n_firms > 300_000 else 10 if large else 50),
            scenario_runs=self.scenario_runs if self.scenario_runs is not None
            else (5 if large else 10),
            candidates=self.candidates if self.candidates is not None else (25 if large else 200),
            samples=self.samples if self.samples is not None
            else (default_samples(n_firms) if n_firms > EXACT_MAX else None),
            community_method=self.community_method if self.community_method is not None
            else ("leiden-aggregate" if n_firms > AGGREGATE_SEARCH_FIRMS else "leiden"))

    def as_dict(self) -> dict:
        """Plain dict of the settings (for provenance)."""
        return {k: (list(v) if isinstance(v, tuple) else v)
                for k, v in dataclasses.asdict(self).items()}


def _quiet_steps(analysis, names) -> dict:
    """``{name: analysis.<name>}`` in order, without progress output (a background worker)."""
    analysis.progress = None
    analysis.__dict__.pop("_pending", None)
    return {name: getattr(analysis, name) for name in names}


def _step(func):
    """Cache-filling step: logs start and duration, records seconds in ``timings``."""
    name = func.__name__

    @wraps(func)
    def wrapper(self):
        log.info("%s: computing", name)
        t0 = time.perf_counter()
        pending = self.__dict__.get("_pending", {}).pop(name, None)
        try:
            with memory_step(name):   # the step `netclust --max-memory` names when it stops
                # a prefetched step: its worker's value, or computed here if the worker failed
                done = {} if pending is None else pending.result(fallback=dict)
                out = done[name] if name in done else func(self)
        except MemoryError as exc:  # name the innermost step for `netclust --max-memory`
            if not getattr(exc, "netclust_step", None):
                exc.netclust_step = name
            raise
        self.timings[name] = round(time.perf_counter() - t0, 3)
        log.info("%s: done in %.2f s", name, self.timings[name])
        release()  # the step's working memory back to the system, not kept for the next
        return out
    return cached_property(wrapper)


class Analysis:
    """One network and its results, each computed once on first use and cached.

    Parameters
    ----------
    net : MultilayerNetwork
        The network (immutable, so cached results never go stale).
    settings : Settings, optional
        Every parameter (default :class:`Settings`).
    partition : pandas.Series or CommunityResult, optional
        Use this partition instead of running the community search.
    progress : callable, optional
        ``progress(done, total)``, passed to the long computations (firm measures,
        communities, removal curves, null webs), e.g. a CLI progress bar.
    timeline : PeriodNetworks or dict, optional
        The same data split into periods: :func:`netclust.read_periods` (``by_period=
        "year"``), :func:`netclust.datasets.sample_periods`, or ``{period: network}``.
        With two or more periods, :attr:`evolution` follows the cluster across them
        (the report's Evolution section); the network ``net`` stays the snapshot
        every other result is computed on. ``netclust report`` builds it when the
        links are dated.
    **overrides
        Fields of :class:`Settings` overriding ``settings`` (``seed=1, runs=5``).

    Raises
    ------
    InputError
        For an unknown or invalid setting (at once), or from the underlying function on
        first access of a result.

    Attributes
    ----------
    settings : Settings
        The settings, size-dependent defaults resolved for this network.
    timings : dict
        Seconds spent per computed result.
    firm_measures : pandas.DataFrame
        Every firm measure, tidy ``firm_id, layer, metric, value``
        (:func:`netclust.centrality`); :attr:`centrality` is its wide view.
    communities : CommunityResult
        Multiplex Leiden partition (:func:`netclust.communities`), used by the report,
        the map, the layer metrics and the community table alike.
    curves, access_curves : pandas.DataFrame
        Removal curves and channel-access curves from one pass over the removal orders
        (:func:`netclust.metrics.resilience.removal_and_access_curves`).

    See Also
    --------
    netclust.report.report_html, netclust.viz.network_map

    Notes
    -----
    Nothing is computed at construction; in Jupyter the object displays the network and
    the results computed so far (``_repr_html_``), never triggering a computation.

    Examples
    --------
    >>> from netclust.analysis import Analysis
    >>> a = Analysis(nc.datasets.toy(), seed=1, runs=2)
    >>> a.communities.method
    'leiden-multiplex'
    >>> a.centrality["pagerank"].shape
    (9, 4)
    >>> sorted(a.timings)
    ['centrality', 'communities', 'firm_measures']
    """

    def __init__(self, net, settings: Settings | None = None, *, partition=None, progress=None,
                 timeline=None, **overrides):
        if settings is None:
            settings = Settings()
        elif not isinstance(settings, Settings):
            raise InputError(f"settings must be a netclust.analysis.Settings, not {type(settings).__name__}")
        fields = {f.name for f in dataclasses.fields(Settings)}
        unknown = sorted(set(overrides) - fields)
        if unknown:
            raise InputError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(fields))}")
        self.net = net
        self.settings = dataclasses.replace(settings, **overrides).resolve(net.n_firms)
        self.partition = partition
        self.progress = progress
        self.timeline = timeline
        self.timings: dict = {}

    def prefetch(self, *names: str) -> None:
        """Start computing the steps ``names`` on a forked worker while this process goes on.

        Above :data:`netclust._workers.PARALLEL_MIN` firms (otherwise nothing happens
        now), one worker process computes the steps not yet computed, in the order
        given (a later step reuses an earlier one there, as it would here); each is
        collected the first time it is used, with the value computing it here gives
        (the worker sees the network and settings; its own progress is silent). Each
        call starts one worker: use it for work independent of what this process does
        next, e.g. ``prefetch("communities", "layer_metrics")`` before asking for
        :attr:`firm_measures`.

        Examples
        --------
        >>> a = Analysis(nc.datasets.toy())
        >>> a.prefetch("communities", "community_table")
        >>> a.communities.membership.nunique() >= 1
        True
        """
        from netclust._workers import background

        for name in names:
            if not isinstance(getattr(type(self), name, None), cached_property):
                raise InputError(f"{name!r} is not a step of Analysis")
        pending = self.__dict__.setdefault("_pending", {})
        todo = [n for n in dict.fromkeys(names) if n not in self.__dict__ and n not in pending]
        if todo:
            job = background(partial(_quiet_steps, self, todo), size=self.net.n_firms)
            pending.update({n: job for n in todo})

    # ------------------------------------------------------------------ helpers
    @property
    def seed(self):
        """The seed of every stochastic step."""
        return self.settings.seed

    def _layer_kw(self) -> dict:
        """``layers``/``aggregate`` arguments of per-layer functions for the selection."""
        sel = self.settings.layers
        if sel is None:
            return dict(layers=None, aggregate=True)
        real = [x for x in sel if x != AGGREGATE]
        return dict(layers=real or [AGGREGATE], aggregate=bool(real) and AGGREGATE in sel)

    def _real_layers(self) -> list | None:
        """Selected layers other than the aggregate (None: all)."""
        return [x for x in (self.settings.layers or ()) if x != AGGREGATE] or None

    def _channel_kw(self) -> dict:
        """``channels``/``exporters`` arguments of the channel functions."""
        s = self.settings
        return dict(channels=None if s.channels is None else list(s.channels),
                    exporters=None if s.exporters is None else list(s.exporters))

    def _scenario_defaults(self) -> dict:
        """Options every scenario of this analysis gets unless given: seed, runs, channels."""
        return dict(seed=self.settings.seed, runs=self.settings.scenario_runs, **self._channel_kw())

    def _removal_kw(self) -> dict:
        s = self.settings
        return dict(layers=list(s.layers or (AGGREGATE,)), runs=s.runs, seed=s.seed,
                    **self._channel_kw(),
                    roles=list(s.roles), by=s.by, firms=None if s.firms is None else list(s.firms),
                    step=s.step, samples=s.samples, progress=self.progress)

    @property
    def strategies(self) -> list:
        """Removal strategies run: the settings' (the default list drops ``role`` when no firm has those roles)."""
        strategies = list(self.settings.strategies)
        if strategies == list(REMOVAL_STRATEGIES):
            roles = set(self.net.firms["role"].astype(str))
            if not roles & set(self.settings.roles):
                strategies.remove("role")
        return strategies

    # ------------------------------------------------------------------ firms
    @_step
    def summary(self):
        """Network summary (:meth:`MultilayerNetwork.summary`)."""
        return self.net.summary()

    @_step
    def firm_measures(self) -> pd.DataFrame:
        """Every selected firm measure, tidy ``firm_id, layer, metric, value``."""
        from netclust.metrics.centrality import centrality
        s = self.settings
        out = centrality(self.net, None if s.metrics is None else list(s.metrics),
                         samples=s.samples, seed=s.seed, omega=s.omega, progress=self.progress,
                         **self._layer_kw())
        self.net.release_views()  # the undirected views of directed layers: not used after
        return out

    @_step
    def centrality(self) -> pd.DataFrame:
        """Wide view of :attr:`firm_measures`: index ``firm_id``, columns (metric, layer)."""
        from netclust.metrics.tidy import to_wide
        long = self.firm_measures
        wide = to_wide(long, self.net.firm_ids)
        wide.attrs.update(long.attrs)
        return wide

    @_step
    def multiplex(self) -> pd.DataFrame:
        """Per-firm multiplex measures and the role map (:func:`netclust.multiplex`)."""
        from netclust.metrics.multiplex import multiplex
        return multiplex(self.net, layers=self._real_layers(), omega=self.settings.omega,
                         versatility_values=self._computed_versatility())

    def _computed_versatility(self) -> pd.Series | None:
        """Versatility from :attr:`firm_measures` if that step already ran with it (same omega)."""
        if "firm_measures" not in self.__dict__:
            return None
        long = self.firm_measures
        rows = long[long["metric"] == "versatility"]  # categorical: compares codes, no copy
        if rows.empty:
            return None
        return pd.Series(rows["value"].to_numpy(), index=pd.Index(rows["firm_id"].astype(str)),
                         name="versatility")

    # ------------------------------------------------------------------ communities
    @_step
    def communities(self):
        """The partition (:class:`~netclust.metrics.community.CommunityResult`)."""
        from netclust.metrics import community as C
        s = self.settings
        if self.partition is None:
            kw = {"n_runs": s.community_runs} if s.community_runs is not None else {}
            if s.layer_weights is not None:
                kw["layer_weights"] = s.layer_weights
            return C.communities(self.net, layers=None if s.layers is None else list(s.layers),
                                 method=s.community_method, resolution=s.resolution,
                                 omega=s.omega, seed=s.seed, progress=self.progress, **kw)
        if isinstance(self.partition, C.CommunityResult):
            return self.partition
        membership = pd.Series(self.partition).reindex(self.net.firm_ids)
        if membership.isna().any():
            raise InputError("the partition must give a community to every firm")
        return C.CommunityResult(
            membership=membership.rename("community"),
            layer_modularity=C.modularity(self.net, membership),
            multislice_modularity=C.multislice_modularity(self.net, membership),
            quality=float("nan"), method="given", params={})

    @_step
    def community_table(self) -> pd.DataFrame:
        """One row per community: size, roles, anchors, sector, cohesion."""
        from netclust.metrics.community import community_table
        return community_table(self.net, self.communities.membership)

    @_step
    def layer_communities(self) -> pd.DataFrame:
        """Each layer partitioned on its own (:func:`~netclust.metrics.community.layer_communities`)."""
        from netclust.metrics.community import layer_communities
        s = self.settings
        return layer_communities(self.net, resolution=s.resolution, seed=s.seed)

    @_step
    def layer_metrics(self) -> pd.DataFrame:
        """Layer-level values: size, density, Jaccard, rank correlation, modularity."""
        from netclust.metrics.tidy import layer_metrics
        return layer_metrics(self.net, communities=self.communities, layers=self._real_layers(),
                             betweenness_samples=self.settings.samples)

    def layer_metrics_without_communities(self) -> pd.DataFrame:
        """Layer-level values without modularity (no community search; not cached)."""
        from netclust.metrics.tidy import layer_metrics
        return layer_metrics(self.net, layers=self._real_layers(),
                             betweenness_samples=self.settings.samples)

    # ------------------------------------------------------------------ resilience
    @_step
    def removal_pass(self) -> tuple:
        """``(curves, access_curves)`` from one pass over the removal orders."""
        from netclust.metrics import resilience as R
        kw = self._removal_kw()
        if self.access_unavailable is not None:   # said in the channels section instead
            chan = ("channels", "exporters")
            curves = R.removal_curves(self.net, self.strategies, strong=self.settings.strong,
                                      **{k: v for k, v in kw.items() if k not in chan})
            return curves, None
        if self.settings.strong:
            curves = R.removal_curves(self.net, self.strategies, strong=True, **kw)
            return curves, R.channel_access_curves(self.net, self.strategies, **kw)
        return R.removal_and_access_curves(self.net, self.strategies, **kw)

    @property
    def access_unavailable(self) -> str | None:
        """Why export-channel access cannot be computed (no SME, no exporter information), or None."""
        from netclust.metrics.channels import sme_mask
        from netclust.metrics.exporters import exporters
        if not sme_mask(self.net).any():
            from netclust.i18n import gettext as _
            return _("no firm has role sme: export-channel access is measured for small firms; "
                     "give the small manufacturers the role sme (or map your label with "
                     "--role-map)")
        try:
            exporters(self.net, self._channel_kw()["exporters"])
        except InputError as exc:
            return str(exc)
        return None

    @property
    def curves(self) -> pd.DataFrame:
        """Removal curves (largest component as firms are removed), one pass with access."""
        return self.removal_pass[0]

    @property
    def access_curves(self) -> pd.DataFrame:
        """Channel-access curves from the same removal orders as :attr:`curves`."""
        return self.removal_pass[1]

    @_step
    def resilience(self) -> pd.DataFrame:
        """Robustness R and critical fraction of every removal curve."""
        from netclust.metrics.resilience import resilience_summary
        return resilience_summary(self.curves, threshold=self.settings.threshold)

    @_step
    def channel_summary(self) -> pd.DataFrame:
        """Initial access and area under each channel-access curve."""
        from netclust.metrics.resilience import channel_access_summary
        if self.access_curves is None:
            raise InputError(self.access_unavailable)
        return channel_access_summary(self.access_curves)

    @_step
    def channels(self):
        """Export channels of every SME: access, N-1 security, single points, gatekeepers.

        :func:`netclust.export_channels` with the settings' channel declaration and
        exporters (:class:`~netclust.metrics.channels.ChannelResult`).
        """
        from netclust.metrics.channels import export_channels
        return export_channels(self.net, reached=self.settings.reached, **self._channel_kw())

    @property
    def smes_with_access(self) -> pd.Series:
        """Per SME: does it export or reach an exporter along the channels (from :attr:`channels`)?"""
        sme = self.channels.sme
        return pd.Series(sme["access"].to_numpy(), index=pd.Index(sme["firm_id"], name="firm_id"),
                         name="access")

    @_step
    def recommendations(self):
        """What to fund: :func:`netclust.recommend` with the settings' budget, objective, actions."""
        from netclust.recommendation import recommend
        s = self.settings
        return recommend(self.net, s.budget, objective=s.objective, actions=list(s.actions),
                         seed=s.seed, candidates=self.recommend_candidates, **self._channel_kw())

    @_step
    def recommendation_baselines(self) -> pd.DataFrame:
        """The heuristics a policy office would use, on the same budget and objective."""
        from netclust.recommendation import recommend_baselines
        s = self.settings
        return recommend_baselines(self.net, s.budget, objective=s.objective, seed=s.seed,
                                   candidates=self.recommend_candidates, **self._channel_kw())

    @property
    def recommend_candidates(self) -> int:
        """Candidates per action kind scored by :attr:`recommendations` (:attr:`Settings.candidates`)."""
        return self.settings.candidates

    def attack_tolerance(self) -> dict:
        """SME-anchor attack-tolerance curves of every selected layer: ``{layer: result}``."""
        from netclust.metrics.resilience import attack_tolerance
        s = self.settings
        return {layer: attack_tolerance(self.net, layer=layer, runs=s.runs, seed=s.seed)
                for layer in (s.layers or (AGGREGATE,))}

    @_step
    def systemic_importance(self) -> pd.DataFrame:
        """Cascade size triggered by each firm's single failure."""
        from netclust.metrics.cascade import systemic_importance
        return systemic_importance(self.net, exporters=self._channel_kw()["exporters"])

    @_step
    def findings(self) -> pd.DataFrame:
        """Ranked plain-language findings read from the results above (:func:`netclust.findings.findings`)."""
        from netclust.findings import findings
        return findings(self)

    # ------------------------------------------------------------------ symbiosis
    @_step
    def symbiosis(self):
        """Ecological-symbiosis scorecard, firm indicators and webs."""
        from netclust.metrics.symbiosis import symbiosis
        s = self.settings
        return symbiosis(self.net, null=s.null_model, runs=s.null_runs, seed=s.seed, k=s.hops,
                         weighted=s.weighted, modularity=s.web_modularity, n_jobs=s.jobs,
                         progress=self.progress)

    # ------------------------------------------------------------------ time
    @_step
    def evolution(self):
        """The cluster across the periods of ``timeline`` (:func:`netclust.evolve`), or None.

        None without a timeline or with fewer than two periods. Random-removal runs,
        null webs, seed and exporters are the analysis' settings; the communities of each
        period are the best of ``community_runs`` seeded searches (default 3: the tracks
        need comparable partitions, not the last 0.001 of modularity, and 10 searches per
        period would double the report's time).

        Examples
        --------
        >>> from netclust.analysis import Analysis
        >>> net = nc.datasets.toy()
        >>> a = Analysis(net, runs=2, null_runs=0, timeline={"2021": net, "2022": net.remove_firms(["S3"])})
        >>> a.evolution.firm_changes.values.tolist(), Analysis(net).evolution is None
        ([['2022', 'S3', 'exited']], True)
        """
        if self.timeline is None or len(self.timeline) < 2:
            return None
        from netclust.temporal import evolve
        s = self.settings
        return evolve(self.timeline, runs=s.runs, null_runs=s.null_runs, seed=s.seed,
                      exporters=None if s.exporters is None else list(s.exporters),
                      threshold=s.track_threshold, omega=s.track_omega,
                      community_runs=s.community_runs or 3, progress=self.progress)

    # ------------------------------------------------------------------ scenarios
    @_step
    def indicators(self) -> pd.Series:
        """Resilience indicators of the network (:func:`netclust.scenario.indicators`).

        ``R_random`` from :attr:`Settings.scenario_runs` random runs, the settings' seed,
        channels and exporters: the "before" column of every scenario of this analysis
        and each side of :func:`netclust.report.compare.compare_data`.
        """
        from netclust.scenario import indicators
        s = self.settings
        return indicators(self.net, runs=s.scenario_runs, seed=s.seed, **self._channel_kw())

    def scenario(self, kind: str, **options):
        """Run a what-if scenario (:func:`netclust.scenario.run`) with the analysis' seed and runs."""
        from netclust import scenario
        return scenario.run(self.net, kind, **{**self._scenario_defaults(), **options})

    def chain(self, steps, **options):
        """Run scenarios one after the other (:func:`netclust.scenario.chain`), analysis' seed and runs."""
        from netclust import scenario
        return scenario.chain(self.net, steps, **{**self._scenario_defaults(), **options})

    def report_scenario(self, key: str):
        """One of the report's scenarios (:data:`REPORT_SCENARIOS`), keeping the after-network."""
        _label, kind, options = REPORT_SCENARIOS[key]
        return self.scenario(kind, **options)

    @_step
    def default_scenarios(self) -> tuple:
        """The report's scenarios: ``([(label, ScenarioResult)], {label: error})``.

        Largest anchor exits, five largest anchors exit (with 5+ anchors), main
        logistics hub fails; a scenario whose data is missing is skipped with its error.
        The results keep no after-network (``network`` is None; :meth:`scenario` keeps it).
        """
        roles = self.net.firms["role"].astype(str)
        n_anchor = int((roles == "anchor").sum())
        plans = [plan for key, plan in REPORT_SCENARIOS.items()
                 if (n_anchor >= 5 if key == "anchors-exit" else
                     n_anchor >= 1 if key == "anchor-exit" else bool((roles == "logistics").sum()))]
        from netclust._workers import parallel_map
        shared: dict = {}   # one cache: the network before is measured once, for every scenario

        def run(plan):
            label, kind, options = plan
            try:
                res = self.scenario(kind, cache=shared, **options)
            except NetclustError as exc:
                return label, None, str(exc)
            # the report reads tables, not the after-network: keeping three copies of a
            # 1,000,000-firm network cost ~6 GB (``self.scenario`` keeps it, for notebooks)
            return label, dataclasses.replace(res, network=None), None

        # the network before is measured here once; then the scenarios side by side on
        # workers above 100,000 firms (each builds its own after-network; same values)
        if plans:
            from netclust.scenario import measure_before
            try:
                measure_before(self.net, shared, **self._scenario_defaults())
            except NetclustError:  # each scenario meets the same error and records it
                pass
        done = parallel_map(run, plans, size=self.net.n_firms, probe=False)
        out = [(label, res) for label, res, _ in done if res is not None]
        return out, {label: err for label, _, err in done if err is not None}

    # ------------------------------------------------------------------ outputs
    def size_values(self, size_by) -> pd.Series | None:
        """Per-firm values of a firm measure in :attr:`centrality` (aggregate or multiplex column).

        ``None`` when ``size_by`` is not a computed measure (the map then reads a firms
        column, or computes the measure with the same seed).
        """
        from netclust.metrics.tidy import ALL_METRICS
        chosen = self.settings.metrics
        if size_by not in ALL_METRICS or (chosen is not None and size_by not in chosen):
            return None
        wide = self.centrality
        col = wide[size_by]
        return col[AGGREGATE] if AGGREGATE in col.columns else col.iloc[:, -1]

    def map(self, **options):
        """Interactive network map coloured by this analysis' partition, sized by its measures.

        ``options`` go to :func:`netclust.viz.network_map` (``color_by``, ``size_by``,
        ``layers``, ``layout``, ``view``, ``title``...); returns its ``NetworkMap``.
        """
        from netclust.viz.interactive import network_map
        options.setdefault("seed", self.settings.seed)
        size_by = options.pop("size_by", "strength")
        return network_map(self.net, membership=self.communities.membership, size_by=size_by,
                           size_values=self.size_values(size_by), **options)

    def to_html(self, **options) -> str:
        """The full self-contained HTML report of this analysis (:func:`netclust.report_html`)."""
        from netclust.report import report_html
        return report_html(self, **options)

    def to_file(self, path, **options):
        """Write the HTML report to ``path`` atomically; returns the path."""
        from netclust.io.output import write_text
        return write_text(path, self.to_html(**options))

    # ------------------------------------------------------------------ display
    def computed(self) -> list:
        """Names of the results computed so far."""
        return [k for k in self.timings if k in self.__dict__]

    def __repr__(self) -> str:
        done = ", ".join(self.computed()) or "nothing yet"
        return f"<Analysis of {self.net.n_firms} firms, layers {self.net.layer_names}; computed: {done}>"

    def _repr_html_(self) -> str:
        """HTML summary for notebooks (shows only results already computed)."""
        from netclust.html import analysis_repr_html
        return analysis_repr_html(self)
