"""Contact between parent and child, and every attempt to reach a parent (removed parents included).

An attempt's outcome is a fact about that attempt: "unreachable" never changes a case's state.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from reunite.audit import events
from reunite.audit import service as audit_service
from reunite.errors import NotFoundError, UsageError
from reunite.families.models import CasePair, ContactAttempt

Channel = Literal[
    "phone",
    "video",
    "in-person",
    "ngo-partner",
    "in-country-search",
    "consulate",
    "message",
    "other",
]
Outcome = Literal[
    "reached", "no-answer", "wrong-number", "message-left", "unreachable", "refused", "other"
]
CHANNELS: tuple[str, ...] = get_args(Channel)
OUTCOMES: tuple[str, ...] = get_args(Outcome)


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in allowed:
        raise UsageError(f"Unknown {what} {value!r}; use one of: {', '.join(allowed)}")
    return key


def record_contact_attempt(
    session: Session,
    *,
    actor: str,
    pair_id: int,
    channel: str,
    outcome: str,
    attempted_at: datetime | None = None,
    parent_child_call: bool = False,
    partner: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> ContactAttempt:
    """Log one attempt. `parent_child_call` marks a call in which parent and child spoke."""
    pair = session.get(CasePair, pair_id)
    if pair is None:
        raise NotFoundError(f"No pair {pair_id}")
    channel = _choice(channel, CHANNELS, "channel")
    outcome = _choice(outcome, OUTCOMES, "outcome")
    if parent_child_call and outcome != "reached":
        raise UsageError("A parent–child call took place only if the outcome is 'reached'")
    recorded_at = now or datetime.now(UTC)
    row = ContactAttempt(
        pair_id=pair.id,
        attempted_at=attempted_at or recorded_at,
        channel=channel,
        outcome=outcome,
        parent_child_call=parent_child_call,
        partner=partner,
        note=note,
        recorded_at=recorded_at,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        events.ContactAttemptRecorded(
            entity_id=row.id,
            case_id=pair.case_id,
            after={
                "pair_id": pair.id,
                "attempted_at": row.attempted_at,
                "channel": channel,
                "outcome": outcome,
                "parent_child_call": parent_child_call,
                "partner": partner,
                "note": note,
            },
        ),
        actor,
    )
    return row


def attempts(session: Session, pair_id: int) -> list[ContactAttempt]:
    """Every attempt for a pair, oldest first."""
    return list(
        session.execute(
            select(ContactAttempt)
            .where(ContactAttempt.pair_id == pair_id)
            .order_by(ContactAttempt.attempted_at, ContactAttempt.id)
        ).scalars()
    )


def first_contact_date(session: Session, pair_id: int) -> date | None:
    """The day parent and child first spoke (the 10-day rule), if they have."""
    first = session.execute(
        select(ContactAttempt.attempted_at)
        .where(ContactAttempt.pair_id == pair_id, ContactAttempt.parent_child_call.is_(True))
        .order_by(ContactAttempt.attempted_at)
        .limit(1)
    ).scalar_one_or_none()
    return contact_day(first) if first is not None else None


def contact_day(at: datetime) -> date:
    """The (UTC) day of a contact attempt's time."""
    return (at.astimezone(UTC) if at.tzinfo else at).date()


def parent_reached(session: Session, pair_id: int) -> bool:
    return any(a.outcome == "reached" for a in attempts(session, pair_id))
