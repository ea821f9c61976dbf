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
from netclust._lookup import positions
from netclust.io.layers import parse_bool
from netclust.periods import parse_period, period_bounds, period_labels
from netclust.io.tables import RawTable
from netclust.io.validation import ValidationReport
from netclust.i18n import gettext as _
from netclust.io.values import (DATE_RANGE, normalise_dates, parse_amounts, read_dates,
                                register_dates, serial_hint)

__all__ = ["map_columns", "check_firms", "check_links", "as_text", "parse_dates", "shown_values",
           "apply_exporter_roles", "consequences", "MIN_FIRMS"]


def as_text(series: pd.Series) -> pd.Series:
    """Convert identifiers to stripped strings (object dtype); missing values become ``""``.

    Integral floats (``1.0`` from a spreadsheet) become ``"1"``; other floats keep
    their shortest form (``"1e+20"``, ``"inf"``), so a bad value can be quoted.

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.checks import as_text
    >>> as_text(pd.Series([1.0, None, 3.0])).tolist()
    ['1', '', '3']
    >>> as_text(pd.Series([1e20, float("inf"), 2.5])).tolist()
    ['1e+20', 'inf', '2.5']
    """
    s = series
    if pd.api.types.is_bool_dtype(s):
        s = s.astype(object)
    elif pd.api.types.is_float_dtype(s):
        vals = s.to_numpy(dtype=float, na_value=np.nan)
        text = vals.astype(str).astype(object)
        whole = np.isfinite(vals) & (np.abs(vals) < 2.0 ** 53)
        whole[whole] = vals[whole] == np.round(vals[whole])
        text[whole] = vals[whole].astype(np.int64).astype(str)
        text[np.isnan(vals)] = ""
        s = pd.Series(text, index=series.index, dtype=object)
    if not pd.api.types.is_string_dtype(s) or s.dtype == object:
        s = s.astype(object).where(s.notna(), "").astype(str)
    # pandas' str dtype strips in C (pyarrow); object-dtype .str would loop in Python
    stripped = s.fillna("").str.strip()
    return pd.Series(stripped.to_numpy(dtype=object), index=series.index, dtype=object)


def shown_values(text, mask, limit: int = 3) -> str:
    """The first distinct values under ``mask``, quoted for a message.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from netclust.io.checks import shown_values
    >>> shown_values(pd.Series(["-2", "1", "-2", "x", "y", "z"]), np.array([1, 0, 1, 1, 1, 1], bool))
    "'-2', 'x', 'y' and 1 more"
    """
    vals = pd.unique(np.asarray(text, dtype=object)[np.asarray(mask, dtype=bool)])
    more = _(" and {n} more").format(n=len(vals) - limit) if len(vals) > limit else ""
    return ", ".join(repr(str(v)) for v in vals[:limit]) + more


def _own_column(canon: str, cols: list, lower: dict, taken: set):
    """A table's own column for ``canon``: its name (any case), else one unique alias.

    Returns ``(column, is_alias)`` or ``(None, False)``.
    """
    if canon in cols and canon not in taken:
        return canon, False
    if canon in lower and lower[canon] not in taken:
        return lower[canon], False
    hits = [lower[a.lower()] for a in S.ALIASES.get(canon, ())
            if a.lower() in lower and lower[a.lower()] not in taken]
    return (hits[0], True) if len(hits) == 1 else (None, False)


def _amount_columns(raw: RawTable, used) -> list:
    """Columns not read as anything whose filled cells are all amounts: weight candidates."""
    out = []
    for c in raw.frame.columns:  # loop over a handful of columns
        if c in used:
            continue
        text = as_text(raw.frame[c])
        filled = (text != "").to_numpy()
        if filled.any() and np.isfinite(parse_amounts(pd.Series(pd.unique(text[filled]),
                                                                dtype=object))[0]).all():
            out.append(str(c))
    return out


def _mapped(raw, cols, mapping, report, lenient, own) -> tuple[dict, set]:
    """Apply the explicit mapping: found columns, and the lenient keys whose column is absent
    (a mapping for every table, absent from one of several tables: the table's own
    columns are looked for next)."""
    found, absent = {}, set()
    for canon, user in mapping.items():
        if user in cols:
            found[canon] = user
        elif lenient and canon not in own:
            absent.add(canon)
        else:
            report.add("error", "missing_column",
                       _('column "{column}" (mapped to {canonical}) is not in the table; '
                         "its columns are: {columns}").format(
                           column=user, canonical=canon, columns=", ".join(cols) or _("(none)")),
                       raw.label, user)
    links = [k for k in found if k in S.LINK_COLUMNS]
    for i, canon in enumerate(links):  # a handful of keys
        twice = [k for k in links[i + 1:] if found[k] == found[canon]]
        if twice:
            report.add("error", "column_mapped_twice",
                       _('column "{column}" is mapped to both {first} and {second}; map each to its '
                         "own column").format(column=found[canon], first=canon, second=twice[0]),
                       raw.label, found[canon])
    return found, absent


def _absent_mapping(raw, canon, user, found, required, report, table) -> None:
    """A mapping for every table whose column one table lacks, and no column of its own."""
    if canon in required:
        report.add("error", "missing_column",
                   _('column "{column}" (mapped to {canonical}) is not in this table and none of its '
                     "columns is {canonical}; its columns are: {columns}. Map this table's own "
                     "with [columns.{table}] {canonical} = \"...\" in netclust.toml or "
                     "--{option}-col {table}=COL").format(
                       column=user, canonical=canon, table=table, option=canon.replace("_", "-"),
                       columns=", ".join(map(str, raw.frame.columns)) or _("(none)")),
                   raw.label, user)
        return
    amounts = _amount_columns(raw, set(found.values())) if canon == S.WEIGHT else []
    if amounts:
        report.add("warning", "weight_not_mapped",
                   _('column "{column}" (mapped to weight) is not in this table: each of its links '
                     "counts as weight 1. If {candidates} holds its amounts, map it: "
                     '[columns.{table}] weight = "{first}" in netclust.toml or --weight-col '
                     "{table}={first}").format(column=user, table=table, first=amounts[0],
                                               candidates=" / ".join(f'"{a}"' for a in amounts)),
                   raw.label, user)
        return
    report.add("info", "mapped_column_absent",
               _('column "{column}" (mapped to {canonical}) is not in this table; '
                 "its {canonical} is taken as absent").format(column=user, canonical=canon),
               raw.label, user)


def _report_mapped(raw, canonical, found, mapping, own, table, report) -> None:
    """One info per table: the explicit mappings applied (every table's, this table's own)."""
    applied = [k for k in canonical if k in mapping and found.get(k) == mapping[k]]
    for keys, text, code in (
            ([k for k in applied if k not in own], _("columns mapped: {pairs}"), "columns_mapped"),
            ([k for k in applied if k in own],
             _("columns mapped for {table} only: {pairs}"), "columns_mapped_table")):
        if keys:
            report.add("info", code, text.format(table=table, pairs=", ".join(
                f'"{found[k]}" -> {k}' for k in keys)), raw.label)


def map_columns(raw: RawTable, canonical, required, mapping: dict | None,
                report: ValidationReport, *, lenient: bool = False, own=(), table: str = "") -> dict:
    """Work out which user column holds each canonical column.

    Explicit ``mapping`` (canonical name → user column) wins; otherwise an exact
    or case-insensitive match; otherwise a unique alias from
    :data:`netclust.schema.ALIASES`.

    With ``lenient`` (one of several links tables), a mapped column this table lacks
    is looked for under the table's own names (its canonical name or an alias,
    reported as an info), unless the key is in ``own`` (mapped for this table
    only: an error when absent). Still absent, it is an error when ``required``; a
    weight is a warning naming the table's amount-like columns and how to map them
    (``[columns.TABLE] weight = ...``); other columns are taken as absent (an info).
    The mappings applied are reported as infos.

    Returns
    -------
    dict
        canonical name → user column name (only those found).

    Examples
    --------
    >>> from netclust.io import checks, tables, validation
    >>> raw = tables.RawTable(pd.DataFrame({"卖方": ["a"], "买方": ["b"], "运费": ["1,200"]}),
    ...                       "物流.csv", rows=[2])
    >>> report = validation.ValidationReport()
    >>> checks.map_columns(raw, ("source", "target", "weight"), ("source",),
    ...             {"source": "托运方", "weight": "金额"}, report, lenient=True, table="logistics")
    {'source': '卖方', 'target': '买方'}
    >>> [p.code for p in report.problems]
    ['mapped_column_fallback', 'column_alias', 'weight_not_mapped']
    """
    cols = [str(c) for c in raw.frame.columns]
    lower = {}
    for c in cols:
        lower.setdefault(c.lower(), c)
    mapping = {k: v for k, v in (mapping or {}).items() if v is not None and k in canonical}
    found, absent = _mapped(raw, cols, mapping, report, lenient, set(own))
    taken = set(found.values())
    for canon in canonical:
        if canon in found or (canon in mapping and canon not in absent):
            continue
        column, alias = _own_column(canon, cols, lower, taken)
        if column is None:
            continue
        found[canon] = column
        taken.add(column)
        if canon in absent:
            report.add("info", "mapped_column_fallback",
                       _('column "{mapped}" (mapped to {canonical}) is not in this table; its own '
                         'column "{column}" is read as {canonical}').format(
                           mapped=mapping[canon], column=column, canonical=canon), raw.label, column)
        elif alias:
            report.add("info", "column_alias", _('column "{column}" read as {canonical}').format(
                column=column, canonical=canon), raw.label, column)
    for canon in sorted(absent - set(found), key=list(canonical).index):
        _absent_mapping(raw, canon, mapping[canon], found, required, report, table or raw.label)
    _report_mapped(raw, canonical, found, mapping, set(own), table or raw.label, report)
    for canon in required:
        if canon not in found and canon not in mapping:
            report.add("error", "missing_column",
                       _("required column {canonical!r} is missing; columns are: {columns}. Map "
                         "yours with columns={{'{canonical}': ...}} or --{option}-col (or [columns] "
                         "in netclust.toml)").format(canonical=canon, columns=", ".join(cols) or _("(none)"),
                                                      option=canon.replace("_", "-")),
                       raw.label, canon)
    return found


def _flag(report, severity, code, message, raw: RawTable, column, mask, count=None):
    mask = np.asarray(mask, dtype=bool)
    n = int(mask.sum())
    if n:
        report.add(severity, code, message, raw.label, column, raw.rows[mask][:5],
                   n if count is None else count)
    return n


def _numeric(raw, report, col, user_col, severity="warning"):
    values, cells = _numbers(raw, user_col, report)
    bad = cells.filled() & ~np.isfinite(values)
    values = np.where(np.isfinite(values), values, np.nan)
    if bad.any():
        text = (_("{column} must be a number; {n} value(s) unreadable (first: {value!r}) and set to "
                  "missing") if severity == "warning" else
                _("{column} must be a number; {n} value(s) unreadable (first: {value!r})"))
        _flag(report, severity, f"invalid_{col}", text.format(column=col, n=int(bad.sum()),
                                                              value=cells.text(bad)[0]),
              raw, user_col, bad)
    return values


class _Cells:
    """A column's cells as messages quote them: which are filled, and their text.

    The text of a numeric column (a float weight, Parquet or DataFrame input) is made
    only for the rows a message quotes: formatting every float of a 6,000,000-row
    column as text took about 1.5 s per column, for messages that quote three values.
    """

    def __init__(self, column: pd.Series, text: pd.Series | None = None):
        self._column, self._text = column, text

    def filled(self) -> np.ndarray:
        """True where the cell is not blank (numeric columns: not missing)."""
        if self._text is None:
            return self._column.notna().to_numpy()
        return (self._text != "").to_numpy()

    def text(self, mask) -> np.ndarray:
        """Text (as :func:`as_text` writes it) of the rows under ``mask``, in row order."""
        mask = np.asarray(mask, dtype=bool)
        if self._text is None:
            return as_text(self._column[mask]).to_numpy(dtype=object)
        return self._text.to_numpy(dtype=object)[mask]

    def quote(self, mask, limit: int = 3) -> str:
        """:func:`shown_values` of the rows under ``mask`` (empty when no row is)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return ""
        return shown_values(self.text(mask), np.ones(int(mask.sum()), dtype=bool), limit)


def _numbers(raw: RawTable, user_col: str, report: ValidationReport | None = None):
    """Float values of a column, and its cells for messages (numeric dtypes read directly).

    Text cells are read as people type them (``1,234.50``, ``¥80``, ``1.5万``,
    full-width digits; see :func:`netclust.io.values.parse_amounts`); each kind of
    conversion is reported to ``report`` as an info with its count and an example.
    """
    col = raw.frame[user_col]
    if pd.api.types.is_complex_dtype(col):  # 1+2j is no amount: unreadable (quoted), not 1.0
        vals = col.to_numpy(dtype=complex, na_value=np.nan)
        return np.where(vals.imag == 0, vals.real, np.nan), _Cells(col)
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return col.to_numpy(dtype=float, na_value=np.nan), _Cells(col)
    text = as_text(col)
    codes, uniq = pd.factorize(text)
    vals, convs = parse_amounts(pd.Series(uniq, dtype=object))
    values = vals[codes] if len(uniq) else np.full(len(text), np.nan)
    for conv in convs if report is not None else ():
        rows = conv.mask[codes]
        cells = int(rows.sum())
        report.add("info", "converted_number", conv.message(cells), raw.label,
                   user_col, raw.rows[rows][:5], cells)
    return values, _Cells(col, text)


def _firm_ids(raw: RawTable, fcol: str, report: ValidationReport):
    ids = as_text(raw.frame[fcol])
    blank = (ids == "").to_numpy()
    _flag(report, "error", "missing_firm_id", _("blank firm_id"), raw, fcol, blank)
    dup = ids.duplicated(keep="first").to_numpy() & ~blank
    if dup.any():
        dup_ids = pd.unique(ids[dup])
        _flag(report, "error", "duplicate_firm_id",
              _("duplicate firm_id: {values} (each firm must appear once)").format(
                  values=shown_values(dup_ids, np.ones(len(dup_ids), dtype=bool), 5)), raw, fcol, dup)
    return ids, blank | dup


def _role_vocabulary(roles: np.ndarray, role_map: dict | None, raw, rcol, report) -> np.ndarray:
    """Apply the user's role map, then the built-in labels (:data:`netclust.schema.ROLE_ALIASES`)."""
    user = {str(k).strip().lower(): str(v).strip() for k, v in (role_map or {}).items()}
    for vocab, text, code in ((user, _("role labels read with your role map: {labels}"), "role_mapped"),
                              ({k.lower(): v for k, v in S.ROLE_ALIASES.items()
                                if k.lower() not in user},
                               _("role labels read with the built-in Chinese vocabulary: {labels}"),
                               "role_alias")):
        if not vocab:
            continue
        idx = pd.Index(list(vocab))
        pos = idx.get_indexer(roles)
        hit = pos >= 0
        if not hit.any():
            continue
        labels, counts = np.unique(roles[hit].astype(str), return_counts=True)
        listed = ", ".join(f"{lab} -> {vocab[lab]} ({int(c)})" for lab, c in zip(labels, counts))
        report.add("info", code, text.format(labels=listed), raw.label, rcol,
                   raw.rows[hit][:5], int(hit.sum()))
        roles = roles.copy()
        roles[hit] = np.asarray(list(vocab.values()), dtype=object)[pos[hit]]
    return roles


def _roles(raw: RawTable, found: dict, report: ValidationReport, role_map=None):
    if S.ROLE not in found:
        report.add("info", "no_role_column", _("no role column: every firm gets role 'other' "
                                               "(name it role/角色/类型, or map it with --role-col)"),
                   raw.label)
        return "other"
    rcol = found[S.ROLE]
    roles = as_text(raw.frame[rcol]).str.lower().to_numpy(dtype=object).copy()
    blank_role = roles == ""
    if blank_role.any():
        report.add("info", "blank_role", _("{n} firm(s) without a role are given role "
                                           "'other'").format(n=int(blank_role.sum())),
                   raw.label, rcol, raw.rows[blank_role][:5], int(blank_role.sum()))
    roles[blank_role] = "other"
    roles = _role_vocabulary(roles, role_map, raw, rcol, report)
    unknown = ~pd.Index(roles).isin(S.ROLES)
    if unknown.any():
        vals = pd.unique(roles[unknown])
        _flag(report, "warning", "unknown_role",
              _("role(s) outside the default vocabulary kept as given: {values} (vocabulary: "
                "{roles}); map them with --role-map LABEL=ROLE or [roles] in netclust.toml").format(
                  values=", ".join(repr(v) for v in vals[:5]), roles=", ".join(S.ROLES)),
              raw, rcol, unknown)
    return roles


def _firm_attributes(raw: RawTable, found: dict, report: ValidationReport, out: pd.DataFrame):
    if "exporter" in found:
        ucol = found["exporter"]
        text = as_text(raw.frame[ucol])
        codes, uniq = pd.factorize(text)  # a handful of spellings, whatever the firms
        parsed = pd.Series(pd.array([parse_bool(v) for v in uniq], dtype="boolean")
                           .take(codes, allow_fill=True), index=text.index)
        bad = (parsed.isna() & (text != "")).to_numpy()
        _flag(report, "warning", "invalid_exporter",
              _("exporter must be true/false (yes/no, Y/N, 1/0, 是/否); unreadable value(s) "
                "{values} set to missing").format(values=shown_values(text, bad)), raw, ucol, bad)
        out["exporter"] = parsed.astype("boolean").to_numpy()
    for col in ("employees", "lon", "lat", "founded"):
        if col in found:
            vals = _numeric(raw, report, col, found[col])
            if col in ("lon", "lat"):
                lim = 180 if col == "lon" else 90
                off = np.abs(vals) > lim
                _flag(report, "warning", f"invalid_{col}",
                      _("{column} outside [-{limit}, {limit}] set to missing: {values}").format(
                          column=col, limit=lim, values=shown_values(as_text(raw.frame[found[col]]), off)),
                      raw, found[col], off)
                vals = np.where(off, np.nan, vals)
            out[col] = vals
    for col in ("sector", "area"):
        if col in found:
            out[col] = as_text(raw.frame[found[col]]).to_numpy(dtype=object)
    used = set(found.values())
    for c in raw.frame.columns:
        if c not in used and c not in out.columns:
            out[c] = raw.frame[c].to_numpy()


def _check_firm_values(raw: RawTable, found: dict, report: ValidationReport, out: pd.DataFrame):
    """Errors for values no firm can have: negative employees, register dates out of range.

    The register columns (``founded`` and the entry/exit columns the period commands
    read, :data:`netclust.temporal.periods.ENTRY_COLUMNS`/``EXIT_COLUMNS``) hold a year
    or a date inside :data:`~netclust.io.values.DATE_RANGE` (``1500``, ``200`` or
    ``20066`` would fail or be ignored later; see :func:`~netclust.io.values.register_dates`).
    """
    from netclust.temporal.periods import ENTRY_COLUMNS, EXIT_COLUMNS

    if "employees" in out.columns:
        neg = out["employees"].to_numpy(dtype=float) < 0
        _flag(report, "error", "negative_employees", _("negative employees {values}").format(
            values=shown_values(as_text(raw.frame[found["employees"]]), neg)),
            raw, found["employees"], neg)
    used = set(found.values())
    cols = [("founded", found["founded"])] if "founded" in found else []
    cols += [(c, c) for c in raw.frame.columns
             if c not in used and str(c).strip().lower() in ENTRY_COLUMNS + EXIT_COLUMNS]
    for canon, col in cols:
        cells = out[canon] if canon == "founded" else raw.frame[col]
        bad = register_dates(cells)[1]
        if canon == "founded":  # text cells are already reported as unreadable numbers
            bad &= np.isfinite(cells.to_numpy(dtype=float))
        _flag(report, "error", "invalid_register_date",
              _("{column} must be a four-digit year or a date from {first} to {last}, not "
                "{values}").format(column=col, first=DATE_RANGE[0], last=DATE_RANGE[1],
                                   values=shown_values(as_text(raw.frame[col]), bad)),
              raw, col, bad)


def check_firms(raw: RawTable, mapping: dict | None, report: ValidationReport,
                role_map: dict | None = None) -> pd.DataFrame | None:
    """Validate a raw firms table; return the clean frame indexed by ``firm_id``.

    Returns ``None`` when the table is unusable (errors recorded in ``report``).
    ``role_map`` (your label -> role) is applied before the built-in Chinese labels
    of :data:`netclust.schema.ROLE_ALIASES`; both are reported as infos.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from netclust.io.checks import check_firms
    >>> from netclust.io.tables import RawTable
    >>> from netclust.io.validation import ValidationReport
    >>> report = ValidationReport()
    >>> raw = RawTable(pd.DataFrame({"firm_id": ["a", "b"], "role": ["sme", ""]}), "f.csv",
    ...                np.array([2, 3]))
    >>> check_firms(raw, None, report)["role"].tolist()
    ['sme', 'other']
    """
    if raw.frame.shape[1] == 0 or len(raw.frame) == 0:
        report.add("error", "empty_table", _("the firms table has no records"), raw.label)
        return None
    found = map_columns(raw, S.FIRM_COLUMNS, (S.FIRM_ID,), mapping, report, table="firms")
    if S.FIRM_ID not in found:
        return None
    ids, drop = _firm_ids(raw, found[S.FIRM_ID], report)
    out = pd.DataFrame({S.FIRM_ID: ids.to_numpy()})
    names = as_text(raw.frame[found[S.NAME]]) if S.NAME in found else ids
    out[S.NAME] = np.where(names == "", ids, names)
    out[S.ROLE] = _roles(raw, found, report, role_map)
    _firm_attributes(raw, found, report, out)
    _check_firm_values(raw, found, report, out)
    out = out.loc[~drop]
    out.index = pd.Index(out.pop(S.FIRM_ID).to_numpy(dtype=object), name=S.FIRM_ID, dtype=object)
    return out


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse a date column into naive timestamps; unreadable cells become ``NaT``.

    Rules: ISO dates and times and the usual day/month spellings are read; a cell
    must contain a four-digit year (``5`` or ``Mar 5`` would silently take today's
    year); ``now``/``today``/``tomorrow``/``yesterday`` are rejected (they would
    depend on the clock). **UTC offsets** (``2024-01-01T10:00:00+08:00``, ``Z``) are
    dropped and the **local wall time as written** is kept, so a record is in the
    day, month and year its own text says, whatever the offsets of other rows; a
    timezone-aware column (Parquet, DataFrame) is likewise read in its own zone.
    Dates outside :data:`netclust.io.values.DATE_RANGE` (1678-01-01 to 2261-12-31)
    are ``NaT`` too (see :func:`netclust.io.values.read_dates`, which flags them).

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.checks import parse_dates
    >>> d = parse_dates(pd.Series(["2024-01-01T10:00:00+08:00", "2024-01-02", "now", "5"]))
    >>> [str(x) for x in d]
    ['2024-01-01 10:00:00', '2024-01-02 00:00:00', 'NaT', 'NaT']
    """
    return _dates(values)[0]


def _dates(values: pd.Series):
    """:func:`~netclust.io.values.read_dates` of a column (cells as :func:`as_text` writes them)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(values):
        return read_dates(values)
    return read_dates(as_text(values))


#: Below this many firms, validate warns that communities and null-model readings are unstable.
MIN_FIRMS = 30


def apply_exporter_roles(firms, roles, report, label):
    """Mark firms of the mapping file's exporter roles as exporters (reported as an info).

    Firms already marked by an exporter column stay marked.

    Examples
    --------
    >>> from netclust.io.checks import apply_exporter_roles
    >>> from netclust.io.validation import ValidationReport
    >>> firms = pd.DataFrame({"role": ["anchor", "sme"]}, index=["a", "b"])
    >>> apply_exporter_roles(firms, ("anchor",), ValidationReport(), "netclust.toml")["exporter"].tolist()
    [True, False]
    """
    if not roles or firms is None:
        return firms
    by_role = firms[S.ROLE].astype(str).isin(roles).to_numpy()
    firms = firms.copy()
    if "exporter" in firms.columns:
        firms["exporter"] = firms["exporter"].fillna(False).astype(bool).to_numpy() | by_role
    else:
        firms["exporter"] = by_role
    report.add("info", "exporter_roles", _("{n} firm(s) of role {roles} marked as exporters "
                                           "([exporters] roles in {file})").format(
        n=int(by_role.sum()), roles=", ".join(roles), file=label))
    return firms


def consequences(firms, links, specs, *, exporters=None) -> list:
    """What the analyses will lack with this data: ``(code, sentence)`` pairs, one per gap.

    Each sentence names what will be empty and what to add to the data.
    ``netclust validate`` lists them as warnings before any other warning.

    Parameters
    ----------
    firms, links : DataFrame
        Clean tables (as :func:`read` builds them).
    specs : tuple of LayerSpec
    exporters : sequence of str, optional
        Exporting roles given on the command line (``--exporters``).

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> from netclust.io.checks import consequences
    >>> net = nc.datasets.toy()
    >>> [code for code, text in consequences(net.firms, net.links, net.layers)]
    ['few_firms']
    >>> firms = net.firms.drop(columns="exporter").assign(role="other")
    >>> for code, text in consequences(firms, net.links, net.layers)[:2]:
    ...     print(text)
    no firm has role sme: symbiosis, export channels, scenarios and recommendations will be empty; give SMEs role sme (or map your label: --role-map 中小企业=sme, [roles] in netclust.toml)
    no firm has role anchor: anchor dependence and the anchor-exit scenario will be empty; give lead firms role anchor (--role-map 龙头企业=anchor)
    """
    out = []
    roles = set(firms[S.ROLE].astype(str)) if S.ROLE in firms.columns else set()
    if "sme" not in roles:
        out.append(("no_sme", _("no firm has role sme: symbiosis, export channels, scenarios and "
                                "recommendations will be empty; give SMEs role sme (or map your "
                                "label: --role-map 中小企业=sme, [roles] in netclust.toml)")))
    if "anchor" not in roles:
        out.append(("no_anchor", _("no firm has role anchor: anchor dependence and the anchor-exit "
                                   "scenario will be empty; give lead firms role anchor (--role-map "
                                   "龙头企业=anchor)")))
    if not exporters:
        if "exporter" not in firms.columns:
            out.append(("no_exporters", _("no exporter column and no --exporters: channel access, "
                                          "N-1 security and recommendations need exporter "
                                          "information; add a column exporter (是否出口: 是/否) or "
                                          "pass --exporters anchor,trade_service ([exporters] roles "
                                          "in netclust.toml)")))
        elif not firms["exporter"].fillna(False).astype(bool).any():
            out.append(("no_exporters", _("the exporter column marks no firm as exporting: channel "
                                          "access, N-1 security and recommendations will be empty")))
    used = list(pd.unique(links[S.LAYER])) if len(links) else []
    if len(used) == 1:
        out.append(("one_layer", _("one layer only ({layer}): layer comparison and multiplex "
                                   "measures are trivial; add the other relations as layers (--links "
                                   "LAYER=FILE, --sheet LAYER=SHEET)").format(layer=used[0])))
    channel = [s.name for s in specs if s.channel is not None]
    if used and not set(channel) & set(used):
        out.append(("no_channel_links", _("no links in a layer that carries goods ({layers}): export "
                                          "channels will be empty; declare channel = \"forward\" on "
                                          "a layer in netclust.toml").format(
                                              layers=", ".join(channel) or _("none declared"))))
    if len(firms) < MIN_FIRMS:
        out.append(("few_firms", _("only {n} firms (fewer than {minimum}): communities, null-model "
                                   "comparisons and rankings are unstable; read them as "
                                   "illustrations").format(n=len(firms), minimum=MIN_FIRMS)))
    return out


class _Links:
    """Columns of the links table as they are checked (one attribute per column)."""

    def __init__(self, raw, found, report, n, lenient=False):
        self.raw, self.found, self.report, self.lenient = raw, found, report, lenient
        self.keep = np.ones(n, dtype=bool)
        self.n = n

    def flag(self, severity, code, message, canon, mask):
        return _flag(self.report, severity, code, message, self.raw, self.found[canon], mask)


def did_you_mean(unknown, known, limit: int = 3) -> str:
    """``" (did you mean ...?)"`` for the first unknown ids, from the closest known ids.

    Examples
    --------
    >>> from netclust.io.checks import did_you_mean
    >>> did_you_mean(["F0O1"], ["F001", "F002", "X9"])
    " ('F0O1': did you mean 'F001'?)"
    """
    import difflib

    known = [str(k) for k in known]
    hints = []
    for uid in list(unknown)[:limit]:  # a few ids only
        uid = str(uid)
        close = difflib.get_close_matches(uid, known, n=200, cutoff=0.6)
        # ties in similarity: fewer differing characters first (F0O1 -> F001 before F010)
        close = sorted(close, key=lambda c: (-difflib.SequenceMatcher(None, uid, c).ratio(),
                                             sum(a != b for a, b in zip(uid, c))
                                             + abs(len(uid) - len(c))))[:3]
        if close:
            hints.append(_("{value!r}: did you mean {ids}?").format(
                value=uid, ids=", ".join(repr(c) for c in close)))
    return f" ({'; '.join(hints)})" if hints else ""


def _check_ends(lk: _Links, firm_ids) -> dict:
    ends = {}
    for col in (S.SOURCE, S.TARGET):
        ids = as_text(lk.raw.frame[lk.found[col]])
        blank = (ids == "").to_numpy()
        lk.flag("error", f"missing_{col}", _("blank {column} firm id").format(column=col), col, blank)
        lk.keep &= ~blank
        if firm_ids is not None:
            unknown = (positions(ids, firm_ids) < 0) & ~blank
            if unknown.any():
                distinct = pd.unique(ids[unknown])
                lk.flag("error", "unknown_firm",
                        _("{n} firm id(s) not in the firms table: {values}").format(
                            n=len(distinct),
                            values=shown_values(distinct, np.ones(len(distinct), dtype=bool), 5))
                        + did_you_mean(distinct, firm_ids),
                        col, unknown)
                lk.keep &= ~unknown
        ends[col] = ids.to_numpy(dtype=object)
    return ends


def _check_layer_column(lk: _Links, layers) -> np.ndarray:
    declared = [s.name for s in layers]
    implied = lk.raw.layer
    if implied is not None:
        if implied not in declared:
            lk.report.add("error", "undeclared_layer",
                          _("layer {layer!r} (this table is that layer) is not declared; "
                            "declared: {declared}. Declare it in [layers] of netclust.toml, a "
                            "layers file or --declare-layer NAME:directed").format(
                              layer=implied, declared=", ".join(declared)),
                          lk.raw.label)
            lk.keep[:] = False
        elif S.LAYER in lk.found:
            lk.report.add("info", "layer_column_ignored",
                          _('this table is layer {layer!r}; its column "{column}" is not read as '
                            "the layer").format(layer=implied, column=lk.found[S.LAYER]),
                          lk.raw.label, lk.found[S.LAYER])
        return np.full(lk.n, implied, dtype=object)
    if S.LAYER not in lk.found:
        lk.report.add("info", "single_layer", _("no layer column: every link is in layer "
                                                "{layer!r}").format(layer=declared[0]), lk.raw.label)
        return np.full(lk.n, declared[0], dtype=object)
    lay = as_text(lk.raw.frame[lk.found[S.LAYER]]).to_numpy(dtype=object)
    blank = lay == ""
    lk.flag("error", "missing_layer", _("blank layer"), S.LAYER, blank)
    undeclared = (positions(lay, declared) < 0) & ~blank
    if undeclared.any():
        names, counts = np.unique(lay[undeclared].astype(str), return_counts=True)
        listed = ", ".join(_("{layer!r} ({n} rows)").format(layer=str(nm), n=int(c))
                           for nm, c in zip(names[:5], counts[:5]))
        lk.flag("error", "undeclared_layer",
                _("layer(s) not declared: {layers}; declared: {declared}. Declare layers with a "
                  "layers.csv/.toml file (--layers) or --declare-layer NAME:directed").format(
                    layers=listed, declared=", ".join(declared)),
                S.LAYER, undeclared)
    lk.keep &= ~blank & ~undeclared
    return lay


def _check_weights(lk: _Links) -> np.ndarray:
    if S.WEIGHT not in lk.found:
        return np.ones(lk.n)
    w, cells = _numbers(lk.raw, lk.found[S.WEIGHT], lk.report)
    bad = ~np.isfinite(w)
    shown = bad & cells.filled() if bad.any() else bad
    lk.flag("error", "invalid_weight",
            _("weight must be a finite positive number (blank, text or infinite found: {values})")
            .format(values=cells.quote(shown)) if shown.any() else
            _("weight must be a finite positive number (blank, text or infinite found)"), S.WEIGHT, bad)
    neg = np.isfinite(w) & (w < 0)
    lk.flag("error", "negative_weight", _("negative weight {values}").format(values=cells.quote(neg)),
            S.WEIGHT, neg)
    zero = w == 0
    lk.flag("warning", "zero_weight",
            _("zero weight {values}: link dropped").format(values=cells.quote(zero, 1)),
            S.WEIGHT, zero)
    lk.keep &= ~bad & ~neg & ~zero
    return np.where(bad, 0.0, w)


def _check_counts(lk: _Links) -> np.ndarray:
    if S.COUNT not in lk.found:
        return np.ones(lk.n, dtype=np.int64)
    c, cells = _numbers(lk.raw, lk.found[S.COUNT], lk.report)
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(c) & (c >= 1) & (c == np.round(c)) & (c < 2.0 ** 53))
    lk.flag("error", "invalid_count",
            _("count must be a whole number >= 1, not {values}").format(values=cells.quote(bad)),
            S.COUNT, bad)
    lk.keep &= ~bad
    return np.where(bad, 0, np.nan_to_num(c)).astype(np.int64)


def _read_dates(lk: _Links, col: pd.Series):
    """Dates of a column: the documented spellings rewritten (reported), then parsed."""
    if isinstance(col.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(col):
        return (*_dates(col), np.zeros(len(col), dtype=bool))
    codes, uniq = pd.factorize(as_text(col))
    iso, convs, ambiguous, _unused = normalise_dates(pd.Series(uniq, dtype=object))
    user_col = lk.found[S.DATE]
    for conv in convs:
        rows = conv.mask[codes]
        cells = int(rows.sum())
        lk.report.add("info", "converted_date", conv.message(cells),
                      lk.raw.label, user_col, lk.raw.rows[rows][:5], cells)
    dates, outside = _dates(pd.Series(iso.to_numpy(dtype=object)[codes], index=col.index))
    return dates, outside, ambiguous[codes] if len(uniq) else np.zeros(len(col), dtype=bool)


def _check_dates(lk: _Links):
    if S.DATE not in lk.found:
        return None
    col = lk.raw.frame[lk.found[S.DATE]]
    text = as_text(col)
    dates, outside, ambiguous = _read_dates(lk, col)
    lk.flag("error", "ambiguous_date",
            _("ambiguous date {values}: day and month could be swapped; write it as YYYY-MM-DD "
              "(2022-04-03) or 2022年4月3日").format(values=shown_values(text, ambiguous)),
            S.DATE, ambiguous)
    lk.flag("error", "date_out_of_range",
            _("date {values} outside the dates netclust reads ({first} to {last})").format(
                values=shown_values(text, outside), first=DATE_RANGE[0], last=DATE_RANGE[1]),
            S.DATE, outside)
    bad = (dates.isna() & (text != "")).to_numpy() & ~ambiguous & ~outside
    lk.flag("error", "invalid_date",
            _("unreadable date {values} (use YYYY-MM-DD, 2022/1/3 or 2022年1月3日; a four-digit "
              "year is needed, now/today are not dates)").format(values=shown_values(text, bad))
            + serial_hint(text, bad), S.DATE, bad)
    lk.keep &= ~bad & ~ambiguous & ~outside
    return dates.where(~ambiguous)


def _period_column(lk: _Links, dates, by_period):
    period_col = None
    if S.PERIOD in lk.found:
        period_col = as_text(lk.raw.frame[lk.found[S.PERIOD]]).to_numpy(dtype=object)
    if by_period is not None:
        if dates is None and lk.lenient:  # one of several tables: its links are undated
            lk.report.add("info", "undated_table", _("no date column: this table's links are "
                                                     "undated (kept in every period)"), lk.raw.label)
            period_col = np.full(lk.n, "", dtype=object)
        elif dates is None:
            lk.report.add("error", "missing_column", _("by_period={value!r} needs a date column")
                          .format(value=by_period), lk.raw.label, S.DATE)
        else:
            labels = period_labels(dates.fillna(pd.Timestamp(0)), by_period)
            period_col = np.where(dates.isna().to_numpy(), "", labels)
    return period_col


def _count_left_out(lk: _Links, period, inside, undated) -> None:
    """Info lines counting the records a window leaves out (same lines as the records engine)."""
    outside = int((~inside & ~undated & lk.keep).sum())
    blank = int((undated & lk.keep).sum())
    if outside:
        lk.report.add("info", "outside_period", _("{n} records dated outside period {period!r} "
                                                  "left out").format(n=outside, period=period),
                      lk.raw.label, S.DATE, count=outside)
    if blank:
        lk.report.add("info", "undated_records", _("{n} undated records (blank date) left out of "
                                                   "period {period!r}").format(n=blank, period=period),
                      lk.raw.label, S.DATE, count=blank)


def _filter_period(lk: _Links, period, dates, period_col) -> None:
    if period is None:
        return
    start, end = parse_period(period)
    if dates is not None:
        inside = ((dates >= start) & (dates < end)).to_numpy()
        _count_left_out(lk, period, inside, dates.isna().to_numpy())
    elif period_col is not None:
        pstart, pend = period_bounds(period_col)
        inside = (pstart >= start) & (pend <= end)
    elif lk.lenient:  # one of several tables without dates: undated links are kept
        lk.report.add("info", "undated_table", _("no date column: this table's links are undated "
                                                 "and kept in period {period!r}").format(period=period),
                      lk.raw.label)
        inside = np.ones(lk.n, dtype=bool)
    else:
        lk.report.add("error", "missing_column",
                      _("period {period!r} given but the links have no date or period column")
                      .format(period=period), lk.raw.label, S.DATE)
        inside = np.ones(lk.n, dtype=bool)
    if not inside[lk.keep].any() and lk.keep.any():
        lk.report.add("warning", "empty_period",
                      _("no link falls in period {period!r}").format(period=period), lk.raw.label)
    lk.keep &= inside


def _check_sums(lk: _Links, out: pd.DataFrame, keys: list, rows: np.ndarray, repeated: bool = True) -> None:
    """Aggregated weights that overflow to infinity are an error naming the link.

    ``repeated=False`` (every key once) skips the group sums: each weight is its sum.
    """
    if not len(out):
        return
    with np.errstate(over="ignore"):
        total = (out.groupby(keys, sort=False)[S.WEIGHT].transform("sum").to_numpy(dtype=float)
                 if repeated else out[S.WEIGHT].to_numpy(dtype=float))
    over = ~np.isfinite(total)
    if over.any():
        first = out.loc[over].iloc[0]
        lk.report.add("error", "weight_overflow",
                      _("the weights of link {source!r} -> {target!r} in layer {layer!r} (and of "
                        "every link listed) sum to more than the largest number ({largest}); "
                        "rescale the weights (e.g. thousands instead of units)").format(
                          source=first[S.SOURCE], target=first[S.TARGET], layer=first[S.LAYER],
                          largest=f"{np.finfo(float).max:.3g}"), lk.raw.label,
                      lk.found.get(S.WEIGHT, S.WEIGHT), rows[over][:5], int(over.sum()))


def check_links(raw: RawTable, mapping: dict | None, layers: tuple, firm_ids: pd.Index | None,
                report: ValidationReport, *, period=None, by_period: str | None = None,
                lenient: bool = False, own=()):
    """Validate a raw links table; return the clean frame or ``None`` when unusable.

    The clean frame has columns ``source, target, layer, weight, count`` and
    ``period`` when ``by_period`` is given or the input has a ``period`` column.
    Rows with zero weight and self-loops are dropped (warnings); rows with errors
    are dropped too (the caller raises when the report has errors). Weights must
    be finite (``inf`` is an error naming the cell; large finite values such as
    ``1e20`` are fine), and the weights aggregated into one link must not overflow
    to infinity (an error naming the link and its rows).

    ``mapping`` is this table's column mapping; ``own`` its keys mapped for this
    table only, ``lenient`` that the table is one of several (see :func:`map_columns`).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from netclust.io.checks import check_links
    >>> from netclust.io.tables import RawTable
    >>> from netclust.io.validation import ValidationReport
    >>> from netclust.schema import DEFAULT_LAYERS
    >>> report = ValidationReport()
    >>> frame = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"],
    ...                       "layer": "procurement", "weight": ["2", "inf"]})
    >>> out = check_links(RawTable(frame, "l.csv", np.array([2, 3])), None, DEFAULT_LAYERS,
    ...                   None, report)
    >>> len(out), report.errors[0].format()
    (1, 'error: l.csv, row 3, column "weight": weight must be a finite positive number (blank, text or infinite found: \\'inf\\')')
    """
    if raw.frame.shape[1] == 0 or len(raw.frame) == 0:
        report.add("error", "empty_table", _("the links table has no records"), raw.label)
        return None
    one = len(layers) == 1 or raw.layer is not None
    required = (S.SOURCE, S.TARGET) + (() if one else (S.LAYER,))
    found = map_columns(raw, S.LINK_COLUMNS, required, mapping, report, lenient=lenient, own=own,
                        table=raw.layer or "links")
    if S.SOURCE not in found or S.TARGET not in found:
        return None
    lk = _Links(raw, found, report, len(raw.frame), lenient)
    ends = _check_ends(lk, firm_ids)
    lay = _check_layer_column(lk, layers)
    w, cnt, dates = _check_weights(lk), _check_counts(lk), _check_dates(lk)
    period_col = _period_column(lk, dates, by_period)
    _filter_period(lk, period, dates, period_col)
    src, dst = ends[S.SOURCE], ends[S.TARGET]
    loop = (src == dst) & lk.keep
    lk.flag("warning", "self_loop", _("self-loop (source equals target: {values}): link "
                                      "dropped").format(values=shown_values(src, loop)), S.SOURCE, loop)
    keep = lk.keep & ~loop
    out = pd.DataFrame({S.SOURCE: src[keep], S.TARGET: dst[keep], S.LAYER: lay[keep],
                        S.WEIGHT: w[keep], S.COUNT: cnt[keep]})
    keys = [S.SOURCE, S.TARGET, S.LAYER]
    if period_col is not None:
        out[S.PERIOD] = period_col[keep]
        keys.append(S.PERIOD)
    repeated = bool(len(out)) and bool(out.duplicated(keys).any())
    _check_sums(lk, out, keys, raw.rows[keep], repeated)
    if repeated:
        report.add("info", "aggregated", _("several records per ({keys}) were aggregated: weight = "
                                           "sum, count = number of records").format(
            keys=", ".join(keys[:3]) + (", period" if period_col is not None else "")), raw.label)
    return out
