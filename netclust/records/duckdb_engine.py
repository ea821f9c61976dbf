"""DuckDB runs the aggregation: out of core, with a memory limit and a temp folder.

The connection never downloads an extension (``autoinstall_known_extensions``
and ``autoload_known_extensions`` off): CSV, Parquet and ICU are built into the
wheel. Records are read as they are (CSV cells as text, so ``007`` stays
``007``) into a view ``records`` and the SQL of :mod:`netclust.records.sql` runs
over it.

CSV fast path: the date column is first read typed (:func:`csv_types`: DuckDB
parses it while reading, strictly ``%Y-%m-%d``), everything else stays text.
Amounts are not read typed: DuckDB's number parser also reads ``1_000`` and
rounds ``1e-320`` to 0 without a trace, so amounts go through the SQL's
:data:`~netclust.records.sql.AMOUNT_PATTERN` check and cast. If the typed read
rejects a date (a time part, another format), the records are read again all as
text and the SQL's checks count every problem and find its file and line; clean
files are read once. Both reads give the same dates (tested on edge cases:
one-digit months, spaces, years of other lengths, which fall outside
:data:`~netclust.records.sql.DATE_RANGE` and are errors either way). ``preserve_insertion_order`` is off for the aggregation, which lets
DuckDB spill the hash table to ``temp_directory`` instead of holding it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow as pa

from netclust import schema as S
from netclust.errors import InputError, NetclustError, SchemaError
from netclust.records.sql import ColumnMap, checked, flagged_sql

__all__ = ["DEFAULT_MEMORY_LIMIT", "MemoryLimitError", "connect", "register", "run", "locate", "csv_types",
           "links_and_problems"]

#: Default DuckDB memory limit: enough for a 100M-record aggregation, far below this
#: machine's RAM; DuckDB spills to its temp folder beyond it.
DEFAULT_MEMORY_LIMIT = "1GB"


class MemoryLimitError(NetclustError):
    """DuckDB ran out of its memory limit (or the temp folder's disk) in a named step."""


def _default_memory_limit() -> str:
    """:data:`DEFAULT_MEMORY_LIMIT`, or 40% of ``netclust --max-memory`` when that is lower
    (DuckDB then spills to disk before the process reaches the user's limit)."""
    from netclust._memory import active_limit

    cap = active_limit()
    if cap is None or cap * 0.4 >= 2**30:
        return DEFAULT_MEMORY_LIMIT
    return f"{max(64, int(cap * 0.4 / 2**20))}MB"


def connect(*, memory_limit: str | None = None, temp_directory: str | None = None,
            threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with netclust's settings (no extension downloads, UTC, limits).

    Examples
    --------
    >>> from netclust.records.duckdb_engine import connect
    >>> con = connect(memory_limit="256MB")
    >>> con.execute("SELECT current_setting('autoinstall_known_extensions')").fetchone()
    (False,)
    """
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
              "preserve_insertion_order": False,
              "memory_limit": str(memory_limit or _default_memory_limit())}
    if temp_directory:
        config["temp_directory"] = str(temp_directory)
    if threads:
        config["threads"] = int(threads)
    try:
        con = duckdb.connect(config=config)
    except duckdb.Error as exc:
        raise InputError(f"cannot start DuckDB with memory limit {memory_limit!r}: {exc}") from None
    con.execute("SET TimeZone = 'UTC'")
    return con


def _text(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _reader(sources, files, types=None) -> str:
    lst = "[" + ", ".join(_text(f) for f in files) + "]"
    hive = f", hive_partitioning = {str(sources.hive).lower()}"
    if sources.fmt == "parquet":
        return f"read_parquet({lst}, filename = '_file', union_by_name = true{hive}"
    typed = ""
    if types:  # the fast path: DuckDB parses ISO dates while reading
        typed = (", dateformat = '%Y-%m-%d', types = {"
                 + ", ".join(f"{_text(c)}: {_text(t)}" for c, t in types.items()) + "}")
    return (f"read_csv({lst}, all_varchar = true, header = true, delim = {_text(sources.delimiter)}, "
            f"quote = '\"', escape = '\"', filename = '_file', union_by_name = true{hive}{typed}")


def csv_types(sources, columns: dict, measures=()) -> dict:
    """Input column -> DuckDB type of the typed CSV read: the date ``DATE`` (amounts stay text).

    Empty for Parquet (already typed). Reading the date typed gives the same
    dates as the text path's :data:`~netclust.records.sql.DATE_PATTERN` check
    (``%Y-%m-%d``; one-digit months and days and surrounding spaces are read by
    both); a value the typed read rejects makes the whole read fail, and the
    text path then runs and reports it with file and line. Amounts are never
    read typed (DuckDB's parser reads ``1_000`` as 1000: the SQL checks the text).

    Examples
    --------
    >>> from netclust.records.duckdb_engine import csv_types
    >>> from netclust.records.sources import Sources
    >>> csv_types(Sources("csv", ["r.csv"]), {"source": "s", "target": "t", "weight": "amount", "date": "day"})
    {'day': 'DATE'}
    """
    if sources.fmt != "csv":
        return {}
    out = {columns[S.DATE]: "DATE"} if columns.get(S.DATE) else {}
    # Hive keys (``date=2024-01-02/``) are not CSV columns: DuckDB types them itself
    keys = {part.split("=", 1)[0] for f in sources.files for part in Path(f).parts[:-1] if "=" in part}
    return {col: typ for col, typ in out.items() if col not in keys}


def _kind(duck_type: str) -> str:
    t = duck_type.upper()
    if t.startswith(("DATE", "TIMESTAMP")):
        return "date"
    if t.startswith(("VARCHAR", "BLOB", "BOOL")):
        return "text"
    return "number"


def register(con, sources, *, firms: pa.Table | None = None, extra: str = "", types=None):
    """Create the views ``records`` (and ``firms``); return ``{column: kind}`` of the records.

    ``types`` (:func:`csv_types`) reads those CSV columns typed; the others stay text.
    """
    rel = _reader(sources, sources.files, types) + extra + ")"
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW records AS SELECT * FROM {rel}")
        described = con.execute("DESCRIBE SELECT * FROM records").fetchall()
    except duckdb.OutOfMemoryException as exc:
        raise MemoryLimitError(f"out of memory while reading the records' columns: {_first_line(exc)}. "
                               "Raise --memory-limit (e.g. --memory-limit 2GB).") from None
    except duckdb.Error as exc:
        raise SchemaError(f"cannot read the records: {_first_line(exc)}") from None
    if firms is not None:
        con.register("_firm_table", firms)
        con.execute("CREATE OR REPLACE TEMP VIEW firms AS SELECT DISTINCT firm_id FROM _firm_table")
    return {name: _kind(typ) for name, typ, *_ in described if name != "_file"}


def _first_line(exc) -> str:
    return str(exc).strip().splitlines()[0]


def run(con, sql: str, *, step: str = "aggregating records") -> pa.Table:
    """Run ``sql`` and return an Arrow table; memory exhaustion becomes a clear error.

    Raises
    ------
    MemoryLimitError
        DuckDB's memory limit (or the temp folder's disk) was not enough.
    SchemaError
        The records could not be read (bad CSV, invalid UTF-8, ...).
    """
    try:
        rel = con.sql(sql)
        fetch = getattr(rel, "to_arrow_table", None) or rel.arrow  # duckdb 2 / 1.x
        return fetch()
    except duckdb.OutOfMemoryException as exc:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        raise MemoryLimitError(
            f"out of memory while {step} (DuckDB memory limit {limit}): {_first_line(exc)}. "
            "Raise --memory-limit (e.g. --memory-limit 4GB) or point --temp-dir at a folder "
            "with more free disk space.") from None
    except (duckdb.InvalidInputException, duckdb.ConversionException, duckdb.IOException) as exc:
        hint = " (not UTF-8? pass --encoding gb18030)" if "unicode" in str(exc).lower() else ""
        raise SchemaError(f"cannot read the records while {step}: {_first_line(exc)}{hint}") from None


def _physical_lines(path: str) -> int:
    """Lines in a file (a last line without a line break counts), counted in bytes without parsing."""
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


def _csv_lines(path: str, records: list, total: int | None = None) -> dict:
    """Physical line (1-based) of each 1-based record index.

    A file of exactly ``total + 1`` lines (``total`` records and the header) has
    one record per line, so record ``n`` is on line ``n + 1``: counting the line
    breaks is enough (blank lines before the header shift every record). Otherwise
    (blank lines, which DuckDB skips, or quoted line breaks) the file is read with the
    csv module up to the last wanted record.
    """
    with open(path, "rb") as fh:  # blank lines before the header (DuckDB skips them)
        head = fh.read(1 << 16).removeprefix(b"\xef\xbb\xbf")
    lead = head[: len(head) - len(head.lstrip(b"\r\n\t "))].count(b"\n")
    if total is not None and _physical_lines(path) == total + 1 + lead:
        return {n: n + 1 + lead for n in records}
    wanted, out = set(records), {}
    last = max(records)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next((row for row in reader if row), None)  # the header: the first non-blank row
        n = 0
        start = reader.line_num + 1
        for row in reader:  # stops at the last wanted record (error path only)
            if row:
                n += 1
                if n in wanted:
                    out[n] = start
                if n >= last:
                    break
            start = reader.line_num + 1
    return out


def locate(con, sources, cmap: ColumnMap, sql_args: dict, path: str, bits, *, first: int = 5,
           types=None) -> dict:
    """The first rows (CSV: physical line; Parquet: header = 1) of each problem bit in one file.

    Runs only when problems were counted; scans that one file once, read as the
    counts were (``types``: the typed CSV read of :func:`csv_types`).
    """
    if sources.fmt == "parquet":
        rec = "(file_row_number + 1)"
        extra = ", file_row_number = true"
    else:
        rec, extra = "row_number() OVER ()", ""
    one = _reader(sources, [path], types) + extra + ")"
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"CREATE OR REPLACE TEMP VIEW records AS SELECT {rec} AS _rec, * FROM {one}")
    flagged = flagged_sql(cmap, passthrough=("_file", "_rec"), **sql_args)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _bad AS {flagged} "
                f"SELECT _rec, problems FROM flagged WHERE {checked()}")
    found = {b: [r for (r,) in con.execute(f"SELECT _rec FROM _bad WHERE (problems & {int(b)}) <> 0 "
                                           f"ORDER BY _rec LIMIT {int(first)}").fetchall()] for b in bits}
    con.execute("DROP TABLE _bad")
    con.execute("SET preserve_insertion_order = false")
    if sources.fmt == "parquet":
        return {b: [r + 1 for r in rows] for b, rows in found.items()}
    total = con.execute(f"SELECT count(*) FROM {one}").fetchone()[0]
    lines = _csv_lines(path, [r for rows in found.values() for r in rows] or [1], total)
    return {b: [lines.get(r, r + 1) for r in rows] for b, rows in found.items()}


def _aggregate(con, sources, cols: dict, kinds: dict, opts: dict):
    """Run the aggregation: typed CSV read first, the all-text read if the typed one fails.

    Returns ``(groups, cmap, sql_args, sql, types)``; ``types`` is empty when the text read ran.
    """
    from netclust.records.aggregation import plan

    args, sql = plan(ColumnMap(cols, kinds), opts)  # user errors (no layer column, ...) first
    types = csv_types(sources, cols, opts["measures"])
    if types:
        try:
            cmap = ColumnMap(cols, register(con, sources, types=types))
            args, sql = plan(cmap, opts)
            return run(con, sql), cmap, args, sql, types
        except SchemaError:  # a value the typed read rejects: the text read finds and reports it
            register(con, sources)
            args, sql = plan(ColumnMap(cols, kinds), opts)
    return run(con, sql), ColumnMap(cols, kinds), args, sql, {}


def links_and_problems(records, opts: dict, *, workdir, memory_limit=None, encoding=None, progress=None,
              **_spark):
    """Run the aggregation on DuckDB: ``(groups, report, sql)`` (see ``aggregate_records``)."""
    from netclust._progress import report as tick
    from netclust.records.aggregation import has_problems, problem_query, report_for
    from netclust.records.sources import find_sources, resolve_columns

    tick(progress, 0, 3)
    sources = find_sources(records, encoding=encoding, workdir=workdir)
    con = connect(memory_limit=memory_limit, temp_directory=workdir)
    try:
        kinds = register(con, sources, firms=opts["firms"])
        cols = resolve_columns(list(kinds), opts["columns"], measures=[c for c, _ in opts["measures"]])
        tick(progress, 1, 3)
        groups, cmap, args, sql, types = _aggregate(con, sources, cols, kinds, opts)
        tick(progress, 2, 3)
        counts = run(con, problem_query(cmap, args), step="counting problems") if has_problems(groups) else groups
        report = report_for(counts, cmap, label=sources.label,
                            locate=lambda f, bits: locate(con, sources, cmap, args, f, bits, types=types))
        tick(progress, 3, 3)
    finally:
        con.close()
    return groups, report, sql
