"""Records -> JSON objects for `kg extract --format jsonl` and `records.jsonl`.

Every object has `doc`, `kind`, `key`, `surface` (normalised text), `raw_surface`, `start`, `end`
(raw offsets: `raw[start:end] == raw_surface`), `paragraph` (printed number of the paragraph the
fact was read in, if numbered), `block` (block index), `rule`, plus the record's own fields.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from kg.model import CitedSymbol, Doc, Figure, Issue, Record, record_kind


def record_key(record: Record) -> str | int | None:
    """The JSONL `key` of a record (see README, "Record dump"): what its type declares."""
    return record.record_key()


def _plain(value: Any) -> Any:
    if isinstance(value, CitedSymbol | Figure):
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
