"""Signing in and out, and the language preference."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from reunite.db.engine import transaction
from reunite.web import auth
from reunite.web.deps import (
    LANGUAGE_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    AccountUser,
    CsrfChecked,
    DbDep,
    MaybePrincipal,
    client_address,
    engine_of,
)
from reunite.web.i18n import LANGUAGES
from reunite.web.models import WebUser
from reunite.web.rendering import render

router = APIRouter(include_in_schema=False)

PUBLIC_PATHS = frozenset({"/login", "/logout"})


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect to another host after sign-in."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _login_page(
    request: Request, *, error: str | None = None, status: int = 200, next_url: str = "/"
) -> Response:
    token = auth.new_token()
    response = render(
        request,
        "login.html",
        {"error": error, "login_csrf": token, "next_url": next_url},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.app.state.secure_cookies,
        max_age=3600,
    )
    return response


@router.get("/login")
def login_form(
    request: Request, principal: MaybePrincipal, next: str | None = None, lang: str | None = None
) -> Response:
    if principal is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    if lang in LANGUAGES:
        # Before sign-in the only preference is a cookie; reload so this page speaks it.
        response: Response = RedirectResponse(
            f"/login?next={_safe_next(next)}" if next else "/login", status_code=303
        )
        response.set_cookie(
            LANGUAGE_COOKIE,
            lang,
            samesite="lax",
            httponly=True,
            secure=request.app.state.secure_cookies,
        )
        return response
    return _login_page(request, next_url=_safe_next(next))


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not auth.tokens_equal(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        return _login_page(request, error="The form expired; please try again.", status=403)
    client = client_address(request)
    with transaction(engine_of(request)) as session:
        if auth.login_blocked(session, username=username, client=client):
            return _login_page(
                request,
                error="Too many failed sign-ins. Wait 15 minutes and try again.",
                status=429,
            )
        user = auth.authenticate(session, username=username, password=password, client=client)
        ticket = auth.start_session(session, user=user) if user else None
    if ticket is None:
        return _login_page(
            request, error="Wrong username or password.", status=401, next_url=_safe_next(next)
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        ticket.token,
        httponly=True,
        samesite="lax",
        secure=request.app.state.secure_cookies,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, principal: AccountUser, _csrf: CsrfChecked) -> Response:
    with transaction(engine_of(request)) as session:
        auth.end_session(session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/preferences/language")
def set_language(
    request: Request,
    principal: AccountUser,
    _csrf: CsrfChecked,
    db: DbDep,
    language: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    chosen = language if language in LANGUAGES else None
    user = db.get(WebUser, principal.user_id)
    if user is not None:
        user.language = chosen
        db.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    if chosen:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            samesite="lax",
            httponly=True,
            secure=request.app.state.secure_cookies,
        )
    return response
