"""Matplotlib output settings shared by the figure modules: literal text, reproducible files.

* :func:`literal` protects user text (firm, role, layer, scenario names) from
  matplotlib's math-text parser: a name such as ``a$b$c`` is drawn as written,
  not as ``a`` + italic ``b`` + ``c``.
* :func:`figure_bytes` writes a figure with fixed settings, so the same command
  gives byte-identical files: SVG element ids from a fixed ``svg.hashsalt``, text
  kept as text (``svg.fonttype = none``), no date or software stamp.
"""

from __future__ import annotations

import io
import warnings

__all__ = ["literal", "figure_bytes", "SVG_RC"]

#: rcParams of every SVG netclust writes (fixed salt: ids depend only on content).
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "netclust"}


def literal(text) -> str:
    """``str(text)`` with every ``$`` escaped, so matplotlib draws it as written.

    Parameters
    ----------
    text : object
        A label (converted with ``str``).

    Returns
    -------
    str

    Examples
    --------
    >>> from netclust.viz._mpl import literal
    >>> literal("a$b$c"), literal("sme")
    ('a\\\\$b\\\\$c', 'sme')
    """
    return str(text).replace("$", "\\$")


def figure_bytes(fig, fmt: str, *, dpi: int = 150) -> bytes:
    """The figure as PNG or SVG bytes, reproducible (no date, fixed ids).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    fmt : {"png", "svg"}
    dpi : int, default 150
        Resolution of PNG output.

    Returns
    -------
    bytes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from netclust.viz._mpl import figure_bytes
    >>> fig = Figure()
    >>> _ = fig.add_subplot().plot([0, 1])
    >>> figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
    True
    """
    import matplotlib

    buf = io.BytesIO()
    meta = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context(SVG_RC), warnings.catch_warnings():
        # text stays text (drawn by the browser's fonts): a glyph missing from
        # matplotlib's own fonts only affects its layout estimate, not the output
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from", category=UserWarning)
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta)
    return buf.getvalue()
