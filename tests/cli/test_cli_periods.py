"""Period options in every command that reads data (issue 12).

``--period`` goes through :func:`netclust.read_periods` in every command (the firm
register applies, undated records follow ``--undated`` and are warned about), never
through ``nc.read(period=...)``, which drops undated records and ignores the register.
``--by-period``, ``--window`` and ``--rolling`` give one block per period (metrics,
info) or a clean refusal naming the commands that take them.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.cli._options import PERIOD_COMMANDS
from netclust.metrics.channels import export_channels
from netclust.metrics.resilience import removal_curves, resilience_summary
from netclust.temporal import read_periods

WARNING = "4 undated links (4 records: design_sharing 3, logistics 1) kept in every period"


@pytest.fixture
def dated(tmp_path):
    """Two years of procurement; undated design sharing and one undated shipment.

    * A1 (anchor, exporter) buys from S1 in 2021 and 2022, from S2 in 2022.
    * A2 (anchor, exporter) closed in 2021: buys from S3 in 2021 only.
    * S4 ships to A1 by an undated logistics link: its only channel to an exporter.
    * D1 shares designs with S1, S2 and A2, undated (with A2 only while A2 is open).
    """
    firms = pd.DataFrame({
        "firm_id": ["A1", "A2", "S1", "S2", "S3", "S4", "D1"],
        "role": ["anchor", "anchor", "sme", "sme", "sme", "sme", "designer"],
        "exporter": ["Y", "Y", "N", "N", "N", "N", "N"],
        "注销年份": ["", "2021", "", "", "", "", ""]})
    links = pd.DataFrame({
        "source": ["S1", "S1", "S2", "S3", "S4", "D1", "D1", "D1"],
        "target": ["A1", "A1", "A1", "A2", "A1", "S1", "S2", "A2"],
        "layer": ["procurement"] * 4 + ["logistics"] + ["design_sharing"] * 3,
        "weight": [1.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        "date": ["2021-03-01", "2022-03-01", "2022-06-01", "2021-05-01", "", "", "", ""]})
    folder = tmp_path / "dated"
    folder.mkdir()
    firms.to_csv(folder / "firms.csv", index=False)
    links.to_csv(folder / "links.csv", index=False)
    return folder


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _honoured(folder):
    """The 2022 network as every command must see it, and the one nc.read(period=) gives."""
    good = read_periods(folder, period="2022", columns={"closed": "注销年份"})["2022"]
    return good, nc.read(folder, period="2022")


def test_the_two_readings_differ(dated):
    good, dropped = _honoured(dated)
    assert good.n_firms == 5 and "A2" not in good.firm_ids   # closed in 2021, S3 not linked
    assert len(good.links) == 5         # 2 dated + 3 undated (D1-A2 not: A2 is closed)
    assert len(dropped.links) == 2


def test_info_period_honours_register_and_undated(dated):
    res = run("info", dated, "--period", "2022", "--closed-col", "注销年份")
    assert res.exit_code == 0, res.output
    assert WARNING in res.stderr
    assert "<MultilayerNetwork: 5 firms, 5 links" in res.stdout
    res = run("info", dated, "--period", "2022", "--closed-col", "注销年份", "--undated", "exclude")
    assert "<MultilayerNetwork: 3 firms, 2 links" in res.stdout   # A1, S1, S2 by dated links
    assert "left out of every period" in res.stderr


def test_closed_col_is_the_register(dated):
    res = run("info", dated, "--period", "2022")   # without it A2 stays (no exit date known)
    assert "<MultilayerNetwork: 6 firms, 6 links" in res.stdout
    res = run("info", dated, "--period", "2022", "--closed-col", "no_such_column")
    assert res.exit_code == 1 and "no_such_column" in res.output and "Traceback" not in res.output
    res = run("info", dated, "--closed-col", "注销年份")   # no period: the snapshot, column unused
    assert res.exit_code == 0 and "7 firms, 7 links" in res.stdout, res.output


def test_info_window_gives_one_block_per_period(dated):
    res = run("info", dated, "--window", "2021", "--window", "2022", "--closed-col", "注销年份")
    assert res.exit_code == 0, res.output
    assert "== period 2021 ==" in res.stdout and "== period 2022 ==" in res.stdout
    assert res.stdout.count("<MultilayerNetwork:") == 2


def test_channels_period(dated, tmp_path):
    good, dropped = _honoured(dated)
    res = run("channels", dated, "--period", "2022", "--closed-col", "注销年份", "--out", tmp_path / "c")
    assert res.exit_code == 0, res.output
    assert WARNING in res.stderr
    sme = pd.read_csv(tmp_path / "c" / "sme_channels.csv", dtype=str, keep_default_na=False)
    sme = sme.set_index("firm_id")
    expected = export_channels(good).sme.set_index("firm_id")
    assert sorted(sme.index) == sorted(expected.index) == ["S1", "S2", "S4"]
    assert sme.loc["S4", "access"] == "true"          # only through the undated shipment
    assert not export_channels(dropped).sme.set_index("firm_id")["access"].get("S4", False)


def test_communities_period(dated, tmp_path):
    good, _ = _honoured(dated)
    res = run("communities", dated, "--period", "2022", "--closed-col", "注销年份",
              "--out", tmp_path / "m")
    assert res.exit_code == 0, res.output
    assert WARNING in res.stderr
    got = pd.read_csv(tmp_path / "m" / "communities.csv", dtype={"firm_id": str})
    assert sorted(got["firm_id"]) == sorted(good.firm_ids)
    assert "D1" in set(got["firm_id"]) and "A2" not in set(got["firm_id"])


def test_resilience_period(dated, tmp_path):
    good, dropped = _honoured(dated)
    res = run("resilience", dated, "--period", "2022", "--closed-col", "注销年份", "--strategy",
              "degree", "--no-plot", "--out", tmp_path / "r")
    assert res.exit_code == 0, res.output
    assert WARNING in res.stderr
    got = pd.read_csv(tmp_path / "r" / "summary.csv").set_index("strategy").loc["degree", "R"]
    want = resilience_summary(removal_curves(good, ["degree"])).set_index("strategy").loc["degree", "R"]
    other = resilience_summary(removal_curves(dropped, ["degree"])).set_index("strategy").loc["degree", "R"]
    assert got == pytest.approx(want) and abs(want - other) > 1e-6


def test_export_period(dated, tmp_path):
    res = run("export", dated, "--period", "2022", "--closed-col", "注销年份", "--to", "edgelist",
              "--out", tmp_path / "e.csv")
    assert res.exit_code == 0, res.output
    assert WARNING in res.stderr
    edges = pd.read_csv(tmp_path / "e.csv")
    assert len(edges) == 5 and "A2" not in set(edges.iloc[:, 0]) | set(edges.iloc[:, 1])


def test_metrics_window_blocks(dated, tmp_path):
    res = run("metrics", dated, "--window", "2021", "--window", "2022", "--metric", "degree",
              "--no-communities", "--out", tmp_path / "m")
    assert res.exit_code == 0, res.output
    fm = pd.read_csv(tmp_path / "m" / "firm_metrics.csv", dtype={"period": str})
    assert list(fm.columns[:2]) == ["period", "firm_id"]
    assert sorted(fm["period"].unique()) == ["2021", "2022"]
    a = fm[(fm["layer"] == "procurement") & (fm["firm_id"] == "A1")].set_index("period")["value"]
    assert a["2021"] != a["2022"]   # A1 buys from one SME in 2021, two in 2022


@pytest.mark.parametrize("command", ["channels", "communities", "resilience", "symbiosis",
                                     "recommend", "map", "export", "scenario"])
@pytest.mark.parametrize("option", [("--by-period", "year"), ("--window", "2022"),
                                    ("--rolling", "12/12")])
def test_one_network_commands_refuse_splits(dated, tmp_path, command, option):
    extra = {"recommend": ["--budget", 1], "export": ["--to", "edgelist"],
             "scenario": ["exit", "--top", 1], "map": []}.get(command, [])
    out = tmp_path / ("x.html" if command in ("map", "export") else "x")
    res = run(command, dated, *option, *extra, "--out", out)
    assert res.exit_code == 1, res.output
    assert res.output.startswith("Error:") and f"does not take {option[0]}" in res.output
    assert ", ".join(PERIOD_COMMANDS) in res.output
    assert not out.exists()


def test_compare_takes_period_twice_and_refuses_splits(dated, tmp_path):
    out = tmp_path / "c.html"
    res = run("compare", dated, "--period", "2021", "--period", "2022", "--closed-col", "注销年份",
              "--out", out)
    assert res.exit_code == 0, res.output
    assert "2 exited" in res.output    # A2 closed in 2021; S3's only link is 2021's
    res = run("compare", dated, "--by-period", "year", "--out", out)
    assert res.exit_code == 1 and "give --period twice" in res.output


def test_help_documents_the_period_options():
    for command in ("info", "channels", "resilience", "metrics", "evolve"):
        text = run(command, "--help").output
        for flag in ("--period", "--by-period", "--window", "--rolling", "--undated", "--closed-col"):
            assert flag in text, (command, flag)
    assert "twice" in run("compare", "--help").output


def test_evolve_writes_params(dated, tmp_path):
    res = run("evolve", dated, "--window", "2021", "--window", "2022", "--null-runs", 0, "--runs", 2,
              "--threshold", 0.4, "--omega", 0.5, "--seed", 7, "--out", tmp_path / "ev")
    assert res.exit_code == 0, res.output
    params = json.loads((tmp_path / "ev" / "params.json").read_text())
    assert params["threshold"] == 0.4 and params["omega"] == 0.5 and params["seed"] == 7
    assert params["runs"] == 2 and params["null_runs"] == 0 and params["periods"] == ["2021", "2022"]


def test_report_by_period_keeps_the_snapshot(dated, tmp_path):
    """--by-period splits the Evolution section only; the report is the whole data set."""
    out = tmp_path / "r.html"
    res = run("report", dated, "--by-period", "year", "--no-map", "--no-scenarios", "--runs", 2,
              "--null-runs", 2, "--out", out)
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert 'id="evolution"' in page
    snapshot = nc.read(dated)
    assert f"{snapshot.n_firms} firms · {len(snapshot.links)} links" in page   # 7 firms, 7 links
    assert len(nc.read(dated, by_period="year").links) == 8   # what the report showed before


@pytest.mark.parametrize("rule, word", [("always", "kept in"), ("exclude", "left out of")])
def test_validate_period_states_the_undated_rule_of_the_other_commands(dated, rule, word):
    """validate --period checks every record, then reports what the period commands will do
    with the undated links (the same rule and sentence as metrics --period), never the
    reader's "left out of period" that contradicted the default rule."""
    res = run("validate", dated, "--period", "2022", "--undated", rule, "--closed-col", "注销年份")
    assert res.exit_code == 0, res.output
    assert f"4 undated links (4 records: design_sharing 3, logistics 1) {word} every period" in res.output
    assert "left out of period" not in res.output and res.output.count("undated links") == 1
    metrics = run("metrics", dated, "--period", "2022", "--undated", rule, "--closed-col", "注销年份",
                  "--no-communities", "--out", dated.parent / f"m-{rule}")
    assert f"4 undated links (4 records: design_sharing 3, logistics 1) {word} every period" in metrics.output


def test_validate_warns_about_a_window_without_dated_links(dated):
    res = run("validate", dated, "--period", "2030")
    assert res.exit_code == 0 and "no dated link falls in period '2030'" in res.output
    assert "no dated link" not in run("validate", dated, "--period", "2022").output
