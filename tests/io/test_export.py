"""GraphML/GEXF/edge-list exports round-trip through networkx."""

from __future__ import annotations

import io
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree as lxml_etree

import netclust as nc
from netclust.io.export import export, write_gexf, write_graphml
from netclust.schema import AGGREGATE


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_round_trip(tmp_path, toy, fmt, reader):
    path = export(toy, tmp_path / f"toy.{fmt}")
    G = reader(path)
    assert G.number_of_nodes() == 9 and G.number_of_edges() == 13
    assert G.nodes["S3"]["name"] == "狮岭箱包 Three"
    assert G.nodes["A1"]["role"] == "anchor"
    weights = sorted(d["weight"] for _, _, d in G.edges(data=True))
    assert weights == sorted(toy.links["weight"].tolist())
    layers = sorted(d["layer"] for _, _, d in G.edges(data=True))
    assert layers == sorted(toy.links["layer"].tolist())


def test_single_layer_and_edgelist(tmp_path, toy):
    G = nx.read_graphml(export(toy, tmp_path / "d.graphml", layer="design_sharing"))
    assert not G.is_directed() and G.number_of_edges() == 3
    p = export(toy, tmp_path / "edges.csv")
    back = pd.read_csv(p)
    assert len(back) == 13 and {"source", "target", "layer", "weight", "count"} <= set(back)
    again = nc.read(firms=toy.firms.reset_index(), links=back)
    assert again.links.drop(columns=["src", "dst"]).equals(toy.links.drop(columns=["src", "dst"]))


def test_export_never_overwrites_input(tmp_path, toy):
    src = tmp_path / "links.csv"
    toy.links.to_csv(src, index=False)
    before = src.read_bytes()
    with pytest.raises(nc.InputError, match="refusing to overwrite"):
        export(toy, src, "edgelist", protect=[src])
    assert src.read_bytes() == before


# ------------------------------------------------- streamed GEXF and GraphML vs networkx
SHILING = Path(__file__).resolve().parents[2] / "data" / "shiling"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


READ = {"gexf": nx.read_gexf, "graphml": nx.read_graphml}


def _networkx_xml(net, layer=None, fmt="gexf"):
    """The reference: the networkx-built file (the writers export used before), read back."""
    G = net.to_networkx(layer)
    if layer is None and "period" in net.links.columns:
        # to_networkx keys an edge by its layer alone, so of a pair's links in several
        # periods only the last survives: one edge per link, keyed "layer period"
        G.remove_edges_from(list(G.edges(keys=True)))
        directed = {spec.name: spec.directed for spec in net.layers}
        lk = net.links
        G.add_edges_from(
            (s, t, f"{lay} {per}", {"weight": w, "count": c, "layer": lay,
                                    "directed": directed[lay], "period": per})
            for s, t, lay, per, w, c in zip(lk["source"], lk["target"], lk["layer"],
                                            lk["period"], lk["weight"], lk["count"]))
    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(G, buf, encoding="utf-8")
    else:
        nx.write_graphml_lxml(G, buf, encoding="utf-8")
    return READ[fmt](io.BytesIO(buf.getvalue()))


def _edges(G):
    """Edges as a sorted list of (ends, key, attributes without the positional ``id``)."""
    out = []
    for u, v, *key, d in (G.edges(keys=True, data=True) if G.is_multigraph()
                          else G.edges(data=True)):
        ends = (u, v) if G.is_directed() else tuple(sorted((u, v)))
        out.append(repr((ends, key, sorted((k, x) for k, x in d.items() if k != "id"))))
    return sorted(out)


def _same_graph(new, ref):
    assert type(new) is type(ref)
    assert list(new.nodes) == list(ref.nodes)
    for n in ref.nodes:
        assert new.nodes[n] == ref.nodes[n], n
    assert _edges(new) == _edges(ref)


def _hostile():
    """Toy network with XML-hostile text, control characters and missing values."""
    firms, links = nc.datasets.toy_tables()
    firms = firms.copy()
    firms["name"] = firms["name"].astype(object)
    firms.loc[0, "name"] = '<script>alert("x")</script> & \'Co\' \t tab\nnew\r\nline'
    firms.loc[1, "name"] = "bell\x07 nul\x00 vt\x0b esc\x1b end"
    firms.loc[2, "name"] = "]]> &amp; &#10; 狮岭 ☃"
    firms["note"] = [None, "a", "b&c", None, "", "x", None, "y", "z"]
    firms["rank"] = pd.array([1, None, 3, 4, None, 6, 7, 8, 9], dtype="Int64")
    firms["score"] = [0.1, float("nan"), float("inf"), -float("inf"), 1e-300, 1e300, 2.5,
                      -0.0, 1 / 3]
    firms["empty"] = None
    firms["label"] = ["<L1>", None, "L&3", None, None, None, None, None, "L9"]  # GEXF's label
    return nc.read(firms=firms, links=links)


def _sanitised(net):
    """The same network with the characters XML 1.0 forbids replaced by U+FFFD (per value)."""
    firms = net.firms.reset_index()
    for col in firms.columns:
        if firms[col].dtype == object or pd.api.types.is_string_dtype(firms[col]):
            firms[col] = [_FORBIDDEN.sub("\ufffd", v) if isinstance(v, str) else v
                          for v in firms[col]]
    return nc.read(firms=firms, links=net.links.drop(columns=["src", "dst"]))


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("layer", [None, "procurement", "design_sharing", AGGREGATE])
def test_same_graph_as_networkx_toy(tmp_path, toy, layer, fmt):
    new = READ[fmt](export(toy, tmp_path / f"t.{fmt}", layer=layer))
    _same_graph(new, _networkx_xml(toy, layer, fmt))


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("by_period", [None, "year"])
def test_same_graph_as_networkx_shiling(tmp_path, by_period, fmt):
    net = nc.read(SHILING, by_period=by_period)
    new = READ[fmt](export(net, tmp_path / f"s.{fmt}"))
    _same_graph(new, _networkx_xml(net, None, fmt))
    assert new.number_of_edges() == len(net.links)  # 57,064 with periods, 17,010 without
    if by_period is None:
        agg = READ[fmt](export(net, tmp_path / f"a.{fmt}", layer=AGGREGATE))
        _same_graph(agg, _networkx_xml(net, AGGREGATE, fmt))


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_hostile_text_and_missing_values(tmp_path, fmt):
    net = _hostile()
    path = export(net, tmp_path / f"h.{fmt}")
    lxml_etree.parse(str(path))  # well-formed XML 1.0
    new = READ[fmt](path)
    _same_graph(new, _networkx_xml(_sanitised(net), None, fmt))
    assert new.nodes["A1"]["name"] == net.firms.loc["A1", "name"]  # escaped, not altered
    assert new.nodes["A2"]["name"] == "bell\ufffd nul\ufffd vt\ufffd esc\ufffd end"
    assert "note" not in new.nodes["A1"] and new.nodes["S1"]["note"] == "b&c"
    assert "rank" not in new.nodes["A2"] and new.nodes["S1"]["rank"] == 3
    assert "score" not in new.nodes["A2"] and new.nodes["S1"]["score"] == float("inf")
    assert all("empty" not in d for _, d in new.nodes(data=True))
    assert b"<script>" not in path.read_bytes()


def test_gexf_streams_in_chunks(tmp_path, monkeypatch, toy):
    """Several chunks (of 2 rows) give the same graph as one."""
    import netclust.io.export as ex

    monkeypatch.setattr(ex, "_CHUNK", 2)
    new = nx.read_gexf(export(toy, tmp_path / "c.gexf"))
    _same_graph(new, _networkx_xml(toy))
    ids = sorted(int(d["id"]) for *_, d in new.edges(data=True))
    assert ids == list(range(13))
    _same_graph(nx.read_graphml(export(toy, tmp_path / "c.graphml")),
                _networkx_xml(toy, None, "graphml"))


def test_gexf_reproducible_date(tmp_path, monkeypatch, toy):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    a = export(toy, tmp_path / "a.gexf").read_bytes()
    assert b'lastmodifieddate="1970-01-01"' in a
    assert export(toy, tmp_path / "b.gexf").read_bytes() == a


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.text(max_size=12), min_size=2, max_size=2),
       fmt=st.sampled_from(["gexf", "graphml"]))
def test_any_text_round_trips(names, fmt):
    """Any name is read back as written, but for the characters XML 1.0 cannot carry."""
    firms, links = nc.datasets.toy_tables()
    net = nc.read(firms=firms, links=links)
    frame = net.firms.reset_index()
    frame["name"] = frame["name"].astype(object)
    frame.loc[:1, "name"] = names
    frame["name2"] = frame["name"]  # raw, past the reader's cleaning of `name`
    frame.loc[:1, "name2"] = names
    net = nc.read(firms=frame, links=links)
    buf = io.BytesIO()
    (write_gexf if fmt == "gexf" else write_graphml)(net, buf)
    G = READ[fmt](io.BytesIO(buf.getvalue()))
    for fid, raw in zip(net.firm_ids[:2], net.firms["name2"].iloc[:2]):
        got = G.nodes[fid].get("name2")
        assert got == (None if pd.isna(raw) else _FORBIDDEN.sub("\ufffd", raw))
