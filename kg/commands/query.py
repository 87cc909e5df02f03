"""`kg query`: run SPARQL (inline, from a file, or a canned query by name) against the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import QueryError

# `kg.store.query.ResultFormat`'s values, spelt out so `kg --help` does not import the store
# (rdflib, pyoxigraph); tests/test_cli.py checks the two agree.
FORMATS = ("table", "csv", "tsv", "json")

EPILOG = """\
examples:
  kg query documents
  kg query programmes-mandated-by --param symbol=A/RES/70/1
  kg query 'SELECT ?d ?title WHERE { ?d a kg:SourceDocument ; dct:title ?title }'
  kg query --file my-query.rq --format json
  kg query --list

Inline and file queries get the prefixes kg: id: rdf: rdfs: xsd: owl: dct: skos: prov: oa: org:
eli: fabio: frbr: qb: without declaring them. Canned queries live in kg/store/queries/*.rq."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg query`."""
    q = subparsers.add_parser(
        "query",
        help="run a SPARQL SELECT query (inline, --file, or a canned query name) against the store",
        description="Run a SPARQL SELECT query against the graph store built by `kg build`.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument("query", nargs="?", help="SPARQL text, or the name of a canned query (see --list)")
    q.add_argument("--file", help="read the SPARQL query from this file ('-' for stdin)")
    q.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a query parameter (repeatable), e.g. --param symbol=A/RES/70/1",
    )
    q.add_argument("--store", default="exports/store", help="store folder (default: exports/store)")
    q.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: table on a terminal, csv otherwise; json = SPARQL 1.1 results JSON)",
    )
    q.add_argument(
        "--list", action="store_true", help="list the canned queries with their descriptions and parameters"
    )
    q.add_argument(
        "--show",
        action="store_true",
        help="print the SPARQL that would run (parameters substituted) and exit",
    )
    q.set_defaults(run=run)


def _params(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param expects NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out


def list_queries() -> str:
    """The text of `kg query --list`."""
    from kg.store.query import canned_queries

    lines = []
    for name, cq in canned_queries().items():
        lines.append(f"{name}\n    {cq.description}")
        for p in cq.params:
            kind = f" ({'|'.join(p.choices)})" if p.choices else "" if p.type == "string" else f" ({p.type})"
            default = f" [default: {p.default}]" if p.default is not None else " [required]"
            lines.append(f"    --param {p.name}=…{kind}  {p.meaning}{default}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run `kg query`; return the exit code."""
    from kg.commands.storeopen import open_store
    from kg.store.query import check_params, format_results, resolve, solutions

    if args.list:
        print(list_queries())
        return 0
    if args.file and args.query:
        raise QueryError("give either a query or --file, not both")
    if args.file:
        text = sys.stdin.read() if args.file == "-" else _read(Path(args.file))
    elif args.query:
        text = args.query
    else:
        raise QueryError(
            "no query given: pass SPARQL text, a canned query name (`kg query --list`) or --file"
        )
    params = _params(args.param)
    if args.show:
        sparql, _ = resolve(text, params)
        print(sparql.rstrip())
        return 0
    store = open_store(args.store)
    check_params(store, text, params)
    names, rows = solutions(store, text, params)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    sys.stdout.write(format_results(fmt, names, rows))
    if fmt == "json":
        sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise QueryError(f"cannot read query file {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise QueryError(f"query file {path} is not UTF-8") from None
