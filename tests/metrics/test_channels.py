"""Export channels: hand-made networks with known routes, brute force and networkx dominators."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust.errors import InputError
from netclust.metrics.channels import (channel_access, channel_access_curve, channel_arcs,
                                       channel_graph, export_channels, export_dominators)
from netclust.schema import LayerSpec


def make(roles, links, exporters=(), layers=None):
    """Network from {id: role}, [(source, target, layer)], exporting ids."""
    firms = pd.DataFrame({"firm_id": list(roles), "role": list(roles.values()),
                          "exporter": [f in exporters for f in roles]})
    lk = pd.DataFrame(links, columns=["source", "target", "layer"])
    return nc.read(firms=firms, links=lk, layers=layers)


def rows(result):
    return {r.firm_id: (r.access, r.secure, r.single_points, r.exporters_reached)
            for r in result.sme.itertuples()}


def test_chain():
    net = make({"S": "sme", "M": "sme", "A": "anchor"},
               [("S", "M", "procurement"), ("M", "A", "procurement")], exporters={"A"})
    r = rows(export_channels(net))
    assert r["S"] == (True, False, ["A", "M"], 1)
    assert r["M"] == (True, False, ["A"], 1)
    gk = export_channels(net).gatekeepers.set_index("firm_id")["smes_dependent"].to_dict()
    assert gk == {"A": 2, "M": 1}


def test_diamond_is_secure_and_counts_two_exporters():
    net = make({"S": "sme", "A": "anchor", "B": "anchor"},
               [("S", "A", "procurement"), ("S", "B", "logistics")], exporters={"A", "B"})
    assert rows(export_channels(net))["S"] == (True, True, [], 2)


def test_diamond_through_one_exporter_has_it_as_single_point():
    net = make({"S": "sme", "X": "supplier", "Y": "supplier", "A": "anchor"},
               [("S", "X", "procurement"), ("S", "Y", "procurement"),
                ("X", "A", "procurement"), ("Y", "A", "procurement")], exporters={"A"})
    assert rows(export_channels(net))["S"] == (True, False, ["A"], 1)


def test_sme_exporting_itself_depends_on_no_one():
    net = make({"S": "sme", "A": "anchor"}, [("S", "A", "procurement")], exporters={"S"})
    res = export_channels(net)
    assert rows(res)["S"] == (True, True, [], 1)
    assert res.gatekeepers.empty


def test_exporter_reached_only_through_non_exporting_anchor():
    net = make({"S": "sme", "N": "anchor", "T": "trade_service"},
               [("S", "N", "procurement"), ("N", "T", "procurement")], exporters={"T"})
    assert rows(export_channels(net))["S"] == (True, False, ["N", "T"], 1)
    # with exporting roles named by the user, the anchor itself exports
    res = export_channels(net, exporters="anchor")
    assert rows(res)["S"] == (True, False, ["N"], 1)
    assert "as named by the user" in res.assumption


def test_design_link_does_not_count():
    net = make({"S": "sme", "A": "anchor"}, [("S", "A", "design_sharing")], exporters={"A"})
    assert rows(export_channels(net))["S"] == (False, False, [], 0)
    # ... unless declared as a channel: an undirected layer carries both ways
    assert rows(export_channels(net, channels={"design_sharing": "forward"}))["S"][:2] == \
        (True, False)


def test_reverse_declared_layer():
    layers = [LayerSpec("buys_from", True, True, "buyer -> seller", "reverse")]
    net = make({"S": "sme", "A": "anchor"}, [("A", "S", "buys_from")], exporters={"A"},
               layers=layers)
    assert rows(export_channels(net))["S"] == (True, False, ["A"], 1)
    assert rows(export_channels(net, channels={"buys_from": "forward"}))["S"][0] is False


def test_goods_direction_matters():
    net = make({"S": "sme", "A": "anchor"}, [("A", "S", "procurement")], exporters={"A"})
    assert rows(export_channels(net))["S"][0] is False


def test_fixed_denominator_counts_removed_smes_as_without_access():
    net = nc.datasets.toy()
    before = export_channels(net)
    ref = before.sme["firm_id"].tolist()
    after = export_channels(net.remove_firms(["S1"]), reference=ref)
    assert after.indicators["smes_reference"] == 3
    assert after.indicators["smes_with_access"] == 2
    assert channel_access(net.remove_firms(["S1"]), reference=ref).attrs["share"] == 2 / 3


def test_errors_are_readable():
    net = nc.datasets.toy()
    with pytest.raises(InputError, match="no layer named"):
        export_channels(net, channels={"nope": "forward"})
    with pytest.raises(InputError, match="forward or reverse"):
        export_channels(net, channels={"procurement": "sideways"})
    with pytest.raises(InputError, match="no exporter information"):
        firms, links = nc.datasets.toy_tables()
        export_channels(nc.read(firms=firms.drop(columns="exporter"), links=links))


def test_indicators_and_assumption():
    res = export_channels(nc.datasets.toy())
    ind = res.indicators
    assert ind["access_share"] == 1.0 and ind["secure_share"] == 1 / 3
    assert ind["top3_gatekeeper_share"] == 1.0 and ind["gatekeeper_hhi"] == 0.5
    assert "exporter" in ind["exporter_assumption"]
    assert ind["channels"].startswith("channel layers: procurement forward")


def test_curve_matches_recomputation():
    net = nc.generate(firms=400, seed=3)
    order = list(net.firm_ids[np.random.default_rng(0).permutation(net.n_firms)][:200])
    curve = channel_access_curve(net, order, checkpoints=[0, 50, 200])
    for k, got in zip([0, 50, 200], curve["smes_with_access"]):
        sub = net.remove_firms(order[:k]) if k else net
        assert channel_access(sub).sum() == got
    assert curve["access_share"].iloc[0] == channel_access(net).attrs["share"]


# ------------------------------------------------------------------ independent checks
def brute_single_points(n, u, v, ex):
    """Remove each firm in turn and recompute reachability to an exporter (networkx)."""
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(u.tolist(), v.tolist()))

    def reach(h):
        targets = [e for e in np.flatnonzero(ex) if e in h]
        seen = set(targets)
        for t in targets:
            seen |= nx.ancestors(h, t)
        return seen

    base = reach(g)
    points = {x: set() for x in base}
    for f in range(n):
        h = g.copy()
        h.remove_node(f)
        lost = base - reach(h) - {f}
        for x in lost:
            points[x].add(f)
    return base, points


graphs = st.integers(2, 9).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
    st.lists(st.booleans(), min_size=n, max_size=n)))


@settings(max_examples=150, deadline=None)
@given(graphs)
def test_single_points_equal_brute_force_and_networkx(spec):
    n, arcs, ex = spec
    ex = np.array(ex)
    u = np.array([a for a, b in arcs if a != b], dtype=np.int64)
    v = np.array([b for a, b in arcs if a != b], dtype=np.int64)
    idom = export_dominators(n, u, v, ex)
    base, points = brute_single_points(n, u, v, ex)
    # networkx on the same reversed graph with the virtual root
    r = nx.DiGraph()
    r.add_nodes_from(range(n + 1))
    r.add_edges_from(zip(v.tolist(), u.tolist()))
    r.add_edges_from((n, int(e)) for e in np.flatnonzero(ex))
    nx_idom = nx.immediate_dominators(r, n)
    for x in range(n):
        assert (idom[x] >= 0) == (x in base)
        if x in base:
            assert idom[x] == nx_idom[x]
            chain, y = set(), idom[x]
            while y != n:
                chain.add(int(y))
                y = idom[y]
            assert chain == points[x]


@settings(max_examples=60, deadline=None)
@given(graphs)
def test_exporters_reached_and_gatekeepers_by_brute_force(spec):
    n, arcs, ex = spec
    ids = [f"F{i}" for i in range(n)]
    links = [(ids[a], ids[b], "procurement") for a, b in arcs if a != b]
    if not links:
        links = [(ids[0], ids[1], "design_sharing")]
    net = make({f: "sme" for f in ids}, links, exporters={ids[i] for i in np.flatnonzero(ex)})
    res = export_channels(net)
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from((a, b) for a, b, layer in links if layer == "procurement")
    exp = {ids[i] for i in np.flatnonzero(ex)}
    for row in res.sme.itertuples():
        reach = nx.descendants(g, row.firm_id) | {row.firm_id}
        assert row.exporters_reached == len(reach & exp)
        assert row.access == bool(reach & exp)
        assert row.secure == (row.access and not row.single_points)
    dep = res.gatekeepers.set_index("firm_id")["smes_dependent"]
    counted = pd.Series([p for sp in res.sme["single_points"] for p in sp]).value_counts()
    assert dep.sort_index().to_dict() == counted.sort_index().to_dict()


def test_channel_graph_matches_arcs_and_layers():
    net = nc.datasets.toy()
    g = channel_graph(net)
    u, v = channel_arcs(net)
    assert g.ecount() == len(u) == 10
    names = g.vs["name"]
    assert ("L1", "A1") not in {(names[e.source], names[e.target]) for e in g.es}
    assert ("A1", "L1") in {(names[e.source], names[e.target]) for e in g.es}


def test_layers_table_channel_column(tmp_path):
    firms, links = nc.datasets.toy_tables()
    (tmp_path / "layers.csv").write_text(
        "layer,directed,channel\nprocurement,true,reverse\ndesign_sharing,false,\n"
        "logistics,true,none\n", encoding="utf-8")
    net = nc.read(firms=firms, links=links, layers=tmp_path / "layers.csv")
    assert net.layer_spec("procurement").channel == "reverse"
    res = export_channels(net)
    assert not res.sme.set_index("firm_id")["access"]["S1"]


@pytest.mark.parametrize("seed", [1, 5])
def test_reached_for_listed_smes_equals_the_full_closure(seed):
    """``reached=k``: the k listed vulnerable SMEs get the closure's exact count, others NaN."""
    net = nc.generate(firms=600, seed=seed)
    full = export_channels(net, reached="all")
    part = export_channels(net, reached=7)
    f, p = full.sme.set_index("firm_id"), part.sme.set_index("firm_id")
    vul = f[f["access"] & ~f["secure"]].copy()
    vul["n"] = vul["single_points"].map(len)
    listed = vul.assign(i=vul.index).sort_values(["n", "i"], ascending=[False, True]).index[:7]
    assert len(listed) == 7
    assert sorted(p.index[p["exporters_reached"].notna()]) == sorted(listed)
    assert (p.loc[listed, "exporters_reached"] == f.loc[listed, "exporters_reached"]).all()
    assert part.indicators["exporters_reached_counted"] == len(listed)
    cols = ["access", "secure", "single_points"]
    assert p[cols].equals(f[cols])
    assert export_channels(net, reached=0).sme["exporters_reached"].isna().all()
    with pytest.raises(InputError, match="reached"):
        export_channels(net, reached=-1)


# ------------------------------------------------------------ bought export services
def test_sme_buying_trade_services_reaches_the_exporting_agent():
    """``trade_service -> SME`` procurement is a service bought: goods go SME -> agent."""
    net = make({"S": "sme", "T": "trade_service"}, [("T", "S", "procurement")], exporters={"T"})
    assert rows(export_channels(net))["S"] == (True, False, ["T"], 1)
    u, v = channel_arcs(net)
    assert list(zip(net.firm_ids[u], net.firm_ids[v])) == [("S", "T")]
    # the rule switched off: the link is read as goods sold T -> S, so no access
    assert rows(export_channels(net, service_sellers={}))["S"][0] is False
    # a design link with the same agent still carries nothing
    net2 = make({"S": "sme", "T": "trade_service"}, [("T", "S", "design_sharing")],
                exporters={"T"})
    assert rows(export_channels(net2))["S"] == (False, False, [], 0)


def test_service_rule_only_on_procurement_and_on_the_goods_origin():
    # the agent ships through a logistics exporter (logistics: shipper -> provider, unchanged)
    net = make({"S": "sme", "T": "trade_service", "L": "logistics"},
               [("T", "S", "procurement"), ("T", "L", "logistics")], exporters={"L"})
    assert rows(export_channels(net))["S"] == (True, False, ["L", "T"], 1)
    # SME -> agent procurement (the SME sells to the agent) stays forward
    net = make({"S": "sme", "T": "trade_service"}, [("S", "T", "procurement")], exporters={"T"})
    assert rows(export_channels(net))["S"][:3] == (True, False, ["T"])
    # a reverse-declared purchase layer (buyer -> seller): the seller is the target
    layers = [LayerSpec("buys_from", True, True, "buyer -> seller", "reverse")]
    net = make({"S": "sme", "T": "trade_service"}, [("S", "T", "buys_from")], exporters={"T"},
               layers=layers)
    assert rows(export_channels(net, service_sellers={"buys_from": ["trade_service"]}))["S"][0]
    assert not rows(export_channels(net))["S"][0]   # default mapping names procurement only
    # other roles can be declared service sellers (e-commerce platforms)
    net = make({"S": "sme", "P": "platform"}, [("P", "S", "procurement")], exporters={"P"})
    assert not rows(export_channels(net))["S"][0]
    assert rows(export_channels(net, service_sellers={"procurement": "platform"}))["S"][0]
    with pytest.raises(InputError, match="service_sellers"):
        export_channels(net, service_sellers=["platform"])
    assert "trade_service" in export_channels(nc.datasets.toy()).indicators["channels"]


def test_sample_trade_service_exporters_now_count_as_channels():
    """On the sample, naming trade_service as exporting changes the result (it did not)."""
    net = nc.datasets.sample()
    if net is None:
        pytest.skip("sample not bundled")
    keys = ["smes_with_access", "smes_secure", "smes_with_single_point"]
    anchors = export_channels(net, exporters="anchor").indicators[keys].tolist()
    both = export_channels(net, exporters=["anchor", "trade_service"]).indicators[keys].tolist()
    column = export_channels(net).indicators[keys].tolist()
    assert anchors == [778, 358, 420]
    assert both == [885, 566, 319]
    assert column == [891, 643, 248]      # exporter column: no trade-service firm exports


def test_exporters_reached_is_a_nullable_integer():
    net = nc.generate(firms=600, seed=1)
    for reached in ("all", 5, 0):
        col = export_channels(net, reached=reached).sme["exporters_reached"]
        assert str(col.dtype) == "Int64"
    text = export_channels(net, reached=5).sme[["exporters_reached"]].to_csv(index=False)
    values = text.split()[1:]
    assert ".0" not in text and any(v.isdigit() for v in values) and '""' in values
