"""The report says what it estimated instead of computing exactly (issue 13)."""

from __future__ import annotations

from types import SimpleNamespace

import netclust as nc
from netclust.report import report_html
from netclust.report.context import _sampling


def test_exact_betweenness_is_said(toy):
    page = report_html(toy, runs=1, null_runs=1, include_map=False, scenarios=False)
    assert "Estimated at this size" in page and "Betweenness: exact" in page


def test_sampled_betweenness_and_aggregate_communities_are_said():
    net = nc.datasets.toy()
    data = SimpleNamespace(net=net, params={"seed": 7}, results={
        "betweenness_samples": 32, "communities": SimpleNamespace(method="leiden-aggregate")})
    lines = _sampling(data)
    assert "estimated from 32 randomly chosen source firms of 9 (seed 7" in lines[0]
    assert "one Leiden search on the aggregate network" in lines[1] and "200,000" in lines[1]
