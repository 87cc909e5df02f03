"""The worker pools: items run in order wherever they run; deferred exports run when asked."""

from __future__ import annotations

import os

from kg.workers import map_items, overlap


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_map_items_runs_here_with_one_job() -> None:
    got = list(map_items(_pid_and_square, [1, 2, 3], jobs=1))
    assert [sq for _pid, sq in got] == [1, 4, 9]
    assert {pid for pid, _sq in got} == {os.getpid()}


def test_map_items_keeps_order_in_worker_processes_and_warms_up_first() -> None:
    warmed: list[bool] = []
    got = list(map_items(_pid_and_square, [3, 1, 2], jobs=2, before_fork=lambda: warmed.append(True)))
    assert [sq for _pid, sq in got] == [9, 1, 4]
    assert os.getpid() not in {pid for pid, _sq in got}
    assert warmed == [True]


def test_map_items_single_item_stays_here_without_warming_up() -> None:
    warmed: list[bool] = []
    got = list(map_items(_pid_and_square, [5], jobs=2, before_fork=lambda: warmed.append(True)))
    assert got == [(os.getpid(), 25)] and warmed == []


def test_overlap_without_pool_defers_exports_until_asked() -> None:
    done: list[str] = []
    with overlap(jobs=1, quads=10**6, thread=True) as side:
        assert side.export(done.append, "a") is None
        assert side.export(done.append, "b") is None
        loading = side.load(lambda: "loaded")
        assert done == []
        side.run_deferred()
        assert done == ["a", "b"]
        assert loading is not None and loading.result() == "loaded"


def test_overlap_small_graph_or_one_job_uses_no_process() -> None:
    with overlap(jobs=2, quads=10, thread=False) as side:
        assert side.export(print, "x") is None
        assert side.load(print) is None
        side.run_deferred()


def test_overlap_large_graph_with_jobs_exports_in_a_worker() -> None:
    with overlap(jobs=2, quads=10**6, thread=False) as side:
        fut = side.export(_pid_and_square, 4)
        assert fut is not None
        assert fut.result() == (fut.result()[0], 16) and fut.result()[0] != os.getpid()


def test_overlap_forks_the_export_workers_before_the_load_thread_starts() -> None:
    """A fork while the store thread runs could copy a lock it holds into the child: the pool's
    workers are started first, even when the load is asked for before any export."""
    import multiprocessing

    before = len(multiprocessing.active_children())
    with overlap(jobs=2, quads=10**6, thread=True) as side:
        loading = side.load(lambda: len(multiprocessing.active_children()))
        assert loading is not None and loading.result() == before + 2
        fut = side.export(_pid_and_square, 3)
        assert fut is not None and fut.result()[1] == 9
