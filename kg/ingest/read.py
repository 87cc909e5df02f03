"""Ingest stage: files and folders -> `RawDoc` (decoded text), or `InputError` saying why not.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM, GB18030 (a superset of GBK/GB2312) when
the bytes are not UTF-8 but decode cleanly as GB18030 and look like Chinese text.
Rejected with a reason: empty files, binary files (NUL bytes / control characters), undecodable
bytes, unreadable paths.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import RawDoc

TEXT_SUFFIXES = (".txt", ".text", ".md")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_BAD_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode file bytes; return (text, encoding name) or raise `InputError` with the reason.

    Example:
        >>> decode_bytes("联合国".encode("gb18030"), "x.txt")
        ('联合国', 'gb18030')
    """
    if not data:
        raise InputError(path, "file is empty (0 bytes); remove it or re-extract the text from the PDF")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16", path), "utf-16"
    if b"\x00" in data[:4096]:
        raise InputError(
            path, "binary file (contains NUL bytes): not text; give the text extracted from the PDF"
        )
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise InputError(
                path,
                f"not UTF-8 (invalid byte at offset {err.start}) and not GB18030/GBK either; "
                "convert the file to UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`)",
            ) from None
        if len(_CJK_RE.findall(text[:4000])) < 0.1 * min(len(text), 4000):
            raise InputError(
                path, "not UTF-8, and not plausible GB18030/GBK Chinese text; convert the file to UTF-8"
            ) from None
    return _control_checked(text, path), encoding


def _checked(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            path,
            f"cannot decode as {encoding} at byte {err.start} ({err.reason}); "
            "convert the file to UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)",
        ) from None
    return _control_checked(text, path)


def _control_checked(text: str, path: str) -> str:
    if not text.strip():
        raise InputError(path, "file holds only whitespace: nothing to extract")
    bad = _BAD_CONTROL_RE.findall(text[:20000])
    if len(bad) > 8:
        raise InputError(path, f"binary file ({len(bad)} control characters in the first 20,000): not text")
    return text


def read_doc(path: str | Path) -> RawDoc:
    """Read and decode one file into a `RawDoc` (id = file stem).

    Raises:
        InputError: the file cannot be read or decoded; the message says why and how to fix it.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(str(p), f"cannot read file: {err.strerror or err}") from None
    text, encoding = decode_bytes(data, str(p))
    return RawDoc(
        id=p.stem, path=str(p), raw=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest()
    )


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into input files, sorted, folders recursively (text suffixes only).

    Raises:
        InputError: a path does not exist.
    """
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES and f.name != "README.md"
            )
        elif p.exists():
            files = [p]
        else:
            raise InputError(str(p), "no such file or folder")
        for f in files:
            if f not in seen:
                seen.add(f)
                yield f
