"""Open-class organisations -> RDF (kg/rdf/mapping/organisations.py) and their IRIs."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from kg.extract import DEFAULT_OPTIONS
from kg.extract.entities import extract_entities
from kg.ingest.normalise import normalise_text
from kg.rdf import mint
from kg.rdf.mapping import ORG, MappingContext, ProvenanceProfile, to_triples
from kg.rdf.vocab import KG
from kg.reference import default_resources

RES = default_resources()


def _graph(text: str, provenance: ProvenanceProfile = "compact") -> Graph:
    doc = normalise_text(text, doc_id="t")
    records = extract_entities(doc, DEFAULT_OPTIONS, RES).records
    ctx = MappingContext(doc, mint.run("test"), records=records, provenance=provenance)
    g = Graph()
    for r in records:
        for triple in to_triples(r, ctx):
            g.add(triple)
    return g


def test_mapping_organisation_is_an_org_with_parent_type_and_confidence() -> None:
    g = _graph("东盟秘书处和东盟秘书处")
    o = mint.organisation("东盟秘书处")
    assert (o, RDF.type, ORG.Organization) in g
    assert (o, ORG.subOrganizationOf, mint.entity("asean")) in g
    assert (o, SKOS.prefLabel, Literal("东盟秘书处", lang="zh")) in g
    assert (o, DCTERMS.type, mint.entity_type("regional-organization")) in g
    assert (mint.document("t"), KG.mentionsEntity, o) in g
    confidences = set(g.objects(None, KG.confidence))
    assert confidences and all(c.datatype == XSD.decimal for c in confidences)
    assert sorted(int(n) for n in g.objects(None, KG.mentionCount)) == [2]
    assert not set(g.objects(None, KG.rule))  # the rule is stated in the full profile only
    rules = {str(r) for r in _graph("东盟秘书处和东盟秘书处", "full").objects(None, KG.rule)}
    assert rules == {"open:head#秘书处"}


def test_mapping_organisation_iris_are_injective_and_apart_from_entities() -> None:
    names = ["总干事/执行主任办公室", "总干事-执行主任办公室", "undp", "东盟秘书处"]
    iris = {mint.organisation(n) for n in names}
    assert len(iris) == len(names)
    assert mint.organisation("undp") != mint.entity("undp")
    assert mint.organisation("东盟秘书处") == mint.organisation("东盟秘书处")
