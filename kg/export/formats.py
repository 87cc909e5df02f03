"""The export formats `kg build` writes: one registry of file name, what it is derived from, writer.

The pipeline writes the formats listed here (in this order; `kg build --formats` picks among those
with a `name`, the others are always written; without `--formats`, those marked `default`), the
build report lists them, and a test checks each has a row in the README's "What `kg build` writes"
table. To add a format: add an `ExportFormat` here (with its writer in `serialise.py`) and a README
row. A `file` ending in "/" is a folder (`graphs/`, written by `kg.export.graphs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.export import serialise as ser
from kg.export.graphs import GRAPHS_DIR
from kg.paths import ontology_dir

Writer = Callable[[Path, Path, Path | None], None]
"""`write(source, dst, cache)`: `cache` is a folder (or None) the writer may keep reusable pieces
in between builds, for this code only."""


@dataclass(frozen=True)
class ExportFormat:
    """One file of the exports folder.

    `source` and `write` are set for a format derived from another export (`write(source, dst, cache)`);
    the others (N-Quads, N-Triples, the JSONL dumps) are written by the pipeline while it merges
    the documents' outputs. `name` is what `--formats` calls it; a format without one is always
    written. `default`: written when `--formats` is not given.
    """

    file: str
    source: str | None = None
    write: Writer | None = None
    name: str = ""
    default: bool = True


def _write_turtle(nt_path: Path, out: Path, _cache: Path | None) -> None:
    ser.write_turtle(nt_path, out)  # Oxigraph writes it faster than pieces could be read back


def _write_trig(nq_path: Path, out: Path, _cache: Path | None) -> None:
    ser.write_trig(nq_path, out)


def _write_jsonld(nt_path: Path, out: Path, cache: Path | None) -> None:
    ser.write_jsonld(nt_path, out, ontology_dir() / "context.jsonld", cache)


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("graph.nq", name="nq"),
    ExportFormat("graph.nt", name="nt"),
    ExportFormat("graph.ttl", "graph.nt", _write_turtle, name="ttl"),
    ExportFormat("graph.trig", "graph.nq", _write_trig, name="trig"),
    ExportFormat("graph.jsonld", "graph.nt", _write_jsonld, name="jsonld"),
    ExportFormat("records.jsonl"),
    ExportFormat("issues.jsonl"),
    # one N-Quads file per named graph: what an edit of one document of a large corpus rewrites
    # (`kg.export.graphs`); not a default, since it holds the bytes of graph.nq a second time
    ExportFormat(f"{GRAPHS_DIR}/", name="graphs", default=False),
)
GRAPHS_FILE = f"{GRAPHS_DIR}/"
ALL_EXPORT_FILES: tuple[str, ...] = tuple(f.file for f in EXPORT_FORMATS)
EXPORT_FILES: tuple[str, ...] = tuple(f.file for f in EXPORT_FORMATS if f.default)
"""What a build without `--formats` writes (`ALL_EXPORT_FILES`: every format, folders too)."""
DERIVED: tuple[ExportFormat, ...] = tuple(f for f in EXPORT_FORMATS if f.write is not None)
FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in EXPORT_FORMATS if f.name and f.default)
"""The names a build without `--formats` writes."""
ALL_FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in EXPORT_FORMATS if f.name)
"""Every name `--formats` accepts."""
MERGED: frozenset[str] = frozenset(
    {"graph.nq", "graph.nt", *(f.file for f in DERIVED), *(str(f.source) for f in DERIVED)}
)
"""The files written from the merge of every document's run (the others need no merge)."""


def parse_formats(text: str) -> tuple[str, ...]:
    """The format names of `--formats a,b` in registry order.

    Raises:
        KgError: a name is unknown, or none is given (the message lists the valid names).
    """
    given = [n.strip() for n in text.split(",") if n.strip()]
    unknown = sorted(set(given) - set(ALL_FORMAT_NAMES))
    valid = ", ".join(ALL_FORMAT_NAMES)
    if unknown:
        raise KgError(f"unknown export format(s) {', '.join(map(repr, unknown))}; valid: {valid}")
    if not given:
        raise KgError(f"no export format given; valid: {valid}")
    return tuple(n for n in ALL_FORMAT_NAMES if n in given)


def selected_files(formats: Iterable[str] | None = None) -> tuple[str, ...]:
    """The export files a build writes for the format names `formats` (None: the default ones).

    The formats without a name (the JSONL dumps) are always in. Raises `KgError` on an unknown name.
    """
    if formats is None:
        return EXPORT_FILES
    names = set(parse_formats(",".join(formats)))
    return tuple(f.file for f in EXPORT_FORMATS if not f.name or f.name in names)


def get_format(file: str) -> ExportFormat:
    """Return the export format written to `file`.

    Raises:
        KgError: no format writes `file` (the message lists them).
    """
    for f in EXPORT_FORMATS:
        if f.file == file:
            return f
    raise KgError(f"unknown export {file!r}; available: {', '.join(ALL_EXPORT_FILES)}")


def write_derived(file: str, src: Path, dst: Path, cache: Path | None = None) -> None:
    """Write the derived export `file` from its source export `src` to `dst`.

    `cache`: a folder for this export's reusable pieces, kept between builds of this code.
    """
    fmt = get_format(file)
    if fmt.write is None:
        raise KgError(f"{file!r} is not derived from another export; derived: {[f.file for f in DERIVED]}")
    fmt.write(src, dst, cache)
