"""Document records: symbol, title, genre, organ, session, dates and meeting of a UN document.

Reads the front matter (the blocks before the first numbered paragraph or chapter) by genre,
with the helpers of `kg.extract.frontmatter`. A symbol is *printed* in the masthead, or printed
only where the document's own draft decision cites it (marked by `symbol_rule`); when it is not
printed but the document is in the Official Records of the General Assembly ("大会 正式记录
第N届会议 补编第M号"), the symbol A/N/M is *inferred* by UN convention and marked as such.
"""

from __future__ import annotations

import re

from kg.extract import ExtractOptions, extractor
from kg.extract import frontmatter as fm
from kg.extract.frontmatter import chinese_number as chinese_number
from kg.model import Doc, DocType, DocumentInfo, Evidence, Extracted, Issue, Span
from kg.reference import Resources

_DATE_RE = re.compile(r"\[\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*\]")
_AGENDA_RE = re.compile(r"(?:临时)?议程\*?[ \t]*项目[ \t]*([\d \t、，,和及()a-z]+)")
_PLAN_RE = re.compile(r"方案计划|方案预算")
# The starred footnote of "临时议程*" names the provisional agenda, A/<session>/<n>: a report
# written for the General Assembly's session N prints "* A/75/150。" and nothing else of its session.
_AGENDA_FOOTNOTE_RE = re.compile(r"(?m)^\s*\*\s*A\s*/\s*(\d{1,3})\s*/\s*\d+")


def _front_blocks(doc: Doc, limit: int = 40) -> list[tuple[int, str, Span]]:
    out = []
    for b in doc.blocks[:limit]:
        if b.number is not None or b.kind == "toc":
            break
        text = doc.text[b.span.start : b.span.end]
        if re.match(r"^第[一二三四五六七八九十\d]+章", text) or re.match(
            r"^[一二三四五六七八九十]+\.\s", text
        ):
            break
        out.append((b.index, text, b.span))
    return out


def _doc_type(
    doc: Doc, front_text: str, title: str | None, symbol: str | None, raw_front: str = ""
) -> DocType | None:
    """The genre, from the front matter's own words; checked from the most to the least specific."""
    head = doc.text[:6000]
    t = title or ""
    if fm.summary_meeting(fm.front_lines(front_text))[0] is not None or (symbol and "/SR." in symbol):
        return "summary-record"
    if symbol and "/RES/" in symbol:
        return "resolution"
    if symbol and "/DEC/" in symbol:
        return "decision"
    # a draft, alone or after its sponsors: "阿尔巴尼亚、奥地利……：决议草案"
    if m := fm.DRAFT_LINE_RE.search(front_text):
        return "resolution" if m.group(1) == "决议" else "decision"
    adopted, sc_meeting = fm.adoption(fm.front_lines(front_text))
    if adopted or sc_meeting:
        line = re.search(r"(?m)^.*(决议|决定|通过)\s*$", front_text)
        return "decision" if line and line.group(1) == "决定" else "resolution"
    if "立法授权" in doc.text and re.search(r"(?m)^方案\s?\d+", doc.text) and _PLAN_RE.search(head):
        return "programme-plan"
    if "联合国工作的报告" in t:
        return "annual-report"
    if re.search(r"(?m)^\s*秘书长的说明\**\s*$", front_text):
        return "sg-note"
    if re.search(r"(?m)^\s*秘书长的?报告\**\s*$", front_text):
        return "sg-report"
    if raw_front and fm.body_byline_title(fm.front_lines(raw_front)):
        return "body-report"
    # the proposed programme budget is always the General Assembly's supplement 6 (A/<session>/6)
    if (symbol and re.match(r"A/\d+/6(?: \(Sect\.|$)", symbol)) or _PLAN_RE.search(t):
        return "programme-plan"
    if re.search(r"(?:委员会|执行局|理事会|工作组|论坛|机构|小组).*报告$", t):
        return "body-report"
    if t.endswith("年度报告"):
        return "annual-report"
    if re.search(r"经济.{0,12}(?:概览|展望|调查|报告)|(?:概览|展望)$", t):
        return "economic-survey"
    if t.startswith("秘书长"):
        return "sg-report"
    return None


@extractor("documents", produces=(DocumentInfo,))
def extract_documents(doc: Doc, options: ExtractOptions, resources: Resources) -> Extracted[DocumentInfo]:
    """Extract the document record from the front matter, read by genre (no options or reference data)."""
    issues: list[Issue] = []
    if not doc.text:
        return Extracted((), (Issue("document-empty", "no text after normalisation", doc.id),))
    front = _front_blocks(doc)
    front_text = "\n".join(t for _, t, _ in front)
    raw_front = doc.raw[: doc.raw_ends[front[-1][2].end - 1]] if front and doc.raw else ""
    lines = fm.front_lines(raw_front)
    date = None
    symbol_inferred = False
    rule = None
    session = fm.session(front_text)
    supplement = fm.supplement(front_text)
    agenda: list[str] = []
    if session is None and "议程*" in front_text and (m := _AGENDA_FOOTNOTE_RE.search(doc.text[:10000])):
        session = int(m.group(1))
    if m := _AGENDA_RE.search(front_text):
        agenda = re.findall(r"\d+(?:\s*\([a-z]\))?", m.group(1))
        agenda = [re.sub(r"\s+", "", a) for a in agenda]
    symbol = fm.header_symbol(lines)
    if symbol:
        rule = "printed"
    elif session and supplement and "正式记录" in front_text:
        if "大会" in front_text and not re.search(r"正式记录\s*[，,]\s*\d{4}", front_text):
            symbol, symbol_inferred = f"A/{session}/{supplement}", True
            rule = "ORGA: 大会正式记录 第N届会议 补编第M号 -> A/N/M"
    organ = fm.organ(lines)
    if symbol is None and organ is None and "大会" in front_text and "正式记录" in front_text:
        organ = "GA"
    doc_type = _doc_type(doc, front_text, _title(front, doc), symbol, raw_front)
    adopted, meeting = (None, None)
    meeting_date = None
    if doc_type in ("resolution", "decision"):
        adopted, meeting = fm.adoption(lines)
        if meeting is None:
            meeting = fm.closing_meeting(doc.text, adopted)
        if adopted is None and not fm.DRAFT_LINE_RE.search(front_text):
            adopted, meeting = fm.closing_adoption(doc.text)
        title = fm.numbered_title(lines) or fm.draft_title(lines)
    elif doc_type == "summary-record":
        meeting, meeting_date, title = fm.summary_meeting(lines)
    elif doc_type in ("sg-report", "sg-note"):
        title = fm.byline_title(lines) or fm.first_title(lines)
    elif doc_type == "body-report":
        title = fm.body_byline_title(lines) or fm.first_title(lines)
    else:
        title = fm.first_title(lines)
    if title is None and doc_type not in ("resolution", "decision", "summary-record"):
        title = _title(front, doc)
    if doc_type is None or doc_type in ("annual-report", "body-report", "programme-plan", "economic-survey"):
        doc_type = _doc_type(doc, front_text, title, symbol, raw_front) or doc_type
    if symbol is None and (found := fm.draft_decision_symbol(doc.text, title)):
        symbol, rule = found[0], "own-draft-decision: the document's title followed by its symbol"
    date = adopted or meeting_date or fm.masthead_date(lines)
    if date is None and (m := _DATE_RE.search(doc.text[:20000])):
        y, mo, d = (int(g) for g in m.groups())
        if 1 <= mo <= 12 and 1 <= d <= 31:
            date = f"{y:04d}-{mo:02d}-{d:02d}"
        else:
            issues.append(
                Issue("date-unparsed", f"impossible date {m.group(0)!r}", doc.id, Span(m.start(), m.end()))
            )
    first = front[0][2] if front else doc.blocks[0].span if doc.blocks else Span(0, max(1, len(doc.text)))
    if title is None and doc_type not in ("resolution", "decision"):
        issues.append(
            Issue("document-no-title", "no title found in the front matter", doc.id, first, "warning")
        )
    return Extracted(
        (
            DocumentInfo(
                doc_id=doc.id,
                symbol=symbol,
                symbol_inferred=symbol_inferred,
                symbol_rule=rule,
                title=title,
                session=session,
                supplement=supplement,
                date=date,
                agenda_items=tuple(agenda),
                doc_type=doc_type,
                evidence=Evidence(doc.id, first, "front-matter"),
                organ=organ,
                adoption_date=adopted,
                meeting=meeting,
                meeting_date=meeting_date,
            ),
        ),
        tuple(issues),
    )


_NOT_TITLE = re.compile(
    r"^(联\s*合\s*国|大\s*会|安全理事会|经济及社会理事会|正式记录|第.+届会议|补编第.+号|说明|目录|摘要|"
    r"\[.*\]|.*议程.*项目.*|秘书长的报告|秘书长报告|\*.*|A/.*|S/.*|E/.*|Distr\..*|\d{4}\s*年\s*\d+\s*月\s*\d+\s*日)$"
)


def _title(front: list[tuple[int, str, Span]], doc: Doc) -> str | None:
    """The title: the first front-matter heading that is not a masthead line.

    Consecutive short heading lines are joined (a title broken over two lines), stopping at a
    line that repeats the first (cover and title page).
    """
    for pos, (_idx, text, _) in enumerate(front):
        # SG reports print agenda-item titles first; the title is the heading just above the byline
        if re.fullmatch(r"秘书长(的)?报告|秘书长的说明", text.strip()) and pos > 0:
            prev = front[pos - 1]
            if doc.blocks[prev[0]].kind == "heading" and not _NOT_TITLE.match(prev[1].strip()):
                return prev[1].strip()
    parts: list[str] = []
    for idx, text, _ in front:
        kind = doc.blocks[idx].kind
        if kind != "heading" or _NOT_TITLE.match(text.strip()) or (text.endswith("。")):
            if parts:
                break
            continue
        if parts and (text in parts or len("".join(parts)) > 60):
            break
        parts.append(text.strip())
        if re.search(r"(报告|计划|预算|说明|决议)$", text):
            break
    return "".join(parts) or None
