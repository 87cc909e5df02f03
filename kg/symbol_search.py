"""Find UN document symbols in text: inline symbols of running text and mandate-table cells.

Every candidate is read with the one grammar of `kg.symbols`; finding never raises. PDF artefacts
tolerated: a space beside a slash ("A/ 74/ 223"), joint symbols ("A/72/707-S/2018/43", also with
the hyphen lost: "A/72/707S/2018/43"), a suffix continued after a conjunction ("A/74/6 (Sect. 2)
和 Corr.1").
"""

from __future__ import annotations

import re

from kg.model import CitedSymbol
from kg.symbols import ROOTS, parse_symbol, short_form

_ROOT_ALT = "|".join(sorted(ROOTS, key=len, reverse=True))
# PDF extraction leaves stray spaces beside a slash ("A/ 74/ 223", "S/2020/ 123").
_SLASH = r"[ \t]?/[ \t]?"
_INLINE_RE = re.compile(
    rf"(?<![A-Za-z0-9/.\-])(?:{_ROOT_ALT})"
    rf"(?:{_SLASH}[A-Za-z0-9][A-Za-z0-9.\-]*)+"
    r"(?P<paren>[ \t]?(?:[A-Z][ \t]?)?\((?:\d{4}|[IVXLC]{1,7})\))?"
    r"(?:[ \t]?\((?i:sect|vol|part)\.?[ \t]?(?:\d{1,3}[A-Z]?|[IVXLC]{1,7})\))?"
    rf"(?:{_SLASH}[A-Za-z0-9][A-Za-z0-9.\-]*)*"
)
# A joint symbol of two organs ("A/72/707-S/2018/43") is one document printed under two symbols.
# PDF extraction may lose the hyphen and glue the second organ's letter to the first symbol's
# last number ("A/72/707S/2018/43"): no component of a symbol ends in a digit directly followed
# by a series root and a slash, so that boundary splits too.
_JOINT_RE = re.compile(rf"-(?=(?:{_ROOT_ALT})/)|(?<=\d)(?=(?:{_ROOT_ALT})/[A-Z0-9])")
# "A/74/6 (Sect. 2) 和 Corr.1", "A/74/7/Add.1 及 Add.2": a further suffix of the symbol before it.
_CONTINUATION_RE = re.compile(
    r"[ \t]?(?:和|及|与|、|,|，|and)[ \t]?"
    r"((?:Corr|Add|Rev|Amend)\.\d{1,3}(?![\w.])|\((?:Sect|sect)\.[ \t]?\d{1,3}[A-Z]?\))"
)
_TRAILING_SUFFIX_RE = re.compile(r"/(Corr|Add|Rev|Amend)\.\d{1,3}$")
_SECTION_RE = re.compile(r"[ \t]?\((?:Sect|sect)\.[ \t]?\d{1,3}[A-Z]?\).*$")


def split_joint(surface: str) -> list[tuple[str, int]]:
    """The parts of a joint symbol with their offsets in `surface` (one part when not joint).

    Example:
        >>> split_joint("A/72/707S/2018/43"), split_joint("A/73/L.1-S/2018/1")
        ([('A/72/707', 0), ('S/2018/43', 8)], [('A/73/L.1', 0), ('S/2018/1', 9)])
    """
    parts: list[tuple[str, int]] = []
    pos = 0
    for m in _JOINT_RE.finditer(surface):
        parts.append((surface[pos : m.start()], pos))
        pos = m.end()
    parts.append((surface[pos:], pos))
    return parts


def iter_symbol_candidates(text: str) -> list[tuple[int, int, str]]:
    """Return `(start, end, symbol)` of every string in `text` shaped like a UN symbol.

    Candidates need a known series root and a digit; they may still fail `parse_symbol`.
    `symbol` is the printed surface, except for a suffix continuing the symbol before it
    ("A/74/6 (Sect. 2) 和 Corr.1": the span of "Corr.1" gives "A/74/6 (Sect. 2)/Corr.1"); a
    joint symbol ("A/72/707-S/2018/43") gives one candidate per organ.

    Example:
        >>> [t for _, _, t in iter_symbol_candidates("(A/72/707-S/2018/43; A/74/6 (Sect. 2) 和 Corr.1)")]
        ['A/72/707', 'S/2018/43', 'A/74/6 (Sect. 2)', 'A/74/6 (Sect. 2)/Corr.1']
    """
    out: list[tuple[int, int, str]] = []
    for m in _INLINE_RE.finditer(text):
        surface = m.group(0).rstrip(".-")
        pre = text[m.start() : m.start("paren")] if m.group("paren") else ""
        if pre and not re.search(r"/(?:RES|DEC)[ \t]?/[ \t]?\d{1,4}$", pre, re.I):
            # a year or session in brackets belongs to a resolution number ("S/RES/1325 (2000)",
            # "A/RES/217 A (III)"); after any other symbol it is an aside ("A/RES/70/1 (2015)")
            surface = pre.rstrip(".-")
        if not any(ch.isdigit() for ch in surface) or "/" not in surface:
            continue
        start = m.start()
        piece = surface
        for piece, offset in split_joint(surface):
            if any(ch.isdigit() for ch in piece) and "/" in piece:
                out.append((start + offset, start + offset + len(piece), piece))
        base, pos = piece, m.start() + len(surface)
        while c := _CONTINUATION_RE.match(text, pos):
            suffix = c.group(1)
            if suffix.startswith("("):  # "A/74/6 (Sect. 3)、(Sect. 4)": another section
                if not _SECTION_RE.search(base):
                    break
                base = f"{_SECTION_RE.sub('', base)} {suffix}"
            else:
                # "Add.1 和 Add.2" are siblings; "Add.1 和 Corr.1" is the corrigendum of Add.1
                trailing = _TRAILING_SUFFIX_RE.search(base)
                same = trailing is not None and trailing.group(1) == suffix.split(".")[0]
                base = f"{base[: trailing.start()] if trailing and same else base}/{suffix}"
            out.append((c.start(1), c.end(1), base))
            pos = c.end()
    return out


def find_symbols(text: str) -> list[tuple[int, int, CitedSymbol]]:
    """Find inline UN symbols (``A/RES/72/262``, ``A/74/6 (Sect. 2)/Corr.1``) in free text.

    Example:
        >>> [(s, e, c.canonical) for s, e, c in find_symbols("见报告(A/74/223)和 S/PRST/2019/7。")]
        [(4, 12, 'A/74/223'), (15, 28, 'S/PRST/2019/7')]
    """
    out: list[tuple[int, int, CitedSymbol]] = []
    for start, end, surface in iter_symbol_candidates(text):
        sym = parse_symbol(surface)
        if sym is not None:
            out.append((start, end, sym))
    return out


_CELL_PARTS = r"(?:\s?[A-Z](?:\s?(?:-|至|和|及|、|&)\s?[A-Z])*(?![A-Za-z]))?"
_SHORT_RE = re.compile(
    r"(?<![\w/.\-])(?:"
    rf"E?S-\d{{1,2}}/\d{{1,4}}{_CELL_PARTS}"
    rf"|\d{{1,4}}\s?(?:[A-Z]\s?)?\(\s?(?:(?:E?S-)?[IVXLC]{{1,7}}|\d{{4}})\s?\){_CELL_PARTS}"
    rf"|\d{{1,4}}\s?/\s?(?:[IVXLC]{{1,7}}(?![A-Za-z])|\d{{1,4}}{_CELL_PARTS})"
    r")(?![\w/])(?!\s*号)"
)


def parse_mandate_cell(cell: str, body: str) -> list[tuple[int, int, CitedSymbol]]:
    """Read every symbol of one cell of a legislative-mandate table.

    Stable API (called by the programme-plan extractor). Full symbols ("S/PRST/2013/2") are read
    as such; short forms are resolved with `body`, the code of the table's heading: "GA",
    "GA-DEC", "SC", "SC-PRST", "ECOSOC", "ECOSOC-DEC", "HRC", "HRC-DEC", "UNEA", "UNEP-GC",
    "CSW", "ECA", "ECE", "ECLAC", "ESCAP", "ESCWA", ... (see `short_form`). Numbers inside a
    running-text citation ("第 61/16 号") and year-only cells ("2002") give nothing; a form
    invalid for the body is skipped (the caller reports cells that yield nothing).

    Args:
        cell: the cell text, e.g. "58/268; 59/275; 60/257", "52/12 A 和 B", "1325 (2000)".
        body: body code of the heading the cell is under.

    Returns:
        `(start, end, symbol)` for each symbol, offsets within `cell`, in order.

    Example:
        >>> [(s, e, c.canonical, c.parts) for s, e, c in parse_mandate_cell("52/12 A 和 B; 64/244A-C", "GA")]
        [(0, 11, 'A/RES/52/12', ('A', 'B')), (13, 22, 'A/RES/64/244', ('A', 'B', 'C'))]
    """
    if not isinstance(cell, str) or not isinstance(body, str):
        return []
    out: list[tuple[int, int, CitedSymbol]] = []
    taken: list[tuple[int, int]] = []
    for start, end, surface in iter_symbol_candidates(cell):
        sym = parse_symbol(surface)
        taken.append((start, end))
        if sym is not None:
            out.append((start, end, sym))
    for m in _SHORT_RE.finditer(cell):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if re.search(r"第\s*$", cell[: m.start()]):
            continue
        sym = short_form(m.group(0), body)
        if sym is not None:
            out.append((m.start(), m.end(), sym))
    stripped = cell.strip()
    if body.upper() == "SC" and re.fullmatch(r"\d{1,4}", stripped):
        sym = short_form(stripped, "SC")
        if sym is not None:
            i = cell.index(stripped)
            out.append((i, i + len(stripped), sym))
    return sorted(out, key=lambda t: t[0])
