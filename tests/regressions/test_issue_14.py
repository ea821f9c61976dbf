"""Issue 14: every input quoted in the issue gives a network or a clean netclust error.

Each test is built from the input the issue quotes; the CLI variants check exit
status 1 (or 0) and that no traceback reaches the user.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.errors import InputError, NetclustError, SchemaError
from netclust.schema import AGGREGATE

HEADER = "source,target,layer,weight,date\n"


def _folder(tmp_path, name, **files):
    d = tmp_path / name
    d.mkdir()
    for fname, content in files.items():
        fname = fname.replace("_", ".", 1) if fname.endswith(("_csv", "_toml")) else fname
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (d / fname).write_bytes(data)
    return d


def _cli(*args):
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


# --- tracebacks instead of a clean error -------------------------------------------------

def test_mixed_utc_offsets_and_plain_dates_read_as_wall_time(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text(HEADER + "F1,F2,procurement,1,2024-01-01T10:00:00+08:00\n"
                     "F1,F2,procurement,2,2024-01-02\n")
    assert nc.validate(links).ok
    net = nc.read(links, period="2024")
    row = net.links.iloc[0]
    assert (row["weight"], row["count"]) == (3.0, 2)
    assert _cli("validate", links).exit_code == 0
    assert _cli("info", links, "--period", "2024").exit_code == 0


def test_offset_dates_keep_their_written_day_for_periods(tmp_path):
    links = tmp_path / "links.csv"
    # 02:00 at +08:00 is 2023-12-31 in UTC; the written (wall-time) day is 2024-01-01
    links.write_text(HEADER + "F1,F2,procurement,1,2024-01-01T02:00:00+08:00\n"
                     "F1,F3,procurement,2,2024-01-02T00:00:00+08:00\n")
    net = nc.read(links, period="2024")
    assert len(net.links) == 2
    try:
        assert len(nc.read(links, period="2023").links) == 0
    except NetclustError:  # an empty selection may be refused; never a 2024 record in 2023
        pass


def test_tz_aware_parquet_dates_use_their_own_wall_time(tmp_path):
    stamps = pd.to_datetime(["2024-01-01 02:00"]).tz_localize("Asia/Shanghai")
    frame = pd.DataFrame({"source": ["a"], "target": ["b"], "layer": ["procurement"],
                          "weight": [1.0], "date": stamps})
    frame.to_parquet(tmp_path / "links.parquet")
    assert len(nc.read(tmp_path / "links.parquet", period="2024").links) == 1


def test_empty_layers_csv(tmp_path):
    d = _folder(tmp_path, "d", links_csv="source,target,layer\nF1,F2,procurement\n", layers_csv="")
    with pytest.raises(SchemaError, match="layers.csv: the layer file is empty"):
        nc.read(d)
    res = _cli("validate", d)
    assert res.exit_code == 1 and "layers.csv" in res.output


def test_layers_toml_list_of_numbers(tmp_path):
    d = _folder(tmp_path, "d", links_csv="source,target,layer\nF1,F2,procurement\n",
                layers_toml="layers = [1, 2]\n")
    with pytest.raises(SchemaError, match="layers.toml: layer entry 1 is 1"):
        nc.read(d)
    assert _cli("info", d).exit_code == 1


def test_header_with_stray_space_duplicating_a_column(tmp_path):
    d = _folder(tmp_path, "d", firms_csv="firm_id,name,firm_id \nF1,a,x\nF2,b,y\n",
                links_csv="source,target,layer\nF1,F2,procurement\n")
    report = nc.validate(d)
    assert not report.ok
    msg = report.format()
    assert 'firms.csv, row 1: columns 1 and 3 are both named "firm_id"' in msg
    assert "'firm_id '" in msg
    assert _cli("info", d).exit_code == 1


@pytest.mark.parametrize("spec", ["..", "2024..", "..2024", "now", "today"])
def test_period_without_ends_or_clock_words(tmp_path, spec):
    links = tmp_path / "links.csv"
    links.write_text(HEADER + "F1,F2,procurement,1,2024-01-02\n")
    with pytest.raises(InputError, match="cannot read period") as err:
        nc.read(links, period=spec)
    assert f"period {spec!r}:" in str(err.value)  # what the user typed, not a blank end
    res = _cli("info", links, "--period", spec)
    assert res.exit_code == 1 and "Error:" in res.output and f"period {spec!r}:" in res.output


@pytest.mark.parametrize("where", ["frame", "parquet"])
def test_float_weight_inf_names_the_cell(tmp_path, where):
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "weight": [1.0, math.inf]})
    if where == "frame":
        report, label, row = nc.validate(links=frame), "<links DataFrame>", 1
    else:
        frame.to_parquet(tmp_path / "links.parquet")
        report, label, row = nc.validate(tmp_path / "links.parquet"), "links.parquet", 3
    (err,) = report.errors
    assert (err.file, err.column, err.rows, err.code) == (label, "weight", (row,), "invalid_weight")


@pytest.mark.parametrize("where", ["frame", "parquet"])
def test_large_finite_float_weight_is_fine(tmp_path, where):
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "weight": [1e20, 2.0]})
    if where == "parquet":
        frame.to_parquet(tmp_path / "links.parquet")
        net = nc.read(tmp_path / "links.parquet")
    else:
        net = nc.read(links=frame)
    assert sorted(net.links["weight"]) == [2.0, 1e20]


# --- invalid data accepted by validate -----------------------------------------------

def test_layer_entry_without_name(tmp_path):
    d = _folder(tmp_path, "d", links_csv="source,target,layer\nF1,F2,procurement\n",
                layers_toml="[[layers]]\ndirected = true\n")
    report = nc.validate(d)
    assert not report.ok and "a layer entry has no name" in report.format()
    with pytest.raises(SchemaError):
        nc.read(links=pd.DataFrame({"source": ["a"], "target": ["b"]}),
                layers=[{"directed": True}])
    with pytest.raises(SchemaError):
        nc.read(links=pd.DataFrame({"source": ["a"], "target": ["b"]}),
                layers=pd.DataFrame({"layer": [None], "directed": [True]}))


@pytest.mark.parametrize("how", ["csv", "option", "spec"])
def test_layer_named_aggregate_is_refused(tmp_path, how):
    links = pd.DataFrame({"source": ["a"], "target": ["b"], "layer": [AGGREGATE]})
    if how == "csv":
        d = _folder(tmp_path, "d", links_csv=f"source,target,layer\nF1,F2,{AGGREGATE}\n",
                    layers_csv=f"layer,directed\n{AGGREGATE},true\n")
        msg = nc.validate(d).format()
        assert f'layers.csv, row 2, column "layer": {AGGREGATE!r} is reserved' in msg
        assert _cli("validate", d).exit_code == 1
        return
    layers = [f"{AGGREGATE}:directed"] if how == "option" else [nc.LayerSpec(AGGREGATE, True)]
    with pytest.raises(SchemaError, match="reserved"):
        nc.read(links=links, layers=layers)


@pytest.mark.parametrize("where", ["csv", "frame"])
def test_weights_summing_to_infinity_name_the_link(tmp_path, where):
    if where == "csv":
        (tmp_path / "links.csv").write_text(
            "source,target,layer,weight\nF1,F2,procurement,1e308\nF1,F2,procurement,1e308\n")
        report, rows = nc.validate(tmp_path / "links.csv"), (2, 3)
    else:
        report, rows = nc.validate(links=pd.DataFrame(
            {"source": ["F1", "F1"], "target": ["F2", "F2"], "layer": "procurement",
             "weight": [1e308, 1e308]})), (0, 1)
    (err,) = report.errors
    assert err.code == "weight_overflow" and err.rows == rows and err.column == "weight"
    assert "'F1' -> 'F2' in layer 'procurement'" in err.message


def test_dates_now_and_today_are_rejected(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text(HEADER + "F1,F2,procurement,1,now\nF1,F3,procurement,1,today\n"
                     "F1,F4,procurement,1,2024-05-01\n")
    (err,) = nc.validate(links).errors
    assert (err.code, err.rows, err.column) == ("invalid_date", (2, 3), "date")


def test_duplicated_weight_header(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("source,target,layer,weight,weight\nF1,F2,procurement,1,2\n")
    report = nc.validate(links)
    assert 'columns 4 and 5 are both named "weight"' in report.format()


def test_latin1_bytes_are_not_read_silently_as_gb18030(tmp_path):
    d = _folder(tmp_path, "d", firms_csv="firm_id,name\nF1,Müller\nF2,Zoe\n".encode("latin-1"),
                links_csv="source,target,layer\nF1,F2,procurement\n")
    report = nc.validate(d)
    assert not report.ok
    msg = report.format()
    assert "firms.csv, line 2" in msg and "Müller" in msg and "--encoding latin-1" in msg
    net = nc.read(d, encoding="latin-1")
    assert net.firms.loc["F1", "name"] == "Müller"
    assert _cli("validate", d).exit_code == 1
    assert _cli("validate", d, "--encoding", "latin-1").exit_code == 0


def test_latin1_bytes_invalid_in_gb18030_suggest_latin1(tmp_path):
    (tmp_path / "firms.csv").write_bytes("firm_id,name\nF1,Zoë\n".encode("latin-1"))
    with pytest.raises(SchemaError, match="firms.csv, line 2: cannot decode.*'F1,Zoë'.*--encoding latin-1"):
        nc.read(links=pd.DataFrame({"source": ["F1"], "target": ["F1"]}),
                firms=tmp_path / "firms.csv")


def test_real_gb18030_chinese_still_reads(tmp_path):
    d = _folder(tmp_path, "d", firms_csv="firm_id,name\nF1,狮岭宏达皮具厂\nF2,花都集运物流廠\n"
                .encode("gb18030"), links_csv="source,target,layer\nF1,F2,procurement\n")
    net = nc.read(d)
    assert net.firms.loc["F2", "name"] == "花都集运物流廠"


# --- wrong locations -------------------------------------------------------------------

def test_blank_lines_do_not_shift_row_numbers(tmp_path):
    d = _folder(tmp_path, "d", firms_csv="firm_id,name,role\nF1\n\nF2\nF2\n",
                links_csv="source,target,layer\nF1,F2,procurement\n")
    (err,) = nc.validate(d).errors
    assert (err.code, err.rows) == ("duplicate_firm_id", (5,))
    assert "firms.csv, row 5" in _cli("validate", d).output


def test_quoted_newlines_and_leading_blank_lines_keep_physical_lines(tmp_path):
    (tmp_path / "links.csv").write_text('\n\nsource,target,layer,weight\n'
                                        'F1,F2,procurement,"1\n"\n\nF1,F3,procurement,-1\n')
    (err,) = nc.validate(tmp_path / "links.csv").errors
    assert (err.code, err.rows) == ("negative_weight", (7,))


def test_blank_rows_in_xlsx_keep_sheet_row_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "links"
    for row in (["source", "target", "layer", "weight"], ["a", "b", "procurement", 1], [],
                ["a", "c", "procurement", -2]):
        ws.append(row)
    wb.save(tmp_path / "data.xlsx")
    (err,) = nc.validate(tmp_path / "data.xlsx").errors
    assert (err.rows, err.file) == ((4,), "data.xlsx[links]")


# --- output edges ---------------------------------------------------------------------

def test_generate_refuses_to_overwrite_data_without_force(tmp_path):
    out = tmp_path / "gen"
    assert _cli("generate", "--firms", 60, "--out", out).exit_code == 0
    before = (out / "firms.csv").read_bytes()
    res = _cli("generate", "--firms", 80, "--seed", 1, "--out", out)
    assert res.exit_code == 1 and "already holds data" in res.output and "--force" in res.output
    assert (out / "firms.csv").read_bytes() == before
    assert _cli("generate", "--firms", 80, "--seed", 1, "--out", out, "--force").exit_code == 0
    assert (out / "firms.csv").read_bytes() != before


@pytest.mark.parametrize("command", ["export", "aggregate"])
@pytest.mark.parametrize("target", ["/proc/netclust_out.gexf", "/sys/netclust_out.gexf",
                                    "FILE/below/out.gexf"])
def test_unwritable_output_names_the_users_path(tmp_path, toy_dir, target, command):
    if target.startswith("FILE"):
        target = str(toy_dir / "firms.csv" / "below" / "out.gexf")
    if command == "aggregate":
        target = target.replace(".gexf", ".parquet")
        res = _cli("aggregate", toy_dir / "links.csv", "--out", target)
    else:
        res = _cli("export", toy_dir, "--to", "gexf", "--out", target)
    assert res.exit_code == 1
    assert target in res.output and ".tmp" not in res.output and "netclust-tmp" not in res.output
    assert "cannot write" in res.output and "File exists" not in res.output
    if "firms.csv" in target:
        assert "is a file, not a folder" in res.output


def test_aggregate_writes_the_usual_file_mode_and_leaves_no_temp(tmp_path, toy_dir):
    out = tmp_path / "o" / "links.parquet"
    old = os.umask(0o022)
    try:
        assert _cli("aggregate", toy_dir / "links.csv", "--out", out).exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in out.parent.iterdir()] == ["links.parquet"]
    assert len(pd.read_parquet(out)) > 0


def test_cli_never_shows_a_traceback_on_issue_inputs(tmp_path):
    frame = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "layer": "procurement",
                          "weight": [1.0, np.inf]})
    frame.to_parquet(tmp_path / "inf.parquet")
    for cmd in ("validate", "info"):
        res = _cli(cmd, tmp_path / "inf.parquet")
        assert res.exit_code == 1 and 'column "weight"' in res.output


# --- names with two dollar signs (matplotlib math text) ----------------------------------

def test_report_with_dollar_signs_in_layer_sector_and_role_names(tmp_path):
    """Two ``$`` in a name made matplotlib parse it as math text; ``report`` died in its parser."""
    from netclust.generator import generate_tables

    tables = generate_tables(80, seed=1)
    firms, links = tables.firms.copy(), tables.links.copy()
    links["layer"] = links["layer"].replace({"logistics": "lo$gis$tics"})
    # "tr$^$ade" is not even valid math text: matplotlib's parser raised
    firms["role"] = firms["role"].replace({"designer": "de$sig$ner", "trade_service": "tr$^$ade"})
    firms["sector"] = firms["sector"].astype(str).where(firms.index % 3 != 0, "se$ct$or")
    assert {"de$sig$ner"} <= set(firms["role"]) and {"lo$gis$tics"} <= set(links["layer"])
    d = tmp_path / "d"
    d.mkdir()
    firms.to_csv(d / "firms.csv", index=False)
    links.to_csv(d / "links.csv", index=False)
    (d / "layers.csv").write_text("layer,directed,weighted,description\n"
                                  "procurement,true,true,buying\ndesign_sharing,false,true,designs\n"
                                  "lo$gis$tics,true,true,trucks for $1 or $2\n", encoding="utf-8")
    out = tmp_path / "r.html"
    res = _cli("report", d, "--runs", 2, "--null-runs", 2, "--out", out)
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    for name in ("lo$gis$tics", "se$ct$or", "de$sig$ner", "tr$^$ade"):
        assert f">{name}</td>" in html  # literally, in the tables
    assert ">lo$gis$tics (" in html  # the figure's legend (SVG text), not math
    assert "\\$" not in html  # matplotlib's escape never reaches the page
