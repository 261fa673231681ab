"""components.progress.desired: required outcome + appropriate experience, from the numbers."""

from __future__ import annotations

from types import SimpleNamespace

from components.examples import all_examples
from components.progress.desired import Half, desired_state, outcome_met
from components.progress.view import desired_of, desired_record, views_in


def test_outcome_met_airline():
    assert outcome_met(True, True) == "success"
    assert outcome_met(True, False) == "missing_experience"  # arrived, but not the right way
    assert outcome_met(False, True) == "missing_outcome"
    assert outcome_met(False, False) == "missing_both"


def test_a_half_is_met_only_when_every_metric_marked_for_it_is_at_its_target():
    def metric(required, experience, fraction):
        return {"required_outcome": required, "appropriate_experience": experience,
                "fraction": fraction}

    # a metric at 0 % marked as the required outcome is not met (the finding)
    assert desired_state([metric(True, False, 0.0)]).required == Half(1, 0)
    state = desired_state([metric(True, False, 1.0), metric(True, True, 0.5),
                           metric(False, True, 1.0), metric(False, False, 0.0)])
    assert (state.required, state.experience) == (Half(2, 1), Half(2, 1))
    assert (state.required.state, state.result) == ("not_met", "missing_both")
    # a metric that cannot be scored (fraction None) is not at its target
    assert desired_state([SimpleNamespace(required_outcome=True, appropriate_experience=False,
                                          fraction=None)]).required.state == "not_met"
    assert desired_state([]).required.state == "unmeasured"


def test_seed_001s_two_event_promoters():
    board = next(e for e in all_examples() if e.key == "event-promoter").board()
    seller = desired_of(views_in(board, "pers-seller"))
    host = desired_of(views_in(board, "pers-host"))
    assert (seller.result, host.result) == ("success", "missing_experience")
    assert (host.required, host.experience) == (Half(1, 1), Half(2, 0))
    record = desired_record(board, "pers-host")
    assert record.alternative.startswith("Writing the invitations himself")
