"""The JSON API under /api: bearer tokens, the same permissions as the pages, RFC 9457 errors."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from reunite.families.linked import links_for, signals_for
from reunite.families.removal import check_person
from reunite.web import data
from reunite.web.deps import CaseReader, DbDep, PersonReader, SafeguardChecker, SearchUser
from reunite.web.reads import read_audited
from reunite.web.routes.pages import run_search

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid API token", **PROBLEM},
    403: {"description": "The token's role may not do this", **PROBLEM},
    404: {"description": "Not found (or another organization's)", **PROBLEM},
    422: {"description": "The request is not valid", **PROBLEM},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


class SearchHitPublic(BaseModel):
    record_pk: int
    source: str
    record_id: str
    person_id: str | None
    display_name: str
    birth_date: date | None
    country_code: str | None
    score: float
    evidence: list[str]


class SafeguardReason(BaseModel):
    code: str
    detail: str
    child_person_id: str | None = None


class SafeguardPublic(BaseModel):
    person_id: str
    decision: str = Field(description="BLOCKED or CLEAR")
    reasons: list[SafeguardReason]


@router.get("/persons", summary="Persons (ids and record counts)")
def api_persons(
    principal: PersonReader,
    db: DbDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    return data.list_persons(db, offset=offset, limit=limit)


@router.get("/persons/{person_id}", summary="One person's records, links and proceedings (audited)")
def api_person(principal: PersonReader, db: DbDep, person_id: str) -> dict[str, Any]:
    view = data.person_view(db, principal, person_id, via="api")
    db.commit()
    return view


@router.get("/families", summary="The family cases of the caller's organization")
def api_families(
    principal: CaseReader, db: DbDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[dict[str, Any]]:
    return data.list_families(db, principal, limit=limit)


@router.get("/families/{case_id}", summary="One family case with deadlines and safeguard verdicts")
async def api_family(
    request: Request, principal: CaseReader, db: DbDep, case_id: int
) -> dict[str, Any]:
    # The read is audited: read, then write its audit event and commit (`web.reads`).
    return await read_audited(
        request,
        db,
        lambda: data.family_data(db, principal, case_id, date.today()),
        lambda: data.family_viewed(principal, case_id, "api"),
        principal.actor,
    )


@router.get("/search", summary="Ranked candidates for what a parent can tell")
def api_search(
    request: Request,
    principal: SearchUser,
    name: Annotated[str, Query(min_length=1, max_length=200)],
    age: Annotated[int | None, Query(ge=0, le=120)] = None,
    birth_date: Annotated[str | None, Query(max_length=10)] = None,
    country: Annotated[str | None, Query(max_length=60)] = None,
    sex: Annotated[str | None, Query(max_length=1)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[SearchHitPublic]:
    hits = run_search(
        request.app.state.search.index(),
        name=name,
        age=age,
        birth_date=birth_date,
        country=country,
        sex=sex,
        place=place,
        limit=limit,
    )
    return [SearchHitPublic(**hit.as_dict()) for hit in hits]  # type: ignore[arg-type]


@router.get(
    "/safeguard/check", summary="May this person be removed? BLOCKED or CLEAR, with reasons"
)
def api_safeguard(
    principal: SafeguardChecker,
    db: DbDep,
    person_id: Annotated[str, Query(min_length=1, max_length=64)],
) -> SafeguardPublic:
    decision = check_person(
        db, person_id=person_id.strip(), links_for=links_for(db), signals_for=signals_for(db)
    )
    return SafeguardPublic(
        person_id=person_id.strip(),
        decision=decision.decision,
        reasons=[SafeguardReason(**r.to_json()) for r in decision.reasons],  # type: ignore[arg-type]
    )
