"""Static figures: inline SVG safety, values drawn, CJK text."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from netclust.errors import InputError
from netclust.viz.figures import (_ccdf, community_sizes_figure, distribution_figure,
                                  scenario_figure, scorecard_figure, svg)


def test_ccdf_by_hand():
    # values 1, 1, 2, 4 (and a zero, left out): P(X >= 1) = 1, P(X >= 2) = 0.5, P(X >= 4) = 0.25
    x, y = _ccdf(np.array([1, 0, 2, 1, 4]))
    assert x.tolist() == [1, 2, 4]
    assert y.tolist() == [1.0, 0.5, 0.25]


def test_distribution_figure_draws_one_step_per_layer(toy):
    deg = pd.DataFrame({"a": [1, 2, 3, 0], "aggregate": [1, 2, 3, 4]})
    fig = distribution_figure(deg, what="degree")
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == \
        ["a (3 firms)", "aggregate (4 firms)"]
    with pytest.raises(InputError):
        distribution_figure(pd.DataFrame(index=[0]))


def test_svg_is_inline_ready_and_ids_unique():
    a = svg(community_sizes_figure(pd.Series([5, 3, 1])))
    b = svg(community_sizes_figure(pd.Series([5, 3, 1])))
    assert a.startswith("<svg") and "<?xml" not in a and "DOCTYPE" not in a
    assert "<script" not in a
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    # every internal reference points to an id of the same figure
    refs = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', a))
    assert refs <= ids_a


def test_svg_text_is_escaped_and_cjk_does_not_warn():
    s = pd.Series([4, 2], index=["<b>狮岭</b>", "x&y"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = svg(community_sizes_figure(s))
    assert "<b>狮岭" not in out and "&lt;b&gt;狮岭&lt;/b&gt;" in out and "x&amp;y" in out


def test_scorecard_figure_bars_clip_and_skip_missing():
    sc = pd.DataFrame({"web": ["w"] * 4, "indicator": ["a", "b", "c", "d"],
                       "z": [3.0, -120.0, np.nan, 1.0]})
    ax = scorecard_figure(sc).axes[0]
    widths = [p.get_width() for p in ax.patches if p.get_height() < 1]
    assert widths == [3.0, -50.0, 1.0]
    assert "-120.0" in [t.get_text() for t in ax.texts]
    with pytest.raises(InputError):
        scorecard_figure(pd.DataFrame({"web": []}))


def test_community_sizes_others_bar_and_roles():
    sizes = pd.Series([10, 6, 3, 1, 1])
    ax = community_sizes_figure(sizes, top=3).axes[0]
    assert [p.get_height() for p in ax.patches] == [10, 6, 3, 2]
    roles = pd.DataFrame({"sme": [6, 4, 2, 1, 1], "anchor": [4, 2, 1, 0, 0]})
    ax = community_sizes_figure(sizes, roles=roles, top=3).axes[0]
    assert len(ax.patches) == 8
    assert sum(p.get_height() for p in ax.patches) == 21


def test_scenario_figure_percent_change_by_hand():
    t = pd.DataFrame({"indicator": ["smes_with_access", "firms", "R_random"],
                      "before": [200.0, 10.0, 0.0], "after": [150.0, 9.0, 0.1]})
    ax = scenario_figure({"exit": t, "other": t.iloc[1:2]},
                         indicators=("firms", "smes_with_access", "R_random")).axes[0]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    # firms -10 % twice, SMEs -25 % once, R from 0: drawn as 0
    assert widths == [-25.0, -10.0, -10.0, 0.0]
