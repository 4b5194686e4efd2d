"""What each step of the workflow found: where people are, how parentage was verified, vetting.

Like `families.service`, every function takes the session, writes its audit event and never commits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.audit import events
from reunite.audit import service as audit_service
from reunite.errors import UsageError
from reunite.families.models import CasePair, LocationRecord, VettingReview
from reunite.families.service import (
    ChildLocation,
    LocationSubject,
    ParentLocation,
    VerificationMethod,
    VettingFlag,
    VettingStatus,
    at_or_now,
    get_pair,
    parse_choice,
    snapshot,
)


def record_location(
    session: Session,
    *,
    actor: str,
    pair_id: int,
    subject: str,
    status: str,
    place: str | None = None,
    country_code: str | None = None,
    as_of_date: date | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> LocationRecord:
    pair = get_pair(session, pair_id)
    subject = parse_choice(subject, get_args(LocationSubject), "subject")
    statuses = get_args(ParentLocation) if subject == "parent" else get_args(ChildLocation)
    status = parse_choice(status, statuses, f"{subject} location")
    row = LocationRecord(
        pair_id=pair.id,
        subject=subject,
        status=status,
        place=place,
        country_code=country_code.upper() if country_code else None,
        as_of_date=as_of_date,
        note=note,
        recorded_at=at_or_now(now),
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        events.LocationRecorded(entity_id=row.id, case_id=pair.case_id, after=snapshot(row)),
        actor,
    )
    return row


def record_verification(
    session: Session,
    *,
    actor: str,
    pair_id: int,
    method: str,
    verified_date: date,
    dna_sample_destroyed_date: date | None = None,
) -> CasePair:
    """How parentage was established; for DNA, also when the sample was destroyed (court order)."""
    pair = get_pair(session, pair_id)
    method = parse_choice(method, get_args(VerificationMethod), "verification method")
    if dna_sample_destroyed_date is not None and dna_sample_destroyed_date < verified_date:
        raise UsageError("The DNA sample cannot be destroyed before the match it served")
    before = {
        k: getattr(pair, k)
        for k in ("verification_method", "verified_date", "dna_sample_destroyed_date")
    }
    pair.verification_method = method
    pair.verified_date = verified_date
    pair.dna_sample_destroyed_date = dna_sample_destroyed_date
    session.flush()
    after = {
        k: getattr(pair, k)
        for k in ("verification_method", "verified_date", "dna_sample_destroyed_date")
    }
    audit_service.record(
        session,
        events.VerificationRecorded(
            entity_id=pair.id, case_id=pair.case_id, before=before, after=after
        ),
        actor,
    )
    return pair


def record_vetting(
    session: Session,
    *,
    actor: str,
    pair_id: int,
    status: str,
    flags: Sequence[str] = (),
    re_review_trigger: str | None = None,
    decided_date: date | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> VettingReview:
    """A vetting decision. "Not eligible at this time" must say what would trigger a re-review."""
    pair = get_pair(session, pair_id)
    status = parse_choice(status, get_args(VettingStatus), "vetting status")
    clean_flags = sorted({parse_choice(f, get_args(VettingFlag), "vetting flag") for f in flags})
    if status == "not-eligible-at-this-time" and not (re_review_trigger or "").strip():
        raise UsageError("'not eligible at this time' needs the trigger for a re-review")
    row = VettingReview(
        pair_id=pair.id,
        status=status,
        flags=json.dumps(clean_flags) if clean_flags else None,
        re_review_trigger=re_review_trigger,
        decided_date=decided_date,
        note=note,
        recorded_at=at_or_now(now),
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        events.VettingRecorded(entity_id=row.id, case_id=pair.case_id, after=snapshot(row)),
        actor,
    )
    return row


def locations_of(session: Session, pair_id: int) -> list[LocationRecord]:
    """Where the parent and the child were, oldest record first."""
    return list(
        session.execute(
            select(LocationRecord)
            .where(LocationRecord.pair_id == pair_id)
            .order_by(LocationRecord.id)
        ).scalars()
    )
