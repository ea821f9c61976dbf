"""``netclust channels`` / ``netclust recommend``: output contract and errors."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.metrics.channels import export_channels
from netclust.recommendation import RECOMMENDATION_COLUMNS


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


def test_channels_writes_contract(toy_folder, tmp_path):
    out = tmp_path / "out"
    res = run(["channels", toy_folder, "--out", out])
    assert res.exit_code == 0, res.output
    assert "exporting firms: the 3 firms" in res.output
    sme = pd.read_csv(out / "sme_channels.csv", dtype=str, keep_default_na=False)
    assert list(sme.columns)[:3] == ["firm_id", "name", "role"]
    assert {"access", "secure", "exporters_reached", "single_points"} <= set(sme.columns)
    got = sme.set_index("firm_id")
    assert got.loc["S1", "single_points"] == "A1" and got.loc["S2", "single_points"] == ""
    assert got.loc["S2", "secure"] == "true" and got.loc["S1", "secure"] == "false"
    gk = pd.read_csv(out / "gatekeepers.csv")
    assert list(gk.columns) == ["firm_id", "name", "role", "smes_dependent"]
    ref = export_channels(nc.datasets.toy()).gatekeepers
    assert gk["smes_dependent"].tolist() == ref["smes_dependent"].tolist()


def test_channel_option_replaces_defaults_and_exporters_roles(toy_folder, tmp_path):
    out = tmp_path / "out"
    res = run(["channels", toy_folder, "--out", out, "--channel", "logistics",
               "--exporters", "logistics"])
    assert res.exit_code == 0, res.output
    assert "as named by the user" in res.output
    sme = pd.read_csv(out / "sme_channels.csv", dtype=str, keep_default_na=False)
    got = sme.set_index("firm_id")
    assert got["single_points"].to_dict() == {"S1": "L1", "S2": "L1", "S3": ""}
    assert got["access"].to_dict() == {"S1": "true", "S2": "true", "S3": "false"}


def test_recommend_writes_contract(toy_folder, tmp_path):
    out = tmp_path / "out"
    res = run(["recommend", toy_folder, "--budget", 2, "--objective", "secure_smes",
               "--actions", "link", "--out", out])
    assert res.exit_code == 0, res.output
    rec = pd.read_csv(out / "recommendations.csv")
    assert list(rec.columns) == RECOMMENDATION_COLUMNS
    assert rec["layer"].tolist() == ["procurement", "procurement"]
    assert rec["objective_after"].iloc[-1] == 3


def test_user_errors_are_clean(toy_folder, tmp_path):
    res = CliRunner().invoke(cli, ["channels", str(toy_folder), "--out", str(tmp_path),
                                   "--channel", "procurement:sideways"])
    assert res.exit_code == 1 and "Error:" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["recommend", str(toy_folder), "--budget", "1", "--actions",
                                   "bribe", "--out", str(tmp_path)])
    assert res.exit_code == 1 and "actions must be among" in res.output


def test_channels_reached_option(tmp_path):
    # --reached N counts exporters_reached for the N most vulnerable SMEs only, and says so
    import pandas as pd
    from click.testing import CliRunner

    from netclust.cli import cli

    res = CliRunner().invoke(cli, ["channels", "data/shiling", "--reached", "5", "--out",
                                   str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "counted for 5 of 1,000 SMEs" in res.stderr
    assert pd.read_csv(tmp_path / "sme_channels.csv")["exporters_reached"].notna().sum() == 5
    bad = CliRunner().invoke(cli, ["channels", "data/shiling", "--reached", "x", "--out",
                                   str(tmp_path)])
    assert bad.exit_code == 2 and "--reached" in bad.output
