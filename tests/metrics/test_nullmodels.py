"""Null models: exact margin preservation (hypothesis), sampling distributions, tests."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from netclust.errors import InputError
from netclust.metrics import nullmodels as nm
from netclust.metrics.nestedness import nodf

webs = arrays(np.int8, st.tuples(st.integers(1, 9), st.integers(1, 9)), elements=st.integers(0, 3))


def margins(m):
    m = sp.csr_matrix(m)
    b = (m > 0).astype(int)
    return (np.asarray(b.sum(axis=1)).ravel().tolist(), np.asarray(b.sum(axis=0)).ravel().tolist())


@settings(max_examples=80, deadline=None)
@given(webs, st.integers(0, 2**31 - 1), st.integers(1, 6))
def test_curveball_preserves_margins_and_weights(web, seed, steps):
    null = nm.curveball(web, seed=seed, steps=steps, weighted=True)
    assert margins(null) == margins(web)
    assert null.shape == web.shape
    assert sorted(null.data.tolist()) == sorted(web[web > 0].astype(float).tolist())


@settings(max_examples=60, deadline=None)
@given(webs, st.integers(0, 2**31 - 1))
def test_swap_preserves_margins(web, seed):
    null = nm.swap(web, seed=seed, swaps=20)
    assert margins(null) == margins(web)


@settings(max_examples=40, deadline=None)
@given(webs, st.integers(0, 2**31 - 1))
def test_null_sequences_preserve_margins(web, seed):
    for method in ("curveball", "swap"):
        for null in nm.null_matrices(web, method=method, runs=3, seed=seed, burnin=2, thin=2):
            assert margins(null) == margins(web)


@settings(max_examples=60, deadline=None)
@given(webs, st.integers(0, 2**31 - 1))
def test_equiprobable_keeps_link_count(web, seed):
    null = nm.equiprobable(web, seed=seed, weighted=True)
    assert null.nnz == int((web > 0).sum())
    assert sorted(null.data.tolist()) == sorted(web[web > 0].astype(float).tolist())


def _all_states_frequencies(sampler, runs):
    counts = {}
    for m in sampler:
        key = tuple(m.toarray().astype(int).ravel())
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_curveball_samples_uniformly():
    # 3 x 3 with all margins 1: the 6 permutation matrices are equally likely
    runs = 3000
    counts = _all_states_frequencies(
        nm.null_matrices(np.eye(3), method="curveball", runs=runs, seed=11, burnin=5, thin=3), runs)
    assert len(counts) == 6
    expected = runs / 6
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert chi2 < 20.5  # chi-square, 5 d.f., p = 0.001


def test_curveball_uniform_on_irregular_margins():
    web = np.array([[1, 1, 0], [1, 0, 1], [1, 0, 0]])
    rs, cs = web.sum(axis=1), web.sum(axis=0)
    states = [s for s in itertools.product([0, 1], repeat=9)
              if (np.reshape(s, (3, 3)).sum(axis=1) == rs).all()
              and (np.reshape(s, (3, 3)).sum(axis=0) == cs).all()]
    runs = 2000
    counts = _all_states_frequencies(
        nm.null_matrices(web, method="curveball", runs=runs, seed=3, burnin=5, thin=3), runs)
    assert set(counts) <= set(states) and len(counts) == len(states)
    expected = runs / len(states)
    chi2 = sum((counts.get(s, 0) - expected) ** 2 / expected for s in states)
    assert chi2 < 30  # generous bound for len(states) - 1 d.f.


def test_probabilistic_cell_frequencies():
    web = np.array([[1, 1, 1, 1, 0], [1, 1, 0, 0, 0], [1, 0, 0, 0, 0], [1, 1, 1, 0, 1]])
    k_r, k_c = web.sum(axis=1), web.sum(axis=0)
    p = (k_r[:, None] / web.shape[1] + k_c[None, :] / web.shape[0]) / 2
    runs = 4000
    total = np.zeros(web.shape)
    for null in nm.null_matrices(web, method="probabilistic", runs=runs, seed=5):
        total += null.toarray() > 0
    freq = total / runs
    se = np.sqrt(p * (1 - p) / runs)
    assert np.all(np.abs(freq - p) < 4.5 * se + 1e-12)


def test_seeded_and_reproducible():
    web = np.random.default_rng(0).integers(0, 2, (20, 15))
    for method in nm.NULL_MODELS:
        a = [m.toarray() for m in nm.null_matrices(web, method=method, runs=3, seed=9)]
        b = [m.toarray() for m in nm.null_matrices(web, method=method, runs=3, seed=9)]
        assert all((x == y).all() for x, y in zip(a, b)), method


def test_null_test_single_and_dict():
    # a perfectly nested web is above any equiprobable null with fewer fills
    t = nm.null_test(np.tri(6), lambda m: nodf(m).total, method="equiprobable", runs=99,
                     seed=0, alternative="greater")
    assert t.value == 100.0 and t.p == pytest.approx(1 / 100) and t.runs == 99
    assert t.z > 0
    df = nm.null_test(np.tri(6), {"nnz": lambda m: m.nnz, "nodf": lambda m: nodf(m).total},
                      method="curveball", runs=20, seed=1)
    assert list(df.index) == ["nnz", "nodf"]
    # link count fixed by curveball: sd 0, z undefined, p = 1
    assert df.loc["nnz", "null_sd"] == 0 and math.isnan(df.loc["nnz", "z"])
    assert df.loc["nnz", "p"] == 1.0


def test_summarise_matches_oecosimu_formula():
    sims = np.array([1.0, 2.0, 3.0, 4.0])
    t = nm.summarise_null(3.5, sims, "x", "two-sided")
    # greater: (#{>= 3.5} + 1) / 5 = 2/5; less: (#{<= 3.5} + 1)/5 = 4/5 -> p = 0.8
    assert t.p == pytest.approx(0.8)
    assert t.null_mean == 2.5 and t.null_sd == pytest.approx(np.std(sims, ddof=1))
    assert t.z == pytest.approx((3.5 - 2.5) / np.std(sims, ddof=1))


def test_errors():
    with pytest.raises(InputError):
        list(nm.null_matrices(np.eye(2), method="magic"))
    with pytest.raises(InputError):
        list(nm.null_matrices(np.eye(2), runs=0))
    with pytest.raises(InputError):
        nm.null_test(np.eye(2), lambda m: 1.0, alternative="up")
    with pytest.raises(InputError):
        nm.curveball(np.eye(2), steps=0)


# ----------------------------------------------------------------- fast internals


@settings(max_examples=80, deadline=None)
@given(arrays(np.int64, st.integers(0, 60), elements=st.integers(0, 2**62)), st.integers(1, 60))
def test_argsort_int_is_a_stable_argsort(values, modulus):
    from netclust.metrics._web import argsort_int as _argsort_int

    for key in (values, values % modulus):  # huge keys take the fallback, small ones packing
        assert _argsort_int(key).tolist() == np.argsort(key, kind="stable").tolist()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 30), st.integers(0, 30))
def test_weight_index_draws_like_the_weights(seed, n_weights, n_links):
    """Indexing the observed weights gives the weights numpy would draw directly
    (a permutation when the link count is kept, else with replacement)."""
    w = np.arange(n_weights, dtype=float) * 1.5 + 1
    for n in (n_weights, n_links):
        idx = nm._weight_index(n, n_weights, np.random.default_rng(seed), True)
        rng = np.random.default_rng(seed)
        want = rng.permutation(w) if n == n_weights else rng.choice(w, size=n, replace=True)
        assert w[idx].tolist() == want.tolist()
    assert nm._weight_index(5, n_weights, np.random.default_rng(seed), False) is None


def test_null_links_and_matrices_are_the_same_webs():
    web = np.random.default_rng(4).integers(0, 3, (15, 12)) * 1.0
    mat = sp.csr_matrix(web)
    w = mat.tocoo().data
    for method in nm.NULL_MODELS:
        mats = list(nm.null_matrices(web, method=method, runs=3, seed=2, weighted=True))
        links = nm.null_links(mat, method, 3, np.random.default_rng(2), True, 20, 1)
        for m, (rows, cols, widx) in zip(mats, links):
            assert (nm._links_to_csr(rows, cols, web.shape, w, widx) != m).nnz == 0
