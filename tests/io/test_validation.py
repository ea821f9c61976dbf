"""Every validation problem class, triggered by a bad file, with file/row/column checked."""

from __future__ import annotations

import pandas as pd
import pytest

import netclust as nc
from netclust.errors import SchemaError, ValidationError

FIRMS = "firm_id,name,role\nA,Alpha,anchor\nB,Beta,sme\nC,Gamma,supplier\n"


def _problem(report, code):
    found = [p for p in report.problems if p.code == code]
    assert found, f"no {code!r} in:\n{report.format()}"
    return found[0]


def _folder(tmp_path, firms=FIRMS, links=None, layers=None):
    d = tmp_path / "in"
    d.mkdir(exist_ok=True)
    if firms is not None:
        (d / "firms.csv").write_text(firms, encoding="utf-8")
    if links is not None:
        (d / "links.csv").write_text(links, encoding="utf-8")
    if layers is not None:
        (d / "layers.csv").write_text(layers, encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "firms, links, code, severity, file, row, column, words",
    [
        ("firm_id,name\nA,x\nB,y\nA,z\n", "source,target,layer\nA,B,procurement\n",
         "duplicate_firm_id", "error", "firms.csv", 4, "firm_id", "'A'"),
        ("firm_id,name\nA,x\n,y\n", "source,target,layer\nA,A2,procurement\n",
         "missing_firm_id", "error", "firms.csv", 3, "firm_id", "blank"),
        (FIRMS, "source,target,layer\nA,B,procurement\nA,ZZ,procurement\n",
         "unknown_firm", "error", "links.csv", 3, "target", "'ZZ'"),
        (FIRMS, "source,target,layer\nA,B,procurement\nA,C,finance\n",
         "undeclared_layer", "error", "links.csv", 3, "layer", "'finance' (1 rows)"),
        (FIRMS, "source,target,layer,weight\nA,B,procurement,abc\n",
         "invalid_weight", "error", "links.csv", 2, "weight", "positive number"),
        (FIRMS, "source,target,layer,weight\nA,B,procurement,1\nA,C,procurement,\n",
         "invalid_weight", "error", "links.csv", 3, "weight", "blank"),
        (FIRMS, "source,target,layer,weight\nA,B,procurement,1\nB,C,procurement,-2\n",
         "negative_weight", "error", "links.csv", 3, "weight", "negative"),
        (FIRMS, "source,target,layer,weight\nA,B,procurement,0\nB,C,procurement,2\n",
         "zero_weight", "warning", "links.csv", 2, "weight", "dropped"),
        (FIRMS, "source,target,layer\nA,A,procurement\nB,C,procurement\n",
         "self_loop", "warning", "links.csv", 2, "source", "dropped"),
        (FIRMS, "source,layer\nA,procurement\n",
         "missing_column", "error", "links.csv", None, "target", "required column 'target'"),
        ("name,role\nx,sme\n", "source,target,layer\nA,B,procurement\n",
         "missing_column", "error", "firms.csv", None, "firm_id", "required column 'firm_id'"),
        (FIRMS, "source,target,layer,date\nA,B,procurement,2024-01-05\nA,C,procurement,yesterday\n",
         "invalid_date", "error", "links.csv", 3, "date", "date"),
        (FIRMS, "source,target,layer\n,B,procurement\n",
         "missing_source", "error", "links.csv", 2, "source", "blank"),
        (FIRMS, "source,target,layer\nA,B,\n",
         "missing_layer", "error", "links.csv", 2, "layer", "blank"),
        ("firm_id,role\nA,anchor\nB,wizard\n", "source,target,layer\nA,B,procurement\n",
         "unknown_role", "warning", "firms.csv", 3, "role", "'wizard'"),
        ("firm_id,exporter\nA,yes\nB,perhaps\n", "source,target,layer\nA,B,procurement\n",
         "invalid_exporter", "warning", "firms.csv", 3, "exporter", "true/false"),
        ("firm_id,lat\nA,23.5\nB,123\n", "source,target,layer\nA,B,procurement\n",
         "invalid_lat", "warning", "firms.csv", 3, "lat", "outside"),
    ],
)
def test_problem_named_with_file_row_column(tmp_path, firms, links, code, severity, file, row,
                                            column, words):
    report = nc.validate(_folder(tmp_path, firms, links))
    p = _problem(report, code)
    assert p.severity == severity
    assert p.file == file
    assert p.column == column
    if row is not None:
        assert p.rows[0] == row
    assert words in p.message
    line = p.format()
    assert file in line and (column in line)
    assert report.ok == (severity != "error" and not report.errors)


def test_empty_tables_are_errors(tmp_path):
    d = _folder(tmp_path, "firm_id,name\n", "source,target,layer\n")
    report = nc.validate(d)
    files = {p.file for p in report.problems if p.code == "empty_table"}
    assert files == {"firms.csv", "links.csv"}
    d2 = tmp_path / "empty"
    d2.mkdir()
    (d2 / "links.csv").write_bytes(b"")
    assert _problem(nc.validate(d2), "empty_table").severity == "error"


def test_all_problems_reported_at_once(tmp_path):
    firms = "firm_id\nA\nB\nB\nC\n"
    links = ("source,target,layer,weight\nA,B,procurement,1\nA,X1,procurement,1\nX2,B,logistics,2\n"
             "A,C,finance,1\nB,C,procurement,-1\nC,C,logistics,1\n")
    report = nc.validate(_folder(tmp_path, firms, links))
    assert {"duplicate_firm_id", "unknown_firm", "undeclared_layer", "negative_weight",
            "self_loop"} <= report.codes()
    with pytest.raises(ValidationError) as exc:
        nc.read(_folder(tmp_path, firms, links))
    text = str(exc.value)
    for word in ("duplicate firm_id", "X1", "X2", "finance", "negative", "self-loop"):
        assert word in text


def test_unknown_firms_listed_with_count(tmp_path):
    rows = "\n".join(f"A,U{i},procurement" for i in range(12))
    report = nc.validate(_folder(tmp_path, links="source,target,layer\n" + rows + "\n"))
    p = _problem(report, "unknown_firm")
    assert p.count == 12 and len(p.rows) == 5
    assert "12 firm id(s)" in p.message and "'U0'" in p.message and "and 7 more" in p.message


def test_undecodable_bytes(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "firms.csv").write_text(FIRMS)
    (d / "links.csv").write_bytes(b"source,target,layer\nA,B,procurement\nA,\xff\xfe\x80,logistics\n")
    report = nc.validate(d)
    p = _problem(report, "unreadable")
    assert "links.csv" in p.message and "line 3" in p.message and "0xff" in p.message
    with pytest.raises(SchemaError, match="line 3"):
        nc.read(d)


def test_dataframe_rows_are_positions():
    firms = pd.DataFrame({"firm_id": ["a", "b"]})
    links = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "q"],
                          "layer": "procurement"})
    p = _problem(nc.validate(firms, links), "unknown_firm")
    assert p.file == "<links DataFrame>" and p.rows == (2,)


def test_mapping_to_missing_column_is_named(tmp_path):
    report = nc.validate(_folder(tmp_path, links="source,target,layer\nA,B,procurement\n"),
                         columns={"weight": "amount"})
    p = _problem(report, "missing_column")
    assert p.column == "amount" and "amount" in p.message


def test_isolated_and_empty_layer_are_infos(tmp_path):
    report = nc.validate(_folder(tmp_path, links="source,target,layer\nA,B,procurement\n"))
    assert report.ok
    assert _problem(report, "isolated_firms").severity == "info"
    assert "design_sharing" in _problem(report, "empty_layer").message


def test_read_counts_isolates_and_empty_layers_as_validate_does(tmp_path):
    """read counts them on the network's codes, validate on the tables: same lines, same order."""
    folder = _folder(tmp_path, links="source,target,layer\nA,B,procurement\nB,A,procurement\n")
    codes = ("isolated_firms", "empty_layer")
    got = [(p.code, p.message, p.file) for p in nc.read(folder).validation.problems if p.code in codes]
    want = [(p.code, p.message, p.file) for p in nc.validate(folder).problems if p.code in codes]
    assert got == want
    assert [c for c, _, _ in got if c in ("isolated_firms", "empty_layer")] == ["isolated_firms", "empty_layer"]
    lines = dict((c, m) for c, m, _ in got)
    assert lines["isolated_firms"].startswith(f"{nc.read(folder).n_firms - 2} firm(s)")


def test_report_json_round_trip(tmp_path):
    import json

    report = nc.validate(_folder(tmp_path, links="source,target,layer\nA,Z,procurement\n"))
    doc = json.loads(report.to_json())
    assert doc["ok"] is False and doc["errors"] == 1
    assert doc["problems"][0]["rows"] == [2] or any(p["rows"] == [2] for p in doc["problems"])
