"""Citation records -> triples."""

from __future__ import annotations


def test_every_symbol_kind_but_the_generic_one_has_a_class() -> None:
    # a kind added to the symbol grammar without a class would silently drop its works out of
    # queries over kg:Resolution / kg:Decision
    from kg.rdf.mapping.citations import _KIND_CLASS
    from kg.symbols import DOC_KINDS

    assert set(DOC_KINDS) - set(_KIND_CLASS) == {"document"}
