"""Tests of the Shiling-style generator (netclust/generator.py).

Calibration targets are the public figures stated in the module docstring: 8,800 makers
to 16,800 supporting merchants, 3 % of makers anchors, the supporting split, >= 70 % of
makers' output (employment proxy) from exporters, 100k-250k links at 25,600 firms.
Community recovery is checked with igraph's Leiden and leidenalg's multiplex Leiden,
and NMI from ``igraph.compare_communities`` (independent of the generator's code).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import igraph as ig
import leidenalg
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netclust as nc
from netclust.errors import InputError
from netclust.generator import (BBOX, DEFAULT_FIRMS, LAYERS, ClusterTables, _role_counts,
                               generate_tables, split_units, write_tables)
from netclust.temporal.simulate import date_tables, write_temporal_tables

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "shiling"
#: Parameters of the bundled sample, as documented in data/README.md:
#: ``netclust generate --firms 3000 --seed 2024 --out data/shiling``
SAMPLE_FIRMS, SAMPLE_SEED = 3000, 2024
#: Shares of the supporting merchants stated in the module docstring.
SUPPORT_TARGETS = {"supplier": 0.55, "designer": 0.10, "logistics": 0.02,
                   "trade_service": 0.12, "platform": 0.03, "other": 0.18}


@pytest.fixture(scope="module")
def default():
    """The default-size cluster (25,600 firms, seed 0); generated once, < 1 s."""
    return generate_tables()


@pytest.fixture(scope="module")
def small():
    return generate_tables(SAMPLE_FIRMS, seed=SAMPLE_SEED)


@pytest.fixture
def igraph_rng():
    """Seed igraph's random generator (Python's ``random`` by default) for one test."""
    ig.set_random_number_generator(random.Random(0))
    yield
    ig.set_random_number_generator(random)


def _codes(t: ClusterTables):
    code = pd.Series(np.arange(len(t.firms)), index=t.firms["firm_id"])
    return code[t.links["source"]].to_numpy(), code[t.links["target"]].to_numpy()


def _undirected_graph(n, s, d, w):
    """Simple undirected igraph graph; weights of both directions summed."""
    a, b = np.minimum(s, d), np.maximum(s, d)
    e = pd.DataFrame({"a": a, "b": b, "w": w}).groupby(["a", "b"], as_index=False)["w"].sum()
    return ig.Graph(n=n, edges=np.column_stack([e["a"], e["b"]]),
                    edge_attrs={"weight": e["w"].to_numpy()})


# ----------------------------------------------------------------- determinism


def test_same_seed_identical_frames():
    a, b = generate_tables(1500, seed=7), generate_tables(1500, seed=7)
    for name in ("firms", "links", "communities"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_same_seed_identical_files(tmp_path):
    paths_a = write_tables(generate_tables(1500, seed=7), tmp_path / "a")
    paths_b = write_tables(generate_tables(1500, seed=7), tmp_path / "b")
    assert [p.name for p in paths_a] == ["firms.csv", "links.csv", "communities.csv"]
    for pa, pb in zip(paths_a, paths_b):
        assert pa.read_bytes() == pb.read_bytes()


def test_different_seed_differs():
    a, b = generate_tables(1500, seed=7), generate_tables(1500, seed=8)
    assert not a.links.equals(b.links)
    assert not a.firms["name"].equals(b.firms["name"])
    assert not a.communities.equals(b.communities)


def test_generator_seed_accepted():
    a = generate_tables(300, seed=np.random.default_rng(5))
    b = generate_tables(300, seed=np.random.default_rng(5))
    pd.testing.assert_frame_equal(a.links, b.links)


# ----------------------------------------------------------------- calibration


def test_role_counts_default_exact(default):
    counts = default.firms["role"].value_counts()
    assert counts["anchor"] + counts["sme"] == 8_800
    assert counts["anchor"] == 264                       # 3 % of makers
    assert len(default.firms) - 8_800 == 16_800
    for role, share in SUPPORT_TARGETS.items():
        assert counts[role] == pytest.approx(share * 16_800, abs=1)


@given(st.integers(min_value=50, max_value=200_000))
def test_role_counts_any_size(n):
    counts = _role_counts(n)
    assert sum(counts.values()) == n
    assert all(v >= 1 for v in counts.values())
    makers = counts["anchor"] + counts["sme"]
    assert abs(makers - n * 8_800 / 25_600) <= 0.5
    if n >= 2_000:   # shares hold within half a percentage point once counts are not tiny
        assert counts["anchor"] / makers == pytest.approx(0.03, abs=0.005)
        for role, share in SUPPORT_TARGETS.items():
            assert counts[role] / (n - makers) == pytest.approx(share, abs=0.005)


def test_exports(default):
    f = default.firms
    makers = f[f["role"].isin(["anchor", "sme"])]
    share = makers.loc[makers["exporter"], "employees"].sum() / makers["employees"].sum()
    assert 0.70 <= share <= 0.80                          # >70 % of output exported
    assert f.loc[f["role"] == "anchor", "exporter"].mean() > 0.85   # anchors mostly
    assert 0.2 < f.loc[f["role"] == "sme", "exporter"].mean() < 0.6  # some SMEs
    assert not f.loc[~f["role"].isin(["anchor", "sme"]), "exporter"].any()
    # employment of makers of the order of the 250,000-300,000 reported workers
    assert 200_000 < makers["employees"].sum() < 350_000


def test_default_density(default):
    links = default.links
    assert 100_000 <= len(links) <= 250_000
    assert len(links) == 152_458                          # figure stated in data/README.md
    assert links["layer"].value_counts().to_dict() == {
        "procurement": 104_169, "design_sharing": 29_574, "logistics": 18_715}


def test_links_scale_linearly():
    per_firm = [len(generate_tables(n, seed=1).links) / n for n in (2_000, 8_000)]
    assert per_firm[0] == pytest.approx(per_firm[1], rel=0.1)


def test_heavy_tailed_degrees(default):
    links, f = default.links, default.firms
    deg = pd.concat([links["source"], links["target"]]).value_counts().reindex(
        f["firm_id"], fill_value=0).to_numpy()
    assert deg.max() > 30 * deg.mean()
    # Hill estimator of the tail index on the top 2 % of degrees: a power-law-like tail
    x = np.sort(deg)[::-1]
    k = len(x) // 50
    hill = 1.0 / np.mean(np.log(x[:k] / x[k]))
    assert 1.0 < hill < 3.5
    # employees heavy-tailed within the SMEs too
    emp = f.loc[f["role"] == "sme", "employees"]
    assert emp.max() > 10 * emp.median()


def test_concentrated_markets(default):
    links, f = default.links, default.firms
    role = f.set_index("firm_id")["role"]
    proc = links[links["layer"] == "procurement"]
    sold = proc.loc[role[proc["source"]].to_numpy() == "supplier", "source"].value_counts()
    top = sold.head(len(sold) // 10).sum() / sold.sum()
    assert top > 0.3              # 10 % of suppliers hold > 30 % of supplier sales links
    log = links[links["layer"] == "logistics"]
    carried = log["target"].value_counts()
    assert carried.head(len(carried) // 10).sum() / carried.sum() > 0.4
    # one hub takes a large part of its community's shipments
    comm = default.communities.set_index("firm_id")["community"]
    top_share = carried.groupby(comm[carried.index].to_numpy()).agg(lambda s: s.max() / s.sum())
    assert top_share.median() > 0.3


# ----------------------------------------------------------------- structure


def _check_structure(t: ClusterTables):
    f, links = t.firms, t.links
    assert list(f.columns) == ["firm_id", "name", "role", "sector", "employees", "exporter",
                               "lon", "lat", "founded", "area"]
    assert list(links.columns) == ["source", "target", "layer", "weight"]
    assert list(t.communities.columns) == ["firm_id", "community"]
    assert f["firm_id"].is_unique and f["name"].is_unique
    assert t.communities["firm_id"].equals(f["firm_id"])
    known = set(f["firm_id"])
    assert set(links["source"]) <= known and set(links["target"]) <= known
    assert (links["source"] != links["target"]).all()
    assert not links.duplicated(["source", "target", "layer"]).any()
    und = links[links["layer"] == "design_sharing"]
    assert (und["source"] < und["target"]).all()      # each unordered pair once
    assert set(links["layer"]) <= set(LAYERS)
    w = links["weight"].to_numpy()
    assert np.isfinite(w).all() and (w > 0).all()
    deg = pd.concat([links["source"], links["target"]]).value_counts()
    assert deg.reindex(f["firm_id"]).notna().all()     # no isolated firm


def test_structure_default(default):
    _check_structure(default)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(min_value=50, max_value=2_500), seed=st.integers(0, 2**32 - 1),
       mixing=st.floats(0.0, 0.5))
def test_structure_any_size(n, seed, mixing):
    _check_structure(generate_tables(n, seed=seed, mixing=mixing))


def test_role_logic(default):
    """Who links to whom: the direction conventions of DESIGN.md §2."""
    role = default.firms.set_index("firm_id")["role"]
    links = default.links
    pairs = pd.DataFrame({"layer": links["layer"].to_numpy(),
                          "s": role[links["source"]].to_numpy(),
                          "t": role[links["target"]].to_numpy()})
    proc = pairs[pairs["layer"] == "procurement"]
    assert set(proc["t"]) <= {"sme", "anchor", "supplier"}     # buyers
    assert not (proc["s"] == "anchor").any()                   # anchors buy, SMEs sell to them
    assert ((proc["s"] == "sme") & (proc["t"] == "anchor")).sum() > 5_000   # subcontracting
    sup = proc[proc["s"] == "supplier"]
    assert set(sup["t"]) == {"sme", "anchor"}
    log = pairs[pairs["layer"] == "logistics"]
    assert (log["t"] == "logistics").all()                     # shipper -> provider
    design = pairs[pairs["layer"] == "design_sharing"]
    assert set(design["s"]) | set(design["t"]) <= {"anchor", "sme", "designer"}


def test_firm_attributes(default):
    f = default.firms
    assert f["firm_id"].str.fullmatch(r"F\d{6}").all()
    lon0, lon1, lat0, lat1 = BBOX
    assert f["lon"].between(lon0, lon1).all() and f["lat"].between(lat0, lat1).all()
    assert f["name"].map(lambda s: re.search(r"[\u4e00-\u9fff]", s) is not None).all()
    assert f["founded"].between(1978, 2024).all()
    assert (f["employees"] >= 1).all()
    assert f.groupby("role")["employees"].median()["anchor"] > 100
    sectors = f.groupby("role")["sector"].agg(set)
    assert sectors["supplier"] == {"leather", "hardware", "accessories"}
    # each community sits in one village, and firms of a community are close together
    comm = default.communities["community"]
    assert (f.groupby(comm.to_numpy())["area"].nunique() == 1).all()
    spread = f.groupby(comm.to_numpy())[["lon", "lat"]].std().mean()
    assert (spread < 0.01).all()          # ~1 km, against 0.12 x 0.09 degrees for the town


def test_large_ids():
    t = generate_tables(10_000, seed=0)
    assert t.firms["firm_id"].iloc[-1] == "F009999"


# ----------------------------------------------------------------- communities


def test_within_community_share(default):
    s, d = _codes(default)
    comm = default.communities["community"].to_numpy()
    inside = pd.Series(comm[s] == comm[d]).groupby(default.links["layer"].to_numpy()).mean()
    assert (inside > 0.85).all() and (inside < 0.93).all()   # mixing 0.1 (+ merged pairs)


def test_mixing_zero_separates():
    t = generate_tables(2_000, seed=3, mixing=0.0)
    s, d = _codes(t)
    comm = t.communities["community"].to_numpy()
    assert (comm[s] == comm[d]).all()


def test_mixing_monotone():
    inside = []
    for mixing in (0.05, 0.2, 0.4):
        t = generate_tables(2_000, seed=3, mixing=mixing)
        s, d = _codes(t)
        comm = t.communities["community"].to_numpy()
        inside.append((comm[s] == comm[d]).mean())
    assert inside[0] > inside[1] > inside[2]


@pytest.mark.parametrize("weighted", [True, False])
def test_leiden_recovers_communities(small, igraph_rng, weighted):
    n = len(small.firms)
    s, d = _codes(small)
    g = _undirected_graph(n, s, d, small.links["weight"].to_numpy())
    found = g.community_leiden(objective_function="modularity",
                               weights="weight" if weighted else None, n_iterations=-1)
    truth = small.communities["community"].to_numpy()
    assert ig.compare_communities(truth, found.membership, method="nmi") >= 0.9


def test_multiplex_leiden_recovers_communities(small):
    n = len(small.firms)
    s, d = _codes(small)
    layer = small.links["layer"].to_numpy()
    w = small.links["weight"].to_numpy()
    graphs = [_undirected_graph(n, s[layer == name], d[layer == name], w[layer == name])
              for name in LAYERS]
    membership, _ = leidenalg.find_partition_multiplex(
        graphs, leidenalg.ModularityVertexPartition, seed=0)
    truth = small.communities["community"].to_numpy()
    assert ig.compare_communities(truth, membership, method="nmi") >= 0.9


def test_model_aggregate_recovers_communities(small, igraph_rng):
    """Through the model: nc.read + to_igraph('aggregate'), as later issues will use it."""
    net = nc.read(firms=small.firms, links=small.links)
    g = net.to_igraph("aggregate")
    found = g.community_leiden(objective_function="modularity", weights="weight",
                               n_iterations=-1)
    truth = small.communities.set_index("firm_id")["community"].reindex(net.firm_ids)
    assert ig.compare_communities(truth.to_numpy(), found.membership, method="nmi") >= 0.9


# ----------------------------------------------------------------- transactions


def test_transactions_aggregate_to_relations():
    rel = generate_tables(1_500, seed=11)
    tx = generate_tables(1_500, seed=11, transactions=True)
    pd.testing.assert_frame_equal(rel.firms, tx.firms)
    pd.testing.assert_frame_equal(rel.communities, tx.communities)
    records = tx.links
    assert list(records.columns) == ["source", "target", "layer", "amount", "date"]
    assert (records["amount"] > 0).all()
    dates = pd.to_datetime(records["date"], format="%Y-%m-%d")
    assert dates.min() >= pd.Timestamp("2023-01-01") and dates.max() <= pd.Timestamp("2024-12-31")
    assert len(records) > 2 * len(rel.links)                 # several records per relation
    agg = records.groupby(["source", "target", "layer"], sort=False)["amount"].sum()
    merged = rel.links.join(agg, on=["source", "target", "layer"])
    assert merged["amount"].notna().all() and len(agg) == len(rel.links)
    np.testing.assert_allclose(merged["amount"], merged["weight"], rtol=1e-12)


def test_transactions_read_back_equal_relations():
    """The reader's transaction aggregation gives the relation network back."""
    rel = generate_tables(600, seed=4)
    tx = generate_tables(600, seed=4, transactions=True)
    a = nc.read(firms=rel.firms, links=rel.links).links
    b = nc.read(firms=tx.firms, links=tx.links).links
    key = ["source", "target", "layer"]
    a, b = a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[key], b[key])
    np.testing.assert_allclose(a["weight"], b["weight"], rtol=1e-12)
    assert (b["count"] >= 1).all() and b["count"].sum() == len(tx.links)


# ----------------------------------------------------------------- sample and files


SAMPLE_YEARS = "2020-2024"


@pytest.fixture(scope="module")
def dated(small):
    return date_tables(small, SAMPLE_YEARS, seed=SAMPLE_SEED)


def test_sample_equals_fresh_generation(tmp_path, dated):
    paths = write_temporal_tables(dated, tmp_path)
    assert [p.name for p in paths] == ["firms.csv", "links.csv", "communities.csv", "events.csv"]
    for p in paths:
        assert (SAMPLE_DIR / p.name).read_bytes() == p.read_bytes(), (
            f"data/shiling/{p.name} is stale: rerun `netclust generate --firms {SAMPLE_FIRMS} "
            f"--seed {SAMPLE_SEED} --dated {SAMPLE_YEARS} --out data/shiling --force`")


def test_sample_aggregate_equals_undated_generation(small):
    """The dated sample read as one snapshot is `generate --firms 3000 --seed 2024`, bit for bit."""
    key = ["source", "target", "layer", "weight"]
    undated = nc.read(firms=small.firms, links=small.links)
    sample = nc.read(SAMPLE_DIR)
    pd.testing.assert_frame_equal(sample.links[key], undated.links[key])
    assert (sample.links["weight"].to_numpy() == undated.links["weight"].to_numpy()).all()
    records = pd.read_csv(SAMPLE_DIR / "links.csv", dtype=str)
    assert int(sample.links["count"].sum()) == len(records)       # count = yearly records
    firms = pd.read_csv(SAMPLE_DIR / "firms.csv", dtype={"firm_id": str}, keep_default_na=False)
    same = [c for c in small.firms.columns if c != "founded"]
    pd.testing.assert_frame_equal(firms[same], small.firms[same], check_dtype=False)
    moved = firms["founded"] != small.firms["founded"]       # moved back for planted events
    assert moved.sum() <= 40 and (firms["founded"] <= small.firms["founded"]).all()
    communities = pd.read_csv(SAMPLE_DIR / "communities.csv", dtype={"firm_id": str})
    pd.testing.assert_frame_equal(communities, small.communities, check_dtype=False)


def test_sample_small_enough():
    assert sum(p.stat().st_size for p in SAMPLE_DIR.glob("*.csv")) < 3_000_000


def test_cli_command_matches_sample(tmp_path):
    from netclust.cli import cli

    args = ["generate", "--firms", str(SAMPLE_FIRMS), "--seed", str(SAMPLE_SEED)]
    result = CliRunner().invoke(cli, args + ["--dated", SAMPLE_YEARS, "--out", str(tmp_path / "d")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("firms.csv", "links.csv", "communities.csv", "events.csv"):
        assert (tmp_path / "d" / name).read_bytes() == (SAMPLE_DIR / name).read_bytes()
    result = CliRunner().invoke(cli, args + ["--out", str(tmp_path / "u")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    key = ["source", "target", "layer", "weight"]
    pd.testing.assert_frame_equal(nc.read(tmp_path / "u").links[key], nc.read(SAMPLE_DIR).links[key])
    bad = CliRunner().invoke(cli, args + ["--dated", SAMPLE_YEARS, "--years", SAMPLE_YEARS,
                                          "--out", str(tmp_path / "x")])
    assert bad.exit_code == 1 and "Error: choose one of" in bad.output


def _years(records: pd.DataFrame) -> pd.Series:
    return records["date"].str[:4].astype(int)


def test_sample_planted_events(dated):
    """Each planted event is in the records: the anchor's relations end in 2022, ..."""
    ev, rec, firms = dated.events, dated.links, dated.firms.set_index("firm_id")
    year = _years(rec)
    anchor = ev.loc[ev["event"] == "anchor_exit", "firm_id"].item()
    on_anchor = (rec["source"] == anchor) | (rec["target"] == anchor)
    assert year[on_anchor].max() == 2022 and year[on_anchor].min() == 2020
    assert firms.loc[anchor, "closed"] == "2022-12-31"
    # the split community: no record across its two halves from 2023 on, many before
    comm = dated.communities.set_index("firm_id")["community"]
    split = ev[ev["event"] == "split"].iloc[0]
    whole = set(comm.index[comm == split["community"]])
    half_b = set(ev.loc[ev["event"] == "split_member", "firm_id"])
    assert len(half_b) == len(whole) // 2 and half_b < whole
    s_in, t_in = rec["source"].isin(whole), rec["target"].isin(whole)
    across = s_in & t_in & (rec["source"].isin(half_b) != rec["target"].isin(half_b))
    assert across[year <= 2022].sum() > 200 and across[year >= 2023].sum() == 0
    # the platform: founded 2022, every relation starts then (or when its SME is founded)
    plat = ev.loc[ev["event"] == "platform", "firm_id"].item()
    assert firms.loc[plat, "founded"] == 2022 and firms.loc[plat, "role"] == "platform"
    on_p = (rec["source"] == plat) | (rec["target"] == plat)
    assert year[on_p].min() == 2022
    members = ev[ev["event"] == "platform_member"]
    assert len(members) >= 20 and (firms.loc[members["firm_id"], "role"] == "sme").all()
    # entries are the firms founded after 2020; exits close the year before
    entries = ev[ev["event"] == "entry"]
    assert (firms.loc[entries["firm_id"], "founded"].to_numpy() == entries["year"]).all()
    exits = ev[ev["event"] == "exit"]
    assert len(exits) == 4 * 60                                   # 2 % of 3,000 a year
    assert (firms.loc[exits["firm_id"], "closed"].to_numpy()
            == (exits["year"] - 1).astype(str) + "-12-31").all()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), persist=st.floats(0, 1),
       years=st.sampled_from(["2020-2022", "2020-2023", "2020-2024", "2018-2024"]))
def test_dated_records_sum_exactly_and_fit_lifespans(seed, persist, years):
    t = generate_tables(200, seed=seed)
    d = date_tables(t, years, seed=seed, persist=persist)
    last = int(years[-4:])
    back = nc.read(firms=d.firms, links=d.links).links
    assert (back["weight"].to_numpy() == t.links["weight"].to_numpy()).all()
    assert back["count"].sum() == len(d.links) and (d.links["weight"] > 0).all()
    firms = d.firms.set_index("firm_id")
    first = np.maximum(firms["founded"], int(years[:4]))
    closed = firms["closed"].replace("", f"{last}-12-31").str[:4].astype(int)
    assert _years(d.links).max() <= last and firms["founded"].max() <= last
    year = _years(d.links)
    for end in ("source", "target"):                  # both firms open in every record's year
        assert (year.to_numpy() >= first[d.links[end]].to_numpy()).all()
        assert (year.to_numpy() <= closed[d.links[end]].to_numpy()).all()


def test_split_units_hand_example():
    got = split_units(np.array([10, 3, 7]), np.array([2, 3, 1]),
                      np.array([1.0, 3.0, 1.0, 1.0, 1.0, 5.0]))
    # 10 -> 1 + floor(8/4) = 3 and 1 + floor(24/4) = 7; 3 -> 1, 1, 1; 7 -> 7
    assert got.tolist() == [3, 7, 1, 1, 1, 7]


def test_evolve_finds_sample_events():
    """evolve on the bundled sample: every exit in its year, the split as a split event."""
    ev = nc.evolve(SAMPLE_DIR, by="year", runs=2, null_runs=0, symbiosis=False, seed=0)
    truth = pd.read_csv(SAMPLE_DIR / "events.csv", dtype={"firm_id": str})
    exits = truth[truth["event"].isin(["exit", "anchor_exit"])]
    found = ev.firm_changes[ev.firm_changes["change"] == "exited"]
    assert set(zip(found["period"].astype(int), found["firm_id"])) == \
        set(zip(exits["year"], exits["firm_id"]))
    tracks = ev.community_tracks
    assert (tracks.loc[tracks["event"] == "split", "period"] == "2023").sum() >= 2


def test_write_tables_atomic_and_utf8(tmp_path):
    t = generate_tables(200, seed=1)
    out = tmp_path / "nested" / "dir"
    paths = write_tables(t, out)
    assert sorted(p.name for p in out.iterdir()) == ["communities.csv", "firms.csv",
                                                     "links.csv"]  # no temp files left
    firms = pd.read_csv(paths[0], encoding="utf-8", dtype={"firm_id": str})
    assert firms["name"].tolist() == t.firms["name"].tolist()
    assert not paths[0].read_bytes().startswith(b"\xef\xbb\xbf")   # no BOM


def test_write_tables_errors(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(InputError, match="existing file"):
        write_tables(generate_tables(100, seed=0), blocker)
    with pytest.raises(InputError, match="ClusterTables"):
        write_tables({"firms": None}, tmp_path)


@pytest.mark.parametrize("kwargs, message", [
    ({"firms": 10}, "at least 50"),
    ({"firms": True}, "integer"),
    ({"firms": 3.5}, "integer"),
    ({"firms": 500, "mixing": 1.0}, r"\[0, 1\)"),
    ({"firms": 500, "mixing": -0.1}, r"\[0, 1\)"),
    ({"firms": 500, "mixing": "lots"}, "number"),
    ({"firms": 500, "communities": 0}, "between 1"),
    ({"firms": 500, "communities": 51}, "between 1"),
    ({"firms": 500, "seed": "abc"}, "seed"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(InputError, match=message):
        generate_tables(**kwargs)


def test_communities_argument():
    t = generate_tables(1_000, seed=2, communities=5)
    assert t.communities["community"].nunique() == 5
    assert generate_tables(DEFAULT_FIRMS // 100, seed=0).communities["community"].nunique() \
        == round(np.sqrt(DEFAULT_FIRMS // 100) / 5)
