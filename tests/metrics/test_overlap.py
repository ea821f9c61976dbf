"""Layer overlap, multiplexity, degree correlations, degree deviation and relevance."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

import netclust as nc
from netclust.io.reader import extend
from netclust.errors import InputError
from netclust.metrics import overlap as O
from netclust.metrics.multiplex import layer_degrees
from netclust.schema import LayerSpec

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def lazega():
    return nc.read(DATA / "lazega_lawfirm")


def make_net(layer_edges, n, *, directed=None, order=None):
    ids = [f"f{i}" for i in range(n)]
    directed = directed or {}
    rows = [(ids[a], ids[b], layer) for layer, edges in layer_edges.items() for a, b in edges]
    links = pd.DataFrame(rows, columns=["source", "target", "layer"])
    firms = pd.DataFrame({"firm_id": [ids[i] for i in (order or range(n))]})
    specs = [LayerSpec(l, directed=directed.get(l, False), weighted=False) for l in layer_edges]
    return nc.read(firms=firms, links=links, layers=specs)


def pair_sets(net):
    """{layer: set of unordered firm-id pairs} from the link table (plain Python)."""
    lk = net.links
    return {l: {tuple(sorted(p)) for p in lk.loc[lk["layer"] == l, ["source", "target"]]
                .itertuples(index=False, name=None)} for l in net.layer_names}


def neighbour_sets(net, mode="all"):
    """{layer: {firm: set of partners}} from the link table."""
    out = {l: {f: set() for f in net.firm_ids} for l in net.layer_names}
    for s, t, l in net.links[["source", "target", "layer"]].itertuples(index=False):
        both = not net.layer_spec(l).directed or mode == "all"
        if both or mode == "out":
            out[l][s].add(t)
        if both or mode == "in":
            out[l][t].add(s)
    return out


# ----------------------------------------------------------------------------- overlap


def test_pairwise_multiplexity_hand():
    # a: f0-f1; b: f1-f2; c: f3-f4; 6 firms (f5 isolated)
    net = make_net({"a": [(0, 1)], "b": [(1, 2)], "c": [(3, 4)]}, 6)
    q = O.pairwise_multiplexity(net)
    assert q.loc["a", "b"] == pytest.approx(1 / 6)  # only f1 active in both
    assert q.loc["a", "c"] == 0.0
    assert q.loc["a", "a"] == pytest.approx(2 / 6)
    np.testing.assert_allclose(q, q.T)


def test_pairwise_multiplexity_lazega_numpy(lazega):
    ids = list(lazega.firm_ids)
    act = np.zeros((len(ids), 3))
    for s, t, l in lazega.links[["source", "target", "layer"]].itertuples(index=False):
        j = lazega.layer_names.index(l)
        act[ids.index(s), j] = act[ids.index(t), j] = 1
    want = act.T @ act / len(ids)
    np.testing.assert_allclose(O.pairwise_multiplexity(lazega).to_numpy(), want)


def test_edge_overlap_and_layer_overlap_lazega_sets(lazega):
    sets = pair_sets(lazega)
    union = set().union(*sets.values())
    o = O.edge_overlap(lazega)
    assert len(o) == len(union)
    got = {(a, b) if a < b else (b, a): k for a, b, k in o[["firm_a", "firm_b", "edge_overlap"]]
           .itertuples(index=False)}
    assert got == {p: sum(p in s for s in sets.values()) for p in union}
    big = O.layer_edge_overlap(lazega)
    row = O.layer_edge_overlap(lazega, normalise="row")
    col = O.layer_edge_overlap(lazega, normalise="column")
    for a, b in combinations(lazega.layer_names, 2):
        inter = len(sets[a] & sets[b])
        assert big.loc[a, b] == inter == big.loc[b, a]
        assert row.loc[a, b] == pytest.approx(inter / len(sets[a]))
        assert col.loc[a, b] == pytest.approx(inter / len(sets[b]))
    shares = o["edge_overlap"].to_numpy()
    assert O.global_overlap(lazega) == pytest.approx(shares.mean() / 3)
    assert O.multiplex_pair_share(lazega) == pytest.approx((shares >= 2).mean())
    with pytest.raises(InputError):
        O.layer_edge_overlap(lazega, normalise="both")


def test_global_overlap_floor_is_one_over_m():
    for m in (2, 3, 5):
        net = make_net({f"l{k}": [(k, k + 1)] for k in range(m)}, m + 1)  # disjoint links
        assert O.global_overlap(net) == pytest.approx(1 / m)
        assert O.multiplex_pair_share(net) == 0.0
        assert (O.edge_overlap(net)["edge_overlap"] == 1).all()


def test_edge_jaccard_between_networks_matches_sets():
    a = make_net({"x": [(0, 1), (1, 2), (2, 3)], "y": [(0, 2)]}, 5, directed={"x": True})
    b = make_net({"x": [(1, 0), (1, 2), (3, 4)], "y": [(0, 2)]}, 5, directed={"x": True})
    und = O.edge_jaccard(a, other=b)
    assert und["x"] == pytest.approx(2 / 4)  # {01, 12} shared of {01, 12, 23, 34}
    dire = O.edge_jaccard(a, other=b, directed=True)
    assert dire["x"] == pytest.approx(1 / 5)  # 0->1 and 1->0 differ
    assert und["y"] == dire["y"] == 1.0


# ----------------------------------------------------------------------------- correlations


@pytest.mark.parametrize("mode", ["undirected", "in", "out"])
def test_degree_correlations_are_scipy(lazega, mode):
    t = O.degree_correlations(lazega, mode=mode)
    k = layer_degrees(lazega, mode=mode)
    ref = {"pearson": lambda x, y: stats.pearsonr(x, y)[0],
           "spearman": lambda x, y: stats.spearmanr(x, y)[0],
           "kendall": lambda x, y: stats.kendalltau(x, y, variant="b")[0]}
    assert len(t) == 3 * 3
    for a, b, method, value in t.itertuples(index=False):
        assert value == pytest.approx(ref[method](k[a], k[b]), abs=1e-12)


def test_kendall_is_tau_b_with_ties():
    # many tied degrees: Kendall's tau-b (scipy's default) corrects for them
    net = make_net({"a": [(0, 1), (2, 3), (0, 4)], "b": [(0, 1), (0, 2), (3, 4)]}, 6)
    t = O.degree_correlations(net, methods=["kendall"])
    ka = kb = [2, 1, 1, 1, 1, 0]  # same degree sequences: tau-b = 1 (tau-a would be < 1)
    assert t["value"].iloc[0] == pytest.approx(stats.kendalltau(ka, kb).statistic)
    assert t["value"].iloc[0] == pytest.approx(1.0)
    with pytest.raises(InputError):
        O.degree_correlations(net, methods=["kendall_a"])


# ----------------------------------------------------------------------------- uunet measures


def test_degree_deviation_hand_toy():
    d = O.degree_deviation(nc.datasets.toy())
    assert d["S2"] == pytest.approx(np.std([3, 2, 1]))  # 3 procurement, 2 design, 1 logistics
    assert d["T1"] == 0.0  # isolated
    # multinet's unit test: degrees 3 and 2 on two layers give 0.5 (population sd)
    net = make_net({"l1": [(0, 1), (0, 2), (0, 3)], "l2": [(0, 1), (0, 4)]}, 5)
    assert O.degree_deviation(net)["f0"] == pytest.approx(0.5)


def test_degree_deviation_lazega_loop(lazega):
    for mode in ("all", "in", "out"):
        got = O.degree_deviation(lazega, mode=mode)
        want = {}
        for f in lazega.firm_ids:
            degs = []
            for l in lazega.layer_names:
                sub = lazega.links[lazega.links["layer"] == l]
                n_out = int((sub["source"] == f).sum())
                n_in = int((sub["target"] == f).sum())
                degs.append({"all": n_in + n_out, "in": n_in, "out": n_out}[mode])
            want[f] = float(np.std(degs))
        np.testing.assert_allclose(got, pd.Series(want).reindex(lazega.firm_ids))


def test_relevance_hand_toy():
    net = nc.datasets.toy()
    r = O.relevance(net)
    # S2: partners A1, A2, U1 (procurement), S3, D1 (design), L1 (logistics): 6 distinct
    assert r.loc["S2"].tolist() == pytest.approx([3 / 6, 2 / 6, 1 / 6])
    assert r.loc["T1"].isna().all()
    x = O.relevance(net, exclusive=True)
    assert x.loc["S2"].tolist() == pytest.approx([3 / 6, 2 / 6, 1 / 6])  # no shared partner
    extra = pd.DataFrame({"source": ["U1"], "target": ["S1"], "layer": ["design_sharing"]})
    y = O.relevance(extend(net, links=extra), exclusive=True)
    # S1: A1, U1 | D1, U1 | L1 -> 4 partners; U1 shared by procurement and design
    assert y.loc["S1"].tolist() == pytest.approx([1 / 4, 1 / 4, 1 / 4])
    assert O.relevance(extend(net, links=extra))["procurement"]["S1"] == pytest.approx(2 / 4)


@pytest.mark.parametrize("mode", ["all", "in", "out"])
def test_relevance_lazega_loop(lazega, mode):
    nb = neighbour_sets(lazega, mode)
    layers = lazega.layer_names
    rel, xrel = O.relevance(lazega, mode=mode), O.relevance(lazega, mode=mode, exclusive=True)
    pair = O.relevance(lazega, layer_set=["cowork", "advice"], mode=mode)
    for f in lazega.firm_ids:
        allp = set().union(*(nb[l][f] for l in layers))
        for l in layers:
            others = set().union(*(nb[o][f] for o in layers if o != l))
            if allp:
                assert rel.loc[f, l] == pytest.approx(len(nb[l][f]) / len(allp))
                assert xrel.loc[f, l] == pytest.approx(len(nb[l][f] - others) / len(allp))
            else:
                assert np.isnan(rel.loc[f, l]) and np.isnan(xrel.loc[f, l])
        if allp:
            assert pair[f] == pytest.approx(len(nb["cowork"][f] | nb["advice"][f]) / len(allp))


# ----------------------------------------------------------------------------- properties

edges = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)).filter(lambda e: e[0] != e[1]),
                 min_size=1, max_size=10, unique=True)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=edges, b=edges, c=edges, perm=st.permutations(range(7)), dir_a=st.booleans())
def test_overlap_invariants(a, b, c, perm, dir_a):
    layers = {"a": a, "b": b, "c": c}
    n1 = make_net(layers, 7, directed={"a": dir_a})
    n2 = make_net(layers, 7, directed={"a": dir_a}, order=list(perm))
    ids = n1.firm_ids
    for f in (O.degree_deviation, lambda n: O.relevance(n), lambda n: O.relevance(n, exclusive=True)):
        x, y = f(n1), f(n2).loc[ids]
        np.testing.assert_allclose(np.asarray(x, float), np.asarray(y, float), equal_nan=True)
    r, xr = O.relevance(n1), O.relevance(n1, exclusive=True)
    has = r.notna().all(axis=1)
    assert (r[has].sum(axis=1) >= 1 - 1e-12).all() and (xr[has].sum(axis=1) <= 1 + 1e-12).all()
    assert (xr[has] <= r[has] + 1e-12).all().all()
    for g in (O.pairwise_multiplexity, O.layer_edge_overlap, O.edge_jaccard):
        m = g(n1)
        np.testing.assert_allclose(m, g(n2))
        np.testing.assert_allclose(m, m.T)
    assert 1 / 3 - 1e-12 <= O.global_overlap(n1) <= 1 + 1e-12
    t = O.degree_correlations(n1)
    assert t["value"].dropna().between(-1 - 1e-12, 1 + 1e-12).all()
    t2 = O.degree_correlations(n1, layers=["c", "b", "a"])  # symmetric: order does not matter
    key = lambda d: {(frozenset((r.layer_a, r.layer_b)), r.method): r.value for r in d.itertuples()}  # noqa: E731
    k1, k2 = key(t), key(t2)
    assert k1.keys() == k2.keys()
    assert all(np.isclose(k1[k], k2[k], equal_nan=True) for k in k1)
