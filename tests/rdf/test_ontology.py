"""The ontology itself: datatypes are proper OWL 2 restrictions that the exported codes satisfy."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.paths import ontology_dir

KG = "https://unkg.org/ontology#"


def _ontology() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


def _patterns(g: Graph) -> dict[str, str]:
    """kg: datatype -> its xsd:pattern; asserts each is an OWL 2 restriction of xsd:string."""
    out = {}
    for dt in g.subjects(RDF.type, RDFS.Datatype):
        if not isinstance(dt, URIRef) or not str(dt).startswith(KG):
            continue
        assert g.value(dt, OWL.onDatatype) is None, f"{dt}: owl:onDatatype belongs on the restriction"
        restriction = g.value(dt, OWL.equivalentClass)
        assert restriction is not None, f"{dt}: no owl:equivalentClass restriction"
        assert g.value(restriction, OWL.onDatatype) == XSD.string, dt
        facets = Collection(g, g.value(restriction, OWL.withRestrictions))
        (pattern,) = [str(g.value(f, XSD.pattern)) for f in facets]
        out[str(dt)] = pattern
    return out


def test_ontology_datatypes_restrict_strings_by_pattern() -> None:
    assert set(_patterns(_ontology())) == {f"{KG}ISO3166Alpha2", f"{KG}ISO3166Alpha3", f"{KG}M49Code"}


def test_ontology_datatype_patterns_hold_for_every_exported_code(sample_build: Path) -> None:
    patterns = {dt: re.compile(p) for dt, p in _patterns(_ontology()).items()}
    seen = dict.fromkeys(patterns, 0)
    for t in ox.parse(path=sample_build / "graph.nt", format=ox.RdfFormat.N_TRIPLES):
        o = t.object
        if isinstance(o, ox.Literal) and o.datatype.value in patterns:
            assert patterns[o.datatype.value].fullmatch(o.value), (t.subject.value, o.value)
            seen[o.datatype.value] += 1
    assert all(seen.values()), seen


def test_ontology_every_term_has_label_and_comment_in_zh_and_en() -> None:
    g = _ontology()
    terms = sorted({s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(KG)})
    assert len(terms) > 50
    missing = []
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = sorted(str(v.language) for v in g.objects(term, prop))
            if langs != ["en", "zh"]:
                missing.append(f"{term.removeprefix(KG)} {prop.n3(g.namespace_manager)} {langs}")
    assert not missing, f"{len(missing)} missing or repeated: {missing[:5]}"
