"""Shared fixtures: tiny hand-checkable networks and paths to the real test data."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import netclust as nc

DATA = Path(__file__).parent / "data"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def toy():
    """The nine-firm toy network of :func:`netclust.datasets.toy`."""
    return nc.datasets.toy()


@pytest.fixture
def toy_tables():
    """Raw (firms, links) DataFrames of the toy network."""
    return nc.datasets.toy_tables()


@pytest.fixture
def toy_dir(tmp_path):
    """The toy network written as a folder (firms.csv + links.csv) for CLI tests."""
    firms, links = nc.datasets.toy_tables()
    d = tmp_path / "toy"
    d.mkdir()
    firms.to_csv(d / "firms.csv", index=False)
    links.to_csv(d / "links.csv", index=False)
    return d


@pytest.fixture
def data_dir():
    """Folder of the real test networks (copied from shared data, see SOURCE.md files)."""
    return DATA


@pytest.fixture
def write_csv(tmp_path):
    """Write a DataFrame (or raw text) as a CSV under tmp_path and return its path."""
    def _write(name, content, encoding="utf-8"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, pd.DataFrame):
            content.to_csv(path, index=False, encoding=encoding)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding)
        return path
    return _write
