"""Analyse stage, report: GraphStore -> `Analysis` (graphs, ranked tables, chart data) -> Markdown/HTML.

`analyse(store)` runs every projection and metric once; `render_markdown` and `render_html` turn
the result into text (pure: files are written by `kg.export.visualise.write_analysis`). Each table
and chart carries a sentence saying what it shows.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from kg.analyse import metrics
from kg.analyse.project import PROJECTIONS, Selectable, read_labels, select

Cell = str | int | float


@dataclass(frozen=True)
class Table:
    """A ranked table with a title and a sentence saying what it shows."""

    name: str
    title: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Chart:
    """Data of one chart: a horizontal bar chart of labelled values, or a network drawing."""

    name: str
    title: str
    caption: str
    kind: Literal["bar", "network"]
    labels: tuple[str, ...] = ()
    values: tuple[float, ...] = ()
    xlabel: str = ""
    graph: str = ""  # for kind="network": the name of the projection in `Analysis.graphs`


@dataclass(frozen=True)
class Analysis:
    """Everything `kg analyse` reports: the projected graphs, tables and charts."""

    summary: tuple[str, ...]
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...]
    graphs: Mapping[str, nx.Graph] = field(default_factory=dict)


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _ascii_label(g: nx.Graph, n: str) -> str:
    """A chart label without CJK (the default matplotlib fonts have none): English, else key."""
    d = g.nodes[n]
    return str(d.get("label_en") or d.get("key") or n)


def analyse(
    store: Selectable,
    *,
    top: int = 15,
    compare: Sequence[tuple[str, str]] | None = None,
    seed: int = 0,
) -> Analysis:
    """Project the store into every graph of `PROJECTIONS`, rank, detect communities, compare.

    Args:
        store: the graph store (`GraphStore` or anything with `select`).
        top: rows per ranked table and bars per chart.
        compare: pairs of document ids to compare; default: every pair when there are at most
            six documents, else none.
        seed: Louvain seed.
    """
    labels = read_labels(store)
    graphs = {name: spec.fn(store, labels) for name, spec in PROJECTIONS.items()}
    tables: list[Table] = []
    charts: list[Chart] = []

    docs = select(
        store,
        """SELECT ?id ?symbol ?title WHERE { ?d a kg:SourceDocument ; kg:docId ?id .
           OPTIONAL { ?d kg:symbol ?symbol } OPTIONAL { ?d dct:title ?title } } ORDER BY ?id""",
    )
    tables.append(
        Table(
            "documents",
            "Documents",
            "The source documents analysed: id (file stem, used in the comparisons below), UN symbol and title.",
            ("id", "symbol", "title"),
            tuple((str(r["id"]), str(r["symbol"] or ""), str(r["title"] or "")) for r in docs),
        )
    )
    # documents are named by symbol and title where they have them, with the file id
    doc_names = {
        str(r["id"]): " ".join(str(r[k]) for k in ("symbol", "title") if r[k]) or str(r["id"]) for r in docs
    }
    mandates = metrics.top_mandates(graphs["programme-mandates"])
    tables.append(
        Table(
            "top-mandates",
            "Top mandates",
            "Resolutions and decisions ranked by the number of programmes whose legislative mandates cite them.",
            ("rank", "mandate", "programmes"),
            tuple((i + 1, r.key, r.count) for i, r in enumerate(mandates[:top])),
        )
    )
    charts.append(
        Chart(
            "top-mandates",
            "Top mandates",
            f"The {min(top, len(mandates))} resolutions or decisions cited as a mandate by the most programmes.",
            "bar",
            tuple(r.key for r in mandates[:top]),
            tuple(float(r.count) for r in mandates[:top]),
            "programmes",
        )
    )
    sim = graphs["programme-similarity"]
    pairs = metrics.ranked_pairs(sim)
    tables.append(
        Table(
            "shared-mandates",
            "Most-shared mandates between programmes",
            "Pairs of programmes ranked by the Jaccard similarity of their mandate sets "
            "(shared mandates / all mandates of the two).",
            ("programme A", "programme B", "Jaccard", "shared", "shared mandates"),
            tuple(
                (_name(sim, p.a), _name(sim, p.b), _fmt(p.weight), p.count, _clip(p.detail))
                for p in pairs[:top]
            ),
        )
    )
    citations = graphs["citations"]
    cited = metrics.resolution_centrality(citations)
    # cited resolutions carry no title of their own; the mandate tables print one next to the symbol
    row_titles = {
        str(r["w"]): str(r["title"])
        for r in select(
            store,
            """SELECT ?w (MIN(STR(?t)) AS ?title) WHERE { ?c a kg:MandateCitation ; oa:hasBody ?w ;
               dct:title ?t } GROUP BY ?w""",
        )
    }
    if metrics.has_citation_chains(citations):
        tables.append(
            Table(
                "cited-documents",
                "Most central cited documents",
                "UN documents ranked by PageRank in the citation network (documents and programmes -> "
                "cited resolutions and reports; some cited documents cite others); in-degree counts "
                "distinct citing documents and programmes.",
                ("rank", "document", "title", "PageRank", "in-degree"),
                tuple(
                    (i + 1, r.key, _title(citations, r.node, row_titles), f"{r.score:.4g}", r.count)
                    for i, r in enumerate(cited[:top])
                ),
            )
        )
    else:
        tables.append(
            Table(
                "cited-documents",
                "Most-cited documents",
                "UN documents ranked by in-degree: the number of distinct documents and programmes "
                "citing them or mandated by them. No cited document cites another here, so PageRank "
                "would only spread each citer's vote by its number of citations and is not shown.",
                ("rank", "document", "title", "in-degree"),
                tuple(
                    (i + 1, r.key, _title(citations, r.node, row_titles), r.count)
                    for i, r in enumerate(cited[:top])
                ),
            )
        )
    for kind, what in (("country", "countries and territories"), ("entity", "UN entities")):
        g = graphs[f"document-{'countries' if kind == 'country' else 'entities'}"]
        ranked = metrics.most_mentioned(g, kind)
        tables.append(
            Table(
                f"top-{kind}",
                f"Most-mentioned {what}",
                f"The {what} named most often across the corpus, with the number of documents naming them.",
                ("rank", "key", "name (en)", "name (zh)", "mentions", "documents"),
                tuple(
                    (
                        i + 1,
                        r.key,
                        g.nodes[r.node]["label_en"],
                        g.nodes[r.node]["label_zh"],
                        int(r.score),
                        r.count,
                    )
                    for i, r in enumerate(ranked[:top])
                ),
            )
        )
        charts.append(
            Chart(
                f"top-{kind}",
                f"Most-mentioned {what}",
                f"Mentions of the {min(top, len(ranked))} {what} named most often in the corpus.",
                "bar",
                tuple(_ascii_label(g, r.node) for r in ranked[:top]),
                tuple(r.score for r in ranked[:top]),
                "mentions",
            )
        )
    for name, title, what in (
        ("country-co-mentions", "Country communities", "countries"),
        ("programme-similarity", "Programme communities", "programmes"),
    ):
        g = graphs[name]
        parts = metrics.communities(g, seed=seed)
        metrics.label_communities(g, parts)
        tables.append(
            Table(
                f"communities-{name}",
                title,
                f"Louvain communities (seed {seed}) of {what} in the {PROJECTIONS[name].description} graph, "
                "largest first; members by degree.",
                ("community", "size", "members"),
                tuple(
                    (i, len(c), _clip(", ".join(_by_degree(g, c))))
                    for i, c in enumerate(parts[:top])
                    if len(c) > 1
                ),
            )
        )
    charts.append(
        Chart(
            "programme-similarity",
            "Programmes linked by shared mandates",
            "Each dot is a programme; a line joins two programmes that share mandates (thicker: higher "
            "Jaccard similarity); colours are Louvain communities.",
            "network",
            graph="programme-similarity",
        )
    )
    ids = list(metrics.document_ids(store))
    pairs_to_compare = (
        list(compare)
        if compare is not None
        else (list(itertools.combinations(ids, 2)) if len(ids) <= 6 else [])
    )
    for a, b in pairs_to_compare:
        comp = metrics.compare_documents(store, a, b, labels=labels)
        tables.extend(_comparison_tables(comp, top, doc_names))
    summary = (
        f"{len(ids)} documents; "
        + "; ".join(
            f"{name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges" for name, g in graphs.items()
        )
        + ".",
    )
    return Analysis(summary, tuple(tables), tuple(charts), graphs)


def _by_degree(g: nx.Graph, nodes: frozenset[str]) -> list[str]:
    order = sorted(nodes, key=lambda n: (-g.degree(n, weight="weight"), str(g.nodes[n].get("key", n))))
    return [_name(g, n) for n in order]


def _name(g: nx.Graph, n: str) -> str:
    """A node's label for a table; a programme also shows its (Chinese) title: "Programme 7 经济和社会事务"."""
    node = g.nodes[n]
    label = str(node.get("label", n))
    title = str(node.get("label_zh", ""))
    if node.get("kind") == "programme" and title and title not in label:
        return f"{label} {title}"
    return label


def _title(g: nx.Graph, n: str, row_titles: Mapping[str, str]) -> str:
    """The title of a cited document: its own (Chinese, else English), else a mandate table's, else empty."""
    node = g.nodes[n]
    return _clip(str(node.get("label_zh") or node.get("label_en") or row_titles.get(n, "")), 80)


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _comparison_tables(
    comp: metrics.Comparison, top: int, names: Mapping[str, str] | None = None
) -> list[Table]:
    def named(doc: str) -> str:
        name = (names or {}).get(doc, doc)
        return doc if name == doc else f"{name} ({doc})"

    counts = Table(
        f"compare-{comp.doc_a}-{comp.doc_b}",
        f"{named(comp.doc_a)} vs {named(comp.doc_b)}",
        f"How many distinct countries, UN entities and cited documents only {comp.doc_a} mentions, "
        f"only {comp.doc_b} mentions, and both mention.",
        ("kind", f"only {comp.doc_a}", f"only {comp.doc_b}", "both"),
        tuple((d.kind, len(d.only_a), len(d.only_b), len(d.both)) for d in comp.differences),
    )
    detail_rows: list[tuple[Cell, ...]] = []
    for d in comp.differences:
        for side, items in (("only " + comp.doc_a, d.only_a), ("only " + comp.doc_b, d.only_b)):
            for key, label, na, nb in items[:top]:
                detail_rows.append((d.kind, side, key, label, na + nb))
    detail = Table(
        f"compare-{comp.doc_a}-{comp.doc_b}-items",
        f"{named(comp.doc_a)} vs {named(comp.doc_b)}: what one mentions and the other does not",
        f"The most-mentioned items (up to {top} per kind and side) that appear in only one of the two "
        "documents, with their number of mentions there.",
        ("kind", "where", "key", "name", "mentions"),
        tuple(detail_rows),
    )
    return [counts, detail]


# --- rendering ------------------------------------------------------------------------------------


def _md_cell(value: Cell) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_markdown(analysis: Analysis, chart_files: Mapping[str, tuple[str, str]]) -> str:
    """The report as Markdown; `chart_files` maps chart name -> (PNG path, SVG path), relative."""
    out = ["# unkg network analysis", "", *analysis.summary, ""]
    out += ["## Charts", ""]
    for c in analysis.charts:
        if c.name not in chart_files:
            continue
        png, svg = chart_files[c.name]
        out += [f"### {c.title}", "", c.caption, "", f"![{c.title}]({png}) ([SVG]({svg}))", ""]
    out += ["## Tables", ""]
    for t in analysis.tables:
        out += [f"### {t.title}", "", t.caption, ""]
        if not t.rows:
            out += ["(none)", ""]
            continue
        out.append("| " + " | ".join(_md_cell(c) for c in t.columns) + " |")
        out.append("|" + "|".join(" --- " for _ in t.columns) + "|")
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in t.rows]
        out.append("")
    return "\n".join(out)


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}p.caption{color:#444;margin:.25rem 0}figure{margin:0 0 2rem}figure svg{max-width:100%;height:auto}
"""


def render_html(analysis: Analysis, svgs: Mapping[str, str]) -> str:
    """The report as one standalone HTML page; `svgs` maps chart name -> inline SVG markup."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>unkg network analysis</title>',
        f"<style>{_CSS}</style></head><body>",
        "<h1>unkg network analysis</h1>",
        *(f"<p>{e(s)}</p>" for s in analysis.summary),
        "<h2>Charts</h2>",
    ]
    for c in analysis.charts:
        if c.name in svgs:
            parts += [
                f'<figure id="chart-{e(c.name)}"><h3>{e(c.title)}</h3>',
                f'<p class="caption">{e(c.caption)}</p>',
            ]
            parts += [svgs[c.name], "</figure>"]
    parts.append("<h2>Tables</h2>")
    for t in analysis.tables:
        parts += [
            f'<section id="table-{e(t.name)}"><h3>{e(t.title)}</h3>',
            f'<p class="caption">{e(t.caption)}</p>',
        ]
        if not t.rows:
            parts.append("<p>(none)</p></section>")
            continue
        parts.append(
            "<table><thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in t.columns) + "</tr></thead><tbody>"
        )
        parts += ["<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>" for row in t.rows]
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
