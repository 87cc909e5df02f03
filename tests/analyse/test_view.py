"""Views for `kg visualise`: the default overview, its caps, and node details."""

from __future__ import annotations

import pytest

from kg.analyse.view import build_view, compact, node_details, overview
from kg.errors import QueryError
from tests.analyse.graphs import iri, small_world


def test_overview_joins_mandates_documents_and_mentions() -> None:
    g = overview(small_world(), mandates=10, top=10)
    kinds = {k for _, k in g.nodes(data="kind")}
    assert kinds == {"programme", "work", "document", "country", "entity"}
    assert g.edges[iri("doc/d2"), iri("doc/d2/programme/1")]["relation"] == "contains"
    assert g.edges[iri("doc/d1"), iri("country/CHN")] == {"relation": "mentions", "weight": 2}
    # d1 realises A/1: citations are drawn from the document node, not from the work
    assert g.edges[iri("doc/d1"), iri("document/R1")]["relation"] in ("cites", "mandated-by")
    assert g.has_edge(iri("doc/d2"), iri("document/A-1"))


def test_overview_caps_each_group() -> None:
    g = overview(small_world(), mandates=1, top=1)
    assert [n for n, k in g.nodes(data="kind") if k == "country"] == [iri("country/CHN")]
    works = {n for n, k in g.nodes(data="kind") if k == "work"}
    assert iri("document/R1") in works and iri("document/R4") not in works


def test_node_details_list_labels_identifiers_and_occurrences() -> None:
    # small_world mixes the profiles: the first mention of CHN is full, the others compact
    chn = iri("country/CHN")
    details = node_details(small_world(), [chn], limit=2)[chn]
    assert ("skos:prefLabel@zh", "中国") in details.properties and (
        "skos:notation",
        "CHN",
    ) in details.properties
    assert details.total == 3 and len(details.occurrences) == 2
    first = details.occurrences[0]
    assert (first.doc, first.paragraph, first.start, first.end, first.surface) == ("d1", "", 1, 3, "中国")
    assert details.occurrences[1].paragraph == "2"
    assert details.occurrences[1].surface == ""  # a compact-profile mention states no surface


def test_build_view_named_projection_and_unknown_name() -> None:
    view = build_view(small_world(), "country-co-mentions")
    assert view.graph.number_of_nodes() == 3 and "country" in view.note
    assert all("community" in d for _, d in view.graph.nodes(data=True))
    with pytest.raises(QueryError, match="available: overview, programme-mandates"):
        build_view(small_world(), "nope")


def test_compact_leaves_unknown_namespaces() -> None:
    assert compact("https://unkg.org/ontology#symbol") == "kg:symbol"
    assert compact("http://example.org/x") == "http://example.org/x"
