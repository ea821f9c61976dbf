"""The removal charts' legends print the numbers of the tables beside them (one definition)."""

from __future__ import annotations

import html
import re

import pytest

import netclust as nc
from netclust.report.compute import collect
from netclust.report.context import report_context


@pytest.fixture(scope="module")
def sample_ctx():
    """The sample (3,000 firms): the drawn curves are thinned, the tables use every step."""
    data = collect(nc.datasets.sample(), runs=3, null_runs=2, include_map=False, seed=1)
    return report_context(data, generated="2024-01-01 00:00 UTC")


def _legend(svg: str) -> dict:
    """``{strategy label: number}`` from the legend entries ``label (R=x)`` / ``label (x)``."""
    texts = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.S)]
    return {m[1]: m[2] for t in texts if (m := re.fullmatch(r"(.+) \((?:R=)?([0-9.]+)\)", t))}


def _column(t: dict, label: str) -> dict:
    """``{first cell: cell of column label}`` of a report table."""
    j = [c["label"] for c in t["columns"]].index(label)
    return {row[0]["t"]: row[j]["t"] for row in t["rows"]}


def test_resilience_legend_r_is_the_table_r(sample_ctx):
    sec = sample_ctx["resilience"]
    legend = _legend(sec["figures"][0]["svg"])
    table = _column(sec["table"], "robustness R")
    assert len(table) >= 4 and set(legend) == set(table), (legend, table)
    assert legend == table


def test_channel_legend_is_the_table_mean_access(sample_ctx):
    ch = sample_ctx["channels"]
    legend = _legend(ch["figure"])
    table = _column(ch["curves"], "mean access over the removal")
    assert table and legend == table
