"""Strict amounts and dates in the records engines (issue 14 re-audit): every value the pandas
reader would not read the same way is a located error on DuckDB, the pandas engine and Spark,
never a silently accepted or silently changed value."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from netclust.errors import ValidationError
from netclust.records import aggregate_records
from netclust.records.sql import AMOUNT_PATTERN, DATE_PATTERN, DATE_RANGE, PROBLEMS

HEAD = "source,target,layer,weight,date\nA,B,procurement,2,2024-05-05\n"

UNREADABLE_WEIGHT = "weight must be a number (blank, text or out of range found)"
TINY_WEIGHT = "weight below the engine's precision (0.000001): not zero, but would be read as zero"
UNREADABLE_DATE = "unreadable date (use YYYY-MM-DD)"
OUT_OF_RANGE = "date outside the supported range 1678-01-01 to 2261-12-31"

# value -> message on row 3 (the second record); accepted before by DuckDB only, or by pandas only
BAD_WEIGHTS = {"1_000": UNREADABLE_WEIGHT, "1,000": UNREADABLE_WEIGHT, "１２": UNREADABLE_WEIGHT,
               "1 000": UNREADABLE_WEIGHT, "1e300": UNREADABLE_WEIGHT, "3E2.": UNREADABLE_WEIGHT,
               "1e-320": TINY_WEIGHT, "4.9e-324": TINY_WEIGHT, "0.0000004": TINY_WEIGHT,
               "-1e-320": "negative weight"}
BAD_DATES = {"24-01-03": None, "2024-01-01T25:00": UNREADABLE_DATE, "2024-01-01T10:60": UNREADABLE_DATE,
             "9999-12-31T23:59:59.999999999": OUT_OF_RANGE, "20240101": UNREADABLE_DATE,
             "2024年1月3日": UNREADABLE_DATE, "2024-01": UNREADABLE_DATE, "2024": UNREADABLE_DATE,
             "2024.01.03": UNREADABLE_DATE, "Jan 3 2024": UNREADABLE_DATE, "1600-01-01": OUT_OF_RANGE,
             "1677-12-31": OUT_OF_RANGE, "2262-01-01": OUT_OF_RANGE, "9999-12-31": OUT_OF_RANGE,
             "0001-01-01": OUT_OF_RANGE, "1600-02-29": OUT_OF_RANGE, "1700-02-29": UNREADABLE_DATE}
# value -> the weight of the second link (same as the pandas reader)
GOOD_WEIGHTS = {" 3 ": 3.0, "+3": 3.0, "3.": 3.0, ".5": 0.5, "3e5": 3e5, "1.0000004": 1.0, "0.0000005": 1e-6}
GOOD_DATES = {"2024-01-03": "2024-01", "2024-1-3": "2024-01", "2024/01/03": "2024-01", " 2024-01-03 ": "2024-01",
              "2024-01-03 10:00": "2024-01", "2024-01-03T23:59:59.5": "2024-01", "2024-01-03T10:00:00Z": "2024-01",
              "2024-12-31T23:30:00-05:00": "2024-12", "1678-01-01": "1678-01", "2261-12-31": "2261-12"}


def _csv(tmp_path, col: str, value: str):
    weight, date = (value, "2024-01-03") if col == "weight" else ("1", value)
    path = tmp_path / "r.csv"
    path.write_text(HEAD + f'B,C,procurement,"{weight}","{date}"\n', encoding="utf-8")
    return path


def _run(src, engine, **kw):
    if engine == "pandas":
        src = pd.read_csv(src, dtype=str, keep_default_na=False)
    return aggregate_records(src, engine=engine, **kw)


def _error(src, engine, **kw):
    with pytest.raises(ValidationError) as info:
        _run(src, engine, **kw)
    (problem,) = [p for p in info.value.report.problems if p.severity == "error"]
    return problem


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
@pytest.mark.parametrize("value", sorted(BAD_WEIGHTS))
def test_bad_weight_is_a_located_error(tmp_path, engine, value):
    p = _error(_csv(tmp_path, "weight", value), engine)
    assert (p.column, p.message, p.count) == ("weight", BAD_WEIGHTS[value], 1)
    assert p.rows == ((3,) if engine == "duckdb" else (1,))  # CSV line / DataFrame position
    if engine == "duckdb":
        assert p.file.endswith("r.csv")


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
@pytest.mark.parametrize("value", sorted(BAD_DATES))
def test_bad_date_is_a_located_error(tmp_path, engine, value):
    p = _error(_csv(tmp_path, "date", value), engine)
    want = BAD_DATES[value]
    # '24-01-03': DuckDB's typed read takes it as year 24 (out of range), the text check as unreadable
    assert p.message == want if want else p.message in (UNREADABLE_DATE, OUT_OF_RANGE)
    assert (p.column, p.count, p.code) == ("date", 1, "invalid_date")
    assert p.rows == ((3,) if engine == "duckdb" else (1,))


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
@pytest.mark.parametrize("value", sorted(GOOD_WEIGHTS))
def test_plain_weights_are_read_as_the_pandas_reader_reads_them(tmp_path, engine, value):
    res = _run(_csv(tmp_path, "weight", value), engine)
    assert res.links.column("weight").to_pylist() == [2.0, GOOD_WEIGHTS[value]]


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
@pytest.mark.parametrize("value", sorted(GOOD_DATES))
def test_iso_dates_keep_the_written_day(tmp_path, engine, value):
    res = _run(_csv(tmp_path, "date", value), engine, by_period="month")
    assert res.report.ok
    assert res.links.column("period").to_pylist()[1] == GOOD_DATES[value]


def test_zero_weight_is_still_a_warning_not_an_error(tmp_path):
    for engine in ("duckdb", "pandas"):
        res = _run(_csv(tmp_path, "weight", "0"), engine)
        assert [p.code for p in res.report.problems if p.severity == "warning"] == ["zero_weight"]


def test_typed_parquet_dates_out_of_range_are_located(tmp_path):
    df = pd.DataFrame({"source": ["A", "B"], "target": ["B", "C"], "layer": "procurement", "weight": [1.0, 1e-320],
                       "date": pd.to_datetime(["2024-01-01", "2024-01-01"]).date})
    df.loc[1, "date"] = pd.Timestamp("2024-01-01").date().replace(year=1600)
    df.to_parquet(tmp_path / "r.parquet")
    with pytest.raises(ValidationError) as info:
        aggregate_records(tmp_path / "r.parquet")
    got = sorted((p.message, p.rows) for p in info.value.report.problems if p.severity == "error")
    assert got == [(OUT_OF_RANGE, (3,)), (TINY_WEIGHT, (3,))]


def test_patterns_and_range_are_the_documented_ones():
    assert DATE_RANGE == ("1678-01-01", "2261-12-31")
    assert {p.message for p in PROBLEMS if p.bit == 512} == {OUT_OF_RANGE}
    assert re.fullmatch(DATE_PATTERN, "2024-01-03T23:59:59.5+08:00").group(1) == "2024-01-03"
    assert not re.fullmatch(DATE_PATTERN, "2024-01-03T24:00")
    assert not re.fullmatch(AMOUNT_PATTERN, "1_000") and re.fullmatch(AMOUNT_PATTERN, "-.5e-3")


def test_spark_refuses_the_same_values(tmp_path, spark):
    path = tmp_path / "r.csv"
    path.write_text(HEAD + 'B,C,procurement,1_000,2024-01-03\nC,D,procurement,1e-320,2024-01-03\n'
                    'D,E,procurement,1,24-01-03\nE,F,procurement,1,1600-01-01\nF,G,procurement,1,2024-01-01T25:00\n'
                    'G,H,procurement,"1",2024-01-03T10:00:00+08:00\n', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        aggregate_records(path, engine="spark", spark=spark)
    got = sorted((p.message, p.count) for p in info.value.report.problems if p.severity == "error")
    assert got == sorted([(UNREADABLE_WEIGHT, 1), (TINY_WEIGHT, 1), (UNREADABLE_DATE, 2), (OUT_OF_RANGE, 1)])
    with pytest.raises(ValidationError) as duck:
        aggregate_records(path, engine="duckdb")
    assert sorted((p.message, p.count) for p in duck.value.report.problems if p.severity == "error") == got
