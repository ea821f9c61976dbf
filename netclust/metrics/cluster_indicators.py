"""Cluster indicators of the symbiosis scorecard, on the multilayer network.

Supplier redundancy, channel reach within k hops, "one need, many responders" and
reciprocity (share of linked pairs that are reciprocated). They are descriptive:
:func:`netclust.metrics.symbiosis.symbiosis` lists them with fixed reading bands and
no null model.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust.metrics._views import LayerView, views
from netclust.errors import InputError
from netclust.schema import AGGREGATE
from netclust.metrics._exporting import exporting_mask
from netclust.metrics.webs import as_tuple, bipartite_web, role_codes

__all__ = ["supplier_redundancy", "channel_reach", "responders_per_demand", "reciprocity"]


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


def channel_reach(net, *, k: int = 2, paths=None, smes="sme", anchors="anchor") -> tuple:
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
    Exporting anchors: the anchors that export according to
    :func:`netclust.metrics.exporters.exporters` (the ``exporter`` column); when the
    firms table has no such column every anchor counts as exporting (the behaviour
    before that helper existed). Not to be confused with
    :func:`netclust.metrics.channels.channel_access` (directed access at any distance).

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
    >>> from netclust.metrics.symbiosis import channel_reach
    >>> shares, hops = channel_reach(nc.datasets.toy(), k=1)
    >>> shares.round(3).to_dict()
    {'procurement': 1.0, 'design_sharing': 0.0, 'logistics': 0.0, 'aggregate': 1.0}
    """
    if int(k) < 1:
        raise InputError(f"k must be at least 1, got {k!r}")
    k = int(k)
    sme_codes = role_codes(net, as_tuple(smes))
    anchor_codes = role_codes(net, as_tuple(anchors))
    exporting = exporting_mask(net)
    if exporting is not None:
        anchor_codes = anchor_codes[exporting[anchor_codes]]
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
        path = as_tuple(path)
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
    return (pd.Series(shares, name="channel_reach", dtype=float),
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
