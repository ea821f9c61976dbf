"""Output commands: ``map``, ``report``, ``compare`` (self-contained HTML pages)."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.cli._options import (channel_options, channel_settings, input_options,
                                   input_paths, layer_option, load_network, progress_bar,
                                   seed_option, selected_layers)

_VIEWS = ["auto", "firms", "communities"]
_LAYOUTS = ["auto", "force", "community", "geo"]


def _html_out(default: str):
    return click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=default,
                        show_default=True, help="HTML file to write (folders are created).")


@cli.command(name="map")
@input_options
@_html_out("reports/map.html")
@click.option("--color-by", default="role", show_default=True, metavar="COLUMN",
              help="'role', 'community' or any firms column.")
@click.option("--size-by", default="strength", show_default=True, metavar="METRIC|COLUMN",
              help="degree, strength, pagerank, betweenness, versatility, ... or a numeric "
                   "firms column; 'none' for equal sizes.")
@layer_option("Draw only this layer (repeatable or A,B; default: all). The partition and "
              "sizes are those of the whole analysis, as in the report.")
@click.option("--layout", type=click.Choice(_LAYOUTS), default="auto", show_default=True,
              help="Positions: force, community discs, or geo (lon/lat).")
@click.option("--view", type=click.Choice(_VIEWS), default="auto", show_default=True,
              help="Opening view (auto: communities above 5,000 firms).")
@click.option("--title", default=None, help="Page title.")
@seed_option
def map_command(out, color_by, size_by, layers, layout, view, title, seed, **kw):
    """Write an interactive network map (one offline HTML file).

    Firms are coloured by role (or community, or a column) and sized by a metric;
    links are coloured by layer with a toggle per layer; search by name or id.
    Above 5,000 firms the map opens on communities with drill-down.

    \b
    Example:
      netclust map data/shiling --out reports/map.html --color-by community
      netclust map data/shiling --layout geo --layer procurement,logistics
    """
    from netclust.analysis import Analysis
    from netclust.io.output import write_text
    from netclust.metrics.tidy import ALL_METRICS

    layers = selected_layers(layers)
    protect = input_paths(kw, out=out)
    net = load_network(kw)
    size_by = None if size_by.lower() == "none" else size_by
    a = Analysis(net, seed=seed, metrics=(size_by,) if size_by in ALL_METRICS else None)
    m = a.map(color_by=color_by, size_by=size_by, layers=None if layers is None else list(layers),
              layout=layout, view=view, title=title)
    path = write_text(out, m.to_html(), protect=protect)
    click.echo(f"wrote {path} ({m.n_firms:,} firms, {m.view} view)")


@cli.command()
@input_options
@_html_out("reports/report.html")
@click.option("--title", default=None, help="Report title.")
@click.option("--runs", type=click.IntRange(min=1), default=None,
              help="Random-removal runs (default 50; 10 above 5,000 firms).")
@click.option("--null-runs", type=click.IntRange(min=1), default=None,
              help="Null-model webs for the symbiosis z-scores (default 50; 10 above 5,000 firms).")
@click.option("--no-map", is_flag=True, help="Leave the interactive map out.")
@click.option("--no-scenarios", is_flag=True, help="Skip the what-if scenarios.")
@click.option("--budget", type=click.IntRange(min=0), default=None,
              help="Interventions in the 'what to fund' section (default 5).")
@channel_options
@seed_option
def report(out, title, runs, null_runs, no_map, no_scenarios, budget, seed, **kw):
    """Write the full cluster report (one self-contained, offline HTML file).

    Sections: overview and data-quality warnings, network map, layers, key firms
    by role, communities, multiplex roles, resilience, symbiosis scorecard,
    scenarios, method notes, provenance (input hashes, parameters, versions).

    \b
    Example:
      netclust report data/shiling --out reports/shiling.html
    """
    from netclust.analysis import Analysis
    from netclust.io.output import write_text
    from netclust.report import REPORT_METRICS, report_html

    chan = channel_settings(kw)
    protect = input_paths(kw, out=out)
    net = load_network(kw)
    extra = {} if budget is None else {"budget": budget}
    a = Analysis(net, seed=seed, runs=runs, null_runs=null_runs, include_map=not no_map,
                 scenarios=not no_scenarios, metrics=REPORT_METRICS, **chan, **extra)
    with progress_bar("Computing") as progress:
        page = report_html(a, title=title, progress=progress)
    path = write_text(out, page, protect=protect)
    click.echo(f"wrote {path} ({len(page.encode('utf-8')) / 1e6:.1f} MB)")


_SCENARIOS = ["anchor-exit", "hub-failure"]


@cli.command()
@click.argument("a", type=click.Path(exists=True, path_type=Path))
@click.argument("b", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--scenario", type=click.Choice(_SCENARIOS), default=None,
              help="Compare A with A after this scenario (instead of B).")
@click.option("--label", "labels", nargs=2, default=None, metavar="BEFORE AFTER",
              help="Names of the two networks (default: folder names).")
@_html_out("reports/compare.html")
@click.option("--title", default=None, help="Page title.")
@click.option("--runs", type=click.IntRange(min=1), default=20, show_default=True,
              help="Random-removal runs for robustness R.")
@seed_option
def compare(a, b, scenario, labels, out, title, runs, seed):
    """Compare two snapshots (e.g. two years) or a network and a scenario.

    Firms are matched by firm_id: indicator deltas, firms entering and exiting,
    links kept/added/dropped per layer, community persistence.

    \b
    Example:
      netclust compare data/shiling-2023 data/shiling-2024 --out reports/compare.html
      netclust compare data/shiling --scenario anchor-exit
    """
    import netclust as nc
    from netclust.errors import InputError
    from netclust.io.output import write_text
    from netclust.report.compare import compare_html

    if (b is None) == (scenario is None):
        raise InputError("give either a second network B or --scenario (not both)")
    with progress_bar("Reading") as progress:
        net_a = nc.read(a, progress=progress)
        net_b = nc.read(b, progress=progress) if b is not None else None
    if scenario is not None:
        from netclust import scenario as S

        result = (S.exit_firms(net_a, roles=["anchor"], top=1, seed=seed) if scenario == "anchor-exit"
                  else S.hub_failure(net_a, seed=seed))
        net_b = result.network
        labels = labels or (a.name or "before", f"after {scenario}")
    labels = labels or (a.name or "A", b.name or "B")
    page = compare_html(net_a, net_b, labels=labels, seed=seed, runs=runs, title=title)
    path = write_text(out, page, protect=[a] + ([b] if b is not None else []))
    click.echo(f"wrote {path}")
