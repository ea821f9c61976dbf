"""Forked per-layer workers (netclust._workers): same values as the serial loop."""

from __future__ import annotations

import pandas as pd
import pytest

import netclust as nc
from netclust import _workers
from netclust.errors import InputError
from netclust.metrics import _views


@pytest.fixture
def parallel(monkeypatch):
    """Every per-view loop on two forked workers, whatever the network's size or cost."""
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("no fork on this platform")
    monkeypatch.setenv("NETCLUST_WORKERS", "2")
    monkeypatch.setattr(_workers, "PARALLEL_MIN", 0)
    monkeypatch.setattr(_workers, "MIN_TASK_SECONDS", 0.0)


def _measures(net):
    return nc.centrality(net, ["degree", "pagerank", "betweenness", "constraint", "hub",
                               "authority", "eigenvector", "clustering"])


def test_parallel_equals_serial_on_real_data(parallel, monkeypatch):
    # the law firm's three layers (tests/data/lazega_lawfirm): byte-equal tables
    par = _measures(nc.read("tests/data/lazega_lawfirm"))
    monkeypatch.setenv("NETCLUST_WORKERS", "1")
    ser = _measures(nc.read("tests/data/lazega_lawfirm"))
    assert par.equals(ser)


def test_worker_error_is_the_ordinary_error(parallel):
    net = nc.datasets.toy()

    def boom(view):
        raise InputError(f"bad layer {view.name}")

    with pytest.raises(InputError, match="bad layer procurement"):
        _views.per_view(net, boom)


def test_workers_run_in_other_processes(parallel):
    import os

    pids = _workers.parallel_map(lambda _: os.getpid(), range(4), size=10)
    assert pids[0] == os.getpid() and os.getpid() not in pids[1:]  # the first runs here
    assert _workers.parallel_map(lambda x: x + 1, range(4), size=10) == [1, 2, 3, 4]


def test_cheapest_task_is_the_probe_and_the_rest_go_largest_first(parallel):
    import os
    import time

    def task(x):
        time.sleep(0.01)
        return os.getpid(), time.perf_counter()

    out = _workers.parallel_map(task, ["a", "b", "c", "d"], size=10, cost=[3.0, 1.0, 5.0, 2.0])
    pids = [pid for pid, _ in out]
    assert pids[1] == os.getpid() and os.getpid() not in (pids[0], pids[2], pids[3])
    assert out[1][1] < min(t for _, t in (out[0], out[2], out[3]))  # the probe ran first
    # two workers: c (5) and a (3) start together, d (2) after one of them
    assert out[3][1] > min(out[0][1], out[2][1])


def test_serial_below_the_size_threshold(monkeypatch):
    import os

    monkeypatch.setenv("NETCLUST_WORKERS", "2")
    pids = _workers.parallel_map(lambda _: os.getpid(), range(3), size=_workers.PARALLEL_MIN - 1)
    assert set(pids) == {os.getpid()}


def test_cheap_tasks_are_not_forked(parallel, monkeypatch):
    import os

    monkeypatch.setattr(_workers, "MIN_TASK_SECONDS", 60.0)
    assert set(_workers.parallel_map(lambda _: os.getpid(), range(4), size=10)) == {os.getpid()}


def test_items_sent_to_workers_are_prepared_here_first(parallel):
    prepared = []
    out = _workers.parallel_map(lambda x: x * 10, [1, 2, 3], size=10, prepare=prepared.append)
    assert out == [10, 20, 30] and prepared == [2, 3]   # the first item runs here unprepared


def test_background_runs_elsewhere_and_falls_back_here(parallel):
    import os

    assert _workers.background(os.getpid, size=10).result() != os.getpid()

    def boom():
        raise InputError("the ordinary error")

    with pytest.raises(InputError, match="the ordinary error"):  # the worker failed: redone here
        _workers.background(boom, size=10).result()
    assert _workers.background(os.getpid, size=10).result(fallback=lambda: "here") != "here"


def test_background_is_serial_below_the_threshold(monkeypatch):
    import os

    monkeypatch.setenv("NETCLUST_WORKERS", "2")
    assert _workers.background(os.getpid, size=_workers.PARALLEL_MIN - 1).result() == os.getpid()


def test_prefetched_steps_equal_steps_computed_here(parallel):
    from netclust.analysis import Analysis

    net = nc.read("tests/data/lazega_lawfirm")
    here = Analysis(net, seed=1)
    there = Analysis(net, seed=1)
    there.prefetch("layer_metrics", "communities")
    assert set(there._pending) == {"layer_metrics", "communities"}
    pd.testing.assert_frame_equal(there.firm_measures, here.firm_measures)
    pd.testing.assert_frame_equal(there.layer_metrics, here.layer_metrics)
    pd.testing.assert_series_equal(there.communities.membership, here.communities.membership)
    assert not there._pending
    with pytest.raises(InputError, match="not a step"):
        there.prefetch("seed")


def test_report_with_prefetched_steps_equals_the_serial_report(parallel, monkeypatch):
    """The report's background steps (communities, multiplex, symbiosis) give the serial values."""
    from netclust.report.compute import collect

    net = nc.generate(400, seed=2)  # roles, channels and symbiosis webs
    opts = dict(seed=3, runs=2, null_runs=3, include_map=False, scenarios=True)
    par = collect(net, **opts)
    monkeypatch.setenv("NETCLUST_WORKERS", "1")
    ser = collect(net, **opts)
    for key in ("multiplex", "layer_metrics", "community_table"):
        pd.testing.assert_frame_equal(par.results[key], ser.results[key])
    pd.testing.assert_series_equal(par.results["communities"].membership,
                                   ser.results["communities"].membership)
    pd.testing.assert_frame_equal(par.results["symbiosis"].scorecard, ser.results["symbiosis"].scorecard)
    assert [label for label, _ in par.results["scenarios"]] == [label for label, _ in ser.results["scenarios"]]
    assert len(par.results["scenarios"]) >= 2  # some ran on a worker
    for (_, p), (_, s) in zip(par.results["scenarios"], ser.results["scenarios"]):
        pd.testing.assert_frame_equal(p.table, s.table)
        pd.testing.assert_frame_equal(p.affected, s.affected)
