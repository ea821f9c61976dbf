"""``netclust symbiosis``: the ecological-symbiosis scorecard."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (echo_table, input_options, input_paths, load_network,
                                   output_options, progress_bar, seed_option)
from netclust.errors import InputError

_NULLS = ["curveball", "swap", "probabilistic", "equiprobable"]


def _read_matrix(path: Path):
    """Read an incidence matrix CSV: first column = row ids, header = column ids."""
    import pandas as pd

    try:
        df = pd.read_csv(path, index_col=0, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path}: cannot read the matrix ({exc})") from None
    if df.shape[0] == 0 or df.shape[1] == 0:
        raise InputError(f"{path}: the matrix has no rows or no columns")
    converted = df.apply(pd.to_numeric, errors="coerce")
    bad = converted.isna() & df.notna()
    if bad.any().any():
        col = bad.any().idxmax()
        row = bad[col].idxmax()
        raise InputError(f"{path}: non-numeric cell at row {row!r}, column {col!r}: "
                         f"{df.loc[row, col]!r}")
    return converted.fillna(0.0)


@cli.command()
@input_options(required=False)
@click.option("--matrix", "matrix_file", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), default=None,
              help="Score a plain incidence matrix CSV instead of a network "
                   "(first column = row ids, header = column ids, cells = weights).")
@click.option("--null-runs", type=click.IntRange(min=0), default=None,
              help="Null-model webs per web for z-scores and p-values (0 = none; default 50, "
                   "10 above 5,000 firms; 200 with --matrix).")
@click.option("--null", "null_model", type=click.Choice(_NULLS), default="curveball",
              show_default=True, help="Null model of the web structure.")
@click.option("--hops", "k", type=click.IntRange(min=1), default=2, show_default=True,
              help="Hops allowed for channel access to exporting anchors.")
@click.option("--binary", is_flag=True, help="Use 0/1 webs instead of summed link weights.")
@click.option("--no-modularity", is_flag=True,
              help="Skip Barber modularity (the costliest indicator on large webs).")
@click.option("--jobs", "n_jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for the null webs (same tables for any value).")
@output_options
@seed_option
def symbiosis(matrix_file, null_runs, null_model, k, binary, no_modularity, n_jobs, out, fmt,
              seed, **kw):
    """Ecological-symbiosis scorecard: nestedness, specialisation, dependence.

    Builds the SME x anchor, SME x supplier, SME x designer and SME x logistics
    webs, scores each against a null model and adds the cluster indicators.
    Writes scorecard.csv (web, indicator, value, null_mean, null_sd, z, p,
    reading, source) and firm_symbiosis.csv (firm_id, web, metric, value) into
    --out; with --matrix only the scorecard of that matrix (also printed).

    \b
    Example:
      netclust symbiosis data/shiling --out reports/ --null-runs 200 --seed 0
      netclust symbiosis data/shiling --out reports/ --jobs 2
      netclust symbiosis --matrix web.csv --out reports/
    """
    from netclust.io.output import write_table
    from netclust.metrics.symbiosis import web_scorecard

    suffix = {"csv": ".csv", "parquet": ".parquet", "json": ".json"}[fmt]
    if matrix_file is not None:
        if kw.get("path") is not None:
            raise click.UsageError("give either PATH or --matrix, not both")
        matrix = _read_matrix(matrix_file)
        with progress_bar(_("Null webs")) as progress:
            card = web_scorecard(matrix, null=null_model, runs=200 if null_runs is None else null_runs,
                                 seed=seed,
                                 name=matrix_file.stem, modularity=not no_modularity,
                                 progress=progress, n_jobs=n_jobs)
        written = write_table(card, Path(out) / f"scorecard{suffix}", fmt=fmt,
                              protect=[matrix_file])
        echo_table(card.drop(columns=["source"]))
        click.echo(_("wrote {paths}").format(paths=written))
        return
    if kw.get("path") is None and kw.get("links_file") is None:
        raise click.UsageError("give a network PATH (or --links) or --matrix FILE.csv")
    from netclust.analysis import Analysis

    protect = input_paths(kw)
    net = load_network(kw)
    with progress_bar(_("Null webs")) as progress:
        result = Analysis(net, progress=progress, seed=seed, null_runs=null_runs,
                          null_model=null_model, hops=k, weighted=not binary,
                          web_modularity=not no_modularity, jobs=n_jobs).symbiosis
    from netclust.io.output import write_table_bundle

    paths = write_table_bundle(Path(out), {"scorecard": result.scorecard,
                                           "firm_symbiosis": result.firms}, fmt, protect=protect)
    click.echo(_("{n} webs scored; wrote {paths}").format(
        n=len(result.webs), paths=", ".join(str(p) for p in paths)))
    if not any(w.shape[0] and w.shape[1] for w in result.webs.values()):
        click.echo(_("Warning: {message}").format(message=why_no_web(net)), err=True)


def why_no_web(net) -> str:
    """Why no web could be scored: the data's consequence (no SME role), else no SME-partner link.

    Examples
    --------
    >>> from netclust.cli.symbiosis import why_no_web
    >>> firms, links = nc.datasets.toy_tables()
    >>> why_no_web(nc.read(firms=firms.assign(role="other"), links=links))[:36]
    'no firm has role sme: symbiosis, exp'
    """
    from netclust.io.checks import consequences

    reasons = dict(consequences(net.firms, net.links, net.layers, exporters=("any",)))
    return reasons.get("no_sme") or _("no web has firms on both sides (SMEs and anchors, "
                                      "suppliers, designers or logistics providers): the web "
                                      "indicators need firms with role sme linked to partners "
                                      "of those roles")
