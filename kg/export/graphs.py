"""The `graphs/` export: one N-Quads file per named graph, so an edit rewrites one file.

`graphs/<last segment of the graph IRI>.nq` holds the lines of one named graph, sorted and unique:
the bytes of a sorted `graph.nq` restricted to that graph. A document's file is made from its
cached run (its lines outside the shared union graphs); `reference.nq`, `works.nq`,
`organisations.nq` and `run.nq` from the shared lines. A rebuild rewrites a document's file only
when the document was rebuilt (another cache key) or the file is not what the last build left,
and a shared file only when its bytes change.

Without the merge of every run into `graph.nq`, the build's counts come from per-document
summaries made once, when the document is processed (`summarise`): the number of lines of its
graph and the few of them whose subject is not one of the document's own nodes
(`count_quads_and_triples` says why that is enough for the exact triple count).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kg.export import serialise as ser
from kg.rdf import mint

GRAPHS_DIR = "graphs"
"""The folder in OUT (and the `files` entry `graphs/` of the build report)."""

_NAME_MAX = 255  # bytes of a file name on the usual file systems


def file_name(graph_iri: str) -> str:
    """`<last segment of the graph IRI>.nq`; a segment too long for a file name is cut and hashed.

    Document slugs are percent-encoded ASCII (`mint.doc_slug`), so a name is its length in bytes;
    a document id of many CJK characters can exceed 255 bytes: then the first 200 characters and
    16 hex digits of the segment's hash name the file (each line still names its graph).
    """
    seg = graph_iri.rsplit("/", 1)[1]
    if len(seg.encode("utf-8")) + 3 > _NAME_MAX:
        seg = f"{seg[:200]}~{hashlib.sha256(seg.encode('utf-8')).hexdigest()[:16]}"
    return seg + ".nq"


def shared_names() -> dict[str, str]:
    """File name of each shared graph (reference, works, organisations, run) -> its IRI."""
    graphs = (mint.REFERENCE_GRAPH, *mint.UNION_GRAPHS, mint.RUN_GRAPH)
    return {file_name(str(g)): str(g) for g in graphs}


def _own_prefix(doc_id: str) -> str:
    return f"<{mint.document(doc_id)}"


def _owned(line: str, prefix: str) -> bool:
    """Whether the line's subject is the document IRI `prefix` names or one of its sub-nodes.

    A slug percent-encodes "/", "#" and ">", so two documents' prefixes never overlap.
    """
    return line.startswith(prefix) and line[len(prefix) : len(prefix) + 1] in (">", "/", "#")


def summarise(doc_id: str, graph_lines: Sequence[str]) -> tuple[int, list[str]]:
    """(lines of the document's graph, those whose subject is not one of the document's nodes).

    `graph_lines`: the document's unique lines outside the union graphs, sorted. The lines of
    its nodes are the three stretches that start with its IRI and ">", "/" or "#": found by
    bisection, not by looking at every line.
    """
    prefix = _own_prefix(doc_id)
    foreign: list[str] = []
    at = 0
    for c in "#/>":  # in code point order, as the lines are sorted
        lo = bisect.bisect_left(graph_lines, prefix + c, at)
        hi = bisect.bisect_left(graph_lines, prefix + chr(ord(c) + 1), lo)
        foreign += graph_lines[at:lo]
        at = hi
    foreign += graph_lines[at:]
    return len(graph_lines), foreign


class GraphDoc(Protocol):
    """What the folder and the counts need of a built document (a `kg.cache.DocOutput`)."""

    doc_id: str
    key: str
    run_file: str
    nquads: list[str]
    graph_quads: int
    foreign: list[str]


def doc_lines(o: GraphDoc) -> list[str]:
    """The document's graph lines, sorted and unique (its run without the union graphs' share)."""
    tails = mint.UNION_TAILS
    if o.run_file:
        with open(o.run_file, encoding="utf-8", newline="\n") as fh:
            return [line for line in fh if not line.endswith(tails)]
    return sorted({line for line in o.nquads if not line.endswith(tails)})


def summary_of(o: GraphDoc) -> tuple[int, list[str]]:
    """`summarise` of a document: from its cached summary, or made from its lines when it has none."""
    if o.graph_quads >= 0:
        return o.graph_quads, o.foreign
    return summarise(o.doc_id, doc_lines(o))


def count_quads_and_triples(docs: Sequence[GraphDoc], shared: Iterable[str]) -> tuple[int, int]:
    """The quads and the distinct triples of the graph, without merging the documents' runs.

    Quads: the graphs are distinct, so their line counts add up. Triples: call a document's
    "own" lines those whose subject is the document or one of its sub-nodes. Two documents'
    own lines never share a subject, so only the rest R (every document's other lines and
    the shared graphs' lines, a few per document) can repeat a triple: distinct triples are the
    own lines plus the distinct triples of R less those of R that are some document's own line.
    That last check reads a document only when R holds a triple about one of its nodes (none
    in the graphs the mapping makes today).

    `shared`: the unique lines of the shared graphs (reference, works, organisations, run).
    """
    quads = 0
    own = 0
    rest: set[str] = set()
    for o in docs:
        n, foreign = summary_of(o)
        quads += n
        own += n - len(foreign)
        rest.update(map(ser.drop_graph, foreign))
    for line in shared:
        quads += 1
        rest.add(ser.drop_graph(line))
    triples = own + len(rest)
    by_prefix = {_own_prefix(o.doc_id): o for o in docs}
    doc_ns = f"<{mint.DATA}doc/"
    suspects: dict[str, list[str]] = {}
    for t in rest:
        if t.startswith(doc_ns):
            end = min((i for i in (t.find(c, len(doc_ns)) for c in ">/#") if i >= 0), default=-1)
            if end >= 0 and t[:end] in by_prefix:
                suspects.setdefault(t[:end], []).append(t)
    for prefix, ts in suspects.items():
        mine = {ser.drop_graph(line) for line in doc_lines(by_prefix[prefix]) if _owned(line, prefix)}
        triples -= sum(1 for t in ts if t in mine)
    return quads, triples


@dataclass
class StagedGraphs:
    """The folder's files this build stages, and what the next build needs to reuse them."""

    names: list[str] = field(default_factory=list)  # every file the folder holds after the build
    written: list[str] = field(default_factory=list)  # staged: new or changed
    docs: dict[str, str] = field(default_factory=dict)  # doc id -> cache key of its file


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def stage_graphs(
    out: Path,
    stage: Path,
    docs: Sequence[GraphDoc],
    shared: dict[str, Callable[[], bytes]],
    previous: dict[str, Any],
) -> StagedGraphs:
    """Write to `stage/graphs/` the files of `out/graphs/` that are missing or must change.

    A document's file is kept when the last build (`previous`: its manifest) wrote it from the
    same cache key and its size and mtime are what that build recorded; else it is made from
    the document's run. A shared file (`shared`: name -> its bytes) is kept when its bytes are
    the same. A killed build empties the manifest before changing anything, so the next one
    trusts no document file it did not see written.
    """
    folder, dst = out / GRAPHS_DIR, stage / GRAPHS_DIR
    dst.mkdir(parents=True, exist_ok=True)
    prev_docs: dict[str, str] = previous.get("graphs") or {}
    prev_files: dict[str, list[int]] = previous.get("files") or {}
    result = StagedGraphs()
    for o in docs:
        name = file_name(str(mint.graph(o.doc_id)))
        result.names.append(name)
        result.docs[o.doc_id] = o.key
        old = prev_files.get(f"{GRAPHS_DIR}/{name}")
        if o.key and prev_docs.get(o.doc_id) == o.key and old is not None and _stamp(folder / name) == old:
            continue
        with (dst / name).open("w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(doc_lines(o))
        result.written.append(name)
    for name, make in shared.items():
        result.names.append(name)
        data = make()
        try:
            same = (folder / name).read_bytes() == data
        except OSError:
            same = False
        if not same:
            (dst / name).write_bytes(data)
            result.written.append(name)
    return result


def switch_graphs(stage: Path, out: Path, staged: StagedGraphs) -> None:
    """Move the staged files into `out/graphs/` (each replaced in one rename) and delete the rest."""
    folder = out / GRAPHS_DIR
    folder.mkdir(exist_ok=True)
    for name in staged.written:
        os.chmod(stage / GRAPHS_DIR / name, 0o644)
        os.replace(stage / GRAPHS_DIR / name, folder / name)
    keep = set(staged.names)
    for p in folder.iterdir():
        if p.name not in keep:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
