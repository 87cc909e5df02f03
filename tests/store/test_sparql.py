"""`kg.store.sparql`: a query's dataset (FROM/FROM NAMED) and SERVICE calls, read from its parse tree."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import QueryError
from kg.store import sparql as sparql_module
from kg.store.backend import GraphStore
from kg.store.query import run_query
from kg.store.sparql import FederatedQuery, UnparsedQuery, query_options

X = "http://example.org/"
G1, G2 = f"{X}g1", f"{X}g2"
COUNT = "SELECT (COUNT(*) AS ?n) {from_} WHERE {{ ?s ?p ?o }}"


def two_graph_store() -> GraphStore:
    """Two named graphs (2 and 3 triples), nothing in the default graph, as `kg build` writes."""
    store = GraphStore.open()
    for graph, subjects in ((G1, "ab"), (G2, "cde")):
        for s in subjects:
            store.store.add(
                ox.Quad(ox.NamedNode(X + s), ox.NamedNode(X + "p"), ox.Literal(s), ox.NamedNode(graph))
            )
    return store


@pytest.mark.parametrize(
    ("from_", "expected"),
    [
        ("", 5),  # no dataset: the union of all graphs
        (f"FROM <{G1}>", 2),
        (f"FROM <{G2}>", 3),
        (f"FROM <{G1}> FROM <{G2}>", 5),
        (f"FROM NAMED <{G1}>", 0),  # named graphs only: the default graph is empty
    ],
)
def test_sparql_from_clause_sets_the_default_graph(from_: str, expected: int) -> None:
    store = two_graph_store()
    query = COUNT.format(from_=from_)
    assert store.select(query) == [{"n": expected}]
    assert run_query(store, query)[1] == [{"n": expected}]


def test_sparql_from_named_limits_graph_patterns() -> None:
    store = two_graph_store()
    query = f"SELECT DISTINCT ?g FROM NAMED <{G2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert run_query(store, query)[1] == [{"g": G2}]
    assert store.ask(f"ASK FROM <{G1}> {{ <{X}c> ?p ?o }}") is False
    assert store.ask(f"ASK {{ <{X}c> ?p ?o }}") is True


def test_sparql_protocol_graphs_win_over_from() -> None:
    opts = query_options(f"SELECT * FROM <{G1}> {{ ?s ?p ?o }}", default_graphs=[G2])
    assert opts.use_default_graph_as_union is False
    assert opts.default_graph == [ox.NamedNode(G2)] and opts.named_graphs is None
    opts = query_options("SELECT * { ?s ?p ?o }", named_graphs=[G1])
    assert opts.default_graph is None and opts.named_graphs == [ox.NamedNode(G1)]


@pytest.mark.parametrize("bad", ["not an iri", "<http://x/>", "http://x/a b", ""])
def test_sparql_bad_protocol_graph_is_a_query_error(bad: str) -> None:
    with pytest.raises(QueryError, match="absolute IRI"):
        query_options("SELECT * { ?s ?p ?o }", default_graphs=[bad])
    with pytest.raises(QueryError, match="named-graph-uri"):
        query_options("SELECT * { ?s ?p ?o }", named_graphs=[bad])


SERVICE_CALLS = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?q ?r } }",
    # an escaped `#` in a prefixed name is not a comment: the SERVICE on the same line is real
    "PREFIX ex: <http://x/> SELECT * WHERE { ex:a\\#b ?p ?o \n SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT ?s WHERE { OPTIONAL { SERVICE <http://e.example/> { ?s ?p ?o } } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://e.example/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { { SERVICE <http://e.example/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://e.example/> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { SERVICE <http://e.example/> { ?s ?p ?o } } } }",
    "ASK { SERVICE <http://e.example/> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://e.example/> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <http://e.example/> { ?s ?p ?o } }",
    "SELECT * WHERE {\n  # a comment\n  SeRvIcE\n<http://e.example/>\n{ ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", SERVICE_CALLS)
def test_sparql_service_anywhere_is_found(query: str) -> None:
    with pytest.raises(FederatedQuery, match="SERVICE"):
        query_options(query, allow_service=False)
    query_options(query)  # allowed where the caller allows it (kg query on one's own machine)


NOT_SERVICE_CALLS = [
    'SELECT ?x WHERE { BIND("SERVICE <http://e.example/> { }" AS ?x) }',
    "SELECT ?service WHERE { ?service <http://x/SERVICE> ?o } # SERVICE <http://e.example/> { }",
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:SERVICE ?o }",
    "SELECT * WHERE { ?s ?p '''SERVICE <http://e.example/> {\n?s ?p ?o }''' }",
]


@pytest.mark.parametrize("query", NOT_SERVICE_CALLS)
def test_sparql_service_in_strings_comments_and_names_is_allowed(query: str) -> None:
    assert query_options(query, allow_service=False).use_default_graph_as_union is True


def test_sparql_query_the_parser_cannot_read_is_refused_not_run() -> None:
    # valid SPARQL that rdflib's grammar rejects (its SERVICE handling re-reads the text): refused
    query = "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:a\\#b ?o . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    with pytest.raises(UnparsedQuery):
        query_options(query, allow_service=False)


def test_sparql_query_without_the_keywords_needs_no_parse() -> None:
    # no `from`/`service` anywhere: nothing to check, Oxigraph reports its own syntax errors
    assert query_options("SELECT * WHERE { ?s ?p }", allow_service=False).use_default_graph_as_union
    with pytest.raises(QueryError, match="line 1, column"):
        run_query(two_graph_store(), "SELECT * WHERE { ?s ?p }")


def test_sparql_unparsable_query_is_refused_with_its_position() -> None:
    with pytest.raises(UnparsedQuery) as err:
        query_options("SELECT * FROM <http://x/g> WHERE {\n ?s ?p }", allow_service=False)
    assert err.value.line == 2  # pyparsing reports where the failed alternative began
    with pytest.raises(UnparsedQuery, match="too deeply"):
        query_options("SELECT * FROM <http://x/g> WHERE { " + "{ " * 5000 + "}" * 5000 + " }")


def test_sparql_from_on_the_sample_counts_one_graph(sample_build: Path) -> None:
    store = GraphStore.open_read_only(sample_build / "store")
    run_graph = "https://unkg.org/id/graph/run"
    expected = len(list(store.store.quads_for_pattern(None, None, None, ox.NamedNode(run_graph))))
    assert 0 < expected < len(store)
    query = f"SELECT (COUNT(*) AS ?n) FROM <{run_graph}> WHERE {{ ?s ?p ?o }}"
    assert run_query(store, query)[1] == [{"n": expected}]
    assert store.select(query) == [{"n": expected}]
    assert run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1] == [{"n": len(store)}]


def test_sparql_cli_query_honours_from(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = GraphStore.open_read_only(sample_build / "store")
    run_graph = "https://unkg.org/id/graph/run"
    expected = len(list(store.store.quads_for_pattern(None, None, None, ox.NamedNode(run_graph))))
    del store
    query = f"SELECT (COUNT(*) AS ?n) FROM <{run_graph}> WHERE {{ ?s ?p ?o }}"
    argv = ["query", query, "--store", str(sample_build / "store"), "--format", "csv"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == ["n", str(expected)]


def test_sparql_comment_ends_at_carriage_return_as_in_oxigraph() -> None:
    # Oxigraph ends a comment at CR: the SERVICE after it is a call, not part of the comment
    query = "SELECT * WHERE { VALUES ?x { 1 } # note\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}"
    with pytest.raises(FederatedQuery):
        query_options(query, allow_service=False)


@pytest.mark.parametrize(
    "query",
    [
        # Oxigraph reads \u0022 as a quote inside the string; expanded first, it would close the
        # string and turn the rest of the line, SERVICE included, into a comment
        'SELECT * WHERE { ?s ?p "\\u0022 #" . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } \n }',
        "SELECT * WHERE { ?s ?p '\\u0027 #' . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } \n }",
        'SELECT * WHERE { ?s ?p "\\U00000022 #" . SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } \n }',
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/\\u0073parql> { ?s ?p ?o } }",  # in the IRI
    ],
)
def test_sparql_unicode_escapes_cannot_hide_service(query: str) -> None:
    with pytest.raises(QueryError):
        query_options(query, allow_service=False)


def test_sparql_unicode_escape_in_a_string_is_explained_or_honoured() -> None:
    assert query_options('SELECT ?x WHERE { BIND("\\u4E2D" AS ?x) }', allow_service=False)  # no parse needed
    query = f'SELECT ?x FROM <{G1}> WHERE {{ BIND("\\u4E2D" AS ?x) }}'
    with pytest.raises(UnparsedQuery, match="write the characters themselves"):
        query_options(query, allow_service=False)
    assert run_query(two_graph_store(), query)[1] == [{"x": "中"}]  # kg query: fine


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { VALUES ?x { "1"^^<http://www.w3.org/2001/XMLSchema#integer> } }',
        "SELECT * WHERE { ?s <http://x/#p> ?o }",
        "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:a\\#b ?o } # note\r\n",
        "SELECT * WHERE { ?s ?p ?o . ?s ?p ?o2 . ?s ?p ?o3 . ?s ?p ?o4 . ?s ?p ?o5 . ?s ?p ?o6 . }",
    ],
)
def test_sparql_hashes_in_iris_and_names_are_not_comments(query: str) -> None:
    assert query_options(query, allow_service=False).use_default_graph_as_union is True


def test_sparql_many_triple_patterns_can_be_checked() -> None:
    query = "SELECT * WHERE { " + " ".join(f"?s <http://x/p{i}> ?o{i} ." for i in range(300)) + " }"
    assert query_options(query, allow_service=False).use_default_graph_as_union is True


@pytest.mark.parametrize(
    "query",
    [
        # Oxigraph's grammar takes a keyword glued to the token before it: no word boundary needed
        "SELECT * WHERE { VALUES ?x { 1 } ?s ?p 1SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?x { 1 } FILTER(true)SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_sparql_service_glued_to_a_token_is_refused(query: str) -> None:
    with pytest.raises(QueryError):
        query_options(query, allow_service=False)


def test_sparql_from_glued_to_a_keyword_is_not_run_on_the_union() -> None:
    store = two_graph_store()
    assert store.ask(f"ASK FROM <{G1}> {{ <{X}c> ?p ?o }}") is False
    with pytest.raises(QueryError, match="cannot check which graphs"):
        store.ask(f"ASKFROM <{G1}> {{ <{X}c> ?p ?o }}")  # Oxigraph accepts it; rdflib does not


# Keyword-like text Oxigraph never reads as a keyword: the cheap pre-pass settles these without
# rdflib's parse (which costs up to 0.2 s on a long query).
NO_KEYWORD = [
    "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT * WHERE { ?m prov:wasDerivedFrom ?d }",
    "SELECT ?fromDate ?service WHERE { ?s <http://x/from> ?fromDate ; <http://x/SERVICE> $service }",
    "SELECT * WHERE { ?s ?p 'FROM <g>' , \"SERVICE <http://e.example/> {}\" } # FROM <g> SERVICE",
    "PREFIX ex: <http://x/> SELECT * WHERE { _:service ex:from ex:SERVICE }",
    "PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:a\\#FROM ?o ; ex:b\\'SERVICE ?p }",
    'SELECT * WHERE { ?s ?p """SERVICE\n<http://e.example/> {}"""@en-from }',
]


@pytest.mark.parametrize("query", NO_KEYWORD)
def test_sparql_keywords_in_names_strings_and_comments_need_no_parse(
    query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_parse(sparql: str, *, expand_escapes: bool) -> object:
        raise AssertionError("parsed a query the pre-pass should have settled")

    monkeypatch.setattr(sparql_module, "_parse", no_parse)
    assert query_options(query, allow_service=False).use_default_graph_as_union is True


def test_sparql_canned_queries_need_no_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.store.query import canned_queries

    def no_parse(sparql: str, *, expand_escapes: bool) -> object:
        raise AssertionError("parsed a canned query")

    monkeypatch.setattr(sparql_module, "_parse", no_parse)
    for cq in canned_queries().values():
        assert query_options(cq.render(), allow_service=False).use_default_graph_as_union is True


# Text before the keyword that Oxigraph ends a token at: the keyword is read, so it must be found.
_BEFORE = [
    "",
    " ",
    "*",
    ")",
    "?x ",
    "?x\n",
    "# c\n",
    "# c\r",
    "'s' ",
    '"""a\n"""',
    "<http://x/#a>",
    "1",
    "true",
]


@pytest.mark.parametrize("before", _BEFORE)
def test_sparql_pre_pass_finds_every_keyword_the_parser_finds(before: str) -> None:
    for query in (
        f"SELECT *{before}FROM <{G1}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ ?s ?p ?o {before}SERVICE <http://127.0.0.1:9/> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{X}> SELECT * WHERE {{ ?s ?p ex:o . {before}SeRvIcE ex:e {{ }} }}",
        f"ASK{before}from named <{G1}> {{ }}",
    ):
        keyword = "service" if "SeRvIcE" in query or "SERVICE" in query else "from"
        try:
            names = set(sparql_module._nodes(sparql_module._parse(query, expand_escapes=False)))
        except UnparsedQuery:
            names = set()  # rdflib does not read it; Oxigraph may: the pre-pass must still say so
        assert sparql_module._mentions(keyword, query), (query, names)


def test_sparql_warm_up_builds_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    # kg serve's workers call it before their first query: it must really parse (a query without
    # FROM or SERVICE needs no parse, so would build nothing)
    parsed: list[str] = []
    real = sparql_module._parse

    def spy(sparql: str, *, expand_escapes: bool) -> object:
        parsed.append(sparql)
        return real(sparql, expand_escapes=expand_escapes)

    monkeypatch.setattr(sparql_module, "_parse", spy)
    sparql_module.warm_up()
    assert parsed
