"""Mandate tables: one synthetic table per layout quirk (kg/extract/mandates.py)."""

from __future__ import annotations

import pytest

from kg.extract.mandates import cell_kind, read_mandate_section
from kg.ingest.normalise import normalise_text
from kg.model import Doc, Issue, Mandate
from kg.reference import default_resources

SESSIONS = default_resources().sessions
BODIES = default_resources().bodies


def _read(
    text: str, programme: int = 9, component: str | None = None
) -> tuple[Doc, list[Mandate], list[Issue]]:
    doc = normalise_text(text, doc_id="synthetic")
    blocks = [(b.kind, b.span) for b in doc.blocks]
    mandates, issues = read_mandate_section(doc, blocks, programme, component, None, SESSIONS, BODIES)
    return doc, mandates, issues


def _keys(mandates: list[Mandate]) -> list[str | None]:
    return [m.key for m in mandates]


def test_mandates_two_resolutions_per_row() -> None:
    _, ms, _ = _read("大会决议\n\n71/328\t使用多种语文\t73/270\t会议时地分配办法\n72/313\t振兴大会工作\t\t\n")
    assert _keys(ms) == ["A/RES/71/328", "A/RES/73/270", "A/RES/72/313"]
    assert [m.title for m in ms] == ["使用多种语文", "会议时地分配办法", "振兴大会工作"]
    assert {(m.body, m.mandate_kind, m.programme) for m in ms} == {("GA", "resolution", 9)}


def test_mandates_title_continues_on_next_line() -> None:
    _, ms, _ = _read(
        "大会决议\n\n61/276\t联合国维持和平行动经费筹措的\t70/1\t变革我们的世界\n\t行政和预算问题\t\t\n"
    )
    assert ms[0].title == "联合国维持和平行动经费筹措的行政和预算问题"
    assert ms[1].title == "变革我们的世界"


def test_mandates_symbol_list_shares_one_title_across_lines() -> None:
    text = "大会决议\n\n58/268; 59/275;\t方案规划\t64/244 A-C\t2010-2011 两年期方案预算\n60/257; 61/235;\t\t64/260\t特别专题\n71/6; 72/9\t\t\t\n"
    _, ms, _ = _read(text)
    shared = [m.key for m in ms if m.title == "方案规划"]
    assert shared == [
        "A/RES/58/268",
        "A/RES/59/275",
        "A/RES/60/257",
        "A/RES/61/235",
        "A/RES/71/6",
        "A/RES/72/9",
    ]
    assert "A/RES/64/260" in _keys(ms)


def test_mandates_lettered_parts_are_one_symbol() -> None:
    _, ms, _ = _read(
        "大会决议\n\n52/12 A 和 B\t革新联合国：改革方案\t64/244 A-C\t方案预算\n72/262 C\t特别专题\t\t\n"
    )
    assert _keys(ms) == ["A/RES/52/12", "A/RES/64/244", "A/RES/72/262"]
    assert ms[0].printed == "52/12 A 和 B"


def test_mandates_part_letters_alone_complete_the_symbol_above() -> None:
    _, ms, issues = _read(
        "大会决议\n\n55/231\t成果预算编制\t68/248 A-C; 69/263\t方案预算\n57/300\t改革纲领\tA-C\t\n"
    )
    assert _keys(ms) == ["A/RES/55/231", "A/RES/68/248", "A/RES/69/263", "A/RES/57/300"]
    assert not issues


def test_mandates_security_council_numbers_only() -> None:
    _, ms, _ = _read("安全理事会决议\n\n1325 (2000)\t1887 (2009)\n1540 (2004)\t1977 (2011)\n")
    assert _keys(ms) == ["S/RES/1325(2000)", "S/RES/1887(2009)", "S/RES/1540(2004)", "S/RES/1977(2011)"]
    assert all(m.title is None and m.body == "SC" for m in ms)


def test_mandates_presidential_statements_in_a_mixed_heading() -> None:
    _, ms, _ = _read("安全理事会决议和主席声明\n\n2227 (2015)\tS/PRST/2013/2\n")
    assert [(m.key, m.mandate_kind) for m in ms] == [
        ("S/RES/2227(2015)", "resolution"),
        ("S/PRST/2013/2", "presidential-statement"),
    ]


def test_mandates_year_only_entries_have_no_symbol() -> None:
    text = "妇女地位委员会的商定结论\n\n1996\t妇女与媒体\t2004\t男子和男孩的作用\n"
    _, ms, _ = _read(text)
    assert [(m.key, m.printed, m.body, m.mandate_kind) for m in ms] == [
        (None, "1996", "CSW", "agreed-conclusions"),
        (None, "2004", "CSW", "agreed-conclusions"),
    ]


def test_mandates_old_symbol_forms() -> None:
    text = (
        "大会决议\n\n319 A (IV)\t难民与无国籍人\tS-10/2\t最后文件\n2997 (XXVII)\t体制和财政安排\t\t\n"
        "经济及社会理事会决议和决定\n\n76 (V)\t有关妇女地位的来文\t2005/232\t宣言\n1998/7\t人口普查\t\t\n"
    )
    _, ms, _ = _read(text)
    assert [(m.key, m.mandate_kind) for m in ms] == [
        ("A/RES/319(IV)", "resolution"),
        ("A/RES/S-10/2", "resolution"),
        ("A/RES/2997(XXVII)", "resolution"),
        ("E/RES/76(V)", "resolution"),
        ("E/DEC/2005/232", "decision"),
        ("E/RES/1998/7", "resolution"),
    ]


def test_mandates_stacked_row_pairs_symbols_with_title_pieces() -> None:
    _, ms, _ = _read(
        "大会决议\n\n72/288 72/304\t维持和平行动支助账户 整个维持和平行动问题所有方面的全盘审查\n"
    )
    assert [(m.key, m.title) for m in ms] == [
        ("A/RES/72/288", "维持和平行动支助账户"),
        ("A/RES/72/304", "整个维持和平行动问题所有方面的全盘审查"),
    ]


def test_mandates_rows_that_lost_their_tabs() -> None:
    text = "经济及社会理事会决议\n\n2017/9 将性别平等视角纳入主流 2017/28 《2011—2020 十年期支援最不发达国家行动纲领》\n"
    _, ms, _ = _read(text)
    assert [(m.key, m.title) for m in ms] == [
        ("E/RES/2017/9", "将性别平等视角纳入主流"),
        ("E/RES/2017/28", "《2011—2020 十年期支援最不发达国家行动纲领》"),
    ]


def test_mandates_inline_row_keeps_numbers_inside_titles() -> None:
    text = (
        "大会决议\n\n68/1 审查大会关于加强经济及社会理事会的第 61/16 号决议的执行情况 70/1 变革我们的世界\n"
    )
    _, ms, _ = _read(text)
    assert _keys(ms) == ["A/RES/68/1", "A/RES/70/1"]


def test_mandates_treaties_are_title_only_entries() -> None:
    text = "公约和会议宣言\n\n《关于无国籍人地位的公约》(1954 年)\t《卡特赫纳难民宣言》(1984 年)\n"
    _, ms, _ = _read(text)
    assert [(m.key, m.body, m.mandate_kind) for m in ms] == [
        (None, "TREATY", "treaty"),
        (None, "TREATY", "declaration"),
    ]


def test_mandates_unknown_heading_is_an_issue_not_a_guess() -> None:
    _, ms, issues = _read("某某委员会决议\n\n12/3\t标题\n大会决议\n\n70/1\t变革我们的世界\n")
    assert _keys(ms) == ["A/RES/70/1"]
    assert [i.code for i in issues] == ["mandate-unknown-body"]


def test_mandates_component_and_spans() -> None:
    doc, ms, _ = _read("大会决议\n\n41/213; 60/254\t审查效率\n", programme=25, component="A")
    assert [m.component for m in ms] == ["A", "A"]
    for m in ms:
        assert doc.text[m.evidence.span.start : m.evidence.span.end] == m.printed


def test_mandates_cell_kinds() -> None:
    assert cell_kind("46/182,73/139") == "symbols"
    assert cell_kind("69/262, 第二节") == "symbols"
    assert cell_kind("《儿童权利公约》(大会第 44/25 号决议)(1989 年)") == "title"
    assert cell_kind("--------") == "rule"


# ----------------------------------------------------------------------------- other years' bodies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("大会决定\n\n74/555\t联合国大会议程\n", [("A/DEC/74/555", "GA", "decision")]),
        (
            "大会决议和决定\n\n73/555\t议程的安排\t73/1\t政治宣言\n",
            [("A/DEC/73/555", "GA", "decision"), ("A/RES/73/1", "GA", "resolution")],
        ),
        (
            "大会决议\n\nS-10/2\t最后文件\t2200 A (XXI)\t国际人权公约\n",
            [("A/RES/S-10/2", "GA", "resolution"), ("A/RES/2200(XXI)", "GA", "resolution")],
        ),
        (
            "人权理事会决议\n\n26/2\t人权与环境\tS-29/1\t人权状况\n",
            [("A/HRC/RES/26/2", "HRC", "resolution"), ("A/HRC/RES/S-29/1", "HRC", "resolution")],
        ),
        ("经社理事会决定\n\n2019/201\t理事会的工作安排\n", [("E/DEC/2019/201", "ECOSOC", "decision")]),
        (
            "安全理事会主席声明\n\nS/PRST/2019/7\t2015/23\n",
            [
                ("S/PRST/2019/7", "SC", "presidential-statement"),
                ("S/PRST/2015/23", "SC", "presidential-statement"),
            ],
        ),
        (
            "联合国环境规划署理事会决定\n\n27/2\t执行成果文件\n",
            [("UNEP-GC/DEC/27/2", "UNEP-GC", "decision")],
        ),
    ],
)
def test_mandates_rows_of_other_bodies(text: str, expected: list[tuple[str, str, str]]) -> None:
    _, ms, issues = _read(text)
    assert [(m.key, m.body, m.mandate_kind) for m in ms] == expected
    assert issues == []


def test_mandates_executive_board_of_the_programme_entity() -> None:
    # 003 programme 14 (UN-Women): "执行局决定" with decisions numbered by year
    text = "执行局决定\n\n2011/4\t最不发达国家\t2017/5\t战略计划\n2012/6\t区域架构\t\t\n"
    doc = normalise_text(text, doc_id="synthetic")
    blocks = [(b.kind, b.span) for b in doc.blocks]
    ms, issues = read_mandate_section(doc, blocks, 14, None, "性别平等和增强妇女权能", SESSIONS, BODIES)
    assert [(m.key, m.body, m.mandate_kind) for m in ms] == [
        ("UN-WOMEN-EB/DEC/2011/4", "UN-WOMEN-EB", "decision"),
        ("UN-WOMEN-EB/DEC/2017/5", "UN-WOMEN-EB", "decision"),
        ("UN-WOMEN-EB/DEC/2012/6", "UN-WOMEN-EB", "decision"),
    ]
    assert issues == []


def test_mandates_executive_board_of_no_known_entity_is_reported_once() -> None:
    _, ms, issues = _read("执行局决定\n\n2011/4\t最不发达国家\t2017/5\t战略计划\n", programme=3)
    assert [(m.key, m.body, m.printed) for m in ms] == [(None, "EB", "2011/4"), (None, "EB", "2017/5")]
    assert [i.code for i in issues] == ["mandate-body-ambiguous"]


def test_mandates_year_row_keyed_by_the_resolution_in_its_title() -> None:
    # 003 programme 14: CSW agreed conclusions adopted as resolutions 40/9 and 59/1
    text = "妇女地位委员会的商定结论\n\n1996\t第 40/9 号决议：贫穷\t2004\t男子和男孩的作用\n"
    doc, ms, _ = _read(text)
    assert [(m.key, m.printed, m.mandate_kind) for m in ms] == [
        ("CSW/RES/40/9", "第 40/9 号决议", "agreed-conclusions"),
        (None, "2004", "agreed-conclusions"),
    ]
    assert ms[0].title == "第 40/9 号决议：贫穷"
    assert doc.text[ms[0].evidence.span.start : ms[0].evidence.span.end] == ms[0].printed


def test_mandates_title_fragment_at_the_top_of_a_page_continues_the_last_left_entry() -> None:
    # 003 programmes 7, 18, 20, 25 G: the wrapped end of the last left-column title of a page is
    # printed in the right column of the page's first row
    text = (
        "经济及社会理事会决议和决定\n\n"
        "1998/7\t人口普查\t\t议在内的大会相关决议的作用\n"
        "2007/2\t体面工作\t2015/12\t性别主流\n"
        "2012/30\t理事会在按照包括第 61/16 号决\t\t\n"
        "\n"
        "2016/8\t社会发展\t2017/9\t性别观点\n"
    )
    _, ms, issues = _read(text)
    titles = {m.key: m.title for m in ms}
    assert titles["E/RES/2012/30"] == "理事会在按照包括第 61/16 号决议在内的大会相关决议的作用"
    assert titles["E/RES/1998/7"] == "人口普查"
    assert titles["E/RES/2016/8"] == "社会发展"
    assert issues == []


def test_mandates_title_fragment_with_no_entry_on_its_page_is_reported() -> None:
    _, ms, issues = _read("大会决议\n\n\t\t\t无主的标题片段\n\n70/1\t变革我们的世界\t\t\n")
    assert [m.key for m in ms] == ["A/RES/70/1"] and ms[0].title == "变革我们的世界"
    assert [i.code for i in issues] == ["mandate-title-fragment"]


# --- old mandates: every kind of row carries the year it was adopted ------------------------


def _dated(mandates: list[Mandate]) -> list[tuple[str | None, int | None]]:
    return [(m.key, m.year) for m in mandates]


def test_mandates_special_session_rows_are_dated_by_the_session() -> None:
    text = "大会决议\n\nS-26/2\t关于艾滋病毒/艾滋病问题的承诺宣言\tS-29/1\t行动纲领的后续行动\nS-12/24\t裁军\t\t\n"
    _, ms, _ = _read(text)
    assert _dated(ms) == [("A/RES/S-26/2", 2001), ("A/RES/S-29/1", 2014), ("A/RES/S-12/24", 1982)]


def test_mandates_roman_session_ecosoc_rows_are_dated_by_the_session() -> None:
    text = "经济及社会理事会决议\n\n1235 (XLII)\t人权问题\t2004 (LX)\t方案规划\n1503 (XLVIII)\t来文程序\t\t\n"
    _, ms, _ = _read(text)
    assert _dated(ms) == [("E/RES/1235(XLII)", 1967), ("E/RES/2004(LX)", 1976), ("E/RES/1503(XLVIII)", 1970)]


def test_mandates_roman_session_ga_rows_including_special_sessions() -> None:
    text = "大会决议\n\n3201 (S-VI)\t建立新的国际经济秩序宣言\t2625 (XXV)\t国际法原则宣言\n3362 (S-VII)\t发展和国际经济合作\t\t\n"
    _, ms, _ = _read(text)
    assert _dated(ms) == [("A/RES/3201(S-VI)", 1974), ("A/RES/2625(XXV)", 1970), ("A/RES/3362(S-VII)", 1975)]


def test_mandates_symbol_and_year_only_rows_are_dated() -> None:
    text = (
        "大会决议\n\n70/1\t变革我们的世界\t73/555\t议程的安排\n"
        "经济及社会理事会商定结论\n\n1997/2\t将性别观点纳入主流\t2002\t人力资源开发\n"
        "妇女地位委员会的商定结论\n\n1995\t第 39/5 号决议：妇女与媒体\t\t\n"
    )
    _, ms, _ = _read(text)
    assert [(m.key, m.printed, m.year) for m in ms] == [
        ("A/RES/70/1", "70/1", 2015),
        ("A/DEC/73/555", "73/555", 2018),
        (None, "1997/2", 1997),
        (None, "2002", 2002),
        ("CSW/RES/39/5", "第 39/5 号决议", 1995),  # CSW sessions carry no year: the row's
    ]


def test_mandates_treaty_rows_take_the_printed_year() -> None:
    text = (
        "公约和会议宣言\n\n1948 年《防止及惩治灭绝种族罪公约》及其议定书\t《公民权利和政治权利国际公约》(1966 年开放供签署)\n"
        "《某区域难民公约》(2003 年)\t《执行〈2063 年议程〉宣言》\n"
        "《某某公约》(1989 年 11 月 20 日通过)\t\n"
        "1997\t《某某议定书》\n"
    )
    _, ms, issues = _read(text)
    assert [(m.key, m.mandate_kind, m.year) for m in ms] == [
        (None, "treaty", 1948),
        (None, "treaty", 1966),
        (None, "treaty", 2003),
        (None, "declaration", None),  # "2063 年议程" names an agenda, it is no date
        (None, "treaty", 1989),
        (None, "treaty", 1997),  # the year in a cell of its own
    ]
    assert [(i.code, i.severity) for i in issues] == [("mandate-year-unknown", "warning")]


def test_mandates_treaty_row_takes_the_adopting_resolution_printed_in_its_title() -> None:
    text = (
        "公约和会议宣言\n\n《消除对妇女一切形式歧视公约》(大会第 34/180 号决议)\t"
        "《经济、社会及文化权利国际公约》(大会第 2200 A (XXI) 号决议)(1966 年)\n"
        "《某公约》(第 58/4 号决议)(2003 年)\t\n"
    )
    doc, ms, _ = _read(text)
    assert [(m.key, m.body, m.mandate_kind, m.year, m.printed) for m in ms] == [
        ("A/RES/34/180", "TREATY", "treaty", 1979, "大会第 34/180 号决议"),
        ("A/RES/2200(XXI)", "TREATY", "treaty", 1966, "大会第 2200 A (XXI) 号决议"),
        (None, "TREATY", "treaty", 2003, "《某公约》(第 58/4 号决议)(2003 年)"),  # body not printed
    ]
    assert ms[0].title == "《消除对妇女一切形式歧视公约》(大会第 34/180 号决议)"
    for m in ms:
        assert doc.text[m.evidence.span.start : m.evidence.span.end] == m.printed


def test_mandates_resolution_row_title_naming_another_resolution_keeps_its_own_symbol() -> None:
    _, ms, _ = _read("大会决议\n\n68/1\t审查(大会第 61/16 号决议)的执行情况\t\t\n")
    assert _dated(ms) == [("A/RES/68/1", 2013)]
