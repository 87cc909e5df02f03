"""Entities extractor (kg/extract/entities.py), its gazetteer and its RDF mapping (issue 6)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.errors import GazetteerError
from kg.extract import DEFAULT_OPTIONS
from kg.extract.entities import (
    ExtractOptions,
    entity_counts,
    extract_entities,
    find_entities,
)
from kg.ingest.normalise import normalise_fragment, normalise_text
from kg.model import Doc, EntityMention
from kg.rdf import mint
from kg.rdf.mapping import ORG, MappingContext, to_triples
from kg.rdf.mapping.entities import entity_scheme_triples
from kg.rdf.vocab import KG
from kg.reference import default_resources
from kg.reference.entities import EntityResources, build_entity_resources
from tests.extract.cases import KindCase

RES = default_resources()

# golden case of kind `entity`, listed and open-class (run by tests/test_registry.py, see tests/extract/cases.py)
KIND_CASES = [
    KindCase(
        "entities-listed-and-open",
        "entities",
        "开发署和联合国驻阿富汗国家工作队向难民署提供支助。",
        (
            {
                "kind": "entity",
                "key": "undp",
                "surface": "开发署",
                "acronym": "UNDP",
                "rule": "gazetteer:entities#undp",
            },
            {
                "kind": "entity",
                "key": "联合国驻阿富汗国家工作队",
                "rule": "open:head#国家工作队",
                "parent": "un",
                "confidence": 0.85,
            },
            {"kind": "entity", "key": "unhcr", "surface": "难民署", "entity_type": "fund-programme"},
        ),
    )
]


TYPES = {
    "scheme": {"id": "entity-types"},
    "concepts": [{"id": "fund-programme", "label_en": "fund"}, {"id": "organization", "label_en": "UN"}],
}


@pytest.fixture(scope="module")
def res() -> EntityResources:
    return RES.entities


def found(text: str, res: EntityResources) -> list[tuple[str, str]]:
    return [
        (text[h.span.start : h.span.end], h.entity_id)
        for h in find_entities(text, dataclasses.replace(RES, entities=res))
    ]


def mentions(text: str) -> tuple[EntityMention, ...]:
    return extract_entities(normalise_text(text, doc_id="t"), DEFAULT_OPTIONS, RES).records


# ------------------------------------------------------------------ gazetteer


def test_entities_gazetteer_is_broad_and_typed(res: EntityResources) -> None:
    assert len(res.gazetteer) >= 300
    assert {str(e.get("type")) for e in res.gazetteer.entries} <= set(res.types)
    for eid in (
        "undp",
        "unicef",
        "dppa",
        "dpo",
        "dos",
        "dmspc",
        "dco",
        "dpa-former",
        "dpko",
        "dfs",
        "dm-former",
        "minusma",
        "monusco",
        "unifil",
        "unama",
        "eca",
        "escwa",
        "au",
        "eu",
        "wbg",
        "igad",
        "osce",
    ):
        assert eid in res.gazetteer.by_id


def test_entities_every_alias_resolves_to_exactly_one_entry(res: EntityResources) -> None:
    owners: dict[str, set[str]] = {}
    for e in res.gazetteer.entries:
        for name in (e.label, *e.aliases):
            owners.setdefault(normalise_fragment(name), set()).add(e.id)
    assert all(len(ids) == 1 for ids in owners.values())
    for name, ids in owners.items():
        (eid,) = ids
        assert found(name, res) == [(name, eid)], name


def test_entities_history_links_the_2019_reform(res: EntityResources) -> None:
    assert res.successors["dpa-former"] == ("dppa",)
    assert res.successors["dpko"] == ("dpo",)
    assert res.successors["dfs"] == ("dos",)
    assert set(res.successors["dm-former"]) == {"dmspc", "dos"}
    assert set(res.predecessors["dos"]) == {"dfs", "dm-former"}
    assert res.entry("pbso").get("parent") == "dppa"


def _entry(eid: str, label: str, **more: Any) -> dict[str, Any]:
    return {"id": eid, "label": label, "label_en": eid.upper(), "type": "fund-programme", **more}


def test_entities_duplicate_alias_across_entries_is_an_error() -> None:
    doc = {
        "entries": [
            _entry("undp", "联合国开发计划署", aliases=["开发署"]),
            _entry("x", "某署", aliases=["开发署"]),
        ]
    }
    with pytest.raises(GazetteerError, match=r"'开发署'.*'undp'.*'x'"):
        build_entity_resources(doc, TYPES)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"entries": [_entry("a", "甲署", type="agency")]}, "has type 'agency'"),
        ({"entries": [_entry("a", "甲署", parent="nowhere")]}, "unknown parent 'nowhere'"),
        ({"entries": [_entry("a", "甲署", successor=["b"])]}, "unknown successor 'b'"),
        ({"entries": [_entry("a", "委员会")], "generic": ["委员会"]}, "generic word"),
        (
            {"entries": [_entry("a", "甲署")], "contexts": {"乙署": {"not_after": ["服务"]}}},
            "not a listed name",
        ),
        ({"entries": [_entry("a", "甲署")], "not_entities": ["甲署"]}, "non-entity '甲署'"),
        ({"entries": [_entry("a", "甲署", colour="red")]}, "unknown key"),
        ({"entries": [_entry("a", "甲署")], "organ": ["大会"]}, "unknown top-level key"),
        ({"entries": [_entry("a", "甲署")], "organs": ["大会"]}, "organ word '大会' is not a listed name"),
        ({"entries": [_entry("a", "甲署")], "prefixes": {"乙": {}}}, "prefix '乙' is not the name"),
        (
            {"entries": [_entry("a", "甲署")], "prefixes": {"甲署": {"except_types": ["nowhere"]}}},
            "unknown type 'nowhere'",
        ),
        ({"entries": [_entry("a", "甲署")], "endings": {"部": []}}, "ending '部' needs a list"),
        ({"entries": [_entry("a", "甲署")], "prefixes": {"甲署": ["x"]}}, "expected a mapping"),
    ],
)
def test_entities_bad_gazetteer_raises(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(GazetteerError, match=message):
        build_entity_resources(doc, TYPES)


# ------------------------------------------------------------------ matching rules


def test_entities_longest_name_only(res: EntityResources) -> None:
    assert found("联合国开发计划署和联合国", res) == [("联合国开发计划署", "undp"), ("联合国", "un")]
    # 和平行动部 inside 维持和平行动部 is the former department, not the current one
    assert found("前维持和平行动部和和平行动部", res) == [("维持和平行动部", "dpko"), ("和平行动部", "dpo")]
    assert found("前政治事务部并入政治和建设和平事务部", res) == [
        ("政治事务部", "dpa-former"),
        ("政治和建设和平事务部", "dppa"),
    ]
    assert found("非洲联盟-联合国达尔富尔混合行动", res) == [("非洲联盟-联合国达尔富尔混合行动", "unamid")]
    assert found("联合国际社会", res) == []


def test_entities_parenthesised_abbreviation_is_the_same_mention(res: EntityResources) -> None:
    text = "与联合国开发计划署(开发署)合作。开发署还"
    assert found(text, res) == [("联合国开发计划署(开发署)", "undp"), ("开发署", "undp")]
    assert found("联合国开发计划署(UNDP)", res) == [("联合国开发计划署(UNDP)", "undp")]
    # a parenthesis naming another entity is that entity's mention
    assert found("非洲联盟(欧洲联盟)", res) == [("非洲联盟", "au"), ("欧洲联盟", "eu")]
    records = mentions("联合国开发计划署（开发署）")  # full-width parentheses are normalised
    assert [(r.surface, r.entity_id) for r in records] == [("联合国开发计划署(开发署)", "undp")]


def test_entities_learns_a_new_abbreviation_for_the_document() -> None:
    doc = {"entries": [_entry("unxm", "联合国甲国特别援助团")]}
    res = build_entity_resources(doc, TYPES)
    text = "联合国甲国特别援助团(甲国援助团)成立后，甲国援助团在"
    hits = find_entities(text, dataclasses.replace(RES, entities=res))
    assert [(text[h.span.start : h.span.end], h.entity_id, h.via) for h in hits] == [
        ("联合国甲国特别援助团(甲国援助团)", "unxm", "gazetteer"),
        ("甲国援助团", "unxm", "abbreviation"),
    ]


def test_entities_does_not_learn_places_or_generic_words(res: EntityResources) -> None:
    assert found("联合国日内瓦办事处(日内瓦)设在日内瓦", res) == [("联合国日内瓦办事处", "unog")]
    assert found("建设和平委员会(委员会)，委员会", res) == [("建设和平委员会", "pbc")]


def test_entities_united_nations_before_a_un_entity_is_part_of_its_name(res: EntityResources) -> None:
    # 联合国妇女署 is UN-Women written with the Organization's name in front, not two entities
    assert found("联合国妇女署和联合国教科文组织", res) == [
        ("联合国妇女署", "un-women"),
        ("联合国教科文组织", "unesco"),
    ]
    assert found("联合国难民署(难民署)支持", res) == [("联合国难民署(难民署)", "unhcr")]
    assert found("联合国\n人权高专办", res) == [("联合国\n人权高专办", "ohchr")]
    # not before an organisation outside the UN, and not across a separator
    assert found("联合国欧洲联盟伙伴关系", res) == [("联合国", "un"), ("欧洲联盟", "eu")]
    assert found("联合国和妇女署", res) == [("联合国", "un"), ("妇女署", "un-women")]
    assert found("联合国-非洲联盟年度会议", res) == [("联合国", "un"), ("非洲联盟", "au")]
    # 联合国维持和平行动部 is the former department, not 联合国 and a peacekeeping operation
    assert found("联合国维持和平行动部和联合国维持和平行动", res) == [
        ("联合国维持和平行动部", "dpko"),
        ("联合国", "un"),
    ]


def test_entities_organ_word_after_an_organisation_is_its_organ(res: EntityResources) -> None:
    # the assembly or secretariat of the organisation just named: not the GA, not the UN Secretariat
    assert found("非洲联盟大会通过决定", res) == [("非洲联盟", "au")]
    assert found("贸发会议秘书处和东盟秘书处", res) == [("贸发会议", "unctad"), ("东盟", "asean")]
    assert found("联合国贸易和发展会议(贸发会议)秘书处", res) == [
        ("联合国贸易和发展会议(贸发会议)", "unctad")
    ]
    assert found("联合国贸易和发展会议(UNCTAD)秘书处", res) == [("联合国贸易和发展会议(UNCTAD)", "unctad")]
    assert found("《公约》缔约方大会秘书处", res) == []
    # separated by a conjunction they are two mentions
    assert found("安理会、大会和秘书处", res) == [("安理会", "sc"), ("大会", "ga"), ("秘书处", "secretariat")]
    assert found("联合国大会和联合国秘书处", res) == [("联合国大会", "ga"), ("联合国秘书处", "secretariat")]


def test_entities_department_name_does_not_end_inside_a_word(res: EntityResources) -> None:
    # 部门 (sector), 部分 (part), 部队 (troops), 部署 (deployment) are words, not departments
    assert found("维和部队、安保部门、新闻部门和维持和平行动部署", res) == []
    assert found("维和部和安保部", res) == [("维和部", "dpko"), ("安保部", "dss")]
    assert found("维持和平行动部部分职能", res) == [("维持和平行动部", "dpko")]
    assert found("和平行动部长期支持", res) == [("和平行动部", "dpo")]


def test_entities_united_nations_opening_a_title_is_part_of_the_title(res: EntityResources) -> None:
    assert found("《联合国宪章》、《联合国海洋法公约》和联合国", res) == [("联合国", "un")]
    assert found("依照联合国宪章第七章", res) == []
    # an entity named inside a title is still a mention
    assert found("《联合国开发计划署战略计划》", res) == [("联合国开发计划署", "undp")]
    assert found("《联合国-世界银行伙伴关系框架》", res) == [("世界银行", "wbg")]
    assert found("与《联合国气候变化框架公约》秘书处合作", res) == [
        ("《联合国气候变化框架公约》秘书处", "unfccc")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在东亚行动和叙利亚行政部门", []),
        ("与亚行合作", [("亚行", "adb")]),
        ("该国东北约有十万人", []),
        ("北约和欧盟", [("北约", "nato"), ("欧盟", "eu")]),
        ("中东盟友", []),
        ("中部非洲经济共同体成员国", [("中部非洲经济共同体", "eccas")]),
        ("建立非洲经济共同体条约", [("非洲经济共同体", "aec")]),
        ("非洲联盟国际法委员会", [("非洲联盟国际法委员会", "aucil")]),
        ("世界卫生大会", [("世界卫生大会", "who")]),
        ("常设国际法院的判例", []),
        ("全国对话大会", []),
        ("非洲统计委员会", []),
        ("联合国驻印度和巴基斯坦军事观察组", [("联合国驻印度和巴基斯坦军事观察组", "unmogip")]),
        ("77 国集团和中国", [("77 国集团", "g77")]),
        ("和平行动部地雷行动处", [("和平行动部", "dpo"), ("地雷行动处", "unmas")]),
        # national and regional namesakes of UN bodies
        ("摩洛哥国家人权理事会和人权理事会", [("人权理事会", "hrc")]),
        ("中国国家原子能机构", []),
        ("伊斯兰教科文组织和阿拉伯劳工组织", []),
        ("欧洲环境署", []),
        ("警务司法合作", []),
        ("经济和社会事务部统计司", [("经济和社会事务部", "desa"), ("统计司", "unsd")]),
        # conferences and assemblies that are not the General Assembly
        ("2017年联合国海洋大会", [("联合国", "un")]),
        ("世界土著人民大会和第四次世界妇女大会", []),
        ("世界气象大会和国际劳工大会", [("世界气象大会", "wmo"), ("国际劳工大会", "ilo")]),
        ("大会第七十五届会议", [("大会", "ga")]),
    ],
)
def test_entities_word_boundaries_and_variants(
    text: str, expected: list[tuple[str, str]], res: EntityResources
) -> None:
    assert found(text, res) == expected


def test_entities_generic_words_alone_are_not_entities(res: EntityResources) -> None:
    assert found("委员会、该部、法院、本组织、特派团、总部、秘书长、该基金和国家工作队", res) == []


def test_entities_names_split_by_line_breaks_are_found(res: EntityResources) -> None:
    text = "与联合国中部\n非洲区域办事处和内部\n监督事务厅合作"
    assert found(text, res) == [("联合国中部\n非洲区域办事处", "unoca"), ("内部\n监督事务厅", "oios")]
    doc = normalise_text("在达尔富尔，联合国开发计\n划署与伊加特合作。", doc_id="wrap")
    records = extract_entities(doc, DEFAULT_OPTIONS, RES).records
    assert [(r.surface, r.entity_id) for r in records] == [("联合国开发计\n划署", "undp"), ("伊加特", "igad")]
    assert doc.raw[slice(*doc.raw_span(records[0].evidence.span))] == "联合国开发计\n划署"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("为会议提供会议和秘书处服务", []),
        ("担任该公约的秘书处", []),
        ("秘书处各部门", [("秘书处", "secretariat")]),
        ("贸发会议第十五届大会", [("贸发会议", "unctad")]),
        ("举行员工大会", []),
        ("不扩散条约第十次审议大会", []),
        ("联合国可持续发展大会", [("联合国", "un")]),
        ("国家、区域或国际法院", []),
        ("国际法院作出裁定", [("国际法院", "icj")]),
        ("主管非洲事务助理秘书长办公室", []),
        ("在秘书长办公室支持下", [("秘书长办公室", "eosg")]),
        ("美国国际开发署和开发署", [("美国国际开发署", "usaid"), ("开发署", "undp")]),
        ("加拿大国际开发署", []),
        ("大会部分会议", [("大会", "ga")]),
        ("大会部负责会议", [("大会部", "dgacm")]),
        ("亚太经社会统计委员会", [("亚太经社会统计委员会", "escap-committee-on-statistics")]),
        ("国家统计委员会", []),
        ("大会第五委员会", [("大会", "ga"), ("第五委员会", "fifth-committee")]),
    ],
)
def test_entities_context_blockers(text: str, expected: list[tuple[str, str]], res: EntityResources) -> None:
    assert found(text, res) == expected


def test_entities_record_fields_and_evidence() -> None:
    doc = normalise_text("维持和平行动部改组为和平行动部。", doc_id="d1")
    (old, new) = extract_entities(doc, DEFAULT_OPTIONS, RES).records
    assert new == EntityMention(
        "dpo",
        "和平行动部",
        "Department of Peace Operations",
        "DPO",
        "secretariat-department",
        "和平行动部",
        new.evidence,
    )
    assert new.evidence.rule == "gazetteer:entities#dpo" and new.evidence.doc_id == "d1"
    assert (old.entity_id, old.label_en) == ("dpko", "Department of Peacekeeping Operations")


# ------------------------------------------------------------------ sample corpus

GOLDEN = {
    "annual_report": (
        "adb au au-commission binuh cerf climate-security-mechanism csw dco dmspc dos dpo dppa eca eclac eosg "
        "escap eu first-committee g5-sahel ga gisd hlp-idp hlpf hrc icc icj iiimm irmct "
        "management-client-board minusca minusma ocha pbc pbf pbso rcm-africa sc secretariat un unamid undp "
        "unitams unowas unsdg unvmc wbg wef who"
    ),
    "peace_report": (
        "afdb au binuh dco dfs dmspc dos dpa-former dpko dpo dppa ead eccas eosg eu ga gfp-rol hrc igad "
        "minujusth minusca minusma monusco msu ocha oct oda ohchr oios orolsi pbc pbf pbso police-division sc "
        "secretariat un un-women unamid undp uniogbis unitams unmas unoca unowas unssc wbg who"
    ),
    "programme_plan": (
        "aalco adaptation-fund aec apcict apctt apec asean au aucil cahdi caricom ccpcj ceb charter-committee "
        "cis clcs cnd codification-division coe coi-syria comesa copuos cpc csw desa dmspc doalos dos dppa "
        "dss ebrd eca eccas ece eclac eco ecosoc ecowas emg escap escap-committee-on-statistics escwa eu fao "
        "fifth-committee first-committee g5-sahel ga gatt gcf gef gltn gwopa hague-academy hlcm hlcp hlpf "
        "hq-committee-on-contracts hq-property-survey-board hrc iaac iajc iasc iasmn icat icg icj icsc ifad "
        "iiim iiimm ilc ilo incb interpol iom irmct isdb itc itld itu jim jiu las nepad nippon-foundation oas "
        "oau ocha oct oecd ohada ohchr ohrlls oict oif oios ola oosa opcw osce pbso pif rcm-asia-pacific "
        "rcm-europe saarc sc sco secretariat seforall sixth-committee tdb un un-energy un-habitat "
        "un-habitat-assembly un-network-on-migration un-oceans un-spider un-water un-women unaids unat unchs "
        "uncitral unctad undp undrr unea unep unesco unfccc unfpa unhcr unhhsf unicef unido unmogip unoau "
        "unodc unog unrwa unsco unsdg untso unwto wbg wco wfp who wto"
    ),
}


@pytest.mark.parametrize("fixture", sorted(GOLDEN))
def test_entities_sample_corpus_entity_sets(fixture: str, request: pytest.FixtureRequest) -> None:
    doc: Doc = request.getfixturevalue(fixture)
    records = extract_entities(doc, ExtractOptions("gazetteer"), RES).records  # the listed entities
    assert sorted({r.entity_id for r in records}) == GOLDEN[fixture].split()
    for r in records:
        assert doc.text[r.evidence.span.start : r.evidence.span.end] == r.surface
        assert r.evidence.rule.endswith("#" + r.entity_id)


def test_entities_peace_report_abbreviations(peace_report: Doc) -> None:
    records = extract_entities(peace_report, DEFAULT_OPTIONS, RES).records
    surfaces = {(r.surface, r.entity_id) for r in records}
    assert ("联合国开发计划署(开发署)", "undp") in surfaces
    assert ("政府间发展组织(伊加特)", "igad") in surfaces
    assert ("政治建和部", "dppa") in surfaces
    assert ("联合国西非和萨赫勒办事处(西萨办)", "unowas") in surfaces
    assert entity_counts(peace_report.text, RES)["dppa"] == 31


# ------------------------------------------------------------------ RDF mapping (kg/rdf/mapping/entities.py)


def test_mapping_entity_scheme_is_org_with_history_and_labels(res: EntityResources) -> None:
    g = Graph()
    for t in entity_scheme_triples(dataclasses.replace(RES, entities=res)):
        g.add(t)
    dpo, dpko, secretariat = mint.entity("dpo"), mint.entity("dpko"), mint.entity("secretariat")
    assert (dpo, RDF.type, ORG.Organization) in g
    assert (dpo, RDF.type, ORG.OrganizationalUnit) in g
    assert (dpo, ORG.subOrganizationOf, secretariat) in g
    assert (dpo, DCTERMS.replaces, dpko) in g and (dpko, DCTERMS.isReplacedBy, dpo) in g
    assert (dpo, SKOS.prefLabel, Literal("和平行动部", lang="zh")) in g
    assert (dpo, SKOS.prefLabel, Literal("Department of Peace Operations", lang="en")) in g
    assert (dpo, SKOS.notation, Literal("DPO")) in g
    assert (dpo, DCTERMS.type, mint.entity_type("secretariat-department")) in g
    assert (mint.entity_type("secretariat-department"), RDF.type, SKOS.Concept) in g
    assert (mint.entity("undp"), SKOS.altLabel, Literal("开发署", lang="zh")) in g


def test_mapping_entity_mentions_and_counts(peace_report: Doc) -> None:
    records = extract_entities(peace_report, DEFAULT_OPTIONS, RES).records
    ctx = MappingContext(peace_report, mint.run("test"), records=records)
    g = Graph()
    for r in records:
        for t in to_triples(r, ctx):
            g.add(t)
    d = mint.document(peace_report.id)
    assert (d, KG.mentionsEntity, mint.entity("dppa")) in g
    rows = g.query(
        """PREFIX kg: <https://unkg.org/ontology#>
           SELECT ?n WHERE { ?c a kg:MentionCount ; kg:countedIn ?d ; kg:countOf ?e ; kg:mentionCount ?n }""",
        initBindings={"d": d, "e": mint.entity("dppa")},
    )
    assert [int(row[0]) for row in rows] == [31]  # type: ignore[index]
    mentions_of_dpo = set(g.subjects(URIRef("http://www.w3.org/ns/oa#hasBody"), mint.entity("dpo")))
    assert len(mentions_of_dpo) == 27
    assert all((m, RDF.type, KG.EntityMention) in g for m in mentions_of_dpo)
