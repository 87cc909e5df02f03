"""Reference gazetteers (kg/reference/gazetteer.py): one context-rule type for every gazetteer."""

from __future__ import annotations

from kg.reference import countries, default_resources, entities
from kg.reference.gazetteer import ContextRule

RES = default_resources()


def test_gazetteer_one_context_rule_type_for_countries_and_entities() -> None:
    assert countries.ContextRule is entities.ContextRule is ContextRule
    assert {type(r) for r in RES.countries.contexts.values()} == {ContextRule}
    assert {type(r) for r in RES.entities.contexts.values()} == {ContextRule}


def test_gazetteer_country_rules_skip_spaces_and_entity_rules_do_not() -> None:
    assert all(r.skip_spaces for r in RES.countries.contexts.values())
    assert not any(r.skip_spaces for r in RES.entities.contexts.values())


def test_gazetteer_context_rule_rejects_by_the_words_around() -> None:
    rule = ContextRule(not_before=("其",), not_after=("家",))
    assert rule.rejects("其中国", 1, 3)  # 其中国家: 中国 is not China
    assert rule.rejects("中国家庭", 0, 2)
    assert not rule.rejects("在中国", 1, 3)
    spaced = ContextRule(not_before=("31",), skip_spaces=True)
    assert spaced.rejects("31 日本报告", 3, 5) and not ContextRule(not_before=("31",)).rejects(
        "31 日本报告", 3, 5
    )
    # spaces are skipped only within six characters of the candidate
    assert not spaced.rejects("31" + " " * 7 + "日本", 9, 11)


def test_gazetteer_all_matches_of_the_same_text_run_the_automaton_once() -> None:
    """The country and entity extractors ask for one document's matches more than once."""
    from kg.reference.gazetteer import Matcher

    class Counting:
        def __init__(self, automaton: object) -> None:
            self.automaton, self.calls = automaton, 0

        def iter(self, text: str) -> object:
            self.calls += 1
            return self.automaton.iter(text)  # type: ignore[attr-defined]

    m = Matcher({"加纳": "GHA", "纳米比亚": "NAM"})
    counting = Counting(m._automaton)
    m._automaton = counting
    first = m.all_matches("增加纳米比亚")
    first.clear()  # the caller's list is its own
    again = m.all_matches("".join(["增加", "纳米比亚"]))  # an equal text, another object
    assert [(h.surface, h.span.start) for h in again] == [("加纳", 1), ("纳米比亚", 2)]
    assert counting.calls == 1
    assert [h.surface for h in m.all_matches("加纳")] == ["加纳"] and counting.calls == 2
