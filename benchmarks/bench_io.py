"""Benchmark: read -> validate -> build at 25,600 and 100,000 firms, beside plain networkx.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/bench_io.py [--sizes 25600 100000]

For each size, the generator's default network is written to CSV in a temporary
folder, then timed:

* ``netclust``: ``nc.read(folder)`` split into its steps (read files, validate,
  build the coded network) plus the first igraph view of every layer;
* ``networkx`` baseline: ``pandas.read_csv`` + ``nx.from_pandas_edgelist`` into a
  MultiDiGraph with node attributes (no validation at all).

Peak memory is measured with tracemalloc (Python and numpy allocations) in a
separate run of each pipeline.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from pathlib import Path

import networkx as nx
import pandas as pd

import netclust as nc
from netclust.generator import generate_tables, write_tables
from netclust.io.reader import _check
from netclust.io.tables import read_inputs
from netclust.model import MultilayerNetwork


def _netclust(folder: Path, steps: dict | None = None):
    t0 = time.perf_counter()
    inputs = read_inputs(folder)
    t1 = time.perf_counter()
    report, firms, links, specs = _check(inputs, None, None, None, None)
    t2 = time.perf_counter()
    net = MultilayerNetwork(firms, links, specs, validation=report)
    t3 = time.perf_counter()
    for layer in net.layer_names + ["aggregate"]:
        net.to_igraph(layer)
    t4 = time.perf_counter()
    if steps is not None:
        steps.update(read=t1 - t0, validate=t2 - t1, build=t3 - t2, igraph_views=t4 - t3)
    return net


def _networkx(folder: Path):
    firms = pd.read_csv(folder / "firms.csv", dtype={"firm_id": str})
    links = pd.read_csv(folder / "links.csv", dtype={"source": str, "target": str})
    G = nx.from_pandas_edgelist(links, "source", "target", edge_attr=["weight"], edge_key="layer",
                                create_using=nx.MultiDiGraph)
    G.add_nodes_from(firms.set_index("firm_id").to_dict("index").items())
    return G


def _peak(fn, *args) -> float:
    gc.collect()
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(sizes):
    print(f"{'firms':>8} {'links':>8} | {'read':>6} {'valid.':>6} {'build':>6} {'views':>6} "
          f"{'total':>6} | {'networkx':>8} {'ratio':>6} | {'peak MB':>8} {'nx MB':>7}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write_tables(generate_tables(n, seed=0), folder)
            steps: dict = {}
            best = None
            for _ in range(3):
                s: dict = {}
                net = _netclust(folder, s)
                if best is None or sum(s.values()) < sum(best.values()):
                    best = s
            steps = best
            total = sum(steps.values())
            t = time.perf_counter()
            _networkx(folder)
            t_nx = time.perf_counter() - t
            peak = _peak(_netclust, folder)
            peak_nx = _peak(_networkx, folder)
            print(f"{n:>8} {len(net.links):>8} | {steps['read']:6.2f} {steps['validate']:6.2f} "
                  f"{steps['build']:6.2f} {steps['igraph_views']:6.2f} {total:6.2f} | "
                  f"{t_nx:8.2f} {t_nx / total:5.1f}x | {peak:8.0f} {peak_nx:7.0f}")
    print("seconds (best of 3 for netclust); ratio = networkx time / netclust time "
          "(networkx does no validation and builds no per-layer views)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_600, 100_000])
    main(ap.parse_args().sizes)
