"""What-if scenarios: firms exit, a hub fails, a layer is shocked, a shared platform is funded.

Each scenario builds the network *after* the event with the core operations
(:meth:`~netclust.model.MultilayerNetwork.remove_firms`,
:meth:`~netclust.model.MultilayerNetwork.add`, ...), propagates the failures the
event triggers through the declared dependencies (:func:`netclust.metrics.cascade.cascade`)
and compares resilience indicators before and after. It returns a
:class:`ScenarioResult`: a before/after table, the list of affected firms with the
reason each one is affected, and the network after the event.

Indicators (``indicators=`` picks among them; ``metrics=`` adds your own)
-------------------------------------------------------------------------
``firms``, ``links``
    Size of the network.
``largest_component``, ``lcc_fraction``
    Largest weak component of the aggregate (firms, and share of the network's firms).
``components``
    Number of weak components of the aggregate (isolated firms count).
``R_degree``, ``R_random``
    Robustness R (Schneider et al. 2011) of the aggregate under the static degree
    attack and under random removal (mean of ``runs`` seeded runs).
``smes_with_access``, ``channel_access``
    SMEs that export or reach an exporter along the declared export channels
    (:func:`netclust.metrics.channels.channel_access`), as a count and a share of the
    SMEs **before** the event (fixed denominator: an SME that exits or fails counts as
    without access, so the share can only say what happened to the original SMEs).
``secure_smes``, ``secure_share``
    SMEs that are N-1 secure (access survives the exit of any one other firm), count
    and share of the SMEs before the event.
``top3_gatekeeper_share``
    Share of the SMEs with a single point of failure that depend on at least one of
    the three firms with most dependent SMEs (each SME counted once;
    :func:`netclust.metrics.channels.export_channels` gives the formula).
``cascade_mean``, ``cascade_max``
    Mean and largest cascade triggered by a single firm's failure
    (:func:`netclust.metrics.cascade.systemic_importance`).

Affected firms (``effect`` column)
----------------------------------
``removed`` (taken out by the scenario), ``added`` (a new platform firm),
``failed`` (cascade), ``lost_channel_access`` (an SME with export access before that is
still present and has none after), ``lost_security`` (an SME still with access that
is no longer N-1 secure), ``lost_logistics`` (cascade rule: every logistics provider
of the firm failed; this is *not* a loss of export access unless a provider was its
channel to an exporter — that shows as ``lost_channel_access``),
``left_largest_component`` (in the aggregate's largest component before, outside it
after), ``linked`` (joined to a new platform), ``gained_channel_access``,
``gained_security``, ``joined_largest_component``. A firm is listed once, with the
first applicable effect in this order.

Beside ``effect``, the boolean columns ``lost_access``, ``gained_access``,
``lost_secure`` and ``gained_secure`` mark every SME whose access or N-1 security
changed, removed and failed SMEs included, so the list and the table always agree:
``delta(smes_with_access) = gained_access.sum() - lost_access.sum()`` and likewise for
``secure_smes``.

Chaining: :func:`chain` runs scenarios one after the other (fund a platform, then
fail the main logistics hub), each on the network the previous one left, with the
fixed denominator of the first network.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import connected_components

from netclust._random import make_rng
from netclust.metrics._rank import order_scores, ranked
from netclust.metrics._views import LayerView
from netclust._check import positive_int, str_list
from netclust.errors import InputError, UnknownFirmError
from netclust.i18n import N_, gettext as _
from netclust.io.reader import extend
from netclust.schema import AGGREGATE, ROLE, role_label
from netclust.metrics import resilience as _res
from netclust.metrics.cascade import CascadeResult, cascade, systemic_importance
from netclust.metrics.channels import channel_statement, export_channels
from netclust.metrics.exporters import EXPORTER_COLUMN, known_exporters
from netclust.model import MultilayerNetwork

__all__ = ["ScenarioResult", "INDICATORS", "indicators", "exit_firms", "hub_failure",
           "layer_shock", "add_platform", "select_firms", "SCENARIOS", "run", "chain",
           "measure_before", "EFFECT_LABELS", "effect_label"]

#: Built-in indicators, in report order.
INDICATORS = ("firms", "links", "largest_component", "lcc_fraction", "components", "R_degree",
              "R_random", "smes_with_access", "channel_access", "secure_smes", "secure_share",
              "top3_gatekeeper_share", "cascade_mean", "cascade_max")
_CHANNEL_INDICATORS = ("smes_with_access", "channel_access", "secure_smes", "secure_share",
                       "top3_gatekeeper_share")
_EFFECT_ORDER = ("removed", "added", "failed", "lost_channel_access", "lost_security",
                 "lost_logistics", "left_largest_component", "linked", "gained_channel_access",
                 "gained_security", "joined_largest_component")
#: Options every scenario accepts besides its own.
#: Readable names of the ``effect`` values of :attr:`ScenarioResult.affected` (translated where shown).
EFFECT_LABELS = {"removed": N_("removed"), "failed": N_("failed"), "lost_export": N_("lost export"),
                 "lost_channel_access": N_("lost channel access"), "added": N_("added"),
                 "lost_security": N_("lost N-1 security"), "lost_logistics": N_("lost logistics"),
                 "left_largest_component": N_("left largest component"), "linked": N_("linked"),
                 "gained_channel_access": N_("gained channel access"),
                 "gained_security": N_("gained N-1 security"),
                 "joined_largest_component": N_("joined largest component")}
#: Readable names of the rankings of ``top`` (``metric=``), translated where shown.
_METRIC_LABELS = {"degree": N_("degree"), "strength": N_("strength"), "pagerank": N_("PageRank"),
                  "betweenness": N_("betweenness"), "cascade": N_("cascade size")}


def effect_label(effect) -> str:
    """What happened to an affected firm, in the current language (unknown effects readable).

    Examples
    --------
    >>> from netclust.scenario import effect_label
    >>> from netclust.i18n import language
    >>> effect_label("lost_security"), effect_label("my_effect")
    ('lost N-1 security', 'my effect')
    >>> with language("zh"):
    ...     effect_label("failed")
    '失败'
    """
    return _(EFFECT_LABELS[effect]) if effect in EFFECT_LABELS else str(effect).replace("_", " ")


_COMMON_OPTIONS = ("indicators", "metrics", "runs", "seed", "dependencies", "channels",
                   "exporters", "reference", "cache")


@dataclass(frozen=True)
class ScenarioResult:
    """Outcome of a scenario.

    Attributes
    ----------
    name : str
        ``exit``, ``hub-failure``, ``layer-shock`` or ``add-platform``.
    description : str
        One line saying what was done.
    table : pandas.DataFrame
        ``indicator, before, after, delta`` (``delta = after - before``).
    affected : pandas.DataFrame
        ``firm_id, name, role, effect`` (see the module docstring).
    network : MultilayerNetwork or None
        The network after the event (cascade failures removed); None in the report's
        scenarios (:attr:`netclust.analysis.Analysis.default_scenarios`), which keep
        only the tables.
    cascade : CascadeResult or None
        The cascade the event triggered (None for ``add-platform``).
    steps : tuple of ScenarioResult
        For a :func:`chain`, the result of each step (empty otherwise).
    event : str
        What was done, without the channel basis that ``description`` adds (the CLI
        prints the basis on lines of its own).
    """

    name: str
    description: str
    table: pd.DataFrame
    affected: pd.DataFrame
    network: MultilayerNetwork | None
    cascade: CascadeResult | None = None
    steps: tuple = ()
    event: str = ""

    def __repr__(self) -> str:  # noqa: D105
        counts = self.affected["effect"].value_counts().to_dict() if len(self.affected) else {}
        return f"<ScenarioResult {self.name}: {self.description}; affected {counts}>"


# ------------------------------------------------------------------------------------
# indicators
# ------------------------------------------------------------------------------------
def _per_net(cache, kind: str, net, compute, *key):
    """``compute()`` once per network object (and ``key``) in ``cache``.

    The entry keeps the network itself and is used only for that very object, so an id
    reused by a later network never returns a stale result.
    """
    if cache is None:
        return compute()
    slot = (kind, id(net)) + key
    hit = cache.get(slot)
    if hit is None or hit[0] is not net:
        hit = cache[slot] = (net, compute())
    return hit[1]


def _components(net, cache=None):
    def compute():
        return connected_components(net.adjacency(AGGREGATE, weighted=False), directed=False)
    return _per_net(cache, "components", net, compute)


def _channels(net, cache: dict):
    """Export channels of ``net`` (cached per network in ``cache``; no ``exporters_reached``)."""
    return _per_net(cache, "channels", net, lambda: export_channels(
        net, channels=cache.get("channels"), exporters=cache.get("exporters"),
        reference=cache.get("reference"), reached=0), _digest(cache.get("reference")))


def _digest(reference):
    """A content key of a reference list of firm ids (None: the network's own SMEs)."""
    if reference is None:
        return None
    ids = pd.Index(reference).astype(str)
    return len(ids), int(pd.util.hash_pandas_object(ids, index=False).to_numpy().sum())


def _indicator(net, name: str, runs: int, seed, cache: dict) -> float:
    n = net.n_firms
    if name == "firms":
        return float(n)
    if name == "links":
        return float(len(net.links))
    if name in ("largest_component", "lcc_fraction", "components"):
        n_comp, lab = _components(net, cache)
        big = int(np.bincount(lab).max()) if n else 0
        return {"largest_component": float(big), "lcc_fraction": big / n if n else 0.0,
                "components": float(n_comp)}[name]
    if name in ("R_degree", "R_random"):
        if n == 0:
            return 0.0
        strategy = "degree" if name == "R_degree" else "random"
        curves = _res.removal_curves(net, strategy, runs=runs, seed=seed)
        return float(_res.resilience_summary(curves)["R"].iloc[0])
    if name in _CHANNEL_INDICATORS:
        ind = _channels(net, cache).indicators
        return float({"smes_with_access": ind["smes_with_access"], "channel_access":
                      ind["access_share"], "secure_smes": ind["smes_secure"], "secure_share":
                      ind["secure_share"], "top3_gatekeeper_share":
                      ind["top3_gatekeeper_share"]}[name])
    if name in ("cascade_mean", "cascade_max"):
        si = _per_net(cache, "si", net, lambda: systemic_importance(
            net, dependencies=cache.get("deps"), exporters=cache.get("exporters")),
            repr(cache.get("deps")), repr(cache.get("exporters")))["cascade_size"]
        if len(si) == 0:
            return 0.0
        return float(si.mean()) if name == "cascade_mean" else float(si.max())
    raise InputError(f"unknown indicator {name!r}; use one of {', '.join(INDICATORS)}")


def indicators(net, names=None, *, metrics: Mapping[str, Callable] | None = None, runs: int = 20,
               seed=0, dependencies=None, channels=None, exporters=None, reference=None,
               cache: dict | None = None) -> pd.Series:
    """Resilience indicators of one network (the rows of a scenario table).

    Parameters
    ----------
    net : MultilayerNetwork
    names : sequence of str, optional
        Built-in indicators (default: all of :data:`INDICATORS`).
    metrics : mapping of str to callable, optional
        Extra indicators: ``{"label": func}`` with ``func(net) -> float``.
    runs : int, default 20
        Random runs for ``R_random``.
    seed : int, default 0
    dependencies : list of Dependency, optional
        For the cascade indicators (default: the Shiling defaults).
    channels, exporters : optional
        Channel declaration and exporting roles of the channel indicators
        (:func:`netclust.metrics.channels.export_channels`).
    reference : sequence of firm ids, optional
        The SMEs of the fixed denominator (default: the SMEs of ``net``).
    cache : dict, optional
        Shares computed results (components, export channels, cascades) with the caller,
        per network object.

    Returns
    -------
    pandas.Series
        Indexed by indicator name, float values.

    Raises
    ------
    InputError
        Unknown indicator or a custom metric that does not return a number.

    See Also
    --------
    exit_firms, add_platform

    Notes
    -----
    Definitions in the module docstring; every share is over the network's own
    firms or SMEs.

    Examples
    --------
    >>> nc.scenario.indicators(nc.datasets.toy(), ["firms", "largest_component"]).to_dict()
    {'firms': 9.0, 'largest_component': 8.0}
    """
    names = list(INDICATORS) if names is None else str_list(names, "indicators")
    cache = {} if cache is None else cache
    cache.update(deps=dependencies, channels=channels, exporters=exporters, reference=reference)
    known = known_exporters(net, exporters) is not None   # without exporter information: NaN, said in notes
    values = {name: (_indicator(net, name, runs, seed, cache)
                     if known or name not in _CHANNEL_INDICATORS else float("nan"))
              for name in names}
    for label, func in (metrics or {}).items():
        try:
            values[label] = float(func(net))
        except (TypeError, ValueError) as exc:
            raise InputError(f"metric {label!r} must return a number: {exc}") from None
    return pd.Series(values, dtype=float, name="value")


def _table(before: pd.Series, after: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame({"indicator": before.index, "before": before.to_numpy(),
                        "after": after.reindex(before.index).to_numpy()})
    out["delta"] = out["after"] - out["before"]
    return out


# ------------------------------------------------------------------------------------
# affected firms
# ------------------------------------------------------------------------------------
def _largest_members(net, cache=None) -> set:
    if net.n_firms == 0:
        return set()
    _, lab = _components(net, cache)
    big = np.argmax(np.bincount(lab))
    return set(net.firm_ids[lab == big])


def _channel_sets(result) -> tuple:
    """(SMEs with access, secure SMEs) of a :class:`ChannelResult`, as sets of ids."""
    sme = result.sme
    ids = sme["firm_id"].to_numpy()
    return set(ids[sme["access"].to_numpy(bool)]), set(ids[sme["secure"].to_numpy(bool)])


def _channel_groups(before, after, cache) -> tuple:
    """Effects and per-SME change flags from the channels before and after."""
    if known_exporters(before, cache.get("exporters")) is None:
        return {}, {}
    had, was = _channel_sets(_channels(before, cache))
    has, is_ = _channel_sets(_channels(after, cache))
    present = set(after.firm_ids)
    groups = {"lost_channel_access": sorted((had - has) & present),
              "lost_security": sorted(((was - is_) & has) & present),
              "gained_channel_access": sorted(has - had),
              "gained_security": sorted((is_ - was) - (has - had))}
    flags = {"lost_access": had - has, "gained_access": has - had,
             "lost_secure": was - is_, "gained_secure": is_ - was}
    return groups, flags


def _affected(before, after, groups: dict, cache: dict | None = None) -> pd.DataFrame:
    """List affected firms: explicit ``groups`` (effect -> ids) plus the derived effects."""
    cache = {} if cache is None else cache
    groups = dict(groups)
    extra, flags = _channel_groups(before, after, cache)
    groups.update(extra)
    present = set(after.firm_ids)
    lb, la = _largest_members(before, cache), _largest_members(after, cache)
    groups["left_largest_component"] = sorted((lb - la) & present)
    groups["joined_largest_component"] = sorted((la - lb) & present & set(before.firm_ids))
    for changed in flags.values():   # an SME whose access changed is listed, whatever else
        groups.setdefault("_changed", [])
        groups["_changed"] += sorted(changed)
    seen, rows = set(), []
    names = pd.concat([before.firms[["name", ROLE]], after.firms[["name", ROLE]]])
    names = names[~names.index.duplicated()]
    for effect in _EFFECT_ORDER + ("_changed",):
        for fid in groups.get(effect, ()):
            if fid not in seen:
                seen.add(fid)
                rows.append((fid, names.at[fid, "name"], names.at[fid, ROLE], effect))
    out = pd.DataFrame(rows, columns=["firm_id", "name", "role", "effect"])
    for col in ("lost_access", "gained_access", "lost_secure", "gained_secure"):
        out[col] = out["firm_id"].isin(flags.get(col, set()))
    return out


# ------------------------------------------------------------------------------------
# selection
# ------------------------------------------------------------------------------------
def _scores(net, metric: str, layer: str, seed, cascade_kw=None) -> np.ndarray:
    if metric == "cascade":
        return systemic_importance(net, **(cascade_kw or {}))["cascade_size"].to_numpy(
            dtype=float)
    return order_scores(LayerView.of(net, layer, directed=False), metric, make_rng(seed))


def select_firms(net, *, firms=None, roles=None, areas=None, top: int | None = None,
                 metric: str = "degree", layer: str = AGGREGATE, seed=0, dependencies=None,
                 exporters=None) -> pd.Index:
    """Firm ids chosen by id, role, area and/or as the top ``k`` by a metric.

    Parameters
    ----------
    net : MultilayerNetwork
    firms : sequence of firm ids, optional
    roles : str or sequence of str, optional
    areas : str or sequence of str, optional
        Values of the firms' ``area`` column.
    top : int, optional
        Keep only the ``top`` firms of the selection (of all firms when nothing else
        is given) by ``metric``, ties by firm order.
    metric : {"degree", "strength", "betweenness", "pagerank", "cascade"}, default "degree"
        ``cascade`` ranks by systemic importance.
    layer : str, default "aggregate"
        Layer of the metric.
    seed : int, default 0
        For sampled betweenness.
    dependencies, exporters : optional
        Cascade rules and exporting roles of the ``cascade`` metric (as in
        :func:`netclust.metrics.cascade.systemic_importance`).

    Returns
    -------
    pandas.Index
        Selected firm ids (firm order, or rank order with ``top``).

    Raises
    ------
    InputError
        Nothing selected, no ``area`` column, bad ``top`` or metric.
    UnknownFirmError
        An unknown firm id.

    See Also
    --------
    exit_firms

    Examples
    --------
    >>> list(nc.scenario.select_firms(nc.datasets.toy(), roles="anchor"))
    ['A1', 'A2']
    >>> list(nc.scenario.select_firms(nc.datasets.toy(), top=2))
    ['S2', 'S1']
    """
    n = net.n_firms
    given = firms is not None or roles is not None or areas is not None
    mask = np.zeros(n, dtype=bool) if given else np.ones(n, dtype=bool)
    if firms is not None:
        mask[_firm_codes(net, str_list(firms, "firms"))] = True
    fr = net.firms
    if roles is not None:
        roles = str_list(roles, "roles")
        mask |= fr[ROLE].astype(str).isin(roles).to_numpy()
    if areas is not None:
        if "area" not in fr.columns:
            raise InputError("the firms table has no 'area' column")
        areas = str_list(areas, "areas")
        mask |= fr["area"].astype(str).isin([str(a) for a in areas]).to_numpy()
    codes = np.flatnonzero(mask)
    if top is not None:
        top = positive_int(top, "top")
        codes = ranked(_scores(net, metric, layer, seed, dict(
            dependencies=dependencies, exporters=exporters)), codes)[:int(top)]
    if len(codes) == 0:
        raise InputError("the selection is empty: no firm matches")
    return net.firm_ids[codes]


# ------------------------------------------------------------------------------------
# scenarios
# ------------------------------------------------------------------------------------
def _before_indicators(before, reference, ind_opts, cache):
    """Indicators of the network before the event, computed once per network and options
    when scenarios share a ``cache`` (the report's default scenarios)."""
    opts = {k: v for k, v in ind_opts.items() if k != "cache"}
    hit = cache.get(("before", id(before)))
    if hit is not None and hit[0] is before and hit[1] == opts and hit[2].equals(reference):
        return hit[3]
    out = indicators(before, reference=reference, **ind_opts)
    cache[("before", id(before))] = (before, opts, reference, out)
    return out


def _indicator_options(before, options, cache) -> tuple:
    """``(indicator options, reference firms)`` of a scenario on ``before``."""
    ind_opts = dict(names=options.get("indicators"), metrics=options.get("metrics"),
                    runs=options.get("runs", 20), seed=options.get("seed", 0),
                    dependencies=options.get("dependencies"), channels=options.get("channels"),
                    exporters=options.get("exporters"), cache=cache)
    reference = options.get("reference")
    if reference is None:
        reference = before.firm_ids[before.firms[ROLE].astype(str).to_numpy() == "sme"]
    return ind_opts, pd.Index(reference)


def measure_before(net, cache: dict, **options) -> None:
    """Fill ``cache`` with the indicators of ``net`` before any event.

    Scenarios run with this ``cache`` (and the same options) then measure only their
    after-network: what the report does before running its scenarios side by side.

    Examples
    --------
    >>> from netclust.scenario import measure_before, run
    >>> net, cache = nc.datasets.toy(), {}
    >>> measure_before(net, cache, runs=2)
    >>> any(key[0] == "before" for key in cache)
    True
    >>> float(run(net, "exit", firms=["A1"], runs=2, cache=cache).table.set_index("indicator").loc["firms", "before"])
    9.0
    """
    ind_opts, reference = _indicator_options(net, options, cache)
    _before_indicators(net, reference, ind_opts, cache)


def _run(name, event, before, after, removed, casc, options, extra_groups=None):
    cache = options.get("cache")
    cache = {} if cache is None else cache
    ind_opts, reference = _indicator_options(before, options, cache)
    table = _table(_before_indicators(before, reference, ind_opts, cache),
                   indicators(after, reference=reference, **ind_opts))
    groups = {"removed": list(removed)}
    if casc is not None:
        groups["failed"] = casc.failed.loc[casc.failed["round"] > 0, "firm_id"].tolist()
        groups["lost_logistics"] = casc.lost_export["firm_id"].tolist()
    groups.update(extra_groups or {})
    description = f"{event}; {_channel_basis(before, reference, options)}"
    affected = _affected(before, after, groups, cache)
    for key in [k for k, v in cache.items() if isinstance(k, tuple) and v[0] is after]:
        del cache[key]   # a shared cache keeps only the before-network's results
    return ScenarioResult(name, description, table, affected, after, casc, event=event)


def _channel_basis(before, reference, options) -> str:
    """The assumptions the channel indicators rest on, or why they are empty (one sentence)."""
    if len(reference) == 0:
        return _("channel indicators are empty: no firm has role sme (give the small "
                 "manufacturers the role sme, or map your label with --role-map)")
    if known_exporters(before, options.get("exporters")) is None:
        return _("channel indicators not computed: no exporter information (add an "
                 "'exporter' column or name the exporting roles)")
    return "; ".join(channel_statement(before, options.get("channels"), options.get("exporters")))


def _check_options(options):
    unknown = set(options) - set(_COMMON_OPTIONS)
    if unknown:
        raise InputError(f"unknown option(s) {sorted(unknown)}")


def _firm_codes(net, ids) -> np.ndarray:
    """``net.codes(ids)``; an unknown id is named with the closest known ids ("did you mean")."""
    try:
        return net.codes(ids)
    except UnknownFirmError as exc:
        from netclust.io.checks import did_you_mean

        shown = ", ".join(repr(i) for i in exc.ids[:5])
        if len(exc.ids) > 5:
            shown += _(" and {n} more").format(n=f"{len(exc.ids) - 5:,}")
        error = UnknownFirmError(exc.ids)
        hint = did_you_mean(exc.ids, net.firm_ids) or _(" (firm ids look like {examples})").format(
            examples=", ".join(repr(i) for i in net.firm_ids[:3]))
        error.args = (_("unknown firm id(s): {ids}").format(ids=shown) + hint,)
        raise error from None


def exit_firms(net, *, firms=None, roles=None, areas=None, top: int | None = None,
               metric: str = "degree", layer: str = AGGREGATE, propagate: bool = True,
               **options) -> ScenarioResult:
    """Remove firms from the cluster (an anchor relocates, a village's firms close...).

    Parameters
    ----------
    net : MultilayerNetwork
    firms, roles, areas, top, metric, layer
        Who leaves (see :func:`select_firms`).
    propagate : bool, default True
        Run the dependency cascade and remove the firms that fail too.
    **options
        ``indicators`` (names), ``metrics`` (custom callables), ``runs`` (random
        runs for ``R_random``, default 20), ``seed`` (default 0), ``dependencies``
        (cascade rules, default :func:`~netclust.metrics.cascade.default_dependencies`),
        ``cache`` (a dict shared by scenarios on the same network: the before-network's
        indicators, channels and components are computed once, not per scenario).

    Returns
    -------
    ScenarioResult

    Raises
    ------
    InputError
        Empty selection or unknown option.

    See Also
    --------
    hub_failure, select_firms

    Notes
    -----
    The after-network is ``net.remove_firms(leaving + cascade failures)``. Firms
    losing channel access are SMEs that exported or reached an exporter along the
    declared channels before and are still present but cut off after (removed and
    failed SMEs are flagged in ``lost_access`` too).

    Examples
    --------
    >>> r = nc.scenario.exit_firms(nc.datasets.toy(), firms=["A2"], propagate=False,
    ...                            indicators=["firms", "smes_with_access"])
    >>> r.table[["indicator", "before", "after"]].values.tolist()
    [['firms', 9.0, 8.0], ['smes_with_access', 3.0, 2.0]]
    >>> r.affected[["firm_id", "effect", "lost_access"]].values.tolist()
    [['A2', 'removed', False], ['S3', 'lost_channel_access', True]]
    """
    _check_options(options)
    leaving = select_firms(net, firms=firms, roles=roles, areas=areas, top=top, metric=metric,
                           layer=layer, seed=options.get("seed", 0),
                           dependencies=options.get("dependencies"),
                           exporters=options.get("exporters"))
    casc = None
    gone = list(leaving)
    if propagate:
        casc = cascade(net, list(leaving), dependencies=options.get("dependencies"),
                       exporters=options.get("exporters"))
        gone = casc.failed["firm_id"].tolist()
    after = net.remove_firms(gone)
    desc = (_("{n} firm(s) exit, {failed} fail in the cascade") if casc else
            _("{n} firm(s) exit")).format(n=f"{len(leaving):,}",
                                          failed=f"{casc.size:,}" if casc else "")
    return _run("exit", desc, net, after, leaving, casc, options)


def hub_failure(net, *, role: str = "logistics", top: int = 1, metric: str = "degree",
                layer: str | None = None, propagate: bool = True, **options) -> ScenarioResult:
    """Fail the ``top`` hubs of a role (e.g. the consolidated logistics centre closes).

    Parameters
    ----------
    net : MultilayerNetwork
    role : str, default "logistics"
    top : int, default 1
    metric : str, default "degree"
        Ranking of the hubs (see :func:`select_firms`).
    layer : str, optional
        Layer of the ranking: the layer named like the role when it exists
        (``logistics``), else the aggregate.
    propagate : bool, default True
    **options
        As in :func:`exit_firms`.

    Returns
    -------
    ScenarioResult

    Raises
    ------
    InputError
        No firm has this role.

    See Also
    --------
    exit_firms

    Examples
    --------
    >>> r = nc.scenario.hub_failure(nc.datasets.toy(), indicators=["largest_component"])
    >>> r.table[["before", "after"]].values.tolist()
    [[8.0, 7.0]]
    >>> r.affected.groupby("effect").size().to_dict()
    {'lost_logistics': 4, 'removed': 1}
    """
    _check_options(options)
    if layer is None:
        layer = role if role in net.layer_names else AGGREGATE
    result = exit_firms(net, roles=[role], top=top, metric=metric, layer=layer,
                        propagate=propagate, **options)
    what = _("top {top} {role} hub(s) by {metric} fail; {event}").format(
        top=top, role=role_label(role), metric=_(_METRIC_LABELS.get(metric, metric)),
        event=result.event)
    return ScenarioResult("hub-failure", result.description.replace(result.event, what, 1),
                          result.table, result.affected, result.network, result.cascade,
                          event=what)


def _without_links(net, drop: np.ndarray) -> MultilayerNetwork:
    links = net.links
    keep = links.loc[~drop, [c for c in links.columns if c not in ("src", "dst")]]
    return MultilayerNetwork(net.firms, keep, net.layers, validation=net.validation,
                             provenance=dict(net.provenance))


def layer_shock(net, layer: str, *, fraction: float | None = None, firms=None, roles=None,
                sectors=None, seed=0, propagate: bool = True, **options) -> ScenarioResult:
    """Cut links of one layer: a random fraction, or every link of a supplier group.

    Parameters
    ----------
    net : MultilayerNetwork
    layer : str
        The shocked layer (e.g. ``procurement`` for a raw-material supply cut).
    fraction : float, optional
        Share of the layer's links removed at random (seeded).
    firms, roles, sectors : optional
        The group whose links in the layer are all cut: firm ids, roles and/or
        values of the ``sector`` column (e.g. ``sectors=["leather"]``).
    seed : int, numpy.random.Generator or None, default 0
    propagate : bool, default True
        Cascade: dependents that lost their inputs fail (their firms are removed).
    **options
        As in :func:`exit_firms` (``seed`` is shared).

    Returns
    -------
    ScenarioResult

    Raises
    ------
    InputError
        Neither or both of ``fraction`` and a group, fraction outside [0, 1], an
        unknown layer, no ``sector`` column.

    See Also
    --------
    netclust.metrics.cascade.cascade : ``lost_links`` is how the cut enters the cascade.

    Examples
    --------
    >>> r = nc.scenario.layer_shock(nc.datasets.toy(), "procurement", roles=["supplier"],
    ...                             indicators=["links"])
    >>> r.table[["before", "after"]].values.tolist()
    [[13.0, 3.0]]
    >>> r.affected.groupby("effect")["firm_id"].apply(list).to_dict()
    {'failed': ['S1', 'S2'], 'left_largest_component': ['D1', 'U1']}
    """
    _check_options(options)
    net.layer_spec(layer)
    group_given = firms is not None or roles is not None or sectors is not None
    if (fraction is None) == (not group_given):
        raise InputError("give either fraction= or a group (firms=, roles=, sectors=)")
    links = net.links
    in_layer = (links["layer"] == layer).to_numpy()
    if fraction is not None:
        if not 0 <= float(fraction) <= 1:
            raise InputError(f"fraction must be in [0, 1], not {fraction!r}")
        idx = np.flatnonzero(in_layer)
        k = int(round(float(fraction) * len(idx)))
        drop = np.zeros(len(links), dtype=bool)
        drop[make_rng(seed).choice(idx, size=k, replace=False)] = True
        what = _("{k} of {n} {layer} links cut at random").format(
            k=f"{k:,}", n=f"{len(idx):,}", layer=layer)
    else:
        mask = np.zeros(net.n_firms, dtype=bool)
        if firms is not None or roles is not None:
            mask[net.codes(select_firms(net, firms=firms, roles=roles))] = True
        if sectors is not None:
            if "sector" not in net.firms.columns:
                raise InputError("the firms table has no 'sector' column")
            sectors = str_list(sectors, "sectors")
            mask |= net.firms["sector"].astype(str).isin(sectors).to_numpy()
        drop = in_layer & (mask[links["src"].to_numpy()] | mask[links["dst"].to_numpy()])
        what = _("{k} {layer} links of {n} firm(s) cut").format(
            k=f"{int(drop.sum()):,}", layer=layer, n=f"{int(mask.sum()):,}")
    cut = links.loc[drop, ["source", "target", "layer"]]
    shocked = _without_links(net, drop)
    casc = None
    after = shocked
    if propagate:
        casc = cascade(net, [], dependencies=options.get("dependencies"), lost_links=cut,
                       exporters=options.get("exporters"))
        failed = casc.failed["firm_id"].tolist()
        if failed:
            after = shocked.remove_firms(failed)
    if casc:
        what = _("{what}, {n} firm(s) fail in the cascade").format(what=what, n=f"{casc.size:,}")
    return _run("layer-shock", what, net, after, [], casc, options)


def add_platform(net, *, firms=None, layer: str = "logistics", platform_id: str = "PLATFORM",
                 name: str = "Shared platform", role: str = "platform",
                 direction: str = "to_platform", weight: float = 1.0, links=None,
                 new_firms=None, exports: bool = True, **options) -> ScenarioResult:
    """Add a funded shared node (logistics, design library, overseas channel) or new links.

    Parameters
    ----------
    net : MultilayerNetwork
    firms : sequence of firm ids, optional
        Firms linked to the new platform (e.g. chosen SMEs).
    layer : str, default "logistics"
        Layer of the platform's links.
    platform_id, name, role : str
        The new firm.
    direction : {"to_platform", "from_platform"}, default "to_platform"
        ``firm -> platform`` (shipper -> provider in logistics) or the reverse.
    weight : float, default 1.0
    links : pandas.DataFrame or str or Path, optional
        Instead of (or besides) a platform: new links ``source, target, layer[, weight]``
        (a file is read as :func:`netclust.read` reads a links table). They are checked
        on their own first, so an error names their file (or frame) and row.
    new_firms : pandas.DataFrame, optional
        Firms that ``links`` introduce.
    exports : bool, default True
        The platform exports (a collective overseas channel): its ``exporter`` flag is
        set, so with ``layer`` a declared channel (logistics: firm -> platform) the
        linked SMEs gain export access. When exporters are named by role, the platform
        counts only if its ``role`` is one of them.
    **options
        As in :func:`exit_firms`.

    Returns
    -------
    ScenarioResult
        ``cascade`` is None; affected firms are ``linked`` firms and firms that gain
        channel access or join the largest component.

    Raises
    ------
    InputError
        Nothing to add, bad direction, the platform id already exists.
    ValidationError
        New links name unknown firms.

    See Also
    --------
    exit_firms

    Notes
    -----
    Adding a node and links can only merge components, so the largest component
    never shrinks; the ``firms`` indicator grows by one with a platform.

    Examples
    --------
    >>> r = nc.scenario.add_platform(nc.datasets.toy(), firms=["S3", "T1"],
    ...                              indicators=["largest_component"])
    >>> r.table[["before", "after"]].values.tolist()
    [[8.0, 10.0]]
    >>> r.affected[["firm_id", "effect"]].values.tolist()
    [['PLATFORM', 'added'], ['S3', 'linked'], ['T1', 'linked']]
    """
    _check_options(options)
    if firms is None and links is None:
        raise InputError("give firms= to link to a platform, or links=")
    if direction not in ("to_platform", "from_platform"):
        raise InputError(f"direction must be 'to_platform' or 'from_platform', not {direction!r}")
    net.layer_spec(layer)
    new_f, new_l, linked = [], [], []
    if firms is not None:
        ids = list(net.firm_ids[_firm_codes(net, str_list(firms, "firms"))])
        if platform_id in set(net.firm_ids):
            raise InputError(f"firm id {platform_id!r} already exists; choose another platform_id")
        row = {"firm_id": [platform_id], "name": [name], "role": [role]}
        if EXPORTER_COLUMN in net.firms.columns:
            row[EXPORTER_COLUMN] = [bool(exports)]
        new_f.append(pd.DataFrame(row))
        src, dst = (ids, [platform_id] * len(ids))
        if direction == "from_platform":
            src, dst = dst, src
        new_l.append(pd.DataFrame({"source": src, "target": dst, "layer": layer,
                                   "weight": float(weight)}))
        linked = ids
    if links is not None:
        new_l.append(_new_links(net, links, platform_id if firms is not None else None, new_firms))
        if new_firms is not None:
            new_f.append(new_firms.reset_index() if new_firms.index.name == "firm_id"
                         else new_firms)
    after = extend(net, firms=pd.concat(new_f, ignore_index=True) if new_f else None,
                   links=pd.concat(new_l, ignore_index=True))
    desc = (_("platform {platform!r} linked to {n} firm(s) in {layer}").format(
                platform=platform_id, n=f"{len(linked):,}", layer=layer)
            if firms is not None else
            _("{n} link(s) added").format(n=f"{sum(len(x) for x in new_l):,}"))
    added = sorted(set(after.firm_ids) - set(net.firm_ids))
    return _run("add-platform", desc, net, after, [], None, options,
                {"added": added, "linked": linked})


def _new_links(net, links, platform_id, new_firms) -> pd.DataFrame:
    """New links (a path or DataFrame) validated on their own: errors name their file and row."""
    from pathlib import Path

    from netclust.errors import ValidationError
    from netclust.io.checks import check_links
    from netclust.io.tables import RawTable, read_table
    from netclust.io.validation import ValidationReport

    if isinstance(links, (str, Path)):
        raw = read_table(links)
    elif isinstance(links, pd.DataFrame):
        raw = RawTable(links.reset_index(drop=True), "<links DataFrame>",
                       np.arange(len(links), dtype=np.int64))
    else:
        raise InputError(f"links must be a DataFrame or a file path, not {type(links).__name__}")
    known = list(net.firm_ids) + ([platform_id] if platform_id is not None else [])
    if new_firms is not None:
        frame = new_firms.reset_index() if new_firms.index.name == "firm_id" else new_firms
        known += [str(f) for f in frame.get("firm_id", ())]
    report = ValidationReport()
    out = check_links(raw, None, net.layers, pd.Index(known, dtype=object), report)
    if out is None or report.errors:
        raise ValidationError(report)
    return out


def chain(net, steps, **options) -> ScenarioResult:
    """Run scenarios one after the other, each on the network the previous one left.

    Parameters
    ----------
    net : MultilayerNetwork
    steps : sequence of (kind, dict)
        ``[("add-platform", {"firms": [...]}), ("hub-failure", {"role": "logistics"})]``.
    **options
        Options shared by every step (``indicators``, ``runs``, ``seed``, ``channels``,
        ``exporters``...).

    Returns
    -------
    ScenarioResult
        ``name == "chain"``; ``table`` compares the first network with the last,
        ``affected`` lists every firm affected along the way (the first effect of each
        step kept in step order) and ``steps`` holds each step's result. Shares use the
        SMEs of the first network as the fixed denominator at every step.

    Raises
    ------
    InputError
        No step, an unknown kind or option.

    Examples
    --------
    >>> r = nc.scenario.chain(nc.datasets.toy(), [
    ...     ("add-platform", {"firms": ["S3"], "layer": "logistics"}),
    ...     ("exit", {"firms": ["A2"], "propagate": False})],
    ...     indicators=["smes_with_access"])
    >>> r.table[["before", "after"]].values.tolist()
    [[3.0, 3.0]]
    >>> [s.name for s in r.steps]
    ['add-platform', 'exit']
    """
    steps = list(steps)
    if not steps:
        raise InputError("chain needs at least one step")
    _check_options(options)
    reference = options.pop("reference", None)
    if reference is None:
        reference = net.firm_ids[net.firms[ROLE].astype(str).to_numpy() == "sme"]
    results, current = [], net
    for kind, step_options in steps:
        result = run(current, kind, **{**options, **dict(step_options), "reference": reference})
        results.append(result)
        current = result.network
    groups: dict = {}
    for r in results:
        for effect in ("removed", "failed", "added", "linked", "lost_logistics"):
            ids = r.affected.loc[r.affected["effect"] == effect, "firm_id"].tolist()
            groups.setdefault(effect, []).extend(i for i in ids if i not in groups[effect])
    removed = groups.pop("removed")
    desc = results[0].event
    for r in results[1:]:
        desc = _("{before}; then {after}").format(before=desc, after=r.event)
    out = _run("chain", desc, net, current, removed, None, {**options, "reference": reference},
               groups)
    return dataclasses.replace(out, steps=tuple(results))


#: Scenario kinds by their CLI name.
SCENARIOS = {"exit": exit_firms, "hub-failure": hub_failure, "layer-shock": layer_shock,
             "add-platform": add_platform}


def run(net, kind: str, **options) -> ScenarioResult:
    """Run the scenario called ``kind`` (a key of :data:`SCENARIOS`) with its options.

    Parameters
    ----------
    net : MultilayerNetwork
    kind : {"exit", "hub-failure", "layer-shock", "add-platform"}
        The CLI name of the scenario.
    **options
        Keyword arguments of the scenario function (:func:`exit_firms`,
        :func:`hub_failure`, :func:`layer_shock`, :func:`add_platform`).

    Returns
    -------
    ScenarioResult

    Raises
    ------
    InputError
        Unknown ``kind`` or option, or what the scenario function raises.

    See Also
    --------
    SCENARIOS, exit_firms, hub_failure, layer_shock, add_platform

    Notes
    -----
    A dispatcher with no logic of its own: ``run(net, "exit", **kw)`` is
    ``exit_firms(net, **kw)``.

    Examples
    --------
    >>> res = nc.scenario.run(nc.datasets.toy(), "exit", firms=["A1"], runs=2)
    >>> res.name
    'exit'
    """
    if kind not in SCENARIOS:
        raise InputError(f"unknown scenario {kind!r}; choose one of {', '.join(SCENARIOS)}")
    return SCENARIOS[kind](net, **options)
