"""`kg serve` and `kg.store.server`: SPARQL 1.1 Protocol over HTTP, read-only, limits, concurrency."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.store.query import canned_queries
from kg.store.server import SparqlServer, keyword_text, make_server

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


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?q ?r } }",
        'SELECT * WHERE { BIND("x" AS ?x) SERVICE<http://example.org/> { ?s ?p ?o } }',
    ],
)
def test_serve_federated_service_is_400(server: SparqlServer, query: str) -> None:
    status, _, body = get(server, query)
    assert status == 400
    assert "SERVICE" in error_of(body)


def test_serve_service_in_strings_iris_and_names_is_fine(server: SparqlServer) -> None:
    query = 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) FILTER(?service != <http://x/SERVICE>) } # SERVICE'
    status, _, body = get(server, query)
    assert status == 200, body
    assert "SERVICE" not in keyword_text(query).replace("?service", "")


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


def test_serve_cors_for_browser_clients(server: SparqlServer) -> None:
    status, headers, _ = call(
        server, "/sparql", method="OPTIONS", headers={"Origin": "http://yasgui.example"}
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    _, headers, _ = get(server, GRAPHS)
    assert headers["Access-Control-Allow-Origin"] == "*"


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


# --- CLI -----------------------------------------------------------------------------------


def test_serve_missing_store_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(tmp_path / "none"), "--port", "0"]) == 2
    assert "kg build" in capsys.readouterr().err


def test_serve_bad_limits_are_a_usage_error(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(sample_build / "store"), "--timeout", "0"]) == 2
    assert "--timeout" in capsys.readouterr().err
