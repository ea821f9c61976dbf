"""The Evolution section rendered alone in chromium (screenshot in tests/artifacts/evolution.png)."""

from __future__ import annotations

import pytest

import netclust as nc
from netclust.html import environment
from netclust.report.evolution import evolution_context
from netclust.temporal import evolve, simulate_years, split_periods

pytestmark = pytest.mark.browser


def test_evolution_section_in_chromium(visit, tmp_path):
    sim = simulate_years(400, "2020-2024", seed=3, platform_smes=20)
    net = nc.read(firms=sim.firms, links=sim.links, by_period="month")
    ev = evolve(split_periods(net, by="year"), runs=3, null_runs=0, seed=1)
    body = environment().get_template("_evolution.html").render(evolution=evolution_context(ev))
    page = environment().from_string(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>{{ asset('netclust.css') }}"
        "</style></head><body><main style='max-width:1100px;margin:auto'>{{ body|safe }}"
        "</main></body></html>").render(body=body)
    html = tmp_path / "evolution.html"
    html.write_text(page, encoding="utf-8")
    v = visit(html, wait_map=False, viewport=(1200, 900))
    assert v.page.locator("#evolution svg").count() >= 2
    assert v.errors == [] and v.foreign_requests() == []
    assert v.screenshot("evolution", full_page=True).stat().st_size > 10_000
