"""Metric commands: ``metrics`` (firm and layer tables) and ``communities``."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.i18n import gettext as _
from netclust.cli._options import (
    echo_table,
    input_options,
    input_paths,
    layer_option,
    load_network,
    output_options,
    progress_bar,
    seed_option,
    selected_layers,
)
from netclust.cli.evolve import load_periods
from netclust.metrics.tidy import ALL_METRICS

_SAMPLES_HELP = ("Pivots for betweenness and harmonic closeness "
                 "(default: exact up to 5,000 firms, else 256, fewer above 100,000 firms).")


_ROLE_COLUMNS = ["participation_coefficient", "overlapping_degree_z", "participation_class",
                 "hub", "role"]


def _analysis(net, progress=None, **settings):
    from netclust.analysis import Analysis

    return Analysis(net, progress=progress, **settings)


@cli.command()
@input_options
@output_options()
@seed_option
@layer_option("Layer to measure (repeatable or A,B; 'aggregate' allowed; default: all "
              "layers and the aggregate).")
@click.option("--metric", "metric_names", multiple=True, type=click.Choice(ALL_METRICS),
              help="Compute only this metric (repeatable; default: all).")
@click.option("--samples", type=click.IntRange(min=1), default=None, help=_SAMPLES_HELP)
@click.option("--omega", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Inter-layer coupling for multiplex PageRank and multislice modularity.")
@click.option("--no-communities", is_flag=True,
              help="Skip the community search (no modularity in layer_metrics).")
def metrics(fmt, out, seed, layers, metric_names, samples, omega, no_communities, undated, **kw):
    """Firm measures per layer, aggregate and multiplex, plus layer-level values.

    Writes firm_metrics.<ext> (tidy: firm_id, layer, metric, value; layer is a
    layer name, aggregate or multiplex), layer_metrics.<ext> (layer, other_layer,
    metric, value: sizes, density, edge Jaccard, degree rank correlation,
    modularity) and multiplex_roles.<ext> (participation class, hub, role).
    With --by-period, --window or --rolling (or --period), each table starts with a period column and
    holds one block per period's network (see netclust.temporal.split_periods);
    undated records follow --undated and are reported on stderr.

    \b
    Example:
      netclust metrics data/shiling --out reports/shiling --format parquet
      netclust metrics tests/data/lazega_lawfirm --metric pagerank --layer advice
      netclust metrics data/shiling --by-period year --out reports/by-year
    """
    from netclust.io.output import write_table_bundle

    settings = dict(seed=seed, samples=samples, omega=omega, layers=selected_layers(layers),
                    metrics=tuple(metric_names) or None)
    protect = input_paths(kw)
    split = load_periods(kw, undated)
    nets = {"": load_network(kw)} if split is None else dict(split.items())
    tables = (_metric_tables(nets[""], settings, no_communities) if split is None
              else _period_tables(split, settings, no_communities))
    written = write_table_bundle(Path(out), tables, fmt, protect=protect,
                                 index=set() if split is not None else {"multiplex_roles"})
    table = tables["firm_metrics"]
    pivots = table.attrs.get("betweenness_samples")
    firms = (_("{n} firms").format(n=nets[""].n_firms) if split is None else
             _("firms per period {counts}").format(
                 counts=", ".join(f"{p}: {n.n_firms}" for p, n in nets.items())))
    between = (_("betweenness exact") if pivots is None else
               _("betweenness sampled with {n} pivots").format(n=pivots))
    click.echo(_("{firms}, {metrics} metrics, {rows} rows; {betweenness}").format(
        firms=firms, metrics=table["metric"].nunique(), rows=len(table), betweenness=between))
    click.echo(_("wrote {paths}").format(paths=", ".join(str(p) for p in written)))


def _metric_tables(net, settings: dict, no_communities: bool, progress=None) -> dict:
    """The three tables of ``metrics`` for one network."""
    with progress_bar(_("Firm metrics")) as bar:
        a = _analysis(net, progress or bar, **settings)
        if not no_communities:  # above 100,000 firms: the community search runs beside the measures
            a.prefetch("layer_metrics")
        table = a.firm_measures
        layer_table = a.layer_metrics_without_communities() if no_communities else a.layer_metrics
        return {"firm_metrics": table, "layer_metrics": layer_table,
                "multiplex_roles": a.multiplex[_ROLE_COLUMNS]}


def _period_tables(split, settings: dict, no_communities: bool) -> dict:
    """The three tables stacked over periods, each with a leading ``period`` column."""
    from netclust.temporal import per_period

    found = {p: _metric_tables(net, settings, no_communities) for p, net in split.items()}
    out = {}
    for name in ("firm_metrics", "layer_metrics", "multiplex_roles"):
        out[name] = per_period(lambda tables: tables[name], found)
    pivots = {t["firm_metrics"].attrs.get("betweenness_samples") for t in found.values()}
    out["firm_metrics"].attrs["betweenness_samples"] = max(
        (p for p in pivots if p is not None), default=None)
    return out


@cli.command()
@input_options
@output_options()
@seed_option
@layer_option("Partition only this layer (repeatable or A,B) or 'aggregate' "
              "(default: all layers).")
@click.option("--method", type=click.Choice(["leiden", "louvain", "leiden-aggregate"]),
              default=None,
              help="Optimiser: multiplex leiden; louvain or leiden-aggregate (igraph's Leiden "
                   "on the aggregate, for very large networks) approximate it on the aggregate "
                   "(default: leiden up to 200,000 firms, leiden-aggregate above, as in "
                   "metrics and report).")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0,
              show_default=True, help="Resolution: higher gives smaller communities.")
@click.option("--layer-weights", type=click.Choice(["edges", "equal"]), default=None,
              help="Layers count by total link weight, or equally (default: edges).")
@click.option("--runs", type=click.IntRange(min=1), default=None,
              help="Independent runs; the best is kept (default: that of netclust.communities).")
@click.option("--per-layer", is_flag=True,
              help="Also partition every layer separately (layer_communities.<ext>).")
@click.option("--truth", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with firm_id,community (e.g. planted groups): print NMI and ARI.")
def communities(fmt, out, seed, layers, method, resolution, layer_weights, runs, per_layer,
                truth, **kw):
    """Communities of firms across layers (multiplex Leiden) or in one layer.

    Writes communities.<ext> (firm_id, community; 0 = largest) and
    community_table.<ext> (size, roles, anchors, dominant sector, internal link
    share, per-layer cohesion); prints modularity per layer and the multislice
    modularity.

    \b
    Example:
      netclust communities data/shiling --out reports/shiling
      netclust communities data/shiling --truth data/shiling/communities.csv --runs 5
    """
    from netclust.io.output import write_table_bundle

    layers = selected_layers(layers)
    protect = input_paths(kw)
    net = load_network(kw)
    reference = _read_truth(truth, net.firm_ids) if truth is not None else None  # before any output
    with progress_bar(_("Communities")) as progress:
        a = _analysis(net, progress, seed=seed, layers=layers, community_method=method,
                      resolution=resolution, layer_weights=layer_weights, community_runs=runs)
        result = a.communities
    tables = {"communities": result.membership.to_frame(), "community_table": a.community_table}
    if per_layer:
        tables["layer_communities"] = a.layer_communities.astype("int64")
    written = write_table_bundle(Path(out), tables, fmt, protect=protect, index=set(tables))
    click.echo(_("{n} communities ({method}); multislice modularity {q}").format(
        n=result.n_communities, method=result.method, q=f"{result.multislice_modularity:.4f}"))
    echo_table(result.layer_modularity.round(4).to_frame())
    if truth is not None:
        _echo_agreement(result.membership, truth, reference)
    click.echo(_("wrote {paths}").format(paths=", ".join(str(p) for p in written)))


def _read_truth(truth: Path, firm_ids):
    """The reference partition of ``--truth`` (firm_id -> community), read as ``nc.read`` reads a
    table (encoding detection, located errors) and checked: columns, blank and repeated ids, and
    at least two firms of the network (the Rand index needs two)."""
    import numpy as np
    import pandas as pd

    from netclust.errors import SchemaError
    from netclust.io.checks import as_text
    from netclust.io.tables import read_table

    raw = read_table(truth)
    if not {"firm_id", "community"} <= set(raw.frame.columns):
        raise SchemaError(_("{file}: needs columns firm_id and community; its columns are: "
                            "{columns}").format(file=raw.label, columns=", ".join(
                                map(str, raw.frame.columns)) or "-"))
    ids, com = as_text(raw.frame["firm_id"]), as_text(raw.frame["community"])
    bad = ((ids == "") | (com == "") | ids.duplicated()).to_numpy()
    if bad.any():
        row = int(raw.rows[np.flatnonzero(bad)[0]])
        raise SchemaError(_("{file}, row {row}: blank or repeated firm_id or community "
                            "(each firm once, with its community)").format(file=raw.label, row=row))
    if pd.Index(ids).isin(firm_ids).sum() < 2:
        raise SchemaError(_("{file}: fewer than two of its firms are in the network; the "
                            "agreement needs at least two").format(file=raw.label))
    return pd.Series(com.to_numpy(), index=ids.to_numpy())


def _echo_agreement(membership, truth: Path, reference) -> None:
    """Print NMI and ARI of the partition against the reference (:func:`_read_truth`)."""
    from netclust.metrics.community import partition_agreement

    agree = partition_agreement(membership, reference)
    click.echo(_("agreement with {name}: NMI {nmi}, ARI {ari} over {n} firms").format(
        name=truth.name, nmi=f"{agree['nmi']:.4f}", ari=f"{agree['ari']:.4f}", n=int(agree["n_firms"])))
