"""The CLI under ``--lang zh``: validate and info in Chinese, numbers as people read them (issue 11).

Also the counts of value conversions (cells, not distinct values) and the reason a
command gives when its result is empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.io.checks import check_links
from netclust.io.tables import RawTable
from netclust.io.validation import ValidationReport
from netclust.io.values import normalise_dates
from netclust.schema import DEFAULT_LAYERS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BAD = EXAMPLES / "shiling_zh_bad" / "数据.xlsx"
GOOD = EXAMPLES / "shiling_zh" / "数据.xlsx"
#: A run of three English words (a sentence left untranslated).
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _message(line: str) -> str:
    """The message of a problem line (after ``severity: file, rows, column:``)."""
    return line.split("”: ", 1)[-1] if "”: " in line else line.split(": ", 2)[-1]


def test_validate_bad_example_in_chinese():
    res = run("--lang", "zh", "validate", BAD)
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "未通过：5 个错误，2 个警告", lines[0]
    assert "权重为负：'-2'" in res.stdout and "日期 '03/04/2022' 有歧义" in res.stdout
    assert "无法识别的日期 '去年'" in res.stdout and "是否指 'F000003'" in res.stdout
    problems = [ln for ln in lines[1:] if ln.lstrip().startswith(("错误", "警告"))]
    assert len(problems) == 7
    english = [ln for ln in problems if ENGLISH_RUN.search(_message(ln).split("（词表")[0])]
    assert not english, english


def test_validate_infos_in_chinese():
    res = run("--lang", "zh", "validate", GOOD)
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == "通过：0 个错误，0 个警告"
    assert "读作 sector" in res.stdout and "按内置中文词表读取的角色标签" in res.stdout
    assert re.search(r"\d+ 个单元格（\d+ 个不同的值）按中文日期（2022年1月3日）读取", res.stdout)


def test_validate_english_unchanged():
    res = run("--lang", "en", "validate", BAD)
    assert res.stdout.splitlines()[0] == "FAILED: 5 errors, 2 warnings"
    assert "negative weight '-2'" in res.stdout
    assert "ambiguous date '03/04/2022': day and month could be swapped" in res.stdout
    ok = run("--lang", "en", "validate", GOOD)
    assert ok.stdout.splitlines()[0] == "OK: 0 errors, 0 warnings"


def _numbers_as_read(text: str) -> None:
    assert not re.search(r"\d[eE][+-]?\d", text), text          # no e-notation
    assert not re.search(r"\d\.0(?![\d%])", text), text         # integers without .0


def test_info_in_chinese_numbers_as_people_read_them():
    res = run("--lang", "zh", "info", GOOD)
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "200 家企业" in out and "按角色划分的企业" in out and "网络层" in out
    assert "密度" in out and "总权重" in out and "有向" in out and "合计（全部层）" in out
    assert "MultilayerNetwork" not in out
    _numbers_as_read(out)
    assert "112,227,883" in out and "0.0174" in out
    assert not ENGLISH_RUN.search(out), ENGLISH_RUN.findall(out)


def test_info_english_numbers():
    res = run("--lang", "en", "info", GOOD)
    assert res.exit_code == 0, res.output
    assert "<MultilayerNetwork: 200 firms" in res.stdout and "density" in res.stdout
    _numbers_as_read(res.stdout)
    assert "112,227,883" in res.stdout and "1,008" in res.stdout


def _links(dates):
    n = len(dates)
    frame = pd.DataFrame({"source": ["a"] * n, "target": ["b"] * n, "layer": "procurement",
                          "weight": ["1,000"] * (n - 1) + ["2"], "date": dates})
    return RawTable(frame, "l.csv", np.arange(2, n + 2))


def test_conversion_counts_cells_not_distinct_values():
    dates = ["2022年1月3日"] * 4 + ["2022年2月5日"] * 3 + ["2022/1/3"]
    report = ValidationReport()
    check_links(_links(dates), None, DEFAULT_LAYERS, None, report)
    conv = {p.code + ":" + p.message.split(" read as ")[1].split(" (e.g.")[0]: p
            for p in report.problems if p.code.startswith("converted_")}
    cn = conv["converted_date:Chinese dates (2022年1月3日)"]
    assert cn.count == 7 and cn.message.startswith("7 cells (2 distinct value(s)) read as")
    assert list(cn.rows) == [2, 3, 4, 5, 6]
    ymd = conv["converted_date:year/month/day dates (2022/1/3)"]
    assert ymd.count == 1 and ymd.message.startswith("1 cell(s) read as")
    grouped = conv["converted_number:numbers with thousands separators"]
    assert grouped.count == 7 and grouped.message.startswith("7 cells (1 distinct value(s))")
    # the count is the number of cells the rows list covers
    assert cn.count == sum(d.startswith("2022年") for d in dates)


@pytest.mark.parametrize("text, reason", [("03/03/2022", "day and month are the same number"),
                                          ("13/04/2022", "the day is above 12"),
                                          ("04/13/2022", "the day is above 12")])
def test_unambiguous_dates_give_their_reason(text, reason):
    iso, convs, ambiguous, _serial = normalise_dates(pd.Series([text]))
    assert not ambiguous.any() and len(convs) == 1
    assert reason in convs[0].what
    assert iso.iloc[0] in ("2022-03-03", "2022-04-13")


def test_symbiosis_without_sme_says_why(tmp_path):
    firms, links = nc.datasets.toy_tables()
    firms.assign(role=firms["role"].replace({"sme": "other"})).to_csv(tmp_path / "firms.csv",
                                                                      index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    res = run("symbiosis", tmp_path, "--out", tmp_path / "out", "--null-runs", 0)
    assert res.exit_code == 0, res.output
    assert "0 webs scored" in res.stdout
    assert "Warning: no firm has role sme: symbiosis" in res.stderr
    zh = run("--lang", "zh", "symbiosis", tmp_path, "--out", tmp_path / "out", "--null-runs", 0)
    assert "警告：没有角色为 sme 的企业" in zh.stderr


def test_symbiosis_without_partners_says_why(tmp_path):
    firms, links = nc.datasets.toy_tables()
    firms.assign(role=firms["role"].where(firms["role"] == "sme", "other")).to_csv(
        tmp_path / "firms.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    res = run("symbiosis", tmp_path, "--out", tmp_path / "out", "--null-runs", 0)
    assert res.exit_code == 0, res.output
    assert "no web has firms on both sides" in res.stderr
