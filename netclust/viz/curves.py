"""Removal-curve figures (matplotlib, PNG or SVG): mean curves with 5-95 % bands.

Figures are built on :class:`matplotlib.figure.Figure` objects directly (no
``pyplot``, no global state, no display needed) and written atomically with
:func:`save_figure`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netclust.errors import InputError
from netclust.i18n import N_, gettext as _
from netclust.viz._mpl import figure_bytes, literal

__all__ = ["plot_removal_curves", "save_figure", "FIGURE_FORMATS", "STRATEGY_LABELS",
           "strategy_label"]

#: Formats understood by :func:`save_figure`.
FIGURE_FORMATS = ("png", "svg")

_LABELS = {"lcc_fraction": N_("largest component s(Q) (share of firms)"),
           "access_fraction": N_("SMEs reaching an exporting anchor (share)"),
           "surviving_fraction": N_("secondary firms surviving (share)")}

#: Short names of the removal orders (:func:`netclust.metrics.resilience.removal_curves`).
STRATEGY_LABELS = {"random": N_("random failures"), "degree": N_("hubs first"),
                   "adaptive-degree": N_("hubs first, recomputed"),
                   "betweenness": N_("brokers first"), "role": N_("anchors first"),
                   "strength": N_("strongest first"), "pagerank": N_("highest PageRank first")}


def strategy_label(strategy) -> str:
    """A removal order's short readable name (unknown orders as written).

    Examples
    --------
    >>> from netclust.viz.curves import strategy_label
    >>> strategy_label("degree"), strategy_label("mine")
    ('hubs first', 'mine')
    """
    strategy = str(strategy)
    return _(STRATEGY_LABELS[strategy]) if strategy in STRATEGY_LABELS else strategy


def plot_removal_curves(curves: pd.DataFrame, *, value: str = "lcc_fraction",
                        title: str | None = None, ax=None, figsize=(7.0, 4.5), summary=None):
    """Plot removal curves: one line per (strategy, layer), 5-95 % band over runs.

    Parameters
    ----------
    curves : pandas.DataFrame
        Tidy curve table from :func:`netclust.metrics.resilience.removal_curves`
        (or :func:`~netclust.metrics.resilience.channel_access_curves` with
        ``value="access_fraction"``).
    value : str, default "lcc_fraction"
        Column on the y axis.
    title : str, optional
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (default: a new figure).
    figsize : tuple, default (7.0, 4.5)
        Size in inches of a new figure.
    summary : pandas.DataFrame, optional
        The numbers the legend shows, one row per ``strategy, layer``: column ``R`` of
        :func:`~netclust.metrics.resilience.resilience_summary` for ``lcc_fraction``,
        ``area`` of :func:`~netclust.metrics.resilience.channel_access_summary` for
        ``access_fraction``. Pass the table shown beside the chart when the curves
        drawn are thinned; default: computed from ``curves`` by that same function.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InputError
        Missing columns or an empty table.

    See Also
    --------
    save_figure, netclust.metrics.resilience.curve_bands

    Notes
    -----
    The x axis is the fraction of firms removed ``Q/N``. Strategies with several
    runs (random) show the mean and a shaded 5-95 % band. The legend gives the number
    the summary tables give: the robustness ``R`` of
    :func:`~netclust.metrics.resilience.robustness` averaged over runs (largest
    component), or the area under the access curve (channel access), printed as
    :func:`netclust.html.fmt_number` prints the tables.

    Examples
    --------
    >>> from netclust.metrics.resilience import removal_curves
    >>> from netclust.viz.curves import plot_removal_curves
    >>> c = removal_curves(nc.datasets.toy(), ["random", "degree"], runs=10, seed=0)
    >>> fig = plot_removal_curves(c)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['random failures (R=0.368)', 'hubs first (R=0.235)']
    """
    import matplotlib

    from netclust.viz.figures import figure_rc

    with matplotlib.rc_context(figure_rc()):  # the CJK family for Chinese labels
        return _plot_removal_curves(curves, value, title, ax, figsize, summary)


def _legend_numbers(curves, value, summary) -> dict:
    """``{(strategy, layer): text}`` shown in the legend: the summary table's own number."""
    from netclust.html.formatting import fmt_number
    from netclust.metrics.resilience import channel_access_summary, resilience_summary

    column = {"lcc_fraction": "R", "access_fraction": "area"}.get(value)
    if column is None:
        return {}
    if summary is None:
        try:
            summary = (resilience_summary(curves) if value == "lcc_fraction"
                       else channel_access_summary(curves))
        except InputError:  # a hand-made table without the summary's columns: no number
            return {}
    form = "R={}" if column == "R" else "{}"
    return {(st, la): form.format(fmt_number(float(v)))
            for st, la, v in zip(summary["strategy"], summary["layer"], summary[column])}


def _plot_removal_curves(curves, value, title, ax, figsize, summary):
    from matplotlib.figure import Figure

    from netclust.metrics.resilience import curve_bands

    need = {"strategy", "layer", "run", "removed", "fraction_removed", value}
    if not need <= set(curves.columns):
        raise InputError(f"not a curve table: missing {sorted(need - set(curves.columns))}")
    if len(curves) == 0:
        raise InputError("the curve table is empty")
    bands = curve_bands(curves, value=value)
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    several_layers = bands["layer"].nunique() > 1
    numbers = _legend_numbers(curves, value, summary)
    for i, ((strategy, layer), grp) in enumerate(bands.groupby(["strategy", "layer"],
                                                               sort=False)):
        grp = grp.sort_values("removed")
        x = grp["fraction_removed"].to_numpy()
        mean = grp["mean"].to_numpy(dtype=float)
        colour = f"C{i % 10}"
        name = literal(strategy_label(strategy))
        number = numbers.get((strategy, layer))
        label = f"{name}{f' / {literal(layer)}' if several_layers else ''}{f' ({number})' if number else ''}"
        if int(grp["runs"].max()) > 1:
            ax.fill_between(x, grp["p05"].to_numpy(dtype=float), grp["p95"].to_numpy(dtype=float),
                            color=colour, alpha=0.25, linewidth=0, step=None)
        ax.plot(x, mean, color=colour, label=label, linewidth=1.5)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(_("fraction of firms removed Q/N"))
    ax.set_ylabel(_(_LABELS[value]) if value in _LABELS else value)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper right", fontsize="small", frameon=False)
    if title:
        ax.set_title(literal(title))
    return fig


def save_figure(fig, path, *, fmt: str | None = None, dpi: int = 150, protect=()) -> Path:
    """Write a figure as PNG or SVG, atomically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or Path
        Destination; the suffix gives the format unless ``fmt`` is given (then the
        suffix is replaced by ``.fmt``).
    fmt : {"png", "svg"}, optional
    dpi : int, default 150
        Resolution of PNG files.
    protect : iterable of paths
        Input files never to overwrite.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        Unknown format.

    See Also
    --------
    plot_removal_curves

    Notes
    -----
    SVG files carry no creation date and their element ids come from a fixed salt
    (:data:`netclust.viz._mpl.SVG_RC`), so the same figure gives the same bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netclust.metrics.resilience import removal_curves
    >>> from netclust.viz.curves import plot_removal_curves, save_figure
    >>> fig = plot_removal_curves(removal_curves(nc.datasets.toy(), "degree"))
    >>> p = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "c.svg")
    >>> p.read_text()[:5], p.suffix
    ('<?xml', '.svg')
    """
    from netclust.io.output import write_bytes

    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FIGURE_FORMATS:
        raise InputError(f"unknown figure format {fmt!r}; use png or svg")
    if path.suffix.lstrip(".").lower() != fmt:
        path = path.with_suffix(f".{fmt}")
    return write_bytes(path, figure_bytes(fig, fmt, dpi=dpi), protect=protect)
