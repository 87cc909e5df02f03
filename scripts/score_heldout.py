"""Score the extractors on the frozen held-out set in tests/data/heldout/.

Runs the extractor through its stable command-line interface (`kg extract FILE... --format
jsonl`) on every passage of `organisations.yaml` and every case of `frontmatter/`, and compares
the records with the hand-made gold data:

- organisations: records of kind `entity`, scored (a) by mention (exact raw-file span) and
  (b) as the set of distinct organisations per passage. The key of an organisation is its
  gazetteer id when its name (without a trailing parenthesised abbreviation) is a name of an
  entry of `ontology/gazetteers/entities.yaml` or the record says which entry it is, else its
  normalised name. Precision, recall and F1 are micro-averaged over all passages, and per genre.
- front matter: the first `document` record of each case; its `key`, `title`, `date`,
  `session`, `doc_type` and `organ` are each right or wrong (titles are compared after folding
  full-width characters and removing white space; the rest exactly). A field the record lacks
  counts as null.

Usage:
    python scripts/score_heldout.py [--data DIR] [--json FILE|-] [--details]

The data is frozen: never tune an extractor on it (see tests/data/heldout/README.md).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml

from kg.model import DocType

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "tests" / "data" / "heldout"
FIELDS = ("key", "title", "date", "session", "doc_type", "organ")
DOC_TYPES = get_args(DocType)  # the genres the document extractor names (kg/model.py)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRAILING_ABBREVIATION = re.compile(r"(?<=\S)\s*\([^()]+\)$")


class DataError(ValueError):
    """The held-out data is malformed; the message says which file and item."""


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise DataError(f"{path}: cannot read ({e.strerror}); pass the held-out folder with --data") from e
    except yaml.YAMLError as e:
        raise DataError(f"{path}: not valid YAML: {e}") from e


# ---------------------------------------------------------------- loading and validation


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Passage:
    id: str
    genre: str
    text: str
    gold: tuple[Mention, ...]


@dataclass(frozen=True)
class Case:
    id: str
    genre: str
    text: str
    expected: dict[str, Any]


def _occurrence_start(text: str, surface: str, occurrence: int) -> int | None:
    """Start of the `occurrence`-th (1-based, overlapping) occurrence of `surface` in `text`."""
    i, n = text.find(surface), 0
    while i >= 0:
        n += 1
        if n == occurrence:
            return i
        i = text.find(surface, i + 1)
    return None


def load_passages(path: Path) -> list[Passage]:
    """Read and validate organisations.yaml; raise DataError naming the passage and item."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("passages"), list):
        raise DataError(f"{path}: expected a mapping with a 'passages' list")
    out: list[Passage] = []
    seen: set[str] = set()
    for n, p in enumerate(data["passages"], 1):
        where = f"{path}: passage #{n}"
        if not isinstance(p, dict) or set(p) != {"id", "genre", "text", "gold"}:
            raise DataError(f"{where}: expected exactly the keys id, genre, text, gold")
        pid, genre, text, gold = p["id"], p["genre"], p["text"], p["gold"]
        if not (isinstance(pid, str) and re.fullmatch(r"[a-z0-9-]+", pid)) or pid in seen:
            raise DataError(f"{where}: id {pid!r} must be a unique lowercase slug")
        seen.add(pid)
        where = f"{path}: passage {pid!r}"
        if not isinstance(genre, str) or not genre or not isinstance(text, str) or not text.strip():
            raise DataError(f"{where}: genre and text must be non-empty strings")
        if not isinstance(gold, list):
            raise DataError(f"{where}: gold must be a list (empty when the passage names no organisation)")
        mentions: list[Mention] = []
        for g in gold:
            if not isinstance(g, dict) or set(g) != {"surface", "occurrence", "start", "end"}:
                raise DataError(f"{where}: gold item {g!r} must have surface, occurrence, start, end")
            s, occ, a, b = g["surface"], g["occurrence"], g["start"], g["end"]
            if not isinstance(s, str) or not s or not isinstance(occ, int) or occ < 1:
                raise DataError(f"{where}: gold item {g!r}: bad surface or occurrence")
            if _occurrence_start(text, s, occ) != a or not isinstance(b, int) or text[a:b] != s:
                raise DataError(
                    f"{where}: gold item {s!r}: occurrence {occ} and offsets {a}-{b} disagree with the text"
                )
            mentions.append(Mention(a, b, s))
        mentions.sort(key=lambda m: (m.start, m.end))
        for x, y in zip(mentions, mentions[1:], strict=False):
            if y.start < x.end:
                raise DataError(f"{where}: gold mentions {x.surface!r} and {y.surface!r} overlap")
        out.append(Passage(pid, genre, text, tuple(mentions)))
    return out


def load_cases(folder: Path) -> list[Case]:
    """Read and validate frontmatter/<case>/{input.txt,expected.json}."""
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder; pass the held-out folder with --data")
    out: list[Case] = []
    for d in sorted(p for p in folder.iterdir() if p.is_dir()):
        inp, exp = d / "input.txt", d / "expected.json"
        if not inp.is_file() or not exp.is_file():
            raise DataError(f"{d}: expected input.txt and expected.json")
        try:
            e = json.loads(exp.read_text(encoding="utf-8"))
        except json.JSONDecodeError as x:
            raise DataError(f"{exp}: not valid JSON: {x}") from x
        required = {"genre", "key", "title", "date", "session", "doc_type"}
        if not isinstance(e, dict) or not required <= set(e) or not set(e) <= required | {"organ"}:
            raise DataError(f"{exp}: keys must be {sorted(required)} and optionally 'organ'")
        if not (e["key"] is None or isinstance(e["key"], str) and e["key"] and " " not in e["key"]):
            raise DataError(f"{exp}: key must be a canonical symbol without spaces, or null")
        if not (e["date"] is None or isinstance(e["date"], str) and _ISO_DATE.fullmatch(e["date"])):
            raise DataError(f"{exp}: date must be an ISO date YYYY-MM-DD or null")
        if not (e["session"] is None or type(e["session"]) is int):
            raise DataError(f"{exp}: session must be an int or null")
        if e["doc_type"] not in DOC_TYPES:
            raise DataError(f"{exp}: doc_type {e['doc_type']!r} not one of {', '.join(DOC_TYPES)}")
        if not (e["title"] is None or isinstance(e["title"], str) and e["title"]):
            raise DataError(f"{exp}: title must be a non-empty string or null")
        out.append(Case(d.name, e["genre"], inp.read_text(encoding="utf-8"), e))
    return out


# ---------------------------------------------------------------- keys


def fold(s: str) -> str:
    """NFKC and no white space: how names and titles are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def load_entity_names(path: Path) -> dict[str, str]:
    """Folded name (label, alias, English name, acronym) -> gazetteer id."""
    data = _read_yaml(path)
    entries = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise DataError(f"{path}: expected an 'entries' list")
    names: dict[str, str] = {}
    for e in entries:
        for name in [e.get("label"), e.get("label_en"), e.get("acronym"), *(e.get("aliases") or [])]:
            if isinstance(name, str) and name:
                names.setdefault(fold(name), str(e["id"]))
    return names


def org_key(surface: str, names: Mapping[str, str]) -> str:
    """The set key of an organisation name: its gazetteer id, else the folded name."""
    name = fold(surface)
    bare = _TRAILING_ABBREVIATION.sub("", name)
    return names.get(name) or names.get(bare) or bare


# ---------------------------------------------------------------- running the extractor


def run_extract(files: Sequence[Path]) -> dict[str, list[dict[str, Any]]]:
    """Run `kg extract FILES --format jsonl` in process; records grouped by document id."""
    from kg.cli import main

    buf = io.StringIO()
    with redirect_stdout(buf):
        status = main(["extract", *map(str, files), "--format", "jsonl"])
    if status != 0:
        raise RuntimeError(f"kg extract exited with status {status}")
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in buf.getvalue().splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["doc"]].append(rec)
    return out


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_bytes(text.encode("utf-8"))
    return path


# ---------------------------------------------------------------- scoring


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Any], pred: set[Any]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "p": round(p, 4),
            "r": round(r, 4),
            "f1": round(f, 4),
        }


def predicted_mentions(p: Passage, records: Iterable[Mapping[str, Any]]) -> list[Mention]:
    """The `entity` records of a passage as mentions; checks the raw-offset contract."""
    out = []
    for r in records:
        if r.get("kind") != "entity":
            continue
        a, b = r["start"], r["end"]
        if p.text[a:b] != r["raw_surface"]:
            raise RuntimeError(f"{p.id}: record {r['surface']!r} at {a}-{b} does not match the raw text")
        out.append(Mention(a, b, p.text[a:b]))
    return out


def _pred_key(r: Mapping[str, Any], names: Mapping[str, str]) -> str:
    if r.get("entity_id") and r.get("key"):
        return str(r["key"])
    return org_key(r["raw_surface"], names)


def score_organisations(
    passages: Sequence[Passage], records: Mapping[str, Sequence[Mapping[str, Any]]], names: Mapping[str, str]
) -> dict[str, Any]:
    """Mention and set P/R/F1, overall and per genre, with the errors of each passage."""
    mentions, sets = Counts(), Counts()
    by_genre: dict[str, tuple[Counts, Counts]] = defaultdict(lambda: (Counts(), Counts()))
    details = []
    for p in passages:
        recs = [r for r in records.get(p.id, []) if r.get("kind") == "entity"]
        pred = predicted_mentions(p, recs)
        gold_spans = {(m.start, m.end) for m in p.gold}
        pred_spans = {(m.start, m.end) for m in pred}
        gold_keys = {org_key(m.surface, names) for m in p.gold}
        pred_keys = {_pred_key(r, names) for r in recs}
        for c in (mentions, by_genre[p.genre][0]):
            c.add(gold_spans, pred_spans)
        for c in (sets, by_genre[p.genre][1]):
            c.add(gold_keys, pred_keys)
        details.append(
            {
                "id": p.id,
                "genre": p.genre,
                "missed": [p.text[a:b] for a, b in sorted(gold_spans - pred_spans)],
                "spurious": [p.text[a:b] for a, b in sorted(pred_spans - gold_spans)],
                "missed_keys": sorted(gold_keys - pred_keys),
                "spurious_keys": sorted(pred_keys - gold_keys),
            }
        )
    return {
        "passages": len(passages),
        "gold_mentions": sum(len(p.gold) for p in passages),
        "mentions": mentions.as_dict(),
        "sets": sets.as_dict(),
        "per_genre": {
            g: {"passages": sum(p.genre == g for p in passages), "mentions": m.as_dict(), "sets": s.as_dict()}
            for g, (m, s) in sorted(by_genre.items())
        },
        "details": details,
    }


def _same(field: str, expected: Any, got: Any) -> bool:
    if field == "title" and isinstance(expected, str) and isinstance(got, str):
        return fold(expected) == fold(got)
    if field == "session":
        return type(got) is type(expected) and got == expected
    return bool(expected == got)


def score_frontmatter(
    cases: Sequence[Case], records: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Right/wrong per field of the first `document` record, overall and per genre."""
    right: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    details = []
    organ_present = 0
    for c in cases:
        doc = next((r for r in records.get(c.id, []) if r.get("kind") == "document"), {})
        organ_present += "organ" in doc
        row: dict[str, Any] = {"id": c.id, "genre": c.genre, "has_document_record": bool(doc), "fields": {}}
        for f in FIELDS:
            if f not in c.expected:
                continue
            ok = _same(f, c.expected[f], doc.get(f))
            for g in ("all", c.genre):
                total[g][f] += 1
                right[g][f] += ok
            row["fields"][f] = {"ok": ok, "expected": c.expected[f], "got": doc.get(f)}
        details.append(row)

    def acc(g: str) -> dict[str, float]:
        return {f: round(right[g][f] / total[g][f], 4) for f in FIELDS if total[g][f]}

    return {
        "cases": len(cases),
        "organ_field_present": organ_present,
        "accuracy": acc("all"),
        "per_genre": {
            g: {"cases": sum(c.genre == g for c in cases), "accuracy": acc(g)}
            for g in sorted(total)
            if g != "all"
        },
        "details": details,
    }


def score(data: Path) -> dict[str, Any]:
    """Load, run and score both parts of the held-out set."""
    passages = load_passages(data / "organisations.yaml")
    cases = load_cases(data / "frontmatter")
    names = load_entity_names(ROOT / "ontology" / "gazetteers" / "entities.yaml")
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        folder = Path(tmp)
        (folder / "org").mkdir()
        (folder / "fm").mkdir()
        org_records = run_extract([_write(folder / "org", p.id, p.text) for p in passages])
        fm_records = run_extract([_write(folder / "fm", c.id, c.text) for c in cases])
    return {
        "organisations": score_organisations(passages, org_records, names),
        "frontmatter": score_frontmatter(cases, fm_records),
    }


# ---------------------------------------------------------------- report


def _prf(d: Mapping[str, Any]) -> str:
    return f"{d['p']:6.3f} {d['r']:6.3f} {d['f1']:6.3f}  (tp {d['tp']}, fp {d['fp']}, fn {d['fn']})"


def format_report(result: Mapping[str, Any], details: bool = False) -> str:
    o, f = result["organisations"], result["frontmatter"]
    lines = [
        f"Organisations: {o['passages']} passages, {o['gold_mentions']} gold mentions",
        f"{'':24}{'P':>6} {'R':>6} {'F1':>6}",
        f"{'mentions (exact span)':24}{_prf(o['mentions'])}",
        f"{'sets (per passage)':24}{_prf(o['sets'])}",
        "",
        f"{'genre':22}{'n':>3}  {'mention P/R/F1':22}  set P/R/F1",
    ]
    for g, d in o["per_genre"].items():
        m, s = d["mentions"], d["sets"]
        lines.append(
            f"{g:22}{d['passages']:>3}  {m['p']:.3f} {m['r']:.3f} {m['f1']:.3f}    {s['p']:.3f} {s['r']:.3f} {s['f1']:.3f}"
        )
    lines += ["", f"Front matter: {f['cases']} cases (organ field present in {f['organ_field_present']})"]
    lines.append(f"{'genre':22}{'n':>3}  " + " ".join(f"{x:>8}" for x in FIELDS))

    def row(name: str, n: int, acc: Mapping[str, float]) -> str:
        return f"{name:22}{n:>3}  " + " ".join(f"{acc[x]:8.2f}" if x in acc else f"{'-':>8}" for x in FIELDS)

    lines.append(row("all", f["cases"], f["accuracy"]))
    for g, d in f["per_genre"].items():
        lines.append(row(g, d["cases"], d["accuracy"]))
    if details:
        lines += ["", "Organisation errors:"]
        for d in o["details"]:
            if d["missed"] or d["spurious"]:
                lines.append(f"  {d['id']}: missed {d['missed']} spurious {d['spurious']}")
        lines += ["", "Front-matter errors:"]
        for d in f["details"]:
            for k, v in d["fields"].items():
                if not v["ok"]:
                    lines.append(f"  {d['id']}.{k}: expected {v['expected']!r} got {v['got']!r}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score the extractors on the frozen held-out set.")
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="held-out folder (default: tests/data/heldout)"
    )
    ap.add_argument(
        "--json", metavar="FILE", help="also write the full result as JSON to FILE ('-' = stdout)"
    )
    ap.add_argument("--details", action="store_true", help="list every missed and spurious item")
    args = ap.parse_args(argv)
    try:
        result = score(args.data)
    except DataError as e:
        print(f"score_heldout: bad held-out data: {e}", file=sys.stderr)
        return 2
    text = json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if args.json == "-":
        sys.stdout.write(text)
        return 0
    sys.stdout.write(format_report(result, args.details))
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
