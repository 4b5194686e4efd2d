"""The data behind each page and its JSON twin, scoped to the caller's organization.

One function feeds both the HTML page and the API route, so the two never disagree.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, or_, select
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.audit.models import AuditRecord
from reunite.errors import NotFoundError
from reunite.families import service as cases
from reunite.families.contacts import contact_day
from reunite.families.deadlines import deadline_items
from reunite.families.linked import links_for, person_number, signals_for
from reunite.families.linked import person_label as label_of
from reunite.families.models import (
    CasePair,
    ContactAttempt,
    FamilyCase,
    LocationRecord,
    VettingReview,
    Waiver,
)
from reunite.families.removal import check_person, latest_separation_finding
from reunite.families.safeguards import waiver_problems
from reunite.families.service import waiver_facts
from reunite.families.states import ALLOWED, State
from reunite.ingest.models import ImportBatch
from reunite.people.models import SourceRecord
from reunite.people.persons import LinkDecision, ParentChildLink, Person, PersonMember
from reunite.proceedings.service import proceedings_of
from reunite.reports.status import status_report
from reunite.web.deps import Principal
from reunite.web.events import CaseOrganizationAssigned, FamilyCaseViewed, PersonRecordViewed
from reunite.web.models import CaseOrganization

RECORD_FIELDS = (
    "role", "given_names", "surnames", "full_name", "sex", "birth_date", "country_code",
    "language_code", "a_number", "event_date", "event_place", "facility", "family_unit_id",
    "related_name", "related_relationship", "phone",
)  # fmt: skip


# ---- organization scope ------------------------------------------------------------------------------


def visible_case_ids(principal: Principal) -> Any:
    """A subquery of the case ids this principal may read."""
    query = select(FamilyCase.id)
    if not principal.all_organizations:
        query = query.join(CaseOrganization, CaseOrganization.case_id == FamilyCase.id).where(
            CaseOrganization.organization == principal.organization
        )
    return query


def organization_of(session: Session, case_id: int) -> str | None:
    row = session.get(CaseOrganization, case_id)
    return row.organization if row else None


def visible_case(session: Session, principal: Principal, case_id: int) -> FamilyCase:
    """The case, if the principal may see it; another organization's case is simply not found."""
    return _visible_case(session, principal, case_id)[0]


def _visible_case(
    session: Session, principal: Principal, case_id: int
) -> tuple[FamilyCase, str | None]:
    """The case and its organization, if the principal may see it."""
    case = cases.get_case(session, case_id)
    organization = organization_of(session, case_id)
    if not principal.all_organizations and organization != principal.organization:
        raise NotFoundError(f"No case {case_id}")
    return case, organization


def visible_pair(session: Session, principal: Principal, case_id: int, pair_id: int) -> CasePair:
    visible_case(session, principal, case_id)
    pair = cases.get_pair(session, pair_id)
    if pair.case_id != case_id:
        raise NotFoundError(f"No pair {pair_id} in case {case_id}")
    return pair


def assign_case(session: Session, *, case_id: int, organization: str, actor: str) -> None:
    row = session.get(CaseOrganization, case_id)
    before = {"organization": row.organization} if row else None
    if row is None:
        row = CaseOrganization(
            case_id=case_id,
            organization=organization,
            assigned_at=datetime.now(UTC),
            assigned_by=actor,
        )
        session.add(row)
    else:
        row.organization, row.assigned_at, row.assigned_by = organization, datetime.now(UTC), actor
    session.flush()
    audit_service.record(
        session,
        CaseOrganizationAssigned(
            entity_id=case_id, case_id=case_id, before=before, after={"organization": organization}
        ),
        actor,
    )


# ---- dashboard ---------------------------------------------------------------------------------------


def review_queue_size(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(ParentChildLink)
            .where(ParentChildLink.status == "review")
        )
        or 0
    )


def dashboard(session: Session, principal: Principal) -> dict[str, Any]:
    """The dashboard's figures: the status report's own (`reports.status.status_report`, the one
    function the CLI and the PDF call too), as of now, with linkage's parent–child links in the
    removal safeguard; scoped to the principal's organization's cases (monitors and admins see
    every organization). Only the review-queue size is linkage's, not a report figure."""
    everyone = principal.all_organizations or principal.role == "monitor"
    case_ids = None if everyone else list(session.scalars(visible_case_ids(principal)))
    report = status_report(session, case_ids=case_ids, links_for=links_for(session))
    return {
        "as_of": report.as_of.isoformat(),
        "scope": "all organizations" if everyone else principal.organization,
        "cohort": report.cohort.label,
        "audit_head": report.audit_head,
        "sections": [section.to_json() for section in report.sections],
        "children_identified": report.section("children_identified").total,
        "families_identified": report.section("families").total,
        "overdue_count": len(report.overdue),
        "overdue": [
            {
                "case_id": o.case_id,
                "pair_id": o.pair_id,
                "kind": o.kind,
                "due_date": o.due_date.isoformat(),
                "days_overdue": o.days_overdue,
            }
            for o in report.overdue[:50]
        ],
        "removal_risk_count": len(report.removal_risk),
        "removal_risk": [
            {
                "parent_person_id": r.parent_person_id,
                "case_ids": list(r.case_ids),
                "facility": r.facility,
                "reasons": list(r.reasons),
            }
            for r in report.removal_risk[:50]
        ],
        "review_queue": review_queue_size(session),
    }


def chart_bars(counts: dict[str, int], width: int = 320) -> list[dict[str, Any]]:
    """Bars for the inline SVG chart (presentation attributes only: the CSP forbids inline styles)."""
    top = max(counts.values(), default=0) or 1
    return [
        {"label": label, "value": value, "y": index * 40, "width": round(width * value / top)}
        for index, (label, value) in enumerate(counts.items())
    ]


# ---- persons -----------------------------------------------------------------------------------------


def _record_json(record: SourceRecord, batch: ImportBatch | None) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in RECORD_FIELDS}
    return {
        "id": record.id,
        "ref": f"{record.source}:{record.record_id}",
        "source": record.source,
        "record_id": record.record_id,
        "fields": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()},
        "warnings": json.loads(record.warnings) if record.warnings else [],
        "provenance": {
            "file": batch.file_name if batch else None,
            "file_sha256": batch.file_sha256 if batch else None,
            "row_number": record.row_number,
            "sheet": record.sheet,
            "imported_at": batch.imported_at.isoformat() if batch else None,
            "imported_by": batch.imported_by if batch else None,
        },
    }


def _records_of(session: Session, ref: str) -> tuple[str, list[SourceRecord]]:
    number = person_number(ref)
    if number is not None:
        if session.get(Person, number) is None:
            raise NotFoundError(f"No person {ref}")
        records = list(
            session.scalars(
                select(SourceRecord)
                .join(PersonMember, PersonMember.source_record_id == SourceRecord.id)
                .where(PersonMember.person_id == number)
                .order_by(SourceRecord.id)
            )
        )
        return label_of(number), records
    source, sep, record_id = ref.partition(":")
    if not sep:
        raise NotFoundError(f"No person {ref!r} (use P0000012 or SOURCE:RECORD_ID)")
    record = session.scalar(
        select(SourceRecord).where(
            SourceRecord.source == source, SourceRecord.record_id == record_id
        )
    )
    if record is None:
        raise NotFoundError(f"No record {ref}")
    member = session.get(PersonMember, record.id)
    if member is not None:
        return _records_of(session, label_of(member.person_id))
    return ref, [record]


def person_view(session: Session, principal: Principal, ref: str, *, via: str) -> dict[str, Any]:
    """A person's records side by side with provenance, links, decisions, proceedings and cases.

    Every call is a read of a person's record, so it writes an audit event (the caller commits).
    """
    label, records = _records_of(session, ref.strip())
    batches = {
        b.id: b
        for b in session.scalars(
            select(ImportBatch).where(ImportBatch.id.in_({r.batch_id for r in records}))
        )
    }
    number = person_number(label)
    links = []
    if number is not None:
        for link in session.scalars(
            select(ParentChildLink).where(
                (ParentChildLink.parent_person_id == number)
                | (ParentChildLink.child_person_id == number)
            )
        ):
            links.append(
                {
                    "parent": label_of(link.parent_person_id),
                    "child": label_of(link.child_person_id),
                    "score": link.score,
                    "status": link.status,
                    "evidence": json.loads(link.evidence),
                }
            )
    record_ids = [r.id for r in records]
    decisions = (
        [
            {
                "kind": d.kind,
                "verdict": d.verdict,
                "record_a_id": d.record_a_id,
                "record_b_id": d.record_b_id,
                "decided_by": d.decided_by,
                "decided_at": d.decided_at.isoformat(),
                "reason": d.reason,
                "revoked": d.revoked_at is not None,
            }
            for d in session.scalars(
                select(LinkDecision).where(
                    LinkDecision.record_a_id.in_(record_ids)
                    | LinkDecision.record_b_id.in_(record_ids)
                )
            )
        ]
        if record_ids
        else []
    )
    case_rows = session.scalars(
        select(CasePair).where(
            ((CasePair.parent_person_id == label) | (CasePair.child_person_id == label)),
            CasePair.case_id.in_(visible_case_ids(principal)),
        )
    )
    audit_service.record(
        session,
        PersonRecordViewed(entity_id=label, after={"via": via, "records": len(records)}),
        principal.actor,
    )
    return {
        "person_id": label,
        "records": [_record_json(r, batches.get(r.batch_id)) for r in records],
        "links": links,
        "decisions": decisions,
        "proceedings": [
            {
                "id": p.id,
                "kind": p.kind,
                "held_date": p.held_date,
                "outcome": p.outcome,
                "venue": p.venue,
                "case_id": p.case_id,
            }
            for p in proceedings_of(session, label)
        ],
        "cases": sorted({p.case_id for p in case_rows}),
        "safeguard": {
            **_person_safeguard(session, label),
            # The safeguard protects parents: for a child its verdict covers only links in
            # which this person would be the parent, and the page says so.
            "recorded_as_child": bool(records) and all(r.role == "minor" for r in records),
        },
    }


def _person_safeguard(session: Session, label: str) -> dict[str, Any]:
    """The removal safeguard's verdict on this person, and a reviewer's latest finding on the
    separation their own records state (`reunite safeguard no-child`)."""
    verdict = check_person(
        session, person_id=label, links_for=links_for(session), signals_for=signals_for(session)
    )
    finding = latest_separation_finding(session, label)
    return {
        "decision": verdict.decision,
        "reasons": [r.to_json() for r in verdict.reasons],
        "separation_recorded": any(r.code == "separation-recorded" for r in verdict.reasons),
        "finding": None
        if finding is None
        else {
            "finding": finding.finding,
            "reason": finding.reason,
            "recorded_by": finding.recorded_by,
            "recorded_at": finding.recorded_at.isoformat(),
        },
    }


def person_label_for(session: Session, ref: str) -> str:
    """The person id behind a reference (a person id or SOURCE:RECORD_ID); NotFoundError if none."""
    return _records_of(session, ref.strip())[0]


def list_persons(session: Session, *, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    """Person ids and record counts only (names are shown, and audited, one person at a time)."""
    total = int(session.scalar(select(func.count()).select_from(Person)) or 0)
    rows = session.execute(
        select(Person.id, Person.record_count)
        .where(Person.retired_at.is_(None))
        .order_by(Person.id)
        .offset(offset)
        .limit(limit)
    )
    return {
        "total": total,
        "offset": offset,
        "limit": limit,
        "items": [{"person_id": label_of(pid), "records": count} for pid, count in rows],
    }


# ---- family cases ------------------------------------------------------------------------------------


def list_families(
    session: Session, principal: Principal, *, limit: int = 200
) -> list[dict[str, Any]]:
    found = session.scalars(
        select(FamilyCase)
        .where(FamilyCase.id.in_(visible_case_ids(principal)))
        .order_by(FamilyCase.id.desc())
        .limit(limit)
    )
    out = []
    for case in found:
        pairs = cases.pairs_of(session, case.id)
        out.append(
            {
                "id": case.id,
                "opened_at": case.opened_at.isoformat(),
                "origin": case.origin,
                "organization": organization_of(session, case.id),
                "pairs": [
                    {
                        "id": p.id,
                        "parent_person_id": p.parent_person_id,
                        "child_person_id": p.child_person_id,
                        "state": p.state,
                    }
                    for p in pairs
                ],
            }
        )
    return out


def _vetting_json(review: Any) -> dict[str, Any] | None:
    if review is None:
        return None
    return {
        "status": review.status,
        "re_review_trigger": review.re_review_trigger,
        "decided_date": review.decided_date.isoformat() if review.decided_date else None,
    }


# The case page's reads, built once: Core statements with bound parameters on the request's one
# connection. Building an ORM `select(...).where(...)` and loading ORM objects cost several times
# the query itself, and this page runs for every caseworker click (docs/web.md, performance).
_CASE_TABLE = FamilyCase.__table__
_PAIR_TABLE = CasePair.__table__
_ATTEMPT_TABLE = ContactAttempt.__table__
_LOCATION_TABLE = LocationRecord.__table__
_WAIVER_TABLE = Waiver.__table__
_VETTING_TABLE = VettingReview.__table__
_AUDIT_TABLE = AuditRecord.__table__
# A pair's rows by the pair's case (a join, not `pair_id IN (...)`: an expanding IN list is
# rendered into the SQL on every execution).
_PAIR_OF_CASE = select(_PAIR_TABLE.c.id).where(_PAIR_TABLE.c.case_id == bindparam("case_id"))
_CASE_WITH_ORGANIZATION = (
    select(_CASE_TABLE, CaseOrganization.__table__.c.organization)
    .outerjoin(CaseOrganization.__table__, CaseOrganization.__table__.c.case_id == _CASE_TABLE.c.id)
    .where(_CASE_TABLE.c.id == bindparam("case_id"))
)
_PAIRS = (
    select(_PAIR_TABLE)
    .where(_PAIR_TABLE.c.case_id == bindparam("case_id"))
    .order_by(_PAIR_TABLE.c.id)
)
_ATTEMPTS = (
    select(_ATTEMPT_TABLE)
    .where(_ATTEMPT_TABLE.c.pair_id.in_(_PAIR_OF_CASE))
    .order_by(_ATTEMPT_TABLE.c.attempted_at, _ATTEMPT_TABLE.c.id)
)
_LOCATIONS = (
    select(_LOCATION_TABLE)
    .where(_LOCATION_TABLE.c.pair_id.in_(_PAIR_OF_CASE))
    .order_by(_LOCATION_TABLE.c.id)
)
_WAIVERS = (
    select(_WAIVER_TABLE)
    .where(_WAIVER_TABLE.c.pair_id.in_(_PAIR_OF_CASE))
    .order_by(_WAIVER_TABLE.c.id)
)
_VETTINGS = (
    select(_VETTING_TABLE)
    .where(_VETTING_TABLE.c.pair_id.in_(_PAIR_OF_CASE))
    .order_by(_VETTING_TABLE.c.id)
)
# The timeline: the case's changes in full, and of its reads (`family-case-viewed`, written on
# every view) only how many and the newest. One statement: per event type, its count and each
# event's rank from the newest; every row that is not a read, and the newest read with the count.
_VIEWED = FamilyCaseViewed.name
_CASE_EVENTS = (
    select(
        _AUDIT_TABLE.c.sequence,
        _AUDIT_TABLE.c.at,
        _AUDIT_TABLE.c.actor,
        _AUDIT_TABLE.c.event_type,
        _AUDIT_TABLE.c.entity_type,
        _AUDIT_TABLE.c.entity_id,
        _AUDIT_TABLE.c.case_id,
        _AUDIT_TABLE.c.before,
        _AUDIT_TABLE.c.after,
        func.count().over(partition_by=_AUDIT_TABLE.c.event_type).label("of_type"),
        func.row_number()
        .over(partition_by=_AUDIT_TABLE.c.event_type, order_by=_AUDIT_TABLE.c.sequence.desc())
        .label("newest"),
    )
    .where(_AUDIT_TABLE.c.case_id == bindparam("case_id"))
    .subquery()
)
_TIMELINE = (
    select(_CASE_EVENTS)
    .where(or_(_CASE_EVENTS.c.event_type != _VIEWED, _CASE_EVENTS.c.newest == 1))
    .order_by(_CASE_EVENTS.c.sequence)
)


def _by_pair(
    connection: Connection, statement: Any, case_id: int, pair_ids: list[int]
) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {pair_id: [] for pair_id in pair_ids}
    for row in connection.execute(statement, {"case_id": case_id}):
        grouped[row.pair_id].append(row)
    return grouped


def _first_contact_date(attempts: list[Any]) -> date | None:
    """`contacts.first_contact_date` over the pair's attempts (already oldest first)."""
    first = next((a.attempted_at for a in attempts if a.parent_child_call is True), None)
    return contact_day(first) if first is not None else None


def _timeline(connection: Connection, case_id: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The case's changes (every audit event but its reads, in order, as `audit.service.history`
    gives them) and a summary of its reads: how many, and the newest (`{"count": 0, "last":
    None}` when none). The full log, reads included, is `reunite audit show --case ID`."""
    changes: list[dict[str, Any]] = []
    views: dict[str, Any] = {"count": 0, "last": None}
    for row in connection.execute(_TIMELINE, {"case_id": case_id}):
        entry = audit_service.history_entry(row).to_json()
        if row.event_type == _VIEWED:
            views = {"count": row.of_type, "last": entry}
        else:
            changes.append(entry)
    return changes, views


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def family_view(
    session: Session, principal: Principal, case_id: int, today: date, *, via: str = "page"
) -> dict[str, Any]:
    """A case: pairs, states, deadlines, next actions, safeguard verdicts, the audit timeline
    (changes) and how often it was read.

    The read itself is audited (who, when, through what), in the caller's transaction."""
    view = family_data(session, principal, case_id, today)
    audit_service.record_many(session, [family_viewed(principal, case_id, via)], principal.actor)
    return view


def family_viewed(principal: Principal, case_id: int, via: str) -> FamilyCaseViewed:
    """The audit event of one read of a case (see `web.reads` for how the pages write it)."""
    return FamilyCaseViewed(entity_id=case_id, case_id=case_id, after={"via": via})


def family_data(
    session: Session, principal: Principal, case_id: int, today: date
) -> dict[str, Any]:
    """What `family_view` shows, without auditing the read: the caller must (`web.reads`).

    Reads the case with its organization, its pairs, and their contact attempts, locations,
    waivers and vetting reviews in one statement each (whatever the number of pairs), then the
    removal safeguard's own check per parent (`families.removal.check_person`), and the timeline:
    the case's changes, and its reads summed up (`_timeline`).
    """
    # Core statements straight on the session's connection: the ORM's execute path costs more
    # than these small indexed reads themselves (the page is read-only: nothing to autoflush).
    connection = session.connection()
    found = connection.execute(_CASE_WITH_ORGANIZATION, {"case_id": case_id}).first()
    if found is None:
        raise NotFoundError(f"No case {case_id}")
    organization = found.organization
    if not principal.all_organizations and organization != principal.organization:
        raise NotFoundError(f"No case {case_id}")
    rows = connection.execute(_PAIRS, {"case_id": case_id}).all()
    pair_ids = [pair.id for pair in rows]
    if pair_ids:
        attempts = _by_pair(connection, _ATTEMPTS, case_id, pair_ids)
        locations = _by_pair(connection, _LOCATIONS, case_id, pair_ids)
        waivers = _by_pair(connection, _WAIVERS, case_id, pair_ids)
        vettings = _by_pair(connection, _VETTINGS, case_id, pair_ids)
    else:
        attempts = locations = waivers = vettings = {}
    lookup = links_for(session)
    pairs = []
    deadlines: list[dict[str, Any]] = []
    for pair in rows:
        verdict = check_person(session, person_id=pair.parent_person_id, links_for=lookup)
        pairs.append(
            {
                **{key: _iso(value) for key, value in pair._mapping.items()},
                "next_states": sorted(s.value for s in ALLOWED[State(pair.state)]),
                "contact_attempts": [
                    {
                        "attempted_at": a.attempted_at.isoformat(),
                        "channel": a.channel,
                        "outcome": a.outcome,
                        "parent_child_call": a.parent_child_call,
                        "note": a.note,
                    }
                    for a in attempts[pair.id]
                ],
                "locations": [
                    {
                        "subject": x.subject,
                        "status": x.status,
                        "place": x.place,
                        "country_code": x.country_code,
                        "as_of_date": x.as_of_date.isoformat() if x.as_of_date else None,
                    }
                    for x in locations[pair.id]
                ],
                "waivers": [
                    {
                        "id": w.id,
                        "signed_date": w.signed_date.isoformat() if w.signed_date else None,
                        "form_language": w.form_language,
                        "interpreter_language": w.interpreter_language,
                        "parent_language": w.parent_language,
                        "disputed": w.disputed,
                        "problems": waiver_problems(waiver_facts(w), pair.parent_language),
                    }
                    for w in waivers[pair.id]
                ],
                "vetting": _vetting_json(vettings[pair.id][-1] if vettings[pair.id] else None),
                "safeguard": {
                    "decision": verdict.decision,
                    "reasons": [r.to_json() for r in verdict.reasons],
                },
            }
        )
        deadlines.extend(
            {
                **i.to_json(today),
                "overdue": i.met_date is None and i.days_left(today) < 0 and i.kind != "ages-out",
            }
            for i in deadline_items(cases.clock_of(pair, _first_contact_date(attempts[pair.id])))
        )
    timeline, views = _timeline(connection, case_id)
    return {
        "id": found.id,
        "origin": found.origin,
        "origin_ref": found.origin_ref,
        "note": found.note,
        "opened_at": found.opened_at.isoformat(),
        "opened_by": found.opened_by,
        "stay_of_removal": found.stay_of_removal,
        "organization": organization,
        "pairs": pairs,
        "deadlines": deadlines,
        "timeline": timeline,
        "views": views,
    }
