"""Immutable values passed between stages: documents, spans, evidence, records and issues.

Every stage takes and returns these values; nothing here does I/O.
Offsets in a `Span` index `Doc.text` (the normalised text); `Doc.raw_span` maps them back to
the raw file so that `doc.raw[rs:re]` is exactly what the user sees in the source.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Generic, Literal, TypeVar, get_args

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open `[start, end)` offsets into `Doc.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: document, span in normalised text, and the rule that found it."""

    doc_id: str
    span: Span
    rule: str


@dataclass(frozen=True, slots=True)
class Issue:
    """A content problem found while reading or extracting a document (data, not an exception)."""

    code: str
    message: str
    doc_id: str
    span: Span | None = None
    severity: Severity = "error"


@dataclass(frozen=True, slots=True)
class RawDoc:
    """A decoded input file."""

    id: str  # file stem, e.g. "000_24c59e389beef106"
    path: str
    raw: str
    encoding: str
    sha256: str


BlockKind = Literal[
    "heading",  # chapter, lettered section, markdown heading, short title line
    "paragraph",  # body paragraph (numbered or not)
    "list-item",  # "(a) ..." items
    "table-row",  # tab-separated row of a flattened table
    "footnote",  # "¹ ..." or "<sup>1</sup> ..." note text
    "box",  # highlight box ("亮点：...") title and body
    "toc",  # table of contents line
]


@dataclass(frozen=True, slots=True)
class Block:
    """A structural unit of the normalised text: one heading, paragraph, table row, footnote...

    `number` is the printed paragraph number ("37", "1.1", "25.3") when there is one;
    `continues` is the index of the block this one continues (a paragraph interrupted by a
    page break and a footnote), else None. `section` is the index of the governing heading.
    """

    index: int
    kind: BlockKind
    span: Span
    number: str | None = None
    level: int = 0
    section: int | None = None
    continues: int | None = None


@dataclass(frozen=True, slots=True)
class SetAside:
    """Raw text kept out of `Doc.text`: page furniture and link dumps (raw offsets)."""

    kind: Literal["job-number", "page-mark", "running-header", "link", "markup", "blank"]
    raw_start: int
    raw_end: int
    text: str


@dataclass(frozen=True)
class Doc:
    """A normalised document.

    Attributes:
        id: stable document id (file stem).
        raw: the decoded raw text.
        text: the normalised text that extractors read.
        raw_starts: `raw_starts[i]` is the raw offset of the first raw character behind `text[i]`.
        raw_ends: `raw_ends[i]` is the raw offset just after the last raw character behind `text[i]`.
        blocks: structural blocks in text order.
        set_aside: furniture and links removed from `text`, in raw order.
    """

    id: str
    path: str
    raw: str
    text: str
    raw_starts: tuple[int, ...]
    raw_ends: tuple[int, ...]
    blocks: tuple[Block, ...] = ()
    set_aside: tuple[SetAside, ...] = ()
    encoding: str = "utf-8"
    sha256: str = ""

    def raw_span(self, span: Span) -> tuple[int, int]:
        """Map a span of `text` to `[start, end)` offsets of `raw`.

        Example:
            >>> from kg.ingest.normalise import normalise_text
            >>> d = normalise_text("联 合 国", doc_id="x")
            >>> d.text
            '联合国'
            >>> s, e = d.raw_span(Span(0, 3)); d.raw[s:e]
            '联 合 国'
        """
        return self.raw_starts[span.start], self.raw_ends[span.end - 1]

    @cached_property
    def _block_starts(self) -> list[int] | None:
        """The blocks' starts when they are in text order without overlaps (as the normaliser
        makes them), else None; computed once per document (every record asks `block_at`)."""
        b = self.blocks
        if all(b[k].span.end <= b[k + 1].span.start for k in range(len(b) - 1)):
            return [x.span.start for x in b]
        return None

    def block_at(self, offset: int) -> Block | None:
        """Return the block containing text offset `offset`, if any (binary search)."""
        starts = self._block_starts
        if starts is not None:
            i = bisect.bisect_right(starts, offset) - 1
            return self.blocks[i] if i >= 0 and offset < self.blocks[i].span.end else None
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.span.start:
                hi = mid - 1
            elif offset >= b.span.end:
                lo = mid + 1
            else:
                return b
        return None

    def paragraph_of(self, offset: int) -> Block | None:
        """Return the block that a fact at `offset` should cite (follows `continues` links)."""
        b = self.block_at(offset)
        while b is not None and b.continues is not None:
            b = self.blocks[b.continues]
        return b


# --------------------------------------------------------------------------- records
# Each extractor produces some of these; kg/rdf/mapping turns each into triples.


DocType = Literal[
    "resolution",
    "decision",
    "sg-report",
    "sg-note",
    "annual-report",
    "body-report",
    "summary-record",
    "programme-plan",
    "economic-survey",
]
"""The genres a `document` record's `doc_type` can be (README "Document genres"); each is a code of
the `doc-type` list in ontology/codes.yaml, which a test checks."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Bibliographic record of a document (kind `document`)."""

    KIND: ClassVar[str] = "document"
    DUMP: ClassVar[str] = (
        "[the document's own symbol, canonical, e.g. `A/RES/77/150`, `S/RES/2690(2023)`, `A/C.5/77/SR.12`; "
        "null when it has none]: `symbol` (the same), `symbol_inferred` (true when the symbol is not "
        "printed but follows from the Official Records convention: General Assembly session N, "
        "Supplement No. M → `A/N/M`), `symbol_rule` (`printed`, that convention, or "
        "`own-draft-decision…` when the symbol is printed only where the document's draft decision "
        "cites it), `title` (the title only: no organ, session, agenda or byline lines), `session` "
        "(int; the year for bodies that name sessions by year, e.g. 2023年届会 → 2023), `supplement`, "
        "`date` (ISO: the masthead date; a resolution's or decision's adoption date; a summary "
        'record\'s meeting date), `agenda_items`, `doc_type` (see "Document genres"), `organ` (`GA`, '
        "`SC`, `ECOSOC`, `HRC` as the masthead names it), `adoption_date`, `meeting` (number of the "
        "adopting or recorded meeting), `meeting_date`."
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str | None:
        """The JSONL `key`: the UN symbol."""
        return self.symbol

    doc_id: str
    symbol: str | None
    symbol_inferred: bool
    symbol_rule: str | None
    title: str | None
    session: int | None
    supplement: int | None
    date: str | None  # ISO 8601
    agenda_items: tuple[str, ...]
    doc_type: DocType | None
    evidence: Evidence
    organ: str | None = None  # "GA" | "SC" | "ECOSOC" | "HRC" as the masthead names it
    adoption_date: str | None = None  # ISO 8601; resolutions and decisions
    meeting: int | None = None  # meeting number: of adoption, or of a summary record
    meeting_date: str | None = None  # ISO 8601; summary records


@dataclass(frozen=True, slots=True)
class CitedSymbol:
    """A parsed UN document symbol as printed in a citation."""

    canonical: str  # e.g. "A/RES/70/1", "S/RES/1325(2000)", "S/PRST/2019/7"
    doc_kind: str  # "ga-resolution", "sc-resolution", "sc-presidential-statement", "report", ...
    organ: str | None  # "GA", "SC", "ECOSOC", "HRC", "UNEA", ...
    session: int | None
    year: int | None
    parts: tuple[str, ...] = ()  # lettered parts ("A", "B") of one resolution


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference in the text to a UN document (kind `citation`)."""

    KIND: ClassVar[str] = "citation"
    DUMP: ClassVar[str] = (
        "[canonical symbol, e.g. `A/RES/70/1`, `S/RES/1325(2000)`, `S/PRST/2019/7`; null when "
        "unresolved]: `printed` (as in the text), `body` (`GA`, `SC`, `ECOSOC`, `HRC`…), "
        "`body_inferred`, `resolved`, `symbol` (`canonical`, `doc_kind`, `organ`, `session`, `year`, "
        "`parts` such as `C` of `72/262 C`), `via` (`text` phrase, `inline-symbol`, `link`, "
        "`footnote`). A joint symbol (`A/72/707-S/2018/43`, also as misprinted: `A/72/707S/2018/43`, "
        "`A/72/707 – S/2018/43`) gives one citation per part, each with its own key. Works of bodies "
        "that have no official symbol series keep a project key of the same shape: executive boards "
        "and governing councils (`UN-WOMEN-EB/DEC/2011/4`, `UN-HABITAT-GC/RES/26/2`, kind "
        "`governing-body-decision`/`-resolution`); the Official Records cited as "
        "《大会正式记录，第七十四届会议，补编第 16 号》 resolve to `A/74/16`. A generic 理事会/执行局 "
        "takes the body named earlier in the paragraph, or the board of the entity the programme "
        "belongs to."
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str | None:
        """The JSONL `key`: the canonical symbol cited."""
        return self.key

    key: str | None  # canonical symbol, None when unresolved
    body: str | None  # issuing organ code
    body_inferred: bool
    resolved: bool
    printed: str  # the citation as printed (normalised text)
    symbol: CitedSymbol | None
    via: Literal["text", "link", "inline-symbol", "footnote"]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country or territory named in the text (kind `country`)."""

    KIND: ClassVar[str] = "country"
    DUMP: ClassVar[str] = "[ISO 3166-1 alpha-3]: `iso3`, `label_zh` (UN Chinese short name), `label_en`."
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str:
        """The JSONL `key`: ISO 3166 alpha-3."""
        return self.iso3

    iso3: str
    label_zh: str
    label_en: str
    surface: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class RegionMention:
    """A region, grouping or sub-national area named in the text (kind `region`)."""

    KIND: ClassVar[str] = "region"
    DUMP: ClassVar[str] = "[M49 code or id]: `region_id`, `label_zh`, `label_en`, `region_type`, `country`."
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str:
        """The JSONL `key`: the region gazetteer id."""
        return self.region_id

    region_id: str
    label_zh: str
    label_en: str
    region_type: str  # "m49-region" | "grouping" | "named-region" | "subnational"
    country: str | None  # ISO alpha-3 of the country a sub-national area belongs to
    surface: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A UN entity or other organisation named in the text (kind `entity`)."""

    KIND: ClassVar[str] = "entity"
    DUMP: ClassVar[str] = (
        "[gazetteer id, e.g. `undp`, `dppa`]: `entity_id`, `label_zh`, `label_en`, `acronym`, "
        "`entity_type`. An organisation outside the gazetteer has `key` = its normalised name (e.g. "
        "`联合国驻阿富汗国家工作队`; never a gazetteer id), `rule` = `open:head#<head noun>`, and also "
        "`head`, `confidence` (0–1) and `parent` (gazetteer id of a known body at the start of its "
        "name)."
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str:
        """The JSONL `key`: gazetteer id or normalised name."""
        return self.entity_id

    entity_id: str
    label_zh: str
    label_en: str
    acronym: str | None
    entity_type: str
    surface: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class OrganisationMention(EntityMention):
    """An organisation that no gazetteer lists, found by the head noun of its name (kind `entity`).

    `entity_id` is its normalised name; `head` the head noun, `confidence` (0-1) how sure the
    left boundary of the name is, `parent` the gazetteer id of a known body at its start.
    """

    head: str
    confidence: float
    parent: str | None


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme of a programme plan (kind `programme`)."""

    KIND: ClassVar[str] = "programme"
    DUMP: ClassVar[str] = (
        "[number]: `number`, `title`, `objective`, `entity` (gazetteer id of the implementing "
        "entity, when the plan names one)."
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> int:
        """The JSONL `key`: the programme number."""
        return self.number

    number: int
    title: str
    objective: str | None
    evidence: Evidence
    entity: str | None = None  # entity gazetteer id of the implementing entity


@dataclass(frozen=True, slots=True)
class Component:
    """A lettered or numbered component / section of a programme ("构成部分 1", "会议管理，纽约")."""

    KIND: ClassVar[str] = "component"
    DUMP: ClassVar[str] = (
        "[`programme/key`, the key a letter, a number or a duty station: `1/A`, `1/new-york`]: "
        "`programme`, `title`."
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str:
        """The JSONL `key`: programme/component."""
        return f"{self.programme}/{self.key}"

    programme: int
    key: str  # e.g. "1", "A", "new-york"
    title: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Subprogramme:
    """A subprogramme (kind `subprogramme`)."""

    KIND: ClassVar[str] = "subprogramme"
    DUMP: ClassVar[str] = (
        "[`programme/number`, or `programme/component/number` where numbering restarts under "
        "components]: `programme`, `number`, `title`, `component`, `objective`, `entity`, and "
        "`paragraph` (printed number of its objective paragraph, e.g. `1.1`; written `paragraph_` "
        "when it is not the `paragraph` the record was read in)."
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str:
        """The JSONL `key`: programme/[component/]number."""
        comp = f"{self.component}/" if self.component else ""
        return f"{self.programme}/{comp}{self.number}"

    programme: int
    number: int
    title: str
    component: str | None
    objective: str | None
    paragraph: str | None  # printed number of the objective paragraph, e.g. "1.1"
    evidence: Evidence
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Mandate:
    """A legislative mandate row of a programme (kind `mandate`)."""

    KIND: ClassVar[str] = "mandate"
    DUMP: ClassVar[str] = (
        "[canonical symbol]: one row of a programme's legislative-mandate table: `programme`, "
        "`component`, `body`, `mandate_kind` (resolution, decision, …), `title` (the table's title "
        "column), `printed`, `symbol`, `year` (the year it was adopted: the symbol's year, General "
        "Assembly session N → 1945 + N, special sessions and ECOSOC's Roman-numeral sessions from "
        '`ontology/sessions.yaml`, else the year the row prints: "1996", "1997/2", a treaty\'s '
        '"(1954 年)"; `null` when none of these tells). A row without a symbol of its own whose '
        'title names the resolution that adopted it ("《儿童权利公约》(大会第 44/25 号决议)") takes '
        "that symbol."
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str | None:
        """The JSONL `key`: the canonical symbol."""
        return self.key

    key: str | None  # canonical symbol, None for year-only entries
    programme: int
    component: str | None
    body: str  # issuing body code: "GA", "SC", "ECOSOC", "HRC", "UNEA", "ECA", "CSW", ...
    mandate_kind: str  # "resolution" | "decision" | "presidential-statement" | "agreed-conclusions" | ...
    title: str | None
    printed: str
    symbol: CitedSymbol | None
    evidence: Evidence
    # year the work was adopted: from its symbol or session (`kg.sessions.symbol_year`), the
    # printed year of a year-only row, or the date printed with a treaty ("(1954 年)")
    year: int | None = None


FigureKind = Literal["planned", "actual"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One value of a deliverables row: the year it is for, whether planned or actual, the number."""

    year: int
    kind: FigureKind
    value: int


@dataclass(frozen=True, slots=True)
class Deliverable:
    """A quantified row of a deliverables table (kind `deliverable`)."""

    KIND: ClassVar[str] = "deliverable"
    DUMP: ClassVar[str] = (
        "[`table/category/label`]: one row of a deliverables table: `programme`, `subprogramme`, "
        "`component`, `table`, `table_position`, `category` (A–F), `label`, `unit`, and `figures`: "
        'the row\'s values in column order, each `{"year": 2018, "kind": "planned" | "actual", '
        '"value": 21}` (years as the table\'s header prints them; a blank cell gives no figure).'
    )
    """Its entry in README \"Record dump\" (generated: `python -m kg.export.records --readme`)."""

    def record_key(self) -> str:
        """The JSONL `key`: table/category/label."""
        return f"{self.table}/{self.category}/{self.label}"

    programme: int
    subprogramme: int | None
    component: str | None
    table: str  # printed table id, e.g. "1.1"
    table_position: int  # position of the table within the programme (1-based)
    category: str  # "A".."E"
    label: str
    unit: str | None
    figures: tuple[Figure, ...]  # the row's values, in column order; a blank cell gives none
    evidence: Evidence


Record = (
    DocumentInfo
    | Citation
    | CountryMention
    | RegionMention
    | EntityMention
    | OrganisationMention
    | Programme
    | Component
    | Subprogramme
    | Mandate
    | Deliverable
)

# every record type, in the order of `Record` (the kinds, keys and JSONL rows derive from these)
RECORD_TYPES: tuple[type[Record], ...] = get_args(Record)
RECORD_KINDS: tuple[str, ...] = tuple(sorted({t.KIND for t in RECORD_TYPES}))


def record_kind(record: Record) -> str:
    """Return the JSONL `kind` of a record ("document", "citation", "country", ...)."""
    return record.KIND


R = TypeVar("R")


@dataclass(frozen=True)  # no slots: frozen+slots+Generic breaks subscripted construction on 3.11
class Extracted(Generic[R]):
    """What one extractor returns for one document."""

    records: tuple[R, ...] = ()
    issues: tuple[Issue, ...] = ()
