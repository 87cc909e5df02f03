"""Issuing bodies by name (ontology/bodies.yaml -> `Resources.bodies`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import OntologyError
from kg.extract import DEFAULT_OPTIONS
from kg.extract.citations import extract_citations
from kg.extract.mandate_headings import resolve_body
from kg.ingest.normalise import normalise_text
from kg.reference import default_resources
from kg.reference.bodies import GENERIC, load_bodies

RES = default_resources()
CODES = ("GA", "SC", "UNDP-EB", "UN-HABITAT-GC")
ENTITIES = {"undp": ("联合国开发计划署", "开发署"), "unops": ("联合国项目事务署", "项目署", "项目事务署")}


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "bodies.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bodies(path, CODES, ENTITIES)


def test_bodies_names_generic_nouns_and_boards_by_every_entity_name(tmp_path: Path) -> None:
    b = _load(
        tmp_path,
        "names:\n  GA: [联合国大会, 大会]\n  SC: [安理会]\ngeneric: [理事会, 执行局]\n"
        "boards:\n  undp: {执行局: UNDP-EB}\n  unops: {执行局: UNDP-EB}\n",
    )
    assert b.code("大会") == "GA" and b.code("安理会") == "SC" and b.code("执行局") == GENERIC
    assert b.code("委员会") is None
    # every name of the entity in the gazetteer, not a list of its own
    assert set(b.boards) == {"联合国开发计划署", "开发署", "联合国项目事务署", "项目署", "项目事务署"}
    assert dict(b.boards["项目事务署"]) == {"执行局": "UNDP-EB"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("names:\n  XX: [某机构]\ngeneric: [理事会]\n", "'XX' is not a code of the body list"),
        ("names:\n  GA: [大会]\n  SC: [大会]\ngeneric: [理事会]\n", "'大会' is listed twice"),
        ("names:\n  GA: []\ngeneric: [理事会]\n", "expected a non-empty list of names"),
        (
            "names:\n  GA: [大会]\ngeneric: [理事会]\nboards:\n  unicef: {理事会: GA}\n",
            "'unicef' is not an id",
        ),
        ("names:\n  GA: [大会]\ngeneric: [理事会]\nboards:\n  undp: {大会: GA}\n", "needs a generic noun"),
        ("names:\n  GA: [大会]\ngeneric: [理事会]\nextra: 1\n", "expected the keys"),
        ("names: [\n", "cannot read it"),
    ],
)
def test_bodies_bad_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(OntologyError, match=message):
        _load(tmp_path, text)


def test_bodies_of_the_ontology_hold_what_the_extractors_need() -> None:
    b = RES.bodies
    assert b.code("联合国大会") == "GA" and b.code("经社理事会") == "ECOSOC" and b.code("理事会") == GENERIC
    assert dict(b.boards["人居署"]) == {"理事会": "UN-HABITAT-GC", "执行局": "UN-HABITAT-EB"}


def test_a_board_is_found_after_any_gazetteer_name_of_its_entity() -> None:
    # "项目事务署" is an alias in the entity gazetteer, not a name listed with the boards
    doc = normalise_text("项目事务署的工作受执行局第 2019/5 号决定指导。\n", "t")
    records = extract_citations(doc, DEFAULT_OPTIONS, RES).records
    assert [(r.key, r.body) for r in records] == [("UNDP-EB/DEC/2019/5", "UNDP-EB")]
    spec = resolve_body("执行局决定", "项目事务", RES.bodies)
    assert spec is not None and spec.body == "UNDP-EB"
