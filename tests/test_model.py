"""MultilayerNetwork: views agree with networkx built independently from the raw tables."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust.io.reader import extend


def _nx_from_tables(firms, links, layer, directed):
    """Independent oracle: build the layer with plain networkx from the raw rows."""
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(firms["firm_id"])
    for r in links[links["layer"] == layer].itertuples():
        w = getattr(r, "weight", 1.0)
        if G.has_edge(r.source, r.target):
            G[r.source][r.target]["weight"] += w
        else:
            G.add_edge(r.source, r.target, weight=w)
    return G


@pytest.mark.parametrize("name", ["lazega_lawfirm", "krackhardt_hightech", "ckm_physicians"])
def test_counts_equal_networkx_on_real_data(data_dir, name):
    folder = data_dir / name
    net = nc.read(folder)
    nodes = pd.read_csv(folder / "nodes.csv", dtype=str).rename(columns={"id": "firm_id"})
    edges = pd.read_csv(folder / "edges.csv", dtype={"source": str, "target": str})
    for spec in net.layers:
        G = _nx_from_tables(nodes, edges, spec.name, spec.directed)
        g = net.to_igraph(spec.name)
        assert g.vcount() == G.number_of_nodes()
        assert g.ecount() == G.number_of_edges()
        deg = dict(G.in_degree()) if spec.directed else dict(G.degree())
        ig_deg = g.indegree() if spec.directed else g.degree()
        assert ig_deg == [deg[f] for f in net.firm_ids]
        U = G.to_undirected() if spec.directed else G
        comps = [len(c) for c in nx.connected_components(U)]
        assert sorted(net.to_igraph(spec.name, directed=False).connected_components().sizes()) == sorted(comps)
        if spec.directed:
            assert net.to_igraph(spec.name).reciprocity() == pytest.approx(nx.overall_reciprocity(G))
    A = nx.Graph()
    A.add_nodes_from(nodes["firm_id"])
    A.add_edges_from(zip(edges["source"], edges["target"]))
    agg = net.to_igraph("aggregate")
    assert agg.ecount() == A.number_of_edges()
    assert agg.degree() == [A.degree(f) for f in net.firm_ids]


def test_toy_views(toy):
    assert toy.to_igraph("procurement").is_directed()
    assert not toy.to_igraph("design_sharing").is_directed()
    g = toy.to_igraph("aggregate")
    assert g.ecount() == 13 and set(g.es["n_layers"]) == {1}
    A = toy.adjacency("procurement")
    assert A[toy.codes("U1")[0], toy.codes("S1")[0]] == 5.0
    assert A[toy.codes("S1")[0], toy.codes("U1")[0]] == 0.0
    U = toy.adjacency("procurement", directed=False)
    assert (U != U.T).nnz == 0


def test_undirected_view_sums_reciprocal_weights():
    links = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
                          "layer": ["procurement", "procurement", "design_sharing"],
                          "weight": [2.0, 3.0, 1.0]})
    net = nc.read(links=links)
    g = net.to_igraph("procurement", directed=False)
    assert g.ecount() == 1 and g.es["weight"] == [5.0]
    agg = net.to_igraph("aggregate")
    assert sorted(zip(agg.es["weight"], agg.es["n_layers"])) == [(1.0, 1), (5.0, 1)]
    with pytest.raises(nc.InputError, match="undirected"):
        net.to_igraph("design_sharing", directed=True)


def test_unweighted_layer_has_unit_weights():
    net = nc.read(links=pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["x"],
                                      "weight": [7.0]}), layers=["x:directed:unweighted"])
    assert net.to_igraph("x").es["weight"] == [1.0]
    assert net.links["weight"].tolist() == [7.0]  # the data itself is kept


def test_supra_adjacency_structure(toy):
    n, L = toy.n_firms, len(toy.layers)
    M = toy.supra_adjacency(omega=2.0)
    assert M.shape == (n * L, n * L)
    blocks = [toy.adjacency(s, directed=False).toarray() for s in toy.layer_names]
    dense = M.toarray()
    for a in range(L):
        for b in range(L):
            block = dense[a * n:(a + 1) * n, b * n:(b + 1) * n]
            expected = blocks[a] if a == b else 2.0 * np.eye(n)
            np.testing.assert_array_equal(block, expected)
    assert toy.supra_adjacency(0).nnz == sum((b != 0).sum() for b in blocks)


def test_subset_add_remove(toy):
    sub = toy.subset(layers=["logistics"])
    assert sub.n_firms == toy.n_firms and sub.layer_names == ["logistics"]
    assert len(sub.links) == 4
    smes = toy.subset(roles="sme")
    assert list(smes.firm_ids) == ["S1", "S2", "S3"]
    assert len(smes.links) == 1  # S2-S3 design sharing
    gone = toy.remove_firms(["L1"])
    assert "L1" not in gone.firm_ids and (gone.links["layer"] != "logistics").all()
    with pytest.raises(nc.UnknownFirmError, match="'nope'"):
        toy.remove_firms(["nope"])
    added = extend(toy, links=pd.DataFrame({"source": ["U1"], "target": ["S1"],
                                            "layer": ["procurement"], "weight": [1.0]}))
    row = added.links.query("source == 'U1' and target == 'S1'")
    assert row["weight"].item() == 6.0 and row["count"].item() == 2
    with pytest.raises(nc.ValidationError, match="duplicate firm_id"):
        extend(toy, firms=pd.DataFrame({"firm_id": ["A1"]}))
    assert toy.n_firms == 9 and len(toy.links) == 13  # original untouched


def test_network_is_immutable(toy):
    f = toy.firms
    f.loc["A1", "name"] = "changed"
    assert toy.firms.loc["A1", "name"] == "Anchor One"
    with pytest.raises(AttributeError):
        toy.firms = f
    with pytest.raises(TypeError):
        toy.provenance["x"] = 1


def test_summary_one_screen(toy):
    s = toy.summary()
    text = str(s)
    assert "9 firms, 13 links" in text and "procurement" in text
    assert len(text.splitlines()) < 40
    assert s.roles["sme"] == 3
    assert s.layers.loc["procurement", "density"] == pytest.approx(6 / (9 * 8))
    assert "<table" in toy._repr_html_()


def test_to_networkx_multigraph(toy):
    G = toy.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_edges() == 13
    assert G.nodes["S3"]["name"] == "狮岭箱包 Three"
    assert G.edges["U1", "S1", "procurement"]["weight"] == 5.0
    H = toy.to_networkx("design_sharing")
    assert isinstance(H, nx.Graph) and not H.is_directed() and H.number_of_edges() == 3


edge_lists = st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7),
                                st.sampled_from(["procurement", "design_sharing", "logistics"]),
                                st.floats(0.1, 10)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(edge_lists, st.permutations(list(range(8))))
def test_relabelling_firms_permutes_views(edges, perm):
    firms = pd.DataFrame({"firm_id": [f"f{i}" for i in range(8)]})
    links = pd.DataFrame(edges, columns=["source", "target", "layer", "weight"])
    links = links[links.source != links.target]
    if links.empty:
        return
    links = links.assign(source="f" + links.source.astype(str), target="f" + links.target.astype(str))
    net = nc.read(firms=firms, links=links)
    mapping = {f"f{i}": f"g{perm[i]}" for i in range(8)}
    net2 = nc.read(firms=firms.assign(firm_id=firms.firm_id.map(mapping)),
                   links=links.assign(source=links.source.map(mapping), target=links.target.map(mapping)))
    for layer in net.layer_names + ["aggregate"]:
        d1 = pd.Series(net.to_igraph(layer).strength(weights="weight"), index=net.firm_ids)
        d2 = pd.Series(net2.to_igraph(layer).strength(weights="weight"), index=net2.firm_ids)
        np.testing.assert_allclose(d1.rename(index=mapping).sort_index(), d2.sort_index())
    # the aggregate's total weight equals the sum of the layers' total weights
    total = sum(sum(net.to_igraph(s).es["weight"]) for s in net.layer_names)
    assert sum(net.to_igraph("aggregate").es["weight"]) == pytest.approx(total)


def test_summary_uses_the_metrics_definitions():
    """density as tidy.layer_metrics; reciprocity counted over pairs (igraph mode="ratio")."""
    import igraph as ig

    from netclust.metrics.tidy import layer_metrics

    net = nc.generate(firms=200, seed=3)
    s = net.summary().layers
    lm = layer_metrics(net).query("metric == 'density'").set_index("layer")["value"]
    assert s["density"].to_numpy() == pytest.approx(lm.reindex(s.index).to_numpy())
    for spec in net.layers:
        g = net.to_igraph(spec.name)
        if spec.directed and g.ecount():
            g = ig.Graph(n=g.vcount(), edges=g.get_edgelist(), directed=True).simplify()
            assert s.loc[spec.name, "reciprocity_pairs"] == pytest.approx(
                g.reciprocity(mode="ratio"))
        else:
            assert np.isnan(s.loc[spec.name, "reciprocity_pairs"])


def test_summary_counts_equal_igraph_views_on_real_data():
    # summary() counts from the coded edges (scipy components) without building igraph
    # graphs; the law firm's three layers and the aggregate, against igraph's own view
    import numpy as np

    from netclust.schema import AGGREGATE

    net = nc.read("tests/data/lazega_lawfirm")
    s = net.summary().layers
    for name in net.layer_names + [AGGREGATE]:
        g = net.to_igraph(name)
        sizes = g.connected_components(mode="weak").sizes()
        assert s.loc[name, "links"] == g.ecount()
        assert s.loc[name, "active_firms"] == int(np.count_nonzero(g.degree()))
        assert (s.loc[name, "components"], s.loc[name, "largest_component"]) == (len(sizes), max(sizes))
        assert s.loc[name, "total_weight"] == pytest.approx(float(np.sum(g.es["weight"])))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(0, 6),
                          st.sampled_from(["2023", "2024", "2024Q1"]),
                          st.floats(0.5, 1e6), st.integers(1, 9)), min_size=1, max_size=60),
       st.booleans(), st.booleans())
def test_aggregate_codes_equals_a_pandas_group_by(rows, unique, with_period):
    """The packed-key path (keys already unique) and the group-by give the same table."""
    from netclust.model import _aggregate_codes

    frame = pd.DataFrame(rows, columns=["l", "s", "d", "p", "w", "c"])
    by = ["l", "s", "d"] + (["p"] if with_period else [])
    if unique:
        frame = frame.drop_duplicates(by)
    period = frame["p"].to_numpy(dtype=object) if with_period else None
    got = _aggregate_codes(frame["s"].to_numpy(np.int64), frame["d"].to_numpy(np.int64),
                           frame["l"].to_numpy(np.int64), frame["w"].to_numpy(float),
                           frame["c"].to_numpy(np.int64), period, n_firms=7)
    want = frame[by + ["w", "c"]].groupby(by, sort=True).sum().reset_index()
    pd.testing.assert_frame_equal(got[want.columns].reset_index(drop=True), want, check_dtype=False)


def test_to_networkx_keeps_every_period_of_a_link():
    """With periods, a (pair, layer) has one link per period: each is an edge (key 'layer period')."""
    net = nc.read("data/shiling", by_period="year")
    G = net.to_networkx()
    assert G.number_of_edges() == len(net.links)
    row = net.links.iloc[0]
    key = f"{row['layer']} {row['period']}"
    assert G.edges[row["source"], row["target"], key]["weight"] == row["weight"]
