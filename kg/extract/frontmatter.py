"""Front matter of a UN document read by genre: symbol, organ, genre, title, dates, meeting.

Pure helpers of the documents extractor. The front matter is read as *groups*: runs of raw
lines between blank lines, as PDF text extraction separates the masthead, the session and
agenda lines, the title and the byline. Masthead groups (organ names, `Distr.`, dates, session
and agenda lines, symbols, footnote marks) are never part of a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.normalise import normalise_fragment
from kg.symbol_search import split_joint
from kg.symbols import parse_symbol

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_number(text: str) -> int | None:
    """Parse a Chinese or Arabic numeral up to 9999 ("七十五" -> 75, "一百零三" -> 103).

    Example:
        >>> chinese_number("七十五"), chinese_number("十"), chinese_number("一百零三"), chinese_number("74")
        (75, 10, 103, 74)
    """
    text = text.strip()
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (digit or 1) * unit
            digit = 0
        else:
            return None
    return total + digit


_CN_NUM = r"[零〇一二两三四五六七八九十百\d]+"
_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_RE = re.compile(_DATE)
_MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
_EN_DATE_RE = re.compile(r"^(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})$")

# Organ names as printed in mastheads, letter-spaced or not ("大  会", "经济及社会理事会").
_ORGANS = (("HRC", "人权理事会"), ("ECOSOC", "经济及社会理事会"), ("SC", "安全理事会"), ("GA", "大会"))


def _spaced(word: str) -> str:
    return r"\s*".join(map(re.escape, word))


_ORGAN_LINE = {
    organ: re.compile(rf"^{_spaced(name)}(?:\s*(?:Distr\..*|正式记录.*|，)?)$") for organ, name in _ORGANS
}

# A symbol as printed in a masthead, with PDF spacing artefacts ("A/RES/74/ 144", "SR. 12").
_COMPONENT = r"[A-Za-z0-9]+(?:\.\s?[A-Za-z0-9]+)*"
_SYMBOL_RE = re.compile(
    rf"(?<![A-Za-z0-9/])([A-Z][A-Z]{{0,9}}(?:\s?/\s?{_COMPONENT})+)"
    r"(\s*\((?:Sect\.|Part|Vol\.)[^)\n]{1,12}\)|\s*\(\d{4}\))?"
)

# A session is read from a line of its own ("第七十七届会议", "人权理事会第五十二届会议"), never
# from running text that mentions another session.
_LINE_PREFIX = r"(?m)^[ \t]*(?:[^\n，。；：:]{0,20}?)"
_SESSION_NUM_RE = re.compile(_LINE_PREFIX + rf"第\s*({_CN_NUM})\s*届(?:会议|会|常会)[ \t]*$")
# Bodies that meet once or more a year name the session by its year (ECOSOC 2023年届会,
# 2011年实质性会议; boards' 2023年年度会议, 2023年第一届常会).
_SESSION_YEAR_RE = re.compile(
    _LINE_PREFIX
    + r"(\d{4})\s*年\s*(?:届会|实质性会议|组织会议|管理会议|年度会议|第[一二三]届常会|常会)[ \t]*$"
)
_OR_SESSION_RE = re.compile(
    rf"(?m)^\s*正\s*式\s*记\s*录\s*[，,]?\s*(?:第\s*({_CN_NUM})\s*届会议|(\d{{4}})\s*年)"
)
_SUPPLEMENT_RE = re.compile(r"(?m)^\s*补编\s*第\s*(\d+)\s*号")
_AGENDA_LINE_RE = re.compile(r"^(?:临时|暂定)?(?:议程|项目表)\*?\s*项目")
# The heading of a draft: alone, or after its sponsors or submitter ("…：决议草案").
DRAFT_LINE_RE = re.compile(r"(?m)^(?:[^\n。]{0,400}[：:]\s*)?(?:订正)?(决议|决定)草案\s*$")
_MEETING_LINE_RE = re.compile(rf"(?m)^\s*第\s*({_CN_NUM})\s*次(?:全体)?会议\s*$")
_SUMMARY_RE = re.compile(rf"第\s*({_CN_NUM})\s*次(?:全体)?会议简要记录")

# Lines of the masthead: never part of a title.
_HEADER_LINE_RE = re.compile(
    r"^(?:联合国(?:\s*[A-Z][A-Z.]*/\S.*)?|(?:大会|安全理事会|经济及社会理事会|人权理事会)\s*(?:Distr\..*)?|正式记录.*|补编第.+号|"
    r"Distr\..*|Chinese|Original:.*|General|Limited|Restricted|"
    r"第.{1,8}届(?:会议|会|常会)|\d{4}年(?:届会|实质性会议|组织会议|管理会议|年度会议|第[一二三]届常会|常会)|"
    r"\(?\d{4}年\d{1,2}月\d{1,2}日(?:和\d{4}年\d{1,2}月\d{1,2}日)?(?:至.*)?\)?|\[.*\]|"
    r"\d{1,2} [A-Z][a-z]+ \d{4}|\*.*|[A-Z][A-Z.]*/\S.*|"
    r"说明|目录|摘要|执行摘要|前言|ISBN.*|.{1,6}[，,]\s*\d{4}年|"
    # page furniture of the first page: job number, recycling mark, page number
    r"\d{2}-\d{5}\s*\([A-Z]\).*|请回收|\d{1,3}/\d{1,3})$"
)
# A body's name alone in the masthead ("联合国儿童基金会 执行局"), not a title.
_BODY_NAME_RE = re.compile(r"(?:执行局|理事会|委员会|工作组|论坛|大会)$")
_TITLE_END_RE = re.compile(r"(?:报告|计划|预算|说明|决议|概览|展望)$")
_BYLINE_RE = re.compile(r"^(?:秘书长|执行主任|署长|高级专员)(?:的)?(报告|说明)\**$")
# A body's report printed under the title of what it reports on ("…支助账户 / 行政和预算问题
# 咨询委员会的报告"); the same line with no title above it is the title itself.
_BODY_BYLINE_RE = re.compile(
    r"^.{2,40}?(?:委员会|执行局|理事会|工作组|联合检查组|特别报告员|独立专家|审计委员会)的报告\**$"
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of the front matter, folded and despaced, with its group index."""

    text: str
    group: int


def front_lines(raw: str) -> list[Line]:
    """Split raw front matter into normalised lines, grouped by blank lines.

    Example:
        >>> [(x.text, x.group) for x in front_lines("联 合 国\\n\\n# 某报告\\n二稿\\n")]
        [('联合国', 0), ('某报告', 1), ('二稿', 1)]
    """
    out: list[Line] = []
    group = 0
    blank = False
    for raw_line in raw.splitlines():
        text = normalise_fragment(re.sub(r"^\s*#+\s+", "", raw_line))
        if not text:
            blank = True
            continue
        if blank and out:
            group += 1
        blank = False
        out.append(Line(text, group))
    return out


def tidy(text: str) -> str:
    """Drop the PDF spacing left between CJK text and digits ("2024 年方案" -> "2024年方案").

    Example:
        >>> tidy("执行主任 2022 年年度报告")
        '执行主任2022年年度报告'
    """
    text = re.sub(r"\s*\*+$", "", normalise_fragment(text))
    return re.sub(r"(?<=[\u3000-\u9fff《》“”，：；、])\s+|\s+(?=[\u3000-\u9fff《》“”，：；、])", "", text)


def _compact_symbol(printed: str) -> str:
    s = re.sub(r"\s*/\s*", "/", printed.strip())
    s = re.sub(r"\.\s+(?=[A-Za-z0-9])", ".", s)
    return re.sub(r"\s+", " ", s)


def parse_printed_symbol(printed: str) -> str | None:
    """Canonical form of a symbol printed with PDF spacing, or None when it is not one.

    Example:
        >>> parse_printed_symbol("A/C.5/77/SR. 12"), parse_printed_symbol("S/RES/2690 (2023)")
        ('A/C.5/77/SR.12', 'S/RES/2690(2023)')
    """
    m = _SYMBOL_RE.fullmatch(printed.strip())
    if not m or "/" not in m.group(1) or not re.search(r"\d", m.group(1)):
        return None
    first, _ = split_joint(_compact_symbol(m.group(1)))[0]  # a joint symbol's first part
    suffix = " " + _compact_symbol(m.group(2)) if m.group(2) and first == _compact_symbol(m.group(1)) else ""
    parsed = parse_symbol(first + suffix)
    return parsed.canonical if parsed else None


def header_symbol(lines: list[Line]) -> str | None:
    """The symbol of the masthead: after 联合国 on a top line, or a line standing alone.

    A joint symbol ("E/2024/26 - E/CN.5/2024/9") gives its first part.
    """
    for pos, line in enumerate(lines):
        text = line.text
        if pos >= 3 and not _SYMBOL_RE.fullmatch(text):
            continue
        for m in _SYMBOL_RE.finditer(text):
            before = text[: m.start()].strip()
            if before and not re.fullmatch(r"联合国", before):
                break
            symbol = parse_printed_symbol(m.group(0))
            if symbol:
                return symbol
            break
    return None


def organ(lines: list[Line]) -> str | None:
    """The organ named by a masthead line; 人权理事会 outranks the 大会 masthead it prints under."""
    found = [o for line in lines[:20] for o, rx in _ORGAN_LINE.items() if rx.match(line.text)]
    if "HRC" in found:
        return "HRC"
    return found[0] if found else None


def session(front: str) -> int | None:
    """Session number, or the year for bodies naming sessions by year (2023年届会 -> 2023).

    The Official Records line (正式记录 第七十八届会议 / 正式记录，2024年) outranks the session
    of a subsidiary body printed above it.
    """
    if m := _OR_SESSION_RE.search(front):
        return chinese_number(m.group(1)) if m.group(1) else int(m.group(2))
    hits: list[tuple[int, int | None]] = []
    if m := _SESSION_NUM_RE.search(front):
        hits.append((m.start(), chinese_number(m.group(1))))
    if m := _SESSION_YEAR_RE.search(front):
        hits.append((m.start(), int(m.group(1))))
    return min(hits)[1] if hits else None


def supplement(front: str) -> int | None:
    """Supplement number of the Official Records (补编第6号) on a line of its own."""
    m = _SUPPLEMENT_RE.search(front)
    return int(m.group(1)) if m else None


def iso_date(y: str, mo: str, d: str) -> str | None:
    """ISO date of printed year, month and day, or None when impossible."""
    yy, mm, dd = int(y), int(mo), int(d)
    if 1 <= mm <= 12 and 1 <= dd <= 31:
        return f"{yy:04d}-{mm:02d}-{dd:02d}"
    return None


def masthead_date(lines: list[Line]) -> str | None:
    """The date printed under `Distr.` ("24 July 2023" or "2023年7月24日")."""
    for pos, line in enumerate(lines[:12]):
        if not line.text.startswith(("Distr.", "大会 Distr.")) and "Distr." not in line.text:
            continue
        for nxt in lines[pos : pos + 3]:
            tail = re.sub(r"^.*?Distr\.\s*:?\s*\w+\s*", "", nxt.text)
            if m := _EN_DATE_RE.match(tail):
                month = _MONTHS.get(m.group(2).lower())
                if month:
                    return iso_date(m.group(3), str(month), m.group(1))
            if m := re.fullmatch(_DATE, tail):
                return iso_date(*m.groups())
    return None


def adoption(lines: list[Line]) -> tuple[str | None, int | None]:
    """Adoption date (and SC meeting number) of a resolution or decision, from its heading line.

    Reads "2022年12月6日大会决议", "人权理事会2023年4月3日通过的决议", "2011年7月28日经济及
    社会理事会决定" and "2023年6月30日安全理事会第9365次会议通过".
    """
    for line in lines:
        text = line.text.replace(" ", "")
        if text.endswith("。") or len(text) > 40:
            continue
        m = re.search(_DATE + r"(.{0,12}?)(?:第(\d+)次会议)?(通过的决议|通过的决定|通过|决议|决定)$", text)
        if m and (m.group(4) or m.group(6) != "通过"):
            return iso_date(m.group(1), m.group(2), m.group(3)), int(m.group(5)) if m.group(5) else None
    return None, None


def closing_meeting(text: str, adopted: str | None) -> int | None:
    """Meeting number printed next to the closing date of a resolution ("第45次全体会议")."""
    if adopted is None:
        return None
    for m in _MEETING_LINE_RE.finditer(text):
        around = text[max(0, m.start() - 40) : m.end() + 40]
        dates = [iso_date(*d.groups()) for d in _DATE_RE.finditer(around)]
        if adopted in dates:
            return chinese_number(m.group(1))
    return None


def summary_meeting(lines: list[Line]) -> tuple[int | None, str | None, str | None]:
    """(meeting number, meeting date, title line) of a summary record."""
    for pos, line in enumerate(lines):
        if m := _SUMMARY_RE.search(line.text):
            when = None
            for nxt in lines[pos : pos + 3]:
                if d := re.search(_DATE + r"\s*星期", nxt.text):
                    when = iso_date(*d.groups())
                    break
            return chinese_number(m.group(1)), when, tidy(m.group(0))
    return None, None, None


def is_header(text: str) -> bool:
    """True for a masthead line that is never part of a title."""
    t = tidy(text)
    return bool(_HEADER_LINE_RE.match(t) or _AGENDA_LINE_RE.match(t))


def _group_title(lines: list[Line]) -> str | None:
    """Join the lines of one title group, stopping after a line that ends a title."""
    parts: list[str] = []
    for line in lines:
        t = tidy(line.text)
        if is_header(t):
            break
        parts.append(t)
        if _TITLE_END_RE.search(t):
            break
    return tidy("".join(parts)) or None


def groups(lines: list[Line]) -> list[list[Line]]:
    """The lines in their blank-line groups, in order."""
    out: list[list[Line]] = []
    for line in lines:
        if not out or out[-1][0].group != line.group:
            out.append([])
        out[-1].append(line)
    return out


def byline_title(lines: list[Line], byline: re.Pattern[str] = _BYLINE_RE) -> str | None:
    """Title of a report or note: the group printed just above its byline (秘书长的报告)."""
    gs = groups(lines)
    for gi, g in enumerate(gs):
        for li, line in enumerate(g):
            if not byline.match(normalise_fragment(line.text)):
                continue
            above = g[:li] if li else (gs[gi - 1] if gi else [])
            if not above or any(_AGENDA_LINE_RE.match(tidy(x.text)) for x in above):
                return None
            return _group_title(above)
    return None


def numbered_title(lines: list[Line]) -> str | None:
    """Title of a resolution or decision: the text after its number ("77/28. 加强…")."""
    for pos, line in enumerate(lines):
        m = re.search(r"(?:^|\]\s*)\d{2,4}/\d{1,4}\s*(?:[A-Z]\s*)?\.\s*(\S.*)?$", line.text)
        if not m:
            continue
        parts = [m.group(1)] if m.group(1) else []
        group = line.group
        for nxt in lines[pos + 1 :]:
            t = nxt.text.strip()
            if not parts:  # the number stands alone: the title is the next line
                if re.search(r"[，。；]$", t):
                    return None
                parts, group = [t], nxt.group
                continue
            if nxt.group != group or re.search(r"[，。；,]$", parts[-1]) or re.search(r"[，。；]$", t):
                break
            parts.append(t)
        if not parts:
            return None
        return tidy("".join(parts))
    return None


def draft_title(lines: list[Line]) -> str | None:
    """Title of a draft resolution or decision: the heading after 决议草案/决定草案 and its sponsor."""
    seen = False
    for line in lines:
        t = tidy(line.text)
        if DRAFT_LINE_RE.fullmatch(t):
            seen = True
            continue
        if seen and not t.endswith("提交的") and not is_header(t):
            return t if not re.search(r"[，。]", t) else None
    return None


def first_title(lines: list[Line]) -> str | None:
    """Title of a report, plan or publication: the first group that is not masthead."""
    for g in groups(lines):
        texts = [tidy(x.text) for x in g]
        if all(is_header(t) for t in texts) or any(_AGENDA_LINE_RE.match(t) for t in texts):
            continue
        joined = "".join(texts)
        if _BODY_NAME_RE.search(joined) and "报告" not in joined:
            continue  # a board's or commission's name standing in the masthead
        if re.search(r"[。；]$", joined):
            return None
        return _group_title(g)
    return None


_ACTION_RE = re.compile(
    r"(?m)^[^\n。]{0,30}(?:决定草案|决议草案|决定要素|建议|需要采取的行动|提请.{0,12}注意的事项)[^\n。]{0,10}$"
    r"|^.*不妨"
)


def draft_decision_symbol(text: str, title: str | None) -> tuple[str, int, int] | None:
    """The document's own symbol as cited by its draft decision ("注意到…年度报告(DP/FPA/2023/4)").

    Only a parenthesised symbol that directly follows the document's own title counts.
    """
    if not title:
        return None
    # only the part a board or council acts on: from the draft decision, the recommendation or
    # the first "…不妨" on; a report's body may cite an earlier report of the same title
    section = _ACTION_RE.search(text)
    if section is None:
        return None
    spaced = r"\s*".join(re.escape(c) for c in title[-8:])
    pattern = re.compile(spaced + r"\s*[(（]\s*([A-Z][^()（）\n]*(?:\([^()\n]{1,12}\))?)\s*[)）]")
    for m in pattern.finditer(text, section.start()):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : text.find("\n", m.end()) if "\n" in text[m.end() :] else len(text)]
        if not re.search(r"不妨|注意到|核可|决定|赞赏|欢迎|审议了", line):
            continue
        symbol = parse_printed_symbol(m.group(1))
        if symbol:
            return symbol, m.start(1), m.end(1)
    return None


def body_byline_title(lines: list[Line]) -> str | None:
    """Title of a body's report printed under a subject title, e.g. an advisory committee's."""
    for line in lines:
        if _BODY_BYLINE_RE.match(normalise_fragment(line.text)):
            title = byline_title(lines, _BODY_BYLINE_RE)
            first = first_title(lines)
            # with no subject above it, the byline is the title itself (禁止酷刑委员会的报告)
            return title if title and first == title else None
    return None


def closing_adoption(text: str) -> tuple[str | None, int | None]:
    """Adoption date and meeting of the closing lines ("第19次全体会议 / 2022年6月8日")."""
    for m in _MEETING_LINE_RE.finditer(text):
        before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        after = text[m.end() :].lstrip("\n").split("\n", 1)[0]
        for line in (after, before):
            if d := re.fullmatch(r"\s*" + _DATE + r"\s*", line):
                return iso_date(*d.groups()), chinese_number(m.group(1))
    return None, None
