"""CLI: netclust map / report / compare write self-contained pages; user errors exit 1."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def map_data(html):
    m = re.search(r'<script type="application/json" class="nc-map-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_map_command(toy_dir, tmp_path):
    out = tmp_path / "out" / "map.html"
    res = run(["map", toy_dir, "--out", out, "--color-by", "community", "--size-by", "pagerank",
               "--layer", "procurement,logistics", "--seed", 3])
    assert res.exit_code == 0, res.output
    assert "wrote" in res.output and "9 firms" in res.output
    data = map_data(out.read_text(encoding="utf-8"))
    assert [l["name"] for l in data["layers"]] == ["procurement", "logistics"]
    assert data["colorBy"] == "community" and data["sizeBy"] == "pagerank"


def test_map_command_user_errors(toy_dir, tmp_path):
    res = CliRunner().invoke(cli, ["map", str(toy_dir), "--out", str(tmp_path / "m.html"),
                                   "--layout", "geo"])
    assert res.exit_code == 1 and "Error:" in res.output and "lon" in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["map", str(toy_dir), "--size-by", "nope"])
    assert res.exit_code == 1 and "size_by" in res.output
    res = CliRunner().invoke(cli, ["map", str(toy_dir), "--layout", "spiral"])
    assert res.exit_code == 2


def test_report_command(toy_dir, tmp_path):
    out = tmp_path / "reports" / "toy.html"
    res = run(["report", toy_dir, "--out", out, "--runs", 2, "--null-runs", 2, "--title", "Toy <1>"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "<title>Toy &lt;1&gt;</title>" in page
    for section in ("findings", "channels", "recommendations"):   # issue 10 sections
        assert f'id="{section}"' in page
    assert page.count('<section class="nc-section"') >= 14
    assert "nc-map-data" in page
    assert "MB)" in res.output


def test_report_without_map_and_scenarios(toy_dir, tmp_path):
    out = tmp_path / "r.html"
    res = run(["report", toy_dir, "--out", out, "--runs", 2, "--null-runs", 2, "--no-map",
               "--no-scenarios"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "nc-map-data" not in page and "No scenario was run" in page


def test_report_on_undated_records_read_by_duckdb(toy_dir, tmp_path):
    # above 2,000,000 links (or with --engine) the records engine reads the links; undated
    # links then mean "no Evolution section", as on the pandas path, not an error
    # (a 1,000,000-firm report stopped with "by_period='month' needs a date column")
    out = tmp_path / "r.html"
    res = run(["report", toy_dir, "--engine", "duckdb", "--out", out, "--runs", 1,
               "--null-runs", 1, "--no-map", "--no-scenarios"])
    assert res.exit_code == 0, res.output
    assert 'id="evolution"' not in out.read_text(encoding="utf-8")


def test_report_refuses_to_overwrite_input(toy_dir):
    res = CliRunner().invoke(cli, ["report", str(toy_dir), "--out", str(toy_dir / "links.csv"),
                                   "--runs", "2", "--null-runs", "2", "--no-map", "--no-scenarios"])
    assert res.exit_code == 1 and "refusing to overwrite" in res.output


def test_compare_command_two_snapshots_and_scenario(toy_dir, tmp_path):
    firms, links = nc.datasets.toy_tables()
    b = tmp_path / "toy_b"
    b.mkdir()
    firms[firms.firm_id != "A2"].to_csv(b / "firms.csv", index=False)
    links[(links.source != "A2") & (links.target != "A2")].to_csv(b / "links.csv", index=False)
    out = tmp_path / "cmp.html"
    res = run(["compare", toy_dir, b, "--out", out, "--runs", 2, "--label", "2023", "2024"])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "2023" in page and "Anchor Two" in page
    out2 = tmp_path / "scn.html"
    res = run(["compare", toy_dir, "--scenario", "anchor-exit", "--out", out2, "--runs", 2])
    assert res.exit_code == 0, res.output
    assert "after anchor-exit" in out2.read_text(encoding="utf-8")


def test_compare_needs_exactly_one_of_b_or_scenario(toy_dir):
    res = CliRunner().invoke(cli, ["compare", str(toy_dir)])
    assert res.exit_code == 1 and "either a second network" in res.output
