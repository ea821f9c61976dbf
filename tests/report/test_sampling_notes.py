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


def test_exporters_reached_counted_for_the_listed_smes_is_said():
    import pandas as pd

    from netclust.metrics.channels import export_channels

    net = nc.read("data/shiling")
    ch = export_channels(net, reached=10)   # what the report does above 200,000 firms
    data = SimpleNamespace(net=net, params={"seed": 0}, results={"channels": ch})
    assert "counted for the 10 vulnerable SMEs listed, not for all 1,000 SMEs" in _sampling(data)[0]
    full = SimpleNamespace(net=net, params={}, results={"channels": export_channels(net)})
    assert _sampling(full) == [] and isinstance(ch.indicators, pd.Series)
