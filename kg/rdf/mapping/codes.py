"""Project code lists (ontology/codes.yaml) -> SKOS concept schemes for the reference graph.

The graph uses `id/code/{scheme}/{code}` IRIs as values (issuing bodies, document kinds, mandate
kinds, country and region types...). Each is described once, in the reference graph: a
`skos:Concept` `skos:inScheme` its `skos:ConceptScheme`, with `skos:notation` the code and
`skos:prefLabel` in zh and en; a body that is a UN entity of the entity gazetteer gets
`foaf:focus` that entity's IRI (the organisation the concept stands for). The code lists are read
by `kg.reference` (`Resources.codes`).
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.namespace import FOAF, RDF, RDFS

from kg.errors import OntologyError
from kg.rdf import mint
from kg.rdf.mapping import SKOS, Triple, lit
from kg.reference import Resources, default_resources
from kg.reference.codes import Code, CodeScheme, read_code_schemes

__all__ = ["Code", "CodeScheme", "code_scheme_triples", "code_schemes", "read_code_schemes"]


def code_schemes() -> tuple[CodeScheme, ...]:
    """The code lists of the default reference data (`kg.reference.default_resources()`)."""
    return default_resources().codes


def code_scheme_triples(
    schemes: tuple[CodeScheme, ...] | None = None,
    entity_ids: frozenset[str] | None = None,
    res: Resources | None = None,
) -> Iterator[Triple]:
    """Triples of the code lists (for the reference graph).

    Args:
        schemes: the code lists (default: `res.codes`).
        entity_ids: ids of the entity gazetteer (default: `res`'s), to check `entity` links.
        res: the reference data (default: `kg.reference.default_resources()`).

    Raises:
        OntologyError: a concept links to an entity id the entity gazetteer does not have.
    """
    if schemes is None or entity_ids is None:
        res = res or default_resources()
        schemes = res.codes if schemes is None else schemes
        if entity_ids is None:
            entity_ids = frozenset(e.id for e in res.entities.gazetteer.entries)
    for s in schemes:
        scheme = mint.concept("scheme", s.id)
        yield scheme, RDF.type, SKOS.ConceptScheme
        yield scheme, SKOS.prefLabel, lit(s.label_zh, lang="zh")
        yield scheme, SKOS.prefLabel, lit(s.label_en, lang="en")
        for c in s.codes:
            iri = mint.concept(s.id, c.code)
            yield iri, RDF.type, SKOS.Concept
            yield iri, SKOS.inScheme, scheme
            yield iri, SKOS.topConceptOf, scheme
            yield scheme, SKOS.hasTopConcept, iri
            yield iri, SKOS.notation, lit(c.code)
            yield iri, SKOS.prefLabel, lit(c.label_zh, lang="zh")
            yield iri, SKOS.prefLabel, lit(c.label_en, lang="en")
            yield iri, RDFS.label, lit(c.label_en, lang="en")
            if c.entity is not None:
                if c.entity not in entity_ids:
                    raise OntologyError(
                        f"ontology/codes.yaml: {s.id}/{c.code} links to entity {c.entity!r}, which "
                        "ontology/gazetteers/entities.yaml does not have; fix the id or drop `entity`"
                    )
                yield iri, FOAF.focus, mint.entity(c.entity)
