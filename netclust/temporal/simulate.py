"""A cluster over several years with planted events, and the ground truth beside it.

Built on :func:`netclust.generator.generate_tables`: the generated relations are the
cluster's standing relations; each year keeps most of them (churn), entries and exits
happen at stated rates, and three planted events change the structure: an anchor exits,
a community splits, a platform appears and SMEs join it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from netclust import schema as S
from netclust._random import make_rng
from netclust.errors import InputError

__all__ = ["TemporalTables", "simulate_years", "date_tables", "write_temporal_tables",
           "parse_years"]


@dataclass(frozen=True, eq=False)
class TemporalTables:
    """Tables of a simulated cluster over years.

    Attributes
    ----------
    firms : pandas.DataFrame
        Firm register with ``founded`` (year) and ``closed`` (date, empty if open).
    links : pandas.DataFrame
        Dated records ``source, target, layer, weight, date`` (one per relation and year).
    communities : pandas.DataFrame
        Ground truth ``period, firm_id, community`` for the firms present each year.
    events : pandas.DataFrame
        ``year, event, firm_id, community, detail``: ``anchor_exit``, ``split``,
        ``platform``, ``platform_member``, ``entry``, ``exit``; ``platform_skipped``
        (with the reason in ``detail``) instead of the platform rows when no SME can
        join a platform (every SME in the split community: a very small cluster).
    """

    firms: pd.DataFrame
    links: pd.DataFrame
    communities: pd.DataFrame
    events: pd.DataFrame


def parse_years(years) -> list:
    """``"2020-2024"``, ``(2020, 2024)`` or a list -> list of years.

    Examples
    --------
    >>> from netclust.temporal import parse_years
    >>> parse_years("2020-2022")
    [2020, 2021, 2022]
    """
    if isinstance(years, str):
        parts = years.replace("..", "-").split("-")
        try:
            a, b = (int(parts[0]), int(parts[-1]))
        except ValueError:
            raise InputError(f"years must look like 2020-2024, not {years!r}") from None
        out = list(range(a, b + 1))
    elif isinstance(years, tuple) and len(years) == 2:
        out = list(range(int(years[0]), int(years[1]) + 1))
    else:
        out = [int(y) for y in years]
    if len(out) < 2 or out != sorted(set(out)):
        raise InputError(f"years must be at least two increasing years, not {years!r}")
    return out


def _lifespans(rng, roles, founded, years, entry_rate, exit_rate, protected):
    """Entry year (first present) and exit year (first absent; 0 = never) of each firm."""
    n = len(roles)
    entry = np.full(n, years[0])
    exit_ = np.zeros(n, dtype=np.int64)
    free = ~protected & (roles != "anchor")
    for y in years[1:]:  # loop over years only
        pool = np.flatnonzero(free & (entry == years[0]) & (exit_ == 0))
        k = int(round(entry_rate * n))
        new = rng.choice(pool, size=min(k, len(pool)), replace=False)
        entry[new] = y
        pool = np.flatnonzero(free & (entry < y) & (exit_ == 0))
        k = int(round(exit_rate * n))
        gone = rng.choice(pool, size=min(k, len(pool)), replace=False)
        exit_[gone] = y
    founded = np.where(entry > years[0], entry, np.minimum(founded, years[0]))
    return entry, exit_, founded


def _rewire_split(rng, src, dst, roles, truth, members_b, split_comm):
    """Cross-half links of the split community get a partner of the same role in the source's half.

    Links without such a partner end (destination -1).
    """
    half = np.full(len(roles), -1)
    half[truth == split_comm] = 0
    half[members_b] = 1
    cross = (half[src] >= 0) & (half[dst] >= 0) & (half[src] != half[dst])
    role_codes, role_idx = np.unique(roles, return_inverse=True)
    key = np.where(half >= 0, half * len(role_codes) + role_idx, -1)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    want = key[dst[cross]] - half[dst[cross]] * len(role_codes) + half[src[cross]] * len(role_codes)
    lo = np.searchsorted(ks, want, "left")
    hi = np.searchsorted(ks, want, "right")
    ok = hi > lo
    pick = order[lo + np.floor(rng.random(len(want)) * np.maximum(hi - lo, 1)).astype(np.int64)]
    new_dst = dst.copy()
    idx = np.flatnonzero(cross)
    new_dst[idx[ok]] = pick[ok]
    new_dst[idx[~ok]] = -1  # no firm of that role in the source's half: the relation ends
    return new_dst


def _platform_links(rng, platform, members, degree: int, weight: float):
    """Design-sharing links SME-platform and among the member SMEs, procurement platform->SME."""
    m = len(members)
    a = np.repeat(members, degree)
    b = members[rng.integers(0, m, m * degree)]
    keep = a != b
    src = np.concatenate([members, np.full(m, platform), a[keep]])
    dst = np.concatenate([np.full(m, platform), members, b[keep]])
    layer = np.array(["design_sharing"] * m + ["procurement"] * m + ["design_sharing"] * int(keep.sum()),
                     dtype=object)
    return src, dst, layer, np.full(len(src), weight)


def _check_years(years, **events):
    for name, y in events.items():
        if y is not None and y not in years[1:]:
            raise InputError(f"{name} year {y!r} must be one of {years[1:]} (after the first year)")


def _plant(rng, base, platform_smes):
    """Pick the planted anchor, split community (two halves) and platform members."""
    f = base.firms
    ids = f[S.FIRM_ID].to_numpy(dtype=object)
    roles = f[S.ROLE].to_numpy(dtype=object)
    code = pd.Index(ids)
    src = code.get_indexer(base.links[S.SOURCE])
    dst = code.get_indexer(base.links[S.TARGET])
    truth = base.communities.set_index(S.FIRM_ID)["community"].reindex(ids).to_numpy(np.int64)
    deg = np.bincount(src, minlength=len(ids)) + np.bincount(dst, minlength=len(ids))
    anchors = np.flatnonzero(roles == "anchor")
    anchor = int(anchors[np.argmax(deg[anchors])])
    split_comm = int(np.bincount(truth).argmax())
    members = np.flatnonzero(truth == split_comm)
    half_b = np.sort(rng.permutation(members)[: len(members) // 2])
    smes = np.flatnonzero((roles == "sme") & (truth != split_comm))
    plat = np.sort(rng.choice(smes, size=min(int(platform_smes), len(smes)), replace=False))
    return ids, roles, src, dst, truth, anchor, split_comm, half_b, plat


def simulate_years(firms: int = 2000, years="2020-2024", *, seed=0, anchor_exit="auto",
                   split="auto", platform="auto", platform_smes="auto",
                   entry_rate: float = 0.02, exit_rate: float = 0.02, churn: float = 0.1,
                   noise: float = 0.3, mixing: float = 0.05,
                   communities: int | None = None) -> TemporalTables:
    """Dated link records over several years with planted events and their ground truth.

    Parameters
    ----------
    firms : int, default 2000
        Firms of the base cluster (:func:`netclust.generator.generate_tables`).
    years : str, tuple or list, default "2020-2024"
    seed : int, numpy.random.Generator or None, default 0
        Same seed, same tables.
    anchor_exit, split, platform : int, "auto" or None
        Year the planted event happens (None: no such event; ``"auto"``: the middle
        year for the anchor exit, the last but one for split and platform, i.e.
        2022, 2023, 2023 for 2020-2024): the most connected
        anchor is absent from ``anchor_exit`` on; the largest planted community splits
        in two random halves from ``split`` on (links across the halves are rewired
        to a firm of the same role in the source's half, or end when there is none); a new platform firm
        appears in ``platform`` and ``platform_smes`` SMEs from other communities join
        it (design sharing with it and among themselves, procurement from it) and
        drop 80 % of their other relations.
    platform_smes : int or "auto"
        SMEs joining the platform; ``"auto"``: ``max(40, firms // 100)`` (256 at 25,600
        firms), so the group stays above modularity's resolution limit at scale.
    entry_rate, exit_rate : float, default 0.02
        Share of all firms entering / exiting each year after the first (anchors and
        planted firms excluded).
    churn : float, default 0.1
        Probability that a standing relation has no record in a given year.
    noise : float, default 0.3
        Log-normal sigma of the yearly weight around the relation's weight.
    mixing, communities
        Passed to :func:`netclust.generator.generate_tables`.

    Returns
    -------
    TemporalTables

    Notes
    -----
    A firm exiting in year ``y`` has ``closed = (y-1)-12-31`` and no record from
    ``y`` on; a firm entering in ``y`` has ``founded = y`` and records from ``y`` on.
    Ground truth communities per year are the planted ones, with the second half of
    the split community and the platform group as new communities.

    Examples
    --------
    >>> from netclust.temporal import simulate_years
    >>> t = simulate_years(300, "2020-2023", seed=1, platform_smes=10)
    >>> sorted(t.events["event"].unique())[:3]
    ['anchor_exit', 'entry', 'exit']
    """
    from netclust.generator import generate_tables

    years = parse_years(years)
    late = years[-2] if len(years) > 2 else years[-1]
    anchor_exit = years[len(years) // 2] if anchor_exit == "auto" else anchor_exit
    split = late if split == "auto" else split
    platform = late if platform == "auto" else platform
    platform_smes = max(40, int(firms) // 100) if platform_smes == "auto" else platform_smes
    _check_years(years, anchor_exit=anchor_exit, split=split, platform=platform)
    rng = make_rng(seed)
    base = generate_tables(firms, seed=rng, mixing=mixing, communities=communities)
    ids, roles, src, dst, truth, anchor, split_comm, half_b, plat = _plant(rng, base, platform_smes)
    n = len(ids)
    protected = np.zeros(n, dtype=bool)
    protected[[anchor]] = True
    protected[plat] = True
    entry, exit_, founded = _lifespans(rng, roles, base.firms["founded"].to_numpy(np.int64),
                                       years, entry_rate, exit_rate, protected)
    if anchor_exit is not None:
        exit_[anchor] = anchor_exit
    dst_split = _rewire_split(rng, src, dst, roles, truth, half_b, split_comm) if split else dst
    in_plat = np.zeros(n + 1, dtype=bool)
    in_plat[plat] = True
    dropped = (in_plat[src] | in_plat[dst]) & (rng.random(len(src)) < 0.8)
    weight0 = base.links[S.WEIGHT].to_numpy(dtype=float)
    p_src, p_dst, p_layer, p_w = _platform_links(rng, n, plat, 4, float(np.quantile(weight0, 0.9)))
    layer0 = base.links[S.LAYER].to_numpy(dtype=object)
    all_ids = np.append(ids, f"P{n:06d}")
    new_comm = int(truth.max()) + 1
    recs, truths = [], []
    for y in years:  # loop over years only
        present = (entry <= y) & ((exit_ == 0) | (y < exit_))
        d = dst_split if (split and y >= split) else dst
        keep = present[src] & present[d] & (d >= 0) & (rng.random(len(src)) >= churn)
        lay, s, t, w = layer0[keep], src[keep], d[keep], weight0[keep]
        if platform and y >= platform:
            keep2 = ~dropped[keep]
            lay, s, t, w = (np.concatenate([lay[keep2], p_layer]), np.concatenate([s[keep2], p_src]),
                            np.concatenate([t[keep2], p_dst]), np.concatenate([w[keep2], p_w]))
        w = np.round(w * rng.lognormal(0.0, noise, len(w)), 4)
        day = pd.Timestamp(f"{y}-01-01") + pd.to_timedelta(rng.integers(0, 365, len(w)), unit="D")
        recs.append(pd.DataFrame({S.SOURCE: all_ids[s], S.TARGET: all_ids[t], S.LAYER: lay,
                                  S.WEIGHT: w, S.DATE: day.strftime("%Y-%m-%d")}))
        truths.append(_truth(y, truth, present, all_ids, split and y >= split, half_b, new_comm,
                             platform and y >= platform, plat))
    firms_out = _register(base.firms, founded, exit_, all_ids[n], platform, plat)
    events = _events(years, ids, entry, exit_, anchor, anchor_exit, split, split_comm, new_comm,
                     half_b, platform, plat, all_ids[n])
    return TemporalTables(firms_out, pd.concat(recs, ignore_index=True),
                          pd.concat(truths, ignore_index=True), events)


def _truth(y, truth, present, all_ids, split_on, half_b, new_comm, platform_on, plat):
    """Planted communities of the firms present in year ``y``."""
    ty = truth.copy()
    if split_on:
        ty[half_b] = new_comm
    if platform_on:
        ty[plat] = new_comm + 1
    ids = all_ids[: len(truth)]
    frame = pd.DataFrame({"period": str(y), S.FIRM_ID: ids[present], "community": ty[present]})
    if platform_on:
        frame = pd.concat([frame, pd.DataFrame({"period": [str(y)], S.FIRM_ID: [all_ids[-1]],
                                                "community": [new_comm + 1]})], ignore_index=True)
    return frame


def _register(firms, founded, exit_, platform_id, platform, plat) -> pd.DataFrame:
    out = firms.copy()
    out["founded"] = founded
    closed = pd.Series([f"{y - 1}-12-31" if y else "" for y in exit_.tolist()], dtype=object)
    out["closed"] = closed.to_numpy()
    if platform and len(plat):  # no member SME (too few firms): no platform planted
        row = {S.FIRM_ID: platform_id, S.NAME: "狮岭共享设计平台", S.ROLE: "platform",
               "sector": "design", "employees": 30,
               "lon": float(out["lon"].iloc[plat].mean()), "lat": float(out["lat"].iloc[plat].mean()),
               "founded": platform, "area": out["area"].iloc[plat[0]], "closed": ""}
        out = pd.concat([out, pd.DataFrame([row])], ignore_index=True)
    return out


def _events(years, ids, entry, exit_, anchor, anchor_exit, split, split_comm, new_comm, half_b,
            platform, plat, platform_id) -> pd.DataFrame:
    rows = []
    if anchor_exit:
        rows.append((anchor_exit, "anchor_exit", ids[anchor], np.nan, ""))
    if split:
        rows.append((split, "split", "", split_comm, f"half of community {split_comm} becomes "
                     f"community {new_comm} ({len(half_b)} firms)"))
    if platform and len(plat):
        rows.append((platform, "platform", platform_id, new_comm + 1,
                     f"{len(plat)} SMEs join the new platform"))
        rows += [(platform, "platform_member", ids[i], new_comm + 1, "") for i in plat]
    elif platform:
        rows.append((platform, "platform_skipped", "", np.nan,
                     f"no platform planted: no SME outside community {split_comm} could join it "
                     f"({len(ids)} firms are too few; generate more firms)"))
    for y in years[1:]:  # loop over years only
        rows += [(y, "entry", ids[i], np.nan, "") for i in np.flatnonzero(entry == y)]
        rows += [(y, "exit", ids[i], np.nan, "") for i in np.flatnonzero(exit_ == y) if i != anchor]
    out = pd.DataFrame(rows, columns=["year", "event", S.FIRM_ID, "community", "detail"])
    out["community"] = out["community"].astype("Int64")
    return out


def write_temporal_tables(tables: TemporalTables, out_dir, *, force: bool = False) -> list:
    """Write ``firms.csv``, ``links.csv``, ``communities.csv`` (per period) and ``events.csv``.

    The four files are written together by :func:`netclust.io.output.write_table_bundle`:
    a kill at any moment leaves the old set or the new one, never a mix, and no visible
    temporary file. Without ``force``, a folder already holding one of these files is
    refused (InputError).

    Examples
    --------
    >>> import tempfile
    >>> from netclust.temporal import simulate_years, write_temporal_tables
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_temporal_tables(simulate_years(300, "2020-2022",
    ...      split=None, platform=None, seed=1), d)]
    ['firms.csv', 'links.csv', 'communities.csv', 'events.csv']
    """
    from netclust.io.output import write_table_bundle

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"output folder {str(out)!r} is an existing file")
    named = (("firms", tables.firms), ("links", tables.links),
             ("communities", tables.communities), ("events", tables.events))
    existing = [f"{name}.csv" for name, _ in named if (out / f"{name}.csv").exists()]
    if existing and not force:
        raise InputError(f"{out} already holds {', '.join(existing)}; refusing to overwrite it: "
                         "choose another --out, or pass --force (force=True)")
    return write_table_bundle(out, dict(named), "csv")


# --------------------------------------------------------------------------- a dated snapshot


def _founded_by(founded, src, dst, links_mask, last_year):
    """Founding years moved to ``last_year`` for endpoints of links that must end by then."""
    out = founded.copy()
    ends = np.concatenate([src[links_mask], dst[links_mask]])
    late = ends[out[ends] > last_year]
    out[late] = last_year
    return out, np.unique(late)


def _dated_exits(rng, years, entry, src, dst, protected, rate):
    """Exit year (first absent; 0 = never) of ``rate`` of the firms each year after the first.

    Only firms whose own entry and every partner's entry come before the exit year are
    eligible, so that each relation keeps at least one year with both firms present.
    """
    n = len(entry)
    latest = entry.copy()
    np.maximum.at(latest, src, entry[dst])
    np.maximum.at(latest, dst, entry[src])
    exit_ = np.zeros(n, dtype=np.int64)
    for y in years[1:]:  # loop over years only
        pool = np.flatnonzero(~protected & (exit_ == 0) & (latest <= y - 1))
        k = min(int(round(rate * n)), len(pool))
        exit_[rng.choice(pool, size=k, replace=False)] = y
    return exit_


def _spans(rng, a, b, units, crisp, persist):
    """Active years ``[start, end]`` of each relation inside its window ``[a, b]``.

    A crisp relation (a planted event's) and a share ``persist`` of the others span
    their whole window; the others a random sub-span. No span is longer than the
    relation's units (each yearly record holds at least one unit).
    """
    u = a[:, None] + np.floor(rng.random((len(a), 2)) * (b - a + 1)[:, None]).astype(np.int64)
    whole = crisp | (rng.random(len(a)) < persist)
    start = np.where(whole, a, u.min(axis=1))
    end = np.where(whole, b, u.max(axis=1))
    end = np.minimum(end, start + units - 1)
    return start, end


def _exact_parts(rng, units, n_rec, noise, max_rounds: int = 100):
    """Yearly parts whose parsed decimal values sum (as the reader sums them) to the total.

    ``units / 1e4`` written with 4 decimals and read back is the relation's weight; the
    reader adds its records' parsed values in file order (pandas' grouped sum). Where
    that float sum differs from the weight in the last bit (about one relation in five
    with several records), the relation's parts are drawn again, until none does.
    """
    from netclust.generator import split_units
    from netclust.io.values import parse_amounts

    rel = np.repeat(np.arange(len(units)), n_rec)
    parts = split_units(units, n_rec, rng.lognormal(0.0, noise, len(rel)))
    target, _ = parse_amounts(pd.Series(units / 1e4).astype(str).astype(object))
    for _round in range(max_rounds):  # the share of bad sums shrinks ~5-fold per round
        vals, _ = parse_amounts(pd.Series(parts / 1e4).astype(str).astype(object))
        got = pd.DataFrame({"k": rel, "w": vals}).groupby("k", sort=True).agg(w=("w", "sum"))
        bad = got["w"].to_numpy() != target
        if not bad.any():
            return parts
        redo = bad[rel]
        parts[redo] = split_units(units[bad], n_rec[bad], rng.lognormal(0.0, noise, int(redo.sum())))
    raise RuntimeError("yearly parts could not be made to sum exactly")  # never seen


def _yearly_records(rng, ids, layer, src, dst, units, start, end, noise):
    """One dated record per relation and active year; parts sum exactly to the weight."""
    n_rec = end - start + 1
    rel = np.repeat(np.arange(len(units)), n_rec)
    offset = np.arange(len(rel)) - np.repeat(np.cumsum(n_rec) - n_rec, n_rec)
    year = start[rel] + offset
    parts = _exact_parts(rng, units, n_rec, noise)
    day = ((year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
           + rng.integers(0, 365, len(rel)).astype("timedelta64[D]"))
    return pd.DataFrame({S.SOURCE: ids[src[rel]], S.TARGET: ids[dst[rel]], S.LAYER: layer[rel],
                         S.WEIGHT: parts / 1e4, S.DATE: day.astype(str)})


def _platform(roles, src, dst, founded, year):
    """The platform firm with the most SME partners (ties: first) and those SMEs."""
    plat = np.flatnonzero(roles == "platform")
    if year is None or not len(plat):
        return None, np.empty(0, dtype=np.int64)
    sme = roles == "sme"
    pairs = np.unique(np.concatenate([np.column_stack([src, dst]), np.column_stack([dst, src])]),
                      axis=0)
    pairs = pairs[np.isin(pairs[:, 0], plat) & sme[pairs[:, 1]]]
    count = np.bincount(pairs[:, 0], minlength=len(roles))
    p = int(plat[np.argmax(count[plat])])
    return p, pairs[pairs[:, 0] == p, 1]


def _dated_events(years, ids, entry, exit_, plan, src, dst, start) -> pd.DataFrame:
    """Ground truth of :func:`date_tables`: the events of :func:`simulate_years`.

    Plus ``split_member`` rows (the firms of the split community's second half, with
    their new community); the platform keeps its own id, has no planted community, and
    each member SME's row is dated by the first year of its relation with the platform.
    """
    anchor, anchor_exit, split, split_comm, new_comm, half_b, p, members, year = plan
    ev = _events(years, ids, entry, exit_, anchor, anchor_exit, split, split_comm, new_comm,
                 half_b, None, members, "")
    if split:
        ev = pd.concat([ev, pd.DataFrame({"year": split, "event": "split_member",
                                          S.FIRM_ID: ids[half_b], "detail": "",
                                          "community": pd.array([new_comm] * len(half_b),
                                                                dtype="Int64")})],
                       ignore_index=True)
    if p is None:
        return ev
    on_p = (src == p) | (dst == p)
    other = np.where(src[on_p] == p, dst[on_p], src[on_p])
    joined = pd.Series(start[on_p]).groupby(other).min().reindex(members).to_numpy()
    rows = pd.DataFrame({"year": np.concatenate([[year], joined]),
                         "event": ["platform"] + ["platform_member"] * len(members),
                         S.FIRM_ID: np.concatenate([[ids[p]], ids[members]]),
                         "community": pd.array([pd.NA] * (len(members) + 1), dtype="Int64"),
                         "detail": [f"{len(members)} SMEs join it"] + [""] * len(members)})
    head = ev[ev["event"].isin(["anchor_exit", "split"])]
    return pd.concat([head, rows, ev[~ev.index.isin(head.index)]], ignore_index=True)


def date_tables(tables, years="2020-2024", *, seed=0, anchor_exit="auto", split="auto",
                platform="auto", exit_rate: float = 0.02, persist: float = 0.6,
                noise: float = 0.5) -> TemporalTables:
    """Dated yearly records of a generated snapshot, with planted events; same aggregate.

    Each relation of ``tables`` (from :func:`netclust.generator.generate_tables`) is
    split into one record per year of an active span, dated on a random day of that
    year, whose weights sum exactly to the relation's weight: read back with
    :func:`netclust.read`, the records give the snapshot's links with the same weights
    (``count`` is then the number of yearly records).

    Parameters
    ----------
    tables : ClusterTables
        An undated generated cluster (``links`` with a ``weight`` column).
    years : str, tuple or list, default "2020-2024"
    seed : int, numpy.random.Generator or None, default 0
        Same tables and seed, same records.
    anchor_exit, split : int, "auto" or None
        Year the most connected anchor is absent from (its relations end the year
        before; ``closed`` is that year's eve) and year the largest planted community
        splits in two random halves (relations across the halves end the year before).
        ``"auto"``: the last but one year (2023 for 2020-2024). None: no such event.
    platform : int, "auto" or None
        Year the platform firm with the most SME partners is founded (``"auto"``: the
        middle year, 2022, or the year before the other events if earlier, but not the
        first year); its relations start then, or when the SME is founded.
    exit_rate : float, default 0.02
        Share of all firms closing each year after the first (anchors, the platform
        and its SMEs excluded; only firms whose partners were all founded earlier).
    persist : float, default 0.6
        Share of relations active over their whole window (the years both firms are
        open); the others are active over a random sub-span (link churn). Relations of
        the planted events always span their whole window.
    noise : float, default 0.5
        Log-normal sigma of the yearly shares of a relation's weight.

    Returns
    -------
    TemporalTables
        ``firms`` with ``closed`` added (``YYYY-12-31`` of the last open year, empty
        when open), ``links`` (``source, target, layer, weight, date``; by relation in
        the snapshot's order, then year), ``communities`` (the planted snapshot
        communities, unchanged) and ``events``.

    Raises
    ------
    InputError
        Years out of range, or planted events whose years leave a relation no year.

    Notes
    -----
    Entries are the firms founded after the first year (the generator's founding
    years, calibrated per role; a firm founded after the last year is taken as
    founded in it, since it has relations). A relation can only be active while both firms are
    open, so a partner of the exiting anchor (or across the split halves) founded
    after the relation must end has its founding year moved back to that year.
    Weights are split in whole units of 1e-4 (1 CNY), then, where the reader's float
    sum of the parsed 4-decimal parts would differ from the weight in the last bit,
    a unit moves between two records: sums are exact after parsing.

    Examples
    --------
    >>> from netclust.generator import generate_tables
    >>> from netclust.temporal.simulate import date_tables
    >>> t = generate_tables(300, seed=1)
    >>> d = date_tables(t, "2020-2024", seed=1)
    >>> sorted(d.links["date"].str[:4].unique())
    ['2020', '2021', '2022', '2023', '2024']
    >>> back = nc.read(firms=d.firms, links=d.links).links
    >>> bool((back["weight"].to_numpy() == t.links["weight"].to_numpy()).all())
    True
    """
    years = parse_years(years)
    late = years[-2] if len(years) > 2 else years[-1]
    anchor_exit = late if anchor_exit == "auto" else anchor_exit
    split = late if split == "auto" else split
    if platform == "auto":  # the middle year, before the other events
        platform = min([years[len(years) // 2]] + [y - 1 for y in (anchor_exit, split) if y])
        platform = max(platform, years[1])
    _check_years(years, anchor_exit=anchor_exit, split=split, platform=platform)
    rng = make_rng(seed)
    ids, roles, src, dst, truth, anchor, split_comm, half_b, _ = _plant(rng, tables, 0)
    n = len(ids)
    founded = np.minimum(tables.firms["founded"].to_numpy(np.int64), years[-1])
    p, members = _platform(roles, src, dst, founded, platform)
    if p is not None:
        founded[p] = platform
    half = np.full(n, -1)
    half[truth == split_comm] = 0
    half[half_b] = 1
    cross = bool(split) & (half[src] >= 0) & (half[dst] >= 0) & (half[src] != half[dst])
    on_anchor = bool(anchor_exit) & ((src == anchor) | (dst == anchor))
    if anchor_exit:
        founded, _ = _founded_by(founded, src, dst, on_anchor, anchor_exit - 1)
    if split:
        founded, _ = _founded_by(founded, src, dst, cross, split - 1)
    entry = np.maximum(founded, years[0])
    protected = roles == "anchor"
    if p is not None:
        protected[np.append(members, p)] = True
    exit_ = _dated_exits(rng, years, entry, src, dst, protected, exit_rate)
    if anchor_exit:
        exit_[anchor] = anchor_exit
    last = np.where(exit_ > 0, exit_ - 1, years[-1])
    a = np.maximum(entry[src], entry[dst])
    b = np.minimum(last[src], last[dst])
    b = np.where(cross, np.minimum(b, (split or 0) - 1), b)
    if (a > b).any():
        raise InputError(f"{int((a > b).sum())} relations have no year with both firms open: "
                         "choose event years that leave one (platform before the anchor exit)")
    units = np.round(tables.links[S.WEIGHT].to_numpy(dtype=float) * 1e4).astype(np.int64)
    crisp = on_anchor | cross | ((src == p) | (dst == p) if p is not None else False)
    start, end = _spans(rng, a, b, units, crisp, persist)
    links = _yearly_records(rng, ids, tables.links[S.LAYER].to_numpy(dtype=object), src, dst,
                            units, start, end, noise)
    firms = _register(tables.firms, founded, exit_, "", None, members)
    plan = (anchor, anchor_exit, split, split_comm, int(truth.max()) + 1, half_b, p, members,
            platform)
    events = _dated_events(years, ids, entry, exit_, plan, src, dst, start)
    return TemporalTables(firms, links, tables.communities, events)
