"""Regional and other intergovernmental organisations in the entity gazetteer (kg/extract/entities.py).

The regions gazetteer lists regional organisations whose names swallow the region word inside them
(非洲 in 非洲开发银行 is no region mention); each of those names must then be an entity mention.
"""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from kg.extract.entities import find_entities
from kg.ingest.normalise import normalise_fragment
from kg.paths import gazetteer_path
from kg.reference import default_resources
from kg.reference.entities import EntityResources

RES = default_resources()

# Names of the regions gazetteer's `organisations` list that are deliberately not entity names.
NOT_ENTITIES = {
    # the CFA franc zone (非洲金融共同体法郎 is the currency), not an organisation: the monetary
    # unions and their banks are WAEMU/BCEAO and CEMAC/BEAC
    "非洲金融共同体": "currency zone",
}


@pytest.fixture(scope="module")
def res() -> EntityResources:
    return RES.entities


@pytest.fixture(scope="module")
def regional_names() -> list[str]:
    doc = yaml.safe_load(gazetteer_path("regions").read_text(encoding="utf-8"))
    return [normalise_fragment(str(name)) for name in doc["organisations"]]


def lineage(type_id: str, res: EntityResources) -> set[str]:
    seen: set[str] = set()
    current: str | None = type_id
    while current is not None:
        seen.add(current)
        current = res.types[current].broader
    return seen


def found(text: str, res: EntityResources) -> list[tuple[str, str]]:
    return [
        (text[h.span.start : h.span.end], h.entity_id)
        for h in find_entities(text, dataclasses.replace(RES, entities=res))
    ]


def test_entities_name_every_regional_organisation_of_the_regions_gazetteer(
    regional_names: list[str], res: EntityResources
) -> None:
    missing = []
    for name in regional_names:
        hits = found(name, res)
        if name in NOT_ENTITIES:
            assert all(surface != name for surface, _ in hits), (
                f"{name!r} is an entity now: drop the exception"
            )
        elif len(hits) != 1 or hits[0][0] != name:
            missing.append((name, hits))
    assert missing == []
    assert set(NOT_ENTITIES) <= set(regional_names)


def test_entities_regional_organisations_are_regional_commissions_or_outside_the_un(
    regional_names: list[str], res: EntityResources
) -> None:
    allowed = {"regional-commission", "non-un-organization", "member-state-group"}
    for name in regional_names:
        for _, eid in found(name, res):
            etype = str(res.entry(eid).get("type"))
            assert lineage(etype, res) & allowed, (name, eid, etype)


def test_entities_regional_groups_of_member_states_have_their_own_type(res: EntityResources) -> None:
    group = res.types["member-state-group"]
    assert (group.label_en, group.label_zh, group.broader) == ("group of Member States", "会员国集团", None)
    text = "代表非洲国家集团、亚洲及太平洋国家集团、东欧国家集团、拉丁美洲和加勒比国家集团、西欧和其他国家集团和阿拉伯国家集团发言"
    ids = [eid for _, eid in found(text, res)]
    assert ids == [
        "african-group",
        "asia-pacific-group",
        "eastern-european-group",
        "grulac",
        "weog",
        "arab-group",
    ]
    assert {str(res.entry(eid).get("type")) for eid in ids} == {"member-state-group"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # both spellings name the African Development Bank
        ("非洲发展银行和非洲开发银行", [("非洲发展银行", "afdb"), ("非洲开发银行", "afdb")]),
        ("非洲进出口银行", [("非洲进出口银行", "afreximbank")]),
        ("西非经济货币联盟(西非经货联盟)", [("西非经济货币联盟(西非经货联盟)", "waemu")]),
        ("西非国家中央银行和中部非洲国家银行", [("西非国家中央银行", "bceao"), ("中部非洲国家银行", "beac")]),
        (
            "中非国家经济共同体和中部非洲经共体",
            [("中非国家经济共同体", "eccas"), ("中部非洲经共体", "eccas")],
        ),
        # the CFA franc is a currency, not an organisation
        ("以非洲金融共同体法郎计", []),
        # a subregional group of States is not the African Group
        ("中部非洲国家集团", []),
        ("大湖区国家经济共同体", [("大湖区国家经济共同体", "cepgl")]),
        (
            "拉丁美洲和加勒比经济体系(拉丁美洲经济体系)",
            [("拉丁美洲和加勒比经济体系(拉丁美洲经济体系)", "sela")],
        ),
        ("拉美一体化协会", [("拉美一体化协会", "aladi")]),
        ("中美洲议会和加勒比国家联盟", [("中美洲议会", "parlacen"), ("加勒比国家联盟", "acs")]),
        ("东加勒比国家组织、加勒比开发银行", [("东加勒比国家组织", "oecs"), ("加勒比开发银行", "cdb")]),
        ("加勒比灾害应急管理机构", [("加勒比灾害应急管理机构", "cdema")]),
        # APEC, never the Economic Cooperation Organization inside its name; the phrase is no name
        ("亚太经济合作组织", [("亚太经济合作组织", "apec")]),
        ("促进亚太经济合作", []),
        ("亚洲相互协作与信任措施会议(亚信会议)", [("亚洲相互协作与信任措施会议(亚信会议)", "cica")]),
        ("北极理事会", [("北极理事会", "arctic-council")]),
    ],
)
def test_entities_regional_organisation_names(
    text: str, expected: list[tuple[str, str]], res: EntityResources
) -> None:
    assert found(text, res) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the Council of Europe (欧洲委员会), not the European Commission (欧洲联盟委员会)
        ("联合国与欧洲委员会之间的合作", [("联合国", "un"), ("欧洲委员会", "coe")]),
        ("欧洲联盟委员会(欧盟委员会)", [("欧洲联盟委员会(欧盟委员会)", "european-commission")]),
        ("欧洲共同体委员会", [("欧洲共同体委员会", "european-commission")]),
        # the European Council (heads of State of the EU) and the Council of the EU
        (
            "欧洲理事会和欧洲联盟理事会",
            [("欧洲理事会", "european-council"), ("欧洲联盟理事会", "council-of-the-eu")],
        ),
        ("欧洲议会", [("欧洲议会", "european-parliament")]),
        # the EU's court and the Council of Europe's court
        ("欧洲法院和欧洲人权法院", [("欧洲法院", "cjeu"), ("欧洲人权法院", "echr")]),
        ("欧洲联盟法院", [("欧洲联盟法院", "cjeu")]),
        ("欧洲共同体(欧共体)和欧洲经济共同体", [("欧洲共同体(欧共体)", "ec"), ("欧洲经济共同体", "eec")]),
        ("欧洲原子能共同体", [("欧洲原子能共同体", "euratom")]),
        ("欧洲中央银行", [("欧洲中央银行", "ecb")]),
        ("欧洲自由贸易联盟", [("欧洲自由贸易联盟", "efta")]),
        ("欧洲航天局(欧空局)", [("欧洲航天局(欧空局)", "esa")]),
        ("欧洲刑警组织和国际刑警组织", [("欧洲刑警组织", "europol"), ("国际刑警组织", "interpol")]),
    ],
)
def test_entities_european_organisations_are_told_apart(
    text: str, expected: list[tuple[str, str]], res: EntityResources
) -> None:
    assert found(text, res) == expected


def test_entities_european_communities_history(res: EntityResources) -> None:
    assert res.successors["eec"] == ("ec",)
    assert res.successors["ec"] == ("eu",)
    assert res.predecessors["eu"] == ("ec",)
    for eid in ("european-council", "european-parliament", "cjeu", "ecb", "europol"):
        assert res.entry(eid).get("parent") == "eu"
    assert res.entry("echr").get("parent") == "coe"
