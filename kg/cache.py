"""Per-document results cached under `OUT/.cache/` and the manifest of the last build.

A cache entry is keyed by the file's bytes, its document id, the configuration and the code
(`entry_key`), so a rebuild re-extracts only what changed; the manifest says which state the
exports and the store were made from and is emptied while a build is switching them in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kg.export import graphs
from kg.export import serialise as ser
from kg.rdf import mint


@dataclass
class DocOutput:
    """What processing one input file produced (JSON-serialisable, so it can be cached)."""

    path: str
    doc_id: str
    status: str  # "built" | "failed" | "ignored"
    reason: str | None = None
    sha256: str = ""
    encoding: str = ""
    nquads: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    key: str = ""  # cache key: file content, doc id, configuration, code
    run_file: str = ""  # `nquads` spilled to disk: sorted unique lines
    records_file: str = ""  # `records` spilled to disk
    union_file: str = ""  # the lines of `run_file` in the shared union graphs (a small index)
    graph_quads: int = -1  # lines of the document's own named graph (-1: not counted)
    foreign: list[str] = field(default_factory=list)  # of those, the ones about others' nodes
    cached: bool = False
    code: str = ""  # issue code of a failed or ignored input: input-rejected, internal-error...
    severity: str = "error"


CACHE_DIR = ".cache"
MANIFEST = "manifest.json"


def code_key() -> str:
    """Hash of the package's Python sources: a cache entry is reused only by the code that made it.

    The version alone is not enough while extractors change between releases.
    """
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent  # the kg package
    for p in sorted(pkg.rglob("*.py")):
        h.update(p.relative_to(pkg).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def entry_key(sha256: str, doc_id: str, salt: str) -> str:
    """Cache key of a document: its bytes, its id and `salt` (configuration, code, run)."""
    return hashlib.sha256(f"{sha256}\0{doc_id}\0{salt}".encode()).hexdigest()[:32]


def spill(out: DocOutput, folder: Path, key: str) -> DocOutput:
    """Write a document's N-Quads, records and summary under `folder/<key>.*`; return the summary."""
    folder.mkdir(parents=True, exist_ok=True)
    out.key = key
    if out.status == "built":
        nq, jl, un = folder / f"{key}.nq", folder / f"{key}.jsonl", folder / f"{key}.union.nq"
        lines = sorted(set(out.nquads))
        ser.write_atomic(nq, "".join(lines).encode("utf-8"))
        ser.write_atomic(jl, "".join(out.records).encode("utf-8"))
        # the store rebuilds the union graphs from every document's share: kept apart, a rebuild
        # reads these few lines instead of every document's whole run
        tails = mint.UNION_TAILS
        ser.write_atomic(un, "".join(line for line in lines if line.endswith(tails)).encode("utf-8"))
        # what the build's counts need without merging every run (`kg.export.graphs`)
        mine = [line for line in lines if not line.endswith(tails)]
        out.graph_quads, out.foreign = graphs.summarise(out.doc_id, mine)
        out.run_file, out.records_file, out.union_file = str(nq), str(jl), str(un)
    out.nquads, out.records = [], []
    meta = asdict(out)
    ser.write_atomic(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return out


def cached(folder: Path, key: str) -> DocOutput | None:
    """The cached output under `key`, or None when there is none or its files are gone."""
    meta = folder / f"{key}.json"
    if not meta.is_file():
        return None
    out = DocOutput(**json.loads(meta.read_text(encoding="utf-8")))
    files = (out.run_file, out.records_file, out.union_file)
    if out.status == "built" and not all(f and Path(f).is_file() for f in files):
        return None
    out.cached = True
    return out


def state_of(outputs: list[DocOutput], salt: str, store: bool) -> str | None:
    """What the exports are a function of; None when an output cannot be identified by its key."""
    if any(not o.key for o in outputs if o.status == "built"):
        return None
    items = sorted((o.path, o.doc_id, o.status, o.key, o.reason or "", o.code) for o in outputs)
    return hashlib.sha256(json.dumps([salt, store, items]).encode()).hexdigest()


def read_manifest(out: Path) -> dict[str, Any]:
    """The last build's manifest (state, file stamps, store contents); {} when absent or broken."""
    p = out / CACHE_DIR / MANIFEST
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def file_stamps(out: Path, names: Iterable[str]) -> dict[str, list[int]]:
    """Size and mtime of each named file in `out`: how a later build sees they were not touched."""
    stamps = {}
    for n in names:
        st = (out / n).stat()
        stamps[n] = [st.st_size, st.st_mtime_ns]
    return stamps
