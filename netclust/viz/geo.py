"""Geographic positions from firms' ``lon``/``lat`` (no map tiles, no network).

The map draws firms where they are: an equirectangular projection centred on the
cluster (x = east, y = south on screen), which is accurate to well under 1% over
a town-sized area such as Shiling (about 20 km across).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netclust.errors import InputError

__all__ = ["has_coordinates", "geo_positions"]

_EARTH_RADIUS_KM = 6371.0088


def has_coordinates(firms: pd.DataFrame) -> bool:
    """True when the firms table has ``lon`` and ``lat`` with at least one valid pair.

    Examples
    --------
    >>> from netclust.viz.geo import has_coordinates
    >>> has_coordinates(nc.datasets.toy().firms)
    False
    """
    if "lon" not in firms.columns or "lat" not in firms.columns:
        return False
    lon = pd.to_numeric(firms["lon"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(firms["lat"], errors="coerce").to_numpy(dtype=float)
    return bool((np.isfinite(lon) & np.isfinite(lat)).any())


def geo_positions(firms: pd.DataFrame, *, span: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Screen positions from longitude and latitude (equirectangular projection).

    Parameters
    ----------
    firms : pandas.DataFrame
        Needs columns ``lon`` and ``lat`` (degrees, WGS84).
    span : float, optional
        Size of the drawing in screen units (default ``30·sqrt(n)``, as the force
        layouts).

    Returns
    -------
    xy : numpy.ndarray
        ``(n, 2)`` positions; x grows eastwards, y southwards (screen convention).
        Firms without valid coordinates are placed on a row below the map.
    located : numpy.ndarray of bool
        Which firms had valid coordinates.

    Raises
    ------
    InputError
        If the columns are missing or no firm has valid coordinates.

    See Also
    --------
    netclust.viz.interactive.network_map : ``layout="geo"``.

    Notes
    -----
    :math:`x = R\\,(\\lambda - \\lambda_0)\\cos\\varphi_0`, :math:`y = -R\\,(\\varphi -
    \\varphi_0)` with :math:`(\\lambda_0, \\varphi_0)` the median position, then
    scaled to ``span`` (the 98th percentile of distances from the centre maps to
    ``span/2``). Valid: :math:`|lat| \\le 90`, :math:`|lon| \\le 180`.

    Examples
    --------
    >>> from netclust.viz.geo import geo_positions
    >>> f = pd.DataFrame({"lon": [113.0, 113.1, None], "lat": [23.0, 23.0, 23.1]})
    >>> xy, ok = geo_positions(f, span=100)
    >>> ok.tolist(), bool(xy[1, 0] > xy[0, 0]), bool(xy[2, 1] > xy[:2, 1].max())
    ([True, True, False], True, True)
    """
    if "lon" not in firms.columns or "lat" not in firms.columns:
        raise InputError("a geographic map needs 'lon' and 'lat' columns in the firms table")
    lon = pd.to_numeric(firms["lon"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(firms["lat"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if not ok.any():
        raise InputError("no firm has valid lon/lat coordinates; use layout='force'")
    n = len(firms)
    lon0, lat0 = np.median(lon[ok]), np.median(lat[ok])
    x = np.radians(lon - lon0) * np.cos(np.radians(lat0)) * _EARTH_RADIUS_KM
    y = -np.radians(lat - lat0) * _EARTH_RADIUS_KM
    xy = np.column_stack([x, y])
    xy[~ok] = 0.0
    span = 30.0 * np.sqrt(max(n, 1)) if span is None else float(span)
    half = np.percentile(np.hypot(xy[ok, 0], xy[ok, 1]), 98) if ok.sum() > 1 else 0.0
    if half > 0:
        xy *= span / 2.0 / half
    missing = np.flatnonzero(~ok)
    if len(missing):
        top = xy[ok, 1].max() + 0.1 * span + 30.0
        left = xy[ok, 0].min()
        per_row = max(int(span // 15), 1)
        xy[missing, 0] = left + 15.0 * (np.arange(len(missing)) % per_row)
        xy[missing, 1] = top + 15.0 * (np.arange(len(missing)) // per_row)
    return xy, ok
