"""split_periods: calendar, explicit and rolling windows; undated rule; register presence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import netclust as nc
from netclust.errors import InputError
from netclust.temporal import firm_presence, rolling_windows, split_periods


def test_years_hold_the_links_dated_in_them(story):
    p = split_periods(story, by="year")
    assert list(p) == ["2021", "2022", "2023"]
    assert [len(n.links) for n in p.values()] == [16, 17, 7]
    assert sorted(p["2022"].firm_ids) == list("abcdefghx")
    assert "x" not in p["2021"].firm_ids and "x" not in p["2023"].firm_ids
    gh = p["2022"].links.set_index(["source", "target"]).loc[("g", "h")]
    assert (gh["weight"], gh["count"]) == (5.0, 2)


def test_quarters_and_empty_periods_in_between(story):
    p = split_periods(story, by="quarter")
    assert list(p)[0] == "2021Q1" and list(p)[-1] == "2023Q1"
    assert len(p) == 9
    assert len(p["2021Q3"].links) == 0 and p["2021Q3"].n_firms == 0
    assert len(p["2021Q2"].links) == 15 and len(p["2022Q3"].links) == 1


def test_path_is_read_monthly(tmp_path, story_tables):
    firms, links = story_tables
    firms.to_csv(tmp_path / "firms.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    p = split_periods(tmp_path, by="year")
    assert [len(n.links) for n in p.values()] == [16, 17, 7]


def test_undated_always_and_exclude(undated_tables):
    firms, links = undated_tables
    net = nc.read(firms=firms, links=links, by_period="month")
    always = split_periods(net, by="year", undated="always")
    exclude = split_periods(net, by="year", undated="exclude")
    # counted under both rules, per layer, never silently dropped
    for p in (always, exclude):
        counts = p.undated.set_index("layer")["links"]
        assert counts["logistics"] == 1 and counts["design_sharing"] == 1
        assert counts["procurement"] == 0
    assert always.undated["rule"].eq("always").all() and exclude.undated["rule"].eq("exclude").all()
    # always: g-h (no register dates) in every year; y-a only while y is registered (2021)
    assert [len(n.links) for n in always.values()] == [3, 2]
    assert "y" in always["2021"].firm_ids and "y" not in always["2022"].firm_ids
    assert {"g", "h"} <= set(always["2022"].firm_ids)
    # exclude: only the dated a-b link
    assert [len(n.links) for n in exclude.values()] == [1, 1]
    assert "g" not in exclude["2021"].firm_ids


def test_undated_links_left_out_by_the_register_are_reported(undated_tables):
    from netclust.temporal import undated_message

    firms, links = undated_tables
    net = nc.read(firms=firms, links=links, by_period="month")
    always = split_periods(net, by="year", undated="always")
    # 2 undated links: g-h in both years; y-a only in 2021 (y closed in 2021)
    in_period = {p: len(n.links) - 1 for p, n in always.items()}   # less the dated a-b link
    assert in_period == {"2021": 2, "2022": 1} and int(always.undated["links"].sum()) == 2
    assert always.undated.attrs["left_out"] == {"2022": 1}
    msg = undated_message(always.undated)
    assert msg == ("2 undated links (2 records: design_sharing 1, logistics 1) kept in every "
                   "period where both their firms are present (undated rule: always; left out "
                   "because a firm is not registered then: 1 in 2022)")
    # the same sentence is each period's data warning (info, report)
    w = [p.message for p in always["2022"].validation.problems if p.code == "undated_links"]
    assert w == [msg]
    # nothing left out: the plain sentence; exclude: nothing is "left out" per period
    dated_y = undated_tables[0].assign(closed="")
    plain = split_periods(nc.read(firms=dated_y, links=links, by_period="month"), by="year")
    assert plain.undated.attrs["left_out"] == {}
    assert undated_message(plain.undated).endswith("kept in every period (undated rule: always)")
    exclude = split_periods(net, by="year", undated="exclude")
    assert exclude.undated.attrs["left_out"] == {}
    assert "left out of every period" in undated_message(exclude.undated)


def test_rolling_windows_overlap():
    links = pd.DataFrame({"source": "a", "target": "b", "layer": "procurement",
                          "date": ["2020-01-15", "2021-06-01", "2023-12-31"]})
    net = nc.read(links=links, by_period="month")
    p = split_periods(net, by=None, rolling=(24, 12))
    assert list(p) == ["2020-01..2021-12", "2021-01..2022-12", "2022-01..2023-12"]
    assert [int(n.links["count"].sum()) for n in p.values()] == [2, 1, 1]


def test_explicit_windows():
    links = pd.DataFrame({"source": "a", "target": "b", "layer": "procurement",
                          "date": ["2023-06-30", "2023-07-01", "2024-06-30", "2024-07-01"]})
    net = nc.read(links=links, by_period="month")
    p = split_periods(net, by=None, windows=["2023-07..2024-06", "2024"])
    assert [int(n.links["count"].sum()) for n in p.values()] == [2, 2]


def test_coarse_labels_refused():
    links = pd.DataFrame({"source": "a", "target": "b", "layer": "procurement",
                          "date": ["2023-06-30", "2024-01-05"]})
    net = nc.read(links=links, by_period="year")
    with pytest.raises(InputError, match="coarser"):
        split_periods(net, by="quarter")
    assert len(split_periods(net, by="year")) == 2


def test_errors():
    with pytest.raises(InputError, match="undated"):
        split_periods(nc.datasets.toy(), undated="sometimes")
    with pytest.raises(InputError, match="carry no period"):
        split_periods(nc.datasets.toy())
    with pytest.raises(InputError, match="exactly one"):
        links = pd.DataFrame({"source": "a", "target": "b", "layer": "procurement",
                              "date": ["2023-06-30"]})
        split_periods(nc.read(links=links, by_period="month"), by="year", rolling=(12, 12))


def test_presence_register_years_and_dates():
    firms = pd.DataFrame({"founded": [2021, None, "2022-03-05", None],
                          "closed": [None, "2021-06-30", None, None]},
                         index=pd.Index(list("abcd"), name="firm_id"))
    w = pd.DataFrame({"period": ["2020", "2021", "2022"],
                      "start": pd.to_datetime(["2020", "2021", "2022"]),
                      "end": pd.to_datetime(["2021", "2022", "2023"])})
    active = pd.DataFrame({"2020": [False, False, False, True], "2021": False, "2022": False},
                          index=firms.index)
    got = firm_presence(firms, w, active).astype(int).to_numpy().tolist()
    assert got == [[0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 0, 0]]


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 60))
def test_rolling_windows_are_full_and_stepped(length, step, span):
    first = pd.Period("2020-01", "M")
    last = first + (span - 1)
    wins = rolling_windows(str(first), str(last), length=length, step=step)
    starts = [pd.Period(w.split("..")[0], "M") for w in wins]
    ends = [pd.Period(w.split("..")[1], "M") for w in wins]
    assert starts[0] == first and all(e <= last for e in ends)
    if span >= length:
        assert all((e - s).n == length - 1 for s, e in zip(starts, ends))
        assert all((b - a).n == step for a, b in zip(starts, starts[1:]))
        assert (starts[-1] + step) + (length - 1) > last  # no further full window fits


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcde"), st.sampled_from("abcde"),
                          st.integers(0, 35)), min_size=1, max_size=25))
def test_calendar_years_partition_the_dated_records(rows):
    rows = [r for r in rows if r[0] != r[1]]
    if not rows:
        return
    dates = [str(pd.Period("2020-01", "M") + m) + "-10" for _, _, m in rows]
    links = pd.DataFrame({"source": [r[0] for r in rows], "target": [r[1] for r in rows],
                          "layer": "procurement", "date": dates})
    net = nc.read(links=links, by_period="month")
    p = split_periods(net, by="year", undated="exclude")
    assert sum(int(n.links["count"].sum()) for n in p.values()) == len(rows)
    years = sorted({d[:4] for d in dates})
    assert list(p)[0] == years[0] and list(p)[-1] == years[-1]
    np.testing.assert_array_equal(p.presence.sum(axis=0).to_numpy(),
                                  [n.n_firms for n in p.values()])
