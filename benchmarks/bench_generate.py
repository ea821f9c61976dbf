"""Benchmark: the Shiling-style generator at 25,600 and 100,000 firms.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/bench_generate.py [--sizes 25600 100000]
        [--repeat 3] [--baseline-max 25600]

For each size it prints (median of ``--repeat`` runs, seed 0):

* ``generate``: :func:`netclust.generator.generate_tables` (firms, links, communities);
* ``transactions``: the same with ``transactions=True`` (dated records);
* ``write``: :func:`netclust.generator.write_tables` to a temporary folder, with file sizes;
* peak memory of ``generate`` with tracemalloc (Python + numpy allocations; separate run);
* baseline: networkx's planted-partition generator ``nx.stochastic_block_model`` (sparse)
  with the same community sizes and the same numbers of links inside / between
  communities: one undirected layer, no degree heterogeneity, no attributes. It is run up
  to ``--baseline-max`` firms (it takes about a minute at 100,000).

The process's peak resident memory (``resource.getrusage``) is printed at the end.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import networkx as nx
import numpy as np

from netclust.generator import generate_tables, write_tables


def _median_time(func, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _peak_mib(func):
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _sbm_baseline(tables):
    comm = tables.communities["community"].to_numpy()
    sizes = np.bincount(comm)
    n, m = comm.size, len(tables.links)
    code = dict(zip(tables.firms["firm_id"], range(n)))
    s = tables.links["source"].map(code).to_numpy()
    d = tables.links["target"].map(code).to_numpy()
    inside = int((comm[s] == comm[d]).sum())
    pairs_in = float((sizes * (sizes - 1) / 2).sum())
    pairs_out = n * (n - 1) / 2 - pairs_in
    p_in, p_out = inside / pairs_in, (m - inside) / pairs_out
    p = np.full((sizes.size, sizes.size), p_out)
    np.fill_diagonal(p, p_in)
    t0 = time.perf_counter()
    graph = nx.stochastic_block_model(sizes.tolist(), p.tolist(), seed=0, sparse=True)
    return time.perf_counter() - t0, graph.number_of_edges()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_600, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-max", type=int, default=25_600,
                        help="largest size at which the networkx baseline runs")
    args = parser.parse_args(argv)

    print(f"{'firms':>8} {'links':>8} {'generate s':>10} {'tx s':>6} {'tx rows':>9} "
          f"{'write s':>7} {'files MB':>8} {'peak MiB':>8} {'nx SBM s':>8} {'ratio':>6}")
    for n in args.sizes:
        t_gen, tables = _median_time(lambda: generate_tables(n, seed=0), args.repeat)
        t_tx, tx = _median_time(lambda: generate_tables(n, seed=0, transactions=True),
                                max(1, args.repeat - 1))
        with tempfile.TemporaryDirectory() as folder:
            t_write, paths = _median_time(lambda: write_tables(tables, Path(folder)), 1)
            mb = sum(p.stat().st_size for p in paths) / 1e6
        peak = _peak_mib(lambda: generate_tables(n, seed=0))
        if n <= args.baseline_max:
            t_nx, _ = _sbm_baseline(tables)
            nx_col, ratio = f"{t_nx:8.2f}", f"{t_nx / t_gen:5.1f}x"
        else:
            nx_col, ratio = f"{'-':>8}", f"{'-':>6}"
        print(f"{n:8d} {len(tables.links):8d} {t_gen:10.2f} {t_tx:6.2f} {len(tx.links):9d} "
              f"{t_write:7.2f} {mb:8.1f} {peak:8.0f} {nx_col} {ratio}")
        per_layer = tables.links["layer"].value_counts()
        print(f"{'':8} per layer: " + ", ".join(f"{k} {v}" for k, v in per_layer.items()))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
