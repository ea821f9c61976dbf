"""Validation of raw firm and link tables into clean frames.

Each check is vectorised (pandas/numpy over whole columns, never a Python loop
over rows) and records its findings in a :class:`~netclust.io.validation.ValidationReport`
instead of raising, so that every problem is reported at once. See
:mod:`netclust.io.validation` for what is an error, a warning or an info.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netclust import schema as S
from netclust.io.layers import parse_bool
from netclust.periods import parse_period, period_labels
from netclust.io.tables import RawTable
from netclust.io.validation import ValidationReport

__all__ = ["map_columns", "check_firms", "check_links", "as_text"]


def as_text(series: pd.Series) -> pd.Series:
    """Convert identifiers to stripped strings (object dtype); missing values become ``""``.

    Integral floats (``1.0`` from a spreadsheet) become ``"1"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.checks import as_text
    >>> as_text(pd.Series([1.0, None, 3.0])).tolist()
    ['1', '', '3']
    """
    s = series
    if pd.api.types.is_bool_dtype(s):
        s = s.astype(object)
    elif pd.api.types.is_float_dtype(s):
        vals = s.to_numpy(dtype=float)
        finite = np.isfinite(vals)
        if np.all(vals[finite] == np.round(vals[finite])):
            s = s.astype("Int64")
    if not pd.api.types.is_string_dtype(s) or s.dtype == object:
        s = s.astype(object).where(s.notna(), "").astype(str)
    # pandas' str dtype strips in C (pyarrow); object-dtype .str would loop in Python
    stripped = s.fillna("").str.strip()
    return pd.Series(stripped.to_numpy(dtype=object), index=series.index, dtype=object)


def map_columns(raw: RawTable, canonical, required, mapping: dict | None,
                report: ValidationReport) -> dict:
    """Work out which user column holds each canonical column.

    Explicit ``mapping`` (canonical name → user column) wins; otherwise an exact
    or case-insensitive match; otherwise a unique alias from
    :data:`netclust.schema.ALIASES`.

    Returns
    -------
    dict
        canonical name → user column name (only those found).
    """
    cols = [str(c) for c in raw.frame.columns]
    lower = {}
    for c in cols:
        lower.setdefault(c.lower(), c)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for canon, user in (mapping or {}).items():
        if user is None:
            continue
        if canon not in canonical:
            continue
        if user in cols:
            found[canon] = user
            taken.add(user)
        else:
            report.add("error", "missing_column",
                       f'column "{user}" (mapped to {canon}) is not in the table; '
                       f"its columns are: {', '.join(cols) or '(none)'}", raw.label, user)
    for canon in canonical:
        if canon in found or canon in (mapping or {}):
            continue
        if canon in cols and canon not in taken:
            found[canon] = canon
        elif canon in lower and lower[canon] not in taken:
            found[canon] = lower[canon]
        else:
            hits = [lower[a.lower()] for a in S.ALIASES.get(canon, ())
                    if a.lower() in lower and lower[a.lower()] not in taken]
            if len(hits) == 1:
                found[canon] = hits[0]
                report.add("info", "column_alias", f'column "{hits[0]}" read as {canon}',
                           raw.label, hits[0])
        if canon in found:
            taken.add(found[canon])
    for canon in required:
        if canon not in found and canon not in (mapping or {}):
            report.add("error", "missing_column",
                       f"required column {canon!r} is missing; columns are: "
                       f"{', '.join(cols) or '(none)'}. Map yours with columns={{'{canon}': ...}} "
                       f"or --{canon.replace('_', '-')}-col",
                       raw.label, canon)
    return found


def _flag(report, severity, code, message, raw: RawTable, column, mask, count=None):
    mask = np.asarray(mask, dtype=bool)
    n = int(mask.sum())
    if n:
        report.add(severity, code, message, raw.label, column, raw.rows[mask][:5],
                   n if count is None else count)
    return n


def _numeric(raw, report, col, user_col, severity="warning", what="a number"):
    text = as_text(raw.frame[user_col])
    values = pd.to_numeric(text.where(text != "", None), errors="coerce").astype(float)
    bad = (text != "").to_numpy() & np.isnan(values.to_numpy())
    _flag(report, severity, f"invalid_{col}",
          f"{col} must be {what}; {int(bad.sum())} value(s) unreadable "
          f"(first: {text[bad].iloc[0]!r})" + (" and set to missing" if severity == "warning" else "")
          if bad.any() else "", raw, user_col, bad)
    return values


def check_firms(raw: RawTable, mapping: dict | None, report: ValidationReport) -> pd.DataFrame | None:
    """Validate a raw firms table; return the clean frame indexed by ``firm_id``.

    Returns ``None`` when the table is unusable (errors recorded in ``report``).
    """
    if raw.frame.shape[1] == 0 or len(raw.frame) == 0:
        report.add("error", "empty_table", "the firms table has no records", raw.label)
        return None
    found = map_columns(raw, S.FIRM_COLUMNS, (S.FIRM_ID,), mapping, report)
    if S.FIRM_ID not in found:
        return None
    fcol = found[S.FIRM_ID]
    ids = as_text(raw.frame[fcol])
    blank = (ids == "").to_numpy()
    _flag(report, "error", "missing_firm_id", "blank firm_id", raw, fcol, blank)
    dup = ids.duplicated(keep="first").to_numpy() & ~blank
    if dup.any():
        dup_ids = pd.unique(ids[dup])
        shown = ", ".join(repr(x) for x in dup_ids[:5])
        _flag(report, "error", "duplicate_firm_id",
              f"duplicate firm_id: {shown}" + (f" and {len(dup_ids) - 5} more" if len(dup_ids) > 5 else "")
              + " (each firm must appear once)", raw, fcol, dup)
    out = pd.DataFrame({S.FIRM_ID: ids.to_numpy()})
    names = as_text(raw.frame[found[S.NAME]]) if S.NAME in found else ids
    out[S.NAME] = np.where(names == "", ids, names)
    if S.ROLE in found:
        rcol = found[S.ROLE]
        roles = as_text(raw.frame[rcol]).str.lower().to_numpy(dtype=object).copy()
        blank_role = roles == ""
        if blank_role.any():
            report.add("info", "blank_role", f"{int(blank_role.sum())} firm(s) without a role "
                       "are given role 'other'", raw.label, rcol, raw.rows[blank_role][:5],
                       int(blank_role.sum()))
        roles[blank_role] = "other"
        unknown = ~pd.Index(roles).isin(S.ROLES)
        if unknown.any():
            vals = pd.unique(roles[unknown])
            _flag(report, "warning", "unknown_role",
                  f"role(s) outside the default vocabulary kept as given: "
                  f"{', '.join(repr(v) for v in vals[:5])} (vocabulary: {', '.join(S.ROLES)})",
                  raw, rcol, unknown)
        out[S.ROLE] = roles
    else:
        report.add("info", "no_role_column", "no role column: every firm gets role 'other'", raw.label)
        out[S.ROLE] = "other"
    if "exporter" in found:
        ucol = found["exporter"]
        text = as_text(raw.frame[ucol])
        parsed = text.map(parse_bool)
        bad = (parsed.isna() & (text != "")).to_numpy()
        _flag(report, "warning", "invalid_exporter",
              "exporter must be true/false (yes/no, 1/0, 是/否); unreadable values set to missing",
              raw, ucol, bad)
        out["exporter"] = parsed.astype("boolean").to_numpy()
    for col in ("employees", "lon", "lat", "founded"):
        if col in found:
            vals = _numeric(raw, report, col, found[col]).to_numpy()
            if col in ("lon", "lat"):
                lim = 180 if col == "lon" else 90
                off = np.abs(vals) > lim
                _flag(report, "warning", f"invalid_{col}",
                      f"{col} outside [-{lim}, {lim}] set to missing", raw, found[col], off)
                vals = np.where(off, np.nan, vals)
            out[col] = vals
    for col in ("sector", "area"):
        if col in found:
            out[col] = as_text(raw.frame[found[col]]).to_numpy(dtype=object)
    used = set(found.values())
    for c in raw.frame.columns:
        if c not in used and c not in out.columns:
            out[c] = raw.frame[c].to_numpy()
    out = out.loc[~blank & ~dup]
    out.index = pd.Index(out.pop(S.FIRM_ID).to_numpy(dtype=object), name=S.FIRM_ID, dtype=object)
    return out


def _parse_dates(text: pd.Series) -> pd.Series:
    vals = text.where(text != "", None)
    dates = pd.to_datetime(vals, errors="coerce")
    retry = dates.isna() & vals.notna()
    if retry.any():
        dates.loc[retry] = pd.to_datetime(vals[retry], errors="coerce", format="mixed")
    return dates


def check_links(raw: RawTable, mapping: dict | None, layers: tuple, firm_ids: pd.Index | None,
                report: ValidationReport, *, period=None, by_period: str | None = None):
    """Validate a raw links table; return the clean frame or ``None`` when unusable.

    The clean frame has columns ``source, target, layer, weight, count`` and
    ``period`` when ``by_period`` is given or the input has a ``period`` column.
    Rows with zero weight and self-loops are dropped (warnings); rows with errors
    are dropped too (the caller raises when the report has errors).
    """
    if raw.frame.shape[1] == 0 or len(raw.frame) == 0:
        report.add("error", "empty_table", "the links table has no records", raw.label)
        return None
    required = (S.SOURCE, S.TARGET) + (() if len(layers) == 1 else (S.LAYER,))
    found = map_columns(raw, S.LINK_COLUMNS, required, mapping, report)
    if S.SOURCE not in found or S.TARGET not in found:
        return None
    n = len(raw.frame)
    keep = np.ones(n, dtype=bool)
    ends = {}
    for col in (S.SOURCE, S.TARGET):
        ucol = found[col]
        ids = as_text(raw.frame[ucol])
        blank = (ids == "").to_numpy()
        _flag(report, "error", f"missing_{col}", f"blank {col} firm id", raw, ucol, blank)
        keep &= ~blank
        if firm_ids is not None:
            unknown = (pd.Index(firm_ids, dtype=object).get_indexer(ids) < 0) & ~blank
            if unknown.any():
                distinct = pd.unique(ids[unknown])
                _flag(report, "error", "unknown_firm",
                      f"{len(distinct)} firm id(s) not in the firms table: "
                      + ", ".join(repr(x) for x in distinct[:5])
                      + (f" and {len(distinct) - 5} more" if len(distinct) > 5 else ""),
                      raw, ucol, unknown)
                keep &= ~unknown
        ends[col] = ids.to_numpy(dtype=object)
    declared = [s.name for s in layers]
    if S.LAYER in found:
        lcol = found[S.LAYER]
        lay = as_text(raw.frame[lcol]).to_numpy(dtype=object)
        blank = lay == ""
        _flag(report, "error", "missing_layer", "blank layer", raw, lcol, blank)
        undeclared = ~pd.Index(lay).isin(declared) & ~blank
        if undeclared.any():
            names, counts = np.unique(lay[undeclared].astype(str), return_counts=True)
            listed = ", ".join(f"{str(nm)!r} ({int(c)} rows)" for nm, c in zip(names[:5], counts[:5]))
            _flag(report, "error", "undeclared_layer",
                  f"layer(s) not declared: {listed}; declared: {', '.join(declared)}. "
                  "Declare layers with a layers.csv/.toml file or --layer NAME:directed",
                  raw, lcol, undeclared)
        keep &= ~blank & ~undeclared
    else:
        lay = np.full(n, declared[0], dtype=object)
        report.add("info", "single_layer", f"no layer column: every link is in layer {declared[0]!r}",
                   raw.label)
    if S.WEIGHT in found:
        wcol = found[S.WEIGHT]
        text = as_text(raw.frame[wcol])
        w = pd.to_numeric(text.where(text != "", None), errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(w)
        _flag(report, "error", "invalid_weight",
              "weight must be a positive number (blank, text or infinite found)", raw, wcol, bad)
        neg = np.isfinite(w) & (w < 0)
        _flag(report, "error", "negative_weight", "negative weight", raw, wcol, neg)
        zero = w == 0
        _flag(report, "warning", "zero_weight", "zero weight: link dropped", raw, wcol, zero)
        keep &= ~bad & ~neg & ~zero
    else:
        w = np.ones(n)
    if S.COUNT in found:
        ccol = found[S.COUNT]
        text = as_text(raw.frame[ccol])
        c = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
        bad = ~(np.isfinite(c) & (c >= 1) & (c == np.round(c)))
        _flag(report, "error", "invalid_count", "count must be a whole number >= 1", raw, ccol, bad)
        keep &= ~bad
        cnt = np.where(bad, 0, np.nan_to_num(c)).astype(np.int64)
    else:
        cnt = np.ones(n, dtype=np.int64)
    dates = None
    if S.DATE in found:
        dcol = found[S.DATE]
        text = as_text(raw.frame[dcol])
        dates = _parse_dates(text)
        bad = (dates.isna() & (text != "")).to_numpy()
        _flag(report, "error", "invalid_date", "unreadable date (use YYYY-MM-DD)", raw, dcol, bad)
        keep &= ~bad
    period_col = None
    if S.PERIOD in found:
        period_col = as_text(raw.frame[found[S.PERIOD]]).to_numpy(dtype=object)
    if by_period is not None:
        if dates is None:
            report.add("error", "missing_column", f"by_period={by_period!r} needs a date column",
                       raw.label, S.DATE)
        else:
            period_col = np.where(dates.isna(), "", period_labels(dates.fillna(pd.Timestamp(0)), by_period))
    if period is not None:
        start, end = parse_period(period)
        if dates is not None:
            inside = ((dates >= start) & (dates < end)).to_numpy()
        elif period_col is not None:
            pstart, pend = period_bounds(period_col)
            inside = (pstart >= start) & (pend <= end)
        else:
            report.add("error", "missing_column",
                       f"period {period!r} given but the links have no date or period column",
                       raw.label, S.DATE)
            inside = np.ones(n, dtype=bool)
        if not inside[keep].any() and keep.any():
            report.add("warning", "empty_period", f"no link falls in period {period!r}", raw.label)
        keep &= inside
    src, dst = ends[S.SOURCE], ends[S.TARGET]
    loop = (src == dst) & keep
    _flag(report, "warning", "self_loop", "self-loop (source equals target): link dropped",
          raw, found[S.SOURCE], loop)
    keep &= ~loop
    out = pd.DataFrame({S.SOURCE: src[keep], S.TARGET: dst[keep], S.LAYER: lay[keep],
                        S.WEIGHT: w[keep], S.COUNT: cnt[keep]})
    if period_col is not None:
        out[S.PERIOD] = period_col[keep]
    if len(out) and out.duplicated([S.SOURCE, S.TARGET, S.LAYER] + ([S.PERIOD] if period_col is not None else [])).any():
        report.add("info", "aggregated", "several records per (source, target, layer"
                   + (", period" if period_col is not None else "")
                   + ") were aggregated: weight = sum, count = number of records", raw.label)
    return out


