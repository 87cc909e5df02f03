"""The one prefix table: every namespace the graph uses, its prefix, and rdflib `Namespace`s of it.

Exports (Turtle, TriG, JSON-LD), SPARQL prologues, compact IRIs in views and the mapping's terms
all read this table; `ontology/context.jsonld` declares the same prefixes (checked by a test).
The order is the order of declarations in exports.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Namespace

PREFIXES: dict[str, str] = {
    "kg": "https://unkg.org/ontology#",
    "id": "https://unkg.org/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "fabio": "http://purl.org/spar/fabio/",
    "frbr": "http://purl.org/vocab/frbr/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "schema": "https://schema.org/",
}

ONTOLOGY = PREFIXES["kg"]  # ontology terms (kg:)
DATA = PREFIXES["id"]  # minted data IRIs

OA = Namespace(PREFIXES["oa"])
ORG = Namespace(PREFIXES["org"])
SKOS = Namespace(PREFIXES["skos"])
ELI = Namespace(PREFIXES["eli"])
FABIO = Namespace(PREFIXES["fabio"])
QB = Namespace(PREFIXES["qb"])


def sparql_prologue(names: Iterable[str] | None = None, sep: str = "\n") -> str:
    """SPARQL `PREFIX` declarations of `names` (default: all), one per line (or joined by `sep`).

    Example:
        >>> sparql_prologue(["kg", "skos"])
        'PREFIX kg: <https://unkg.org/ontology#>\\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\\n'
    """
    chosen = list(PREFIXES) if names is None else list(names)
    return sep.join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in chosen) + "\n"
