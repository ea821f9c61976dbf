"""Ecological-symbiosis indicators of a cluster and the symbiosis scorecard.

The cluster is read as a set of mutualistic bipartite webs, one per pair of roles
(DESIGN.md §6): SMEs x anchors (subcontracting orders, overseas channels), SMEs x
suppliers (procurement), SMEs x designers (shared design resources), SMEs x
logistics providers. Each web is scored with ecology's indicators (nestedness,
connectance, specialisation, niche overlap, generality/vulnerability, dependence
asymmetry, modularity) against seeded null models, and the multilayer network with
cluster indicators (supplier redundancy, channel access, "one need, many
responders", multiplexity, reciprocity). :func:`symbiosis` returns everything as
tables; there is no composite index.

Web extraction rule: a web's cell (i, j) is the sum of the weights of all links
between row firm i and column firm j, in either direction, over the web's layers
(undirected views of directed layers). Firms of the two roles without any link in
the web are left out (ecological convention: a web lists the species observed
interacting); the share of row-role firms that are in the web is reported as
``coverage``. Layers a default web names but the network lacks are skipped (e.g.
``channel``); a web with none of its layers is omitted.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._progress import report
from netclust._random import make_rng
from netclust.metrics._views import LayerView, views
from netclust._check import positive_int
from netclust.metrics._web import as_web
from netclust.errors import InputError
from netclust.schema import AGGREGATE
from netclust.metrics import bipartite as bp
from netclust.metrics.overlap import multiplex_pair_share
from netclust.metrics.nestedness import (checkerboards_links, degree_classes, nodf_scale,
                                         nodf_sorted_sums, weight_ranks,
                                         nestedness_contribution)
from netclust.metrics.nullmodels import NULL_MODELS, null_links, summarise_null

__all__ = [
    "WebSpec",
    "DEFAULT_WEBS",
    "BipartiteWeb",
    "bipartite_web",
    "extract_webs",
    "supplier_redundancy",
    "channel_access",
    "responders_per_demand",
    "reciprocity",
    "symbiosis",
    "SymbiosisResult",
    "SCORECARD_COLUMNS",
    "web_scorecard",
]

SCORECARD_COLUMNS = ["web", "indicator", "value", "null_mean", "null_sd", "z", "p", "reading",
                     "source"]


# --------------------------------------------------------------------------- #
# Webs
# --------------------------------------------------------------------------- #


def _as_tuple(x) -> tuple:
    if x is None:
        return ()
    return (x,) if isinstance(x, str) else tuple(x)


@dataclass(frozen=True)
class WebSpec:
    """Which bipartite web to extract from a multilayer network.

    Parameters
    ----------
    name : str
        Web name used in the scorecard (``web`` column).
    rows : str or tuple of str
        Role(s) of the row firms (e.g. ``"sme"``).
    columns : str or tuple of str
        Role(s) of the column firms (e.g. ``"anchor"``).
    layers : str or tuple of str
        Layers whose links form the web (either direction).
    description : str
        Plain-language description.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import WebSpec
    >>> WebSpec("sme_anchor", "sme", "anchor", "procurement").layers
    ('procurement',)
    """

    name: str
    rows: tuple = ("sme",)
    columns: tuple = ("anchor",)
    layers: tuple = ("procurement",)
    description: str = ""

    def __post_init__(self):
        object.__setattr__(self, "rows", _as_tuple(self.rows))
        object.__setattr__(self, "columns", _as_tuple(self.columns))
        object.__setattr__(self, "layers", _as_tuple(self.layers))
        if not self.name or not self.rows or not self.columns or not self.layers:
            raise InputError(f"web spec needs a name, row roles, column roles and layers: {self}")


#: The four webs of DESIGN.md §6 (``channel`` is used when the network declares it).
DEFAULT_WEBS = (
    WebSpec("sme_anchor", "sme", "anchor", ("procurement", "channel"),
            "SMEs x anchors: subcontracting orders and overseas sales channels"),
    WebSpec("sme_supplier", "sme", "supplier", "procurement",
            "SMEs x suppliers: leather, hardware and accessories procurement"),
    WebSpec("sme_designer", "sme", "designer", "design_sharing",
            "SMEs x design studios: shared design resources"),
    WebSpec("sme_logistics", "sme", "logistics", "logistics",
            "SMEs x logistics providers: consolidated shipping"),
)


@dataclass(frozen=True)
class BipartiteWeb:
    """A bipartite web extracted from a network.

    Attributes
    ----------
    name : str
        Web name.
    matrix : scipy.sparse.csr_matrix
        Weights, rows x columns.
    rows, columns : pandas.Index
        firm_id of each row / column.
    spec : WebSpec
        How it was extracted (``layers`` lists the layers actually used).
    coverage : float
        Share of the network's row-role firms that are in the web.
    """

    name: str
    matrix: sp.csr_matrix = field(repr=False)
    rows: pd.Index = field(repr=False)
    columns: pd.Index = field(repr=False)
    spec: WebSpec = field(repr=False)
    coverage: float = float("nan")

    @property
    def shape(self) -> tuple:
        """``(rows, columns)``."""
        return self.matrix.shape

    def to_frame(self) -> pd.DataFrame:
        """Dense DataFrame (rows x columns, index/columns = firm_id); for small webs.

        Examples
        --------
        >>> from netclust.metrics.symbiosis import bipartite_web
        >>> bipartite_web(nc.datasets.toy(), "sme", "anchor", "procurement").to_frame()
        column_firm   A1   A2
        row_firm
        S1           8.0  0.0
        S2           4.0  2.0
        S3           0.0  6.0
        """
        df = pd.DataFrame(self.matrix.toarray(), index=self.rows, columns=self.columns)
        df.index.name = "row_firm"
        df.columns.name = "column_firm"
        return df


def _role_codes(net, roles: tuple) -> np.ndarray:
    role = net.firms["role"].astype(str).to_numpy()
    return np.flatnonzero(np.isin(role, list(roles)))


def bipartite_web(net, rows="sme", columns="anchor", layers="procurement", *, name=None,
                  weighted: bool = True, keep_isolated: bool = False) -> BipartiteWeb:
    """Extract the bipartite web between two role groups.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    rows, columns : str or list of str
        Roles of the row firms and of the column firms (must not overlap).
    layers : str or list of str
        Layers whose links (either direction) form the web; names the network lacks
        are skipped, but at least one must exist.
    name : str, optional
        Web name (default ``"<rows>_<columns>"``).
    weighted : bool, default True
        Cells = summed link weights; False gives 0/1 cells.
    keep_isolated : bool, default False
        Keep firms of the two roles that have no link in the web (empty rows /
        columns; they lower NODF and connectance).

    Returns
    -------
    BipartiteWeb

    Raises
    ------
    InputError
        Overlapping roles, or none of ``layers`` exists in the network.

    See Also
    --------
    extract_webs, symbiosis

    Notes
    -----
    Cell (i, j) = sum over the listed layers of the weight of i -> j plus j -> i
    (undirected view of directed layers). Rows and columns keep the firms' input
    order.

    References
    ----------
    .. [1] Saavedra, S., Reed-Tsochas, F. & Uzzi, B. (2009). A simple model of
       bipartite cooperation for ecological and organizational networks. Nature
       457, 463-466 (garment contractors x manufacturers as a bipartite web).

    Examples
    --------
    >>> from netclust.metrics.symbiosis import bipartite_web
    >>> web = bipartite_web(nc.datasets.toy(), "sme", "supplier", "procurement")
    >>> web.shape, web.rows.tolist(), web.coverage
    ((2, 1), ['S1', 'S2'], 0.666...)
    """
    rows, columns = _as_tuple(rows), _as_tuple(columns)
    if set(rows) & set(columns):
        raise InputError(f"row roles {rows} and column roles {columns} overlap")
    wanted = _as_tuple(layers)
    used = tuple(layer for layer in wanted if layer in net.layer_names)
    if not used:
        raise InputError(f"none of the layers {list(wanted)} is in the network "
                         f"(layers: {net.layer_names})")
    spec = WebSpec(name or f"{'+'.join(rows)}_{'+'.join(columns)}", rows, columns, used)
    adj = None
    for view in views(net, used, aggregate=False, directed=False):
        a = view.matrix(weighted=weighted)
        adj = a if adj is None else adj + a
    r_codes, c_codes = _role_codes(net, rows), _role_codes(net, columns)
    mat = sp.csr_matrix(adj[r_codes][:, c_codes], dtype=float)
    if not weighted:
        mat.data = np.ones_like(mat.data)
    mat.eliminate_zeros()
    n_role = len(r_codes)
    if not keep_isolated:
        keep_r = np.diff(mat.indptr) > 0
        keep_c = np.bincount(mat.indices, minlength=mat.shape[1]) > 0
        mat = mat[keep_r][:, keep_c]
        r_codes, c_codes = r_codes[keep_r], c_codes[keep_c]
    coverage = float(np.sum(np.diff(mat.indptr) > 0) / n_role) if n_role else float("nan")
    mat = sp.csr_matrix(mat)
    mat.sort_indices()
    ids = net.firm_ids
    return BipartiteWeb(spec.name, mat, pd.Index(ids[r_codes], name="firm_id"),
                        pd.Index(ids[c_codes], name="firm_id"), spec, coverage)


def _resolve_specs(webs) -> list:
    if webs is None:
        return list(DEFAULT_WEBS)
    if isinstance(webs, (WebSpec, tuple)) and not isinstance(webs, list):
        webs = [webs] if isinstance(webs, WebSpec) or isinstance(webs[0], str) else list(webs)
    if isinstance(webs, dict):
        webs = [WebSpec(k, *v) if not isinstance(v, WebSpec) else v for k, v in webs.items()]
    out = []
    for w in webs:
        out.append(w if isinstance(w, WebSpec) else WebSpec(*w))
    names = [w.name for w in out]
    if len(set(names)) != len(names):
        raise InputError(f"web names must be unique: {names}")
    return out


def extract_webs(net, webs=None, *, weighted: bool = True) -> dict:
    """Extract several webs (default: :data:`DEFAULT_WEBS`).

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    webs : list of WebSpec or tuple, dict, or None
        Web specifications; tuples are ``(name, rows, columns, layers)`` and a dict
        maps name to ``(rows, columns, layers)``.
    weighted : bool, default True
        Summed weights (True) or 0/1 cells.

    Returns
    -------
    dict of str to BipartiteWeb
        Webs with at least one link, in the given order. Default webs whose layers
        are missing, or that have no link, are left out; a user-given web whose
        layers are all missing raises.

    Raises
    ------
    InputError
        Bad specifications.

    See Also
    --------
    bipartite_web

    Notes
    -----
    Extraction rule as :func:`bipartite_web`, with ``weighted`` and firms without
    links in a web left out.

    References
    ----------
    .. [1] Saavedra, S., Reed-Tsochas, F. & Uzzi, B. (2009). Nature 457, 463-466.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import extract_webs
    >>> {k: w.shape for k, w in extract_webs(nc.datasets.toy()).items()}
    {'sme_anchor': (3, 2), 'sme_supplier': (2, 1), 'sme_designer': (2, 1), 'sme_logistics': (2, 1)}
    """
    user_given = webs is not None
    out = {}
    for spec in _resolve_specs(webs):
        present = [layer for layer in spec.layers if layer in net.layer_names]
        if not present:
            if user_given:
                raise InputError(f"web {spec.name!r}: none of its layers {list(spec.layers)} "
                                 f"is in the network (layers: {net.layer_names})")
            continue
        web = bipartite_web(net, spec.rows, spec.columns, present, name=spec.name,
                            weighted=weighted)
        if web.matrix.nnz:
            out[spec.name] = BipartiteWeb(web.name, web.matrix, web.rows, web.columns,
                                          WebSpec(spec.name, spec.rows, spec.columns,
                                                  tuple(present), spec.description),
                                          web.coverage)
    return out


# --------------------------------------------------------------------------- #
# Cluster indicators (multilayer)
# --------------------------------------------------------------------------- #


def _categories(net, codes: np.ndarray, column: str | None) -> np.ndarray:
    if column and column in net.firms.columns:
        values = net.firms[column].astype(str).to_numpy()[codes]
        values = np.where(pd.isna(net.firms[column].to_numpy()[codes]), "unknown", values)
        return values
    return np.full(len(codes), "all", dtype=object)


def _category_counts(mat_binary: sp.csr_matrix, categories: np.ndarray) -> sp.csr_matrix:
    """rows x categories matrix: number of partners of each category."""
    _, cat_idx = np.unique(categories.astype(str), return_inverse=True)
    onehot = sp.csr_matrix((np.ones(len(cat_idx)), (np.arange(len(cat_idx)), cat_idx)),
                           shape=(len(cat_idx), int(cat_idx.max()) + 1 if len(cat_idx) else 0))
    return (mat_binary @ onehot).tocsr()


def _redundancy_of(mat: sp.csr_matrix, categories: np.ndarray, threshold: int = 2):
    b = mat.copy()
    b.data = np.ones_like(b.data)
    counts = _category_counts(b, categories)
    n_cat = np.diff(counts.indptr)
    row_of = np.repeat(np.arange(counts.shape[0]), n_cat)
    low = np.bincount(row_of, weights=(counts.data < threshold).astype(float),
                      minlength=counts.shape[0])
    covered = np.bincount(row_of, weights=(counts.data >= threshold).astype(float),
                          minlength=counts.shape[0])
    buyers = n_cat > 0
    firm_share = np.where(buyers, covered / np.maximum(n_cat, 1), np.nan)
    share = float(np.mean(low[buyers] == 0)) if buyers.any() else float("nan")
    return share, firm_share


def supplier_redundancy(net, *, buyers="sme", suppliers="supplier", layers="procurement",
                        category: str | None = "sector", threshold: int = 2) -> tuple:
    """Share of SMEs with at least two suppliers for every input category they buy.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    buyers, suppliers : str or list of str
        Roles of the buying firms and of the suppliers.
    layers : str or list of str
        Layers of the supply relation.
    category : str or None, default "sector"
        Firms column giving a supplier's input category (leather, hardware, ...);
        None or a missing column puts all suppliers in one category.
    threshold : int, default 2
        Suppliers needed per category.

    Returns
    -------
    share : float
        Share in [0, 1] of buyers (with at least one supplier) for which every
        category they buy has ``>= threshold`` suppliers.
    firms : pandas.Series
        Per buyer (index firm_id), the share of its categories with ``>= threshold``
        suppliers (``redundant_category_share``).

    Raises
    ------
    InputError
        Unknown layers.

    See Also
    --------
    responders_per_demand

    Notes
    -----
    For buyer i and category g, ``n_ig`` = number of suppliers of category g
    linked to i. ``share = #{i : n_ig >= 2 for all g with n_ig > 0} / #{i : sum_g n_ig > 0}``.
    Redundancy is the insurance view of the web: a buyer with two leather suppliers
    survives the loss of one (Memmott et al. 2004's robustness logic at firm level).

    Reading for a cluster: near 1 = every SME can switch supplier for each input
    (the "centralised raw-material procurement" market works as a pool); low =
    many SMEs hang on a single supplier for some input.

    References
    ----------
    .. [1] Memmott, J., Waser, N. M. & Price, M. V. (2004). Tolerance of pollination
       networks to species extinctions. Proc. R. Soc. B 271, 2605-2611.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import supplier_redundancy
    >>> share, firms = supplier_redundancy(nc.datasets.toy())
    >>> share, firms.tolist()
    (0.0, [0.0, 0.0])
    """
    web = bipartite_web(net, buyers, suppliers, layers, weighted=False)
    cats = _categories(net, net.codes(web.columns), category)
    share, firm_share = _redundancy_of(web.matrix, cats, threshold)
    return share, pd.Series(firm_share, index=web.rows, name="redundant_category_share")


def channel_access(net, *, k: int = 2, paths=None, smes="sme", anchors="anchor",
                   exporter_column: str = "exporter") -> tuple:
    """Share of SMEs within k hops of an exporting anchor, per layer path.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    k : int, default 2
        Hops allowed on single-layer paths and on the aggregate.
    paths : dict of str to list of str, optional
        Named layer paths: hop h uses layer ``path[h]`` (e.g. ``{"procurement>logistics":
        ["procurement", "logistics"]}``). Default: each layer repeated k times, and
        ``"aggregate"`` (any layer at every hop).
    smes, anchors : str or list of str
        Roles of the firms that need access and of the channel holders.
    exporter_column : str, default "exporter"
        Boolean firms column; without it every anchor counts as exporting.

    Returns
    -------
    shares : pandas.Series
        Share in [0, 1] of SMEs reached, indexed by path name.
    hops : pandas.Series
        Per SME (index firm_id): hops to the nearest exporting anchor on the
        aggregate (NaN if further than ``k`` or unreachable), named ``channel_hops``.

    Raises
    ------
    InputError
        ``k < 1`` or unknown layers in ``paths``.

    See Also
    --------
    supplier_redundancy

    Notes
    -----
    Multi-source breadth-first search from all exporting anchors on undirected
    views, one sparse matrix-vector product per hop. An SME counts as reached when
    some path of at most ``len(path)`` hops, hop h in layer ``path[h]``, links it
    to an exporting anchor (the hops read backwards from the anchor). The share's
    denominator is all SMEs of the network.

    Reading for a cluster: the share of small firms that the cluster connects to
    foreign markets ("small firms use the channels of large ones"). Compare layers:
    access through procurement means subcontracting for exporters, through
    logistics shared shipping.

    References
    ----------
    .. [1] Saavedra, S., Reed-Tsochas, F. & Uzzi, B. (2009). Nature 457, 463-466.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import channel_access
    >>> shares, hops = channel_access(nc.datasets.toy(), k=1)
    >>> shares.round(3).to_dict()
    {'procurement': 1.0, 'design_sharing': 0.0, 'logistics': 0.0, 'aggregate': 1.0}
    """
    if int(k) < 1:
        raise InputError(f"k must be at least 1, got {k!r}")
    k = int(k)
    sme_codes = _role_codes(net, _as_tuple(smes))
    anchor_codes = _role_codes(net, _as_tuple(anchors))
    if exporter_column in net.firms.columns:
        exp = net.firms[exporter_column].to_numpy()
        exp = np.array([bool(x) if not pd.isna(x) else False for x in exp[anchor_codes]],
                       dtype=bool) if len(anchor_codes) else np.zeros(0, dtype=bool)
        anchor_codes = anchor_codes[exp]
    if paths is None:
        paths = {layer: [layer] * k for layer in net.layer_names}
        paths[AGGREGATE] = [AGGREGATE] * k
    n = net.n_firms
    cache = {}

    def adj(layer):
        if layer not in cache:
            if layer != AGGREGATE and layer not in net.layer_names:
                raise InputError(f"unknown layer {layer!r} in channel path "
                                 f"(layers: {net.layer_names})")
            cache[layer] = LayerView.of(net, layer, directed=False).matrix(weighted=False)
        return cache[layer]

    shares = {}
    hops = np.full(n, np.nan)
    for name, path in paths.items():
        path = _as_tuple(path)
        if not path:
            raise InputError(f"channel path {name!r} is empty")
        reached = np.zeros(n, dtype=bool)
        reached[anchor_codes] = True
        frontier = reached.astype(float)
        is_agg = name == AGGREGATE
        if is_agg:
            hops[anchor_codes] = 0
        for h, layer in enumerate(reversed(path), start=1):
            frontier = (adj(layer) @ frontier) > 0
            new = frontier & ~reached
            if is_agg:
                hops[new] = h
            reached |= frontier
            frontier = frontier.astype(float)
        shares[name] = float(reached[sme_codes].mean()) if len(sme_codes) else float("nan")
    return (pd.Series(shares, name="channel_access", dtype=float),
            pd.Series(hops[sme_codes], index=net.firm_ids[sme_codes], name="channel_hops"))


def responders_per_demand(net, *, buyers="sme", suppliers="supplier", layers="procurement",
                          category: str | None = "sector") -> tuple:
    """"One need, many responders": mean alternative providers per demand.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    buyers, suppliers : str or list of str
        Roles of the firms with a need and of the providers.
    layers : str or list of str
        Layers of the supply relation.
    category : str or None, default "sector"
        Firms column giving a provider's category; None = one category.

    Returns
    -------
    mean : float
        Mean over demands of (responders - 1), >= 0; NaN without demands.
    firms : pandas.Series
        Per buyer (index firm_id): mean responders over its demands, named
        ``responders``.

    Raises
    ------
    InputError
        Unknown layers.

    See Also
    --------
    supplier_redundancy

    Notes
    -----
    A demand is a pair (buyer i, category g) such that i buys g. Its responders are
    the providers of category g that supply i **or any firm linked to i in any
    layer** (its subcontracting, design-sharing or logistics partners): the
    providers i can reach through one trusted intermediary. With B the buyer x
    provider 0/1 web and A the buyer-to-buyer aggregate adjacency,
    ``R = ((I + A) B > 0)`` aggregated per category; the indicator is
    ``mean_{(i,g)} (R_ig - 1)``.

    Reading for a cluster: "one enterprise with needs, multi-enterprise response".
    0 = each need is met by a single provider and nobody around knows another;
    3 = a typical need has three further providers within one step.

    References
    ----------
    .. [1] Bustos, S., Gomez, C., Hausmann, R. & Hidalgo, C. A. (2012). The dynamics
       of nestedness predicts the evolution of industrial ecosystems. PLoS ONE 7,
       e49393.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import responders_per_demand
    >>> mean, firms = responders_per_demand(nc.datasets.toy())
    >>> mean, firms.tolist()
    (0.0, [1.0, 1.0])
    """
    web = bipartite_web(net, buyers, suppliers, layers, weighted=False, keep_isolated=True)
    b = web.matrix
    buyer_codes = net.codes(web.rows)
    agg = LayerView.of(net, AGGREGATE).matrix(weighted=False)
    a = agg[buyer_codes][:, buyer_codes]
    a.data = np.ones_like(a.data)
    reach = (sp.identity(len(buyer_codes), format="csr") + a) @ b
    reach.data = np.ones_like(reach.data)
    cats = _categories(net, net.codes(web.columns), category)
    responders = _category_counts(sp.csr_matrix(reach), cats)
    own = _category_counts(b, cats)
    demand = own.copy()
    demand.data = np.ones_like(demand.data)
    r_on_demand = responders.multiply(demand).tocsr()
    n_dem = np.diff(r_on_demand.indptr)
    row_of = np.repeat(np.arange(r_on_demand.shape[0]), n_dem)
    per_firm_sum = np.bincount(row_of, weights=r_on_demand.data, minlength=r_on_demand.shape[0])
    has = n_dem > 0
    firms = pd.Series(np.where(has, per_firm_sum / np.maximum(n_dem, 1), np.nan),
                      index=web.rows, name="responders")[has]
    mean = float(np.mean(r_on_demand.data - 1)) if r_on_demand.nnz else float("nan")
    return mean, firms


def reciprocity(net) -> pd.Series:
    """Share of linked pairs with links in both directions, per directed layer.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.

    Returns
    -------
    pandas.Series
        One value in [0, 1] per directed layer, plus ``"any_directed"``: the union
        of the directed layers (i -> j in one layer and j -> i in the same or
        another directed layer). Empty when no layer is directed.

    Raises
    ------
    InputError
        Never for a valid network (listed for completeness of the API contract).

    See Also
    --------
    netclust.metrics.overlap.multiplex_pair_share

    Notes
    -----
    ``r = #{pairs with i->j and j->i} / #{pairs with i->j or j->i}`` (igraph's
    ``reciprocity(mode="ratio")``; Wasserman & Faust 1994). Undirected layers are
    reciprocal by construction and are not listed.

    Reading for a cluster: give-and-take. In procurement a reciprocal pair both buys
    from and sells to each other (capacity swapping between makers); across layers
    an SME that fills an anchor's orders and ships through the anchor's logistics.

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). Social Network Analysis. Cambridge UP.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import reciprocity
    >>> reciprocity(nc.datasets.toy()).to_dict()
    {'procurement': 0.0, 'logistics': 0.0, 'any_directed': 0.0}
    """
    out = {}
    union = None
    for view in views(net, aggregate=False):
        if not view.directed:
            continue
        a = view.arcs()
        out[view.name] = _reciprocity_ratio(a)
        union = a if union is None else ((union + a) > 0).astype(float)
    if union is not None:
        out["any_directed"] = _reciprocity_ratio(sp.csr_matrix(union))
    return pd.Series(out, dtype=float, name="reciprocity")


def _reciprocity_ratio(a: sp.csr_matrix) -> float:
    a = a.copy()
    a.setdiag(0)
    a.eliminate_zeros()
    a.data = np.ones_like(a.data)
    mutual = a.multiply(a.T).nnz / 2
    pairs = ((a + a.T) > 0).nnz / 2
    return float(mutual / pairs) if pairs else float("nan")


# --------------------------------------------------------------------------- #
# Scorecard
# --------------------------------------------------------------------------- #


class _Indicator(NamedTuple):
    name: str
    source: str
    high: str  # reading when above the null / high
    low: str  # reading when below the null / low


_INDICATORS = [
    _Indicator("connectance", "Dunne et al. 2002 PNAS 99:12917",
               "more {rows}-{cols} pairs are linked than expected",
               "fewer {rows}-{cols} pairs are linked than expected"),
    _Indicator("nodf", "Almeida-Neto et al. 2008 Oikos 117:1227; vegan nestednodf",
               "nested: specialist {rows} use the {cols} that generalists use (core-periphery)",
               "anti-nested: the {cols} of different {rows} avoid each other"),
    _Indicator("nodf_rows", "Almeida-Neto et al. 2008 Oikos 117:1227",
               "the {cols} of each of the {rows} are nested subsets of each other",
               "the {rows}' partner sets are less nested than chance"),
    _Indicator("nodf_columns", "Almeida-Neto et al. 2008 Oikos 117:1227",
               "small {cols} serve subsets of the big {cols}' {rows}",
               "the {cols}' partner sets are less nested than chance"),
    _Indicator("wnodf", "Almeida-Neto & Ulrich 2011 Environ. Model. Softw. 26:173",
               "nested also in volumes: the core carries more weight in each shared relation",
               "volumes are not nested"),
    _Indicator("c_score", "Stone & Roberts 1990 Oecologia 85:74; vegan nestedchecker",
               "segregated: {rows} avoid each other's {cols} (exclusive relations)",
               "aggregated: {rows} share {cols} more than chance"),
    _Indicator("h2_prime", "Blüthgen et al. 2006 BMC Ecol 6:9",
               "specialised, exclusive relations (low substitutability)",
               "generalised, shared relations (high substitutability)"),
    _Indicator("niche_overlap_rows", "Pianka 1973 Annu Rev Ecol Syst 4:53 (mean pairwise)",
               "{rows} use the same {cols} in the same proportions (shared pool / competition)",
               "{rows} use distinct {cols} (segmented)"),
    _Indicator("niche_overlap_columns", "Pianka 1973 Annu Rev Ecol Syst 4:53 (mean pairwise)",
               "{cols} serve the same {rows} (overlapping supply)",
               "{cols} serve distinct {rows} (each has its own clientele)"),
    _Indicator("generality", "Bersier et al. 2002 Ecology 83:2394",
               "a typical one of the {cols} effectively serves many {rows}",
               "a typical one of the {cols} effectively serves few {rows}"),
    _Indicator("vulnerability", "Bersier et al. 2002 Ecology 83:2394",
               "a typical one of the {rows} effectively relies on many {cols} (diversified)",
               "a typical one of the {rows} effectively relies on few {cols} (dependent)"),
    _Indicator("dependence_asymmetry", "Bascompte et al. 2006 Science 312:431",
               "lopsided links: one side depends on partners that barely depend on it",
               "balanced, mutual dependence"),
    _Indicator("modularity", "Barber 2007 PRE 76:066102 (Leiden + BRIM)",
               "the web splits into sub-clusters of {rows} with their own {cols}",
               "one integrated market, no separate sub-clusters"),
]


#: Indicators that a null model keeps fixed by construction: they are not
#: recomputed on the null webs and the scorecard says so.
_FIXED_BY_NULL = {
    "curveball": ("connectance",),
    "swap": ("connectance",),
    "equiprobable": ("connectance",),
    "probabilistic": (),
}
_FIXED_WHY = {"curveball": "every null web keeps every firm's number of partners",
              "swap": "every null web keeps every firm's number of partners",
              "equiprobable": "every null web keeps the number of links"}

#: Optional profiling hook (benchmarks): when a dict, :class:`_WebStatistics`
#: adds the wall and CPU seconds spent per indicator to ``_TIMINGS[name]``.
_TIMINGS = None


class _WebStatistics:
    """Network-level indicators of one web and of its null webs, sharing the work.

    Works on link arrays (row, column, weight) instead of sparse matrices. What
    does not change between null webs is computed once: the ranks of the link
    weights (null webs reuse the observed weights), and under degree-preserving
    null models the degree classes used by NODF and the checkerboard terms.
    """

    def __init__(self, mat: sp.csr_matrix, modularity: bool = True):
        coo = mat.tocoo()
        self.n_rows, self.n_cols = mat.shape
        self.rows = coo.row.astype(np.int64)
        self.cols = coo.col.astype(np.int64)
        self.weights = coo.data.astype(float)
        self.wdesc = (weight_ranks(self.weights)[0] if self.weights.size
                      else np.zeros(0, dtype=np.int64))
        self.modularity = modularity
        self.modules = None
        self._degrees = None

    def observed(self, rng) -> dict:
        """Indicators of the web itself (its modules are kept in ``self.modules``)."""
        return self.evaluate(self.rows, self.cols, None, rng, observed=True)

    def _degree_data(self, r, c, reuse: bool):
        if reuse and self._degrees is not None:
            return self._degrees
        rdeg = np.bincount(r, minlength=self.n_rows)
        cdeg = np.bincount(c, minlength=self.n_cols)
        out = (rdeg, cdeg, degree_classes(rdeg), degree_classes(cdeg))
        if reuse:
            self._degrees = out
        return out

    def evaluate(self, r, c, widx, rng, *, fixed_degrees: bool = False, skip=(),
                 observed: bool = False) -> dict:
        """Indicators of a web given by its links.

        ``widx`` indexes the observed weights carried by the links (None: weights
        1.0, or the observed weights in order when ``observed``); indicators in
        ``skip`` are NaN (fixed by the null model, not recomputed).
        """
        timer = _Timer(_TIMINGS)
        n_rows, n_cols = self.n_rows, self.n_cols
        if observed:
            w, wdesc = self.weights, self.wdesc
        elif widx is None:
            w, wdesc = np.ones(len(r)), np.zeros(len(r), dtype=np.int64)
        else:
            w, wdesc = self.weights[widx], self.wdesc[widx]
        rs = np.bincount(r, weights=w, minlength=n_rows)
        cs = np.bincount(c, weights=w, minlength=n_cols)
        rdeg, cdeg, rcl, ccl = self._degree_data(r, c, fixed_degrees)
        timer.lap("shared: strengths, degrees")
        out = {}
        size = n_rows * n_cols
        if "connectance" not in skip:
            out["connectance"] = len(r) / size if size else float("nan")
        s_rows, s_cols = nodf_sorted_sums(r, c, rcl, ccl)
        out["nodf"], out["nodf_rows"], out["nodf_columns"] = nodf_scale(s_rows, s_cols,
                                                                         n_rows, n_cols)
        timer.lap("nodf, nodf_rows, nodf_columns")
        out["wnodf"] = nodf_scale(*nodf_sorted_sums(r, c, rcl, ccl, wdesc), n_rows, n_cols)[0]
        timer.lap("wnodf")
        cb = checkerboards_links(r, c, n_rows, n_cols, rdeg, cdeg)
        out["c_score"] = cb / (n_cols * (n_cols - 1) / 2) if n_cols > 1 else float("nan")
        timer.lap("c_score")
        out["h2_prime"] = bp.h2_prime_from_parts(*bp.h2_parts_links(w, rs, cs))
        timer.lap("h2_prime")
        out["niche_overlap_rows"] = bp.pianka_links(r, c, w, n_rows, n_cols)
        out["niche_overlap_columns"] = bp.pianka_links(c, r, w, n_cols, n_rows)
        timer.lap("niche_overlap_rows, _columns")
        out["generality"] = bp.weighted_mean_effective_links(c, w, n_cols, cs)
        out["vulnerability"] = bp.weighted_mean_effective_links(r, w, n_rows, rs)
        timer.lap("generality, vulnerability")
        out["dependence_asymmetry"] = bp.dependence_asymmetry_links(r, c, w, rs, cs)
        timer.lap("dependence_asymmetry")
        if self.modularity:
            q, row_mod, col_mod = bp.modularity_links(r, c, w, n_rows, n_cols, rng, rs, cs,
                                                       lap=timer.lap if timer.store is not None
                                                       else None)
            out["modularity"] = q
            if observed:
                self.modules = (row_mod, col_mod)
            timer.lap("modularity: BRIM refinement")
        else:
            out["modularity"] = float("nan")
        for key in skip:
            out[key] = float("nan")
        return {ind.name: out[ind.name] for ind in _INDICATORS}


class _Timer:
    """Adds wall and CPU seconds between laps to ``store[label]`` (no-op if None)."""

    __slots__ = ("cpu", "store", "wall")

    def __init__(self, store):
        self.store = store
        if store is not None:
            self.wall, self.cpu = time.perf_counter(), time.process_time()

    def reset(self) -> None:
        if self.store is not None:
            self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, label: str) -> None:
        if self.store is None:
            return
        wall, cpu = time.perf_counter(), time.process_time()
        old = self.store.get(label, (0.0, 0.0))
        self.store[label] = (old[0] + wall - self.wall, old[1] + cpu - self.cpu)
        self.wall, self.cpu = wall, cpu


def _null_block(mat: sp.csr_matrix, null: str, runs: int, null_seed: int, search_seed: int,
                burnin: int, thin: int, modularity: bool, start: int, stop: int,
                progress=None) -> dict:
    """Indicators of null webs ``start .. stop - 1`` of a web (one block of runs).

    Null web k is the k-th web drawn from ``null_seed`` (a Markov chain for
    curveball and swap, so the webs before ``start`` are drawn again and skipped;
    drawing is cheap next to the indicators). The community search on null web k
    is seeded with the k-th draw from ``search_seed``. Any split of the runs into
    blocks, in any process, thus gives the same numbers.
    """
    engine = _WebStatistics(mat, modularity)
    fixed = _FIXED_BY_NULL[null]
    search = np.random.default_rng(search_seed).integers(0, 2**31 - 1, size=runs)
    sims = {ind.name: np.full(stop - start, np.nan) for ind in _INDICATORS}
    timer = _Timer(_TIMINGS)
    links = null_links(mat, null, stop, np.random.default_rng(null_seed), True, burnin, thin)
    for k, (rows_, cols_, widx) in enumerate(links):
        if k < start:
            continue
        timer.lap(f"null webs ({null})")
        stats = engine.evaluate(rows_, cols_, widx, int(search[k]), skip=fixed,
                                fixed_degrees=null in ("curveball", "swap"))
        for key, value in stats.items():
            sims[key][k - start] = value
        report(progress, k + 1 - start, stop - start)
        timer.reset()  # the indicators timed themselves
    return sims


def _null_block_task(args):
    """Worker entry point: ``_null_block(*args)`` plus the worker's timings."""
    global _TIMINGS
    profile = args[-1]
    _TIMINGS = {} if profile else None
    sims = _null_block(*args[:-1])
    return sims, _TIMINGS


def _executor(n_jobs: int):
    """A process pool of ``n_jobs`` workers (fork where available: no re-import)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=n_jobs, mp_context=context)


def _null_statistics(mat, null, runs, null_seed, search_seed, burnin, thin, modularity,
                     n_jobs, executor, progress) -> dict:
    """Indicators of all ``runs`` null webs, in ``n_jobs`` blocks of consecutive runs."""
    if n_jobs <= 1 or executor is None or runs < 2:
        return _null_block(mat, null, runs, null_seed, search_seed, burnin, thin, modularity,
                           0, runs, progress)
    bounds = np.linspace(0, runs, min(n_jobs, runs) + 1).round().astype(int)
    blocks_ab = list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))
    with warnings.catch_warnings():
        # Python >= 3.12 warns when forking a multi-threaded process (the pool's
        # manager thread); the workers only run numpy/igraph code of this module
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        futures = [executor.submit(_null_block_task,
                                   (mat, null, runs, null_seed, search_seed, burnin, thin,
                                    modularity, a, b, None, _TIMINGS is not None))
                   for a, b in blocks_ab]
    blocks, done = [], 0
    for fut, (a, b) in zip(futures, blocks_ab):
        sims, timings = fut.result()
        blocks.append(sims)
        if timings and _TIMINGS is not None:
            for label, (wall, cpu) in timings.items():
                old = _TIMINGS.get(label, (0.0, 0.0))
                _TIMINGS[label] = (old[0] + wall, old[1] + cpu)
        done += int(b - a)
        report(progress, done, runs)
    return {key: np.concatenate([blk[key] for blk in blocks]) for key in blocks[0]}


def _web_statistics(mat: sp.csr_matrix, rng, modularity: bool = True) -> dict:
    """All network-level indicators of one web (see :class:`_WebStatistics`)."""
    return _WebStatistics(mat, modularity).observed(rng)


_PLURALS = {"sme": "SMEs", "anchor": "anchors", "supplier": "suppliers", "designer": "designers",
            "logistics": "logistics providers", "trade_service": "trade-service firms",
            "platform": "platforms"}


def _plural(roles: tuple) -> str:
    return " and ".join(_PLURALS.get(r, f"{r} firms") for r in roles)


def _reading(ind: _Indicator, value: float, z: float, p: float,
             labels=("rows", "columns")) -> str:
    ind = ind._replace(high=ind.high.format(rows=labels[0], cols=labels[1]),
                       low=ind.low.format(rows=labels[0], cols=labels[1]))
    if not np.isfinite(value):
        return "not defined for this web"
    if np.isfinite(p):
        zt = f"z = {z:.1f}" if np.isfinite(z) else "null sd = 0"
        if p < 0.05 and np.isfinite(z) and z > 0:
            return f"above chance ({zt}, p = {p:.3g}): {ind.high}"
        if p < 0.05 and np.isfinite(z) and z < 0:
            return f"below chance ({zt}, p = {p:.3g}): {ind.low}"
        if not np.isfinite(z):
            return f"fixed by the null model ({zt}); read the value itself"
        return f"as expected by chance ({zt}, p = {p:.3g})"
    return ""


def web_scorecard(web, *, null: str = "curveball", runs: int = 100, seed=0, name: str = "matrix",
                  modularity: bool = True, progress=None, burnin: int = 20,
                  thin: int = 1, n_jobs: int = 1) -> pd.DataFrame:
    """Network-level indicators of one web with null-model z-scores and p-values.

    Parameters
    ----------
    web : BipartiteWeb, array-like, DataFrame or scipy.sparse matrix
        The web (rows x columns, weights).
    null : {"curveball", "swap", "probabilistic", "equiprobable"}
        Null model of the binary structure; link weights are shuffled over the null
        links (see :mod:`netclust.metrics.nullmodels`).
    runs : int, default 100
        Null webs (0 = no null model: null columns NaN).
    seed : int, numpy.random.Generator or None
        Seed of the null webs and of the modularity search.
    name : str
        ``web`` column value when ``web`` is a plain matrix.
    modularity : bool, default True
        Include Barber modularity, by far the costliest indicator on large webs
        (a community search per null web); False leaves its row out.
    progress : callable or None
        ``progress(done, runs)``.
    burnin, thin : int
        Curveball chain settings (:func:`netclust.metrics.nullmodels.null_matrices`).
    n_jobs : int, default 1
        Worker processes for the null webs (the runs are split into blocks of
        consecutive runs; the result does not depend on ``n_jobs``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SCORECARD_COLUMNS`, one row per indicator.

    Raises
    ------
    InputError
        Unknown null model, negative runs, bad matrix.

    See Also
    --------
    symbiosis

    Notes
    -----
    Indicators: connectance, NODF (total, rows, columns), weighted NODF, C-score,
    H2', niche overlap (Pianka's index, mean over pairs of rows and of columns),
    generality, vulnerability, dependence asymmetry and Barber modularity -- see the docstrings of
    :mod:`netclust.metrics.bipartite` and :mod:`netclust.metrics.nestedness` for
    formulas and ranges. All are computed on the same null webs; z and p as
    :func:`netclust.metrics.nullmodels.null_test` (two-sided).

    Connectance is fixed by construction under "curveball", "swap" (every
    firm's number of partners is kept) and "equiprobable" (the number of links is
    kept): it is not recomputed on the null webs, its row has ``null_mean =
    value``, ``null_sd = 0``, ``z = NaN``, ``p = 1`` and its reading says so.

    Randomness: the web's own community search takes one draw from ``seed``;
    then two integers drawn from it seed the null webs (one stream: the curveball
    or swap Markov chain, or independent webs, and the weight shuffles) and the
    community searches on them (the k-th search gets the k-th draw of its own
    stream). Null web k and its indicators therefore do not depend on how the runs
    are split: with ``n_jobs > 1`` each worker process scores a block of
    consecutive runs (redrawing the chain up to its block, which is cheap next to
    the indicators) and the table is identical to ``n_jobs=1``.

    Speed: indicators are computed from link arrays (no matrix per null web);
    the weight ranks and, under degree-preserving nulls, the degree classes are
    computed once per web (see :class:`_WebStatistics`). Barber modularity (a
    Leiden search and a BRIM refinement per null web) takes most of the time.

    References
    ----------
    .. [1] Dormann, C. F., Fründ, J., Blüthgen, N. & Gruber, B. (2009). Indices,
       graphs and null models: analyzing bipartite ecological networks. The Open
       Ecology Journal 2, 7-24.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import web_scorecard
    >>> card = web_scorecard(np.tri(6), runs=20, seed=0)
    >>> card.set_index("indicator").loc["nodf", "value"]
    np.float64(100.0)
    """
    card, _ = _web_scorecard(web, null=null, runs=runs, seed=seed, name=name,
                             modularity=modularity, progress=progress, burnin=burnin, thin=thin,
                             n_jobs=n_jobs)
    return card


def _web_scorecard(web, *, null, runs, seed, name="matrix", modularity=True, progress=None,
                   burnin=20, thin=1, n_jobs=1, executor=None):
    """:func:`web_scorecard` plus the modules of the web's own partition (or None)."""
    n_jobs = _check_jobs(n_jobs)
    if null not in NULL_MODELS:
        raise InputError(f"unknown null model {null!r}; choose one of {', '.join(NULL_MODELS)}")
    if int(runs) < 0:
        raise InputError(f"runs must be >= 0, got {runs!r}")
    if int(burnin) < 0 or int(thin) < 1:
        raise InputError("burnin must be >= 0 and thin >= 1")
    if isinstance(web, BipartiteWeb):
        mat, name = web.matrix, web.name
        labels = (_plural(web.spec.rows), _plural(web.spec.columns))
    else:
        mat = as_web(web).matrix
        labels = ("row nodes", "column nodes")
    rng = make_rng(seed)
    runs = int(runs)
    indicators = [ind for ind in _INDICATORS if modularity or ind.name != "modularity"]
    engine = _WebStatistics(mat, modularity)
    observed = engine.observed(rng)
    fixed = _FIXED_BY_NULL[null]
    with_nulls = bool(runs and mat.nnz)
    if with_nulls:
        # independent streams: the null webs, and the community searches on them
        null_seed, search_seed = (int(x) for x in rng.integers(0, 2**63 - 1, size=2))
        own = executor is None and n_jobs > 1 and runs > 1
        pool = _executor(n_jobs) if own else executor
        try:
            sims = _null_statistics(mat, null, runs, null_seed, search_seed, int(burnin),
                                    int(thin), modularity, n_jobs, pool, progress)
        finally:
            if own:
                pool.shutdown()
    rows = []
    for ind in indicators:
        if with_nulls and ind.name in fixed:
            # constant by construction: every null web has the observed value (not
            # recomputed); p as oecosimu's (#{null >= obs} + 1) / (n + 1) = 1
            mean, sd, z, p = observed[ind.name], 0.0, float("nan"), 1.0
            reading = (f"fixed by construction under the {null} null ({_FIXED_WHY[null]}); "
                       "not recomputed on the null webs: read the value itself")
        elif with_nulls:
            t = summarise_null(observed[ind.name], sims[ind.name], null, "two-sided")
            mean, sd, z, p = t.null_mean, t.null_sd, t.z, t.p
            reading = _reading(ind, observed[ind.name], z, p, labels)
        else:
            mean = sd = z = p = float("nan")
            reading = _reading(ind, observed[ind.name], z, p, labels)
        rows.append({"web": name, "indicator": ind.name, "value": observed[ind.name],
                     "null_mean": mean, "null_sd": sd, "z": z, "p": p,
                     "reading": reading, "source": ind.source})
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS), engine.modules


def _check_jobs(n_jobs) -> int:
    n_jobs = positive_int(n_jobs, "n_jobs")
    return int(n_jobs)


def _firm_rows(web: BipartiteWeb, contribution_runs: int, contribution_max_nodes: int, rng,
               modules) -> list:
    mat = web.matrix
    frames = []
    for side, labels in (("rows", web.rows), ("columns", web.columns)):
        oriented = mat if side == "rows" else mat.T.tocsr()
        metrics = {
            "degree": np.diff(oriented.indptr).astype(float),
            "strength": np.asarray(oriented.sum(axis=1)).ravel(),
            "normalised_degree": bp.normalised_degree(mat, side=side).to_numpy(),
            "d_prime": bp.d_prime(mat, side=side).to_numpy(),
            "effective_partners": bp.effective_partners(mat, side=side).to_numpy(),
            "largest_partner_share": bp.largest_partner_share(mat, side=side).to_numpy(),
            "partner_concentration": bp.partner_concentration(mat, side=side).to_numpy(),
        }
        if modules is not None:
            metrics["module"] = (modules[0] if side == "rows" else modules[1]).astype(float)
        for metric, values in metrics.items():
            frames.append(pd.DataFrame({"firm_id": labels.astype(str), "web": web.name,
                                        "metric": metric, "value": values}))
    n_nodes = mat.shape[0] + mat.shape[1]
    if contribution_runs and n_nodes <= contribution_max_nodes:
        c = nestedness_contribution(mat, runs=contribution_runs, seed=rng)
        ids = np.concatenate([web.rows.astype(str), web.columns.astype(str)])
        frames.append(pd.DataFrame({"firm_id": ids, "web": web.name,
                                    "metric": "nestedness_contribution",
                                    "value": c["c"].to_numpy()}))
    return frames


_CLUSTER_SOURCES = {
    "coverage": "netclust (share of the row-role firms present in the web)",
    "supplier_redundancy": ("netclust; redundancy logic of Memmott et al. 2004 "
                            "Proc R Soc B 271:2605"),
    "responders_per_demand": "netclust; 'one need, many responders'",
    "channel_access": "netclust; multi-source BFS from exporting anchors",
    "multiplexity": "Battiston, Nicosia & Latora 2014 PRE 89:032804",
    "reciprocity": "Wasserman & Faust 1994 (ratio of mutual pairs)",
}


def _band(value, low, high, low_text, mid_text, high_text) -> str:
    if not np.isfinite(value):
        return "not defined (no such firms or links)"
    if value < low:
        return low_text
    if value >= high:
        return high_text
    return mid_text


def _cluster_rows(net, webs: dict, k: int, channel_paths, category: str | None,
                  firm_frames: list) -> list:
    rows = []

    def add(web, indicator, value, reading, source_key):
        rows.append({"web": web, "indicator": indicator, "value": float(value),
                     "null_mean": np.nan, "null_sd": np.nan, "z": np.nan, "p": np.nan,
                     "reading": reading, "source": _CLUSTER_SOURCES[source_key]})

    for name, web in webs.items():
        role = "/".join(web.spec.rows)
        add(name, "coverage", web.coverage,
            _band(web.coverage, 0.25, 0.75, f"few {role} firms take part in this web",
                  f"part of the {role} firms take part in this web",
                  f"most {role} firms take part in this web"), "coverage")
    roles = set(net.firms["role"].astype(str))
    if {"sme", "supplier"} <= roles and "procurement" in net.layer_names:
        share, per_firm = supplier_redundancy(net, category=category)
        add("cluster", "supplier_redundancy", share,
            _band(share, 0.3, 0.7, "most SMEs depend on a single supplier for some input",
                  "many SMEs lack a second supplier for some input",
                  "most SMEs can switch supplier for every input they buy"), "supplier_redundancy")
        firm_frames.append(pd.DataFrame({"firm_id": per_firm.index.astype(str), "web": "cluster",
                                         "metric": "redundant_category_share",
                                         "value": per_firm.to_numpy()}))
        mean, per_firm = responders_per_demand(net, category=category)
        add("cluster", "responders_per_demand", mean,
            _band(mean, 1.0, 3.0, "needs are met by one provider with few alternatives nearby",
                  "needs have one or two alternative providers within one step",
                  "one need, many responders: several alternative providers within one step"),
            "responders_per_demand")
        firm_frames.append(pd.DataFrame({"firm_id": per_firm.index.astype(str), "web": "cluster",
                                         "metric": "responders", "value": per_firm.to_numpy()}))
    if {"sme", "anchor"} <= roles:
        shares, hops = channel_access(net, k=k, paths=channel_paths)
        for path, value in shares.items():
            add("cluster", f"channel_access[{path}]", value,
                _band(value, 0.3, 0.7, f"few SMEs reach an exporting anchor within {k} hops",
                      f"part of the SMEs reach an exporting anchor within {k} hops",
                      f"most SMEs reach an exporting anchor within {k} hops"), "channel_access")
        firm_frames.append(pd.DataFrame({"firm_id": hops.index.astype(str), "web": "cluster",
                                         "metric": "channel_hops", "value": hops.to_numpy()}))
    mult = multiplex_pair_share(net)
    add("cluster", "multiplexity", mult,
        _band(mult, 0.1, 0.3, "relations are single-stranded (one layer per pair)",
              "some relations are multi-stranded", "many relations run on several layers at once"),
        "multiplexity")
    for layer, value in reciprocity(net).items():
        add("cluster", f"reciprocity[{layer}]", value,
            _band(value, 0.05, 0.25, "flows run one way (little give-and-take)",
                  "some pairs exchange in both directions",
                  "much give-and-take: many pairs exchange in both directions"), "reciprocity")
    return rows


class SymbiosisResult(NamedTuple):
    """Result of :func:`symbiosis` (unpack as ``scorecard, firms, webs``).

    Attributes
    ----------
    scorecard : pandas.DataFrame
        Columns :data:`SCORECARD_COLUMNS`.
    firms : pandas.DataFrame
        Long table ``firm_id, web, metric, value``.
    webs : dict of str to BipartiteWeb
        The web matrices.
    """

    scorecard: pd.DataFrame
    firms: pd.DataFrame
    webs: dict


def symbiosis(net, *, webs=None, weighted: bool = True, null: str = "curveball",
              runs: int = 100, seed=0, k: int = 2, channel_paths=None,
              category: str | None = "sector", contribution_runs: int = 20,
              contribution_max_nodes: int = 300, modularity: bool = True,
              progress=None, n_jobs: int = 1) -> SymbiosisResult:
    """Ecological-symbiosis scorecard of a cluster, firm indicators and webs.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    webs : list of WebSpec or tuples, dict, or None
        Role-pair webs (default :data:`DEFAULT_WEBS`); see :func:`extract_webs`.
    weighted : bool, default True
        Web cells are summed link weights (else 0/1; weighted indicators then
        equal their binary versions).
    null : {"curveball", "swap", "probabilistic", "equiprobable"}
        Null model for the z-scores and p-values of network-level indicators.
    runs : int, default 100
        Null webs per web (0 = no null model).
    seed : int, numpy.random.Generator or None, default 0
        Same seed, same table.
    k : int, default 2
        Hops for channel access.
    channel_paths : dict, optional
        Named layer paths for channel access (see :func:`channel_access`).
    category : str or None, default "sector"
        Firms column giving a supplier's input category.
    contribution_runs : int, default 20
        Randomisations per firm for the contribution to nestedness c_i (0 = skip).
    contribution_max_nodes : int, default 300
        c_i costs ``contribution_runs`` NODF evaluations per firm: it is computed
        only for webs with at most this many firms (rows + columns); call
        :func:`netclust.metrics.nestedness.nestedness_contribution` on a larger web
        directly if needed.
    modularity : bool, default True
        Score Barber modularity (and report firms' modules); it dominates the run
        time on large webs because each null web needs a community search.
    progress : callable or None
        ``progress(done, total)`` over webs x null runs.
    n_jobs : int, default 1
        Worker processes for the null webs of each web (see :func:`web_scorecard`);
        the tables do not depend on ``n_jobs``.

    Returns
    -------
    SymbiosisResult
        ``scorecard`` (one row per web and indicator, then the cluster indicators
        with ``web = "cluster"``), ``firms`` (firm_id, web, metric, value) and
        ``webs``.

    Raises
    ------
    InputError
        Bad parameters or web specifications.

    See Also
    --------
    web_scorecard, extract_webs, channel_access, supplier_redundancy,
    responders_per_demand, reciprocity,
    netclust.metrics.overlap.multiplex_pair_share

    Notes
    -----
    Network-level web indicators get ``null_mean``, ``null_sd``, ``z`` and ``p``
    from ``runs`` null webs of the chosen model; cluster indicators (coverage,
    supplier redundancy, responders per demand, channel access, multiplexity,
    reciprocity) are descriptive: their null columns are NaN and the reading uses
    fixed bands stated in each function's docstring. No composite index is formed.

    Firm metrics per web and side: ``degree``, ``strength``, ``normalised_degree``,
    ``d_prime``, ``effective_partners``, ``largest_partner_share``,
    ``partner_concentration`` (HHI; on ``sme_anchor`` it is the anchor-dependence
    concentration), ``module`` (in the partition whose Q_B the scorecard reports)
    and, for small webs, ``nestedness_contribution``;
    cluster-wide (``web = "cluster"``): ``redundant_category_share``,
    ``responders`` and ``channel_hops``.

    References
    ----------
    .. [1] Saavedra, S., Reed-Tsochas, F. & Uzzi, B. (2009). A simple model of
       bipartite cooperation for ecological and organizational networks. Nature
       457, 463-466.
    .. [2] Bustos, S., Gomez, C., Hausmann, R. & Hidalgo, C. A. (2012). PLoS ONE 7,
       e49393.

    Examples
    --------
    >>> from netclust.metrics.symbiosis import symbiosis
    >>> card, firms, webs = symbiosis(nc.datasets.toy(), runs=10, seed=0)
    >>> list(webs)
    ['sme_anchor', 'sme_supplier', 'sme_designer', 'sme_logistics']
    >>> card.set_index(["web", "indicator"]).loc[("sme_anchor", "connectance"), "value"]
    np.float64(0.666...)
    >>> firms.query("web == 'sme_anchor' and metric == 'largest_partner_share'").value.tolist()
    [1.0, 0.666..., 1.0, 0.666..., 0.75]
    """
    if null not in NULL_MODELS:
        raise InputError(f"unknown null model {null!r}; choose one of {', '.join(NULL_MODELS)}")
    if int(runs) < 0 or int(contribution_runs) < 0:
        raise InputError("runs and contribution_runs must be >= 0")
    n_jobs = _check_jobs(n_jobs)
    rng = make_rng(seed)
    extracted = extract_webs(net, webs, weighted=weighted)
    total = max(1, len(extracted) * max(int(runs), 1))
    cards, firm_frames = [], []
    pool = _executor(n_jobs) if n_jobs > 1 and int(runs) > 1 else None
    try:
        _score_webs(extracted, null, int(runs), rng, modularity, n_jobs, pool, progress, total,
                    int(contribution_runs), int(contribution_max_nodes), cards, firm_frames)
    finally:
        if pool is not None:
            pool.shutdown()
    cluster = pd.DataFrame(_cluster_rows(net, extracted, k, channel_paths, category, firm_frames),
                           columns=SCORECARD_COLUMNS)
    scorecard = pd.concat(cards + [cluster], ignore_index=True)
    firms = (pd.concat(firm_frames, ignore_index=True) if firm_frames
             else pd.DataFrame(columns=["firm_id", "web", "metric", "value"]))
    report(progress, total, total)
    return SymbiosisResult(scorecard, firms, extracted)


def _score_webs(extracted, null, runs, rng, modularity, n_jobs, pool, progress, total,
                contribution_runs, contribution_max_nodes, cards, firm_frames):
    for w_i, (name, web) in enumerate(extracted.items()):
        offset = w_i * max(int(runs), 1)

        def sub_progress(done, _total, offset=offset):
            report(progress, offset + done, total)

        card, modules = _web_scorecard(web, null=null, runs=int(runs), seed=rng,
                                       modularity=modularity, progress=sub_progress,
                                       n_jobs=n_jobs, executor=pool)
        cards.append(card)
        firm_frames.extend(_firm_rows(web, contribution_runs, contribution_max_nodes, rng,
                                      modules))
