"""Deliverables tables: synthetic tables for each layout quirk (kg/extract/deliverables.py)."""

from __future__ import annotations

from kg.extract.deliverables import TableContext, parse_value, read_table, split_label
from kg.ingest.normalise import normalise_text
from kg.model import Deliverable, Figure

HEADER = "\t2018 年 计划数\t2018 年 实际数\t2019 年 计划数\t2020 年 计划数\n"


def _rows(text: str) -> list[Deliverable]:
    doc = normalise_text(text, doc_id="synthetic")
    ctx = TableContext(programme=1, subprogramme=2, component="geneva", table="1.5", position=5)
    records, issues = read_table(doc, ctx, [b.span for b in doc.blocks])
    assert not issues
    for r in records:
        assert doc.text[r.evidence.span.start : r.evidence.span.end].startswith(r.label.split("(")[0])
    return records


def test_deliverables_values_missing_and_grouped() -> None:
    text = (
        HEADER
        + "量化的应交付产出\t\t\t\t\nA. 协助政府间进程和专家机构\t\t\t\t\n为会议提供服务(三小时会议次数)\t1 236\t—\t\t926\n"
    )
    (row,) = _rows(text)
    assert row.figures == (Figure(2018, "planned", 1236), Figure(2020, "planned", 926))
    assert (row.category, row.unit) == ("A", "三小时会议次数")


def test_deliverables_footnote_marker_is_not_part_of_label() -> None:
    text = (
        HEADER
        + "量化的应交付产出\t\t\t\t\nA. 协助\t\t\t\t\n为会议提供会议和秘书处服务(三小时会议次数) ^a\t350\t435\t550\t450\n"
    )
    (row,) = _rows(text)
    assert row.label == "为会议提供会议和秘书处服务(三小时会议次数)"


def test_deliverables_header_repeated_after_page_break() -> None:
    text = (
        HEADER
        + "量化的应交付产出\t\t\t\t\nB. 生成和转让知识\t\t\t\t\n研讨会(天数)\t9\t33\t9\t29\n"
        + HEADER.replace(" 年 ", "年")
        + "技术材料(材料数目)\t6\t21\t6\t11\n"
    )
    rows = _rows(text)
    assert [(r.category, r.label, r.figures[-1].value) for r in rows] == [
        ("B", "研讨会(天数)", 29),
        ("B", "技术材料(材料数目)", 11),
    ]


def test_deliverables_non_quantified_rows_are_skipped() -> None:
    text = (
        HEADER
        + "量化的应交付产出\t\t\t\t\nA. 协助\t\t\t\t\n文件(文件数目)\t1\t1\t1\t1\n非量化的应交付产出\t\t\t\t\nC. 实质性应交付产出\t\t\t\t\n协商、咨询和倡导\t\t\t\t\n"
    )
    assert [r.label for r in _rows(text)] == ["文件(文件数目)"]


def test_deliverables_keep_context_and_printed_table_id() -> None:
    (row,) = _rows(HEADER + "量化的应交付产出\t\t\t\t\nA. 协助\t\t\t\t\n文件(文件数目)\t1\t2\t3\t4\n")
    assert (row.programme, row.subprogramme, row.component, row.table, row.table_position) == (
        1,
        2,
        "geneva",
        "1.5",
        5,
    )


def test_deliverables_helpers() -> None:
    assert parse_value("13 300") == 13300 and parse_value("—") is None and parse_value("") is None
    assert split_label("技术材料") == ("技术材料", None)


def test_deliverables_figures_carry_the_years_of_their_table() -> None:
    """A plan for another year prints other years: each figure keeps its own year and role."""
    header = "\t2022 年 计划数\t2022 年 实际数\t2023 年 计划数\t2024 年 计划数\n"
    text = header + "量化的应交付产出\t\t\t\t\nA. 协助\t\t\t\t\n文件(文件数目)\t4\t5\t—\t7\n"
    (row,) = _rows(text)
    assert row.figures == (Figure(2022, "planned", 4), Figure(2022, "actual", 5), Figure(2024, "planned", 7))
