"""Positions for network maps: force-directed, community-based and community super-nodes.

Every layout is computed once in Python with igraph (compiled code) and handed to
the browser as fixed coordinates, so a map of thousands of firms opens without a
physics simulation. Coordinates are in "screen units" (about one unit per pixel
at zoom 1): a layout of ``n`` firms spans roughly ``30·sqrt(n)`` units.

Conventions
-----------
* Layouts use the undirected aggregate graph (who works with whom, any layer);
  weights are ignored, so one huge order does not pull two firms on top of each
  other.
* Randomness: igraph draws from one process-wide generator; every call here seeds
  it from ``seed`` for the duration of the call only (then igraph gets Python's
  ``random`` module back), so the same seed gives the same picture.
* Fruchterman-Reingold with igraph's grid approximation above 300 vertices, never
  DrL (40-80 s at 25k firms).
"""

from __future__ import annotations

import random
from contextlib import contextmanager

import numpy as np
import pandas as pd

from netclust._check import positive_int
from netclust._random import int_seed, make_rng
from netclust.errors import InputError

__all__ = ["force_layout", "community_layout", "community_summary", "SPACING"]

#: Target distance between neighbouring firms, in screen units.
SPACING = 30.0


@contextmanager
def _igraph_seed(seed: int):
    """Seed igraph's process-wide RNG for one call, then give it back ``random``."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _fit(xy: np.ndarray, n: int) -> np.ndarray:
    """Centre ``xy`` and scale it so that it spans about ``SPACING·sqrt(n)`` units."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) == 0:
        return xy
    xy = xy - xy.mean(axis=0)
    span = np.percentile(np.abs(xy), 98, axis=0).max() if len(xy) > 1 else 0.0
    if span > 0:
        xy = xy * (SPACING * np.sqrt(max(n, 1)) / 2.0 / span)
    return xy


def _fr(graph, rng, *, niter: int = 500, weights=None) -> np.ndarray:
    """igraph Fruchterman-Reingold from a seeded random start (raw coordinates).

    The grid approximation is used above 300 vertices (igraph's ``"auto"`` waits until
    1,000, where the exact O(n²) repulsion already costs seconds).
    """
    n = graph.vcount()
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    start = rng.uniform(-1.0, 1.0, size=(n, 2)) * np.sqrt(n)
    with _igraph_seed(int_seed(rng)):
        lay = graph.layout_fruchterman_reingold(seed=start.tolist(), niter=niter, grid=n > 300,
                                                weights=weights)
    return np.asarray(lay.coords, dtype=float)


def force_layout(graph, *, seed=0, niter: int = 500) -> np.ndarray:
    """Fruchterman-Reingold positions of every vertex of an igraph graph.

    Parameters
    ----------
    graph : igraph.Graph
        Any graph (direction and weights are ignored).
    seed : int, numpy.random.Generator or None, default 0
        Same seed, same layout.
    niter : int, default 500
        Iterations of the force simulation.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2)``: x, y in screen units, centred on 0 and spanning about
        ``SPACING·sqrt(n)`` units.

    Raises
    ------
    InputError
        If ``niter`` is not a positive integer.

    See Also
    --------
    community_layout : faster and more readable above a few thousand firms.

    Notes
    -----
    Fruchterman & Reingold's spring embedder: attraction :math:`d^2/k` along links,
    repulsion :math:`k^2/d` between all pairs (approximated on a grid above 300
    vertices), temperature cooling over ``niter`` steps; igraph's implementation.

    References
    ----------
    .. [1] Fruchterman, T. M. J., & Reingold, E. M. (1991). Graph drawing by
       force-directed placement. Software: Practice and Experience 21, 1129-1164.

    Examples
    --------
    >>> from netclust.viz.layout import force_layout
    >>> xy = force_layout(nc.datasets.toy().to_igraph(), seed=1)
    >>> xy.shape, bool((force_layout(nc.datasets.toy().to_igraph(), seed=1) == xy).all())
    ((9, 2), True)
    """
    niter = positive_int(niter, "niter")
    rng = make_rng(seed)
    g = graph.as_undirected() if graph.is_directed() else graph
    return _fit(_fr(g, rng, niter=niter), graph.vcount())


def community_summary(graph, membership, positions: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Super-nodes (one per community) and the weighted links between them.

    Parameters
    ----------
    graph : igraph.Graph
        The graph whose links are summed (weights from the ``weight`` edge attribute,
        1 when absent); direction ignored.
    membership : array-like of int
        Community of each vertex, labels ``0..K-1``.
    positions : numpy.ndarray
        ``(n, 2)`` firm positions.

    Returns
    -------
    nodes : pandas.DataFrame
        Index ``community``; columns ``size``, ``x``, ``y`` (mean member position),
        ``radius`` (75th percentile of member distances to the centre, at least
        ``SPACING``).
    links : pandas.DataFrame
        ``source, target, links, weight``: links and summed weight between two
        different communities (``source < target``).

    Examples
    --------
    >>> from netclust.viz.layout import community_summary
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (1, 2), (2, 3)])
    >>> nodes, links = community_summary(g, [0, 0, 1, 1], np.array([[0, 0], [2, 0], [10, 0], [12, 0]]))
    >>> nodes["size"].tolist(), nodes["x"].tolist(), links[["source", "target", "links"]].values.tolist()
    ([2, 2], [1.0, 11.0], [[0, 1, 1]])
    """
    memb = np.asarray(membership, dtype=np.int64)
    pos = np.asarray(positions, dtype=float).reshape(-1, 2)
    k = int(memb.max()) + 1 if len(memb) else 0
    size = np.bincount(memb, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        cx = np.bincount(memb, weights=pos[:, 0], minlength=k) / size
        cy = np.bincount(memb, weights=pos[:, 1], minlength=k) / size
    dist = np.hypot(pos[:, 0] - cx[memb], pos[:, 1] - cy[memb])
    order = np.lexsort((dist, memb))
    starts = np.concatenate([[0], np.cumsum(size)])
    q = np.minimum(starts[:-1] + np.floor(0.75 * np.maximum(size - 1, 0)).astype(np.int64),
                   len(memb) - 1)
    radius = np.where(size > 0, dist[order][np.maximum(q, 0)] if len(memb) else 0.0, 0.0)
    nodes = pd.DataFrame({"size": size, "x": cx, "y": cy,
                          "radius": np.maximum(radius, SPACING)},
                         index=pd.RangeIndex(k, name="community"))
    if graph.ecount():
        e = np.asarray(graph.get_edgelist(), dtype=np.int64)
        w = (np.asarray(graph.es["weight"], dtype=float) if "weight" in graph.es.attributes()
             else np.ones(len(e)))
        a, b = memb[e[:, 0]], memb[e[:, 1]]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = lo != hi
        key = lo[keep] * max(k, 1) + hi[keep]
        uniq, inv = np.unique(key, return_inverse=True)
        links = pd.DataFrame({"source": uniq // max(k, 1), "target": uniq % max(k, 1),
                              "links": np.bincount(inv, minlength=len(uniq)),
                              "weight": np.bincount(inv, weights=w[keep], minlength=len(uniq))})
    else:
        links = pd.DataFrame({"source": np.zeros(0, np.int64), "target": np.zeros(0, np.int64),
                              "links": np.zeros(0, np.int64), "weight": np.zeros(0)})
    return nodes, links


def community_layout(graph, membership, *, seed=0, niter: int = 150,
                     max_detailed: int = 3000) -> np.ndarray:
    """Community-based placement: communities as discs, each laid out on its own.

    Parameters
    ----------
    graph : igraph.Graph
        Graph of the firms (direction and weights ignored for the inner layouts).
    membership : array-like of int
        Community label of each vertex (``0..K-1``).
    seed : int, numpy.random.Generator or None, default 0
        Same seed, same layout.
    niter : int, default 150
        Fruchterman-Reingold iterations inside each community.
    max_detailed : int, default 3000
        Communities larger than this get a sunflower (phyllotaxis) placement ordered
        by degree instead of a force layout, to bound the cost.

    Returns
    -------
    numpy.ndarray
        ``(n, 2)`` positions in screen units.

    Raises
    ------
    InputError
        If ``membership`` does not have one label per vertex.

    See Also
    --------
    force_layout, community_summary

    Notes
    -----
    1. The community graph (one vertex per community, edge weight = number of links
       between two communities) is laid out with Fruchterman-Reingold.
    2. Each community's induced subgraph is laid out on its own and scaled into a
       disc of radius :math:`r_c = \\tfrac12 \\mathrm{SPACING}\\sqrt{n_c}` around its
       community's position; singletons and pairs sit at the centre.
    3. Community positions are spread until no two discs overlap by more than a
       few percent (pairwise check on the community graph, at most a few hundred
       communities with more than one firm; all singleton communities share one
       extra disc laid out as a sunflower).

    Cost: one Fruchterman-Reingold per community, i.e. about
    :math:`\\sum_c n_c \\cdot` grid work instead of one run on the whole graph, and
    each community stays readable when drilled into.

    Examples
    --------
    >>> from netclust.viz.layout import community_layout
    >>> net = nc.datasets.toy()
    >>> community_layout(net.to_igraph(), [0, 0, 0, 1, 1, 1, 1, 1, 2], seed=0).shape
    (9, 2)
    """
    memb = np.asarray(membership, dtype=np.int64)
    n = graph.vcount()
    if memb.shape != (n,):
        raise InputError(f"membership needs one label per vertex ({n}), got shape {memb.shape}")
    rng = make_rng(seed)
    if n == 0:
        return np.zeros((0, 2))
    g = graph.as_undirected() if graph.is_directed() else graph
    # singletons are gathered into one pseudo-community (else thousands of tiny discs)
    size = np.bincount(memb)
    single = size[memb] == 1
    labels = memb.copy()
    if single.any():
        labels[single] = size.size  # one extra label
    labels = pd.factorize(labels, sort=True)[0].astype(np.int64)
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=k)
    radius = 0.5 * SPACING * np.sqrt(sizes) + SPACING * 0.5
    # 1. community graph
    import igraph as ig

    _, links = community_summary(g, labels, np.zeros((n, 2)))
    cg = ig.Graph(n=k, edges=links[["source", "target"]].to_numpy().tolist())
    centre = _fr(cg, rng, niter=500, weights=None) if k > 1 else np.zeros((1, 2))
    # spread centres so that discs do not overlap: scale by the worst pair
    if k > 1:
        d = np.hypot(*(centre[:, None, :] - centre[None, :, :]).transpose(2, 0, 1))
        need = (radius[:, None] + radius[None, :]) * 1.05
        np.fill_diagonal(d, np.inf)
        with np.errstate(divide="ignore"):
            ratio = np.where(d > 0, need / d, 1e6)
        # push overlapping pairs apart by scaling the whole picture (keeps the shape)
        scale = float(np.quantile(ratio[np.isfinite(ratio)], 0.995)) if k > 2 else float(ratio.max())
        centre = centre * max(scale, 1e-9)
    pos = np.zeros((n, 2))
    order = np.argsort(labels, kind="stable")
    starts = np.concatenate([[0], np.cumsum(sizes)])
    deg = np.asarray(g.degree(), dtype=float)
    for c in range(k):
        members = order[starts[c]:starts[c + 1]]
        m = len(members)
        if m <= 2 or m > max_detailed or (single.any() and single[members[0]]):
            local = _sunflower(m, deg[members])
        else:
            sub = g.induced_subgraph(members.tolist())
            local = _fr(sub, rng, niter=niter)
            local = local - local.mean(axis=0)
            r = np.percentile(np.hypot(local[:, 0], local[:, 1]), 95)
            local = local / r if r > 0 else local
        pos[members] = centre[c] + local * radius[c]
    return _fit(pos, n) if k == 1 else pos


def _sunflower(m: int, weight: np.ndarray) -> np.ndarray:
    """``m`` points evenly filling the unit disc (Vogel's spiral), heaviest first."""
    if m == 0:
        return np.zeros((0, 2))
    idx = np.arange(m)
    r = np.sqrt((idx + 0.5) / m)
    theta = idx * np.pi * (3.0 - np.sqrt(5.0))
    pts = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    out = np.empty_like(pts)
    out[np.lexsort((np.arange(m), -np.asarray(weight, dtype=float)))] = pts
    return out
