"""Network map data and page: counts, colours, sizes, communities, escaping."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import netclust as nc
from netclust.errors import InputError
from netclust.viz.interactive import (FIRM_VIEW_MAX, LAYER_COLORS, ROLE_COLORS, map_payload,
                                      network_map)

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"


def xss_network():
    firms, links = nc.datasets.toy_tables()
    firms = firms.copy()
    firms.loc[2, "name"] = XSS_IMG
    firms.loc[3, "name"] = XSS_SCRIPT
    firms["sector"] = ["<b>bags</b>"] * len(firms)
    return nc.read(firms=firms, links=links)


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" class="nc-map-data">(.*?)</script>', html, re.S)
    assert m, "map data block missing"
    return json.loads(m.group(1))


def test_payload_counts_and_layers(toy):
    p = map_payload(toy)
    assert p["view"] == "firms" and p["layout"] == "force"
    assert len(p["firms"]["id"]) == toy.n_firms == 9
    assert len(p["links"]["s"]) == len(toy.links) == 13
    assert [l["name"] for l in p["layers"]] == toy.layer_names
    assert [l["links"] for l in p["layers"]] == [6, 3, 4]
    assert [l["directed"] for l in p["layers"]] == [True, False, True]
    assert p["layers"][0]["color"] == LAYER_COLORS[0]
    # every link goes from its source to its target (codes into the firm arrays)
    ids = p["firms"]["id"]
    drawn = {(ids[s], ids[t], toy.layer_names[l]) for s, t, l in
             zip(p["links"]["s"], p["links"]["t"], p["links"]["l"])}
    assert drawn == set(zip(toy.links["source"], toy.links["target"], toy.links["layer"]))


def test_payload_role_colours_and_legend(toy):
    p = map_payload(toy)
    labels = [g["label"] for g in p["groups"]]
    assert labels == ["anchor", "sme", "supplier", "designer", "logistics", "trade_service"]
    assert [g["count"] for g in p["groups"]] == [2, 3, 1, 1, 1, 1]
    assert p["groups"][0]["color"] == ROLE_COLORS["anchor"]
    roles = toy.firms["role"].tolist()
    assert [labels[g] for g in p["firms"]["g"]] == roles


def test_size_follows_degree_like_networkx(toy):
    p = map_payload(toy, size_by="degree")
    deg = dict(toy.to_networkx("aggregate").degree())
    expected = np.array([deg[i] for i in toy.firm_ids], dtype=float)
    size = np.array(p["firms"]["s"])
    # 4 + 22 sqrt((v - min)/(max - min)), hand formula
    want = 4 + 22 * np.sqrt((expected - expected.min()) / (expected.max() - expected.min()))
    assert size == pytest.approx(np.round(want, 1))
    assert p["sizeBy"] == "degree"
    assert dict(zip(p["firms"]["attrs"]["keys"], range(9)))["degree"] >= 0


def test_size_by_column_series_and_none(toy):
    by_col = map_payload(toy, size_by="employees")["firms"]["s"]
    assert by_col[0] == 26.0 and by_col[-1] == 4.0       # A1 has most, T1 fewest employees
    series = pd.Series(np.arange(9, dtype=float), index=toy.firm_ids, name="my_score")
    p = map_payload(toy, size_by=series)
    assert p["sizeBy"] == "my_score" and p["firms"]["s"][0] == 4.0
    assert set(map_payload(toy, size_by=None)["firms"]["s"]) == {8.0}


def test_bad_arguments_raise_input_error(toy):
    for kw in ({"size_by": "nope"}, {"color_by": "nope"}, {"layout": "spiral"}, {"view": "x"},
               {"layers": ["nope"]}, {"layers": []}, {"top_firms": -1}, {"layout": "geo"}):
        with pytest.raises(InputError):
            map_payload(toy, **kw)


def test_layer_subset_and_community_colouring(toy):
    p = map_payload(toy, layers=["logistics"], color_by="community")
    assert len(p["links"]["s"]) == 4 and p["layers"][0]["name"] == "logistics"
    assert p["colorBy"] == "community"
    assert sum(g["count"] for g in p["groups"]) == 9


def test_community_view_blocks_match_independent_counts():
    net = nc.datasets.sample()
    memb = nc.datasets.sample_communities()
    p = map_payload(net, view="communities", communities=memb, top_firms=20)
    assert p["view"] == "communities" and p["layout"] == "community"
    comm = np.array(p["firms"]["c"])
    assert sum(p["communities"]["size"]) == net.n_firms
    assert np.bincount(comm).tolist() == p["communities"]["size"]
    # community 0 is the largest planted community
    assert p["communities"]["size"][0] == memb.value_counts().max()
    # links between communities per layer, counted independently with pandas
    lk = net.links
    code = pd.Series(comm, index=net.firm_ids)
    a, b = code[lk["source"]].to_numpy(), code[lk["target"]].to_numpy()
    inter = pd.DataFrame({"lo": np.minimum(a, b), "hi": np.maximum(a, b), "layer": lk["layer"]})[a != b]
    counts = inter.groupby(["lo", "hi", "layer"]).size()
    cl = p["communityLinks"]
    for s, t, l, n in zip(cl["s"], cl["t"], cl["l"], cl["n"]):
        assert counts[(s, t, net.layer_names[l])] == n
    # backbone = all anchors (31 <= 20? no: the top 20 by size) plus the top 20 firms
    roles = net.firms["role"].to_numpy()
    assert len(p["backbone"]) >= 20
    assert (roles[p["backbone"]] == "anchor").sum() >= 20


def test_view_auto_threshold(toy):
    assert FIRM_VIEW_MAX == 5000
    assert map_payload(toy)["view"] == "firms"
    assert map_payload(toy, view="communities")["view"] == "communities"


def test_geo_layout_uses_coordinates():
    firms, links = nc.datasets.toy_tables()
    firms = firms.assign(lon=113.1 + np.arange(9) * 0.01, lat=23.4)
    firms.loc[8, "lon"] = np.nan
    p = map_payload(nc.read(firms=firms, links=links), layout="geo")
    x = np.array(p["firms"]["x"])
    assert (np.diff(x[:8]) > 0).all()
    assert p["notes"] and "without coordinates" in p["notes"][0]


def test_page_escapes_names_and_roundtrips_them():
    net = xss_network()
    html = network_map(net).to_html()
    assert XSS_IMG not in html and XSS_SCRIPT not in html and "<b>bags</b>" not in html
    # exactly our own script elements close: vis-network, map.js, table.js and the data block
    # (vis-network's code holds the text "<script>" in a string, harmless without "</script")
    assert html.count("</script>") == 4
    assert len(re.findall(r"^<script[ >]|^  <script[ >]", html, re.M)) == 4
    data = page_data(html)
    assert data["firms"]["name"][2] == XSS_IMG and data["firms"]["name"][3] == XSS_SCRIPT


def test_page_is_self_contained(toy):
    html = network_map(toy, title="Shiling <map> & co").to_html()
    assert "<title>Shiling &lt;map&gt; &amp; co</title>" in html
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)\s*=', html, re.I)
    assert "sourceMappingURL" not in html
    assert "狮岭箱包 Three" in html
    assert "Content-Security-Policy" in html


def test_notebook_repr_is_an_isolated_iframe(toy):
    frame = network_map(toy)._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "<script" not in frame  # the page is attribute-escaped inside srcdoc


def test_map_writes_file(tmp_path, toy):
    path = network_map(toy).to_file(tmp_path / "m" / "map.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_payload_handles_a_network_without_links(toy):
    net = toy.subset(firms=["A1", "T1", "D1"])
    assert len(net.links) == 0
    p = map_payload(net, view="communities")
    assert len(p["links"]["s"]) == 0 and len(p["firms"]["id"]) == 3
    assert p["communities"]["size"] == [1, 1, 1]


def _same_partition(a, b) -> bool:
    """Two labelings of the same firms define the same partition (labels may differ)."""
    a, b = pd.Series(np.asarray(a)), pd.Series(np.asarray(b))
    return (a.groupby(b).nunique() == 1).all() and (b.groupby(a).nunique() == 1).all()


def test_map_draws_given_inputs_without_computing(toy, monkeypatch):
    """With membership and size values given, the map runs no community search or centrality."""
    import netclust.analysis
    import netclust.metrics.centrality
    import netclust.metrics.community

    def boom(*args, **kwargs):
        raise AssertionError("the map recomputed a result it was given")

    monkeypatch.setattr(netclust.metrics.community, "communities", boom)
    monkeypatch.setattr(netclust.metrics.centrality, "centrality", boom)
    monkeypatch.setattr(netclust.analysis, "Analysis", boom)
    membership = pd.Series([0, 0, 1, 1, 1, 2, 2, 2, 2], index=toy.firm_ids)
    values = pd.Series(np.arange(9.0), index=toy.firm_ids[::-1])  # keyed by firm_id, any order
    p = map_payload(toy, color_by="community", size_by="pagerank", membership=membership,
                    size_values=values)
    assert p["firms"]["c"] == [2, 2, 1, 1, 1, 0, 0, 0, 0]  # largest community is 0
    assert p["sizeBy"] == "pagerank"
    assert p["firms"]["s"][-1] == 4.0 and p["firms"]["s"][0] == 26.0  # T1 → 0.0, A1 → 8.0
    with pytest.raises(InputError, match="membership lacks"):
        map_payload(toy, membership=membership.iloc[:5], size_by=None)


def test_default_map_uses_the_analysis_partition_and_measures(toy):
    """CLI, report and notebook maps share Analysis(net, seed): same partition, same sizes."""
    from netclust.analysis import Analysis

    for seed in (0, 3):
        a = Analysis(toy, seed=seed)
        p = map_payload(toy, color_by="community", size_by="pagerank", seed=seed)
        assert _same_partition(p["firms"]["c"], a.communities.membership.reindex(toy.firm_ids))
        pr = a.centrality[("pagerank", "aggregate")].reindex(toy.firm_ids).to_numpy()
        want = 4 + 22 * np.sqrt((pr - pr.min()) / (pr.max() - pr.min()))
        assert p["firms"]["s"] == pytest.approx(np.round(want, 1).tolist())
        via_analysis = a.map(color_by="community", size_by="pagerank").payload
        assert via_analysis["firms"]["c"] == p["firms"]["c"]
        assert via_analysis["firms"]["s"] == p["firms"]["s"]


def test_multiplex_size_measure_from_the_analysis(toy):
    from netclust.analysis import Analysis

    p = map_payload(toy, size_by="versatility", membership=np.zeros(9))
    v = Analysis(toy).multiplex["versatility"].reindex(toy.firm_ids).to_numpy()
    assert np.argmax(p["firms"]["s"]) == np.argmax(v) and p["sizeBy"] == "versatility"


def test_same_seed_same_page(toy):
    """Same data and seed give the same bytes (seeded layout, the analysis' partition)."""
    assert network_map(toy, color_by="community", seed=2).to_html() == \
        network_map(toy, color_by="community", seed=2).to_html()
