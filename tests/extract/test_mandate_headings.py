"""Issuing-body headings of mandate tables (kg/extract/mandate_headings.py)."""

from __future__ import annotations

import pytest

from kg.extract.mandate_headings import resolve_body
from kg.reference import default_resources

BODIES = default_resources().bodies


@pytest.mark.parametrize(
    ("heading", "body", "kind"),
    [
        ("大会决议", "GA", "resolution"),
        ("安全理事会主席声明", "SC", "presidential-statement"),
        ("经济及社会理事会决定", "ECOSOC", "decision"),
        ("经济及社会理事会商定结论和部长级宣", "ECOSOC", "agreed-conclusions"),
        ("经济及社会理事会实质性会议高级别部分的部长级公报", "ECOSOC", "ministerial-declaration"),
        ("人权理事会决议和决定", "HRC", "resolution"),
        ("联合国环境大会决议", "UNEA", "resolution"),
        ("非洲经济委员会决议", "ECA", "resolution"),
        ("拉丁美洲和加勒比经济委员会决议", "ECLAC", "resolution"),
        ("妇女地位委员会的商定结论", "CSW", "agreed-conclusions"),
        ("公约和会议宣言", "TREATY", "treaty"),
    ],
)
def test_mandate_headings_body_headings(heading: str, body: str, kind: str) -> None:
    spec = resolve_body(heading, None, BODIES)
    assert spec is not None and (spec.body, spec.kind) == (body, kind)


@pytest.mark.parametrize(
    ("heading", "title", "expected"),
    [
        ("经社理事会决定", None, ("ECOSOC", "decision", "ECOSOC-DEC")),
        ("经济和社会理事会决议", None, ("ECOSOC", "resolution", "ECOSOC")),
        ("人权理事会决议", None, ("HRC", "resolution", "HRC")),
        ("安全理事会主席声明", None, ("SC", "presidential-statement", "SC-PRST")),
        ("大会决定", None, ("GA", "decision", "GA-DEC")),
        ("大会决议(第七十三届会议)", None, ("GA", "resolution", "GA")),
        ("联合国环境规划署理事会决定", None, ("UNEP-GC", "decision", "UNEP-GC-DEC")),
        ("执行局决定", "性别平等和增强妇女权能", ("UN-WOMEN-EB", "decision", "UN-WOMEN-EB-DEC")),
        ("执行局决定", "人类住区", ("UN-HABITAT-EB", "decision", "UN-HABITAT-EB-DEC")),
        ("妇女署执行局决定", None, ("UN-WOMEN-EB", "decision", "UN-WOMEN-EB-DEC")),
        ("开发署/人口基金/项目署执行局决定", None, ("UNDP-EB", "decision", "UNDP-EB-DEC")),
        ("人居署理事会决议", None, ("UN-HABITAT-GC", "resolution", "UN-HABITAT-GC")),
        ("联合国人居大会决议", None, ("UN-HABITAT-ASSEMBLY", "resolution", "UN-HABITAT-ASSEMBLY")),
    ],
)
def test_mandate_headings_body_headings_of_other_years(
    heading: str, title: str | None, expected: tuple[str, str, str]
) -> None:
    spec = resolve_body(heading, title, BODIES)
    assert spec is not None and (spec.body, spec.kind, spec.symbol_body) == expected
    assert not spec.ambiguous


def test_mandate_headings_mixed_heading_splits_by_numbering_convention() -> None:
    spec = resolve_body("大会决议和决定", None, BODIES)
    assert spec is not None and (spec.decision_from, spec.decision_body) == (401, "GA-DEC")


@pytest.mark.parametrize(
    "line",
    ["振兴大会工作", "审查大会第 48/218 B 号决议的执行情况", "大会相关决议统筹协调执行方面的作用", ""],
)
def test_mandate_headings_title_lines_are_not_headings(line: str) -> None:
    assert resolve_body(line, None, BODIES) is None
