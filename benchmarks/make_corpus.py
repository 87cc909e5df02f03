"""Make a deterministic synthetic corpus from the bundled sample corpus (for benchmarks only).

Document `i` is derived from sample document `i mod 3` with its own random stream (seeded by
`seed` and `i`), so the first N documents are the same whatever the corpus size. Each copy varies
what caches could otherwise key on: document symbols and other numbers (new digits, same length),
years (shifted), country and entity names (swapped among the entries of each gazetteer in
`ontology/gazetteers/*.yaml`, when there are any) and the order of some adjacent numbered paragraphs (their numbers stay in place).
Structure is kept: numbering at the start of a line (paragraph numbers) is never changed.

Usage: python benchmarks/make_corpus.py N OUT_DIR [--seed S] [--max-chars C]
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml

from kg.paths import ontology_dir, sample_corpus_dir

_YEAR = re.compile(r"(?<![\d/.])(?:19|20)\d\d(?![\d])")
_NUMBER = re.compile(r"\d{2,}")
_LEADING_NUMBER = re.compile(r"^\s*(?:[(（]?\d+(?:\.\d+)*[.)）]?\s*)?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_NUMBERED = re.compile(r"\s*\d{1,3}\.\s")


def sample_files() -> list[Path]:
    """The sample documents the synthetic corpus is derived from, sorted by name."""
    return sorted(p for p in sample_corpus_dir().glob("*.txt"))


def truncate(text: str, max_chars: int | None) -> str:
    """`text` cut at the last paragraph break within `max_chars` characters (None: all of it)."""
    if max_chars is None or len(text) <= max_chars:
        return text
    cut = text.rfind("\n\n", 0, max_chars)
    return text[: cut if cut > 0 else max_chars]


@lru_cache(maxsize=4)
def _gazetteer_names(folder: Path) -> tuple[tuple[tuple[str, ...], ...], ...]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
    out: list[tuple[tuple[str, ...], ...]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        entries = data.get("entries", data) if isinstance(data, dict) else data
        names: list[tuple[str, ...]] = []
        for e in entries or []:
            if not isinstance(e, dict) or str(e.get("id", "")).startswith("trap:"):
                continue
            forms = [str(e["label"])] if e.get("label") else []
            forms += [str(a) for a in e.get("aliases") or [] if a]
            forms = [f for f in dict.fromkeys(forms) if len(f) >= 2]
            if forms:
                names.append(tuple(forms))
        if len(names) >= 2:
            out.append(tuple(names))
    return tuple(out)


def gazetteer_names() -> list[list[list[str]]]:
    """Per gazetteer file, per entry: its label and aliases (what name swapping draws from)."""
    return [[list(forms) for forms in names] for names in _gazetteer_names(ontology_dir() / "gazetteers")]


class _Varier:
    """Rewrites one document's text with one random stream."""

    def __init__(self, rng: random.Random, gazetteers: list[list[list[str]]]) -> None:
        self.rng = rng
        self.year_shift = rng.randint(-8, 4)
        self.swap: dict[str, str] = {}
        for entries in gazetteers:
            targets = entries[:]
            rng.shuffle(targets)
            for src, dst in zip(entries, targets, strict=True):
                for form in src:
                    self.swap.setdefault(form, dst[0])
        names = sorted(self.swap, key=lambda s: (-len(s), s))
        self.names = re.compile("|".join(map(re.escape, names))) if names else None

    def number(self, m: re.Match[str]) -> str:
        s = m.group(0)
        if _YEAR.fullmatch(s):
            return str(int(s) + self.year_shift)
        first = str(self.rng.randint(1, 9)) if s[0] != "0" else "0"
        return first + "".join(str(self.rng.randint(0, 9)) for _ in s[1:])

    def line(self, text: str) -> str:
        lead = _LEADING_NUMBER.match(text)
        cut = lead.end() if lead else 0
        body = _NUMBER.sub(self.number, text[cut:])
        if self.names is not None:
            body = self.names.sub(lambda m: self.swap[m.group(0)], body)
        return text[:cut] + body

    def text(self, raw: str) -> str:
        lines = [self.line(t) for t in raw.split("\n")]
        chunks = _PARAGRAPH_BREAK.split("\n".join(lines))
        # numbered paragraphs: from a chunk starting "12. " up to the next such chunk
        starts = [k for k, c in enumerate(chunks) if _NUMBERED.match(c)]
        groups = list(zip(starts, starts[1:], strict=False))
        k = 0
        while k + 1 < len(groups):
            (a, b), (c, d) = groups[k], groups[k + 1]
            if b == c and self.rng.random() < 0.3:
                # swap the two paragraphs' bodies; the numbers stay where they were
                na, nc = _NUMBERED.match(chunks[a]), _NUMBERED.match(chunks[c])
                assert na is not None and nc is not None
                body_a = [chunks[a][na.end() :], *chunks[a + 1 : b]]
                body_c = [chunks[c][nc.end() :], *chunks[c + 1 : d]]
                new = [na.group(0) + body_c[0], *body_c[1:], nc.group(0) + body_a[0], *body_a[1:]]
                chunks[a:d] = new
                mid = a + len(body_c)
                groups[k], groups[k + 1] = (a, mid), (mid, d)
                k += 2
            else:
                k += 1
        return "\n\n".join(chunks)


def make_document(
    i: int, seed: int, sources: Sequence[tuple[str, str]], gazetteers: list[list[list[str]]]
) -> tuple[str, str]:
    """Return (file name, text) of synthetic document `i`."""
    stem, raw = sources[i % len(sources)]
    rng = random.Random(f"{seed}:{i}")
    return f"syn{i:05d}_{stem[:3]}.txt", _Varier(rng, gazetteers).text(raw)


def make_corpus(n: int, out_dir: str | Path, seed: int = 0, max_chars: int | None = None) -> list[Path]:
    """Write `n` synthetic documents into `out_dir` (created); return their paths.

    `max_chars` cuts every source document short (at a paragraph break) first: a small corpus
    that still runs every stage, for smoke tests.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sources = [(p.stem, truncate(p.read_text(encoding="utf-8"), max_chars)) for p in sample_files()]
    gazetteers = gazetteer_names()
    paths: list[Path] = []
    for i in range(n):
        name, text = make_document(i, seed, sources, gazetteers)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    p = argparse.ArgumentParser(description="Write a deterministic synthetic corpus derived from the sample.")
    p.add_argument("n", type=int, help="number of documents")
    p.add_argument("out_dir", help="folder to write them to (created)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument("--max-chars", type=int, help="cut each source document to about this many characters")
    args = p.parse_args(argv)
    paths = make_corpus(args.n, args.out_dir, args.seed, args.max_chars)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {size / 1e6:.1f} MB, to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
