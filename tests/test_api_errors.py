"""User mistakes through the Python API raise a NetclustError with a readable message."""

from __future__ import annotations

import pandas as pd
import pytest

import netclust as nc

LINKS = pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["procurement"]})

CASES = {
    "layers not a list": (lambda: nc.read(links=LINKS, layers=123), "layers must be"),
    "columns not a dict": (lambda: nc.read(links=LINKS, columns="x"), "columns must be a dict"),
    "links not a table": (lambda: nc.read(links=5), "links must be"),
    "path not a path": (lambda: nc.read(5), "path must be"),
    "missing folder": (lambda: nc.read("/no/such/folder"), "no such file or folder"),
    "unknown encoding": (lambda: nc.read("tests/data/krackhardt_hightech", encoding="bogus"),
                         "unknown text encoding"),
    "bad by_period": (lambda: nc.read(links=LINKS.assign(date="2024-01-01"), by_period="decade"),
                      "by_period must be"),
    "unknown layer view": (lambda: nc.datasets.toy().to_igraph("x"), "no layer named 'x'"),
    "negative omega": (lambda: nc.datasets.toy().supra_adjacency(-1), "omega"),
    "bad seed": (lambda: nc.generate(firms=100, seed="a"), "seed must be"),
    "too few firms": (lambda: nc.generate(firms=-1), "firms must be"),
    "unknown metric": (lambda: nc.centrality(nc.datasets.toy(), ["foo"]), "unknown metric"),
    "unknown strategy": (lambda: nc.removal_curves(nc.datasets.toy(), ["foo"]), "unknown strategy"),
    "negative resolution": (lambda: nc.communities(nc.datasets.toy(), resolution=-1), "resolution"),
    "text matrix": (lambda: nc.nodf("abc"), "numeric"),
    "unknown colour column": (lambda: nc.network_map(nc.datasets.toy(), color_by="nope"), "nope"),
    "period without periods": (lambda: nc.datasets.toy().subset(period="2024"), "no period"),
    "unknown firm": (lambda: nc.datasets.toy().remove_firms(["ghost"]), "'ghost'"),
    "unknown scenario": (lambda: nc.scenario.run(nc.datasets.toy(), "meteor"), "unknown scenario"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_user_mistake_raises_netclust_error(name, monkeypatch):
    monkeypatch.chdir(__import__("pathlib").Path(__file__).parents[1])
    call, words = CASES[name]
    with pytest.raises(nc.NetclustError) as exc:
        call()
    assert words in str(exc.value)
