"""Communities: published optimum, independent quality checks, planted recovery, tables."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust.errors import InputError
from netclust.schema import DEFAULT_LAYERS, LayerSpec
from netclust.metrics import community as K
from netclust.model import MultilayerNetwork


def net_from_edges(layer_edges, n, *, weights=None, directed=None):
    ids = [f"f{i}" for i in range(n)]
    rows = []
    for layer, edges in layer_edges.items():
        w = (weights or {}).get(layer, [1.0] * len(edges))
        rows += [(ids[a], ids[b], layer, float(x)) for (a, b), x in zip(edges, w)]
    links = pd.DataFrame(rows, columns=["source", "target", "layer", "weight"])
    specs = [LayerSpec(k, directed=(directed or {}).get(k, False)) for k in layer_edges]
    return nc.read(firms=pd.DataFrame({"firm_id": ids}), links=links, layers=specs)


@pytest.fixture(scope="module")
def karate():
    G = nx.karate_club_graph()
    return net_from_edges({"x": list(G.edges())}, G.number_of_nodes())


# ----------------------------------------------------------------------------- published optimum


def test_karate_best_modularity_is_the_published_optimum(karate, record_property):
    # Maximum modularity of Zachary's karate club (unweighted) is 0.4198 (420/1000 rounded),
    # proven optimal by integer programming: Brandes et al. (2008) IEEE TKDE 20:172-188;
    # Aloise et al. (2010) Math. Program. 124:271.
    best = max(K.communities(karate, seed=s).layer_modularity["x"] for s in range(10))
    record_property("karate_best_modularity", best)
    assert best == pytest.approx(0.4198, abs=5e-5)


def test_karate_multiplex_leiden_on_duplicated_layer_reaches_optimum():
    G = nx.karate_club_graph()
    edges = list(G.edges())
    net = net_from_edges({"a": edges, "b": edges}, 34)
    r = K.communities(net, seed=0, n_runs=10)
    assert r.method == "leiden-multiplex"
    assert r.layer_modularity["a"] == pytest.approx(0.4198, abs=5e-5)
    assert r.n_communities == 4


def test_louvain_fallback(karate):
    r = K.communities(karate, method="louvain", seed=1, n_runs=5)
    assert r.method == "louvain"
    assert r.layer_modularity["x"] > 0.41
    toy = nc.datasets.toy()
    r2 = K.communities(toy, method="louvain", seed=1)  # several layers: Louvain on the aggregate
    assert r2.method == "louvain" and r2.membership.index.equals(toy.firm_ids)


def test_leiden_aggregate_is_networkx_modularity_of_the_aggregate():
    """Aggregate Leiden: its quality is networkx's modularity of the summed-weight aggregate."""
    from netclust.analysis import Settings

    toy = nc.datasets.toy()
    r = K.communities(toy, method="leiden-aggregate", seed=1, n_runs=3)
    assert r.method == "leiden-aggregate" and r.membership.index.equals(toy.firm_ids)
    g = nx.Graph()
    g.add_nodes_from(toy.firm_ids)
    for (a, b), w in toy.links.groupby(["source", "target"])["weight"].sum().items():
        if a != b:
            old = g.get_edge_data(a, b, {"weight": 0.0})["weight"]
            g.add_edge(a, b, weight=old + w)
    parts = [set(ix) for _, ix in r.membership.groupby(r.membership).groups.items()]
    assert r.quality == pytest.approx(nx.community.modularity(g, parts, weight="weight"))
    assert Settings().resolve(K.AGGREGATE_SEARCH_FIRMS + 1).community_method == "leiden-aggregate"
    assert Settings().resolve(9).community_method == "leiden"
    assert Settings(community_method="leiden").resolve(10**6).community_method == "leiden"


# ----------------------------------------------------------------------------- quality functions


def random_weighted(seed, n=40, m=120, layers=("x",)):
    rng = np.random.default_rng(seed)
    out, w = {}, {}
    for name in layers:
        e = rng.integers(0, n, (m, 2))
        e = [tuple(sorted(p)) for p in e if p[0] != p[1]]
        e = list(dict.fromkeys(e))
        out[name], w[name] = e, rng.uniform(0.5, 3, len(e)).tolist()
    return net_from_edges(out, n, weights=w)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 6), gamma=st.floats(0.2, 2.0))
def test_multislice_with_one_layer_is_newman_modularity(seed, k, gamma):
    net = random_weighted(seed % 50)
    labels = pd.Series(np.random.default_rng(seed).integers(0, k, net.n_firms), index=net.firm_ids)
    G = net.to_networkx("x")
    groups = [set(labels.index[labels == c]) for c in labels.unique()]
    want = nx.community.modularity(G, groups, weight="weight", resolution=gamma)
    assert K.multislice_modularity(net, labels, omega=3.0, resolution=gamma) == pytest.approx(want)
    assert K.modularity(net, labels, resolution=gamma)["x"] == pytest.approx(want)
    g = net.to_igraph("x")
    assert g.modularity(labels.to_numpy().tolist(), weights="weight", resolution=gamma) == pytest.approx(want)


def brute_multislice(net, labels_by_layer, omega, gamma):
    """Mucha et al. (2010) Eq. 1 written out with dense loops (independent reference)."""
    names = net.layer_names
    n = net.n_firms
    A = [net.adjacency(l, directed=False).toarray() for l in names]
    k = [a.sum(axis=1) for a in A]
    two_m = [a.sum() for a in A]
    g = np.array([labels_by_layer[l] for l in names])  # L x N
    mu2 = sum(two_m) + omega * n * len(names) * (len(names) - 1)
    q = 0.0
    for s in range(len(names)):
        for i in range(n):
            for j in range(n):
                if g[s, i] == g[s, j] and two_m[s] > 0:
                    q += A[s][i, j] - gamma * k[s][i] * k[s][j] / two_m[s]
        for r in range(len(names)):
            if r != s:
                q += omega * np.sum(g[s] == g[r])
    return q / mu2


@pytest.mark.parametrize("omega", [0.0, 0.5, 2.0])
def test_multislice_matches_dense_reference_with_node_layer_partition(omega):
    net = random_weighted(3, n=15, m=30, layers=("a", "b", "c"))
    rng = np.random.default_rng(omega.__hash__() % 100)
    labels = pd.DataFrame({l: rng.integers(0, 3, net.n_firms) for l in net.layer_names},
                          index=net.firm_ids)
    got = K.multislice_modularity(net, labels, omega=omega, resolution=0.8)
    want = brute_multislice(net, {l: labels[l].to_numpy() for l in net.layer_names}, omega, 0.8)
    assert got == pytest.approx(want)
    shared = labels["a"]
    got = K.multislice_modularity(net, shared, omega=omega)
    want = brute_multislice(net, {l: shared.to_numpy() for l in net.layer_names}, omega, 1.0)
    assert got == pytest.approx(want)


def test_leidenalg_quality_agrees_with_our_modularity():
    net = random_weighted(8, n=60, m=150, layers=("a", "b", "c"))
    r = K.communities(net, seed=2)
    two_m = np.array([net.adjacency(l, directed=False).sum() for l in net.layer_names])
    q = r.layer_modularity[net.layer_names].to_numpy()
    # leidenalg's RBConfiguration layer quality is unnormalised: 2 m_a Q_a
    np.testing.assert_allclose(list(r.params["leiden_layer_quality"].values()), two_m * q)
    assert r.quality == pytest.approx((two_m * q).sum())  # layer_weights 'edges': lambda = 1
    # for a partition shared by all layers, Mucha's Q = (sum 2m Q + omega N L(L-1)) / 2mu
    n, L = net.n_firms, 3
    for omega in (0.0, 1.0):
        want = ((two_m * q).sum() + omega * n * L * (L - 1)) / (two_m.sum() + omega * n * L * (L - 1))
        assert K.multislice_modularity(net, r.membership, omega=omega) == pytest.approx(want)


def test_layer_weights_conversion():
    net = random_weighted(8, n=60, m=150, layers=("a", "b"))
    two_m = {l: net.adjacency(l, directed=False).sum() for l in net.layer_names}
    r = K.communities(net, layer_weights="equal", seed=1)
    assert r.params["leiden_layer_weights"] == pytest.approx({l: 1 / v for l, v in two_m.items()})
    r = K.communities(net, layer_weights={"a": 2.0, "b": 1.0}, seed=1)
    assert r.params["leiden_layer_weights"] == pytest.approx({"a": 2 / two_m["a"], "b": 1 / two_m["b"]})
    # 'equal' maximises Q_a + Q_b: its value is at least that of the 'edges' partition
    eq = K.communities(net, layer_weights="equal", seed=1, n_runs=3)
    ed = K.communities(net, seed=1, n_runs=3)
    assert eq.layer_modularity[["a", "b"]].sum() >= ed.layer_modularity[["a", "b"]].sum() - 0.01
    for bad in ("weird", {"zzz": 1.0}, {"a": -1.0}):
        with pytest.raises(InputError):
            K.communities(net, layer_weights=bad)


def test_seeded_and_relabelled_deterministically(toy):
    a = K.communities(toy, seed=5)
    b = K.communities(toy, seed=5)
    assert a.membership.equals(b.membership)
    sizes = a.membership.value_counts().sort_index().to_numpy()
    assert (np.diff(sizes) <= 0).all()  # 0 = largest community
    with pytest.raises(InputError):
        K.communities(toy, method="spectral")
    with pytest.raises(InputError):
        K.communities(toy, n_runs=0)


def test_modularity_errors(toy):
    with pytest.raises(InputError):
        K.modularity(toy, pd.Series([0, 1], index=["A1", "A2"]))
    with pytest.raises(InputError):
        K.modularity(toy, [0] * 5)


# ----------------------------------------------------------------------------- recovery


@pytest.mark.parametrize("mu", [0.1, 0.3])
def test_lfr_recovery(mu, record_property):
    # networkx's LFR generator (Lancichinetti, Fortunato & Radicchi 2008): a benchmark
    # nobody on this project wrote.
    G = nx.LFR_benchmark_graph(1000, tau1=2.5, tau2=1.5, mu=mu, average_degree=20, max_degree=60,
                               min_community=30, max_community=120, seed=42)
    G.remove_edges_from(nx.selfloop_edges(G))
    planted = {}
    for c, nodes in enumerate({frozenset(G.nodes[v]["community"]) for v in G}):
        planted.update({v: c for v in nodes})
    net = net_from_edges({"x": list(G.edges())}, G.number_of_nodes())
    r = K.communities(net, seed=0)
    truth = pd.Series([planted[i] for i in range(G.number_of_nodes())], index=net.firm_ids)
    agree = K.partition_agreement(r.membership, truth)
    record_property(f"lfr_mu{mu}_nmi", agree["nmi"])
    print(f"LFR mu={mu}: NMI {agree['nmi']:.4f}, ARI {agree['ari']:.4f}")
    assert agree["nmi"] >= 0.9


def test_planted_recovery_on_bundled_sample(record_property):
    net = nc.datasets.sample()
    truth = nc.datasets.sample_communities()
    r = K.communities(net, seed=0)
    agree = K.partition_agreement(r.membership, truth)
    record_property("sample_nmi", agree["nmi"])
    print(f"sample ({net.n_firms} firms): NMI {agree['nmi']:.4f}, ARI {agree['ari']:.4f}")
    assert agree["nmi"] >= 0.9


@pytest.mark.slow
def test_planted_recovery_at_generator_defaults(record_property):
    from netclust.generator import generate_tables

    t = generate_tables(seed=0)  # default size: 25,600 firms
    # the generator's tables are valid by construction: build the network directly
    links = t.links.copy()
    links["count"] = 1
    net = MultilayerNetwork(t.firms.set_index("firm_id"), links, DEFAULT_LAYERS)
    r = K.communities(net, seed=0)
    agree = K.partition_agreement(r.membership, t.communities.set_index("firm_id")["community"])
    record_property("generator_default_nmi", agree["nmi"])
    print(f"generator defaults ({net.n_firms} firms): NMI {agree['nmi']:.4f}, ARI {agree['ari']:.4f}")
    assert agree["nmi"] >= 0.9


# ----------------------------------------------------------------------------- agreement, tables


def nmi_by_hand(a, b):
    a, b = np.asarray(a), np.asarray(b)
    n = len(a)
    ca, cb = np.unique(a), np.unique(b)
    joint = np.array([[np.sum((a == x) & (b == y)) for y in cb] for x in ca]) / n
    pa, pb = joint.sum(1), joint.sum(0)
    nz = joint > 0
    mi = (joint[nz] * np.log(joint[nz] / np.outer(pa, pb)[nz])).sum()
    h = lambda p: -(p[p > 0] * np.log(p[p > 0])).sum()
    return 2 * mi / (h(pa) + h(pb))


def ari_by_hand(a, b):
    from math import comb

    a, b = np.asarray(a), np.asarray(b)
    table = pd.crosstab(a, b).to_numpy()
    s_ij = sum(comb(int(x), 2) for x in table.ravel())
    s_a = sum(comb(int(x), 2) for x in table.sum(1))
    s_b = sum(comb(int(x), 2) for x in table.sum(0))
    expected = s_a * s_b / comb(len(a), 2)
    return (s_ij - expected) / ((s_a + s_b) / 2 - expected)


def test_partition_agreement_against_hand_formulas():
    rng = np.random.default_rng(0)
    a = pd.Series(rng.integers(0, 4, 200), index=[f"x{i}" for i in range(200)])
    b = pd.Series(np.where(rng.random(200) < 0.7, a, rng.integers(0, 5, 200)), index=a.index)
    got = K.partition_agreement(a, b)
    assert got["nmi"] == pytest.approx(nmi_by_hand(a, b))
    assert got["ari"] == pytest.approx(ari_by_hand(a, b))
    assert got["n_firms"] == 200
    shuffled = b.sample(frac=1, random_state=1)  # alignment is by firm id, not position
    assert K.partition_agreement(a, shuffled)["nmi"] == pytest.approx(got["nmi"])
    with pytest.raises(InputError):
        K.partition_agreement(a, pd.Series([1], index=["nobody"]))


def test_community_table_hand_checked(toy):
    # {A1, S1, U1} vs {A2, S2, S3, D1, L1} vs {T1}
    m = pd.Series({"A1": "x", "S1": "x", "U1": "x", "A2": "y", "S2": "y", "S3": "y", "D1": "y",
                   "L1": "y", "T1": "z"})
    t = K.community_table(toy, m)
    assert t.index.tolist() == ["y", "x", "z"]  # by size
    assert t.loc["x", "size"] == 3 and t.loc["x", "n_anchor"] == 1 and t.loc["x", "anchors"] == "A1"
    assert t.loc["y", "anchors"] == "A2" and t.loc["z", "anchors"] == ""
    # links of x: internal U1-S1, S1-A1 (procurement); external U1-S2, S2-A1 (proc),
    # S1-D1 (design), S1-L1, A1-L1 (logistics)
    assert (t.loc["x", "internal_links"], t.loc["x", "external_links"]) == (2, 5)
    assert t.loc["x", "internal_link_share"] == pytest.approx(2 / 7)
    assert t.loc["x", "internal_weight_share"] == pytest.approx((5 + 8) / (5 + 8 + 3 + 4 + 1 + 1 + 5))
    assert t.loc["x", "cohesion_procurement"] == pytest.approx(2 / 4)
    assert t.loc["x", "cohesion_design_sharing"] == 0.0
    assert np.isnan(t.loc["z", "internal_link_share"])
    assert t["size"].sum() == toy.n_firms


def test_community_table_sector_column():
    net = nc.datasets.sample()
    r = K.communities(net, seed=0)
    t = K.community_table(net, r)
    assert {"dominant_sector", "dominant_sector_share"} <= set(t.columns)
    assert t["size"].sum() == net.n_firms
    assert ((t["internal_link_share"].dropna() >= 0) & (t["internal_link_share"].dropna() <= 1)).all()


def test_layer_communities(toy):
    per = K.layer_communities(toy, seed=1)
    assert list(per.columns) == toy.layer_names + ["aggregate"]
    assert per.index.equals(toy.firm_ids)
    g = toy.to_igraph("design_sharing")
    q = g.modularity(per["design_sharing"].astype(int).tolist(), weights="weight")
    assert K.modularity(toy, per["design_sharing"])["design_sharing"] == pytest.approx(q)


def test_result_repr_and_sizes(toy):
    r = K.communities(toy, seed=1)
    assert "communities" in repr(r)
    assert r.sizes().sum() == toy.n_firms
    assert isinstance(ig.compare_communities(r.membership.tolist(), r.membership.tolist()), float)
