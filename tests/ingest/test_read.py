"""Ingest: encodings accepted, bad files rejected with reasons, one bad file never stops a build."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.read import decode_bytes, iter_inputs, read_doc
from kg.pipeline import build
from kg.rdf import mint

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


def _issues(out: Path) -> list[dict[str, object]]:
    lines = (out / "issues.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_build_lists_every_file_of_a_folder_it_does_not_read(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    (src / "readmeeting.txt").write_text(TEXT.replace("75", "76"), encoding="utf-8")
    (src / "README.md").write_text("# about this folder\n", encoding="utf-8")
    (src / "notes.md").write_text(TEXT, encoding="utf-8")
    (src / "sub" / "report.pdf").write_bytes(b"%PDF-1.7\n")
    (src / "sub" / "report.docx").write_bytes(b"PK\x03\x04")
    (src / "sub" / "scan.png").write_bytes(b"\x89PNG")
    (src / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    report = build([str(src)], tmp_path / "out", store=False)
    assert [b["doc"] for b in report.built] == ["a", "readmeeting"]
    failed = {f["path"]: f["code"] for f in report.failed}
    assert failed == {
        "in/notes.md": "input-unsupported",
        "in/sub/report.pdf": "input-unsupported",
        "in/sub/report.docx": "input-unsupported",
        "in/sub/scan.png": "input-unsupported",
    }
    assert "pdftotext" in next(f["reason"] for f in report.failed if f["path"].endswith(".pdf"))
    assert report.ignored == [
        {"path": "in/README.md", "code": "input-ignored", "reason": "a README describes the folder: not read"}
    ]
    by_path = {i["path"]: i for i in _issues(tmp_path / "out")}
    assert by_path["in/README.md"]["severity"] == "info"
    assert by_path["in/sub/report.pdf"]["code"] == "input-unsupported"
    assert by_path["in/sub/report.pdf"]["severity"] == "error"


def test_iter_inputs_reports_fifo_without_opening_it(tmp_path: Path) -> None:
    import os

    from kg.ingest.read import discover_inputs

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    files, skipped = discover_inputs([tmp_path, fifo])  # would block if the FIFO were opened
    assert files == [tmp_path / "a.txt"]
    assert [(s.path, s.code) for s in skipped] == [(str(fifo), "input-unsupported")] * 2
    assert "FIFO" in skipped[0].reason
    with pytest.raises(InputError, match="FIFO"):
        read_doc(fifo)


def test_iter_inputs_reports_symlink_loop_and_broken_link(tmp_path: Path) -> None:
    from kg.ingest.read import discover_inputs

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    (tmp_path / "d" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    files, skipped = discover_inputs([tmp_path / "d"])
    assert files == [tmp_path / "d" / "a.txt"]
    reasons = {Path(s.path).name: (s.code, s.reason) for s in skipped}
    assert reasons["loop"][0] == "input-unreadable" and "symlink loop" in reasons["loop"][1]
    assert reasons["gone.txt"][0] == "input-unreadable" and "broken symlink" in reasons["gone.txt"][1]


def test_iter_inputs_reports_unreadable_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from kg.ingest import read

    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(read.os, "scandir", scandir)
    files, skipped = read.discover_inputs([tmp_path])
    assert files == [tmp_path / "b.txt"]
    assert [(s.path, s.code) for s in skipped] == [(str(tmp_path / "locked"), "input-unreadable")]
    assert "Permission denied" in skipped[0].reason


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (TEXT.encode("utf-8") * 300 + b"\x00" + TEXT.encode("utf-8"), "U+0000 at line 901"),
        ((TEXT + "a\x0bb").encode("utf-8"), "U+000B at line 4, column 2"),
        ((TEXT + "\x1b[0m").encode("utf-8"), "U+001B"),
        (codecs.BOM_UTF16_LE + (TEXT * 300 + "\x00").encode("utf-16-le"), "U+0000"),
    ],
    ids=["nul-after-4k", "vertical-tab", "escape", "utf16-nul"],
)
def test_read_rejects_control_characters_anywhere(data: bytes, where: str) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, "ctl.txt")
    assert where in str(err.value) and "binary or corrupt" in str(err.value)


def test_read_keeps_tab_form_feed_and_crlf() -> None:
    text = "联合国\t大会\f\r\n第二段\n"
    assert decode_bytes(text.encode("utf-8"), "ok.txt")[0] == text


def test_read_rejects_file_over_size_limit_without_reading(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(TEXT * 100, encoding="utf-8")
    size = f.stat().st_size
    assert read_doc(f, max_size=size).raw == TEXT * 100
    with pytest.raises(InputError) as err:
        read_doc(f, max_size=size - 1)
    assert err.value.code == "input-too-large"
    assert f"{size:,} bytes" in err.value.reason and "--max-doc-size" in err.value.reason


def test_build_records_too_large_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "small.txt").write_text(TEXT, encoding="utf-8")
    (src / "big.txt").write_text(TEXT * 50, encoding="utf-8")
    report = build([src], tmp_path / "out", store=False, max_doc_size=len(TEXT.encode()) * 10)
    assert [b["doc"] for b in report.built] == ["small"]
    assert [(f["doc"], f["code"]) for f in report.failed] == [("big", "input-too-large")]


@pytest.mark.parametrize(
    "names",
    [
        ("x/a.txt", "y/a.txt"),
        ("a.txt", "a.md"),
        ("Report.txt", "report.txt"),
        ("联合国.txt", "sub/联合国.txt"),
    ],
)
def test_build_refuses_two_inputs_with_the_same_document_id(tmp_path: Path, names: tuple[str, str]) -> None:
    paths = []
    for n in names:
        p = tmp_path / "in" / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(TEXT, encoding="utf-8")
        paths.append(p)
    with pytest.raises(InputError) as err:
        build(paths, tmp_path / "out", store=False)
    assert str(paths[0]) in str(err.value) and str(paths[1]) in str(err.value)
    assert "rename" in str(err.value)
    assert not (tmp_path / "out" / "graph.nq").exists()


def test_build_keeps_documents_whose_stems_differ_only_in_punctuation(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i, stem in enumerate(("a b", "ab", "a_b", "a-b", "a%20b", "联合国 报告")):
        (src / f"{stem}.txt").write_text(TEXT.replace("75", str(60 + i)), encoding="utf-8")
    report = build([src], tmp_path / "out", store=True)
    assert len(report.built) == 6 and report.failed == []
    from kg.store.backend import GraphStore

    s = GraphStore.open_read_only(tmp_path / "out" / "store")
    graphs = {g.value for g in s.store.named_graphs()}
    shared = {str(g) for g in (mint.REFERENCE_GRAPH, mint.RUN_GRAPH, *mint.UNION_GRAPHS)}
    assert len([g for g in graphs if "/graph/" in g and g not in shared]) == 6
