"""Store: a read-only SPARQL 1.1 Protocol endpoint over the embedded store (`kg serve`).

Standard library HTTP (`ThreadingHTTPServer`); each query runs in a worker process that opened the
store read-only, so a query over the time limit is stopped by killing its worker (pyoxigraph cannot
cancel a query from Python). Updates, `SERVICE` and oversized results are refused with an HTTP error.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg import __version__
from kg.errors import QueryError
from kg.store.query import PREFIXES, canned_queries, syntax_message

Log = Callable[[str], None]
LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_PORT = 7878
TOO_MANY = "the result has more than {n} {what} (this server's --max-rows); add LIMIT/OFFSET or aggregate"
MAX_BODY = 1 << 20  # a query (form or body) larger than 1 MiB is refused with 413
STATIC_DIR = Path(__file__).resolve().with_name("static")

# Media types offered for SELECT/ASK results and for CONSTRUCT/DESCRIBE graphs, first = default.
_Q = ox.QueryResultsFormat
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": _Q.JSON, "application/json": _Q.JSON,
    "application/sparql-results+xml": _Q.XML, "application/xml": _Q.XML, "text/xml": _Q.XML,
    "text/csv": _Q.CSV, "text/tab-separated-values": _Q.TSV,
}  # fmt: skip
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}  # fmt: skip
# `format=` / `output=` short names (what SPARQLWrapper and browsers send), to a media type.
_R, _G = "application/sparql-results+", "application/"
FORMAT_NAMES: dict[str, tuple[str | None, str | None]] = {
    "json": (_R + "json", _G + "ld+json"), "xml": (_R + "xml", _G + "rdf+xml"),
    "csv": ("text/csv", None), "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"), "ttl": (None, "text/turtle"), "n3": (None, "text/turtle"),
    "nt": (None, _G + "n-triples"), "ntriples": (None, _G + "n-triples"),
    "rdf": (None, _G + "rdf+xml"), "rdfxml": (None, _G + "rdf+xml"),
    "jsonld": (None, _G + "ld+json"), "json-ld": (None, _G + "ld+json"),
}  # fmt: skip

# Comments, strings and IRIs: skipped when looking for keywords in the query text.
_OPAQUE = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>',
    re.DOTALL,
)
# A keyword, not a variable (?service), a prefixed name (ex:service, service:x) or part of a word.
_SERVICE = re.compile(r"(?<![\w?$:-])SERVICE(?![\w:-])", re.IGNORECASE)
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*\S*\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


class Refused(Exception):
    """A request the endpoint will not run: carries the HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """One protocol request, as handed to a worker."""

    query: str
    accept: str = ""
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP response: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def error_reply(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    """A JSON error body `{"error": {"status": ..., "message": ...}}`."""
    body = {"error": {"status": status, "reason": HTTPStatus(status).phrase, "message": message}}
    data = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    return Reply(status, "application/json; charset=utf-8", data, headers)


def keyword_text(query: str) -> str:
    """The query with comments, strings and IRIs blanked out (for keyword checks).

    >>> keyword_text('SELECT * { ?s <http://x/SERVICE> "SERVICE" } # SERVICE')
    'SELECT * { ?s <> "" } '
    """

    return _OPAQUE.sub(lambda m: {"#": "", "<": "<>"}.get(m.group(0)[0], '""'), query)


def check_query(query: str) -> None:
    """Refuse what this endpoint never runs: SPARQL Update and federated `SERVICE` calls.

    Raises:
        Refused: 400 with the reason.
    """
    if not query.strip():
        raise Refused(400, "empty query: pass a SPARQL query in the `query` parameter")
    text = keyword_text(query)
    m = _UPDATE.match(text)
    if m:
        raise Refused(
            400,
            f"SPARQL Update ({m.group(1).upper()}) is not allowed: this endpoint is read-only; "
            "rebuild the graph with `kg build` or load it into another store with `kg load`",
        )
    if _SERVICE.search(text):
        raise Refused(
            400, "federated queries (SERVICE) are not allowed: this endpoint only queries its own store"
        )


def _accepted(accept: str) -> Iterator[str]:
    """Media ranges of an Accept header, highest quality first (ties keep header order)."""
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media.lower()))
    for _q, _i, media in sorted(ranges):
        yield media


def negotiate(accept: str, fmt: str | None, offered: list[str]) -> str:
    """Pick the media type to answer with from `offered` (first = default).

    `fmt` (the `format=`/`output=` parameter: a short name or a media type) wins over Accept.

    Raises:
        Refused: 406 when nothing offered is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", None, list(RESULT_TYPES))
    'application/sparql-results+xml'
    >>> negotiate("text/html,*/*;q=0.8", None, list(RESULT_TYPES))
    'application/sparql-results+json'
    """
    if fmt:
        f = fmt.strip().lower()
        if f in offered:
            return f
        for candidate in FORMAT_NAMES.get(f, ()):
            if candidate in offered:
                return candidate
        raise Refused(406, f"format {fmt!r} is not available for this query; one of: {', '.join(offered)}")
    if not accept.strip():
        return offered[0]
    for media in _accepted(accept):
        if media in offered:
            return media
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            for o in offered:
                if o.startswith(media[:-1]):
                    return o
    raise Refused(406, f"cannot answer with any of {accept!r}; available: {', '.join(offered)}")


# --- query execution (inside a worker process) -----------------------------------------------


def _term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    t: ox.Triple = term
    value = {
        "subject": _term_json(t.subject),
        "predicate": _term_json(t.predicate),
        "object": _term_json(t.object),
    }
    return {"type": "triple", "value": value}


def execute(store: ox.Store, req: QueryRequest) -> Reply:
    """Run one query against `store` and serialise the result as negotiated (never more than max_rows)."""
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None
    graphs = [ox.NamedNode(g) for g in req.default_graphs] or None
    named: list[ox.NamedNode | ox.BlankNode] | None = [ox.NamedNode(g) for g in req.named_graphs] or None
    try:
        check_query(req.query)
        results = store.query(
            req.query,
            prefixes=PREFIXES,
            use_default_graph_as_union=graphs is None,
            default_graph=graphs,
            named_graphs=named,
        )
        if isinstance(results, ox.QueryBoolean):
            media = negotiate(req.accept, req.format, list(RESULT_TYPES))
            return _ok(media, results.serialize(format=RESULT_TYPES[media]))
        if isinstance(results, ox.QuerySolutions):
            media = negotiate(req.accept, req.format, list(RESULT_TYPES))
            names = [v.value for v in results.variables]
            bindings = []
            for n, solution in enumerate(results):
                if n >= req.max_rows:
                    return error_reply(400, TOO_MANY.format(n=req.max_rows, what="rows"))
                bindings.append({k: _term_json(solution[k]) for k in names if solution[k] is not None})
            data = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()
            # pyoxigraph writes every format (the JSON is only the hand-over of the capped rows)
            parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            return _ok(media, parsed.serialize(format=RESULT_TYPES[media]))
        media = negotiate(req.accept, req.format, list(GRAPH_TYPES))
        triples = []
        for n, triple in enumerate(results):
            if n >= req.max_rows:
                return error_reply(400, TOO_MANY.format(n=req.max_rows, what="triples"))
            triples.append(triple)
        return _ok(media, ox.serialize(triples, format=GRAPH_TYPES[media]))
    except Refused as r:
        return error_reply(r.status, r.message)
    except SyntaxError as err:
        return error_reply(400, syntax_message(err, req.query))
    except (OSError, ValueError) as err:  # evaluation errors (bad IRI, failed dataset) from pyoxigraph
        return error_reply(400, f"query failed: {err}")


def _ok(media: str, data: bytes | None) -> Reply:
    assert data is not None, "pyoxigraph serialises to bytes when given no output"
    textual = media.startswith("text/") or media.endswith(("json", "xml"))
    return Reply(200, f"{media}; charset=utf-8" if textual else media, data)


def _worker_main(conn: Connection, store_path: str) -> None:
    """Worker process: open the store read-only, then answer `QueryRequest`s until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        store = ox.Store.read_only(store_path)
    except OSError as err:
        conn.send(("error", f"cannot open store at {store_path}: {err}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        conn.send(execute(store, req))


# --- worker pool --------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection


@dataclass
class QueryPool:
    """Worker processes that run queries; a query over `timeout` seconds kills its worker (replaced)."""

    store_path: Path
    size: int
    timeout: float
    wait: float = 60.0
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue)
    _workers: dict[int, _Worker] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False

    def start(self) -> None:
        """Start the workers (raises `QueryError` when the store cannot be opened)."""
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(child, str(self.store_path)), daemon=True)
        proc.start()
        child.close()
        if not parent.poll(120):
            proc.kill()
            raise QueryError(f"query worker did not start within 120 s (store {self.store_path})")
        try:
            status, message = parent.recv()
        except EOFError:
            status, message = "error", f"query worker exited at start ({proc.exitcode}); see the log above"
        if status != "ready":
            proc.join(5)
            raise QueryError(str(message))
        w = _Worker(proc, parent)
        with self._lock:
            self._workers[id(w)] = w
        return w

    def _discard(self, w: _Worker) -> None:
        w.process.kill()
        w.process.join(5)
        w.conn.close()
        with self._lock:
            self._workers.pop(id(w), None)
        if not self._closed:
            threading.Thread(target=self._replace, name="kg-serve-respawn", daemon=True).start()

    def _replace(self) -> None:
        w = self._spawn()
        if self._closed:
            w.process.kill()
        else:
            self._idle.put(w)

    def run(self, req: QueryRequest) -> Reply:
        """Run `req` in a free worker; 503 when none frees up within `wait` s or the query runs too long."""
        try:
            w = self._idle.get(timeout=self.wait)
        except queue.Empty:
            return error_reply(
                503,
                f"server busy: all {self.size} query workers stayed busy for {self.wait:g} s; retry later",
                ("Retry-After", "5"),
            )
        started = time.monotonic()
        try:
            w.conn.send(req)
            if w.conn.poll(self.timeout):
                reply: Reply = w.conn.recv()
                self._idle.put(w)
                return reply
        except (EOFError, OSError):
            self._discard(w)
            return error_reply(500, "the query worker died (see the server log); please report the query")
        self._discard(w)
        return error_reply(
            503,
            f"query stopped after {time.monotonic() - started:.1f} s: it exceeded this server's time limit "
            f"of {self.timeout:g} s (--timeout); narrow it down or add LIMIT",
        )

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
        for w in workers:
            w.process.kill()
            w.process.join(5)
            w.conn.close()


# --- HTTP -------------------------------------------------------------------------------------


COMMON_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Vary", "Accept"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
)


PREFLIGHT = (
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
    ("Access-Control-Max-Age", "86400"),
)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: configuration and the worker pool for its handlers."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], pool: QueryPool, *, max_rows: int, log: Log | None) -> None:
        self.pool = pool
        self.max_rows = max_rows
        self.log = log
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        """The base URL, e.g. `http://127.0.0.1:7878/`."""
        host, port = self.server_address[:2]
        host = str(host)
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    """Routes: `/` the query page, `/sparql` the SPARQL 1.1 Protocol endpoint, `/queries` canned queries."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = f"unkg/{__version__}"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in COMMON_HEADERS + reply.headers:  # CORS: browser clients such as YASGUI
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server naming
        """CORS preflight: browsers on other origins may GET and POST queries."""
        self._send(Reply(204, "text/plain", b"", PREFLIGHT))

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/sparql" and (params or "text/html" not in self.headers.get("Accept", "")):
            self._send(self._query(params))
        elif url.path in ("/", "/index.html", "/sparql"):
            self._send(Reply(200, "text/html; charset=utf-8", (STATIC_DIR / "index.html").read_bytes()))
        elif url.path == "/queries":
            self._send(Reply(200, "application/json; charset=utf-8", canned_json()))
        else:
            self._send(error_reply(404, f"no such page {url.path!r}; the SPARQL endpoint is /sparql"))

    def do_POST(self) -> None:  # noqa: N802
        try:
            params = self._post_params()
        except Refused as r:
            self.close_connection = True  # the body may be unread
            self._send(error_reply(r.status, r.message))
            return
        self._send(self._query(params))

    def _post_params(self) -> dict[str, list[str]]:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            raise Refused(404, f"no such endpoint {url.path!r}; POST queries to /sparql")
        params = parse_qs(url.query, keep_blank_values=True)
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            raise Refused(403, "SPARQL Update is not allowed: this endpoint is read-only")
        try:
            body = self._body().decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the request body is not UTF-8") from None
        if media == "application/x-www-form-urlencoded":
            return {**params, **parse_qs(body, keep_blank_values=True)}
        if media == "application/sparql-query" and "query" not in params:
            return {**params, "query": [body]}
        raise Refused(
            415 if media != "application/sparql-query" else 400,
            "POST a query as application/sparql-query (and no query= in the URL) or as "
            f"application/x-www-form-urlencoded query=...; got Content-Type {media!r}",
        )

    def _method_not_allowed(self) -> None:
        message = f"{self.command} is not allowed: this endpoint is read-only (GET, POST)"
        self._send(error_reply(405, message, ("Allow", "GET, POST, OPTIONS")))

    do_PUT = do_DELETE = do_PATCH = _method_not_allowed  # noqa: N815

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise Refused(411, "chunked request bodies are not supported: send Content-Length")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise Refused(411, "a POST needs a Content-Length header")
        if int(length) > MAX_BODY:
            raise Refused(413, f"request body of {length} bytes is over the limit of {MAX_BODY} bytes")
        return self.rfile.read(int(length))

    def _query(self, params: dict[str, list[str]]) -> Reply:
        if "update" in params:
            return error_reply(403, "SPARQL Update is not allowed: this endpoint is read-only")
        queries = params.get("query", [])
        if len(queries) != 1:
            return error_reply(400, "pass exactly one `query` parameter (SPARQL 1.1 Protocol)")
        fmt = (params.get("format") or params.get("output") or [""])[0]
        req = QueryRequest(
            query=queries[0],
            accept=self.headers.get("Accept", ""),
            format=fmt or None,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
            max_rows=self.server.max_rows,
        )
        try:
            check_query(req.query)  # cheap refusals need no worker
            return self.server.pool.run(req)
        except Refused as r:
            return error_reply(r.status, r.message)


def canned_json() -> bytes:
    """The canned queries (name, description, parameters, SPARQL with default values) as JSON."""
    out = []
    for name, cq in canned_queries().items():
        try:
            sparql = cq.render({})
        except QueryError:
            sparql = cq.text
        params = [
            {"name": p.name, "type": p.type, "meaning": p.meaning, "default": p.default} for p in cq.params
        ]
        out.append({"name": name, "description": cq.description, "params": params, "sparql": sparql})  # fmt: skip
    return json.dumps(out, ensure_ascii=False, indent=2).encode("utf-8")


def make_server(
    store_path: str | Path,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    wait: float = 60.0,
    log: Log | None = None,
) -> SparqlServer:
    """Open the store read-only in `workers` processes and bind the HTTP server (not yet serving).

    Args:
        store_path: the store folder written by `kg build` (`exports/store`).
        host: interface to bind; loopback by default.
        port: TCP port (0 = any free port; see `server.url`).
        timeout: seconds a query may run before it is stopped (503).
        max_rows: most rows (or triples) a result may have; more is a 400, never a silent cut.
        workers: query worker processes (queries that run at the same time).
        wait: seconds a request may wait for a free worker before a 503 (server busy).
        log: called with one line per request (None: silent).

    Raises:
        QueryError: no store at `store_path`, or it cannot be opened; bad limits.

    Example:
        >>> server = make_server("exports/store", port=0)  # doctest: +SKIP
        >>> threading.Thread(target=server.serve_forever).start()  # doctest: +SKIP
    """
    path = Path(store_path)
    if not path.is_dir():
        raise QueryError(f"no graph store at {path}; run `kg build` first (or pass --store)")
    if timeout <= 0 or max_rows < 1 or workers < 1:
        raise QueryError(
            f"--timeout, --max-rows and --workers must be positive (got {timeout}, {max_rows}, {workers})"
        )
    pool = QueryPool(path, workers, timeout, wait)
    pool.start()
    try:
        return SparqlServer((host, port), pool, max_rows=max_rows, log=log)
    except OSError as err:
        pool.close()
        raise QueryError(f"cannot listen on {host}:{port}: {err.strerror}; pick another --port") from None
