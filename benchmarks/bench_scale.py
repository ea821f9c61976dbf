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

Measured after the second scale pass (issue 13; this 2-core machine, load 1-2: this
benchmark plus at most one other job; seconds / peak RSS of the command's process; the
generator's networks: 100k = 605k links, 300k = 1.83M links, 1M = 6.15M links):

=========== ================= ================= ================= ========
command     100,000           300,000           1,000,000         exponent
=========== ================= ================= ================= ========
info        4.8 s / 0.58 GB   23.5 s / 1.30 GB  48.9 s / 3.83 GB  1.00
validate    2.8 s / 0.52 GB   17.7 s / 1.25 GB  38.5 s / 3.91 GB  1.13
metrics     61.0 s / 0.95 GB  92.7 s / 2.16 GB  306 s / 6.70 GB   0.71
communities 24.0 s / 0.77 GB  27.1 s / 1.49 GB  114 s / 4.11 GB   0.68*
resilience  17.2 s / 0.76 GB  58.3 s / 1.88 GB  257 s / 4.49 GB   1.18*
symbiosis   16.8 s / 0.75 GB  80.5 s / 1.66 GB  256 s / 5.00 GB   1.18*
scenario    7.8 s / 0.66 GB   31.0 s / 1.45 GB  164 s / 4.53 GB   1.32*
channels    4.8 s / 0.58 GB   15.8 s / 1.30 GB  83.4 s / 3.95 GB  1.24*
recommend   5.8 s / 0.58 GB   19.2 s / 1.30 GB  97.0 s / 4.09 GB  1.23*
map         33.3 s / 0.98 GB  32.3 s / 2.25 GB  104 s / 5.54 GB   0.50
export      36.7 s / 3.34 GB  148 s / 9.47 GB   337 s / 10.05 GB  0.96
report      75.3 s / 1.36 GB  220 s / 3.57 GB   659 s / 11.25 GB  0.94
=========== ================= ================= ================= ========

Exponent: least-squares slope of log time on log N over the three sizes (1: linear).
``*``: the 1M figure of these commands was measured while the test suite ran beside it
(load 2-3), which inflates it by up to 2x and the exponent by up to 0.3. Their steps,
measured in-process at load 1-2 (time at 1M / time at 100k, divided by 10): channels
1.02, removal curves 0.98, recommendations 1.12, baselines 1.23, systemic importance
1.27, scenarios 1.24.
Above 200,000 firms the default settings change (documented where they are set, and
said in the report's method notes): communities by Leiden on the aggregate, 32-85
betweenness pivots, 5 null webs above 300,000, ``exporters_reached`` for the 100 listed
SMEs. That is why ``communities`` hardly grows between 100k and 300k. ``export`` (GraphML
via networkx) was measured before it moved to networkx's streaming lxml writer (100k:
22.9 s / 1.24 GB after). ``metrics`` at 1M overlapped another job for about two minutes.

Third scale pass (session 4; same machine, load 1: nothing beside the command; 1M only,
``/usr/bin/time``): ``report`` at 1M **516 s / 8.12 GB** (7.56 GiB) peak RSS of one process (was 659 s /
11.25 GB); ``metrics`` at 1M **227 s / 6.82 GB** (was 306 s / 6.70 GB; target 180 s: not met). GEXF export (streamed from
the columns, no networkx graph; helper figures): 100k 15.4 s / 0.87 GB (was 43.8 s /
3.25 GB), 300k 38.2 s / 1.60 GB (was 179 s / 9.24 GB); GraphML on the same writer: 100k
13.9 s / 0.65 GB, 300k 33.1 s / 1.37 GB (exponents 0.83 and 0.79).

What changed in the third pass:

* the costly firm measures run *whole* as tasks on the two worker processes, largest first,
  after the views are built once (before, each measure forked its per-layer tasks and the
  aggregate, the largest view, often ran last on one core): ``firm_measures`` 196 s -> 117 s;
* harmonic closeness and closeness share one search on undirected views; hub/authority
  components from weak components of rows -> columns (no bipartite copy);
* independent steps run beside the main ones (``Analysis.prefetch``): in ``metrics`` the
  community search and layer table beside the firm measures; in ``report`` communities and
  multiplex measures in one worker and the symbiosis null webs in another, and the three
  scenarios side by side after the network before them is measured once;
* reading: engine links left unsorted (the network orders them by codes), one packed-key
  sort instead of a group-by when link keys are unique, no group sums for unique links,
  Arrow lookups for linked firms and declared layers (reading 1M: 80 s -> 57 s);
* memory: freed memory given back after reading and after every step (2.09 -> 1.03 GB
  after reading 1M), undirected views of directed layers released after the firm measures,
  the symbiosis firm table categorical (0.86 -> ~0.2 GB), the wide firm table reshaped
  from the tidy blocks (18 s and a pivot's copies saved).

Report at 1M, steps (seconds; a step collected from a worker shows its wait):
reading 58, summary 20, firm measures 87 (+ wide table 11), channels 17, recommendations
27, removal curves 105, systemic importance 9, symbiosis (worker) 227 beside the others,
scenarios 134, map and page about 60. Peak resident memory (``ru_maxrss``: the largest
single process, decimal GB as in the table): 8.12 GB; the main process, sampled every 2 s,
peaked at 7.0 GB (in the page), so the peak is a worker or a spike between samples. A worker's RSS
counts the pages of the shared network it reads, which the main process counts too; the
machine's total use is below the sum of the processes' RSS.

Fourth scale pass (session 5; same machine, load 1: this benchmark alone; seconds / peak
RSS of the largest single process, decimal GB):

=========== ================= ================= ================= ========
command     100,000           300,000           1,000,000         exponent
=========== ================= ================= ================= ========
info        4.4 s / 0.49 GB   12.0 s / 1.18 GB  35.7 s / 2.68 GB  0.91
validate    2.6 s / 0.49 GB   9.8 s / 1.18 GB   23.6 s / 1.74 GB  0.95
metrics     31.1 s / 0.91 GB  44.3 s / 2.30 GB  153 s / 7.25 GB   0.70
export      6.4 s / 0.55 GB   23.2 s / 1.19 GB  64.9 s / 2.82 GB  1.00
report      55.3 s / 1.11 GB  131 s / 2.66 GB   427 s / 7.89 GB   0.89
=========== ================= ================= ================= ========

Both targets met: ``metrics`` at 1M 153 s (target 180 s; 160 s and 177.5 s in two
``/usr/bin/time`` runs the same day), ``report`` at 1M 427 s / 7.89 GB (targets 600 s,
8 GB; 444 s / 7.97 GB in a ``/usr/bin/time`` run). The report's peak is a scenario worker
(a fork of the 4.9 GB main process plus about 2.4 GB of its own), so the memory margin is
thin. The other commands were not rerun in this pass; the reading and kernel fixes below
apply to all of them. What changed:

* a third of the CPU time was the kernel's: ``perf`` showed 20 % of all samples zeroing
  fresh pages, most of them huge pages that numpy asks for (``madvise``) and the kernel
  compacts memory to find. The command line turns numpy's advice off
  (``_memory.no_huge_pages``) and forked workers reuse the memory they free
  (``_memory.keep_freed``): firm measures at 1M 132 s -> 105 s, system time 65 s -> 31 s;
* scipy's own OpenBLAS, loaded after the one-thread limit was set, ran two threads (one
  spinning): the limit now covers BLAS libraries loaded later;
* the records engine's links are not validated a second time; isolated firms counted on
  the network's codes; numpy gathers instead of frame copies (reading 1M: 46 s -> 31 s);
* Parquet row groups of 16M rows: the firm-id dictionary was written in every 1M-row group
  (writing the 82M-row firm table 20 s -> 7 s).

History (first pass, load 3-6, seconds / peak RSS):

=========== ================= ================= ===================================
command     100k before       300k after        1M
=========== ================= ================= ===================================
recommend   219.5 s / 0.58 GB 653 s / 1.3 GB
report      208.1 s / 1.68 GB                   not run to the end
metrics     54.9 s / 1.18 GB  250 s / 3.1 GB    out of memory at 8 GB address space
=========== ================= ================= ===================================

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
