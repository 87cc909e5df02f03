"""Records -> triples: the only package that builds RDF (extractors never see rdflib).

`to_triples(record, ctx)` is a single-dispatch function; each record type registers a mapping in
one module of this package (documents here; citations, countries, entities, programmes in their
own modules, imported at the bottom). Every fact carries its evidence: `evidence_triples` makes
a mention node (a subclass of `kg:Mention`) with what was found, the document, the raw character
span of the source file and the block (paragraph) it was read in. That is the compact provenance
profile; the full profile (`PROVENANCE_PROFILES`) adds the W3C Web Annotation shape (target,
text-position selector), the surface, the rule and the extraction run (PROV-O).
No blank nodes are made: every node has a minted IRI, so exports are deterministic.

The build writes a document with `document_quads`. The high-volume records (country, region and
entity mentions, deliverables), the blocks and every mention node are mapped as N-Quads lines
(`to_lines`, `block_lines`, `evidence_lines`), without making rdflib terms; their `to_triples`
(and `block_triples`, `evidence_triples`) read those lines back (`triples_via_lines`), so each
mapping is written once.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, singledispatch
from typing import Literal as Choice
from typing import get_args

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.model import RECORD_KINDS, Block, Doc, DocumentInfo, Evidence
from kg.rdf import mint
from kg.rdf import ntriples as nt
from kg.rdf.mentions import mention_class_name as mention_class_name
from kg.rdf.namespaces import ELI as ELI
from kg.rdf.namespaces import FABIO as FABIO
from kg.rdf.namespaces import OA as OA
from kg.rdf.namespaces import ORG as ORG
from kg.rdf.namespaces import QB as QB
from kg.rdf.namespaces import SKOS as SKOS
from kg.rdf.vocab import KG
from kg.reference import Resources, default_resources

Triple = tuple[URIRef, URIRef, URIRef | Literal]


# A source document is the text of a UN document: a FRBR expression (kg:SourceDocument is a
# fabio:Expression). fabio:Report is a work, and FRBR makes works and expressions disjoint, so the
# document-type class must be an expression class too.
DOC_TYPE_CLASS = {
    "annual-report": FABIO.ReportDocument,
    "sg-report": FABIO.ReportDocument,
    "programme-plan": FABIO.ReportDocument,
    "sg-note": FABIO.ReportDocument,
    "body-report": FABIO.ReportDocument,
    "economic-survey": FABIO.ReportDocument,
}


class _Terms:
    """The terms of the per-mention and per-block triples, looked up once.

    `KG.x` / `RDF.x` build a new URIRef on every attribute access; these run for every mention.
    """

    type = RDF.type
    label = RDFS.label
    isPartOf = DCTERMS.isPartOf
    wasDerivedFrom = PROV.wasDerivedFrom
    wasGeneratedBy = PROV.wasGeneratedBy
    hasBody = OA.hasBody
    hasTarget = OA.hasTarget
    hasSource = OA.hasSource
    hasSelector = OA.hasSelector
    start = OA.start
    end = OA.end
    TextPositionSelector = OA.TextPositionSelector
    Mention = KG.Mention
    SpecificTarget = KG.SpecificTarget
    Block = KG.Block
    mentionKind = KG.mentionKind
    surface = KG.surface
    rule = KG.rule
    inBlock = KG.inBlock
    mentionStart = KG.start
    MentionCount = KG.MentionCount
    countedIn = KG.countedIn
    countOf = KG.countOf
    mentionCount = KG.mentionCount
    mentionEnd = KG.end
    blockIndex = KG.blockIndex
    blockKind = KG.blockKind
    paragraphNumber = KG.paragraphNumber
    inSection = KG.inSection
    continues = KG.continues


_T = _Terms


class _NT:
    """`_Terms` in N-Triples form (`<iri>`), for the line path (`to_lines`)."""

    type = nt.iri(_T.type)
    label = nt.iri(_T.label)
    isPartOf = nt.iri(_T.isPartOf)
    wasDerivedFrom = nt.iri(_T.wasDerivedFrom)
    wasGeneratedBy = nt.iri(_T.wasGeneratedBy)
    hasBody = nt.iri(_T.hasBody)
    hasTarget = nt.iri(_T.hasTarget)
    hasSource = nt.iri(_T.hasSource)
    hasSelector = nt.iri(_T.hasSelector)
    start = nt.iri(_T.start)
    end = nt.iri(_T.end)
    TextPositionSelector = nt.iri(_T.TextPositionSelector)
    Mention = nt.iri(_T.Mention)
    SpecificTarget = nt.iri(_T.SpecificTarget)
    Block = nt.iri(_T.Block)
    mentionKind = nt.iri(_T.mentionKind)
    surface = nt.iri(_T.surface)
    rule = nt.iri(_T.rule)
    inBlock = nt.iri(_T.inBlock)
    mentionStart = nt.iri(_T.mentionStart)
    MentionCount = nt.iri(_T.MentionCount)
    countedIn = nt.iri(_T.countedIn)
    countOf = nt.iri(_T.countOf)
    mentionCount = nt.iri(_T.mentionCount)
    mentionEnd = nt.iri(_T.mentionEnd)
    blockIndex = nt.iri(_T.blockIndex)
    blockKind = nt.iri(_T.blockKind)
    paragraphNumber = nt.iri(_T.paragraphNumber)
    inSection = nt.iri(_T.inSection)
    continues = nt.iri(_T.continues)


ProvenanceProfile = Choice["compact", "full"]
PROVENANCE_PROFILES: tuple[ProvenanceProfile, ...] = get_args(ProvenanceProfile)
"""How each mention's evidence is stated. `compact` (the default): the mention's class, its
body, document, raw span (`kg:start`, `kg:end`) and block. `full`: all of that plus the W3C Web
Annotation shape (`oa:hasTarget` -> `kg:SpecificTarget` -> `oa:TextPositionSelector`), the
generic `kg:Mention` type, `kg:mentionKind`, `kg:surface`, `kg:rule` and `prov:wasGeneratedBy`.
A query written against the compact triples reads both."""


def mention_class(kind: str) -> URIRef:
    """The class of a mention of `kind` (`mention_class_name`), as declared in ontology/kg.ttl.

    Raises:
        ValueError: the ontology declares no such class (the message says what to declare).
    """
    name = mention_class_name(kind)
    try:
        return URIRef(getattr(KG, name))
    except AttributeError:
        raise ValueError(
            f"no mention class for kind {kind!r}: declare kg:{name} (rdfs:subClassOf kg:Mention) in "
            "ontology/kg.ttl and run `python -m kg.rdf.vocabgen`"
        ) from None


def _declared_mention_classes() -> dict[str, URIRef]:
    out = {}
    for kind in RECORD_KINDS:
        try:
            out[kind] = mention_class(kind)
        except ValueError:  # reported where it is used, and by tests/test_registry.py
            continue
    return out


MENTION_CLASS: dict[str, URIRef] = _declared_mention_classes()
"""The class of a mention of each record kind (a subclass of kg:Mention; `kg:mentionKind`), by
the naming rule of `mention_class_name`: a new kind declares its class in ontology/kg.ttl only."""

_INT = nt.INTEGER_TAIL  # an int's literal is '"', the int and this

_MENTION_CLASS_NT = {kind: nt.iri(cls) for kind, cls in MENTION_CLASS.items()}


@dataclass(frozen=True)
class MappingContext:
    """What a mapping needs besides the record: the document (for raw offsets), the run, all
    the records of the document (per-document mention counts are counted from them) and the
    reference data the records were extracted with (default: `kg.reference.default_resources()`)."""

    doc: Doc
    run: URIRef
    entities: str = "open"  # entity mode of the extraction run
    records: tuple[object, ...] = ()
    resources: Resources = field(default_factory=default_resources, compare=False)
    provenance: ProvenanceProfile = "compact"  # how much of each mention's evidence is stated
    sink: Lines | None = field(default=None, compare=False, repr=False)
    """Where `evidence_triples` writes its lines instead of returning triples: set by
    `document_quads` only, which writes every triple of `to_triples` as it comes (so the lines
    stay in the order of the triples) and knows evidence is never a shared-graph fact."""

    def __post_init__(self) -> None:
        if self.provenance not in PROVENANCE_PROFILES:
            raise ValueError(
                f"unknown provenance profile {self.provenance!r}; available: {', '.join(PROVENANCE_PROFILES)}"
            )

    @cached_property
    def _counts(self) -> Counter[Hashable]:
        return Counter(k for k in map(count_key, self.records) if k is not None)

    def mention_count(self, record: object) -> int:
        """Number of records of the document that count as mentions of the same thing as `record`.

        Raises:
            ValueError: `record` is not among `records` (the context was built without them).
        """
        n = self._counts.get(count_key(record), 0)
        if not n:
            raise ValueError(
                f"{type(record).__name__} is not among the records of the mapping context of "
                f"{self.doc.id!r}; build MappingContext(..., records=<all records of the document>)"
            )
        return n


@singledispatch
def count_key(record: object) -> Hashable | None:
    """What `record` counts as a mention of (records with the same key are counted together);
    None for records that are not counted. Mapping modules register their record types."""
    return None


_BOOLEAN, _INTEGER = XSD.boolean, XSD.integer  # looked up once: offsets make lit() miss its cache


@lru_cache(maxsize=1 << 15, typed=True)  # typed: lit(True) is not lit(1)
def lit(value: str | int | bool, datatype: URIRef | None = None, lang: str | None = None) -> Literal:
    """Make a canonical literal (Oxigraph stores typed literals by value, so write canonical forms).

    Literals are immutable and rdflib makes them slowly, so the same one is handed out again
    (kinds, rules, small numbers and labels repeat across a document's mentions).
    """
    if lang:
        return Literal(str(value), lang=lang)
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=_BOOLEAN)
    if isinstance(value, int):
        return Literal(str(value), datatype=_INTEGER)
    return Literal(value, datatype=datatype) if datatype else Literal(value)


@singledispatch
def to_triples(record: object, ctx: MappingContext) -> Iterator[Triple]:
    """Map one record to triples."""
    raise TypeError(f"no RDF mapping for {type(record).__name__}; add one in kg/rdf/mapping/")


class Lines:
    """Where the line path (`to_lines`) writes one document's N-Quads lines of its own graph.

    `graph` is the document graph's N-Quads tail (` <graph> .` and the newline), `doc` and `run`
    the document's and the run's IRIs in N-Triples form: made once per document.
    """

    __slots__ = ("block", "doc", "graph", "graph_iri", "lines", "listed", "run")

    def __init__(self, ctx: MappingContext, lines: list[str]) -> None:
        self.lines = lines
        self.graph_iri = mint.graph(ctx.doc.id)
        self.graph = f" {nt.iri(self.graph_iri)} .\n"
        self.doc = nt.iri(mint.document(ctx.doc.id))
        self.run = nt.iri(ctx.run)
        self.block = "<" + mint.block_prefix(ctx.doc.id)
        """A block's IRI in N-Triples form is this, its index and `>` (`mint.block`)."""
        self.listed: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        """The lines of a mention of a listed thing that are the same for every mention of it in
        the document, by kind and key (see `kg.rdf.mapping.countries.listed_mention_lines`)."""


@singledispatch
def to_lines(record: object, ctx: MappingContext, out: Lines) -> bool:
    """Write `record`'s N-Quads lines to `out` without making rdflib terms, if its type has a line
    path (the high-volume records: mentions, deliverables); False if it has none (use `to_triples`).

    A line path writes all its lines in the document's graph: register one only for records with
    no shared-graph fact (`shared_graph_of`; tests/rdf/test_lines.py checks), and register
    `triples_via_lines` as the type's `to_triples`.
    """
    return False


def triples_of(lines: Iterable[str]) -> Iterator[Triple]:
    """The triples of N-Quads lines written by the line path (their graph dropped)."""
    return nt.read_triples(lines)


def triples_via_lines(record: object, ctx: MappingContext) -> Iterator[Triple]:
    """`to_triples` of a record whose mapping is written as lines (`to_lines`): the same
    statements, read back, so the mapping is defined once. Register it for such a type with
    `to_triples.register(TheRecord, triples_via_lines)`.

    Raises:
        TypeError: `record`'s type has no line path.
    """
    out = Lines(ctx, [])
    if not to_lines(record, ctx, out):
        raise TypeError(f"{type(record).__name__} has no line path (to_lines); map it with to_triples")
    return triples_of(out.lines)


def count_triples(node: URIRef, doc: URIRef, body: URIRef, n: int) -> Iterator[Triple]:
    """A per-document mention total: `node` is a kg:MentionCount of `body` in `doc`, `n` mentions.

    Each extractor mints its own `node` IRI (one per document and key); the shape is shared so
    queries read countries, regions and entities alike.
    """
    t = _T
    yield node, t.type, t.MentionCount
    yield node, t.countedIn, doc
    yield node, t.countOf, body
    yield node, t.mentionCount, lit(n)


def count_lines(out: Lines, node: str, body: str, n: int) -> None:
    """`count_triples` as lines (terms in N-Triples form)."""
    t, g = _NT, out.graph
    out.lines += (
        f"{node} {t.type} {t.MentionCount}{g}",
        f"{node} {t.countedIn} {out.doc}{g}",
        f"{node} {t.countOf} {body}{g}",
        f"{node} {t.mentionCount} {nt.integer(n)}{g}",
    )


def evidence_triples(
    ctx: MappingContext, evidence: Evidence, body: URIRef, kind: str, surface: str, key: str = ""
) -> Iterator[Triple]:
    """Triples recording that `body` was read at `evidence` (raw offsets, block; in the full
    profile also the Web Annotation target and selector, surface, rule and run): the lines of
    `evidence_lines`, read back (one definition of a mention's triples).

    The mention IRI is the same in both profiles (`annotation_iri`); callers may add more about it.

    Raises:
        ValueError: the ontology declares no mention class for `kind` (`mention_class`).
    """
    if ctx.sink is not None:  # document_quads: the lines are what it would write of the triples
        evidence_lines(ctx, ctx.sink, evidence, nt.iri(body), kind, surface, key)
        return iter(())
    out = Lines(ctx, [])
    evidence_lines(ctx, out, evidence, nt.iri(body), kind, surface, key)
    return triples_of(out.lines)


def evidence_lines(
    ctx: MappingContext, out: Lines, evidence: Evidence, body: str, kind: str, surface: str, key: str = ""
) -> None:
    """The lines recording that `body` (in N-Triples form) was read at `evidence`: the mention's
    class, body, document, raw span and block; in the full profile also the Web Annotation target
    and selector, surface, rule and run (`evidence_triples` reads them back as triples).

    Raises:
        ValueError: the ontology declares no mention class for `kind` (`mention_class`).
    """
    try:
        cls = _MENTION_CLASS_NT[kind]
    except KeyError:
        cls = nt.iri(mention_class(kind))  # raises, saying what to declare
    doc = ctx.doc
    span = evidence.span
    rs, re_ = doc.raw_starts[span.start], doc.raw_ends[span.end - 1]  # doc.raw_span, inlined
    a = mint.annotation(doc.id, kind, rs, re_, key)
    ann = f"<{a}>"
    start, end = f'"{rs}{_INT}', f'"{re_}{_INT}'  # nt.integer: offsets are ints
    t, g, d = _NT, out.graph, out.doc
    lines = out.lines
    lines += (
        f"{ann} {t.type} {cls}{g}",
        f"{ann} {t.hasBody} {body}{g}",
        f"{ann} {t.wasDerivedFrom} {d}{g}",
        f"{ann} {t.mentionStart} {start}{g}",
        f"{ann} {t.mentionEnd} {end}{g}",
    )
    blk = doc.paragraph_of(span.start)
    if blk is not None:
        lines.append(f"{ann} {t.inBlock} {out.block}{blk.index}>{g}")
    if ctx.provenance == "compact":
        return
    sel = nt.iri(mint.selector(a))
    pos = nt.iri(f"{a}/selector/position")
    lines += (
        f"{ann} {t.type} {t.Mention}{g}",
        f"{ann} {t.mentionKind} {nt.literal(kind)}{g}",
        f"{ann} {t.hasTarget} {sel}{g}",
        f"{sel} {t.type} {t.SpecificTarget}{g}",
        f"{sel} {t.hasSource} {d}{g}",
        f"{sel} {t.hasSelector} {pos}{g}",
        f"{pos} {t.type} {t.TextPositionSelector}{g}",
        f"{pos} {t.start} {start}{g}",
        f"{pos} {t.end} {end}{g}",
        f"{ann} {t.surface} {nt.literal(surface)}{g}",
        f"{ann} {t.rule} {nt.literal(evidence.rule)}{g}",
        f"{ann} {t.wasGeneratedBy} {out.run}{g}",
    )


def annotation_iri(ctx: MappingContext, evidence: Evidence, kind: str, key: str = "") -> URIRef:
    """The IRI that `evidence_triples` gives the annotation (to attach more facts to it)."""
    rs, re_ = ctx.doc.raw_span(evidence.span)
    return mint.annotation(ctx.doc.id, kind, rs, re_, key)


WORK_FACTS = frozenset(
    {RDF.type, KG.symbol, KG.documentKind, KG.issuingOrgan, KG.session, KG.year, RDFS.seeAlso}
)
"""Predicates of a cited work that follow from its symbol alone (see `mint.WORKS_GRAPH`)."""

ORGANISATION_FACTS = frozenset(
    {RDF.type, DCTERMS.identifier, SKOS.prefLabel, RDFS.label, SKOS.notation, DCTERMS.type}
    | {ORG.classification, ORG.subOrganizationOf}
)
"""Predicates of an organisation found by its name that follow from the name alone."""


_HAS_SUB_ORGANIZATION = frozenset({ORG.hasSubOrganization})
_SHARED_PREDICATES = WORK_FACTS | ORGANISATION_FACTS | _HAS_SUB_ORGANIZATION
"""Predicates a triple of a shared graph can have: any other triple is the document's own.

Sets, not `==`: rdflib compares terms in Python, and this is asked of every triple of a build.
"""


def shared_graph_of(triple: Triple) -> URIRef | None:
    """The shared graph a triple belongs in, or None when it is the document's own statement.

    A cited work's type, symbol, kind, organ, session, year and undocs.org page are the same in
    every document that cites it, and so are an open-class organisation's type, label and parent
    body: they go to `mint.WORKS_GRAPH` / `mint.ORGANISATIONS_GRAPH` once, so a query over the
    union of all graphs lists each once. How a document printed a symbol (`kg:printedAs`), what it
    cites or mentions, and what a work mandates in a plan stay in the document's graph.
    """
    s, p, o = triple
    if p not in _SHARED_PREDICATES:
        return None
    # terms are str subclasses: startswith on them directly, no str() copy
    if p in WORK_FACTS and s.startswith(mint.WORK_PREFIX):
        return mint.WORKS_GRAPH
    if p in ORGANISATION_FACTS and s.startswith(mint.ORGANISATION_PREFIX):
        return mint.ORGANISATIONS_GRAPH
    if p in _HAS_SUB_ORGANIZATION and o.startswith(mint.ORGANISATION_PREFIX):
        return mint.ORGANISATIONS_GRAPH
    return None


def split_shared_facts(triples: Iterable[Triple]) -> tuple[list[Triple], dict[URIRef, list[Triple]]]:
    """Split one document's triples into its own and those of each shared graph (`shared_graph_of`)."""
    own: list[Triple] = []
    shared: dict[URIRef, list[Triple]] = {g: [] for g in mint.UNION_GRAPHS}
    for t in triples:
        g = _shared_graph(t)
        (own if g is None else shared[g]).append(t)
    return own, shared


def _shared_graph(t: Triple) -> URIRef | None:
    """`shared_graph_of`, without the call for most triples (their predicate is never shared)."""
    return shared_graph_of(t) if t[1] in _SHARED_PREDICATES else None


def document_quads(ctx: MappingContext) -> list[str]:
    """N-Quads lines of one document (`ctx.doc`, `ctx.records`): its graph's and its share of
    the shared union graphs (`shared_graph_of`, as `split_shared_facts` splits them).

    Records with a line path (`to_lines`) and the blocks are written as lines directly; the others
    are mapped to rdflib triples (`to_triples`) and written with `ntriples.quad_line` as they come,
    their evidence as lines (`MappingContext.sink`). The lines are in the order of
    `document_triples` and the records, the union graphs' last.
    """
    lines: list[str] = []
    out = Lines(ctx, lines)
    shared: dict[URIRef, list[Triple]] = {g: [] for g in mint.UNION_GRAPHS}
    # evidence of records mapped as triples goes straight to `lines` (MappingContext.sink): each
    # triple is written as it comes, so the evidence lines fall where its triples would have
    ctx = replace(ctx, sink=out)
    document_lines(ctx, out)
    tail, quad_line = out.graph, nt.quad_line
    for r in ctx.records:
        if not to_lines(r, ctx, out):
            for t in to_triples(r, ctx):
                g = _shared_graph(t)
                if g is None:
                    lines.append(quad_line(*t, tail))
                else:
                    shared[g].append(t)
    for g, facts in shared.items():
        lines += nt.quad_lines(facts, g)
    return lines


def run_triples(run: URIRef, version: str, doc_ids: Iterable[str]) -> Iterator[Triple]:
    """PROV-O description of an extraction run: the software agent and the documents it used."""
    agent = mint.agent(version)
    yield run, RDF.type, KG.ExtractionRun
    yield run, PROV.wasAssociatedWith, agent
    yield agent, RDF.type, PROV.SoftwareAgent
    yield agent, RDFS.label, lit(f"unkg {version}")
    for doc_id in doc_ids:
        yield run, PROV.used, mint.document(doc_id)


def document_triples(ctx: MappingContext) -> Iterator[Triple]:
    """Triples of the source document itself and of its blocks (always emitted)."""
    yield from _document_own_triples(ctx)
    for b in ctx.doc.blocks:
        yield from block_triples(ctx, b)


def _document_own_triples(ctx: MappingContext) -> Iterator[Triple]:
    doc = ctx.doc
    d = mint.document(doc.id)
    yield d, RDF.type, KG.SourceDocument
    yield d, KG.docId, lit(doc.id)
    if doc.sha256:
        yield d, KG.sha256, lit(doc.sha256)
    yield d, KG.sourceEncoding, lit(doc.encoding)
    yield d, PROV.wasGeneratedBy, ctx.run


def document_lines(ctx: MappingContext, out: Lines) -> None:
    """`document_triples` as lines: the document's own triples made the rdflib way (a handful), its
    blocks' (many) by `block_lines`."""
    out.lines += nt.quad_lines(_document_own_triples(ctx), out.graph_iri)
    for b in ctx.doc.blocks:
        block_lines(ctx, out, b)


_block_kind = lru_cache(maxsize=64)(nt.literal)
"""A block kind's literal (a handful of kinds, a line for every block)."""


def block_lines(ctx: MappingContext, out: Lines, b: Block) -> None:
    """`block_triples` as lines."""
    doc = ctx.doc
    prefix, index, span = out.block, b.index, b.span
    iri = f"{prefix}{index}>"
    t, g = _NT, out.graph
    lines = out.lines
    lines += (
        f"{iri} {t.type} {t.Block}{g}",
        f"{iri} {t.isPartOf} {out.doc}{g}",
        f'{iri} {t.blockIndex} "{index}{_INT}{g}',  # nt.integer: indexes and offsets are ints
        f"{iri} {t.blockKind} {_block_kind(b.kind)}{g}",
        f'{iri} {t.start} "{doc.raw_starts[span.start]}{_INT}{g}',  # doc.raw_span, inlined
        f'{iri} {t.end} "{doc.raw_ends[span.end - 1]}{_INT}{g}',
    )
    if b.number:
        lines.append(f"{iri} {t.paragraphNumber} {nt.literal(b.number)}{g}")
    if b.section is not None:
        lines.append(f"{iri} {t.inSection} {prefix}{b.section}>{g}")
    if b.continues is not None:
        lines.append(f"{iri} {t.continues} {prefix}{b.continues}>{g}")
    if b.kind in ("heading", "box"):
        label = doc.text[b.span.start : b.span.end][:200]
        lines.append(f"{iri} {t.label} {nt.literal(label, lang='zh')}{g}")


def block_triples(ctx: MappingContext, b: Block) -> Iterator[Triple]:
    """Triples of one structural block: kind, number, raw span, section, continuation (the lines
    of `block_lines`, read back: one definition of a block's triples)."""
    out = Lines(ctx, [])
    block_lines(ctx, out, b)
    return triples_of(out.lines)


@to_triples.register
def _document_info(record: DocumentInfo, ctx: MappingContext) -> Iterator[Triple]:
    d = mint.document(record.doc_id)
    if record.title:
        yield d, DCTERMS.title, lit(record.title, lang="zh")
    if record.doc_type:
        yield d, RDF.type, DOC_TYPE_CLASS.get(record.doc_type, FABIO.Expression)
        yield d, KG.docType, mint.concept("doc-type", record.doc_type)
    if record.session is not None:
        yield d, KG.session, lit(record.session)
    if record.supplement is not None:
        yield d, KG.supplement, lit(record.supplement)
    if record.date:
        yield d, DCTERMS.date, lit(record.date, XSD.date)
    for item in record.agenda_items:
        yield d, KG.agendaItem, lit(item)
    if record.organ:
        yield d, KG.issuingOrgan, mint.concept("body", record.organ)
    if record.adoption_date:
        yield d, KG.adoptionDate, lit(record.adoption_date, XSD.date)
    if record.meeting is not None:
        yield d, KG.meetingNumber, lit(record.meeting)
    if record.meeting_date:
        yield d, KG.meetingDate, lit(record.meeting_date, XSD.date)
    if record.symbol:
        w = mint.work(record.symbol)
        yield d, KG.symbol, lit(record.symbol)
        yield d, KG.symbolInferred, lit(record.symbol_inferred)
        if record.symbol_rule:
            yield d, KG.symbolRule, lit(record.symbol_rule)
        yield d, KG.realizes, w
        yield w, KG.symbol, lit(record.symbol)
        yield w, RDFS.seeAlso, URIRef("https://undocs.org/zh/" + record.symbol.replace(" ", "%20"))
    yield from evidence_triples(ctx, record.evidence, d, "document", record.title or record.doc_id)


# Mapping modules of the other record kinds register themselves on import: every module of this
# package is imported, so a new one is registered by being here (no list to forget).
# no import guard: a broken mapping module must fail loudly, not drop its triples
MAPPING_MODULES = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__)))
for _name in MAPPING_MODULES:
    importlib.import_module(f"kg.rdf.mapping.{_name}")


def reference_triples() -> Iterator[Triple]:
    """Static reference data (gazetteer schemes, code lists) from the mapping modules that have it."""
    # imported here: these modules import this package (for to_triples, lit...) at their top
    from kg.rdf.mapping.codes import code_scheme_triples
    from kg.rdf.mapping.countries import country_scheme_triples
    from kg.rdf.mapping.entities import entity_scheme_triples

    yield from country_scheme_triples()
    yield from entity_scheme_triples()
    yield from code_scheme_triples()
