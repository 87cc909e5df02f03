"""`kg.rdf.validate`: SHACL validation of an exported graph, and the progress it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.rdf.validate import validate_file

DOC = "<https://unkg.org/id/doc/x>"
TINY = (
    f"{DOC} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://unkg.org/ontology#SourceDocument> .\n"
    f'{DOC} <https://unkg.org/ontology#docId> "x" .\n'
)


def test_validate_file_reports_each_step(tmp_path: Path) -> None:
    graph = tmp_path / "graph.nt"
    graph.write_text(TINY, encoding="utf-8")
    lines: list[str] = []
    result = validate_file(graph, progress=lines.append)
    assert lines[0].startswith(f"reading {graph} (")
    assert lines[1].startswith("read 2 triples in ")
    assert lines[2] == "loading the ontology and its SHACL shapes"
    assert lines[3].startswith("checking 2 triples against ")
    assert lines[4].startswith("SHACL run done in ") and lines[4].endswith(
        f": {result.violations} violation(s)"
    )


def test_cli_validate_prints_progress_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "graph.nt").write_text(TINY, encoding="utf-8")
    assert main(["validate", str(tmp_path), "--format", "json"]) in (0, 1)
    out, err = capsys.readouterr()
    assert '"conforms"' in out and "kg validate" not in out  # results on stdout, progress apart
    steps = [line for line in err.splitlines() if line.startswith("kg validate: ")]
    assert len(steps) == 5 and "checking 2 triples" in steps[3]
