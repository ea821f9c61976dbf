"""What to fund: choose K interventions that most raise SMEs' export security.

Actions (each costs one unit of budget)
---------------------------------------
``link``
    A new channel link from an SME to an exporting firm on a channel layer (the first
    declared directed channel layer; for a ``reverse`` layer the row is written
    exporter -> SME so that goods still move SME -> exporter).
``platform``
    Enrol one SME in a new exporting platform firm (``PLATFORM``, role ``platform``): the
    first enrolment creates the platform, every enrolled SME costs one unit.
``exporter`` (:data:`netclust.metrics.exporters.EXPORTER_COLUMN`)
    Make an existing firm an exporter (export support for one firm).

Objectives
----------
``secure_smes``
    Number of SMEs that are N-1 secure (:func:`netclust.metrics.channels.export_channels`).
    **Not submodular**: an SME with no access and two candidate links to two exporters
    gains nothing from either link alone (each leaves a single point) and becomes secure
    with both (see ``tests/test_recommend.py``). The greedy's (1 - 1/e) guarantee therefore
    does not hold; what holds: every pick is the best single action among the candidates
    (budget 1 is optimal over the candidate set), the objective never decreases, and on
    small random networks the measured greedy/optimum ratio at budgets 2-3 is reported in
    the tests.
``expected_access``
    Expected number of SMEs with access after the exit of one exporter chosen uniformly
    at random among the exporters (an exiting SME exporter counts as without access):
    ``A - (1/E) * sum_e d_e`` with A the SMEs with access, E the exporters and ``d_e`` the
    SMEs with access whose routes all pass through ``e`` (or that are ``e``), read from the
    one dominator tree. With ``link`` actions only it is monotone submodular (every new
    route ends at its first exporter, so it uses exactly one new link: a coverage function
    averaged over scenarios) and the greedy reaches at least (1 - 1/e) of the optimum over
    the candidates; ``exporter`` and ``platform`` actions change E, and no guarantee is
    claimed then.

Firms that have closed
----------------------
The network describes the whole window of the data, so it may hold firms that have since
closed (a closing date in the register: the ``closed``, ``exit`` or ``exited`` column, read
as by :func:`netclust.temporal.firm_presence`). Funding is for the firms still open at the
end of the data: candidates and objective are those of the network without the closed
firms (no closed firm is proposed as a link partner, platform member or export-support
target, a closed SME is not an SME to secure, and no route runs through a closed firm).
The recommendation's ``assumption`` says how many were left out.

Greedy: every round takes the candidate with the largest exact gain given the picks before
it (ties by candidate order); it stops early when the best gain is not positive (no single
action raises the objective further: :attr:`Recommendation.unused` units are left). Lazy evaluation (CELF, Leskovec et al. 2007: candidates kept
in a heap by their last gain, only the top re-scored after a pick) assumes that gains only
shrink, so it is used only where the objective is submodular — ``expected_access`` with
``link`` actions only (:func:`lazy_is_exact`); for ``secure_smes`` or with ``platform`` /
``exporter`` actions a later pick can raise a candidate's gain (two links worth nothing
alone make an SME secure together), and every remaining candidate is re-scored every round
(``tests/test_recommend.py`` checks both against a plain greedy on small random networks;
budget 10 at 25,600 generated firms, 5,955 evaluations: 3.8 s). Each score is exact
(one Lengauer–Tarjan dominator tree, igraph, of the part of the modified channel graph
the action can change: the firms its new arcs reach that the root alone does not already
dominate, entered through the unchanged tree paths — see ``_State._local_idom``; tests
check it against the whole graph's tree). A pick updates the tree the same way, so the
whole graph's tree is computed once per call (the baselines share it).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netclust._arrays import unique
from netclust._check import choice, non_negative_int, str_list
from netclust.errors import InputError
from netclust.i18n import N_, gettext as _, ngettext
from netclust.metrics._bfs import igraph_from_arcs
from netclust.metrics.channels import channel_arcs, channel_declaration
from netclust.metrics.exporters import EXPORTER_COLUMN, exporters as exporting_firms
from netclust.schema import ROLE

__all__ = ["Recommendation", "recommend", "recommend_baselines", "RECOMMENDATION_COLUMNS",
           "OBJECTIVES", "ACTIONS", "PLATFORM_ID", "lazy_is_exact", "guarantee", "closed_firms",
           "BASELINE_LABELS"]

#: Columns of :attr:`Recommendation.table` (and ``recommendations.csv``).
RECOMMENDATION_COLUMNS = ["rank", "action", "firm_id", "partner_id", "layer", "gain",
                          "objective_before", "objective_after"]
OBJECTIVES = ("secure_smes", "expected_access")
ACTIONS = ("link", "platform", EXPORTER_COLUMN)
#: firm_id of the new platform created by ``platform`` actions.
PLATFORM_ID = "PLATFORM"
#: Readable names of the strategies of :func:`recommend_baselines` (translated where shown).
BASELINE_LABELS = {
    "greedy": N_("netclust's greedy choice, new channel links only"),
    "random": N_("random SMEs, each linked to a random exporter"),
    "most_dependent_to_biggest_anchor": N_("the most dependent SMEs, each linked to the biggest "
                                           "exporting anchor"),
}


@dataclass(frozen=True)
class Recommendation:
    """Interventions chosen by :func:`recommend`.

    Attributes
    ----------
    table : DataFrame
        One row per pick, columns :data:`RECOMMENDATION_COLUMNS`.
    objective : str
    before, after : float
        Objective of the network as it is and after every pick.
    assumption : str
        Which firms export, and how many closed firms were left out (module docstring).
    evaluations : int
        Exact objective evaluations made (``candidates x budget`` at most; fewer with lazy
        evaluation, see :func:`lazy_is_exact`).
    unused : int
        Budget left when no single action raised the objective any more (0 otherwise).
    note : str
        Why the picks stopped before the budget (empty when the budget was spent).
    guarantee : str
        What the greedy guarantees for this objective and these actions (:func:`guarantee`).
    """

    table: pd.DataFrame
    objective: str
    before: float
    after: float
    assumption: str
    evaluations: int
    unused: int = 0
    note: str = ""
    guarantee: str = ""


class _State:
    """Reversed channel graph with a platform slot ``n`` and the root ``n + 1``."""

    def __init__(self, n, u, v, ex_mask, sme_mask):
        self.n, self.root = n, n + 1
        self.sme = np.flatnonzero(sme_mask)
        self.ex = np.append(np.asarray(ex_mask, bool), False)
        ex = np.flatnonzero(self.ex)
        src = np.concatenate([v, np.full(len(ex), self.root)])
        dst = np.concatenate([u, ex])
        self.g = igraph_from_arcs(n + 2, src, dst)
        self._arcs = (np.asarray(src, np.int64), np.asarray(dst, np.int64))
        order = np.argsort(self._arcs[1], kind="stable")   # in-arcs of each vertex (CSR by head)
        self._in_src = self._arcs[0][order]
        self._in_ptr = np.searchsorted(self._arcs[1][order], np.arange(n + 3))
        self._added = np.zeros((0, 2), np.int64)            # arcs added by apply, not in the CSR
        dom = np.asarray(self.g.dominator(self.root, mode="out"), dtype=float)
        self.idom = np.where(np.isnan(dom), -1, dom).astype(np.int64)

    def copy(self) -> "_State":
        """An independent copy (the graph ``g`` is never changed, so it is shared)."""
        out = object.__new__(_State)
        out.__dict__.update(self.__dict__)
        out.ex, out.idom = self.ex.copy(), self.idom.copy()
        return out

    def arcs(self, action, a, b):
        """Arcs of the reversed graph an action adds (and whether an exporter is added)."""
        if action == "link":
            return [(b, a)], 0
        if action == EXPORTER_COLUMN:
            return ([] if self.ex[a] else [(self.root, a)]), int(not self.ex[a])
        new = not self.ex[self.n]
        return ([(self.root, self.n)] if new else []) + [(self.n, a)], int(new)

    def value(self, objective, extra=(), new_ex=0, ex_node=None):
        idom = self.idom
        if extra:  # only the firms the new arcs reach can change (see _local_idom)
            reach, changed = self._local_idom(extra)
            idom = idom.copy()
            idom[reach] = changed
        if objective == "secure_smes":
            return float(np.sum(idom[self.sme] == self.root))
        ex = self.ex.copy()
        if ex_node is not None:
            ex[ex_node] = True
        return _expected_access(idom, self.sme, ex, self.root)

    def apply(self, action, a, b):
        """Take the action: its arcs join the graph, the tree is updated where it can change."""
        extra, _ = self.arcs(action, a, b)
        if action == EXPORTER_COLUMN:
            self.ex[a] = True
        if action == "platform":
            self.ex[self.n] = True
        if extra:
            reach, changed = self._local_idom(extra)
            self.idom = self.idom.copy()
            self.idom[reach] = changed
            new = np.asarray(extra, np.int64).reshape(-1, 2)   # g stays the initial graph
            self._arcs = (np.r_[self._arcs[0], new[:, 0]], np.r_[self._arcs[1], new[:, 1]])
            self._added = np.r_[self._added, new]

    def _reach(self, heads) -> np.ndarray:
        """Firms reachable from ``heads`` in the initial graph plus the arcs added by picks."""
        seen = np.zeros(0, np.int64)
        todo = sorted(heads)
        while todo:   # each round follows the added arcs leaving the set found so far
            seen = unique(np.concatenate([seen] + [np.asarray(
                self.g.subcomponent(h, mode="out"), np.int64) for h in todo]))
            add = self._added
            out = add[np.isin(add[:, 0], seen) & ~np.isin(add[:, 1], seen), 1]
            todo = sorted(set(out.tolist()))
        return seen

    def _local_idom(self, extra):
        """Firms reached from the new arcs' heads and their immediate dominators after adding them.

        Only the set R of firms reachable from a new arc's head can change dominators, and
        of those only the set C whose immediate dominator is not the root (adding arcs only
        shrinks dominator sets: a firm dominated by the root alone stays so). Every root
        path to a firm of C enters C once and stays in it (R is closed under successors and
        the arcs into the other firms are not used), so replacing each other firm's own
        arcs by its dominator-tree path (unchanged: no path to a firm outside R touches
        R, and a firm of R outside C keeps the root alone) keeps every dominance relation
        of C. The dominator tree of that small graph (C, arcs into C, the new arcs into C,
        the tree paths of their tails) is exact; its size is that of C, the firms the
        action can actually change, not that of R.
        """
        reach = self._reach({int(b) for _, b in extra})
        reach = reach[self.idom[reach] != self.root]
        starts, ends = self._in_ptr[reach], self._in_ptr[reach + 1]
        lens = ends - starts
        pos = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
        new = np.r_[self._added, np.asarray(extra, np.int64).reshape(-1, 2)]
        into = np.isin(new[:, 1], reach)
        src = np.r_[self._in_src[pos], new[into, 0]]
        dst = np.r_[np.repeat(reach, lens), new[into, 1]]
        outside = np.setdiff1d(src, reach)
        chain, cur = [outside], outside
        while len(cur):  # dominator-tree ancestors of the entry tails
            cur = self.idom[cur]
            cur = np.setdiff1d(cur[cur >= 0], np.concatenate(chain))
            chain.append(cur)
        anc = np.concatenate(chain)
        tree = anc[(self.idom[anc] >= 0) & (anc != self.root)]
        src, dst = np.r_[src, self.idom[tree]], np.r_[dst, tree]
        nodes = unique(np.r_[reach, anc, self.root])
        h = igraph_from_arcs(len(nodes), np.searchsorted(nodes, src), np.searchsorted(nodes, dst))
        dom = np.asarray(h.dominator(int(np.searchsorted(nodes, self.root)), mode="out"), dtype=float)
        local = np.where(np.isnan(dom), -1, dom).astype(np.int64)
        new_idom = np.where(local >= 0, nodes[np.maximum(local, 0)], -1)
        return reach, new_idom[np.searchsorted(nodes, reach)]


def _expected_access(idom, sme, ex, root) -> float:
    """A - (1/E) sum_e d_e from the dominator tree (module docstring)."""
    acc = sme[idom[sme] >= 0]
    n_ex = int(ex.sum())
    if not n_ex:
        return 0.0
    lost = int(ex[acc].sum())
    cur = idom[acc]
    while len(cur):
        cur = cur[(cur >= 0) & (cur != root)]
        lost += int(ex[cur].sum())
        cur = idom[cur]
    return len(acc) - lost / n_ex


def _candidates(net, state, actions, limit, decl) -> list:
    """Bounded candidate actions ``(action, a, b)`` on firm codes (module docstring)."""
    n, root = state.n, state.root
    idom = state.idom
    insecure = state.sme[idom[state.sme] != root]
    insecure = insecure[np.lexsort((insecure, idom[insecure] < 0))]  # with access first
    ex = np.flatnonzero(state.ex[:n])
    indeg = np.asarray(state.g.degree(list(ex), mode="out"))  # suppliers of each exporter
    ranked = ex[np.lexsort((ex, -indeg))]
    out = []
    everything = limit == "all"
    pool = insecure if everything else insecure[: int(limit)]
    for s in pool:
        chain = set()
        y = idom[s]
        while y >= 0 and y != root:
            chain.add(int(y))
            y = idom[y]
        partners = [e for e in ranked if e != s and e not in chain]
        if "link" in actions:
            out += [("link", int(s), int(e)) for e in (partners if everything else partners[:1])]
        if "platform" in actions:
            out.append(("platform", int(s), -1))
    if EXPORTER_COLUMN in actions:
        firms = np.flatnonzero(~state.ex[:n])
        if not everything:
            succ = np.zeros(n, np.int64)
            for s in insecure:  # bounded: at most `limit` SMEs' neighbourhoods
                nb = np.asarray(state.g.neighbors(int(s), mode="in"), np.int64)
                succ[nb[nb < n]] += 1
            firms = firms[np.lexsort((firms, -succ[firms]))][: int(limit)]
        out += [(EXPORTER_COLUMN, int(f), -1) for f in firms]
    return out


def closed_firms(net) -> pd.Index:
    """Ids of the firms that have closed: a closing date in the register (firm order).

    The register's exit column (``closed``, ``exit`` or ``exited``, the first found) is
    read by :func:`netclust.temporal.firm_presence` (a year ``Y`` or a date; empty: still
    open). The network describes the whole window of the data, so a closed firm keeps the
    links it had before it closed; :func:`recommend` leaves such firms out.

    Examples
    --------
    >>> from netclust.recommendation import closed_firms
    >>> len(closed_firms(nc.datasets.toy())), len(closed_firms(nc.datasets.sample()))
    (0, 241)
    """
    from netclust.temporal.periods import EXIT_COLUMNS, firm_presence

    col = next((c for c in EXIT_COLUMNS if c in net.firms.columns), None)
    if col is None:
        return net.firm_ids[:0]
    # the exit column alone: a firm is "registered" over all time iff it has a closing date
    window = pd.DataFrame({"period": ["all"], "start": [pd.Timestamp("1700-01-01")],
                           "end": [pd.Timestamp("2200-01-01")]})
    closed = firm_presence(net.firms[[col]], window)["all"].to_numpy(dtype=bool)
    return net.firm_ids[closed]


def _open_firms(net) -> tuple:
    """The network of the firms still open (:func:`closed_firms` left out) and what was done."""
    closed = closed_firms(net)
    if not len(closed):
        return net, ""
    return net.remove_firms(closed), ngettext(
        "{n} firm that has closed (closing date in the register) left out: candidates and "
        "objective cover the firms still open at the end of the data",
        "{n} firms that have closed (closing date in the register) left out: candidates and "
        "objective cover the firms still open at the end of the data",
        len(closed)).format(n=f"{len(closed):,}")


def _setup(net, actions, channels, exporters, smes="sme"):
    decl = channel_declaration(net, channels)
    acts = tuple(str_list(actions, "actions"))
    if not acts or not set(acts) <= set(ACTIONS):
        raise InputError(f"actions must be among {', '.join(ACTIONS)}; got {list(acts)!r}")
    ex = exporting_firms(net, exporters)
    u, v = channel_arcs(net, decl)
    sme = net.firms[ROLE].astype(str).isin(str_list(smes, "smes")).to_numpy()
    if not sme.any():
        raise InputError(f"no firm has role {smes}: there is no small firm whose export access "
                         "an intervention could secure")
    layer = next((k for k in decl if net.layer_spec(k).directed), next(iter(decl)))
    return decl, acts, ex, _State(net.n_firms, u, v, ex.mask, sme), layer


def _check(budget, objective):
    non_negative_int(budget, "budget")
    choice(objective, "objective", OBJECTIVES)


def _score(state, objective, cand, base):
    action, a, b = cand
    extra, new_ex = state.arcs(action, a, b)
    node = a if action == EXPORTER_COLUMN else (state.n if action == "platform" else None)
    # rounded: equal gains computed in a different order (A - lost/E) must tie exactly,
    # so that ties go by candidate order rather than by floating-point noise
    return round(state.value(objective, extra, new_ex, node) - base, 9)


def lazy_is_exact(objective: str, actions) -> bool:
    """Whether lazy evaluation (CELF) returns the plain greedy's picks for this combination.

    CELF re-scores only the top of a heap of earlier gains, which is exact only when a
    candidate's gain can never grow after another pick, i.e. when the objective is
    submodular over the actions. That holds for ``expected_access`` with ``link`` actions
    only (a coverage function, module docstring); ``secure_smes`` is not submodular, and
    ``platform`` and ``exporter`` actions change the number of exporters E by which
    ``expected_access`` is averaged (a later pick can raise an earlier candidate's gain).

    Examples
    --------
    >>> from netclust.recommendation import lazy_is_exact
    >>> lazy_is_exact("expected_access", ["link"]), lazy_is_exact("secure_smes", ["link"])
    (True, False)
    """
    return objective == "expected_access" and set(actions) == {"link"}


def _greedy(state, objective, cands, budget, lazy) -> tuple:
    """Greedy picks [(cand, before, after)] and the evaluations made.

    ``lazy`` (only where :func:`lazy_is_exact`): CELF, a heap of gains in which only the
    top is re-scored. Otherwise every remaining candidate is re-scored every round. Both
    take the largest gain, ties by candidate order, so they pick the same when lazy is
    exact (tested against a plain greedy on every objective/action combination). Both stop
    when the best gain is not positive; ``budget`` 0 evaluates nothing.
    """
    if budget <= 0:
        return [], 0
    base = state.value(objective)
    gains = [_score(state, objective, c, base) for c in cands]
    evals, picks, rnd = len(cands), [], 0
    heap = [(-g, i, 0) for i, g in enumerate(gains)] if lazy else []
    heapq.heapify(heap)
    left = list(range(len(cands)))
    while left and len(picks) < budget:
        if lazy:
            neg, i, stamp = heapq.heappop(heap)
            if stamp != rnd:
                evals += 1
                heapq.heappush(heap, (-_score(state, objective, cands[i], base), i, rnd))
                continue
            if -neg <= 0:   # the best fresh gain: nothing raises the objective any more
                break
        else:
            if rnd:
                gains = [_score(state, objective, cands[j], base) for j in left]
                evals += len(left)
            else:
                gains = [gains[j] for j in left]
            if max(gains) <= 0:   # no single action raises the objective further
                break
            i = left[int(np.argmax(gains))]   # first maximum: ties by candidate order
        left.remove(i)
        state.apply(*cands[i])
        after = state.value(objective)
        picks.append((cands[i], base, after))
        base, rnd = after, rnd + 1
    return picks, evals


def _rows(net, picks, layer, decl) -> pd.DataFrame:
    ids = net.firm_ids.to_numpy(dtype=object)
    rows = []
    for rank, ((action, a, b), before, after) in enumerate(picks, start=1):
        rows.append({"rank": rank, "action": action, "firm_id": ids[a],
                     "partner_id": ids[b] if action == "link" else (
                         PLATFORM_ID if action == "platform" else ""),
                     "layer": layer if action in ("link", "platform") else "",
                     "gain": after - before, "objective_before": before,
                     "objective_after": after})
    return pd.DataFrame(rows, columns=RECOMMENDATION_COLUMNS)


def recommend(net, budget: int, *, objective: str = "secure_smes",
              actions=("link", "platform", EXPORTER_COLUMN), channels=None, exporters=None,
              candidates=200, seed=0) -> Recommendation:
    """Choose ``budget`` interventions that most raise an export-security objective.

    Parameters
    ----------
    net : MultilayerNetwork
    budget : int
        Units to spend (every action costs one).
    objective : {"secure_smes", "expected_access"}
    actions : sequence of {"link", "platform", "exporter"}
    channels, exporters
        As in :func:`netclust.metrics.channels.export_channels`.
    candidates : int or "all", default 200
        At most this many insecure SMEs (those with access first, then by firm order) are
        candidates for ``link`` (to the exporter with most channel suppliers that is not
        one of the SME's single points: that link alone makes an SME with access secure)
        and ``platform``; at most this many non-exporting firms adjacent to the most
        insecure SMEs for ``exporter``. ``"all"``: every insecure SME x exporter pair and
        every non-exporting firm (small networks, exhaustive checks).
    seed : int
        Unused by the greedy itself (deterministic; ties by candidate order); kept for a
        uniform signature with :func:`recommend_baselines`.

    Returns
    -------
    Recommendation
        Fewer picks than ``budget`` when no single action raises the objective any more
        (``unused`` and ``note`` say so).

    Notes
    -----
    Firms that have closed (:func:`closed_firms`: a closing date in the register) are
    left out first: no closed firm is proposed as a link partner, platform member or
    export-support target, closed SMEs are not counted among the SMEs to secure, and no
    route runs through a closed firm; ``assumption`` says how many. The network itself
    (and :func:`netclust.metrics.channels.export_channels`) still describes the whole
    window of the data.

    Examples
    --------
    >>> from netclust.recommendation import recommend
    >>> r = recommend(nc.datasets.toy(), 2, actions="link")
    >>> r.table[["action", "firm_id", "partner_id", "gain"]].values.tolist()
    [['link', 'S1', 'A2', 1.0], ['link', 'S3', 'A1', 1.0]]
    >>> r.before, r.after
    (1.0, 3.0)
    """
    _check(budget, objective)
    net, closed = _open_firms(net)
    return _recommend(net, _setup(net, actions, channels, exporters), budget, objective,
                      candidates, closed)


def guarantee(objective: str, actions) -> str:
    """One sentence: what the greedy guarantees for this objective and these actions.

    Examples
    --------
    >>> from netclust.recommendation import guarantee
    >>> guarantee("expected_access", ["link"])[:40]
    'submodular (links only): the greedy choi'
    >>> guarantee("secure_smes", ["link"])[:32]
    'not submodular: no (1 - 1/e) gua'
    """
    if lazy_is_exact(objective, str_list(actions, "actions")):
        return _("submodular (links only): the greedy choice reaches at least 1 - 1/e (63%) of "
                 "the best set of the same size among the candidates")
    return _("not submodular: no (1 - 1/e) guarantee; each pick is the best single action "
             "given the picks before it (budget 1: the best among the candidates), and some "
             "actions pay off only together")


def _recommend(net, setup, budget, objective, candidates, closed="") -> Recommendation:
    """:func:`recommend` on a prepared ``_setup`` (its state is changed by the picks)."""
    decl, acts, ex, state, layer = setup
    before = state.value(objective)
    cands = _candidates(net, state, acts, candidates, decl) if budget else []
    picks, evals = _greedy(state, objective, cands, int(budget), lazy_is_exact(objective, acts))
    table = _rows(net, picks, layer, decl)
    after = picks[-1][2] if picks else before
    unused = int(budget) - len(picks)
    note = "" if not unused else _(
        "no single action raises the objective further; {n} of the budget left unused").format(
        n=f"{unused:,}")
    assumption = ex.assumption + (f"; {closed}" if closed else "")
    return Recommendation(table, objective, before, after, assumption, evals, unused, note,
                          guarantee(objective, acts))


def _heuristic_links(net, state, budget, rng, kind) -> list:
    n, root = state.n, state.root
    idom = state.idom
    ex = np.flatnonzero(state.ex[:n])
    smes = state.sme[~state.ex[state.sme]]
    if not len(ex) or not len(smes):
        return []
    if kind == "random":
        chosen = rng.choice(smes, size=min(budget, len(smes)), replace=False)
        return [("link", int(s), int(rng.choice(ex))) for s in chosen]
    depth = np.zeros(len(smes), np.int64)
    cur = idom[smes].copy()
    while ((cur >= 0) & (cur != root)).any():
        live = (cur >= 0) & (cur != root)
        depth += live
        cur = np.where(live, idom[np.maximum(cur, 0)], cur)
    anchors = ex[net.firms[ROLE].to_numpy()[ex] == "anchor"]
    pool = anchors if len(anchors) else ex
    big = pool[np.argmax(np.asarray(state.g.degree(list(pool), mode="out")))]
    chosen = smes[np.lexsort((smes, -depth))][:budget]
    return [("link", int(s), int(big)) for s in chosen if s != big]


def recommend_baselines(net, budget: int, *, objective: str = "secure_smes", channels=None,
                        exporters=None, candidates=200, seed=0) -> pd.DataFrame:
    """Greedy links against the heuristics a policy office would use, on the same data.

    ``random``: ``budget`` random non-exporting SMEs each linked to a random exporter;
    ``most_dependent_to_biggest_anchor``: the SMEs with most single points (ties by firm
    order) each linked to the exporting anchor with most channel suppliers. Closed firms
    are left out as in :func:`recommend`.

    Returns
    -------
    DataFrame
        ``strategy, budget, objective, objective_before, objective_after, gain``.

    Examples
    --------
    >>> from netclust.recommendation import recommend_baselines
    >>> b = recommend_baselines(nc.datasets.toy(), 1)
    >>> b.set_index("strategy")["gain"].to_dict()["greedy"]
    1.0
    """
    _check(budget, objective)
    rows = []
    net, _closed = _open_firms(net)   # the firms still open, as recommend
    setup = _setup(net, "link", channels, exporters)   # one graph and tree, copied per strategy
    state0 = setup[3]
    greedy = _recommend(net, setup[:3] + (state0.copy(),) + setup[4:], budget, objective,
                        candidates)
    rows.append(("greedy", greedy.before, greedy.after))
    for kind in ("random", "most_dependent_to_biggest_anchor"):
        state = state0.copy()
        before = state.value(objective)
        for cand in _heuristic_links(net, state, int(budget), np.random.default_rng(seed),
                                     kind):
            state.apply(*cand)
        rows.append((kind, before, state.value(objective)))
    out = pd.DataFrame(rows, columns=["strategy", "objective_before", "objective_after"])
    out.insert(1, "budget", int(budget))
    out.insert(2, "objective", objective)
    out["gain"] = out["objective_after"] - out["objective_before"]
    return out
