"""Static figures: inline SVG safety, values drawn, CJK text."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from netclust.errors import InputError
from netclust.schema import AGGREGATE
from netclust.viz.curves import plot_removal_curves, save_figure
from netclust.viz.figures import (_ccdf, community_sizes_figure, distribution_figure,
                                  scenario_figure, scorecard_figure, svg)


def test_ccdf_by_hand():
    # values 1, 1, 2, 4 (and a zero, left out): P(X >= 1) = 1, P(X >= 2) = 0.5, P(X >= 4) = 0.25
    x, y = _ccdf(np.array([1, 0, 2, 1, 4]))
    assert x.tolist() == [1, 2, 4]
    assert y.tolist() == [1.0, 0.5, 0.25]


def test_distribution_figure_draws_one_step_per_layer(toy):
    deg = pd.DataFrame({"a": [1, 2, 3, 0], AGGREGATE: [1, 2, 3, 4]})
    fig = distribution_figure(deg, what="degree")
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == \
        ["a (3 firms)", "aggregate (4 firms)"]
    with pytest.raises(InputError):
        distribution_figure(pd.DataFrame(index=[0]))


def test_svg_is_inline_ready_and_ids_unique():
    a = svg(community_sizes_figure(pd.Series([5, 3, 1])))
    b = svg(community_sizes_figure(pd.Series([5, 3, 2])))
    assert a.startswith("<svg") and "<?xml" not in a and "DOCTYPE" not in a
    assert "<script" not in a
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    # every internal reference points to an id of the same figure
    refs = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', a))
    assert refs and refs <= ids_a
    # an explicit prefix separates two copies of the same figure on one page
    c = svg(community_sizes_figure(pd.Series([5, 3, 1])), id_prefix="fig-a")
    assert set(re.findall(r'id="([^"]+)"', c)) == {"fig-a-" + i.split("-", 1)[1] for i in ids_a}


def test_svg_is_byte_identical_across_calls_and_processes(tmp_path):
    """Same figure, same bytes: fixed hashsalt, no date, ids from the content."""
    a = svg(distribution_figure(pd.DataFrame({"a": [1, 2, 3], AGGREGATE: [1, 2, 5]})))
    b = svg(distribution_figure(pd.DataFrame({"a": [1, 2, 3], AGGREGATE: [1, 2, 5]})))
    assert a == b and "<dc:date>" not in a
    code = ("import pandas as pd; from netclust.viz.figures import svg, distribution_figure; "
            "print(svg(distribution_figure(pd.DataFrame({'a': [1, 2, 3], 'aggregate': [1, 2, 5]}))),"
            " end='')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "123"})
    assert out.stdout == a
    # the file writer of removal curves too
    fig = community_sizes_figure(pd.Series([5, 3, 1]))
    p1, p2 = save_figure(fig, tmp_path / "a.svg"), save_figure(fig, tmp_path / "b.svg")
    assert p1.read_bytes() == p2.read_bytes()
    assert b"<dc:date>" not in p1.read_bytes()


def _svg_texts(s: str) -> list:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", s)]


def test_dollar_signs_in_names_are_not_math_text():
    """Regression: a role or layer named ``a$b$c`` is drawn as written (no math italics)."""
    roles = pd.DataFrame({"a$b$c": [2, 1], "sme": [3, 2]}, index=[0, 1])
    s = svg(community_sizes_figure(pd.Series([5, 3]), roles=roles))
    assert "a$b$c" in _svg_texts(s)
    assert not any("\\$" in t for t in _svg_texts(s))
    d = svg(distribution_figure(pd.DataFrame({"x$1$": [1, 2, 3], "$y$": [1, 1, 2]})))
    texts = _svg_texts(d)
    assert "x$1$ (3 firms)" in texts and "$y$ (3 firms)" in texts
    sc = pd.DataFrame({"web": ["w$a$"], "indicator": ["nodf"], "z": [3.0]})
    assert "w$a$ · NODF" in _svg_texts(svg(scorecard_figure(sc)))
    t = pd.DataFrame({"indicator": ["firms"], "before": [10.0], "after": [9.0]})
    assert "exit $A$" in _svg_texts(svg(scenario_figure({"exit $A$": t})))


def test_removal_curve_labels_keep_dollar_signs():
    curves = pd.DataFrame({"strategy": "by$x$", "layer": ["l$1$", "l$1$", "m", "m"],
                           "run": 0, "removed": [0, 1, 0, 1],
                           "fraction_removed": [0.0, 1.0, 0.0, 1.0],
                           "lcc_fraction": [1.0, 0.0, 1.0, 0.0]})
    fig = plot_removal_curves(curves, title="t$i$tle")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0].startswith("by\\$x\\$ / l\\$1\\$")   # escaped for matplotlib
    texts = _svg_texts(svg(fig))
    assert "t$i$tle" in texts and any(t.startswith("by$x$ / l$1$") for t in texts)


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


def test_scorecard_figure_reads_webs_and_indicators_not_codes():
    """``sme_<role>`` webs read as "SME–role", indicators by name (NODF, H2′ as published)."""
    from netclust.i18n import language

    sc = pd.DataFrame({"web": ["sme_anchor", "sme_supplier", "mine"],
                       "indicator": ["nodf", "h2_prime", "dependence_asymmetry"], "z": [3.0, -1.0, 2.5]})
    texts = _svg_texts(svg(scorecard_figure(sc)))
    assert {"sme–anchor · NODF", "sme–supplier · H2′", "mine · dependence asymmetry"} <= set(texts)
    with language("zh"):
        texts = _svg_texts(svg(scorecard_figure(sc)))
    assert "中小企业–龙头企业 · NODF" in texts and "中小企业–供应商 · H2′" in texts
    assert not any("_" in t for t in texts), texts


def test_removal_legend_gives_the_summary_tables_numbers():
    """Legend R is resilience_summary's R; an access curve's number is channel_access_summary's area."""
    import netclust as nc
    from netclust.html import fmt_number
    from netclust.metrics.resilience import (channel_access_summary, removal_and_access_curves,
                                             resilience_summary)

    lcc, access = removal_and_access_curves(nc.datasets.toy(), ["random", "degree"], runs=7, seed=3)[:2]
    r = resilience_summary(lcc).set_index("strategy")["R"]
    a = channel_access_summary(access).set_index("strategy")["area"]
    for curves, value, want, form in ((lcc, "lcc_fraction", r, "R={}"), (access, "access_fraction", a, "{}")):
        texts = [t.get_text() for t in plot_removal_curves(curves, value=value).axes[0].get_legend().get_texts()]
        assert texts == [f"random failures ({form.format(fmt_number(want['random']))})",
                         f"hubs first ({form.format(fmt_number(want['degree']))})"]
