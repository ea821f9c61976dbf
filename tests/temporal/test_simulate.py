"""evolve finds the events planted by simulate_years (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

import netclust as nc
from netclust.metrics.community import partition_agreement
from netclust.temporal import evolve, simulate_years, split_periods, write_temporal_tables


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    tables = simulate_years(1500, "2020-2024", seed=3, platform_smes=30)
    out = tmp_path_factory.mktemp("sim")
    write_temporal_tables(tables, out)
    return tables, evolve(out, by="year", runs=3, null_runs=0, seed=0)


def test_exits_and_entries_found_exactly(planted):
    tables, ev = planted
    fc = ev.firm_changes
    ex = tables.events[tables.events["event"].isin(["exit", "anchor_exit"])]
    found = set(zip(fc[fc["change"] == "exited"]["period"].astype(int),
                    fc[fc["change"] == "exited"]["firm_id"]))
    assert found == set(zip(ex["year"], ex["firm_id"]))
    anchor = tables.events[tables.events["event"] == "anchor_exit"].iloc[0]
    assert (str(anchor["year"]), anchor["firm_id"], "exited") in set(map(tuple, fc.values.tolist()))
    en = tables.events[tables.events["event"].isin(["entry", "platform"])]
    found = set(zip(fc[fc["change"] == "entered"]["period"].astype(int),
                    fc[fc["change"] == "entered"]["firm_id"]))
    assert found == set(zip(en["year"], en["firm_id"]))


def test_planted_split_found(planted):
    tables, ev = planted
    ev_split = tables.events[tables.events["event"] == "split"].iloc[0]
    year = str(ev_split["year"])
    comm = ev.communities[ev.communities["period"] == year]
    truth = tables.communities[tables.communities["period"] == year].set_index("firm_id")["community"]
    halves = [truth.index[truth == ev_split["community"]], truth.index[truth == truth.max() - 1]]
    found = comm.set_index("firm_id")["community"]
    majority = [found.reindex(h).mode().iloc[0] for h in halves]
    assert majority[0] != majority[1]
    tr = ev.community_tracks[ev.community_tracks["period"] == year]
    assert set(tr[tr["community"].isin(majority)]["event"]) == {"split"}


def test_platform_smes_found_as_new_track(planted):
    tables, ev = planted
    plat = tables.events[tables.events["event"] == "platform"].iloc[0]
    members = set(tables.events[tables.events["event"] == "platform_member"]["firm_id"])
    members.add(plat["firm_id"])
    year = str(plat["year"])
    comm = ev.communities[ev.communities["period"] == year]
    best = comm[comm["firm_id"].isin(members)]["community"].mode().iloc[0]
    group = set(comm[comm["community"] == best]["firm_id"])
    assert len(group & members) / len(group | members) >= 0.8
    tr = ev.community_tracks
    row = tr[(tr["period"] == year) & (tr["community"] == best)]
    assert row["event"].tolist() == ["birth"]


def test_tracked_communities_match_truth(planted):
    """NMI of the tracked labels against the planted communities, every period."""
    tables, ev = planted
    nmi = {}
    for period, g in ev.communities.dropna(subset=["track"]).groupby("period"):
        truth = tables.communities[tables.communities["period"] == period]
        nmi[period] = partition_agreement(g.set_index("firm_id")["track"],
                                          truth.set_index("firm_id")["community"])["nmi"]
    assert len(nmi) == 5 and min(nmi.values()) > 0.9, nmi


def test_same_seed_same_tables():
    a = simulate_years(300, "2020-2022", seed=4, platform=None, split=2022, platform_smes=5)
    b = simulate_years(300, "2020-2022", seed=4, platform=None, split=2022, platform_smes=5)
    pd.testing.assert_frame_equal(a.links, b.links)
    pd.testing.assert_frame_equal(a.events, b.events)


def test_records_read_back_with_register(tmp_path):
    t = simulate_years(300, "2020-2023", seed=1, platform_smes=8)
    write_temporal_tables(t, tmp_path)
    p = split_periods(tmp_path, by="year")
    truth = t.communities.groupby("period").size()
    assert [p[k].n_firms for k in p] == truth.loc[list(p)].tolist()


def test_bad_event_year():
    with pytest.raises(nc.InputError, match="split year"):
        simulate_years(300, "2020-2022", split=2030)
