"""Rendering: escaping, Chinese text, self-containment, structure (not golden HTML)."""

from __future__ import annotations

import json
import re

import pytest
from jinja2 import UndefinedError

import netclust as nc
from netclust.errors import NetclustError
from netclust.html import (analysis_repr_html, environment, fmt_delta, fmt_number, fmt_percent,
                           json_dumps_safe, json_script, network_repr_html, render_report,
                           sort_key, vis_assets)
from netclust.html.assets import inline_safe
from netclust.report import report_html

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"


def xss_network():
    firms, links = nc.datasets.toy_tables()
    firms = firms.copy()
    firms.loc[2, "name"] = XSS_IMG            # S1, an SME
    firms.loc[0, "name"] = XSS_SCRIPT         # A1, an anchor
    firms.loc[4, "name"] = "狮岭皮具 <&> 厂"
    return nc.read(firms=firms, links=links)


@pytest.fixture(scope="module")
def page():
    return report_html(xss_network(), runs=3, null_runs=3, seed=0, title="Shiling <report>",
                       generated="2024-01-01")


def test_user_text_is_escaped_everywhere(page):
    assert XSS_IMG not in page and XSS_SCRIPT not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Shiling &lt;report&gt;</title>" in page
    # the only closing script tags are our own elements
    assert page.count("</script>") == 4  # table.js, vis-network, map.js and the map data block
    assert not re.search(r"<img\b", page)


def test_chinese_text_is_utf8_text(page):
    assert "狮岭皮具 &lt;&amp;&gt; 厂" in page
    assert page.encode("utf-8").decode("utf-8") == page
    assert '<meta charset="utf-8">' in page
    assert "Noto Sans CJK SC" in page and "Microsoft YaHei" in page


def test_no_external_resources(page):
    assert not re.search(r'<(script|link|img|iframe|source|video|audio)[^>]+(src|href)\s*=', page, re.I)
    assert "@import" not in page and "@font-face" not in page
    assert not re.search(r"url\((?!\s*[\"']?(data:|#))", page)
    assert "sourceMappingURL" not in page
    assert "Content-Security-Policy" in page


def test_sections_and_table_rows(page):
    ids = re.findall(r'<section class="nc-section" id="([^"]+)"', page)
    assert ids == ["findings", "overview", "map", "layers", "top-firms", "communities", "multiplex",
                   "channels", "recommendations", "resilience", "symbiosis", "scenarios", "methods",
                   "provenance"]
    # one row per role in the role table, one per layer (+ aggregate) in the layers table
    for table_id, rows in (("table-roles", 6), ("table-layers", 4), ("table-layer-similarity", 3)):
        m = re.search(rf'<table[^>]*id="{table_id}"[^>]*data-rows="(\d+)"', page)
        assert m and int(m.group(1)) == rows, table_id
        body = page[page.index("<tbody>", m.end()):page.index("</tbody>", m.end())]
        assert body.count("<tr>") == rows
    assert "nc-sortable" in page


def test_map_data_block_roundtrips(page):
    m = re.search(r'<script type="application/json" class="nc-map-data">(.*?)</script>', page, re.S)
    data = json.loads(m.group(1))
    assert XSS_SCRIPT in data["firms"]["name"] and XSS_IMG in data["firms"]["name"]


def test_json_script_escapes_every_dangerous_character():
    text = json_dumps_safe({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}
    assert json.loads(json_dumps_safe({"x": float("nan")})) == {"x": None}
    assert 'id="a&#34;b"' in str(json_script(1, element_id='a"b'))


def test_environment_autoescapes_and_is_strict():
    env = environment()
    assert env.from_string("{{ x }}").render(x="<i>") == "&lt;i&gt;"
    assert env.get_template("_macros.html").module is not None
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing.key }}").render()
    with pytest.raises(UndefinedError):
        render_report({"title": "x"})


def test_inlined_assets_are_checked():
    js, css = vis_assets()
    assert "vis-network" in js and len(js) > 100_000 and "</script" not in js.lower()
    with pytest.raises(NetclustError):
        inline_safe("var a = '</script>';", "bad.js")


@pytest.mark.parametrize("value, text", [(25600, "25,600"), (0.5, "0.5"), (1e-5, "0.00001"),
                                         (True, "yes"), (None, "–"), (12.3456, "12.3")])
def test_number_format(value, text):
    assert fmt_number(value) == text


def test_percent_format():
    assert fmt_percent(0.889) == "88.9%" and fmt_percent(float("inf")) == "–"


def test_network_repr_html_escapes(toy):
    html = network_repr_html(xss_network())
    assert "&lt;MultilayerNetwork" in html and "<iframe" in html
    assert "<script" not in html.split("<iframe", 1)[0]
    big = network_repr_html(toy, max_map_firms=5)
    assert "<iframe" not in big


def test_delta_and_sort_key_formats():
    assert [fmt_delta(v) for v in (0.125, -3, 0, None, float("nan"))] == \
        ["+0.125", "−3", "±0", "–", "–"]
    assert [sort_key(v) for v in (3, 2.5, False, None, float("inf"), "b")] == \
        ["3.0", "2.5", "0", "", "", "b"]


def test_analysis_repr_shows_only_computed_results_and_escapes(monkeypatch):
    from netclust.analysis import Analysis
    import netclust.metrics.community
    import netclust.metrics.multiplex

    a = Analysis(xss_network(), seed=7)
    calls = []
    real = netclust.metrics.multiplex.multiplex
    monkeypatch.setattr(netclust.metrics.multiplex, "multiplex",
                        lambda *args, **kw: calls.append(1) or real(*args, **kw))
    html = analysis_repr_html(a)
    assert "nothing yet" in html and "seed 7" in html and "procurement" in html
    assert calls == [] and a.computed() == []      # displaying computed nothing
    _ = a.multiplex
    html = analysis_repr_html(a)
    assert calls == [1] and "top firms by versatility" in html and "communities:" not in html
    assert XSS_IMG not in html and XSS_SCRIPT not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;/script&gt;" in html
    _ = a.communities
    html = analysis_repr_html(a)
    assert f"communities: {a.communities.n_communities} (leiden-multiplex)" in html
    assert a._repr_html_() == html
