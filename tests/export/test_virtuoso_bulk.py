"""Virtuoso's own bulk loader reads graph.ttl and graph.trig as the same triples as graph.nq.

Virtuoso keeps the backslash of an escaped prefixed name (`id:doc\\/x`), so this is the check that
the Turtle exports load into a store as they are meant to.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.store import virtuoso

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
GRAPH_TTL = "urn:unkg-test:ttl"


@pytest.fixture(scope="module")
def vos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.Virtuoso]:
    binary = virtuoso.virtuoso_binary()
    if binary is None or shutil.which("isql-vt") is None:
        pytest.skip("virtuoso-t/isql-vt not found: install the Debian package virtuoso-opensource")
    server = virtuoso.start_virtuoso(tmp_path_factory.mktemp("virtuoso-bulk"), binary)
    yield server
    server.stop()


def _isql(vos: virtuoso.Virtuoso, sql: str) -> None:
    isql = shutil.which("isql-vt")
    assert isql is not None
    done = subprocess.run(
        [isql, f"127.0.0.1:{vos.sql_port}", virtuoso.USER, virtuoso.PASSWORD, f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr


def _key(term: dict[str, str]) -> tuple[str, ...]:
    if term["type"] == "uri":
        return ("uri", term["value"])
    datatype, value = term.get("datatype", ""), term["value"]
    if datatype == XSD_BOOLEAN:  # Virtuoso stores booleans as 1 / 0: compare them by value
        value = {"1": "true", "0": "false"}.get(value, value)
    return ("literal", value, term.get("xml:lang", ""), "" if datatype == XSD_STRING else datatype)


def _ox_key(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple) -> tuple[str, ...]:
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    assert isinstance(term, ox.Literal)
    datatype = "" if term.language or term.datatype.value == XSD_STRING else term.datatype.value
    return ("literal", term.value, term.language or "", datatype)


def _select(vos: virtuoso.Virtuoso, sparql: str) -> set[tuple[tuple[str, ...], ...]]:
    query = urllib.parse.urlencode({"query": sparql})
    req = urllib.request.Request(
        f"{vos.sparql_url}?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        result = json.loads(r.read())
    names = result["head"]["vars"]
    return {tuple(_key(b[n]) for n in names) for b in result["results"]["bindings"]}


@pytest.mark.external
def test_virtuoso_bulk_loads_turtle_and_trig_as_the_nquads(vos: virtuoso.Virtuoso, small_build: Path) -> None:
    folder = vos.folder / "exports"
    folder.mkdir()
    for name in ("graph.ttl", "graph.trig"):
        shutil.copy(small_build / name, folder / name)
    _isql(vos, f"DB.DBA.TTLP(file_to_string_output('{folder}/graph.ttl'), '', '{GRAPH_TTL}', 0);")
    _isql(vos, f"ld_dir('{folder}', 'graph.trig', 'urn:unkg-test:default'); rdf_loader_run();")

    quads = list(ox.parse(path=small_build / "graph.nq", format=ox.RdfFormat.N_QUADS))
    triples = {(_ox_key(q.subject), _ox_key(q.predicate), _ox_key(q.object)) for q in quads}
    loaded = _select(vos, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{GRAPH_TTL}> {{ ?s ?p ?o }} }}")
    assert loaded == triples, (sorted(loaded - triples)[:3], sorted(triples - loaded)[:3])

    expected = {
        (*t, ("uri", q.graph_name.value))
        for q in quads
        for t in [(_ox_key(q.subject), _ox_key(q.predicate), _ox_key(q.object))]
    }
    graphs = {q.graph_name.value for q in quads}
    values = " ".join(f"<{g}>" for g in sorted(graphs))
    loaded_quads = _select(
        vos, f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert loaded_quads == expected, (
        sorted(loaded_quads - expected)[:3],
        sorted(expected - loaded_quads)[:3],
    )
