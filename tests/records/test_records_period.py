"""A --period window applied by the records engines: identical links on pandas, DuckDB and Spark,
and the same network as netclust.read's own reader (undated records left out and counted)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust.cli import cli
from netclust.errors import InputError, ValidationError
from netclust.records import aggregate_records

# Window 2024 = [2024-01-01, 2025-01-01). Rows at both bounds, just outside them, undated.
CSV = """source,target,layer,weight,date
A,B,procurement,1,2023-12-31
A,B,procurement,2,2024-01-01
A,B,procurement,4,2024-12-31
A,B,procurement,8,2025-01-01
B,C,procurement,16,2024-06-01
C,D,procurement,32,
C,D,procurement,64,2024-03-03
D,A,logistics,128,2024-11-01
A,C,logistics,256,2024-02-02
B,D,logistics,512,
"""
FIRMS = "firm_id,role\nA,anchor\nB,sme\nC,sme\nD,supplier\n"

# Worked by hand from CSV: A->B 2 + 4 (the 2023-12-31 and 2025-01-01 rows are outside),
# C->D 64 (the undated 32 is left out), B->D only undated: no link.
EXPECTED_2024 = [("A", "B", "procurement", 6.0, 2), ("A", "C", "logistics", 256.0, 1),
                 ("B", "C", "procurement", 16.0, 1), ("C", "D", "procurement", 64.0, 1),
                 ("D", "A", "logistics", 128.0, 1)]


def _data(tmp_path):
    (tmp_path / "links.csv").write_text(CSV)
    (tmp_path / "firms.csv").write_text(FIRMS)
    return tmp_path


def _frame() -> pd.DataFrame:
    return pd.read_csv(pd.io.common.StringIO(CSV), dtype=str, keep_default_na=False)


def _rows(table) -> list:
    df = table.to_pandas() if hasattr(table, "to_pandas") else table
    return [tuple(r) for r in df[["source", "target", "layer", "weight", "count"]].itertuples(index=False)]


def _counts(report) -> dict:
    return {p.code: p.count for p in report.problems if p.code in ("outside_period", "undated_records")}


def _links(net) -> pd.DataFrame:
    cols = [c for c in ("source", "target", "layer", "period", "weight", "count") if c in net.links]
    return net.links[cols].sort_values(cols[:4 if "period" in cols else 3]).reset_index(drop=True)


def test_hand_worked_window_on_every_engine_and_file_format(tmp_path):
    _data(tmp_path)
    typed = _frame().assign(weight=lambda d: d["weight"].astype(float),
                            date=lambda d: pd.to_datetime(d["date"].replace("", None)))
    pq.write_table(pa.Table.from_pandas(typed, preserve_index=False), tmp_path / "typed.parquet")
    results = [aggregate_records(_frame(), period="2024"),
               aggregate_records(tmp_path / "links.csv", period="2024"),
               aggregate_records(tmp_path / "typed.parquet", period="2024")]
    for res in results:
        assert _rows(res.links) == EXPECTED_2024
        assert _counts(res.report) == {"outside_period": 2, "undated_records": 2}
        assert res.records == 10 and res.report.ok and res.period == "2024"
        assert res.links.equals(results[0].links) and res.left_out.equals(results[0].left_out)
    left = results[0].left_out.to_pandas()  # one row per key and reason
    assert sorted(zip(left["source"], left["target"], left["weight"])) == [
        ("A", "B", 9.0), ("B", "D", 512.0), ("C", "D", 32.0)]


@pytest.mark.parametrize("period", ["2024", "2024Q1", "2024-03", "2023-07..2024-06", "2024-01-01",
                                    "2030"])
@pytest.mark.parametrize("by_period", [None, "quarter"])
def test_engine_window_equals_filter_then_aggregate(period, by_period):
    """The window equals an independent computation: filter the records first, then aggregate."""
    from netclust.periods import parse_period

    df = _records(1500, seed=4)
    ref = aggregate_records(df, period=period, by_period=by_period)
    start, end = parse_period(period)
    dates = pd.to_datetime(df["date"].replace("", None))
    inside = df[(dates >= start) & (dates < end)]
    want = aggregate_records(inside, by_period=by_period).links if len(inside) else None
    if want is None:
        assert ref.links.num_rows == 0
    else:
        assert ref.links.equals(want)
    undated = int((df["date"] == "").sum())
    assert _counts(ref.report).get("undated_records", 0) == undated
    assert _counts(ref.report).get("outside_period", 0) == len(df) - len(inside) - undated


def _records(n=2000, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    firms = np.array([f"F{i:02d}" for i in range(25)], dtype=object)
    src, dst = rng.integers(0, 25, n), rng.integers(0, 25, n)
    dst = np.where(dst == src, (dst + 1) % 25, dst)
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 800, n), unit="D")
    date = np.where(rng.random(n) < 0.1, "", days.strftime("%Y-%m-%d"))
    return pd.DataFrame({"source": firms[src], "target": firms[dst],
                         "layer": rng.choice(["procurement", "logistics"], n),
                         "weight": rng.integers(1, 10**4, n).astype(str), "date": date})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from("ABC"), st.integers(0, 5),
                          st.one_of(st.just(""), st.dates(pd.Timestamp("2023-11-01").date(),
                                                          pd.Timestamp("2025-02-01").date()).map(str))),
                min_size=1, max_size=30),
       st.sampled_from(["2024", "2024Q4", "2023-12..2024-01"]))
def test_property_duckdb_equals_pandas_engine_under_a_window(tmp_path_factory, rows, period):
    df = pd.DataFrame(rows, columns=["source", "target", "weight", "date"]).assign(layer="logistics")
    df["weight"] = df["weight"].astype(str)
    path = tmp_path_factory.mktemp("w") / "r.csv"
    df.to_csv(path, index=False)
    ref = aggregate_records(df, period=period, drop_invalid=True)
    got = aggregate_records(path, period=period, drop_invalid=True)
    assert got.links.equals(ref.links) and got.left_out.equals(ref.left_out)
    assert _counts(got.report) == _counts(ref.report)
    assert sorted((p.code, p.count) for p in got.report.problems if p.severity != "info") == sorted(
        (p.code, p.count) for p in ref.report.problems if p.severity != "info")


@pytest.mark.parametrize("period", ["2024", "2023-07..2024-06", "2030"])
@pytest.mark.parametrize("by_period", [None, "year", "quarter"])
def test_read_with_engine_equals_the_pandas_reader(tmp_path, period, by_period):
    """nc.read: the pandas reader (engine=None, under the threshold) and DuckDB, same network."""
    df = _records(3000, seed=5)
    df.to_csv(tmp_path / "r.csv", index=False)
    firms = pd.DataFrame({"firm_id": [f"F{i:02d}" for i in range(25)]})
    ref = nc.read(links=tmp_path / "r.csv", firms=firms, period=period, by_period=by_period)
    net = nc.read(links=tmp_path / "r.csv", firms=firms, period=period, by_period=by_period,
                  engine="duckdb")
    assert "records_engine" not in ref.validation.codes()
    assert "records_engine" in net.validation.codes()
    pd.testing.assert_frame_equal(_links(net), _links(ref))
    assert net.n_firms == ref.n_firms
    assert [(p.code, p.count) for p in net.validation.warnings] == [
        (p.code, p.count) for p in ref.validation.warnings]
    if period == "2030":
        assert net.validation.warnings[0].code == "empty_period" and len(net.links) == 0


def test_hand_worked_read_and_validation_outside_the_window(tmp_path):
    _data(tmp_path)
    for engine in (None, "duckdb"):
        net = nc.read(tmp_path, period="2024", engine=engine)
        assert sorted(_rows(net.links)) == EXPECTED_2024
        # both readers say what the window left out (undated rows are never dropped silently)
        assert _counts(net.validation) == {"outside_period": 2, "undated_records": 2}
    # records outside the window are validated too (as the pandas reader does): an unknown firm
    # in 2023 is an error; a zero weight in 2022 a warning; a self-loop only inside the window
    (tmp_path / "links.csv").write_text(CSV + "B,Z,procurement,2,2023-01-01\n"
                                        "A,A,procurement,3,2023-01-01\nA,A,procurement,3,2024-05-01\n"
                                        "B,C,procurement,0,2022-01-01\n")
    reports = []
    for engine in (None, "duckdb"):
        with pytest.raises(ValidationError) as info:
            nc.read(tmp_path, period="2024", engine=engine)
        reports.append(info.value.report)
    for report in reports:
        assert [(p.code, p.count) for p in report.errors] == [("unknown_firm", 1)]
        assert sorted((p.code, p.count, p.rows) for p in report.warnings) == [
            ("self_loop", 1, (14,)), ("zero_weight", 1, (15,))]


def test_window_needs_a_date_column(tmp_path):
    (tmp_path / "r.csv").write_text("source,target,layer,weight\nA,B,logistics,1\n")
    with pytest.raises(InputError, match="no date column"):
        aggregate_records(tmp_path / "r.csv", period="2024")
    with pytest.raises(InputError, match="no date column"):
        nc.read(tmp_path / "r.csv", period="2024", engine="duckdb")
    with pytest.raises(ValidationError, match="no date or period column"):  # the pandas reader
        nc.read(tmp_path / "r.csv", period="2024")
    with pytest.raises(InputError, match="cannot read period"):
        aggregate_records(tmp_path / "r.csv", period="now")


def test_cli_info_period_engine_prints_the_same_summary(tmp_path):
    _data(tmp_path)
    ref = CliRunner().invoke(cli, ["info", str(tmp_path), "--period", "2024"])
    res = CliRunner().invoke(cli, ["info", str(tmp_path), "--period", "2024", "--engine", "duckdb"])
    assert ref.exit_code == 0 and res.exit_code == 0, res.output
    # the CLI's --period keeps the 2 undated links (undated rule "always", warned): 5 + B->D
    assert "4 firms, 6 links" in res.output and res.output == ref.output
    assert "2 undated links" in res.output
    empty = CliRunner().invoke(cli, ["info", str(tmp_path), "--period", "2030", "--engine", "duckdb"])
    assert empty.exit_code == 0 and "no dated link falls in period '2030'" in empty.output


def test_cli_aggregate_period(tmp_path):
    _data(tmp_path)
    out = tmp_path / "links.parquet"
    res = CliRunner().invoke(cli, ["aggregate", str(tmp_path / "links.csv"), "--out", str(out),
                                   "--period", "2024"])
    assert res.exit_code == 0, res.output
    assert _rows(pd.read_parquet(out)) == EXPECTED_2024
    assert "2 undated records (blank date) left out of period '2024'" in res.output
    bad = CliRunner().invoke(cli, ["aggregate", str(tmp_path / "links.csv"), "--out", str(out),
                                   "--period", "2024..2023"])
    assert bad.exit_code == 1 and "Error:" in bad.output and "Traceback" not in bad.output


@pytest.mark.parametrize("by_period", [None, "quarter"])
def test_spark_window_links_identical(tmp_path, spark, by_period):
    _data(tmp_path)
    df = pd.concat([_frame(), _records(800, seed=6).replace({"F00": "A"})], ignore_index=True)
    df.to_csv(tmp_path / "r.csv", index=False)
    typed = df.assign(weight=df["weight"].astype(float), date=pd.to_datetime(df["date"].replace("", None)))
    pq.write_table(pa.Table.from_pandas(typed, preserve_index=False), tmp_path / "r.parquet")
    for period in ("2024", "2023-07..2024-06"):
        ref = aggregate_records(df, period=period, by_period=by_period)
        duck = aggregate_records(tmp_path / "r.csv", period=period, by_period=by_period)
        assert duck.links.equals(ref.links) and duck.left_out.equals(ref.left_out)
        for path in ("r.csv", "r.parquet"):
            got = aggregate_records(tmp_path / path, engine="spark", spark=spark, period=period,
                                    by_period=by_period)
            assert got.links.equals(ref.links) and got.left_out.equals(ref.left_out)
            assert _counts(got.report) == _counts(ref.report)


@pytest.mark.parametrize("by_period", ["year", "quarter", "month"])
def test_undated_records_get_the_empty_period_on_every_engine(tmp_path, spark, by_period):
    """by_period without a window: blank dates are undated (period ''), never an error, on pandas,
    DuckDB (CSV, Parquet) and Spark, and the same links as netclust.read's own reader (the
    undated rule is applied later by split_periods; before, the engines refused such records)."""
    _data(tmp_path)
    df = _frame()
    typed = df.assign(weight=df["weight"].astype(float), date=pd.to_datetime(df["date"].replace("", None)))
    pq.write_table(pa.Table.from_pandas(typed, preserve_index=False), tmp_path / "r.parquet")
    ref = aggregate_records(df, by_period=by_period)
    assert ref.report.ok
    undated = ref.links.filter(pa.compute.equal(ref.links["period"], "")).to_pandas()
    assert sorted(zip(undated["source"], undated["target"], undated["weight"])) == [
        ("B", "D", 512.0), ("C", "D", 32.0)]
    for path, engine in (("links.csv", "duckdb"), ("r.parquet", "duckdb"), ("links.csv", "spark")):
        got = aggregate_records(tmp_path / path, engine=engine, by_period=by_period,
                                **({"spark": spark} if engine == "spark" else {}))
        assert got.report.ok and got.links.equals(ref.links), (path, engine)
    net = nc.read(tmp_path, by_period=by_period, engine="duckdb")
    own = nc.read(links=df, firms=tmp_path / "firms.csv", by_period=by_period)
    pd.testing.assert_frame_equal(_links(net), _links(own))
