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
    obstacle_score,
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


def test_fit_score_strongest_link_counts_obstacles_are_left_out_unrated_weigh_the_mean():
    links = [*SHELF_LINKS, Link("s3", "o2", "strong"), Link("s3", "o3", "weak")]
    # o1 strong 8, o2 strong 6, o3 weak 3, o4 (9) none; b1 is an obstacle;
    # o5 unrated and unlinked weighs the mean (8 + 6 + 6 + 9) / 4 = 7.25:
    # (8 + 6 + 3) / (29 + 7.25) = 17 / 36.25
    assert fit_score(SHELF_NEEDS, links) == pytest.approx(100 * 17 / 36.25)


def test_an_unrated_outcome_without_a_solution_lowers_the_score():
    # the module's worked example: (8 + 3 + 0) / (20 + 20/3) = 41.25
    needs = [*SHELF_NEEDS[:3], Need("o5", "No dust on the carpet")]
    assert fit_score(needs, SHELF_LINKS) == pytest.approx(41.25)
    assert fit_score(needs, [*SHELF_LINKS, Link("s1", "o5")]) > fit_score(needs, SHELF_LINKS)
    # while none is rated, each outcome counts alike: one of two reached
    assert fit_score([Need("x", "X"), Need("y", "Y")], [Link("s", "x")]) == 50.0


def test_fit_score_none_without_outcomes_or_weight():
    assert fit_score([], SHELF_LINKS) is None
    assert fit_score([Need("b", "B", "obstacle")], [Link("s", "b")]) is None
    # rated 0 only: the mean is 0 too, nothing weighs anything
    assert fit_score([Need("x", "X"), Need("y", "Y", importance=0)], [Link("s", "x")]) is None


def test_obstacle_score_counts_each_obstacle_alike():
    needs = [Need("o", "O", importance=9), Need("b1", "B1", "obstacle"),
             Need("b2", "B2", "obstacle")]
    # the module's worked example: (1 + 0.5) / 2
    assert obstacle_score(needs, [Link("s", "b1"), Link("t", "b2", "weak")]) == 75.0
    assert obstacle_score(needs, [Link("s", "o")]) == 0.0
    assert obstacle_score(needs[:1], []) is None
    # outcomes all reached, obstacles not: the two scores say so side by side
    assert (fit_score(needs, [Link("s", "o")]), obstacle_score(needs, [Link("s", "o")])) == (
        100.0, 0.0)


def test_a_link_to_the_job_helps_no_orphan_but_reaches_no_outcome():
    needs = [Need("o", "O", importance=5), Need("b", "B", "obstacle")]
    links = [Link("s1", "job"), Link("s2", "o")]
    assert orphan_solutions([Sol("s1", "S1"), Sol("s2", "S2")], links) == []
    assert fit_score(needs, links) == 100.0
    assert obstacle_score(needs, links) == 0.0
    assert [n.id for n in unaddressed_needs(needs, links)] == ["b"]


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
