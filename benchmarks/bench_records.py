"""Records -> links: netclust's aggregation vs plain pandas vs bare DuckDB SQL, side by side.

Records are made by expanding a generated network's links into dated, priced
rows, written in chunks (bounded memory) to CSV and Parquet in a temp folder.
Each variant runs in its own subprocess; time is wall clock and peak memory is
the child's peak RSS (``resource.getrusage(RUSAGE_CHILDREN)`` read by a tiny launcher
process whose only child is that run).

Usage::

    python benchmarks/bench_records.py                    # 1M rows
    python benchmarks/bench_records.py --sizes 1M 10M 50M 100M --skip-pandas-above 30M

Targets (issue 13): 100M Parquet rows in <= 2 min and <= 2 GB peak; netclust's
time <= 1.3x bare DuckDB's.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHUNK = 2_000_000

BARE_SQL = """SELECT source, target, layer, SUM(weight) AS weight, COUNT(*) AS count,
       MIN(date) AS first_date, MAX(date) AS last_date
FROM {reader} GROUP BY source, target, layer"""


def _size(text: str) -> int:
    text = text.upper()
    mult = {"K": 10**3, "M": 10**6, "G": 10**9}.get(text[-1], 1)
    return int(float(text.rstrip("KMG")) * mult)


def make_records(n: int, folder: Path, seed: int = 0) -> dict:
    """Write ``n`` records to ``folder/records.csv`` and ``folder/parquet/part-*.parquet``."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from netclust.generator import generate_tables

    links = generate_tables(5_000, seed=seed).links
    src = links["source"].astype(str).to_numpy()
    dst = links["target"].astype(str).to_numpy()
    lay = links["layer"].astype(str).to_numpy()
    rng = np.random.default_rng(seed)
    (folder / "parquet").mkdir(parents=True, exist_ok=True)
    writer = None
    day0 = np.datetime64("2022-01-01")
    for i, start in enumerate(range(0, n, CHUNK)):
        m = min(CHUNK, n - start)
        pick = rng.integers(0, len(src), m)
        table = pa.table({"source": src[pick], "target": dst[pick], "layer": lay[pick],
                          "weight": np.round(rng.lognormal(6, 1.2, m), 2),
                          "date": (day0 + rng.integers(0, 1095, m)).astype("datetime64[D]")})
        pq.write_table(table, folder / "parquet" / f"part-{i:04d}.parquet")
        with open(folder / "records.csv", "ab") as fh:
            pacsv.write_csv(table, fh, pacsv.WriteOptions(include_header=(i == 0)))
        del table
        writer = i
    return {"csv": str(folder / "records.csv"), "parquet": str(folder / "parquet"), "chunks": writer}


CHILD = {
    "netclust": """
from netclust.records import aggregate_records
res = aggregate_records({path!r}, memory_limit={mem!r})
print(res.links.num_rows)
""",
    "duckdb": """
import duckdb
con = duckdb.connect(config={{"memory_limit": {mem!r}, "preserve_insertion_order": False}})
print(con.sql({sql!r}).to_arrow_table().num_rows)
""",
    "pandas": """
import pandas as pd, glob
p = {path!r}
df = (pd.read_csv(p) if p.endswith(".csv") else
      pd.concat([pd.read_parquet(f) for f in sorted(glob.glob(p + "/*.parquet"))]))
g = df.groupby(["source", "target", "layer"]).agg(weight=("weight", "sum"), count=("weight", "size"),
                                                   first_date=("date", "min"), last_date=("date", "max"))
print(len(g))
""",
}


_LAUNCHER = """import resource, subprocess, sys
p = subprocess.run([sys.executable, sys.argv[1]], capture_output=True, text=True)
sys.stderr.write(p.stderr)
print(p.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(p.stdout, end="")
"""


def run_variant(variant: str, fmt: str, path: str, mem: str, tmp: Path) -> dict:
    """Run one variant in a fresh subprocess; return seconds, peak RSS (MB) and link count."""
    reader = (f"read_parquet('{path}/*.parquet')" if fmt == "parquet"
              else f"read_csv('{path}')")
    code = CHILD[variant].format(path=path, mem=mem, sql=BARE_SQL.format(reader=reader))
    script = tmp / f"child_{variant}.py"
    script.write_text(code)
    out, err = tmp / f"child_{variant}.out", tmp / f"child_{variant}.err"
    t0 = time.perf_counter()
    with open(out, "w") as fo, open(err, "w") as fe:
        # a tiny launcher runs the variant and reports RUSAGE_CHILDREN: the peak of that one
        # child, not inflated by this (large) process's RSS inherited at fork
        launcher = subprocess.run([sys.executable, "-c", _LAUNCHER, str(script)], stdout=subprocess.PIPE,
                                  stderr=fe, cwd=tmp, text=True)
    seconds = time.perf_counter() - t0
    status, peak_kb, stdout = launcher.stdout.split("\n", 2)
    out.write_text(stdout)
    ok = status == "0"
    words = stdout.split()
    return {"variant": variant, "format": fmt, "seconds": round(seconds, 2),
            "peak_mb": round(int(peak_kb) / 1024, 1),
            "links": int(words[-1]) if ok and words else None,
            "error": None if ok else (err.read_text().strip().splitlines() or ["?"])[-1][:200]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["1M"], help="Record counts, e.g. 1M 10M 100M.")
    ap.add_argument("--memory-limit", default="1GB", help="DuckDB memory limit for both DuckDB variants.")
    ap.add_argument("--skip-pandas-above", default="30M", help="pandas needs ~0.5 GB per 1M rows.")
    ap.add_argument("--tmp", default=None, help="Folder for the generated records (needs ~6 GB per 100M).")
    ap.add_argument("--json", default=None, help="Also write the results as JSON here.")
    args = ap.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="bench-records-", dir=args.tmp))
    rows = []
    try:
        for size in args.sizes:
            n = _size(size)
            folder = base / size
            t0 = time.perf_counter()
            paths = make_records(n, folder)
            print(f"# {size}: records written in {time.perf_counter() - t0:.0f} s", flush=True)
            for fmt in ("parquet", "csv"):
                for variant in ("duckdb", "netclust", "pandas"):
                    if variant == "pandas" and n > _size(args.skip_pandas_above):
                        continue
                    r = run_variant(variant, fmt, paths[fmt], args.memory_limit, folder)
                    r["rows"] = size
                    rows.append(r)
                    print(json.dumps(r), flush=True)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    _table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


def _table(rows) -> None:
    print(f"\n{'rows':>6} {'format':8} {'variant':9} {'seconds':>8} {'peak MB':>8} {'vs duckdb':>9} links")
    bare = {(r["rows"], r["format"]): r["seconds"] for r in rows if r["variant"] == "duckdb"}
    for r in rows:
        ratio = r["seconds"] / bare[(r["rows"], r["format"])] if bare.get((r["rows"], r["format"])) else None
        print(f"{r['rows']:>6} {r['format']:8} {r['variant']:9} {r['seconds']:8.1f} "
              f"{r['peak_mb'] or float('nan'):8.0f} {ratio or float('nan'):9.2f} "
              f"{r['links'] if r['error'] is None else r['error']}")


if __name__ == "__main__":
    sys.exit(main())
