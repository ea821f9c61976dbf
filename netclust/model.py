"""The multilayer network of a cluster: firms, typed links, declared layers.

:class:`MultilayerNetwork` is immutable. It holds two validated tables and
derives every graph view (igraph, scipy.sparse, networkx) on demand, caching
them. Changes (:meth:`~MultilayerNetwork.subset`, :meth:`~MultilayerNetwork.add`,
:meth:`~MultilayerNetwork.remove_firms`) return new networks.

Conventions
-----------
* Every firm is present in every layer; isolated firms are kept and ``N`` always
  counts all firms.
* Firms keep the order of the input firms table; the integer code of a firm is
  its row position, so every array a view returns is aligned with ``net.firms``.
* Links are aggregated to one row per (source, target, layer[, period]): weight
  is the sum of the records' weights and ``count`` the number of records. In an
  undirected layer ``A–B`` and ``B–A`` are the same link, stored once with the
  lower code as ``src``.
* The ``aggregate`` view is the undirected union of all layers: one edge per
  linked pair, weight = sum over layers and directions, ``n_layers`` = number of
  layers in which the pair is linked (so its degree counts distinct neighbours).
* The undirected view of a directed layer joins ``i→j`` and ``j→i`` into one
  edge. On a *weighted* layer its weight is the sum of the two flows; on an
  *unweighted* layer the view is binary (weight 1, as igraph's
  ``as_undirected(mode="collapse")``, leidenalg and uunet), so a reciprocated pair
  counts once in modularity, eigenvector centrality and communities.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netclust._arrays import unique
from netclust._check import str_list
from netclust._lookup import positions
from netclust.errors import InputError, UnknownFirmError
from netclust import schema as S
from netclust.schema import AGGREGATE, LayerSpec

__all__ = ["MultilayerNetwork", "NetworkSummary", "LayerSpec"]


def _aggregate_codes(src, dst, layer_idx, weight, count, period=None, n_firms=None):
    """Group coded link records by (layer, src, dst[, period]); sum weight and count.

    Sorted by the keys (periods as text). When every key is already unique (links
    aggregated by the records engine, most link tables) the groups are the rows
    themselves: one sort of a packed integer key instead of a pandas group-by
    (1 s instead of 9 s on 6,000,000 links); the values are the same.
    """
    cols = {"l": layer_idx, "s": src, "d": dst, "w": weight, "c": count}
    if period is not None:
        cols["p"] = period
    packed = _packed_keys(layer_idx, src, dst, period, n_firms)
    if packed is not None:
        order = np.argsort(packed, kind="stable")
        ordered = packed[order]
        if not len(ordered) or not (ordered[1:] == ordered[:-1]).any():  # numpy takes, no frame copies
            return pd.DataFrame({k: np.asarray(v)[order] for k, v in cols.items()}, copy=False)
    by = ["l", "s", "d"] + (["p"] if period is not None else [])
    return pd.DataFrame(cols).groupby(by, sort=True, observed=True).agg(
        w=("w", "sum"), c=("c", "sum")).reset_index()


def _packed_keys(layer_idx, src, dst, period, n_firms) -> np.ndarray | None:
    """One int64 per row ordered as (layer, src, dst[, period text]); None if it cannot fit."""
    if n_firms is None or not len(src):
        return None
    n = max(int(n_firms), 1)
    n_layers = int(np.max(layer_idx)) + 1
    p_codes, n_periods = None, 1
    if period is not None:
        p_codes, uniques = pd.factorize(np.asarray(period), sort=True)
        n_periods = max(len(uniques), 1)
    if float(n_layers) * n * n * n_periods >= 2.0 ** 62:
        return None
    key = (np.asarray(layer_idx, dtype=np.int64) * n + np.asarray(src, dtype=np.int64)) * n \
        + np.asarray(dst, dtype=np.int64)
    return key if p_codes is None else key * n_periods + p_codes


class MultilayerNetwork:
    """Firms linked in several declared layers (procurement, design sharing, logistics...).

    Build one with :func:`netclust.read` (files or DataFrames), :func:`netclust.generate`
    or :func:`netclust.datasets.toy`; the constructor itself expects already
    validated tables.

    Parameters
    ----------
    firms : pandas.DataFrame
        Indexed by unique string ``firm_id``; columns ``name``, ``role`` and any
        attributes.
    links : pandas.DataFrame
        Columns ``source, target, layer, weight, count`` (+ ``period``), every
        endpoint in ``firms`` and every layer declared.
    layers : sequence of LayerSpec
    validation : ValidationReport, optional
        What reading the data found (warnings, infos).
    provenance : dict, optional
        Input files, hashes and read options.

    See Also
    --------
    netclust.read : read files or DataFrames into a network.

    Examples
    --------
    >>> import netclust as nc
    >>> net = nc.datasets.toy()
    >>> net
    <MultilayerNetwork: 9 firms, 13 links in 3 layers (procurement, design_sharing, logistics)>
    >>> net.firms.loc["A1", ["name", "role"]].tolist()
    ['Anchor One', 'anchor']
    >>> net.to_igraph("procurement").ecount()
    6
    """

    def __init__(self, firms: pd.DataFrame, links: pd.DataFrame, layers, *,
                 validation=None, provenance: dict | None = None):
        layers = tuple(layers)
        firms = firms.copy()
        firms.index = pd.Index(firms.index.astype(str), name=S.FIRM_ID, dtype=object)
        if not firms.index.is_unique:
            raise InputError("firm_id values must be unique")
        for col, default in ((S.NAME, None), (S.ROLE, "other")):
            if col not in firms.columns:
                firms[col] = firms.index.to_numpy() if default is None else default
        index = firms.index
        names = [s.name for s in layers]
        has_period = S.PERIOD in links.columns
        src = positions(links[S.SOURCE].astype(str), index)
        dst = positions(links[S.TARGET].astype(str), index)
        if (src < 0).any() or (dst < 0).any():
            bad = pd.unique(np.concatenate([links[S.SOURCE].to_numpy()[src < 0],
                                            links[S.TARGET].to_numpy()[dst < 0]]).astype(str))
            raise UnknownFirmError(bad, context="in links")
        lidx = positions(links[S.LAYER].astype(str), names)
        if (lidx < 0).any():
            raise InputError(f"undeclared layer(s) in links: "
                             f"{sorted(set(links[S.LAYER].astype(str)) - set(names))}")
        undirected = np.array([not s.directed for s in layers], dtype=bool)
        swap = undirected[lidx] & (src > dst) if len(lidx) else np.zeros(0, bool)
        src, dst = np.where(swap, dst, src), np.where(swap, src, dst)
        weight = links[S.WEIGHT].to_numpy(dtype=float) if S.WEIGHT in links else np.ones(len(links))
        count = links[S.COUNT].to_numpy(dtype=np.int64) if S.COUNT in links else np.ones(len(links), np.int64)
        agg = _aggregate_codes(src.astype(np.int64), dst.astype(np.int64), lidx.astype(np.int64),
                               weight, count, links[S.PERIOD].astype(str).to_numpy() if has_period else None,
                               n_firms=len(index))
        ids = index.to_numpy(dtype=object)
        s_codes = agg["s"].to_numpy(dtype=np.int64)
        d_codes = agg["d"].to_numpy(dtype=np.int64)
        table = {
            S.SOURCE: ids[s_codes], S.TARGET: ids[d_codes],
            S.LAYER: np.asarray(names, dtype=object)[agg["l"].to_numpy(dtype=np.int64)],
            S.WEIGHT: agg["w"].to_numpy(dtype=float), S.COUNT: agg["c"].to_numpy(dtype=np.int64),
            "src": s_codes, "dst": d_codes,
        }
        if has_period:
            table[S.PERIOD] = agg["p"].to_numpy(dtype=object)
        self._firms = firms
        self._links = pd.DataFrame(table)
        self._layer_idx = agg["l"].to_numpy(dtype=np.int64)
        self._layers = layers
        self._validation = validation
        self._provenance = dict(provenance or {})
        self._cache: dict = {}

    # ------------------------------------------------------------------ tables
    @property
    def firms(self) -> pd.DataFrame:
        """Firms table indexed by ``firm_id`` in input order (a copy; edits don't affect the network)."""
        return self._firms.copy(deep=False)

    @property
    def links(self) -> pd.DataFrame:
        """Aggregated links: ``source, target, layer, weight, count, src, dst`` (+ ``period``)."""
        return self._links.copy(deep=False)

    @property
    def layer_codes(self) -> np.ndarray:
        """Layer of each row of :attr:`links`, as its position in :attr:`layer_names`.

        Read-only; the integer codes spare a string comparison per link (6,000,000 at
        1,000,000 firms) where a measure needs the layer of every link.

        Examples
        --------
        >>> import netclust as nc
        >>> net = nc.datasets.toy()
        >>> bool((net.layer_codes == net.links["layer"].map(net.layer_names.index)).all())
        True
        """
        out = self._layer_idx.view()
        out.flags.writeable = False
        return out

    @property
    def layers(self) -> tuple:
        """Declared layers (tuple of :class:`LayerSpec`)."""
        return self._layers

    @property
    def layer_names(self) -> list:
        """Names of the declared layers, in declaration order."""
        return [s.name for s in self._layers]

    def layer_spec(self, name: str) -> LayerSpec:
        """Return the :class:`LayerSpec` called ``name`` (:class:`InputError` if undeclared)."""
        for s in self._layers:
            if s.name == name:
                return s
        raise InputError(f"no layer named {name!r}; layers are: {', '.join(self.layer_names)}"
                         f" (or {AGGREGATE!r})")

    @property
    def n_firms(self) -> int:
        """Number of firms (all of them, isolated or not)."""
        return len(self._firms)

    @property
    def firm_ids(self) -> pd.Index:
        """Firm ids in code order."""
        return self._firms.index

    @property
    def validation(self):
        """The :class:`~netclust.io.validation.ValidationReport` of the read (or None)."""
        return self._validation

    @property
    def provenance(self) -> MappingProxyType:
        """Read-only dict: input sources with sha256 hashes and read options."""
        return MappingProxyType(self._provenance)

    def codes(self, ids) -> np.ndarray:
        """Integer codes (row positions) of firm ids.

        Raises
        ------
        UnknownFirmError
            Listing every id that is not a firm of this network.

        Examples
        --------
        >>> import netclust as nc
        >>> nc.datasets.toy().codes(["A1", "S2"]).tolist()
        [0, 3]
        """
        if isinstance(ids, str):
            ids = [ids]
        ids = pd.Index([str(i) for i in ids], dtype=object)
        codes = self._firms.index.get_indexer(ids)
        if (codes < 0).any():
            raise UnknownFirmError(ids[codes < 0])
        return codes.astype(np.int64)

    # ------------------------------------------------------------------ graph views
    def _layer_arrays(self, layer: str, directed: bool | None, weighted: bool = True):
        """Coded edges of one layer (or the aggregate) after the direction rule."""
        key = ("arrays", layer, directed, weighted)
        if key in self._cache:
            return self._cache[key]
        if not weighted:  # the same pairs with weight 1: no second grouping of the links
            s, d, _, is_dir, extra = self._layer_arrays(layer, directed, True)
            self._cache[key] = (s, d, np.ones(len(s)), is_dir, extra)
            return self._cache[key]
        n = self.n_firms
        if layer == AGGREGATE:
            if directed:
                raise InputError("the aggregate view is undirected")
            s = self._links["src"].to_numpy()
            d = self._links["dst"].to_numpy()
            w = self._effective_weights()
            lo, hi = np.minimum(s, d), np.maximum(s, d)
            key_pair = lo * n + hi
            uniq, inv = np.unique(key_pair, return_inverse=True)
            wsum = np.bincount(inv, weights=w, minlength=len(uniq))
            lay_pairs = unique(inv * len(self._layers) + self._layer_idx)
            n_layers = np.bincount(lay_pairs // len(self._layers), minlength=len(uniq))
            out = (uniq // n, uniq % n, wsum if weighted else np.ones(len(uniq)), False,
                   {"n_layers": n_layers.astype(np.int64)})
        else:
            spec = self.layer_spec(layer)
            li = self.layer_names.index(layer)
            mask = self._layer_idx == li
            s = self._links["src"].to_numpy()[mask]
            d = self._links["dst"].to_numpy()[mask]
            w = self._effective_weights()[mask]
            is_dir = spec.directed if directed is None else bool(directed)
            if is_dir and not spec.directed:
                raise InputError(f"layer {layer!r} is undirected; it has no directed view")
            if not is_dir and spec.directed:
                lo, hi = np.minimum(s, d), np.maximum(s, d)
                s, d = lo, hi
            key_pair = s * n + d
            uniq, inv = np.unique(key_pair, return_inverse=True)
            if not (weighted and spec.weighted):  # binary: a reciprocated pair weighs 1
                w = np.ones(len(uniq))
            elif len(uniq) != len(key_pair):  # periods, or both directions joined
                w = np.bincount(inv, weights=w, minlength=len(uniq))
            else:
                w = w[np.argsort(key_pair, kind="stable")] if len(w) else w
            out = (uniq // n, uniq % n, w, is_dir, {})
        self._cache[key] = out
        return out

    def _effective_weights(self) -> np.ndarray:
        """Link weights, with 1.0 on layers declared unweighted."""
        if "eff_w" not in self._cache:
            unweighted = np.array([not s.weighted for s in self._layers], dtype=bool)
            w = self._links[S.WEIGHT].to_numpy(dtype=float)
            self._cache["eff_w"] = np.where(unweighted[self._layer_idx], 1.0, w) if len(w) else w
        return self._cache["eff_w"]

    def release_views(self) -> None:
        """Forget the cached *undirected views of directed layers* (graphs, matrices).

        Per-layer measures build them (constraint, clustering, eigenvector read every
        layer undirected); later steps mostly use the declared views and the aggregate,
        so keeping them costs memory for nothing (0.75 GB at 1,000,000 firms). A view
        asked for again is rebuilt, identical. The network's data is unchanged.

        Examples
        --------
        >>> import netclust as nc
        >>> net = nc.datasets.toy()
        >>> g = net.to_igraph("procurement", directed=False)
        >>> net.release_views()
        >>> net.to_igraph("procurement", directed=False).ecount() == g.ecount()
        True
        """
        for key in [k for k in self._cache if isinstance(k, tuple) and len(k) > 2 and k[2] is False]:
            del self._cache[key]

    def _check_layer(self, layer: str) -> str:
        if layer != AGGREGATE:
            self.layer_spec(layer)
        return layer

    def to_igraph(self, layer: str = AGGREGATE, *, directed: bool | None = None):
        """Return the igraph view of one layer or of the aggregate (cached; do not mutate).

        Parameters
        ----------
        layer : str, default "aggregate"
            A layer name or ``"aggregate"``.
        directed : bool, optional
            ``None`` follows the layer's spec; ``False`` on a directed layer gives
            its undirected view (weights of both directions summed on a weighted
            layer; binary, weight 1 per linked pair, on an unweighted layer).

        Returns
        -------
        igraph.Graph
            ``n_firms`` vertices in firm order with vertex attribute ``name`` (firm_id)
            and edge attribute ``weight`` (1.0 on unweighted layers); the aggregate
            also has ``n_layers``. Call ``.copy()`` before modifying it.

        Examples
        --------
        >>> import netclust as nc
        >>> g = nc.datasets.toy().to_igraph("logistics", directed=False)
        >>> g.is_directed(), g.vcount(), g.ecount()
        (False, 9, 4)
        """
        import igraph as ig

        self._check_layer(layer)
        key = ("igraph", layer, directed)
        if key not in self._cache:
            s, d, w, is_dir, extra = self._layer_arrays(layer, directed)
            g = ig.Graph(n=self.n_firms, directed=is_dir)
            g.add_edges(np.column_stack([s, d]))  # numpy pairs: about 2x faster than lists
            if "names" not in self._cache:  # one list of firm ids shared by every view
                self._cache["names"] = self._firms.index.tolist()
            g.vs["name"] = self._cache["names"]
            g.es["weight"] = w.tolist()
            for k, v in extra.items():
                g.es[k] = v.tolist()
            self._cache[key] = g
        return self._cache[key]

    def adjacency(self, layer: str = AGGREGATE, *, directed: bool | None = None,
                  weighted: bool = True) -> sp.csr_matrix:
        """Return the N×N adjacency matrix of one layer (or the aggregate).

        ``A[i, j]`` is the weight of ``i → j`` (1 when ``weighted=False``);
        undirected layers and undirected views are symmetric.

        Examples
        --------
        >>> import netclust as nc
        >>> A = nc.datasets.toy().adjacency("design_sharing", weighted=False)
        >>> A.shape, int(A.sum()), (A != A.T).nnz
        ((9, 9), 6, 0)
        """
        self._check_layer(layer)
        key = ("adj", layer, directed, weighted)
        if key not in self._cache:
            s, d, w, is_dir, _ = self._layer_arrays(layer, directed, weighted)
            n = self.n_firms
            a = sp.csr_matrix((w, (s, d)), shape=(n, n))
            if not is_dir:
                a = (a + a.T).tocsr()
            self._cache[key] = a
        return self._cache[key]

    def supra_adjacency(self, omega: float = 1.0, *, directed: bool = False,
                        weighted: bool = True) -> sp.csr_matrix:
        """Node-aligned supra-adjacency matrix with categorical inter-layer coupling.

        Parameters
        ----------
        omega : float, default 1.0
            Weight of the link between a firm's copies in every pair of layers.
        directed : bool, default False
            Keep directed layers directed (``True``) or use their undirected views.
        weighted : bool, default True

        Returns
        -------
        scipy.sparse.csr_matrix
            Shape ``(L·N, L·N)``; node-layer ``(i, α)`` has index ``α·N + i``
            (layers in :attr:`layer_names` order). Diagonal blocks are the layers'
            adjacency matrices, off-diagonal blocks ``ω·I``.

        References
        ----------
        De Domenico M. et al. (2013) Mathematical formulation of multilayer networks.
        Phys. Rev. X 3:041022.

        Examples
        --------
        >>> import netclust as nc
        >>> M = nc.datasets.toy().supra_adjacency(omega=0.5)
        >>> M.shape, float(M[0, 9])
        ((27, 27), 0.5)
        """
        if omega < 0:
            raise InputError("omega must be >= 0")
        key = ("supra", float(omega), directed, weighted)
        if key not in self._cache:
            n, L = self.n_firms, len(self._layers)
            blocks = [self.adjacency(s.name, directed=None if directed else False, weighted=weighted)
                      for s in self._layers]
            m = sp.block_diag(blocks, format="csr")
            if L > 1 and omega:
                coupling = sp.kron(np.ones((L, L)) - np.eye(L), sp.identity(n), format="csr")
                m = (m + omega * coupling).tocsr()
            self._cache[key] = m
        return self._cache[key]

    def to_networkx(self, layer: str | None = None):
        """Return a networkx graph (for interoperability and as a test oracle).

        Parameters
        ----------
        layer : str, optional
            ``None``: a ``MultiDiGraph`` with every layer, edge key = layer name
            (``"layer period"`` when the links have periods, so that every link is an
            edge), edge attributes ``weight``, ``count``, ``layer`` and ``directed``
            (+ ``period``; undirected-layer links appear once, from the lower-coded firm).
            A layer name: a ``DiGraph`` or ``Graph`` of that layer.
            ``"aggregate"``: a ``Graph`` of the union (attributes ``weight``, ``n_layers``).

        Examples
        --------
        >>> import netclust as nc
        >>> G = nc.datasets.toy().to_networkx()
        >>> G.number_of_nodes(), G.number_of_edges()
        (9, 13)
        """
        import networkx as nx

        nodes = self._node_attributes()
        if layer is None:
            G = nx.MultiDiGraph()
            G.add_nodes_from(nodes)
            lk = self._links
            directed = {s.name: s.directed for s in self._layers}
            attrs = [{"weight": float(w), "count": int(c), "layer": lay, "directed": directed[lay]}
                     for w, c, lay in zip(lk[S.WEIGHT], lk[S.COUNT], lk[S.LAYER])]
            keys = lk[S.LAYER]
            if S.PERIOD in lk.columns:  # one edge per link: a (pair, layer) has one per period
                for a, p in zip(attrs, lk[S.PERIOD]):
                    a[S.PERIOD] = p
                keys = lk[S.LAYER].astype(str) + " " + lk[S.PERIOD].astype(str)
            G.add_edges_from(zip(lk[S.SOURCE], lk[S.TARGET], keys, attrs))
            return G
        self._check_layer(layer)
        s, d, w, is_dir, extra = self._layer_arrays(layer, None)
        G = nx.DiGraph() if is_dir else nx.Graph()
        G.add_nodes_from(nodes)
        ids = self._firms.index.to_numpy()
        cols = {"weight": w.tolist(), **{k: v.tolist() for k, v in extra.items()}}
        names = list(cols)
        G.add_edges_from((a, b, dict(zip(names, vals)))
                         for a, b, *vals in zip(ids[s], ids[d], *cols.values()))
        return G

    def _node_attributes(self):
        frame = self._firms
        records = frame.to_dict("records")
        out = []
        for fid, rec in zip(frame.index, records):
            out.append((fid, {k: _plain(v) for k, v in rec.items() if not _missing(v)}))
        return out

    # ------------------------------------------------------------------ new networks
    def _derive(self, firms: pd.DataFrame, links: pd.DataFrame, layers=None, what: str = ""):
        prov = dict(self._provenance)
        if what:
            prov["derived"] = list(prov.get("derived", [])) + [what]
        cols = [S.SOURCE, S.TARGET, S.LAYER, S.WEIGHT, S.COUNT] + (
            [S.PERIOD] if S.PERIOD in links.columns else [])
        return MultilayerNetwork(firms, links[cols], layers or self._layers,
                                 validation=self._validation, provenance=prov)

    def subset(self, *, layers=None, roles=None, firms=None, period=None) -> "MultilayerNetwork":
        """Return the sub-network of some layers, roles, firms and/or one period.

        Parameters
        ----------
        layers : str or list of str, optional
            Keep only these layers (links of other layers dropped).
        roles : str or list of str, optional
            Keep only firms with these roles.
        firms : list of firm ids, optional
            Keep only these firms (combined with ``roles`` by intersection).
        period : str, optional
            Keep only links whose ``period`` label lies in this window (see
            :func:`netclust.periods.parse_period`); needs a network read with
            ``by_period=`` or with a ``period`` column.

        Examples
        --------
        >>> import netclust as nc
        >>> sub = nc.datasets.toy().subset(roles=["anchor", "sme"], layers="procurement")
        >>> sub.n_firms, len(sub.links)
        (5, 4)
        """
        keep_layers = self._layers
        fr = self._firms
        lk = self._links
        if layers is not None:
            names = str_list(layers, "layers")
            keep_layers = tuple(self.layer_spec(n) for n in names)
            lk = lk[lk[S.LAYER].isin(names)]
        mask = np.ones(len(fr), dtype=bool)
        if roles is not None:
            roles = str_list(roles, "roles")
            mask &= fr[S.ROLE].isin(roles).to_numpy()
        if firms is not None:
            codes = self.codes(firms)
            m = np.zeros(len(fr), dtype=bool)
            m[codes] = True
            mask &= m
        if period is not None:
            if S.PERIOD not in lk.columns:
                raise InputError("these links carry no period: read them with by_period='year' "
                                 "(or a period column) to subset by period")
            from netclust.periods import parse_period, period_bounds

            start, end = parse_period(period)
            ps, pe = period_bounds(lk[S.PERIOD].to_numpy(dtype=object))
            lk = lk[(ps >= np.datetime64(start, "ns")) & (pe <= np.datetime64(end, "ns"))]
        fr = fr[mask]
        lk = lk[mask[lk["src"].to_numpy()] & mask[lk["dst"].to_numpy()]]
        return self._derive(fr, lk, keep_layers, "subset")

    def remove_firms(self, ids) -> "MultilayerNetwork":
        """Return the network without these firms and their links.

        Examples
        --------
        >>> import netclust as nc
        >>> nc.datasets.toy().remove_firms(["A1"]).n_firms
        8
        """
        codes = self.codes(ids)
        keep = np.ones(self.n_firms, dtype=bool)
        keep[codes] = False
        return self.subset(firms=self._firms.index[keep])

    def derived_from(self, base: "MultilayerNetwork", what: str) -> "MultilayerNetwork":
        """Record that this network was derived from ``base`` (provenance) and return it.

        The provenance becomes ``base``'s with ``what`` appended to its ``derived``
        list (as :meth:`subset` and :meth:`remove_firms` record themselves).

        Examples
        --------
        >>> import netclust as nc
        >>> toy = nc.datasets.toy()
        >>> nc.datasets.toy().derived_from(toy, "copy").provenance["derived"][-1]
        'copy'
        """
        prov = dict(base.provenance)
        prov["derived"] = list(prov.get("derived", [])) + [what]
        self._provenance = prov
        return self

    # ------------------------------------------------------------------ description
    def summary(self) -> "NetworkSummary":
        """One-screen description: firms by role and, per layer, links, density, components.

        ``density`` is :func:`netclust.metrics.tidy.density`; ``reciprocity_pairs`` is
        :func:`netclust.metrics.cluster_indicators.reciprocity`: the share of linked
        pairs that link both ways (igraph ``reciprocity(mode="ratio")``), NaN on
        undirected layers, the aggregate and layers without links.

        Examples
        --------
        >>> import netclust as nc
        >>> s = nc.datasets.toy().summary()
        >>> s.layers.loc["procurement", ["links", "components"]].tolist()
        [6, 4]
        """
        from netclust.metrics.cluster_indicators import reciprocity
        from netclust.metrics.tidy import density

        rows = []
        n = self.n_firms
        recip = reciprocity(self)
        from scipy.sparse.csgraph import connected_components

        for name in self.layer_names + [AGGREGATE]:
            # the coded edges of the view to_igraph(name) is built from: no graph needed
            src, dst, w, directed, _extra = self._layer_arrays(name, None)
            m = len(src)
            active = np.zeros(n, dtype=bool)
            active[src] = active[dst] = True
            sizes = np.zeros(1, dtype=np.int64)
            if n:
                _k, labels = connected_components(
                    sp.csr_matrix((np.ones(m), (src, dst)), shape=(n, n)), directed=True,
                    connection="weak")
                sizes = np.bincount(labels)
            rows.append({
                "layer": name, "directed": directed, "links": m,
                "active_firms": int(active.sum()),
                "density": density(m, n, directed),
                "components": len(sizes),
                "largest_component": int(sizes.max()) if len(sizes) else 0,
                "reciprocity_pairs": float(recip.get(name, np.nan)) if directed else np.nan,
                "total_weight": float(np.sum(w)) if m else 0.0,
            })
        layers = pd.DataFrame(rows).set_index("layer")
        roles = self._firms[S.ROLE].value_counts().rename("firms")
        roles.index.name = "role"
        return NetworkSummary(n_firms=n, n_links=len(self._links), roles=roles, layers=layers,
                              warnings=[p.format() for p in (self._validation.warnings
                                                             if self._validation else [])])

    def __repr__(self) -> str:
        return (f"<MultilayerNetwork: {self.n_firms} firms, {len(self._links)} links in "
                f"{len(self._layers)} layers ({', '.join(self.layer_names)})>")

    def _repr_html_(self) -> str:
        from netclust.html.notebook import network_repr_html

        return network_repr_html(self)


@dataclass(frozen=True)
class NetworkSummary:
    """Counts that describe a network on one screen (see :meth:`MultilayerNetwork.summary`)."""

    n_firms: int
    n_links: int
    roles: pd.Series
    layers: pd.DataFrame
    warnings: list

    def __str__(self) -> str:
        """The one-screen text ``netclust info`` prints, in the language in force.

        Numbers go through :mod:`netclust.html.formatting` (counts with thousands
        separators, shares as percentages, three significant digits, no e-notation).

        Examples
        --------
        >>> text = str(nc.datasets.toy().summary())
        >>> text.splitlines()[0]
        '9 firms, 13 links'
        >>> "e-0" in text, ".0 " in text
        (False, False)
        """
        from netclust.html.formatting import fmt_number, fmt_percent
        from netclust.i18n import gettext as _

        lines = [_("{firms} firms, {links} links").format(firms=fmt_number(self.n_firms),
                                                          links=fmt_number(self.n_links)),
                 "", _("Firms by role") + ":"]
        roles = pd.DataFrame({"n": [fmt_number(int(k)) for k in self.roles.to_numpy()],
                              "share": [fmt_percent(k / max(self.n_firms, 1))
                                        for k in self.roles.to_numpy()]},
                             index=[S.role_label(r) for r in self.roles.index])
        lines += (["  " + ln for ln in roles.to_string(header=False).splitlines()] if len(roles)
                  else ["  " + _("(none)")])
        lines += ["", _("Layers") + ":"]
        with pd.option_context("display.unicode.east_asian_width", True):
            lines += ["  " + ln for ln in _layers_table(self.layers).to_string().splitlines()]
        if self.warnings:
            lines += ["", _("Data warnings ({n}):").format(n=len(self.warnings))]
            lines += ["  " + w for w in self.warnings]
        return "\n".join(lines)


def _layers_table(layers: pd.DataFrame) -> pd.DataFrame:
    """The summary's layer table as text, with the report's column labels (translated)."""
    from netclust.html.formatting import fmt_number
    from netclust.i18n import gettext as _

    labels = {"links": _("links"), "active_firms": _("firms with links"), "density": _("density"),
              "components": _("components"), "largest_component": _("largest component"),
              "reciprocity_pairs": _("reciprocity (pairs)"), "total_weight": _("total weight")}
    out = pd.DataFrame({_("kind"): [_("directed") if d else _("undirected")
                                    for d in layers["directed"].to_numpy()]},
                       index=[_(AGGREGATE) if i == AGGREGATE else str(i) for i in layers.index])
    for col, label in labels.items():
        values = layers[col].to_numpy()
        whole = col in ("links", "active_firms", "components", "largest_component", "total_weight")
        out[label] = [fmt_number(int(v) if whole and v == v and abs(v) < 1e15 and v == round(v) else v)
                      for v in values]
    out.index.name = _("layer")
    return out


def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and v != v


def _plain(v):
    if isinstance(v, np.generic):
        return v.item()
    return v
