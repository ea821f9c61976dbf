"""Export channels: which SMEs reach an exporter, through whom, and who are the gatekeepers.

The *channel graph* is a directed graph over all firms with an arc ``u -> v`` when goods
move from ``u`` to ``v`` along a layer declared as an export channel. Which layers carry
goods, and in which direction, is declared, never guessed:

* ``procurement`` **forward** (seller -> buyer): an SME that sells to an anchor hands its
  goods to the anchor;
* **bought export services** reverse that arc: a procurement link whose *seller* has a
  role that sells export services (:data:`SERVICE_SELLERS`: ``trade_service``, the
  foreign-trade agents and customs brokers) records a service bought, not goods sold —
  the buyer (an SME or an anchor) consigns its goods to the agent, which ships them
  abroad when it exports. So ``trade_service -> SME`` carries goods SME -> agent, and a
  ``trade_service`` exporter (``--exporters anchor,trade_service``) is a channel of the
  makers that buy its services. The rule looks at the goods' origin under the declared
  direction (for a ``reverse`` procurement layer, the target) and applies only to the
  layers named in the mapping; e-commerce ``platform`` firms are not included by default
  (many sell domestic services): add them, or switch the rule off, with
  ``service_sellers={"procurement": ["trade_service", "platform"]}`` or ``{}``;
* ``logistics`` **forward** (shipper -> provider): the goods are handed to the provider,
  which is a channel end when it is itself an exporter;
* ``design_sharing`` carries **no** goods (sharing a design library exports nothing).

Override with ``channels={"procurement": "forward", "logistics": "reverse"}`` (only the
named layers then carry goods), the ``channel`` column of a layers table, or the CLI's
``--channel LAYER[:forward|reverse]``. An undirected layer declared as a channel carries
goods both ways. Exporting firms come only from
:func:`netclust.metrics.exporters.exporters`; its ``assumption`` sentence is carried by
every result.

Definitions
-----------
access
    An SME has access when it exports itself or a directed channel path leads from it to
    an exporting firm.
single points of failure
    The firms whose single exit cuts every channel path from the SME to every exporter:
    the strict dominators (Lengauer & Tarjan 1979) of the SME in the *reversed* channel
    graph rooted at a virtual "overseas market" joined to every exporter, the root
    excluded. One dominator tree (igraph's ``Graph.dominator``, in C) serves all SMEs.
secure
    Access and no single point of failure but itself: the N-1 criterion of power-grid
    operation (a system is secure when any one element can fail without loss of service)
    applied to export access. An SME that exports itself is secure.
smes_dependent
    Per firm, the number of SMEs for which it is a single point: the SMEs strictly below
    it in the dominator tree (gatekeepers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from netclust._arrays import unique
from netclust._check import non_negative_int, str_list
from netclust.errors import InputError
from netclust.metrics._bfs import igraph_from_arcs
from netclust.i18n import gettext as _
from netclust.metrics.exporters import exporters as exporting_firms
from netclust.schema import LAYER, NAME, ROLE

__all__ = ["ChannelResult", "channel_graph", "channel_arcs", "channel_declaration",
           "export_dominators", "dominator_pairs", "export_channels", "channel_access",
           "channel_access_curve", "access_counts", "default_checkpoints", "sme_mask",
           "SME_COLUMNS", "GATEKEEPER_COLUMNS", "REACHED_ALL_MAX", "REACHED_LISTED",
           "SERVICE_SELLERS", "channel_statement"]

#: Columns of :attr:`ChannelResult.sme`.
SME_COLUMNS = ["firm_id", "name", "role", "exports", "access", "secure", "exporters_reached",
               "single_points"]
#: Columns of :attr:`ChannelResult.gatekeepers`.
GATEKEEPER_COLUMNS = ["firm_id", "name", "role", "smes_dependent"]

_DIRECTIONS = ("forward", "reverse")

#: Roles that sell export services, per goods layer: a link of that layer whose goods
#: origin (the seller) has one of these roles carries the buyer's goods to the seller
#: (module docstring). Override with the ``service_sellers`` argument.
SERVICE_SELLERS = {"procurement": ("trade_service",)}


def _service_sellers(service_sellers) -> dict:
    if service_sellers is None:
        return SERVICE_SELLERS
    if not isinstance(service_sellers, dict):
        raise InputError("service_sellers must be a dict {layer: roles}, e.g. "
                         f"{{'procurement': ['trade_service']}}, not {service_sellers!r}")
    return {str(k): tuple(str_list(r, f"service_sellers[{k!r}]"))
            for k, r in service_sellers.items()}


def _parse_channels(channels) -> dict:
    if isinstance(channels, str):
        channels = [channels]
    if isinstance(channels, dict):
        items = list(channels.items())
    else:
        try:
            items = [tuple((str(c).split(":", 1) + ["forward"])[:2]) for c in channels]
        except TypeError:
            raise InputError(f"channels must be a dict {{layer: 'forward'|'reverse'}} or a list "
                             f"of 'LAYER[:forward|reverse]', not {channels!r}") from None
    out = {}
    for layer, direction in items:
        direction = str(direction).strip().lower()
        if direction not in _DIRECTIONS:
            raise InputError(f"channel {layer!r}: direction must be forward or reverse, "
                             f"not {direction!r}")
        out[str(layer).strip()] = direction
    return out


def channel_declaration(net, channels=None) -> dict:
    """The channel layers used: ``{layer: "forward" | "reverse"}``.

    Parameters
    ----------
    net : MultilayerNetwork
    channels : dict, str or list of "LAYER[:forward|reverse]", optional
        When given, exactly these layers carry goods; otherwise each layer's declared
        ``channel`` (:class:`netclust.schema.LayerSpec`).

    Raises
    ------
    InputError
        An unknown layer, a bad direction, or no channel layer at all.

    Examples
    --------
    >>> from netclust.metrics.channels import channel_declaration
    >>> channel_declaration(nc.datasets.toy())
    {'procurement': 'forward', 'logistics': 'forward'}
    >>> channel_declaration(nc.datasets.toy(), ["logistics:reverse"])
    {'logistics': 'reverse'}
    """
    if channels is None:
        out = {s.name: s.channel for s in net.layers if s.channel is not None}
    else:
        out = _parse_channels(channels)
        for layer in out:
            net.layer_spec(layer)  # InputError naming the declared layers
    if not out:
        raise InputError("no layer is declared as an export channel: name one (CLI --channel "
                         "procurement:forward; API channels={'procurement': 'forward'}; or a "
                         "'channel' column in the layers table)")
    return out


def _declaration_text(net, decl: dict, service_sellers=None) -> str:
    parts = []
    sellers = _service_sellers(service_sellers)
    for layer, direction in decl.items():
        directed = net.layer_spec(layer).directed
        way = (_("both ways (undirected layer)") if not directed else
               _("source -> target") if direction == "forward" else _("target -> source"))
        part = f"{layer} {_(direction)} ({way})"
        if directed and sellers.get(layer):
            part += ", " + _("buyer -> seller when the seller is a {roles} (a bought export "
                             "service)").format(roles="/".join(sellers[layer]))
        parts.append(part)
    return _("channel layers: {layers}").format(layers="; ".join(parts))


def channel_statement(net, channels=None, exporters=None, *, service_sellers=None) -> tuple:
    """``(exporter assumption, channel declaration)`` sentences every channel output states.

    Nothing is computed but the declaration: what ``netclust channels`` prints as its
    ``Assumption:`` and ``Channels:`` lines, for the commands whose channel indicators
    depend on them (``resilience``, ``scenario``).

    Raises
    ------
    InputError
        No exporter information, or a bad channel declaration.

    Examples
    --------
    >>> from netclust.metrics.channels import channel_statement
    >>> channel_statement(nc.datasets.toy(), exporters="anchor")[0]
    'exporting firms: every firm of role anchor (2 firms), as named by the user'
    """
    decl = channel_declaration(net, channels)
    return (exporting_firms(net, exporters).assumption,
            _declaration_text(net, decl, service_sellers))


def channel_arcs(net, channels=None, *, service_sellers=None) -> tuple:
    """Coded arcs ``(u, v)`` of the channel graph (goods move from ``u`` to ``v``).

    Parameters
    ----------
    net : MultilayerNetwork
    channels : dict or list, optional
        Channel layers and directions (see :func:`channel_declaration`).
    service_sellers : dict {layer: roles}, optional
        Roles selling export services (default :data:`SERVICE_SELLERS`): on those layers an
        arc whose goods origin has one of the roles is reversed (buyer -> seller); ``{}``
        switches the rule off.

    Examples
    --------
    >>> from netclust.metrics.channels import channel_arcs
    >>> u, v = channel_arcs(nc.datasets.toy())
    >>> len(u)
    10
    """
    decl = channel_declaration(net, channels)
    sellers = _service_sellers(service_sellers)
    links = net.links
    roles = net.firms[ROLE].astype(str)
    us, vs = [], []
    for layer, direction in decl.items():
        sel = (links[LAYER] == layer).to_numpy()
        s, d = links["src"].to_numpy()[sel], links["dst"].to_numpy()[sel]
        if not net.layer_spec(layer).directed:
            us += [s, d]
            vs += [d, s]
            continue
        if direction == "reverse":
            s, d = d, s
        service = roles.isin(sellers.get(layer, ())).to_numpy()[s]   # a bought service
        us.append(np.where(service, d, s))
        vs.append(np.where(service, s, d))
    u = np.concatenate(us).astype(np.int64) if us else np.zeros(0, np.int64)
    v = np.concatenate(vs).astype(np.int64) if vs else np.zeros(0, np.int64)
    keep = u != v
    key = unique(u[keep] * max(net.n_firms, 1) + v[keep])
    return key // max(net.n_firms, 1), key % max(net.n_firms, 1)


def channel_graph(net, channels=None, *, service_sellers=None) -> ig.Graph:
    """The directed channel graph over all firms (arc = goods move from source to target).

    Parameters
    ----------
    net : MultilayerNetwork
    channels : dict or list, optional
        Channel layers and directions (see :func:`channel_declaration`).
    service_sellers : dict, optional
        As in :func:`channel_arcs`.

    Returns
    -------
    igraph.Graph
        ``n_firms`` vertices in firm order (attribute ``name`` = firm_id), one arc per
        ordered pair carrying goods in at least one channel layer.

    Examples
    --------
    >>> from netclust.metrics.channels import channel_graph
    >>> g = channel_graph(nc.datasets.toy())
    >>> g.is_directed(), g.are_adjacent(g.vs.find("S1").index, g.vs.find("A1").index)
    (True, True)
    """
    u, v = channel_arcs(net, channels, service_sellers=service_sellers)
    g = igraph_from_arcs(net.n_firms, u, v)
    g.vs["name"] = list(net.firm_ids)
    return g


def export_dominators(n: int, u, v, exporter_mask) -> np.ndarray:
    """Immediate dominators towards export of every firm, from one dominator tree.

    The reversed channel graph (arcs ``v -> u``) gets a virtual root ``n`` ("overseas
    market") with an arc to every exporter; igraph's Lengauer–Tarjan ``dominator`` runs
    once from the root.

    Parameters
    ----------
    n : int
        Number of firms.
    u, v : array of int
        Channel arcs (goods move from ``u`` to ``v``).
    exporter_mask : array of bool

    Returns
    -------
    numpy.ndarray of int64, length n
        ``idom[x]``: ``n`` when the root (no single point), a firm code, or ``-1`` when
        ``x`` has no access.

    Examples
    --------
    >>> from netclust.metrics.channels import export_dominators
    >>> export_dominators(3, [0, 1], [1, 2], [False, False, True]).tolist()
    [1, 2, 3]
    """
    ex = np.flatnonzero(np.asarray(exporter_mask, dtype=bool))
    src = np.concatenate([np.asarray(v, np.int64), np.full(len(ex), n, np.int64)])
    dst = np.concatenate([np.asarray(u, np.int64), ex])
    g = igraph_from_arcs(n + 1, src, dst)
    dom = np.asarray(g.dominator(n, mode="out"), dtype=float)[:n]
    return np.where(np.isnan(dom), -1, dom).astype(np.int64)


def dominator_pairs(idom: np.ndarray, nodes) -> tuple:
    """All ``(node, strict dominator)`` pairs of ``nodes``, root excluded.

    The idom chains are walked for all nodes at once, one vectorised step per level of
    the dominator tree (depth levels, not nodes, are the Python loop: O(sum of chain
    lengths) work, which is the size of the output).

    Examples
    --------
    >>> from netclust.metrics.channels import dominator_pairs
    >>> [a.tolist() for a in dominator_pairs(np.array([1, 2, 3]), [0, 1, 2])]
    [[0, 0, 1], [1, 2, 2]]
    """
    n = len(idom)
    nodes = np.asarray(nodes, dtype=np.int64)
    who, cur = nodes, idom[nodes]
    out_node, out_dom = [], []
    while True:
        live = (cur >= 0) & (cur < n)
        who, cur = who[live], cur[live]
        if not len(who):
            break
        out_node.append(who)
        out_dom.append(cur)
        cur = idom[cur]
    if not out_node:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b = np.concatenate(out_node), np.concatenate(out_dom)
    order = np.lexsort((b, a))
    return a[order], b[order]


def _exporters_reached(n: int, u, v, exporter_mask, sources=None) -> np.ndarray:
    """Exact number of exporters reachable from each firm (itself included).

    Condensation of the channel graph into strongly connected components, then the
    boolean reach matrix ``R`` (components x exporters) grows by ``R <- X + A R`` until it
    stops changing, evaluated semi-naively (only the pairs found at the last level are
    propagated, ``D <- A D \\ R``): each pair is propagated once, memory O(nnz(R)) = the
    sum of the counts returned. That sum grows faster than the network (every firm
    reaches more exporters as the cluster grows), so with ``sources`` (firm codes) only
    their counts are made, one breadth-first search of the component DAG each, and the
    other firms get NaN.
    """
    a = sp.csr_matrix((np.ones(len(u), np.int8), (u, v)), shape=(n, n))
    k, comp = csgraph.connected_components(a, directed=True, connection="strong")
    ex = np.flatnonzero(np.asarray(exporter_mask, dtype=bool))
    x = sp.csr_matrix((np.ones(len(ex), np.int32), (comp[ex], np.arange(len(ex)))),
                      shape=(k, len(ex)))
    cu, cv = comp[np.asarray(u, np.int64)], comp[np.asarray(v, np.int64)]
    cross = cu != cv
    dag = sp.csr_matrix((np.ones(int(cross.sum()), np.int32), (cu[cross], cv[cross])),
                        shape=(k, k))
    dag.data[:] = 1
    if sources is not None:
        per_comp = np.bincount(comp[ex], minlength=k)
        out = np.full(n, np.nan)
        for s in np.asarray(sources, np.int64):   # bounded: the listed SMEs only
            out[s] = per_comp[csgraph.breadth_first_order(dag, comp[s], return_predecessors=False)].sum()
        return out
    reach, delta = x.tocsr(), x.tocsr()
    while delta.nnz:  # semi-naive: only the pairs found at the last level propagate
        step = (dag @ delta).tocsr()
        step.data[:] = 1
        delta = (step - step.multiply(reach)).tocsr()   # pairs not reached before
        delta.eliminate_zeros()
        reach = (reach + delta).tocsr()
    return np.diff(reach.indptr)[comp]


@dataclass(frozen=True)
class ChannelResult:
    """Export channels of the SMEs of a network (see :func:`export_channels`).

    Attributes
    ----------
    sme : DataFrame
        One row per SME: ``firm_id, name, role, exports, access, secure,
        exporters_reached, single_points`` (sorted list of firm ids).
    gatekeepers : DataFrame
        Firms that are a single point of at least one SME: ``firm_id, name, role,
        smes_dependent``, most dependent SMEs first (ties by firm_id).
    indicators : pandas.Series
        Access share (fixed denominator), N-1 secure share, gatekeeper concentration.
    assumption : str
        Which firms export (from :func:`netclust.metrics.exporters.exporters`).
    declaration : dict
        Channel layers used, ``{layer: direction}``.
    """

    sme: pd.DataFrame
    gatekeepers: pd.DataFrame
    indicators: pd.Series
    assumption: str
    declaration: dict = field(default_factory=dict)

    @property
    def declaration_text(self) -> str:
        """The channel declaration as one sentence."""
        return _("channel layers: {layers}").format(
            layers="; ".join(f"{k} {_(v)}" for k, v in self.declaration.items()))


def sme_mask(net, smes="sme") -> np.ndarray:
    """Boolean mask of the firms whose role is one of ``smes`` (firm order).

    Examples
    --------
    >>> int(nc.metrics.channels.sme_mask(nc.datasets.toy()).sum())
    3
    """
    roles = str_list(smes, "smes")
    return net.firms[ROLE].astype(str).isin([str(r) for r in roles]).to_numpy()


def _reference_count(net, sme_mask, reference) -> tuple:
    """(denominator, mask of current SMEs counted in the numerator)."""
    if reference is None:
        return int(sme_mask.sum()), sme_mask
    ref = pd.Index([str(r) for r in reference]).unique()
    counted = sme_mask & net.firm_ids.isin(ref)
    return len(ref), counted


def _concentration(dependent: np.ndarray, pair_sme, pair_dom, ranked, top: int = 3) -> dict:
    """Gatekeeper concentration; ``ranked``: gatekeeper codes in the gatekeepers table's order."""
    total = dependent.sum()
    if total == 0:
        return {"gatekeepers": 0, "top3_gatekeeper_smes": 0, "top3_gatekeeper_share": 0.0,
                "gatekeeper_hhi": 0.0}
    held = unique(pair_sme[np.isin(pair_dom, ranked[:top])]).size
    shares = dependent[dependent > 0] / total
    return {"gatekeepers": int((dependent > 0).sum()), "top3_gatekeeper_smes": int(held),
            "top3_gatekeeper_share": held / max(unique(pair_sme).size, 1),
            "gatekeeper_hhi": float(np.sum(shares ** 2))}


#: Up to this many firms ``exporters_reached`` is counted for every SME (see :func:`export_channels`).
REACHED_ALL_MAX = 200_000
#: SMEs whose ``exporters_reached`` is counted above :data:`REACHED_ALL_MAX` firms: the
#: vulnerable SMEs the report lists (most single points first).
REACHED_LISTED = 100


def _reached_sources(reached, n, sme, access, secure, n_points, ids):
    """Firm codes whose ``exporters_reached`` is counted (None: every firm)."""
    if reached is None:
        reached = "all" if n <= REACHED_ALL_MAX else REACHED_LISTED
    if isinstance(reached, str) and reached == "all":
        return None
    reached = non_negative_int(reached, "reached ('all' or a count)")
    vul = np.flatnonzero(access & ~secure)
    vul = vul[np.lexsort((ids[sme[vul]].astype(str), -n_points[vul]))]
    return sme[vul[: int(reached)]]


def export_channels(net, *, channels=None, exporters=None, smes="sme", reference=None,
                    reached=None, service_sellers=None) -> ChannelResult:
    """Access, single points of failure and gatekeepers of every SME at once.

    Parameters
    ----------
    net : MultilayerNetwork
    channels : dict or list, optional
        Channel layers and directions (default: the layers' declared ``channel``).
    exporters : str or list of str, optional
        Exporting roles; default the ``exporter`` column (see
        :func:`netclust.metrics.exporters.exporters`).
    smes : str or list of str, default "sme"
        Role(s) of the small firms whose access is measured.
    reference : list of firm ids, optional
        The SMEs before an event: the fixed denominator of the shares; those no longer in
        ``net`` count as without access. Default: the SMEs of ``net``.
    reached : "all" or int, optional
        Whose ``exporters_reached`` is counted: ``"all"`` SMEs (default up to
        :data:`REACHED_ALL_MAX` = 200,000 firms), or the ``reached`` SMEs with access but
        not secure that have the most single points (ties by firm id: the vulnerable SMEs
        the report lists; default :data:`REACHED_LISTED` = 100 above 200,000 firms), the
        others NaN; ``0`` counts none. Every other column is exact at any size.
    service_sellers : dict {layer: roles}, optional
        Roles selling export services (default :data:`SERVICE_SELLERS`; see
        :func:`channel_arcs`).

    Returns
    -------
    ChannelResult

    Notes
    -----
    Indicators: ``access_share`` = SMEs of the reference with access / reference SMEs;
    ``secure_share`` the same for N-1 secure SMEs; ``smes_with_single_point`` the SMEs
    with access but a single point of failure; ``top3_gatekeeper_share`` = share of
    the SMEs with a single point that depend on at least one of the three largest
    gatekeepers, ``|{s : P(s) ∩ T3 ≠ ∅}| / |{s : P(s) ≠ ∅}|`` with ``P(s)`` the single
    points of SME ``s`` and ``T3`` the first three rows of :attr:`ChannelResult.gatekeepers`
    (most dependent SMEs, ties by firm id); ``top3_gatekeeper_smes`` is its numerator.
    It is a share of SMEs, not of (SME, gatekeeper) dependencies: an SME whose single
    points include two of the three counts once, so it is at most the sum of the three
    gatekeepers' ``smes_dependent / |{s : P(s) ≠ ∅}|`` (equal when no SME depends on two
    of them). ``gatekeeper_hhi`` = Herfindahl index of ``smes_dependent``
    shares (1 = one gatekeeper holds every dependence, near 0 = spread). Cost: one
    dominator tree, O(m α(m)), plus the output size; ``exporters_reached`` for every SME
    costs the sum of the counts (a transitive closure, which grows faster than the
    network: 2.4 million pairs at 100,000 generated firms, 15 million at 300,000), one
    search of the component graph per counted SME otherwise;
    ``indicators["exporters_reached_counted"]`` says for how many SMEs it was counted.

    Examples
    --------
    >>> r = nc.metrics.channels.export_channels(nc.datasets.toy())
    >>> r.sme[["firm_id", "access", "secure", "single_points"]].values.tolist()
    [['S1', True, False, ['A1']], ['S2', True, True, []], ['S3', True, False, ['A2']]]
    >>> r.gatekeepers.values.tolist()
    [['A1', 'Anchor One', 'anchor', 1], ['A2', 'Anchor Two', 'anchor', 1]]
    >>> float(r.indicators["secure_share"])
    0.3333333333333333
    """
    decl = channel_declaration(net, channels)
    ex = exporting_firms(net, exporters)
    n = net.n_firms
    sme = np.flatnonzero(sme_mask(net, smes))
    if len(sme) == 0 and reference is None:
        raise InputError(f"no firm has role {smes}: export-channel access is measured for small "
                         "firms; give the small manufacturers the role sme (or map your label "
                         "with --role-map)")
    u, v = channel_arcs(net, decl, service_sellers=service_sellers)
    idom = export_dominators(n, u, v, ex.mask)
    pair_sme, pair_dom = dominator_pairs(idom, sme)
    access = idom[sme] >= 0
    secure = idom[sme] == n
    starts = np.searchsorted(pair_sme, sme)
    ends = np.searchsorted(pair_sme, sme, side="right")
    ids = net.firm_ids.to_numpy(dtype=object)
    dom_ids = ids[pair_dom]
    points = [sorted(dom_ids[a:b]) for a, b in zip(starts, ends)]
    firms = net.firms
    sources = _reached_sources(reached, n, sme, access, secure, ends - starts, ids)
    counts = (np.full(len(sme), np.nan) if sources is not None and not len(sources)
              else _exporters_reached(n, u, v, ex.mask, sources)[sme])
    counts = pd.array(counts, dtype="Float64").astype("Int64")   # integers, <NA> where not counted
    table = pd.DataFrame({
        "firm_id": ids[sme], "name": firms[NAME].to_numpy()[sme],
        "role": firms[ROLE].to_numpy()[sme], "exports": ex.mask[sme], "access": access,
        "secure": secure, "exporters_reached": counts, "single_points": points})
    dependent = np.bincount(pair_dom, minlength=n)
    gk = np.flatnonzero(dependent)
    gk = gk[np.lexsort((ids[gk].astype(str), -dependent[gk]))]
    gate = pd.DataFrame({"firm_id": ids[gk], "name": firms[NAME].to_numpy()[gk],
                         "role": firms[ROLE].to_numpy()[gk], "smes_dependent": dependent[gk]})
    denom, counted = _reference_count(net, np.isin(np.arange(n), sme), reference)
    ind = {"smes_reference": denom,
           "smes_with_access": int((access & counted[sme]).sum()),
           "smes_secure": int((secure & counted[sme]).sum()),
           "smes_with_single_point": int((access & ~secure & counted[sme]).sum())}
    ind["access_share"] = ind["smes_with_access"] / denom if denom else float("nan")
    ind["secure_share"] = ind["smes_secure"] / denom if denom else float("nan")
    ind.update(_concentration(dependent, pair_sme, pair_dom, gk))
    ind["exporters_reached_counted"] = len(sme) if sources is None else len(sources)
    indicators = pd.Series(ind, dtype=object, name="value")
    indicators["exporter_assumption"] = ex.assumption
    indicators["channels"] = _declaration_text(net, decl, service_sellers)
    return ChannelResult(table, gate, indicators, ex.assumption, dict(decl))


def _access_mask(n: int, u, v, exporter_mask, keep=None) -> np.ndarray:
    """Firms with a channel path to an exporter (BFS from a virtual root, reversed arcs)."""
    u, v = np.asarray(u, np.int64), np.asarray(v, np.int64)
    ex = np.asarray(exporter_mask, dtype=bool)
    if keep is not None:
        alive = keep[u] & keep[v]
        u, v, ex = u[alive], v[alive], ex & keep
    roots = np.flatnonzero(ex)
    rows = np.concatenate([v, np.full(len(roots), n)])
    cols = np.concatenate([u, roots])
    g = sp.csr_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(n + 1, n + 1))
    reached = csgraph.breadth_first_order(g, n, directed=True, return_predecessors=False)
    out = np.zeros(n + 1, dtype=bool)
    out[reached] = True
    return out[:n]


def channel_access(net, *, channels=None, exporters=None, smes="sme", reference=None,
                   service_sellers=None) -> pd.Series:
    """Whether each SME reaches an exporting firm along declared channels.

    Parameters
    ----------
    net : MultilayerNetwork
    channels, exporters, smes, reference, service_sellers
        As in :func:`export_channels`.

    Returns
    -------
    pandas.Series of bool
        Indexed by the SMEs' firm_id, named ``channel_access``; ``attrs["share"]`` is the
        share of the reference SMEs with access (fixed denominator), ``attrs["assumption"]``
        the exporter assumption.

    Notes
    -----
    An SME has access when it exports itself or a directed channel path (see the module
    docstring) leads from it to an exporter. Computed by one breadth-first search from a
    virtual root joined to every exporter on the reversed channel graph (scipy).

    Examples
    --------
    >>> a = nc.metrics.channels.channel_access(nc.datasets.toy(), channels=["logistics"])
    >>> a.to_dict(), a.attrs["share"]
    ({'S1': False, 'S2': True, 'S3': False}, 0.3333333333333333)
    """
    ex = exporting_firms(net, exporters)
    u, v = channel_arcs(net, channels, service_sellers=service_sellers)
    sme = sme_mask(net, smes)
    acc = _access_mask(net.n_firms, u, v, ex.mask)
    denom, counted = _reference_count(net, sme, reference)
    out = pd.Series(acc[sme], index=net.firm_ids[sme], name="channel_access")
    out.attrs["share"] = int((acc & counted).sum()) / denom if denom else float("nan")
    out.attrs["assumption"] = ex.assumption
    return out


def channel_access_curve(net, order, *, checkpoints=None, channels=None, exporters=None,
                         smes="sme", service_sellers=None) -> pd.DataFrame:
    """Share of SMEs with channel access as firms are removed in a given order.

    Parameters
    ----------
    net : MultilayerNetwork
    order : list of firm ids
        Removal order (the first is removed first).
    checkpoints : list of int, optional
        Numbers of removed firms at which access is evaluated; default 21 evenly spaced
        values from 0 to ``len(order)``.
    channels, exporters, smes, service_sellers
        As in :func:`export_channels`.

    Returns
    -------
    DataFrame
        ``removed, fraction_removed, smes_with_access, access_share``; the denominator is
        fixed at the SMEs of ``net`` (removed SMEs count as without access).
        ``attrs["assumption"]`` states the exporter assumption.

    Examples
    --------
    >>> c = nc.metrics.channels.channel_access_curve(nc.datasets.toy(), ["A1", "A2"],
    ...                                               checkpoints=[0, 1, 2])
    >>> c["smes_with_access"].tolist()
    [3, 2, 1]
    """
    ex = exporting_firms(net, exporters)
    u, v = channel_arcs(net, channels, service_sellers=service_sellers)
    n = net.n_firms
    codes = net.codes(list(order))
    if checkpoints is None:
        checkpoints = default_checkpoints(len(codes))
    checkpoints = np.asarray(checkpoints, dtype=np.int64)
    if len(checkpoints) and (checkpoints.min() < 0 or checkpoints.max() > len(codes)):
        raise InputError(f"checkpoints must lie between 0 and {len(codes)} removed firms")
    sme = sme_mask(net, smes)
    counts = access_counts(n, u, v, ex.mask, sme, codes, checkpoints)
    denom = int(sme.sum())
    out = pd.DataFrame({"removed": checkpoints, "fraction_removed": checkpoints / max(n, 1),
                        "smes_with_access": counts,
                        "access_share": counts / denom if denom else np.nan})
    out.attrs["assumption"] = ex.assumption
    return out


def default_checkpoints(n_removed: int, points: int = 21) -> np.ndarray:
    """Evenly spaced numbers of removed firms, 0 and ``n_removed`` included.

    Examples
    --------
    >>> nc.metrics.channels.default_checkpoints(10, points=6).tolist()
    [0, 2, 4, 6, 8, 10]
    """
    return np.unique(np.linspace(0, n_removed, points).round().astype(np.int64))


def access_counts(n: int, u, v, exporter_mask, sme, order, checkpoints) -> np.ndarray:
    """Number of SMEs with channel access after each checkpoint of a removal order.

    Parameters
    ----------
    n : int
        Number of firms.
    u, v : array of int
        Channel arcs (goods move ``u -> v``), as from :func:`channel_arcs`.
    exporter_mask, sme : array of bool
        Exporting firms and SMEs (firm order).
    order : array of int
        Firm codes in removal order.
    checkpoints : array of int
        Numbers of removed firms at which to count.

    Returns
    -------
    numpy.ndarray of int
        One count per checkpoint: present SMEs that export or reach a present exporter.

    Notes
    -----
    One breadth-first search (scipy, C) per checkpoint on the surviving channel graph;
    removed SMEs count as without access, so a caller divides by the SMEs before the
    removals (fixed denominator).

    Examples
    --------
    >>> import numpy as np
    >>> from netclust.metrics.channels import access_counts
    >>> # chain 0 -> 1 -> 2 (2 exports), SMEs 0 and 1; remove 1 then 2
    >>> access_counts(3, [0, 1], [1, 2], np.array([0, 0, 1], bool), np.array([1, 1, 0], bool),
    ...               np.array([1, 2, 0]), [0, 1, 2, 3]).tolist()
    [2, 0, 0, 0]
    """
    order = np.asarray(order, dtype=np.int64)
    out = []
    for k in np.asarray(checkpoints, dtype=np.int64):   # one C-level BFS per checkpoint
        keep = np.ones(n, dtype=bool)
        keep[order[:k]] = False
        out.append(int((_access_mask(n, u, v, exporter_mask, keep) & sme & keep).sum()))
    return np.asarray(out, dtype=np.int64)
