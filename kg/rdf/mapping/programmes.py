"""Programme-plan records -> triples: plans with parts, mandates, deliverable observations.

- `Programme`, `Component`, `Subprogramme` are `prov:Plan`s (kg:Programme, kg:ProgrammeComponent,
  kg:Subprogramme) joined by `dct:hasPart` / `dct:isPartOf`: programme > component (lettered or
  duty-station section) > subprogramme; numbered parts ("构成部分 N") hang off the programme.
- A `Mandate` gives both a direct link, `plan kg:mandatedBy work` (a specialisation of ELI
  `based_on`; stated for the component and for its programme, so either can be asked), the work
  described as a citation describes it (`work_triples`: type, kind, organ, session...), and a
  qualified node: the evidence annotation, typed `kg:MandateCitation`, carrying the plan, body,
  kind, title and printed form next to the raw span.
- A `Deliverable` row gives one `kg:DeliverableObservation` (`qb:Observation`) per non-missing
  value column: plan, category, label, unit, year, planned/actual, quantity; the observations of
  a document form one `qb:DataSet` (`<doc>/deliverables`) of structure kg:DeliverablesStructure.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.model import Component, Deliverable, Mandate, Programme, Subprogramme
from kg.rdf import mint
from kg.rdf import ntriples as nt
from kg.rdf.mapping import (
    QB,
    Lines,
    MappingContext,
    Triple,
    annotation_iri,
    evidence_lines,
    evidence_triples,
    lit,
    to_lines,
    to_triples,
    triples_via_lines,
)
from kg.rdf.mapping.citations import work_triples
from kg.rdf.vocab import KG


def _component_iri(doc_id: str, programme: int, key: str | None) -> URIRef:
    return mint.component(doc_id, programme, key) if key else mint.programme(doc_id, programme)


@to_triples.register
def _programme(record: Programme, ctx: MappingContext) -> Iterator[Triple]:
    doc_id = ctx.doc.id
    p = mint.programme(doc_id, record.number)
    yield p, RDF.type, KG.Programme
    yield p, RDF.type, PROV.Plan
    yield p, KG.programmeNumber, lit(record.number)
    yield p, DCTERMS.title, lit(record.title, lang="zh")
    yield p, RDFS.label, lit(f"方案 {record.number} {record.title}".strip(), lang="zh")
    yield p, KG.describedIn, mint.document(doc_id)
    yield p, PROV.wasDerivedFrom, mint.document(doc_id)
    if record.objective:
        yield p, KG.objective, lit(record.objective, lang="zh")
    if record.entity:
        yield p, PROV.wasAttributedTo, mint.entity(record.entity)
    yield from evidence_triples(ctx, record.evidence, p, "programme", record.title, str(record.number))


@to_triples.register
def _component(record: Component, ctx: MappingContext) -> Iterator[Triple]:
    doc_id = ctx.doc.id
    c = mint.component(doc_id, record.programme, record.key)
    parent = mint.programme(doc_id, record.programme)
    yield c, RDF.type, KG.ProgrammeComponent
    yield c, RDF.type, PROV.Plan
    yield c, KG.componentKey, lit(record.key)
    yield c, DCTERMS.title, lit(record.title, lang="zh")
    yield c, DCTERMS.isPartOf, parent
    yield parent, DCTERMS.hasPart, c
    yield from evidence_triples(
        ctx, record.evidence, c, "component", record.title, f"{record.programme}-{record.key}"
    )


@to_triples.register
def _subprogramme(record: Subprogramme, ctx: MappingContext) -> Iterator[Triple]:
    doc_id = ctx.doc.id
    s = mint.subprogramme(doc_id, record.programme, record.number, record.component)
    parent = _component_iri(doc_id, record.programme, record.component)
    yield s, RDF.type, KG.Subprogramme
    yield s, RDF.type, PROV.Plan
    yield s, KG.subprogrammeNumber, lit(record.number)
    yield s, DCTERMS.title, lit(record.title, lang="zh")
    yield s, DCTERMS.isPartOf, parent
    yield parent, DCTERMS.hasPart, s
    if record.objective:
        yield s, KG.objective, lit(record.objective, lang="zh")
    if record.paragraph:
        yield s, KG.objectiveParagraph, lit(record.paragraph)
    if record.entity:
        yield s, PROV.wasAttributedTo, mint.entity(record.entity)
    key = f"{record.programme}-{record.component or ''}-{record.number}"
    yield from evidence_triples(ctx, record.evidence, s, "subprogramme", record.title, key)


@to_triples.register
def _mandate(record: Mandate, ctx: MappingContext) -> Iterator[Triple]:
    doc_id = ctx.doc.id
    programme = mint.programme(doc_id, record.programme)
    plan = _component_iri(doc_id, record.programme, record.component)
    body = mint.work(record.key) if record.key else plan
    if record.key:
        for mandated in {programme, plan}:
            yield mandated, KG.mandatedBy, body
            yield body, KG.mandates, mandated
        if record.symbol is not None:  # the same description a citation of the work gives
            yield from work_triples(record.symbol)
        else:
            yield body, KG.symbol, lit(record.key)
    yield from evidence_triples(ctx, record.evidence, body, "mandate", record.printed, record.key or "")
    cite = annotation_iri(ctx, record.evidence, "mandate", record.key or "")
    yield cite, RDF.type, KG.MandateCitation
    yield cite, KG.mandatedPlan, plan
    yield cite, KG.issuingBody, mint.concept("body", record.body)
    yield cite, KG.mandateKind, mint.concept("mandate-kind", record.mandate_kind)
    yield cite, KG.printedAs, lit(record.printed)
    if record.title:
        yield cite, DCTERMS.title, lit(record.title, lang="zh")
    if record.year is not None:  # old-mandates dates every row, keyed or not (treaties)
        yield cite, KG.year, lit(record.year)
        if record.key:
            yield body, KG.year, lit(record.year)


to_triples.register(Deliverable, triples_via_lines)


class _D:
    """The terms of `_deliverable_lines` in N-Triples form."""

    type, dataSet, structure, source = map(nt.iri, (RDF.type, QB.dataSet, QB.structure, DCTERMS.source))
    DataSet, Observation, Structure = map(nt.iri, (QB.DataSet, QB.Observation, KG.DeliverablesStructure))
    DeliverableObservation, plan = nt.iri(KG.DeliverableObservation), nt.iri(KG.plan)
    category, label, unit = map(nt.iri, (KG.deliverableCategory, KG.deliverableLabel, KG.unitLabel))
    tableId, tablePosition, refYear = map(nt.iri, (KG.tableId, KG.tablePosition, KG.refYear))
    figureKind, quantity, wasDerivedFrom = map(nt.iri, (KG.figureKind, KG.quantity, PROV.wasDerivedFrom))


@to_lines.register
def _deliverable_lines(record: Deliverable, ctx: MappingContext, out: Lines) -> bool:
    """A deliverables row: its mention of the plan, and one `kg:DeliverableObservation`
    (`qb:Observation` of the document's data set) per figure: plan, category, label, unit, table,
    year, planned/actual, quantity. A row's observations are most of a programme plan's triples."""
    doc_id = ctx.doc.id
    if record.subprogramme is not None:
        plan_iri = mint.subprogramme(
            doc_id, record.programme, record.subprogramme, _section(record.component)
        )
    else:
        plan_iri = _component_iri(doc_id, record.programme, record.component)
    plan = nt.iri(plan_iri)
    rs, re_ = ctx.doc.raw_span(record.evidence.span)
    t, g, d = _D, out.graph, out.doc
    data_set = nt.iri(f"{mint.document(doc_id)}/deliverables")
    lines = out.lines
    lines += (
        f"{data_set} {t.type} {t.DataSet}{g}",
        f"{data_set} {t.structure} {t.Structure}{g}",
        f"{data_set} {t.source} {d}{g}",
    )
    row_key = f"{record.programme}-{record.table_position}-{record.category}"
    evidence_lines(ctx, out, record.evidence, plan, "deliverable", record.label, row_key)
    category, label = nt.literal(record.category), nt.literal(record.label, lang="zh")
    unit = nt.literal(record.unit, lang="zh") if record.unit else None
    table, position = nt.literal(record.table), nt.integer(record.table_position)
    for figure in record.figures:
        kind, year = figure.kind, figure.year
        obs = nt.iri(mint.annotation(doc_id, "deliverable", rs, re_, f"{kind}-{year}"))
        lines += (
            f"{obs} {t.type} {t.DeliverableObservation}{g}",
            f"{obs} {t.type} {t.Observation}{g}",
            f"{obs} {t.dataSet} {data_set}{g}",
            f"{obs} {t.plan} {plan}{g}",
            f"{obs} {t.category} {category}{g}",
            f"{obs} {t.label} {label}{g}",
        )
        if unit is not None:
            lines.append(f"{obs} {t.unit} {unit}{g}")
        lines += (
            f"{obs} {t.tableId} {table}{g}",
            f"{obs} {t.tablePosition} {position}{g}",
            f"{obs} {t.refYear} {nt.integer(year)}{g}",
            f"{obs} {t.figureKind} {nt.literal(kind)}{g}",
            f"{obs} {t.quantity} {nt.integer(figure.value)}{g}",
            f"{obs} {t.wasDerivedFrom} {d}{g}",
        )
    return True


def _section(component: str | None) -> str | None:
    """The section a subprogramme is numbered under: "A.1.2" -> "A"; a bare part "3" -> None."""
    if component is None:
        return None
    head = component.split(".")[0]
    return None if head.isdigit() else head
