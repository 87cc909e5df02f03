"""CLI: exit codes, messages, help, and the README's documented commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.cli import build_parser, main
from tests.conftest import PEACE_REPORT

README = Path(__file__).resolve().parents[1] / "README.md"


def test_cli_help_lists_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for cmd in ("build", "extract", "validate"):
        assert cmd in out


def test_cli_no_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_cli_unknown_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--no-such-flag"]) == 2


def test_cli_build_default_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--out", str(tmp_path), "--no-store"]) == 0
    err = capsys.readouterr().err
    assert "bundled sample corpus" in err and "built 3 document(s), 0 failed" in err
    report = json.loads((tmp_path / "build-report.json").read_text(encoding="utf-8"))
    assert len(report["built"]) == 3 and report["failed"] == []


def test_cli_build_missing_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_cli_build_strict_fails_on_rejected_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text(PEACE_REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    assert main(["build", str(src), "--out", str(tmp_path / "o"), "--no-store", "--quiet"]) == 0
    assert main(["build", str(src), "--out", str(tmp_path / "o"), "--no-store", "--quiet", "--strict"]) == 1
    assert "empty.txt" in capsys.readouterr().err


def test_cli_extract_prints_jsonl_with_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(PEACE_REPORT), "--kind", "document"]) == 0
    lines = capsys.readouterr().out.splitlines()
    (doc,) = [json.loads(x) for x in lines]
    for field in (
        "doc",
        "kind",
        "key",
        "surface",
        "start",
        "end",
        "symbol_inferred",
        "title",
        "session",
        "date",
        "doc_type",
    ):
        assert field in doc
    assert doc["doc"] == "002_a9bdf5634a27d9a9" and doc["kind"] == "document"


def test_cli_extract_unknown_extractor_lists_available(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(PEACE_REPORT), "--only", "country"]) == 2
    assert "available:" in capsys.readouterr().err


def test_cli_validate_missing_graph_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "run `kg build` first" in capsys.readouterr().err


def test_cli_every_subcommand_is_documented_in_readme() -> None:
    text = README.read_text(encoding="utf-8")
    parser = build_parser()
    subs = next(a for a in parser._actions if a.dest == "command")
    for name in subs.choices:  # type: ignore[union-attr]
        assert re.search(rf"`kg {name}\b", text), f"`kg {name}` is not documented in README.md"


def test_extract_unknown_kind_lists_valid_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import PEACE_REPORT

    assert main(["extract", "--kind", "country,countries", str(PEACE_REPORT)]) == 2
    err = capsys.readouterr().err
    assert "unknown record kind 'countries'" in err and "valid kinds: citation, component, country" in err


@pytest.mark.parametrize(("alias", "command"), [("analyze", "analyse"), ("visualize", "visualise")])
def test_us_spelling_aliases_run_the_same_command(alias: str, command: str) -> None:
    parser = build_parser()
    assert parser.parse_args([alias]).run is parser.parse_args([command]).run
