"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint (and a query page) over the embedded store."""

from __future__ import annotations

import argparse
import os
import sys

# `kg.store.server.DEFAULT_PORT`, spelt out so `kg --help` does not import the server (pyoxigraph);
# tests/test_cli.py checks the two agree.
DEFAULT_PORT = 7878

EPILOG = """\
examples:
  kg serve                                   # http://127.0.0.1:7878/ (page) and /sparql (endpoint)
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?d WHERE { ?d a kg:SourceDocument }' \\
       http://127.0.0.1:7878/sparql
  kg serve --port 8000 --timeout 10 --max-rows 50000

The endpoint is read-only: SPARQL Update is refused (403 for update requests, 400 for an update
sent as a query), so are SERVICE (federated) calls (400). Requests must name this server in their
Host header (421 otherwise: DNS rebinding); other web origins may read answers only with --cors.
A query with FROM/FROM NAMED (or default-graph-uri/named-graph-uri) reads those graphs; otherwise
the union of all graphs. A rebuilt store is picked up without a restart. A query running longer
than --timeout is stopped (503); a result with more than --max-rows rows is refused (400), never
cut short.
Results: JSON, XML, CSV or TSV by Accept header (or format=json|xml|csv|tsv); CONSTRUCT and
DESCRIBE give Turtle, N-Triples, RDF/XML or JSON-LD."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `kg serve`."""
    s = subparsers.add_parser(
        "serve",
        help="serve the store as a read-only SPARQL endpoint with a query page (default 127.0.0.1:7878)",
        description="Serve the graph store built by `kg build` over the SPARQL 1.1 Protocol (read-only).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("--store", default="exports/store", help="store folder (default: exports/store)")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 exposes the endpoint)",
    )
    s.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default: {DEFAULT_PORT})")
    s.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds a query may run before it is stopped with 503 (default: 30)",
    )
    s.add_argument(
        "--max-rows",
        type=int,
        default=10_000,
        help="largest result (rows, or triples for CONSTRUCT) served; larger is a 400 error (default: 10000)",
    )
    s.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="query worker processes, i.e. queries run at the same time (default: CPUs, at most 4)",
    )
    s.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let web pages of ORIGIN (e.g. https://yasgui.example, or * for any) read answers; "
        "repeatable (default: none, no CORS headers)",
    )
    s.add_argument(
        "--idle-timeout",
        type=float,
        default=30.0,
        help="seconds a connection may stay idle or send nothing before it is closed (default: 30)",
    )
    s.add_argument(
        "--max-connections",
        type=int,
        default=64,
        help="open connections served at once; more are refused with 503 (default: 64)",
    )
    s.add_argument("--quiet", "-q", action="store_true", help="do not log each request on stderr")
    s.set_defaults(run=run)


def _log(line: str) -> None:
    print(f"kg serve: {line}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Run `kg serve` until interrupted; return the exit code."""
    from kg.commands.storeopen import open_store
    from kg.store.server import LOOPBACK, make_server

    open_store(args.store)  # a clear error now for a folder that is not a store
    server = make_server(
        args.store,
        args.host,
        args.port,
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=args.workers,
        log=None if args.quiet else _log,
        cors=tuple(args.cors),
        idle_timeout=args.idle_timeout,
        max_connections=args.max_connections,
    )
    if args.host not in LOOPBACK:
        _log(
            f"warning: listening on {args.host}: anyone who can reach this machine can query the graph "
            "(the endpoint is read-only, but has no authentication)"
        )
    _log(
        f"serving {args.store} at {server.url} (endpoint {server.url}sparql; "
        f"{args.workers} worker(s), timeout {args.timeout:g} s, max {args.max_rows} rows, "
        f"CORS {', '.join(args.cors) or 'off'}); Ctrl-C stops"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        _log("stopped")
    finally:
        server.server_close()
    return 0
