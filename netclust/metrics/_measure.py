"""Helpers shared by the per-layer centrality measures (one igraph graph at a time)."""

from __future__ import annotations

import numpy as np
import pandas as pd


__all__ = ["edge_weights", "nan_where", "as_frame"]


def edge_weights(graph, weighted: bool):
    """The graph's edge weights (None when unweighted or without edges)."""
    return graph.es["weight"] if (weighted and graph.ecount()) else None


def nan_where(values, mask):
    """``values`` as floats with NaN where ``mask``."""
    out = np.asarray(values, dtype=float)
    out[mask] = np.nan
    return out


def as_frame(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Float table whose columns axis is named after the measure."""
    df = df.astype(float)
    df.columns.name = name
    return df
