"""Two-network comparison: link changes by hand, entering/exiting firms, page."""

from __future__ import annotations

import pandas as pd
import pytest

import netclust as nc
from netclust.report.compare import compare_context, compare_data, compare_html, link_changes


def test_link_changes_by_hand(toy):
    firms, links = nc.datasets.toy_tables()
    # B: drop one procurement link, add one new design link; reversed undirected pair is the same link
    links_b = pd.concat([links.iloc[1:], pd.DataFrame(
        [("S1", "S3", "design_sharing", 1.0), ("S3", "S2", "design_sharing", 5.0)],
        columns=links.columns)], ignore_index=True)
    b = nc.read(firms=firms, links=links_b)
    t = link_changes(toy, b)
    assert t.loc["procurement"].tolist() == [6, 5, 5, 0, 1, pytest.approx(5 / 6)]
    # S2-S3 existed already (as S2-S3), S3-S2 is the same undirected link: only S1-S3 is new
    assert t.loc["design_sharing", ["kept", "added", "dropped"]].tolist() == [3, 1, 0]
    assert t.loc["logistics", "jaccard"] == 1.0


def test_compare_data_firms_and_indicators(toy):
    b = toy.remove_firms(["A1", "T1"])
    d = compare_data(toy, b, labels=("2023", "2024"), runs=2)
    assert d["exited"].index.tolist() == ["A1", "T1"] and d["entered"].empty
    assert d["indicators"].loc["firms"].tolist() == [9.0, 7.0, -2.0]
    assert d["roles"].loc["anchor"].tolist() == [2, 1, -1]
    assert d["n_common"] == 7
    assert {"nmi", "ari"} <= set(d["agreement"].index)
    ctx = compare_context(d, generated="x")
    assert ctx["labels"] == ["2023", "2024"] and ctx["exited"]["total"] == 2


def test_compare_page_escapes(toy):
    page = compare_html(toy, toy.remove_firms(["S1"]), labels=("<a>", "b"), runs=2, title="T <x>")
    assert "<title>T &lt;x&gt;</title>" in page and "&lt;a&gt;" in page and "<a>" not in page
    assert "Small One" in page


def test_compare_labels_checked(toy):
    with pytest.raises(nc.InputError):
        compare_data(toy, toy, labels=("a",), runs=2)
