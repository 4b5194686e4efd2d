"""Replaying the audit log: cutoffs, report days and events applied without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reunite.reports.asof import AuditRow, cutoff_for, replay, report_date


@pytest.mark.parametrize(
    ("as_of", "cutoff"),
    [
        (date(2018, 7, 5), datetime(2018, 7, 6, tzinfo=UTC)),
        (date(2018, 12, 31), datetime(2019, 1, 1, tzinfo=UTC)),
        (datetime(2018, 7, 5, 9, 30), datetime(2018, 7, 5, 9, 30, tzinfo=UTC)),
    ],
)
def test_cutoff_is_the_first_instant_left_out(as_of: date, cutoff: datetime) -> None:
    assert cutoff_for(as_of) == cutoff


@pytest.mark.parametrize(
    ("cutoff", "day"),
    [
        (datetime(2018, 7, 6, tzinfo=UTC), date(2018, 7, 5)),  # the end of July 5
        (datetime(2018, 7, 6, 0, 0, 1, tzinfo=UTC), date(2018, 7, 6)),
        (datetime(2018, 7, 6, 15, 0, tzinfo=UTC), date(2018, 7, 6)),
    ],
)
def test_report_date(cutoff: datetime, day: date) -> None:
    assert report_date(cutoff) == day


def _row(sequence: int, event: str, entity: str, after: dict[str, object]) -> AuditRow:
    at = datetime(2018, 7, sequence, 12, tzinfo=UTC)
    return AuditRow(sequence, at, event, entity, 1, None, after, f"h{sequence}")


def test_replay_applies_events_in_order_and_counts_what_it_cannot_read() -> None:
    rows = [
        _row(1, "case-opened", "1", {"origin": "manual", "stay_of_removal": True}),
        _row(2, "pair-added", "7", {"case_id": 1, "parent_person_id": "P-1",
                                     "child_person_id": "C-1", "state": "candidate",
                                     "child_birth_date": "2015-03-14"}),
        _row(3, "state-changed", "7", {"state": "confirmed", "close_reason": None}),
        _row(4, "pair-added", "8", {"case_id": 1}),  # unreadable: no people, no state
        _row(5, "safeguard-checked", "schedule", {"rows": 3}),  # not case data
    ]  # fmt: skip
    snap = replay(rows, datetime(2018, 8, 1, tzinfo=UTC))
    pair = snap.pairs[7]
    assert pair.state == "confirmed" and pair.child_birth_date == date(2015, 3, 14)
    assert pair.separation_confirmed_date == date(2018, 7, 3)  # the day it was confirmed
    assert snap.skipped_events == 1 and 8 not in snap.pairs
    assert snap.audit_head == "5:h5"
