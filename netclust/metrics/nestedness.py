"""Nestedness of a bipartite web: NODF (binary and weighted), checkerboards, c_i.

All functions accept a 2-D numpy array, a DataFrame or a scipy sparse matrix (rows x
columns, cells = weights, 0 = no link); see :mod:`netclust.metrics.bipartite`.

NODF follows vegan's ``nestednodf`` exactly (vegan 2.6, Oksanen et al.), the
reference implementation named in the design notes (§12):

* ``sort=True`` (vegan ``order = TRUE``) orders rows and columns by decreasing
  number of links (weighted: then by decreasing total weight); the order among ties
  cannot change the value, because pairs with equal fill score 0.
* a pair of rows (i before j) scores only when ``fill_i > fill_j > 0``; pairs with
  equal fill and pairs involving an empty row score 0 but count in the denominator
  ``n (n - 1) / 2`` (empty rows and columns are kept).
* binary: score = share of j's links that i also has; weighted (Almeida-Neto &
  Ulrich 2011): share of j's links where i's cell is **strictly** greater (vegan's
  ``wbinary = FALSE``; ``wbinary = TRUE`` counts ``>=``, offered as ``weighted="wbinary"``).
* presence = cell > 0; binary NODF of a weighted matrix uses presence only.

No Python loop runs over pairs of rows: for every link (j, c) the number of rows
i with a link in column c that "dominate" j is counted from integer sorts of the
link list (numpy's SIMD sort), never from the n x n pair table:

* sorted binary NODF: one sort by (column, degree class) per side, O(L log L);
* sorted weighted NODF: rows are grouped into degree classes (few distinct
  degrees); a divide and conquer over the bits of the class counts each dominance
  pair at the highest bit where the two classes differ (one sort per bit,
  O(L log L log D)), and columns with few links list their pairs directly;
* unsorted NODF (``sort=False``): a merge-sort dominance count, O(L log^2 L).

The same link-array kernels score the null webs of
:func:`netclust.metrics.symbiosis.web_scorecard` without building matrices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._progress import report
from netclust._random import make_rng
from netclust.errors import InputError
from netclust.metrics._web import as_web

__all__ = [
    "nodf",
    "NODFResult",
    "checkerboard",
    "CheckerboardResult",
    "nestedness_contribution",
]


@dataclass(frozen=True)
class NODFResult:
    """NODF of a web and its row and column parts (all on a 0-100 scale).

    Attributes
    ----------
    total : float
        NODF of the whole matrix (vegan's ``NODF``).
    rows : float
        Mean score over row pairs (vegan's ``N.rows``).
    columns : float
        Mean score over column pairs (vegan's ``N.columns``).
    fill : float
        Connectance, share of non-zero cells.
    weighted : bool or str
        False, True or "wbinary".
    sort : bool
        Whether rows and columns were sorted (vegan's ``order``).
    """

    total: float
    rows: float
    columns: float
    fill: float
    weighted: bool | str = False
    sort: bool = True

    def __float__(self) -> float:
        return float(self.total)

    def to_series(self) -> pd.Series:
        """Return ``total``, ``rows``, ``columns`` and ``fill`` as a Series.

        Examples
        --------
        >>> from netclust.metrics.nestedness import nodf
        >>> nodf(np.tri(3)).to_series().tolist()
        [100.0, 100.0, 100.0, 0.666...]
        """
        return pd.Series(
            {"total": self.total, "rows": self.rows, "columns": self.columns, "fill": self.fill},
            name="nodf",
        )


# --------------------------------------------------------------------------- #
# Vectorised dominance counting
# --------------------------------------------------------------------------- #


def _dense_rank(seg: np.ndarray, val: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense rank of (seg, val) pairs and, per element, the top rank of its segment."""
    order = np.lexsort((val, seg))
    s, v = seg[order], val[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (s[1:] != s[:-1]) | (v[1:] != v[:-1])
    rank_sorted = np.cumsum(new) - 1
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = rank_sorted
    # last rank of each segment
    seg_end = np.ones(len(order), dtype=bool)
    seg_end[:-1] = s[1:] != s[:-1]
    last_rank = rank_sorted[seg_end]
    seg_ids = s[seg_end]
    top = np.empty(len(order), dtype=np.int64)
    top[order] = last_rank[np.searchsorted(seg_ids, s)]
    return rank, top


def _count_earlier_greater(seg, val, point=None, query=None) -> np.ndarray:
    """For each element q (array order = time), count earlier points p with
    ``seg[p] == seg[q]`` and ``val[p] > val[q]``.

    ``point`` / ``query`` are boolean masks (default all). Bottom-up merge-sort
    (CDQ) over positions: each earlier/later pair is compared at exactly one level,
    where both fall in the same block but in different halves; at each level the
    counts come from one sort and two ``searchsorted`` calls. O(n log^2 n).
    """
    seg = np.asarray(seg)
    val = np.asarray(val)
    n = len(seg)
    counts = np.zeros(n, dtype=np.int64)
    if n < 2:
        return counts
    point = np.ones(n, dtype=bool) if point is None else np.asarray(point, dtype=bool)
    query = np.ones(n, dtype=bool) if query is None else np.asarray(query, dtype=bool)
    rank, top = _dense_rank(seg, val)
    width = np.int64(rank.max() + 2)
    pos = np.arange(n, dtype=np.int64)
    level = 0
    while (1 << level) < n:
        block = pos >> (level + 1)
        left = ((pos >> level) & 1) == 0
        lp = left & point
        rq = (~left) & query
        if lp.any() and rq.any():
            keys = np.sort(block[lp] * width + rank[lp])
            base = block[rq] * width
            counts[rq] += np.searchsorted(keys, base + top[rq], side="right") - np.searchsorted(
                keys, base + rank[rq], side="right"
            )
        level += 1
    return counts


def _pair_sum(mat: sp.csr_matrix, weighted, sort: bool) -> float:
    """Sum over row pairs of vegan's paired-overlap scores (rows of ``mat``)."""
    n_rows = mat.shape[0]
    coo = mat.tocoo()
    row, col, w = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
    if row.size == 0:
        return 0.0
    deg = np.bincount(row, minlength=n_rows).astype(np.int64)
    d = deg[row]
    if sort:
        # sorted weighted: order (col, degree desc, weight asc); earlier entries in
        # the column with a larger weight then have a strictly larger degree
        order = np.lexsort((w, -d, col))
        counts = np.empty(len(order), dtype=np.int64)
        counts[order] = _count_earlier_greater(col[order], w[order])
    else:
        # unsorted: rows earlier in the given order with a strictly larger degree
        order = np.lexsort((row, col))
        c_s, d_s, w_s = col[order], d[order], w[order]
        counts_s = np.zeros(len(order), dtype=np.int64)
        if not weighted:
            counts_s = _count_earlier_greater(c_s, d_s)
        else:
            for delta in np.unique(d_s):
                pts = d_s == delta
                qs = d_s < delta
                if not qs.any():
                    continue
                if weighted == "wbinary":
                    counts_s += _count_earlier_greater_equal(c_s, w_s, pts, qs)
                else:
                    counts_s += _count_earlier_greater(c_s, w_s, pts, qs)
        counts = np.empty(len(order), dtype=np.int64)
        counts[order] = counts_s
    return float(np.sum(counts / d))


def _count_earlier_greater_equal(seg, val, point, query):
    """Count earlier points in the same segment with ``val[p] >= val[q]``."""
    point = np.asarray(point, dtype=bool)
    # points valued 1 and queries 0: counts every earlier point of the segment
    everyone = _count_earlier_greater(seg, point.astype(float), point, query)
    smaller = _count_earlier_greater(seg, -np.asarray(val, dtype=float), point, query)
    return everyone - smaller


def _check_weighted(weighted):
    if weighted not in (False, True, "wbinary"):
        raise InputError(f"weighted must be False, True or 'wbinary', not {weighted!r}")


# --------------------------------------------------------------------------- #
# Sorted NODF from link arrays (the fast path, also used on every null web)
# --------------------------------------------------------------------------- #


class _Classes(NamedTuple):
    """Nodes of one side grouped by degree (class 0 = the largest degree)."""

    cls: np.ndarray  # class of every node (int64)
    inv: np.ndarray  # 1 / degree of every class (0 for degree 0)
    n: int  # number of classes
    bits: int  # bits needed to store a class
    deg: np.ndarray  # degree of every node


def degree_classes(deg: np.ndarray) -> _Classes:
    """Degree classes of one side (kernel shared with the symbiosis scorecard)."""
    values, inverse = np.unique(np.asarray(deg, dtype=np.int64), return_inverse=True)
    n = len(values)
    desc = values[::-1].astype(float)
    inv = np.divide(1.0, desc, out=np.zeros(n), where=desc > 0)
    deg = np.asarray(deg, dtype=np.int64)
    return _Classes((n - 1) - inverse.astype(np.int64).ravel(), inv, n,
                    max(1, int(n - 1).bit_length()), deg)


def _run_starts(keys_sorted: np.ndarray) -> np.ndarray:
    """Boolean mask: position starts a run of equal values in a sorted array."""
    new = np.empty(len(keys_sorted), dtype=bool)
    if len(keys_sorted):
        new[0] = True
        np.not_equal(keys_sorted[1:], keys_sorted[:-1], out=new[1:])
    return new


def _first_of_run(new: np.ndarray) -> np.ndarray:
    """Index of the first element of each element's run."""
    return np.maximum.accumulate(np.where(new, np.arange(len(new)), 0))


def _fits(*bits) -> bool:
    return sum(bits) <= 62


def _binary_pair_sum(seg, cls, classes: _Classes) -> float:
    """Sum over links q of #{p : seg_p = seg_q, class_p < class_q} / degree(class_q).

    Sorted binary NODF of the rows when ``seg`` is the column of every link and
    ``cls`` the degree class of its row. One integer sort; each run of equal
    (segment, class) contributes ``length x (run start - segment start)``.
    """
    if seg.size == 0:
        return 0.0
    bc = classes.bits
    if not _fits(int(seg.max()).bit_length(), bc):
        key = np.sort(seg * np.int64(classes.n) + cls)
        c, s = key % classes.n, key // classes.n
    else:
        key = np.sort((seg << bc) | cls)
        c, s = key & ((1 << bc) - 1), key >> bc
    starts = np.flatnonzero(_run_starts(key))
    lengths = np.diff(np.append(starts, key.size))
    seg_first = np.maximum.accumulate(np.where(_run_starts(s[starts]), starts, 0))
    return float(np.dot(lengths * (starts - seg_first), classes.inv[c[starts]]))


def _dominance_levels(seg, cls, wdesc, classes: _Classes, strict: bool) -> float:
    """Sum over links q of #{p : seg_p = seg_q, class_p < class_q, w_p > w_q} / deg(q).

    ``wdesc`` ranks the weights in decreasing order (0 = largest); ``strict=False``
    counts ``w_p >= w_q``. Divide and conquer over the bits of the class: a pair
    with ``class_p < class_q`` is counted at the highest bit where the classes
    differ (p has 0, q has 1, equal higher bits). Per bit, one integer sort by
    (higher bits, segment, weight) and a running count of the p-side links.
    ``O(L log L log D)`` for L links and D classes.
    """
    bc = classes.bits
    bw = max(1, int(wdesc.max()).bit_length())
    bs = max(1, int(seg.max()).bit_length())
    packed = _fits(bc, bs, bw, 1, bc)
    shift_blk = bw + 1 + bc
    shift_g = bs + shift_blk
    if packed:
        base = (seg << shift_blk) | (wdesc << (1 + bc)) | cls
    cmask = (1 << bc) - 1
    total = 0.0
    for h in range(bc):
        bit = (cls >> h) & 1  # 1 = the q side at this level
        # equal weights: strict -> q before p (not counted), else p before q
        flag = bit ^ 1 if strict else bit
        if packed:
            key = ((cls >> (h + 1)) << shift_g) | base | (flag << bc)
            key.sort()
            f = (key >> bc) & 1
            block_new = _run_starts(key >> shift_blk)
            c = key & cmask
        else:  # huge webs: the same with a lexicographic sort
            g = cls >> (h + 1)
            order = np.lexsort((flag, wdesc, seg, g))
            f = flag[order]
            block_new = _run_starts(g[order] * (int(seg.max()) + 1) + seg[order])
            c = cls[order]
        is_p = f if strict else f ^ 1
        before = np.cumsum(is_p) - is_p
        block_start = np.maximum.accumulate(np.where(block_new, before, 0))
        total += float(np.dot(before - block_start, classes.inv[c] * (1 - is_p)))
    return total


def _dominance_pairs(seg, cls, wdesc, classes: _Classes, strict: bool) -> float | None:
    """Same sum as :func:`_dominance_levels` by listing, in every segment, the pairs
    (p, q) with ``w_p > w_q`` (``>=`` when not strict). ``O(sum_seg k^2)``: cheaper
    than the levels when segments are small."""
    bc = classes.bits
    bw = max(1, int(wdesc.max()).bit_length())
    bs = max(1, int(seg.max()).bit_length())
    if not _fits(bs, bw, bc):
        return None
    key = np.sort((seg << (bw + bc)) | (wdesc << bc) | cls)
    c = key & ((1 << bc) - 1)
    sw = key >> bc
    seg_first = _first_of_run(_run_starts(sw >> bw))
    tie_new = _run_starts(sw)
    if strict:
        bound = _first_of_run(tie_new)  # links of q's segment with a larger weight
    else:
        ends = np.flatnonzero(np.append(tie_new[1:], True))  # last link of each tie run
        bound = ends[np.cumsum(tie_new) - 1] + 1
    n = bound - seg_first
    n_pairs = int(n.sum())
    if n_pairs == 0:
        return 0.0
    p = np.arange(n_pairs) - np.repeat(np.cumsum(n) - n - seg_first, n)
    cq = np.repeat(c, n)
    return float(np.dot(c[p] < cq, classes.inv[cq]))


def _dominance_sum(seg, cls, wdesc, classes: _Classes, seg_deg: np.ndarray,
                   strict: bool = True) -> float:
    """Weighted sorted NODF pair sum of one side (see :func:`_dominance_levels`).

    ``seg_deg`` = number of links of every segment node. Pairs are only compared
    within a segment, so segments can be split between the two exact methods:
    small segments are cheaper by listing their pairs, large ones by the levels.
    The split minimises ``pairs listed + 1.5 x links x class bits``.
    """
    if seg.size == 0 or classes.n < 2:
        return 0.0
    seg_deg = np.asarray(seg_deg, dtype=np.int64)
    k = seg_deg[seg_deg > 0]
    order = np.sort(k)
    pairs_cum = np.cumsum(order * (order - 1) // 2)  # pairs of the t smallest segments
    links_cum = np.cumsum(order)
    cost = np.r_[0, pairs_cum] + 1.5 * classes.bits * (links_cum[-1] - np.r_[0, links_cum])
    t = int(np.argmin(cost))  # segments order[:t] by pairs, the rest by levels
    if t == len(order):
        out = _dominance_pairs(seg, cls, wdesc, classes, strict)
        if out is not None:
            return out
        return _dominance_levels(seg, cls, wdesc, classes, strict)
    if t == 0:
        return _dominance_levels(seg, cls, wdesc, classes, strict)
    limit = order[t - 1]  # segments with at most `limit` links are listed
    small = seg_deg[seg] <= limit
    i_small, i_big = np.flatnonzero(small), np.flatnonzero(~small)
    listed = _dominance_pairs(seg[i_small], cls[i_small], wdesc[i_small], classes, strict)
    if listed is None:
        return _dominance_levels(seg, cls, wdesc, classes, strict)
    return listed + _dominance_levels(seg[i_big], cls[i_big], wdesc[i_big], classes, strict)


def nodf_sorted_sums(r, c, row_classes: _Classes, col_classes: _Classes, wdesc=None,
                      strict: bool = True) -> tuple[float, float]:
    """Sorted NODF pair sums of the rows and of the columns from link arrays.

    ``wdesc`` (decreasing rank of every link's weight) gives weighted NODF; None
    gives binary NODF.
    """
    rc, cc = row_classes.cls[r], col_classes.cls[c]
    if wdesc is None:
        return _binary_pair_sum(c, rc, row_classes), _binary_pair_sum(r, cc, col_classes)
    return (_dominance_sum(c, rc, wdesc, row_classes, col_classes.deg, strict),
            _dominance_sum(r, cc, wdesc, col_classes, row_classes.deg, strict))


def weight_ranks(w: np.ndarray) -> tuple[np.ndarray, int]:
    """Decreasing dense rank of every weight (0 = largest) and the number of ranks."""
    values, inverse = np.unique(w, return_inverse=True)
    return (len(values) - 1) - inverse.astype(np.int64).ravel(), len(values)


def nodf_scale(s_rows: float, s_cols: float, n_rows: int, n_cols: int):
    """(NODF, NODF rows, NODF columns) in [0, 100] from the sorted pair sums."""
    p_rows = n_rows * (n_rows - 1) / 2
    p_cols = n_cols * (n_cols - 1) / 2
    rows = 100.0 * s_rows / p_rows if p_rows else float("nan")
    cols = 100.0 * s_cols / p_cols if p_cols else float("nan")
    total = 100.0 * (s_rows + s_cols) / (p_rows + p_cols) if p_rows + p_cols else float("nan")
    return total, rows, cols


def _nodf_parts(mat: sp.csr_matrix, weighted=False, sort: bool = True):
    """Return (total, rows, columns, fill) for a validated CSR matrix."""
    n_rows, n_cols = mat.shape
    if sort:
        coo = mat.tocoo()
        row, col = coo.row.astype(np.int64), coo.col.astype(np.int64)
        rcl = degree_classes(np.bincount(row, minlength=n_rows))
        ccl = degree_classes(np.bincount(col, minlength=n_cols))
        wdesc = weight_ranks(coo.data)[0] if weighted else None
        s_rows, s_cols = nodf_sorted_sums(row, col, rcl, ccl, wdesc, weighted != "wbinary")
    else:
        if not weighted:
            mat = mat.copy()
            mat.data = np.ones_like(mat.data)
        s_rows = _pair_sum(mat, weighted, False)
        s_cols = _pair_sum(mat.T.tocsr(), weighted, False)
    total, rows, cols = nodf_scale(s_rows, s_cols, n_rows, n_cols)
    size = n_rows * n_cols
    fill = mat.nnz / size if size else float("nan")
    return total, rows, cols, fill


def nodf(matrix, weighted=False, sort: bool = True) -> NODFResult:
    """Nestedness NODF (Almeida-Neto et al. 2008) and weighted NODF (2011).

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Incidence matrix (rows x columns); cells > 0 are links, values are weights.
    weighted : bool or "wbinary", default False
        False: binary NODF on presence/absence. True: weighted NODF (WNODF), a cell
        counts when strictly greater. "wbinary": vegan's ``wbinary = TRUE`` variant
        (greater or equal).
    sort : bool, default True
        Sort rows and columns by decreasing fill (weighted: then total weight)
        first, as vegan's ``order = TRUE``. ``False`` uses the given order (then a
        pair scores only when the earlier row has the larger fill).

    Returns
    -------
    NODFResult
        ``total``, ``rows`` and ``columns`` parts on a 0-100 scale, and ``fill``.
        Parts are NaN when that side has fewer than two nodes.

    Raises
    ------
    InputError
        Bad matrix (not 2-D, negative or non-finite cells) or bad ``weighted``.

    See Also
    --------
    checkerboard, nestedness_contribution,
    netclust.metrics.nullmodels.null_test : significance against null models.

    Notes
    -----
    For rows i before j (after sorting) with ``k_i > k_j > 0``, the paired score is
    ``N_ij = |N(i) ∩ N(j)| / k_j`` (binary) or ``#{c: a_jc > 0, a_ic > a_jc} / k_j``
    (weighted); other pairs score 0. With ``n`` rows and ``m`` columns::

        NODF = 100 * (sum_row_pairs N + sum_col_pairs N) / (n(n-1)/2 + m(m-1)/2)

    ``rows`` and ``columns`` are the means over row pairs and column pairs (vegan's
    ``N.rows`` and ``N.columns``). Conventions are vegan's ``nestednodf`` (module
    docstring); agreement is tested against vegan through Rscript. Range 0-100:
    100 for a perfectly nested (staircase) matrix, 0 for a chessboard.

    Reading for a cluster: high NODF = a nested, "core-periphery" trading web --
    specialist SMEs work with the partners that the generalist SMEs also use, and
    small anchors serve subsets of the big anchors' SMEs. This is the structure
    Saavedra et al. (2009) found in the New York garment industry; it makes the
    web robust to the loss of peripheral firms and fragile to the loss of the core.
    Always read it against a null model (z-score), since NODF grows with fill.

    References
    ----------
    .. [1] Almeida-Neto, M., Guimarães, P., Guimarães, P. R., Loyola, R. D. &
       Ulrich, W. (2008). A consistent metric for nestedness analysis in ecological
       systems: reconciling concept and measurement. Oikos 117, 1227-1239.
    .. [2] Almeida-Neto, M. & Ulrich, W. (2011). A straightforward computational
       approach for measuring nestedness using quantitative matrices. Environmental
       Modelling & Software 26, 173-178.
    .. [3] Oksanen, J. et al. vegan: Community Ecology Package, ``nestednodf``.
    .. [4] Saavedra, S., Reed-Tsochas, F. & Uzzi, B. (2009). A simple model of
       bipartite cooperation for ecological and organizational networks. Nature
       457, 463-466.

    Examples
    --------
    >>> from netclust.metrics.nestedness import nodf
    >>> nodf(np.tri(4)).total
    100.0
    >>> r = nodf(np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]]))
    >>> (r.total, r.rows, r.columns)
    (0.0, 0.0, 0.0)
    >>> round(nodf(np.array([[3, 2, 1], [2, 1, 0], [1, 0, 0]]), weighted=True).total, 3)
    100.0
    """
    _check_weighted(weighted)
    web = as_web(matrix)
    total, rows, cols, fill = _nodf_parts(web.matrix, weighted=weighted, sort=bool(sort))
    return NODFResult(total=total, rows=rows, columns=cols, fill=fill, weighted=weighted,
                      sort=bool(sort))


# --------------------------------------------------------------------------- #
# Checkerboards (Stone & Roberts 1990; vegan nestedchecker)
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class CheckerboardResult:
    """Checkerboard units and C-score (vegan's ``nestedchecker``).

    Attributes
    ----------
    checkerboards : float
        Number of 2x2 submatrices [[1, 0], [0, 1]] or [[0, 1], [1, 0]].
    c_score : float
        ``checkerboards`` divided by the number of column pairs.
    """

    checkerboards: float
    c_score: float

    def __float__(self) -> float:
        return float(self.c_score)


def _checkerboards(mat: sp.csr_matrix) -> float:
    coo = mat.tocoo()
    r, c = coo.row.astype(np.int64), coo.col.astype(np.int64)
    return checkerboards_links(r, c, mat.shape[0], mat.shape[1])


def checkerboards_links(r, c, n_rows: int, n_cols: int, rdeg=None, cdeg=None) -> float:
    """Checkerboard units from the link arrays of a web (presence only).

    With column degrees k and column co-occurrences S = B'B::

        sum_{a<b} (k_a - S_ab)(k_b - S_ab)
            = sum_{a<b} k_a k_b - sum_a k_a (u_a - k_a) + sum_{a<b} S_ab^2

    where ``u_a = sum_{i in N(a)} deg(i)``. Only the last term needs the
    co-occurrences, and only through ``||B'B||_F^2 = ||BB'||_F^2`` (the number of
    closed 4-walks), counted on the cheaper side (:func:`_gram_sq_norm`).
    """
    if rdeg is None:
        rdeg = np.bincount(r, minlength=n_rows)
    if cdeg is None:
        cdeg = np.bincount(c, minlength=n_cols)
    rdeg = np.asarray(rdeg, dtype=np.int64)
    cdeg = np.asarray(cdeg, dtype=np.int64)
    if len(r) == 0:
        return 0.0
    n_links = int(cdeg.sum())
    all_pairs = (n_links * n_links - int(np.dot(cdeg, cdeg))) // 2
    u = np.bincount(c, weights=rdeg[r], minlength=n_cols).astype(np.int64)
    shared_deg = int(np.dot(cdeg, u - cdeg))
    # sum_{a<b} S_ab^2 = (||B'B||_F^2 - sum_a k_a^2) / 2
    shared_sq = (_gram_sq_norm(r, c, n_rows, n_cols, rdeg, cdeg) - int(np.dot(cdeg, cdeg))) // 2
    return float(all_pairs - shared_deg + shared_sq)


_MAX_LISTED_PAIRS = 50_000_000  # above: a sparse product instead of a pair list


def _gram_sq_norm(r, c, n_rows: int, n_cols: int, rdeg, cdeg) -> int:
    """``||B'B||_F^2`` of the 0/1 incidence matrix B given by its links.

    Lists, for every row, its pairs of columns (or, when cheaper, for every column
    its pairs of rows), counts how often each pair occurs with one integer sort,
    and sums the squared counts: ``||B'B||^2 = sum_a k_a^2 + 2 sum_{a<b} S_ab^2``
    and likewise with rows. Falls back to a sparse product when the pair list
    would be very large.
    """
    pairs_in_rows = int(np.dot(rdeg, rdeg - 1)) // 2  # column pairs listed per row
    pairs_in_cols = int(np.dot(cdeg, cdeg - 1)) // 2
    if pairs_in_rows <= pairs_in_cols:
        seg, other, n_other, pairs, diag = r, c, n_cols, pairs_in_rows, int(np.dot(cdeg, cdeg))
    else:
        seg, other, n_other, pairs, diag = c, r, n_rows, pairs_in_cols, int(np.dot(rdeg, rdeg))
    bo = max(1, int(n_other - 1).bit_length())
    bs = max(1, int(max(n_rows, n_cols) - 1).bit_length())
    if pairs > _MAX_LISTED_PAIRS or not _fits(bs, bo):
        ones = np.ones(len(r))
        left = sp.csr_matrix((ones, (c, r)), shape=(n_cols, n_rows))
        right = sp.csr_matrix((ones, (r, c)), shape=(n_rows, n_cols))
        gram = left @ right
        return int(np.dot(gram.data, gram.data))
    if pairs == 0:
        return diag
    key = np.sort((seg << bo) | other)
    oth = key & ((1 << bo) - 1)
    first = _first_of_run(_run_starts(key >> bo))
    n = np.arange(key.size) - first  # earlier links of the same node
    p = np.arange(pairs) - np.repeat(np.cumsum(n) - n - first, n)
    pair_key = np.sort((oth[p] << bo) | np.repeat(oth, n))
    starts = np.flatnonzero(_run_starts(pair_key))
    counts = np.diff(np.append(starts, pairs))
    return diag + 2 * int(np.dot(counts, counts))


def checkerboard(matrix) -> CheckerboardResult:
    """Number of checkerboard units and the C-score (Stone & Roberts 1990).

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Incidence matrix (presence = cell > 0).

    Returns
    -------
    CheckerboardResult
        ``checkerboards`` and ``c_score``.

    Raises
    ------
    InputError
        Bad matrix.

    See Also
    --------
    nodf

    Notes
    -----
    A checkerboard unit is a 2x2 submatrix with exactly one link per row and per
    column, on the diagonal or anti-diagonal. For columns a, b with degrees k_a,
    k_b sharing S_ab rows there are ``(k_a - S_ab)(k_b - S_ab)`` of them; the total
    is the same whether counted over column or row pairs. As vegan's
    ``nestedchecker``, ``C-score = checkerboards / (J (J - 1) / 2)`` with J columns
    (NaN for fewer than two columns). Computed without enumerating column pairs::

        sum_{a<b} (k_a - S_ab)(k_b - S_ab)
            = sum_{a<b} k_a k_b - sum_a k_a (u_a - k_a) + sum_{a<b} S_ab^2

    with ``u_a`` the summed degrees of column a's rows; the last term is
    ``(||B'B||_F^2 - sum_a k_a^2) / 2``, counted from the pairs of links that share
    a node (listed on the cheaper side, one integer sort).

    Reading for a cluster: many checkerboards = firms avoid each other's partners
    (exclusive, competitive segregation: "your subcontractors are not mine");
    few = shared or nested partner sets.

    References
    ----------
    .. [1] Stone, L. & Roberts, A. (1990). The checkerboard score and species
       distributions. Oecologia 85, 74-79.
    .. [2] Oksanen, J. et al. vegan: Community Ecology Package, ``nestedchecker``.

    Examples
    --------
    >>> from netclust.metrics.nestedness import checkerboard
    >>> checkerboard(np.eye(3))
    CheckerboardResult(checkerboards=3.0, c_score=1.0)
    """
    web = as_web(matrix)
    cb = _checkerboards(web.matrix)
    n_cols = web.matrix.shape[1]
    pairs = n_cols * (n_cols - 1) / 2
    return CheckerboardResult(checkerboards=cb, c_score=cb / pairs if pairs else float("nan"))


# --------------------------------------------------------------------------- #
# Contribution to nestedness (Saavedra et al. 2011)
# --------------------------------------------------------------------------- #


def _binary(mat: sp.csr_matrix) -> sp.csr_matrix:
    b = mat.copy()
    b.data = np.ones_like(b.data)
    return b


def nestedness_contribution(matrix, *, runs: int = 100, seed=None, progress=None) -> pd.DataFrame:
    """Each node's contribution to nestedness c_i (Saavedra et al. 2011).

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Incidence matrix (presence = cell > 0; binary NODF is used).
    runs : int, default 100
        Randomisations per node.
    seed : int, numpy.random.Generator or None
        Seed of the randomisations.
    progress : callable or None
        ``progress(done, total)`` called after each node.

    Returns
    -------
    pandas.DataFrame
        One row per node with columns ``side`` ("rows"/"columns"), ``node`` (label)
        and ``c`` (c_i). Nodes without links get NaN; ``c`` is NaN also when the
        randomised NODF of that node does not vary (sd = 0).

    Raises
    ------
    InputError
        Bad matrix or ``runs < 2``.

    See Also
    --------
    nodf, netclust.metrics.nullmodels.probabilistic

    Notes
    -----
    ``c_i = (N - mean(N*_i)) / sd(N*_i)`` where N is the (sorted, binary) NODF and
    N*_i the NODF after replacing node i's links by random ones drawn with the
    Bascompte et al. (2003) probabilities ``p_ij = (k_i / J + k_j / I) / 2`` (all
    other nodes unchanged), as bipartite's ``nestedcontribution``. sd uses ddof=1.

    Cost: ``runs`` NODF evaluations per node -- on large webs restrict the matrix or
    lower ``runs``.

    Reading for a cluster: c_i > 0 = the firm holds the nested core together (e.g.
    a generalist SME working with the anchors everybody uses, or an anchor serving
    the specialists); c_i < 0 = the firm's ties run against the nested pattern.
    Saavedra et al. (2011) found that the strongest contributors are the most
    important for persistence yet the most vulnerable.

    References
    ----------
    .. [1] Saavedra, S., Stouffer, D. B., Uzzi, B. & Bascompte, J. (2011). Strong
       contributors to network persistence are the most vulnerable to extinction.
       Nature 478, 233-235.
    .. [2] Bascompte, J., Jordano, P., Melián, C. J. & Olesen, J. M. (2003). The
       nested assembly of plant-animal mutualistic networks. PNAS 100, 9383-9387.

    Examples
    --------
    >>> from netclust.metrics.nestedness import nestedness_contribution
    >>> web = np.array([[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1]])
    >>> c = nestedness_contribution(web, runs=50, seed=0)
    >>> c.shape
    (8, 3)
    """
    if int(runs) < 2:
        raise InputError(f"runs must be at least 2, got {runs!r}")
    runs = int(runs)
    web = as_web(matrix)
    b = _binary(web.matrix)
    rng = make_rng(seed)
    n_rows, n_cols = b.shape
    observed = _nodf_parts(b)[0]
    frames = []
    total_nodes = n_rows + n_cols
    done = 0
    for side, mat, labels in (("rows", b, web.rows), ("columns", b.T.tocsr(), web.columns)):
        n, m = mat.shape
        deg = np.diff(mat.indptr).astype(float)
        other = np.bincount(mat.indices, minlength=m).astype(float)
        dense = mat.toarray()
        values = np.full(n, np.nan)
        for i in range(n):
            if deg[i] > 0 and m > 0 and n > 0:
                # column degrees without node i, then Bascompte probabilities
                other_i = other - dense[i]
                p = (deg[i] / m + other_i / n) / 2.0
                draws = rng.random((runs, m)) < p
                sims = np.empty(runs)
                for r in range(runs):
                    dense_r = dense.copy()
                    dense_r[i] = draws[r]
                    mat_r = sp.csr_matrix(dense_r if side == "rows" else dense_r.T)
                    sims[r] = _nodf_parts(mat_r)[0]
                sd = sims.std(ddof=1)
                if sd > 0:
                    values[i] = (observed - sims.mean()) / sd
            done += 1
            report(progress, done, total_nodes)
        frames.append(pd.DataFrame({"side": side, "node": list(labels), "c": values}))
    return pd.concat(frames, ignore_index=True)
