"""Visual output: interactive network maps, layouts, geographic positions, static figures.

* :func:`network_map` — vis-network map in one offline HTML page
  (:mod:`netclust.viz.interactive`);
* :mod:`netclust.viz.layout` — igraph positions, community-based placement,
  community super-nodes;
* :mod:`netclust.viz.geo` — positions from ``lon``/``lat``;
* :mod:`netclust.viz.figures` — matplotlib figures as inline SVG text (degree and
  strength distributions, scorecard chart, community sizes);
* :mod:`netclust.viz.curves` — removal curves with 5–95 % bands (PNG/SVG).
"""

from __future__ import annotations

import html as _html

from netclust.viz.interactive import NetworkMap, map_payload, network_map

__all__ = ["network_map", "map_payload", "NetworkMap", "iframe"]


def iframe(page: str, *, height: int = 800) -> str:
    """Embed a whole HTML page in an ``<iframe srcdoc>`` (for notebooks).

    The page is attribute-escaped, so its scripts run isolated in the frame and
    nothing it contains can leak into the notebook's own markup.

    Parameters
    ----------
    page : str
        A complete HTML document.
    height : int, default 800
        Frame height in pixels.

    Returns
    -------
    str
        ``<iframe>`` markup.

    Examples
    --------
    >>> from netclust.viz import iframe
    >>> iframe("<p>a & b</p>", height=50)
    '<iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;" style="width:100%;height:50px;border:0" sandbox="allow-scripts"></iframe>'
    """
    return (f'<iframe srcdoc="{_html.escape(page, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:0" sandbox="allow-scripts"></iframe>')
