"""`kg visualise`: a standalone interactive HTML graph (works offline, from file://)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

EPILOG = """\
The page inlines cytoscape.js and the data: open it from disk, no network needed. Colours show
node types (legend); search by Chinese or English label, symbol or code; untick a type to hide
it; click a node for its labels, identifiers and where in which document it was found.

examples:
  kg visualise
  kg visualise --projection country-co-mentions --out exports/countries.html"""


# The names of `kg.analyse.project.PROJECTIONS`, spelt out so `kg --help` does not import networkx;
# tests/test_cli.py checks the two agree.
PROJECTION_NAMES = (
    "programme-mandates",
    "programme-similarity",
    "citations",
    "document-countries",
    "section-countries",
    "document-entities",
    "section-entities",
    "country-co-mentions",
    "entity-country-co-mentions",
    "entity-hierarchy",
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `kg visualise`."""
    v = subparsers.add_parser(
        "visualise",
        aliases=["visualize"],  # the US spelling is what many users type first
        help="write a standalone interactive HTML graph (offline, search, filter, node details)",
        description="Write an interactive HTML view of the graph store (default: the mandate network "
        "with documents and their most-mentioned countries, UN entities and citations).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    v.add_argument("--store", default="exports/store", help="store folder (default: exports/store)")
    v.add_argument("--out", default="exports/graph.html", help="page to write (default: exports/graph.html)")
    v.add_argument(
        "--projection",
        default="overview",
        choices=("overview", *PROJECTION_NAMES),
        help="what to draw (default: overview)",
    )
    v.add_argument(
        "--top",
        type=int,
        default=20,
        help="overview: countries, entities and cited documents to keep (default: 20)",
    )
    v.add_argument(
        "--mandates", type=int, default=60, help="overview: mandates to keep, most-cited first (default: 60)"
    )
    v.add_argument("--title", default="unkg graph", help="page title (default: unkg graph)")
    v.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `kg visualise`; return the exit code."""
    from kg.analyse.view import build_view
    from kg.commands.storeopen import open_store
    from kg.errors import QueryError
    from kg.export.visualise import write_page

    if args.top < 1 or args.mandates < 0:
        raise QueryError("--top must be at least 1 and --mandates at least 0")
    t0 = time.perf_counter()
    store = open_store(args.store)
    view = build_view(store, args.projection, top=args.top, mandates=args.mandates)
    path = write_page(view, Path(args.out), args.title)
    g = view.graph
    print(
        f"kg: {args.projection}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {path} "
        f"({time.perf_counter() - t0:.2f}s)",
        file=sys.stderr,
    )
    return 0
