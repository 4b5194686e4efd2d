"""Human decisions on pairs and links: stored with who, when and why, reversible, and always winning."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.audit.events import AuditEvent
from reunite.errors import NotFoundError, UsageError
from reunite.people.models import SourceRecord
from reunite.people.persons import LinkDecision, PersonMember

Kind = Literal["same-person", "parent-child"]
Verdict = Literal["confirmed", "rejected"]


@dataclass(frozen=True, kw_only=True)
class LinkDecisionRecorded(AuditEvent):
    name: ClassVar[str] = "link-decision-recorded"
    entity_type: ClassVar[str] = "link_decision"


@dataclass(frozen=True, kw_only=True)
class LinkDecisionRevoked(AuditEvent):
    name: ClassVar[str] = "link-decision-revoked"
    entity_type: ClassVar[str] = "link_decision"


def _audit_values(decision: LinkDecision) -> dict[str, object]:
    return {
        "kind": decision.kind,
        "verdict": decision.verdict,
        "record_a_id": decision.record_a_id,
        "record_b_id": decision.record_b_id,
        "reason": decision.reason,
    }


@dataclass(frozen=True)
class ActiveDecisions:
    same_confirmed: list[tuple[int, int]]
    same_rejected: list[tuple[int, int]]
    link_confirmed: list[tuple[int, int]]  # (parent record, child record)
    link_rejected: list[tuple[int, int]]


def resolve_record(session: Session, ref: str) -> int:
    """A source record's id from `SOURCE:RECORD_ID`, a bare record id, or `#ID` (the stored id)."""
    ref = ref.strip()
    if ref.startswith("#") and ref[1:].isdigit():
        found = session.get(SourceRecord, int(ref[1:]))
        if found is None:
            raise NotFoundError(f"No source record {ref}")
        return found.id
    query = select(SourceRecord.id)
    if ":" in ref:
        source, _, record_id = ref.partition(":")
        query = query.where(SourceRecord.source == source, SourceRecord.record_id == record_id)
    else:
        query = query.where(SourceRecord.record_id == ref)
    ids = session.scalars(query.limit(2)).all()
    if not ids:
        raise NotFoundError(f"No source record {ref!r} (use SOURCE:RECORD_ID)")
    if len(ids) > 1:
        raise UsageError(f"{ref!r} names records in several sources: use SOURCE:RECORD_ID")
    return ids[0]


def resolve_person_record(session: Session, ref: str) -> int:
    """A record of a person (`P0000012` or a person number), else a record reference."""
    text = ref.strip().upper()
    if text.startswith("P") and text[1:].isdigit():
        rid = session.scalar(
            select(PersonMember.source_record_id)
            .where(PersonMember.person_id == int(text[1:]))
            .order_by(PersonMember.source_record_id)
            .limit(1)
        )
        if rid is None:
            raise NotFoundError(f"No person {ref} (run `reunite link` first?)")
        return rid
    return resolve_record(session, ref)


def record_decision(
    session: Session,
    *,
    kind: Kind,
    verdict: Verdict,
    record_a_id: int,
    record_b_id: int,
    actor: str,
    reason: str,
    evidence: object | None = None,
) -> LinkDecision:
    """Store a decision, revoking an earlier active one on the same pair. Never commits."""
    if not reason.strip():
        raise UsageError("A decision needs a reason (--reason)")
    if record_a_id == record_b_id:
        raise UsageError("A decision needs two different records")
    now = datetime.now(UTC)
    for old in _active_on(session, kind, record_a_id, record_b_id):
        old.revoked_at, old.revoked_by = now, actor
        audit_service.record(
            session, LinkDecisionRevoked(entity_id=old.id, before=_audit_values(old)), actor
        )
    decision = LinkDecision(
        kind=kind,
        verdict=verdict,
        record_a_id=record_a_id,
        record_b_id=record_b_id,
        decided_by=actor,
        decided_at=now,
        reason=reason.strip(),
        evidence=json.dumps(evidence, ensure_ascii=False, default=str) if evidence else None,
    )
    session.add(decision)
    session.flush()
    audit_service.record(
        session, LinkDecisionRecorded(entity_id=decision.id, after=_audit_values(decision)), actor
    )
    return decision


def revoke_decision(session: Session, *, decision_id: int, actor: str) -> LinkDecision:
    decision = session.get(LinkDecision, decision_id)
    if decision is None or decision.revoked_at is not None:
        raise NotFoundError(f"No active decision {decision_id}")
    decision.revoked_at, decision.revoked_by = datetime.now(UTC), actor
    audit_service.record(
        session, LinkDecisionRevoked(entity_id=decision.id, before=_audit_values(decision)), actor
    )
    return decision


def _active_on(session: Session, kind: str, a: int, b: int) -> list[LinkDecision]:
    query = select(LinkDecision).where(LinkDecision.kind == kind, LinkDecision.revoked_at.is_(None))
    pairs = [(a, b)] if kind == "parent-child" else [(a, b), (b, a)]
    found: list[LinkDecision] = []
    for x, y in pairs:
        found += session.scalars(
            query.where(LinkDecision.record_a_id == x, LinkDecision.record_b_id == y)
        ).all()
    return found


def active_decisions(session: Session) -> ActiveDecisions:
    rows = session.execute(
        select(
            LinkDecision.kind,
            LinkDecision.verdict,
            LinkDecision.record_a_id,
            LinkDecision.record_b_id,
        )
        .where(LinkDecision.revoked_at.is_(None))
        .order_by(LinkDecision.decided_at)
    ).all()
    out = ActiveDecisions([], [], [], [])
    for kind, verdict, a, b in rows:
        bucket = {
            ("same-person", "confirmed"): out.same_confirmed,
            ("same-person", "rejected"): out.same_rejected,
            ("parent-child", "confirmed"): out.link_confirmed,
            ("parent-child", "rejected"): out.link_rejected,
        }.get((kind, verdict))
        if bucket is not None:
            bucket.append((a, b))
    return out
