"""Benchmark: HTML report and network map at 2,000 and 25,600 firms.

Prints, per size: report generation time (compute / context / render) and size,
map build time and HTML size, and the in-browser load time of the map and the
report (headless Debian chromium, every network route blocked; time from
navigation start until the map has drawn). Baseline: pyvis ``Network.from_nx`` +
``generate_html`` (what a plain pyvis user writes), run only where it finishes in
reasonable time (its duplicate checks are quadratic: ~550 s at 25k firms).

Targets (issue 6): report for 25,600 firms within 30 s; the map opens and responds
within seconds at 25,600 firms. Issue 9: the report, now gathered from one
``Analysis`` (curves and channel curves in one pass), must not be slower than before.

Before/after (issue 9, 25,600 firms, OMP_NUM_THREADS=1, --no-browser, same machine):
before (commit 199ffbf, run from a ``git worktree`` with PYTHONPATH) and after, run
back to back: report 17.6 s before (15.4 + 1.7 + 0.4), 16.9 s after (14.8 + 1.7 + 0.4),
although the community search now keeps the best of several runs (1.9 s -> 3.3 s): the
curves and channel curves come from one pass and the map reuses the analysis' partition.
``--before SECONDS`` prints the ratio against such a baseline.

Run with ``OMP_NUM_THREADS=1 python benchmarks/bench_report.py`` (``--sizes 2000``
for a quick run, ``--no-browser`` without chromium).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CHROMIUM = os.environ.get("NETCLUST_CHROMIUM", "/usr/bin/chromium")


def network(n: int, seed: int = 0):
    import netclust as nc
    from netclust.generator import generate_tables

    t = generate_tables(n, seed=seed)
    return nc.read(firms=t.firms, links=t.links)


def browser_load(paths: dict, repeats: int = 3) -> dict:
    """Median load time (ms) of each page until its map has drawn; None if no browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not Path(CHROMIUM).exists():
        return {}
    out = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, path in paths.items():
            times, requests, errors = [], [], []
            for _ in range(repeats):
                ctx = b.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                url = Path(path).resolve().as_uri()

                def route(r, _url=url):  # playwright passes (route, request) to 2-argument handlers
                    return r.continue_() if r.request.url == _url else r.abort()

                ctx.route("**/*", lambda r: route(r))
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                page.on("pageerror", lambda e, seen=errors: seen.append(str(e)))
                page.goto(url)
                page.wait_for_selector(".nc-map[data-ready='1']", timeout=300_000)
                times.append(int(page.get_attribute(".nc-map", "data-ready-ms")))
                # responsiveness: toggle a layer and time the redraw
                t0 = time.perf_counter()
                page.evaluate("() => { const m = window.netclustMaps[0]; "
                              "const b = document.querySelector('input.nc-layer'); b.click(); "
                              "m.network.redraw(); b.click(); m.network.redraw(); }")
                toggle = (time.perf_counter() - t0) * 1000
                ctx.close()
            foreign = [u for u in requests if not u.startswith("file://")]
            out[label] = {"ms": statistics.median(times), "toggle_ms": toggle,
                          "foreign_requests": len(foreign), "errors": len(errors)}
        b.close()
    return out


def pyvis_baseline(net) -> float:
    """Seconds for pyvis from_nx + generate_html on the aggregate graph."""
    from pyvis.network import Network

    t0 = time.perf_counter()
    g = net.to_networkx("aggregate")
    pv = Network(cdn_resources="remote")
    pv.from_nx(g)
    pv.generate_html()
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 25600])
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--before", type=float, default=None,
                    help="report seconds of a baseline run at the largest size (prints the ratio)")
    ap.add_argument("--baseline-max", type=int, default=3000,
                    help="run the pyvis baseline up to this many firms")
    args = ap.parse_args(argv)
    from netclust.report.compute import collect
    from netclust.report.context import report_context
    from netclust.html import render_report
    from netclust.analysis import Analysis

    out_dir = Path(tempfile.mkdtemp(prefix="bench_report_"))
    rows = []
    for n in args.sizes:
        t0 = time.perf_counter()
        net = network(n)
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        data = collect(net, seed=0)
        t_collect = time.perf_counter() - t0
        t0 = time.perf_counter()
        ctx = report_context(data)
        t_ctx = time.perf_counter() - t0
        t0 = time.perf_counter()
        page = render_report(ctx)
        t_render = time.perf_counter() - t0
        report_path = out_dir / f"report_{n}.html"
        report_path.write_text(page, encoding="utf-8")
        t0 = time.perf_counter()
        m = Analysis(net, seed=0, metrics=("strength",)).map()   # as `netclust map`
        html = m.to_html()
        t_map = time.perf_counter() - t0
        map_path = out_dir / f"map_{n}.html"
        map_path.write_text(html, encoding="utf-8")
        base = pyvis_baseline(net) if n <= args.baseline_max else None
        load = {} if args.no_browser else browser_load({"map": map_path, "report": report_path})
        rows.append({"n": n, "links": len(net.links), "read": t_read, "collect": t_collect,
                     "context": t_ctx, "render": t_render,
                     "report_s": t_collect + t_ctx + t_render,
                     "report_mb": len(page.encode()) / 1e6, "map_s": t_map,
                     "map_mb": len(html.encode()) / 1e6, "view": m.view, "pyvis_s": base,
                     "load": load, "steps": data.timings})
        print(f"{n:>7,} firms done", file=sys.stderr, flush=True)

    print(f"\nnetclust report and map benchmark (OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', '-')}),"
          f" pages in {out_dir}")
    print(f"{'firms':>7} {'links':>8} | {'report s':>8} (compute+context+render) {'MB':>5} | "
          f"{'map s':>6} {'MB':>5} {'view':>11} | {'pyvis s':>8} {'ratio':>6} | "
          f"{'map load ms':>11} {'toggle ms':>9} {'report load ms':>14}")
    for r in rows:
        base = f"{r['pyvis_s']:8.2f} {r['pyvis_s'] / r['map_s']:5.1f}x" if r["pyvis_s"] else f"{'—':>8} {'—':>6}"
        ml = r["load"].get("map", {})
        rl = r["load"].get("report", {})
        print(f"{r['n']:>7,} {r['links']:>8,} | {r['report_s']:8.2f} ({r['collect']:.1f}+{r['context']:.1f}"
              f"+{r['render']:.1f}){'':>12} {r['report_mb']:5.1f} | {r['map_s']:6.2f} {r['map_mb']:5.1f} "
              f"{r['view']:>11} | {base} | {ml.get('ms', '—'):>11} {round(ml['toggle_ms']) if ml else '—':>9} "
              f"{rl.get('ms', '—'):>14}")
        print(f"{'':>7} steps: " + ", ".join(f"{k} {v:.2f}s" for k, v in r["steps"].items()))
        for label, v in r["load"].items():
            if v["foreign_requests"] or v["errors"]:
                print(f"  WARNING {label}: {v['foreign_requests']} network requests, {v['errors']} errors")
    big = [r for r in rows if r["n"] >= 25_600]
    for r in big:
        verdict = "OK" if r["report_s"] <= 30 else "OVER"
        print(f"target: report for {r['n']:,} firms <= 30 s: {r['report_s']:.1f} s {verdict}")
        if args.before:
            print(f"before {args.before:.1f} s, after {r['report_s']:.1f} s: "
                  f"{args.before / r['report_s']:.2f}x ({'not slower' if r['report_s'] <= args.before else 'SLOWER'})")


if __name__ == "__main__":
    main()
