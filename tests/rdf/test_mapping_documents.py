"""Document records -> triples: the fields read by genre."""

from __future__ import annotations

from rdflib import XSD, Literal

from kg.extract import DEFAULT_OPTIONS
from kg.extract.documents import extract_documents
from kg.ingest.normalise import normalise_text
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, to_triples
from kg.rdf.vocab import KG
from kg.reference import default_resources

RES = default_resources()


def test_mapping_documents_resolution_fields() -> None:
    raw = (
        "联合国 A/RES/79/5\n\n大会 Distr.: General\n20 October 2024\n\n第七十九届会议\n议程项目 8\n\n"
        "2024 年 10 月 15 日大会决议\n\n79/5. 某项专题\n\n大会，\n\n1. 决定继续审议。\n\n"
        "2024 年 10 月 15 日\n第 30 次全体会议\n"
    )
    doc = normalise_text(raw, "r")
    (rec,) = extract_documents(doc, DEFAULT_OPTIONS, RES).records
    triples = set(to_triples(rec, MappingContext(doc, mint.run("test"))))
    d = mint.document("r")
    assert (d, KG.adoptionDate, Literal("2024-10-15", datatype=XSD.date)) in triples
    assert (d, KG.meetingNumber, Literal(30)) in triples
    assert (d, KG.issuingOrgan, mint.concept("body", "GA")) in triples
    assert (d, KG.docType, mint.concept("doc-type", "resolution")) in triples
    assert not any(p == KG.meetingDate for _, p, _ in triples)


def test_mapping_documents_summary_record_meeting_date() -> None:
    raw = (
        "联合国 A/C.6/79/SR.3\n\n大会 Distr.: General\n1 November 2024\n\n第七十九届会议\n正式记录\n\n"
        "第六委员会\n第 3 次会议简要记录\n2024 年 10 月 4 日星期五上午 10 时在纽约总部举行\n\n主席：某某先生\n"
    )
    doc = normalise_text(raw, "s")
    (rec,) = extract_documents(doc, DEFAULT_OPTIONS, RES).records
    triples = set(to_triples(rec, MappingContext(doc, mint.run("test"))))
    d = mint.document("s")
    assert (d, KG.meetingDate, Literal("2024-10-04", datatype=XSD.date)) in triples
    assert (d, KG.meetingNumber, Literal(3)) in triples
