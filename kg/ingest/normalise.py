"""Normalise stage: raw PDF-extracted text -> `Doc` (clean text, offset map, blocks, set-aside).

Rules (each has a test in tests/ingest/test_normalise.py):
- full-width ASCII (U+FF01-FF5E) folds to ASCII, except the Chinese sentence punctuation
  `，：；！？`, which stays as printed; the ideographic space folds to a space;
- page furniture (job numbers "20-06399 (C)", page marks "3/24", running headers that repeat a
  document symbol) and `https://...` links are removed from the text and kept in `Doc.set_aside`;
- markup left by the PDF-to-text step (`#` heading marks, `**`, `<sup>`, superscript footnote
  digits) is removed and kept as set-aside "markup";
- runs of spaces collapse to one; spaces between two CJK characters are dropped (PDF letter
  spacing: "联 合 国"); tabs are kept, they separate the columns of flattened tables;
- lines broken inside a paragraph are joined ("刚果民\\n\\n主共和国" -> "刚果民主共和国"), with no
  space between two CJK characters and one space otherwise ("2019 年\\n10 月" -> "2019 年 10 月",
  as UN typesetting spaces digits from CJK);
- blocks (headings, paragraphs, table rows, footnotes, boxes, TOC lines) are separated by "\\n".

Every character of `Doc.text` comes from exactly one raw character, so the offset map is exact
and monotone: `doc.raw[doc.raw_starts[i]]` is the source of `doc.text[i]`.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from kg.model import Block, BlockKind, Doc, SetAside, Span

# Full-width ASCII -> ASCII, keeping Chinese sentence punctuation as printed.
_KEEP_FULLWIDTH = set("，：；！？")
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH}
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20
_FOLD[0x2002] = 0x20
_FOLD[0x2003] = 0x20
_FOLD[0x2009] = 0x20
_FOLD[0x202F] = 0x20
_FOLD[0xFEFF] = 0x20  # a BOM inside the text is only an invisible space
# str.translate looks every character up; a regex finds the few foldable ones far faster
_FOLD_CHAR = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD_CHAR)) + "]")


def _fold(s: str) -> str:
    """`s.translate(_FOLD)`: full-width ASCII and odd spaces folded, one character for one."""
    return _FOLD_RE.sub(lambda m: _FOLD_CHAR[m.group()], s)


_CJK = r"\u2e80-\u2fff\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e“”‘’《》〈〉「」『』【】…—·"
_CJK_RE = re.compile(f"[{_CJK}]")
_TERMINAL = set("。！？!?；;：:」』”》)")
_SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"

# Inline removals, tried in order at each position.
_SUP_TAG = r"<sup>\s*[0-9*]{1,4}\s*</sup>"
_TAG = r"</?(?:sup|sub|b|i|em|strong|br|span)\s*/?>"
_INLINE_RE = re.compile(
    r"(?P<link>https?://[!-~]+)"
    rf"|(?P<sup>{_SUP_TAG})"
    rf"|(?P<tag>{_TAG})"
    r"|(?P<supdigits>[" + _SUPERSCRIPT + r"]+)"
    r"|(?P<bold>\*\*)"
    r"|(?P<space>[ \u3000\u00a0\u2002\u2003\u2009\u202f\ufeff]+)"
)

_JOB_RE = re.compile(r"^\s*\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6}){0,2}\s*$|^\s*\*\d{7}\*\s*$")
_PAGE_RE = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")
_PAGE_JOB_RE = re.compile(r"^\s*(?:\d{1,4}/\d{1,4}\s+\d{2}-\d{5}|\d{2}-\d{5}\s+\d{1,4}/\d{1,4})\s*$")
_HEADER_SYMBOL_RE = re.compile(r"^\s*[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+){1,6}(?:\s*\([A-Za-z0-9. ]+\))?\s*$")
_LINKS_RE = re.compile(r"(?:https?://[!-~]+\s*)+")
_LINE_BREAK_RE = re.compile(r"\r\n|\n|\r")
_HRULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# a heading mark, with any inline markup printed between it and its space ("#¹ 第一章"): the
# markup would otherwise be removed after the mark was checked, leaving "# " for a second pass
_MD_HEADING_RE = re.compile(rf"^(#{{1,6}})(?:{_SUP_TAG}|{_TAG}|[{_SUPERSCRIPT}]|\*\*)*\s+")

_CN_NUM = "一二三四五六七八九十百零〇"
_STRUCT_RES: tuple[tuple[re.Pattern[str], BlockKind, int], ...] = (
    (re.compile(rf"^第[{_CN_NUM}\d]+章"), "heading", 1),
    (re.compile(rf"^[{_CN_NUM}]+[.、．]\s*\S"), "heading", 2),
    (re.compile(r"^[A-Z][.．]\s+\S"), "heading", 3),
    (re.compile(r"^附件"), "heading", 1),
    (re.compile(r"^表\s?\d+(?:\.\d+)*[A-Za-z]?\s*$"), "heading", 4),
    (re.compile(r"^\[\d{4}\s*年"), "heading", 4),
    (re.compile(r"^(?:亮点|专栏)[：:]"), "box", 4),
    (re.compile(r"^\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s*"), "list-item", 0),
)
_PARA_NUM_RE = re.compile(
    r"^(?:(\d{1,3}(?:\.\d{1,3}){1,2})(?=\s|[：:]|[\u4e00-\u9fff《“(])|(\d{1,3})\.(?!\d)\s*(?=\S))"
)
# the forms of `_STRUCT_RES` and then `_PARA_NUM_RE` as one alternation: tried in the same order
# at the start of the line, the first that matches names the block, in one match instead of nine
_STRUCT_ANY_RE = re.compile(
    "|".join(f"(?P<s{i}>{rx.pattern})" for i, (rx, _, _) in enumerate(_STRUCT_RES))
    + f"|(?P<para>{_PARA_NUM_RE.pattern})"
)
_PARA_GROUP = _STRUCT_ANY_RE.groupindex["para"]  # its two numbers are the next two groups
_TOC_RE = re.compile(r"(?:\.{3,}|…{2,})\s*\t?\s*\d{1,3}\s*$|\t\d{1,3}\s*$")
_FOOTNOTE_RAW_RE = re.compile(
    r"^\s*(?:<sup>\s*([0-9]{1,3}|\*)\s*</sup>|([" + _SUPERSCRIPT + r"]{1,3})|(\*{1,3})\s)"
)

_SHORT_LINE = 25  # characters: a shorter line with no sentence punctuation is a title, not a wrap


@dataclass(slots=True)
class _Line:
    start: int  # raw offset of the first character
    end: int  # raw offset just past the last character (before the line break)
    brk: int  # raw offset of the line break after the line (== end at EOF)
    text: str  # raw line
    kind: str = "content"  # content | blank | job-number | page-mark | running-header | link | markup
    folded: str = ""  # the line folded (`_fold(text)`)


def _width(s: str) -> int:
    """Printed width: CJK characters count two columns."""
    return len(s) + len(_CJK_RE.findall(s))


@lru_cache(maxsize=4096)
def _is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


def _split_lines(raw: str, folded: str | None = None) -> list[_Line]:
    """The lines of `raw`; `folded` is `_fold(raw)` when the caller has it (folding is one
    character for one, so a line's folded text is the same slice of it)."""
    if folded is None:
        folded = _fold(raw)
    lines: list[_Line] = []
    pos = 0
    if "\r" not in raw:  # only "\n" breaks (folding keeps them): split in one call each
        texts, folds = raw.split("\n"), folded.split("\n")
        last = len(texts) - 1
        for k, (text, fold) in enumerate(zip(texts, folds, strict=True)):
            end = pos + len(text)
            if k < last or end > pos:  # the text after the last break is a line if it is not empty
                lines.append(_Line(pos, end, end, text, "content", fold))
            pos = end + 1
        return lines
    n = len(raw)
    for m in _LINE_BREAK_RE.finditer(raw):
        at = m.start()
        lines.append(_Line(pos, at, at, raw[pos:at], "content", folded[pos:at]))
        pos = m.end()
    if pos < n:
        lines.append(_Line(pos, n, n, raw[pos:n], "content", folded[pos:n]))
    return lines


def _classify(lines: list[_Line]) -> None:
    """Mark blank lines, page furniture, link-only and markup-only lines."""
    header_counts: dict[str, int] = {}
    page_denoms: dict[str, set[str]] = {}
    folded = [ln.folded.strip() for ln in lines]
    for ln, t in zip(lines, folded, strict=True):
        if m := _PAGE_RE.match(t):
            page_denoms.setdefault(m.group(2), set()).add(m.group(1))
        elif "\t" not in ln.text and _HEADER_SYMBOL_RE.match(t):
            header_counts[t] = header_counts.get(t, 0) + 1
    for ln, t in zip(lines, folded, strict=True):
        if not t:
            ln.kind = "blank"
        elif _JOB_RE.match(t) or _PAGE_JOB_RE.match(t):
            ln.kind = "job-number"
        elif (
            (m := _PAGE_RE.match(t))
            and len(page_denoms.get(m.group(2), ())) >= 2
            and int(m.group(1)) <= int(m.group(2))
        ):
            ln.kind = "page-mark"
        elif "\t" not in ln.text and _HEADER_SYMBOL_RE.match(t) and header_counts.get(t, 0) >= 2:
            ln.kind = "running-header"
        elif _LINKS_RE.fullmatch(t):
            ln.kind = "link"
        elif _HRULE_RE.match(t):
            ln.kind = "markup"


class _Builder:
    """Accumulates text pieces with their raw offsets."""

    def __init__(self, raw: str, folded: str | None = None) -> None:
        self.raw = raw
        # folding is one character for one, so offsets are shared
        self.folded = _fold(raw) if folded is None else folded
        self.parts: list[str] = []
        self.index = array("l")
        self.length = 0
        self.set_aside: list[SetAside] = []

    def last_char(self) -> str:
        return self.parts[-1][-1] if self.parts else ""

    def add_raw(self, a: int, b: int) -> None:
        piece = self.folded[a:b]
        self.parts.append(piece)
        self.index.extend(range(a, b))
        self.length += b - a

    def add_char(self, ch: str, raw_pos: int) -> None:
        self.parts.append(ch)
        self.index.append(raw_pos)
        self.length += 1

    def tail(self, n: int) -> str:
        """The last `n` characters of the text so far (joins only the parts it needs)."""
        k, got = len(self.parts), 0
        while k and got < n:
            k -= 1
            got += len(self.parts[k])
        return "".join(self.parts[k:])[got - n :]

    def blank_since(self, start: int) -> bool:
        """True when the text from offset `start` on is only whitespace (`not tail.strip()`),
        reading parts from the end and stopping at the first that is not."""
        need = self.length - start
        k = len(self.parts)
        while need > 0:
            k -= 1
            part = self.parts[k]
            if len(part) > need:
                part = part[len(part) - need :]
            if part.strip():
                return False
            need -= len(part)
        return True

    def truncate(self, n: int) -> None:
        drop = self.length - n
        while drop and drop >= len(self.parts[-1]):
            drop -= len(self.parts.pop())
        if drop:
            self.parts[-1] = self.parts[-1][:-drop]
        del self.index[n:]
        self.length = n

    def aside(self, kind: str, a: int, b: int) -> None:
        self.set_aside.append(SetAside(kind, a, b, self.raw[a:b]))  # type: ignore[arg-type]


def _piece(
    parts: list[str], index: array[int], folded: str, pos: int, at: int, space_at: int | None, length: int
) -> int:
    """Append folded[pos:at] (no inline removal inside, not empty) to the builder's `parts` and
    `index`, after a pending space when both neighbours are non-CJK; return the new length."""
    if space_at is not None and length:
        prev = parts[-1][-1]
        first = folded[pos]
        if prev not in "\t\n" and first != "\t" and not (_is_cjk(prev) and _is_cjk(first)):
            parts.append(" ")
            index.append(space_at)
            length += 1
    parts.append(folded[pos:at])
    index.extend(range(pos, at))
    return length + at - pos


def _emit_line(b: _Builder, ln: _Line, skip_prefix: int, pending_space: int | None) -> None:
    """Append one content line (from raw offset ln.start+skip_prefix) to the builder.

    `pending_space` is the raw offset of a separator that becomes one space if both neighbours
    are non-CJK (used when joining wrapped lines).

    The pieces between inline removals are appended here, not through `_Builder.add_raw` and
    `add_char`: a line has a piece for every run of spaces, and this is the normaliser's inner loop.
    """
    raw = b.raw
    folded = b.folded
    parts = b.parts
    index = b.index
    length = b.length
    pos = ln.start + skip_prefix
    end = ln.end
    # trailing spaces never matter
    while end > pos and raw[end - 1] in " \u3000\u00a0":
        end -= 1
    space_at: int | None = pending_space
    first_m = _INLINE_RE.search(raw, pos, end)
    if first_m is None:  # most lines: no space run, link or markup inside, one piece
        if end > pos:
            length = _piece(parts, index, folded, pos, end, space_at, length)
        b.length = length
        return
    # the pattern has no anchors or lookarounds: matching on from the first match's end finds the rest
    for m in chain((first_m,), _INLINE_RE.finditer(raw, first_m.end(), end), (None,)):
        at = end if m is None else m.start()
        if at > pos:
            # raw[pos:at] has no inline removal inside
            length = _piece(parts, index, folded, pos, at, space_at, length)
            space_at = None
        if m is None:
            break
        kind = m.lastgroup
        if kind == "space":
            if length and parts[-1][-1] not in "\t\n":
                space_at = at if space_at is None else space_at
        elif kind == "link":
            url_end = m.end()
            while raw[url_end - 1] in ").,;" and (
                raw[url_end - 1] != ")" or raw.count("(", at, url_end) < raw.count(")", at, url_end)
            ):
                url_end -= 1  # closing punctuation of the sentence, not of the URL
            b.aside("link", at, url_end)
            pos = url_end
            continue
        else:
            b.aside("markup", at, m.end())
        pos = m.end()
    b.length = length


def _struct_kind(text: str, raw_line: str) -> tuple[BlockKind | None, int, str | None]:
    """Return (kind, level, number) when `text` (folded, stripped) opens a new block by its form."""
    if m := _FOOTNOTE_RAW_RE.match(raw_line):
        num = next((g for g in m.groups() if g), None)
        return "footnote", 0, num.translate(str.maketrans(_SUPERSCRIPT, "1234567890")) if num else None
    if "\t" in raw_line:
        return "table-row", 0, None
    lstripped = raw_line.lstrip()
    md = _MD_HEADING_RE.match(lstripped) if lstripped.startswith("#") else None  # anchored at a "#"
    if md:
        inner = lstripped[md.end() :]
        if re.match(r"^(?:亮点|专栏)[：:]", inner):
            return "box", len(md.group(1)), None
        return "heading", len(md.group(1)), None
    m = _STRUCT_ANY_RE.match(text)
    if m is None:
        return None, 0, None
    if m.group("para") is not None:
        return "paragraph", 0, m.group(_PARA_GROUP + 1) or m.group(_PARA_GROUP + 2)
    _, kind, level = _STRUCT_RES[int(str(m.lastgroup)[1:])]
    return kind, level, None


def _is_title(text: str) -> bool:
    """A stand-alone line with no sentence punctuation, short enough to be a heading."""
    return len(text) < 45 and not _TERMINAL.intersection(text[-1:]) and not any(c in text for c in "。，；")


def _is_open(text: str) -> bool:
    """A line that ends without sentence punctuation may continue on the next line."""
    return bool(text) and text[-1] not in _TERMINAL and text[-1] != "\t"


def normalise_text(raw: str, doc_id: str, path: str = "", encoding: str = "utf-8", sha256: str = "") -> Doc:
    """Normalise raw document text into a `Doc` with an exact offset map.

    Args:
        raw: the decoded file content.
        doc_id: the document id (file stem).
        path: the source path, for reports.
        encoding: the encoding the file was decoded from.
        sha256: content hash of the file bytes.

    Returns:
        The normalised document.

    Example:
        >>> normalise_text("联 合 国\\n\\n１２３ＡＢＣ", doc_id="x").text
        '联合国\\n123ABC'
    """
    if raw.startswith("\ufeff"):
        raw = " " + raw[1:]  # keep offsets: the BOM becomes an ignorable space
    folded = _fold(raw)
    lines = _split_lines(raw, folded)
    _classify(lines)
    content = [ln for ln in lines if ln.kind == "content"]
    widths = sorted(_width(ln.folded.strip()) for ln in content if "\t" not in ln.text and ln.text.strip())
    p95 = widths[int(len(widths) * 0.95)] if widths else 0
    near = sum(1 for w in widths if w >= 0.85 * p95) if p95 else 0
    # a hard-wrapped layout has many lines of (nearly) the same printed width
    hard_wrapped = len(widths) >= 8 and 40 <= p95 < 200 and near >= 0.3 * len(widths)

    b = _Builder(raw, folded)
    blocks: list[Block] = []
    cur: dict[str, object] | None = None  # block being built
    last_section: int | None = None
    open_para: int | None = None  # paragraph interrupted by a footnote / page break
    in_toc = False

    def close() -> None:
        nonlocal cur, last_section, open_para
        if cur is None:
            return
        start = int(cur["start"])  # type: ignore[call-overload]
        # only the block's own text: joining everything per block made this quadratic
        if b.length > start and b.blank_since(start):
            b.truncate(start)  # a block of only tabs/spaces is no block
            if b.length and b.last_char() == "\n":
                b.truncate(b.length - 1)
        if b.length > start:
            kind: BlockKind = cur["kind"]  # type: ignore[assignment]
            idx = len(blocks)
            blk = Block(
                index=idx,
                kind=kind,
                span=Span(start, b.length),
                number=cur["number"],  # type: ignore[arg-type]
                level=int(cur["level"]),  # type: ignore[call-overload]
                section=last_section if kind != "heading" else None,
                continues=cur["continues"],  # type: ignore[arg-type]
            )
            blocks.append(blk)
            if kind in ("heading", "box"):
                last_section = idx
            if kind == "paragraph":
                tail = b.raw[b.index[b.length - 1]]
                root = blk.continues if blk.continues is not None else idx
                open_para = (
                    root if _is_open(_FOLD_CHAR.get(tail, tail)) and b.length - start >= _SHORT_LINE else None
                )
            elif kind != "footnote":
                open_para = None
        cur = None

    prev_line: _Line | None = None
    prev_text = ""
    for ln in lines:
        if ln.kind != "content":
            if ln.kind not in ("blank",):
                b.aside(ln.kind, ln.start, ln.end)
            continue
        stripped = ln.folded.strip(" ")
        # the heading mark pattern is anchored at a "#": most lines cannot match it
        text_wo_md = _MD_HEADING_RE.sub("", stripped) if stripped.startswith("#") else stripped
        bare = text_wo_md.strip()
        kind, level, number = _struct_kind(bare, ln.text)
        if stripped in ("目录", "目 录", "## 目录") or bare == "目录":
            in_toc = True
        elif in_toc:
            if _TOC_RE.search(stripped) or stripped.replace(" ", "") in ("章次\t页次", "章次页次"):
                kind, level = "toc", 0
            else:
                in_toc = False
        prev_open = cur is not None and _is_open(prev_text.rstrip())
        prev_full = hard_wrapped and _width(prev_text.strip()) >= 0.85 * p95
        prev_long = len(prev_text.strip()) >= _SHORT_LINE
        joinable_prev = (
            cur is not None
            and cur["kind"] in ("paragraph", "list-item", "box", "footnote")
            or (cur is not None and cur["kind"] == "heading" and prev_full)
        )
        if kind == "paragraph" and cur is not None and prev_full and prev_open and cur["kind"] == "paragraph":
            kind = None  # a number at the start of a wrapped line is not a paragraph number
        join = kind is None and joinable_prev and ((prev_open and prev_long) or prev_full)
        if (
            not join
            and kind is None
            and hard_wrapped
            and not prev_open
            and re.match(r"^\d{1,2}\s+[\u4e00-\u9fff《“]", stripped)
        ):
            # hard-wrapped layouts print footnotes as "1 text" at the foot of the page
            kind, number = "footnote", stripped.split()[0]
        if join:
            assert prev_line is not None
            skip = len(ln.text) - len(ln.text.lstrip(" \u3000"))
            _emit_line(b, ln, skip, pending_space=prev_line.brk)
        else:
            close()
            if b.length:
                sep_at = prev_line.brk if prev_line is not None else ln.start
                b.add_char("\n", sep_at)
            continues = None
            if kind is None and open_para is not None and blocks and blocks[-1].kind == "footnote":
                continues = open_para
            cur = {
                "start": b.length,
                "kind": kind
                or ("paragraph" if continues is not None or len(stripped) >= _SHORT_LINE else "heading"),
                "level": level,
                "number": number,
                "continues": continues,
            }
            if kind is None and cur["kind"] == "heading" and _TERMINAL.intersection(stripped[-1:]):
                cur["kind"] = "paragraph"
            elif kind is None and cur["kind"] == "paragraph" and continues is None and _is_title(stripped):
                cur["kind"] = "heading"
            lead = len(ln.text) - len(ln.text.lstrip(" \u3000"))
            md = _MD_HEADING_RE.match(ln.text[lead:]) if ln.text.startswith("#", lead) else None
            if md:
                b.aside("markup", ln.start + lead, ln.start + lead + md.end())
                lead += md.end()
            _emit_line(b, ln, lead, pending_space=None)
            if b.length == cur["start"]:  # the line held only markup
                cur = None
        prev_line = ln
        prev_text = stripped
    close()
    # drop a trailing separator if the last block ended up empty
    text = "".join(b.parts)
    if text.endswith("\n"):
        text = text[:-1]
        del b.index[-1]
    starts = tuple(b.index)
    ends = _ends(starts, b.parts)
    set_aside = tuple(sorted(b.set_aside, key=lambda s: (s.raw_start, s.raw_end)))
    return Doc(
        id=doc_id,
        path=path,
        raw=raw,
        text=text,
        raw_starts=starts,
        raw_ends=ends,
        blocks=tuple(blocks),
        set_aside=set_aside,
        encoding=encoding,
        sha256=sha256,
    )


def _ends(starts: tuple[int, ...], parts: list[str]) -> tuple[int, ...]:
    """`starts[i] + 1` for every i. The raw offsets of one part are consecutive, so inside a part
    that is `starts[i + 1]` (the same int, no new one): only each part's last character needs one."""
    n = len(starts)
    if not n:
        return ()
    ends = list(starts[1:])
    ends.append(starts[-1] + 1)
    at = 0
    for part in parts:
        at += len(part)
        if at > n:
            break  # the dropped trailing separator
        if at:
            ends[at - 1] = starts[at - 1] + 1
    return tuple(ends)


def normalise_fragment(text: str) -> str:
    """Normalise a short string (a gazetteer alias, a query label) exactly as document text is.

    Example:
        >>> normalise_fragment("刚果 民主\\n共和国")
        '刚果民主共和国'
    """
    text = _fold(text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(f"(?<=[{_CJK}]) (?=[{_CJK}])", "", text)
