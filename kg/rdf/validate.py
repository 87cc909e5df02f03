"""SHACL validation of an exported graph with pySHACL (imported only when used)."""

from __future__ import annotations

import time
from collections.abc import Callable
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


Progress = Callable[[str], None]
"""Receives one line per step of a long validation (the CLI prints them on stderr)."""


def _quiet(_: str) -> None:
    pass


def validate_graph(data_graph: Graph, progress: Progress = _quiet) -> ValidationResult:
    """Validate an rdflib graph against the SHACL shapes of ontology/kg.ttl (with its OWL terms for
    RDFS inference: `sh:class` sees subclasses).

    Args:
        data_graph: the graph to check.
        progress: called with a line before each step and with the time the SHACL run took.
    """
    import pyshacl
    from rdflib.namespace import RDF, SH

    progress("loading the ontology and its SHACL shapes")
    # one file holds both: pySHACL reads the shapes from it and mixes in the terms as ontology
    ont = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    shapes = ont
    # pySHACL reports nothing while it runs: say how big the job is before it starts
    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape)))
    progress(f"checking {len(data_graph)} triples against {n_shapes} SHACL shapes (pySHACL)")
    started = time.perf_counter()
    conforms, report, text = pyshacl.validate(
        data_graph, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True, allow_warnings=True
    )
    n = sum(1 for _ in report.subjects(SH.resultSeverity, SH.Violation))
    progress(f"SHACL run done in {time.perf_counter() - started:.1f}s: {n} violation(s)")
    return ValidationResult(bool(conforms), n, str(text))


FORMATS = {".nt": "nt", ".ttl": "turtle", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
"""Graph files `validate_file` reads, by suffix (named graphs are merged into one graph)."""


def validate_file(path: Path, progress: Progress = _quiet) -> ValidationResult:
    """Validate a graph file: N-Triples, Turtle, N-Quads, TriG or JSON-LD (by suffix).

    Args:
        path: the graph file.
        progress: called with a line before each step (reading, shapes, SHACL run).

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
    progress(f"reading {path} ({path.stat().st_size / 1e6:.1f} MB)")
    started = time.perf_counter()
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
    progress(f"read {len(g)} triples in {time.perf_counter() - started:.1f}s")
    return validate_graph(g, progress)
