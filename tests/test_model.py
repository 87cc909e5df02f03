"""Record types declare their JSONL `kind` and `key` once, on the type (kg/model.py)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from kg.export.records import record_key, record_to_json
from kg.ingest.normalise import normalise_text
from kg.model import (
    RECORD_KINDS,
    RECORD_TYPES,
    Citation,
    CitedSymbol,
    Component,
    CountryMention,
    Deliverable,
    DocumentInfo,
    EntityMention,
    Evidence,
    Figure,
    Mandate,
    OrganisationMention,
    Programme,
    RegionMention,
    Span,
    Subprogramme,
    record_kind,
)

EV = Evidence("t", Span(0, 2), "test")


def test_model_every_record_type_declares_kind_and_key_on_itself() -> None:
    for t in RECORD_TYPES:
        assert isinstance(t.KIND, str) and t.KIND, t
        assert callable(t.record_key), t
        assert dataclasses.is_dataclass(t) and "evidence" in {f.name for f in dataclasses.fields(t)}, t
    assert RECORD_KINDS == tuple(sorted({t.KIND for t in RECORD_TYPES}))
    assert set(RECORD_KINDS) >= {"document", "citation", "country", "region", "entity", "mandate"}


# one synthetic record of every record type, with its kind and key (tests/test_registry.py reuses it)
RECORD_SAMPLES: list[tuple[object, str, object]] = [
    (
        DocumentInfo("t", "A/RES/1/1", False, "printed", None, None, None, None, (), None, EV),
        "document",
        "A/RES/1/1",
    ),
    (Citation("S/RES/1(1946)", "SC", False, True, "p", None, "text", EV), "citation", "S/RES/1(1946)"),
    (CountryMention("MLI", "马里", "Mali", "马里", EV), "country", "MLI"),
    (RegionMention("sahel", "萨赫勒", "Sahel", "named-region", None, "萨赫勒", EV), "region", "sahel"),
    (EntityMention("undp", "开发署", "UNDP", "UNDP", "fund", "开发署", EV), "entity", "undp"),
    (
        OrganisationMention("某委员会", "某委员会", "", None, "other", "某委员会", EV, "委员会", 0.9, None),
        "entity",
        "某委员会",
    ),
    (Programme(3, "政治事务", None, EV), "programme", 3),
    (Component(3, "A", "t", EV), "component", "3/A"),
    (Subprogramme(3, 2, "t", "A", None, None, EV), "subprogramme", "3/A/2"),
    (Subprogramme(3, 2, "t", None, None, None, EV), "subprogramme", "3/2"),
    (Mandate(None, 3, None, "GA", "resolution", None, "1996", None, EV), "mandate", None),
    (  # a row with a symbol: its mention is about the work (typed, so the shape check sees it)
        Mandate(
            "A/RES/70/1",
            3,
            None,
            "GA",
            "resolution",
            None,
            "70/1",
            CitedSymbol("A/RES/70/1", "ga-resolution", "GA", 70, None),
            EV,
            2015,
        ),
        "mandate",
        "A/RES/70/1",
    ),  # fmt: skip
    (
        Deliverable(3, None, None, "3.1", 1, "B", "会议", None, (Figure(2018, "planned", 1),), EV),
        "deliverable",
        "3.1/B/会议",
    ),
]


@pytest.mark.parametrize(
    ("record", "kind", "key"),
    RECORD_SAMPLES,
    ids=lambda v: type(v).__name__ if dataclasses.is_dataclass(v) else None,
)
def test_model_kind_and_key_of_each_record_type(record: object, kind: str, key: object) -> None:
    assert record_kind(record) == kind  # type: ignore[arg-type]
    assert record_key(record) == key  # type: ignore[arg-type]
    row = record_to_json(normalise_text("马里和萨赫勒", "t"), record)
    assert (row["kind"], row["key"]) == (kind, key)
    assert "KIND" not in row


def test_model_every_class_is_used_by_the_package() -> None:
    """A type nobody builds or reads is a contract that says one thing and does another."""
    import ast
    from pathlib import Path

    kg = Path(__file__).resolve().parents[1] / "kg"
    model = kg / "model.py"
    names = [n.name for n in ast.parse(model.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)]
    others = " ".join(p.read_text(encoding="utf-8") for p in kg.rglob("*.py") if p != model)
    unused = [n for n in names if not re.search(rf"\b{n}\b", others)]
    assert not unused, f"kg/model.py defines {unused}, which no other module uses"
