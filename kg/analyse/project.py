"""Analyse stage, projections: the RDF graph in a `GraphStore` -> networkx graphs.

Each projection is one explicit function: it names the classes and predicates it reads (in its
SPARQL) and the graph it returns (node kinds, edge direction and weight). Nodes are IRIs (str)
with the attributes `kind`, `label`, `label_en`, `label_zh` and `key` (symbol, ISO code or
gazetteer id); every attribute is a str, int or float so graphs write to GraphML and GEXF as they
are. Nodes and edges are added in sorted order, so the same store gives the same graph.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, get_args

import networkx as nx

from kg.rdf.mentions import mention_class_name
from kg.rdf.namespaces import sparql_prologue
from kg.store.backend import PyValue

PREFIXES = sparql_prologue(("kg", "rdf", "rdfs", "dct", "skos", "prov", "oa", "org"))

MentionKind = Literal["country", "region", "entity", "citation", "mandate", "programme"]
Level = Literal["document", "section", "paragraph"]
Rows = list[dict[str, PyValue]]


class Selectable(Protocol):
    """What projections need of a store: SPARQL SELECT returning rows of Python values."""

    def select(self, sparql: str, *, use_default_graph_as_union: bool = True) -> Rows: ...


def select(store: Selectable, body: str) -> Rows:
    """Run a SELECT (without prefixes: the usual ones are added) over the union of all graphs."""
    return store.select(PREFIXES + body)


# --- labels -------------------------------------------------------------------------------------

_LABELS_QUERY = """
SELECT ?n ?p ?o (LANG(?o) AS ?lang) WHERE {
  VALUES ?p { skos:prefLabel rdfs:label dct:title kg:symbol kg:docId kg:programmeNumber }
  ?n ?p ?o .
}
"""
_CJK = re.compile(r"[\u3400-\u9fff]")
_LABEL_RANK = {"skos:prefLabel": 0, "kg:symbol": 1, "dct:title": 2, "rdfs:label": 3, "kg:docId": 4}


@dataclass(frozen=True, slots=True)
class Labels:
    """Display names of a node: English and Chinese label, and a stable key (symbol, code, id)."""

    en: str = ""
    zh: str = ""
    key: str = ""

    @property
    def display(self) -> str:
        """The label to show: English, else Chinese, else the key."""
        return self.en or self.zh or self.key


def read_labels(store: Selectable) -> dict[str, Labels]:
    """Labels of every labelled node (skos:prefLabel, kg:symbol, dct:title, rdfs:label, kg:docId).

    English and Chinese labels come from language-tagged literals (prefLabel first); the key is the
    UN symbol, else the document id, else "programme N". Nodes without one are keyed by the last
    segment of their IRI (`key_of`), which mint.py makes from the ISO code or gazetteer id.
    """
    found: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    full = {
        "http://www.w3.org/2004/02/skos/core#prefLabel": "skos:prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label": "rdfs:label",
        "http://purl.org/dc/terms/title": "dct:title",
        "https://unkg.org/ontology#symbol": "kg:symbol",
        "https://unkg.org/ontology#docId": "kg:docId",
        "https://unkg.org/ontology#programmeNumber": "kg:programmeNumber",
    }
    for row in sorted(select(store, _LABELS_QUERY), key=lambda r: (str(r["n"]), str(r["p"]), str(r["o"]))):
        node, pred, value, lang = str(row["n"]), full[str(row["p"])], str(row["o"]), str(row["lang"] or "")
        slots = found[node]
        if pred == "kg:programmeNumber":
            # Programmes have Chinese titles only; "Programme N" is their English name.
            slots["key"] = (0, f"programme {value}")
            slots["number"] = (0, f"Programme {value}")
            continue
        if pred in ("kg:symbol", "kg:docId"):
            rank = {"kg:symbol": 0, "kg:docId": 1}[pred]
            if "key" not in slots or rank < slots["key"][0]:
                slots["key"] = (rank, value)
            continue
        slot = "zh" if lang.startswith("zh") or (not lang and _CJK.search(value)) else "en"
        rank = _LABEL_RANK[pred] * 2 + (0 if lang else 1)
        if slot not in slots or rank < slots[slot][0]:
            slots[slot] = (rank, value)
    return {
        n: Labels(s.get("en", s.get("number", (0, "")))[1], s.get("zh", (0, ""))[1], s.get("key", (0, ""))[1])
        for n, s in found.items()
    }


def key_of(iri: str) -> str:
    """The last path segment of an IRI (ISO code, gazetteer id, slug) as a fallback key.

    Example:
        >>> key_of("https://unkg.org/id/country/CHN")
        'CHN'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1]


def add_node(
    g: nx.Graph, iri: str, kind: str, labels: Mapping[str, Labels], **attrs: str | int | float
) -> None:
    """Add (or update) node `iri` with its kind and labels; attributes are scalars only."""
    lab = labels.get(iri, Labels())
    key = lab.key or key_of(iri)
    g.add_node(
        iri,
        kind=kind,
        label=lab.en or lab.zh or key,
        label_en=lab.en,
        label_zh=lab.zh,
        key=key,
        **attrs,
    )


def _sorted_edges(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(set(pairs))


# --- programmes and mandates ---------------------------------------------------------------------

_MANDATED_BY_QUERY = """
SELECT DISTINCT ?p ?w WHERE { ?p a kg:Programme ; kg:mandatedBy ?w . }
"""


def programme_mandates(store: Selectable, labels: Mapping[str, Labels] | None = None) -> nx.Graph:
    """Bipartite graph programme -- mandate (kg:Programme kg:mandatedBy ?work).

    Nodes: programmes (`kind="programme"`, `bipartite=0`) and the resolutions or decisions that
    mandate them (`kind="work"`, `bipartite=1`). One unweighted edge per mandate of a programme.
    """
    labels = read_labels(store) if labels is None else labels
    g = nx.Graph(name="programme-mandates")
    pairs = _sorted_edges((str(r["p"]), str(r["w"])) for r in select(store, _MANDATED_BY_QUERY))
    for p in sorted({p for p, _ in pairs}):
        add_node(g, p, "programme", labels, bipartite=0)
    for w in sorted({w for _, w in pairs}):
        add_node(g, w, "work", labels, bipartite=1)
    g.add_edges_from(pairs)
    return g


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Jaccard similarity |a ∩ b| / |a ∪ b| (0.0 for two empty sets).

    Example:
        >>> jaccard({"x", "y"}, {"y", "z"})
        0.3333333333333333
    """
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def mandate_similarity(bipartite: nx.Graph, kind: str = "programme") -> nx.Graph:
    """Programme -- programme graph weighted by the Jaccard similarity of their mandate sets.

    Args:
        bipartite: a graph from `programme_mandates` (or any bipartite graph with `kind` on nodes).
        kind: the kind of node to project onto (the other side gives the shared neighbours).

    Returns:
        An undirected graph of the `kind` nodes (all of them, isolated ones included) with an edge
        for every pair sharing at least one neighbour: `weight` (Jaccard), `shared` (count) and
        `shared_keys` (the shared neighbours' keys, space-separated).
    """
    g = nx.Graph(name=f"{kind}-similarity")
    side = sorted(n for n, k in bipartite.nodes(data="kind") if k == kind)
    for n in side:
        g.add_node(n, **bipartite.nodes[n])
    neigh = {n: frozenset(bipartite.neighbors(n)) for n in side}
    for i, a in enumerate(side):
        for b in side[i + 1 :]:
            shared = neigh[a] & neigh[b]
            if shared:
                keys = " ".join(sorted(str(bipartite.nodes[w].get("key", w)) for w in shared))
                g.add_edge(a, b, weight=jaccard(neigh[a], neigh[b]), shared=len(shared), shared_keys=keys)
    return g


# --- citations ----------------------------------------------------------------------------------

_CITATIONS_QUERY = """
SELECT ?citing ?w (COUNT(DISTINCT ?m) AS ?n) WHERE {
  VALUES ?class { kg:CitationMention kg:MandateCitation }
  ?m a ?class ; oa:hasBody ?w ; prov:wasDerivedFrom ?doc .
  # a mandate row without a symbol has its plan (the programme) as body: not a cited document
  FILTER NOT EXISTS { ?w a ?plan . VALUES ?plan { prov:Plan kg:Programme kg:Subprogramme } }
  OPTIONAL { ?doc kg:realizes ?work }
  BIND(COALESCE(?work, ?doc) AS ?citing)
} GROUP BY ?citing ?w
"""


def citation_network(store: Selectable, labels: Mapping[str, Labels] | None = None) -> nx.DiGraph:
    """Directed graph citing document -> cited UN document, plus programme -> mandate.

    Citing documents are the sources of kg:CitationMention and kg:MandateCitation nodes whose body
    is not a plan (a mandate row without a symbol points at its plan). A source document is
    represented by the work it realises (kg:realizes) when it has a symbol, so a cited report
    that is also in the corpus is one node. Edges from documents carry
    `weight` = number of citation and mandate mentions; programme -> work edges (kg:mandatedBy)
    have weight 1. Node kinds: `document` (citing), `programme`, `work` (cited).
    """
    labels = read_labels(store) if labels is None else labels
    g = nx.DiGraph(name="citations")
    doc_edges: Counter[tuple[str, str]] = Counter()
    for r in select(store, _CITATIONS_QUERY):
        doc_edges[(str(r["citing"]), str(r["w"]))] += int(r["n"] or 0)
    prog_edges = _sorted_edges((str(r["p"]), str(r["w"])) for r in select(store, _MANDATED_BY_QUERY))
    citing_docs = {a for a, _ in doc_edges}
    cited = {b for _, b in doc_edges} | {w for _, w in prog_edges}
    programmes = {p for p, _ in prog_edges}
    for node in sorted(citing_docs | cited | programmes):
        kind = "programme" if node in programmes else "document" if node in citing_docs else "work"
        add_node(g, node, kind, labels)
    for (a, b), count in sorted(doc_edges.items()):
        g.add_edge(a, b, weight=count)
    for a, b in prog_edges:
        if not g.has_edge(a, b):
            g.add_edge(a, b, weight=1)
    return g


# --- mentions of countries and entities -----------------------------------------------------------

_MENTIONS_QUERY = """
SELECT ?m ?body ?doc ?block ?section ?root WHERE {
  ?m a %s ; oa:hasBody ?body ; prov:wasDerivedFrom ?doc .
  OPTIONAL {
    ?m kg:inBlock ?block .
    OPTIONAL { ?block kg:inSection ?section }
    OPTIONAL { ?block kg:continues+ ?root FILTER NOT EXISTS { ?root kg:continues ?earlier } }
  }
}
"""


# the class of a mention of each kind (`kg.rdf.mapping.mention_class_name`, the one naming rule):
# stated in both provenance profiles, unlike kg:mentionKind
_MENTION_CLASS = {kind: f"kg:{mention_class_name(kind)}" for kind in get_args(MentionKind)}


@dataclass(frozen=True, slots=True, order=True)
class MentionRow:
    """One mention: what was found, in which document, block, section and (joined) paragraph."""

    body: str
    doc: str
    block: str
    section: str
    paragraph: str
    mention: str


def read_mentions(store: Selectable, kind: MentionKind) -> list[MentionRow]:
    """Mentions of one kind (its mention class, `_MENTION_CLASS`), sorted; `paragraph` joins continued blocks.

    A paragraph split by a page break is two blocks, the second `kg:continues` the first; both
    count as the paragraph of the first. A mention outside any block has block, section and
    paragraph set to the document; one outside any section has the document as section.
    """
    if kind not in _MENTION_CLASS:
        raise ValueError(f"unknown mention kind {kind!r}")
    rows = []
    for r in select(store, _MENTIONS_QUERY % _MENTION_CLASS[kind]):
        doc = str(r["doc"])
        block = str(r["block"] or doc)
        rows.append(
            MentionRow(
                body=str(r["body"]),
                doc=doc,
                block=block,
                section=str(r["section"] or doc),
                paragraph=str(r["root"] or block),
                mention=str(r["m"]),
            )
        )
    return sorted(set(rows))


def mention_graph(
    store: Selectable,
    kind: MentionKind,
    level: Level = "document",
    labels: Mapping[str, Labels] | None = None,
) -> nx.Graph:
    """Bipartite graph document (or section) -- country/entity, weighted by mentions.

    Args:
        store: the graph store.
        kind: which mentions (`"country"`, `"entity"`, `"region"`, ...).
        level: `"document"` (kg:SourceDocument nodes) or `"section"` (the heading block a
            mention's paragraph is governed by, kg:inSection; the document when there is none).

    Returns:
        Nodes of kind `document` or `section` (`bipartite=0`) and `kind` (`bipartite=1`); edge
        `weight` = number of mentions.
    """
    labels = read_labels(store) if labels is None else labels
    rows = read_mentions(store, kind)
    counts: Counter[tuple[str, str]] = Counter()
    for r in rows:
        holder = {"document": r.doc, "section": r.section, "paragraph": r.paragraph}[level]
        counts[(holder, r.body)] += 1
    g = nx.Graph(name=f"{level}-{kind}")
    holders = sorted({h for h, _ in counts})
    docs = {r.doc for r in rows}
    for h in holders:
        add_node(g, h, "document" if h in docs else level, labels, bipartite=0)
    for b in sorted({b for _, b in counts}):
        add_node(g, b, kind, labels, bipartite=1)
    for (h, b), n in sorted(counts.items()):
        g.add_edge(h, b, weight=n)
    return g


def co_mentions(
    store: Selectable,
    kinds: tuple[MentionKind, MentionKind] = ("country", "country"),
    labels: Mapping[str, Labels] | None = None,
) -> nx.Graph:
    """Co-mention graph: two things are linked when named in the same paragraph.

    Args:
        kinds: `("country", "country")` for country -- country, `("entity", "country")` for
            entity -- country (only cross-kind pairs are linked then).

    Returns:
        An undirected graph; edge `weight` = number of paragraphs (continued blocks joined) in
        which both are mentioned. Nodes are only those with at least one co-mention.
    """
    labels = read_labels(store) if labels is None else labels
    a_kind, b_kind = kinds
    by_para: dict[str, dict[str, str]] = defaultdict(dict)
    for kind in dict.fromkeys(kinds):
        for r in read_mentions(store, kind):
            by_para[r.paragraph][r.body] = kind
    weights: Counter[tuple[str, str]] = Counter()
    for found in by_para.values():
        items = sorted(found.items())
        for i, (x, kx) in enumerate(items):
            for y, ky in items[i + 1 :]:
                if a_kind == b_kind or kx != ky:
                    weights[(x, y)] += 1
    g = nx.Graph(name=f"{a_kind}-{b_kind}-co-mentions")
    kind_of = {n: k for found in by_para.values() for n, k in found.items()}
    for n in sorted({n for pair in weights for n in pair}):
        add_node(g, n, kind_of[n], labels)
    for (x, y), w in sorted(weights.items()):
        g.add_edge(x, y, weight=w)
    return g


# --- UN entity hierarchy --------------------------------------------------------------------------

_HIERARCHY_QUERY = """
SELECT DISTINCT ?child ?parent WHERE { ?child org:subOrganizationOf ?parent . }
"""


def entity_hierarchy(store: Selectable, labels: Mapping[str, Labels] | None = None) -> nx.DiGraph:
    """The UN entity hierarchy as a directed graph parent -> child (org:subOrganizationOf).

    Includes every entity of the gazetteer that has a parent or a child, mentioned or not; node
    attribute `mentions` counts its mentions in the corpus.
    """
    labels = read_labels(store) if labels is None else labels
    mentioned = Counter(r.body for r in read_mentions(store, "entity"))
    edges = _sorted_edges((str(r["parent"]), str(r["child"])) for r in select(store, _HIERARCHY_QUERY))
    g = nx.DiGraph(name="entity-hierarchy")
    for n in sorted({n for e in edges for n in e}):
        add_node(g, n, "entity", labels, mentions=mentioned.get(n, 0))
    g.add_edges_from(edges)
    return g


# --- registry -----------------------------------------------------------------------------------

Projection = Callable[[Selectable, Mapping[str, Labels]], nx.Graph]


@dataclass(frozen=True, slots=True)
class ProjectionSpec:
    """A named projection (for `kg analyse` exports and `kg visualise --projection`)."""

    name: str
    description: str
    fn: Projection


def _programme_similarity(store: Selectable, labels: Mapping[str, Labels]) -> nx.Graph:
    return mandate_similarity(programme_mandates(store, labels))


PROJECTIONS: dict[str, ProjectionSpec] = {
    s.name: s
    for s in (
        ProjectionSpec(
            "programme-mandates", "programme -- mandating resolution (bipartite)", programme_mandates
        ),
        ProjectionSpec(
            "programme-similarity",
            "programme -- programme, Jaccard of shared mandates",
            _programme_similarity,
        ),
        ProjectionSpec("citations", "citing document/programme -> cited UN document", citation_network),
        ProjectionSpec(
            "document-countries",
            "document -- country, weighted by mentions",
            lambda s, lab: mention_graph(s, "country", "document", lab),
        ),
        ProjectionSpec(
            "section-countries",
            "section -- country, weighted by mentions",
            lambda s, lab: mention_graph(s, "country", "section", lab),
        ),
        ProjectionSpec(
            "document-entities",
            "document -- UN entity, weighted by mentions",
            lambda s, lab: mention_graph(s, "entity", "document", lab),
        ),
        ProjectionSpec(
            "section-entities",
            "section -- UN entity, weighted by mentions",
            lambda s, lab: mention_graph(s, "entity", "section", lab),
        ),
        ProjectionSpec(
            "country-co-mentions",
            "country -- country named in the same paragraph",
            lambda s, lab: co_mentions(s, ("country", "country"), lab),
        ),
        ProjectionSpec(
            "entity-country-co-mentions",
            "UN entity -- country named in the same paragraph",
            lambda s, lab: co_mentions(s, ("entity", "country"), lab),
        ),
        ProjectionSpec("entity-hierarchy", "UN entity hierarchy, parent -> child", entity_hierarchy),
    )
}
