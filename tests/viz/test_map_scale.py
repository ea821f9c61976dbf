"""Map pages at scale: firm-level links capped, community links counted in full (issue 13)."""

from __future__ import annotations

import numpy as np

import netclust as nc
from netclust.viz import interactive as I


def test_capped_links_by_hand():
    # communities 0 (firms 0-5) and 1 (firms 6-7); 6 inside links in 0, 2 in 1, 2 between
    codes = np.array([0, 0, 0, 0, 0, 0, 1, 1])
    links = {"src": np.array([0, 0, 1, 2, 3, 4, 6, 6, 0, 5]),
             "dst": np.array([1, 2, 2, 3, 4, 5, 7, 7, 6, 7]),
             "layer": np.zeros(10, dtype=np.int64),
             "width": np.array([1.0, 3.0, 2.0, 2.0, 1.5, 1.0, 2.0, 1.0, 4.0, 4.0])}
    same, note = I._capped_links(links, codes, limit=10)
    assert same is links and note is None               # within the limit: untouched
    # limit 9 -> quota max(50, ...) keeps every inside link, drops the two between
    kept, note = I._capped_links(links, codes, limit=9)
    assert kept["src"].tolist() == [0, 0, 1, 2, 3, 4, 6, 6] and "8 of the 10" in note


def test_capped_links_keep_the_strongest_per_community(monkeypatch):
    rng = np.random.default_rng(1)
    n, m = 400, 5000
    codes = np.repeat(np.arange(4), n // 4)
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    links = {"src": src, "dst": dst, "layer": np.zeros(m, dtype=np.int64),
             "width": np.round(rng.random(m), 3)}
    kept, _note = I._capped_links(links, codes, limit=400)   # quota 100 per community
    inside = codes[src] == codes[dst]
    for c in range(4):
        mine = inside & (codes[src] == c)
        got = kept["width"][codes[kept["src"]] == c]
        assert len(got) == min(100, mine.sum())
        assert got.min() >= np.sort(links["width"][mine])[::-1][len(got) - 1]


def test_map_payload_caps_links_but_counts_community_links(monkeypatch):
    net = nc.read("data/shiling")
    full = I.map_payload(net, size_by=None, seed=0)
    monkeypatch.setattr(I, "MAP_LINKS_MAX", 2_000)
    capped = I.map_payload(net, size_by=None, seed=0)
    assert len(capped["links"]["s"]) < len(full["links"]["s"])
    assert capped["communityLinks"] == full["communityLinks"]
    assert [l["links"] for l in capped["layers"]] == [l["links"] for l in full["layers"]]
    assert any("The map draws" in note for note in capped["notes"])
