"""DuckDB's typed CSV read (the fast path) against the all-text read (the fallback): same links, same report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netclust.errors import ValidationError
from netclust.records import aggregate_records
from netclust.records import duckdb_engine

HEADER = "source,target,layer,weight,date,qty\n"
GOOD = "A,B,procurement,{w},{d},3\n"

# weights and dates where the typed read and TRY_CAST could disagree (sniffed formats,
# years beyond four digits, exponents, more than six decimals, blanks, spaces)
WEIGHTS = ["1e3", " 5 ", "+5", ".5", "1_000", "0.0000005", "-0.0000005", "0.00000049", "", "1000000000000",
           "12.5abc", "NaN", "-2", "0"]
DATES = ["2024-1-2", " 2024-01-02 ", "2024-01-02 10:00:00", "2024-01-02T10:00:00+05:00", "02/01/2024",
         "24-01-02", "12345-01-01", "-2024-01-02", "2024.01.02", "2024/01/02", "20240102", "2024-02-30", ""]


def _text_only(monkeypatch):
    """Force the all-text read (the fallback) by declaring no typed columns."""
    monkeypatch.setattr(duckdb_engine, "csv_types", lambda *a, **k: {})


def _both(path, monkeypatch, **kw):
    """(typed-first result, text-only result); each a RecordsResult or the ValidationError's report."""
    def run():
        try:
            return aggregate_records(path, **kw)
        except ValidationError as exc:
            return exc.report
    first = run()
    with monkeypatch.context() as m:
        _text_only(m)
        text = run()
    return first, text


def _problems(report):
    return sorted((p.code, p.column, p.rows, p.count, p.file) for p in report.problems if p.severity != "info")


def test_clean_csv_takes_the_typed_path_and_equals_the_text_path(tmp_path, monkeypatch):
    rng = np.random.default_rng(5)
    n = 5000
    df = pd.DataFrame({"source": rng.choice(list("ABCDEFG"), n), "target": rng.choice(list("HIJK"), n),
                       "layer": rng.choice(["procurement", "logistics"], n),
                       "weight": rng.integers(1, 10**7, n) / 1000,
                       "date": (pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D"))
                       .strftime("%Y-%m-%d"), "qty": rng.integers(0, 50, n)})
    df.to_csv(tmp_path / "r.csv", index=False)
    typed, text = _both(tmp_path / "r.csv", monkeypatch, by_period="month", measures={"qty": "max"})
    assert "CAST(r.\"date\" AS DATE)" in typed.sql and "regexp_extract(TRIM(CAST(r.\"date\"" in text.sql
    assert "regexp_extract(TRIM(CAST(r.\"weight\"" in typed.sql  # amounts are never read typed
    assert "TRIM(CAST(r.\"weight\"" in text.sql  # the text path really ran
    assert typed.links.equals(text.links)
    assert typed.links.equals(aggregate_records(df, by_period="month", measures={"qty": "max"}).links)


@pytest.mark.parametrize("weight", WEIGHTS)
def test_edge_weights_same_links_and_report_as_text_path(tmp_path, monkeypatch, weight):
    rows = [GOOD.format(w=1.5, d="2024-03-01")] * 40 + [GOOD.format(w=f'"{weight}"', d="2024-03-02")]
    (tmp_path / "r.csv").write_text(HEADER + "".join(rows) + GOOD.format(w=2, d="2024-03-03"))
    typed, text = _both(tmp_path / "r.csv", monkeypatch, drop_invalid=True)
    assert typed.links.equals(text.links)
    assert _problems(typed.report) == _problems(text.report)


@pytest.mark.parametrize("date", DATES)
def test_edge_dates_same_links_and_report_as_text_path(tmp_path, monkeypatch, date):
    rows = [GOOD.format(w=1.5, d="2024-03-01")] * 40 + [GOOD.format(w=2, d=f'"{date}"')]
    (tmp_path / "r.csv").write_text(HEADER + "".join(rows))
    typed, text = _both(tmp_path / "r.csv", monkeypatch, drop_invalid=True, by_period="month")
    assert typed.links.equals(text.links)
    assert _problems(typed.report) == _problems(text.report)


def test_one_bad_weight_among_many_good_rows_names_file_line_and_count(tmp_path):
    """The typed read fails on the bad value; the text read reports it (file, physical line)."""
    good = [GOOD.format(w=i % 97 + 1, d="2024-05-06") for i in range(30000)]
    good[21000] = GOOD.format(w="12,5", d="2024-05-06").replace(",12,5,", ',"12,5",')  # line 21002
    (tmp_path / "big.csv").write_text(HEADER + "".join(good))
    with pytest.raises(ValidationError) as info:
        aggregate_records(tmp_path / "big.csv")
    [bad] = [p for p in info.value.report.problems if p.code == "invalid_weight"]
    assert bad.rows == (21002,) and bad.count == 1 and bad.file.endswith("big.csv") and bad.column == "weight"
    res = aggregate_records(tmp_path / "big.csv", drop_invalid=True)
    assert res.records == 30000 and res.links["count"].to_pylist() == [29999]


def test_blank_weight_found_by_typed_path_with_its_line(tmp_path):
    """A blank amount is NULL in the typed read (no fallback): still counted and located."""
    rows = [GOOD.format(w=1, d="2024-01-01")] * 10 + [GOOD.format(w="", d="2024-01-01")]
    (tmp_path / "r.csv").write_text(HEADER + "".join(rows))
    with pytest.raises(ValidationError) as info:
        aggregate_records(tmp_path / "r.csv")
    [bad] = [p for p in info.value.report.problems if p.code == "invalid_weight"]
    assert bad.rows == (12,) and bad.count == 1


def test_typed_parquet_date_blank_is_undated_never_unreadable(tmp_path):
    """Typed dates skip the unreadable-date check (it cannot fire); a blank one is undated."""
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    day = datetime.date(2024, 1, 2)
    pq.write_table(pa.table({"source": ["A", "A", "A"], "target": ["B", "B", "C"], "layer": ["procurement"] * 3,
                             "weight": [1.0, 2.0, 4.0], "date": pa.array([day, None, day], pa.date32())}),
                   tmp_path / "r.parquet")
    res = aggregate_records(tmp_path / "r.parquet", by_period="year")
    assert res.report.ok  # a blank date is undated (period ''), as in netclust.read
    assert res.links.select(["source", "target", "period", "count"]).to_pylist() == [
        {"source": "A", "target": "B", "period": "", "count": 1},
        {"source": "A", "target": "B", "period": "2024", "count": 1},
        {"source": "A", "target": "C", "period": "2024", "count": 1}]
    plain = aggregate_records(tmp_path / "r.parquet")
    assert plain.report.ok and plain.links["count"].to_pylist() == [2, 1]
    ref = pd.DataFrame({"source": ["A", "A", "A"], "target": ["B", "B", "C"], "layer": "procurement",
                        "weight": [1.0, 2.0, 4.0], "date": ["2024-01-02", None, "2024-01-02"]})
    assert plain.links.equals(aggregate_records(ref).links)


def test_hive_date_partitions_are_not_typed_as_csv_columns(tmp_path, monkeypatch):
    """A Hive key (``date=...`` folders) is not typed as a CSV column (DuckDB types it itself)."""
    for day, lines in {"2024-01-02": ["A,B,logistics,1.5"], "2024-02-03": ["A,B,logistics,2", "B,C,logistics,3"]}.items():
        (tmp_path / f"date={day}").mkdir()
        (tmp_path / f"date={day}" / "p.csv").write_text("source,target,layer,weight\n" + "\n".join(lines) + "\n")
    typed, text = _both(tmp_path, monkeypatch, by_period="month")
    assert typed.sql == text.sql and "CAST(r.\"date\" AS DATE)" in typed.sql
    assert typed.links.equals(text.links)
    assert typed.links["period"].to_pylist() == ["2024-01", "2024-02", "2024-02"]


@pytest.mark.parametrize("newline, final", [("\n", ""), ("\r\n", "\r\n"), ("\n", "\n\n")])
def test_lines_of_bad_rows_without_parsing_match_the_file(tmp_path, newline, final):
    """One record per line: lines come from counting line breaks; a blank line falls back to parsing."""
    rows = [GOOD.format(w=1, d="2024-01-01").rstrip("\n")] * 50
    rows[10] = rows[49] = GOOD.format(w="x", d="2024-01-01").rstrip("\n")
    blank = final == "\n\n"
    if blank:
        rows.insert(20, "")  # a blank line (skipped by DuckDB): record 50 is now on line 52
    (tmp_path / "r.csv").write_bytes((newline.join([HEADER.rstrip("\n")] + rows) + final).encode())
    with pytest.raises(ValidationError) as info:
        aggregate_records(tmp_path / "r.csv")
    [bad] = [p for p in info.value.report.problems if p.code == "invalid_weight"]
    assert bad.rows == ((12, 52) if blank else (12, 51)) and bad.count == 2


@pytest.mark.parametrize("qty", ["n/a", "", "2.5", "1e2"])
def test_unreadable_measure_is_skipped_as_in_the_text_path(tmp_path, monkeypatch, qty):
    """A measure value that is not a number is not an error (n0 counts readable values): same on both reads."""
    rows = [GOOD.format(w=1, d="2024-01-01")] * 5 + [f'A,B,procurement,2,2024-01-02,"{qty}"\n']
    (tmp_path / "r.csv").write_text(HEADER + "".join(rows))
    typed, text = _both(tmp_path / "r.csv", monkeypatch, measures={"qty": "mean"})
    assert typed.links.equals(text.links) and typed.report.ok
    expected = {"n/a": 3.0, "": 3.0, "2.5": 17.5 / 6, "1e2": 115 / 6}[qty]
    assert typed.links["qty_mean"].to_pylist() == [pytest.approx(expected)]
