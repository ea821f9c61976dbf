"""One network per period from one data set: calendar periods, explicit and rolling windows.

The links are read once with monthly labels (``nc.read(path, by_period="month")``, the
reader's own date parsing), then every period's network is assembled from the months
that fall inside its window. Undated links follow an explicit rule and are counted;
firms are present in a period by the register rule of :func:`firm_presence`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from netclust import schema as S
from netclust._check import choice
from netclust.errors import InputError, UndatedError, ValidationError
from netclust.i18n import gettext as _
from netclust.periods import FREQUENCIES, parse_period, period_bounds

__all__ = ["PeriodNetworks", "split_periods", "rolling_windows", "firm_presence", "read_periods",
           "undated_message", "UNDATED_RULES", "ENTRY_COLUMNS", "EXIT_COLUMNS"]

#: How undated links are treated: present in every period, or left out of all.
UNDATED_RULES = ("always", "exclude")
#: Firm columns read as the date a firm was registered (first found wins).
ENTRY_COLUMNS = ("founded", "entry", "entered")
#: Firm columns read as the date a firm closed (first found wins).
EXIT_COLUMNS = ("closed", "exit", "exited")


@dataclass(frozen=True, eq=False)
class PeriodNetworks(Mapping):
    """Networks of consecutive periods, keyed by period label, in time order.

    Attributes
    ----------
    networks : dict
        ``{label: MultilayerNetwork}``.
    windows : pandas.DataFrame
        ``period, start, end`` (half-open ``[start, end)``).
    undated : pandas.DataFrame
        Per layer: ``layer, links, records, rule`` — undated links (aggregated pairs)
        and their records, and what was done with them. Never silently dropped:
        under the rule ``"always"``, ``undated.attrs["left_out"]`` (``{period: n}``)
        counts the undated links a period leaves out because one of their firms is
        absent then by the register (see :func:`split_periods`).
    presence : pandas.DataFrame
        Boolean table firms x periods: which firms each period's network holds.
    rule : str
        The undated rule (``"always"`` or ``"exclude"``).
    """

    networks: dict
    windows: pd.DataFrame
    undated: pd.DataFrame
    presence: pd.DataFrame
    rule: str = "always"
    notes: list = field(default_factory=list)

    def __getitem__(self, label):
        return self.networks[label]

    def __iter__(self):
        return iter(self.networks)

    def __len__(self) -> int:
        return len(self.networks)

    def __repr__(self) -> str:
        n_und = int(self.undated["links"].sum()) if len(self.undated) else 0
        return (f"<PeriodNetworks: {len(self)} periods ({', '.join(map(str, self))}); "
                f"{n_und} undated links, rule {self.rule!r}>")


def _month(ts) -> pd.Period:
    return pd.Timestamp(ts).to_period("M")


def rolling_windows(first, last, *, length: int = 24, step: int = 12) -> list:
    """Rolling windows of ``length`` months stepping ``step`` months from ``first``.

    Parameters
    ----------
    first, last : str or Timestamp
        First and last month with data (any date inside them).
    length, step : int
        Window length and step in months (both >= 1).

    Returns
    -------
    list of str
        Labels ``YYYY-MM..YYYY-MM`` (inclusive months), readable by
        :func:`netclust.periods.parse_period`. Only full windows ending by ``last``
        are kept; when the data span is shorter than one window, a single window
        from ``first`` to ``last`` is returned.

    Examples
    --------
    >>> from netclust.temporal import rolling_windows
    >>> rolling_windows("2020-01", "2023-12", length=24, step=12)
    ['2020-01..2021-12', '2021-01..2022-12', '2022-01..2023-12']
    """
    if int(length) < 1 or int(step) < 1:
        raise InputError(f"rolling windows need length and step >= 1 month, not {length}/{step}")
    a, b = _month(first), _month(last)
    out = []
    start = a
    while start + (int(length) - 1) <= b:
        out.append(f"{start}..{start + (int(length) - 1)}")
        start = start + int(step)
    return out or [f"{a}..{b}"]


def _calendar_windows(first, last, by: str) -> list:
    if by not in FREQUENCIES:
        raise InputError(f"by must be one of {', '.join(FREQUENCIES)}, not {by!r}")
    rng = pd.period_range(pd.Timestamp(first).to_period(FREQUENCIES[by]),
                          pd.Timestamp(last).to_period(FREQUENCIES[by]), freq=FREQUENCIES[by])
    return [str(p) for p in rng]


def _register_bound(values: pd.Series, *, end: bool) -> np.ndarray:
    """Dates from a register column: a year ``Y`` means from Jan 1 (entry) / to Dec 31 (exit)."""
    from netclust.io.values import DATE_RANGE, register_dates

    out, bad = register_dates(values, end=end)  # a year or date in DATE_RANGE, else an error
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(_("{column} must be a four-digit year or a date from {first} to {last}, "
                           "not {values}").format(column=values.name, first=DATE_RANGE[0],
                                                  last=DATE_RANGE[1], values=f"{str(values.iloc[i])!r} "
                                                  f"(firm {values.index[i]!r})"))
    return out


def _register(firms: pd.DataFrame):
    """Register dates: (has a date, entry or -inf, exit or +inf)."""
    n = len(firms)
    ecol = next((c for c in ENTRY_COLUMNS if c in firms.columns), None)
    xcol = next((c for c in EXIT_COLUMNS if c in firms.columns), None)
    entry = _register_bound(firms[ecol], end=False) if ecol else np.full(n, np.datetime64("NaT"))
    exit_ = _register_bound(firms[xcol], end=True) if xcol else np.full(n, np.datetime64("NaT"))
    known = ~(np.isnat(entry) & np.isnat(exit_))
    lo = np.where(np.isnat(entry), np.datetime64("1678-01-01", "ns"), entry)
    hi = np.where(np.isnat(exit_), np.datetime64("2262-01-01", "ns"), exit_)
    return known, lo, hi


def firm_presence(firms: pd.DataFrame, windows: pd.DataFrame, active=None) -> pd.DataFrame:
    """Which firms are present in each period: registered then, or linked then.

    Parameters
    ----------
    firms : pandas.DataFrame
        Firm table (index ``firm_id``); optional entry column (``founded``, ``entry``
        or ``entered``) and exit column (``closed``, ``exit`` or ``exited``).
    windows : pandas.DataFrame
        ``period, start, end`` (half-open).
    active : pandas.DataFrame, optional
        Boolean firms x periods: the firm has a link in the period.

    Returns
    -------
    pandas.DataFrame
        Boolean, index ``firm_id``, one column per period.

    Notes
    -----
    A firm is *registered* in ``[start, end)`` when its entry date is before ``end``
    and its exit date is not before ``start``: ``entry < end`` and ``exit >= start``
    (a missing entry means "always was", a missing exit "still open"). A whole
    number ``Y`` reads as a year: entry on Jan 1 of ``Y``, exit at the end of Dec 31
    of ``Y``; other values are dates (exit at the end of that day). A firm with
    neither date, or a register without those columns, is registered nowhere: it is
    present only in periods where it has a link. Present = registered or linked.

    Examples
    --------
    >>> from netclust.temporal import firm_presence
    >>> firms = pd.DataFrame({"founded": [2020, 2021, None], "closed": [None, 2021, None]},
    ...                      index=pd.Index(["a", "b", "c"], name="firm_id"))
    >>> w = pd.DataFrame({"period": ["2020", "2021", "2022"],
    ...                   "start": pd.to_datetime(["2020", "2021", "2022"]),
    ...                   "end": pd.to_datetime(["2021", "2022", "2023"])})
    >>> firm_presence(firms, w).astype(int).to_numpy().tolist()
    [[1, 1, 1], [0, 1, 0], [0, 0, 0]]
    """
    known, lo, hi = _register(firms)
    starts = windows["start"].to_numpy(dtype="datetime64[ns]")
    ends = windows["end"].to_numpy(dtype="datetime64[ns]")
    reg = known[:, None] & (lo[:, None] < ends[None, :]) & (hi[:, None] > starts[None, :])
    out = pd.DataFrame(reg, index=firms.index, columns=list(windows["period"]))
    if active is not None:
        out = out | active.reindex(index=out.index, columns=out.columns, fill_value=False)
    return out


def _monthly(net_or_path, read_options: dict):
    """A network whose links carry period labels (read monthly from a path), and its register.

    The register is the firms table with the column mapped to ``closed``
    (``columns={"closed": ...}``, ``--closed-col``) renamed ``closed``.
    """
    from netclust.model import MultilayerNetwork

    if isinstance(net_or_path, MultilayerNetwork):
        if S.PERIOD not in net_or_path.links.columns:
            raise InputError("this network's links carry no period: read it with "
                             "nc.read(path, by_period='month') or pass the path to split_periods")
        return net_or_path, net_or_path.firms
    if not isinstance(net_or_path, (str, Path)):
        raise InputError("split_periods needs a MultilayerNetwork or a path, "
                         f"not {type(net_or_path).__name__}")
    import netclust as nc

    opts = {k: v for k, v in read_options.items() if k not in ("period", "by_period")}
    columns = dict(opts.get("columns") or {})
    closed = columns.pop("closed", None)
    opts["columns"] = columns or None
    net = nc.read(net_or_path, by_period="month", **opts)
    if closed is None:
        return net, net.firms
    if closed not in net.firms.columns:
        raise InputError(f'column "{closed}" (mapped to closed) is not in the firms table; its '
                         f"columns are: {', '.join(map(str, net.firms.columns))}")
    firms = net.firms.drop(columns=[c for c in EXIT_COLUMNS if c in net.firms.columns and c != closed])
    return net, firms.rename(columns={closed: "closed"})


def _windows(labels, starts, ends, dated, by, windows, rolling) -> pd.DataFrame:
    if sum(x is not None for x in (by, windows, rolling)) != 1:
        raise InputError("give exactly one of by ('year', 'quarter', 'month'), windows or rolling")
    if windows is None and not dated.any():
        raise UndatedError("no link carries a date: calendar or rolling periods cannot be formed")
    if by is not None:
        names = _calendar_windows(starts[dated].min(), ends[dated].max() - np.timedelta64(1, "D"), by)
    elif rolling is not None:
        length, step = rolling
        names = rolling_windows(starts[dated].min(), ends[dated].max() - np.timedelta64(1, "D"),
                                length=length, step=step)
    else:
        names = [str(w) for w in ([windows] if isinstance(windows, str) else windows)]
        if not names:
            raise InputError("windows is empty")
    bounds = [parse_period(w) for w in names]
    return pd.DataFrame({"period": names, "start": [b[0] for b in bounds],
                         "end": [b[1] for b in bounds]})


def _undated_report(links: pd.DataFrame, undated: np.ndarray, layers, rule: str,
                    left_out: dict | None = None) -> pd.DataFrame:
    """Undated links and records per layer; ``attrs["left_out"]``: per period, those left out."""
    und = links[undated]
    g = und.groupby(S.LAYER, sort=False).agg(links=(S.WEIGHT, "size"), records=(S.COUNT, "sum"))
    rep = g.reindex(layers, fill_value=0).reset_index().rename(columns={"index": S.LAYER})
    rep["rule"] = rule
    rep = rep.astype({"links": np.int64, "records": np.int64})
    rep.attrs["left_out"] = {str(k): int(v) for k, v in (left_out or {}).items()}
    return rep


def _endpoints(n, src, dst, inside, index, periods) -> pd.DataFrame:
    """Firms x periods: the firm is an endpoint of a link kept in the period."""
    active = np.zeros((n, inside.shape[1]), dtype=bool)
    rows, cols = np.nonzero(inside)
    active[src[rows], cols] = True
    active[dst[rows], cols] = True
    return pd.DataFrame(active, index=index, columns=periods)


def split_periods(net_or_path, *, by: str | None = "year", windows=None, rolling=None,
                  undated: str = "always", **read_options) -> PeriodNetworks:
    """One network per period from one data set.

    Parameters
    ----------
    net_or_path : MultilayerNetwork or str or Path
        A path (read once with monthly labels; ``read_options`` as for
        :func:`netclust.read`) or a network read with ``by_period=`` or a ``period``
        column (its labels must be no coarser than the windows).
    by : {"year", "quarter", "month"} or None, default "year"
        Calendar periods from the first to the last dated month (empty ones included).
    windows : str or list of str, optional
        Explicit windows (``"2022"``, ``"2023-07..2024-06"``); set ``by=None``.
    rolling : (int, int), optional
        ``(length, step)`` in months, e.g. ``(24, 12)`` (see :func:`rolling_windows`);
        set ``by=None``.
    undated : {"always", "exclude"}, default "always"
        Undated links are present in every period or in none; either way they are
        counted in ``result.undated``. Under ``"always"`` an undated link is left out
        of a period where one of its firms is absent by the register (closed, not
        yet founded, or neither registered nor linked by a dated link then); a firm
        without register dates is taken as present wherever its undated link is.
        How many each period leaves out is in ``result.undated.attrs["left_out"]``
        and in the warning (:func:`undated_message`).

    Returns
    -------
    PeriodNetworks
        Mapping ``label -> MultilayerNetwork`` plus ``windows``, ``undated`` and
        ``presence``.

    Raises
    ------
    InputError
        Unknown rule, no dated link, labels coarser than a window, bad windows.

    Notes
    -----
    A link labelled with a period (e.g. a month) belongs to every window containing
    that period entirely; its weight and count are summed within the window. Each
    period's network holds the firms present then (:func:`firm_presence`: registered
    or linked), in the order of the firms table, with the data set's layers.

    Examples
    --------
    >>> from netclust.temporal import split_periods
    >>> links = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
    ...                       "layer": "procurement", "weight": [1.0, 2.0, 3.0],
    ...                       "date": ["2021-03-01", "2022-05-01", ""]})
    >>> p = split_periods(nc.read(links=links, by_period="month"), by="year")
    >>> {k: len(v.links) for k, v in p.items()}
    {'2021': 2, '2022': 2}
    >>> p = split_periods(nc.read(links=links, by_period="month"), by="year", undated="exclude")
    >>> {k: len(v.links) for k, v in p.items()}
    {'2021': 1, '2022': 1}
    >>> print(p.undated.to_string(index=False))
             layer  links  records    rule
       procurement      1        1 exclude
    design_sharing      0        0 exclude
         logistics      0        0 exclude
    """
    from netclust.model import MultilayerNetwork

    choice(undated, "undated", UNDATED_RULES)
    try:
        net, firms = _monthly(net_or_path, read_options)
    except ValidationError as err:  # the monthly read's "needs a date column": say what was asked
        asked = (_("by_period={value!r} needs a date column").format(value=by) if by else
                 _("rolling windows need a date column") if rolling else _undated_period(windows))
        raise _asked(err, asked) from None
    links = net.links
    labels = links[S.PERIOD].astype(str).to_numpy(dtype=object)
    is_undated = (labels == "") | (labels == "nan") | (labels == "NaT")
    starts, ends = period_bounds(labels)
    dated = ~is_undated & (starts < ends)
    win = _windows(labels, starts, ends, dated, by, windows, rolling)
    ws = win["start"].to_numpy(dtype="datetime64[ns]")
    we = win["end"].to_numpy(dtype="datetime64[ns]")
    inside = dated[:, None] & (starts[:, None] >= ws[None, :]) & (ends[:, None] <= we[None, :])
    partial = dated[:, None] & ~inside & (starts[:, None] < we[None, :]) & (ends[:, None] > ws[None, :])
    if partial.any():
        bad = pd.unique(labels[partial.any(axis=1)])[:3]
        raise InputError(f"period labels {list(bad)} are coarser than the windows; read the data "
                         "with a date column (or by_period='month') to split it this finely")
    src, dst = links["src"].to_numpy(), links["dst"].to_numpy()
    periods = list(win["period"])
    pres = firm_presence(firms, win, _endpoints(net.n_firms, src, dst, inside, net.firm_ids,
                                                periods)).to_numpy()
    has_dated = inside.any(axis=0)
    if undated == "always":
        ok = pres | ~_register(firms)[0][:, None]
        inside = inside | (is_undated[:, None] & ok[src] & ok[dst])
    presence = firm_presence(firms, win, _endpoints(net.n_firms, src, dst, inside,
                                                    net.firm_ids, periods))
    pres = presence.to_numpy()
    base = links[[S.SOURCE, S.TARGET, S.LAYER, S.WEIGHT, S.COUNT]]
    left_out = ((is_undated[:, None] & ~inside).sum(axis=0) if undated == "always"
                else np.zeros(len(periods), dtype=int))
    rep = _undated_report(links, is_undated, net.layer_names, undated,
                          {p: k for p, k in zip(periods, left_out) if k})
    validation = _with_undated_warning(net.validation, rep)
    nets = {}
    for j, label in enumerate(periods):  # loop over periods only
        prov = dict(net.provenance)
        prov["derived"] = list(prov.get("derived", [])) + [f"period {label} (undated: {undated})"]
        nets[label] = MultilayerNetwork(firms[pres[:, j]], base[inside[:, j]], net.layers,
                                        validation=validation if has_dated[j] else
                                        _with_warning(validation, "empty_period", _(
                                            "no dated link falls in period {period!r}").format(
                                                period=label), None),
                                        provenance=prov)
    return PeriodNetworks(nets, win, rep, presence, undated)


def undated_message(undated: pd.DataFrame, *, stop: bool = False) -> str | None:
    """One sentence on the undated links of a split (None when there are none).

    Under the rule ``"always"``, the periods that leave some undated links out (one of
    their firms absent then by the register: ``undated.attrs["left_out"]``) are named
    with their counts, so the sentence never claims a link is in a period it is not.

    Parameters
    ----------
    undated : pandas.DataFrame
        ``PeriodNetworks.undated``.
    stop : bool, default False
        End with the full stop (of the language).

    Examples
    --------
    >>> from netclust.temporal.periods import undated_message
    >>> rep = pd.DataFrame({"layer": ["design_sharing", "logistics"], "links": [3, 0],
    ...                     "records": [4, 0], "rule": "exclude"})
    >>> undated_message(rep)
    '3 undated links (4 records: design_sharing 3) left out of every period (undated rule: exclude)'
    >>> rep = rep.assign(rule="always")
    >>> rep.attrs["left_out"] = {"2022": 1}
    >>> print(undated_message(rep, stop=True))
    3 undated links (4 records: design_sharing 3) kept in every period where both their firms are present (undated rule: always; left out because a firm is not registered then: 1 in 2022).
    """
    if undated is None or not len(undated) or int(undated["links"].sum()) == 0:
        return None
    rule = str(undated["rule"].iloc[0])
    per = ", ".join(f"{lay} {int(n):,}" for lay, n in zip(undated["layer"], undated["links"]) if n)
    left = {p: k for p, k in undated.attrs.get("left_out", {}).items() if k} if rule == "always" else {}
    if left:
        text = _("{n} undated links ({records} records: {per}) kept in every period where both "
                 "their firms are present (undated rule: {rule}; left out because a firm is not "
                 "registered then: {left_out}).")
    elif rule == "always":
        text = _("{n} undated links ({records} records: {per}) kept in every period (undated rule: "
                 "{rule}).")
    else:
        text = _("{n} undated links ({records} records: {per}) left out of every period (undated "
                 "rule: {rule}).")
    left_out = ", ".join(_("{n} in {period}").format(n=f"{k:,}", period=p) for p, k in left.items())
    text = text.format(n=f"{int(undated['links'].sum()):,}", records=f"{int(undated['records'].sum()):,}",
                       per=per, rule=rule, left_out=left_out)
    return text if stop else text.rstrip(".。")


def _with_undated_warning(validation, rep: pd.DataFrame):
    """A copy of the validation report with the ``undated_links`` warning (or the report itself)."""
    msg = undated_message(rep)
    if msg is None:
        return validation
    return _with_warning(validation, "undated_links", msg, int(rep["records"].sum()))


def _with_warning(validation, code: str, message: str, count: int):
    """A copy of the validation report with one more warning on the links' dates."""
    import copy

    if validation is None:
        return validation
    report = copy.copy(validation)
    report.problems = list(validation.problems)
    report.add("warning", code, message, "links", S.DATE, count=count)
    return report


def read_periods(data, *, period=None, by_period=None, windows=None, rolling=None,
                 undated: str = "always", **read_options) -> PeriodNetworks:
    """The periods a command asks for: ``--by-period``, ``--window``, ``--rolling`` or ``--period``.

    Parameters
    ----------
    data : str, Path or MultilayerNetwork
        As for :func:`split_periods`.
    period : str, optional
        One window (``2022``, ``2023-07..2024-06``); with ``by_period``, the calendar
        periods inside it.
    by_period : {"year", "quarter", "month"}, optional
    windows : str or list of str, optional
        Explicit windows (see :func:`split_periods`).
    rolling : (int, int), optional
        ``(length, step)`` in months (see :func:`rolling_windows`).
    undated : {"always", "exclude"}, default "always"
        The undated rule of :func:`split_periods` (reported, never silent).
    **read_options
        Passed to :func:`netclust.read`; ``columns={"closed": COL}`` names the firms
        column read as the closing date (the register, see :func:`firm_presence`).

    Returns
    -------
    PeriodNetworks

    Raises
    ------
    InputError
        None of ``period``, ``by_period``, ``windows``, ``rolling`` given, or
        ``windows``/``rolling`` with another of them.

    Notes
    -----
    Unlike ``nc.read(path, period=...)``, which keeps only the records dated inside
    the window, undated records follow the explicit rule: with ``"always"`` (the
    default) they count in the window, with ``"exclude"`` they do not; either way
    they are counted in ``result.undated`` and in each network's validation report
    (warning ``undated_links``). Firms closed before the window (or founded after
    it) and without a link in it are not in the window's network.

    Examples
    --------
    >>> from netclust.temporal import read_periods
    >>> links = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
    ...                       "layer": "procurement", "date": ["2021-03-01", "2022-05-01", ""]})
    >>> p = read_periods(nc.read(links=links, by_period="month"), period="2022")
    >>> list(p), len(p["2022"].links), p["2022"].validation.warnings[0].code
    (['2022'], 2, 'undated_links')
    >>> list(read_periods(nc.read(links=links, by_period="month"), windows=["2021", "2022"]))
    ['2021', '2022']
    """
    given = [name for name, v in (("period", period), ("by_period", by_period),
                                  ("windows", windows), ("rolling", rolling)) if v]
    if not given:
        raise InputError("give a period (e.g. 2022), by_period ('year', 'quarter', 'month'), "
                         "windows or rolling")
    if len(given) > 1 and set(given) != {"period", "by_period"}:
        raise InputError(f"give one of period, by_period, windows and rolling, not {' and '.join(given)}")
    if windows or rolling:
        return split_periods(data, by=None, windows=windows or None, rolling=rolling,
                             undated=undated, **read_options)
    if by_period is None:
        return split_periods(data, by=None, windows=[str(period)], undated=undated,
                             **read_options)
    if period is None:
        return split_periods(data, by=by_period, undated=undated, **read_options)
    start, end = parse_period(period)
    names = _calendar_windows(start, end - pd.Timedelta(days=1), by_period)
    try:
        return split_periods(data, by=None, windows=names, undated=undated, **read_options)
    except ValidationError as err:
        raise _asked(err, _undated_period(period)) from None


def _undated_period(period) -> str:
    period = period if isinstance(period, str) else ", ".join(map(str, period))
    return _("period {period!r} given but the links have no date or period column").format(
        period=period)


def _asked(err, message: str):
    """``err`` with its missing-date-column error saying ``message`` (what the caller asked)."""
    import copy
    import dataclasses

    report = copy.copy(err.report)
    report.problems = [dataclasses.replace(p, message=message)
                       if p.code == "missing_column" and p.column == S.DATE else p
                       for p in err.report.problems]
    return ValidationError(report)
