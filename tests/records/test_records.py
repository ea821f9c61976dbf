"""Records engines: identical links across pandas, DuckDB and Spark; validation with file and line."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from netclust.cli import cli
from netclust.errors import InputError, ValidationError
from netclust.periods import period_labels
from netclust.records import aggregate_records
from netclust.records.duckdb_engine import MemoryLimitError

CSV = """source,target,layer,weight,date
A,B,procurement,1.5,2024-01-02
A,B,procurement,2.25,2024-05-20
B,C,logistics,0.1,2024-03-31
B,C,logistics,0.2,2024-04-01
A,B,procurement,4,2023-12-31
C,A,design_sharing,7,2024-11-30
"""


def _records(n=3000, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    firms = np.array([f"F{i:03d}" for i in range(40)], dtype=object)
    src, dst = rng.integers(0, 40, n), rng.integers(0, 40, n)
    dst = np.where(dst == src, (dst + 1) % 40, dst)
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    return pd.DataFrame({"source": firms[src], "target": firms[dst],
                         "layer": rng.choice(["procurement", "logistics", "design_sharing"], n),
                         "weight": rng.integers(1, 10**6, n) / 100.0,
                         "date": days.strftime("%Y-%m-%d")})


def test_hand_worked_example(tmp_path):
    (tmp_path / "r.csv").write_text(CSV)
    links = aggregate_records(tmp_path / "r.csv", by_period="year").to_pandas()
    ab = links[(links.source == "A") & (links.target == "B")].set_index("period")
    assert ab.loc["2024", "weight"] == 3.75 and ab.loc["2024", "count"] == 2
    assert ab.loc["2023", "weight"] == 4.0
    bc = links[links.source == "B"].iloc[0]
    assert bc["weight"] == 0.3  # exact decimal sum: 0.1 + 0.2 is 0.3, not 0.30000000000000004
    assert str(bc["first_date"].date()) == "2024-03-31" and str(bc["last_date"].date()) == "2024-04-01"
    assert list(links.columns) == ["source", "target", "layer", "period", "weight", "count",
                                   "first_date", "last_date"]


@pytest.mark.parametrize("by_period", [None, "year", "quarter", "month"])
def test_duckdb_equals_pandas_csv_parquet_and_hive(tmp_path, by_period):
    df = _records()
    ref = aggregate_records(df, by_period=by_period).links
    df.to_csv(tmp_path / "r.csv", index=False)
    assert aggregate_records(tmp_path / "r.csv", by_period=by_period).links.equals(ref)
    df.iloc[:1000].to_parquet(tmp_path / "a.parquet")
    df.iloc[1000:].to_parquet(tmp_path / "b.parquet")
    assert aggregate_records(str(tmp_path / "*.parquet"), by_period=by_period).links.equals(ref)
    hive = tmp_path / "hive"
    for layer, part in df.groupby("layer"):
        (hive / f"layer={layer}").mkdir(parents=True)
        part.drop(columns="layer").to_parquet(hive / f"layer={layer}" / "p.parquet")
    assert aggregate_records(hive, by_period=by_period).links.equals(ref)


def test_period_labels_equal_netclust_periods():
    df = _records(500)
    for by in ("year", "quarter", "month"):
        links = aggregate_records(df, by_period=by, engine="pandas").to_pandas()
        expected = {(s, t, ly, p) for s, t, ly, p in zip(df.source, df.target, df.layer,
                    period_labels(pd.to_datetime(df.date), by))}
        assert set(zip(links.source, links.target, links.layer, links.period)) == expected


def test_sums_and_counts_equal_netclust_read():
    import netclust as nc

    df = _records(800)
    df = df[df.layer != "design_sharing"]  # undirected: netclust merges A-B with B-A
    keys = ["source", "target", "layer"]
    links = aggregate_records(df).to_pandas().set_index(keys).sort_index()
    edges = nc.read(links=df.drop(columns="date")).links.set_index(keys).sort_index()
    assert links.index.equals(edges.index)
    assert (links["count"] == edges["count"]).all()
    np.testing.assert_allclose(edges["weight"], links["weight"], rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.sampled_from("ABCD"),
                          st.integers(-5, 10**9), st.integers(0, 1000)), min_size=1, max_size=40))
def test_property_engines_agree(rows):
    df = pd.DataFrame(rows, columns=["source", "target", "cents", "day"])
    df["weight"] = df.pop("cents") / 1000
    df["date"] = (pd.Timestamp("2022-01-01") + pd.to_timedelta(df.pop("day"), unit="D")).dt.strftime("%Y-%m-%d")
    res = aggregate_records(df, layers=["trade"], by_period="quarter", drop_invalid=True)
    dirpath = __import__("tempfile").mkdtemp()
    try:
        df.to_csv(f"{dirpath}/r.csv", index=False)
        duck = aggregate_records(f"{dirpath}/r.csv", layers=["trade"], by_period="quarter",
                                 drop_invalid=True)
    finally:
        shutil.rmtree(dirpath)
    assert duck.links.equals(res.links)
    assert duck.report.codes() == res.report.codes()
    assert res.links.num_rows == 0 or pa.compute.min(res.links["weight"]).as_py() > 0


def test_validation_counts_and_physical_lines(tmp_path):
    text = ('source,target,layer,weight,date\n'
            'A,B,procurement,1,2024-01-01\n'
            '"A\nmultiline",B,procurement,2,2024-01-01\n'   # record 2 spans lines 3-4
            '\n'                                             # blank line 5
            'A,B,procurement,abc,2024-01-01\n'               # line 6: bad weight
            'A,Z,procurement,1,2024-99-01\n'                 # line 7: unknown Z, bad date
            'A,B,weird,1,2024-01-01\n'                       # line 8: undeclared layer
            'B,B,procurement,1,2024-01-01\n')                # line 9: self-loop
    (tmp_path / "r.csv").write_text(text)
    with pytest.raises(ValidationError) as info:
        aggregate_records(tmp_path / "r.csv", firms=["A", "B", "A\nmultiline"])
    report = info.value.report
    got = {(p.code, p.column): (p.rows, p.count) for p in report.problems}
    assert got[("invalid_weight", "weight")] == ((6,), 1)
    assert got[("unknown_firm", "target")] == ((7,), 1)
    assert got[("invalid_date", "date")] == ((7,), 1)
    assert got[("undeclared_layer", "layer")] == ((8,), 1)
    assert got[("self_loop", "source")] == ((9,), 1)
    assert all(p.file.endswith("r.csv") for p in report.problems)


def test_parquet_rows_count_header_as_row_one(tmp_path):
    df = _records(50)
    df.loc[7, "weight"] = -3.0
    df.to_parquet(tmp_path / "r.parquet")
    res = aggregate_records(tmp_path / "r.parquet", drop_invalid=True)
    [neg] = [p for p in res.report.problems if p.code == "negative_weight"]
    assert neg.rows == (9,) and neg.count == 1
    assert res.links.num_rows == aggregate_records(df.drop(index=7)).links.num_rows


def test_gb18030_csv_is_transcoded_in_a_stream(tmp_path):
    text = "卖方,买方,层,金额,日期\n狮岭皮具厂,花都物流,logistics,12.5,2024-03-02\n狮岭皮具厂,花都物流,logistics,1,2024-04-02\n"
    (tmp_path / "gbk.csv").write_bytes(text.encode("gb18030"))
    res = aggregate_records(tmp_path / "gbk.csv",
                            columns={"source": "卖方", "target": "买方", "layer": "层", "date": "日期"})
    row = res.to_pandas().iloc[0]
    assert (row["source"], row["target"], row["weight"], row["count"]) == ("狮岭皮具厂", "花都物流", 13.5, 2)


def test_measures_and_errors(tmp_path):
    df = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "B", "C"], "layer": "logistics",
                       "weight": [1, 2, 3], "qty": [10, 30, 5]})
    links = aggregate_records(df, measures={"qty": "mean"}).to_pandas()
    assert links["qty_mean"].tolist() == [20.0, 5.0]
    with pytest.raises(InputError):
        aggregate_records(df, measures={"qty": "median"})
    with pytest.raises(InputError):
        aggregate_records(df, engine="polars")


def test_memory_limit_error_names_the_step(tmp_path):
    _records(20000).to_csv(tmp_path / "r.csv", index=False)
    with pytest.raises(MemoryLimitError, match="--memory-limit"):
        aggregate_records(tmp_path / "r.csv", memory_limit="1KB")


def test_cli_aggregate_writes_parquet_and_reports_errors(tmp_path):
    (tmp_path / "r.csv").write_text(CSV)
    out = tmp_path / "links.parquet"
    res = CliRunner().invoke(cli, ["aggregate", str(tmp_path / "r.csv"), "--out", str(out),
                                   "--by-period", "quarter", "--memory-limit", "256MB"])
    assert res.exit_code == 0, res.output
    table = pq.read_table(out)
    assert table.num_rows == 6 and {"weight", "count", "period"} <= set(table.column_names)
    (tmp_path / "bad.csv").write_text(CSV + "A,B,procurement,oops,2024-01-01\n")
    res = CliRunner().invoke(cli, ["aggregate", str(tmp_path / "bad.csv"), "--out", str(out)])
    assert res.exit_code == 1 and "Error:" in res.output and "row 8" in res.output
    res = CliRunner().invoke(cli, ["aggregate", str(tmp_path / "r.csv"), "--out", str(out),
                                   "--memory-limit", "1KB"])
    assert res.exit_code == 1 and "--memory-limit" in res.output and "Traceback" not in res.output


def test_spark_local_mode_links_identical(tmp_path, spark):
    df = _records(2000, seed=3)
    df.to_csv(tmp_path / "r.csv", index=False)
    df.to_parquet(tmp_path / "r.parquet")
    for by in (None, "quarter"):
        ref = aggregate_records(df, by_period=by).links
        assert aggregate_records(tmp_path / "r.csv", by_period=by).links.equals(ref)
        assert aggregate_records(tmp_path / "r.csv", engine="spark", spark=spark,
                                 by_period=by).links.equals(ref)
        assert aggregate_records(tmp_path / "r.parquet", engine="spark", spark=spark,
                                 by_period=by).links.equals(ref)
    (tmp_path / "bad.csv").write_text(CSV + "A,B,procurement,oops,2024-01-01\n")
    with pytest.raises(ValidationError, match="weight must be a number"):
        aggregate_records(tmp_path / "bad.csv", engine="spark", spark=spark)
