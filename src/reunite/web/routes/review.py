"""The review queue: uncertain links and same-person pairs side by side; confirm or reject, with a reason."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from reunite.linkage.decisions import record_decision, resolve_person_record, resolve_record
from reunite.linkage.review import review_queue
from reunite.people.models import SourceRecord
from reunite.web.data import RECORD_FIELDS
from reunite.web.deps import CsrfChecked, DbDep, LinkDecider, ReviewViewer, engine_of, settings_of
from reunite.web.rendering import render

router = APIRouter(include_in_schema=False)


def _record_fields(session: Session, ref: str, kind: str) -> dict[str, object]:
    resolve = resolve_person_record if kind == "parent-child" else resolve_record
    try:
        record = session.get(SourceRecord, resolve(session, ref))
    except Exception:  # a stale queue item: show it without its fields
        return {}
    if record is None:
        return {}
    return {name: getattr(record, name) for name in RECORD_FIELDS}


@router.get("/review")
def review_page(request: Request, principal: ReviewViewer, db: DbDep, limit: int = 20) -> Response:
    settings = settings_of(request)
    items = review_queue(engine_of(request), home=settings.home, limit=min(max(limit, 1), 200))
    for item in items:
        item["a_fields"] = _record_fields(db, item["a"], item["kind"])
        item["b_fields"] = _record_fields(db, item["b"], item["kind"])
    return render(
        request, "review.html", {"items": items, "fields": RECORD_FIELDS}, principal=principal
    )


@router.post("/review/decide")
def decide(
    principal: LinkDecider,
    _csrf: CsrfChecked,
    db: DbDep,
    kind: Annotated[Literal["same-person", "parent-child"], Form()],
    a: Annotated[str, Form(max_length=200)],
    b: Annotated[str, Form(max_length=200)],
    verdict: Annotated[Literal["confirmed", "rejected"], Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    resolve = resolve_person_record if kind == "parent-child" else resolve_record
    record_decision(
        db,
        kind=kind,
        verdict=verdict,
        record_a_id=resolve(db, a),
        record_b_id=resolve(db, b),
        actor=principal.actor,
        reason=reason,
    )
    db.commit()
    return RedirectResponse("/review?decided=1", status_code=303)
