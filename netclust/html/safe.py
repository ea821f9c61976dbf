"""Markup-safe output: JSON inside ``<script>`` elements and whole pages inside iframes.

Firm names, roles, sectors and file names are user data. Data for JavaScript goes
through :func:`json_script` (``json.dumps`` with ``<``, ``>``, ``&`` and the
JavaScript line separators written as ``\\uXXXX`` escapes, so the text
``</script>`` can never appear inside the block; the page reads it back with
``JSON.parse(element.textContent)``); a whole page goes into a notebook through
:func:`iframe` (attribute-escaped ``srcdoc``, sandboxed).
"""

from __future__ import annotations

import html as _html
import json
import math
import re

import numpy as np
from markupsafe import Markup, escape

__all__ = ["json_dumps_safe", "json_script", "iframe"]

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

    Parameters
    ----------
    obj : JSON-serialisable
        Dicts, lists, strings, numbers (numpy scalars and arrays accepted; NaN and
        infinities become ``null``).

    Returns
    -------
    str
        Compact JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\uXXXX`` escapes.

    Examples
    --------
    >>> from netclust.html import json_dumps_safe
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
        As in :func:`json_dumps_safe`.
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
    >>> from netclust.html import json_script
    >>> str(json_script(["<img src=x>"], element_id="d"))
    '<script type="application/json" id="d">["\\\\u003cimg src=x\\\\u003e"]</script>'
    """
    attrs = ""
    if element_id:
        attrs += f' id="{escape(element_id)}"'
    if css_class:
        attrs += f' class="{escape(css_class)}"'
    return Markup(f'<script type="application/json"{attrs}>{json_dumps_safe(obj)}</script>')


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
    >>> from netclust.html import iframe
    >>> iframe("<p>a & b</p>", height=50)
    '<iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;" style="width:100%;height:50px;border:0" sandbox="allow-scripts"></iframe>'
    """
    return (f'<iframe srcdoc="{_html.escape(page, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:0" sandbox="allow-scripts"></iframe>')
