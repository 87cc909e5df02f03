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
        "organ",
        "adoption_date",
        "meeting",
        "meeting_date",
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


TEXT = "联合国大会第七十五届会议\n\n1. 大会第 70/262 号决议。\n"


def _folder(tmp_path: Path, **files: str) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def test_cli_build_extractor_bug_is_internal_error_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.extract import registry

    spec = registry()["countries"]

    def broken(doc: object, options: object, res: object) -> object:
        raise ZeroDivisionError("boom in countries")

    import dataclasses

    import kg.extract as ex

    monkeypatch.setitem(ex._REGISTRY, "countries", dataclasses.replace(spec, fn=broken))
    src = _folder(tmp_path, **{"a.txt": TEXT})
    out = tmp_path / "o"
    assert main(["build", str(src), "--out", str(out), "--no-store", "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "please report" in err
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    (failed,) = report["failed"]
    assert failed["code"] == "internal-error" and report["internal_errors"] == 1
    assert "'countries'" in failed["reason"] and "ZeroDivisionError: boom in countries" in failed["reason"]
    (issue,) = [json.loads(x) for x in (out / "issues.jsonl").read_text(encoding="utf-8").splitlines()]
    assert issue["code"] == "internal-error" and issue["doc"] == "a" and issue["path"] == "in/a.txt"
    args = ["build", str(src), "--out", str(out), "--no-store", "--quiet", "--no-cache", "--keep-going"]
    assert main(args) == 1


@pytest.mark.parametrize("jobs", ["0", "-2", "x"])
def test_cli_build_bad_jobs_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    assert main(["build", "--out", str(tmp_path / "o"), "--jobs", jobs]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_cli_build_max_doc_size_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _folder(tmp_path, **{"a.txt": TEXT, "big.txt": TEXT * 100})
    args = ["build", str(src), "--out", str(tmp_path / "o"), "--no-store", "--quiet", "--max-doc-size", "1K"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "big.txt: input-too-large" in err and "1,024 bytes" in err
    assert main([*args, "--strict"]) == 1
    assert main([*args[:-1], "lots"]) == 2


def test_cli_build_strict_fails_on_unsupported_file_but_not_readme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.rdf import validate

    monkeypatch.setattr(validate, "validate_file", lambda p: validate.ValidationResult(True, 0, ""))
    src = _folder(tmp_path, **{"a.txt": TEXT, "README.md": "about\n"})
    out = str(tmp_path / "o")
    assert main(["build", str(src), "--out", out, "--no-store", "--quiet", "--strict"]) == 0
    (src / "report.pdf").write_bytes(b"%PDF-1.7")
    assert main(["build", str(src), "--out", out, "--no-store", "--quiet", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "in/report.pdf: input-unsupported" in err and "not read in/README.md" in err


def test_cli_build_strict_reports_validation_and_elapsed_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from kg.rdf import validate

    def slow(path: Path) -> validate.ValidationResult:
        time.sleep(1.5)
        return validate.ValidationResult(False, 2, "two violations")

    monkeypatch.setattr(validate, "validate_file", slow)
    src = _folder(tmp_path, **{"a.txt": TEXT})
    out = tmp_path / "o"
    assert main(["build", str(src), "--out", str(out), "--no-store", "--quiet", "--strict"]) == 1
    err = capsys.readouterr().err
    assert err.index("validating") < err.index("SHACL: 2 violation(s)")
    elapsed = float(re.search(r"-> \S+ \((\d+\.\d+)s\)", err).group(1))  # type: ignore[union-attr]
    assert elapsed >= 1.5
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["validation"]["conforms"] is False and report["validation"]["violations"] == 2
    # the manifest still matches: an unchanged rebuild is recognised and keeps the result
    assert main(["build", str(src), "--out", str(out), "--no-store", "--quiet"]) == 0
    assert (
        json.loads((out / "build-report.json").read_text(encoding="utf-8"))["validation"]["violations"] == 2
    )


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".jsonld", ".ttl", ".nt"])
def test_cli_validate_reads_every_export_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    from kg.rdf import validate

    seen: list[int] = []
    monkeypatch.setattr(
        validate,
        "validate_graph",
        lambda g, *_: seen.append(len(g)) or validate.ValidationResult(True, 0, ""),
    )
    data = {
        ".nq": "<http://x/a> <http://x/p> <http://x/b> <http://x/g> .\n",
        ".trig": "<http://x/g> { <http://x/a> <http://x/p> <http://x/b> . }\n",
        ".jsonld": '{"@id": "http://x/a", "http://x/p": {"@id": "http://x/b"}}',
        ".ttl": "<http://x/a> <http://x/p> <http://x/b> .\n",
        ".nt": "<http://x/a> <http://x/p> <http://x/b> .\n",
    }
    f = tmp_path / f"graph{suffix}"
    f.write_text(data[suffix], encoding="utf-8")
    assert main(["validate", str(f)]) == 0
    assert seen == [1]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("broken.ttl", "<http://x/a> <http://x/p> .\n", "not valid turtle"),
        ("graph.csv", "a,b\n", "kg validate reads .jsonld, .nq, .nt, .trig, .ttl"),
    ],
)
def test_cli_validate_bad_file_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, message: str
) -> None:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_registries_hold_every_module() -> None:
    from kg.extract import registry

    assert set(registry()) >= {"documents", "citations", "countries", "entities", "programmes"}
    parser = build_parser()
    subs = next(a for a in parser._actions if a.dest == "command")
    assert set(subs.choices) == {  # type: ignore[union-attr]
        "build",
        "extract",
        "validate",
        "query",
        "serve",
        "load",
        "analyse",
        "visualise",
        "analyze",  # US-spelling aliases of the two commands above
        "visualize",
    }


@pytest.mark.parametrize(
    ("module", "attr"),
    [("kg.extract", "EXTRACTOR_MODULES"), ("kg.cli", "COMMAND_MODULES")],
)
def test_missing_module_fails_loudly(monkeypatch: pytest.MonkeyPatch, module: str, attr: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    monkeypatch.setattr(mod, attr, (*getattr(mod, attr), "no_such_module"))
    with pytest.raises(ModuleNotFoundError, match="no_such_module"):
        if module == "kg.extract":
            mod.registry()
        else:
            build_parser()


def test_broken_mapping_module_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    monkeypatch.setitem(sys.modules, "kg.rdf.mapping.countries", None)  # import raises
    monkeypatch.delitem(sys.modules, "kg.rdf.mapping", raising=False)
    with pytest.raises(ImportError):
        importlib.import_module("kg.rdf.mapping")


def test_cli_build_out_is_a_file_or_under_a_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    src = _folder(tmp_path, **{"a.txt": TEXT})
    assert main(["build", str(src), "--out", str(f), "--quiet"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["build", str(src), "--out", str(f / "sub"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot create output folder" in err and "Traceback" not in err


def test_cli_build_locked_out_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.outdir import locked

    src = _folder(tmp_path, **{"a.txt": TEXT})
    out = tmp_path / "o"
    out.mkdir()
    with locked(out):
        assert main(["build", str(src), "--out", str(out), "--quiet", "--no-store"]) == 2
    assert "being written by another build (pid" in capsys.readouterr().err


def test_cli_extract_into_a_closed_pipe_exits_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class Closed(io.StringIO):
        def write(self, s: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["extract", str(PEACE_REPORT)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_cli_extract_lists_files_of_a_folder_it_does_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _folder(tmp_path, **{"a.txt": TEXT, "README.md": "about\n"})
    assert main(["extract", str(src), "--format", "summary"]) == 0
    assert "not read" in capsys.readouterr().err
    (src / "b.pdf").write_bytes(b"%PDF-1.7")
    assert main(["extract", str(src), "--format", "summary"]) == 2
    captured = capsys.readouterr()
    assert "b.pdf: input-unsupported" in captured.err and captured.out.startswith("a\t")


@pytest.mark.parametrize("command", ["query", "analyse", "visualise", "serve"])
@pytest.mark.parametrize("kind", ["damaged", "export-folder"])
def test_cli_store_that_is_not_a_store_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    store = tmp_path / "s"
    store.mkdir()
    if kind == "damaged":
        (store / "CURRENT").write_text("garbage\n", encoding="utf-8")
    else:
        (store / "store").mkdir()
        (store / "graph.nq").write_text("", encoding="utf-8")
    argv = {
        "query": ["query", "SELECT * { ?s ?p ?o }"],
        "analyse": ["analyse", "--out", str(tmp_path / "a")],
        "visualise": ["visualise", "--out", str(tmp_path / "v.html")],
        "serve": ["serve", "--port", "0"],
    }[command]
    assert main([*argv, "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert ("damaged" in err) if kind == "damaged" else (f"--store '{store / 'store'}'" in err)


def test_extract_unknown_kind_lists_valid_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import PEACE_REPORT

    assert main(["extract", "--kind", "country,countries", str(PEACE_REPORT)]) == 2
    err = capsys.readouterr().err
    assert "unknown record kind 'countries'" in err and "valid kinds: citation, component, country" in err


@pytest.mark.parametrize(("alias", "command"), [("analyze", "analyse"), ("visualize", "visualise")])
def test_us_spelling_aliases_run_the_same_command(alias: str, command: str) -> None:
    parser = build_parser()
    assert parser.parse_args([alias]).run is parser.parse_args([command]).run


def test_cli_build_formats_writes_only_those(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    args = ["build", str(PEACE_REPORT), "--out", str(out), "--no-store", "--quiet", "--formats", "ttl,nq"]
    assert main(args) == 0
    written = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert written == {"graph.nq", "graph.ttl", "records.jsonl", "issues.jsonl", "build-report.json"}


def test_cli_build_unknown_format_exits_2_listing_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    assert main(["build", str(PEACE_REPORT), "--out", str(out), "--formats", "nq,rdfxml"]) == 2
    assert "unknown export format(s) 'rdfxml'; valid: nq, nt, ttl, trig, jsonld" in capsys.readouterr().err
    assert not out.exists()


def test_cli_build_help_names_every_format() -> None:
    from kg.export.formats import FORMAT_NAMES

    build_help = build_parser()._subparsers._group_actions[0].choices["build"].format_help()  # type: ignore[union-attr]
    assert ",".join(FORMAT_NAMES) in " ".join(build_help.split())


def test_cli_build_validate_needs_the_nt_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["build", str(PEACE_REPORT), "--out", str(tmp_path / "o"), "--formats", "nq", "--validate"]
    assert main(args) == 2
    assert "add nt to --formats" in capsys.readouterr().err


def test_cli_build_scheduler_without_dask_exits_2_saying_how_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    out = tmp_path / "o"
    assert main(["build", str(PEACE_REPORT), "--out", str(out), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "pip install 'unkg[dask]'" in capsys.readouterr().err
    assert not out.exists()


def test_cli_build_unreachable_scheduler_exits_2_naming_the_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    pytest.importorskip("distributed", reason="dask.distributed is not installed (the dask extra)")
    monkeypatch.setattr("kg.scheduler.CONNECT_TIMEOUT", 1)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    out = tmp_path / "o"
    assert main(["build", str(PEACE_REPORT), "--out", str(out), "--quiet", "--scheduler", address]) == 2
    assert f"cannot reach the dask scheduler at '{address}'" in capsys.readouterr().err
    assert not (out / "graph.nq").exists()


@pytest.mark.parametrize("address", ["localhost", "http://127.0.0.1:8786", "tcp://127.0.0.1:port"])
def test_cli_build_malformed_scheduler_address_exits_2_saying_the_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str
) -> None:
    pytest.importorskip("distributed", reason="dask.distributed is not installed (the dask extra)")
    out = tmp_path / "o"
    assert main(["build", str(PEACE_REPORT), "--out", str(out), "--quiet", "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert f"{address!r} is not a dask scheduler address" in err and "tcp://HOST:PORT" in err
    assert "Traceback" not in err


def test_cli_every_build_option_is_on_the_readme_build_line() -> None:
    build_cmd = build_parser()._subparsers._group_actions[0].choices["build"]  # type: ignore[union-attr]
    options = {
        o for a in build_cmd._actions for o in a.option_strings if o.startswith("--") and o != "--help"
    }
    line = next(r for r in README.read_text(encoding="utf-8").splitlines() if r.startswith("- `kg build "))
    assert sorted(o for o in options if not re.search(rf"\[{o}\b", line)) == []


def test_cli_spelt_out_choices_match_their_modules() -> None:
    from kg.analyse.project import PROJECTIONS
    from kg.commands import load, query, serve, visualise
    from kg.store.graphstore_http import AUTH_SCHEMES
    from kg.store.query import ResultFormat
    from kg.store.server import DEFAULT_PORT

    assert query.FORMATS == tuple(f.value for f in ResultFormat)
    assert serve.DEFAULT_PORT == DEFAULT_PORT
    assert load.AUTH_SCHEMES == AUTH_SCHEMES
    assert visualise.PROJECTION_NAMES == tuple(PROJECTIONS)


@pytest.mark.parametrize(
    "argv", [["--help"], ["build", "--help"], ["build", "--jobs", "0"], ["query", "--help"]]
)
def test_cli_help_and_usage_errors_import_no_heavy_library(argv: list[str]) -> None:
    import subprocess
    import sys

    heavy = ("rdflib", "networkx", "pyoxigraph", "kg.pipeline", "kg.store.query")
    code = (
        "import sys\nfrom kg.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
