"""Values as people type them (issue 11): headers, booleans, dates, amounts; every
conversion reported; the bad value named in every message; did-you-mean; lock files;
the consequences validate lists up front."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

import netclust as nc
from netclust.cli import cli
from netclust.errors import SchemaError
from netclust.io.values import normalise_dates, parse_amounts

FIRMS = pd.DataFrame({"firm_id": ["F001", "F002", "F003"], "role": ["anchor", "sme", "sme"]})


def _links(**cols):
    n = len(next(iter(cols.values())))
    base = {"source": ["F002"] * n, "target": ["F001"] * n, "layer": ["procurement"] * n}
    return pd.DataFrame({**base, **cols})


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize("header, canon", [
    ("企业编号", "firm_id"), ("企业名称", "name"), ("名称", "name"), ("角色", "role"),
    ("类型", "role"), ("行业", "sector"), ("员工人数", "employees"), ("是否出口", "exporter"),
    ("经度", "lon"), ("纬度", "lat"), ("成立年份", "founded"), ("区域", "area")])
def test_chinese_firm_headers_are_aliases_reported_as_infos(header, canon):
    firms = pd.DataFrame({"firm_id": ["F001", "F002"], header: ["1", "1"]})
    if canon == "firm_id":
        firms = firms.drop(columns="firm_id").rename(columns={header: header}).assign(
            **{header: ["F001", "F002"]})
    report = nc.validate(firms, pd.DataFrame({"source": ["F001"], "target": ["F002"],
                                              "layer": "procurement"}))
    info = [p for p in report.problems if p.code == "column_alias" and p.column == header]
    assert info and info[0].message == f'column "{header}" read as {canon}'


@pytest.mark.parametrize("header, canon", [("来源", "source"), ("目标", "target"),
                                           ("层", "layer"), ("金额", "weight"), ("日期", "date")])
def test_chinese_link_headers_are_aliases(header, canon):
    links = _links(weight=["1"], date=["2022-01-03"]).rename(columns={canon: header})
    report = nc.validate(FIRMS, links)
    assert report.ok, report.format()
    assert any(p.code == "column_alias" and p.column == header for p in report.problems)


@pytest.mark.parametrize("option, header, canon", [
    ("--exporter-col", "出口企业", "exporter"), ("--lon-col", "东经", "lon"),
    ("--lat-col", "北纬", "lat"), ("--sector-col", "门类", "sector"),
    ("--employees-col", "人员", "employees"), ("--founded-col", "注册年", "founded"),
    ("--area-col", "镇街", "area")])
def test_every_optional_firm_column_is_mappable_from_the_cli(tmp_path, option, header, canon):
    value = {"exporter": "是", "lon": "113.2", "lat": "23.4", "sector": "箱包",
             "employees": "12", "founded": "2008", "area": "狮岭"}[canon]
    pd.DataFrame({"firm_id": ["A", "B"], header: [value, value]}).to_csv(
        tmp_path / "firms.csv", index=False)
    pd.DataFrame({"source": ["A"], "target": ["B"], "layer": ["procurement"]}).to_csv(
        tmp_path / "links.csv", index=False)
    net = nc.read(tmp_path, columns={canon: header})
    assert canon in net.firms.columns and header not in net.firms.columns
    res = CliRunner().invoke(cli, ["validate", str(tmp_path), option, header])
    assert res.exit_code == 0, res.output


# ---------------------------------------------------------------- booleans


@pytest.mark.parametrize("yes, no", [("是", "否"), ("Y", "N"), ("y", "n"), ("1", "0"),
                                     ("true", "false"), ("TRUE", "FALSE"), ("yes", "no")])
def test_boolean_spellings(yes, no):
    firms = FIRMS.assign(是否出口=[yes, no, no])
    net = nc.read(firms=firms, links=_links(weight=["1"]))
    assert net.firms["exporter"].tolist() == [True, False, False]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("text, expected, kind", [
    ("2022年1月3日", "2022-01-03", "Chinese dates"),
    ("2022 年 1 月 3 日", "2022-01-03", "Chinese dates"),
    ("2022年1月", "2022-01-01", "Chinese dates"),
    ("2022/1/3", "2022-01-03", "year/month/day"),
    ("2022.1.3", "2022-01-03", "year/month/day"),
    ("2022-01", "2022-01-01", "months"),
    ("13/04/2022", "2022-04-13", "day/month/year"),
    ("04/13/2022", "2022-04-13", "month/day/year"),
    ("２０２２年１月３日", "2022-01-03", "full-width digits"),
])
def test_date_forms_read_and_reported(text, expected, kind):
    net = nc.read(firms=FIRMS, links=_links(date=[text, "2022-06-01"]), by_period="month")
    assert expected[:7] in set(net.links["period"])
    infos = [p for p in net.validation.problems if p.code == "converted_date"]
    assert any(kind in p.message and repr(text) in p.message and p.count == 1 for p in infos)


def test_ambiguous_day_month_is_an_error_naming_the_cell():
    report = nc.validate(FIRMS, _links(date=["2022-01-01", "03/04/2022"]))
    err = next(p for p in report.errors if p.code == "ambiguous_date")
    assert err.rows == (1,) and err.column == "date" and "'03/04/2022'" in err.message


def test_excel_serials_in_csv_only_when_the_whole_column_is_serial(tmp_path):
    iso, conv, amb, serial = normalise_dates(pd.Series(["44564", "44565.0", ""]))
    assert serial and iso.tolist()[:2] == ["2022-01-03", "2022-01-04"]
    assert conv[0].what == "Excel serial day numbers" and conv[0].count == 2
    report = nc.validate(FIRMS, _links(date=["44564", "2022-01-03"]))
    err = next(p for p in report.errors if p.code == "invalid_date")
    assert "'44564'" in err.message


def test_xlsx_date_cells_are_dates_already(tmp_path):
    path = tmp_path / "d.xlsx"
    links = _links(date=[pd.Timestamp("2022-01-03")])
    with pd.ExcelWriter(path) as w:
        FIRMS.to_excel(w, sheet_name="firms", index=False)
        links.to_excel(w, sheet_name="links", index=False)
    net = nc.read(path, by_period="month")
    assert net.links["period"].tolist() == ["2022-01"]


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize("text, value, kind", [
    ("1,234.50", 1234.5, "thousands separators"), ("1 234", 1234.0, "thousands separators"),
    ("¥80", 80.0, "currency"), ("￥80", 80.0, "currency"), ("RMB 80", 80.0, "currency"),
    ("80元", 80.0, "currency"), ("1.5万", 15000.0, "万"), ("１２", 12.0, "full-width"),
    ("¥1,234.50元", 1234.5, "currency")])
def test_amount_forms_read_and_reported(text, value, kind):
    net = nc.read(firms=FIRMS, links=_links(weight=[text]))
    assert net.links["weight"].iloc[0] == pytest.approx(value)
    infos = [p for p in net.validation.problems if p.code == "converted_number"]
    assert any(kind in p.message and repr(text) in p.message for p in infos)


def test_plain_numbers_need_no_conversion_and_commas_not_in_groups_are_errors():
    vals, conv = parse_amounts(pd.Series(["1234.5", "7"]))
    assert vals.tolist() == [1234.5, 7.0] and conv == []
    report = nc.validate(FIRMS, _links(weight=["1,5"]))
    assert "'1,5'" in next(p.message for p in report.errors if p.code == "invalid_weight")


# ---------------------------------------------------------------- values in messages


@pytest.mark.parametrize("col, value, code", [
    ("weight", "-2", "negative_weight"), ("weight", "abc", "invalid_weight"),
    ("weight", "0", "zero_weight"), ("count", "1.5", "invalid_count"),
    ("date", "去年", "invalid_date"), ("date", "03/04/2022", "ambiguous_date")])
def test_link_messages_name_the_bad_value(col, value, code):
    report = nc.validate(FIRMS, _links(**{col: [value]}))
    prob = next(p for p in report.problems if p.code == code)
    assert repr(value) in prob.message


def test_negative_weight_message_shows_the_value():
    report = nc.validate(FIRMS, _links(weight=["1", "-2"]))
    assert report.errors[0].format().endswith("negative weight '-2'")


@pytest.mark.parametrize("col, value, code", [("exporter", "可能", "invalid_exporter"),
                                              ("lon", "500", "invalid_lon"),
                                              ("employees", "许多", "invalid_employees")])
def test_firm_messages_name_the_bad_value(col, value, code):
    report = nc.validate(FIRMS.assign(**{col: [value, "1", "1"]}), _links(weight=["1"]))
    prob = next(p for p in report.problems if p.code == code)
    assert repr(value) in prob.message


def test_self_loop_message_names_the_firm():
    links = pd.DataFrame({"source": ["F002"], "target": ["F002"], "layer": "procurement"})
    prob = next(p for p in nc.validate(FIRMS, links).problems if p.code == "self_loop")
    assert "'F002'" in prob.message


def test_unknown_firm_did_you_mean():
    links = pd.DataFrame({"source": ["F0O2", "F002"], "target": ["F001", "XYZ"],
                          "layer": "procurement"})
    report = nc.validate(FIRMS, links)
    msgs = [p.message for p in report.errors if p.code == "unknown_firm"]
    assert "'F0O2': did you mean 'F002'" in msgs[0]
    assert "did you mean" not in msgs[1]  # nothing close to XYZ: no guess offered


# ---------------------------------------------------------------- files


def test_excel_lock_file_is_named(tmp_path):
    lock = tmp_path / "~$data.xlsx"
    lock.write_bytes(b"\x00lock")
    with pytest.raises(SchemaError, match=r"~\$data.xlsx is an Excel lock file.*point at data.xlsx"):
        nc.read(lock)
    res = CliRunner().invoke(cli, ["validate", str(lock)])
    assert res.exit_code == 1 and "Excel lock file" in res.stdout


def test_hidden_macos_file_is_named(tmp_path):
    meta = tmp_path / "._data.xlsx"
    meta.write_bytes(b"\x00\x05\x16\x07")
    with pytest.raises(SchemaError, match="hidden macOS metadata file"):
        nc.read(meta)


def test_no_library_warning_reaches_the_cli(tmp_path):
    firms = tmp_path / "firms.csv"
    FIRMS.to_csv(firms, index=False)
    _links(date=["2022年1月3日", "3 Jan 2022", "2022/1/3"], weight=["1,234.50", "¥5", "2"]).to_csv(
        tmp_path / "links.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nc.read(tmp_path)
    out = subprocess.run([sys.executable, "-W", "default", "-m", "netclust", "validate",
                          str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Warning" not in out.stderr and "warnings.warn" not in out.stderr


# ---------------------------------------------------------------- consequences


def _codes(report):
    return [p.code for p in report.warnings]


def test_consequences_are_the_first_warnings():
    firms = pd.DataFrame({"firm_id": ["A", "B"], "role": ["supplier", "supplier"]})
    links = pd.DataFrame({"source": ["A", "A"], "target": ["B", "A"], "layer": "procurement"})
    report = nc.validate(firms, links)
    assert _codes(report) == ["no_sme", "no_anchor", "no_exporters", "one_layer", "few_firms",
                              "self_loop"]
    text = report.format()
    assert "no firm has role sme: symbiosis, export channels, scenarios" in text
    assert "no exporter column and no --exporters: channel access, N-1 security" in text
    assert "one layer only (procurement): layer comparison and multiplex measures are trivial" in text
    assert "only 2 firms (fewer than 30)" in text


def test_consequence_messages_go_when_the_data_has_them():
    net = nc.datasets.toy()
    firms, links = nc.datasets.toy_tables()
    assert _codes(nc.validate(firms, links)) == ["few_firms"]
    assert net.n_firms == 9


def test_exporters_option_silences_the_exporter_warning():
    firms = pd.DataFrame({"firm_id": ["A", "B"], "role": ["anchor", "sme"]})
    links = pd.DataFrame({"source": ["B"], "target": ["A"], "layer": "procurement"})
    assert "no_exporters" in _codes(nc.validate(firms, links))
    assert "no_exporters" not in _codes(nc.validate(firms, links, exporters=["anchor"]))
    marked = firms.assign(exporter=["否", "否"])
    msg = next(p.message for p in nc.validate(marked, links).warnings if p.code == "no_exporters")
    assert "marks no firm as exporting" in msg


def test_no_channel_links_consequence():
    firms = pd.DataFrame({"firm_id": ["A", "B"], "role": ["anchor", "sme"], "exporter": [1, 0]})
    links = pd.DataFrame({"source": ["B"], "target": ["A"], "layer": "design_sharing"})
    msg = next(p.message for p in nc.validate(firms, links).warnings
               if p.code == "no_channel_links")
    assert "export channels will be empty" in msg


def test_cli_validate_shows_consequences_before_other_warnings(toy_dir):
    res = CliRunner().invoke(cli, ["validate", str(toy_dir)])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[1].startswith("  warning: only 9 firms")
    assert np.all(["warning" in ln for ln in lines[1:2]])


# ---------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 12), st.sampled_from(["", "¥", "￥", "RMB "]),
       st.sampled_from(["", "元"]))
def test_formatted_amounts_round_trip(cents, prefix, suffix):
    value = cents / 100
    text = f"{prefix}{value:,.2f}{suffix}"
    vals, _ = parse_amounts(pd.Series([text]))
    assert vals[0] == pytest.approx(value, rel=1e-12, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=pd.Timestamp("1950-01-01").date(),
                max_value=pd.Timestamp("2100-12-31").date()),
       st.sampled_from(["cn", "slash", "dot", "iso"]))
def test_written_dates_round_trip_and_are_never_ambiguous(day, form):
    text = {"cn": f"{day.year}年{day.month}月{day.day}日",
            "slash": f"{day.year}/{day.month}/{day.day}",
            "dot": f"{day.year}.{day.month}.{day.day}",
            "iso": day.isoformat()}[form]
    iso, _, ambiguous, serial = normalise_dates(pd.Series([text]))
    assert iso[0] == day.isoformat() and not ambiguous[0] and not serial


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(1950, 2100))
def test_day_month_order_is_never_guessed(a, b, year):
    text = f"{a:02d}/{b:02d}/{year}"
    iso, _, ambiguous, _ = normalise_dates(pd.Series([text]))
    assert ambiguous[0] == (a != b)


def test_cli_links_option_names_a_missing_file_and_a_lock_file(toy_dir):
    res = CliRunner().invoke(cli, ["validate", str(toy_dir), "--links", "logistics=nope.csv"])
    assert res.exit_code == 2 and "'logistics=nope.csv': no such file" in res.output
    res = CliRunner().invoke(cli, ["validate", str(toy_dir), "--links", "~$data.xlsx"])
    assert "lock file" in res.output
