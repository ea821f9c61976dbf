"""One orchestrator: the report, the CLI, the map and ``Analysis`` show the same numbers.

For the same data and seed, ``netclust metrics`` output files, ``netclust map
--color-by community`` (the partition in the page's JSON payload), the report's data
and an :class:`~netclust.analysis.Analysis` must agree, and every result of an
analysis must be computed once however many outputs read it.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.analysis import Analysis
from netclust.cli import cli
from netclust.generator import generate_tables
from netclust.report import REPORT_METRICS
from netclust.report.compute import collect
from netclust.schema import AGGREGATE

SEED = 3


@pytest.fixture(scope="module")
def cluster_dir(tmp_path_factory):
    """A 300-firm generated cluster written as CSV (several communities, every role)."""
    tables = generate_tables(300, seed=1)
    folder = tmp_path_factory.mktemp("cluster")
    tables.firms.to_csv(folder / "firms.csv", index=False)
    tables.links.to_csv(folder / "links.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def analysis(cluster_dir):
    return Analysis(nc.read(cluster_dir), seed=SEED, runs=2, null_runs=2)


def _cli(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


def _map_partition(html: str) -> pd.Series:
    """Community code of each firm, read back from the map page's JSON payload."""
    match = re.search(r'<script[^>]*class="nc-map-data"[^>]*>(.*?)</script>', html, re.S)
    payload = json.loads(match.group(1))
    firms = payload["firms"]
    return pd.Series(firms["c"], index=pd.Index(firms["id"], name="firm_id"))


def _same_partition(a: pd.Series, b: pd.Series) -> bool:
    """Same grouping of the same firms (labels may differ)."""
    a, b = a.sort_index(), b.reindex(a.sort_index().index)
    if b.isna().any():
        return False
    return bool(a.groupby(b.to_numpy()).nunique().max() == 1
                and b.groupby(a.to_numpy()).nunique().max() == 1)


def test_same_partition_helper_can_fail():
    a = pd.Series([0, 0, 1], index=list("xyz"))
    assert _same_partition(a, pd.Series([5, 5, 2], index=list("xyz")))
    assert not _same_partition(a, pd.Series([5, 2, 2], index=list("xyz")))


def test_cli_metrics_files_equal_analysis(analysis, cluster_dir, tmp_path):
    _cli("metrics", cluster_dir, "--seed", SEED, "--out", tmp_path)
    got = pd.read_csv(tmp_path / "firm_metrics.csv", dtype={"firm_id": str})
    want = analysis.firm_measures.astype({"firm_id": str, "layer": str, "metric": str})
    merged = want.merge(got, on=["firm_id", "layer", "metric"], how="outer",
                        suffixes=("_api", "_cli"), indicator=True)
    assert (merged["_merge"] == "both").all()
    np.testing.assert_allclose(merged["value_cli"], merged["value_api"], rtol=1e-9, atol=1e-12)
    layers = pd.read_csv(tmp_path / "layer_metrics.csv")
    q_cli = layers[layers["metric"] == "multislice_modularity"]["value"].iloc[0]
    assert q_cli == pytest.approx(analysis.communities.multislice_modularity, rel=1e-9)


def test_cli_communities_equal_analysis(analysis, cluster_dir, tmp_path):
    _cli("communities", cluster_dir, "--seed", SEED, "--out", tmp_path)
    got = pd.read_csv(tmp_path / "communities.csv", dtype={"firm_id": str}).set_index("firm_id")
    assert _same_partition(analysis.communities.membership, got["community"])


def test_cli_map_partition_equals_analysis_and_report(analysis, cluster_dir, tmp_path):
    out = tmp_path / "map.html"
    _cli("map", cluster_dir, "--color-by", "community", "--seed", SEED, "--out", out)
    from_cli = _map_partition(out.read_text(encoding="utf-8"))
    assert _same_partition(analysis.communities.membership, from_cli)
    data = collect(analysis, map_options={"color_by": "community"})
    from_report = _map_partition(data.results["map"].to_html())
    assert _same_partition(from_report, from_cli)


def test_report_numbers_equal_analysis(analysis):
    data = collect(analysis)
    res, wide = data.results, analysis.centrality
    assert res["communities"] is analysis.communities
    table = res["firm_table"]
    for metric in REPORT_METRICS:
        pd.testing.assert_series_equal(table[metric], wide[metric][AGGREGATE], check_names=False)
    pd.testing.assert_frame_equal(res["resilience"], analysis.resilience)
    pd.testing.assert_frame_equal(res["channel_summary"], analysis.channel_summary)
    assert data.params["seed"] == SEED and data.params["runs"] == 2


def test_report_of_a_network_equals_a_restricted_analysis(cluster_dir):
    # report_html(net) builds Analysis(net, metrics=REPORT_METRICS): same numbers as the full one
    net = nc.read(cluster_dir)
    data = collect(net, seed=SEED, runs=2, null_runs=2, scenarios=False, include_map=False)
    full = Analysis(net, seed=SEED).centrality
    for metric in REPORT_METRICS:
        np.testing.assert_allclose(data.results["firm_table"][metric],
                                   full[metric][AGGREGATE], rtol=1e-12)


def _counting(monkeypatch, module, name, calls):
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls[name] = calls.get(name, 0) + 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)


def test_each_result_is_computed_once(monkeypatch):
    import netclust.metrics.centrality as C
    import netclust.metrics.community as M
    import netclust.metrics.multiplex as X
    import netclust.metrics.resilience as R
    import netclust.metrics.symbiosis as S

    calls = {}
    for module, name in [(C, "centrality"), (M, "communities"), (X, "multiplex"),
                         (R, "removal_and_access_curves"), (R, "channel_access_curves"),
                         (R, "channel_access_summary"),
                         (S, "symbiosis")]:
        _counting(monkeypatch, module, name, calls)
    a = Analysis(nc.datasets.toy(), seed=SEED, runs=2, null_runs=2)
    a.firm_measures, a.centrality, a.communities  # noqa: B018 - the notebook reads them first
    collect(a)                                     # the report, with its map
    a.map(color_by="community")                    # the map again
    a.to_html()                                    # and the report again
    # curves and channel curves from one pass (channel_access_curves never called;
    # the scenarios' own before/after curves are theirs)
    assert calls == {"centrality": 1, "communities": 1, "multiplex": 1,
                     "removal_and_access_curves": 1, "channel_access_summary": 1,
                     "symbiosis": 1}
