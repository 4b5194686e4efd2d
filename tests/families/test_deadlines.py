"""Court deadlines: table-driven over real-looking ages and dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reunite.families.deadlines import (
    ORDER_DATE,
    DeadlineItem,
    PairClock,
    age_on,
    birthday,
    clock_start,
    deadline_items,
    due_soon,
    first_contact_due,
    overdue,
    reunification_deadline,
    turns_18_within,
)

D = date


@pytest.mark.parametrize(
    ("birth", "confirmed", "age", "days", "due"),
    [
        # Separated before the order: the clock starts on 2018-06-26.
        (D(2015, 1, 10), None, 3, 14, D(2018, 7, 10)),
        (D(2014, 6, 27), D(2018, 5, 1), 3, 14, D(2018, 7, 10)),  # 4th birthday is the day after
        (D(2013, 6, 26), None, 5, 30, D(2018, 7, 26)),  # turns 5 on the order date: 30 days
        (D(2013, 6, 27), None, 4, 14, D(2018, 7, 10)),  # turns 5 the next day: still under 5
        (D(2001, 6, 27), None, 16, 30, D(2018, 7, 26)),
        # Confirmed later: counted from the confirmation, age on that day.
        (D(2014, 1, 1), D(2019, 3, 1), 5, 30, D(2019, 3, 31)),
        (D(2015, 1, 1), D(2019, 3, 1), 4, 14, D(2019, 3, 15)),
        (D(2016, 2, 29), D(2021, 2, 28), 4, 14, D(2021, 3, 14)),  # leap-day child not yet 5
        (D(2016, 2, 29), D(2021, 3, 1), 5, 30, D(2021, 3, 31)),
    ],
)
def test_reunification_deadline(
    birth: date, confirmed: date | None, age: int, days: int, due: date
) -> None:
    result = reunification_deadline(child_birth_date=birth, separation_confirmed_date=confirmed)
    assert (result.age_years, result.days, result.due_date) == (age, days, due)
    assert not result.age_assumed


def test_unknown_birth_date_gets_the_shorter_deadline() -> None:
    result = reunification_deadline(child_birth_date=None, separation_confirmed_date=None)
    assert result.due_date == D(2018, 7, 10) and result.age_assumed


def test_an_adult_on_the_start_date_has_no_reunification_deadline() -> None:
    result = reunification_deadline(child_birth_date=D(2000, 1, 1), separation_confirmed_date=None)
    assert result.days is None and result.due_date is None


def test_order_date_is_configurable() -> None:
    result = reunification_deadline(
        child_birth_date=D(2020, 1, 1), separation_confirmed_date=None, order_date=D(2023, 10, 1)
    )
    assert result.start_date == D(2023, 10, 1) and result.due_date == D(2023, 10, 15)


@pytest.mark.parametrize(
    ("confirmed", "start", "contact_due"),
    [
        (None, ORDER_DATE, D(2018, 7, 6)),
        (D(2017, 8, 1), ORDER_DATE, D(2018, 7, 6)),
        (D(2018, 9, 3), D(2018, 9, 3), D(2018, 9, 13)),
    ],
)
def test_clock_start_and_first_contact(
    confirmed: date | None, start: date, contact_due: date
) -> None:
    assert clock_start(confirmed) == start
    assert first_contact_due(separation_confirmed_date=confirmed) == contact_due


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (D(2010, 3, 14), D(2018, 3, 13), 7),
        (D(2010, 3, 14), D(2018, 3, 14), 8),
        (D(2012, 2, 29), D(2030, 2, 28), 17),
        (D(2012, 2, 29), D(2030, 3, 1), 18),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_birthday_on_leap_day() -> None:
    assert birthday(D(2012, 2, 29), 18) == D(2030, 3, 1)
    assert birthday(D(2012, 2, 28), 18) == D(2030, 2, 28)


@pytest.mark.parametrize(
    ("birth", "today", "alert"),
    [
        (D(2000, 8, 1), D(2018, 7, 2), True),  # 30 days ahead
        (D(2000, 8, 2), D(2018, 7, 2), False),  # 31 days ahead
        (D(2000, 7, 2), D(2018, 7, 2), True),  # turns 18 today
        (D(2000, 7, 1), D(2018, 7, 2), False),  # already 18
        (None, D(2018, 7, 2), False),
    ],
)
def test_turns_18_within_30_days(birth: date | None, today: date, alert: bool) -> None:
    assert turns_18_within(birth, today) is alert


def _clock(pair_id: int, **kw: object) -> PairClock:
    base: dict[str, object] = {
        "case_id": 1,
        "pair_id": pair_id,
        "child_birth_date": D(2015, 1, 1),
        "separation_confirmed_date": None,
        "reunified_date": None,
        "first_contact_date": None,
    }
    base.update(kw)
    return PairClock(**base)  # type: ignore[arg-type]


def test_overdue_and_due_soon_lists() -> None:
    today = D(2018, 7, 8)
    items: list[DeadlineItem] = []
    items += deadline_items(_clock(1))  # under 5: due 07-10 (soon); contact due 07-06 (overdue)
    items += deadline_items(_clock(2, first_contact_date=D(2018, 7, 1)))  # contact met
    items += deadline_items(_clock(3, child_birth_date=D(2008, 1, 1)))  # 10: due 07-26, not soon
    items += deadline_items(_clock(4, child_birth_date=D(2000, 7, 30)))  # turns 18 on 07-30
    items += deadline_items(_clock(5, active=False))  # ruled out: no clock
    late = overdue(items, today)
    assert [(i.pair_id, i.kind) for i in late] == [
        (1, "first-contact"),
        (3, "first-contact"),
        (4, "first-contact"),
    ]
    soon = due_soon(items, today)
    assert [(i.pair_id, i.kind) for i in soon] == [
        (1, "reunification"),
        (2, "reunification"),
        (4, "ages-out"),
    ]
    assert late[0].days_left(today) == -2
    assert late[0].to_json(today)["due_date"] == "2018-07-06"


def test_a_met_deadline_is_neither_overdue_nor_due_soon() -> None:
    items = deadline_items(
        _clock(1, reunified_date=D(2018, 7, 9), first_contact_date=D(2018, 7, 1))
    )
    assert overdue(items, D(2019, 1, 1)) == [] and due_soon(items, D(2018, 7, 5)) == []


@given(
    birth=st.dates(min_value=D(1995, 1, 1), max_value=D(2030, 12, 31)),
    confirmed=st.one_of(st.none(), st.dates(min_value=D(2017, 7, 1), max_value=D(2030, 12, 31))),
)
def test_deadline_invariants(birth: date, confirmed: date | None) -> None:
    result = reunification_deadline(child_birth_date=birth, separation_confirmed_date=confirmed)
    assert result.start_date >= ORDER_DATE
    assert result.start_date >= (confirmed or ORDER_DATE)
    if result.due_date is None:
        assert result.age_years is not None and result.age_years >= 18
    else:
        assert result.days == (14 if age_on(birth, result.start_date) < 5 else 30)
        assert (result.due_date - result.start_date).days == result.days
