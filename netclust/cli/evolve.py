"""``netclust evolve``: follow a cluster period by period."""

from __future__ import annotations

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (UNDATED_HELP, input_options, input_paths, load_periods,
                                   output_options, pop_input, progress_bar, rolling_option,
                                   seed_option)

__all__ = ["evolve", "report_periods", "echo_periods", "load_periods", "UNDATED_HELP"]


def report_periods(inp: dict):
    """The periods of a report's data, for its Evolution section (None when there are none).

    ``inp`` are the input options (not consumed). The data is read once more with
    monthly labels and split by ``--by-period`` (default year), ``--window`` or
    ``--rolling``; undated records follow ``--undated`` (warned about on stderr). None
    with ``--period`` (the report is about one window) and for data without dated links.
    """
    from netclust.errors import UndatedError, ValidationError

    if inp.get("period"):
        return None
    split_by = inp.get("by_period") or (None if inp.get("windows") or inp.get("rolling") else "year")
    try:
        return load_periods(dict(inp, by_period=split_by))
    except ValidationError as exc:  # no date column: no periods
        if all(p.code == "missing_column" and p.column == "date" for p in exc.report.errors):
            return None
        raise
    except UndatedError:  # the records engine, or dated columns all blank
        return None


def echo_periods(kw: dict) -> None:
    """``netclust info --by-period``: one consistent summary per period."""
    split = load_periods(kw)
    for label, net in split.items():  # loop over periods only
        click.echo(_("== period {label} ==").format(label=label))
        click.echo(repr(net))
        click.echo(str(net.summary()))


@cli.command()
@input_options
@click.option("--runs", type=click.IntRange(min=1), default=None,
              help="Random-removal runs for robustness R per period (default as the report: "
                   "50, 10 above 5,000 firms).")
@click.option("--null-runs", type=click.IntRange(min=0), default=None,
              help="Null webs for the z-scores of NODF, connectance... (0 = none; default as "
                   "the report: 50, 10 above 5,000 firms).")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=None,
              help="Jaccard threshold of community matching (default 0.3).")
@click.option("--omega", type=click.FloatRange(min=0), default=None,
              help="Interslice coupling of the multislice partition (default 1.0).")
@click.option("--exporters", default=None, metavar="ROLE[,ROLE]",
              help="Exporting roles for channel access (default: the exporter column).")
@seed_option
@output_options(default_out="reports/evolve")
def evolve(windows, rolling, undated, runs, null_runs, threshold, omega, exporters, seed, out,
           fmt, **kw):
    """Follow the cluster across periods: indicators, entries/exits, churn, communities.

    Writes periods, firm_changes, link_changes, community_tracks (plus anchors,
    communities, community_agreement, undated, windows) and params.json (seed,
    runs, null runs, Jaccard threshold, omega, undated rule) into --out. Periods come
    from --by-period (default year), --window or --rolling. The numbers are those of
    the report's Evolution section (same settings, same seed: netclust.analysis.Analysis).

    \b
    Example:
      netclust evolve data/shiling --by-period year --out reports/evolve
      netclust evolve mydata/ --rolling 24/12 --undated exclude --null-runs 0
    """
    from netclust.analysis import Analysis, Settings
    from netclust.errors import InputError
    from netclust.io.output import table_bytes, write_bundle

    protect = input_paths(kw)
    inp = pop_input(kw)
    if inp.get("period"):
        raise InputError("evolve splits the data itself: use --window instead of --period")
    given = dict(runs=runs, null_runs=null_runs, track_threshold=threshold, track_omega=omega,
                 exporters=exporters.split(",") if exporters else None)
    settings = Settings(seed=seed, **{k: v for k, v in given.items() if v is not None})
    rolling_option(rolling)  # usage errors before the data is read
    split = load_periods(dict(inp, windows=windows, rolling=rolling, undated=undated,
                              by_period=inp.get("by_period") or (None if windows or rolling else "year")))
    if len(split) < 2:
        raise InputError(f"evolve needs two periods or more; the data gives {len(split)} "
                         f"({', '.join(split)})")
    with progress_bar(_("Evolving")) as progress:
        first = split[next(iter(split))]
        settings = settings.resolve(len(split.presence))  # sized as the report's snapshot
        result = Analysis(first, settings, timeline=split, progress=progress).evolution
    files = {f"{name}.{fmt}": table_bytes(t, fmt) for name, t in result.tables().items()}
    files["params.json"] = evolution_params(result, settings)
    write_bundle(out, files, protect=protect)   # all or nothing
    n_und = int(result.undated["links"].sum()) if len(result.undated) else 0
    click.echo(_("{n} periods ({periods}); {undated_links} undated links ({rule}); tables written "
                 "to {out}/").format(n=len(result.windows), periods=", ".join(result.windows["period"]),
                                     undated_links=n_und, rule=undated, out=out))


def evolution_params(result, settings) -> str:
    """``params.json`` of ``netclust evolve``: every option the tables depend on."""
    import json

    import netclust

    params = dict(result.params, community_runs=settings.community_runs or 3,
                  exporters=None if settings.exporters is None else list(settings.exporters),
                  version=netclust.__version__)
    return json.dumps(params, indent=2, ensure_ascii=False, default=str) + "\n"
