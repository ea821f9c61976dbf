"""The report shows the Evolution section when the data has several periods (issue 12).

Through the CLI's ``report`` command: small dated generated data -> ``id="evolution"``
with its figures and tables, numbered in the table of contents; the same relations
undated -> no section. Through the API: ``Analysis(net, timeline=...)``.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.analysis import Analysis
from netclust.cli import cli
from netclust.generator import generate_tables, write_tables
from netclust.report import report_html
from netclust.temporal.simulate import date_tables, write_temporal_tables

REPORT = ["--runs", "2", "--null-runs", "2", "--no-map", "--no-scenarios"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """The same 300-firm relations, dated over 2020-2023 and undated."""
    root = tmp_path_factory.mktemp("evo")
    t = generate_tables(300, seed=5)
    write_temporal_tables(date_tables(t, "2020-2023", seed=5), root / "dated")
    write_tables(t, root / "undated")
    return root


def _report(folder, out, *extra):
    r = CliRunner().invoke(cli, ["report", str(folder), "--out", str(out), *REPORT, *extra],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8"), r


def _section(page: str, sid: str) -> str:
    start = page.index(f'id="{sid}"')
    return page[start:page.index("</section>", start)]


def test_cli_report_dated_data_has_evolution(folders, tmp_path):
    page, _r = _report(folders / "dated", tmp_path / "r.html")
    assert page.count('id="evolution"') == 1
    sec = _section(page, "evolution")
    assert sec.count("<svg") >= 2                    # trend small multiples + alluvial
    for table_id in ("table-evolution-movers",):
        assert table_id in sec
    assert sec.count("<table") >= 4                  # events, agreement, churn counts/firms, movers
    assert "2020, 2021, 2022, 2023" in sec
    toc = re.findall(r'<li><a href="#([\w-]+)">(\d+)\. ', page)
    ids = [i for i, _n in toc]
    assert ids.index("evolution") == ids.index("scenarios") + 1
    number = dict(toc)["evolution"]
    assert re.search(rf"<h2>{number}\. Evolution</h2>", sec)
    assert [int(n) for _i, n in toc] == list(range(1, len(toc) + 1))


def test_cli_report_undated_data_has_no_evolution(folders, tmp_path):
    page, r = _report(folders / "undated", tmp_path / "r.html")
    assert 'id="evolution"' not in page and 'href="#evolution"' not in page
    assert "Warning" not in r.output


def test_cli_report_one_period_has_no_evolution(folders, tmp_path):
    page, _r = _report(folders / "dated", tmp_path / "r.html", "--period", "2022")
    assert 'id="evolution"' not in page


def test_analysis_timeline_api():
    """The same section from the API; the evolution is that of nc.evolve with the settings."""
    t = generate_tables(300, seed=5)
    d = date_tables(t, "2020-2022", seed=5)
    net = nc.read(firms=d.firms, links=d.links)
    timeline = nc.read_periods(nc.read(firms=d.firms, links=d.links, by_period="month"),
                               by_period="year")
    a = Analysis(net, runs=2, null_runs=2, include_map=False, scenarios=False, timeline=timeline)
    direct = nc.evolve(timeline, runs=2, null_runs=2, seed=0)
    pd.testing.assert_frame_equal(a.evolution.periods, direct.periods)
    assert 'id="evolution"' in report_html(a)
    assert Analysis(net).evolution is None
    one = nc.read_periods(nc.read(firms=d.firms, links=d.links, by_period="month"), period="2021")
    assert Analysis(net, timeline=one).evolution is None
    page = report_html(net, runs=2, null_runs=2, include_map=False, scenarios=False,
                       timeline=timeline)
    assert 'id="evolution"' in page


def test_public_exports():
    from netclust.report.compare import compare
    from netclust.temporal import read_periods

    assert nc.compare is compare and nc.read_periods is read_periods and nc.evolve
