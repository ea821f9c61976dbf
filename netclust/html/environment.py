"""The one jinja2 environment of netclust's HTML output, and the page renderers.

Every template lives in ``netclust/html/templates`` (``base.html`` defines the page,
``_*.html`` partials hold the report sections, ``map.html`` is the standalone map,
``compare.html`` the comparison page, ``notebook_*.html`` the notebook displays).

Safety rules (firm names, roles, sectors and file names are user data): the
environment autoescapes every ``{{ value }}`` and fails on undefined names
(``StrictUndefined``); data for JavaScript goes through the ``json_script`` filter;
the only raw markup inserted is our own (inlined assets, matplotlib SVG).
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from netclust import i18n
from netclust.html.assets import FONT_STACK, asset, vis_assets
from netclust.html.formatting import fmt_delta, fmt_number, fmt_percent, sort_key
from netclust.html.safe import json_script

__all__ = ["environment", "render_report", "render_map_page", "render_compare"]


@functools.lru_cache(maxsize=1)
def environment():
    """The jinja2 environment of netclust's HTML output (autoescape, StrictUndefined).

    Returns
    -------
    jinja2.Environment
        Templates from ``netclust/html/templates``; filters ``num``, ``pct``,
        ``delta``, ``sortkey``, ``json_script``; globals ``asset``, ``vis_js``,
        ``vis_css``, ``font_stack`` and ``html_lang``; jinja2's ``i18n`` extension
        (``{% trans %}`` blocks, ``_()``) bound to :mod:`netclust.i18n`, so templates
        are translated into the language in force (:func:`netclust.i18n.language`).

    Examples
    --------
    >>> from netclust.html import environment
    >>> environment().from_string("{{ x }}|{{ 0.25|pct }}").render(x="<b>")
    '&lt;b&gt;|25.0%'
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("netclust.html", "templates"),
        extensions=["jinja2.ext.i18n"],
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True,
                                     default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True)
    env.filters.update(num=fmt_number, pct=fmt_percent, delta=fmt_delta, sortkey=sort_key,
                       json_script=json_script)
    env.globals.update(asset=lambda name: Markup(asset(name)),
                       vis_js=lambda: Markup(vis_assets()[0]),
                       vis_css=lambda: Markup(vis_assets()[1]),
                       font_stack=Markup(FONT_STACK), html_lang=i18n.html_lang)
    return env


def render_report(context: dict) -> str:
    """Render the HTML report from its context (plain data built by :mod:`netclust.report`).

    Parameters
    ----------
    context : dict
        Plain data: title, sections, tables, figures (SVG text), provenance.

    Returns
    -------
    str
        One self-contained HTML page (UTF-8 text).

    Raises
    ------
    jinja2.UndefinedError
        If the context lacks a name the templates use.

    Examples
    --------
    >>> from netclust.report import report_html
    >>> html = report_html(nc.datasets.toy(), runs=2)
    >>> html.startswith("<!DOCTYPE html>"), "狮岭箱包 Three" in html
    (True, True)
    """
    return environment().get_template("report.html").render(**context)


def render_map_page(context: dict) -> str:
    """Render a standalone network-map page.

    Parameters
    ----------
    context : dict
        ``title`` plus :meth:`netclust.viz.NetworkMap.context` (``map_id``, ``map``,
        ``height``, ``legend``).

    Returns
    -------
    str
        One self-contained HTML page (vis-network and the map script inlined).

    Examples
    --------
    >>> from netclust.html import render_map_page
    >>> m = nc.viz.network_map(nc.datasets.toy())
    >>> render_map_page({"title": "Toy", **m.context()}).startswith("<!DOCTYPE html>")
    True
    """
    return environment().get_template("map.html").render(**context)


def render_compare(context: dict) -> str:
    """Render a two-network comparison page.

    Parameters
    ----------
    context : dict
        Plain data built by :func:`netclust.report.compare.compare_context`.

    Returns
    -------
    str
        One self-contained HTML page.

    Examples
    --------
    >>> from netclust.report.compare import compare_html
    >>> toy = nc.datasets.toy()
    >>> compare_html(toy, toy, runs=2).startswith("<!DOCTYPE html>")
    True
    """
    return environment().get_template("compare.html").render(**context)
