"""Reference data, issuing bodies by their Chinese names: `ontology/bodies.yaml`.

Read and validated once by `kg.reference.load_resources()` into `Resources.bodies`; the citation
and mandate extractors read it (bodies printed in running text and in mandate-table headings).
Every body code must be in the `body` code list of codes.yaml, every board's entity in the entity
gazetteer: an entity's board is found after any of its names (label and aliases).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from kg.errors import OntologyError

GENERIC = "?"
"""Body code of a generic name ("理事会", "执行局", "委员会") that alone names no body."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: extractors memoise per value
class BodyResources:
    """Issuing bodies by name.

    Attributes:
        names: every Chinese name -> its body code, or `GENERIC` for a noun that alone names none.
        boards: every name of an entity with a board of its own -> {generic noun: body code}
            ("人居署" -> {"理事会": "UN-HABITAT-GC", "执行局": "UN-HABITAT-EB"}).
    """

    names: Mapping[str, str]
    boards: Mapping[str, Mapping[str, str]]

    def code(self, name: str) -> str | None:
        """The body code of a printed name (`GENERIC` for a generic noun), None if unknown."""
        return self.names.get(name)


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise OntologyError(f"{where}: expected a non-empty list of names, got {value!r}")
    return value


def load_bodies(
    path: Path, body_codes: Sequence[str], entity_names: Mapping[str, Sequence[str]]
) -> BodyResources:
    """Read `bodies.yaml` and check it against the code list and the entity gazetteer.

    Args:
        path: the file.
        body_codes: the codes of the `body` list of codes.yaml.
        entity_names: entity gazetteer id -> its names (label first, then aliases).

    Raises:
        OntologyError: an unknown key, body code or entity id, a name given twice, a malformed list.
    """
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise OntologyError(f"{where}: cannot read it: {err}") from None
    if not isinstance(data, dict) or set(data) - {"names", "generic", "boards"}:
        raise OntologyError(f"{where}: expected the keys names, generic and boards")
    names: dict[str, str] = {}

    def add(name: str, code: str, at: str) -> None:
        if name in names:
            raise OntologyError(f"{where}: {at}: {name!r} is listed twice")
        names[name] = code

    for code, listed in (data.get("names") or {}).items():
        if code not in body_codes:
            raise OntologyError(f"{where}: names: {code!r} is not a code of the body list of codes.yaml")
        for name in _strings(listed, f"names: {code}"):
            add(name, code, f"names: {code}")
    generic = _strings(data.get("generic"), "generic")
    for noun in generic:
        add(noun, GENERIC, "generic")
    boards: dict[str, dict[str, str]] = {}
    for entity, organs in (data.get("boards") or {}).items():
        if entity not in entity_names:
            raise OntologyError(f"{where}: boards: {entity!r} is not an id of gazetteers/entities.yaml")
        if not isinstance(organs, dict) or not organs:
            raise OntologyError(f"{where}: boards: {entity}: expected {{generic noun: body code}}")
        for noun, code in organs.items():
            if noun not in generic or code not in body_codes:
                raise OntologyError(
                    f"{where}: boards: {entity}: {noun!r}: {code!r} needs a generic noun and a body code"
                )
        for name in entity_names[entity]:
            boards.setdefault(name, {}).update(organs)
    return BodyResources(
        MappingProxyType(names),
        MappingProxyType({k: MappingProxyType(v) for k, v in boards.items()}),
    )
