"""``netclust symbiosis``: network PATH, --matrix, outputs and errors."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.metrics.nestedness import nodf
from netclust.metrics.symbiosis import SCORECARD_COLUMNS


@pytest.fixture
def toy_folder(tmp_path):
    firms, links = nc.datasets.toy_tables()
    folder = tmp_path / "toy"
    folder.mkdir()
    firms.to_csv(folder / "firms.csv", index=False)
    links.to_csv(folder / "links.csv", index=False)
    return folder


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_network_path_writes_both_tables(toy_folder, tmp_path):
    out = tmp_path / "out"
    res = run(["symbiosis", toy_folder, "--out", out, "--null-runs", 5, "--seed", 0])
    assert res.exit_code == 0, res.output
    card = pd.read_csv(out / "scorecard.csv")
    firms = pd.read_csv(out / "firm_symbiosis.csv")
    assert list(card.columns) == SCORECARD_COLUMNS
    assert list(firms.columns) == ["firm_id", "web", "metric", "value"]
    assert {"sme_anchor", "cluster"} <= set(card.web)
    assert set(firms.firm_id) <= {"A1", "A2", "S1", "S2", "S3", "U1", "D1", "L1", "T1"}
    # same seed, same files
    out2 = tmp_path / "out2"
    run(["symbiosis", toy_folder, "--out", out2, "--null-runs", 5, "--seed", 0])
    assert (out / "scorecard.csv").read_bytes() == (out2 / "scorecard.csv").read_bytes()
    # inputs are left alone
    assert sorted(p.name for p in toy_folder.iterdir()) == ["firms.csv", "links.csv"]


def test_matrix_mode_on_real_two_mode_data(data_dir, tmp_path):
    path = data_dir / "brunson_corporate_leadership" / "matrix.csv"
    res = run(["symbiosis", "--matrix", path, "--out", tmp_path, "--null-runs", 20])
    assert res.exit_code == 0, res.output
    assert "nodf" in res.output
    card = pd.read_csv(tmp_path / "scorecard.csv").set_index("indicator")
    want = nodf(pd.read_csv(path, index_col=0)).total
    assert card.loc["nodf", "value"] == pytest.approx(want)
    assert (card.web == "matrix").all()  # the file's stem
    assert not (tmp_path / "firm_symbiosis.csv").exists()


def test_parquet_and_binary(toy_folder, tmp_path):
    res = run(["symbiosis", toy_folder, "--out", tmp_path, "--null-runs", 0, "--format",
               "parquet", "--binary", "--null", "probabilistic"])
    assert res.exit_code == 0, res.output
    card = pd.read_parquet(tmp_path / "scorecard.parquet")
    assert card.null_mean.isna().all()


def test_usage_errors(toy_folder, data_dir, tmp_path):
    res = CliRunner().invoke(cli, ["symbiosis", "--out", str(tmp_path)])
    assert res.exit_code == 2
    res = CliRunner().invoke(cli, ["symbiosis", str(toy_folder), "--matrix",
                                   str(data_dir / "galaskiewicz_ceos_clubs" / "matrix.csv")])
    assert res.exit_code == 2


def test_bad_matrix_is_a_clean_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("row,a,b\nr1,1,x\nr2,0,1\n")
    res = CliRunner().invoke(cli, ["symbiosis", "--matrix", str(bad), "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert "Error:" in res.output and "non-numeric" in res.output
    neg = tmp_path / "neg.csv"
    neg.write_text("row,a,b\nr1,1,-2\n")
    res = CliRunner().invoke(cli, ["symbiosis", "--matrix", str(neg), "--out", str(tmp_path)])
    assert res.exit_code == 1 and "negative" in res.output


def test_help_has_example():
    res = run(["symbiosis", "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output and "--matrix" in res.output


def test_jobs_give_the_same_files(toy_folder, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert run(["symbiosis", toy_folder, "--out", one, "--null-runs", 6, "--jobs", 1]).exit_code == 0
    assert run(["symbiosis", toy_folder, "--out", two, "--null-runs", 6, "--jobs", 2]).exit_code == 0
    for name in ("scorecard.csv", "firm_symbiosis.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    res = CliRunner().invoke(cli, ["symbiosis", str(toy_folder), "--jobs", "0"])
    assert res.exit_code == 2
