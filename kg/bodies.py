"""Issuing bodies of UN documents: stable codes, Chinese names, and the boards of entities.

Shared by the symbol grammar (`kg.symbols`), the citation extractor (bodies printed in running
text) and the mandate tables of programme plans (body headings). Data only; no I/O.
"""

from __future__ import annotations

BODIES: dict[str, str] = {
    "GA": "General Assembly",
    "SC": "Security Council",
    "ECOSOC": "Economic and Social Council",
    "HRC": "Human Rights Council",
    "CHR": "Commission on Human Rights",
    "UNEA": "United Nations Environment Assembly",
    "UNEP-GC": "Governing Council of UNEP",
    "CSW": "Commission on the Status of Women",
    "CND": "Commission on Narcotic Drugs",
    "CCPCJ": "Commission on Crime Prevention and Criminal Justice",
    "UNCTAD": "Trade and Development Board (UNCTAD)",
    "ECA": "Economic Commission for Africa",
    "ECE": "Economic Commission for Europe",
    "ECLAC": "Economic Commission for Latin America and the Caribbean",
    "ESCAP": "Economic and Social Commission for Asia and the Pacific",
    "ESCWA": "Economic and Social Commission for Western Asia",
    "SECRETARIAT": "Secretariat (ST/ series)",
    "UNEP": "United Nations Environment Programme",
    "UN-WOMEN-EB": "Executive Board of UN-Women",
    "UNDP-EB": "Executive Board of UNDP, UNFPA and UNOPS",
    "UNICEF-EB": "Executive Board of UNICEF",
    "WFP-EB": "Executive Board of the World Food Programme",
    "UN-HABITAT-EB": "Executive Board of UN-Habitat",
    "UN-HABITAT-GC": "Governing Council of UN-Habitat",
    "UN-HABITAT-ASSEMBLY": "UN-Habitat Assembly",
}
"""Issuing-body codes used in `CitedSymbol.organ`, `Citation.body` and `Mandate.body`."""

GENERIC = "?"
"""Body code of a generic name ("理事会", "执行局", "委员会") that alone names no body."""

BODY_NAMES: dict[str, str] = {
    "联合国大会": "GA",
    "大会": "GA",
    "联大": "GA",
    "安全理事会": "SC",
    "安理会": "SC",
    "经济及社会理事会": "ECOSOC",
    "经济和社会理事会": "ECOSOC",
    "经社理事会": "ECOSOC",
    "人权理事会": "HRC",
    "人权委员会": "CHR",
    "联合国环境大会": "UNEA",
    "联合国环境规划署联合国环境大会": "UNEA",
    "环境大会": "UNEA",
    "联合国环境规划署理事会": "UNEP-GC",
    "环境规划署理事会": "UNEP-GC",
    "环境署理事会": "UNEP-GC",
    "妇女地位委员会": "CSW",
    "麻醉药品委员会": "CND",
    "预防犯罪和刑事司法委员会": "CCPCJ",
    "贸易和发展理事会": "UNCTAD",
    "非洲经济委员会": "ECA",
    "非洲经委会": "ECA",
    "欧洲经济委员会": "ECE",
    "欧洲经委会": "ECE",
    "拉丁美洲和加勒比经济委员会": "ECLAC",
    "拉加经委会": "ECLAC",
    "亚洲及太平洋经济社会委员会": "ESCAP",
    "亚太经社会": "ESCAP",
    "西亚经济社会委员会": "ESCWA",
    "西亚经社会": "ESCWA",
    "联合国人类住区规划署理事会": "UN-HABITAT-GC",
    "人居署理事会": "UN-HABITAT-GC",
    "联合国人类住区规划署大会": "UN-HABITAT-ASSEMBLY",
    "联合国人居大会": "UN-HABITAT-ASSEMBLY",
    "人居大会": "UN-HABITAT-ASSEMBLY",
    "联合国人类住区规划署执行局": "UN-HABITAT-EB",
    "人居署执行局": "UN-HABITAT-EB",
    "联合国促进性别平等和增强妇女权能署执行局": "UN-WOMEN-EB",
    "联合国妇女署执行局": "UN-WOMEN-EB",
    "妇女署执行局": "UN-WOMEN-EB",
    "开发计划署、人口基金和项目署执行局": "UNDP-EB",
    "开发署/人口基金/项目署执行局": "UNDP-EB",
    "开发署、人口基金和项目署执行局": "UNDP-EB",
    "联合国开发计划署执行局": "UNDP-EB",
    "开发计划署执行局": "UNDP-EB",
    "开发署执行局": "UNDP-EB",
    "联合国儿童基金会执行局": "UNICEF-EB",
    "儿童基金会执行局": "UNICEF-EB",
    "儿基会执行局": "UNICEF-EB",
    "世界粮食计划署执行局": "WFP-EB",
    "粮食计划署执行局": "WFP-EB",
    "粮食署执行局": "WFP-EB",
    "理事会": GENERIC,
    "委员会": GENERIC,
    "执行局": GENERIC,
}
"""Chinese names of issuing bodies (as printed in running text and mandate-table headings)."""

ENTITY_ORGANS: dict[str, dict[str, str]] = {
    name: organs
    for names, organs in (
        (("联合国人类住区规划署", "人居署"), {"理事会": "UN-HABITAT-GC", "执行局": "UN-HABITAT-EB"}),
        (("联合国环境规划署", "环境规划署", "环境署"), {"理事会": "UNEP-GC"}),
        (("联合国促进性别平等和增强妇女权能署", "妇女署"), {"执行局": "UN-WOMEN-EB"}),
        (("联合国开发计划署", "开发计划署", "开发署"), {"执行局": "UNDP-EB"}),
        (("联合国人口基金", "人口基金", "联合国项目事务署", "项目署"), {"执行局": "UNDP-EB"}),
        (("联合国儿童基金会", "儿童基金会", "儿基会"), {"执行局": "UNICEF-EB"}),
        (("世界粮食计划署", "粮食计划署", "粮食署"), {"执行局": "WFP-EB"}),
    )
    for name in names
}
"""Entities whose own governing body a generic "理事会"/"执行局" names: entity -> {noun: body}."""
