"""Ambiguous inputs are refused by the records engines as by the pandas reader (README policy):
duplicated headers (also with a stray space) and Latin-1 bytes that GB18030 would misread."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.cli import cli
from netclust.errors import SchemaError
from netclust.records import aggregate_records
from netclust.records import sources as sources_mod

ROWS = "F1,F2,procurement,1,5\nF2,F3,procurement,2,6\n"
GOOD = "source,target,layer,weight\nF1,F2,procurement,1\nF2,F3,procurement,2\n"
LATIN = "source,target,layer,weight\nF1,F2,procurement,1\nMüller,F2,procurement,2\n"


@pytest.mark.parametrize("header, cells", [("weight,weight", "'weight' and 'weight'"),
                                           ("weight,weight ", "'weight' and 'weight '"),
                                           ("weight, weight", "'weight' and 'weight'")])
def test_duplicated_header_refused_by_the_engine_as_by_pandas(tmp_path, header, cells):
    f = tmp_path / "rec_dup.csv"
    f.write_text(f"source,target,layer,{header}\n{ROWS}")
    with pytest.raises(SchemaError) as pandas_err:
        nc.read(links=f, engine="pandas")
    with pytest.raises(SchemaError) as engine_err:
        nc.read(links=f, engine="duckdb")
    for err in (pandas_err, engine_err):
        msg = str(err.value)
        assert "rec_dup.csv, row 1: columns 4 and 5 are both named \"weight\"" in msg, msg
        assert cells in msg
    # the engine's message is the pandas one with the path as given
    assert str(engine_err.value) == str(pandas_err.value).replace("rec_dup.csv", str(f), 1)


def test_duplicated_header_refused_by_aggregate_and_info(tmp_path):
    f = tmp_path / "rec_dup.csv"
    f.write_text(f"source,target,layer,weight,weight\n{ROWS}")
    out = tmp_path / "links.parquet"
    for args in (["aggregate", str(f), "--out", str(out)], ["info", str(f), "--engine", "duckdb"],
                 ["validate", str(f), "--engine", "duckdb"]):
        res = CliRunner().invoke(cli, args)
        assert res.exit_code == 1, (args, res.output)
        assert "error" in res.output.lower() and "both named \"weight\"" in res.output and str(f) in res.output
        assert "Traceback" not in res.output
    assert not out.exists()


def test_every_file_of_a_glob_and_a_hive_folder_is_checked(tmp_path):
    part = tmp_path / "orders"
    (part / "year=2023").mkdir(parents=True)
    (part / "year=2024").mkdir()
    (part / "year=2023" / "a.csv").write_text(GOOD)
    bad = part / "year=2024" / "b.csv"
    bad.write_text("source,target,layer,weight,source\n" + ROWS)
    for records in (part, str(part / "*" / "*.csv")):
        with pytest.raises(SchemaError) as err:
            aggregate_records(records)
        assert str(bad) in str(err.value) and "columns 1 and 5 are both named \"source\"" in str(err.value)
    bad.write_text(GOOD)
    assert aggregate_records(part).links.num_rows == 2


def test_parquet_with_a_duplicated_column_refused(tmp_path):
    table = pa.Table.from_arrays([pa.array(["F1"]), pa.array(["F2"]), pa.array(["procurement"]),
                                  pa.array([1.0]), pa.array([2.0])],
                                 names=["source", "target", "layer", "weight", "weight"])
    pq.write_table(table, tmp_path / "r.parquet")
    with pytest.raises(SchemaError, match=r"r\.parquet, row 1: columns 4 and 5 are both named \"weight\""):
        nc.read(links=tmp_path / "r.parquet", engine="duckdb")


def test_latin1_bytes_are_not_read_as_gb18030_by_the_engine(tmp_path):
    f = tmp_path / "rec_lat.csv"
    f.write_bytes(LATIN.encode("latin-1"))
    with pytest.raises(SchemaError) as pandas_err:
        nc.read(links=f, engine="pandas")
    with pytest.raises(SchemaError) as engine_err:
        nc.read(links=f, engine="duckdb")
    msg = str(engine_err.value)
    assert msg == str(pandas_err.value).replace("rec_lat.csv", str(f), 1)
    assert "line 3" in msg and "M黮ler" in msg and "Müller" in msg and "--encoding latin-1" in msg
    res = CliRunner().invoke(cli, ["validate", str(f), "--engine", "duckdb"])
    assert res.exit_code == 1 and "--encoding latin-1" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["aggregate", str(f), "--out", str(tmp_path / "l.parquet")])
    assert res.exit_code == 1 and "ambiguous" in res.output
    # declared, it reads as written; GB18030 declared keeps the GB18030 reading
    net = nc.read(links=f, engine="duckdb", encoding="latin-1")
    assert "Müller" in set(net.links["source"])
    net = nc.read(links=f, engine="duckdb", encoding="gb18030")
    assert "M黮ler" in set(net.links["source"])


def test_chinese_gb18030_still_transcoded_silently(tmp_path):
    f = tmp_path / "zh.csv"
    f.write_bytes("source,target,layer,weight\n狮岭皮具,花都物流,procurement,1\n".encode("gb18030"))
    net = nc.read(links=f, engine="duckdb")
    assert set(net.links["source"]) == {"狮岭皮具"}


def test_ambiguity_found_across_chunks_with_the_right_line(tmp_path, monkeypatch):
    """Streaming: the rare character in a later chunk, the whole file still Latin text;
    a later byte that is no Latin letter (a Chinese word) makes the file unambiguous."""
    monkeypatch.setattr(sources_mod, "_CHUNK", 64)
    rows = "".join(f"F{i},F{i + 1},procurement,{i}\n" for i in range(1, 40))
    data = ("source,target,layer,weight\n" + rows + "Gonçalves,F2,procurement,2\n" + rows)
    f = tmp_path / "r.csv"
    f.write_bytes(data.encode("latin-1"))
    with pytest.raises(SchemaError, match=r"r\.csv, line 41: .*'Gonçalves,F2,procurement,2'"):
        aggregate_records(f)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(SchemaError, match="line 41"):
        sources_mod.transcode(str(f), "gb18030", str(work), detected=True)
    assert not list(work.iterdir())  # the partial copy is removed
    assert sources_mod.transcode(str(f), "gb18030", str(work))  # declared: used as given
    f.write_bytes(data.encode("latin-1") + "狮岭,F2,procurement,3\n".encode("gb18030"))
    links = aggregate_records(f).to_pandas()  # a Chinese word: not Latin text, GB18030 it is
    assert "狮岭" in set(links["source"]) and len(links) == 41


def test_spark_refuses_both_ambiguities(tmp_path, spark):
    (tmp_path / "dup.csv").write_text("source,target,layer,weight,weight \n" + ROWS)
    (tmp_path / "lat.csv").write_bytes(LATIN.encode("latin-1"))
    with pytest.raises(SchemaError, match="both named \"weight\""):
        aggregate_records(tmp_path / "dup.csv", engine="spark", spark=spark)
    with pytest.raises(SchemaError, match="line 3: the text encoding is ambiguous"):
        aggregate_records(tmp_path / "lat.csv", engine="spark", spark=spark)


def test_rows_after_leading_blank_lines_and_empty_files(tmp_path):
    """Found by the records fuzz property: blank lines before the header shifted every
    reported line by one per blank line; an empty file was an unnamed column error."""
    f = tmp_path / "r.csv"
    f.write_bytes(b"\xef\xbb\xbf\r\n\r\nsource,target,layer,weight\r\nF1,F2,,1\r\nF2,F3,procurement,2\r\n")
    with pytest.raises(Exception) as err:
        aggregate_records(f)
    assert "row 4" in str(err.value) and "blank layer" in str(err.value)
    f.write_bytes(b"\n\nsource,target,layer,weight\nF1,F2,procurement,1\n\n\"F2\",F3,,2\n")
    with pytest.raises(Exception, match="row 6,"):  # blank lines inside too: the csv module path
        aggregate_records(f)
    f.write_bytes(b"")
    with pytest.raises(SchemaError, match=r"r\.csv: the file is empty"):
        aggregate_records(f)
    (tmp_path / "e.parquet").write_bytes(b"")
    with pytest.raises(SchemaError, match=r"e\.parquet: the file is empty"):
        nc.read(links=tmp_path / "e.parquet", engine="duckdb")
