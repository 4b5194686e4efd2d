"""Administration: users (add, disable, reset a password) and API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from reunite.web import auth
from reunite.web.deps import CsrfChecked, DbDep, UserAdmin
from reunite.web.permissions import ROLES
from reunite.web.rendering import render

router = APIRouter(include_in_schema=False)


def _page(request: Request, principal: UserAdmin, db: DbDep, **extra: object) -> Response:
    return render(
        request,
        "admin_users.html",
        {"users": auth.list_users(db), "roles": ROLES, "new_token": None, **extra},
        principal=principal,
    )


@router.get("/admin/users")
def users_page(request: Request, principal: UserAdmin, db: DbDep) -> Response:
    return _page(request, principal, db)


@router.post("/admin/users")
def add_user(
    principal: UserAdmin,
    _csrf: CsrfChecked,
    db: DbDep,
    username: Annotated[str, Form(min_length=1, max_length=100)],
    role: Annotated[str, Form(max_length=20)],
    organization: Annotated[str, Form(min_length=1, max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    auth.add_user(
        db,
        username=username,
        role=role,
        organization=organization,
        password=password,
        actor=principal.actor,
    )
    db.commit()
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/disable")
def disable_user(principal: UserAdmin, _csrf: CsrfChecked, db: DbDep, username: str) -> Response:
    auth.disable_user(db, username=username, actor=principal.actor)
    db.commit()
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/reset")
def reset_password(
    principal: UserAdmin,
    _csrf: CsrfChecked,
    db: DbDep,
    username: str,
    password: Annotated[str, Form(max_length=1000)],
) -> Response:
    auth.reset_password(db, username=username, password=password, actor=principal.actor)
    db.commit()
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{username}/token")
def issue_token(
    request: Request, principal: UserAdmin, _csrf: CsrfChecked, db: DbDep, username: str
) -> Response:
    """A new API token, shown once on the page that answers."""
    _row, secret = auth.issue_token(db, username=username, name="web", actor=principal.actor)
    db.commit()
    return _page(request, principal, db, new_token={"username": username, "secret": secret})
