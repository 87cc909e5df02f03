"""`kg build --scheduler`: the per-document stage on a dask.distributed cluster gives the same exports."""

from __future__ import annotations

import itertools
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.cache import DocOutput
from kg.errors import KgError
from kg.export.formats import EXPORT_FILES
from kg.pipeline import build
from tests.conftest import short_corpus


def _too_slow(signum: int, frame: object) -> None:
    raise TimeoutError("the LocalCluster build took over 120 s")


def test_scheduler_local_cluster_exports_are_byte_identical_to_jobs_2(tmp_path: Path) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (the dask extra)"
    )
    corpus = short_corpus(tmp_path)
    build([corpus], tmp_path / "pool", jobs=2)
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(120)  # bounded: a hung cluster fails the test instead of the CI job
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        lines: list[str] = []
        try:
            report = build(
                [corpus], tmp_path / "dask", scheduler=cluster.scheduler_address, progress=lines.append
            )
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    assert len(report.built) == 2 and not report.failed
    assert len(lines) == 2 and not any("cached" in line for line in lines)
    for name in (*EXPORT_FILES, "build-report.json"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "pool" / name).read_bytes(), name
    assert (tmp_path / "dask" / "store").is_dir()  # the store is loaded here, as without a cluster


def _fails(item: str) -> DocOutput:
    raise OSError(f"Read-only file system: {item}")


def _writes_elsewhere(item: str) -> DocOutput:
    return DocOutput(item, "a", "built", run_file=f"/nonexistent-{item}.nq", records_file="")


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (_fails, r"a dask worker failed on doc-b: OSError: Read-only .*storage the workers share"),
        (_writes_elsewhere, r"wrote /nonexistent-doc-\w\.nq, which this machine does not see"),
    ],
)
def test_scheduler_a_worker_failure_or_unshared_output_is_an_error_naming_it(
    fn: Callable[[str], DocOutput], message: str
) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (the dask extra)"
    )
    from kg.scheduler import run_on_cluster

    items = ["doc-b"] if fn is _fails else ["doc-a", "doc-b"]
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        with pytest.raises(KgError, match=message):
            list(run_on_cluster(cluster.scheduler_address, fn, items))


_calls = itertools.count()


def _changes_every_call() -> str:
    return f"version-{next(_calls)}"  # the worker's call differs from the caller's


def test_scheduler_a_worker_running_other_code_refuses_the_work() -> None:
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (the dask extra)"
    )
    from kg.scheduler import run_on_cluster

    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        with pytest.raises(KgError, match=r"runs other unkg code .*install the same unkg version"):
            list(
                run_on_cluster(
                    cluster.scheduler_address, _writes_elsewhere, ["a"], fingerprint=_changes_every_call
                )
            )


def test_scheduler_without_workers_is_an_error_saying_how_to_start_them() -> None:
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (the dask extra)"
    )
    from kg.scheduler import run_on_cluster

    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        with pytest.raises(KgError, match=r"has no workers; start some with `dask worker "):
            list(run_on_cluster(cluster.scheduler_address, _writes_elsewhere, ["a"]))
