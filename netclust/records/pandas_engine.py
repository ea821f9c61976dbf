"""The aggregation for records already in a pandas DataFrame, written independently of the SQL.

It follows the contract of :mod:`netclust.records.sql` (same checks, same
micro-unit exact sums, same keys) with numpy/pandas vectorised code, and uses
:func:`netclust.periods.period_labels` for periods, so tests comparing it with
DuckDB and Spark check the SQL against netclust's own period definition.
Rows in its report are 0-based positions, as elsewhere for DataFrames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from netclust import schema as S
from netclust.errors import InputError
from netclust.periods import period_labels
from netclust.records.sql import AMOUNT_PATTERN, DATE_PATTERN, DATE_RANGE, MAX_AMOUNT, OUTSIDE, SCALE, UNDATED

__all__ = ["links_and_problems"]

_LABEL = "<records DataFrame>"
_MAX_MICRO = 2.0 ** 62


def _text(frame, col) -> pd.Series:
    if col is None:
        return None
    s = frame[col]
    s = s.astype(object).where(s.notna(), "").astype(str).str.strip()
    return s.where(s != "", None)


def _values(frame, col) -> np.ndarray:
    """Amounts as float64: numbers as they are, text only when it matches ``AMOUNT_PATTERN``."""
    s = frame[col]
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        vals = s.to_numpy(dtype=float, na_value=np.nan).copy()
    else:
        text = _text(frame, col)
        plain = text.str.fullmatch(AMOUNT_PATTERN).fillna(False).astype(bool)
        vals = pd.to_numeric(text.where(plain), errors="coerce").to_numpy(dtype=float, copy=True)
    vals[~np.isfinite(vals)] = np.nan
    return vals


def _micro(frame, col, values=None) -> pd.Series:
    """Amounts as whole micro-units (nullable Int64, NA where unreadable), half away from zero."""
    vals = _values(frame, col) if values is None else values
    scaled = vals * 10 ** SCALE
    micro = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    micro[np.abs(micro) >= float(MAX_AMOUNT) * 10 ** SCALE] = np.nan  # beyond DECIMAL(18, 6): invalid
    if np.nansum(np.abs(micro)) >= _MAX_MICRO:
        raise InputError("amounts too large to sum exactly; use the duckdb engine")
    return pd.Series(pd.array(micro, dtype="Int64"), index=frame.index)


def _dates(frame, col) -> tuple[pd.Series, np.ndarray]:
    """Dates (NaT where unreadable, as the SQL's ``DATE_PATTERN``) and which are outside ``DATE_RANGE``.

    A date outside the range is checked in the year of the range with the same remainder
    modulo 400 (same calendar: ``1600-02-29`` is a date, ``1700-02-29`` is not), so an
    unreadable day is told apart from a readable one out of range."""
    text = _text(frame, col)
    parts = text.str.extract(DATE_PATTERN.replace("^(", "^(?P<day>", 1))["day"]
    ymd = parts.str.extract(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
    year = pd.to_numeric(ymd[0], errors="coerce")
    first, last = (int(d[:4]) for d in DATE_RANGE)
    outside = ((year < first) | (year > last)).fillna(False).to_numpy(dtype=bool)
    shifted = (year.where(~outside, first + (year - first) % 400)).astype("Int64").astype(str)
    day = (shifted + "-" + ymd[1].str.zfill(2) + "-" + ymd[2].str.zfill(2)).where(ymd[0].notna())
    date = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce")
    return date, outside & date.notna().to_numpy()


def _flags(t: dict, opts: dict) -> np.ndarray:
    firms = opts["firms"]
    zero = (t["weight"] == 0).fillna(False).to_numpy(dtype=bool)
    cond = {1: t["source"].isna(), 2: t["target"].isna(), 16: t["layer"].isna(),
            64: t["weight"].isna(), 128: (t["weight"] < 0).fillna(False) | (zero & (t["value"] < 0)),
            256: t["date"].isna() & ~t["date_blank"], 512: t["date_outside"],
            1024: zero & (t["value"] == 0), 2048: (t["source"] == t["target"]) & t["source"].notna(),
            4096: zero & (t["value"] > 0)}
    if firms is not None:
        known = pd.Index(firms.column("firm_id").to_pylist())
        cond[4] = t["source"].notna() & ~t["source"].isin(known)
        cond[8] = t["target"].notna() & ~t["target"].isin(known)
    cond[32] = t["layer"].notna() & ~t["layer"].isin(opts["layers"])
    window = _window_bits(t, opts.get("window"))
    if window is not None:  # self-loops are warned about inside the window only
        cond[2048] = cond[2048] & (window == 0)
    mask = np.zeros(len(t["source"]), dtype=np.int64) if window is None else window.copy()
    for bit, c in cond.items():
        mask |= np.where(np.asarray(c, dtype=bool), bit, 0)
    return mask


def _window_bits(t: dict, window) -> np.ndarray | None:
    """UNDATED for blank dates, OUTSIDE for dates outside ``[start, end)``, else 0 (None: no window)."""
    if window is None:
        return None
    date = t["date"]
    outside = (date.notna() & ((date < pd.Timestamp(window[0])) | (date >= pd.Timestamp(window[1])))).to_numpy()
    return np.where(t["date_blank"], UNDATED, np.where(outside, OUTSIDE, 0)).astype(np.int64)


def links_and_problems(records: pd.DataFrame, opts: dict, **_ignored):
    """Aggregate a records DataFrame: ``(groups, report, sql)`` like the SQL engines."""
    from netclust.records.aggregation import plan, report_for
    from netclust.records.sources import resolve_columns
    from netclust.records.sql import ColumnMap

    cols = resolve_columns([str(c) for c in records.columns], opts["columns"],
                           measures=[c for c, _ in opts["measures"]])
    frame = records.rename(columns=str)
    cmap = ColumnMap(cols)
    plan(cmap, opts)
    n = len(frame)
    t = {S.SOURCE: _text(frame, cols[S.SOURCE]), S.TARGET: _text(frame, cols[S.TARGET])}
    t[S.LAYER] = (_text(frame, cols[S.LAYER]) if S.LAYER in cols
                  else pd.Series([opts["layers"][0]] * n, dtype=object))
    t["value"] = _values(frame, cols[S.WEIGHT]) if S.WEIGHT in cols else np.ones(n)
    t[S.WEIGHT] = _micro(frame, cols.get(S.WEIGHT), t["value"])
    date_col = cols.get(S.DATE)
    t["date"], t["date_outside"] = (_dates(frame, date_col) if date_col
                                    else (pd.Series(pd.NaT, index=frame.index), np.zeros(n, dtype=bool)))
    t["date_blank"] = (_text(frame, date_col).isna() if date_col else pd.Series(True, index=frame.index)).to_numpy()
    problems = _flags(t, opts)
    out = pd.DataFrame({k: t[k].to_numpy(dtype=object) for k in (S.SOURCE, S.TARGET, S.LAYER)})
    keys = [S.SOURCE, S.TARGET, S.LAYER]
    if opts["by_period"]:
        ok = t["date"].notna().to_numpy() & (problems < OUTSIDE)  # left out by a window: no period
        labels = np.full(n, None if opts.get("window") is not None else "", dtype=object)  # undated: '' (as read)
        labels[ok] = period_labels(t["date"][ok], opts["by_period"])
        out[S.PERIOD] = labels
        keys.append(S.PERIOD)
    out["problems"] = problems
    out["_pfile"] = np.where(problems != 0, _LABEL, None)
    out[S.WEIGHT] = t[S.WEIGHT].to_numpy()
    out["date"] = t["date"].to_numpy()
    aggs = {S.WEIGHT: (S.WEIGHT, "sum"), S.COUNT: (S.WEIGHT, "size"),
            "first_date": ("date", "min"), "last_date": ("date", "max")}
    for i, (col, func) in enumerate(opts["measures"]):
        out[f"m{i}"] = _micro(frame, _column(frame, col)).to_numpy()
        aggs[f"m{i}"] = (f"m{i}", {"min": "min", "max": "max"}.get(func, "sum"))
        aggs[f"n{i}"] = (f"m{i}", "count")
    grouped = out.groupby(keys + ["problems", "_pfile"], dropna=False, sort=False).agg(**aggs).reset_index()
    groups = _to_arrow(grouped, opts)
    report = report_for(groups, cmap, label=str, locate=lambda f, bits: _first_rows(problems, bits))
    return groups, report, ""


def _column(frame, col) -> str:
    """The frame's column named ``col`` (case-insensitive)."""
    low = {c.strip().lower(): c for c in frame.columns}
    return low[str(col).strip().lower()]


def _first_rows(problems: np.ndarray, bits, first: int = 5) -> dict:
    return {b: np.flatnonzero(problems & b)[:first].tolist() for b in bits}


def _to_arrow(grouped: pd.DataFrame, opts) -> pa.Table:
    dec = pa.decimal128(38, 0)
    cols = {}
    for k in grouped.columns:
        v = grouped[k]
        if k == S.WEIGHT or (k.startswith("m") and k[1:].isdigit()):
            cols[k] = pa.array(v.astype("Int64"), pa.int64(), from_pandas=True).cast(dec)
        elif k in ("first_date", "last_date"):
            cols[k] = pa.array(v, pa.timestamp("ns"), from_pandas=True).cast(pa.date32())
        else:
            cols[k] = pa.array(v.to_numpy(), from_pandas=True)
    return pa.table(cols)

