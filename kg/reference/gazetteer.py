"""Gazetteers: load and validate YAML name lists, and find their names in normalised text.

A gazetteer file is a YAML list of entries `{id, label, aliases, ...}`; `id` is the stable key
minted into IRIs and never reused. Aliases go through `normalise_fragment`, the same
normalisation as document text, so full-width or spaced variants match.

Overlap policy (one function, `select_longest`, used by the country and entity extractors after
their context rules): the longest candidate wins, ties go to the earliest start, so a name inside
a longer listed name (印度 inside 印度洋, 马里 inside 索马里, 加纳 inside 纳米比亚 in 增加纳米比亚)
is never reported on its own. `Matcher.longest_matches` is the plain leftmost-longest scan, for
names learned within one document (abbreviations), where no candidate is filtered first.
Context rules (`ContextRule`) reject a candidate by the words around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from kg.errors import GazetteerError
from kg.ingest.normalise import normalise_fragment
from kg.model import Span

_REQUIRED = ("id", "label", "aliases")


@dataclass(frozen=True)
class GazetteerEntry:
    """One gazetteer entry; `data` holds the optional fields the gazetteer kind allows."""

    id: str
    label: str
    aliases: tuple[str, ...]
    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """Return optional field `key`."""
        return self.data.get(key, default)


@dataclass(frozen=True)
class Gazetteer:
    """A validated gazetteer: entries by id and the normalised alias index."""

    name: str
    path: str
    entries: tuple[GazetteerEntry, ...]
    by_id: dict[str, GazetteerEntry]
    alias_index: dict[str, str]  # normalised alias -> entry id

    def __len__(self) -> int:
        return len(self.entries)


def load_gazetteer(path: str | Path, *, optional_keys: Iterable[str] = ()) -> Gazetteer:
    """Load and validate a gazetteer YAML file.

    Args:
        path: the YAML file (a list of entries, or a mapping with an `entries` list).
        optional_keys: keys an entry may carry besides id, label and aliases.

    Raises:
        GazetteerError: unreadable file, unknown key, missing or empty field, duplicate id, or an
            alias (after normalisation) claimed by two entries.
    """
    p = Path(path)
    data = read_yaml(p)
    if isinstance(data, dict):
        data = data.get("entries")
    if not isinstance(data, list):
        raise GazetteerError(f"{p}: expected a list of entries (or a mapping with 'entries')")
    return build_gazetteer(p.stem, str(p), data, optional_keys=optional_keys)


# libyaml's safe loader when PyYAML was built with it: the same data, about 3x faster to parse
# the gazetteers, which every build process reads.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """Parse a gazetteer file with YAML's safe subset.

    Raises:
        GazetteerError: the file cannot be read or is not valid YAML (the message names it).
    """
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as err:
        raise GazetteerError(f"{path}: cannot read gazetteer: {err}") from None


def build_gazetteer(
    name: str, path: str, items: Sequence[Any], *, optional_keys: Iterable[str] = ()
) -> Gazetteer:
    """Validate raw entries (see `load_gazetteer`) and index their aliases."""
    allowed = set(_REQUIRED) | set(optional_keys)
    entries: list[GazetteerEntry] = []
    by_id: dict[str, GazetteerEntry] = {}
    alias_index: dict[str, str] = {}
    for n, item in enumerate(items):
        where = f"{path}: entry {n + 1}"
        if not isinstance(item, dict):
            raise GazetteerError(f"{where}: expected a mapping, got {type(item).__name__}")
        unknown = sorted(set(item) - allowed)
        if unknown:
            raise GazetteerError(
                f"{where} ({item.get('id')!r}): unknown key(s) {unknown}; allowed: {sorted(allowed)}"
            )
        for key in _REQUIRED:
            if not item.get(key):
                raise GazetteerError(f"{where} ({item.get('id')!r}): missing or empty {key!r}")
        eid = str(item["id"])
        if eid in by_id:
            raise GazetteerError(f"{where}: duplicate id {eid!r}")
        aliases = item["aliases"]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise GazetteerError(f"{where} ({eid!r}): aliases must be a list of non-empty strings")
        label = str(item["label"])
        names = [label, *aliases]
        for alias in names:
            key = normalise_fragment(alias)
            other = alias_index.get(key)
            if other is not None and other != eid:
                raise GazetteerError(f"{path}: alias {alias!r} is claimed by both {other!r} and {eid!r}")
            alias_index[key] = eid
        entry = GazetteerEntry(
            eid, label, tuple(dict.fromkeys(aliases)), {k: v for k, v in item.items() if k not in _REQUIRED}
        )
        entries.append(entry)
        by_id[eid] = entry
    return Gazetteer(name, path, tuple(entries), by_id, alias_index)


@dataclass(frozen=True)
class ContextRule:
    """Reject a candidate when the text before it ends with / after it starts with one of these.

    With `skip_spaces` (the country gazetteer's rules) spaces between the candidate and the
    context word are skipped, looking at most 6 characters away: UN Chinese prints spaces around
    digits ("31 日本报告").

    Example:
        >>> ContextRule(not_before=("31",), skip_spaces=True).rejects("31 日本报告", 3, 5)
        True
        >>> ContextRule(not_before=("31",)).rejects("31 日本报告", 3, 5)
        False
    """

    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    skip_spaces: bool = False

    def rejects(self, text: str, start: int, end: int) -> bool:
        """Return True when the candidate `text[start:end]` is a word-boundary accident."""
        if self.skip_spaces:
            before = text[max(0, start - 6) : start].rstrip(" ")
            after = text[end : end + 6].lstrip(" ")
            return any(before.endswith(s) for s in self.not_before) or any(
                after.startswith(s) for s in self.not_after
            )
        return any(text.endswith(s, 0, start) for s in self.not_before) or any(
            text.startswith(s, end) for s in self.not_after
        )


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer name found in text: span over the searched text and the entry id."""

    span: Span
    surface: str
    key: str


class Matcher:
    """Leftmost-longest exact matching of many names (Aho-Corasick automaton).

    Example:
        >>> m = Matcher({"印度": "IND", "印度洋": "ocean:indian", "马里": "MLI", "索马里": "SOM"})
        >>> [(h.surface, h.key) for h in m.longest_matches("印度洋和索马里以及马里")]
        [('印度洋', 'ocean:indian'), ('索马里', 'SOM'), ('马里', 'MLI')]
    """

    def __init__(self, names: dict[str, str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for name, key in sorted(names.items()):
            if name:
                self._automaton.add_word(name, (name, key))
        self._empty = not names
        if not self._empty:
            self._automaton.make_automaton()
        # the last text's matches: the country and entity extractors and the organisation
        # recogniser ask for the same document's matches more than once
        self._last: tuple[str, tuple[Hit, ...]] | None = None

    def longest_matches(self, text: str) -> list[Hit]:
        """Return non-overlapping leftmost-longest matches in `text`.

        Latin-script names only match at Latin word boundaries (UNDP is not found in UNDPA).
        """
        if self._empty:
            return []
        hits = _word_hits(self._automaton.iter_long(text), text)
        return hits

    def all_matches(self, text: str) -> list[Hit]:
        """Return every occurrence of every name in `text`, overlapping ones included.

        The same Latin word-boundary rule as `longest_matches` applies. Callers that filter
        candidates (context rules) before resolving overlaps use this with `select_longest`.

        Example:
            >>> m = Matcher({"加纳": "GHA", "纳米比亚": "NAM"})
            >>> [(h.surface, h.span.start) for h in m.all_matches("增加纳米比亚")]
            [('加纳', 1), ('纳米比亚', 2)]
        """
        if self._empty:
            return []
        last = self._last
        if last is not None and last[0] == text:
            return list(last[1])
        hits = _word_hits(self._automaton.iter(text), text)
        hits.sort(key=lambda h: (h.span.start, -h.span.end))
        self._last = (text, tuple(hits))
        return hits


def select_longest(hits: Iterable[Hit]) -> list[Hit]:
    """Resolve overlapping candidates: longest wins, ties go to the earliest start.

    This is the project's overlap policy for candidates that were filtered first (STYLE 3):
    a long name beats a shorter one it overlaps even when the shorter one starts earlier
    ("增加纳米比亚": 纳米比亚, not 加纳). Returns the kept hits in text order.

    Example:
        >>> m = Matcher({"加纳": "GHA", "纳米比亚": "NAM", "印度": "IND", "印度洋": "ocean"})
        >>> [h.surface for h in select_longest(m.all_matches("增加纳米比亚和印度洋"))]
        ['纳米比亚', '印度洋']
    """
    taken: set[int] = set()
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.span.start - h.span.end, h.span.start)):
        cells = range(hit.span.start, hit.span.end)
        if not taken.isdisjoint(cells):
            continue
        taken.update(cells)
        kept.append(hit)
    kept.sort(key=lambda h: h.span.start)
    return kept


def _word_hits(found: Iterable[tuple[int, tuple[str, str]]], text: str) -> list[Hit]:
    """Hits of the automaton's (end index, (name, key)) pairs, less Latin names inside Latin words."""
    hits: list[Hit] = []
    for end_idx, (name, key) in found:
        start = end_idx - len(name) + 1
        end = end_idx + 1
        if name[0].isascii() and name[0].isalnum() and start > 0 and _latin(text[start - 1]):
            continue
        if name[-1].isascii() and name[-1].isalnum() and end < len(text) and _latin(text[end]):
            continue
        hits.append(Hit(Span(start, end), name, key))
    return hits


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def matcher_for(*gazetteers: Gazetteer, extra: dict[str, str] | None = None) -> Matcher:
    """Build one matcher over the aliases of several gazetteers (later ones do not override)."""
    names: dict[str, str] = {}
    for g in gazetteers:
        for alias, eid in g.alias_index.items():
            names.setdefault(alias, eid)
    for alias, key in (extra or {}).items():
        names.setdefault(normalise_fragment(alias), key)
    return Matcher(names)
