"""Extract stage, open-class organisations: names of bodies that no gazetteer lists.

Chinese names of bodies are compositional: [known body] + modifier + head noun, and the head says
what the body is (工作组, 信托基金, 国家工作队, 缔约方大会, 秘书处, 研究所 ...). The grammar (heads,
boundary words, generic words) is data: `gazetteers/organisation-heads.yaml`, loaded by
`kg.reference.organisations` into `Resources.organisations` with its tokenizer. For every head in
the text the recogniser walks left over the words of the clause (segmented with jieba, so that 为
in 行为 is not the preposition 为) until a confident left boundary:

- the start of the clause (punctuation, a block start), scored 0.9;
- a 《title》 or a “quotation” right before the head (《生物多样性公约》缔约方大会, “人人享有饮水”基金:
  the title or the quoted part is in the name), 0.95;
- 关于 opening a topic closed by 的 (关于南苏丹局势的国际调查委员会: one name), 0.85;
- a boundary word (设立, 由, 向, 的, 请 ...), 0.85;
- a coordinator (和, 与, 及, 、) when the text before it ends with a head or a post (秘书长与...),
  or when a known body follows it, 0.8; any other coordinator is inside the name (稳定和复原...)
  and costs 0.15; a coordinator after a boundary word or an adverb (将与) is a preposition and ends
  the name; an enumeration comma 、 that does not follow a name is never crossed (the name is
  rejected: its start is unknown) unless it lists topics after a known body and the list closes
  with 和 before the head (亚太经社会统计、信息和知识委员会).

A verb (part of speech v) ends the name unless it opens a topic (name_verbs, X问题, X中的Y问题) or
follows a place name (加勒比禁毒合作基金; not for heads of a class of bodies). A listed name that
ends where the head ends is the name unless the words before it make a longer name: they cut into
its first word (中美洲开发银行) or they are nouns with a place among them (非洲统计委员会).

A known (gazetteer) body inside the walk is one word, and one at the start of the name is its
parent (`org:subOrganizationOf`). The candidate is rejected when it starts with a determiner (该,
各, 一个 ...), when its modifier is made only of generic words (联合秘书处, 区域组织), when a known
body + head is not an organ (联合国机构), when a weak head (中心, 机制, 网络 ...) has no marker,
or when its confidence is below `MIN_CONFIDENCE`. A generic modifier + an organ word (联合秘书处)
also tells the caller that the gazetteer's 秘书处 there is no name (`generic_organs`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.model import Span
from kg.reference.organisations import DOC_KEYS, HEAD_KEYS, NEEDS, Grammar, Head, build_grammar
from kg.reference.words import jieba_cache

__all__ = [
    "DOC_KEYS",
    "HEAD_KEYS",
    "NEEDS",
    "Grammar",
    "Head",
    "KnownBody",
    "OpenName",
    "OpenResult",
    "build_grammar",
    "find_open_names",
    "jieba_cache",
]

MIN_CONFIDENCE = 0.6
MAX_NAME = 40  # characters before the head: a longer "name" has no confident boundary
_NEAR = 200  # a listed name is far shorter: bodies starting further before a clause are not in it


_NAME_CHAR = re.compile(r"[\u4e00-\u9fff0-9A-Za-z\-·‑—/、]")
_PAREN = re.compile(r"\(([^()\n]{1,20})\)")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&\-]{1,11}")
_CJK = re.compile(r"[\u4e00-\u9fff]{2,10}")
_FILLER = re.compile(r"[0-9\-‑—/·年第号届驻]+")
_CONVENTION = ("公约", "协定", "议定书", "《")
_EVIDENCE = {
    "title": 0.95,
    "resolution": 0.9,
    "clause-start": 0.9,
    "word": 0.85,
    "title-end": 0.85,
    "coordinator": 0.8,
    "verb": 0.75,
}
# a body named after the resolution that set it up: 第1533(2004)号决议所设委员会(专家组)
_RESOLUTION = re.compile(r"第 ?[0-9]+ ?\([0-9]{4}\) ?号决议所设$")
_DANGLING = frozenset({"年", "月", "日"})
_COUNT = re.compile(r"[0-9一二三四五六七八九十百千两几多数每整]*[个名项些位所家类批届次]")


@dataclass(frozen=True, slots=True)
class KnownBody:
    """A gazetteer mention the recogniser may find inside or before a name."""

    span: Span
    entity_id: str
    entity_type: str
    non_un: bool  # the type is (narrower than) non-un-organization
    parent: str | None = None  # gazetteer parent id


@dataclass(frozen=True, slots=True)
class OpenName:
    """An organisation name found by its head: span (with a parenthesised abbreviation), the
    normalised name (its key), head, type, parent body and confidence."""

    span: Span
    name: str
    head: str
    entity_type: str
    parent: str | None
    confidence: float
    acronym: str | None = None


@dataclass(frozen=True)
class OpenResult:
    """Accepted names (non-overlapping, text order) and the spans of organ words that a generic
    modifier makes generic (秘书处 in 联合秘书处)."""

    names: tuple[OpenName, ...]
    generic_organs: frozenset[tuple[int, int]]


def _clause_start(text: str, head_start: int) -> tuple[int, str]:
    """Start of the run of name characters before `head_start`, and why it stops there."""
    i = head_start
    while i > 0 and _NAME_CHAR.match(text[i - 1]) is not None and text[i - 2 : i] != "——":
        i -= 1  # —— is a dash between clauses (……机会——全球化所涉社会问题世界委员会), - joins names
    return i, ("title-end" if i > 0 and text[i - 1] == "》" else "clause-start")


# read over the reversed text: a character that is no name character, or a —— (reversed, the same)
_STOP_REVERSED = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z\-·‑—/、]|——")


class _ClauseStarts:
    """`_clause_start` for every head of one text: where the walk left from a head stops (after a
    character that is no name character, after ——) is the first such stop in the reversed text
    from the head on, found by one regular-expression search instead of a match per character."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._reversed = text[::-1]

    def __call__(self, head_start: int) -> tuple[int, str]:
        """`_clause_start(text, head_start)`."""
        n = len(self._text)
        m = _STOP_REVERSED.search(self._reversed, n - head_start)
        i = n - m.start() if m is not None else 0
        return i, ("title-end" if i > 0 and self._text[i - 1] == "》" else "clause-start")


def _heads(text: str, g: Grammar) -> list[tuple[int, int, Head]]:
    out = []
    for m in g.pattern.finditer(text):
        head = g.heads[m.group()]
        if not text.startswith(head.not_after, m.end()):
            out.append((m.start(), m.end(), head))
    return out


@dataclass(frozen=True, slots=True)
class _Walk:
    start: int
    evidence: str
    coordinators: int
    rejected: str | None = None


def _words(
    text: str, cs: int, hs: int, known: Sequence[KnownBody], g: Grammar
) -> list[tuple[int, int, str, str]]:
    """Words of `text[cs:hs]`: a known body inside is one word (flag True); the rest is segmented
    in pieces cut where known bodies start and end, so no word straddles a known name (和世卫).
    A known body's part of speech is "body"."""
    body_end: dict[int, int] = {}  # the longest known body starting at each offset
    cut_set = {cs, hs}
    for b in known:
        s, e = b.span.start, b.span.end
        if cs <= s and e <= hs and e > body_end.get(s, -1):
            body_end[s] = e
        if cs < s < hs:
            cut_set.add(s)
        if cs < e < hs:
            cut_set.add(e)
    cuts = sorted(cut_set)
    out: list[tuple[int, int, str, str]] = []
    at = cs
    while at < hs:
        body = body_end.get(at)
        if body is not None:
            out.append((at, body, text[at:body], "body"))
            at = body
            continue
        nxt = cuts[bisect.bisect_right(cuts, at)]
        out += [(at + s, at + e, w, pos) for s, e, w, pos in g.tokenizer.segment(text[at:nxt])]
        at = nxt
    return out


def _walk_left(
    text: str,
    hs: int,
    known: Sequence[KnownBody],
    offsets: Sequence[int],
    starts: frozenset[int],
    g: Grammar,
    inner_verbs: bool = True,
    country_ends: frozenset[int] = frozenset(),
    generic_words: _GenericWords | None = None,
    clauses: _ClauseStarts | None = None,
) -> _Walk:
    """Find the left boundary of the name whose head starts at `hs` (`known` sorted by start,
    `offsets` their starts; `inner_verbs`: a verb after a place may be inside the name, not for
    heads of a class of bodies: 印度尼西亚反腐败机构 is a national body)."""
    if hs > 0 and text[hs - 1] == "》":
        opening = text.rfind("《", max(0, hs - 60), hs)
        if opening < 0 or "》" in text[opening : hs - 1]:
            return _Walk(hs, "title", 0, "unbalanced title")
        return _Walk(opening, "title", 0)
    if hs > 0 and text[hs - 1] == "”":
        # “人人享有饮水”基金: the quoted part is in the name
        opening = text.rfind("“", max(0, hs - 30), hs)
        if opening < 0 or "”" in text[opening : hs - 1]:
            return _Walk(hs, "title", 0, "unbalanced quotation")
        return _Walk(opening, "title", 0)
    cs, evidence = clauses(hs) if clauses is not None else _clause_start(text, hs)
    # only the bodies near the clause (a listed name is far shorter than _NEAR characters)
    known = known[bisect.bisect_left(offsets, cs - _NEAR) : bisect.bisect_left(offsets, hs)]
    # a known body whose name ends with ")" (an abbreviation) right before the clause
    start, coords = hs, 0
    words = _words(text, cs, hs, known, g)
    spans = (generic_words or _GenericWords(text, g)).within(cs, hs)
    inside = frozenset(i for s, e in spans for i in range(s, e))
    topic = False  # inside "X问题": X is a nominal topic, its verbs are part of the name
    for n in range(len(words) - 1, -1, -1):
        ts, te, word, pos = words[n]
        if pos == "body":
            start = ts
            k = n - 1
            if k >= 0 and words[k][2] == "前":
                k -= 1  # 前政治事务部: the former department
            if k >= 0 and words[k][3] in ("v", "vn"):
                # 影响联合国环境规划署理事会, 管理前政治事务部执行办公室: no name opens with a verb + a known body
                return _Walk(words[k][1], "verb", coords)
            continue
        if word == "问题":
            topic = True
        if word == "对" and n > 0 and words[n - 1][3][:1] == "v" and words[n - 1][2] not in g.name_verbs:
            return _Walk(start, "verb", coords)  # 加强对...问题专家组: 对 after a verb is its object marker
        generic = inside.issuperset(range(ts, te))
        if word in _DANGLING and (n == 0 or not words[n - 1][2][-1:].isdigit()):
            return _Walk(start, "word", coords)  # 年 of a year printed apart from its digits
        counted = pos == "m" and word != "年" and not any(ch.isdigit() for ch in word)
        if word in g.determiners or _COUNT.fullmatch(word) or pos == "r" or (counted and not generic):
            return _Walk(start, evidence, coords, f"determiner {word!r}")
        if word == "的" and _described(text[cs:ts], g):
            return _Walk(start, "word", coords, "description")  # 一个由...领导的工作队: no name
        verb_next = n + 1 < len(words) and words[n + 1][3][:1] == "v"
        if word == "的":
            about = _about(text, cs, ts)
            if about is not None:
                return _Walk(about, "word", coords)  # 关于南苏丹局势的国际调查委员会: one name
            if topic and n > 0 and words[n - 1][2].endswith("中"):
                start = ts  # 武器贸易中的透明度问题工作组: the topic of the name
                continue
        resolution = _RESOLUTION.search(text, max(0, te - 40), te) if word in ("所设", "设") else None
        if resolution is not None:
            return _Walk(resolution.start(), "resolution", coords)  # 第1533(2004)号决议所设委员会
        if (
            # 代表 in 常驻代表委员会: part of a longer generic word, so no boundary word
            (word in g.boundary and not any(s <= ts and te <= e and e - s > te - ts for s, e in spans))
            or (pos[:1] == "u" or (pos[:1] == "d" and verb_next))
            and not generic
        ):
            return _Walk(start, "word", coords)  # 等, 地, 不仅 (管理): particles, adverbs of a verb
        if pos == "vn" and n > 0 and words[n - 1][3][:1] in ("v", "d") and not topic and not generic:
            return _Walk(start, "verb", coords)  # 不得影响理事会: a verbal noun after a verb is a verb
        if (
            pos == "v"
            and not topic
            and word not in g.name_verbs
            and not generic
            and not (inner_verbs and _after_place(words, n, g, country_ends))
        ):
            return _Walk(start, "verb", coords)  # 加强, 确保, 使: a verb that governs the name
        if word in g.coordinators:
            left = text[cs:ts]
            if (
                n == 0  # a clause that starts with 和 continues a list
                or te == hs  # X和Y + head: two bodies (驻地协调员和国家工作队)
                or (start == te and start in starts)  # a known body follows
                or any(b.span.end == ts for b in known)  # a known body precedes
                or left.endswith(g.head_words)
                or left.endswith(g.before_coordinator)
                # 将与, 并与: after a boundary word or an adverb the coordinator is a preposition
                or words[n - 1][2] in g.boundary
                or words[n - 1][3][:1] == "d"
            ):
                return _Walk(start, "coordinator", coords)
            if word == "、" and not _listed_enumeration(text, cs, ts, hs, known):
                return _Walk(start, evidence, coords, "enumeration")
            coords += 1
        start = ts
    if start == cs and start < hs:
        before = next((b for b in known if b.span.end == cs and b.span.start < cs), None)
        if before is not None:
            return _Walk(before.span.start, "clause-start", coords)
    return _Walk(start, evidence, coords)


def _quoted(text: str, hs: int, he: int) -> _Walk | None:
    """A name quoted whole (“报告促进和平、公正和包容社会进展情况全球联盟”): it starts after the
    opening quotation mark of the clause, whatever it contains."""
    if not text.startswith("”", he):
        return None
    opening = text.rfind("“", max(0, hs - MAX_NAME), hs)
    if opening < 0 or any(ch in "”。；;\n" for ch in text[opening + 1 : hs]):
        return None
    return _Walk(opening + 1, "title", 0)


def _drop_leading(text: str, start: int, hs: int, g: Grammar) -> int:
    """Move the start past a leading word that qualifies the mention, not the name (年度, 拟议)."""
    for w in g.leading_longest_first:
        if text.startswith(w, start) and start + len(w) < hs:
            return start + len(w)
    return start


def _described(clause: str, g: Grammar) -> bool:
    """True when a clause before 的 opens with a count or determiner (设立了一个由...领导的):
    what follows 的 is a description of a body, not its name."""
    if _describing(g.determiners).search(clause) is None:
        return False  # no word of the clause can be a determiner or a count: no need to segment it
    return any(
        w in g.determiners or _COUNT.fullmatch(w) or w == "一" for _, _, w, _ in g.tokenizer.segment(clause)
    )


# memo keyed by the words themselves (see `_generic_automaton`)
@lru_cache(maxsize=4)
def _describing(determiners: frozenset[str]) -> re.Pattern[str]:
    """What a clause holds when `_described` can be true: a word of the segmented clause is a
    substring of it, and a determiner, a count (it ends with a counter, `_COUNT`) or 一."""
    words = sorted(determiners, key=lambda w: (-len(w), w))
    return re.compile("|".join([*map(re.escape, words), "[个名项些位所家类批届次一]"]))


# memo keyed by the words themselves, not by a grammar: safe with any number of `Resources`
@lru_cache(maxsize=4)
def _generic_automaton(words: tuple[str, ...]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, len(w))
    automaton.make_automaton()
    return automaton


class _GenericWords:
    """Every occurrence of every generic word (overlapping ones included) in the clauses of the
    candidates of one text, found by an automaton pass over each clause only: the clauses are a
    small part of the text."""

    def __init__(self, text: str, g: Grammar) -> None:
        self._text = text
        self._automaton = _generic_automaton(g.generic)

    def within(self, cs: int, hs: int) -> frozenset[tuple[int, int]]:
        """Spans in `text[cs:hs]` of generic words (独立 in 独立评价办公室 is no verb)."""
        if hs <= cs:
            return frozenset()
        # the clause as a string of its own: the automaton converts all of the string it is given
        return frozenset(
            (cs + end + 1 - n, cs + end + 1) for end, n in self._automaton.iter(self._text[cs:hs])
        )


_LIST_END = re.compile("[、和与及的]")
_PLACE_POS = frozenset({"ns", "nrt", "nr"})


def _after_place(
    words: Sequence[tuple[int, int, str, str]], n: int, g: Grammar, country_ends: frozenset[int]
) -> bool:
    """True when the verb `words[n]` follows a place name that is no country, directly or after
    one noun (加勒比禁毒合作基金, 达尔富尔社区和解基金): it qualifies that region's body, it governs
    nothing. After a country the verb stays a boundary: 伊拉克禁毒委员会 is a national body, and in
    秘鲁加强... the country is the subject."""

    def place(k: int) -> bool:
        return words[k][3] in _PLACE_POS and words[k][1] not in country_ends

    if words[n][2] in g.boundary:
        return False
    if n > 0 and place(n - 1):
        return True
    return n > 1 and words[n - 1][3] == "n" and place(n - 2)


_NOMINAL = frozenset({"n", "ns", "nr", "nrt", "nz", "nt", "vn", "an", "j"})


def _longer_name(text: str, start: int, listed: int, g: Grammar) -> bool:
    """True when the words before a listed name at `listed` make a longer name that ends with it:
    they cut into its first word (中美洲开发银行 is not 美洲开发银行), or they are nouns with a place
    among them (加勒比气候适应基金, 非洲统计委员会), unless they are only places before a name that
    opens with a marker (瑞士达沃斯世界经济论坛 is the forum in Davos)."""
    if not any(s == listed - start for s, _, _, _ in g.tokenizer.segment(text[start : listed + 2])):
        return True
    words = g.tokenizer.segment(text[start:listed])
    if not all(pos in _NOMINAL for _, _, _, pos in words):
        return False  # 对, 确保, 扩大 ... 毒品和犯罪问题办公室: the listed name is the name
    places = [pos in _PLACE_POS for _, _, _, pos in words]
    if not any(places):
        return False
    return not all(places) or not any(text.startswith(m, listed) for m in g.markers)


def _about(text: str, cs: int, ts: int) -> int | None:
    """Start of 关于 when the clause before 的 at `ts` is 关于 + a topic without another 的
    (关于中非共和国局势的国际调查委员会: the name opens with 关于)."""
    at = text.rfind("关于", cs, ts)
    if at < 0 or at + 2 >= ts or "的" in text[at + 2 : ts]:
        return None
    return at


def _listed_enumeration(text: str, cs: int, ts: int, hs: int, known: Sequence[KnownBody]) -> bool:
    """True when an enumeration comma at `ts` lists topics of one known body's organ: the clause
    opens with a known body and the list closes with 和/与/及 before the head
    (亚太经社会统计、信息和知识委员会)."""
    opens = any(
        cs <= b.span.start
        and b.span.end <= ts
        and ts - b.span.end <= 10
        and not _LIST_END.search(text, b.span.end, ts)
        for b in known
    )
    return opens and any(c in text[ts + 1 : hs] for c in "和与及")


# memo keyed by the words themselves (see `_generic_automaton`)
@lru_cache(maxsize=4)
def _by_first_char(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The words by their first character, each group in the order of `words`."""
    out: dict[str, list[str]] = {}
    for w in words:
        out.setdefault(w[:1], []).append(w)
    return {ch: tuple(ws) for ch, ws in out.items()}


def _generic_words(modifier: str, g: Grammar) -> tuple[list[str], str]:
    """Split a modifier into its generic words (longest first, left to right) and the rest."""
    found: list[str] = []
    rest: list[str] = []
    by_first = _by_first_char(g.generic)
    i = 0
    while i < len(modifier):
        word = next((w for w in by_first.get(modifier[i], ()) if modifier.startswith(w, i)), None)
        if word is not None:
            found.append(word)
            i += len(word)
            continue
        if _FILLER.fullmatch(modifier[i]) is None and modifier[i] not in "和与及、":
            rest.append(modifier[i])
        i += 1
    return found, "".join(rest)


def _abbreviation(text: str, name: str, end: int) -> tuple[int, str | None]:
    """A parenthesised abbreviation right after a name joins it: (new end, acronym or None)."""
    m = _PAREN.match(text, end)
    if m is None:
        return end, None
    inner = m.group(1).strip()
    if _ACRONYM.fullmatch(inner):
        return m.end(), inner
    if _CJK.fullmatch(inner) and len(inner) < len(name) and inner[-1] in name[-3:]:
        inside = sum(1 for ch in inner if ch in name)
        if inside * 3 >= len(inner) * 2:
            return m.end(), None
    return end, None


def find_open_names(
    text: str, known: Sequence[KnownBody], places: Sequence[Span], g: Grammar, countries: Sequence[Span] = ()
) -> OpenResult:
    """Find organisation names by their head nouns (see the module docstring).

    Args:
        text: normalised text (no block breaks inside names).
        known: the gazetteer mentions in `text`.
        places: spans of country and region names in `text`.
        countries: spans of the country names among them.
        g: the grammar.
    """
    starts = frozenset(b.span.start for b in known)
    country_ends = frozenset(c.end for c in countries)
    country_spans = frozenset((c.start, c.end) for c in countries)
    by_start: dict[int, KnownBody] = {}
    for b in known:
        if b.span.start not in by_start or b.span.end > by_start[b.span.start].span.end:
            by_start[b.span.start] = b
    known_spans = {(b.span.start, b.span.end) for b in known}
    sorted_places = sorted(places, key=lambda p: (p.start, p.end))
    place_starts = [p.start for p in sorted_places]
    ordered = sorted(known, key=lambda b: (b.span.start, b.span.end))
    offsets = [b.span.start for b in ordered]
    ends_at: dict[int, KnownBody] = {}
    for b in known:
        if b.span.end not in ends_at or b.span.start < ends_at[b.span.end].span.start:
            ends_at[b.span.end] = b
    found: list[OpenName] = []
    generic_organs: set[tuple[int, int]] = set()
    generic_words = _GenericWords(text, g)
    clauses = _ClauseStarts(text)
    for hs, he, head in _heads(text, g):
        walk = _quoted(text, hs, he) or _walk_left(
            text, hs, ordered, offsets, starts, g, not head.collective, country_ends, generic_words, clauses
        )
        if walk.rejected is not None or walk.start == hs or hs - walk.start > MAX_NAME:
            continue
        if text[walk.start] in g.coordinators:
            continue  # 与赔偿委员会: a name never starts with a coordinator
        walk = _Walk(_drop_leading(text, walk.start, hs, g), walk.evidence, walk.coordinators)
        modifier = text[walk.start : hs]
        prefix = by_start.get(walk.start)
        if prefix is not None and prefix.span.end > hs:
            continue  # the head is inside a known name
        listed = ends_at.get(he)
        extends = (
            listed is not None
            and prefix is None
            and walk.start < listed.span.start < hs
            and _longer_name(text, walk.start, listed.span.start, g)
        )
        if listed is not None and listed.span.start < hs:
            # 确保秘书处, 增加建设和平基金: the listed name is the name, the rest is not; 大会第五委员会
            # is the listed Fifth Committee of its parent; 拉加经委会统计司 is ECLAC's own division
            # but words before the listed name that the walk keeps make a longer name of which the
            # listed one is only the end: 加勒比气候适应基金 is not 适应基金, 中美洲开发银行 not 美洲开发银行
            if prefix is None:
                if not extends:
                    continue
            elif prefix.span.end != listed.span.start or listed.parent == prefix.entity_id:
                continue
        rest = prefix.span.end if prefix is not None else walk.start
        generic, content = _generic_words(text[rest:hs], g)
        # 发展筹资问题工作队: a topic before 问题 names the body even in generic words
        named = len(content) >= 2 or text.find("问题", rest, hs) >= rest + 2
        titled = walk.evidence in ("title", "resolution") or any(c in modifier for c in _CONVENTION)
        first = next((m for m in g.markers if modifier.startswith(m)), "")
        # 北欧投资局, 西非司: a unit head after a region (no country: 秘鲁国家统计局) names a body too
        regional = head.type == "secretariat-unit" and any(
            p.start == walk.start and p.end < hs and (p.start, p.end) not in country_spans
            for p in _starting(sorted_places, place_starts, walk.start, walk.start)
        )
        if head.needs == "prefix" and prefix is None and not regional:
            continue
        if head.needs == "convention" and not titled:
            continue
        if prefix is None and not named and not titled:
            # 全球教育联盟: a marker and a descriptor before a specific head still name one body
            if head.weak or not first or len(generic) < 2:
                if head.organ and (hs, he) in known_spans:
                    generic_organs.add((hs, he))  # 联合秘书处: the organ word of no named body
                continue
        if prefix is not None and not named and not head.organ:
            if head.collective or not generic or any(w in g.classes for w in generic):
                continue  # 联合国机构, 开发署国家办事处: a class of bodies, not one
        placed = any(p.end <= hs for p in _starting(sorted_places, place_starts, walk.start, hs))
        if head.collective and prefix is None and placed:
            covered = {i for p in places for i in range(max(p.start, walk.start), min(p.end, hs))}
            unplaced = "".join(
                ch for i, ch in enumerate(text[walk.start : hs], walk.start) if i not in covered
            )
            if len(_generic_words(unplaced, g)[1]) < 2:
                continue  # 发展巴勒斯坦机构: a place + generic words + 机构 are its institutions
        marked = prefix is not None or extends or placed or titled or bool(first) or "问题" in modifier
        if head.weak and not marked:
            continue
        confidence = _EVIDENCE[walk.evidence] - 0.05 * walk.coordinators
        confidence += (-0.1 if head.weak else 0.0) + (-0.1 if len(modifier) > 30 else 0.0)
        confidence += 0.05 if prefix is not None else 0.0
        confidence = round(min(1.0, max(0.0, confidence)), 2)
        if confidence < MIN_CONFIDENCE:
            continue
        name = "".join(text[walk.start : he].split())  # the key: spaces are layout, not name
        end, acronym = _abbreviation(text, name, he)
        entity_type = "regional-organization" if regional else head.type
        if prefix is not None and prefix.non_un and head.type in _UN_INTERNAL:
            entity_type = prefix.entity_type  # 东盟秘书处: an organ of a regional organisation
        found.append(
            OpenName(
                Span(walk.start, end),
                name,
                head.word,
                entity_type,
                prefix.entity_id if prefix is not None else None,
                confidence,
                acronym,
            )
        )
    return OpenResult(tuple(_outermost(found)), frozenset(generic_organs))


# types of bodies inside the UN system: an organ of a non-UN body takes the body's type instead
_UN_INTERNAL = frozenset(
    {
        "subsidiary-body",
        "expert-body",
        "related-organization",
        "secretariat-office",
        "secretariat-unit",
        "inter-agency-mechanism",
        "special-political-mission",
        "trust-fund",
    }
)


def _starting(spans: Sequence[Span], starts: Sequence[int], lo: int, hi: int) -> Sequence[Span]:
    """The spans (sorted by start; `starts` their starts) that start in `[lo, hi]`."""
    return spans[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]


def _outermost(names: list[OpenName]) -> list[OpenName]:
    """Overlapping names: the longest wins (北京大学国家发展研究院 over 北京大学), ties the earliest."""
    kept: list[OpenName] = []
    for n in sorted(names, key=lambda n: (-(n.span.end - n.span.start), n.span.start)):
        if not any(k.span.start < n.span.end and n.span.start < k.span.end for k in kept):
            kept.append(n)
    return sorted(kept, key=lambda n: n.span.start)
