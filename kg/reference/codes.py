"""Reference data, code lists: `ontology/codes.yaml` (issuing bodies, document kinds, mandate kinds...).

Read and validated once by `kg.reference.load_resources()`; the RDF mapping describes them as SKOS
concept schemes in the reference graph (`kg.rdf.mapping.codes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import OntologyError
from kg.paths import ontology_dir

_SCHEME_KEYS = {"id", "label_zh", "label_en", "concepts"}
_CONCEPT_KEYS = {"code", "label_zh", "label_en", "entity"}


@dataclass(frozen=True, slots=True)
class Code:
    """One concept of a code list."""

    code: str
    label_zh: str
    label_en: str
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class CodeScheme:
    """One code list: its id (the `{scheme}` of the concept IRIs), labels and concepts."""

    id: str
    label_zh: str
    label_en: str
    codes: tuple[Code, ...]


def _require(entry: dict[str, Any], keys: set[str], where: str) -> None:
    unknown = sorted(set(entry) - keys)
    if unknown:
        raise OntologyError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(sorted(keys))}")
    for key in sorted(keys - {"entity", "concepts"}):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise OntologyError(f"{where}: {key!r} must be a non-empty string, got {entry.get(key)!r}")


def read_code_schemes(path: Path | None = None) -> tuple[CodeScheme, ...]:
    """Read and validate the code lists.

    Raises:
        OntologyError: an unknown key, a missing label, or a code listed twice in one scheme.
    """
    path = path or ontology_dir() / "codes.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    schemes = []
    for i, s in enumerate(data.get("schemes") or ()):
        where = f"{path}: scheme #{i + 1} ({s.get('id')!r})"
        _require(s, _SCHEME_KEYS, where)
        codes: dict[str, Code] = {}
        for c in s.get("concepts") or ():
            _require(c, _CONCEPT_KEYS, f"{where}, concept {c.get('code')!r}")
            if c["code"] in codes:
                raise OntologyError(f"{where}: code {c['code']!r} listed twice; keep one")
            codes[c["code"]] = Code(c["code"], c["label_zh"], c["label_en"], c.get("entity"))
        schemes.append(CodeScheme(s["id"], s["label_zh"], s["label_en"], tuple(codes.values())))
    return tuple(schemes)
