"""Store: the graph in an embedded pyoxigraph store (on disk), with rdflib's API over it on request.

`GraphStore.open(path)` reuses a persisted store; `replace_from_nquads` loads a build's N-Quads;
`select` returns rows as plain Python values (converted at this boundary).
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.store import sparql as sparql_options

PyValue = str | int | float | bool | None

BULK_CHUNK = 250_000
"""Lines of N-Quads per bulk-load call: Oxigraph's bulk loader holds about 1 KB of memory per
quad of a call (1.2 million quads in one call: 1 GB), so a large file is loaded in chunks."""


def bulk_load_nquads(store: ox.Store, path: Path, chunk: int = BULK_CHUNK) -> None:
    """Bulk-load an N-Quads file `chunk` lines at a time, so memory stays flat however large it is.

    A file of at most `chunk` lines is handed to Oxigraph whole, by its path.

    Blank node labels are scoped per call: only for files without blank nodes (ours have none).

    Args:
        store: the store to load into.
        path: the N-Quads file (one statement per line).
        chunk: lines per call.
    """
    if _lines_at_most(path, chunk):  # one call: Oxigraph reads the file itself, no copy in Python
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        return
    with path.open("rb") as fh:
        while lines := list(itertools.islice(fh, chunk)):
            store.bulk_load(b"".join(lines), format=ox.RdfFormat.N_QUADS)


def _lines_at_most(path: Path, n: int) -> bool:
    """Whether the file at `path` has at most `n` lines (reading no further than line n + 1)."""
    count = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")
            if count > n:
                return False
    return True


def to_python(term: Any) -> PyValue:
    """Convert a pyoxigraph term to a Python value (IRIs and strings to str, numbers to int/float)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long", "#nonNegativeInteger", "#positiveInteger")):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return str(term.value)


@dataclass
class GraphStore:
    """A persisted (or in-memory) pyoxigraph store."""

    store: ox.Store
    path: Path | None

    @classmethod
    def open(cls, path: str | Path | None = None) -> GraphStore:
        """Open the store at `path` (created if missing), or an in-memory one when `path` is None."""
        if path is None:
            return cls(ox.Store(), None)
        p = Path(path)
        try:
            return cls(ox.Store(str(p)), p)
        except OSError as err:
            raise QueryError(f"cannot open store at {p}: {err}; run `kg build` first") from None

    @classmethod
    def open_read_only(cls, path: str | Path) -> GraphStore:
        """Open an existing store read-only (several processes may do so at once)."""
        p = Path(path)
        if not p.is_dir():
            raise QueryError(f"no graph store at {p}; run `kg build` first (or pass --store)")
        try:
            return cls(ox.Store.read_only(str(p)), p)
        except OSError as err:
            raise QueryError(f"cannot open store at {p}: {err}") from None

    @staticmethod
    def rebuild(path: Path, nquads: bytes) -> GraphStore:
        """Replace the store at `path` with the given N-Quads (fresh directory, then swap)."""
        tmp = path.with_name(path.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        s = ox.Store(str(tmp))
        s.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        s.flush()
        s.optimize()
        del s
        if path.exists():
            shutil.rmtree(path)
        tmp.rename(path)
        return GraphStore.open(path)

    def load_nquads(self, nquads: bytes) -> None:
        """Add N-Quads to the store."""
        self.store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)

    def __len__(self) -> int:
        return len(self.store)

    def select(self, sparql: str, *, use_default_graph_as_union: bool = True) -> list[dict[str, PyValue]]:
        """Run a SELECT query; return rows as dicts of Python values.

        The query reads its own dataset (`FROM`/`FROM NAMED`) when it states one; otherwise the
        union of all graphs, or the store's default graph when `use_default_graph_as_union` is False.

        Raises:
            QueryError: the query does not parse or is not a SELECT.
        """
        try:
            if use_default_graph_as_union:
                res = sparql_options.run(self.store, sparql)
            else:
                res = self.store.query(sparql)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in res.variables]
        return [{n: to_python(sol[n]) for n in names} for sol in res]

    def ask(self, sparql: str) -> bool:
        """Run an ASK query (on its own dataset if it states one, else on the union of all graphs)."""
        try:
            res = sparql_options.run(self.store, sparql)
        except SyntaxError as err:
            raise QueryError(f"SPARQL syntax error: {err}") from None
        return bool(res)

    def rdflib_dataset(self) -> Any:
        """An rdflib Dataset over the same store (needs oxrdflib)."""
        import rdflib

        if self.path is None:
            raise QueryError("rdflib view needs a persisted store (pass a path)")
        ds = rdflib.Dataset(store="Oxigraph")
        ds.open(str(self.path))
        return ds
