"""GraphML/GEXF/edge-list exports round-trip through networkx."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import netclust as nc
from netclust.io.export import export


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
