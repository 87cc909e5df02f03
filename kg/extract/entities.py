"""Extract stage, entities: `Doc` -> `EntityMention` records (UN entities and other organisations).

Names come from `gazetteers/entities.yaml` (one entry per entity: Chinese name, short forms, English
name, acronym, type from `entity-types.yaml`, parent, predecessor/successor). Matching runs over the
normalised text in these steps:

1. every occurrence of every listed name is a candidate (`Matcher.all_matches`), including names
   broken by a block break between two Chinese characters ("联合国中部\\n非洲区域办事处");
2. context rules from the gazetteer reject word-boundary accidents (秘书处 in 会议和秘书处服务,
   大会 in 第十五届大会, 国际法院 in 区域或国际法院, 联合国 opening a title: 《联合国宪章》), and
   ending rules reject a name whose last character makes a word with the next one (维和部 in
   维和部队, 新闻部 in 新闻部门: 部门, 部分, 部队, 部署 are words, not departments);
3. overlaps go to the longest name (`select_longest`), so a name inside a longer listed name is
   never a mention of its own: 联合国 inside 联合国开发计划署, 和平行动部 inside 维持和平行动部
   (the former department), 大会 inside 员工大会 (a listed non-entity that yields nothing);
4. an organ word right after another organisation's name is that organisation's organ, not a
   mention of its own (大会 in 非洲联盟大会, 秘书处 in 贸发会议秘书处);
5. 联合国 right before the name of a UN entity is part of that name: 联合国妇女署 is one mention
   of UN-Women (not of the UN), unless the entity is outside the UN (联合国欧洲联盟 stays two);
6. a parenthesised abbreviation right after a full name, "联合国开发计划署(开发署)", joins the
   same mention (one mention, its surface showing both forms). An abbreviation the gazetteer does
   not know is learned for the rest of the document when it looks like one (its characters come
   from the full name and it ends like it); those mentions carry the rule
   `abbreviation:entities#<id>`, gazetteer mentions `gazetteer:entities#<id>`.

A bare 联合国 is the Organization (`un`); a bare 秘书处 is the UN Secretariat. Generic words
(委员会, 该部, 法院, 本组织...) are listed as `generic` and may never be names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract import ENTITY_MODES, EntityMode, ExtractOptions, extractor
from kg.extract.countries import find_names
from kg.extract.organisations import KnownBody, OpenName, find_open_names
from kg.ingest.normalise import normalise_fragment
from kg.model import Doc, EntityMention, Evidence, Extracted, OrganisationMention, Span
from kg.reference import Resources
from kg.reference.entities import ENTITY, TRAP, EntityResources, type_lineage
from kg.reference.gazetteer import Hit, Matcher, select_longest

__all__ = ["ENTITY_MODES", "EntityMode", "ExtractOptions", "extract_entities", "find_entities"]

_ENTITY, _TRAP = ENTITY, TRAP
_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])")
_PAREN = re.compile(r"\(([^()\n]{1,40})\)")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]{2,10}")


@dataclass(frozen=True, slots=True)
class EntityHit:
    """A kept entity name in a text: span, entity id and how it was found."""

    span: Span
    entity_id: str  # gazetteer id, or the normalised name of an open-class organisation
    via: str  # "gazetteer" | "abbreviation" | "open"
    name: OpenName | None = None  # how an open-class name was found


def _ends_a_word(text: str, hit: Hit, res: EntityResources) -> bool:
    """True when the name's last character makes a word with the next one (维和部 in 维和部队)."""
    following = res.endings.get(hit.surface[-1])
    return following is not None and any(text.startswith(w, hit.span.end) for w in following)


def _candidates(text: str, res: EntityResources) -> list[Hit]:
    """Listed names (entities and non-entities) in `text` after the context, ending, longest-match
    and organ rules, in text order."""
    hits = [
        h
        for h in res.matcher.all_matches(text)
        if ((rule := res.contexts.get(h.surface)) is None or not rule.rejects(text, h.span.start, h.span.end))
        and not _ends_a_word(text, h, res)
    ]
    kept = select_longest(hits)
    # where a name ends, or a parenthesis right after it: 贸发会议秘书处, 联合国贸易和发展会议(UNCTAD)秘书处
    ends = {h.span.end for h in kept} | {m.end() for h in kept if (m := _PAREN.match(text, h.span.end))}
    ends |= {h.span.end + 1 for h in kept if text.startswith(")", h.span.end)}
    # 非洲联盟大会, 贸发会议秘书处: the organ of the organisation just named, not the GA or the Secretariat
    return [h for h in kept if not (h.surface in res.organs and h.span.start in ends)]


def _join_prefixes(hits: list[Hit], res: EntityResources) -> list[Hit]:
    """Join a prefix name (联合国) to the UN entity name right after it: 联合国妇女署 is UN-Women."""
    joined: list[Hit] = []
    for h in hits:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.span.end == h.span.start
            and (excluded := res.prefixes.get(prev.surface)) is not None
            and h.key[2:] not in excluded
            and h.key != prev.key
        ):
            joined[-1] = Hit(Span(prev.span.start, h.span.end), prev.surface + h.surface, h.key)
        else:
            joined.append(h)
    return joined


def _looks_like_abbreviation(short: str, full: str) -> bool:
    """A UN Chinese abbreviation takes its characters from the full name and ends like it (开发署)."""
    inside = sum(1 for ch in short if ch in full)
    return len(short) < len(full) and inside * 3 >= len(short) * 2 and short[-1] in full[-3:]


def _gazetteer_hits(
    joined: str, res: EntityResources, candidates: list[Hit] | None = None
) -> list[tuple[int, int, str, str]]:
    """Gazetteer mentions in a text without block breaks: (start, end, entity id, via);
    `candidates`: `_candidates(joined, res)` when the caller has them already."""
    if candidates is None:
        candidates = _candidates(joined, res)
    kept = _join_prefixes([h for h in candidates if h.key.startswith(_ENTITY)], res)
    found: list[tuple[int, int, str, str]] = []
    learned: dict[str, str] = {}
    skip_until = -1
    for h in kept:
        start, end, eid = h.span.start, h.span.end, h.key[2:]
        if start < skip_until:
            continue  # the abbreviation inside the parentheses of the previous mention
        m = _PAREN.match(joined, end)
        if m:
            inner = m.group(1).strip()
            entry = res.entry(eid)
            owner = res.gazetteer.alias_index.get(normalise_fragment(inner))
            if owner == eid or inner == entry.get("acronym"):
                end = skip_until = m.end()
            elif (
                owner is None
                and _CJK_ONLY.fullmatch(inner)
                and normalise_fragment(inner) not in res.generic
                and _looks_like_abbreviation(inner, h.surface)
            ):
                learned.setdefault(inner, eid)
                end = skip_until = m.end()
        found.append((start, end, eid, "gazetteer"))
    if learned:
        taken = [(s, e) for s, e, _, _ in found]
        for h in Matcher(learned).longest_matches(joined):
            if not any(s < h.span.end and h.span.start < e for s, e in taken):
                found.append((h.span.start, h.span.end, h.key, "abbreviation"))
        found.sort()
    return found


def find_entities(text: str, resources: Resources, mode: EntityMode = "gazetteer") -> list[EntityHit]:
    """Return the entity mentions in `text`, in text order (see the module docstring for the rules).

    Args:
        text: normalised text.
        resources: the reference data (the entity gazetteer; in "open" mode also the country
            gazetteer and the organisation grammar).
        mode: "gazetteer" (listed names only) or "open" (also names of bodies found by their
            head noun, `kg.extract.organisations`; a listed name inside a confident open-class
            name is part of it).

    Example:
        >>> from kg.reference import default_resources
        >>> res = default_resources()
        >>> [(text[h.span.start:h.span.end], h.entity_id) for text in ["联合国开发计划署(开发署)和维持和平行动部"]
        ...  for h in find_entities(text, res)]
        [('联合国开发计划署(开发署)', 'undp'), ('维持和平行动部', 'dpko')]
        >>> [(h.entity_id, h.via) for h in find_entities("联合国驻阿富汗国家工作队", res, "open")]
        [('联合国驻阿富汗国家工作队', 'open')]
    """
    if mode not in ENTITY_MODES:
        raise ValueError(f"unknown entity mode {mode!r}; expected one of {', '.join(ENTITY_MODES)}")
    breaks = [m.start() for m in _BREAK.finditer(text)]
    joined = _BREAK.sub("", text) if breaks else text
    res = resources.entities
    candidates = _candidates(joined, res)  # shared by both steps: one matcher pass, one rule pass
    found = _gazetteer_hits(joined, res, candidates)
    names: dict[int, OpenName] = {}
    if mode == "open":
        found, names = _with_open_names(joined, found, resources, candidates)
    if not breaks:
        return [
            EntityHit(Span(s, e), eid, via, names.get(s) if via == "open" else None)
            for s, e, eid, via in found
        ]
    shifted = [b - i for i, b in enumerate(breaks)]  # joined offset of the character after each break
    return [
        EntityHit(
            Span(s + bisect.bisect_right(shifted, s), e + bisect.bisect_right(shifted, e - 1)),
            eid,
            via,
            names.get(s) if via == "open" else None,
        )
        for s, e, eid, via in found
    ]


def _with_open_names(
    joined: str, found: list[tuple[int, int, str, str]], resources: Resources, candidates: list[Hit]
) -> tuple[list[tuple[int, int, str, str]], dict[int, OpenName]]:
    """Merge open-class names into the gazetteer mentions: a listed name with the same span wins;
    a listed name inside an open name is part of it; an open name that overlaps a listed name
    only partly is dropped; an organ word made generic by its modifier (联合秘书处) is dropped."""
    res = resources.entities
    non_un = {t for t in res.types if "non-un-organization" in type_lineage(t, res.types)}
    known = []
    for s, e, eid, _ in found:
        etype = str(res.entry(eid).get("type"))
        parent = res.entry(eid).get("parent")
        known.append(KnownBody(Span(s, e), eid, etype, etype in non_un, str(parent) if parent else None))
    named = [h for h in find_names(joined, resources.countries) if h.key[:2] in ("c:", "r:")]
    places = [h.span for h in named]
    countries = [h.span for h in named if h.key[:2] == "c:"]
    result = find_open_names(joined, known, places, resources.organisations, countries)
    listed = _Intervals((s, e) for s, e, _, _ in found)
    traps = [h.span for h in candidates if h.key.startswith(_TRAP)]
    names: dict[int, OpenName] = {}
    for n in result.names:
        s, e = n.span.start, n.span.end
        head_start = s + len(n.name) - len(n.head)
        if any(s <= t.start < head_start and t.end == s + len(n.name) for t in traps):
            continue  # a listed non-entity ends the name: 预防犯罪和刑事司法大会 is a congress
        # a listed name that overlaps the open name without lying inside it
        partial = any(not (s <= ls and le <= e) for ls, le in listed.overlapping(s, e))
        if (s, e) in listed.members or partial:
            continue
        names[s] = n
    covered = _Intervals((n.span.start, n.span.end) for n in names.values())
    merged = [
        f for f in found if (f[0], f[1]) not in result.generic_organs and not covered.contains(f[0], f[1])
    ]
    merged += [(n.span.start, n.span.end, n.name, "open") for n in names.values()]
    merged.sort()
    return merged, names


class _Intervals:
    """Spans `(start, end)`, sorted by start, found by bisection instead of a scan of all of them:
    a span that overlaps `[s, e)` starts after `s - longest`, where `longest` is the longest span."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)
        self.members = frozenset(self.spans)

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        """The spans that share a character with `[s, e)`."""
        lo = bisect.bisect_right(self.starts, s - self.longest)
        hi = bisect.bisect_left(self.starts, e)
        return [(ls, le) for ls, le in self.spans[lo:hi] if s < le]

    def contains(self, s: int, e: int) -> bool:
        """True when a span holds all of `[s, e)`."""
        lo = bisect.bisect_left(self.starts, e - self.longest)
        hi = bisect.bisect_right(self.starts, s)
        return any(e <= le for _, le in self.spans[lo:hi])


def entity_counts(text: str, resources: Resources, mode: EntityMode = "open") -> dict[str, int]:
    """Number of mentions of each entity in `text` (what `extract_entities` would record in `mode`)."""
    counts: dict[str, int] = {}
    for h in find_entities(text, resources, mode):
        counts[h.entity_id] = counts.get(h.entity_id, 0) + 1
    return dict(sorted(counts.items()))


def to_mention(doc: Doc, hit: EntityHit, res: EntityResources) -> EntityMention:
    """Make the `EntityMention` record of a hit in `doc.text` (an `OrganisationMention` for an
    open-class name)."""
    surface = doc.text[hit.span.start : hit.span.end]
    if hit.name is not None:
        n = hit.name
        ev = Evidence(doc.id, hit.span, f"open:head#{n.head}")
        return OrganisationMention(
            n.name, n.name, "", n.acronym, n.entity_type, surface, ev, n.head, n.confidence, n.parent
        )
    e = res.entry(hit.entity_id)
    rule = f"{hit.via}:entities#{hit.entity_id}"
    acronym = e.get("acronym")
    return EntityMention(
        hit.entity_id,
        e.label,
        str(e.get("label_en")),
        str(acronym) if acronym else None,
        str(e.get("type")),
        surface,
        Evidence(doc.id, hit.span, rule),
    )


@extractor("entities", produces=(EntityMention,))
def extract_entities(doc: Doc, options: ExtractOptions, resources: Resources) -> Extracted[EntityMention]:
    """Find UN entities and other organisations named in `doc`.

    Args:
        doc: the normalised document.
        options: `entities` chooses the mode ("open": gazetteer names and open-class names;
            "gazetteer": listed names only).
        resources: the reference data (gazetteers, organisation grammar and tokenizer).

    Returns:
        One `EntityMention` per mention, in text order; no issues (every listed name has exactly
        one entry, so nothing is ambiguous).
    """
    hits = find_entities(doc.text, resources, options.entities)
    return Extracted(tuple(to_mention(doc, h, resources.entities) for h in hits))


def extract_organisations_text(
    text: str, resources: Resources, mode: EntityMode = "open"
) -> list[tuple[int, int, str, str]]:
    """Organisation mentions of a plain string: (start, end, surface, key), in text order.

    `key` is the gazetteer id of a listed entity, else the normalised name of the body (without a
    parenthesised abbreviation). Offsets are into `text` as given: pass normalised text
    (`kg.ingest.normalise.normalise_text(raw, "id").text`), as documents are matched after
    normalisation (full-width ASCII folded, lines joined).

    Example:
        >>> from kg.reference import default_resources
        >>> extract_organisations_text("东盟秘书处和联合国驻海地国家工作队", default_resources())
        [(0, 5, '东盟秘书处', '东盟秘书处'), (6, 17, '联合国驻海地国家工作队', '联合国驻海地国家工作队')]
    """
    return [
        (h.span.start, h.span.end, text[h.span.start : h.span.end], h.entity_id)
        for h in find_entities(text, resources, mode)
    ]
