"""Ingest stage: files and folders -> `RawDoc` (decoded text), or `InputError` saying why not.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM, GB18030 (a superset of GBK/GB2312) when
the bytes are not UTF-8 but decode cleanly as GB18030 and look like Chinese text.
Rejected with a reason: empty files, binary files (any NUL or C0 control character other than
tab, LF, CR and FF, anywhere in the file), undecodable bytes, unreadable paths, anything that is
not a regular file (never opened: a FIFO would block), files larger than the size limit.

A folder is walked recursively: its `.txt` files are read; every other entry is listed as a
`Skipped` with the reason, never dropped silently (hidden entries, whose name starts with ".",
are ignored by design).
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.errors import InputError
from kg.model import RawDoc

FOLDER_SUFFIXES = (".txt",)
"""What a folder build reads; a file named on the command line is read whatever its suffix."""
DEFAULT_MAX_DOC_SIZE = 10 * 1024 * 1024
"""Largest input file read, in bytes (`kg build --max-doc-size`)."""
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# C0 controls other than tab, LF, FF, CR, and DEL: never text, and invalid in XML results
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
    first = _BAD_CONTROL_RE.search(text)
    if first is not None:
        n = len(_BAD_CONTROL_RE.findall(text))
        line = text.count("\n", 0, first.start()) + 1
        col = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
        raise InputError(
            path,
            f"binary or corrupt text: control character U+{ord(first.group()):04X} at line {line}, "
            f"column {col} (character {first.start()}), {n} such character(s) in all; re-extract the "
            "text from the PDF, or delete them (e.g. `tr -d '\\000-\\010\\013\\016-\\037\\177'`)",
        )
    return text


def check_file(path: str | Path, max_size: int = DEFAULT_MAX_DOC_SIZE) -> int:
    """Check, without opening it, that `path` is a regular file within the size limit; return its size.

    Raises:
        InputError: not a regular file (code `input-unsupported`), too large (`input-too-large`),
            or cannot be examined.
    """
    p = Path(path)
    try:
        st = p.stat()
    except OSError as err:
        raise InputError(str(p), f"cannot read file: {err.strerror or err}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            str(p), f"{_kind(st.st_mode)}, not a regular file: not read", code="input-unsupported"
        )
    if st.st_size > max_size:
        raise InputError(
            str(p),
            f"file is {st.st_size:,} bytes, more than the limit of {max_size:,} bytes per document; "
            "split it, or raise the limit with `--max-doc-size` (memory grows with document size)",
            code="input-too-large",
        )
    return st.st_size


def read_doc(path: str | Path, max_size: int = DEFAULT_MAX_DOC_SIZE) -> RawDoc:
    """Read and decode one file into a `RawDoc` (id = file stem).

    Raises:
        InputError: the file cannot be read or decoded, is not a regular file or is larger than
            `max_size` bytes; the message says why and how to fix it.
    """
    p = Path(path)
    check_file(p, max_size)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(str(p), f"cannot read file: {err.strerror or err}") from None
    text, encoding = decode_bytes(data, str(p))
    return RawDoc(
        id=p.stem, path=str(p), raw=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest()
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


SkipCode = Literal["input-unsupported", "input-ignored", "input-unreadable"]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry of an input folder that is not read, and why (listed in the build report)."""

    path: str
    code: SkipCode
    reason: str
    severity: Literal["error", "info"] = "error"


def _classify(p: Path, mode: int) -> Skipped | None:
    """None when a regular file found in a folder is read, else why it is not."""
    if not stat.S_ISREG(mode):
        return Skipped(str(p), "input-unsupported", f"{_kind(mode)}, not a regular file: not read")
    if p.name.lower() == "readme" or p.name.lower().startswith("readme."):
        return Skipped(str(p), "input-ignored", "a README describes the folder: not read", "info")
    if p.suffix.lower() in FOLDER_SUFFIXES:
        return None
    hint = ""
    if p.suffix.lower() in (".pdf", ".doc", ".docx", ".odt", ".rtf", ".html", ".htm"):
        hint = " Extract the text first (e.g. `pdftotext -layout FILE.pdf`) and give the .txt file."
    elif p.suffix.lower() in (".md", ".text"):
        hint = " Rename it to .txt if it is a document, or name it on the command line."
    return Skipped(
        str(p),
        "input-unsupported",
        f"{p.suffix or 'no suffix'!s} file: a folder build reads only .txt files.{hint}",
    )


def _walk(folder: Path, ancestors: tuple[tuple[int, int], ...], skipped: list[Skipped]) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        skipped.append(Skipped(str(folder), "input-unreadable", f"cannot list folder: {err.strerror or err}"))
        return
    for e in entries:
        p = Path(e.path)
        if e.name.startswith("."):
            continue  # hidden files and folders (.git, editor backups): ignored by design
        try:
            st = os.stat(p)  # follows symlinks
        except OSError as err:
            what = "broken symlink" if e.is_symlink() else "cannot read"
            skipped.append(Skipped(str(p), "input-unreadable", f"{what}: {err.strerror or err}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            ident = (st.st_dev, st.st_ino)
            if ident in ancestors:
                skipped.append(
                    Skipped(str(p), "input-unreadable", "symlink loop: points to a folder that contains it")
                )
                continue
            yield from _walk(p, (*ancestors, ident), skipped)
            continue
        why = _classify(p, st.st_mode)
        if why is None:
            yield p
        else:
            skipped.append(why)


def discover_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders into the files to read and the entries that are not read.

    A folder is walked recursively in name order, following symlinks (loops are reported);
    its `.txt` files are read. A path named explicitly is read whatever its suffix, unless it is
    not a regular file (a FIFO is never opened).

    Raises:
        InputError: a path does not exist.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputError(str(p), "no such file or folder") from None
        except OSError as err:
            skipped.append(Skipped(str(p), "input-unreadable", f"cannot read: {err.strerror or err}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            found = list(_walk(p, ((st.st_dev, st.st_ino),), skipped))
        elif stat.S_ISREG(st.st_mode):
            found = [p]
        else:
            skipped.append(
                Skipped(str(p), "input-unsupported", f"{_kind(st.st_mode)}, not a regular file: not read")
            )
            continue
        for f in found:
            if f not in seen:
                seen.add(f)
                files.append(f)
    return files, skipped


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files `discover_inputs` reads (for callers that report skipped entries elsewhere).

    Raises:
        InputError: a path does not exist.
    """
    yield from discover_inputs(paths)[0]


def check_unique_ids(files: Iterable[Path]) -> None:
    """Raise `InputError` when two input files would get the same document id.

    The id is the file stem; stems equal but for case are clashes too, because they name the
    same file on case-insensitive file systems.
    """
    first: dict[str, Path] = {}
    for f in files:
        key = f.stem.casefold()
        if key in first:
            raise InputError(
                str(f),
                f"document id {f.stem!r} is also the id of {str(first[key])!r} (a document's id is its "
                "file name without the suffix, compared ignoring case); rename one of the two files "
                "or build them separately",
            )
        first[key] = f
