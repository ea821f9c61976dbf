"""Data commands: ``generate``, ``validate``, ``info``, ``export``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (input_options, input_paths, layer_option, load_network,
                                   load_periods, pop_input, progress_bar, read_kwargs,
                                   selected_layers)


@cli.command()
@click.option("--firms", "n_firms", type=click.IntRange(min=50), default=25_600, show_default=True,
              help="Number of firms.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write firms.csv, links.csv and communities.csv into.")
@click.option("--transactions", is_flag=True,
              help="Write dated transaction records (amount, date) instead of one row per link.")
@click.option("--force", is_flag=True, help="Overwrite data already in the --out folder.")
@click.option("--years", default=None, metavar="FIRST-LAST", help="Dated records over these years "
              "with planted events (anchor exit, split, platform) and their truth in events.csv.")
@click.option("--dated", default=None, metavar="FIRST-LAST", help="The same relations as without "
              "it, split into yearly dated records over these years (weights sum exactly) with "
              "planted events (anchor exit, split, platform, entries, exits) in events.csv.")
def generate(n_firms, seed, out, transactions, force, years, dated):
    """Generate a synthetic Shiling-style cluster (deterministic per seed).

    \b
    Example:
      netclust generate --firms 25600 --seed 0 --out data/shiling-25k
      netclust generate --firms 2000 --years 2020-2024 --out data/shiling-years
      netclust generate --firms 3000 --seed 2024 --dated 2020-2024 --out data/shiling
    """
    from netclust.generator import generate_tables, write_tables

    if sum(map(bool, (years, dated, transactions))) > 1:
        from netclust.errors import InputError

        raise InputError("choose one of --years, --dated and --transactions")
    if dated:
        from netclust.temporal.simulate import date_tables, write_temporal_tables

        tables = date_tables(generate_tables(n_firms, seed=seed), dated, seed=seed)
        paths = write_temporal_tables(tables, out, force=force)
        return click.echo(_("{firms} firms, {records} dated records written to {out}/: {files}").format(
            firms=len(tables.firms), records=len(tables.links), out=out,
            files=", ".join(Path(p).name for p in paths)))
    if years:
        from netclust.temporal import simulate_years, write_temporal_tables

        tables = simulate_years(n_firms, years, seed=seed)
        paths = write_temporal_tables(tables, out, force=force)
        return click.echo(_("{records} dated records written to {out}/: {files}").format(
            records=len(tables.links), out=out, files=", ".join(Path(p).name for p in paths)))
    with progress_bar(_("Generating")) as progress:
        progress(0, 2)
        tables = generate_tables(n_firms, seed=seed, transactions=transactions)
        progress(1, 2)
        paths = write_tables(tables, out, force=force)
        progress(2, 2)
    click.echo(_("{firms} firms, {records} link records written to {out}/: {files}").format(
        firms=len(tables.firms), records=len(tables.links), out=out,
        files=", ".join(Path(p).name for p in paths)))


@cli.command()
@input_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format of the problem list.")
@click.option("--exporters", "exporter_roles", default=None, metavar="ROLES",
              help="Exporting roles the analyses will be given (silences the warning about "
                   "missing exporter information).")
def validate(fmt, exporter_roles, **kw):
    """Check input data and list every problem (file, row, column, value); exit 1 on errors.

    PATH is a folder (firms.* + links.*, or nodes.csv + edges.csv + layers.csv),
    an XLSX workbook (sheets firms and links, or chosen with --sheet), or a links
    file; a netclust.toml beside it is used. Warnings start with what the analyses
    will lack (no SME role, no exporter information, one layer only, few firms);
    infos show every column alias, role label and value conversion applied.

    \b
    Example:
      netclust validate data/shiling
      netclust validate examples/shiling_zh/数据.xlsx
      netclust validate 数据.xlsx --sheet firms=企业名录 --sheet procurement=交易记录 \\
          --role-map 龙头企业=anchor,中小企业=sme --exporter-col 是否出口
    """
    import netclust as nc

    inp = pop_input(kw)
    roles = [r.strip() for r in exporter_roles.split(",") if r.strip()] if exporter_roles else None
    opts = read_kwargs(inp)
    window = opts.pop("period", None)  # every record is checked; the window is cut below
    report = nc.validate(inp["path"], exporters=roles, **opts)
    if report.ok and any(inp.get(k) for k in ("period", "by_period", "windows", "rolling")):
        _period_warnings(report, load_periods(dict(inp, period=window), warn=False))
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo((_("OK: ") if report.ok else _("FAILED: ")) + report.format())
    sys.exit(0 if report.ok else 1)


def _period_warnings(report, split) -> None:
    """Add the warnings of the periods (undated rule, windows without dated links), once each."""
    seen = {(p.code, p.message) for p in report.problems}
    for net in split.values():
        for p in net.validation.warnings:
            if p.code in ("undated_links", "empty_period") and (p.code, p.message) not in seen:
                seen.add((p.code, p.message))
                report.add(p.severity, p.code, p.message, p.file, p.column, p.rows, p.count)


@cli.command()
@input_options
def info(**kw):
    """Print a one-screen summary: firms by role, links, density, components per layer.

    \b
    Example:
      netclust info data/shiling
      netclust info tests/data/lazega_lawfirm
    """
    if kw.get("by_period") or kw.get("windows") or kw.get("rolling"):  # one summary per period
        from netclust.cli.evolve import echo_periods

        return echo_periods(kw)
    from netclust.i18n import current_language

    net = load_network(kw)
    if current_language() == "en":  # the object's repr is English; the summary says the same
        click.echo(repr(net))
    click.echo(str(net.summary()))


@cli.command()
@input_options
@click.option("--to", "fmt", type=click.Choice(["graphml", "gexf", "edgelist"]), required=True,
              help="Export format (GraphML/GEXF open in Gephi).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output file.")
@layer_option("Export one layer (or 'aggregate') instead of the multilayer graph.", single=True)
def export(fmt, out, layers, **kw):
    """Export the network as GraphML, GEXF (Gephi) or an edge list.

    \b
    Example:
      netclust export data/shiling --to gexf --out reports/shiling.gexf
    """
    from netclust.io.export import export as do_export

    protect = input_paths(kw, out=out)
    net = load_network(kw)
    layer = (selected_layers(layers) or (None,))[0]
    path = do_export(net, out, fmt, layer=layer, protect=protect)
    click.echo(_("wrote {paths}").format(paths=path))
