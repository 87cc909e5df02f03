"""Code lists (ontology/codes.yaml): every code IRI the graph uses is described in the reference graph."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pyoxigraph as ox
import pytest

from kg.bodies import BODIES
from kg.errors import OntologyError
from kg.model import DocType
from kg.rdf import mint
from kg.rdf.mapping.codes import code_scheme_triples, code_schemes, read_code_schemes
from kg.reference import default_resources
from kg.reference.bodies import GENERIC
from kg.reference.countries import load_country_resources
from kg.reference.entities import load_entity_resources
from kg.symbols import DOC_KINDS

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CODE = f"{mint.DATA}code/"


def _codes(scheme: str) -> set[str]:
    (s,) = [s for s in code_schemes() if s.id == scheme]
    return {c.code for c in s.codes}


def test_codes_every_code_used_in_the_sample_is_described_in_the_reference_graph(sample_build: Path) -> None:
    used: set[str] = set()
    about: dict[str, set[tuple[str, str]]] = {}
    for q in ox.parse(path=sample_build / "graph.nq", format=ox.RdfFormat.N_QUADS):
        o = q.object
        if isinstance(o, ox.NamedNode) and o.value.startswith(CODE) and "/scheme/" not in o.value:
            used.add(o.value)
        if q.graph_name.value == str(mint.REFERENCE_GRAPH):
            lang = q.object.language if isinstance(q.object, ox.Literal) else None
            about.setdefault(q.subject.value, set()).add(
                (q.predicate.value, lang or (q.object.value if q.predicate.value == RDF_TYPE else ""))
            )
    assert len(used) > 20
    need = {(RDF_TYPE, f"{SKOS}Concept"), (f"{SKOS}inScheme", ""), (f"{SKOS}notation", "")}
    need |= {(f"{SKOS}prefLabel", "zh"), (f"{SKOS}prefLabel", "en")}
    bare = sorted(c for c in used if not need <= about.get(c, set()))
    assert not bare, f"{len(bare)} code IRIs not described, e.g. {bare[:3]}"


def test_codes_list_every_code_the_extractors_can_emit() -> None:
    assert set(BODIES) | {"TREATY", "EB", "COUNCIL", "COMMISSION", GENERIC} <= _codes("body")
    assert set(DOC_KINDS) <= _codes("doc-kind")
    assert set(get_args(DocType)) <= _codes("doc-type")  # every genre the document extractor names
    res = load_country_resources()
    types = {str(e.get("type")) for e in res.countries.entries} - {"trap"}
    assert types <= _codes("country-type")
    assert {str(e.get("type")) for e in res.regions.entries} <= _codes("region-type")


def test_codes_a_body_that_is_a_gazetteer_entity_links_to_it() -> None:
    """Rule: a body whose Chinese name is an entity's label or alias stands for that entity."""
    entity_of: dict[str, str] = {}
    for e in load_entity_resources().gazetteer.entries:
        for name in (e.label, *e.aliases):
            entity_of[name] = e.id
    (bodies,) = [s for s in code_schemes() if s.id == "body"]
    body_names = default_resources().bodies.names
    names = {code: {n for n, c in body_names.items() if c == code} for code in BODIES}
    for c in bodies.codes:
        linked = {entity_of[n] for n in names.get(c.code, set()) | {c.label_zh} if n in entity_of}
        assert len(linked) <= 1, (c.code, linked)
        assert c.entity == (next(iter(linked)) if linked else c.entity), (c.code, c.entity, linked)
    assert {c.code: c.entity for c in bodies.codes}["GA"] == "ga"


def test_codes_reference_graph_links_the_general_assembly_to_its_entity() -> None:
    foaf_focus = "http://xmlns.com/foaf/0.1/focus"
    triples = {(str(s), str(p), str(o)) for s, p, o in code_scheme_triples()}
    assert (str(mint.concept("body", "GA")), foaf_focus, str(mint.entity("ga"))) in triples


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schemes:\n - {id: x, label_zh: 甲, label_en: X, colour: red, concepts: []}\n", "unknown key"),
        (
            "schemes:\n - {id: x, label_zh: 甲, label_en: X, concepts: [{code: a, label_zh: 甲}]}\n",
            "'label_en'",
        ),
        (
            "schemes:\n - {id: x, label_zh: 甲, label_en: X, concepts:"
            " [{code: a, label_zh: 甲, label_en: A}, {code: a, label_zh: 乙, label_en: B}]}\n",
            "listed twice",
        ),
    ],
)
def test_codes_bad_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "codes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OntologyError, match=message):
        read_code_schemes(path)


def test_codes_unknown_entity_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "codes.yaml"
    path.write_text(
        "schemes:\n - {id: x, label_zh: 甲, label_en: X, concepts: [{code: a, label_zh: 甲, label_en: A, entity: nope}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(OntologyError, match="'nope'"):
        list(code_scheme_triples(read_code_schemes(path), frozenset({"ga"})))
