"""The mapping's line path and its rdflib view agree, line for line.

`document_quads` writes blocks, mentions and deliverables as lines directly (`to_lines`,
`document_lines`); `to_triples`, `document_triples` and `evidence_triples` read those lines back
(`triples_via_lines`), and the build's order puts each record's lines after the blocks. Compared
here with the rdflib path (`document_triples` and `to_triples`, split by `split_shared_facts`,
written by `quad_lines`) on every record of the bundled sample corpus and of a few synthetic
documents, in both provenance profiles: this checks that reading the lines back and writing them
again loses nothing (escapes, language tags, datatypes) and that a line path writes only the
document's own graph.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from kg.model import Block, Doc, Evidence, Span
from kg.pipeline import extract_doc, run_iri
from kg.rdf import mint
from kg.rdf import ntriples as nt
from kg.rdf.mapping import (
    PROVENANCE_PROFILES,
    Lines,
    MappingContext,
    document_quads,
    document_triples,
    split_shared_facts,
    to_lines,
    to_triples,
)
from kg.reference import default_resources
from tests.conftest import CORPUS, load_doc

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _synthetic(tmp: Path, n: int) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bench_make_corpus_lines", BENCHMARKS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    paths: list[Path] = mod.make_corpus(n, tmp, seed=3)
    return paths


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Doc, tuple[Any, ...]]]:
    paths = sorted(CORPUS.glob("*.txt")) + _synthetic(tmp_path_factory.mktemp("syn"), 4)
    out = []
    for p in paths:
        doc = load_doc(p)
        records, _ = extract_doc(doc, entities="open", resources=default_resources())
        out.append((doc, tuple(records)))
    return out


def _rdflib_quads(ctx: MappingContext) -> list[str]:
    def triples() -> Any:
        yield from document_triples(ctx)
        for r in ctx.records:
            yield from to_triples(r, ctx)

    own, shared = split_shared_facts(triples())
    lines = list(nt.quad_lines(own, mint.graph(ctx.doc.id)))
    for graph, facts in shared.items():
        lines.extend(nt.quad_lines(facts, graph))
    return lines


@pytest.mark.parametrize("provenance", PROVENANCE_PROFILES)
def test_document_quads_equal_the_rdflib_path(documents: list[Any], provenance: Any) -> None:
    run = URIRef(str(run_iri()))
    kinds = set()
    for doc, records in documents:
        ctx = MappingContext(doc, run, "open", records, default_resources(), provenance)
        assert document_quads(ctx) == _rdflib_quads(ctx), doc.id
        kinds |= {type(r).__name__ for r in records}
    assert {"CountryMention", "RegionMention", "EntityMention", "Deliverable"} <= kinds


@pytest.mark.parametrize("provenance", PROVENANCE_PROFILES)
def test_each_line_path_equals_its_records_quad_lines(documents: list[Any], provenance: Any) -> None:
    run = URIRef(str(run_iri()))
    covered = 0
    for doc, records in documents:
        ctx = MappingContext(doc, run, "open", records, default_resources(), provenance)
        g = mint.graph(doc.id)
        for r in records:
            out = Lines(ctx, [])
            if to_lines(r, ctx, out):
                covered += 1
                own, shared = split_shared_facts(to_triples(r, ctx))
                assert not any(shared.values()), r  # a line path writes the document graph only
                assert out.lines == list(nt.quad_lines(own, g)), r
            else:
                assert out.lines == []
    assert covered > 1000


def test_line_path_escapes_block_labels() -> None:
    """Headings and boxes with characters N-Triples escapes: both paths write the same literals."""
    from dataclasses import replace

    from kg.ingest.normalise import normalise_text

    doc = normalise_text('标题 "引号" \\ 反斜杠\t制表\n\n正文。', doc_id="esc")
    n = len(doc.text)
    blocks = (
        Block(0, "heading", Span(0, n // 2)),
        Block(1, "box", Span(n // 2, n), number="1", section=0),
        Block(2, "paragraph", Span(n - 1, n), continues=1),
    )
    doc = replace(doc, blocks=blocks)
    ctx = MappingContext(doc, URIRef(str(run_iri())), records=())
    quads = document_quads(ctx)
    assert quads == _rdflib_quads(ctx)
    assert any('\\"' in q for q in quads) and any("\\\\" in q for q in quads)


def test_evidence_line_path_needs_a_mention_class(programme_plan: Doc) -> None:
    from kg.rdf.mapping import evidence_lines

    ctx = MappingContext(programme_plan, URIRef(str(run_iri())))
    with pytest.raises(ValueError, match="no mention class"):
        evidence_lines(ctx, Lines(ctx, []), Evidence(ctx.doc.id, Span(0, 1), "r"), "<x:y>", "nothing", "s")


def test_line_terms_are_the_rdflib_terms_in_ntriples_form() -> None:
    from kg.rdf.mapping import _NT, _Terms

    terms = {k: v for k, v in vars(_Terms).items() if isinstance(v, URIRef)}
    assert {k: v for k, v in vars(_NT).items() if not k.startswith("_")} == {
        k: nt.term(v) for k, v in terms.items()
    }


@pytest.mark.parametrize(
    "line",
    [
        "<https://x/s> <https://x/p> <https://x/o> <https://x/g> .\n",
        '<https://x/s> <https://x/p> "联合国 \\"引号\\" \\\\ \\n\\t"@zh <https://x/g> .\n',
        '<https://x/s> <https://x/p> "7"^^<http://www.w3.org/2001/XMLSchema#integer> <https://x/g> .\n',
        '<https://x/s> <https://x/p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> <https://x/g> .\n',
        '<https://x/s> <https://x/p> "plain" <https://x/g> .\n',
    ],
)
def test_parse_line_reads_back_what_the_writers_write(line: str) -> None:
    s, p, o, g = nt.parse_line(line)
    assert g is not None
    assert f"{nt.term(s)} {nt.term(p)} {nt.term(o)} {nt.term(g)} .\n" == line


def test_parse_line_rejects_what_it_does_not_write() -> None:
    for bad in ("_:b <https://x/p> <https://x/o> .\n", '<https://x/s> <https://x/p> "open <https://x/g> .\n'):
        with pytest.raises(ValueError, match="canonical form"):
            nt.parse_line(bad)
