"""``netclust channels`` and ``netclust recommend``: export access, gatekeepers, what to fund."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.cli._options import input_options, input_paths, load_network

_CHANNEL_HELP = ("Layer carrying goods towards export, LAYER[:forward|reverse] (repeatable; "
                 "given options replace the declared channels).")
_EXPORTERS_HELP = ("Exporting roles, e.g. anchor,trade_service (default: the firms table's "
                   "exporter column).")


def _channels(values):
    return list(values) if values else None


def _bool_text(series):
    return series.map({True: "true", False: "false"})


def _write_csv(df, path, protect):
    from netclust.io.output import write_bytes

    return write_bytes(path, df.to_csv(index=False).encode("utf-8"), protect=protect)


@cli.command()
@input_options
@click.option("--channel", "channel", multiple=True, metavar="LAYER[:forward|reverse]",
              help=_CHANNEL_HELP)
@click.option("--exporters", "exporter_roles", default=None, metavar="ROLES",
              help=_EXPORTERS_HELP)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default="reports", show_default=True, help="Output folder.")
def channels(channel, exporter_roles, out, **kw):
    """Export access of every SME: single points of failure and gatekeepers.

    Writes sme_channels.csv (firm_id, name, role, exports, access, secure,
    exporters_reached, single_points) and gatekeepers.csv (firm_id, name, role,
    smes_dependent) into --out.

    \b
    Example:
      netclust channels data/shiling --out reports/
      netclust channels data/shiling --out reports/ --channel procurement --exporters anchor
    """
    from netclust.metrics.channels import export_channels

    protect = input_paths(kw)
    net = load_network(kw)
    res = export_channels(net, channels=_channels(channel), exporters=exporter_roles)
    sme = res.sme.copy()
    for col in ("exports", "access", "secure"):
        sme[col] = _bool_text(sme[col])
    sme["single_points"] = sme["single_points"].map(";".join)
    paths = [_write_csv(sme, Path(out) / "sme_channels.csv", protect),
             _write_csv(res.gatekeepers, Path(out) / "gatekeepers.csv", protect)]
    ind = res.indicators
    click.echo(f"Assumption: {res.assumption}")
    click.echo(f"Channels: {ind['channels'].removeprefix('channel layers: ')}")
    click.echo(f"{ind['smes_with_access']:,} of {ind['smes_reference']:,} SMEs reach an exporter "
               f"({ind['access_share']:.1%}); {ind['smes_secure']:,} are N-1 secure "
               f"({ind['secure_share']:.1%}); {ind['smes_with_single_point']:,} depend on a "
               f"single firm; {ind['gatekeepers']:,} gatekeepers, the top 3 hold "
               f"{ind['top3_gatekeeper_share']:.0%} of those SMEs.")
    click.echo("Wrote " + ", ".join(str(p) for p in paths))


@cli.command()
@input_options
@click.option("--budget", type=click.IntRange(min=0), required=True,
              help="Number of interventions (every action costs one unit).")
@click.option("--objective", type=click.Choice(["secure_smes", "expected_access"]),
              default="secure_smes", show_default=True, help="What to raise.")
@click.option("--actions", default="link,platform,exporter", show_default=True,
              metavar="LIST", help="Action kinds: link, platform, exporter (comma-separated).")
@click.option("--candidates", type=click.IntRange(min=1), default=200, show_default=True,
              help="Candidate SMEs / firms per action kind.")
@click.option("--channel", "channel", multiple=True, metavar="LAYER[:forward|reverse]",
              help=_CHANNEL_HELP)
@click.option("--exporters", "exporter_roles", default=None, metavar="ROLES",
              help=_EXPORTERS_HELP)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default="reports", show_default=True, help="Output folder.")
def recommend(budget, objective, actions, candidates, channel, exporter_roles, out, **kw):
    """Choose the interventions that most raise SMEs' export security (greedy, CELF).

    Writes recommendations.csv (rank, action, firm_id, partner_id, layer, gain,
    objective_before, objective_after) into --out.

    \b
    Example:
      netclust recommend data/shiling --budget 10 --objective secure_smes --actions link --out reports/
    """
    from netclust.recommend import recommend as run

    protect = input_paths(kw)
    net = load_network(kw)
    acts = [a.strip() for a in actions.split(",") if a.strip()]
    rec = run(net, budget, objective=objective, actions=acts, channels=_channels(channel),
              exporters=exporter_roles, candidates=candidates)
    path = _write_csv(rec.table, Path(out) / "recommendations.csv", protect)
    click.echo(f"Assumption: {rec.assumption}")
    click.echo(f"{objective}: {rec.before:,.2f} -> {rec.after:,.2f} with {len(rec.table)} "
               f"interventions ({rec.evaluations:,} exact evaluations)")
    click.echo(f"Wrote {path}")
