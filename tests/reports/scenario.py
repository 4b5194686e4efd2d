"""A small synthetic caseload built day by day in 2018, with the audit log's clock under test control.

Every audit event is written at `clock.at`, so a report "as of 2018-07-05" sees exactly the changes
made up to that day. Ids are synthetic ("P-A" is a parent, "C-A1" a child); no real person appears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.families import contacts, steps
from reunite.families import service as cases
from reunite.families.service import PairSpec
from reunite.families.states import State
from reunite.proceedings import service as proceedings

ACTOR = "caseworker-1"


@dataclass
class Clock:
    at: datetime

    def day(self, value: date) -> datetime:
        self.at = datetime(value.year, value.month, value.day, 12, 0, tzinfo=UTC)
        return self.at


def install_clock(monkeypatch: pytest.MonkeyPatch, start: date) -> Clock:
    """Make every audit event land at the clock's time (services call `audit_service.record`)."""
    clock = Clock(datetime(start.year, start.month, start.day, 12, tzinfo=UTC))
    original: Callable[..., Any] = audit_service.record

    def record(session: Session, event: Any, actor: str, *, at: datetime | None = None) -> Any:
        return original(session, event, actor, at=at or clock.at)

    monkeypatch.setattr(audit_service, "record", record)
    return clock


def _spec(parent: str, child: str, **kw: Any) -> PairSpec:
    return PairSpec(parent_person_id=parent, child_person_id=child, **kw)


@dataclass
class Pairs:
    a1: int = 0
    a2: int = 0
    b1: int = 0
    c1: int = 0
    d1: int = 0
    d2: int = 0
    e1: int = 0


def _walk(session: Session, clock: Clock, pair_id: int, *states: State) -> None:
    for state in states:
        cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=state, now=clock.at)


def _where(session: Session, clock: Clock, pair_id: int, subject: str, status: str,
           place: str | None, country: str | None, as_of: date | None = None) -> None:  # fmt: skip
    steps.record_location(
        session, actor=ACTOR, pair_id=pair_id, subject=subject, status=status, place=place,
        country_code=country, as_of_date=as_of or clock.at.date(), now=clock.at,
    )  # fmt: skip


def build_until_july_5(session: Session, clock: Clock) -> Pairs:
    """Days 2018-06-27 .. 2018-07-03. See test_status for the figures this must give."""
    ids = Pairs()
    now = clock.day(date(2018, 6, 27))
    case_a = cases.open_case(
        session, actor=ACTOR, now=now,
        pairs=[
            _spec("P-A", "C-A1", state=State.CONFIRMED, parent_language="Mam",
                  parent_country_code="GT", child_country_code="gt",
                  child_birth_date=date(2015, 3, 14), separation_date=date(2018, 5, 20),
                  separation_place="El Paso", separation_reason="Prosecution"),
            _spec("P-A", "C-A2", state=State.CONFIRMED, parent_language="Mam",
                  child_birth_date=date(2009, 5, 1), separation_date=date(2018, 5, 20)),
        ],
    )  # fmt: skip
    ids.a1, ids.a2 = (p.id for p in cases.pairs_of(session, case_a.id))
    case_b = cases.open_case(
        session, actor=ACTOR, now=now,
        pairs=[_spec("P-B", "C-B1", separation_date=date(2018, 6, 1))],
    )  # fmt: skip
    ids.b1 = cases.pairs_of(session, case_b.id)[0].id
    case_c = cases.open_case(
        session, actor=ACTOR, now=now,
        pairs=[_spec("P-C", "C-C1", state=State.CONFIRMED, separation_date=date(2018, 5, 25))],
    )  # fmt: skip
    ids.c1 = cases.pairs_of(session, case_c.id)[0].id
    case_d = cases.open_case(
        session, actor=ACTOR, now=now,
        pairs=[
            _spec("P-D1", "C-D", state=State.CONFIRMED, parent_language="spa",
                  child_birth_date=date(2012, 1, 1), separation_date=date(2018, 5, 30)),
            _spec("P-D2", "C-D", state=State.CONFIRMED, parent_language="mam",
                  child_birth_date=date(2012, 1, 1), separation_date=date(2018, 5, 30)),
        ],
    )  # fmt: skip
    ids.d1, ids.d2 = (p.id for p in cases.pairs_of(session, case_d.id))
    _where(session, clock, ids.a1, "parent", "ice-custody", "Port Isabel", "US")
    _where(session, clock, ids.a1, "child", "orr-care", "Casa Padre", "US")
    _where(session, clock, ids.a2, "child", "orr-care", "Casa Padre", "US")
    _where(session, clock, ids.d1, "parent", "removed", "Huehuetenango", "GT")
    _where(session, clock, ids.d2, "parent", "criminal-custody", "Otero", "US")
    _where(session, clock, ids.d1, "child", "orr-care", "Cayuga", "US")

    clock.day(date(2018, 6, 29))
    _walk(session, clock, ids.c1, State.RULED_OUT)
    _walk(session, clock, ids.a1, State.LOCATED, State.VERIFIED, State.CONTACT)
    contacts.record_contact_attempt(
        session, actor=ACTOR, pair_id=ids.a1, channel="phone", outcome="reached",
        parent_child_call=True, attempted_at=clock.at, now=clock.at,
    )  # fmt: skip
    contacts.record_contact_attempt(
        session, actor=ACTOR, pair_id=ids.d1, channel="ngo-partner", outcome="unreachable",
        attempted_at=clock.at, now=clock.at,
    )  # fmt: skip

    clock.day(date(2018, 7, 3))
    _walk(session, clock, ids.a1, State.VETTING)
    steps.record_vetting(session, actor=ACTOR, pair_id=ids.a1, status="cleared", now=clock.at)
    _walk(session, clock, ids.a1, State.CHOSE_REUNIFY)
    cases.transition_pair(
        session, actor=ACTOR, pair_id=ids.a1, to=State.REUNIFIED, on=date(2018, 7, 3),
        place="Port Isabel", country_code="US", now=clock.at,
    )  # fmt: skip
    session.flush()
    return ids


def build_after_july_5(session: Session, clock: Clock, ids: Pairs) -> None:
    """Days 2018-07-08 .. 2018-07-10: later changes, one of them back-dated to before July 5."""
    clock.day(date(2018, 7, 8))
    _where(session, clock, ids.a2, "child", "with-sponsor", "Houston", "US", date(2018, 7, 1))
    _walk(session, clock, ids.a2, State.LOCATED)
    contacts.record_contact_attempt(
        session, actor=ACTOR, pair_id=ids.d1, channel="phone", outcome="reached",
        attempted_at=clock.at, now=clock.at,
    )  # fmt: skip
    case_e = cases.open_case(
        session, actor=ACTOR, now=clock.at,
        pairs=[_spec("P-E", "C-E", state=State.CONFIRMED, child_birth_date=date(2016, 2, 2),
                     separation_date=date(2018, 7, 6), separation_reason="Medical")],
    )  # fmt: skip
    ids.e1 = cases.pairs_of(session, case_e.id)[0].id

    clock.day(date(2018, 7, 10))
    _walk(session, clock, ids.d2, State.LOCATED, State.VERIFIED, State.CONTACT, State.VETTING)
    cases.record_waiver(
        session, actor=ACTOR, pair_id=ids.d2, form_language="spa", parent_language="mam",
        parent_can_read=False, now=clock.at,
    )  # fmt: skip
    _walk(session, clock, ids.d2, State.DECLINED)
    proceedings.record_proceeding(
        session, actor=ACTOR, person_id="P-D2", kind="credible-fear-interview",
        reinterview_settlement=True, now=clock.at,
    )  # fmt: skip
    session.flush()
