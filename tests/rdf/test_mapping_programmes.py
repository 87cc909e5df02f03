"""RDF mapping of programme-plan records (kg/rdf/mapping/programmes.py), queried with SPARQL."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Graph, URIRef

from kg.extract import DEFAULT_OPTIONS
from kg.extract.programmes import extract_programmes
from kg.model import Doc, Mandate
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, to_triples
from kg.reference import default_resources

RES = default_resources()

PREFIXES = """
PREFIX kg: <https://unkg.org/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""


@pytest.fixture(scope="module")
def plan_graph(programme_plan: Doc) -> tuple[Graph, tuple[Any, ...]]:
    records = extract_programmes(programme_plan, DEFAULT_OPTIONS, RES).records
    ctx = MappingContext(programme_plan, mint.run("test"), records=records)
    g = Graph()
    for r in records:
        for t in to_triples(r, ctx):
            g.add(t)
    return g, records


def test_mapping_which_programmes_does_a_res_70_1_mandate(plan_graph: tuple[Graph, tuple[Any, ...]]) -> None:
    g, records = plan_graph
    rows = g.query(
        PREFIXES
        + """SELECT DISTINCT ?n WHERE {
             ?p a kg:Programme ; kg:programmeNumber ?n ; kg:mandatedBy ?r .
             ?r kg:symbol "A/RES/70/1" } ORDER BY ?n"""
    )
    got = [int(row[0]) for row in rows]  # type: ignore[index]
    expected = sorted({m.programme for m in records if isinstance(m, Mandate) and m.key == "A/RES/70/1"})
    assert got == expected == [7, 11, 14, 15, 18, 20, 21, 23]


def test_mapping_which_resolutions_mandate_programme_14(plan_graph: tuple[Graph, tuple[Any, ...]]) -> None:
    g, records = plan_graph
    rows = g.query(
        PREFIXES
        + """SELECT DISTINCT ?s WHERE {
             ?p a kg:Programme ; kg:programmeNumber 14 ; kg:mandatedBy ?r . ?r kg:symbol ?s }"""
    )
    got = {str(row[0]) for row in rows}  # type: ignore[index]
    expected = {m.key for m in records if isinstance(m, Mandate) and m.programme == 14 and m.key}
    assert got == expected
    assert {"A/RES/70/1", "S/RES/1325(2000)", "E/DEC/2005/232", "E/RES/76(V)"} <= got


def test_mapping_qualified_citation_carries_span_and_kind(plan_graph: tuple[Graph, tuple[Any, ...]]) -> None:
    g, _ = plan_graph
    rows = list(
        g.query(
            PREFIXES
            + """SELECT ?start ?end ?kind ?printed WHERE {
                 ?c a kg:MandateCitation ; oa:hasBody ?r ; kg:mandatedPlan ?plan ; kg:mandateKind ?kind ;
                    kg:printedAs ?printed ; kg:start ?start ; kg:end ?end .
                 ?r kg:symbol "S/PRST/2015/23" }"""
        )
    )
    assert len(rows) == 1
    start, end, kind, printed = rows[0]  # type: ignore[misc]
    assert str(printed) == "S/PRST/2015/23" and str(kind).endswith("presidential-statement")


def test_mapping_component_mandates_reach_the_programme(plan_graph: tuple[Graph, tuple[Any, ...]]) -> None:
    g, _ = plan_graph
    plan_doc = next(iter(g.subjects(predicate=URIRef("https://unkg.org/ontology#componentKey"))))
    assert "/programme/" in str(plan_doc)
    ask = g.query(
        PREFIXES
        + """ASK { ?c a kg:ProgrammeComponent ; kg:componentKey "C" ; kg:mandatedBy ?r ; dct:isPartOf ?p .
                   ?p kg:programmeNumber 25 ; kg:mandatedBy ?r ; dct:hasPart ?c . ?r kg:symbol "A/RES/69/262" }"""
    )
    assert ask.askAnswer


def test_mapping_subprogrammes_are_parts_and_deliverables_observations(
    plan_graph: tuple[Graph, tuple[Any, ...]],
) -> None:
    g, _ = plan_graph
    rows = list(
        g.query(
            PREFIXES
            + """SELECT ?q WHERE {
                 ?p kg:programmeNumber 1 ; dct:hasPart ?c . ?c kg:componentKey "geneva" ; dct:hasPart ?s .
                 ?s kg:subprogrammeNumber 3 .
                 ?o a qb:Observation ; kg:plan ?s ; kg:deliverableLabel ?l ; kg:refYear 2018 ;
                    kg:figureKind "actual" ; kg:quantity ?q . FILTER(STR(?l) = "会议文件服务(千字)") }"""
        )
    )
    assert [int(r[0]) for r in rows] == [71946]  # type: ignore[index]


def test_mapping_every_deliverable_observation_is_in_a_data_set(
    plan_graph: tuple[Graph, tuple[Any, ...]],
) -> None:
    g, _records = plan_graph
    rows = list(
        g.query(
            PREFIXES
            + """SELECT ?o ?ds ?dsd WHERE { ?o a qb:Observation .
                 OPTIONAL { ?o qb:dataSet ?ds . ?ds a qb:DataSet ; qb:structure ?dsd } }"""
        )
    )
    assert rows, "the programme plan has deliverable figures"
    missing = [str(r[0]) for r in rows if r[1] is None]  # type: ignore[index]
    assert not missing, f"{len(missing)} observations without a qb:DataSet, e.g. {missing[:2]}"
    assert {r[2] for r in rows} == {URIRef("https://unkg.org/ontology#DeliverablesStructure")}  # type: ignore[index]


def test_mapping_every_mandating_work_is_described_like_a_cited_one(
    plan_graph: tuple[Graph, tuple[Any, ...]],
) -> None:
    # a work named only in a mandate table is still a typed work with its kind and organ: a query
    # for "resolutions that mandate programme 14" must not depend on a citation elsewhere
    g, records = plan_graph
    untyped = g.query(
        PREFIXES
        + """SELECT DISTINCT ?s WHERE { ?p kg:mandatedBy ?r . ?r kg:symbol ?s .
             FILTER NOT EXISTS { ?r a kg:UNDocument ; kg:documentKind ?k } }"""
    )
    assert [str(row[0]) for row in untyped] == []  # type: ignore[index]
    rows = g.query(
        PREFIXES
        + """SELECT DISTINCT ?s WHERE {
             ?p a kg:Programme ; kg:programmeNumber 14 ; kg:mandatedBy ?r .
             ?r a kg:Resolution ; kg:symbol ?s ; kg:issuingOrgan ?organ }"""
    )
    got = {str(row[0]) for row in rows}  # type: ignore[index]
    assert {"A/RES/70/1", "S/RES/1325(2000)", "E/RES/76(V)"} <= got
    assert "E/DEC/2005/232" not in got  # a decision, typed kg:Decision
    keyed = {m.key for m in records if isinstance(m, Mandate) and m.key}
    assert len(keyed) > 100
