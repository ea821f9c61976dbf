"""Key findings (netclust.findings) on hand-made networks whose channels are known."""

from __future__ import annotations

import pandas as pd
import pytest

import netclust as nc
from netclust.analysis import Analysis
from netclust.findings import FINDING_COLUMNS, SEVERITIES, THRESHOLDS, findings


def star(n_sme=12, second_exporter=False, isolated=1, exporter_column=True):
    """``n_sme`` SMEs selling to one exporting anchor A (optionally also to B), plus isolated SMEs."""
    ids = [f"S{i}" for i in range(n_sme + isolated)]
    firms = pd.DataFrame({"firm_id": ["A", "B"] + ids, "name": ["Anchor A", "Anchor B"] + ids,
                          "role": ["anchor", "anchor"] + ["sme"] * len(ids),
                          "exporter": [True, True] + [False] * len(ids)})
    if not exporter_column:
        firms = firms.drop(columns="exporter")
    rows = [(s, "A", "procurement", 1.0) for s in ids[:n_sme]]
    if second_exporter:
        rows += [(s, "B", "procurement", 1.0) for s in ids[:n_sme]]
    rows += [("A", "B", "design_sharing", 1.0)]
    return nc.read(firms=firms, links=pd.DataFrame(rows, columns=["source", "target", "layer", "weight"]))


def run(net, **kw):
    kw.setdefault("scenarios", False)
    return findings(Analysis(net, runs=2, null_runs=0, budget=2, **kw))


def test_single_gatekeeper_found_with_hand_counts():
    f = run(star()).set_index("key")
    # 12 SMEs reach the exporter A only through A itself: every one depends on A alone
    assert "12 of 12 non-exporting SMEs with export access depend on a single firm" in f.loc["single_point", "text"]
    assert f.loc["single_point", "value"] == "100%" and f.loc["single_point", "severity"] == "high"
    assert "Anchor A" in f.loc["gatekeeper", "text"] and f.loc["gatekeeper", "value"] == "12 SMEs"
    # one isolated SME of 13 has no access: 7.7% >= 5%
    assert f.loc["no_access", "text"].startswith("1 of 13 SMEs")
    assert f.loc["secure", "text"].startswith("0 of 13 SMEs (0%)")
    assert set(f["section"]) <= {"channels", "recommendations", "resilience", "scenarios", "symbiosis"}


def test_no_finding_below_the_thresholds():
    # every SME sells to two exporters: secure, no single point, no gatekeeper, all have access
    f = run(star(second_exporter=True, isolated=0))
    assert not {"single_point", "gatekeeper", "no_access", "secure"} & set(f["key"])


def test_gatekeeper_threshold_is_the_documented_one():
    k = THRESHOLDS["gatekeeper_smes"][0]
    below = run(star(n_sme=k - 1, isolated=0))
    at = run(star(n_sme=k, isolated=0))
    assert "gatekeeper" not in set(below["key"]) and "gatekeeper" in set(at["key"])


def test_recommendation_headline_matches_recommend():
    net = star()
    a = Analysis(net, runs=2, null_runs=0, budget=2, scenarios=False)
    rec = nc.recommend(net, 2, candidates=200)
    row = a.findings.set_index("key").loc["recommendation"]
    assert f"+{rec.after - rec.before:,.0f}" == row["value"]
    assert f"({rec.before:,.0f} → {rec.after:,.0f})" in row["text"]


def test_missing_exporter_information_is_a_note_saying_what_to_add():
    f = run(star(exporter_column=False))
    note = f.set_index("key").loc["channels_missing"]
    assert note["severity"] == "note" and "exporter" in note["text"] and "--exporters" in note["text"]


@pytest.mark.parametrize("net", [star(), star(second_exporter=True), nc.datasets.toy()],
                         ids=["star", "double", "toy"])
def test_ranked_by_severity_and_shaped(net):
    f = run(net)
    assert list(f.columns) == FINDING_COLUMNS
    assert f["rank"].tolist() == list(range(1, len(f) + 1))
    sev = [SEVERITIES.index(s) for s in f["severity"]]
    assert sev == sorted(sev)
    assert f["text"].str.endswith(".").all() or f["severity"].eq("note").any()
