"""Fixtures of the records-engine tests: one Spark local-mode session for all of them."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def spark():
    """A Spark session in local mode (``local[1]``); skipped without pyspark or Java."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (Debian openjdk-17-jre-headless)")
    from netclust.records.spark_engine import session

    s = session("local[1]")
    yield s
    s.stop()
