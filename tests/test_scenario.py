"""What-if scenarios (netclust.scenario): hand-built clusters with known outcomes, invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust import scenario as scn
from netclust.errors import InputError, UnknownFirmError
from netclust.schema import DEFAULT_LAYERS
from netclust.model import MultilayerNetwork


def build(firms, links):
    f = pd.DataFrame(firms, columns=["firm_id", "role", "sector", "exporter", "area"])
    f["name"] = "Firm " + f["firm_id"]
    lk = pd.DataFrame(links, columns=["source", "target", "layer", "weight"])
    return MultilayerNetwork(f.set_index("firm_id"), lk, DEFAULT_LAYERS)


@pytest.fixture
def cluster():
    # Exporting anchors A and B. SMEs s1, s2 sell only to A; s3 sells to A and B; s4 to B;
    # s5 subcontracts for s1 only; s6 shares designs with s2 only. Supplier U feeds s1-s4.
    # Logistics hub X carries for A and B, hub Y for s4.
    firms = [("A", "anchor", "handbags", True, "north"), ("B", "anchor", "luggage", True, "south"),
             ("s1", "sme", "handbags", False, "north"), ("s2", "sme", "handbags", False, "north"),
             ("s3", "sme", "luggage", False, "south"), ("s4", "sme", "luggage", False, "south"),
             ("s5", "sme", "handbags", False, "north"), ("s6", "sme", "handbags", False, "north"),
             ("U", "supplier", "leather", False, "north"),
             ("X", "logistics", "logistics", False, "north"),
             ("Y", "logistics", "logistics", False, "south")]
    links = [("s1", "A", "procurement", 5.0), ("s2", "A", "procurement", 3.0),
             ("s3", "A", "procurement", 2.0), ("s3", "B", "procurement", 2.0),
             ("s4", "B", "procurement", 4.0), ("s5", "s1", "procurement", 1.0),
             ("s6", "s2", "design_sharing", 1.0),
             ("U", "s1", "procurement", 1.0), ("U", "s2", "procurement", 1.0),
             ("U", "s3", "procurement", 1.0), ("U", "s4", "procurement", 1.0),
             ("A", "X", "logistics", 1.0), ("B", "X", "logistics", 1.0),
             ("s4", "Y", "logistics", 1.0)]
    return build(firms, links)


def by_effect(result):
    return {e: sorted(g.firm_id) for e, g in result.affected.groupby("effect")}


def test_anchor_exit_strands_exactly_the_expected_smes(cluster):
    # Without A, s1, s2, s5, s6 can only reach each other and U: U links s1..s4, and s3, s4
    # reach B, so every SME still reaches B through U! Hence we cut U's links first.
    no_u = scn.layer_shock(cluster, "procurement", firms=["U"], propagate=False,
                           indicators=["links"]).network
    r = scn.exit_firms(no_u, firms=["A"], propagate=False,
                       indicators=["firms", "smes_with_access", "channel_access"])
    # goods routes: s5 -> s1 -> A, s2 -> A, s3 -> A|B, s4 -> B; s6 only shares designs
    # with s2 (design sharing carries no goods), so it never had access.
    # s3 keeps B but loses its second route (no longer N-1 secure); s6, linked to the
    # rest only through s2-A, leaves the largest component
    assert by_effect(r) == {"removed": ["A"], "lost_channel_access": ["s1", "s2", "s5"],
                            "lost_security": ["s3"], "left_largest_component": ["s6"]}
    t = r.table.set_index("indicator")
    assert t.loc["smes_with_access", "before"] == 5
    assert t.loc["smes_with_access", "after"] == 2          # s3, s4 through B
    assert t.loc["channel_access", "after"] == pytest.approx(2 / 6)   # fixed denominator
    assert t.loc["firms", "delta"] == -1


def test_anchor_exit_with_cascade(cluster):
    # Default dependencies: non-exporting SMEs selling only to A (s1, s2) fail when A
    # leaves ("orders"); s3 still sells to B. Nothing else depends on s1 or s2 by default.
    r = scn.exit_firms(cluster, firms=["A"], indicators=["firms"])
    assert sorted(r.cascade.failed.firm_id) == ["A", "s1", "s2"]
    effects = by_effect(r)
    assert effects["removed"] == ["A"] and effects["failed"] == ["s1", "s2"]
    assert r.network.n_firms == cluster.n_firms - 3
    # s5 sold only through s1: cut off from every exporter (s6 never had a goods route)
    assert effects["lost_channel_access"] == ["s5"]
    lost = set(r.affected.loc[r.affected.lost_access, "firm_id"])
    assert lost == {"s1", "s2", "s5"}                    # failed SMEs lose access too


def test_hub_failure_picks_the_top_logistics_hub(cluster):
    r = scn.hub_failure(cluster, indicators=["firms"])
    assert by_effect(r)["removed"] == ["X"]             # degree 2 in logistics vs Y's 1
    # A and B shipped only through X: they lost their logistics (cascade rule), but they
    # export themselves, so no SME loses export access (X was nobody's channel to export)
    assert by_effect(r)["lost_logistics"] == ["A", "B"]
    assert not r.affected["lost_access"].any()
    r2 = scn.hub_failure(cluster, top=2, indicators=["firms"])
    assert by_effect(r2)["removed"] == ["X", "Y"]


def test_layer_shock_fraction_is_seeded(cluster):
    a = scn.layer_shock(cluster, "procurement", fraction=0.5, seed=3, indicators=["links"])
    b = scn.layer_shock(cluster, "procurement", fraction=0.5, seed=3, indicators=["links"])
    pd.testing.assert_frame_equal(a.affected, b.affected)
    assert a.table["after"].iloc[0] <= len(cluster.links) - 5   # 5 of 10 procurement links
    full = scn.layer_shock(cluster, "procurement", fraction=1.0, propagate=False,
                           indicators=["links"])
    assert full.table["after"].iloc[0] == 4               # design + logistics links remain
    with pytest.raises(InputError):
        scn.layer_shock(cluster, "procurement")
    with pytest.raises(InputError):
        scn.layer_shock(cluster, "procurement", fraction=0.5, sectors=["leather"])


def test_layer_shock_supplier_sector(cluster):
    r = scn.layer_shock(cluster, "procurement", sectors=["leather"], indicators=["firms"])
    # U is the only (leather) supplier of s1..s4: all four fail, then nobody else
    assert sorted(r.cascade.failed.firm_id) == ["s1", "s2", "s3", "s4"]
    assert r.network.n_firms == cluster.n_firms - 4


def test_add_platform_links_and_gains(cluster):
    r = scn.add_platform(cluster, firms=["s6", "s5"], layer="design_sharing",
                         indicators=["firms", "largest_component"])
    assert by_effect(r)["added"] == ["PLATFORM"]
    assert by_effect(r)["linked"] == ["s5", "s6"]
    t = r.table.set_index("indicator")
    assert t.loc["firms", "delta"] == 1
    assert t.loc["largest_component", "delta"] >= 1
    new = pd.DataFrame({"source": ["Y"], "target": ["X"], "layer": ["logistics"]})
    r2 = scn.add_platform(cluster, links=new, indicators=["links"])
    assert r2.table["delta"].iloc[0] == 1
    with pytest.raises(InputError):
        scn.add_platform(cluster)
    with pytest.raises(InputError):
        scn.add_platform(cluster, firms=["s1"], platform_id="A")
    with pytest.raises(UnknownFirmError):
        scn.add_platform(cluster, firms=["nobody"])


@st.composite
def small_clusters(draw):
    n = draw(st.integers(1, 12))
    roles = draw(st.lists(st.sampled_from(["anchor", "sme", "supplier", "logistics"]),
                          min_size=n, max_size=n))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                    st.sampled_from(["procurement", "design_sharing",
                                                     "logistics"])), max_size=3 * n))
    chosen = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    layer = draw(st.sampled_from(["procurement", "design_sharing", "logistics"]))
    firms = [(f"f{i}", roles[i], "x", i % 2 == 0, "a") for i in range(n)]
    links = [(f"f{a}", f"f{b}", lay, 1.0) for a, b, lay in pairs if a != b]
    return build(firms, links), [f"f{i}" for i in chosen], layer


@settings(max_examples=60, deadline=None)
@given(small_clusters())
def test_adding_a_platform_never_lowers_the_largest_component(case):
    net, chosen, layer = case
    r = scn.add_platform(net, firms=chosen, layer=layer,
                         indicators=["largest_component", "smes_with_access", "components"])
    t = r.table.set_index("indicator")
    assert t.loc["largest_component", "delta"] >= 0
    assert t.loc["smes_with_access", "delta"] >= 0
    assert t.loc["components", "delta"] <= 0            # + platform, merges >= 0
    assert "lost_channel_access" not in set(r.affected.effect)


def test_select_firms(cluster):
    assert list(scn.select_firms(cluster, areas="south")) == ["B", "s3", "s4", "Y"]
    assert list(scn.select_firms(cluster, roles="anchor", top=1)) == ["A"]
    assert list(scn.select_firms(cluster, roles="sme", top=1, metric="cascade")) == ["s1"]
    with pytest.raises(InputError):
        scn.select_firms(cluster, roles="platform")
    with pytest.raises(InputError):
        scn.select_firms(cluster, top=0)


def test_indicators_custom_metric_and_errors(cluster):
    s = scn.indicators(cluster, ["firms", "links"], metrics={"anchors": lambda n: (
        n.firms.role == "anchor").sum()})
    assert s.to_dict() == {"firms": 11.0, "links": 14.0, "anchors": 2.0}
    with pytest.raises(InputError):
        scn.indicators(cluster, ["nope"])
    with pytest.raises(InputError):
        scn.indicators(cluster, ["firms"], metrics={"bad": lambda n: "x"})
    with pytest.raises(InputError):
        scn.exit_firms(cluster, firms=["A"], colour="red")
    full = scn.indicators(cluster, runs=3)
    assert list(full.index) == list(scn.INDICATORS)
    assert np.isfinite(full.to_numpy()).all()


KINDS = [("exit", dict(roles="anchor", top=1)), ("hub-failure", dict(role="logistics")),
         ("layer-shock", dict(layer="procurement", fraction=0.5)),
         ("add-platform", dict(firms=["s5", "s6"], layer="logistics"))]


@pytest.mark.parametrize("kind, options", KINDS, ids=[k for k, _ in KINDS])
def test_table_and_affected_list_agree(cluster, kind, options):
    r = scn.run(cluster, kind, **options)
    t = r.table.set_index("indicator")["delta"]
    a = r.affected
    assert t["smes_with_access"] == a["gained_access"].sum() - a["lost_access"].sum()
    assert t["secure_smes"] == a["gained_secure"].sum() - a["lost_secure"].sum()
    # every SME listed as having lost access shows in the indicator
    assert a.loc[a.effect == "lost_channel_access", "lost_access"].all()


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(range(len(KINDS))), st.integers(0, 5))
def test_table_and_list_agree_on_random_clusters(k, seed):
    kind, options = KINDS[k]
    rng = np.random.default_rng(seed)
    firms = [(f"f{i}", r, "x", bool(rng.random() < 0.3), "a") for i, r in
             enumerate(rng.choice(["anchor", "sme", "sme", "supplier", "logistics"], 14))]
    firms += [("s5", "sme", "x", False, "a"), ("s6", "sme", "x", False, "a")]
    ids = [f[0] for f in firms]
    links = [(ids[a], ids[b], lay, 1.0) for a, b, lay in zip(
        rng.integers(0, 16, 30), rng.integers(0, 16, 30),
        rng.choice(["procurement", "design_sharing", "logistics"], 30)) if a != b]
    net = build(firms, links)
    try:
        r = scn.run(net, kind, seed=seed, **options)
    except InputError:          # e.g. no logistics firm to fail
        return
    t = r.table.set_index("indicator")["delta"]
    a = r.affected
    assert t["smes_with_access"] == a["gained_access"].sum() - a["lost_access"].sum()
    assert t["secure_smes"] == a["gained_secure"].sum() - a["lost_secure"].sum()


def test_funded_exporting_platform_counts_as_a_channel(cluster):
    r = scn.add_platform(cluster, firms=["s6"], layer="logistics",
                         indicators=["smes_with_access", "secure_smes"])
    t = r.table.set_index("indicator")
    assert t.loc["smes_with_access", "delta"] == 1     # s6 ships through the platform
    assert "s6" in set(r.affected.loc[r.affected.gained_access, "firm_id"])
    no = scn.add_platform(cluster, firms=["s6"], layer="logistics", exports=False,
                          indicators=["smes_with_access"])
    assert no.table["delta"].iloc[0] == 0


def test_chain_fund_then_shock(cluster):
    steps = [("add-platform", dict(firms=["s4", "s6"], layer="logistics")),
             ("hub-failure", dict(role="logistics", top=1))]
    r = scn.chain(cluster, steps, indicators=["firms", "smes_with_access", "channel_access"])
    assert len(r.steps) == 2 and r.name == "chain"
    assert r.network.n_firms == r.steps[-1].network.n_firms
    t = r.table.set_index("indicator")
    assert t.loc["firms", "before"] == cluster.n_firms
    # shares over the SMEs of the first network throughout
    first = r.steps[0].table.set_index("indicator")
    assert first.loc["channel_access", "before"] == t.loc["channel_access", "before"]


def test_cascade_indicators_after_are_those_of_the_after_network():
    """Regression: the after column once repeated the before network's cascade sizes."""
    from netclust.metrics.cascade import systemic_importance

    net = nc.datasets.toy()
    r = nc.scenario.exit_firms(net, firms=["A1"], indicators=["cascade_mean", "cascade_max"])
    t = r.table.set_index("indicator")
    after = systemic_importance(net.remove_firms(r.affected.loc[
        r.affected["effect"].isin(["removed", "failed"]), "firm_id"].tolist()))["cascade_size"]
    before = systemic_importance(net)["cascade_size"]
    assert t.loc["cascade_mean", "before"] == pytest.approx(before.mean())
    assert t.loc["cascade_mean", "after"] == pytest.approx(after.mean())
    assert t.loc["cascade_max", "after"] == pytest.approx(after.max())


def test_shared_cache_gives_the_same_tables():
    """Scenarios sharing a ``cache`` (the report's defaults) give the tables of separate runs."""
    net = nc.generate(firms=300, seed=2)
    shared = {}
    plans = [("exit", dict(roles=["anchor"], top=1)), ("exit", dict(roles=["anchor"], top=3)),
             ("hub-failure", dict(role="logistics", top=1))]
    for kind, opts in plans:
        alone = nc.scenario.run(net, kind, runs=3, seed=1, **opts)
        together = nc.scenario.run(net, kind, runs=3, seed=1, cache=shared, **opts)
        pd.testing.assert_frame_equal(alone.table, together.table)
        pd.testing.assert_frame_equal(alone.affected, together.affected)
    assert any(key[0] == "before" for key in shared)


def test_scenarios_after_measure_before_do_not_measure_the_network_before_again(monkeypatch):
    """measure_before fills the cache every scenario then reads (the report's side-by-side runs)."""
    from netclust import scenario

    net, cache = nc.generate(300, seed=4), {}
    scenario.measure_before(net, cache, runs=2, seed=1)
    calls = []
    real = scenario.indicators
    monkeypatch.setattr(scenario, "indicators",
                        lambda n, **kw: calls.append(n is net) or real(n, **kw))
    res = scenario.run(net, "exit", roles=["anchor"], top=1, runs=2, seed=1, cache=cache)
    assert calls == [False]  # only the network after the exit was measured
    fresh = scenario.run(net, "exit", roles=["anchor"], top=1, runs=2, seed=1)
    pd.testing.assert_frame_equal(res.table, fresh.table)


def test_cascade_follows_the_stated_exporter_rule(cluster):
    # Without an exporter column and --exporters anchor,sme every SME exports, so none fails
    # on losing its anchor; with --exporters anchor s1, s2 (selling only to A) fail. The
    # scenario, the indicators and Analysis.systemic_importance use the same rule.
    net = MultilayerNetwork(cluster.firms.drop(columns="exporter"),
                            cluster.links[["source", "target", "layer", "weight"]],
                            DEFAULT_LAYERS)
    r = scn.exit_firms(net, firms=["A"], exporters="anchor,sme",
                       indicators=["firms", "cascade_max"])
    assert list(r.cascade.failed.firm_id) == ["A"] and "failed" not in by_effect(r)
    assert "every firm of role anchor, sme" in r.description
    r = scn.exit_firms(net, firms=["A"], exporters=["anchor"], indicators=["firms"])
    assert by_effect(r)["failed"] == ["s1", "s2"]
    for roles, size in (("anchor,sme", 0), ("anchor", 2)):
        an = nc.Analysis(net, exporters=roles.split(","))
        assert an.systemic_importance.loc["A", "cascade_size"] == size
        assert an.scenario("exit", firms=["A"]).cascade.size == size
        # --metric cascade ranks by the same rule: A (cascade 2) before s6 (0), or, with
        # every cascade 0, s6 first by firm order (the firms reversed: s6 comes before A)
        rev = MultilayerNetwork(net.firms.iloc[::-1], net.links[["source", "target", "layer",
                                                                "weight"]], DEFAULT_LAYERS)
        top = scn.exit_firms(rev, firms=["A", "s6"], top=1, metric="cascade", exporters=roles,
                             indicators=["firms"])
        assert list(top.affected.loc[top.affected.effect == "removed", "firm_id"]) == (
            ["A"] if size else ["s6"])
        t = scn.indicators(net, ["cascade_mean"], exporters=roles)
        assert t["cascade_mean"] == pytest.approx(an.systemic_importance["cascade_size"].mean())
    assert (scn.indicators(net, ["cascade_mean"], exporters="anchor")["cascade_mean"]
            > scn.indicators(net, ["cascade_mean"], exporters="anchor,sme")["cascade_mean"])
