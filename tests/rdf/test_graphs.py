"""Named graphs: reference facts live in the reference graph only, so union queries see each once."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from kg.model import CountryMention, Doc, EntityMention, Evidence, Span
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, to_triples

KG = "https://unkg.org/ontology#"
ORG = "http://www.w3.org/ns/org#"


def _graphs(nq: Path) -> dict[str, set[tuple[str, str, str]]]:
    graphs: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for q in ox.parse(path=nq, format=ox.RdfFormat.N_QUADS):
        graphs[str(q.graph_name)].add((str(q.subject), str(q.predicate), str(q.object)))
    return graphs


def test_document_graphs_repeat_no_reference_fact(sample_build: Path) -> None:
    graphs = _graphs(sample_build / "graph.nq")
    reference = graphs.pop(f"<{mint.REFERENCE_GRAPH}>")
    described = {s for s, _p, _o in reference}
    for name, triples in graphs.items():
        repeated = sorted(triples & reference)
        assert not repeated, f"{name} repeats {len(repeated)} reference triples, e.g. {repeated[:3]}"
        about = sorted(t for t in triples if t[0] in described)
        assert not about, f"{name} describes reference nodes: {about[:3]}"


@pytest.mark.parametrize("cls", [f"{KG}Country", f"{KG}Region", f"{ORG}Organization"])
def test_union_graph_lists_each_reference_node_once(sample_build: Path, cls: str) -> None:
    store = ox.Store()
    store.bulk_load(path=sample_build / "graph.nq", format=ox.RdfFormat.N_QUADS)
    rows = [
        str(s["x"])
        for s in store.query(f"SELECT ?x WHERE {{ ?x a <{cls}> }}", use_default_graph_as_union=True)
    ]
    assert rows, f"no {cls} in the sample"
    twice = [x for x, n in Counter(rows).items() if n > 1]
    assert not twice, f"{len(twice)} nodes listed more than once, e.g. {twice[:3]}"


def test_mention_types_only_nodes_the_reference_graph_does_not_describe(peace_report: Doc) -> None:
    """An entity outside the gazetteer (e.g. from an open-class recogniser) keeps its type."""
    ev = Evidence(peace_report.id, Span(0, 2), "test")
    known = EntityMention("ga", "大会", "General Assembly", "GA", "principal-organ", "大会", ev)
    unknown = EntityMention("not-in-gazetteer", "某组织", "Some body", None, "other", "某组织", ev)
    country = CountryMention("CHN", "中国", "China", "中国", ev)
    ctx = MappingContext(peace_report, mint.run("test"), records=(known, unknown, country))
    triples = {t for r in (known, unknown, country) for t in to_triples(r, ctx)}
    types = {(str(s), str(o)) for s, p, o in triples if p == RDF.type}
    assert (str(mint.entity("not-in-gazetteer")), f"{ORG}Organization") in types
    assert (str(mint.entity("ga")), f"{ORG}Organization") not in types
    assert (str(mint.country("CHN")), f"{KG}Country") not in types
    assert (mint.document(peace_report.id), URIRef(f"{KG}mentionsEntity"), mint.entity("ga")) in triples
