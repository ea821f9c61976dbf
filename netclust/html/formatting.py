"""Formatting filters of the HTML output: numbers, percentages, signed changes, sort keys.

Every number a page shows goes through one of these (jinja2 filters ``num``,
``pct``, ``delta`` and ``sortkey``), so a value is written the same way in the
report, the comparison page, the map legend and the notebook.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["fmt_number", "fmt_percent", "fmt_delta", "sort_key", "MISSING"]

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
        Booleans print as ``yes``/``no``; None, NaN and infinities as ``–``.
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
    """
    if value is None:
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
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
    if abs(x) < 1e-3:
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits}g}" if abs(x) < 1 else f"{x:.{max(digits - len(str(int(abs(x)))), 0)}f}"


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
