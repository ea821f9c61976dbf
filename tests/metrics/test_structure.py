"""Standard structural measures against networkx, igraph and hand-worked values."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust.errors import InputError
from netclust.metrics import structure as S
from netclust.schema import AGGREGATE, LayerSpec

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def lazega():
    return nc.read(DATA / "lazega_lawfirm")


def make_net(edges, n, *, directed=False, weights=None, order=None):
    """One-layer network 'x' on firms f0..f{n-1} (firm order permuted by ``order``)."""
    ids = [f"f{i}" for i in range(n)]
    w = weights or [1.0] * len(edges)
    links = pd.DataFrame([(ids[a], ids[b], "x", float(x)) for (a, b), x in zip(edges, w)],
                         columns=["source", "target", "layer", "weight"])
    firms = pd.DataFrame({"firm_id": [ids[i] for i in (order or range(n))]})
    return nc.read(firms=firms, links=links,
                   layers=[LayerSpec("x", directed=directed, weighted=weights is not None)])


def nx_graph(net, layer, *, directed=None, weighted=True):
    """networkx graph of one layer built straight from the link table (independent of views)."""
    spec = net.layer_spec(layer)
    directed = spec.directed if directed is None else directed
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(net.firm_ids)
    lk = net.links[net.links["layer"] == layer]
    for s, t, w in lk[["source", "target", "weight"]].itertuples(index=False):
        w = float(w) if weighted else 1.0
        if g.has_edge(s, t):
            g[s][t]["weight"] += w if weighted else 0.0
        else:
            g.add_edge(s, t, weight=w)
    return g


# ----------------------------------------------------------------------------- closeness


@pytest.mark.parametrize("mode", ["out", "in", "all"])
def test_closeness_is_networkx_reachable_only_on_lazega(lazega, mode):
    got = S.closeness(lazega, mode=mode, aggregate=False)
    for layer in lazega.layer_names:
        g = nx_graph(lazega, layer)
        g = {"in": g, "out": g.reverse(), "all": g.to_undirected()}[mode]  # nx: incoming distance
        want = pd.Series(nx.closeness_centrality(g, wf_improved=False)).reindex(lazega.firm_ids)
        col = got[layer]
        np.testing.assert_allclose(col.fillna(0.0), want, atol=1e-12)
        assert col.isna().sum() == (want == 0).sum()  # unreachable: NaN here, 0 in networkx


def test_closeness_hand_path_and_isolate():
    # path f0 - f1 - f2 and an isolated f3: middle 2/2 = 1, ends 2/3, isolate NaN
    c = S.closeness(make_net([(0, 1), (1, 2)], 4))["x"]
    np.testing.assert_allclose(c.iloc[:3], [2 / 3, 1.0, 2 / 3])
    assert np.isnan(c["f3"])


def test_closeness_directed_modes_differ():
    net = make_net([(0, 1), (1, 2)], 3, directed=True)
    out = S.closeness(net, mode="out")["x"]
    inn = S.closeness(net, mode="in")["x"]
    # f0 reaches f1 (1) and f2 (2): 2/3; f2 reaches no one
    assert out["f0"] == pytest.approx(2 / 3) and np.isnan(out["f2"])
    assert inn["f2"] == pytest.approx(2 / 3) and np.isnan(inn["f0"])
    with pytest.raises(InputError):
        S.closeness(net, mode="both")


# ----------------------------------------------------------------------------- clustering


def test_barrat_hand_worked():
    # triangle f0 f1 f2 (w01=1, w02=3, w12=2) plus f0-f3 (w=4)
    net = make_net([(0, 1), (0, 2), (1, 2), (0, 3)], 4, weights=[1, 3, 2, 4])
    c = S.barrat_clustering(net)["x"]
    # f0: s=8, k=3; the one triangle counted for (j,h) and (h,j): 2 * (1+3)/2 = 4 -> 4/(8*2)
    assert c["f0"] == pytest.approx(0.25)
    assert c["f1"] == pytest.approx(1.0) and c["f2"] == pytest.approx(1.0)
    assert np.isnan(c["f3"])
    plain = S.barrat_clustering(net, weighted=False)["x"]
    assert plain["f0"] == pytest.approx(1 / 3)  # unweighted: 1 of 3 partner pairs linked


def test_barrat_equal_weights_is_networkx_clustering(lazega):
    got = S.barrat_clustering(lazega, aggregate=False)
    for layer in lazega.layer_names:
        g = nx_graph(lazega, layer, directed=False, weighted=False)
        want = pd.Series(nx.clustering(g)).reindex(lazega.firm_ids)
        deg = pd.Series(dict(g.degree())).reindex(lazega.firm_ids)
        # the undirected view of an unweighted layer is binary: Barrat = plain clustering
        np.testing.assert_allclose(got[layer][deg >= 2], want[deg >= 2], atol=1e-12)
        assert got[layer][deg < 2].isna().all()


def test_barrat_weighted_toy_is_igraph_on_networkx_built_graph():
    net = nc.datasets.toy()
    got = S.barrat_clustering(net, layers=["procurement"])["procurement"]
    g = nx_graph(net, "procurement", directed=False)
    h = ig.Graph.from_networkx(g)
    want = h.transitivity_local_undirected(mode="nan", weights="weight")
    want = pd.Series(want, index=h.vs["_nx_name"]).reindex(net.firm_ids)
    np.testing.assert_allclose(got, want, equal_nan=True)


# ----------------------------------------------------------------------------- layer table


def test_layer_structure_against_networkx(lazega):
    t = S.layer_structure(lazega)
    assert list(t.index) == lazega.layer_names + [AGGREGATE]
    for layer in lazega.layer_names:
        g = nx_graph(lazega, layer, weighted=False)
        assert t.loc[layer, "transitivity"] == pytest.approx(nx.transitivity(g.to_undirected()))
        assert t.loc[layer, "assortativity"] == pytest.approx(nx.degree_assortativity_coefficient(g))
        scc = list(nx.strongly_connected_components(g))
        assert t.loc[layer, "n_scc"] == len(scc)
        assert t.loc[layer, "largest_scc"] == max(map(len, scc))
        assert t.loc[layer, "n_links"] == g.number_of_edges()


def test_directed_modularity_against_networkx_and_igraph(lazega):
    rng = np.random.default_rng(3)
    memb = pd.Series(rng.integers(0, 3, lazega.n_firms), index=lazega.firm_ids)
    memb.iloc[:20] = 0  # a bigger block so Q is not ~0
    t = S.layer_structure(lazega, memb)
    groups = [set(memb.index[memb == c]) for c in sorted(memb.unique())]
    for layer in lazega.layer_names:
        g = nx_graph(lazega, layer)
        want = nx.community.modularity(g, groups, weight="weight")  # Leicht-Newman on a DiGraph
        assert t.loc[layer, "directed_modularity"] == pytest.approx(want, abs=1e-12)
        h = ig.Graph.from_networkx(g)
        codes = memb.reindex(h.vs["_nx_name"]).to_numpy().tolist()
        assert want == pytest.approx(h.modularity(codes, weights="weight", directed=True), abs=1e-12)


def test_directed_modularity_hand_worked():
    # two directed triangles (cycles) joined by one arc: m = 7
    edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)]
    net = make_net(edges, 6, directed=True)
    q = S.layer_structure(net, [0, 0, 0, 1, 1, 1]).loc["x", "directed_modularity"]
    kout = np.array([1, 1, 2, 1, 1, 1])
    kin = np.array([1, 1, 1, 2, 1, 1])
    m = 7
    a = np.zeros((6, 6))
    for i, j in edges:
        a[i, j] = 1
    same = np.equal.outer([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1])
    want = ((a - np.outer(kout, kin) / m) * same).sum() / m
    assert q == pytest.approx(want)
    assert want == pytest.approx(6 / 7 - (4 * 3 + 3 * 4) / 49)


def test_layer_structure_membership_errors():
    net = make_net([(0, 1)], 3)
    with pytest.raises(InputError):
        S.layer_structure(net, [0, 1])
    with pytest.raises(InputError):
        S.layer_structure(net, pd.Series([0, 1], index=["f0", "f1"]))


# ----------------------------------------------------------------------------- components


def test_strong_components_partition_is_networkx(lazega):
    lab = S.strong_components(lazega, aggregate=False)
    for layer in lazega.layer_names:
        g = nx_graph(lazega, layer)
        want = {frozenset(c) for c in nx.strongly_connected_components(g)}
        got = {frozenset(lab.index[lab[layer] == c]) for c in lab[layer].unique()}
        assert got == want
        sizes = lab[layer].value_counts()
        assert sizes[0] == sizes.max()  # label 0 is the largest component
        assert sorted(sizes.index) == list(range(len(sizes)))


def test_strong_components_hand():
    # f0 -> f1 -> f2 -> f0 is a cycle; f3 hangs off it; f4 isolated
    net = make_net([(0, 1), (1, 2), (2, 0), (2, 3)], 5, directed=True)
    lab = S.strong_components(net)
    assert lab["x"].tolist() == [0, 0, 0, 1, 2]
    assert lab[AGGREGATE].tolist() == [0, 0, 0, 0, 1]  # the aggregate is undirected


# ----------------------------------------------------------------------------- properties

edge_lists = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda e: e[0] != e[1]),
                      min_size=1, max_size=20, unique=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edges=edge_lists, directed=st.booleans(), perm=st.permutations(range(8)))
def test_relabelling_firms_permutes_results(edges, directed, perm):
    a = make_net(edges, 8, directed=directed)
    b = make_net(edges, 8, directed=directed, order=list(perm))
    for f in (S.closeness, S.barrat_clustering):
        x, y = f(a), f(b).loc[a.firm_ids]
        np.testing.assert_allclose(x.to_numpy(), y.to_numpy(), equal_nan=True)
        vals = x.to_numpy()[~np.isnan(x.to_numpy())]
        assert ((vals >= 0) & (vals <= 1 + 1e-12)).all()
    la, lb = S.strong_components(a)["x"], S.strong_components(b)["x"].loc[a.firm_ids]
    # same partition whatever the labels
    assert pd.crosstab(la, lb).astype(bool).sum(axis=1).eq(1).all()
    ta, tb = S.layer_structure(a, np.arange(8) % 2), S.layer_structure(b, pd.Series(
        np.arange(8) % 2, index=a.firm_ids))
    pd.testing.assert_frame_equal(ta, tb, check_exact=False, atol=1e-12)
    q = ta["directed_modularity"].dropna()
    assert ((q >= -1 - 1e-12) & (q <= 1 + 1e-12)).all()


@pytest.mark.parametrize("mode", ["all", "in", "out"])
def test_sampled_closeness_with_every_firm_as_pivot_equals_igraph(mode):
    import igraph as ig

    from netclust.metrics import structure as S

    g = ig.Graph.Erdos_Renyi(n=120, m=200, directed=True)
    g.vs["name"] = [str(i) for i in range(120)]
    got = S._sampled_closeness(g, np.arange(120), mode)
    exp = np.asarray(g.closeness(mode=mode, normalized=True), dtype=float)
    np.testing.assert_allclose(got, exp, rtol=1e-12, equal_nan=True)


def test_closeness_is_sampled_above_exact_max_and_close_to_exact():
    from netclust.metrics.structure import closeness

    net = nc.generate(firms=1500, seed=3)
    exact = closeness(net, layers=["aggregate"])
    est = closeness(net, layers=["aggregate"], exact_max=100, samples=300, seed=0)
    assert exact.attrs["samples"] is None and est.attrs["samples"] == 300
    rel = (est - exact).abs() / exact
    assert float(rel.median().iloc[0]) < 0.05
