"""Records -> JSON objects for `kg extract --format jsonl` and `records.jsonl`.

Every object has `doc`, `kind`, `key`, `surface` (normalised text), `raw_surface`, `start`, `end`
(raw offsets: `raw[start:end] == raw_surface`), `paragraph` (printed number of the paragraph the
fact was read in, if numbered), `block` (block index), `rule`, plus the record's own fields.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import weakref
from typing import Any

from kg.model import Block, CitedSymbol, Doc, Figure, Issue, Record, record_kind


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
    blk = _paragraph_of(doc, ev.span.start)
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


# the block starts of the last document (held weakly): `Doc.block_at` is a binary search in Python,
# and a document's records all ask it
_last_blocks: tuple[weakref.ref[Doc], list[int] | None] | None = None


def _block_starts(doc: Doc) -> list[int] | None:
    """Starts of `doc`'s blocks when they are in text order without overlaps (as the normaliser
    makes them), else None."""
    global _last_blocks
    if _last_blocks is not None and _last_blocks[0]() is doc:
        return _last_blocks[1]
    blocks = doc.blocks
    ordered = all(blocks[k].span.end <= blocks[k + 1].span.start for k in range(len(blocks) - 1))
    starts = [b.span.start for b in blocks] if ordered else None
    _last_blocks = (weakref.ref(doc), starts)
    return starts


def _paragraph_of(doc: Doc, offset: int) -> Block | None:
    """`doc.paragraph_of(offset)`, the containing block found by `bisect` over the block starts."""
    starts = _block_starts(doc)
    if starts is None:
        return doc.paragraph_of(offset)
    i = bisect.bisect_right(starts, offset) - 1
    b = doc.blocks[i] if i >= 0 and offset < doc.blocks[i].span.end else None
    while b is not None and b.continues is not None:
        b = doc.blocks[b.continues]
    return b


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
