"""The only place that mints IRIs, always from stable keys (never from raw Chinese labels).

Ontology terms live in `https://unkg.org/ontology#`; data in `https://unkg.org/id/`.
No blank nodes are minted anywhere: every node has an IRI, so exports are byte-identical.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

from kg.rdf.namespaces import DATA as DATA
from kg.rdf.namespaces import ONTOLOGY as ONTOLOGY

SHARED_GRAPH_NAMES = frozenset({"reference", "run", "works", "organisations"})
"""Last path segments of the graphs that are not one document's (see `doc_slug`)."""

# characters a slug keeps as they are: the unreserved set and parentheses
_UNSAFE = re.compile(r"[^A-Za-z0-9._~()\-]+")


def _percent(m: re.Match[str]) -> str:
    return quote(m.group(), safe="")


@lru_cache(maxsize=1 << 14)  # the same keys (ISO codes, entity ids, symbols) recur in every document
def slug(key: str) -> str:
    """Turn a stable key into an IRI-safe path segment.

    Symbols keep their readable shape: "/" becomes "-", spaces are dropped, anything else
    outside the unreserved set is percent-encoded.

    Example:
        >>> slug("A/74/6 (Sect. 2)/Corr.1")
        'A-74-6(Sect.2)-Corr.1'
        >>> slug("S/RES/1325(2000)")
        'S-RES-1325(2000)'
    """
    s = key.strip().replace("/", "-").replace(" ", "")
    # percent-encoding a run equals encoding its characters one by one (UTF-8 is per character)
    return _UNSAFE.sub(_percent, s)


@lru_cache(maxsize=256)  # every IRI of a document's nodes starts with it
def doc_slug(doc_id: str) -> str:
    """Turn a document id (a file stem) into a path segment, injectively.

    Unlike `slug`, nothing is dropped or folded: every character outside the unreserved set
    (including space, "/" and "%") is percent-encoded, so two distinct file stems never share
    an IRI and the stem can be read back with `urllib.parse.unquote`.

    The names of the shared graphs (`reference`, `run`, `works`) are reserved: a document named
    like one gets its first character percent-encoded, so `run.txt` never overwrites the run
    graph (still injective: a plain slug never encodes a letter).

    Example:
        >>> doc_slug("002_a9bdf5634a27d9a9")
        '002_a9bdf5634a27d9a9'
        >>> doc_slug("a b"), doc_slug("ab"), doc_slug("a%20b")
        ('a%20b', 'ab', 'a%2520b')
        >>> doc_slug("run"), doc_slug("Run")
        ('%72un', 'Run')
    """
    s = _UNSAFE.sub(_percent, doc_id)
    return f"%{ord(s[0]):02X}{s[1:]}" if s in SHARED_GRAPH_NAMES else s


_new_iri = str.__new__
"""`URIRef(iri)` without rdflib's scan of every character for ones an IRI cannot hold (the same
object: a URIRef is a str). Only for IRIs made here of safe segments: `DATA`, constant path
words, `slug` / `doc_slug` / percent-encoded keys and integers, none of which can hold a space,
`<>"{}|^` or a backslash (tests/rdf/test_mint.py checks every minting function)."""


def _iri(*parts: str) -> URIRef:
    return _new_iri(URIRef, DATA + "/".join(parts))


@lru_cache(maxsize=64)
def _word(kind: str) -> str:
    """A path word passed in by code (a record kind): checked once to hold only unreserved characters.

    Raises:
        ValueError: `kind` has a character outside the unreserved set (slug it first).
    """
    if not kind or _UNSAFE.search(kind):
        raise ValueError(f"not a path word: {kind!r}")
    return kind


@lru_cache(maxsize=256)
def document(doc_id: str) -> URIRef:
    """IRI of a source document (one input file), keyed by its file stem (see `doc_slug`)."""
    return _iri("doc", doc_slug(doc_id))


@lru_cache(maxsize=256)
def graph(doc_id: str) -> URIRef:
    """IRI of the named graph that holds everything extracted from one document."""
    return _iri("graph", doc_slug(doc_id))


REFERENCE_GRAPH = _iri("graph", "reference")
"""Named graph of reference data: gazetteer schemes, entity hierarchy, code lists."""

RUN_GRAPH = _iri("graph", "run")
"""Named graph of the extraction run (PROV-O)."""

WORKS_GRAPH = _iri("graph", "works")
"""Named graph of the cited UN documents' descriptions (type, symbol, kind, organ, session, year):
facts that follow from a symbol alone, so every document citing it states the same triples and
they are kept once here, not repeated in each citing document's graph."""

ORGANISATIONS_GRAPH = _iri("graph", "organisations")
"""Named graph of the descriptions of organisations no gazetteer lists (type, label, parent):
facts that follow from the name alone, kept once however many documents name the body."""

UNION_GRAPHS = (WORKS_GRAPH, ORGANISATIONS_GRAPH)
"""Shared graphs that are the union of what every document states: rebuilt whole, never patched."""

UNION_TAILS: tuple[str, ...] = tuple(f" <{g}> .\n" for g in UNION_GRAPHS)
"""How an N-Quads line in each union graph ends (in `UNION_GRAPHS` order)."""


@lru_cache(maxsize=256)
def block_prefix(doc_id: str) -> str:
    """What every block IRI of a document starts with: `block(doc_id, i)` is it followed by `i`
    (for the line path, which writes a document's many block IRIs without a call each)."""
    return DATA + f"doc/{doc_slug(doc_id)}/block/"


def block(doc_id: str, index: int) -> URIRef:
    """IRI of a structural block (paragraph, heading, table row) of a document."""
    return _new_iri(URIRef, f"{block_prefix(doc_id)}{int(index)}")


@lru_cache(maxsize=1024)
def _annotation_prefix(doc_id: str, kind: str) -> str:
    return DATA + f"doc/{doc_slug(doc_id)}/{_word(kind)}/"


def annotation(doc_id: str, kind: str, raw_start: int, raw_end: int, key: str = "") -> URIRef:
    """IRI of a mention/evidence annotation: document, record kind, raw span (and key)."""
    if key:
        return _new_iri(
            URIRef, f"{_annotation_prefix(doc_id, kind)}{int(raw_start)}-{int(raw_end)}-{slug(key)}"
        )
    return _new_iri(URIRef, f"{_annotation_prefix(doc_id, kind)}{int(raw_start)}-{int(raw_end)}")


def mention_count(doc_id: str, kind: str, key: str) -> URIRef:
    """IRI of the count of a document's mentions of one thing (a `kg:MentionCount`), for every kind
    alike: `…/doc/<doc>/count/<kind>/<key>`, the key percent-encoded injectively (like `doc_slug`:
    nothing dropped or folded, so two keys never share a count).

    Example:
        >>> mention_count("d", "country", "MLI")
        rdflib.term.URIRef('https://unkg.org/id/doc/d/count/country/MLI')
        >>> str(mention_count("d", "organisation", "东盟秘书处")).rsplit("/", 1)[1][:9]
        '%E4%B8%9C'
        >>> mention_count("d", "entity", "a/b") != mention_count("d", "entity", "a-b")
        True
    """
    return _iri("doc", doc_slug(doc_id), "count", _word(kind), _UNSAFE.sub(_percent, key))


def selector(annotation_iri: URIRef) -> URIRef:
    """IRI of the text-position selector of an annotation."""
    return URIRef(f"{annotation_iri}/selector")


WORK_PREFIX = DATA + "document/"
"""Namespace of works (`work`); source documents are under `doc/`."""


def work(canonical_symbol: str) -> URIRef:
    """IRI of a UN document or resolution as a work, from its canonical symbol."""
    return _new_iri(URIRef, WORK_PREFIX + slug(canonical_symbol))


def country(iso3: str) -> URIRef:
    """IRI of a country or territory (ISO 3166-1 alpha-3)."""
    return _iri("country", slug(iso3.upper()))


def region(region_id: str) -> URIRef:
    """IRI of a region, grouping or sub-national area (gazetteer id)."""
    return _iri("region", slug(region_id))


def entity(entity_id: str) -> URIRef:
    """IRI of a UN entity or other organisation (gazetteer id)."""
    return _iri("entity", slug(entity_id))


ORGANISATION_PREFIX = DATA + "org/"
"""Namespace of organisations found by the open-class recogniser (`organisation`)."""


def organisation(name: str) -> URIRef:
    """IRI of an organisation that no gazetteer lists, from its normalised name.

    Every character outside the unreserved set is percent-encoded (no "/" -> "-" folding), so
    distinct names get distinct IRIs; the `org/` path keeps them apart from gazetteer entities.

    Example:
        >>> organisation("东盟秘书处")
        rdflib.term.URIRef('https://unkg.org/id/org/%E4%B8%9C%E7%9B%9F%E7%A7%98%E4%B9%A6%E5%A4%84')
    """
    return _new_iri(URIRef, ORGANISATION_PREFIX + quote(name, safe=""))


def entity_type(type_id: str) -> URIRef:
    """IRI of a concept of the UN entity type scheme."""
    return _iri("entity-type", slug(type_id))


def programme(plan_doc_id: str, number: int) -> URIRef:
    """IRI of programme `number` of the programme plan in document `plan_doc_id`."""
    return _iri("doc", doc_slug(plan_doc_id), "programme", str(int(number)))


def component(plan_doc_id: str, programme_number: int, key: str) -> URIRef:
    """IRI of a component/section of a programme."""
    return _iri("doc", doc_slug(plan_doc_id), "programme", str(int(programme_number)), "component", slug(key))


def subprogramme(
    plan_doc_id: str, programme_number: int, number: int, component_key: str | None = None
) -> URIRef:
    """IRI of a subprogramme (numbering restarts under components, so the component is part of the key)."""
    parts = ["doc", doc_slug(plan_doc_id), "programme", str(int(programme_number))]
    if component_key:
        parts += ["component", slug(component_key)]
    return _iri(*parts, "subprogramme", str(int(number)))


def concept(scheme: str, key: str) -> URIRef:
    """IRI of a concept in a project code list (doc types, mandate kinds, bodies...)."""
    return _iri("code", slug(scheme), slug(key))


_TAKEN_WORDS = frozenset(
    {"agent", "code", "country", "doc", "document", "entity", "entity-type", "graph", "org", "region", "run"}
)
"""First path segments the functions above mint under: `item` never takes one."""


def item(kind: str, key: str) -> URIRef:
    """IRI of what a record of `kind` is about when the kind has no function of its own here:
    `…/id/<kind>/<slug(key)>` (a new kind needs no edit of this module).

    Raises:
        ValueError: `kind` is not a path word, or is a segment the functions above use.

    Example:
        >>> str(item("agenda-item", "17(b)"))
        'https://unkg.org/id/agenda-item/17(b)'
    """
    if kind in _TAKEN_WORDS:
        raise ValueError(f"{kind!r} is a path segment this module already mints under; use its function")
    return _iri(_word(kind), slug(key))


def run(run_key: str) -> URIRef:
    """IRI of an extraction run, keyed by a content hash of its inputs and the tool version."""
    return _iri("run", slug(run_key))


def agent(version: str) -> URIRef:
    """IRI of the software agent (this tool at a version)."""
    return _iri("agent", "unkg-" + slug(version))
