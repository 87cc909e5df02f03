"""The one place that writes RDF terms in N-Triples form (used by the exports and the mapping).

`kg.export.serialise.nt_term` writes rdflib terms with these functions; the mapping's line path
(`kg.rdf.mapping.LineSink`) writes the terms of its high-volume triples with them directly, without
making rdflib terms first. Canonical forms only: an IRI as it is, a literal's lexical form with the
escapes N-Triples needs, no `^^xsd:string`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from rdflib import Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"

_ESC_CHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESC_RE = re.compile(r'[\\"\n\r\t]')


def _esc(m: re.Match[str]) -> str:
    return _ESC_CHAR[m.group()]


def escape(s: str) -> str:
    """A literal's lexical form escaped for N-Triples; a regex finds the rare characters to escape
    far faster than `str.translate` in CJK text.

    Example:
        >>> escape('a"b\\\\c\\n')
        'a\\\\"b\\\\\\\\c\\\\n'
    """
    return _ESC_RE.sub(_esc, s) if _ESC_RE.search(s) else s


def iri(value: str) -> str:
    """An IRI term (`value` must be a valid IRI: minted ones are, see `kg.rdf.mint`)."""
    return f"<{value}>"


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal term: plain, language-tagged (`lang`, written as given) or typed (`datatype`).

    `lexical` is written as it is: canonical forms are the caller's (`integer`, `boolean`).

    Example:
        >>> literal("联合国", lang="zh"), literal("7", XSD_INTEGER), literal("x", XSD_STRING)
        ('"联合国"@zh', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>', '"x"')
    """
    body = f'"{escape(lexical)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype and datatype != XSD_STRING:
        return f"{body}^^<{datatype}>"
    return body


INTEGER_TAIL = f'"^^<{XSD_INTEGER}>'
"""What follows the digits in an `integer` literal: `f'"{n}{INTEGER_TAIL}'` is `integer(n)` for an
`int` n (not a bool), without the call (the line path writes several offsets per line it writes)."""


def integer(n: int) -> str:
    """The canonical `xsd:integer` literal of `n` (what `kg.rdf.mapping.lit(n)` writes)."""
    return f'"{int(n)}"^^<{XSD_INTEGER}>'


def boolean(b: bool) -> str:
    """The canonical `xsd:boolean` literal of `b`."""
    return f'"{"true" if b else "false"}"^^<{XSD_BOOLEAN}>'


def term(t: URIRef | Literal) -> str:
    """An rdflib term in canonical N-Triples form.

    Example:
        >>> term(Literal("a\\nb", lang="zh")), term(URIRef("https://unkg.org/id/x"))
        ('"a\\\\nb"@zh', '<https://unkg.org/id/x>')
    """
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        dt = t.datatype
        return literal(str(t), None if dt is None else str(dt), t.language)
    raise TypeError(f"blank nodes and {type(t).__name__} are not exported; mint an IRI in kg/rdf/mint.py")


def quad_line(s: Any, p: Any, o: Any, tail: str) -> str:
    """The N-Quads line of one rdflib triple; `tail` is the graph's ` <graph> .` and the newline."""
    if type(s) is URIRef and type(p) is URIRef:  # nearly always: skip two calls
        return f"<{s}> <{p}> <{o}>{tail}" if type(o) is URIRef else f"<{s}> <{p}> {term(o)}{tail}"
    return f"{term(s)} {term(p)} {term(o)}{tail}"


def quad_lines(triples: Iterable[tuple[Any, Any, Any]], graph: URIRef) -> Iterator[str]:
    """N-Quads lines for rdflib triples in named graph `graph`."""
    g = f" <{graph}> .\n"
    for s, p, o in triples:
        if type(s) is URIRef and type(p) is URIRef:  # nearly always: skip two calls per line
            yield f"<{s}> <{p}> <{o}>{g}" if type(o) is URIRef else f"<{s}> <{p}> {term(o)}{g}"
        else:
            yield f"{term(s)} {term(p)} {term(o)}{g}"


_LINE = re.compile(
    r'<([^>]*)> <([^>]*)> (?:<([^>]*)>|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)'
    r"(?: <([^>]*)>)? \.\n?"
)
_UNESC = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r", "\\t": "\t"}
_UNESC_RE = re.compile(r'\\[\\"nrt]')


def unescape(s: str) -> str:
    """The inverse of `escape`.

    Example:
        >>> unescape(escape('a"b\\\\c\\n')) == 'a"b\\\\c\\n'
        True
    """
    return _UNESC_RE.sub(lambda m: _UNESC[m.group()], s) if "\\" in s else s


_uri = str.__new__
"""`URIRef(value)` without rdflib's scan for characters an IRI cannot hold: for IRIs read back
from lines these functions wrote (what they write is valid, see `kg.rdf.mint`)."""


@lru_cache(maxsize=1 << 14)  # kinds, rules, labels and small numbers recur across a document's lines
def _read_literal(lexical: str, lang: str | None, datatype: str | None) -> Literal:
    return Literal(unescape(lexical), lang=lang, datatype=_uri(URIRef, datatype) if datatype else None)


def parse_line(line: str) -> tuple[URIRef, URIRef, URIRef | Literal, URIRef | None]:
    """Read back one line these functions wrote (N-Triples or N-Quads; no blank nodes) as rdflib
    terms: subject, predicate, object and graph (None in an N-Triples line).

    Raises:
        ValueError: the line is not in the form these functions write.

    Example:
        >>> s, p, o, g = parse_line('<https://x/a> <https://x/p> "联合国"@zh <https://x/g> .\\n')
        >>> o.language, str(g)
        ('zh', 'https://x/g')
    """
    m = _LINE.fullmatch(line)
    if m is None:
        raise ValueError(f"not an N-Triples/N-Quads line of unkg's canonical form: {line!r}")
    s, p, o_iri, lexical, lang, datatype, graph = m.groups()
    uri = _uri
    o = uri(URIRef, o_iri) if o_iri is not None else _read_literal(lexical, lang, datatype)
    return uri(URIRef, s), uri(URIRef, p), o, uri(URIRef, graph) if graph is not None else None


def read_triples(lines: Iterable[str]) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples of lines these functions wrote (graphs dropped), by `parse_line`.

    Raises:
        ValueError: a line is not in the form these functions write.

    Example:
        >>> [(str(s), o.language) for s, _p, o in read_triples(['<https://x/a> <https://x/p> "联"@zh .\\n'])]
        [('https://x/a', 'zh')]
    """
    for line in lines:
        s, p, o, _graph = parse_line(line)
        yield s, p, o
