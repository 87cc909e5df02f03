"""Shared fixtures (all fixtures live here)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.ingest.normalise import normalise_text
from kg.ingest.read import read_doc
from kg.model import Doc
from kg.paths import sample_corpus_dir

CORPUS = sample_corpus_dir()
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ANNUAL_REPORT = CORPUS / "000_24c59e389beef106.txt"
PEACE_REPORT = CORPUS / "002_a9bdf5634a27d9a9.txt"


def short_corpus(tmp_path: Path) -> Path:
    """The two short sample documents copied into `tmp_path/corpus` (a corpus fast to build)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in (ANNUAL_REPORT, PEACE_REPORT):
        shutil.copy(f, folder / f.name)
    return folder


PROGRAMME_PLAN = CORPUS / "003_733b8ba291e37636.txt"


def load_doc(path: Path) -> Doc:
    """Read and normalise one corpus file."""
    raw = read_doc(path)
    return normalise_text(raw.raw, raw.id, raw.path, raw.encoding, raw.sha256)


@pytest.fixture(scope="session")
def annual_report() -> Doc:
    return load_doc(ANNUAL_REPORT)


@pytest.fixture(scope="session")
def peace_report() -> Doc:
    return load_doc(PEACE_REPORT)


@pytest.fixture(scope="session")
def programme_plan() -> Doc:
    return load_doc(PROGRAMME_PLAN)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus built once per test session (exports + store)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    build([str(CORPUS)], out, store=True)
    return out


@pytest.fixture(scope="session")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One short document built (fast enough for slow independent checks such as JSON-LD expansion)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("small-build")
    build([str(PEACE_REPORT)], out, store=False)
    return out
