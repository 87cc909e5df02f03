"""Analyse stage: the graph store -> networkx projections -> metrics, report data and views.

- `kg.analyse.project`: one explicit function per projection (programme -- mandate, programme
  similarity, citations, document/section -- country/entity, co-mentions, entity hierarchy);
- `kg.analyse.metrics`: PageRank and in-degree, rankings, Louvain communities, document comparison;
- `kg.analyse.report`: `analyse(store)` -> `Analysis` (tables, charts) and its Markdown/HTML text;
- `kg.analyse.view`: the graph `kg visualise` draws, with labels, identifiers and occurrences.

Files are written by `kg.export.visualise`.
"""

from __future__ import annotations

from kg.analyse.metrics import communities, compare_documents, pagerank, resolution_centrality
from kg.analyse.project import (
    PROJECTIONS,
    citation_network,
    co_mentions,
    entity_hierarchy,
    mandate_similarity,
    mention_graph,
    programme_mandates,
)
from kg.analyse.report import analyse
from kg.analyse.view import build_view

__all__ = [
    "PROJECTIONS",
    "analyse",
    "build_view",
    "citation_network",
    "co_mentions",
    "communities",
    "compare_documents",
    "entity_hierarchy",
    "mandate_similarity",
    "mention_graph",
    "pagerank",
    "programme_mandates",
    "resolution_centrality",
]
