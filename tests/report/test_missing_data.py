"""No silently empty section: data that cannot fill a section gets a sentence saying why (issue 11)."""

from __future__ import annotations

import re

import netclust as nc
from netclust.report import report_html


def _sections(page: str) -> dict:
    return {m.group(1): re.sub(r"<[^>]+>", " ", m.group(2))
            for m in re.finditer(r'<section class="nc-section" id="([^"]+)">(.*?)</section>', page,
                                 re.S)}


def _report(firms, links):
    net = nc.read(firms=firms, links=links)
    return _sections(report_html(net, runs=2, null_runs=2, include_map=False))


def test_without_exporter_information_the_report_renders_and_says_why():
    firms, links = nc.datasets.toy_tables()
    s = _report(firms.drop(columns=["exporter"]), links)
    for sid in ("channels", "recommendations"):
        assert "no exporter information" in s[sid] and "--exporters" in s[sid]
    assert "resilience" in s and "scenarios" in s


def test_without_smes_every_sme_section_says_why():
    firms, links = nc.datasets.toy_tables()
    firms["role"] = firms["role"].replace("sme", "other")
    s = _report(firms, links)
    assert "no firm has role sme" in s["channels"]
    assert "no firm has role sme" in s["recommendations"]
    assert "no web has firms on both sides" in s["symbiosis"]
    assert "no firm has role sme" in s["scenarios"]
    assert "Export channels were not computed" in s["findings"]


def test_one_layer_with_links_is_explained_where_it_matters():
    firms, links = nc.datasets.toy_tables()
    s = _report(firms, links[links["layer"] == "procurement"])
    assert "Only one layer (procurement) has links" in s["layers"]
    assert "design_sharing, logistics" in s["layers"]
    assert "focused" in s["multiplex"] and "Only one layer" in s["multiplex"]
    assert "Only one layer" in s["communities"]


def test_full_data_has_no_such_sentence():
    s = _sections(report_html(nc.datasets.toy(), runs=2, null_runs=2, include_map=False))
    text = " ".join(s.values())
    assert "Only one layer" not in text and "no firm has role" not in text
    assert "not available" not in text


def _scenario_rows(page: str) -> list:
    sec = page[page.index('id="scenarios"'):]
    sec = sec[:sec.index("</section>")]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", sec, re.S)]


def test_scenarios_without_smes_or_exporters_say_why_once_and_drop_empty_rows():
    firms, links = nc.datasets.toy_tables()
    firms = firms.drop(columns=["exporter"])
    firms["role"] = firms["role"].replace("sme", "other")
    page = report_html(nc.read(firms=firms, links=links), runs=2, null_runs=2, include_map=False)
    s = _sections(page)
    rows = [r for r in _scenario_rows(page) if len(r) == 4]
    assert rows, "no scenario table"
    assert not any(r[1:] == ["–", "–", "–"] or r[3] == "– pp" for r in rows), rows
    assert not any("export access" in r[0] for r in rows)
    why = "Export access is not shown in these tables: no exporter information"
    assert s["scenarios"].count(why) == 1, s["scenarios"]
    # the channels section says the same
    assert "no exporter information" in s["channels"]


def test_scenarios_with_channels_keep_their_access_rows_and_state_their_runs():
    page = report_html(nc.datasets.toy(), runs=2, null_runs=2, include_map=False)
    rows = [r for r in _scenario_rows(page) if len(r) == 4]
    assert any(r[0] == "SMEs with export access" and r[1] != "–" for r in rows)
    s = _sections(page)["scenarios"]
    assert "Export access is not shown" not in s
    assert "comes from 10 random runs of each network" in s and "averages 2 runs" in s


def test_unused_budget_is_stated_in_what_to_fund():
    """When no single action raises the objective any further, the report says how much of the
    budget is left unused (the greedy stops instead of listing zero-gain picks)."""
    firms, links = nc.datasets.toy_tables()
    page = report_html(nc.read(firms=firms, links=links), runs=2, null_runs=2, include_map=False,
                       budget=40)
    s = _sections(page)
    assert "no single action raises the objective further" in s["recommendations"]
    assert re.search(r"\d+ of the budget left unused", s["recommendations"])
