"""``netclust evolve``: follow a cluster period by period."""

from __future__ import annotations

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (input_options, input_paths, output_options, pop_input,
                                   progress_bar, read_kwargs, seed_option)


UNDATED_HELP = ("Undated records under --period/--by-period: counted in every period "
                "(always) or in none (exclude); reported either way.")


def load_periods(kw: dict, undated: str = "always"):
    """The periods asked for by ``--period`` / ``--by-period`` (None when neither is given).

    Consumes the input options of ``kw``; the undated rule is warned about on stderr.
    """
    from netclust.temporal import read_periods, undated_message

    if not (kw.get("period") or kw.get("by_period")):
        return None
    inp = pop_input(kw) if "path" in kw else kw
    opts = read_kwargs(inp)
    period, by = opts.pop("period"), opts.pop("by_period")
    with progress_bar(_("Reading")):
        split = read_periods(inp["path"], period=period, by_period=by, undated=undated, **opts)
    msg = undated_message(split.undated)
    if msg:
        click.echo(_("Warning: {message}").format(message=msg), err=True)
    return split


def report_periods(inp: dict):
    """The periods of a report's data, for its Evolution section (None when there are none).

    ``inp`` are the input options (not consumed). The data is read once more with
    monthly labels and split by ``--by-period`` (default year); the undated rule is
    "always" (warned about on stderr). None with ``--period`` (the report is about one
    window) and for data without dated links.
    """
    from netclust.errors import UndatedError, ValidationError

    if inp.get("period"):
        return None
    try:
        return load_periods(dict(inp, by_period=inp.get("by_period") or "year"))
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


def _rolling(text):
    if text is None:
        return None
    from netclust.errors import InputError

    try:
        length, step = (int(x) for x in text.replace(":", "/").split("/"))
    except ValueError:
        raise InputError(f"--rolling must be LENGTH/STEP in months, e.g. 24/12, not {text!r}") from None
    return length, step


@cli.command()
@input_options
@click.option("--window", "windows", multiple=True, metavar="WINDOW",
              help="Explicit period (repeatable): 2022, 2024Q2, 2023-07..2024-06.")
@click.option("--rolling", default=None, metavar="LENGTH/STEP",
              help="Rolling windows in months, e.g. 24/12 (24-month windows stepping a year).")
@click.option("--undated", type=click.Choice(["always", "exclude"]), default="always",
              show_default=True, help="Undated links: in every period, or in none (counted).")
@click.option("--runs", type=click.IntRange(min=1), default=10, show_default=True,
              help="Random-removal runs for robustness R per period.")
@click.option("--null-runs", type=click.IntRange(min=0), default=10, show_default=True,
              help="Null webs for the z-scores of NODF, connectance... (0 = none).")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True), default=0.3,
              show_default=True, help="Jaccard threshold of community matching.")
@click.option("--omega", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Interslice coupling of the multislice partition.")
@click.option("--exporters", default=None, metavar="ROLE[,ROLE]",
              help="Exporting roles for channel access (default: the exporter column).")
@seed_option
@output_options(default_out="reports/evolve")
def evolve(windows, rolling, undated, runs, null_runs, threshold, omega, exporters, seed, out,
           fmt, **kw):
    """Follow the cluster across periods: indicators, entries/exits, churn, communities.

    Writes periods, firm_changes, link_changes, community_tracks (plus anchors,
    communities, community_agreement, undated, windows) into --out. Periods come
    from --by-period (default year), --window or --rolling.

    \b
    Example:
      netclust evolve data/shiling --by-period year --out reports/evolve
      netclust evolve mydata/ --rolling 24/12 --undated exclude --null-runs 0
    """
    from netclust.io.output import write_table_bundle
    from netclust.temporal import evolve as run

    protect = input_paths(kw)
    inp = pop_input(kw)
    opts = read_kwargs(inp)
    by = opts.pop("by_period") or "year"
    if opts.pop("period"):
        from netclust.errors import InputError

        raise InputError("evolve splits the data itself: use --window instead of --period")
    with progress_bar(_("Evolving")) as progress:
        result = run(inp["path"], by=by, windows=list(windows) or None, rolling=_rolling(rolling),
                     undated=undated, runs=runs, null_runs=null_runs, threshold=threshold,
                     omega=omega, seed=seed, progress=progress,
                     exporters=exporters.split(",") if exporters else None, **opts)
    write_table_bundle(out, result.tables(), fmt, protect=protect)   # all or nothing
    n_und = int(result.undated["links"].sum()) if len(result.undated) else 0
    click.echo(_("{n} periods ({periods}); {undated_links} undated links ({rule}); tables written "
                 "to {out}/").format(n=len(result.windows), periods=", ".join(result.windows["period"]),
                                     undated_links=n_und, rule=undated, out=out))
