"""Evolution section: context builder, partial, escaping, no section for one period (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import netclust as nc
from netclust.html import environment
from netclust.report.evolution import alluvial_svg, evolution_context, position_changes, trend_figure
from netclust.temporal import evolve

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def story_evolution():
    import itertools

    def clique(members, date):
        return [(u, v, "design_sharing", 1.0, date) for u, v in itertools.combinations(members, 2)]

    rows = clique("abcdef", "2021-05-01") + clique("abcdef", "2022-05-01")
    rows += [("x", "a", "procurement", 5.0, "2022-07-01")]
    rows += clique("abc", "2023-03-01") + clique("def", "2023-03-01")
    rows += [("g", "h", "logistics", 2.0, "2021-01-10"), ("g", "h", "logistics", 5.0, "")]
    links = pd.DataFrame(rows, columns=["source", "target", "layer", "weight", "date"])
    firms = pd.DataFrame({"firm_id": list("abcdefxgh"),
                          "name": ["<script>alert(1)</script>", "B&B", "c", "d", "e", "f",
                                   "X <Ltd>", "g", "h"],
                          "role": ["anchor"] + ["sme"] * 6 + ["logistics"] * 2})
    net = nc.read(firms=firms, links=links, by_period="month")
    return evolve(net, runs=3, null_runs=3, seed=1)


def _render(ctx):
    return environment().get_template("_evolution.html").render(evolution=ctx)


def test_context_structure(story_evolution):
    ctx = evolution_context(story_evolution)
    assert ctx["periods"] == ["2021", "2022", "2023"]
    assert ctx["trends"]["svg"].startswith("<svg") and ctx["alluvial"]["svg"].startswith("<svg")
    counts = {r[0]["t"]: [c["t"] for c in r[1:]] for r in ctx["churn"]["counts"]["rows"]}
    # hand count: x enters in 2022 and exits in 2023; g, h are present throughout (undated)
    assert counts == {"2021": ["8", "0", "0"], "2022": ["9", "1", "0"], "2023": ["8", "0", "1"]}
    events = {c["t"] for r in ctx["events"]["rows"] for c in r}
    assert "split" in events and "birth" in events
    assert any("undated" in n for n in ctx["notes"])


def test_partial_renders_sections_and_escapes_names(story_evolution):
    page = _render(evolution_context(story_evolution))
    for tid in ("table-evolution-churn", "table-evolution-firms", "table-evolution-movers",
                "table-evolution-events", "table-evolution-agreement"):
        assert f'id="{tid}"' in page
    assert 'id="evolution"' in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "X &lt;Ltd&gt;" in page
    assert "B&amp;B" in page


def test_no_section_with_a_single_period():
    net = nc.datasets.toy()
    ev = evolve({"2021": net}, runs=2, symbiosis=False)
    assert evolution_context(ev) is None
    assert _render(None).strip() == ""


def test_alluvial_bands_conserve_firms():
    # 2 periods: track 0 has a, b, c; then a, b stay in 0 and c moves to track 1 with d
    c = pd.DataFrame({"period": ["1"] * 3 + ["2"] * 4, "firm_id": list("abc") + list("abcd"),
                      "track": [0, 0, 0, 0, 0, 1, 1]})
    s = alluvial_svg(c)
    titles = re.findall(r"<path[^>]*><title>(\d+) firms?</title>", s)
    assert sorted(map(int, titles)) == [1, 2]  # a+b stay in T0, c moves to T1; d has no band
    assert "T0 (3)" in s and "T1 (2)" in s


def test_alluvial_escapes_period_labels():
    c = pd.DataFrame({"period": ["<b>", "<b>", "2&3", "2&3"], "firm_id": ["a", "b", "a", "b"],
                      "track": [0, 0, 0, 0]})
    s = alluvial_svg(c)
    assert "&lt;b&gt;" in s and "2&amp;3" in s and "<b>" not in s


def test_trend_bands():
    t = pd.DataFrame({"period": ["1", "1", "1", "1", "2", "2", "2", "2"],
                      "indicator": ["robustness_random", "robustness_random_p05",
                                    "robustness_random_p95", "nodf_z[sme_anchor]"] * 2,
                      "layer": "",   # network-wide values (the contract of periods.csv)
                      "value": [0.4, 0.35, 0.45, 2.5, 0.3, 0.2, 0.4, 0.5]})
    fig = trend_figure(t)
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "Robustness R, random removal (5–95 % band)", "NODF z-score, anchor"]
    band = fig.axes[0].collections[0].get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(0.2) and band[:, 1].max() == pytest.approx(0.45)


def test_position_changes_by_hand():
    p = pd.DataFrame({"period": ["1"] * 3 + ["2"] * 3, "firm_id": list("abc") + list("abd"),
                      "name": "", "role": "", "strength": [5.0, 3.0, 1.0, 1.0, 6.0, 2.0],
                      "rank": [1, 2, 3, 3, 1, 2], "partners": [3, 2, 1, 1, 3, 1]})
    t = position_changes(p)
    assert t.index.tolist() == ["a", "b"]  # c exited, d entered: not in both
    assert t["rank_change"].tolist() == [-2, 1]


def test_alluvial_draws_a_split_smaller_than_the_top_tracks():
    """Nine tracks of 20 firms; track 9 (12 firms) splits into 9 and 10 (6 each) in period 2.

    With top=8 both halves and their parent are smaller than the 8th track, so without
    the events they would be pooled as "other" (the planted 2023 split of the sample).
    """
    firms1 = [(f"t{k}_{i}", k) for k in range(9) for i in range(20)]
    parent = [(f"p{i}", 9) for i in range(12)]
    halves = [(f"p{i}", 9 if i < 6 else 10) for i in range(12)]
    c = pd.DataFrame([("1", f, t) for f, t in firms1 + parent] + [("2", f, t) for f, t in firms1 + halves],
                     columns=["period", "firm_id", "track"])
    tracks = pd.DataFrame({"period": ["2", "2", "1"], "track": [9, 10, 3],
                           "event": ["split", "split", "birth"]})
    plain = alluvial_svg(c, top=8)
    assert "T9" not in plain and "T10" not in plain
    s = alluvial_svg(c, tracks=tracks, top=8)
    for label in ("T9 (12)", "T9 (6)", "T10 (6)"):
        assert s.count(f"<title>{label}</title>") == 1, label
    bands = re.findall(r'<path[^>]*fill="([^"]+)"[^>]*><title>6 firms</title>', s)
    assert len(bands) == 2          # T9 -> T9 and T9 -> T10, six firms each
    assert s.count("<title>other (20)</title>") == 2   # the 9th track of 20 firms, pooled


def test_communities_panel_counts_tracked_communities(story_evolution):
    p = story_evolution.periods
    tracked = p[p["indicator"] == "tracked_communities"].set_index("period")["value"]
    ct = story_evolution.community_tracks
    hand = ct[ct["event"] != "death"].groupby("period")["community"].nunique()
    assert tracked.to_dict() == {k: float(v) for k, v in hand.items()}
    assert tracked["2023"] == 2 and tracked["2021"] == 1   # the clique, then its two halves
    n_all = p[p["indicator"] == "n_communities"].set_index("period")["value"]
    assert (n_all >= tracked).all() and (n_all > tracked).any()   # g-h pair: a community, not tracked
    fig = trend_figure(p)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert "Tracked communities" in titles and "Communities" not in titles
