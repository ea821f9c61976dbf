"""Layouts: determinism, community separation, super-node sums, geographic projection."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netclust.errors import InputError
from netclust.viz.geo import geo_positions, has_coordinates
from netclust.viz.layout import SPACING, community_layout, community_summary, force_layout


def two_cliques(k=12):
    """Two k-cliques joined by one bridge: the textbook two-community graph."""
    g = nx.disjoint_union(nx.complete_graph(k), nx.complete_graph(k))
    g.add_edge(0, k)
    return ig.Graph.from_networkx(g), np.array([0] * k + [1] * k)


def test_force_layout_is_seeded_and_sized():
    g, _ = two_cliques()
    a = force_layout(g, seed=3)
    b = force_layout(g, seed=3)
    c = force_layout(g, seed=4)
    assert a.shape == (24, 2)
    assert np.array_equal(a, b)
    assert not np.allclose(a, c)
    assert np.allclose(a.mean(axis=0), 0, atol=1e-6)
    # spans about SPACING * sqrt(n) (98th percentile of |coordinate| = half of it)
    half = np.percentile(np.abs(a), 98, axis=0).max()
    assert half == pytest.approx(SPACING * np.sqrt(24) / 2)


def test_force_layout_rejects_bad_niter():
    with pytest.raises(InputError):
        force_layout(ig.Graph(3), niter=0)


def test_force_layout_keeps_cliques_apart():
    g, memb = two_cliques()
    xy = force_layout(g, seed=0)
    c0, c1 = xy[memb == 0].mean(axis=0), xy[memb == 1].mean(axis=0)
    spread = np.hypot(*(xy[memb == 0] - c0).T).mean()
    assert np.hypot(*(c0 - c1)) > 1.5 * spread


def test_community_layout_separates_discs_and_is_deterministic():
    g, memb = two_cliques(20)
    a = community_layout(g, memb, seed=1)
    assert np.array_equal(a, community_layout(g, memb, seed=1))
    c0, c1 = a[memb == 0].mean(axis=0), a[memb == 1].mean(axis=0)
    r0 = np.hypot(*(a[memb == 0] - c0).T).max()
    r1 = np.hypot(*(a[memb == 1] - c1).T).max()
    # the two discs do not overlap
    assert np.hypot(*(c0 - c1)) >= 0.95 * (r0 + r1)


def test_community_layout_groups_singletons_and_checks_shape():
    g = ig.Graph(n=5, edges=[(0, 1)])
    xy = community_layout(g, [0, 0, 1, 2, 3], seed=0)
    assert xy.shape == (5, 2) and np.isfinite(xy).all()
    with pytest.raises(InputError, match="one label per vertex"):
        community_layout(g, [0, 1], seed=0)


def test_community_summary_matches_networkx_counts():
    g, memb = two_cliques(6)
    g.es["weight"] = [2.0] * g.ecount()
    xy = np.arange(24, dtype=float).reshape(12, 2)
    nodes, links = community_summary(g, memb, xy)
    assert nodes["size"].tolist() == [6, 6]
    assert nodes.loc[0, "x"] == pytest.approx(xy[:6, 0].mean())
    # independent count with networkx: edges whose ends lie in different communities
    G = g.to_networkx()
    between = sum(1 for u, v in G.edges() if memb[u] != memb[v])
    assert links[["source", "target"]].values.tolist() == [[0, 1]]
    assert int(links["links"].iloc[0]) == between == 1
    assert float(links["weight"].iloc[0]) == 2.0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=3, max_size=30))
def test_community_summary_sizes_sum_to_n(labels):
    codes = pd.factorize(np.asarray(labels))[0]
    g = ig.Graph.Ring(len(codes))
    nodes, links = community_summary(g, codes, np.zeros((len(codes), 2)))
    assert int(nodes["size"].sum()) == len(codes)
    # a ring links i and i+1 (mod n): count the pairs in different communities by hand
    inter = sum(codes[i] != codes[(i + 1) % len(codes)] for i in range(len(codes)))
    assert int(links["links"].sum()) == inter


def test_geo_positions_orientation_and_scale():
    # 0.01 degree of longitude at 23.47 N is 1.0207 km; 0.01 degree of latitude is 1.1119 km
    f = pd.DataFrame({"lon": [113.15, 113.16, 113.15, np.nan],
                      "lat": [23.47, 23.47, 23.48, 23.47]})
    xy, ok = geo_positions(f, span=1000)
    assert ok.tolist() == [True, True, True, False]
    assert xy[1, 0] > xy[0, 0]          # east is right
    assert xy[2, 1] < xy[0, 1]          # north is up (screen y grows downwards)
    dx = xy[1, 0] - xy[0, 0]
    dy = xy[0, 1] - xy[2, 1]
    assert dx / dy == pytest.approx(np.cos(np.radians(23.47)), rel=1e-3)
    assert xy[3, 1] > xy[:3, 1].max()   # the firm without coordinates sits below the map


def test_geo_positions_errors():
    assert not has_coordinates(pd.DataFrame({"x": [1]}))
    with pytest.raises(InputError, match="lon"):
        geo_positions(pd.DataFrame({"x": [1.0]}))
    with pytest.raises(InputError, match="no firm has valid"):
        geo_positions(pd.DataFrame({"lon": [np.nan, 500.0], "lat": [1.0, 2.0]}))
