"""Citation records -> triples: one work node per canonical symbol, one mention per citation.

- A resolved `Citation` points (``oa:hasBody``) at the work `mint.work(key)`: typed
  kg:Resolution / kg:Decision / kg:PresidentialStatement / kg:Report / kg:Bulletin (all
  kg:UNDocument), with its symbol, kind, issuing organ (the body concept shared with mandates),
  session or year, the forms it was printed in, and its undocs.org page as ``rdfs:seeAlso``. The
  citing source document gets ``kg:cites``. Mandate rows with the same key land on the same node.
- An unresolved citation points at a kg:UnresolvedReference node (no kg:symbol), so the
  `unresolved-citations` query finds it.
- The mention (a kg:CitationMention) carries the lettered parts, how it was read and whether the
  body was inferred.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from kg.model import Citation, CitedSymbol
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, Triple, annotation_iri, evidence_triples, lit, to_triples
from kg.rdf.vocab import KG
from kg.symbols import is_official, undocs_url

_KIND_CLASS = {
    "ga-resolution": KG.Resolution,
    "sc-resolution": KG.Resolution,
    "ecosoc-resolution": KG.Resolution,
    "hrc-resolution": KG.Resolution,
    "unea-resolution": KG.Resolution,
    "commission-resolution": KG.Resolution,
    "ga-decision": KG.Decision,
    "ecosoc-decision": KG.Decision,
    "hrc-decision": KG.Decision,
    "unep-gc-decision": KG.Decision,
    "commission-decision": KG.Decision,
    "governing-body-resolution": KG.Resolution,
    "governing-body-decision": KG.Decision,
    "sc-presidential-statement": KG.PresidentialStatement,
    "report": KG.Report,
    "bulletin": KG.Bulletin,
}


def work_triples(symbol: CitedSymbol) -> Iterator[Triple]:
    """Triples describing the work a canonical symbol identifies (shared by every citation of it)."""
    w = mint.work(symbol.canonical)
    yield w, RDF.type, KG.UNDocument
    cls = _KIND_CLASS.get(symbol.doc_kind)
    if cls is not None:
        yield w, RDF.type, cls
    yield w, KG.symbol, lit(symbol.canonical)
    yield w, KG.documentKind, mint.concept("doc-kind", symbol.doc_kind)
    if symbol.organ:
        yield w, KG.issuingOrgan, mint.concept("body", symbol.organ)
    if symbol.session is not None:
        yield w, KG.session, lit(symbol.session)
    if symbol.year is not None:
        yield w, KG.year, lit(symbol.year)
    if is_official(symbol.canonical):
        yield w, RDFS.seeAlso, URIRef(undocs_url(symbol.canonical))


@to_triples.register
def _citation(record: Citation, ctx: MappingContext) -> Iterator[Triple]:
    doc = ctx.doc
    if record.resolved and record.key and record.symbol is not None:
        target = mint.work(record.key)
        yield from work_triples(record.symbol)
        yield mint.document(doc.id), KG.cites, target
        if record.via != "link":
            yield target, KG.printedAs, lit(record.printed)
    else:
        rs, re_ = doc.raw_span(record.evidence.span)
        target = mint.annotation(doc.id, "unresolved-reference", rs, re_)
        yield target, RDF.type, KG.UnresolvedReference
        yield target, KG.printedAs, lit(record.printed)
        if record.body:
            yield target, KG.issuingOrgan, mint.concept("body", record.body)
    key = record.key or ""
    yield from evidence_triples(ctx, record.evidence, target, "citation", record.printed, key)
    ann = annotation_iri(ctx, record.evidence, "citation", key)
    yield ann, RDF.type, KG.CitationMention
    yield ann, KG.citedVia, lit(record.via)
    yield ann, KG.resolved, lit(record.resolved)
    yield ann, KG.bodyInferred, lit(record.body_inferred)
    if record.body:
        yield ann, KG.issuingOrgan, mint.concept("body", record.body)
    for part in record.symbol.parts if record.symbol else ():
        yield ann, KG.citedPart, lit(part)
