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
from netclust.schema import AGGREGATE, ANY_DIRECTED, MULTIPLEX, RESERVED_LAYER_NAMES

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


# --- 2. reserved layer names beside aggregate -----------------------------------------

def _folder(tmp_path, links: str, layers: str | None = None):
    d = tmp_path / "d"
    d.mkdir()
    (d / "links.csv").write_text(links)
    if layers is not None:
        (d / "layers.csv").write_text(layers)
    return d


@pytest.mark.parametrize("name", [MULTIPLEX, ANY_DIRECTED])
def test_reserved_layer_name_in_layers_csv(tmp_path, name):
    d = _folder(tmp_path, f"source,target,layer\nF1,F2,{name}\n", f"layer,directed\n{name},true\n")
    msg = nc.validate(d).format()
    assert f'layers.csv, row 2, column "layer": {name!r} is reserved' in msg
    res = _cli("validate", d)
    assert res.exit_code == 1 and "is reserved" in res.output
    with pytest.raises(SchemaError, match="reserved"):
        nc.read(d)


@pytest.mark.parametrize("name", [MULTIPLEX, ANY_DIRECTED])
def test_reserved_layer_name_by_declare_layer(tmp_path, name):
    d = _folder(tmp_path, f"source,target,layer\nF1,F2,{name}\n")
    for command in ("validate", "metrics"):
        extra = ["--out", tmp_path / "m"] if command == "metrics" else []
        res = _cli(command, d / "links.csv", "--declare-layer", f"{name}:directed", *extra)
        assert res.exit_code == 1
        assert f"{name!r} is reserved" in res.output
    assert not (tmp_path / "m").exists()
    with pytest.raises(SchemaError, match="reserved"):
        nc.read(links=pd.DataFrame({"source": ["a"], "target": ["b"], "layer": [name]}),
                layers=[nc.LayerSpec(name, True)])


def test_reserved_names_are_the_labels_netclust_writes():
    assert set(RESERVED_LAYER_NAMES) == {AGGREGATE, MULTIPLEX, ANY_DIRECTED}
    long = nc.centrality(nc.datasets.toy(), ["overlapping_degree"])
    assert MULTIPLEX in set(long["layer"])


# --- 3. a layer declared twice: file and both rows -------------------------------------

def test_layer_declared_twice_names_file_and_rows(tmp_path):
    d = _folder(tmp_path, "source,target,layer\nF1,F2,procurement\n",
                "layer,directed\nprocurement,true\nlogistics,true\nprocurement,false\n")
    msg = nc.validate(d).format()
    assert "layers.csv: layer 'procurement' is declared 2 times (row 2, row 4)" in msg
    res = _cli("validate", d)
    assert res.exit_code == 1 and "(row 2, row 4)" in res.output
    res = _cli("validate", d / "links.csv", "--declare-layer", "procurement:directed",
               "--declare-layer", "procurement:undirected")
    assert res.exit_code == 1
    assert "'procurement:directed', 'procurement:undirected'" in res.output


# --- 4. generate --years with too few firms for a platform ----------------------------

def test_generate_years_with_50_firms_skips_the_platform(tmp_path):
    res = _cli("generate", "--firms", 50, "--years", "2022-2023", "--out", tmp_path / "x")
    assert res.exit_code == 0, res.output
    events = pd.read_csv(tmp_path / "x" / "events.csv", keep_default_na=False)
    firms = pd.read_csv(tmp_path / "x" / "firms.csv")
    assert "platform" not in set(events["event"])
    assert "P000050" not in set(firms["firm_id"]) and len(firms) == 50  # no planted platform firm
    skipped = events[events["event"] == "platform_skipped"]
    assert len(skipped) == 1 and skipped["year"].item() == 2023
    assert "no platform planted" in skipped["detail"].item()
    assert _cli("validate", tmp_path / "x").exit_code == 0


# --- 6. removal by a role no firm has ---------------------------------------------------

def test_resilience_role_strategy_with_unknown_role_is_refused(tmp_path):
    toy = tmp_path / "toy"
    assert _cli("generate", "--firms", 50, "--seed", 1, "--out", toy).exit_code == 0
    res = _cli("resilience", toy, "--strategy", "role", "--role", "nosuch", "--out", tmp_path / "r")
    assert res.exit_code == 1
    assert "no firm has role 'nosuch'" in res.output and "anchor" in res.output
    assert not (tmp_path / "r").exists()
    net = nc.datasets.toy()
    with pytest.raises(InputError, match="no firm has role 'nosuch'"):
        nc.removal_curves(net, "role", roles=["anchor", "nosuch"], runs=1)
    assert len(nc.removal_curves(net, "role", roles=["anchor"], runs=1))  # a real role still works


# --- 5. closeness conventions as documented (README Conventions) ------------------------

def test_closeness_defaults_are_the_documented_conventions():
    import networkx as nx

    from netclust.metrics.paths import harmonic_closeness
    from netclust.metrics.structure import closeness

    net = nc.generate(150, seed=2)
    g = net.to_igraph("procurement")
    assert g.is_directed()
    c = closeness(net, layers=["procurement"], aggregate=False)["procurement"].to_numpy()
    np.testing.assert_allclose(c, np.array(g.closeness(mode="all"), float), equal_nan=True)
    assert not np.allclose(c, np.array(g.closeness(mode="out"), float), equal_nan=True)
    h = harmonic_closeness(net, layers=["procurement"], aggregate=False)["procurement"]
    ref = nx.harmonic_centrality(nx.DiGraph(net.to_networkx("procurement")))  # incoming paths
    np.testing.assert_allclose(h.to_numpy() * (net.n_firms - 1), [ref[f] for f in h.index])
