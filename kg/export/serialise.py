"""Export stage: N-Quads lines -> files (N-Quads, N-Triples, TriG, Turtle, JSON-LD), written atomically.

Determinism: every format is produced from the same sorted, de-duplicated N-Quads lines, and the
graph has no blank nodes, so the same input gives byte-identical files on every run and machine.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import json
import os
import re
import tempfile
import zlib
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.rdf import ntriples as nt
from kg.rdf.namespaces import PREFIXES

# Turtle and TriG: a data IRI's local name holds "/" (and "(", "." ...), which a prefixed name must
# escape ("id:doc\/x"); Virtuoso's bulk loader keeps such backslashes, so data IRIs are written in
# full. The vocabulary prefixes leave local names that need no escape.
TURTLE_PREFIXES = {p: ns for p, ns in PREFIXES.items() if p != "id"}

_XSD_STRING = nt.XSD_STRING

# terms and quads are written in kg.rdf.ntriples, which the mapping's line path shares
nt_term = nt.term
quad_lines = nt.quad_lines


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def triples_from_quads(nq_lines: list[str]) -> list[str]:
    """Sorted unique N-Triples lines: the quads with their graph dropped."""
    out = set()
    for line in nq_lines:
        # the graph is the last term: "... <graph> .\n"
        head = line[: line.rstrip(" .\n").rfind(" <")]
        out.add(head + " .\n")
    return sorted(out)


def to_turtle(nt_lines: list[str]) -> bytes:
    """Turtle with the project prefixes, subjects grouped in sorted order."""
    data = "".join(nt_lines).encode("utf-8")
    triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    out = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
    assert out is not None
    return out


def to_trig(nq_lines: list[str]) -> bytes:
    """TriG with the project prefixes, one block per named graph."""
    data = "".join(nq_lines).encode("utf-8")
    quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
    out = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES)
    assert out is not None
    return out


def _compact_slow(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and ":" not in iri[len(ns) :] and "/" not in iri[len(ns) :]:
            return f"{p}:{iri[len(ns) :]}"
    return iri


# namespace -> (rank in PREFIXES, prefix); `_compact` needs every namespace to end in "/" or "#"
_NAMESPACES: dict[str, tuple[int, str]] = {}
for _rank, (_p, _ns) in enumerate(PREFIXES.items()):
    _NAMESPACES.setdefault(_ns, (_rank, _p))
_SEPARATED = all(ns[-1] in "/#" for ns in _NAMESPACES)


def _compact(iri: str) -> str:
    """The first prefix (in `PREFIXES` order) whose namespace leaves a local name with no "/" or ":".

    Such a namespace ends at or after the last "/" or ":" of the IRI, so only the IRI cut at
    that "/" or at a later "#" can be one: a few dictionary lookups instead of a scan.
    """
    if not _SEPARATED:
        return _compact_slow(iri)
    cut = max(iri.rfind("/"), iri.rfind(":"))
    best: tuple[int, str, int] | None = None  # (rank, prefix, length of the namespace)
    if cut >= 0 and iri[cut] == "/" and (hit := _NAMESPACES.get(iri[: cut + 1])) is not None:
        best = (*hit, cut + 1)
    at = iri.find("#", cut + 1)
    while at >= 0:
        if (hit := _NAMESPACES.get(iri[: at + 1])) is not None and (best is None or hit[0] < best[0]):
            best = (*hit, at + 1)
        at = iri.find("#", at + 1)
    return iri if best is None else f"{best[1]}:{iri[best[2] :]}"


# predicates, classes and datatypes: a small vocabulary, each IRI seen thousands of times
_compact_vocab = lru_cache(maxsize=4096)(_compact)
# objects: a graph names each of its things (a block, a body, a code) ten times on average
_compact_object = lru_cache(maxsize=1 << 16)(_compact)


def to_jsonld(nt_lines: list[str], context_path: Path | None = None) -> bytes:
    """Compact JSON-LD: `{"@context": ..., "@graph": [...]}` with one node object per subject.

    The context (ontology/context.jsonld) defines the prefixes; IRIs are written as compact IRIs,
    literals as value objects, so the document expands to exactly the exported triples.
    """
    nodes: dict[str, dict[str, Any]] = {}
    data = "".join(nt_lines).encode("utf-8")
    for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        s = _compact(t.subject.value)
        node = nodes.setdefault(s, {"@id": s})
        p = t.predicate.value
        o = t.object
        if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            node.setdefault("@type", []).append(_compact(o.value))
            continue
        if isinstance(o, ox.NamedNode):
            value: Any = {"@id": _compact(o.value)}
        else:
            assert isinstance(o, ox.Literal)
            if o.language:
                value = {"@value": o.value, "@language": o.language}
            elif o.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
                value = {"@value": o.value}
            else:
                value = {"@value": o.value, "@type": _compact(o.datatype.value)}
        node.setdefault(_compact(p), []).append(value)
    context: Any = {k: v for k, v in PREFIXES.items()}
    if context_path is not None and context_path.is_file():
        context = json.loads(context_path.read_text(encoding="utf-8")).get("@context", context)
    doc = {"@context": context, "@graph": [nodes[k] for k in sorted(nodes)]}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


# --- streaming writers: the same bytes as the functions above, without the graph in memory ---


def write_turtle(nt_path: Path, out: Path) -> None:
    """Write `to_turtle` of the sorted N-Triples file `nt_path` to `out`, streaming."""
    ox.serialize(
        ox.parse(path=nt_path, format=ox.RdfFormat.N_TRIPLES),
        out,
        ox.RdfFormat.TURTLE,
        prefixes=TURTLE_PREFIXES,
    )


def write_trig(nq_path: Path, out: Path) -> None:
    """Write `to_trig` of the sorted N-Quads file `nq_path` to `out`, streaming."""
    ox.serialize(
        ox.parse(path=nq_path, format=ox.RdfFormat.N_QUADS), out, ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES
    )


_str = json.encoder.encode_basestring  # C-accelerated, ensure_ascii=False
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


# An N-Triples object: (IRI, None, None) or (lexical form, language or None, datatype or None).
_Object = tuple[str, str | None, str | None]


# A line exactly as `quad_lines` / `write_quads_and_triples` write it: IRIs with no escapes, a
# literal with only the escapes `nt_term` makes, a lower-case language tag. Any other line is
# handed to Oxigraph's parser, so every N-Triples file reads the same, ours just faster.
_IRI = r"<([^<>\"{}|^`\\\x00-\x20]*)>"
_NT_LINE = re.compile(
    rf'{_IRI} {_IRI} (?:{_IRI}|"((?:[^"\\\n\r]|\\[\\"nrt])*)"(?:@([a-z]+(?:-[a-z0-9]+)*)|\^\^{_IRI})?) \.\n?'
)
_NT_UNESCAPE = re.compile(r'\\([\\"nrt])')
_NT_ECHAR = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}


def _nt_unescape(m: re.Match[str]) -> str:
    return _NT_ECHAR[m.group(1)]


def _read_ntriples(nt_path: Path) -> Iterator[tuple[str, str, _Object, bool]]:
    """(subject, predicate, object, object is an IRI) of every triple of an N-Triples file, in order."""
    with nt_path.open(encoding="utf-8", newline="\n") as fh:
        yield from _read_ntriples_lines(fh)


def _read_ntriples_lines(lines: Iterable[str]) -> Iterator[tuple[str, str, _Object, bool]]:
    """`_read_ntriples` of N-Triples lines."""
    match = _NT_LINE.fullmatch
    for line in lines:
        m = match(line)
        if m is not None:
            s, p, iri, lex, lang, datatype = m.groups()
            if iri is not None:
                yield s, p, (iri, None, None), True
            else:
                text = _NT_UNESCAPE.sub(_nt_unescape, lex) if "\\" in lex else lex
                yield s, p, (text, lang, datatype), False
            continue
        for t in ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            o = t.object
            if isinstance(o, ox.NamedNode):
                yield t.subject.value, t.predicate.value, (o.value, None, None), True
            elif isinstance(o, ox.Literal):
                yield t.subject.value, t.predicate.value, (o.value, o.language, o.datatype.value), False
            else:
                raise TypeError(f"blank nodes are not exported: {line!r}")


# `_NT_LINE` over a whole segment: one row of groups per line, the object's IRI and literal told
# apart by the opening quote (an empty literal and an empty IRI both leave their group empty)
_NT_ROWS = re.compile(
    rf'^{_IRI} {_IRI} (?:{_IRI}|(")((?:[^"\\\n\r]|\\[\\"nrt])*)"(?:@([a-z]+(?:-[a-z0-9]+)*)|\^\^{_IRI})?) \.$',
    re.MULTILINE,
)
# the pieces of a value object as `json.dumps(..., indent=1)` prints it inside a node's list
_PAD = "  "
_P1, _P2, _P3 = _PAD + " ", _PAD + "  ", _PAD + "   "
_ITEM_SEP = ",\n" + _P2
_ID_HEAD = "{\n" + _P3 + '"@id": '
_VALUE_HEAD = "{\n" + _P3 + '"@value": '
_LANG_MID = ",\n" + _P3 + '"@language": '
_TYPE_MID = ",\n" + _P3 + '"@type": '
_VALUE_TAIL = "\n" + _P2 + "}"


def _node_text(key: str, props: dict[str, list[str]]) -> str:
    """A node object exactly as `json.dumps(..., indent=1)` prints it nested in the graph, from its
    compact IRI and its properties' values, already JSON."""
    parts = [f'{_P1}"@id": {_str(key)}']
    parts += [f"{_P1}{_str(k)}: [\n{_P2}{_ITEM_SEP.join(v)}\n{_P1}]" for k, v in props.items()]
    return "{\n" + ",\n".join(parts) + f"\n{_PAD}}}"


def _segment_nodes(text: str) -> list[tuple[str, str]]:
    """(compact subject, node JSON) per node of the sorted N-Triples lines of `text` (whole lines,
    each ending in a newline), as `to_jsonld` prints them.

    Lines as this package writes them are read by one regex pass over the whole text, their
    values formatted inline: about a third less work per triple than line by line. A text with
    any other line (escapes, comments, a missing last newline) is read line by line instead.
    """
    rows = _NT_ROWS.findall(text)
    if len(rows) == text.count("\n"):
        return _nodes_of_rows(rows, escaped=True)
    others = [
        (s, p, o, "", "", "", "") if is_iri else (s, p, "", '"', o, lang or "", datatype or "")
        for s, p, (o, lang, datatype), is_iri in _read_ntriples_lines(text.splitlines(keepends=True))
    ]
    return _nodes_of_rows(others, escaped=False)


def _nodes_of_rows(rows: Iterable[tuple[str, ...]], escaped: bool) -> list[tuple[str, str]]:
    """(key, node JSON) of `_NT_ROWS` rows in sorted order: (subject, predicate, object IRI, '"'
    for a literal, its lexical form (N-Triples escapes in it when `escaped`), language, datatype)."""
    out: list[tuple[str, str]] = []
    js, compact, vocab, compact_object = _str, _compact, _compact_vocab, _compact_object
    key = subject = ""
    props: dict[str, list[str]] = {}
    for s, p, iri, quote, lex, lang, datatype in rows:
        if s != subject:  # a subject's triples are adjacent: compact it once
            subject = s
            c = compact(s)
            if c != key:
                if key:
                    out.append((key, _node_text(key, props)))
                key, props = c, {}
        if p == _RDF_TYPE:
            k, v = "@type", js(vocab(iri))
        else:
            k = vocab(p)
            if not quote:
                v = _ID_HEAD + js(compact_object(iri)) + _VALUE_TAIL
            else:
                if escaped and "\\" in lex:
                    lex = _NT_UNESCAPE.sub(_nt_unescape, lex)
                if lang:
                    v = _VALUE_HEAD + js(lex) + _LANG_MID + js(lang) + _VALUE_TAIL
                elif not datatype or datatype == _XSD_STRING:
                    v = _VALUE_HEAD + js(lex) + _VALUE_TAIL
                else:
                    v = _VALUE_HEAD + js(lex) + _TYPE_MID + js(vocab(datatype)) + _VALUE_TAIL
        values = props.get(k)
        if values is None:
            props[k] = [v]
        else:
            values.append(v)
    if key:
        out.append((key, _node_text(key, props)))
    return out


JSONLD_CUT_EVERY = 256
"""On average one subject in this many may start a new cached segment of JSON-LD nodes."""


def _plain_subject(term: bytes) -> str | None:
    """The IRI of a subject term written without escapes, else None (no cut next to it)."""
    if term[:1] != b"<" or term[-1:] != b">" or b"\\" in term:
        return None
    return term[1:-1].decode("utf-8")


def _node_segments(nt_path: Path) -> Iterator[bytes]:
    """The lines of a sorted N-Triples file in segments that each hold whole JSON-LD nodes.

    A segment starts at a subject whose hash says so, when its compact IRI differs from the
    previous subject's (a node is every triple whose subject compacts to one IRI). The cuts
    depend on the content around them only, so an edit leaves the other segments as they were.
    """
    lines: list[bytes] = []
    prev = b""
    with nt_path.open("rb") as fh:
        for line in fh:
            term = line[: line.find(b" ")]
            if term != prev:
                if lines and zlib.crc32(term) % JSONLD_CUT_EVERY == 0:
                    a, b = _plain_subject(prev), _plain_subject(term)
                    if a is not None and b is not None and _compact(a) != _compact(b):
                        yield b"".join(lines)
                        lines = []
                prev = term
            lines.append(line)
    if lines:
        yield b"".join(lines)


# A cached segment: its nodes' keys and texts, alternately, each followed by a NUL. JSON text
# never holds a raw NUL (it writes control characters as escapes), nor does an IRI.
_SEP = "\0"


def _read_segment(path: Path) -> list[tuple[str, str]]:
    """The (key, node JSON) pairs of a segment file `_cache_segments` wrote."""
    parts = path.read_bytes().decode("utf-8").split(_SEP)
    return list(zip(parts[0:-1:2], parts[1:-1:2], strict=True))


def _cache_segments(nt_path: Path, folder: Path) -> Iterator[tuple[Path, list[str]]]:
    """(file, node keys) per segment of the sorted N-Triples file, in order; each segment's
    nodes made once and kept in `folder` under its bytes' hash.

    A rebuild after an edit makes the nodes of the segments the edit touched; the rest are read
    back. Files in `folder` this file did not use are removed at the end. `folder` must be one
    for this code (the caller keys it by the code's version).
    """
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for seg in _node_segments(nt_path):
        name = hashlib.blake2b(seg, digest_size=20).hexdigest()
        path = folder / name
        try:
            nodes = _read_segment(path)
        except FileNotFoundError:
            nodes = _segment_nodes(seg.decode("utf-8"))
            write_atomic(path, "".join(f"{k}{_SEP}{t}{_SEP}" for k, t in nodes).encode("utf-8"))
        used.add(name)
        yield path, [k for k, _ in nodes]
    for p in folder.iterdir():
        if p.name not in used:
            p.unlink(missing_ok=True)


_ORDER_CHUNK = 1 << 20
"""Node keys `_sorted_keys` holds in memory; beyond that it spills sorted runs to disk."""


def _spill_sorted(keys: set[str], folder: Path) -> IO[str]:
    """`keys`, sorted, one a line, in an anonymous temporary file (rewound)."""
    fh = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=folder)
    fh.writelines(k + "\n" for k in sorted(keys))
    fh.seek(0)
    return fh


def _sorted_keys(batches: Iterable[list[str]], spill_dir: Path, chunk: int) -> Generator[str, None, None]:
    """The distinct keys of `batches`, sorted (a key holds no newline).

    More than `chunk` distinct keys are sorted in runs spilled to `spill_dir` and merged, so
    memory stays flat however large the graph is (a corpus has millions of subjects).
    """
    keys: set[str] = set()
    runs: list[IO[str]] = []
    try:
        for batch in batches:
            keys.update(batch)
            if len(keys) >= chunk:
                runs.append(_spill_sorted(keys, spill_dir))
                keys = set()
        if not runs:
            yield from sorted(keys)
            return
        if keys:
            runs.append(_spill_sorted(keys, spill_dir))
            keys = set()
        last = None
        for line in heapq.merge(*runs):
            if line != last:  # a key in two runs
                yield line[:-1]
                last = line
    finally:
        for run in runs:
            run.close()


def write_jsonld(
    nt_path: Path, out: Path, context_path: Path | None = None, cache: Path | None = None
) -> None:
    """Write `to_jsonld` of the sorted N-Triples file `nt_path` to `out`, streaming.

    With `cache`, a folder kept between builds, the nodes of unchanged stretches of the file are
    read back from it instead of being made again (`_cache_segments`); without, a temporary
    folder next to `out` holds them while the file is written.

    The file is sorted by `<IRI> ...` line, `to_jsonld` sorts nodes by compact IRI: the two orders
    differ where one IRI extends another (`.../block/10` comes before `.../block/1` in the file).
    So a first pass makes the segments' nodes and lists their keys, which sorted give the final
    order; the second reads the segments back and holds back only the nodes that arrive early (a
    document's sub-nodes until the document node: bounded).
    """
    context: Any = {k: v for k, v in PREFIXES.items()}
    if context_path is not None and context_path.is_file():
        context = json.loads(context_path.read_text(encoding="utf-8")).get("@context", context)
    ctx = json.dumps(context, ensure_ascii=False, indent=1).replace("\n", "\n ")
    with tempfile.TemporaryDirectory(prefix=".jsonld-", dir=out.parent) as tmp:
        folder = cache if cache is not None else Path(tmp)
        files: list[Path] = []

        def keys() -> Iterator[list[str]]:
            for path, batch in _cache_segments(nt_path, folder):
                files.append(path)
                yield batch

        waiting: dict[str, str] = {}
        written = 0
        with (
            closing(_sorted_keys(keys(), Path(tmp), _ORDER_CHUNK)) as order,
            out.open("w", encoding="utf-8", newline="\n") as fh,
        ):
            nxt = next(order, None)  # the first pass runs here, to its end
            fh.write('{\n "@context": ' + ctx + ',\n "@graph": [')
            for path in files:
                for key, text in _read_segment(path):
                    waiting[key] = text
                    while nxt is not None and nxt in waiting:
                        fh.write(("\n  " if not written else ",\n  ") + waiting.pop(nxt))
                        written += 1
                        nxt = next(order, None)
            assert not waiting and nxt is None, "N-Triples file not sorted"
            fh.write("\n ]\n}\n" if written else "]\n}\n")


class SortedRun:
    """A sorted run of unique N-Quads lines: in memory, or a file read a chunk at a time."""

    CHUNK = 1 << 16

    def __init__(self, lines: list[str] | None = None, path: Path | None = None) -> None:
        self.lines: list[str] = lines if lines is not None else []
        self.pos = 0
        self.path = path
        self.offset = 0
        if path is not None:
            self._fill()

    def _fill(self) -> bool:
        """Read the next chunk of the file (whole lines); False when the file is exhausted."""
        if self.path is None:
            return False
        with self.path.open("rb") as fh:
            fh.seek(self.offset)
            data = fh.read(self.CHUNK)
            if data and not data.endswith(b"\n"):
                data += fh.readline()
        if not data:
            self.path = None
            return False
        self.offset += len(data)
        self.lines, self.pos = data.decode("utf-8").splitlines(keepends=True), 0
        return True

    def head(self) -> str | None:
        """The next line, or None at the end."""
        if self.pos >= len(self.lines) and not self._fill():
            return None
        return self.lines[self.pos]


def merge_runs(runs: Iterable[SortedRun]) -> Iterator[list[str]]:
    """Merge sorted runs into one sorted stream of unique lines, yielded in blocks.

    Per-document runs occupy mostly disjoint ranges (every subject of a document's graph is under
    its `.../doc/<id>` IRI), so whole blocks move between switches and the cost is per switch,
    not per line.
    """
    heap: list[tuple[str, int]] = []
    live = list(runs)
    for i, r in enumerate(live):
        h = r.head()
        if h is not None:
            heap.append((h, i))
    heapq.heapify(heap)
    last = None
    while heap:
        _h, i = heapq.heappop(heap)
        r = live[i]
        bound = heap[0][0] if heap else None
        while True:
            end = len(r.lines) if bound is None else bisect.bisect_right(r.lines, bound, r.pos)
            block = r.lines[r.pos : end]
            r.pos = end
            if block and block[0] == last:  # the same quad in two runs: keep one
                block = block[1:]
            if block:
                last = block[-1]
                yield block
            if end < len(r.lines):
                break
            h = r.head()
            if h is None or (bound is not None and h > bound):
                break
        h = r.head()
        if h is not None:
            heapq.heappush(heap, (h, i))


_GRAPH_TAIL = re.compile(r" <[^ \n]*> \.\n")


def _drop_graph(line: str) -> str:
    """An N-Quads line as an N-Triples line: `_GRAPH_TAIL` removed, found without a regex scan.

    The graph term ends the line and holds no space, so it starts after the last space.
    """
    cut = line.rfind(" ", 0, len(line) - 3)
    if line.endswith("> .\n") and line.startswith(" <", cut) and "\n" not in line[cut:-1]:
        return line[:cut] + " .\n"
    return _GRAPH_TAIL.sub(" .\n", line)


drop_graph = _drop_graph
"""An N-Quads line as the N-Triples line of its triple."""


def write_quads_and_triples(runs: Iterable[SortedRun], nq_out: Path, nt_out: Path) -> tuple[int, int]:
    """Stream the merged runs to N-Quads and (graph dropped, de-duplicated) N-Triples files.

    Sorted quad lines give sorted triple lines with duplicates adjacent (a term never ends where a
    longer term continues with a space), so this equals `triples_from_quads` of the merge.

    Returns:
        (number of quads, number of triples).
    """
    quads = triples = 0
    last = ""
    with (
        nq_out.open("w", encoding="utf-8", newline="\n") as nq,
        nt_out.open("w", encoding="utf-8", newline="\n") as nt,
    ):
        for block in merge_runs(runs):
            text = "".join(block)
            nq.write(text)
            quads += len(block)
            one = _one_graph(block, text)
            if one is not None:  # no duplicate triple inside: the quads are distinct
                first, body = _drop_graph(block[0]), one
                n = len(block)
                if first == last:
                    body, n = body[len(first) :], n - 1
                if n:
                    last = _drop_graph(block[-1])
                    nt.write(body)
                    triples += n
                continue
            lines = list(dict.fromkeys(map(_drop_graph, block)))
            if lines and lines[0] == last:
                lines = lines[1:]
            if lines:
                last = lines[-1]
                nt.writelines(lines)
                triples += len(lines)
    return quads, triples


def _one_graph(block: list[str], text: str) -> str | None:
    """`text` (the lines of `block`) as N-Triples when every line is in the same graph, else None.

    A block mostly comes from one document's run: one graph, whose tail (" <graph> .\\n") is cut
    from every line at once. The tail ends in the newline, so it is found at line ends only.
    """
    first = block[0]
    tail = first[first.rfind(" ", 0, len(first) - 3) :]
    if not (tail.startswith(" <") and tail.endswith("> .\n")) or text.count(tail) != len(block):
        return None
    return text.replace(tail, " .\n")
