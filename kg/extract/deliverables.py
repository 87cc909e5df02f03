"""Deliverables tables of a programme plan ("表 N.M") -> `Deliverable` records.

Pure helpers used by `kg.extract.programmes`. A table is the "表 N.M" heading, its caption and
the rows after it: a header row of years ("2018 年计划数 …"), section rows ("量化的应交付产出" /
"非量化的应交付产出"), category rows ("A. 协助政府间进程和专家机构") and item rows
("议事机构文件(文件数目)<TAB>21<TAB>170<TAB>21<TAB>166"). Only quantified item rows become
records. "—" and blank cells are missing values; "1 236" is 1236; footnote markers (" ^a") are
not part of labels; header rows repeated after a page break are skipped. The printed table
number is kept as printed (captions sometimes carry a wrong one); the caller links the table to
its subprogramme by position in the text, not by that number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kg.model import Deliverable, Doc, Evidence, Figure, FigureKind, Issue, Span

TABLE_ID_RE = re.compile(r"^表\s?(\d{1,3}[A-Z]?(?:\.\d{1,3})+[A-Za-z]?)$")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_CATEGORY_RE = re.compile(r"^([A-E])[.．]\s*(\S.*?)[：:]?$")
_FOOTNOTE_MARK_RE = re.compile(r"(?:\s*\^\s*[a-z*]{1,3}|\s+[a-z]|\*{1,3})+$")
_UNIT_RE = re.compile(r"[(（]([^()（）]+)[)）]$")
_VALUE_RE = re.compile(r"\d{1,3}(?:[ ,]\d{3})*|\d+")
_RULE_CELL_RE = re.compile(r"[-—_]+")
_MISSING = {"", "—", "-", "–", "..", "…"}
# years of the value columns when a table prints none: those of the plans the sample is from
_DEFAULT_YEARS: tuple[int, int, int] = (2018, 2019, 2020)
# what each value column holds: (planned or actual, index into the table's three years). A
# programme plan prints, for its years (Y-2, Y-1, Y): planned Y-2, actual Y-2, planned Y-1, planned Y.
COLUMNS: tuple[tuple[FigureKind, int], ...] = (("planned", 0), ("actual", 0), ("planned", 1), ("planned", 2))
QUANTIFIED = "量化的应交付产出"
NON_QUANTIFIED = "非量化的应交付产出"


@dataclass(frozen=True, slots=True)
class TableContext:
    """Where a table sits: programme, subprogramme and component, and its position."""

    programme: int
    subprogramme: int | None
    component: str | None
    table: str
    position: int
    years: tuple[int, int, int] | None = None  # from the caption, used when no header row


def parse_value(cell: str) -> int | None:
    """Parse a value cell: digits with thin-space grouping, or a missing-value mark.

    Example:
        >>> parse_value("1 236"), parse_value("—"), parse_value(""), parse_value("13 300")
        (1236, None, None, 13300)
    """
    t = cell.strip()
    if t in _MISSING:
        return None
    if _VALUE_RE.fullmatch(t):
        return int(t.replace(" ", "").replace(",", ""))
    return None


def split_label(label: str) -> tuple[str, str | None]:
    """Remove footnote markers from a row label and return (label, unit in parentheses).

    Example:
        >>> split_label("为会议提供会议和秘书处服务(三小时会议次数) ^a")
        ('为会议提供会议和秘书处服务(三小时会议次数)', '三小时会议次数')
        >>> split_label("技术材料")
        ('技术材料', None)
    """
    clean = _FOOTNOTE_MARK_RE.sub("", label.strip())
    m = _UNIT_RE.search(clean)
    return clean, (m.group(1).strip() if m else None)


def is_header_row(cells: Sequence[str]) -> bool:
    """True for the column header row ("2018 年计划数 …"), which repeats after page breaks."""
    return sum(1 for c in cells if _YEAR_RE.search(c) and ("计划" in c or "实际" in c)) >= 2


def figures(values: Sequence[int | None], years: tuple[int, int, int]) -> tuple[Figure, ...]:
    """The figures of a row's value cells (`COLUMNS` says what each column holds).

    Example:
        >>> [(f.year, f.kind, f.value) for f in figures([1236, None, None, 926], (2018, 2019, 2020))]
        [(2018, 'planned', 1236), (2020, 'planned', 926)]
    """
    return tuple(
        Figure(years[index], kind, value)
        for (kind, index), value in zip(COLUMNS, values, strict=False)
        if value is not None
    )


def header_years(cells: Sequence[str]) -> tuple[int, int, int] | None:
    """Years of the value columns: (first planned/actual year, next planned year, plan year)."""
    years = [int(m.group(1)) for c in cells for m in [_YEAR_RE.search(c)] if m]
    if len(years) >= 4:
        return years[0], years[2], years[3]
    return None


def read_table(doc: Doc, ctx: TableContext, rows: Sequence[Span]) -> tuple[list[Deliverable], list[Issue]]:
    """Read the rows of one deliverables table into `Deliverable` records.

    Args:
        doc: the normalised document.
        ctx: programme/subprogramme/component of the table, its printed id and position.
        rows: spans of the blocks after the caption: table rows, and short headings that are
            rows which lost their tabs.

    Returns:
        The quantified deliverables and the issues found.
    """
    out: list[Deliverable] = []
    issues: list[Issue] = []
    years: tuple[int, int, int] | None = None
    quantified = False
    category: str | None = None
    for span in rows:
        text = doc.text[span.start : span.end]
        cells = [c.strip() for c in text.split("\t")]
        if all(not c or _RULE_CELL_RE.fullmatch(c) for c in cells):
            continue
        if is_header_row(cells):
            years = years or header_years(cells)
            continue
        first = cells[0]
        if first.startswith(NON_QUANTIFIED):
            quantified = False
            continue
        if first.startswith(QUANTIFIED):
            quantified = True
            continue
        if first in ("类别和次类别", "类别"):
            continue
        values = cells[1:5] + [""] * (5 - len(cells[:5]))
        cat = _CATEGORY_RE.match(first)
        if cat and not any(values):
            category = cat.group(1)
            continue
        if not quantified or not first:
            continue
        if category is None:
            issues.append(
                Issue("deliverable-no-category", f"row {first!r} before any category", doc.id, span)
            )
            continue
        label, unit = split_label(first)
        nums = [parse_value(v) for v in values]
        for v, num in zip(values, nums, strict=True):
            if num is None and v.strip() not in _MISSING:
                issues.append(
                    Issue("deliverable-value-unparsed", f"value {v!r} in row {label!r}", doc.id, span)
                )
        end = span.start + len(text.rstrip("\t "))
        out.append(
            Deliverable(
                ctx.programme,
                ctx.subprogramme,
                ctx.component,
                ctx.table,
                ctx.position,
                category,
                label,
                unit,
                figures(nums, years or ctx.years or _DEFAULT_YEARS),
                Evidence(doc.id, Span(span.start, end), "table:deliverables"),
            )
        )
    return out, issues
