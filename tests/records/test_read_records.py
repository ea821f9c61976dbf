"""nc.read / netclust info reading records through the records engine: same network as pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.errors import InputError, ValidationError
from netclust.records.links import estimated_rows, records_policy


def _records(n=3000, seed=1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    firms = np.array([f"F{i:03d}" for i in range(40)], dtype=object)
    src, dst = rng.integers(0, 40, n), rng.integers(0, 40, n)
    dst = np.where(dst == src, (dst + 1) % 40, dst)
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    return pd.DataFrame({"source": firms[src], "target": firms[dst],
                         "layer": rng.choice(["procurement", "logistics", "design_sharing"], n),
                         "weight": rng.integers(1, 10**6, n) / 100.0,
                         "date": days.strftime("%Y-%m-%d")})


def _links(net) -> pd.DataFrame:
    cols = [c for c in ("source", "target", "layer", "period", "weight", "count") if c in net.links]
    return net.links[cols].sort_values(cols[:4 if "period" in cols else 3]).reset_index(drop=True)


@pytest.mark.parametrize("by_period", [None, "year"])
@pytest.mark.parametrize("cents", [False, True])
def test_engine_network_equals_pandas_network(tmp_path, by_period, cents):
    """Same firms, links and counts; integer amounts give identical weights, decimal amounts
    agree to 1e-12 (the engine sums them exactly, pandas in float record by record)."""
    df = _records()
    if not cents:
        df["weight"] = np.round(df["weight"]).clip(lower=1)
    firms = pd.DataFrame({"firm_id": [f"F{i:03d}" for i in range(40)]})
    df.to_csv(tmp_path / "r.csv", index=False)
    df.to_parquet(tmp_path / "r.parquet")
    ref = nc.read(links=tmp_path / "r.csv", firms=firms, engine="pandas", by_period=by_period)
    for path in ("r.csv", "r.parquet"):
        net = nc.read(links=tmp_path / path, firms=firms, engine="duckdb", by_period=by_period)
        got, want = _links(net), _links(ref)
        pd.testing.assert_frame_equal(got.drop(columns="weight"), want.drop(columns="weight"))
        if cents:
            np.testing.assert_allclose(got["weight"], want["weight"], rtol=1e-12)
        else:
            assert got["weight"].tolist() == want["weight"].tolist()
        assert net.n_firms == ref.n_firms
        assert "records_engine" in net.validation.codes()


def test_glob_goes_to_the_engine_and_unknown_firms_have_file_and_line(tmp_path):
    df = _records(200)
    df.loc[150, "target"] = "ZZZ"
    df.iloc[:100].to_csv(tmp_path / "a.csv", index=False)
    df.iloc[100:].to_csv(tmp_path / "b.csv", index=False)
    assert records_policy()(str(tmp_path / "*.csv")) and not records_policy()(tmp_path / "a.csv")
    firms = pd.DataFrame({"firm_id": [f"F{i:03d}" for i in range(40)]})
    with pytest.raises(ValidationError) as info:
        nc.read(links=str(tmp_path / "*.csv"), firms=firms)
    [p] = [p for p in info.value.report.errors if p.code == "unknown_firm"]
    assert p.file.endswith("b.csv") and p.rows == (150 - 100 + 2,) and p.column == "target"


def test_threshold_and_refusals(tmp_path):
    (tmp_path / "r.csv").write_text("source,target,layer,weight\n" + "a,b,logistics,1\n" * 50)
    assert estimated_rows(tmp_path / "r.csv") == 50
    assert records_policy(threshold=10)(tmp_path / "r.csv")
    (tmp_path / "c.csv").write_text("source,target,layer,weight,count\na,b,logistics,1,3\n")
    with pytest.raises(InputError, match="already aggregated"):
        nc.read(tmp_path / "c.csv", engine="duckdb")
    assert nc.read(tmp_path / "c.csv").links["count"].tolist() == [3]  # default: pandas reader


def test_cli_info_engine_and_config_mapping(tmp_path):
    df = _records(500).rename(columns={"source": "卖方", "weight": "金额"})
    df["金额"] = np.round(df["金额"])
    df.to_csv(tmp_path / "orders.csv", index=False)
    (tmp_path / "netclust.toml").write_text('[columns]\nsource = "卖方"\nweight = "金额"\n')
    res = CliRunner().invoke(cli, ["info", str(tmp_path / "orders.csv"), "--engine", "duckdb",
                                   "--memory-limit", "256MB"])
    assert res.exit_code == 0, res.output
    ref = CliRunner().invoke(cli, ["info", str(tmp_path / "orders.csv"), "--engine", "pandas"])
    assert ref.exit_code == 0 and ref.output == res.output


def test_cli_aggregate_reads_netclust_toml(tmp_path):
    df = _records(300).rename(columns={"source": "seller_x", "weight": "amount_x"})
    df.to_csv(tmp_path / "orders.csv", index=False)
    (tmp_path / "netclust.toml").write_text('[columns]\nsource = "seller_x"\nweight = "amount_x"\n')
    out = tmp_path / "links.parquet"
    res = CliRunner().invoke(cli, ["aggregate", str(tmp_path / "orders.csv"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    got = pd.read_parquet(out)
    assert got["weight"].sum() == pytest.approx(df["amount_x"].sum()) and got["count"].sum() == 300
    res = CliRunner().invoke(cli, ["aggregate", str(tmp_path / "orders.csv"), "--out", str(out),
                                   "--no-config"])
    assert res.exit_code == 1 and "source" in res.output


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_no_links_and_empty_windows_read_alike(tmp_path, engine):
    """The engine's links are not validated twice: what the links validation says about the
    whole table (no record; only self-loops; no link in the window) the engine path says too."""
    (tmp_path / "e.csv").write_text("source,target,layer,weight,date\n")
    with pytest.raises(ValidationError) as info:
        nc.read(links=tmp_path / "e.csv", engine=engine)
    assert [p.code for p in info.value.report.errors] == ["empty_table"]
    (tmp_path / "s.csv").write_text("source,target,layer,weight,date\na,a,logistics,1,2024-01-02\n")
    net = nc.read(links=tmp_path / "s.csv", engine=engine)
    assert [p.code for p in net.validation.warnings] == ["self_loop"] and len(net.links) == 0
    (tmp_path / "r.csv").write_text("source,target,layer,weight,date\na,b,logistics,1,2024-01-02\n")
    net = nc.read(links=tmp_path / "r.csv", engine=engine, period="2023")
    assert [p.code for p in net.validation.warnings] == ["empty_period"] and len(net.links) == 0
    assert "outside_period" in net.validation.codes()


def test_engine_amounts_cannot_overflow_their_sums(tmp_path):
    """pandas sums floats (an overflow is an error naming the link); the engine reads amounts
    as exact decimals below 10^12, so a huge amount is an invalid weight instead."""
    (tmp_path / "r.csv").write_text("source,target,layer,weight\n"
                                    "a,b,logistics,1e308\na,b,logistics,1e308\nb,c,logistics,2\n")
    codes = {}
    for engine in ("pandas", "duckdb"):
        with pytest.raises(ValidationError) as info:
            nc.read(links=tmp_path / "r.csv", engine=engine)
        [p] = info.value.report.errors
        codes[engine] = (p.code, p.rows, p.column)
    assert codes == {"pandas": ("weight_overflow", (2, 3), "weight"),
                     "duckdb": ("invalid_weight", (2, 3), "weight")}
