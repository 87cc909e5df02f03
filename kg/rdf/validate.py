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


def validate_file(path: Path) -> ValidationResult:
    """Validate an N-Triples or Turtle file."""
    if not path.is_file():
        raise InputError(str(path), "no such graph file; run `kg build` first")
    fmt = "nt" if path.suffix == ".nt" else "turtle"
    g = Graph()
    g.parse(path, format=fmt)
    return validate_graph(g)
