"""Legislative-mandate tables of a programme plan ("立法授权") -> `Mandate` records.

Pure helpers used by `kg.extract.programmes`: one call per mandate section, given the blocks
between the "立法授权" heading and the end of the section. Each issuing-body heading ("大会决议",
"安全理事会决议和主席声明", ...) is resolved through `BODY_HEADINGS`; rows under an unknown
heading become a `mandate-unknown-body` issue instead of a guess.

Layouts handled (PDF two-column tables flattened to text):
- tab rows ``symbol<TAB>title<TAB>symbol<TAB>title`` (a row can hold two mandates);
- symbol-only rows (Security Council lists ``1325 (2000)<TAB>1887 (2009)``), title-only rows
  (treaties and declarations), year-only rows (agreed conclusions, ministerial communiqués);
- a title continued on the next line (empty symbol cell) and a symbol list continued on the next
  line (previous cell ends with ";"), all sharing one title;
- a lone part-letter cell ("A-C") that completes the symbol above it;
- two stacked entries in one row ("72/288 72/304<TAB>title-1 title-2");
- rows that lost their tabs (space-separated paragraphs), split on symbol boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import CitedSymbol, Doc, Evidence, Issue, Mandate, Span
from kg.symbol_search import parse_mandate_cell


@dataclass(frozen=True, slots=True)
class BodySpec:
    """How to read the rows under one issuing-body heading.

    Attributes:
        body: issuing body code stored in `Mandate.body` ("GA", "SC", "ECOSOC", ...).
        kind: default `mandate_kind` of the rows.
        symbol_body: body string passed to the symbol parser, or None when the rows carry no
            UN symbol (agreed conclusions, communiqués, treaties).
        decision_from: in a mixed "决议和决定" heading, the first number of a session/year that
            is a decision rather than a resolution (a UN numbering convention: ECOSOC decisions
            are numbered from 201, Human Rights Council decisions from 101, GA decisions from 401).
        decision_body: symbol body string for those decisions.
    """

    body: str
    kind: str
    symbol_body: str | None
    decision_from: int | None = None
    decision_body: str | None = None


# Ordered: the first pattern found in the heading wins, so specific headings come first.
BODY_HEADINGS: tuple[tuple[str, BodySpec], ...] = (
    ("安全理事会主席声明", BodySpec("SC", "presidential-statement", "SC")),
    ("安全理事会决议", BodySpec("SC", "resolution", "SC")),
    ("部长级公报", BodySpec("ECOSOC", "ministerial-declaration", None)),
    ("经济及社会理事会商定结论", BodySpec("ECOSOC", "agreed-conclusions", None)),
    ("经济及社会理事会部长级宣言", BodySpec("ECOSOC", "ministerial-declaration", None)),
    ("经济及社会理事会决议和决定", BodySpec("ECOSOC", "resolution", "ECOSOC", 201, "ECOSOC-DEC")),
    ("经济及社会理事会决定", BodySpec("ECOSOC", "decision", "ECOSOC-DEC")),
    ("经济及社会理事会决议", BodySpec("ECOSOC", "resolution", "ECOSOC")),
    ("人权理事会决议和决定", BodySpec("HRC", "resolution", "HRC", 101, "HRC-DEC")),
    ("人权理事会决定", BodySpec("HRC", "decision", "HRC-DEC")),
    ("人权理事会主席声明", BodySpec("HRC", "presidential-statement", "HRC-PRST")),
    ("人权理事会决议", BodySpec("HRC", "resolution", "HRC")),
    ("人权委员会决议", BodySpec("CHR", "resolution", "CHR")),
    ("环境大会决议", BodySpec("UNEA", "resolution", "UNEA")),
    ("环境规划署理事会决定", BodySpec("UNEP-GC", "decision", "UNEP-GC")),
    ("妇女地位委员会的商定结论", BodySpec("CSW", "agreed-conclusions", None)),
    ("妇女地位委员会商定结论", BodySpec("CSW", "agreed-conclusions", None)),
    ("妇女地位委员会决议", BodySpec("CSW", "resolution", "CSW")),
    ("非洲经济委员会决议", BodySpec("ECA", "resolution", "ECA")),
    ("欧洲经济委员会决定", BodySpec("ECE", "decision", "ECE")),
    ("欧洲经济委员会决议", BodySpec("ECE", "resolution", "ECE")),
    ("拉丁美洲和加勒比经济委员会决议", BodySpec("ECLAC", "resolution", "ECLAC")),
    ("亚洲及太平洋经济社会委员会决议", BodySpec("ESCAP", "resolution", "ESCAP")),
    ("西亚经济社会委员会决议", BodySpec("ESCWA", "resolution", "ESCWA")),
    ("贸易和发展理事会决定", BodySpec("UNCTAD", "decision", "UNCTAD")),
    ("麻醉药品委员会决议", BodySpec("CND", "resolution", "CND")),
    ("预防犯罪和刑事司法委员会决议", BodySpec("CCPCJ", "resolution", "CCPCJ")),
    ("执行局决定", BodySpec("EB", "decision", "EB")),
    ("大会决议和决定", BodySpec("GA", "resolution", "GA", 401, "GA-DEC")),
    ("大会决定", BodySpec("GA", "decision", "GA-DEC")),
    ("大会决议", BodySpec("GA", "resolution", "GA")),
    ("公约", BodySpec("TREATY", "treaty", None)),
    ("条约", BodySpec("TREATY", "treaty", None)),
    ("宣言", BodySpec("TREATY", "declaration", None)),
)


def resolve_body(heading: str) -> BodySpec | None:
    """Return the body spec of an issuing-body heading, or None when it is unknown.

    Example:
        >>> resolve_body("安全理事会决议和主席声明").body
        'SC'
        >>> resolve_body("经济及社会理事会商定结论和部长级宣").kind
        'agreed-conclusions'
        >>> resolve_body("某委员会的意见") is None
        True
    """
    key = re.sub(r"\s+", "", heading).rstrip("：:")
    for pattern, spec in BODY_HEADINGS:
        if pattern in key:
            return spec
    return None


# ----------------------------------------------------------------------------- cell grammar

_PART = r"[A-Z](?![A-Za-z])"
_PARTS = rf"{_PART}(?:\s?(?:-|—|至|和|、|,|，)\s?{_PART})*"
_SECTION = r"(?:\s?[,，]\s?第[一二三四五六七八九十]+(?:节|部分))"
SYMBOL = (
    r"(?:S/PRST/\d{4}/\d{1,3}"
    r"|(?:A|S|E)/(?:HRC/)?(?:RES|DEC)/[A-Za-z0-9/().\-]+"
    r"|E?S-\d{1,2}/\d{1,3}"
    rf"|\d{{1,4}}\s?(?:{_PART}\s?)?\((?:[IVXLC]+|\d{{4}})\)(?:\s?{_PARTS})?"
    rf"|\d{{1,4}}/\d{{1,4}}(?:\s?{_PARTS})?"
    rf"){_SECTION}?"
)
_SEP = r"\s*(?:[;；,，、]\s*|和\s*|\s+)"
SYMBOL_LIST_RE = re.compile(rf"{SYMBOL}(?:{_SEP}{SYMBOL})*\s*[;；,，]?")
_PARTS_ONLY_RE = re.compile(rf"{_PARTS}\s*[;；,，]?")
_YEARS_RE = re.compile(r"(?:19|20)\d{2}(?:\s+(?:19|20)\d{2})*")
_RULE_RE = re.compile(r"[-—_\s]*")
# A symbol starting an entry inside a row that lost its tabs: at the start or after a space,
# ended by a space or the end, and not a number of the title ("第 61/16 号", "2063 年").
_INLINE_START_RE = re.compile(
    rf"(?:^|(?<=\s))({SYMBOL}(?:{_SEP}{SYMBOL})*)(?:(?=\s|$)|(?<=[节分]))(?!\s*[号年])"
)


def cell_kind(text: str) -> str:
    """Classify a table cell: "empty", "rule", "symbols", "parts", "years" or "title".

    Example:
        >>> [cell_kind(t) for t in ("58/268; 59/275;", "A-C", "2008 2008", "方案规划", "---", "")]
        ['symbols', 'parts', 'years', 'title', 'rule', 'empty']
        >>> cell_kind("1325 (2000)"), cell_kind("52/12 A 和 B"), cell_kind("650(XXXIII)")
        ('symbols', 'symbols', 'symbols')
    """
    t = text.strip()
    if not t:
        return "empty"
    if _RULE_RE.fullmatch(t):
        return "rule"
    if _YEARS_RE.fullmatch(t):
        return "years"
    if SYMBOL_LIST_RE.fullmatch(t):
        return "symbols"
    if _PARTS_ONLY_RE.fullmatch(t):
        return "parts"
    return "title"


# ----------------------------------------------------------------------------- row model


@dataclass
class _Entry:
    """One mandate entry being assembled (a number cell and its title pieces)."""

    spec: BodySpec
    column: int
    number: tuple[int, int] | None  # doc offsets of the symbol/year cell
    titles: list[tuple[int, int]] = field(default_factory=list)
    extra_numbers: list[tuple[int, int]] = field(default_factory=list)  # list continued below
    open_list: bool = False  # number cell ended with ";": the next symbol cell continues it


@dataclass
class _Cell:
    start: int
    end: int
    text: str
    kind: str


def _cells(doc: Doc, span: Span) -> list[_Cell]:
    out: list[_Cell] = []
    pos = span.start
    for piece in doc.text[span.start : span.end].split("\t"):
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        s = pos + lead
        out.append(_Cell(s, s + len(body), body, cell_kind(body)))
        pos += len(piece) + 1
    return out


def _inline_cells(doc: Doc, span: Span) -> list[_Cell]:
    """Split a row that lost its tabs into alternating number/title cells."""
    text = doc.text[span.start : span.end]
    out: list[_Cell] = []
    starts = list(_INLINE_START_RE.finditer(text))
    if not starts:
        body = text.strip()
        return [_Cell(span.start, span.start + len(body), body, cell_kind(body))] if body else []
    for i, m in enumerate(starts):
        out.append(_Cell(span.start + m.start(1), span.start + m.end(1), m.group(1), "symbols"))
        t_end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        raw = text[m.end(1) : t_end]
        lead = len(raw) - len(raw.lstrip())
        title = raw.strip()
        s = span.start + m.end(1) + lead
        out.append(_Cell(s, s + len(title), title, "title" if title else "empty"))
    return out


def _slots(cells: list[_Cell], spec: BodySpec) -> list[tuple[int, _Cell | None, list[_Cell]]]:
    """Group the cells of one row into (column, number cell, title cells)."""
    numeric = ("symbols", "years", "parts")
    if len(cells) >= 4:
        groups = [cells[0:2], cells[2:]]
    elif len(cells) == 3:
        groups = [cells[0:2], cells[2:]] if cells[1].kind not in numeric else [cells[0:1], cells[1:]]
    elif len(cells) == 2 and (
        cells[1].kind in numeric or (spec.body == "TREATY" and cells[0].kind == "title")
    ):
        groups = [cells[0:1], cells[1:2]]
    else:
        groups = [cells]
    out: list[tuple[int, _Cell | None, list[_Cell]]] = []
    for col, group in enumerate(groups):
        if group and group[0].kind in numeric:
            out.append((col, group[0], [c for c in group[1:] if c.kind == "title"]))
        else:
            out.append((col, None, [c for c in group if c.kind == "title"]))
    return out


def _inline_pairs(cells: list[_Cell]) -> list[tuple[int, _Cell | None, list[_Cell]]]:
    out: list[tuple[int, _Cell | None, list[_Cell]]] = []
    i = 0
    while i < len(cells):
        c = cells[i]
        if c.kind == "symbols":
            title = [cells[i + 1]] if i + 1 < len(cells) and cells[i + 1].kind == "title" else []
            out.append((0, c, title))
            i += 2
        else:
            out.append((0, None, [c] if c.kind == "title" else []))
            i += 1
    return out


_BODY_HEADING_END = ("决议", "决定", "声明", "结论", "宣言", "宣", "公报", "公约", "条约", "议定书", "文书")
_OPEN_LIST_END = (";", "；", ",", "，", "、")


def _join(pieces: Sequence[str]) -> str:
    """Join title pieces wrapped across cells: no space between CJK, one between Latin/digits."""
    out = ""
    for p in pieces:
        if out and p and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


class _SectionReader:
    """Reads the blocks of one "立法授权" section into entries, then into `Mandate` records."""

    def __init__(self, doc: Doc, programme: int, component: str | None) -> None:
        self.doc = doc
        self.programme = programme
        self.component = component
        self.spec: BodySpec | None = None
        self.heading_seen = False
        self.entries: list[_Entry] = []
        self.last_in_col: dict[int, _Entry] = {}
        self.issues: list[Issue] = []

    def issue(self, code: str, message: str, span: Span, severity: str = "error") -> None:
        self.issues.append(Issue(code, message, self.doc.id, span, severity))  # type: ignore[arg-type]

    def read(self, kind: str, span: Span) -> None:
        """Read one block (its kind and span) of the section."""
        text = self.doc.text[span.start : span.end]
        if kind == "table-row":
            cells = _cells(self.doc, span)
            if all(c.kind in ("empty", "rule") for c in cells):
                return
            if self.spec is not None:
                self._slots(_slots(cells, self.spec))
            return
        starts_with_number = bool(_INLINE_START_RE.match(text) or _YEARS_RE.match(text))
        if not starts_with_number:
            self._heading(text.strip(), span)
            return
        if self.spec is not None:
            self._slots(_inline_pairs(_inline_cells(self.doc, span)))

    def _heading(self, text: str, span: Span) -> None:
        spec = resolve_body(text)
        if spec is not None:
            self.spec, self.heading_seen, self.last_in_col = spec, True, {}
            return
        if text.endswith(_BODY_HEADING_END) or not self.entries:
            self.issue("mandate-unknown-body", f"unknown issuing-body heading {text!r}; rows skipped", span)
            self.spec, self.last_in_col = None, {}
            return
        # a title wrapped onto its own line (the PDF lost the cell): continue the last entry
        self.entries[-1].titles.append((span.start, span.end))

    def _slots(self, slots: list[tuple[int, _Cell | None, list[_Cell]]]) -> None:
        assert self.spec is not None
        for col, num, titles in slots:
            spans = [(c.start, c.end) for c in titles]
            prev = self.last_in_col.get(col)
            if num is None:
                if not spans:
                    continue
                if self.spec.body == "TREATY":
                    for s in spans:
                        self._new(col, None, [s], False)
                elif prev is not None:
                    prev.titles.extend(spans)
                else:
                    self.issue(
                        "mandate-title-fragment",
                        f"title text with no mandate above it in its column: {titles[0].text!r}",
                        Span(*spans[0]),
                        "warning",
                    )
            elif num.kind == "parts":  # "A-C" completing the symbol above: no new mandate
                if prev is not None:
                    prev.titles.extend(spans)
            elif prev is not None and prev.open_list and not spans:
                prev.extra_numbers.append((num.start, num.end))
                prev.open_list = num.text.endswith(_OPEN_LIST_END)
            else:
                self._new(col, (num.start, num.end), spans, num.text.endswith(_OPEN_LIST_END))

    def _new(
        self, col: int, number: tuple[int, int] | None, titles: list[tuple[int, int]], open_list: bool
    ) -> None:
        assert self.spec is not None
        entry = _Entry(self.spec, col, number, list(titles), [], open_list)
        self.entries.append(entry)
        self.last_in_col[col] = entry

    # ------------------------------------------------------------------ entries -> records

    def records(self) -> list[Mandate]:
        """Convert the entries read so far into `Mandate` records."""
        out: list[Mandate] = []
        for entry in self.entries:
            out.extend(self._records(entry))
        return out

    def _text(self, span: tuple[int, int]) -> str:
        return self.doc.text[span[0] : span[1]]

    def _records(self, entry: _Entry) -> list[Mandate]:
        titles = [self._text(t) for t in entry.titles]
        title = _join(titles) or None
        numbers = [n for n in ([entry.number] if entry.number else []) + entry.extra_numbers]
        spec = entry.spec
        if not numbers:  # treaty or declaration printed by name
            assert entry.titles
            span = Span(entry.titles[0][0], entry.titles[-1][1])
            kind = "declaration" if title and "宣言" in title and "公约" not in title else spec.kind
            return [self._mandate(None, spec.body, kind, title, None, span, "table:mandates#title")]
        items = self._items(spec, numbers)
        # stacked rows: "72/288 72/304<TAB>title-1 title-2" -> pair the items with the title pieces
        stacked: list[str] = []
        if len(items) > 1 and len(entry.titles) == 1 and self._whitespace_separated(numbers[0]):
            stacked = self._raw_pieces(entry.titles[0])
            if len(stacked) != len(items):
                stacked = []
        out: list[Mandate] = []
        for i, (span, sym, kind) in enumerate(items):
            t = stacked[i] if stacked else title
            key = sym.canonical if sym else None
            rule = "table:mandates#symbol" if sym else "table:mandates#number"
            out.append(self._mandate(key, spec.body, kind, t, sym, span, rule))
        return out

    def _raw_pieces(self, span: tuple[int, int]) -> list[str]:
        """Split text where the raw file had white space (normalising drops it between CJK)."""
        doc, (start, end) = self.doc, span
        pieces: list[str] = []
        cut = start
        for i in range(start, end - 1):
            if doc.raw[doc.raw_ends[i] : doc.raw_starts[i + 1]].isspace() or doc.text[i + 1] == " ":
                piece = doc.text[cut : i + 1].strip()
                if piece:
                    pieces.append(piece)
                cut = i + 1
        pieces.append(doc.text[cut:end].strip())
        return [p for p in pieces if p]

    def _whitespace_separated(self, number: tuple[int, int]) -> bool:
        return not re.search(r"[;；,，、和]", self._text(number))

    def _items(
        self, spec: BodySpec, numbers: list[tuple[int, int]]
    ) -> list[tuple[Span, CitedSymbol | None, str]]:
        out: list[tuple[Span, CitedSymbol | None, str]] = []
        for start, end in numbers:
            text = self.doc.text[start:end]
            if spec.symbol_body is None or _YEARS_RE.fullmatch(text):
                for m in re.finditer(r"\S+(?:\s*\S+)*?(?=\s{1,}(?:19|20)\d{2}(?:\s|$)|$)", text):
                    if m.group(0):
                        out.append((Span(start + m.start(), start + m.end()), None, spec.kind))
                continue
            parsed = parse_mandate_cell(text, spec.symbol_body)
            if not parsed:
                self.issue(
                    "mandate-symbol-unparsed", f"no symbol found in {text!r}", Span(start, end), "warning"
                )
                out.append((Span(start, end), None, spec.kind))
                continue
            for s, e, sym in parsed:
                out.append(self._classified(spec, text, start, s, e, sym))
        return out

    def _classified(
        self, spec: BodySpec, text: str, base: int, s: int, e: int, sym: CitedSymbol
    ) -> tuple[Span, CitedSymbol, str]:
        piece = text[s:e]
        if sym.canonical.startswith("S/PRST/") or "PRST" in sym.doc_kind.upper():
            return Span(base + s, base + e), sym, "presidential-statement"
        number = re.match(r"(?:[A-Z]+-)?\d+/(\d+)", piece)
        if (
            spec.decision_from is not None
            and spec.decision_body
            and number
            and int(number.group(1)) >= spec.decision_from
        ):
            redo = parse_mandate_cell(piece, spec.decision_body)
            if redo:
                return Span(base + s, base + e), redo[0][2], "decision"
        return Span(base + s, base + e), sym, spec.kind

    def _mandate(
        self,
        key: str | None,
        body: str,
        kind: str,
        title: str | None,
        sym: CitedSymbol | None,
        span: Span,
        rule: str,
    ) -> Mandate:
        printed = self.doc.text[span.start : span.end]
        return Mandate(
            key,
            self.programme,
            self.component,
            body,
            kind,
            title,
            printed,
            sym,
            Evidence(self.doc.id, span, rule),
        )


def read_mandate_section(
    doc: Doc, blocks: Sequence[tuple[str, Span]], programme: int, component: str | None
) -> tuple[list[Mandate], list[Issue]]:
    """Read one "立法授权" section (the blocks after its heading) into mandate records.

    Args:
        doc: the normalised document.
        blocks: (kind, span) of the blocks of the section, in order, without the "立法授权"
            heading.
        programme: number of the programme the section belongs to.
        component: key of the component (e.g. "A") the section belongs to, if any.

    Returns:
        The mandates in reading order and the issues found.
    """
    reader = _SectionReader(doc, programme, component)
    for kind, span in blocks:
        reader.read(kind, span)
    return reader.records(), reader.issues
