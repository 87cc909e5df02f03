"""Export, visualisation: analysis report (Markdown, HTML, charts), GraphML/GEXF, interactive page.

The edge of the analyse stage: everything here writes files. matplotlib (the `viz` extra) is
imported inside the chart functions only. Outputs are deterministic: sorted graphs, SVG with a
fixed hash salt and no date, PNG without a software stamp, GEXF without a modification date.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analyse.report import Analysis, Chart, render_html, render_markdown
from kg.analyse.view import KIND_NAMES, View
from kg.export.serialise import write_atomic

STATIC_DIR = Path(__file__).resolve().parent / "static"

# Colour-blind-safe palette (Okabe-Ito), one colour per node kind, in legend order.
KIND_COLOURS: dict[str, str] = {
    "programme": "#0072B2",
    "work": "#E69F00",
    "document": "#000000",
    "section": "#999999",
    "country": "#009E73",
    "region": "#56B4E9",
    "entity": "#CC79A7",
}
LABELLED_NODES = 20
_FALLBACK_COLOURS = ("#D55E00", "#F0E442", "#8C564B", "#17BECF")


@dataclass(frozen=True)
class AnalysisFiles:
    """What `write_analysis` wrote (paths), and charts skipped for want of matplotlib."""

    markdown: Path
    html: Path
    charts: tuple[Path, ...]
    graphs: tuple[Path, ...]
    charts_skipped: bool


def has_matplotlib() -> bool:
    """Whether matplotlib (the `viz` extra) is installed."""
    return importlib.util.find_spec("matplotlib") is not None


# --- charts ---------------------------------------------------------------------------------------


def _figure(chart: Chart, graph: nx.Graph | None) -> Any:
    from matplotlib.figure import Figure

    if chart.kind == "bar":
        n = max(1, len(chart.labels))
        fig = Figure(figsize=(8, 1.2 + 0.32 * n), layout="constrained")
        ax = fig.add_subplot()
        ys = list(range(n))[::-1]
        ax.barh(ys[: len(chart.values)], chart.values, color="#0072B2")
        ax.set_yticks(ys[: len(chart.labels)], [_short(x) for x in chart.labels], fontsize=8)
        ax.set_xlabel(chart.xlabel)
        ax.set_title(chart.title)
        if not chart.labels:
            ax.text(0.5, 0.5, "(no data)", ha="center", va="center", transform=ax.transAxes)
        return fig
    fig = Figure(figsize=(8, 6), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title(chart.title)
    ax.set_axis_off()
    g = graph if graph is not None else nx.Graph()
    if g.number_of_nodes():
        pos = nx.spring_layout(g, seed=0, weight="weight")
        palette = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
        nodes = sorted(g.nodes)
        colours = [palette[int(g.nodes[n].get("community", 0)) % len(palette)] for n in nodes]
        edges = sorted(g.edges(data="weight", default=1.0))
        nx.draw_networkx_edges(
            g,
            pos,
            ax=ax,
            edgelist=[(a, b) for a, b, _ in edges],
            width=[0.5 + 3 * float(w) for *_, w in edges],
            alpha=0.4,
        )
        nx.draw_networkx_nodes(g, pos, ax=ax, nodelist=nodes, node_color=colours, node_size=120)
        ax.margins(0.15)  # room for the labels of nodes at the edge
        nx.draw_networkx_labels(
            g, pos, ax=ax, labels={n: str(g.nodes[n].get("key", "")) for n in nodes}, font_size=7
        )
    else:
        ax.text(0.5, 0.5, "(no data)", ha="center", va="center", transform=ax.transAxes)
    return fig


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_chart(chart: Chart, graph: nx.Graph | None = None) -> tuple[bytes, bytes]:
    """Draw one chart; return (PNG bytes, SVG bytes), both deterministic for the same input."""
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "unkg", "svg.fonttype": "path"}):
        fig = _figure(chart, graph)
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png", dpi=110, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return png.getvalue(), svg.getvalue()


# --- graph files ----------------------------------------------------------------------------------


def graphml_bytes(g: nx.Graph) -> bytes:
    """The graph as GraphML (for Cytoscape, yEd, Gephi)."""
    return ("\n".join(nx.generate_graphml(g, encoding="utf-8")) + "\n").encode("utf-8")


_GEXF_DATE = re.compile(r'<meta lastmodifieddate="[^"]*">')


def gexf_bytes(g: nx.Graph) -> bytes:
    """The graph as GEXF 1.2 (for Gephi), without the modification date networkx stamps on it."""
    text = "\n".join(nx.generate_gexf(g, encoding="utf-8"))
    return (_GEXF_DATE.sub("<meta>", text) + "\n").encode("utf-8")


def write_graph_files(graphs: Mapping[str, nx.Graph], out_dir: Path) -> list[Path]:
    """Write `<name>.graphml` and `<name>.gexf` for each graph; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, g in sorted(graphs.items()):
        for suffix, make in ((".graphml", graphml_bytes), (".gexf", gexf_bytes)):
            path = out_dir / f"{name}{suffix}"
            write_atomic(path, make(g))
            written.append(path)
    return written


# --- the report -----------------------------------------------------------------------------------


def write_analysis(analysis: Analysis, out_dir: Path, *, charts: bool = True) -> AnalysisFiles:
    """Write the report (`report.md`, `report.html`), charts (`charts/*.png|svg`), `graphs/*`.

    The HTML page is standalone (SVG charts inline). Charts are skipped when matplotlib is
    missing (`AnalysisFiles.charts_skipped`).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    chart_files: dict[str, tuple[str, str]] = {}
    svgs: dict[str, str] = {}
    chart_paths: list[Path] = []
    skipped = charts and not has_matplotlib()
    if charts and not skipped:
        (out_dir / "charts").mkdir(exist_ok=True)
        for c in analysis.charts:
            png, svg = render_chart(c, analysis.graphs.get(c.graph) if c.graph else None)
            for suffix, data in ((".png", png), (".svg", svg)):
                path = out_dir / "charts" / f"{c.name}{suffix}"
                write_atomic(path, data)
                chart_paths.append(path)
            chart_files[c.name] = (f"charts/{c.name}.png", f"charts/{c.name}.svg")
            svgs[c.name] = _inline_svg(svg.decode("utf-8"))
    md = out_dir / "report.md"
    write_atomic(md, render_markdown(analysis, chart_files).encode("utf-8"))
    page = out_dir / "report.html"
    write_atomic(page, render_html(analysis, svgs).encode("utf-8"))
    graphs = write_graph_files(analysis.graphs, out_dir / "graphs")
    return AnalysisFiles(md, page, tuple(chart_paths), tuple(graphs), skipped)


def _inline_svg(svg: str) -> str:
    """An SVG document without its XML prolog and doctype, to inline in HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


# --- the interactive page -------------------------------------------------------------------------


def kind_colours(kinds: list[str]) -> dict[str, str]:
    """A colour per node kind: the fixed palette, then fallbacks for kinds it does not know."""
    out = {}
    spare = iter(_FALLBACK_COLOURS * (1 + len(kinds)))
    for k in kinds:
        out[k] = KIND_COLOURS.get(k) or next(spare)
    return out


def page_data(view: View, title: str) -> dict[str, Any]:
    """The JSON the page reads: kinds (legend), nodes (labels, details), edges (by node index)."""
    g = view.graph
    nodes = sorted(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    order = list(KIND_NAMES)
    kinds_present = sorted(
        {str(g.nodes[n].get("kind", "other")) for n in nodes},
        key=lambda k: (k not in order, order.index(k) if k in order else 0, k),
    )
    colours = kind_colours(kinds_present)
    degrees = dict(g.degree())
    # Labels always shown for the best-connected nodes only; the rest on hover, search or click.
    labelled = set(sorted(nodes, key=lambda n: (-degrees.get(n, 0), n))[:LABELLED_NODES])
    node_rows = []
    for n in nodes:
        d = g.nodes[n]
        det = view.details.get(n)
        node_rows.append(
            {
                "iri": n,
                "kind": str(d.get("kind", "other")),
                "label": str(d.get("label") or d.get("key") or n),
                "label_en": str(d.get("label_en", "")),
                "label_zh": str(d.get("label_zh", "")),
                "key": str(d.get("key", "")),
                "degree": int(degrees.get(n, 0)),
                "showLabel": n in labelled,
                "community": d.get("community"),
                "props": [list(p) for p in det.properties] if det else [],
                "found": [[o.doc, o.paragraph, o.start, o.end, o.surface] for o in det.occurrences]
                if det
                else [],
                "total": det.total if det else 0,
            }
        )
    edges = [
        [index[a], index[b], float(d.get("weight", 1)), str(d.get("relation", ""))]
        for a, b, d in sorted((*sorted((a, b)), d) for a, b, d in g.edges(data=True))
    ]
    counts = {k: sum(1 for r in node_rows if r["kind"] == k) for k in kinds_present}
    return {
        "title": title,
        "view": view.name,
        "note": view.note,
        "kinds": [
            {"kind": k, "name": KIND_NAMES.get(k, k), "colour": colours[k], "count": counts[k]}
            for k in kinds_present
        ],
        "nodes": node_rows,
        "edges": edges,
    }


def _script_json(obj: Any) -> str:
    """JSON safe inside <script>: '<', '>' and '&' escaped, so no '</script>' can close it early."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(view: View, title: str = "unkg graph") -> str:
    """The standalone interactive page: cytoscape.js, the app and the data inlined (works from file://)."""
    template = (STATIC_DIR / "visualise.html").read_text(encoding="utf-8")
    library = (STATIC_DIR / "cytoscape.min.js").read_text(encoding="utf-8")
    version = (STATIC_DIR / "cytoscape.VERSION").read_text(encoding="utf-8").strip()
    app = (STATIC_DIR / "visualise.js").read_text(encoding="utf-8")
    if "</script" in library.lower() or "</script" in app.lower():
        raise AssertionError("bundled JavaScript contains '</script'; it cannot be inlined")
    import html

    parts = {
        "__UNKG_TITLE__": html.escape(title),
        "__UNKG_CYTOSCAPE_VERSION__": version,
        "__UNKG_DATA__": _script_json(page_data(view, title)),
        "__UNKG_APP__": app,
        "__UNKG_CYTOSCAPE__": library,
    }
    # One pass, so a placeholder-like string inside the data or the library is never replaced.
    pattern = re.compile("|".join(re.escape(k) for k in parts))
    return pattern.sub(lambda m: parts[m.group(0)], template)


def write_page(view: View, path: Path, title: str = "unkg graph") -> Path:
    """Write the interactive page to `path` (atomically); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render_page(view, title).encode("utf-8"))
    return path
