"""Static assets inlined into every page: netclust's CSS/JS and vis-network from pyvis.

Pages must work offline and make no network request, so every asset is inlined
after a check that it cannot close its own ``<script>``/``<style>`` element.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

from netclust.errors import NetclustError

__all__ = ["FONT_STACK", "asset", "vis_assets", "inline_safe"]

#: CSS font stack: system UI fonts first, then the usual CJK fonts of Windows, macOS,
#: Android and Linux (no web fonts: nothing is downloaded).
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", '
              'Arial, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
              '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", '
              '"Droid Sans Fallback", sans-serif')


def _static_dir() -> Path:
    return Path(str(resources.files("netclust.html") / "static"))


def inline_safe(text: str, name: str) -> str:
    """Check that ``text`` can be inlined in a ``<script>``/``<style>`` element.

    Parameters
    ----------
    text : str
        JavaScript or CSS source.
    name : str
        File name, for the error message.

    Returns
    -------
    str
        The text without ``sourceMappingURL`` comments (they make developer tools
        fetch a file).

    Raises
    ------
    NetclustError
        If the text holds ``</script``, ``</style`` or ``<!--``.

    Examples
    --------
    >>> from netclust.html.assets import inline_safe
    >>> inline_safe("var a = 1;\\n//# sourceMappingURL=a.map", "a.js")
    'var a = 1;\\n'
    """
    low = text.lower()
    if "</script" in low or "</style" in low or "<!--" in low:
        raise NetclustError(f"{name} cannot be inlined: it contains a closing tag or comment")
    return re.sub(r"(?m)^\s*//[#@] sourceMappingURL=.*$", "", text)


@functools.lru_cache(maxsize=None)
def asset(name: str) -> str:
    """Text of a file of ``netclust/html/static`` (CSS or JS), checked for inlining.

    Parameters
    ----------
    name : str
        File name, e.g. ``"netclust.css"``.

    Returns
    -------
    str

    Examples
    --------
    >>> from netclust.html import asset
    >>> "nc-map" in asset("netclust.css")
    True
    """
    path = _static_dir() / name
    return inline_safe(path.read_text(encoding="utf-8"), name)


@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of vis-network as shipped by the installed pyvis package.

    The CSS keeps the rules without embedded images (about 13 kB of 220 kB).

    Returns
    -------
    tuple of str

    Raises
    ------
    NetclustError
        If pyvis or its bundled vis-network files cannot be found.

    Examples
    --------
    >>> from netclust.html import vis_assets
    >>> js, css = vis_assets()
    >>> "vis-network" in js, "url(" in css
    (True, False)
    """
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    candidates = sorted(lib.glob("vis-*/vis-network.min.js"),
                        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
    if not candidates:
        raise NetclustError(f"vis-network.min.js not found under {lib}; reinstall pyvis")
    js_path = candidates[-1]
    css_path = js_path.with_name("vis-network.css")
    js = inline_safe(js_path.read_text(encoding="utf-8"), js_path.name)
    css = inline_safe(css_path.read_text(encoding="utf-8"), css_path.name) if css_path.is_file() else ""
    # rules that embed images serve the navigation buttons, the manipulation toolbar and
    # the colour picker, which the map does not enable: 207 of the 220 kB
    css = "".join(rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if "url(" not in rule)
    return js, css
