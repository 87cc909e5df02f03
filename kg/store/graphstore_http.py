"""Store: push a build's named graphs to a remote store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph of `graph.nq` is sent as N-Triples with `PUT <graph-store>?graph=<iri>`, which
replaces that graph: loading the same export twice leaves the remote store as after one load.
Standard library HTTP only (`urllib.request`), with basic or digest authentication.
"""

from __future__ import annotations

import base64
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from kg.errors import KgError

AuthScheme = Literal["auto", "basic", "digest"]
AUTH_SCHEMES: tuple[AuthScheme, ...] = ("auto", "basic", "digest")
NTRIPLES = "application/n-triples"


class GraphStoreError(KgError):
    """The remote store refused a request, or cannot be reached."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """Who to authenticate as; `scheme` "auto" answers whichever challenge (digest or basic) the server sends."""

    user: str
    password: str
    scheme: AuthScheme = "auto"


@dataclass(frozen=True, slots=True)
class GraphPayload:
    """One named graph to send: its IRI (None = the default graph), N-Triples bytes and triple count."""

    graph: str | None
    ntriples: bytes
    triples: int


@dataclass(frozen=True, slots=True)
class GraphLoad:
    """What happened to one graph: the HTTP status of its PUT and how long it took."""

    graph: str | None
    triples: int
    status: int
    seconds: float


def graphs_from_nquads(data: bytes) -> list[GraphPayload]:
    """Split N-Quads into one N-Triples payload per graph, sorted by graph IRI (default graph first).

    >>> nq = b'<http://x/s> <http://x/p> "o" <http://x/g> .\\n<http://x/s> <http://x/p> "d" .\\n'
    >>> [(g.graph, g.triples) for g in graphs_from_nquads(nq)]
    [(None, 1), ('http://x/g', 1)]
    """
    by_graph: dict[str | None, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        g = quad.graph_name
        key = g.value if isinstance(g, ox.NamedNode) else None
        if isinstance(g, ox.BlankNode):
            raise GraphStoreError(
                "a quad is in a blank-node graph, which the Graph Store Protocol cannot address"
            )
        by_graph[key].append(quad.triple)
    out = []
    for key in sorted(by_graph, key=lambda k: (k is not None, k or "")):
        triples = by_graph[key]
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        assert nt is not None, "pyoxigraph serialises to bytes when given no output"
        out.append(GraphPayload(key, nt, len(triples)))
    return out


def read_export(exports: str | Path) -> list[GraphPayload]:
    """The named graphs of `<exports>/graph.nq`, or of the files of `<exports>/graphs/` when the
    build wrote only that folder (`kg build --formats graphs`): the same graphs either way.

    Raises:
        GraphStoreError: neither is there, or a file does not parse.
    """
    path = Path(exports) / "graph.nq"
    folder = Path(exports) / "graphs"
    if path.is_file():
        files = [path]
    elif folder.is_dir() and any(folder.glob("*.nq")):
        files = sorted(folder.glob("*.nq"))
    else:
        raise GraphStoreError(f"no {path} and no {folder}/; run `kg build` first (or pass --exports DIR)")
    try:
        return graphs_from_nquads(b"".join(f.read_bytes() for f in files))
    except SyntaxError as err:
        where = path if files == [path] else folder
        raise GraphStoreError(f"{where} is not valid N-Quads: {err}; rebuild it with `kg build`") from None


def graph_url(graph_store: str, graph: str | None) -> str:
    """The URL addressing `graph` in a Graph Store Protocol endpoint (indirect identification).

    >>> graph_url("http://h/store", "https://unkg.org/id/graph/x")
    'http://h/store?graph=https%3A%2F%2Funkg.org%2Fid%2Fgraph%2Fx'
    >>> graph_url("http://h/ds?x=1", None)
    'http://h/ds?x=1&default'
    """
    sep = "&" if "?" in graph_store else "?"
    return graph_store + sep + ("default" if graph is None else urllib.parse.urlencode({"graph": graph}))


class StoreAuth:
    """Authentication for one store: urllib handlers, plus digest answered *before* a PUT's body is sent.

    urllib answers a digest challenge only after a first request failed with 401; for a PUT that
    first request carries the whole graph, and Virtuoso resets the connection before reading it
    (measured). So a body-less HEAD fetches the challenge and the PUT goes out authorised.
    """

    def __init__(self, url: str, credentials: Credentials | None) -> None:
        self.credentials = credentials
        self.digest: urllib.request.HTTPDigestAuthHandler | None = None
        self.verified = False
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            if credentials.scheme == "basic":
                # sent with the first request (no challenge round trip, the body is sent once)
                prior = urllib.request.HTTPPasswordMgrWithPriorAuth()
                prior.add_password(None, url, credentials.user, credentials.password, is_authenticated=True)
                handlers.append(urllib.request.HTTPBasicAuthHandler(prior))
            else:
                manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                manager.add_password(None, url, credentials.user, credentials.password)
                self.digest = urllib.request.HTTPDigestAuthHandler(manager)
                handlers.append(self.digest)
                if credentials.scheme == "auto":
                    handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
        self.http = urllib.request.build_opener(*handlers)

    def authorise(self, req: urllib.request.Request, timeout: float) -> None:
        """Add an Authorization header to `req` from a fresh challenge (digest or, under auto, basic).

        The first time, the credentials are tried on a body-less HEAD: a wrong password is then an
        HTTP 401 with a clear message, not a connection reset in the middle of a large PUT.

        Raises:
            GraphStoreError: the store refuses the credentials.
        """
        if self.credentials is None or self.digest is None:
            return
        if not self.verified:
            head = urllib.request.Request(req.full_url, method="HEAD")
            answer = self._answer(head, timeout)
            if answer is not None:
                head.add_unredirected_header("Authorization", answer)
                try:
                    with urllib.request.build_opener().open(head, timeout=timeout):
                        pass
                except urllib.error.HTTPError as err:
                    if err.code == 401:
                        raise GraphStoreError(
                            f"{req.full_url}: HTTP 401: the store refused user {self.credentials.user!r} "
                            "(check --user, --password and --auth)"
                        ) from None
                except (urllib.error.URLError, http.client.HTTPException, OSError):
                    pass  # the PUT itself will report it
            self.verified = True
        answer = self._answer(req, timeout)
        if answer is not None:
            req.add_unredirected_header("Authorization", answer)

    def _answer(self, req: urllib.request.Request, timeout: float) -> str | None:
        """The Authorization header answering the challenge a body-less HEAD gets, or None."""
        assert self.credentials is not None and self.digest is not None
        probe = urllib.request.Request(req.full_url, method="HEAD")
        try:
            with urllib.request.build_opener().open(probe, timeout=timeout):
                return None  # no challenge: nothing to answer
        except urllib.error.HTTPError as err:
            challenges = (err.headers.get_all("WWW-Authenticate") or []) if err.code == 401 else []
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            return None  # the PUT itself will report it
        for challenge in challenges:
            scheme, _, rest = challenge.strip().partition(" ")
            if scheme.lower() == "digest":
                try:
                    chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
                    answer = self.digest.get_authorization(req, chal)
                except (ValueError, KeyError) as err:
                    raise GraphStoreError(
                        f"{req.full_url}: malformed authentication challenge {challenge[:200]!r} "
                        f"({type(err).__name__}: {err}); check the URL, or try --auth basic"
                    ) from None
                if answer:
                    return f"Digest {answer}"
        for challenge in challenges:
            if challenge.strip().lower().startswith("basic") and self.credentials.scheme == "auto":
                pair = f"{self.credentials.user}:{self.credentials.password}".encode()
                return "Basic " + base64.b64encode(pair).decode()
        return None


def _request(auth: StoreAuth, req: urllib.request.Request, timeout: float) -> tuple[int, bytes]:
    try:
        with auth.http.open(req, timeout=timeout) as resp:
            return int(resp.status), resp.read()
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", errors="replace").strip()[:500]
        hint = ""
        if err.code == 401:
            hint = " (check --user, --password and --auth)"
        elif err.code in (403, 405):
            hint = " (does the user have write permission, and is this the Graph Store endpoint? see --graph-store-url)"
        raise GraphStoreError(
            f"{req.get_method()} {req.full_url}: HTTP {err.code} {err.reason}{hint}: {body}"
        ) from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, BrokenPipeError | ConnectionResetError) and isinstance(req.data, bytes):
            raise GraphStoreError(
                f"{req.get_method()} {req.full_url}: the store closed the connection while receiving "
                f"{len(req.data)} bytes ({err.reason}); often a refused login (check --user, "
                "--password, --auth) or a request size limit of the store"
            ) from None
        raise GraphStoreError(f"cannot reach {req.full_url}: {err.reason}") from None
    except TimeoutError:
        raise GraphStoreError(
            f"{req.get_method()} {req.full_url}: no answer within {timeout:g} s (--timeout)"
        ) from None
    except (http.client.HTTPException, OSError) as err:
        # a garbled status line, a truncated body, a connection dropped mid-answer
        raise GraphStoreError(_malformed(req, err)) from None


def _malformed(req: urllib.request.Request, err: BaseException) -> str:
    return (
        f"{req.get_method()} {req.full_url}: not a valid HTTP answer ({type(err).__name__}: "
        f"{str(err)[:200] or 'connection closed'}); is this the store's URL, and is the store healthy?"
    )


def put_graph(
    auth: StoreAuth, graph_store: str, payload: GraphPayload, *, timeout: float = 300.0
) -> GraphLoad:
    """Replace one graph in the remote store with `payload` (HTTP PUT).

    Raises:
        GraphStoreError: an HTTP error, or the store cannot be reached.
    """
    t0 = time.perf_counter()
    req = urllib.request.Request(
        graph_url(graph_store, payload.graph),
        data=payload.ntriples,
        method="PUT",
        headers={"Content-Type": NTRIPLES},
    )
    auth.authorise(req, timeout)
    status, _ = _request(auth, req, timeout)
    return GraphLoad(payload.graph, payload.triples, status, time.perf_counter() - t0)


def count_triples(auth: StoreAuth, sparql_endpoint: str, graph: str | None, *, timeout: float = 300.0) -> int:
    """How many triples `graph` holds in the remote store, asked through its SPARQL endpoint."""
    where = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {where}"})
    sep = "&" if "?" in sparql_endpoint else "?"
    req = urllib.request.Request(
        sparql_endpoint + sep + query, headers={"Accept": "application/sparql-results+json"}
    )
    _, body = _request(auth, req, timeout)
    try:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError) as err:
        raise GraphStoreError(
            f"unexpected answer from {sparql_endpoint} to a COUNT query: {body[:200]!r}"
        ) from err


def load_export(
    exports: str | Path,
    graph_store: str,
    *,
    credentials: Credentials | None = None,
    timeout: float = 300.0,
    progress: Callable[[GraphLoad], None] | None = None,
) -> list[GraphLoad]:
    """PUT every named graph of `<exports>/graph.nq` to `graph_store`, replacing each; stop at the first error.

    Args:
        exports: the folder `kg build` wrote (holds graph.nq).
        graph_store: the Graph Store Protocol endpoint, e.g. `http://host:3030/ds/data`.
        credentials: user, password and scheme, or None for no authentication.
        timeout: seconds to wait for each answer.
        progress: called after each graph is loaded.

    Raises:
        GraphStoreError: no export, an HTTP error, or the store cannot be reached.
    """
    payloads = read_export(exports)
    auth = StoreAuth(graph_store, credentials)
    done = []
    for payload in payloads:
        result = put_graph(auth, graph_store, payload, timeout=timeout)
        done.append(result)
        if progress:
            progress(result)
    return done


def verify_counts(
    sparql_endpoint: str,
    loads: list[GraphLoad],
    *,
    credentials: Credentials | None = None,
    timeout: float = 300.0,
) -> list[tuple[str | None, int, int]]:
    """Graphs whose triple count in the remote store differs from what was sent: `(graph, sent, found)`."""
    auth = StoreAuth(sparql_endpoint, credentials)
    out = []
    for load in loads:
        found = count_triples(auth, sparql_endpoint, load.graph, timeout=timeout)
        if found != load.triples:
            out.append((load.graph, load.triples, found))
    return out
