"""Court deadlines (Ms. L. v. ICE, 2018-06-26), as pure functions over dates.

Reunify a child under 5 within 14 days and a child of 5–17 within 30 days, counted from the order date
or, for a separation confirmed later, from the day it was confirmed, using the child's age on that day.
Parent and child speak by phone within 10 days. A child turning 18 may be moved to adult detention, so
it raises an alert 30 days ahead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

ORDER_DATE = date(2018, 6, 26)
UNDER_FIVE_DAYS = 14
FIVE_TO_SEVENTEEN_DAYS = 30
FIRST_CONTACT_DAYS = 10
AGE_OUT_ALERT_DAYS = 30
DUE_SOON_DAYS = 7

DeadlineKind = Literal["reunification", "first-contact", "ages-out"]


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on `on`."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def birthday(birth_date: date, years: int) -> date:
    """The date a person born on `birth_date` turns `years` (29 February → 1 March)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return date(birth_date.year + years, 3, 1)


def clock_start(separation_confirmed_date: date | None, order_date: date = ORDER_DATE) -> date:
    """The day the clocks start: the order date, or a later separation-confirmed date."""
    if separation_confirmed_date is None or separation_confirmed_date < order_date:
        return order_date
    return separation_confirmed_date


@dataclass(frozen=True)
class ReunificationDeadline:
    start_date: date
    age_years: int | None  # None when the birth date is unknown
    days: int | None  # None when the child was already 18 on the start date
    due_date: date | None
    age_assumed: bool  # True when the age was unknown and the shorter deadline was used


def reunification_deadline(
    *,
    child_birth_date: date | None,
    separation_confirmed_date: date | None,
    order_date: date = ORDER_DATE,
) -> ReunificationDeadline:
    """14 days under 5, 30 days for 5–17. An unknown age gets the shorter deadline (err for the child)."""
    start = clock_start(separation_confirmed_date, order_date)
    if child_birth_date is None:
        return ReunificationDeadline(
            start, None, UNDER_FIVE_DAYS, start + timedelta(UNDER_FIVE_DAYS), True
        )
    age = age_on(child_birth_date, start)
    if age >= 18:
        return ReunificationDeadline(start, age, None, None, False)
    days = UNDER_FIVE_DAYS if age < 5 else FIVE_TO_SEVENTEEN_DAYS
    return ReunificationDeadline(start, age, days, start + timedelta(days), False)


def first_contact_due(
    *, separation_confirmed_date: date | None, order_date: date = ORDER_DATE
) -> date:
    return clock_start(separation_confirmed_date, order_date) + timedelta(FIRST_CONTACT_DAYS)


def ages_out_on(child_birth_date: date | None) -> date | None:
    return None if child_birth_date is None else birthday(child_birth_date, 18)


@dataclass(frozen=True)
class PairClock:
    """What the deadlines need to know about one parent–child pair."""

    case_id: int
    pair_id: int
    child_birth_date: date | None
    separation_confirmed_date: date | None
    reunified_date: date | None
    first_contact_date: date | None
    active: bool = True  # False when ruled out or closed: no clock runs


@dataclass(frozen=True)
class DeadlineItem:
    case_id: int
    pair_id: int
    kind: DeadlineKind
    due_date: date
    met_date: date | None

    def days_left(self, today: date) -> int:
        return (self.due_date - today).days

    def to_json(self, today: date) -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "pair_id": self.pair_id,
            "kind": self.kind,
            "due_date": self.due_date.isoformat(),
            "met_date": self.met_date.isoformat() if self.met_date else None,
            "days_left": self.days_left(today),
        }


def deadline_items(clock: PairClock, *, order_date: date = ORDER_DATE) -> list[DeadlineItem]:
    """Every deadline of one pair, met or not."""
    if not clock.active:
        return []
    items: list[DeadlineItem] = []
    reunify = reunification_deadline(
        child_birth_date=clock.child_birth_date,
        separation_confirmed_date=clock.separation_confirmed_date,
        order_date=order_date,
    )
    if reunify.due_date is not None:
        items.append(
            DeadlineItem(
                clock.case_id,
                clock.pair_id,
                "reunification",
                reunify.due_date,
                clock.reunified_date,
            )
        )
    items.append(
        DeadlineItem(
            clock.case_id,
            clock.pair_id,
            "first-contact",
            first_contact_due(
                separation_confirmed_date=clock.separation_confirmed_date, order_date=order_date
            ),
            clock.first_contact_date,
        )
    )
    aging_out = ages_out_on(clock.child_birth_date)
    if aging_out is not None:
        items.append(
            DeadlineItem(clock.case_id, clock.pair_id, "ages-out", aging_out, clock.reunified_date)
        )
    return items


def is_overdue(item: DeadlineItem, today: date) -> bool:
    """Not met and past due. A deadline met late stays a matter of record, not of today's list."""
    return item.met_date is None and item.due_date < today and item.kind != "ages-out"


def is_due_soon(item: DeadlineItem, today: date, within_days: int = DUE_SOON_DAYS) -> bool:
    if item.met_date is not None:
        return False
    window = AGE_OUT_ALERT_DAYS if item.kind == "ages-out" else within_days
    return today <= item.due_date <= today + timedelta(window)


def overdue(items: Iterable[DeadlineItem], today: date) -> list[DeadlineItem]:
    """Overdue deadlines, the longest overdue first."""
    return sorted((i for i in items if is_overdue(i, today)), key=lambda i: (i.due_date, i.pair_id))


def due_soon(
    items: Iterable[DeadlineItem], today: date, within_days: int = DUE_SOON_DAYS
) -> list[DeadlineItem]:
    """Deadlines falling due in the window (children turning 18: within 30 days), soonest first."""
    return sorted(
        (i for i in items if is_due_soon(i, today, within_days)),
        key=lambda i: (i.due_date, i.pair_id),
    )


def turns_18_within(
    child_birth_date: date | None, today: date, days: int = AGE_OUT_ALERT_DAYS
) -> bool:
    """True when a child not yet 18 turns 18 within `days` of `today`."""
    aging_out = ages_out_on(child_birth_date)
    return aging_out is not None and today <= aging_out <= today + timedelta(days)
