"""CLI: generate, validate, info, export; exit codes and clean error messages."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from netclust.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def test_version(runner):
    res = runner.invoke(cli, ["--version"])
    assert res.exit_code == 0 and "netclust, version" in res.output


def test_info_on_real_data(runner, data_dir):
    res = runner.invoke(cli, ["info", str(data_dir / "lazega_lawfirm")])
    assert res.exit_code == 0, res.output
    assert "71 firms" in res.stdout and "cowork" in res.stdout


def test_validate_ok_and_errors(runner, tmp_path, data_dir):
    res = runner.invoke(cli, ["validate", str(data_dir / "krackhardt_hightech")])
    assert res.exit_code == 0 and res.stdout.startswith("OK")
    d = tmp_path / "bad"
    d.mkdir()
    (d / "firms.csv").write_text("firm_id\nA\nA\n")
    (d / "links.csv").write_text("source,target,layer,weight\nA,B,procurement,-1\n")
    res = runner.invoke(cli, ["validate", str(d)])
    assert res.exit_code == 1
    assert "FAILED" in res.stdout and 'firms.csv, row 3, column "firm_id"' in res.stdout
    assert 'links.csv, row 2, column "weight": negative weight' in res.stdout
    res = runner.invoke(cli, ["validate", str(d), "--format", "json"])
    doc = json.loads(res.stdout)
    assert res.exit_code == 1 and doc["errors"] == 3


def test_user_error_is_clean(runner, tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "links.csv").write_text("source,target,layer\nA,B,martian\n")
    res = runner.invoke(cli, ["info", str(d)])
    assert res.exit_code == 1
    assert "Error:" in res.stderr and "martian" in res.stderr
    assert "Traceback" not in res.output + res.stderr
    (d / "links.csv").write_bytes(b"source,target,layer\n\xff\xfe,B,x\n")
    res = runner.invoke(cli, ["info", str(d)])
    assert res.exit_code == 1 and "cannot decode" in res.stderr and "line 2" in res.stderr


def test_usage_error_exit_2(runner):
    res = runner.invoke(cli, ["info"])
    assert res.exit_code == 2
    res = runner.invoke(cli, ["info", "/no/such/folder"])
    assert res.exit_code == 2


def test_column_options(runner, tmp_path):
    d = tmp_path / "cn"
    d.mkdir()
    pd.DataFrame({"企业名称": ["甲", "乙"], "角色": ["sme", "anchor"]}).to_csv(
        d / "firms.csv", index=False, encoding="gb18030")
    pd.DataFrame({"卖方": ["甲"], "买方": ["乙"], "关系": ["channel"]}).to_csv(
        d / "links.csv", index=False, encoding="gb18030")
    res = runner.invoke(cli, ["info", str(d), "--firm-id-col", "企业名称", "--role-col", "角色",
                              "--source-col", "卖方", "--target-col", "买方", "--layer-col", "关系",
                              "--declare-layer", "channel:directed"])
    assert res.exit_code == 0, res.output
    assert "2 firms, 1 links" in res.stdout and "channel" in res.stdout


def test_generate_is_deterministic(runner, tmp_path):
    pytest.importorskip("netclust.generator")
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        res = runner.invoke(cli, ["generate", "--firms", "300", "--seed", "5", "--out", str(out)])
        assert res.exit_code == 0, res.output
    for name in ("firms.csv", "links.csv", "communities.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    res = runner.invoke(cli, ["info", str(a)])
    assert res.exit_code == 0 and "300 firms" in res.stdout


def test_export(runner, tmp_path, data_dir):
    out = tmp_path / "x" / "k.gexf"
    res = runner.invoke(cli, ["export", str(data_dir / "krackhardt_hightech"), "--to", "gexf",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    target = data_dir / "krackhardt_hightech" / "edges.csv"
    before = target.read_bytes()
    res = runner.invoke(cli, ["export", str(data_dir / "krackhardt_hightech"), "--to", "edgelist",
                              "--out", str(target)])
    assert res.exit_code == 1 and "refusing to overwrite" in res.stderr
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", [["map"], ["report", "--no-map", "--runs", "1"],
                                     ["export", "--to", "edgelist"]])
def test_outputs_never_overwrite_inputs(runner, toy_dir, command):
    d = toy_dir
    before = (d / "links.csv").read_bytes()
    res = runner.invoke(cli, [command[0], str(d), *command[1:], "--out", str(d / "links.csv")])
    assert res.exit_code == 1
    assert "refusing to overwrite input file" in res.stderr
    assert (d / "links.csv").read_bytes() == before
    assert "Computing" not in res.stderr  # refused before any work
