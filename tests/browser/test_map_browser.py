"""The network map in headless chromium: offline, counts, layer toggles, XSS, drill-down."""

from __future__ import annotations

import pytest

import netclust as nc
from netclust.viz.interactive import map_payload, network_map

pytestmark = pytest.mark.browser

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"


def xss_network():
    firms, links = nc.datasets.toy_tables()
    firms = firms.copy()
    firms.loc[2, "name"] = XSS_IMG           # S1
    firms.loc[0, "name"] = XSS_SCRIPT        # A1
    firms["sector"] = "<b onmouseover=alert(2)>bags</b>"
    return nc.read(firms=firms, links=links)


MAP = "window.netclustMaps[0]"


def test_map_offline_counts_toggles_and_escaping(visit, tmp_path):
    net = xss_network()
    path = tmp_path / "map.html"
    path.write_text(network_map(net, title="<i>XSS</i> map").to_html(), encoding="utf-8")
    v = visit(path)
    page = v.page
    assert v.foreign_requests() == [] and v.blocked == []
    assert v.errors == []
    # node count read from the vis DataSet
    assert page.evaluate(f"{MAP}.nodes.length") == net.n_firms == 9
    assert page.evaluate(f"{MAP}.edgeView.length") == len(net.links) == 13
    # toggling a layer hides its edges (procurement: 6 links) and brings them back
    page.uncheck("input.nc-layer[data-name='procurement']")
    assert page.evaluate(f"{MAP}.edgeView.length") == 7
    layers = page.evaluate(f"{MAP}.edgeView.get().map(e => e.layer)")
    assert 0 not in layers and len(layers) == 7
    page.check("input.nc-layer[data-name='procurement']")
    assert page.evaluate(f"{MAP}.edgeView.length") == 13
    # hostile names are text: search results, info panel, tooltip
    page.fill(".nc-search", "onerror")
    results = page.locator(".nc-result-name")
    assert results.count() == 1 and results.first.text_content() == XSS_IMG
    results.first.click()
    info = page.locator(".nc-info").text_content()
    assert XSS_IMG in info and "<b onmouseover=alert(2)>bags</b>" in info
    page.fill(".nc-search", "alert(1)")
    assert page.locator(".nc-result-name").count() == 2
    page.press(".nc-search", "Enter")
    assert page.evaluate(f"{MAP}.network.getSelectedNodes()") == [0]
    pos = page.evaluate(f"(() => {{ const p = {MAP}.network.getPositions([2])[2]; "
                        f"return {MAP}.network.canvasToDOM(p); }})()")
    box = page.locator(".nc-canvas").bounding_box()
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_timeout(400)
    assert page.evaluate("document.querySelectorAll('img, b, i').length") == 0
    assert v.dialogs == []
    assert page.title() == "<i>XSS</i> map"
    v.screenshot("map_toy_xss")
    assert v.errors == [] and v.foreign_requests() == []


def test_community_view_and_drill_down(visit, tmp_path):
    net = nc.datasets.sample()
    payload = map_payload(net, view="communities", communities=nc.datasets.sample_communities())
    m = network_map(net, view="communities", communities=nc.datasets.sample_communities())
    path = tmp_path / "communities.html"
    path.write_text(m.to_html(), encoding="utf-8")
    v = visit(path)
    page = v.page
    sizes = payload["communities"]["size"]
    bubbles = sum(1 for s in sizes if s >= 2)
    assert page.evaluate(f"{MAP}.mode()") == "communities"
    assert page.evaluate(f"{MAP}.nodes.length") == bubbles + len(payload["backbone"])
    v.screenshot("map_sample_communities")
    # open the largest community: exactly its firms
    page.evaluate(f"{MAP}.drill(0)")
    assert page.evaluate(f"{MAP}.nodes.length") == sizes[0]
    assert page.locator(".nc-back").is_visible()
    v.screenshot("map_sample_community_0")
    page.click(".nc-back")
    assert page.evaluate(f"{MAP}.mode()") == "communities"
    # searching a firm outside the key firms opens its community
    firm = next(i for i in range(net.n_firms) if i not in set(payload["backbone"]))
    page.fill(".nc-search", net.firm_ids[firm])
    page.press(".nc-search", "Enter")
    assert page.evaluate(f"{MAP}.mode()") == "community"
    assert page.evaluate(f"{MAP}.network.getSelectedNodes()") == [firm]
    assert v.errors == [] and v.foreign_requests() == [] and v.dialogs == []


def test_sample_map_loads_within_seconds(visit, tmp_path):
    net = nc.datasets.sample()
    path = tmp_path / "sample.html"
    path.write_text(network_map(net).to_html(), encoding="utf-8")
    v = visit(path)
    ready_ms = int(v.page.get_attribute(".nc-map", "data-ready-ms"))
    assert v.page.evaluate(f"{MAP}.nodes.length") == net.n_firms
    assert ready_ms < 30_000
    v.screenshot("map_sample_firms")
    assert v.errors == [] and v.foreign_requests() == []
