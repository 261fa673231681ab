"""The funnel calculator (seed 004).  One concept a module:

- :mod:`.calc`: the six stages, the contract's ``back_compute`` and ``forward`` (one referral
  loop in both directions), rates seen in actual counts;
- :mod:`.bowtie`: what a customer brings after the sale (repeat orders, fees, churn,
  expansion, the existing base) month by month, its lifetime value;
- :mod:`.pacing`: ramp-up and steady state, entries and revenue month by month, the
  customers a target needs when revenue is counted as it comes in;
- :mod:`.seed`: the seed a self-feeding referral loop needs, generation by generation;
- :mod:`.levers`: what one point and 10 % of each lever bring in money;
- :mod:`.cost`: the cost of the plan and of a customer against a budget;
- :mod:`.actuals`: actual counts against the plan by calendar month;
- :mod:`.stages`: the stage table's words and templates;
- :mod:`.plan`: the page's plan that puts them together.

``components.funnel`` itself offers the contract's names (shared/CONTRACT.md).
"""

from components.funnel.calc import STAGES, back_compute, forward

__all__ = ["STAGES", "back_compute", "forward"]
