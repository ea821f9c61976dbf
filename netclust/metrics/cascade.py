"""Cross-layer failure cascades, systemic importance and interdependent percolation.

A firm does not only lose neighbours when others leave: it may *depend* on them.
A maker that loses every leather supplier stops producing; a small firm that sold
only through one anchor's overseas channel is stranded; a firm whose logistics
providers all close has lost every logistics provider (flagged ``lost_export``: it
does not fail, and it may still reach an exporter along other channels — export
access itself is measured by :mod:`netclust.metrics.channels`, whose
``smes_dependent`` counts the SMEs that would lose it). This module declares such
dependencies (:class:`Dependency`), propagates failures round by round until
nothing changes (Watts 2002 threshold rule, Buldyrev et al. 2010 cross-layer
propagation), lets a firm substitute a lost provider where an alternative exists,
and ranks every firm by the size of the cascade its single failure triggers
(:func:`systemic_importance`).

It also gives the classic mutual-percolation model of interdependent networks
(:func:`mutual_component`, :func:`interdependent_percolation`): a firm functions
only while it belongs to the giant component of every layer.

Conventions
-----------
* Providers of a firm in a directed layer are its in-neighbours (``"in"``: goods
  flow seller -> buyer in ``procurement``) or out-neighbours (``"out"``: shipper ->
  provider in ``logistics``); in an undirected layer, all neighbours.
* Lost share of kind ``k`` for firm ``i``: link weight from failed providers of kind
  ``k`` over the total from its providers of kind ``k`` (counts with
  ``weighted=False``). The firm fails when the lost share reaches the threshold
  (``>= theta``; ``theta = 1``: it lost them all) for *any* kind.
* Seeds fail in round 0; round ``r`` holds the firms whose condition became true
  from the failures of round ``r - 1``. Cascade size counts failed firms other than
  the seeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from netclust._arrays import unique
from netclust._progress import report
from netclust._random import make_rng
from netclust.metrics._exporting import exporting_mask
from netclust.metrics.exporters import known_exporters
from netclust.metrics._views import LayerView, views
from netclust._check import positive_int, str_list
from netclust.errors import InputError
from netclust.schema import ROLE

__all__ = ["Dependency", "default_dependencies", "cascade", "CascadeResult",
           "systemic_importance", "mutual_component", "interdependent_percolation"]

_EFFECTS = ("fail", "lose_export")


@dataclass(frozen=True)
class Dependency:
    """A declared dependency of some firms on their providers in one layer.

    Parameters
    ----------
    name : str
        Label used in results (``cause`` column).
    layer : str
        Layer carrying the provider links.
    providers : {"in", "out"}, default "in"
        Providers are the sources of links into the firm (``"in"``) or the targets of
        its links (``"out"``); ignored on undirected layers (all neighbours).
    dependents : tuple of str, optional
        Roles of the dependent firms (``None``: every role).
    provider_roles : tuple of str, optional
        Roles counted as providers (``None``: every role).
    where : str or callable, optional
        Extra condition selecting dependents: a :meth:`pandas.DataFrame.eval`
        expression on the firms table (e.g. ``"sector == 'leather'"``), or a function
        ``f(net) -> bool array`` (one entry per firm, firm order).
    kind_by : str, optional
        Firm column splitting providers into kinds (e.g. ``"sector"``: leather,
        hardware...); the firm needs every kind it buys. ``None``: one kind.
    threshold : float, default 1.0
        Lost share (0 < theta <= 1) at which the firm is hit; 1 = all providers lost.
    weighted : bool, default True
        Shares by link weight (else by number of providers).
    substitution : str, optional
        Where a hit firm may find an alternative: ``None`` (nowhere), ``"cluster"``
        (any surviving provider of the same kind), or a firm column such as
        ``"area"`` (a surviving provider of the same kind in the firm's own area).
        Substitution is capacity-free: one surviving alternative is enough.
    effect : {"fail", "lose_export"}, default "fail"
        ``fail``: the firm fails and its own failure propagates; ``lose_export``: the
        firm is only flagged as having lost the providers of this rule (by default
        every logistics provider it ships through; recorded, not propagated). The
        flag does not mean the firm lost export access: that is a channel path to an
        exporter, see :func:`netclust.metrics.channels.export_channels`.

    Examples
    --------
    >>> from netclust.metrics.cascade import Dependency
    >>> Dependency("supplies", "procurement", provider_roles=("supplier",)).threshold
    1.0
    """

    name: str
    layer: str
    providers: str = "in"
    dependents: tuple | None = None
    provider_roles: tuple | None = None
    where: object = None
    kind_by: str | None = None
    threshold: float = 1.0
    weighted: bool = True
    substitution: str | None = None
    effect: str = "fail"


def default_dependencies(net, exporters=None) -> list:
    """Return the default Shiling dependencies that the network's layers and columns allow.

    Parameters
    ----------
    net : MultilayerNetwork
    exporters : str or sequence of str, optional
        Exporting roles, as in :func:`netclust.metrics.exporters.exporters`: when given,
        every firm of these roles exports (whatever the ``exporter`` column says) and so
        never fails by losing the anchors it sells to; when omitted, the ``exporter``
        column decides.

    Returns
    -------
    list of Dependency
        ``supplies``: an anchor or SME fails when it loses every procurement
        supplier of one kind (kinds = supplier ``sector`` when the column exists);
        ``orders``: an SME that does not export fails when it loses every anchor it
        sells to (its channel); exporting firms are those of
        :func:`netclust.metrics.exporters.exporters` (the ``exporter`` column, or every
        firm of the roles named by ``exporters``: the assumption every other output
        states); without exporter data there is no exporter condition (every SME
        depends on its anchors), as before that helper existed; ``shipping`` (effect
        ``lose_export``): a
        maker is flagged when every logistics provider it ships through fails (it lost
        its shippers; its export access is measured by the channels module).

    Raises
    ------
    InputError
        Never for a valid network (dependencies on missing layers are left out).

    See Also
    --------
    cascade, Dependency

    Notes
    -----
    Direction conventions of the default layers: ``procurement`` goes seller ->
    buyer (so suppliers are in-neighbours and the anchors an SME sells to are
    out-neighbours); ``logistics`` goes shipper -> provider.

    Examples
    --------
    >>> [d.name for d in nc.metrics.cascade.default_dependencies(nc.datasets.toy())]
    ['supplies', 'orders', 'shipping']

    With ``exporters="anchor,sme"`` every SME exports, so none depends on its anchors:

    >>> net = nc.datasets.toy()
    >>> sme = (net.firms["role"] == "sme").to_numpy()
    >>> [int(nc.metrics.cascade.default_dependencies(net, roles)[1].where(net)[sme].sum())
    ...  for roles in (None, "anchor", "anchor,sme")]   # SMEs that need their anchors
    [2, 3, 0]
    """
    names = set(net.layer_names)
    cols = set(net.firms.columns)
    out = []
    if "procurement" in names:
        out.append(Dependency("supplies", "procurement", "in", ("anchor", "sme"), ("supplier",),
                              kind_by="sector" if "sector" in cols else None))
        known = exporters is not None or exporting_mask(net) is not None
        out.append(Dependency("orders", "procurement", "out", ("sme",), ("anchor",),
                              where=_NotExporting(exporters) if known else None))
    if "logistics" in names:
        out.append(Dependency("shipping", "logistics", "out", ("anchor", "sme"), ("logistics",),
                              effect="lose_export"))
    return out


# ------------------------------------------------------------------------------------
# compiled form of the dependencies
# ------------------------------------------------------------------------------------
@dataclass
class _Rule:
    name: str
    layer: str
    orient: str                   # "in", "out" or "both" (undirected layer)
    effect: str
    threshold: float
    w: sp.csr_matrix              # provider x dependent weights (one kind)
    total: np.ndarray             # per dependent
    groups: np.ndarray | None     # substitution group of each dependent (or None)
    alt: sp.csr_matrix | None     # provider x group indicator (this kind), for substitution
    alt_total: np.ndarray | None  # providers of this kind per group


def _mask_roles(firms, roles) -> np.ndarray:
    if roles is None:
        return np.ones(len(firms), dtype=bool)
    return np.array(firms[ROLE].astype(str).isin(str_list(roles, "roles")).to_numpy(),
                    dtype=bool)


@dataclass(frozen=True)
class _NotExporting:
    """Firms that do not export (the ``orders`` dependency's condition), by ``exporters``.

    A callable object rather than a closure, so that two default dependency lists with
    the same exporter rule compare (and print) equal.
    """

    roles: object = None

    def __call__(self, net) -> np.ndarray:
        if self.roles is None:
            return ~exporting_mask(net)
        return ~known_exporters(net, self.roles).mask


def _check_dependency(d) -> None:
    if not isinstance(d, Dependency):
        raise InputError(f"dependencies must be Dependency objects, not {type(d).__name__}")
    if d.providers not in ("in", "out"):
        raise InputError(f"{d.name}: providers must be 'in' or 'out', not {d.providers!r}")
    if d.effect not in _EFFECTS:
        raise InputError(f"{d.name}: effect must be one of {_EFFECTS}, not {d.effect!r}")
    if not 0 < float(d.threshold) <= 1:
        raise InputError(f"{d.name}: threshold must be in (0, 1], not {d.threshold!r}")


def _dependents(net, d) -> np.ndarray:
    """Dependent firms of ``d``: its roles and its ``where`` condition."""
    firms = net.firms
    dep = _mask_roles(firms, d.dependents)
    if callable(d.where):
        return dep & np.asarray(d.where(net), dtype=bool)
    if d.where:
        try:
            cond = pd.Series(firms.eval(d.where), index=firms.index)
        except Exception as exc:  # pandas raises many kinds of errors for bad queries
            raise InputError(f"{d.name}: cannot evaluate where={d.where!r}: {exc}") from None
        dep = dep & cond.astype("boolean").fillna(False).to_numpy(dtype=bool)
    return dep


def _factor(firms, column: str) -> np.ndarray:
    return pd.factorize(firms[column].astype(str), use_na_sentinel=False)[0].astype(np.int64)


def _kinds(firms, d) -> np.ndarray:
    """Provider kind of every firm (all 0 without ``kind_by``)."""
    if d.kind_by is None:
        return np.zeros(len(firms), dtype=np.int64)
    if d.kind_by not in firms.columns:
        raise InputError(f"{d.name}: no firm column {d.kind_by!r} for kind_by")
    return _factor(firms, d.kind_by)


def _groups(firms, d):
    """Substitution group of every firm, or None without substitution."""
    if d.substitution is None:
        return None
    if d.substitution == "cluster":
        return np.zeros(len(firms), dtype=np.int64)
    if d.substitution in firms.columns:
        return _factor(firms, d.substitution)
    raise InputError(f"{d.name}: substitution must be None, 'cluster' or a firm "
                     f"column; no column {d.substitution!r}")


def _compile_one(net, d) -> list:
    """The rules of one dependency: one per provider kind with links."""
    _check_dependency(d)
    firms = net.firms
    n = net.n_firms
    directed = net.layer_spec(d.layer).directed
    a = LayerView.of(net, d.layer).matrix(weighted=d.weighted)   # A[i, j] = weight i -> j
    if directed and d.providers == "out":
        a = a.T                                             # provider -> dependent
    prov = _mask_roles(firms, d.provider_roles)
    a = sp.csr_matrix(sp.diags(prov.astype(float)) @ sp.csr_matrix(a)
                      @ sp.diags(_dependents(net, d).astype(float)))
    a.eliminate_zeros()
    kinds = _kinds(firms, d)
    groups = _groups(firms, d)
    n_groups = int(groups.max()) + 1 if groups is not None and n else 0
    rules = []
    for k in range(int(kinds.max()) + 1 if n else 1):
        in_kind = prov & (kinds == k)
        wk = sp.csr_matrix(sp.diags(in_kind.astype(float)) @ a)
        wk.eliminate_zeros()
        if wk.nnz == 0:
            continue
        total = np.asarray(wk.sum(axis=0)).ravel()
        alt = alt_total = None
        if groups is not None:
            alt = sp.csr_matrix((np.ones(int(in_kind.sum())),
                                 (np.flatnonzero(in_kind), groups[in_kind])),
                                shape=(n, n_groups))
            alt_total = np.asarray(alt.sum(axis=0)).ravel()
        orient = d.providers if directed else "both"
        rules.append(_Rule(d.name, d.layer, orient, d.effect, float(d.threshold), wk, total,
                           groups, alt, alt_total))
    return rules


def _compile(net, dependencies) -> list:
    return [rule for d in dependencies for rule in _compile_one(net, d)]


def _initial_lost(net, rules, lost_links) -> list:
    """Per rule, a 1 x N matrix of the input weight that the removed links carried."""
    n = net.n_firms
    need = {"source", "target", "layer"} - set(lost_links.columns)
    if need:
        raise InputError(f"lost_links needs columns source, target, layer (missing {sorted(need)})")
    s = net.codes(lost_links["source"].astype(str).tolist())
    t = net.codes(lost_links["target"].astype(str).tolist())
    lay = lost_links["layer"].astype(str).to_numpy()
    for name in set(lay.tolist()):
        net.layer_spec(name)
    out = []
    for rule in rules:
        m = lay == rule.layer
        cut = sp.csr_matrix((np.ones(int(m.sum())), (s[m], t[m])), shape=(n, n))
        if rule.orient == "out":
            cut = cut.T
        elif rule.orient == "both":
            cut = cut + cut.T
        hit = rule.w.multiply(cut > 0)                       # provider x dependent
        out.append(sp.csr_matrix(np.asarray(hit.sum(axis=0)).reshape(1, -1)))
    return out


def _cat(xs) -> np.ndarray:
    return np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64)


def _rule_hits(rule, lost_r, failed, n):
    """Keys (row * n + firm) of the dependents that ``rule`` brings down now (None: none).

    A dependent is hit when the lost input weight reaches ``threshold`` of its total;
    with substitution, only if no provider of the kind survives in its group.
    """
    lr = lost_r.tocoo()
    if lr.nnz == 0:
        return None
    tot = rule.total[lr.col]
    hit = lr.data >= rule.threshold * tot * (1 - 1e-9)
    rows, cols = lr.row[hit].astype(np.int64), lr.col[hit].astype(np.int64)
    if rule.alt is not None and len(rows):
        dead = (failed @ rule.alt).tocsr()               # failed providers per group
        g = rule.groups[cols]
        alive = rule.alt_total[g] - np.asarray(dead[rows, g]).ravel()
        keep = alive <= 0
        rows, cols = rows[keep], cols[keep]
    return rows * n + cols


def _propagate(rules, n, seeds_rows, seeds_cols, n_seeds, initial_lost=None, max_rounds=None):
    """Run cascades for many seed sets at once.

    ``seeds_rows[j]`` is the cascade (row) of seed firm ``seeds_cols[j]``. Returns
    arrays (row, firm, round, cause) of failures and (row, firm, round, cause) of
    lost export channels.
    """
    failed_keys = unique(seeds_rows.astype(np.int64) * n + seeds_cols)
    fail_r = [seeds_rows.astype(np.int64)]
    fail_c = [seeds_cols.astype(np.int64)]
    fail_round = [np.zeros(len(seeds_rows), dtype=np.int64)]
    fail_cause = [np.full(len(seeds_rows), -1, dtype=np.int64)]
    exp_r, exp_c, exp_round, exp_cause = [], [], [], []
    exp_keys = np.zeros(0, dtype=np.int64)
    lost = [sp.csr_matrix((n_seeds, n)) for _ in rules]
    if initial_lost is not None:
        lost = [sp.csr_matrix(sp.vstack([il] * n_seeds)) if n_seeds > 1 else il.copy()
                for il in initial_lost]
    new = sp.csr_matrix((np.ones(len(seeds_rows)), (seeds_rows, seeds_cols)), shape=(n_seeds, n))
    failed = new.copy()
    rnd = 0
    while True:
        rnd += 1
        if max_rounds is not None and rnd > max_rounds:
            break
        cand_keys, cand_cause = [], []
        for r, rule in enumerate(rules):
            lost[r] = (lost[r] + new @ rule.w).tocsr()
            keys = _rule_hits(rule, lost[r], failed, n)
            if keys is None:
                continue
            keys = keys[~np.isin(keys, failed_keys)]
            if rule.effect == "lose_export":
                keys = keys[~np.isin(keys, exp_keys)]
                if len(keys):
                    keys = unique(keys)
                    exp_keys = np.union1d(exp_keys, keys)
                    exp_r.append(keys // n)
                    exp_c.append(keys % n)
                    exp_round.append(np.full(len(keys), rnd, dtype=np.int64))
                    exp_cause.append(np.full(len(keys), r, dtype=np.int64))
                continue
            cand_keys.append(keys)
            cand_cause.append(np.full(len(keys), r, dtype=np.int64))
        if not cand_keys or not sum(len(k) for k in cand_keys):
            break
        keys = np.concatenate(cand_keys)
        cause = np.concatenate(cand_cause)
        keys, idx = np.unique(keys, return_index=True)   # first rule in declaration order
        cause = cause[idx]
        failed_keys = np.union1d(failed_keys, keys)
        rows, cols = keys // n, keys % n
        fail_r.append(rows)
        fail_c.append(cols)
        fail_round.append(np.full(len(keys), rnd, dtype=np.int64))
        fail_cause.append(cause)
        new = sp.csr_matrix((np.ones(len(keys)), (rows, cols)), shape=(n_seeds, n))
        failed = (failed + new).tocsr()
    fails = (_cat(fail_r), _cat(fail_c), _cat(fail_round), _cat(fail_cause))
    exp = (_cat(exp_r), _cat(exp_c), _cat(exp_round), _cat(exp_cause))
    # a firm that failed does not also "lose its export channel"
    if len(exp[0]):
        ek = exp[0] * n + exp[1]
        keep = ~np.isin(ek, failed_keys)
        exp = tuple(x[keep] for x in exp)
    return fails, exp


@dataclass(frozen=True)
class CascadeResult:
    """Outcome of :func:`cascade`.

    Attributes
    ----------
    failed : pandas.DataFrame
        ``firm_id, name, role, round, cause``: every failed firm (seeds in round 0
        with cause ``seed``).
    lost_export : pandas.DataFrame
        ``firm_id, name, role, round, cause``: surviving firms hit by a
        ``lose_export`` rule — by default, firms that lost every logistics provider
        (not necessarily their export access; see :class:`Dependency`).
    rounds : int
        Last round in which something happened.
    seeds : tuple of str
        The seed firms.
    """

    failed: pd.DataFrame
    lost_export: pd.DataFrame
    rounds: int
    seeds: tuple = field(default=())

    @property
    def size(self) -> int:
        """Number of failed firms other than the seeds."""
        return int((self.failed["round"] > 0).sum())


def _frame(net, codes, rounds, causes, names):
    firms = net.firms
    ids = net.firm_ids[codes]
    return pd.DataFrame({
        "firm_id": ids.to_numpy(dtype=object),
        "name": firms["name"].to_numpy(dtype=object)[codes],
        "role": firms[ROLE].to_numpy(dtype=object)[codes],
        "round": rounds.astype(np.int64),
        "cause": np.array(["seed"] + list(names), dtype=object)[causes + 1],
    }).sort_values(["round", "firm_id"], key=None, kind="stable").reset_index(drop=True)


def cascade(net, seeds=(), *, dependencies=None, lost_links=None,
            max_rounds: int | None = None, exporters=None) -> CascadeResult:
    """Propagate the failure of ``seeds`` (and/or lost links) across declared dependencies.

    Parameters
    ----------
    net : MultilayerNetwork
    seeds : sequence of firm ids
        Firms that fail first (round 0).
    dependencies : list of Dependency, optional
        Default: :func:`default_dependencies`.
    lost_links : pandas.DataFrame, optional
        Links cut at the start (``source, target, layer``): their weight counts as
        lost input for the dependents they fed.
    max_rounds : int, optional
        Stop after this many rounds (default: until stable).
    exporters : str or sequence of str, optional
        Exporting roles for the default dependencies (``exporters=`` of
        :func:`default_dependencies`); ignored with explicit ``dependencies``.

    Returns
    -------
    CascadeResult

    Raises
    ------
    InputError
        A malformed dependency.
    UnknownFirmError
        A seed is not in the network.

    See Also
    --------
    systemic_importance, Dependency

    Notes
    -----
    Round ``r`` fails every firm that, given the failures of rounds ``< r``, has for
    some rule and provider kind ``k``: ``lost_k / total_k >= theta`` and no
    surviving substitute of kind ``k`` in its substitution scope. Failure is
    monotone, so the cascade stops after at most ``N`` rounds (Watts 2002: a firm
    adopts the failed state when the failed fraction of its inputs reaches its
    threshold; Buldyrev et al. 2010: failures alternate between layers until stable).

    References
    ----------
    .. [1] Watts, D. J. (2002). A simple model of global cascades on random
       networks. PNAS 99, 5766-5771.
    .. [2] Buldyrev, S. V., Parshani, R., Paul, G., Stanley, H. E., & Havlin, S.
       (2010). Catastrophic cascade of failures in interdependent networks.
       Nature 464, 1025-1028.

    Examples
    --------
    >>> net = nc.datasets.toy()
    >>> r = nc.metrics.cascade.cascade(net, ["U1"])
    >>> r.failed[["firm_id", "round", "cause"]].values.tolist()
    [['U1', 0, 'seed'], ['S1', 1, 'supplies'], ['S2', 1, 'supplies']]
    >>> nc.metrics.cascade.cascade(net, ["L1"]).lost_export["firm_id"].tolist()
    ['A1', 'A2', 'S1', 'S2']
    """
    deps = (default_dependencies(net, exporters) if dependencies is None
            else list(dependencies))
    rules = _compile(net, deps)
    n = net.n_firms
    seeds = [] if seeds is None else str_list(seeds, "seeds")
    codes = np.unique(net.codes(seeds)) if seeds else np.zeros(0, dtype=np.int64)
    init = _initial_lost(net, rules, lost_links) if lost_links is not None else None
    (fr, fc, fround, fcause), (er, ec, eround, ecause) = _propagate(
        rules, n, np.zeros(len(codes), dtype=np.int64), codes, 1, init, max_rounds)
    names = [r.name for r in rules]
    failed = _frame(net, fc, fround, fcause, names)
    lost = _frame(net, ec, eround, ecause, names)
    rounds = int(max(fround.max() if len(fround) else 0, eround.max() if len(eround) else 0))
    return CascadeResult(failed=failed, lost_export=lost, rounds=rounds,
                         seeds=tuple(net.firm_ids[codes]))


def systemic_importance(net, *, dependencies=None, firms=None, batch: int = 2048,
                        progress=None, exporters=None) -> pd.DataFrame:
    """Cascade size triggered by the single failure of each firm.

    Parameters
    ----------
    net : MultilayerNetwork
    dependencies : list of Dependency, optional
        Default: :func:`default_dependencies`.
    firms : sequence of firm ids, optional
        Firms to test (default: all).
    batch : int, default 2048
        Cascades propagated together (sparse matrix rows); memory grows with it.
    progress : callable, optional
        ``progress(done, total)`` over firms.
    exporters : str or sequence of str, optional
        Exporting roles for the default dependencies (as in :func:`cascade`).

    Returns
    -------
    pandas.DataFrame
        Index ``firm_id`` (firm order): ``cascade_size`` (failed firms other than the
        seed), ``cascade_fraction`` (over N), ``lost_export`` (surviving firms hit by a
        ``lose_export`` rule: by default, firms that lose every logistics provider —
        not a count of firms losing export access, which is the channels'
        ``smes_dependent``), ``rounds``, ``rank`` (1 = largest cascade; ties by firm
        order).

    Raises
    ------
    InputError
        Bad ``batch`` or dependency.

    See Also
    --------
    cascade

    Notes
    -----
    All cascades of a batch run at once: the failed sets are the rows of a sparse
    seeds x firms matrix, and each round multiplies the newly failed rows by each
    rule's provider matrix, so the work is proportional to the total size of the
    cascades times the providers' degrees, not to ``N`` per seed.

    References
    ----------
    .. [1] Watts, D. J. (2002). A simple model of global cascades on random
       networks. PNAS 99, 5766-5771.
    .. [2] Buldyrev, S. V., Parshani, R., Paul, G., Stanley, H. E., & Havlin, S.
       (2010). Catastrophic cascade of failures in interdependent networks.
       Nature 464, 1025-1028.

    Examples
    --------
    >>> si = nc.metrics.cascade.systemic_importance(nc.datasets.toy())
    >>> si.sort_values("rank").head(3)["cascade_size"].to_dict()
    {'U1': 2, 'A1': 1, 'A2': 1}
    """
    deps = (default_dependencies(net, exporters) if dependencies is None
            else list(dependencies))
    rules = _compile(net, deps)
    n = net.n_firms
    batch = positive_int(batch, "batch")
    codes = np.arange(n) if firms is None else net.codes(list(firms))
    size = np.zeros(len(codes), dtype=np.int64)
    lost = np.zeros(len(codes), dtype=np.int64)
    rounds = np.zeros(len(codes), dtype=np.int64)
    for start in range(0, len(codes), batch):
        chunk = codes[start:start + batch]
        rows = np.arange(len(chunk), dtype=np.int64)
        (fr, _, fround, _), (er, _, eround, _) = _propagate(rules, n, rows, chunk, len(chunk))
        size[start:start + len(chunk)] = np.bincount(fr, minlength=len(chunk)) - 1
        lost[start:start + len(chunk)] = np.bincount(er, minlength=len(chunk))
        r = np.zeros(len(chunk), dtype=np.int64)
        np.maximum.at(r, fr, fround)
        if len(er):
            np.maximum.at(r, er, eround)
        rounds[start:start + len(chunk)] = r
        report(progress, start + len(chunk), len(codes))
    order = np.lexsort((np.arange(len(codes)), -size))
    rank = np.empty(len(codes), dtype=np.int64)
    rank[order] = np.arange(1, len(codes) + 1)
    out = pd.DataFrame({"cascade_size": size, "cascade_fraction": size / n if n else size * 0.0,
                        "lost_export": lost, "rounds": rounds, "rank": rank},
                       index=net.firm_ids[codes])
    out.index.name = "firm_id"
    return out


# ------------------------------------------------------------------------------------
# interdependent (mutual) percolation
# ------------------------------------------------------------------------------------
def _mutual_mask(mats, alive: np.ndarray) -> np.ndarray:
    alive = alive.copy()
    while True:
        before = int(alive.sum())
        for a in mats:
            idx = np.flatnonzero(alive)
            if len(idx) == 0:
                return alive
            _, lab = connected_components(a[idx][:, idx], directed=False)
            counts = np.bincount(lab)
            giant = np.flatnonzero(counts == counts.max())[0]
            keep = np.zeros(len(alive), dtype=bool)
            keep[idx[lab == giant]] = True
            alive &= keep
        if int(alive.sum()) == before:
            return alive


def _layer_mats(net, layers):
    return [v.matrix(weighted=False).tocsr()
            for v in views(net, layers, aggregate=False, directed=False)]


def mutual_component(net, *, layers=None, removed=None) -> pd.Series:
    """Firms of the mutually connected giant component of the layers (Buldyrev 2010).

    Parameters
    ----------
    net : MultilayerNetwork
    layers : list of str, optional
        Interdependent layers (default: all declared layers). Every firm is present
        in every layer: the dependency between a firm's copies is one-to-one.
    removed : sequence of firm ids, optional
        Firms removed before the cascade.

    Returns
    -------
    pandas.Series of bool
        Index ``firm_id``, named ``mutual_component``.

    Raises
    ------
    InputError
        Unknown layer.

    See Also
    --------
    interdependent_percolation

    Notes
    -----
    Iterate until stable: keep only the firms in the largest component of layer 1
    (among those still functioning), then of layer 2, ... (ties between equally large
    components go to the one holding the earliest firm).

    References
    ----------
    .. [1] Buldyrev, S. V., et al. (2010). Catastrophic cascade of failures in
       interdependent networks. Nature 464, 1025-1028.

    Examples
    --------
    >>> m = nc.metrics.cascade.mutual_component(nc.datasets.toy(), layers=["procurement"])
    >>> m[m].index.tolist()
    ['A1', 'A2', 'S1', 'S2', 'S3', 'U1']
    """
    mats = _layer_mats(net, layers)
    alive = np.ones(net.n_firms, dtype=bool)
    if removed is not None and len(removed):
        alive[net.codes(list(removed))] = False
    return pd.Series(_mutual_mask(mats, alive), index=net.firm_ids, name="mutual_component")


def interdependent_percolation(net, kept, *, layers=None, runs: int = 1, seed=None,
                               progress=None) -> pd.DataFrame:
    """Size of the mutual giant component after random removal of ``1 - p`` of the firms.

    Parameters
    ----------
    net : MultilayerNetwork
    kept : float or sequence of float
        Fractions ``p`` of firms kept (each in [0, 1]).
    layers : list of str, optional
        Interdependent layers (default: all).
    runs : int, default 1
        Random removals per ``p`` (each run draws one random order and removes
        prefixes of it, so curves of one run are nested).
    seed : int, numpy.random.Generator or None
    progress : callable, optional

    Returns
    -------
    pandas.DataFrame
        ``kept_fraction, run, mutual_size, mutual_fraction`` (over N).

    Raises
    ------
    InputError
        A fraction outside [0, 1] or ``runs < 1``.

    See Also
    --------
    mutual_component

    Notes
    -----
    For two Erdos-Renyi layers with mean degree ``<k>`` the mutual giant component
    vanishes abruptly at ``p_c <k> = 2.4554`` (Buldyrev et al. 2010), instead of
    ``p_c <k> = 1`` for one layer.

    References
    ----------
    .. [1] Buldyrev, S. V., Parshani, R., Paul, G., Stanley, H. E., & Havlin, S.
       (2010). Catastrophic cascade of failures in interdependent networks.
       Nature 464, 1025-1028.

    Examples
    --------
    >>> df = nc.metrics.cascade.interdependent_percolation(nc.datasets.toy(), [1.0, 0.0],
    ...                                                   layers=["procurement"])
    >>> df["mutual_size"].tolist()
    [6, 0]
    """
    ps = np.atleast_1d(np.asarray(kept, dtype=float))
    if np.any((ps < 0) | (ps > 1)) or np.any(np.isnan(ps)):
        raise InputError("kept fractions must lie in [0, 1]")
    runs = positive_int(runs, "runs")
    mats = _layer_mats(net, layers)
    n = net.n_firms
    rng = make_rng(seed)
    rows = []
    total = runs * len(ps)
    for run in range(runs):
        order = rng.permutation(n)
        for p in ps:
            alive = np.zeros(n, dtype=bool)
            alive[order[:int(round(p * n))]] = True
            size = int(_mutual_mask(mats, alive).sum())
            rows.append({"kept_fraction": float(p), "run": run, "mutual_size": size,
                         "mutual_fraction": size / n if n else 0.0})
            report(progress, len(rows), total)
    return pd.DataFrame(rows)
