"""``netclust channels`` and ``netclust recommend``: export access, gatekeepers, what to fund.

Both read their results from an :class:`~netclust.analysis.Analysis` built from the
options (:attr:`~netclust.analysis.Analysis.channels`,
:attr:`~netclust.analysis.Analysis.recommendations`), so they print what the report
and the API give for the same data and settings.
"""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (channel_options, channel_settings, input_options,
                                   input_paths, load_network)


def _bool_text(series):
    return series.map({True: "true", False: "false"})


def _write_csvs(out, tables: dict, protect) -> list:
    """Write ``{stem: DataFrame}`` as CSV files into ``out``, all or nothing."""
    from netclust.io.output import write_table_bundle

    return write_table_bundle(Path(out), tables, "csv", protect=protect)


@cli.command()
@input_options
@channel_options
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default="reports", show_default=True, help="Output folder.")
@click.option("--reached", default=None, metavar="all|N",
              help="Whose exporters_reached is counted: all SMEs (default up to 200,000 firms) "
                   "or the N most vulnerable (default 100 above; counting all grows faster "
                   "than the network).")
def channels(out, reached, **kw):
    """Export access of every SME: single points of failure and gatekeepers.

    Writes sme_channels.csv (firm_id, name, role, exports, access, secure,
    exporters_reached, single_points) and gatekeepers.csv (firm_id, name, role,
    smes_dependent) into --out.

    \b
    Example:
      netclust channels data/shiling --out reports/
      netclust channels data/shiling --out reports/ --channel procurement --exporters anchor
    """
    from netclust.analysis import Analysis

    chan = channel_settings(kw)
    protect = input_paths(kw)
    net = load_network(kw)
    res = Analysis(net, reached=_reached(reached), **chan).channels
    sme = res.sme.copy()
    for col in ("exports", "access", "secure"):
        sme[col] = _bool_text(sme[col])
    sme["single_points"] = sme["single_points"].map(";".join)
    paths = _write_csvs(out, {"sme_channels": sme, "gatekeepers": res.gatekeepers}, protect)
    ind = res.indicators
    click.echo(_("Assumption: {text}").format(text=res.assumption) + _closed_note(net))
    click.echo(_("Channels: {text}").format(text=ind["channels"]))
    click.echo(_("{n} of {total} SMEs reach an exporter ({share}); {secure} are N-1 secure "
                 "({secure_share}); {single} depend on a single firm; {gatekeepers} gatekeepers, "
                 "the top 3 hold {top3} of those SMEs.").format(
        n=f"{ind['smes_with_access']:,}", total=f"{ind['smes_reference']:,}",
        share=f"{ind['access_share']:.1%}", secure=f"{ind['smes_secure']:,}",
        secure_share=f"{ind['secure_share']:.1%}", single=f"{ind['smes_with_single_point']:,}",
        gatekeepers=f"{ind['gatekeepers']:,}", top3=f"{ind['top3_gatekeeper_share']:.0%}"))
    counted = ind.get("exporters_reached_counted")
    if counted is not None and counted < len(res.sme):
        click.echo(_("exporters_reached counted for {k} of {n} SMEs (--reached all for every "
                     "SME)").format(k=f"{int(counted):,}", n=f"{len(res.sme):,}"), err=True)
    click.echo(_("wrote {paths}").format(paths=", ".join(str(p) for p in paths)))


def _closed_note(net) -> str:
    """The closed firms the whole-window description includes (empty when none)."""
    from netclust.i18n import ngettext
    from netclust.recommendation import closed_firms

    n = len(closed_firms(net))
    return "" if not n else "; " + ngettext(
        "{n} firm that has closed (closing date in the register) included: the channels "
        "describe the whole window of the data",
        "{n} firms that have closed (closing date in the register) included: the channels "
        "describe the whole window of the data", n).format(n=f"{n:,}")


def _reached(text):
    """``--reached``: None (the size-based default), "all", or a count."""
    if text is None or str(text).strip().lower() == "all":
        return None if text is None else "all"
    if not str(text).strip().isdigit():
        raise click.BadParameter(f"{text!r} is neither 'all' nor a whole number",
                                 param_hint="'--reached'")
    return int(text)


@cli.command()
@input_options
@click.option("--budget", type=click.IntRange(min=0), required=True,
              help="Number of interventions (every action costs one unit).")
@click.option("--objective", type=click.Choice(["secure_smes", "expected_access"]),
              default="secure_smes", show_default=True, help="What to raise.")
@click.option("--actions", default="link,platform,exporter", show_default=True,
              metavar="LIST", help="Action kinds: link, platform, exporter (comma-separated).")
@click.option("--candidates", type=click.IntRange(min=1), default=None,
              help="Candidate SMEs / firms per action kind (default 200 up to 5,000 firms, "
                   "25 above: the report's).")
@channel_options
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default="reports", show_default=True, help="Output folder.")
def recommend(budget, objective, actions, candidates, out, **kw):
    """Choose the interventions that most raise SMEs' export security (greedy; lazy evaluation only where it is exact).

    Writes recommendations.csv (rank, action, firm_id, partner_id, layer, gain,
    objective_before, objective_after) and recommendations_baselines.csv (the
    heuristics a policy office would use, same data and budget) into --out.

    \b
    Example:
      netclust recommend data/shiling --budget 10 --objective secure_smes --actions link --out reports/
    """
    from netclust.analysis import Analysis

    chan = channel_settings(kw)
    protect = input_paths(kw)
    net = load_network(kw)
    acts = tuple(a.strip() for a in actions.split(",") if a.strip())
    an = Analysis(net, budget=budget, objective=objective, actions=acts, candidates=candidates,
                  **chan)
    rec, base = an.recommendations, an.recommendation_baselines
    paths = _write_csvs(out, {"recommendations": rec.table,
                              "recommendations_baselines": base}, protect)
    click.echo(_("Assumption: {text}").format(text=rec.assumption))
    click.echo(_("{objective}: {before} -> {after} with {n} interventions ({evaluations} exact "
                 "evaluations)").format(objective=objective, before=f"{rec.before:,.2f}",
                                        after=f"{rec.after:,.2f}", n=len(rec.table),
                                        evaluations=f"{rec.evaluations:,}"))
    if rec.note:
        click.echo(rec.note)
    click.echo(_("Guarantee: {text}").format(text=rec.guarantee))
    _echo_baselines(base)
    click.echo(_("wrote {paths}").format(paths=", ".join(str(p) for p in paths)))


def _echo_baselines(base) -> None:
    """The greedy against the heuristics a policy office would use (same data and budget)."""
    from netclust.recommendation import BASELINE_LABELS

    click.echo(_("Compared on the same data and budget:"))
    for row in base.itertuples(index=False):   # three strategies
        label = BASELINE_LABELS.get(row.strategy)
        click.echo("  " + _("{strategy}: {before} -> {after} ({gain:+,.2f})").format(
            strategy=_(label) if label else row.strategy, before=f"{row.objective_before:,.2f}",
            after=f"{row.objective_after:,.2f}", gain=row.gain))
