"""Benchmark: export channels for all SMEs (25,600 and 100,000 firms) and recommend (budget 10).

Targets (issue 10): channels <= 2 s at 25,600 and <= 10 s at 100,000 firms; recommend with
budget 10 at 25,600 firms <= 60 s. Baseline: plain networkx (immediate_dominators on the
same reversed graph) and per-SME brute force (remove each candidate firm, recompute
reachability) on a smaller network, reported as a ratio.

Run: ``OMP_NUM_THREADS=1 python benchmarks/bench_channels.py``

Measured (2026-12-05, 2 shared cores, load average 2.3 from ``uptime`` at the start, one
thread; after the greedy re-scores every candidate each round where lazy evaluation is not
exact):

=========================================  ==========  ======  ==========================
what                                       measured    target  note
=========================================  ==========  ======  ==========================
channels, all SMEs, 25,600 firms           0.23 s      2 s     8,536 SMEs
channels, all SMEs, 100,000 firms          0.90 s      10 s    33,344 SMEs
recommend, budget 10, 25,600 firms         3.8 s       60 s    5,955 exact evaluations,
                                                               5,624 -> 6,704 secure SMEs
networkx baseline, 1,600 firms             1.1 s       --      dominators + brute force
                                                               for all 534 SMEs
                                                               (extrapolated from 200),
                                                               against 0.017 s: 63x
=========================================  ==========  ======  ==========================
"""

from __future__ import annotations

import time

import networkx as nx
import numpy as np

import netclust as nc
from netclust.metrics.channels import channel_arcs, export_channels
from netclust.metrics.exporters import exporters
from netclust.recommendation import recommend


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def networkx_baseline(net):
    """networkx dominators + brute force of each SME's single points (remove, recompute)."""
    n = net.n_firms
    u, v = channel_arcs(net)
    ex = np.flatnonzero(exporters(net).mask)
    r = nx.DiGraph()
    r.add_nodes_from(range(n + 1))
    r.add_edges_from(zip(v.tolist(), u.tolist()))
    r.add_edges_from((n, int(e)) for e in ex)
    nx.immediate_dominators(r, n)
    sme = np.flatnonzero((net.firms["role"] == "sme").to_numpy())
    for s in sme[:200]:  # brute force for 200 SMEs: remove each firm on a route, recompute
        ancestors = nx.ancestors(r, int(s)) - {n}
        for f in ancestors:
            h = r.subgraph(set(r) - {f})
            nx.has_path(h, n, int(s))
    return len(sme)


def main():
    for n in (25_600, 100_000):
        net = nc.generate(firms=n, seed=0)
        res, t = timed(lambda: export_channels(net))
        print(f"channels, {n:,} firms: {t:.2f} s "
              f"({res.indicators['smes_reference']:,} SMEs)")
    net = nc.generate(firms=25_600, seed=0)
    rec, t = timed(lambda: recommend(net, 10))
    print(f"recommend budget 10, 25,600 firms: {t:.1f} s ({rec.evaluations} evaluations, "
          f"{rec.before:.0f} -> {rec.after:.0f} secure SMEs)")
    small = nc.generate(firms=1_600, seed=0)
    _, t_nc = timed(lambda: export_channels(small))
    n_sme, t_nx = timed(lambda: networkx_baseline(small))
    per_sme = t_nx / 200 * n_sme
    print(f"1,600 firms: netclust {t_nc:.3f} s; networkx dominators + brute force "
          f"(extrapolated to all {n_sme} SMEs) {per_sme:.1f} s; ratio {per_sme / t_nc:,.0f}x")


if __name__ == "__main__":
    main()
