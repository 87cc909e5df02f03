"""Session years (kg/sessions.py, ontology/sessions.yaml): dating works whose symbol names a session."""

from __future__ import annotations

import pytest

from kg.errors import OntologyError
from kg.sessions import build_session_years, load_session_years, symbol_year
from kg.symbols import parse_symbol, short_form


@pytest.mark.parametrize(
    ("symbol", "year"),
    [
        ("A/RES/S-10/2", 1978),
        ("A/RES/S-26/2", 2001),
        ("A/RES/S-29/1", 2014),
        ("A/RES/S-1/1", 1947),
        ("A/RES/ES-1/1000", 1956),
        ("A/RES/ES-10/17", None),  # ES-10 met from 1997 on: its number tells no year
        ("A/RES/S-99/1", None),  # not in the table: no guess
        ("A/RES/3201(S-VI)", 1974),
        ("A/RES/997(ES-I)", 1956),
        ("A/RES/2625(XXV)", 1970),
        ("A/RES/13(I)", 1946),
        ("A/RES/70/1", 2015),
        ("A/DEC/73/555", 2018),
        ("E/RES/1235(XLII)", 1967),
        ("E/RES/2004(LX)", 1976),
        ("E/RES/76(V)", 1947),
        ("E/RES/1998/7", 1998),
        ("S/RES/1325(2000)", 2000),
        ("A/HRC/RES/35/1", None),
        ("CSW/RES/40/9", None),
    ],
)
def test_sessions_symbol_year(symbol: str, year: int | None) -> None:
    sym = parse_symbol(symbol)
    assert sym is not None and symbol_year(sym) == year


def test_sessions_symbol_year_of_a_short_form_after_slash() -> None:
    sym = short_form("1819/LV", "ECOSOC")
    assert sym is not None and symbol_year(sym) == 1973


def test_sessions_tables_have_no_gaps() -> None:
    years = load_session_years()
    assert sorted(years.ecosoc) == list(range(1, 64))  # 1978 on, ECOSOC symbols carry the year
    assert sorted(years.ga_special) == list(range(1, len(years.ga_special) + 1))
    assert {7, 10}.isdisjoint(years.ga_emergency)  # multi-year sessions stay undated


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ga-special": {1: 1947}, "ecosoc": {1: 1946}}, "expected the tables"),
        ({"ga-special": {1: 1947}, "ga-emergency": {1: 1956}, "ecosoc": {1: 1946, 2: 1940}}, "session 2"),
        ({"ga-special": {1: "1947"}, "ga-emergency": {1: 1956}, "ecosoc": {1: 1946}}, "'ga-special'"),
        ({"ga-special": {1: 1947, 2: 1946}, "ga-emergency": {1: 1956}, "ecosoc": {1: 1946}}, "previous"),
        ({"ga-special": [], "ga-emergency": {1: 1956}, "ecosoc": {1: 1946}}, "must map"),
    ],
)
def test_sessions_bad_table_is_an_ontology_error(data: object, message: str) -> None:
    with pytest.raises(OntologyError, match=message) as err:
        build_session_years(data, "sessions.yaml")
    assert "sessions.yaml" in str(err.value)
