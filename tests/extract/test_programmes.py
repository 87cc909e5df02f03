"""Programme-plan extractor (kg/extract/programmes.py): golden programmes of the sample plan,
synthetic structures for each heading quirk, and the not-a-plan fast path.

Golden files `tests/golden/programmes/programme-<N>.json` were generated from the extractor and
then checked line by line against the text of the plan (headings, mandate tables, deliverables
tables). Mandate keys are compared only for bodies whose canonical symbol form is fixed by the
project (GA, SC, ECOSOC, HRC); other bodies are compared by the printed number.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.extract import DEFAULT_OPTIONS, get_extractor
from kg.extract.programmes import extract_programmes
from kg.ingest.normalise import normalise_text
from kg.model import Component, Deliverable, Doc, Mandate, Programme, Subprogramme
from kg.reference import default_resources

RES = default_resources()

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "programmes"
KEYED_BODIES = {"GA", "SC", "ECOSOC", "HRC"}


def summarise(records: tuple[Any, ...], number: int) -> dict[str, Any]:
    """The golden view of one programme: everything the extractor says about it."""
    mine = [r for r in records if getattr(r, "programme", getattr(r, "number", None)) == number]
    (prog,) = [r for r in records if isinstance(r, Programme) and r.number == number]
    return {
        "programme": number,
        "title": prog.title,
        "objective": prog.objective,
        "components": [[r.key, r.title] for r in mine if isinstance(r, Component)],
        "subprogrammes": [
            [r.component, r.number, r.title, r.paragraph] for r in mine if isinstance(r, Subprogramme)
        ],
        "mandates": [
            [r.component, r.body, r.mandate_kind, r.key if r.body in KEYED_BODIES else None, r.printed]
            for r in mine
            if isinstance(r, Mandate)
        ],
        "deliverables": [
            [r.table, r.table_position, r.subprogramme, r.component, r.category, r.label, r.unit]
            + [[f.year, f.kind, f.value] for f in r.figures]
            for r in mine
            if isinstance(r, Deliverable)
        ],
    }


@pytest.fixture(scope="module")
def plan_records(programme_plan: Doc) -> tuple[Any, ...]:
    return extract_programmes(programme_plan, DEFAULT_OPTIONS, RES).records


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("programme-*.json")), ids=lambda p: p.stem)
def test_programmes_match_golden(path: Path, plan_records: tuple[Any, ...]) -> None:
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert summarise(plan_records, expected["programme"]) == expected


def test_programmes_sample_counts(plan_records: tuple[Any, ...]) -> None:
    progs = [r for r in plan_records if isinstance(r, Programme)]
    assert [p.number for p in progs] == list(range(1, 29))
    subs = [r for r in plan_records if isinstance(r, Subprogramme)]
    per = {n: sum(1 for s in subs if s.programme == n) for n in range(1, 29)}
    assert per == {
        1: 13, 2: 7, 3: 5, 4: 4, 5: 0, 6: 6, 7: 9, 8: 3, 9: 3, 10: 6, 11: 7, 12: 4, 13: 9, 14: 2,
        15: 9, 16: 9, 17: 8, 18: 13, 19: 7, 20: 4, 21: 0, 22: 5, 23: 5, 24: 3, 25: 24, 26: 3, 27: 0, 28: 3,
    }  # fmt: skip
    mandated = {m.programme for m in plan_records if isinstance(m, Mandate)}
    assert mandated == {1, 3, 4, 7, 9, 11, 14, 15, 18, 20, 21, 23, 24, 25, 26}


def test_programmes_mandates_read_by_hand(programme_plan: Doc, plan_records: tuple[Any, ...]) -> None:
    mandates = [m for m in plan_records if isinstance(m, Mandate)]
    keyed = {(m.programme, m.key) for m in mandates if m.key}
    # programme 14 (UN-Women): "执行局决定" are UN-Women Executive Board decisions; two CSW
    # agreed conclusions were adopted as CSW resolutions 40/9 and 59/1
    for key in (
        "UN-WOMEN-EB/DEC/2011/4",
        "UN-WOMEN-EB/DEC/2017/5",
        "UN-WOMEN-EB/DEC/2012/6",
        "CSW/RES/40/9",
        "CSW/RES/59/1",
    ):
        assert (14, key) in keyed, key
    # every numbered row of the 15 mandate sections has a key; only year-only rows (agreed
    # conclusions, ministerial communiqués), ECOSOC agreed conclusions "1997/2" and treaties
    # have none
    unkeyed = {(m.body, m.mandate_kind) for m in mandates if m.key is None}
    assert unkeyed == {
        ("CSW", "agreed-conclusions"),
        ("ECOSOC", "agreed-conclusions"),
        ("ECOSOC", "ministerial-declaration"),
        ("TREATY", "treaty"),
        ("TREATY", "declaration"),
    }
    # a title wrapped at the foot of a page and printed atop the right column (¶ 7, 18, 20, 25 G)
    titles = {(m.programme, m.component, m.key): m.title for m in mandates}
    assert titles[(7, None, "E/RES/2012/30")] == (
        "经济及社会理事会在按照包括第 61/16 号决议在内的大会相关决议统筹协调执行和贯彻联合国各次"
        "主要会议和首脑会议成果方面的作用"
    )
    assert titles[(20, None, "A/RES/62/134")] == (
        "消除一切表现形式的强奸和其他形式性暴力，包括在冲突和相关局势中发生的强奸和其他形式性暴力"
    )
    assert titles[(25, "G", "A/RES/60/283")] == "着力改革联合国以构建一个更强有力的世界性组织：详细报告"
    issues = extract_programmes(programme_plan, DEFAULT_OPTIONS, RES).issues
    assert [i for i in issues if i.code.startswith("mandate-")] == []


def test_programmes_evidence_spans_are_in_text(programme_plan: Doc, plan_records: tuple[Any, ...]) -> None:
    for r in plan_records:
        span = r.evidence.span
        assert 0 <= span.start < span.end <= len(programme_plan.text)
        if isinstance(r, Mandate):
            assert programme_plan.text[span.start : span.end] == r.printed


def test_programmes_not_a_plan_returns_nothing(annual_report: Doc) -> None:
    out = extract_programmes(annual_report, DEFAULT_OPTIONS, RES)
    assert out.records == () and out.issues == ()


def test_programmes_is_registered() -> None:
    spec = get_extractor("programmes")
    assert spec.fn is extract_programmes
    assert set(spec.produces) == {Programme, Component, Subprogramme, Mandate, Deliverable}


# ----------------------------------------------------------------------------- synthetic plans

PLAN = """目录

方案 1. 甲事务\t6
方案 2. 乙事务\t9

方案 1

甲事务

立法授权

大会决议

70/1\t变革我们的世界\t\t

工作方案

次级方案 1

第一项工作

宗旨

1.1 宗旨是，做第一件事。

表 1.1

次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

\t2018 年 计划数\t2018 年 实际数\t2019 年 计划数\t2020 年 计划数
量化的应交付产出\t\t\t\t
A. 协助政府间进程和专家机构\t\t\t\t
议事机构文件(文件数目)\t1\t2\t3\t4

会议管理，日内瓦

次级方案 1 日内瓦的第一项工作

宗旨

1.2 宗旨是，在日内瓦做第一件事。

表 9.9

次级方案 1：按类别和子类别分列的 2018-2020 年期间应交付产出

\t2018 年 计划数\t2018 年 实际数\t2019 年 计划数\t2020 年 计划数
量化的应交付产出\t\t\t\t
B. 生成和转让知识\t\t\t\t
技术材料(材料数目)\t5\t6\t7\t8

特别办事处

宗旨

1.3 宗旨是，办事处的事。

方案 2

乙事务

A. 第一部

立法授权

安全理事会决议

1325 (2000)\t1887 (2009)

工作方案

次级方案 1

一个相当长的次级方案标题，由若干部分组成，并且没有句末标点也没有换行的地方构成部分

构成部分 1

第一部分

宗旨

2.1 本构成部分的宗旨。

次级方案 2

第二项

构成部分 1

另一个第一部分

B. 第二部

工作方案

次级方案 1

第二部的工作

方案 3

丙事务

工作方案

宗旨

3.1 宗旨是，丙事务的宗旨。
"""


@pytest.fixture(scope="module")
def synthetic() -> tuple[Any, ...]:
    doc = normalise_text(PLAN, doc_id="synthetic-plan")
    return extract_programmes(doc, DEFAULT_OPTIONS, RES).records


def _of(records: tuple[Any, ...], kind: type) -> list[Any]:
    return [r for r in records if isinstance(r, kind)]


def test_programmes_toc_is_not_a_programme(synthetic: tuple[Any, ...]) -> None:
    assert [(p.number, p.title) for p in _of(synthetic, Programme)] == [
        (1, "甲事务"),
        (2, "乙事务"),
        (3, "丙事务"),
    ]


def test_programmes_numbering_restarts_under_duty_station(synthetic: tuple[Any, ...]) -> None:
    subs = [(s.programme, s.component, s.number, s.title) for s in _of(synthetic, Subprogramme)]
    assert (1, None, 1, "第一项工作") in subs
    assert (1, "geneva", 1, "日内瓦的第一项工作") in subs


def test_programmes_caption_is_not_a_heading_and_tables_link_by_position(synthetic: tuple[Any, ...]) -> None:
    rows = [(d.table, d.table_position, d.subprogramme, d.component) for d in _of(synthetic, Deliverable)]
    assert rows == [("1.1", 1, 1, None), ("9.9", 2, 1, "geneva")]


def test_programmes_objectives(synthetic: tuple[Any, ...]) -> None:
    subs = {
        (s.programme, s.component, s.number): (s.objective, s.paragraph) for s in _of(synthetic, Subprogramme)
    }
    assert subs[(1, None, 1)] == ("宗旨是，做第一件事。", "1.1")
    assert subs[(1, "geneva", 1)] == ("宗旨是，在日内瓦做第一件事。", "1.2")  # not the office's 1.3
    assert subs[(2, "A", 1)] == (None, None)  # the objective belongs to component 1
    (p3,) = [p for p in _of(synthetic, Programme) if p.number == 3]
    assert p3.objective == "宗旨是，丙事务的宗旨。"


def test_programmes_lettered_components_and_parts(synthetic: tuple[Any, ...]) -> None:
    comps = [(c.programme, c.key, c.title) for c in _of(synthetic, Component)]
    assert comps == [
        (1, "geneva", "会议管理，日内瓦"),
        (2, "A", "第一部"),
        (2, "A.1.1", "第一部分"),
        (2, "A.2.1", "另一个第一部分"),
        (2, "B", "第二部"),
    ]
    subs = [(s.programme, s.component, s.number) for s in _of(synthetic, Subprogramme)]
    assert (2, "B", 1) in subs and (2, "A", 2) in subs


def test_programmes_heading_glued_to_a_long_title_is_split(synthetic: tuple[Any, ...]) -> None:
    (sub,) = [s for s in _of(synthetic, Subprogramme) if (s.programme, s.component, s.number) == (2, "A", 1)]
    assert sub.title.endswith("构成部分") and not sub.title.endswith("构成部分 1")


def test_programmes_mandates_carry_programme_and_component(synthetic: tuple[Any, ...]) -> None:
    got = [(m.programme, m.component, m.key) for m in _of(synthetic, Mandate)]
    assert got == [(1, None, "A/RES/70/1"), (2, "A", "S/RES/1325(2000)"), (2, "A", "S/RES/1887(2009)")]


# a plan of another year: table of contents without page numbers, "方案 N：title" headings,
# "立法授权清单", "执行局决定" of the programme's entity
OTHER_YEAR = """目录

方案 1. 甲事务
方案 2. 性别平等和增强妇女权能

导言

1. 大会审议了方案计划。

方案 1：甲事务

立法授权清单

大会决议

70/1\t变革我们的世界\t74/555\t议程

工作方案

次级方案 1. 第一项工作

宗旨

1.1 宗旨是，做第一件事。

方案 2

性别平等和增强妇女权能

立法授权

执行局决定

2011/4\t最不发达国家

宗旨

2.1 宗旨是，性别平等。
"""


def test_programmes_plan_of_another_year() -> None:
    out = extract_programmes(normalise_text(OTHER_YEAR, doc_id="other-year"), DEFAULT_OPTIONS, RES)
    assert [(p.number, p.title) for p in _of(out.records, Programme)] == [
        (1, "甲事务"),
        (2, "性别平等和增强妇女权能"),
    ]
    assert [(s.programme, s.number, s.title) for s in _of(out.records, Subprogramme)] == [
        (1, 1, "第一项工作")
    ]
    assert [(m.programme, m.key) for m in _of(out.records, Mandate)] == [
        (1, "A/RES/70/1"),
        (1, "A/DEC/74/555"),  # GA decisions are numbered from 401
        (2, "UN-WOMEN-EB/DEC/2011/4"),
    ]
    assert out.issues == ()
