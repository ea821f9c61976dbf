"""Resilience commands: ``resilience`` (removal curves) and ``scenario`` (what-if)."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (channel_options, channel_settings, echo_table,
                                   input_options, input_paths, layer_option, load_network,
                                   output_options, pop_input, progress_bar, seed_option,
                                   selected_layers)
from netclust.metrics.resilience import ORDER_SCORES, STRATEGIES
from netclust.scenario import INDICATORS, SCENARIOS, effect_label
from netclust.schema import AGGREGATE

_LAYER_HELP = ("Layer to analyse, or 'aggregate' (repeatable or A,B; default aggregate); "
               "--attack-tolerance is computed for every selected layer.")


@cli.command()
@input_options
@layer_option(_LAYER_HELP)
@output_options
@seed_option
@click.option("--strategy", "strategies", multiple=True, type=click.Choice(STRATEGIES),
              help="Removal strategy (repeatable; default: random, degree, adaptive-degree, "
                   "betweenness and, when some firm has a --role, role).")
@click.option("--runs", type=click.IntRange(min=1), default=None,
              help="Monte Carlo runs of the random strategy (default 50; 10 above 5,000 firms).")
@click.option("--strong", is_flag=True,
              help="Strongly connected components of directed layers (slow, exact).")
@click.option("--role", "roles", multiple=True, metavar="ROLE",
              help="Roles removed first by the 'role' strategy (default: anchor).")
@click.option("--firm", "firms", multiple=True, metavar="ID",
              help="Firms removed first, in order, by the 'list' strategy (repeatable).")
@click.option("--by", type=click.Choice(ORDER_SCORES), default="degree", show_default=True,
              help="Score ordering firms within roles and after the list.")
@click.option("--step", type=click.IntRange(min=1), default=None,
              help="Recompute adaptive betweenness/PageRank every STEP removals "
                   "(default N/100).")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=0.05,
              show_default=True, help="Level of s(Q) defining the critical fraction.")
@click.option("--attack-tolerance", is_flag=True,
              help="Also write the SME-anchor attack-tolerance curves and their areas "
                   "(one set per selected layer).")
@click.option("--no-plot", is_flag=True, help="Do not write resilience.png / resilience.svg.")
@channel_options
def resilience(fmt, out, seed, layers, strategies, runs, strong, roles, firms, by, step, threshold,
               attack_tolerance, no_plot, **kw):
    """Removal curves, robustness R and channel access as firms are removed.

    Writes curves.<ext> (strategy, layer, run, removed, fraction_removed,
    lcc_size, lcc_fraction for Q = 0..N), summary.<ext> (strategy, layer, R,
    critical_fraction, percentiles over runs), channel_access.<ext> (share of
    the SMEs that still export or reach an exporter along the declared channels,
    at 21 checkpoints; it prints the exporter rule and channel layers used, or why
    there is no such table) and resilience.png/.svg (mean
    curves with 5-95 % bands); with --attack-tolerance also attack_tolerance.<ext>
    and attack_tolerance_area.<ext> (SMEs keeping an anchor partner as anchors
    are removed, per selected layer; trapezoid area). Connectivity is weak
    (undirected view) unless --strong; R = (1/N) sum_{Q=1..N} s(Q); ties go to the
    earlier firm.

    \b
    Example:
      netclust resilience data/shiling --strategy random --strategy degree --runs 100
      netclust resilience data/shiling --strategy role --role anchor --layer procurement
    """
    from netclust.analysis import REMOVAL_STRATEGIES, Analysis
    from netclust.io.output import table_bytes, write_bundle

    layers = selected_layers(layers) or (AGGREGATE,)
    chan = channel_settings(kw)
    protect = input_paths(kw)
    net = load_network(kw)
    with progress_bar(_("Removal curves")) as progress:
        a = Analysis(net, progress=progress, seed=seed, layers=layers, runs=runs, strong=strong,
                     **chan,
                     strategies=tuple(strategies) or REMOVAL_STRATEGIES,
                     roles=tuple(roles) or ("anchor",), by=by, firms=tuple(firms) or None,
                     step=step, threshold=threshold)
        tables = {"curves": a.curves, "summary": a.resilience, "channel_access": a.access_curves}
    if tables["channel_access"] is None:   # no SME or no exporter information: said below
        del tables["channel_access"]
    if attack_tolerance:
        tables.update(_attack_tolerance(a))
    files = {f"{name}.{fmt}": table_bytes(t, fmt) for name, t in tables.items()}
    if not no_plot:
        files.update(_plot(a.curves, layers))
    written = write_bundle(Path(out), files, protect=protect)   # all or nothing
    _echo_channel_basis(a, chan)
    echo_table(a.resilience[["strategy", "layer", "runs", "R", "critical_fraction"]].round(4))
    click.echo(_("wrote {paths}").format(paths=", ".join(str(p) for p in written)), err=True)


def _echo_channel_basis(a, chan: dict) -> None:
    """The ``Assumption:``/``Channels:`` lines the channel indicators rest on (as ``netclust
    channels`` prints them), or the one sentence saying why there are none and what to add."""
    from netclust.metrics.channels import channel_statement

    why = a.access_unavailable
    if why is not None:
        click.echo(_("Export channels were not computed: {why}").format(why=why))
        return
    assumption, declaration = channel_statement(a.net, **chan)
    click.echo(_("Assumption: {text}").format(text=assumption))
    click.echo(_("Channels: {text}").format(text=declaration))


def _attack_tolerance(a) -> dict:
    """Attack-tolerance curve and area tables of every selected layer (``layer`` column first)."""
    import pandas as pd

    results = a.attack_tolerance()
    tables = {}
    for name in ("curve", "area"):
        parts = [getattr(r, name).assign(layer=layer) for layer, r in results.items()]
        frame = pd.concat(parts, ignore_index=True)
        tables["attack_tolerance" if name == "curve" else "attack_tolerance_area"] = \
            frame[["layer"] + [c for c in frame.columns if c != "layer"]]
    return tables


def _plot(curves, layers) -> dict:
    """Writers of resilience.png / resilience.svg for :func:`~netclust.io.output.write_bundle`."""
    from netclust.viz.curves import plot_removal_curves, save_figure

    fig = plot_removal_curves(curves, title=f"Removal curves ({', '.join(layers)})")
    return {name: (lambda path: save_figure(fig, path))
            for name in ("resilience.png", "resilience.svg")}


# ------------------------------------------------------------------------------------
# scenario: one command, the kind is an argument (input options anywhere on the line)
# ------------------------------------------------------------------------------------
#: Options that only some scenario kinds use (the others refuse them).
_KIND_OPTIONS = {
    "firms": ("exit", "layer-shock", "add-platform"), "areas": ("exit",),
    "top": ("exit", "hub-failure"), "metric": ("exit", "hub-failure"),
    "no_cascade": ("exit", "hub-failure", "layer-shock"),
    "layers": ("layer-shock", "add-platform"), "fraction": ("layer-shock",),
    "sectors": ("layer-shock",), "linked_roles": ("add-platform",),
    "platform_id": ("add-platform",), "platform_name": ("add-platform",),
    "platform_role": ("add-platform",), "from_platform": ("add-platform",),
    "new_links": ("add-platform",),
}


def _scenario_args(kind: str, p: dict) -> dict:
    """Keyword arguments of the scenario function of ``kind`` from the command's options."""
    for name, kinds in _KIND_OPTIONS.items():
        if p.get(name) not in (None, (), False) and kind not in kinds:
            flag = "--" + {"layers": "layer", "firms": "firm", "areas": "area", "sectors": "sector",
                           "linked_roles": "role-linked"}.get(name, name.replace("_", "-"))
            raise click.UsageError(f"{flag} does not apply to the {kind} scenario")
    roles = list(p["roles"]) or None
    cascade = {"propagate": not p["no_cascade"]}
    if kind == "exit":
        if not (p["firms"] or roles or p["areas"] or p["top"]):
            raise click.UsageError("choose who exits: --firm, --role, --area and/or --top")
        return dict(firms=list(p["firms"]) or None, roles=roles, areas=list(p["areas"]) or None,
                    top=p["top"], metric=p["metric"] or "degree", **cascade)
    if kind == "hub-failure":
        if roles is not None and len(roles) > 1:
            raise click.UsageError("hub-failure takes one --role")
        return dict(role=roles[0] if roles else "logistics", top=p["top"] or 1,
                    metric=p["metric"] or "degree", **cascade)
    if kind == "layer-shock":
        if not p["layers"]:
            raise click.UsageError("layer-shock needs --layer (the shocked layer)")
        return dict(layer=p["layers"], fraction=p["fraction"], firms=list(p["firms"]) or None,
                    roles=roles, sectors=list(p["sectors"]) or None, **cascade)
    if roles:
        raise click.UsageError("--role does not apply to add-platform (use --role-linked, "
                               "or --platform-role for the platform's own role)")
    return {}


def _platform_args(net, p: dict) -> dict:
    """Arguments of :func:`netclust.scenario.add_platform` (firms linked or a links file)."""
    from netclust.scenario import select_firms

    chosen = list(p["firms"])
    if p["linked_roles"]:
        chosen += [f for f in select_firms(net, roles=list(p["linked_roles"])) if f not in chosen]
    links = p["new_links"]   # read and checked by add_platform (errors name this file and row)
    if not chosen and links is None:
        raise click.UsageError("give --firm / --role-linked, or --new-links")
    return dict(firms=chosen or None, layer=p["layers"] or "logistics",
                platform_id=p["platform_id"] or "PLATFORM",
                name=p["platform_name"] or "Shared platform",
                role=p["platform_role"] or "platform",
                direction="from_platform" if p["from_platform"] else "to_platform", links=links)


def _then_step(text: str) -> tuple:
    """``(kind, options)`` of one ``--then "KIND [OPTIONS]"`` value, parsed like the command."""
    import shlex

    ctx = click.get_current_context()
    words = shlex.split(text)
    sub = ctx.command.make_context("--then", ["."] + words, parent=ctx)
    params = dict(sub.params)
    typed = click.core.ParameterSource.COMMANDLINE   # defaults of input options are not "given"
    given = {k for k in pop_input(params) if k != "path" and sub.get_parameter_source(k) == typed}
    extra = {k for k in ("then", "channel_layers", "exporter_roles", "indicator_names", "runs",
                         "fmt", "out", "seed") if params.get(k) not in (None, ())
             and sub.get_parameter_source(k) == typed}
    if given or extra:
        raise click.UsageError(f"--then {text!r}: give only the scenario kind and its options "
                               f"(not {', '.join(sorted(given | extra))})")
    return params.pop("kind"), params


def _step_args(net, kind: str, params: dict) -> dict:
    """Keyword arguments of one scenario step."""
    return _platform_args(net, params) if kind == "add-platform" else _scenario_args(kind, params)


def _write_scenario(result, fmt, out, protect, basis):
    import pandas as pd

    from netclust.io.output import write_table_bundle

    tables = {"scenario": result.table, "affected": result.affected}
    if result.steps:
        tables["scenario_steps"] = pd.concat(
            [r.table.assign(step=i + 1, scenario=r.name) for i, r in enumerate(result.steps)],
            ignore_index=True)[["step", "scenario", "indicator", "before", "after", "delta"]]
    written = write_table_bundle(Path(out), tables, fmt, protect=protect)
    click.echo(result.event or result.description)   # the channel basis: on lines of its own
    basis()
    echo_table(_scenario_frame(result.table))
    counts = result.affected["effect"].value_counts()
    click.echo(_("Affected firms: {counts}").format(
        counts=", ".join(f"{effect_label(k)} {v:,}" for k, v in counts.items()) if len(counts)
        else _("none")))
    click.echo(_("wrote {paths}").format(paths=", ".join(str(p) for p in written)), err=True)


def _scenario_frame(table):
    """The before/after table as the report shows it: readable indicator names, shares in
    percent (their change in percentage points), counts with thousands separators."""
    import pandas as pd

    from netclust.html.formatting import MISSING, fmt_delta, fmt_number, fmt_percent
    from netclust.viz.figures import SHARE_INDICATORS, indicator_label

    rows = []
    for name, before, after, delta in table[["indicator", "before", "after", "delta"]].itertuples(
            index=False):   # one row per indicator (a dozen)
        if name in SHARE_INDICATORS:
            change = fmt_delta(100 * float(delta))
            rows.append((fmt_percent(before), fmt_percent(after),
                         change if change == MISSING else _("{delta} pp").format(delta=change)))
        else:
            rows.append((fmt_number(before), fmt_number(after), fmt_delta(delta)))
    return pd.DataFrame(rows, columns=[_("before"), _("after"), _("change")],
                        index=pd.Index(table["indicator"].map(indicator_label), name=_("indicator")))


def _scenario_kind_options(f):
    opts = [
        click.option("--firm", "firms", multiple=True, metavar="ID",
                     help="exit: firm that leaves; layer-shock: cut its links; add-platform: "
                          "firm linked to the platform (repeatable)."),
        click.option("--role", "roles", multiple=True, metavar="ROLE",
                     help="exit: every firm of this role; hub-failure: role of the hubs "
                          "(default logistics); layer-shock: cut links of firms of this role."),
        click.option("--area", "areas", multiple=True, metavar="AREA",
                     help="exit: every firm of this area."),
        click.option("--top", type=click.IntRange(min=1), default=None,
                     help="exit: only the TOP firms of the selection; hub-failure: number of "
                          "hubs (default 1)."),
        click.option("--metric", type=click.Choice(ORDER_SCORES + ("cascade",)), default=None,
                     help="Ranking used by --top (default degree)."),
        click.option("--no-cascade", is_flag=True, help="Do not propagate dependency failures."),
        layer_option("layer-shock: the shocked layer; add-platform: layer of the new links "
                     "(default logistics).", single=True),
        click.option("--fraction", type=click.FloatRange(0, 1), default=None,
                     help="layer-shock: share of the layer's links cut at random (seeded)."),
        click.option("--sector", "sectors", multiple=True, metavar="SECTOR",
                     help="layer-shock: cut every link of firms of this sector."),
        click.option("--role-linked", "linked_roles", multiple=True, metavar="ROLE",
                     help="add-platform: link every firm of this role to the platform."),
        click.option("--platform-id", default=None, help="add-platform: firm id of the platform "
                     "(default PLATFORM)."),
        click.option("--platform-name", default=None, help="add-platform: its name."),
        click.option("--platform-role", default=None, help="add-platform: its role "
                     "(default platform)."),
        click.option("--from-platform", is_flag=True,
                     help="add-platform: links go platform -> firm (default firm -> platform)."),
        click.option("--new-links", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     default=None, help="add-platform: CSV of new links (source, target, layer"
                                        "[, weight]) instead."),
        click.option("--indicator", "indicator_names", multiple=True,
                     type=click.Choice(INDICATORS),
                     help="Indicator to compare (repeatable; default: all)."),
        click.option("--runs", type=click.IntRange(min=1), default=None,
                     help="Random runs for R_random (default 10; 5 above 5,000 firms)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


@cli.command()
@input_options
@click.argument("kind", type=click.Choice(list(SCENARIOS)))
@_scenario_kind_options
@click.option("--then", "then", multiple=True, metavar='"KIND [OPTIONS]"',
              help='Then run another scenario on the network this one leaves, e.g. '
                   '--then "hub-failure --role logistics" (repeatable; shares keep the '
                   'SMEs of the first network as denominator).')
@channel_options
@output_options
@seed_option
def scenario(kind, fmt, out, seed, runs, indicator_names, then, **kw):
    """What-if scenarios: firms exit, a hub fails, a layer is shocked, a platform is funded.

    KIND is exit, hub-failure, layer-shock or add-platform; options may come before
    or after PATH and KIND. Each scenario writes scenario.<ext> (indicator, before,
    after, delta: R, largest component, channel access, cascade sizes...) and
    affected.<ext> (firm_id, name, role, effect) into --out, and prints both.

    \b
    Example:
      netclust scenario data/shiling exit --role anchor --top 5
      netclust scenario data/shiling hub-failure --role logistics
      netclust scenario data/shiling layer-shock --layer procurement --sector leather
      netclust scenario data/shiling add-platform --firm S00001 --firm S00002
      netclust scenario my.xlsx --firm-id-col 企业名称 exit --top 3
    """
    from netclust.analysis import Analysis

    chan = channel_settings(kw)
    inp = pop_input(kw)
    protect = input_paths(inp)
    steps = [(kind, kw)] + [_then_step(text) for text in then]
    for step_kind, params in steps:   # usage errors before the data is read
        params["layers"] = (selected_layers(params["layers"]) or (None,))[0]
        _scenario_args(step_kind, params)
    net = load_network(inp)
    a = Analysis(net, seed=seed, scenario_runs=runs, **chan)
    names = list(indicator_names) or None
    if len(steps) == 1:
        result = a.scenario(kind, indicators=names, **_step_args(net, kind, kw))
    else:
        result = a.chain([(k, _step_args(net, k, p)) for k, p in steps], indicators=names)
    _write_scenario(result, fmt, out, protect, lambda: _echo_channel_basis(a, chan))
