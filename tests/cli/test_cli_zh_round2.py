"""The CLI in Chinese, round 2 of the issue-11 audit.

Why a channel section is empty, the scenario command's output, ``--lang``/``-v`` after
the subcommand, the standalone map page and the unknown-firm hint.

Two kinds of checks: with *marked* translations (every zh message wrapped in ⟪…⟫,
whatever the catalogue holds) a sentence shown unmarked did not go through gettext;
with the real catalogue, no run of three English words remains in the zh output.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
import netclust.i18n as i18n
from netclust.cli import cli
from netclust.i18n import language

#: A run of three English words (a sentence left untranslated).
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


class _Marked(gettext.NullTranslations):
    """Every message wrapped in ⟪…⟫."""

    def gettext(self, message):
        return f"⟪{message}⟫"

    def ngettext(self, singular, plural, n):
        return f"⟪{singular if n == 1 else plural}⟫"


@pytest.fixture
def marked(monkeypatch):
    """zh translations that mark every message (English unchanged)."""
    real = i18n.translation
    monkeypatch.setattr(i18n, "translation",
                        lambda lang=None: _Marked() if i18n.normalise(lang) == "zh" else real(lang))


def _variant(tmp_path, *, exporter=True, sme=True):
    """The toy network as CSV files, without its exporter column and/or its SME role."""
    firms, links = nc.datasets.toy_tables()
    if not exporter:
        firms = firms.drop(columns="exporter")
    if not sme:
        firms["role"] = firms["role"].replace("sme", "maker")
    d = tmp_path / f"toy_{int(exporter)}{int(sme)}"
    d.mkdir()
    firms.to_csv(d / "firms.csv", index=False)
    links.to_csv(d / "links.csv", index=False)
    return d


def _line(text: str, needle: str) -> str:
    return next(x for x in text.splitlines() if needle in x)


# ------------------------------------------------------------- 1. why a section is empty
@pytest.mark.parametrize("kind,needle", [("no_sme", "no firm has role sme"),
                                         ("no_exporter", "no exporter information")])
def test_why_channels_are_empty_goes_through_gettext(kind, needle, marked, tmp_path):
    path = _variant(tmp_path, exporter=False, sme=kind != "no_sme")
    r = run("--lang", "zh", "scenario", path, "exit", "--top", 1, "--runs", 2,
            "--out", tmp_path / "sc")
    assert r.exit_code == 0, r.output
    assert f"⟪{needle}" in _line(r.stdout, needle)
    with language("zh"):
        res = nc.scenario.exit_firms(nc.read(path), top=1, runs=2)
        why = nc.Analysis(nc.read(path)).access_unavailable
    assert f"⟪channel indicators" in res.description and why.startswith(f"⟪{needle}")


def test_exporter_error_is_in_the_command_language(marked, tmp_path):
    path = _variant(tmp_path, exporter=False)
    r = run("--lang", "zh", "channels", path, "--out", tmp_path / "ch")
    assert r.exit_code == 1
    assert "Error: ⟪no exporter information: the firms table has no 'exporter' column" in r.output
    r = run("channels", path, "--out", tmp_path / "ch")   # English as before
    assert "Error: no exporter information: the firms table has no 'exporter' column" in r.output


def test_report_says_why_in_chinese(marked, tmp_path):
    path = _variant(tmp_path, exporter=False)
    out = tmp_path / "r.html"
    r = run("--lang", "zh", "report", path, "--out", out, "--runs", 2, "--null-runs", 2, "--no-map")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "⟪no exporter information" in page
    assert "：no exporter information" not in page and ">no exporter information" not in page


# ------------------------------------------------------------- 2. scenario output in zh
def test_scenario_output_is_all_translated(marked, toy_dir, tmp_path):
    r = run("--lang", "zh", "scenario", toy_dir, "hub-failure", "--runs", 2,
            "--out", tmp_path / "sc", "--then", "exit --firm A2")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("⟪") and "⟪{before}; then {after}⟫" not in lines[0]
    header = next(x for x in lines if "⟪before⟫" in x)
    assert "⟪after⟫" in header and "⟪change⟫" in header and "delta" not in header
    table = lines[lines.index(header) + 2:]
    assert table[0].startswith("⟪firms⟫")
    assert not any(x.startswith(("largest_component", "channel_access", "secure_share"))
                   for x in table)
    affected = _line(r.stdout, "⟪Affected firms")
    assert "failed" not in affected.replace("⟪failed⟫", "")
    assert sum("exporting firms" in x for x in lines) == 1   # the assumption once


def test_scenario_prints_shares_in_percent_and_assumptions_once(toy_dir, tmp_path):
    r = run("scenario", toy_dir, "exit", "--firm", "A2", "--runs", 2, "--out", tmp_path / "sc")
    assert r.exit_code == 0, r.output
    share = _line(r.stdout, "share of SMEs with export access")
    assert re.search(r"100\.0%\s+66\.7%\s+−33\.3 pp", share), share
    assert re.fullmatch(r"firms\s+9\s+7\s+−2", _line(r.stdout, "firms  "))
    assert r.stdout.count("exporting firms: the 3 firms") == 1
    assert r.stdout.splitlines()[0] == "1 firm(s) exit, 1 fail in the cascade"
    assert "removed 1, failed 1" in r.stdout
    table = pd.read_csv(tmp_path / "sc" / "scenario.csv")   # the file keeps its codes
    assert list(table.columns) == ["indicator", "before", "after", "delta"]


def test_chain_description_states_the_basis_once(toy_dir):
    res = nc.scenario.chain(nc.read(toy_dir), [("add-platform", {"firms": ["S3"]}),
                                               ("exit", {"firms": ["A2"]})], runs=2)
    assert res.description.count("exporting firms") == 1
    assert res.event.startswith("platform 'PLATFORM' linked to 1 firm(s) in logistics; then ")


@pytest.mark.parametrize("kind", [["exit", "--role", "anchor", "--top", 1],
                                  ["hub-failure"], ["layer-shock", "--layer", "procurement",
                                                    "--role", "supplier"],
                                  ["add-platform", "--firm", "S3"]])
def test_scenario_zh_has_no_english_sentence(kind, toy_dir, tmp_path):
    r = run("--lang", "zh", "scenario", toy_dir, *kind, "--runs", 2, "--out", tmp_path / "sc")
    assert r.exit_code == 0, r.output
    left = [x for x in r.stdout.splitlines() if ENGLISH_RUN.search(x)]
    assert not left, left


# ------------------------------------------------------------- 3. --lang and -v anywhere
def test_lang_after_the_subcommand(toy_dir, tmp_path):
    before = run("--lang", "zh", "info", toy_dir)
    after = run("info", toy_dir, "--lang", "zh")
    assert after.exit_code == 0, after.output
    assert after.stdout == before.stdout and "企业" in after.stdout
    out = tmp_path / "r.html"
    r = run("report", toy_dir, "--lang", "zh", "--out", out, "--runs", 2, "--null-runs", 2,
            "--no-map")
    assert r.exit_code == 0, r.output
    assert 'lang="zh-CN"' in out.read_text(encoding="utf-8")
    assert run("info", toy_dir, "--lang", "en").stdout == run("info", toy_dir).stdout


def test_lang_after_the_subcommand_applies_to_reading_errors():
    book = Path(__file__).resolve().parents[2] / "examples" / "shiling_zh" / "数据.xlsx"
    after = run("info", book, "--sheet", "firms=99", "--lang", "zh")
    before = run("--lang", "zh", "info", book, "--sheet", "firms=99")
    assert after.exit_code == before.exit_code == 1
    assert after.output == before.output and "工作表" in after.output
    assert "工作表" not in run("info", book, "--sheet", "firms=99", "--lang", "en").output


def test_verbose_after_the_subcommand(toy_dir, tmp_path):
    r = run("metrics", toy_dir, "--out", tmp_path / "m", "-v")
    assert r.exit_code == 0, r.output
    assert "netclust.analysis" in r.stderr
    assert "netclust.analysis" not in run("metrics", toy_dir, "--out", tmp_path / "m2").stderr


# ------------------------------------------------------------- 4. the standalone map page
def test_map_page_title_legend_and_cli_line_are_translated(marked, toy_dir, tmp_path):
    out = tmp_path / "m.html"
    r = run("--lang", "zh", "map", toy_dir, "--out", out)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("⟪wrote ") and r.stdout.rstrip().endswith("(9 firms, firm view)⟫")
    page = out.read_text(encoding="utf-8")
    assert "<title>⟪Network map — 9 firms⟫</title>" in page
    assert "<h4>⟪Colour: ⟪role⟫⟫</h4>" in page and "grows with ⟪strength⟫" in page


def test_map_legend_names_in_chinese(toy_dir, tmp_path):
    out = tmp_path / "m.html"
    r = run("--lang", "zh", "map", toy_dir, "--out", out, "--size-by", "pagerank")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "<title>网络地图" in page and "颜色：角色" in page and "PageRank" in page
    assert "企业 视图" not in r.stdout
    with language("zh"):   # the user's own columns as written
        m = nc.viz.network_map(nc.datasets.toy(), color_by="employees", size_by="employees")
    assert m.context()["legend"]["colorBy"] == m.context()["legend"]["sizeBy"] == "employees"


# ------------------------------------------------------------- 5. did you mean
def test_unknown_firm_in_a_scenario_suggests_close_ids(toy_dir, tmp_path):
    r = run("scenario", toy_dir, "exit", "--firm", "A22", "--out", tmp_path / "sc")
    assert r.exit_code == 1
    assert "Error: unknown firm id(s): 'A22' ('A22': did you mean 'A2'?)" in r.output
    r = run("scenario", toy_dir, "add-platform", "--firm", "SL99", "--out", tmp_path / "sc")
    assert r.exit_code == 1
    assert "unknown firm id(s): 'SL99' (firm ids look like 'A1', 'A2', 'S1')" in r.output


def test_unknown_firm_hint_in_chinese(tmp_path, toy_dir):
    r = run("--lang", "zh", "scenario", toy_dir, "exit", "--firm", "A22", "--out", tmp_path / "sc")
    assert r.exit_code == 1 and "是否指 'A2'" in r.output
    assert not ENGLISH_RUN.search(r.output.split("Error:")[1]), r.output
