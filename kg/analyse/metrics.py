"""Analyse stage, metrics: networkx graphs (from `kg.analyse.project`) -> ranked, typed results.

Every result is sorted with an explicit tie-break (score, then key), and the randomised
algorithm (Louvain) runs with a fixed seed, so the same graph gives the same result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from kg.analyse.project import Labels, MentionKind, Selectable, add_node, read_labels, read_mentions, select
from kg.errors import QueryError


@dataclass(frozen=True, slots=True)
class Ranked:
    """One row of a ranking: a node, its display label and key, and its score(s)."""

    node: str
    label: str
    key: str
    score: float
    count: int = 0  # a second, integer measure (documents, programmes...) where there is one


def pagerank(
    g: nx.DiGraph, alpha: float = 0.85, weight: str | None = "weight", tol: float = 1.0e-10
) -> dict[str, float]:
    """PageRank by power iteration (pure Python; no SciPy needed).

    Same definition as `networkx.pagerank`: a dangling node's rank is spread over all nodes.

    Example:
        >>> g = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "a")])
        >>> r = pagerank(g)
        >>> sorted(r, key=r.get, reverse=True)
        ['c', 'a', 'b']
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    out_w = {
        u: sum(d.get(weight, 1) if weight else 1 for _, _, d in g.out_edges(u, data=True)) for u in nodes
    }
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(1000):
        dangling = alpha * sum(rank[u] for u in nodes if out_w[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if out_w[u]:
                share = alpha * rank[u] / out_w[u]
                for _, v, d in g.out_edges(u, data=True):
                    new[v] += share * (d.get(weight, 1) if weight else 1)
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


def _ranked(
    g: nx.Graph, scores: Mapping[str, float], counts: Mapping[str, int] | None = None
) -> list[Ranked]:
    rows = [
        Ranked(
            n,
            str(g.nodes[n].get("label", n)),
            str(g.nodes[n].get("key", n)),
            float(s),
            (counts or {}).get(n, 0),
        )
        for n, s in scores.items()
    ]
    return sorted(rows, key=lambda r: (-r.score, -r.count, r.key, r.node))


def has_citation_chains(citations: nx.DiGraph) -> bool:
    """Whether some cited node cites in turn (a path of two edges), so PageRank can differ from in-degree.

    In a citation network of one level (documents and programmes -> resolutions they cite, none
    of which is itself in the corpus) PageRank only redistributes each citer's vote by its
    out-degree: a resolution cited by one programme with one mandate outranks one cited by nine
    programmes with many. It adds nothing there, and the ranking falls back to in-degree.
    """
    return any(any(w != v for w in citations.successors(v)) for u, v in citations.edges if u != v)


def resolution_centrality(citations: nx.DiGraph) -> list[Ranked]:
    """Rank cited UN documents (`kind="work"` and cited documents) of a `citation_network`.

    `count` is the in-degree (how many distinct documents and programmes cite or are mandated by
    it). `score` is PageRank over the whole citation network when it has citation chains
    (`has_citation_chains`), else the in-degree itself, so the ranking is by in-degree. Only nodes
    with in-degree > 0.
    """
    indeg = {n: int(d) for n, d in citations.in_degree() if d > 0}
    if not has_citation_chains(citations):
        return _ranked(citations, {n: float(d) for n, d in indeg.items()}, indeg)
    pr = pagerank(citations)
    return _ranked(citations, {n: pr[n] for n in indeg}, indeg)


def top_mandates(bipartite: nx.Graph) -> list[Ranked]:
    """Mandates (`kind="work"` of `programme_mandates`) ranked by how many programmes cite them."""
    deg = {n: int(bipartite.degree(n)) for n, k in bipartite.nodes(data="kind") if k == "work"}
    return _ranked(bipartite, {n: float(d) for n, d in deg.items()}, deg)


@dataclass(frozen=True, slots=True)
class Pair:
    """Two nodes and the weight linking them (Jaccard, co-mentions...)."""

    a: str
    b: str
    label_a: str
    label_b: str
    weight: float
    count: int
    detail: str = ""


def ranked_pairs(g: nx.Graph, count_attr: str = "shared", detail_attr: str = "shared_keys") -> list[Pair]:
    """Edges of `g` ranked by weight, then count, then labels (e.g. programme pairs by Jaccard)."""
    rows = []
    for a, b, d in g.edges(data=True):
        a, b = sorted((a, b), key=lambda n: (natural_key(str(g.nodes[n].get("label", n))), n))
        rows.append(
            Pair(
                a,
                b,
                str(g.nodes[a].get("label", a)),
                str(g.nodes[b].get("label", b)),
                float(d.get("weight", 1)),
                int(d.get(count_attr, d.get("weight", 1))),
                str(d.get(detail_attr, "")),
            )
        )
    return sorted(
        rows, key=lambda p: (-p.weight, -p.count, natural_key(p.label_a), natural_key(p.label_b), p.a, p.b)
    )


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key that orders numbers by value: "Programme 7" before "Programme 18".

    Example:
        >>> sorted(["Programme 18", "Programme 7"], key=natural_key)
        ['Programme 7', 'Programme 18']
    """
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text) if part
    )


def most_mentioned(mentions: nx.Graph, kind: str) -> list[Ranked]:
    """Nodes of `kind` in a `mention_graph`, ranked by mentions (`score`) and documents (`count`)."""
    scores = {
        n: float(sum(d.get("weight", 1) for _, _, d in mentions.edges(n, data=True)))
        for n, k in mentions.nodes(data="kind")
        if k == kind
    }
    counts = {n: int(mentions.degree(n)) for n in scores}
    return _ranked(mentions, scores, counts)


def communities(
    g: nx.Graph, seed: int = 0, weight: str = "weight", resolution: float = 1.0
) -> list[frozenset[str]]:
    """Louvain communities of an undirected graph, largest first (ties: smallest member).

    Isolated nodes are their own communities. Deterministic for a given seed.
    """
    if g.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(g, weight=weight, resolution=resolution, seed=seed)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c)))


def label_communities(g: nx.Graph, parts: list[frozenset[str]]) -> None:
    """Set node attribute `community` (0 = largest) from `communities(g)`."""
    for i, part in enumerate(parts):
        for n in part:
            g.nodes[n]["community"] = i


# --- comparing documents --------------------------------------------------------------------------

COMPARED_KINDS: tuple[MentionKind, ...] = ("country", "entity", "citation")


@dataclass(frozen=True, slots=True)
class Difference:
    """What two documents mention of one kind: items only in A, only in B, and in both.

    Each item is `(key, label, mentions in A, mentions in B)`, sorted by mentions then key.
    """

    kind: str
    only_a: tuple[tuple[str, str, int, int], ...]
    only_b: tuple[tuple[str, str, int, int], ...]
    both: tuple[tuple[str, str, int, int], ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """The differences between documents A and B (by document id), one per kind."""

    doc_a: str
    doc_b: str
    differences: tuple[Difference, ...]


_DOC_IDS_QUERY = "SELECT ?doc ?id WHERE { ?doc a kg:SourceDocument ; kg:docId ?id . } ORDER BY ?id"


def document_ids(store: Selectable) -> dict[str, str]:
    """Document id (file stem) -> IRI of every source document, sorted by id."""
    return {str(r["id"]): str(r["doc"]) for r in select(store, _DOC_IDS_QUERY)}


def compare_documents(
    store: Selectable,
    doc_a: str,
    doc_b: str,
    kinds: tuple[MentionKind, ...] = COMPARED_KINDS,
    labels: Mapping[str, Labels] | None = None,
) -> Comparison:
    """What document `doc_a` mentions that `doc_b` does not, and the reverse, with counts.

    Args:
        doc_a, doc_b: document ids (file stems, kg:docId).
        kinds: mention kinds to compare (countries, UN entities, cited documents).

    Raises:
        QueryError: a document id is not in the store (the message lists those that are).
    """
    ids = document_ids(store)
    for d in (doc_a, doc_b):
        if d not in ids:
            raise QueryError(f"no document {d!r} in the store; available: {', '.join(ids) or '(none)'}")
    labels = read_labels(store) if labels is None else labels
    diffs = []
    for kind in kinds:
        ca: Counter[str] = Counter()
        cb: Counter[str] = Counter()
        for r in read_mentions(store, kind):
            if r.doc == ids[doc_a]:
                ca[r.body] += 1
            elif r.doc == ids[doc_b]:
                cb[r.body] += 1
        g = nx.Graph()
        for n in sorted(set(ca) | set(cb)):
            add_node(g, n, kind, labels)
        only_a, only_b, both = set(ca) - set(cb), set(cb) - set(ca), set(ca) & set(cb)
        diffs.append(
            Difference(kind, _items(g, only_a, ca, cb), _items(g, only_b, ca, cb), _items(g, both, ca, cb))
        )
    return Comparison(doc_a, doc_b, tuple(diffs))


def _items(
    g: nx.Graph, nodes: set[str], ca: Counter[str], cb: Counter[str]
) -> tuple[tuple[str, str, int, int], ...]:
    rows = [(str(g.nodes[n]["key"]), str(g.nodes[n]["label"]), ca[n], cb[n]) for n in nodes]
    return tuple(sorted(rows, key=lambda row: (-(row[2] + row[3]), row[0], row[1])))
