"""Finding UN symbols in text (kg/symbol_search.py): corpus sentences, PDF artefacts, mandate cells."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.symbol_search import find_symbols, parse_mandate_cell


def test_symbol_search_find_inline_symbols_in_corpus_sentences() -> None:
    # 002 ¶ 21 and ¶ 46; 003 footnote 1 (copied from the sample corpus)
    text = "国家当局以及安全理事会关于西非的主席声明(S/PRST/2019/7)对此表示欢迎。"
    assert [(text[s:e], c.canonical) for s, e, c in find_symbols(text)] == [
        ("S/PRST/2019/7", "S/PRST/2019/7")
    ]
    text = "正如我的关于警务司评估的报告(A/74/223)中概述"
    assert [c.canonical for _, _, c in find_symbols(text)] == ["A/74/223"]
    text = "¹ A/74/6 (Sect. 2)、A/74/6 (Sect. 5)/Corr.1、A/74/6 (Sect. 29A)和 A/74/6 (Sect. 34)。"
    found = find_symbols(text)
    assert [c.canonical for _, _, c in found] == [
        "A/74/6 (Sect. 2)",
        "A/74/6 (Sect. 5)/Corr.1",
        "A/74/6 (Sect. 29A)",
        "A/74/6 (Sect. 34)",
    ]
    assert all(text[s:e] == c.canonical for s, e, c in found)
    assert find_symbols("内部监督事务厅最近的一项评价(IED/20/001)还发现") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("见 A/ 74/ 223 号文件", [("A/ 74/ 223", "A/74/223")]),
        ("见 S/2020/ 123。", [("S/2020/ 123", "S/2020/123")]),
        ("(A/72/707-S/2018/43)", [("A/72/707", "A/72/707"), ("S/2018/43", "S/2018/43")]),
        # joint symbols as PDF extraction misprints them: each part is its own symbol
        ("(A/72/707S/2018/43)", [("A/72/707", "A/72/707"), ("S/2018/43", "S/2018/43")]),
        ("(A/73/L.1S/2018/1)", [("A/73/L.1", "A/73/L.1"), ("S/2018/1", "S/2018/1")]),
        ("A/71/1024E/2017/9", [("A/71/1024", "A/71/1024"), ("E/2017/9", "E/2017/9")]),
        ("(A/72/707–S/2018/43)", [("A/72/707", "A/72/707"), ("S/2018/43", "S/2018/43")]),
        ("(A/72/707 - S/2018/43)", [("A/72/707", "A/72/707"), ("S/2018/43", "S/2018/43")]),
        ("(A/73/L.1-S/2018/1)", [("A/73/L.1", "A/73/L.1"), ("S/2018/1", "S/2018/1")]),
        # a digit followed by letters that are no series root stays one symbol
        ("(E/ICEF/2023/P/L.3)", [("E/ICEF/2023/P/L.3", "E/ICEF/2023/P/L.3")]),
        (
            "(A/74/6 (Sect. 2) 和 Corr.1)",
            [("A/74/6 (Sect. 2)", "A/74/6 (Sect. 2)"), ("Corr.1", "A/74/6 (Sect. 2)/Corr.1")],
        ),
        (
            "A/74/7/Add.1 和 Add.2",
            [("A/74/7/Add.1", "A/74/7/Add.1"), ("Add.2", "A/74/7/Add.2")],
        ),
        ("A/RES/217 A (III)号", [("A/RES/217 A (III)", "A/RES/217(III)")]),
        ("见 A/RES/70/1 (2015)。", [("A/RES/70/1", "A/RES/70/1")]),
        ("报告 A/74/223 (2019)。", [("A/74/223", "A/74/223")]),
        (
            "S/RES/1325 (2000)和 E/RES/76 (V)",
            [("S/RES/1325 (2000)", "S/RES/1325(2000)"), ("E/RES/76 (V)", "E/RES/76(V)")],
        ),
        ("见 S/2020 年", []),
    ],
)
def test_symbol_search_find_in_pdf_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[s:e], c.canonical) for s, e, c in find_symbols(text)] == expected


@pytest.mark.parametrize(
    ("cell", "body", "expected"),
    [
        ("71/328", "GA", [("71/328", "A/RES/71/328", ())]),
        (
            "58/268; 59/275; 60/257",
            "GA",
            [("58/268", "A/RES/58/268", ()), ("59/275", "A/RES/59/275", ()), ("60/257", "A/RES/60/257", ())],
        ),
        ("52/12 A 和 B", "GA", [("52/12 A 和 B", "A/RES/52/12", ("A", "B"))]),
        ("64/244 A-C", "GA", [("64/244 A-C", "A/RES/64/244", ("A", "B", "C"))]),
        ("64/244A-C", "GA", [("64/244A-C", "A/RES/64/244", ("A", "B", "C"))]),
        (
            "66/248 A-C; 68/245 A 和 B",
            "GA",
            [("66/248 A-C", "A/RES/66/248", ("A", "B", "C")), ("68/245 A 和 B", "A/RES/68/245", ("A", "B"))],
        ),
        ("1325 (2000)", "SC", [("1325 (2000)", "S/RES/1325(2000)", ())]),
        ("2282(2016)", "SC", [("2282(2016)", "S/RES/2282(2016)", ())]),
        ("S/PRST/2013/2", "SC", [("S/PRST/2013/2", "S/PRST/2013/2", ())]),
        ("1998/7", "ECOSOC", [("1998/7", "E/RES/1998/7", ())]),
        ("2005/232", "ECOSOC", [("2005/232", "E/DEC/2005/232", ())]),
        ("2005/232", "ECOSOC-DEC", [("2005/232", "E/DEC/2005/232", ())]),
        ("650(XXXIII)", "ECLAC", [("650(XXXIII)", "ECLAC/RES/650(XXXIII)", ())]),
        ("76 (V)", "ECOSOC", [("76 (V)", "E/RES/76(V)", ())]),
        ("S-10/2", "GA", [("S-10/2", "A/RES/S-10/2", ())]),
        ("319 A (IV)", "GA", [("319 A (IV)", "A/RES/319(IV)", ("A",))]),
        ("70/255； 72/303", "GA", [("70/255", "A/RES/70/255", ()), ("72/303", "A/RES/72/303", ())]),
        ("69/262, 第二节", "GA", [("69/262", "A/RES/69/262", ())]),
        ("1/1", "UNEA", [("1/1", "UNEP/EA.1/RES.1", ())]),
        ("2002", "ECOSOC", []),  # year-only row of agreed conclusions
        ("A-C", "GA", []),
        ("根据包括第 61/16 号决议在内的", "ECOSOC", []),
    ],
)
def test_symbol_search_mandate_cells(
    cell: str, body: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    got = parse_mandate_cell(cell, body)
    assert [(cell[s:e], c.canonical, c.parts) for s, e, c in got] == expected


_SYMBOLISH = st.text(alphabet="ARESPTDCHUNVXIL0123456789/().-  和", max_size=30)
_ANY = st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=60)


@settings(max_examples=400)
@given(st.one_of(_SYMBOLISH, _ANY))
def test_symbol_search_is_total_and_spans_hold(text: str) -> None:
    for s, e, _ in find_symbols(text):
        assert 0 <= s < e <= len(text)
    for body in ("GA", "SC", "ECOSOC-DEC", "HRC", "UNEA", "ECA", "nonsense"):
        for s, e, _ in parse_mandate_cell(text, body):
            assert 0 <= s < e <= len(text)


def test_symbol_search_finders_live_only_in_symbol_search() -> None:
    # the grammar (kg.symbols) does not reach back into the finders built on it: no import cycle
    from kg import symbols

    assert not hasattr(symbols, "find_symbols")
