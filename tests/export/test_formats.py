"""The export-format registry (kg/export/formats.py) is the list the pipeline, README and tests use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.export.formats import (
    ALL_EXPORT_FILES,
    DERIVED,
    EXPORT_FILES,
    EXPORT_FORMATS,
    get_format,
    write_derived,
)

README = Path(__file__).resolve().parents[2] / "README.md"
# written by the build besides the export formats: the report about them and the query store
NOT_FORMATS = {"build-report.json", "store/"}


def readme_output_files(text: str) -> list[str]:
    """File names of the rows of the README table under "## What `kg build` writes"."""
    section = text.split("## What `kg build` writes", 1)[1].split("\n## ", 1)[0]
    return [
        name
        for row in section.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`exports/([^`]+)`", row.split("|")[1])
    ]


def test_formats_every_export_format_has_a_readme_row_and_no_row_is_unknown() -> None:
    rows = readme_output_files(README.read_text(encoding="utf-8"))
    assert sorted(set(rows) - NOT_FORMATS) == sorted(ALL_EXPORT_FILES)
    assert len(rows) == len(set(rows))


def test_formats_readme_rows_are_read_from_the_table() -> None:
    text = "## What `kg build` writes\n\n| file | what |\n| --- | --- |\n| `exports/a.nt`, `exports/b.nq` | x |\n\n## Next\n| `exports/c` | y |\n"
    assert readme_output_files(text) == ["a.nt", "b.nq"]


def test_formats_derived_ones_name_a_written_source() -> None:
    assert {f.file for f in DERIVED} == {"graph.ttl", "graph.trig", "graph.jsonld"}
    for f in DERIVED:
        assert f.source in EXPORT_FILES and f.source not in {d.file for d in DERIVED}
    assert len(ALL_EXPORT_FILES) == len(set(ALL_EXPORT_FILES)) == len(EXPORT_FORMATS)
    assert set(EXPORT_FILES) == set(ALL_EXPORT_FILES) - {"graphs/"}  # the folder is asked for by name


def test_formats_unknown_or_underived_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match=r"unknown export 'graph\.xml'; available: graph\.nq, graph\.nt"):
        get_format("graph.xml")
    with pytest.raises(KgError, match="'graph.nq' is not derived"):
        write_derived("graph.nq", tmp_path / "a", tmp_path / "b")


def test_formats_every_format_is_written_by_a_build(sample_build: Path) -> None:
    assert sorted(p.name for p in sample_build.iterdir() if p.name in EXPORT_FILES) == sorted(EXPORT_FILES)


def test_formats_names_are_parsed_in_registry_order_once() -> None:
    from kg.export.formats import FORMAT_NAMES, parse_formats

    assert FORMAT_NAMES == ("nq", "nt", "ttl", "trig", "jsonld")  # the default
    assert parse_formats(" ttl,nq ,ttl") == ("nq", "ttl")
    assert parse_formats("graphs,nq") == ("nq", "graphs")


@pytest.mark.parametrize("text", ["nq,xml", "turtle", "graph.ttl"])
def test_formats_unknown_name_is_an_error_listing_the_valid_ones(text: str) -> None:
    from kg.export.formats import parse_formats

    with pytest.raises(KgError, match=r"unknown export format\(s\) .*; valid: nq, nt, ttl, trig, jsonld"):
        parse_formats(text)
    with pytest.raises(KgError, match=r"valid: nq, nt, ttl, trig, jsonld, graphs$"):
        parse_formats(text)


def test_formats_none_given_is_an_error() -> None:
    from kg.export.formats import parse_formats

    with pytest.raises(KgError, match="no export format given; valid: nq"):
        parse_formats(" , ")


def test_formats_selected_files_always_include_the_jsonl_dumps() -> None:
    from kg.export.formats import selected_files

    assert selected_files(None) == EXPORT_FILES
    assert selected_files(["jsonld", "nq"]) == ("graph.nq", "graph.jsonld", "records.jsonl", "issues.jsonl")
    assert selected_files(["graphs"]) == ("records.jsonl", "issues.jsonl", "graphs/")
    with pytest.raises(KgError, match="valid: nq"):
        selected_files(["rdfxml"])
