"""Desired outcome = required outcome + appropriate experience (seed 001), from the metrics.

Pure Python (no streamlit).  The **required outcome** is what the customer must achieve, the
**appropriate experience** the way that fits them; meeting one without the other is not
success (the airline passenger who arrived safely but will not fly with them again).

Whether a half is met follows from the numbers, never from a tick: each metric marked as
measuring it (``required_outcome`` / ``appropriate_experience`` on the metric) must have
reached its target (or, for a state to secure, be within its tolerance), i.e. have progress
fraction 1::

    half    = "unmeasured"  if no metric is marked for it
              "met"         if every marked metric has fraction 1
              "not_met"     otherwise (a metric that cannot be scored counts as not met)
    result  = success | missing_experience | missing_outcome | missing_both
              (from required met?, experience met?)

Worked example (seed 001's event host): "share of guests who fit the topic" (required
outcome) 40 → 90 % of a 90 % target, fraction 1; "hours I spend on invitations"
(experience) 30 → 26 of a target 2, fraction 4/28.  Required outcome met (1 of 1), experience
not met (0 of 1): ``missing_experience`` — a full room, the wrong way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from components.board.records import field_of

__all__ = ["HALF_STATES", "OUTCOME_RESULTS", "DesiredState", "Half", "desired_state",
           "outcome_met"]

#: Results of :func:`outcome_met`.
OUTCOME_RESULTS: tuple[str, ...] = ("success", "missing_experience", "missing_outcome",
                                    "missing_both")
#: States of one half.
HALF_STATES: tuple[str, ...] = ("met", "not_met", "unmeasured")


def outcome_met(required_outcome: bool, appropriate_experience: bool) -> str:
    """``success`` (both), ``missing_experience`` (arrived, but not the way that fits),
    ``missing_outcome`` (a pleasant way that does not get the job done) or ``missing_both``."""
    if required_outcome and appropriate_experience:
        return "success"
    if required_outcome:
        return "missing_experience"
    if appropriate_experience:
        return "missing_outcome"
    return "missing_both"


@dataclass(frozen=True)
class Half:
    """One half of the desired outcome: ``marked`` metrics measure it, ``met`` of them are at
    their target."""

    marked: int = 0
    met: int = 0

    @property
    def state(self) -> str:
        if self.marked == 0:
            return "unmeasured"
        return "met" if self.met == self.marked else "not_met"


@dataclass(frozen=True)
class DesiredState:
    """Both halves of a persona's desired outcome and the result."""

    required: Half
    experience: Half

    @property
    def result(self) -> str:
        return outcome_met(self.required.state == "met", self.experience.state == "met")


def desired_state(metrics: Iterable[Any]) -> DesiredState:
    """The desired outcome of one persona from its metrics.

    ``metrics``: objects or mappings with ``required_outcome`` and ``appropriate_experience``
    (booleans: what the metric measures) and ``fraction`` (0..1, ``None`` when it cannot be
    scored).

    >>> state = desired_state([
    ...     {"required_outcome": True, "appropriate_experience": False, "fraction": 1.0},
    ...     {"required_outcome": False, "appropriate_experience": True, "fraction": 0.14}])
    >>> state.required.state, state.experience.state, state.result
    ('met', 'not_met', 'missing_experience')
    """
    counts = {"required_outcome": [0, 0], "appropriate_experience": [0, 0]}
    for item in metrics:
        at_target = field_of(item, "fraction", None) == 1
        for name, count in counts.items():
            if field_of(item, name, False):
                count[0] += 1
                count[1] += at_target
    return DesiredState(Half(*counts["required_outcome"]), Half(*counts["appropriate_experience"]))
