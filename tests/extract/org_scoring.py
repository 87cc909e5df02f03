"""Score an organisation recogniser on annotated passages (precision, recall, F1).

Independent of `kg`: a recogniser is any function `text -> [(start, end, surface, key)]`. Gold
passages come from `tests/data/organisations/*.yaml` (see the file header for the format). Two
scores, micro-averaged over all passages:

- `set`: per passage, the set of distinct organisations (gazetteer id of a listed entity, else
  the name without a trailing parenthesised abbreviation);
- `mention`: mentions by exact span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Prediction = tuple[int, int, str, str]
Recogniser = Callable[[str], Sequence[Prediction]]

_ABBREVIATION = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    gold_spans: tuple[tuple[int, int], ...]
    gold_keys: frozenset[str]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} (tp={self.tp} fp={self.fp} fn={self.fn})"


def name_key(surface: str) -> str:
    """The set key of an open-class name: the surface without a trailing (abbreviation)."""
    return _ABBREVIATION.sub("", surface).strip()


def load_passages(path: Path) -> list[Passage]:
    """Read a passages file; gold spans are found in text order (the nth listed surface after
    the previous one). Raises ValueError when a gold surface is not in the text."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    passages = []
    for item in data["passages"]:
        text = item["text"]
        spans, keys, at = [], set(), 0
        for g in item["gold"] or ():
            start = text.find(g["surface"], at)
            if start < 0:
                raise ValueError(
                    f"{path}: passage {item['id']}: {g['surface']!r} not found after offset {at}"
                )
            spans.append((start, start + len(g["surface"])))
            keys.add(g.get("id") or name_key(g["surface"]))
            at = start + 1
        passages.append(Passage(item["id"], text, tuple(spans), frozenset(keys)))
    return passages


def score(passages: Sequence[Passage], recognise: Recogniser) -> dict[str, Score]:
    """Micro-averaged set-level and mention-level scores of `recognise` on `passages`."""
    counts = {"set": [0, 0, 0], "mention": [0, 0, 0]}
    for p in passages:
        predicted = list(recognise(p.text))
        spans = {(s, e) for s, e, _, _ in predicted}
        keys = {k for _, _, _, k in predicted}
        for level, got, gold in (("mention", spans, set(p.gold_spans)), ("set", keys, set(p.gold_keys))):
            counts[level][0] += len(got & gold)
            counts[level][1] += len(got - gold)
            counts[level][2] += len(gold - got)
    return {level: Score(*c) for level, c in counts.items()}


def errors(passages: Sequence[Passage], recognise: Recogniser) -> list[str]:
    """Readable list of span errors (for development)."""
    out = []
    for p in passages:
        predicted = {(s, e): k for s, e, _, k in recognise(p.text)}
        for s, e in sorted(set(predicted) - set(p.gold_spans)):
            out.append(f"{p.id} FP {p.text[s:e]!r} key={predicted[(s, e)]!r}")
        for s, e in sorted(set(p.gold_spans) - set(predicted)):
            out.append(f"{p.id} FN {p.text[s:e]!r}")
    return out
