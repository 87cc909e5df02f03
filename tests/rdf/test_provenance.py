"""Provenance profiles: the compact core (default) and the full W3C Web Annotation shape.

The sample corpus is built once per profile; every canned query and the analysis read the
compact core, so both builds must answer them alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.analyse.project import citation_network, read_mentions
from kg.analyse.view import node_details
from kg.cli import main
from kg.ingest.normalise import normalise_text
from kg.model import RECORD_KINDS, Block, CountryMention, Evidence, Span
from kg.paths import queries_dir
from kg.pipeline import build
from kg.rdf import mint
from kg.rdf.mapping import (
    MENTION_CLASS,
    PROVENANCE_PROFILES,
    MappingContext,
    document_triples,
    evidence_triples,
    mention_class_name,
    run_triples,
    to_triples,
)
from kg.rdf.namespaces import OA
from kg.rdf.validate import validate_graph
from kg.rdf.vocab import KG
from kg.store.backend import GraphStore
from kg.store.query import run_query
from tests.conftest import CORPUS, short_corpus

ALL_QUERIES = sorted(p.stem for p in queries_dir().glob("*.rq"))
# the canned queries with their default parameters, plus the other kinds of the one that takes a kind
QUERY_CASES = [(q, {}) for q in ALL_QUERIES] + [
    ("mentions-per-section", {"kind": k}) for k in ("entity", "region", "all")
]
FULL_ONLY = (OA.hasTarget, OA.hasSelector, KG.mentionKind, KG.surface, KG.rule)


@pytest.fixture(scope="module")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus built in the full profile (the session's `sample_build` is compact)."""
    out = tmp_path_factory.mktemp("sample-build-full")
    build([str(CORPUS)], out, store=True, provenance="full")
    return out


@pytest.fixture(scope="module")
def stores(sample_build: Path, full_build: Path) -> Iterator[dict[str, GraphStore]]:
    yield {
        "compact": GraphStore.open_read_only(sample_build / "store"),
        "full": GraphStore.open_read_only(full_build / "store"),
    }


def _lines(path: Path) -> set[str]:
    return set(path.read_text(encoding="utf-8").splitlines())


def _predicates(lines: set[str]) -> set[str]:
    return {line.split(" ", 2)[1] for line in lines}


def test_profiles_build_the_compact_core_and_full_adds_to_it(sample_build: Path, full_build: Path) -> None:
    compact, full = _lines(sample_build / "graph.nq"), _lines(full_build / "graph.nq")
    assert compact < full  # the full profile is the compact one plus the Web Annotation shape
    assert len(compact) < 0.8 * len(full)
    assert not {f"<{p}>" for p in FULL_ONLY} & _predicates(compact)
    assert {f"<{p}>" for p in FULL_ONLY} <= _predicates(full)
    assert f"<{KG.start}>" in _predicates(compact)


@pytest.mark.parametrize(("name", "params"), QUERY_CASES, ids=lambda v: str(v) if v else "defaults")
def test_canned_query_gives_the_same_rows_in_both_profiles(
    stores: dict[str, GraphStore], name: str, params: dict[str, str]
) -> None:
    _, compact = run_query(stores["compact"], name, params)
    _, full = run_query(stores["full"], name, params)
    assert compact == full
    assert compact or name == "unresolved-citations"  # a query that finds nothing proves little


def test_analysis_reads_the_same_mentions_in_both_profiles(stores: dict[str, GraphStore]) -> None:
    for kind in ("country", "region", "entity", "citation", "mandate", "programme"):
        compact = read_mentions(stores["compact"], kind)  # type: ignore[arg-type]
        assert compact, kind
        assert compact == read_mentions(stores["full"], kind)  # type: ignore[arg-type]
    a, b = citation_network(stores["compact"]), citation_network(stores["full"])
    assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))


def test_node_details_give_the_same_spans_in_both_profiles(stores: dict[str, GraphStore]) -> None:
    caf = "https://unkg.org/id/country/CAF"
    compact = node_details(stores["compact"], [caf])[caf]
    full = node_details(stores["full"], [caf])[caf]
    assert compact.total == full.total > 0
    spans = [(o.doc, o.paragraph, o.start, o.end) for o in compact.occurrences]
    assert spans == [(o.doc, o.paragraph, o.start, o.end) for o in full.occurrences]
    assert {o.surface for o in compact.occurrences} == {""}  # left to the source file
    assert {o.surface for o in full.occurrences} <= {"中非共和国", "中非"}


# --- mapping ----------------------------------------------------------------------------------


def _mali(profile: Any) -> tuple[MappingContext, CountryMention]:
    doc = normalise_text("1. 在马里", "d1")
    record = CountryMention(
        "MLI", "马里", "Mali", "马里", Evidence("d1", Span(4, 6), "gazetteer:countries#MLI")
    )
    return MappingContext(doc, mint.run("test"), records=(record,), provenance=profile), record


def test_compact_mention_states_class_body_document_span_and_block() -> None:
    ctx, record = _mali("compact")
    triples = set(evidence_triples(ctx, record.evidence, mint.country("MLI"), "country", "马里", "MLI"))
    (m,) = {s for s, _, _ in triples}  # one node: no target or selector nodes
    block = ctx.doc.paragraph_of(4)
    assert isinstance(block, Block)
    assert triples == {
        (m, RDF.type, KG.CountryMention),
        (m, OA.hasBody, mint.country("MLI")),
        (m, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), mint.document("d1")),
        (m, KG.start, Literal(4)),
        (m, KG.end, Literal(6)),
        (m, KG.inBlock, mint.block("d1", block.index)),
    }


def test_full_mention_adds_the_web_annotation_shape_under_the_same_iri() -> None:
    compact_ctx, record = _mali("compact")
    full_ctx, _ = _mali("full")
    args = (record.evidence, mint.country("MLI"), "country", "马里", "MLI")
    compact = set(evidence_triples(compact_ctx, *args))
    full = set(evidence_triples(full_ctx, *args))
    assert compact < full
    g = Graph()
    for t in full:
        g.add(t)
    (m,) = {s for s, _, _ in compact}
    assert (m, RDF.type, KG.Mention) in g and (m, KG.mentionKind, Literal("country")) in g
    (pos,) = g.objects(next(g.objects(m, OA.hasTarget)), OA.hasSelector)
    assert (g.value(pos, OA.start), g.value(pos, OA.end)) == (Literal(4), Literal(6))


def test_every_record_kind_has_a_mention_class() -> None:
    missing = sorted(set(RECORD_KINDS) - set(MENTION_CLASS))
    assert not missing, [f"{k}: declare kg:{mention_class_name(k)} in ontology/kg.ttl" for k in missing]
    assert MENTION_CLASS["mandate"] == KG.MandateCitation and MENTION_CLASS["country"] == KG.CountryMention
    assert mention_class_name("agenda-item") == "AgendaItemMention"
    ctx, record = _mali("compact")
    with pytest.raises(ValueError, match="no mention class for kind 'nation': declare kg:NationMention"):
        list(evidence_triples(ctx, record.evidence, mint.country("MLI"), "nation", "马里"))


def test_mapping_context_rejects_an_unknown_profile() -> None:
    assert PROVENANCE_PROFILES == ("compact", "full")
    with pytest.raises(ValueError, match="available: compact, full"):
        _mali("verbose")


# --- SHACL ------------------------------------------------------------------------------------


MENTION = "https://unkg.org/id/doc/d1/country/4-6-MLI"


def _graph(profile: Any, drop: URIRef | None = None) -> Graph:
    ctx, record = _mali(profile)
    g = Graph()
    run = run_triples(ctx.run, "test", ["d1"])
    for s, p, o in [*run, *document_triples(ctx), *to_triples(record, ctx)]:
        if p != drop:
            g.add((s, p, o))
    return g


def _mention_violations(g: Graph) -> list[str]:
    """The result paths of the violations whose focus node is the mention."""
    result = validate_graph(g)
    paths = []
    for block in result.text.split("Constraint Violation")[1:]:
        if f"Focus Node: <{MENTION}>" in block:
            paths.append(block.split("Result Path: ", 1)[1].split("\n", 1)[0].strip())
    return paths


@pytest.mark.parametrize("profile", PROVENANCE_PROFILES)
def test_shapes_accept_a_mention_of_either_profile(profile: str) -> None:
    g = _graph(profile)
    assert (URIRef(MENTION), RDF.type, KG.CountryMention) in g
    assert _mention_violations(g) == []


@pytest.mark.parametrize(("missing", "path"), [(KG.start, "kg:start"), (OA.hasBody, "oa:hasBody")])
@pytest.mark.parametrize("profile", PROVENANCE_PROFILES)
def test_shapes_reject_a_mention_missing_its_core(profile: str, missing: URIRef, path: str) -> None:
    assert _mention_violations(_graph(profile, drop=missing)) == [path]


# --- the option through the build and its cache ---------------------------------------------


def test_switching_profile_never_reuses_the_other_profiles_build(tmp_path: Path) -> None:
    corpus, out = short_corpus(tmp_path), tmp_path / "out"
    argv = ["build", str(corpus), "--out", str(out), "--no-store", "--formats", "nq", "-q"]
    assert main(argv) == 0
    compact = (out / "graph.nq").read_bytes()
    assert main([*argv, "--provenance", "full"]) == 0
    full = (out / "graph.nq").read_bytes()
    assert f"<{OA.hasSelector}>".encode() not in compact and f"<{OA.hasSelector}>".encode() in full
    assert main([*argv, "--provenance", "compact"]) == 0
    assert (out / "graph.nq").read_bytes() == compact
