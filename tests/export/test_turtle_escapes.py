"""Turtle and TriG exports that every parser reads as the N-Quads say (no `\\/` in prefixed names).

A prefixed name such as `id:doc\\/x` is valid Turtle, but Virtuoso's bulk loader keeps the
backslash, so the loaded IRIs match nothing: exports write full IRIs where a local name would need
an escape.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export.serialise import to_trig, to_turtle

_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def _outside_strings(text: str) -> str:
    return _STRING.sub('""', text)


def _triples(path: Path, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(path=path, format=fmt)}


def _quads(path: Path, fmt: ox.RdfFormat) -> set[tuple[str, str, str, str]]:
    return {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in ox.parse(path=path, format=fmt)
    }


def test_turtle_writes_no_escape_in_a_name() -> None:
    lines = [
        '<https://unkg.org/id/doc/x/block/1> <http://www.w3.org/2000/01/rdf-schema#label> "a\\\\b" .\n',
        "<https://unkg.org/id/document/S-RES-1325(2000)> <https://unkg.org/ontology#symbol> <https://unkg.org/id/code/body/SC> .\n",
    ]
    for text in (
        to_turtle(lines).decode(),
        to_trig([x[:-3] + " <https://unkg.org/id/graph/x> .\n" for x in lines]).decode(),
    ):
        assert "\\" not in _outside_strings(text), text
        assert "a\\\\b" in text  # literals keep their escapes


@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig"])
def test_exports_name_no_term_with_a_backslash_escape(small_build: Path, name: str) -> None:
    text = _outside_strings((small_build / name).read_text(encoding="utf-8"))
    at = text.find("\\")
    assert at < 0, f"{name}: escape in a name: {text[max(0, at - 60) : at + 40]!r}"


def test_exports_turtle_and_trig_parse_to_the_nquads_with_rdflib(small_build: Path) -> None:
    from rdflib import Dataset, Graph

    nq = _quads(small_build / "graph.nq", ox.RdfFormat.N_QUADS)
    ttl = Graph().parse(small_build / "graph.ttl", format="turtle")
    assert {(s.n3(), p.n3(), o.n3()) for s, p, o in ttl} == {
        (ox_nt(s), ox_nt(p), ox_nt(o)) for s, p, o, _g in nq
    }
    ds = Dataset().parse(small_build / "graph.trig", format="trig")
    got = {(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in ds.quads() if g is not None}
    assert got == {(ox_nt(s), ox_nt(p), ox_nt(o), ox_nt(g)) for s, p, o, g in nq}


def ox_nt(term: str) -> str:
    """An oxigraph term string in rdflib's `n3()` form (xsd:string literals are written plain)."""
    return term.removesuffix("^^<http://www.w3.org/2001/XMLSchema#string>")


@pytest.mark.parametrize(
    ("name", "syntax", "out"), [("graph.ttl", "turtle", "ntriples"), ("graph.trig", "trig", "nquads")]
)
def test_exports_turtle_and_trig_parse_to_the_nquads_with_rapper(
    small_build: Path, tmp_path: Path, name: str, syntax: str, out: str
) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian package raptor2-utils) is not installed; .ci/run installs it")
    dump = tmp_path / f"{name}.{out}"
    with dump.open("wb") as fh:
        subprocess.run(
            [rapper, "-q", "-i", syntax, "-o", out, str(small_build / name)], stdout=fh, check=True
        )
    if out == "ntriples":
        assert _triples(dump, ox.RdfFormat.N_TRIPLES) == _triples(
            small_build / "graph.nt", ox.RdfFormat.N_TRIPLES
        )
    else:
        assert _quads(dump, ox.RdfFormat.N_QUADS) == _quads(small_build / "graph.nq", ox.RdfFormat.N_QUADS)
