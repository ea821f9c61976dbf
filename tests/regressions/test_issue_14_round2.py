"""Issue 14 re-audit (round 2): each defect the re-audit quoted, from its own input.

Large finite weights, reserved layer names, a layer declared twice, ``generate`` with
too few firms for a platform, unknown removal roles: a network or a clean netclust
error, never a traceback, never a silently accepted invalid value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.errors import InputError, NetclustError, SchemaError
from netclust.metrics import bipartite as bp

# 2**532 ~ 1.4e160: an exact power of two, so the scaled weights are exactly the
# unscaled ones times the factor and scale-invariant measures must agree to rounding
EXACT_1E160 = 2.0 ** 532
# measures in the units of the weights (scaled by the factor, not invariant)
WEIGHT_UNITS = {"in_strength", "out_strength", "strength", "overlapping_strength"}
# Mucha's coupling omega is in weight units: scaling the weights changes Q by design
SCALE_DEPENDENT = {"multislice_modularity"}


def _cli(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    """A generated 120-firm network, and copies with every weight times 1e160 / 2**532."""
    root = tmp_path_factory.mktemp("big_weights")
    assert _cli("generate", "--firms", 120, "--seed", 3, "--out", root / "plain").exit_code == 0
    links = pd.read_csv(root / "plain" / "links.csv")
    for name, factor in (("e160", 1e160), ("exact", EXACT_1E160), ("e300", 1e300)):
        d = root / name
        d.mkdir()
        (d / "firms.csv").write_bytes((root / "plain" / "firms.csv").read_bytes())
        links.assign(weight=links["weight"] * factor).to_csv(d / "links.csv", index=False)
    return root


# --- 1. large finite weights ----------------------------------------------------------

@pytest.mark.parametrize("name", ["e160", "e300"])
def test_large_weights_metrics_and_report_run(small_data, name, tmp_path):
    d = small_data / name
    assert _cli("validate", d).exit_code == 0
    res = _cli("metrics", d, "--out", tmp_path / "m")
    assert res.exit_code == 0, res.output
    if name == "e160":  # the report is slow: once is enough
        res = _cli("report", d, "--no-map", "--out", tmp_path / "r.html")
        assert res.exit_code == 0, res.output


def _metric_values(d, out):
    assert _cli("metrics", d, "--out", out).exit_code == 0
    firm = pd.read_csv(out / "firm_metrics.csv", keep_default_na=False)
    layer = pd.read_csv(out / "layer_metrics.csv", keep_default_na=False)
    return (firm.set_index(["firm_id", "layer", "metric"])["value"],
            layer.set_index(["layer", "other_layer", "metric"])["value"])


def test_large_weights_scale_invariant_measures_unchanged(small_data, tmp_path):
    n_units = 0
    for plain, scaled in zip(_metric_values(small_data / "plain", tmp_path / "a"),
                             _metric_values(small_data / "exact", tmp_path / "b")):
        assert plain.index.equals(scaled.index)
        x = pd.to_numeric(plain, errors="coerce").to_numpy()
        y = pd.to_numeric(scaled, errors="coerce").to_numpy()
        metric = plain.index.get_level_values("metric")
        units = metric.isin(WEIGHT_UNITS)
        invariant = ~units & ~metric.isin(SCALE_DEPENDENT)
        np.testing.assert_allclose(y[invariant], x[invariant], rtol=1e-9, atol=1e-300)
        np.testing.assert_allclose(y[units], x[units] * EXACT_1E160, rtol=1e-9)
        assert np.isfinite(y).sum() == np.isfinite(x).sum()
        n_units += units.sum()
    assert n_units > 0


def test_large_weights_web_indicators_unchanged():
    rng = np.random.default_rng(0)
    mat = rng.integers(0, 4, size=(30, 12)) * rng.uniform(0.5, 50, size=(30, 12))
    for big in (mat * 1e160, mat * 1e300):
        for fn in (lambda m: bp.bipartite_modularity(m, seed=1).q,
                   lambda m: bp.niche_overlap(m), lambda m: bp.niche_overlap(m, index="pianka"),
                   lambda m: bp.partner_concentration(m).to_numpy(),
                   lambda m: bp.h2_prime(m), lambda m: bp.generality(m)):
            np.testing.assert_allclose(fn(big), fn(mat), rtol=1e-9)


def test_large_weights_spectral_unchanged():
    net = nc.datasets.toy()
    links = net.links[["source", "target", "layer", "weight"]]
    scaled = nc.read(firms=net.firms.reset_index(),
                     links=links.assign(weight=links["weight"] * 1e160))
    for metric in ("eigenvector", "hub", "authority", "pagerank"):
        a = nc.centrality(net, [metric], form="wide")
        b = nc.centrality(scaled, [metric], form="wide")
        np.testing.assert_allclose(b.to_numpy(float), a.to_numpy(float), rtol=1e-9)
