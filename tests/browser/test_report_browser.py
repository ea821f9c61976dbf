"""The HTML report in headless chromium: offline, sections, tables, sorting, XSS."""

from __future__ import annotations

from pathlib import Path

import pytest

import netclust as nc
from netclust.report import report_html

pytestmark = pytest.mark.browser

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"
SECTIONS = ["findings", "overview", "map", "layers", "top-firms", "communities", "multiplex",
            "channels", "recommendations", "resilience", "symbiosis", "scenarios", "methods",
            "provenance"]
NEW_SECTIONS = ["findings", "channels", "recommendations"]


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
    # hostile names reach the new channel and recommendation tables escaped, as text
    vulnerable = page.locator("#table-vulnerable-smes td").all_text_contents()
    assert XSS_IMG in vulnerable  # S1 ("<img ...>") depends on A1 ("</script>...") alone
    assert any(XSS_SCRIPT in c for c in vulnerable)
    assert XSS_SCRIPT in page.locator("#table-gatekeepers td").all_text_contents()
    assert any(XSS_IMG in c for c in page.locator("#table-recommendations td").all_text_contents())
    assert any(XSS_IMG in t or XSS_SCRIPT in t for t in page.locator("#findings li").all_text_contents())
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


def test_sample_findings_channels_recommendations(visit, tmp_path):
    """The sections a policy reader acts on: present, filled, linked, offline, no console error."""
    path = tmp_path / "shiling.html"
    path.write_text(report_html(nc.datasets.sample(), runs=10, null_runs=10, include_map=False,
                                title="Shiling leather-goods cluster"), encoding="utf-8")
    v = visit(path, wait_map=False, viewport=(1280, 900))
    page = v.page
    assert v.foreign_requests() == [] and v.errors == [] and v.dialogs == []
    assert page.evaluate("document.querySelector('section.nc-section').id") == "findings"
    items = page.locator("#findings-list > li")
    assert items.count() >= 4
    # every finding links to a section that exists and shows its number and threshold
    for href in page.locator("#findings-list a").evaluate_all("as => as.map(a => a.hash)"):
        assert page.locator(f"section{href}").count() == 1
    assert "threshold" in items.first.text_content()
    rows = check_tables(page)
    assert rows["table-gatekeepers"] > 0 and rows["table-vulnerable-smes"] > 0
    assert rows["table-recommendations"] == 5 and rows["table-recommendation-baselines"] == 4
    assert "exporter" in page.locator("#channel-assumption").text_content()
    assert page.locator("#channels svg").count() >= 1  # the channel-access removal chart
    assert page.locator("#table-systemic tbody tr").count() > 0
    assert "not guaranteed" in page.locator("#recommendation-caveat").text_content()
    for sid in NEW_SECTIONS:
        assert _shoot(page, sid).stat().st_size > 10_000
    check_scenario_tables_whole(page)


def check_scenario_tables_whole(page):
    """Each scenario table shows every column (after, change) without scrolling, inside the viewport."""
    boxes = page.evaluate("""() => [...document.querySelectorAll('#scenarios table.nc-table')]
        .filter(t => t.offsetParent !== null).map(t => {
            const wrap = t.closest('.nc-table-wrap').getBoundingClientRect();
            const last = t.tHead.rows[0].lastElementChild.getBoundingClientRect();
            return [wrap.right, last.right, t.scrollWidth, t.closest('.nc-table-wrap').clientWidth,
                    window.innerWidth];
        })""")
    assert boxes, "no scenario table"
    for wrap_right, last_right, width, wrap_width, viewport in boxes:
        assert last_right <= wrap_right + 1 and last_right <= viewport, (last_right, wrap_right)
        assert width <= wrap_width + 1, (width, wrap_width)


def _shoot(page, sid: str, max_height: int = 2200) -> Path:
    """Screenshot of one section (its first ``max_height`` pixels) into tests/artifacts."""
    folder = Path(__file__).resolve().parents[1] / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    box = page.locator(f"#{sid}").bounding_box()
    path = folder / f"report_sample_{sid}.png"
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": box["x"], "y": box["y"], "width": box["width"],
                          "height": min(box["height"], max_height)})
    return path
