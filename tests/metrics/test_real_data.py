"""Real multiplex organisation networks (tests/data, see each SOURCE.md): they load, every
measure runs on them, and per-layer measures equal networkx on every layer."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import netclust as nc
from netclust.metrics import centrality as C
from netclust.metrics import community as K
from netclust.metrics import multiplex as M
from netclust.metrics import overlap as O
from netclust.metrics.centrality import centrality
from netclust.metrics.tidy import ALL_METRICS, layer_metrics

DATA = Path(__file__).resolve().parents[1] / "data"
# (folder, firms, layers) as documented in tests/data/README.md
SETS = [("lazega_lawfirm", 71, ["cowork", "friendship", "advice"]),
        ("krackhardt_hightech", 21, ["advice", "friendship", "reports_to"]),
        ("ckm_physicians", 246, ["advice", "discussion", "friendship"])]


@pytest.fixture(scope="module", params=SETS, ids=[s[0] for s in SETS])
def real(request):
    name, n, layers = request.param
    return nc.read(DATA / name), n, layers


def test_loads(real):
    net, n, layers = real
    assert net.n_firms == n
    assert net.layer_names == layers
    assert all(net.layer_spec(l).directed for l in layers)


def test_every_measure_runs(real):
    net, n, layers = real
    long = centrality(net)
    assert set(long["metric"].unique()) == set(ALL_METRICS)
    from netclust.metrics.tidy import FIRM_LAYER_METRICS, MULTIPLEX_METRICS, PER_LAYER_METRICS

    assert len(long) == n * (len(PER_LAYER_METRICS) * (len(layers) + 1) + len(MULTIPLEX_METRICS)
                             + len(FIRM_LAYER_METRICS) * len(layers))
    per_layer = long[long["layer"].isin(layers + ["aggregate"])]
    # NaN by convention: Burt's measures without links, closeness without reachable firms,
    # Barrat clustering with fewer than two partners
    nan_ok = ["constraint", "effective_size", "closeness", "barrat_clustering"]
    ok = per_layer.loc[~per_layer["metric"].isin(nan_ok), "value"]
    assert np.isfinite(ok).all()
    r = K.communities(net, seed=0)
    assert r.n_communities >= 2 and -0.5 <= r.multislice_modularity <= 1
    table = K.community_table(net, r.membership)
    assert table["size"].sum() == n
    lm = layer_metrics(net, communities=r)
    assert {"edge_jaccard", "degree_rank_correlation", "modularity", "global_overlap"} <= set(lm["metric"])
    roles = M.multiplex_roles(net)
    assert set(roles["role"]) <= {f"{c}_{h}" for c in ("focused", "mixed", "multiplex")
                                  for h in ("hub", "non_hub")} | {"isolated"}
    assert K.layer_communities(net, seed=0).shape == (n, len(layers) + 1)


def _nx_effective_size(G):
    """networkx's per-node effective size (its all-nodes path has networkx PR #8906's bug).

    networkx's per-node path also returns NaN for a firm with only *incoming* links (it
    tests ``G[v]``, the successors); effective size uses mutual weights, which reversing
    the graph leaves unchanged, so those firms are taken from the reversed graph.
    """
    fwd = nx.effective_size(G, nodes=list(G), weight="weight")
    rev = nx.effective_size(G.reverse(), nodes=list(G), weight="weight")
    return {v: rev[v] if np.isnan(fwd[v]) else fwd[v] for v in G}


def _scaled(d):
    """Scores divided by their maximum (netclust's spectral scores have max 1)."""
    top = max(abs(v) for v in d.values())
    return {k: abs(v) / top for k, v in d.items()}


def _vec(d, net):
    return pd.Series(d).reindex(net.firm_ids).astype(float).to_numpy()


def test_per_layer_measures_equal_networkx(real):
    net, n, layers = real
    for layer in layers:
        G = net.to_networkx(layer)
        nx.set_edge_attributes(G, 1.0, "weight")  # these layers are declared unweighted
        U = nx.Graph(G)
        check = {
            "in_degree": dict(G.in_degree()), "out_degree": dict(G.out_degree()),
            "degree": dict(U.degree()), "strength": dict(G.degree(weight="weight")),
            "pagerank": nx.pagerank(G, tol=1e-14, max_iter=10_000),
            "betweenness": nx.betweenness_centrality(G, normalized=False),
            "clustering": nx.clustering(U), "coreness": nx.core_number(U),
            "constraint": nx.constraint(G, weight="weight"),
            "effective_size": _nx_effective_size(G),
        }
        h = nx.harmonic_centrality(G)
        check["harmonic_closeness"] = {k: v / (n - 1) for k, v in h.items()}
        check["in_strength"] = dict(G.in_degree(weight="weight"))
        check["out_strength"] = dict(G.out_degree(weight="weight"))
        # eigenvector on the binary undirected view (these layers are unweighted: a
        # reciprocated pair weighs 1, as igraph/leidenalg/uunet); networkx's power
        # iteration from the uniform vector, also defined on the disconnected CKM layers;
        # hub/authority from networkx's HITS
        check["eigenvector"] = _scaled(nx.eigenvector_centrality(
            U, weight=None, max_iter=100_000, tol=1e-15))
        hubs, auths = nx.hits(G, max_iter=100_000, tol=1e-14)
        check["hub"], check["authority"] = _scaled(hubs), _scaled(auths)
        for metric, want in check.items():
            got = getattr(C, metric)(net, layers=[layer], aggregate=False)[layer].to_numpy()
            np.testing.assert_allclose(got, _vec(want, net), atol=1e-9, equal_nan=True,
                                       err_msg=f"{layer}: {metric}")


def test_aggregate_equals_networkx_union(real):
    net, _, _ = real
    A = net.to_networkx("aggregate")
    got = C.betweenness(net, layers=["aggregate"])["aggregate"].to_numpy()
    np.testing.assert_allclose(got, _vec(nx.betweenness_centrality(A, normalized=False), net), atol=1e-9)
    got = C.pagerank(net, layers=["aggregate"])["aggregate"].to_numpy()
    want = nx.pagerank(A, weight="weight", tol=1e-14, max_iter=10_000)
    np.testing.assert_allclose(got, _vec(want, net), atol=1e-10)


def test_lazega_layer_overlap_is_substantial():
    # Lazega's cowork and advice ties overlap strongly (Lazega & Pattison 1999): Jaccard of
    # the two undirected tie sets, checked against plain Python sets.
    net = nc.read(DATA / "lazega_lawfirm")
    links = net.links
    sets = {l: {tuple(sorted(p)) for p in links.loc[links["layer"] == l, ["source", "target"]]
                .itertuples(index=False, name=None)} for l in net.layer_names}
    j = O.edge_jaccard(net)
    want = len(sets["cowork"] & sets["advice"]) / len(sets["cowork"] | sets["advice"])
    assert j.loc["cowork", "advice"] == pytest.approx(want)
    assert want > 0.3


def test_lazega_status_modularity_on_binary_cowork_view():
    # the undirected view of a directed unweighted layer is binary (igraph/leidenalg/uunet):
    # partners vs associates ("status") on cowork has Q = -0.015 (-0.048 with weight 2
    # for a reciprocated pair, the former convention)
    net = nc.read(DATA / "lazega_lawfirm")
    status = pd.read_csv(DATA / "lazega_lawfirm" / "nodes.csv", dtype={"id": str}).set_index("id")
    labels = status["status"].reindex(net.firm_ids).to_numpy()
    q = K.modularity(net, pd.Series(labels, index=net.firm_ids), aggregate=False)
    g = net.to_igraph("cowork").as_undirected(mode="collapse")  # igraph's own binary view
    assert q["cowork"] == pytest.approx(g.modularity(list(labels - 1)), abs=1e-12)
    assert round(q["cowork"], 3) == -0.015


@pytest.mark.parametrize("name", ["lazega_lawfirm", "krackhardt_hightech", "ckm_physicians",
                                  "galaskiewicz_ceos_clubs", "brunson_corporate_leadership"])
def test_default_community_search_reaches_igraph_best(name):
    import random

    net = nc.read(DATA / name)
    for layer in net.layer_names:
        g = net.to_igraph(layer, directed=False)
        w = g.es["weight"] if g.ecount() else None
        best = -1.0
        for s in range(10):  # igraph's best of 10 runs iterated to convergence
            random.seed(s)
            c = g.community_leiden(objective_function="modularity", weights=w, n_iterations=-1)
            best = max(best, g.modularity(c.membership, weights=w))
        ours = K.communities(net, layers=[layer], seed=0)
        assert g.modularity(ours.membership.to_numpy(), weights=w) >= best - 1e-3, layer
        again = K.communities(net, layers=[layer], seed=0)
        assert (again.membership == ours.membership).all()  # seeded: reproducible
