"""Webs from role pairs, cluster indicators and the symbiosis scorecard,
on a small network whose every value is worked out by hand below."""

from __future__ import annotations

import math

import numpy as np

from netclust.metrics._web import as_web
import pandas as pd
import pytest

import netclust as nc
from netclust.metrics.overlap import multiplex_pair_share
from netclust.errors import InputError
from netclust.metrics.nestedness import nodf
from netclust.metrics.symbiosis import (SCORECARD_COLUMNS, WebSpec, bipartite_web, channel_reach,
                                        extract_webs, reciprocity,
                                        responders_per_demand, supplier_redundancy, symbiosis,
                                        web_scorecard)


@pytest.fixture(scope="module")
def mini():
    """A (exporting anchor), B (anchor, not exporting), SMEs S1-S4, suppliers U1, U2
    (leather) and U3 (hardware), logistics provider L.

    procurement: U1->S1 2, U2->S1 1, U3->S1 1, U1->S2 1, U2->S2 3, U3->S3 1,
                 S1->A 5, S2->A 1, S3->B 2, B->S3 1
    design_sharing: S3-S1 1, S2-A 1
    logistics: S4->L 1, A->L 4
    """
    firms = pd.DataFrame({
        "firm_id": ["A", "B", "S1", "S2", "S3", "S4", "U1", "U2", "U3", "L"],
        "name": list("ABCDEFGHIJ"),
        "role": ["anchor", "anchor", "sme", "sme", "sme", "sme", "supplier", "supplier",
                 "supplier", "logistics"],
        "exporter": [True, False, False, False, False, False, False, False, False, False],
        "sector": ["bags", "bags", "bags", "bags", "bags", "bags", "leather", "leather",
                   "hardware", "logistics"],
    })
    links = pd.DataFrame([
        ("U1", "S1", "procurement", 2.0), ("U2", "S1", "procurement", 1.0),
        ("U3", "S1", "procurement", 1.0), ("U1", "S2", "procurement", 1.0),
        ("U2", "S2", "procurement", 3.0), ("U3", "S3", "procurement", 1.0),
        ("S1", "A", "procurement", 5.0), ("S2", "A", "procurement", 1.0),
        ("S3", "B", "procurement", 2.0), ("B", "S3", "procurement", 1.0),
        ("S3", "S1", "design_sharing", 1.0), ("S2", "A", "design_sharing", 1.0),
        ("S4", "L", "logistics", 1.0), ("A", "L", "logistics", 4.0),
    ], columns=["source", "target", "layer", "weight"])
    return nc.read(firms=firms, links=links)


def test_bipartite_web_cells_and_coverage(mini):
    web = bipartite_web(mini, "sme", "anchor", "procurement")
    frame = web.to_frame()
    assert frame.index.tolist() == ["S1", "S2", "S3"]  # S4 has no anchor link
    assert frame.columns.tolist() == ["A", "B"]
    # both directions summed: S3-B = 2 + 1
    assert frame.to_numpy().tolist() == [[5.0, 0.0], [1.0, 0.0], [0.0, 3.0]]
    assert web.coverage == pytest.approx(3 / 4)
    binary = bipartite_web(mini, "sme", "anchor", ["procurement", "design_sharing"], weighted=False)
    assert binary.to_frame().to_numpy().tolist() == [[1, 0], [1, 0], [0, 1]]
    full = bipartite_web(mini, "sme", "anchor", "procurement", keep_isolated=True)
    assert full.shape == (4, 2)


def test_extract_webs_defaults_and_custom(mini):
    webs = extract_webs(mini)
    # no designer in mini: that web is left out; channel layer absent: skipped
    assert list(webs) == ["sme_anchor", "sme_supplier", "sme_logistics"]
    assert webs["sme_anchor"].spec.layers == ("procurement",)
    custom = extract_webs(mini, [("anchor_logistics", "anchor", "logistics", "logistics")])
    assert custom["anchor_logistics"].to_frame().to_numpy().tolist() == [[4.0]]
    again = extract_webs(mini, {"x": ("sme", "supplier", "procurement")})
    assert again["x"].shape == (3, 3)
    with pytest.raises(InputError):
        extract_webs(mini, [WebSpec("bad", "sme", "anchor", "channel")])
    with pytest.raises(InputError):
        bipartite_web(mini, "sme", "sme", "procurement")
    with pytest.raises(InputError):
        extract_webs(mini, [("a", "sme", "anchor", "procurement"), ("a", "sme", "anchor",
                                                                   "procurement")])


def test_supplier_redundancy(mini):
    share, firms = supplier_redundancy(mini)
    # S1: leather x2 ok, hardware x1 not; S2: leather x2 ok; S3: hardware x1 not
    assert share == pytest.approx(1 / 3)
    assert firms.to_dict() == {"S1": 0.5, "S2": 1.0, "S3": 0.0}
    share_one_cat, _ = supplier_redundancy(mini, category=None)
    # one category: S1 has 3 suppliers, S2 2, S3 1
    assert share_one_cat == pytest.approx(2 / 3)


def test_responders_per_demand(mini):
    mean, firms = responders_per_demand(mini)
    # (S1, leather): U1, U2 -> 2; (S1, hardware): U3 -> 1; (S2, leather): 2;
    # (S3, hardware): U3 via itself and S1 -> 1   => mean(resp - 1) = 0.5
    assert mean == pytest.approx(0.5)
    assert firms.to_dict() == {"S1": 1.5, "S2": 2.0, "S3": 1.0}


def test_channel_access(mini):
    shares, hops = channel_reach(mini, k=2)
    # design_sharing: S2-A directly (S2 shares designs with the anchor)
    assert shares.to_dict() == {"procurement": 0.5, "design_sharing": 0.25, "logistics": 0.25,
                                "aggregate": 1.0}
    assert hops.to_dict() == {"S1": 1.0, "S2": 1.0, "S3": 2.0, "S4": 2.0}
    one, _ = channel_reach(mini, k=1)
    assert one["aggregate"] == 0.5
    path, _ = channel_reach(mini, paths={"logistics>procurement": ["logistics", "procurement"]})
    # hop 1 (from the anchor) in procurement, hop 2 in logistics: A-S1/S2, then no SME via L
    assert path.iloc[0] == 0.5
    with pytest.raises(InputError):
        channel_reach(mini, k=0)
    with pytest.raises(InputError):
        channel_reach(mini, paths={"x": ["nope"]})


def test_multiplexity_and_reciprocity(mini):
    # 12 linked pairs, S2-A in procurement and design_sharing
    assert multiplex_pair_share(mini) == pytest.approx(1 / 12)  # the scorecard's multiplexity
    r = reciprocity(mini)
    assert r["procurement"] == pytest.approx(1 / 9)  # S3 <-> B
    assert r["logistics"] == 0.0
    assert r["any_directed"] == pytest.approx(1 / 11)


def test_pair_multiplexity_row_is_the_layers_table_value_and_not_battiston(mini):
    # one name for one quantity: the scorecard row is the Layers table's pair_multiplexity
    # (share of linked pairs tied in 2+ layers, Verbrugge 1979), not Battiston's Q_ab
    from netclust.metrics.tidy import layer_metrics

    card, _, _ = symbiosis(mini, runs=0, seed=0, contribution_runs=0, modularity=False)
    cluster = card[card["web"] == "cluster"].set_index("indicator")
    assert "multiplexity" not in cluster.index
    row = cluster.loc["pair_multiplexity"]
    assert "battiston" not in row["source"].lower() and "Verbrugge" in row["source"]
    lm = layer_metrics(mini)
    table = lm[(lm["layer"] == "multiplex") & (lm["metric"] == "pair_multiplexity")]["value"]
    assert row["value"] == pytest.approx(float(table.iloc[0])) == pytest.approx(1 / 12)
    q = lm[lm["metric"] == "pairwise_multiplexity"]  # Battiston's Q_ab keeps its own name
    assert len(q) and not np.isclose(q["value"], row["value"]).all()


def test_symbiosis_tables(mini):
    card, firms, webs = symbiosis(mini, runs=19, seed=3)
    assert list(card.columns) == SCORECARD_COLUMNS
    assert set(card.web) == {"sme_anchor", "sme_supplier", "sme_logistics", "cluster"}
    assert list(firms.columns) == ["firm_id", "web", "metric", "value"]
    sc = card.set_index(["web", "indicator"])
    assert sc.loc[("sme_supplier", "connectance"), "value"] == pytest.approx(6 / 9)
    assert sc.loc[("sme_supplier", "nodf"), "value"] == pytest.approx(
        nodf(webs["sme_supplier"].to_frame()).total)
    assert sc.loc[("cluster", "supplier_redundancy"), "value"] == pytest.approx(1 / 3)
    assert sc.loc[("cluster", "channel_reach[aggregate]"), "value"] == 1.0
    assert sc.loc[("sme_anchor", "coverage"), "value"] == pytest.approx(0.75)
    assert card.reading.str.len().gt(0).all()
    assert card.source.str.len().gt(0).all()
    # under the fixed-degree null, connectance has no spread
    assert math.isnan(sc.loc[("sme_supplier", "connectance"), "z"])
    f = firms.set_index(["web", "metric", "firm_id"])["value"]
    assert f[("sme_supplier", "largest_partner_share", "S1")] == 0.5
    assert f[("sme_supplier", "partner_concentration", "S1")] == pytest.approx(6 / 16)
    assert f[("cluster", "channel_hops", "S3")] == 2.0
    assert ("sme_supplier", "nestedness_contribution", "S1") in f.index
    # firm ids of every web side are firms of the network
    assert set(firms.firm_id) <= set(mini.firm_ids)


def test_symbiosis_seeded(mini):
    a = symbiosis(mini, runs=10, seed=5).scorecard
    b = symbiosis(mini, runs=10, seed=5).scorecard
    pd.testing.assert_frame_equal(a, b)
    c = symbiosis(mini, runs=0, seed=5).scorecard
    assert c.null_mean.isna().all()
    pd.testing.assert_series_equal(a.value, c.value)


def test_symbiosis_binary_and_nulls(mini):
    for null in ("curveball", "swap", "probabilistic", "equiprobable"):
        card = symbiosis(mini, runs=5, seed=0, null=null, weighted=False).scorecard
        sc = card.set_index(["web", "indicator"])
        # binary webs: weighted NODF follows the binary rule with ties never counting
        assert np.isfinite(sc.loc[("sme_supplier", "nodf"), "value"])
    with pytest.raises(InputError):
        symbiosis(mini, null="magic")
    with pytest.raises(InputError):
        symbiosis(mini, runs=-1)


def test_toy_network(toy):
    card, firms, webs = symbiosis(toy, runs=5, seed=0)
    assert list(webs) == ["sme_anchor", "sme_supplier", "sme_designer", "sme_logistics"]
    sc = card.set_index(["web", "indicator"])
    # S1-A1 8, S2-A1 4, S2-A2 2, S3-A2 6: 4 links of 6 cells
    assert sc.loc[("sme_anchor", "connectance"), "value"] == pytest.approx(4 / 6)
    # A1's dependence on S1 is 8/12, S1's on A1 is 1: asymmetry 1/3 ... mean over links
    web = webs["sme_anchor"].to_frame().to_numpy()
    rs, cs = web.sum(1), web.sum(0)
    links = [(i, j) for i in range(3) for j in range(2) if web[i, j]]
    want = np.mean([abs(web[i, j] / rs[i] - web[i, j] / cs[j])
                    / max(web[i, j] / rs[i], web[i, j] / cs[j]) for i, j in links])
    assert sc.loc[("sme_anchor", "dependence_asymmetry"), "value"] == pytest.approx(want)


def test_web_scorecard_on_matrix_and_real_two_mode(data_dir):
    m = pd.read_csv(data_dir / "galaskiewicz_ceos_clubs" / "matrix.csv", index_col=0)
    card = web_scorecard(m, runs=30, seed=1, name="ceos_clubs")
    sc = card.set_index("indicator")
    assert (card.web == "ceos_clubs").all()
    assert sc.loc["nodf", "value"] == pytest.approx(nodf(m).total)
    assert sc.loc["connectance", "value"] == pytest.approx((m.to_numpy() > 0).mean())
    assert sc.loc["nodf", "null_sd"] > 0
    with pytest.raises(InputError):
        web_scorecard(m, null="nope")


def test_relabelling_firms_does_not_change_values(mini):
    firms = mini.firms.reset_index()
    links = mini.links[["source", "target", "layer", "weight"]]
    mapping = {f: f"X{i:02d}" for i, f in enumerate(reversed(firms.firm_id.tolist()))}
    firms2 = firms.assign(firm_id=firms.firm_id.map(mapping))
    links2 = links.assign(source=links.source.map(mapping), target=links.target.map(mapping))
    net2 = nc.read(firms=firms2, links=links2)
    a = symbiosis(mini, runs=0).scorecard
    b = symbiosis(net2, runs=0).scorecard
    pd.testing.assert_series_equal(a.value, b.value, check_exact=False)


def test_without_modularity(mini):
    card, firms, _ = symbiosis(mini, runs=5, seed=0, modularity=False)
    assert "modularity" not in set(card.indicator)
    assert "module" not in set(firms.metric)
    full = symbiosis(mini, runs=0, seed=0).scorecard
    assert "modularity" in set(full.indicator)


# ----------------------------------------------------------------- engine and null runs


def _random_web(seed, shape=(25, 18), density=0.25):
    rng = np.random.default_rng(seed)
    return rng.gamma(1.0, 5.0, shape) * (rng.random(shape) < density)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_web_statistics_equal_the_public_functions(seed):
    """The scorecard's link-array engine gives every public function's value."""
    from netclust.metrics import bipartite as bp
    from netclust.metrics.nestedness import checkerboard
    from netclust.metrics.scorecard import _WebStatistics

    web = _random_web(seed)
    stats = _WebStatistics(as_web(web).matrix).observed(np.random.default_rng(9))
    n_cols = web.shape[1]
    want = {
        "connectance": bp.connectance(web),
        "nodf": nodf(web).total, "nodf_rows": nodf(web).rows, "nodf_columns": nodf(web).columns,
        "wnodf": nodf(web, weighted=True).total,
        "c_score": checkerboard(web).checkerboards / (n_cols * (n_cols - 1) / 2),
        "h2_prime": bp.h2_prime(web),
        "niche_overlap_rows": bp.niche_overlap(web, index="pianka"),
        "niche_overlap_columns": bp.niche_overlap(web, side="columns", index="pianka"),
        "generality": bp.generality(web), "vulnerability": bp.vulnerability(web),
        "dependence_asymmetry": bp.dependence_asymmetry(web),
        "modularity": bp.bipartite_modularity(web, seed=np.random.default_rng(9)).q,
    }
    assert stats.keys() == want.keys()
    for key, value in want.items():
        assert stats[key] == pytest.approx(value, rel=1e-12, abs=1e-12), key


def test_null_runs_do_not_depend_on_blocks_or_processes(mini):
    from netclust.metrics import bipartite as bp
    from netclust.metrics.scorecard import _null_block

    mat = as_web(_random_web(3, (30, 20), 0.3)).matrix
    for null in ("curveball", "swap", "equiprobable", "probabilistic"):
        whole = _null_block(mat, null, 12, 5, 6, 4, 1, True, 0, 12)
        head = _null_block(mat, null, 12, 5, 6, 4, 1, True, 0, 5)
        tail = _null_block(mat, null, 12, 5, 6, 4, 1, True, 5, 12)
        for key, values in whole.items():
            np.testing.assert_array_equal(values, np.r_[head[key], tail[key]], err_msg=key)
    web = _random_web(4, (30, 20), 0.3)
    pd.testing.assert_frame_equal(web_scorecard(web, runs=15, seed=2),
                                  web_scorecard(web, runs=15, seed=2, n_jobs=2))
    a, b = symbiosis(mini, runs=7, seed=1), symbiosis(mini, runs=7, seed=1, n_jobs=2)
    pd.testing.assert_frame_equal(a.scorecard, b.scorecard)
    pd.testing.assert_frame_equal(a.firms, b.firms)
    with pytest.raises(InputError):
        symbiosis(mini, runs=3, n_jobs=0)
    with pytest.raises(InputError):
        web_scorecard(web, runs=3, n_jobs=1.5)


@pytest.mark.parametrize("null", ["curveball", "swap", "equiprobable", "probabilistic"])
def test_connectance_fixed_by_construction_is_said(null):
    web = _random_web(5)
    sc = web_scorecard(web, runs=12, seed=0, null=null).set_index("indicator")
    row = sc.loc["connectance"]
    if null == "probabilistic":  # the number of links varies: a real null distribution
        assert row["null_sd"] > 0 and "fixed by construction" not in row["reading"]
    else:
        assert row["null_mean"] == row["value"] and row["null_sd"] == 0
        assert math.isnan(row["z"]) and row["p"] == 1.0
        assert row["reading"].startswith(f"fixed by construction under the {null} null")


def test_firm_modules_are_the_scored_partition(mini):
    """Firms' modules come from the partition whose Q_B the scorecard reports."""
    from netclust.metrics import bipartite as bp

    card, firms, webs = symbiosis(mini, runs=3, seed=2)
    sc = card.set_index(["web", "indicator"])["value"]
    f = firms[firms.metric == "module"].set_index(["web", "firm_id"])["value"]
    for name, web in webs.items():
        rows = f.loc[name].reindex(web.rows.astype(str)).to_numpy().astype(int)
        cols = f.loc[name].reindex(web.columns.astype(str)).to_numpy().astype(int)
        assert bp._barber_q(web.matrix, rows, cols) == pytest.approx(sc[(name, "modularity")])


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_timings_argument_records_every_indicator(n_jobs):
    timings = {}
    card = web_scorecard(_random_web(6), runs=4, seed=0, n_jobs=n_jobs, timings=timings)
    assert {"null webs (curveball)", "nodf, nodf_rows, nodf_columns", "wnodf", "c_score",
            "h2_prime", "modularity: graph + Leiden", "modularity: BRIM refinement"} <= set(timings)
    assert all(wall >= 0 and cpu >= 0 for wall, cpu in timings.values())
    # profiling changes no number
    pd.testing.assert_frame_equal(card, web_scorecard(_random_web(6), runs=4, seed=0))
