"""HTML output: the jinja2 environment, filters, inlined assets, templates and page renderers.

Everything netclust writes as HTML goes through this package, so the report
(:mod:`netclust.report`), the network map (:mod:`netclust.viz`) and the notebook
displays share one autoescaped environment, one number format and one set of
offline assets. It renders what it is given and computes nothing.

* :mod:`netclust.html.environment` — :func:`environment` (autoescape,
  ``StrictUndefined``, templates in ``netclust/html/templates``),
  :func:`render_report`, :func:`render_map_page`, :func:`render_compare`;
* :mod:`netclust.html.formatting` — filters ``num``, ``pct``, ``delta``, ``sortkey``;
* :mod:`netclust.html.assets` — CSS/JS of ``netclust/html/static`` and vis-network
  from pyvis, inlined (pages make no network request); :data:`FONT_STACK`;
* :mod:`netclust.html.safe` — :func:`json_script` (data for JavaScript) and
  :func:`iframe` (a page inside a notebook);
* :mod:`netclust.html.notebook` — :func:`network_repr_html` and
  :func:`analysis_repr_html`, the ``_repr_html_`` of networks and analyses.

Dependency rule: ``html`` imports neither :mod:`netclust.report` nor
:mod:`netclust.cli`; the network map is imported lazily by the notebook display.
"""

from __future__ import annotations

from netclust.html.assets import FONT_STACK, asset, vis_assets
from netclust.html.environment import environment, render_compare, render_map_page, render_report
from netclust.html.formatting import fmt_delta, fmt_number, fmt_percent, sort_key
from netclust.html.notebook import analysis_repr_html, network_repr_html
from netclust.html.safe import iframe, json_dumps_safe, json_script

__all__ = ["environment", "render_report", "render_map_page", "render_compare", "fmt_number",
           "fmt_percent", "fmt_delta", "sort_key", "json_script", "json_dumps_safe", "iframe",
           "asset", "vis_assets", "FONT_STACK", "network_repr_html", "analysis_repr_html"]
