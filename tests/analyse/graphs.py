"""Tiny hand-built graphs (Turtle with the real ontology terms) with known answers, for analyse tests.

The "small world": documents d1 and d2; programmes 1-3 of plan d2 with mandates
    P1 -> R1 R2        P2 -> R1 R2 R3        P3 -> R4
so Jaccard(P1, P2) = 2/3 and P3 shares nothing. d1 realises work A/1; d1 cites R1 twice and R3
once, d2 cites A/1 and R1 once. Country mentions (blocks: b1 heading; b2 under b1; b3 continues
b2): d1 b1 CHN USA, d1 b2 CHN, d1 b3 FRA (same paragraph as b2), d2 b1 CHN, d2 b2 FRA;
entity UNDP in d1 b2. Entity hierarchy: UNDP and UNICEF are part of UN.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.store.backend import GraphStore

ID = "https://unkg.org/id/"

PREFIXES = """\
@prefix kg:   <https://unkg.org/ontology#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix id:   <https://unkg.org/id/> .
"""


def store_from_turtle(ttl: str) -> GraphStore:
    """An in-memory GraphStore holding `ttl` (the usual prefixes are added)."""
    store = GraphStore.open(None)
    ttl = _ID_NAME.sub(lambda m: f"<{ID}{m.group(1)}>", ttl)  # Turtle names cannot hold "/"
    store.store.load((PREFIXES + ttl).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


MENTION_CLASS = {
    "citation": "kg:CitationMention",
    "mandate": "kg:MandateCitation",
    "country": "kg:CountryMention",
    "region": "kg:RegionMention",
    "entity": "kg:EntityMention",
    "programme": "kg:ProgrammeMention",
}
_ID_NAME = re.compile(r"(?<![\w:])id:([^\s;,]+)")
_counter = iter(range(10_000))


def mention(
    kind: str,
    body: str,
    doc: str,
    block: int | None,
    start: int = 0,
    surface: str = "x",
    *,
    full: bool = False,
) -> str:
    """Turtle of one mention of `kind` whose body is `id:<body>`, read in `doc` (block index).

    The compact provenance profile's triples; `full` adds those of the full profile (generic
    type, kind, surface, Web Annotation target and selector), as `kg build --provenance full`.
    """
    n = next(_counter)
    m = f"id:doc/{doc}/{kind}/{n}"
    end = start + len(surface)
    in_block = f" ; kg:inBlock id:doc/{doc}/block/{block}" if block is not None else ""
    text = (
        f"{m} a {MENTION_CLASS[kind]} ; oa:hasBody id:{body} ; prov:wasDerivedFrom id:doc/{doc} ;\n"
        f"  kg:start {start} ; kg:end {end}{in_block} .\n"
    )
    if full:
        text += (
            f'{m} a kg:Mention ; kg:mentionKind "{kind}" ; kg:surface "{surface}" ; oa:hasTarget {m}/selector .\n'
            f"{m}/selector oa:hasSelector {m}/selector/position .\n"
            f"{m}/selector/position oa:start {start} ; oa:end {end} .\n"
        )
    return text


def _doc(doc: str, realises: str | None = None) -> str:
    text = f'id:doc/{doc} a kg:SourceDocument ; kg:docId "{doc}" .\n'
    text += f'id:doc/{doc}/block/1 a kg:Block ; rdfs:label "一、导言"@zh .\n'
    text += (
        f'id:doc/{doc}/block/2 a kg:Block ; kg:inSection id:doc/{doc}/block/1 ; kg:paragraphNumber "2" .\n'
    )
    text += f"id:doc/{doc}/block/3 a kg:Block ; kg:inSection id:doc/{doc}/block/1 ; kg:continues id:doc/{doc}/block/2 .\n"
    if realises:
        text += f'id:doc/{doc} kg:realizes id:document/{realises} . id:document/{realises} kg:symbol "{realises}" .\n'
    return text


def _programme(n: int, mandates: list[str]) -> str:
    p = f"id:doc/d2/programme/{n}"
    text = (
        f'{p} a kg:Programme ; kg:programmeNumber {n} ; dct:title "方案{n}"@zh ; kg:describedIn id:doc/d2 .\n'
    )
    for r in mandates:
        text += f'{p} kg:mandatedBy id:document/{r} . id:document/{r} kg:symbol "{r}" .\n'
    return text


def _place(kind: str, key: str, en: str, zh: str) -> str:
    return f'id:{kind}/{key} skos:prefLabel "{en}"@en, "{zh}"@zh ; skos:notation "{key}" .\n'


SMALL_WORLD = "".join(
    [
        _doc("d1", realises="A-1"),
        _doc("d2"),
        _programme(1, ["R1", "R2"]),
        _programme(2, ["R1", "R2", "R3"]),
        _programme(3, ["R4"]),
        mention("citation", "document/R1", "d1", 2, 10),
        mention("citation", "document/R1", "d1", 3, 20),
        mention("citation", "document/R3", "d1", 2, 30),
        mention("citation", "document/A-1", "d2", 2, 10),
        mention("citation", "document/R1", "d2", 2, 40),
        mention("country", "country/CHN", "d1", 1, 1, "中国", full=True),
        mention("country", "country/USA", "d1", 1, 5, "美国"),
        mention("country", "country/CHN", "d1", 2, 50, "中国"),
        mention("country", "country/FRA", "d1", 3, 60, "法国"),
        mention("country", "country/CHN", "d2", 1, 1, "中国"),
        mention("country", "country/FRA", "d2", 2, 70, "法国"),
        mention("entity", "entity/UNDP", "d1", 2, 80, "开发署"),
        _place("country", "CHN", "China", "中国"),
        _place("country", "USA", "United States of America", "美利坚合众国"),
        _place("country", "FRA", "France", "法国"),
        _place("entity", "UNDP", "United Nations Development Programme", "联合国开发计划署"),
        _place("entity", "UNICEF", "United Nations Children's Fund", "联合国儿童基金会"),
        _place("entity", "UN", "United Nations", "联合国"),
        "id:entity/UNDP org:subOrganizationOf id:entity/UN .\n",
        "id:entity/UNICEF org:subOrganizationOf id:entity/UN .\n",
    ]
)


def small_world() -> GraphStore:
    """The small world described in the module docstring."""
    return store_from_turtle(SMALL_WORLD)


def iri(path: str) -> str:
    """Full IRI of a data node: iri("country/CHN")."""
    return ID + path


def write_small_world(path: Path) -> Path:
    """Persist the small world as an on-disk store at `path` (for `kg analyse --store`)."""
    store = ox.Store(str(path))
    ttl = _ID_NAME.sub(lambda m: f"<{ID}{m.group(1)}>", SMALL_WORLD)
    store.load((PREFIXES + ttl).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    store.flush()
    del store
    return path
