"""Scale limits (issue 13): ``netclust --max-memory`` and the benchmark's growth exponent."""

from __future__ import annotations

import importlib.util
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import netclust as nc
from netclust.analysis import Analysis
from netclust.cli import cli


@pytest.fixture
def no_rlimit(monkeypatch):
    """Record the limits the CLI would set instead of limiting the test process."""
    calls = []
    monkeypatch.setattr(resource, "setrlimit", lambda what, lim: calls.append((what, lim)))
    return calls


@pytest.mark.parametrize("text, expected", [("8GB", 8 * 2**30), ("500MB", 500 * 2**20),
                                            ("2.5g", int(2.5 * 2**30)), ("1GiB", 2**30)])
def test_max_memory_sets_address_space_limit(toy_dir, no_rlimit, text, expected):
    res = CliRunner().invoke(cli, ["--max-memory", text, "info", str(toy_dir)])
    assert res.exit_code == 0, res.output
    assert no_rlimit == [(resource.RLIMIT_AS, (expected, resource.getrlimit(resource.RLIMIT_AS)[1]))]


@pytest.mark.parametrize("text", ["8XB", "lots", "-1GB", "0", "100MB"])
def test_max_memory_rejects_bad_sizes(toy_dir, no_rlimit, text):
    res = CliRunner().invoke(cli, ["--max-memory", text, "info", str(toy_dir)])
    assert res.exit_code == 2 and "--max-memory" in res.output
    assert no_rlimit == []


def test_out_of_memory_names_the_step_and_what_to_try(toy_dir, no_rlimit, monkeypatch):
    def boom(self):
        raise MemoryError()

    # the innermost Analysis step that failed is named, not the command
    monkeypatch.setattr(Analysis, "symbiosis", property(boom), raising=True)
    res = CliRunner().invoke(cli, ["--max-memory", "8GB", "symbiosis", str(toy_dir)])
    assert res.exit_code == 1
    assert "Error: out of memory" in res.output
    assert "Traceback" not in res.output


def test_out_of_memory_in_an_analysis_step(toy_dir, no_rlimit, monkeypatch):
    from netclust.metrics import community

    def boom(*a, **k):
        raise MemoryError()

    monkeypatch.setattr(community, "communities", boom)
    res = CliRunner().invoke(cli, ["--max-memory", "8GB", "communities", str(toy_dir)])
    assert res.exit_code == 1, res.output
    assert "out of memory in step communities (limit 8 GB)" in res.output
    assert "--layer" in res.output


def test_real_limit_turns_a_kill_into_a_message(tmp_path):
    """A child process with a small limit stops with the message, exit 1, no traceback."""
    code = ("import numpy as np, netclust.cli as c\n"
            "from netclust.metrics import community\n"
            "community.communities = lambda *a, **k: np.ones(2**31)  # 16 GB\n")
    firms, links = nc.datasets.toy_tables()
    firms.to_csv(tmp_path / "firms.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    script = tmp_path / "run.py"
    script.write_text(code + "c.cli(['--max-memory', '2GB', 'communities', %r])\n" % str(tmp_path))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Error: out of memory in step communities (limit 2 GB)" in proc.stderr
    assert "Traceback" not in proc.stderr


def _bench():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_scale.py"
    spec = importlib.util.spec_from_file_location("bench_scale", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bench_growth_exponent():
    b = _bench()
    assert b.exponent([(100, 1.0), (1000, 10.0), (10000, 100.0)]) == pytest.approx(1.0)
    assert b.exponent([(100, 1.0), (1000, 100.0)]) == pytest.approx(2.0)
    assert b.exponent([(100, 1.0)]) is None


@pytest.mark.parametrize("objective", ["secure_smes", "expected_access"])
@pytest.mark.parametrize("seed", range(4))
def test_recommend_local_scores_equal_full_dominator_trees(objective, seed):
    """Each candidate's score from the local dominator tree equals a full recomputation."""
    import importlib

    import igraph as ig
    import numpy as np

    R = importlib.import_module("netclust.recommendation")
    net = nc.generate(firms=400, seed=seed)
    _, acts, _, state, _ = R._setup(net, R.ACTIONS, None, None)
    cands = R._candidates(net, state, acts, "all", None)
    assert {c[0] for c in cands} == set(R.ACTIONS)
    rng = np.random.default_rng(seed)
    for i in rng.choice(len(cands), size=min(60, len(cands)), replace=False):
        action, a, b = cands[i]
        extra, new_ex = state.arcs(action, a, b)
        node = a if action == R.EXPORTER_COLUMN else (state.n if action == "platform" else None)
        got = state.value(objective, extra, new_ex, node)
        g = state.g.copy()
        g.add_edges(extra)
        dom = np.asarray(g.dominator(state.root, mode="out"), dtype=float)
        idom = np.where(np.isnan(dom), -1, dom).astype(np.int64)
        if objective == "secure_smes":
            exp = float(np.sum(idom[state.sme] == state.root))
        else:
            ex = state.ex.copy()
            if node is not None:
                ex[node] = True
            exp = R._expected_access(idom, state.sme, ex, state.root)
        assert got == exp, (action, a, b)
    assert isinstance(state.g, ig.Graph)
