"""Jinja2 pages: one environment per app, autoescaped; each page gets the language and the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reunite.web.deps import Principal, localizer
from reunite.web.permissions import Permission

TEMPLATES_DIR = Path(__file__).parent / "templates"

NAV: tuple[tuple[str, str, Permission], ...] = (
    ("/", "Dashboard", Permission.DASHBOARD),
    ("/search", "Search", Permission.SEARCH),
    ("/families", "Families", Permission.CASE_READ),
    ("/review", "Review queue", Permission.REVIEW_VIEW),
    ("/imports", "Imports", Permission.IMPORT),
    ("/admin/users", "Users", Permission.ADMIN_USERS),
)


def make_environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package: compile each once, never stat the files per request.
        auto_reload=False,
    )


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    env: Environment = request.app.state.templates
    loc = localizer(request)
    nav = [
        (href, label)
        for href, label, permission in NAV
        if principal is not None and principal.can(permission)
    ]
    values: dict[str, Any] = {
        "_": loc.gettext,
        "lang": loc.language,
        "fmt_date": loc.date,
        "fmt_num": loc.number,
        "user": principal,
        "csrf_token": principal.csrf_token if principal else "",
        "nav": nav,
        "path": request.scope["path"],
        "Permission": Permission,
    }
    values.update(context or {})
    html = env.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)
