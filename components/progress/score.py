"""Progress scoring: how far the customer came, in the customer's own metrics.

Pure Python (no streamlit).  Everything here works on plain numbers, mappings or any object
with the named attributes, so the pages can feed it board records or table rows alike.

Numbers
-------
Inputs may be ``int``, ``float``, ``Decimal``, ``Fraction`` or numeric strings (``"2.5"``).
Arithmetic is exact: every input is turned into a :class:`fractions.Fraction` first (a float
through its shortest text form, ``Fraction(str(0.1)) == Fraction(1, 10)``), so ``0.1 + 0.2``
problems never decide a boundary.  Results that describe progress (``gain``, ``gap``,
``fraction``, scores) are handed out as ``float`` because the pages only show and chart them.

Every bad input raises :class:`ProgressInputError` (a :class:`~components.errors.Problem`) whose
``field`` names the offending input and whose ``code`` is a stable word the UI translates:
``equal_target``, ``not_a_number``, ``not_an_integer``, ``out_of_range``, ``negative``,
``unknown_dimension``, ``missing``, ``conflict``.  ``str(error)`` is an English message that
starts with the field name.

Improving a state — :func:`metric_progress` (GAIN first, GAP on request; seed 003)
----------------------------------------------------------------------------------
::

    direction = +1 if target > baseline, -1 if target < baseline (smaller is better)
    gain      = (current - baseline) * direction          # negative when things got worse
    gap       = max((target - current) * direction, 0)
    fraction  = min(max(gain / |target - baseline|, 0), 1)

``target == baseline`` is rejected (reason ``equal_target``): keeping a value is a state to
*secure*, see :func:`secured_progress`.

Worked example, the coffee buyer: minutes waiting for coffee, baseline 15, now 3, target 2.
Smaller is better, so direction is -1; gain = (3 - 15) * -1 = 12 minutes less waiting;
gap = (2 - 3) * -1 = 1 minute still to go; fraction = 12 / |2 - 15| = 12/13 ≈ 0.923.

Securing a state — :func:`secured_progress` (the second coffee keeps you awake; seed 000)
-----------------------------------------------------------------------------------------
``direction`` says which way is *good*: +1 larger is better, -1 smaller is better, 0 any
deviation from the baseline is bad (keep it close)::

    worsening = max((baseline - current) * direction, 0)    # |current - baseline| for 0
    gain      = (current - baseline) * direction             # -|current - baseline| for 0
    gap       = max(worsening - tolerance, 0)                # how far outside the tolerance
    fraction  = 1                                      if worsening <= tolerance
              = max(0, 1 - (worsening - tolerance) / tolerance)   otherwise (tolerance > 0)
              = 0                                      if tolerance == 0 and worsening > 0

So the fraction is 1 inside the tolerance and falls linearly to 0 when the worsening reaches
twice the tolerance.  Example: alertness 8 of 10, tolerance 1, larger is better.  At 7.5 the
state is secured (fraction 1, gain -0.5, gap 0); at 6.5 the worsening is 1.5, half a tolerance
beyond, so fraction 0.5 and gap 0.5; at 6 or below the fraction is 0.

Dimensions — :func:`dimension_scores`
-------------------------------------
Per dimension (functional, emotional, social) the weight-averaged fraction × 100::

    score(d) = 100 * sum(weight * fraction) / sum(weight)   over the metrics of d

``None`` when a dimension has no metric or its weights add up to 0.  :func:`overall_fraction`
is the same average over all metrics at once (0..1), i.e. the dimension scores combined in
proportion to their total weights; it is the progress the worth-it verdict pays for.

The worth-it verdict and the forces of switching: :mod:`components.progress.worth`; the
desired outcome (required outcome + appropriate experience): :mod:`components.progress.desired`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from components.board.records import MISSING, field_of
from components.errors import Problem
from components.numbers import Number, exact, in_range, non_negative

__all__ = [
    "DIMENSIONS",
    "Progress",
    "ProgressInputError",
    "dimension_scores",
    "metric_progress",
    "overall_fraction",
    "progress_of",
    "secured_progress",
    "validate_rating",
]

DIMENSIONS: tuple[str, str, str] = ("functional", "emotional", "social")

# --------------------------------------------------------------------------------------------
# Errors and number handling


class ProgressInputError(Problem):
    """A bad input to a progress calculation (sentences under ``progress.error``).

    ``field`` names the input (``"target"``, ``"weight"``; ``"metrics[1].weight"`` for the
    second metric of a list); ``code`` is one of ``equal_target``, ``not_a_number``,
    ``not_an_integer``, ``out_of_range``, ``negative``, ``unknown_dimension``, ``missing``,
    ``conflict``.
    """

    catalog = "progress.error"


def _exact(value: Any, field: str) -> Fraction:
    return exact(value, field, ProgressInputError)


def _in_range(value: Any, low: Fraction | int, high: Fraction | int, field: str) -> Fraction:
    return in_range(value, low, high, field, ProgressInputError)


def _non_negative(value: Any, field: str) -> Fraction:
    return non_negative(value, field, ProgressInputError)


def _at(index: int | None, name: str) -> str:
    """The field name of ``name`` in the ``index``-th metric of a list (or alone)."""
    return name if index is None else f"metrics[{index}].{name}"


def _get(item: Any, key: str, index: int | None, default: Any = MISSING) -> Any:
    """The field ``key`` of a mapping or object; missing without a ``default``: an error."""
    value = field_of(item, key, default)
    if value is MISSING:
        raise ProgressInputError(_at(index, key), "missing")
    return value


# --------------------------------------------------------------------------------------------
# Improving and securing a state


@dataclass(frozen=True)
class Progress:
    """Progress on one metric.

    ``gain``: how far the customer came from the baseline, in the metric's unit, positive when
    better (negative when worse).  ``gap``: how far is still to go (improve) or how far outside
    the tolerance (secure); never negative.  ``fraction``: 0..1, the share reached.
    ``direction`` (+1 larger is better, -1 smaller is better, 0 keep close) is informative and
    takes no part in equality.  All floats; computed exactly, converted at the end.
    """

    gain: float
    gap: float
    fraction: float
    direction: int = field(default=1, compare=False)


def metric_progress(baseline: Number, current: Number, target: Number) -> Progress:
    """Progress from ``baseline`` towards ``target`` (see the module docstring).

    >>> metric_progress(15, 3, 2)        # minutes waiting for coffee
    Progress(gain=12.0, gap=1.0, fraction=0.9230769230769231, direction=-1)
    """
    b = _exact(baseline, "baseline")
    c = _exact(current, "current")
    t = _exact(target, "target")
    if t == b:
        raise ProgressInputError("target", "equal_target", value=str(target))
    direction = 1 if t > b else -1
    gain = (c - b) * direction
    gap = max((t - c) * direction, Fraction(0))
    fraction = min(max(gain / abs(t - b), Fraction(0)), Fraction(1))
    return Progress(float(gain), float(gap), float(fraction), direction)


def secured_progress(
    baseline: Number, current: Number, tolerance: Number, direction: int = 1
) -> Progress:
    """Progress on a state to secure: keep ``current`` from getting worse than ``baseline``.

    ``direction`` +1: larger is better (a drop is worsening); -1: smaller is better (a rise is
    worsening); 0: any deviation is worsening.  Fraction 1 within ``tolerance``, then falling
    linearly to 0 at twice the tolerance; tolerance 0 turns any worsening into fraction 0.

    >>> secured_progress(8, 6.5, 1)      # alertness 8/10, allowed to slip by 1
    Progress(gain=-1.5, gap=0.5, fraction=0.5, direction=1)
    """
    b = _exact(baseline, "baseline")
    c = _exact(current, "current")
    tol = _non_negative(tolerance, "tolerance")
    if isinstance(direction, bool) or direction not in (1, -1, 0):
        raise ProgressInputError("direction", "out_of_range", low=-1, high=1,
                                 value=str(direction))
    if direction == 0:
        gain = -abs(c - b)
        worsening = abs(c - b)
    else:
        gain = (c - b) * direction
        worsening = max(-gain, Fraction(0))
    gap = max(worsening - tol, Fraction(0))
    if worsening <= tol:
        fraction = Fraction(1)
    elif tol == 0:
        fraction = Fraction(0)
    else:
        fraction = max(Fraction(0), 1 - gap / tol)
    return Progress(float(gain), float(gap), float(fraction), direction)


def progress_of(metric: Any, direction: int | None = None) -> Progress:
    """Progress of a metric record (object or mapping) as stored on a board.

    Reads ``kind`` (``improve``, the default, or ``secure``), ``baseline``, ``current`` and
    ``target`` (improve) or ``tolerance`` (secure, default 0).  For ``secure`` the good
    direction comes from the ``direction`` argument, else from a ``direction`` field of the
    record, else +1 (larger is better).  When ``scale_min``/``scale_max`` are set (ratings such
    as 1–5) the values must lie on that scale.
    """
    kind = _get(metric, "kind", None, "improve")
    scale_min = _get(metric, "scale_min", None, None)
    scale_max = _get(metric, "scale_max", None, None)
    names = ("baseline", "current") + (("target",) if kind != "secure" else ())
    values = {name: _get(metric, name, None) for name in names}
    if scale_min is not None and scale_max is not None:
        for name, value in values.items():
            validate_rating(value, scale_min, scale_max, name)
    if kind == "secure":
        if direction is None:
            direction = _get(metric, "direction", None, 1)
        tolerance = _get(metric, "tolerance", None, 0)
        return secured_progress(values["baseline"], values["current"], tolerance, direction)
    if kind != "improve":
        raise ProgressInputError("kind", "unknown_kind", value=str(kind))
    if values["target"] is None:
        raise ProgressInputError("target", "missing")
    return metric_progress(values["baseline"], values["current"], values["target"])


# --------------------------------------------------------------------------------------------
# Dimensions


def _metric_rows(metrics: Iterable[Any]) -> list[tuple[Any, str, Fraction, Fraction]]:
    """Validated (item, dimension, weight, fraction) of every metric."""
    rows = []
    for index, item in enumerate(metrics):
        raw_dimension = _get(item, "dimension", index)
        dimension = getattr(raw_dimension, "value", raw_dimension)  # str enums
        if not isinstance(dimension, str) or dimension.strip().lower() not in DIMENSIONS:
            raise ProgressInputError(_at(index, "dimension"), "unknown_dimension",
                                     value=str(raw_dimension))
        weight = _non_negative(_get(item, "weight", index), _at(index, "weight"))
        fraction = _in_range(_get(item, "fraction", index), 0, 1, _at(index, "fraction"))
        rows.append((item, dimension.strip().lower(), weight, fraction))
    return rows


def _weighted(rows: Iterable[tuple[Any, str, Fraction, Fraction]]) -> Fraction | None:
    total = sum((weight for _, _, weight, _ in rows), Fraction(0))
    if total == 0:
        return None
    return sum((weight * fraction for _, _, weight, fraction in rows), Fraction(0)) / total


def dimension_scores(metrics: Iterable[Any]) -> dict[str, float | None]:
    """Score 0..100 per dimension: the weight-averaged fraction × 100.

    ``metrics``: objects or mappings with ``dimension``, ``weight`` (>= 0) and ``fraction``
    (0..1).  All three dimensions are always present; ``None`` for a dimension without metrics
    or with zero total weight.

    >>> dimension_scores([{"dimension": "functional", "weight": 2, "fraction": 0.5},
    ...                   {"dimension": "functional", "weight": 1, "fraction": 1}])
    {'functional': 66.66666666666667, 'emotional': None, 'social': None}
    """
    rows = _metric_rows(metrics)
    scores: dict[str, float | None] = {}
    for dimension in DIMENSIONS:
        average = _weighted([row for row in rows if row[1] == dimension])
        scores[dimension] = None if average is None else float(average * 100)
    return scores


def overall_fraction(metrics: Iterable[Any]) -> float | None:
    """Weight-averaged fraction 0..1 over all metrics, ``None`` without weight.

    Equals the dimension scores / 100 averaged in proportion to each dimension's total weight.
    """
    average = _weighted(_metric_rows(metrics))
    return None if average is None else float(average)


# --------------------------------------------------------------------------------------------
# Ratings


def validate_rating(value: Number, scale_min: Number, scale_max: Number, field: str) -> float:
    """``value`` as a float if it lies on ``scale_min..scale_max`` (both included).

    Raises :class:`ProgressInputError` naming ``field`` (reason ``not_a_number`` or
    ``out_of_range``).
    """
    low = _exact(scale_min, "scale_min")
    high = _exact(scale_max, "scale_max")
    if low > high:
        raise ProgressInputError("scale_max", "scale_order", value=str(scale_max))
    return float(_in_range(value, low, high, field))
