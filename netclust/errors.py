"""Error types: every user mistake surfaces as a :class:`NetclustError`.

The CLI turns any ``NetclustError`` into ``Error: <message>`` on stderr and exit
status 1, so the message must be complete on its own (file, row, column, what
to do). Programming errors (bugs) are ordinary Python exceptions and keep their
traceback.
"""

from __future__ import annotations

__all__ = [
    "NetclustError",
    "InputError",
    "SchemaError",
    "UndatedError",
    "ValidationError",
    "UnknownFirmError",
]


class NetclustError(Exception):
    """Base class of every error caused by user input or user parameters."""


class InputError(NetclustError, ValueError):
    """A parameter or argument has an unusable value (bad layer name, bad period...)."""


class SchemaError(NetclustError, ValueError):
    """A table cannot be read or lacks what the schema requires."""


class UndatedError(InputError, SchemaError):
    """Periods were asked for, but the links carry no dates (no date column, or none filled).

    Callers that only *offer* periods (the report's Evolution section) catch this one type,
    whichever reader (pandas checks, the records engine, the period splitter) found it.
    """


class ValidationError(NetclustError):
    """Input data has errors; ``report`` lists every problem found.

    Parameters
    ----------
    report : netclust.io.validation.ValidationReport
        All problems found (errors and warnings).
    """

    def __init__(self, report):
        self.report = report
        super().__init__(report.format(errors_only=False))


class UnknownFirmError(NetclustError, KeyError):
    """One or more firm ids are not in the network."""

    def __init__(self, ids, *, context: str = ""):
        ids = [str(i) for i in ids]
        self.ids = ids
        shown = ", ".join(repr(i) for i in ids[:5])
        more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
        where = f" {context}" if context else ""
        super().__init__(f"unknown firm id{'s' if len(ids) != 1 else ''}{where}: {shown}{more}")

    def __str__(self):  # KeyError would add quotes around the message
        return self.args[0]
