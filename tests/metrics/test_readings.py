"""Scorecard readings say what the value AND the null model say (issue 10)."""

from __future__ import annotations

import numpy as np
import pytest

from netclust.metrics import scorecard as sc

IND = {i.name: i for i in sc._INDICATORS}   # the indicator table is the thing under test


def test_high_asymmetry_below_chance_is_not_read_as_balanced():
    # the sample's SME-anchor web: 0.936, lower than null webs with the same degrees
    text = sc._reading(IND["dependence_asymmetry"], 0.936, -4.4, 2 / 51, runs=50)
    assert "mostly lopsided" in text and "less lopsided than" in text
    assert "balanced" not in text and "mutual" not in text


@pytest.mark.parametrize("value, word", [(0.1, "mostly mutual"), (0.45, "mixed"),
                                         (0.95, "mostly lopsided")])
def test_level_follows_the_value_whatever_z(value, word):
    for z, p in ((-5.0, 0.0392), (0.3, 0.8), (5.0, 0.0392)):
        assert sc._reading(IND["dependence_asymmetry"], value, z, p, runs=50).startswith(word)


def test_p_at_the_monte_carlo_floor_is_not_printed_as_an_estimate():
    text = sc._reading(IND["modularity"], 0.84, 168.0, 2 / 51, runs=50)
    assert "p ≤ 0.039" in text and "beyond all 50 null webs" in text
    assert "p = 0.0392" not in text


def test_few_null_webs_cannot_hide_an_extreme_value():
    # 20 webs: the smallest p is 2/21 > 0.05; a value beyond them all with |z| = 8.5 is
    # beyond chance, a value with |z| = 1.5 is not
    assert sc.beyond_chance(-8.5, 2 / 21, runs=20)
    assert not sc.beyond_chance(1.5, 2 / 21, runs=20)
    assert "as expected" not in sc._reading(IND["nodf"], 5.9, -8.5, 2 / 21, runs=20)


def test_one_rule_for_verdicts():
    rng = np.random.default_rng(0)
    for _ in range(200):
        z, p, runs = rng.normal(0, 4), rng.uniform(0.001, 1), int(rng.integers(5, 200))
        text = sc._reading(IND["h2_prime"], 0.5, z, p, runs=runs)
        assert ("as expected by chance" in text) == (not sc.beyond_chance(z, p, runs))
