"""Family cases: open them, move their pairs through the workflow, record what each step found.

Every function takes the session, does one job, writes its audit event in the same transaction and
never commits: the command or request that called it does, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reunite.audit import events
from reunite.audit import service as audit_service
from reunite.db.base import Base
from reunite.errors import IllegalTransitionError, NotFoundError, UsageError
from reunite.families import contacts
from reunite.families.deadlines import ORDER_DATE, DeadlineItem, PairClock, deadline_items
from reunite.families.models import CasePair, FamilyCase, VettingReview, Waiver
from reunite.families.safeguards import (
    ParentChildLinkView,
    WaiverFacts,
    language_code,
    waiver_problems,
)
from reunite.families.states import (
    CLOSE_REASON_FROM,
    INITIAL_STATES,
    State,
    parse_state,
    transition,
)

Origin = Literal["links", "manual", "tracing-request"]
LocationSubject = Literal["parent", "child"]
ParentLocation = Literal["ice-custody", "criminal-custody", "released-us", "removed", "unknown"]
ChildLocation = Literal["orr-care", "with-sponsor", "reunified", "aged-out", "unknown"]
VerificationMethod = Literal["documents", "interview", "consulate", "dna"]
VettingStatus = Literal["cleared", "pending", "not-eligible-permanent", "not-eligible-at-this-time"]
VettingFlag = Literal["background", "parentage", "fitness"]


def at_or_now(now: datetime | None = None) -> datetime:
    return now or datetime.now(UTC)


def parse_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in allowed:
        raise UsageError(f"Unknown {what} {value!r}; use one of: {', '.join(allowed)}")
    return key


def snapshot(row: Base) -> dict[str, Any]:
    """Every column of a row, for an audit event's before / after."""
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


# ---- cases and pairs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairSpec:
    """One parent–child pair to put in a case."""

    parent_person_id: str
    child_person_id: str
    state: State = State.CANDIDATE
    link_id: str | None = None
    parent_language: str | None = None
    child_birth_date: date | None = None
    parent_country_code: str | None = None
    child_country_code: str | None = None
    separation_date: date | None = None
    separation_place: str | None = None
    separation_reason: str | None = None
    separated_by: str | None = None
    separation_confirmed_date: date | None = None


def open_case(
    session: Session,
    *,
    actor: str,
    pairs: Sequence[PairSpec],
    origin: str = "manual",
    origin_ref: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> FamilyCase:
    """Open a case holding `pairs` (at least one); `origin` is one of `Origin`."""
    if not pairs:
        raise UsageError("A case needs at least one parent–child pair")
    origin = parse_choice(origin, get_args(Origin), "origin")
    at = at_or_now(now)
    case = FamilyCase(
        origin=origin,
        origin_ref=origin_ref,
        stay_of_removal=True,
        note=note,
        opened_at=at,
        opened_by=actor,
    )
    session.add(case)
    session.flush()
    audit_service.record(
        session, events.CaseOpened(entity_id=case.id, case_id=case.id, after=snapshot(case)), actor
    )
    for spec in pairs:
        add_pair(session, actor=actor, case_id=case.id, spec=spec, now=at)
    return case


def open_case_from_links(
    session: Session,
    *,
    actor: str,
    links: Sequence[ParentChildLinkView],
    link_ids: Sequence[str | None] | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> FamilyCase:
    """Open a case from linkage links: confirmed links start confirmed, proposed ones as candidates."""
    specs = []
    for index, link in enumerate(links):
        if link.status == "rejected":
            raise UsageError(
                f"The link {link.parent_person_id} → {link.child_person_id} was rejected"
            )
        specs.append(
            PairSpec(
                parent_person_id=link.parent_person_id,
                child_person_id=link.child_person_id,
                state=State.CONFIRMED if link.status == "confirmed" else State.CANDIDATE,
                link_id=link_ids[index] if link_ids else None,
            )
        )
    return open_case(session, actor=actor, pairs=specs, origin="links", note=note, now=now)


def add_pair(
    session: Session, *, actor: str, case_id: int, spec: PairSpec, now: datetime | None = None
) -> CasePair:
    get_case(session, case_id)
    if spec.state not in INITIAL_STATES:
        raise IllegalTransitionError(
            f"A pair starts as candidate or confirmed, not {spec.state.value!r}"
        )
    if spec.parent_person_id == spec.child_person_id:
        raise UsageError("A parent and a child must be two different people")
    exists = session.execute(
        select(CasePair.id).where(
            CasePair.case_id == case_id,
            CasePair.parent_person_id == spec.parent_person_id,
            CasePair.child_person_id == spec.child_person_id,
        )
    ).scalar_one_or_none()
    if exists is not None:
        raise UsageError(f"Case {case_id} already holds this pair (pair {exists})")
    at = at_or_now(now)
    confirmed_date = spec.separation_confirmed_date
    if spec.state == State.CONFIRMED and confirmed_date is None:
        confirmed_date = at.date()
    pair = CasePair(
        case_id=case_id,
        parent_person_id=spec.parent_person_id,
        child_person_id=spec.child_person_id,
        link_id=spec.link_id,
        state=spec.state.value,
        state_changed_at=at,
        parent_language=language_code(spec.parent_language),
        child_birth_date=spec.child_birth_date,
        parent_country_code=spec.parent_country_code.upper() if spec.parent_country_code else None,
        child_country_code=spec.child_country_code.upper() if spec.child_country_code else None,
        separation_date=spec.separation_date,
        separation_place=spec.separation_place,
        separation_reason=spec.separation_reason,
        separated_by=spec.separated_by,
        separation_confirmed_date=confirmed_date,
    )
    session.add(pair)
    session.flush()
    audit_service.record(
        session, events.PairAdded(entity_id=pair.id, case_id=case_id, after=snapshot(pair)), actor
    )
    return pair


def get_case(session: Session, case_id: int) -> FamilyCase:
    case = session.get(FamilyCase, case_id)
    if case is None:
        raise NotFoundError(f"No case {case_id}")
    return case


def get_pair(session: Session, pair_id: int) -> CasePair:
    pair = session.get(CasePair, pair_id)
    if pair is None:
        raise NotFoundError(f"No pair {pair_id}")
    return pair


def pairs_of(session: Session, case_id: int) -> list[CasePair]:
    get_case(session, case_id)
    return list(
        session.execute(select(CasePair).where(CasePair.case_id == case_id).order_by(CasePair.id))
        .scalars()
        .all()
    )


def list_cases(
    session: Session,
    *,
    state: State | None = None,
    person_id: str | None = None,
    limit: int = 200,
) -> list[FamilyCase]:
    """Cases, newest first; optionally only those with a pair in `state` or involving `person_id`."""
    query = select(FamilyCase).order_by(FamilyCase.id.desc()).limit(limit)
    pair_filter = []
    if state is not None:
        pair_filter.append(CasePair.state == state.value)
    if person_id is not None:
        pair_filter.append(
            (CasePair.parent_person_id == person_id) | (CasePair.child_person_id == person_id)
        )
    if pair_filter:
        query = query.where(FamilyCase.id.in_(select(CasePair.case_id).where(*pair_filter)))
    return list(session.execute(query).scalars().all())


def set_stay_of_removal(
    session: Session, *, actor: str, case_id: int, under_stay: bool, reason: str
) -> FamilyCase:
    case = get_case(session, case_id)
    before = snapshot(case)
    case.stay_of_removal = under_stay
    session.flush()
    audit_service.record(
        session,
        events.CaseUpdated(
            entity_id=case.id,
            case_id=case.id,
            before=before,
            after={**snapshot(case), "reason": reason},
        ),
        actor,
    )
    return case


# ---- the workflow -----------------------------------------------------------------------------------


def latest_vetting(session: Session, pair_id: int) -> VettingReview | None:
    return session.execute(
        select(VettingReview)
        .where(VettingReview.pair_id == pair_id)
        .order_by(VettingReview.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def waivers_of(session: Session, pair_id: int) -> list[Waiver]:
    return list(
        session.execute(
            select(Waiver).where(Waiver.pair_id == pair_id).order_by(Waiver.id)
        ).scalars()
    )


def waiver_facts(waiver: Any) -> WaiverFacts:
    """What the safeguard needs from a waiver (a `Waiver`, or a result row with its columns)."""
    return WaiverFacts(
        form_language=waiver.form_language,
        interpreter_language=waiver.interpreter_language,
        parent_language=waiver.parent_language,
        disputed=waiver.disputed,
        parent_can_read=waiver.parent_can_read,
        waiver_id=waiver.id,
    )


def _check_preconditions(
    session: Session, pair: CasePair, current: State, target: State, close_reason: str | None
) -> None:
    if target == State.CLOSED:
        expected = CLOSE_REASON_FROM[current]
        if close_reason != expected:
            raise IllegalTransitionError(
                f"A pair in {current.value!r} closes only with the reason {expected!r}"
                " (an unreachable parent never closes a case)"
            )
    vetting = latest_vetting(session, pair.id)
    if (
        target == State.CLOSED
        and current == State.VETTING
        and (vetting is None or vetting.status != "not-eligible-permanent")
    ):
        raise IllegalTransitionError(
            "Closing from vetting needs a vetting review of 'not-eligible-permanent'"
        )
    if target == State.REUNIFIED and (vetting is None or vetting.status != "cleared"):
        raise IllegalTransitionError(
            "Reunification needs the latest vetting review to be 'cleared'"
        )
    waivers = waivers_of(session, pair.id)
    if target == State.DECLINED and not waivers:
        raise IllegalTransitionError("A decline needs a waiver on file (`reunite waiver add`)")
    if target == State.CLOSED and current == State.DECLINED:
        language = pair.parent_language
        if not any(not waiver_problems(waiver_facts(w), language) for w in waivers):
            raise IllegalTransitionError(
                "A decline closes a case only with a valid waiver (in the parent's language or with "
                "an interpreter in it, and not disputed)"
            )


def transition_pair(
    session: Session,
    *,
    actor: str,
    pair_id: int,
    to: State | str,
    reason: str | None = None,
    close_reason: str | None = None,
    on: date | None = None,
    place: str | None = None,
    country_code: str | None = None,
    now: datetime | None = None,
) -> CasePair:
    """Move one pair to `to`, if the table and the step's preconditions allow it."""
    pair = get_pair(session, pair_id)
    current = State(pair.state)
    target = to if isinstance(to, State) else parse_state(to)
    transition(current, target)
    if target == State.CLOSED and close_reason is None:
        close_reason = CLOSE_REASON_FROM[current]  # the only reason a pair can close from here
    _check_preconditions(session, pair, current, target, close_reason)
    at = at_or_now(now)
    before = {"state": pair.state, "close_reason": pair.close_reason}
    pair.state = target.value
    pair.state_changed_at = at
    pair.close_reason = close_reason if target == State.CLOSED else None
    if target == State.CONFIRMED and pair.separation_confirmed_date is None:
        pair.separation_confirmed_date = on or at.date()
    if target == State.REUNIFIED:
        pair.reunified_date = on or at.date()
        pair.reunified_place = place
        pair.reunified_country = country_code.upper() if country_code else None
    session.flush()
    after: dict[str, Any] = {
        "state": pair.state,
        "close_reason": pair.close_reason,
        "reason": reason,
    }
    if target == State.CONFIRMED:
        after["separation_confirmed_date"] = pair.separation_confirmed_date
    if target == State.REUNIFIED:
        after.update(
            reunified_date=pair.reunified_date,
            reunified_place=place,
            reunified_country=pair.reunified_country,
        )
    audit_service.record(
        session,
        events.StateChanged(entity_id=pair.id, case_id=pair.case_id, before=before, after=after),
        actor,
    )
    return pair


# ---- waivers ---------------------------------------------------------------------------------------


def record_waiver(
    session: Session,
    *,
    actor: str,
    pair_id: int,
    form_language: str | None,
    interpreter_language: str | None = None,
    parent_language: str | None = None,
    parent_can_read: bool | None = None,
    minutes_given: int | None = None,
    signed_date: date | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Waiver:
    """Record a signed waiver as it was signed; whether it is valid is decided when it is used."""
    pair = get_pair(session, pair_id)
    if minutes_given is not None and minutes_given < 0:
        raise UsageError("minutes given cannot be negative")
    row = Waiver(
        pair_id=pair.id,
        signed_date=signed_date,
        form_language=language_code(form_language),
        interpreter_language=language_code(interpreter_language),
        parent_language=language_code(parent_language) or pair.parent_language,
        parent_can_read=parent_can_read,
        minutes_given=minutes_given,
        disputed=False,
        note=note,
        recorded_at=at_or_now(now),
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    problems = waiver_problems(waiver_facts(row), pair.parent_language)
    audit_service.record(
        session,
        events.WaiverRecorded(
            entity_id=row.id, case_id=pair.case_id, after={**snapshot(row), "problems": problems}
        ),
        actor,
    )
    return row


def dispute_waiver(
    session: Session, *, actor: str, waiver_id: int, note: str, now: datetime | None = None
) -> Waiver:
    """Mark a waiver disputed: from now on it clears nothing."""
    row = session.get(Waiver, waiver_id)
    if row is None:
        raise NotFoundError(f"No waiver {waiver_id}")
    if not note.strip():
        raise UsageError("A dispute needs a note saying who disputes it and why")
    before = snapshot(row)
    row.disputed = True
    row.dispute_note = note
    row.disputed_at = at_or_now(now)
    session.flush()
    pair = get_pair(session, row.pair_id)
    audit_service.record(
        session,
        events.WaiverDisputed(
            entity_id=row.id, case_id=pair.case_id, before=before, after=snapshot(row)
        ),
        actor,
    )
    return row


# ---- deadlines --------------------------------------------------------------------------------------

_NO_CLOCK = frozenset({State.RULED_OUT.value, State.CLOSED.value})


def pair_clock(session: Session, pair: CasePair) -> PairClock:
    return clock_of(pair, contacts.first_contact_date(session, pair.id))


def clock_of(pair: Any, first_contact: date | None) -> PairClock:
    """The deadline clock of a pair (a `CasePair`, or a result row with its columns), given the
    day parent and child first spoke."""
    return PairClock(
        case_id=pair.case_id,
        pair_id=pair.id,
        child_birth_date=pair.child_birth_date,
        separation_confirmed_date=pair.separation_confirmed_date,
        reunified_date=pair.reunified_date,
        # Being together counts as contact, so a reunified pair never shows a missed first call.
        first_contact_date=first_contact or pair.reunified_date,
        active=pair.state not in _NO_CLOCK and pair.state != State.CANDIDATE.value,
    )


def deadlines(
    session: Session, *, case_id: int | None = None, order_date: date = ORDER_DATE
) -> list[DeadlineItem]:
    """Every deadline of every confirmed, open pair (of one case, or of all)."""
    query = select(CasePair).order_by(CasePair.id)
    if case_id is not None:
        query = query.where(CasePair.case_id == case_id)
    items: list[DeadlineItem] = []
    for pair in session.execute(query).scalars():
        items.extend(deadline_items(pair_clock(session, pair), order_date=order_date))
    return items


def count_cases(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(FamilyCase)).scalar_one())
