"""Rendering: one jinja2 environment, autoescaped, for the report and the network map.

Every template lives in ``netclust/report/templates`` (``base.html`` defines the
page, ``_*.html`` partials hold sections); CSS and JavaScript in
``netclust/report/static`` and the vis-network library shipped by the installed
``pyvis`` package are inlined, so each page is one self-contained UTF-8 file that
makes no network request.

Safety rules (firm names, roles, sectors and file names are user data):

* the environment autoescapes every ``{{ value }}`` (``select_autoescape`` for
  ``.html`` templates plus the default for strings) and fails on undefined names
  (``StrictUndefined``);
* data for JavaScript goes through :func:`json_script`: ``json.dumps`` with ``<``,
  ``>``, ``&`` and the JavaScript line separators written as ``\\uXXXX`` escapes, so
  the text ``</script>`` can never appear inside the block; the script reads it
  with ``JSON.parse(element.textContent)``;
* the only raw markup inserted is our own (inlined libraries, matplotlib SVG).
"""

from __future__ import annotations

import functools
import json
import math
import re
from importlib import resources
from pathlib import Path

import numpy as np
from markupsafe import Markup

from netclust.errors import NetclustError

__all__ = ["environment", "json_script", "render_report", "render_map_page", "render_compare",
           "asset", "vis_assets", "FONT_STACK"]

#: CSS font stack: system UI fonts first, then the usual CJK fonts of Windows, macOS,
#: Android and Linux (no web fonts: nothing is downloaded).
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", '
              'Arial, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
              '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
              '"Droid Sans Fallback", sans-serif')

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}
_JSON_RE = re.compile("[<>&\u2028\u2029]")


def _plain(obj):
    """JSON default: numpy scalars and arrays, NaN as null."""
    if isinstance(obj, np.ndarray):
        return [_plain(x) for x in obj.tolist()] if obj.dtype.kind == "f" else obj.tolist()
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, (set, tuple)):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _clean(obj):
    """Replace non-finite floats by None everywhere (json would write invalid NaN)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _clean(obj.tolist())
    if isinstance(obj, np.generic):
        return _clean(obj.item())
    return obj


def json_dumps_safe(obj) -> str:
    """JSON text safe to place inside an HTML ``<script>`` element.

    Examples
    --------
    >>> from netclust.report.render import json_dumps_safe
    >>> json_dumps_safe({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(_clean(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                      default=_plain)
    return _JSON_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def json_script(obj, element_id: str | None = None, css_class: str | None = None) -> Markup:
    """A ``<script type="application/json">`` element holding ``obj``.

    Parameters
    ----------
    obj : JSON-serialisable
        Dicts, lists, strings, numbers (numpy scalars and arrays accepted; NaN and
        infinities become ``null``).
    element_id, css_class : str, optional
        Attributes of the element (escaped).

    Returns
    -------
    markupsafe.Markup

    Notes
    -----
    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e``, ``\\u0026`` (valid
    JSON string escapes), so no text inside can close the script element or open a
    comment; the browser reads it back with ``JSON.parse(el.textContent)``.

    Examples
    --------
    >>> from netclust.report.render import json_script
    >>> str(json_script(["<img src=x>"], element_id="d"))
    '<script type="application/json" id="d">["\\\\u003cimg src=x\\\\u003e"]</script>'
    """
    from markupsafe import escape

    attrs = ""
    if element_id:
        attrs += f' id="{escape(element_id)}"'
    if css_class:
        attrs += f' class="{escape(css_class)}"'
    return Markup(f'<script type="application/json"{attrs}>{json_dumps_safe(obj)}</script>')


def _static_dir() -> Path:
    return Path(str(resources.files("netclust.report") / "static"))


@functools.lru_cache(maxsize=None)
def asset(name: str) -> str:
    """Text of a file of ``netclust/report/static`` (CSS or JS), checked for inlining."""
    path = _static_dir() / name
    text = path.read_text(encoding="utf-8")
    return _inline_safe(text, name)


def _inline_safe(text: str, name: str) -> str:
    low = text.lower()
    if "</script" in low or "</style" in low or "<!--" in low:
        raise NetclustError(f"{name} cannot be inlined: it contains a closing tag or comment")
    # a sourceMappingURL would make developer tools fetch a file: drop it
    return re.sub(r"(?m)^\s*//[#@] sourceMappingURL=.*$", "", text)


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of vis-network as shipped by the installed pyvis package.

    The CSS keeps the rules without embedded images (about 13 kB of 220 kB).

    Raises
    ------
    NetclustError
        If pyvis or its bundled vis-network files cannot be found.
    """
    try:
        import pyvis
    except ImportError as exc:  # pragma: no cover - pyvis is a required dependency
        raise NetclustError("the network map needs the pyvis package (pip install pyvis)") from exc
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"),
                        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
    if not candidates:
        raise NetclustError(f"vis-network.min.js not found under {lib}; reinstall pyvis")
    js_path = candidates[-1]
    css_path = js_path.with_name("vis-network.css")
    js = _inline_safe(js_path.read_text(encoding="utf-8"), js_path.name)
    css = _inline_safe(css_path.read_text(encoding="utf-8"), css_path.name) if css_path.is_file() else ""
    # rules that embed images serve the navigation buttons, the manipulation toolbar and
    # the colour picker, which the map does not enable: 207 of the 220 kB
    css = "".join(rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if "url(" not in rule)
    return js, css


# ------------------------------------------------------------------ formatting filters
def fmt_number(value, digits: int = 3) -> str:
    """Readable number: thousands separators for integers, ``digits`` significant digits.

    Examples
    --------
    >>> from netclust.report.render import fmt_number
    >>> fmt_number(25600), fmt_number(0.123456), fmt_number(float("nan")), fmt_number(1234.5)
    ('25,600', '0.123', '–', '1,234')
    """
    if value is None:
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return "–"
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) < 1e-3:
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits}g}" if abs(x) < 1 else f"{x:.{max(digits - len(str(int(abs(x)))), 0)}f}"


def fmt_percent(value, digits: int = 1) -> str:
    """``0.1234 -> '12.3%'`` (``–`` for missing).

    Examples
    --------
    >>> from netclust.report.render import fmt_percent
    >>> fmt_percent(0.1234), fmt_percent(None)
    ('12.3%', '–')
    """
    if value is None:
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    return "–" if not math.isfinite(x) else f"{100 * x:.{digits}f}%"


def fmt_delta(value, digits: int = 3) -> str:
    """Signed number (``+0.12``, ``−3``) for comparisons."""
    if value is None:
        return "–"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return "–"
    text = fmt_number(abs(x), digits)
    return ("+" if x > 0 else "−" if x < 0 else "±") + text


def sort_key(value) -> str:
    """Value for the ``data-sort`` attribute of a table cell (numbers as plain floats)."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        return repr(x) if math.isfinite(x) else ""
    return str(value)


@functools.lru_cache(maxsize=1)
def environment():
    """The jinja2 environment of netclust's HTML output (autoescape, StrictUndefined).

    Returns
    -------
    jinja2.Environment
        Templates from ``netclust/report/templates``; filters ``num``, ``pct``,
        ``delta``, ``sortkey``, ``json_script``; globals ``asset``, ``vis_assets`` and
        ``font_stack``.

    Examples
    --------
    >>> from netclust.report.render import environment
    >>> environment().from_string("{{ x }}").render(x="<b>")
    '&lt;b&gt;'
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("netclust", "report/templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True,
                                     default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(num=fmt_number, pct=fmt_percent, delta=fmt_delta, sortkey=sort_key,
                       json_script=json_script)
    env.globals.update(asset=lambda name: Markup(asset(name)),
                       vis_js=lambda: Markup(vis_assets()[0]),
                       vis_css=lambda: Markup(vis_assets()[1]),
                       font_stack=Markup(FONT_STACK))
    return env


def render_report(context: dict) -> str:
    """Render the HTML report from its context (see :func:`netclust.report.context.report_context`).

    Parameters
    ----------
    context : dict
        Plain data: title, sections, tables, figures (SVG text), provenance.

    Returns
    -------
    str
        One self-contained HTML page (UTF-8 text).

    Examples
    --------
    >>> from netclust.report import report_html
    >>> html = report_html(nc.datasets.toy(), runs=2)
    >>> html.startswith("<!DOCTYPE html>"), "狮岭箱包 Three" in html
    (True, True)
    """
    return environment().get_template("report.html").render(**context)


def render_map_page(context: dict) -> str:
    """Render a standalone network-map page (see :func:`netclust.viz.interactive.network_map`)."""
    return environment().get_template("map.html").render(**context)


def render_compare(context: dict) -> str:
    """Render a two-network comparison page (see :func:`netclust.report.compare.compare_context`)."""
    return environment().get_template("compare.html").render(**context)
