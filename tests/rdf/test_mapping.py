"""Mapping helpers: canonical literals, and mention counts counted from the records given."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from kg.ingest.normalise import normalise_text
from kg.model import CountryMention, Doc, EntityMention, Evidence, RegionMention, Span
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, lit, to_triples
from kg.rdf.vocab import KG


def test_lit_keeps_booleans_and_integers_apart() -> None:
    one, true = lit(1), lit(True)
    assert (str(one), one.datatype) == ("1", XSD.integer)
    assert (str(true), true.datatype) == ("true", XSD.boolean)
    assert lit(True) is true and lit(1) is one  # handed out again, not rebuilt
    assert (str(lit(0)), lit(0).datatype, str(lit(False)), lit(False).datatype) == (
        "0",
        XSD.integer,
        "false",
        XSD.boolean,
    )


def test_lit_language_and_datatype() -> None:
    assert lit("联合国", lang="zh") == Literal("联合国", lang="zh")
    assert lit("联合国") == Literal("联合国")
    assert lit("2020-01-31", XSD.date) == Literal("2020-01-31", datatype=XSD.date)
    assert lit("5", lang="zh") == Literal("5", lang="zh")


# ---------------------------------------------------------------- mention counts (from the records given)


def _counts(records: tuple[object, ...], doc: Doc) -> dict[str, int]:
    """kg:countOf body -> kg:mentionCount of the triples of `records`, mapped together."""
    ctx = MappingContext(doc, mint.run("test"), records=records)
    triples = [t for r in records for t in to_triples(r, ctx)]
    count_of = {s: str(o) for s, p, o in triples if p == KG.countOf}
    return {count_of[s]: int(o) for s, p, o in triples if p == KG.mentionCount}


def test_mapping_counts_the_country_records_it_is_given_not_the_text() -> None:
    # the text names China twice; the mapping was given one record: it states what it received
    doc = normalise_text("中国和萨赫勒和中国", "t")
    one = CountryMention("CHN", "中国", "China", "中国", Evidence("t", Span(0, 2), "test"))
    ev = Evidence("t", Span(3, 6), "test")
    region = RegionMention("sahel", "萨赫勒", "Sahel", "named-region", None, "萨赫勒", ev)
    counts = _counts((one, region), doc)
    assert counts == {str(mint.country("CHN")): 1, str(mint.region("sahel")): 1}


def test_mapping_counts_entity_and_organisation_records_per_body() -> None:
    doc = normalise_text("大会、大会和大会", "t")
    ev = [Evidence("t", Span(s, s + 2), "test") for s in (0, 3, 6)]
    ga = [EntityMention("ga", "大会", "General Assembly", "GA", "principal-organ", "大会", e) for e in ev[:2]]
    counts = _counts(tuple(ga), doc)
    assert counts == {str(mint.entity("ga")): 2}


def test_mapping_count_without_the_documents_records_raises() -> None:
    doc = normalise_text("中国", "t")
    rec = CountryMention("CHN", "中国", "China", "中国", Evidence("t", Span(0, 2), "test"))
    with pytest.raises(ValueError, match="records=<all records of the document>"):
        list(to_triples(rec, MappingContext(doc, mint.run("test"))))
