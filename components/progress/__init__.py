"""The progress scorer: the arithmetic in :mod:`.score`, what the page shows in :mod:`.view`.

``components.progress`` itself offers the contract's names (shared/CONTRACT.md); the
opportunity score lives with the canvas (:mod:`components.canvas.opportunity`), whose outcomes
it rates.
"""

from components.canvas.opportunity import opportunity
from components.progress.score import dimension_scores, metric_progress

__all__ = ["dimension_scores", "metric_progress", "opportunity"]
