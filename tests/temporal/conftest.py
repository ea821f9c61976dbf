"""Hand-made dated data where the answer is known (issue 12)."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

import netclust as nc

SIX = list("abcdef")


def _clique(members, date, weight=1.0):
    return [(u, v, "design_sharing", weight, date) for u, v in itertools.combinations(members, 2)]


@pytest.fixture
def story_tables():
    """Three years of a six-firm design-sharing clique.

    * 2021: clique a-f; ``g`` ships with ``h`` (logistics, weight 2).
    * 2022: the same clique; new firm ``x`` sells to ``a`` (procurement); g-h persists
      with weight 5 (two records, 2 + 3).
    * 2023: the clique splits into triangles a-b-c and d-e-f; ``x`` is gone; g-h weight 5.
    """
    rows = _clique(SIX, "2021-05-01") + _clique(SIX, "2022-05-01")
    rows += [("x", "a", "procurement", 5.0, "2022-07-01")]
    rows += _clique(list("abc"), "2023-03-01") + _clique(list("def"), "2023-03-01")
    rows += [("g", "h", "logistics", 2.0, "2021-01-10"), ("g", "h", "logistics", 2.0, "2022-01-10"),
             ("g", "h", "logistics", 3.0, "2022-11-10"), ("g", "h", "logistics", 5.0, "2023-01-10")]
    links = pd.DataFrame(rows, columns=["source", "target", "layer", "weight", "date"])
    firms = pd.DataFrame({"firm_id": SIX + ["x", "g", "h"],
                          "role": ["anchor"] + ["sme"] * 6 + ["logistics", "logistics"]})
    return firms, links


@pytest.fixture
def story(story_tables):
    firms, links = story_tables
    return nc.read(firms=firms, links=links, by_period="month")


@pytest.fixture
def undated_tables():
    """Dated a-b links in 2021 and 2022; undated g-h (no register) and y-a (y closed 2021)."""
    firms = pd.DataFrame({"firm_id": ["a", "b", "g", "h", "y"], "closed": ["", "", "", "", "2021"]})
    links = pd.DataFrame({"source": ["a", "a", "g", "y"], "target": ["b", "b", "h", "a"],
                          "layer": ["procurement", "procurement", "logistics", "design_sharing"],
                          "weight": [1.0, 2.0, 4.0, 1.0],
                          "date": ["2021-02-01", "2022-02-01", "", ""]})
    return firms, links
