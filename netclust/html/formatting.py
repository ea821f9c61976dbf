"""Numbers as people read them: the one formatting module of the HTML output and the CLI.

Every number a page shows goes through one of these (jinja2 filters ``num``,
``pct``, ``delta`` and ``sortkey``), and every table the CLI prints goes through
:func:`format_frame`, so a value is written the same way in the report, the
comparison page, the map legend, the notebook and the terminal: counts as integers
with thousands separators (``3,000``, never ``3000.0000``), shares as percentages,
other values with three significant digits, never e-notation for ordinary
magnitudes (between 10⁻⁶ and 10¹⁵). Chinese (zh-CN) statistics group digits by
thousands with commas as English does, so one format serves both languages; only
words (``yes``/``no``) are translated.
"""

from __future__ import annotations

import math

import numpy as np

from netclust.i18n import gettext as _

__all__ = ["fmt_number", "fmt_percent", "fmt_delta", "sort_key", "format_frame", "is_share_column",
           "MISSING"]

#: Text shown for a missing or non-finite value.
MISSING = "–"


def _finite(value):
    """``float(value)`` if it is a finite number, else None; non-numbers pass through as str."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return x if math.isfinite(x) else None


def fmt_number(value, digits: int = 3) -> str:
    """Readable number: thousands separators for integers, ``digits`` significant digits.

    Parameters
    ----------
    value : number, bool or None
        Booleans print as ``yes``/``no`` (translated); None, NaN and infinities as ``–``.
    digits : int, default 3
        Significant digits of non-integers below 1,000.

    Returns
    -------
    str

    Examples
    --------
    >>> from netclust.html import fmt_number
    >>> fmt_number(25600), fmt_number(0.123456), fmt_number(float("nan")), fmt_number(1234.5)
    ('25,600', '0.123', '–', '1,234')
    >>> fmt_number(51.0), fmt_number(0.000123456), fmt_number(-2.5e-5), fmt_number(3e-9)
    ('51', '0.000123', '-0.000025', '3.00e-09')
    """
    if value is None:
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return _("yes") if value else _("no")
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    x = _finite(value)
    if x is None or isinstance(x, str):
        return MISSING if x is None else x
    return _fmt_float(x, digits)


def _fmt_float(x: float, digits: int) -> str:
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) < 1e-6:
        return f"{x:.{digits - 1}e}"
    if abs(x) < 1:
        decimals = digits - 1 - math.floor(math.log10(abs(x)))
        return f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    return f"{x:.{max(digits - len(str(int(abs(x)))), 0)}f}"


def fmt_percent(value, digits: int = 1) -> str:
    """A share as a percentage: ``0.1234 -> '12.3%'`` (``–`` for missing).

    Parameters
    ----------
    value : number or None
        A share in [0, 1] (not checked: 1.5 prints as 150.0%).
    digits : int, default 1
        Decimals.

    Returns
    -------
    str

    Examples
    --------
    >>> from netclust.html import fmt_percent
    >>> fmt_percent(0.1234), fmt_percent(None)
    ('12.3%', '–')
    """
    if value is None:
        return MISSING
    x = _finite(value)
    if x is None or isinstance(x, str):
        return MISSING if x is None else x
    return f"{100 * x:.{digits}f}%"


def fmt_delta(value, digits: int = 3) -> str:
    """Signed number for comparisons: ``+0.12``, ``−3`` (minus sign), ``±0``.

    Parameters
    ----------
    value : number or None
    digits : int, default 3
        As in :func:`fmt_number`.

    Returns
    -------
    str

    Examples
    --------
    >>> from netclust.html import fmt_delta
    >>> fmt_delta(0.12), fmt_delta(-3), fmt_delta(0), fmt_delta(None)
    ('+0.12', '−3', '±0', '–')
    """
    if value is None:
        return MISSING
    x = _finite(value)
    if x is None or isinstance(x, str):
        return MISSING if x is None else x
    return ("+" if x > 0 else "−" if x < 0 else "±") + fmt_number(abs(x), digits)


def sort_key(value) -> str:
    """Value for the ``data-sort`` attribute of a table cell (numbers as plain floats).

    Parameters
    ----------
    value : number, bool, str or None

    Returns
    -------
    str
        ``repr(float)`` for numbers, ``1``/``0`` for booleans, ``""`` for missing.

    Examples
    --------
    >>> from netclust.html import sort_key
    >>> sort_key(3), sort_key(True), sort_key(float("nan")), sort_key("b")
    ('3.0', '1', '', 'b')
    """
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        return repr(x) if math.isfinite(x) else ""
    return str(value)


#: Column-name endings that mark a share in [0, 1] (printed as a percentage by the CLI).
_SHARE_SUFFIXES = ("share", "fraction", "_frac", "access", "ratio_of_firms")


def is_share_column(name, values) -> bool:
    """Is this column a share in [0, 1] (its name says so and every value lies in [0, 1])?

    Examples
    --------
    >>> from netclust.html.formatting import is_share_column
    >>> is_share_column("access_share", [0.2, 1.0]), is_share_column("R", [0.2])
    (True, False)
    """
    key = str(name).lower()
    if not (key.endswith(_SHARE_SUFFIXES) or key.startswith("share") or key in ("pct", "percent")):
        return False
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    return bool(len(x)) and bool(((x >= 0) & (x <= 1)).all())


def _format_column(name, col):
    from pandas.api import types

    if types.is_bool_dtype(col.dtype):
        return col.map(fmt_number)
    if not types.is_numeric_dtype(col.dtype):
        return col
    values = col.to_numpy(dtype=float)
    if is_share_column(name, values):
        return col.map(fmt_percent)
    finite = values[np.isfinite(values)]
    if types.is_integer_dtype(col.dtype) or (len(finite) and (finite == np.round(finite)).all()
                                               and (np.abs(finite) < 1e15).all()):
        return col.map(lambda v: fmt_number(None if v != v else int(v)))
    return col.map(fmt_number)


def format_frame(df):
    """A DataFrame with every number as text people read (what the CLI prints).

    Counts (integer columns, or float columns holding whole numbers only) print as
    integers with thousands separators; shares (columns named ``*share``,
    ``*fraction``, ``*access`` whose values lie in [0, 1]) as percentages; other
    numbers with three significant digits; booleans as yes/no. The index is kept.

    Parameters
    ----------
    df : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        Same shape, text cells.

    Examples
    --------
    >>> from netclust.html.formatting import format_frame
    >>> df = pd.DataFrame({"firms": [51.0, 3000.0], "access_share": [0.25, 1.0],
    ...                    "R": [0.123456, 0.0000456]})
    >>> format_frame(df).values.tolist()
    [['51', '25.0%', '0.123'], ['3,000', '100.0%', '0.0000456']]
    """
    out = df.copy()
    for i, name in enumerate(df.columns):
        out[name] = _format_column(name, df.iloc[:, i]).astype(object)
    return out
