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
