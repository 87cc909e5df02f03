"""UN document symbols: every form of issue 4, canonical round-trips and totality (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.symbols import (
    BODIES,
    DOC_KINDS,
    canonicalise,
    is_complete,
    is_official,
    parse_symbol,
    short_form,
    split_parts,
    undocs_url,
)

# printed form -> (canonical, doc_kind, organ, session, year, parts)
FULL_SYMBOLS = [
    ("A/RES/70/1", ("A/RES/70/1", "ga-resolution", "GA", 70, None, ())),
    ("A/RES/217 (III)", ("A/RES/217(III)", "ga-resolution", "GA", 3, None, ())),
    ("A/RES/217 A (III)", ("A/RES/217(III)", "ga-resolution", "GA", 3, None, ("A",))),
    ("A/RES/S-10/2", ("A/RES/S-10/2", "ga-resolution", "GA", 10, None, ())),
    ("A/RES/ES-10/15", ("A/RES/ES-10/15", "ga-resolution", "GA", 10, None, ())),
    ("A/RES/3201 (S-VI)", ("A/RES/3201(S-VI)", "ga-resolution", "GA", 6, None, ())),
    ("A/RES/997 (ES–I)", ("A/RES/997(ES-I)", "ga-resolution", "GA", 1, None, ())),
    ("A/RES/72/262 C", ("A/RES/72/262", "ga-resolution", "GA", 72, None, ("C",))),
    ("A/DEC/73/555", ("A/DEC/73/555", "ga-decision", "GA", 73, None, ())),
    ("S/RES/1325(2000)", ("S/RES/1325(2000)", "sc-resolution", "SC", None, 2000, ())),
    ("S/RES/1325 (2000)", ("S/RES/1325(2000)", "sc-resolution", "SC", None, 2000, ())),
    ("S/PRST/2019/7", ("S/PRST/2019/7", "sc-presidential-statement", "SC", None, 2019, ())),
    ("E/RES/1998/7", ("E/RES/1998/7", "ecosoc-resolution", "ECOSOC", None, 1998, ())),
    ("E/DEC/2005/232", ("E/DEC/2005/232", "ecosoc-decision", "ECOSOC", None, 2005, ())),
    ("E/RES/76 (V)", ("E/RES/76(V)", "ecosoc-resolution", "ECOSOC", 5, None, ())),
    ("A/HRC/RES/35/1", ("A/HRC/RES/35/1", "hrc-resolution", "HRC", 35, None, ())),
    ("A/HRC/DEC/24/118", ("A/HRC/DEC/24/118", "hrc-decision", "HRC", 24, None, ())),
    ("UNEP/EA.4/Res.1", ("UNEP/EA.4/RES.1", "unea-resolution", "UNEA", 4, None, ())),
    ("E/ESCAP/RES/73/1", ("E/ESCAP/RES/73/1", "commission-resolution", "ESCAP", 73, None, ())),
    ("ST/SGB/2019/8", ("ST/SGB/2019/8", "bulletin", "SECRETARIAT", None, 2019, ())),
    ("A/74/6 (Sect. 2)/Corr.1", ("A/74/6 (Sect. 2)/Corr.1", "report", "GA", 74, None, ())),
    ("A/74/6(Sect.29A)", ("A/74/6 (Sect. 29A)", "report", "GA", 74, None, ())),
    ("A/75/1/Add.1", ("A/75/1/Add.1", "report", "GA", 75, None, ())),
    ("A/52/3/Rev.1", ("A/52/3/Rev.1", "report", "GA", 52, None, ())),
    ("A/AC.105/1179", ("A/AC.105/1179", "report", "GA", None, None, ())),
    ("A/HRC/39/2/Add.1", ("A/HRC/39/2/Add.1", "report", "HRC", 39, None, ())),
    ("E/CN.6/2019/1", ("E/CN.6/2019/1", "report", "CSW", None, 2019, ())),
    ("E/AC.51/2018/8", ("E/AC.51/2018/8", "report", "ECOSOC", None, 2018, ())),
    ("A/C.5/73/L.1", ("A/C.5/73/L.1", "document", "GA", 73, None, ())),
    ("S/2019/123", ("S/2019/123", "document", "SC", None, 2019, ())),
    ("A/74/5 (Vol. I)", ("A/74/5 (Vol. I)", "report", "GA", 74, None, ())),
    ("A/74/6(part ii)", ("A/74/6 (Part II)", "report", "GA", 74, None, ())),
    ("UNW/2019/5", ("UNW/2019/5", "document", "UN-WOMEN-EB", None, 2019, ())),
    ("DP/FPA/2019/1", ("DP/FPA/2019/1", "document", "UNDP-EB", None, 2019, ())),
    ("E/ICEF/2019/5", ("E/ICEF/2019/5", "document", "UNICEF-EB", None, 2019, ())),
    ("HSP/GC/26/2", ("HSP/GC/26/2", "document", "UN-HABITAT-GC", None, None, ())),
    (
        "UN-WOMEN-EB/DEC/2011/4",
        ("UN-WOMEN-EB/DEC/2011/4", "governing-body-decision", "UN-WOMEN-EB", None, 2011, ()),
    ),
    (
        "UN-HABITAT-GC/RES/26/2",
        ("UN-HABITAT-GC/RES/26/2", "governing-body-resolution", "UN-HABITAT-GC", 26, None, ()),
    ),
]


@pytest.mark.parametrize(("printed", "expected"), FULL_SYMBOLS, ids=[p for p, _ in FULL_SYMBOLS])
def test_symbols_parse_every_series(printed: str, expected: tuple[object, ...]) -> None:
    sym = parse_symbol(printed)
    assert sym is not None
    assert (sym.canonical, sym.doc_kind, sym.organ, sym.session, sym.year, sym.parts) == expected
    assert sym.doc_kind in DOC_KINDS and (sym.organ is None or sym.organ in BODIES)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Ａ／ＲＥＳ／７０／１", "A/RES/70/1"),  # full-width forms
        ("a/res/70/1", "A/RES/70/1"),
        (" A/74/6 ( Sect. 2 ) / Corr.1 ", "A/74/6 (Sect. 2)/Corr.1"),
        ("https://undocs.org/ch/S/RES/2282(2016)", "S/RES/2282(2016)"),
        ("https://undocs.org/zh/A/74/6%20(Sect.%202)", "A/74/6 (Sect. 2)"),
        ("undocs.org/A/RES/72/262", "A/RES/72/262"),
        ("A/75/150。", "A/75/150"),
        ("(S/PRST/2019/7)", "S/PRST/2019/7"),
        ("A/RES/S–10/2", "A/RES/S-10/2"),  # en dash
        ("A/ 74/ 223", "A/74/223"),  # PDF spacing beside slashes
        ("https://docs.un.org/zh/A/RES/75/1", "A/RES/75/1"),
        ("http://www.un.org/en/ga/search/view_doc.asp?symbol=S/RES/2282(2016)&Lang=C", "S/RES/2282(2016)"),
        ("https://documents.un.org/symbol-explorer?s=A/RES/70/1", "A/RES/70/1"),
    ],
)
def test_symbols_tolerate_print_variants(printed: str, canonical: str) -> None:
    assert canonicalise(printed) == canonical


@pytest.mark.parametrize(
    "printed",
    [
        "",
        "IED/20/001",
        "A/",
        "A/RES/1/1",
        "A/RES/2005/1",
        "S/RES/12(1900)",
        "S/PRST/1980/1",
        "70/262",
        "hello",
        "A/RES/217(IIII)",
        "A/B",
        "S/2020",  # a year with its number lost in a line break
        "A/74",
        "UN-WOMEN-EB/DEC/11/4",  # board decisions are numbered by year
        "https://reform.un.org/",
    ],
)
def test_symbols_reject_unknown_or_invalid_forms(printed: str) -> None:
    assert parse_symbol(printed) is None


@pytest.mark.parametrize(
    ("number", "body", "canonical", "parts"),
    [
        ("70/262", "GA", "A/RES/70/262", ()),
        ("72/262 C", "GA", "A/RES/72/262", ("C",)),
        ("64/244 A-C", "GA", "A/RES/64/244", ("A", "B", "C")),
        ("52/12 A 和 B", "GA", "A/RES/52/12", ("A", "B")),
        ("217 A (III)", "GA", "A/RES/217(III)", ("A",)),
        ("ES-10/17", "GA", "A/RES/ES-10/17", ()),
        ("3201 (S-VI)", "GA", "A/RES/3201(S-VI)", ()),
        ("3362 A (S-VII)", "GA", "A/RES/3362(S-VII)", ("A",)),
        ("1235 (XLII)", "ECOSOC", "E/RES/1235(XLII)", ()),
        ("2004 (LX)", "ECOSOC", "E/RES/2004(LX)", ()),
        ("73/555", "GA", "A/DEC/73/555", ()),  # GA decisions are numbered from 401
        ("1325 (2000)", "SC", "S/RES/1325(2000)", ()),
        ("2532", "SC", "S/RES/2532", ()),
        ("2019/7", "SC-PRST", "S/PRST/2019/7", ()),
        ("1998/7", "ECOSOC", "E/RES/1998/7", ()),
        ("2005/232", "ECOSOC", "E/DEC/2005/232", ()),
        ("1998/7", "ECOSOC-DEC", "E/DEC/1998/7", ()),
        ("76 (V)", "ECOSOC", "E/RES/76(V)", ()),
        ("1819/LV", "ECOSOC", "E/RES/1819(LV)", ()),
        ("671(XXV) A", "ECOSOC", "E/RES/671(XXV)", ("A",)),
        ("39/2", "HRC", "A/HRC/RES/39/2", ()),
        ("24/118", "HRC", "A/HRC/DEC/24/118", ()),
        ("S-29/1", "HRC", "A/HRC/RES/S-29/1", ()),
        ("3/9", "UNEA", "UNEP/EA.3/RES.9", ()),
        ("27/2", "UNEP-GC", "UNEP-GC/DEC/27/2", ()),
        ("40/9", "CSW", "CSW/RES/40/9", ()),
        ("748 (XXVIII)", "ECA", "ECA/RES/748(XXVIII)", ()),
        ("650(XXXIII)", "ECLAC", "ECLAC/RES/650(XXXIII)", ()),
        ("73/9", "ESCAP", "E/ESCAP/RES/73/9", ()),
        ("2005/69", "CHR", "E/CN.4/RES/2005/69", ()),
        ("2011/4", "UN-WOMEN-EB", "UN-WOMEN-EB/DEC/2011/4", ()),
        ("2018/4", "UNDP-EB", "UNDP-EB/DEC/2018/4", ()),
        ("26/2", "UN-HABITAT-GC", "UN-HABITAT-GC/RES/26/2", ()),
        ("1/3", "UN-HABITAT-ASSEMBLY", "UN-HABITAT-ASSEMBLY/RES/1/3", ()),
        ("74/555", "GA-DEC", "A/DEC/74/555", ()),
        ("2200 A (XXI)", "GA", "A/RES/2200(XXI)", ("A",)),
    ],
)
def test_symbols_short_forms_by_body(number: str, body: str, canonical: str, parts: tuple[str, ...]) -> None:
    sym = short_form(number, body)
    assert sym is not None and (sym.canonical, sym.parts) == (canonical, parts)
    assert parse_symbol(canonical) is not None and canonicalise(canonical) == canonical


@pytest.mark.parametrize(
    ("number", "body"),
    [
        ("70/262", "SC"),
        ("2015/30", "GA"),
        ("12/3", "GA"),
        ("13 (XL)", "GA"),
        ("1325 (2000)", "GA"),
        ("1/1", "EB"),
        ("5/1", "UNEA-DEC"),
        ("26/2", "UNDP-EB"),
        ("2019/1", "UN-HABITAT-GC"),
    ],
)
def test_symbols_short_form_invalid_for_body(number: str, body: str) -> None:
    assert short_form(number, body) is None


def test_symbols_parts_expand_and_validate() -> None:
    assert split_parts("A-C") == ("A", "B", "C")
    assert split_parts("A 和 B") == ("A", "B")
    assert split_parts("A、B 和 D") == ("A", "B", "D")
    assert split_parts("C-A") is None and split_parts("AB") is None


def test_symbols_year_less_sc_resolution_is_incomplete() -> None:
    sym = parse_symbol("S/RES/2532")
    assert sym is not None and not is_complete(sym) and not is_official(sym.canonical)
    full = parse_symbol("S/RES/2532(2020)")
    assert full is not None and is_complete(full) and is_official(full.canonical)


def test_symbols_undocs_url_and_project_keys() -> None:
    assert undocs_url("A/RES/70/1") == "https://undocs.org/zh/A/RES/70/1"
    assert undocs_url("S/RES/1325(2000)") == "https://undocs.org/zh/S/RES/1325(2000)"
    assert not is_official("CSW/RES/40/9") and not is_official("UNEP-GC/DEC/27/2")


# ----------------------------------------------------------------------------- properties

_SYMBOLISH = st.text(alphabet="ARESPTDCHUNVXIL0123456789/().-  ", max_size=30)
_ANY = st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=60)


@settings(max_examples=400)
@given(st.one_of(_SYMBOLISH, _ANY))
def test_symbols_parser_is_total(text: str) -> None:
    parse_symbol(text)
    canonicalise(text)
    for body in ("GA", "SC", "ECOSOC-DEC", "HRC", "UNEA", "ECA", "nonsense"):
        parse_symbol(text, body_hint=body)


@settings(max_examples=400)
@given(st.one_of(_SYMBOLISH, _ANY))
def test_symbols_canonicalise_is_idempotent(text: str) -> None:
    once = canonicalise(text)
    if once is not None:
        assert canonicalise(once) == once


def _canonical_strings() -> st.SearchStrategy[str]:
    n = st.integers(1, 400)
    session = st.integers(31, 80)
    year = st.integers(1946, 2030)
    roman = st.sampled_from(["I", "II", "III", "IV", "IX", "XIV", "XXI", "XXIX", "XXX"])
    return st.one_of(
        st.builds("A/RES/{}/{}".format, session, n),
        st.builds("A/RES/{}({})".format, n, roman),
        st.builds("A/RES/ES-{}/{}".format, st.integers(1, 11), n),
        st.builds("S/RES/{}({})".format, st.integers(1, 2600), year),
        st.builds("S/PRST/{}/{}".format, st.integers(1994, 2030), st.integers(1, 60)),
        st.builds("E/RES/{}/{}".format, year, st.integers(1, 80)),
        st.builds("E/DEC/{}/{}".format, year, st.integers(201, 400)),
        st.builds("A/HRC/RES/{}/{}".format, st.integers(1, 60), st.integers(1, 99)),
        st.builds("UNEP/EA.{}/RES.{}".format, st.integers(1, 7), st.integers(1, 30)),
        st.builds("A/{}/{} (Sect. {})/Corr.{}".format, session, n, st.integers(1, 36), st.integers(1, 3)),
        st.builds("A/{}/{}/Add.{}".format, session, n, st.integers(1, 9)),
        st.builds("ST/SGB/{}/{}".format, year, st.integers(1, 20)),
    )


@given(_canonical_strings())
def test_symbols_canonical_round_trips(canonical: str) -> None:
    sym = parse_symbol(canonical)
    assert sym is not None and sym.canonical == canonical
    assert canonicalise(canonical.lower().replace("/", " / ")) == canonical


def test_symbols_roman_special_session_is_general_assembly_only() -> None:
    # "(S-VI)" numbers a General Assembly special session; no other body printed its sessions so
    assert short_form("3201 (S-VI)", "ECOSOC") is None
    assert parse_symbol("E/RES/3201(S-VI)") is None
    assert short_form("1235 (XLII)", "GA") is None  # GA sessions were Roman only up to XXX
