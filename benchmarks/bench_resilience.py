"""Benchmark: removal curves, adaptive attack and systemic importance vs naive baselines.

Run with ``OMP_NUM_THREADS=1 python benchmarks/bench_resilience.py`` (add ``--quick`` for
a 5,000-firm smoke run). Prints, for the generator's default network (25,600 firms), the
netclust time of each task beside a naive baseline and their ratio:

* naive networkx recomputation: remove the next firm, recompute every connected
  component (``nx.connected_components``); timed on ``--steps`` removals spread evenly
  over the curve (the graph is rebuilt untimed before each), the mean step time times
  N gives the full-curve estimate;
* adaptive degree: the naive step also scans all degrees for the maximum;
* systemic importance: the naive cascade re-checks every firm's dependency rules on a
  networkx graph in every round, one seed at a time (timed on ``--seeds`` seeds, times
  N); a second, smarter plain-Python baseline follows only the customers of newly
  failed firms (frontier search with dicts and sets).

Targets (issue 4): static curve <= 0.5 s, 100 random runs <= 10 s, adaptive degree
<= 2 s, systemic importance for all firms <= 60 s, a full curve at 100,000 firms <= 2 s.
The machine is shared: the load average is printed, figures under load are pessimistic.
"""

from __future__ import annotations

import argparse
import os
import time

import networkx as nx
import numpy as np

from netclust.generator import generate_tables
from netclust.schema import DEFAULT_LAYERS
from netclust.metrics import cascade as cas
from netclust.metrics import resilience as res
from netclust.model import MultilayerNetwork


def network(n: int, seed: int = 0) -> MultilayerNetwork:
    """Return the generator's network (same as ``nc.generate(firms=n, seed=seed)``).

    Built with the constructor from the generator's tables, which are valid by
    construction, so the timing of the benchmark does not depend on the reader.
    """
    t = generate_tables(n, seed=seed)
    return MultilayerNetwork(t.firms.set_index("firm_id"), t.links, DEFAULT_LAYERS)


def best_of(func, repeat=3):
    times = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - t0)
    return min(times), out


def nx_graph(lay) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(lay.n))
    g.add_edges_from(zip(lay.edges.rows.tolist(), lay.edges.indices.tolist()))
    return g


def naive_curve_estimate(lay, order, steps: int, adaptive: bool = False) -> float:
    """Mean time of one naive removal step (over ``steps`` points) times N."""
    n = lay.n
    base = nx_graph(lay)
    total = 0.0
    qs = np.linspace(0, n - 2, steps).astype(int)
    for q in qs:
        g = base.copy()
        g.remove_nodes_from(order[:q].tolist())
        t0 = time.perf_counter()
        if adaptive:
            max(g.degree, key=lambda kv: (kv[1], -kv[0]))
        g.remove_node(int(order[q]))
        max((len(c) for c in nx.connected_components(g)), default=0)
        total += time.perf_counter() - t0
    return total / len(qs) * n


def naive_recompute_estimate(net, seeds: int) -> float:
    """Default rules re-checked for every firm in every round (networkx), times N."""
    firms = net.firms
    role = firms["role"].to_dict()
    sector = firms["sector"].to_dict()
    exporter = firms["exporter"].to_dict()
    g = net.to_networkx("procurement")
    makers = [f for f in g if role[f] in ("sme", "anchor")]
    ids = list(firms.index)
    t0 = time.perf_counter()
    for seed in ids[:seeds]:
        failed = {seed}
        changed = True
        while changed:
            changed = False
            for f in makers:
                if f in failed:
                    continue
                kinds = {}
                for p in g.predecessors(f):
                    if role[p] == "supplier":
                        kinds.setdefault(sector[p], []).append(p in failed)
                dead = any(all(v) for v in kinds.values())
                if role[f] == "sme" and not exporter[f]:
                    bs = [b in failed for b in g.successors(f) if role[b] == "anchor"]
                    dead = dead or (len(bs) > 0 and all(bs))
                if dead:
                    failed.add(f)
                    changed = True
    return (time.perf_counter() - t0) / seeds * len(ids)


def naive_cascade_estimate(net, seeds: int) -> float:
    """Plain-Python frontier cascades of the default rules, one seed at a time, times N."""
    firms = net.firms
    role = firms["role"].to_dict()
    sector = firms["sector"].to_dict()
    exporter = firms["exporter"].to_dict()
    lk = net.links
    suppliers, buyers = {}, {}
    for s, t, lay in zip(lk.source, lk.target, lk.layer):
        if lay != "procurement":
            continue
        if role[s] == "supplier" and role[t] in ("sme", "anchor"):
            suppliers.setdefault(t, {}).setdefault(sector[s], set()).add(s)
        if role[t] == "anchor" and role[s] == "sme" and not exporter[s]:
            buyers.setdefault(s, set()).add(t)
    customers = {}
    for f, kinds in suppliers.items():
        for members in kinds.values():
            for p in members:
                customers.setdefault(p, set()).add(f)
    for f, bs in buyers.items():
        for b in bs:
            customers.setdefault(b, set()).add(f)
    ids = list(firms.index)
    t0 = time.perf_counter()
    for seed in ids[:seeds]:
        failed = {seed}
        frontier = [seed]
        while frontier:
            nxt = []
            for p in frontier:
                for f in customers.get(p, ()):
                    if f in failed:
                        continue
                    dead = any(all(x in failed for x in members)
                               for members in suppliers.get(f, {}).values())
                    if f in buyers and all(b in failed for b in buyers[f]):
                        dead = True
                    if dead:
                        failed.add(f)
                        nxt.append(f)
            frontier = nxt
    return (time.perf_counter() - t0) / seeds * len(ids)


def row(task, ours, naive, target):
    ratio = naive / ours if ours > 0 else float("inf")
    ok = "ok" if ours <= target else "OVER"
    print(f"{task:<38} {ours:>9.3f} s {naive:>11.3f} s {ratio:>9.1f}x   target {target:>4g} s {ok}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=25_600)
    ap.add_argument("--big", type=int, default=100_000, help="size of the large-network run")
    ap.add_argument("--steps", type=int, default=8, help="naive steps timed per curve")
    ap.add_argument("--seeds", type=int, default=2000, help="frontier cascades timed")
    ap.add_argument("--naive-seeds", type=int, default=5, help="naive recomputed cascades timed")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--quick", action="store_true", help="5,000 and 20,000 firms, 20 runs")
    args = ap.parse_args()
    if args.quick:
        args.firms, args.big, args.runs, args.steps = 5_000, 20_000, 20, 4
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}  load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    net = network(args.firms)
    lay = res._Layer(net, "aggregate")
    print(f"{net.n_firms} firms, {len(net.links)} links, {len(lay.edges.indices)} aggregate pairs")
    print(f"{'task':<38} {'netclust':>11} {'naive (est.)':>13} {'ratio':>10}")
    rng = np.random.default_rng(0)

    t, order = best_of(lambda: res._order(lay, "degree", rng))
    t2, _ = best_of(lambda: res._lcc_sizes(lay.edges, order))
    row("static degree curve (order + curve)", t + t2,
        naive_curve_estimate(lay, order, args.steps), 0.5)

    t, _ = best_of(lambda: res.removal_curves(net, "random", runs=args.runs, seed=0), repeat=1)
    rnd = rng.permutation(lay.n)
    row(f"{args.runs} random runs (tidy table)", t,
        args.runs * naive_curve_estimate(lay, rnd, max(2, args.steps // 2)), 10 * args.runs / 100)

    t, order = best_of(lambda: res._order(lay, "adaptive-degree", rng))
    t2, _ = best_of(lambda: res._lcc_sizes(lay.edges, order))
    row("adaptive degree attack + curve", t + t2,
        naive_curve_estimate(lay, order, args.steps, adaptive=True), 2.0)

    t, _ = best_of(lambda: res.channel_access_curves(net, "degree"))
    row("channel-access curve (degree)", t, naive_curve_estimate(lay, order, args.steps), 0.5)

    t, si = best_of(lambda: cas.systemic_importance(net), repeat=1)
    row("systemic importance, all firms", t, naive_recompute_estimate(net, args.naive_seeds),
        60.0)
    row("  same vs plain-Python frontier search", t, naive_cascade_estimate(net, args.seeds), 60.0)
    print(f"   largest single-firm cascade: {int(si.cascade_size.max())} firms; "
          f"{int((si.cascade_size > 0).sum())} firms trigger a cascade")

    big = network(args.big)
    blay = res._Layer(big, "aggregate")
    border = rng.permutation(blay.n)
    t, _ = best_of(lambda: res._lcc_sizes(blay.edges, border))
    row(f"random curve at {big.n_firms} firms", t,
        naive_curve_estimate(blay, border, max(2, args.steps // 2)), 2.0)
    t, dorder = best_of(lambda: res._order(blay, "adaptive-degree", rng), repeat=1)
    t2, _ = best_of(lambda: res._lcc_sizes(blay.edges, dorder))
    row(f"adaptive degree at {big.n_firms} firms", t + t2,
        naive_curve_estimate(blay, dorder, max(2, args.steps // 2), adaptive=True), 8.0)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
