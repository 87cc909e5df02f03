"""Command line: `kg <verb>`. The CLI layer (this module and kg/commands/) is the only one that prints.

Exit codes: 0 ok · 1 finished with error-level issues under --strict, or SHACL non-conformance ·
2 usage, input or configuration error · 3 internal error (please report).
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from kg import __version__
from kg.errors import KgError
from kg.ingest.read import DEFAULT_MAX_DOC_SIZE

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# Subcommands defined in kg/commands/<name>.py (each has add_parser(subparsers)); explicit list.
COMMAND_MODULES = ("query", "serve", "load", "analyse", "visualise")

DESCRIPTION = """\
unkg turns UN official documents (Chinese text extracted from PDF) into an RDF knowledge graph:
documents, programmes and subprogrammes, mandating resolutions and cited documents, UN entities,
countries and regions, each fact with its provenance (document, paragraph, character span).

Start with `kg build` (no arguments: the bundled sample corpus -> exports/)."""

EPILOG = (
    "exit codes: 0 ok, 1 data problems (--strict) or SHACL violations, 2 usage/input error, 3 internal error"
)


def err(msg: str) -> None:
    """Print a message on stderr."""
    print(msg, file=sys.stderr, flush=True)


def _default_inputs() -> list[str]:
    from kg.paths import sample_corpus_dir

    return [str(sample_corpus_dir())]


def cmd_build(args: argparse.Namespace) -> int:
    """`kg build`: corpus -> exports, store, report."""
    import time

    from kg.export.formats import FORMAT_NAMES, parse_formats
    from kg.outputs import record_validation
    from kg.pipeline import build

    t0 = time.monotonic()
    formats = parse_formats(args.formats) if args.formats is not None else FORMAT_NAMES
    if (args.validate or args.strict) and "nt" not in formats:
        raise KgError("--validate and --strict check OUT/graph.nt: add nt to --formats")
    inputs = args.inputs or _default_inputs()
    if not args.inputs:
        err("kg: no inputs given: building the bundled sample corpus (3 documents)")
    progress = None if args.quiet else err
    report = build(
        inputs,
        args.out,
        jobs=args.jobs,
        progress=progress,
        store=not args.no_store,
        cache=not args.no_cache,
        max_doc_size=args.max_doc_size,
        entities=args.entities,
        formats=formats,
        scheduler=args.scheduler,
        provenance=args.provenance,
    )
    for f in report.failed:
        err(f"kg: skipped {f['path']}: {f.get('code', 'input-rejected')}: {f['reason']}")
    for f in report.ignored:
        err(f"kg: not read {f['path']}: {f['reason']}")
    if report.issue_counts:
        err(
            "kg: issues: "
            + ", ".join(f"{k}={v}" for k, v in report.issue_counts.items())
            + f" (see {args.out}/issues.jsonl)"
        )
    status = EXIT_OK
    if args.validate or args.strict:
        from kg.rdf.validate import validate_file

        err(f"kg: validating {report.triples} triples against the SHACL shapes (this can take a minute)...")
        tv = time.monotonic()
        result = validate_file(Path(args.out) / "graph.nt")
        took = time.monotonic() - tv
        record_validation(Path(args.out), result.conforms, result.violations)
        verdict = "conforms" if result.conforms else f"{result.violations} violation(s)"
        err(f"kg: SHACL: {verdict} ({took:.1f}s)")
        if not result.conforms:
            err(result.text[:4000])
            status = EXIT_DATA
    err(
        f"kg: built {len(report.built)} document(s), {len(report.failed)} failed; "
        f"{report.triples} triples, {report.quads} quads -> {args.out}/ ({time.monotonic() - t0:.2f}s)"
    )
    if args.strict and (report.error_issues or report.failed):
        err(f"kg: --strict: {report.error_issues} error-level issue(s), {len(report.failed)} failed input(s)")
        status = EXIT_DATA
    if report.internal_errors:
        err(
            f"kg: {report.internal_errors} document(s) hit an internal error (a bug, see issues.jsonl, "
            "code internal-error); please report it"
            + ("" if args.keep_going else "; --keep-going makes this exit 1 instead of 3")
        )
        status = EXIT_DATA if args.keep_going else EXIT_INTERNAL
    return status


def _kinds(given: str | None) -> set[str]:
    """The record kinds of `--kind a,b`; an unknown one is a usage error listing the valid ones."""
    from kg.model import RECORD_KINDS

    kinds = {k.strip() for k in (given or "").split(",") if k.strip()}
    unknown = sorted(kinds - set(RECORD_KINDS))
    if unknown:
        valid = ", ".join(RECORD_KINDS)
        raise KgError(f"--kind: unknown record kind {', '.join(map(repr, unknown))}; valid kinds: {valid}")
    return kinds


def cmd_extract(args: argparse.Namespace) -> int:
    """`kg extract FILE...`: print records as JSONL (or a summary table)."""
    from kg.export.records import dumps, issue_to_json, record_to_json
    from kg.ingest.normalise import normalise_text
    from kg.ingest.read import discover_inputs, read_doc
    from kg.pipeline import extract_doc

    names = args.only.split(",") if args.only else None
    kinds = _kinds(args.kind)
    status = EXIT_OK
    out = sys.stdout
    files, skipped = discover_inputs(args.files)
    for s in skipped:
        err(f"kg: not read {s.path}: {s.code}: {s.reason}")
        if s.severity == "error":
            status = EXIT_USAGE
    for path in files:
        try:
            raw = read_doc(path)
        except KgError as e:
            err(f"kg: skipped {e}")
            status = EXIT_USAGE
            continue
        doc = normalise_text(raw.raw, raw.id, raw.path, raw.encoding, raw.sha256)
        records, issues = extract_doc(doc, names, args.entities)
        objs = [record_to_json(doc, r) for r in records]
        if kinds:
            objs = [o for o in objs if o["kind"] in kinds]
        if args.format == "jsonl":
            for o in objs:
                out.write(dumps(o) + "\n")
        else:
            from collections import Counter

            counts = Counter(o["kind"] for o in objs)
            out.write(f"{doc.id}\t" + "\t".join(f"{k}={v}" for k, v in sorted(counts.items())) + "\n")
        for i in issues:
            if args.show_issues:
                err("kg: issue: " + dumps(issue_to_json(doc, i, str(path))))
        if args.strict and any(i.severity == "error" for i in issues):
            status = max(status, EXIT_DATA)
    return status


def cmd_validate(args: argparse.Namespace) -> int:
    """`kg validate`: SHACL-validate an exported graph."""
    from kg.rdf.validate import validate_file

    path = Path(args.graph)
    if path.is_dir():
        path = path / "graph.nt"
    result = validate_file(path, progress=lambda line: err(f"kg validate: {line}"))
    if args.format == "json":
        print(json.dumps({"conforms": result.conforms, "violations": result.violations}, indent=2))
    else:
        print(result.text if not result.conforms else f"{path}: conforms to the unkg SHACL shapes")
    return EXIT_OK if result.conforms else EXIT_DATA


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _size(text: str) -> int:
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    t = text.strip().upper().removesuffix("B")
    unit = t[-1:] if t[-1:] in ("K", "M", "G") else ""
    try:
        n = float(t[: len(t) - len(unit)])
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 20M, 500K, 1048576)") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {text!r}")
    return int(n * units[unit])


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `kg` (also used to check the README's CLI section)."""
    p = argparse.ArgumentParser(
        prog="kg",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser(
        "build",
        help="build the graph of a corpus (default: the bundled sample corpus)",
        description="Read documents, extract records, write RDF exports, the store and a build report.",
    )
    b.add_argument(
        "inputs",
        nargs="*",
        help="files or folders of UTF-8/GB18030/UTF-16 text (default: bundled sample corpus)",
    )
    b.add_argument("--out", default="exports", help="output folder (default: exports)")
    b.add_argument("--jobs", "-j", type=_positive, default=1, help="worker processes (default: 1)")
    b.add_argument(
        "--formats",
        metavar="NAMES",
        help="RDF exports to write, comma-separated: nq,nt,ttl,trig,jsonld,graphs (default: "
        "nq,nt,ttl,trig,jsonld; graphs is the folder OUT/graphs/ of one N-Quads file per named "
        "graph, which an edit rewrites file by file); records.jsonl, issues.jsonl, the report and "
        "the store are always written",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the per-document stage on this dask.distributed scheduler (tcp://HOST:PORT) "
        "instead of local worker processes; OUT and the inputs must be on storage the workers "
        "share, at the same paths (needs the dask extra)",
    )
    b.add_argument(
        "--max-doc-size",
        type=_size,
        default=DEFAULT_MAX_DOC_SIZE,
        metavar="SIZE",
        help="skip larger input files as input-too-large (bytes, or with K/M/G; default: 10M)",
    )
    b.add_argument(
        "--keep-going",
        action="store_true",
        help="exit 1, not 3, when an extractor fails on a document (an internal error)",
    )
    b.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on error-level issues, failed inputs or SHACL violations",
    )
    b.add_argument(
        "--validate", action="store_true", help="run the SHACL shapes over the result (implied by --strict)"
    )
    b.add_argument(
        "--no-store", action="store_true", help="do not (re)load the embedded store under OUT/store"
    )
    b.add_argument(
        "--no-cache",
        action="store_true",
        help="reprocess every document instead of reusing unchanged ones from OUT/.cache (same output)",
    )
    b.add_argument("--quiet", "-q", action="store_true", help="no per-document progress lines")
    b.add_argument(
        "--entities",
        choices=("open", "gazetteer"),
        default="open",
        help="organisations: listed names and names found by their head noun (open, default) or listed names only",
    )
    b.add_argument(
        "--provenance",
        choices=("compact", "full"),
        default="compact",
        help="evidence of each mention: its class, body, document, raw span and block (compact, "
        "default), or also the W3C Web Annotation target and selector, surface, rule and run (full)",
    )
    b.set_defaults(run=cmd_build)

    e = sub.add_parser(
        "extract",
        help="print extracted records of files as JSONL",
        description="Print every extracted record, one JSON object a line (schema: README).",
    )
    e.add_argument("files", nargs="+", help="files or folders")
    e.add_argument(
        "--format", choices=("jsonl", "summary"), default="jsonl", help="output format (default: jsonl)"
    )
    e.add_argument("--kind", help="only these record kinds, comma-separated (document,citation,country,...)")
    e.add_argument("--only", help="run only these extractors, comma-separated")
    e.add_argument("--show-issues", action="store_true", help="print extraction issues on stderr")
    e.add_argument(
        "--entities",
        choices=("open", "gazetteer"),
        default="open",
        help="organisations: listed names and names found by their head noun (open, default) or listed names only",
    )
    e.add_argument("--strict", action="store_true", help="exit 1 when an error-level issue is found")
    e.set_defaults(run=cmd_extract)

    v = sub.add_parser(
        "validate",
        help="check an exported graph against the SHACL shapes",
        description="Validate OUT/graph.nt (or a given N-Triples/Turtle file) with pySHACL.",
    )
    v.add_argument(
        "graph", nargs="?", default="exports", help="export folder or graph file (default: exports)"
    )
    v.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    v.set_defaults(run=cmd_validate)

    for name in COMMAND_MODULES:  # no import guard: a broken command module fails loudly
        importlib.import_module(f"kg.commands.{name}").add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run `kg` with `argv`; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code) if isinstance(e.code, int) else EXIT_USAGE
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except KgError as e:
        err(f"kg: error: {e}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err("kg: interrupted")
        return EXIT_INTERNAL
    except BrokenPipeError:
        # the reader went away (`kg extract ... | head`): stop quietly, and keep the
        # interpreter's final flush of stdout from failing again
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return EXIT_OK
    except Exception:  # noqa: BLE001 - the one place that turns bugs into exit code 3
        traceback.print_exc()
        err("kg: internal error — please report with the traceback above")
        return EXIT_INTERNAL
