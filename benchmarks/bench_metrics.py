"""Benchmark: the full firm table + multiplex communities, beside bare igraph/leidenalg
calls and beside plain networkx.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/bench_metrics.py [--firms 25600] [--large 100000]
        [--skip-networkx] [--skip-large] [--nx-esize-sample 300] [--repeat 2]

On the generator's default network (``generate_tables(firms, seed=0)``: 25,600 firms,
~150k links in three layers) it times, each from a fresh network (graph views not yet
built, so their construction is included):

* **netclust**: :func:`netclust.metrics.centrality.centrality` (every per-layer measure on
  3 layers + aggregate, the multiplex measures, tidy long table; betweenness and harmonic
  closeness sampled with 256 pivots) and :func:`netclust.metrics.community.communities`
  (multiplex Leiden);
* **bare**: the same heavy calls netclust makes, with nothing around them: igraph graphs
  built from numpy arrays, igraph degree/strength/PageRank/betweenness(sources=)/
  transitivity/coreness/constraint/list_triangles, scipy ``shortest_path`` from the
  pivots, ARPACK ``eigsh`` for eigenvector/hub/authority, a scipy power iteration on the
  supra-adjacency, igraph's Leiden on the aggregate (warm start) and leidenalg's
  ``Optimiser.optimise_partition_multiplex``;
* **networkx**: the same measures in plain networkx (betweenness ``k=256``, harmonic
  closeness from 256 ``sources``, PageRank at tol 1e-10, ``eigenvector_centrality_numpy``,
  ``hits``, clustering, core number, constraint, multiplex PageRank as ``nx.pagerank`` on the
  supra-graph, Louvain on the aggregate as the nearest community equivalent). networkx's
  vectorised ``effective_size`` builds a dense N x N matrix (5 GB here), so its per-node
  path is timed on ``--nx-esize-sample`` firms per layer and extrapolated (marked ``~``).

Then, in a subprocess (so its peak memory is its own), netclust on ``--large`` firms
(default 100,000): everything but betweenness, plus communities, with the peak resident
memory of that process.

The network is built with :class:`netclust.model.MultilayerNetwork` from the generator's
tables (valid by construction), so reading/validation time is not part of the figures
(see ``bench_io.py``). The machine is shared: run with ``OMP_NUM_THREADS=1`` and read the
figures as indicative; a second run gives the spread.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

PIVOTS = 256
SEED = 0


# ----------------------------------------------------------------------------- data
def tables(n):
    from netclust.generator import generate_tables

    return generate_tables(n, seed=SEED)


def build_network(t):
    from netclust.schema import DEFAULT_LAYERS
    from netclust.model import MultilayerNetwork

    links = t.links.copy()
    links["count"] = 1
    return MultilayerNetwork(t.firms.set_index("firm_id"), links, DEFAULT_LAYERS)


class Timer:
    def __init__(self):
        self.rows = {}

    def __call__(self, name, func, *args, **kw):
        t0 = time.perf_counter()
        out = func(*args, **kw)
        self.rows[name] = self.rows.get(name, 0.0) + time.perf_counter() - t0
        return out

    @property
    def total(self):
        return sum(self.rows.values())


# ----------------------------------------------------------------------------- netclust
def run_netclust(t, *, betweenness=True, communities=True):
    from netclust.metrics.centrality import centrality
    from netclust.metrics.community import communities as find_communities
    from netclust.metrics.tidy import ALL_METRICS

    tm = Timer()
    net = tm("build network", build_network, t)
    metrics = [m for m in ALL_METRICS if betweenness or m != "betweenness"]
    steps, last = {}, [time.perf_counter()]

    def progress(done, total):  # per-metric times, grouped like the bare steps
        now = time.perf_counter()
        step = STEP_OF.get(metrics[done - 1], metrics[done - 1])
        steps[step] = steps.get(step, 0.0) + now - last[0]
        last[0] = now

    table = tm("firm table", centrality, net, metrics, samples=PIVOTS, seed=SEED, progress=progress)
    steps["tidy table"] = tm.rows["firm table"] - sum(steps.values())
    result = tm("communities", find_communities, net, seed=SEED) if communities else None
    if communities:
        steps["communities"] = tm.rows["communities"]
    tm.steps = steps
    return tm, table, result


STEP_OF = {m: "degree/strength" for m in ("in_degree", "out_degree", "degree", "in_strength",
                                          "out_strength", "strength")}
STEP_OF.update(pagerank="pagerank", betweenness="betweenness", harmonic_closeness="harmonic",
               eigenvector="eigenvector/hits", hub="eigenvector/hits", authority="eigenvector/hits",
               clustering="clustering", coreness="coreness", constraint="constraint",
               effective_size="effective size (triangles)", versatility="multiplex pagerank",
               multiplex_pagerank="multiplex pagerank",
               **{m: "multiplex degree measures" for m in (
                   "overlapping_degree", "overlapping_strength", "overlapping_degree_z",
                   "participation_coefficient", "node_activity")})


# ----------------------------------------------------------------------------- bare calls
def run_bare(t, leiden_seed):
    """The heavy calls of netclust's pipeline, with nothing around them."""
    import igraph as ig
    import leidenalg as la
    import pandas as pd
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components, shortest_path
    from scipy.sparse.linalg import LinearOperator, eigsh

    tm = Timer()
    ids = t.firms["firm_id"].to_numpy()
    n = len(ids)
    links = t.links
    codes = pd.Index(ids)
    src_all = codes.get_indexer(links["source"])
    dst_all = codes.get_indexer(links["target"])
    w_all = links["weight"].to_numpy(float)
    layer_all = links["layer"].to_numpy()
    directed = {"procurement": True, "design_sharing": False, "logistics": True}
    rng = np.random.default_rng(SEED)
    pivots = np.sort(rng.choice(n, PIVOTS, replace=False))

    def undirected(u):
        tu = sp.triu(u).tocoo()
        return ig.Graph(n=n, edges=np.c_[tu.row, tu.col], directed=False,
                        edge_attrs={"weight": tu.data})

    def graphs():
        out = {}
        for name, is_dir in directed.items():
            m = layer_all == name
            s, d, w = src_all[m], dst_all[m], w_all[m]
            g = ig.Graph(n=n, edges=np.c_[s, d], directed=is_dir, edge_attrs={"weight": w})
            a = sp.csr_matrix((w, (s, d)), shape=(n, n))
            u = (a + a.T).tocsr()  # undirected view (symmetric)
            out[name] = (g, undirected(u), a, u)
        agg = sum(v[3] for v in out.values())
        ga = undirected(agg)
        out["aggregate"] = (ga, ga, agg, agg)
        return out

    views = tm("build graphs", graphs)

    def one_layer(g, gu, a, u):
        tm("degree/strength", lambda: [g.degree(mode=m) for m in ("in", "out")]
           + [gu.degree(), g.strength(mode="in", weights="weight"),
              g.strength(mode="out", weights="weight"), gu.strength(weights="weight")])
        tm("pagerank", g.pagerank, weights="weight")
        tm("betweenness", g.betweenness, sources=pivots.tolist())
        tm("harmonic", shortest_path, a if g.is_directed() else u, directed=True, unweighted=True,
           indices=pivots)
        # eigenvector (symmetric view) and HITS: ARPACK on the largest component's block
        _, lab = connected_components(u, directed=False)
        big = np.flatnonzero(lab == np.bincount(lab).argmax())
        tm("eigenvector/hits", lambda: eigsh(u[big][:, big], k=1, which="LA"))
        at = a.T.tocsr()
        hub_op = LinearOperator((n, n), matvec=lambda x: a @ (at @ x), dtype=float)
        auth_op = LinearOperator((n, n), matvec=lambda x: at @ (a @ x), dtype=float)
        tm("eigenvector/hits", eigsh, hub_op, k=1, which="LA")
        tm("eigenvector/hits", eigsh, auth_op, k=1, which="LA")
        tm("clustering", gu.transitivity_local_undirected, mode="zero")
        tm("coreness", gu.coreness)
        tm("constraint", g.constraint, weights="weight")
        tm("effective size (triangles)", gu.list_triangles)

    for view in views.values():
        one_layer(*view)

    def supra_pagerank():
        blocks = [views[k][2] for k in directed]
        L = len(blocks)
        s = sp.block_diag(blocks, format="csr") + sp.kron(np.ones((L, L)) - np.eye(L),
                                                          sp.identity(n), format="csr")
        deg = np.asarray(s.sum(axis=1)).ravel()
        tt = (sp.diags(1 / deg) @ s).T.tocsr()
        x = np.full(L * n, 1 / (L * n))
        for _ in range(200):
            y = 0.85 * (tt @ x) + 0.15 / (L * n)
            if np.abs(y - x).sum() < 1e-12:
                break
            x = y
        return x

    tm("multiplex pagerank", supra_pagerank)
    layer_graphs = [views[k][1] for k in directed]

    def multiplex_leiden():  # warm start from igraph's Leiden on the aggregate, as netclust
        import random

        ig.set_random_number_generator(random.Random(leiden_seed))
        init = views["aggregate"][0].community_leiden(objective_function="modularity",
                                                      weights="weight", n_iterations=2).membership
        ig.set_random_number_generator(random)
        parts = [la.RBConfigurationVertexPartition(g, initial_membership=init, weights="weight")
                 for g in layer_graphs]
        opt = la.Optimiser()
        opt.set_rng_seed(leiden_seed)
        opt.optimise_partition_multiplex(parts, layer_weights=[1.0] * 3, n_iterations=2)
        return parts[0].membership

    tm("communities", multiplex_leiden)
    return tm


# ----------------------------------------------------------------------------- networkx
def run_networkx(t, esize_sample):
    import networkx as nx

    tm = Timer()
    ids = t.firms["firm_id"].to_numpy()
    directed = {"procurement": True, "design_sharing": False, "logistics": True}
    rng = np.random.default_rng(SEED)
    pivots = [ids[i] for i in rng.choice(len(ids), PIVOTS, replace=False)]

    def graphs():
        out = {}
        for name, is_dir in directed.items():
            sub = t.links[t.links["layer"] == name]
            G = nx.DiGraph() if is_dir else nx.Graph()
            G.add_nodes_from(ids)
            G.add_weighted_edges_from(sub[["source", "target", "weight"]].itertuples(index=False))
            out[name] = G
        A = nx.Graph()
        A.add_nodes_from(ids)
        for G in out.values():
            for a, b, w in G.edges(data="weight"):
                if A.has_edge(a, b):
                    A[a][b]["weight"] += w
                else:
                    A.add_edge(a, b, weight=w)
        out["aggregate"] = A
        return out

    views = tm("build graphs", graphs)
    estimated = {}

    def one_layer(G):
        U = G.to_undirected() if G.is_directed() else G
        tm("degree/strength", lambda: (dict(G.degree()), dict(G.degree(weight="weight")),
                                       dict(U.degree())))
        tm("pagerank", nx.pagerank, G, tol=1e-10)
        tm("betweenness", nx.betweenness_centrality, G, k=PIVOTS, seed=SEED, normalized=False)
        tm("harmonic", nx.harmonic_centrality, G, sources=pivots)
        big = U.subgraph(max(nx.connected_components(U), key=len))
        tm("eigenvector/hits", nx.eigenvector_centrality_numpy, big, weight="weight")
        tm("eigenvector/hits", nx.hits, G, max_iter=1000, tol=1e-8)
        tm("clustering", nx.clustering, U)
        tm("coreness", nx.core_number, U)
        tm("constraint", nx.constraint, G, weight="weight")
        sample = [ids[i] for i in rng.choice(len(ids), esize_sample, replace=False)]
        t0 = time.perf_counter()
        nx.effective_size(G, nodes=sample, weight="weight")
        step = "effective size (triangles)"
        estimated[step] = estimated.get(step, 0.0) + (time.perf_counter() - t0) * len(ids) / esize_sample

    for G in views.values():
        one_layer(G)
    S = nx.DiGraph()
    for name, G in views.items():
        if name == "aggregate":
            continue
        S.add_weighted_edges_from(((f"{name}:{a}", f"{name}:{b}", w) for a, b, w in G.edges(data="weight")))
        if not G.is_directed():
            S.add_weighted_edges_from(((f"{name}:{b}", f"{name}:{a}", w) for a, b, w in G.edges(data="weight")))
    names = list(directed)
    S.add_weighted_edges_from((f"{x}:{i}", f"{y}:{i}", 1.0) for i in ids for x in names for y in names if x != y)
    tm("multiplex pagerank", nx.pagerank, S, tol=1e-10)
    tm("communities", nx.community.louvain_communities, views["aggregate"], seed=SEED)
    return tm, estimated


# ----------------------------------------------------------------------------- large run
def large(n):
    t0 = time.perf_counter()
    t = tables(n)
    gen = time.perf_counter() - t0
    tm, table, result = run_netclust(t, betweenness=False)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"firms": n, "links": len(t.links), "generate": gen, "rows": tm.rows,
                      "total": tm.total, "peak_mib": peak, "n_communities": result.n_communities,
                      "table_rows": len(table)}))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=25_600)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--skip-networkx", action="store_true")
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument("--nx-esize-sample", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=2, help="netclust/bare runs (minimum reported)")
    ap.add_argument("--large-only", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.large_only:
        large(args.large_only)
        return

    t = tables(args.firms)
    print(f"network: {args.firms} firms, {len(t.links)} links "
          f"({', '.join(f'{k} {v}' for k, v in t.links['layer'].value_counts().items())}); "
          f"{PIVOTS} pivots; OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; "
          f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    from netclust._random import int_seed, make_rng
    from netclust.metrics.community import partition_agreement

    leiden_seed = int_seed(make_rng(SEED))  # the integer seed netclust passes to leidenalg
    runs_nc, runs_bare = [], []
    for _ in range(args.repeat):  # interleaved; the minimum is least disturbed by other load
        nc_tm, table, result = run_netclust(t)
        runs_nc.append(nc_tm)
        runs_bare.append(run_bare(t, leiden_seed))
    nc_tm = min(runs_nc, key=lambda r: r.total)
    bare = min(runs_bare, key=lambda r: r.total)
    nmi = partition_agreement(result.membership, t.communities.set_index("firm_id")["community"])
    nx_tm, estimated = (None, {}) if args.skip_networkx else run_networkx(t, args.nx_esize_sample)
    print(f"\nnetclust: firm table {nc_tm.rows['firm table']:.2f} s ({len(table):,} rows), "
          f"communities {nc_tm.rows['communities']:.2f} s ({result.n_communities} communities, "
          f"NMI vs planted {nmi['nmi']:.3f}), network build {nc_tm.rows['build network']:.2f} s")
    print("per step (netclust times include building the graph views on first use):")
    print(f"{'step':<28}{'netclust':>9}{'bare':>9}{'networkx':>11}")
    order = list(dict.fromkeys(list(bare.rows) + list(nc_tm.steps)))
    for step in order:
        nxv = "" if nx_tm is None else (
            f"~{estimated[step]:.2f}" if step in estimated else
            (f"{nx_tm.rows[step]:.2f}" if step in nx_tm.rows else "-"))
        ncv = f"{nc_tm.steps[step]:.2f}" if step in nc_tm.steps else "-"
        bv = f"{bare.rows[step]:.2f}" if step in bare.rows else "-"
        print(f"{step:<28}{ncv:>9}{bv:>9}{nxv:>11}")
    print("(bare 'harmonic' is scipy's per-source shortest_path; netclust runs its own "
          "multi-source BFS, see centrality._harmonic_hops)")
    nc_total = nc_tm.rows["firm table"] + nc_tm.rows["communities"] + nc_tm.rows["build network"]
    print(f"\n{'total':<28}{'netclust':>9}{'bare':>9}{'networkx':>11}")
    nx_total = None if nx_tm is None else nx_tm.total + sum(estimated.values())
    print(f"{'table + communities':<28}{nc_total:>9.2f}{bare.total:>9.2f}"
          f"{'' if nx_total is None else f'{nx_total:>11.2f}'}")
    print(f"netclust / bare calls: {nc_total / bare.total:.2f}x (target <= 1.5x)")
    if nx_total is not None:
        print(f"networkx / netclust:   {nx_total / nc_total:.1f}x faster (target >= 20x)")
        measured = nx_tm.total
        nc_measured = nc_total - nc_tm.steps.get("effective size (triangles)", 0.0)
        print(f"  without the extrapolated networkx effective size: networkx {measured:.1f} s, "
              f"{measured / nc_measured:.1f}x")
    print(f"target: table + communities <= 20 s: {'met' if nc_total <= 20 else 'NOT met'}; "
          f"netclust runs: {', '.join(f'{r.total:.1f}' for r in runs_nc)} s; bare runs: "
          f"{', '.join(f'{r.total:.1f}' for r in runs_bare)} s; "
          f"load average after: {os.getloadavg()[0]:.2f}")

    if not args.skip_large:
        out = subprocess.run([sys.executable, __file__, "--large-only", str(args.large)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\n{r['firms']:,} firms, {r['links']:,} links (generated in {r['generate']:.1f} s): "
              f"everything but betweenness {r['total']:.1f} s "
              f"(build {r['rows']['build network']:.1f}, table {r['rows']['firm table']:.1f}, "
              f"communities {r['rows']['communities']:.1f}); peak RSS {r['peak_mib']:.0f} MiB; "
              f"target <= 60 s: {'met' if r['total'] <= 60 else 'NOT met'}")


if __name__ == "__main__":
    main()
