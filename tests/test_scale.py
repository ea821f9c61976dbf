"""Scale limits (issue 13): ``netclust --max-memory`` (resident memory) and the benchmark's growth
exponent."""

from __future__ import annotations

import importlib.util
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

import pytest
from click.testing import CliRunner

import netclust as nc
from netclust._memory import Watchdog, current_step, resident_bytes, step
from netclust.analysis import Analysis
from netclust.cli import cli


@pytest.fixture
def no_rlimit(monkeypatch):
    """Record the limits the CLI would watch instead of watching the test process."""
    calls = []

    def record(self):
        calls.append(self.limit)
        return self

    monkeypatch.setattr(Watchdog, "start", record)
    return calls


@pytest.mark.parametrize("text, expected", [("8GB", 8 * 2**30), ("500MB", 500 * 2**20),
                                            ("2.5g", int(2.5 * 2**30)), ("1GiB", 2**30)])
def test_max_memory_limits_resident_memory_not_address_space(toy_dir, no_rlimit, text, expected):
    before = resource.getrlimit(resource.RLIMIT_AS)
    res = CliRunner().invoke(cli, ["--max-memory", text, "info", str(toy_dir)])
    assert res.exit_code == 0, res.output
    assert no_rlimit == [expected]
    assert resource.getrlimit(resource.RLIMIT_AS) == before


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


def test_error_after_the_limit_was_crossed_is_reported_as_out_of_memory(toy_dir, no_rlimit,
                                                                        monkeypatch):
    """A library that turns the limit's MemoryError into its own error (DuckDB: "Interrupted")
    still gives the out-of-memory message; without a crossed limit the error is not hidden."""
    import netclust.cli as cli_module
    from netclust.metrics import community

    def interrupted(*a, **k):
        cli_module._LIMIT["watchdog"].tripped = {"step": "communities", "rss": 2**31, "seconds": 1}
        raise RuntimeError("INTERRUPT Error: Interrupted!")

    monkeypatch.setattr(community, "communities", interrupted)
    res = CliRunner().invoke(cli, ["--max-memory", "1GB", "communities", str(toy_dir)])
    assert res.exit_code == 1
    assert "Error: out of memory in step communities (limit 1 GB)" in res.output
    monkeypatch.setattr(community, "communities", lambda *a, **k: 1 / 0)
    res = CliRunner().invoke(cli, ["--max-memory", "1GB", "communities", str(toy_dir)])
    assert isinstance(res.exception, ZeroDivisionError)


def test_resident_bytes_matches_proc_status():
    if not Path("/proc/self/status").exists():
        pytest.skip("Linux /proc only")
    ballast = np.ones(2**24)  # 128 MB resident  # noqa: F841
    status = Path("/proc/self/status").read_text()
    vm_rss = int(status.split("VmRSS:")[1].split()[0]) * 1024
    assert abs(resident_bytes() - vm_rss) < 16 * 2**20
    assert resident_bytes() > 128 * 2**20


def test_watchdog_raises_memory_error_naming_the_innermost_step():
    """The soft path in this process: MemoryError with the step, the handler restored after."""
    handler = signal.getsignal(signal.SIGUSR1)
    # grace and ceiling so large that the hard exit (os._exit) cannot end pytest
    dog = Watchdog(resident_bytes() + 64 * 2**20, str, base_step="cmd", grace=600, ceiling=1000)
    keep = []
    with pytest.raises(MemoryError) as info, dog, step("outer"), step("inner"):
        for _ in range(400):  # at most 1.6 GB; stopped after ~64 MB
            keep.append(np.ones(2**19))
            time.sleep(0.005)
    assert info.value.netclust_step == "inner"
    assert dog.tripped["step"] == "inner" and dog.tripped["rss"] > dog.limit
    assert len(keep) < 400
    assert signal.getsignal(signal.SIGUSR1) == handler
    assert not [t for t in threading.enumerate() if t.name == "netclust-memory"]


def test_watchdog_names_the_command_outside_steps():
    dog = Watchdog(resident_bytes() + 32 * 2**20, str, base_step="info", grace=600, ceiling=1000)
    keep = []
    with pytest.raises(MemoryError) as info, dog:
        for _ in range(400):
            keep.append(np.ones(2**19))
            time.sleep(0.005)
    assert info.value.netclust_step == "info" and current_step() is None


def test_command_under_the_limit_runs_normally(toy_dir):
    # the real watchdog in this process, with a limit well above what it uses
    limit = f"{(resident_bytes() + 2**30) // 2**20}MB"
    res = CliRunner().invoke(cli, ["--max-memory", limit, "info", str(toy_dir)])
    assert res.exit_code == 0, res.output
    assert "out of memory" not in res.output
    assert not [t for t in threading.enumerate() if t.name == "netclust-memory"]


# Each script replaces the community search (a step of `netclust communities`) with an
# allocation and runs the command under --max-memory 300MB in a child process.
_GROW_IN_PYTHON = """
keep = []
while True:  # a Python loop: the main thread raises MemoryError at its next bytecode
    keep.append(np.ones(2**19))
"""
_GROW_IN_C = """
np.ones(int(4e8))  # one C call filling 3.2 GB: the watchdog ends the process
"""
_STUCK_IN_C = """
from netclust._memory import resident_bytes
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])  # as if stuck in C code
keep = []
while resident_bytes() < 330 * 2**20:  # just over the limit, below the hard ceiling
    keep.append(np.ones(2**18))
time.sleep(60)  # no growth: ended after the grace period (3 s)
"""
_CTRL_C = """
os.kill(os.getpid(), signal.SIGINT)
time.sleep(60)
"""


def _run_limited(tmp_path, body: str, limit: str = "300MB"):
    firms, links = nc.datasets.toy_tables()
    firms.to_csv(tmp_path / "firms.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    step_code = "def step(*a, **k):\n" + "".join(f"    {ln}\n" for ln in body.strip().splitlines())
    script = tmp_path / "run.py"
    script.write_text(
        "import os, signal, sys, time\nimport numpy as np\nimport netclust.cli as c\n"
        "from netclust.metrics import community\n" + step_code + "community.communities = step\n"
        f"try:\n    c.cli(['--max-memory', {limit!r}, 'communities', {str(tmp_path)!r}])\n"
        "finally:\n    sys.stderr.write('unwound\\n')\n")
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "OMP_NUM_THREADS": "1"})
    return proc, time.monotonic() - t0


_MESSAGE = ("Error: out of memory in step communities (limit 300 MB): "
            "try --layer to search fewer layers, or a larger --max-memory")


@pytest.mark.parametrize("body, unwinds, min_seconds", [
    (_GROW_IN_PYTHON, True, 0), (_GROW_IN_C, False, 0), (_STUCK_IN_C, False, Watchdog(1, str).grace)],
    ids=["python-loop", "one-c-call", "stuck-in-c"])
def test_resident_limit_turns_a_kill_into_a_message(tmp_path, body, unwinds, min_seconds):
    """A child over --max-memory stops with the one-line message, exit 1, no traceback:
    by unwinding (Python code) or ended by the watchdog (one long C call, growing or not)."""
    proc, seconds = _run_limited(tmp_path, body)
    assert proc.returncode == 1, proc.stderr
    assert _MESSAGE in proc.stderr
    assert "Traceback" not in proc.stderr
    assert ("unwound" in proc.stderr) == unwinds, proc.stderr
    assert min_seconds < seconds < 60  # the stuck step would sleep 60 s


def test_ctrl_c_is_not_reported_as_out_of_memory(tmp_path):
    proc, _ = _run_limited(tmp_path, _CTRL_C)
    assert proc.returncode == 1, proc.stderr
    assert "Aborted!" in proc.stderr
    assert "out of memory" not in proc.stderr


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


def test_duckdb_stays_below_max_memory():
    # DuckDB's own limit (default 1GB) would let it grow past a small --max-memory before
    # spilling; under the watchdog it gets 40% of the user's limit
    from netclust._memory import Watchdog, resident_bytes
    from netclust.records.duckdb_engine import connect

    if resident_bytes() is None:
        pytest.skip("resident memory cannot be read here")
    setting = "SELECT current_setting('memory_limit')"
    with Watchdog(600 * 2**20, str):
        inside = connect().execute(setting).fetchone()[0]
    outside = connect().execute(setting).fetchone()[0]
    assert inside == "228.8 MiB" and outside == "953.6 MiB"
