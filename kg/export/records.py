"""Records -> JSON objects for `kg extract --format jsonl` and `records.jsonl`.

Every object has `doc`, `kind`, `key`, `surface` (normalised text), `raw_surface`, `start`, `end`
(raw offsets: `raw[start:end] == raw_surface`), `paragraph` (printed number of the paragraph the
fact was read in, if numbered), `block` (block index), `rule`, plus the record's own fields.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from typing import Any

from kg.model import RECORD_TYPES, CitedSymbol, Doc, Figure, Issue, Record, record_kind


def record_key(record: Record) -> str | int | None:
    """The JSONL `key` of a record (see README, "Record dump"): what its type declares."""
    return record.record_key()


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value  # most fields
    if isinstance(value, (CitedSymbol, Figure)):
        return dataclasses.asdict(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def record_to_json(doc: Doc, record: Any) -> dict[str, Any]:
    """Flatten a record into the JSONL object described in the module docstring."""
    ev = record.evidence
    rs, re_ = doc.raw_span(ev.span)
    blk = doc.paragraph_of(ev.span.start)
    out: dict[str, Any] = {
        "doc": doc.id,
        "kind": record_kind(record),
        "key": record_key(record),
        "surface": doc.text[ev.span.start : ev.span.end],
        "raw_surface": doc.raw[rs:re_],
        "start": rs,
        "end": re_,
        "paragraph": blk.number if blk else None,
        "block": blk.index if blk else None,
        "rule": ev.rule,
    }
    for name in _own_fields(type(record)):
        value = _plain(getattr(record, name))
        if name in out:
            if value != out[name]:  # a record field that shadows a common one, e.g. a heading's own number
                out[f"{name}_"] = value
        else:
            out[name] = value
    return out


_OWN_FIELDS: dict[type, tuple[str, ...]] = {}


def _own_fields(cls: type) -> tuple[str, ...]:
    """The fields of a record type that `record_to_json` copies, in declaration order (evidence,
    doc_id and key are in the common part); found once per type."""
    names = _OWN_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("evidence", "doc_id", "key"))
        _OWN_FIELDS[cls] = names
    return names


def issue_to_json(doc: Doc | None, issue: Issue, path: str = "") -> dict[str, Any]:
    """Flatten an issue; spans become raw offsets when the document is known."""
    out: dict[str, Any] = {"doc": issue.doc_id, "path": path, "code": issue.code, "severity": issue.severity}
    out["message"] = issue.message
    if issue.span is not None and doc is not None:
        rs, re_ = doc.raw_span(issue.span)
        out.update(start=rs, end=re_, surface=doc.raw[rs:re_])
    return out


def dumps(obj: dict[str, Any]) -> str:
    """One JSONL line (UTF-8, stable key order as built)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# --- the README's "Record dump" entries, generated from the record types ------------------------

README_BEGIN = (
    "<!-- record kinds: generated from the DUMP texts of kg/model.py by "
    "`python -m kg.export.records --readme`; edit them there -->"
)
README_END = "<!-- end of record kinds -->"


def readme_kinds_block(types: tuple[type, ...] = RECORD_TYPES) -> str:
    """The README's list of record kinds: one bullet a kind, `- `kind` DUMP`, in `Record` order."""
    lines = [README_BEGIN]
    seen: set[str] = set()
    for t in types:
        kind = str(getattr(t, "KIND", ""))
        if kind in seen:  # a subtype of a kind (open-class organisations) shares its entry
            continue
        seen.add(kind)
        dump = getattr(t, "DUMP", None)
        if not dump:
            raise ValueError(
                f"{t.__name__} has no DUMP text: give it `DUMP: ClassVar[str]` in kg/model.py "
                "(its key in brackets, then every field it adds to the JSONL row)"
            )
        lines.append(
            textwrap.fill(
                f"`{kind}` {dump}",
                width=100,
                initial_indent="- ",
                subsequent_indent="  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    lines.append(README_END)
    return "\n".join(lines)


def with_kinds_block(readme: str) -> str:
    """`readme` with its generated block replaced by `readme_kinds_block()`.

    Raises:
        ValueError: the README has no such block (or a broken one).
    """
    start, end = readme.find(README_BEGIN), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"README has no record-kinds block: put {README_BEGIN!r} ... {README_END!r} in it")
    return readme[:start] + readme_kinds_block() + readme[end + len(README_END) :]


def main(argv: list[str] | None = None) -> int:
    """`python -m kg.export.records --readme [--check] [PATH]`: write (or check) README's kinds."""
    import argparse
    import sys
    from pathlib import Path

    ap = argparse.ArgumentParser(
        prog="python -m kg.export.records",
        description='Regenerate the record kinds of README "Record dump" from kg/model.py.',
    )
    ap.add_argument("--readme", action="store_true", required=True, help="update the README's kinds block")
    ap.add_argument("--check", action="store_true", help="only say whether it is up to date (exit 1 if not)")
    ap.add_argument("path", nargs="?", default="README.md", help="the README (default: ./README.md)")
    args = ap.parse_args(argv)
    path = Path(args.path)
    old = path.read_text(encoding="utf-8")
    new = with_kinds_block(old)
    if args.check:
        if new != old:
            print(
                f"{path}: record kinds out of date; run python -m kg.export.records --readme", file=sys.stderr
            )
            return 1
        return 0
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"{path}: record kinds updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
