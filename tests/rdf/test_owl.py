"""OWL RL: the ontology and a sample of the data are consistent (no owl:Nothing, no clash)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from kg.paths import ontology_dir
from kg.rdf import mint

AXIOMS = Path(__file__).resolve().parents[1] / "data" / "frbr-fabio-axioms.ttl"


def _inconsistencies(g: Graph) -> list[str]:
    owlrl = pytest.importorskip("owlrl", reason="owlrl is in the test extra: pip install -e '.[test]'")
    from owlrl.Namespaces import ERRNS

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    found = [str(m) for e in g.subjects(RDF.type, ERRNS.ErrorMessage) for m in g.objects(e, ERRNS.error)]
    found += [f"{s} is owl:Nothing" for s in g.subjects(RDF.type, OWL.Nothing)]
    return sorted(found)


def _sample(nq: Path, graphs: set[str]) -> Graph:
    """The triples of the named graphs `graphs` of an N-Quads file as an rdflib graph."""
    g = Graph()
    for q in ox.parse(path=nq, format=ox.RdfFormat.N_QUADS):
        if q.graph_name.value in graphs:
            o = q.object
            obj = (
                URIRef(o.value)
                if isinstance(o, ox.NamedNode)
                else Literal(o.value, lang=o.language)
                if o.language
                else Literal(o.value, datatype=URIRef(o.datatype.value))
            )
            g.add((URIRef(q.subject.value), URIRef(q.predicate.value), obj))
    return g


def test_owl_rl_finds_the_ontology_consistent() -> None:
    g = Graph().parse(ontology_dir() / "kg.ttl").parse(AXIOMS)
    assert _inconsistencies(g) == []


def test_owl_rl_finds_a_document_graph_with_the_reference_graph_consistent(small_build: Path) -> None:
    graphs = {
        q.graph_name.value for q in ox.parse(path=small_build / "graph.nq", format=ox.RdfFormat.N_QUADS)
    }
    doc_graphs = sorted(g for g in graphs if g not in (str(mint.REFERENCE_GRAPH), str(mint.RUN_GRAPH)))
    assert doc_graphs
    g = _sample(small_build / "graph.nq", {doc_graphs[0], str(mint.REFERENCE_GRAPH)})
    g.parse(ontology_dir() / "kg.ttl").parse(AXIOMS)
    assert _inconsistencies(g) == []


def test_owl_rl_reports_a_work_typed_as_an_expression() -> None:
    g = Graph().parse(ontology_dir() / "kg.ttl").parse(AXIOMS)
    x = URIRef(mint.document("x"))
    g.add((x, RDF.type, URIRef("https://unkg.org/ontology#SourceDocument")))
    g.add((x, RDF.type, URIRef("https://unkg.org/ontology#Report")))
    assert _inconsistencies(g), "the reasoner should see a work that is also an expression"
