"""Scorecard readings: level and chance read together, a tiny effect is not a pattern
(re-audit of issue 10); the chart's colours do not judge by the sign of z."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netclust.metrics import scorecard as sc
from netclust.metrics.symbiosis import web_scorecard

IND = {i.name: i for i in sc._INDICATORS}
LABELS = ("SMEs", "suppliers")


def test_tiny_c_score_excess_is_not_read_as_segregated():
    # the sample's SME-supplier web: C-score 37.7 against a null mean of 37.5, z = 20
    text = sc._reading(IND["c_score"], 37.7, 20.0, 2 / 51, LABELS, 50, null_mean=37.5)
    assert "segregated" not in text and "avoid" not in text
    assert text.startswith("slightly above chance, too little to read as a pattern")
    assert "+0.5% of the null mean" in text and "z = 20.0" in text
    # a real excess (+20 %) still reads as segregation, with its size
    text = sc._reading(IND["c_score"], 45.0, 20.0, 2 / 51, LABELS, 50, null_mean=37.5)
    assert text.startswith("segregated: SMEs avoid each other's suppliers")
    assert "+20.0% of the null mean" in text


@pytest.mark.parametrize("value, null_mean, expected", [
    (37.7, 37.5, False), (39.375, 37.5, True), (35.625, 37.5, True), (36.0, 37.5, False),
    (0.2, 0.0, True), (0.0, 0.0, False), (45.0, float("nan"), True)])
def test_notable_needs_both_chance_and_size(value, null_mean, expected):
    # by hand: |value - null_mean| / |null_mean| >= 5 % (39.375 and 35.625 are exactly 5 %)
    z = -20.0 if value < null_mean else 20.0    # the sign of z follows the value (NaN: above)
    assert sc.notable(value, null_mean, z, 2 / 51, 50) is expected
    # never notable when not beyond chance, whatever the size
    assert not sc.notable(value, null_mean, 1.0, 0.3, 50)


def test_low_level_above_chance_is_read_together():
    # little overlap in absolute terms, yet more than chance: one sentence, not two verdicts
    text = sc._reading(IND["niche_overlap_rows"], 0.12, 6.0, 2 / 51, LABELS, 50, null_mean=0.08)
    assert text.startswith("little overlap (0.12), though SMEs overlap more in their suppliers "
                           "than chance")
    # a high level that chance agrees with is not "though"
    text = sc._reading(IND["niche_overlap_rows"], 0.8, 6.0, 2 / 51, LABELS, 50, null_mean=0.6)
    assert text.startswith("strong overlap (0.8); SMEs overlap more") and "though" not in text


def _webs():
    """Hand-made webs: two blocks, and a noisy nested web with lognormal weights."""
    rng = np.random.default_rng(3)
    r, c = np.arange(40)[:, None], np.arange(25)[None, :]
    prob = np.clip(1.2 - (r / 40 + c / 25), 0.02, 0.95)
    noisy = (rng.random((40, 25)) < prob) * rng.lognormal(0, 1, (40, 25))
    return {"blocks": np.kron(np.eye(2), np.ones((4, 3))), "noisy": noisy}


def test_pattern_words_only_for_notable_deviations():
    kinds = set()
    for web in _webs().values():
        card = web_scorecard(web, runs=30, seed=1, modularity=False)
        for r in card[np.isfinite(card["z"])].itertuples():
            ind = IND[r.indicator]
            words = [t.format(rows="row nodes", cols="column nodes").split(" (")[0]
                     for t in (ind.high, ind.low)]
            said = any(w in r.reading for w in words)
            assert said == sc.notable(r.value, r.null_mean, r.z, r.p, 30), r.reading
            if sc.beyond_chance(r.z, r.p, 30) and not said:
                assert "slightly" in r.reading and "of the null mean" in r.reading
                kinds.add("slightly")
            elif said:
                kinds.add("pattern")
    # the noisy web has both: C-score -2.2 % of its null mean (z = -2.1) read "slightly",
    # niche overlap of the rows -10 % read as segmented
    assert kinds == {"slightly", "pattern"}


def test_scorecard_chart_colour_does_not_judge_by_sign():
    from matplotlib.colors import to_hex

    from netclust.viz.figures import scorecard_figure

    sc_rows = pd.DataFrame({"web": "sme_supplier",
                            "indicator": ["h2_prime", "dependence_asymmetry", "nodf"],
                            "z": [-6.0, 5.0, 1.0]})
    fig = scorecard_figure(sc_rows, beyond=np.array([True, True, False]))
    colours = [to_hex(b.get_facecolor()) for b in fig.axes[0].containers[0]]
    # "more shared relations" (z < 0) and "more lopsided" (z > 0): the same neutral colour
    assert colours[0] == colours[1] != colours[2]
    assert colours[2] == "#9aa7b2"           # within chance: grey
    assert {"#2a9d4b", "#c0392b"}.isdisjoint(colours)
