"""Gazetteer loading and matching, for extractors: the code is in `kg.reference.gazetteer`.

Kept so extractor modules import their matcher from their own stage; the reference package is
where gazetteers are loaded, validated and compiled, for extractors and mappings alike.
"""

from __future__ import annotations

from kg.reference.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    Hit,
    Matcher,
    build_gazetteer,
    load_gazetteer,
    matcher_for,
    read_yaml,
    select_longest,
)

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "Hit",
    "Matcher",
    "build_gazetteer",
    "load_gazetteer",
    "matcher_for",
    "read_yaml",
    "select_longest",
]
