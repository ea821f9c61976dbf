"""``netclust evolve`` and ``netclust generate --years``: files, contract, reproducibility."""

from __future__ import annotations

import numpy as np
import pandas as pd
from click.testing import CliRunner

from netclust.cli import cli

CONTRACT = {
    "periods.csv": ["period", "indicator", "layer", "value"],
    "firm_changes.csv": ["period", "firm_id", "change"],
    "link_changes.csv": ["period", "layer", "new", "lost", "persisting"],
    "community_tracks.csv": ["period", "community", "track", "size", "event"],
}


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_generate_years_then_evolve(tmp_path):
    data = tmp_path / "data"
    r = _run("generate", "--firms", 400, "--years", "2020-2022", "--seed", 1, "--out", data)
    assert r.exit_code == 0, r.output
    assert {p.name for p in data.iterdir()} == {"firms.csv", "links.csv", "communities.csv",
                                                 "events.csv"}
    out1, out2 = tmp_path / "e1", tmp_path / "e2"
    for out in (out1, out2):
        r = _run("evolve", data, "--by-period", "year", "--null-runs", 2, "--runs", 2,
                 "--seed", 3, "--out", out)
        assert r.exit_code == 0, r.output
        assert "3 periods (2020, 2021, 2022)" in r.output
    for name, cols in CONTRACT.items():
        df = pd.read_csv(out1 / name, keep_default_na=False)
        assert list(df.columns[: len(cols)]) == cols
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes()
    periods = pd.read_csv(out1 / "periods.csv", keep_default_na=False)
    assert set(periods[periods["indicator"] == "firms"]["layer"]) == {""}
    changes = pd.read_csv(out1 / "firm_changes.csv")
    assert set(changes["change"]) <= {"entered", "exited"}
    events = pd.read_csv(data / "events.csv")
    exits = events[events["event"].isin(["exit", "anchor_exit"])]
    found = changes[changes["change"] == "exited"]
    assert set(zip(found["period"], found["firm_id"])) == set(zip(exits["year"], exits["firm_id"]))
    r = _run("generate", "--firms", 400, "--years", "2020-2022", "--out", data)
    assert r.exit_code == 1 and "Error:" in r.output


def test_evolve_rolling_and_undated_rule(tmp_path, undated_tables):
    firms, links = undated_tables
    firms.to_csv(tmp_path / "firms.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    r = _run("evolve", tmp_path, "--rolling", "12/1", "--undated", "exclude", "--null-runs", 0,
             "--out", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert "2 undated links (exclude)" in r.output
    und = pd.read_csv(tmp_path / "out" / "undated.csv")
    assert und["links"].sum() == 2 and set(und["rule"]) == {"exclude"}


def test_evolve_user_errors(tmp_path, undated_tables):
    firms, links = undated_tables
    firms.to_csv(tmp_path / "firms.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    r = _run("evolve", tmp_path, "--rolling", "twelve", "--out", tmp_path / "o")
    assert r.exit_code == 1 and r.output.startswith("Error:")
    r = _run("evolve", tmp_path, "--period", "2021", "--out", tmp_path / "o")
    assert r.exit_code == 1 and "--window" in r.output


def test_evolve_equals_the_reports_evolution(tmp_path):
    """One path, one default: evolve's tables are Analysis.evolution's (the report's) for a seed."""
    import json

    import netclust as nc
    from netclust.analysis import Analysis

    data = tmp_path / "data"
    assert _run("generate", "--firms", 200, "--years", "2020-2022", "--seed", 1, "--out", data).exit_code == 0
    r = _run("evolve", data, "--seed", 5, "--out", tmp_path / "ev")   # default runs / null runs
    assert r.exit_code == 0, r.output
    got = pd.read_csv(tmp_path / "ev" / "periods.csv", keep_default_na=False, dtype={"period": str})
    a = Analysis(nc.read(data), seed=5, timeline=nc.read_periods(data, by_period="year"))
    want = a.evolution.periods.astype({"period": str})
    assert a.settings.runs == a.settings.null_runs == 50     # the report's defaults at 200 firms
    assert list(got["indicator"]) == list(want["indicator"])
    assert np.allclose(pd.to_numeric(got["value"]), want["value"].astype(float), equal_nan=True,
                       rtol=1e-12, atol=0)
    rob = got[got["indicator"] == "robustness_random"]
    assert len(rob) == 3
    params = json.loads((tmp_path / "ev" / "params.json").read_text())
    assert (params["runs"], params["null_runs"], params["seed"]) == (50, 50, 5)
    assert params["threshold"] == 0.3 and params["omega"] == 1.0
    tracks = pd.read_csv(tmp_path / "ev" / "community_tracks.csv", keep_default_na=False)
    want_tracks = a.evolution.community_tracks
    assert list(tracks["size"]) == list(want_tracks["size"])
    assert list(tracks["event"]) == list(want_tracks["event"])
