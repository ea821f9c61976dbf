"""Per-layer centrality: differential tests against networkx (and igraph), conventions,
sampling, and hypothesis invariants."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust.errors import InputError
from netclust.schema import LayerSpec
from netclust.metrics import centrality as C

# ----------------------------------------------------------------------------- helpers


def make_net(edges, n, *, directed, weighted, weights=None, layer="x"):
    """A one-layer network on firms f0..f{n-1} from integer edge pairs (firms without
    links stay in the network as isolated firms)."""
    ids = [f"f{i}" for i in range(n)]
    edges = np.asarray(edges, dtype=int).reshape(-1, 2)
    w = np.ones(len(edges)) if weights is None else np.asarray(weights, dtype=float)
    links = pd.DataFrame({"source": [ids[a] for a in edges[:, 0]],
                          "target": [ids[b] for b in edges[:, 1]],
                          "layer": layer, "weight": w})
    firms = pd.DataFrame({"firm_id": ids})
    return nc.read(firms=firms, links=links,
                   layers=[LayerSpec(layer, directed=directed, weighted=weighted)])


def random_net(seed, n=40, p=0.09, *, directed, weighted, isolates=2):
    """Random layer on n firms, plus ``isolates`` firms without links (so that every
    differential test also checks the isolated-firm convention)."""
    rng = np.random.default_rng(seed)
    mask = rng.random((n, n)) < p
    np.fill_diagonal(mask, False)
    if not directed:
        mask = np.triu(mask)
    edges = np.argwhere(mask)
    # powers of two: path lengths (w or 1/w) add up exactly, so shortest-path ties are
    # the same in igraph (tolerant comparison) and networkx (exact comparison)
    weights = rng.choice([0.5, 1.0, 2.0, 4.0], len(edges))
    return make_net(edges, n + isolates, directed=directed, weighted=weighted, weights=weights)


def nx_graph(net, layer="x"):
    """networkx oracle graph of one layer; weights 1 where the layer is unweighted."""
    G = net.to_networkx(layer)
    if not net.layer_spec(layer).weighted:
        nx.set_edge_attributes(G, 1.0, "weight")
    for _, _, d in G.edges(data=True):
        d["inv"] = 1.0 / d["weight"]
    return G


def series(d, net):
    return pd.Series(d).reindex(net.firm_ids).astype(float).to_numpy()


CASES = [(d, w) for d in (True, False) for w in (True, False)]
CASE_IDS = [f"{'directed' if d else 'undirected'}-{'weighted' if w else 'unweighted'}" for d, w in CASES]


@pytest.fixture(params=CASES, ids=CASE_IDS)
def case(request):
    directed, weighted = request.param
    net = random_net(7, directed=directed, weighted=weighted)
    return net, nx_graph(net), directed, weighted


# ----------------------------------------------------------------------------- differential


def test_degrees_and_strengths_match_networkx(case):
    net, G, directed, _ = case
    U = nx.Graph(G) if directed else G
    got = {f.__name__: f(net, aggregate=False)["x"].to_numpy() for f in
           (C.in_degree, C.out_degree, C.degree, C.in_strength, C.out_strength, C.strength)}
    if directed:
        np.testing.assert_allclose(got["in_degree"], series(dict(G.in_degree()), net))
        np.testing.assert_allclose(got["out_degree"], series(dict(G.out_degree()), net))
        np.testing.assert_allclose(got["in_strength"], series(dict(G.in_degree(weight="weight")), net))
        np.testing.assert_allclose(got["out_strength"], series(dict(G.out_degree(weight="weight")), net))
    else:
        for k in ("in_degree", "out_degree"):
            np.testing.assert_allclose(got[k], series(dict(G.degree()), net))
    np.testing.assert_allclose(got["degree"], series(dict(U.degree()), net))  # distinct partners
    np.testing.assert_allclose(got["strength"], series(dict(G.degree(weight="weight")), net))


def test_pagerank_matches_networkx(case):
    net, G, _, _ = case
    want = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-14, max_iter=10_000)
    got = C.pagerank(net, aggregate=False)["x"].to_numpy()
    np.testing.assert_allclose(got, series(want, net), atol=1e-10)
    assert got.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("normalized", [False, True])
@pytest.mark.parametrize("distance", [None, "inverse_weight", "weight"])
def test_betweenness_matches_networkx(case, normalized, distance):
    net, G, _, _ = case
    nx_weight = {None: None, "inverse_weight": "inv", "weight": "weight"}[distance]
    want = nx.betweenness_centrality(G, normalized=normalized, weight=nx_weight)
    got = C.betweenness(net, aggregate=False, normalized=normalized, distance=distance)
    np.testing.assert_allclose(got["x"].to_numpy(), series(want, net), atol=1e-9)
    assert got.attrs == {"samples": None, "exact": True}


@pytest.mark.parametrize("distance", [None, "inverse_weight"])
def test_harmonic_closeness_matches_networkx(case, distance):
    net, G, _, _ = case
    want = nx.harmonic_centrality(G, distance={None: None, "inverse_weight": "inv"}[distance])
    got = C.harmonic_closeness(net, aggregate=False, distance=distance)["x"].to_numpy()
    np.testing.assert_allclose(got, series(want, net) / (net.n_firms - 1), atol=1e-12)
    raw = C.harmonic_closeness(net, aggregate=False, distance=distance, normalized=False)
    np.testing.assert_allclose(raw["x"].to_numpy(), series(want, net), atol=1e-10)


def test_harmonic_out_mode_is_in_mode_of_reversed_graph():
    net = random_net(3, directed=True, weighted=False)
    G = nx_graph(net).reverse()
    want = nx.harmonic_centrality(G)
    got = C.harmonic_closeness(net, aggregate=False, mode="out", normalized=False)["x"]
    np.testing.assert_allclose(got.to_numpy(), series(want, net), atol=1e-12)


def connected_net(seed, *, directed, weighted, n=30):
    """A strongly connected random network (a directed ring plus random links)."""
    rng = np.random.default_rng(seed)
    ring = np.c_[np.arange(n), (np.arange(n) + 1) % n]
    extra = rng.integers(0, n, size=(60, 2))
    extra = extra[extra[:, 0] != extra[:, 1]]
    edges = np.unique(np.r_[ring, extra], axis=0)
    if not directed:
        edges = np.unique(np.sort(edges, axis=1), axis=0)
    weights = rng.uniform(0.5, 4.0, len(edges))
    return make_net(edges, n, directed=directed, weighted=weighted, weights=weights)


@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("directed", [True, False])
def test_eigenvector_matches_networkx_on_undirected_view(directed, weighted):
    net = connected_net(11, directed=directed, weighted=weighted)
    A = net.adjacency("x", directed=False, weighted=True)  # mutual weights, as documented
    G = nx.from_scipy_sparse_array(A)
    want = nx.eigenvector_centrality_numpy(G, weight="weight")
    want = np.array([want[i] for i in range(net.n_firms)])
    got = C.eigenvector(net, aggregate=False)["x"].to_numpy()
    np.testing.assert_allclose(got, want / want.max(), atol=1e-8)


@pytest.mark.parametrize("weighted", [True, False])
def test_hub_and_authority_match_networkx_hits(weighted):
    net = connected_net(5, directed=True, weighted=weighted)
    G = nx_graph(net)
    hubs, auths = nx.hits(G, max_iter=100_000, tol=1e-14)
    for func, want in ((C.hub, hubs), (C.authority, auths)):
        w = series(want, net)
        got = func(net, aggregate=False)["x"].to_numpy()
        np.testing.assert_allclose(got, w / w.max(), atol=1e-7)


def test_hub_authority_also_match_igraph():
    net = random_net(9, n=30, p=0.3, directed=True, weighted=True, isolates=0)  # A A^T connected
    # (igraph warns, and the test would error, when scores are 0, e.g. for isolated firms)
    g = net.to_igraph("x")
    np.testing.assert_allclose(C.hub(net, aggregate=False)["x"], g.hub_score(weights="weight"), atol=1e-7)
    np.testing.assert_allclose(C.authority(net, aggregate=False)["x"],
                               g.authority_score(weights="weight"), atol=1e-7)


def test_clustering_and_coreness_match_networkx(case):
    net, G, directed, _ = case
    U = nx.Graph(G.to_undirected()) if directed else G
    np.testing.assert_allclose(C.clustering(net, aggregate=False)["x"], series(nx.clustering(U), net))
    np.testing.assert_allclose(C.coreness(net, aggregate=False)["x"], series(nx.core_number(U), net))


def test_constraint_matches_networkx(case):
    net, G, _, _ = case
    want = series(nx.constraint(G, weight="weight"), net)
    got = C.constraint(net, aggregate=False)["x"].to_numpy()
    np.testing.assert_allclose(got, want, atol=1e-12, equal_nan=True)
    isolated = series(dict(G.degree()), net) == 0
    assert isolated.sum() == 2 and np.isnan(got[isolated]).all()
    assert not np.isnan(got[~isolated]).any()


def test_effective_size_matches_networkx(case):
    net, G, directed, _ = case
    # networkx's per-node path: its all-nodes sparse path (networkx 3.6) normalises
    # m_vw by the max of w instead of v on weighted/directed graphs (networkx PR #8906)
    want = nx.effective_size(G, nodes=list(G), weight="weight")
    if directed:  # networkx's per-node path gives NaN to firms with only incoming links
        rev = nx.effective_size(G.reverse(), nodes=list(G), weight="weight")
        want = {v: rev[v] if np.isnan(x) else x for v, x in want.items()}
    want = series(want, net)
    got = C.effective_size(net, aggregate=False)["x"].to_numpy()
    np.testing.assert_allclose(got, want, atol=1e-12, equal_nan=True)


def test_weighted_false_option_matches_networkx_without_weights(case):
    # weighted=False on a weighted layer: every arc counts 1 (networkx weight=None)
    net, G, directed, _ = case
    got = lambda f, **kw: f(net, aggregate=False, weighted=False, **kw)["x"].to_numpy()
    want = nx.pagerank(G, weight=None, tol=1e-14, max_iter=10_000)
    np.testing.assert_allclose(got(C.pagerank), series(want, net), atol=1e-10)
    np.testing.assert_allclose(got(C.constraint), series(nx.constraint(G), net), atol=1e-12,
                               equal_nan=True)
    want = nx.effective_size(G, nodes=list(G))
    if directed:  # as in test_effective_size_matches_networkx
        rev = nx.effective_size(G.reverse(), nodes=list(G))
        want = {v: rev[v] if np.isnan(x) else x for v, x in want.items()}
    np.testing.assert_allclose(got(C.effective_size), series(want, net), atol=1e-12,
                               equal_nan=True)
    U = nx.Graph(G.to_undirected() if directed else G)  # binary undirected view (as igraph)
    ev = C.eigenvector(net, aggregate=False, weighted=False)["x"].to_numpy()
    want = series(nx.eigenvector_centrality(U, weight=None, max_iter=100_000, tol=1e-15), net)
    np.testing.assert_allclose(ev, want / want.max(), atol=1e-8)
    if directed:
        hubs, auths = nx.hits(nx.DiGraph(G.edges()), max_iter=100_000, tol=1e-14)
        for func, want in ((C.hub, hubs), (C.authority, auths)):
            w = series(want, net)
            w = np.nan_to_num(w)  # isolated firms are not in the edge-built graph
            np.testing.assert_allclose(got(func), w / w.max(), atol=1e-7)


def test_effective_size_unweighted_is_borgatti():
    # star of 4 with one tie among the leaves: ego has n=4 partners, t=1 tie -> 4 - 2/4
    net = make_net([(0, 1), (0, 2), (0, 3), (0, 4), (1, 2)], 5, directed=False, weighted=False)
    got = C.effective_size(net, aggregate=False, weighted=False)["x"]
    assert got["f0"] == pytest.approx(3.5)
    G = nx.Graph([(0, 1), (0, 2), (0, 3), (0, 4), (1, 2)])
    assert nx.effective_size(G)[0] == pytest.approx(3.5)


def test_aggregate_column_is_the_undirected_union(toy):
    agg = toy.to_networkx("aggregate")
    got = C.pagerank(toy)["aggregate"].to_numpy()
    want = nx.pagerank(agg, weight="weight", tol=1e-14, max_iter=10_000)
    np.testing.assert_allclose(got, series(want, toy), atol=1e-10)
    np.testing.assert_allclose(C.degree(toy)["aggregate"], series(dict(agg.degree()), toy))
    b = C.betweenness(toy)["aggregate"].to_numpy()
    np.testing.assert_allclose(b, series(nx.betweenness_centrality(agg, normalized=False), toy))


# ----------------------------------------------------------------------------- hand-checked toy


def test_toy_hand_values(toy):
    deg = C.degree(toy)
    # S2: procurement partners U1, A1, A2; design S3, D1; logistics L1; aggregate 6 distinct
    assert deg.loc["S2"].tolist() == [3.0, 2.0, 1.0, 6.0]
    # logistics is a star into L1: L1 lies on no path (all arcs point to it)
    assert C.betweenness(toy)["logistics"].sum() == 0
    # design_sharing path S1 - D1 - S2 - S3: D1 and S2 each carry 2 pairs
    b = C.betweenness(toy)["design_sharing"]
    assert (b["D1"], b["S2"], b["S1"]) == (2.0, 2.0, 0.0)
    # T1 is isolated everywhere: zeros, NaN for structural-hole measures
    assert (C.pagerank(toy).loc["T1"] > 0).all()  # teleport mass
    assert C.constraint(toy).loc["T1"].isna().all()
    assert C.effective_size(toy).loc["T1"].isna().all()
    assert (C.harmonic_closeness(toy).loc["T1"] == 0).all()


# ----------------------------------------------------------------------------- sampling


def test_sampled_betweenness_converges_to_exact():
    net = random_net(21, n=120, p=0.04, directed=False, weighted=False)
    exact = C.betweenness(net, aggregate=False)["x"].to_numpy()
    full = C.betweenness(net, aggregate=False, samples=net.n_firms)  # k >= N: exact
    np.testing.assert_allclose(full["x"], exact)
    assert full.attrs["exact"]
    errors = []
    for k in (12, 40, 119):
        est = np.mean([C.betweenness(net, aggregate=False, samples=k, seed=s)["x"].to_numpy()
                       for s in range(6)], axis=0)
        errors.append(np.abs(est - exact).sum() / exact.sum())
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 0.02
    one = C.betweenness(net, aggregate=False, samples=40, seed=3)
    assert one.attrs == {"samples": 40, "exact": False}


def test_sampled_betweenness_is_unbiased_on_average():
    net = random_net(4, n=60, p=0.08, directed=True, weighted=False)
    exact = C.betweenness(net, aggregate=False)["x"].to_numpy()
    est = np.mean([C.betweenness(net, aggregate=False, samples=15, seed=s)["x"].to_numpy()
                   for s in range(200)], axis=0)
    assert np.abs(est - exact).sum() / exact.sum() < 0.05


def test_betweenness_is_sampled_above_exact_max(monkeypatch):
    net = random_net(2, n=50, directed=False, weighted=False)  # 52 firms
    exact = C.betweenness(net, aggregate=False)
    assert exact.attrs == {"samples": None, "exact": True}
    # above exact_max, DEFAULT_SAMPLES (256) pivots are asked; 256 >= N: still exact
    b = C.betweenness(net, aggregate=False, exact_max=10, seed=1)
    assert b.attrs == {"samples": None, "exact": True}
    np.testing.assert_allclose(b["x"], exact["x"])
    # with fewer default pivots than firms, the automatic switch samples
    import netclust.metrics._rank as R

    monkeypatch.setattr(R, "DEFAULT_SAMPLES", 20)  # the pivot rule is stated once, in _rank
    b = C.betweenness(net, aggregate=False, exact_max=10, seed=1)
    assert b.attrs == {"samples": 20, "exact": False}
    assert not np.allclose(b["x"], exact["x"])
    b = C.betweenness(net, aggregate=False, exact_max=100, seed=1)  # N <= exact_max: exact
    assert b.attrs == {"samples": None, "exact": True}
    b = C.betweenness(net, aggregate=False, exact_max=10, samples=20, seed=1)
    assert b.attrs == {"samples": 20, "exact": False}
    h = C.harmonic_closeness(net, aggregate=False, exact_max=10, seed=1)
    assert h.attrs == {"samples": 20, "exact": False}


@pytest.mark.parametrize("mode", ["in", "out", "all"])
@pytest.mark.parametrize("distance", [None, "inverse_weight", "weight"])
def test_sampled_harmonic_with_every_source_equals_igraph(mode, distance):
    net = random_net(8, n=50, p=0.07, directed=True, weighted=True)
    from netclust.metrics._views import LayerView

    exact = C.harmonic_closeness(net, aggregate=False, mode=mode, distance=distance,
                                 normalized=False)["x"].to_numpy()
    from netclust.metrics.paths import _harmonic_sampled

    every = _harmonic_sampled(LayerView.of(net, "x"), np.arange(net.n_firms), mode, distance, 1.0)
    np.testing.assert_allclose(every, exact, atol=1e-10)


def test_sampled_harmonic_converges():
    net = random_net(12, n=150, p=0.03, directed=False, weighted=False)
    exact = C.harmonic_closeness(net, aggregate=False)["x"].to_numpy()
    errs = [np.abs(C.harmonic_closeness(net, aggregate=False, samples=k, exact_max=0, seed=1)["x"]
                   .to_numpy() - exact).mean() for k in (10, 60, 149)]
    assert errs[0] > errs[2] and errs[2] < 0.01 * exact.mean()


def _undirected_min_length(G, attr):
    """Undirected view keeping the shorter of the two directions' lengths (mode='all')."""
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        length = d[attr] if attr else 1.0
        if not U.has_edge(u, v) or length < U[u][v]["len"]:
            U.add_edge(u, v, len=length)
    return U


@pytest.mark.parametrize("directed", [True, False])
def test_sampled_estimators_equal_networkx_on_the_same_pivots(directed):
    # The pivot-sampled estimates are (N/k) x the contribution of the k pivots
    # (Brandes & Pich 2007; Eppstein & Wang 2004). The pivots are drawn as documented
    # (k firms uniformly without replacement from numpy's default_rng(seed)); the
    # contributions are computed by networkx: subset betweenness with the pivots as
    # sources and every firm as target, and shortest-path lengths from each pivot.
    net = random_net(5, n=60, directed=directed, weighted=True)
    G = nx_graph(net)
    n, k, seed = net.n_firms, 17, 4
    ids = list(net.firm_ids)
    pivots = [ids[i] for i in np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))]
    got = C.betweenness(net, aggregate=False, samples=k, seed=seed)
    assert got.attrs == {"samples": k, "exact": False}
    want = nx.betweenness_centrality_subset(G, pivots, ids, normalized=False)
    np.testing.assert_allclose(got["x"].to_numpy(), series(want, net) * n / k, atol=1e-9)
    for distance, attr in ((None, None), ("inverse_weight", "inv"), ("weight", "weight")):
        for mode in ("in", "out", "all"):
            if directed and mode == "out":
                H, w = G.reverse(), attr       # d(i -> j): paths from the pivot, reversed
            elif directed and mode == "all":
                H, w = _undirected_min_length(G, attr), ("len" if attr else None)
            else:
                H, w = G, attr
            lengths = {s: nx.single_source_dijkstra_path_length(H, s, weight=w) for s in pivots}
            want = np.array([sum(1.0 / lengths[s][v] for s in pivots if v in lengths[s] and v != s)
                             for v in ids]) * n / k
            h = C.harmonic_closeness(net, aggregate=False, samples=k, seed=seed, mode=mode,
                                     distance=distance, normalized=False)
            assert h.attrs == {"samples": k, "exact": False}
            np.testing.assert_allclose(h["x"].to_numpy(), want, atol=1e-9,
                                       err_msg=f"{mode}, {distance}")
            hn = C.harmonic_closeness(net, aggregate=False, samples=k, seed=seed, mode=mode,
                                      distance=distance)
            np.testing.assert_allclose(hn["x"].to_numpy(), want / (n - 1), atol=1e-12)
            exact = C.harmonic_closeness(net, aggregate=False, mode=mode, distance=distance,
                                         normalized=False)["x"].to_numpy()
            full = {s: nx.single_source_dijkstra_path_length(H, s, weight=w) for s in ids}
            want_exact = [sum(1.0 / full[s][v] for s in ids if v in full[s] and v != s) for v in ids]
            np.testing.assert_allclose(exact, want_exact, atol=1e-9, err_msg=f"exact {mode}")


# ----------------------------------------------------------------------------- contract, errors


ALL = [C.in_degree, C.out_degree, C.degree, C.in_strength, C.out_strength, C.strength, C.pagerank,
       C.betweenness, C.harmonic_closeness, C.eigenvector, C.hub, C.authority, C.clustering,
       C.coreness, C.constraint, C.effective_size]


@pytest.mark.parametrize("func", ALL, ids=lambda f: f.__name__)
def test_contract(func, toy):
    df = func(toy)
    assert df.index.equals(toy.firm_ids)
    assert list(df.columns) == toy.layer_names + ["aggregate"]
    assert all(dt == np.float64 for dt in df.dtypes)
    active = (C.degree(toy) > 0).to_numpy()
    assert not np.isnan(df.to_numpy()[active]).any()  # defined wherever a firm has links
    if func not in (C.constraint, C.effective_size):
        assert not df.isna().any().any()  # isolated firms get 0
    sub = func(toy, layers=["logistics"])
    assert list(sub.columns) == ["logistics"]


def test_bad_parameters_raise_input_error(toy):
    with pytest.raises(InputError):
        C.betweenness(toy, samples=0)
    with pytest.raises(InputError):
        C.betweenness(toy, distance="miles")
    with pytest.raises(InputError):
        C.harmonic_closeness(toy, mode="sideways")
    with pytest.raises(InputError):
        C.pagerank(toy, damping=1.0)
    with pytest.raises(InputError):
        C.degree(toy, layers=["no_such_layer"])
    with pytest.raises(InputError):
        C.centrality(toy, ["not_a_metric"])


def test_centrality_long_and_wide(toy):
    long = C.centrality(toy)
    assert list(long.columns) == ["firm_id", "layer", "metric", "value"]
    assert set(long["layer"].unique()) == set(toy.layer_names) | {"aggregate", "multiplex"}
    assert len(long.drop_duplicates(["firm_id", "layer", "metric"])) == len(long)
    wide = C.centrality(toy, ["pagerank", "versatility"], form="wide")
    assert wide.index.equals(toy.firm_ids)
    assert wide.columns.tolist() == [("pagerank", l) for l in toy.layer_names + ["aggregate"]] + [
        ("versatility", "multiplex")]
    back = long.query("metric == 'pagerank' and layer == 'procurement'").set_index("firm_id")["value"]
    np.testing.assert_allclose(back.reindex(toy.firm_ids), C.pagerank(toy)["procurement"])


def test_eigenvector_handles_tied_components():
    # two identical disjoint triangles: the leading eigenvalue is degenerate; both get 1
    net = make_net([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)], 7, directed=False, weighted=False)
    got = C.eigenvector(net, aggregate=False)["x"].to_numpy()
    np.testing.assert_allclose(got, [1, 1, 1, 1, 1, 1, 0], atol=1e-12)
    big = make_net(np.r_[[(i, i + 1) for i in range(0, 98, 2)]], 100, directed=False, weighted=False)
    got = C.eigenvector(big, aggregate=False)["x"].to_numpy()  # 49 identical pairs (ARPACK path)
    np.testing.assert_allclose(got[:98], 1.0, atol=1e-8)


# ----------------------------------------------------------------------------- hypothesis


edge_lists = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), min_size=1, max_size=40)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edges=edge_lists, perm_seed=st.integers(0, 10_000), directed=st.booleans())
def test_relabelling_firms_permutes_results(edges, perm_seed, directed):
    edges = [(a, b) for a, b in edges if a != b]
    assume(edges)
    n = 12
    net = make_net(edges, n, directed=directed, weighted=True, weights=np.arange(1, len(edges) + 1))
    perm = np.random.default_rng(perm_seed).permutation(n)  # firm i becomes firm perm[i]
    moved = make_net([(perm[a], perm[b]) for a, b in edges], n, directed=directed, weighted=True,
                     weights=np.arange(1, len(edges) + 1))
    for func in (C.degree, C.pagerank, C.betweenness, C.harmonic_closeness, C.eigenvector, C.hub,
                 C.clustering, C.coreness, C.constraint, C.effective_size):
        a = func(net, aggregate=False)["x"].to_numpy()
        b = func(moved, aggregate=False)["x"].to_numpy()[perm]
        np.testing.assert_allclose(a, b, atol=1e-7, equal_nan=True, err_msg=func.__name__)


@settings(max_examples=30, deadline=None)
@given(edges=edge_lists, directed=st.booleans())
def test_scores_in_stated_ranges(edges, directed):
    edges = [(a, b) for a, b in edges if a != b]
    assume(edges)
    net = make_net(edges, 12, directed=directed, weighted=False)
    for func in (C.harmonic_closeness, C.eigenvector, C.hub, C.authority, C.clustering):
        v = func(net, aggregate=False)["x"]
        assert ((v >= -1e-12) & (v <= 1 + 1e-12)).all(), func.__name__
    b = C.betweenness(net, aggregate=False, normalized=True)["x"]
    assert ((b >= -1e-12) & (b <= 1 + 1e-12)).all()
    pr = C.pagerank(net, aggregate=False)["x"]
    assert pr.sum() == pytest.approx(1.0) and (pr > 0).all()
    c = C.constraint(net, aggregate=False)["x"].dropna()
    assert (c > 0).all()
    e = C.effective_size(net, aggregate=False)["x"]
    assert (e.dropna() >= 1 - 1e-9).all() and (e.fillna(0) <= C.degree(net, aggregate=False)["x"]).all()


@settings(max_examples=20, deadline=None)
@given(edges=edge_lists, extra=st.integers(1, 5))
def test_adding_isolated_firms_keeps_raw_degrees(edges, extra):
    edges = [(a, b) for a, b in edges if a != b]
    assume(edges)
    net = make_net(edges, 12, directed=True, weighted=True)
    bigger = make_net(edges, 12 + extra, directed=True, weighted=True)
    for func in (C.in_degree, C.out_degree, C.degree, C.strength, C.betweenness, C.coreness):
        a = func(net, aggregate=False)["x"].to_numpy()
        b = func(bigger, aggregate=False)["x"].to_numpy()
        np.testing.assert_allclose(b[:12], a)
        assert (b[12:] == 0).all()


def test_engine_is_igraph_not_python_loops():
    # sanity: the per-layer helper receives igraph graphs with all firms as vertices
    net = random_net(1, directed=True, weighted=True)
    seen = []
    from netclust.metrics._views import per_layer

    per_layer(net, lambda g, spec: seen.append((type(g), g.vcount())) or np.zeros(g.vcount()))
    assert all(t is ig.Graph and n == net.n_firms for t, n in seen)


def test_to_wide_reshape_equals_the_pivot_on_real_data():
    """The block reshape of a to_long table and pandas' pivot give the same wide table."""
    from netclust.analysis import Analysis
    from netclust.metrics.tidy import to_wide

    net = nc.read("tests/data/lazega_lawfirm")
    long = Analysis(net).firm_measures
    fast = to_wide(long, net.firm_ids)
    pivot = to_wide(long.assign(firm_id=long["firm_id"].astype(str)), net.firm_ids)  # not categorical
    pd.testing.assert_frame_equal(fast, pivot)
    shuffled = long.sample(frac=1, random_state=0)  # not in blocks: pivoted, same values
    pd.testing.assert_frame_equal(to_wide(shuffled, net.firm_ids)[fast.columns], fast)
    assert fast.loc["1", ("in_degree", "advice")] == net.to_igraph("advice").degree(mode="in")[0]
