"""The funnel chart reads as a funnel in which the lower stages stay legible."""

from components.funnel.plan import DEFAULT_INPUTS, make_plan
from components.funnel.stages import stage_vocabulary
from components.widgets.funnel.charts import bar_share, funnel_chart


def test_the_docstrings_shares():
    assert [round(bar_share(count, 8000), 2) for count in (8000, 800, 80, 8)] == [
        1.0, 0.74, 0.49, 0.24]
    assert bar_share(0, 8000) == 0 and bar_share(1, 10**9) > 0  # never an invisible sliver


def test_bars_narrow_stage_by_stage_and_the_references_stay_visible():
    """8 references beside 8,000 suspects were drawn at 0.6 % of the widest bar."""
    spec = funnel_chart(make_plan(DEFAULT_INPUTS), stage_vocabulary("en").stage_names,
                        "en").to_dict()
    rows = next(iter(spec["datasets"].values()))
    widths = [row["right"] - row["left"] for row in rows]
    assert widths == sorted(widths, reverse=True)
    assert widths[-1] / widths[0] > 0.2
    assert [row["label"] for row in rows][-1] == "8 · 10%"
