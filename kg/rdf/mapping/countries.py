"""Country and region records -> triples, and the static country/region SKOS schemes.

- A `CountryMention` gives a `kg:CountryMention` (evidence: document, raw span, block; the full
  Web Annotation shape too with `--provenance full`) whose body is the country concept
  `id/country/{ISO3}`, `doc kg:mentionsCountry country`, and one `kg:MentionCount` per
  document and country (`kg:countedIn`, `kg:countOf`, `kg:mentionCount`).
- A `RegionMention` does the same with a `kg:RegionMention`, `kg:mentionsRegion` and `id/region/{id}`.
- Types, labels, notations and hierarchy are stated once, in the reference graph, not in every
  document graph (repeating them made union-graph queries list each node once per graph); a
  document graph types a mentioned node only if the reference graph does not describe it.
- `country_scheme_triples()` (reference graph): every country, territory and former state as a
  `skos:Concept` + `kg:Country` with `skos:notation` ISO alpha-2 / alpha-3 / M49 typed literals,
  zh/en `skos:prefLabel`, zh `skos:altLabel`s and `skos:broader` its M49 subregion; every region,
  grouping, named region and sub-national area as `skos:Concept` + `kg:Region` with `skos:broader`
  (M49 hierarchy; the country of a sub-national area) and `kg:inGroup` from a member country to
  its groupings (least developed countries, LLDC, SIDS).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.model import CountryMention, EntityMention, RegionMention
from kg.rdf import mint
from kg.rdf import ntriples as nt
from kg.rdf.mapping import (
    SKOS,
    Lines,
    MappingContext,
    Triple,
    count_key,
    count_lines,
    evidence_lines,
    lit,
    to_lines,
    to_triples,
    triples_via_lines,
)
from kg.rdf.vocab import KG
from kg.reference import Resources, default_resources
from kg.reference.countries import CountryResources
from kg.reference.gazetteer import GazetteerEntry

COUNTRY_SCHEME = mint.concept("scheme", "countries")
REGION_SCHEME = mint.concept("scheme", "regions")


@count_key.register
def _country_key(record: CountryMention) -> Hashable:
    return record.iso3


@count_key.register
def _region_key(record: RegionMention) -> Hashable:
    return f"region:{record.region_id}"


_TYPE, _COUNTRY, _REGION = nt.iri(RDF.type), nt.iri(KG.Country), nt.iri(KG.Region)
_MENTIONS_PREDICATE = {
    kind: nt.iri(p)
    for kind, p in (
        ("country", KG.mentionsCountry),
        ("region", KG.mentionsRegion),
        ("entity", KG.mentionsEntity),
    )
}


def listed_mention_lines(
    ctx: MappingContext,
    out: Lines,
    record: CountryMention | RegionMention | EntityMention,
    kind: str,
    key: str,
    body: str,
    untyped: str | None,
) -> None:
    """The lines of a mention of something a gazetteer lists (a country, region or entity; `body`
    in N-Triples form): `body a untyped` when the reference graph does not describe it (`untyped`
    its class, else None), the document's `kg:mentions…` link to it, the mention node
    (`evidence_lines`) and the per-document count (`count_lines`)."""
    fixed = out.listed.get((kind, key))
    if fixed is None:  # the first mention of it in the document: its other lines are these again
        g = out.graph
        mentioned = f"{out.doc} {_MENTIONS_PREDICATE[kind]} {body}{g}"
        head = (f"{body} {_TYPE} {untyped}{g}", mentioned) if untyped is not None else (mentioned,)
        counted = Lines(ctx, [])
        count_lines(
            counted, nt.iri(mint.mention_count(ctx.doc.id, kind, key)), body, ctx.mention_count(record)
        )
        fixed = out.listed[kind, key] = head, tuple(counted.lines)
    out.lines += fixed[0]
    evidence_lines(ctx, out, record.evidence, body, kind, record.surface, key)
    out.lines += fixed[1]


to_triples.register(CountryMention, triples_via_lines)
to_triples.register(RegionMention, triples_via_lines)


@to_lines.register
def _country_mention_lines(record: CountryMention, ctx: MappingContext, out: Lines) -> bool:
    described = record.iso3 in _described(ctx.resources.countries)[0]  # else typed here, per document
    body = nt.iri(mint.country(record.iso3))
    listed_mention_lines(ctx, out, record, "country", record.iso3, body, None if described else _COUNTRY)
    return True


@to_lines.register
def _region_mention_lines(record: RegionMention, ctx: MappingContext, out: Lines) -> bool:
    described = record.region_id in _described(ctx.resources.countries)[1]
    body = nt.iri(mint.region(record.region_id))
    listed_mention_lines(ctx, out, record, "region", record.region_id, body, None if described else _REGION)
    return True


def _described(res: CountryResources) -> tuple[frozenset[str], frozenset[str]]:
    """Country and region ids that `country_scheme_triples` describes in the reference graph."""
    return res.described


def country_scheme_triples(resources: Resources | None = None) -> Iterator[Triple]:
    """Static triples of the country and region schemes (for the reference graph).

    Args:
        resources: the reference data (default: `kg.reference.default_resources()`).
    """
    res = (resources or default_resources()).countries
    yield COUNTRY_SCHEME, RDF.type, SKOS.ConceptScheme
    yield COUNTRY_SCHEME, DCTERMS.title, lit("Countries and territories (ISO 3166, UN names)", lang="en")
    yield REGION_SCHEME, RDF.type, SKOS.ConceptScheme
    yield (
        REGION_SCHEME,
        DCTERMS.title,
        lit("Regions, groupings and sub-national areas (M49 and UN usage)", lang="en"),
    )
    subregion: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for region in res.regions.entries:
        for member in region.get("members") or ():
            if region.get("type") == "grouping":
                groups.setdefault(member, []).append(region.id)
            else:
                subregion[member] = region.id
    for e in res.countries.entries:
        if e.get("type") == "trap":
            continue
        c = mint.country(e.id)
        yield from _concept(c, KG.Country, COUNTRY_SCHEME, e)
        yield c, SKOS.notation, lit(e.id, KG.ISO3166Alpha3)
        if e.get("iso2"):
            yield c, SKOS.notation, lit(str(e.get("iso2")), KG.ISO3166Alpha2)
        if e.get("m49"):
            yield c, SKOS.notation, lit(str(e.get("m49")), KG.M49Code)
        yield c, DCTERMS.type, mint.concept("country-type", str(e.get("type")))
        if e.id in subregion:
            yield c, SKOS.broader, mint.region(subregion[e.id])
        for group in groups.get(e.id, ()):
            yield c, KG.inGroup, mint.region(group)
    for region in res.regions.entries:
        r = mint.region(region.id)
        yield from _concept(r, KG.Region, REGION_SCHEME, region)
        yield r, DCTERMS.type, mint.concept("region-type", str(region.get("type")))
        if region.get("m49"):
            yield r, SKOS.notation, lit(str(region.get("m49")), KG.M49Code)
        for parent in region.get("broader") or ():
            yield r, SKOS.broader, mint.region(parent)
        if region.get("country"):
            yield r, SKOS.broader, mint.country(str(region.get("country")))
        if not region.get("broader") and region.get("type") == "m49-region":
            yield r, SKOS.topConceptOf, REGION_SCHEME


def _concept(iri: URIRef, cls: URIRef, scheme: URIRef, entry: GazetteerEntry) -> Iterator[Triple]:
    """A gazetteer entry as a SKOS concept of `scheme`: types, zh/en preferred labels, zh aliases."""
    yield iri, RDF.type, SKOS.Concept
    yield iri, RDF.type, cls
    yield iri, SKOS.inScheme, scheme
    yield iri, SKOS.prefLabel, lit(entry.label, lang="zh")
    yield iri, SKOS.prefLabel, lit(str(entry.get("label_en")), lang="en")
    for alias in entry.aliases:
        if alias != entry.label:
            yield iri, SKOS.altLabel, lit(alias, lang="zh")
