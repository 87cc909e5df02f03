"""`kg query` and `kg.store.query`: canned queries over the sample graph, parameters, formats, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import QueryError
from kg.paths import queries_dir
from kg.rdf.mapping import MENTION_CLASS
from kg.store.backend import GraphStore
from kg.store.query import CannedQuery, Param, canned_queries, parse_canned, run_query, substitute, term_text

ALL_QUERIES = sorted(p.stem for p in queries_dir().glob("*.rq"))

DOC_TITLES = {
    "000_24c59e389beef106": ("秘书长关于联合国工作的报告", "A/75/1", "annual-report"),
    "002_a9bdf5634a27d9a9": ("审查和平与安全改革的执行情况", None, "sg-report"),
    "003_733b8ba291e37636": ("2020年方案预算", "A/74/6", "programme-plan"),
}


@pytest.fixture(scope="module")
def store(sample_build: Path) -> GraphStore:
    """The store of the sample corpus (built once per session by `sample_build` in conftest)."""
    return GraphStore.open_read_only(sample_build / "store")


def has_kind(store: GraphStore, kind: str) -> bool:
    """Whether the graph has mentions of record kind `kind` (extractors land one by one)."""
    return store.ask(f"ASK {{ ?m a <{MENTION_CLASS[kind]}> }}")  # the class: stated in both profiles


def has_term(store: GraphStore, term: str) -> bool:
    return store.ask(f"ASK {{ {{ ?s <{term}> ?o }} UNION {{ ?s a <{term}> }} }}")


def require(store: GraphStore, kind: str, *terms: str) -> None:
    """Fail, naming what is missing, when the sample graph lacks what a canned query reads."""
    assert has_kind(store, kind), f"the sample graph has no {kind!r} mentions: extractor or mapping broken"
    for t in terms:
        assert has_term(store, t), f"the sample graph does not use {t}: mapping broken"


KG = "https://unkg.org/ontology#"


# --- canned query files -------------------------------------------------------------------


def test_canned_query_set_is_complete() -> None:
    expected = {
        "programmes-mandated-by",
        "mandates-of-programme",
        "top-mandates",
        "programme-pairs-sharing-mandates",
        "old-mandates",
        "documents-citing",
        "countries-per-document",
        "entities-per-document",
        "unresolved-citations",
        "documents",
        "mentions-per-section",
        "country-entity-co-mentions",
    }
    assert expected <= set(ALL_QUERIES)


@pytest.mark.parametrize("name", ALL_QUERIES)
def test_canned_query_parses_and_runs_with_defaults(store: GraphStore, name: str) -> None:
    cq = canned_queries()[name]
    assert cq.description and not cq.description.endswith(":")
    for p in cq.params:
        assert p.meaning and p.default is not None, f"{name}: give every parameter a default"
    variables, rows = run_query(store, name)
    assert variables and isinstance(rows, list)


def test_parse_header() -> None:
    cq = parse_canned(
        "x",
        "# description: Things.\n# param: symbol — a UN symbol (default: A/RES/70/1)\n"
        "# param: n:integer - how many\nSELECT * { ?s ?p $symbol } LIMIT $n\n",
    )
    assert cq.description == "Things."
    assert cq.params == (
        Param("symbol", "a UN symbol", "A/RES/70/1"),
        Param("n", "how many", None, "integer"),
    )


def test_parse_header_rejects_missing_description() -> None:
    with pytest.raises(QueryError, match="description"):
        parse_canned("x", "SELECT * {}")


# --- parameters ---------------------------------------------------------------------------


def test_render_substitutes_escaped_terms() -> None:
    cq = CannedQuery(
        "x",
        "d",
        (Param("symbol", "s", "A/RES/70/1"), Param("n", "n", "5", "integer")),
        'SELECT * { ?w <p> $symbol . ?w <q> "$symbol" } # $symbol\nLIMIT $n',
    )
    out = cq.render({"symbol": "S/RES/1325(2000)"})
    assert out == 'SELECT * { ?w <p> "S/RES/1325(2000)" . ?w <q> "$symbol" } # $symbol\nLIMIT 5'


@pytest.mark.parametrize("value", ['A" } DELETE', "a\\u0022", "x\ny", "<http://evil>", "it's", "\x00"])
def test_string_values_that_could_escape_a_literal_are_rejected(value: str) -> None:
    with pytest.raises(QueryError, match="not allowed"):
        term_text(value, "string", "symbol")


@pytest.mark.parametrize(
    ("value", "ptype"),
    [
        ("1 }", "integer"),
        ("x", "integer"),
        ("2020-1-1", "date"),
        ("http://a b", "iri"),
        ("http://a>", "iri"),
        ("noscheme", "iri"),
    ],
)
def test_typed_values_are_checked(value: str, ptype: str) -> None:
    with pytest.raises(QueryError):
        term_text(value, ptype, "p")


def test_typed_values() -> None:
    assert term_text("007", "integer") == "7"
    assert term_text("2020-07-24", "date") == '"2020-07-24"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert term_text("https://unkg.org/id/country/FRA", "iri") == "<https://unkg.org/id/country/FRA>"
    assert term_text("大会第70/1号决议", "string") == '"大会第70/1号决议"'


def test_unknown_and_missing_parameters() -> None:
    cq = CannedQuery("x", "d", (Param("symbol", "the symbol"),), "SELECT * { ?w ?p $symbol }")
    with pytest.raises(QueryError, match="needs --param symbol"):
        cq.render({})
    with pytest.raises(QueryError, match="no parameter nope"):
        cq.render({"symbol": "A/1", "nope": "1"})


def test_substitute_leaves_iris_strings_and_comments() -> None:
    text = "SELECT * { <http://x/$a> ?p '$a' . ?s ?q $a } # $a"
    assert substitute(text, {"a": '"v"'}) == "SELECT * { <http://x/$a> ?p '$a' . ?s ?q \"v\" } # $a"


# --- results on the sample graph ----------------------------------------------------------


def test_documents_query(store: GraphStore) -> None:
    variables, rows = run_query(store, "documents")
    assert variables[:5] == ["id", "title", "symbol", "date", "type"]
    got = {r["id"]: (r["title"], r["symbol"], r["type"]) for r in rows}
    assert got == DOC_TITLES
    assert {r["id"]: r["date"] for r in rows}["000_24c59e389beef106"] == "2020-07-24"


def test_inline_query_gets_standard_prefixes(store: GraphStore) -> None:
    variables, rows = run_query(
        store, "SELECT ?s WHERE { ?d kg:symbol ?s ; a kg:SourceDocument } ORDER BY ?s"
    )
    assert variables == ["s"] and [r["s"] for r in rows] == ["A/74/6", "A/75/1"]


def test_inline_query_with_param(store: GraphStore) -> None:
    _, rows = run_query(
        store, "SELECT ?id WHERE { ?d kg:symbol $symbol ; kg:docId ?id }", {"symbol": "A/75/1"}
    )
    assert rows == [{"id": "000_24c59e389beef106"}]


def test_empty_result_keeps_variables(store: GraphStore) -> None:
    # (a canned query's symbol that the graph lacks is an error: test_symbol_not_in_graph_...)
    variables, rows = run_query(
        store, "SELECT ?id ?w WHERE { ?w kg:symbol $s ; kg:docId ?id }", {"s": "A/RES/1/1"}
    )
    assert variables == ["id", "w"] and rows == []


def test_not_a_select_query_is_rejected(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="only SELECT"):
        run_query(store, "ASK { ?s ?p ?o }")


def test_syntax_error_has_line_column_and_caret(store: GraphStore) -> None:
    with pytest.raises(QueryError) as exc:
        run_query(store, "SELECT ?d WHERE {\n  ?d a kg:SourceDocument .\n  FILTER( }")
    msg = str(exc.value)
    assert "line 3, column 12" in msg
    assert "  3 |   FILTER( }" in msg
    assert msg.splitlines()[-1] == "    |            ^"


def test_programmes_mandated_by(store: GraphStore) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    _, rows = run_query(store, "programmes-mandated-by", {"symbol": "A/RES/70/1"})
    # "70/1 变革我们的世界：2030 年可持续发展议程" is printed in the mandate tables of these
    # programmes of A/74/6 (programme 20's table prints "70/1" too, next to a shifted title)
    assert [r["number"] for r in rows] == [7, 11, 14, 15, 18, 20, 21, 23]
    assert {r["plan"] for r in rows} == {"A/74/6"}
    assert rows[0]["title"] == "经济和社会事务"


@pytest.mark.parametrize("typed", ["S/RES/1325(2000)", "S/RES/1325 (2000)", "s/res/1325(2000)"])
def test_symbol_param_is_canonicalised(store: GraphStore, typed: str) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    # programme 3 (disarmament) and programme 14 (gender equality) print "1325 (2000)" in their
    # Security Council mandate tables
    _, rows = run_query(store, "programmes-mandated-by", {"symbol": typed})
    assert [r["number"] for r in rows] == [3, 14]


def test_top_mandates(store: GraphStore) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    _, top = run_query(store, "top-mandates", {"limit": "2"})
    assert [(r["symbol"], r["programmes"], r["numbers"]) for r in top] == [
        ("A/RES/70/1", 8, "7 11 14 15 18 20 21 23"),
        ("A/RES/60/1", 6, "7 15 18 20 23 25"),
    ]


def test_mandates_of_programme(store: GraphStore) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    _, rows = run_query(store, "mandates-of-programme", {"number": "14"})
    by_symbol = {r["symbol"]: r for r in rows}
    # "34/180	消除对妇女一切形式歧视公约" under 大会决议 in programme 14's mandates
    r = by_symbol["A/RES/34/180"]
    assert (r["organ"], r["kind"], r["year"], r["printed"], r["plan"]) == (
        "GA",
        "resolution",
        1979,
        "34/180",
        "A/74/6",
    )
    assert r["title"] == "消除对妇女一切形式歧视公约"
    assert r["start"] < r["end"] and isinstance(r["block"], int)
    assert "A/RES/70/1" in by_symbol
    starts = [r["start"] for r in rows]
    assert starts == sorted(starts)


def test_mandates_of_programme_years_of_every_kind_of_instrument(store: GraphStore) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    _, rows = run_query(store, "mandates-of-programme", {"number": "14"})
    by_title = {r["title"]: r for r in rows}
    # CSW agreed conclusions are listed by year: "1996	妇女与媒体", "2004	男子和男孩在实现两性平等方面的作用"
    assert (by_title["妇女与媒体"]["organ"], by_title["妇女与媒体"]["year"]) == ("CSW", 1996)
    assert by_title["男子和男孩在实现两性平等方面的作用"]["year"] == 2004
    # ECOSOC agreed conclusions "1997/2"; CSW resolutions: "1996 第 40/9 号决议", "2015 第 59/1 号决议"
    assert (
        by_title["将性别观点纳入联合国系统所有政策和方案的主流(见 A/52/3/Rev.1, 第四章 A 部分)"]["year"]
        == 1997
    )
    years = {r["symbol"]: r["year"] for r in rows if r["symbol"]}
    assert (years["CSW/RES/40/9"], years["CSW/RES/59/1"]) == (1996, 2015)
    # the 23rd special session's resolutions carry no year in the symbol or the row: the year
    # comes from the table of special sessions (S-23 met in 2000), never from 1945 + 23
    assert years["A/RES/S-23/2"] == 2000
    _, refugees = run_query(store, "mandates-of-programme", {"number": "21"})
    treaties = {r["printed"]: r["year"] for r in refugees if r["organ"] == "TREATY"}
    # "1951 年《关于难民地位的公约》及其 1967 年《议定书》	《卡特赫纳难民宣言》(1984 年)"
    assert treaties["1951 年《关于难民地位的公约》及其 1967 年《议定书》"] == 1951
    assert treaties["《卡特赫纳难民宣言》(1984 年)"] == 1984
    assert treaties["《减少无国籍状态公约》(1961 年)"] == 1961
    assert all(isinstance(y, int) for y in treaties.values())


def test_subprogrammes_of_programme(store: GraphStore) -> None:
    require(store, "subprogramme", KG + "Subprogramme", KG + "objective")
    _, rows = run_query(store, "subprogrammes-of-programme", {"number": "3"})
    # programme 3 (裁军): 次级方案 1-5, objectives in paragraphs 3.1, 3.3, ... 3.9
    assert [(r["subprogramme"], r["objective_paragraph"]) for r in rows] == [
        (1, "3.1"),
        (2, "3.3"),
        (3, "3.5"),
        (4, "3.7"),
        (5, "3.9"),
    ]
    assert rows[0]["title"] == "裁军和军备限制问题多边谈判和审议"
    assert rows[0]["objective"].startswith(
        "宗旨是，推动就裁军、军备限制和不扩散各方面问题协定开展多边谈判和审议"
    )
    assert {r["programme_title"] for r in rows} == {"裁军"} and {r["plan"] for r in rows} == {"A/74/6"}
    # programme 1: subprogramme 1, then subprogrammes 2-4 of each duty station (component)
    _, conference = run_query(store, "subprogrammes-of-programme", {"number": "1"})
    assert len(conference) == 13
    geneva = [(r["subprogramme"], r["objective_paragraph"]) for r in conference if r["component"] == "geneva"]
    assert geneva == [(2, "1.9"), (3, "1.11"), (4, "1.13")]


def test_deliverables_of_programme_planned_against_actual(store: GraphStore) -> None:
    require(store, "deliverable", KG + "DeliverableObservation")
    _, rows = run_query(store, "deliverables-of-programme", {"number": "2", "subprogramme": "6"})
    got = [(r["category"], r["deliverable"], r["year"], r["planned"], r["actual"]) for r in rows]
    # 表 2.6 (次级方案 6): columns 2018 计划数, 2018 实际数, 2019 计划数, 2020 计划数
    #   议事机构文件(文件数目)	2	3	2	3
    #   实质性会议服务(三小时会议次数)	53	53	53	55
    #   研讨会、讲习班和培训活动(天数)	—	5	—	4
    assert got == [
        ("A", "实质性会议服务(三小时会议次数)", 2018, 53, 53),
        ("A", "实质性会议服务(三小时会议次数)", 2019, 53, None),
        ("A", "实质性会议服务(三小时会议次数)", 2020, 55, None),
        ("A", "议事机构文件(文件数目)", 2018, 2, 3),
        ("A", "议事机构文件(文件数目)", 2019, 2, None),
        ("A", "议事机构文件(文件数目)", 2020, 3, None),
        ("B", "研讨会、讲习班和培训活动(天数)", 2018, None, 5),
        ("B", "研讨会、讲习班和培训活动(天数)", 2020, 4, None),
    ]
    assert {(r["programme"], r["subprogramme"], r["table"], r["plan"]) for r in rows} == {
        (2, 6, "2.6", "A/74/6")
    }
    _, whole = run_query(store, "deliverables-of-programme", {"number": "2"})
    assert {r["subprogramme"] for r in whole} >= {6} and len(whole) > len(rows)
    assert [r for r in whole if r["subprogramme"] == 6] == rows


def test_mandates_by_body_counts_instruments_of_each_year(store: GraphStore) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    _, rows = run_query(store, "mandates-by-body", {"body": "CSW"})
    got = {r["year"]: (r["mandates"], r["programmes"]) for r in rows}
    # programme 14's table of CSW agreed conclusions: 1996 lists 第 40/9 号决议, 妇女与媒体 and
    # 照料儿童和其他受抚养人…; 1997 and 1998 four titles each; 1999 two
    assert (got[1996], got[1997], got[1998], got[1999]) == ((3, 1), (4, 1), (4, 1), (2, 1))
    assert {r["organ"] for r in rows} == {"CSW"}
    _, treaties = run_query(store, "mandates-by-body", {"body": "TREATY"})
    # programme 21 lists eight treaties and declarations, each with its own year
    assert [r["year"] for r in treaties] == [1951, 1954, 1961, 1969, 1984, 1989, 1994, 2009]
    _, everything = run_query(store, "mandates-by-body")
    assert {"GA", "SC", "ECOSOC", "CSW", "TREATY"} <= {r["organ"] for r in everything}


def test_programme_pairs(store: GraphStore) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    _, rows = run_query(store, "programme-pairs-sharing-mandates", {"min": "2"})
    assert rows and all(r["a"] < r["b"] and r["shared"] >= 2 for r in rows)
    shared = [r["shared"] for r in rows]
    assert shared == sorted(shared, reverse=True)
    for r in rows[:3]:  # each shared symbol mandates both programmes
        for symbol in r["symbols"].split():
            _, progs = run_query(store, "programmes-mandated-by", {"symbol": symbol})
            assert {r["a"], r["b"]} <= {p["number"] for p in progs}


def test_old_mandates(store: GraphStore) -> None:
    require(store, "mandate", KG + "Programme", KG + "mandatedBy")
    _, rows = run_query(store, "old-mandates", {"years": "60"})
    # A/74/6 was issued at the 74th session (2019); "13 (I) 秘书处的组织" (1946) is in programme 24's table
    assert rows[0]["symbol"] == "A/RES/13(I)" and rows[0]["year"] == 1946 and rows[0]["age"] == 73
    assert rows[0]["numbers"] == "24"
    assert all(r["age"] > 60 for r in rows)
    _, more = run_query(store, "old-mandates", {"years": "30"})
    assert len(more) > len(rows)


# Rows of the sample plan's (A/74/6, 2019) mandate tables, read by hand: special-session,
# Roman-session and treaty rows, with the year each was adopted and the programme citing it.
OLD_SYMBOL_ROWS = {
    "A/RES/S-10/2": (1978, "3"),
    "A/RES/S-19/2": (1997, "11"),
    "A/RES/S-21/2": (1999, "15"),
    "A/RES/S-23/2": (2000, "14"),
    "A/RES/S-23/3": (2000, "14"),
    "E/RES/76(V)": (1947, "14"),
    "E/RES/304(XI)": (1950, "14"),
    "E/RES/671(XXV)": (1958, "9"),
    "A/RES/13(I)": (1946, "24"),
    "A/RES/168(II)": (1947, "24"),
    "A/RES/423(V)": (1950, "24"),
    "A/RES/319(IV)": (1949, "21"),
    "A/RES/428(V)": (1950, "21"),
    "A/RES/538(VI)": (1951, "21"),
    "A/RES/1166(XII)": (1957, "21"),
    "A/RES/2997(XXVII)": (1972, "11"),
    "A/RES/44/25": (1989, "21"),  # 《儿童权利公约》(大会第 44/25 号决议)(1989 年), a treaty row
}
OLD_TREATY_ROWS = {  # programme 21's "公约和会议宣言" rows without a symbol
    "1951 年《关于难民地位的公约》及其 1967 年《议定书》": 1951,
    "《关于无国籍人地位的公约》(1954 年)": 1954,
    "《减少无国籍状态公约》(1961 年)": 1961,
    "《非洲统一组织关于非洲难民问题的某些特定方面的公约》(1969 年)": 1969,
    "《卡特赫纳难民宣言》(1984 年)": 1984,
    "《难民和流离失所者问题圣何塞宣言》(1994 年)": 1994,
    "《非洲联盟保护和援助非洲境内流离失所者公约》(2009 年)": 2009,
}


@pytest.mark.parametrize("years", [15, 30])
def test_old_mandates_special_session_roman_and_treaty_rows(store: GraphStore, years: int) -> None:
    require(store, "mandate", KG + "MandateCitation", KG + "year")
    _, rows = run_query(store, "old-mandates", {"years": str(years)})
    by_symbol = {r["symbol"]: (r["year"], r["numbers"], r["age"]) for r in rows if r["symbol"]}
    for symbol, (year, numbers) in OLD_SYMBOL_ROWS.items():
        if 2019 - year > years:
            assert by_symbol.get(symbol) == (year, numbers, 2019 - year), symbol
        else:
            assert symbol not in by_symbol
    treaties = {r["title"]: r["year"] for r in rows if not r["symbol"] and r["numbers"] == "21"}
    assert treaties == {t: y for t, y in OLD_TREATY_ROWS.items() if 2019 - y > years}
    assert all(r["age"] > years and r["plan"] == "A/74/6" for r in rows)


def test_documents_citing(store: GraphStore) -> None:
    require(store, "citation", KG + "CitationMention")
    _, rows = run_query(store, "documents-citing", {"symbol": "S/RES/1325(2000)"})
    # cited in the annual report's text, and in the programme plan's text and mandate tables
    got = {r["id"]: (r["citations"], r["mandate_rows"]) for r in rows}
    assert set(got) == {"000_24c59e389beef106", "003_733b8ba291e37636"}
    assert got["000_24c59e389beef106"][0] >= 1 and got["003_733b8ba291e37636"][1] >= 1


def test_documents_citing_first_paragraph_is_first_in_document_order(store: GraphStore) -> None:
    require(store, "citation", KG + "CitationMention")
    _, rows = run_query(store, "documents-citing", {"symbol": "A/RES/72/279"})
    # 003: paragraph 6.31 cites "72/279" (text line 1299), the mandate table of programme 9 prints it
    # (line 1889) and paragraph 17.3 cites it again (line 3954): as text "17.3" < "6.31"
    assert [(r["id"], r["citations"], r["mandate_rows"], r["first_paragraph"]) for r in rows] == [
        ("003_733b8ba291e37636", 2, 1, "6.31")
    ]
    assert isinstance(rows[0]["first_block"], int)


def test_documents_citing_keeps_numbered_paragraph_after_unnumbered_rows(store: GraphStore) -> None:
    require(store, "citation", KG + "CitationMention")
    _, rows = run_query(store, "documents-citing", {"symbol": "S/RES/1325(2000)"})
    got = {r["id"]: (r["citations"], r["mandate_rows"], r["first_paragraph"]) for r in rows}
    # 000 cites 第 1325(2000)号决议 once in an unnumbered paragraph; 003 prints "1325 (2000)" in two
    # mandate tables (no paragraph number) and cites it in paragraph 19.18
    assert got == {"000_24c59e389beef106": (1, 0, None), "003_733b8ba291e37636": (1, 2, "19.18")}
    first = {r["id"]: r["first_block"] for r in rows}
    assert all(isinstance(b, int) for b in first.values())


def test_unresolved_citations(store: GraphStore) -> None:
    require(store, "citation", KG + "CitationMention")
    _, rows = run_query(store, "unresolved-citations")
    assert all(r["printed"] and r["id"] in DOC_TITLES and r["start"] < r["end"] for r in rows)
    _, resolved = run_query(
        store,
        "SELECT ?m WHERE { ?m a kg:CitationMention ; oa:hasBody ?w . ?w kg:symbol ?s ; kg:printedAs $p }",
        {"p": rows[0]["printed"]} if rows else {"p": "-"},
    )
    assert not resolved


def test_countries_per_document(store: GraphStore) -> None:
    require(store, "country", KG + "mentionsCountry")
    _, rows = run_query(store, "countries-per-document")
    assert rows and len({(r["id"], r["iso3"]) for r in rows}) == len(rows)
    first = rows[0]  # the annual report mentions the Central African Republic most
    assert (first["id"], first["iso3"], first["name"], first["name_zh"]) == (
        "000_24c59e389beef106",
        "CAF",
        "Central African Republic",
        "中非共和国",
    )
    # the stored counts agree with the mentions in the graph
    _, n = run_query(
        store,
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a kg:CountryMention ; oa:hasBody id:country\\/CAF ;"
        " prov:wasDerivedFrom/kg:docId '000_24c59e389beef106' }",
    )
    assert first["mentions"] == n[0]["n"]


def test_mentions_per_section(store: GraphStore) -> None:
    require(store, "country", KG + "Country")
    _, rows = run_query(store, "mentions-per-section", {"kind": "country"})
    here = {
        r["what"]: r["mentions"]
        for r in rows
        if r["id"] == "000_24c59e389beef106" and r["section"] == "预防、管控和解决冲突"
    }
    # paragraphs 60-66 of A/75/1 under this heading name 马里 five times (once inside the name of
    # the Mali mission); the highlight box that follows is a section of its own
    assert here["MLI"] == 5
    assert {"LBY", "SSD", "SYR", "YEM", "GMB", "HTI", "GNB"} <= set(here)
    boxed = [r for r in rows if r["id"] == "000_24c59e389beef106" and r["what"] == "LBN"]
    assert boxed and all(r["section_block"] not in (None, "") for r in boxed)
    # the box "亮点：妇女与和平与安全" names 黎巴嫩; a box is labelled by its title
    assert {r["section"] for r in boxed} == {"亮点：妇女与和平与安全"}


def test_country_entity_co_mentions(store: GraphStore) -> None:
    require(store, "country", KG + "Country")
    _, rows = run_query(store, "country-entity-co-mentions", {"doc": "002_a9bdf5634a27d9a9"})
    assert {r["id"] for r in rows} == {"002_a9bdf5634a27d9a9"}
    pairs = {(r["country"], r["entity"]): r["paragraphs"] for r in rows}
    # paragraphs 24, 25, 35 and 42 of the peace and security reform report name both 苏丹 and
    # 政治和建设和平事务部 (read in the source text)
    assert pairs[("SDN", "dppa")] == 4
    _, every = run_query(store, "country-entity-co-mentions")
    assert {r["id"] for r in every} >= {"000_24c59e389beef106", "002_a9bdf5634a27d9a9"}


def test_entities_per_document(store: GraphStore) -> None:
    require(store, "entity")
    _, rows = run_query(store, "entities-per-document")
    assert rows and all(r["mentions"] >= 1 and r["id"] in DOC_TITLES for r in rows)
    assert len({(r["id"], r["entity"]) for r in rows}) == len(rows)


# --- CLI ----------------------------------------------------------------------------------


def test_cli_list_shows_every_canned_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert listed == ALL_QUERIES
    assert "--param symbol=" in out and "default: A/RES/70/1" in out


def test_cli_canned_csv(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "documents", "--store", str(sample_build / "store"), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["id"]: r["title"] for r in rows} == {k: v[0] for k, v in DOC_TITLES.items()}
    assert {r["id"]: r["symbol"] for r in rows}["002_a9bdf5634a27d9a9"] == ""


def test_cli_json_is_sparql_results_json(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "documents", "--store", str(sample_build / "store"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"][:2] == ["id", "title"]
    first = data["results"]["bindings"][0]
    assert first["title"] == {"type": "literal", "value": "秘书长关于联合国工作的报告", "xml:lang": "zh"}
    assert first["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    assert first["doc"]["type"] == "uri"
    assert "symbol" not in data["results"]["bindings"][1]  # unbound stays out


def test_cli_table_and_tsv(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(sample_build / "store")
    assert main(["query", "documents", "--store", store, "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["id", "title", "symbol", "date", "type", "doc"]
    assert "id:doc/000_24c59e389beef106" in out and out.rstrip().endswith("(3 rows)")
    assert main(["query", "documents", "--store", store, "--format", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("?id\t?title") and '"秘书长关于联合国工作的报告"@zh' in lines[1]


def test_cli_inline_and_file_with_param(
    sample_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(sample_build / "store")
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?id WHERE { ?d kg:symbol $s ; kg:docId ?id }\n", encoding="utf-8")
    assert main(["query", "--file", str(q), "-p", "s=A/74/6", "--store", store, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["id", "003_733b8ba291e37636"]
    assert (
        main(
            [
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:SourceDocument }",
                "--store",
                store,
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == ["n", "3"]


def test_cli_syntax_error(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "query",
            "SELECT ?d WHERE {\n ?d a kg:SourceDocument\n FILTER( }",
            "--store",
            str(sample_build / "store"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "line 3, column" in err and "3 |  FILTER( }" in err and "^" in err


def test_cli_missing_store_says_run_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "documents", "--store", str(tmp_path / "nope")]) == 2
    assert "run `kg build`" in capsys.readouterr().err


def test_cli_unknown_query_and_bad_param(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(sample_build / "store")
    assert main(["query", "no-such-query", "--store", store]) == 2
    assert "kg query --list" in capsys.readouterr().err
    assert main(["query", "documents-citing", "-p", 'symbol=A" } #', "--store", store]) == 2
    assert "not allowed" in capsys.readouterr().err
    assert main(["query", "documents-citing", "-p", "symbol", "--store", store]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err


def test_cli_show_prints_rendered_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "programmes-mandated-by", "-p", "symbol=A/RES/71/243", "--show"]) == 0
    assert 'kg:symbol "A/RES/71/243"' in capsys.readouterr().out


@pytest.mark.parametrize("typed", ["S/RES/1325", "s/res/1325", "1325"])
def test_symbol_without_its_year_lists_what_it_could_mean(store: GraphStore, typed: str) -> None:
    with pytest.raises(QueryError) as exc:
        run_query(store, "programmes-mandated-by", {"symbol": typed})
    msg = str(exc.value)
    assert "no document with symbol" in msg and "did you mean S/RES/1325(2000)?" in msg


def test_symbol_not_in_graph_is_an_error_not_an_empty_answer(store: GraphStore) -> None:
    with pytest.raises(QueryError, match=r"no document with symbol 'A/RES/99/999' in the graph; check"):
        run_query(store, "documents-citing", {"symbol": "A/RES/99/999"})


def test_choice_parameter_lists_valid_values() -> None:
    cq = parse_canned(
        "q",
        "# description: d\n# param: kind:{country|entity|region} — what (default: country)\nSELECT * { ?m ?p $kind }",
    )
    assert cq.params[0].choices == ("country", "entity", "region")
    assert '"entity"' in cq.render({"kind": "entity"})
    with pytest.raises(QueryError, match=r"kind='countries' is not one of country, entity, region"):
        cq.render({"kind": "countries"})


def test_cli_unknown_kind_lists_valid_kinds(sample_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "mentions-per-section", "--param", "kind=org", "--store", str(sample_build / "store")]
    assert main(argv) == 2
    assert "kind='org' is not one of country, entity, region" in capsys.readouterr().err


def test_cli_symbol_without_year_says_which_it_could_mean(
    sample_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["query", "documents-citing", "-p", "symbol=S/RES/1325", "--store", str(sample_build / "store")]
    assert main(argv) == 2
    assert "did you mean S/RES/1325(2000)?" in capsys.readouterr().err


def test_most_mentioned_countries_of_one_document(store: GraphStore) -> None:
    require(store, "country", KG + "mentionsCountry")
    _, rows = run_query(store, "countries-per-document", {"doc": "003_733b8ba291e37636"})
    assert {r["id"] for r in rows} == {"003_733b8ba291e37636"}
    # counted in the text of 003 (lines joined): 巴勒斯坦 45, 叙利亚 26, 缅甸 15, 伊拉克 8
    assert [(r["iso3"], r["mentions"]) for r in rows[:4]] == [
        ("PSE", 45),
        ("SYR", 26),
        ("MMR", 15),
        ("IRQ", 8),
    ]
    mentions = [r["mentions"] for r in rows]
    assert mentions == sorted(mentions, reverse=True)


def test_entities_and_countries_of_one_section(store: GraphStore) -> None:
    require(store, "entity", KG + "EntityMention")
    params = {"kind": "all", "doc": "000_24c59e389beef106", "section": "预防、管控和解决冲突"}
    _, rows = run_query(store, "mentions-per-section", params)
    assert {r["section"] for r in rows} == {"预防、管控和解决冲突"}
    got = {(r["kind"], r["what"]): r["mentions"] for r in rows}
    # paragraphs 60-66 of A/75/1: 马里 five times, 达尔富尔 three times (63, 66 twice); the missions
    # 联合国中非共和国/马里多层面综合稳定团, 萨赫勒五国集团, 建设和平基金, 非洲联盟-联合国达尔富尔混合行动 and
    # 联合国苏丹过渡时期综合援助团 once each
    assert (got[("country", "MLI")], got[("region", "darfur")]) == (5, 3)
    for entity in ("minusca", "minusma", "g5-sahel", "pbf", "unamid", "unitams"):
        assert got[("entity", entity)] == 1, entity
    _, countries = run_query(store, "mentions-per-section", {**params, "kind": "country"})
    assert {r["kind"] for r in countries} == {"country"}
    assert {r["what"]: r["mentions"] for r in countries} == {
        w: n for (k, w), n in got.items() if k == "country"
    }


def test_entities_in_the_same_paragraphs_as_a_country(store: GraphStore) -> None:
    require(store, "country", KG + "Country")
    doc = "002_a9bdf5634a27d9a9"
    _, rows = run_query(store, "country-entity-co-mentions", {"doc": doc, "country": "sdn"})
    assert rows and {r["country"] for r in rows} == {"SDN"}
    # paragraphs 24, 25, 35 and 42 name both 苏丹 and 政治和建设和平事务部
    assert {r["entity"]: r["paragraphs"] for r in rows}["dppa"] == 4
    _, every = run_query(store, "country-entity-co-mentions", {"doc": doc})
    assert rows == [r for r in every if r["country"] == "SDN"]


def _readme_query_commands() -> list[str]:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Asking questions", 1)[1].split("\n## ", 1)[0]
    return [
        line.split("  #")[0].strip() for line in section.splitlines() if re.match(r"kg query ['a-z]", line)
    ]


@pytest.mark.parametrize("command", _readme_query_commands())
def test_readme_query_commands_answer_on_the_sample(
    command: str, sample_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shlex

    argv = shlex.split(command)[1:] + ["--format", "csv", "--store", str(sample_build / "store")]
    assert main(argv) == 0, capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # the sample's citations all resolve: unresolved-citations is the one empty answer
    assert rows or command == "kg query unresolved-citations", f"{command!r} gives no rows on the sample"
    if "ORDER BY ?number" in command:
        numbers = [int(r["number"]) for r in rows]
        assert numbers == sorted(numbers) and numbers[:3] == [1, 2, 3]


def test_readme_documents_the_seven_questions() -> None:
    names = {c.split()[2] for c in _readme_query_commands()}
    assert {
        "programmes-mandated-by",
        "countries-per-document",
        "country-entity-co-mentions",
        "subprogrammes-of-programme",
        "old-mandates",
        "deliverables-of-programme",
        "documents-citing",
    } <= names


# Row counts on the sample, taken before the canned queries were reordered for Oxigraph's evaluator
# (UNIONs folded into paths, OPTIONALs of one pattern, required patterns first): the rewrites must
# not change an answer. Every row of these and of 190 other parameter choices was compared too.
SAMPLE_ROWS = {
    "countries-per-document": 108,
    "country-entity-co-mentions": 360,
    "deliverables-of-programme": 70,
    "documents": 3,
    "documents-citing": 1,
    "entities-per-document": 296,
    "mandates-by-body": 113,
    "mandates-of-programme": 3,
    "mentions-per-section": 221,
    "old-mandates": 23,
    "programme-pairs-sharing-mandates": 26,
    "programmes-mandated-by": 8,
    "subprogrammes-of-programme": 13,
    "top-mandates": 20,
    "unresolved-citations": 0,
}
ROWS_PER_PROGRAMME = {
    "mandates-of-programme": {
        1: 3,
        3: 13,
        4: 7,
        7: 40,
        9: 4,
        11: 66,
        14: 78,
        15: 56,
        18: 57,
        20: 36,
        21: 18,
        23: 32,
        24: 23,
        25: 164,
        26: 5,
    },
    "deliverables-of-programme": {
        1: 70,
        2: 103,
        3: 63,
        4: 45,
        6: 88,
        7: 142,
        9: 33,
        11: 62,
        14: 26,
        15: 143,
        18: 165,
        20: 72,
        23: 42,
        24: 15,
        25: 63,
        26: 12,
    },
    "subprogrammes-of-programme": {
        1: 13,
        2: 7,
        3: 5,
        4: 4,
        6: 6,
        7: 9,
        8: 3,
        9: 3,
        10: 6,
        11: 7,
        12: 4,
        13: 9,
        14: 2,
        15: 9,
        16: 9,
        17: 8,
        18: 13,
        19: 7,
        20: 4,
        22: 5,
        23: 5,
        24: 3,
        25: 24,
        26: 3,
        28: 3,
    },
}


def test_canned_queries_row_counts_on_the_sample(store: GraphStore) -> None:
    assert {name: len(run_query(store, name)[1]) for name in SAMPLE_ROWS} == SAMPLE_ROWS


@pytest.mark.parametrize("name", sorted(ROWS_PER_PROGRAMME))
def test_programme_queries_row_counts_for_every_programme(store: GraphStore, name: str) -> None:
    counts = {n: len(run_query(store, name, {"number": str(n)})[1]) for n in range(1, 30)}
    assert {n: c for n, c in counts.items() if c} == ROWS_PER_PROGRAMME[name]


def test_mandates_of_programme_rows_read_from_the_source(store: GraphStore) -> None:
    # programme 1 of the sample plan lists three instruments in its mandate table; each row keeps the
    # block it was read in and its raw span
    rows = run_query(store, "mandates-of-programme", {"number": "1"})[1]
    got = [(r["symbol"], r["printed"], r["year"], r["block"], r["plan"]) for r in rows]
    assert got == [
        ("A/RES/71/328", "71/328", 2016, 53, "A/74/6"),
        ("A/RES/73/270", "73/270", 2018, 53, "A/74/6"),
        ("A/RES/72/313", "72/313", 2017, 54, "A/74/6"),
    ]
