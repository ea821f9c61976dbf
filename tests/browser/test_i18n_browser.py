"""The Chinese report of the bundled sample in headless chromium: offline, lang, titles, CJK font."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u4e00-\u9fff]")
TITLES = {"findings": "主要发现", "channels": "出口渠道", "evolution": "演变", "overview": "概况"}


@pytest.fixture(scope="module")
def zh_report(tmp_path_factory):
    """`netclust --lang zh report data/shiling` (the sample is dated: Evolution included)."""
    from click.testing import CliRunner

    from netclust.cli import cli
    from netclust.datasets import sample_path

    out = tmp_path_factory.mktemp("zh-browser") / "report_zh.html"
    res = CliRunner().invoke(cli, ["--lang", "zh", "report", str(sample_path()), "--out", str(out),
                                   "--runs", "5", "--null-runs", "5"])
    assert res.exit_code == 0, res.output
    return out


def test_zh_report_in_chromium(visit, zh_report):
    from netclust.viz.figures import cjk_font

    v = visit(zh_report)
    page = v.page
    assert v.foreign_requests() == [] and v.blocked == []
    assert v.errors == [], v.errors
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    for sid, title in TITLES.items():
        h2 = page.locator(f"section#{sid} h2").first
        assert h2.is_visible() and title in h2.inner_text(), sid
    # figures keep their text as SVG text: the Chinese labels are drawn with a CJK font
    fonts = page.evaluate("""() => [...document.querySelectorAll('section#evolution svg text')]
        .filter(t => /[\\u4e00-\\u9fff]/.test(t.textContent))
        .map(t => getComputedStyle(t).fontFamily)""")
    assert fonts, "no Chinese label in the Evolution figures"
    font = cjk_font()
    if font is not None:
        assert all(font in f for f in fonts), fonts[:3]
        assert page.evaluate(f"document.fonts.check('12px \"{font}\"', '演变')")
    for sid in ("findings", "channels", "scenarios", "evolution"):
        page.locator(f"section#{sid}").scroll_into_view_if_needed()
        path = v.screenshot(f"report_zh_{sid}")
        page.locator(f"section#{sid}").screenshot(path=str(path))
        assert path.stat().st_size > 10_000
    # the Chinese scenario tables show every column at 1280 px too
    page.set_viewport_size({"width": 1280, "height": 900})
    widths = page.evaluate("""() => [...document.querySelectorAll('#scenarios .nc-table-wrap')]
        .filter(w => w.offsetParent !== null).map(w => [w.scrollWidth, w.clientWidth])""")
    assert widths and all(scroll <= client + 1 for scroll, client in widths), widths
