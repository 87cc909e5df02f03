"""Programme-plan extractor: programmes, components, subprogrammes, mandates and deliverables.

Reads the structure of a UN programme plan ("方案计划") from the blocks of a normalised `Doc`;
returns nothing, quickly, for any other document. Mandate tables are read by
`kg.extract.mandates`, deliverables tables by `kg.extract.deliverables`.

Structure rules (none keys on a line number or on a string peculiar to one year's plan):
- a programme starts at a heading "方案 N" ("方案 N：title") followed by its own body (headings,
  tables, paragraphs "N.x"); the table of contents is not a programme: its lines are `toc`
  blocks, end with a page number, or are followed at once by the next entry; the title is on
  the same line or the next;
- a subprogramme starts at "次级方案 N" with its title on the same line or the next; deliverables
  captions ("次级方案 1：按类别…应交付产出", or any line right after "表 N.M") are not headings;
- components: a lettered heading ("A. 管理战略、政策和合规部") followed by "立法授权",
  "工作方案", "总方向" or a subprogramme (key: the letter); a heading "<name>，<duty station>"
  followed by a subprogramme (key: the duty-station slug, e.g. "new-york"); and "构成部分 N"
  inside a subprogramme (key "N"; qualified by its parents, e.g. "A.1.2" = component A,
  subprogramme 1, part 2, when it sits under a lettered/duty-station component or when the same
  N occurs under several subprogrammes). Subprogramme numbering restarts under each lettered or
  duty-station component;
- an unnumbered unit (a heading followed by "宗旨", "总方向" or "任务和背景", e.g. a special
  office of a programme) ends the current subprogramme: its tables belong to the programme only;
- the objective is the paragraph after a "宗旨" heading: the subprogramme's own, or the
  programme's when it comes before any subprogramme (programmes with no subprogrammes);
- every "立法授权" section (one per component where components have their own) is read into
  mandates of the programme and component it sits in;
- deliverables tables are linked to the subprogramme/component they follow in the text, never
  through their printed number (which is sometimes wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import ExtractOptions, extractor
from kg.extract.deliverables import TABLE_ID_RE, TableContext, read_table
from kg.extract.mandates import read_mandate_section
from kg.model import (
    Component,
    Deliverable,
    Doc,
    Evidence,
    Extracted,
    Issue,
    Mandate,
    Programme,
    Span,
    Subprogramme,
)
from kg.reference import Resources
from kg.reference.bodies import BodyResources
from kg.sessions import SessionYears

_PROGRAMME_RE = re.compile(r"^方案\s?(\d{1,2})(?:(?:[.．:：]\s*|\s+)(\S.*))?$")
_SUBPROGRAMME_RE = re.compile(r"^次级方案\s?(\d{1,2})(?:(?:[.．]\s*|\s+)(\S.*))?$")
_PART_RE = re.compile(r"^构成部分\s?(\d{1,2})(?:\s+(\S.*))?$")
_LETTERED_RE = re.compile(r"^([A-Z])[.．]\s*(\S.*)$")
_TRAILING_MARK_RE = re.compile(r"(?<=[\u4e00-\u9fff])((?:次级方案|构成部分)\s?\d{1,2})$")
_TRAILING_KEYWORD_RE = re.compile(r"(?<=[\u4e00-\u9fff）)》])(宗旨|工作方案)$")
_CAPTION_RE = re.compile(r"按类别|应交付产出$|^次级方案\s?\d+\s*[(（,，:：]")
_TOC_TAIL_RE = re.compile(r"(?:\.{3,}|…{2,}|\t)\s*\d{1,3}$")
_PARA_NUM_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\s*")
_CAPTION_YEARS_RE = re.compile(r"((?:19|20)\d{2})\s*[-—–]\s*((?:19|20)\d{2})\s*年")

# Duty stations that name sections of a programme ("会议管理，纽约"), with stable slugs.
DUTY_STATIONS = {
    "纽约": "new-york",
    "日内瓦": "geneva",
    "维也纳": "vienna",
    "内罗毕": "nairobi",
    "亚的斯亚贝巴": "addis-ababa",
    "曼谷": "bangkok",
    "贝鲁特": "beirut",
    "圣地亚哥": "santiago",
}
_DUTY_RE = re.compile(rf"^(.+?)[，,]\s*({'|'.join(DUTY_STATIONS)})$")

OBJECTIVE = "宗旨"
MANDATES = "立法授权"
# other years print the list under a longer heading ("立法授权清单", "立法授权(续)")
_MANDATES_RE = re.compile(r"^立法授权(?:清单|一览表?|列表)?\s?(?:[(（]续[)）])?$")
WORK_PROGRAMME = "工作方案"
_UNIT_NEXT = (OBJECTIVE, "总方向", "任务和背景")
_KEYWORDS = {
    OBJECTIVE,
    MANDATES,
    WORK_PROGRAMME,
    "总方向",
    "任务和背景",
    "应交付产出",
    "近期情况",
    "评价活动",
}


@dataclass(frozen=True, slots=True)
class _Line:
    """A block, or the tail of a block that swallowed a heading line (a PDF join)."""

    kind: str
    span: Span
    text: str
    number: str | None


def _trailing_mark(doc: Doc, k: int) -> re.Match[str] | None:
    """A heading line that the PDF join glued to the end of block `k` (a title or table row)."""
    b = doc.blocks[k]
    text = doc.text[b.span.start : b.span.end]
    if b.kind not in ("heading", "paragraph") or "。" in text:
        return None
    if m := _TRAILING_MARK_RE.search(text):
        return m
    nxt = doc.blocks[k + 1] if k + 1 < len(doc.blocks) else None
    nxt_text = doc.text[nxt.span.start : nxt.span.end] if nxt else ""
    m = _TRAILING_KEYWORD_RE.search(text)
    if m and m.group(1) == OBJECTIVE and nxt is not None and nxt.kind == "paragraph" and nxt.number:
        return m  # "…title宗旨" followed by the numbered objective paragraph
    if m and m.group(1) == WORK_PROGRAMME and (_SUBPROGRAMME_RE.match(nxt_text) or nxt_text == OBJECTIVE):
        return m  # "…last mandate row工作方案" followed by the first subprogramme
    return None


def _lines(doc: Doc) -> list[_Line]:
    out: list[_Line] = []
    for k, b in enumerate(doc.blocks):
        text = doc.text[b.span.start : b.span.end]
        m = _trailing_mark(doc, k)
        if m and m.start() > 0:
            head = text[: m.start()].rstrip()
            out.append(_Line(b.kind, Span(b.span.start, b.span.start + len(head)), head, b.number))
            out.append(_Line("heading", Span(b.span.start + m.start(), b.span.end), m.group(1), None))
        else:
            out.append(_Line(b.kind, b.span, text.strip(), b.number))
    return out


def is_programme_plan(doc: Doc) -> bool:
    """Cheap structural test: programme headings and subprogramme or mandate headings."""
    if "次级方案" not in doc.text and MANDATES not in doc.text:
        return False
    heads = 0
    for b in doc.blocks:
        if b.kind in ("heading", "paragraph") and b.span.end - b.span.start < 60:
            text = doc.text[b.span.start : b.span.end]
            if _PROGRAMME_RE.match(text) and not _TOC_TAIL_RE.search(text):
                heads += 1
                if heads >= 2:
                    return True
    return False


@dataclass
class _Part:
    """A component being built: lettered/duty-station section, or a numbered part."""

    programme: int
    number: str  # letter, slug or part number
    title: str
    span: Span
    rule: str
    section: str | None = None  # enclosing section key (parts only)
    subprogramme: int | None = None  # enclosing subprogramme (parts only)
    key: str = ""


@dataclass
class _Sub:
    programme: int
    number: int
    title: str
    section: str | None
    span: Span
    objective: str | None = None
    paragraph: str | None = None


@dataclass
class _Prog:
    number: int
    title: str
    span: Span
    objective: str | None = None


@dataclass
class _Table:
    ctx_part: _Part | None
    programme: int
    subprogramme: int | None
    section: str | None
    table: str
    position: int
    years: tuple[int, int, int] | None
    rows: list[Span] = field(default_factory=list)


def _is_caption(lines: list[_Line], i: int) -> bool:
    prev = lines[i - 1].text if i > 0 else ""
    return bool(TABLE_ID_RE.match(prev) or _CAPTION_RE.search(lines[i].text))


class _Walker:
    """One pass over the lines of a programme plan, keeping the current place in the structure."""

    def __init__(self, doc: Doc, sessions: SessionYears, bodies: BodyResources) -> None:
        self.doc = doc
        self.sessions = sessions
        self.bodies = bodies
        self.lines = _lines(doc)
        self.progs: list[_Prog] = []
        self.parts: list[_Part] = []
        self.subs: list[_Sub] = []
        self.tables: list[_Table] = []
        self.mandates: list[Mandate] = []
        self.issues: list[Issue] = []
        self.prog: _Prog | None = None
        self.section: _Part | None = None
        self.sub: _Sub | None = None
        self.part: _Part | None = None
        self.unit = False
        self.sub_seen = False
        self.table_pos = 0
        self.programme_lines = self.find_programme_lines()

    # ---------------------------------------------------------------- line tests

    def text(self, i: int) -> str:
        return self.lines[i].text if 0 <= i < len(self.lines) else ""

    def title_at(self, i: int) -> _Line | None:
        """The line at `i` when it can be a title of the heading just before it."""
        if i >= len(self.lines):
            return None
        ln = self.lines[i]
        t = ln.text
        if ln.kind in ("table-row", "toc", "footnote") or ln.number or not t or t in _KEYWORDS:
            return None
        if _MANDATES_RE.match(t):
            return None
        if _SUBPROGRAMME_RE.match(t) or _PART_RE.match(t) or _PROGRAMME_RE.match(t) or TABLE_ID_RE.match(t):
            return None
        return ln

    def is_programme(self, i: int) -> re.Match[str] | None:
        if i not in self.programme_lines:
            return None
        m = _PROGRAMME_RE.match(self.lines[i].text)
        if m and (self.prog is None or int(m.group(1)) > self.prog.number):
            return m
        return None

    def find_programme_lines(self) -> set[int]:
        """Lines that head a programme: "方案 N" with the programme's own text after it.

        A table of contents lists the same headings; its lines are `toc` blocks or end with a page
        number, and where the layout hides both, an entry is still followed at once by the next
        one, while a real programme has its headings, tables or paragraphs "N.x" before the next.
        """
        candidates = []
        for i, ln in enumerate(self.lines):
            if ln.kind not in ("heading", "paragraph") or "\t" in ln.text or _TOC_TAIL_RE.search(ln.text):
                continue
            if _PROGRAMME_RE.match(ln.text):
                candidates.append(i)
        real: set[int] = set()
        for k, i in enumerate(candidates):
            stop = candidates[k + 1] if k + 1 < len(candidates) else len(self.lines)
            m = _PROGRAMME_RE.match(self.lines[i].text)
            assert m is not None
            if any(self.has_content(j, m.group(1)) for j in range(i + 1, stop)):
                real.add(i)
        return real

    def has_content(self, j: int, number: str) -> bool:
        """True if line `j` belongs to the body of programme `number`."""
        ln = self.lines[j]
        t = ln.text
        return bool(
            (ln.number and ln.number.startswith(f"{number}."))
            or t in _KEYWORDS
            or _MANDATES_RE.match(t)
            or (_SUBPROGRAMME_RE.match(t) and ln.kind != "table-row")
            or TABLE_ID_RE.match(t)
        )

    def is_subprogramme(self, i: int) -> re.Match[str] | None:
        m = _SUBPROGRAMME_RE.match(self.lines[i].text)
        return m if m and self.lines[i].kind != "table-row" and not _is_caption(self.lines, i) else None

    def is_part(self, i: int) -> re.Match[str] | None:
        m = _PART_RE.match(self.lines[i].text)
        return m if m and self.lines[i].kind != "table-row" and not _is_caption(self.lines, i) else None

    def is_section(self, i: int) -> tuple[str, str] | None:
        """(key, title) when line `i` heads a lettered or duty-station component."""
        ln = self.lines[i]
        if ln.kind != "heading" or "\t" in ln.text:
            return None
        nxt = self.text(i + 1)
        starts_sub = bool(_SUBPROGRAMME_RE.match(nxt))
        m = _LETTERED_RE.match(ln.text)
        if m and (starts_sub or nxt in (WORK_PROGRAMME, "总方向", "任务和背景") or _MANDATES_RE.match(nxt)):
            return m.group(1), m.group(2).strip()
        d = _DUTY_RE.match(ln.text)
        if d and starts_sub:
            return DUTY_STATIONS[d.group(2)], ln.text
        return None

    def is_unit(self, i: int) -> bool:
        ln = self.lines[i]
        return (
            ln.kind in ("heading", "paragraph")
            and not ln.number
            and not ln.text.startswith(("(", "-"))
            and ln.text not in _KEYWORDS
            and self.text(i + 1) in _UNIT_NEXT
        )

    def is_structural(self, i: int) -> bool:
        t = self.lines[i].text
        return bool(
            t in _KEYWORDS
            or _MANDATES_RE.match(t)
            or TABLE_ID_RE.match(t)
            or self.is_programme(i)
            or self.is_subprogramme(i)
            or self.is_part(i)
            or self.is_section(i)
            or self.is_unit(i)
        )

    # ---------------------------------------------------------------- the walk

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            i = self.step(i)

    def step(self, i: int) -> int:
        ln = self.lines[i]
        if m := self.is_programme(i):
            return self.start_programme(i, m)
        if self.prog is None:
            return i + 1
        if sec := self.is_section(i):
            part = _Part(self.prog.number, sec[0], sec[1], ln.span, "heading:component")
            part.key = sec[0]
            self.parts.append(part)
            self.section, self.sub, self.part, self.unit = part, None, None, False
            return i + 1
        if _MANDATES_RE.match(ln.text):
            return self.read_mandates(i + 1)
        if m := self.is_subprogramme(i):
            return self.start_subprogramme(i, m)
        if m := self.is_part(i):
            return self.start_part(i, m)
        if ln.text == OBJECTIVE:
            return self.read_objective(i + 1)
        if m := TABLE_ID_RE.match(ln.text):
            return self.read_table(i, m.group(1))
        if self.is_unit(i):
            self.sub, self.part, self.unit = None, None, True
        return i + 1

    def headed(self, i: int, same_line: str | None) -> tuple[str, Span, int]:
        """Title and span of a heading at `i` whose title is on the same line or the next."""
        ln = self.lines[i]
        if same_line:
            return same_line.strip(), ln.span, i + 1
        nxt = self.title_at(i + 1)
        if nxt is None:
            return "", ln.span, i + 1
        return nxt.text, Span(ln.span.start, nxt.span.end), i + 2

    def start_programme(self, i: int, m: re.Match[str]) -> int:
        title, span, nxt = self.headed(i, m.group(2))
        self.prog = _Prog(int(m.group(1)), title, span)
        self.progs.append(self.prog)
        self.section, self.sub, self.part, self.unit, self.sub_seen, self.table_pos = (
            None,
            None,
            None,
            False,
            False,
            0,
        )
        return nxt

    def start_subprogramme(self, i: int, m: re.Match[str]) -> int:
        assert self.prog is not None
        title, span, nxt = self.headed(i, m.group(2))
        key = self.section.key if self.section else None
        self.sub = _Sub(self.prog.number, int(m.group(1)), title, key, span)
        self.subs.append(self.sub)
        self.part, self.unit, self.sub_seen = None, False, True
        return nxt

    def start_part(self, i: int, m: re.Match[str]) -> int:
        assert self.prog is not None
        title, span, nxt = self.headed(i, m.group(2))
        part = _Part(self.prog.number, m.group(1), title, span, "heading:part")
        part.section = self.section.key if self.section else None
        part.subprogramme = self.sub.number if self.sub else None
        self.parts.append(part)
        self.part, self.unit = part, False
        return nxt

    def read_objective(self, i: int) -> int:
        ln = self.lines[i] if i < len(self.lines) else None
        if ln is None or ln.kind != "paragraph":
            return i
        assert self.prog is not None
        text = _PARA_NUM_RE.sub("", ln.text, count=1)
        if self.part is None and not self.unit:
            if self.sub is not None and self.sub.objective is None:
                self.sub.objective, self.sub.paragraph = text, ln.number
            elif self.sub is None and not self.sub_seen and self.prog.objective is None:
                self.prog.objective = text
        return i + 1

    def read_mandates(self, i: int) -> int:
        assert self.prog is not None
        start = i
        while i < len(self.lines) and not self.is_structural(i):
            i += 1
        section = [(ln.kind, ln.span) for ln in self.lines[start:i]]
        records, issues = read_mandate_section(
            self.doc,
            section,
            self.prog.number,
            self.section_key(),
            self.prog.title,
            self.sessions,
            self.bodies,
        )
        self.mandates.extend(records)
        self.issues.extend(issues)
        return i

    def section_key(self) -> str | None:
        return self.section.key if self.section else None

    def read_table(self, i: int, table_id: str) -> int:
        assert self.prog is not None
        self.table_pos += 1
        j = i + 1
        caption = self.text(j)
        years = None
        if j < len(self.lines) and self.lines[j].kind != "table-row" and not self.is_structural(j):
            if y := _CAPTION_YEARS_RE.search(caption):
                first, last = int(y.group(1)), int(y.group(2))
                years = (first, last - 1, last)
            j += 1
        table = _Table(
            self.part,
            self.prog.number,
            None if self.unit else (self.sub.number if self.sub else None),
            self.section_key(),
            table_id,
            self.table_pos,
            years,
        )
        while j < len(self.lines):
            ln = self.lines[j]
            if ln.kind not in ("table-row", "heading") or self.is_structural(j):
                break
            table.rows.append(ln.span)
            j += 1
        self.tables.append(table)
        return j

    # ---------------------------------------------------------------- records

    def assign_part_keys(self) -> None:
        """Key numbered parts "N", qualified by their parents under a section or where N repeats."""
        parents: dict[tuple[int, str], set[tuple[str | None, int | None]]] = {}
        for p in self.parts:
            if p.rule == "heading:part":
                parents.setdefault((p.programme, p.number), set()).add((p.section, p.subprogramme))
        clash = {prog for (prog, _), seen in parents.items() if len(seen) > 1}
        for p in self.parts:
            if p.rule != "heading:part":
                continue
            if p.programme in clash or p.section is not None:
                sub = str(p.subprogramme) if p.subprogramme is not None else None
                p.key = ".".join(x for x in (p.section, sub, p.number) if x)
            else:
                p.key = p.number

    def records(self) -> list[Programme | Component | Subprogramme | Mandate | Deliverable]:
        doc_id = self.doc.id
        self.assign_part_keys()
        out: list[Programme | Component | Subprogramme | Mandate | Deliverable] = []
        for g in self.progs:
            out.append(
                Programme(g.number, g.title, g.objective, Evidence(doc_id, g.span, "heading:programme"))
            )
        for p in self.parts:
            out.append(Component(p.programme, p.key, p.title, Evidence(doc_id, p.span, p.rule)))
        seen: set[tuple[int, str | None, int]] = set()
        for s in self.subs:
            ident = (s.programme, s.section, s.number)
            if ident in seen:
                msg = f"subprogramme {s.number} of programme {s.programme} (component {s.section}) printed twice"
                self.issues.append(Issue("subprogramme-duplicate", msg, doc_id, s.span, "warning"))
                continue
            seen.add(ident)
            ev = Evidence(doc_id, s.span, "heading:subprogramme")
            out.append(Subprogramme(s.programme, s.number, s.title, s.section, s.objective, s.paragraph, ev))
        out.extend(self.mandates)
        for t in self.tables:
            component = t.ctx_part.key if t.ctx_part else t.section
            ctx = TableContext(t.programme, t.subprogramme, component, t.table, t.position, t.years)
            rows, issues = read_table(self.doc, ctx, t.rows)
            out.extend(rows)
            self.issues.extend(issues)
        return out


@extractor("programmes", produces=(Programme, Component, Subprogramme, Mandate, Deliverable))
def extract_programmes(
    doc: Doc, options: ExtractOptions, resources: Resources
) -> Extracted[Programme | Component | Subprogramme | Mandate | Deliverable]:
    """Extract the programmes, components, subprogrammes, mandates and deliverables of a plan.

    Args:
        doc: the normalised document.
        options: unused.
        resources: the reference data (its session-year tables date the mandates).

    Returns:
        The records and issues; empty at once when `doc` is not a programme plan.
    """
    if not is_programme_plan(doc):
        return Extracted()
    walker = _Walker(doc, resources.sessions, resources.bodies)
    walker.run()
    records = walker.records()
    return Extracted(tuple(records), tuple(walker.issues))
