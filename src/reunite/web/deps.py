"""Request dependencies as `Annotated` aliases: the database session, the signed-in principal, CSRF.

`require(permission)` is the one way a route says who may call it. Pages answer anonymous users
with a redirect to /login; the API (bearer tokens only, no cookies) answers with 401.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from reunite.db.engine import session_factory, transaction
from reunite.settings import Settings
from reunite.web import auth
from reunite.web.i18n import Localizer, negotiate
from reunite.web.permissions import Permission, allows, sees_every_organization

SESSION_COOKIE = "reunite_session"
LOGIN_CSRF_COOKIE = "reunite_login_csrf"
LANGUAGE_COOKIE = "reunite_lang"


class LoginRequired(Exception):
    """An anonymous request to a page: answered with a redirect to the login page."""


class Unauthorized(Exception):
    """An anonymous or badly authenticated API request: answered with 401."""


class Forbidden(Exception):
    """A signed-in user without the permission (or outside the case's organization): 403."""

    def __init__(self, detail: str = "You do not have permission to do this.") -> None:
        super().__init__(detail)
        self.detail = detail


class CsrfFailed(Exception):
    """A form without the session's CSRF token."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: enough to decide permissions and organization scope, and to audit."""

    user_id: int
    username: str
    role: str
    organization: str
    language: str | None
    csrf_token: str | None  # None for API token requests

    @property
    def actor(self) -> str:
        return f"web:{self.username}"

    def can(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    @property
    def all_organizations(self) -> bool:
        return sees_every_organization(self.role)


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_db(request: Request) -> AsyncIterator[Session]:
    """One session per request; handlers that change something commit once, at the end.

    Opening a session takes no connection (the first query does), so this runs on the event loop;
    a plain `def` route then uses the session in the thread pool, an `async def` route on the loop.
    """
    factory: sessionmaker[Session] = request.app.state.sessions
    session = factory()
    try:
        yield session
    finally:
        session.close()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _end_session(engine: Engine, token: str) -> None:
    with transaction(engine) as session:
        auth.end_session(session, token)


def _touch_session(engine: Engine, token: str) -> None:
    with transaction(engine) as session:
        auth.touch_session(session, token)


def _api_user(engine: Engine, secret: str | None) -> Principal | None:
    with session_factory(engine)() as session:
        user = auth.resolve_token(session, secret)
        if user is None:
            return None
        return Principal(
            user_id=user.id,
            username=user.username,
            role=user.role,
            organization=user.organization,
            language=user.language,
            csrf_token=None,
        )


async def _principal(request: Request) -> Principal | None:
    """Who is calling: checked against the database on every request (one indexed read on the
    event loop; the rare writes, ending an expired session or refreshing the idle clock once a
    minute, go to the thread pool because they may wait for the database's write lock)."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    engine = engine_of(request)
    if is_api(request):
        principal = _api_user(engine, _bearer(request))
    else:
        token = request.cookies.get(SESSION_COOKIE)
        with engine.connect() as connection:
            found = auth.lookup_session(connection, token)
        if found is None or token is None:
            return None
        at = auth.now_utc()
        if found.expired(at):
            await run_in_threadpool(_end_session, engine, token)
            return None
        if found.needs_touch(at):
            await run_in_threadpool(_touch_session, engine, token)
        principal = Principal(
            user_id=found.user_id,
            username=found.username,
            role=found.role,
            organization=found.organization,
            language=found.language,
            csrf_token=found.csrf_token,
        )
    if principal is not None:
        request.state.principal = principal
    return principal


async def optional_principal(request: Request) -> Principal | None:
    return await _principal(request)


def require(permission: Permission) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency that lets through only signed-in users whose role grants `permission`."""

    async def dependency(request: Request) -> Principal:
        principal = await _principal(request)
        if principal is None:
            raise Unauthorized() if is_api(request) else LoginRequired()
        if not principal.can(permission):
            raise Forbidden()
        return principal

    dependency.permission = permission  # type: ignore[attr-defined]
    dependency.__name__ = f"require_{permission.value.replace(':', '_')}"
    return dependency


async def check_csrf(request: Request) -> None:
    """Every state-changing form carries the session's CSRF token (run after `require`)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    form = await request.form()
    sent = form.get("csrf_token")
    if principal is None or not auth.tokens_equal(
        sent if isinstance(sent, str) else None, principal.csrf_token
    ):
        raise CsrfFailed()


def localizer(request: Request) -> Localizer:
    principal: Principal | None = getattr(request.state, "principal", None)
    preference = principal.language if principal else request.cookies.get(LANGUAGE_COOKIE)
    return Localizer(negotiate(preference, request.headers.get("accept-language")))


async def localizer_dependency(request: Request) -> Localizer:
    return localizer(request)


DbDep = Annotated[Session, Depends(get_db)]
CsrfChecked = Annotated[None, Depends(check_csrf)]
LocalizerDep = Annotated[Localizer, Depends(localizer_dependency)]
MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


P = Permission
# One alias per permission: a route's signature names the permission it needs.
AccountUser = Annotated[Principal, Depends(require(P.ACCOUNT))]
DashboardUser = Annotated[Principal, Depends(require(P.DASHBOARD))]
ReportsUser = Annotated[Principal, Depends(require(P.REPORTS))]
SearchUser = Annotated[Principal, Depends(require(P.SEARCH))]
PersonReader = Annotated[Principal, Depends(require(P.PERSON_READ))]
CaseReader = Annotated[Principal, Depends(require(P.CASE_READ))]
CaseWriter = Annotated[Principal, Depends(require(P.CASE_WRITE))]
ContactRecorder = Annotated[Principal, Depends(require(P.CONTACT_RECORD))]
LinkProposer = Annotated[Principal, Depends(require(P.LINK_PROPOSE))]
LinkDecider = Annotated[Principal, Depends(require(P.LINK_DECIDE))]
ReviewViewer = Annotated[Principal, Depends(require(P.REVIEW_VIEW))]
ProceedingAdder = Annotated[Principal, Depends(require(P.PROCEEDING_ADD))]
SafeguardChecker = Annotated[Principal, Depends(require(P.SAFEGUARD_CHECK))]
Importer = Annotated[Principal, Depends(require(P.IMPORT))]
UserAdmin = Annotated[Principal, Depends(require(P.ADMIN_USERS))]
