"""Architecture: no module imports a later stage (ingest -> reference -> extract -> rdf -> store -> analyse -> export).

The imports of every module under `kg/` are read with `ast` (module level and inside functions),
so a back-edge fails here rather than being found by reading.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parents[1] / "kg"

# package of a module -> packages it must never import (a later stage, or the stage it feeds)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "kg.ingest": (
        "kg.extract",
        "kg.reference",
        "kg.rdf",
        "kg.store",
        "kg.analyse",
        "kg.export",
        "kg.pipeline",
        "kg.cli",
        "kg.commands",
    ),
    "kg.reference": ("kg.extract", "kg.rdf", "kg.store", "kg.analyse", "kg.export", "kg.pipeline", "kg.cli"),
    "kg.extract": ("kg.rdf", "kg.store", "kg.analyse", "kg.export", "kg.pipeline", "kg.cli", "kg.commands"),
    "kg.rdf": ("kg.extract", "kg.store", "kg.analyse", "kg.export", "kg.pipeline", "kg.cli", "kg.commands"),
    "kg.store": ("kg.extract", "kg.analyse", "kg.export", "kg.pipeline", "kg.cli", "kg.commands"),
    "kg.analyse": ("kg.extract", "kg.export", "kg.pipeline", "kg.cli", "kg.commands"),
    # the symbol grammar is below the finders built on it (they import it; never the reverse)
    "kg.symbols": ("kg.symbol_search", "kg.extract", "kg.rdf", "kg.store", "kg.export"),
}


def module_name(path: Path, root: Path = KG) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path = KG) -> list[tuple[int, str]]:
    """(line, imported module) of every import statement in `path`, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{a.name}") for a in node.names)
    return found


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def back_edges(root: Path = KG) -> list[str]:
    """Every import of a forbidden later stage, as `file:line: module imports target`."""
    bad = []
    for path in sorted(root.rglob("*.py")):
        mod = module_name(path, root)
        for stage, banned in FORBIDDEN.items():
            if not within(mod, stage):
                continue
            seen: set[int] = set()
            for line, target in imports_of(path, root):
                hit = next((b for b in banned if within(target, b)), None)
                if hit and line not in seen:
                    seen.add(line)
                    bad.append(
                        f"{path.relative_to(root.parent)}:{line}: {mod} imports {target} ({stage} -> {hit})"
                    )
    return bad


def vocabulary_users(root: Path = KG) -> list[str]:
    """Modules outside kg/rdf that import the ontology terms (to build triples: only kg/rdf may)."""
    found = {
        f"{path.relative_to(root.parent)}:{line}"
        for path in root.rglob("*.py")
        if not within(module_name(path, root), "kg.rdf")
        for line, target in imports_of(path, root)
        if within(target, "kg.rdf.vocab")
    }
    return sorted(found)


def test_architecture_only_rdf_uses_the_ontology_terms() -> None:
    users = vocabulary_users()
    assert not users, "triples are built in kg/rdf/mapping only; these import kg.rdf.vocab: " + ", ".join(
        users
    )


def test_architecture_no_import_runs_up_the_stages() -> None:
    bad = back_edges()
    assert not bad, "imports that run up the stages (see docs/architecture.md):\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("rdf/mapping/x.py", "from kg.extract.entities import load\n", True),
        ("rdf/mapping/x.py", "def f():\n    from kg.extract import y\n", True),
        ("rdf/mapping/x.py", "from ...extract import entities\n", True),
        ("extract/x.py", "import kg.export.serialise\n", True),
        ("extract/x.py", "from kg import rdf\n", True),
        ("ingest/x.py", "from kg.extract import gazetteer\n", True),
        ("extract/x.py", "from kg.reference.gazetteer import Gazetteer\n", False),
        ("rdf/x.py", "from kg.model import Doc\n", False),
        ("store/query.py", "from kg.export.serialise import PREFIXES\n", True),
    ],
)
def test_architecture_check_sees_back_edges(tmp_path: Path, module: str, source: str, expected: bool) -> None:
    root = tmp_path / "kg"
    target = root / module
    target.parent.mkdir(parents=True)
    target.write_text(source, encoding="utf-8")
    assert bool(back_edges(root)) is expected
