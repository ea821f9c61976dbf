"""pytest configuration for the doctests inside the package (as networkx does)."""

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import netclust as nc

    doctest_namespace["nc"] = nc
    doctest_namespace["pd"] = pd
    doctest_namespace["np"] = np
