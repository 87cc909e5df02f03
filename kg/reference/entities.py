"""Reference data, entities: the entity gazetteer and its type scheme, validated, with matcher and rules.

Loaded once by `kg.reference.load_resources()`; read by the entities extractor (to find names) and by
the RDF mapping (to describe the entities and their types), so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.errors import GazetteerError
from kg.ingest.normalise import normalise_fragment
from kg.paths import ontology_dir
from kg.reference.gazetteer import ContextRule, Gazetteer, Matcher, build_gazetteer, read_yaml

ENTITY_KEYS = ("label_en", "acronym", "type", "parent", "predecessor", "successor", "founded", "dissolved")
TYPE_KEYS = {"id", "label_en", "label_zh", "broader", "definition", "org_class"}
DOC_KEYS = {"generic", "not_entities", "contexts", "endings", "organs", "prefixes", "entries"}

# Matcher keys carry the kind of name: an entity or a trap (a listed non-entity).
ENTITY, TRAP = "e:", "t:"


@dataclass(frozen=True)
class EntityType:
    """A concept of the UN entity type scheme."""

    id: str
    label_en: str
    label_zh: str
    broader: str | None = None
    definition: str | None = None
    org_class: str = "formal"  # "formal" -> org:FormalOrganization, "unit" -> org:OrganizationalUnit


@dataclass(frozen=True)
class EntityResources:
    """The validated entity gazetteer, its type scheme, matcher and rules (immutable, shared)."""

    gazetteer: Gazetteer
    types: dict[str, EntityType]
    scheme: dict[str, str]
    matcher: Matcher
    contexts: dict[str, ContextRule]
    generic: frozenset[str]
    predecessors: dict[str, tuple[str, ...]]
    successors: dict[str, tuple[str, ...]]
    endings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    organs: frozenset[str] = frozenset()
    prefixes: dict[str, frozenset[str]] = field(default_factory=dict)  # name -> entity ids it never joins

    @cached_property
    def ids(self) -> frozenset[str]:
        """Ids of the entities the gazetteer lists."""
        return frozenset(e.id for e in self.gazetteer.entries)

    def entry(self, entity_id: str) -> Any:
        """Return the gazetteer entry of `entity_id`."""
        return self.gazetteer.by_id[entity_id]


def _ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


def build_types(
    doc: Mapping[str, Any], path: str = "entity-types.yaml"
) -> tuple[dict[str, str], dict[str, EntityType]]:
    """Validate the parsed entity type scheme; return (scheme fields, concepts by id).

    Raises:
        GazetteerError: unknown keys, missing fields, duplicate ids or an unknown `broader`.
    """
    scheme = doc.get("scheme") or {}
    concepts = doc.get("concepts")
    if not isinstance(concepts, list) or not scheme.get("id"):
        raise GazetteerError(f"{path}: expected 'scheme' (with an id) and a list of 'concepts'")
    types: dict[str, EntityType] = {}
    for n, item in enumerate(concepts, 1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("label_en"):
            raise GazetteerError(f"{path}: concept {n} needs at least 'id' and 'label_en'")
        unknown = sorted(set(item) - TYPE_KEYS)
        if unknown:
            raise GazetteerError(
                f"{path}: concept {item['id']!r}: unknown key(s) {unknown}; allowed: {sorted(TYPE_KEYS)}"
            )
        if item["id"] in types:
            raise GazetteerError(f"{path}: duplicate concept id {item['id']!r}")
        if item.get("org_class", "formal") not in ("formal", "unit"):
            raise GazetteerError(f"{path}: concept {item['id']!r}: org_class must be 'formal' or 'unit'")
        types[item["id"]] = EntityType(
            item["id"],
            item["label_en"],
            item.get("label_zh", ""),
            item.get("broader"),
            item.get("definition"),
            item.get("org_class", "formal"),
        )
    for t in types.values():
        if t.broader is not None and t.broader not in types:
            raise GazetteerError(f"{path}: concept {t.id!r} has unknown broader {t.broader!r}")
    return {str(k): str(v) for k, v in scheme.items()}, types


def build_entity_resources(
    entities_doc: Mapping[str, Any],
    types_doc: Mapping[str, Any],
    entities_path: str = "entities.yaml",
    types_path: str = "entity-types.yaml",
) -> EntityResources:
    """Validate the two parsed gazetteer documents and build the matcher.

    The English name of each entry is matched too (it is appended to its aliases), so every entry
    has at least one alias even when it has no Chinese short form.

    Raises:
        GazetteerError: invalid entries; a name (after normalisation) claimed by two entries, or
            also listed as generic word or non-entity; an unknown type, parent, predecessor or
            successor; a context rule for a name that is not listed.
    """
    scheme, types = build_types(types_doc, types_path)
    unknown_keys = sorted(set(entities_doc) - DOC_KEYS)
    if unknown_keys:
        raise GazetteerError(
            f"{entities_path}: unknown top-level key(s) {unknown_keys}; allowed: {sorted(DOC_KEYS)}"
        )
    items = entities_doc.get("entries")
    if not isinstance(items, list):
        raise GazetteerError(f"{entities_path}: expected a mapping with a list of 'entries'")
    prepared = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or not item.get("label_en") or not item.get("type"):
            eid = item.get("id") if isinstance(item, dict) else None
            raise GazetteerError(f"{entities_path}: entry {n} ({eid!r}) needs 'label_en' and 'type'")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list):
            raise GazetteerError(f"{entities_path}: entry {item.get('id')!r}: aliases must be a list")
        prepared.append({**item, "aliases": [*aliases, item["label_en"]]})
    gaz = build_gazetteer("entities", entities_path, prepared, optional_keys=ENTITY_KEYS)
    predecessors: dict[str, list[str]] = {e.id: [] for e in gaz.entries}
    successors: dict[str, list[str]] = {e.id: [] for e in gaz.entries}
    for e in gaz.entries:
        if e.get("type") not in types:
            raise GazetteerError(
                f"{entities_path}: entry {e.id!r} has type {e.get('type')!r}; "
                f"expected one of {', '.join(sorted(types))}"
            )
        for link in ("parent", "predecessor", "successor"):
            for ref in _ids(e.get(link)):
                if ref not in gaz.by_id or ref == e.id:
                    raise GazetteerError(f"{entities_path}: entry {e.id!r} names unknown {link} {ref!r}")
        for ref in _ids(e.get("predecessor")):
            predecessors[e.id].append(ref)
            successors[ref].append(e.id)
        for ref in _ids(e.get("successor")):
            successors[e.id].append(ref)
            predecessors[ref].append(e.id)
    generic = frozenset(normalise_fragment(w) for w in entities_doc.get("generic") or ())
    names = {alias: ENTITY + eid for alias, eid in gaz.alias_index.items()}
    for alias in sorted(generic & set(names)):
        raise GazetteerError(
            f"{entities_path}: {alias!r} is listed as a generic word and as a name of {names[alias][2:]!r}"
        )
    for raw in entities_doc.get("not_entities") or ():
        key = normalise_fragment(raw)
        if key in names and names[key] != TRAP + key:
            raise GazetteerError(f"{entities_path}: non-entity {raw!r} is also a name of {names[key][2:]!r}")
        names[key] = TRAP + key
    contexts: dict[str, ContextRule] = {}
    for raw, rule in (entities_doc.get("contexts") or {}).items():
        key = normalise_fragment(raw)
        if key not in names:
            raise GazetteerError(f"{entities_path}: context rule for {raw!r}, which is not a listed name")
        contexts[key] = ContextRule(tuple(rule.get("not_before", ())), tuple(rule.get("not_after", ())))

    endings: dict[str, tuple[str, ...]] = {}
    for last, words in (entities_doc.get("endings") or {}).items():
        if not isinstance(words, list) or not words:
            raise GazetteerError(f"{entities_path}: ending {last!r} needs a list of following characters")
        endings[normalise_fragment(str(last))] = tuple(str(w) for w in words)
    organs = frozenset(normalise_fragment(w) for w in entities_doc.get("organs") or ())
    for word in sorted(organs - set(names)):
        raise GazetteerError(f"{entities_path}: organ word {word!r} is not a listed name")
    prefixes: dict[str, frozenset[str]] = {}
    for raw, rule in (entities_doc.get("prefixes") or {}).items():
        key = normalise_fragment(raw)
        if key not in gaz.alias_index:
            raise GazetteerError(f"{entities_path}: prefix {raw!r} is not the name of an entry")
        if rule is not None and not isinstance(rule, dict):
            raise GazetteerError(
                f"{entities_path}: prefix {raw!r}: expected a mapping like {{except_types: [...]}}"
            )
        excluded = [str(t) for t in (rule or {}).get("except_types", ())]
        for t in excluded:
            if t not in types:
                raise GazetteerError(f"{entities_path}: prefix {raw!r} names unknown type {t!r}")
        prefixes[key] = frozenset(
            e.id for e in gaz.entries if type_lineage(str(e.get("type")), types) & set(excluded)
        )

    def frozen(d: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(dict.fromkeys(v)) for k, v in d.items() if v}

    return EntityResources(
        gaz,
        types,
        scheme,
        Matcher(names),
        contexts,
        generic,
        frozen(predecessors),
        frozen(successors),
        endings,
        organs,
        prefixes,
    )


def type_lineage(type_id: str, types: dict[str, EntityType]) -> set[str]:
    """The type and all its broader types."""
    seen: set[str] = set()
    current: str | None = type_id
    while current is not None and current not in seen:
        seen.add(current)
        current = types[current].broader if current in types else None
    return seen


def _read_yaml(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise GazetteerError(f"{path}: expected a mapping")
    return data


def load_entity_resources(root: Path | None = None) -> EntityResources:
    """Load and validate the entity gazetteer and its type scheme of the ontology folder `root`
    (default: `kg.paths.ontology_dir()`). Not cached: `kg.reference.load_resources` calls it once.

    Example:
        >>> res = load_entity_resources()
        >>> res.entry("undp").label, res.successors["dpko"]
        ('联合国开发计划署', ('dpo',))
    """
    folder = (root if root is not None else ontology_dir()) / "gazetteers"
    epath, tpath = folder / "entities.yaml", folder / "entity-types.yaml"
    return build_entity_resources(_read_yaml(epath), _read_yaml(tpath), str(epath), str(tpath))
