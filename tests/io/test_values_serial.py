"""An Excel serial day number among written dates (issue 11, round 2).

The cell stays an error (a lone number is not read as a date), and the message says
what it looks like: the date it would be and to format the column as dates.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

import netclust as nc
from netclust.cli import cli
from netclust.io.values import SERIAL_RANGE, normalise_dates, serial_hint

#: Excel's 1900 date system as Excel counts it after 1900-03-01 (day 0 = 1899-12-30).
EPOCH = dt.date(1899, 12, 30)


def test_hint_names_the_date_excel_shows():
    # Excel shows serial 45234 as 2023-11-04 (and 44927 as 2023-01-01)
    text = pd.Series(["2022/1/3", "45234", "44927.0", "later"])
    hint = serial_hint(text, [False, True, True, True])
    assert "'45234' looks like an Excel serial day number (= 2023-11-04)" in hint
    assert "format the whole column as dates" in hint
    assert "44927.0" not in hint   # the first such cell only
    assert serial_hint(text, [False, False, True, False]).startswith("; '44927.0' looks like") \
        and "(= 2023-01-01)" in serial_hint(text, [False, False, True, False])


@pytest.mark.parametrize("value", ["123", "19999", "80001", "4523.4", "45234.5", "2022", "abc"])
def test_no_hint_for_numbers_that_are_not_serials(value):
    assert serial_hint(pd.Series([value]), [True]) == ""


@given(st.integers(SERIAL_RANGE[0], SERIAL_RANGE[1]))
def test_hint_date_is_the_serial_counted_from_1899_12_30(days):
    hint = serial_hint(pd.Series(["2022/1/3", str(days)]), [False, True])
    assert f"(= {(EPOCH + dt.timedelta(days=days)).isoformat()})" in hint


def test_a_lone_serial_is_still_not_read():
    iso, _conv, _amb, serial = normalise_dates(pd.Series(["2022/1/3", "45234"]))
    assert not serial and iso.tolist() == ["2022-01-03", "45234"]


def test_validate_says_a_number_among_dates_looks_like_a_serial(tmp_path):
    firms, links = nc.datasets.toy_tables()
    links["date"] = pd.Series(["2022/1/3"] * len(links), dtype=object)
    links.loc[2, "date"] = 45234          # a numeric cell among text cells, as Excel stores it
    path = tmp_path / "data.xlsx"
    with pd.ExcelWriter(path) as w:
        firms.to_excel(w, sheet_name="firms", index=False)
        links.to_excel(w, sheet_name="links", index=False)
    r = CliRunner().invoke(cli, ["validate", str(path)])
    assert r.exit_code == 1
    line = next(x for x in r.output.splitlines() if "unreadable date" in x)
    assert "'45234'" in line and "Excel serial day number (= 2023-11-04)" in line
