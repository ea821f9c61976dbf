"""The Analysis notebook facade: lazy, cached, a thin layer over the public functions."""

from __future__ import annotations

import pandas as pd

from netclust.analysis import Analysis
from netclust.metrics.centrality import centrality
from netclust.metrics.community import communities, community_table
from netclust.metrics.multiplex import multiplex


def test_nothing_is_computed_until_asked(toy):
    a = Analysis(toy, seed=3)
    assert "nothing yet" in repr(a)
    html = a._repr_html_()
    assert "nothing yet" in html and a.computed() == []  # display never computes


def test_members_equal_the_public_functions(toy):
    a = Analysis(toy, seed=3, omega=0.5)
    pd.testing.assert_frame_equal(a.centrality, centrality(toy, form="wide", seed=3, omega=0.5))
    pd.testing.assert_frame_equal(a.firm_measures, centrality(toy, seed=3, omega=0.5))
    pd.testing.assert_frame_equal(a.multiplex, multiplex(toy, omega=0.5))
    pd.testing.assert_series_equal(a.communities.membership, communities(toy, seed=3).membership)
    pd.testing.assert_frame_equal(a.community_table, community_table(toy, a.communities.membership))
    assert set(a.layer_metrics["metric"]) >= {"modularity", "edge_jaccard", "multislice_modularity"}


def test_results_are_cached(toy):
    a = Analysis(toy)
    assert a.centrality is a.centrality
    assert a.communities is a.communities
    # the wide view is derived from the one long computation
    assert set(a.computed()) == {"firm_measures", "centrality", "communities"}


def test_repr_html_escapes_firm_names(toy_tables):
    import netclust as nc

    firms, links = toy_tables
    firms = firms.copy()
    firms.loc[firms["firm_id"] == "L1", "name"] = "<script>alert(1)</script> & Co"
    net = nc.read(firms=firms, links=links)
    a = Analysis(net)
    a.multiplex  # noqa: B018 - compute so that the top-firms table is shown
    a.communities  # noqa: B018
    html = a._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "multislice" in html and "versatility" in html


def test_scenario_uses_the_analysis_seed_unless_given(toy):
    from netclust.scenario import exit_firms

    a = Analysis(toy, seed=3)
    kw = {"firms": ["A1"], "indicators": ["R_random"], "runs": 3}
    got = a.scenario("exit", **kw).table
    pd.testing.assert_frame_equal(got, exit_firms(toy, seed=3, **kw).table)
    other = a.scenario("exit", seed=4, **kw).table       # an explicit seed wins (no TypeError)
    pd.testing.assert_frame_equal(other, exit_firms(toy, seed=4, **kw).table)
