"""The aggregation of records into links, written once as SQL that DuckDB and Spark both run.

Why SQL text and not Ibis
-------------------------
The aggregation is one ``GROUP BY`` over a few typed expressions. Both engines
speak the same SQL subset for it (``TRY_CAST``, ``TRIM``, ``SUBSTR``, ``CASE``,
``LEFT JOIN``, ``year()``/``quarter()``/``month()``, ``LPAD``, ``DECIMAL``), so
one text is the shortest single definition: it is read and reviewed as SQL,
printed by ``netclust aggregate --show-sql`` for a data engineer to run by
hand, and needs no extra dependency (Ibis would add a heavy one and a
translation layer whose output we would still have to check on both engines).
The text is built by :func:`aggregate_sql` from the column map of the input;
nothing engine-specific appears in it. Each engine only registers the input as
a view named ``records`` (with a ``_file`` column) and, when firms are given,
a view ``firms(firm_id)``. The text follows the kinds of the input columns
(text, number, date): DuckDB reads a CSV's amount and date columns typed
(:func:`netclust.records.duckdb_engine.csv_types`) and, only if that read fails,
all as text, so ``--show-sql`` prints the query for the read that ran.

The steps (dbt style: small named CTEs)
---------------------------------------
``staged``
    Canonical columns: ids and layer as trimmed text (blank -> NULL), ``weight``
    as ``DECIMAL(18, 6)`` (text amounts only when they match :data:`AMOUNT_PATTERN`),
    ``date`` as ``DATE`` (text dates only when they match :data:`DATE_PATTERN`; typed
    dates are used as they are, with no text round trip), declared extra measures
    as ``DECIMAL(18, 6)``. Dates outside :data:`DATE_RANGE` are errors (bit 512).
    An amount that is not zero but rounds to zero at six decimals (``1e-320``) is an
    error (bit 4096), not a zero weight.
``flagged``
    Adds ``rp``, the bit mask of the *row-level* :data:`PROBLEMS` (amounts and
    dates: they differ between the records of one link) and, for rows with
    such problems only, the file they came from.
``grouped``
    ``GROUP BY source, target, layer[, period parts], rp, _pfile``.
final ``SELECT``
    Adds the *key-level* problems (blank or unknown firm ids, blank or
    undeclared layer, self-loops), which depend on the group keys only, so they
    are evaluated once per group instead of once per record, and the firm
    joins run on the groups (thousands to millions) rather than on the records
    (up to billions). Groups without problems are the links.

With a period window (``window=``, ``--period``) every record still runs
through every check (as :func:`netclust.read` validates every row before it
cuts a period), and the records dated outside the window or undated get the
bit :data:`OUTSIDE` or :data:`UNDATED` in ``rp``: they are grouped apart (one
group per key and bit, without period parts), are never links, and are counted
from the groups; they are not problems and never trigger the second query.

When the groups carry any problem, a second query (:func:`problems_sql`, the
per-record ``flagged_sql``) counts the problems per file; it runs only on that
error path, so clean data is read once.

Performance (measured, see ``benchmarks/bench_records.py``)
------------------------------------------------------------
Evaluating the key-level checks and the firm joins per group instead of per
record, ``DECIMAL(18, 6)`` instead of ``DECIMAL(38, 6)`` per record (64-bit
arithmetic; the sums are still ``DECIMAL(38, ...)``) and no text cast of typed
dates cut the query time on 10M typed Parquet rows from 2.9x to about 1.3x a
bare ``GROUP BY`` with float sums.

Determinism (identical links on every engine)
---------------------------------------------
Amounts are read as ``DECIMAL(18, 6)`` and summed exactly (DuckDB sums into
``DECIMAL(38, 6)``, Spark into ``DECIMAL(28, 6)``), so the order in which an
engine adds them, its number of threads or partitions, cannot change the
result: float sums were rejected for that reason (their result depends on the
order of the additions, which no parallel engine fixes). A record amount must
be below 10^12 in absolute value (it is an ``invalid_weight`` "out of range"
error otherwise). Amounts with more than six decimals are rounded to six when
read (half away from zero; for binary floating-point inputs an engine may
differ at an exact half-micro midpoint). Sums leave the engine as whole
micro-units (``DECIMAL(38, 0)``) and are turned into float64 by the same Python
code for every engine; output rows are sorted by the keys there too. Period
labels are built in SQL and equal :func:`netclust.periods.period_labels`
(``2024``, ``2024Q1``, ``2024-03``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netclust import schema as S

__all__ = ["Problem", "PROBLEMS", "ROW_BITS", "OUTSIDE", "UNDATED", "CHECKS_MASK", "ColumnMap",
           "MEASURE_FUNCTIONS", "SCALE", "MAX_AMOUNT", "DATE_RANGE", "DATE_PATTERN", "AMOUNT_PATTERN",
           "aggregate_sql", "flagged_sql", "problems_sql",
           "period_sql", "quote", "checked"]

#: Decimal places kept for amounts (weights and extra measures).
SCALE = 6
_DEC = f"DECIMAL(18, {SCALE})"
#: Largest record amount (absolute value) that ``DECIMAL(18, 6)`` holds.
MAX_AMOUNT = 10 ** (18 - SCALE)
_MICRO = 10 ** SCALE

#: Dates the engines accept, first and last day (ISO): the range of pandas' nanosecond
#: timestamps (1677-09-21 to 2262-04-11) cut to whole years, so a date read here is also
#: a date for ``netclust.read``. Other dates are ``invalid_date`` errors (bit 512).
DATE_RANGE = ("1678-01-01", "2261-12-31")
#: Text dates the engines read: ``YYYY-MM-DD`` or ``YYYY/MM/DD`` (month and day may have one
#: digit), optionally with a time ``HH:MM[:SS[.fff]]`` after a space or ``T`` (hour 00-23,
#: minute and second 00-59) and a UTC offset (``Z``, ``+08:00``); the time and offset are
#: ignored (the written day is kept, as :func:`netclust.read` keeps the wall time). No other
#: order, separator or year length. Group 1 is the day.
DATE_PATTERN = ("^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{4}/[0-9]{1,2}/[0-9]{1,2})"
                "([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?"
                "(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?$")
#: Text amounts the engines read: a plain decimal number (sign, digits 0-9, one point,
#: exponent) after trimming; no digit group separators (``1_000``, ``1,000``, ``1 000``).
AMOUNT_PATTERN = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"

#: Aggregates allowed for declared extra measures (``mean`` = exact sum / count).
MEASURE_FUNCTIONS = ("sum", "min", "max", "mean")


@dataclass(frozen=True)
class Problem:
    """A record-level check: its bit in ``problems``, severity, code and message."""

    bit: int
    code: str
    severity: str
    column: str
    message: str


#: Record-level checks, in bit order. ``warning`` rows are dropped with a warning;
#: ``error`` rows make the aggregation fail unless invalid rows are dropped on request.
PROBLEMS = (
    Problem(1, "missing_source", "error", S.SOURCE, "blank source firm id"),
    Problem(2, "missing_target", "error", S.TARGET, "blank target firm id"),
    Problem(4, "unknown_firm", "error", S.SOURCE, "source firm id not in the firms table"),
    Problem(8, "unknown_firm", "error", S.TARGET, "target firm id not in the firms table"),
    Problem(16, "missing_layer", "error", S.LAYER, "blank layer"),
    Problem(32, "undeclared_layer", "error", S.LAYER,
            "layer not declared (declare it in a layers file or with --layers)"),
    Problem(64, "invalid_weight", "error", S.WEIGHT,
            "weight must be a number (blank, text or out of range found)"),
    Problem(128, "negative_weight", "error", S.WEIGHT, "negative weight"),
    Problem(256, "invalid_date", "error", S.DATE, "unreadable date (use YYYY-MM-DD)"),
    Problem(512, "invalid_date", "error", S.DATE,
            "date outside the supported range 1678-01-01 to 2261-12-31"),
    Problem(1024, "zero_weight", "warning", S.WEIGHT, "zero weight: record dropped"),
    Problem(2048, "self_loop", "warning", S.SOURCE, "self-loop (source equals target): record dropped"),
    Problem(4096, "invalid_weight", "error", S.WEIGHT,
            "weight below the engine's precision (0.000001): not zero, but would be read as zero"),
)

#: Bits of every check in :data:`PROBLEMS` (the period window's bits are above them).
CHECKS_MASK = sum(p.bit for p in PROBLEMS)
#: Period window (``window=``): the record is dated outside it, or undated (blank date).
#: Not problems: such records are left out of the links and counted, never errors.
OUTSIDE, UNDATED = 16384, 32768

#: Bits of the checks on a record's own values (amount, date, the period window); the
#: others depend only on the link's keys and are evaluated once per group.
ROW_BITS = (64, 128, 256, 512, 1024, 4096, OUTSIDE, UNDATED)


@dataclass(frozen=True)
class ColumnMap:
    """Where each canonical column is in the input, and what kind of values it holds.

    Attributes
    ----------
    columns : dict
        Canonical name -> the input's column name (``source``, ``target`` always;
        ``layer``, ``weight``, ``date`` when present; extra measure columns).
    kinds : dict
        Input column name -> ``"text"``, ``"number"`` or ``"date"``.
    """

    columns: dict
    kinds: dict = field(default_factory=dict)

    def get(self, name):
        """The input column for canonical ``name``, or None."""
        return self.columns.get(name)

    def kind(self, name) -> str:
        """Kind of the input column holding canonical ``name``."""
        return self.kinds.get(self.columns[name], "text")


def quote(name: str) -> str:
    """Quote an identifier the ANSI way (double quotes), as both engines read it.

    The Spark engine runs with ``spark.sql.ansi.doubleQuotedIdentifiers`` on.

    Examples
    --------
    >>> from netclust.records.sql import quote
    >>> print(quote('金额 a"b'))
    "金额 a""b"
    """
    return '"' + str(name).replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _text(col: str) -> str:
    return f"NULLIF(TRIM(CAST(r.{quote(col)} AS STRING)), '')"


def _amount(cmap: ColumnMap, name: str) -> str:
    """A typed amount as it is; a text amount only when it matches :data:`AMOUNT_PATTERN` (the
    engines' own casts also read ``1_000`` (DuckDB) or other digits than 0-9)."""
    col = cmap.get(name)
    if cmap.kind(name) == "number":
        return f"TRY_CAST(r.{quote(col)} AS {_DEC})"
    raw = f"CAST(r.{quote(col)} AS STRING)"
    return (f"CASE WHEN regexp_extract(TRIM({raw}), {_literal(AMOUNT_PATTERN)}, 0) <> '' "
            f"THEN TRY_CAST(TRIM({raw}) AS {_DEC}) END")


def _amount_value(cmap: ColumnMap) -> str:
    """The weight as a DOUBLE (error path: tells a tiny amount, which rounds to 0, from 0)."""
    col = cmap.get(S.WEIGHT)
    if col is None:
        return "CAST(1 AS DOUBLE)"
    raw = f"r.{quote(col)}" if cmap.kind(S.WEIGHT) == "number" else f"TRIM(CAST(r.{quote(col)} AS STRING))"
    return f"TRY_CAST({raw} AS DOUBLE)"


def _date(cmap: ColumnMap) -> str:
    col = cmap.get(S.DATE)
    if col is None:
        return "CAST(NULL AS DATE)"
    if cmap.kind(S.DATE) == "date":
        return f"CAST(r.{quote(col)} AS DATE)"  # typed: no text round trip
    day = f"regexp_extract(TRIM(CAST(r.{quote(col)} AS STRING)), {_literal(DATE_PATTERN)}, 1)"
    return f"TRY_CAST(REPLACE(NULLIF({day}, ''), '/', '-') AS DATE)"


def _out_of_range(date: str = "date") -> str:
    """SQL true when ``date`` is outside :data:`DATE_RANGE`."""
    first, last = DATE_RANGE
    return f"({date} < DATE {_literal(first)} OR {date} > DATE {_literal(last)})"


def _period_label(by_period: str, year: str, part: str) -> str:
    label = f"LPAD(CAST({year} AS STRING), 4, '0')"
    if by_period == "year":
        return label
    if by_period == "quarter":
        return f"CONCAT({label}, 'Q', CAST({part} AS STRING))"
    return f"CONCAT({label}, '-', LPAD(CAST({part} AS STRING), 2, '0'))"


def period_sql(by_period: str, date: str = "date") -> str:
    """SQL for the period label of ``date``; equals :func:`netclust.periods.period_labels`.

    Examples
    --------
    >>> from netclust.records.sql import period_sql
    >>> period_sql("quarter")
    "CONCAT(LPAD(CAST(year(date) AS STRING), 4, '0'), 'Q', CAST(quarter(date) AS STRING))"
    """
    part = f"quarter({date})" if by_period == "quarter" else f"month({date})"
    return _period_label(by_period, f"year({date})", part)


def _staged(cmap: ColumnMap, *, default_layer, measures, passthrough, trim: bool = True) -> str:
    """Canonical columns; ``trim=False`` keeps the keys raw (trimmed after grouping, see module doc).

    With ``trim`` (the per-record error path) the weight also comes as a DOUBLE (``weight_value``)."""
    key = _text if trim else (lambda c: f"r.{quote(c)}")
    cols = [f"{key(cmap.get(S.SOURCE))} AS source", f"{key(cmap.get(S.TARGET))} AS target"]
    layer = cmap.get(S.LAYER)
    cols.append(f"{key(layer)} AS layer" if layer else f"{_literal(default_layer)} AS layer")
    weight = cmap.get(S.WEIGHT)
    cols.append(f"{_amount(cmap, S.WEIGHT)} AS weight" if weight else f"CAST(1 AS {_DEC}) AS weight")
    if trim:
        cols.append(f"{_amount_value(cmap)} AS weight_value")
    cols.append(f"{_date(cmap)} AS date")
    date = cmap.get(S.DATE)
    if date and cmap.kind(S.DATE) == "date":
        cols.append(f"(r.{quote(date)} IS NULL) AS date_blank")
    else:
        cols.append(f"({_text(date)} IS NULL) AS date_blank" if date else "TRUE AS date_blank")
    for i, (col, _func) in enumerate(measures):
        cols.append(f"{_amount(ColumnMap({'m': col}, cmap.kinds), 'm')} AS m{i}")
    cols += [f"r.{c} AS {c}" for c in passthrough]
    return "SELECT " + ",\n         ".join(cols) + " FROM records r"


def _window_case(window) -> str:
    """The period-window bits of a record: :data:`UNDATED` (blank date), :data:`OUTSIDE` (dated
    outside ``[start, end)``) or 0 (inside, or an unreadable date, which is an error anyway)."""
    start, end = (f"DATE {_literal(str(d)[:10])}" for d in window)
    return (f"CASE WHEN date_blank THEN {UNDATED} WHEN date < {start} OR date >= {end} "
            f"THEN {OUTSIDE} ELSE 0 END")


def _conditions(*, layers, firms: bool, window=None) -> dict:
    cond = {1: "source IS NULL", 2: "target IS NULL",
            64: "weight IS NULL",
            128: "(weight < 0 OR (weight = 0 AND weight_value < 0))", 256: "date IS NULL AND NOT date_blank",
            512: _out_of_range(), 1024: "weight = 0 AND COALESCE(weight_value, 0) = 0",
            2048: "source = target", 4096: "weight = 0 AND weight_value > 0"}
    if firms:
        cond[4] = "source IS NOT NULL AND fs.firm_id IS NULL"
        cond[8] = "target IS NOT NULL AND ft.firm_id IS NULL"
    cond[16] = "layer IS NULL"
    if layers is not None:
        names = ", ".join(_literal(n) for n in layers)
        cond[32] = f"layer IS NOT NULL AND layer NOT IN ({names})"
    if window is not None:  # self-loops are warned about inside the window only (as netclust.read)
        cond[2048] = f"source = target AND {_window_case(window)} = 0"
    return cond


def checked(col: str = "problems") -> str:
    """SQL true when ``col`` has a check's bit (not only the period window's bits).

    Examples
    --------
    >>> from netclust.records.sql import checked
    >>> checked()
    '(problems & 8191) <> 0'
    """
    return f"({col} & {CHECKS_MASK}) <> 0"


def flagged_sql(cmap: ColumnMap, *, layers=None, default_layer: str = "", firms: bool = False,
                by_period: str | None = None, measures=(), passthrough=("_file",), window=None) -> str:
    """The ``WITH staged AS (...), flagged AS (...)`` part shared by aggregation and validation.

    Parameters are those of :func:`aggregate_sql`; ``passthrough`` names columns
    of ``records`` carried through unchanged (``_file``, or a row number).

    Examples
    --------
    >>> from netclust.records.sql import ColumnMap, flagged_sql
    >>> print(flagged_sql(ColumnMap({"source": "s", "target": "t"}), layers=["trade"]).splitlines()[0])
    WITH staged AS (
    """
    cond = _conditions(layers=layers, firms=firms, window=window)
    mask = " + ".join([f"CASE WHEN {c} THEN {b} ELSE 0 END" for b, c in sorted(cond.items())]
                      + ([_window_case(window)] if window is not None else []))
    joins = ("\n  LEFT JOIN firms fs ON fs.firm_id = s.source"
             "\n  LEFT JOIN firms ft ON ft.firm_id = s.target") if firms else ""
    period = (f",\n         CASE WHEN date IS NULL THEN '' ELSE {period_sql(by_period)} END AS period"
              if by_period else "")
    staged = _staged(cmap, default_layer=default_layer, measures=measures, passthrough=passthrough)
    return (f"WITH staged AS (\n  {staged}\n),\n"
            f"flagged AS (\n  SELECT s.*{period},\n         ({mask}) AS problems\n"
            f"  FROM staged s{joins}\n)")


def aggregate_sql(cmap: ColumnMap, *, layers=None, default_layer: str = "", firms: bool = False,
                  by_period: str | None = None, measures=(), window=None) -> str:
    """The one aggregation query: links, and which groups have problems, in one ``GROUP BY``.

    Parameters
    ----------
    cmap : ColumnMap
        Input columns of the ``records`` view.
    layers : sequence of str, optional
        Declared layer names; other layers are ``undeclared_layer`` errors.
    default_layer : str
        Layer of every record when the input has no layer column.
    firms : bool
        Whether a ``firms(firm_id)`` view exists (unknown ids are errors).
    by_period : {"year", "quarter", "month"}, optional
        Add a ``period`` key; an undated record (blank date) gets the empty period
        ``''``, as in :func:`netclust.read` (the undated rule is applied later, by
        :func:`netclust.temporal.split_periods`).
    measures : sequence of (column, function)
        Extra measures; the query returns ``m0, m1, ...`` (``sum``/``mean`` as
        sums, ``min``, ``max``) in micro-units and ``n0, n1, ...``, the number
        of records with a readable value.
    window : (str, str), optional
        Period window ``[start, end)`` as ISO dates (``("2024-01-01", "2025-01-01")``,
        :func:`netclust.periods.parse_period`). Records dated outside it get the bit
        :data:`OUTSIDE`, undated ones (blank date) :data:`UNDATED`: they are grouped
        apart (without period parts) and are never links. Every check still runs
        on them, as :func:`netclust.read` validates every row before cutting a
        period; self-loops are warned about inside the window only, like there.

    Returns
    -------
    str
        SQL returning ``source, target, layer[, period], problems, _pfile, weight,
        count, first_date, last_date, m0...`` with amounts as whole micro-units
        (``DECIMAL(38, 0)``) and ``_pfile`` set only on groups with row-level
        problems (:func:`problems_sql` counts every problem per file).

    Examples
    --------
    >>> from netclust.records.sql import ColumnMap, aggregate_sql
    >>> q = aggregate_sql(ColumnMap({"source": "s", "target": "t"}), default_layer="trade")
    >>> q.splitlines()[-1]
    'FROM merged g'
    """
    cond = _conditions(layers=layers, firms=firms, window=window)
    if window is not None:  # per group: rp holds the window bits of its records
        cond[2048] = f"source = target AND rp < {OUTSIDE}"
    key = " + ".join(f"CASE WHEN {c} THEN {b} ELSE 0 END" for b, c in sorted(cond.items())
                     if b not in ROW_BITS)
    staged = _staged(cmap, default_layer=default_layer, measures=measures, passthrough=(), trim=False)
    part = {"quarter": "quarter(date)", "month": "month(date)"}.get(by_period, "0")
    year = "year(date)"
    if window is not None:  # records left out by the window: one group per key, not per period
        inside = f"{_window_case(window)} = 0"
        year, part = f"CASE WHEN {inside} THEN {year} END", f"CASE WHEN {inside} THEN {part} END"
    parts = f"{year} AS _py, {part} AS _pp, " if by_period else ""
    keys = ["source", "target", "layer"] + (["_py", "_pp"] if by_period else [])
    inner = ["SUM(weight) AS weight", "COUNT(*) AS count", "MIN(date) AS first_date",
             "MAX(date) AS last_date"]
    outer = ["SUM(weight) AS weight", "CAST(SUM(count) AS BIGINT) AS count",
             "MIN(first_date) AS first_date", "MAX(last_date) AS last_date"]
    final = [f"CAST(g.weight * {_MICRO} AS DECIMAL(38, 0)) AS weight", "g.count", "g.first_date",
             "g.last_date"]
    for i, (_col, func) in enumerate(measures):
        agg = {"min": "MIN", "max": "MAX"}.get(func, "SUM")
        inner += [f"{agg}(m{i}) AS m{i}", f"COUNT(m{i}) AS n{i}"]
        outer += [f"{agg}(m{i}) AS m{i}", f"CAST(SUM(n{i}) AS BIGINT) AS n{i}"]
        final += [f"CAST(g.m{i} * {_MICRO} AS DECIMAL(38, 0)) AS m{i}", f"g.n{i}"]
    trimmed = [f"NULLIF(TRIM(CAST({k} AS STRING)), '') AS {k}" for k in keys[:3]] + keys[3:]
    out = ["g.source", "g.target", "g.layer"]
    if by_period:
        label = _period_label(by_period, 'g._py', 'g._pp')
        undated = "NULL" if window is not None else "''"  # undated: no period ('' as netclust.read)
        out.append(f"CASE WHEN g._py IS NOT NULL THEN {label} ELSE {undated} END AS period")
    out += [f"(g.rp + {key}) AS problems", "CAST(NULL AS STRING) AS _pfile"] + final
    joins = ("\nLEFT JOIN firms fs ON fs.firm_id = g.source"
             "\nLEFT JOIN firms ft ON ft.firm_id = g.target") if firms else ""
    by = ", ".join(keys + ["rp"])
    return (f"WITH staged AS (\n  {staged}\n),\n"
            f"flagged AS (\n  SELECT s.*, {parts}{_row_mask(cmap, cond, window)} AS rp\n  FROM staged s\n),\n"
            f"grouped AS (\n  SELECT {by},\n         {', '.join(inner)}\n  FROM flagged\n  GROUP BY {by}\n),\n"
            f"trimmed AS (\n  SELECT {', '.join(trimmed)}, rp, {', '.join(a.rsplit(' AS ', 1)[1] for a in inner)}"
            "\n  FROM grouped\n),\n"
            f"merged AS (\n  SELECT {by},\n         {', '.join(outer)}\n  FROM trimmed\n  GROUP BY {by}\n)\n"
            f"SELECT {', '.join(out)}\nFROM merged g{joins}")


def _row_mask(cmap: ColumnMap, cond: dict, window=None) -> str:
    """Row-level problem bits: one CASE on the amount (its bits exclude each other), the date, the window."""
    # a zero amount may be a tiny one (bit 4096): the error path (flagged_sql) tells them apart
    mask = ["CASE WHEN weight > 0 THEN 0 WHEN weight IS NULL THEN 64 WHEN weight < 0 THEN 128 ELSE 1024 END"]
    if cmap.get(S.DATE) is not None:  # a typed date is a date or blank: never unreadable (256)
        if cmap.kind(S.DATE) != "date":
            mask.append(f"CASE WHEN {cond[256]} THEN 256 ELSE 0 END")
        mask.append(f"CASE WHEN {cond[512]} THEN 512 ELSE 0 END")
    if window is not None:
        mask.append(_window_case(window))
    return "(" + " + ".join(mask) + ")"


def problems_sql(cmap: ColumnMap, *, layers=None, default_layer: str = "", firms: bool = False,
                 by_period: str | None = None, measures=(), window=None) -> str:
    """Records with problems counted per (problems, file): the error path of :func:`aggregate_sql`.

    Examples
    --------
    >>> from netclust.records.sql import ColumnMap, problems_sql
    >>> problems_sql(ColumnMap({"source": "s", "target": "t"}), default_layer="trade").splitlines()[-1]
    'GROUP BY problems, _file'
    """
    flagged = flagged_sql(cmap, layers=layers, default_layer=default_layer, firms=firms,
                          by_period=by_period, measures=measures, window=window)
    return (f"{flagged}\nSELECT problems, _file AS _pfile, COUNT(*) AS count FROM flagged\n"
            f"WHERE {checked()}\nGROUP BY problems, _file")
