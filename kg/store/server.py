"""Store: a read-only SPARQL 1.1 Protocol endpoint over the embedded store (`kg serve`).

Standard library HTTP (`ThreadingHTTPServer`); each query runs in a worker process that opened the
store read-only, so a query over the time limit is stopped by killing its worker (pyoxigraph cannot
cancel a query from Python). Updates, `SERVICE` and oversized results are refused with an HTTP error.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg import __version__
from kg.errors import QueryError
from kg.store.guard import HostCheck, check_origins, cors_headers
from kg.store.protocol import (
    QueryRequest,
    Refused,
    Reply,
    check_query,
    error_reply,
    execute,
)
from kg.store.query import canned_queries
from kg.store.sparql import warm_up

Log = Callable[[str], None]
LOOPBACK = ("127.0.0.1", "::1", "localhost")
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # a query (form or body) larger than 1 MiB is refused with 413
STATIC_DIR = Path(__file__).resolve().with_name("static")


def _worker_main(conn: Connection, store_path: str, generation: int) -> None:
    """Worker process: open the store read-only, then answer `QueryRequest`s until the pipe closes.

    A request of a newer store generation (the folder was replaced or updated) reopens the store first.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    try:
        store = ox.Store.read_only(store_path)
    except OSError as err:
        conn.send(("error", f"cannot open store at {store_path}: {err}"))
        return
    warm_up()  # the SPARQL grammar, built now rather than inside the first query's time limit
    conn.send(("ready", None))
    while True:
        try:
            req: QueryRequest = conn.recv()
        except EOFError:
            return
        if req.generation != generation:
            try:
                store = ox.Store.read_only(store_path)
            except OSError as err:
                message = f"the store at {store_path} was replaced and cannot be opened yet ({err}); retry"
                conn.send(error_reply(503, message, ("Retry-After", "5")))
                continue
            generation = req.generation
        conn.send(answer(store, req))


def answer(store: ox.Store, req: QueryRequest) -> Reply:
    """`execute`, with any unexpected error turned into a 500 reply: no request may kill a worker."""
    try:
        return execute(store, req)
    except Exception as err:  # noqa: BLE001 - a process boundary: one request's fault must not cost a worker
        return error_reply(500, f"internal error ({type(err).__name__}: {err}); please report the query")


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
    log: Log | None = None
    generation: int = 0  # bumped when the store folder is replaced or updated; workers then reopen it
    spawned: int = 0  # worker processes started so far
    _stamp: tuple[int, int, int] | None = None
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue)
    _workers: dict[int, _Worker] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False

    def start(self) -> None:
        """Start the workers (raises `QueryError` when the store cannot be opened)."""
        self._stamp = self._store_stamp()
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _store_stamp(self) -> tuple[int, int, int] | None:
        """Identity and last change of the store folder: a rename into place or a write changes it."""
        try:
            st = self.store_path.stat()
        except FileNotFoundError:  # between the old folder's removal and the new one's rename
            return None
        return (st.st_dev, st.st_ino, st.st_mtime_ns)

    def check_store(self) -> int:
        """The store generation to query: a new one (logged once) when the folder changed since."""
        stamp = self._store_stamp()
        with self._lock:
            if stamp is not None and stamp != self._stamp:
                self._stamp = stamp
                self.generation += 1
                if self.log:
                    self.log(
                        f"the store at {self.store_path} was replaced or updated: reopening it in the workers"
                    )
            return self.generation

    def _spawn(self) -> _Worker:
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        parent, child = ctx.Pipe()
        args = (child, str(self.store_path), self.generation)
        proc = ctx.Process(target=_worker_main, args=args, daemon=True)
        proc.start()
        with self._lock:
            self.spawned += 1
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
        req = replace(req, generation=self.check_store())
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
    """The HTTP server: configuration, the worker pool, and the connection cap for its handlers."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        pool: QueryPool,
        *,
        max_rows: int,
        log: Log | None,
        cors: tuple[str, ...] = (),
        idle_timeout: float = 30.0,
        max_connections: int = 64,
    ) -> None:
        self.pool = pool
        self.max_rows = max_rows
        self.log = log
        self.cors = cors
        self.idle_timeout = idle_timeout
        self.max_connections = max_connections
        self.connections = 0
        self._connections_lock = threading.Lock()
        super().__init__(address, SparqlHandler)
        self.host_check = HostCheck.for_address(str(self.server_address[0]), int(self.server_address[1]))

    @property
    def url(self) -> str:
        """The base URL, e.g. `http://127.0.0.1:7878/`."""
        host, port = self.server_address[:2]
        host = str(host)
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection in a thread, or refuse it with 503 beyond `max_connections`."""
        with self._connections_lock:
            full = self.connections >= self.max_connections
            if not full:
                self.connections += 1
        if full:  # a short-lived thread, so a slow client cannot stall the accept loop
            threading.Thread(target=self._refuse, args=(request,), daemon=True).start()
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self.connections -= 1

    def _refuse(self, request: socket.socket) -> None:
        message = (
            f"server busy: {self.max_connections} connections are open (--max-connections); "
            "retry later or close idle connections"
        )
        reply = error_reply(503, message, ("Retry-After", "5"))
        head = (
            f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: {reply.content_type}\r\n"
            f"Content-Length: {len(reply.body)}\r\nRetry-After: 5\r\nConnection: close\r\n\r\n"
        )
        try:
            request.settimeout(1.0)
            received = b""  # read the request head, so closing does not reset the connection
            while b"\r\n\r\n" not in received and len(received) < 65536:
                chunk = request.recv(4096)
                if not chunk:
                    break
                received += chunk
            request.sendall(head.encode("ascii") + reply.body)
        except OSError:  # the client went away or stayed silent: nothing more to tell it
            pass
        finally:
            self.shutdown_request(request)
        if self.log:
            self.log(f"refused a connection: {self.max_connections} open (--max-connections)")

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    """Routes: `/` the query page, `/sparql` the SPARQL 1.1 Protocol endpoint, `/queries` canned queries."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = f"unkg/{__version__}"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)  # a silent or idle connection is closed

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        cors = cors_headers(self.headers.get("Origin"), self.server.cors)
        preflight = PREFLIGHT if cors and self.command == "OPTIONS" else ()
        for name, value in COMMON_HEADERS + cors + preflight + reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def parse_request(self) -> bool:
        """Parse the request line and headers, then refuse a `Host` that does not name this server."""
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if not self.server.host_check.allows(host):
            self.close_connection = True
            self._send(error_reply(421, self.server.host_check.refusal(host)))
            return False
        return True

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server naming
        """CORS preflight: browsers on the origins given with --cors may GET and POST queries."""
        self._send(Reply(204, "text/plain", b""))

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
        try:
            return self.rfile.read(int(length))
        except TimeoutError:
            raise Refused(
                408, f"the request body did not arrive within {self.server.idle_timeout:g} s"
            ) from None

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
    cors: tuple[str, ...] = (),
    idle_timeout: float = 30.0,
    max_connections: int = 64,
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
        cors: origins whose pages may read answers (`*`: any); none by default (no CORS headers).
        idle_timeout: seconds a connection may stay silent (idle, or mid-request) before it is closed.
        max_connections: open connections served at once; more are refused with 503.

    Raises:
        QueryError: no store at `store_path`, or it cannot be opened; bad limits or origins.

    Example (needs a built store, so it is not run as a doctest)::

        server = make_server("exports/store", port=0)
        threading.Thread(target=server.serve_forever).start()
    """
    path = Path(store_path)
    if not path.is_dir():
        raise QueryError(f"no graph store at {path}; run `kg build` first (or pass --store)")
    if timeout <= 0 or max_rows < 1 or workers < 1:
        raise QueryError(
            f"--timeout, --max-rows and --workers must be positive (got {timeout}, {max_rows}, {workers})"
        )
    if idle_timeout <= 0 or max_connections < 1:
        raise QueryError(
            f"--idle-timeout and --max-connections must be positive (got {idle_timeout}, {max_connections})"
        )
    origins = check_origins(cors)
    pool = QueryPool(path, workers, timeout, wait, log=log)
    pool.start()
    try:
        return SparqlServer(
            (host, port),
            pool,
            max_rows=max_rows,
            log=log,
            cors=origins,
            idle_timeout=idle_timeout,
            max_connections=max_connections,
        )
    except OSError as err:
        pool.close()
        raise QueryError(f"cannot listen on {host}:{port}: {err.strerror}; pick another --port") from None
