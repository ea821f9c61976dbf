"""Benchmark: every command at 100,000, 300,000 and 1,000,000 firms (issue 13, item 3).

Each command runs in its own subprocess (``python -m netclust ...``, OMP_NUM_THREADS=1);
its wall time and peak resident memory (the child's ``ru_maxrss`` from ``os.wait4``)
are recorded. The network of each size is made once by ``netclust generate --firms N
--seed 0`` (generator defaults) and reused. At the end the script prints one table
(seconds / peak GB per command and size) and, for each command run at two sizes or
more, the growth exponent ``b`` of ``time ~ a * N^b`` fitted by least squares on
log time vs log N (1: linear; 2: quadratic).

Targets on the 2-core, 24 GB machine of the issue: ``metrics`` at 1,000,000 firms
within 3 minutes (default, sampled settings); ``report`` at 1,000,000 within
10 minutes and 8 GB peak.

Measured (issue 13, this 2-core machine shared with 3-6 other jobs: load average 3-6,
so every figure is inflated 1.5-3x by contention and noisy; seconds / peak RSS):

=========== ================= ================= ===================================
command     100k before       300k after        1M
=========== ================= ================= ===================================
info        5.6 s / 0.65 GB                     87 s (issue)
validate    3.4 s / 0.58 GB
communities 24.9 s / 0.76 GB  153 s / 1.8 GB    186 s (issue, 2 runs; now 1 run)
resilience  22.2 s / 0.72 GB
symbiosis   18.3 s / 0.71 GB                    785 s (issue, 50 null runs)
scenario    11.6 s / 0.68 GB
channels    6.2 s / 0.58 GB
recommend   219.5 s / 0.58 GB 653 s / 1.3 GB
map         115.8 s / 0.98 GB
export      102.1 s / 3.38 GB
report      208.1 s / 1.68 GB                   not run to the end (see below)
metrics     54.9 s / 1.18 GB  250 s / 3.1 GB    out of memory at 8 GB address space
                                                after 809 s (peak RSS 6.4 GB)
=========== ================= ================= ===================================

In-process, at the same load: sampled closeness 10.5 s -> 2.4 s at 30,000 firms (same
values), 50.9 s -> 24.7 s at 100,000; ``recommend`` 27.6 s -> 10.9 s at 30,000 and about
40 s (uncontended) at 100,000 (same picks); ``numpy.unique`` of the aggregate view's
pair keys 5.7 s -> 0.1 s at 300,000. At 1,000,000 firms (before the size-dependent
pivots): read 82 s, first views 70 s, PageRank 40 s, harmonic closeness 224 s, closeness
177 s with 256 pivots; now 32 pivots (``default_samples``). Growth exponents could not
be fitted reliably under this load; measure on an idle machine with
``--sizes 100000,300000,1000000``.

``metrics`` after the scale pass of the metrics owner (same machine, load 1.5-2.5;
seconds / peak RSS; values unchanged where exact):

=========== ================= ================= ===================================
command     100k              300k              1M
=========== ================= ================= ===================================
metrics     53 s / 1.03 GB    83 s / 2.40 GB    361 s / 7.34 GB (before: out of
            (before: 55 s /   (before: 250 s /  memory after 809 s); under
            1.18 GB)          3.1 GB)           ``--max-memory 8GB`` still stopped
                                                at 231 s (address space, not RSS)
=========== ================= ================= ===================================

Growth exponent of ``metrics``: 0.84 over 100k/300k/1M (1.22 between 300k and 1M;
the 100k run shared the machine with the test suite).

What changed: the tidy firm table is filled in place (categorical codes in their final
dtypes, no per-measure chunks; 10 s / +4.2 GB -> 3 s / +1.1 GB for 80M rows); igraph
views get their edges from numpy pairs (2x faster); Burt's constraint sums over
triangles with numpy (5x faster than igraph's, equal to 1e-15); above 200,000 firms the
community search behind the layer modularities is igraph's Leiden on the aggregate
(``community_method="leiden-aggregate"``, named in the results and the report: about
20 s at 1M instead of about 90 s per multiplex run). In-process at 1M (load ~2): read
64 s, views 10 s, betweenness (32 pivots) 29 s, hub 16 s, authority 26 s, eigenvector
16 s, versatility 16 s, constraint 43 s (before the last 3x), tidy table 23 s (before
the in-place fill), communities 22 s, layer table 22 s. Left above the 3-minute target:
reading (about a fifth), HITS/eigenvector (ARPACK per component), and writing 82M rows.

Run with ``python benchmarks/bench_scale.py`` (all sizes, all commands) or e.g.
``python benchmarks/bench_scale.py --sizes 100000 --commands metrics,report``.
``--max-memory 8GB`` passes netclust's global limit to every command; ``--timeout``
stops a command that runs longer (recorded as ``timeout``); ``--json FILE`` appends
the raw measurements (one JSON object a line) for later comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {
    "generate": lambda d, o: ["generate", "--firms", "{n}", "--seed", "0", "--out", d],
    "info": lambda d, o: ["info", d],
    "validate": lambda d, o: ["validate", d],
    "metrics": lambda d, o: ["metrics", d, "--out", f"{o}/metrics", "--format", "parquet"],
    "communities": lambda d, o: ["communities", d, "--out", f"{o}/communities"],
    "resilience": lambda d, o: ["resilience", d, "--out", f"{o}/resilience"],
    "symbiosis": lambda d, o: ["symbiosis", d, "--out", f"{o}/symbiosis"],
    "scenario": lambda d, o: ["scenario", d, "--out", f"{o}/scenario", "exit", "--top", "3"],
    "channels": lambda d, o: ["channels", d, "--out", f"{o}/channels"],
    "recommend": lambda d, o: ["recommend", d, "--budget", "5", "--out", f"{o}/recommend"],
    "map": lambda d, o: ["map", d, "--out", f"{o}/map.html"],
    "report": lambda d, o: ["report", d, "--out", f"{o}/report.html"],
    "export": lambda d, o: ["export", d, "--to", "graphml", "--out", f"{o}/net.graphml"],
}
SIZES = (100_000, 300_000, 1_000_000)


def run(argv: list, timeout: float, env: dict) -> dict:
    """Run ``python -m netclust argv`` in a child: wall seconds, its peak RSS (bytes), status."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "netclust", *argv], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = t0 + timeout
    status = "ok"
    err = proc.stderr
    chunks = []
    os.set_blocking(err.fileno(), False)
    while True:
        pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
        data = err.read()
        if data:
            chunks.append(data)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            status = "timeout"
        time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(code)
    seconds = time.perf_counter() - t0
    if status == "ok" and proc.returncode != 0:
        status = f"exit {proc.returncode}"
    text = b"".join(chunks).decode(errors="replace")
    return {"seconds": seconds, "peak": usage.ru_maxrss * 1024, "status": status,
            "stderr": text[-600:] if status != "ok" else ""}


def exponent(points: list) -> float | None:
    """Least-squares slope of log(seconds) on log(n) over ``[(n, seconds), ...]``."""
    pts = [(math.log(n), math.log(s)) for n, s in points if s and s > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def table(results: dict, sizes: list, commands: list) -> str:
    """One line per command: seconds / peak GB at each size, then the growth exponent."""
    head = f"{'command':<12}" + "".join(f"{n:>22,}" for n in sizes) + f"{'exponent':>10}"
    lines = [head, "-" * len(head)]
    for c in commands:
        cells, pts = [], []
        for n in sizes:
            r = results.get((c, n))
            if r is None:
                cells.append(f"{'-':>22}")
                continue
            gb = f"{r['peak'] / 1e9:.2f} GB" if r["peak"] else "?"
            mark = "" if r["status"] == "ok" else f" {r['status']}"
            cells.append(f"{r['seconds']:>9.1f} s {gb:>8}{mark}".rjust(22))
            if r["status"] == "ok":
                pts.append((n, r["seconds"]))
        b = exponent(pts)
        lines.append(f"{c:<12}" + "".join(cells) + (f"{b:>10.2f}" if b is not None else f"{'-':>10}"))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)),
                    help="comma-separated numbers of firms (default 100000,300000,1000000)")
    ap.add_argument("--commands", default=",".join(COMMANDS),
                    help="comma-separated commands (default: all)")
    ap.add_argument("--work", default="/tmp/netclust-bench-scale",
                    help="folder for the generated networks and outputs")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per command")
    ap.add_argument("--max-memory", default=None, help="netclust --max-memory for each command")
    ap.add_argument("--json", default=None, help="append raw results to this JSON-lines file")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    commands = [c for c in args.commands.split(",") if c]
    unknown = set(commands) - set(COMMANDS)
    if unknown:
        ap.error(f"unknown command(s) {sorted(unknown)}; choose from {list(COMMANDS)}")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    prefix = ["--max-memory", args.max_memory] if args.max_memory else []
    results = {}
    for n in sizes:
        data = Path(args.work) / f"firms{n}"
        out = Path(args.work) / f"out{n}"
        out.mkdir(parents=True, exist_ok=True)
        if "generate" not in commands and not (data / "links.csv").exists():
            r = run([a.format(n=n) for a in COMMANDS["generate"](str(data), str(out))],
                            args.timeout, env)
            print(f"(generated {n:,} firms in {r['seconds']:.1f} s)", file=sys.stderr)
        for c in commands:
            cmd = [a.format(n=n) for a in COMMANDS[c](str(data), str(out))]
            r = run(prefix + cmd, args.timeout, env)
            results[(c, n)] = r
            gb = r["peak"] / 1e9 if r["peak"] else float("nan")
            print(f"{n:>9,} {c:<12} {r['seconds']:8.1f} s {gb:6.2f} GB {r['status']}"
                  + (f"\n    {r['stderr'].strip()[-300:]}" if r["stderr"] else ""),
                  file=sys.stderr, flush=True)
            if args.json:
                with open(args.json, "a") as fh:
                    fh.write(json.dumps({"n": n, "command": c, **r}) + "\n")
    print(table(results, sizes, commands))
    return 0


if __name__ == "__main__":
    sys.exit(main())
