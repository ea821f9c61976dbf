"""The classic XSS payload list in every field that reaches a page (issue 14).

Payloads go into firm ids, names, roles, sectors, areas, an extra column and its header,
a layer's name and description, the report title and the compare labels. The report,
the map and the compare page are opened offline in chromium: no payload may run (no
dialog, no sentinel set, no element injected), no request may leave the page and the
console stays clean. Payloads set ``window.__xss`` instead of only calling ``alert`` so
a swallowed dialog cannot hide a hit.
"""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from netclust.cli import cli

pytestmark = pytest.mark.browser

#: The classic list (OWASP cheat sheet and PortSwigger's): tags, attributes, URLs,
#: script-context breakouts, template syntax, encodings.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    "\"><img src=x onerror=\"window.__xss=1\">",
    "'><svg onload=window.__xss=1>",
    "</script><script>window.__xss=1</script>",
    "javascript:window.__xss=1",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "<a href=\"javascript:window.__xss=1\">x</a>",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "{{constructor.constructor('window.__xss=1')()}}",
    "${window.__xss=1}",
    "'-window.__xss=1-'",
    "\\\";window.__xss=1;//",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<link rel=stylesheet href=http://evil.example/x.css>",
    "<!--<img src=x onerror=window.__xss=1>-->",
    "&lt;img src=x onerror=window.__xss=1&gt;",
    "\u2028window.__xss=1\u2029",
    "<input autofocus onfocus=window.__xss=1>",
]


def _hostile_data(folder):
    """A small cluster whose every text field carries a payload."""
    n = 24
    ids = [f"F{i:02d}" for i in range(n)]
    ids[3] = PAYLOADS[1]          # ids: one anchor, one SME
    ids[9] = PAYLOADS[0]
    roles = ["anchor"] * 4 + ["sme"] * 12 + ["supplier"] * 3 + ["logistics"] * 2 + [
        PAYLOADS[2], "designer", "trade_service"]
    firms = pd.DataFrame({
        "firm_id": ids, "name": [PAYLOADS[i % len(PAYLOADS)] for i in range(n)],
        "role": roles, "sector": [PAYLOADS[(i + 3) % len(PAYLOADS)] for i in range(n)],
        "area": [PAYLOADS[(i + 7) % len(PAYLOADS)] for i in range(n)],
        "exporter": [i < 4 or i % 5 == 0 for i in range(n)],
        PAYLOADS[13]: [PAYLOADS[(i + 11) % len(PAYLOADS)] for i in range(n)],
    })
    layer = PAYLOADS[6]
    links = []
    for s in range(4, 16):                   # SMEs sell to anchors, ship, share designs
        links.append((ids[s], ids[s % 4], "procurement", 1 + s % 3, "2021-03-01"))
        links.append((ids[s], ids[(s + 1) % 4], "procurement", 2, "2022-05-01"))
        links.append((ids[s], ids[19 + s % 2], "logistics", 1, "2022-01-01"))
        links.append((ids[s], ids[(s + 3) % 12 + 4], layer, 1, "2021-06-01"))
    for u in range(16, 19):
        for s in range(4, 16, 3):
            links.append((ids[u], ids[s], "procurement", 3, "2021-01-01"))
    folder.mkdir()
    firms.to_csv(folder / "firms.csv", index=False)
    pd.DataFrame(links, columns=["source", "target", "layer", "weight", "date"]).to_csv(
        folder / "links.csv", index=False)
    pd.DataFrame({"layer": ["procurement", "logistics", layer],
                  "directed": [True, True, False],
                  "description": [PAYLOADS[4], PAYLOADS[8], PAYLOADS[9]]}).to_csv(
        folder / "layers.csv", index=False)
    return folder


def _clean(v):
    page = v.page
    assert v.dialogs == [], v.dialogs
    assert page.evaluate("window.__xss === undefined"), "a payload ran"
    assert v.foreign_requests() == [] and v.blocked == []
    assert v.errors == [], v.errors
    # nothing injected: no element a payload would create
    for selector in ("script:not([type]):not([id^='nc-'])", "img", "iframe", "svg[onload]",
                     "details[ontoggle]", "input[onfocus]", "a[href^='javascript']",
                     "link[rel=stylesheet]", "body[onload]"):
        found = page.evaluate(f"document.querySelectorAll({selector!r}).length")
        assert found == 0 or selector.startswith("script"), (selector, found)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _hostile_data(tmp_path_factory.mktemp("xss") / "data")


def _cli(args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


def test_report_with_payloads_in_every_field(hostile, tmp_path, visit):
    out = tmp_path / "report.html"
    _cli(["report", hostile, "--runs", 2, "--null-runs", 2, "--title", PAYLOADS[3],
          "--out", out])
    html = out.read_text(encoding="utf-8")
    for payload in ("<script>window.__xss", "onerror=\"window.__xss", "<svg onload"):
        assert payload not in html.replace("\\u003c", "<") or "&lt;" in html
    v = visit(out)
    _clean(v)
    assert v.page.locator("header h1").text_content() == PAYLOADS[3]
    v.screenshot("xss_report", full_page=False)


def test_map_with_payloads(hostile, tmp_path, visit):
    out = tmp_path / "map.html"
    _cli(["map", hostile, "--color-by", "community", "--title", PAYLOADS[5], "--out", out])
    v = visit(out)
    _clean(v)
    v.page.fill("input[type=search]", PAYLOADS[0][:10]) if v.page.locator(
        "input[type=search]").count() else None
    _clean(v)


def test_compare_with_payloads_in_labels(hostile, tmp_path, visit):
    out = tmp_path / "compare.html"
    _cli(["compare", hostile, "--period", "2021", "--period", "2022", "--label", PAYLOADS[0],
          PAYLOADS[2], "--title", PAYLOADS[1], "--out", out])
    v = visit(out, wait_map=False)
    _clean(v)
