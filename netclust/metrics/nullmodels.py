"""Null models of bipartite webs and significance tests (z-score, p-value).

Four ways to randomise an incidence matrix, all seeded and vectorised:

==================  ================================================  ===================
method              what is kept                                      source
==================  ================================================  ===================
``equiprobable``    number of links L (cells uniformly at random)     vegan ``r00``
``probabilistic``   expected degrees: ``p_ij = (k_i/J + k_j/I) / 2``  Bascompte et al. 2003
``curveball``       every row and column degree, exactly              Strona et al. 2014;
                                                                      Carstens et al. 2018
``swap``            every row and column degree, exactly              Gotelli 2000 (sequential
                                                                      2x2 swaps; slow, small webs)
==================  ================================================  ===================

With ``weighted=True`` the binary null web receives the observed link weights in a
random order (vegan's "swap and shuffle" idea): the weight distribution is kept,
who-trades-how-much is randomised. When the null web has a different number of
links (probabilistic model) the weights are drawn with replacement.

Curveball here is the *global* curveball (Carstens, Berger & Strona 2018): one
step pairs all rows at random and lets every pair trade its non-shared partners at
once (vectorised: two integer sorts of the link list per step); steps alternate
between rows and columns. Sequential samples are taken after ``burnin`` steps and
``thin`` steps apart.

Internally every model produces link arrays (row, column, index of the observed
weight carried); :func:`null_matrices` turns them into matrices, while the
symbiosis scorecard scores the link arrays directly.
"""

from __future__ import annotations

from typing import Callable, Iterator, NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._arrays import unique
from netclust._progress import report
from netclust._random import make_rng
from netclust.errors import InputError
from netclust.metrics._web import argsort_int, as_web

__all__ = [
    "NULL_MODELS",
    "equiprobable",
    "probabilistic",
    "curveball",
    "swap",
    "null_matrices",
    "null_test",
    "NullTest",
]

NULL_MODELS = ("equiprobable", "probabilistic", "curveball", "swap")


# --------------------------------------------------------------------------- #
# helpers
# --------------------------------------------------------------------------- #


def _sample_distinct(counts: np.ndarray, sizes: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """For each item t draw ``counts[t]`` distinct integers in ``[0, sizes[t])``.

    Vectorised: draw with replacement, redraw duplicates until none remain.
    """
    counts = np.asarray(counts, dtype=np.int64)
    sizes = np.asarray(sizes, dtype=np.int64)
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    if owner.size == 0:
        return owner, owner.copy()
    span = np.int64(max(int(sizes.max()), 1))
    vals = (rng.random(owner.size) * sizes[owner]).astype(np.int64)
    while True:
        key = owner * span + vals
        order = argsort_int(key)
        ks = key[order]
        dup_sorted = np.zeros(len(ks), dtype=bool)
        dup_sorted[1:] = ks[1:] == ks[:-1]
        dup = order[dup_sorted]
        if dup.size == 0:
            break
        vals[dup] = (rng.random(dup.size) * sizes[owner[dup]]).astype(np.int64)
    return owner, vals


def _weight_index(n: int, n_weights: int, rng, weighted: bool):
    """Indices of the observed weights given to ``n`` null links (None = all 1.0).

    Same random stream as drawing the weights themselves: the observed weights in
    random order when the link count is kept, else drawn with replacement.
    """
    if not (weighted and n_weights):
        return None
    if n == n_weights:
        return rng.permutation(n_weights)
    return rng.choice(n_weights, size=n, replace=True)


def _links_to_csr(rows, cols, shape, weights, widx) -> sp.csr_matrix:
    data = np.ones(len(rows)) if widx is None else weights[widx]
    out = sp.csr_matrix((data, (rows, cols)), shape=shape)
    out.sum_duplicates()
    out.sort_indices()
    return out


def _with_weights(rows, cols, shape, weights, rng, weighted: bool) -> sp.csr_matrix:
    widx = _weight_index(len(rows), len(weights), rng, weighted)
    return _links_to_csr(rows, cols, shape, weights, widx)


def _coo_parts(mat: sp.csr_matrix):
    coo = mat.tocoo()
    return coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(float)


# --------------------------------------------------------------------------- #
# single null matrices
# --------------------------------------------------------------------------- #


def equiprobable(matrix, *, seed=None, weighted: bool = False) -> sp.csr_matrix:
    """Random web with the same number of links placed uniformly (vegan ``r00``).

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Observed incidence matrix.
    seed : int, numpy.random.Generator or None
        Random seed.
    weighted : bool
        Give the new links the observed weights in random order (else 1.0).

    Returns
    -------
    scipy.sparse.csr_matrix
        Same shape, same number of links.

    Raises
    ------
    InputError
        Bad matrix.

    See Also
    --------
    probabilistic, curveball, null_test

    Notes
    -----
    Every cell is equally likely; degrees are not kept (Erdős-Rényi, Gotelli 2000's
    "SIM1"/vegan "r00"). A liberal null: most real webs look "significant" against it.

    References
    ----------
    .. [1] Gotelli, N. J. (2000). Null model analysis of species co-occurrence
       patterns. Ecology 81, 2606-2621.

    Examples
    --------
    >>> from netclust.metrics.nullmodels import equiprobable
    >>> equiprobable(np.tri(4), seed=0).nnz
    10
    """
    web = as_web(matrix)
    rng = make_rng(seed)
    _, _, w = _coo_parts(web.matrix)
    rows, cols = _equiprobable_links(web.matrix, rng)
    return _with_weights(rows, cols, web.matrix.shape, w, rng, weighted)


def _equiprobable_links(mat: sp.csr_matrix, rng):
    n_rows, n_cols = mat.shape
    _, cells = _sample_distinct(np.array([mat.nnz]), np.array([n_rows * n_cols]), rng)
    return cells // max(n_cols, 1), cells % max(n_cols, 1)


def probabilistic(matrix, *, seed=None, weighted: bool = False) -> sp.csr_matrix:
    """Random web with Bascompte et al.'s (2003) cell probabilities.

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Observed incidence matrix.
    seed : int, numpy.random.Generator or None
        Random seed.
    weighted : bool
        Give the links observed weights (drawn with replacement) instead of 1.0.

    Returns
    -------
    scipy.sparse.csr_matrix
        Same shape; the number of links varies around the observed one.

    Raises
    ------
    InputError
        Bad matrix.

    See Also
    --------
    equiprobable, curveball, null_test

    Notes
    -----
    Each cell is present independently with ``p_ij = (k_i / J + k_j / I) / 2``
    (row degree k_i over the J columns, column degree k_j over the I rows), so the
    expected number of links is L and degrees are kept on average (Bascompte et al.
    2003, "null model 2"). Sampled without visiting every cell: a cell is the union
    of two independent events, ``Y ~ Bernoulli(k_i / 2J)`` drawn per row and
    ``Z ~ Bernoulli(k_j / 2I / (1 - k_i / 2J))`` drawn per column by thinning, so
    ``P(Y or Z) = p_ij`` exactly and the work is O(L).

    References
    ----------
    .. [1] Bascompte, J., Jordano, P., Melián, C. J. & Olesen, J. M. (2003). The
       nested assembly of plant-animal mutualistic networks. PNAS 100, 9383-9387.

    Examples
    --------
    >>> from netclust.metrics.nullmodels import probabilistic
    >>> probabilistic(np.ones((3, 3)), seed=0).nnz
    9
    """
    web = as_web(matrix)
    rng = make_rng(seed)
    _, _, w = _coo_parts(web.matrix)
    rows, cols = _probabilistic_links(web.matrix, rng)
    return _with_weights(rows, cols, web.matrix.shape, w, rng, weighted)


def _probabilistic_links(mat: sp.csr_matrix, rng):
    n_rows, n_cols = mat.shape
    if n_rows == 0 or n_cols == 0 or mat.nnz == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rdeg = np.diff(mat.indptr).astype(float)
    cdeg = np.bincount(mat.indices, minlength=n_cols).astype(float)
    a = rdeg / (2.0 * n_cols)  # <= 1/2
    b = cdeg / (2.0 * n_rows)  # <= 1/2
    # Y: per row, Binomial(J, a_i) distinct columns
    y_counts = rng.binomial(n_cols, a)
    y_rows, y_cols = _sample_distinct(y_counts, np.full(n_rows, n_cols), rng)
    # Z: per column, candidates with prob b_j / (1 - a_max), accepted with (1-a_max)/(1-a_i)
    a_max = float(a.max())
    q = np.minimum(1.0, b / (1.0 - a_max))
    z_counts = rng.binomial(n_rows, q)
    z_cols, z_rows = _sample_distinct(z_counts, np.full(n_cols, n_rows), rng)
    keep = rng.random(z_rows.size) < (1.0 - a_max) / (1.0 - a[z_rows])
    rows = np.concatenate([y_rows, z_rows[keep]])
    cols = np.concatenate([y_cols, z_cols[keep]])
    cells = unique(rows * n_cols + cols)
    return cells // n_cols, cells % n_cols


def _curveball_step(rows, cols, n_rows, rng):
    """One global curveball trade on the row side (returns new row labels).

    All rows are paired at random; in each pair the partners (columns) that only
    one of the two rows has are re-dealt at random, keeping both rows' degrees.
    """
    if n_rows < 2:
        return rows
    perm = rng.permutation(n_rows)
    n_pairs = n_rows // 2
    pair = np.empty(n_rows, dtype=np.int64)
    pair[perm] = np.arange(n_rows, dtype=np.int64) // 2  # an odd row out gets id n_pairs
    pid = pair[rows]
    n_cols = np.int64(cols.max() + 1)
    key = pid * n_cols + cols
    order = argsort_int(key)  # links grouped by pair, then column
    ks = key[order]
    same = ks[1:] == ks[:-1]
    keep = pid[order] < n_pairs
    keep[1:] &= ~same  # a column both rows of the pair have is shared: it stays
    keep[:-1] &= ~same
    exclusive = order[np.flatnonzero(keep)]  # grouped by pair id
    if exclusive.size == 0:
        return rows
    groups = pid[exclusive]
    shuffled = exclusive[argsort_int(groups * np.int64(2**31)
                                      + rng.integers(0, 2**31, exclusive.size))]
    new_rows = rows.copy()
    new_rows[shuffled] = rows[exclusive]
    return new_rows


def _curveball_chain(mat: sp.csr_matrix, rng, burnin: int, thin: int):
    """Yield (rows, cols) link lists of a global-curveball Markov chain."""
    rows, cols, _ = _coo_parts(mat)
    n_rows, n_cols = mat.shape
    step = 0

    def advance(rows, cols, step):
        if rows.size == 0:
            return rows, cols
        if step % 2 == 0:
            rows = _curveball_step(rows, cols, n_rows, rng)
        else:
            cols = _curveball_step(cols, rows, n_cols, rng)
        return rows, cols

    for _ in range(burnin):
        rows, cols = advance(rows, cols, step)
        step += 1
    while True:
        for _ in range(max(1, thin)):
            rows, cols = advance(rows, cols, step)
            step += 1
        yield rows, cols


def curveball(matrix, *, seed=None, steps: int = 20, weighted: bool = False) -> sp.csr_matrix:
    """Random web with exactly the observed row and column degrees (curveball).

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Observed incidence matrix.
    seed : int, numpy.random.Generator or None
        Random seed.
    steps : int, default 20
        Global curveball steps from the observed web (alternating rows/columns).
    weighted : bool
        Give the links the observed weights in random order.

    Returns
    -------
    scipy.sparse.csr_matrix
        Same shape and identical degrees of every row and column.

    Raises
    ------
    InputError
        Bad matrix or ``steps < 1``.

    See Also
    --------
    swap, null_matrices

    Notes
    -----
    Curveball (Strona et al. 2014): two rows keep their shared partners and
    re-deal their non-shared partners at random, keeping their degrees; each
    partner stays linked once, so column degrees are kept too. The global version
    (Carstens et al. 2018) trades all rows in random disjoint pairs at once. The
    chain samples uniformly among matrices with the given margins (vegan's
    ``"curveball"`` is the sequential version). The fixed-degree ("FF") null is the
    conservative standard for nestedness (Ulrich & Gotelli 2007).

    References
    ----------
    .. [1] Strona, G., Nappo, D., Boccacci, F., Fattorini, S. & San-Miguel-Ayanz, J.
       (2014). A fast and unbiased procedure to randomize ecological binary
       matrices with fixed row and column totals. Nature Communications 5, 4114.
    .. [2] Carstens, C. J., Berger, A. & Strona, G. (2018). A unifying framework for
       fast randomization of ecological networks with fixed (node) degrees.
       MethodsX 5, 773-780.

    Examples
    --------
    >>> from netclust.metrics.nullmodels import curveball
    >>> web = np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0]])
    >>> null = curveball(web, seed=0)
    >>> np.asarray(null.sum(axis=1)).ravel().tolist(), np.asarray(null.sum(axis=0)).ravel().tolist()
    ([2.0, 2.0, 1.0], [2.0, 2.0, 1.0])
    """
    if int(steps) < 1:
        raise InputError(f"steps must be at least 1, got {steps!r}")
    web = as_web(matrix)
    rng = make_rng(seed)
    _, _, w = _coo_parts(web.matrix)
    rows, cols = next(_curveball_chain(web.matrix, rng, burnin=int(steps) - 1, thin=1))
    return _with_weights(rows, cols, web.matrix.shape, w, rng, weighted)


def swap(matrix, *, seed=None, swaps: int | None = None, weighted: bool = False) -> sp.csr_matrix:
    """Random web with the observed degrees, by sequential 2x2 checkerboard swaps.

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Observed incidence matrix.
    seed : int, numpy.random.Generator or None
        Random seed.
    swaps : int or None
        Successful swaps to perform (default ``5 * L``).
    weighted : bool
        Give the links the observed weights in random order.

    Returns
    -------
    scipy.sparse.csr_matrix
        Same shape and degrees.

    Raises
    ------
    InputError
        Bad matrix or negative ``swaps``.

    See Also
    --------
    curveball : the same null, much faster.

    Notes
    -----
    Picks two links (i, a), (j, b) at random; when (i, b) and (j, a) are empty the
    2x2 checkerboard is flipped to (i, b), (j, a) (Gotelli 2000, "sequential swap";
    vegan's ``"swap"``). One Python step per attempt: meant for small webs and as
    an independent check of :func:`curveball`. Stops after ``100 * swaps`` attempts
    (a web may have no swappable checkerboard).

    References
    ----------
    .. [1] Gotelli, N. J. (2000). Null model analysis of species co-occurrence
       patterns. Ecology 81, 2606-2621.

    Examples
    --------
    >>> from netclust.metrics.nullmodels import swap
    >>> swap(np.eye(3), seed=1).sum(axis=0).tolist()
    [[1.0, 1.0, 1.0]]
    """
    web = as_web(matrix)
    rng = make_rng(seed)
    rows, cols, w = _coo_parts(web.matrix)
    n = len(rows)
    target = 5 * n if swaps is None else int(swaps)
    if target < 0:
        raise InputError(f"swaps must be >= 0, got {swaps!r}")
    present = set(zip(rows.tolist(), cols.tolist()))
    rows, cols = rows.tolist(), cols.tolist()
    done = attempts = 0
    max_attempts = 100 * max(target, 1)
    batch = 4096
    while done < target and attempts < max_attempts and n >= 2:
        picks = rng.integers(0, n, size=(batch, 2))
        for e, f in picks.tolist():
            attempts += 1
            i, a, j, b = rows[e], cols[e], rows[f], cols[f]
            if i == j or a == b or (i, b) in present or (j, a) in present:
                continue
            present.difference_update(((i, a), (j, b)))
            present.update(((i, b), (j, a)))
            cols[e], cols[f] = b, a
            done += 1
            if done >= target or attempts >= max_attempts:
                break
    return _with_weights(np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                         web.matrix.shape, w, rng, weighted)


# --------------------------------------------------------------------------- #
# sequences and tests
# --------------------------------------------------------------------------- #


def null_matrices(
    matrix,
    *,
    method: str = "curveball",
    runs: int = 100,
    seed=None,
    weighted: bool = False,
    burnin: int = 20,
    thin: int = 1,
) -> Iterator[sp.csr_matrix]:
    """Yield ``runs`` null webs of one model (seeded, reproducible).

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Observed incidence matrix.
    method : {"curveball", "swap", "probabilistic", "equiprobable"}
        Null model (see the module table).
    runs : int
        Number of null webs.
    seed : int, numpy.random.Generator or None
        Random seed.
    weighted : bool
        Carry the observed link weights, shuffled, onto the null links.
    burnin, thin : int
        Curveball chain: global steps before the first sample and between samples.
        ``swap`` performs ``5 L`` swaps before the first sample and ``thin * L``
        between samples.

    Returns
    -------
    iterator of scipy.sparse.csr_matrix
        ``runs`` null webs with the observed shape (a generator: arguments are
        checked at once, webs are drawn lazily).

    Raises
    ------
    InputError
        Unknown method, ``runs < 1``, bad ``burnin``/``thin`` or bad matrix.

    See Also
    --------
    null_test

    Notes
    -----
    Curveball and swap webs are consecutive states of one Markov chain (vegan's
    "sequential" null models), so ``burnin`` and ``thin`` matter; the other models
    give independent webs.

    References
    ----------
    .. [1] Oksanen, J. et al. vegan: Community Ecology Package, ``nullmodel`` and
       ``simulate.nullmodel`` (``burnin``, ``thin``).
    .. [2] Carstens, C. J., Berger, A. & Strona, G. (2018). MethodsX 5, 773-780.

    Examples
    --------
    >>> from netclust.metrics.nullmodels import null_matrices
    >>> [m.nnz for m in null_matrices(np.tri(3), method="curveball", runs=2, seed=0)]
    [6, 6]
    """
    if method not in NULL_MODELS:
        raise InputError(f"unknown null model {method!r}; choose one of {', '.join(NULL_MODELS)}")
    if int(runs) < 1:
        raise InputError(f"runs must be at least 1, got {runs!r}")
    if int(burnin) < 0 or int(thin) < 1:
        raise InputError("burnin must be >= 0 and thin >= 1")
    web = as_web(matrix)
    rng = make_rng(seed)
    mat = web.matrix
    _, _, w = _coo_parts(mat)
    return _null_iter(mat, method, int(runs), rng, weighted, int(burnin), int(thin), w)


def null_links(mat: sp.csr_matrix, method, runs, rng, weighted, burnin, thin):
    """Yield ``(rows, cols, widx)`` of ``runs`` null webs.

    ``widx`` indexes the observed link weights (COO order of ``mat``) given to the
    null links, or is None for weights 1.0. The random stream is the one of
    :func:`null_matrices` (which builds its matrices from these arrays).
    """
    n_w = mat.nnz
    if method == "curveball":
        chain = _curveball_chain(mat, rng, burnin=burnin, thin=thin)
        for _ in range(runs):
            rows, cols = next(chain)
            yield rows, cols, _weight_index(len(rows), n_w, rng, weighted)
    elif method == "swap":
        current = swap(mat, seed=rng, weighted=False)
        for r in range(runs):
            if r:
                current = swap(current, seed=rng, swaps=thin * max(mat.nnz, 1), weighted=False)
            rows, cols, _ = _coo_parts(current)
            yield rows, cols, _weight_index(len(rows), n_w, rng, weighted)
    else:
        links = _probabilistic_links if method == "probabilistic" else _equiprobable_links
        for _ in range(runs):
            rows, cols = links(mat, rng)
            yield rows, cols, _weight_index(len(rows), n_w, rng, weighted)


def _null_iter(mat, method, runs, rng, weighted, burnin, thin, w):
    for rows, cols, widx in null_links(mat, method, runs, rng, weighted, burnin, thin):
        yield _links_to_csr(rows, cols, mat.shape, w, widx)


class NullTest(NamedTuple):
    """Observed statistic against its null distribution.

    Attributes
    ----------
    value : float
        Observed statistic.
    null_mean, null_sd : float
        Mean and standard deviation (ddof=1) of the statistic over the null webs.
    z : float
        ``(value - null_mean) / null_sd`` (NaN when null_sd = 0).
    p : float
        p-value as vegan's ``oecosimu`` (see :func:`null_test`).
    runs : int
        Null webs with a finite statistic.
    method : str
        Null model.
    """

    value: float
    null_mean: float
    null_sd: float
    z: float
    p: float
    runs: int
    method: str


def summarise_null(value: float, sims: np.ndarray, method: str, alternative: str) -> NullTest:
    """z and oecosimu p of ``value`` against finite null values ``sims`` (see :func:`null_test`)."""
    sims = np.asarray(sims, dtype=float)
    sims = sims[np.isfinite(sims)]
    n = sims.size
    if n == 0 or not np.isfinite(value):
        return NullTest(float(value), np.nan, np.nan, np.nan, np.nan, int(n), method)
    mean = float(sims.mean())
    sd = float(sims.std(ddof=1)) if n > 1 else float("nan")
    tol = 1e-9 * max(1.0, abs(value))
    z = (value - mean) / sd if sd and sd > tol else float("nan")
    greater = (np.sum(sims >= value - tol) + 1) / (n + 1)
    less = (np.sum(sims <= value + tol) + 1) / (n + 1)
    if alternative == "greater":
        p = greater
    elif alternative == "less":
        p = less
    else:
        p = min(1.0, 2 * min(greater, less))
    return NullTest(float(value), mean, sd, float(z), float(p), int(n), method)


def null_test(
    matrix,
    statistic: Callable | dict,
    *,
    method: str = "curveball",
    runs: int = 100,
    seed=None,
    weighted: bool = False,
    alternative: str = "two-sided",
    burnin: int = 20,
    thin: int = 1,
    progress=None,
):
    """Compare statistics of a web with their distribution over null webs.

    Parameters
    ----------
    matrix : array-like, DataFrame or scipy.sparse matrix
        Observed incidence matrix.
    statistic : callable or dict of str to callable
        ``f(csr_matrix) -> float``; a dict evaluates several statistics on the
        same null webs.
    method, runs, seed, weighted, burnin, thin
        As :func:`null_matrices`.
    alternative : {"two-sided", "greater", "less"}
        Direction of the test.
    progress : callable or None
        ``progress(done, runs)`` after each null web.

    Returns
    -------
    NullTest or pandas.DataFrame
        A :class:`NullTest` for one callable; for a dict a DataFrame indexed by
        statistic name with the NullTest fields as columns.

    Raises
    ------
    InputError
        Bad arguments (see :func:`null_matrices`) or unknown ``alternative``.

    See Also
    --------
    null_matrices

    Notes
    -----
    ``z = (observed - mean_null) / sd_null`` (sd with ddof=1, as R's ``sd``).
    p-values as vegan's ``oecosimu``: ``p_greater = (#{null >= obs} + 1) / (n + 1)``,
    ``p_less = (#{null <= obs} + 1) / (n + 1)``, two-sided
    ``min(1, 2 min(p_greater, p_less))``; so the smallest p with n runs is
    ``2 / (n + 1)`` two-sided. Null webs where a statistic is NaN are skipped for it.

    References
    ----------
    .. [1] Oksanen, J. et al. vegan: Community Ecology Package, ``oecosimu``.
    .. [2] Ulrich, W. & Gotelli, N. J. (2007). Null model analysis of species
       nestedness patterns. Ecology 88, 1824-1831.

    Examples
    --------
    >>> from netclust.metrics.nullmodels import null_test
    >>> from netclust.metrics.nestedness import nodf
    >>> t = null_test(np.tri(6), lambda m: nodf(m).total, method="equiprobable",
    ...               runs=99, seed=0, alternative="greater")
    >>> t.value, t.p
    (100.0, 0.01)
    """
    if alternative not in ("two-sided", "greater", "less"):
        raise InputError("alternative must be 'two-sided', 'greater' or 'less', "
                         f"not {alternative!r}")
    web = as_web(matrix)
    single = callable(statistic)
    stats = {"statistic": statistic} if single else dict(statistic)
    for name, func in stats.items():
        if not callable(func):
            raise InputError(f"statistic {name!r} is not callable")
    observed = {name: float(func(web.matrix)) for name, func in stats.items()}
    sims = {name: np.empty(int(runs)) for name in stats}
    for r, null in enumerate(null_matrices(web.matrix, method=method, runs=runs, seed=seed,
                                           weighted=weighted, burnin=burnin, thin=thin)):
        for name, func in stats.items():
            sims[name][r] = func(null)
        report(progress, r + 1, int(runs))
    results = {name: summarise_null(observed[name], sims[name], method, alternative)
               for name in stats}
    if single:
        return results["statistic"]
    return pd.DataFrame.from_dict({k: v._asdict() for k, v in results.items()}, orient="index")
