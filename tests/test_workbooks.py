"""The Chinese example workbook (issue 11): made by a script, read with one command through
its mapping file, a report with every section filled; the bad-data example names every bad value."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD = EXAMPLES / "shiling_zh" / "数据.xlsx"
BAD = EXAMPLES / "shiling_zh_bad" / "数据.xlsx"


def _script():
    spec = importlib.util.spec_from_file_location("make_chinese_workbook",
                                                  EXAMPLES / "make_chinese_workbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_example_is_what_the_script_makes(tmp_path):
    script = _script()
    script.main(["--out", str(tmp_path)])
    for name in ("shiling_zh", "shiling_zh_bad"):
        made, kept = tmp_path / name / "数据.xlsx", EXAMPLES / name / "数据.xlsx"
        a = pd.read_excel(made, sheet_name=None, dtype=str)
        b = pd.read_excel(kept, sheet_name=None, dtype=str)
        assert list(a) == list(b) == ["企业名录", "交易记录", "物流", "设计合作"]
        for sheet in a:
            pd.testing.assert_frame_equal(a[sheet], b[sheet])
        assert (tmp_path / name / "netclust.toml").read_text(encoding="utf-8") == \
            (EXAMPLES / name / "netclust.toml").read_text(encoding="utf-8")


def test_example_reads_with_its_mapping_file():
    net = nc.read(GOOD)
    assert net.n_firms == 200
    assert [s.name for s in net.layers] == ["procurement", "logistics", "design_sharing"]
    roles = net.firms["role"].value_counts()
    assert set(roles.index) <= set(nc.schema.ROLES) and roles["sme"] > 50 and roles["anchor"] >= 1
    assert net.firms["exporter"].any()
    assert net.links.groupby("layer").size().min() > 100
    report = nc.validate(GOOD)
    assert report.ok and not report.warnings, report.format()
    codes = report.codes()
    assert {"config_used", "role_alias", "role_mapped", "converted_date", "converted_number",
            "links_combined"} <= codes


def test_example_report_has_every_section_filled(tmp_path):
    data = tmp_path / "shiling_zh"
    shutil.copytree(GOOD.parent, data)
    out = tmp_path / "r.html"
    res = CliRunner().invoke(cli, ["report", str(data / "数据.xlsx"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    sections = re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)
    assert len(sections) >= 12
    missing = re.findall(r'class="nc-missing"[^>]*>(.*?)</p>', page, re.S)
    assert missing == [], missing  # no section says it cannot be computed
    assert "All web indicators (0)" not in page


def test_bad_example_names_the_bad_value_in_every_message():
    report = nc.validate(BAD)
    assert not report.ok
    flagged = [p for p in report.problems if p.severity != "info"]
    assert {p.code for p in flagged} >= {"negative_weight", "ambiguous_date", "invalid_date",
                                         "invalid_weight", "unknown_firm", "unknown_role",
                                         "invalid_exporter"}
    for p in flagged:
        assert re.search(r"'[^']+'", p.message), p.format()
    text = report.format()
    assert "negative weight '-2'" in text and "did you mean 'F000003'" in text
    assert "'03/04/2022'" in text and "'约100'" in text and "'可能'" in text


@pytest.mark.parametrize("command", ["validate", "info"])
def test_one_command_reads_the_example(command):
    res = CliRunner().invoke(cli, [command, str(GOOD)])
    assert res.exit_code == 0, res.output
