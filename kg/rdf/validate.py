"""SHACL validation of an exported graph with pySHACL (imported only when used)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.paths import ontology_dir


@dataclass(frozen=True)
class ValidationResult:
    """Outcome of a SHACL run."""

    conforms: bool
    violations: int
    text: str


def validate_graph(data_graph: Graph) -> ValidationResult:
    """Validate an rdflib graph against ontology/shapes.ttl (with the ontology for RDFS inference)."""
    import pyshacl
    from rdflib.namespace import SH

    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ont = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    conforms, report, text = pyshacl.validate(
        data_graph, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True, allow_warnings=True
    )
    n = sum(1 for _ in report.subjects(SH.resultSeverity, SH.Violation))
    return ValidationResult(bool(conforms), n, str(text))


FORMATS = {".nt": "nt", ".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
"""Graph files `validate_file` reads, by suffix (named graphs are merged into one graph)."""


def validate_file(path: Path) -> ValidationResult:
    """Validate a graph file: N-Triples, Turtle, N-Quads, TriG or JSON-LD (by suffix).

    Raises:
        InputError: the file is missing, has an unknown suffix or does not parse.
    """
    if not path.is_file():
        raise InputError(str(path), "no such graph file; run `kg build` first")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            str(path),
            f"unknown graph format {path.suffix or '(no suffix)'!r}; "
            f"kg validate reads {', '.join(sorted(FORMATS))} files or an export folder",
        )
    g = Graph()
    try:
        if fmt in ("nquads", "trig"):
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(path, format=fmt)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
        else:
            g.parse(path, format=fmt)
    except Exception as err:  # noqa: BLE001 - rdflib's parsers raise many types for bad syntax
        raise InputError(
            str(path), f"not valid {fmt}: {type(err).__name__}: {str(err)[:300]}; fix or re-export it"
        ) from None
    return validate_graph(g)
