"""Legislative-mandate tables of a programme plan ("立法授权") -> `Mandate` records.

Pure helpers used by `kg.extract.programmes`: one call per mandate section, given the blocks
between the "立法授权" heading and the end of the section. Each issuing-body heading ("大会决议",
"安全理事会决议和主席声明", "经社理事会决定", "执行局决定", ...) is read by `resolve_body`: a body
name of `Resources.bodies` followed by what the rows are; rows under an unknown heading
become a `mandate-unknown-body` issue instead of a guess, and a generic board ("执行局") is the
board of the programme's entity or a `mandate-body-ambiguous` issue.

Layouts handled (PDF two-column tables flattened to text):
- tab rows ``symbol<TAB>title<TAB>symbol<TAB>title`` (a row can hold two mandates);
- symbol-only rows (Security Council lists ``1325 (2000)<TAB>1887 (2009)``), title-only rows
  (treaties and declarations), year-only rows (agreed conclusions, ministerial communiqués);
- a title continued on the next line (empty symbol cell) and a symbol list continued on the next
  line (previous cell ends with ";"), all sharing one title;
- a lone part-letter cell ("A-C") that completes the symbol above it;
- two stacked entries in one row ("72/288 72/304<TAB>title-1 title-2");
- rows that lost their tabs (space-separated paragraphs), split on symbol boundaries;
- a title wrapped at the foot of a page whose end is printed in the right column of the page's
  first row (it continues the page's last left-column entry);
- a year-only row whose title opens with the resolution that adopted it ("第 40/9 号决议：…"),
  and a treaty row naming it in brackets ("《儿童权利公约》(大会第 44/25 号决议)").

Every record carries the year it was adopted when the row tells it (`Mandate.year`): from the
symbol or its session (`kg.sessions`), the printed year of a year-only row, or a treaty's date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.mandate_headings import BODY_HEADING_END, BodySpec, body_name_re, resolve_body
from kg.model import CitedSymbol, Doc, Evidence, Issue, Mandate, Span
from kg.reference.bodies import GENERIC, BodyResources
from kg.sessions import SessionYears, symbol_year
from kg.symbol_search import parse_mandate_cell
from kg.symbols import short_form

# ----------------------------------------------------------------------------- cell grammar

_PART = r"[A-Z](?![A-Za-z])"
_PARTS = rf"{_PART}(?:\s?(?:-|—|至|和|、|,|，)\s?{_PART})*"
_SECTION = r"(?:\s?[,，]\s?第[一二三四五六七八九十]+(?:节|部分))"
SYMBOL = (
    r"(?:S/PRST/\d{4}/\d{1,3}"
    r"|(?:A|S|E)/(?:HRC/)?(?:RES|DEC)/[A-Za-z0-9/().\-]+"
    r"|E?S-\d{1,2}/\d{1,3}"
    rf"|\d{{1,4}}\s?(?:{_PART}\s?)?\((?:(?:E?S-)?[IVXLC]+|\d{{4}})\)(?:\s?{_PARTS})?"
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


_OPEN_LIST_END = (";", "；", ",", "，", "、")
_TITLE_SYMBOL_RE = re.compile(r"第\s?(?P<num>[0-9A-Z][0-9A-Z/() \-]{0,16}?)\s?号(?P<noun>决议|决定)")
# The resolution that adopted an instrument, in brackets inside its title: "《儿童权利公约》
# (大会第 44/25 号决议)(1989 年)"; the body may be left out when the heading names it.


@lru_cache(maxsize=8)
def _adopted_by_re(bodies: BodyResources) -> re.Pattern[str]:
    return re.compile(
        rf"[(（](?P<phrase>(?P<body>{body_name_re(bodies).pattern})?\s?{_TITLE_SYMBOL_RE.pattern})[)）]"
    )


# A treaty's date as the plans print it: "(1954 年)", "(1966 年开放供签署)", "(1989 年 11 月
# 20 日)", "1951 年《…公约》";
# not a year inside a name ("《2063 年议程》" has no bracket around it and no "《" after "年").
_TREATY_YEAR_RE = re.compile(
    r"[(（]\s?(?P<y>(?:1[89]|20)\d{2})\s?年[^()（）]{0,16}[)）]"
    r"|(?<!\d)(?P<lead>(?:1[89]|20)\d{2})\s?年\s?《"
)
# a year-only row prints the year, or the year and number of agreed conclusions ("1997/2")
_ROW_YEAR_RE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:/\d{1,3})?")


def _row_year(printed: str) -> int | None:
    m = _ROW_YEAR_RE.fullmatch(printed)
    return int(m.group("y")) if m else None


def treaty_year(title: str | None) -> int | None:
    """Return the year printed with a treaty or declaration in its title, or None.

    The first dated instrument of the title counts ("1951 年《…公约》及其 1967 年《议定书》" is
    the 1951 convention's row).

    Example:
        >>> treaty_year("《关于无国籍人地位的公约》(1954 年)"), treaty_year("1951 年《公约》及其 1967 年《议定书》")
        (1954, 1951)
        >>> treaty_year("执行《2063 年议程》"), treaty_year(None)
        (None, None)
    """
    m = _TREATY_YEAR_RE.search(title or "")
    return int(m.group("y") or m.group("lead")) if m else None


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

    def __init__(
        self,
        doc: Doc,
        programme: int,
        component: str | None,
        programme_title: str | None,
        sessions: SessionYears,
        bodies: BodyResources,
    ) -> None:
        self.doc = doc
        self.sessions = sessions
        self.bodies = bodies
        self.programme = programme
        self.component = component
        self.programme_title = programme_title
        self.spec: BodySpec | None = None
        self.heading_seen = False
        self.entries: list[_Entry] = []
        self.last_in_col: dict[int, _Entry] = {}
        self.issues: list[Issue] = []
        # a "run" is the rows of one page of a table (rows between blank lines or headings)
        self.run_start = 0
        self.orphans: list[tuple[int, list[tuple[int, int]], str]] = []  # (column, spans, text)
        self.prev_end: int | None = None

    def issue(self, code: str, message: str, span: Span, severity: str = "error") -> None:
        self.issues.append(Issue(code, message, self.doc.id, span, severity))  # type: ignore[arg-type]

    def read(self, kind: str, span: Span) -> None:
        """Read one block (its kind and span) of the section."""
        text = self.doc.text[span.start : span.end]
        if self.prev_end is not None and self._blank_between(self.prev_end, span.start):
            self._close_run()
        self.prev_end = span.end
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

    def _blank_between(self, end: int, start: int) -> bool:
        """True if the raw file has a blank line between two blocks (a page or table break)."""
        doc = self.doc
        gap = doc.raw[doc.raw_ends[end - 1] : doc.raw_starts[start]] if start > end else ""
        return re.search(r"\n[ \t\u3000]*\n", gap) is not None

    def _heading(self, text: str, span: Span) -> None:
        spec = resolve_body(text, self.programme_title, self.bodies)
        if spec is not None:
            self._close_run()
            self.spec, self.heading_seen, self.last_in_col = spec, True, {}
            if spec.ambiguous:
                self.issue(
                    "mandate-body-ambiguous",
                    f"heading {text!r} names a generic body and the programme names no entity "
                    "that has one; its rows are kept without symbols",
                    span,
                    "warning",
                )
            return
        if text.endswith(BODY_HEADING_END) or not self.entries:
            self.issue("mandate-unknown-body", f"unknown issuing-body heading {text!r}; rows skipped", span)
            self._close_run()
            self.spec, self.last_in_col = None, {}
            return
        # a title wrapped onto its own line (the PDF lost the cell): continue the last entry
        self.entries[-1].titles.append((span.start, span.end))

    def _close_run(self) -> None:
        """Attach the title fragments that opened this page of the table, then start a new page.

        A title wrapped in the left column at the foot of a page is printed in the first row of
        the right column (the PDF's reading order): it continues the last left-column entry of
        the same page, not an entry above it in its own column.
        """
        run = self.entries[self.run_start :]
        target = next((e for e in reversed(run) if e.column == 0 and e.titles), None)
        for col, spans, text in self.orphans:
            if target is not None and col > 0:
                target.titles.extend(spans)
                target = None  # one continuation per entry
                continue
            self.issue(
                "mandate-title-fragment",
                f"title text with no mandate above it in its column: {text!r}",
                Span(*spans[0]),
                "warning",
            )
        self.orphans = []
        self.run_start = len(self.entries)

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
                    self.orphans.append((col, spans, titles[0].text))
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
        self._close_run()
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
            adopted = self._title_symbol(spec, entry.titles, title, kind)
            if adopted is not None:
                return [adopted]
            year = treaty_year(title)
            if year is None:
                self.issue(
                    "mandate-year-unknown",
                    f"no year printed with {title!r}: print it as '(YYYY 年)' or name the adopting "
                    "resolution ('(大会第 N/M 号决议)'); the row is kept without a year",
                    span,
                    "warning",
                )
            return [self._mandate(None, spec.body, kind, title, None, span, "table:mandates#title", year)]
        items = self._items(spec, numbers)
        # stacked rows: "72/288 72/304<TAB>title-1 title-2" -> pair the items with the title pieces
        stacked: list[str] = []
        if len(items) > 1 and len(entry.titles) == 1 and self._whitespace_separated(numbers[0]):
            stacked = self._raw_pieces(entry.titles[0])
            if len(stacked) != len(items):
                stacked = []
        if len(items) == 1 and spec.symbol_body is None and entry.titles:
            row_year = _row_year(self.doc.text[items[0][0].start : items[0][0].end])
            titled = self._title_symbol(spec, entry.titles, title, spec.kind, row_year)
            if titled is not None:
                return [titled]
        out: list[Mandate] = []
        for i, (span, sym, kind) in enumerate(items):
            t = stacked[i] if stacked else title
            key = sym.canonical if sym else None
            rule = "table:mandates#symbol" if sym else "table:mandates#number"
            printed = self.doc.text[span.start : span.end]
            year = symbol_year(sym, self.sessions) if sym else _row_year(printed)
            out.append(self._mandate(key, spec.body, kind, t, sym, span, rule, year))
        return out

    def _title_symbol(
        self,
        spec: BodySpec,
        titles: list[tuple[int, int]],
        title: str | None,
        kind: str,
        row_year: int | None = None,
    ) -> Mandate | None:
        """A row without a symbol of its own whose title names the resolution that adopted it.

        "1996<TAB>第 40/9 号决议：执行战略目标…" under "妇女地位委员会的商定结论": the
        agreed conclusions were adopted as resolution 40/9, which is the mandate's key (the kind
        stays the row's). The same holds for a resolution in brackets anywhere in the title
        ("《儿童权利公约》(大会第 44/25 号决议)(1989 年)" under "公约和会议宣言"): its body is
        the one printed before "第", else the heading's; a treaty heading names none. The year
        is the symbol's, else the one the row prints (CSW sessions carry no year).
        """
        first = titles[0]
        found = _TITLE_SYMBOL_RE.match(self._text(first))
        body: str | None = spec.body
        base = first[0]
        if found is None:
            for start, end in titles:
                adopted = _adopted_by_re(self.bodies).search(self.doc.text[start:end])
                if adopted is not None:
                    named = adopted.group("body")
                    body = self.bodies.names[named] if named else spec.body
                    found, base = adopted, start
                    break
        if found is None or body in (None, "TREATY", GENERIC) or spec.ambiguous:
            return None
        decision = found.group("noun") == "决定"
        sym = short_form(found.group("num"), f"{body}-DEC" if decision else str(body))
        if sym is None:
            return None
        group = "phrase" if "phrase" in found.re.groupindex else 0
        span = Span(base + found.start(group), base + found.end(group))
        rule = "table:mandates#title-symbol"
        year = symbol_year(sym, self.sessions) or row_year
        return self._mandate(sym.canonical, spec.body, kind, title, sym, span, rule, year)

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
        if spec.kind == "resolution" and sym.doc_kind.endswith("-decision"):
            return Span(base + s, base + e), sym, "decision"  # "74/555" under "大会决议"
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
        year: int | None = None,
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
            year,
        )


def read_mandate_section(
    doc: Doc,
    blocks: Sequence[tuple[str, Span]],
    programme: int,
    component: str | None,
    programme_title: str | None,
    sessions: SessionYears,
    bodies: BodyResources,
) -> tuple[list[Mandate], list[Issue]]:
    """Read one "立法授权" section (the blocks after its heading) into mandate records.

    Args:
        doc: the normalised document.
        blocks: (kind, span) of the blocks of the section, in order, without the "立法授权"
            heading.
        programme: number of the programme the section belongs to.
        component: key of the component (e.g. "A") the section belongs to, if any.
        programme_title: title of the programme: it tells whose board a generic "执行局决定"
            heading means.
        sessions: the session-year tables (`Resources.sessions`) that date symbols printing
            only a session.
        bodies: the issuing bodies by name (`Resources.bodies`) that headings and titles print.

    Returns:
        The mandates in reading order and the issues found.
    """
    reader = _SectionReader(doc, programme, component, programme_title, sessions, bodies)
    for kind, span in blocks:
        reader.read(kind, span)
    return reader.records(), reader.issues
