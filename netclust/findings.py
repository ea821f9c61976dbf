"""Key findings: ranked, plain-language statements read from an ``Analysis``.

In the manner of ydata-profiling's alerts, each finding is one sentence a cluster
official can act on, with the number behind it, the threshold that makes it a finding
and the report section that explains it. Findings are plain data (a DataFrame), so the
report, the notebook and scripts show the same list. Nothing is computed here that the
:class:`~netclust.analysis.Analysis` does not already hold: this module only reads its
cached results and compares them with :data:`THRESHOLDS`.

A symbiosis finding uses the scorecard's one beyond-chance rule and reading
(:func:`netclust.metrics.scorecard.beyond_chance`), as the report's table and chart do.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netclust.errors import NetclustError
from netclust.metrics.exporters import EXPORTER_COLUMN
from netclust.metrics.scorecard import BEYOND_CHANCE_P, beyond_chance, notable, p_text
from netclust.html.formatting import fmt_number
from netclust.i18n import N_, gettext as _
from netclust.schema import AGGREGATE, role_label
from netclust.viz.figures import web_indicator_label, web_label

__all__ = ["THRESHOLDS", "FINDING_COLUMNS", "SEVERITIES", "SEVERITY_LABELS", "Finding", "findings",
           "reading_text", "INDICATOR_MEANINGS"]

#: Every threshold that turns a number into a finding, with what it means (one place).
THRESHOLDS = {
    "single_point_share": (0.10, N_("at least this share of the non-exporting SMEs that have export "
                                 "access depend on one single firm for it")),
    "no_access_share": (0.05, N_("at least this share of the SMEs reach no exporter along the "
                              "declared channels")),
    "secure_share": (0.90, N_("fewer than this share of the SMEs are N-1 secure (keep export access "
                              "when any one other firm exits)")),
    "gatekeeper_smes": (10, N_("one firm is the single point of failure of at least this many SMEs")),
    "anchor_exit_smes": (1, N_("the largest anchor's exit cuts at least this many SMEs off (they "
                               "fail or lose export access)")),
    "cascade_firms": (5, N_("one firm's failure brings down at least this many firms in total")),
    "recommend_gain": (1, N_("the recommended interventions raise the objective by at least this")),
    "z": (2.0, N_("a web indicator is beyond chance when |z| reaches this and its two-sided p is "
                  "below `p` (netclust.metrics.scorecard.beyond_chance); for an indicator read on a "
                  "0-1 level, a headline also needs value > 0.5 when above chance (< 0.5 when below)")),
    "p": (BEYOND_CHANCE_P, N_("two-sided Monte Carlo p below which a web indicator is beyond "
                              "chance (or its floor 2/(runs+1) when fewer than 39 null webs make "
                              "0.05 unreachable)")),
}

#: Severity levels, most urgent first (the ranking key before the share of SMEs concerned).
SEVERITIES = ("high", "medium", "info", "note")

#: Columns of :func:`findings`.
FINDING_COLUMNS = ["rank", "severity", "key", "text", "value", "threshold", "section"]


@dataclass(frozen=True)
class Finding:
    """One finding (see :data:`FINDING_COLUMNS`); ``score`` orders findings of one severity."""

    key: str
    severity: str
    text: str
    value: str
    threshold: str
    section: str
    score: float = 0.0


def _t(key):
    return THRESHOLDS[key][0]


# ---------------------------------------------------------------- findings
def _get(analysis, name):
    """``(result, error message)`` of one cached analysis result."""
    try:
        return getattr(analysis, name), None
    except NetclustError as exc:
        return None, str(exc)


def _channel_findings(ch) -> list:
    sme = ch.sme
    n = len(sme)
    out = []
    if not n:
        return out
    nonexp = sme[~sme["exports"].astype(bool)]
    with_access = nonexp[nonexp["access"].astype(bool)]
    single = with_access[~with_access["secure"].astype(bool)]
    share = len(single) / len(with_access) if len(with_access) else 0.0
    if share >= _t("single_point_share"):
        gk = ch.gatekeepers
        top3 = float(ch.indicators.get("top3_gatekeeper_share", float("nan")))
        held = int(ch.indicators.get("top3_gatekeeper_smes", round(top3 * len(single))))
        extra = (_("; {k} of them ({share}) depend on one of the 3 largest of {n} gatekeepers").format(
            k=fmt_number(held), n=fmt_number(len(gk)), share=f"{top3:.0%}")
            if len(gk) >= 3 and math.isfinite(top3) else "")
        out.append(Finding("single_point", "high" if share >= 0.25 else "medium",
                           _("{k} of {n} non-exporting SMEs with export access depend on a single "
                             "firm for it{extra}.").format(k=fmt_number(len(single)),
                                                            n=fmt_number(len(with_access)), extra=extra),
                           f"{share:.0%}", f"≥ {_t('single_point_share'):.0%}", "channels", share))
    no_access = int((~sme["access"].astype(bool)).sum())
    if no_access / n >= _t("no_access_share"):
        out.append(Finding("no_access", "high" if no_access / n >= 0.2 else "medium",
                           _("{k} of {n} SMEs reach no exporter along the declared channels.").format(
                               k=fmt_number(no_access), n=fmt_number(n)), f"{no_access / n:.0%}", f"≥ {_t('no_access_share'):.0%}",
                           "channels", no_access / n))
    secure = int(sme["secure"].astype(bool).sum())
    if secure / n < _t("secure_share"):
        out.append(Finding("secure", "medium",
                           _("{k} of {n} SMEs ({share}) are N-1 secure: they keep export access when "
                             "any one other firm exits.").format(k=fmt_number(secure), n=fmt_number(n),
                                                                  share=f"{secure / n:.0%}"),
                           f"{secure / n:.0%}", f"< {_t('secure_share'):.0%}", "channels",
                           1 - secure / n))
    out += _gatekeeper_finding(ch.gatekeepers, n)
    return out


def _gatekeeper_finding(gk, n_sme) -> list:
    if not len(gk):
        return []
    top = gk.sort_values("smes_dependent", ascending=False, kind="stable").iloc[0]
    k = int(top["smes_dependent"])
    if k < _t("gatekeeper_smes"):
        return []
    return [Finding("gatekeeper", "medium",
                    _("{name} ({role}, {id}) alone is the single point of failure of {k} SMEs' "
                      "export access.").format(name=top["name"], role=role_label(top["role"]), id=top["firm_id"],
                                               k=fmt_number(k)),
                    _("{k} SMEs").format(k=fmt_number(k)),
                    "≥ " + _("{k} SMEs").format(k=fmt_number(_t("gatekeeper_smes"))), "channels", k / max(n_sme, 1))]


def _scenario_findings(scenarios, n_sme) -> list:
    out = []
    for label, r in scenarios:
        if not label.startswith("Largest anchor"):
            continue
        aff = r.affected
        if not len(aff):
            continue
        cut = aff[(aff["role"].astype(str) == "sme")
                  & aff["effect"].isin(["failed", "lost_export", "lost_channel_access"])]
        gone = aff[aff["effect"] == "removed"]
        who = " ({})".format(gone["name"].iloc[0]) if len(gone) == 1 else ""
        if len(cut) >= _t("anchor_exit_smes"):
            out.append(Finding("anchor_exit", "high" if len(cut) >= 0.02 * max(n_sme, 1) else "medium",
                               _("The largest anchor's exit{who} would cut {k} SMEs off (they fail "
                                 "or lose export access).").format(who=who, k=fmt_number(len(cut))),
                               _("{k} SMEs").format(k=fmt_number(len(cut))),
                               "≥ " + _("{k} SMEs").format(k=fmt_number(_t("anchor_exit_smes"))),
                               "scenarios",
                               len(cut) / max(n_sme, 1)))
    return out


def _cascade_finding(si, names, n_firms) -> list:
    if si is None or not len(si):
        return []
    size = si["cascade_size"].astype(float)
    k = int(size.max())
    if k < _t("cascade_firms"):
        return []
    fid = size.idxmax()
    return [Finding("cascade", "medium",
                    _("The failure of {name} ({id}) alone would bring down {k} firms through their "
                      "dependencies.").format(name=names.get(fid, fid), id=fid, k=fmt_number(k)),
                    _("{k} firms").format(k=fmt_number(k)),
                    "≥ " + _("{k} firms").format(k=fmt_number(_t("cascade_firms"))), "resilience", k / max(n_firms, 1))]


def _recommend_finding(rec, names) -> list:
    if rec is None or rec.after - rec.before < _t("recommend_gain"):
        return []
    t = rec.table
    gain = rec.after - rec.before
    words = {EXPORTER_COLUMN: N_("export support for {f}"), "link": N_("a channel link {f} → {p}"),
             "platform": N_("enrol {f} in a shared export platform")}
    picks = [_(words[a] if a in words else a).format(f=names.get(f, f), p=names.get(p, p))
             for a, f, p in zip(t["action"], t["firm_id"], t["partner_id"])]
    what = _("more SMEs N-1 secure") if rec.objective == "secure_smes" else \
        _("expected SMEs with access after the loss of one exporter")
    return [Finding("recommendation", "info",
                    _("{n} interventions would make {gain} {what} ({before} → {after}): {picks}.").format(
                        n=fmt_number(len(t)), gain=f"{gain:,.0f}", what=what, before=f"{rec.before:,.0f}",
                        after=f"{rec.after:,.0f}", picks="; ".join(picks)),
                    f"+{gain:,.0f}", _("gain ≥ {k}").format(k=fmt_number(_t("recommend_gain"))),
                    "recommendations",
                    gain)]


def _threshold_text(runs) -> str:
    """The beyond-chance rule as applied with ``runs`` null webs (the p floor when 0.05 is out of reach)."""
    z, p = f"{_t('z'):g}", f"{_t('p'):g}"
    if runs and 2 / (runs + 1) >= _t("p"):
        return _("|z| ≥ {z} and p at its floor {floor} ({runs} null webs cannot reach p < {p})"
                 ).format(z=z, floor=f"{2 / (runs + 1):.2g}", runs=runs, p=p)
    return _("|z| ≥ {z} and p < {p}").format(z=z, p=p)


def _symbiosis_findings(sym, runs, top: int = 2) -> list:
    """Headlines of the web indicators beyond chance whose level and comparison agree."""
    sc = sym.scorecard
    sc = sc[sc["web"] != "cluster"].copy()
    z = pd.to_numeric(sc["z"], errors="coerce").to_numpy(dtype=float)
    p = pd.to_numeric(sc["p"], errors="coerce").to_numpy(dtype=float)
    v = pd.to_numeric(sc["value"], errors="coerce").to_numpy(dtype=float)
    m = pd.to_numeric(sc["null_mean"], errors="coerce").to_numpy(dtype=float)
    # headlines only for patterns: beyond chance and at least MIN_EFFECT of the null mean
    keep = np.array([notable(vi, mi, zi, pi, runs) for vi, mi, zi, pi in zip(v, m, z, p)], dtype=bool)
    sc = sc[keep].assign(absz=np.abs(z[keep]))
    out = []
    for _i, row in sc.sort_values("absz", ascending=False, kind="stable").iterrows():
        text = str(row["reading"])
        if ";" in text and (float(row["value"]) > 0.5) != (float(row["z"]) > 0):
            continue  # a 0-1 level and the comparison with chance point different ways
        out.append(Finding("symbiosis", "info",
                           _("{web} web, {indicator}: {reading}.").format(
                               web=web_label(row["web"]), indicator=web_indicator_label(row["indicator"]), reading=reading_text(row, runs)),
                           f"z = {float(row['z']):.1f}",
                           _threshold_text(runs),
                           "symbiosis", 0.0))
        if len(out) >= top:
            break
    return out


#: What a web indicator measures, for readings built from structured data (translated where shown).
INDICATOR_MEANINGS = {
    "connectance": N_("share of the possible pairs that are linked"),
    "nodf": N_("nestedness: specialists use the partners that generalists use (core-periphery)"),
    "nodf_rows": N_("nestedness of the rows' partner sets"),
    "nodf_columns": N_("nestedness of the columns' partner sets"),
    "wnodf": N_("nestedness in volumes"),
    "c_score": N_("segregation: firms avoid each other's partners"),
    "h2_prime": N_("specialisation: exclusive relations, harder to substitute"),
    "niche_overlap_rows": N_("overlap of the rows in their partners"),
    "niche_overlap_columns": N_("overlap of the columns in the partners they serve"),
    "generality": N_("partners effectively served by a typical column firm"),
    "vulnerability": N_("partners a typical row firm effectively relies on"),
    "dependence_asymmetry": N_("lopsided dependence between the two sides"),
    "modularity": N_("split into sub-clusters with their own partners"),
    "coverage": N_("share of the row role's firms that take part in this web"),
    "supplier_redundancy": N_("share of SMEs with two or more suppliers for every input they buy"),
    "responders_per_demand": N_("alternative providers within one step, per need (mean)"),
    "channel_reach": N_("share of SMEs within reach of an exporting anchor"),
    "pair_multiplexity": N_("share of linked pairs linked in two or more layers"),
    "reciprocity": N_("share of linked pairs that exchange in both directions"),
}

#: Readings of the indicators without a null model (coverage and the cluster rows of
#: :func:`netclust.metrics.symbiosis.symbiosis`), as that function writes them in English:
#: each is matched against a row's English reading and shown translated.
NULL_FREE_READINGS = (
    N_("few {role} firms take part in this web"), N_("part of the {role} firms take part in this web"),
    N_("most {role} firms take part in this web"),
    N_("most SMEs depend on a single supplier for some input"),
    N_("many SMEs lack a second supplier for some input"),
    N_("most SMEs can switch supplier for every input they buy"),
    N_("needs are met by one provider with few alternatives nearby"),
    N_("needs have one or two alternative providers within one step"),
    N_("one need, many responders: several alternative providers within one step"),
    N_("few SMEs reach {who} within {k} hops"), N_("part of the SMEs reach {who} within {k} hops"),
    N_("most SMEs reach {who} within {k} hops"),
    N_("relations are single-stranded (one layer per pair)"), N_("some relations are multi-stranded"),
    N_("many relations run on several layers at once"),
    N_("flows run one way (little give-and-take)"), N_("some pairs exchange in both directions"),
    N_("much give-and-take: many pairs exchange in both directions"),
    N_("not defined (no such firms or links)"),
)
#: The exporting anchors a channel reach counts (the two ``{who}`` of its readings).
_REACH_WHO = (N_("an exporting anchor"),
              N_("an anchor (no exporter data: every anchor taken as exporting)"))


def _null_free_reading(reading: str) -> str | None:
    """The translated reading of an indicator without a null model (None when not one of them)."""
    for template in NULL_FREE_READINGS:
        pattern = re.escape(template)
        for field in ("role", "who", "k"):
            pattern = pattern.replace(re.escape("{" + field + "}"), f"(?P<{field}>.+?)")
        m = re.fullmatch(pattern, reading)
        if m:
            fields = m.groupdict()
            if "role" in fields:
                fields["role"] = "/".join(role_label(r) for r in fields["role"].split("/"))
            if "who" in fields:
                fields["who"] = _(fields["who"]) if fields["who"] in _REACH_WHO else fields["who"]
            return _(template).format(**fields)
    return None


def _indicator_meaning(indicator: str) -> str:
    """What an indicator measures, translated; ``name[part]`` reads as the meaning with its part."""
    base, _sep, part = str(indicator).partition("[")
    if base not in INDICATOR_MEANINGS:
        return str(indicator)
    what = _(INDICATOR_MEANINGS[base])
    part = part.rstrip("]")
    return f"{what} ({_(AGGREGATE) if part == AGGREGATE else part})" if part else what


def _float(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def reading_text(row, runs) -> str:
    """The reading of a scorecard row in the current language (:mod:`netclust.i18n`).

    In English it is the scorecard's own ``reading``; in another language it is built
    from the structured data (indicator, value, z, p and the beyond-chance rule of
    :func:`~netclust.metrics.scorecard.beyond_chance`) with translated templates.

    Examples
    --------
    >>> from netclust.findings import reading_text
    >>> from netclust.i18n import language
    >>> row = {"indicator": "nodf", "value": 61.2, "z": 3.1, "p": 0.01, "reading": "nested"}
    >>> reading_text(row, 99)
    'nested'
    >>> with language("zh"):
    ...     reading_text(row, 99)
    '嵌套性：专业企业使用的伙伴也是综合型企业使用的伙伴（核心—边缘） = 61.2；高于随机网络（z = 3.1，p ≤ 0.02（超出全部 99 个零模型网络））'
    """
    from netclust.i18n import current_language

    if current_language() == "en":
        return str(row["reading"])
    value, z, p = (float(row[k]) if row[k] is not None else float("nan") for k in ("value", "z", "p"))
    if not math.isfinite(value):
        return _("not defined for this web")
    what = _indicator_meaning(row["indicator"])
    if not math.isfinite(p):  # no null model: the reading of the value itself
        relation = _null_free_reading(str(row["reading"]))
        return (_("{what} = {value}; {relation}").format(what=what, value=fmt_number(value), relation=relation)
                if relation else f"{what} = {fmt_number(value)}")
    if not math.isfinite(z):
        relation = _("fixed by the null model; read the value itself")
    elif beyond_chance(z, p, runs) and not notable(value, _float(row.get("null_mean")), z, p, runs):
        relation = (_("slightly higher than in randomised webs, too little to read as a pattern")
                    if z > 0 else
                    _("slightly lower than in randomised webs, too little to read as a pattern"))
    elif beyond_chance(z, p, runs):
        relation = _("higher than in randomised webs") if z > 0 else _("lower than in randomised webs")
    else:
        relation = _("as expected by chance")
    if math.isfinite(z):
        floor = 2 / (runs + 1) if runs else 0.0
        ptext = (_("p ≤ {floor} (beyond all {runs} null webs)").format(floor=f"{floor:.2g}", runs=runs)
                 if runs and p <= floor + 1e-12 else f"p = {p:.2g}")
        relation += _(" (z = {z}, {p})").format(z=f"{z:.1f}", p=ptext)
    return _("{what} = {value}; {relation}").format(what=what, value=fmt_number(value),
                                                     relation=relation)


#: Severity names as shown (translated where shown).
SEVERITY_LABELS = {"high": N_("high"), "medium": N_("medium"), "info": N_("info"), "note": N_("note")}


def findings(analysis) -> pd.DataFrame:
    """Ranked, plain-language findings of an analysis (read from its cached results).

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    pandas.DataFrame
        :data:`FINDING_COLUMNS`: ``rank`` (1 = most urgent), ``severity`` (one of
        :data:`SEVERITIES`), ``key``, ``text`` (one sentence), ``value`` (the number behind
        it), ``threshold`` (what makes it a finding, from :data:`THRESHOLDS`) and
        ``section`` (the report section that explains it). A result that cannot be
        computed (e.g. no exporter information) gives a ``note`` row saying why.

    Examples
    --------
    >>> from netclust.analysis import Analysis
    >>> f = findings(Analysis(nc.datasets.toy(), runs=2, null_runs=2, budget=1))
    >>> list(f.columns) == FINDING_COLUMNS, f["rank"].tolist() == list(range(1, len(f) + 1))
    (True, True)
    """
    names = analysis.net.firms["name"].astype(str).to_dict()
    found = []
    ch, err = _get(analysis, "channels")
    if ch is not None:
        found += _channel_findings(ch)
        n_sme = len(ch.sme)
        rec, _err = _get(analysis, "recommendations")
        found += _recommend_finding(rec, names)
    else:
        n_sme = int((analysis.net.firms["role"].astype(str) == "sme").sum())
        found.append(Finding("channels_missing", "note",
                             _("Export channels were not computed: {why}").format(why=err),
                             "", "", "channels", 0.0))
    if analysis.settings.scenarios:
        sc, _err = _get(analysis, "default_scenarios")
        found += _scenario_findings(sc[0] if sc else [], n_sme)
    si, _err = _get(analysis, "systemic_importance")
    found += _cascade_finding(si, names, analysis.net.n_firms)
    sym, _err = _get(analysis, "symbiosis")
    if sym is not None and analysis.settings.null_runs:
        found += _symbiosis_findings(sym, analysis.settings.null_runs)
    order = sorted(found, key=lambda f: (SEVERITIES.index(f.severity), -f.score))
    rows = [(i + 1, f.severity, f.key, f.text, f.value, f.threshold, f.section)
            for i, f in enumerate(order)]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
