"""Chart drawing as pure functions: escaping, layout inputs, sample days."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest

from reunite.reports.charts import Series, sample_dates, stacked_bars


def test_labels_are_escaped_and_values_drawn() -> None:
    svg = stacked_bars(
        Series("Tít<le>", "children", ("2018-07-01", "a&b"), ("<script>",), ((3, 0),))
    )
    root = ElementTree.fromstring(svg)  # parses: nothing unescaped got through
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>" in texts and "Tít<le> (children)" in texts and "3" in texts
    assert "<script>" not in svg


def test_an_empty_chart_still_draws() -> None:
    ElementTree.fromstring(stacked_bars(Series("Nothing yet", "children", (), (), ())))


@pytest.mark.parametrize(
    ("first", "last", "count"),
    [
        (date(2018, 7, 1), date(2018, 7, 1), 1),
        (date(2018, 7, 1), date(2018, 7, 10), 10),
        (date(2018, 1, 1), date(2018, 12, 31), 26),
        (date(2017, 7, 1), date(2026, 11, 29), 26),
    ],
)
def test_sample_dates_cover_the_span_and_stay_few(first: date, last: date, count: int) -> None:
    days = sample_dates(first, last)
    assert days[0] == first and days[-1] == last
    assert days == sorted(set(days)) and len(days) <= count + 1
