"""The family case page and its actions: move a pair, record a contact, confirm the link, proceedings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from reunite.errors import UsageError
from reunite.families import contacts
from reunite.families import service as cases
from reunite.families.contacts import CHANNELS, OUTCOMES
from reunite.linkage.decisions import record_decision
from reunite.proceedings.service import KINDS as PROCEEDING_KINDS
from reunite.proceedings.service import record_proceeding
from reunite.web import data
from reunite.web.adapters import resolve_ref
from reunite.web.deps import (
    CaseReader,
    CaseWriter,
    ContactRecorder,
    CsrfChecked,
    DbDep,
    LinkDecider,
    ProceedingAdder,
    UserAdmin,
)
from reunite.web.rendering import render

router = APIRouter(include_in_schema=False)


def _back(case_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/families/{case_id}{anchor}", status_code=303)


@router.get("/families/{case_id}")
async def family_page(request: Request, principal: CaseReader, db: DbDep, case_id: int) -> Response:
    view = data.family_view(db, principal, case_id, date.today())
    return render(
        request,
        "family.html",
        {
            "c": view,
            "channels": CHANNELS,
            "outcomes": OUTCOMES,
            "proceeding_kinds": PROCEEDING_KINDS,
        },
        principal=principal,
    )


@router.post("/families/{case_id}/pairs/{pair_id}/transition")
def transition(
    principal: CaseWriter,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    to: Annotated[str, Form(max_length=30)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    data.visible_pair(db, principal, case_id, pair_id)
    cases.transition_pair(db, actor=principal.actor, pair_id=pair_id, to=to, reason=reason or None)
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


@router.post("/families/{case_id}/pairs/{pair_id}/contact")
def record_contact(
    principal: ContactRecorder,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    channel: Annotated[str, Form(max_length=30)],
    outcome: Annotated[str, Form(max_length=30)],
    parent_child_call: Annotated[bool, Form()] = False,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    data.visible_pair(db, principal, case_id, pair_id)
    contacts.record_contact_attempt(
        db,
        actor=principal.actor,
        pair_id=pair_id,
        channel=channel,
        outcome=outcome,
        parent_child_call=parent_child_call,
        note=note or None,
    )
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


@router.post("/families/{case_id}/pairs/{pair_id}/confirm-link")
def confirm_link(
    principal: LinkDecider,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    reason: Annotated[str, Form(max_length=2000)],
) -> Response:
    """A supervisor confirms the parent–child link: a decision linkage will honour, and the pair
    moves from candidate to confirmed (which starts the court's clocks)."""
    pair = data.visible_pair(db, principal, case_id, pair_id)
    if not reason.strip():
        raise UsageError("Say why the link is confirmed (documents, interview, ...)")
    record_decision(
        db,
        kind="parent-child",
        verdict="confirmed",
        record_a_id=resolve_ref(db, pair.parent_person_id),
        record_b_id=resolve_ref(db, pair.child_person_id),
        actor=principal.actor,
        reason=reason,
    )
    if pair.state == "candidate":
        cases.transition_pair(
            db, actor=principal.actor, pair_id=pair_id, to="confirmed", reason=reason
        )
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


@router.post("/families/{case_id}/proceedings")
def add_proceeding(
    principal: ProceedingAdder,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    person_id: Annotated[str, Form(max_length=64)],
    kind: Annotated[str, Form(max_length=40)],
    held_date: Annotated[str, Form(max_length=10)] = "",
    venue: Annotated[str, Form(max_length=500)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    data.visible_case(db, principal, case_id)
    try:
        held = date.fromisoformat(held_date) if held_date.strip() else None
    except ValueError:
        raise UsageError("The date must look like 2018-07-10") from None
    record_proceeding(
        db,
        actor=principal.actor,
        person_id=person_id.strip(),
        kind=kind,
        held_date=held,
        case_id=case_id,
        venue=venue or None,
        note=note or None,
        now=datetime.now(UTC),
    )
    db.commit()
    return _back(case_id, "#proceedings")


@router.post("/families/{case_id}/organization")
def assign_organization(
    principal: UserAdmin,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    organization: Annotated[str, Form(min_length=1, max_length=100)],
) -> Response:
    """Hand a case (for instance one opened from the CLI) to an organization."""
    cases.get_case(db, case_id)
    data.assign_case(db, case_id=case_id, organization=organization.strip(), actor=principal.actor)
    db.commit()
    return _back(case_id)
