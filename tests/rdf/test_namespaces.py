"""The prefix table (kg/rdf/namespaces.py) is the only one: no module spells a namespace itself."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from kg.paths import ontology_dir
from kg.rdf.namespaces import PREFIXES, sparql_prologue

KG = Path(__file__).resolve().parents[2] / "kg"
# namespaces.py holds the table; vocab.py is generated from ontology/kg.ttl (checked for drift)
OWNERS = {KG / "rdf" / "namespaces.py", KG / "rdf" / "vocab.py"}
_PREFIX_DECL = re.compile(r"PREFIX\s+[\w-]*:\s*<")


def namespace_spellings(root: Path = KG, owners: set[Path] = OWNERS) -> list[str]:
    """String constants in `root` that are a namespace of the table or declare a SPARQL prefix."""
    namespaces = set(PREFIXES.values())
    found = []
    for path in sorted(root.rglob("*.py")):
        if path in owners:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value in namespaces or _PREFIX_DECL.search(node.value):
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_namespaces_are_spelt_only_in_the_prefix_table() -> None:
    found = namespace_spellings()
    assert not found, "use kg.rdf.namespaces (PREFIXES, sparql_prologue, OA/ORG/SKOS...):\n" + "\n".join(
        found
    )


def test_namespaces_check_sees_a_second_table(tmp_path: Path) -> None:
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "a.py").write_text('OA = "http://www.w3.org/ns/oa#"\n', encoding="utf-8")
    (tmp_path / "kg" / "b.py").write_text('Q = """PREFIX x: <http://x.org/>"""\n', encoding="utf-8")
    (tmp_path / "kg" / "c.py").write_text('T = "http://www.w3.org/ns/oa#start"\n', encoding="utf-8")
    found = namespace_spellings(tmp_path / "kg", set())
    assert [f.split(":")[0] for f in found] == ["kg/a.py", "kg/b.py"]


def test_namespaces_json_ld_context_declares_the_same_prefixes() -> None:
    context = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert {k: v for k, v in context.items() if isinstance(v, str)} == PREFIXES


def test_namespaces_sparql_prologue_declares_in_table_order() -> None:
    assert sparql_prologue(["oa"]) == "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
    lines = sparql_prologue().splitlines()
    assert [line.split()[1].rstrip(":") for line in lines] == list(PREFIXES)
    assert sparql_prologue(["kg", "id"], sep=" ").count("\n") == 1
