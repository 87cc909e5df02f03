"""Reference data, organisations: the grammar of organisation names (`organisation-heads.yaml`).

Head nouns and their entity types, boundary words, determiners, generic words... validated against
the entity type scheme, with the tokenizer the recogniser segments clauses with
(`kg.extract.organisations` reads it; it lists no names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.errors import GazetteerError
from kg.reference.gazetteer import read_yaml
from kg.reference.words import Tokenizer

HEAD_KEYS = {"head", "type", "weak", "organ", "collective", "needs", "not_after"}
DOC_KEYS = {
    "scheme",
    "heads",
    "boundary",
    "determiners",
    "coordinators",
    "before_coordinator",
    "generic",
    "name_verbs",
    "classes",
    "markers",
    "leading",
}
NEEDS = (None, "prefix", "convention")


@dataclass(frozen=True)
class Head:
    """A head noun: what a body whose name ends with it is."""

    word: str
    type: str
    weak: bool = False
    organ: bool = False
    collective: bool = False
    needs: str | None = None
    not_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grammar:
    """The validated organisation-name grammar (immutable, shared)."""

    heads: dict[str, Head]
    boundary: frozenset[str]
    determiners: frozenset[str]
    coordinators: frozenset[str]
    before_coordinator: tuple[str, ...]
    generic: tuple[str, ...]  # longest first
    name_verbs: frozenset[str]
    classes: frozenset[str]
    markers: frozenset[str]
    leading: frozenset[str]
    pattern: re.Pattern[str]
    tokenizer: Tokenizer = field(default_factory=Tokenizer, compare=False)

    @cached_property
    def head_words(self) -> tuple[str, ...]:
        """The head nouns, for one `str.endswith` call."""
        return tuple(self.heads)

    @cached_property
    def leading_longest_first(self) -> tuple[str, ...]:
        """The leading words, longest first, ties in code-point order."""
        return tuple(sorted(self.leading, key=lambda w: (-len(w), w)))


def build_grammar(
    doc: Mapping[str, Any],
    types: Sequence[str],
    path: str = "organisation-heads.yaml",
    tokenizer: Tokenizer | None = None,
) -> Grammar:
    """Validate the parsed grammar file against the entity type ids.

    Raises:
        GazetteerError: unknown keys, a head without a type, an unknown type or `needs` value,
            a head listed twice.
    """
    unknown = sorted(set(doc) - DOC_KEYS)
    if unknown:
        raise GazetteerError(f"{path}: unknown top-level key(s) {unknown}; allowed: {sorted(DOC_KEYS)}")
    heads: dict[str, Head] = {}
    for n, item in enumerate(doc.get("heads") or (), 1):
        if not isinstance(item, dict) or not item.get("head") or not item.get("type"):
            raise GazetteerError(f"{path}: head {n} needs 'head' and 'type'")
        bad = sorted(set(item) - HEAD_KEYS)
        if bad:
            raise GazetteerError(
                f"{path}: head {item['head']!r}: unknown key(s) {bad}; allowed: {sorted(HEAD_KEYS)}"
            )
        if item["type"] not in types:
            raise GazetteerError(
                f"{path}: head {item['head']!r} has type {item['type']!r}; expected one of {', '.join(sorted(types))}"
            )
        if item.get("needs") not in NEEDS:
            raise GazetteerError(f"{path}: head {item['head']!r}: needs must be 'prefix' or 'convention'")
        if item["head"] in heads:
            raise GazetteerError(f"{path}: head {item['head']!r} is listed twice")
        heads[item["head"]] = Head(
            str(item["head"]),
            str(item["type"]),
            bool(item.get("weak", False)),
            bool(item.get("organ", False)),
            bool(item.get("collective", False)),
            item.get("needs"),
            tuple(str(w) for w in item.get("not_after", ())),
        )
    if not heads:
        raise GazetteerError(f"{path}: expected a list of 'heads'")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in doc.get(key) or ())

    # longest head first: at one start the regex takes the first alternative that matches
    pattern = re.compile("|".join(re.escape(h) for h in sorted(heads, key=lambda h: (-len(h), h))))
    return Grammar(
        heads,
        words("boundary"),
        words("determiners"),
        words("coordinators"),
        tuple(sorted(words("before_coordinator"), key=lambda w: (-len(w), w))),
        tuple(sorted(words("generic"), key=lambda w: (-len(w), w))),
        words("name_verbs"),
        words("classes"),
        words("markers"),
        words("leading"),
        pattern,
        tokenizer if tokenizer is not None else Tokenizer(),
    )


def load_grammar(path: Path, types: Sequence[str], tokenizer: Tokenizer | None = None) -> Grammar:
    """Read and validate the grammar file at `path` (not cached: `kg.reference.load_resources`
    loads it once and hands it on).

    Raises:
        GazetteerError: the file is not a mapping, or see `build_grammar`.
    """
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise GazetteerError(f"{path}: expected a mapping")
    return build_grammar(data, types, str(path), tokenizer)
