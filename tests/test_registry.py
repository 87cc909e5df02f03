"""Meta test: every record kind is complete, so forgetting a piece of a new kind fails here.

A kind is complete when it has: a record type in `kg.model.Record` declaring `KIND` and
`record_key` (tests/test_model.py), an extractor that produces it, an RDF mapping, a SHACL shape
for the class of what its mentions are about, an entry in the README's JSONL schema naming every
field of the record (generated from the type's `DUMP` text), and a golden case: a `KIND_CASES` entry in its extractor's test file
(tests/extract/cases.py), whose extracted records are also the kind's samples here (or a golden
folder under tests/golden/ and a sample in `tests/test_model.py`). Known gaps are listed below as data, each with its reason; a gap
that gets filled must be taken off its list (the test says so). Export formats: the README table
is checked against the registry in tests/export/test_formats.py.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.export.records import readme_kinds_block, with_kinds_block
from kg.extract import registry
from kg.ingest.normalise import normalise_text
from kg.model import RECORD_KINDS, RECORD_TYPES, Doc, Evidence
from kg.paths import ontology_dir
from kg.rdf import mint
from kg.rdf.mapping import MENTION_CLASS, MappingContext, document_triples, reference_triples, to_triples
from kg.rdf.namespaces import OA
from kg.rdf.vocab import KG
from tests.extract.cases import KindCase, kind_cases
from tests.test_model import RECORD_SAMPLES as MODEL_SAMPLES

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


KIND_CASES = kind_cases()


@lru_cache(maxsize=1)
def record_samples() -> tuple[tuple[object, str, object], ...]:
    """A sample of every record type: the synthetic ones of tests/test_model.py and what the
    golden cases of tests/extract/ extract (run when a test first asks, not at import: a case
    that raises is reported by its own `test_registry_golden_kind_case`)."""
    out: list[tuple[object, str, object]] = list(MODEL_SAMPLES)
    for case in KIND_CASES:
        try:
            records, _ = case.run()
        except Exception:  # noqa: BLE001 - the case's own test shows the error
            continue
        out.extend((r, r.KIND, r.record_key()) for r in records)
    return tuple(out)


# kind -> why no shape targets its classes yet (every kind has one; a new kind adds a shape)
NO_SHAPE_YET: dict[str, str] = {}
# kind -> why it has no golden case yet (every kind has one now; a new kind adds a KIND_CASES entry)
NO_GOLDEN_YET: dict[str, str] = {}
# golden cases: tests/golden/documents/<case>/expected.json (kind document) and
# tests/golden/programmes/programme-<N>.json, whose lists hold the programme's other kinds
_PROGRAMME_LISTS = {
    "programme": "title",
    "component": "components",
    "subprogramme": "subprogrammes",
    "mandate": "mandates",
    "deliverable": "deliverables",
}
# classes of the evidence (every mention has them, and each kind its own mention class), so they
# say nothing about what the kind is about: a shape must target another class of the kind
_EVIDENCE_CLASSES = {KG.Mention, KG.SpecificTarget, KG.MentionCount, OA.TextPositionSelector}
_EVIDENCE_CLASSES |= set(MENTION_CLASS.values())


@lru_cache(maxsize=1)
def _reference_types() -> dict[URIRef, set[URIRef]]:
    types: dict[URIRef, set[URIRef]] = {}
    for s, p, o in reference_triples():
        if p == RDF.type and isinstance(o, URIRef):
            types.setdefault(s, set()).add(o)
    return types


def _sample_doc() -> Doc:
    """A document long enough for the spans of every sample (case records have later spans)."""
    return normalise_text("马里和萨赫勒" + "。" * 200, "t")


def _body_classes(record: object) -> set[URIRef]:
    """Classes the record's mapping types, and the classes of what its mention is about (its
    `oa:hasBody`) wherever they are typed: the document's own triples or the reference graph."""
    doc = _sample_doc()
    ctx = MappingContext(doc, mint.run("test"), records=(record,))
    triples = [*to_triples(record, ctx), *document_triples(ctx)]
    bodies = {o for _s, p, o in triples if p == OA.hasBody}
    classes = {o for s, p, o in triples if p == RDF.type and isinstance(o, URIRef)}
    classes -= {o for _s, p, o in document_triples(ctx) if p == RDF.type}  # unless a body has them
    classes |= {o for s, p, o in triples if s in bodies and p == RDF.type and isinstance(o, URIRef)}
    for body in bodies:
        classes |= _reference_types().get(body, set())  # type: ignore[call-overload]
    return classes


def _shape_targets() -> set[URIRef]:
    shapes = Graph().parse(ontology_dir() / "kg.ttl")
    return {o for o in shapes.objects(None, SH.targetClass) if isinstance(o, URIRef)}


def golden_kinds() -> set[str]:
    kinds = set()
    if any((GOLDEN / "documents").glob("*/expected.json")):
        kinds.add("document")
    for path in sorted((GOLDEN / "programmes").glob("programme-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        kinds |= {kind for kind, field in _PROGRAMME_LISTS.items() if data.get(field)}
    for case in KIND_CASES:
        kinds |= case.kinds
    return kinds


def readme_kinds() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Record dump", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([a-z-]+)`:", section, re.M)) | set(re.findall(r"`([a-z-]+)` \[", section))


def test_registry_every_record_type_has_a_sample() -> None:
    assert {type(r) for r, _k, _key in record_samples()} == set(RECORD_TYPES)


def without_extractor(types: Iterable[type]) -> list[str]:
    produced = [p for spec in registry().values() for p in spec.produces]
    return [t.__name__ for t in types if not any(issubclass(t, p) for p in produced)]


def without_mapping(types: Iterable[type]) -> list[str]:
    default = to_triples.dispatch(object)
    return [t.__name__ for t in types if to_triples.dispatch(t) is default]


def test_registry_every_record_type_has_an_extractor() -> None:
    missing = without_extractor(RECORD_TYPES)
    assert not missing, f"no extractor declares it produces {missing}: add it to an @extractor(produces=...)"


def test_registry_every_record_type_has_a_mapping() -> None:
    missing = without_mapping(RECORD_TYPES)
    assert not missing, f"no RDF mapping for {missing}: register one in kg/rdf/mapping/"


def test_registry_every_stage_module_is_registered_by_being_there() -> None:
    # a new extractor or mapping module needs no list entry: each package imports all its modules
    import sys

    import kg.extract
    import kg.rdf.mapping

    registry()
    for pkg, names in (
        (kg.extract, kg.extract.EXTRACTOR_MODULES),
        (kg.rdf.mapping, kg.rdf.mapping.MAPPING_MODULES),
    ):
        files = {p.stem for p in Path(str(pkg.__file__)).parent.glob("*.py")} - {"__init__"}
        assert set(names) == files, pkg.__name__
        assert all(f"{pkg.__name__}.{n}" in sys.modules for n in names)


def test_registry_every_kind_has_a_shacl_shape() -> None:
    targets = _shape_targets()
    shaped, sampled = set(), set()
    for record, kind, _key in record_samples():
        sampled.add(kind)
        if (_body_classes(record) - _EVIDENCE_CLASSES) & targets:
            shaped.add(kind)
    unsampled = sorted(set(RECORD_KINDS) - sampled)
    assert not unsampled, f"no sample record of kind(s) {unsampled} to check: add a KIND_CASES golden case"
    missing = sorted(set(RECORD_KINDS) - shaped - set(NO_SHAPE_YET))
    assert not missing, (
        f"kinds whose classes no shape in ontology/kg.ttl targets (sh:targetClass): {missing}; the "
        "shape must target the class of what the kind's mentions are about, not the mention class"
    )
    stale = sorted(shaped & set(NO_SHAPE_YET))
    assert not stale, f"these kinds have a shape now: take them off NO_SHAPE_YET: {stale}"


# fields every JSONL row has (README "Record dump", first table): documented once for all kinds
_COMMON_FIELDS = {"doc", "kind", "key", "surface", "raw_surface", "start", "end", "block", "rule"}


def readme_entry(kind: str) -> str | None:
    """The README "Record dump" entry (bullet) that documents `kind`, if any."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Record dump", 1)[1].split("\n## ", 1)[0]
    m = re.search(rf"`{re.escape(kind)}`(?: \[[^\]]*\])?:", section)
    if m is None:
        return None
    start = section.rfind("\n- ", 0, m.start())
    end = section.find("\n- ", m.end())
    return section[max(start, 0) : end if end >= 0 else len(section)]


def undocumented_fields(types: Iterable[type]) -> list[str]:
    """Fields of record types that their kind's README entry does not name."""
    missing = []
    for t in types:
        entry = readme_entry(t.KIND) or ""  # type: ignore[attr-defined]
        named = set(re.findall(r"`([a-z_0-9]+)`", entry))
        for f in dataclasses.fields(t):  # type: ignore[arg-type]
            if f.name not in {"evidence", "doc_id"} | _COMMON_FIELDS and f.name not in named:
                missing.append(f"{t.__name__}.{f.name}")
    return missing


def test_registry_readme_record_kinds_are_generated_from_the_model() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_kinds_block(readme) == readme, (
        "README 'Record dump' differs from the DUMP texts of kg/model.py: run "
        "`python -m kg.export.records --readme` (edit the texts in kg/model.py, not the README)"
    )


def test_registry_readme_names_every_field_of_every_record_type() -> None:
    missing = undocumented_fields(RECORD_TYPES)
    assert not missing, (
        f"README 'Record dump' does not name these record fields: {missing}; name them in the "
        "record type's DUMP text in kg/model.py and run `python -m kg.export.records --readme`"
    )


def test_registry_every_kind_is_in_the_readme_jsonl_schema() -> None:
    missing = sorted(set(RECORD_KINDS) - readme_kinds())
    assert not missing, f"README 'Record dump' documents no fields of kind(s) {missing}"


def test_registry_every_kind_has_a_golden_case() -> None:
    golden = golden_kinds()
    missing = sorted(set(RECORD_KINDS) - golden - set(NO_GOLDEN_YET))
    assert not missing, (
        f"kinds without a golden case: {missing}; add a KIND_CASES entry to the extractor's test file "
        "(tests/extract/cases.py)"
    )
    stale = sorted(golden & set(NO_GOLDEN_YET))
    assert not stale, f"these kinds have a golden case now: take them off NO_GOLDEN_YET: {stale}"


def test_registry_known_gaps_name_registered_kinds() -> None:
    assert set(NO_SHAPE_YET) <= set(RECORD_KINDS) and set(NO_GOLDEN_YET) <= set(RECORD_KINDS)


@dataclass(frozen=True, slots=True)
class _AgendaItem:
    """A new kind whose author forgot everything but the record type."""

    KIND: ClassVar[str] = "forgotten-kind"
    number: str
    evidence: Evidence

    def record_key(self) -> str:
        return self.number


def test_registry_checks_catch_a_kind_added_without_its_pieces() -> None:
    assert without_extractor([_AgendaItem]) == ["_AgendaItem"]
    assert without_mapping([_AgendaItem]) == ["_AgendaItem"]
    assert "forgotten-kind" not in readme_kinds() | golden_kinds()
    assert undocumented_fields([_AgendaItem]) == ["_AgendaItem.number"]
    with pytest.raises(ValueError, match="_AgendaItem has no DUMP text"):
        readme_kinds_block((_AgendaItem,))
    assert _AgendaItem not in {type(r) for r, _k, _key in record_samples()}


def test_registry_every_mention_count_has_one_iri_shape() -> None:
    """Counts of every kind are minted by `mint.mention_count`: `…/doc/<id>/count/<kind>/<key>`."""
    doc = _sample_doc()
    counted = set()
    for record, kind, _key in record_samples():
        ctx = MappingContext(doc, mint.run("test"), records=(record,))
        for s, p, o in to_triples(record, ctx):
            if p == RDF.type and o == KG.MentionCount:
                assert str(s).startswith(f"{mint.document('t')}/count/"), (kind, s)
                counted.add(kind)
    assert {"country", "region", "entity"} <= counted


@pytest.mark.parametrize("case", KIND_CASES, ids=lambda c: c.name)
def test_registry_golden_kind_case(case: KindCase) -> None:
    problems = case.mismatches()
    assert not problems, f"golden case {case.name!r} ({case.extractor}): {problems}"


def test_registry_kind_cases_have_unique_names() -> None:
    names = [c.name for c in KIND_CASES]
    assert len(names) == len(set(names))


def test_registry_every_extractor_module_has_its_synthetic_tests() -> None:
    """An extractor's rules are tested by synthetic sentences in tests/extract/test_<module>.py."""
    ours = sorted({spec.fn.__module__.rsplit(".", 1)[1] for spec in registry().values()})
    missing = []
    for module in ours:
        path = ROOT / "tests" / "extract" / f"test_{module}.py"
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if len(re.findall(r"^def test_", text, re.M)) < 3:
            missing.append(f"{path.relative_to(ROOT)}")
    assert not missing, f"extractor modules without synthetic tests (at least 3 test functions): {missing}"


def test_registry_every_kind_is_mapped_with_its_evidence() -> None:
    """Every kind's mapping states where it was read: a mention of the kind's own class."""
    doc = _sample_doc()
    evidenced: set[str] = set()
    for record, kind, _key in record_samples():
        ctx = MappingContext(doc, mint.run("test"), records=(record,))
        cls = MENTION_CLASS.get(kind)
        if cls is not None and any(p == RDF.type and o == cls for _s, p, o in to_triples(record, ctx)):
            evidenced.add(kind)
    missing = sorted(set(RECORD_KINDS) - evidenced)
    assert not missing, (
        f"kinds whose mapping states no mention of their class: {missing}; call evidence_triples "
        "(or evidence_lines) with the record's evidence in its mapping"
    )
