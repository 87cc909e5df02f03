"""Pipeline: parallel and cached builds give byte-identical exports; the cache follows the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.export import serialise as ser
from kg.export.formats import EXPORT_FILES
from kg.outputs import write_outputs
from kg.pipeline import build, process_file, run_iri
from tests.conftest import short_corpus

EXPORTS = EXPORT_FILES


def _same(a: Path, b: Path) -> None:
    for name in (*EXPORTS, "build-report.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _quads(out: Path) -> list[str]:
    from kg.store.backend import GraphStore

    s = GraphStore.open_read_only(out / "store")
    return sorted(str(q) for q in s.store.quads_for_pattern(None, None, None, None))


def test_pipeline_incremental_rebuild_is_byte_identical_to_full(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], out, store=True)
    doc = sorted(corpus.glob("*.txt"))[0]
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\n联合国大会第 75/1 号决议。\n", encoding="utf-8")
    report = build([corpus], out, store=True)
    build([corpus], full, store=True, cache=False)
    _same(out, full)
    assert _quads(out) == _quads(full)  # the store was updated graph by graph
    assert report.quads == len((out / "graph.nq").read_bytes().splitlines())


def test_pipeline_removed_document_drops_its_graph(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], out, store=True)
    gone = sorted(corpus.glob("*.txt"))[0]
    gone.unlink()
    build([corpus], out, store=True)
    build([corpus], full, store=True, cache=False)
    _same(out, full)
    assert _quads(out) == _quads(full)
    assert gone.stem not in (out / "graph.nq").read_text(encoding="utf-8")


def test_pipeline_unchanged_rebuild_writes_nothing(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    first = build([corpus], out, store=True)
    stamp = (out / "graph.ttl").stat().st_mtime_ns
    os.utime(sorted(corpus.glob("*.txt"))[0])  # touched, same bytes
    again = build([corpus], out, store=True)
    assert (out / "graph.ttl").stat().st_mtime_ns == stamp
    assert again.to_json() == first.to_json()


def test_pipeline_cache_is_invalidated_by_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    build([corpus], out, store=False)
    monkeypatch.setattr("kg.pipeline.config_key", lambda: "a-changed-gazetteer")
    lines: list[str] = []
    build([corpus], out, store=False, progress=lines.append)
    assert lines and not any("cached" in line for line in lines)


def test_pipeline_jobs_do_not_change_exports(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    build([corpus], tmp_path / "j1", jobs=1, store=False, cache=False)
    build([corpus], tmp_path / "j2", jobs=2, store=False, cache=False)
    _same(tmp_path / "j1", tmp_path / "j2")


def test_pipeline_write_outputs_accepts_in_memory_outputs(tmp_path: Path) -> None:
    from tests.conftest import PEACE_REPORT

    run = run_iri()
    doc = process_file(str(PEACE_REPORT), str(run))
    write_outputs([doc], tmp_path / "mem", run, store=False)
    build([PEACE_REPORT], tmp_path / "built", store=False, cache=False)
    for name in ("graph.nq", "graph.ttl", "graph.jsonld"):
        assert (tmp_path / "mem" / name).read_bytes() == (tmp_path / "built" / name).read_bytes()


def test_pipeline_streaming_writers_match_in_memory_serialisers(tmp_path: Path) -> None:
    from tests.conftest import PEACE_REPORT

    doc = process_file(str(PEACE_REPORT), str(run_iri()))
    extra = [
        '<http://purl.org/dc/terms/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" <https://unkg.org/id/graph/r> .\n',
        '<https://unkg.org/ontology#X> <http://www.w3.org/2000/01/rdf-schema#label> "a\\"b"@zh <https://unkg.org/id/graph/r> .\n',
    ]
    lines = sorted(set(doc.nquads + extra))
    half = len(lines) // 2
    runs = [ser.SortedRun(lines[::2]), ser.SortedRun(lines[1::2]), ser.SortedRun(lines[:half])]
    quads, triples = ser.write_quads_and_triples(runs, tmp_path / "g.nq", tmp_path / "g.nt")
    nt = ser.triples_from_quads(lines)
    assert (tmp_path / "g.nq").read_text(encoding="utf-8") == "".join(lines)
    assert (quads, triples) == (len(lines), len(nt))
    ser.write_turtle(tmp_path / "g.nt", tmp_path / "g.ttl")
    ser.write_trig(tmp_path / "g.nq", tmp_path / "g.trig")
    ser.write_jsonld(tmp_path / "g.nt", tmp_path / "g.jsonld")
    assert (tmp_path / "g.ttl").read_bytes() == ser.to_turtle(nt)
    assert (tmp_path / "g.trig").read_bytes() == ser.to_trig(lines)
    assert (tmp_path / "g.jsonld").read_bytes() == ser.to_jsonld(nt)


def test_pipeline_parallel_exports_and_store_thread_match_a_serial_build(tmp_path: Path) -> None:
    # > 100,000 quads: the derived exports go to worker processes while a thread loads the store
    # (the sample has that many in the full provenance profile only)
    from tests.conftest import CORPUS

    one, two = tmp_path / "one", tmp_path / "two"
    build([str(CORPUS)], one, jobs=1, store=True, provenance="full")
    report = build([str(CORPUS)], two, jobs=2, store=True, cache=False, provenance="full")
    assert report.quads > 100_000
    for name in EXPORTS:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert _quads(two) == _quads(one)


def test_pipeline_reference_lines_are_sorted_unique_and_in_the_reference_graph() -> None:
    from kg.outputs import reference_lines
    from kg.rdf import mint

    lines = reference_lines()
    assert list(lines) == sorted(set(lines)) and len(lines) > 1000
    assert all(line.endswith(f" <{mint.REFERENCE_GRAPH}> .\n") for line in lines)


def _store_matches_exports(out: Path) -> bool:
    lines = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    return len(_quads(out)) == len(lines)


def test_pipeline_failed_build_leaves_store_and_exports_of_one_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    build([corpus], out, store=True)
    before = {n: (out / n).read_bytes() for n in EXPORTS}
    quads_before = _quads(out)
    doc = sorted(corpus.glob("*.txt"))[0]
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\n联合国大会第 75/1 号决议。\n", encoding="utf-8")

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # as if the build were killed while writing the exports

    monkeypatch.setattr("kg.outputs._write_export", killed)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, store=True)
    assert {n: (out / n).read_bytes() for n in EXPORTS} == before
    assert _quads(out) == quads_before  # the store was not changed in place
    assert not list(out.glob(".staging-*"))
    monkeypatch.undo()
    build([corpus], out, store=True)
    assert _store_matches_exports(out) and _quads(out) != quads_before


def test_pipeline_build_removes_leftovers_of_a_killed_build(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    for name in (".staging-abc", ".spill-def", "store.tmp", ".old-store-123"):
        (out / name).mkdir(parents=True)
        (out / name / "x").write_text("stale", encoding="utf-8")
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    build([corpus], out, store=False)
    assert (
        sorted(
            p.name for p in out.iterdir() if p.name.startswith((".staging", ".spill", ".old", "store.tmp"))
        )
        == []
    )
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_pipeline_second_build_into_a_locked_out_is_refused(tmp_path: Path) -> None:
    from kg.outdir import OutputError, locked

    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with locked(out):
        with pytest.raises(OutputError) as err:
            build([corpus], out, store=False)
    msg = str(err.value)
    assert f"pid {os.getpid()}, started " in msg and "another --out" in msg
    assert not (out / "graph.nq").exists()
    build([corpus], out, store=False)  # released
    assert (out / "graph.nq").exists()


def test_pipeline_disk_full_is_an_output_error_and_keeps_the_old_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from kg.outdir import OutputError

    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    build([corpus], out, store=True)
    before = {n: (out / n).read_bytes() for n in EXPORTS}

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "graph.ttl")

    monkeypatch.setattr("kg.outputs._write_export", full)
    with pytest.raises(OutputError, match="no space left on the device .*unchanged"):
        build([corpus], out, store=True, cache=False)
    assert {n: (out / n).read_bytes() for n in EXPORTS} == before
    assert _store_matches_exports(out)


def test_pipeline_store_disk_full_without_errno_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.outdir import OutputError

    def full(*args: object) -> None:
        raise OSError("IO error: No space left on device: While appending to file: 000012.sst")

    monkeypatch.setattr("kg.outputs.stage_store", full)
    with pytest.raises(OutputError, match="No space left on device"):
        build([short_corpus(tmp_path)], tmp_path / "out", store=True)


def _cite(folder: Path, name: str, *numbers: str) -> Path:
    f = folder / f"{name}.txt"
    body = "".join(f"{i}. 大会第 {n} 号决议。\n\n" for i, n in enumerate(numbers, 1))
    f.write_text(f"秘书长的报告\n\n{body}", encoding="utf-8")
    return f


def test_pipeline_incremental_rebuild_drops_a_work_no_document_cites_any_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shared works graph is rebuilt from every document, not patched by the changed one.

    It is rebuilt from each document's small union index: no document's whole run is read for it.
    """
    from kg import storesync

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    a = _cite(corpus, "a", "70/1", "75/1")
    _cite(corpus, "b", "70/1")
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], out, store=True)
    assert "A-RES-75-1" in "".join(_quads(out))
    _cite(corpus, a.stem, "70/1")
    opened: list[str] = []

    def spy(path: str, *args: object, **kw: object) -> object:
        opened.append(str(path))
        return open(path, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(storesync, "open", spy, raising=False)
    build([corpus], out, store=True)
    assert len(opened) == 2 and all(p.endswith(".union.nq") for p in opened), opened
    build([corpus], full, store=True, cache=False)
    _same(out, full)
    assert _quads(out) == _quads(full)
    assert "A-RES-75-1" not in "".join(_quads(out))
    assert "A-RES-70-1" in "".join(_quads(out))


def test_pipeline_documents_named_like_shared_graphs_get_their_own_graph(tmp_path: Path) -> None:
    """`run.txt`, `works.txt`… must not overwrite the run, works, reference or organisations graph."""
    from kg.rdf import mint

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = ("run", "works", "reference", "organisations")
    for name in names:
        _cite(corpus, name, "70/1")
    build([corpus], tmp_path / "out", store=False, cache=False)
    graphs = {line.rsplit(" ", 2)[1] for line in (tmp_path / "out" / "graph.nq").open(encoding="utf-8")}
    shared = {f"<{g}>" for g in (mint.RUN_GRAPH, mint.REFERENCE_GRAPH, *mint.UNION_GRAPHS)}
    assert {f"<{g}>" for g in (mint.RUN_GRAPH, mint.REFERENCE_GRAPH, mint.WORKS_GRAPH)} <= graphs
    own = {f"<{mint.graph(n)}>" for n in names}
    assert own.isdisjoint(shared) and len(own) == 4
    assert own <= graphs


def test_pipeline_formats_write_only_those_and_remove_stale_exports(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], full, store=False, cache=False)
    build([corpus], out, store=False)  # an earlier build wrote every format
    report = build([corpus], out, store=False, formats=["nq"])
    kept = {"graph.nq", "records.jsonl", "issues.jsonl"}
    assert {p.name for p in out.iterdir() if p.name in EXPORTS} == kept
    assert report.files == sorted([*kept, "build-report.json"])
    for name in kept:  # what is written does not depend on what else is
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_pipeline_other_formats_are_not_an_unchanged_build(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], out, store=False, formats=["nq", "ttl"])
    again = build([corpus], out, store=False)  # same documents, every format asked for
    build([corpus], full, store=False, cache=False)
    _same(out, full)
    assert again.files == sorted([*EXPORTS, "build-report.json"])
    build([corpus], out, store=False, formats=["trig"])
    assert (
        not (out / "graph.ttl").exists()
        and (out / "graph.trig").read_bytes() == (full / "graph.trig").read_bytes()
    )


def test_pipeline_unknown_format_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match="valid: nq, nt, ttl, trig, jsonld"):
        build([short_corpus(tmp_path)], tmp_path / "out", formats=["nq", "owl"])
    assert not (tmp_path / "out").exists()


def test_pipeline_rebuild_reads_the_reference_graph_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg import outputs

    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    build([corpus], out, store=False)
    kept = list((out / ".cache").glob("reference-*.nq"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "".join(outputs.reference_lines())

    def no_mapping() -> tuple[str, ...]:
        raise AssertionError("the reference graph was mapped again")

    monkeypatch.setattr(outputs, "reference_lines", no_mapping)
    first = (out / "graph.nq").read_bytes()
    (out / "graph.nq").unlink()  # not an unchanged build: the exports are written again
    build([corpus], out, store=False)
    assert (out / "graph.nq").read_bytes() == first
