"""The only place that locates bundled data: ontology, gazetteers, queries, sample corpus.

Override the ontology folder with the environment variable `KG_ONTOLOGY_DIR`.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ONTOLOGY = PACKAGE_DIR.parent / "ontology"
_PACKAGED_ONTOLOGY = PACKAGE_DIR / "data" / "ontology"


def ontology_dir() -> Path:
    """Return the ontology folder (kg.ttl: terms and SHACL shapes, context.jsonld, gazetteers/)."""
    env = os.environ.get("KG_ONTOLOGY_DIR")
    if env:
        return Path(env)
    if (_REPO_ONTOLOGY / "kg.ttl").is_file():
        return _REPO_ONTOLOGY
    return _PACKAGED_ONTOLOGY


def gazetteer_path(name: str) -> Path:
    """Return the path of gazetteer `name` (e.g. "countries" -> gazetteers/countries.yaml)."""
    return ontology_dir() / "gazetteers" / f"{name}.yaml"


def queries_dir() -> Path:
    """Return the folder of canned SPARQL queries (*.rq)."""
    return PACKAGE_DIR / "store" / "queries"


def sample_corpus_dir() -> Path:
    """Return the bundled sample corpus folder."""
    return PACKAGE_DIR / "data" / "corpus"
