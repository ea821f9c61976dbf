"""Two-network comparison: link changes by hand, entering/exiting firms, page."""

from __future__ import annotations

import pandas as pd
import pytest

import netclust as nc
from netclust.report.compare import compare, compare_context, compare_data, compare_html, link_changes


def test_link_changes_by_hand(toy):
    firms, links = nc.datasets.toy_tables()
    # B: drop one procurement link, add one new design link; reversed undirected pair is the same link
    links_b = pd.concat([links.iloc[1:], pd.DataFrame(
        [("S1", "S3", "design_sharing", 1.0), ("S3", "S2", "design_sharing", 5.0)],
        columns=links.columns)], ignore_index=True)
    b = nc.read(firms=firms, links=links_b)
    t = link_changes(toy, b)
    assert t.loc["procurement"].tolist() == [6, 5, 5, 0, 1, pytest.approx(5 / 6)]
    # S2-S3 existed already (as S2-S3), S3-S2 is the same undirected link: only S1-S3 is new
    assert t.loc["design_sharing", ["kept", "added", "dropped"]].tolist() == [3, 1, 0]
    assert t.loc["logistics", "jaccard"] == 1.0


def test_compare_data_firms_and_indicators(toy):
    b = toy.remove_firms(["A1", "T1"])
    d = compare_data(toy, b, labels=("2023", "2024"), runs=2)
    assert d["exited"].index.tolist() == ["A1", "T1"] and d["entered"].empty
    assert d["indicators"].loc["firms"].tolist() == [9.0, 7.0, -2.0]
    assert d["roles"].loc["anchor"].tolist() == [2, 1, -1]
    assert d["n_common"] == 7
    assert {"nmi", "ari"} <= set(d["agreement"].index)
    ctx = compare_context(d, generated="x")
    assert ctx["labels"] == ["2023", "2024"] and ctx["exited"]["total"] == 2


def test_compare_page_time_follows_source_date_epoch(toy, monkeypatch):
    # the report's rule (one definition, report.context.generation_time): a rerun with
    # SOURCE_DATE_EPOCH set is byte-identical, even across a minute boundary
    d = compare_data(toy, toy.remove_firms(["T1"]), labels=("a", "b"), runs=1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert compare_context(d)["generated"] == "1970-01-01 00:00 UTC"


def test_compare_page_escapes(toy):
    page = compare_html(toy, toy.remove_firms(["S1"]), labels=("<a>", "b"), runs=2, title="T <x>")
    assert "<title>T &lt;x&gt;</title>" in page and "&lt;a&gt;" in page and "<a>" not in page
    assert "Small One" in page


def test_compare_labels_checked(toy):
    with pytest.raises(nc.InputError):
        compare_data(toy, toy, labels=("a",), runs=2)


# --- issue 12: one data set, two periods, firm-level changes -----------------------------

def _story(exporter=False):
    """Hand-made dated data (answers counted by hand).

    2022: s1 and s2 sell to anchor A (procurement), A exports; s3 only shares designs
    with s1; clique a-b-c-d-e-f (design sharing); x sells to a.
    2024: s1 no longer sells to A (loses export access), s3 now sells to A (gains it);
    x is gone; new firm n sells to a; the clique split into a-b-c and d-e-f.
    The register lists every firm with no dates: presence comes from the links.
    """
    import itertools

    def clique(members, date):
        return [(u, v, "design_sharing", 1.0, date) for u, v in itertools.combinations(members, 2)]

    rows = clique("abcdef", "2022-04-01") + clique("abc", "2024-04-01") + clique("def", "2024-04-01")
    rows += [("s1", "A", "procurement", 3.0, "2022-02-01"), ("s2", "A", "procurement", 2.0, "2022-03-01"),
             ("s1", "s3", "design_sharing", 1.0, "2022-05-01"), ("x", "a", "procurement", 1.0, "2022-06-01"),
             ("s2", "A", "procurement", 4.0, "2024-03-01"), ("s3", "A", "procurement", 1.0, "2024-03-01"),
             ("s1", "s3", "design_sharing", 1.0, "2024-05-01"), ("n", "a", "procurement", 1.0, "2024-06-01")]
    links = pd.DataFrame(rows, columns=["source", "target", "layer", "weight", "date"])
    ids = ["A", "s1", "s2", "s3"] + list("abcdef") + ["x", "n"]
    firms = pd.DataFrame({"firm_id": ids, "role": ["anchor", "sme", "sme", "sme"] + ["other"] * 8})
    if exporter:
        firms["exporter"] = [True] + [False] * 11
    return nc.read(firms=firms, links=links, by_period="month")


def _changes(d, change):
    t = d["changes"]
    return sorted(t.loc[t["change"] == change, "firm_id"])


def test_compare_two_periods_of_one_data_set():
    d = compare(_story(exporter=True), periods=("2022", "2024"), runs=2, seed=1)
    assert d["labels"] == ("2022", "2024")
    # one shared register, yet x exits and n enters: presence = registered then or linked then
    assert _changes(d, "entered") == ["n"] and _changes(d, "exited") == ["x"]
    assert list(d["entered"].index) == ["n"] and list(d["exited"].index) == ["x"]
    assert _changes(d, "gained_export_access") == ["s3"]
    assert _changes(d, "lost_export_access") == ["s1"]
    # the clique split: one triangle continues the old community, the other changed
    moved = _changes(d, "changed_community")
    assert moved in (["a", "b", "c"], ["d", "e", "f"])
    t = d["changes"].set_index(["firm_id", "change"])
    # a: partners b..f + x in 2022; b, c, n in 2024 -> gained n, lost d, e, f, x
    assert t.loc[("a", "gained_partners"), ["before", "after", "detail"]].tolist() == [6, 3, "1 partner"]
    assert t.loc[("a", "lost_partners"), "detail"] == "4 partners"
    assert ("s2", "gained_partners") not in t.index and ("s2", "lost_partners") not in t.index
    assert "export access of the 3 SMEs" in d["changes"].attrs["export_access"]


def test_compare_says_when_exporters_are_unknown():
    d = compare(_story(exporter=False), periods=["2022", "2024"], runs=2, communities=False)
    assert not d["changes"]["change"].str.contains("export").any()
    assert d["changes"].attrs["export_access"].startswith("export access not compared: no exporter")
    ctx = compare_context(d, generated="x")
    assert ctx["export_access"].startswith("export access not compared")
    assert {"key": "entered", "value": "1"} in ctx["change_counts"]


def test_compare_needs_b_or_two_periods(toy):
    with pytest.raises(nc.errors.InputError):
        compare(toy)
    with pytest.raises(nc.errors.InputError, match="exactly two periods"):
        compare(_story(), periods=["2022"])


def test_compare_cli_from_one_folder(tmp_path):
    from click.testing import CliRunner

    from netclust.cli import cli

    net = _story(exporter=True)
    data = tmp_path / "d"
    data.mkdir()
    net.firms.reset_index().to_csv(data / "firms.csv", index=False)
    lk = net.links.assign(date=net.links["period"] + "-15")
    lk[["source", "target", "layer", "weight", "date"]].to_csv(data / "links.csv", index=False)
    out = tmp_path / "c.html"
    res = CliRunner().invoke(cli, ["compare", str(data), "--period", "2022", "--period", "2024",
                                   "--out", str(out), "--runs", "2"])
    assert res.exit_code == 0, res.output
    assert "1 entered, 1 exited" in res.output
    page = out.read_text(encoding="utf-8")
    assert 'id="table-firm-changes"' in page and "lost_export_access" in page
    res = CliRunner().invoke(cli, ["compare", str(data), "--period", "2022", "--out", str(out)])
    assert res.exit_code == 1 and "exactly twice" in res.output


# --- re-audit: every kind of change shown (export access first), the full table as CSV ----

def test_page_shows_every_kind_of_change_export_access_first(monkeypatch):
    import netclust.report.compare as cmp

    d = compare(_story(exporter=True), periods=("2022", "2024"), runs=2, seed=1)
    full = d["changes"]
    # the table is sorted export access first (the most policy-relevant change)
    assert full["change"].tolist()[:2] == ["lost_export_access", "gained_export_access"]
    # one row per kind on the page: every kind present still shows, the cut is stated
    monkeypatch.setattr(cmp, "PAGE_ROWS_PER_CHANGE", 1)
    t = compare_context(d, generated="x", changes_csv="c.changes.csv")["changes"]
    shown = [row[[c["label"] for c in t["columns"]].index("change")]["t"] for row in t["rows"]]
    assert shown == [c for c in cmp.CHANGES if c in set(full["change"])]
    assert t["total"] == len(full) > len(t["rows"])
    n_lost = int((full["change"] == "lost_partners").sum())
    assert n_lost > 1 and f"lost partners: first 1 of {n_lost}" in t["caption"]
    assert f"All {len(full)} rows: c.changes.csv." in t["caption"]
    # without the cut nothing is said about it
    monkeypatch.setattr(cmp, "PAGE_ROWS_PER_CHANGE", 100)
    t = compare_context(d, generated="x")["changes"]
    assert len(t["rows"]) == t["total"] == len(full) and t["caption"] == ""


def test_access_card_names_access_to_any_exporter():
    d = compare(_story(exporter=True), periods=("2022", "2024"), runs=2, seed=1)
    cards = {c["label"]: c["value"] for c in compare_context(d, generated="x")["cards"]}
    # s1, s2 reach the exporter A in 2022; s2, s3 in 2024 (not necessarily an anchor)
    assert cards["SMEs with export access"] == "2 → 2"
    assert not any("anchor" in label for label in cards)


def test_compare_cli_writes_every_change_as_csv(tmp_path):
    from click.testing import CliRunner

    from netclust.cli import cli

    net = _story(exporter=True)
    data = tmp_path / "d"
    data.mkdir()
    net.firms.reset_index().to_csv(data / "firms.csv", index=False)
    net.links.assign(date=net.links["period"] + "-15")[
        ["source", "target", "layer", "weight", "date"]].to_csv(data / "links.csv", index=False)
    out = tmp_path / "r" / "c.html"
    res = CliRunner().invoke(cli, ["compare", str(data), "--period", "2022", "--period", "2024",
                                   "--out", str(out), "--runs", "2"])
    assert res.exit_code == 0, res.output
    csv = pd.read_csv(tmp_path / "r" / "c.changes.csv")
    expected = compare(net, periods=("2022", "2024"), runs=2)["changes"]
    assert len(csv) == len(expected) and csv["change"].iloc[0] == "lost_export_access"
    assert sorted(csv.loc[csv["change"] == "gained_export_access", "firm_id"]) == ["s3"]
    assert "c.changes.csv" in out.read_text(encoding="utf-8") and "c.changes.csv" in res.output
    other = tmp_path / "all.csv"
    res = CliRunner().invoke(cli, ["compare", str(data), "--period", "2022", "--period", "2024",
                                   "--out", str(out), "--runs", "2", "--changes", str(other)])
    assert res.exit_code == 0, res.output
    assert len(pd.read_csv(other)) == len(expected) and str(other) in out.read_text(encoding="utf-8")
