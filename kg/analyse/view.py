"""Analyse stage, views: GraphStore -> the graph `kg visualise` draws, with what to show per node.

The default view (`overview`) is the mandate network (programmes and the resolutions that mandate
them) joined to the documents, and the documents to the countries, UN entities and cited
documents they mention most; every group is capped so the page stays readable. `projection_view`
shows one named projection instead. `node_details` reads, for the nodes of a view, their labels,
identifiers and where in which document they were found.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from kg.analyse import metrics
from kg.analyse.project import (
    PROJECTIONS,
    Labels,
    Selectable,
    add_node,
    citation_network,
    programme_mandates,
    read_labels,
    read_mentions,
    select,
)
from kg.errors import QueryError
from kg.rdf.namespaces import PREFIXES

# Display names of node kinds, in legend order.
KIND_NAMES: dict[str, str] = {
    "programme": "Programme",
    "work": "Resolution / cited document",
    "document": "Source document",
    "section": "Section",
    "country": "Country or territory",
    "region": "Region",
    "entity": "UN entity",
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a node was found: document id, printed paragraph number, raw span, surface text."""

    doc: str
    paragraph: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class NodeDetails:
    """What the page shows for a node besides its labels: properties and occurrences."""

    properties: tuple[tuple[str, str], ...]  # (prefixed predicate, value), sorted
    occurrences: tuple[Occurrence, ...]  # first `limit`, in document and text order
    total: int  # number of occurrences in all


@dataclass(frozen=True)
class View:
    """A graph to draw, the details of its nodes, and a note saying what was left out."""

    name: str
    graph: nx.Graph
    details: Mapping[str, NodeDetails]
    note: str


def overview(
    store: Selectable,
    *,
    mandates: int = 60,
    top: int = 20,
    labels: Mapping[str, Labels] | None = None,
) -> nx.Graph:
    """The default view: mandate network + documents + their most-mentioned countries, entities, citations.

    Args:
        mandates: keep the this many mandates cited by the most programmes (ties: by symbol).
        top: keep this many countries, this many entities and this many cited documents (the
            most mentioned in the corpus).

    Returns:
        An undirected graph; edge attribute `relation` is `mandated-by`, `contains` (document ->
        programme), `mentions` or `cites`, and `weight` the number of mentions.
    """
    labels = read_labels(store) if labels is None else labels
    bip = programme_mandates(store, labels)
    keep_works = {r.node for r in metrics.top_mandates(bip)[:mandates]}
    g = nx.Graph(name="overview")
    for n, d in sorted(bip.nodes(data=True)):
        if d["kind"] == "programme" or n in keep_works:
            g.add_node(n, **{k: v for k, v in d.items() if k != "bipartite"})
    for a, b in sorted(bip.edges()):
        if a in g and b in g:
            g.add_edge(a, b, relation="mandated-by", weight=1)
    docs = metrics.document_ids(store)
    for doc_id, iri in docs.items():
        add_node(g, iri, "document", labels)
        g.nodes[iri]["key"] = doc_id
    described = select(store, "SELECT DISTINCT ?p ?d WHERE { ?p a kg:Programme ; kg:describedIn ?d . }")
    for p, d in sorted((str(r["p"]), str(r["d"])) for r in described):
        if p in g and d in g:
            g.add_edge(d, p, relation="contains", weight=1)
    for kind in ("country", "entity"):
        counts: Counter[tuple[str, str]] = Counter((r.doc, r.body) for r in read_mentions(store, kind))
        total: Counter[str] = Counter()
        for (_, body), n in counts.items():
            total[body] += n
        keep = sorted(total, key=lambda b: (-total[b], b))[:top]
        for b in sorted(keep):
            add_node(g, b, kind, labels)
        for (doc, body), n in sorted(counts.items()):
            if body in keep:
                g.add_edge(doc, body, relation="mentions", weight=n)
    cites = citation_network(store, labels)
    doc_nodes = {n for n, k in cites.nodes(data="kind") if k == "document"}
    by_docs = {
        w: sum(1 for u in cites.predecessors(w) if u in doc_nodes)
        for w, k in cites.nodes(data="kind")
        if k != "programme"
    }
    keep_cited = sorted((w for w, c in by_docs.items() if c), key=lambda w: (-by_docs[w], w))[:top]
    realised = _realised(store)
    for w in sorted(keep_cited):
        if w not in g:
            add_node(g, w, "work", labels)
        for u in sorted(cites.predecessors(w)):
            if u in doc_nodes:
                doc = realised.get(u, u)
                if doc in g and doc != w:
                    g.add_edge(doc, w, relation="cites", weight=int(cites.edges[u, w]["weight"]))
    return g


def _realised(store: Selectable) -> dict[str, str]:
    """Work realised -> source document (to draw citations from the document node)."""
    rows = select(store, "SELECT ?d ?w WHERE { ?d a kg:SourceDocument ; kg:realizes ?w . }")
    return {str(r["w"]): str(r["d"]) for r in sorted(rows, key=lambda r: (str(r["w"]), str(r["d"])))}


_COMPACT = tuple((PREFIXES[p], p + ":") for p in ("kg", "skos", "rdfs", "dct", "org", "owl", "prov"))


def compact(iri: str) -> str:
    """Shorten an IRI with the usual prefixes (kg:, skos:, rdfs:, dct:, org:, owl:, prov:).

    Example:
        >>> compact("http://www.w3.org/2004/02/skos/core#prefLabel")
        'skos:prefLabel'
    """
    for ns, prefix in _COMPACT:
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


_IRI_OK = re.compile(r"^[^<>\"{}|^`\\\s]+$")


def _values(nodes: list[str]) -> str:
    return " ".join(f"<{n}>" for n in nodes if _IRI_OK.match(n))


def node_details(store: Selectable, nodes: list[str], limit: int = 12) -> dict[str, NodeDetails]:
    """Literal properties (labels, symbol, codes) and occurrences of each node, read in batches.

    Occurrences are the mentions whose body is the node (oa:hasBody), with the document id, the
    printed paragraph number, the raw character span and the surface text (empty for a graph of
    the compact provenance profile, which leaves it to the source file); the first `limit`
    in document and text order are kept, with the total.
    """
    props: dict[str, set[tuple[str, str]]] = defaultdict(set)
    occ: dict[str, list[Occurrence]] = defaultdict(list)
    ordered = sorted(nodes)
    for i in range(0, len(ordered), 200):
        values = _values(ordered[i : i + 200])
        for r in select(
            store,
            f"SELECT ?n ?p ?o (LANG(?o) AS ?lang) WHERE {{ VALUES ?n {{ {values} }} ?n ?p ?o FILTER(isLiteral(?o)) }}",
        ):
            value = str(r["o"])
            if len(value) > 300:
                value = value[:299] + "…"
            lang = f"@{r['lang']}" if r["lang"] else ""
            props[str(r["n"])].add((compact(str(r["p"])) + lang, value))
        for r in select(
            store,
            f"""SELECT ?n ?id ?para ?start ?end ?surface WHERE {{
              VALUES ?n {{ {values} }}
              ?m oa:hasBody ?n ; prov:wasDerivedFrom ?doc ; kg:start ?start ; kg:end ?end .
              # the surface is stated in the full provenance profile only; else what a row printed
              OPTIONAL {{ ?m kg:surface ?stated }}
              OPTIONAL {{ ?m kg:printedAs ?printed }}
              BIND(COALESCE(?stated, ?printed, "") AS ?surface)
              ?doc kg:docId ?id .
              OPTIONAL {{ ?m kg:inBlock/kg:paragraphNumber ?para }}
            }}""",
        ):
            occ[str(r["n"])].append(
                Occurrence(
                    str(r["id"]),
                    str(r["para"] or ""),
                    int(r["start"] or 0),
                    int(r["end"] or 0),
                    str(r["surface"]),
                )
            )
    out = {}
    for n in ordered:
        found = sorted(set(occ.get(n, [])), key=lambda o: (o.doc, o.start, o.end, o.surface))
        out[n] = NodeDetails(tuple(sorted(props.get(n, set()))), tuple(found[:limit]), len(found))
    return out


def build_view(store: Selectable, projection: str = "overview", *, top: int = 20, mandates: int = 60) -> View:
    """The view `kg visualise` draws: `overview` (default) or one of `PROJECTIONS` by name.

    Raises:
        QueryError: unknown projection name (the message lists the valid ones).
    """
    labels = read_labels(store)
    if projection == "overview":
        g = overview(store, mandates=mandates, top=top, labels=labels)
        bip = programme_mandates(store, labels)
        n_works = sum(1 for _, k in bip.nodes(data="kind") if k == "work")
        counts = {k: sum(1 for _, kind in g.nodes(data="kind") if kind == k) for k in KIND_NAMES}
        note = (
            f"Default view: {counts['programme']} programmes with the {min(mandates, n_works)} of {n_works} "
            f"mandates cited by the most programmes, {counts['document']} source documents, and the "
            f"{counts['country']} countries, {counts['entity']} UN entities and up to {top} cited documents "
            f"mentioned most (at most {top} of each). Other views: kg visualise --projection NAME."
        )
    elif projection in PROJECTIONS:
        g = PROJECTIONS[projection].fn(store, labels)
        note = f"Projection {projection!r}: {PROJECTIONS[projection].description}."
    else:
        names = ", ".join(["overview", *PROJECTIONS])
        raise QueryError(f"unknown projection {projection!r}; available: {names}")
    if g.number_of_nodes() and not isinstance(g, nx.DiGraph):
        metrics.label_communities(g, metrics.communities(g))
    return View(projection, g, node_details(store, list(g.nodes)), note)
