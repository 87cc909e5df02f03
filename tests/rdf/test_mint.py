"""IRI minting: deterministic, injective on distinct keys, valid IRIs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef

from kg.rdf import mint

_key = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30
)


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


@given(_key)
def test_mint_slug_percent_encodes_each_character_outside_the_unreserved_set(key: str) -> None:
    from urllib.parse import quote

    s = key.strip().replace("/", "-").replace(" ", "")
    keep = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-()")
    assert mint.slug(key) == "".join(ch if ch in keep else quote(ch, safe="") for ch in s)


def test_mint_slug_of_chinese_and_punctuation() -> None:
    assert mint.slug("联合国 A/B:c") == "%E8%81%94%E5%90%88%E5%9B%BDA-B%3Ac"
    assert mint.slug("(a)~b.c_d") == "(a)~b.c_d"


@pytest.mark.parametrize(
    "stems",
    [
        ("a b", "ab"),
        ("a_b", "a-b", "a b", "ab", "a.b"),
        ("联合国 报告", "联合国报告", "联合国_报告"),
        ("a%20b", "a b", "a%b"),
        ("A", "a"),
        (" x", "x", "x "),
    ],
)
def test_mint_document_ids_are_injective_over_file_stems(stems: tuple[str, ...]) -> None:
    iris = {mint.document(s) for s in stems}
    assert len(iris) == len(stems)
    assert len({mint.graph(s) for s in stems}) == len(stems)
    assert len({mint.block(s, 1) for s in stems}) == len(stems)


@given(_key, _key)
def test_mint_document_is_injective_and_reversible(k1: str, k2: str) -> None:
    from urllib.parse import unquote

    a, b = mint.document(k1), mint.document(k2)
    assert (a == b) == (k1 == k2)
    assert unquote(str(a).rsplit("/", 1)[1]) == k1
    assert not any(ch in str(a) for ch in ' <>"{}|\\^`')


def test_mint_document_keeps_sample_corpus_iris() -> None:
    for stem in ("000_24c59e389beef106", "002_a9bdf5634a27d9a9"):
        assert str(mint.document(stem)) == f"https://unkg.org/id/doc/{stem}"


@given(_key, _key, st.integers(min_value=0, max_value=10**9))
def test_mint_builds_only_iris_rdflib_would_accept(k1: str, k2: str, n: int) -> None:
    """Minted IRIs skip rdflib's check of each character, so every one must pass it (and equal
    the URIRef rdflib makes of the same string)."""
    from rdflib.term import _is_valid_uri

    iris = [
        mint.document(k1),
        mint.graph(k1),
        mint.block(k1, n),
        mint.annotation(k1, "entity", n, n + 1, k2),
        mint.mention_count(k1, "organisation", k2),
        mint.work(k1),
        mint.country(k1),
        mint.region(k1),
        mint.entity(k1),
        mint.organisation(k1),
        mint.entity_type(k1),
        mint.programme(k1, n),
        mint.component(k1, n, k2),
        mint.subprogramme(k1, n, n, k2),
        mint.concept(k1, k2),
        mint.run(k1),
        mint.agent(k1),
    ]
    for iri in iris:
        assert type(iri) is URIRef and _is_valid_uri(iri) and iri == URIRef(str(iri)), iri


@pytest.mark.parametrize("kind", ["", "a b", "a/b", "<x>", 'q"', "联合国"])
def test_mint_refuses_a_kind_that_is_not_a_path_word(kind: str) -> None:
    with pytest.raises(ValueError, match="not a path word"):
        mint.annotation("d", kind, 1, 2)
    with pytest.raises(ValueError, match="not a path word"):
        mint.mention_count("d", kind, "k")


def test_mint_numbers_must_be_integers() -> None:
    with pytest.raises(ValueError):
        mint.block("d", "1 2")  # type: ignore[arg-type]


def test_mint_item_never_shares_a_segment_with_the_other_functions() -> None:
    """A new kind's `item` IRIs cannot collide with countries, works, documents, codes..."""
    from kg.rdf.namespaces import DATA

    made = [
        mint.document("d"), mint.graph("d"), mint.work("A/RES/70/1"), mint.country("MLI"),
        mint.region("sahel"), mint.entity("undp"), mint.organisation("某某工作组"), mint.entity_type("fund"),
        mint.concept("body", "GA"), mint.run("r"), mint.agent("1.0"), mint.programme("d", 1),
    ]  # fmt: skip
    segments = {str(i)[len(DATA) :].split("/", 1)[0] for i in made}
    assert segments <= mint._TAKEN_WORDS
    for word in mint._TAKEN_WORDS:
        with pytest.raises(ValueError, match="already mints under"):
            mint.item(word, "x")
    assert str(mint.item("agenda-item", "74")) == f"{DATA}agenda-item/74"
    with pytest.raises(ValueError, match="not a path word"):
        mint.item("agenda item", "74")
