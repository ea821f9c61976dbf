"""Report context: pure data, checked against independent computations."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

import netclust as nc
from netclust.report.compute import collect, package_versions
from netclust.report.context import SECTIONS, data_warnings, report_context, table, top_firms_by_role


@pytest.fixture(scope="module")
def toy_data():
    return collect(nc.datasets.toy(), runs=3, null_runs=3, include_map=True, seed=1)


@pytest.fixture(scope="module")
def toy_ctx(toy_data):
    return report_context(toy_data, generated="2024-01-01 00:00 UTC")


def test_context_is_plain_data(toy_ctx):
    allowed = (str, int, float, bool, type(None))

    def walk(x, path="ctx"):
        if isinstance(x, dict):
            for k, v in x.items():
                assert isinstance(k, str), path
                walk(v, f"{path}.{k}")
        elif isinstance(x, (list, tuple)):
            for i, v in enumerate(x):
                walk(v, f"{path}[{i}]")
        else:
            assert isinstance(x, allowed), f"{path} is {type(x).__name__}"

    walk(toy_ctx)


def test_sections_in_order(toy_ctx):
    # the Evolution section is listed only for data with several periods (the toy has none)
    assert [s["id"] for s in toy_ctx["sections"]] == [sid for sid, _ in SECTIONS
                                                      if sid != "evolution"]
    assert len(SECTIONS) == 15 and SECTIONS[0][0] == "findings"
    assert toy_ctx["generated"] == "2024-01-01 00:00 UTC"
    assert toy_ctx["missing"] == {}


def test_overview_cards_match_hand_counts(toy_ctx):
    cards = {c["label"]: c["value"] for c in toy_ctx["overview"]["cards"]}
    assert cards["firms"] == "9" and cards["links (all layers)"] == "13" and cards["layers"] == "3"
    # largest component of the toy aggregate: 8 of 9 firms (T1 is isolated)
    assert cards["in the largest connected group"] == "88.9%"
    roles = {r[0]["t"]: r[1]["t"] for r in toy_ctx["overview"]["roles"]["rows"]}
    assert roles == {"sme": "3", "anchor": "2", "supplier": "1", "designer": "1", "logistics": "1",
                     "trade_service": "1"}


def test_data_warnings_isolated_firm_by_hand(toy):
    w = data_warnings(toy, {})
    assert any(x.startswith("1 firm(s) (11.1%) have no link") for x in w)


def test_top_firms_ranking_independent():
    ft = pd.DataFrame({"role": ["sme", "sme", "sme", "anchor", "zzz"],
                       "score": [0.2, np.nan, 0.9, 0.1, 0.5]}, index=list("abcde"))
    out = top_firms_by_role(ft, by="score", per_role=2)
    assert [(r, f.index.tolist()) for r, f in out] == [("anchor", ["d"]), ("sme", ["c", "a"]),
                                                       ("zzz", ["e"])]


def test_top_firms_table_sorted_by_versatility(toy_ctx, toy_data):
    groups = toy_ctx["top_firms"]["groups"]
    assert toy_ctx["top_firms"]["by"] == "versatility"
    ft = toy_data.results["firm_table"]
    sme = next(g for g in groups if g["role"] == "sme")
    ids = [row[0]["t"] for row in sme["table"]["rows"]]
    assert ids == ft[ft["role"] == "sme"].sort_values("versatility", ascending=False).index.tolist()


def test_firm_table_degree_matches_networkx(toy_data, toy):
    ft = toy_data.results["firm_table"]
    deg = dict(toy.to_networkx("aggregate").degree())
    assert ft["degree"].to_dict() == {k: float(v) for k, v in deg.items()}


def test_resilience_table_matches_published_values(toy_ctx):
    # R of the degree attack on the toy network is 0.235 (resilience module doctest, hand-checked)
    rows = {r[0]["t"]: r for r in toy_ctx["resilience"]["table"]["rows"]}
    assert rows["hubs first"][3]["t"] == "0.235"


def test_table_formats_and_keeps_raw_text():
    t = table(pd.DataFrame({"n": ["<x>&"], "v": [1234567], "p": [np.nan]}),
              [("n", "name", "text"), ("v", "value", "int"), ("p", "share", "pct")], table_id="t")
    assert t["rows"][0][0] == {"t": "<x>&", "s": "<x>&"}      # escaping is the template's job
    assert t["rows"][0][1] == {"t": "1,234,567", "s": "1234567.0"}
    assert t["rows"][0][2]["t"] == "–" and t["rows"][0][2]["s"] == ""
    assert t["total"] == 1 and t["id"] == "t"


def test_provenance_hashes_input_files(tmp_path):
    firms, links = nc.datasets.toy_tables()
    firms.to_csv(tmp_path / "firms.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    net = nc.read(tmp_path)
    ctx = report_context(collect(net, runs=2, null_runs=2, include_map=False, scenarios=False))
    sources = {s["table"]: s for s in ctx["provenance"]["sources"]}
    want = hashlib.sha256((tmp_path / "links.csv").read_bytes()).hexdigest()
    assert sources["links.csv"]["sha256"] == want
    params = {p["key"]: p["value"] for p in ctx["provenance"]["params"]}
    assert params["seed"] == "0" and params["runs"] == "2"
    versions = {p["key"] for p in ctx["provenance"]["versions"]}
    assert {"python", "numpy", "pandas"} <= versions
    assert ctx["title"] == f"Cluster report: {tmp_path.name}"
    assert ctx["scenarios"] is None and ctx["map"] is None


def test_symbiosis_error_is_shown_not_raised(toy, monkeypatch):
    # e.g. a cluster without the roles of the default webs: the section explains why
    import netclust.metrics.symbiosis as S

    def refuse(net, **options):
        raise nc.InputError("no SME x anchor web")

    monkeypatch.setattr(S, "symbiosis", refuse)
    data = collect(toy, runs=2, null_runs=2, include_map=False, scenarios=False)
    assert "symbiosis" not in data.results and data.results["symbiosis_error"]
    assert report_context(data)["symbiosis"]["error"] == data.results["symbiosis_error"]


def test_community_section_matches_membership(toy_ctx, toy_data):
    cr = toy_data.results["communities"]
    sizes = cr.membership.value_counts()
    rows = toy_ctx["communities"]["table"]["rows"]
    assert [int(r[1]["t"]) for r in rows] == sizes[sizes > 1].sort_index().tolist()
    assert toy_ctx["communities"]["figure"].startswith("<svg")


def test_package_versions_lists_python():
    v = package_versions()
    assert v["python"].count(".") == 2 and "netclust" in v


def test_collect_rejects_bad_parameters(toy):
    with pytest.raises(nc.InputError):
        collect(toy, runs=0)
    with pytest.raises(nc.InputError):
        collect(toy.subset(firms=[]))
