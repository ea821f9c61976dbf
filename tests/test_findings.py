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


def _nested_gatekeepers():
    """S1-S4 sell via supplier M to exporter A (single points M and A); T1-T3 sell to
    exporter B; U1-U2 to exporter C. Gatekeepers: A 4, M 4, B 3, C 2 SMEs."""
    roles = {"A": "anchor", "B": "anchor", "C": "anchor", "M": "supplier"}
    roles |= {f"S{i}": "sme" for i in range(1, 5)} | {f"T{i}": "sme" for i in range(1, 4)}
    roles |= {"U1": "sme", "U2": "sme"}
    links = [(f"S{i}", "M", "procurement") for i in range(1, 5)] + [("M", "A", "procurement")]
    links += [(f"T{i}", "B", "procurement") for i in range(1, 4)]
    links += [("U1", "C", "procurement"), ("U2", "C", "procurement")]
    firms = pd.DataFrame({"firm_id": list(roles), "role": list(roles.values()),
                          "exporter": [f in {"A", "B", "C"} for f in roles]})
    return nc.read(firms=firms, links=pd.DataFrame(links, columns=["source", "target", "layer"]))


@pytest.mark.parametrize("which", ["nested", "sample"])
def test_top3_gatekeeper_share_is_a_share_of_single_point_smes_everywhere(which):
    """Card, finding, CLI indicator and gatekeepers table use one definition:
    SMEs depending on >= 1 of the 3 largest gatekeepers / SMEs with a single point."""
    import netclust.report.context as C
    from netclust.metrics.channels import export_channels

    net = _nested_gatekeepers() if which == "nested" else nc.datasets.sample()
    ch = export_channels(net)
    sme = ch.sme
    single = sme[sme["single_points"].map(len) > 0]
    top3 = set(ch.gatekeepers["firm_id"].head(3))
    held = int(single["single_points"].map(lambda p: bool(top3 & set(p))).sum())
    ind = ch.indicators
    assert ind["top3_gatekeeper_smes"] == held
    assert ind["top3_gatekeeper_share"] == pytest.approx(held / len(single))
    card = next(c for c in C._channel_cards(ind) if "3 largest" in c["label"])
    assert "SMEs with a single point" in card["label"]
    assert card["value"] == C.fmt_percent(held / len(single))
    rows = C._channel_tables(ch, C._names(net))["gatekeepers"]["rows"][:3]
    shares = ch.gatekeepers["smes_dependent"].head(3) / len(single)
    assert [r[4]["t"] for r in rows] == [C.fmt_percent(x) for x in shares]
    if which == "nested":
        # A and M hold the same 4 SMEs: counted once in the card, once per row in the table
        assert (held, len(single)) == (7, 9) and shares.sum() == pytest.approx(11 / 9)
    else:
        # no SME of the sample depends on two of its 3 largest gatekeepers: the rows add up
        assert (held, len(single)) == (86, 248)
        assert shares.sum() == pytest.approx(ind["top3_gatekeeper_share"])
    f = run(net).set_index("key")
    text = f.loc["single_point", "text"]
    assert f"; {held} of them ({held / len(single):.0%}) depend on one of the 3 largest" in text


def test_a_tiny_effect_beyond_chance_is_read_slightly_in_every_language():
    """C-score 37.7 against a null mean of 37.5 (+0.5 %) with z = 20: beyond chance but too
    small to read as a pattern (scorecard.notable) — the zh reading says "slightly", like the
    English one, and it is never a headline finding."""
    from netclust.findings import reading_text
    from netclust.i18n import language

    row = {"indicator": "c_score", "value": 37.7, "null_mean": 37.5, "z": 20.0, "p": 2 / 51,
           "reading": "slightly above chance"}
    with language("zh"):
        tiny = reading_text(row, 50)
        big = reading_text({**row, "value": 45.0}, 50)
    from netclust.i18n import gettext

    with language("zh"):
        assert gettext("slightly higher than in randomised webs, too little to read as a pattern") in tiny
        assert gettext("higher than in randomised webs") in big and "slightly" not in big
