"""evolve on hand-made dated data where the answer is known, checked independently."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import netclust as nc
from netclust.temporal import (anchor_trajectories, evolve, firm_changes, link_changes, period_indicators,
                               match_communities, per_period, split_periods, track_communities)


@pytest.fixture
def story_evolution(story):
    return evolve(story, by="year", runs=3, null_runs=0, seed=0)


def test_contract_columns(story_evolution):
    ev = story_evolution
    assert list(ev.periods.columns) == ["period", "indicator", "layer", "value"]
    assert list(ev.firm_changes.columns) == ["period", "firm_id", "change"]
    assert list(ev.link_changes.columns[:5]) == ["period", "layer", "new", "lost", "persisting"]
    assert list(ev.community_tracks.columns[:5]) == ["period", "community", "track", "size", "event"]
    assert set(ev.firm_changes["change"]) <= {"entered", "exited"}
    firms = ev.periods[ev.periods["indicator"] == "firms"]
    assert firms["layer"].eq("").all() and firms["value"].tolist() == [8, 9, 8]


def test_firm_appearing_in_year_2_and_leaving_in_year_3(story_evolution):
    assert story_evolution.firm_changes.values.tolist() == [["2022", "x", "entered"],
                                                            ["2023", "x", "exited"]]


def test_link_persisting_with_changed_weight(story_evolution):
    lc = story_evolution.link_changes.set_index(["period", "layer"])
    ds = lc.loc[("2022", "design_sharing")]
    assert (ds["new"], ds["lost"], ds["persisting"], ds["weight_increased"]) == (0, 0, 15, 0)
    lg = lc.loc[("2022", "logistics")]
    assert (lg["new"], lg["lost"], lg["persisting"]) == (0, 0, 1)
    assert (lg["weight_increased"], lg["weight_decreased"], lg["weight_change"]) == (1, 0, 3.0)
    lg = lc.loc[("2023", "logistics")]
    assert (lg["persisting"], lg["weight_increased"], lg["weight_change"]) == (1, 0, 0.0)
    assert tuple(lc.loc[("2022", "procurement"), ["new", "lost", "persisting"]]) == (1, 0, 0)
    assert tuple(lc.loc[("2023", "design_sharing"), ["new", "lost", "persisting"]]) == (0, 9, 6)
    assert tuple(lc.loc[("2023", "procurement"), ["new", "lost", "persisting"]]) == (0, 1, 0)


def test_community_that_splits(story_evolution):
    tr = story_evolution.community_tracks
    assert tr[tr["period"] == "2021"]["event"].tolist() == ["birth"]
    last = tr[tr["period"] == "2023"]
    assert sorted(last["event"]) == ["split", "split"]
    assert sorted(last["size"]) == [3, 3]
    assert last["track"].nunique() == 2 and 0 in set(last["track"])


def test_multislice_partition_of_identical_periods_agrees(toy):
    ev = evolve({"2021": toy, "2022": toy}, runs=2, null_runs=0, symbiosis=False)
    comm = ev.communities
    assert comm.groupby("firm_id")["temporal_community"].nunique().max() == 1
    assert ev.agreement["nmi"].between(0, 1).all()
    assert ev.community_tracks[ev.community_tracks["period"] == "2022"]["event"].eq(
        "continuation").all()


def test_link_changes_match_sets(story):
    """Independent count with Python sets of (layer, u, v)."""
    p = split_periods(story, by="year")
    got = link_changes(dict(p.items()))
    keys = {k: {(l, s, t): w for l, s, t, w in zip(n.links["layer"], n.links["source"],
                                                     n.links["target"], n.links["weight"])}
            for k, n in p.items()}
    for (a, b) in (("2021", "2022"), ("2022", "2023")):
        for layer in story.layer_names:
            A = {k for k in keys[a] if k[0] == layer}
            B = {k for k in keys[b] if k[0] == layer}
            row = got[(got["period"] == b) & (got["layer"] == layer)].iloc[0]
            assert (row["new"], row["lost"], row["persisting"]) == (len(B - A), len(A - B), len(A & B))
            assert row["weight_change"] == pytest.approx(sum(keys[b][k] - keys[a][k] for k in A & B))


def test_anchor_partners_match_networkx(toy):
    out = anchor_trajectories({"2021": toy}).set_index("firm_id")
    g = nx.Graph()
    g.add_edges_from(zip(toy.links["source"], toy.links["target"]))
    strength = pd.Series(0.0, index=toy.firm_ids)
    for s, t, w in zip(toy.links["source"], toy.links["target"], toy.links["weight"]):
        strength[s] += w
        strength[t] += w
    rank = strength.rank(ascending=False, method="min")
    for fid in out.index:
        assert out.loc[fid, "partners"] == g.degree(fid)
        assert out.loc[fid, "strength"] == pytest.approx(strength[fid])
        assert out.loc[fid, "rank"] == rank[fid]


def test_anchor_gains_and_losses(toy):
    later = toy.remove_firms(["S1"])
    out = anchor_trajectories({"a": toy, "b": later}).set_index(["period", "firm_id"])
    lost = out.loc[("b", "A1"), "partners_lost"]
    assert lost == int("S1" in set(toy.links.query("source == 'A1' or target == 'A1'")
                                   [["source", "target"]].to_numpy().ravel()))
    assert out.loc[("b", "A1"), "partners"] == out.loc[("a", "A1"), "partners"] - lost


def test_match_communities_jaccard_by_hand():
    a = pd.Series([0, 0, 0, 1, 1], index=list("vwxyz"))
    b = pd.Series([7, 7, 8, 8, 8], index=list("vwxyq"))
    m = match_communities(a, b).set_index(["previous", "current"])["jaccard"]
    assert m[(0, 7)] == pytest.approx(2 / 3)   # {v,w} / {v,w,x}
    assert m[(0, 8)] == pytest.approx(1 / 5)   # {x} / {v,w,x,y,q}
    assert m[(1, 8)] == pytest.approx(1 / 4)   # {y} / {x,y,z,q}


def test_track_events_merge_birth_death_growth():
    y1 = pd.Series([0] * 4 + [1] * 4 + [2] * 3, index=list("abcdefghijk"))
    y2 = pd.Series([0] * 8 + [1] * 3, index=list("abcdefghlmn"))   # 0+1 merge; 2 dies; lmn born
    y3 = pd.Series([0] * 10 + [1] * 3, index=list("abcdefghopqlmn")[:10] + ["l", "m", "n"])
    t = track_communities({"1": y1, "2": y2, "3": y3}).tracks
    two = t[t["period"] == "2"]
    assert sorted(two[two["community"] == 0]["event"]) == ["merge", "merge"]
    assert set(two[two["community"] == 0]["track"]) == {0, 1}
    assert two[two["community"] == 1]["event"].tolist() == ["birth"]
    assert two[two["event"] == "death"]["track"].tolist() == [2]
    three = t[t["period"] == "3"].set_index("community")
    assert set(three.loc[[0], "event"]) == {"growth"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=6, max_size=40), st.integers(2, 4))
def test_same_partition_every_period_is_continuation(labels, periods):
    s = pd.Series(labels, index=[f"f{i}" for i in range(len(labels))])
    t = track_communities({str(p): s for p in range(periods)}).tracks
    later = t[t["period"] != "0"]
    assert later["event"].eq("continuation").all()
    assert len(later) == (s.value_counts() >= 3).sum() * (periods - 1)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=6, max_size=30),
       st.lists(st.integers(0, 3), min_size=6, max_size=30), st.permutations(range(4)))
def test_events_do_not_depend_on_label_names(a, b, perm):
    n = min(len(a), len(b))
    idx = [f"f{i}" for i in range(n)]
    s1, s2 = pd.Series(a[:n], index=idx), pd.Series(b[:n], index=idx)
    t1 = track_communities({"1": s1, "2": s2}).tracks
    t2 = track_communities({"1": s1, "2": s2.map(dict(enumerate(perm)))}).tracks
    assert sorted(t1["event"]) == sorted(t2["event"])
    assert sorted(t1["size"]) == sorted(t2["size"])


def test_firm_changes_match_sets():
    p = pd.DataFrame({"1": [1, 1, 0, 1], "2": [1, 0, 1, 1], "3": [0, 0, 1, 1]},
                     index=pd.Index(list("abcd"), name="firm_id")).astype(bool)
    got = set(map(tuple, firm_changes(p).values.tolist()))
    want = set()
    for a, b in (("1", "2"), ("2", "3")):
        A, B = set(p.index[p[a]]), set(p.index[p[b]])
        want |= {(b, f, "entered") for f in B - A} | {(b, f, "exited") for f in A - B}
    assert got == want


def test_per_period_metrics_differ_between_periods(story):
    p = split_periods(story, by="year")
    table = per_period(lambda n: nc.centrality(n), p)
    assert table.columns[0] == "period"
    deg = table[(table["metric"] == "degree") & (table["layer"] == "design_sharing")
                & (table["firm_id"] == "a")].set_index("period")["value"]
    assert deg.to_dict() == {"2021": 5.0, "2022": 5.0, "2023": 2.0}


def test_period_indicators_include_symbiosis_and_robustness(toy):
    from netclust.temporal import period_indicators

    t = period_indicators(toy, runs=3, null_runs=3, seed=0)
    names = set(t["indicator"])
    assert {"robustness_random", "robustness_degree", "modularity", "density"} <= names
    assert "nodf[sme_anchor]" in names and "connectance[sme_anchor]" in names
    assert "nodf_z[sme_anchor]" in names
    ch = t[t["layer"] == ""].set_index("indicator")["value"]
    # toy: 3 SMEs, all reach an exporter, 1 of them by two independent routes (N-1 secure)
    assert ch["access_share"] == 1.0 and ch["secure_share"] == pytest.approx(1 / 3)
    assert ch["smes_with_single_point"] == 2
    dens = t[(t["indicator"] == "density")].set_index("layer")["value"]
    assert dens["design_sharing"] == pytest.approx(2 * 3 / (9 * 8))


def test_seed_reproducible(story):
    a = evolve(story, runs=3, null_runs=2, seed=5)
    b = evolve(story, runs=3, null_runs=2, seed=5)
    for name, df in a.tables().items():
        pd.testing.assert_frame_equal(df, b.tables()[name])


def test_period_indicator_names_are_the_packages():
    """reciprocity_pairs and pair_multiplexity: the names (and values) of summary / layer_metrics."""
    links = pd.DataFrame({"source": ["a", "b", "a", "a"], "target": ["b", "a", "c", "b"],
                          "layer": ["procurement", "procurement", "procurement", "design_sharing"]})
    net = nc.read(links=links)
    t = period_indicators(net, runs=2, null_runs=0)
    rec = t[t["indicator"] == "reciprocity_pairs"].set_index("layer")["value"]
    assert rec["procurement"] == pytest.approx(0.5)   # {a,b} both ways, {a,c} one way
    assert rec["procurement"] == pytest.approx(net.summary().layers.loc["procurement", "reciprocity_pairs"])
    # over the union of the directed layers: network-wide, so layer empty and its own name
    assert "any_directed" not in set(t["layer"])
    union = t[t["indicator"] == "reciprocity_pairs_all_directed"]
    assert union["layer"].tolist() == [""] and union["value"].item() == pytest.approx(0.5)
    mult = t[t["indicator"] == "pair_multiplexity"]["value"].item()
    assert mult == pytest.approx(0.5)                  # {a,b} in two layers, {a,c} in one
    assert not {"reciprocity", "multiplexity"} & set(t["indicator"])


def test_periods_layer_empty_for_network_wide_values():
    """periods.csv contract: ``layer`` empty for network-wide values, a layer name otherwise."""
    links = pd.DataFrame({"source": ["a", "b", "a", "c", "d"], "target": ["b", "a", "c", "d", "a"],
                          "layer": ["procurement", "procurement", "logistics", "procurement",
                                    "design_sharing"]})
    net = nc.read(links=links)
    t = period_indicators(net, runs=2, null_runs=0)
    layer = t.groupby("indicator")["layer"].agg(lambda s: set(s))
    for name in ("firms", "n_communities", "robustness_random", "robustness_degree",
                 "robustness_random_p05", "robustness_random_p95", "pair_multiplexity",
                 "reciprocity_pairs_all_directed"):
        assert layer[name] == {""}, name
    # per-layer values name a layer of the network (or the aggregate layer of summary())
    allowed = set(net.layer_names) | {"aggregate"}
    for name in ("links", "density", "reciprocity_pairs", "modularity"):
        assert layer[name] <= allowed and "" not in layer[name], name
    assert set(t["layer"]) <= allowed | {""}
