"""``aggregate_records``: records (files or a DataFrame) -> one link per (source, target, layer[, period]).

Engines: ``"duckdb"`` (default for files), ``"spark"`` (``netclust[spark]``) and
``"pandas"`` (for DataFrames). DuckDB and Spark run the same SQL
(:mod:`netclust.records.sql`); the pandas engine is an independent
implementation of the same contract, used for DataFrames and as the oracle in
tests. Whatever the engine, the link table is finished here by the same code
(micro-units -> float64, sorted by the keys), so the three agree row for row.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netclust import schema as S
from netclust.errors import InputError, SchemaError, UndatedError, ValidationError
from netclust.io.validation import ValidationReport
from netclust.records.sql import (CHECKS_MASK, MEASURE_FUNCTIONS, OUTSIDE, SCALE, UNDATED, ColumnMap,
                                  aggregate_sql, problems_sql)
from netclust.records.validate import build_report, problem_counts

__all__ = ["RecordsResult", "aggregate_records", "ENGINES", "FIRST_DATE", "LAST_DATE"]

ENGINES = ("duckdb", "spark", "pandas")
FIRST_DATE = "first_date"
LAST_DATE = "last_date"


@dataclass
class RecordsResult:
    """Links aggregated from records, with the validation report of the records.

    Attributes
    ----------
    links : pyarrow.Table
        ``source, target, layer[, period], weight, count, first_date, last_date``
        and one column per extra measure (``<column>_<function>``), sorted by keys.
    report : ValidationReport
        Record-level problems (counts, files, first rows).
    engine : str
    records : int
        Records read (valid or not).
    seconds : float
    sql : str
        The query the engine ran (empty for pandas).
    period : str or None
        The period window applied (``period=``), if any.
    left_out : pyarrow.Table or None
        With a period window: the links of the valid records it left out, as
        ``links`` (one row per key and reason; ``first_date`` null for undated
        records, ``period`` null), for checks and messages; None otherwise.
    """

    links: pa.Table
    report: ValidationReport = field(default_factory=ValidationReport)
    engine: str = "duckdb"
    records: int = 0
    seconds: float = 0.0
    sql: str = ""
    period: str | None = None
    left_out: pa.Table | None = None

    def to_pandas(self) -> pd.DataFrame:
        """The links as a DataFrame (dates as ``datetime64``)."""
        return self.links.to_pandas(date_as_object=False)


def _layer_names(layers) -> tuple:
    if layers is None:
        return tuple(s.name for s in S.DEFAULT_LAYERS)
    if isinstance(layers, str) and ":" not in layers and not Path(layers).exists():
        return (layers,)
    if not isinstance(layers, (str, Path)) and all(isinstance(x, str) and ":" not in x for x in layers):
        return tuple(layers)
    from netclust.io.layers import parse_layers

    return tuple(s.name for s in parse_layers(layers if not isinstance(layers, (str, Path)) else None,
                                              path=Path(layers) if isinstance(layers, (str, Path)) else None))


def _firm_ids(firms) -> pa.Table | None:
    if firms is None:
        return None
    from netclust.io.checks import as_text

    if isinstance(firms, (str, Path)):
        from netclust.io.tables import read_table

        firms = read_table(firms).frame
    if isinstance(firms, pd.DataFrame):
        cols = {str(c).strip().lower(): c for c in firms.columns}
        col = next((cols[a] for a in (S.FIRM_ID,) + S.ALIASES[S.FIRM_ID] if a in cols), None)
        ids = firms[col] if col is not None else firms.index.to_series()
    else:
        ids = pd.Series(list(firms))
    ids = as_text(pd.Series(ids.to_numpy()))
    return pa.table({"firm_id": pa.array(ids[ids != ""].unique(), pa.string())})


def _measures(measures) -> tuple:
    if not measures:
        return ()
    items = measures.items() if isinstance(measures, dict) else (m.split(":", 1) if isinstance(m, str)
                                                                  else m for m in measures)
    out = []
    for col, func in items:
        if func not in MEASURE_FUNCTIONS:
            raise InputError(f"measure {col}:{func}: function must be one of {', '.join(MEASURE_FUNCTIONS)}")
        out.append((str(col), str(func)))
    return tuple(out)


def _amount(col) -> pa.Array:
    """Whole micro-units (decimal or integer) -> float64, the same way for every engine."""
    micro = pc.cast(col, pa.float64())
    return pc.divide(micro, float(10 ** SCALE))


def finish(groups: pa.Table, *, by_period, measures, bits=(0,), sort: bool = True) -> pa.Table:
    """Links from the engine's groups: valid rows, amounts as float64, sorted by the keys.

    ``bits``: the ``problems`` values kept (0: the links; ``(OUTSIDE, UNDATED)``: the
    valid records a period window left out).
    """
    kept = pc.is_in(groups.column("problems"), pa.array(bits, groups.schema.field("problems").type))
    valid = groups if pc.all(kept).as_py() is not False else groups.filter(kept)  # no copy when all kept
    keys = [S.SOURCE, S.TARGET, S.LAYER] + ([S.PERIOD] if by_period else [])
    cols = {k: pc.cast(valid.column(k), pa.string()) for k in keys}
    cols[S.WEIGHT] = _amount(valid.column(S.WEIGHT))
    cols[S.COUNT] = pc.cast(valid.column(S.COUNT), pa.int64())
    cols[FIRST_DATE] = pc.cast(valid.column(FIRST_DATE), pa.date32())
    cols[LAST_DATE] = pc.cast(valid.column(LAST_DATE), pa.date32())
    for i, (col, func) in enumerate(measures):
        value = _amount(valid.column(f"m{i}"))
        if func == "mean":
            n = pc.cast(valid.column(f"n{i}"), pa.float64())
            value = pc.if_else(pc.equal(n, 0), None, pc.divide(value, n))
        cols[f"{col}_{func}"] = value
    table = pa.table(cols)  # first_date: the order of left-out rows sharing a key (undated last)
    return table.sort_by([(k, "ascending") for k in keys + [FIRST_DATE]]) if sort else table


def _engine_for(records, engine) -> str:
    if engine is None:
        return "pandas" if isinstance(records, pd.DataFrame) else "duckdb"
    if engine not in ENGINES:
        raise InputError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "pandas" and not isinstance(records, pd.DataFrame):
        raise InputError("engine='pandas' takes a records DataFrame; for files use duckdb or spark")
    return engine


def aggregate_records(records, *, firms=None, layers=None, by_period: str | None = None,
                      period=None, engine: str | None = None, memory_limit: str | None = None,
                      temp_directory=None, columns: dict | None = None, measures=None,
                      encoding: str | None = None, drop_invalid: bool = False,
                      spark_master: str | None = None, spark=None, progress=None,
                      sort: bool = True) -> RecordsResult:
    """Aggregate transaction records into links, out of core.

    Parameters
    ----------
    records : path, glob, folder, list of these, or DataFrame
        CSV (UTF-8, or GB18030/GBK transcoded on the fly) or Parquet files; a
        folder is read recursively (Hive ``key=value`` partitions become columns).
    firms : path, DataFrame or iterable of ids, optional
        Known firms; records naming another firm are ``unknown_firm`` errors.
    layers : path, names or layer declarations, optional
        Declared layers (default: netclust's three); a layer column is required
        unless exactly one layer is declared.
    by_period : {"year", "quarter", "month"}, optional
        One link per period too; labels as :func:`netclust.periods.period_labels`.
    period : str, optional
        Period window (``2024``, ``2024Q2``, ``2023-07..2024-06``;
        :func:`netclust.periods.parse_period`): only records dated inside it
        make links, as ``netclust.read(..., period=)`` does. Records dated
        outside it and undated records (blank date) are left out and counted
        (``info`` lines ``outside_period`` and ``undated_records``; their links
        in ``left_out``). Every record is still validated (an unknown firm or a
        bad amount outside the window is an error, as in ``netclust.read``);
        self-loops are warned about inside the window only.
    engine : {"duckdb", "spark", "pandas"}, optional
        Default: pandas for a DataFrame, DuckDB for files.
    memory_limit : str, optional
        DuckDB memory limit (default :data:`~netclust.records.duckdb_engine.DEFAULT_MEMORY_LIMIT`).
    temp_directory : path, optional
        Where DuckDB spills and GB18030 files are transcoded (default: a new temp folder).
    columns : dict, optional
        Canonical name -> your column (``{"weight": "金额"}``).
    measures : dict or list of "column:function", optional
        Extra measures, functions ``sum``, ``min``, ``max``, ``mean``.
    encoding : str, optional
        Force the CSV encoding.
    drop_invalid : bool, default False
        Drop records with errors instead of raising.
    spark_master : str, optional
        Spark master URL (default ``$SPARK_MASTER`` or ``local[*]``).
    spark : pyspark.sql.SparkSession, optional
        Use this session.
    progress : callable, optional
        ``progress(done, total)`` over the steps.
    sort : bool, default True
        Sort the links by their keys (the same order on every engine). ``False``
        leaves the engine's order (each key still once): what :func:`netclust.read`
        uses, since the network orders its links by firm codes anyway (10 s saved on
        6,000,000 links).

    Returns
    -------
    RecordsResult

    Raises
    ------
    ValidationError
        Records have errors and ``drop_invalid`` is False.
    netclust.records.duckdb_engine.MemoryLimitError
        DuckDB's memory limit was too small.

    Examples
    --------
    >>> from netclust.records import aggregate_records
    >>> recs = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "B", "C"],
    ...                      "layer": "procurement", "weight": [1.5, 2.0, 4.0],
    ...                      "date": ["2024-01-03", "2024-05-01", "2024-02-02"]})
    >>> res = aggregate_records(recs, by_period="year")
    >>> res.to_pandas()[["source", "target", "period", "weight", "count"]]
      source target period  weight  count
    0      A      B   2024     3.5      2
    1      B      C   2024     4.0      1

    A window keeps the records dated inside it (here the first half of 2024):

    >>> res = aggregate_records(recs, period="2024-01..2024-03")
    >>> res.to_pandas()[["source", "target", "weight", "count"]]
      source target  weight  count
    0      A      B     1.5      1
    1      B      C     4.0      1
    >>> [p.message for p in res.report.problems if p.code == "outside_period"]
    ["1 records dated outside period '2024-01..2024-03' left out"]
    """
    engine = _engine_for(records, engine)
    if by_period is not None and by_period not in ("year", "quarter", "month"):
        raise InputError(f"by_period must be year, quarter or month, not {by_period!r}")
    opts = dict(firms=_firm_ids(firms), layers=_layer_names(layers), by_period=by_period,
                columns=columns, measures=_measures(measures), period=period, window=_window(period))
    start = time.perf_counter()
    own_tmp = temp_directory is None and engine != "pandas"
    workdir = tempfile.mkdtemp(prefix="netclust-records-") if own_tmp else temp_directory
    try:
        if engine == "pandas":
            from netclust.records.pandas_engine import links_and_problems as run_engine
        elif engine == "duckdb":
            from netclust.records.duckdb_engine import links_and_problems as run_engine
        else:
            from netclust.records.spark_engine import links_and_problems as run_engine
        groups, report, sql = run_engine(records, opts, workdir=workdir, memory_limit=memory_limit,
                                         encoding=encoding, spark_master=spark_master, spark=spark,
                                         progress=progress)
    finally:
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)
    if not report.ok and not drop_invalid:
        raise ValidationError(report)
    links = finish(groups, by_period=by_period, measures=opts["measures"], sort=sort)
    n = int(pc.sum(groups.column(S.COUNT)).as_py() or 0) if groups.num_rows else 0
    report.add("info", "aggregated", f"{n} records aggregated into {links.num_rows} links")
    left_out = None
    if period is not None:
        _window_lines(groups, period, report)
        left_out = finish(groups, by_period=by_period, measures=opts["measures"], bits=(OUTSIDE, UNDATED))
    return RecordsResult(links, report, engine, n, time.perf_counter() - start, sql, period, left_out)


def _window(period) -> tuple | None:
    """``[start, end)`` of a period window as ISO dates (None without a window)."""
    if period is None:
        return None
    from netclust.periods import parse_period

    return tuple(str(t.date()) for t in parse_period(period))


def _records_with(groups: pa.Table, bit: int) -> int:
    """Records in the groups whose ``problems`` have ``bit``."""
    hit = groups.filter(pc.not_equal(pc.bit_wise_and(groups.column("problems").cast(pa.int64()), bit), 0))
    return int(pc.sum(hit.column(S.COUNT)).as_py() or 0) if hit.num_rows else 0


def _window_lines(groups: pa.Table, period, report: ValidationReport) -> None:
    """The records a period window left out, counted (every record, valid or not)."""
    outside, undated = _records_with(groups, OUTSIDE), _records_with(groups, UNDATED)
    if outside:
        report.add("info", "outside_period", f"{outside} records dated outside period {period!r} left out",
                   column=S.DATE, count=outside)
    if undated:
        report.add("info", "undated_records", f"{undated} undated records (blank date) left out of "
                   f"period {period!r}", column=S.DATE, count=undated)


def has_problems(groups: pa.Table) -> bool:
    """Whether any group of an aggregation carries a problem (then :func:`problems_sql` runs)."""
    if groups.num_rows == 0:
        return False
    checks = pc.bit_wise_and(groups.column("problems").cast(pa.int64()), CHECKS_MASK)
    return pc.max(checks).as_py() != 0


def problem_query(cmap: ColumnMap, args: dict) -> str:
    """The error-path query counting problems per file (see :func:`netclust.records.sql.problems_sql`)."""
    return problems_sql(cmap, **args)


def plan(cmap: ColumnMap, opts: dict) -> tuple[dict, str]:
    """SQL arguments and the aggregation query for resolved columns and options."""
    layers = opts["layers"]
    if cmap.get(S.LAYER) is None and len(layers) != 1:
        raise SchemaError(f"records have no {S.LAYER} column; declare exactly one layer "
                          f"(declared: {', '.join(layers)}) or add a layer column")
    args = dict(layers=layers, default_layer=layers[0], firms=opts["firms"] is not None,
                by_period=opts["by_period"], measures=opts["measures"], window=opts.get("window"))
    if opts["by_period"] and cmap.get(S.DATE) is None:
        raise UndatedError(f"by_period={opts['by_period']!r} needs a {S.DATE} column in the records")
    if opts.get("window") is not None and cmap.get(S.DATE) is None:
        raise UndatedError(f"period {opts['period']!r} given but the records have no {S.DATE} column")
    return args, aggregate_sql(cmap, **args)


def report_for(groups: pa.Table, cmap: ColumnMap, *, label, locate=None) -> ValidationReport:
    """Validation report from the groups, naming the user's columns."""
    return build_report(problem_counts(groups), label=label, column_of=cmap.get, locate=locate)

