"""GENERATED from ontology/kg.ttl by `python -m kg.rdf.vocabgen` — do not edit."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    """Terms of the unkg ontology."""

    _NS = Namespace("https://unkg.org/ontology#")
    _fail = True

    Block: URIRef
    Bulletin: URIRef
    CitationMention: URIRef
    ComponentMention: URIRef
    Country: URIRef
    CountryMention: URIRef
    Decision: URIRef
    DeliverableMention: URIRef
    DeliverableObservation: URIRef
    DeliverablesStructure: URIRef
    DocumentMention: URIRef
    EntityMention: URIRef
    ExtractionRun: URIRef
    ISO3166Alpha2: URIRef
    ISO3166Alpha3: URIRef
    M49Code: URIRef
    MandateCitation: URIRef
    Mention: URIRef
    MentionCount: URIRef
    PresidentialStatement: URIRef
    Programme: URIRef
    ProgrammeComponent: URIRef
    ProgrammeMention: URIRef
    Region: URIRef
    RegionMention: URIRef
    Report: URIRef
    Resolution: URIRef
    SourceDocument: URIRef
    SpecificTarget: URIRef
    Subprogramme: URIRef
    SubprogrammeMention: URIRef
    UNDocument: URIRef
    UnresolvedReference: URIRef
    adoptionDate: URIRef
    agendaItem: URIRef
    blockIndex: URIRef
    blockKind: URIRef
    bodyInferred: URIRef
    citedPart: URIRef
    citedVia: URIRef
    cites: URIRef
    componentKey: URIRef
    confidence: URIRef
    continues: URIRef
    countOf: URIRef
    countedIn: URIRef
    deliverableCategory: URIRef
    deliverableLabel: URIRef
    describedIn: URIRef
    docId: URIRef
    docType: URIRef
    documentKind: URIRef
    end: URIRef
    figureKind: URIRef
    inBlock: URIRef
    inGroup: URIRef
    inSection: URIRef
    issueCode: URIRef
    issuingBody: URIRef
    issuingOrgan: URIRef
    mandateKind: URIRef
    mandatedBy: URIRef
    mandatedPlan: URIRef
    mandates: URIRef
    meetingDate: URIRef
    meetingNumber: URIRef
    mentionCount: URIRef
    mentionKind: URIRef
    mentionsCountry: URIRef
    mentionsEntity: URIRef
    mentionsRegion: URIRef
    objective: URIRef
    objectiveParagraph: URIRef
    paragraphNumber: URIRef
    plan: URIRef
    printedAs: URIRef
    programmeNumber: URIRef
    quantity: URIRef
    realizes: URIRef
    refYear: URIRef
    resolved: URIRef
    rule: URIRef
    session: URIRef
    sha256: URIRef
    sourceEncoding: URIRef
    start: URIRef
    subprogrammeNumber: URIRef
    supplement: URIRef
    surface: URIRef
    symbol: URIRef
    symbolInferred: URIRef
    symbolRule: URIRef
    tableId: URIRef
    tablePosition: URIRef
    unitLabel: URIRef
    year: URIRef
