"""Wires the stages: read -> normalise -> extract -> map -> export/store. No stage logic here.

`process_file` is the per-document unit of work: a pure function of the file bytes and the
tool/ontology version, so it parallelises (`jobs`) and caches (by content hash, under
`<out>/.cache/`). Each document's sorted N-Quads go to disk as soon as it is processed, and the
exports are streamed from a merge of those runs, so memory does not grow with the corpus.
`build` never stops on a bad document: every input ends up built or listed with its reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg import __version__
from kg.errors import InputError
from kg.export import records as rec
from kg.export import serialise as ser
from kg.extract import run_extractors
from kg.extract.entities import EntityMode, ExtractOptions
from kg.ingest.normalise import normalise_text
from kg.ingest.read import iter_inputs, read_doc
from kg.model import Doc
from kg.paths import ontology_dir
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, document_triples, lit, reference_triples, to_triples
from kg.rdf.vocab import KG
from kg.store.backend import bulk_load_nquads

Progress = Callable[[str], None]


def config_key() -> str:
    """Hash of the tool version and the ontology/gazetteer files: what extraction output depends on."""
    h = hashlib.sha256(__version__.encode())
    root = ontology_dir()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".ttl", ".yaml", ".jsonld"):
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def run_iri() -> URIRef:
    """The extraction run: this tool version with this ontology (stable, so caches stay valid)."""
    return mint.run(f"{__version__}-{config_key()}")


@dataclass
class DocOutput:
    """What processing one input file produced (JSON-serialisable, so it can be cached)."""

    path: str
    doc_id: str
    status: str  # "built" | "failed"
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
    cached: bool = False


def extract_doc(
    doc: Doc, names: Sequence[str] | None = None, entities: EntityMode = "open"
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Run the extractors over a normalised document (`entities`: "open" or "gazetteer")."""
    return run_extractors(doc, ExtractOptions(entities), names)


def map_doc(doc: Doc, records: Iterable[Any], run: URIRef, entities: EntityMode = "open") -> list[str]:
    """N-Quads lines of one document's named graph."""
    ctx = MappingContext(doc, run, entities)
    g = mint.graph(doc.id)

    def triples() -> Iterable[tuple[Any, Any, Any]]:
        yield from document_triples(ctx)
        for r in records:
            yield from to_triples(r, ctx)

    return list(ser.quad_lines(triples(), g))


def process_file(path: str, run: str, entities: EntityMode = "open") -> DocOutput:
    """Read, normalise, extract and map one file. Never raises for a bad document.

    A decoding problem (`InputError`) or an unexpected failure inside an extractor marks the
    document failed with the reason; the rest of the corpus is unaffected.
    """
    t0 = time.perf_counter()
    p = Path(path)
    try:
        raw = read_doc(p)
    except InputError as err:
        return DocOutput(str(p), p.stem, "failed", err.reason)
    try:
        doc = normalise_text(raw.raw, raw.id, raw.path, raw.encoding, raw.sha256)
        records, issues = extract_doc(doc, entities=entities)
        nq = map_doc(doc, records, URIRef(run), entities)
    except Exception as err:  # noqa: BLE001 - one bad document must never stop a corpus build
        tb = traceback.format_exc(limit=3)
        reason = f"internal error while extracting ({type(err).__name__}: {err}); please report. {tb}"
        return DocOutput(str(p), raw.id, "failed", reason, raw.sha256, raw.encoding)
    rows = [rec.record_to_json(doc, r) for r in records]
    counts = Counter(row["kind"] for row in rows)
    return DocOutput(
        path=str(p),
        doc_id=raw.id,
        status="built",
        sha256=raw.sha256,
        encoding=raw.encoding,
        nquads=nq,
        records=[rec.dumps(row) + "\n" for row in rows],
        issues=[rec.issue_to_json(doc, i, str(p)) for i in issues],
        counts=dict(sorted(counts.items())),
        seconds=time.perf_counter() - t0,
    )


def _process_star(args: tuple[str, str]) -> DocOutput:
    return process_file(*args)


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
    agent = mint.agent(__version__)
    triples: list[tuple[Any, Any, Any]] = [
        (run, RDF.type, KG.ExtractionRun),
        (run, PROV.wasAssociatedWith, agent),
        (agent, RDF.type, PROV.SoftwareAgent),
        (agent, RDFS.label, lit(f"unkg {__version__}")),
    ]
    for o in outputs:
        if o.status == "built":
            triples.append((run, PROV.used, mint.document(o.doc_id)))
    return list(ser.quad_lines(triples, mint.RUN_GRAPH))


@lru_cache(maxsize=1)
def reference_lines() -> tuple[str, ...]:
    """Sorted N-Quads lines of the reference graph (gazetteer schemes): the same for every build."""
    return tuple(sorted(set(ser.quad_lines(reference_triples(), mint.REFERENCE_GRAPH))))


CACHE_DIR = ".cache"
_MANIFEST = "manifest.json"
_EXPORTS = (
    "graph.nq",
    "graph.nt",
    "graph.ttl",
    "graph.trig",
    "graph.jsonld",
    "records.jsonl",
    "issues.jsonl",
)


def code_key() -> str:
    """Hash of the package's Python sources: a cache entry is reused only by the code that made it.

    The version alone is not enough while extractors change between releases.
    """
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):
        h.update(p.relative_to(pkg).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _entry_key(sha256: str, doc_id: str, salt: str) -> str:
    return hashlib.sha256(f"{sha256}\0{doc_id}\0{salt}".encode()).hexdigest()[:32]


def _spill(out: DocOutput, folder: Path, key: str) -> DocOutput:
    """Write a document's N-Quads, records and summary under `folder/<key>.*`; return the summary."""
    folder.mkdir(parents=True, exist_ok=True)
    out.key = key
    if out.status == "built":
        nq, jl = folder / f"{key}.nq", folder / f"{key}.jsonl"
        ser.write_atomic(nq, "".join(sorted(set(out.nquads))).encode("utf-8"))
        ser.write_atomic(jl, "".join(out.records).encode("utf-8"))
        out.run_file, out.records_file = str(nq), str(jl)
    out.nquads, out.records = [], []
    meta = asdict(out)
    ser.write_atomic(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return out


def _process_spill(args: tuple[str, str, str, str, str, EntityMode]) -> DocOutput:
    path, run, folder, salt, sha, entities = args
    out = process_file(path, run, entities)
    # hash what the worker read: the file may have changed since the caller hashed it
    return _spill(out, Path(folder), _entry_key(out.sha256 or sha, out.doc_id, salt))


def _cached(folder: Path, key: str) -> DocOutput | None:
    meta = folder / f"{key}.json"
    if not meta.is_file():
        return None
    out = DocOutput(**json.loads(meta.read_text(encoding="utf-8")))
    if out.status == "built" and not (Path(out.run_file).is_file() and Path(out.records_file).is_file()):
        return None
    out.cached = True
    return out


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    store: bool = True,
    cache: bool = True,
    entities: EntityMode = "open",
) -> BuildReport:
    """Build the graph of a corpus and write every export to `out_dir`.

    Args:
        inputs: files and folders of documents.
        out_dir: where exports, the store and the build report go.
        jobs: worker processes (1 = in this process).
        progress: called with one line per document processed.
        store: also (re)load the embedded pyoxigraph store under `out_dir/store`.
        cache: reuse per-document results under `out_dir/.cache/` for unchanged files (same
            bytes, name, configuration and code) and skip writing when nothing changed. The
            exports are byte-identical either way.
        entities: "open" (gazetteer names and organisations found by the head noun of their
            name) or "gazetteer" (listed names only).

    Raises:
        InputError: an input path does not exist (nothing is built).
    """
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    out = Path(out_dir)
    files = [str(f) for f in iter_inputs(inputs)]
    display = _display_paths(inputs, files)
    run = run_iri()
    salt = f"{config_key()}:{code_key()}:{run}:{entities}"
    out.mkdir(parents=True, exist_ok=True)
    folder = out / CACHE_DIR / "docs" if cache else Path(tempfile.mkdtemp(prefix=".spill-", dir=out))
    try:
        outputs: list[DocOutput] = []
        todo: list[tuple[str, str, str, str, str, EntityMode]] = []
        for f in files:
            try:
                sha = hashlib.sha256(Path(f).read_bytes()).hexdigest()
            except OSError:
                sha = ""  # process_file reports it
            hit = _cached(folder, _entry_key(sha, Path(f).stem, salt)) if cache and sha else None
            if hit is not None:
                hit.path = f
                outputs.append(hit)
                say(_progress_line(len(outputs), len(files), hit))
            else:
                todo.append((f, str(run), str(folder), salt, sha, entities))
        if jobs > 1 and len(todo) > 1:
            # load the gazetteers here, before the workers fork: they inherit them instead of
            # each parsing the YAML again, and this process needs them for the reference graph
            reference_lines()
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for o in pool.map(_process_spill, todo, chunksize=1):
                    outputs.append(o)
                    say(_progress_line(len(outputs), len(files), o))
        else:
            for item in todo:
                outputs.append(_process_spill(item))
                say(_progress_line(len(outputs), len(files), outputs[-1]))
        order = {f: i for i, f in enumerate(files)}
        outputs.sort(key=lambda o: order.get(o.path, len(order)))
        seen: dict[str, str] = {}
        for o in outputs:
            if o.status == "built" and o.doc_id in seen:
                o.status, o.reason = (
                    "failed",
                    f"duplicate document id {o.doc_id!r} (also {seen[o.doc_id]}); rename one file",
                )
                o.nquads, o.records, o.run_file, o.records_file = [], [], "", ""
            elif o.status == "built":
                seen[o.doc_id] = o.path
        for o in outputs:
            o.path = display.get(o.path, o.path)
            for i in o.issues:
                i["path"] = o.path
        state = _state(outputs, salt, store) if cache else None
        unchanged = _unchanged(out, state)
        if unchanged is not None:
            unchanged.seconds = round(time.perf_counter() - t0, 3)
            return unchanged
        report = write_outputs(outputs, out, run, store=store, started=t0, jobs=jobs, state=state, salt=salt)
        if cache:
            keep = {o.key for o in outputs}
            for p in folder.glob("*"):
                if p.name.split(".", 1)[0] not in keep:
                    p.unlink(missing_ok=True)
        return report
    finally:
        if not cache:
            shutil.rmtree(folder, ignore_errors=True)


def _state(outputs: list[DocOutput], salt: str, store: bool) -> str | None:
    """What the exports are a function of; None when an output cannot be identified by its key."""
    if any(not o.key for o in outputs):
        return None
    items = sorted((o.path, o.doc_id, o.status, o.key, o.reason or "") for o in outputs)
    return hashlib.sha256(json.dumps([salt, store, items]).encode()).hexdigest()


def _read_manifest(out: Path) -> dict[str, Any]:
    p = out / CACHE_DIR / _MANIFEST
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _file_stamps(out: Path, names: Iterable[str]) -> dict[str, list[int]]:
    stamps = {}
    for n in names:
        st = (out / n).stat()
        stamps[n] = [st.st_size, st.st_mtime_ns]
    return stamps


def _unchanged(out: Path, state: str | None) -> BuildReport | None:
    """The previous report when it was made from the same state and its files are untouched."""
    m = _read_manifest(out)
    if state is None or m.get("state") != state:
        return None
    try:
        if _file_stamps(out, m["files"]) != m["files"]:
            return None
        d = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return None
    if "store/" in d["files"] and not (out / "store").is_dir():
        return None
    return BuildReport(out_dir=str(out), seconds=0.0, **d)


def _progress_line(n: int, total: int, out: DocOutput) -> str:
    if out.status == "built":
        what = ", ".join(f"{v} {k}" for k, v in out.counts.items()) or "no records"
        took = "cached" if out.cached else f"{out.seconds:.2f}s"
        return f"[{n}/{total}] {out.doc_id}: {what} ({took})"
    return f"[{n}/{total}] {out.path}: FAILED: {out.reason}"


def _write_export(kind: str, src: str, dst: str) -> None:
    """Write one derived export from the merged N-Quads / N-Triples (runs in a worker if jobs > 1)."""
    if kind == "graph.ttl":
        ser.write_turtle(Path(src), Path(dst))
    elif kind == "graph.trig":
        ser.write_trig(Path(src), Path(dst))
    else:
        ser.write_jsonld(Path(src), Path(dst), ontology_dir() / "context.jsonld")


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
) -> BuildReport:
    """Write exports, JSONL dumps, the report and the store from per-document outputs.

    Each document's N-Quads (in memory, or spilled to `run_file`) are merged as sorted runs and
    streamed to the files; the derived formats are written from those files (in parallel when
    `jobs` > 1). The store is updated graph by graph when a previous build's manifest says which
    documents it holds and few changed, else rebuilt. Every file is replaced atomically.
    """
    t0 = started if started is not None else time.perf_counter()
    built = sorted((o for o in outputs if o.status == "built"), key=lambda o: o.doc_id)
    failed = sorted((o for o in outputs if o.status != "built"), key=lambda o: o.path)
    out.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(out)
    (out / CACHE_DIR).mkdir(exist_ok=True)
    ser.write_atomic(out / CACHE_DIR / _MANIFEST, b"{}")  # a crash from here on leaves no stale state
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        runs = [
            ser.SortedRun(path=Path(o.run_file)) if o.run_file else ser.SortedRun(sorted(set(o.nquads)))
            for o in built
        ]
        run_lines = sorted(set(run_graph_lines(run, built)))
        runs.append(ser.SortedRun(list(reference_lines())))
        runs.append(ser.SortedRun(list(run_lines)))
        quads, triples = ser.write_quads_and_triples(runs, stage / "graph.nq", stage / "graph.nt")
        derived = [("graph.ttl", "graph.nt"), ("graph.trig", "graph.nq"), ("graph.jsonld", "graph.nt")]
        pool = ProcessPoolExecutor(max_workers=min(jobs, 3)) if jobs > 1 and quads > 100_000 else None
        loader = ThreadPoolExecutor(max_workers=1) if store else None
        try:
            pending = [
                pool.submit(_write_export, k, str(stage / src), str(stage / k)) if pool else None
                for k, src in derived
            ]
            # Oxigraph loads the store without holding the GIL: a thread overlaps it with the
            # exports (started after the pool has forked its workers, never before)
            loading = (
                loader.submit(
                    _update_store, out / "store", stage / "graph.nq", built, run_lines, previous, salt
                )
                if loader
                else None
            )
            with (stage / "records.jsonl").open("wb") as fh:
                for o in built:
                    if o.records_file:
                        with open(o.records_file, "rb") as src_fh:
                            shutil.copyfileobj(src_fh, fh, 1 << 20)
                    else:
                        fh.write("".join(o.records).encode("utf-8"))
            issues = [i for o in outputs for i in o.issues]
            for o in failed:
                issues.append(
                    {
                        "doc": o.doc_id,
                        "path": o.path,
                        "code": "input-rejected",
                        "severity": "error",
                        "message": o.reason,
                    }
                )
            (stage / "issues.jsonl").write_bytes("".join(rec.dumps(i) + "\n" for i in issues).encode("utf-8"))
            for (k, src), fut in zip(derived, pending, strict=True):
                if fut is None:
                    _write_export(k, str(stage / src), str(stage / k))
                else:
                    fut.result()
            store_state = loading.result() if loading else None
        finally:
            if pool is not None:
                pool.shutdown()
            if loader is not None:
                loader.shutdown()
        for name in _EXPORTS:
            os.chmod(stage / name, 0o644)
            os.replace(stage / name, out / name)
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
        failed=[{"doc": o.doc_id, "path": _rel(o.path), "reason": o.reason} for o in failed],
        issue_counts=dict(sorted(issue_counts.items())),
        error_issues=sum(1 for i in issues if i.get("severity") == "error"),
        triples=triples,
        quads=quads,
        files=sorted([*_EXPORTS, "build-report.json"] + (["store/"] if store else [])),
        seconds=round(time.perf_counter() - t0, 3),
    )
    ser.write_atomic(out / "build-report.json", report.to_json().encode("utf-8"))
    manifest = {
        "state": state,
        "files": _file_stamps(out, [*_EXPORTS, "build-report.json"]),
        "store": store_state,
    }
    ser.write_atomic(out / CACHE_DIR / _MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    return report


def _update_store(
    path: Path,
    nq_file: Path,
    built: list[DocOutput],
    run_lines: list[str],
    previous: dict[str, Any],
    salt: str,
) -> dict[str, Any]:
    """Bring the store at `path` to the new graph; return what it now holds (for the next build).

    Incremental when the previous build's store holds the same configuration and at most a
    quarter of the documents changed: drop the changed and removed documents' named graphs, load
    the new ones and replace the run graph. Otherwise rebuild into a fresh folder and swap.
    """
    graphs = {o.doc_id: o.key for o in built}
    prev = previous.get("store") or {}
    old: dict[str, str] = prev.get("graphs", {})
    changed = [d for d, k in graphs.items() if not k or old.get(d) != k]
    removed = [d for d in old if d not in graphs]
    small = len(changed) + len(removed) <= max(1, len(graphs) // 4)
    if salt and prev.get("salt") == salt and path.is_dir() and small and all(o.run_file for o in built):
        by_id = {o.doc_id: o for o in built}
        s = ox.Store(str(path))
        for d in [*removed, *changed, None]:
            g = ox.NamedNode(str(mint.graph(d) if d else mint.RUN_GRAPH))
            if s.contains_named_graph(g):
                s.remove_graph(g)
        for d in changed:
            s.load(path=by_id[d].run_file, format=ox.RdfFormat.N_QUADS)
        s.load("".join(run_lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        s.flush()
        del s
    else:
        tmp = path.with_name(path.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        s = ox.Store(str(tmp))
        bulk_load_nquads(s, nq_file)
        s.flush()
        s.optimize()
        del s
        shutil.rmtree(path, ignore_errors=True)
        tmp.rename(path)
    return {"salt": salt, "graphs": graphs}


def _rel(path: str) -> str:
    return path


def _display_paths(inputs: Sequence[str | Path], files: list[str]) -> dict[str, str]:
    """Show each file relative to the input folder it was found in (stable across machines)."""
    out: dict[str, str] = {}
    for f in files:
        fp = Path(f)
        for root in inputs:
            rp = Path(root)
            if rp.is_dir():
                try:
                    out[f] = (Path(rp.name) / fp.relative_to(rp)).as_posix()
                    break
                except ValueError:
                    continue
        out.setdefault(f, fp.name)
    return out
