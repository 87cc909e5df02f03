"""Citations of UN documents in running Chinese text -> `Citation` records (kind `citation`).

Three sources, one symbol grammar (`kg.symbols`): resolution and decision citations in running text
("大会第 70/262 号决议", "第 48/218 B、54/244 和 59/272 号决议"), inline symbols ("(A/74/223)")
and document links (undocs.org, docs.un.org, "?symbol=") set aside by the normaliser. A link is
dropped when an in-text citation of the same key precedes it on the same page (PDF link dumps sit
at the end of the page).

The issuing body of a text citation is, in order: printed before it ("安全理事会第"), printed once
for a list, the body of a "<body>关于 … 的第" phrase, for a generic name ("理事会第") the body named
in full earlier in the paragraph or the board of the entity the paragraph is about; otherwise
inferred from the number's form or the sentence, and marked `body_inferred`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from kg.extract import ExtractOptions, extractor
from kg.extract.documents import chinese_number
from kg.model import Citation, CitedSymbol, Doc, Evidence, Extracted, Issue, Span
from kg.reference import Resources
from kg.reference.bodies import GENERIC, BodyResources
from kg.symbol_search import iter_symbol_candidates
from kg.symbols import is_complete, is_document_url, parse_symbol, roman_to_int, short_form

AMBIGUOUS = GENERIC
"""Body code of a generic name ("理事会", "委员会"): the issuer cannot be told from the name alone."""

_DATE = r"(?:(?P<year>\d{4})\s?年(?:\s?\d{1,2}\s?月)?(?:\s?\d{1,2}\s?日)?\s?)"


@dataclass(frozen=True, eq=False)
class _BodyPatterns:
    """The patterns that find bodies in text, made from the names of `Resources.bodies`."""

    names: Mapping[str, str]
    boards: Mapping[str, Mapping[str, str]]
    body: re.Pattern[str]  # any body name
    # a body printed right before the citation: "大会第", "人权理事会在第", "经社理事会 1973 年 8 月 9 日第"
    explicit: re.Pattern[str]
    # a body governing a sentence: "下列大会决议：", "经济及社会理事会相关决议", "大会在其"
    context: re.Pattern[str]
    noun: re.Pattern[str]  # "号决议", with the body printed between
    forward_noun: re.Pattern[str]
    # "大会关于加强经济及社会理事会的第 61/16 号决议": the body before "关于/题为 … 的" issued the
    # resolution, not a body named inside the topic
    governing: re.Pattern[str]

    def code(self, name: str) -> str:
        """The body code of a printed name; `AMBIGUOUS` for a generic or unknown one."""
        return self.names.get(name, self.names.get(name[-2:], AMBIGUOUS)) if name else AMBIGUOUS


@lru_cache(maxsize=8)
def _patterns(bodies: BodyResources) -> _BodyPatterns:
    # "大会" preceded by these is another assembly (缔约方大会, 世界卫生大会, 四年度大会, 员工大会)
    alt = "|".join(
        ("(?<![方生度员工届居])大会" if n == "大会" else re.escape(n))
        for n in sorted(bodies.names, key=len, reverse=True)
    )
    b = rf"(?:{alt})"
    return _BodyPatterns(
        names=bodies.names,
        boards=bodies.boards,
        body=re.compile(b),
        explicit=re.compile(rf"(?P<body>{b})\s?{_DATE}?(?:在其|在)?\s?$"),
        context=re.compile(
            rf"(?P<body>{b})(?:的)?(?:(?:相关|有关|各项|下列|以往|历次|其他)*(?:决议|决定)|在其|在第|通过了)"
        ),
        noun=re.compile(rf"\s{{0,2}}(?:等\s?)?(?P<body>{b})?\s?(?P<noun>决议|决定|主席声明)(?!草案)"),
        forward_noun=re.compile(
            rf"号\s{{0,2}}(?:等\s?)?(?P<body>{b})?\s?(?P<noun>决议|决定|主席声明)(?!草案)"
        ),
        governing=re.compile(rf"(?P<body>{b})\s?(?:在其|在|通过了|通过的)?\s?(?:关于|题为)"),
    )


_P = r"(?:[ \t]?[A-Z](?:[ \t]?(?:-|至|和|及|、)[ \t]?[A-Z])*(?![A-Za-z]))?"
_NUM = (
    r"(?<![A-Za-z0-9/.\-])(?:"
    rf"E?S-\d{{1,2}}/\d{{1,4}}{_P}"
    rf"|\d{{1,4}}\s{{0,2}}(?:[A-Z]\s?)?\(\s?(?:[IVXLC]{{1,7}}|\d{{4}})\s?\){_P}"
    rf"|\d{{1,4}}\s{{0,2}}/\s{{0,2}}\d{{1,4}}{_P}"
    r"|\d{1,4}/[IVXLC]{1,7}(?![A-Za-z])"
    r"|\d{1,5}(?![\d/])"
    r")"
)
# the lookahead names the characters an item can start with (第, a digit, E or S): the regex
# engine skips other positions fast instead of trying every alternative there
_ITEM_RE = re.compile(rf"(?=[第\dES])(?P<di>第\s?)?(?P<num>{_NUM})(?P<hao>\s{{0,2}}号)?")
_SEP_RE = re.compile(r"\s{0,2}(?:、|,|，|和|及|以及|与|或)\s{0,2}$")
_SENTENCE_END = re.compile(r"[。！？；;\n]")
_BARE_RE = re.compile(r"\d{1,5}")

_PRINTED_HOW = ("printed", "list", "governing")  # body printed in the text, not inferred

LINK_WINDOW = 2500
"""How far (characters of text) before a link an in-text citation may be and still absorb it."""

Via = Literal["text", "link", "inline-symbol", "footnote"]


@dataclass
class _Item:
    start: int  # span start (body, 第 or number)
    num_start: int
    num_end: int
    end: int  # span end (number, or through 号决议 when the noun follows directly)
    number: str
    has_di: bool
    has_hao: bool


@dataclass
class _Chain:
    items: list[_Item]
    noun: str | None = None
    noun_end: int | None = None  # end of a noun directly after the last item
    body: str | None = None
    body_how: str | None = None  # "printed" | "list" | "governing" | "anaphora" | "entity"
    body_name: str | None = None  # the name as printed, when it is generic ("理事会")
    year: int | None = None  # adoption year printed before the number ("2018 年 5 月 24 日第")


def _chains(text: str, bp: _BodyPatterns) -> list[_Chain]:
    """Group number items into lists that share one noun ("第 A、B 和 C 号决议")."""
    chains: list[_Chain] = []
    current: _Chain | None = None
    prev_end = -1
    for m in _ITEM_RE.finditer(text):
        has_di, has_hao = bool(m.group("di")), bool(m.group("hao"))
        joined = (
            current is not None
            and current.noun is None
            and _SEP_RE.match(text[prev_end : m.start()]) is not None
        )
        if not joined and not has_di and not has_hao:
            current = None  # a bare number outside a list: most numbers of a text
            prev_end = m.end()
            continue
        it = _Item(m.start(), m.start("num"), m.end("num"), m.end(), m.group("num"), has_di, has_hao)
        if not joined:
            current = _Chain([it])
            chains.append(current)
        elif joined and current is not None:
            current.items.append(it)
        else:
            current = None
            prev_end = m.end()
            continue
        prev_end = m.end()
        if it.has_hao:
            n = bp.noun.match(text, m.end())
            if n:
                current.noun, current.noun_end = n.group("noun"), n.end()
                if n.group("body"):
                    current.body, current.body_how = bp.code(n.group("body")), "printed"
                it.end = n.end()
                prev_end = n.end()
            else:
                current = None if not it.has_di and not current.items[0].has_di else current
    out: list[_Chain] = []
    for ch in chains:
        if ch.noun is None:
            if not ch.items[0].has_di or not ch.items[-1].has_hao:
                continue
            stop = _SENTENCE_END.search(text, ch.items[-1].end)
            fwd = bp.forward_noun.search(text, ch.items[-1].end, stop.start() if stop else len(text))
            if fwd is None:
                continue
            ch.noun = fwd.group("noun")
            if fwd.group("body"):
                ch.body, ch.body_how = bp.code(fwd.group("body")), "printed"
        out.append(ch)
    return out


def _sentence_start(text: str, pos: int) -> int:
    i = max(text.rfind(c, 0, pos) for c in "。！？；;\n")
    return i + 1


def _explicit_body(text: str, pos: int, bp: _BodyPatterns) -> tuple[int, str, int | None] | None:
    """The body printed right before `pos` (a line break left inside its name is ignored).

    Returns its start, its name and the adoption year of a date printed between them.
    """
    lo = max(0, pos - 40)
    window = text[lo:pos]
    kept = [i for i, ch in enumerate(window) if ch != "\n"]
    m = bp.explicit.search("".join(window[i] for i in kept))
    if m is None:
        return None
    year = int(m.group("year")) if m.group("year") else None
    return lo + kept[m.start()], m.group("body"), year


_GOVERNING_SPAN = 160


def _governing_body(text: str, pos: int, bp: _BodyPatterns) -> str | None:
    """The body of a "<body>关于/题为 <topic> 的第 …" phrase ending at `pos`, if any."""
    if not re.search(r"的\s?$", text[max(0, pos - 3) : pos]):
        return None
    lo = max(_sentence_start(text, pos), pos - _GOVERNING_SPAN)
    found = None
    for m in bp.governing.finditer(text, lo, pos):
        between = text[m.end() : pos]
        if not re.search(r"[；;]|号\s?(?:决议|决定)", between):
            found = m.group("body")
    return found


def _resolve_bodies(text: str, chains: list[_Chain], bp: _BodyPatterns) -> None:
    prev: _Chain | None = None
    for ch in chains:
        first = ch.items[0]
        explicit = _explicit_body(text, first.start, bp)
        if explicit is not None:
            ch.year = explicit[2]
        if ch.body is None and explicit is not None:
            ch.body, ch.body_how, ch.body_name = bp.code(explicit[1]), "printed", explicit[1]
            first.start = explicit[0]
        if (
            ch.body is None
            and prev is not None
            and prev.body_how in _PRINTED_HOW
            and prev.noun_end is not None
        ):
            if (
                _SEP_RE.match(text[prev.noun_end : first.start])
                or text[prev.noun_end : first.start].strip() == ""
            ):
                ch.body, ch.body_how, ch.body_name = prev.body, "list", prev.body_name
        if ch.body is None and (governing := _governing_body(text, first.start, bp)) is not None:
            ch.body, ch.body_how, ch.body_name = bp.code(governing), "governing", governing
        prev = ch


def _generic_bodies(doc: Doc, pos: int, name: str, bp: _BodyPatterns) -> list[tuple[str, str]]:
    """Bodies a generic name ("理事会", "执行局") may stand for, nearest first.

    UN drafting names a body in full once and then shortens it ("人权理事会……理事会第 26/2 号
    决议"), or names an entity and then its own board ("人居署……(理事会第 26/2 号决议)"). Only
    the paragraph of `pos` is searched.
    """
    noun = name[-3:]
    block = doc.paragraph_of(pos)
    lo = block.span.start if block is not None else _sentence_start(doc.text, pos)
    window = doc.text[lo:pos]
    hits: list[tuple[int, str, str]] = []
    for m in bp.body.finditer(window):
        code = bp.code(m.group(0))
        if code != AMBIGUOUS and m.group(0).endswith(noun):
            hits.append((m.end(), code, "anaphora"))
    for entity, organs in bp.boards.items():
        organ = organs.get(noun)
        if organ is None:
            continue
        for m in re.finditer(re.escape(entity), window):
            if not window.startswith(noun, m.end()):  # "人居署理事会" is printed in full
                hits.append((m.end(), organ, "entity"))
    hits.sort(key=lambda h: -h[0])
    return list(dict.fromkeys((code, how) for _, code, how in hits))


def _context_bodies(doc: Doc, pos: int, bp: _BodyPatterns) -> list[str]:
    """Bodies that govern the sentence (before, then after `pos`) or the table heading above it."""
    text = doc.text
    found: list[str] = []
    before = [bp.code(m.group("body")) for m in bp.context.finditer(text, _sentence_start(text, pos), pos)]
    found += reversed(before)
    stop = _SENTENCE_END.search(text, pos)
    found += [
        bp.code(m.group("body")) for m in bp.context.finditer(text, pos, stop.start() if stop else len(text))
    ]
    block = doc.block_at(pos)
    if block is not None and block.kind == "table-row" and block.section is not None:
        head = doc.blocks[block.section].span
        m = bp.body.match(text[head.start : head.end])
        if m:
            found.append(bp.code(m.group(0)))
    return [b for b in dict.fromkeys(found) if b != AMBIGUOUS]


def _form_body(number: str) -> str | None:
    s = re.sub(r"\s+", "", number)
    if re.match(r"\d{1,4}\(\d{4}\)", s):
        return "SC"
    if re.match(r"E?S-", s):
        return "GA"
    m = re.match(r"(\d{1,4})/\d", s)
    if m and 1946 <= int(m.group(1)) <= 2100:
        return "ECOSOC"
    m = re.match(r"\d{1,4}(?:[A-Z])?(?:\((?P<r>[IVXLC]+)\)|/(?P<r2>[IVXLC]+))", s)
    if m:
        session = roman_to_int(m.group("r") or m.group("r2") or "")
        if session is not None and session > 30:
            return "ECOSOC"  # GA sessions were Roman-numbered only up to the 30th
    return None


@dataclass
class _Found:
    start: int
    end: int
    symbol: CitedSymbol | None
    body: str | None
    body_inferred: bool
    via: Via
    rule: str
    problem: str | None = None  # issue code when unresolved
    printed: str | None = None  # the URL of a link (text offsets of a link are only a position)


def _text_citations(doc: Doc, bp: _BodyPatterns) -> list[_Found]:
    text = doc.text
    chains = _chains(text, bp)
    _resolve_bodies(text, chains, bp)
    out: list[_Found] = []
    for ch in chains:
        decision = {"决议": False, "决定": True, "主席声明": None}[ch.noun or "决议"]
        for it in ch.items:
            bare = _BARE_RE.fullmatch(it.number.strip()) is not None
            if ch.body == AMBIGUOUS:  # "理事会第 26/2 号决议": which council?
                candidates = _generic_bodies(doc, ch.items[0].start, ch.body_name or "", bp)
                if not candidates:
                    rule = "regex:citation-text#printed"
                    problem = "citation-body-unknown"
                    out.append(_Found(it.start, it.end, None, None, True, "text", rule, problem))
                    continue
            elif ch.body is not None:  # printed (or printed once for the list): no guessing
                candidates = [(ch.body, ch.body_how or "printed")]
            else:  # inferred: the first body under which the printed form is valid
                form = _form_body(it.number)
                candidates = [(form, "form")] if form else []
                candidates += [(b, "context") for b in _context_bodies(doc, ch.items[0].start, bp)]
                candidates += [] if bare else [("GA", "default")]
                if bare and ch.noun == "决议":
                    # a plain number is an SC resolution ("第 242 号决议"): GA and ECOSOC numbers
                    # carry a session or year; its year comes from the document or it is reported
                    candidates = [("SC", "form")]
            if bare and not any(b == "SC" for b, _ in candidates):
                continue
            found: _Found | None = None
            for body, how in candidates:
                code = f"{body}-PRST" if ch.noun == "主席声明" else body
                sym = short_form(it.number, code, decision=decision)
                if sym is not None:
                    inferred = how not in _PRINTED_HOW
                    rule = f"regex:citation-text#{how}"
                    if not is_complete(sym) and ch.year is not None:
                        # "安全理事会 2018 年 5 月 24 日第 2417 号决议": an SC resolution's year is
                        # the year it was adopted
                        sym = short_form(f"{it.number.strip()}({ch.year})", code) or sym
                        rule += "+year-from-date"
                    found = _Found(it.start, it.end, sym, body, inferred, "text", rule)
                    break
            if found is None and ch.body == AMBIGUOUS:
                rule, problem = "regex:citation-text#printed", "citation-body-unknown"
                found = _Found(it.start, it.end, None, None, True, "text", rule, problem)
            if found is None:
                first_body, how = candidates[0] if candidates else (None, "default")
                rule = f"regex:citation-text#{how}"
                inferred = how not in _PRINTED_HOW
                found = _Found(
                    it.start, it.end, None, first_body, inferred, "text", rule, "symbol-unknown-form"
                )
            out.append(found)
    return out


# "《大会正式记录，第七十四届会议，补编第 16 号》" cites A/74/16 by the Official Records convention
# (session N, Supplement No. M -> A/N/M; "16A" is the first addendum). The document's own
# masthead prints the same words on separate lines, without the commas.
_OFFICIAL_RECORDS_RE = re.compile(
    r"大会正式[记纪]录\s?[，,]\s?第\s?(?P<session>[零〇一二两三四五六七八九十百\d]{1,6})\s?届会议\s?[，,]"
    r"\s?补编\s?第\s?(?P<supp>\d{1,3})\s?(?P<add>[A-Z])?\s?号"
)


def _official_records(doc: Doc) -> list[_Found]:
    out: list[_Found] = []
    for m in _OFFICIAL_RECORDS_RE.finditer(doc.text):
        session = chinese_number(m.group("session"))
        if session is None or not 1 <= session <= 200:
            continue
        printed = f"A/{session}/{int(m.group('supp'))}"
        if m.group("add"):
            printed += f"/Add.{ord(m.group('add')) - ord('A') + 1}"
        sym = parse_symbol(printed)
        if sym is not None:
            rule = "regex:citation-official-records"
            out.append(_Found(m.start(), m.end(), sym, "GA", False, "text", rule))
    return out


def _inline_citations(doc: Doc) -> tuple[list[_Found], list[Issue]]:
    out: list[_Found] = []
    issues: list[Issue] = []
    for start, end, surface in iter_symbol_candidates(doc.text):
        if _is_masthead(doc, start, end):
            continue
        sym = parse_symbol(surface)
        if sym is None:
            issues.append(
                Issue(
                    "symbol-unknown-form",
                    f"not a known UN symbol form: {surface!r}",
                    doc.id,
                    Span(start, end),
                    "warning",
                )
            )
            continue
        out.append(_Found(start, end, sym, sym.organ, False, "inline-symbol", "regex:inline-symbol"))
    return out, issues


def _is_masthead(doc: Doc, start: int, end: int) -> bool:
    """True for the document's own symbol printed alone on a line above the first paragraph."""
    block = doc.block_at(start)
    if block is None or doc.text[block.span.start : block.span.end].strip() != doc.text[start:end]:
        return False
    if block.index >= 3 or block.index + 1 >= len(doc.blocks):
        return False
    return not any(b.kind == "paragraph" for b in doc.blocks[: block.index])


def _link_citations(doc: Doc) -> tuple[list[_Found], list[Issue]]:
    out: list[_Found] = []
    issues: list[Issue] = []
    n = len(doc.text)
    if n == 0:
        return out, issues
    for sa in doc.set_aside:
        if sa.kind != "link" or not is_document_url(sa.text):
            continue
        i = min(bisect.bisect_left(doc.raw_starts, sa.raw_start), n - 1)
        if i > 0 and abs(doc.raw_starts[i - 1] - sa.raw_start) < abs(doc.raw_starts[i] - sa.raw_start):
            i -= 1
        sym = parse_symbol(sa.text)
        if sym is None:
            issues.append(
                Issue(
                    "symbol-unknown-form",
                    f"document link with an unknown symbol: {sa.text!r}",
                    doc.id,
                    Span(i, i + 1),
                    "warning",
                )
            )
            continue
        rule = "link:undocs" if "undocs.org" in sa.text.lower() else "link:un-document"
        out.append(_Found(i, i + 1, sym, sym.organ, False, "link", rule, printed=sa.text))
    return out, issues


def _complete_sc(found: list[_Found]) -> None:
    """Give year-less SC resolutions ("安理会第2532号决议") the year printed elsewhere in the doc."""
    years: dict[str, set[int]] = {}
    for f in found:
        s = f.symbol
        if s is not None and s.doc_kind == "sc-resolution" and s.year is not None:
            years.setdefault(s.canonical.split("(")[0], set()).add(s.year)
    for f in found:
        s = f.symbol
        if s is None or is_complete(s):
            continue
        known = years.get(s.canonical, set())
        if len(known) == 1:
            (year,) = known
            f.symbol = replace(s, canonical=f"{s.canonical}({year})", year=year)
            f.rule += "+year-from-document"
        else:
            f.problem = "citation-unresolved"


@extractor("citations", produces=(Citation,))
def extract_citations(doc: Doc, options: ExtractOptions, resources: Resources) -> Extracted[Citation]:
    """Extract citations of UN documents (text, inline symbols, undocs.org links) from `doc`.

    Args:
        doc: the normalised document.
        options: unused.
        resources: unused (the symbol grammar is code: `kg.symbols`).

    Returns:
        `Citation` records in text order, and issues (`citation-unresolved`,
        `citation-body-unknown`, `symbol-unknown-form`) for what could not be resolved.
    """
    text_found = _text_citations(doc, _patterns(resources.bodies)) + _official_records(doc)
    inline, issues = _inline_citations(doc)
    links, link_issues = _link_citations(doc)
    issues += link_issues
    _complete_sc(text_found + inline + links)
    # An inline symbol right after a text citation of the same key ("第 70/1 号决议(A/RES/70/1)").
    inline = [
        f
        for f in inline
        if not any(
            t.symbol and f.symbol and t.symbol.canonical == f.symbol.canonical and 0 <= f.start - t.end <= 3
            for t in text_found
        )
    ]
    in_text = sorted(text_found + inline, key=lambda f: f.start)
    kept_links: list[_Found] = []
    positions = sorted({f.start for f in links})
    for f in links:
        k = bisect.bisect_left(positions, f.start)
        lo = max(f.start - LINK_WINDOW, positions[k - 1] if k > 0 else -1)
        key = f.symbol.canonical if f.symbol else None
        dup = any(t.symbol and t.symbol.canonical == key and lo <= t.start <= f.start for t in in_text)
        if not dup and not any(
            k2.symbol and k2.symbol.canonical == key and k2.start == f.start for k2 in kept_links
        ):
            kept_links.append(f)
    records: list[Citation] = []
    for f in sorted(in_text + kept_links, key=lambda f: (f.start, -f.end)):
        span = Span(f.start, f.end)
        via: Via = f.via
        block = doc.block_at(f.start)
        if block is not None and block.kind == "footnote" and via != "link":
            via = "footnote"
        printed = f.printed or doc.text[f.start : f.end]
        resolved = f.symbol is not None and f.problem is None
        key = f.symbol.canonical if resolved and f.symbol else None
        records.append(
            Citation(
                key, f.body, f.body_inferred, resolved, printed, f.symbol, via, Evidence(doc.id, span, f.rule)
            )
        )
        if f.problem:
            issues.append(Issue(f.problem, _problem_message(f.problem, printed), doc.id, span, "warning"))
    return Extracted(tuple(records), tuple(issues))


def _problem_message(code: str, printed: str) -> str:
    return {
        "citation-unresolved": f"citation {printed!r} lacks its year and no other mention in the document gives it",
        "citation-body-unknown": f"citation {printed!r} names no identifiable issuing body",
        "symbol-unknown-form": f"citation {printed!r} is not a valid resolution number for its body",
    }[code]
