"""`kg load` and `kg.store.graphstore_http`: split per graph, PUT with auth, and a real Virtuoso round trip."""

from __future__ import annotations

import base64
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import KgError
from kg.store.graphstore_http import graph_url, graphs_from_nquads, read_export
from kg.store.query import canned_queries
from tests.store import virtuoso

GRAPH_NS = "https://unkg.org/id/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Aggregates whose value SPARQL leaves to the engine, found in each query's text: GROUP_CONCAT order
# (compared as sorted tokens) and SAMPLE (not compared: any member of the group is right).
_AGGREGATE = re.compile(
    r"\(\s*(GROUP_CONCAT|SAMPLE)\s*\((.*?)\)\s+AS\s+\?(\w+)\s*\)", re.IGNORECASE | re.DOTALL
)
_SEPARATOR = re.compile(r';\s*separator\s*=\s*"([^"]*)"', re.IGNORECASE)


def engine_defined_columns(sparql: str) -> tuple[dict[str, str], set[str]]:
    """GROUP_CONCAT columns with their separator, and SAMPLE columns, of a query.

    >>> engine_defined_columns('SELECT (GROUP_CONCAT(?x; separator=",") AS ?xs) (SAMPLE(?y) AS ?ys) {}')
    ({'xs': ','}, {'ys'})
    """
    concat: dict[str, str] = {}
    sample: set[str] = set()
    for m in _AGGREGATE.finditer(sparql):
        if m.group(1).upper() == "SAMPLE":
            sample.add(m.group(3))
        else:
            sep = _SEPARATOR.search(m.group(2))
            concat[m.group(3)] = sep.group(1) if sep else " "
    return concat, sample


NUMERIC = {
    f"{XSD}{t}"
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
        "positiveInteger",
    )
}


def test_load_reads_the_per_graph_folder_when_the_build_wrote_only_that(tmp_path: Path) -> None:
    from kg.pipeline import build
    from tests.conftest import short_corpus

    corpus = short_corpus(tmp_path)
    full, folder_only = tmp_path / "full", tmp_path / "graphs-only"
    build([corpus], full, store=False)
    build([corpus], folder_only, store=False, formats=("graphs",))
    assert not (folder_only / "graph.nq").exists() and (folder_only / "graphs").is_dir()
    assert read_export(folder_only) == read_export(full)


def test_load_without_an_export_says_what_to_run(tmp_path: Path) -> None:
    from kg.store.graphstore_http import GraphStoreError

    with pytest.raises(GraphStoreError, match="no .*graph.nq and no .*graphs/; run `kg build` first"):
        read_export(tmp_path)


# --- splitting the export -------------------------------------------------------------------


def test_load_splits_export_into_one_graph_per_document(sample_build: Path) -> None:
    payloads = read_export(sample_build)
    graphs = [p.graph for p in payloads]
    report = json.loads((sample_build / "build-report.json").read_text(encoding="utf-8"))
    docs = {b["doc"] for b in report["built"]}
    assert docs, "the sample build has no document: see its build-report.json"
    # one graph per built document, the run graph, the reference graph when there is reference
    # data and the works graph when a document cites something
    assert {GRAPH_NS + d for d in docs} | {GRAPH_NS + "run"} <= set(graphs)
    shared = {GRAPH_NS + n for n in ("reference", "run", "works", "organisations")}
    assert set(graphs) - {GRAPH_NS + d for d in docs} <= shared
    assert graphs == sorted(graphs)
    assert sum(p.triples for p in payloads) == report["quads"]
    for p in payloads:  # each payload is N-Triples of exactly its graph's quads
        assert len(list(ox.parse(p.ntriples, format=ox.RdfFormat.N_TRIPLES))) == p.triples


def test_load_missing_export_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", "http://127.0.0.1:9/ds", "--exports", str(tmp_path)]) == 2
    assert "run `kg build` first" in capsys.readouterr().err


def test_load_graph_url_escapes_the_graph_iri() -> None:
    url = graph_url("http://h/ds", "https://unkg.org/id/graph/a b?c")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query) == {
        "graph": ["https://unkg.org/id/graph/a b?c"]
    }


def test_load_rejects_blank_node_graphs() -> None:
    with pytest.raises(KgError, match="blank-node graph"):
        graphs_from_nquads(b"<http://x/s> <http://x/p> <http://x/o> _:g .\n")


# --- against a recording Graph Store (no external program) -----------------------------------


class _Recorder(BaseHTTPRequestHandler):
    """Accepts PUTs (basic auth dba:secret when `server.need_auth`), remembering each graph's body."""

    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _refused(self) -> bool:
        expected = "Basic " + base64.b64encode(b"dba:secret").decode()
        if self.server.need_auth and self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        return False

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._refused():
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def do_PUT(self) -> None:  # noqa: N802
        if self._refused():
            return
        body = self.rfile.read(int(self.headers["Content-Length"]))
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
        self.server.puts.append(
            (graph, self.headers["Content-Type"], self.headers.get("Authorization"), body)
        )
        self.send_response(201 if len(self.server.puts) == 1 else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture()
def recorder() -> Iterator[Any]:
    srv: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    srv.puts, srv.need_auth = [], False
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_load_puts_every_graph_as_ntriples(sample_build: Path, recorder: Any) -> None:
    url = f"http://127.0.0.1:{recorder.server_address[1]}/ds"
    assert main(["load", url, "--exports", str(sample_build), "--quiet"]) == 0
    payloads = read_export(sample_build)
    assert [p[0] for p in recorder.puts] == [p.graph for p in payloads]
    assert {p[1] for p in recorder.puts} == {"application/n-triples"}
    assert [p[3] for p in recorder.puts] == [p.ntriples for p in payloads]
    assert all(p[2] is None for p in recorder.puts)  # no credentials given, none sent


def test_load_basic_auth_is_sent_up_front(
    sample_build: Path, recorder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder.need_auth = True
    url = f"http://127.0.0.1:{recorder.server_address[1]}/ds"
    monkeypatch.setenv("KG_LOAD_PASSWORD", "secret")
    argv = ["load", url, "--exports", str(sample_build), "--user", "dba", "--auth", "basic", "-q"]
    assert main(argv) == 0
    assert recorder.puts and all(
        p[2] == "Basic " + base64.b64encode(b"dba:secret").decode() for p in recorder.puts
    )


def test_load_wrong_password_says_what_to_check(
    sample_build: Path, recorder: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder.need_auth = True
    url = f"http://127.0.0.1:{recorder.server_address[1]}/ds"
    argv = ["load", url, "--exports", str(sample_build), "--user", "dba", "--password", "wrong"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "--password" in err
    assert recorder.puts == []


def test_load_user_without_password_is_a_usage_error(
    sample_build: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("KG_LOAD_PASSWORD", raising=False)
    assert main(["load", "http://127.0.0.1:9/ds", "--exports", str(sample_build), "--user", "dba"]) == 2
    assert "KG_LOAD_PASSWORD" in capsys.readouterr().err


def test_load_unreachable_store_is_a_clear_error(
    sample_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = virtuoso.free_port()  # nothing listens there
    assert main(["load", f"http://127.0.0.1:{port}/ds", "--exports", str(sample_build)]) == 2
    assert "cannot reach" in capsys.readouterr().err


# --- a real Virtuoso ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.Virtuoso]:
    """A Virtuoso of our own (temporary database, loopback ports), stopped after this module."""
    binary = virtuoso.virtuoso_binary()
    if binary is None:
        pytest.skip("virtuoso-t not found: install the Debian package virtuoso-opensource (.ci/run does)")
    server = virtuoso.start_virtuoso(tmp_path_factory.mktemp("virtuoso"), binary)
    yield server
    server.stop()


def _load(vos: virtuoso.Virtuoso, exports: Path, *extra: str) -> int:
    return main(
        [
            "load",
            vos.sparql_url,
            "--graph-store-url",
            vos.graph_store_url,
            "--exports",
            str(exports),
            "--user",
            virtuoso.USER,
            "--password",
            virtuoso.PASSWORD,
            "--auth",
            "digest",
            *extra,
        ]
    )


def _remote_select(vos: virtuoso.Virtuoso, sparql: str) -> dict[str, Any]:
    import urllib.request

    query = urllib.parse.urlencode({"query": sparql})
    req = urllib.request.Request(
        f"{vos.sparql_url}?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        result: dict[str, Any] = json.loads(r.read())
    return result


def _count_unkg_triples(vos: virtuoso.Virtuoso) -> int:
    res = _remote_select(
        vos,
        f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }}',
    )
    return int(res["results"]["bindings"][0]["n"]["value"])


def _term_key(term: dict[str, str] | None) -> tuple[str, ...]:
    """A binding reduced to what both stores must agree on (numbers by value: 1, 1.0 and "01" are equal)."""
    if term is None:
        return ("unbound",)
    if term["type"] == "uri":
        return ("uri", term["value"])
    if term["type"] == "bnode":
        return ("bnode",)
    datatype = term.get("datatype", "")
    if datatype in NUMERIC:
        try:
            return ("number", format(Decimal(term["value"]).normalize(), "f"))
        except InvalidOperation:
            pass
    if datatype == XSD + "string":
        datatype = ""
    return ("literal", term["value"], term.get("xml:lang", "").lower(), datatype)


def _rows(result: dict[str, Any], sparql: str = "") -> set[tuple[tuple[str, ...], ...]]:
    concat, sample = engine_defined_columns(sparql)
    names = [n for n in result["head"]["vars"] if n not in sample]
    rows = set()
    for b in result["results"]["bindings"]:
        row = []
        for n in names:
            term = b.get(n)
            if n in concat and term is not None:
                sep = concat[n]
                term = {**term, "value": sep.join(sorted(term["value"].split(sep)))}
            row.append(_term_key(term))
        rows.add(tuple(row))
    return rows


@pytest.mark.external
def test_load_into_virtuoso_is_idempotent(vos: virtuoso.Virtuoso, sample_build: Path) -> None:
    expected = sum(p.triples for p in read_export(sample_build))
    assert _load(vos, sample_build, "--verify") == 0
    assert _count_unkg_triples(vos) == expected
    assert _load(vos, sample_build, "--verify", "--quiet") == 0
    assert _count_unkg_triples(vos) == expected


@pytest.mark.external
def test_load_into_virtuoso_wrong_password_is_refused(
    vos: virtuoso.Virtuoso, sample_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "load",
        vos.graph_store_url,
        "--exports",
        str(sample_build),
        "--user",
        "dba",
        "--password",
        "nope",
    ]
    assert main(argv) == 2
    assert "HTTP 401" in capsys.readouterr().err


def _both_stores(vos: virtuoso.Virtuoso, sample_build: Path, sparql: str) -> tuple[Any, Any]:
    """SPARQL JSON results of `sparql` on the embedded store and on Virtuoso (loaded once)."""
    if _count_unkg_triples(vos) == 0:
        assert _load(vos, sample_build, "--quiet") == 0
    local = ox.Store.read_only(str(sample_build / "store"))
    mine = json.loads(
        local.query(sparql, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
    )
    return mine, _remote_select(vos, sparql)


@pytest.mark.external
@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_load_canned_query_same_rows_in_virtuoso(
    name: str, vos: virtuoso.Virtuoso, sample_build: Path
) -> None:
    sparql = canned_queries()[name].render({})
    mine, theirs = _both_stores(vos, sample_build, sparql)
    assert theirs["head"]["vars"] == mine["head"]["vars"]
    assert len(theirs["results"]["bindings"]) == len(mine["results"]["bindings"])
    ours, virtuoso_rows = _rows(mine, sparql), _rows(theirs, sparql)
    assert virtuoso_rows == ours, (
        f"only here: {sorted(ours - virtuoso_rows)[:3]}; only in Virtuoso: {sorted(virtuoso_rows - ours)[:3]}"
    )


# --- a store that answers nonsense -------------------------------------------------------------


def _raw_server(answer: bytes) -> tuple[Any, int]:
    """A TCP server answering every connection with `answer` (not necessarily HTTP), then closing."""
    import socketserver

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(2)
            try:
                self.request.recv(65536)
            except OSError:
                pass
            self.request.sendall(answer)

    srv: Any = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, srv.server_address[1]


@pytest.fixture(scope="module")
def tiny_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline import build

    src = tmp_path_factory.mktemp("tiny-in")
    (src / "a.txt").write_text("联合国大会第七十五届会议\n\n1. 大会第 70/262 号决议。\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("tiny-out")
    build([src], out, store=False)
    return out


@pytest.mark.parametrize(
    ("answer", "argv_extra", "message"),
    [
        (b"this is not HTTP\r\n\r\n", [], "not a valid HTTP answer"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", [], "not a valid HTTP answer"),
        (b"", [], "not a valid HTTP answer"),
        (
            b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest nonsense\r\nContent-Length: 0\r\n\r\n",
            ["--user", "dba", "--password", "x"],
            "malformed authentication challenge",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]",
            ["--verify"],
            "unexpected answer",
        ),
    ],
    ids=["not-http", "truncated", "empty", "bad-digest", "bad-count-json"],
)
def test_load_malformed_answers_are_clear_errors(
    tiny_export: Path,
    capsys: pytest.CaptureFixture[str],
    answer: bytes,
    argv_extra: list[str],
    message: str,
) -> None:
    srv, port = _raw_server(answer)
    try:
        url = f"http://127.0.0.1:{port}/ds"
        if "--verify" in argv_extra:  # PUTs succeed on a real recorder; the count answer is bad
            rec: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
            rec.puts, rec.need_auth = [], False
            threading.Thread(target=rec.serve_forever, daemon=True).start()
            gs = f"http://127.0.0.1:{rec.server_address[1]}/ds"
            argv = [
                "load",
                url,
                "--graph-store-url",
                gs,
                "--exports",
                str(tiny_export),
                "-q",
                "--timeout",
                "5",
            ]
        else:
            argv = ["load", url, "--exports", str(tiny_export), "-q", "--timeout", "5"]
        assert main([*argv, *argv_extra]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.mark.external
@pytest.mark.parametrize(
    "name", sorted(n for n, q in canned_queries().items() if engine_defined_columns(q.text)[0])
)
def test_load_canned_group_concat_same_order_in_virtuoso(
    name: str, vos: virtuoso.Virtuoso, sample_build: Path
) -> None:
    """A canned query that concatenates orders the items itself: the same string on both stores."""
    sparql = canned_queries()[name].render({})
    mine, theirs = _both_stores(vos, sample_build, sparql)
    concat = set(engine_defined_columns(sparql)[0])

    def as_is(result: dict[str, Any]) -> set[tuple[tuple[str, ...], ...]]:
        names = result["head"]["vars"]
        return {tuple(_term_key(b.get(n)) for n in names) for b in result["results"]["bindings"]}

    ours, virtuoso_rows = as_is(mine), as_is(theirs)
    assert concat and virtuoso_rows == ours, (
        f"only here: {sorted(ours - virtuoso_rows)[:3]}; only in Virtuoso: {sorted(virtuoso_rows - ours)[:3]}"
    )


@pytest.mark.external
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("mandates-of-programme", {"number": "14"}),  # CSW agreed conclusions, years from the rows
        ("mandates-of-programme", {"number": "21"}),  # treaties
        ("mandates-by-body", {"body": "CSW"}),
        ("documents-citing", {"symbol": "S/RES/1325(2000)"}),
        ("deliverables-of-programme", {"number": "2", "subprogramme": "6"}),
        ("subprogrammes-of-programme", {"number": "3"}),
        ("mentions-per-section", {"kind": "all", "doc": "000_24c59e389beef106"}),
        ("country-entity-co-mentions", {"country": "SDN"}),
        ("countries-per-document", {"doc": "003_733b8ba291e37636"}),
    ],
    ids=str,
)
def test_load_canned_query_with_params_same_rows_in_virtuoso(
    name: str, params: dict[str, str], vos: virtuoso.Virtuoso, sample_build: Path
) -> None:
    sparql = canned_queries()[name].render(params)
    mine, theirs = _both_stores(vos, sample_build, sparql)
    assert mine["results"]["bindings"], "the parameters should select rows in the sample graph"
    assert len(theirs["results"]["bindings"]) == len(mine["results"]["bindings"])
    ours, virtuoso_rows = _rows(mine, sparql), _rows(theirs, sparql)
    assert virtuoso_rows == ours, (
        f"only here: {sorted(ours - virtuoso_rows)[:3]}; only in Virtuoso: {sorted(virtuoso_rows - ours)[:3]}"
    )
