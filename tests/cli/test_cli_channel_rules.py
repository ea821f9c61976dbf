"""``netclust channels``: integer ``exporters_reached`` and bought trade services (issue 10 audit)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli


def run(args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("reached", ["1", "all"])
def test_exporters_reached_is_written_as_an_integer_or_blank(reached, toy_dir, tmp_path):
    r = run(["channels", toy_dir, "--reached", reached, "--out", tmp_path])
    assert r.exit_code == 0, r.output
    lines = (tmp_path / "sme_channels.csv").read_text().splitlines()
    col = lines[0].split(",").index("exporters_reached")
    cells = [line.split(",")[col] for line in lines[1:]]
    assert all(c.isdigit() or c == "" for c in cells), cells       # never "1.0"
    counted = [c for c in cells if c]
    assert len(counted) == (1 if reached == "1" else 3)
    got = pd.read_csv(tmp_path / "sme_channels.csv", dtype={"exporters_reached": "Int64"})
    assert got["exporters_reached"].notna().sum() == len(counted)


def test_sample_naming_trade_service_exporters_changes_channels(tmp_path):
    path = nc.datasets.sample_path()
    if path is None:
        pytest.skip("sample not bundled")
    out = {}
    for roles in ("anchor", "anchor,trade_service"):
        r = run(["channels", path, "--exporters", roles, "--out", tmp_path / roles])
        assert r.exit_code == 0, r.output
        sme = pd.read_csv(tmp_path / roles / "sme_channels.csv")
        out[roles] = (int((sme["access"] == True).sum()),   # noqa: E712 (CSV true/false)
                      int((sme["secure"] == True).sum()))   # noqa: E712
        assert "buyer -> seller when the seller is a trade_service" in r.stdout
    assert out == {"anchor": (778, 358), "anchor,trade_service": (885, 566)}
