"""Ingest: encodings accepted, bad files rejected with reasons, one bad file never stops a build."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.read import decode_bytes, iter_inputs, read_doc
from kg.pipeline import build

TEXT = "联合国大会第七十五届会议\n\n1. 大会第 70/262 号决议。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_read_decodes_supported_encodings(data: bytes, encoding: str) -> None:
    text, enc = decode_bytes(data, "f.txt")
    assert text == TEXT and enc == encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n ", "only whitespace"),
        (b"\x00\x01\x02binary\x00" * 10, "binary"),
        (bytes(range(256)) * 4, "binary"),
        ("Ünïcödé latin-1 text, not Chinese".encode("latin-1") * 3, "not UTF-8"),
    ],
)
def test_read_rejects_bad_files_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, "bad.txt")
    assert reason in str(err.value) and "bad.txt" in str(err.value)


def test_read_doc_reports_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_doc(tmp_path / "nope.txt")


def test_iter_inputs_rejects_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_inputs([tmp_path / "missing"]))


def test_build_with_one_bad_file_among_good_ones_loses_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(TEXT, encoding="utf-8")
    (src / "gbk.txt").write_bytes(TEXT.replace("75", "76").encode("gbk"))
    (src / "utf16.txt").write_bytes(TEXT.encode("utf-16"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    report = build([str(src)], tmp_path / "out", store=False)
    assert sorted(b["doc"] for b in report.built) == ["gbk", "good", "utf16"]
    reasons = {f["doc"]: f["reason"] for f in report.failed}
    assert set(reasons) == {"empty", "binary"}
    assert "empty" in reasons["empty"] and "binary" in reasons["binary"]
    on_disk = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in on_disk["failed"]} == {"in/empty.txt", "in/binary.txt"}
    issues = [
        json.loads(line)
        for line in (tmp_path / "out" / "issues.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {i["doc"] for i in issues if i["code"] == "input-rejected"} == {"empty", "binary"}
