"""Front-matter helpers: one synthetic line or block per rule."""

from __future__ import annotations

import pytest

from kg.extract import frontmatter as fm


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("A/RES/74/ 144", "A/RES/74/144"),
        ("A/C.5/77/SR. 12", "A/C.5/77/SR.12"),
        ("S/RES/2690 (2023)", "S/RES/2690(2023)"),
        ("A/78/6 (Sect. 29A)", "A/78/6 (Sect. 29A)"),
        ("E/ICEF/2023/ 25", "E/ICEF/2023/25"),
        ("DP/FPA/2023/ 4 (Part I)", "DP/FPA/2023/4 (Part I)"),
        ("A/78/123S/2023/456", "A/78/123"),  # a joint symbol whose hyphen was lost
        ("Distr.: General", None),
        ("77/28.", None),
    ],
)
def test_frontmatter_printed_symbol_with_pdf_spacing(printed: str, canonical: str | None) -> None:
    assert fm.parse_printed_symbol(printed) == canonical


def test_frontmatter_header_symbol_first_part_of_joint_and_not_a_footnote() -> None:
    assert (
        fm.header_symbol(fm.front_lines("联合国 E/2024/26 - E/CN.5/2024/9\n\n社会发展委员会")) == "E/2024/26"
    )
    assert fm.header_symbol(fm.front_lines("临时议程* 项目 9\n\n某报告\n\n * A/78/150。")) is None


@pytest.mark.parametrize(
    ("masthead", "organ"),
    [
        ("联 合 国 A/HRC/RES/52/3\n\n大  会  Distr.: General\n\n人权理事会\n第五十二届会议", "HRC"),
        ("联合国 S/2024/1\n\n安全理事会 Distr.: General", "SC"),
        ("经济及社会理事会\n正式记录，2024 年", "ECOSOC"),
        ("亚洲及太平洋经济社会委员会\n\n2023 年亚洲及太平洋经济社会概览", None),
        ("1 《经济及社会理事会正式记录，2011 年，补编第 23 号》", None),
    ],
)
def test_frontmatter_organ_from_masthead_lines(masthead: str, organ: str | None) -> None:
    assert fm.organ(fm.front_lines(masthead)) == organ


@pytest.mark.parametrize(
    ("front", "session"),
    [
        ("第七十七届会议\n议程项目 71(a)", 77),
        ("人权理事会\n第五十二届会议", 52),
        ("2023 年届会\n2022 年 7 月 25 日至 2023 年 7 月 26 日", 2023),
        ("2011 年实质性会议", 2011),
        ("2024 年年度会议", 2024),
        ("禁止酷刑委员会的报告\n第七十五届会议\n大 会\n正式记录\n第七十八届会议\n补编第 44 号", 78),
        ("社会发展委员会\n第六十二届会议\n经济及社会理事会\n正式记录，2024 年\n补编第 6 号", 2024),
        ("本报告将提交理事会 2025 年届会审议。", None),
    ],
)
def test_frontmatter_session_by_number_year_or_official_records(front: str, session: int | None) -> None:
    assert fm.session(front) == session


@pytest.mark.parametrize(
    ("masthead", "date"),
    [
        ("大会 Distr.: General\n24 July 2023", "2023-07-24"),
        ("大会 Distr.: General\n2023 年 7 月 24 日", "2023-07-24"),
        ("Distr.: General 5 April 2024", "2024-04-05"),
        ("2023 年 6 月 5 日至 9 日，纽约", None),
    ],
)
def test_frontmatter_masthead_date(masthead: str, date: str | None) -> None:
    assert fm.masthead_date(fm.front_lines(masthead)) == date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2022 年 12 月 6 日大会决议", ("2022-12-06", None)),
        ("人权理事会 2023 年 4 月 3 日通过的决议", ("2023-04-03", None)),
        ("2011 年 7 月 28 日经济及社会理事会决定", ("2011-07-28", None)),
        ("2023 年 6 月 30 日安全理事会第 9365 次会议通过", ("2023-06-30", 9365)),
        ("1. 回顾其 2022 年 12 月 6 日决议。", (None, None)),
    ],
)
def test_frontmatter_adoption_line(line: str, expected: tuple[str | None, int | None]) -> None:
    assert fm.adoption(fm.front_lines(line)) == expected


def test_frontmatter_closing_adoption_either_order() -> None:
    assert fm.closing_adoption("正文。\n第 19 次全体会议\n2022 年 6 月 8 日") == ("2022-06-08", 19)
    assert fm.closing_adoption("正文。\n2023 年 4 月 3 日\n第 55 次会议") == ("2023-04-03", 55)
    assert fm.closing_adoption("在第 19 次全体会议上\n2022 年 6 月 8 日") == (None, None)


def test_frontmatter_draft_line_alone_or_after_sponsors() -> None:
    assert fm.DRAFT_LINE_RE.search("决定草案")
    assert fm.DRAFT_LINE_RE.search("阿尔巴尼亚、奥地利和比利时：决议草案")
    assert not fm.DRAFT_LINE_RE.search("理事会审议了决议草案。")


def test_frontmatter_titles_by_genre() -> None:
    lines = fm.front_lines("[未经发交主要委员会审议而通过] 77/28. 加强人道主义\n协调\n\n大会，")
    assert fm.numbered_title(lines) == "加强人道主义协调"
    lines = fm.front_lines("临时议程* 项目 69(b)\n促进和保护人权\n\n  极端贫困与人权*\n\n  秘书长的报告**")
    assert fm.byline_title(lines) == "极端贫困与人权"
    lines = fm.front_lines(
        "第五委员会\n第 12 次会议简要记录\n2022 年 11 月 3 日星期四上午 10 时在纽约总部举行"
    )
    assert fm.summary_meeting(lines) == (12, "2022-11-03", "第12次会议简要记录")
    lines = fm.front_lines(
        "联合国开发计划署\n执行局\n\n2023 年年度会议\n临时议程项目 9\n\n执行主任 2022 年年度报告"
    )
    assert fm.first_title(lines) == "执行主任2022年年度报告"


@pytest.mark.parametrize(
    "line",
    [
        "联 合 国  A/78/253",
        "大  会  Distr.: General",
        "24 July 2023",
        "Original: English",
        "第七十八届会议",
        "2023 年届会",
        "(2023 年 4 月 17 日至 5 月 12 日)",
        "* A/78/150。",
        "23-14520 (C) 250723 260723",
        "*2314520*",
        "请回收",
        "1/24",
        "补编第 44 号",
        "曼谷，2023 年",
    ],
)
def test_frontmatter_masthead_and_page_furniture_lines_are_headers(line: str) -> None:
    assert fm.is_header(line)


def test_frontmatter_title_lines_are_not_headers() -> None:
    assert not any(fm.is_header(t) for t in ("极端贫困与人权", "2024 年拟议方案预算", "第 12 次会议简要记录"))
