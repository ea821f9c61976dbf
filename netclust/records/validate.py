"""Record-level validation: counts per problem and file, with the first rows where they occur.

The checks themselves are SQL (:data:`netclust.records.sql.PROBLEMS`, evaluated in
the aggregation's single pass); this module turns the problem groups the engine
returns into a :class:`netclust.io.validation.ValidationReport`, asking the
engine for the first offending rows of each file only when there are problems.
Rows follow netclust's convention: CSV rows are the physical line the user sees
in an editor (header = line 1); Parquet rows count the header as row 1 too.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from netclust.io.validation import ValidationReport
from netclust.records.sql import PROBLEMS

__all__ = ["problem_counts", "build_report"]


def problem_counts(groups: pa.Table) -> dict:
    """``{(bit, file): records}`` from the problem groups of an aggregation.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from netclust.records.validate import problem_counts
    >>> g = pa.table({"problems": [3, 2048, 2], "_pfile": ["a", "a", "b"], "count": [4, 1, 2]})
    >>> sorted(problem_counts(g).items())
    [((1, 'a'), 4), ((2, 'a'), 4), ((2, 'b'), 2), ((2048, 'a'), 1)]
    """
    out = {}
    if groups.num_rows == 0:
        return out
    problems = groups.column("problems").cast(pa.int64())
    for p in PROBLEMS:
        mask = pc.not_equal(pc.bit_wise_and(problems, p.bit), 0)
        hit = groups.filter(mask)
        if hit.num_rows == 0:
            continue
        summed = hit.group_by("_pfile").aggregate([("count", "sum")])
        for f, n in zip(summed.column("_pfile").to_pylist(), summed.column("count_sum").to_pylist()):
            out[(p.bit, f)] = int(n)
    return out


def build_report(counts: dict, *, label, column_of, locate=None, first: int = 5) -> ValidationReport:
    """Turn problem counts into a report; ``locate(file, bits)`` gives first rows, if available.

    Parameters
    ----------
    counts : dict
        From :func:`problem_counts`.
    label : callable
        File read -> name shown to the user.
    column_of : callable
        Canonical column -> the user's column name (or None).
    locate : callable, optional
        ``locate(file, bits) -> {bit: [row, ...]}``.

    Examples
    --------
    >>> from netclust.records.validate import build_report
    >>> r = build_report({(64, "r.csv"): 2}, label=str, column_of=lambda c: "amount",
    ...                  locate=lambda f, bits: {64: [3, 7]})
    >>> print(r.format())
    1 error, 0 warnings
      error: r.csv, rows 3, 7, column "amount": weight must be a number (blank, text or out of range found)
    """
    report = ValidationReport()
    by_file = {}
    for (bit, f), n in counts.items():
        by_file.setdefault(f, {})[bit] = n
    for f in sorted(by_file, key=str):
        rows = locate(f, sorted(by_file[f])) if locate is not None else {}
        for p in PROBLEMS:
            n = by_file[f].get(p.bit)
            if n:
                report.add(p.severity, p.code, p.message, label(f), column_of(p.column),
                           rows=rows.get(p.bit, ())[:first], count=n)
    return report
