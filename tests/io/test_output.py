"""Outputs are all-or-nothing: kills at random moments and inside the rename.

A child process writes bundles (or runs ``netclust generate``) and is SIGKILLed;
afterwards the destination holds one complete set (never a mix), no visible
temporary file, and the inputs next to it are byte-identical. The next write
removes the hidden leftovers of the killed writer.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from netclust.errors import InputError
from netclust.io import output
from netclust.io.output import table_bytes, write_bundle, write_bytes, write_table

NAMES = [f"part{k}.csv" for k in range(4)]

WRITER = textwrap.dedent("""
    import itertools, os, signal, sys
    from netclust.io import output
    out, mode = sys.argv[1], sys.argv[2]
    if mode == "hook":  # die inside the final swap/rename
        output._BEFORE_SWAP = lambda p: os.kill(os.getpid(), signal.SIGKILL)
    for i in itertools.count(1):
        body = (f"version {i}\\n" * 20000).encode()
        if mode == "file":
            output.write_bytes(os.path.join(out, "single.csv"), body)
        else:
            output.write_bundle(out, {n: body for n in %r})
        if i == 1:
            print("ready", flush=True)
""" % (NAMES,))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _visible(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def _hidden(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _seed_outputs(tmp_path):
    """Destination with version 0 of the bundle, a user file inside, an input beside it."""
    out = tmp_path / "out"
    write_bundle(out, {n: b"version 0\n" for n in NAMES})
    (out / "notes.txt").write_text("the user's own file")
    (tmp_path / "input.csv").write_text("source,target\na,b\n")
    return out, {p: _digest(p) for p in (out / "notes.txt", tmp_path / "input.csv")}


def _run_and_kill(out: Path, mode: str, delay: float):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    with subprocess.Popen([sys.executable, "-c", WRITER, str(out), mode], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        if mode != "hook":
            ready = proc.stdout.readline().strip()
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    if mode != "hook":
        assert ready == b"ready", err
    assert proc.returncode == -signal.SIGKILL, err


def _assert_one_complete_set(out: Path, names):
    assert _visible(out) == sorted(set(names) | {"notes.txt"})
    versions = {(out / n).read_bytes().split(b"\n", 1)[0] for n in names}
    assert len(versions) == 1, f"mixed output: {versions}"


@pytest.mark.parametrize("trial", range(4))
def test_sigkill_at_random_moments_never_mixes_a_bundle(tmp_path, trial):
    out, inputs = _seed_outputs(tmp_path)
    _run_and_kill(out, "bundle", random.Random(trial).uniform(0.0, 0.4))
    _assert_one_complete_set(out, NAMES)
    assert _visible(tmp_path) == ["input.csv", "out"]
    assert {p: _digest(p) for p in inputs} == inputs
    write_bundle(out, {n: b"after\n" for n in NAMES})  # next run cleans the leftovers
    assert _hidden(tmp_path) == [] and _hidden(out) == []
    _assert_one_complete_set(out, NAMES)


def test_sigkill_inside_the_swap_leaves_the_old_set_and_no_visible_temp(tmp_path):
    out, inputs = _seed_outputs(tmp_path)
    _run_and_kill(out, "hook", 0)
    _assert_one_complete_set(out, NAMES)
    assert (out / NAMES[0]).read_bytes() == b"version 0\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) \
        == ["input.csv", "out"]
    assert any(n.endswith("netclust-tmp") for n in _hidden(tmp_path))  # hidden leftover
    assert {p: _digest(p) for p in inputs} == inputs
    write_bundle(out, {n: b"next\n" for n in NAMES})
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("mode", ["file", "hook-file"])
def test_single_file_kill_leaves_old_or_new_file_and_cleans_next_time(tmp_path, mode):
    out = tmp_path / "o"
    write_bytes(out / "single.csv", b"version 0\n")
    if mode == "file":
        _run_and_kill(out, "file", random.uniform(0.0, 0.3))
    else:
        hook = textwrap.dedent(f"""
            import os, signal
            from netclust.io import output
            output._BEFORE_SWAP = lambda p: os.kill(os.getpid(), signal.SIGKILL)
            output.write_bytes({str(out / 'single.csv')!r}, b"new\\n" * 10)
        """)
        proc = subprocess.run([sys.executable, "-c", hook], capture_output=True, timeout=60)
        assert proc.returncode == -signal.SIGKILL
        assert (out / "single.csv").read_bytes() == b"version 0\n"
    assert _visible(out) == ["single.csv"]
    assert (out / "single.csv").read_bytes().startswith(b"version ")
    write_bytes(out / "single.csv", b"x")
    assert _hidden(out) == []


@pytest.mark.slow
def test_generate_killed_at_random_moments_leaves_one_complete_data_set(tmp_path):
    out = tmp_path / "gen"
    cmd = [sys.executable, "-m", "netclust", "generate", "--firms", "300", "--out", str(out)]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    subprocess.run(cmd + ["--seed", "0"], check=True, env=env, capture_output=True)
    old = {p.name: _digest(p) for p in out.iterdir()}
    subprocess.run(cmd + ["--seed", "1", "--force"], check=True, env=env, capture_output=True)
    new = {p.name: _digest(p) for p in out.iterdir()}
    assert old != new
    rng = random.Random(14)
    for _ in range(2):
        with subprocess.Popen(cmd + ["--seed", "0", "--force"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
            time.sleep(rng.uniform(0.3, 2.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        now = {p.name: _digest(p) for p in out.iterdir() if not p.name.startswith(".")}
        assert now in (old, new), "mixed or partial data set after a kill"
        subprocess.run(cmd + ["--seed", "1", "--force"], check=True, env=env, capture_output=True)
        assert _hidden(tmp_path) == []


# --- messages and refusals ------------------------------------------------------------

def test_errors_name_the_users_path_not_a_temp_file(tmp_path):
    (tmp_path / "firms.csv").write_text("firm_id\nA\n")
    for target in (Path("/proc/netclust_map.html"), tmp_path / "firms.csv" / "x.csv"):
        with pytest.raises(InputError) as exc:
            write_bytes(target, b"x")
        assert str(exc.value).startswith(f"{target}: cannot write")
        assert "tmp" not in str(exc.value).replace(str(tmp_path), "")
    with pytest.raises(InputError, match="firms.csv is a file, not a folder"):
        write_bundle(tmp_path / "firms.csv" / "out", {"a.csv": b"1"})
    with pytest.raises(InputError, match="it is a file, not a folder"):
        write_bundle(tmp_path / "firms.csv", {"a.csv": b"1"})


def test_bundle_refuses_to_overwrite_an_input_and_odd_names(tmp_path):
    (tmp_path / "links.csv").write_text("x")
    with pytest.raises(InputError, match="refusing to overwrite input file"):
        write_bundle(tmp_path, {"links.csv": b"y"}, protect=[tmp_path / "links.csv"])
    for bad in ("../x.csv", ".hidden", "a/b.csv", ""):
        with pytest.raises(InputError, match="not a plain file name"):
            write_bundle(tmp_path / "o", {bad: b"1"})
    assert (tmp_path / "links.csv").read_text() == "x"


def test_bundle_keeps_the_users_other_files_and_folders(tmp_path):
    out = tmp_path / "o"
    (out / "sub").mkdir(parents=True)
    (out / "sub" / "deep.txt").write_text("deep")
    (out / "a.csv").write_text("old a")
    write_bundle(out, {"a.csv": "new a", "b.csv": lambda p: p.write_text("new b")})
    assert (out / "a.csv").read_text() == "new a" and (out / "b.csv").read_text() == "new b"
    assert (out / "sub" / "deep.txt").read_text() == "deep"


def test_exception_in_a_writer_leaves_the_old_set(tmp_path):
    out = tmp_path / "o"
    write_bundle(out, {"a.csv": "old", "b.csv": "old"})

    def boom(path):
        raise RuntimeError("writer failed")

    with pytest.raises(RuntimeError):
        write_bundle(out, {"a.csv": "new", "b.csv": boom})
    assert [(out / n).read_text() for n in ("a.csv", "b.csv")] == ["old", "old"]
    assert _hidden(tmp_path) == []


def test_swap_fallback_without_renameat2(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "o"
    write_bundle(out, {"a.csv": "1"})
    write_bundle(out, {"a.csv": "2"})
    assert (out / "a.csv").read_text() == "2" and _hidden(tmp_path) == []


def test_fallback_kill_between_renames_is_restored_next_time(tmp_path):
    out = tmp_path / "o"
    write_bundle(out, {"a.csv": "old"})
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    os.rename(out, tmp_path / f".o.{dead.pid}.abcd1234.netclust-old")  # as if killed there
    write_bytes(tmp_path / "unrelated.txt", b"x")
    write_bundle(out, {"b.csv": "new"})
    assert sorted(_visible(out)) == ["a.csv", "b.csv"] and _hidden(tmp_path) == []


# --- byte-identical reruns --------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_tables_are_byte_identical_across_writes(tmp_path, fmt):
    frame = pd.DataFrame({"firm_id": ["b", "a"], "layer": ["x", "y"], "value": [0.1, 1e20],
                          "when": pd.to_datetime(["2024-01-01", "2024-02-01"])})
    a = write_table(frame, tmp_path / "a", fmt).read_bytes()
    time.sleep(1.1)  # a stored write time would differ
    b = write_table(frame, tmp_path / "b", fmt).read_bytes()
    assert a == b == table_bytes(frame, fmt)


def test_generate_twice_gives_identical_bytes(tmp_path):
    from netclust.generator import generate_tables, write_tables

    a = write_tables(generate_tables(200, seed=5), tmp_path / "a")
    b = write_tables(generate_tables(200, seed=5), tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


METRICS_KILLER = textwrap.dedent("""
    import os, signal, sys
    from netclust.io import output
    from netclust.cli import cli
    if sys.argv[1] == "hook":
        output._BEFORE_SWAP = lambda p: os.kill(os.getpid(), signal.SIGKILL)
    cli.main(["metrics", sys.argv[2], "--out", sys.argv[3], "--metric", "degree",
              "--no-communities"], standalone_mode=True)
""")


def _metrics_sets(tmp_path):
    import netclust as nc

    firms, links = nc.datasets.toy_tables()
    inputs = {}
    for name, lk in (("a", links), ("b", links.iloc[:-2])):
        d = tmp_path / f"in_{name}"
        d.mkdir()
        firms.to_csv(d / "firms.csv", index=False)
        lk.to_csv(d / "links.csv", index=False)
        inputs[name] = d
    return inputs


def _run_metrics(mode, data, out, kill_after=None):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    with subprocess.Popen([sys.executable, "-c", METRICS_KILLER, mode, str(data), str(out)],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        if kill_after is not None:
            time.sleep(kill_after)
            proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
    return proc.returncode, err


@pytest.mark.slow
def test_metrics_killed_never_leaves_a_mixed_set(tmp_path):
    inputs = _metrics_sets(tmp_path)
    sets = {}
    for name, data in inputs.items():
        ref = tmp_path / f"ref_{name}"
        assert _run_metrics("run", data, ref)[0] == 0
        sets[name] = {p.name: _digest(p) for p in ref.iterdir()}
    assert sets["a"] != sets["b"] and len(sets["a"]) == 3
    out = tmp_path / "out"
    assert _run_metrics("run", inputs["a"], out)[0] == 0
    before = {p: _digest(p) for d in inputs.values() for p in d.iterdir()}
    code, err = _run_metrics("hook", inputs["b"], out)  # killed inside the swap
    assert code == -signal.SIGKILL, err
    assert {p.name: _digest(p) for p in out.iterdir()} == sets["a"]
    assert _visible(tmp_path) == sorted(["in_a", "in_b", "out", "ref_a", "ref_b"])
    rng = random.Random(9)
    for i in range(2):
        _run_metrics("run", inputs["a" if i % 2 else "b"], out, kill_after=rng.uniform(0.5, 3.0))
        now = {p.name: _digest(p) for p in out.iterdir() if not p.name.startswith(".")}
        assert now in (sets["a"], sets["b"]), "mixed metrics outputs after a kill"
    assert {p: _digest(p) for d in inputs.values() for p in d.iterdir()} == before


# --- a writer that fills its own file: netclust aggregate -------------------------------

AGGREGATE_KILLER = textwrap.dedent("""
    import os, signal, sys
    from netclust.io import output
    from netclust.cli import cli
    output._BEFORE_SWAP = lambda p: os.kill(os.getpid(), signal.SIGKILL)
    cli.main(["aggregate", sys.argv[1], "--out", sys.argv[2]], standalone_mode=True)
""")


def test_aggregate_killed_inside_the_rename_keeps_the_old_file_and_cleans_next_time(tmp_path):
    import netclust as nc
    from click.testing import CliRunner
    from netclust.cli import cli

    _, links = nc.datasets.toy_tables()
    links.to_csv(tmp_path / "a.csv", index=False)
    links.iloc[:-2].to_csv(tmp_path / "b.csv", index=False)
    out = tmp_path / "out" / "links.parquet"

    def aggregate(name):
        return CliRunner().invoke(cli, ["aggregate", str(tmp_path / name), "--out", str(out)])

    assert aggregate("a.csv").exit_code == 0
    old = out.read_bytes()
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-c", AGGREGATE_KILLER, str(tmp_path / "b.csv"),
                           str(out)], env=env, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert out.read_bytes() == old and _visible(out.parent) == ["links.parquet"]
    assert len(_hidden(out.parent)) == 1  # the killed writer's temp file, hidden
    assert aggregate("b.csv").exit_code == 0
    assert out.read_bytes() != old and _hidden(out.parent) == []


def test_atomic_path_leaves_the_old_file_when_the_writer_fails(tmp_path):
    dest = tmp_path / "t.parquet"
    dest.write_bytes(b"old")
    with pytest.raises(ValueError):
        with output.atomic_path(dest) as tmp:
            tmp.write_bytes(b"half")
            raise ValueError("writer failed")
    assert dest.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_atomic_path_messages_do_not_quote_the_temp_file(tmp_path):
    dest = tmp_path / "t.parquet"
    with pytest.raises(InputError) as err:
        with output.atomic_path(dest) as tmp:
            raise OSError(f"Failed to open local file '{tmp}'. Detail: [errno 28] No space left")
    assert str(dest) in str(err.value) and "netclust-tmp" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


# --- generate --years / --dated: four files, one bundle -------------------------------

GENERATE_KILLER = textwrap.dedent("""
    import os, signal, sys
    from netclust.io import output
    from netclust.cli import cli
    calls = []
    def hook(path):  # SIGKILL at the n-th final rename (one per file, or one per bundle)
        calls.append(path)
        if len(calls) == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
    output._BEFORE_SWAP = hook
    cli.main(["generate", *sys.argv[2:]], standalone_mode=True)
""")


@pytest.mark.parametrize("option", ["--years", "--dated"])
def test_generate_over_years_killed_between_its_files_never_mixes_them(tmp_path, option):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    base = ["--firms", "120", option, "2021-2022", "--force", "--out"]

    def run(seed, out, kill_at=0):
        return subprocess.run([sys.executable, "-c", GENERATE_KILLER, str(kill_at), *base,
                               str(out), "--seed", str(seed)], env=env, capture_output=True,
                              timeout=300)

    sets = {}
    for seed in (0, 1):
        assert run(seed, tmp_path / f"ref{seed}").returncode == 0
        sets[seed] = {p.name: _digest(p) for p in (tmp_path / f"ref{seed}").iterdir()}
    assert len(sets[0]) == 4 and sets[0] != sets[1]
    out = tmp_path / "out"
    assert run(0, out).returncode == 0
    proc = run(1, out, kill_at=1)  # inside the (first) rename: the old set stays
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert {p.name: _digest(p) for p in out.iterdir() if not p.name.startswith(".")} == sets[0]
    assert _visible(tmp_path) == ["out", "ref0", "ref1"]
    run(1, out, kill_at=2)  # after a first file was renamed in, had files been written singly
    assert {p.name: _digest(p) for p in out.iterdir() if not p.name.startswith(".")} \
        in (sets[0], sets[1]), "mixed data set after a kill between files"
    assert run(0, out).returncode == 0 and _hidden(tmp_path) == [] and _hidden(out) == []
