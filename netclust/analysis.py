"""``Analysis``: one network, its results computed on first use and cached (for notebooks).

The facade has no logic of its own: every member is one call to a public function
with the analysis' settings, so anything it shows can be reproduced with the API.
"""

from __future__ import annotations

import html
from functools import cached_property

import pandas as pd

__all__ = ["Analysis"]


class Analysis:
    """Lazily computed, cached results for one :class:`~netclust.model.MultilayerNetwork`.

    Parameters
    ----------
    net : MultilayerNetwork
        The network (immutable, so cached results never go stale).
    seed : int, default 0
        Seed passed to every stochastic step (sampled betweenness, Leiden).
    samples : int, optional
        Pivots for betweenness and harmonic closeness (default: exact up to 5,000
        firms, else 256).
    omega : float, default 1.0
        Inter-layer coupling for multiplex PageRank and multislice modularity.
    resolution : float, default 1.0
        Resolution of the community search.
    runs : int, default 50
        Monte Carlo runs of random removal curves and null-model runs of the symbiosis
        scorecard.

    Raises
    ------
    InputError
        From the underlying function, on first access of an attribute, for bad settings.

    Attributes
    ----------
    centrality : pandas.DataFrame
        Every firm measure, wide: index ``firm_id``, columns (metric, layer)
        (:func:`netclust.centrality` with ``form="wide"``).
    firm_metrics : pandas.DataFrame
        The same as a tidy long table ``firm_id, layer, metric, value``.
    multiplex : pandas.DataFrame
        Per-firm multiplex measures and roles (:func:`netclust.multiplex`).
    communities : CommunityResult
        Multiplex Leiden partition (:func:`netclust.communities`).
    community_table : pandas.DataFrame
        One row per community (:func:`netclust.metrics.community.community_table`).
    layer_metrics : pandas.DataFrame
        Layer-level values (:func:`netclust.metrics.tidy.layer_metrics`).
    resilience : pandas.DataFrame
        Removal curves (random with ``runs`` runs, degree, adaptive degree) on the
        aggregate (:func:`netclust.removal_curves`).
    resilience_summary : pandas.DataFrame
        Robustness R and critical fraction per curve (:func:`netclust.resilience_summary`).
    systemic_importance : pandas.DataFrame
        Cascade size triggered by each firm's single failure (:func:`netclust.systemic_importance`).
    symbiosis : SymbiosisResult
        Ecological-symbiosis scorecard, firm indicators and webs (:func:`netclust.symbiosis`).

    See Also
    --------
    netclust.centrality, netclust.communities, netclust.multiplex

    Notes
    -----
    Nothing is computed at construction; each attribute is computed once, on first
    access. In Jupyter the object displays a summary of the network and of the results
    computed so far (``_repr_html_``); it never triggers a computation itself.

    Examples
    --------
    >>> from netclust.analysis import Analysis
    >>> a = Analysis(nc.datasets.toy(), seed=1)
    >>> a.communities.method
    'leiden-multiplex'
    >>> a.centrality["pagerank"].shape
    (9, 4)
    >>> "communities" in a._repr_html_()
    True
    """

    def __init__(self, net, *, seed=0, samples=None, omega=1.0, resolution=1.0, runs=50):
        self.net = net
        self.seed = seed
        self.samples = samples
        self.omega = omega
        self.resolution = resolution
        self.runs = runs

    @cached_property
    def firm_metrics(self) -> pd.DataFrame:
        """Tidy long table of every firm measure (``firm_id, layer, metric, value``)."""
        from netclust.metrics.centrality import centrality
        return centrality(self.net, samples=self.samples, seed=self.seed, omega=self.omega)

    @cached_property
    def centrality(self) -> pd.DataFrame:
        """Every firm measure, wide: index ``firm_id``, columns (metric, layer)."""
        from netclust.metrics.centrality import centrality
        return centrality(self.net, form="wide", samples=self.samples, seed=self.seed, omega=self.omega)

    @cached_property
    def multiplex(self) -> pd.DataFrame:
        """Per-firm multiplex measures and the role map."""
        from netclust.metrics.multiplex import multiplex
        return multiplex(self.net, omega=self.omega)

    @cached_property
    def communities(self):
        """Multiplex Leiden communities (:class:`~netclust.metrics.community.CommunityResult`)."""
        from netclust.metrics.community import communities
        return communities(self.net, seed=self.seed, resolution=self.resolution, omega=self.omega)

    @cached_property
    def community_table(self) -> pd.DataFrame:
        """One row per community: size, roles, anchors, sector, cohesion."""
        from netclust.metrics.community import community_table
        return community_table(self.net, self.communities.membership)

    @cached_property
    def layer_metrics(self) -> pd.DataFrame:
        """Layer-level values: size, density, Jaccard matrix, modularity."""
        from netclust.metrics.tidy import layer_metrics
        return layer_metrics(self.net, communities=self.communities, betweenness_samples=self.samples)

    @cached_property
    def resilience(self) -> pd.DataFrame:
        """Removal curves: random (``runs`` runs), degree and adaptive degree, aggregate view."""
        from netclust.metrics.resilience import removal_curves
        return removal_curves(self.net, ("random", "degree", "adaptive-degree"), runs=self.runs, seed=self.seed)

    @cached_property
    def resilience_summary(self) -> pd.DataFrame:
        """Robustness R and critical fraction of every removal curve."""
        from netclust.metrics.resilience import resilience_summary
        return resilience_summary(self.resilience)

    @cached_property
    def systemic_importance(self) -> pd.DataFrame:
        """Cascade size triggered by each firm's single failure."""
        from netclust.metrics.cascade import systemic_importance
        return systemic_importance(self.net)

    @cached_property
    def symbiosis(self):
        """Ecological-symbiosis scorecard, firm indicators and webs."""
        from netclust.metrics.symbiosis import symbiosis
        return symbiosis(self.net, runs=self.runs, seed=self.seed)

    def scenario(self, kind: str, **options):
        """Run a what-if scenario: ``"exit"``, ``"hub-failure"``, ``"layer-shock"`` or ``"add-platform"``.

        ``options`` go to :func:`netclust.scenario.run`; ``seed`` defaults to the analysis' seed.
        """
        from netclust import scenario
        options.setdefault("seed", self.seed)
        return scenario.run(self.net, kind, **options)

    def map(self, **options) -> str:
        """Interactive network map (HTML page) coloured by this analysis' communities."""
        from netclust.viz import network_map
        return network_map(self.net, communities=self.communities, seed=self.seed, **options)

    def to_html(self, **options) -> str:
        """The full self-contained HTML report."""
        from netclust.report import report_html
        return report_html(self.net, seed=self.seed, communities=self.communities,
                           samples=self.samples, **options)

    def to_file(self, path, **options):
        """Write the HTML report to ``path`` atomically; returns the path."""
        from netclust.io.output import write_text
        return write_text(path, self.to_html(**options))

    # ---------------------------------------------------------------- display
    def _computed(self) -> list:
        return [k for k in ("centrality", "firm_metrics", "multiplex", "communities",
                            "community_table", "layer_metrics", "resilience", "resilience_summary",
                            "systemic_importance", "symbiosis") if k in self.__dict__]

    def __repr__(self) -> str:
        done = ", ".join(self._computed()) or "nothing yet"
        return f"<Analysis of {self.net.n_firms} firms, layers {self.net.layer_names}; computed: {done}>"

    def _repr_html_(self) -> str:
        """HTML summary for notebooks (escaped; shows only results already computed)."""
        esc = html.escape
        net = self.net
        counts = net.links["layer"].value_counts()
        rows = "".join(
            f"<tr><td>{esc(s.name)}</td><td>{'directed' if s.directed else 'undirected'}</td>"
            f"<td>{int(counts.get(s.name, 0))}</td></tr>" for s in net.layers)
        parts = [
            (f"<div class='netclust-analysis'><strong>netclust Analysis</strong>: "
             f"{net.n_firms} firms, seed {esc(str(self.seed))}"),
            f"<table><tr><th>layer</th><th>kind</th><th>links</th></tr>{rows}</table>",
            "<p>computed: " + esc(", ".join(self._computed()) or (
                "nothing yet (attributes are computed on first access: centrality, multiplex, "
                "communities, ...)")) + "</p>",
        ]
        if "communities" in self.__dict__:
            c = self.communities
            q = ", ".join(f"{esc(str(k))} {v:.3f}" for k, v in c.layer_modularity.items())
            parts.append(f"<p>communities: {c.n_communities} ({esc(c.method)}), multislice "
                         f"modularity {c.multislice_modularity:.3f}; per layer: {q}</p>")
        if "multiplex" in self.__dict__:
            top = self.multiplex.nlargest(10, "versatility")[["versatility", "role"]]
            top = top.join(net.firms[["name"]])
            parts.append("<p>top firms by versatility</p>" + top.to_html(escape=True, float_format="%.4f"))
        return "".join(parts) + "</div>"
