"""Store: what a SPARQL query asks for, read from its parse tree, and the `Store.query` options that follow.

`query_options` parses a query once (rdflib's SPARQL grammar, no evaluation) to find its dataset
(`FROM`/`FROM NAMED`) and any federated `SERVICE` call, so the union default graph is used only when
the query states no dataset, and `kg serve` refuses federation from the parsed query, not its text.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
PARSE_RECURSION_LIMIT = 50_000
_PARSE_LOCK = threading.Lock()


class UnparsedQuery(QueryError):
    """The query does not parse, so what it asks for cannot be checked; carries the position."""

    def __init__(self, detail: str, line: int, column: int) -> None:
        super().__init__(f"SPARQL syntax error at line {line}, column {column}: {detail}")
        self.detail = detail
        self.line = line
        self.column = column


class FederatedQuery(QueryError):
    """The query calls another endpoint (`SERVICE`), which the caller does not allow."""


@dataclass(frozen=True, slots=True)
class QueryOptions:
    """Keyword arguments for `pyoxigraph.Store.query` that give a query the dataset it asks for."""

    use_default_graph_as_union: bool
    default_graph: list[Graph] | None = None
    named_graphs: list[ox.NamedNode | ox.BlankNode] | None = None

    def kwargs(self) -> dict[str, Any]:
        """The options as keyword arguments."""
        return {
            "use_default_graph_as_union": self.use_default_graph_as_union,
            "default_graph": self.default_graph,
            "named_graphs": self.named_graphs,
        }


def _nodes(tree: object) -> Iterator[str]:
    """Names of every grammar node (rdflib `CompValue`) in a parse tree, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _iri(value: str, parameter: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as err:
        raise QueryError(f"{parameter} {value!r} is not an absolute IRI ({err}); pass a graph IRI") from None


# One token of a query as Oxigraph reads it, for the keyword pre-pass. Order matters: comments,
# strings and IRIs first (a `#` or a quote inside them is text), then variables and language tags,
# then runs of name characters (with the PN_LOCAL escapes such as `\#` and `\'`, which open no
# comment or string). Anything else is one character of punctuation.
_NAME_CHARS = r"\w\u00b7\u0300-\u036f\u203f\u2040"
_TOKEN = re.compile(
    r"(?P<skip>#[^\r\n]*"
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    rf"|[?$][{_NAME_CHARS}]+"
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    rf"|(?P<word>(?:[{_NAME_CHARS}\-.:%]|\\[_~.\-!$&'()*+,;=/?#@%])+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_UNICODE_ESCAPE = re.compile(r"\\[uU]")


def _mentions(keyword: str, sparql: str) -> bool:
    """Whether `keyword` may be a keyword of the query: False only where it provably is not one.

    A lexical pass, far cheaper than a parse. Oxigraph reads a keyword only in a run of name
    characters that is not a variable, a language tag or the local part of a prefixed name (the
    `From` of `prov:wasDerivedFrom`), and never in a comment (ended by LF or CR, as Oxigraph ends
    them), a string or an IRI. Within such a run the keyword is looked for anywhere: Oxigraph's
    grammar takes a keyword glued to the token before it (`ASKFROM`, `1SERVICE`). A query with a
    `\\u` escape is searched as plain text instead: Oxigraph expands escapes inside strings and IRIs,
    so an escaped quote could end a string here that Oxigraph does not end. Unicode case folding
    makes the search a superset of Oxigraph's ASCII case-insensitive keywords.

    >>> _mentions("service", "SELECT * { SeRvIcE <x> {} }"), _mentions("from", "SELECT * { ?s ?p ?o }")
    (True, False)
    >>> _mentions("from", "SELECT * { ?m prov:wasDerivedFrom ?d } # FROM <g>")
    False
    >>> _mentions("from", "ASKFROM <g> {}")
    True
    """
    pattern = re.compile(re.escape(keyword), re.IGNORECASE)
    if pattern.search(sparql) is None:
        return False
    if _UNICODE_ESCAPE.search(sparql):
        return True
    for m in _TOKEN.finditer(sparql):
        word = m["word"]
        # in a prefixed name or a blank node label, all after the first colon is its local part
        if word is not None and pattern.search(word.split(":", 1)[0]):
            return True
    return False


def _parse(sparql: str, *, expand_escapes: bool) -> object:
    """rdflib's parse tree of a query, lexed as Oxigraph lexes it.

    Oxigraph ends a comment at CR as well as LF (rdflib only at LF: a CR-separated SERVICE would hide
    in a comment), and reads `\\u` escapes only inside strings and IRIs (rdflib expands them everywhere
    first, so an escaped quote could open a string or comment that Oxigraph does not see). So CRs
    become LFs (which changes no token), and escapes are expanded only when asked.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import Query, expandUnicodeEscapes

    text = sparql.replace("\r\n", "\n").replace("\r", "\n")
    if expand_escapes:
        text = expandUnicodeEscapes(text)
    try:
        with _PARSE_LOCK:  # pyparsing recurses about 40 frames per triple pattern of a group
            limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(limit, PARSE_RECURSION_LIMIT))
            try:
                return Query.parse_string(text, parse_all=True)
            finally:
                sys.setrecursionlimit(limit)
    except ParseBaseException as err:
        raise UnparsedQuery(err.msg, err.lineno, err.col) from None
    except RecursionError:
        raise UnparsedQuery(
            "the query nests too deeply (or has too many triple patterns in one group) to be checked; "
            "split it up",
            1,
            1,
        ) from None


def _explain(err: UnparsedQuery, sparql: str) -> UnparsedQuery:
    """Say so when only `\\u` escapes stop the check (they are read as Oxigraph reads them)."""
    if "\\u" not in sparql.lower():
        return err
    try:
        _parse(sparql, expand_escapes=True)
    except UnparsedQuery:
        return err
    detail = f"{err.detail} (\\u escapes cannot be checked here: write the characters themselves)"
    return UnparsedQuery(detail, err.line, err.column)


def warm_up() -> None:
    """Build rdflib's SPARQL grammar now (about 0.4 s), so the first query that needs a parse does
    not pay for it inside its time limit."""
    query_options("ASK FROM <urn:x-unkg:warm-up> {}", allow_service=False)


def query_options(
    sparql: str,
    *,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    allow_service: bool = True,
) -> QueryOptions:
    """Parse `sparql` (not run it) and return the options that give it the dataset it asks for.

    The parse is skipped when the text does not contain `from` (nor `service`, when refused) at all.

    The SPARQL 1.1 Protocol's `default-graph-uri`/`named-graph-uri` win over the query's own
    `FROM`/`FROM NAMED`, which win over the store's union of all graphs (used only when neither
    states a dataset).

    Args:
        sparql: the query text (undeclared prefixes are fine: names are not resolved here).
        default_graphs: `default-graph-uri` values.
        named_graphs: `named-graph-uri` values.
        allow_service: False to refuse a federated `SERVICE` call anywhere in the query.

    Returns:
        The `Store.query` options.

    Raises:
        UnparsedQuery: the query does not parse (or nests too deeply to check).
        FederatedQuery: a `SERVICE` call when `allow_service` is False.
        QueryError: a protocol graph that is not an absolute IRI.

    Example:
        >>> query_options("SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }").use_default_graph_as_union
        False
        >>> query_options("SELECT * WHERE { ?s ?p ?o }").use_default_graph_as_union
        True
    """
    dataset = bool(default_graphs or named_graphs)
    protocol = QueryOptions(
        False,
        [_iri(g, "default-graph-uri") for g in default_graphs] or None,
        [_iri(g, "named-graph-uri") for g in named_graphs] or None,
    )
    check_service = not allow_service and _mentions("service", sparql)
    if not check_service and (dataset or not _mentions("from", sparql)):
        return protocol if dataset else QueryOptions(use_default_graph_as_union=True)
    try:
        tree = _parse(sparql, expand_escapes=False)
    except UnparsedQuery as err:
        if not allow_service:
            raise _explain(err, sparql) from None
        tree = _parse(sparql, expand_escapes=True)  # SPARQL 1.1's \u escapes, for the dataset only
    names = set(_nodes(tree))
    if not allow_service and "ServiceGraphPattern" in names:
        raise FederatedQuery(
            "federated queries (SERVICE) are not allowed: this endpoint only queries its own store"
        )
    if dataset:
        return protocol
    return QueryOptions(use_default_graph_as_union="DatasetClause" not in names)


def run(
    store: ox.Store,
    sparql: str,
    *,
    prefixes: dict[str, str] | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    allow_service: bool = True,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query on the dataset it asks for (see `query_options`); return pyoxigraph's result.

    A query this module cannot parse is given to Oxigraph only to report its own syntax error (and
    only when SERVICE is allowed); one that Oxigraph accepts anyway is refused, not run on a
    guessed dataset.

    Raises:
        SyntaxError: Oxigraph's syntax error.
        QueryError: see `query_options`.
    """
    try:
        opts = query_options(
            sparql, default_graphs=default_graphs, named_graphs=named_graphs, allow_service=allow_service
        )
    except UnparsedQuery as err:
        if not allow_service:
            raise  # never hand an unchecked query to Oxigraph: it may call out
        store.query(sparql, prefixes=prefixes, use_default_graph_as_union=False)
        raise QueryError(
            f"{err} (Oxigraph accepts this query but unkg cannot check which graphs it reads; "
            "write it in standard SPARQL 1.1)"
        ) from None
    return store.query(sparql, prefixes=prefixes, **opts.kwargs())
