"""The application factory: `create_app(settings)` opens (and migrates) the store and wires routes.

Nothing happens at import time; tests build many apps, each on its own database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reunite import __version__
from reunite.db.engine import session_factory
from reunite.db.store import open_store
from reunite.errors import ReuniteError
from reunite.settings import Settings
from reunite.web import problems
from reunite.web.adapters import SearchCache
from reunite.web.deps import CsrfFailed, Forbidden, LoginRequired, Unauthorized
from reunite.web.rendering import Templates

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """Security headers on every response (pure ASGI: cheaper than an `http` middleware).

    A header the response already sets (a static file's Cache-Control, say) is left alone.
    """

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        headers = {name.lower(): value for name, value in SECURITY_HEADERS.items()}
        if hsts:
            headers["strict-transport-security"] = "max-age=31536000"
        self.headers = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers.items()]
        self.page_headers = [*self.headers, (b"cache-control", b"no-store")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = (
            self.headers if str(scope.get("path", "")).startswith("/static/") else self.page_headers
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(item for item in extra if item[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


@asynccontextmanager
async def _warm_search_index(app: FastAPI) -> AsyncIterator[None]:
    """Build the search index in the background as the server starts, not on the first search."""
    threading.Thread(target=app.state.search.index, name="search-index", daemon=True).start()
    yield


def create_app(
    settings: Settings, *, engine: Engine | None = None, secure_cookies: bool = False
) -> FastAPI:
    """Build the web app over the store in `settings` (or the given, already migrated engine)."""
    app = FastAPI(
        lifespan=_warm_search_index,
        title="Reunite",
        version=__version__,
        description="Find separated parents and children and drive each family to reunification.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine if engine is not None else open_store(settings)
    app.state.sessions = session_factory(app.state.engine)
    app.state.templates = Templates()
    app.state.search = SearchCache(app.state.engine)
    app.state.secure_cookies = secure_cookies

    app.add_middleware(SecurityHeaders, hsts=secure_cookies)

    app.add_exception_handler(LoginRequired, problems.login_required)
    app.add_exception_handler(Unauthorized, problems.unauthorized)
    app.add_exception_handler(Forbidden, problems.forbidden)
    app.add_exception_handler(CsrfFailed, problems.csrf_failed)
    app.add_exception_handler(ReuniteError, problems.reunite_error)
    app.add_exception_handler(StarletteHTTPException, problems.http_error)
    app.add_exception_handler(RequestValidationError, problems.validation_error)

    from reunite.web.routes import admin, api, cases, imports, pages, review, session

    app.include_router(session.router)
    app.include_router(pages.router)
    app.include_router(cases.router)
    app.include_router(review.router)
    app.include_router(imports.router)
    app.include_router(admin.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory` with several workers: settings from REUNITE_* variables."""
    import os

    return create_app(
        Settings(), secure_cookies=os.environ.get("REUNITE_WEB_SECURE_COOKIES") == "1"
    )
