"""Family-case services on a real database: every change lands with its audit event."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from reunite.audit import service as audit_service
from reunite.errors import IllegalTransitionError, NotFoundError, UsageError
from reunite.families import contacts, steps
from reunite.families import service as cases
from reunite.families.safeguards import ParentChildLinkView
from reunite.families.service import PairSpec
from reunite.families.states import State

pytestmark = pytest.mark.db

ACTOR = "caseworker-1"
NOW = datetime(2018, 7, 1, 15, 0, tzinfo=UTC)


def _open(session: Session, **pair: object) -> int:
    spec = PairSpec(
        parent_person_id="P-1",
        child_person_id="C-1",
        state=State.CONFIRMED,
        parent_language="Mam",
        child_birth_date=date(2015, 3, 14),
        **pair,  # type: ignore[arg-type]
    )
    case = cases.open_case(session, actor=ACTOR, pairs=[spec], now=NOW)
    return cases.pairs_of(session, case.id)[0].id


def _walk(session: Session, pair_id: int, *states: State) -> None:
    for state in states:
        cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=state, now=NOW)


def test_open_case_writes_case_and_pair_events(session: Session) -> None:
    pair_id = _open(session)
    pair = cases.get_pair(session, pair_id)
    assert pair.state == "confirmed" and pair.parent_language == "mam"
    assert pair.separation_confirmed_date == date(2018, 7, 1)  # confirmed on opening
    history = audit_service.history(session, pair.case_id)
    assert [h.event_type for h in history] == ["case-opened", "pair-added"]
    assert history[1].after and history[1].after["child_person_id"] == "C-1"
    assert all(h.actor == ACTOR for h in history)


def test_the_full_path_to_reunification(session: Session) -> None:
    pair_id = _open(session)
    _walk(session, pair_id, State.LOCATED, State.VERIFIED, State.CONTACT, State.VETTING)
    steps.record_vetting(session, actor=ACTOR, pair_id=pair_id, status="cleared")
    _walk(session, pair_id, State.CHOSE_REUNIFY)
    pair = cases.transition_pair(
        session, actor=ACTOR, pair_id=pair_id, to="reunified", on=date(2018, 7, 9), place="Phoenix"
    )
    assert pair.reunified_date == date(2018, 7, 9)
    closed = cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=State.CLOSED)
    assert closed.close_reason == "reunified"  # the only reason a reunified pair closes with
    history = audit_service.history(session, pair.case_id)
    states = [h.after["state"] for h in history if h.event_type == "state-changed" and h.after]
    assert states == [
        "located",
        "verified",
        "contact",
        "vetting",
        "chose_reunify",
        "reunified",
        "closed",
    ]
    assert audit_service.verify(session).ok


def test_an_illegal_move_raises_and_records_nothing(session: Session) -> None:
    pair_id = _open(session)
    before = audit_service.count(session)
    with pytest.raises(IllegalTransitionError, match="cannot move from 'confirmed' to 'reunified'"):
        cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=State.REUNIFIED)
    assert audit_service.count(session) == before
    assert cases.get_pair(session, pair_id).state == "confirmed"


def test_unreachable_never_closes_a_case(session: Session) -> None:
    pair_id = _open(session)
    _walk(session, pair_id, State.LOCATED, State.VERIFIED)
    for _ in range(3):
        contacts.record_contact_attempt(
            session,
            actor=ACTOR,
            pair_id=pair_id,
            channel="in-country search",
            outcome="unreachable",
        )
    with pytest.raises(IllegalTransitionError):
        cases.transition_pair(
            session, actor=ACTOR, pair_id=pair_id, to=State.CLOSED, close_reason="unreachable"
        )
    assert cases.get_pair(session, pair_id).state == "verified"


def test_closing_needs_the_matching_reason_and_evidence(session: Session) -> None:
    pair_id = _open(session)
    _walk(session, pair_id, State.LOCATED, State.VERIFIED, State.CONTACT, State.VETTING)
    with pytest.raises(IllegalTransitionError, match="not-eligible-permanent"):
        cases.transition_pair(
            session, actor=ACTOR, pair_id=pair_id, to=State.CLOSED, close_reason="reunified"
        )
    with pytest.raises(IllegalTransitionError, match="vetting review"):
        cases.transition_pair(
            session,
            actor=ACTOR,
            pair_id=pair_id,
            to=State.CLOSED,
            close_reason="not-eligible-permanent",
        )
    with pytest.raises(IllegalTransitionError, match="waiver on file"):
        cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=State.DECLINED)
    steps.record_vetting(session, actor=ACTOR, pair_id=pair_id, status="pending")
    _walk(session, pair_id, State.CHOSE_REUNIFY)
    with pytest.raises(IllegalTransitionError, match="cleared"):
        cases.transition_pair(session, actor=ACTOR, pair_id=pair_id, to=State.REUNIFIED)


def test_a_decline_on_a_spanish_form_without_a_mam_interpreter_cannot_close(
    session: Session,
) -> None:
    pair_id = _open(session)
    _walk(session, pair_id, State.LOCATED, State.VERIFIED, State.CONTACT, State.VETTING)
    waiver = cases.record_waiver(
        session, actor=ACTOR, pair_id=pair_id, form_language="Spanish", minutes_given=3
    )
    assert waiver.parent_language == "mam" and waiver.form_language == "spa"
    _walk(session, pair_id, State.DECLINED)
    with pytest.raises(IllegalTransitionError, match="valid waiver"):
        cases.transition_pair(
            session, actor=ACTOR, pair_id=pair_id, to=State.CLOSED, close_reason="decline-verified"
        )
    recorded = audit_service.entity_history(session, "waiver", waiver.id)[0]
    assert recorded.after and recorded.after["problems"] == ["form-not-in-parent-language"]
    cases.record_waiver(
        session, actor=ACTOR, pair_id=pair_id, form_language="spa", interpreter_language="mam"
    )
    cases.transition_pair(
        session, actor=ACTOR, pair_id=pair_id, to=State.CLOSED, close_reason="decline-verified"
    )


def test_a_disputed_waiver_reopens_nothing_by_itself_but_stops_counting(session: Session) -> None:
    pair_id = _open(session)
    waiver = cases.record_waiver(
        session, actor=ACTOR, pair_id=pair_id, form_language="mam", signed_date=date(2018, 7, 2)
    )
    with pytest.raises(UsageError, match="note"):
        cases.dispute_waiver(session, actor=ACTOR, waiver_id=waiver.id, note=" ")
    cases.dispute_waiver(session, actor="attorney-2", waiver_id=waiver.id, note="signed in minutes")
    assert cases.waivers_of(session, pair_id)[0].disputed
    event = audit_service.entity_history(session, "waiver", waiver.id)[-1]
    assert event.event_type == "waiver-disputed" and event.actor == "attorney-2"
    assert event.before and event.before["disputed"] is False


def test_corrections_ruled_out_and_back(session: Session) -> None:
    pair_id = _open(session)
    _walk(session, pair_id, State.RULED_OUT, State.CANDIDATE, State.CONFIRMED)
    assert cases.get_pair(session, pair_id).state == "confirmed"


def test_location_verification_vetting_are_recorded(session: Session) -> None:
    pair_id = _open(session)
    row = steps.record_location(
        session, actor=ACTOR, pair_id=pair_id, subject="parent", status="removed", country_code="gt"
    )
    assert row.status == "removed" and row.country_code == "GT"
    with pytest.raises(UsageError, match="parent location"):
        steps.record_location(
            session, actor=ACTOR, pair_id=pair_id, subject="parent", status="orr-care"
        )
    pair = steps.record_verification(
        session,
        actor=ACTOR,
        pair_id=pair_id,
        method="DNA",
        verified_date=date(2018, 7, 3),
        dna_sample_destroyed_date=date(2018, 7, 5),
    )
    assert pair.verification_method == "dna"
    with pytest.raises(UsageError, match="destroyed before"):
        steps.record_verification(
            session,
            actor=ACTOR,
            pair_id=pair_id,
            method="dna",
            verified_date=date(2018, 7, 3),
            dna_sample_destroyed_date=date(2018, 7, 1),
        )
    with pytest.raises(UsageError, match="trigger"):
        steps.record_vetting(
            session, actor=ACTOR, pair_id=pair_id, status="not eligible at this time"
        )
    review = steps.record_vetting(
        session,
        actor=ACTOR,
        pair_id=pair_id,
        status="not-eligible-at-this-time",
        flags=["fitness"],
        re_review_trigger="release from criminal custody",
    )
    assert cases.latest_vetting(session, pair_id) is review
    events = [h.event_type for h in audit_service.history(session, pair.case_id)]
    assert events[-3:] == ["location-recorded", "verification-recorded", "vetting-recorded"]


def test_open_case_from_links(session: Session) -> None:
    links = [
        ParentChildLinkView("P-9", "C-9", "confirmed", 0.98),
        ParentChildLinkView("P-9", "C-10", "proposed", 0.71),
    ]
    case = cases.open_case_from_links(session, actor=ACTOR, links=links, link_ids=["L1", "L2"])
    assert [(p.state, p.link_id) for p in cases.pairs_of(session, case.id)] == [
        ("confirmed", "L1"),
        ("candidate", "L2"),
    ]
    with pytest.raises(UsageError, match="rejected"):
        cases.open_case_from_links(
            session, actor=ACTOR, links=[ParentChildLinkView("P-9", "C-11", "rejected")]
        )
    assert [c.id for c in cases.list_cases(session, person_id="C-10")] == [case.id]
    assert [c.id for c in cases.list_cases(session, state=State.CANDIDATE)] == [case.id]


def test_bad_input_is_refused(session: Session) -> None:
    with pytest.raises(UsageError):
        cases.open_case(session, actor=ACTOR, pairs=[])
    with pytest.raises(UsageError, match="two different"):
        cases.open_case(session, actor=ACTOR, pairs=[PairSpec("P", "P")])
    with pytest.raises(IllegalTransitionError, match="starts as"):
        cases.open_case(session, actor=ACTOR, pairs=[PairSpec("P", "C", state=State.REUNIFIED)])
    pair_id = _open(session)
    with pytest.raises(UsageError, match="already holds"):
        cases.add_pair(
            session,
            actor=ACTOR,
            case_id=cases.get_pair(session, pair_id).case_id,
            spec=PairSpec("P-1", "C-1"),
        )
    with pytest.raises(NotFoundError):
        cases.get_case(session, 999)
    with pytest.raises(NotFoundError):
        cases.transition_pair(session, actor=ACTOR, pair_id=999, to="located")


def test_contacts_and_the_ten_day_rule(session: Session) -> None:
    pair_id = _open(session, separation_confirmed_date=date(2018, 6, 1))
    contacts.record_contact_attempt(
        session,
        actor=ACTOR,
        pair_id=pair_id,
        channel="phone",
        outcome="no answer",
        attempted_at=datetime(2018, 6, 28, 10, tzinfo=UTC),
    )
    items = {i.kind: i for i in cases.deadlines(session)}
    assert items["first-contact"].due_date == date(2018, 7, 6)
    assert items["first-contact"].met_date is None
    with pytest.raises(UsageError, match="reached"):
        contacts.record_contact_attempt(
            session,
            actor=ACTOR,
            pair_id=pair_id,
            channel="phone",
            outcome="no-answer",
            parent_child_call=True,
        )
    contacts.record_contact_attempt(
        session,
        actor=ACTOR,
        pair_id=pair_id,
        channel="phone",
        outcome="reached",
        parent_child_call=True,
        attempted_at=datetime(2018, 7, 2, 9, tzinfo=UTC),
    )
    assert contacts.first_contact_date(session, pair_id) == date(2018, 7, 2)
    assert contacts.parent_reached(session, pair_id)
    assert [a.outcome for a in contacts.attempts(session, pair_id)] == ["no-answer", "reached"]
    items = {i.kind: i for i in cases.deadlines(session)}
    assert items["first-contact"].met_date == date(2018, 7, 2)
    assert items["reunification"].due_date == date(2018, 7, 10)  # 3 years old on the order date


def test_stay_of_removal_can_be_lifted_with_a_reason(session: Session) -> None:
    pair_id = _open(session)
    case_id = cases.get_pair(session, pair_id).case_id
    cases.set_stay_of_removal(
        session, actor=ACTOR, case_id=case_id, under_stay=False, reason="order"
    )
    assert not cases.get_case(session, case_id).stay_of_removal
    assert audit_service.history(session, case_id)[-1].event_type == "case-updated"
