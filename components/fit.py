"""``components.fit`` as shared/CONTRACT.md names it: the canvas's fit analysis, which lives in
:mod:`components.canvas.fit`."""

from components.canvas.fit import fit_score, orphan_solutions, unaddressed_needs

__all__ = ["fit_score", "orphan_solutions", "unaddressed_needs"]
