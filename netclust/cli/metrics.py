"""Metric commands: ``metrics`` (firm and layer tables) and ``communities``."""

from __future__ import annotations

from pathlib import Path

import click

from netclust.cli import cli
from netclust.cli._options import (
    echo_table,
    input_options,
    input_paths,
    load_network,
    output_options,
    progress_bar,
    seed_option,
)
from netclust.metrics.tidy import ALL_METRICS

_SAMPLES_HELP = ("Pivots for betweenness and harmonic closeness "
                 "(default: exact up to 5,000 firms, else 256).")


@cli.command()
@input_options
@output_options()
@seed_option
@click.option("--metric", "metric_names", multiple=True, type=click.Choice(ALL_METRICS),
              help="Compute only this metric (repeatable; default: all).")
@click.option("--samples", type=click.IntRange(min=1), default=None, help=_SAMPLES_HELP)
@click.option("--omega", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Inter-layer coupling for multiplex PageRank and multislice modularity.")
@click.option("--no-communities", is_flag=True,
              help="Skip the community search (no modularity in layer_metrics).")
def metrics(fmt, out, seed, metric_names, samples, omega, no_communities, **kw):
    """Firm measures per layer, aggregate and multiplex, plus layer-level values.

    Writes firm_metrics.<ext> (tidy: firm_id, layer, metric, value; layer is a
    layer name, aggregate or multiplex), layer_metrics.<ext> (layer, other_layer,
    metric, value: sizes, density, edge Jaccard, degree rank correlation,
    modularity) and multiplex_roles.<ext> (participation class, hub, role).

    \b
    Example:
      netclust metrics data/shiling --out reports/shiling --format parquet
      netclust metrics tests/data/lazega_lawfirm --metric pagerank --metric betweenness
    """
    from netclust.io.output import write_table
    from netclust.metrics import community
    from netclust.metrics.centrality import centrality
    from netclust.metrics.multiplex import multiplex_roles
    from netclust.metrics.tidy import layer_metrics

    protect = input_paths(kw)
    net = load_network(kw)
    with progress_bar("Firm metrics") as progress:
        table = centrality(net, list(metric_names) or None, samples=samples, seed=seed,
                           omega=omega, progress=progress)
    comm = None
    if not no_communities:
        with progress_bar("Communities") as progress:
            comm = community.communities(net, seed=seed, omega=omega, progress=progress)
    layers = layer_metrics(net, communities=comm,
                           betweenness_samples=table.attrs.get("betweenness_samples"))
    written = [write_table(table, Path(out) / "firm_metrics", fmt, protect=protect),
               write_table(layers, Path(out) / "layer_metrics", fmt, protect=protect),
               write_table(multiplex_roles(net), Path(out) / "multiplex_roles", fmt,
                           protect=protect, index=True)]
    pivots = table.attrs.get("betweenness_samples")
    click.echo(f"{net.n_firms} firms, {table['metric'].nunique()} metrics, {len(table)} rows; "
               f"betweenness {'exact' if pivots is None else f'sampled with {pivots} pivots'}")
    click.echo("wrote " + ", ".join(str(p) for p in written))


@cli.command()
@input_options
@output_options()
@seed_option
@click.option("--on", "on_layers", multiple=True, metavar="LAYER",
              help="Partition only this layer (repeatable) or 'aggregate' (default: all layers).")
@click.option("--method", type=click.Choice(["leiden", "louvain"]), default="leiden",
              show_default=True, help="Optimiser (louvain is the fallback).")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0,
              show_default=True, help="Resolution: higher gives smaller communities.")
@click.option("--layer-weights", type=click.Choice(["edges", "equal"]), default="edges",
              show_default=True, help="Layers count by total link weight, or equally.")
@click.option("--runs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Independent runs; the best is kept.")
@click.option("--per-layer", is_flag=True,
              help="Also partition every layer separately (layer_communities.<ext>).")
@click.option("--truth", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with firm_id,community (e.g. planted groups): print NMI and ARI.")
def communities(fmt, out, seed, on_layers, method, resolution, layer_weights, runs, per_layer,
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
    import pandas as pd

    from netclust.io.output import write_table
    from netclust.metrics import community

    protect = input_paths(kw)
    net = load_network(kw)
    with progress_bar("Communities") as progress:
        result = community.communities(net, layers=list(on_layers) or None, method=method,
                                       resolution=resolution, layer_weights=layer_weights,
                                       seed=seed, n_runs=runs, progress=progress)
    written = [
        write_table(result.membership.to_frame(), Path(out) / "communities", fmt, protect=protect,
                    index=True),
        write_table(community.community_table(net, result.membership), Path(out) / "community_table",
                    fmt, protect=protect, index=True),
    ]
    if per_layer:
        per = community.layer_communities(net, resolution=resolution, seed=seed).astype("int64")
        written.append(write_table(per, Path(out) / "layer_communities", fmt, protect=protect,
                                   index=True))
    click.echo(f"{result.n_communities} communities ({result.method}); multislice modularity "
               f"{result.multislice_modularity:.4f}")
    echo_table(result.layer_modularity.round(4).to_frame())
    if truth is not None:
        ref = pd.read_csv(truth, dtype={"firm_id": str})
        if not {"firm_id", "community"} <= set(ref.columns):
            raise click.ClickException(f"{truth}: needs columns firm_id and community")
        agree = community.partition_agreement(result.membership, ref.set_index("firm_id")["community"])
        click.echo(f"agreement with {truth.name}: NMI {agree['nmi']:.4f}, ARI {agree['ari']:.4f} "
                   f"over {int(agree['n_firms'])} firms")
    click.echo("wrote " + ", ".join(str(p) for p in written))
