"""Benchmarks of the symbiosis indicators.

1. NODF on a 5,000 x 500 web: netclust's vectorised implementation (no loop over
   row pairs) beside a straightforward pure-Python implementation (one loop over
   every pair of rows and of columns, set intersections), printed as a ratio.
2. The full symbiosis scorecard (four role-pair webs, 13 indicators each, every
   one against 200 null webs, plus the cluster indicators and firm table) on the
   25,600-firm generated network, beside the 60 s target: wall and CPU time
   (the machine may be shared, so both), and where the time goes per indicator.

Run with one thread per library:

    OMP_NUM_THREADS=1 python benchmarks/bench_symbiosis.py
    OMP_NUM_THREADS=1 python benchmarks/bench_symbiosis.py --skip-nodf --jobs 1,2
    OMP_NUM_THREADS=1 python benchmarks/bench_symbiosis.py --network data/shiling-25k

``--network DIR`` reads a folder written by ``netclust generate --firms 25600
--seed 0 --out DIR`` instead of generating it (generation is not timed either way).
``--python-rows N`` times the pure-Python NODF on the first N rows only and scales
it by the number of pairs (default: all 5,000 rows, which takes minutes).
``--jobs 1,2`` times the scorecard once per value of ``n_jobs`` (worker processes
for the null webs; same tables for every value).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

import netclust as nc  # noqa: E402
from netclust.metrics.nestedness import nodf  # noqa: E402
from netclust.metrics.scorecard import _INDICATORS  # noqa: E402
from netclust.metrics.symbiosis import extract_webs, symbiosis  # noqa: E402


def nodf_pure_python(rows_sets, col_sets):
    """Binary sorted NODF, the straightforward way: every pair of rows, every pair
    of columns, set intersections (vegan's loops in plain Python)."""
    def side(sets):
        order = sorted(range(len(sets)), key=lambda i: -len(sets[i]))
        sets = [sets[i] for i in order]
        total = 0.0
        for i in range(len(sets) - 1):
            first = sets[i]
            k_i = len(first)
            for j in range(i + 1, len(sets)):
                second = sets[j]
                k_j = len(second)
                if k_i > k_j > 0:
                    total += len(first & second) / k_j
        return total, len(sets) * (len(sets) - 1) / 2

    s_r, p_r = side(rows_sets)
    s_c, p_c = side(col_sets)
    return 100 * (s_r + s_c) / (p_r + p_c), s_r, p_r


def skewed_web(n_rows, n_cols, links, seed=0):
    """Random web with heavy-tailed degrees (like SME x partner webs)."""
    rng = np.random.default_rng(seed)
    pr = rng.pareto(1.5, n_rows) + 1
    pc = rng.pareto(1.2, n_cols) + 1
    r = rng.choice(n_rows, links, p=pr / pr.sum())
    c = rng.choice(n_cols, links, p=pc / pc.sum())
    w = rng.gamma(1.0, 10.0, links)
    import scipy.sparse as sp
    m = sp.csr_matrix((w, (r, c)), shape=(n_rows, n_cols))
    m.sum_duplicates()
    return m


def bench_nodf(python_rows: int | None):
    m = skewed_web(5000, 500, 250_000)
    print(f"\n== NODF on a {m.shape[0]:,} x {m.shape[1]} web, {m.nnz:,} links "
          f"(fill {m.nnz / (m.shape[0] * m.shape[1]):.3f})")
    times = {}
    for weighted in (False, True):
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            res = nodf(m, weighted=weighted)
            best = min(best, time.perf_counter() - t)
        times[weighted] = best
        print(f"netclust nodf(weighted={weighted}): {best:8.3f} s   NODF = {res.total:.4f}")
    b = m.tolil()
    rows_sets = [set(r) for r in b.rows]
    col_sets = [set() for _ in range(m.shape[1])]
    for i, r in enumerate(b.rows):
        for j in r:
            col_sets[j].add(i)
    n = m.shape[0] if python_rows is None else min(python_rows, m.shape[0])
    t = time.perf_counter()
    if n == m.shape[0]:
        value, _, _ = nodf_pure_python(rows_sets, col_sets)
        elapsed = time.perf_counter() - t
        label = "measured"
        assert abs(value - nodf(m).total) < 1e-6, (value, nodf(m).total)
    else:
        # time the row pairs of the first n rows and scale by the pair count
        _, _, pairs = nodf_pure_python(rows_sets[:n], [])
        part = time.perf_counter() - t
        total_pairs = m.shape[0] * (m.shape[0] - 1) / 2 + m.shape[1] * (m.shape[1] - 1) / 2
        elapsed = part * total_pairs / pairs
        label = f"scaled from {n:,} rows"
    print(f"pure Python (pair loops, set intersections): {elapsed:8.1f} s ({label})")
    print(f"ratio pure Python / netclust binary: {elapsed / times[False]:,.0f}x")
    return times, elapsed


TARGET_S = 60.0


def bench_scorecard(path: str | None, runs: int, modularity: bool = True, jobs: int = 1,
                    breakdown: bool = True):
    """Time ``symbiosis(net, runs=runs)``; print wall / CPU beside the target and,
    with ``breakdown``, the seconds spent per indicator over all webs and runs."""
    import resource

    import netclust.metrics.scorecard as S

    print(f"\n== Full symbiosis scorecard, {runs} null runs per web and index, n_jobs={jobs}")
    t = time.perf_counter()
    net = nc.read(path) if path else nc.generate(firms=25_600, seed=0)
    print(f"network: {net.n_firms:,} firms, {len(net.links):,} links "
          f"(loaded in {time.perf_counter() - t:.1f} s, not timed)")
    webs = extract_webs(net)
    for name, w in webs.items():
        print(f"  {name:14s} {w.shape[0]:6,} x {w.shape[1]:5,}  {w.matrix.nnz:7,} links")
    timings = {} if breakdown else None
    done_at = {}

    def progress(done, total):
        done_at[done] = time.perf_counter()

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    t, c = time.perf_counter(), time.process_time()
    result = symbiosis(net, runs=runs, seed=0, modularity=modularity, n_jobs=jobs,
                       progress=progress, timings=timings)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_children = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    verdict = "within" if wall <= TARGET_S else "OVER"
    n_ind = len(_INDICATORS) - (not modularity)
    print(f"symbiosis(net, runs={runs}, modularity={modularity}, n_jobs={jobs}): "
          f"{len(result.scorecard)} scorecard rows, {len(result.firms):,} firm rows, "
          f"{n_ind} indicators x {len(result.webs)} webs with nulls")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  wall {wall:6.1f} s   target {TARGET_S:.0f} s   -> {verdict} the target "
          f"(1-min load average at the end: {load:.1f} on {os.cpu_count()} cores)")
    print(f"  CPU  {cpu + cpu_children:6.1f} s   (this process {cpu:.1f} s, "
          f"worker processes {cpu_children:.1f} s)")
    # per web: wall clock between the progress ticks that close each web's runs
    if jobs == 1 and runs:
        marks = [t] + [done_at.get((i + 1) * runs, np.nan) for i in range(len(result.webs))]
        per_web = ", ".join(f"{name} {b - a:.1f} s" for name, a, b in
                            zip(result.webs, marks[:-1], marks[1:]))
        print(f"  wall per web (observed + {runs} null webs): {per_web}")
    if timings:
        total_w = sum(v[0] for v in timings.values())
        total_c = sum(v[1] for v in timings.values())
        print(f"  per index, summed over webs and runs (CPU share of the {total_c:.1f} s "
              "spent on null webs and indicators):")
        print(f"    {'':34s} {'wall s':>7s} {'CPU s':>7s} {'CPU %':>6s}")
        for label, (w_s, c_s) in sorted(timings.items(), key=lambda kv: -kv[1][1]):
            print(f"    {label:34s} {w_s:7.2f} {c_s:7.2f} {100 * c_s / total_c:5.1f}%")
        fixed = ", ".join(S._FIXED_BY_NULL["curveball"])
        print(f"    {fixed + ' (fixed by the null)':34s} {0:7.2f} {0:7.2f}   (not recomputed)")
        rest_wall = f"{max(0.0, wall - total_w):7.2f}" if jobs == 1 else f"{'-':>7s}"
        print(f"    {'rest (imports, webs, firms)':34s} {rest_wall} "
              f"{max(0.0, cpu + cpu_children - total_c):7.2f}")
        if jobs > 1:
            print("    (wall seconds are summed over the worker processes)")
    return wall, cpu + cpu_children


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default=None, help="folder of a generated network")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--python-rows", type=int, default=None)
    parser.add_argument("--skip-scorecard", action="store_true")
    parser.add_argument("--skip-nodf", action="store_true")
    parser.add_argument("--no-modularity", action="store_true",
                        help="also time the scorecard without modularity")
    parser.add_argument("--jobs", default="1",
                        help="comma-separated n_jobs values to time (default 1)")
    args = parser.parse_args(argv)
    if not args.skip_nodf:
        bench_nodf(args.python_rows)
    if not args.skip_scorecard:
        for jobs in [int(x) for x in args.jobs.split(",") if x.strip()]:
            bench_scorecard(args.network, args.runs, jobs=jobs)
        if args.no_modularity:
            bench_scorecard(args.network, args.runs, modularity=False)


if __name__ == "__main__":
    main()
