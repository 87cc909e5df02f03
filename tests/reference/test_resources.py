"""Reference data is one value, loaded from one ontology folder and passed explicitly.

Two `Resources` from two folders live side by side in one process: every extractor and mapping
reads the one it is given, never a module cache of its own.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from rdflib import RDF

from kg.extract import DEFAULT_OPTIONS, ExtractOptions, run_extractors
from kg.extract.mandates import read_mandate_section
from kg.ingest.normalise import normalise_text
from kg.model import CountryMention, Evidence, Span
from kg.paths import PACKAGE_DIR, ontology_dir
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, to_triples
from kg.rdf.mapping.countries import country_scheme_triples
from kg.rdf.vocab import KG
from kg.reference import Resources, default_resources, load_resources
from kg.reference.words import Tokenizer

TEXT = "马力国和草原署同联合国驻阿富汗国家工作队合作。"


def _variant(tmp_path: Path) -> Path:
    """A copy of the ontology folder with one more country alias, one more entity alias and
    without the head noun 国家工作队."""
    root = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), root)
    gaz = root / "gazetteers"
    countries = gaz / "countries.yaml"
    text = countries.read_text(encoding="utf-8")
    assert "aliases: [馬里, " in text
    mli = "  - {id: MLI, "
    extra = "  - {id: ZZA, label: 某国, aliases: [某国], label_en: Test country, type: member-state}\n"
    text = text.replace("aliases: [馬里, ", "aliases: [馬里, 马力国, ", 1).replace(mli, extra + mli, 1)
    countries.write_text(text, encoding="utf-8")
    entities = gaz / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    assert "aliases: [开发署, 开发计划署]" in text
    entities.write_text(
        text.replace("aliases: [开发署, 开发计划署]", "aliases: [开发署, 开发计划署, 草原署]"), "utf-8"
    )
    heads = gaz / "organisation-heads.yaml"
    text = heads.read_text(encoding="utf-8")
    line = "  - {head: 国家工作队, type: inter-agency-mechanism, organ: true, needs: prefix}\n"
    assert line in text
    heads.write_text(text.replace(line, ""), encoding="utf-8")
    sessions = root / "sessions.yaml"
    text = sessions.read_text(encoding="utf-8")
    assert "  10: 1978\n" in text
    sessions.write_text(text.replace("  10: 1978\n", "  10: 1979\n", 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> tuple[Resources, Resources]:
    return default_resources(), load_resources(_variant(tmp_path_factory.mktemp("res")))


def _found(res: Resources) -> set[tuple[str, str]]:
    doc = normalise_text(TEXT, "t")
    records, _ = run_extractors(doc, DEFAULT_OPTIONS, res, ["countries", "entities"])
    return {(type(r).__name__, r.record_key()) for r in records} | {r.evidence.rule for r in records}


def test_resources_each_extractor_reads_the_resources_it_is_given(two: tuple[Resources, Resources]) -> None:
    bundled, variant = two
    assert variant.ontology_dir != bundled.ontology_dir
    found_bundled, found_variant = _found(bundled), _found(variant)
    # the country and entity gazetteers of the variant have the new aliases; the bundled ones not
    assert ("CountryMention", "MLI") in found_variant - found_bundled
    assert ("EntityMention", "undp") in found_variant - found_bundled
    # the organisation grammar of the variant has no 国家工作队 head
    assert "open:head#国家工作队" in found_bundled - found_variant
    # and the first one again, after the second was used: nothing was kept from the other
    assert _found(bundled) == found_bundled


def test_resources_mandates_are_dated_by_the_session_tables_given(two: tuple[Resources, Resources]) -> None:
    doc = normalise_text("大会决议\n\nS-10/2\t最后文件\n", "t")
    blocks = [(b.kind, b.span) for b in doc.blocks]
    years = [
        [m.year for m in read_mandate_section(doc, blocks, 9, None, None, res.sessions, res.bodies)[0]]
        for res in two
    ]
    assert years == [[1978], [1979]]


def test_resources_each_mapping_reads_the_resources_it_is_given(two: tuple[Resources, Resources]) -> None:
    bundled, variant = two
    doc = normalise_text("某国", "t")
    rec = CountryMention("ZZA", "某国", "Test country", "某国", Evidence("t", Span(0, 2), "test"))
    country_type = (mint.country("ZZA"), RDF.type, KG.Country)
    # a country the context's gazetteer lists is typed once, in the reference graph; one it does
    # not list is typed in the document's graph
    for res, typed_here in ((bundled, True), (variant, False)):
        ctx = MappingContext(doc, mint.run("t"), records=(rec,), resources=res)
        assert (country_type in set(to_triples(rec, ctx))) is typed_here
    assert country_type in set(country_scheme_triples(variant)) - set(country_scheme_triples(bundled))


def test_resources_gazetteer_mode_never_loads_the_tokenizer(tmp_path: Path) -> None:
    res = load_resources(ontology_dir())
    assert not res.tokenizer.loaded
    doc = normalise_text(TEXT, "t")
    records, _ = run_extractors(doc, ExtractOptions("gazetteer"), res)
    assert records and not res.tokenizer.loaded
    run_extractors(doc, ExtractOptions("open"), res)
    assert res.tokenizer.loaded


def test_resources_tokenizer_memo_belongs_to_its_handle() -> None:
    a, b = Tokenizer(), Tokenizer()
    assert a.segment("联合国工作队") == b.segment("联合国工作队")
    assert a.segment("联合国工作队") is a.segment("联合国工作队")  # remembered by a
    assert a.load() is a and a.loaded


def test_resources_default_is_loaded_once_per_ontology_folder() -> None:
    assert default_resources() is default_resources()
    assert load_resources() is not load_resources()  # an explicit load always reads the files


# Loaders of reference data: called by entry points (pipeline, CLI, tests), never by a stage.
_LOADERS = {
    "default_resources",
    "load_resources",
    "load_country_resources",
    "load_entity_resources",
    "load_grammar",
    "read_code_schemes",
    "gazetteer_path",
    "ontology_dir",
}


def _calls(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "")
    return names


def _argless_caches(path: Path) -> list[str]:
    """Functions that take no argument and are cached: a module-level cache of data."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and not (node.args.args or node.args.kwonlyargs):
            for d in node.decorator_list:
                target = d.func if isinstance(d, ast.Call) else d
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
                if name in ("lru_cache", "cache"):
                    out.append(f"{path.name}:{node.name}")
    return out


def test_resources_extractors_load_no_reference_data_themselves() -> None:
    for path in sorted((PACKAGE_DIR / "extract").glob("*.py")):
        called = _calls(path) & _LOADERS
        assert not called, f"{path.name} loads reference data itself ({sorted(called)}): read `resources`"


def test_resources_no_module_level_cache_in_extract_or_mapping() -> None:
    paths = [*(PACKAGE_DIR / "extract").glob("*.py"), *(PACKAGE_DIR / "rdf" / "mapping").glob("*.py")]
    found = [c for p in sorted(paths) for c in _argless_caches(p)]
    assert not found, f"argument-less cached loaders: {found}; load in kg.reference and pass the value"


def test_resources_scan_catches_a_cached_loader(tmp_path: Path) -> None:
    src = tmp_path / "x.py"
    src.write_text("from functools import lru_cache\n@lru_cache(maxsize=1)\ndef load():\n    return 1\n")
    assert _argless_caches(src) == ["x.py:load"]
    src.write_text("def f():\n    return default_resources()\n")
    assert "default_resources" in _calls(src)
