"""Golden cases kept in an extractor's own test file, next to its synthetic tests.

A test module `tests/extract/test_<extractor>.py` lists its cases in `KIND_CASES`; the registry
test (tests/test_registry.py) discovers them, runs each one, and takes the records it extracts as
the samples of their kinds (so a new kind needs no separate golden folder and no separate sample).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.export.records import record_to_json
from kg.extract import DEFAULT_OPTIONS, ExtractOptions, run_extractors
from kg.ingest.normalise import normalise_text
from kg.model import Record
from kg.reference import default_resources

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class KindCase:
    """Input text, the extractor to run, and the records it must give, in order: each expected
    row is the part of the record's JSONL row (README "Record dump") that the case pins down."""

    name: str
    extractor: str
    text: str
    expected: tuple[dict[str, Any], ...]
    options: ExtractOptions = DEFAULT_OPTIONS

    def run(self) -> tuple[tuple[Record, ...], list[dict[str, Any]]]:
        """The records the extractor finds in `text`, and their JSONL rows."""
        doc = normalise_text(self.text, self.name)
        records, _ = run_extractors(doc, self.options, default_resources(), [self.extractor])
        return records, [record_to_json(doc, r) for r in records]

    def mismatches(self) -> list[str]:
        """What differs from the expected rows (empty when the case passes)."""
        _, rows = self.run()
        if len(rows) != len(self.expected):
            return [f"{len(rows)} records, expected {len(self.expected)}: {[r['key'] for r in rows]}"]
        out = []
        for n, (row, want) in enumerate(zip(rows, self.expected, strict=True)):
            got = {k: row.get(k) for k in want}
            if got != want:
                out.append(f"record {n}: got {got}, expected {want}")
        return out

    @property
    def kinds(self) -> set[str]:
        """The kinds the case pins down."""
        return {str(row["kind"]) for row in self.expected}


def kind_cases() -> list[KindCase]:
    """Every `KIND_CASES` entry of the test modules of tests/extract/, in module order."""
    cases: list[KindCase] = []
    for path in sorted(HERE.glob("test_*.py")):
        module = importlib.import_module(f"tests.extract.{path.stem}")
        cases.extend(getattr(module, "KIND_CASES", ()))
    return cases
