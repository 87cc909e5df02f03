"""The `--store` folder of the reading commands, opened read-only with a clear error when it is not one."""

from __future__ import annotations

from pathlib import Path

from kg.errors import QueryError
from kg.store.backend import GraphStore


def open_store(path: str | Path) -> GraphStore:
    """Open the store at `path` read-only.

    Raises:
        QueryError: `path` is an export folder (names its `store/`), or is not a readable
            store (damaged, or not made by `kg build`).
    """
    p = Path(path)
    if (p / "store").is_dir() and not (p / "CURRENT").exists():
        raise QueryError(f"{str(p)!r} is an export folder, not a store; pass --store {str(p / 'store')!r}")
    try:
        return GraphStore.open_read_only(p)
    except RuntimeError as err:  # pyoxigraph's report of a store it cannot read
        raise QueryError(
            f"cannot open the store at {str(p)!r}: {err}; it is damaged or not a store made by "
            "`kg build`: check --store, or rebuild it with `kg build`"
        ) from None
