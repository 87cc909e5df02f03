"""GENERATED from ontology/kg.ttl by `python -m kg.rdf.vocabgen` — do not edit."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    """Terms of the unkg ontology."""

    _NS = Namespace("https://unkg.org/ontology#")
    _fail = True

    Block: URIRef
    ExtractionRun: URIRef
    Mention: URIRef
    MentionCount: URIRef
    SourceDocument: URIRef
    SpecificTarget: URIRef
    agendaItem: URIRef
    blockIndex: URIRef
    blockKind: URIRef
    continues: URIRef
    countOf: URIRef
    countedIn: URIRef
    docId: URIRef
    docType: URIRef
    inBlock: URIRef
    inSection: URIRef
    issueCode: URIRef
    mentionCount: URIRef
    mentionKind: URIRef
    paragraphNumber: URIRef
    realizes: URIRef
    rule: URIRef
    session: URIRef
    sha256: URIRef
    sourceEncoding: URIRef
    supplement: URIRef
    surface: URIRef
    symbol: URIRef
    symbolInferred: URIRef
    symbolRule: URIRef
