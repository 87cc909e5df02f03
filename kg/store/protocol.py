"""Store: the SPARQL 1.1 Protocol without HTTP — requests, replies, content negotiation, and running
one query in a worker (read-only, no SERVICE, the dataset the query asks for, never over max_rows).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus

import pyoxigraph as ox

from kg.errors import QueryError
from kg.rdf.namespaces import PREFIXES
from kg.store.query import syntax_message, term_json
from kg.store.sparql import UnparsedQuery
from kg.store.sparql import run as run_sparql

TOO_MANY = "the result has more than {n} {what} (this server's --max-rows); add LIMIT/OFFSET or aggregate"

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
    generation: int = 0  # of the store folder (see `QueryPool.generation`)


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
    """Refuse an empty query and explain SPARQL Update (which the read-only store could not run anyway).

    Federated `SERVICE` calls are refused from the parsed query (`kg.store.sparql`), never from text.

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


def execute(store: ox.Store, req: QueryRequest) -> Reply:
    """Run one query against `store` and serialise the result as negotiated (never more than max_rows)."""
    try:
        check_query(req.query)
        results = run_sparql(
            store,
            req.query,
            prefixes=PREFIXES,
            default_graphs=req.default_graphs,
            named_graphs=req.named_graphs,
            allow_service=False,
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
                bindings.append({k: term_json(solution[k]) for k in names if solution[k] is not None})
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
    except UnparsedQuery as err:
        position = SyntaxError(f"error at {err.line}:{err.column}: {err.detail}")
        why = (
            "this endpoint parses every query that mentions FROM or SERVICE before running it (SERVICE "
            "calls are refused), and could not parse this one, so it was not run; "
        )
        return error_reply(400, why + syntax_message(position, req.query))
    except QueryError as err:  # SERVICE, a bad graph IRI
        return error_reply(400, str(err))
    except (OSError, ValueError) as err:  # evaluation errors (bad IRI, failed dataset) from pyoxigraph
        return error_reply(400, f"query failed: {err}")


def _ok(media: str, data: bytes | None) -> Reply:
    assert data is not None, "pyoxigraph serialises to bytes when given no output"
    textual = media.startswith("text/") or media.endswith(("json", "xml"))
    return Reply(200, f"{media}; charset=utf-8" if textual else media, data)
