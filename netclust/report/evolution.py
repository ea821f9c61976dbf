"""The report's Evolution section: template data from an :class:`~netclust.temporal.Evolution`.

:func:`evolution_context` turns the tables of :func:`netclust.temporal.evolve` into plain
template data for ``_evolution.html``: indicator trends as small multiples (with the
Monte Carlo band of robustness R and the null-model band of the z-scores), an alluvial
diagram of the communities across periods (hand-built SVG, offline, labels escaped),
tables of entries and exits, of the firms whose position changed most and of the
community events. With fewer than two periods there is no section (``None``).
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from netclust.i18n import N_, gettext as _, ngettext
from netclust.report.context import table
from netclust.schema import AGGREGATE, FIRM_ID
from netclust.viz.figures import role_label

__all__ = ["evolution_context", "trend_figure", "alluvial_svg", "position_changes",
           "TREND_PANELS"]

#: Small multiples drawn when present: (indicator, layer, title, band low, band high).
TREND_PANELS = (
    ("firms", "", N_("Firms present"), None, None),
    ("links", AGGREGATE, N_("Links (aggregate)"), None, None),
    ("density", AGGREGATE, N_("Density (aggregate)"), None, None),
    ("largest_component_fraction", AGGREGATE, N_("Largest component share"), None, None),
    ("modularity", AGGREGATE, N_("Modularity (aggregate)"), None, None),
    ("tracked_communities", "", N_("Tracked communities"), None, None),
    ("robustness_random", "", N_("Robustness R, random removal (5–95 % band)"),
     "robustness_random_p05", "robustness_random_p95"),
    ("access_share", "", N_("SMEs with export-channel access"), None, None),
    ("secure_share", "", N_("SMEs with N-1 secure access"), None, None),
)
_COLORS = ("#3b6fb6", "#2a9d4b", "#e0861a", "#8e44ad", "#c0392b", "#16a085", "#b7950b",
           "#d35400", "#2c3e50", "#7d3c98")
_OTHER = "#b0b7bf"
_Z95 = 1.959964  # two-sided 95 % of a standard normal
#: Panels of shares, drawn in percent.
_SHARES = ("largest_component_fraction", "access_share", "secure_share")


def _plain(text) -> str:
    """User text drawn as written by matplotlib (no math text)."""
    return str(text).replace("$", r"\$")


def _series(periods: pd.DataFrame, labels, indicator: str, layer: str) -> np.ndarray:
    t = periods[(periods["indicator"] == indicator) & (periods["layer"].fillna("") == layer)]
    return t.set_index("period")["value"].reindex(labels).to_numpy(dtype=float)


def _panels(periods: pd.DataFrame, labels) -> list:
    """(title, values, low, high, kind) of every panel with a finite value (kind: True z-score, "pct" share)."""
    out = []
    for ind, layer, title, lo, hi in TREND_PANELS:
        v = _series(periods, labels, ind, layer)
        if np.isfinite(v).any():
            band = ((_series(periods, labels, lo, layer), _series(periods, labels, hi, layer))
                    if lo else (None, None))
            out.append((_(title), v, *band, "pct" if ind in _SHARES else False))
    webs = sorted({i[len("nodf_z["):-1] for i in periods["indicator"].unique()
                   if str(i).startswith("nodf_z[")})
    for web in webs[:3]:
        v = _series(periods, labels, f"nodf_z[{web}]", "")
        if np.isfinite(v).any():
            out.append((_("NODF z-score, {web}").format(web=role_label(web.removeprefix("sme_"))), v, None,
                        None, True))
    return out


def trend_figure(periods: pd.DataFrame, *, columns: int = 3):
    """Small multiples of the headline indicators across periods.

    Parameters
    ----------
    periods : pandas.DataFrame
        ``period, indicator, layer, value`` (:attr:`Evolution.periods`).
    columns : int, default 3
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per indicator of :data:`TREND_PANELS` present, plus the NODF
        z-score of up to three SME webs. Robustness R carries the 5-95 % band of its
        Monte Carlo random removals; a z-score panel shades the null model's 95 %
        region (``|z| <= 1.96``): a point outside it differs from the null webs.

    Examples
    --------
    >>> from netclust.report.evolution import trend_figure
    >>> t = pd.DataFrame({"period": ["2021", "2022"], "indicator": "firms", "layer": "",
    ...                   "value": [9.0, 8.0]})
    >>> len(trend_figure(t).axes)
    1
    """
    import matplotlib

    from netclust.viz.figures import cjk_font

    families = ["DejaVu Sans"] + ([cjk_font()] if cjk_font() else [])   # Chinese titles drawn
    with matplotlib.rc_context({"font.family": families, "axes.formatter.useoffset": False}):
        return _trend_figure(periods, columns)


def _trend_figure(periods: pd.DataFrame, columns: int):
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    labels = list(pd.unique(periods["period"]))
    panels = _panels(periods, labels)
    rows = max(1, math.ceil(len(panels) / columns))
    ncol = min(columns, max(len(panels), 1))
    fig = Figure(figsize=(3.1 * ncol, 2.15 * rows), layout="constrained")
    x = np.arange(len(labels))
    for k, (title, v, lo, hi, z) in enumerate(panels):  # loop over panels (a dozen at most)
        ax = fig.add_subplot(rows, ncol, k + 1)
        if z == "pct":
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
        elif z:
            ax.axhspan(-_Z95, _Z95, color="#d5dbe1", alpha=0.6, lw=0)
            ax.axhline(0, color="#7f8c8d", lw=0.6)
        if lo is not None and np.isfinite(lo).any():
            ax.fill_between(x, lo, hi, color=_COLORS[0], alpha=0.18, lw=0)
        ax.plot(x, v, marker="o", ms=3.5, color=_COLORS[0], lw=1.6)
        ax.set_title(_plain(title), fontsize=9.5, loc="left")
        ax.set_xticks(x, [_plain(p) for p in labels], fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return fig


#: Track events always drawn in the alluvial, whatever the track's size.
DRAWN_EVENTS = ("birth", "split", "merge")


def _nodes(comm: pd.DataFrame, labels, top: int, tracks=None) -> pd.DataFrame:
    """Firms' node per period: their track if drawn, else other (-1).

    Drawn: the ``top`` largest tracks of the period, and every track with a birth
    (after the first period), split or merge event in that period, the one before or
    the one after (``tracks``: :attr:`Evolution.community_tracks`), so the event, what
    it came from and what it became are shown.
    """
    c = comm[["period", FIRM_ID, "track"]].copy()
    c["track"] = c["track"].astype("float").fillna(-1).astype(np.int64)
    size = c[c["track"] >= 0].groupby(["period", "track"]).size().rename("n").reset_index()
    size = size.sort_values(["period", "n", "track"], ascending=[True, False, True])
    keep = size.groupby("period").head(top)[["period", "track"]]
    if tracks is not None and len(tracks):
        ev = tracks[tracks["event"].isin(DRAWN_EVENTS)][["period", "track"]].astype(
            {"period": str, "track": np.int64})
        ev = ev[ev["period"] != str(labels[0])]   # every community is born in the first period
        names = [str(p) for p in labels]
        shifted = [ev.assign(period=ev["period"].map(dict(zip(names[1:], names[:-1])))),   # before
                   ev.assign(period=ev["period"].map(dict(zip(names[:-1], names[1:]))))]   # after
        keep = pd.concat([keep.astype({"period": str}), ev, *shifted], ignore_index=True).dropna()
    kept = pd.MultiIndex.from_frame(keep.astype({"period": str}))
    drawn = pd.MultiIndex.from_arrays([c["period"].astype(str), c["track"]]).isin(kept)
    c["node"] = np.where(drawn, c["track"].to_numpy(), -1)
    return c


def _layout(nodes: pd.DataFrame, labels, height: float, gap: float):
    """Rectangles (period, node) -> (column, y0, h) with one scale for every column."""
    sizes = nodes.groupby(["period", "node"]).size()
    per_col = sizes.groupby(level=0).sum().reindex(labels, fill_value=0)
    counts = sizes.groupby(level=0).size().reindex(labels, fill_value=0)
    scale = (height - gap * max(int(counts.max()) - 1, 0)) / max(int(per_col.max()), 1)
    rects = {}
    for j, p in enumerate(labels):  # loop over periods only
        y = 0.0
        col = sizes.loc[p] if p in sizes.index.get_level_values(0) else pd.Series(dtype=int)
        order = sorted(col.index, key=lambda n: (n < 0, n))
        for n in order:  # loop over the (at most top + 1) nodes of a period
            h = float(col[n]) * scale
            rects[(p, n)] = (j, y, h)
            y += h + gap
    return rects, scale


def _flow_paths(nodes, labels, rects, scale, xs, node_w) -> list:
    """SVG paths of the firms staying from one period to the next, node to node."""
    out = []
    for j, (a, b) in enumerate(zip(labels[:-1], labels[1:])):  # loop over periods only
        m = nodes[nodes["period"] == a][[FIRM_ID, "node"]].merge(
            nodes[nodes["period"] == b][[FIRM_ID, "node"]], on=FIRM_ID, suffixes=("_a", "_b"))
        flows = m.groupby(["node_a", "node_b"]).size().reset_index(name="n")
        flows["ka"] = [(na < 0, na) for na in flows["node_a"]]
        flows["kb"] = [(nb < 0, nb) for nb in flows["node_b"]]
        out_y = {n: rects[(a, n)][1] for n in flows["node_a"].unique()}
        in_y = {n: rects[(b, n)][1] for n in flows["node_b"].unique()}
        x0, x1 = xs[j] + node_w, xs[j + 1]
        xm = (x0 + x1) / 2
        for na, nb, n in flows.sort_values(["ka", "kb"])[["node_a", "node_b", "n"]].itertuples(
                index=False):  # loop over node pairs of two periods
            h = n * scale
            y0, y1 = out_y[na], in_y[nb]
            out_y[na] += h
            in_y[nb] += h
            color = _OTHER if na < 0 else _COLORS[na % len(_COLORS)]
            out.append(f'<path d="M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} '
                       f'{x1:.1f},{y1:.1f} L{x1:.1f},{y1 + h:.1f} C{xm:.1f},{y1 + h:.1f} '
                       f'{xm:.1f},{y0 + h:.1f} {x0:.1f},{y0 + h:.1f} Z" fill="{color}" '
                       f'fill-opacity="0.35"><title>{html.escape(_n_firms(n))}</title></path>')
    return out


def alluvial_svg(communities: pd.DataFrame, *, tracks=None, top: int = 8,
                 height: float = 320.0) -> str:
    """Alluvial diagram of community tracks across periods (inline SVG, no script).

    Parameters
    ----------
    communities : pandas.DataFrame
        ``period, firm_id, track`` (:attr:`Evolution.communities`; periods in time
        order, ``track`` missing for untracked firms).
    tracks : pandas.DataFrame, optional
        ``period, track, event`` (:attr:`Evolution.community_tracks`): a track with a
        birth (after the first period), split or merge event in a period
        (:data:`DRAWN_EVENTS`) is drawn there and in the periods just before and after,
        whatever its size, so a split never disappears into "other".
    top : int, default 8
        Tracks drawn per period (the largest), besides those with an event; the rest
        are pooled as "other".
    height : float, default 320
        Drawing height in pixels.

    Returns
    -------
    str
        An ``<svg>`` element: one column per period, one bar per track (height =
        firms), bands = firms staying from a track to a track in the next period;
        entering and exiting firms have no band. Text is escaped.

    Examples
    --------
    >>> from netclust.report.evolution import alluvial_svg
    >>> c = pd.DataFrame({"period": ["1", "1", "2", "2"], "firm_id": ["a", "b", "a", "b"],
    ...                   "track": [0, 0, 0, 1]})
    >>> s = alluvial_svg(c)
    >>> s.startswith("<svg") and s.count("<path") == 2 and "<script" not in s
    True
    >>> t = pd.DataFrame({"period": ["2"], "track": [1], "event": ["split"]})
    >>> "T1 (1)" in alluvial_svg(c, top=1), "T1 (1)" in alluvial_svg(c, tracks=t, top=1)
    (False, True)
    """
    labels = list(pd.unique(communities["period"]))
    nodes = _nodes(communities, labels, int(top), tracks)
    gap, node_w, col_w, pad = 6.0, 14.0, 170.0, 24.0
    rects, scale = _layout(nodes, labels, height, gap)
    xs = [pad + 70 + j * col_w for j in range(len(labels))]
    parts = _flow_paths(nodes, labels, rects, scale, xs, node_w)
    sizes = nodes.groupby(["period", "node"]).size()
    for (p, n), (j, y, h) in rects.items():  # loop over drawn nodes only
        color = _OTHER if n < 0 else _COLORS[n % len(_COLORS)]
        name = _("other") if n < 0 else f"T{n}"
        label = html.escape(f"{name} ({int(sizes[(p, n)])})")
        parts.append(f'<rect x="{xs[j]:.1f}" y="{y:.1f}" width="{node_w}" '
                     f'height="{max(h, 0.8):.1f}" fill="{color}"><title>{label}</title></rect>')
        if h >= 9:
            parts.append(f'<text x="{xs[j] + node_w + 3:.1f}" y="{y + min(h / 2, 12) + 3:.1f}" '
                         f'font-size="10">{label}</text>')
    heads = [f'<text x="{xs[j] + node_w / 2:.1f}" y="14" font-size="11" text-anchor="middle" '
             f'font-weight="bold">{html.escape(str(p))}</text>' for j, p in enumerate(labels)]
    width = xs[-1] + node_w + 90 if xs else 200
    title = html.escape(_("Community tracks across periods"))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="nc-alluvial" role="img" '
            f'viewBox="0 0 {width:.0f} {height + 2 * pad:.0f}" width="{width:.0f}" '
            f'height="{height + 2 * pad:.0f}">'
            f'<title>{title}</title>{"".join(heads)}'
            f'<g transform="translate(0 {pad:.0f})">{"".join(parts)}</g></svg>')


def position_changes(positions: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """Firms whose position changed most between the first and the last period.

    Parameters
    ----------
    positions : pandas.DataFrame
        ``period, firm_id, name, role, strength, rank, partners``
        (:attr:`Evolution.positions`, periods in time order).
    top : int, default 15

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id``; ``name, role, rank_first, rank_last, rank_change,
        partners_first, partners_last, strength_first, strength_last`` for firms
        present in both periods, ``rank_change = rank_first - rank_last`` (positive =
        rose), the ``top`` largest ``|rank_change|`` first (ties by firm id).

    Examples
    --------
    >>> from netclust.report.evolution import position_changes
    >>> p = pd.DataFrame({"period": ["1", "1", "2", "2"], "firm_id": ["a", "b", "a", "b"],
    ...                   "name": "", "role": "", "strength": [3.0, 1.0, 1.0, 3.0],
    ...                   "rank": [1, 2, 2, 1], "partners": [2, 1, 1, 2]})
    >>> position_changes(p)["rank_change"].to_dict()
    {'a': -1, 'b': 1}
    """
    labels = list(pd.unique(positions["period"]))
    first = positions[positions["period"] == labels[0]].set_index(FIRM_ID)
    last = positions[positions["period"] == labels[-1]].set_index(FIRM_ID)
    both = first[["name", "role", "rank", "partners", "strength"]].merge(
        last[["rank", "partners", "strength"]], left_index=True, right_index=True,
        suffixes=("_first", "_last"))
    both["rank_change"] = both["rank_first"] - both["rank_last"]
    both["_abs"] = both["rank_change"].abs()
    both = both.reset_index().sort_values(["_abs", FIRM_ID], ascending=[False, True])
    cols = ["name", "role", "rank_first", "rank_last", "rank_change", "partners_first",
            "partners_last", "strength_first", "strength_last"]
    return both.set_index(FIRM_ID)[cols].head(int(top))


def _firm_info(positions: pd.DataFrame) -> pd.DataFrame:
    if positions is None or not len(positions):
        return pd.DataFrame(columns=["name", "role"])
    return positions.drop_duplicates(FIRM_ID, keep="last").set_index(FIRM_ID)[["name", "role"]]


def _churn_tables(ev, labels, limit: int) -> dict:
    """Entries/exits per period (counts) and the firms that entered or exited."""
    fc = ev.firm_changes
    counts = pd.crosstab(fc["period"], fc["change"]) if len(fc) else pd.DataFrame()
    present = ev.positions.groupby("period").size() if len(ev.positions) else pd.Series(dtype=int)
    per = pd.DataFrame({"present": present.reindex(labels).fillna(0).astype(int),
                        "entered": (counts.get("entered", pd.Series(dtype=int))
                                    .reindex(labels).fillna(0).astype(int)),
                        "exited": (counts.get("exited", pd.Series(dtype=int))
                                   .reindex(labels).fillna(0).astype(int))}, index=labels)
    info = _firm_info(ev.positions)
    firms = fc.join(info, on=FIRM_ID) if len(fc) else fc.assign(name=[], role=[])
    return {
        "counts": table(per, [("index", _("period"), "text"), ("present", _("firms present"), "int"),
                              ("entered", _("entered"), "int"), ("exited", _("exited"), "int")],
                        table_id="table-evolution-churn"),
        "firms": table(_words(firms, "change"), [
            ("period", _("period"), "text"), (FIRM_ID, _("firm id"), "text"),
            ("name", _("name"), "wide"), ("role", _("role"), "role"), ("change", _("change"), "text")],
                       table_id="table-evolution-firms", limit=limit),
        "n_entered": int(per["entered"].sum()), "n_exited": int(per["exited"].sum()),
    }


def _community_tables(ev) -> dict:
    ct = ev.community_tracks
    events = ct[ct["event"] != "continuation"]
    return {
        "events": table(_words(events, "event"), [
            ("period", _("period"), "text"), ("track", _("track"), "int"),
            ("community", _("community"), "text"), ("event", _("event"), "text"),
            ("size", _("firms"), "int"), ("jaccard", "Jaccard", "num")],
                        table_id="table-evolution-events", limit=200),
        "agreement": table(ev.agreement, [("period", _("period"), "text"),
                                          ("nmi", "NMI", "num"), ("ari", "ARI", "num"),
                                          ("n_firms", _("firms"), "int")],
                           table_id="table-evolution-agreement"),
        "n_tracks": int(ct["track"].nunique()) if len(ct) else 0,
    }


def _movers(ev, top: int) -> dict:
    t = position_changes(ev.positions, top=top) if len(ev.positions) else pd.DataFrame()
    if not len(t):
        return table(pd.DataFrame(), [], table_id="table-evolution-movers")
    return table(t, [("index", _("firm id"), "text"), ("name", _("name"), "wide"),
                     ("role", _("role"), "role"), ("rank_first", _("rank, first"), "int"),
                     ("rank_last", _("rank, last"), "int"),
                     ("rank_change", _("places gained"), "delta"),
                     ("partners_first", _("partners, first"), "int"),
                     ("partners_last", _("partners, last"), "int")],
                 table_id="table-evolution-movers")


def _notes(ev) -> list:
    p = ev.params
    notes = [_("Communities: multiplex Leiden per period, matched into tracks by Jaccard "
               "similarity >= {threshold} (Greene et al. 2010; communities of fewer than "
               "{min_size} firms not tracked); compared with the multislice partition (Mucha "
               "et al. 2010, interslice coupling omega = {omega}) by NMI and ARI.").format(
                 threshold=f"{p.get('threshold', 0.3):g}", min_size=p.get("min_size", 3),
                 omega=f"{p.get('omega', 1.0):g}"),
             _("Robustness R: {runs} random-removal runs per period; z-scores against "
               "{null_runs} null webs per period.").format(runs=p.get("runs", "?"),
                                                           null_runs=p.get("null_runs", "?"))]
    if p.get("channels"):
        notes.append(_("Export channels: the channel indicators of each period, with that "
                       "period's SMEs as denominator."))
    notes.append(_undated_note(ev.undated))
    return notes


def _undated_note(undated) -> str:
    """The sentence on undated links (:func:`netclust.temporal.periods.undated_message`)."""
    from netclust.temporal.periods import undated_message

    return undated_message(undated, stop=True) or _("Every link record is dated.")


#: Words of the evolution tables, translated where shown.
_WORDS = {"entered": N_("entered"), "exited": N_("exited"), "birth": N_("birth"),
          "death": N_("death"), "growth": N_("growth"), "contraction": N_("contraction"),
          "merge": N_("merge"), "split": N_("split"), "continuation": N_("continuation")}


def _words(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """``df`` with the words of ``column`` translated (other values kept)."""
    if not len(df) or column not in df.columns:
        return df
    return df.assign(**{column: [_(_WORDS[v]) if v in _WORDS else v for v in df[column]]})


def _n_firms(n) -> str:
    return ngettext("%(n)s firm", "%(n)s firms", int(n)) % {"n": f"{int(n):,}"}


def evolution_context(evolution, *, top: int = 15, limit: int = 200) -> dict | None:
    """Template data of the Evolution section (None when there are fewer than two periods).

    Parameters
    ----------
    evolution : Evolution
        From :func:`netclust.temporal.evolve`.
    top : int, default 15
        Firms listed in the table of position changes.
    limit : int, default 200
        Rows shown of the table of entering and exiting firms (the total is stated).

    Returns
    -------
    dict or None
        ``periods``, ``cards``, ``trends`` / ``alluvial`` (``{"svg", "caption"}``),
        ``churn`` (``counts``, ``firms`` tables), ``movers``, ``events``,
        ``agreement`` (tables), ``notes`` (list of str). Text is escaped by the
        template (autoescape); the SVGs escape their own labels.

    Examples
    --------
    >>> from netclust.temporal import evolve
    >>> from netclust.report.evolution import evolution_context
    >>> net = nc.datasets.toy()
    >>> ev = evolve({"2021": net, "2022": net.remove_firms(["S3"])}, runs=2, symbiosis=False)
    >>> ctx = evolution_context(ev)
    >>> ctx["periods"], ctx["cards"][2]
    (['2021', '2022'], {'label': 'entries / exits', 'value': '0 / 1'})
    >>> evolution_context(evolve({"2021": net}, runs=2, symbiosis=False)) is None
    True
    """
    from netclust.viz.figures import svg

    labels = [str(p) for p in evolution.windows["period"]]
    if len(labels) < 2:
        return None
    churn = _churn_tables(evolution, labels, limit)
    comm = _community_tables(evolution)
    firms = _series(evolution.periods, labels, "firms", "")
    cards = [{"label": _("periods"), "value": f"{labels[0]} – {labels[-1]} ({len(labels)})"},
             {"label": _("firms {first} → {last}").format(first=labels[0], last=labels[-1]),
              "value": f"{firms[0]:,.0f} → {firms[-1]:,.0f}"},
             {"label": _("entries / exits"),
              "value": f"{churn['n_entered']:,} / {churn['n_exited']:,}"},
             {"label": _("community tracks"), "value": f"{comm['n_tracks']:,}"}]
    if len(evolution.agreement):
        cards.append({"label": _("tracking vs multislice (mean NMI)"),
                      "value": f"{float(evolution.agreement['nmi'].mean()):.2f}"})
    has_tracks = len(evolution.communities) and evolution.communities["track"].notna().any()
    return {
        "periods": labels, "cards": cards,
        "trends": {"svg": svg(trend_figure(evolution.periods)),
                   "caption": _("Headline indicators per period. Shaded: the 5–95 % band of "
                                "random removals (robustness R) or the null model's 95 % band "
                                "(z-scores, |z| ≤ 1.96).")},
        "alluvial": ({"svg": alluvial_svg(evolution.communities, tracks=evolution.community_tracks),
                      "caption": _("Community tracks (T = track id, firms in brackets) across "
                                   "periods; bands are firms staying from one track to the next. "
                                   "Tracks born, split or merged in a period are always drawn; "
                                   "other small or untracked communities are pooled as \"other\".")}
                     if has_tracks else None),
        "churn": {"counts": churn["counts"], "firms": churn["firms"]},
        "movers": _movers(evolution, top), "events": comm["events"],
        "agreement": comm["agreement"], "notes": _notes(evolution),
    }
