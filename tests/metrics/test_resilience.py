"""Removal curves, R, channel access and attack tolerance (netclust.metrics.resilience).

Oracles: closed forms (star, complete graph: Schneider et al. 2011), hand-worked
curves, naive recomputation of components with networkx after every removal
(hypothesis, hundreds of graphs, every strategy, directed and undirected), and the
Erdos-Renyi giant-component equation S = 1 - exp(-c S) (Erdos & Renyi 1960).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netclust.errors import InputError, UnknownFirmError
from netclust.schema import LayerSpec
from netclust.metrics import resilience as res
from netclust.model import MultilayerNetwork


def make_net(n, edges, *, directed=False, roles=None, exporter=None, weights=None,
             layer="x"):
    """Build a one-layer network of firms f00, f01, ... without re-validation."""
    ids = [f"f{i:02d}" for i in range(n)]
    firms = pd.DataFrame({"name": ids, "role": roles or ["sme"] * n},
                         index=pd.Index(ids, name="firm_id"))
    if exporter is not None:
        firms["exporter"] = exporter
    edges = [(a, b) for a, b in edges if a != b]
    links = pd.DataFrame({"source": [ids[a] for a, _ in edges],
                          "target": [ids[b] for _, b in edges], "layer": layer,
                          "weight": weights if weights is not None else 1.0})
    return MultilayerNetwork(firms, links, [LayerSpec(layer, directed)])


def naive_curve(net, order, *, strong=False, layer="x"):
    """Largest component after each removal, recomputed from scratch with networkx."""
    g = nx.DiGraph() if strong else nx.Graph()
    g.add_nodes_from(net.firm_ids)
    sub = net.links if layer == "aggregate" else net.links[net.links.layer == layer]
    g.add_edges_from(zip(sub.source, sub.target))
    comps = nx.strongly_connected_components if strong else nx.connected_components
    out = []
    for q in range(net.n_firms + 1):
        out.append(max((len(c) for c in comps(g)), default=0))
        if q < net.n_firms:
            g.remove_node(order[q])
    return np.array(out)


# ------------------------------------------------------------------------ closed forms
@pytest.mark.parametrize("n", [2, 3, 5, 10, 37])
def test_star_robustness_closed_form(n):
    # Schneider et al. 2011: removing the hub first leaves isolated leaves, s = 1/N.
    net = make_net(n, [(0, i) for i in range(1, n)])
    for strategy in ("degree", "adaptive-degree", "betweenness", "pagerank"):
        c = res.removal_curves(net, strategy)
        assert res.robustness(c["lcc_fraction"]) == pytest.approx((n - 1) / n**2)


@pytest.mark.parametrize("n", [2, 3, 4, 9, 25])
def test_complete_graph_adaptive_degree_closed_form(n):
    net = make_net(n, [(i, j) for i in range(n) for j in range(i + 1, n)])
    c = res.removal_curves(net, "adaptive-degree")
    assert res.robustness(c["lcc_fraction"]) == pytest.approx((n - 1) / (2 * n))
    # all degrees tie at every step: the firm order breaks the ties
    assert list(res.removal_order(net, "adaptive-degree")) == list(net.firm_ids)


def test_hand_worked_path_and_cycle():
    # path f0-f1-f2-f3-f4-f5, remove f2 first then f4, f0, f1, f3, f5 (by hand):
    # Q=0: 6; Q=1: {0,1},{3,4,5} -> 3; Q=2: {3} {5} {0,1} -> 2; Q=3: {1},{3},{5} -> 1; ...
    net = make_net(6, [(i, i + 1) for i in range(5)])
    order = ["f02", "f04", "f00", "f01", "f03", "f05"]
    c = res.largest_component_curve(net, order)
    assert c["lcc_size"].tolist() == [6, 3, 2, 1, 1, 1, 0]
    assert c["removed"].tolist() == list(range(7))
    # degree attack on the path: ties (degree 2: f1..f4) by firm order -> f1, f2, ...
    assert list(res.removal_order(net, "degree"))[:4] == ["f01", "f02", "f03", "f04"]
    # 8-cycle under adaptive degree: remove f0 (tie) -> path of 7, then f1 has degree 1,
    # f2..f6 degree 2 -> f2 removed: {f1} and path f3..f7 (5) ...
    cyc = make_net(8, [(i, (i + 1) % 8) for i in range(8)])
    order = list(res.removal_order(cyc, "adaptive-degree"))
    assert order[:3] == ["f00", "f02", "f04"]
    assert res.largest_component_curve(cyc, order)["lcc_size"].tolist()[:4] == [8, 7, 5, 3]


def test_toy_degree_curve_by_hand(toy):
    # aggregate degrees: S2 6, S1 4, L1 4, A1 3, A2 3, ... (T1 isolated): removing S2, S1,
    # L1, A1, A2 leaves components of 7, 4, 2, 2, 1 firms (checked on a drawing).
    c = res.removal_curves(toy, "degree")
    assert c["lcc_size"].tolist() == [8, 7, 4, 2, 2, 1, 1, 1, 1, 0]
    assert res.robustness(c["lcc_fraction"]) == pytest.approx(19 / 81)


# ------------------------------------------------------------------------ naive oracle
ALL = [s for s in res.STRATEGIES]


@st.composite
def graphs(draw, max_n=12):
    n = draw(st.integers(1, max_n))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pairs, max_size=3 * n))
    weights = draw(st.lists(st.integers(1, 4), min_size=len(edges), max_size=len(edges)))
    roles = draw(st.lists(st.sampled_from(["anchor", "sme", "supplier"]), min_size=n,
                          max_size=n))
    exporter = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return n, edges, [float(w) for w in weights], roles, exporter


def _undirected_nx(net):
    g = nx.Graph()
    g.add_nodes_from(range(net.n_firms))
    lk = net.links
    for s, d, w in zip(lk.src, lk.dst, lk.weight):
        if g.has_edge(s, d):
            g[s][d]["weight"] += w
        else:
            g.add_edge(s, d, weight=w)
    return g


def _check_adaptive(net, order, kind):
    """At every step the removed firm has the largest score on the remaining graph."""
    g = _undirected_nx(net)
    codes = net.codes(list(order))
    for i in codes:
        if kind == "adaptive-degree":
            score = dict(g.degree())
        elif kind == "adaptive-strength":
            score = dict(g.degree(weight="weight"))
        elif kind == "adaptive-betweenness":
            score = nx.betweenness_centrality(g, normalized=False)
        else:
            score = nx.pagerank(g, alpha=0.85, tol=1e-13, max_iter=10_000, weight=None)
        best = max(score.values())
        if kind in ("adaptive-degree", "adaptive-strength"):
            # exact integer scores: the earliest firm among the maxima
            assert i == min(k for k, v in score.items() if v == best)
        else:
            assert score[i] >= best - 1e-7 * max(1.0, abs(best))
        g.remove_node(i)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.booleans(), st.integers(0, 2**31 - 1))
def test_union_find_equals_naive_recomputation(graph, directed, seed):
    n, edges, weights, roles, exporter = graph
    net = make_net(n, edges, directed=directed, roles=roles, exporter=exporter,
                   weights=weights[:len([e for e in edges if e[0] != e[1]])] or None)
    for strategy in ALL:
        kw = dict(seed=seed, roles=["anchor"], firms=list(net.firm_ids[: max(1, n // 3)]),
                  step=1)
        order = list(res.removal_order(net, strategy, layer="x", **kw))
        assert sorted(order) == sorted(net.firm_ids)
        curve = res.largest_component_curve(net, order, layer="x")
        assert curve["lcc_size"].tolist() == naive_curve(net, order).tolist(), strategy
        if strategy.startswith("adaptive"):
            _check_adaptive(net, order, strategy)
    if directed:
        order = list(res.removal_order(net, "random", layer="x", seed=seed))
        strong = res.largest_component_curve(net, order, layer="x", strong=True)
        assert strong["lcc_size"].tolist() == naive_curve(net, order, strong=True).tolist()


@settings(max_examples=100, deadline=None)
@given(graphs(max_n=15), st.integers(0, 2**31 - 1))
def test_static_orders_follow_networkx_scores(graph, seed):
    n, edges, weights, roles, exporter = graph
    net = make_net(n, edges)
    g = _undirected_nx(net)
    scores = {
        "degree": dict(g.degree()),
        "betweenness": nx.betweenness_centrality(g, normalized=False),
        "pagerank": nx.pagerank(g, tol=1e-13, max_iter=10_000, weight=None),
    }
    for strategy, sc in scores.items():
        codes = net.codes(list(res.removal_order(net, strategy, layer="x", seed=seed)))
        vals = np.array([sc[c] for c in codes])
        assert np.all(np.diff(vals) <= 1e-7), strategy
        if strategy == "degree":  # exact ties: firm order
            for a, b in zip(codes[:-1], codes[1:]):
                if sc[a] == sc[b]:
                    assert a < b


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)),
                                    max_size=80), st.randoms(use_true_random=False))
def test_array_engine_with_duplicates_and_self_loops(n, pairs, rnd):
    pairs = [(a % n, b % n) for a, b in pairs]
    order = list(range(n))
    rnd.shuffle(order)
    got = res.largest_component_sizes(n, [a for a, _ in pairs], [b for _, b in pairs], order)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(pairs)
    exp = []
    for q in range(n + 1):
        exp.append(max((len(c) for c in nx.connected_components(g)), default=0))
        if q < n:
            g.remove_node(order[q])
    assert got.tolist() == exp


# ------------------------------------------------------------------------ percolation
def _er(n, k, rng):
    m = int(round(n * k / 2))
    return rng.integers(0, n, m), rng.integers(0, n, m)


def _giant(c):
    """Root of S = 1 - exp(-c S) (Erdos-Renyi giant component share)."""
    s = 1.0
    for _ in range(10_000):
        s = 1 - np.exp(-c * s)
    return s if c > 1 else 0.0


def test_random_removal_on_erdos_renyi_breaks_at_one_over_mean_degree():
    # Site percolation on ER with <k> = 4: the giant component vanishes when the kept
    # fraction p drops below p_c = 1/<k> (removed phi_c = 1 - 1/<k> = 0.75); above,
    # s = p * S(c = p <k>). N = 40,000, 5 seeded runs; tolerance 0.02 (finite size).
    rng = np.random.default_rng(7)
    n, k = 40_000, 4.0
    src, dst = _er(n, k, rng)
    curves = np.mean([res.largest_component_sizes(n, src, dst, rng.permutation(n)) / n
                      for _ in range(5)], axis=0)
    for p in (0.9, 0.6, 0.4, 0.3):
        q = int(round((1 - p) * n))
        assert curves[q] == pytest.approx(p * _giant(p * k), abs=0.02)
    for p in (0.2, 0.15):          # below p_c: no giant component
        assert curves[int(round((1 - p) * n))] < 0.01
    # the crossing of s = 1% lies just after phi_c = 0.75
    phi = res.critical_fraction(curves, threshold=0.01)
    assert 0.74 <= phi <= 0.77


# ------------------------------------------------------------------------ summaries
def test_robustness_and_critical_fraction_errors():
    with pytest.raises(InputError):
        res.robustness([1.0])
    with pytest.raises(InputError):
        res.critical_fraction([1.0, 0.0], threshold=0)
    assert res.critical_fraction([1.0, 0.5, 0.0], threshold=0.6) == 0.5
    assert res.critical_fraction([0.01, 0.0], threshold=0.05) == 0.0


def test_summary_and_bands_shapes(toy):
    c = res.removal_curves(toy, ["random", "degree", "role"], runs=7, seed=3,
                           layers=["aggregate", "procurement"])
    assert set(c.columns) == set(res.CURVE_COLUMNS)
    assert len(c) == (7 + 1 + 1) * 2 * (toy.n_firms + 1)
    s = res.resilience_summary(c)
    assert len(s) == 6
    assert (s.loc[s.strategy == "random", "runs"] == 7).all()
    rnd = c[(c.strategy == "random") & (c.layer == "aggregate")]
    rs = [res.robustness(g.sort_values("removed").lcc_fraction) for _, g in rnd.groupby("run")]
    row = s[(s.strategy == "random") & (s.layer == "aggregate")].iloc[0]
    assert row["R"] == pytest.approx(np.mean(rs))
    b = res.curve_bands(c)
    assert len(b) == 6 * (toy.n_firms + 1)
    assert (b.p05 <= b.p95).all()
    # same seed, same curves
    again = res.removal_curves(toy, ["random", "degree", "role"], runs=7, seed=3,
                               layers=["aggregate", "procurement"])
    pd.testing.assert_frame_equal(c, again)


def test_role_and_list_strategies(toy):
    order = list(res.removal_order(toy, "role", roles=["logistics", "anchor"]))
    assert order[:3] == ["L1", "A1", "A2"]
    order = list(res.removal_order(toy, "list", firms=["T1", "U1"]))
    assert order[:3] == ["T1", "U1", "S2"]
    with pytest.raises(UnknownFirmError):
        res.removal_order(toy, "list", firms=["nope"])
    with pytest.raises(InputError):
        res.removal_order(toy, "list", firms=["T1", "T1"])
    with pytest.raises(InputError):
        res.removal_order(toy, "bogus")
    with pytest.raises(InputError):
        res.removal_curves(toy, "random", runs=0)
    with pytest.raises(InputError):
        res.removal_curves(toy, "degree", layers="nope")


def test_strength_orders_use_weights():
    # f0-f3 is one heavy link, f1 has two light ones: strength ranks f0 first (tie with
    # f3 broken by firm order), degree ranks f1 first.
    net = make_net(5, [(0, 3), (1, 2), (1, 4)], weights=[10.0, 1.0, 1.0])
    assert list(res.removal_order(net, "strength", layer="x"))[0] == "f00"
    assert list(res.removal_order(net, "degree", layer="x"))[0] == "f01"


# ------------------------------------------------------------------------ channel access
def naive_access(net, removed):
    """SMEs (present) joined to a present exporter on the undirected layer, by networkx."""
    g = nx.Graph()
    alive = [f for f in net.firm_ids if f not in set(removed)]
    g.add_nodes_from(alive)
    links = net.links
    g.add_edges_from((a, b) for a, b in zip(links.source, links.target)
                     if a in g and b in g)
    firms = net.firms
    exp = set(firms.index[firms["exporter"].astype(bool)]) & set(alive)
    smes = [f for f in alive if firms.loc[f, "role"] == "sme"]
    return sum(1 for f in smes if exp & nx.node_connected_component(g, f))


def test_channel_access_curves_hand_built():
    # anchors a0 (exporter), a1 (not exporter); SMEs s2-s3-a0, s4-a1, s5 isolated;
    # the undirected layer x declared as a channel carries goods both ways.
    roles = ["anchor", "anchor", "sme", "sme", "sme", "sme"]
    net = make_net(6, [(2, 3), (3, 0), (4, 1)], roles=roles,
                   exporter=[True, False, False, False, False, False])
    c = res.channel_access_curves(net, "list", layers="x", firms=["f03"], channels=["x"],
                                  checkpoints=[0, 1, 2])
    # removing f03 strands f02 (and f03 itself): fixed denominator of 4 SMEs
    assert c["smes_with_access"].tolist() == [2, 0, 0]
    assert c["access_fraction"].tolist() == [0.5, 0.0, 0.0]


@settings(max_examples=100, deadline=None)
@given(graphs(), st.integers(0, 2**31 - 1))
def test_channel_access_curve_equals_naive(graph, seed):
    n, edges, weights, roles, exporter = graph
    net = make_net(n, edges, roles=roles, exporter=exporter)
    c = res.channel_access_curves(net, "random", layers="x", runs=1, seed=seed,
                                  channels=["x"], checkpoints=range(n + 1))
    order = list(res.removal_order(net, "random", layer="x", seed=seed))
    # the first random order drawn for a layer is the same in both functions
    exp = [naive_access(net, order[:q]) for q in range(n + 1)]
    assert c["smes_with_access"].tolist() == exp


def test_channel_access_curves_refuse_to_guess_exporters():
    net = make_net(3, [(0, 1)], roles=["anchor", "sme", "sme"])
    with pytest.raises(InputError, match="exporter"):
        res.channel_access_curves(net, "degree", layers="x", channels=["x"])
    c = res.channel_access_curves(net, "degree", layers="x", channels=["x"], exporters="anchor",
                                  checkpoints=[0])
    assert c["smes_with_access"].tolist() == [1]


# ------------------------------------------------------------------------ attack tolerance
def test_attack_tolerance_hand_worked():
    # anchors a0 (3 SMEs), a1 (1 SME, shared with a0); SMEs s2, s3 only on a0, s4 on both.
    roles = ["anchor", "anchor", "sme", "sme", "sme", "sme"]
    net = make_net(6, [(0, 2), (0, 3), (0, 4), (1, 4), (5, 5)], roles=roles)
    at = res.attack_tolerance(net, layer="x", strategies=["degree", "least"])
    assert at.n_primary == 2 and at.n_secondary == 3    # s5 has no anchor link: left out
    deg = at.curve[at.curve.strategy == "degree"]
    assert deg["surviving"].tolist() == [3, 1, 0]       # a0 first kills s2, s3
    least = at.curve[at.curve.strategy == "least"]
    assert least["surviving"].tolist() == [3, 3, 0]
    areas = at.area.set_index("strategy")["area"]
    # trapezoid on x = 0, .5, 1: (1 + 1/3)/4 + (1/3)/4 = 0.41667 ; (1+1)/4 + 1/4 = 0.75
    assert areas["degree"] == pytest.approx(5 / 12)
    assert areas["least"] == pytest.approx(0.75)
    spline = res.attack_tolerance(net, layer="x", strategies=["degree"], area="spline")
    # three points: the not-a-knot spline is the parabola through them; its integral
    # by Simpson's rule is exact: (1 + 4/3 + 0)/6 = 0.38889
    assert spline.area["area"].iloc[0] == pytest.approx(7 / 18)


def test_attack_tolerance_complete_web_upper_bound():
    # every SME linked to each of 3 anchors: whatever the order, all 4 SMEs survive until
    # the last anchor goes: y = 1, 1, 1, 0 at x = 0, 1/3, 2/3, 1.
    roles = ["anchor"] * 3 + ["sme"] * 4
    net = make_net(7, [(a, s) for a in range(3) for s in range(3, 7)], roles=roles)
    at = res.attack_tolerance(net, layer="x", runs=5, seed=0)
    assert (at.n_primary, at.n_secondary) == (3, 4)
    assert at.curve.groupby(["strategy", "run"])["surviving"].apply(list).map(
        lambda v: v == [4, 4, 4, 0]).all()
    # trapezoid by hand: 1/3 + 1/3 + (1/3)(1 + 0)/2 = 5/6 = 1 - 1/(2 n_primary)
    np.testing.assert_allclose(at.area["area"], 5 / 6)
    # four points: the not-a-knot spline is the interpolating cubic, and Simpson's 3/8
    # rule is exact for cubics: (3h/8)(y0 + 3 y1 + 3 y2 + y3) = (1/8)(1 + 3 + 3 + 0)
    spline = res.attack_tolerance(net, layer="x", strategies=["degree"], area="spline")
    assert spline.area["area"].iloc[0] == pytest.approx(7 / 8)
    assert spline.method == "spline"


def test_attack_tolerance_random_mean_between_extremes(toy):
    roles = ["anchor", "anchor", "anchor", "sme", "sme", "sme", "sme"]
    net = make_net(7, [(0, 3), (0, 4), (0, 5), (1, 5), (2, 6), (1, 6)], roles=roles)
    at = res.attack_tolerance(net, layer="x", runs=200, seed=2)
    m = at.mean_area
    assert m["degree"] < m["random"] < m["least"]
    with pytest.raises(InputError):
        res.attack_tolerance(toy, area="simpson")
    with pytest.raises(InputError):
        res.attack_tolerance(toy, primary="platform")


def test_combined_curves_equal_separate_calls(toy):
    kw = dict(runs=3, seed=4, layers=["aggregate", "procurement"])
    strategies = ["random", "adaptive-degree", "pagerank"]
    curves, access = res.removal_and_access_curves(toy, strategies, **kw)
    pd.testing.assert_frame_equal(curves, res.removal_curves(toy, strategies, **kw))
    pd.testing.assert_frame_equal(access, res.channel_access_curves(toy, strategies, **kw))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.data())
def test_batched_adaptive_degree_equals_the_heap(n, data):
    """The vectorised batches (independent sets of equal top degree) give the heap's order."""
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    net = make_net(n, data.draw(st.lists(pairs, max_size=4 * n)))
    lay = res._Layer(net, "x")
    assert res._adaptive_degree(lay).tolist() == res._adaptive_heap(lay, weighted=False).tolist()
