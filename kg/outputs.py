"""The write stage of a build: from the documents' outputs to the exports, dumps, report and store.

`write_outputs` merges each document's sorted N-Quads run (or, for `graphs/` only, merges nothing),
writes the requested export files, `records.jsonl`, `issues.jsonl`, `build-report.json` and the
manifest, and brings the store up to date (`kg.storesync`). Every file is replaced atomically, so
a build that is killed leaves the previous exports. `kg.pipeline` calls it once per build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kg import __version__
from kg.cache import CACHE_DIR, MANIFEST, DocOutput, file_stamps, read_manifest
from kg.export import graphs
from kg.export import records as rec
from kg.export import serialise as ser
from kg.export.formats import (
    ALL_EXPORT_FILES,
    DERIVED,
    EXPORT_FILES,
    GRAPHS_FILE,
    MERGED,
    write_derived,
)
from kg.rdf import mint
from kg.rdf.mapping import reference_triples, run_triples
from kg.storesync import stage_store, switch_dir, union_lines
from kg.workers import overlap


@dataclass
class BuildReport:
    """Summary of a build: what was built, what failed and why, issue counts, output files."""

    out_dir: str
    built: list[dict[str, Any]]
    failed: list[dict[str, Any]]
    issue_counts: dict[str, int]
    error_issues: int
    triples: int
    quads: int
    files: list[str]
    seconds: float
    validation: dict[str, Any] | None = None
    ignored: list[dict[str, Any]] = field(default_factory=list)
    internal_errors: int = 0

    def to_json(self) -> str:
        """The report as stable JSON (timings excluded so reports diff cleanly)."""
        d = asdict(self)
        d.pop("seconds")
        d.pop("out_dir")
        for b in d["built"]:
            b.pop("seconds", None)
        return json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def run_graph_lines(run: URIRef, outputs: list[DocOutput]) -> list[str]:
    """PROV-O description of the run: the software agent and the documents it used."""
    built = [o.doc_id for o in outputs if o.status == "built"]
    return list(ser.quad_lines(run_triples(run, __version__, built), mint.RUN_GRAPH))


@lru_cache(maxsize=1)
def reference_lines() -> tuple[str, ...]:
    """Sorted N-Quads lines of the reference graph (gazetteer schemes): the same for every build."""
    return tuple(sorted(set(ser.quad_lines(reference_triples(), mint.REFERENCE_GRAPH))))


def _reference_run(out: Path, salt: str) -> ser.SortedRun:
    """The reference graph's lines, kept under OUT/.cache for the next build with the same `salt`.

    They depend on the code and the gazetteers only, so a rebuild reads them instead of mapping
    every gazetteer entry again. No `salt` (a build without the cache): made here, not kept.
    """
    if not salt:
        return ser.SortedRun(list(reference_lines()))
    folder = out / CACHE_DIR
    path = folder / f"reference-{hashlib.sha256(salt.encode()).hexdigest()[:16]}.nq"
    if not path.is_file():
        ser.write_atomic(path, "".join(reference_lines()).encode("utf-8"))
        for old in folder.glob("reference-*.nq"):
            if old != path:
                old.unlink(missing_ok=True)
    return ser.SortedRun(path=path)


_EXPORTS = ALL_EXPORT_FILES


def _write_export(kind: str, src: str, dst: str, cache: str = "") -> None:
    """Write one derived export from the merged N-Quads / N-Triples (runs in a worker if jobs > 1)."""
    write_derived(kind, Path(src), Path(dst), Path(cache) if cache else None)


def _quads_estimate(built: Sequence[DocOutput]) -> int:
    """About how many quads the merge will write (the documents' own graphs), before it runs."""
    return sum(o.graph_quads if o.graph_quads >= 0 else len(o.nquads) for o in built)


def _export_caches(out: Path, salt: str) -> Path | None:
    """The folder of the exports' reusable pieces for this code and configuration (`salt`).

    Folders an earlier build with other code left are removed. None without `salt` (no cache).
    """
    if not salt:
        return None
    root = out / CACHE_DIR / "exports"
    here = root / hashlib.sha256(salt.encode()).hexdigest()[:16]
    if root.is_dir():
        for old in root.iterdir():
            if old != here:
                shutil.rmtree(old, ignore_errors=True)
    return here


def write_outputs(
    outputs: list[DocOutput],
    out: Path,
    run: URIRef,
    *,
    store: bool = True,
    started: float | None = None,
    jobs: int = 1,
    state: str | None = None,
    salt: str = "",
    exports: Sequence[str] = EXPORT_FILES,
) -> BuildReport:
    """Write exports, JSONL dumps, the report and the store from per-document outputs.

    Each document's N-Quads (in memory, or spilled to `run_file`) are merged as sorted runs and
    streamed to the files; the derived formats are written from those files (in parallel when
    `jobs` > 1). When no export asked for is made from the merge (`graphs/` only), nothing is
    merged: the counts come from the documents' summaries (`kg.export.graphs`). `graphs/` is
    brought up to date file by file. The store is updated graph by graph when a previous build's manifest says which
    documents it holds and few changed, else rebuilt. Every file is replaced atomically.
    Only the export files named in `exports` are written; the others are removed from `out`.
    """
    t0 = started if started is not None else time.perf_counter()
    built = sorted((o for o in outputs if o.status == "built"), key=lambda o: o.doc_id)
    failed = sorted((o for o in outputs if o.status == "failed"), key=lambda o: o.path)
    ignored = sorted((o for o in outputs if o.status == "ignored"), key=lambda o: o.path)
    out.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(out)
    (out / CACHE_DIR).mkdir(exist_ok=True)
    ser.write_atomic(out / CACHE_DIR / MANIFEST, b"{}")  # a crash from here on leaves no stale state
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        run_lines = sorted(set(run_graph_lines(run, built)))
        reference = _reference_run(out, salt if state is not None else "")
        ref_path = reference.path  # before the merge reads it to the end

        def reference_bytes() -> bytes:
            return ref_path.read_bytes() if ref_path is not None else "".join(reference.lines).encode("utf-8")

        # the merge of every run is for the single-file exports only: without them, the counts
        # come from the documents' summaries. A store made from scratch loads the documents' runs
        # (the union of their quads and the shared graphs' is the graph), so its load starts
        # before the merge and runs beside it; only in-memory outputs make it wait for graph.nq.
        from_runs = all(o.run_file for o in built)
        merge = any(f in MERGED for f in exports) or (store and not from_runs)
        union: list[str] = []
        if GRAPHS_FILE in exports or not merge:
            union = union_lines(built)
        if store and from_runs:
            (stage / "shared.nq").write_bytes(reference_bytes() + "".join(run_lines).encode("utf-8"))
            store_files = [Path(o.run_file) for o in built] + [stage / "shared.nq"]
        else:
            store_files = [stage / "graph.nq"]
        derived = [(f.file, str(f.source)) for f in DERIVED if f.file in exports]
        caches = _export_caches(out, salt if state is not None else "")
        with overlap(jobs, _quads_estimate(built), thread=store) as side:

            def load_store() -> Future[dict[str, Any]] | None:
                return side.load(
                    stage_store, out / "store", stage / "store", store_files, built, run_lines, previous, salt
                )

            loading = load_store() if from_runs else None
            if merge:
                runs = [
                    ser.SortedRun(path=Path(o.run_file))
                    if o.run_file
                    else ser.SortedRun(sorted(set(o.nquads)))
                    for o in built
                ]
                runs.append(reference)
                runs.append(ser.SortedRun(list(run_lines)))
                quads, triples = ser.write_quads_and_triples(runs, stage / "graph.nq", stage / "graph.nt")
            else:
                shared = [*reference_bytes().decode("utf-8").splitlines(keepends=True), *union, *run_lines]
                quads, triples = graphs.count_quads_and_triples(built, shared)
            if not from_runs:
                loading = load_store()
            staged_graphs = None
            if GRAPHS_FILE in exports:
                tails = dict(zip(mint.UNION_GRAPHS, mint.UNION_TAILS, strict=True))

                def union_part(g: URIRef) -> Callable[[], bytes]:
                    return lambda: "".join(line for line in union if line.endswith(tails[g])).encode("utf-8")

                shared_files = {
                    graphs.file_name(str(mint.REFERENCE_GRAPH)): reference_bytes,
                    **{graphs.file_name(str(g)): union_part(g) for g in mint.UNION_GRAPHS},
                    graphs.file_name(str(mint.RUN_GRAPH)): lambda: "".join(run_lines).encode("utf-8"),
                }
                staged_graphs = graphs.stage_graphs(out, stage, built, shared_files, previous)
            pending = [
                side.export(
                    _write_export, k, str(stage / src), str(stage / k), str(caches / k) if caches else ""
                )
                for k, src in derived
            ]
            with (stage / "records.jsonl").open("wb") as fh:
                for o in built:
                    if o.records_file:
                        with open(o.records_file, "rb") as src_fh:
                            shutil.copyfileobj(src_fh, fh, 1 << 20)
                    else:
                        fh.write("".join(o.records).encode("utf-8"))
            issues = [i for o in outputs for i in o.issues]
            for o in [*failed, *ignored]:
                issues.append(
                    {
                        "doc": o.doc_id,
                        "path": o.path,
                        "code": o.code or "input-rejected",
                        "severity": o.severity,
                        "message": o.reason,
                    }
                )
            (stage / "issues.jsonl").write_bytes("".join(rec.dumps(i) + "\n" for i in issues).encode("utf-8"))
            side.run_deferred()
            for fut in pending:
                if fut is not None:
                    fut.result()
            store_state = loading.result() if loading else None
        # everything is staged: switch the store, then the exports (a kill in between leaves
        # the manifest empty, so the next build rebuilds both)
        if store_state is not None:
            switch_dir(stage / "store", out / "store")
        for name in _EXPORTS:
            if name == GRAPHS_FILE:
                if staged_graphs is not None:
                    graphs.switch_graphs(stage, out, staged_graphs)
                elif (out / graphs.GRAPHS_DIR).is_dir():
                    shutil.rmtree(out / graphs.GRAPHS_DIR)
            elif name in exports:
                os.chmod(stage / name, 0o644)
                os.replace(stage / name, out / name)
            else:  # not asked for this time: no stale file from an earlier build
                (out / name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    issue_counts = Counter(i["code"] for i in issues)
    report = BuildReport(
        out_dir=str(out),
        built=[
            {
                "doc": o.doc_id,
                "path": _rel(o.path),
                "sha256": o.sha256,
                "encoding": o.encoding,
                "records": o.counts,
            }
            for o in built
        ],
        failed=[
            {"doc": o.doc_id, "path": _rel(o.path), "code": o.code or "input-rejected", "reason": o.reason}
            for o in failed
        ],
        ignored=[{"path": _rel(o.path), "code": o.code, "reason": o.reason} for o in ignored],
        internal_errors=sum(1 for o in failed if o.code == "internal-error"),
        issue_counts=dict(sorted(issue_counts.items())),
        error_issues=sum(1 for i in issues if i.get("severity") == "error"),
        triples=triples,
        quads=quads,
        files=sorted([*exports, "build-report.json"] + (["store/"] if store else [])),
        seconds=round(time.perf_counter() - t0, 3),
    )
    ser.write_atomic(out / "build-report.json", report.to_json().encode("utf-8"))
    stamped = [n for n in exports if n != GRAPHS_FILE]
    if staged_graphs is not None:
        stamped += [f"{graphs.GRAPHS_DIR}/{n}" for n in staged_graphs.names]
    manifest = {
        "state": state,
        "files": file_stamps(out, [*stamped, "build-report.json"]),
        "store": store_state,
        "graphs": staged_graphs.docs if staged_graphs is not None else None,
    }
    ser.write_atomic(out / CACHE_DIR / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    return report


def record_validation(out: Path, conforms: bool, violations: int) -> None:
    """Add the SHACL result to OUT/build-report.json (and keep the manifest's stamps true)."""
    path = out / "build-report.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    d["validation"] = {"conforms": conforms, "violations": violations, "shapes": "ontology/kg.ttl"}
    ser.write_atomic(
        path, (json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    )
    m = read_manifest(out)
    if "files" in m:
        m["files"] = file_stamps(out, m["files"])
        ser.write_atomic(out / CACHE_DIR / MANIFEST, json.dumps(m, indent=1).encode("utf-8"))


def _rel(path: str) -> str:
    return path
