"""Jinja2 pages: one environment per app, autoescaped; each page gets the language and the user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.ext import Extension
from jinja2.lexer import (
    TOKEN_DOT,
    TOKEN_LPAREN,
    TOKEN_NAME,
    TOKEN_RPAREN,
    TOKEN_STRING,
    Token,
    TokenStream,
)

from reunite.web.deps import Principal, localizer
from reunite.web.i18n import translations
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


class TranslateLiterals(Extension):
    """`_("a literal")` translated once, when a template is compiled, instead of on every render.

    A template calls `_("...")` for every label (a case page ~80 times); each call and the
    escaping of its result cost a few microseconds. With this extension each language gets its
    own environment, and the lexer's tokens `_ ( "literal" )` become the translated string, which
    Jinja then escapes and joins into the template's static text at compile time. `_(a_variable)`
    and a `._(...)` method are left alone and still translated at render time.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.extend(literal_gettext=None)

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        gettext: Callable[[str], str] | None = getattr(self.environment, "literal_gettext", None)
        if gettext is None:
            yield from stream
            return
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if (
                len(window) >= 4
                and window[-1].type == TOKEN_RPAREN
                and window[-2].type == TOKEN_STRING
                and window[-3].type == TOKEN_LPAREN
                and window[-4].type == TOKEN_NAME
                and window[-4].value == "_"
                and (len(window) < 5 or window[-5].type != TOKEN_DOT)
            ):
                translated = Token(window[-4].lineno, TOKEN_STRING, gettext(window[-2].value))
                del window[-4:]
                window.append(translated)
            if len(window) > 5:
                yield window.pop(0)
        yield from window


def make_environment(language: str | None = None) -> Environment:
    """The template environment; with a language, its `_("literal")` calls are translated when
    each template is compiled (`TranslateLiterals`)."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package: compile each once, never stat the files per request.
        auto_reload=False,
        extensions=[TranslateLiterals] if language is not None else [],
    )
    if language is not None:
        environment.literal_gettext = translations(language).gettext  # type: ignore[attr-defined]
    return environment


class Templates:
    """One template environment per language (see `TranslateLiterals`), made when first needed."""

    def __init__(self) -> None:
        self._environments: dict[str, Environment] = {}

    def environment(self, language: str) -> Environment:
        environment = self._environments.get(language)
        if environment is None:
            environment = self._environments.setdefault(language, make_environment(language))
        return environment


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    loc = localizer(request)
    templates: Templates = request.app.state.templates
    env = templates.environment(loc.language)
    nav = [
        (href, label)
        for href, label, permission in NAV
        if principal is not None and principal.can(permission)
    ]
    values: dict[str, Any] = {
        "_": loc.gettext,
        "ngettext": loc.ngettext,
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
