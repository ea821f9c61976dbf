"""Multiplex measures: analytic cases, independent computations and invariants."""

from __future__ import annotations

import inspect

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy import stats

import netclust as nc
from netclust.errors import InputError
from netclust.schema import LayerSpec
from netclust.metrics import centrality as C
from netclust.metrics import multiplex as M
from netclust.metrics import overlap as O
from netclust.metrics.tidy import layer_metrics, to_long


def make_mnet(layer_edges, n, *, directed=None, weighted=True, weights=None, order=None):
    """Network on firms f0.. from {layer: [(i, j), ...]}; ``directed`` maps layer -> bool."""
    ids = [f"f{i}" for i in range(n)]
    directed = directed or {}
    rows = []
    for layer, edges in layer_edges.items():
        w = (weights or {}).get(layer, [1.0] * len(edges))
        rows += [(ids[a], ids[b], layer, float(x)) for (a, b), x in zip(edges, w)]
    links = pd.DataFrame(rows, columns=["source", "target", "layer", "weight"])
    names = order or list(layer_edges)
    specs = [LayerSpec(name, directed=directed.get(name, False), weighted=weighted) for name in names]
    return nc.read(firms=pd.DataFrame({"firm_id": ids}), links=links, layers=specs)


# ----------------------------------------------------------------------------- participation


def test_participation_zero_in_one_layer_and_one_when_even():
    net = make_mnet({
        "a": [(0, 1), (0, 2), (3, 4)],
        "b": [(3, 5)],
        "c": [(3, 6)],
    }, 8)
    p = M.participation_coefficient(net)
    assert p["f0"] == 0.0  # both links in layer a
    assert p["f3"] == pytest.approx(1.0)  # one link in each of the 3 layers
    assert np.isnan(p["f7"])  # isolated: undefined
    # hand value: f? with k = (2, 1, 0): P = 3/2 (1 - (4/9 + 1/9)) = 2/3
    net2 = make_mnet({"a": [(0, 1), (0, 2)], "b": [(0, 3)], "c": [(4, 5)]}, 6)
    assert M.participation_coefficient(net2)["f0"] == pytest.approx(2 / 3)


def test_overlapping_degree_sums_layer_degrees(toy):
    k = C.degree(toy, aggregate=False)
    np.testing.assert_allclose(M.overlapping_degree(toy), k.sum(axis=1))
    s = C.strength(toy, aggregate=False)
    np.testing.assert_allclose(M.overlapping_strength(toy), s.sum(axis=1))
    z = M.overlapping_degree_z(toy)
    assert z.mean() == pytest.approx(0.0, abs=1e-12) and z.std(ddof=0) == pytest.approx(1.0)
    assert M.node_activity(toy).tolist() == (k > 0).sum(axis=1).astype(float).tolist()


def _nx_layer_degrees(net, mode, weight=None):
    """k_i^alpha from networkx, one column per layer (independent of netclust's degree code)."""
    cols = {}
    for layer in net.layer_names:
        G = net.to_networkx(layer)
        if mode == "undirected":
            U = nx.Graph()
            U.add_nodes_from(G)
            for u, v, d in G.edges(data=True):  # mutual weight: both directions summed
                w = d["weight"] + (U[u][v]["weight"] if U.has_edge(u, v) else 0.0)
                U.add_edge(u, v, weight=w)
            deg = U.degree(weight=weight)
        elif mode == "total" or not G.is_directed():
            deg = G.degree(weight=weight)
        else:
            deg = (G.in_degree if mode == "in" else G.out_degree)(weight=weight)
        cols[layer] = pd.Series(dict(deg)).reindex(net.firm_ids).astype(float)
    return pd.DataFrame(cols)


@pytest.mark.parametrize("mode", ["undirected", "total", "in", "out"])
def test_degree_based_measures_against_networkx(mode):
    # directed layer p with a reciprocal pair (f0 <-> f1), weighted, and an isolated firm f7
    net = make_mnet({"p": [(0, 1), (1, 0), (0, 2), (3, 2), (4, 0)],
                     "u": [(0, 3), (2, 5), (5, 6), (0, 6)],
                     "q": [(6, 0), (2, 3)]}, 8, directed={"p": True, "q": True},
                    weights={"p": [2.0, 1.0, 3.0, 0.5, 1.0], "u": [1.0, 4.0, 1.0, 2.0],
                             "q": [1.0, 5.0]})
    k = _nx_layer_degrees(net, mode).to_numpy()
    s = _nx_layer_degrees(net, mode, weight="weight").to_numpy()
    np.testing.assert_allclose(M.layer_degrees(net, mode=mode), k)
    np.testing.assert_allclose(M.overlapping_degree(net, mode=mode), k.sum(axis=1))
    np.testing.assert_allclose(M.overlapping_strength(net, mode=mode), s.sum(axis=1))
    o = k.sum(axis=1)
    np.testing.assert_allclose(M.overlapping_degree_z(net, mode=mode), (o - o.mean()) / o.std())
    m = k.shape[1]
    for w, mat in ((False, k), (True, s)):
        tot = mat.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            want = m / (m - 1) * (1 - ((mat / tot[:, None]) ** 2).sum(axis=1))
        np.testing.assert_allclose(M.participation_coefficient(net, mode=mode, weighted=w), want,
                                   atol=1e-12, equal_nan=True)
    act = (_nx_layer_degrees(net, "undirected").to_numpy() > 0).sum(axis=1)
    np.testing.assert_allclose(M.node_activity(net), act)
    assert M.node_activity(net)["f7"] == 0 and np.isnan(M.participation_coefficient(net)["f7"])


def test_modes_for_directed_layers():
    net = make_mnet({"p": [(0, 1), (1, 0), (0, 2)], "u": [(0, 3)]}, 4, directed={"p": True})
    und = M.layer_degrees(net)  # partners: f0 has f1, f2 in p and f3 in u
    assert und.loc["f0"].tolist() == [2.0, 1.0]
    assert M.layer_degrees(net, mode="total").loc["f0"].tolist() == [3.0, 1.0]  # arcs, u once
    assert M.layer_degrees(net, mode="out").loc["f0"].tolist() == [2.0, 1.0]
    assert M.layer_degrees(net, mode="in").loc["f0"].tolist() == [1.0, 1.0]
    with pytest.raises(InputError):
        M.layer_degrees(net, mode="sideways")
    with pytest.raises(InputError):
        M.layer_degrees(net, layers=["aggregate"])


def test_role_map_hand_example():
    # f0 is a hub linked to 12 firms spread evenly over 3 layers; everybody else has 1 link
    edges = {"a": [(0, i) for i in range(1, 5)], "b": [(0, i) for i in range(5, 9)],
             "c": [(0, i) for i in range(9, 13)] + [(13, 14)]}
    net = make_mnet(edges, 16, directed=None)
    roles = M.multiplex_roles(net)
    assert roles.loc["f0", "role"] == "multiplex_hub"
    assert roles.loc["f1", "role"] == "focused_non_hub"
    assert roles.loc["f15", "role"] == "isolated"
    assert roles.loc["f0", "overlapping_degree_z"] > 2
    relaxed = M.multiplex_roles(net, hub_z=100)
    assert relaxed.loc["f0", "role"] == "multiplex_non_hub"
    with pytest.raises(InputError):
        M.multiplex_roles(net, focused_below=0.8, multiplex_above=0.5)


def test_single_layer_roles_are_undefined():
    net = make_mnet({"a": [(0, 1), (1, 2)]}, 4)
    roles = M.multiplex_roles(net)
    assert roles["participation_class"].tolist() == ["undefined"] * 3 + ["isolated"]
    assert roles["participation_coefficient"].isna().all()


def test_role_thresholds_defaults():
    # The cut-offs' provenance (mplex's reading of Battiston et al. 2014; Z > 2 unverified)
    # is in multiplex_roles' Notes; this pins the documented values and their boundaries.
    assert M.ROLE_THRESHOLDS == {"focused_below": 1 / 3, "multiplex_above": 2 / 3, "hub_z": 2.0}
    # the function's defaults are the documented constant
    params = inspect.signature(M.multiplex_roles).parameters
    assert {k: params[k].default for k in M.ROLE_THRESHOLDS} == M.ROLE_THRESHOLDS
    # f0: k = (2, 1, 0) -> P = 2/3 exactly: 'mixed' (multiplex needs P > 2/3)
    net = make_mnet({"a": [(0, 1), (0, 2)], "b": [(0, 3)], "c": [(4, 5)]}, 6)
    assert M.multiplex_roles(net).loc["f0", "participation_class"] == "mixed"


# ----------------------------------------------------------------------------- layer similarity


def test_identical_layers_overlap_one_and_jaccard_one():
    edges = [(0, 1), (1, 2), (2, 3), (0, 3), (4, 5)]
    net = make_mnet({"a": edges, "b": edges, "c": edges}, 7)
    j = O.edge_jaccard(net)
    np.testing.assert_allclose(j.to_numpy(), 1.0)
    assert O.global_overlap(net) == pytest.approx(1.0)
    assert O.multiplex_pair_share(net) == pytest.approx(1.0)
    np.testing.assert_allclose(O.degree_rank_correlation(net).to_numpy(), 1.0)
    p = M.participation_coefficient(net).dropna()
    np.testing.assert_allclose(p, 1.0)  # identical layers: every firm spreads evenly


def test_disjoint_layers_overlap_one_over_m():
    net = make_mnet({"a": [(0, 1)], "b": [(1, 2)], "c": [(2, 3)], "d": [(3, 4)]}, 5)
    assert O.global_overlap(net) == pytest.approx(1 / 4)
    assert O.multiplex_pair_share(net) == 0.0
    j = O.edge_jaccard(net).to_numpy()
    np.testing.assert_allclose(j, np.eye(4))


def test_edge_jaccard_against_python_sets():
    rng = np.random.default_rng(3)
    layers = {name: [tuple(e) for e in rng.integers(0, 20, (40, 2)) if e[0] != e[1]] for name in "xyz"}
    net = make_mnet(layers, 20, directed={"x": True})
    sets = {k: {tuple(sorted(e)) for e in v} for k, v in layers.items()}
    j = O.edge_jaccard(net)
    for a in "xyz":
        for b in "xyz":
            want = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
            assert j.loc[a, b] == pytest.approx(want)
    union = set().union(*sets.values())
    counts = [sum(p in s for s in sets.values()) for p in union]
    assert O.global_overlap(net) == pytest.approx(sum(counts) / (3 * len(union)))
    assert O.multiplex_pair_share(net) == pytest.approx(np.mean([c >= 2 for c in counts]))


def test_degree_rank_correlation_is_scipy_spearman():
    rng = np.random.default_rng(5)
    layers = {name: [tuple(e) for e in rng.integers(0, 30, (50, 2)) if e[0] != e[1]] for name in "xyz"}
    net = make_mnet(layers, 30)
    k = C.degree(net, aggregate=False)
    r = O.degree_rank_correlation(net)
    for a in "xyz":
        for b in "xyz":
            assert r.loc[a, b] == pytest.approx(stats.spearmanr(k[a], k[b]).statistic)


def test_layer_metrics_against_networkx():
    net = make_mnet({"p": [(0, 1), (1, 0), (0, 2), (3, 2)], "u": [(0, 1), (2, 4)],
                     "q": [(5, 3)]}, 7, directed={"p": True, "q": True})
    lm = layer_metrics(net)
    per = lm[lm["other_layer"].isna() & (lm["layer"] != "multiplex")]
    got = per.pivot(index="layer", columns="metric", values="value")
    agg = nx.Graph()
    agg.add_nodes_from(net.firm_ids)
    for layer in net.layer_names + ["aggregate"]:
        if layer == "aggregate":
            G = agg
        else:
            G = net.to_networkx(layer)
            agg.add_edges_from(G.edges())
        deg = np.array([d for _, d in nx.Graph(G).degree()])
        want = {"n_links": G.number_of_edges(), "density": nx.density(G),
                "mean_degree": deg.mean(), "n_active_firms": (deg > 0).sum(),
                "betweenness_sources": net.n_firms}
        for metric, value in want.items():
            assert got.loc[layer, metric] == pytest.approx(value), (layer, metric)
    assert got.loc["p", "n_links"] == 4 and got.loc["aggregate", "n_links"] == 5
    pairs = lm[lm["other_layer"].notna()]
    j = pairs[pairs.metric == "edge_jaccard"].pivot(index="layer", columns="other_layer", values="value")
    assert j.loc["p", "u"] == pytest.approx(1 / 4)   # {01} shared of {01, 02, 23, 24}
    glob = lm[lm["layer"] == "multiplex"].set_index("metric")["value"]
    assert glob["pair_multiplexity"] == pytest.approx(1 / 5)
    assert glob["global_overlap"] == pytest.approx(6 / (3 * 5))
    assert len(layer_metrics(net, betweenness_samples=3).query(
        "metric == 'betweenness_sources' and value == 3")) == 4


def test_to_long_against_pandas_melt(toy):
    deg = C.degree(toy)
    z = M.overlapping_degree_z(toy)
    long = to_long({"degree": deg, "overlapping_degree_z": z})
    want = (deg.rename_axis(columns="layer").reset_index()
            .melt(id_vars="firm_id", var_name="layer", value_name="value").assign(metric="degree"))
    want = pd.concat([want, z.rename("value").reset_index().assign(layer="multiplex",
                                                                   metric="overlapping_degree_z")])
    got = long.astype({"firm_id": str, "layer": str, "metric": str})
    pd.testing.assert_frame_equal(got.reset_index(drop=True),
                                  want[["firm_id", "layer", "metric", "value"]].astype(
                                      {"firm_id": str, "layer": str, "metric": str})
                                  .reset_index(drop=True), check_dtype=False)
    with pytest.raises(InputError):
        to_long({"bad": [1, 2, 3]})


# ----------------------------------------------------------------------------- multiplex PageRank


def pagerank_of_layer(net, layer):
    return C.pagerank(net, layers=[layer], aggregate=False)[layer].to_numpy()


@pytest.mark.parametrize("omega", [0.0, 0.3, 1.0, 5.0])
@pytest.mark.parametrize("directed", [True, False])
def test_identical_layers_reduce_to_single_layer_pagerank(omega, directed):
    rng = np.random.default_rng(11)
    edges = [tuple(e) for e in rng.integers(0, 25, (60, 2)) if e[0] != e[1]]
    edges = list(dict.fromkeys(edges if directed else [tuple(sorted(e)) for e in edges]))
    w = rng.uniform(0.5, 3.0, len(edges)).tolist()
    net = make_mnet({"a": edges, "b": edges, "c": edges}, 28, weights={"a": w, "b": w, "c": w},
                    directed={k: directed for k in "abc"})  # 3 isolated / dangling firms
    single = pagerank_of_layer(net, "a")
    v = M.versatility(net, omega=omega)
    np.testing.assert_allclose(v.to_numpy(), single, atol=1e-10)
    x = M.multiplex_pagerank(net, omega=omega)
    np.testing.assert_allclose(x.to_numpy(), np.column_stack([single / 3] * 3), atol=1e-10)


def test_classical_walk_is_pagerank_on_the_supra_graph(toy):
    S = toy.supra_adjacency(0.7, directed=True)
    G = nx.from_scipy_sparse_array(S, create_using=nx.DiGraph)
    want = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-15, max_iter=10_000)
    want = np.array([want[i] for i in range(S.shape[0])]).reshape(3, -1).T
    got = M.multiplex_pagerank(toy, omega=0.7, walk="classical")
    np.testing.assert_allclose(got.to_numpy(), want, atol=1e-10)


def test_physical_walk_hand_computed_two_layers():
    # layer a: 0 -> 1, layer b: 1 -> 0, omega = 1, no teleport (damping close to 1 is not
    # allowed) -> compare with an explicit transition matrix built by hand.
    net = make_mnet({"a": [(0, 1)], "b": [(1, 0)]}, 2, directed={"a": True, "b": True})
    d = 0.85
    # node-layers: (0,a)=0, (1,a)=1, (0,b)=2, (1,b)=3. Out-links: 0 in a only, 1 in b only.
    # from (0,a): switch only to layers where f0 has out-links (a) -> move to (1,a).
    # from (1,a): switch to b (f1 active only in b) -> move to (0,b). Symmetrically.
    T = np.zeros((4, 4))
    T[0, 1] = T[2, 1] = 1.0  # f0 copies -> (1, a)
    T[1, 2] = T[3, 2] = 1.0  # f1 copies -> (0, b)
    x = np.full(4, 0.25)
    for _ in range(2000):
        x = d * x @ T + (1 - d) / 4
    got = M.multiplex_pagerank(net, omega=1.0, damping=d)
    np.testing.assert_allclose(got.to_numpy().T.ravel(), x, atol=1e-12)


def test_multiplex_pagerank_is_not_a_weighted_sum_of_layer_pageranks(toy):
    v = M.versatility(toy).to_numpy()
    per_layer = C.pagerank(toy, aggregate=False).to_numpy()
    coef, *_ = np.linalg.lstsq(per_layer, v, rcond=None)
    assert np.abs(per_layer @ coef - v).max() > 1e-3  # no layer weighting reproduces it


def test_multiplex_pagerank_errors(toy):
    for kw in ({"omega": -1}, {"damping": 1.0}, {"walk": "lazy"}):
        with pytest.raises(InputError):
            M.multiplex_pagerank(toy, **kw)


def test_multiplex_table(toy):
    t = M.multiplex(toy)
    assert t.index.equals(toy.firm_ids)
    assert list(t.columns) == ["overlapping_degree", "overlapping_strength", "overlapping_degree_z",
                               "participation_coefficient", "node_activity", "versatility",
                               "participation_class", "hub", "role"]
    assert t["versatility"].sum() == pytest.approx(1.0)
    assert t.loc["T1", "role"] == "isolated"


# ----------------------------------------------------------------------------- hypothesis

layer_edges = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=25)


def _clean(edges):
    return list(dict.fromkeys((a, b) for a, b in edges if a != b))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=layer_edges, b=layer_edges, c=layer_edges, perm_seed=st.integers(0, 999))
def test_relabelling_and_layer_order_invariance(a, b, c, perm_seed):
    layers = {"a": _clean(a), "b": _clean(b), "c": _clean(c)}
    assume(any(layers.values()))
    n = 10
    directed = {"a": True}
    net = make_mnet(layers, n, directed=directed)
    reordered = make_mnet(layers, n, directed=directed, order=["c", "a", "b"])
    perm = np.random.default_rng(perm_seed).permutation(n)
    moved = make_mnet({k: [(perm[i], perm[j]) for i, j in v] for k, v in layers.items()}, n,
                      directed=directed)
    for func in (M.overlapping_degree, M.overlapping_strength, M.participation_coefficient,
                 M.node_activity, M.overlapping_degree_z, M.versatility):
        base = func(net).to_numpy()
        np.testing.assert_allclose(func(reordered).to_numpy(), base, atol=1e-10, equal_nan=True,
                                   err_msg=f"layer order: {func.__name__}")
        np.testing.assert_allclose(func(moved).to_numpy()[perm], base, atol=1e-10, equal_nan=True,
                                   err_msg=f"relabel: {func.__name__}")
    j = O.edge_jaccard(net)
    np.testing.assert_allclose(O.edge_jaccard(reordered).loc[j.index, j.columns], j)
    assert O.global_overlap(reordered) == pytest.approx(O.global_overlap(net), nan_ok=True)


@settings(max_examples=25, deadline=None)
@given(a=layer_edges, b=layer_edges, omega=st.floats(0, 10))
def test_multiplex_ranges(a, b, omega):
    layers = {"a": _clean(a), "b": _clean(b)}
    assume(any(layers.values()))
    net = make_mnet(layers, 10, directed={"b": True})
    p = M.participation_coefficient(net).dropna()
    assert ((p >= 0) & (p <= 1)).all()
    act = M.node_activity(net)
    assert ((act >= 0) & (act <= 2)).all()
    x = M.multiplex_pagerank(net, omega=omega)
    assert (x.to_numpy() > 0).all() and x.to_numpy().sum() == pytest.approx(1.0)
    j = O.edge_jaccard(net).to_numpy()
    assert np.nanmin(j) >= 0 and np.nanmax(j) <= 1
    o = O.global_overlap(net)
    assert 1 / 2 - 1e-12 <= o <= 1 + 1e-12
