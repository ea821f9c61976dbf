"""Records read directly by ``nc.read`` and every command: when the records engine takes a links input.

Policy (:func:`records_policy`)
-------------------------------
A links input goes to the records engine (DuckDB by default) instead of being
read into pandas when

* ``engine`` is given (``--engine duckdb|spark|pandas``; ``pandas`` keeps the
  in-memory reader), or
* it is a glob (``orders/*.parquet``) or a partitioned folder of record files, or
* it holds more than :data:`RECORDS_THRESHOLD` records: Parquet files by their
  metadata, CSV files estimated from the file size and the mean length of the
  lines in their first 64 KiB.

It is *not* used for pre-aggregated links (a ``count`` or ``period`` column:
the records engine counts records); with an explicit engine this is an error
saying so, otherwise the pandas reader is used.

A period window (``--period 2024``, ``period=``) is applied by the engine, in
the one aggregation query (:func:`netclust.records.sql.aggregate_sql`), with
the pandas reader's rule (:func:`netclust.io.checks.check_links`): only records
dated in ``[start, end)`` make links; records dated outside and undated
records (blank date) are left out, and counted in the report (``info`` lines
``outside_period``, ``undated_records``); every record is validated, inside the
window or not (an unknown firm or a bad amount in 2023 is an error under
``--period 2024`` too), self-loops are warned about inside the window only. When
the window holds no link, the read warns "no link falls in period" exactly as
for the pandas reader.

The engine's links (one per source, target, layer[, period]; ``weight`` the
exact sum, ``count`` the number of records) are the read's links as they are:
the engine checked every record (unknown firms, bad amounts and dates,
undeclared layers, self-loops; reported with the records' file and line), so
they are not validated a second time (their sums are exact decimals, which
cannot overflow as float sums can). The network is the same as the pandas
reader's on data both can read.
"""

from __future__ import annotations

import glob
from pathlib import Path

import numpy as np

from netclust import schema as S
from netclust.errors import InputError

__all__ = ["RECORDS_THRESHOLD", "records_policy", "aggregate_links", "estimated_rows"]

#: Links inputs with more records than this are aggregated by the records engine.
RECORDS_THRESHOLD = 2_000_000
_SAMPLE = 1 << 16
_RECORD_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq")


def estimated_rows(path) -> int:
    """Records in a CSV (estimated from size and sampled line length) or Parquet file (exact).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from netclust.records.links import estimated_rows
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = f.write_text("source,target\\n" + "a,b\\n" * 100)
    >>> estimated_rows(f)
    100
    """
    p = Path(path)
    if p.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(p).metadata.num_rows)
    with open(p, "rb") as fh:
        head = fh.read(_SAMPLE)
    lines = max(head.count(b"\n"), 1)
    return max(int(round(p.stat().st_size * lines / max(len(head), 1))) - 1, 0)


def _is_records_path(path) -> bool:
    text = str(path)
    if any(ch in text for ch in "*?[") and not Path(text).exists():
        return bool(glob.glob(text, recursive=True))
    p = Path(text)
    if p.is_dir():
        return any(f.suffix.lower() in _RECORD_SUFFIXES for f in p.rglob("*") if f.is_file())
    return False


def records_policy(engine: str | None = None, *, threshold: int = RECORDS_THRESHOLD):
    """``policy(path) -> bool``: whether the records engine reads this links input.

    Examples
    --------
    >>> from netclust.records.links import records_policy
    >>> records_policy("duckdb")("links.csv"), records_policy("pandas")("links.csv")
    (True, False)
    """
    if engine is not None and engine not in ("duckdb", "spark", "pandas"):
        raise InputError(f"engine must be duckdb, spark or pandas, not {engine!r}")

    def policy(path) -> bool:
        if engine == "pandas":
            return False
        if engine is not None or _is_records_path(path):
            return True
        p = Path(str(path))
        return (p.is_file() and p.suffix.lower() in _RECORD_SUFFIXES
                and estimated_rows(p) > threshold)
    return policy


def _preaggregated(path, link_map: dict) -> str | None:
    """The name of a ``count``/``period`` column (links already aggregated), if any."""
    from netclust.records.sources import first_header

    names = [str(c).strip().lower() for c in first_header(path)]
    for canon in (S.COUNT, S.PERIOD):
        wanted = [link_map.get(canon, canon), *S.ALIASES.get(canon, ())]
        hit = next((w for w in wanted if str(w).strip().lower() in names), None)
        if hit is not None:
            return str(hit)
    return None


def usable(raw, link_map: dict) -> str | None:
    """Why the records engine cannot aggregate ``raw`` (None when it can; a period window is applied)."""
    col = _preaggregated(raw.records, link_map)
    if col is not None:
        return f"column {col!r}: these links are already aggregated (the records engine counts records)"
    return None


def aggregate_links(raw, *, link_map: dict, layers, firm_ids, report, by_period, options: dict,
                    period=None):
    """Aggregate the records of ``raw`` (a :func:`~netclust.io.tables.records_table`) into a links table.

    Returns the links as :func:`netclust.io.checks.check_links` returns them
    (``source, target, layer[, period], weight, count``), or None when the engine
    failed; the engine's record-level problems and the counts of records left
    out by the window are added to ``report``. The links
    are not validated a second time: the engine checked every record (at
    1,000,000 firms this saves 15 s of the read).
    """
    from netclust.errors import ValidationError
    from netclust.records.aggregation import aggregate_records

    columns = {k: v for k, v in link_map.items() if k in (S.SOURCE, S.TARGET, S.LAYER, S.WEIGHT, S.DATE)}
    try:
        res = aggregate_records(raw.records, firms=None if firm_ids is None else list(firm_ids),
                                layers=[s.name for s in layers], by_period=by_period, period=period,
                                engine=options.get("engine") or "duckdb",
                                memory_limit=options.get("memory_limit"),
                                spark_master=options.get("spark_master"), columns=columns or None,
                                encoding=options.get("encoding"), drop_invalid=True, sort=False)
    except ValidationError as exc:  # not raised with drop_invalid; kept for safety
        res = None
        report.problems.extend(exc.report.problems)
    if res is None:
        return None
    report.problems.extend(p for p in res.report.problems if p.severity != "info")
    report.add("info", "records_engine", f"{res.records} records aggregated by "
               f"{res.engine} into {res.links.num_rows} links in {res.seconds:.1f} s", raw.label)
    for p in res.report.problems:
        if p.code in ("outside_period", "undated_records"):
            report.add(p.severity, p.code, p.message, raw.label, link_map.get(S.DATE, S.DATE), count=p.count)
    return _clean_links(res, by_period, report, raw.label)


def _clean_links(res, by_period, report, label):
    """The engine's links as :func:`netclust.io.checks.check_links` returns them (no second validation).

    The engine has checked every record (firms, layers, amounts, dates, self-loops,
    the window). Its sums cannot overflow as float sums can (record amounts are
    exact decimals below :data:`netclust.records.sql.MAX_AMOUNT`), so what is left
    is a window that leaves every link out (``empty_period``) and no record at all
    (``empty_table``), worded as the links validation words them.
    """
    from netclust.i18n import gettext as _

    keep = [S.SOURCE, S.TARGET, S.LAYER] + ([S.PERIOD] if by_period else []) + [S.WEIGHT, S.COUNT]
    frame = res.links.select(keep).to_pandas()
    for col in keep[:-2]:
        frame[col] = frame[col].fillna("").astype("str")
    frame[S.WEIGHT] = frame[S.WEIGHT].astype(np.float64)
    frame[S.COUNT] = frame[S.COUNT].astype(np.int64)
    if not len(frame) and res.left_out is not None and res.left_out.num_rows:
        report.add("warning", "empty_period", _("no link falls in period {period!r}").format(period=res.period),
                   label)
    elif not res.records:
        report.add("error", "empty_table", "the links table has no records", label)
    return frame
