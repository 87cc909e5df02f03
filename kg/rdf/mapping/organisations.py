"""Open-class organisation records -> triples: W3C ORG organisations named in one document.

An `OrganisationMention` (a body no gazetteer lists, found by the head noun of its name) becomes
an `org:Organization` (and `org:FormalOrganization`, or `org:OrganizationalUnit` for types whose
`org_class` is "unit") with IRI `mint.organisation(name)`, `skos:prefLabel` its name @zh,
`skos:notation` a printed acronym, `dct:type` / `org:classification` its entity-type concept and
`org:subOrganizationOf` the known body its name starts with. The mention carries the rule
(`open:head#<head>`) and `kg:confidence`; a `kg:MentionCount` per (document, organisation)
counts its mentions, as for gazetteer entities. These triples live in the document's graph:
the organisation is defined by the documents that name it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from kg.model import OrganisationMention
from kg.rdf import mint
from kg.rdf.mapping import (
    ORG,
    SKOS,
    Lines,
    MappingContext,
    Triple,
    count_key,
    count_triples,
    evidence_triples,
    lit,
    to_lines,
    to_triples,
)
from kg.rdf.vocab import KG


@count_key.register
def _organisation_key(record: OrganisationMention) -> Hashable:
    return ("entity", record.entity_id)  # counted with gazetteer entities: one key space of bodies


@to_lines.register
def _organisation_mention_lines(record: OrganisationMention, ctx: MappingContext, out: Lines) -> bool:
    """No line path (an `EntityMention` subclass, so one must be registered to say so): its type,
    label and parent go to the shared organisations graph, which `to_triples` and the split write."""
    return False


@to_triples.register
def _organisation_mention(record: OrganisationMention, ctx: MappingContext) -> Iterator[Triple]:
    doc = ctx.doc
    o, d = mint.organisation(record.entity_id), mint.document(doc.id)
    types = ctx.resources.entities.types
    etype = types.get(record.entity_type)
    yield o, RDF.type, ORG.Organization
    yield (
        o,
        RDF.type,
        ORG.OrganizationalUnit if etype and etype.org_class == "unit" else ORG.FormalOrganization,
    )
    yield o, DCTERMS.identifier, lit(record.entity_id)
    yield o, SKOS.prefLabel, lit(record.label_zh, lang="zh")
    yield o, RDFS.label, lit(record.label_zh, lang="zh")
    if record.acronym:
        yield o, SKOS.notation, lit(record.acronym)
    t = mint.entity_type(record.entity_type)
    yield o, DCTERMS.type, t
    yield o, ORG.classification, t
    if record.parent:
        parent = mint.entity(record.parent)
        yield o, ORG.subOrganizationOf, parent
        yield parent, ORG.hasSubOrganization, o
    yield d, KG.mentionsEntity, o
    key = "org:" + record.entity_id
    ann = mint.annotation(doc.id, "entity", *doc.raw_span(record.evidence.span), key)
    yield from evidence_triples(ctx, record.evidence, o, "entity", record.surface, key)
    yield ann, KG.confidence, lit(repr(record.confidence), XSD.decimal)  # canonical: 0.9, 1.0
    count = mint.mention_count(doc.id, "organisation", record.entity_id)
    yield from count_triples(count, d, o, ctx.mention_count(record))
