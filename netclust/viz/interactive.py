"""Interactive network map: vis-network in one self-contained, offline HTML page.

:func:`map_payload` turns a network into plain arrays (positions, colours, sizes,
links by layer, communities) and :func:`network_map` wraps them in a
:class:`NetworkMap` that renders through netclust's own autoescaped jinja2
template with vis-network (from the installed ``pyvis`` package) inlined.

What the reader gets
--------------------
* firms coloured by role, community or any firm column; sized by any metric
  (aggregate strength by default) or numeric column;
* links coloured by layer with one check box per layer; arrows on directed layers
  when a view shows at most 3,000 links;
* a tooltip built from text nodes (never HTML), a search box (firm name or id),
  a legend;
* scale: positions are computed in Python (igraph) so the browser never runs a
  physics simulation above 1,000 firms; above 5,000 firms the map opens on the
  *community map* (one bubble per community, sized by its firms, with links
  weighted by the number of links between communities) plus the backbone of
  anchors and top firms; clicking a bubble opens that community's firms.

Why not ``pyvis.Network.from_nx`` / ``write_html``: ``from_nx`` and ``add_edge``
check duplicates by scanning lists (quadratic: ~550 s at 25k firms),
``write_html`` copies a ``lib/`` folder into the working directory and its
inline mode still loads CSS from a CDN. pyvis here supplies the vis-network
library files and the options object; node and link arrays are filled directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from netclust._check import choice, non_negative_int, positive_int, str_list
from netclust.errors import InputError
from netclust.html import FONT_STACK, fmt_number, iframe, render_map_page
from netclust.i18n import N_, gettext as _
from netclust.schema import AGGREGATE, ROLES
from netclust.viz.figures import role_label

__all__ = ["NetworkMap", "network_map", "map_payload", "ROLE_COLORS", "LAYER_COLORS",
           "FIRM_VIEW_MAX", "PHYSICS_MAX", "MAP_LINKS_MAX", "SIZE_METRICS", "MEASURE_LABELS",
           "measure_label"]

#: Above this many firms the map opens on the community map.
FIRM_VIEW_MAX = 5_000
#: Up to this many firms the browser may run a short physics simulation.
PHYSICS_MAX = 1_000
#: Firm-level links a map page carries at most (see ``_capped_links``).
MAP_LINKS_MAX = 1_000_000
#: Colours of the default roles (colour-blind-friendly, distinct from the layer colours).
ROLE_COLORS = {
    "anchor": "#c0392b", "sme": "#2e86c1", "supplier": "#8d6e63", "designer": "#d35fb7",
    "logistics": "#e67e22", "trade_service": "#7d3c98", "platform": "#17a2b8",
    "other": "#95a5a6",
}
#: Link colours, one per layer in declaration order (cycled).
LAYER_COLORS = ("#3b6fb6", "#2a9d4b", "#e0861a", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d")
#: Categorical palette for communities and other columns (cycled).
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#8c6d31",
           "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1")
#: Metrics ``size_by`` understands by name (aggregate layer, or per-firm multiplex).
SIZE_METRICS = ("degree", "strength", "pagerank", "betweenness", "harmonic_closeness",
                "eigenvector", "coreness", "overlapping_degree", "overlapping_strength",
                "participation_coefficient", "versatility")
_MIN_SIZE, _MAX_SIZE = 4.0, 26.0
#: Readable names of netclust's own measures and columns a map is coloured or sized by
#: (translated where shown; the user's own columns are shown as written).
MEASURE_LABELS = {"role": N_("role"), "community": N_("community"), "degree": N_("degree"),
                  "strength": N_("strength"), "pagerank": N_("PageRank"),
                  "betweenness": N_("betweenness"), "versatility": N_("versatility"),
                  "harmonic_closeness": N_("harmonic closeness"),
                  "eigenvector": N_("eigenvector centrality"), "coreness": N_("coreness"),
                  "overlapping_degree": N_("overlapping degree"),
                  "overlapping_strength": N_("overlapping strength"),
                  "participation_coefficient": N_("participation coefficient")}


def measure_label(name) -> str:
    """The legend name of what a map is coloured or sized by, in the current language.

    Examples
    --------
    >>> from netclust.viz.interactive import measure_label
    >>> from netclust.i18n import language
    >>> measure_label("pagerank"), measure_label("销售额")
    ('PageRank', '销售额')
    >>> with language("zh"):
    ...     measure_label("role"), measure_label("strength")
    ('角色', '强度')
    """
    name = str(name)
    return _(MEASURE_LABELS[name]) if name in MEASURE_LABELS else name
#: In the community map, each community keeps links to its strongest partners only.
_COMMUNITY_PARTNERS = 3
#: Columns never shown in tooltips (positions).
_HIDDEN_COLUMNS = ("lon", "lat")


@dataclass
class NetworkMap:
    """A network map ready to render: plain data plus page settings.

    Attributes
    ----------
    payload : dict
        Everything the browser needs (see :func:`map_payload`).
    title : str
        Page title.
    height : int
        Canvas height in pixels.

    Examples
    --------
    >>> m = nc.viz.network_map(nc.datasets.toy())
    >>> m.n_firms, m.view, "狮岭箱包 Three" in m.to_html()
    (9, 'firms', True)
    """

    payload: dict
    title: str = "Network map"
    height: int = 720
    extra: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"<NetworkMap: {self.n_firms:,} firms, {len(self.payload['links']['s']):,} links, "
                f"{self.view} view, layout {self.payload['layout']}>")

    @property
    def n_firms(self) -> int:
        """Number of firms in the map."""
        return len(self.payload["firms"]["id"])

    @property
    def view(self) -> str:
        """Opening view: ``'firms'`` or ``'communities'``."""
        return self.payload["view"]

    def context(self, map_id: str = "nc-map") -> dict:
        """Template context of the map partial (``_map.html``)."""
        return {"map_id": map_id, "map": self.payload, "height": int(self.height),
                "legend": _legend(self.payload)}

    def to_html(self) -> str:
        """The standalone page (UTF-8 text, no network requests)."""
        return render_map_page({"title": self.title, **self.context()})

    def to_file(self, path, *, protect=()):
        """Write the page to ``path`` atomically and return the path."""
        from netclust.io.output import write_text

        return write_text(path, self.to_html(), protect=protect)

    def _repr_html_(self) -> str:
        return iframe(self.to_html(), height=self.height + 80)


def network_map(net, *, color_by="role", size_by="strength", membership=None, size_values=None,
                layers=None, layout="auto", view="auto", seed=0, title: str | None = None,
                physics=None, top_firms: int = 150, height: int = 720,
                communities=None) -> NetworkMap:
    """Interactive map of a multilayer network (vis-network, offline, self-contained).

    The map draws what it is given: the community of each firm (``membership``) and
    the values behind the node sizes (``size_values``). When they are not given they
    come from :class:`netclust.analysis.Analysis` with the same ``seed`` (its
    communities and its firm measures), so the CLI map, the report's map and a
    notebook map show the same partition and the same sizes for the same data.

    Parameters
    ----------
    net : MultilayerNetwork
        The network.
    color_by : str or pandas.Series, default "role"
        ``"role"``, ``"community"``, any firms column (categories; numbers are cut into
        five quantile classes) or a Series indexed by ``firm_id``.
    size_by : str, pandas.Series or None, default "strength"
        Label of the size values: a metric from :data:`SIZE_METRICS` (aggregate layer
        or per-firm multiplex), a numeric firms column (``"employees"``), a Series
        indexed by ``firm_id`` (any metric you computed), or None for equal sizes.
        Size grows with the square root.
    membership : pandas.Series, CommunityResult or array, optional
        Community of each firm (a Series keyed by ``firm_id``, a
        :class:`~netclust.metrics.community.CommunityResult`, or one label per firm in
        ``net.firm_ids`` order). Default: ``Analysis(net, seed=seed).communities``.
    size_values : pandas.Series, optional
        Values of the ``size_by`` metric, keyed by ``firm_id``. Default, for a
        ``size_by`` of :data:`SIZE_METRICS`: the analysis' firm measures (aggregate
        column, or the multiplex column of per-firm multiplex measures).
    layers : list of str, optional
        Layers drawn (default: all); each gets a toggle.
    layout : {"auto", "force", "community", "geo"}, default "auto"
        ``"force"``: Fruchterman-Reingold on the aggregate graph; ``"community"``:
        communities as discs, each laid out on its own; ``"geo"``: firms at their
        ``lon``/``lat``. ``"auto"``: force up to 1,000 firms, else community (a
        force layout of thousands of firms is a hairball; discs show the structure).
    view : {"auto", "firms", "communities"}, default "auto"
        Opening view; ``"auto"``: firms up to 5,000 firms, else the community map.
    seed : int, numpy.random.Generator or None, default 0
        Seed of the layout and of the default analysis.
    title : str, optional
        Page title (default: ``"Network map — N firms"``, in the current language).
    physics : bool, optional
        Let the browser relax the layout; default only up to 1,000 firms.
    top_firms : int, default 150
        Backbone of the community map: anchors and the top firms by ``size_by``
        (at most this many of each).
    height : int, default 720
        Canvas height in pixels.
    communities : pandas.Series or CommunityResult, optional
        Former name of ``membership``, still accepted.

    Returns
    -------
    NetworkMap
        ``.to_html()`` gives the page; ``.to_file(path)`` writes it; notebooks
        display it inline.

    Raises
    ------
    InputError
        Unknown column, metric, layer, layout or view; ``layout="geo"`` without
        coordinates; a membership or size Series missing firms.

    See Also
    --------
    map_payload : the data behind the map.
    netclust.viz.layout.community_layout, netclust.viz.geo.geo_positions

    Notes
    -----
    Node size :math:`s_i = 4 + 22\\sqrt{(v_i - v_{min})/(v_{max} - v_{min})}` pixels
    for metric value :math:`v_i`. Link width
    :math:`1 + \\min(3, \\log_{10}(1 + w/\\tilde w))` with :math:`\\tilde w` the
    median weight of the layer. Community bubbles: radius = 75th percentile of the
    members' distance to their mean position; links between bubbles count links
    between the communities, per layer (each community keeps its three strongest
    partner communities, so the overview stays readable).

    Examples
    --------
    >>> m = nc.viz.network_map(nc.datasets.toy(), color_by="community", size_by="pagerank")
    >>> len(m.payload["links"]["s"]), [l["name"] for l in m.payload["layers"]]
    (13, ['procurement', 'design_sharing', 'logistics'])
    """
    payload = map_payload(net, color_by=color_by, size_by=size_by, membership=membership,
                          size_values=size_values, layers=layers, layout=layout, view=view,
                          seed=seed, physics=physics, top_firms=top_firms, communities=communities)
    if title is None:
        title = _("Network map — {n} firms").format(n=f"{net.n_firms:,}")
    payload["title"] = str(title)
    return NetworkMap(payload=payload, title=str(title), height=positive_int(height, "height"))


# ---------------------------------------------------------------------------- payload
def map_payload(net, *, color_by="role", size_by="strength", membership=None, size_values=None,
                layers=None, layout="auto", view="auto", seed=0, physics=None,
                top_firms: int = 150, communities=None) -> dict:
    """Plain data of a network map (what the page's JavaScript reads).

    Parameters
    ----------
    net, color_by, size_by, membership, size_values, layers, layout, view, seed, physics,
    top_firms, communities
        As in :func:`network_map`.

    Returns
    -------
    dict
        ``view`` (``firms``/``communities``), ``layout``, ``colorBy``, ``sizeBy``,
        ``layers`` (name, color, directed, links), ``groups`` (legend: label, color,
        count), ``firms`` (columnar: ``id, name, g`` group, ``c`` community, ``x, y``,
        ``s`` size, ``lab`` label flag, tooltip ``attrs``), ``links`` (``s, t, l``
        layer index, ``w`` width), ``communities`` (``size, x, y, r, color, anchors``)
        and ``communityLinks`` (``s, t, l, n``), ``backbone`` (firm indices),
        ``options`` (vis-network options), ``notes``.

    Raises
    ------
    InputError
        See :func:`network_map`.

    Examples
    --------
    >>> from netclust.viz.interactive import map_payload
    >>> toy = nc.datasets.toy()
    >>> p = map_payload(toy, size_by=None, membership=pd.Series(0, index=toy.firm_ids))
    >>> p["view"], p["firms"]["name"][4], sorted(set(p["firms"]["s"])), set(p["firms"]["c"])
    ('firms', '狮岭箱包 Three', [8.0], {0})
    """
    from netclust._random import make_rng

    names = _check_options(net, layers=layers, layout=layout, view=view, top_firms=top_firms)
    if membership is None:
        membership = communities
    membership, size_values = _given_or_analysed(net, membership, size_by, size_values, seed)
    n = net.n_firms
    codes = _membership_codes(net, membership)
    view = ("firms" if n <= FIRM_VIEW_MAX else "communities") if view == "auto" else view
    layout = ("force" if n <= PHYSICS_MAX else "community") if layout == "auto" else layout
    graph = net.to_igraph(AGGREGATE)
    xy, notes = _positions(net.firms, graph, layout, codes, make_rng(seed))
    groups, group_idx, color_label = _colors(net, color_by, codes)
    size, size_label, size_text = _sizes(net, size_by, size_values)
    if physics is None:
        physics = n <= PHYSICS_MAX and layout != "geo"
    links = _drawn_links(net, names)
    roles = net.firms["role"].astype(str).to_numpy()
    comm_block, comm_links, backbone = _community_blocks(
        graph, codes, xy, links, size, roles, top_firms, color_by)
    if view == "communities":
        notes.insert(0, _("{n} firms are too many to draw at once: the map opens on {k} communities "
                          "(bubbles sized by firms) and {b} key firms (anchors and top firms by "
                          "{size}). Click a bubble to open its firms; search finds any firm.").format(
            n=f"{n:,}", k=f"{len(comm_block['size']):,}", b=f"{len(backbone):,}",
            size=measure_label(size_label)))
    firms = {**_firm_arrays(net.firms, codes, group_idx, xy, size, roles),
             "attrs": _tooltip_attrs(net.firms, codes, size_label, size_text)}
    drawn, cap_note = _capped_links(links, codes, MAP_LINKS_MAX)
    if cap_note:
        notes.append(cap_note)
    return {
        "version": 1, "view": view, "layout": layout, "colorBy": color_label,
        "sizeBy": size_label, "physics": bool(physics), "layers": _layer_info(net, names, links),
        "groups": groups, "firms": firms,
        "links": {"s": drawn["src"].tolist(), "t": drawn["dst"].tolist(),
                  "l": drawn["layer"].tolist(), "w": np.round(drawn["width"], 2).tolist()},
        "communities": comm_block, "communityLinks": comm_links, "backbone": backbone,
        "options": _vis_options(physics=bool(physics), n=n), "notes": notes,
    }


def _check_options(net, *, layers, layout, view, top_firms) -> list:
    """Validate the map options; return the names of the layers drawn."""
    choice(layout, "layout", ("auto", "force", "community", "geo"))
    choice(view, "view", ("auto", "firms", "communities"))
    non_negative_int(top_firms, "top_firms")
    names = net.layer_names if layers is None else str_list(layers, "layers")
    for name in names:
        net.layer_spec(name)  # InputError for unknown layers
    if not names:
        raise InputError("layers is empty: name at least one layer to draw")
    return names


def _given_or_analysed(net, membership, size_by, size_values, seed):
    """The map's inputs as given, the missing ones read from ``Analysis(net, seed=seed)``.

    Nothing is computed here that an analysis of the same network and seed would not
    compute the same way: the map never runs its own community search or centrality.
    """
    if isinstance(size_by, pd.Series):
        size_by, size_values = None, size_by if size_values is None else size_values
    wants_metric = size_values is None and isinstance(size_by, str) and size_by in SIZE_METRICS
    if (membership is not None and not wants_metric) or net.n_firms == 0:
        return membership, size_values
    from netclust.analysis import Analysis

    # only the measure drawn is computed: the same values as in a full analysis
    analysis = Analysis(net, seed=seed, **({"metrics": [size_by]} if wants_metric else {}))
    if membership is None:
        membership = analysis.communities.membership
    if wants_metric:
        size_values = analysis.size_values(size_by)
    return membership, size_values


def _membership_codes(net, membership) -> np.ndarray:
    """Community codes 0..K-1 aligned with the firms, largest community first."""
    if membership is None:  # only for a network without firms
        return np.zeros(0, dtype=np.int64)
    if hasattr(membership, "membership"):
        membership = membership.membership
    if isinstance(membership, pd.Series):
        s = membership.reindex(net.firm_ids)
        if s.isna().any():
            missing = net.firm_ids[s.isna().to_numpy()]
            raise InputError(f"membership lacks {len(missing)} firm(s), e.g. {list(missing[:3])}")
        values = s.to_numpy()
    else:
        values = np.asarray(membership)
        if values.shape != (net.n_firms,):
            raise InputError(f"membership needs one label per firm ({net.n_firms}), got shape "
                             f"{values.shape}")
    codes, uniq = pd.factorize(values, sort=False)
    # relabel by decreasing size so community 0 is the largest (stable for ties)
    sizes = np.bincount(codes, minlength=len(uniq))
    order = np.lexsort((np.arange(len(sizes)), -sizes))
    new = np.empty_like(order)
    new[order] = np.arange(len(order))
    return new[codes].astype(np.int64)


def _positions(firms, graph, layout, codes, rng):
    """Firm positions (n × 2) for the layout, and notes for the reader."""
    if layout == "geo":
        from netclust.viz.geo import geo_positions

        xy, located = geo_positions(firms)
        missing = int((~located).sum())
        notes = [f"{missing:,} firms without coordinates are drawn in rows below the map."] \
            if missing else []
        return xy, notes
    if layout == "community":
        from netclust.viz.layout import community_layout

        return community_layout(graph, codes, seed=rng), []
    from netclust.viz.layout import force_layout

    return force_layout(graph, seed=rng), []


def _drawn_links(net, names) -> dict:
    """Links of the drawn layers: ``src, dst, layer`` (index into names), ``width``.

    Periods are collapsed: one drawn link per (source, target, layer).
    """
    lk = net.links
    drawn = np.array([names.index(x) if x in names else -1 for x in net.layer_names], dtype=np.int64)
    layer_idx = drawn[net.layer_codes] if len(lk) else np.zeros(0, dtype=np.int64)
    keep = layer_idx >= 0
    src, dst = lk["src"].to_numpy()[keep], lk["dst"].to_numpy()[keep]
    lidx = layer_idx[keep]
    w = lk["weight"].to_numpy(dtype=float)[keep]
    med = np.ones(len(names))
    for i in np.unique(lidx):  # one median per layer (a handful of layers)
        med[i] = np.median(w[lidx == i])
    width = 1.0 + np.minimum(3.0, np.log10(1.0 + w / med[lidx])) if len(w) else w
    if "period" in lk.columns and len(src):
        n = net.n_firms
        _, first = np.unique((lidx.astype(np.int64) * n + src) * n + dst, return_index=True)
        src, dst, lidx, width = src[first], dst[first], lidx[first], width[first]
    return {"src": src, "dst": dst, "layer": lidx, "width": width}


def _capped_links(links: dict, codes: np.ndarray, limit: int) -> tuple[dict, str | None]:
    """At most ``limit`` firm-level links for the page: inside communities, strongest first.

    Above ``limit`` links a page of every link is hundreds of MB that no browser draws
    (1,000,000 firms: 6,000,000 links, a 258 MB report). The community bubbles and the
    links between them still count every link; a community opened on the map shows its
    strongest inside links, each community a share of ``limit`` proportional to its
    firms (at least 50). Ties keep the input order.
    """
    if len(links["src"]) <= limit:
        return links, None
    comm = codes[links["src"]]
    inside = np.flatnonzero(comm == codes[links["dst"]])
    comm = comm[inside]
    order = np.lexsort((-links["width"][inside], comm))  # by community, strongest first
    inside, comm = inside[order], comm[order]
    starts = np.flatnonzero(np.r_[True, comm[1:] != comm[:-1]])
    rank = np.arange(len(inside)) - np.repeat(starts, np.diff(np.r_[starts, len(inside)]))
    members = np.bincount(codes, minlength=int(codes.max()) + 1)
    quota = np.maximum(50, (limit * members / len(codes)).astype(np.int64))
    keep = np.sort(inside[rank < quota[comm]])
    note = _("The map draws {kept} of the {total} links between firms: the strongest inside each "
             "community (a share proportional to its firms); the links between communities are "
             "counted in full on the community map.").format(kept=f"{len(keep):,}",
                                                             total=f"{len(links['src']):,}")
    return {k: v[keep] for k, v in links.items()}, note


def _layer_info(net, names, links) -> list:
    counts = np.bincount(links["layer"], minlength=len(names))
    return [{"name": name, "color": LAYER_COLORS[i % len(LAYER_COLORS)],
             "directed": bool(net.layer_spec(name).directed), "links": int(counts[i]),
             "description": net.layer_spec(name).description} for i, name in enumerate(names)]


def _firm_arrays(firms, codes, group_idx, xy, size, roles) -> dict:
    """Columnar firm data; labels shown for small maps, else for anchors and top firms."""
    n = len(firms)
    label_flag = np.zeros(n, dtype=bool)
    if n <= 60:
        label_flag[:] = True
    else:
        label_flag[np.argsort(-size, kind="stable")[: max(10, n // 100)]] = True
        label_flag[roles == "anchor"] = True
    return {"id": firms.index.astype(str).tolist(), "name": firms["name"].astype(str).tolist(),
            "g": group_idx.tolist(), "c": codes.tolist(),
            "x": np.round(xy[:, 0], 1).tolist(), "y": np.round(xy[:, 1], 1).tolist(),
            "s": np.round(size, 1).tolist(), "lab": np.flatnonzero(label_flag).tolist()}


def _colors(net, color_by, codes):
    """Legend groups, the group index of every firm, and the legend title."""
    if isinstance(color_by, pd.Series):
        values, label = color_by.reindex(net.firm_ids), str(color_by.name or "value")
    elif color_by == "community":
        return _community_colors(codes)
    elif isinstance(color_by, str):
        if color_by not in net.firms.columns:
            raise InputError(f"color_by: no firms column {color_by!r}; use 'role', 'community' or "
                             f"one of {', '.join(map(str, net.firms.columns))}")
        values, label = net.firms[color_by], color_by
    else:
        raise InputError(f"color_by must be a column name, 'community' or a Series, not {color_by!r}")
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values) \
            and values.nunique() > 12:
        return (*_quantile_colors(values), label)
    return (*_category_colors(values, label), label)


def _community_colors(codes):
    k = int(codes.max()) + 1 if len(codes) else 0
    sizes = np.bincount(codes, minlength=k)
    shown = min(k, len(PALETTE))
    groups = [{"label": _("Community {c}").format(c=c), "color": PALETTE[c], "count": int(sizes[c])}
              for c in range(shown)]
    if k > shown:
        groups.append({"label": _("{n} smaller communities").format(n=f"{k - shown:,}"), "color": "#b0b7bf",
                       "count": int(sizes[shown:].sum())})
    return groups, np.minimum(codes, shown).astype(np.int64), "community"


def _quantile_colors(values):
    """Five quantile classes of a numeric column (plus "missing")."""
    num = pd.to_numeric(values, errors="coerce")
    bins = pd.qcut(num.rank(method="first"), 5, labels=False)
    edges = num.quantile([0, 0.2, 0.4, 0.6, 0.8, 1.0]).to_numpy()
    seq = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
    groups = [{"label": f"{fmt_number(float(edges[i]))} – {fmt_number(float(edges[i + 1]))}",
               "color": seq[i], "count": int((bins == i).sum())} for i in range(5)]
    idx = bins.fillna(5).to_numpy(dtype=np.int64)
    if (idx == 5).any():
        groups.append({"label": _("missing"), "color": "#d9d9d9", "count": int((idx == 5).sum())})
    return groups, idx


def _category_colors(values, label):
    """Up to 12 categories (roles in their fixed order and colours), the rest grouped."""
    text = values.astype(object).where(values.notna(), "missing").astype(str)
    counts = text.value_counts(sort=False)
    if label == "role":
        order = [r for r in ROLES if r in counts.index] + sorted(set(counts.index) - set(ROLES))
    else:
        order = counts.sort_values(ascending=False, kind="stable").index.tolist()
    shown = order[:12]
    groups = [{"label": role_label(cat) if label == "role" else cat, "color": (ROLE_COLORS.get(cat) if label == "role" else None)
               or PALETTE[j % len(PALETTE)], "count": int(counts[cat])}
              for j, cat in enumerate(shown)]
    index = {cat: j for j, cat in enumerate(shown)}
    idx = text.map(lambda v: index.get(v, len(shown))).to_numpy(dtype=np.int64)
    if len(order) > len(shown):
        groups.append({"label": _("{n} other values").format(n=len(order) - len(shown)), "color": "#b0b7bf",
                       "count": int((idx == len(shown)).sum())})
    return groups, idx


def _sizes(net, size_by, size_values):
    """Node sizes in pixels, the size label and the values as tooltip text."""
    n = net.n_firms
    if isinstance(size_by, pd.Series):
        size_by, size_values = None, size_by if size_values is None else size_values
    if size_values is not None:
        if not isinstance(size_values, pd.Series):
            raise InputError(f"size_values must be a pandas Series keyed by firm_id, not "
                             f"{type(size_values).__name__}")
        values = pd.to_numeric(size_values.reindex(net.firm_ids), errors="coerce")
        label = str(size_by if isinstance(size_by, str) else (size_values.name or "value"))
    elif size_by is None or n == 0:
        return np.full(n, 8.0), "" if size_by is None else str(size_by), None
    elif isinstance(size_by, str) and size_by in net.firms.columns:
        values, label = pd.to_numeric(net.firms[size_by], errors="coerce"), size_by
    else:
        raise InputError(f"size_by: {size_by!r} is neither a metric ({', '.join(SIZE_METRICS)}) "
                         "nor a numeric firms column")
    v = values.to_numpy(dtype=float)
    finite = np.isfinite(v)
    text = [fmt_number(x) for x in v.tolist()]
    if not finite.any():
        return np.full(n, 8.0), label, text
    lo, hi = np.min(v[finite]), np.max(v[finite])
    scaled = np.where(finite, (v - lo) / (hi - lo), 0.0) if hi > lo else np.where(finite, 0.5, 0.0)
    return _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * np.sqrt(np.clip(scaled, 0, 1)), label, text


def _tooltip_attrs(firms: pd.DataFrame, membership, size_label, size_text) -> dict:
    """Tooltip rows: {"keys": [...], "values": [[...], ...]} (text only)."""
    roles = firms["role"].astype(str)
    labels = {r: role_label(r) for r in roles.unique()}
    keys, cols = [_("role")], [roles.map(labels).tolist()]
    keys.append(_("community"))
    cols.append([str(c) for c in membership.tolist()])
    shown = {"role", "community"}
    if size_label and size_text is not None:
        keys.append(measure_label(size_label))
        cols.append(size_text)
        shown.add(size_label)
    skip = {"name", *_HIDDEN_COLUMNS} | shown
    for col in firms.columns:
        if col in skip or len(keys) >= 9:
            continue
        s = firms[col]
        if pd.api.types.is_bool_dtype(s):
            text = s.map({True: _("yes"), False: _("no")}).astype(object)
        elif pd.api.types.is_float_dtype(s) and (s.dropna() % 1 == 0).all():
            text = s.astype("Int64").astype(object)
        else:
            text = s.astype(object)
        text = text.where(s.notna(), "").astype(str)
        keys.append(str(col))
        cols.append(text.tolist())
    return {"keys": keys, "values": cols}


def _community_blocks(graph, codes, xy, links, size, roles, top_firms, color_by):
    """Bubbles, links between bubbles (per layer) and the backbone of key firms."""
    from netclust.viz.layout import community_summary

    if len(codes) == 0:
        empty = {"size": [], "x": [], "y": [], "r": [], "color": [], "anchors": []}
        return empty, {"s": [], "t": [], "l": [], "n": []}, []
    nodes, _ = community_summary(graph, codes, xy)
    k = len(nodes)
    if color_by == "community":
        colors = [PALETTE[c] if c < len(PALETTE) else "#b0b7bf" for c in range(k)]
    else:
        colors = ["#5d7a99"] * k
    anchor = np.flatnonzero(roles == "anchor")
    anchor = anchor[np.lexsort((anchor, -size[anchor]))]  # by size, then firm order
    block = {"size": nodes["size"].tolist(), "x": np.round(nodes["x"], 1).tolist(),
             "y": np.round(nodes["y"], 1).tolist(), "r": np.round(nodes["radius"], 1).tolist(),
             "color": colors, "anchors": _top_anchors(codes, anchor, k)}
    order = np.lexsort((np.arange(len(codes)), -size))
    backbone = np.union1d(anchor[:top_firms], order[:top_firms]).astype(np.int64)
    return block, _community_links(codes, links, k), backbone.tolist()


def _top_anchors(codes, anchor, k, per_community: int = 3) -> list:
    """Firm indices of the (up to three) largest anchors of each community."""
    c = codes[anchor]
    order = np.argsort(c, kind="stable")  # anchors stay in size order within a community
    c_sorted = c[order]
    rank = np.arange(len(c_sorted)) - np.searchsorted(c_sorted, c_sorted, side="left")
    keep = order[rank < per_community]
    tops = [[] for _ in range(k)]
    for comm, firm in zip(c[keep].tolist(), anchor[keep].tolist()):  # ≤ 3 per community
        tops[comm].append(firm)
    return tops


def _community_links(codes, links, k) -> dict:
    """Links between communities per layer; each community keeps its strongest partners."""
    a, b = codes[links["src"]], codes[links["dst"]]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    inter = lo != hi
    key = (links["layer"][inter].astype(np.int64) * k + lo[inter]) * k + hi[inter]
    uniq, counts = np.unique(key, return_counts=True)
    cs, ct, cly = uniq // k % k, uniq % k, uniq // (k * k)
    # keep the strongest partners of each community (all pairs would be a hairball)
    pairs, inv = np.unique(cs * k + ct, return_inverse=True)
    total = np.bincount(inv, weights=counts, minlength=len(pairs))
    keep_pair = np.zeros(len(pairs), dtype=bool)
    for side in (pairs // k, pairs % k):
        order = np.lexsort((np.arange(len(pairs)), -total, side))
        rank = np.arange(len(order)) - np.searchsorted(side[order], side[order], side="left")
        keep_pair[order[rank < _COMMUNITY_PARTNERS]] = True
    kept = keep_pair[inv]
    return {"s": cs[kept].tolist(), "t": ct[kept].tolist(), "l": cly[kept].tolist(),
            "n": counts[kept].tolist()}


def _vis_options(*, physics: bool, n: int) -> dict:
    """vis-network options, built with pyvis's Options object and completed."""
    from pyvis.network import Network

    pv = Network(directed=False, cdn_resources="remote")  # no files, nothing printed
    pv.toggle_physics(physics)
    pv.toggle_stabilization(physics)
    pv.options.physics.stabilization.iterations = 150
    pv.options.edges.smooth.enabled = False
    pv.options.edges.color.inherit = False
    pv.options.interaction.hideEdgesOnDrag = n > 2000
    options = json.loads(pv.options.to_json())
    options.setdefault("physics", {}).update({"solver": "barnesHut", "barnesHut": {
        "gravitationalConstant": -3000, "springLength": 60, "damping": 0.4}})
    options["interaction"].update({"hover": True, "tooltipDelay": 120, "navigationButtons": False,
                                   "keyboard": False, "multiselect": False,
                                   "hideEdgesOnZoom": n > 2000})
    options["layout"] = {"improvedLayout": False, "randomSeed": 0}
    options["nodes"] = {"shape": "dot", "borderWidth": 1,
                        "font": {"size": 13, "face": FONT_STACK, "strokeWidth": 3,
                                 "strokeColor": "#ffffff"},
                        "scaling": {"label": {"drawThreshold": 7}}}
    options["edges"].update({"selectionWidth": 1.5, "hoverWidth": 0})
    return options


def _legend(payload: dict) -> dict:
    """Legend data for the template: netclust's measure names translated (:func:`measure_label`)."""
    return {"groups": payload["groups"], "layers": payload["layers"],
            "colorBy": measure_label(payload["colorBy"]),
            "sizeBy": measure_label(payload["sizeBy"]) if payload["sizeBy"] else "",
            "notes": payload["notes"]}
