"""Extractor registry: `Doc` + `ExtractOptions` + `Resources` -> `Extracted` records, pure functions only.

Extractors register with `@extractor(name, produces=...)`; `run_extractors` runs them in a fixed
order and sorts records by `(start, -end, kind)` so output is deterministic. Reference data
(gazetteers, grammar, tokenizer) comes in as the `Resources` argument, never from a module cache.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from kg.errors import KgError
from kg.model import Doc, Extracted, Issue, Record, record_kind
from kg.reference import Resources

EntityMode = Literal["gazetteer", "open"]
ENTITY_MODES: tuple[EntityMode, ...] = ("open", "gazetteer")


@dataclass(frozen=True)
class ExtractOptions:
    """Options of one extraction run (the same for every document of a build)."""

    entities: EntityMode = "open"  # "open": also bodies no gazetteer lists; "gazetteer": listed only


DEFAULT_OPTIONS = ExtractOptions()

ExtractFn = Callable[[Doc, ExtractOptions, Resources], Extracted[Any]]


@dataclass(frozen=True)
class ExtractorSpec:
    """A registered extractor: its name, function and the record types it may produce."""

    name: str
    fn: ExtractFn
    produces: tuple[type, ...]


_REGISTRY: dict[str, ExtractorSpec] = {}

# Every module of this package, imported by `registry()`: an extractor module is registered by
# being here (no list to forget, no entry points). Run order does not matter: `run_extractors`
# sorts what the extractors return.
EXTRACTOR_MODULES = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__)))


def extractor(name: str, *, produces: tuple[type, ...]) -> Callable[[ExtractFn], ExtractFn]:
    """Register an extractor function under `name`."""

    def register(fn: ExtractFn) -> ExtractFn:
        if name in _REGISTRY:
            raise RuntimeError(
                f"extractor {name!r} registered twice: {_REGISTRY[name].fn.__module__}, {fn.__module__}"
            )
        _REGISTRY[name] = ExtractorSpec(name, fn, produces)
        return fn

    return register


class ExtractorFailure(RuntimeError):
    """An extractor raised: a bug, not bad input. The original exception is the `__cause__`."""

    def __init__(self, extractor: str, doc_id: str) -> None:
        self.extractor = extractor
        self.doc_id = doc_id
        super().__init__(f"extractor {extractor!r} failed on document {doc_id!r}")


def _load_all() -> None:
    # no import guard: a missing or broken extractor module must fail loudly, not vanish
    for mod in EXTRACTOR_MODULES:
        importlib.import_module(f"kg.extract.{mod}")


def registry() -> dict[str, ExtractorSpec]:
    """Return all registered extractors by name (imports the extractor modules)."""
    _load_all()
    return dict(_REGISTRY)


def get_extractor(name: str) -> ExtractorSpec:
    """Return the extractor `name` or raise `KgError` listing the available ones."""
    reg = registry()
    try:
        return reg[name]
    except KeyError:
        raise KgError(f"unknown extractor {name!r}; available: {', '.join(sorted(reg))}") from None


def run_extractors(
    doc: Doc, options: ExtractOptions, resources: Resources, names: Sequence[str] | None = None
) -> tuple[tuple[Record, ...], tuple[Issue, ...]]:
    """Run extractors (all, or `names`) over `doc` with `resources`; return sorted records and issues.

    Raises:
        ExtractorFailure: an extractor raised (its exception is the cause).
    """
    reg = registry()
    chosen = [reg[n] if n in reg else get_extractor(n) for n in (names or list(reg))]
    records: list[Any] = []
    issues: list[Issue] = []
    for spec in chosen:
        try:
            out = spec.fn(doc, options, resources)
        except Exception as err:  # noqa: BLE001 - re-raised with the extractor's name
            raise ExtractorFailure(spec.name, doc.id) from err
        for r in out.records:
            if not isinstance(r, spec.produces):
                raise TypeError(f"extractor {spec.name!r} produced undeclared {type(r).__name__}")
        records.extend(out.records)
        issues.extend(out.issues)

    _sort_records(records)
    issues.sort(key=lambda i: (i.span.start if i.span else -1, i.code, i.message))
    return tuple(records), tuple(issues)


def _sort_records(records: list[Any]) -> None:
    """Sort by `(start, -end, kind, repr)`: the repr is computed only for records that tie on the
    rest (few do; a record's repr is costly)."""

    def order(r: Any) -> tuple[int, int, str]:
        span = r.evidence.span
        return (span.start, -span.end, record_kind(r))

    keyed = sorted(((order(r), r) for r in records), key=lambda kr: kr[0])
    out: list[Any] = []
    i = 0
    while i < len(keyed):
        j = i + 1
        while j < len(keyed) and keyed[j][0] == keyed[i][0]:
            j += 1
        group = [r for _, r in keyed[i:j]]
        out += sorted(group, key=repr) if len(group) > 1 else group
        i = j
    records[:] = out
