"""Issue 14, re-audit round 3: the pandas reader and the period code.

"Never a traceback, never a silently accepted invalid value": each test is built
from the input the re-audit quotes (dates outside 1677-2262 moved to other years,
register years that pass ``validate`` and crash the period commands, complex
weights, misleading messages, files read by a raw ``pd.read_csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.errors import InputError, NetclustError, ValidationError

HEADER = "source,target,layer,weight,date\n"
BOUNDS = "1678-01-01 to 2261-12-31"


def _cli(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


def _errors(report, code):
    return [p for p in report.errors if p.code == code]


# --- 1. dates outside 1678-2261 are refused, never moved to another year -----------------

@pytest.mark.parametrize("date", ["1600-01-01", "2300-01-01", "9999-12-31", "0001-01-01",
                                  "1677-12-31", "2262-01-01"])
def test_csv_date_outside_the_range_is_a_located_error(tmp_path, date):
    links = tmp_path / "links.csv"
    links.write_text(HEADER + "F1,F2,procurement,1,2024-01-01\n"
                     f"F1,F3,procurement,1,{date}\n")
    report = nc.validate(links)
    (err,) = _errors(report, "date_out_of_range")
    assert (err.file, err.column, err.rows) == ("links.csv", "date", (3,))
    assert repr(date) in err.message and BOUNDS in err.message
    with pytest.raises(ValidationError):
        nc.read(links, by_period="year")
    res = _cli("validate", links)
    assert res.exit_code == 1 and "row 3" in res.output
    assert _cli("info", links, "--by-period", "year").exit_code == 1


def test_the_range_limits_themselves_are_read(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text(HEADER + "F1,F2,procurement,1,1678-01-01\nF1,F3,procurement,1,2261-12-31\n")
    net = nc.read(links, by_period="year")
    assert sorted(net.links["period"]) == ["1678", "2261"]


def test_all_four_quoted_dates_are_named(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text(HEADER + "".join(f"F1,F{i},procurement,1,{d}\n" for i, d in enumerate(
        ["1600-01-01", "2300-01-01", "9999-12-31", "0001-01-01"], start=2)))
    (err,) = _errors(nc.validate(links), "date_out_of_range")
    assert err.rows == (2, 3, 4, 5) and err.count == 4
    assert not _errors(nc.validate(links), "invalid_date")  # not called unreadable


def test_parquet_timestamp_of_year_one_is_refused(tmp_path):
    stamps = np.array(["0001-01-01", "2024-01-01"], dtype="datetime64[s]")
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "weight": [1.0, 2.0], "date": stamps})
    frame.to_parquet(tmp_path / "links.parquet")
    (err,) = _errors(nc.validate(tmp_path / "links.parquet"), "date_out_of_range")
    assert err.rows == (2,) and "0001-01-01" in err.message and BOUNDS in err.message


def test_xlsx_date_cell_of_year_9999_is_refused(tmp_path):
    stamps = np.array(["9999-12-31", "2024-01-01"], dtype="datetime64[s]")
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "weight": [1.0, 2.0], "date": stamps})
    frame.to_excel(tmp_path / "data.xlsx", sheet_name="links", index=False)
    (err,) = _errors(nc.validate(tmp_path / "data.xlsx"), "date_out_of_range")
    assert err.rows == (2,) and "9999-12-31" in err.message


def test_dataframe_dates_outside_the_range_are_refused():
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "date": np.array(["1600-01-01", "2024-01-01"], dtype="datetime64[s]")})
    with pytest.raises(ValidationError, match="1678-01-01 to 2261-12-31"):
        nc.read(links=frame, by_period="year")


# --- 2. register years (founded/closed) and employees ------------------------------------

def _dated_folder(tmp_path, firms: str):
    d = tmp_path / "fo"
    d.mkdir()
    (d / "firms.csv").write_text(firms)
    (d / "links.csv").write_text(HEADER + "F1,F2,procurement,1,2024-01-01\n"
                                 "F1,F3,procurement,1,2024-02-01\n")
    return d


@pytest.mark.parametrize("founded", ["1500", "1677", "200", "20066"])
def test_founded_outside_the_range_fails_validate_not_the_period_commands(tmp_path, founded):
    d = _dated_folder(tmp_path, f"firm_id,name,role,founded\nF1,a,sme,{founded}\nF2,b,sme,2001\n"
                                "F3,c,sme,2002\n")
    (err,) = _errors(nc.validate(d), "invalid_register_date")
    assert (err.file, err.column, err.rows) == ("firms.csv", "founded", (2,))
    assert repr(founded) in err.message and "1678-01-01" in err.message
    assert _cli("validate", d).exit_code == 1
    assert _cli("info", d, "--period", "2024").exit_code == 1
    assert _cli("evolve", d).exit_code == 1


def test_closed_outside_the_range_and_valid_register_dates(tmp_path):
    d = _dated_folder(tmp_path, "firm_id,name,role,founded,closed\nF1,a,sme,1678,9999-12-31\n"
                                "F2,b,sme,2001,2261\nF3,c,sme,2002-03-04,\n")
    report = nc.validate(d)
    (err,) = _errors(report, "invalid_register_date")
    assert (err.column, err.rows) == ("closed", (2,)) and "'9999-12-31'" in err.message


def test_register_bound_of_a_mapped_closed_column_is_a_clean_error(tmp_path):
    # --closed-col maps a column the firms checks do not know as a register column
    d = _dated_folder(tmp_path, "firm_id,name,role,founded,shut\nF1,a,sme,2000,1500\n"
                                "F2,b,sme,2001,\nF3,c,sme,2002,2030\n")
    with pytest.raises(InputError, match=r"'1500' \(firm 'F1'\)"):
        nc.temporal.read_periods(d, period="2024", columns={"closed": "shut"})
    res = _cli("info", d, "--period", "2024", "--closed-col", "shut")
    assert res.exit_code == 1 and "1678-01-01" in res.output


def test_register_years_still_bound_presence():
    from netclust.temporal import firm_presence

    firms = pd.DataFrame({"founded": [1678, 2021.0, None], "closed": ["", "2021-06-30", "2261"]},
                         index=pd.Index(["a", "b", "c"], name="firm_id"))
    w = pd.DataFrame({"period": ["1678", "2021", "2261"],
                      "start": pd.to_datetime(["1678-01-01", "2021-01-01", "2261-01-01"]),
                      "end": pd.to_datetime(["1679-01-01", "2022-01-01", "2262-01-01"])})
    assert firm_presence(firms, w).astype(int).to_numpy().tolist() == [[1, 1, 1], [0, 1, 0],
                                                                       [1, 1, 1]]


def test_negative_employees_is_an_error_naming_the_cell(tmp_path):
    d = _dated_folder(tmp_path, "firm_id,name,role,employees\nF1,a,sme,-3\nF2,b,sme,4\n"
                                "F3,c,sme,5\n")
    (err,) = _errors(nc.validate(d), "negative_employees")
    assert (err.file, err.column, err.rows) == ("firms.csv", "employees", (2,))
    assert "'-3'" in err.message


# --- 3. complex weights ------------------------------------------------------------------

def test_complex_weight_is_refused_not_read_as_its_real_part():
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "weight": [1 + 2j, 2]})
    report = nc.validate(links=frame)
    (err,) = _errors(report, "invalid_weight")
    assert "(1+2j)" in err.message
    with pytest.raises(ValidationError):
        nc.read(links=frame)


def test_complex_column_without_imaginary_parts_is_read():
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "weight": np.array([1 + 0j, 2 + 0j])})
    assert nc.read(links=frame).links["weight"].tolist() == [1.0, 2.0]


# --- 4. messages that say what the user asked ---------------------------------------------

def _undated(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("source,target,layer,weight\nF1,F2,procurement,1\nF1,F3,procurement,1\n")
    return links


def test_period_on_undated_data_says_the_period_not_a_monthly_read(tmp_path):
    links = _undated(tmp_path)
    res = _cli("info", links, "--period", "2024")
    assert res.exit_code == 1
    assert "period '2024' given but the links have no date or period column" in res.output
    assert "by_period='month'" not in res.output
    with pytest.raises(ValidationError, match="period '2024' given but the links have no date"):
        nc.temporal.read_periods(links, period="2024", by_period="month")
    with pytest.raises(ValidationError, match="by_period='year' needs a date column"):
        nc.temporal.split_periods(links, by="year")
    with pytest.raises(ValidationError, match="rolling windows need a date column"):
        nc.temporal.split_periods(links, by=None, rolling=(12, 12))


def test_undeclared_layer_names_the_real_options(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("source,target,layer\nF1,F2,procurement\nF1,F3,joint_rd\n")
    (err,) = _errors(nc.validate(links), "undeclared_layer")
    assert "--declare-layer NAME:directed" in err.message and "--layers" in err.message
    assert "or --layer NAME" not in err.message


# --- 5. side files (--new-links, --truth) read by the io reader, checked before writing -----

LATIN1 = "source,target,layer\nS1,M\u00fcller,logistics\n".encode("latin-1")


@pytest.mark.parametrize("content, says", [
    (b"", "the links table has no records"),
    (LATIN1, "latin-1"),
    (b"source,target,layer\nS1,A1,logistics\nS1,NOPE,logistics\n", "row 3"),
])
def test_new_links_file_errors_name_the_users_file(toy_dir, tmp_path, content, says):
    new = tmp_path / "new_links.csv"
    new.write_bytes(content)
    res = _cli("scenario", toy_dir, "add-platform", "--new-links", new)
    assert res.exit_code == 1 and "new_links.csv" in res.output and says in res.output
    assert "<links DataFrame>" not in res.output


def test_unknown_id_in_new_links_is_located_in_the_users_file(toy_dir, tmp_path):
    new = tmp_path / "new_links.csv"
    new.write_text("source,target,layer\nS1,NOPE,logistics\n")
    res = _cli("scenario", toy_dir, "add-platform", "--new-links", new)
    assert 'new_links.csv, row 2, column "target"' in res.output and "'NOPE'" in res.output


def test_new_links_file_and_frame_are_added(toy_dir, tmp_path):
    new = tmp_path / "new_links.csv"
    new.write_text("source,target,layer,weight\nS1,A2,logistics,2\n")
    res = _cli("scenario", toy_dir, "add-platform", "--new-links", new, "--out", tmp_path / "o")
    assert res.exit_code == 0, res.output
    net = nc.datasets.toy()
    frame = pd.DataFrame({"source": ["S1", "S1"], "target": ["A2", "ZZ"], "layer": "logistics"})
    with pytest.raises(ValidationError, match=r"<links DataFrame>, row 1, column \"target\""):
        nc.scenario.add_platform(net, links=frame)
    r = nc.scenario.add_platform(net, links=new, indicators=["largest_component"])
    assert r.description.startswith("1 link")


@pytest.mark.parametrize("content, says", [
    (b"", "needs columns firm_id and community"),
    ("firm_id,community\nA1,1\nS1,M\u00fcller\n".encode("latin-1"), "latin-1"),
    (b"firm_id,community\nA1,1\n", "fewer than two"),
    (b"firm,group\nA1,1\nS1,2\n", "needs columns firm_id and community"),
    (b"firm_id,community\nA1,1\nA1,2\n", "row 3"),
])
def test_truth_file_is_checked_before_any_output(toy_dir, tmp_path, content, says):
    truth = tmp_path / "truth.csv"
    truth.write_bytes(content)
    out = tmp_path / "out"
    res = _cli("communities", toy_dir, "--truth", truth, "--out", out)
    assert res.exit_code == 1 and "truth.csv" in res.output and says in res.output
    assert not out.exists() or not any(out.iterdir())


def test_truth_file_agreement_is_printed(toy_dir, tmp_path):
    truth = tmp_path / "truth.csv"
    truth.write_text("firm_id,community\nA1,0\nA2,0\nS1,1\nS2,1\n")
    res = _cli("communities", toy_dir, "--truth", truth, "--out", tmp_path / "out")
    assert res.exit_code == 0 and "agreement with truth.csv" in res.output and "over 4 firms" in res.output
