"""The case store as it stands now, read from the live tables into the report's views.

A report as of a past date replays the audit log (`reports.asof`), so it never drifts. A report as
of *now* would replay the whole log too — minutes once `reunite link` has opened cases for a
million records — for the same answer: the log and the tables are written in one transaction, and
a test holds them equal (`tests/reports/test_live.py`). So "now" reads the tables, and every other
moment replays.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.audit.models import AuditRecord
from reunite.families.models import (
    CasePair,
    ContactAttempt,
    FamilyCase,
    LocationRecord,
    VettingReview,
    Waiver,
)
from reunite.proceedings.models import Proceeding
from reunite.reports.asof import (
    CaseSnapshot,
    CaseView,
    ContactView,
    LocationView,
    PairView,
    ProceedingView,
    VettingView,
    WaiverView,
    _kwargs,
)


def _views(session: Session, model: Any, view: type) -> Iterable[tuple[int, Any]]:
    table = model.__table__
    query = select(*table.columns).order_by(table.c.id).execution_options(yield_per=5000)
    for row in session.execute(query):
        values = dict(row._mapping)
        yield values["id"], view(**_kwargs(view, values))


def snapshot_now(session: Session) -> CaseSnapshot:
    """Every case, pair and step record as stored now, with the audit head they correspond to."""
    # Read the head first: anything written after it is at most newer than the head says.
    head = session.execute(
        select(AuditRecord.sequence, AuditRecord.hash)
        .order_by(AuditRecord.sequence.desc())
        .limit(1)
    ).first()
    snap = CaseSnapshot(
        cutoff=datetime.now(UTC),
        head_sequence=head.sequence if head else 0,
        head_hash=head.hash if head else "",
    )
    snap.cases = dict(_views(session, FamilyCase, CaseView))
    snap.pairs = dict(_views(session, CasePair, PairView))
    snap.locations = dict(_views(session, LocationRecord, LocationView))
    snap.contacts = dict(_views(session, ContactAttempt, ContactView))
    snap.vettings = dict(_views(session, VettingReview, VettingView))
    snap.waivers = dict(_views(session, Waiver, WaiverView))
    snap.proceedings = dict(_views(session, Proceeding, ProceedingView))
    return snap
