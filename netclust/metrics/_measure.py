"""Helpers shared by the per-layer centrality measures (one igraph graph at a time)."""

from __future__ import annotations

import numpy as np
import pandas as pd


__all__ = ["edge_weights", "nan_where", "as_frame", "unit_scale"]


def edge_weights(graph, weighted: bool):
    """The graph's edge weights (None when unweighted or without edges)."""
    return graph.es["weight"] if (weighted and graph.ecount()) else None


def unit_scale(values) -> float:
    """Power of two that brings the largest of ``values`` into [0.5, 1) (1.0 if none > 0).

    Scale-invariant measures (eigenvectors, modularity, shares) multiply it into the
    weights before squaring or multiplying them: scaling by a power of two is exact
    in floating point, so the results are those of the unscaled weights, and weights
    such as 1e160 (whose square is beyond the float range) no longer overflow.
    """
    top = float(np.max(np.asarray(values, dtype=float), initial=0.0))
    return float(np.ldexp(1.0, -np.frexp(top)[1])) if 0 < top < np.inf else 1.0


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
