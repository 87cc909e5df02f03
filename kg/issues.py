"""Issue rows of one document made readable: repeats aggregated, quoted values clipped.

A document that repeats one bad string 200,000 times gives one issue with a count and the
first few spans, not 200,000 lines; no message copies a whole file.
"""

from __future__ import annotations

from typing import Any

MAX_MESSAGE = 300
"""Longest issue message kept, in characters."""
MAX_SURFACE = 80
"""Longest quoted surface kept, in characters."""
MAX_SPANS = 5
"""Spans listed for a repeated issue besides the first."""


def clip(text: str, limit: int) -> str:
    """Shorten `text` to at most `limit` characters, saying how much was cut.

    Example:
        >>> clip("abcdef", 4)
        'abc… (6 characters)'
        >>> clip("abc", 4)
        'abc'
    """
    if len(text) <= limit:
        return text
    return f"{text[: max(1, limit - 1)]}… ({len(text)} characters)"


def aggregate_issues(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge rows with the same doc, code and message; clip long messages and surfaces.

    The first row of a group is kept (with its span); a repeated group gets `count` and
    `spans` (the first `MAX_SPANS` [start, end] pairs after it). Order: first occurrence.
    """
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        key = (str(row.get("doc")), str(row.get("code")), str(row.get("message")))
        first = groups.get(key)
        if first is None:
            kept = dict(row)
            kept["message"] = clip(str(row.get("message", "")), MAX_MESSAGE)
            if isinstance(kept.get("surface"), str):
                kept["surface"] = clip(kept["surface"], MAX_SURFACE)
            groups[key] = kept
            continue
        first["count"] = first.get("count", 1) + 1
        spans = first.setdefault("spans", [])
        if "start" in row and len(spans) < MAX_SPANS:
            spans.append([row["start"], row["end"]])
    return list(groups.values())
