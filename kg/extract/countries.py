"""Extract stage, countries: `Doc` -> `CountryMention` and `RegionMention` records (gazetteer).

Names come from `gazetteers/countries.yaml` (generated: ISO 3166 + UN names, short forms,
traditional variants, traps, context and suffix rules, ambiguous names) and
`gazetteers/regions.yaml` (M49 regions, groupings, named regions, sub-national areas, regional
organisations). Matching runs over the normalised text with block breaks between two Chinese
characters removed, so names broken across PDF lines or letter-spaced are found:

1. every occurrence of every name is a candidate (`Matcher.all_matches`);
2. context rules reject word-boundary accidents (中国 in 其中国家 / 冲突中国内流离失所者, 法国 in
   非法国际, 海地 in 沿海地区, 加纳 in 增加纳入, 日本 in "31日本报告", 中东 in 其中东部, 西亚 in
   尼科西亚), and suffix rules reject a country name followed by a word that makes it the name
   of something else (尼日尔河, 墨西哥湾, 台湾海峡, 印度洋, 西班牙语, 加拿大元, 蒙古族);
3. overlaps are resolved by `select_longest` (longest wins, then earliest start), so a name
   inside a longer listed name is never reported on its own: 印度 in 印度洋 or 印度尼西亚,
   苏丹 in 南苏丹, 马里 in 索马里 or 马里卜, 中国 in 发展中国家, 乍得 in 乍得湖.

Each kept match becomes a `CountryMention` (countries, territories, former states); a
`RegionMention` (regions, groupings, named regions, and sub-national areas such as 达尔富尔 or
加沙, with `country` set: a part of a country is *not* a country mention); nothing (traps:
seas, lakes, rivers named after a country; regional organisations); or a `country-ambiguous`
issue (中非 or 圣马丁 alone, unless a neighbouring word resolves it): ambiguity is reported, never
guessed.

What counts, as a careful annotator of "countries mentioned" marks it:
- every occurrence of a country's UN short or formal name, a common short form (叙利亚, 刚果(金)),
  a former or colloquial name (扎伊尔, 南朝鲜), a demonym or national institution (叙利亚人,
  日本财团), including tables of contents and headings;
- a country or place named inside the name of a mission, office, envoy, tribunal, programme or
  instrument (联合国马里多层面综合稳定团 and 马里稳定团 mention Mali, 《萨摩亚途径》 mentions
  Samoa, 联合国西非和萨赫勒办事处 mentions West Africa and the Sahel); the body itself is the
  entities extractor's business;
- a sub-national area is a region mention, not a country mention (达尔富尔, 加沙), unless its
  name contains its own country's name as a word of its own (伊拉克库尔德斯坦区域 and
  被占领叙利亚戈兰 also mention Iraq and Syria); a city named after its country (墨西哥城) does not;
- but not a region word inside the name of a regional organisation of States (非洲联盟,
  欧洲联盟, 亚太经社会, 美洲国家组织): it names the membership, not a place the text is about;
- and not single-character abbreviations (中美, 美方, 英法, 联黎部队, 非盟): one character
  (美 "beautiful", 法 "law", 中 "middle") cannot be told from ordinary words;
- and not a language, script, currency or ethnic group named after a country (西班牙文,
  瑞士法郎, 阿尔巴尼亚族), nor a river, sea, gulf, strait or ocean (尼日尔河, 日本海, 印度洋): such
  a name still swallows the shorter names inside it (no 印度 in 印度尼西亚语).
"""

from __future__ import annotations

import bisect
import re

from kg.extract import ExtractOptions, extractor
from kg.model import CountryMention, Doc, Evidence, Extracted, Issue, RegionMention, Span
from kg.reference import Resources
from kg.reference.countries import (
    AMBIGUOUS,
    COUNTRY,
    REGION,
    TRAP,
    CountryResources,
)
from kg.reference.gazetteer import Hit, select_longest

# Matcher keys carry the kind of name: country, region, trap or ambiguous.
_COUNTRY, _REGION, _TRAP, _AMBIGUOUS = COUNTRY, REGION, TRAP, AMBIGUOUS


_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])")


def find_names(text: str, res: CountryResources) -> list[Hit]:
    """Return the kept gazetteer matches in `text` (rules applied, overlaps resolved).

    A block break between two Chinese characters does not stop a name: PDF extraction sometimes
    leaves "刚果民主共\\n和国" in two blocks. Such a hit's span (and surface) includes the "\\n".
    Context, suffix and ambiguity rules read the text with those breaks removed too.
    Hit keys are prefixed: "c:" country, "r:" region, "t:" trap, "a:" unresolved ambiguous
    name; an ambiguous name that a neighbouring word resolves comes back as "c:" or "r:".

    Example:
        >>> from kg.reference import default_resources
        >>> res = default_resources().countries
        >>> [(h.surface, h.key) for h in find_names("印度洋和印度尼西亚", res)]
        [('印度洋', 't:trap:印度洋'), ('印度尼西亚', 'c:IDN')]
        >>> [h.surface for h in find_names("刚果民主共\\n和国", res)]
        ['刚果民主共\\n和国']
        >>> [h.key for h in find_names("中非\\n稳定团和巴拿马湾", res)]
        ['c:CAF', 't:named-after:PAN']
    """
    memo = res.last_found
    if text in memo:
        return list(memo[text])
    memo.clear()  # one document: its text, and that text without breaks
    found = _find_names(text, res, memo)
    memo[text] = tuple(found)
    return found


def _find_names(text: str, res: CountryResources, memo: dict[str, tuple[Hit, ...]]) -> list[Hit]:
    breaks = [m.start() for m in _BREAK.finditer(text)]
    joined = _BREAK.sub("", text) if breaks else text
    candidates = [
        _named_after(joined, hit, res)
        for hit in res.matcher.all_matches(joined)
        if (rule := res.contexts.get(hit.surface)) is None
        or not rule.rejects(joined, hit.span.start, hit.span.end)
    ]
    kept = [_resolve(joined, hit, res) for hit in select_longest(candidates)]
    if not breaks:
        return kept
    # the joined text has no breaks left (removing one puts no "\n" next to two Chinese
    # characters), so `kept` is what this function returns for it: the entity extractor asks
    memo[joined] = tuple(kept)
    # map offsets of the joined text back to `text`: one more for each break removed before them
    shifted = [b - i for i, b in enumerate(breaks)]  # joined offset of the character after each break
    out: list[Hit] = []
    for hit in kept:
        start = hit.span.start + bisect.bisect_right(shifted, hit.span.start)
        end = hit.span.end + bisect.bisect_right(shifted, hit.span.end - 1)
        out.append(Hit(Span(start, end), text[start:end], hit.key))
    return out


def _named_after(text: str, hit: Hit, res: CountryResources) -> Hit:
    # A country name that a suffix rule rejects is still a name: it becomes a trap, so that it
    # keeps swallowing the shorter names inside it (印度 in 印度尼西亚语). A context rule instead
    # says the characters are not a name at all here, so its candidates are dropped.
    if hit.key.startswith(_COUNTRY) and res.suffix.rejects(text, hit.span.end):
        return Hit(hit.span, hit.surface, f"{_TRAP}named-after:{hit.key[2:]}")
    return hit


def _resolve(text: str, hit: Hit, res: CountryResources) -> Hit:
    if not hit.key.startswith(_AMBIGUOUS):
        return hit
    key = res.ambiguous[hit.key[2:]].resolve(text, hit.span.start, hit.span.end)
    if key is None:
        return hit
    return Hit(hit.span, hit.surface, (_REGION if res.is_region(key) else _COUNTRY) + key)


@extractor("countries", produces=(CountryMention, RegionMention))
def extract_countries(
    doc: Doc, options: ExtractOptions, resources: Resources
) -> Extracted[CountryMention | RegionMention]:
    """Find countries, territories, regions and sub-national areas named in `doc`.

    Args:
        doc: the normalised document.
        options: unused.
        resources: the reference data (its country and region gazetteers are read).

    Returns:
        Country and region mentions in text order, and `country-ambiguous` issues.
    """
    res = resources.countries
    text = doc.text
    records: list[CountryMention | RegionMention] = []
    issues: list[Issue] = []
    for hit in find_names(text, res):
        kind, key = hit.key[:2], hit.key[2:]
        if kind == _TRAP:
            continue
        if kind == _AMBIGUOUS:
            candidates = " or ".join(res.ambiguous[key].candidates)
            issues.append(
                Issue(
                    "country-ambiguous",
                    f"{hit.surface!r} may name {candidates}; not counted",
                    doc.id,
                    hit.span,
                    "warning",
                )
            )
            continue
        records.append(_record(doc, res, key, hit))
        if kind == _REGION and (inner := _own_country_inside(res, key, hit)) is not None:
            records.append(_record(doc, res, *inner))
    return Extracted(tuple(records), tuple(issues))


def _own_country_inside(res: CountryResources, region_id: str, hit: Hit) -> tuple[str, Hit] | None:
    """Return the country named inside a sub-national area's name, as (key, hit), if any.

    伊拉克库尔德斯坦区域, 被占领叙利亚戈兰 and 北塞浦路斯 name their country as a word of its own,
    which a reader counts as a mention of it; a city named after its country (墨西哥城, entries
    with `city: true`) is a proper name of its own and is not.
    """
    region = res.regions.by_id[region_id]
    country = region.get("country")
    if country is None or region.get("city"):
        return None
    broken = "\n" in hit.surface
    for name in res.country_names.get(country, ()):
        # the surface may hold a block break ("\n") anywhere, as in find_names; without one, the
        # name is found as it is
        if broken:
            found = re.search("\n?".join(map(re.escape, name)), hit.surface)
            if found is None:
                continue
            at, surface = found.start(), found.group()
        else:
            at, surface = hit.surface.find(name), name
            if at < 0:
                continue
        start = hit.span.start + at
        return country, Hit(Span(start, start + len(surface)), surface, _COUNTRY + country)
    return None


def _record(doc: Doc, res: CountryResources, key: str, hit: Hit) -> CountryMention | RegionMention:
    surface = doc.text[hit.span.start : hit.span.end]
    evidence = Evidence(
        doc.id, hit.span, f"gazetteer:{'regions' if res.is_region(key) else 'countries'}#{key}"
    )
    if res.is_region(key):
        r = res.regions.by_id[key]
        return RegionMention(
            key, r.label, str(r.get("label_en", "")), str(r.get("type")), r.get("country"), surface, evidence
        )
    c = res.countries.by_id[key]
    return CountryMention(key, c.label, str(c.get("label_en", "")), surface, evidence)
