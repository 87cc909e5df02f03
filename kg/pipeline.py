"""Wires the stages: read -> normalise -> extract -> map -> export/store. No stage logic here.

`process_file` is the per-document unit of work: a pure function of the file bytes and the
tool/ontology version, so it parallelises (`jobs`) and caches (by content hash). `build` never
stops on a bad document: every input ends up built or listed with its reason in the report.
"""

from __future__ import annotations

import hashlib
import json
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import PROV, RDF, RDFS

from kg import __version__
from kg.errors import InputError
from kg.export import records as rec
from kg.export import serialise as ser
from kg.extract import run_extractors
from kg.ingest.normalise import normalise_text
from kg.ingest.read import iter_inputs, read_doc
from kg.model import Doc
from kg.paths import ontology_dir
from kg.rdf import mint
from kg.rdf.mapping import MappingContext, document_triples, lit, reference_triples, to_triples
from kg.rdf.vocab import KG

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


def extract_doc(doc: Doc, names: Sequence[str] | None = None) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Run the extractors over a normalised document."""
    return run_extractors(doc, None, names)


def map_doc(doc: Doc, records: Iterable[Any], run: URIRef) -> list[str]:
    """N-Quads lines of one document's named graph."""
    ctx = MappingContext(doc, run)
    g = mint.graph(doc.id)

    def triples() -> Iterable[tuple[Any, Any, Any]]:
        yield from document_triples(ctx)
        for r in records:
            yield from to_triples(r, ctx)

    return list(ser.quad_lines(triples(), g))


def process_file(path: str, run: str) -> DocOutput:
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
        records, issues = extract_doc(doc)
        nq = map_doc(doc, records, URIRef(run))
    except Exception as err:  # noqa: BLE001 - one bad document must never stop a corpus build
        tb = traceback.format_exc(limit=3)
        reason = f"internal error while extracting ({type(err).__name__}: {err}); please report. {tb}"
        return DocOutput(str(p), raw.id, "failed", reason, raw.sha256, raw.encoding)
    counts = Counter(rec.record_to_json(doc, r)["kind"] for r in records)
    return DocOutput(
        path=str(p),
        doc_id=raw.id,
        status="built",
        sha256=raw.sha256,
        encoding=raw.encoding,
        nquads=nq,
        records=[rec.dumps(rec.record_to_json(doc, r)) + "\n" for r in records],
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


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    store: bool = True,
) -> BuildReport:
    """Build the graph of a corpus and write every export to `out_dir`.

    Args:
        inputs: files and folders of documents.
        out_dir: where exports, the store and the build report go.
        jobs: worker processes (1 = in this process).
        progress: called with one line per document processed.
        store: also (re)load the embedded pyoxigraph store under `out_dir/store`.

    Raises:
        InputError: an input path does not exist (nothing is built).
    """
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    files = [str(f) for f in iter_inputs(inputs)]
    display = _display_paths(inputs, files)
    run = run_iri()
    outputs: list[DocOutput] = []
    work = [(f, str(run)) for f in files]
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(_process_star, work, chunksize=1)
            for n, out in enumerate(results, 1):
                outputs.append(out)
                say(_progress_line(n, len(files), out))
    else:
        for n, item in enumerate(work, 1):
            out = _process_star(item)
            outputs.append(out)
            say(_progress_line(n, len(files), out))
    seen: dict[str, str] = {}
    for o in outputs:
        if o.status == "built" and o.doc_id in seen:
            o.status, o.reason = (
                "failed",
                f"duplicate document id {o.doc_id!r} (also {seen[o.doc_id]}); rename one file",
            )
            o.nquads, o.records = [], []
        elif o.status == "built":
            seen[o.doc_id] = o.path
    for o in outputs:
        o.path = display.get(o.path, o.path)
        for i in o.issues:
            i["path"] = o.path
    return write_outputs(outputs, Path(out_dir), run, store=store, started=t0)


def _progress_line(n: int, total: int, out: DocOutput) -> str:
    if out.status == "built":
        what = ", ".join(f"{v} {k}" for k, v in out.counts.items()) or "no records"
        return f"[{n}/{total}] {out.doc_id}: {what} ({out.seconds:.2f}s)"
    return f"[{n}/{total}] {out.path}: FAILED: {out.reason}"


def write_outputs(
    outputs: list[DocOutput], out: Path, run: URIRef, *, store: bool = True, started: float | None = None
) -> BuildReport:
    """Write exports, JSONL dumps, the report and the store from per-document outputs."""
    t0 = started if started is not None else time.perf_counter()
    built = sorted((o for o in outputs if o.status == "built"), key=lambda o: o.doc_id)
    failed = sorted((o for o in outputs if o.status != "built"), key=lambda o: o.path)
    nq: set[str] = set()
    for o in built:
        nq.update(o.nquads)
    nq.update(ser.quad_lines(reference_triples(), mint.REFERENCE_GRAPH))
    nq.update(run_graph_lines(run, built))
    nq_lines = sorted(nq)
    nt_lines = ser.triples_from_quads(nq_lines)
    out.mkdir(parents=True, exist_ok=True)
    nq_bytes = "".join(nq_lines).encode("utf-8")
    written = {
        "graph.nq": nq_bytes,
        "graph.nt": "".join(nt_lines).encode("utf-8"),
        "graph.ttl": ser.to_turtle(nt_lines),
        "graph.trig": ser.to_trig(nq_lines),
        "graph.jsonld": ser.to_jsonld(nt_lines, ontology_dir() / "context.jsonld"),
        "records.jsonl": "".join(line for o in built for line in o.records).encode("utf-8"),
    }
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
    written["issues.jsonl"] = "".join(rec.dumps(i) + "\n" for i in issues).encode("utf-8")
    for name, data in written.items():
        ser.write_atomic(out / name, data)
    if store:
        from kg.store.backend import GraphStore

        GraphStore.rebuild(out / "store", nq_bytes)
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
        triples=len(nt_lines),
        quads=len(nq_lines),
        files=sorted([*written, "build-report.json"] + (["store/"] if store else [])),
        seconds=round(time.perf_counter() - t0, 3),
    )
    ser.write_atomic(out / "build-report.json", report.to_json().encode("utf-8"))
    return report


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
