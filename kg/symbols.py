"""UN document symbols: parse, validate and canonicalise (used by every extractor that cites).

One grammar for mandate tables, running text, inline symbols and undocs.org links. Parsing never
raises: an unknown or invalid form gives `None` (callers turn it into an `Issue` with a span).

Canonical forms (the stable keys that `kg.rdf.mint.work` turns into IRIs):

=========================  ==============================  ============================
what                       canonical                       doc_kind
=========================  ==============================  ============================
GA resolution              ``A/RES/70/1``                  ga-resolution
GA, sessions 1-30          ``A/RES/217(III)``              ga-resolution
GA special / emergency     ``A/RES/S-10/2``, ``A/RES/ES-10/15``  ga-resolution
GA special, sessions 1-7   ``A/RES/3201(S-VI)``, ``A/RES/997(ES-I)``  ga-resolution
GA decision                ``A/DEC/73/555``                ga-decision
SC resolution              ``S/RES/1325(2000)``            sc-resolution
SC presidential statement  ``S/PRST/2019/7``               sc-presidential-statement
ECOSOC resolution          ``E/RES/1998/7``, ``E/RES/76(V)``  ecosoc-resolution
ECOSOC decision            ``E/DEC/2005/232``              ecosoc-decision
HRC resolution / decision  ``A/HRC/RES/35/1``, ``A/HRC/DEC/24/118``  hrc-resolution / hrc-decision
UNEA resolution            ``UNEP/EA.4/RES.1`` (upper-case RES)  unea-resolution
ESCAP resolution           ``E/ESCAP/RES/73/1``            commission-resolution
CHR resolution             ``E/CN.4/RES/2005/69``          commission-resolution
bulletin                   ``ST/SGB/2019/8``               bulletin
report / document          ``A/74/6 (Sect. 2)/Corr.1``     report / document
                           ``A/74/5 (Vol. I)``
=========================  ==============================  ============================

Bodies whose resolutions have no public symbol series get *project keys* ``<BODY>/RES/<n>`` or
``<BODY>/DEC/<n>`` (``CSW/RES/40/9``, ``ECA/RES/748(XXVIII)``, ``UNEP-GC/DEC/27/2``, and the
governing bodies of funds and programmes: ``UN-WOMEN-EB/DEC/2011/4``,
``UN-HABITAT-GC/RES/26/2``); they mint Work IRIs like any key but have no undocs.org page
(`is_official` is False).

Printed symbols are found in text by `kg.symbol_search`; issuing bodies and their Chinese names
are in `ontology/bodies.yaml` (`Resources.bodies`).

Lettered parts are not part of the key: ``72/262 C`` is ``A/RES/72/262`` with parts ``("C",)``.
An SC resolution printed without its year is kept as ``S/RES/2532`` with ``year=None``
(`is_complete` is False); the citation extractor resolves it or reports it.

Body codes (closed set, `BODIES`): GA, SC, ECOSOC, HRC, CHR, UNEA, UNEP-GC, CSW, CND, CCPCJ,
UNCTAD, ECA, ECE, ECLAC, ESCAP, ESCWA, SECRETARIAT, UNEP, UN-WOMEN-EB, UNDP-EB, UNICEF-EB,
WFP-EB, UN-HABITAT-EB, UN-HABITAT-GC, UN-HABITAT-ASSEMBLY.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

from kg.bodies import BODIES as BODIES  # re-exported: body codes are part of the symbol API
from kg.model import CitedSymbol

DOC_KINDS = (
    "ga-resolution",
    "ga-decision",
    "sc-resolution",
    "sc-presidential-statement",
    "ecosoc-resolution",
    "ecosoc-decision",
    "hrc-resolution",
    "hrc-decision",
    "unea-resolution",
    "unep-gc-decision",
    "commission-resolution",
    "commission-decision",
    "governing-body-resolution",
    "governing-body-decision",
    "report",
    "bulletin",
    "document",
)
"""Closed set of `CitedSymbol.doc_kind` values."""


# Bodies without an official resolution symbol series: keys are minted by this project.
_PROJECT_BODIES = ("CSW", "CND", "CCPCJ", "UNCTAD", "ECA", "ECE", "ECLAC", "ESCWA", "UNEP-GC")
# Governing bodies of funds and programmes: their decisions are numbered "<year>/<n>" (executive
# boards) or "<session>/<n>" (UN-Habitat's Governing Council and Assembly) and published only
# inside the body's session report, so they too get project keys ("UN-WOMEN-EB/DEC/2011/4").
_BOARDS = ("UN-WOMEN-EB", "UNDP-EB", "UNICEF-EB", "WFP-EB", "UN-HABITAT-EB")
_SESSION_BOARDS = ("UN-HABITAT-GC", "UN-HABITAT-ASSEMBLY")
_PROJECT_KEYED = (*_PROJECT_BODIES, *_BOARDS, *_SESSION_BOARDS)

# UN numbering conventions: decisions are numbered from 401 (GA, since session 31), 201
# (ECOSOC, since 1978) and 101 (HRC); lower numbers are resolutions.
DECISION_FROM = {"GA": 401, "ECOSOC": 201, "HRC": 101}
"""First number of a session or year that is a decision, not a resolution (UN numbering)."""

_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－"), "-")
_PART_LIST = r"[A-Z](?:(?:-|至|和|及|、|,|，|&)[A-Z])*"
_PARTS = rf"(?P<parts>{_PART_LIST})"
_SUFFIX_WORDS = {
    "ADD": "Add",
    "CORR": "Corr",
    "REV": "Rev",
    "AMEND": "Amend",
    "SECT": "Sect",
    "SUMMARY": "Summary",
}
ROOTS = (
    *("A", "S", "E", "ST", "UNEP", "TD", "DP", "ECE", "LC", "UNW", "HSP", "JIU"),
    *("CEDAW", "CRC", "CCPR", "CERD", "CAT", "CRPD", "CMW", "CED", "SPLOS", "NPT", "CD"),
)
"""Roots of the symbol series recognised as UN documents; anything else is an unknown form."""
# Addresses that name a document by its symbol: undocs.org (and its successor docs.un.org) with
# the symbol as path, and the older search pages with it as a "symbol=" query parameter.
_URL_RE = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:undocs\.org|docs\.un\.org)/(?:(?:ch|zh|cn|en|fr|es|ar|ru)/)?(?P<sym>.+)$"
    r"|^(?:https?://)?[a-z.\-]*\bun\.org/\S*?[?&](?:symbol|s)=(?P<query>[^&#]+)",
    re.I,
)


def is_document_url(url: str) -> bool:
    """True if `url` names a UN document by its symbol (undocs.org, docs.un.org, ?symbol=).

    Example:
        >>> is_document_url("https://undocs.org/ch/A/RES/70/1"), is_document_url("https://reform.un.org/")
        (True, False)
    """
    return _URL_RE.match(fold(url)) is not None


def roman_to_int(roman: str) -> int | None:
    """Return the value of an upper-case Roman numeral, or None if it is not one.

    Example:
        >>> roman_to_int("XXXIII"), roman_to_int("IIII")
        (33, None)
    """
    if not roman or not _ROMAN_RE.match(roman):
        return None
    total = 0
    for ch, nxt in zip(roman, roman[1:] + " ", strict=True):
        v = _ROMAN_VALUES[ch]
        total += -v if nxt != " " and _ROMAN_VALUES[nxt] > v else v
    return total


def fold(text: str) -> str:
    """Fold full-width forms and dashes to ASCII and collapse white space (symbols only)."""
    s = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return re.sub(r"\s+", " ", s).strip()


def split_parts(parts: str | None) -> tuple[str, ...] | None:
    """Expand printed part letters: "A-C" -> (A, B, C); "A 和 B" -> (A, B); None if invalid.

    Example:
        >>> split_parts("A-C"), split_parts("A 和 B"), split_parts("C-A")
        (('A', 'B', 'C'), ('A', 'B'), None)
    """
    if not parts:
        return ()
    compact = re.sub(r"\s+", "", fold(parts))
    out: list[str] = []
    for piece in re.split(r"[和及、,，&]", compact):
        m = re.fullmatch(r"([A-Z])(?:[-至]([A-Z]))?", piece)
        if not m:
            return None
        first, last = m.group(1), m.group(2) or m.group(1)
        if last < first:
            return None
        out.extend(chr(c) for c in range(ord(first), ord(last) + 1))
    return tuple(dict.fromkeys(out))


# ----------------------------------------------------------------------------- short forms


def short_form(number: str, body: str, *, decision: bool | None = None) -> CitedSymbol | None:
    """Resolve a resolution number as printed in Chinese text or a mandate table, given its body.

    Args:
        number: the printed number with optional parts: "70/262", "72/262 C", "1325 (2000)",
            "217 A (III)", "ES-10/17", "1998/7", "1819/LV".
        body: a code of `BODIES`, optionally suffixed "-DEC" (decision) or "-PRST"
            (presidential statement); "GA-DEC", "ECOSOC-DEC", "HRC-DEC".
        decision: force a decision (True) or resolution (False); by default a plain body code
            follows the UN numbering convention (GA >= 401, ECOSOC >= 201, HRC >= 101 are
            decisions).

    Returns:
        The parsed symbol, or None when the form is not valid for that body.

    Example:
        >>> short_form("64/244 A-C", "GA").canonical, short_form("64/244 A-C", "GA").parts
        ('A/RES/64/244', ('A', 'B', 'C'))
        >>> short_form("2005/232", "ECOSOC").canonical
        'E/DEC/2005/232'
    """
    s = re.sub(r"\s+", "", fold(number))
    base = body.upper()
    if base.endswith("-DEC"):
        base, decision = base[:-4], True
    elif base.endswith("-RES"):
        base, decision = base[:-4], False
    elif base.endswith("-PRST"):
        base = base[:-5]
        m = re.fullmatch(r"(\d{4})/(\d{1,3})", s)
        if base != "SC" or not m:
            return None
        return _prst(int(m.group(1)), int(m.group(2)))
    if base not in BODIES:
        return None
    parts: tuple[str, ...] | None = ()
    m = re.fullmatch(
        rf"(?P<n>\d{{1,4}})(?P<p1>{_PART_LIST})?\((?P<sp>E?S-)?(?P<r>[IVXLC]+)\)(?P<p2>{_PART_LIST})?", s
    )
    m2 = re.fullmatch(r"(?P<n>\d{1,4})/(?P<r>[IVXLC]+)", s)  # "1819/LV": a roman session after "/"
    if m or m2:
        g = m or m2
        assert g is not None
        parts = split_parts((g.groupdict().get("p1") or "") + (g.groupdict().get("p2") or ""))
        session = roman_to_int(g.group("r"))
        if parts is None or session is None:
            return None
        special = g.groupdict().get("sp") or ""
        if special:  # "3201 (S-VI)": a special session of the Roman-numeral era, GA only
            if base != "GA":
                return None
            return _make(
                base, bool(decision), f"{int(g.group('n'))}({special}{g.group('r')})", session, None, parts
            )
        return _roman_form(base, int(g.group("n")), g.group("r"), session, parts, decision)
    m = re.fullmatch(r"(?P<n>\d{1,4})\((?P<y>\d{4})\)", s)
    if m:
        return _sc(int(m.group("n")), int(m.group("y"))) if base == "SC" else None
    m = re.fullmatch(rf"(?P<a>\d{{1,4}})/(?P<n>\d{{1,4}}){_PARTS}?", s)
    if m:
        parts = split_parts(m.group("parts"))
        if parts is None:
            return None
        return _session_form(base, int(m.group("a")), int(m.group("n")), parts, decision)
    m = re.fullmatch(rf"(?P<sp>E?S)-(?P<a>\d{{1,2}})/(?P<n>\d{{1,4}}){_PARTS}?", s)
    if m:
        parts = split_parts(m.group("parts"))
        if parts is None or base not in ("GA", "HRC"):
            return None
        return _special(base, m.group("sp"), int(m.group("a")), int(m.group("n")), parts, decision)
    m = re.fullmatch(r"(\d{1,4})", s)
    if m and base == "SC" and 0 < int(s):
        return CitedSymbol(f"S/RES/{int(s)}", "sc-resolution", "SC", None, None)
    return None


def _is_decision(base: str, number: int, decision: bool | None) -> bool:
    if decision is not None:
        return decision
    return number >= DECISION_FROM.get(base, 10**9)


def _sc(number: int, year: int) -> CitedSymbol | None:
    if not (0 < number < 10000 and 1946 <= year <= 2100):
        return None
    return CitedSymbol(f"S/RES/{number}({year})", "sc-resolution", "SC", None, year)


def _prst(year: int, number: int) -> CitedSymbol | None:
    if not (1994 <= year <= 2100 and 0 < number < 1000):
        return None
    return CitedSymbol(f"S/PRST/{year}/{number}", "sc-presidential-statement", "SC", None, year)


# body -> (symbol prefix, doc_kind prefix) of the official resolution/decision series
_SERIES_PREFIX = {
    "GA": ("A", "ga"),
    "ECOSOC": ("E", "ecosoc"),
    "HRC": ("A/HRC", "hrc"),
    "CHR": ("E/CN.4", "commission"),
    "ESCAP": ("E/ESCAP", "commission"),
}


def _make(
    base: str, dec: bool, tail: str, session: int | None, year: int | None, parts: tuple[str, ...]
) -> CitedSymbol:
    word, noun = ("DEC", "decision") if dec else ("RES", "resolution")
    if base in _PROJECT_KEYED:
        if base == "UNEP-GC":
            kind = "unep-gc-decision"
        elif base in _PROJECT_BODIES:
            kind = f"commission-{noun}"
        else:
            kind = f"governing-body-{noun}"
        return CitedSymbol(f"{base}/{word}/{tail}", kind, base, session, year, parts)
    prefix, kind_prefix = _SERIES_PREFIX[base]
    return CitedSymbol(f"{prefix}/{word}/{tail}", f"{kind_prefix}-{noun}", base, session, year, parts)


def _roman_form(
    base: str, number: int, roman: str, session: int, parts: tuple[str, ...], decision: bool | None
) -> CitedSymbol | None:
    # Sessions were numbered in Roman numerals up to the GA's 30th and ECOSOC's 63rd.
    if number <= 0 or (base == "GA" and session > 30) or (base == "ECOSOC" and session > 70):
        return None
    if base not in ("GA", "ECOSOC", "ESCAP", *_PROJECT_BODIES):
        return None
    return _make(base, bool(decision), f"{number}({roman})", session, None, parts)


def _session_form(
    base: str, a: int, n: int, parts: tuple[str, ...], decision: bool | None
) -> CitedSymbol | None:
    if n <= 0 or a <= 0:
        return None
    is_year = 1946 <= a <= 2100
    dec = _is_decision(base, n, decision)
    if base == "UNEA":
        ok = a <= 50 and not dec
        return CitedSymbol(f"UNEP/EA.{a}/RES.{n}", "unea-resolution", "UNEA", a, None, parts) if ok else None
    valid = {"GA": 31 <= a <= 200, "ECOSOC": is_year, "HRC": a <= 200, "CHR": is_year, "ESCAP": a <= 200}
    if base in valid:
        return (
            _make(base, dec, f"{a}/{n}", None if is_year else a, a if is_year else None, parts)
            if valid[base]
            else None
        )
    if base in _PROJECT_BODIES and (base != "UNEP-GC" or a <= 50):
        dec = dec or base == "UNEP-GC"
        return _make(base, dec, f"{a}/{n}", None if is_year else a, a if is_year else None, parts)
    if base in _BOARDS and is_year:  # executive boards only take decisions
        return _make(base, True, f"{a}/{n}", None, a, parts)
    if base in _SESSION_BOARDS and a <= 50:
        return _make(base, bool(decision), f"{a}/{n}", a, None, parts)
    return None


def _special(
    base: str, kind: str, session: int, n: int, parts: tuple[str, ...], decision: bool | None
) -> CitedSymbol | None:
    if session <= 0 or n <= 0 or not (base == "GA" or (base == "HRC" and kind == "S")):
        return None
    return _make(base, bool(decision), f"{kind}-{session}/{n}", session, None, parts)


# ----------------------------------------------------------------------------- full symbols

# Series whose symbols have a fixed grammar: (pattern on the compact symbol, body, decision).
_SERIES: tuple[tuple[re.Pattern[str], str, bool | None], ...] = tuple(
    (re.compile(p, re.I), body, dec)
    for p, body, dec in (
        (r"A/RES/(?P<rest>.+)", "GA", False),
        (r"A/DEC/(?P<rest>.+)", "GA", True),
        (r"S/RES/(?P<rest>.+)", "SC", None),
        (r"S/PRST/(?P<rest>.+)", "SC-PRST", None),
        (r"E/RES/(?P<rest>.+)", "ECOSOC", False),
        (r"E/DEC/(?P<rest>.+)", "ECOSOC", True),
        (r"A/HRC/RES/(?P<rest>.+)", "HRC", False),
        (r"A/HRC/DEC/(?P<rest>.+)", "HRC", True),
        (r"UNEP/EA\.(?P<a>\d{1,2})/RES\.(?P<n>\d{1,3})", "UNEA", False),
        (r"E/ESCAP/RES/(?P<rest>.+)", "ESCAP", False),
        (r"E/CN\.4/RES/(?P<rest>.+)", "CHR", False),
        (r"E/CN\.4/DEC/(?P<rest>.+)", "CHR", True),
        *((rf"{b}/RES/(?P<rest>.+)", b, False) for b in _PROJECT_KEYED),
        *((rf"{b}/DEC/(?P<rest>.+)", b, True) for b in _PROJECT_KEYED),
    )
)
_COMPONENT_RE = re.compile(r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*")
# "(Sect. 2)" of a budget fascicle, "(Vol. I)" of a financial report, "(Part II)": part of the symbol.
_LABELS = {"SECT": "Sect.", "VOL": "Vol.", "PART": "Part"}
_GENERIC_RE = re.compile(
    r"(?P<base>[^()]+)"
    r"(?:\((?P<label>(?i:sect|vol|part))\.?(?P<sect>(?i:\d{1,3}[A-Z]?|[IVXLC]{1,7}))\)(?P<tail>(?:/[^()/]+)*))?"
)
_REPORT_RE = re.compile(
    r"(?:A/(?:HRC/)?\d{1,3}/\d{1,5}|A/AC\.\d+/\d{1,5}|E/\d{4}/\d{1,5}|E/(?:CN|AC)\.\d+/\d{4}/\d{1,5})(?=$|/| )"
)
_E_ORGANS = {"CN.6": "CSW", "CN.4": "CHR", "CN.7": "CND", "CN.15": "CCPCJ", "ESCAP": "ESCAP", "ECA": "ECA"}
_E_ORGANS |= {"ECE": "ECE", "ESCWA": "ESCWA", "ECLAC": "ECLAC", "CEPAL": "ECLAC"}
_E_ORGANS |= {"ICEF": "UNICEF-EB"}
_ROOT_ORGANS = {"S": "SC", "ST": "SECRETARIAT", "TD": "UNCTAD", "ECE": "ECE", "LC": "ECLAC"}
_ROOT_ORGANS |= {"UNW": "UN-WOMEN-EB", "DP": "UNDP-EB"}
_HSP_ORGANS = {"GC": "UN-HABITAT-GC", "EB": "UN-HABITAT-EB", "HA": "UN-HABITAT-ASSEMBLY"}


def parse_symbol(text: str, *, body_hint: str | None = None) -> CitedSymbol | None:
    """Parse a UN document symbol (or an undocs.org link) into its canonical form.

    Never raises. Full-width characters, stray spaces, lower case, a leading
    ``https://undocs.org/<lang>/`` and trailing punctuation are tolerated.

    Args:
        text: the printed symbol, e.g. "A/RES/70/1", "S/RES/1325 (2000)", "A/74/6 (Sect. 2)/Corr.1".
        body_hint: a body code (see `short_form`) used when `text` is a short form such as
            "70/262" or "1998/7"; without it only self-evident short forms ("1325 (2000)",
            "ES-10/17") are read.

    Returns:
        The parsed symbol, or None for an unknown or invalid form.

    Example:
        >>> parse_symbol("a/res/217 a (iii)")
        CitedSymbol(canonical='A/RES/217(III)', doc_kind='ga-resolution', organ='GA', session=3, year=None, parts=('A',))
        >>> parse_symbol("https://undocs.org/ch/S/RES/2282(2016)").canonical
        'S/RES/2282(2016)'
        >>> parse_symbol("1998/7", body_hint="ECOSOC").canonical
        'E/RES/1998/7'
    """
    if not isinstance(text, str) or len(text) > 300:
        return None
    s = fold(text)
    m = _URL_RE.match(s)
    if m:
        s = fold(unquote(m.group("sym") or m.group("query")).replace("+", " "))
    s = s.rstrip(".,;:。，；、 ")
    s = s.lstrip("(（[ ") if s.count("(") > s.count(")") or s.startswith("((") else s
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    while s.endswith(")") and s.count(")") > s.count("("):
        s = s[:-1].rstrip()
    compact = re.sub(r"\s+", "", s)
    if not compact:
        return None
    if "/" in compact and not re.fullmatch(r"E?S-\d+/.+", compact, re.I) and re.match(r"[A-Za-z]", compact):
        return _parse_full(compact.upper() if _is_resolution_series(compact) else compact)
    if body_hint:
        return short_form(s.upper(), body_hint)
    if re.fullmatch(r"\d{1,4}\(\d{4}\)", compact):
        return short_form(compact, "SC")
    if re.fullmatch(rf"E?S-\d{{1,2}}/\d{{1,4}}(?:{_PART_LIST})?", compact, re.I):
        return short_form(compact.upper(), "GA")
    return None


def _is_resolution_series(compact: str) -> bool:
    return any(pat.fullmatch(compact) for pat, _, _ in _SERIES)


def _parse_full(compact: str) -> CitedSymbol | None:
    for pat, body, dec in _SERIES:
        m = pat.fullmatch(compact)
        if m is None:
            continue
        rest = m.groupdict().get("rest") or f"{m.group('a')}/{m.group('n')}"
        if body == "SC-PRST":
            return short_form(rest, body)
        return short_form(rest, body, decision=dec)
    return _parse_generic(compact)


def _canonical_component(comp: str) -> str:
    m = re.fullmatch(r"([A-Za-z]+)\.(\d+)", comp)
    if m and m.group(1).upper() in _SUFFIX_WORDS:
        return f"{_SUFFIX_WORDS[m.group(1).upper()]}.{m.group(2)}"
    return comp.upper()


def _parse_generic(compact: str) -> CitedSymbol | None:
    m = _GENERIC_RE.fullmatch(compact)
    if m is None:
        return None
    base = m.group("base").split("/")
    tail = (m.group("tail") or "").split("/")[1:]
    comps = base + tail
    if len(base) < 2 or not all(_COMPONENT_RE.fullmatch(c) for c in comps):
        return None
    if base[0].upper() not in ROOTS or not any(ch.isdigit() for ch in compact):
        return None
    upper = [_canonical_component(c) for c in comps]
    root, second = upper[0], upper[1]
    # "S/2020" or "A/74" is a truncated symbol (the number was lost in a line break), not a document
    if len(comps) == 2 and root in ("A", "S", "E") and second.isdigit():
        return None
    canonical = "/".join(upper[: len(base)])
    if m.group("sect"):
        number = m.group("sect").upper()
        if number[0].isdigit():
            number = number.lstrip("0") or "0"
        label = _LABELS[m.group("label").upper()]
        canonical += f" ({label} {number})"
    canonical += "".join("/" + c for c in upper[len(base) :])
    organ: str | None
    if root == "A":
        organ = "HRC" if second == "HRC" else "GA"
    elif root == "E":
        organ = _E_ORGANS.get(second, "ECOSOC")
    elif root == "UNEP":
        organ = "UNEA" if second.startswith("EA.") else "UNEP"
    elif root == "HSP":
        organ = _HSP_ORGANS.get(second.split(".")[0])
    else:
        organ = _ROOT_ORGANS.get(root)
    session = year = None
    first_num = next((int(c) for c in upper[1:4] if c.isdigit()), None)
    if first_num is not None:
        if 1946 <= first_num <= 2100:
            year = first_num
        elif root == "A" and first_num <= 200 and len(comps) >= 3:
            session = first_num
    if root == "ST" and second == "SGB":
        kind = "bulletin"
    elif _REPORT_RE.match(canonical):
        kind = "report"
    else:
        kind = "document"
    return CitedSymbol(canonical, kind, organ, session, year)


def canonicalise(text: str) -> str | None:
    """Return the canonical form of a printed symbol, or None if it is not a valid UN symbol.

    Example:
        >>> canonicalise("A/74/6(sect.2)/corr.1")
        'A/74/6 (Sect. 2)/Corr.1'
        >>> canonicalise("UNEP/EA.4/Res.1"), canonicalise("S/RES/1325 (2000)")
        ('UNEP/EA.4/RES.1', 'S/RES/1325(2000)')
    """
    sym = parse_symbol(text)
    return sym.canonical if sym else None


def is_complete(symbol: CitedSymbol) -> bool:
    """False for an SC resolution read without its year (``S/RES/2532``): not a final key."""
    return not (symbol.doc_kind == "sc-resolution" and symbol.year is None)


def is_official(canonical: str) -> bool:
    """True if `canonical` is a real UN symbol with a page on undocs.org (not a project key).

    Example:
        >>> is_official("A/RES/70/1"), is_official("ECA/RES/748(XXVIII)"), is_official("S/RES/2532")
        (True, False, False)
    """
    root = canonical.split("/", 1)[0]
    return root not in _PROJECT_KEYED and not re.fullmatch(r"S/RES/\d+", canonical)


def undocs_url(canonical: str) -> str:
    """Return the public address of a document on undocs.org (Chinese version).

    Example:
        >>> undocs_url("A/74/6 (Sect. 2)/Corr.1")
        'https://undocs.org/zh/A/74/6%20(Sect.%202)/Corr.1'
    """
    return "https://undocs.org/zh/" + quote(canonical, safe="/().-")
