"""unkg: a knowledge-graph builder for United Nations official documents.

Public API: `build_graph()` builds a corpus into exports; `extract_file()` returns records.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build_graph", "extract_file"]


def build_graph(inputs: list[str], out_dir: str = "exports", *, jobs: int = 1) -> object:
    """Build the graph of `inputs` (files/folders) into `out_dir`; return the build report."""
    from kg.pipeline import build

    return build(inputs, out_dir, jobs=jobs)


def extract_file(path: str) -> list[dict[str, object]]:
    """Return the JSONL record objects extracted from one file."""
    from kg.export.records import record_to_json
    from kg.ingest.normalise import normalise_text
    from kg.ingest.read import read_doc
    from kg.pipeline import extract_doc

    raw = read_doc(path)
    doc = normalise_text(raw.raw, raw.id, raw.path, raw.encoding, raw.sha256)
    records, _ = extract_doc(doc)
    return [record_to_json(doc, r) for r in records]
