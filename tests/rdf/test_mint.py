"""IRI minting: deterministic, injective on distinct keys, valid IRIs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef

from kg.rdf import mint

_key = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30)


@given(_key)
def test_mint_is_deterministic_and_valid(key: str) -> None:
    a, b = mint.work(key), mint.work(key)
    assert a == b and isinstance(a, URIRef)
    assert not any(ch in str(a) for ch in ' <>"{}|\\^`')


@given(_key, _key)
def test_mint_is_injective_on_distinct_keys(k1: str, k2: str) -> None:
    n1, n2 = k1.strip().replace(" ", ""), k2.strip().replace(" ", "")
    if n1 != n2 and "-" not in n1 + n2 and "/" not in n1 + n2:
        assert mint.country(k1) != mint.country(k2) or k1.upper() == k2.upper()
        assert mint.entity(k1) != mint.entity(k2)


def test_mint_symbol_shapes() -> None:
    assert str(mint.work("A/RES/70/1")) == "https://unkg.org/id/document/A-RES-70-1"
    assert str(mint.work("S/RES/1325(2000)")) == "https://unkg.org/id/document/S-RES-1325(2000)"
    assert mint.country("chn") == mint.country("CHN")
