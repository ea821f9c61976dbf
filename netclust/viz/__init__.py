"""Visual output: interactive network maps, layouts, geographic positions, static figures.

* :func:`network_map` — vis-network map in one offline HTML page
  (:mod:`netclust.viz.interactive`);
* :mod:`netclust.viz.layout` — igraph positions, community-based placement,
  community super-nodes;
* :mod:`netclust.viz.geo` — positions from ``lon``/``lat``;
* :mod:`netclust.viz.figures` — matplotlib figures as inline SVG text (degree and
  strength distributions, scorecard chart, community sizes);
* :mod:`netclust.viz.curves` — removal curves with 5–95 % bands (PNG/SVG);
* :func:`iframe` — a whole page in a notebook (from :mod:`netclust.html`).

The map renders what it is given (communities and size values, by default those of
:class:`netclust.analysis.Analysis`) through :mod:`netclust.html`; ``viz`` never
imports :mod:`netclust.report`.
"""

from __future__ import annotations

from netclust.html import iframe
from netclust.viz.interactive import NetworkMap, map_payload, network_map

__all__ = ["network_map", "map_payload", "NetworkMap", "iframe"]
