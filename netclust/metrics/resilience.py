"""Resilience: largest-component removal curves, robustness R, channel access, attack tolerance.

What breaks if firms leave? A *removal curve* follows the size of the largest
connected component while firms are removed one by one (at random, by a
centrality, by role or from a list); its area is the robustness ``R`` of
Schneider et al. (2011). The cluster-specific *channel-access curve* follows the
share of SMEs that can still reach an exporting anchor, and the *attack-tolerance
curve* of the SME-anchor bipartite web follows the SMEs that keep at least one
anchor partner (Memmott et al. 2004; Burgos et al. 2007).

Conventions (every function of this module)
-------------------------------------------
* Connectivity is weak: components are computed on the undirected view of a
  layer (``i-j`` linked when ``i->j`` or ``j->i``), unless ``strong=True`` asks
  for strongly connected components of a directed layer. ``"aggregate"`` is the
  union of all layers.
* ``N`` counts all firms (isolated ones too) and never changes along a curve:
  ``s(Q) = |largest component after Q removals| / N`` for ``Q = 0..N``.
* ``R = (1/N) sum_{Q=1..N} s(Q)``: ``(N-1)/N**2`` for a star attacked at its centre,
  ``(N-1)/(2N)`` for a complete graph, at most ``1/2`` for any graph.
* Orderings (degree, betweenness, PageRank) are computed on the binary undirected
  view of the layer; ``strength`` is the weighted degree of that view. Ties go to
  the firm that comes first in the input firms table, at every adaptive step too;
  floating scores that agree to 10 significant digits count as tied.

Algorithm
---------
One curve costs one minimum spanning forest and one sweep over at most ``N-1``
forest edges (Newman & Ziff 2000, run on the merge tree): firms are *added* in
reverse removal order, so an edge ``i-j`` appears at time
``t(i, j) = max(rank_i, rank_j)`` (rank = insertion step). Kruskal's algorithm on
these times (:func:`scipy.sparse.csgraph.minimum_spanning_tree`, compiled) keeps,
for every time, exactly the components of the graph of the firms added so far,
with at most ``N-1`` edges: the merge tree. A union-find sweep over the merge tree
in time order gives the size of every merged component, and the largest component
after ``k`` insertions is the running maximum of these sizes. Firms are relabelled
by insertion rank and each link is stored in the row of its later endpoint, so the
links reach Kruskal already in time order. Cost: ``O(E)`` to ``O(E log E)`` in
compiled code plus ``O(N alpha(N))`` for the sweep (a tight loop over the merge
tree's edges, never over links); no component is ever recomputed. (A loop-free
alternative, divide and conquer over time with ``connected_components`` on
contracted prefix graphs, ``O((N + E) log N)``, measured 3-4 times slower.)
``strong=True`` recomputes strongly connected components with scipy, bisecting the
non-increasing curve so that only the removals where the size changes are
evaluated.
The adaptive degree and strength attacks use a lazy max-heap (a stale entry is
re-pushed with the current value when it surfaces), with vectorised neighbour
updates; adaptive betweenness and PageRank are recomputed on the remaining graph
every ``step`` removals.

References
----------
.. [1] Newman, M. E. J., & Ziff, R. M. (2000). Efficient Monte Carlo algorithm and
   high-precision results for percolation. Phys. Rev. Lett. 85, 4104-4107.
.. [2] Schneider, C. M., Moreira, A. A., Andrade, J. S., Havlin, S., & Herrmann, H. J.
   (2011). Mitigation of malicious attacks on networks. PNAS 108, 3838-3841.
.. [3] Albert, R., Jeong, H., & Barabasi, A.-L. (2000). Error and attack tolerance of
   complex networks. Nature 406, 378-382.
.. [4] Memmott, J., Waser, N. M., & Price, M. V. (2004). Tolerance of pollination
   networks to species extinctions. Proc. R. Soc. B 271, 2605-2611.
.. [5] Burgos, E., Ceva, H., Perazzo, R. P. J., Devoto, M., Medan, D., Zimmermann, M.,
   & Delbue, A. M. (2007). Why nestedness in mutualistic networks? J. Theor. Biol.
   249, 307-313.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

from netclust._progress import report
from netclust._random import int_seed, make_rng
from netclust.metrics._rank import (ORDER_SCORES, order_scores, ranked, sampled_betweenness,
                                    undirected_pagerank)
from netclust.metrics._bfs import igraph_from_arcs
from netclust.metrics._views import LayerView, layer_columns
from netclust.metrics.channels import access_counts, channel_arcs, default_checkpoints, sme_mask
from netclust.metrics.exporters import exporters as exporting_firms
from netclust._check import choice, positive_int, str_list
from netclust.errors import InputError
from netclust.schema import AGGREGATE, ROLE

__all__ = [
    "STRATEGIES", "removal_order", "largest_component_sizes", "largest_component_curve",
    "removal_curves", "channel_access", "channel_access_curves", "removal_and_access_curves",
    "robustness",
    "critical_fraction", "resilience_summary", "curve_bands", "attack_tolerance",
    "AttackTolerance",
]

#: Removal strategies understood by :func:`removal_order` and :func:`removal_curves`.
STRATEGIES = ("random", "degree", "adaptive-degree", "strength", "adaptive-strength",
              "betweenness", "adaptive-betweenness", "pagerank", "adaptive-pagerank",
              "role", "list")
#: Columns of the tidy curve table.
CURVE_COLUMNS = ["strategy", "layer", "run", "removed", "fraction_removed", "lcc_size",
                 "lcc_fraction"]
CHANNEL_COLUMNS = ["strategy", "layer", "run", "removed", "fraction_removed",
                   "smes_with_access", "access_fraction"]


# =====================================================================================
# the engine: reverse union-find over the merge tree (arrays only)
# =====================================================================================
class _Edges:
    """Simple undirected edge set stored as an upper-triangular CSR structure."""

    __slots__ = ("n", "indptr", "indices", "rows")

    def __init__(self, n: int, upper: sp.csr_matrix):
        self.n = int(n)
        self.indptr = upper.indptr
        itype = np.int32 if n < 2**31 - 1 else np.int64
        self.indices = upper.indices.astype(itype, copy=False)
        self.rows = np.repeat(np.arange(n, dtype=itype), np.diff(upper.indptr))

    @classmethod
    def from_arrays(cls, n, sources, targets) -> "_Edges":
        s = np.asarray(sources, dtype=np.int64).ravel()
        t = np.asarray(targets, dtype=np.int64).ravel()
        if s.shape != t.shape:
            raise InputError("sources and targets must have the same length")
        if len(s) and (min(s.min(), t.min()) < 0 or max(s.max(), t.max()) >= n):
            raise InputError(f"edge endpoints must be integer codes in [0, {n})")
        lo, hi = np.minimum(s, t), np.maximum(s, t)
        keep = lo != hi
        up = sp.csr_matrix((np.ones(int(keep.sum())), (lo[keep], hi[keep])), shape=(n, n))
        up.sum_duplicates()
        return cls(n, up)

    @classmethod
    def from_symmetric(cls, a: sp.csr_matrix) -> "_Edges":
        up = sp.triu(a, k=1, format="csr")
        up.sum_duplicates()
        return cls(a.shape[0], up)


def _check_order(order, n: int) -> np.ndarray:
    order = np.asarray(order, dtype=np.int64).ravel()
    if order.shape != (n,) or (n and not np.array_equal(np.sort(order), np.arange(n))):
        raise InputError(f"a removal order must be a permutation of the {n} firm codes")
    return order


def _merge_tree(edges: _Edges, order: np.ndarray):
    """Merge-tree edges ``(t, b)`` in insertion-rank space, sorted by time ``t``.

    Firms are relabelled by insertion rank (``rank = N-1-position in order``); each
    link is stored in the row of its later endpoint with value ``time + 1``, so the
    CSR data is already in time order and the stable sort inside scipy's Kruskal is
    linear. The forest comes back row by row, i.e. sorted by time; in rank space the
    firm inserted at time ``t`` is ``t`` itself and ``b`` is an earlier firm.
    """
    n = edges.n
    if len(edges.indices) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    itype = np.int32 if n < 2**31 - 1 else np.int64   # half the memory traffic
    rank = np.empty(n, dtype=itype)
    rank[order[::-1]] = np.arange(n, dtype=itype)     # insertion step of each firm
    ra, rb = rank[edges.rows], rank[edges.indices]
    late, early = np.maximum(ra, rb), np.minimum(ra, rb)
    graph = sp.csr_matrix((late + np.float64(1.0), (late, early)), shape=(n, n))
    forest = minimum_spanning_tree(graph).tocoo()
    t = forest.row.astype(np.int64)     # the row is the later firm = the insertion time
    b = forest.col.astype(np.int64)
    if len(t) > 1 and np.any(np.diff(t) < 0):  # scipy returns rows in order; stay safe
        idx = np.argsort(t, kind="stable")
        t, b = t[idx], b[idx]
    return t, b


def _sweep_sizes(n: int, t: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Size of the component of the firm inserted at each time (union-find sweep).

    ``(t[i], b[i])`` are merge-tree edges in rank space sorted by ``t``: firm ``t``
    (a singleton until then) joins the component of ``b``. The loop runs over the
    ``<= N-1`` merge-tree edges (firms, not links): union by size, path halving, and
    the root of the growing component kept in a local variable.
    """
    parent = list(range(n))
    size = [1] * n
    best = [1] * n
    cur = -1
    root = rsize = 0
    for tt, y in zip(t.tolist(), b.tolist()):
        if tt != cur:
            cur = root = tt
            rsize = 1
        while parent[y] != y:
            parent[y] = y = parent[parent[y]]
        sy = size[y]
        if sy > rsize:
            parent[root] = y
            root = y
        else:
            parent[y] = root
        rsize += sy
        size[root] = rsize
        best[tt] = rsize
    return np.asarray(best, dtype=np.int64)


def _sizes_from_tree(n: int, best: np.ndarray) -> np.ndarray:
    """Largest-component size after Q removals, Q = 0..n, from the per-time merged sizes."""
    out = np.zeros(n + 1, dtype=np.int64)
    if n:
        out[:n] = np.maximum.accumulate(best)[::-1]   # Q removed <=> n-Q inserted
    return out


def _lcc_sizes(edges: _Edges, order: np.ndarray) -> np.ndarray:
    t, b = _merge_tree(edges, order)
    return _sizes_from_tree(edges.n, _sweep_sizes(edges.n, t, b))


def _strong_sizes(directed: sp.csr_matrix, order: np.ndarray, progress=None) -> np.ndarray:
    """Largest strongly connected component after Q removals (exact recomputation).

    The size never grows when a firm is removed, so an interval whose two ends agree
    is constant; only intervals where the size changes are split (bisection).
    """
    n = directed.shape[0]
    cache: dict[int, int] = {}

    def f(q: int) -> int:
        if q not in cache:
            if q >= n:
                cache[q] = 0
            else:
                keep = np.sort(order[q:])
                sub = directed[keep][:, keep]
                _, lab = connected_components(sub, directed=True, connection="strong")
                cache[q] = int(np.bincount(lab).max())
        return cache[q]

    out = np.zeros(n + 1, dtype=np.int64)
    stack = [(0, n)]
    while stack:
        lo, hi = stack.pop()
        flo, fhi = f(lo), f(hi)
        if flo == fhi:
            out[lo:hi + 1] = flo
            continue
        if hi - lo <= 1:
            out[lo], out[hi] = flo, fhi
            continue
        mid = (lo + hi) // 2
        stack.append((mid, hi))
        stack.append((lo, mid))
        report(progress, min(len(cache), n), n + 1)
    return out


def largest_component_sizes(n: int, sources, targets, order) -> np.ndarray:
    """Largest connected component size after removing ``order[:Q]``, for Q = 0..n.

    The array-level engine behind every removal curve, for researchers who hold
    an edge list rather than a :class:`~netclust.model.MultilayerNetwork`.

    Parameters
    ----------
    n : int
        Number of nodes (codes ``0..n-1``).
    sources, targets : array-like of int
        Edge endpoints; direction, duplicates and self-loops are ignored.
    order : array-like of int
        A permutation of ``0..n-1``: the removal order.

    Returns
    -------
    numpy.ndarray
        ``n + 1`` integers, ``out[Q]`` = size of the largest component after ``Q``
        removals (``out[n] == 0``).

    Raises
    ------
    InputError
        If ``order`` is not a permutation or an endpoint is out of range.

    See Also
    --------
    largest_component_curve : the same for a network, as a table.

    Notes
    -----
    Reverse union-find on the merge tree (Newman & Ziff 2000): insertion times
    ``t(i, j) = max(rank_i, rank_j)``, a minimum spanning forest on ``t`` (compiled
    Kruskal), then a union-find sweep over its ``<= n-1`` edges; the size after
    ``k`` insertions is the running maximum of the merged sizes.
    ``O(E log E + n alpha(n))``.

    References
    ----------
    .. [1] Newman, M. E. J., & Ziff, R. M. (2000). Phys. Rev. Lett. 85, 4104.

    Examples
    --------
    A path 0-1-2-3 cut in the middle first:

    >>> from netclust.metrics.resilience import largest_component_sizes
    >>> largest_component_sizes(4, [0, 1, 2], [1, 2, 3], [1, 0, 2, 3]).tolist()
    [4, 2, 2, 1, 0]
    """
    n = int(n)
    if n < 0:
        raise InputError("n must be non-negative")
    order = _check_order(order, n)
    return _lcc_sizes(_Edges.from_arrays(n, sources, targets), order)


# =====================================================================================
# orderings
# =====================================================================================
class _Layer:
    """Views of one layer needed by the curves (built once per layer)."""

    def __init__(self, net, layer: str):
        self.view = LayerView.of(net, layer, directed=False)
        self.net = net
        self.layer = layer
        self.n = net.n_firms
        self.sym = self.view.matrix(weighted=False).tocsr()
        self.edges = _Edges.from_symmetric(self.sym)
        self._graph = None

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.sym.indptr).astype(float)

    @property
    def weighted(self) -> sp.csr_matrix:
        return self.view.matrix(weighted=True).tocsr()

    @property
    def graph(self):
        if self._graph is None:
            e = self.edges
            g = igraph_from_arcs(self.n, e.rows, e.indices, directed=False)
            g.vs["i"] = list(range(self.n))
            self._graph = g
        return self._graph

    def graph_for(self, by: str):
        """The igraph graph when score ``by`` needs one (betweenness, PageRank), else None:
        degree and strength read the sparse matrix, so no graph is built for them."""
        return self.graph if by in ("betweenness", "pagerank") else None

    def directed(self) -> sp.csr_matrix:
        return self.view.arcs().tocsr()


def _adaptive_heap(lay: _Layer, weighted: bool) -> np.ndarray:
    """Adaptive degree (or strength) attack with a lazy max-heap."""
    a = lay.weighted if weighted else lay.sym
    indptr, indices = a.indptr, a.indices
    data = a.data.astype(float) if weighted else None
    cur = np.asarray(a.sum(axis=1)).ravel().astype(float)
    alive = np.ones(lay.n, dtype=bool)
    heap = list(zip((-cur).tolist(), range(lay.n)))
    heapq.heapify(heap)
    order = np.empty(lay.n, dtype=np.int64)
    k = 0
    while heap:
        key, i = heapq.heappop(heap)
        if not alive[i]:
            continue
        now = cur[i]
        if -key != now:                 # stale: degrees only fall, re-push the true value
            heapq.heappush(heap, (-now, i))
            continue
        alive[i] = False
        order[k] = i
        k += 1
        lo, hi = indptr[i], indptr[i + 1]
        if hi > lo:
            nb = indices[lo:hi]
            m = alive[nb]
            cur[nb[m]] -= data[lo:hi][m] if weighted else 1.0
    return order


def _lexicographic_mis(cand: np.ndarray, indptr, indices) -> np.ndarray:
    """Lexicographically first independent set of the sorted vertices ``cand`` (their induced
    subgraph): the firms removed, in index order, while the top degree stays the same."""
    lens = indptr[cand + 1] - indptr[cand]
    src = np.repeat(cand, lens)
    dst = indices[np.repeat(indptr[cand] - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())]
    inside = np.zeros(int(indptr.shape[0]), dtype=bool)
    inside[cand] = True
    keep = inside[dst] & (src != dst)
    src, dst = src[keep], dst[keep]
    chosen, state = [], inside   # state: still undecided
    while True:
        live = state[src] & state[dst]
        src, dst = src[live], dst[live]
        undecided = cand[state[cand]]
        if not len(undecided):
            break
        blocked = np.zeros(len(state), dtype=bool)
        blocked[src[dst < src]] = True          # an undecided neighbour with a smaller index
        pick = undecided[~blocked[undecided]]
        chosen.append(pick)
        state[pick] = False
        hit = np.zeros(len(state), dtype=bool)
        hit[pick] = True
        state[dst[hit[src]]] = False            # neighbours of a pick lose one partner: out
    return np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, np.int64)


def _adaptive_degree(lay: _Layer) -> np.ndarray:
    """Adaptive degree attack in batches of equal top degree (exact, vectorised).

    While the top remaining degree is ``D``, the firms removed one by one are exactly the
    lexicographically first independent set of the firms of degree ``D`` (each removal
    lowers its neighbours below ``D``; the next is the earliest firm still at ``D``), so a
    whole batch is found with array operations; then the top degree is below ``D``. The
    firms of degree ``D`` are looked for among those of initial degree >= ``D`` (sorted
    once), so the scans cost the sum of the degrees: O(N + E) array work in all.
    """
    a = lay.sym
    indptr, indices = a.indptr.astype(np.int64), a.indices.astype(np.int64)
    n = lay.n
    cur = np.diff(indptr).astype(np.int64)
    by_deg = np.argsort(-cur, kind="stable")
    first = cur[by_deg]
    alive = np.ones(n + 1, dtype=bool)
    alive[n] = False
    out = []
    top = int(first[0]) if n else 0
    for d in range(top, 0, -1):
        pool = by_deg[: np.searchsorted(-first, -d, side="right")]
        cand = np.sort(pool[alive[pool] & (cur[pool] == d)])
        if not len(cand):
            continue
        picked = _lexicographic_mis(cand, indptr, indices)
        out.append(picked)
        alive[picked] = False
        lens = indptr[picked + 1] - indptr[picked]
        nb = indices[np.repeat(indptr[picked] - np.cumsum(lens) + lens, lens)
                     + np.arange(lens.sum())]
        nb = nb[alive[nb]]
        cur -= np.bincount(nb, minlength=n)
    rest = np.flatnonzero(alive[:n])            # degree 0: firm order
    return np.concatenate(out + [rest]) if out else rest


def _adaptive_recompute(lay: _Layer, by: str, step: int, rng, samples=None, progress=None):
    """Remove the top ``step`` firms by ``by``, recompute on the rest, repeat."""
    n = lay.n
    g = lay.graph
    alive = np.arange(n)
    out = []
    while len(alive):
        sub = g.induced_subgraph(alive.tolist())
        codes = np.asarray(sub.vs["i"], dtype=np.int64)
        if by == "betweenness":
            s = sampled_betweenness(sub, rng, samples)
        else:
            s = undirected_pagerank(sub)
        full = np.full(n, -np.inf)
        full[codes] = s
        top = ranked(full, np.sort(codes))[:step]
        out.append(top)
        keep = np.ones(n, dtype=bool)
        keep[np.concatenate(out)] = False
        alive = np.flatnonzero(keep)
        report(progress, n - len(alive), n)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def _role_order(lay: _Layer, roles, by: str, rng, samples=None) -> np.ndarray:
    role = lay.net.firms[ROLE].astype(str).to_numpy()
    roles = str_list(roles or (), "roles")
    if not roles:
        raise InputError("the 'role' strategy needs roles=[...] (e.g. ['anchor'])")
    scores = order_scores(lay.view, by, rng, samples, lay.graph_for(by))
    taken = np.zeros(lay.n, dtype=bool)
    parts = []
    for r in roles:
        cand = np.flatnonzero((role == r) & ~taken)
        taken[cand] = True
        parts.append(ranked(scores, cand))
    parts.append(ranked(scores, np.flatnonzero(~taken)))
    return np.concatenate(parts)


def _list_order(lay: _Layer, firms, by: str, rng, samples=None) -> np.ndarray:
    if firms is None or isinstance(firms, str) and not firms:
        raise InputError("the 'list' strategy needs firms=[...] (firm ids in removal order)")
    codes = lay.net.codes(firms)
    if len(np.unique(codes)) != len(codes):
        raise InputError("a firm is listed twice in the removal list")
    rest = np.ones(lay.n, dtype=bool)
    rest[codes] = False
    scores = order_scores(lay.view, by, rng, samples, lay.graph_for(by))
    return np.concatenate([codes, ranked(scores, np.flatnonzero(rest))])


def _order(lay: _Layer, strategy: str, rng, *, roles=("anchor",), by="degree", firms=None,
           step=None, samples=None, progress=None) -> np.ndarray:
    if strategy == "random":
        return rng.permutation(lay.n)
    if strategy in ORDER_SCORES:
        return ranked(order_scores(lay.view, strategy, rng, samples, lay.graph_for(strategy)))
    if strategy == "adaptive-degree":
        return _adaptive_degree(lay)
    if strategy == "adaptive-strength":
        return _adaptive_heap(lay, weighted=True)
    if strategy in ("adaptive-betweenness", "adaptive-pagerank"):
        if step is None:
            step = max(1, -(-lay.n // 100))
        step = positive_int(step, "step")
        return _adaptive_recompute(lay, strategy.split("-", 1)[1], int(step), rng, samples,
                                   progress)
    if strategy == "role":
        return _role_order(lay, roles, by, rng, samples)
    if strategy == "list":
        return _list_order(lay, firms, by, rng, samples)
    raise InputError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")


def removal_order(net, strategy: str = "degree", *, layer: str = AGGREGATE, seed=None,
                  roles=("anchor",), by: str = "degree", firms=None, step: int | None = None,
                  samples: int | None = None) -> pd.Index:
    """Firm ids in the order a strategy removes them.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    strategy : str, default "degree"
        One of :data:`STRATEGIES`: ``random``; static ``degree``, ``strength``,
        ``betweenness``, ``pagerank`` (scores of the intact layer); ``adaptive-degree``,
        ``adaptive-strength`` (recomputed after every removal); ``adaptive-betweenness``,
        ``adaptive-pagerank`` (recomputed every ``step`` removals); ``role`` (firms of
        ``roles`` first, role by role, then the others, each group by ``by``); ``list``
        (``firms`` first in the given order, then the others by ``by``).
    layer : str, default "aggregate"
        Layer whose undirected view is ranked.
    seed : int, numpy.random.Generator or None
        For ``random`` and for sampled betweenness; ``removal_order(net, "random",
        seed=s)`` is the first run of ``removal_curves(net, "random", seed=s)``.
    roles : str or sequence of str, default ("anchor",)
        Roles removed first by the ``role`` strategy.
    by : {"degree", "strength", "betweenness", "pagerank"}, default "degree"
        Score ranking firms inside role groups and after a list.
    firms : sequence of firm ids, optional
        The list of the ``list`` strategy.
    step : int, optional
        Recomputation interval of adaptive betweenness/PageRank (default
        ``ceil(N/100)``; ``1`` is exact adaptive recomputation).
    samples : int, optional
        Betweenness pivots (default: exact up to 5,000 firms, else 256 pivots).

    Returns
    -------
    pandas.Index
        All ``N`` firm ids, first removed first.

    Raises
    ------
    InputError
        Unknown strategy, score or layer, bad ``step``, missing ``roles``/``firms``.
        (A role no firm has only contributes nothing to the order; the curve functions
        refuse it.)
    UnknownFirmError
        A listed firm is not in the network.

    See Also
    --------
    removal_curves, largest_component_curve

    Notes
    -----
    Scores are computed on the binary undirected view (``strength``: weighted);
    betweenness counts hop paths, PageRank uses damping 0.85 (igraph PRPACK).
    Ties go to the earlier firm in the firms table, at every adaptive step.
    The adaptive degree attack removes, at each step, the firm with the most
    remaining neighbours, found in batches of equal top degree with array operations
    (``O(N + E)`` work, no Python loop over firms; tested against a lazy max-heap);
    ``adaptive-strength`` uses the lazy max-heap, ``O((N + E) log N)``.

    References
    ----------
    .. [1] Holme, P., Kim, B. J., Yoon, C. N., & Han, S. K. (2002). Attack
       vulnerability of complex networks. Phys. Rev. E 65, 056109.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> list(nc.metrics.resilience.removal_order(net, "degree")[:3])
    ['S2', 'S1', 'L1']
    >>> list(nc.metrics.resilience.removal_order(net, "role", roles=["anchor"])[:2])
    ['A1', 'A2']
    """
    lay = _Layer(net, layer)
    rng = np.random.default_rng(int_seed(make_rng(seed)))  # as the first layer of removal_curves
    return net.firm_ids[_order(lay, strategy, rng, roles=roles, by=by, firms=firms,
                               step=step, samples=samples)]


# =====================================================================================
# curves
# =====================================================================================
def _curve_frame(parts, n, name_size="lcc_size", name_frac="lcc_fraction", denominator=None,
                 removed=None):
    """Tidy table from ``[(strategy, layer, run, sizes), ...]`` curves.

    Each curve has one value per entry of ``removed`` (default Q = 0..N).
    """
    k = len(parts)
    removed = np.arange(n + 1) if removed is None else np.asarray(removed, dtype=np.int64)
    q = np.tile(removed, k)
    sizes = np.concatenate([p[3] for p in parts]) if k else np.zeros(0, dtype=np.int64)
    denom = n if denominator is None else denominator
    frac = sizes / denom if denom else np.full(len(sizes), np.nan)
    def labels(values):   # categorical: a 2.5M-row table of 100 runs builds in ms
        cats = list(dict.fromkeys(values))
        codes = np.repeat(np.array([cats.index(v) for v in values], dtype=np.int16), len(removed))
        return pd.Categorical.from_codes(codes, categories=cats)

    return pd.DataFrame({
        "strategy": labels([p[0] for p in parts]),
        "layer": labels([p[1] for p in parts]),
        "run": np.repeat(np.array([p[2] for p in parts], dtype=np.int64), len(removed)),
        "removed": q, "fraction_removed": q / n if n else np.zeros(len(q)),
        name_size: sizes, name_frac: frac,
    })


def largest_component_curve(net, order, *, layer: str = AGGREGATE, strong: bool = False
                            ) -> pd.DataFrame:
    """Largest-component curve for one given removal order.

    Parameters
    ----------
    net : MultilayerNetwork
    order : sequence of firm ids
        Every firm exactly once (e.g. from :func:`removal_order`).
    layer : str, default "aggregate"
    strong : bool, default False
        Strongly connected components of the directed layer (exact recomputation,
        much slower) instead of weak ones.

    Returns
    -------
    pandas.DataFrame
        ``removed`` (Q = 0..N), ``fraction_removed``, ``lcc_size``, ``lcc_fraction``.

    Raises
    ------
    InputError
        If ``order`` is not a permutation of the firms.

    See Also
    --------
    removal_curves, largest_component_sizes

    Notes
    -----
    ``lcc_fraction = s(Q) = |largest component| / N`` with ``N`` the original
    number of firms; weak components unless ``strong``.

    References
    ----------
    .. [1] Newman, M. E. J., & Ziff, R. M. (2000). Phys. Rev. Lett. 85, 4104.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> order = nc.metrics.resilience.removal_order(net, "degree")
    >>> nc.metrics.resilience.largest_component_curve(net, order)["lcc_size"].tolist()
    [8, 7, 4, 2, 2, 1, 1, 1, 1, 0]
    """
    lay = _Layer(net, layer)
    codes = _check_order(net.codes(list(order)), lay.n)
    sizes = (_strong_sizes(lay.directed(), codes) if strong else _lcc_sizes(lay.edges, codes))
    return _curve_frame([("list", layer, 0, sizes)], lay.n).drop(
        columns=["strategy", "layer", "run"])


def _strategy_list(strategies) -> list:
    strategies = str_list(strategies, "strategies")
    if not strategies:
        raise InputError("give at least one strategy")
    for s in strategies:
        if s not in STRATEGIES:
            raise InputError(f"unknown strategy {s!r}; use one of {', '.join(STRATEGIES)}")
    return strategies


def _channel_setup(net, channels, exporters):
    """Channel arcs, exporter and SME masks of the access curves (one definition: channels)."""
    u, v = channel_arcs(net, channels)
    return u, v, exporting_firms(net, exporters).mask, sme_mask(net)


def _check_roles(net, roles) -> None:
    """Refuse a removed role no firm has: its 'role' curve would be the ``by`` order
    under a misleading name (``roles`` unchecked otherwise: ``_role_order`` does it)."""
    present = set(net.firms[ROLE].astype(str))
    missing = [r for r in str_list(roles or (), "roles") if r not in present]
    if missing:
        raise InputError(f"the 'role' strategy: no firm has role {', '.join(map(repr, missing))} "
                         f"(roles in the data: {', '.join(sorted(present))})")


def _run_curves(net, strategies, layers, runs, seed, strong, what, progress, channels=None,
                exporters=None, checkpoints=None, **opts):
    strategies = _strategy_list(strategies)
    if "role" in strategies:
        _check_roles(net, opts.get("roles"))
    layers = layer_columns(net, layers if layers is not None else AGGREGATE)
    runs = positive_int(runs, "runs")
    if net.n_firms == 0:
        raise InputError("the network has no firms")
    base = make_rng(seed)
    chan = _channel_setup(net, channels, exporters) if "channel" in what else None
    points = default_checkpoints(net.n_firms) if checkpoints is None else np.asarray(checkpoints)
    jobs = [(lay, s) for lay in layers for s in strategies]
    total = sum(runs if s == "random" else 1 for _, s in jobs)
    done = 0
    lcc_parts, access_parts = [], []
    for layer_name in layers:
        lay = _Layer(net, layer_name)
        rng = np.random.default_rng(int_seed(base))
        for strategy in strategies:
            n_runs = runs if strategy == "random" else 1
            for run in range(n_runs):
                order = _order(lay, strategy, rng, **opts)
                if "lcc" in what:
                    sizes = (_strong_sizes(lay.directed(), order) if strong
                             else _lcc_sizes(lay.edges, order))
                    lcc_parts.append((strategy, layer_name, run, sizes))
                if "channel" in what:
                    counts = access_counts(net.n_firms, *chan, order, points)
                    access_parts.append((strategy, layer_name, run, counts))
                done += 1
                report(progress, done, total)
    n = net.n_firms
    out = {}
    if "lcc" in what:
        out["lcc"] = _curve_frame(lcc_parts, n)[CURVE_COLUMNS]
    if "channel" in what:
        out["channel"] = _curve_frame(access_parts, n, "smes_with_access", "access_fraction",
                                      denominator=int(chan[3].sum()), removed=points
                                      )[CHANNEL_COLUMNS]
    return out


def removal_curves(net, strategies=("random", "degree"), *, layers=AGGREGATE, runs: int = 100,
                   seed=None, strong: bool = False, roles=("anchor",), by: str = "degree",
                   firms=None, step: int | None = None, samples: int | None = None,
                   progress=None) -> pd.DataFrame:
    """Largest-component removal curves: s(Q) for Q = 0..N, per strategy and layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    strategies : str or sequence of str, default ("random", "degree")
        Names from :data:`STRATEGIES` (see :func:`removal_order`).
    layers : str or sequence of str, default "aggregate"
        Layers (their undirected views) and/or ``"aggregate"``.
    runs : int, default 100
        Monte Carlo runs of the ``random`` strategy (other strategies run once).
    seed : int, numpy.random.Generator or None
        Same seed, same curves.
    strong : bool, default False
        Strongly connected components of directed layers (exact recomputation with
        bisection on the monotone curve; far slower than the weak default).
    roles, by, firms, step, samples
        Options of the ``role``, ``list`` and adaptive strategies (see
        :func:`removal_order`).
    progress : callable, optional
        ``progress(done, total)`` over curves.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``strategy, layer, run, removed, fraction_removed, lcc_size,
        lcc_fraction``; ``N + 1`` rows per curve (``strategy`` and ``layer`` are
        categorical).

    Raises
    ------
    InputError
        Unknown strategy or layer, ``runs < 1``, an empty network; with the ``role``
        strategy, a role of ``roles`` that no firm has.

    See Also
    --------
    resilience_summary : R and critical fraction of each curve.
    curve_bands : mean and 5-95 % band of random runs.
    channel_access_curves : the SME channel-access version.

    Notes
    -----
    ``s(Q) = |largest weak component after Q removals| / N``, N fixed (all firms).
    One curve costs a compiled minimum spanning forest plus an ``O(N)`` merge-tree
    sweep (module docstring); 100 random curves on 25,600 firms take seconds.

    References
    ----------
    .. [1] Newman, M. E. J., & Ziff, R. M. (2000). Phys. Rev. Lett. 85, 4104.
    .. [2] Albert, R., Jeong, H., & Barabasi, A.-L. (2000). Nature 406, 378.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> c = nc.metrics.resilience.removal_curves(net, ["random", "degree"], runs=5, seed=0)
    >>> c.groupby("strategy").size().to_dict()
    {'random': 50, 'degree': 10}
    >>> c[c.strategy == "degree"]["lcc_fraction"].round(3).tolist()[:3]
    [0.889, 0.778, 0.444]
    """
    return _run_curves(net, strategies, layers, runs, seed, strong, ("lcc",), progress,
                       roles=roles, by=by, firms=firms, step=step, samples=samples)["lcc"]


def channel_access_curves(net, strategies=("random", "degree"), *, layers=AGGREGATE,
                          runs: int = 100, seed=None, roles=("anchor",), by: str = "degree",
                          firms=None, step: int | None = None, samples: int | None = None,
                          channels=None, exporters=None, checkpoints=None,
                          progress=None) -> pd.DataFrame:
    """Share of SMEs that keep export-channel access as firms are removed.

    Parameters
    ----------
    net : MultilayerNetwork
    strategies, layers, runs, seed, roles, by, firms, step, samples, progress
        As in :func:`removal_curves` (same seed, same removal orders; ``layers`` is the
        view whose scores order the removals).
    channels, exporters
        Channel declaration and exporting roles, as in
        :func:`netclust.metrics.channels.export_channels`.
    checkpoints : sequence of int, optional
        Numbers of removed firms at which access is evaluated (default: 21 evenly
        spaced values from 0 to N).

    Returns
    -------
    pandas.DataFrame
        Tidy: ``strategy, layer, run, removed, fraction_removed, smes_with_access,
        access_fraction``, one row per checkpoint; ``access_fraction`` is NaN when the
        network has no SME.

    Raises
    ------
    InputError
        As :func:`removal_curves`; no exporter information.

    See Also
    --------
    netclust.metrics.channels.channel_access : the definition of access.
    removal_curves, channel_access_summary

    Notes
    -----
    ``a(Q) = #{SMEs present that export or reach a present exporter along the declared
    channels} / #SMEs before any removal`` (fixed denominator: removed SMEs count as
    without access). Access is directed reachability, which has no union-find sweep, so
    it is evaluated at checkpoints (one breadth-first search each, scipy).

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> c = nc.metrics.resilience.channel_access_curves(net, "role", roles=["anchor"],
    ...                                                  checkpoints=[0, 1, 2])
    >>> c["smes_with_access"].tolist()
    [3, 2, 1]
    """
    return _run_curves(net, strategies, layers, runs, seed, False, ("channel",), progress,
                       channels=channels, exporters=exporters, checkpoints=checkpoints,
                       roles=roles, by=by, firms=firms, step=step, samples=samples)["channel"]


def removal_and_access_curves(net, strategies=("random", "degree"), *, layers=AGGREGATE,
                              runs: int = 100, seed=None, roles=("anchor",), by: str = "degree",
                              firms=None, step: int | None = None, samples: int | None = None,
                              channels=None, exporters=None, checkpoints=None,
                              progress=None) -> tuple:
    """Removal curves and channel-access curves from the same removal orders.

    Parameters
    ----------
    net : MultilayerNetwork
    strategies, layers, runs, seed, roles, by, firms, step, samples, progress
        As in :func:`removal_curves`.
    channels, exporters, checkpoints
        As in :func:`channel_access_curves`.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(curves, access)``: the tables of :func:`removal_curves` and
        :func:`channel_access_curves`, equal to calling both with the same seed but
        computing each (possibly costly) ordering once.

    Raises
    ------
    InputError
        As :func:`removal_curves` and :func:`channel_access_curves`.

    See Also
    --------
    removal_curves, channel_access_curves

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> curves, access = nc.metrics.resilience.removal_and_access_curves(net, "degree")
    >>> len(curves), len(access)
    (10, 10)
    """
    out = _run_curves(net, strategies, layers, runs, seed, False, ("lcc", "channel"), progress,
                      channels=channels, exporters=exporters, checkpoints=checkpoints,
                      roles=roles, by=by, firms=firms, step=step, samples=samples)
    return out["lcc"], out["channel"]


# =====================================================================================
# summaries
# =====================================================================================
def robustness(lcc_fraction) -> float:
    """Robustness R of one removal curve (Schneider et al. 2011).

    Parameters
    ----------
    lcc_fraction : array-like of float
        ``s(Q)`` for ``Q = 0..N`` (``N + 1`` values).

    Returns
    -------
    float
        ``R = (1/N) sum_{Q=1..N} s(Q)``.

    Raises
    ------
    InputError
        Fewer than two values.

    See Also
    --------
    critical_fraction, resilience_summary

    Notes
    -----
    Star attacked at its centre: ``(N-1)/N**2``; complete graph under the adaptive
    degree attack: ``(N-1)/(2N)``; ``R <= 1/2`` always. ``s(0)`` is left out.

    References
    ----------
    .. [1] Schneider, C. M., et al. (2011). Mitigation of malicious attacks on
       networks. PNAS 108, 3838-3841.

    Examples
    --------
    >>> nc.metrics.resilience.robustness([1.0, 0.25, 0.25, 0.25, 0.0])
    0.1875
    """
    s = np.asarray(lcc_fraction, dtype=float).ravel()
    if len(s) < 2:
        raise InputError("a removal curve has N + 1 >= 2 values")
    n = len(s) - 1
    return float(s[1:].sum() / n)


def critical_fraction(lcc_fraction, threshold: float = 0.05) -> float:
    """Smallest fraction of removed firms at which s(Q) falls below ``threshold``.

    Parameters
    ----------
    lcc_fraction : array-like of float
        ``s(Q)`` for ``Q = 0..N``.
    threshold : float, default 0.05
        Level of ``s`` (fraction of the original N firms).

    Returns
    -------
    float
        ``min{Q/N : s(Q) < threshold}`` (1.0 when only the empty network is below).

    Raises
    ------
    InputError
        Threshold outside (0, 1] or a curve shorter than 2.

    See Also
    --------
    robustness

    Notes
    -----
    On finite networks the crossing of a fixed threshold comes slightly after the
    percolation point ``1 - 1/<k>`` of an Erdos-Renyi graph (the giant component is
    small but non-zero just above it).

    Examples
    --------
    >>> nc.metrics.resilience.critical_fraction([1.0, 0.6, 0.2, 0.0], threshold=0.5)
    0.6666666666666666
    """
    s = np.asarray(lcc_fraction, dtype=float).ravel()
    if len(s) < 2:
        raise InputError("a removal curve has N + 1 >= 2 values")
    if not 0 < threshold <= 1:
        raise InputError(f"threshold must be in (0, 1], not {threshold!r}")
    below = np.flatnonzero(s < threshold)
    return float(below[0] / (len(s) - 1))


def resilience_summary(curves: pd.DataFrame, *, threshold: float = 0.05) -> pd.DataFrame:
    """R and critical fraction of each curve, averaged over runs.

    Parameters
    ----------
    curves : pandas.DataFrame
        Output of :func:`removal_curves`.
    threshold : float, default 0.05
        Level used by :func:`critical_fraction`.

    Returns
    -------
    pandas.DataFrame
        One row per (strategy, layer): ``strategy, layer, runs, n_firms, R, R_p05,
        R_p95, critical_fraction, critical_fraction_p05, critical_fraction_p95,
        threshold, initial_lcc_fraction``. Percentiles over random runs (equal to the
        value for deterministic strategies).

    Raises
    ------
    InputError
        If the table lacks the curve columns.

    See Also
    --------
    robustness, critical_fraction

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> c = nc.metrics.resilience.removal_curves(net, "degree")
    >>> s = nc.metrics.resilience.resilience_summary(c, threshold=0.5)
    >>> s[["strategy", "R", "critical_fraction"]].round(3).to_dict("records")
    [{'strategy': 'degree', 'R': 0.235, 'critical_fraction': 0.222}]
    """
    missing = set(CURVE_COLUMNS) - set(curves.columns)
    if missing:
        raise InputError(f"not a removal-curve table: missing {sorted(missing)}")
    rows = []
    for (strategy, layer), grp in curves.groupby(["strategy", "layer"], sort=False):
        rs, cfs = [], []
        first = None
        for _, run in grp.groupby("run", sort=True):
            s = run.sort_values("removed")["lcc_fraction"].to_numpy()
            rs.append(robustness(s))
            cfs.append(critical_fraction(s, threshold))
            first = s[0]
        n = int(grp["removed"].max())
        rows.append({
            "strategy": strategy, "layer": layer, "runs": len(rs), "n_firms": n,
            "R": float(np.mean(rs)), "R_p05": float(np.percentile(rs, 5)),
            "R_p95": float(np.percentile(rs, 95)),
            "critical_fraction": float(np.mean(cfs)),
            "critical_fraction_p05": float(np.percentile(cfs, 5)),
            "critical_fraction_p95": float(np.percentile(cfs, 95)),
            "threshold": float(threshold), "initial_lcc_fraction": float(first),
        })
    return pd.DataFrame(rows)


def curve_bands(curves: pd.DataFrame, *, value: str = "lcc_fraction") -> pd.DataFrame:
    """Mean and 5-95 % band of a curve table over runs, per strategy, layer and Q.

    Parameters
    ----------
    curves : pandas.DataFrame
        Output of :func:`removal_curves` or :func:`channel_access_curves`.
    value : str, default "lcc_fraction"
        Column summarised (``access_fraction`` for channel curves).

    Returns
    -------
    pandas.DataFrame
        ``strategy, layer, removed, fraction_removed, mean, p05, p95, runs``.

    Raises
    ------
    InputError
        Unknown ``value`` column.

    See Also
    --------
    netclust.viz.curves.plot_removal_curves

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> c = nc.metrics.resilience.removal_curves(net, "random", runs=20, seed=1)
    >>> b = nc.metrics.resilience.curve_bands(c)
    >>> b[["removed", "mean", "p05", "p95"]].round(3).iloc[1].to_dict()
    {'removed': 1.0, 'mean': 0.789, 'p05': 0.778, 'p95': 0.889}
    >>> bool((b.p05 <= b.p95).all())
    True
    """
    if value not in curves.columns:
        raise InputError(f"no column {value!r} in the curve table")
    keys = ["strategy", "layer", "removed", "fraction_removed"]
    g = curves.groupby(keys, sort=False)[value]
    out = g.agg(mean="mean", runs="count")
    out["p05"] = g.quantile(0.05).reindex(out.index)
    out["p95"] = g.quantile(0.95).reindex(out.index)
    return out.reset_index()[keys + ["mean", "p05", "p95", "runs"]]


# =====================================================================================
# attack tolerance of the SME-anchor bipartite web
# =====================================================================================
@dataclass(frozen=True)
class AttackTolerance:
    """Result of :func:`attack_tolerance`.

    Attributes
    ----------
    curve : pandas.DataFrame
        ``strategy, run, removed, fraction_removed, surviving, surviving_fraction``.
    area : pandas.DataFrame
        ``strategy, run, area``: the area under each curve.
    method : str
        ``"trapezoid"`` or ``"spline"``.
    n_primary, n_secondary : int
        Firms of the removed (primary) and dependent (secondary) sides in the web.
    """

    curve: pd.DataFrame
    area: pd.DataFrame
    method: str
    n_primary: int
    n_secondary: int

    @property
    def mean_area(self) -> pd.Series:
        """Mean area per strategy."""
        return self.area.groupby("strategy", sort=False)["area"].mean()


def _area(x, y, method: str) -> float:
    if method == "trapezoid":
        return float(np.trapezoid(y, x))
    from scipy.interpolate import CubicSpline

    if len(x) < 3:
        return float(np.trapezoid(y, x))
    return float(CubicSpline(x, y).integrate(0.0, 1.0))


def attack_tolerance(net, *, layer: str = AGGREGATE, primary: str = "anchor",
                     secondary: str = "sme", strategies=("random", "degree", "least"),
                     runs: int = 100, seed=None, area: str = "trapezoid") -> AttackTolerance:
    """Attack-tolerance (extinction) curves of the SME-anchor bipartite web and their area.

    Parameters
    ----------
    net : MultilayerNetwork
    layer : str, default "aggregate"
        Links (undirected view) between ``primary`` and ``secondary`` firms form the
        bipartite web; other links are ignored.
    primary : str, default "anchor"
        Role of the firms removed.
    secondary : str, default "sme"
        Role of the firms that "go extinct" when they lose every primary partner.
    strategies : sequence of {"random", "degree", "least"}
        ``random`` order (``runs`` times), most-linked first, least-linked first
        (ties by firm order).
    runs : int, default 100
    seed : int, numpy.random.Generator or None
    area : {"trapezoid", "spline"}, default "trapezoid"
        Integration rule for the area under the curve.

    Returns
    -------
    AttackTolerance

    Raises
    ------
    InputError
        Unknown strategy/area, ``runs < 1``, or a web without links.

    See Also
    --------
    removal_curves

    Notes
    -----
    Only firms with at least one link in the web take part (as in the R package
    ``bipartite``). After ``Q`` primary removals, ``y(Q)`` = share of secondary
    firms that keep at least one primary partner; ``x = Q / n_primary``; ``y(0) = 1``
    and ``y(1) = 0`` always. The area under ``y(x)`` on [0, 1] (Burgos et al. 2007)
    is large for a tolerant web and small when secondary firms depend on the first
    primaries removed: with the trapezoid rule it is at most ``1 - 1/(2 n_primary)``,
    reached when every secondary firm keeps a partner until the last primary goes
    (e.g. every SME linked to every anchor), and ``1/(2 n_primary)`` would mean that
    all secondary firms die with the first primary removed.
    ``trapezoid`` integrates the piecewise-linear curve through the ``n_primary + 1``
    points exactly (it never leaves [0, 1]). ``spline`` integrates a not-a-knot cubic
    spline through them (scipy), close to ``bipartite::robustness`` in R, which
    integrates ``splinefun`` (FMM end conditions) with ``integrate``; splines can
    overshoot, so the two rules differ by a few thousandths on small webs.

    References
    ----------
    .. [1] Memmott, J., Waser, N. M., & Price, M. V. (2004). Proc. R. Soc. B 271, 2605.
    .. [2] Burgos, E., et al. (2007). Why nestedness in mutualistic networks?
       J. Theor. Biol. 249, 307-313.
    .. [3] Dormann, C. F., Gruber, B., & Fruend, J. (2008). Introducing the bipartite
       package. R News 8, 8-11.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> at = nc.metrics.resilience.attack_tolerance(net, strategies=["degree"])
    >>> at.curve["surviving"].tolist()
    [3, 2, 0]
    >>> round(float(at.area["area"].iloc[0]), 3)
    0.583
    """
    choice(area, "area", ("trapezoid", "spline"))
    strategies = str_list(strategies, "strategies")
    for s in strategies:
        if s not in ("random", "degree", "least"):
            raise InputError(f"unknown attack-tolerance strategy {s!r}; use random, degree, least")
    runs = positive_int(runs, "runs")
    lay = _Layer(net, layer)
    role = net.firms[ROLE].astype(str).to_numpy()
    p_idx = np.flatnonzero(role == primary)
    s_idx = np.flatnonzero(role == secondary)
    web = lay.sym[s_idx][:, p_idx].tocsr()            # secondary x primary
    web.data[:] = 1.0
    s_keep = np.flatnonzero(np.diff(web.indptr) > 0)
    p_deg_all = np.asarray(web.sum(axis=0)).ravel()
    p_keep = np.flatnonzero(p_deg_all > 0)
    if len(s_keep) == 0:
        raise InputError(f"no {layer} link joins a {primary!r} firm and a {secondary!r} firm")
    web = web[s_keep][:, p_keep].tocsr()
    n_p, n_s = len(p_keep), len(s_keep)
    p_deg = p_deg_all[p_keep]
    rng = make_rng(seed)
    x = np.arange(n_p + 1) / n_p
    curves, areas = [], []
    for strategy in strategies:
        for run in range(runs if strategy == "random" else 1):
            if strategy == "random":
                order = rng.permutation(n_p)
            elif strategy == "degree":
                order = np.argsort(-p_deg, kind="stable")
            else:
                order = np.argsort(p_deg, kind="stable")
            pos = np.empty(n_p, dtype=np.int64)
            pos[order] = np.arange(n_p)
            # a secondary firm dies with its last partner: after max(pos) + 1 removals
            death = np.maximum.reduceat(pos[web.indices], web.indptr[:-1]) + 1
            dead = np.cumsum(np.bincount(death, minlength=n_p + 1))
            surviving = n_s - dead
            y = surviving / n_s
            curves.append(pd.DataFrame({
                "strategy": strategy, "run": np.int64(run), "removed": np.arange(n_p + 1),
                "fraction_removed": x, "surviving": surviving, "surviving_fraction": y}))
            areas.append({"strategy": strategy, "run": run, "area": _area(x, y, area)})
    return AttackTolerance(curve=pd.concat(curves, ignore_index=True),
                           area=pd.DataFrame(areas), method=area, n_primary=n_p,
                           n_secondary=n_s)


def channel_access_summary(curves: pd.DataFrame) -> pd.DataFrame:
    """Initial access and area under each channel-access curve (mean and 5-95 % over runs).

    Parameters
    ----------
    curves : pandas.DataFrame
        Channel-access curves of :func:`channel_access_curves` (or the second table of
        :func:`removal_and_access_curves`).

    Returns
    -------
    pandas.DataFrame
        One row per ``strategy, layer``: ``runs``, ``initial_access`` (mean access
        share before any removal), ``area`` (mean over runs of the area under
        ``a`` against the fraction removed, trapezoid rule over the checkpoints: the
        channel analogue of robustness R),
        ``area_p05``, ``area_p95`` (5th and 95th percentiles over runs).

    See Also
    --------
    channel_access_curves, resilience_summary

    Notes
    -----
    ``a(Q)`` is the share of the original SMEs that still export or reach an exporter
    along the declared channels after ``Q`` removals; the area lies in [0, 1) and,
    like R, higher means channels survive more removals. NaN access (no SME) gives a
    NaN area.

    Examples
    --------
    >>> c = nc.metrics.resilience.channel_access_curves(nc.datasets.toy(), "role")
    >>> s = nc.metrics.resilience.channel_access_summary(c)
    >>> s[["strategy", "runs", "initial_access"]].values.tolist()
    [['role', 1, 1.0]]
    """
    keys = ["strategy", "layer"]
    curves = curves.astype({k: str for k in keys}).sort_values(keys + ["run", "removed"])
    x, y = curves["fraction_removed"].to_numpy(), curves["access_fraction"].to_numpy()
    same = np.r_[False, (curves[keys + ["run"]].shift().to_numpy()
                         == curves[keys + ["run"]].to_numpy()).all(axis=1)[1:]]
    dx = np.where(same, x - np.r_[np.nan, x[:-1]], 0.0)
    piece = np.where(same, dx * (y + np.r_[np.nan, y[:-1]]) / 2, 0.0)
    area = (curves.assign(piece=piece).groupby(keys + ["run"], sort=False)["piece"].sum()
            .rename("area").reset_index())
    start = curves[curves["removed"] == 0].groupby(keys, sort=False)["access_fraction"].mean()
    grouped = area.groupby(keys, sort=False)["area"]
    out = pd.DataFrame({
        "runs": grouped.size(), "initial_access": start,
        "area": grouped.mean(), "area_p05": grouped.quantile(0.05),
        "area_p95": grouped.quantile(0.95)}).reset_index()
    out["runs"] = out["runs"].astype(int)
    return out[keys + ["runs", "initial_access", "area", "area_p05", "area_p95"]]


__all__ += ["channel_access_summary"]
