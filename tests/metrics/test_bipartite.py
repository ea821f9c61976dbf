"""Matrix-level web indicators against hand-worked values and invariants."""

from __future__ import annotations

import math

import numpy as np

from netclust.metrics._web import as_web
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from netclust.errors import InputError
from netclust.metrics import bipartite as bp


def test_connectance():
    assert bp.connectance(np.array([[1, 1], [1, 0]])) == 0.75
    assert bp.connectance(np.zeros((2, 3))) == 0.0
    assert math.isnan(bp.connectance(np.zeros((0, 3))))


# ----------------------------------------------------------------- H2'


@pytest.mark.parametrize("n", [2, 3, 7])
def test_h2_prime_diagonal_web_is_1(n):
    assert bp.h2_prime(np.eye(n) * 3) == pytest.approx(1.0)
    # unequal diagonal weights too
    assert bp.h2_prime(np.diag(np.arange(1, n + 1))) == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.1, 50), min_size=2, max_size=8),
       st.lists(st.floats(0.1, 50), min_size=2, max_size=8))
def test_h2_prime_zero_when_proportional(row_totals, col_totals):
    web = np.outer(row_totals, col_totals)  # a_ij proportional to A_i * A_j
    assert bp.h2_prime(web) == pytest.approx(0.0, abs=1e-9)


def test_h2_parts_hand_worked():
    # [[2, 1], [0, 1]]: p = (.5, .25, .25) -> H2 = 1.5 ln 2;
    # H2max = H(3/4, 1/4) + H(1/2, 1/2); greedy H2min gives cells 2, 1, 1 = H2 -> H2' = 1
    web = np.array([[2.0, 1.0], [0.0, 1.0]])
    h2, h2min, h2max = bp._h2_parts(as_web(web).matrix)
    assert h2 == pytest.approx(1.5 * math.log(2))
    hr = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    assert h2max == pytest.approx(hr + math.log(2))
    assert h2min == pytest.approx(h2)
    assert bp.h2_prime(web) == pytest.approx(1.0)


def test_h2_prime_intermediate_value():
    # [[3, 1], [1, 3]]: H2 = -(2 * 3/8 ln 3/8 + 2 * 1/8 ln 1/8); H2max = 2 ln 2;
    # greedy: 4 -> (r1, c1), then 4 -> (r2, c2): H2min = ln 2
    web = np.array([[3.0, 1.0], [1.0, 3.0]])
    h2 = -(2 * 0.375 * math.log(0.375) + 2 * 0.125 * math.log(0.125))
    want = (2 * math.log(2) - h2) / (2 * math.log(2) - math.log(2))
    assert bp.h2_prime(web) == pytest.approx(want)


@settings(max_examples=60, deadline=None)
@given(arrays(np.int16, st.tuples(st.integers(2, 6), st.integers(2, 6)),
              elements=st.integers(0, 20)))
def test_h2_prime_in_unit_interval(web):
    value = bp.h2_prime(web)
    assert math.isnan(value) or 0.0 <= value <= 1.0


def test_h2_prime_undefined():
    assert math.isnan(bp.h2_prime(np.zeros((2, 2))))
    assert math.isnan(bp.h2_prime(np.array([[1.0, 2.0, 3.0]])))  # one row: H2 fixed


# ----------------------------------------------------------------- d'


def test_d_prime_hand_worked():
    web = np.array([[4, 0], [0, 4], [2, 2]])
    d = bp.d_prime(web)
    # row 1: p' = (1, 0), q = (1/2, 1/2): d = ln 2; d_max = ln(12 / 4) = ln 3
    assert d.iloc[0] == pytest.approx(math.log(2) / math.log(3))
    assert d.iloc[2] == pytest.approx(0.0)
    assert bp.d_prime(np.array([[4, 0], [0, 4]])).tolist() == [1.0, 1.0]
    cols = bp.d_prime(web, side="columns")
    # column 1: p' = (4/6, 0, 2/6), q = (4/12, 4/12, 4/12)
    d1 = (4 / 6) * math.log(2) + (2 / 6) * math.log(1)
    assert cols.iloc[0] == pytest.approx(d1 / math.log(2))


def test_d_prime_labels_and_empty():
    df = pd.DataFrame([[1, 0], [0, 0]], index=["a", "b"], columns=["x", "y"])
    d = bp.d_prime(df)
    assert list(d.index) == ["a", "b"] and d.name == "d_prime"
    assert math.isnan(d["b"])


# ----------------------------------------------------------------- overlap, effective partners


def test_niche_overlap_hand():
    assert bp.niche_overlap(np.array([[1, 0], [1, 0], [0, 1]])) == pytest.approx(1 / 3)
    # identical profiles overlap fully
    assert bp.niche_overlap(np.array([[2, 1], [4, 2]])) == pytest.approx(1.0)
    assert math.isnan(bp.niche_overlap(np.array([[1, 1], [0, 0]])))


def test_niche_overlap_brute_force():
    rng = np.random.default_rng(5)
    web = rng.integers(0, 4, (7, 5)) * (rng.random((7, 5)) < 0.6)
    web[3] = 0  # an empty row is dropped
    rows = [r for r in web if r.sum() > 0]
    vals = []
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            x, y = rows[i].astype(float), rows[j].astype(float)
            lx, ly = (x**2).sum() / x.sum() ** 2, (y**2).sum() / y.sum() ** 2
            vals.append(2 * (x * y).sum() / ((lx + ly) * x.sum() * y.sum()))
    assert bp.niche_overlap(web) == pytest.approx(np.mean(vals))


def test_effective_partners_generality_vulnerability():
    web = np.array([[1, 1], [3, 0]])
    n = bp.effective_partners(web)
    assert n.tolist() == pytest.approx([2.0, 1.0])
    # vulnerability: rows weighted by totals 2/5 and 3/5
    assert bp.vulnerability(web) == pytest.approx(0.4 * 2 + 0.6 * 1)
    # generality: column 1 has (1, 3): exp(H) with H = -(.25 ln .25 + .75 ln .75); column 2: 1
    h = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))
    assert bp.generality(web) == pytest.approx(0.8 * math.exp(h) + 0.2 * 1)
    assert bp.generality(np.ones((3, 3))) == pytest.approx(3.0)


def test_dependence_measures():
    web = np.array([[1, 0], [1, 0], [1, 1]])
    # links: (1,1): d_row 1, d_col 1/3 -> AS 2/3; (2,1) same; (3,1): 1/2 vs 1/3 -> 1/3;
    # (3,2): 1/2 vs 1 -> 1/2
    assert bp.dependence_asymmetry(web) == pytest.approx(np.mean([2 / 3, 2 / 3, 1 / 3, 1 / 2]))
    assert bp.largest_partner_share(np.array([[3, 1], [0, 2]])).tolist() == [0.75, 1.0]
    assert bp.partner_concentration(np.array([[1, 1], [0, 2]])).tolist() == [0.5, 1.0]
    assert bp.normalised_degree(np.array([[1, 1, 0, 0]]), side="columns").tolist() == [1, 1, 0, 0]
    assert math.isnan(bp.dependence_asymmetry(np.zeros((2, 2))))


# ----------------------------------------------------------------- modularity


def _barber_brute(web, rmod, cmod):
    m = web.sum()
    r, c = web.sum(axis=1), web.sum(axis=0)
    return sum((web[i, j] - r[i] * c[j] / m) * (rmod[i] == cmod[j])
               for i in range(web.shape[0]) for j in range(web.shape[1])) / m


@pytest.mark.parametrize("k", [2, 3, 4])
def test_block_diagonal_modularity(k):
    web = np.kron(np.eye(k), np.ones((3, 2)))
    res = bp.bipartite_modularity(web, seed=1)
    assert res.q == pytest.approx(1 - 1 / k)
    assert res.rows.nunique() == k


def test_modularity_matches_definition_and_is_seeded():
    rng = np.random.default_rng(2)
    web = (rng.random((12, 9)) < 0.3) * rng.integers(1, 5, (12, 9))
    web[0, 0] = 1
    res = bp.bipartite_modularity(web, seed=7)
    rmod, cmod = res.rows.to_numpy(), res.columns.to_numpy()
    assert res.q == pytest.approx(_barber_brute(web.astype(float), rmod, cmod))
    again = bp.bipartite_modularity(web, seed=7)
    assert again.q == res.q
    assert -0.5 <= res.q <= 1.0


def test_empty_nodes_get_module_minus_one():
    web = np.zeros((3, 3))
    web[0, 0] = web[1, 1] = 1
    res = bp.bipartite_modularity(web, seed=0)
    assert res.rows.iloc[2] == -1 and res.columns.iloc[2] == -1


# ----------------------------------------------------------------- input validation


def test_side_and_input_errors():
    with pytest.raises(InputError):
        bp.d_prime(np.eye(2), side="left")
    with pytest.raises(InputError):
        bp.connectance(np.array([[1.0, -2.0]]))
    with pytest.raises(InputError):
        bp.connectance(np.array([[1.0, np.inf]]))


def test_pianka_overlap_brute_force():
    rng = np.random.default_rng(6)
    web = rng.integers(0, 5, (9, 6)) * (rng.random((9, 6)) < 0.5)
    web[2] = 0
    for side, m in (("rows", web), ("columns", web.T)):
        rows = [r.astype(float) for r in m if r.sum() > 0]
        vals = [np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b))
                for i, a in enumerate(rows) for b in rows[i + 1:]]
        assert bp.niche_overlap(web, side=side, index="pianka") == pytest.approx(np.mean(vals))
    with pytest.raises(InputError):
        bp.niche_overlap(web, index="jaccard")


# ----------------------------------------------------------------- fast kernels vs references


def _brim_dense(mat, row_mod, col_mod, max_iter=20):
    """Barber's BRIM with dense module-score matrices (the straightforward version)."""
    import scipy.sparse as sp

    m = float(mat.sum())
    rs, cs = np.asarray(mat.sum(axis=1)).ravel(), np.asarray(mat.sum(axis=0)).ravel()
    n_mod = int(max(row_mod.max(initial=0), col_mod.max(initial=0))) + 1

    def onehot(labels):
        return np.eye(n_mod)[labels]

    def q_of(rm, cm):
        return _barber_brute(mat.toarray(), rm, cm)

    best = q_of(row_mod, col_mod)
    a = sp.csr_matrix(mat).toarray()
    for _ in range(max_iter):
        t = onehot(col_mod)
        score = a @ t - np.outer(rs, cs @ t) / m
        new_rows = np.where(rs > 0, score.argmax(axis=1), row_mod)
        t = onehot(new_rows)
        score = a.T @ t - np.outer(cs, rs @ t) / m
        new_cols = np.where(cs > 0, score.argmax(axis=1), col_mod)
        q = q_of(new_rows, new_cols)
        if q <= best + 1e-12:
            break
        best, row_mod, col_mod = q, new_rows, new_cols
    return best, row_mod, col_mod


@settings(max_examples=120, deadline=None)
@given(arrays(np.int8, st.tuples(st.integers(1, 9), st.integers(1, 9)), elements=st.integers(0, 3)),
       st.integers(1, 6), st.integers(0, 2**31 - 1))
def test_sparse_brim_equals_dense_brim(web, k, seed):
    """The sparse half-steps (only linked modules, best unlinked one found apart)
    move every node exactly as the dense argmax over all modules."""
    import scipy.sparse as sp

    if web.sum() == 0:
        return
    rng = np.random.default_rng(seed)
    rm, cm = rng.integers(0, k, web.shape[0]), rng.integers(0, k, web.shape[1])
    mat = sp.csr_matrix(web.astype(float))
    q1, r1, c1 = bp._brim(mat, rm, cm)
    q2, r2, c2 = _brim_dense(mat, rm, cm)
    assert q1 == pytest.approx(q2, abs=1e-12)
    assert r1.tolist() == r2.tolist() and c1.tolist() == c2.tolist()


def _h2_min_two_heaps(row_totals, col_totals):
    """Greedy H2min with two heaps, popping both maxima at every step."""
    import heapq

    total = float(row_totals.sum())
    rh = [-float(x) for x in row_totals if x > 0]
    ch = [-float(x) for x in col_totals if x > 0]
    heapq.heapify(rh)
    heapq.heapify(ch)
    cells = []
    while rh and ch:
        rv, cv = heapq.heappop(rh), heapq.heappop(ch)
        if rv < cv:
            cells.append(-cv)
            if rv - cv < -total * 1e-12:
                heapq.heappush(rh, rv - cv)
        else:
            cells.append(-rv)
            if cv - rv < -total * 1e-12:
                heapq.heappush(ch, cv - rv)
    p = np.asarray(cells) / total
    return float(-np.sum(p * np.log(p)))


@settings(max_examples=150, deadline=None)
@given(arrays(np.int8, st.tuples(st.integers(1, 12), st.integers(1, 12)),
              elements=st.integers(0, 4)), st.booleans())
def test_h2_min_equals_two_heap_greedy(web, continuous):
    w = web.astype(float)
    if continuous:
        w = w * np.random.default_rng(int(web.sum())).random(web.shape)
    if w.sum() == 0:
        return
    rs, cs = w.sum(axis=1), w.sum(axis=0)
    assert bp._h2_min(rs, cs) == pytest.approx(_h2_min_two_heaps(rs, cs), abs=1e-12)


def test_h2_min_hand_worked():
    # rows 10, 6; columns 7, 5, 4: 10 takes 7 (3 left); 6 takes 5 (1 left);
    # column 4 takes the row remainder 3 (1 left); 1 and 1 meet: cells 7, 5, 3, 1
    cells = np.array([7, 5, 3, 1]) / 16
    assert bp._h2_min(np.array([10.0, 6.0]), np.array([7.0, 5.0, 4.0])) == pytest.approx(
        -np.sum(cells * np.log(cells)))
