"""``netclust resilience`` and ``netclust scenario`` commands."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_resilience_writes_curves_summary_and_plots(toy_dir, tmp_path):
    out = tmp_path / "out"
    r = run(["resilience", toy_dir, "--strategy", "random", "--strategy", "adaptive-degree",
             "--runs", "4", "--seed", "1", "--out", out])
    assert r.exit_code == 0, r.output
    curves = pd.read_csv(out / "curves.csv")
    assert list(curves.columns) == ["strategy", "layer", "run", "removed", "fraction_removed",
                                    "lcc_size", "lcc_fraction"]
    assert len(curves) == (4 + 1) * 10                       # Q = 0..9 for each run
    assert sorted(curves.removed.unique()) == list(range(10))
    summary = pd.read_csv(out / "summary.csv")
    assert {"strategy", "layer", "R", "critical_fraction"} <= set(summary.columns)
    # the same curve through the API
    api = nc.metrics.resilience.removal_curves(nc.read(toy_dir), "adaptive-degree")
    got = curves[curves.strategy == "adaptive-degree"]["lcc_size"].tolist()
    assert got == api["lcc_size"].tolist()
    assert (out / "resilience.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "resilience.svg").read_text().lstrip().startswith("<?xml")
    access = pd.read_csv(out / "channel_access.csv")
    assert access.smes_with_access.iloc[0] == 3
    assert "adaptive-degree" in r.stdout
    assert "Removal curves" in r.stderr                         # progress on stderr


def test_resilience_layer_option_and_formats(toy_dir, tmp_path):
    out = tmp_path / "o"
    r = run(["resilience", toy_dir, "--strategy", "role", "--role", "anchor", "--layer",
             "procurement", "--layer", "aggregate", "--format", "json", "--no-plot",
             "--attack-tolerance", "--out", out])
    assert r.exit_code == 0, r.output
    curves = pd.read_json(out / "curves.json")
    assert set(curves.layer) == {"procurement", "aggregate"}
    assert not (out / "resilience.png").exists()
    area = pd.read_json(out / "attack_tolerance_area.json")
    assert set(area.strategy) == {"random", "degree", "least"}


def test_resilience_user_errors(toy_dir, tmp_path):
    r = CliRunner().invoke(cli, ["resilience", str(toy_dir), "--layer", "nope",
                                 "--out", str(tmp_path)])
    assert r.exit_code == 1 and "Error:" in r.output and "nope" in r.output
    r = CliRunner().invoke(cli, ["resilience", str(toy_dir), "--strategy", "list",
                                 "--out", str(tmp_path)])
    assert r.exit_code == 1 and "firms=" in r.output
    r = CliRunner().invoke(cli, ["resilience", str(toy_dir), "--strategy", "bogus"])
    assert r.exit_code == 2


def test_scenario_exit_writes_table_and_affected(toy_dir, tmp_path):
    out = tmp_path / "sc"
    r = run(["scenario", toy_dir, "exit", "--firm", "A2", "--indicator", "firms",
             "--indicator", "smes_with_access", "--out", out])
    assert r.exit_code == 0, r.output
    table = pd.read_csv(out / "scenario.csv")
    assert table.set_index("indicator").loc["firms"].tolist() == [9.0, 7.0, -2.0]
    affected = pd.read_csv(out / "affected.csv")
    # A2 leaves; S3 (non-exporter selling only to A2) fails in the cascade
    assert affected[["firm_id", "effect"]].values.tolist() == [["A2", "removed"],
                                                               ["S3", "failed"]]
    assert "removed 1, failed 1" in r.stdout


@pytest.mark.parametrize("args", [
    ["hub-failure", "--indicator", "firms"],
    ["layer-shock", "--layer", "procurement", "--fraction", "0.5", "--indicator", "links"],
    ["layer-shock", "--layer", "procurement", "--role", "supplier", "--indicator", "links"],
    ["add-platform", "--role-linked", "sme", "--indicator", "largest_component"],
])
def test_other_scenarios_run(toy_dir, tmp_path, args):
    out = tmp_path / args[0]
    r = run(["scenario", toy_dir] + args + ["--out", out])
    assert r.exit_code == 0, r.output
    assert (out / "scenario.csv").exists() and (out / "affected.csv").exists()


def test_scenario_usage_errors(toy_dir, tmp_path):
    r = CliRunner().invoke(cli, ["scenario", str(toy_dir), "exit", "--out", str(tmp_path)])
    assert r.exit_code == 2
    r = CliRunner().invoke(cli, ["scenario", str(toy_dir), "exit", "--firm", "ZZ",
                                 "--out", str(tmp_path)])
    assert r.exit_code == 1 and "ZZ" in r.output


@pytest.mark.parametrize("cmd", [["resilience"], ["scenario"], ["scenario", "x", "exit"]])
def test_help_ends_with_example(cmd, toy_dir):
    if cmd[-1] == "exit":
        cmd = ["scenario", str(toy_dir), "exit"]
    r = CliRunner().invoke(cli, cmd + ["--help"])
    assert r.exit_code == 0
    assert "Example:" in r.output


def test_declare_layer_is_separate_from_the_layer_selector(toy_dir, tmp_path):
    r = run(["resilience", toy_dir, "--declare-layer", "procurement:directed",
             "--declare-layer", "design_sharing:undirected", "--declare-layer", "logistics:undirected",
             "--layer", "logistics", "--strategy", "degree", "--no-plot", "--out", tmp_path])
    assert r.exit_code == 0, r.output
    curves = pd.read_csv(tmp_path / "curves.csv")
    assert set(curves.layer) == {"logistics"}
    assert curves.lcc_size.iloc[0] == 5        # L1 with S1, S2, A1, A2


def test_layer_selector_refuses_a_declaration(toy_dir, tmp_path):
    r = CliRunner().invoke(cli, ["resilience", str(toy_dir), "--layer", "logistics:undirected",
                                 "--out", str(tmp_path)])
    assert r.exit_code == 2 and "--declare-layer logistics:undirected" in r.output


def test_scenario_options_before_or_after_path_and_kind(toy_dir, tmp_path):
    # the example: input options between PATH and the scenario kind
    a = run(["scenario", toy_dir, "--firm-id-col", "firm_id", "exit", "--firm", "A2",
             "--runs", 2, "--out", tmp_path / "a"])
    b = run(["scenario", "--runs", 2, toy_dir, "--firm", "A2", "exit", "--firm-id-col", "firm_id",
             "--out", tmp_path / "b"])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "a" / "scenario.csv"),
                                  pd.read_csv(tmp_path / "b" / "scenario.csv"))


def test_scenario_refuses_options_of_another_kind(toy_dir, tmp_path):
    r = CliRunner().invoke(cli, ["scenario", str(toy_dir), "exit", "--firm", "A2",
                                 "--fraction", "0.5", "--out", str(tmp_path)])
    assert r.exit_code == 2 and "--fraction does not apply to the exit scenario" in r.output


def test_attack_tolerance_covers_every_selected_layer(toy_dir, tmp_path):
    r = run(["resilience", toy_dir, "--layer", "procurement,aggregate", "--attack-tolerance",
             "--strategy", "degree", "--runs", 2, "--no-plot", "--out", tmp_path])
    assert r.exit_code == 0, r.output
    at = pd.read_csv(tmp_path / "attack_tolerance.csv")
    area = pd.read_csv(tmp_path / "attack_tolerance_area.csv")
    assert set(at["layer"]) == set(area["layer"]) == {"procurement", "aggregate"}
    import netclust as nc
    from netclust.metrics.resilience import attack_tolerance

    want = attack_tolerance(nc.read(toy_dir), layer="procurement", runs=2, seed=0).area
    got = area[area["layer"] == "procurement"].drop(columns="layer").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_verbose_logs_analysis_steps_on_stderr(toy_dir, tmp_path):
    r = CliRunner().invoke(cli, ["-v", "resilience", str(toy_dir), "--strategy", "degree",
                                 "--no-plot", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "netclust.analysis: removal_pass: done in" in r.stderr
    assert "removal_pass" not in r.stdout


def test_scenario_then_chains_on_the_network_left(toy_dir, tmp_path):
    import netclust as nc

    r = run(["scenario", toy_dir, "add-platform", "--firm", "S3", "--layer", "logistics",
             "--then", "exit --firm A2 --no-cascade", "--out", tmp_path])
    assert r.exit_code == 0, r.output
    steps = pd.read_csv(tmp_path / "scenario_steps.csv")
    assert steps["scenario"].unique().tolist() == ["add-platform", "exit"]
    table = pd.read_csv(tmp_path / "scenario.csv").set_index("indicator")
    # same as the API chain
    api = nc.scenario.chain(nc.datasets.toy(), [
        ("add-platform", {"firms": ["S3"], "layer": "logistics"}),
        ("exit", {"firms": ["A2"], "propagate": False})], runs=10, seed=0)
    assert table["after"].round(9).tolist() == api.table["after"].round(9).tolist()
    # S3 ships through the exporting platform: it keeps access when A2 leaves
    assert table.loc["smes_with_access", "after"] == 3


def test_scenario_then_refuses_input_options(toy_dir, tmp_path):
    r = CliRunner().invoke(cli, ["scenario", str(toy_dir), "exit", "--firm", "A1",
                                 "--then", "exit --firm A2 --encoding utf-8",
                                 "--out", str(tmp_path)])
    assert r.exit_code == 2 and "--then" in r.output


def test_channel_options_reach_the_analysis(toy_dir, tmp_path):
    # only logistics carries goods and only anchors export: S1, S2 ship through L1, which
    # does not export, so no SME but the self-exporting S2 has access
    r = run(["resilience", toy_dir, "--strategy", "degree", "--channel", "logistics",
             "--exporters", "anchor", "--out", tmp_path, "--no-plot"])
    assert r.exit_code == 0, r.output
    acc = pd.read_csv(tmp_path / "channel_access.csv")
    assert acc["smes_with_access"].iloc[0] == 0


# ------------------------------------------------ the channel basis every command states
def _toy_variant(tmp_path, name, drop_exporter=False, sme_as=None):
    firms, links = nc.datasets.toy_tables()
    if drop_exporter:
        firms = firms.drop(columns="exporter")
    if sme_as:
        firms["role"] = firms["role"].replace("sme", sme_as)
    d = tmp_path / name
    d.mkdir()
    firms.to_csv(d / "firms.csv", index=False)
    links.to_csv(d / "links.csv", index=False)
    return d


@pytest.mark.parametrize("command", [["scenario", "{path}", "exit", "--firm", "A1"],
                                     ["resilience", "{path}", "--strategy", "random"]])
def test_channel_indicators_state_their_exporter_rule_and_layers(command, toy_dir, tmp_path):
    args = [a.format(path=toy_dir) for a in command] + ["--runs", "2", "--out", tmp_path / "o"]
    r = run(args)
    assert r.exit_code == 0, r.output
    assert "Assumption: exporting firms: the 3 firms whose 'exporter' column is true" in r.stdout
    assert "Channels: channel layers: procurement forward" in r.stdout
    assert "logistics forward" in r.stdout
    r = run(args[:-2] + ["--exporters", "anchor", "--channel", "procurement",
                         "--out", tmp_path / "o2"])
    assert r.exit_code == 0, r.output
    assert "Assumption: exporting firms: every firm of role anchor (2 firms), as named by the user" \
        in r.stdout
    assert "logistics" not in r.stdout.split("Channels:")[1].splitlines()[0]


def test_scenario_description_stores_the_channel_basis(toy_dir):
    res = nc.scenario.exit_firms(nc.read(toy_dir), firms=["A1"], runs=2, exporters="anchor")
    assert "exporting firms: every firm of role anchor (2 firms)" in res.description
    assert "channel layers: procurement forward" in res.description


@pytest.mark.parametrize("variant,why,what", [
    (dict(drop_exporter=True), "no exporter information", "--exporters"),
    (dict(sme_as="maker"), "no firm has role sme", "--role-map")])
@pytest.mark.parametrize("command", ["scenario", "resilience"])
def test_missing_channel_information_is_said_not_dashed(variant, why, what, command, tmp_path):
    path = _toy_variant(tmp_path, "net", **variant)
    args = ([command, path, "exit", "--firm", "A1"] if command == "scenario"
            else [command, path, "--strategy", "random"])
    r = run(args + ["--runs", "2", "--out", tmp_path / "o"])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.stdout.splitlines() if x.startswith("Export channels were not computed"))
    assert why in line and what in line
    assert "Assumption:" not in r.stdout
    if command == "resilience" and variant.get("drop_exporter"):
        assert not (tmp_path / "o" / "channel_access.csv").exists()   # no empty table
