"""The report's context and page in Chinese: netclust's own vocabularies translated, user data as written."""

from __future__ import annotations

import re

import pytest

import netclust as nc
from netclust.i18n import language
from netclust.report import report_html
from netclust.report.compute import collect
from netclust.report.context import data_warnings, report_context

FONT_NOTE = "未安装中文（CJK）字体"


@pytest.fixture(scope="module")
def toy_data():
    return collect(nc.datasets.toy(), runs=2, null_runs=2, include_map=True, seed=1)


@pytest.fixture(scope="module")
def zh_ctx(toy_data):
    with language("zh"):
        return report_context(toy_data, generated="2024-01-01 00:00 UTC")


def _texts(t) -> list:
    return [cell["t"] for row in t["rows"] for cell in row]


def test_roles_and_classes_are_translated_user_roles_kept(zh_ctx):
    roles = _texts(zh_ctx["overview"]["roles"])
    assert "龙头企业" in roles and "中小企业" in roles and "anchor" not in roles and "sme" not in roles
    assert [g["role"] for g in zh_ctx["top_firms"]["groups"]][:2] == ["龙头企业", "中小企业"]
    heads = [c["label"] for c in zh_ctx["multiplex"]["roles"]["columns"]]
    assert "龙头企业" in heads and "anchor" not in heads
    classes = [row[0]["t"] for row in zh_ctx["multiplex"]["roles"]["rows"]]
    assert classes and not any("_" in c for c in classes), classes
    from netclust.viz.figures import role_label

    with language("zh"):  # a role the user defines is data: shown as written
        assert role_label("专业市场") == "专业市场" and role_label("platform") == "平台"


def test_scenario_tables_translated_with_shares_in_percent(zh_ctx):
    items = zh_ctx["scenarios"]["items"]
    assert items
    for item in items:
        heads = [c["label"] for c in item["affected"]["columns"]]
        assert heads == ["企业编号", "名称", "角色", "影响"][:len(heads)], heads
        rows = {r[0]["t"]: r for r in item["table"]["rows"]}
        assert "lcc_fraction" not in rows and "top3_gatekeeper_share" not in rows
        share = rows["最大连通群中的企业占比"]
        assert share[1]["t"].endswith("%") and share[2]["t"].endswith("%") and "个百分点" in share[3]["t"]
        effects = [e["effect"] for e in item["effects"]]
        assert not any(re.search(r"[A-Za-z]", e) for e in effects), effects
    assert "top3_gatekeeper_share" not in zh_ctx["scenarios"]["figure"]
    assert "R_random" not in zh_ctx["scenarios"]["figure"]


def test_communities_inside_header_translated(zh_ctx):
    heads = [c["label"] for c in zh_ctx["communities"]["table"]["columns"]]
    assert not any(h.startswith("inside") for h in heads), heads
    assert any(h.startswith("内部占比，") for h in heads)


def test_map_legend_in_chinese(zh_ctx):
    legend = zh_ctx["map"]["legend"]
    assert legend["colorBy"] == "角色"
    assert "龙头企业" in [g["label"] for g in legend["groups"]]


def test_removal_curves_request_the_cjk_family(monkeypatch):
    from netclust.metrics.resilience import removal_curves
    from netclust.viz import curves, figures

    monkeypatch.setattr(figures, "cjk_font", lambda: "Noto Sans CJK SC")
    fig = curves.plot_removal_curves(removal_curves(nc.datasets.toy(), "degree"))
    assert "Noto Sans CJK SC" in fig.axes[0].xaxis.label.get_fontfamily()


def test_too_few_firms_said_in_the_data_quality_box():
    with language("zh"):
        warnings = data_warnings(nc.datasets.toy(), {})
    assert any("少于 30" in w or "fewer than 30" in w for w in warnings), warnings
    big = nc.datasets.sample()
    assert not any("fewer than" in w for w in data_warnings(big, {}))


@pytest.mark.parametrize("lang, present", [("zh", True), ("en", False)])
def test_no_cjk_font_note(monkeypatch, lang, present):
    """Without a CJK font the zh report says Chinese figure text may not draw; en never does."""
    from netclust.viz import figures

    monkeypatch.setattr(figures, "cjk_font", lambda: None)
    page = report_html(nc.datasets.toy(), runs=2, null_runs=2, lang=lang, include_map=False)
    assert ('id="font-note"' in page) is present
    assert (FONT_NOTE in page) is present


def test_readings_without_null_model_keep_their_meaning_in_both_languages(toy_data):
    """Cluster indicators and coverage have no null model: their reading is the English one, translated."""
    from netclust.findings import reading_text
    from netclust.i18n import gettext as _

    sc = toy_data.results["symbiosis"].scorecard
    rows = {r["indicator"] if r["web"] == "cluster" else f"{r['web']}/{r['indicator']}": r
            for _i, r in sc.iterrows()}
    free = [r for r in rows.values() if r["p"] != r["p"]]  # no null model (p NaN)
    assert {"supplier_redundancy", "pair_multiplexity", "channel_reach[procurement]"} <= set(rows)
    for r in free:
        assert reading_text(r, 2) == r["reading"]  # English: the scorecard's own reading
    with language("zh"):
        fixed = _("fixed by the null model; read the value itself")
        for r in free:
            assert fixed not in reading_text(r, 2), r["indicator"]
        red = rows["supplier_redundancy"]
        assert red["reading"] == "most SMEs depend on a single supplier for some input"
        assert reading_text(red, 2) == "{} = 0；{}".format(
            _("share of SMEs with two or more suppliers for every input they buy"),
            _("most SMEs depend on a single supplier for some input"))
        reach = reading_text(rows["channel_reach[procurement]"], 2)
        assert reach.endswith(_("most SMEs reach {who} within {k} hops").format(
            who=_("an exporting anchor"), k=2)), reach
        assert "procurement" in reach
        assert "中小企业" in reading_text(rows["sme_supplier/coverage"], 2)
        # fixed by the null model only where a null model keeps it fixed (connectance, curveball)
        assert fixed in reading_text(rows["sme_supplier/connectance"], 2)


def test_symbiosis_webs_listed_by_readable_names(zh_ctx, toy_data):
    names = [w["name"] for w in zh_ctx["symbiosis"]["webs"]]
    assert "中小企业–龙头企业" in names and "中小企业–供应商" in names, names
    assert not any("sme_" in n for n in names)
    assert len(names) == len(toy_data.results["symbiosis"].webs)
