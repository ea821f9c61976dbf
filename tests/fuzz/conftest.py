"""The fuzz campaign's figures (profiles are defined in ``test_fuzz_inputs.py``).

Profiles (applied per test, so other hypothesis tests keep their own settings):

* CI (default): a few hundred examples in total, derandomized (the same examples on
  every run), no example database — under a minute on one core.
* Long (``NETCLUST_FUZZ_LONG=1``): thousands of examples for release checks, also
  derandomized so a failure can be replayed.

The session prints the figures (examples tried, outcomes, tracebacks, foreign
exceptions, silent accepts, wrong locations) and writes them as JSON to
``$NETCLUST_FUZZ_STATS`` when that variable is set.
"""

from __future__ import annotations

import collections
import json
import os

import pytest

LONG = os.environ.get("NETCLUST_FUZZ_LONG", "") not in ("", "0")

#: Violations are listed from the start so the figures show their zeros.
STATS: collections.Counter = collections.Counter(
    {k: 0 for k in ("tracebacks", "foreign_exceptions", "silent_accepts", "wrong_locations",
                    "false_errors")})


@pytest.fixture(scope="session")
def fuzz_stats():
    """Counter shared by the fuzz properties (outcomes and violations)."""
    return STATS


def pytest_terminal_summary(terminalreporter):
    if not any(STATS.get(k) for k in ("examples", "cli_runs", "layer_examples", "records_examples")):
        return
    figures = dict(sorted(STATS.items()))
    figures["profile"] = "long" if LONG else "ci"
    terminalreporter.write_line("netclust fuzz figures: " + json.dumps(figures))
    path = os.environ.get("NETCLUST_FUZZ_STATS")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=1, sort_keys=True)
