"""Reference data, countries: the country and region gazetteers, validated, with their matcher and rules.

Loaded once by `kg.reference.load_resources()`; read by the countries extractor (to find names) and by
the RDF mapping (to describe the country and region schemes), so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.errors import GazetteerError
from kg.ingest.normalise import normalise_fragment
from kg.paths import ontology_dir
from kg.reference.gazetteer import ContextRule, Gazetteer, Matcher, build_gazetteer, read_yaml

COUNTRY_KEYS = ("label_en", "formal_zh", "type", "iso2", "m49")
REGION_KEYS = ("label_en", "type", "m49", "broader", "members", "country", "match", "city")
REGION_TYPES = ("m49-region", "grouping", "named-region", "subnational")

# Matcher keys carry the kind of name: country, region, trap or ambiguous.
COUNTRY, REGION, TRAP, AMBIGUOUS = "c:", "r:", "t:", "a:"


@dataclass(frozen=True)
class SuffixRule:
    """Reject a country name followed by a word that makes it the name of something else."""

    suffixes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (suffix, continuations that keep it)

    def rejects(self, text: str, end: int) -> bool:
        """Return True when `text[end:]` starts with a suffix and none of its exceptions.

        Example:
            >>> rule = SuffixRule((("河", ("河北", "河内")), ("语", ("语境",))))
            >>> rule.rejects("尼日尔河", 3), rule.rejects("中国河北省", 2), rule.rejects("中国语境", 2)
            (True, False, False)
        """
        for suffix, keep in self.suffixes:
            if text.startswith(suffix, end):
                return not any(text.startswith(k, end) for k in keep)
        return False


@dataclass(frozen=True)
class AmbiguousName:
    """A name that several countries/regions share; a following word may resolve it."""

    candidates: tuple[str, ...]
    after: tuple[tuple[str, str], ...] = ()  # (following word, resolved key), longest word first
    before: tuple[tuple[str, str], ...] = ()  # (preceding words, resolved key), longest first

    def resolve(self, text: str, start: int, end: int) -> str | None:
        """Return the key the words around `text[start:end]` resolve the name to, else None."""
        for word, key in self.after:
            if text.startswith(word, end):
                return key
        for word, key in self.before:
            if text.endswith(word, 0, start):
                return key
        return None


@dataclass(frozen=True)
class CountryResources:
    """The loaded country and region gazetteers, their matcher and rules (immutable, shared)."""

    countries: Gazetteer
    regions: Gazetteer
    matcher: Matcher
    contexts: dict[str, ContextRule]
    ambiguous: dict[str, AmbiguousName]
    suffix: SuffixRule = SuffixRule()

    @cached_property
    def described(self) -> tuple[frozenset[str], frozenset[str]]:
        """Ids of the countries (traps excluded) and regions the gazetteers describe."""
        countries = frozenset(e.id for e in self.countries.entries if e.get("type") != "trap")
        return countries, frozenset(e.id for e in self.regions.entries)

    @cached_property
    def country_names(self) -> dict[str, tuple[str, ...]]:
        """Each country's names (aliases), longest first, ties in code-point order."""
        by_id: dict[str, list[str]] = {}
        for alias, eid in self.countries.alias_index.items():
            by_id.setdefault(eid, []).append(alias)
        return {eid: tuple(sorted(names, key=lambda a: (-len(a), a))) for eid, names in by_id.items()}

    @cached_property
    def last_found(self) -> dict[str, tuple[Any, ...]]:
        """The last document's kept names (`kg.extract.countries.find_names`), by text (its text,
        and its text without block breaks): the countries and the entity extractors ask for the
        same document's names."""
        return {}

    def is_region(self, key: str) -> bool:
        """Return True when `key` is a region id (else an ISO alpha-3 country code)."""
        return key in self.regions.by_id


def build_country_resources(
    countries_doc: dict[str, Any],
    regions_doc: dict[str, Any],
    countries_path: str = "countries.yaml",
    regions_path: str = "regions.yaml",
) -> CountryResources:
    """Validate the two parsed gazetteer documents and build the matcher.

    Raises:
        GazetteerError: invalid entries, a name claimed by a country and a region (or listed as
            a regional organisation too), an unknown region type, or a rule naming an unknown key.
    """
    countries = build_gazetteer(
        "countries", countries_path, countries_doc.get("entries") or [], optional_keys=COUNTRY_KEYS
    )
    regions = build_gazetteer(
        "regions", regions_path, regions_doc.get("entries") or [], optional_keys=REGION_KEYS
    )
    names: dict[str, str] = {}
    for alias, eid in countries.alias_index.items():
        kind = TRAP if countries.by_id[eid].get("type") == "trap" else COUNTRY
        names[alias] = kind + eid
    for entry in regions.entries:
        if entry.get("type") not in REGION_TYPES:
            raise GazetteerError(
                f"{regions_path}: region {entry.id!r} has type {entry.get('type')!r}; "
                f"expected one of {', '.join(REGION_TYPES)}"
            )
        country = entry.get("country")
        if country is not None and country not in countries.by_id:
            raise GazetteerError(f"{regions_path}: region {entry.id!r} names unknown country {country!r}")
        unknown = sorted(
            {*(entry.get("members") or ()), *(entry.get("broader") or ())}
            - set(countries.by_id)
            - set(regions.by_id)
        )
        if unknown:
            raise GazetteerError(
                f"{regions_path}: region {entry.id!r} names unknown member/broader {unknown}"
            )
        if entry.get("match", True) is False:
            continue
        for alias in (entry.label, *entry.aliases):
            key = normalise_fragment(alias)
            if key in names and names[key] != REGION + entry.id:
                raise GazetteerError(
                    f"name {alias!r} is claimed by {names[key][2:]!r} ({countries_path}) "
                    f"and region {entry.id!r} ({regions_path})"
                )
            names[key] = REGION + entry.id
    for raw_org in regions_doc.get("organisations") or []:
        if not isinstance(raw_org, str) or not raw_org.strip():
            raise GazetteerError(f"{regions_path}: organisations must be non-empty names, got {raw_org!r}")
        org = normalise_fragment(raw_org)
        if org in names:
            raise GazetteerError(
                f"{regions_path}: organisation {raw_org!r} is also the name of {names[org][2:]!r}"
            )
        names[org] = f"{TRAP}organisation:{org}"
    known = set(countries.by_id) | set(regions.by_id)
    ambiguous: dict[str, AmbiguousName] = {}
    for raw_name, rule in (countries_doc.get("ambiguous") or {}).items():
        name = normalise_fragment(raw_name)
        bad = sorted(
            {*rule["candidates"], *rule.get("after", {}).values(), *rule.get("before", {}).values()} - known
        )
        if bad or name in names:
            why = f"unknown key(s) {bad}" if bad else f"is also listed as {names[name][2:]!r}"
            raise GazetteerError(f"{countries_path}: ambiguous name {raw_name!r}: {why}")
        after, before = (
            tuple(sorted(rule.get(side, {}).items(), key=lambda kv: (-len(kv[0]), kv[0])))
            for side in ("after", "before")
        )
        ambiguous[name] = AmbiguousName(tuple(rule["candidates"]), after, before)
        names[name] = AMBIGUOUS + name
    contexts = {
        normalise_fragment(name): ContextRule(
            tuple(rule.get("not_before", ())), tuple(rule.get("not_after", ())), skip_spaces=True
        )
        for name, rule in (countries_doc.get("contexts") or {}).items()
    }
    suffix = SuffixRule(
        tuple(
            sorted(
                (
                    (normalise_fragment(sfx), tuple(normalise_fragment(k) for k in keep or ()))
                    for sfx, keep in (countries_doc.get("suffixes") or {}).items()
                ),
                key=lambda kv: (-len(kv[0]), kv[0]),
            )
        )
    )
    return CountryResources(countries, regions, Matcher(names), contexts, ambiguous, suffix)


def _read_yaml(path: Path) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise GazetteerError(f"{path}: expected a mapping with 'entries'")
    return data


def load_country_resources(root: Path | None = None) -> CountryResources:
    """Load and validate the country and region gazetteers of the ontology folder `root`
    (default: `kg.paths.ontology_dir()`). Not cached: `kg.reference.load_resources` calls it once.

    Example:
        >>> res = load_country_resources()
        >>> res.countries.by_id["MLI"].label, res.regions.by_id["sahel"].get("label_en")
        ('马里', 'Sahel')
    """
    folder = (root if root is not None else ontology_dir()) / "gazetteers"
    cpath, rpath = folder / "countries.yaml", folder / "regions.yaml"
    return build_country_resources(_read_yaml(cpath), _read_yaml(rpath), str(cpath), str(rpath))
