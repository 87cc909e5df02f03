"""Store: what a SPARQL query asks for, read from its parse tree, and the `Store.query` options that follow.

`query_options` parses a query once (rdflib's SPARQL grammar, no evaluation) to find its dataset
(`FROM`/`FROM NAMED`) and any federated `SERVICE` call, so the union default graph is used only when
the query states no dataset, and `kg serve` refuses federation from the parsed query, not its text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


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


def query_options(
    sparql: str,
    *,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    allow_service: bool = True,
) -> QueryOptions:
    """Parse `sparql` (not run it) and return the options that give it the dataset it asks for.

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
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(sparql)
    except ParseBaseException as err:
        raise UnparsedQuery(err.msg, err.lineno, err.col) from None
    except RecursionError:
        raise UnparsedQuery(
            "the query nests too deeply (or has too many triple patterns in one group) to be checked; "
            "split it up",
            1,
            1,
        ) from None
    names = set(_nodes(tree))
    if not allow_service and "ServiceGraphPattern" in names:
        raise FederatedQuery(
            "federated queries (SERVICE) are not allowed: this endpoint only queries its own store"
        )
    if default_graphs or named_graphs:
        return QueryOptions(
            False,
            [_iri(g, "default-graph-uri") for g in default_graphs] or None,
            [_iri(g, "named-graph-uri") for g in named_graphs] or None,
        )
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
