"""Bipartite webs of a cluster: one matrix per pair of roles (DESIGN.md §6).

A web's cell (i, j) is the sum of the weights of all links between row firm i and
column firm j, in either direction, over the web's layers (undirected views of
directed layers). Firms of the two roles without any link in the web are left out
(ecological convention: a web lists the species observed interacting); the share of
row-role firms that are in the web is reported as ``coverage``. Layers a default web
names but the network lacks are skipped (e.g. ``channel``); a web with none of its
layers is omitted. :mod:`netclust.metrics.scorecard` scores the webs and
:func:`netclust.metrics.symbiosis.symbiosis` assembles the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust.metrics._views import views
from netclust.errors import InputError

__all__ = ["WebSpec", "DEFAULT_WEBS", "BipartiteWeb", "bipartite_web", "extract_webs"]


def as_tuple(x) -> tuple:
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
        object.__setattr__(self, "rows", as_tuple(self.rows))
        object.__setattr__(self, "columns", as_tuple(self.columns))
        object.__setattr__(self, "layers", as_tuple(self.layers))
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


def role_codes(net, roles: tuple) -> np.ndarray:
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
    rows, columns = as_tuple(rows), as_tuple(columns)
    if set(rows) & set(columns):
        raise InputError(f"row roles {rows} and column roles {columns} overlap")
    wanted = as_tuple(layers)
    used = tuple(layer for layer in wanted if layer in net.layer_names)
    if not used:
        raise InputError(f"none of the layers {list(wanted)} is in the network "
                         f"(layers: {net.layer_names})")
    spec = WebSpec(name or f"{'+'.join(rows)}_{'+'.join(columns)}", rows, columns, used)
    adj = None
    for view in views(net, used, aggregate=False, directed=False):
        a = view.matrix(weighted=weighted)
        adj = a if adj is None else adj + a
    r_codes, c_codes = role_codes(net, rows), role_codes(net, columns)
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
