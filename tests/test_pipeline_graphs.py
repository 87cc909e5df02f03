"""The `graphs/` export: one N-Quads file per named graph, rewritten only where the graph changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.export import graphs
from kg.export import serialise as ser
from kg.pipeline import build
from kg.rdf import mint
from tests.conftest import short_corpus

GRAPHS = ("graphs",)
SHARED = ("reference.nq", "works.nq", "organisations.nq", "run.nq")


def _folder(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "graphs").iterdir())}


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "graphs").iterdir()}


def _store_quads(out: Path) -> list[str]:
    from kg.store.backend import GraphStore

    s = GraphStore.open_read_only(out / "store")
    return sorted(str(q) for q in s.store.quads_for_pattern(None, None, None, None))


def _answers(out: Path) -> dict[str, object]:
    from kg.paths import queries_dir
    from kg.store.backend import GraphStore
    from kg.store.query import run_query

    s = GraphStore.open_read_only(out / "store")
    return {q.stem: run_query(s, q.stem) for q in sorted(queries_dir().glob("*.rq"))}


def _edit(doc: Path) -> None:
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\n联合国大会第 75/1 号决议。\n", encoding="utf-8")


def test_graphs_folder_is_graph_nq_split_by_graph(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    both = build([corpus], tmp_path / "both", store=False, formats=("nq", "graphs"))
    alone = build([corpus], tmp_path / "alone", store=False, formats=GRAPHS)  # no merge at all
    nq = (tmp_path / "both" / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    files = _folder(tmp_path / "both")
    docs = sorted(f"{p.stem}.nq" for p in corpus.glob("*.txt"))
    assert sorted(files) == sorted([*docs, *SHARED])
    lines: list[str] = []
    for name, data in files.items():
        mine = data.decode("utf-8").splitlines(keepends=True)
        assert mine == sorted(set(mine)), name
        tail = f" <https://unkg.org/id/graph/{name[:-3]}> .\n"
        assert mine == [line for line in nq if line.endswith(tail)], name
        lines += mine
    assert sorted(lines) == nq
    assert _folder(tmp_path / "alone") == files
    assert not (tmp_path / "alone" / "graph.nq").exists()
    assert (
        (alone.quads, alone.triples)
        == (both.quads, both.triples)
        == (len(nq), len(ser.triples_from_quads(nq)))
    )
    assert alone.files == ["build-report.json", "graphs/", "issues.jsonl", "records.jsonl"]


def test_graphs_edit_rewrites_that_document_and_changed_shared_files_only(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out, full = tmp_path / "out", tmp_path / "full"
    first = build([corpus], out, formats=GRAPHS)
    before, old = _stamps(out), _folder(out)
    assert build([corpus], out, formats=GRAPHS).to_json() == first.to_json()  # unchanged: no write
    assert _stamps(out) == before
    victim, other = sorted(corpus.glob("*.txt"))
    _edit(victim)
    report = build([corpus], out, formats=GRAPHS)
    after, new = _stamps(out), _folder(out)
    changed = {n for n in after if after[n] != before[n]}
    assert changed == {f"{victim.stem}.nq"} | {n for n in SHARED if new[n] != old[n]}
    assert f"{other.stem}.nq" not in changed and new[f"{victim.stem}.nq"] != old[f"{victim.stem}.nq"]
    full_report = build([corpus], full, cache=False, formats=("nq", "graphs"))
    assert new == _folder(full)
    assert (report.quads, report.triples) == (full_report.quads, full_report.triples)
    assert _store_quads(out) == _store_quads(full)  # the store was updated graph by graph
    assert _answers(out) == _answers(full)


def test_graphs_removed_document_loses_its_file(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], out, formats=GRAPHS)
    gone, kept = sorted(corpus.glob("*.txt"))
    stamp = _stamps(out)[f"{kept.stem}.nq"]
    gone.unlink()
    build([corpus], out, formats=GRAPHS)
    build([corpus], full, cache=False, formats=GRAPHS)
    assert f"{gone.stem}.nq" not in _folder(out)
    assert _folder(out) == _folder(full)
    assert _stamps(out)[f"{kept.stem}.nq"] == stamp
    assert _answers(out) == _answers(full)


def test_graphs_store_from_scratch_loads_the_runs(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    build([corpus], tmp_path / "runs", cache=False, formats=GRAPHS)
    build([corpus], tmp_path / "merged", cache=False, formats=("nq",))
    assert _store_quads(tmp_path / "runs") == _store_quads(tmp_path / "merged")


def test_graphs_a_build_killed_while_switching_leaves_nothing_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = short_corpus(tmp_path)
    out, full = tmp_path / "out", tmp_path / "full"
    build([corpus], out, store=False, formats=GRAPHS)
    victim = sorted(corpus.glob("*.txt"))[0]
    text = victim.read_text(encoding="utf-8")
    _edit(victim)
    real = graphs.switch_graphs

    def killed(stage: Path, out_dir: Path, staged: graphs.StagedGraphs) -> None:
        real(stage, out_dir, staged)  # the edited document's file is in place...
        raise KeyboardInterrupt  # ...and the build dies before its manifest is written

    monkeypatch.setattr(graphs, "switch_graphs", killed)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, store=False, formats=GRAPHS)
    monkeypatch.setattr(graphs, "switch_graphs", real)
    victim.write_text(text, encoding="utf-8")  # back to the bytes the last whole build saw
    build([corpus], out, store=False, formats=GRAPHS)
    build([corpus], full, store=False, cache=False, formats=GRAPHS)
    assert _folder(out) == _folder(full)


def test_graphs_hand_edited_file_is_rewritten_and_folder_removed_when_not_asked(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    out = tmp_path / "out"
    build([corpus], out, store=False, formats=GRAPHS)
    want = _folder(out)
    name = f"{sorted(corpus.glob('*.txt'))[0].stem}.nq"
    (out / "graphs" / name).write_bytes(b"")
    (out / "graphs" / "stray.nq").write_bytes(b"")
    build([corpus], out, store=False, formats=GRAPHS)
    assert _folder(out) == want
    build([corpus], out, store=False, formats=("nq",))
    assert not (out / "graphs").exists()


def test_graphs_counts_without_the_merge_are_exact_when_graphs_repeat_a_triple() -> None:
    from dataclasses import dataclass, field

    d = "https://unkg.org/id/"

    @dataclass
    class Doc:
        doc_id: str
        lines: list[str]
        key: str = ""
        run_file: str = ""
        nquads: list[str] = field(default_factory=list)
        graph_quads: int = -1
        foreign: list[str] = field(default_factory=list)

        def __post_init__(self) -> None:
            self.nquads = self.lines

    def q(s: str, o: str, g: str) -> str:
        return f"<{d}{s}> <{d}p> <{d}{o}> <{d}graph/{g}> .\n"

    a = Doc(
        "a",
        sorted(
            [q("doc/a", "x", "a"), q("doc/a/1", "x", "a"), q("document/W", "x", "a"), q("doc/b", "y", "a")]
        ),
    )
    b = Doc(
        "b",
        sorted(
            [q("doc/b", "y", "b"), q("doc/b#2", "x", "b"), q("document/W", "x", "b"), q("doc/ab", "x", "b")]
        ),
    )
    shared = [q("document/W", "x", "works"), q("run/r", "y", "run"), q("doc/a/1", "x", "run")]
    for o in (a, b):
        o.graph_quads, o.foreign = graphs.summarise(o.doc_id, o.lines)
    every = [*a.lines, *b.lines, *shared]
    assert graphs.count_quads_and_triples([a, b], shared) == (len(every), len(ser.triples_from_quads(every)))
    a.graph_quads = b.graph_quads = -1  # no summary kept: made from the lines
    assert graphs.count_quads_and_triples([a, b], shared) == (len(every), len(ser.triples_from_quads(every)))


def test_graphs_file_names_are_the_graph_segment_or_a_cut_hash() -> None:
    assert graphs.file_name("https://unkg.org/id/graph/%72un") == "%72un.nq"
    long = graphs.file_name("https://unkg.org/id/graph/" + "%E8%81%94" * 40)
    assert len(long.encode()) <= 255 and long.endswith(".nq") and long.startswith("%E8%81%94")


def test_graphs_other_exports_are_unchanged_by_asking_for_the_folder(tmp_path: Path) -> None:
    corpus = short_corpus(tmp_path)
    build([corpus], tmp_path / "a", store=False, cache=False)
    build(
        [corpus],
        tmp_path / "b",
        store=False,
        cache=False,
        formats=("nq", "nt", "ttl", "trig", "jsonld", "graphs"),
    )
    for name in (
        "graph.nq",
        "graph.nt",
        "graph.ttl",
        "graph.trig",
        "graph.jsonld",
        "records.jsonl",
        "issues.jsonl",
    ):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert os.listdir(tmp_path / "b" / "graphs")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["doc/a", "doc/ab", "doc/", "doc/b", "document/a", "doc"]),
            st.text("#/>.0?$ ", max_size=3),
        ),
        max_size=30,
    )
)
def test_graphs_summary_by_bisection_equals_the_line_by_line_rule(subjects: list[tuple[str, str]]) -> None:
    """The lines found foreign by bisection are those whose subject is not the document's own
    (`_owned`, line by line), whatever comes after the document's IRI."""
    lines = sorted(
        {f"<{mint.DATA}{s}{tail}> <https://e.org/p> <https://e.org/o> <g> .\n" for s, tail in subjects}
    )
    prefix = graphs._own_prefix("a")
    expected = [line for line in lines if not graphs._owned(line, prefix)]
    assert graphs.summarise("a", lines) == (len(lines), expected)
