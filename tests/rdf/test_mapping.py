"""Mapping helpers: literals are canonical and the shared (cached) ones keep their types."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import XSD

from kg.rdf.mapping import lit


def test_lit_keeps_booleans_and_integers_apart() -> None:
    one, true = lit(1), lit(True)
    assert (str(one), one.datatype) == ("1", XSD.integer)
    assert (str(true), true.datatype) == ("true", XSD.boolean)
    assert lit(True) is true and lit(1) is one  # handed out again, not rebuilt
    assert (str(lit(0)), lit(0).datatype, str(lit(False)), lit(False).datatype) == (
        "0",
        XSD.integer,
        "false",
        XSD.boolean,
    )


def test_lit_language_and_datatype() -> None:
    assert lit("联合国", lang="zh") == Literal("联合国", lang="zh")
    assert lit("联合国") == Literal("联合国")
    assert lit("2020-01-31", XSD.date) == Literal("2020-01-31", datatype=XSD.date)
    assert lit("5", lang="zh") == Literal("5", lang="zh")
