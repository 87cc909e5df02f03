"""Issuing-body headings of legislative-mandate tables -> how to read the rows under them.

Pure helper of `kg.extract.mandates`: `resolve_body` reads a heading ("大会决议",
"安全理事会决议和主席声明", "执行局决定", "公约和会议宣言") into a `BodySpec`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.reference.bodies import GENERIC, BodyResources
from kg.symbols import DECISION_FROM


@dataclass(frozen=True, slots=True)
class BodySpec:
    """How to read the rows under one issuing-body heading.

    Attributes:
        body: issuing body code stored in `Mandate.body` ("GA", "SC", "ECOSOC", ...).
        kind: default `mandate_kind` of the rows.
        symbol_body: body string passed to the symbol parser, or None when the rows carry no
            UN symbol (agreed conclusions, communiqués, treaties).
        decision_from: in a mixed "决议和决定" heading, the first number of a session/year that
            is a decision rather than a resolution (a UN numbering convention: ECOSOC decisions
            are numbered from 201, Human Rights Council decisions from 101, GA decisions from 401).
        decision_body: symbol body string for those decisions.
        ambiguous: the heading names a generic body ("执行局") whose owner is not known: the
            rows are kept without keys and the heading is reported.
    """

    body: str
    kind: str
    symbol_body: str | None
    decision_from: int | None = None
    decision_body: str | None = None
    ambiguous: bool = False


# the nouns a body heading ends with (what its rows are)
BODY_HEADING_END = ("决议", "决定", "声明", "结论", "宣言", "宣", "公报", "公约", "条约", "议定书", "文书")
# What a heading says the rows are: the first of these nouns printed after the body's name.
_HEADING_NOUNS: tuple[tuple[str, str], ...] = (
    ("决议和决定", "mixed"),
    ("主席声明", "presidential-statement"),
    ("商定结论", "agreed-conclusions"),
    ("部长级宣言", "ministerial-declaration"),
    ("部长级宣", "ministerial-declaration"),  # "宣言" cut off by the PDF line break
    ("部长级公报", "ministerial-declaration"),
    ("决议", "resolution"),
    ("决定", "decision"),
)
_NOUN_RE = re.compile("|".join(re.escape(n) for n, _ in _HEADING_NOUNS))
_KIND_OF_NOUN = dict(_HEADING_NOUNS)
_TREATY_WORDS = ("公约", "条约", "议定书", "宣言", "文书")


@lru_cache(maxsize=8)
def body_name_re(bodies: BodyResources) -> re.Pattern[str]:
    """Any name of `bodies` (`Resources.bodies`), longest first."""
    return re.compile("|".join(re.escape(n) for n in sorted(bodies.names, key=len, reverse=True)))


# the code stored for a generic body whose owner cannot be told ("执行局决定" in a plan whose
# programme names no entity with a board)
_GENERIC_CODES = {"执行局": "EB", "理事会": "COUNCIL", "委员会": "COMMISSION"}
_SYMBOL_LESS = ("agreed-conclusions", "ministerial-declaration")


def _board_owner(noun: str, heading: str, programme_title: str | None, bodies: BodyResources) -> str | None:
    """The board a generic "执行局"/"理事会" heading names: of the entity in the heading, else
    of the entity whose name contains the programme's title ("性别平等和增强妇女权能" is the
    programme of 联合国促进性别平等和增强妇女权能署, whose board is UN-Women's)."""
    owners = [(name, organs[noun]) for name, organs in bodies.boards.items() if noun in organs]
    for name, organ in owners:
        if name in heading:
            return organ
    title = re.sub(r"\s+", "", programme_title or "")
    for name, organ in owners:
        if len(title) >= 2 and title in name:
            return organ
    return None


def resolve_body(heading: str, programme_title: str | None, bodies: BodyResources) -> BodySpec | None:
    """Return the body spec of an issuing-body heading, or None when it is not one.

    A heading starts with the name of a body (`bodies`: `Resources.bodies`) and ends with what the
    rows are ("决议", "决议和决定", "决定", "主席声明", "商定结论", "部长级宣言/公报"); a heading
    without a body that names treaties ("公约和会议宣言") lists treaties and declarations.

    Args:
        heading: the heading line.
        programme_title: title of the programme the table belongs to; it tells whose board a
            generic "执行局决定" heading means.
        bodies: the issuing bodies by name (`Resources.bodies`).

    Example:
        >>> from kg.reference import default_resources
        >>> b = default_resources().bodies
        >>> resolve_body("安全理事会决议和主席声明", None, b).body
        'SC'
        >>> resolve_body("经济及社会理事会商定结论和部长级宣", None, b).kind
        'agreed-conclusions'
        >>> resolve_body("执行局决定", "性别平等和增强妇女权能", b).symbol_body
        'UN-WOMEN-EB-DEC'
        >>> resolve_body("某委员会的意见", None, b) is None, resolve_body("振兴大会工作", None, b) is None
        (True, True)
    """
    key = re.sub(r"\s+", "", heading).rstrip("：:")
    key = re.sub(r"[(（][^()（）]{1,20}[)）]$", "", key)  # "大会决议(第七十三届会议)"
    if not key or len(key) > 40 or re.search(r"\d", key) or not key.endswith(BODY_HEADING_END):
        return None
    body = body_name_re(bodies).match(key)
    if body is None:
        if any(w in key for w in _TREATY_WORDS):
            kind = "declaration" if "宣言" in key and "公约" not in key else "treaty"
            return BodySpec("TREATY", "treaty" if kind == "treaty" else kind, None)
        return None
    noun = _NOUN_RE.search(key, body.end())
    if noun is None:
        return None
    kind = _KIND_OF_NOUN[noun.group(0)]
    code = bodies.names[body.group(0)]
    if code == GENERIC:
        owner = _board_owner(body.group(0), key, programme_title, bodies)
        if owner is None:
            return BodySpec(_GENERIC_CODES.get(body.group(0), "?"), kind, None, ambiguous=True)
        code = owner
    if kind in _SYMBOL_LESS:
        return BodySpec(code, kind, None)
    if kind == "mixed":
        return BodySpec(code, "resolution", code, DECISION_FROM.get(code), f"{code}-DEC")
    if kind == "presidential-statement":
        return BodySpec(code, kind, f"{code}-PRST")
    return BodySpec(code, kind, f"{code}-DEC" if kind == "decision" else code)
