"""Reference data: gazetteers and rule tables under `ontology/`, loaded and validated once.

A stage between ingest and extract: extractors read it to find names, the RDF mapping reads it
to describe the schemes; it imports neither, so neither imports the other. `load_resources()`
reads one ontology folder into a `Resources` value, which the caller passes on explicitly:
`run_extractors(doc, options, resources)`, `MappingContext(..., resources=resources)`. Nothing
in extract/ or rdf/ keeps reference data of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.paths import ontology_dir as default_ontology_dir
from kg.reference.bodies import BodyResources, load_bodies
from kg.reference.codes import CodeScheme, read_code_schemes
from kg.reference.countries import CountryResources, load_country_resources
from kg.reference.entities import EntityResources, load_entity_resources
from kg.reference.organisations import Grammar, load_grammar
from kg.reference.words import Tokenizer
from kg.sessions import SessionYears, load_session_years_file

__all__ = ["Resources", "default_resources", "load_resources"]


@dataclass(frozen=True)
class Resources:
    """Everything extractors and mappings read from `ontology/`, loaded from one folder.

    Attributes:
        ontology_dir: the folder it was read from.
        countries: the country and region gazetteers, matcher and rules.
        entities: the entity gazetteer, its type scheme, matcher and rules.
        organisations: the organisation-name grammar, with the tokenizer (jieba, loaded on first
            use: `organisations.tokenizer.load()` loads it now).
        codes: the code lists of `codes.yaml`.
        sessions: the session-year tables of `sessions.yaml` (dates of symbols that print only
            a session).
        bodies: issuing bodies by their Chinese names, and the boards of entities (`bodies.yaml`).
    """

    ontology_dir: Path
    countries: CountryResources
    entities: EntityResources
    organisations: Grammar
    codes: tuple[CodeScheme, ...]
    sessions: SessionYears
    bodies: BodyResources

    @property
    def tokenizer(self) -> Tokenizer:
        """The word segmenter of the organisation recogniser."""
        return self.organisations.tokenizer


def load_resources(ontology_dir: str | Path | None = None) -> Resources:
    """Read and validate the reference data of `ontology_dir` (default: `kg.paths.ontology_dir()`).

    Every call reads the files again: load once, then pass the value on.

    Example:
        >>> res = load_resources()
        >>> res.countries.countries.by_id["MLI"].label, res.entities.entry("undp").get("acronym")
        ('马里', 'UNDP')

    Raises:
        GazetteerError: a gazetteer or the grammar is invalid (the message names file and entry).
        OntologyError: the code lists are invalid.
    """
    root = Path(ontology_dir) if ontology_dir is not None else default_ontology_dir()
    entities = load_entity_resources(root)
    codes = read_code_schemes(root / "codes.yaml")
    body_codes = [c.code for s in codes if s.id == "body" for c in s.codes]
    entity_names = {e.id: (e.label, *e.aliases) for e in entities.gazetteer.entries}
    return Resources(
        root,
        load_country_resources(root),
        entities,
        load_grammar(root / "gazetteers" / "organisation-heads.yaml", tuple(entities.types)),
        codes,
        load_session_years_file(root / "sessions.yaml"),
        load_bodies(root / "bodies.yaml", body_codes, entity_names),
    )


_DEFAULT: dict[Path, Resources] = {}


def default_resources() -> Resources:
    """The reference data of the configured ontology folder, loaded once per process.

    For entry points only (the pipeline, the CLI, a library user's one-liner, tests): they load
    it here once and pass it on. Extractors and mappings never call it; they read the `Resources`
    they are given, so two values from two folders can be used side by side.
    """
    root = default_ontology_dir().resolve()
    res = _DEFAULT.get(root)
    if res is None:
        res = _DEFAULT[root] = load_resources(root)
    return res
