"""NODF, checkerboards and contribution to nestedness: hand-worked values,
invariants and a pure-Python port of vegan's loops (vegan itself: test_vegan.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from netclust.errors import InputError
from netclust.metrics.nestedness import (NODFResult, _count_earlier_greater, checkerboard, nodf,
                                         nestedness_contribution)

_spec = importlib.util.spec_from_file_location(
    "_nodf_reference", Path(__file__).with_name("_nodf_reference.py"))
_ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ref)
nodf_reference = _ref.nodf_reference


def staircase(n_rows: int, n_cols: int) -> np.ndarray:
    """Full triangular (perfectly nested) matrix with distinct fills."""
    return np.tri(n_rows, n_cols, k=max(n_cols - n_rows, 0))


# ----------------------------------------------------------------- anchors


@pytest.mark.parametrize("n", [2, 3, 5, 10, 40])
def test_full_triangular_matrix_is_100(n):
    r = nodf(np.tri(n))
    assert r.total == pytest.approx(100.0)
    assert r.rows == pytest.approx(100.0)
    assert r.columns == pytest.approx(100.0)


@pytest.mark.parametrize("n", [2, 4, 6, 9])
def test_chessboard_is_0(n):
    board = (np.add.outer(np.arange(n), np.arange(n)) % 2 == 0).astype(float)
    r = nodf(board)
    # every pair of rows (and columns) either has equal fill or no overlap
    assert (r.total, r.rows, r.columns) == (0.0, 0.0, 0.0)


def test_hand_worked_example():
    """A 4 x 4 example in the style of Almeida-Neto et al. (2008), Fig. 1.

    Rows (fills 4, 2, 2, 1) and columns (fills 3, 3, 2, 1), already sorted:

        r1  1 1 1 1
        r2  1 1 0 0
        r3  0 1 1 0
        r4  1 0 0 0

    Row pairs (i above j, fill_i > fill_j): r1-r2 2/2, r1-r3 2/2, r1-r4 1/1,
    r2-r3 equal fill -> 0, r2-r4 1/1, r3-r4 0/1 -> sum 4 over 6 pairs.
    Column pairs: c1-c2 equal fill -> 0, c1-c3 1/2, c1-c4 1/1, c2-c3 2/2,
    c2-c4 1/1, c3-c4 1/1 -> sum 4.5 over 6 pairs.
    NODF = 100 * (4 + 4.5) / 12 = 70.8333..., N_rows = 66.67, N_cols = 75.
    """
    m = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 0]])
    r = nodf(m)
    assert r.rows == pytest.approx(400 / 6)
    assert r.columns == pytest.approx(450 / 6)
    assert r.total == pytest.approx(850 / 12)
    assert r.fill == pytest.approx(9 / 16)


def test_weighted_hand_worked():
    """Weighted NODF: pair scores count cells where the larger row is strictly larger.

        r1  5 4 3
        r2  4 4 0
        r3  1 0 0

    Rows: r1-r2 (fills 3>2): cells with r2>0 are c1 (5>4 yes), c2 (4>4 no) -> 1/2;
    r1-r3: c1 5>1 -> 1/1; r2-r3: c1 4>1 -> 1/1. Sum 2.5 / 3 pairs.
    Columns (fills 3, 2, 1): c1-c2: rows with c2>0: r1 5>4 yes, r2 4>4 no -> 1/2;
    c1-c3: r1 5>3 -> 1; c2-c3: r1 4>3 -> 1. Sum 2.5 / 3.
    WNODF = 100 * 5 / 6.
    """
    m = np.array([[5, 4, 3], [4, 4, 0], [1, 0, 0]])
    r = nodf(m, weighted=True)
    assert r.total == pytest.approx(500 / 6)
    assert r.rows == pytest.approx(250 / 3)
    # wbinary (>=) counts the tie 4 >= 4: every pair is then fully nested
    assert nodf(m, weighted="wbinary").total == pytest.approx(100.0)


def test_unsorted_only_counts_decreasing_pairs():
    # reversed staircase: in the given order every pair has increasing fill
    m = np.tri(4)[:, ::-1]  # fills increase down the rows and along the columns
    assert nodf(m, sort=False).total == 0.0
    r = nodf(np.tri(4), sort=False)  # rows increase, columns decrease
    assert (r.rows, r.columns, r.total) == (0.0, 100.0, 50.0)
    assert nodf(m, sort=True).total == pytest.approx(100.0)


def test_empty_rows_and_columns_count_in_denominator():
    m = np.tri(3)
    padded = np.zeros((4, 4))
    padded[:3, :3] = m
    r = nodf(padded)
    # 3 non-empty row pairs out of 6, same for columns
    assert r.rows == pytest.approx(50.0)
    assert r.columns == pytest.approx(50.0)
    assert r.total == pytest.approx(50.0)


def test_edge_cases():
    assert np.isnan(nodf(np.ones((1, 1))).total)
    r = nodf(np.array([[1, 0, 1]]))
    assert np.isnan(r.rows) and r.columns == 0.0 and r.total == 0.0
    r = nodf(np.zeros((3, 3)))
    assert r.total == 0.0 and r.fill == 0.0
    assert nodf(np.zeros((0, 3))).columns == 0.0


def test_accepts_dataframe_and_sparse():
    m = np.array([[1, 1, 1, 1], [1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 0]])
    a = nodf(m)
    assert nodf(pd.DataFrame(m, index=list("abcd"), columns=list("wxyz"))) == a
    assert nodf(sp.csr_matrix(m)) == a
    assert float(a) == a.total
    s = a.to_series()
    assert list(s.index) == ["total", "rows", "columns", "fill"]
    assert isinstance(a, NODFResult)


@pytest.mark.parametrize("bad", [np.array([[1, -1]]), np.array([[np.nan, 1]]),
                                 np.ones(3), np.array([["a", "b"]])])
def test_bad_input(bad):
    with pytest.raises(InputError):
        nodf(bad)


def test_bad_weighted_flag():
    with pytest.raises(InputError):
        nodf(np.eye(2), weighted="yes")


# ----------------------------------------------------------------- reference port


@pytest.mark.parametrize("weighted", [False, True, "wbinary"])
@pytest.mark.parametrize("sort", [True, False])
def test_matches_reference_port_on_random_matrices(weighted, sort):
    rng = np.random.default_rng(42)
    for _ in range(60):
        n_rows, n_cols = rng.integers(1, 10, 2)
        m = rng.integers(0, 4, (n_rows, n_cols)) * (rng.random((n_rows, n_cols)) < rng.random())
        got = nodf(m, weighted=weighted, sort=sort)
        want = nodf_reference(m, weighted=bool(weighted), sort=sort, wbinary=weighted == "wbinary")
        np.testing.assert_allclose([got.total, got.rows, got.columns], want, equal_nan=True,
                                   atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(arrays(np.int8, st.tuples(st.integers(1, 7), st.integers(1, 7)),
              elements=st.integers(0, 3)),
       st.sampled_from([False, True, "wbinary"]), st.booleans())
def test_matches_reference_port_hypothesis(m, weighted, sort):
    got = nodf(m, weighted=weighted, sort=sort)
    want = nodf_reference(m, weighted=bool(weighted), sort=sort, wbinary=weighted == "wbinary")
    np.testing.assert_allclose([got.total, got.rows, got.columns], want, equal_nan=True, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(arrays(np.int8, st.tuples(st.integers(2, 8), st.integers(2, 8)),
              elements=st.integers(0, 3)), st.randoms(use_true_random=False))
def test_sorted_nodf_is_invariant_to_row_and_column_order(m, rnd):
    rows = list(range(m.shape[0]))
    cols = list(range(m.shape[1]))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    for weighted in (False, True):
        a = nodf(m, weighted=weighted)
        b = nodf(m[np.ix_(rows, cols)], weighted=weighted)
        np.testing.assert_allclose([a.total, a.rows, a.columns], [b.total, b.rows, b.columns],
                                   equal_nan=True)
        t = nodf(m.T, weighted=weighted)
        np.testing.assert_allclose([a.total, a.rows, a.columns], [t.total, t.columns, t.rows],
                                   equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-3, 3)), min_size=0, max_size=40),
       st.lists(st.booleans(), min_size=40, max_size=40),
       st.lists(st.booleans(), min_size=40, max_size=40))
def test_count_earlier_greater_against_brute_force(items, point, query):
    seg = np.array([s for s, _ in items], dtype=np.int64)
    val = np.array([v for _, v in items], dtype=float)
    point = np.array(point[: len(items)], dtype=bool)
    query = np.array(query[: len(items)], dtype=bool)
    got = _count_earlier_greater(seg, val, point, query)
    want = [sum(1 for p in range(q) if point[p] and seg[p] == seg[q] and val[p] > val[q])
            if query[q] else 0 for q in range(len(items))]
    assert got.tolist() == want


# ----------------------------------------------------------------- checkerboards


def test_checkerboard_hand_counts():
    assert checkerboard(np.eye(2)).checkerboards == 1.0
    # identity 3x3: every pair of rows/columns forms one checkerboard
    r = checkerboard(np.eye(3))
    assert r.checkerboards == 3.0 and r.c_score == 1.0
    assert checkerboard(np.tri(5)).checkerboards == 0.0
    assert np.isnan(checkerboard(np.ones((3, 1))).c_score)


@settings(max_examples=40, deadline=None)
@given(arrays(np.int8, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=st.integers(0, 1)))
def test_checkerboard_brute_force(m):
    n_rows, n_cols = m.shape
    count = 0
    for i in range(n_rows):
        for j in range(i + 1, n_rows):
            for a in range(n_cols):
                for b in range(a + 1, n_cols):
                    sub = (m[i, a], m[i, b], m[j, a], m[j, b])
                    count += sub in ((1, 0, 0, 1), (0, 1, 1, 0))
    assert checkerboard(m).checkerboards == count


# ----------------------------------------------------------------- contribution


def test_contribution_shape_and_sign():
    nested = np.tri(6)
    c = nestedness_contribution(nested, runs=30, seed=1)
    assert list(c.columns) == ["side", "node", "c"]
    assert (c.side == "rows").sum() == 6 and (c.side == "columns").sum() == 6
    # in a perfectly nested web any randomisation can only lower NODF
    assert (c["c"].dropna() >= 0).all()
    # reproducible
    pd.testing.assert_frame_equal(c, nestedness_contribution(nested, runs=30, seed=1))


def test_contribution_flags_the_node_breaking_nestedness():
    m = np.tri(6)
    m[5] = [0, 0, 0, 0, 0, 1]  # the specialist links only to the rarest column
    c = nestedness_contribution(m, runs=60, seed=3)
    rows = c[c.side == "rows"].set_index("node")["c"]
    assert rows.idxmin() == 5 and rows[5] < 0


def test_contribution_bad_runs():
    with pytest.raises(InputError):
        nestedness_contribution(np.eye(3), runs=1)


def test_weighted_sorted_paths_agree():
    """The three exact ways to count weighted sorted pair scores agree: the
    merge-sort (CDQ) path, the divide-and-conquer over degree-class bits, the
    listing of pairs within segments, and their per-segment mix used by nodf()."""
    from netclust.metrics.nestedness import (degree_classes, _dominance_levels,
                                             _dominance_pairs, _dominance_sum, _pair_sum,
                                             weight_ranks)

    rng = np.random.default_rng(8)
    m = sp.csr_matrix(rng.integers(1, 6, (80, 50)) * (rng.random((80, 50)) < 0.3))
    coo = m.tocoo()
    row, col = coo.row.astype(np.int64), coo.col.astype(np.int64)
    rows = degree_classes(np.bincount(row, minlength=80))
    cols = degree_classes(np.bincount(col, minlength=50))
    wdesc, _ = weight_ranks(coo.data)
    via_cdq = _pair_sum(m, True, True)
    for kernel in (_dominance_levels, _dominance_pairs):
        assert kernel(col, rows.cls[row], wdesc, rows, True) == pytest.approx(via_cdq)
    assert _dominance_sum(col, rows.cls[row], wdesc, rows, cols.deg) == pytest.approx(via_cdq)
    want = nodf_reference(m.toarray(), weighted=True)
    got = nodf(m, weighted=True)
    np.testing.assert_allclose([got.total, got.rows, got.columns], want)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(0, 3)),
                min_size=0, max_size=60),
       st.booleans())
def test_dominance_kernels_against_brute_force(items, strict):
    """sum_q #{p: same segment, class_p < class_q, w_p > w_q (>=)} / degree(class_q)."""
    from netclust.metrics.nestedness import (_Classes, _dominance_levels, _dominance_pairs,
                                             _dominance_sum)

    seg = np.array([s for s, _, _ in items], dtype=np.int64)
    cls = np.array([c for _, c, _ in items], dtype=np.int64)
    wdesc = np.array([w for _, _, w in items], dtype=np.int64)
    inv = 1.0 / np.arange(5, 0, -1)  # class t has degree 5 - t
    classes = _Classes(np.zeros(0, dtype=np.int64), inv, 5, 3, np.zeros(0, dtype=np.int64))
    want = sum(inv[cls[q]] for q in range(len(items)) for p in range(len(items))
               if seg[p] == seg[q] and cls[p] < cls[q]
               and (wdesc[p] < wdesc[q] if strict else wdesc[p] <= wdesc[q]))
    if not items:
        return
    assert _dominance_levels(seg, cls, wdesc, classes, strict) == pytest.approx(want)
    assert _dominance_pairs(seg, cls, wdesc, classes, strict) == pytest.approx(want)
    seg_deg = np.bincount(seg, minlength=4)
    assert _dominance_sum(seg, cls, wdesc, classes, seg_deg, strict) == pytest.approx(want)


def test_large_matrix_against_reference():
    rng = np.random.default_rng(9)
    m = rng.integers(1, 9, (70, 45)) * (rng.random((70, 45)) < 0.25)
    for weighted in (False, True):
        got = nodf(m, weighted=weighted)
        want = nodf_reference(m, weighted=weighted)
        np.testing.assert_allclose([got.total, got.rows, got.columns], want)


@settings(max_examples=80, deadline=None)
@given(arrays(np.int8, st.tuples(st.integers(1, 10), st.integers(1, 10)), elements=st.integers(0, 1)),
       st.booleans())
def test_gram_norm_and_checkerboard_terms(m, listed):
    """||B'B||_F^2 from listed pairs (or the sparse product) equals the dense value."""
    import netclust.metrics.nestedness as N

    b = m.astype(float)
    r, c = (x.astype(np.int64) for x in np.nonzero(m))
    want = int(np.sum((b.T @ b) ** 2))
    old = N._MAX_LISTED_PAIRS
    N._MAX_LISTED_PAIRS = old if listed else -1
    try:
        got = N._gram_sq_norm(r, c, m.shape[0], m.shape[1], m.sum(axis=1), m.sum(axis=0))
    finally:
        N._MAX_LISTED_PAIRS = old
    assert got == want


def test_almeida_neto_2008_figure_example():
    """The worked example of Almeida-Neto et al. (2008, Oikos 117:1227, Fig. 1).

    The 5 x 5 matrix and its published values (NODF = 58.3, rows = 53.3,
    columns = 63.3) as transcribed in the test suite of EcologicalNetworks.jl
    (PoisotLab, test/nestedness.jl, "Almeida-Neto original example": 0.58 / 0.53 / 0.63
    on a 0-1 scale). Hand check of the rows: fills are 4, 3, 3, 2, 2; the eight pairs
    with strictly decreasing fill have paired overlaps 2/3, 2/3, 1/2, 1/2 (row 1 vs
    rows 2-5), 1, 1 (row 2 vs 4, 5) and 1/2, 1/2 (row 3 vs 4, 5); the two pairs of equal
    fill score 0; (5.333 / 10 pairs) x 100 = 53.3.
    """
    an = np.array([[1, 0, 1, 1, 1],
                   [1, 1, 1, 0, 0],
                   [0, 1, 1, 1, 0],
                   [1, 1, 0, 0, 0],
                   [1, 1, 0, 0, 0]])
    for sort in (False, True):
        res = nodf(an, sort=sort)
        assert res.total == pytest.approx(58.33, abs=0.01)
        assert res.rows == pytest.approx(53.33, abs=0.01)
        assert res.columns == pytest.approx(63.33, abs=0.01)
