"""Differential tests against R's vegan (the reference implementation of NODF).

vegan's ``nestednodf`` (binary, weighted, wbinary; order = TRUE and FALSE),
``nestedchecker`` and ``vegdist(method = "horn")`` are run through ``Rscript``
(tests/r/vegan_oracle.R) on random matrices, on vegan's own data sets (sipoo, dune,
BCI, mite, dumped by R at test time) and on the two-mode firm data under
tests/data (directors x companies, CEOs x clubs). Matrices travel as CSV files.

Without Rscript + vegan these tests skip with the reason shown by ``pytest -ra``;
with ``CI=true`` they fail instead (CI installs r-base-core and r-cran-vegan).

Published anchor not reproduced here: weighted NODF of bipartite's ``bezerra2009``
web = 57.17160 (bipartite vignette). That web ships only inside the bipartite R
package (not in vegan nor in Debian), so vegan's own data sets serve as the oracle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netclust.metrics.bipartite import niche_overlap
from netclust.metrics.nestedness import checkerboard, nodf

pytestmark = pytest.mark.r

HERE = Path(__file__).parent
SCRIPT = HERE.parent / "r" / "vegan_oracle.R"
DATA = HERE.parent / "data"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TWO_MODE = ["brunson_corporate_leadership", "galaskiewicz_ceos_clubs"]


def _r_unavailable() -> str | None:
    if shutil.which("Rscript") is None:
        return "Rscript not found (install r-base-core r-cran-vegan)"
    probe = subprocess.run(["Rscript", "-e", "library(vegan)"], capture_output=True, text=True)
    if probe.returncode != 0:
        return "R package vegan not installed (install r-cran-vegan)"
    return None


def _random_matrices():
    rng = np.random.default_rng(20240601)
    out = {}
    for i in range(25):
        n_rows, n_cols = rng.integers(2, 16, 2)
        fill = rng.uniform(0.15, 0.9)
        m = rng.integers(1, 6, (n_rows, n_cols)) * (rng.random((n_rows, n_cols)) < fill)
        if i % 5 == 0:  # keep some empty rows/columns and ties
            m[0] = 0
        out[f"random_{i:02d}.csv"] = m
    # continuous weights with ties
    m = np.round(rng.gamma(1.0, 2.0, (12, 9)) * (rng.random((12, 9)) < 0.5), 1)
    out["random_gamma.csv"] = m
    return out


@pytest.fixture(scope="module")
def vegan(tmp_path_factory):
    reason = _r_unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("vegan")
    matrices = _random_matrices()
    for name, m in matrices.items():
        pd.DataFrame(m, index=[f"r{i}" for i in range(m.shape[0])],
                     columns=[f"c{j}" for j in range(m.shape[1])]).to_csv(folder / name)
    for name in TWO_MODE:
        shutil.copy(DATA / name / "matrix.csv", folder / f"{name}.csv")
    (folder / "dump_datasets").write_text("")
    run = subprocess.run(["Rscript", str(SCRIPT), str(folder)], capture_output=True, text=True,
                         timeout=600)
    if run.returncode != 0:
        pytest.fail(f"vegan_oracle.R failed:\n{run.stderr}")
    res = pd.read_csv(folder / "results.csv")
    values = {(f, ind): float(v) for f, ind, v in res.itertuples(index=False)}
    return folder, values


def _files(folder):
    return sorted(p.name for p in folder.glob("*.csv") if p.name != "results.csv")


def _read(folder, name):
    return pd.read_csv(folder / name, index_col=0)


VARIANTS = [(w, s) for w in ("binary", "weighted", "wbinary") for s in ("sorted", "unsorted")]


@pytest.mark.parametrize("variant,order", VARIANTS)
def test_nestednodf_agrees(vegan, variant, order):
    folder, values = vegan
    weighted = {"binary": False, "weighted": True, "wbinary": "wbinary"}[variant]
    checked = 0
    for name in _files(folder):
        m = _read(folder, name)
        r = nodf(m, weighted=weighted, sort=order == "sorted")
        tag = f"{variant}_{order}"
        for part, got in (("nodf", r.total), ("rows", r.rows), ("columns", r.columns)):
            want = values[(name, f"{part}_{tag}")]
            assert got == pytest.approx(want, abs=1e-9, nan_ok=True), (name, part, tag)
        checked += 1
    assert checked >= 30  # random + vegan data sets + two-mode firm data


def test_vegan_datasets_were_dumped(vegan):
    folder, _ = vegan
    names = _files(folder)
    for expected in ("vegan_sipoo.csv", "vegan_dune.csv", "vegan_BCI.csv", "vegan_mite.csv"):
        assert expected in names


def test_nestedchecker_agrees(vegan):
    folder, values = vegan
    for name in _files(folder):
        r = checkerboard(_read(folder, name))
        assert r.checkerboards == pytest.approx(values[(name, "checkerboards")]), name
        assert r.c_score == pytest.approx(values[(name, "c_score")]), name


def test_horn_overlap_agrees(vegan):
    folder, values = vegan
    for name in _files(folder):
        m = _read(folder, name)
        for side in ("rows", "columns"):
            assert niche_overlap(m, side=side) == pytest.approx(
                values[(name, f"horn_{side}")], nan_ok=True), (name, side)


@pytest.mark.parametrize("name", TWO_MODE)
def test_two_mode_firm_data(vegan, name):
    """Directors x companies and CEOs x clubs: the same numbers as vegan."""
    folder, values = vegan
    m = pd.read_csv(DATA / name / "matrix.csv", index_col=0)
    r = nodf(m)
    assert r.total == pytest.approx(values[(f"{name}.csv", "nodf_binary_sorted")])
    assert 0 < r.total < 100
