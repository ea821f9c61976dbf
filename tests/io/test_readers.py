"""Readers: encodings, formats, folders, column mapping, layer files, transactions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import netclust as nc
from netclust.errors import SchemaError, ValidationError

CN_FIRMS = pd.DataFrame({
    "企业名称": ["狮岭皮具厂", "广州箱包有限公司", "花都物流中心", "五金配件行"],
    "角色": ["sme", "anchor", "logistics", "supplier"],
    "出口": ["否", "是", "否", "否"],
})
CN_LINKS = pd.DataFrame({
    "from": ["狮岭皮具厂", "狮岭皮具厂", "五金配件行", "五金配件行"],
    "to": ["广州箱包有限公司", "花都物流中心", "狮岭皮具厂", "狮岭皮具厂"],
    "type": ["procurement", "logistics", "procurement", "procurement"],
    "amount": [12.5, 3.0, 4.0, 6.0],
})
CN_COLUMNS = {"firm_id": "企业名称", "role": "角色", "exporter": "出口"}


def _canonical(net):
    links = net.links.drop(columns=["src", "dst"]).sort_values(["layer", "source", "target"])
    return net.firms.sort_index(), links.reset_index(drop=True)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-8-sig"])
def test_chinese_csv_round_trips(tmp_path, encoding):
    d = tmp_path / encoding
    d.mkdir()
    CN_FIRMS.to_csv(d / "firms.csv", index=False, encoding=encoding)
    CN_LINKS.to_csv(d / "links.csv", index=False, encoding=encoding)
    net = nc.read(d, columns=CN_COLUMNS)
    assert list(net.firm_ids) == list(CN_FIRMS["企业名称"])
    assert net.firms.loc["广州箱包有限公司", "exporter"]
    assert not net.firms.loc["狮岭皮具厂", "exporter"]
    # two records 五金配件行 -> 狮岭皮具厂 aggregate into one link of weight 10
    lk = net.links.set_index(["source", "target"])
    assert lk.loc[("五金配件行", "狮岭皮具厂"), "weight"] == 10.0
    assert lk.loc[("五金配件行", "狮岭皮具厂"), "count"] == 2
    detected = {s["table"]: s["encoding"] for s in net.provenance["sources"]}
    expected = {"gbk": "gb18030", "utf-8-sig": "utf-8-sig"}.get(encoding, encoding)
    assert detected["firms.csv"] == expected


def test_formats_agree(tmp_path):
    firms, links = nc.datasets.toy_tables()
    ref = _canonical(nc.read(firms=firms, links=links))
    # folder of CSV
    d = tmp_path / "csv"
    d.mkdir()
    firms.to_csv(d / "firms.csv", index=False)
    links.to_csv(d / "links.csv", index=False)
    # folder of Parquet
    q = tmp_path / "pq"
    q.mkdir()
    firms.to_parquet(q / "firms.parquet")
    links.to_parquet(q / "links.parquet")
    # XLSX workbook
    x = tmp_path / "toy.xlsx"
    with pd.ExcelWriter(x) as w:
        firms.to_excel(w, sheet_name="firms", index=False)
        links.to_excel(w, sheet_name="links", index=False)
    # separate files
    for net in (nc.read(d), nc.read(q), nc.read(x),
                nc.read(firms=d / "firms.csv", links=q / "links.parquet")):
        f, lk = _canonical(net)
        pd.testing.assert_frame_equal(lk, ref[1])
        assert list(f.index) == list(ref[0].index)
        assert f["name"].tolist() == ref[0]["name"].tolist()
        assert f["role"].tolist() == ref[0]["role"].tolist()
        assert f["exporter"].astype(bool).tolist() == ref[0]["exporter"].astype(bool).tolist()
        np.testing.assert_allclose(f["employees"].astype(float), ref[0]["employees"].astype(float))


def test_xlsx_without_links_sheet(tmp_path):
    x = tmp_path / "bad.xlsx"
    with pd.ExcelWriter(x) as w:
        pd.DataFrame({"a": [1]}).to_excel(w, sheet_name="Sheet1", index=False)
    with pytest.raises(SchemaError, match="sheet named 'links'"):
        nc.read(x)


def test_ids_keep_leading_zeros(tmp_path):
    d = tmp_path / "z"
    d.mkdir()
    (d / "firms.csv").write_text("firm_id\n007\n08\n")
    (d / "links.csv").write_text("source,target,layer\n007,08,procurement\n")
    assert list(nc.read(d).firm_ids) == ["007", "08"]


@pytest.mark.parametrize("name", ["lazega_lawfirm", "krackhardt_hightech", "ckm_physicians",
                                  "brunson_corporate_leadership", "galaskiewicz_ceos_clubs"])
def test_real_networks_load_with_one_call(data_dir, name):
    folder = data_dir / name
    net = nc.read(folder)
    edges = pd.read_csv(folder / "edges.csv", dtype=str)
    nodes = pd.read_csv(folder / "nodes.csv", dtype=str)
    layers = pd.read_csv(folder / "layers.csv")
    assert net.n_firms == len(nodes)
    assert net.layer_names == layers["layer"].tolist()
    assert [s.directed for s in net.layers] == layers["directed"].tolist()
    # every distinct arc is one link (the files hold no duplicates)
    assert len(net.links) == len(edges.drop_duplicates(["source", "target", "layer"]))


def test_layers_from_toml_and_options(tmp_path):
    d = tmp_path / "t"
    d.mkdir()
    (d / "firms.csv").write_text("firm_id\nA\nB\nC\n")
    (d / "links.csv").write_text("source,target,layer\nA,B,channel\nB,A,channel\nB,C,finance\n")
    (d / "layers.toml").write_text(
        '[layers.channel]\ndirected = false\ndescription = "sells via"\n'
        '[layers.finance]\ndirected = true\nweighted = false\n')
    net = nc.read(d)
    assert [(s.name, s.directed, s.weighted) for s in net.layers] == [
        ("channel", False, True), ("finance", True, False)]
    # undirected: A-B and B-A are one link
    assert len(net.links[net.links.layer == "channel"]) == 1
    net2 = nc.read(d, layers=["channel:directed", "finance:directed"])
    assert len(net2.links[net2.links.layer == "channel"]) == 2


def test_undeclared_layer_without_declaration(tmp_path):
    d = tmp_path / "u"
    d.mkdir()
    (d / "links.csv").write_text("source,target,layer\nA,B,channel\n")
    with pytest.raises(ValidationError, match="channel"):
        nc.read(d)


def test_bad_layer_file(tmp_path):
    p = tmp_path / "layers.csv"
    p.write_text("layer,directed\nx,sideways\n")
    with pytest.raises(SchemaError, match='row 2, column "directed"'):
        nc.read(links=pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["x"]}), layers=p)


def test_transactions_aggregate_sum_count_and_periods():
    tx = pd.DataFrame({
        "source": ["s", "s", "s", "s", "t"],
        "target": ["a", "a", "a", "a", "a"],
        "layer": "procurement",
        "amount": [1.0, 2.0, 4.0, 8.0, 16.0],
        "date": ["2023-03-01", "2023-12-31", "2024-01-01", "2024-06-30", "2024-07-01"],
    })
    net = nc.read(links=tx)
    lk = net.links.set_index("source")
    assert lk.loc["s", "weight"] == 15.0 and lk.loc["s", "count"] == 4
    y24 = nc.read(links=tx, period="2024").links.set_index("source")
    assert y24.loc["s", "weight"] == 12.0 and y24.loc["s", "count"] == 2
    assert y24.loc["t", "weight"] == 16.0
    h1 = nc.read(links=tx, period="2024-01..2024-06").links
    assert h1["weight"].tolist() == [12.0]
    byq = nc.read(links=tx, by_period="year").links.sort_values(["source", "period"])
    assert byq[["source", "period", "weight", "count"]].values.tolist() == [
        ["s", "2023", 3.0, 2], ["s", "2024", 12.0, 2], ["t", "2024", 16.0, 1]]
    # graph views sum over periods
    net_p = nc.read(links=tx, by_period="quarter")
    assert net_p.to_igraph("procurement").ecount() == 2
    assert sorted(net_p.to_igraph("procurement").es["weight"]) == [15.0, 16.0]
    # subset by period on a per-period network
    sub = net_p.subset(period="2024Q1")
    assert sub.links["weight"].tolist() == [4.0]


def test_generated_transactions_aggregate_to_relations():
    gen = pytest.importorskip("netclust.generator")
    rel = gen.generate_tables(400, seed=3)
    tx = gen.generate_tables(400, seed=3, transactions=True)
    assert len(tx.links) > len(rel.links)
    a = nc.read(firms=rel.firms, links=rel.links).links
    b = nc.read(firms=tx.firms, links=tx.links).links
    key = ["source", "target", "layer"]
    m = a.merge(b, on=key, suffixes=("_rel", "_tx"))
    assert len(m) == len(a) == len(b)
    np.testing.assert_allclose(m["weight_rel"], m["weight_tx"], rtol=1e-9)


def test_period_needs_dates():
    links = pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["procurement"]})
    report = nc.validate(links=links, period="2024")
    assert not report.ok and "no date or period column" in report.format()


def test_bad_period_expression():
    links = pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["procurement"],
                          "date": ["2024-01-01"]})
    with pytest.raises(nc.InputError, match="cannot read period"):
        nc.read(links=links, period="last spring")


def test_links_only_input_derives_firms():
    net = nc.read(links=pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"],
                                      "layer": "logistics"}))
    assert list(net.firm_ids) == ["a", "b", "c"]
    assert set(net.firms["role"]) == {"other"}
    assert "firms_from_links" in net.validation.codes()


def test_column_mapping_unknown_key():
    with pytest.raises(nc.InputError, match="unknown column mapping"):
        nc.read(links=pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["logistics"]}),
                columns={"colour": "x"})
