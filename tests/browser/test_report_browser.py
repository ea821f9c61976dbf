"""The HTML report in headless chromium: offline, sections, tables, sorting, XSS."""

from __future__ import annotations

import pytest

import netclust as nc
from netclust.report import report_html

pytestmark = pytest.mark.browser

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"
SECTIONS = ["overview", "map", "layers", "top-firms", "communities", "multiplex", "resilience",
            "symbiosis", "scenarios", "methods", "provenance"]


def xss_network():
    firms, links = nc.datasets.toy_tables()
    firms = firms.copy()
    firms.loc[2, "name"] = XSS_IMG
    firms.loc[0, "name"] = XSS_SCRIPT
    return nc.read(firms=firms, links=links)


def check_tables(page):
    """Every table shows as many body rows as its data-rows attribute says."""
    tables = page.evaluate("""() => [...document.querySelectorAll('table.nc-table[data-rows]')]
        .map(t => [t.id, +t.dataset.rows, t.tBodies[0].rows.length])""")
    assert tables
    for tid, want, got in tables:
        assert want == got, tid
    return {tid: got for tid, _, got in tables}


def test_report_offline_sections_tables_and_escaping(visit, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(report_html(xss_network(), runs=3, null_runs=3, title="<b>Toy</b> report"),
                    encoding="utf-8")
    v = visit(path)
    page = v.page
    assert v.foreign_requests() == [] and v.blocked == []
    assert v.errors == [] and v.dialogs == []
    ids = page.evaluate("[...document.querySelectorAll('section.nc-section')].map(s => s.id)")
    assert ids == SECTIONS
    for sid in SECTIONS:
        assert page.locator(f"#{sid} h2").is_visible()
    rows = check_tables(page)
    assert rows["table-roles"] == 6 and rows["table-layers"] == 4
    # hostile names render as text
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    cells = page.locator("#top-firms td").all_text_contents()
    assert XSS_IMG in cells and XSS_SCRIPT in cells
    assert page.locator("header h1").text_content() == "<b>Toy</b> report"
    # sortable: click "firms" twice -> ascending then descending
    header = page.locator("#table-roles th", has_text="firms")
    header.click()
    asc = page.locator("#table-roles tbody tr td:nth-child(2)").all_text_contents()
    assert [int(x) for x in asc] == sorted(int(x) for x in asc)
    header.click()
    desc = page.locator("#table-roles tbody tr td:nth-child(2)").all_text_contents()
    assert desc == asc[::-1] or [int(x) for x in desc] == sorted((int(x) for x in asc), reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    # the map inside the report works too
    assert page.evaluate("window.netclustMaps[0].nodes.length") == 9
    v.screenshot("report_toy_xss", full_page=True)
    assert v.errors == [] and v.dialogs == [] and v.foreign_requests() == []


def test_sample_report_renders_for_a_policy_reader(visit, tmp_path):
    path = tmp_path / "shiling.html"
    path.write_text(report_html(nc.datasets.sample(), runs=10, null_runs=10,
                                title="Shiling leather-goods cluster"), encoding="utf-8")
    v = visit(path)
    page = v.page
    assert v.foreign_requests() == [] and v.errors == []
    rows = check_tables(page)
    assert rows["table-roles"] == 8
    assert page.evaluate("window.netclustMaps[0].nodes.length") == 3000
    # Chinese firm names are shown as text in the key-firm tables
    names = page.locator("#table-top-anchor td:nth-child(2)").all_text_contents()
    assert names and all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)
    v.screenshot("report_sample_top")
    v.screenshot("report_sample_full", full_page=True)
