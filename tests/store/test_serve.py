"""`kg serve` and `kg.store.server`: SPARQL 1.1 Protocol over HTTP, read-only, limits, concurrency."""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.store.backend import GraphStore
from kg.store.protocol import QueryRequest
from kg.store.query import canned_queries
from kg.store.server import SparqlServer, answer, make_server

TIMEOUT = 1.0  # seconds; the server's --timeout in these tests
MAX_ROWS = 1000
GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
# 10^9 rows to count whatever the graph holds: far beyond TIMEOUT
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ 0 1 2 3 4 5 6 7 8 9 }}" for v in "abcdefghi")
    + " }"
)
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def server(sample_build: Path) -> Iterator[SparqlServer]:
    """`kg serve` on an ephemeral loopback port, in a thread (2 workers)."""
    srv = make_server(sample_build / "store", port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


@contextmanager
def serving(store: Path, **options: Any) -> Iterator[SparqlServer]:
    """Another `kg serve` (one worker) with the given options, for the length of a test."""
    srv = make_server(store, port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=1, **options)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def local(sample_build: Path) -> ox.Store:
    return ox.Store.read_only(str(sample_build / "store"))


def call(
    server: SparqlServer,
    path: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, Message, bytes]:
    req = urllib.request.Request(
        server.url + path.lstrip("/"), data=data, method=method, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def get(server: SparqlServer, query: str, accept: str = JSON, **params: str) -> tuple[int, Message, bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return call(server, f"/sparql?{qs}", headers={"Accept": accept} if accept else {})


def error_of(body: bytes) -> str:
    message: str = json.loads(body)["error"]["message"]
    return message


def local_json(store: ox.Store, query: str) -> dict[str, object]:
    res = store.query(query, use_default_graph_as_union=True)
    data: dict[str, object] = json.loads(res.serialize(format=ox.QueryResultsFormat.JSON))
    return data


# --- queries -------------------------------------------------------------------------------


def test_serve_get_returns_the_embedded_store_rows(server: SparqlServer, local: ox.Store) -> None:
    status, headers, body = get(server, GRAPHS)
    assert status == 200
    assert headers["Content-Type"].startswith(JSON)
    assert json.loads(body) == local_json(local, GRAPHS)
    assert json.loads(body)["results"]["bindings"]  # the run graph at least


def test_serve_post_form_and_query_body_agree_with_get(server: SparqlServer) -> None:
    _, _, by_get = get(server, GRAPHS)
    form = urllib.parse.urlencode({"query": GRAPHS}).encode()
    s1, _, by_form = call(
        server,
        "/sparql",
        method="POST",
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON},
    )
    s2, _, by_body = call(
        server,
        "/sparql",
        method="POST",
        data=GRAPHS.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": JSON},
    )
    assert (s1, s2) == (200, 200)
    assert by_form == by_get == by_body


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("application/json", "application/json", ox.QueryResultsFormat.JSON),
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            "application/sparql-results+xml",
            ox.QueryResultsFormat.XML,
        ),
        ("text/html,*/*;q=0.8", JSON, ox.QueryResultsFormat.JSON),
        ("", JSON, ox.QueryResultsFormat.JSON),
    ],
)
def test_serve_accept_header_picks_the_results_format(
    server: SparqlServer, accept: str, media: str, fmt: ox.QueryResultsFormat
) -> None:
    status, headers, body = get(server, GRAPHS, accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media
    _, _, reference = get(server, GRAPHS)
    expected = list(ox.parse_query_results(reference, format=ox.QueryResultsFormat.JSON))
    if fmt == ox.QueryResultsFormat.CSV:  # CSV keeps plain values only (pyoxigraph does not parse it)
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        assert rows[1:] == [[t.value for t in s] for s in expected]
    else:
        assert list(ox.parse_query_results(body, format=fmt)) == expected


def test_serve_format_parameter_wins_over_accept(server: SparqlServer) -> None:
    status, headers, body = get(server, GRAPHS, "application/sparql-results+xml", format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.startswith(b"g,n\r\n")


def test_serve_unacceptable_media_type_is_406(server: SparqlServer) -> None:
    status, _, body = get(server, GRAPHS, "image/png")
    assert status == 406
    assert "text/csv" in error_of(body)


def test_serve_ask_and_construct(server: SparqlServer, local: ox.Store) -> None:
    status, _, body = get(server, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5"
    status, headers, body = get(server, construct, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 5
    status, headers, body = get(server, construct, "application/n-triples")
    assert status == 200 and len(body.decode().strip().splitlines()) == 5


def test_serve_predeclares_the_kg_prefixes(server: SparqlServer) -> None:
    status, _, body = get(server, "SELECT ?d WHERE { ?d a kg:SourceDocument } LIMIT 1")
    assert status == 200, body


def test_serve_default_graph_uri_restricts_the_dataset(server: SparqlServer, local: ox.Store) -> None:
    run_graph = "https://unkg.org/id/graph/run"
    n = len(list(local.quads_for_pattern(None, None, None, ox.NamedNode(run_graph))))
    status, _, body = get(
        server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": run_graph}
    )
    assert status == 200
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == n


def test_serve_from_clause_restricts_the_dataset(server: SparqlServer, local: ox.Store) -> None:
    run_graph = "https://unkg.org/id/graph/run"
    n = len(list(local.quads_for_pattern(None, None, None, ox.NamedNode(run_graph))))
    assert 0 < n < len(local)
    status, _, body = get(server, f"SELECT (COUNT(*) AS ?n) FROM <{run_graph}> WHERE {{ ?s ?p ?o }}")
    assert status == 200
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == n
    query = f"SELECT DISTINCT ?g FROM NAMED <{run_graph}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    status, _, body = get(server, query)
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [run_graph]


def test_serve_syntax_error_is_400_with_position(server: SparqlServer) -> None:
    status, headers, body = get(server, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400 and headers["Content-Type"].startswith("application/json")
    assert "line 1, column" in error_of(body)


def test_serve_canned_queries_are_listed_and_run(server: SparqlServer, local: ox.Store) -> None:
    status, _, body = call(server, "/queries")
    assert status == 200
    listed = json.loads(body)
    assert [q["name"] for q in listed] == sorted(canned_queries())
    for q in listed:
        status, _, result = get(server, q["sparql"])
        assert status == 200, (q["name"], result[:300])
        assert json.loads(result) == local_json(local, q["sparql"]), q["name"]


def test_serve_page_has_a_query_box(server: SparqlServer) -> None:
    status, headers, body = call(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert "<textarea" in page and 'fetch("sparql"' in page and 'fetch("queries")' in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # no CDN


# --- safety --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://unkg.org/id/graph/run>",
    ],
)
def test_serve_update_sent_as_query_is_400(server: SparqlServer, local: ox.Store, update: str) -> None:
    before = len(local)
    status, _, body = get(server, update)
    assert status == 400
    assert "read-only" in error_of(body)
    assert len(local) == before


def test_serve_update_requests_are_403(server: SparqlServer) -> None:
    update = "INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }"
    s1, _, _ = call(
        server,
        "/sparql",
        method="POST",
        data=urllib.parse.urlencode({"update": update}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    s2, _, body = call(
        server,
        "/sparql",
        method="POST",
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    assert (s1, s2) == (403, 403)
    assert "read-only" in error_of(body)
    s3, headers, _ = call(server, "/sparql", method="PUT", data=b"", headers={"Content-Type": "text/turtle"})
    assert s3 == 405 and "GET" in headers["Allow"]


FEDERATED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?q ?r } }",
    'SELECT * WHERE { BIND("x" AS ?x) SERVICE<http://example.org/> { ?s ?p ?o } }',
    # an escaped `#` in a prefixed name is no comment: the rest of the line is still query
    "PREFIX ex: <http://x/> SELECT * WHERE { ex:a\\#b ?p ?o . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p ex:a\\#b . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/\\u0073parql> { ?s ?p ?o } }",  # \u escape in the IRI
    "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "CONSTRUCT WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    # Oxigraph ends a comment at CR, and reads \u escapes only inside strings
    "SELECT * WHERE { VALUES ?x { 1 } # note\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}",
    'SELECT * WHERE { VALUES ?x { "\\u0022 #" } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}',
]


@pytest.mark.parametrize("query", FEDERATED)
def test_serve_federated_service_is_400(server: SparqlServer, query: str) -> None:
    status, _, body = get(server, query)
    assert status == 400
    assert "SERVICE" in error_of(body) or "syntax error" in error_of(body)  # refused either way


def test_serve_federated_service_is_named_in_the_refusal(server: SparqlServer) -> None:
    status, _, body = get(server, FEDERATED[4].replace(" . SERVICE", "\n SERVICE"))
    assert status == 400
    assert "federated queries (SERVICE) are not allowed" in error_of(body)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { BIND("SERVICE" AS ?service) FILTER(?service != <http://x/SERVICE>) } # SERVICE',
        'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }" AS ?x) }',
        "SELECT ?x WHERE { BIND('''a\nSERVICE <http://127.0.0.1:9/> { }''' AS ?x) } # SERVICE <http://x/> {}",
        "PREFIX service: <http://x/> SELECT (COUNT(*) AS ?n) WHERE { ?s service:SERVICE ?o }",
    ],
)
def test_serve_service_in_strings_iris_and_names_is_fine(server: SparqlServer, query: str) -> None:
    status, _, body = get(server, query)
    assert status == 200, body


def test_serve_slow_query_is_stopped_at_the_time_limit(server: SparqlServer) -> None:
    t0 = time.monotonic()
    status, headers, body = get(server, SLOW)
    elapsed = time.monotonic() - t0
    assert status == 503 and headers["Content-Type"].startswith("application/json")
    assert "time limit" in error_of(body)
    assert TIMEOUT <= elapsed < TIMEOUT + 2
    status, _, _ = get(server, GRAPHS)  # the server (and a fresh worker) goes on
    assert status == 200


def test_serve_result_over_max_rows_is_an_error_not_a_cut(server: SparqlServer) -> None:
    values = " ".join(str(i) for i in range(10))
    rows = f"SELECT * WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} }}"
    status, _, body = get(server, rows)  # exactly MAX_ROWS rows
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, _, body = get(server, rows.replace("{ 0 1", "{ -1 0 1", 1))  # 1100 rows
    assert status == 400
    assert f"more than {MAX_ROWS} rows" in error_of(body)


def test_serve_no_cors_headers_by_default(server: SparqlServer) -> None:
    status, headers, _ = call(server, "/sparql", method="OPTIONS", headers={"Origin": "http://evil.example"})
    assert status == 204 and "Access-Control-Allow-Origin" not in headers
    _, headers, _ = get(server, GRAPHS)
    assert "Access-Control-Allow-Origin" not in headers
    _, headers, _ = call(server, "/sparql?query=ASK%7B%7D", headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers


def test_serve_cors_for_the_origins_given(sample_build: Path) -> None:
    origin = {"Origin": "http://yasgui.example"}
    with serving(sample_build / "store", cors=("http://yasgui.example",)) as srv:
        status, headers, _ = call(srv, "/sparql", method="OPTIONS", headers=origin)
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == "http://yasgui.example"
        assert "POST" in headers["Access-Control-Allow-Methods"]
        _, headers, _ = call(srv, "/sparql?query=ASK%7B%7D", headers=origin)
        assert headers["Access-Control-Allow-Origin"] == "http://yasgui.example"
        _, headers, _ = call(srv, "/sparql?query=ASK%7B%7D", headers={"Origin": "http://other.example"})
        assert "Access-Control-Allow-Origin" not in headers
    with serving(sample_build / "store", cors=("*",)) as srv:
        _, headers, _ = call(srv, "/sparql?query=ASK%7B%7D", headers={"Origin": "http://other.example"})
        assert headers["Access-Control-Allow-Origin"] == "*"


FOREIGN_HOSTS = [
    "evil.example:{port}",
    "evil.example",
    "127.0.0.1.evil.example:{port}",
    "localhost:1",
    "127.0.0.1",
    "[::2]:{port}",
    "a b:{port}",
]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_serve_foreign_host_header_is_refused(server: SparqlServer, host: str) -> None:
    header = {"Host": host.format(port=server.server_address[1])}
    status, _, body = call(server, "/sparql?query=ASK%7B%7D", headers=header)
    assert status == 421
    assert "DNS rebinding" in error_of(body)
    assert call(server, "/", headers=header)[0] == 421  # the page too


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LocalHost:{port}"])
def test_serve_loopback_host_headers_pass(server: SparqlServer, host: str) -> None:
    header = {"Host": host.format(port=server.server_address[1])}
    assert call(server, "/sparql?query=ASK%7B%7D", headers=header)[0] == 200


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_serve_bad_graph_uri_is_400_and_kills_no_worker(server: SparqlServer, param: str) -> None:
    spawned = server.pool.spawned
    for bad in ["not an iri", "http://x/a b", "<http://x/>"] * 10:
        status, _, body = get(server, "ASK { ?s ?p ?o }", **{param: bad})
        assert status == 400, body
        assert param in error_of(body)
    t0 = time.monotonic()
    status, _, _ = get(server, "ASK { ?s ?p ?o }")
    assert status == 200 and time.monotonic() - t0 < 2
    assert server.pool.spawned == spawned


def test_serve_unknown_path_is_404(server: SparqlServer) -> None:
    assert call(server, "/nope")[0] == 404


def test_serve_many_concurrent_clients(server: SparqlServer) -> None:
    names = "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"  # cheap: this is about the server, not the query
    _, _, expected = get(server, names)

    def client(_: int) -> list[tuple[int, bytes]]:
        return [get(server, names)[::2] for _ in range(5)]

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = [r for batch in pool.map(client, range(20)) for r in batch]
    assert len(results) == 100
    assert all(r == (200, expected) for r in results)


def test_serve_sparqlwrapper_client(server: SparqlServer, local: ox.Store) -> None:
    sparqlwrapper = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper not installed")
    client = sparqlwrapper.SPARQLWrapper(server.url + "sparql")
    client.setQuery(GRAPHS)
    client.setReturnFormat(sparqlwrapper.JSON)
    assert client.query().convert() == local_json(local, GRAPHS)
    client.setMethod(sparqlwrapper.POST)
    assert client.query().convert() == local_json(local, GRAPHS)
    client.setReturnFormat(sparqlwrapper.CSV)
    assert client.query().convert().startswith(b"g,n")
    client.setQuery("INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }")
    with pytest.raises(Exception, match="403"):  # SPARQLWrapper sends it as an update request
        client.query()


def test_serve_worker_answers_an_unexpected_error_with_500(local: ox.Store) -> None:
    broken = QueryRequest(query=None)  # type: ignore[arg-type]  # no handler sends this: a bug stand-in
    reply = answer(local, broken)
    assert reply.status == 500 and "internal error" in json.loads(reply.body)["error"]["message"]
    assert answer(local, QueryRequest(query="ASK { ?s ?p ?o }")).status == 200


def test_serve_idle_connections_time_out_and_the_cap_refuses_with_503(sample_build: Path) -> None:
    with serving(sample_build / "store", idle_timeout=0.5, max_connections=2) as srv:
        address = srv.server_address[:2]
        idle = [socket.create_connection(address, timeout=5) for _ in range(2)]
        try:
            time.sleep(0.2)  # the server has accepted both
            status, headers, body = call(srv, "/sparql?query=ASK%7B%7D", timeout=5)
            assert status == 503 and headers["Retry-After"]
            assert "--max-connections" in error_of(body)
            t0 = time.monotonic()
            assert [sock.recv(1) for sock in idle] == [b"", b""]  # closed by the server when idle
            assert time.monotonic() - t0 < 2
        finally:
            for sock in idle:
                sock.close()
        time.sleep(0.2)  # their handler threads have finished
        assert call(srv, "/sparql?query=ASK%7B%7D")[0] == 200


def write_store(path: Path, subjects: int) -> None:
    """A store of `subjects` triples in one named graph, written as `kg build` does (then closed)."""
    store = ox.Store(str(path))
    graph = ox.NamedNode("https://unkg.org/id/graph/test")
    for i in range(subjects):
        store.add(ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/p"), ox.Literal(i), graph))
    store.flush()
    del store


def count_all(srv: SparqlServer) -> int:
    status, _, body = get(srv, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_serve_picks_up_a_replaced_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write_store(store, 2)
    lines: list[str] = []
    with serving(store, log=lines.append) as srv:
        assert count_all(srv) == 2
        write_store(tmp_path / "store.new", 5)  # a fresh build renamed into place
        store.rename(tmp_path / "store.old")
        (tmp_path / "store.new").rename(store)
        assert count_all(srv) == 5
        assert count_all(srv) == 5
        shutil.rmtree(tmp_path / "store.old")
        nquads = "".join(f"<http://x/{i}> <http://x/p> <http://x/o> <http://x/g> .\n" for i in range(3))
        GraphStore.rebuild(store, nquads.encode())  # the older way: remove, then rename
        assert count_all(srv) == 3
    assert sum("reopening" in line for line in lines) == 2, lines


# --- CLI -----------------------------------------------------------------------------------


def test_serve_missing_store_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 2
    assert "kg build" in capsys.readouterr().err


def test_serve_bad_limits_are_a_usage_error(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(sample_build / "store"), "--timeout", "0"]) == 2
    assert "--timeout" in capsys.readouterr().err


def test_serve_bad_cors_origin_is_a_usage_error(
    sample_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["serve", "--store", str(sample_build / "store"), "--port", "0", "--cors", "https://a.example/"]
    assert main(argv) == 2
    assert "--cors 'https://a.example/' is not an origin" in capsys.readouterr().err
