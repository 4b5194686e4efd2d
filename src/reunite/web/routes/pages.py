"""Dashboard, search (with "open a case" from a candidate), person, and the list of families."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from reunite.errors import ReuniteError, UsageError
from reunite.families import service as cases
from reunite.families.removal import record_separation_finding
from reunite.families.service import PairSpec
from reunite.linkage.search import SearchHit, SearchIndex, SearchQuery
from reunite.people.models import SourceRecord
from reunite.web import data
from reunite.web.adapters import SearchCache, resolve_ref
from reunite.web.deps import (
    CaseReader,
    CsrfChecked,
    DashboardUser,
    DbDep,
    LinkDecider,
    LinkProposer,
    PersonReader,
    SearchUser,
)
from reunite.web.permissions import sees_names
from reunite.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard_page(request: Request, principal: DashboardUser, db: DbDep) -> Response:
    figures = data.dashboard(db, principal)
    status = next(s for s in figures["sections"] if s["key"] == "child_status")
    return render(
        request,
        "dashboard.html",
        {
            "d": figures,
            "chart_title": status["title"],
            "bars": data.chart_bars(
                {f["label"]: f["value"] for f in status["figures"] if f["in_total"]}
            ),
            "show_names": sees_names(principal.role),
        },
        principal=principal,
    )


async def search_index(request: Request) -> SearchIndex:
    """The search index without blocking the event loop (the first one is built in a thread)."""
    cache: SearchCache = request.app.state.search
    index = cache.ready()
    return index if index is not None else await run_in_threadpool(cache.index)


def run_search(
    index: SearchIndex,
    *,
    name: str,
    age: int | None,
    birth_date: str | None,
    country: str | None,
    sex: str | None,
    place: str | None,
    limit: int = 10,
) -> list[SearchHit]:
    query = SearchQuery.from_text(
        name=name,
        age=age,
        birth_date=birth_date or None,
        country=country or None,
        sex=sex or None,
        place=place or None,
    )
    return index.search(query, limit)


@router.get("/search")
async def search_page(
    request: Request,
    principal: SearchUser,
    name: str = "",
    age: str = "",
    birth_date: str = "",
    country: str = "",
    sex: str = "",
    place: str = "",
    parent: str = "",
) -> Response:
    hits: list[SearchHit] = []
    error = None
    if name.strip():
        try:
            hits = run_search(
                await search_index(request),
                name=name,
                age=int(age) if age.strip().isdigit() else None,
                birth_date=birth_date,
                country=country,
                sex=sex,
                place=place,
            )
        except ReuniteError as exc:
            error = str(exc)
    form = {
        "name": name,
        "age": age,
        "birth_date": birth_date,
        "country": country,
        "sex": sex,
        "place": place,
        "parent": parent,
    }
    return render(
        request,
        "search.html",
        {"form": form, "hits": hits, "error": error, "searched": bool(name.strip())},
        principal=principal,
    )


@router.post("/search/open-case")
def open_case_from_search(
    request: Request,
    principal: LinkProposer,
    _csrf: CsrfChecked,
    db: DbDep,
    child: Annotated[str, Form(max_length=200)],
    parent: Annotated[str, Form(max_length=200)],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Propose a parent–child link: a new case with one candidate pair, owned by the user's org."""
    if not parent.strip():
        raise UsageError("Name the parent (a person id such as P0000012, or SOURCE:RECORD_ID)")
    parent_record = db.get(SourceRecord, resolve_ref(db, parent))  # both must exist
    child_record = db.get(SourceRecord, resolve_ref(db, child))
    spec = PairSpec(
        parent_person_id=parent.strip(),
        child_person_id=child.strip(),
        # The deadline depends on the child's age: take it (and the parent's language) from the
        # records the caseworker picked; the case page shows both and they can be corrected.
        child_birth_date=child_record.birth_date if child_record else None,
        parent_language=parent_record.language_code if parent_record else None,
    )
    case = cases.open_case(
        db,
        actor=principal.actor,
        pairs=[spec],
        origin="tracing-request",
        note=note or None,
    )
    data.assign_case(
        db, case_id=case.id, organization=principal.organization, actor=principal.actor
    )
    db.commit()
    return RedirectResponse(f"/families/{case.id}", status_code=303)


@router.get("/persons/{ref}")
def person_page(request: Request, principal: PersonReader, db: DbDep, ref: str) -> Response:
    view = data.person_view(db, principal, ref, via="page")
    db.commit()  # the read is audited
    fields = data.RECORD_FIELDS
    return render(request, "person.html", {"p": view, "fields": fields}, principal=principal)


@router.post("/persons/{ref}/separation-finding")
def separation_finding(
    principal: LinkDecider,
    _csrf: CsrfChecked,
    db: DbDep,
    ref: str,
    finding: Annotated[Literal["no-separated-child", "reopened"], Form()],
    reason: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    """A reviewer's finding that a person flagged by their own records has no separated child
    (or its withdrawal), as `reunite safeguard no-child | reopen`: audited."""
    label = data.person_label_for(db, ref)
    record_separation_finding(
        db, person_id=label, finding=finding, reason=reason, actor=principal.actor
    )
    db.commit()
    return RedirectResponse(f"/persons/{quote(label)}?finding=1", status_code=303)


@router.get("/families")
def families_page(request: Request, principal: CaseReader, db: DbDep) -> Response:
    return render(
        request,
        "families.html",
        {"families": data.list_families(db, principal)},
        principal=principal,
    )
