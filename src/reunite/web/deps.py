"""Request dependencies as `Annotated` aliases: the database session, the signed-in principal, CSRF.

`require(permission)` is the one way a route says who may call it. Pages answer anonymous users
with a redirect to /login; the API (bearer tokens only, no cookies) answers with 401.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

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


def get_db(request: Request) -> Iterator[Session]:
    """One session per request; handlers that change something commit once, at the end."""
    with session_factory(engine_of(request))() as session:
        yield session


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _principal(request: Request) -> Principal | None:
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    with transaction(engine_of(request)) as session:
        if is_api(request):
            user = auth.resolve_token(session, _bearer(request))
            csrf = None
        else:
            found = auth.resolve_session(session, request.cookies.get(SESSION_COOKIE))
            user, csrf = (found[0], found[1].csrf_token) if found else (None, None)
        if user is None:
            return None
        principal = Principal(
            user_id=user.id,
            username=user.username,
            role=user.role,
            organization=user.organization,
            language=user.language,
            csrf_token=csrf,
        )
    request.state.principal = principal
    return principal


def optional_principal(request: Request) -> Principal | None:
    return _principal(request)


def require(permission: Permission) -> Callable[[Request], Principal]:
    """A dependency that lets through only signed-in users whose role grants `permission`."""

    def dependency(request: Request) -> Principal:
        principal = _principal(request)
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


DbDep = Annotated[Session, Depends(get_db)]
CsrfChecked = Annotated[None, Depends(check_csrf)]
LocalizerDep = Annotated[Localizer, Depends(localizer)]
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
