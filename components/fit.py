"""``components.fit`` as shared/CONTRACT.md names it: the canvas's fit analysis, which lives in
:mod:`components.canvas.fit` (the solution-in-disguise check in
:mod:`components.canvas.disguise`)."""

from components.canvas.fit import (
    disguised,
    fit_score,
    orphan_solutions,
    solutions_in_disguise,
    unaddressed_needs,
)

__all__ = ["disguised", "fit_score", "orphan_solutions", "solutions_in_disguise",
           "unaddressed_needs"]
