"""Rebuild the case store as it stood at a past moment, from the audit log alone.

A report "as of" a date counts what Reunite *knew* by the end of that day (UTC): every audit event
written before the cutoff, replayed in chain order. Changes made later, even ones back-dated to
before the cutoff, are not in it, so the same report gives the same figures tomorrow as today.
The live tables are never read here: the audit log is the record.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.audit.models import AuditRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaseView:
    id: int
    origin: str | None = None
    stay_of_removal: bool = True
    opened_at: datetime | None = None


@dataclass(frozen=True)
class PairView:
    id: int
    case_id: int
    parent_person_id: str
    child_person_id: str
    state: str
    state_changed_at: datetime | None = None
    close_reason: str | None = None
    parent_language: str | None = None
    child_birth_date: date | None = None
    parent_country_code: str | None = None
    child_country_code: str | None = None
    separation_date: date | None = None
    separation_place: str | None = None
    separation_reason: str | None = None
    separated_by: str | None = None
    separation_confirmed_date: date | None = None
    verification_method: str | None = None
    verified_date: date | None = None
    dna_sample_destroyed_date: date | None = None
    reunified_date: date | None = None
    reunified_place: str | None = None
    reunified_country: str | None = None


@dataclass(frozen=True)
class LocationView:
    id: int
    pair_id: int
    subject: str  # parent / child
    status: str
    place: str | None = None
    country_code: str | None = None
    as_of_date: date | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class ContactView:
    id: int
    pair_id: int
    attempted_at: datetime | None
    channel: str | None
    outcome: str
    parent_child_call: bool = False


@dataclass(frozen=True)
class VettingView:
    id: int
    pair_id: int
    status: str
    decided_date: date | None = None


@dataclass(frozen=True)
class WaiverView:
    id: int
    pair_id: int
    form_language: str | None = None
    interpreter_language: str | None = None
    parent_language: str | None = None
    parent_can_read: bool | None = None
    disputed: bool = False


@dataclass(frozen=True)
class ProceedingView:
    id: int
    person_id: str
    case_id: int | None
    kind: str | None
    outcome: str
    reinterview_settlement: bool = False


@dataclass
class CaseSnapshot:
    """Every case, pair and step record known at `cutoff`, and the audit head it was built from."""

    cutoff: datetime
    head_sequence: int = 0
    head_hash: str = ""
    cases: dict[int, CaseView] = field(default_factory=dict)
    pairs: dict[int, PairView] = field(default_factory=dict)
    locations: dict[int, LocationView] = field(default_factory=dict)
    contacts: dict[int, ContactView] = field(default_factory=dict)
    vettings: dict[int, VettingView] = field(default_factory=dict)
    waivers: dict[int, WaiverView] = field(default_factory=dict)
    proceedings: dict[int, ProceedingView] = field(default_factory=dict)
    skipped_events: int = 0  # events the replay could not read (reported, never silently dropped)

    @property
    def audit_head(self) -> str:
        return f"{self.head_sequence}:{self.head_hash}"

    def copy(self) -> CaseSnapshot:
        return _copy_snapshot(self)


def _copy_snapshot(snap: CaseSnapshot) -> CaseSnapshot:
    # The views are frozen, so copying the containers is enough.
    return replace(
        snap,
        cases=dict(snap.cases),
        pairs=dict(snap.pairs),
        locations=dict(snap.locations),
        contacts=dict(snap.contacts),
        vettings=dict(snap.vettings),
        waivers=dict(snap.waivers),
        proceedings=dict(snap.proceedings),
    )


def cutoff_for(as_of: date | datetime | None) -> datetime:
    """The first instant *not* included: the end of `as_of` (a date, UTC) or the moment given."""
    if as_of is None:
        return datetime.now(UTC)
    if isinstance(as_of, datetime):
        return as_of if as_of.tzinfo else as_of.replace(tzinfo=UTC)
    return datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)


def report_date(cutoff: datetime) -> date:
    """The calendar day a cutoff reports on (an end-of-day cutoff reports on the day before it)."""
    at = cutoff.astimezone(UTC)
    if at.time() == time.min:
        return at.date() - timedelta(days=1)
    return at.date()


# ---- coercing JSON values back to Python ------------------------------------------------------------


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    return date.fromisoformat(text[:10])


def _as_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _kwargs(view: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of `values` that are fields of `view`, each coerced to the field's type."""
    out: dict[str, Any] = {}
    for f in fields(view):
        if f.name not in values:
            continue
        value = values[f.name]
        kind = str(f.type)
        if "datetime" in kind:
            value = _as_datetime(value)
        elif "date" in kind:
            value = _as_date(value)
        elif kind.startswith("bool"):
            value = bool(value) if value is not None else None
        elif kind.startswith("int"):
            value = int(value) if value is not None else value
        elif kind.startswith("str") and value is not None:
            value = str(value)
        out[f.name] = value
    return out


def _update(view: Any, values: Mapping[str, Any]) -> Any:
    changes = _kwargs(type(view), values)
    changes.pop("id", None)
    return replace(view, **changes)


# ---- the replay -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    sequence: int
    at: datetime
    event_type: str
    entity_id: str
    case_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


def apply_event(snap: CaseSnapshot, row: AuditRow) -> None:
    """Apply one audit event to the snapshot (events that change no case data are skipped)."""
    after = row.after or {}
    kind = row.event_type
    entity = int(row.entity_id) if row.entity_id.isdigit() else None
    if kind == "case-opened" and entity is not None:
        snap.cases[entity] = CaseView(**{**_kwargs(CaseView, after), "id": entity})
    elif kind == "case-updated" and entity in snap.cases:
        snap.cases[entity] = _update(snap.cases[entity], after)
    elif kind == "pair-added" and entity is not None:
        values = {
            **after,
            "id": entity,
            "state_changed_at": after.get("state_changed_at") or row.at,
        }
        snap.pairs[entity] = PairView(**_kwargs(PairView, values))
    elif kind == "state-changed" and entity in snap.pairs:
        _apply_state_change(snap, entity, row)
    elif kind in ("separation-recorded", "verification-recorded", "pair-updated") and (
        entity in snap.pairs
    ):
        snap.pairs[entity] = _update(snap.pairs[entity], after)
    elif kind == "location-recorded" and entity is not None:
        snap.locations[entity] = LocationView(**_kwargs(LocationView, {**after, "id": entity}))
    elif kind == "contact-attempt-recorded" and entity is not None:
        snap.contacts[entity] = ContactView(**_kwargs(ContactView, {**after, "id": entity}))
    elif kind == "vetting-recorded" and entity is not None:
        snap.vettings[entity] = VettingView(**_kwargs(VettingView, {**after, "id": entity}))
    elif kind == "waiver-recorded" and entity is not None:
        snap.waivers[entity] = WaiverView(**_kwargs(WaiverView, {**after, "id": entity}))
    elif kind == "waiver-disputed" and entity in snap.waivers:
        snap.waivers[entity] = _update(snap.waivers[entity], after)
    elif kind in ("proceeding-recorded", "proceeding-outcome-recorded") and entity is not None:
        values = {"outcome": "pending", **after, "id": entity}
        snap.proceedings[entity] = ProceedingView(**_kwargs(ProceedingView, values))


def _apply_state_change(snap: CaseSnapshot, pair_id: int, row: AuditRow) -> None:
    after = row.after or {}
    pair = snap.pairs[pair_id]
    state = str(after.get("state", pair.state))
    changes: dict[str, Any] = {
        "state": state,
        "close_reason": after.get("close_reason"),
        "state_changed_at": row.at,
    }
    if state == "confirmed" and pair.separation_confirmed_date is None:
        # Events written before the confirmed date was recorded in `after` fall back to the day
        # of the change, which is what the service set then.
        changes["separation_confirmed_date"] = _as_date(
            after.get("separation_confirmed_date") or row.at
        )
    if state == "reunified":
        changes["reunified_date"] = _as_date(after.get("reunified_date")) or row.at.date()
        changes["reunified_place"] = after.get("reunified_place")
        changes["reunified_country"] = after.get("reunified_country")
    snap.pairs[pair_id] = replace(pair, **changes)


def _rows(session: Session, cutoff: datetime) -> Iterator[AuditRow]:
    query = (
        select(
            AuditRecord.sequence,
            AuditRecord.at,
            AuditRecord.event_type,
            AuditRecord.entity_id,
            AuditRecord.case_id,
            AuditRecord.before,
            AuditRecord.after,
            AuditRecord.hash,
        )
        .where(AuditRecord.at < cutoff)
        .order_by(AuditRecord.sequence)
        .execution_options(yield_per=2000)
    )
    for r in session.execute(query):
        at = r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC)
        yield AuditRow(
            sequence=r.sequence,
            at=at,
            event_type=r.event_type,
            entity_id=r.entity_id,
            case_id=r.case_id,
            before=json.loads(r.before) if r.before else None,
            after=json.loads(r.after) if r.after else None,
            hash=r.hash,
        )


def replay(rows: Iterable[AuditRow], cutoff: datetime) -> CaseSnapshot:
    """A snapshot from audit rows (in chain order); pure, so it can be tested without a database."""
    snap = CaseSnapshot(cutoff=cutoff)
    for row in rows:
        _apply_logged(snap, row)
    return snap


def _apply_logged(snap: CaseSnapshot, row: AuditRow) -> None:
    try:
        apply_event(snap, row)
    except (TypeError, ValueError, KeyError):
        snap.skipped_events += 1
        logger.warning("Audit event %d (%s) could not be replayed", row.sequence, row.event_type)
    snap.head_sequence, snap.head_hash = row.sequence, row.hash


def snapshot_as_of(session: Session, as_of: date | datetime | None = None) -> CaseSnapshot:
    """The case store as it stood at the end of `as_of` (a UTC day), or now, rebuilt from the log."""
    cutoff = cutoff_for(as_of)
    return replay(_rows(session, cutoff), cutoff)


def snapshots_at(
    session: Session, cutoffs: Iterable[datetime], until: datetime
) -> Iterator[CaseSnapshot]:
    """One snapshot per cutoff (ascending, none after `until`), from a single pass over the log."""
    pending = sorted(c for c in cutoffs if c <= until)
    snap = CaseSnapshot(cutoff=pending[0] if pending else until)
    index = 0
    for row in _rows(session, until):
        while index < len(pending) and row.at >= pending[index]:
            yield replace(_copy_snapshot(snap), cutoff=pending[index])
            index += 1
        _apply_logged(snap, row)
    while index < len(pending):
        yield replace(_copy_snapshot(snap), cutoff=pending[index])
        index += 1


def first_event_at(session: Session) -> datetime | None:
    first = session.execute(
        select(AuditRecord.at).order_by(AuditRecord.sequence).limit(1)
    ).scalar_one_or_none()
    if first is None:
        return None
    return first if first.tzinfo else first.replace(tzinfo=UTC)
