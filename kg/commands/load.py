"""`kg load`: push the built graph into a store that speaks the SPARQL 1.1 Graph Store HTTP Protocol."""

from __future__ import annotations

import argparse
import os
import sys

from kg.errors import KgError

# `kg.store.graphstore_http.AUTH_SCHEMES`, spelt out so `kg --help` does not import the HTTP client
# (pyoxigraph); tests/test_cli.py checks the two agree.
AUTH_SCHEMES = ("auto", "basic", "digest")

PASSWORD_ENV = "KG_LOAD_PASSWORD"

EPILOG = f"""\
examples:
  kg load http://localhost:3030/ds                      # Fuseki: query and graph store on one URL
  kg load http://localhost:8890/sparql --graph-store-url http://localhost:8890/sparql-graph-crud-auth \\
          --user dba --auth digest --verify             # Virtuoso; password from ${PASSWORD_ENV}
  kg load http://localhost:7878/query --graph-store-url http://localhost:7878/store   # Oxigraph server

Each named graph of EXPORTS/graph.nq (or of EXPORTS/graphs/ after `kg build --formats graphs`:
one per source document, plus .../graph/reference, .../graph/works, .../graph/organisations and
.../graph/run) is sent with PUT ?graph=<iri>, which replaces that graph: loading twice is the
same as loading once. Graphs of documents no longer in the export are left alone.
The password is read from --password or, better (it stays out of the process list), from ${PASSWORD_ENV}."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg load`."""
    p = subparsers.add_parser(
        "load",
        help="push the graph into a SPARQL 1.1 Graph Store (Fuseki, Virtuoso, GraphDB, Oxigraph...)",
        description="Replace, graph by graph, the built graph in a store over the SPARQL 1.1 Graph Store HTTP Protocol.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "endpoint", help="the store's SPARQL endpoint (also the graph store unless --graph-store-url)"
    )
    p.add_argument("--graph-store-url", help="the Graph Store Protocol endpoint, if not ENDPOINT")
    p.add_argument("--exports", default="exports", help="folder written by `kg build` (default: exports)")
    p.add_argument("--user", help="user name for authentication")
    p.add_argument("--password", help=f"password (default: environment variable {PASSWORD_ENV})")
    p.add_argument(
        "--auth",
        choices=AUTH_SCHEMES,
        default="auto",
        help="authentication scheme: auto answers the server's challenge (digest or basic); "
        "basic sends the password with every request (default: auto)",
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="afterwards count each graph's triples through ENDPOINT; exit 1 when a count differs",
    )
    p.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for each answer (default: 300)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no line per graph")
    p.set_defaults(run=run)


def _say(line: str) -> None:
    print(f"kg load: {line}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Run `kg load`; return the exit code."""
    from kg.store.graphstore_http import Credentials, GraphLoad, load_export, verify_counts

    credentials = None
    if args.user is not None:
        password = args.password if args.password is not None else os.environ.get(PASSWORD_ENV)
        if password is None:
            raise KgError(f"--user {args.user!r} needs a password: pass --password or set {PASSWORD_ENV}")
        credentials = Credentials(args.user, password, args.auth)
    elif args.password is not None:
        raise KgError("--password needs --user")
    graph_store = args.graph_store_url or args.endpoint

    def progress(r: GraphLoad) -> None:
        if not args.quiet:
            _say(f"{r.graph or 'default graph'}: {r.triples} triples (HTTP {r.status}, {r.seconds:.2f}s)")

    loads = load_export(
        args.exports, graph_store, credentials=credentials, timeout=args.timeout, progress=progress
    )
    total = sum(r.triples for r in loads)
    _say(f"loaded {len(loads)} graph(s), {total} triples into {graph_store}")
    if args.verify:
        wrong = verify_counts(args.endpoint, loads, credentials=credentials, timeout=args.timeout)
        for graph, sent, found in wrong:
            _say(f"mismatch: {graph or 'default graph'}: sent {sent} triples, the store has {found}")
        if wrong:
            return 1
        _say(f"verified: every graph has the triple count sent ({args.endpoint})")
    return 0
