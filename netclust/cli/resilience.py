"""Resilience commands: ``resilience`` (removal curves) and ``scenario`` (what-if)."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.cli._options import (echo_table, input_options, input_paths, load_network,
                                   output_options, pop_input, progress_bar, seed_option)
from netclust.metrics.resilience import ORDER_SCORES, STRATEGIES
from netclust.scenario import INDICATORS

_LAYER_HELP = ("Layer to analyse, or 'aggregate' (repeatable; default aggregate). "
               "NAME:directed|undirected declares a layer instead, as in other commands.")


def _with_layer_choice(f):
    """``input_options`` whose ``--layer`` also selects the layer(s) to analyse.

    ``--layer procurement`` picks a layer; ``--layer NAME:directed`` keeps its meaning
    of a layer declaration (handled by the input options).
    """
    f = input_options(f)
    f.__click_params__ = [p for p in f.__click_params__ if p.name != "layer_decl"]
    return click.option("--layer", "layer_arg", multiple=True, metavar="NAME",
                        help=_LAYER_HELP)(f)


def _split_layers(kw: dict) -> list:
    values = list(kw.pop("layer_arg", ()) or ())
    kw["layer_decl"] = tuple(v for v in values if ":" in v)
    return [v for v in values if ":" not in v]


@cli.command()
@_with_layer_choice
@output_options
@seed_option
@click.option("--strategy", "strategies", multiple=True, type=click.Choice(STRATEGIES),
              help="Removal strategy (repeatable; default: random and degree).")
@click.option("--runs", type=click.IntRange(min=1), default=100, show_default=True,
              help="Monte Carlo runs of the random strategy.")
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
              help="Also write the SME-anchor attack-tolerance curves and their areas.")
@click.option("--no-plot", is_flag=True, help="Do not write resilience.png / resilience.svg.")
def resilience(fmt, out, seed, strategies, runs, strong, roles, firms, by, step, threshold,
               attack_tolerance, no_plot, **kw):
    """Removal curves, robustness R and channel access as firms are removed.

    Writes curves.<ext> (strategy, layer, run, removed, fraction_removed,
    lcc_size, lcc_fraction for Q = 0..N), summary.<ext> (strategy, layer, R,
    critical_fraction, percentiles over runs), channel_access.<ext> (share of
    SMEs still reaching an exporting anchor) and resilience.png/.svg (mean
    curves with 5-95 % bands); with --attack-tolerance also attack_tolerance.<ext>
    and attack_tolerance_area.<ext> (SMEs keeping an anchor partner as anchors
    are removed; trapezoid area). Connectivity is weak (undirected view) unless
    --strong; R = (1/N) sum_{Q=1..N} s(Q); ties go to the earlier firm.

    \b
    Example:
      netclust resilience data/shiling --strategy random --strategy degree --runs 100
      netclust resilience data/shiling --strategy role --role anchor --layer procurement
    """
    from netclust.io.output import write_table
    from netclust.metrics import resilience as res
    from netclust.viz.curves import plot_removal_curves, save_figure

    layers = _split_layers(kw) or ["aggregate"]
    protect = input_paths(kw)
    net = load_network(kw)
    opts = dict(layers=layers, runs=runs, seed=seed, roles=list(roles) or ["anchor"], by=by,
                firms=list(firms) or None, step=step)
    strategies = list(strategies) or ["random", "degree"]
    with progress_bar("Removal curves") as progress:
        if strong:
            curves = res.removal_curves(net, strategies, strong=True, progress=progress, **opts)
            access = res.channel_access_curves(net, strategies, **opts)
        else:
            curves, access = res.removal_and_access_curves(net, strategies, progress=progress,
                                                           **opts)
    summary = res.resilience_summary(curves, threshold=threshold)
    out = Path(out)
    written = [write_table(curves, out / "curves", fmt, protect=protect),
               write_table(summary, out / "summary", fmt, protect=protect),
               write_table(access, out / "channel_access", fmt, protect=protect)]
    if attack_tolerance:
        at = res.attack_tolerance(net, layer=layers[0], runs=runs, seed=seed)
        written += [write_table(at.curve, out / "attack_tolerance", fmt, protect=protect),
                    write_table(at.area, out / "attack_tolerance_area", fmt, protect=protect)]
    if not no_plot:
        fig = plot_removal_curves(curves, title=f"Removal curves ({', '.join(layers)})")
        written += [save_figure(fig, out / "resilience.png", protect=protect),
                    save_figure(fig, out / "resilience.svg", protect=protect)]
    echo_table(summary[["strategy", "layer", "runs", "R", "critical_fraction"]].round(4))
    click.echo("Wrote " + ", ".join(str(p) for p in written), err=True)


# ------------------------------------------------------------------------------------
# scenario
# ------------------------------------------------------------------------------------
def _scenario_options(f):
    f = click.option("--indicator", "indicator_names", multiple=True,
                     type=click.Choice(INDICATORS),
                     help="Indicator to compare (repeatable; default: all).")(f)
    f = click.option("--runs", type=click.IntRange(min=1), default=20, show_default=True,
                     help="Random runs for R_random.")(f)
    f = seed_option(f)
    return output_options(f)


def _write_scenario(ctx, result, fmt, out):
    from netclust.io.output import write_table

    protect = ctx.obj["protect"]
    out = Path(out)
    written = [write_table(result.table, out / "scenario", fmt, protect=protect),
               write_table(result.affected, out / "affected", fmt, protect=protect)]
    click.echo(result.description)
    echo_table(result.table.set_index("indicator").round(4))
    counts = result.affected["effect"].value_counts()
    click.echo("Affected firms: " + (", ".join(f"{k} {v}" for k, v in counts.items())
                                     if len(counts) else "none"))
    click.echo("Wrote " + ", ".join(str(p) for p in written), err=True)


def _common(indicator_names, runs, seed) -> dict:
    return dict(indicators=list(indicator_names) or None, runs=runs, seed=seed)


@cli.group(invoke_without_command=False)
@input_options
@click.pass_context
def scenario(ctx, **kw):
    """What-if scenarios: firms exit, a hub fails, a layer is shocked, a platform is funded.

    Each scenario writes scenario.<ext> (indicator, before, after, delta: R,
    largest component, channel access, cascade sizes...) and affected.<ext>
    (firm_id, name, role, effect) into --out, and prints both.

    \b
    Example:
      netclust scenario data/shiling exit --role anchor --top 5
      netclust scenario data/shiling hub-failure --role logistics
      netclust scenario data/shiling layer-shock --layer procurement --sector leather
      netclust scenario data/shiling add-platform --firm S00001 --firm S00002
    """
    ctx.obj = {"input": pop_input(kw), "protect": input_paths(kw)}


def _net(ctx):
    return load_network(dict(ctx.obj["input"]))


@scenario.command("exit")
@click.option("--firm", "firms", multiple=True, metavar="ID", help="Firm that leaves (repeatable).")
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="Every firm of this role.")
@click.option("--area", "areas", multiple=True, metavar="AREA", help="Every firm of this area.")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="Only the TOP firms of the selection by --metric.")
@click.option("--metric", type=click.Choice(ORDER_SCORES + ("cascade",)), default="degree",
              show_default=True, help="Ranking used by --top.")
@click.option("--no-cascade", is_flag=True, help="Do not propagate dependency failures.")
@_scenario_options
@click.pass_context
def exit_command(ctx, firms, roles, areas, top, metric, no_cascade, fmt, out, seed, runs,
                 indicator_names):
    """Firms leave the cluster (by id, role, area, or the top-k by a metric).

    \b
    Example:
      netclust scenario data/shiling exit --firm F000072 --out reports/exit
      netclust scenario data/shiling exit --role anchor --top 10 --metric cascade
    """
    from netclust.scenario import exit_firms

    if not (firms or roles or areas or top):
        raise click.UsageError("choose who exits: --firm, --role, --area and/or --top")
    result = exit_firms(_net(ctx), firms=list(firms) or None, roles=list(roles) or None,
                        areas=list(areas) or None, top=top, metric=metric,
                        propagate=not no_cascade, **_common(indicator_names, runs, seed))
    _write_scenario(ctx, result, fmt, out)


@scenario.command("hub-failure")
@click.option("--role", default="logistics", show_default=True, help="Role of the hubs.")
@click.option("--top", type=click.IntRange(min=1), default=1, show_default=True,
              help="Number of hubs that fail.")
@click.option("--metric", type=click.Choice(ORDER_SCORES + ("cascade",)), default="degree",
              show_default=True, help="How hubs are ranked.")
@click.option("--no-cascade", is_flag=True, help="Do not propagate dependency failures.")
@_scenario_options
@click.pass_context
def hub_failure_command(ctx, role, top, metric, no_cascade, fmt, out, seed, runs,
                        indicator_names):
    """The largest hub(s) of a role fail (e.g. the consolidated logistics centre).

    \b
    Example:
      netclust scenario data/shiling hub-failure --role logistics --top 2
    """
    from netclust.scenario import hub_failure

    result = hub_failure(_net(ctx), role=role, top=top, metric=metric, propagate=not no_cascade,
                         **_common(indicator_names, runs, seed))
    _write_scenario(ctx, result, fmt, out)


@scenario.command("layer-shock")
@click.option("--layer", required=True, help="The shocked layer.")
@click.option("--fraction", type=click.FloatRange(0, 1), default=None,
              help="Share of the layer's links cut at random (seeded).")
@click.option("--firm", "firms", multiple=True, metavar="ID",
              help="Cut every link of this firm in the layer (repeatable).")
@click.option("--role", "roles", multiple=True, metavar="ROLE",
              help="Cut every link of firms with this role in the layer.")
@click.option("--sector", "sectors", multiple=True, metavar="SECTOR",
              help="Cut every link of firms of this sector in the layer (e.g. leather).")
@click.option("--no-cascade", is_flag=True, help="Do not propagate dependency failures.")
@_scenario_options
@click.pass_context
def layer_shock_command(ctx, layer, fraction, firms, roles, sectors, no_cascade, fmt, out, seed,
                        runs, indicator_names):
    """Cut links of one layer: a random fraction, or all links of a supplier group.

    \b
    Example:
      netclust scenario data/shiling layer-shock --layer procurement --sector leather
      netclust scenario data/shiling layer-shock --layer logistics --fraction 0.3 --seed 1
    """
    from netclust.scenario import layer_shock

    result = layer_shock(_net(ctx), layer, fraction=fraction, firms=list(firms) or None,
                         roles=list(roles) or None, sectors=list(sectors) or None,
                         propagate=not no_cascade, **_common(indicator_names, runs, seed))
    _write_scenario(ctx, result, fmt, out)


@scenario.command("add-platform")
@click.option("--firm", "firms", multiple=True, metavar="ID",
              help="Firm linked to the new platform (repeatable).")
@click.option("--role-linked", "linked_roles", multiple=True, metavar="ROLE",
              help="Link every firm of this role (e.g. sme) to the platform.")
@click.option("--layer", default="logistics", show_default=True, help="Layer of the new links.")
@click.option("--id", "platform_id", default="PLATFORM", show_default=True,
              help="Firm id of the platform.")
@click.option("--name", default="Shared platform", show_default=True, help="Its name.")
@click.option("--role", default="platform", show_default=True, help="Its role.")
@click.option("--from-platform", is_flag=True,
              help="Links go platform -> firm (default firm -> platform).")
@click.option("--links", "links_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="CSV of new links (source, target, layer[, weight]) instead.")
@_scenario_options
@click.pass_context
def add_platform_command(ctx, firms, linked_roles, layer, platform_id, name, role, from_platform,
                         links_file, fmt, out, seed, runs, indicator_names):
    """A funded shared node (logistics, design library, channel) or new links.

    \b
    Example:
      netclust scenario data/shiling add-platform --role-linked sme --layer logistics
      netclust scenario data/shiling add-platform --links new_links.csv
    """
    import pandas as pd

    from netclust.scenario import add_platform, select_firms

    net = _net(ctx)
    chosen = list(firms)
    if linked_roles:
        chosen += [f for f in select_firms(net, roles=list(linked_roles)) if f not in chosen]
    links = pd.read_csv(links_file, dtype={"source": str, "target": str}) if links_file else None
    if not chosen and links is None:
        raise click.UsageError("give --firm / --role-linked, or --links")
    result = add_platform(net, firms=chosen or None, layer=layer, platform_id=platform_id,
                          name=name, role=role,
                          direction="from_platform" if from_platform else "to_platform",
                          links=links, **_common(indicator_names, runs, seed))
    _write_scenario(ctx, result, fmt, out)
