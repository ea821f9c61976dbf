"""Problems found in input data, collected all at once.

Severity levels (documented contract):

``error``
    The data cannot be used as given: missing required column, empty table,
    blank or duplicate ``firm_id``, link naming an unknown firm, undeclared
    layer, missing/non-numeric/negative weight, unparseable date, undecodable
    bytes. :func:`netclust.read` raises :class:`~netclust.errors.ValidationError`
    and ``netclust validate`` exits with status 1.
``warning``
    The data is usable after a documented repair: zero-weight links and
    self-loops are dropped; unknown roles are kept as given; unparseable
    ``exporter``/``lon``/``lat``/``employees``/``founded`` values become missing.
``info``
    Worth knowing, nothing changed: no ``role`` column (every firm ``other``),
    firms without links (kept as isolates), declared layers without links,
    transaction records aggregated, columns recognised by alias, role labels read
    with the built-in vocabulary or the user's role map, values converted (dates such
    as ``2022年1月3日``, amounts such as ``1,234.50``: count and one example), the
    mapping file used and every option that overrides it, links tables combined.

Messages show the bad value wherever one exists (``negative weight '-2'``,
``ambiguous date '03/04/2022'``), and unknown firm ids get the closest known ids.
:func:`netclust.validate` puts the data's *consequences* first among the warnings
(:func:`netclust.io.checks.consequences`: no ``sme`` or ``anchor`` role, no exporter
information, one layer only, no links in a goods-carrying layer, few firms), each
saying what will be empty and what to add.

Rows are the numbers the user sees: in CSV the physical line of the record in the
file (header = line 1; a record whose quoted cell spans lines is numbered by its
first line), in XLSX the sheet's row number, in Parquet header = row 1 and first
record = row 2; for a DataFrame passed directly, ``row`` is the 0-based position.
Blank rows (blank lines, rows of empty cells) are skipped without shifting the
numbers of the rows after them. Errors also cover infinite weights, weights of one
link that sum past the largest float (``weight_overflow``, naming the link), and
dates that are clock words (``now``, ``today``) or lack a four-digit year. Problems
with a whole file (undecodable or ambiguous encoding, a header naming a column
twice, an empty or malformed layer file) are raised as
:class:`~netclust.errors.SchemaError` by :func:`netclust.read` and reported as one
``unreadable`` error by :func:`netclust.validate`; see :mod:`netclust.io.tables` for
the policy on ambiguous inputs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

__all__ = ["Problem", "ValidationReport"]

_SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """One kind of problem, in one column of one table, over one or more rows.

    Attributes
    ----------
    severity : {"error", "warning", "info"}
    code : str
        Stable machine-readable identifier, e.g. ``"unknown_firm"``.
    message : str
        Human-readable explanation, including what to do.
    file : str
        File name (or ``<firms DataFrame>``) the problem is in.
    column : str or None
        Offending column as named in the user's file.
    rows : tuple of int
        The first few offending rows (see module docs for numbering).
    count : int
        How many rows have this problem.
    """

    severity: str
    code: str
    message: str
    file: str = ""
    column: str | None = None
    rows: tuple = ()
    count: int = 0

    def format(self) -> str:
        """Return the one-line human-readable form.

        Examples
        --------
        >>> from netclust.io.validation import Problem
        >>> Problem("error", "x", "bad weight", "links.csv", "amount", (7, 9), 2).format()
        'error: links.csv, rows 7, 9, column "amount": bad weight'
        """
        from netclust.i18n import gettext as _, ngettext

        where = [self.file] if self.file else []
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:5])
            more = (_(" (+{n} more)").format(n=self.count - len(self.rows[:5]))
                    if self.count > 5 else "")
            where.append(ngettext("row %(rows)s", "rows %(rows)s", len(self.rows))
                         % {"rows": shown} + more)
        if self.column:
            where.append(_('column "{name}"').format(name=self.column))
        loc = ", ".join(where)
        severity = _(self.severity)
        return f"{severity}: {loc}: {self.message}" if loc else f"{severity}: {self.message}"


@dataclass
class ValidationReport:
    """All problems found while reading and validating firm and link tables.

    Examples
    --------
    >>> import netclust as nc
    >>> report = nc.validate(nc.datasets.toy_tables()[0], nc.datasets.toy_tables()[1])
    >>> report.ok
    True
    """

    problems: list = field(default_factory=list)

    def add(self, severity, code, message, file="", column=None, rows=(), count=None):
        """Record a problem (``rows`` may be any iterable; the first 5 are kept)."""
        if severity not in _SEVERITIES:
            raise ValueError(f"severity must be one of {_SEVERITIES}")
        rows = tuple(int(r) for r in list(rows)[:5])
        count = len(rows) if count is None else int(count)
        self.problems.append(Problem(severity, code, message, file, column, rows, count))

    def extend(self, other: "ValidationReport") -> None:
        """Append every problem of ``other``."""
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list:
        """Problems of severity ``error``."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list:
        """Problems of severity ``warning``."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def codes(self) -> set:
        """Set of problem codes present."""
        return {p.code for p in self.problems}

    def format(self, *, errors_only: bool = False, infos: bool = True) -> str:
        """Readable multi-line listing, errors first."""
        order = {s: i for i, s in enumerate(_SEVERITIES)}
        probs = sorted(self.problems, key=lambda p: order[p.severity])
        if errors_only:
            probs = [p for p in probs if p.severity == "error"]
        if not infos:
            probs = [p for p in probs if p.severity != "info"]
        n_err, n_warn = len(self.errors), len(self.warnings)
        from netclust.i18n import gettext as _, ngettext

        head = _("{errors}, {warnings}").format(
            errors=ngettext("%(n)s error", "%(n)s errors", n_err) % {"n": n_err},
            warnings=ngettext("%(n)s warning", "%(n)s warnings", n_warn) % {"n": n_warn})
        return "\n".join([head] + ["  " + p.format() for p in probs])

    def to_records(self) -> list:
        """Problems as a list of plain dicts (for JSON)."""
        return [dict(asdict(p), rows=list(p.rows)) for p in self.problems]

    def to_json(self) -> str:
        """JSON document ``{"ok": bool, "errors": n, "warnings": n, "problems": [...]}``."""
        return json.dumps({"ok": self.ok, "errors": len(self.errors), "warnings": len(self.warnings),
                           "problems": self.to_records()}, ensure_ascii=False, indent=2)

    def __str__(self) -> str:
        return self.format()
