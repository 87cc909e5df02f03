"""Run the per-document stage on a dask.distributed cluster (`kg build --scheduler ADDRESS`).

The cluster runs the same function the local process pool maps (`pipeline._process_spill`): each
worker reads a document, extracts, maps and writes the document's sorted N-Quads, records and
summary under the build's cache (or spill) folder in OUT, and returns the summary. So OUT and the
inputs must be on storage every worker shares with this machine, at the same paths; the merge,
the exports and the store then run here, unchanged. dask is optional (the `dask` extra) and is
imported only when a scheduler is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from kg.cache import DocOutput
from kg.errors import KgError

CONNECT_TIMEOUT = 10  # seconds to reach the scheduler


class WorkerMismatch(Exception):
    """A worker runs other code or configuration than the machine that started the build."""


_seen: dict[Callable[[], str], str] = {}


def _run_checked(
    fn: Callable[[Any], DocOutput], fingerprint: Callable[[], str], expected: str, item: Any
) -> DocOutput:
    """On a worker: `fn(item)`, once this worker is known to run what the caller runs."""
    got = _seen.get(fingerprint)
    if got is None:
        got = _seen[fingerprint] = fingerprint()
    if got != expected:
        raise WorkerMismatch(f"this worker's fingerprint is {got}, the build's is {expected}")
    return fn(item)


def require_dask() -> ModuleType:
    """The `distributed` module.

    Raises:
        KgError: dask.distributed is not installed (the message says how to install it).
    """
    try:
        import distributed
    except ImportError:
        raise KgError(
            "--scheduler needs dask.distributed, which is not installed; install it with "
            "pip install 'unkg[dask]' (or pip install 'dask[distributed]'), or build without --scheduler"
        ) from None
    return distributed


def run_on_cluster(
    address: str,
    fn: Callable[[Any], DocOutput],
    items: Sequence[Any],
    describe: Callable[[Any], str] = str,
    fingerprint: Callable[[], str] | None = None,
) -> Iterator[DocOutput]:
    """Yield `fn(item)` for every item, computed on the cluster of `address`, in completion order.

    A result whose spilled files this machine cannot see is an error, not a lost document. With
    `fingerprint` (what the results depend on: code, configuration), a worker where it differs
    from this machine's refuses the work instead of writing results the cache files under the
    wrong key.

    Raises:
        KgError: dask is not installed, `address` is malformed or cannot be reached, has no
            workers, a worker failed on an item (`describe(item)` says which) or runs other code,
            or a worker's output is not on shared storage.
    """
    distributed = require_dask()
    try:  # checked first: a Client given a malformed address hangs while it closes
        if distributed.comm.parse_address(address)[0] != "inproc":  # inproc: in this process
            distributed.comm.get_address_host_port(address)
    except ValueError as err:
        raise KgError(
            f"{address!r} is not a dask scheduler address ({err}); give it as tcp://HOST:PORT, "
            "as `dask scheduler` prints it"
        ) from None
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, ValueError) as err:  # TimeoutError is an OSError
        raise KgError(
            f"cannot reach the dask scheduler at {address!r} ({err}); check that it is running "
            "(`dask scheduler` prints its tcp://HOST:PORT address), that the address is right and "
            "that this machine can connect to that port"
        ) from None
    with client:
        if not client.scheduler_info().get("workers"):
            raise KgError(
                f"the dask scheduler at {address!r} has no workers; start some with "
                f"`dask worker {address}` on machines that share OUT and the inputs"
            )
        task = fn if fingerprint is None else partial(_run_checked, fn, fingerprint, fingerprint())
        futures = client.map(task, list(items), pure=False)
        item_of = {f.key: item for f, item in zip(futures, items, strict=True)}
        for fut in distributed.as_completed(futures, loop=client.loop):
            try:
                out = fut.result()
            except WorkerMismatch as err:
                raise KgError(
                    f"a dask worker runs other unkg code or ontology than this machine ({err}); "
                    "install the same unkg version and ontology on every worker"
                ) from None
            except Exception as err:  # noqa: BLE001 - any worker failure aborts the build, with its item
                raise KgError(
                    f"a dask worker failed on {describe(item_of[fut.key])}: {type(err).__name__}: {err}; "
                    "OUT and the inputs must be on storage the workers share, at the same paths, and "
                    "the workers need the same unkg version"
                ) from None
            missing = [
                f for f in (out.run_file, out.records_file, out.union_file) if f and not Path(f).is_file()
            ]
            if missing:
                raise KgError(
                    f"a dask worker wrote {missing[0]}, which this machine does not see: OUT must be on "
                    "storage the workers share with this machine, at the same path"
                )
            yield out
