"""Hand-annotated passages of the sample corpus: the entity mentions a reader finds (issue 6).

Each passage was read in the source text and annotated by hand, one (surface, entity id) pair per
mention in text order, before the extractor was run on it. The policy the annotations follow:

- the longest name is the mention, with a parenthesised short form right after it
  ("联合国开发计划署(开发署)" is one mention); 联合国 inside a longer name is not a mention;
- a bare 联合国 is the Organization (联合国系统, 联合国国家工作队, 联合国实体 name the UN) except as
  the first word of a title in 《》 (《联合国海洋法公约》 names a treaty);
- generic words (该机制, 区域委员会, 维持和平特派团) and national bodies are not entities;
- named divisions and services of the Secretariat (选举援助司, 地雷行动处) are entities.

These are the listed-name (gazetteer) policy, so the passages run in entity mode "gazetteer";
the open-class names in the same passages are checked in `test_organisations.py`.
"""

from __future__ import annotations

import pytest

from kg.extract.entities import ExtractOptions, extract_entities
from kg.model import Doc
from kg.reference import default_resources

RES = default_resources()

# (fixture, from, to, [(surface, entity id), ...]); a passage runs from the first occurrence of
# `from` up to the next occurrence of `to`.
PASSAGES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "peace_report",
        "13. 在战略规划",
        "15. ",
        [
            ("联合国促进性别平等和增强妇女权能署(妇女署)", "un-women"),
            ("联合国", "un"),
            ("非洲联盟-联合国达尔富尔混合行动(达尔富尔混合行动)", "unamid"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("联合国人权事务高级专员办事处(人权高专办)", "ohchr"),
            ("人权理事会", "hrc"),
            ("人权高专办", "ohchr"),
            ("人权高专办", "ohchr"),
            ("建设和平支助办公室", "pbso"),
            ("人权高专办", "ohchr"),
            ("建设和平基金", "pbf"),
        ],
    ),
    (
        "peace_report",
        "41. 在巴布亚新几内亚",
        "42. ",
        [
            ("联合国", "un"),
            ("联合国", "un"),
            ("选举援助司", "ead"),
            ("调解支助股", "msu"),
            ("和平行动部", "dpo"),
            ("地雷行动处", "unmas"),
            ("建设和平支助办公室", "pbso"),
            ("政治和建设和平事务部", "dppa"),
            ("建设和平基金", "pbf"),
            ("联合国", "un"),
            ("政治和建设和平事务部", "dppa"),
            ("建设和平委员会", "pbc"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("建设和平委员会", "pbc"),
        ],
    ),
    (
        "annual_report",
        "49. 2019 年 10 月",
        "54. ",
        [
            ("全球投资者促进可持续发展联盟", "gisd"),
            ("非洲经济委员会", "eca"),
            ("亚洲及太平洋经济社会委员会", "escap"),
            ("亚洲开发银行", "adb"),
            ("联合国开发计划署", "undp"),
            ("拉丁美洲和加勒比经济委员会", "eclac"),
            ("联合国", "un"),
        ],
    ),
    (
        "annual_report",
        "93. 联合国人道主义集合基金",
        "96. ",
        [
            ("联合国", "un"),
            ("中央应急基金", "cerf"),
            ("联合国", "un"),
            ("中央应急基金", "cerf"),
            ("中央应急基金", "cerf"),
            ("中央应急基金", "cerf"),
            ("联合国", "un"),
        ],
    ),
    (
        "annual_report",
        "100. 我继续采取措施",
        "104. ",
        [
            ("缅甸问题独立调查机制", "iiimm"),
            ("人权理事会", "hrc"),
            ("刑事法庭余留事项国际处理机制", "irmct"),
            ("余留机制", "irmct"),
            ("国际刑事法院", "icc"),
            ("联合国", "un"),
            ("联合国中非共和国多层面综合稳定团", "minusca"),
            ("国际刑事法院", "icc"),
            ("国际刑事法院", "icc"),
            ("国际法院", "icj"),
            ("国际法院", "icj"),
            ("联合国", "un"),
        ],
    ),
    (
        "programme_plan",
        "10.30 在机构间协调",
        "10.31",
        [
            ("国贸中心", "itc"),
            ("联合国", "un"),
            ("联合国可持续发展集团", "unsdg"),
            ("联合国", "un"),
            ("国贸中心", "itc"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("国贸中心", "itc"),
            ("联合国", "un"),
            ("世界旅游组织", "unwto"),
            ("联合国粮食及农业组织", "fao"),
            ("东部和南部非洲共同市场", "comesa"),
            ("国际移民组织", "iom"),
        ],
    ),
    (
        "programme_plan",
        "12.12 在题为",
        "12.13",
        [
            ("人居署", "un-habitat"),
            ("人居署", "un-habitat"),
            ("人居署", "un-habitat"),
            ("人居署", "un-habitat"),
            ("联合国水机制", "un-water"),
            ("联合国能源机制", "un-energy"),
            ("人人享有可持续能源倡议", "seforall"),
            ("联合国", "un"),
            ("联合国开发计划署(开发署)", "undp"),
            ("联合国促进性别平等和增强妇女权能署(妇女署)", "un-women"),
            ("联合国儿童基金会(儿基会)", "unicef"),
            ("教科文组织", "unesco"),
            ("联合国", "un"),
        ],
    ),
    (
        "programme_plan",
        "13.11 关于机构间协调",
        "13.12",
        [
            ("毒品和犯罪问题办公室", "unodc"),
            ("联合国", "un"),
            ("联合国儿童基金会", "unicef"),
            ("妇女署", "un-women"),
            ("世界卫生组织(世卫组织)", "who"),
            ("世界海关组织", "wco"),
            ("联合国开发计划署", "undp"),
            ("国际移民组织", "iom"),
            ("联合国难民事务高级专员公署", "unhcr"),
            ("打击贩运人口问题机构间协调小组", "icat"),
            ("秘书处", "secretariat"),
            ("反恐办公室", "oct"),
            ("毒品和犯罪问题办公室", "unodc"),
            ("麻醉药品委员会", "cnd"),
            ("预防犯罪和刑事司法委员会", "ccpcj"),
            ("毒品和犯罪问题办公室", "unodc"),
            ("毒品和犯罪问题办公室", "unodc"),
            ("联合国艾滋病/艾滋病联合规划署(艾滋病署)", "unaids"),
        ],
    ),
    (
        "programme_plan",
        "16.11 在与其他实体合作方面",
        "16.12",
        [
            ("亚太经社会", "escap"),
            ("联合国", "un"),
            ("东盟", "asean"),
            ("经济合作组织", "eco"),
            ("太平洋岛屿论坛", "pif"),
            ("南亚区域合作联盟", "saarc"),
            ("上海合作组织", "sco"),
            ("亚太经社会", "escap"),
        ],
    ),
    (
        "programme_plan",
        "6.14 海洋和海洋法方面",
        "该会议第一届会议",
        [
            ("大陆架界限委员会", "clcs"),
            ("大会", "ga"),
            ("联合国海洋网络", "un-oceans"),
            ("海洋事务和海洋法司", "doalos"),
            ("法律厅", "ola"),
        ],
    ),
    (
        "annual_report",
        "27. 整个联合国系统",
        "34. ",
        [("联合国", "un"), ("世界卫生组织", "who"), ("联合国", "un"), ("联合国", "un"), ("联合国", "un")],
    ),
    (
        "annual_report",
        "121. 联合国秘书处",
        "125. ",
        [
            ("联合国秘书处", "secretariat"),
            ("秘书处", "secretariat"),
            ("秘书处", "secretariat"),
            ("管理战略、政策和合规部", "dmspc"),
            ("业务支助部", "dos"),
            ("业务支助部", "dos"),
            ("管理战略、政策和合规部", "dmspc"),
            ("管理与客户委员会", "management-client-board"),
        ],
    ),
    (
        "peace_report",
        "18. 改革开始几周后",
        "20. ",
        [
            ("联合国", "un"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("政治和建设和平事务部", "dppa"),
            ("和平行动部", "dpo"),
            ("调解支助股", "msu"),
            ("选举援助司", "ead"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("法治和安全机构厅", "orolsi"),
            ("地雷行动处", "unmas"),
            ("建设和平支助办公室", "pbso"),
            ("世界银行", "wbg"),
            ("建设和平基金", "pbf"),
            ("联合国", "un"),
            ("世界银行", "wbg"),
            ("非洲开发银行", "afdb"),
            ("欧洲联盟", "eu"),
            ("建设和平支助办公室", "pbso"),
            ("联合国", "un"),
            ("建设和平委员会", "pbc"),
            ("联合国", "un"),
            ("安全理事会", "sc"),
        ],
    ),
    (
        "programme_plan",
        "19.33 西亚经社会还在与阿盟协作",
        "19.37",
        [
            ("西亚经社会", "escwa"),
            ("阿盟", "las"),
            ("西亚经社会", "escwa"),
            ("阿盟", "las"),
            ("西亚经社会", "escwa"),
            ("阿盟", "las"),
            ("国际移民组织", "iom"),
            ("世界银行", "wbg"),
            ("伊斯兰开发银行", "isdb"),
            ("西亚经社会", "escwa"),
            ("西亚经社会", "escwa"),
            ("世界银行", "wbg"),
            ("世界银行", "wbg"),
            ("伊斯兰开发银行", "isdb"),
            ("西亚经社会", "escwa"),
            ("西亚经社会", "escwa"),
            ("联合国贸易和发展会议", "unctad"),
            ("经济合作与发展组织(经合组织)", "oecd"),
            ("联合国人口基金(人口基金)", "unfpa"),
            ("联合国促进性别平等和增强妇女权能署(妇女署)", "un-women"),
            ("经合组织", "oecd"),
            ("经济和社会事务部", "desa"),
            ("非洲经济委员会", "eca"),
            ("欧洲经济委员会", "ece"),
            ("国际电信联盟", "itu"),
            ("世界海关组织", "wco"),
            ("国际贸易中心", "itc"),
            ("拉丁美洲和加勒比经济委员会", "eclac"),
            ("联合国人类住区规划署(人居署)", "un-habitat"),
            ("联合国儿童基金会(儿基会)", "unicef"),
            ("人道主义事务协调厅", "ocha"),
            ("联合国难民事务高级专员公署", "unhcr"),
            ("联合国近东巴勒斯坦难民救济和工程处(近东救济工程处)", "unrwa"),
            ("人口基金", "unfpa"),
            ("经济和社会事务部", "desa"),
            ("可持续发展问题高级别政治论坛", "hlpf"),
            ("西亚经社会", "escwa"),
            ("联合国", "un"),
            ("联合国可持续发展集团", "unsdg"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("西亚经社会", "escwa"),
            ("西亚经社会", "escwa"),
        ],
    ),
    (
        "programme_plan",
        "27.13 首协会及其附属机构",
        "27.16",
        [
            ("首协会", "ceb"),
            ("联合国", "un"),
            ("首协会", "ceb"),
            ("方案问题高级别委员会", "hlcp"),
            ("首协会", "ceb"),
            ("管理问题高级别委员会", "hlcm"),
            ("联合国", "un"),
            ("联合国", "un"),
            ("管理问题高级别委员会", "hlcm"),
        ],
    ),
]


def passage_mentions(doc: Doc, start: str, stop: str) -> list[tuple[str, str]]:
    """The extractor's mentions inside one passage of `doc`, as (surface without breaks, id)."""
    begin = doc.text.index(start)
    end = doc.text.index(stop, begin + len(start))
    return [
        (r.surface.replace("\n", ""), r.entity_id)
        for r in extract_entities(doc, ExtractOptions("gazetteer"), RES).records
        if begin <= r.evidence.span.start and r.evidence.span.end <= end
    ]


@pytest.mark.parametrize(
    ("fixture", "start", "stop", "expected"), PASSAGES, ids=[f"{p[0]}:{p[1][:6]}" for p in PASSAGES]
)
def test_entities_hand_annotated_passage(
    fixture: str, start: str, stop: str, expected: list[tuple[str, str]], request: pytest.FixtureRequest
) -> None:
    doc: Doc = request.getfixturevalue(fixture)
    assert passage_mentions(doc, start, stop) == expected
