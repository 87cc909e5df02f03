"""`kg analyse`: network analysis of the built graph -> report (Markdown, HTML, charts), GraphML, GEXF."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

EPILOG = """\
writes, under OUT (default exports/analysis/):
  report.md, report.html   ranked tables and charts, each with a sentence saying what it shows
  charts/*.png, *.svg      the charts (needs matplotlib: pip install 'unkg[viz]')
  graphs/*.graphml, *.gexf every projection, for Gephi and Cytoscape

examples:
  kg analyse
  kg analyse --top 30 --compare 000_24c59e389beef106 002_a9bdf5634a27d9a9"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `kg analyse`."""
    a = subparsers.add_parser(
        "analyse",
        aliases=["analyze"],  # the US spelling is what many users type first
        help="network analysis of the graph: report (Markdown, HTML, charts), GraphML and GEXF",
        description="Project the graph store to networks (programmes and mandates, citations, "
        "co-mentions, communities, entity hierarchy), rank, compare documents, and write a report.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("--store", default="exports/store", help="store folder (default: exports/store)")
    a.add_argument("--out", default="exports/analysis", help="output folder (default: exports/analysis)")
    a.add_argument("--top", type=int, default=15, help="rows per table and bars per chart (default: 15)")
    a.add_argument(
        "--compare",
        nargs=2,
        action="append",
        metavar=("DOC_A", "DOC_B"),
        help="compare two documents by id (repeatable; default: every pair when there are at most 6)",
    )
    a.add_argument("--no-charts", action="store_true", help="do not draw charts (no matplotlib needed)")
    a.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run `kg analyse`; return the exit code."""
    from kg.analyse.report import analyse
    from kg.commands.storeopen import open_store
    from kg.errors import QueryError
    from kg.export.visualise import write_analysis

    if args.top < 1:
        raise QueryError(f"--top must be at least 1, got {args.top}")
    t0 = time.perf_counter()
    store = open_store(args.store)
    compare = [tuple(pair) for pair in args.compare] if args.compare else None
    analysis = analyse(store, top=args.top, compare=compare)
    files = write_analysis(analysis, Path(args.out), charts=not args.no_charts)
    if files.charts_skipped:
        print("kg: matplotlib is not installed: charts skipped (pip install 'unkg[viz]')", file=sys.stderr)
    print(
        f"kg: analysis -> {files.markdown}, {files.html}; {len(files.charts)} chart file(s), "
        f"{len(files.graphs)} graph file(s) ({time.perf_counter() - t0:.2f}s)",
        file=sys.stderr,
    )
    return 0
