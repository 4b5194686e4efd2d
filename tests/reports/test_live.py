"""A report as of now reads the live tables; it must equal the replay of the whole audit log."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from sqlalchemy.orm import Session

from reunite.families import contacts
from reunite.proceedings import service as proceedings
from reunite.reports import asof, live
from reunite.reports.status import compute_status, status_report

from .scenario import Clock, Pairs, build_after_july_5

pytestmark = pytest.mark.db


def _without_cutoff(snap: asof.CaseSnapshot) -> dict[str, object]:
    values = asdict(snap)
    values.pop("cutoff")
    return values


def test_the_live_tables_and_the_replayed_log_give_the_same_snapshot(
    session: Session, clock: Clock, pairs: Pairs
) -> None:
    build_after_july_5(session, clock, pairs)
    contacts.record_contact_attempt(
        session, actor="test", pair_id=pairs.a2, channel="phone", outcome="no-answer",
        attempted_at=clock.at, now=clock.at,
    )  # fmt: skip
    proceedings.record_proceeding(
        session, actor="test", person_id="P-A", kind="hearing", case_id=None, now=clock.at
    )
    session.commit()
    now, replayed = live.snapshot_now(session), asof.snapshot_as_of(session)
    assert replayed.skipped_events == 0
    assert _without_cutoff(now) == _without_cutoff(replayed)
    assert compute_status(now).rows() == compute_status(replayed).rows()


def test_a_report_as_of_now_reads_the_tables(
    session: Session, pairs: Pairs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_replay(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a report as of now must not replay the log")

    monkeypatch.setattr("reunite.reports.status.snapshot_as_of", no_replay)
    report = status_report(session)
    assert report.section("children_identified").total == 5
