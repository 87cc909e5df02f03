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
    union = {f"<{g}>" for g in mint.UNION_GRAPHS}  # may link a listed parent to a body found by name
    for name, triples in graphs.items():
        repeated = sorted(triples & reference)
        assert not repeated, f"{name} repeats {len(repeated)} reference triples, e.g. {repeated[:3]}"
        about = sorted(t for t in triples if t[0] in described and name not in union)
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


def test_no_triple_is_stated_in_two_graphs(sample_build: Path) -> None:
    """Cited works are described in the works graph once, not in every citing document's graph."""
    where: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name, triples in _graphs(sample_build / "graph.nq").items():
        for t in triples:
            where[t].append(name)
    twice = sorted((t, g) for t, g in where.items() if len(g) > 1)
    assert not twice, f"{len(twice)} triples in more than one graph, e.g. {twice[:2]}"


def test_documents_share_no_triple_but_how_each_printed_a_symbol(tmp_path: Path) -> None:
    """Across many documents (the 40 golden genre documents, which cite the same works), a triple
    is in one graph only, except a work's kg:printedAs: how a document printed a symbol is that
    document's statement, kept in its graph even when another document printed it alike."""
    from kg.pipeline import build

    golden = Path(__file__).resolve().parents[1] / "golden" / "documents"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for case in sorted(golden.glob("*/input.txt")):
        (corpus / f"{case.parent.name}.txt").write_bytes(case.read_bytes())
    build([corpus], tmp_path / "out", store=False, formats=("nq",))
    where: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name, triples in _graphs(tmp_path / "out" / "graph.nq").items():
        for t in triples:
            where[t].append(name)
    twice = {t for t, g in where.items() if len(g) > 1}
    printed = {t for t in twice if t[1] == f"<{KG}printedAs>" and t[0].startswith(f"<{mint.WORK_PREFIX}")}
    assert printed, "the golden documents print some symbol alike: the check would see nothing"
    assert twice == printed, sorted(twice - printed)[:3]


def test_union_graph_lists_a_work_cited_by_two_documents_once(sample_build: Path) -> None:
    store = ox.Store()
    store.bulk_load(path=sample_build / "graph.nq", format=ox.RdfFormat.N_QUADS)
    q = f"SELECT ?w ?sym WHERE {{ ?w a <{KG}Resolution> ; <{KG}symbol> ?sym }}"
    rows = [str(s["sym"].value) for s in store.query(q, use_default_graph_as_union=True)]
    citing = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?d <{KG}cites> <{mint.work('S/RES/1325(2000)')}> }} }}"
    assert len(list(store.query(citing))) == 2  # documents 002 and 003 both cite SCR 1325
    assert rows.count("S/RES/1325(2000)") == 1
    assert len(rows) == len(set(rows))


def test_work_facts_go_to_the_works_graph_and_printed_forms_stay(peace_report: Doc) -> None:
    from kg.model import Citation, CitedSymbol
    from kg.rdf.mapping import split_shared_facts

    ctx = MappingContext(peace_report, mint.run("test"))
    sym = CitedSymbol("A/RES/72/262", "ga-resolution", "GA", 72, 2017, ("C",))
    ev = Evidence(peace_report.id, Span(0, 5), "test")
    cit = Citation("A/RES/72/262", "GA", False, True, "第 72/262 C 号决议", sym, "text", ev)
    own, by_graph = split_shared_facts(to_triples(cit, ctx))
    shared = by_graph[mint.WORKS_GRAPH]
    work = mint.work("A/RES/72/262")
    assert {p for s, p, _ in shared} >= {RDF.type, URIRef(f"{KG}symbol"), URIRef(f"{KG}session")}
    assert all(s == work for s, _p, _o in shared)
    assert (work, URIRef(f"{KG}printedAs")) in {(s, p) for s, p, _ in own}
    assert (mint.document(peace_report.id), URIRef(f"{KG}cites"), work) in own
