"""Entity records -> triples: W3C ORG organisations, their mentions and per-document counts.

- Reference data (`entity_scheme_triples`, written once to the reference graph): every gazetteer
  entry is an `org:Organization` (also `org:FormalOrganization`, or `org:OrganizationalUnit` for
  Secretariat departments and offices) with `skos:prefLabel` @zh/@en, `skos:altLabel` @zh for the
  short forms, `skos:notation` the acronym, `dct:type` and `org:classification` its concept in
  the entity-type SKOS scheme, `org:subOrganizationOf` / `org:hasSubOrganization` its parent,
  history as `dct:replaces` / `dct:isReplacedBy` (predecessor / successor, e.g. DPO replaces
  DPKO) and `schema:foundingDate` / `schema:dissolutionDate` (years).
- Per document (`to_triples(EntityMention)`; no types or labels: those are in the reference
  graph, once, unless the entity is not in the gazetteer): the document `kg:mentionsEntity` the entity; the
  mention is a `kg:EntityMention` with its raw span (`kg:start`, `kg:end`; the Web Annotation
  selector too with `--provenance full`); and one
  `kg:MentionCount` per (document, entity) with `kg:mentionCount` the number of mentions.

The count is the number of the document's mention records of the entity (`MappingContext.records`),
so every mention record of one entity states the same count node.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

from rdflib.namespace import DCTERMS, RDF, RDFS, SDO, XSD

from kg.model import EntityMention
from kg.rdf import mint
from kg.rdf import ntriples as nt
from kg.rdf.mapping import (
    ORG,
    SKOS,
    Lines,
    MappingContext,
    Triple,
    count_key,
    lit,
    to_lines,
    to_triples,
    triples_via_lines,
)
from kg.rdf.mapping.countries import listed_mention_lines
from kg.reference import Resources, default_resources
from kg.reference.entities import EntityResources

ENTITY_TYPE_SCHEME = mint.concept("scheme", "entity-types")


@count_key.register
def _entity_key(record: EntityMention) -> Hashable:
    # one key space with open-class organisations (OrganisationMention), as the extractor counts
    return ("entity", record.entity_id)


to_triples.register(EntityMention, triples_via_lines)  # OrganisationMention: its own (organisations.py)


_ORGANIZATION = nt.iri(ORG.Organization)


@to_lines.register
def _entity_mention_lines(record: EntityMention, ctx: MappingContext, out: Lines) -> bool:
    described = record.entity_id in _described(ctx.resources.entities)  # else typed here, per document
    body = nt.iri(mint.entity(record.entity_id))
    listed_mention_lines(
        ctx, out, record, "entity", record.entity_id, body, None if described else _ORGANIZATION
    )
    return True


def _described(res: EntityResources) -> frozenset[str]:
    """Entity ids that `entity_scheme_triples` describes in the reference graph."""
    return res.ids


def entity_scheme_triples(resources: Resources | None = None) -> Iterator[Triple]:
    """Static triples of the entity gazetteer and its type scheme (for the reference graph).

    Args:
        resources: the reference data (default: `kg.reference.default_resources()`).
    """
    res = (resources or default_resources()).entities
    yield from _type_triples(res)
    for entry in res.gazetteer.entries:
        e = mint.entity(entry.id)
        etype = res.types[str(entry.get("type"))]
        t = mint.entity_type(etype.id)
        yield e, RDF.type, ORG.Organization
        yield e, RDF.type, ORG.OrganizationalUnit if etype.org_class == "unit" else ORG.FormalOrganization
        yield e, DCTERMS.identifier, lit(entry.id)
        yield e, SKOS.prefLabel, lit(entry.label, lang="zh")
        yield e, RDFS.label, lit(entry.label, lang="zh")
        label_en = str(entry.get("label_en"))
        yield e, SKOS.prefLabel, lit(label_en, lang="en")
        for alias in entry.aliases:
            if alias not in (label_en, entry.label):
                yield e, SKOS.altLabel, lit(alias, lang="zh")
        if entry.get("acronym"):
            yield e, SKOS.notation, lit(str(entry.get("acronym")))
        yield e, DCTERMS.type, t
        yield e, ORG.classification, t
        if entry.get("parent"):
            parent = mint.entity(str(entry.get("parent")))
            yield e, ORG.subOrganizationOf, parent
            yield parent, ORG.hasSubOrganization, e
        for old in res.predecessors.get(entry.id, ()):
            yield e, DCTERMS.replaces, mint.entity(old)
        for new in res.successors.get(entry.id, ()):
            yield e, DCTERMS.isReplacedBy, mint.entity(new)
        if entry.get("founded"):
            yield e, SDO.foundingDate, lit(str(entry.get("founded")), XSD.gYear)
        if entry.get("dissolved"):
            yield e, SDO.dissolutionDate, lit(str(entry.get("dissolved")), XSD.gYear)


def _type_triples(res: EntityResources) -> Iterator[Triple]:
    s = ENTITY_TYPE_SCHEME
    yield s, RDF.type, SKOS.ConceptScheme
    yield s, SKOS.prefLabel, lit(res.scheme.get("label_en", "UN entity types"), lang="en")
    if res.scheme.get("label_zh"):
        yield s, SKOS.prefLabel, lit(res.scheme["label_zh"], lang="zh")
    for etype in res.types.values():
        t = mint.entity_type(etype.id)
        yield t, RDF.type, SKOS.Concept
        yield t, SKOS.inScheme, s
        yield t, SKOS.notation, lit(etype.id)
        yield t, SKOS.prefLabel, lit(etype.label_en, lang="en")
        if etype.label_zh:
            yield t, SKOS.prefLabel, lit(etype.label_zh, lang="zh")
        if etype.definition:
            yield t, SKOS.definition, lit(etype.definition, lang="en")
        if etype.broader:
            yield t, SKOS.broader, mint.entity_type(etype.broader)
            yield mint.entity_type(etype.broader), SKOS.narrower, t
        else:
            yield s, SKOS.hasTopConcept, t
            yield t, SKOS.topConceptOf, s
