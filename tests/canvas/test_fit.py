"""Tests for components.canvas.fit: the yin and yang of needs and solutions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from components.canvas.fit import (
    FitInputError,
    Link,
    Need,
    Sol,
    fit_score,
    orphan_solutions,
    unaddressed_needs,
)

SHELF_NEEDS = [
    Need("o1", "It hangs straight", "outcome", 8),
    Need("o2", "It holds the books", "outcome", 6),
    Need("o3", "It looks tidy", "outcome", 6),
    Need("b1", "Floor and ceiling are not level", "obstacle", None),
    Need("o4", "Done before dinner", "outcome", 9),
    Need("o5", "No dust on the carpet", "outcome", None),
]
SHELF_SOLUTIONS = [Sol("s1", "Spirit level"), Sol("s2", "Wall plugs"), Sol("s3", "Laser cutter")]
SHELF_LINKS = [
    Link("s1", "o1", "strong"),
    Link("s2", "o2", "weak"),
    Link("s1", "b1", "strong"),
]


def test_unaddressed_needs_most_important_first_unrated_last():
    open_needs = unaddressed_needs(SHELF_NEEDS, SHELF_LINKS)
    assert [n.id for n in open_needs] == ["o4", "o3", "o5"]


def test_unaddressed_needs_ties_keep_order_and_weak_links_count():
    needs = [Need("a", "A", importance=5), Need("b", "B", importance=5), Need("c", "C")]
    assert [n.id for n in unaddressed_needs(needs, [])] == ["a", "b", "c"]
    assert unaddressed_needs(needs, [Link("s", "a", "weak"), Link("s", "b"), Link("s", "c")]) == []


def test_orphan_solutions():
    assert [s.id for s in orphan_solutions(SHELF_SOLUTIONS, SHELF_LINKS)] == ["s3"]
    assert orphan_solutions(SHELF_SOLUTIONS, []) == SHELF_SOLUTIONS


def test_fit_score_weak_and_strong_hand_computed():
    outcomes = SHELF_NEEDS[:3]
    # (8*1 + 6*0.5 + 6*0) / 20 = 55 %
    assert fit_score(outcomes, SHELF_LINKS) == 55.0


def test_fit_score_strongest_link_counts_and_obstacles_and_unrated_are_ignored():
    links = [*SHELF_LINKS, Link("s3", "o2", "strong"), Link("s3", "o3", "weak")]
    # o1 strong 8, o2 strong 6, o3 weak 3, o4 (9) none, o5 unrated, b1 obstacle:
    # (8 + 6 + 3) / (8 + 6 + 6 + 9) = 17 / 29
    assert fit_score(SHELF_NEEDS, links) == pytest.approx(100 * 17 / 29)


def test_fit_score_none_without_rated_outcomes():
    assert fit_score([], SHELF_LINKS) is None
    assert fit_score([Need("x", "X"), Need("y", "Y", importance=0)], [Link("s", "x")]) is None


def test_fit_score_full_and_empty_cover():
    outcomes = [Need("a", "A", importance=3), Need("b", "B", importance=7)]
    assert fit_score(outcomes, [Link("s", "a"), Link("s", "b")]) == 100.0
    assert fit_score(outcomes, []) == 0.0


def test_fit_works_on_board_like_objects_and_mappings():
    outcomes = [
        SimpleNamespace(id="o1", text="Hangs straight", importance=9.0, satisfaction=3.0),
        {"id": "o2", "text": "Holds", "importance": 3},
    ]
    links = [SimpleNamespace(id="l1", solution="s1", target="o1", strength="weak")]
    assert fit_score(outcomes, links) == pytest.approx(100 * 4.5 / 12)
    assert [o["id"] for o in unaddressed_needs(outcomes, links)] == ["o2"]


def test_fit_rejects_bad_inputs_naming_the_field():
    with pytest.raises(ValueError, match="strength") as info:
        fit_score([Need("a", "A", importance=1)],
                  [{"solution": "s", "target": "a", "strength": "medium"}])
    assert isinstance(info.value, FitInputError)
    assert (info.value.field, info.value.code) == ("[0].strength", "not_allowed")
    with pytest.raises(ValueError, match="importance"):
        fit_score([{"id": "a", "importance": -2}], [])
    with pytest.raises(ValueError, match="kind"):
        Need("a", "A", kind="wish")
    with pytest.raises(ValueError, match="strength"):
        Link("s", "a", "medium")
