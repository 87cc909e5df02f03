"""Citations in running Chinese text: synthetic sentences for every form, corpus passages, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import DEFAULT_OPTIONS
from kg.extract.citations import extract_citations
from kg.ingest.normalise import normalise_text
from kg.model import Citation, Doc, Extracted
from kg.reference import default_resources
from tests.extract.cases import KindCase

RES = default_resources()

# golden case of kind `citation` (run by tests/test_registry.py, see tests/extract/cases.py)
KIND_CASES = [
    KindCase(
        "citations-text-and-joint-symbol",
        "citations",
        "回顾其第70/1号决议和安全理事会第1325(2000)号决议，以及A/72/707-S/2018/43号文件。",
        (
            {
                "kind": "citation",
                "key": "A/RES/70/1",
                "surface": "第70/1号决议",
                "body": "GA",
                "body_inferred": True,
                "via": "text",
            },
            {
                "kind": "citation",
                "key": "S/RES/1325(2000)",
                "surface": "安全理事会第1325(2000)号决议",
                "body": "SC",
                "body_inferred": False,
                "via": "text",
            },
            {"kind": "citation", "key": "A/72/707", "surface": "A/72/707", "via": "inline-symbol"},
            {"kind": "citation", "key": "S/2018/43", "surface": "S/2018/43", "via": "inline-symbol"},
        ),
    )
]


def _run(raw: str) -> Extracted[Citation]:
    return extract_citations(normalise_text(raw, "t"), DEFAULT_OPTIONS, RES)


def _keys(raw: str) -> list[tuple[str | None, str | None, bool]]:
    return [(c.key, c.body, c.body_inferred) for c in _run(raw).records]


# sentence -> [(key, body, body_inferred)] in text order
SENTENCES = [
    ("大会第 70/262 号决议授权。", [("A/RES/70/262", "GA", False)]),
    ("安全理事会第 2282 (2016)号决议授权。", [("S/RES/2282(2016)", "SC", False)]),
    ("关于妇女与和平与安全的第 1701 (2006)号决议。", [("S/RES/1701(2006)", "SC", True)]),
    ("第 71/314 号决议和 73/137 号决议。", [("A/RES/71/314", "GA", True), ("A/RES/73/137", "GA", True)]),
    (
        "大会第 72/271 号决议和第 73/137 号决议。",
        [("A/RES/72/271", "GA", False), ("A/RES/73/137", "GA", False)],
    ),
    ("大会第 72/262 C 号决议。", [("A/RES/72/262", "GA", False)]),
    ("大会第 64/244 A-C 号决议。", [("A/RES/64/244", "GA", False)]),
    ("大会第 52/12 A 和 B 号决议。", [("A/RES/52/12", "GA", False)]),
    ("大会第 217 A (III)号决议。", [("A/RES/217(III)", "GA", False)]),
    ("大会第 S-10/2 号决议。", [("A/RES/S-10/2", "GA", False)]),
    ("根据大会第 ES-10/17 号决议规定。", [("A/RES/ES-10/17", "GA", False)]),
    ("大会第 73/555 号决定。", [("A/DEC/73/555", "GA", False)]),
    ("大会第 70/1 号决议通过。", [("A/RES/70/1", "GA", False)]),
    ("经济及社会理事会第 1998/7 号决议。", [("E/RES/1998/7", "ECOSOC", False)]),
    ("经济及社会理事会在其第 2005/232 号决定中。", [("E/DEC/2005/232", "ECOSOC", False)]),
    (
        "分别为第 2006/38 号和第 2013/1 号决议。",
        [("E/RES/2006/38", "ECOSOC", True), ("E/RES/2013/1", "ECOSOC", True)],
    ),
    ("经社理事会第 76 (V)号决议。", [("E/RES/76(V)", "ECOSOC", False)]),
    (
        "经社理事会第 13(III)号决议和第 2001/321 号决定。",
        [("E/RES/13(III)", "ECOSOC", False), ("E/DEC/2001/321", "ECOSOC", False)],
    ),
    ("经济及社会理事会 1973 年 8 月 9 日第 1819/LV 号决议。", [("E/RES/1819(LV)", "ECOSOC", False)]),
    ("人权理事会第 35/1 号决议。", [("A/HRC/RES/35/1", "HRC", False)]),
    ("人权理事会在第 39/2 号决议中决定。", [("A/HRC/RES/39/2", "HRC", False)]),
    ("联合国环境大会第 4/1 号决议。", [("UNEP/EA.4/RES.1", "UNEA", False)]),
    ("亚太经社会第 73/9 号决议。", [("E/ESCAP/RES/73/9", "ESCAP", False)]),
    ("妇女地位委员会第 59/1 号决议。", [("CSW/RES/59/1", "CSW", False)]),
    ("安全理事会第 2019/7 号主席声明。", [("S/PRST/2019/7", "SC", False)]),
    ("主席声明(S/PRST/2019/7)。", [("S/PRST/2019/7", "SC", False)]),
    ("见文件 A/RES/72/262。", [("A/RES/72/262", "GA", False)]),
    ("报告(A/74/6 (Sect. 2)/Corr.1)。", [("A/74/6 (Sect. 2)/Corr.1", "GA", False)]),
    ("公报(ST/SGB/2019/8)。", [("ST/SGB/2019/8", "SECRETARIAT", False)]),
    # lists sharing one noun
    (
        "大会第 48/218 B、54/244 和 59/272 号决议。",
        [("A/RES/48/218", "GA", False), ("A/RES/54/244", "GA", False), ("A/RES/59/272", "GA", False)],
    ),
    ("(第 61/111 号和第 64/86 号决议)", [("A/RES/61/111", "GA", True), ("A/RES/64/86", "GA", True)]),
    (
        "第 45/179、46/152 和 46/185C 号等大会决议。",
        [("A/RES/45/179", "GA", False), ("A/RES/46/152", "GA", False), ("A/RES/46/185", "GA", False)],
    ),
    (
        "大会决议：关于设立国际法委员会的第 174(II)号、题为“需要”的第 3349(XXIX)号和关于报告的第 73/265 号决议。",
        [("A/RES/174(II)", "GA", True), ("A/RES/3349(XXIX)", "GA", True), ("A/RES/73/265", "GA", True)],
    ),
    (
        "大会第 70/262 号决议和安全理事会第 2282 (2016)号决议。",
        [("A/RES/70/262", "GA", False), ("S/RES/2282(2016)", "SC", False)],
    ),
    ("大会 2015 年 9 月 25 日第 70/1 号决议。", [("A/RES/70/1", "GA", False)]),
    ("安全理事会第 2532（2020）号决议。", [("S/RES/2532(2020)", "SC", False)]),
    ("安全理事会第 2282 (2016) 号决议。", [("S/RES/2282(2016)", "SC", False)]),
    ("安全理事\n会第 2282 (2016)号决议。", [("S/RES/2282(2016)", "SC", False)]),
    (
        "安理会第 2250(2015)号和第 2419(2018)号决议。",
        [("S/RES/2250(2015)", "SC", False), ("S/RES/2419(2018)", "SC", False)],
    ),
    ("人权理事会第 2/102 号决定。", [("A/HRC/DEC/2/102", "HRC", False)]),
    ("经社理事会 2019/15 号决议。", [("E/RES/2019/15", "ECOSOC", False)]),
    ("第 1514(XV)号决议。", [("A/RES/1514(XV)", "GA", True)]),
    ("第 1296(XLIV)号决议。", [("E/RES/1296(XLIV)", "ECOSOC", True)]),
    ("第 70/\n262 号决议。", [("A/RES/70/262", "GA", True)]),
    (
        "见 S/RES/1325 (2000)和 A/HRC/RES/S-29/1。",
        [("S/RES/1325(2000)", "SC", False), ("A/HRC/RES/S-29/1", "HRC", False)],
    ),
    # PDF spacing beside slashes, joint symbols, continued suffixes, volume labels, asides
    ("见 A/ 74/ 223 号文件。", [("A/74/223", "GA", False)]),
    ("见 S/2020/ 123。", [("S/2020/123", "SC", False)]),
    ("大会通过的 A/RES/ 75/1 宣言。", [("A/RES/75/1", "GA", False)]),
    ("报告(A/72/707-S/2018/43)。", [("A/72/707", "GA", False), ("S/2018/43", "SC", False)]),
    ("报告(A/72/707S/2018/43)。", [("A/72/707", "GA", False), ("S/2018/43", "SC", False)]),
    ("报告(A/72/707 – S/2018/43)。", [("A/72/707", "GA", False), ("S/2018/43", "SC", False)]),
    ("决议草案(A/73/L.1S/2018/1)。", [("A/73/L.1", "GA", False), ("S/2018/1", "SC", False)]),
    (
        "拟议方案预算(A/74/6 (Sect. 2) 和 Corr.1)。",
        [("A/74/6 (Sect. 2)", "GA", False), ("A/74/6 (Sect. 2)/Corr.1", "GA", False)],
    ),
    ("财务报告(A/74/5 (Vol. I))。", [("A/74/5 (Vol. I)", "GA", False)]),
    ("见 A/RES/70/1 (2015)。", [("A/RES/70/1", "GA", False)]),
    ("妇女署执行局文件 UNW/2019/5。", [("UNW/2019/5", "UN-WOMEN-EB", False)]),
    ("联大第 70/1 号决议。", [("A/RES/70/1", "GA", False)]),
    (
        "各款预算(A/74/6 (Sect. 3)、(Sect. 4) 和 (Sect. 29A))。",
        [
            ("A/74/6 (Sect. 3)", "GA", False),
            ("A/74/6 (Sect. 4)", "GA", False),
            ("A/74/6 (Sect. 29A)", "GA", False),
        ],
    ),
    # a plain number is an SC resolution; its year comes from another mention in the document
    (
        "安全理事会第 242 (1967)号决议。关于中东的第 242 号决议。",
        [("S/RES/242(1967)", "SC", False), ("S/RES/242(1967)", "SC", True)],
    ),
    # Official Records: session N, Supplement No. M is A/N/M ("6A" is its first addendum)
    ("《大会正式记录，第七十四届会议，补编第 16 号》。", [("A/74/16", "GA", False)]),
    ("《大会正式纪录，第七十四届会议，补编第 16 号(A/74/16)。", [("A/74/16", "GA", False)]),
    ("见《大会正式记录，第七十二届会议，补编第 6A 号》(A/72/6/Add.1)。", [("A/72/6/Add.1", "GA", False)]),
    # an SC resolution's year is the year of the adoption date printed before it
    ("安全理事会 2018 年 5 月 24 日第 2417 号决议。", [("S/RES/2417(2018)", "SC", False)]),
    # "<body>关于/题为 … 的第": the body before the topic issued it, not one named in the topic
    ("大会关于加强经济及社会理事会的第 61/16 号决议。", [("A/RES/61/16", "GA", False)]),
    ("人权理事会题为“和平权利”的第 32/28 号决议。", [("A/HRC/RES/32/28", "HRC", False)]),
    ("人权理事会通过了关于缅甸人权状况的第 39/2 号决议。", [("A/HRC/RES/39/2", "HRC", False)]),
    # a generic "理事会"/"执行局": the body named in full before it, or the entity's own board
    ("人权理事会举行了会议，理事会第 26/2 号决议要求。", [("A/HRC/RES/26/2", "HRC", True)]),
    ("人居署将提供支持(理事会第 26/2 号决议)。", [("UN-HABITAT-GC/RES/26/2", "UN-HABITAT-GC", True)]),
    ("妇女署将加强工作(执行局第 2017/5 号决定)。", [("UN-WOMEN-EB/DEC/2017/5", "UN-WOMEN-EB", True)]),
    ("人居大会第 1/1 号决议。", [("UN-HABITAT-ASSEMBLY/RES/1/1", "UN-HABITAT-ASSEMBLY", False)]),
    ("开发署/人口基金/项目署执行局第 2018/4 号决定。", [("UNDP-EB/DEC/2018/4", "UNDP-EB", False)]),
    # the governing body of the sentence
    (
        "经济及社会理事会相关决议所确立的优先事项,包括设立亚太经社会的第37(IV)号决议。",
        [("E/RES/37(IV)", "ECOSOC", True)],
    ),
    ("根据包括第 61/16 号决议在内的大会各项相关决议。", [("A/RES/61/16", "GA", True)]),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s for s, _ in SENTENCES])
def test_citations_every_form(sentence: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _keys(sentence) == expected


def test_citations_parts_and_printed_surface() -> None:
    (c,) = _run("本报告根据大会第 72/262 C 号决议提交。").records
    assert c.printed == "大会第 72/262 C 号决议" and c.symbol is not None and c.symbol.parts == ("C",)
    assert c.resolved and c.via == "text"
    (c,) = _run("大会第 64/244 A-C 号决议。").records
    assert c.symbol is not None and c.symbol.parts == ("A", "B", "C")


def test_citations_broken_across_line_break() -> None:
    # 003 ¶ 28.4-style break between the number and "号决议" (a block may end there); "大会在其关于
    # … 的" prints the issuer of both resolutions
    assert _keys(
        "目标。此外，大会在其关于加强全球道路安全的第 72/271 号决议和第 73/137\n号决议中，欢迎。"
    ) == [
        ("A/RES/72/271", "GA", False),
        ("A/RES/73/137", "GA", False),
    ]
    assert _keys("最近通过经社理事会第2015/30号决议和亚太经社会第73/\n\n1号决议,与") == [
        ("E/RES/2015/30", "ECOSOC", False),
        ("E/ESCAP/RES/73/1", "ESCAP", False),
    ]


def test_citations_year_less_sc_resolved_from_document() -> None:
    out = _run("安理会第2532号决议呼吁停火。\n\n安全理事会第 2532 (2020)号决议。")
    assert [(c.key, c.resolved) for c in out.records] == [
        ("S/RES/2532(2020)", True),
        ("S/RES/2532(2020)", True),
    ]
    assert out.issues == ()


def test_citations_plain_number_without_body_is_an_unresolved_sc_resolution() -> None:
    out = _run("关于巴勒斯坦问题的第 242 号决议。第 7 号决定。")
    assert [(c.key, c.body, c.body_inferred, c.resolved) for c in out.records] == [(None, "SC", True, False)]
    assert [i.code for i in out.issues] == ["citation-unresolved"]


def test_citations_year_less_sc_unresolved_is_reported() -> None:
    out = _run("安理会第2532号决议呼吁全球停火。")
    (c,) = out.records
    assert (c.key, c.body, c.resolved, c.printed) == (None, "SC", False, "安理会第2532号决议")
    (issue,) = out.issues
    assert (
        issue.code == "citation-unresolved" and issue.severity == "warning" and issue.span == c.evidence.span
    )


def test_citations_unknown_body_is_reported() -> None:
    # "理事会" alone, with no body or entity named before it in the paragraph, names no body
    out = _run("面临移民大规模涌入所造成挑战的会员国(理事会第 26/2 号决议)。")
    (c,) = out.records
    assert (c.key, c.resolved) == (None, False)
    assert [i.code for i in out.issues] == ["citation-body-unknown"]


def test_citations_not_citations() -> None:
    assert _keys("见第 6 和 7 段。补编第 16 号。2019 年 1 月。") == []
    assert _keys("A/75/1\n\n大会\n正式记录\n第七十五届会议\n补编第1号\n") == []  # a masthead
    assert _keys("大会第七十四届会议审议了人权理事会第四十三届会议的报告。") == []
    assert _keys("见 S/2020 年的报告和 A/74 号。") == []  # a symbol cut short is no document
    assert _keys("缔约方大会第 1/CP.21 号决定。") == []
    assert _keys("第 2 号一般性意见，第 2532 号决议草案。") == []


def test_citations_link_deduplicated_against_text_citation() -> None:
    raw = "按照大会第 70/262 号决议和安全理事会第 2282 (2016)号决议的授权振兴\n\nhttps://undocs.org/ch/A/RES/70/262\nhttps://undocs.org/ch/S/RES/2282(2016)\n 该办公室。"
    out = _run(raw)
    assert [(c.key, c.via) for c in out.records] == [("A/RES/70/262", "text"), ("S/RES/2282(2016)", "text")]


def test_citations_link_dropping_part_letter_is_deduplicated() -> None:
    raw = (
        "本报告根据大会第 72/262 C 号决议提交。"
        + "改革的执行情况。" * 80
        + "\nhttps://undocs.org/ch/A/RES/72/262\n 两个部门。"
    )
    assert [(c.key, c.via) for c in _run(raw).records] == [("A/RES/72/262", "text")]


def test_citations_link_alone_becomes_a_record() -> None:
    doc = normalise_text("两个部门之间的协调\nhttps://undocs.org/ch/S/PRST/2019/7\n 得到加强。", "t")
    (c,) = extract_citations(doc, DEFAULT_OPTIONS, RES).records
    assert (c.key, c.via, c.printed) == ("S/PRST/2019/7", "link", "https://undocs.org/ch/S/PRST/2019/7")
    assert c.evidence.span.end - c.evidence.span.start == 1
    rs = doc.raw_starts[c.evidence.span.start]
    assert abs(rs - doc.raw.index("https")) <= 2


@pytest.mark.parametrize(
    "url",
    [
        "https://docs.un.org/zh/A/RES/75/1",
        "http://www.un.org/en/ga/search/view_doc.asp?symbol=A/RES/75/1&Lang=C",
    ],
)
def test_citations_document_links_other_than_undocs(url: str) -> None:
    doc = normalise_text(f"两个部门之间的协调\n{url}\n 得到加强。", "t")
    assert [(c.key, c.via, c.printed) for c in extract_citations(doc, DEFAULT_OPTIONS, RES).records] == [
        ("A/RES/75/1", "link", url)
    ]
    doc = normalise_text("改革\nhttps://reform.un.org/\n 议程。", "t")
    assert extract_citations(doc, DEFAULT_OPTIONS, RES).records == ()


def test_citations_inline_symbol_after_text_citation_is_one_record() -> None:
    assert _keys("大会第 72/262 号决议(A/RES/72/262)。") == [("A/RES/72/262", "GA", False)]


# ----------------------------------------------------------------------------- sample corpus


def test_citations_peace_report(peace_report: Doc) -> None:
    out = extract_citations(peace_report, DEFAULT_OPTIONS, RES)
    got = [(c.key, c.via) for c in out.records]
    # read by hand: summary and ¶ 1 cite 72/262 C; footnote "* A/75/150"; ¶ 11 cites 70/262 and
    # 2282 (2016); ¶ 21 the PRST; ¶ 46 the police report. All five undocs.org links duplicate these.
    assert got == [
        ("A/RES/72/262", "text"),
        ("A/75/150", "footnote"),
        ("A/RES/72/262", "text"),
        ("A/RES/70/262", "text"),
        ("S/RES/2282(2016)", "text"),
        ("S/PRST/2019/7", "inline-symbol"),
        ("A/74/223", "inline-symbol"),
    ]
    assert out.issues == ()
    for c in out.records:
        assert peace_report.text[c.evidence.span.start : c.evidence.span.end] == c.printed


def test_citations_annual_report(annual_report: Doc) -> None:
    got = [
        (c.key, c.body, c.body_inferred)
        for c in extract_citations(annual_report, DEFAULT_OPTIONS, RES).records
    ]
    assert got == [
        ("S/RES/1325(2000)", "SC", True),  # "关于妇女与和平与安全的第 1325(2000)号决议"
        ("S/RES/2457(2019)", "SC", False),
        ("S/RES/2396(2017)", "SC", False),
        ("ST/SGB/2019/8", "SECRETARIAT", False),
    ]


def test_citations_programme_plan_passages(programme_plan: Doc) -> None:
    recs = extract_citations(programme_plan, DEFAULT_OPTIONS, RES).records
    keys = {c.key for c in recs}
    # ¶ 5.2-5.3 (外空厅), ¶ 19.1 (西亚经社会), ¶ 16.1 (亚太经社会), ¶ 6.85, ¶ 27.11, CSW table
    for key in (
        "A/RES/1472(XIV)",
        "A/RES/73/91",
        "A/RES/2601(XXIV)",
        "A/RES/ES-10/17",
        "S/RES/307(1971)",
        "E/RES/1818(LV)",
        "E/RES/1985/69",
        "E/RES/37(IV)",
        "E/ESCAP/RES/73/1",
        "A/HRC/RES/39/2",
        "E/DEC/2001/321",
        "E/DEC/2019/209",
        "CSW/RES/40/9",
        "UN-HABITAT-GC/RES/26/2",  # ¶ 12.18 "(理事会第 26/2 号决议)" in the UN-Habitat programme
        "A/74/6 (Sect. 29A)",
        "S/PRST/2015/23",
        "E/AC.51/2018/8",
    ):
        assert key in keys, key
    assert not any(
        k and k.startswith("A/RES/") and "/20" in k[6:9] for k in keys
    )  # no year read as a GA session
    for c in recs:
        assert programme_plan.text[c.evidence.span.start : c.evidence.span.end] == c.printed


# ----------------------------------------------------------------------------- properties

_TOKENS = list("第号决议定大会安理会经社理事和、，。ABC()/- \n0123456789IVX") + [
    "安全理事会",
    "S/RES/",
    "A/RES/",
    "https://undocs.org/ch/",
]
_TEXT = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


@settings(max_examples=300)
@given(_TEXT)
def test_citations_total_and_spans_hold(raw: str) -> None:
    doc = normalise_text(raw, "p")
    out = extract_citations(doc, DEFAULT_OPTIONS, RES)
    for c in out.records:
        s = c.evidence.span
        assert 0 <= s.start < s.end <= len(doc.text)
        if c.via != "link":
            assert doc.text[s.start : s.end] == c.printed
        assert c.resolved == (c.key is not None)


# ----------------------------------------------------------------------------- RDF mapping


def test_citations_map_to_one_work_per_key() -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.rdf import mint
    from kg.rdf.mapping import MappingContext, to_triples
    from kg.rdf.vocab import KG

    doc = normalise_text("安全理事会第 2282 (2016)号决议和第 2282(2016)号决议。安理会第9999号决议。", "t")
    out = extract_citations(doc, DEFAULT_OPTIONS, RES)
    g = Graph()
    ctx = MappingContext(doc, mint.run("test"), records=out.records)
    for rec in out.records:
        for t in to_triples(rec, ctx):
            g.add(t)
    work = mint.work("S/RES/2282(2016)")
    assert (work, RDF.type, KG.Resolution) in g
    assert (work, KG.symbol, Literal("S/RES/2282(2016)")) in g
    assert (work, KG.issuingOrgan, mint.concept("body", "SC")) in g
    assert (work, KG.year, Literal(2016)) in g
    assert (work, RDFS.seeAlso, URIRef("https://undocs.org/zh/S/RES/2282(2016)")) in g
    assert (mint.document("t"), KG.cites, work) in g
    assert len(set(g.subjects(KG.symbol, None))) == 1  # both printed forms land on one node
    assert set(g.objects(work, KG.printedAs)) == {
        Literal("安全理事会第 2282 (2016)号决议"),
        Literal("第 2282(2016)号决议"),
    }
    unresolved = list(g.subjects(RDF.type, KG.UnresolvedReference))
    assert len(unresolved) == 1 and (unresolved[0], KG.symbol, None) not in g


def test_citations_masthead_symbol_is_not_a_citation() -> None:
    raw = "A/76/1\n\n大会\n正式记录\n第七十六届会议\n补编第1号\n\n秘书长关于联合国工作的报告\n\n1. 正文引用 A/76/1 报告。"
    assert [c.key for c in _run(raw).records] == ["A/76/1"]
    assert (
        extract_citations(normalise_text(raw, "t"), DEFAULT_OPTIONS, RES).records[0].evidence.span.start > 6
    )
