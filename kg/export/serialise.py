"""Export stage: N-Quads lines -> files (N-Quads, N-Triples, TriG, Turtle, JSON-LD), written atomically.

Determinism: every format is produced from the same sorted, de-duplicated N-Quads lines, and the
graph has no blank nodes, so the same input gives byte-identical files on every run and machine.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef

PREFIXES = {
    "kg": "https://unkg.org/ontology#",
    "id": "https://unkg.org/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "fabio": "http://purl.org/spar/fabio/",
    "frbr": "http://purl.org/vocab/frbr/core#",
    "qb": "http://purl.org/linked-data/cube#",
}

_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def nt_term(term: URIRef | Literal) -> str:
    """Encode an rdflib term in canonical N-Triples form.

    Example:
        >>> nt_term(Literal("a\\nb", lang="zh"))
        '"a\\\\nb"@zh'
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        body = '"' + str(term).translate(_ESC) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{body}^^<{term.datatype}>"
        return body
    raise TypeError(f"blank nodes and {type(term).__name__} are not exported; mint an IRI in kg/rdf/mint.py")


def quad_lines(triples: Iterable[tuple[Any, Any, Any]], graph: URIRef) -> Iterator[str]:
    """N-Quads lines for triples in named graph `graph`."""
    g = f"<{graph}>"
    for s, p, o in triples:
        yield f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {g} .\n"


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
    out = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert out is not None
    return out


def to_trig(nq_lines: list[str]) -> bytes:
    """TriG with the project prefixes, one block per named graph."""
    data = "".join(nq_lines).encode("utf-8")
    quads = ox.parse(data, format=ox.RdfFormat.N_QUADS)
    out = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    assert out is not None
    return out


def _compact(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and ":" not in iri[len(ns) :] and "/" not in iri[len(ns) :]:
            return f"{p}:{iri[len(ns) :]}"
    return iri


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
