"""Errors: RFC 9457 problem details (application/problem+json) for the API, pages for browsers."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from reunite.errors import (
    IllegalTransitionError,
    InputFileError,
    MappingError,
    NotFoundError,
    ReuniteError,
    UsageError,
)
from reunite.web.deps import Forbidden, is_api

PROBLEM_TYPE = "https://reunite.example/problems/"
TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
}


def problem(
    status: int, detail: str, *, slug: str | None = None, extra: dict[str, Any] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + (slug or str(status)),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    body.update(extra or {})
    headers = {"WWW-Authenticate": 'Bearer realm="reunite"'} if status == 401 else None
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def _page(request: Request, status: int, detail: str) -> Response:
    from reunite.web.rendering import render

    principal = getattr(request.state, "principal", None)
    return render(
        request,
        "error.html",
        {"status": status, "title": TITLES.get(status, "Error"), "detail": detail},
        principal=principal,
        status_code=status,
    )


def _respond(request: Request, status: int, detail: str, slug: str | None = None) -> Response:
    if is_api(request):
        return problem(status, detail, slug=slug)
    return _page(request, status, detail)


async def login_required(request: Request, _exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def unauthorized(request: Request, _exc: Exception) -> Response:
    return problem(
        401, "Send a valid API token: Authorization: Bearer <token>.", slug="unauthorized"
    )


async def forbidden(request: Request, exc: Exception) -> Response:
    detail = exc.detail if isinstance(exc, Forbidden) else "Forbidden"
    return _respond(request, 403, detail, "forbidden")


async def csrf_failed(request: Request, _exc: Exception) -> Response:
    return _respond(
        request, 403, "The form expired or did not come from this site; reload it.", "csrf"
    )


def status_for(exc: ReuniteError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, IllegalTransitionError):
        return 409
    if isinstance(exc, UsageError | InputFileError | MappingError):
        return 422
    return 400


async def reunite_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReuniteError)
    return _respond(request, status_for(exc), str(exc), type(exc).__name__)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
    return _respond(request, exc.status_code, detail)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    if is_api(request):
        return problem(
            422, "The request is not valid.", slug="validation", extra={"errors": errors}
        )
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return _page(request, 422, detail)
