"""Issuing bodies of UN documents: the stable codes of the symbol grammar (`kg.symbols`).

Their Chinese names and the boards of entities are reference data, `ontology/bodies.yaml`
(`Resources.bodies`, `kg.reference.bodies`); their labels are in the `body` list of codes.yaml.
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
