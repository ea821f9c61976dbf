"""The classic XSS payload list in every field that reaches a page (issue 14): each field gets all 20.

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


#: Layers named by payloads (each also described by one); stripped and unique.
HOSTILE_LAYERS = [p for p in PAYLOADS if p.strip()]


def _hostile_data(folder):
    """A small cluster whose every text field carries every payload.

    Firm ids: the first 20 firms are named by the 20 payloads (anchors, SMEs, suppliers
    and logistics firms among them); roles: 20 more firms each carry a payload as role;
    names, sectors, areas: every payload on several firms; extra columns: one per payload
    as header, the payloads as values; layers: one per payload, described by a payload.
    """
    n = 24
    ids = PAYLOADS[:20] + [f"F{i:02d}" for i in range(20, n)]
    extra = [f"R{i:02d}" for i in range(20)]        # firms whose role is a payload
    roles = ["anchor"] * 4 + ["sme"] * 12 + ["supplier"] * 3 + ["logistics"] * 2 + [
        "designer", "trade_service", "sme"]
    everyone = ids + extra
    firms = pd.DataFrame({
        "firm_id": everyone, "name": [PAYLOADS[i % 20] for i in range(len(everyone))],
        "role": roles + PAYLOADS[:20], "sector": [PAYLOADS[(i + 3) % 20] for i in range(len(everyone))],
        "area": [PAYLOADS[(i + 7) % 20] for i in range(len(everyone))],
        "exporter": [i < 4 or i % 5 == 0 for i in range(len(everyone))],
    })
    for k, header in enumerate(PAYLOADS):                  # extra columns: payload headers
        firms[header] = [PAYLOADS[(i + k) % 20] for i in range(len(everyone))]
    links = []
    for s in range(4, 16):                   # SMEs sell to anchors, ship, share designs
        links.append((ids[s], ids[s % 4], "procurement", 1 + s % 3, "2021-03-01"))
        links.append((ids[s], ids[(s + 1) % 4], "procurement", 2, "2022-05-01"))
        links.append((ids[s], ids[19 + s % 2], "logistics", 1, "2022-01-01"))
    for u in range(16, 19):
        for s in range(4, 16, 3):
            links.append((ids[u], ids[s], "procurement", 3, "2021-01-01"))
    for k, layer in enumerate(HOSTILE_LAYERS):       # every payload layer has links
        links.append((ids[4 + k % 12], ids[4 + (k + 5) % 12], layer, 1, "2021-06-01"))
        links.append((extra[k % 20], ids[k % 4], layer, 2, "2022-06-01"))
    for k, r in enumerate(extra):                        # payload-role firms supply anchors
        links.append((r, ids[k % 4], "procurement", 1, "2021-02-01"))
    folder.mkdir()
    firms.to_csv(folder / "firms.csv", index=False)
    pd.DataFrame(links, columns=["source", "target", "layer", "weight", "date"]).to_csv(
        folder / "links.csv", index=False)
    pd.DataFrame({"layer": ["procurement", "logistics"] + HOSTILE_LAYERS,
                  "directed": [True, True] + [k % 2 == 0 for k in range(len(HOSTILE_LAYERS))],
                  "description": ["orders", "shipping"]
                  + [PAYLOADS[(k + 4) % 20] for k in range(len(HOSTILE_LAYERS))]}).to_csv(
        folder / "layers.csv", index=False)
    return folder


#: Scripts a payload could have injected: an external one, or one whose code (not JSON
#: data) mentions the sentinel. netclust's own scripts are inline code without it and
#: ``application/json`` data blocks.
FOREIGN_SCRIPTS = """[...document.scripts].filter(s => s.src || (
    !/json/.test(s.type) && s.textContent.includes('__xss'))).length"""


def _clean(v):
    page = v.page
    assert v.dialogs == [], v.dialogs
    assert page.evaluate("window.__xss === undefined"), "a payload ran"
    assert v.foreign_requests() == [] and v.blocked == []
    assert v.errors == [], v.errors
    assert page.evaluate(FOREIGN_SCRIPTS) == 0, "a script was injected"
    # nothing injected: no element a payload would create
    for selector in ("img", "iframe", "svg[onload]", "details[ontoggle]", "input[onfocus]",
                     "a[href^='javascript']", "link[rel=stylesheet]", "body[onload]", "style[id=x]",
                     "[onerror]", "[onload]", "[ontoggle]", "[onfocus]"):
        found = page.evaluate(f"document.querySelectorAll({selector!r}).length")
        assert found == 0, (selector, found)


def _escaped(payload: str) -> set:
    """The forms a payload may take in a page's source: HTML-escaped text or attribute,
    or a JSON string (``<``, ``>``, ``&`` and line separators as ``\\u`` escapes)."""
    import html
    import json

    plain = json.dumps(payload.strip(), ensure_ascii=False)[1:-1]
    js = plain.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    import markupsafe

    forms = set()
    for text in (payload.strip(), plain):  # jinja's escape, Python's, with and without quotes
        forms |= {str(markupsafe.escape(text)), html.escape(text, quote=True), html.escape(text, quote=False)}
    return forms | {js, js.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")}


def _source_escaped(html_text: str, payloads) -> None:
    """Every payload is in the page, escaped; none with markup is there verbatim."""
    for payload in payloads:
        assert any(f in html_text for f in _escaped(payload)), f"payload missing: {payload!r}"
        if "<" in payload:
            assert payload.strip() not in html_text, f"payload verbatim in the page: {payload!r}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _hostile_data(tmp_path_factory.mktemp("xss") / "data")


def _cli(args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


#: Titles and compare labels: every payload, batched (one page per command).
TITLE = " ".join(PAYLOADS)
LABELS = (" ".join(PAYLOADS[:10]), " ".join(PAYLOADS[10:]))


def test_report_with_payloads_in_every_field(hostile, tmp_path, visit):
    out = tmp_path / "report.html"
    _cli(["report", hostile, "--runs", 2, "--null-runs", 2, "--title", TITLE, "--out", out])
    html = out.read_text(encoding="utf-8")
    _source_escaped(html, PAYLOADS + [TITLE])
    v = visit(out)
    _clean(v)
    assert v.page.locator("header h1").text_content() == TITLE
    shown = v.page.evaluate("document.body.textContent")
    for payload in PAYLOADS:  # names, layers, descriptions, roles: shown as text
        assert payload.strip() in shown, f"payload not shown as text: {payload!r}"
    v.screenshot("xss_report", full_page=False)


def test_map_with_payloads(hostile, tmp_path, visit):
    out = tmp_path / "map.html"
    _cli(["map", hostile, "--color-by", "community", "--title", TITLE, "--out", out])
    html = out.read_text(encoding="utf-8")
    _source_escaped(html, PAYLOADS + [TITLE])
    v = visit(out)
    _clean(v)
    assert v.page.locator("header h1").text_content() == TITLE
    if v.page.locator("input[type=search]").count():
        for payload in PAYLOADS:
            v.page.fill("input[type=search]", payload)
        _clean(v)


def test_compare_with_payloads_in_labels(hostile, tmp_path, visit):
    out = tmp_path / "compare.html"
    _cli(["compare", hostile, "--period", "2021", "--period", "2022", "--label", LABELS[0],
          LABELS[1], "--title", TITLE, "--out", out])
    html = out.read_text(encoding="utf-8")
    _source_escaped(html, PAYLOADS + [TITLE, *LABELS])
    v = visit(out, wait_map=False)
    _clean(v)
    assert v.page.locator("h1").first.text_content() == TITLE
    shown = v.page.evaluate("document.body.textContent")
    assert all(label.strip() in shown for label in LABELS), "compare labels not shown as text"
