"""Project code lists (ontology/codes.yaml) -> SKOS concept schemes for the reference graph.

The graph uses `id/code/{scheme}/{code}` IRIs as values (issuing bodies, document kinds, mandate
kinds, country and region types...). Each is described once, in the reference graph: a
`skos:Concept` `skos:inScheme` its `skos:ConceptScheme`, with `skos:notation` the code and
`skos:prefLabel` in zh and en; a body that is a UN entity of the entity gazetteer gets
`foaf:focus` that entity's IRI (the organisation the concept stands for).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rdflib.namespace import FOAF, RDF, RDFS

from kg.errors import OntologyError
from kg.paths import ontology_dir
from kg.rdf import mint
from kg.rdf.mapping import SKOS, Triple, lit
from kg.reference.entities import load_entity_resources

_SCHEME_KEYS = {"id", "label_zh", "label_en", "concepts"}
_CONCEPT_KEYS = {"code", "label_zh", "label_en", "entity"}


@dataclass(frozen=True, slots=True)
class Code:
    """One concept of a code list."""

    code: str
    label_zh: str
    label_en: str
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class CodeScheme:
    """One code list: its id (the `{scheme}` of the concept IRIs), labels and concepts."""

    id: str
    label_zh: str
    label_en: str
    codes: tuple[Code, ...]


def _require(entry: dict[str, Any], keys: set[str], where: str) -> None:
    unknown = sorted(set(entry) - keys)
    if unknown:
        raise OntologyError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(sorted(keys))}")
    for key in sorted(keys - {"entity", "concepts"}):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise OntologyError(f"{where}: {key!r} must be a non-empty string, got {entry.get(key)!r}")


def read_code_schemes(path: Path | None = None) -> tuple[CodeScheme, ...]:
    """Read and validate the code lists.

    Raises:
        OntologyError: an unknown key, a missing label, or a code listed twice in one scheme.
    """
    path = path or ontology_dir() / "codes.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    schemes = []
    for i, s in enumerate(data.get("schemes") or ()):
        where = f"{path}: scheme #{i + 1} ({s.get('id')!r})"
        _require(s, _SCHEME_KEYS, where)
        codes: dict[str, Code] = {}
        for c in s.get("concepts") or ():
            _require(c, _CONCEPT_KEYS, f"{where}, concept {c.get('code')!r}")
            if c["code"] in codes:
                raise OntologyError(f"{where}: code {c['code']!r} listed twice; keep one")
            codes[c["code"]] = Code(c["code"], c["label_zh"], c["label_en"], c.get("entity"))
        schemes.append(CodeScheme(s["id"], s["label_zh"], s["label_en"], tuple(codes.values())))
    return tuple(schemes)


@lru_cache(maxsize=1)
def code_schemes() -> tuple[CodeScheme, ...]:
    """The code lists of `ontology/codes.yaml`, read once."""
    return read_code_schemes()


def code_scheme_triples(
    schemes: tuple[CodeScheme, ...] | None = None, entity_ids: frozenset[str] | None = None
) -> Iterator[Triple]:
    """Triples of the code lists (for the reference graph).

    Args:
        schemes: the code lists (default: `code_schemes()`).
        entity_ids: ids of the entity gazetteer (default: loaded), to check `entity` links.

    Raises:
        OntologyError: a concept links to an entity id the entity gazetteer does not have.
    """
    if entity_ids is None:
        entity_ids = frozenset(e.id for e in load_entity_resources().gazetteer.entries)
    for s in schemes if schemes is not None else code_schemes():
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
