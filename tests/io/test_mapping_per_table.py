"""Column mappings per table (issue 11, item 1): each links source of a workbook or folder
keeps its own headers — ``[columns.TABLE]`` in netclust.toml, ``{table: {...}}`` in
``columns=``, ``--source-col TABLE=COL`` on the command line — a mapping for every table
falls back to a table's own columns, and a weight that does not reach a table says so."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

import netclust as nc
from netclust.cli import cli
from netclust.errors import InputError, NetclustError, SchemaError
from netclust.io.config import column_options, load_config, merge_options

IDS = [f"F{i:02d}" for i in range(1, 9)]
FIRMS = pd.DataFrame({"企业编号": IDS, "企业名称": [f"企业{i}" for i in IDS],
                      "类型": ["龙头企业", "中小企业", "中小企业", "供应商", "设计工作室", "物流",
                             "中小企业", "外贸服务"]})
BUY = pd.DataFrame({"卖方": ["F04", "F02", "F03", "F07"], "买方": ["F01", "F01", "F02", "F08"],
                    "交易金额(元)": ["1,200", "300", "450.5", "80"]})
DESIGN = pd.DataFrame({"企业A": ["F05", "F05"], "企业B": ["F02", "F03"]})
FREIGHT = pd.DataFrame({"托运方": ["F01", "F02", "F08"], "物流商": ["F06", "F06", "F06"],
                        "运费": ["50", "20", "35"]})
SHEETS = {"firms": "企业名录", "procurement": "采购交易", "design_sharing": "设计合作"}

#: Hand-worked: each record is one link (no repeats), weights as typed (1,200 -> 1200);
#: design_sharing is undirected, its ends stored in sorted order.
EXPECTED = {("F04", "F01", "procurement"): 1200.0, ("F02", "F01", "procurement"): 300.0,
            ("F03", "F02", "procurement"): 450.5, ("F07", "F08", "procurement"): 80.0,
            ("F02", "F05", "design_sharing"): 1.0, ("F03", "F05", "design_sharing"): 1.0,
            ("F01", "F06", "logistics"): 50.0, ("F02", "F06", "logistics"): 20.0,
            ("F08", "F06", "logistics"): 35.0}

TOML = """
[sheets]
firms = "企业名录"
procurement = "采购交易"
design_sharing = "设计合作"

[files]
logistics = "物流.csv"

[columns]
weight = "交易金额(元)"

[columns.design_sharing]
source = "企业A"
target = "企业B"

[columns.logistics]
source = "托运方"
target = "物流商"
weight = "运费"
"""


@pytest.fixture
def data(tmp_path):
    """The audit's data: a workbook whose sheets have their own headers, and a GBK CSV."""
    with pd.ExcelWriter(tmp_path / "data.xlsx") as w:
        FIRMS.to_excel(w, sheet_name="企业名录", index=False)
        BUY.to_excel(w, sheet_name="采购交易", index=False)
        DESIGN.to_excel(w, sheet_name="设计合作", index=False)
    raw = FREIGHT.to_csv(index=False).encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GBK, as Excel exports it
    (tmp_path / "物流.csv").write_bytes(raw)
    return tmp_path


def _links(frame) -> dict:
    return {(s, t, lay): float(w) for s, t, lay, w in
            frame[["source", "target", "layer", "weight"]].itertuples(index=False)}


def _codes(report, severity=None) -> list:
    return [p.code for p in report.problems if severity in (None, p.severity)]


def test_toml_reads_each_table_with_its_own_headers(data):
    (data / "netclust.toml").write_text(TOML, encoding="utf-8")
    net = nc.read(data / "data.xlsx")
    assert _links(net.links) == EXPECTED
    infos = [p.message for p in net.validation.problems if p.code == "columns_mapped_table"]
    assert 'columns mapped for logistics only: "托运方" -> source, "物流商" -> target, "运费" -> weight' in infos
    assert not net.validation.warnings


def test_toml_columns_table_was_an_error(data):
    cfg = load_config({"columns": {"weight": "交易金额(元)", "logistics": {"source": "托运方"}}})
    assert cfg.columns == {"weight": "交易金额(元)", "logistics": {"source": "托运方"}}
    with pytest.raises(SchemaError, match=r"\[columns.logistics\] source = 3: expected a text value"):
        load_config({"columns": {"logistics": {"source": 3}}})
    with pytest.raises(SchemaError, match=r"\[columns\] weight = 3: expected a text value \(your "
                                          r"header\), or a table \[columns.TABLE\]"):
        load_config({"columns": {"weight": 3}})


CLI_ARGS = ["--sheet", "firms=企业名录", "--sheet", "procurement=采购交易",
            "--sheet", "design_sharing=设计合作", "--links", "logistics=物流.csv"]
CLI_COLUMNS = ["--source-col", "logistics=托运方", "--target-col", "logistics=物流商",
               "--source-col", "design_sharing=企业A", "--target-col", "design_sharing=企业B",
               "--weight-col", "交易金额(元)", "--weight-col", "logistics=运费"]


def test_cli_options_give_the_same_network(data, monkeypatch):
    monkeypatch.chdir(data)
    out = data / "edges.csv"
    r = CliRunner().invoke(cli, ["export", "data.xlsx", *CLI_ARGS, *CLI_COLUMNS, "--to", "edgelist",
                                 "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert _links(pd.read_csv(out, dtype={"source": str, "target": str})) == EXPECTED
    r = CliRunner().invoke(cli, ["validate", "data.xlsx", *CLI_ARGS, *CLI_COLUMNS])
    assert r.exit_code == 0, r.output
    assert "OK: 0 errors, 2 warnings" in r.output  # the two: no exporter column, few firms
    assert "warning: 物流.csv" not in r.output
    assert 'columns mapped for logistics only: "托运方" -> source, "物流商" -> target, "运费" -> weight' \
        in r.output


def test_cli_table_names_come_from_the_mapping_file_too(data, monkeypatch):
    """``logistics`` is a table because netclust.toml's [files] gives it a source."""
    (data / "netclust.toml").write_text(TOML.split("[columns]")[0], encoding="utf-8")
    monkeypatch.chdir(data)
    out = data / "edges.csv"
    r = CliRunner().invoke(cli, ["export", "data.xlsx", *CLI_COLUMNS, "--to", "edgelist",
                                 "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert _links(pd.read_csv(out, dtype=str).astype({"weight": float})) == EXPECTED


def test_the_audit_command_falls_back_then_names_the_table_to_map(data, monkeypatch):
    """A mapping for every table: 采购交易 reads its own aliases (an info); 设计合作 has
    neither the mapped column nor its own, so it stays an error naming how to map it."""
    monkeypatch.chdir(data)
    r = CliRunner().invoke(cli, ["validate", "data.xlsx", *CLI_ARGS, "--source-col", "托运方",
                                 "--target-col", "物流商"])
    assert r.exit_code == 1
    assert ('data.xlsx[采购交易], column "卖方": column "托运方" (mapped to source) is not in this '
            'table; its own column "卖方" is read as source') in r.output
    assert "error: data.xlsx[采购交易]" not in r.output and "error: 物流.csv" not in r.output
    assert ('error: data.xlsx[设计合作], column "托运方": column "托运方" (mapped to source) is not in '
            "this table and none of its columns is source") in r.output
    assert "--source-col design_sharing=COL" in r.output


def test_fallback_is_an_info_and_the_network_is_read(data):
    report = nc.validate(data / "data.xlsx", links={"logistics": data / "物流.csv"}, sheets=SHEETS,
                         columns={"source": "托运方", "target": "物流商", "weight": "运费",
                                  "design_sharing": {"source": "企业A", "target": "企业B"}},
                         config=False)
    assert report.ok, report.format()
    fallback = [p for p in report.problems if p.code == "mapped_column_fallback"]
    assert {p.severity for p in fallback} == {"info"}
    assert {(p.file, p.column) for p in fallback} == {("data.xlsx[采购交易]", "卖方"),
                                                      ("data.xlsx[采购交易]", "买方")}
    # 采购交易 has no column of its own for weight: its amounts are not recognisable (a
    # header outside the aliases) but they are amounts -> a warning naming the table
    warn = [p for p in report.warnings if p.code == "weight_not_mapped"]
    assert [p.file for p in warn] == ["data.xlsx[采购交易]"]
    assert '[columns.procurement] weight = "交易金额(元)"' in warn[0].message


def test_weight_missing_in_one_table_is_a_warning_saying_how_to_map_it(data):
    """The audit: a global weight silently dropped 运费 (an info), so ``info`` showed the
    logistics record count as its total weight."""
    report = nc.validate(data / "data.xlsx", links={"logistics": data / "物流.csv"}, sheets=SHEETS,
                         columns={"weight": "交易金额(元)",
                                  "design_sharing": {"source": "企业A", "target": "企业B"},
                                  "logistics": {"source": "托运方", "target": "物流商"}},
                         config=False)
    assert report.ok
    warn = [p for p in report.warnings if p.code == "weight_not_mapped"]
    assert len(warn) == 1 and warn[0].file == "物流.csv"
    assert '[columns.logistics] weight = "运费"' in warn[0].message
    assert "--weight-col logistics=运费" in warn[0].message
    # 设计合作 has no amount-like column at all: its weight is absent, as an info
    absent = [p for p in report.problems if p.code == "mapped_column_absent"]
    assert [(p.severity, p.file) for p in absent] == [("info", "data.xlsx[设计合作]")]


def test_a_table_s_own_mapping_is_strict(data):
    """A column mapped for one table only and absent there is an error, never a fallback."""
    report = nc.validate(data / "data.xlsx", sheets={"firms": "企业名录", "procurement": "采购交易"},
                         columns={"procurement": {"source": "发货方"}}, config=False)
    assert not report.ok
    assert [(p.file, p.column) for p in report.errors] == [("data.xlsx[采购交易]", "发货方")]


def test_a_mapping_for_no_table_of_the_read_is_a_warning(data):
    report = nc.validate(data / "data.xlsx", sheets={"firms": "企业名录", "procurement": "采购交易"},
                         columns={"logistcs": {"source": "托运方"}}, config=False)
    assert report.ok
    warn = [p.message for p in report.warnings if p.code == "columns_table_unknown"]
    assert warn == ["column mapping for logistcs: no links table of this read is named so "
                    "(tables: procurement); the mapping is not used"]


def test_a_table_mapping_of_a_column_the_table_cannot_have_is_an_error(data):
    with pytest.raises(InputError, match=r"columns for table firms: source cannot be mapped there"):
        nc.read(data / "data.xlsx", sheets=SHEETS, columns={"firms": {"source": "卖方"}}, config=False)
    with pytest.raises(InputError, match=r"columns for table logistics: firm_id cannot be mapped"):
        nc.read(data / "data.xlsx", sheets=SHEETS, columns={"logistics": {"firm_id": "x"}},
                config=False)


def test_firms_table_mapping_is_the_firms_mapping(data):
    net = nc.read(data / "data.xlsx", sheets={"firms": "企业名录", "procurement": "采购交易"},
                  columns={"firms": {"name": "类型"}, "weight": "交易金额(元)"}, config=False)
    assert net.firms.loc["F01", "name"] == "龙头企业"  # 类型 taken as the name: no role column
    assert set(net.firms["role"]) == {"other"}


def test_explicit_table_mapping_overrides_the_file_key_by_key():
    cfg = load_config({"columns": {"logistics": {"source": "托运方", "weight": "运费"}}})
    opts, notes = merge_options(cfg, columns={"logistics": {"weight": "费用"}, "weight": "金额"})
    assert opts["columns"] == {"logistics": {"source": "托运方", "weight": "费用"}, "weight": "金额"}
    assert [n[2] for n in notes] == ['columns logistics.weight: "费用" given explicitly instead of '
                                     '"运费" from config']


def test_column_options_equals_sign_rule():
    """``TABLE=COL`` is per table only when TABLE is a table of the read; otherwise the whole
    value is a header; a header holding ``=`` is given qualified."""
    tables = dict(links={"logistics": ["物流.csv"]}, sheets={"design": "设计"}, config=False)
    assert column_options({"weight": "金额=元"}, **tables) == {"weight": "金额=元"}
    assert column_options({"weight": "links=金额=元"}, **tables) == {"links": {"weight": "金额=元"}}
    assert column_options({"weight": "logistics=金额=元"}, **tables) == {
        "logistics": {"weight": "金额=元"}}
    assert column_options({"source": ["design=甲", "乙"]}, **tables) == {
        "design": {"source": "甲"}, "source": "乙"}
    assert column_options({"role": "firms=类型"}, **tables) == {"role": "类型"}
    assert column_options({"weight": "logistics="}, **tables) == {"weight": "logistics="}
    assert column_options({}, **tables) is None


def test_header_holding_equals_read_from_the_cli(tmp_path, monkeypatch):
    links = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "金额=元": ["2", "3"]})
    links.to_csv(tmp_path / "links.csv", index=False)
    monkeypatch.chdir(tmp_path)
    for value in ("金额=元", "links=金额=元"):
        out = tmp_path / f"edges{len(value)}.csv"
        r = CliRunner().invoke(cli, ["export", "links.csv", "--weight-col", value, "--to", "edgelist",
                                     "--out", str(out), "--declare-layer", "trade:directed"])
        assert r.exit_code == 0, r.output
        assert pd.read_csv(out)["weight"].tolist() == [2.0, 3.0]


TABLES = {"procurement": BUY, "design_sharing": DESIGN, "logistics": FREIGHT}
HEADERS = sorted({c for f in TABLES.values() for c in f.columns})


#: Each table's own mapping as the data needs it (procurement's ends are aliases).
RIGHT = {"procurement": {"weight": "交易金额(元)"}, "design_sharing": {"source": "企业A", "target": "企业B"},
         "logistics": {"source": "托运方", "target": "物流商", "weight": "运费"}}


def _mapping(table):
    """The right mapping of a table, or any: no mapping or one of the table's own headers for
    each key (every order, swaps included), an amount column of any table for the weight."""
    own = [None, *TABLES[table].columns]
    return st.one_of(st.just(RIGHT[table]), st.fixed_dictionaries(
        {"source": st.sampled_from(own), "target": st.sampled_from(own),
         "weight": st.sampled_from([*own, "运费", "交易金额(元)"])}))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(per_table=st.fixed_dictionaries({t: _mapping(t) for t in TABLES}),
       every=st.fixed_dictionaries({"source": st.sampled_from([None, "托运方", "企业A"]),
                                    "weight": st.sampled_from([None, "交易金额(元)", "运费"])}))
def test_any_assignment_of_mappings_gives_a_network_or_our_error(per_table, every):
    """Whatever headers are mapped where, the read is the data's network (each link possibly
    reversed, each table's weights its amounts or 1 per record) or a netclust error."""
    columns = {k: v for k, v in every.items() if v is not None}
    columns.update({t: {k: v for k, v in m.items() if v is not None} for t, m in per_table.items()})
    try:
        net = nc.read(firms=FIRMS, links=dict(TABLES), columns=columns)
    except NetclustError:
        return
    got = net.links
    expected_pairs = {(frozenset((s, t)), lay) for s, t, lay in EXPECTED}
    assert {(frozenset((s, t)), lay) for s, t, lay in
            got[["source", "target", "layer"]].itertuples(index=False)} == expected_pairs
    for layer, part in got.groupby("layer"):
        amounts = sum(w for (_s, _t, lay), w in EXPECTED.items() if lay == layer)
        assert part["weight"].sum() in (pytest.approx(amounts), len(part))


def test_one_column_mapped_to_source_and_target_is_an_error(data):
    """Found by the property above: both ends on one column made every link a self-loop,
    dropped with warnings, and the layer silently empty."""
    report = nc.validate(firms=FIRMS, links=dict(TABLES),
                         columns={**RIGHT, "logistics": {"source": "托运方", "target": "托运方"}})
    assert [(p.code, p.file, p.column) for p in report.errors] == [
        ("column_mapped_twice", "<logistics links DataFrame>", "托运方")]
    assert report.errors[0].message == ('column "托运方" is mapped to both source and target; map '
                                        "each to its own column")
