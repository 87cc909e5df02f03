"""The embedded store of a build: staged beside the old one, then switched in one rename.

The old store is never modified. A build makes the new store in its staging folder (a
checkpoint of the old store brought up to date graph by graph, or a fresh bulk load) and
`switch_dir` puts it at `OUT/store` atomically, so a killed build leaves the previous store
whole and readers never see a half-updated one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kg.rdf import mint
from kg.store.backend import BULK_CHUNK, bulk_load_nquads


class BuiltDoc(Protocol):
    """What the store needs to know of a built document."""

    doc_id: str
    key: str
    run_file: str
    union_file: str


def stage_store(
    current: Path,
    staged: Path,
    nq_files: Sequence[Path],
    built: Sequence[BuiltDoc],
    run_lines: list[str],
    previous: dict[str, Any],
    salt: str,
) -> dict[str, Any]:
    """Make the store of the new graph at `staged`; return what it holds (for the next build).

    Incremental when the previous build's store at `current` holds the same configuration and
    at most a quarter of the documents changed: a checkpoint of it (hard links, cheap) drops
    the changed and removed documents' named graphs, loads the new ones and replaces the run
    graph and the shared union graphs. Otherwise a fresh bulk load of `nq_files` (the merged
    `graph.nq`, or every document's run and the shared graphs: the union of their quads is the
    graph). `current` is only read.
    """
    graphs = {o.doc_id: o.key for o in built}
    prev = previous.get("store") or {}
    old: dict[str, str] = prev.get("graphs", {})
    changed = [d for d, k in graphs.items() if not k or old.get(d) != k]
    removed = [d for d in old if d not in graphs]
    small = len(changed) + len(removed) <= max(1, len(graphs) // 4)
    incremental = (
        salt and prev.get("salt") == salt and current.is_dir() and small and all(o.run_file for o in built)
    )
    if incremental:
        ox.Store.read_only(str(current)).backup(str(staged))
        by_id = {o.doc_id: o for o in built}
        s = ox.Store(str(staged))
        for g in [*(mint.graph(d) for d in [*removed, *changed]), mint.RUN_GRAPH, *mint.UNION_GRAPHS]:
            node = ox.NamedNode(str(g))
            if s.contains_named_graph(node):
                s.remove_graph(node)
        for d in changed:
            s.load(path=by_id[d].run_file, format=ox.RdfFormat.N_QUADS)
        s.load("".join(run_lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        # the works and organisations graphs are the union of what every document states: a
        # changed or removed document may have been the only one citing a work or naming a body,
        # so they are rebuilt whole
        s.load("".join(union_lines(built)).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    else:
        s = ox.Store(str(staged))
        _bulk_load_all(s, nq_files)
        s.optimize()
    s.flush()
    del s
    return {"salt": salt, "graphs": graphs}


def _bulk_load_all(s: ox.Store, files: Sequence[Path], chunk: int = BULK_CHUNK) -> None:
    """Bulk-load N-Quads files, small ones gathered into calls of about `chunk` lines.

    Many small files (one run per document) would otherwise each cost a call of their own.
    """
    if len(files) == 1:  # the merged graph.nq: Oxigraph reads it itself
        bulk_load_nquads(s, files[0], chunk)
        return
    batch: list[bytes] = []
    lines = 0
    for f in files:
        blocks: list[bytes] = []
        n = 0
        with f.open("rb") as fh:
            while n < chunk and (block := fh.read(1 << 20)):
                blocks.append(block)
                n += block.count(b"\n")
        if n >= chunk:  # a large file: read by the loader a chunk at a time
            bulk_load_nquads(s, f, chunk)
            continue
        data = b"".join(blocks)
        if lines + n > chunk and batch:
            s.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
            batch, lines = [], 0
        batch.append(data)
        lines += n
    if batch:
        s.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)


def union_lines(built: Sequence[BuiltDoc]) -> list[str]:
    """The lines of the shared union graphs of every built document, without duplicates.

    Read from each document's small union index where it has one, else from its whole run file.
    """
    tails = mint.UNION_TAILS
    lines: set[str] = set()
    for o in built:
        with open(o.union_file or o.run_file, encoding="utf-8") as fh:
            lines.update(line for line in fh if line.endswith(tails))
    return sorted(lines)


_union_lines = union_lines


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd = -100
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def switch_dir(new: Path, target: Path) -> None:
    """Put folder `new` at `target` (same file system), replacing any folder there.

    Where the kernel allows, the two are exchanged atomically (readers see the old or the new
    folder, never none); elsewhere the old folder is renamed aside first. The old folder is
    then deleted.
    """
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old folder
        return
    aside = target.with_name(f".old-{target.name}-{os.getpid()}")
    target.rename(aside)
    new.rename(target)
    shutil.rmtree(aside, ignore_errors=True)
