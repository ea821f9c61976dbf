"""Workbook and file mapping (issue 11): sheets, one links table per layer, several combined,
the mapping file netclust.toml (given, discovered, overridden) and role vocabularies."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

import netclust as nc
from netclust.cli import cli
from netclust.errors import NetclustError, SchemaError

FIRMS = pd.DataFrame({"企业编号": ["A", "B", "C", "D"], "企业名称": ["甲", "乙", "丙", "丁"],
                      "类型": ["龙头企业", "中小企业", "中小企业", "物流"],
                      "是否出口": ["是", "否", "否", "否"]})
DEALS = pd.DataFrame({"来源": ["B", "C"], "目标": ["A", "A"], "金额": ["1,234.50", "20"]})
SHIP = pd.DataFrame({"来源": ["A"], "目标": ["D"], "金额": ["5"]})
DESIGN = pd.DataFrame({"来源": ["B"], "目标": ["C"]})


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "数据.xlsx"
    with pd.ExcelWriter(path) as w:
        FIRMS.to_excel(w, sheet_name="企业名录", index=False)
        DEALS.to_excel(w, sheet_name="交易记录", index=False)
        SHIP.to_excel(w, sheet_name="物流", index=False)
        DESIGN.to_excel(w, sheet_name="设计合作", index=False)
    return path


SHEETS = {"firms": "企业名录", "procurement": "交易记录", "logistics": "物流",
          "design_sharing": "设计合作"}


def _layer_counts(net):
    return net.links.groupby("layer").size().to_dict()


def test_sheets_by_name_each_sheet_is_a_layer(workbook):
    net = nc.read(workbook, sheets=SHEETS)
    assert net.n_firms == 4
    assert _layer_counts(net) == {"design_sharing": 1, "logistics": 1, "procurement": 2}
    assert net.firms.loc["A", "role"] == "anchor" and net.firms.loc["B", "role"] == "sme"
    w = net.links.set_index(["source", "target"])["weight"]
    assert w[("B", "A")] == pytest.approx(1234.5)


def test_sheets_by_position_counted_from_one(workbook):
    net = nc.read(workbook, sheets={"firms": 1, "procurement": "2", "logistics": 3})
    assert _layer_counts(net) == {"logistics": 1, "procurement": 2}


def test_unknown_sheet_lists_the_sheets(workbook):
    with pytest.raises(SchemaError, match=r"no sheet named '客户'.*1=企业名录, 2=交易记录"):
        nc.read(workbook, sheets={"firms": "客户"})
    with pytest.raises(SchemaError, match=r"position 9 \(the workbook has 4\)"):
        nc.read(workbook, sheets={"firms": 9})


def test_workbook_without_links_sheet_points_at_sheet_option(workbook):
    with pytest.raises(SchemaError, match=r"--sheet links=SHEET.*found sheets: 企业名录, 交易记录"):
        nc.read(workbook)


def test_links_per_layer_files_combined(tmp_path):
    DEALS.to_csv(tmp_path / "deals.csv", index=False)
    SHIP.to_csv(tmp_path / "ship.csv", index=False)
    net = nc.read(firms=FIRMS, links={"procurement": tmp_path / "deals.csv",
                                      "logistics": tmp_path / "ship.csv"})
    assert _layer_counts(net) == {"logistics": 1, "procurement": 2}
    assert "links_combined" in net.validation.codes()


def test_several_links_tables_with_layer_columns_combined():
    a = pd.DataFrame({"source": ["B"], "target": ["A"], "layer": "procurement"})
    b = pd.DataFrame({"source": ["C"], "target": ["A"], "layer": "procurement"})
    net = nc.read(firms=FIRMS, links=[a, b])
    assert len(net.links) == 2


def test_cli_repeated_links_combine_never_replace(tmp_path):
    FIRMS.to_csv(tmp_path / "firms.csv", index=False)
    DEALS.to_csv(tmp_path / "deals.csv", index=False)
    SHIP.to_csv(tmp_path / "ship.csv", index=False)
    res = CliRunner().invoke(cli, ["info", str(tmp_path),
                                   "--links", f"procurement={tmp_path / 'deals.csv'}",
                                   "--links", f"logistics={tmp_path / 'ship.csv'}"])
    assert res.exit_code == 0, res.output
    assert "procurement" in res.stdout and "logistics" in res.stdout
    assert "3 links" in res.stdout


def test_cli_sheet_and_role_map_options(workbook):
    res = CliRunner().invoke(cli, ["validate", str(workbook), "--sheet", "firms=企业名录",
                                   "--sheet", "procurement=交易记录", "--sheet", "logistics=3",
                                   "--role-map", "物流=platform"])
    assert res.exit_code == 0, res.output
    assert "role labels read with your role map: 物流 -> platform (1)" in res.stdout


def test_cli_role_map_from_csv_file(workbook, tmp_path):
    table = tmp_path / "roles.csv"
    table.write_text("label,role\n物流,platform\n", encoding="utf-8")
    net = nc.read(workbook, sheets=SHEETS, role_map={"物流": "platform"})
    res = CliRunner().invoke(cli, ["validate", str(workbook), "--sheet", "firms=企业名录",
                                   "--sheet", "procurement=交易记录", "--role-map", str(table)])
    assert "物流 -> platform" in res.stdout
    assert net.firms.loc["D", "role"] == "platform"


def test_undeclared_layer_of_a_links_file_is_an_error(tmp_path):
    SHIP.to_csv(tmp_path / "ship.csv", index=False)
    report = nc.validate(firms=FIRMS, links={"快递": tmp_path / "ship.csv"})
    assert not report.ok
    msg = next(p.message for p in report.errors if p.code == "undeclared_layer")
    assert "'快递'" in msg and "declared: procurement, design_sharing, logistics" in msg


CONFIG = """
[sheets]
firms = "企业名录"
procurement = "交易记录"
logistics = "物流"
design_sharing = "设计合作"

[roles]
"物流" = "platform"

[layers.procurement]
directed = true
channel = "forward"
[layers.logistics]
directed = true
channel = "reverse"
[layers.design_sharing]
directed = false

[exporters]
roles = ["platform"]
"""


def test_mapping_file_discovered_beside_the_workbook(workbook):
    (workbook.parent / "netclust.toml").write_text(CONFIG, encoding="utf-8")
    net = nc.read(workbook)
    assert _layer_counts(net) == {"design_sharing": 1, "logistics": 1, "procurement": 2}
    assert net.firms.loc["D", "role"] == "platform"
    assert net.layer_spec("logistics").channel == "reverse"
    assert net.firms["exporter"].tolist() == [True, False, False, True]
    codes = net.validation.codes()
    assert {"config_used", "exporter_roles", "role_mapped"} <= codes
    assert any(s["table"] == "netclust.toml" for s in net.provenance["sources"])


def test_mapping_file_given_explicitly_and_turned_off(workbook, tmp_path):
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    assert nc.read(workbook, config=cfg).n_firms == 4
    (workbook.parent / "netclust.toml").write_text(CONFIG, encoding="utf-8")
    with pytest.raises(SchemaError, match="which sheet holds the links"):
        nc.read(workbook, config=False)


def test_explicit_options_win_over_the_mapping_file_and_say_so(workbook):
    (workbook.parent / "netclust.toml").write_text(CONFIG, encoding="utf-8")
    net = nc.read(workbook, role_map={"物流": "logistics"})
    assert net.firms.loc["D", "role"] == "logistics"
    note = next(p.message for p in net.validation.problems if p.code == "config_overridden")
    assert '"logistics" given explicitly instead of "platform"' in note


def test_cli_config_option(workbook, tmp_path):
    cfg = tmp_path / "m.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    res = CliRunner().invoke(cli, ["info", str(workbook), "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    assert "4 firms" in res.stdout


@pytest.mark.parametrize("text, match", [
    ("[sheet]\nfirms = 'x'\n", r"unknown section\(s\) sheet"),
    ("[sheets]\nfirms = 0\n", r"\[sheets\] firms = 0: give a sheet name or a position"),
    ("[roles]\n'a' = 3\n", r"\[roles\] a = 3: expected a text value"),
    ("[files]\nfirms = 'missing.csv'\n", r"\[files\] firms: no such file"),
    ("[sheets\n", r"invalid TOML"),
])
def test_bad_mapping_file_names_file_section_and_key(tmp_path, text, match):
    cfg = tmp_path / "netclust.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=match):
        nc.read(links=DEALS, config=cfg)
    report = nc.validate(links=DEALS, config=cfg)
    assert report.codes() == {"unreadable"}


def test_mapping_file_files_section(tmp_path):
    FIRMS.to_csv(tmp_path / "企业.csv", index=False)
    DEALS.to_csv(tmp_path / "y2022.csv", index=False)
    SHIP.to_csv(tmp_path / "y2023.csv", index=False)
    (tmp_path / "netclust.toml").write_text(
        '[files]\nfirms = "企业.csv"\nprocurement = ["y2022.csv", "y2023.csv"]\n', encoding="utf-8")
    net = nc.read(tmp_path / "y2022.csv")  # the mapping file beside it names every table
    assert _layer_counts(net) == {"procurement": 3}


@pytest.mark.parametrize("label, role", [
    ("龙头企业", "anchor"), ("核心企业", "anchor"), ("中小企业", "sme"), ("供应商", "supplier"),
    ("原料商", "supplier"), ("设计", "designer"), ("设计工作室", "designer"),
    ("物流", "logistics"), ("外贸服务", "trade_service"), ("跨境服务", "trade_service"),
    ("平台", "platform")])
def test_builtin_chinese_role_vocabulary(label, role):
    firms = pd.DataFrame({"firm_id": ["A", "B"], "角色": [label, "sme"]})
    net = nc.read(firms=firms, links=pd.DataFrame({"source": ["A"], "target": ["B"],
                                                   "layer": "procurement"}))
    assert net.firms.loc["A", "role"] == role
    info = next(p for p in net.validation.problems if p.code == "role_alias")
    assert f"{label} -> {role} (1)" in info.message and info.severity == "info"


def test_user_role_map_overrides_builtin():
    firms = pd.DataFrame({"firm_id": ["A", "B"], "类型": ["平台", "中小企业"]})
    links = pd.DataFrame({"source": ["A"], "target": ["B"], "layer": "procurement"})
    net = nc.read(firms=firms, links=links, role_map={"平台": "trade_service"})
    assert net.firms["role"].tolist() == ["trade_service", "sme"]


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 9), st.text(max_size=6),
                     st.sampled_from(["企业名录", "交易记录", "anchor", "forward", "x.csv"]))
_KEYS = st.sampled_from(["sheets", "files", "columns", "roles", "layers", "exporters", "encoding",
                         "firms", "links", "procurement", "roles", "directed", "channel", "龙头企业"])
_DOCS = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.dictionaries(_KEYS, _DOCS, max_size=4))
def test_any_mapping_file_gives_a_network_or_our_error(workbook, doc):
    try:
        nc.read(workbook, config=doc)
    except NetclustError:
        pass
