"""SHACL shapes of works, plans, mandate rows and what mentions point at (the shapes section of ontology/kg.ttl).

Each shape is checked both ways on a small plan mapped from a synthetic text: the mapped graph
conforms, and the graph with one statement taken away (the way a mapping bug would lose it) is
reported, with the focus node and the path of the missing statement.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.extract import DEFAULT_OPTIONS, run_extractors
from kg.ingest.normalise import normalise_text
from kg.rdf import mint
from kg.rdf.mapping import (
    MappingContext,
    document_triples,
    lit,
    reference_triples,
    run_triples,
    to_triples,
)
from kg.rdf.mapping.codes import code_scheme_triples
from kg.rdf.namespaces import ORG
from kg.rdf.validate import validate_graph
from kg.rdf.vocab import KG
from kg.reference import default_resources
from tests.extract.test_programmes import PLAN

Triple = tuple[URIRef, URIRef, object]


@lru_cache(maxsize=1)
def _plan_triples() -> tuple[Triple, ...]:
    doc = normalise_text(PLAN, "plan")
    records, _ = run_extractors(doc, DEFAULT_OPTIONS, default_resources())
    ctx = MappingContext(doc, mint.run("test"), records=records)
    run = run_triples(ctx.run, "test", [doc.id])
    mapped = [*run, *document_triples(ctx), *code_scheme_triples()]  # the codes the plan points at
    for r in records:
        mapped.extend(to_triples(r, ctx))
    return tuple(mapped)  # type: ignore[arg-type]


def _violations(keep: Callable[[Triple], bool] = lambda t: True) -> list[tuple[str, str]]:
    """(focus node, result path) of every violation of the plan graph, less what `keep` drops."""
    g = Graph()
    for t in _plan_triples():
        if keep(t):
            g.add(t)  # type: ignore[arg-type]
    text = validate_graph(g).text
    out = []
    for block in text.split("Constraint Violation")[1:]:
        focus = block.split("Focus Node: ", 1)[1].split("\n", 1)[0].strip()
        path = (
            block.split("Result Path: ", 1)[1].split("\n", 1)[0].strip() if "Result Path: " in block else ""
        )
        out.append((focus, path))
    return sorted(out)


def _subject(cls: URIRef) -> URIRef:
    return next(s for s, p, o in _plan_triples() if p == RDF.type and o == cls)


def test_shapes_accept_the_mapped_plan() -> None:
    classes = {o for _s, p, o in _plan_triples() if p == RDF.type}
    # the plan has every node the shapes below are about
    assert {
        KG.Programme,
        KG.ProgrammeComponent,
        KG.Subprogramme,
        KG.MandateCitation,
        KG.UNDocument,
    } <= classes
    assert _violations() == []


def test_shapes_reject_a_mandating_work_that_is_not_described() -> None:
    # a mandate table row whose work has only its symbol (no type, no kind) must not pass
    work = mint.work("A/RES/70/1")
    assert (work, RDF.type, KG.UNDocument) in _plan_triples()
    got = _violations(lambda t: not (t[0] == work and t[1] in (RDF.type, KG.documentKind)))
    assert got == [
        ("<https://unkg.org/id/doc/plan/programme/1>", "kg:mandatedBy"),  # ProgrammeShape: sh:class
        (f"<{work}>", ""),  # WorkShape reaches it as an object of kg:mandatedBy: sh:class
        (f"<{work}>", "kg:documentKind"),
    ]


@pytest.mark.parametrize(
    ("cls", "path", "shown"),
    [
        (KG.Programme, KG.programmeNumber, "kg:programmeNumber"),
        (KG.Programme, KG.describedIn, "kg:describedIn"),
        (KG.ProgrammeComponent, KG.componentKey, "kg:componentKey"),
        (KG.ProgrammeComponent, DCTERMS.isPartOf, "dct:isPartOf"),
        (KG.Subprogramme, KG.subprogrammeNumber, "kg:subprogrammeNumber"),
        (KG.Subprogramme, DCTERMS.isPartOf, "dct:isPartOf"),
        (KG.MandateCitation, KG.mandatedPlan, "kg:mandatedPlan"),
        (KG.MandateCitation, KG.mandateKind, "kg:mandateKind"),
        (KG.UNDocument, KG.symbol, "kg:symbol"),
    ],
)
def test_shapes_reject_a_plan_node_missing_a_required_statement(
    cls: URIRef, path: URIRef, shown: str
) -> None:
    node = _subject(cls)
    got = _violations(lambda t: not (t[0] == node and t[1] == path))
    assert (f"<{node}>", shown) in got


def test_shapes_reject_a_subprogramme_with_two_numbers() -> None:
    g = Graph()
    for t in _plan_triples():
        g.add(t)  # type: ignore[arg-type]
    sub = _subject(KG.Subprogramme)
    g.add((sub, KG.subprogrammeNumber, lit(99)))
    result = validate_graph(g)
    assert result.violations == 1 and f"Focus Node: <{sub}>" in result.text


@pytest.fixture(scope="module")
def reference_graph() -> Graph:
    g = Graph()
    for t in reference_triples():
        g.add(t)
    return g


def test_shapes_accept_the_reference_graph_and_reject_an_unlabelled_body(reference_graph: Graph) -> None:
    assert validate_graph(reference_graph).violations == 0
    undp, region = mint.entity("undp"), next(reference_graph.subjects(RDF.type, KG.Region))
    g = Graph()
    for t in reference_graph:
        if not (t[0] in (undp, region) and t[1] == SKOS.prefLabel):
            g.add(t)
    result = validate_graph(g)
    assert (undp, RDF.type, ORG.Organization) in reference_graph
    assert result.violations == 2, result.text
    assert f"Focus Node: <{undp}>" in result.text and f"Focus Node: <{region}>" in result.text
