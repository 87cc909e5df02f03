"""Generate `kg/rdf/vocab.py` from `ontology/kg.ttl` (run `python -m kg.rdf.vocabgen`).

The generated module lists every term the ontology declares, so code can only use declared
terms (`KG.Foo` raises AttributeError for an undeclared `Foo`). A test checks it is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef

from kg.paths import ontology_dir
from kg.rdf.mint import ONTOLOGY

HEADER = '''"""GENERATED from ontology/kg.ttl by `python -m kg.rdf.vocabgen` — do not edit."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    """Terms of the unkg ontology."""

    _NS = Namespace("{ns}")
    _fail = True

'''


def render(ttl_path: Path | None = None) -> str:
    """Return the source of vocab.py for the ontology at `ttl_path`."""
    g = Graph()
    g.parse(ttl_path or ontology_dir() / "kg.ttl", format="turtle")
    terms = sorted(
        {
            str(s)[len(ONTOLOGY) :]
            for s in g.subjects()
            if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)
        }
    )
    # a value, not only an annotation: `KG.x` is then a plain class attribute, where rdflib's
    # DefinedNamespace would build the term in its metaclass `__getattr__` on every access
    body = "".join(f'    {t}: URIRef = URIRef("{ONTOLOGY}{t}")\n' for t in terms if t.isidentifier())
    return HEADER.replace("{ns}", ONTOLOGY) + body


def main() -> int:
    """Write kg/rdf/vocab.py."""
    out = Path(__file__).with_name("vocab.py")
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
