"""Issue aggregation: repeats become one issue with a count; no message copies a whole file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.issues import MAX_SPANS, aggregate_issues, clip


def _row(i: int, message: str = "m", code: str = "c", doc: str = "d") -> dict[str, object]:
    return {"doc": doc, "code": code, "severity": "error", "message": message, "start": i, "end": i + 1}


def test_issues_repeats_become_one_with_count_and_first_spans() -> None:
    rows = [_row(i) for i in range(1000)] + [_row(5, message="other"), _row(7, code="c2")]
    out = aggregate_issues(rows)
    assert [(r["code"], r["message"], r.get("count", 1)) for r in out] == [
        ("c", "m", 1000),
        ("c", "other", 1),
        ("c2", "m", 1),
    ]
    assert out[0]["start"] == 0 and out[0]["spans"] == [[i, i + 1] for i in range(1, 1 + MAX_SPANS)]


def test_issues_clip_long_messages_and_surfaces() -> None:
    long = "联" * 100_000
    (row,) = aggregate_issues([{**_row(0, message=f"bad {long!r}"), "surface": long}])
    assert len(row["message"]) < 400 and "100006 characters" in row["message"]
    assert len(row["surface"]) < 120 and "100000 characters" in row["surface"]
    assert clip("short", 80) == "short"


def test_issues_process_file_aggregates_an_extractor_flood(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract as ex
    from kg.model import Extracted, Issue, Span
    from kg.pipeline import process_file, run_iri

    def flood(doc: object, options: object, res: object) -> Extracted[object]:
        issues = tuple(Issue("x-bad", "same message", "f", Span(i, i + 1)) for i in range(5000))
        return Extracted((), issues)

    spec = ex.registry()["countries"]
    monkeypatch.setitem(ex._REGISTRY, "countries", dataclasses.replace(spec, fn=flood))
    f = tmp_path / "f.txt"
    f.write_text("联合国" * 2000, encoding="utf-8")
    out = process_file(str(f), str(run_iri()))
    flooded = [i for i in out.issues if i["code"] == "x-bad"]
    assert len(flooded) == 1 and flooded[0]["count"] == 5000
