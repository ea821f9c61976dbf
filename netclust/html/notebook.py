"""Notebook displays (``_repr_html_``) of a network and of an analysis.

Both show only what is already known: the network's own counts, and the results an
:class:`~netclust.analysis.Analysis` has already computed (displaying never
triggers a computation). Every value is escaped by the environment.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from netclust.html.environment import environment
from netclust.html.safe import iframe

__all__ = ["network_repr_html", "analysis_repr_html"]


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
    >>> from netclust.html import network_repr_html
    >>> html = network_repr_html(nc.datasets.toy())
    >>> "<iframe" in html, "procurement" in html
    (True, True)
    """
    s = net.summary()
    rows = [(name, "directed" if row["directed"] else "undirected", int(row["links"]),
             int(row["active_firms"]), int(row["largest_component"]))
            for name, row in s.layers.iterrows()]
    roles = "Firms by role: " + ", ".join(f"{k} {v:,}" for k, v in s.roles.items())
    frame = ""
    if 0 < net.n_firms <= max_map_firms:
        from netclust.viz.interactive import network_map

        frame = Markup(iframe(network_map(net, height=480).to_html(), height=560))
    return environment().get_template("notebook_network.html").render(
        head=repr(net), rows=rows, roles=roles, frame=frame)


def _computed(analysis) -> list:
    """Names of the cached results an analysis holds (nothing is computed)."""
    cached = getattr(analysis, "computed", None)
    if callable(cached):
        return list(cached())
    return [name for name, attr in vars(type(analysis)).items()
            if isinstance(attr, functools.cached_property) and name in vars(analysis)]


def _seed(analysis):
    settings = getattr(analysis, "settings", None)
    return settings.seed if settings is not None else analysis.seed


def _communities_line(result) -> str:
    per_layer = ", ".join(f"{k} {v:.3f}" for k, v in result.layer_modularity.items())
    return (f"communities: {result.n_communities} ({result.method}), multislice modularity "
            f"{result.multislice_modularity:.3f}; per layer: {per_layer}")


def analysis_repr_html(analysis) -> str:
    """Notebook display of an :class:`~netclust.analysis.Analysis`: only what is computed.

    Parameters
    ----------
    analysis : Analysis
        Read: ``analysis.net``, ``analysis.settings.seed`` (or ``analysis.seed``), and
        the results already cached (``analysis.computed()`` if the class defines it,
        else its ``cached_property`` values present on the instance). Communities and
        the multiplex table, when computed, get a short summary.

    Returns
    -------
    str
        HTML (every value escaped). Displaying never triggers a computation.

    Examples
    --------
    >>> from netclust.analysis import Analysis
    >>> from netclust.html import analysis_repr_html
    >>> a = Analysis(nc.datasets.toy(), seed=1)
    >>> "nothing yet" in analysis_repr_html(a)
    True
    >>> _ = a.communities
    >>> "multislice modularity" in analysis_repr_html(a)
    True
    """
    net = analysis.net
    done = _computed(analysis)
    counts = net.links["layer"].value_counts()
    layers = [(s.name, "directed" if s.directed else "undirected", int(counts.get(s.name, 0)))
              for s in net.layers]
    # only names already computed are read, so no attribute access below computes anything
    communities = _communities_line(analysis.communities) if "communities" in done else None
    top = None
    if "multiplex" in done and "versatility" in analysis.multiplex:
        table = analysis.multiplex.nlargest(10, "versatility")
        top = [(fid, net.firms.at[fid, "name"], float(row["versatility"]), row.get("role", ""))
               for fid, row in table.iterrows()]
    return environment().get_template("notebook_analysis.html").render(
        n_firms=net.n_firms, seed=str(_seed(analysis)), layers=layers, computed=done,
        communities=communities, top=top)
