"""Self-contained HTML reports: compute → context (plain dict) → render (str).

Three stages, each testable on its own (as ydata-profiling's pipeline):

1. :func:`netclust.report.compute.collect` computes every result (pandas objects);
2. :func:`netclust.report.context.report_context` turns them into plain template
   data (formatted strings, tables, SVG figures);
3. :func:`netclust.report.render.render_report` renders the page (jinja2,
   autoescaped) and returns it as a string.

Only callers (the CLI, :class:`netclust.Analysis`) write files.
"""

from __future__ import annotations

from netclust.report.compute import ReportData, collect
from netclust.report.context import report_context
from netclust.report.render import render_report

__all__ = ["report_html", "collect", "report_context", "render_report", "ReportData",
           "network_repr_html"]


def report_html(net, *, seed=0, title: str | None = None, generated: str | None = None,
                progress=None, **options) -> str:
    """The full HTML report of a cluster, as one self-contained page.

    Parameters
    ----------
    net : MultilayerNetwork
        The cluster.
    seed : int, default 0
        Seed of every stochastic step; same seed, same numbers.
    title : str, optional
        Report title.
    generated : str, optional
        Timestamp shown in the header (default: now, UTC).
    progress : callable, optional
        ``progress(done, total)`` over the computation steps.
    **options
        Passed to :func:`netclust.report.compute.collect` (``runs``, ``samples``,
        ``symbiosis_runs``, ``communities``, ``include_map``, ``scenarios``,
        ``map_options``).

    Returns
    -------
    str
        UTF-8 HTML text (write it with :func:`netclust.io.output.write_text`).

    Raises
    ------
    InputError
        For bad options or an empty network.

    See Also
    --------
    netclust.report.compute.collect, netclust.report.context.report_context

    Examples
    --------
    >>> from netclust.report import report_html
    >>> page = report_html(nc.datasets.toy(), runs=2, symbiosis_runs=2)
    >>> page.count('<section class="nc-section"'), "Provenance" in page
    (11, True)
    """
    data = collect(net, seed=seed, title=title, progress=progress, **options)
    return render_report(report_context(data, generated=generated))


def network_repr_html(net, *, max_map_firms: int = 500) -> str:
    """Notebook display of a network: summary tables and, for small networks, the map.

    Parameters
    ----------
    net : MultilayerNetwork
    max_map_firms : int, default 500
        Networks up to this size get an inline interactive map (in a sandboxed
        ``iframe``); larger ones only the summary (call ``nc.viz.network_map``).

    Returns
    -------
    str
        HTML (every value escaped).

    Examples
    --------
    >>> from netclust.report import network_repr_html
    >>> html = network_repr_html(nc.datasets.toy())
    >>> "<iframe" in html, "procurement" in html
    (True, True)
    """
    from netclust.report.render import environment
    from netclust.viz import iframe
    from netclust.viz.interactive import network_map

    s = net.summary()
    env = environment()
    template = env.from_string(
        "<div class='netclust-network'><p><strong>{{ head }}</strong></p>"
        "<table><thead><tr><th>layer</th><th>kind</th><th>links</th><th>firms with links</th>"
        "<th>largest component</th></tr></thead><tbody>{% for r in rows %}<tr><td>{{ r[0] }}</td>"
        "<td>{{ r[1] }}</td><td>{{ r[2]|num }}</td><td>{{ r[3]|num }}</td><td>{{ r[4]|num }}</td>"
        "</tr>{% endfor %}</tbody></table><p>{{ roles }}</p>{{ frame }}</div>")
    rows = [(name, "directed" if row["directed"] else "undirected", int(row["links"]),
             int(row["active_firms"]), int(row["largest_component"]))
            for name, row in s.layers.iterrows()]
    roles = "Firms by role: " + ", ".join(f"{k} {v:,}" for k, v in s.roles.items())
    frame = ""
    if 0 < net.n_firms <= max_map_firms:
        from markupsafe import Markup

        frame = Markup(iframe(network_map(net, height=480).to_html(), height=560))
    return template.render(head=repr(net), rows=rows, roles=roles, frame=frame)
