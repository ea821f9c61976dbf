"""Network-level indicators of a bipartite web against seeded null webs.

:func:`web_scorecard` scores one web (connectance, NODF, weighted NODF, C-score,
H2', niche overlap, generality, vulnerability, dependence asymmetry, Barber
modularity) with null-model z-scores and p-values. :class:`_WebStatistics` computes
the indicators from link arrays with the kernels of :mod:`netclust.metrics.nestedness`,
:mod:`netclust.metrics.bipartite` and :mod:`netclust.metrics.nullmodels`.
"""

from __future__ import annotations

import time
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._progress import report
from netclust._random import make_rng
from netclust._check import positive_int
from netclust.metrics._web import as_web
from netclust.errors import InputError
from netclust.metrics import bipartite as bp
from netclust.metrics.nestedness import (checkerboards_links, degree_classes, nodf_scale,
                                         nodf_sorted_sums, weight_ranks)
from netclust.metrics.nullmodels import NULL_MODELS, null_links, summarise_null
from netclust.metrics.webs import BipartiteWeb

__all__ = ["SCORECARD_COLUMNS", "web_scorecard", "beyond_chance", "BEYOND_CHANCE_P", "p_text",
           "MIN_EFFECT", "relative_effect", "notable"]

#: Two-sided p below which a value is read as beyond chance (table, chart and findings).
BEYOND_CHANCE_P = 0.05
#: Smallest difference from the null webs' mean, as a share of that mean, that is read as
#: a pattern ("segregated", "nested"...); a smaller one beyond chance is read "slightly".
MIN_EFFECT = 0.05


SCORECARD_COLUMNS = ["web", "indicator", "value", "null_mean", "null_sd", "z", "p", "reading",
                     "source"]


class _Indicator(NamedTuple):
    name: str
    source: str
    high: str  # reading when above the null webs (comparative)
    low: str  # reading when below the null webs (comparative)
    levels: tuple = ()  # ((upper bound, absolute reading of the value), ...), ascending


_INDICATORS = [
    _Indicator("connectance", "Dunne et al. 2002 PNAS 99:12917",
               "more {rows}-{cols} pairs are linked than expected",
               "fewer {rows}-{cols} pairs are linked than expected"),
    _Indicator("nodf", "Almeida-Neto et al. 2008 Oikos 117:1227; vegan nestednodf",
               "nested: specialist {rows} use the {cols} that generalists use (core-periphery)",
               "anti-nested: the {cols} of different {rows} avoid each other"),
    _Indicator("nodf_rows", "Almeida-Neto et al. 2008 Oikos 117:1227",
               "the {cols} of each of the {rows} are nested subsets of each other",
               "the {rows}' partner sets are less nested than chance"),
    _Indicator("nodf_columns", "Almeida-Neto et al. 2008 Oikos 117:1227",
               "small {cols} serve subsets of the big {cols}' {rows}",
               "the {cols}' partner sets are less nested than chance"),
    _Indicator("wnodf", "Almeida-Neto & Ulrich 2011 Environ. Model. Softw. 26:173",
               "nested also in volumes: the core carries more weight in each shared relation",
               "volumes are not nested"),
    _Indicator("c_score", "Stone & Roberts 1990 Oecologia 85:74; vegan nestedchecker",
               "segregated: {rows} avoid each other's {cols} (exclusive relations)",
               "aggregated: {rows} share {cols} more than chance"),
    _Indicator("h2_prime", "Blüthgen et al. 2006 BMC Ecol 6:9",
               "more exclusive relations than chance (harder to substitute)",
               "more shared relations than chance (easier to substitute)",
               ((0.3, "generalised, shared relations"), (0.7, "moderately specialised"),
                (1.0, "highly specialised, exclusive relations"))),
    _Indicator("niche_overlap_rows", "Pianka 1973 Annu Rev Ecol Syst 4:53 (mean pairwise)",
               "{rows} overlap more in their {cols} than chance (shared pool / competition)",
               "{rows} overlap less in their {cols} than chance (segmented)",
               ((0.3, "little overlap"), (0.7, "moderate overlap"), (1.0, "strong overlap"))),
    _Indicator("niche_overlap_columns", "Pianka 1973 Annu Rev Ecol Syst 4:53 (mean pairwise)",
               "{cols} overlap more in the {rows} they serve than chance",
               "{cols} overlap less in the {rows} they serve than chance (own clienteles)",
               ((0.3, "little overlap"), (0.7, "moderate overlap"), (1.0, "strong overlap"))),
    _Indicator("generality", "Bersier et al. 2002 Ecology 83:2394",
               "a typical one of the {cols} effectively serves many {rows}",
               "a typical one of the {cols} effectively serves few {rows}"),
    _Indicator("vulnerability", "Bersier et al. 2002 Ecology 83:2394",
               "a typical one of the {rows} effectively relies on many {cols} (diversified)",
               "a typical one of the {rows} effectively relies on few {cols} (dependent)"),
    _Indicator("dependence_asymmetry", "Bascompte et al. 2006 Science 312:431",
               "more lopsided than webs with the same degrees",
               "less lopsided than webs with the same degrees",
               ((0.3, "mostly mutual dependence"), (0.6, "mixed: some links lopsided"),
                (1.0, "mostly lopsided links: one side depends on partners that barely "
                      "depend on it"))),
    _Indicator("modularity", "Barber 2007 PRE 76:066102 (Leiden + BRIM)",
               "more split into sub-clusters of {rows} with their own {cols} than chance",
               "less split into sub-clusters than chance (more integrated)",
               ((0.3, "weak sub-cluster structure"), (1.0, "clear sub-clusters"))),
]


#: Indicators that a null model keeps fixed by construction: they are not
#: recomputed on the null webs and the scorecard says so.
_FIXED_BY_NULL = {
    "curveball": ("connectance",),
    "swap": ("connectance",),
    "equiprobable": ("connectance",),
    "probabilistic": (),
}
_FIXED_WHY = {"curveball": "every null web keeps every firm's number of partners",
              "swap": "every null web keeps every firm's number of partners",
              "equiprobable": "every null web keeps the number of links"}

class _WebStatistics:
    """Network-level indicators of one web and of its null webs, sharing the work.

    Works on link arrays (row, column, weight) instead of sparse matrices. What
    does not change between null webs is computed once: the ranks of the link
    weights (null webs reuse the observed weights), and under degree-preserving
    null models the degree classes used by NODF and the checkerboard terms.
    """

    def __init__(self, mat: sp.csr_matrix, modularity: bool = True, timings=None):
        coo = mat.tocoo()
        self.n_rows, self.n_cols = mat.shape
        self.rows = coo.row.astype(np.int64)
        self.cols = coo.col.astype(np.int64)
        self.weights = coo.data.astype(float)
        self.wdesc = (weight_ranks(self.weights)[0] if self.weights.size
                      else np.zeros(0, dtype=np.int64))
        self.modularity = modularity
        self.timings = timings  # dict: wall and CPU seconds per indicator are added
        self.modules = None
        self._degrees = None

    def observed(self, rng) -> dict:
        """Indicators of the web itself (its modules are kept in ``self.modules``)."""
        return self.evaluate(self.rows, self.cols, None, rng, observed=True)

    def _degree_data(self, r, c, reuse: bool):
        if reuse and self._degrees is not None:
            return self._degrees
        rdeg = np.bincount(r, minlength=self.n_rows)
        cdeg = np.bincount(c, minlength=self.n_cols)
        out = (rdeg, cdeg, degree_classes(rdeg), degree_classes(cdeg))
        if reuse:
            self._degrees = out
        return out

    def evaluate(self, r, c, widx, rng, *, fixed_degrees: bool = False, skip=(),
                 observed: bool = False) -> dict:
        """Indicators of a web given by its links.

        ``widx`` indexes the observed weights carried by the links (None: weights
        1.0, or the observed weights in order when ``observed``); indicators in
        ``skip`` are NaN (fixed by the null model, not recomputed).
        """
        timer = _Timer(self.timings)
        n_rows, n_cols = self.n_rows, self.n_cols
        if observed:
            w, wdesc = self.weights, self.wdesc
        elif widx is None:
            w, wdesc = np.ones(len(r)), np.zeros(len(r), dtype=np.int64)
        else:
            w, wdesc = self.weights[widx], self.wdesc[widx]
        rs = np.bincount(r, weights=w, minlength=n_rows)
        cs = np.bincount(c, weights=w, minlength=n_cols)
        rdeg, cdeg, rcl, ccl = self._degree_data(r, c, fixed_degrees)
        timer.lap("shared: strengths, degrees")
        out = {}
        size = n_rows * n_cols
        if "connectance" not in skip:
            out["connectance"] = len(r) / size if size else float("nan")
        s_rows, s_cols = nodf_sorted_sums(r, c, rcl, ccl)
        out["nodf"], out["nodf_rows"], out["nodf_columns"] = nodf_scale(s_rows, s_cols,
                                                                         n_rows, n_cols)
        timer.lap("nodf, nodf_rows, nodf_columns")
        out["wnodf"] = nodf_scale(*nodf_sorted_sums(r, c, rcl, ccl, wdesc), n_rows, n_cols)[0]
        timer.lap("wnodf")
        cb = checkerboards_links(r, c, n_rows, n_cols, rdeg, cdeg)
        out["c_score"] = cb / (n_cols * (n_cols - 1) / 2) if n_cols > 1 else float("nan")
        timer.lap("c_score")
        out["h2_prime"] = bp.h2_prime_from_parts(*bp.h2_parts_links(w, rs, cs))
        timer.lap("h2_prime")
        out["niche_overlap_rows"] = bp.pianka_links(r, c, w, n_rows, n_cols)
        out["niche_overlap_columns"] = bp.pianka_links(c, r, w, n_cols, n_rows)
        timer.lap("niche_overlap_rows, _columns")
        out["generality"] = bp.weighted_mean_effective_links(c, w, n_cols, cs)
        out["vulnerability"] = bp.weighted_mean_effective_links(r, w, n_rows, rs)
        timer.lap("generality, vulnerability")
        out["dependence_asymmetry"] = bp.dependence_asymmetry_links(r, c, w, rs, cs)
        timer.lap("dependence_asymmetry")
        if self.modularity:
            q, row_mod, col_mod = bp.modularity_links(r, c, w, n_rows, n_cols, rng, rs, cs,
                                                       lap=timer.lap if timer.store is not None
                                                       else None)
            out["modularity"] = q
            if observed:
                self.modules = (row_mod, col_mod)
            timer.lap("modularity: BRIM refinement")
        else:
            out["modularity"] = float("nan")
        for key in skip:
            out[key] = float("nan")
        return {ind.name: out[ind.name] for ind in _INDICATORS}


class _Timer:
    """Adds wall and CPU seconds between laps to ``store[label]`` (no-op if None)."""

    __slots__ = ("cpu", "store", "wall")

    def __init__(self, store):
        self.store = store
        if store is not None:
            self.wall, self.cpu = time.perf_counter(), time.process_time()

    def reset(self) -> None:
        if self.store is not None:
            self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, label: str) -> None:
        if self.store is None:
            return
        wall, cpu = time.perf_counter(), time.process_time()
        old = self.store.get(label, (0.0, 0.0))
        self.store[label] = (old[0] + wall - self.wall, old[1] + cpu - self.cpu)
        self.wall, self.cpu = wall, cpu


def _null_block(mat: sp.csr_matrix, null: str, runs: int, null_seed: int, search_seed: int,
                burnin: int, thin: int, modularity: bool, start: int, stop: int,
                progress=None, timings=None) -> dict:
    """Indicators of null webs ``start .. stop - 1`` of a web (one block of runs).

    Null web k is the k-th web drawn from ``null_seed`` (a Markov chain for
    curveball and swap, so the webs before ``start`` are drawn again and skipped;
    drawing is cheap next to the indicators). The community search on null web k
    is seeded with the k-th draw from ``search_seed``. Any split of the runs into
    blocks, in any process, thus gives the same numbers.
    """
    engine = _WebStatistics(mat, modularity, timings)
    fixed = _FIXED_BY_NULL[null]
    search = np.random.default_rng(search_seed).integers(0, 2**31 - 1, size=runs)
    sims = {ind.name: np.full(stop - start, np.nan) for ind in _INDICATORS}
    timer = _Timer(timings)
    links = null_links(mat, null, stop, np.random.default_rng(null_seed), True, burnin, thin)
    for k, (rows_, cols_, widx) in enumerate(links):
        if k < start:
            continue
        timer.lap(f"null webs ({null})")
        stats = engine.evaluate(rows_, cols_, widx, int(search[k]), skip=fixed,
                                fixed_degrees=null in ("curveball", "swap"))
        for key, value in stats.items():
            sims[key][k - start] = value
        report(progress, k + 1 - start, stop - start)
        timer.reset()  # the indicators timed themselves
    return sims


def _null_block_task(args):
    """Worker entry point: ``_null_block(*args)`` plus the worker's timings."""
    timings = {} if args[-1] else None
    sims = _null_block(*args[:-1], timings=timings)
    return sims, timings


def null_executor(n_jobs: int):
    """A process pool of ``n_jobs`` workers (fork where available: no re-import)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=n_jobs, mp_context=context)


def _null_statistics(mat, null, runs, null_seed, search_seed, burnin, thin, modularity,
                     n_jobs, executor, progress, timings=None) -> dict:
    """Indicators of all ``runs`` null webs, in ``n_jobs`` blocks of consecutive runs."""
    if n_jobs <= 1 or executor is None or runs < 2:
        return _null_block(mat, null, runs, null_seed, search_seed, burnin, thin, modularity,
                           0, runs, progress, timings)
    bounds = np.linspace(0, runs, min(n_jobs, runs) + 1).round().astype(int)
    blocks_ab = list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))
    with warnings.catch_warnings():
        # Python >= 3.12 warns when forking a multi-threaded process (the pool's
        # manager thread); the workers only run numpy/igraph code of this module
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        futures = [executor.submit(_null_block_task,
                                   (mat, null, runs, null_seed, search_seed, burnin, thin,
                                    modularity, a, b, None, timings is not None))
                   for a, b in blocks_ab]
    blocks, done = [], 0
    for fut, (a, b) in zip(futures, blocks_ab):
        sims, worker = fut.result()
        blocks.append(sims)
        if worker and timings is not None:
            for label, (wall, cpu) in worker.items():
                old = timings.get(label, (0.0, 0.0))
                timings[label] = (old[0] + wall, old[1] + cpu)
        done += int(b - a)
        report(progress, done, runs)
    return {key: np.concatenate([blk[key] for blk in blocks]) for key in blocks[0]}


def _web_statistics(mat: sp.csr_matrix, rng, modularity: bool = True) -> dict:
    """All network-level indicators of one web (see :class:`_WebStatistics`)."""
    return _WebStatistics(mat, modularity).observed(rng)


_PLURALS = {"sme": "SMEs", "anchor": "anchors", "supplier": "suppliers", "designer": "designers",
            "logistics": "logistics providers", "trade_service": "trade-service firms",
            "platform": "platforms"}


def _plural(roles: tuple) -> str:
    return " and ".join(_PLURALS.get(r, f"{r} firms") for r in roles)


def beyond_chance(z: float, p: float, runs: int | None = None) -> bool:
    """The one rule that calls a value beyond chance (scorecard, chart and findings).

    Beyond chance when ``|z| >= 2`` and the two-sided Monte Carlo p is below 0.05 —
    or, when ``runs`` null webs cannot give a p that small (``2 / (runs + 1) >= 0.05``,
    i.e. fewer than 39 webs), when the value lies beyond every null web (p at its floor).

    Examples
    --------
    >>> from netclust.metrics.scorecard import beyond_chance
    >>> beyond_chance(2.24, 0.0392), beyond_chance(2.24, 0.12), beyond_chance(float("nan"), 1.0)
    (True, False, False)
    >>> beyond_chance(-8.5, 2 / 21, runs=20), beyond_chance(1.5, 2 / 21, runs=20)
    (True, False)
    """
    if not (np.isfinite(z) and np.isfinite(p)) or abs(z) < 2:
        return False
    floor = 2 / (runs + 1) if runs else 0.0
    return bool(p < BEYOND_CHANCE_P or p <= floor + 1e-12)


def relative_effect(value: float, null_mean: float) -> float:
    """How far a value lies from the null webs' mean, as a share of that mean.

    :math:`(x - \\bar x_{null}) / |\\bar x_{null}|`: ``+0.005`` means 0.5 % above what
    null webs give. A null mean of 0 gives ``±inf`` when the value differs (any
    difference is large next to nothing) and ``0`` when it does not; NaN when either is
    missing.

    Examples
    --------
    >>> from netclust.metrics.scorecard import relative_effect
    >>> round(relative_effect(37.7, 37.5), 4), relative_effect(0.2, 0.0), relative_effect(1.0, float("nan"))
    (0.0053, inf, nan)
    """
    value, null_mean = float(value), float(null_mean)
    if not (np.isfinite(value) and np.isfinite(null_mean)):
        return float("nan")
    if null_mean == 0:
        return 0.0 if value == 0 else float(np.sign(value) * np.inf)
    return (value - null_mean) / abs(null_mean)


def notable(value: float, null_mean: float, z: float, p: float, runs: int | None = None) -> bool:
    """Beyond chance *and* large enough to read as a pattern.

    :func:`beyond_chance` (``|z|`` and p) and, when the null mean is known, a
    :func:`relative_effect` of at least :data:`MIN_EFFECT` (5 % of the null mean) in
    size. With many null webs a tiny difference (C-score 37.7 against 37.5, +0.5 %)
    can have ``z = 20``: it is beyond chance but not a pattern, and the reading says
    "slightly" instead of "segregated".

    Examples
    --------
    >>> from netclust.metrics.scorecard import notable
    >>> notable(37.7, 37.5, 20.0, 2 / 51, 50), notable(45.0, 37.5, 20.0, 2 / 51, 50)
    (False, True)
    >>> notable(45.0, float("nan"), 20.0, 2 / 51, 50)   # no null mean: the p/z rule alone
    True
    """
    if not beyond_chance(z, p, runs):
        return False
    eff = relative_effect(value, null_mean)
    return bool(np.isnan(eff) or abs(eff) >= MIN_EFFECT)


def p_text(p: float, runs: int | None) -> str:
    """``p`` as text, honest about the Monte Carlo floor of a two-sided rank test.

    With ``n`` null webs the smallest two-sided p is ``2 / (n + 1)``; a p at that floor
    is written "p <= floor" (the observed value lies beyond every null web, however far).

    Examples
    --------
    >>> from netclust.metrics.scorecard import p_text
    >>> p_text(2 / 51, 50), p_text(0.2, 50)
    ('p ≤ 0.039 (beyond all 50 null webs)', 'p = 0.2')
    """
    if not np.isfinite(p):
        return "p not defined"
    if runs and p <= 2 / (runs + 1) + 1e-12:
        return f"p ≤ {2 / (runs + 1):.2g} (beyond all {runs} null webs)"
    return f"p = {p:.2g}"


def _level(ind: _Indicator, value: float) -> str:
    for bound, text in ind.levels:
        if value <= bound + 1e-12:
            return text
    return ""


def _reading(ind: _Indicator, value: float, z: float, p: float,
             labels=("rows", "columns"), runs: int | None = None,
             null_mean: float | None = None) -> str:
    """Reading from the value (absolute level, where one is documented) and the null model.

    The two parts are read together, never merged into one verdict: a level at one end
    of its scale that the comparison with chance pulls the other way is joined with
    "though" ("little overlap (0.12), though ... more than chance"). A difference from
    the null webs is read as a pattern only when :func:`notable` (beyond chance and at
    least :data:`MIN_EFFECT` of the null mean); beyond chance but smaller, it is read
    "slightly above/below chance" with its size, so +0.5 % with ``z = 20`` is not
    called "segregated".
    """
    ind = ind._replace(high=ind.high.format(rows=labels[0], cols=labels[1]),
                       low=ind.low.format(rows=labels[0], cols=labels[1]))
    if not np.isfinite(value):
        return "not defined for this web"
    level = _level(ind, value)
    head = f"{level} ({value:.3g})" if level else ""
    if not np.isfinite(p):
        return head
    zt = f"z = {z:.1f}" if np.isfinite(z) else "null sd = 0"
    eff = relative_effect(value, np.nan if null_mean is None else null_mean)
    size = f"{eff:+.1%} of the null mean, " if np.isfinite(eff) else ""
    against = 0
    if not np.isfinite(z):
        rel = f"fixed by the null model ({zt}); read the value itself"
    elif notable(value, np.nan if null_mean is None else null_mean, z, p, runs):
        rel = f"{ind.high if z > 0 else ind.low} ({size}{zt}, {p_text(p, runs)})"
        against = int(np.sign(z))
    elif beyond_chance(z, p, runs):
        rel = (f"slightly {'above' if z > 0 else 'below'} chance, too little to read as a "
               f"pattern ({size}{zt}, {p_text(p, runs)})")
    else:
        rel = f"as expected by chance ({zt}, {p_text(p, runs)})"
    if not head:
        return rel
    bands = [text for _bound, text in ind.levels]
    if (against > 0 and level == bands[0]) or (against < 0 and level == bands[-1]):
        return f"{head}, though {rel}"
    return f"{head}; {rel}"


def web_scorecard(web, *, null: str = "curveball", runs: int = 100, seed=0, name: str = "matrix",
                  modularity: bool = True, progress=None, burnin: int = 20,
                  thin: int = 1, n_jobs: int = 1, timings: dict | None = None) -> pd.DataFrame:
    """Network-level indicators of one web with null-model z-scores and p-values.

    Parameters
    ----------
    web : BipartiteWeb, array-like, DataFrame or scipy.sparse matrix
        The web (rows x columns, weights).
    null : {"curveball", "swap", "probabilistic", "equiprobable"}
        Null model of the binary structure; link weights are shuffled over the null
        links (see :mod:`netclust.metrics.nullmodels`).
    runs : int, default 100
        Null webs (0 = no null model: null columns NaN).
    seed : int, numpy.random.Generator or None
        Seed of the null webs and of the modularity search.
    name : str
        ``web`` column value when ``web`` is a plain matrix.
    modularity : bool, default True
        Include Barber modularity, by far the costliest indicator on large webs
        (a community search per null web); False leaves its row out.
    progress : callable or None
        ``progress(done, runs)``.
    burnin, thin : int
        Curveball chain settings (:func:`netclust.metrics.nullmodels.null_matrices`).
    n_jobs : int, default 1
        Worker processes for the null webs (the runs are split into blocks of
        consecutive runs; the result does not depend on ``n_jobs``).
    timings : dict or None
        Profiling (benchmarks): when a dict, the wall and CPU seconds spent per
        indicator (and on drawing the null webs) are added to ``timings[label]`` as
        ``(wall, cpu)`` tuples, worker processes included.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SCORECARD_COLUMNS`, one row per indicator.

    Raises
    ------
    InputError
        Unknown null model, negative runs, bad matrix.

    See Also
    --------
    symbiosis

    Notes
    -----
    Indicators: connectance, NODF (total, rows, columns), weighted NODF, C-score,
    H2', niche overlap (Pianka's index, mean over pairs of rows and of columns),
    generality, vulnerability, dependence asymmetry and Barber modularity -- see the docstrings of
    :mod:`netclust.metrics.bipartite` and :mod:`netclust.metrics.nestedness` for
    formulas and ranges. All are computed on the same null webs; z and p as
    :func:`netclust.metrics.nullmodels.null_test` (two-sided).

    Connectance is fixed by construction under "curveball", "swap" (every
    firm's number of partners is kept) and "equiprobable" (the number of links is
    kept): it is not recomputed on the null webs, its row has ``null_mean =
    value``, ``null_sd = 0``, ``z = NaN``, ``p = 1`` and its reading says so.

    Randomness: the web's own community search takes one draw from ``seed``;
    then two integers drawn from it seed the null webs (one stream: the curveball
    or swap Markov chain, or independent webs, and the weight shuffles) and the
    community searches on them (the k-th search gets the k-th draw of its own
    stream). Null web k and its indicators therefore do not depend on how the runs
    are split: with ``n_jobs > 1`` each worker process scores a block of
    consecutive runs (redrawing the chain up to its block, which is cheap next to
    the indicators) and the table is identical to ``n_jobs=1``.

    Speed: indicators are computed from link arrays (no matrix per null web);
    the weight ranks and, under degree-preserving nulls, the degree classes are
    computed once per web (see :class:`_WebStatistics`). Barber modularity (a
    Leiden search and a BRIM refinement per null web) takes most of the time.

    References
    ----------
    .. [1] Dormann, C. F., Fründ, J., Blüthgen, N. & Gruber, B. (2009). Indices,
       graphs and null models: analyzing bipartite ecological networks. The Open
       Ecology Journal 2, 7-24.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import web_scorecard
    >>> card = web_scorecard(np.tri(6), runs=20, seed=0)
    >>> card.set_index("indicator").loc["nodf", "value"]
    np.float64(100.0)
    """
    card, _ = scorecard_and_modules(web, null=null, runs=runs, seed=seed, name=name,
                             modularity=modularity, progress=progress, burnin=burnin, thin=thin,
                             n_jobs=n_jobs, timings=timings)
    return card


def scorecard_and_modules(web, *, null, runs, seed, name="matrix", modularity=True,
                          progress=None, burnin=20, thin=1, n_jobs=1, executor=None,
                          timings=None):
    """:func:`web_scorecard` plus the modules of the web's own partition (or None)."""
    n_jobs = check_jobs(n_jobs)
    if null not in NULL_MODELS:
        raise InputError(f"unknown null model {null!r}; choose one of {', '.join(NULL_MODELS)}")
    if int(runs) < 0:
        raise InputError(f"runs must be >= 0, got {runs!r}")
    if int(burnin) < 0 or int(thin) < 1:
        raise InputError("burnin must be >= 0 and thin >= 1")
    if isinstance(web, BipartiteWeb):
        mat, name = web.matrix, web.name
        labels = (_plural(web.spec.rows), _plural(web.spec.columns))
    else:
        mat = as_web(web).matrix
        labels = ("row nodes", "column nodes")
    rng = make_rng(seed)
    runs = int(runs)
    indicators = [ind for ind in _INDICATORS if modularity or ind.name != "modularity"]
    engine = _WebStatistics(mat, modularity, timings)
    observed = engine.observed(rng)
    fixed = _FIXED_BY_NULL[null]
    with_nulls = bool(runs and mat.nnz)
    if with_nulls:
        # independent streams: the null webs, and the community searches on them
        null_seed, search_seed = (int(x) for x in rng.integers(0, 2**63 - 1, size=2))
        own = executor is None and n_jobs > 1 and runs > 1
        pool = null_executor(n_jobs) if own else executor
        try:
            sims = _null_statistics(mat, null, runs, null_seed, search_seed, int(burnin),
                                    int(thin), modularity, n_jobs, pool, progress, timings)
        finally:
            if own:
                pool.shutdown()
    rows = []
    for ind in indicators:
        if with_nulls and ind.name in fixed:
            # constant by construction: every null web has the observed value (not
            # recomputed); p as oecosimu's (#{null >= obs} + 1) / (n + 1) = 1
            mean, sd, z, p = observed[ind.name], 0.0, float("nan"), 1.0
            reading = (f"fixed by construction under the {null} null ({_FIXED_WHY[null]}); "
                       "not recomputed on the null webs: read the value itself")
        elif with_nulls:
            t = summarise_null(observed[ind.name], sims[ind.name], null, "two-sided")
            mean, sd, z, p = t.null_mean, t.null_sd, t.z, t.p
            reading = _reading(ind, observed[ind.name], z, p, labels, runs, null_mean=mean)
        else:
            mean = sd = z = p = float("nan")
            reading = _reading(ind, observed[ind.name], z, p, labels)
        rows.append({"web": name, "indicator": ind.name, "value": observed[ind.name],
                     "null_mean": mean, "null_sd": sd, "z": z, "p": p,
                     "reading": reading, "source": ind.source})
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS), engine.modules


def check_jobs(n_jobs) -> int:
    n_jobs = positive_int(n_jobs, "n_jobs")
    return int(n_jobs)
