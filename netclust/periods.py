"""Period windows for transaction records.

A period is written as a year (``2024``), a quarter (``2024Q2``), a month
(``2024-03``), a day (``2024-03-05``), or an inclusive range of any of these
joined by ``..`` (``2023-07..2024-06``). Windows are half-open internally:
``[start, end)``. Blank ends (``..``, ``2024..``) and clock words (``now``,
``today``) are refused: a period never depends on when the command runs.
Timestamps are compared as naive local wall time (see
:func:`netclust.io.checks.parse_dates`: UTC offsets are dropped, the written clock
time is kept).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netclust.errors import InputError

__all__ = ["parse_period", "period_labels", "period_bounds", "FREQUENCIES", "CLOCK_WORDS"]

#: ``by_period`` values and the pandas frequency they use.
FREQUENCIES = {"year": "Y", "quarter": "Q", "month": "M"}


#: Words pandas would read as the current clock time; refused in periods and dates.
CLOCK_WORDS = ("now", "today", "tomorrow", "yesterday")


def _one(text: str, spec) -> pd.Period:
    """One period of ``spec`` (quoted as typed); blanks, clock words and NaT are refused."""
    text = text.strip()
    problem = not text or text.lower() in CLOCK_WORDS or not any(ch.isdigit() for ch in text)
    try:
        period = None if problem else pd.Period(text)
    except (ValueError, TypeError, OverflowError):
        period = None
    if period is None or period is pd.NaT:
        raise InputError(f"cannot read period {str(spec)!r}: use 2024, 2024Q2, 2024-03, 2024-03-05 "
                         "or a range like 2023-07..2024-06")
    return period


def parse_period(spec) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the half-open window ``[start, end)`` of a period expression.

    Examples
    --------
    >>> from netclust.periods import parse_period
    >>> [str(t.date()) for t in parse_period("2024")]
    ['2024-01-01', '2025-01-01']
    >>> [str(t.date()) for t in parse_period("2023-07..2024-06")]
    ['2023-07-01', '2024-07-01']
    """
    text = str(spec).strip()
    if ".." in text:
        a, b = text.split("..", 1)
        start = _one(a, spec).start_time
        end = _one(b, spec).end_time.floor("D") + pd.Timedelta(days=1)
    else:
        p = _one(text, spec)
        start, end = p.start_time, p.end_time.floor("D") + pd.Timedelta(days=1)
    if end <= start:
        raise InputError(f"period {spec!r} is empty (its end is before its start)")
    return start, end


def period_labels(dates: pd.Series, by: str) -> np.ndarray:
    """Label each date with its year (``2024``), quarter (``2024Q1``) or month (``2024-03``).

    Examples
    --------
    >>> import pandas as pd
    >>> from netclust.periods import period_labels
    >>> list(period_labels(pd.Series(pd.to_datetime(["2024-02-01", "2024-11-30"])), "quarter"))
    ['2024Q1', '2024Q4']
    """
    if by not in FREQUENCIES:
        raise InputError(f"by_period must be one of {', '.join(FREQUENCIES)}, not {by!r}")
    return dates.dt.to_period(FREQUENCIES[by]).astype(str).to_numpy(dtype=object)


def period_bounds(labels: np.ndarray):
    """Start and end (half-open) of each period label; unreadable labels get an empty window.

    Examples
    --------
    >>> import numpy as np
    >>> from netclust.periods import period_bounds
    >>> s, e = period_bounds(np.array(["2024", "2024Q2"], dtype=object))
    >>> str(s[1])[:10], str(e[1])[:10]
    ('2024-04-01', '2024-07-01')
    """
    uniq, inv = np.unique(labels.astype(str), return_inverse=True)
    starts = np.empty(len(uniq), dtype="datetime64[ns]")
    ends = np.empty(len(uniq), dtype="datetime64[ns]")
    for i, u in enumerate(uniq):  # loop over distinct period labels only
        try:
            s, e = parse_period(u)
        except Exception:
            s, e = pd.Timestamp.max, pd.Timestamp.min
        starts[i], ends[i] = np.datetime64(s, "ns"), np.datetime64(e, "ns")
    return starts[inv], ends[inv]
