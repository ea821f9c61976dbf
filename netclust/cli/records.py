"""``netclust aggregate``: transaction records -> one link per (source, target, layer[, period])."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import progress_bar


def _write_parquet(table, out: Path, inputs) -> Path:
    """Write ``table`` to ``out`` atomically (hidden temp file in the same folder, then rename)."""
    import pyarrow.parquet as pq

    from netclust.io.output import atomic_path

    with atomic_path(out, protect=inputs) as tmp:
        pq.write_table(table, tmp)
    return Path(out)


def _config(records, config_file, no_config, firms, layers, encoding):
    """Firms, layers, link columns and encoding: explicit options over ``netclust.toml``."""
    from netclust import schema as S
    from netclust.io.config import find_config, load_config, merge_options

    path = config_file
    if path is None and not no_config and len(records) == 1 and Path(records[0]).exists():
        path = find_config(records[0])
    cfg = load_config(path) if path is not None else None
    opts, _notes = merge_options(cfg, firms=firms, layers=layers, encoding=encoding)
    columns = {k: v for k, v in (opts["columns"] or {}).items()
               if k in (S.SOURCE, S.TARGET, S.LAYER, S.WEIGHT, S.DATE)}
    return opts["firms"], opts["layers"], columns or None, opts["encoding"]


@cli.command()
@click.argument("records", nargs=-1, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Parquet file to write the links to.")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="Engine that reads and aggregates the records.")
@click.option("--by-period", type=click.Choice(["year", "quarter", "month"]), default=None,
              help="One link per period too.")
@click.option("--period", default=None, metavar="WINDOW",
              help="Keep records dated in 2024, 2024Q2, 2024-03 or 2023-07..2024-06.")
@click.option("--memory-limit", default=None, metavar="SIZE",
              help="DuckDB memory limit, e.g. 2GB (default 1GB); beyond it DuckDB spills to disk.")
@click.option("--temp-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for DuckDB spill files and transcoded CSVs (default: a new temp folder).")
@click.option("--firms", "firms_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Firms table: records naming other firms are errors.")
@click.option("--layers", "layers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Layer declarations (layers.csv/.toml/.yaml); default: netclust's three layers.")
@click.option("--measure", "measures", multiple=True, metavar="COL:FUNC",
              help="Extra measure (repeatable), FUNC one of sum, min, max, mean.")
@click.option("--encoding", default=None, help="CSV encoding (default: detect UTF-8/GB18030).")
@click.option("--drop-invalid", is_flag=True, help="Drop records with errors instead of stopping.")
@click.option("--spark-master", default=None, metavar="URL",
              help="Spark master (default $SPARK_MASTER or local[*]).")
@click.option("--show-sql", is_flag=True, help="Print the aggregation SQL on stderr.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Mapping file (default: a netclust.toml beside the records).")
@click.option("--no-config", "no_config", is_flag=True, help="Ignore a netclust.toml beside the records.")
def aggregate(records, out, engine, by_period, period, memory_limit, temp_dir, firms_file, layers_file,
              measures, encoding, drop_invalid, spark_master, show_sql, config_file, no_config):
    """Aggregate transaction records (CSV/Parquet files, globs, partitioned folders) into links.

    Writes one row per (source, target, layer[, period]) with weight (sum),
    count, first_date and last_date to a Parquet file. With --period only the
    records dated in the window make links (undated records are left out);
    the records left out are counted on stderr.

    \b
    Example:
      netclust aggregate 'records/*.parquet' --out links.parquet --by-period year
      netclust aggregate orders.csv --out links-2024.parquet --period 2024
      netclust aggregate orders.csv --out links.parquet --engine spark --memory-limit 2GB
    """
    from netclust.records import aggregate_records

    firms_file, layers_file, columns, encoding = _config(records, config_file, no_config, firms_file,
                                                         layers_file, encoding)
    with progress_bar(_("Aggregating")) as progress:
        res = aggregate_records(list(records), engine=engine, by_period=by_period, period=period,
                                memory_limit=memory_limit, temp_directory=temp_dir, firms=firms_file,
                                layers=layers_file, measures=list(measures), encoding=encoding,
                                columns=columns,
                                drop_invalid=drop_invalid, spark_master=spark_master, progress=progress)
    if show_sql:
        click.echo(res.sql, err=True)
    if res.report.problems and (res.report.errors or res.report.warnings):
        click.echo(res.report.format(infos=False), err=True)
    for p in res.report.problems:  # the records a --period window left out
        if p.code in ("outside_period", "undated_records"):
            click.echo(p.message, err=True)
    path = _write_parquet(res.links, out, [r for r in records if "*" not in r])
    click.echo(_("{records} records -> {links} links written to {path} ({engine}, {seconds} s)").format(
        records=res.records, links=res.links.num_rows, path=path, engine=res.engine,
        seconds=f"{res.seconds:.1f}"))
