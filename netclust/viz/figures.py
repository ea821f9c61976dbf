"""Static figures for reports: matplotlib, rendered as inline SVG text.

Every function takes plain tables (pandas) and returns a
:class:`matplotlib.figure.Figure` built without ``pyplot`` (no global state, no
display); :func:`svg` turns a figure into SVG markup ready to inline in HTML
(text kept as text, so the page's CJK-capable fonts draw it; ids prefixed by a hash
of the figure, so several figures can share one page and the same figure always
gives the same bytes). User text (layer, role, web, scenario names) is drawn as
written, never as math text.

Figures: degree and strength distributions per layer (complementary cumulative,
log-log), the symbiosis scorecard (z-scores against the null model), community
sizes, scenario deltas. Removal curves with bands are drawn by
:func:`netclust.viz.curves.plot_removal_curves`.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

from netclust.errors import InputError
from netclust.i18n import N_, gettext as _
from netclust.schema import AGGREGATE, ROLE_LABELS, role_label
from netclust.viz._mpl import figure_bytes, literal

__all__ = ["svg", "cjk_font", "figure_rc", "role_label", "layer_label", "indicator_label",
           "web_label", "web_indicator_label", "WEB_INDICATOR_LABELS",
           "ROLE_LABELS", "SCENARIO_INDICATOR_LABELS", "SHARE_INDICATORS", "distribution_figure",
           "scorecard_figure", "community_sizes_figure", "scenario_figure"]

_COLORS = ("#3b6fb6", "#2a9d4b", "#e0861a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d")
_RC = {"font.size": 9.5, "axes.spines.top": False, "axes.spines.right": False,
       "axes.formatter.useoffset": False, "axes.formatter.limits": (-9, 9),
       "axes.titlesize": 11, "axes.titleweight": "normal", "legend.frameon": False}
#: Font families tried in order for figure text (CJK fallbacks only if installed).
_FAMILIES = ("DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "Droid Sans Fallback", "Microsoft YaHei", "PingFang SC")


#: Measures whose distribution is drawn (names translated on the axes).
DISTRIBUTION_MEASURES = (N_("degree"), N_("strength"))

#: Readable names of the scenario indicators (:data:`netclust.scenario.INDICATORS`).
SCENARIO_INDICATOR_LABELS = {
    "firms": N_("firms"), "links": N_("links"),
    "largest_component": N_("firms in the largest connected group"),
    "lcc_fraction": N_("share of firms in the largest connected group"),
    "components": N_("components"),
    "R_degree": N_("robustness R, attack on hubs"), "R_random": N_("robustness R, random failures"),
    "smes_with_access": N_("SMEs with export access"),
    "channel_access": N_("share of SMEs with export access"),
    "secure_smes": N_("SMEs N-1 secure"), "secure_share": N_("share of SMEs N-1 secure"),
    "top3_gatekeeper_share": N_("share of the SMEs with a single point that depend on one of the 3 largest gatekeepers"),
    "cascade_mean": N_("mean cascade after one firm fails (firms)"),
    "cascade_max": N_("largest cascade after one firm fails (firms)"),
}
#: Scenario indicators that are shares (shown in percent).
SHARE_INDICATORS = frozenset({"lcc_fraction", "channel_access", "secure_share", "top3_gatekeeper_share"})


def layer_label(layer) -> str:
    """A layer name as written, except netclust's own union of all layers (translated).

    Examples
    --------
    >>> from netclust.viz.figures import layer_label
    >>> layer_label("procurement"), layer_label("aggregate")
    ('procurement', 'aggregate')
    """
    return _(AGGREGATE) if layer == AGGREGATE else str(layer)  # msgid marked in _layers.html


#: Names of the web indicators as shown in figures: published names (NODF, H2′) as
#: published, the others as words (translated where shown).
WEB_INDICATOR_LABELS = {
    "connectance": N_("connectance"), "nodf": "NODF", "nodf_rows": N_("NODF of the rows"),
    "nodf_columns": N_("NODF of the columns"), "wnodf": "WNODF", "c_score": "C-score",
    "h2_prime": "H2′", "niche_overlap_rows": N_("niche overlap of the rows"),
    "niche_overlap_columns": N_("niche overlap of the columns"), "generality": N_("generality"),
    "vulnerability": N_("vulnerability"), "dependence_asymmetry": N_("dependence asymmetry"),
    "modularity": N_("modularity"),
}
#: The published names in :data:`WEB_INDICATOR_LABELS`, shown as written in every language.
_PUBLISHED = frozenset({"NODF", "WNODF", "C-score", "H2′"})


def web_indicator_label(name) -> str:
    """A web indicator's name as a reader reads it (other names as written).

    Examples
    --------
    >>> from netclust.viz.figures import web_indicator_label
    >>> from netclust.i18n import language
    >>> web_indicator_label("h2_prime"), web_indicator_label("dependence_asymmetry")
    ('H2′', 'dependence asymmetry')
    >>> with language("zh"):
    ...     web_indicator_label("nodf"), web_indicator_label("my_index")
    ('NODF', 'my_index')
    """
    label = WEB_INDICATOR_LABELS.get(str(name))
    if label is None:
        return str(name)
    return label if label in _PUBLISHED else _(label)


def web_label(web) -> str:
    """A symbiosis web's name: ``sme_<role>`` reads "SME–role" with netclust's roles translated.

    Webs a user declares under another name are shown as written.

    Examples
    --------
    >>> from netclust.viz.figures import web_label
    >>> from netclust.i18n import language
    >>> web_label("sme_anchor"), web_label("my_web")
    ('sme–anchor', 'my_web')
    >>> with language("zh"):
    ...     web_label("sme_supplier")
    '中小企业–供应商'
    """
    web = str(web)
    if web.startswith("sme_"):
        return f"{role_label('sme')}–{role_label(web.removeprefix('sme_'))}"
    return web


def indicator_label(name) -> str:
    """A scenario indicator's readable name (custom indicators as written).

    Examples
    --------
    >>> from netclust.viz.figures import indicator_label
    >>> from netclust.i18n import language
    >>> with language("zh"):
    ...     indicator_label("firms"), indicator_label("my_metric")
    ('企业', 'my_metric')
    """
    name = str(name)
    return _(SCENARIO_INDICATOR_LABELS[name]) if name in SCENARIO_INDICATOR_LABELS else name


#: CJK families looked for by :func:`cjk_font`, preferred first.
_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC", "WenQuanYi Micro Hei",
                 "Droid Sans Fallback", "Microsoft YaHei", "PingFang SC", "Noto Serif CJK SC")


def cjk_font() -> str | None:
    """The installed font family that draws Chinese text in figures (None when none is).

    Found through matplotlib's font manager (``fonts-noto-cjk`` gives "Noto Sans CJK SC").

    Examples
    --------
    >>> from netclust.viz.figures import cjk_font
    >>> cjk_font() is None or "CJK" in cjk_font() or isinstance(cjk_font(), str)
    True
    """
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in _CJK_FAMILIES if f in installed), None)


def figure_rc() -> dict:
    """Style of every figure (matplotlib rcParams): installed font families, CJK included.

    Axes never use an offset or scientific notation (``1e−5+4.78e−1``): ticks show
    the values themselves.

    Examples
    --------
    >>> from netclust.viz.figures import figure_rc
    >>> figure_rc()["axes.formatter.useoffset"], "DejaVu Sans" in figure_rc()["font.family"]
    (False, True)
    """
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    families = [f for f in _FAMILIES if f in installed] or ["sans-serif"]
    cjk = cjk_font()
    if cjk and cjk not in families:
        families.append(cjk)
    return {**_RC, "font.family": families}


def _figure(width=6.4, height=3.6):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def svg(fig, *, id_prefix: str | None = None) -> str:
    """SVG markup of a figure, ready to inline in an HTML page.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    id_prefix : str, optional
        Prefix of every element id (clip paths, markers), so several figures can
        share one page. Default: ``nc`` + 10 hex digits of a hash of the SVG itself,
        so the same figure always gives the same bytes and different figures
        different ids.

    Returns
    -------
    str
        An ``<svg>`` element (no XML declaration or DOCTYPE), text as ``<text>``
        (``svg.fonttype = none``), no date, ids prefixed.

    Examples
    --------
    >>> from netclust.viz.figures import svg, community_sizes_figure
    >>> s = svg(community_sizes_figure(pd.Series([5, 3, 1])))
    >>> s.startswith("<svg"), "<script" in s, s == svg(community_sizes_figure(pd.Series([5, 3, 1])))
    (True, False, True)
    """
    text = figure_bytes(fig, "svg").decode("utf-8")
    text = text[text.find("<svg"):]
    if id_prefix is None:
        id_prefix = "nc" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="{id_prefix}-{m.group(1)}"', text)
    return re.sub(r'(url\(#|xlink:href="#|href="#)([^)"]+)',
                  lambda m: f"{m.group(1)}{id_prefix}-{m.group(2)}", text)


def _ccdf(values: np.ndarray):
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if len(v) == 0:
        return np.zeros(0), np.zeros(0)
    x = np.unique(v)
    # share of firms with value >= x
    counts = np.searchsorted(np.sort(v), x, side="left")
    return x, 1.0 - counts / len(v)


def distribution_figure(table: pd.DataFrame, *, what: str = "degree", n_firms: int | None = None):
    """Complementary cumulative distribution of a per-layer measure (log-log).

    Parameters
    ----------
    table : pandas.DataFrame
        One column per layer (e.g. :func:`netclust.metrics.centrality.degree`).
    what : str, default "degree"
        Axis label.
    n_firms : int, optional
        Shown in the caption-like title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InputError
        If the table has no column.

    Notes
    -----
    :math:`P(X \\ge x)` over the firms with :math:`x > 0` in each layer (firms
    without links in a layer are left out of its curve, and counted in the legend).
    A straight line on log-log axes suggests a heavy tail: a few hubs hold many links.

    Examples
    --------
    >>> from netclust.metrics.centrality import degree
    >>> from netclust.viz.figures import distribution_figure
    >>> fig = distribution_figure(degree(nc.datasets.toy()))
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:1]
    ['procurement (6 firms)']
    """
    import matplotlib

    if table.shape[1] == 0:
        raise InputError("distribution_figure needs at least one layer column")
    with matplotlib.rc_context(figure_rc()):
        fig = _figure(5.6, 3.6)
        ax = fig.add_subplot()
        for i, col in enumerate(table.columns):
            x, y = _ccdf(table[col].to_numpy(dtype=float))
            if not len(x):
                continue
            if len(x) > 400:  # log-spaced subset: the same picture, a fraction of the SVG
                keep = np.unique(np.geomspace(1, len(x), 400).astype(np.int64) - 1)
                x, y = x[keep], y[keep]
            style = "--" if col == AGGREGATE else "-"
            color = "#333333" if col == AGGREGATE else _COLORS[i % len(_COLORS)]
            ax.step(x, y, where="post", linestyle=style, color=color, linewidth=1.6,
                    label=_("{layer} ({n} firms)").format(layer=literal(layer_label(col)),
                                                          n=f"{len(table[col][table[col] > 0]):,}"))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(literal(_(what)))
        ax.set_ylabel(_("share of firms with {what} ≥ x").format(what=literal(_(what))))
        ax.set_title(_("{what} distribution by layer").format(what=literal(_(what))))
        ax.grid(True, which="major", alpha=0.25)
        ax.legend(fontsize=8.5)
    return fig


def scorecard_figure(scorecard: pd.DataFrame, *, max_rows: int = 30, beyond=None):
    """Symbiosis scorecard chart: z-score of each web indicator against its null model.

    Parameters
    ----------
    scorecard : pandas.DataFrame
        Columns ``web, indicator, z`` (as :func:`netclust.metrics.symbiosis.symbiosis`
        returns); rows with a missing z (descriptive indicators) are skipped.
    max_rows : int, default 30
    beyond : array of bool, optional
        Per row of ``scorecard``: is it beyond chance? Pass the rule the table uses
        (:func:`netclust.findings.beyond_chance`: |z| and p together) so chart and table
        agree; default ``|z| >= 2``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InputError
        If the columns are missing.

    Notes
    -----
    :math:`z = (x - \\bar x_{null}) / s_{null}`; the shaded band marks :math:`|z| < 2`.
    Bars beyond chance (``beyond``) are one neutral colour whatever their sign (the
    side of the axis and the printed z show the direction; whether it is good for the
    cluster is for the reading, not the colour), the others grey. Bars are clipped at
    ±50 (the value is printed).

    Examples
    --------
    >>> from netclust.viz.figures import scorecard_figure
    >>> sc = pd.DataFrame({"web": ["a", "a"], "indicator": ["nodf", "h2_prime"], "z": [3.0, -1.0]})
    >>> len(scorecard_figure(sc).axes[0].containers[0])
    2
    """
    import matplotlib

    need = {"web", "indicator", "z"}
    if not need <= set(scorecard.columns):
        raise InputError(f"scorecard lacks columns {sorted(need - set(scorecard.columns))}")
    keep = pd.to_numeric(scorecard["z"], errors="coerce").notna().to_numpy()
    data = scorecard[keep].head(max_rows)
    z = pd.to_numeric(data["z"], errors="coerce").to_numpy(dtype=float)
    strong = (np.abs(z) >= 2) if beyond is None else np.asarray(beyond, dtype=bool)[keep][:len(z)]
    labels = [literal(f"{web_label(w)} · {web_indicator_label(i)}")
              for w, i in zip(data["web"], data["indicator"])]
    with matplotlib.rc_context(figure_rc()):
        fig = _figure(6.4, max(1.6, 0.24 * len(labels) + 0.9))
        ax = fig.add_subplot()
        y = np.arange(len(labels))[::-1]
        clipped = np.clip(z, -50, 50)
        colors = np.where(strong, "#3b6fb6", "#9aa7b2")   # neutral: the sign is the side
        ax.barh(y, clipped, color=colors, height=0.65)
        ax.axvspan(-2, 2, color="#eef2f6", zorder=0)
        ax.axvline(0, color="#555555", linewidth=0.8)
        for yi, zi, ci in zip(y, z, clipped):
            ax.text(ci + (0.6 if ci >= 0 else -0.6), yi, f"{zi:.1f}", va="center",
                    ha="left" if ci >= 0 else "right", fontsize=7.5, color="#333333")
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_xlabel(_("z-score vs. randomised webs (grey bars: within chance; band: |z| < 2)"))
        ax.set_title(_("Web indicators vs. randomised webs"))
        lim = max(5.0, float(np.nanmax(np.abs(clipped))) * 1.15) if len(z) else 5.0
        ax.set_xlim(-lim, lim)
    return fig


def community_sizes_figure(sizes: pd.Series, *, roles: pd.DataFrame | None = None, top: int = 30):
    """Bar chart of community sizes (largest first), optionally split by role.

    Parameters
    ----------
    sizes : pandas.Series
        Firms per community.
    roles : pandas.DataFrame, optional
        Firms per community (rows) and role (columns) for stacked bars.
    top : int, default 30
        Communities shown; the rest are summed into one "others" bar.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from netclust.viz.figures import community_sizes_figure
    >>> len(community_sizes_figure(pd.Series([5, 3, 1]), top=2).axes[0].patches)
    3
    """
    import matplotlib

    from netclust.viz.interactive import ROLE_COLORS

    s = pd.Series(sizes).sort_values(ascending=False, kind="stable")
    shown = s.head(top)
    rest = s.iloc[top:]
    labels = [literal(i) for i in shown.index] + (
        [_("{n} others").format(n=len(rest))] if len(rest) else [])
    with matplotlib.rc_context(figure_rc()):
        fig = _figure(6.4, 3.2)
        ax = fig.add_subplot()
        x = np.arange(len(labels))
        if roles is not None and len(roles.columns):
            r = roles.reindex(shown.index).fillna(0)
            if len(rest):
                r.loc["_rest"] = roles.reindex(rest.index).fillna(0).sum()
            bottom = np.zeros(len(labels))
            for j, col in enumerate(r.columns):
                vals = r[col].to_numpy(dtype=float)
                ax.bar(x, vals, bottom=bottom, color=ROLE_COLORS.get(str(col), _COLORS[j % len(_COLORS)]),
                       label=literal(role_label(col)), width=0.8)
                bottom += vals
            ax.legend(fontsize=7.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        else:
            vals = list(shown.to_numpy(dtype=float)) + ([float(rest.sum())] if len(rest) else [])
            ax.bar(x, vals, color="#3b6fb6", width=0.8)
        ax.set_xticks(x, labels, fontsize=7.5, rotation=90 if len(labels) > 15 else 0)
        ax.set_xlabel(_("community"))
        ax.set_ylabel(_("firms"))
        ax.set_title(_("Community sizes"))
    return fig


def scenario_figure(tables: dict, *, indicators=("firms", "links", "largest_component",
                                                 "smes_with_access", "R_random", "R_degree")):
    """Relative change of key indicators in each scenario (grouped horizontal bars).

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Scenario label → table with columns ``indicator, before, after``
        (:attr:`netclust.scenario.ScenarioResult.table`).
    indicators : sequence of str
        Indicators drawn (those missing from a table are skipped).

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    Change in percent: :math:`100 \\cdot (after - before) / |before|` (0 when before is 0).

    Examples
    --------
    >>> from netclust.viz.figures import scenario_figure
    >>> t = pd.DataFrame({"indicator": ["firms", "links"], "before": [10.0, 20.0],
    ...                   "after": [9.0, 10.0]})
    >>> [round(float(p.get_width()), 1) for p in scenario_figure({"exit": t}).axes[0].patches]
    [-10.0, -50.0]
    """
    import matplotlib

    labels = list(tables)
    with matplotlib.rc_context(figure_rc()):
        fig = _figure(6.4, max(2.0, 0.32 * len(labels) * len(indicators) / 2 + 1.2))
        ax = fig.add_subplot()
        height = 0.8 / max(len(indicators), 1)
        for j, name in enumerate(indicators):
            ys, xs = [], []
            for i, label in enumerate(labels):
                t = tables[label]
                row = t[t["indicator"] == name]
                if not len(row):
                    continue
                before, after = float(row["before"].iloc[0]), float(row["after"].iloc[0])
                ys.append(len(labels) - 1 - i + 0.4 - (j + 0.5) * height)
                xs.append(100.0 * (after - before) / abs(before) if before else 0.0)
            if xs:
                ax.barh(ys, xs, height=height * 0.9, color=_COLORS[j % len(_COLORS)],
                        label=literal(indicator_label(name)))
        ax.axvline(0, color="#555555", linewidth=0.8)
        ax.set_yticks(np.arange(len(labels))[::-1], [literal(x) for x in labels], fontsize=8.5)
        ax.set_xlabel(_("change after the scenario (%)"))
        ax.set_title(_("What each scenario changes"))
        ax.legend(fontsize=7.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
