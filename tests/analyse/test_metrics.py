"""Metrics on hand-built graphs: PageRank, centrality, rankings, Louvain communities, comparison."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analyse import metrics
from kg.analyse.project import citation_network, mandate_similarity, mention_graph, programme_mandates
from kg.errors import QueryError
from tests.analyse.graphs import iri, small_world

R1, R2, R3, R4 = (iri(f"document/R{n}") for n in (1, 2, 3, 4))


def test_pagerank_star_centre_ranks_first_and_sums_to_one() -> None:
    g = nx.DiGraph([(f"leaf{i}", "hub") for i in range(5)] + [("hub", "leaf0")])
    pr = metrics.pagerank(g)
    assert max(pr, key=pr.__getitem__) == "hub"
    assert sum(pr.values()) == pytest.approx(1.0)
    assert metrics.pagerank(nx.DiGraph()) == {}


def test_pagerank_agrees_with_the_linear_system() -> None:
    # networkx.pagerank needs SciPy, which the test extra does not install: solve PageRank's linear
    # system with numpy instead (a matplotlib dependency), dangling nodes linking to every node
    import numpy as np

    g = nx.gnp_random_graph(30, 0.1, seed=1, directed=True)
    nodes, alpha = sorted(g), 0.85
    n = len(nodes)
    m = np.zeros((n, n))
    for j, u in enumerate(nodes):
        out = list(g.successors(u))
        for v in out or nodes:
            m[nodes.index(v), j] = 1 / len(out or nodes)
    exact = np.linalg.solve(np.eye(n) - alpha * m, np.full(n, (1 - alpha) / n))
    ours = metrics.pagerank(g, alpha=alpha)
    assert any(g.out_degree(u) == 0 for u in g)  # the dangling rule is exercised
    for i, u in enumerate(nodes):
        assert ours[u] == pytest.approx(exact[i], abs=1e-8)


def test_resolution_centrality_orders_by_pagerank_with_in_degree() -> None:
    ranked = metrics.resolution_centrality(citation_network(small_world()))
    assert ranked[0].node == R1 and ranked[0].count == 4
    # R4 has P3's whole vote; R2 shares the votes of P1 (2 mandates) and P2 (3 mandates)
    assert [r.key for r in ranked] == ["R1", "R4", "R2", "R3", "A-1"]
    assert [r.count for r in ranked] == [4, 1, 2, 2, 1]
    assert all(r.count > 0 for r in ranked)


def test_top_mandates_ranks_by_programmes_then_key() -> None:
    ranked = metrics.top_mandates(programme_mandates(small_world()))
    assert [(r.key, r.count) for r in ranked] == [("R1", 2), ("R2", 2), ("R3", 1), ("R4", 1)]


def test_ranked_pairs_of_similarity() -> None:
    (pair,) = metrics.ranked_pairs(mandate_similarity(programme_mandates(small_world())))
    assert pair.weight == pytest.approx(2 / 3) and pair.count == 2 and pair.detail == "R1 R2"
    assert {pair.label_a, pair.label_b} == {"Programme 1", "Programme 2"}


def test_most_mentioned_countries() -> None:
    ranked = metrics.most_mentioned(mention_graph(small_world(), "country"), "country")
    assert [(r.key, int(r.score), r.count) for r in ranked] == [("CHN", 3, 2), ("FRA", 2, 2), ("USA", 1, 1)]


def test_louvain_finds_two_clear_clusters_deterministically() -> None:
    g = nx.Graph()
    left, right = ["a", "b", "c", "d"], ["w", "x", "y", "z"]
    for side in (left, right):
        g.add_edges_from((u, v) for i, u in enumerate(side) for v in side[i + 1 :])
    g.add_edge("d", "w")
    parts = metrics.communities(g, seed=0)
    assert parts == [frozenset(left), frozenset(right)]
    assert metrics.communities(g, seed=0) == parts
    metrics.label_communities(g, parts)
    assert g.nodes["a"]["community"] == 0 and g.nodes["z"]["community"] == 1
    assert metrics.communities(nx.Graph()) == []


def test_compare_documents_counts_what_one_mentions_and_the_other_not() -> None:
    comp = metrics.compare_documents(small_world(), "d1", "d2")
    by_kind = {d.kind: d for d in comp.differences}
    countries = by_kind["country"]
    assert [x[0] for x in countries.only_a] == ["USA"] and countries.only_b == ()
    assert [(x[0], x[2], x[3]) for x in countries.both] == [("CHN", 2, 1), ("FRA", 1, 1)]
    entities = by_kind["entity"]
    assert [(x[0], x[2]) for x in entities.only_a] == [("UNDP", 1)]
    cites = by_kind["citation"]
    assert [(x[0], x[2]) for x in cites.only_a] == [("R3", 1)]
    assert [(x[0], x[3]) for x in cites.only_b] == [("A-1", 1)]
    assert [(x[0], x[2], x[3]) for x in cites.both] == [("R1", 2, 1)]


def test_compare_documents_unknown_id_lists_available() -> None:
    with pytest.raises(QueryError, match=r"no document 'd9'.*available: d1, d2"):
        metrics.compare_documents(small_world(), "d1", "d9")


def test_resolution_centrality_ranks_by_in_degree_when_nothing_cited_cites() -> None:
    # one level: citers -> resolutions. X is cited once, by a citer with one citation; Y by three
    # citers with five citations each. PageRank puts X first (the whole vote of its citer).
    g = nx.DiGraph()
    g.add_edge("c0", "X")
    for i in range(1, 4):
        for j in range(5):
            g.add_edge(f"c{i}", "Y" if j == 0 else f"Z{i}{j}")
    assert not metrics.has_citation_chains(g)
    pr = metrics.pagerank(g)
    assert pr["X"] > pr["Y"]
    ranked = metrics.resolution_centrality(g)
    assert (ranked[0].node, ranked[0].count, ranked[0].score) == ("Y", 3, 3.0)
    assert [r.count for r in ranked] == sorted((r.count for r in ranked), reverse=True)


def test_citation_chains_are_paths_of_two_edges() -> None:
    assert metrics.has_citation_chains(nx.DiGraph([("a", "b"), ("b", "c")]))
    assert not metrics.has_citation_chains(nx.DiGraph([("a", "b"), ("c", "b"), ("b", "b")]))
    assert metrics.has_citation_chains(citation_network(small_world()))  # d2 cites A/1, which d1 realises
