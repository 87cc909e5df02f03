"""Wires the stages: read -> normalise -> extract -> map, then `kg.outputs` writes the exports and
the store. No stage logic here.

`process_file` is the per-document unit of work: a pure function of the file bytes and the
tool/ontology version, so it parallelises (`jobs`) and caches (by content hash, under
`<out>/.cache/`). Each document's sorted N-Quads go to disk as soon as it is processed, and the
exports are streamed from a merge of those runs, so memory does not grow with the corpus.
`build` never stops on a bad document: every input ends up built or listed with its reason.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kg import __version__
from kg.cache import (
    CACHE_DIR,
    DocOutput,
    cached,
    code_key,
    entry_key,
    file_stamps,
    read_manifest,
    spill,
    state_of,
)
from kg.errors import InputError
from kg.export import records as rec
from kg.export.formats import (
    selected_files,
)
from kg.extract import EntityMode, ExtractOptions, ExtractorFailure, run_extractors
from kg.ingest.normalise import normalise_text
from kg.ingest.read import (
    DEFAULT_MAX_DOC_SIZE,
    Skipped,
    check_file,
    check_unique_ids,
    discover_inputs,
    read_doc,
)
from kg.issues import aggregate_issues
from kg.model import Doc
from kg.outdir import WRITE_ERRNOS, check_out_dir, locked, remove_leftovers, write_error
from kg.outputs import BuildReport, write_outputs
from kg.paths import ontology_dir
from kg.rdf import mint
from kg.rdf.mapping import (
    MappingContext,
    ProvenanceProfile,
    document_quads,
)
from kg.reference import Resources, default_resources
from kg.workers import map_items

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


def extract_doc(
    doc: Doc,
    names: Sequence[str] | None = None,
    entities: EntityMode = "open",
    resources: Resources | None = None,
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Run the extractors over a normalised document (`entities`: "open" or "gazetteer";
    `resources`: the reference data, default: `kg.reference.default_resources()`)."""
    return run_extractors(doc, ExtractOptions(entities), resources or default_resources(), names)


def map_doc(
    doc: Doc,
    records: Iterable[Any],
    run: URIRef,
    entities: EntityMode = "open",
    resources: Resources | None = None,
    provenance: ProvenanceProfile = "compact",
) -> list[str]:
    """N-Quads lines of one document's named graph and of its share of the shared union graphs."""
    ctx = MappingContext(doc, run, entities, tuple(records), resources or default_resources(), provenance)
    return document_quads(ctx)


def process_file(
    path: str,
    run: str,
    max_size: int = DEFAULT_MAX_DOC_SIZE,
    entities: EntityMode = "open",
    provenance: ProvenanceProfile = "compact",
) -> DocOutput:
    """Read, normalise, extract and map one file. Never raises for a bad document.

    A bad input (`InputError`) marks the document failed with the reason and the error's code;
    an exception inside a stage is a bug, recorded as `internal-error` with the extractor's name
    and the exception. The rest of the corpus is unaffected either way.
    """
    t0 = time.perf_counter()
    p = Path(path)
    try:
        raw = read_doc(p, max_size)
    except InputError as err:
        return DocOutput(str(p), p.stem, "failed", err.reason, code=err.code)
    try:
        doc = normalise_text(raw.raw, raw.id, raw.path, raw.encoding, raw.sha256)
        # this process's reference data: loaded once (inherited from the parent by forked workers)
        resources = default_resources()
        records, issues = extract_doc(doc, entities=entities, resources=resources)
        nq = map_doc(doc, records, URIRef(run), entities, resources, provenance)
    except Exception as err:  # noqa: BLE001 - recorded as an internal error; the build exits 3
        where = f"extractor {err.extractor!r}" if isinstance(err, ExtractorFailure) else "normalise/map"
        cause = err.__cause__ if isinstance(err, ExtractorFailure) and err.__cause__ else err
        last = traceback.format_exception_only(cause)[-1].strip()
        reason = f"internal error in {where} on document {raw.id!r}: {last}; please report this bug"
        return DocOutput(str(p), raw.id, "failed", reason, raw.sha256, raw.encoding, code="internal-error")
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
        issues=aggregate_issues([rec.issue_to_json(doc, i, str(p)) for i in issues]),
        counts=dict(sorted(counts.items())),
        seconds=time.perf_counter() - t0,
    )


def _process_star(args: tuple[str, str]) -> DocOutput:
    return process_file(*args)


def _skipped_output(s: Skipped) -> DocOutput:
    status = "ignored" if s.severity == "info" else "failed"
    return DocOutput(s.path, Path(s.path).stem, status, s.reason, code=s.code, severity=s.severity)


# path, run, folder, salt, sha, max size, entities, provenance profile
_Item = tuple[str, str, str, str, str, int, EntityMode, ProvenanceProfile]


def _process_spill(args: _Item) -> DocOutput:
    path, run, folder, salt, sha, max_size, entities, provenance = args
    out = process_file(path, run, max_size, entities, provenance)
    # hash what the worker read: the file may have changed since the caller hashed it
    return spill(out, Path(folder), entry_key(out.sha256 or sha, out.doc_id, salt))


def build(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    store: bool = True,
    cache: bool = True,
    max_doc_size: int = DEFAULT_MAX_DOC_SIZE,
    entities: EntityMode = "open",
    formats: Sequence[str] | None = None,
    scheduler: str | None = None,
    provenance: ProvenanceProfile = "compact",
) -> BuildReport:
    """Build the graph of a corpus and write its exports to `out_dir`.

    Args:
        inputs: files and folders of documents.
        out_dir: where exports, the store and the build report go.
        jobs: worker processes (1 = in this process).
        progress: called with one line per document processed.
        store: also (re)load the embedded pyoxigraph store under `out_dir/store`.
        cache: reuse per-document results under `out_dir/.cache/` for unchanged files (same
            bytes, name, configuration and code) and skip writing when nothing changed. The
            exports are byte-identical either way.
        max_doc_size: larger input files are not read (`input-too-large`).
        entities: "open" (gazetteer names and organisations found by the head noun of their
            name) or "gazetteer" (listed names only).
        formats: names of the RDF exports to write (`kg.export.formats.FORMAT_NAMES`; None: all).
            The JSONL dumps, the report and the store are always written; an export of a format
            not asked for that an earlier build left in `out_dir` is removed.
        scheduler: address of a dask.distributed scheduler (`tcp://HOST:PORT`) to run the
            per-document stage on instead of `jobs` local processes (`kg.scheduler`). Its
            workers write under `out_dir`, so `out_dir` and the inputs must be on storage they
            share, at the same paths. Not contacted when every document is cached.
        provenance: how each mention's evidence is stated (`kg.rdf.mapping.PROVENANCE_PROFILES`):
            "compact" (class, body, document, raw span, block) or "full" (also the W3C Web
            Annotation target and selector, surface, rule, kind and run).

    Every entry of an input folder is built or listed with the reason (`discover_inputs`).

    The build holds a lock on `out_dir` (a second build into it fails with `OutputError`) and
    first removes working folders a killed build left there. Nothing in `out_dir` changes
    until everything is staged; then the store and the exports are switched in.

    Raises:
        InputError: an input path does not exist, or two inputs have the same document id
            (nothing is built).
        KgError: an unknown format name, dask not installed (nothing is built), the scheduler
            cannot be reached or a worker failed (the exports and store are unchanged).
        OutputError: `out_dir` is not a writable folder, is locked by another build, or a
            write failed (disk full...); the previous exports and store are unchanged.
    """
    files = selected_files(formats)
    if scheduler is not None:
        from kg.scheduler import require_dask

        require_dask()
    out = Path(out_dir)
    check_out_dir(out)
    with locked(out):
        remove_leftovers(out)
        try:
            return _build(
                inputs,
                out,
                jobs,
                progress,
                store,
                cache,
                max_doc_size,
                entities,
                files,
                scheduler,
                provenance,
            )
        except OSError as err:
            # pyoxigraph reports RocksDB's I/O errors as OSError without an errno
            if err.errno in WRITE_ERRNOS or "No space left" in str(err):
                raise write_error(err, out) from None
            raise


def _build(
    inputs: Sequence[str | Path],
    out: Path,
    jobs: int,
    progress: Progress | None,
    store: bool,
    cache: bool,
    max_doc_size: int,
    entities: EntityMode,
    exports: tuple[str, ...],
    scheduler: str | None,
    provenance: ProvenanceProfile = "compact",
) -> BuildReport:
    t0 = time.perf_counter()
    say = progress or (lambda _msg: None)
    found, skipped = discover_inputs(inputs)
    check_unique_ids(found)
    files = [str(f) for f in found]
    display = _display_paths(inputs, files + [s.path for s in skipped])
    run = run_iri()
    salt = f"{config_key()}:{code_key()}:{run}:{entities}:{provenance}"  # a profile is not "unchanged"
    out.mkdir(parents=True, exist_ok=True)
    folder = out / CACHE_DIR / "docs" if cache else Path(tempfile.mkdtemp(prefix=".spill-", dir=out))
    try:
        outputs: list[DocOutput] = []
        todo: list[_Item] = []
        for f in files:
            try:
                check_file(f, max_doc_size)  # never hash a huge file or open a FIFO
                sha = hashlib.sha256(Path(f).read_bytes()).hexdigest()
            except (OSError, InputError):
                sha = ""  # process_file reports it
            hit = cached(folder, entry_key(sha, Path(f).stem, salt)) if cache and sha else None
            if hit is not None:
                hit.path = f
                outputs.append(hit)
                say(_progress_line(len(outputs), len(files), hit))
            else:
                todo.append((f, str(run), str(folder), salt, sha, max_doc_size, entities, provenance))
        for o in _run_docs(todo, jobs, scheduler):
            outputs.append(o)
            say(_progress_line(len(outputs), len(files), o))
        order = {f: i for i, f in enumerate(files)}
        outputs.sort(key=lambda o: order.get(o.path, len(order)))
        outputs.extend(_skipped_output(s) for s in skipped)
        for o in outputs:
            o.path = display.get(o.path, o.path)
            for i in o.issues:
                i["path"] = o.path
        # the exports asked for are part of the state: another choice is not "unchanged"
        state = state_of(outputs, f"{salt}:{','.join(exports)}", store) if cache else None
        unchanged = _unchanged(out, state)
        if unchanged is not None:
            unchanged.seconds = round(time.perf_counter() - t0, 3)
            return unchanged
        report = write_outputs(
            outputs, out, run, store=store, started=t0, jobs=jobs, state=state, salt=salt, exports=exports
        )
        if cache:
            keep = {o.key for o in outputs}
            for p in folder.glob("*"):
                if p.name.split(".", 1)[0] not in keep:
                    p.unlink(missing_ok=True)
        return report
    finally:
        if not cache:
            shutil.rmtree(folder, ignore_errors=True)


def _fingerprint() -> str:
    """What a document's output depends on besides its bytes: a cluster's workers must agree."""
    return f"{__version__}:{config_key()}:{code_key()}"


def _run_docs(todo: list[_Item], jobs: int, scheduler: str | None) -> Iterator[DocOutput]:
    """The per-document stage over `todo`: on a dask cluster, local worker processes or here."""
    yield from map_items(
        _process_spill,
        todo,
        jobs=jobs,
        scheduler=scheduler,
        name=lambda item: str(item[0]),
        fingerprint=_fingerprint,
        before_fork=partial(_before_fork, todo),
    )


def _before_fork(todo: list[_Item]) -> None:
    """Load the reference data before local workers fork: they inherit it (and jieba's
    dictionary, when open-class organisations are looked for) instead of each loading it again.
    The reference graph's lines are not made here: a build with a cache reads them from it."""
    resources = default_resources()
    if any(item[6] == "open" for item in todo):
        resources.tokenizer.load()


def _unchanged(out: Path, state: str | None) -> BuildReport | None:
    """The previous report when it was made from the same state and its files are untouched."""
    m = read_manifest(out)
    if state is None or m.get("state") != state:
        return None
    try:
        if file_stamps(out, m["files"]) != m["files"]:
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
