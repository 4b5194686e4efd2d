"""The family case page and its actions: move a pair, record where they are, how parentage was
verified, vetting, a contact, a waiver (and a dispute of it), confirm the link, proceedings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, get_args

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from reunite.errors import NotFoundError, UsageError
from reunite.families import contacts, steps
from reunite.families import service as cases
from reunite.families.contacts import CHANNELS, OUTCOMES
from reunite.families.service import (
    ChildLocation,
    ParentLocation,
    VerificationMethod,
    VettingFlag,
    VettingStatus,
)
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
from reunite.web.reads import read_audited
from reunite.web.rendering import render

router = APIRouter(include_in_schema=False)


def _back(case_id: int, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/families/{case_id}{anchor}", status_code=303)


def _date(value: str, what: str) -> date | None:
    """An optional date from a form field (YYYY-MM-DD, as <input type=date> sends it)."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"The {what} must look like 2018-07-10") from None


@router.get("/families/{case_id}")
async def family_page(request: Request, principal: CaseReader, db: DbDep, case_id: int) -> Response:
    # The read is audited: read, then write its audit event and commit (`web.reads`).
    view = await read_audited(
        request,
        db,
        lambda: data.family_data(db, principal, case_id, date.today()),
        lambda: data.family_viewed(principal, case_id, "page"),
        principal.actor,
    )
    return render(
        request,
        "family.html",
        {
            "c": view,
            "channels": CHANNELS,
            "outcomes": OUTCOMES,
            "proceeding_kinds": PROCEEDING_KINDS,
            "parent_locations": get_args(ParentLocation),
            "child_locations": get_args(ChildLocation),
            "verification_methods": get_args(VerificationMethod),
            "vetting_statuses": get_args(VettingStatus),
            "vetting_flags": get_args(VettingFlag),
        },
        principal=principal,
    )


@router.post("/families/{case_id}/pairs/{pair_id}/location")
def record_location(
    principal: CaseWriter,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    subject: Annotated[str, Form(max_length=10)],
    status: Annotated[str, Form(max_length=30)],
    place: Annotated[str, Form(max_length=500)] = "",
    country: Annotated[str, Form(max_length=2)] = "",
    as_of: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Where the parent or the child is now (a new record for every move)."""
    data.visible_pair(db, principal, case_id, pair_id)
    steps.record_location(
        db, actor=principal.actor, pair_id=pair_id, subject=subject, status=status,
        place=place.strip() or None, country_code=country.strip() or None,
        as_of_date=_date(as_of, "date"), note=note.strip() or None,
    )  # fmt: skip
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


@router.post("/families/{case_id}/pairs/{pair_id}/verification")
def record_verification(
    principal: CaseWriter,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    method: Annotated[str, Form(max_length=20)],
    verified_on: Annotated[str, Form(max_length=10)],
    dna_destroyed_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """How parentage was established; for DNA, when the sample was destroyed."""
    data.visible_pair(db, principal, case_id, pair_id)
    verified = _date(verified_on, "verification date")
    if verified is None:
        raise UsageError("Give the date parentage was verified")
    steps.record_verification(
        db, actor=principal.actor, pair_id=pair_id, method=method, verified_date=verified,
        dna_sample_destroyed_date=_date(dna_destroyed_on, "date the DNA sample was destroyed"),
    )  # fmt: skip
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


@router.post("/families/{case_id}/pairs/{pair_id}/vetting")
def record_vetting(
    principal: CaseWriter,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    status: Annotated[str, Form(max_length=30)],
    flags: Annotated[list[str] | None, Form()] = None,
    re_review_trigger: Annotated[str, Form(max_length=2000)] = "",
    decided_on: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """A vetting decision; "not eligible at this time" names what triggers a re-review."""
    data.visible_pair(db, principal, case_id, pair_id)
    steps.record_vetting(
        db, actor=principal.actor, pair_id=pair_id, status=status, flags=flags or [],
        re_review_trigger=re_review_trigger.strip() or None,
        decided_date=_date(decided_on, "decision date"), note=note.strip() or None,
    )  # fmt: skip
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


@router.post("/families/{case_id}/pairs/{pair_id}/waiver")
def record_waiver(
    principal: CaseWriter,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    form_language: Annotated[str, Form(max_length=40)],
    interpreter_language: Annotated[str, Form(max_length=40)] = "",
    parent_language: Annotated[str, Form(max_length=40)] = "",
    parent_can_read: Annotated[str, Form(max_length=10)] = "",
    minutes_given: Annotated[str, Form(max_length=6)] = "",
    signed_on: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """A waiver of reunification as it was signed; whether it is valid is decided when it is used."""
    data.visible_pair(db, principal, case_id, pair_id)
    minutes = minutes_given.strip()
    if minutes and not minutes.isdigit():
        raise UsageError("Minutes given must be a whole number")
    can_read = {"yes": True, "no": False}.get(parent_can_read.strip().lower())
    cases.record_waiver(
        db, actor=principal.actor, pair_id=pair_id, form_language=form_language,
        interpreter_language=interpreter_language.strip() or None,
        parent_language=parent_language.strip() or None, parent_can_read=can_read,
        minutes_given=int(minutes) if minutes else None,
        signed_date=_date(signed_on, "signing date"), note=note.strip() or None,
    )  # fmt: skip
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


@router.post("/families/{case_id}/pairs/{pair_id}/waivers/{waiver_id}/dispute")
def dispute_waiver(
    principal: CaseWriter,
    _csrf: CsrfChecked,
    db: DbDep,
    case_id: int,
    pair_id: int,
    waiver_id: int,
    note: Annotated[str, Form(max_length=2000)],
) -> Response:
    """Mark a waiver disputed (who disputes it and why): from then on it clears nothing."""
    data.visible_pair(db, principal, case_id, pair_id)
    if waiver_id not in {w.id for w in cases.waivers_of(db, pair_id)}:
        raise NotFoundError(f"No waiver {waiver_id} on pair {pair_id}")
    cases.dispute_waiver(db, actor=principal.actor, waiver_id=waiver_id, note=note)
    db.commit()
    return _back(case_id, f"#pair-{pair_id}")


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
    held = _date(held_date, "date")
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
