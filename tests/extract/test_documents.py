"""Document records, checked against the front matter of the sample files (read by hand)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import DEFAULT_OPTIONS
from kg.extract.documents import chinese_number, extract_documents
from kg.ingest.normalise import normalise_text
from kg.model import Doc
from kg.reference import default_resources

RES = default_resources()


def test_documents_annual_report(annual_report: Doc) -> None:
    (rec,) = extract_documents(annual_report, DEFAULT_OPTIONS, RES).records
    # cover: 大会 正式记录 第七十五届会议 补编第1号; "[2020年7月24日]"
    assert rec.title == "秘书长关于联合国工作的报告"
    assert (rec.session, rec.supplement, rec.date) == (75, 1, "2020-07-24")
    assert rec.symbol == "A/75/1" and rec.symbol_inferred and "补编" in (rec.symbol_rule or "")
    assert rec.doc_type == "annual-report"


def test_documents_sg_report_with_agenda_items(peace_report: Doc) -> None:
    (rec,) = extract_documents(peace_report, DEFAULT_OPTIONS, RES).records
    # "临时议程* 项目 140 和 154"; title printed above "秘书长的报告"; no symbol printed
    assert rec.title == "审查和平与安全改革的执行情况"
    assert rec.agenda_items == ("140", "154")
    assert rec.symbol is None and not rec.symbol_inferred
    assert rec.doc_type == "sg-report"
    # its only session evidence: the footnote of "临时议程*" reads "* A/75/150。"
    assert rec.session == 75


def test_documents_session_from_provisional_agenda_footnote() -> None:
    raw = "临时议程* 项目 72\n\n  某项问题\n\n  秘书长的报告\n\n * A/76/50。\n\n1. 正文。"
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.session == 76 and rec.agenda_items == ("72",)
    # without the starred agenda line, a symbol in a footnote says nothing about the session
    raw = "某项问题\n\n  秘书长的报告\n\n * A/76/50。\n\n1. 正文。"
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.session is None


def test_documents_programme_plan(programme_plan: Doc) -> None:
    (rec,) = extract_documents(programme_plan, DEFAULT_OPTIONS, RES).records
    assert rec.title == "2020年方案预算"  # PDF spacing between digits and CJK dropped
    assert (rec.session, rec.supplement) == (74, 6)
    assert rec.symbol == "A/74/6" and rec.symbol_inferred
    assert rec.doc_type == "programme-plan"


def test_documents_printed_symbol_wins_over_inference() -> None:
    raw = "A/76/1\n\n大会\n正式记录\n第七十六届会议\n补编第1号\n\n秘书长关于联合国工作的报告\n\n[2021年7月22日]\n\n1. 正文。"
    doc = normalise_text(raw, "x")
    (rec,) = extract_documents(doc, DEFAULT_OPTIONS, RES).records
    assert rec.symbol == "A/76/1" and not rec.symbol_inferred
    assert (rec.session, rec.date) == (76, "2021-07-22")


def test_documents_impossible_date_is_an_issue() -> None:
    doc = normalise_text("某报告\n\n[2020年13月40日]\n\n1. 正文。", "x")
    out = extract_documents(doc, DEFAULT_OPTIONS, RES)
    assert out.records[0].date is None
    assert [i.code for i in out.issues] == ["date-unparsed"]


def test_chinese_number_parses_session_numbers() -> None:
    assert [chinese_number(s) for s in ("七十四", "七十五", "一百", "二十", "十一", "8")] == [
        74,
        75,
        100,
        20,
        11,
        8,
    ]
    assert chinese_number("abc") is None


# --- golden front-matter cases, one directory per case: input.txt + expected.json (by hand) ---

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "documents"
# Known misses, as data with the reason: {case: reason}
XFAIL_CASES: dict[str, str] = {}


def golden_document_cases() -> list[str]:
    return sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


def document_fields(case: str) -> tuple[dict[str, object], dict[str, object]]:
    """(expected, actual) for the fields the case's expected.json names."""
    expected = json.loads((GOLDEN / case / "expected.json").read_text(encoding="utf-8"))
    raw = (GOLDEN / case / "input.txt").read_text(encoding="utf-8")
    (rec,) = extract_documents(normalise_text(raw, case), DEFAULT_OPTIONS, RES).records
    actual = {f: getattr(rec, f, "<no such field>") for f in expected}
    if "agenda_items" in actual and isinstance(actual["agenda_items"], tuple):
        actual["agenda_items"] = list(actual["agenda_items"])
    return expected, actual


@pytest.mark.parametrize("case", golden_document_cases())
def test_documents_golden_front_matter(case: str) -> None:
    if case in XFAIL_CASES:
        pytest.xfail(XFAIL_CASES[case])
    expected, actual = document_fields(case)
    wrong = {f: (expected[f], actual[f]) for f in expected if expected[f] != actual[f]}
    assert not wrong, f"{case}: field: (expected, actual): {wrong}"


def test_documents_own_symbol_only_after_own_title_in_draft_decision() -> None:
    raw = (
        "某基金执行局\n\n2025 年年度会议\n\n  执行主任 2024 年年度报告\n\n一. 导言\n\n1. 正文。\n\n"
        "二. 决定草案\n\n2. 执行局不妨注意到评价办公室的年度报告(DP/FPA/2025/5)和执行主任 2024 年年度报告 "
        "(DP/FPA/2025/ 4)。"
    )
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.title == "执行主任2024年年度报告"
    assert rec.symbol == "DP/FPA/2025/4" and rec.symbol_rule and "draft-decision" in rec.symbol_rule
    # another report's symbol in the same decision is not the document's own
    raw = raw.replace("和执行主任 2024 年年度报告 (DP/FPA/2025/ 4)", "")
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.symbol is None


def test_documents_sg_report_needs_the_byline_not_a_mention() -> None:
    raw = (
        "联合国 E/2025/27\n\n经济及社会理事会 Distr.: General\n3 March 2025\n\n"
        "统计委员会\n第五十六届会议报告\n\n摘要\n\n委员会审议了秘书长的报告和其他文件。\n\n1. 正文。"
    )
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.doc_type == "body-report" and rec.title == "统计委员会第五十六届会议报告"
    assert (rec.organ, rec.date, rec.symbol) == ("ECOSOC", "2025-03-03", "E/2025/27")


def test_documents_masthead_lines_never_enter_a_title() -> None:
    raw = (
        "联 合 国  A/80/ 12\n\n大  会  Distr.: General\n1 August 2025\n\n第八十届会议\n临时议程* 项目 9\n"
        "某议程项目的标题\n\n  某项专题的进展\n\n  秘书长的说明\n\n * A/80/150。\n\n1. 正文。"
    )
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.title == "某项专题的进展" and rec.doc_type == "sg-note"
    assert (rec.symbol, rec.session, rec.organ, rec.agenda_items) == ("A/80/12", 80, "GA", ("9",))


_FRONT_PIECES = st.sampled_from(
    [
        "联 合 国 ",
        "A/RES/77/",
        "S/2023/",
        "E/ICEF/2023/ ",
        "(Sect. 29A)",
        "Distr.: General",
        "24 July 2023",
        "2023 年 7 月 24 日",
        "大会",
        "人权理事会",
        "第七十七届会议",
        "2023 年届会",
        "议程项目 18(b)",
        "决议草案",
        "秘书长的报告",
        "秘书长的说明",
        "委员会的报告",
        "77/28. ",
        "第 12 次会议简要记录",
        "星期四",
        "第 45 次全体会议",
        "年度报告(DP/FPA/2023/ 4)",
        "执行局不妨注意到",
        "*",
        "：",
        "。",
        "\n",
        "\n\n",
        " ",
        "1. ",
        "一. 导言",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_FRONT_PIECES, st.text(max_size=6)), max_size=40))
def test_documents_extractor_is_total(pieces: list[str]) -> None:
    doc = normalise_text("".join(pieces), "x")
    out = extract_documents(doc, DEFAULT_OPTIONS, RES)
    for rec in out.records:
        span = rec.evidence.span
        assert 0 <= span.start < span.end <= max(1, len(doc.text))
        assert rec.session is None or isinstance(rec.session, int)
        for d in (rec.date, rec.adoption_date, rec.meeting_date):
            assert d is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)


def test_documents_earlier_report_of_the_same_title_is_not_the_own_symbol() -> None:
    raw = (
        "临时议程* 项目 140\n\n  审查和平与安全改革的执行情况\n\n  秘书长的报告\n\n一. 导言\n\n"
        "1. 大会注意到关于审查和平与安全改革的执行情况(A/74/700)。\n"
    )
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.title == "审查和平与安全改革的执行情况" and rec.symbol is None


def test_documents_no_front_matter_gives_no_title() -> None:
    out = extract_documents(
        normalise_text("1. 这是一段正文，没有文首。\n2. 第二段。", "x"), DEFAULT_OPTIONS, RES
    )
    assert out.records[0].title is None and out.records[0].doc_type is None
    assert [i.code for i in out.issues] == ["document-no-title"]


def test_documents_session_only_from_a_session_line() -> None:
    raw = (
        "联合国 A/80/99\n\n大会 Distr.: General\n1 May 2025\n\n  某项专题\n\n  秘书长的报告\n\n 摘要\n"
        " 本报告将提交经济及社会理事会 2025 年届会和大会第八十一届会议审议。\n\n1. 正文。"
    )
    (rec,) = extract_documents(normalise_text(raw, "x"), DEFAULT_OPTIONS, RES).records
    assert rec.session is None and rec.title == "某项专题"
    (rec,) = extract_documents(
        normalise_text(raw.replace("1 May 2025\n", "1 May 2025\n\n第八十届会议\n"), "x"), DEFAULT_OPTIONS, RES
    ).records
    assert rec.session == 80
