"""The funnel calculator (seed 004): the arithmetic in :mod:`.calc`, the page's plan in
:mod:`.plan`.  ``components.funnel`` itself offers the contract's names (shared/CONTRACT.md)."""

from components.funnel.calc import STAGES, back_compute, forward

__all__ = ["STAGES", "back_compute", "forward"]
