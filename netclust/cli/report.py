"""Output commands: ``map``, ``report``, ``compare`` (self-contained HTML pages)."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (channel_options, channel_settings, input_options,
                                   input_paths, layer_option, load_network, pop_input,
                                   progress_bar, seed_option, selected_layers)

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
    line = (_("wrote {path} ({n} firms, community view)") if m.view == "communities" else
            _("wrote {path} ({n} firms, firm view)"))
    click.echo(line.format(path=path, n=f"{m.n_firms:,}"))


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
    scenarios, evolution (when the links are dated over 2+ periods: by year, or
    --by-period), method notes, provenance (input hashes, parameters, versions).

    \b
    Example:
      netclust report data/shiling --out reports/shiling.html
    """
    from netclust.analysis import Analysis
    from netclust.io.output import write_text
    from netclust.report import REPORT_METRICS, report_html

    from netclust.cli.evolve import report_periods

    chan = channel_settings(kw)
    protect = input_paths(kw, out=out)
    inp = pop_input(kw)
    net = load_network(dict(inp, by_period=None, windows=None, rolling=None))  # the snapshot
    extra = {} if budget is None else {"budget": budget}
    a = Analysis(net, seed=seed, runs=runs, null_runs=null_runs, include_map=not no_map,
                 scenarios=not no_scenarios, metrics=REPORT_METRICS, timeline=report_periods(inp),
                 **chan, **extra)
    with progress_bar(_("Computing")) as progress:
        page = report_html(a, title=title, progress=progress)
    path = write_text(out, page, protect=protect)
    click.echo(_("wrote {path} ({size} MB)").format(path=path,
                                                    size=f"{len(page.encode('utf-8')) / 1e6:.1f}"))


# the keys of netclust.analysis.REPORT_SCENARIOS (not imported here, for the CLI's start-up)
_SCENARIOS = ["anchor-exit", "anchors-exit", "hub-failure"]


@cli.command()
@input_options(repeat_period=True)
@click.argument("b", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--scenario", type=click.Choice(_SCENARIOS), default=None,
              help="Compare PATH with PATH after this scenario (instead of B).")
@click.option("--exporters", default=None, metavar="ROLE[,ROLE]",
              help="Exporting roles for export access (default: the exporter column).")
@click.option("--label", "labels", nargs=2, default=None, metavar="BEFORE AFTER",
              help="Names of the two networks (default: the periods or folder names).")
@_html_out("reports/compare.html")
@click.option("--changes", "changes_csv", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.csv",
              help="CSV of every firm-level change (default: beside the page, "
                   "<out>.changes.csv; the page shows at most 100 rows of each kind).")
@click.option("--title", default=None, help="Page title.")
@click.option("--runs", type=click.IntRange(min=1), default=None,
              help="Random-removal runs for robustness R (default 10; 5 above 5,000 firms, "
                   "as the report's scenario tables).")
@seed_option
def compare(b, scenario, undated, exporters, labels, out, changes_csv, title, runs, seed, **kw):
    """Compare two periods of one data set, two snapshots, or a network and a scenario.

    Firms are matched by firm_id: indicator deltas, firms entering and exiting
    (present = registered then or linked then), links kept/added/dropped per layer,
    community persistence and firm-level changes (lost/gained export access,
    entered, exited, changed community, lost/gained partners). The page lists at
    most 100 firms of each kind of change; all of them go to a CSV beside the page
    (reports/compare.changes.csv, or --changes FILE.csv).

    \b
    Example:
      netclust compare data/shiling --period 2022 --period 2024 --out reports/compare.html
      netclust compare data/shiling-2023 data/shiling-2024 --out reports/compare.html
      netclust compare data/shiling --scenario anchor-exit
    """
    from netclust.cli._options import pop_input, read_kwargs, refuse_periods
    from netclust.errors import InputError
    from netclust.html import render_compare
    from netclust.io.output import write_table, write_text
    from netclust.report.compare import compare as run, compare_context

    protect = input_paths(kw, out=out)
    inp = pop_input(kw)
    refuse_periods(inp, "compare", hint="it compares two periods: give --period twice")
    periods = tuple(inp.get("period") or ())
    opts = read_kwargs(inp, periods=bool(periods))
    opts.pop("period")
    a = inp["path"]
    if sum((b is not None, scenario is not None, bool(periods))) != 1:
        raise InputError("give either a second network B, --scenario, or two --period values "
                         "(exactly one of them)")
    if periods and len(periods) != 2:
        raise InputError(f"--period must be given exactly twice to compare, not {len(periods)} "
                         "time(s)")
    ex = exporters.split(",") if exporters else None
    common = dict(seed=seed, runs=runs, exporters=ex)
    with progress_bar(_("Comparing")):
        if periods:
            opts.pop("by_period")
            data = run(a, periods=periods, labels=labels, undated=undated, **common, **opts)
        else:
            net_a = _read_side(a, opts)
            net_b = _read_side(b, opts) if b is not None else _scenario(net_a, scenario, seed)
            labels = labels or ((a.name or "before", f"after {scenario}") if scenario
                                else (a.name or "A", b.name or "B"))
            data = run(net_a, net_b, labels=labels, **common)
    if data.get("undated") is not None and int(data["undated"]["links"].sum()):
        from netclust.temporal import undated_message

        click.echo(_("Warning: {message}").format(message=undated_message(data["undated"])), err=True)
    protect = protect + ([b] if b is not None else [])
    csv = changes_csv or out.with_name(f"{out.stem}.changes.csv")
    csv = write_table(data["changes"], csv, "csv", protect=protect)
    shown = csv.name if csv.parent.resolve() == out.parent.resolve() else str(csv)
    page = render_compare(compare_context(data, title=title, changes_csv=shown))
    path = write_text(out, page, protect=protect)
    click.echo(_("wrote {paths}").format(paths=csv))
    n = data["changes"]["change"].value_counts()
    click.echo(_("wrote {path} ({entered} entered, {exited} exited, {n} firm-level changes)").format(
        path=path, entered=int(n.get("entered", 0)), exited=int(n.get("exited", 0)),
        n=len(data["changes"])))


def _read_side(path, opts: dict):
    """Read one side of a comparison with the command's input options."""
    import netclust as nc

    return nc.read(path, **opts)


def _scenario(net, scenario: str, seed: int):
    """The network after one of the report's scenarios (the same definition and settings)."""
    from netclust.analysis import Analysis

    return Analysis(net, seed=seed).report_scenario(scenario).network
