"""Where the build's work runs: the per-document stage over local processes or a dask cluster,
the derived exports in worker processes, the store load in a thread.

Wiring only: what runs is passed in (`kg.pipeline` supplies the functions), so this module knows
nothing of documents or formats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from kg.cache import DocOutput

Item = TypeVar("Item")
Result = TypeVar("Result")

EXPORT_POOL_MIN_QUADS = 100_000
"""Below this many quads the derived exports are written here: forking workers costs more."""


def map_items(
    fn: Callable[[Item], DocOutput],
    items: Sequence[Item],
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    name: Callable[[Item], str] = str,
    fingerprint: Callable[[], str] | None = None,
    before_fork: Callable[[], object] | None = None,
) -> Iterator[DocOutput]:
    """`fn` over `items`: on a dask cluster (in completion order), in `jobs` local processes or
    here (in the order of `items`).

    Args:
        fn: a picklable top-level function.
        items: its arguments, one call each.
        jobs: local worker processes (1, or a single item: in this process).
        scheduler: a dask.distributed scheduler address; when given, `jobs` is not used.
        name: a task's name on the cluster (`kg.scheduler.run_on_cluster`).
        fingerprint: what the cluster's workers must agree on with this process.
        before_fork: run once before local workers are forked, so they inherit what it loads.
    """
    if scheduler is not None and items:
        from kg.scheduler import run_on_cluster

        yield from run_on_cluster(scheduler, fn, list(items), name, fingerprint or (lambda: ""))
    elif jobs > 1 and len(items) > 1:
        if before_fork is not None:
            before_fork()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(fn, items, chunksize=1)
    else:
        for item in items:
            yield fn(item)


class Overlap:
    """Side work of the export step: derived exports in worker processes, the store in a thread.

    `export` runs its call in a worker process when the pool is on, else when `result` asks for
    it (in this process, in order). `load` runs in a thread: Oxigraph works without holding the
    GIL, so the load overlaps the exports. The thread is started only after the pool has forked
    its workers (a fork while a thread holds a lock can deadlock the child): `load` first has
    every worker started when none is yet.
    """

    def __init__(self, jobs: int, quads: int, thread: bool) -> None:
        use_pool = jobs > 1 and quads > EXPORT_POOL_MIN_QUADS
        self._pool = ProcessPoolExecutor(max_workers=min(jobs, 3)) if use_pool else None
        self._thread = ThreadPoolExecutor(max_workers=1) if thread else None
        self._later: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self._started = False

    def export(self, fn: Callable[..., None], *args: Any) -> Future[None] | None:
        """Start `fn(*args)` in a worker process; None when it is to run in `finish` instead."""
        if self._pool is None:
            self._later.append((fn, args))
            return None
        self._started = True
        return self._pool.submit(fn, *args)

    def load(self, fn: Callable[..., Result], *args: Any) -> Future[Result] | None:
        """Start `fn(*args)` in the thread; None when there is no thread."""
        if self._thread is None:
            return None
        if self._pool is not None and not self._started:
            # a pool that forks starts all its workers at its first task: that one, before the thread
            self._pool.submit(_nothing).result()
        self._started = True
        return self._thread.submit(fn, *args)

    def run_deferred(self) -> None:
        """Run the exports that had no worker, here and in order."""
        later, self._later = self._later, []
        for fn, args in later:
            fn(*args)

    def close(self) -> None:
        """Wait for every worker and the thread, then stop them."""
        if self._pool is not None:
            self._pool.shutdown()
        if self._thread is not None:
            self._thread.shutdown()


def _nothing() -> None:
    """A task that does nothing: submitting it makes a pool start its worker processes."""


@contextmanager
def overlap(jobs: int, quads: int, thread: bool) -> Iterator[Overlap]:
    """An `Overlap`, closed on the way out (errors included)."""
    o = Overlap(jobs, quads, thread)
    try:
        yield o
    finally:
        o.close()
