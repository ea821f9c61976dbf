"""Values as people type them: dates and amounts in the spellings of real spreadsheets.

Every conversion is explicit and reported (a :class:`Conversion`: what was done, how
many cells, one example), and nothing is guessed: a cell that could mean two things
is an error naming the cell.

Dates (:func:`normalise_dates`)
    ``2022-01-03`` (ISO), ``2022/1/3`` and ``2022.1.3`` (year first),
    ``2022年1月3日`` and ``2022年1月`` (Chinese), ``2022-01`` / ``2022/01`` (a month:
    its first day), full-width digits (``２０２２``). Day-first or month-first forms
    ``13/04/2022`` are read only when one number is above 12; ``03/04/2022`` is
    ambiguous and an error. **Excel serial numbers**: XLSX date cells arrive as dates
    already; a CSV column is read as serial day numbers (1900 date system, day 1 =
    1900-01-01) only when *every* filled cell is a whole number between 20000 and
    80000 (1954-10-03 to 2119-01-09), i.e. the whole column is obviously serial; a
    lone serial among text dates is an error, whose message says what the number
    looks like (:func:`serial_hint`).
Amounts (:func:`parse_amounts`)
    Thousands separators ``1,234.50`` (groups of three only: ``1,5`` is an error),
    currency marks ``¥ ￥ RMB CNY 元`` (and ``$``/``USD`` — the unit is dropped, never
    converted), ``万`` (× 10 000), full-width digits and signs. Spaces inside numbers
    (``1 234``) are thousands separators too.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netclust.i18n import N_, gettext as _
from netclust.periods import CLOCK_WORDS

__all__ = ["Conversion", "normalise_dates", "parse_amounts", "serial_hint", "SERIAL_RANGE",
           "DATE_RANGE", "bounded_dates", "read_dates", "register_dates"]

#: Whole numbers read as Excel serial dates when a whole column holds them.
SERIAL_RANGE = (20000, 80000)
_EXCEL_EPOCH = np.datetime64("1899-12-30")
#: First and last day a date may have (inclusive): whole years inside the range of
#: nanosecond timestamps (1677-09-21 to 2262-04-11); a date outside is an error, never
#: moved to another year.
DATE_RANGE = ("1678-01-01", "2261-12-31")
_FIRST_DAY, _AFTER_LAST = np.datetime64(DATE_RANGE[0]), np.datetime64("2262-01-01")


@dataclass(frozen=True)
class Conversion:
    """One kind of conversion applied to some cells of a column.

    Attributes
    ----------
    what : str
        What was read, e.g. ``"Chinese dates (2022年1月3日)"`` (English; translated where shown).
    count : int
        Number of values converted: distinct values when the caller passed distinct
        texts (as :mod:`netclust.io.checks` does), so the cells are counted by the caller.
    example : str
        One cell as written and as read, e.g. ``"'2022年1月3日' -> 2022-01-03"``.
    mask : numpy.ndarray
        Which cells (of the column) were converted.
    """

    what: str
    count: int
    example: str
    mask: np.ndarray

    def message(self, cells: int | None = None) -> str:
        """The sentence ``validate`` shows (the column is named by the problem's location).

        Parameters
        ----------
        cells : int, optional
            Number of cells converted, when :attr:`count` counts distinct values (the
            caller converts each distinct text once); both are shown when they differ.

        Examples
        --------
        >>> from netclust.io.values import Conversion
        >>> c = Conversion("Chinese dates (2022年1月3日)", 711, "'2022年1月3日' -> 2022-01-03", None)
        >>> c.message(2458)
        "2458 cells (711 distinct value(s)) read as Chinese dates (2022年1月3日) (e.g. '2022年1月3日' -> 2022-01-03)"
        >>> c.message()
        "711 cell(s) read as Chinese dates (2022年1月3日) (e.g. '2022年1月3日' -> 2022-01-03)"
        """
        cells = self.count if cells is None else int(cells)
        if cells == self.count:
            return _("{cells} cell(s) read as {what} (e.g. {example})").format(
                cells=cells, what=_(self.what), example=self.example)
        return _("{cells} cells ({distinct} distinct value(s)) read as {what} (e.g. {example})").format(
            cells=cells, distinct=self.count, what=_(self.what), example=self.example)


def _nfkc(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Full-width characters to ASCII (NFKC), and which cells changed."""
    ascii_only = text.str.isascii().to_numpy(dtype=bool)
    out = text.copy()
    if (~ascii_only).any():
        out[~ascii_only] = [unicodedata.normalize("NFKC", v) for v in text[~ascii_only]]
    changed = (out != text).to_numpy(dtype=bool)
    return out, changed


def _record(convs, what, mask, before, after):
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        i = int(np.flatnonzero(mask)[0])
        convs.append(Conversion(what, int(mask.sum()), f"{before.iloc[i]!r} -> {after.iloc[i]}",
                                mask))


_CN_DATE = r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号]?)?$"
_YMD = r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"
_MONTH = r"^(\d{4})[-/.](\d{1,2})$"
_DMY = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"


def _iso(y, m, d) -> pd.Series:
    return y + "-" + m.str.zfill(2) + "-" + d.fillna("1").str.zfill(2)


def normalise_dates(text: pd.Series):
    """Rewrite the date spellings of :mod:`this module <netclust.io.values>` as ISO text.

    Parameters
    ----------
    text : Series of str
        Stripped cell texts (``""`` for blanks); distinct values, ideally.

    Returns
    -------
    iso : Series of str
        Cells in ISO form where a documented form was recognised, else unchanged.
    conversions : list of Conversion
    ambiguous : numpy.ndarray of bool
        Cells such as ``03/04/2022`` whose day and month could be swapped (errors).
    serial : bool
        Whether the column was read as Excel serial numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.values import normalise_dates
    >>> iso, conv, amb, serial = normalise_dates(pd.Series(
    ...     ["2022年1月3日", "2022/1/3", "2022-01", "03/04/2022", "13/04/2022"]))
    >>> iso.tolist(), amb.tolist()
    (['2022-01-03', '2022-01-03', '2022-01-01', '03/04/2022', '2022-04-13'], [False, False, False, True, False])
    >>> [c.what for c in conv][:2]
    ['Chinese dates (2022年1月3日)', 'year/month/day dates (2022/1/3)']
    """
    convs: list[Conversion] = []
    original = text.astype(object)
    text, wide = _nfkc(original.astype(str))
    _record(convs, N_("full-width digits"), wide, original, text)
    filled = (text != "").to_numpy()
    serial = _serials(text)
    if filled.any() and serial[filled].all():
        days = pd.to_numeric(text[filled]).to_numpy(dtype=float)   # every filled cell a serial
        dates = _EXCEL_EPOCH + days.astype(np.int64).astype("timedelta64[D]")
        out = text.copy()
        out[filled] = pd.Series(dates).dt.strftime("%Y-%m-%d").to_numpy()
        _record(convs, N_("Excel serial day numbers"), filled, original, out)
        return out, convs, np.zeros(len(text), bool), True
    out = text.copy()
    for pattern, what in ((_CN_DATE, N_("Chinese dates (2022年1月3日)")),
                          (_YMD, N_("year/month/day dates (2022/1/3)")),
                          (_MONTH, N_("months (2022-01, the first day)"))):
        parts = text.str.extract(pattern)
        hit = parts[0].notna().to_numpy()
        if hit.any():
            day = parts[2] if parts.shape[1] > 2 else pd.Series(None, index=parts.index, dtype=object)
            out[hit] = _iso(parts[0], parts[1], day)[hit]
            _record(convs, what, hit, original, out)
    dmy = text.str.extract(_DMY)
    hit = dmy[0].notna().to_numpy()
    ambiguous = np.zeros(len(text), dtype=bool)
    if hit.any():
        a = pd.to_numeric(dmy[0], errors="coerce").to_numpy()
        b = pd.to_numeric(dmy[1], errors="coerce").to_numpy()
        ambiguous = hit & (a <= 12) & (b <= 12) & (a != b)
        day_first = hit & (a > 12) & (b <= 12)
        month_first = hit & (b > 12) & (a <= 12)
        same = hit & (a == b)
        for mask, d, m, what in (
                (day_first, dmy[0], dmy[1], N_("day/month/year dates (unambiguous: the day is above 12)")),
                (month_first, dmy[1], dmy[0], N_("month/day/year dates (unambiguous: the day is above 12)")),
                (same, dmy[0], dmy[1], N_("day/month/year dates (unambiguous: day and month are the "
                                          "same number)"))):
            if mask.any():
                out[mask] = _iso(dmy[2], m, d)[mask]
                _record(convs, what, mask, original, out)
    return out, convs, ambiguous, False


def _serials(text: pd.Series) -> np.ndarray:
    """Which cells are whole numbers in :data:`SERIAL_RANGE` (``45234``, ``45234.0``)."""
    whole = text.str.fullmatch(r"\d{5}(?:\.0+)?").to_numpy(dtype=bool)
    days = pd.to_numeric(text.where(whole), errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return whole & (days >= SERIAL_RANGE[0]) & (days <= SERIAL_RANGE[1])


def serial_hint(text: pd.Series, bad) -> str:
    """What to say about unreadable dates that look like Excel serial day numbers.

    A date column mixing written dates (``2022/1/3``) with numbers such as ``45234``
    is an error (a lone number is not read as a date: :func:`normalise_dates`); the
    number is most likely a cell Excel stores as a date serial. This sentence,
    appended to the unreadable-date error, names the date it would be and what to do.

    Parameters
    ----------
    text : Series of str
        The column's cell texts.
    bad : array of bool
        The cells reported as unreadable.

    Returns
    -------
    str
        ``""`` when no unreadable cell looks like a serial; else ``"; '45234' looks
        like an Excel serial day number (= 2023-11-04): ..."`` (the first such cell).

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.values import serial_hint
    >>> text = pd.Series(["2022/1/3", "45234", "soon"])
    >>> serial_hint(text, [False, True, True])
    "; '45234' looks like an Excel serial day number (= 2023-11-04): format the whole column as dates in Excel (Format Cells > Date), or write every date as text (2023-11-04)"
    >>> serial_hint(text, [False, False, True])
    ''
    """
    text = pd.Series(text, dtype=object).astype(str).str.strip().reset_index(drop=True)
    hit = np.flatnonzero(_serials(text) & np.asarray(bad, dtype=bool))
    if not len(hit):
        return ""
    value = text.iloc[hit[0]]
    date = _EXCEL_EPOCH + np.timedelta64(int(float(value)), "D")
    return _("; {value!r} looks like an Excel serial day number (= {date}): format the whole "
             "column as dates in Excel (Format Cells > Date), or write every date as text "
             "({date})").format(value=value, date=str(date))


def bounded_dates(values) -> tuple[np.ndarray, np.ndarray]:
    """Nanosecond timestamps of dates of any unit, and which are outside :data:`DATE_RANGE`.

    A plain conversion to nanoseconds silently wraps a date outside 1677-2262 into
    another year (``1600-01-01`` became ``2184-07-20``); here such dates become
    ``NaT`` and are flagged, so the caller reports them.

    Parameters
    ----------
    values : array-like of datetime64 (any unit: ``s``, ``ms``, ``us``, ``ns``)
        Timezone-naive dates; ``NaT`` for missing ones.

    Returns
    -------
    dates : numpy.ndarray of datetime64[ns]
        ``NaT`` where missing or outside the range.
    outside : numpy.ndarray of bool
        Dates before 1678-01-01 or after 2261-12-31.

    Examples
    --------
    >>> import numpy as np
    >>> from netclust.io.values import bounded_dates
    >>> dates, outside = bounded_dates(np.array(["1600-01-01", "2024-05-01", "NaT",
    ...                                          "9999-12-31"], dtype="datetime64[s]"))
    >>> [str(d)[:10] for d in dates], outside.tolist()
    (['NaT', '2024-05-01', 'NaT', 'NaT'], [True, False, False, True])
    """
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        arr = arr.astype("datetime64[s]")
    outside = (arr < _FIRST_DAY) | (arr >= _AFTER_LAST)
    dates = np.where(outside, np.datetime64("NaT"), arr).astype("datetime64[ns]")
    return dates, outside


#: A UTC offset after a clock time: ``10:00+08:00``, ``10:00:00Z``, ``10:00 UTC``.
_OFFSET = r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"


def read_dates(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Naive timestamps of a date column, and which dates are outside :data:`DATE_RANGE`.

    Rules: ISO dates and times and the usual day/month spellings are read; a cell
    must contain a four-digit year (``5`` or ``Mar 5`` would silently take today's
    year); ``now``/``today``/``tomorrow``/``yesterday`` are rejected (they would
    depend on the clock). **UTC offsets** (``2024-01-01T10:00:00+08:00``, ``Z``) are
    dropped and the **local wall time as written** is kept; a timezone-aware column
    (Parquet, DataFrame) is likewise read in its own zone. Dates outside
    :data:`DATE_RANGE` (``1600-01-01``, ``9999-12-31``) are ``NaT`` and flagged.

    Parameters
    ----------
    values : Series
        Dates (datetime dtype) or stripped cell texts (``""`` for blanks).

    Returns
    -------
    dates : Series of datetime64[ns]
        ``NaT`` where blank, unreadable or outside the range.
    outside : numpy.ndarray of bool
        Readable dates outside the range.

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.values import read_dates
    >>> d, outside = read_dates(pd.Series(["2024-01-01T10:00:00+08:00", "1600-01-01", "now"]))
    >>> [str(x) for x in d], outside.tolist()
    (['2024-01-01 10:00:00', 'NaT', 'NaT'], [False, True, False])
    """
    import warnings

    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
    if pd.api.types.is_datetime64_any_dtype(values):
        dates, outside = bounded_dates(values.to_numpy())
        return pd.Series(dates, index=values.index), outside
    codes, uniq = pd.factorize(values.astype(object).where(values.notna(), "").astype(str))
    text = pd.Series(uniq, dtype=object).str.strip().str.replace(_OFFSET, r"\1", regex=True)
    ok = (text != "") & text.str.contains(r"\d{4}", regex=True) \
        & ~text.str.lower().isin(CLOCK_WORDS)
    vals = text.where(ok, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = pd.to_datetime(vals, errors="coerce")
        retry = first.isna() & vals.notna()
        if retry.any():
            second = pd.to_datetime(vals[retry], errors="coerce", format="mixed")
            first = first.where(~retry, second.reindex(first.index))
    if isinstance(first.dtype, pd.DatetimeTZDtype):
        first = first.dt.tz_localize(None)
    parsed, out_u = bounded_dates(pd.to_datetime(first, errors="coerce").to_numpy())
    dates = np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[ns]")
    outside = np.zeros(len(codes), dtype=bool)
    dates[codes >= 0], outside[codes >= 0] = parsed[codes[codes >= 0]], out_u[codes[codes >= 0]]
    return pd.Series(dates, index=values.index), outside


def register_dates(values: pd.Series, *, end: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Dates of a firm register column (``founded``, ``closed``): a year or a date.

    A whole number ``Y`` (``2020``, ``2020.0``) is a year: entry on Jan 1 of ``Y``,
    or with ``end=True`` the end of Dec 31 of ``Y`` (i.e. Jan 1 of ``Y + 1``); texts
    and eight-digit numbers (``20240105``) are dates read by :func:`read_dates`
    (``end=True``: the end of that day). A year or date outside :data:`DATE_RANGE`
    (``200``, ``1500``, ``20066``), another number (``2020.5``) or a text that is not a
    date is *invalid*: flagged, never read as "no bound".

    Parameters
    ----------
    values : Series
        The column's cells (numbers, texts or dates; blank cells are missing).
    end : bool, default False
        Read the bound as an end (closing) date.

    Returns
    -------
    dates : numpy.ndarray of datetime64[ns]
        ``NaT`` where blank or invalid.
    invalid : numpy.ndarray of bool
        Filled cells that are not a year or a date inside the range.

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.values import register_dates
    >>> dates, bad = register_dates(pd.Series([2020, "2021-03-05", None, 1500, "soon", 20066,
    ...                                        20240105]))
    >>> [str(d)[:10] for d in dates]
    ['2020-01-01', '2021-03-05', 'NaT', 'NaT', 'NaT', 'NaT', '2024-01-05']
    >>> bad.tolist()
    [False, False, False, True, True, True, False]
    >>> str(register_dates(pd.Series([2261]), end=True)[0][0])[:10]
    '2262-01-01'
    """
    values = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(values) or isinstance(values.dtype, pd.DatetimeTZDtype):
        out, _outside = read_dates(values)
        out = out.to_numpy() + np.timedelta64(int(end), "D")
        return out, values.notna().to_numpy() & np.isnat(out)
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    num = pd.to_numeric(text.where(text != "", None), errors="coerce").to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(num) & (num == np.round(num))
        year = whole & (num >= int(DATE_RANGE[0][:4])) & (num <= int(DATE_RANGE[1][:4]))
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    out[year] = (num[year].astype(np.int64) - 1970 + int(end)).astype("datetime64[Y]")
    compact = whole & (num >= 1e7) & (num < 1e8)   # 20240105: a date without separators
    rest = (text != "").to_numpy() & (np.isnan(num) | compact)
    if rest.any():
        out[rest] = read_dates(text[rest])[0].to_numpy() + np.timedelta64(int(end), "D")
    return out, (text != "").to_numpy() & np.isnat(out)


_CURRENCY = r"(?i)^\s*(?:rmb|cny|usd|\$|¥)?\s*(.*?)\s*(?:元|rmb|cny|usd)?\s*$"


def parse_amounts(text: pd.Series):
    """Numbers from amount cells as people type them; each conversion reported.

    Parameters
    ----------
    text : Series of str
        Stripped cell texts (``""`` for blanks).

    Returns
    -------
    values : numpy.ndarray of float
        NaN where a cell is blank or not a number.
    conversions : list of Conversion

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.io.values import parse_amounts
    >>> vals, conv = parse_amounts(pd.Series(["1,234.50", "￥80", "1.5万", "１２", "1,5", "7"]))
    >>> vals.tolist()
    [1234.5, 80.0, 15000.0, 12.0, nan, 7.0]
    >>> [c.what for c in conv]
    ['full-width digits', 'amounts with a currency mark (the unit is dropped)', 'amounts in 万 (x 10,000)', 'numbers with thousands separators']
    """
    convs: list[Conversion] = []
    original = text.astype(object)
    plain = pd.to_numeric(original.where(original != "", None),
                          errors="coerce").to_numpy(dtype=float, copy=True)
    todo = np.isnan(plain) & (original != "").to_numpy()
    if not todo.any():
        return plain, convs
    sub = original[todo].astype(str)
    norm, wide = _nfkc(sub)
    stripped = norm.str.extract(_CURRENCY)[0].fillna("")
    cur = (stripped != norm.str.strip()).to_numpy()
    wan = stripped.str.endswith("万").to_numpy(dtype=bool)
    body = stripped.str.replace(r"万$", "", regex=True).str.strip()
    grouped = body.str.fullmatch(r"[+-]?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?").to_numpy(dtype=bool)
    body = body.where(~grouped, body.str.replace(r"[, ]", "", regex=True))
    with np.errstate(over="ignore"):
        vals = pd.to_numeric(body.where(body != "", None), errors="coerce").to_numpy(dtype=float)
    vals = np.where(wan, vals * 10_000.0, vals)
    ok = np.isfinite(vals)
    after = pd.Series("", index=original.index, dtype=object)
    after[todo] = [f"{v:g}" for v in vals]
    for what, mask in ((N_("full-width digits"), wide),
                       (N_("amounts with a currency mark (the unit is dropped)"), cur),
                       (N_("amounts in 万 (x 10,000)"), wan),
                       (N_("numbers with thousands separators"), grouped)):
        full = np.zeros(len(original), dtype=bool)
        full[np.flatnonzero(todo)[mask & ok]] = True
        _record(convs, what, full, original, after)
    plain[np.flatnonzero(todo)] = vals
    return plain, convs
