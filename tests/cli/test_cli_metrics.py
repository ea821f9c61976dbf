"""``netclust metrics`` and ``netclust communities``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.metrics.centrality import pagerank

DATA = Path(__file__).resolve().parents[1] / "data"


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_metrics_writes_tidy_tables(toy_dir, tmp_path, fmt):
    out = tmp_path / "out"
    res = run(["metrics", toy_dir, "--out", out, "--format", fmt, "--seed", "1"])
    assert res.exit_code == 0, res.output
    assert "9 firms" in res.output
    read = {"csv": pd.read_csv, "parquet": pd.read_parquet,
            "json": lambda p: pd.read_json(p, orient="records")}[fmt]
    firm = read(out / f"firm_metrics.{fmt}")
    assert list(firm.columns) == ["firm_id", "layer", "metric", "value"]
    assert set(firm["layer"]) == {"procurement", "design_sharing", "logistics", "aggregate", "multiplex"}
    pr = firm.query("metric == 'pagerank' and layer == 'logistics'").set_index("firm_id")["value"]
    want = pagerank(nc.datasets.toy())["logistics"]
    np.testing.assert_allclose(pr.reindex(want.index).to_numpy(), want.to_numpy())
    layer = read(out / f"layer_metrics.{fmt}")
    assert list(layer.columns) == ["layer", "other_layer", "metric", "value"]
    assert {"edge_jaccard", "modularity", "multislice_modularity", "n_links"} <= set(layer["metric"])
    roles = read(out / f"multiplex_roles.{fmt}")
    assert len(roles) == 9 and "role" in roles.columns


def test_metrics_subset_and_samples(toy_dir, tmp_path):
    out = tmp_path / "o"
    res = run(["metrics", toy_dir, "--out", out, "--metric", "betweenness", "--metric", "degree",
               "--samples", "4", "--no-communities"])
    assert res.exit_code == 0, res.output
    assert "sampled with 4 pivots" in res.output
    firm = pd.read_csv(out / "firm_metrics.csv")
    assert set(firm["metric"]) == {"betweenness", "degree"}
    layer = pd.read_csv(out / "layer_metrics.csv")
    assert "modularity" not in set(layer["metric"])
    assert set(layer.query("metric == 'betweenness_sources'")["value"]) == {4.0}


def test_metrics_on_real_data_folder(tmp_path):
    res = run(["metrics", DATA / "krackhardt_hightech", "--out", tmp_path, "--metric", "pagerank"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "firm_metrics.csv").exists()


def test_communities_command(toy_dir, tmp_path):
    truth = tmp_path / "truth.csv"
    pd.DataFrame({"firm_id": ["A1", "A2", "S1", "S2", "S3", "U1", "D1", "L1", "T1"],
                  "community": [0, 1, 0, 0, 1, 0, 0, 0, 2]}).to_csv(truth, index=False)
    out = tmp_path / "c"
    res = run(["communities", toy_dir, "--out", out, "--seed", "1", "--per-layer", "--truth", truth,
               "--runs", "2"])
    assert res.exit_code == 0, res.output
    assert "multislice modularity" in res.output and "NMI" in res.output
    m = pd.read_csv(out / "communities.csv")
    assert list(m.columns) == ["firm_id", "community"] and len(m) == 9
    t = pd.read_csv(out / "community_table.csv")
    assert t["size"].sum() == 9 and "internal_link_share" in t.columns
    per = pd.read_csv(out / "layer_communities.csv")
    assert list(per.columns) == ["firm_id", "procurement", "design_sharing", "logistics", "aggregate"]


def test_communities_on_one_layer(toy_dir, tmp_path):
    res = run(["communities", toy_dir, "--out", tmp_path, "--layer", "aggregate", "--method", "louvain"])
    assert res.exit_code == 0, res.output
    assert "(louvain)" in res.output


def test_user_errors_exit_1(toy_dir, tmp_path):
    res = CliRunner().invoke(cli, ["communities", str(toy_dir), "--out", str(tmp_path), "--layer", "nope"])
    assert res.exit_code == 1 and "Error:" in res.output
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    res = CliRunner().invoke(cli, ["communities", str(toy_dir), "--out", str(tmp_path), "--truth", str(bad)])
    assert res.exit_code == 1 and "firm_id" in res.output


def test_usage_errors_exit_2(toy_dir, tmp_path):
    res = CliRunner().invoke(cli, ["metrics", str(toy_dir), "--metric", "nonsense"])
    assert res.exit_code == 2
    res = CliRunner().invoke(cli, ["metrics", str(toy_dir), "--samples", "0"])
    assert res.exit_code == 2


def _dated_folder(path):
    """Six-firm clique 2021-2022 that splits into two triangles in 2023; x sells to a in 2022;
    g-h logistics dated 2021 and 2022 plus one undated record."""
    import itertools

    def clique(members, date):
        return [(u, v, "design_sharing", 1.0, date) for u, v in itertools.combinations(members, 2)]

    rows = clique("abcdef", "2021-05-01") + clique("abcdef", "2022-05-01")
    rows += [("x", "a", "procurement", 5.0, "2022-07-01")]
    rows += clique("abc", "2023-03-01") + clique("def", "2023-03-01")
    rows += [("g", "h", "logistics", 2.0, "2021-01-10"), ("g", "h", "logistics", 3.0, "2022-11-10"),
             ("g", "h", "logistics", 5.0, "")]
    path.mkdir()
    pd.DataFrame(rows, columns=["source", "target", "layer", "weight", "date"]).to_csv(
        path / "links.csv", index=False)
    pd.DataFrame({"firm_id": list("abcdefxgh"),
                  "role": ["anchor"] + ["sme"] * 6 + ["logistics"] * 2}).to_csv(
        path / "firms.csv", index=False)
    return path


def _degrees(out):
    t = pd.read_csv(out / "firm_metrics.csv", dtype={"period": str})
    return t.query("metric == 'degree' and layer == 'aggregate'").pivot(
        index="firm_id", columns="period", values="value")


def test_metrics_by_period_has_one_block_per_period(tmp_path):
    data = _dated_folder(tmp_path / "d")
    res = CliRunner().invoke(cli, ["metrics", str(data), "--by-period", "year", "--out",
                                   str(tmp_path / "o"), "--metric", "degree"])
    assert res.exit_code == 0, res.output
    deg = _degrees(tmp_path / "o")
    assert list(deg.columns) == ["2021", "2022", "2023"]
    # hand-counted: a has 5 clique partners, +x in 2022, 2 in its 2023 triangle
    assert deg.loc["a"].tolist() == [5.0, 6.0, 2.0]
    assert np.isnan(deg.loc["x", "2021"]) and deg.loc["x", "2022"] == 1.0
    assert deg.loc["g"].tolist() == [1.0, 1.0, 1.0]  # undated g-h kept in every period
    whole = tmp_path / "w"
    assert run(["metrics", data, "--out", whole, "--metric", "degree"]).exit_code == 0
    total = pd.read_csv(whole / "firm_metrics.csv").query("layer == 'aggregate'")
    assert total.set_index("firm_id")["value"]["a"] == 6.0  # differs from every period
    for name in ("layer_metrics", "multiplex_roles"):
        t = pd.read_csv(tmp_path / "o" / f"{name}.csv", dtype={"period": str})
        assert t.columns[0] == "period" and set(t["period"]) == {"2021", "2022", "2023"}


@pytest.mark.parametrize("rule, g_degree", [("always", 1.0), ("exclude", None)])
def test_metrics_period_warns_about_undated_records(tmp_path, rule, g_degree):
    data = _dated_folder(tmp_path / "d")
    res = CliRunner().invoke(
        cli, ["metrics", str(data), "--period", "2023", "--undated", rule, "--out",
              str(tmp_path / "o"), "--metric", "degree"])
    assert res.exit_code == 0, res.output
    assert "1 undated links" in res.stderr and f"undated rule: {rule}" in res.stderr
    deg = _degrees(tmp_path / "o")
    assert list(deg.columns) == ["2023"]
    if g_degree is None:
        assert "g" not in deg.index  # g has no 2023 record and no register: absent
    else:
        assert deg.loc["g", "2023"] == g_degree


def test_info_by_period_numbers_agree(tmp_path):
    data = _dated_folder(tmp_path / "d")
    res = run(["info", data, "--by-period", "year"])
    assert res.exit_code == 0, res.output
    blocks = res.output.split("== period ")[1:]
    assert [b[:4] for b in blocks] == ["2021", "2022", "2023"]
    for block, links in zip(blocks, (16, 17, 7)):  # hand-counted aggregate links
        assert f"{links} links in 3 layers" in block
        agg = [ln for ln in block.splitlines() if ln.strip().startswith("aggregate")][0]
        assert int(agg.split()[2]) == links
