"""Projections RDF -> networkx on hand-built graphs with known answers."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from kg.analyse import project
from kg.analyse.project import (
    PROJECTIONS,
    citation_network,
    co_mentions,
    entity_hierarchy,
    mandate_similarity,
    mention_graph,
    programme_mandates,
    read_labels,
    read_mentions,
)
from kg.rdf.vocab import KG
from tests.analyse.graphs import iri, small_world, store_from_turtle

P1, P2, P3 = (iri(f"doc/d2/programme/{n}") for n in (1, 2, 3))
R1, R2, R3, R4 = (iri(f"document/R{n}") for n in (1, 2, 3, 4))
CHN, FRA, USA = (iri(f"country/{c}") for c in ("CHN", "FRA", "USA"))
UNDP, UNICEF, UN = (iri(f"entity/{e}") for e in ("UNDP", "UNICEF", "UN"))
D1, D2 = iri("doc/d1"), iri("doc/d2")


def test_programme_mandates_is_bipartite_with_known_degrees() -> None:
    g = programme_mandates(small_world())
    assert nx.is_bipartite(g)
    assert {n for n, d in g.nodes(data="bipartite") if d == 0} == {P1, P2, P3}
    assert dict(g.degree([P1, P2, P3, R1, R2, R3, R4])) == {P1: 2, P2: 3, P3: 1, R1: 2, R2: 2, R3: 1, R4: 1}
    assert g.nodes[R1]["kind"] == "work" and g.nodes[R1]["key"] == "R1"
    assert g.nodes[P1]["label_zh"] == "方案1" and g.nodes[P1]["label_en"] == "Programme 1"
    assert g.nodes[P1]["key"] == "programme 1"


def test_mandate_similarity_weights_are_jaccard() -> None:
    sim = mandate_similarity(programme_mandates(small_world()))
    assert sorted(sim.nodes) == sorted([P1, P2, P3])
    assert sim.number_of_edges() == 1
    edge = sim.edges[P1, P2]
    assert edge["weight"] == pytest.approx(2 / 3)
    assert edge["shared"] == 2 and edge["shared_keys"] == "R1 R2"
    assert sim.degree(P3) == 0


def test_jaccard_known_values() -> None:
    assert project.jaccard({"a"}, {"a"}) == 1.0
    assert project.jaccard({"a"}, {"b"}) == 0.0
    assert project.jaccard(set(), set()) == 0.0


def test_citation_network_uses_realised_work_and_counts_mentions() -> None:
    g = citation_network(small_world())
    a1 = iri("document/A-1")
    assert g.has_edge(a1, R1) and g.edges[a1, R1]["weight"] == 2  # d1 is A/1 and cites R1 twice
    assert g.has_edge(D2, a1) and g.has_edge(D2, R1)
    assert not g.has_node(D1)
    assert g.has_edge(P1, R1) and g.nodes[P1]["kind"] == "programme"
    assert dict(g.in_degree([R1, R2, R3, R4, a1])) == {R1: 4, R2: 2, R3: 2, R4: 1, a1: 1}


def test_mention_graph_document_level_weights_are_mention_counts() -> None:
    g = mention_graph(small_world(), "country", "document")
    assert g.edges[D1, CHN]["weight"] == 2
    assert g.edges[D1, FRA]["weight"] == 1 and g.edges[D2, FRA]["weight"] == 1
    assert g.nodes[D1]["kind"] == "document" and g.nodes[CHN]["kind"] == "country"
    assert (
        g.nodes[CHN]["label_en"] == "China"
        and g.nodes[CHN]["label_zh"] == "中国"
        and g.nodes[CHN]["key"] == "CHN"
    )
    assert nx.is_bipartite(g)


def test_mention_graph_section_level_uses_the_governing_heading() -> None:
    g = mention_graph(small_world(), "country", "section")
    heading = iri("doc/d1/block/1")
    assert g.nodes[heading]["kind"] == "section" and g.nodes[heading]["label_zh"] == "一、导言"
    # b2 and b3 are governed by heading b1; mentions in b1 itself have no section -> the document
    assert g.edges[heading, CHN]["weight"] == 1 and g.edges[heading, FRA]["weight"] == 1
    assert g.edges[D1, CHN]["weight"] == 1 and g.edges[D1, USA]["weight"] == 1


def test_read_mentions_joins_continued_blocks_into_one_paragraph() -> None:
    rows = read_mentions(small_world(), "country")
    fra = next(r for r in rows if r.body == FRA and r.doc == D1)
    assert fra.block == iri("doc/d1/block/3") and fra.paragraph == iri("doc/d1/block/2")
    with pytest.raises(ValueError, match="unknown mention kind"):
        read_mentions(small_world(), "countries")  # type: ignore[arg-type]


def test_country_co_mentions_within_paragraphs() -> None:
    g = co_mentions(small_world(), ("country", "country"))
    # d1: b1 {CHN, USA}; b2+b3 one paragraph {CHN, FRA}; d2: b1 {CHN}, b2 {FRA}
    assert {frozenset(e) for e in g.edges} == {frozenset((CHN, USA)), frozenset((CHN, FRA))}
    assert g.edges[CHN, FRA]["weight"] == 1 and g.edges[CHN, USA]["weight"] == 1


def test_entity_country_co_mentions_only_link_across_kinds() -> None:
    g = co_mentions(small_world(), ("entity", "country"))
    assert {frozenset(e) for e in g.edges} == {frozenset((UNDP, CHN)), frozenset((UNDP, FRA))}
    assert g.nodes[UNDP]["kind"] == "entity"


def test_co_mentions_weight_counts_paragraphs() -> None:
    from tests.analyse.graphs import mention

    ttl = "".join(
        mention("country", f"country/{c}", "d", b) for b in (1, 2, 3) for c in ("AAA", "BBB")
    ) + mention("country", "country/CCC", "d", 3)
    g = co_mentions(store_from_turtle(ttl))
    assert g.edges[iri("country/AAA"), iri("country/BBB")]["weight"] == 3
    assert g.edges[iri("country/AAA"), iri("country/CCC")]["weight"] == 1


def test_entity_hierarchy_parent_to_child() -> None:
    g = entity_hierarchy(small_world())
    assert set(g.edges) == {(UN, UNDP), (UN, UNICEF)}
    assert g.nodes[UNDP]["mentions"] == 1 and g.nodes[UNICEF]["mentions"] == 0
    assert nx.is_arborescence(g)


def test_read_labels_prefers_tagged_labels_and_symbol_keys() -> None:
    labels = read_labels(small_world())
    assert labels[CHN].en == "China" and labels[CHN].zh == "中国" and labels[CHN].key == ""
    assert labels[R1].key == "R1" and labels[R1].display == "R1"
    assert labels[D1].key == "d1"


def test_projections_are_deterministic_and_write_graphml() -> None:
    store = small_world()
    labels = read_labels(store)
    for name, spec in PROJECTIONS.items():
        a, b = spec.fn(store, labels), spec.fn(store, labels)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True)), name
        assert list(a.edges(data=True)) == list(b.edges(data=True)), name
        assert "\n".join(nx.generate_graphml(a))  # every attribute is a GraphML scalar


def test_empty_store_gives_empty_graphs() -> None:
    store = store_from_turtle("")
    for spec in PROJECTIONS.values():
        assert spec.fn(store, {}).number_of_nodes() == 0


def test_queries_use_only_declared_ontology_terms() -> None:
    source = "".join(
        getattr(project, name)
        for name in dir(project)
        if name.endswith("_QUERY") and isinstance(getattr(project, name), str)
    )
    from kg.analyse import view

    source += open(view.__file__, encoding="utf-8").read()
    for term in sorted(set(re.findall(r"\bkg:([A-Za-z]+)", source))):
        getattr(KG, term)  # raises AttributeError for a term not in ontology/kg.ttl


def test_citation_network_leaves_out_mandate_rows_pointing_at_their_plan() -> None:
    from tests.analyse.graphs import SMALL_WORLD, mention

    # a mandate row without a symbol (a CSW agreed conclusion listed by year) has its programme as
    # body: the plan must not become a "cited document" with the citing plan document as its citer
    store = store_from_turtle(SMALL_WORLD + mention("mandate", "doc/d2/programme/1", "d2", 2, 90, "1996"))
    g = citation_network(store)
    programme = iri("doc/d2/programme/1")
    assert g.in_degree(programme) == 0
    assert not g.has_edge(iri("doc/d2"), programme)
