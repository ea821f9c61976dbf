"""Self-contained HTML reports: compute → context (plain dict) → render (str).

Three stages, each testable on its own (as ydata-profiling's pipeline):

1. :func:`netclust.report.compute.collect` gathers the results of an
   :class:`~netclust.analysis.Analysis` (which computes each number once);
2. :func:`netclust.report.context.report_context` turns them into plain template
   data (formatted strings, tables, SVG figures);
3. :func:`netclust.html.render_report` renders the page (jinja2,
   autoescaped) and returns it as a string.

The report computes nothing itself. Only callers (the CLI, :class:`netclust.Analysis`)
write files.
"""

from __future__ import annotations

from netclust.html import network_repr_html, render_report
from netclust.report.compute import REPORT_METRICS, ReportData, collect
from netclust.report.context import report_context

__all__ = ["report_html", "collect", "report_context", "render_report", "ReportData",
           "network_repr_html", "REPORT_METRICS"]


def report_html(source, *, title: str | None = None, generated: str | None = None,
                progress=None, lang: str | None = None, **settings) -> str:
    """The full HTML report of a cluster, as one self-contained page.

    Parameters
    ----------
    source : Analysis or MultilayerNetwork
        The analysis whose cached results the report shows; a network is wrapped in
        :class:`netclust.analysis.Analysis` with ``settings``.
    title : str, optional
        Report title.
    generated : str, optional
        Timestamp shown in the header (default: now, UTC).
    progress : callable, optional
        ``progress(done, total)`` over the report sections.
    lang : {"en", "zh"}, optional
        Language of the report's text (default: the language in force,
        :func:`netclust.i18n.current_language`; the CLI sets it from ``--lang``).
    **settings
        With a network: fields of :class:`netclust.analysis.Settings` (``seed``,
        ``runs``, ``null_runs``, ``samples``, ``include_map``, ``scenarios``...),
        ``communities`` (a given partition) and ``map_options``.

    Returns
    -------
    str
        UTF-8 HTML text (write it with :func:`netclust.io.output.write_text`).

    Raises
    ------
    InputError
        For bad settings or an empty network.

    See Also
    --------
    netclust.analysis.Analysis, netclust.report.compute.collect,
    netclust.report.context.report_context

    Examples
    --------
    >>> from netclust.report import report_html
    >>> page = report_html(nc.datasets.toy(), runs=2, null_runs=2)
    >>> page.count('<section class="nc-section"'), "Provenance" in page
    (14, True)
    """
    from netclust.i18n import language

    with language(lang):
        data = collect(source, title=title, progress=progress, **settings)
        return render_report(report_context(data, generated=generated))
