"""Ontology drift checks: vocab.py is generated from kg.ttl; every emitted kg: term is declared."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kg.paths import ontology_dir
from kg.rdf import mint
from kg.rdf.vocabgen import render


def test_vocab_module_is_up_to_date() -> None:
    generated = Path(__file__).resolve().parents[2] / "kg" / "rdf" / "vocab.py"
    assert generated.read_text(encoding="utf-8") == render(), "run `python -m kg.rdf.vocabgen`"


def test_every_emitted_kg_term_is_declared(sample_build: Path) -> None:
    ont = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    declared = {s for s in ont.subjects() if isinstance(s, URIRef)}
    g = Graph().parse(sample_build / "graph.nt", format="nt")
    used = {p for p in g.predicates() if str(p).startswith(mint.ONTOLOGY)}
    used |= {o for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(mint.ONTOLOGY)}
    assert used, "the sample graph uses no project terms?"
    assert used <= declared, sorted(str(t) for t in used - declared)


def test_ontology_and_shapes_parse() -> None:
    from rdflib.namespace import OWL, RDF, SH

    g = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    assert len(set(g.subjects(RDF.type, OWL.Class))) > 20  # the terms
    assert len(set(g.subjects(RDF.type, SH.NodeShape))) > 15  # and the shapes, in the same file


def test_packaged_ontology_points_at_the_same_files() -> None:
    packaged = Path(__file__).resolve().parents[2] / "kg" / "data" / "ontology"
    assert (packaged / "kg.ttl").read_bytes() == (ontology_dir() / "kg.ttl").read_bytes()
