"""Exports: deterministic, atomic, parseable by independent parsers, JSON-LD round-trips."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export.formats import EXPORT_FILES
from kg.export.serialise import write_atomic
from kg.pipeline import build
from kg.rdf.namespaces import PREFIXES
from tests.conftest import CORPUS, PEACE_REPORT

EXPORTS = (*EXPORT_FILES, "build-report.json")


def test_exports_are_byte_identical_across_builds(sample_build: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build([str(CORPUS)], again, store=False)
    for name in EXPORTS[:-1]:
        assert (sample_build / name).read_bytes() == (again / name).read_bytes(), name
    first, second = (
        json.loads((d / "build-report.json").read_text(encoding="utf-8")) for d in (sample_build, again)
    )
    first.pop("files"), second.pop("files")  # the first build also loaded the store
    assert first == second


def test_exports_do_not_depend_on_parallel_jobs(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    build([str(CORPUS)], one, store=False, jobs=1)
    build([str(CORPUS)], two, store=False, jobs=2)
    for name in ("graph.nq", "records.jsonl"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_exports_have_no_blank_nodes(sample_build: Path) -> None:
    assert "_:" not in (sample_build / "graph.nt").read_text(encoding="utf-8").replace('"_:', "")


def test_exports_turtle_and_ntriples_are_the_same_graph(small_build: Path) -> None:
    nt = Graph().parse(small_build / "graph.nt", format="nt")
    ttl = Graph().parse(small_build / "graph.ttl", format="turtle")
    assert len(nt) > 100 and isomorphic(nt, ttl)


def test_exports_nquads_hold_one_named_graph_per_document(sample_build: Path) -> None:
    ds = Dataset()
    ds.parse(sample_build / "graph.nq", format="nquads")
    names = {str(g.identifier) for g in ds.graphs()}
    for stem in ("000_24c59e389beef106", "002_a9bdf5634a27d9a9", "003_733b8ba291e37636"):
        assert f"https://unkg.org/id/graph/{stem}" in names


def test_exports_jsonld_round_trips_to_the_same_graph(small_build: Path) -> None:
    nt = Graph().parse(small_build / "graph.nt", format="nt")
    js = Graph().parse(small_build / "graph.jsonld", format="json-ld")
    assert isomorphic(nt, js)


def test_exports_jsonld_expands_with_pyld_to_the_same_graph(small_build: Path) -> None:
    pyld = pytest.importorskip("pyld")
    doc = json.loads((small_build / "graph.jsonld").read_text(encoding="utf-8"))
    nquads = pyld.jsonld.to_rdf(doc, {"format": "application/n-quads"})
    expanded = Graph().parse(data=nquads, format="nt")
    nt = Graph().parse(small_build / "graph.nt", format="nt")
    assert isomorphic(nt, expanded)


@pytest.mark.external
@pytest.mark.parametrize(
    ("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nt", "ntriples"), ("graph.nq", "nquads")]
)
def test_exports_parse_with_rapper(sample_build: Path, name: str, syntax: str) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian package raptor2-utils) is not installed; .ci/run installs it")
    res = subprocess.run(
        [rapper, "-i", syntax, "-c", str(sample_build / name)], capture_output=True, text=True, check=False
    )
    assert res.returncode == 0, res.stderr
    n_lines = sum(1 for _ in (sample_build / name).open(encoding="utf-8")) if syntax != "turtle" else None
    if n_lines is not None:
        assert f"returned {n_lines} " in res.stderr


def test_exports_graph_conforms_to_shapes(small_build: Path) -> None:
    from kg.rdf.validate import validate_file

    result = validate_file(small_build / "graph.nt")
    assert result.conforms, result.text[:2000]


def test_exports_shapes_catch_a_broken_graph(small_build: Path) -> None:
    from kg.rdf.validate import validate_graph

    g = Graph().parse(small_build / "graph.nt", format="nt")
    from rdflib import URIRef

    oa_start = URIRef("http://www.w3.org/ns/oa#start")
    sel = next(g.subjects(oa_start, None))
    g.remove((sel, oa_start, None))
    result = validate_graph(g)
    assert not result.conforms and result.violations >= 1


def test_write_atomic_leaves_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"good")

    class Boom(bytes):
        pass

    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_exports_provenance_points_into_the_raw_file(small_build: Path) -> None:
    raw = PEACE_REPORT.read_text(encoding="utf-8")
    records = [
        json.loads(x) for x in (small_build / "records.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert records
    for r in records:
        assert raw[r["start"] : r["end"]] == r["raw_surface"]


def test_quad_lines_write_canonical_terms() -> None:
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    from kg.export.serialise import nt_term, quad_lines

    g, s, p = URIRef("https://unkg.org/id/graph/x"), URIRef("https://e.org/s"), URIRef("https://e.org/p")
    objects = [
        URIRef("https://e.org/o"),
        Literal('a "b"\\c\nd\re\tf 联合国'),
        Literal("联合国", lang="zh"),
        Literal("7", datatype=XSD.integer),
        Literal("x", datatype=XSD.string),
    ]
    lines = list(quad_lines([(s, p, o) for o in objects], g))
    assert lines == [
        "<https://e.org/s> <https://e.org/p> <https://e.org/o> <https://unkg.org/id/graph/x> .\n",
        '<https://e.org/s> <https://e.org/p> "a \\"b\\"\\\\c\\nd\\re\\tf 联合国" <https://unkg.org/id/graph/x> .\n',
        '<https://e.org/s> <https://e.org/p> "联合国"@zh <https://unkg.org/id/graph/x> .\n',
        '<https://e.org/s> <https://e.org/p> "7"^^<http://www.w3.org/2001/XMLSchema#integer>'
        " <https://unkg.org/id/graph/x> .\n",
        '<https://e.org/s> <https://e.org/p> "x" <https://unkg.org/id/graph/x> .\n',
    ]
    assert [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} <{g}> .\n" for o in objects] == lines
    with pytest.raises(TypeError, match="blank nodes"):
        list(quad_lines([(BNode("b"), p, objects[0])], g))


def test_jsonld_reader_reads_ntriples_as_oxigraph_does(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from kg.export.serialise import _read_ntriples

    nt = tmp_path / "g.nt"
    nt.write_text(
        "<https://e.org/s> <https://e.org/p> <https://e.org/o> .\n"
        '<https://e.org/s> <https://e.org/p> "a \\"b\\"\\\\c\\nd\\re\\tf 联合国" .\n'
        '<https://e.org/s> <https://e.org/p> "联合国"@zh .\n'
        '<https://e.org/s> <https://e.org/p> "x"@EN-gb .\n'
        '<https://e.org/s> <https://e.org/p> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        '<https://e.org/s> <https://e.org/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
        '<https://e.org/s> <https://e.org/p> "\\u8054\\U0001F600\\b\\f\\\'" .\n'
        "<https://e.org/\\u0073> <https://e.org/p>   <https://e.org/o>.\n"
        "# a comment\n"
        "\n"
        '<https://e.org/s> <https://e.org/p> "last line, no newline" .',
        encoding="utf-8",
    )

    def expected(t: ox.Triple) -> tuple[str, str, tuple[str, str | None, str | None], bool]:
        o = t.object
        if isinstance(o, ox.NamedNode):
            return t.subject.value, t.predicate.value, (o.value, None, None), True
        assert isinstance(o, ox.Literal)
        dt = None if o.language or o.datatype.value.endswith("#string") else o.datatype.value
        return t.subject.value, t.predicate.value, (o.value, o.language, dt), False

    def same(row: tuple[str, str, tuple[str, str | None, str | None], bool]) -> tuple[object, ...]:
        s, p, (v, lang, dt), is_iri = row  # the datatype matters only without a language
        return s, p, (v, lang, None if lang or dt is None or dt.endswith("#string") else dt), is_iri

    ours = [same(r) for r in _read_ntriples(nt)]
    assert ours == [expected(t) for t in ox.parse(path=nt, format=ox.RdfFormat.N_TRIPLES)]
    assert len(ours) == 9


_IRI_TAIL = st.text(alphabet="ab1/#:-_.", max_size=8)


@given(st.sampled_from([*PREFIXES.values(), "https://unkg.org/", "http://x.org/a", ""]), _IRI_TAIL)
def test_jsonld_compact_iri_picks_the_first_prefix_that_fits(namespace: str, tail: str) -> None:
    from kg.export.serialise import _compact

    iri = namespace + tail
    expected = iri
    for prefix, ns in PREFIXES.items():  # the rule, as the context defines it
        rest = iri[len(ns) :]
        if iri.startswith(ns) and ":" not in rest and "/" not in rest:
            expected = f"{prefix}:{rest}"
            break
    assert _compact(iri) == expected


def test_jsonld_node_order_spilled_in_runs_equals_in_memory(
    sample_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.export import serialise as ser
    from kg.paths import ontology_dir

    nt = sample_build / "graph.nt"
    batches = [[k for k, _ in ser._segment_nodes(seg.decode())] for seg in ser._node_segments(nt)]
    in_memory = list(ser._sorted_keys(batches, tmp_path, chunk=1 << 30))
    assert in_memory == sorted({k for b in batches for k in b}) and len(in_memory) > 10_000
    assert list(ser._sorted_keys(batches, tmp_path, chunk=999)) == in_memory  # dozens of runs
    monkeypatch.setattr(ser, "_ORDER_CHUNK", 999)
    ser.write_jsonld(nt, tmp_path / "g.jsonld", ontology_dir() / "context.jsonld")
    assert (tmp_path / "g.jsonld").read_bytes() == (sample_build / "graph.jsonld").read_bytes()
    assert list(tmp_path.iterdir()) == [tmp_path / "g.jsonld"]  # the runs were anonymous files


def test_exports_shapes_catch_an_observation_outside_a_data_set(sample_build: Path) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from kg.rdf.validate import validate_graph

    # the deliverable observations and their data sets (a whole programme plan validates slowly)
    with (sample_build / "graph.nt").open(encoding="utf-8") as fh:
        lines = [line for line in fh if "/deliverable" in line.split(" ", 1)[0]]
    cube = Graph().parse(data="".join(lines), format="nt")
    qb = "http://purl.org/linked-data/cube#"
    keep = {s for c in ("Observation", "DataSet") for s in cube.subjects(RDF.type, URIRef(qb + c))}
    g = Graph()
    for t in cube:
        if t[0] in keep:
            g.add(t)
    data_set = URIRef(qb + "dataSet")
    assert len(set(g.subjects(data_set, None))) > 10 and validate_graph(g).conforms
    obs = next(g.subjects(data_set, None))
    g.remove((obs, data_set, None))
    result = validate_graph(g)
    assert not result.conforms and result.violations == 1


def test_exports_shapes_catch_an_undescribed_code() -> None:
    from rdflib import URIRef

    from kg.rdf.mapping.codes import code_scheme_triples
    from kg.rdf.validate import validate_graph

    g = Graph()
    for t in code_scheme_triples():
        g.add(t)
    work = URIRef("https://unkg.org/id/document/A-RES-70-1")
    organ = URIRef("https://unkg.org/ontology#issuingOrgan")
    g.add((work, organ, URIRef("https://unkg.org/id/code/body/GA")))
    assert validate_graph(g).conforms
    g.add((work, organ, URIRef("https://unkg.org/id/code/body/NO-SUCH-BODY")))
    result = validate_graph(g)
    assert not result.conforms and "NO-SUCH-BODY" in result.text


def test_jsonld_cached_nodes_give_the_same_bytes_and_are_reused(
    small_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.export import serialise as ser
    from kg.paths import ontology_dir

    ctx, cache = ontology_dir() / "context.jsonld", tmp_path / "cache"
    expected = (small_build / "graph.jsonld").read_bytes()
    monkeypatch.setattr(ser, "JSONLD_CUT_EVERY", 16)  # a short document: still many segments
    lines = (small_build / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    nt = tmp_path / "g.nt"
    nt.write_text("".join(lines), encoding="utf-8")
    ser.write_jsonld(nt, tmp_path / "cold.jsonld", ctx, cache)
    assert (tmp_path / "cold.jsonld").read_bytes() == expected
    pieces = sorted(p.name for p in cache.iterdir())
    assert len(pieces) > 5

    made: list[int] = []
    real = ser._segment_nodes

    def counting(text):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(text)

    monkeypatch.setattr(ser, "_segment_nodes", counting)
    ser.write_jsonld(nt, tmp_path / "warm.jsonld", ctx, cache)
    assert (tmp_path / "warm.jsonld").read_bytes() == expected and made == []  # all read back

    # an edit in the middle: only the segment holding it is made again, the one it replaces goes
    i = next(k for k in range(len(lines) // 2, len(lines)) if '"' in lines[k])
    lines[i] = lines[i].replace('"', '"edited ', 1)
    nt.write_text("".join(lines), encoding="utf-8")
    ser.write_jsonld(nt, tmp_path / "edit.jsonld", ctx, cache)
    assert (tmp_path / "edit.jsonld").read_bytes() == ser.to_jsonld(lines, ctx)
    assert 1 <= len(made) <= 2
    assert len(set(p.name for p in cache.iterdir()) - set(pieces)) == len(made)
    assert len(list(cache.iterdir())) == len(pieces)


def test_jsonld_segments_never_split_a_node(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.export import serialise as ser

    kg_ns = PREFIXES["kg"]
    lines = [  # the first two subjects differ but both compact to kg:Foo: one node
        f"<{kg_ns}Bar> <{kg_ns}p> <{kg_ns}X> .\n",
        f"<{kg_ns}Foo> <{kg_ns}p> <{kg_ns}X> .\n",
        f'<{kg_ns}Foo> <{kg_ns}q> "a" .\n',
        f"<kg:Foo> <{kg_ns}r> <{kg_ns}Y> .\n",
        f"<kg:Zed> <{kg_ns}r> <{kg_ns}Y> .\n",
    ]
    nt = tmp_path / "g.nt"
    nt.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(ser, "JSONLD_CUT_EVERY", 1)  # cut wherever a node allows it
    assert [s.count(b"\n") for s in ser._node_segments(nt)] == [1, 3, 1]
    ser.write_jsonld(nt, tmp_path / "g.jsonld", cache=tmp_path / "cache")
    assert (tmp_path / "g.jsonld").read_bytes() == ser.to_jsonld(lines)


def test_jsonld_segment_reader_equals_the_in_memory_serialiser() -> None:
    """The reader of whole segments gives each node exactly as `to_jsonld` (Oxigraph's parser,
    `json.dumps`) prints it, on lines as the package writes them (one regex pass) and on lines
    it reads one by one through Oxigraph instead."""
    import itertools

    import pyoxigraph as ox

    from kg.export import serialise as ser

    def expected(lines: list[str]) -> list[tuple[str, str]]:
        def key(line: str) -> str:
            return ser._compact(
                next(iter(ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES))).subject.value
            )

        nodes = []
        for k, group in itertools.groupby(lines, key):  # a node: adjacent lines of one compact subject
            (node,) = json.loads(ser.to_jsonld(list(group)))["@graph"]
            nodes.append((k, json.dumps(node, ensure_ascii=False, indent=1).replace("\n", "\n  ")))
        return nodes

    kg_ns, xsd = PREFIXES["kg"], "http://www.w3.org/2001/XMLSchema#"
    ours = [
        f"<{kg_ns}A> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{kg_ns}Thing> .\n",
        f'<{kg_ns}A> <{kg_ns}p> "" .\n',  # an empty literal: not an IRI object
        f"<{kg_ns}A> <{kg_ns}p> <urn:x> .\n",  # an IRI with no prefix to compact it
        f'<{kg_ns}A> <{kg_ns}p> "a \\"q\\" \\\\ \\n\\r\\t 联合国" .\n',
        f'<{kg_ns}A> <{kg_ns}p> "联合国"@zh .\n',
        f'<{kg_ns}A> <{kg_ns}p> "x"@en-gb .\n',
        f'<{kg_ns}A> <{kg_ns}p> "7"^^<{xsd}integer> .\n',
        f'<{kg_ns}A> <{kg_ns}p> "s"^^<{xsd}string> .\n',
        f"<{kg_ns}A> <{kg_ns}q> <https://unkg.org/id/doc/x/block/1> .\n",
        f"<https://unkg.org/id/doc/x> <{kg_ns}q> <{kg_ns}A> .\n",
        f"<kg:A> <{kg_ns}r> <{kg_ns}B> .\n",  # compacts as the node above it does: a separate node
    ]
    foreign = [
        f'<{kg_ns}B> <{kg_ns}p> "\\u8054\\U0001F600" .\n',  # \\u escapes: Oxigraph reads them
        f"<{kg_ns}B>  <{kg_ns}p>   <{kg_ns}C>.\n",  # other spacing
        f'<{kg_ns}B> <{kg_ns}p> "x"@EN .\n',  # an upper-case language tag
    ]
    for lines in (ours, ours + foreign, foreign):
        assert ser._segment_nodes("".join(lines)) == expected(lines)
    assert len(ser._segment_nodes("".join(ours))) == 3


_QUAD = st.tuples(
    st.sampled_from(["a", "b", "b/1", "c"]),
    st.sampled_from(["p", "q"]),
    st.sampled_from(["<https://e.org/o>", '"x"', '"y <https://e.org/g/1> ."', '"z"@zh']),
    st.sampled_from(["1", "2", "3"]),
)


@given(st.lists(st.tuples(_QUAD, st.integers(0, 2)), max_size=40))
def test_merge_writes_the_triples_of_the_quads_whatever_the_runs(quads: list[tuple[Any, int]]) -> None:
    """However the quads fall into runs (one graph or several per run, a triple in several graphs
    or runs), the N-Triples file is the sorted distinct triples and the N-Quads file the merge."""
    import tempfile

    from kg.export import serialise as ser

    lines: list[list[str]] = [[], [], []]
    for (s, p, o, g), run in quads:
        lines[run].append(f"<https://e.org/{s}> <https://e.org/{p}> {o} <https://e.org/g/{g}> .\n")
    runs = [ser.SortedRun(sorted(set(r))) for r in lines]
    every = sorted({line for r in lines for line in r})
    with tempfile.TemporaryDirectory() as tmp:
        nq, nt = Path(tmp) / "g.nq", Path(tmp) / "g.nt"
        counts = ser.write_quads_and_triples(runs, nq, nt)
        assert nq.read_text(encoding="utf-8") == "".join(every)
        expected = ser.triples_from_quads(every)
        assert nt.read_text(encoding="utf-8") == "".join(expected)
        assert counts == (len(every), len(expected))
